/* pxed ks new: build generator settings from flags (or by asking, with
 * --interactive), hash passwords with random salts, write the kickstart and
 * check it with the validator before handing it out. */
#include <errno.h>
#include <fcntl.h>
#include <getopt.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/random.h>
#include <termios.h>
#include <unistd.h>

#include "cli/ks_cli.h"
#include "kickstart/ks_check.h"
#include "kickstart/ks_crypt.h"
#include "kickstart/ks_gen.h"
#include "kickstart/ks_parse.h"

struct nopts {
	struct ks_settings s;
	enum ks_hash hash;
	const char *out;
	bool interactive;
	bool autopart_explicit;
	bool layout_given;
	const char *rootpw;        /* clear, hashed at the end */
	const char *blpw;
	char *blpw_owned;          /* typed in interactive mode */
	struct ks_gen_script *last_script;
};

static void new_usage(FILE *out)
{
	fputs(
	"usage: pxed ks new [--version V] [options] [-o FILE]\n"
	"Writes a kickstart file for version V (default: the newest) and checks it.\n"
	"Passwords are hashed (SHA-512 crypt by default), never written in clear.\n"
	"\n"
	"General:\n"
	"  -v, --version V            RHEL6, RHEL7, RHEL8, RHEL9, F40\n"
	"  -o, --output FILE          write FILE (mode 0600) instead of standard output\n"
	"  -I, --interactive          ask section by section (answers on standard input)\n"
	"      --from FILE            start from an existing kickstart's settings\n"
	"      --hash sha512|yescrypt how to hash the root password\n"
	"Basic configuration:\n"
	"      --lang L  --keyboard K  --timezone TZ  --utc / --no-utc\n"
	"      --rootpw PASSWORD      hashed with a random salt\n"
	"      --rootpw-hash HASH     an existing crypt(3) hash\n"
	"      --lock-root            lock the root account (RHEL7+)\n"
	"      --reboot | --poweroff | --halt | --shutdown | --no-reboot\n"
	"      --text | --graphical | --cmdline\n"
	"Installation method:\n"
	"      --cdrom | --url URL [--proxy URL] | --nfs SERVER:/DIR [--nfs-opts O]\n"
	"      --harddrive PARTITION:/DIR\n"
	"Boot loader:\n"
	"      --bootloader-location mbr|partition|none|boot   --no-bootloader\n"
	"      --bootloader-password PW   --bootloader-append ARGS   --bootloader-driveorder D\n"
	"Partitions:\n"
	"      --zerombr / --no-zerombr   --clearpart all|linux|none|omit   --no-initlabel\n"
	"      --clear-drives sda,sdb     --only-use sda\n"
	"      --autopart[=lvm|plain|thinp]\n"
	"      --part MNT,size=N[,fstype=T][,grow][,maxsize=N][,recommended][,ondisk=D][,primary]\n"
	"      --volgroup NAME,PV[,PV...][,pesize=KIB]\n"
	"      --logvol MNT,vg=VG,name=LV,size=N[,fstype=T][,grow][,maxsize=N]\n"
	"      --raid MNT,device=mdN,level=L,members=raid.01+raid.02[,fstype=T][,spares=N]\n"
	"Network:\n"
	"      --network DEV,dhcp|static[,ip=A][,netmask=M][,gateway=G][,dns=A+B][,onboot=yes|no]\n"
	"                [,noipv6][,activate][,hostname=H][,slaves=E1+E2][,bondopts=K=V;K=V]\n"
	"                [,vlan=ID][,ifname=NAME]\n"
	"      --hostname H\n"
	"Authentication:  --auth ARGS (authconfig on RHEL6/7, authselect on RHEL8+)  --no-auth\n"
	"Firewall/SELinux:\n"
	"      --firewall on|off|omit  --firewall-service S[,S]  --firewall-port P:tcp  --firewall-trust DEV\n"
	"      --selinux enforcing|permissive|disabled|omit\n"
	"Display:  --skipx | --xconfig [--startxonboot] [--desktop NAME]\n"
	"          --firstboot enable|disable|reconfig|omit\n"
	"Services: --enable-service S[,S]  --disable-service S[,S]\n"
	"Packages: --group G  --environment E  --package P  --exclude P  --ignoremissing  --no-packages\n"
	"Scripts:  --pre FILE  --post FILE  then for the last one: --interpreter PATH  --log FILE\n"
	"          --nochroot (%post)  --erroronfail\n",
	out);
}

static int die(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

static int die(const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	fputs("pxed ks new: ", stderr);
	vfprintf(stderr, fmt, ap);
	fputc('\n', stderr);
	va_end(ap);
	return 2;
}

static int setstr(char **dst, const char *v)
{
	char *c = strdup(v);
	if (!c)
		return -ENOMEM;
	free(*dst);
	*dst = c;
	return 0;
}

/* "a+b+c" (or "a,b") -> "a,b,c" */
static char *plus_to_comma(const char *v, char from)
{
	char *c = strdup(v);
	if (c)
		for (char *p = c; *p; p++)
			if (*p == from)
				*p = ',';
	return c;
}

static bool parse_i64(const char *s, int64_t *v)
{
	char *end;
	errno = 0;
	long long x = strtoll(s, &end, 10);
	if (errno || end == s || *end || x < 0)
		return false;
	*v = x;
	return true;
}

/* Splits "head,k=v,flag,k=v" in place: returns the head; calls back per item. */
struct item {
	char *key, *val;
};

static size_t split_spec(char *spec, struct item *items, size_t max)
{
	size_t n = 0;
	char *save = NULL;
	for (char *tok = strtok_r(spec, ",", &save); tok && n < max; tok = strtok_r(NULL, ",", &save)) {
		char *eq = strchr(tok, '=');
		if (eq)
			*eq = 0;
		items[n].key = tok;
		items[n].val = eq ? eq + 1 : NULL;
		n++;
	}
	return n;
}

/* One "--part /,size=500,grow"-style argument, split into items. */
struct spec {
	char *buf;
	struct item it[64];
	size_t n;
};

static int spec_split(struct spec *sp, const char *arg, size_t min_items, const char *opt,
		      const char *needs)
{
	sp->buf = strdup(arg);
	if (!sp->buf)
		return -ENOMEM;
	sp->n = split_spec(sp->buf, sp->it, sizeof(sp->it) / sizeof(sp->it[0]));
	if (sp->n >= min_items)
		return 0;
	free(sp->buf);
	return die("%s: %s is required: %s", opt, needs, arg);
}

/* Grows the array *arrp of *n elements by one zeroed element and returns it
 * (NULL when out of memory, the array unchanged). */
static void *append_zeroed(void *arrp, size_t *n, size_t size)
{
	void **pp = arrp;
	char *na = realloc(*pp, (*n + 1) * size);
	if (!na)
		return NULL;
	*pp = na;
	void *e = na + (*n)++ * size;
	memset(e, 0, size);
	return e;
}

static int add_part(struct nopts *o, const char *arg)
{
	struct spec sp;
	int rc = spec_split(&sp, arg, 1, "--part", "a mount point");
	if (rc < 0)
		return rc;
	struct ks_gen_part *p = append_zeroed(&o->s.parts, &o->s.nparts, sizeof(*p));
	if (!p) {
		free(sp.buf);
		return -ENOMEM;
	}
	p->mnt = strdup(sp.it[0].key);
	for (size_t i = 1; i < sp.n && !rc; i++) {
		const char *k = sp.it[i].key, *v = sp.it[i].val;
		if (!strcmp(k, "size") && v && parse_i64(v, &p->size))
			continue;
		if (!strcmp(k, "maxsize") && v && parse_i64(v, &p->maxsize))
			continue;
		if (!strcmp(k, "fstype") && v)
			rc = setstr(&p->fstype, v);
		else if (!strcmp(k, "ondisk") && v)
			rc = setstr(&p->ondisk, v);
		else if (!strcmp(k, "grow") && !v)
			p->grow = true;
		else if (!strcmp(k, "recommended") && !v)
			p->recommended = true;
		else if (!strcmp(k, "primary") && !v)
			p->asprimary = true;
		else
			rc = die("--part: bad item '%s'", k);
	}
	free(sp.buf);
	o->layout_given = true;
	return rc;
}

static int add_vg(struct nopts *o, const char *arg)
{
	struct spec sp;
	int rc = spec_split(&sp, arg, 2, "--volgroup", "NAME,PV[,PV...]");
	if (rc < 0)
		return rc;
	struct ks_gen_vg *g = append_zeroed(&o->s.vgs, &o->s.nvgs, sizeof(*g));
	if (!g) {
		free(sp.buf);
		return -ENOMEM;
	}
	g->name = strdup(sp.it[0].key);
	for (size_t i = 1; i < sp.n && !rc; i++) {
		if (!strcmp(sp.it[i].key, "pesize") && sp.it[i].val) {
			if (!parse_i64(sp.it[i].val, &g->pesize))
				rc = die("--volgroup: bad pesize '%s'", sp.it[i].val);
		} else if (!sp.it[i].val) {
			rc = ks_strv_add(&g->pvs, sp.it[i].key);
		} else {
			rc = die("--volgroup: bad item '%s'", sp.it[i].key);
		}
	}
	free(sp.buf);
	o->layout_given = true;
	return rc;
}

static int add_lv(struct nopts *o, const char *arg)
{
	struct spec sp;
	int rc = spec_split(&sp, arg, 1, "--logvol", "a mount point");
	if (rc < 0)
		return rc;
	struct ks_gen_lv *l = append_zeroed(&o->s.lvs, &o->s.nlvs, sizeof(*l));
	if (!l) {
		free(sp.buf);
		return -ENOMEM;
	}
	l->mnt = strdup(sp.it[0].key);
	for (size_t i = 1; i < sp.n && !rc; i++) {
		const char *k = sp.it[i].key, *v = sp.it[i].val;
		if (!strcmp(k, "size") && v && parse_i64(v, &l->size))
			continue;
		if (!strcmp(k, "maxsize") && v && parse_i64(v, &l->maxsize))
			continue;
		if (!strcmp(k, "vg") && v)
			rc = setstr(&l->vg, v);
		else if (!strcmp(k, "name") && v)
			rc = setstr(&l->name, v);
		else if (!strcmp(k, "fstype") && v)
			rc = setstr(&l->fstype, v);
		else if (!strcmp(k, "grow") && !v)
			l->grow = true;
		else
			rc = die("--logvol: bad item '%s'", k);
	}
	free(sp.buf);
	o->layout_given = true;
	return rc;
}

static int add_raid(struct nopts *o, const char *arg)
{
	struct spec sp;
	int rc = spec_split(&sp, arg, 1, "--raid", "a mount point");
	if (rc < 0)
		return rc;
	struct ks_gen_raid *r = append_zeroed(&o->s.raids, &o->s.nraids, sizeof(*r));
	if (!r) {
		free(sp.buf);
		return -ENOMEM;
	}
	r->mnt = strdup(sp.it[0].key);
	r->level = -1;
	for (size_t i = 1; i < sp.n && !rc; i++) {
		const char *k = sp.it[i].key, *v = sp.it[i].val;
		int64_t x;
		if (!strcmp(k, "level") && v && parse_i64(v, &x) && x <= 10) {
			r->level = (int)x;
		} else if (!strcmp(k, "spares") && v && parse_i64(v, &x) && x < 1000) {
			r->spares = (int)x;
		} else if (!strcmp(k, "device") && v) {
			rc = setstr(&r->device, v);
		} else if (!strcmp(k, "fstype") && v) {
			rc = setstr(&r->fstype, v);
		} else if (!strcmp(k, "members") && v) {
			char *m = plus_to_comma(v, '+');
			rc = m ? ks_strv_add_csv(&r->members, m) : -ENOMEM;
			free(m);
		} else {
			rc = die("--raid: bad item '%s'", k);
		}
	}
	free(sp.buf);
	o->layout_given = true;
	return rc;
}

static int add_net(struct nopts *o, const char *arg)
{
	struct spec sp;
	int rc = spec_split(&sp, arg, 0, "--network", "a device");
	if (rc < 0)
		return rc;
	struct ks_gen_net *ne = append_zeroed(&o->s.nets, &o->s.nnets, sizeof(*ne));
	if (!ne) {
		free(sp.buf);
		return -ENOMEM;
	}
	ne->dhcp = true;
	size_t i = 0;
	if (sp.n && !sp.it[0].val && strcmp(sp.it[0].key, "dhcp") && strcmp(sp.it[0].key, "static")) {
		ne->device = strdup(sp.it[0].key);
		i = 1;
	}
	for (; i < sp.n && !rc; i++) {
		const char *k = sp.it[i].key, *v = sp.it[i].val;
		if (!strcmp(k, "dhcp") && !v) {
			ne->dhcp = true;
		} else if (!strcmp(k, "static") && !v) {
			ne->dhcp = false;
		} else if (!strcmp(k, "ip") && v) {
			rc = setstr(&ne->ip, v);
		} else if (!strcmp(k, "netmask") && v) {
			rc = setstr(&ne->netmask, v);
		} else if (!strcmp(k, "gateway") && v) {
			rc = setstr(&ne->gateway, v);
		} else if (!strcmp(k, "dns") && v) {
			free(ne->nameserver);
			ne->nameserver = plus_to_comma(v, '+');
		} else if (!strcmp(k, "onboot") && v) {
			ne->onboot = !strcmp(v, "yes") || !strcmp(v, "on") ? KS_ON : KS_OFF;
		} else if (!strcmp(k, "noipv6") && !v) {
			ne->noipv6 = true;
		} else if (!strcmp(k, "activate") && !v) {
			ne->activate = true;
		} else if (!strcmp(k, "hostname") && v) {
			rc = setstr(&ne->hostname, v);
		} else if (!strcmp(k, "slaves") && v) {
			free(ne->bondslaves);
			ne->bondslaves = plus_to_comma(v, '+');
		} else if (!strcmp(k, "bondopts") && v) {
			free(ne->bondopts);
			ne->bondopts = plus_to_comma(v, ';');
		} else if (!strcmp(k, "vlan") && v) {
			int64_t x;
			if (!parse_i64(v, &x) || x < 1 || x > 4095)
				rc = die("--network: bad VLAN id '%s'", v);
			else
				ne->vlanid = (int)x;
		} else if (!strcmp(k, "ifname") && v) {
			rc = setstr(&ne->interfacename, v);
		} else {
			rc = die("--network: bad item '%s'", k);
		}
	}
	free(sp.buf);
	return rc;
}

static struct ks_gen_script *add_script(struct nopts *o, bool post, const char *file)
{
	char *body = NULL;
	size_t len = 0;
	int r = ks_cli_read_file(file, &body, &len);
	if (r < 0) {
		fprintf(stderr, "pxed ks new: cannot read %s: %s\n", file, strerror(-r));
		return NULL;
	}
	char *text = malloc(len + 1);
	if (!text) {
		free(body);
		return NULL;
	}
	/* scripts written on Windows: CRLF becomes LF */
	size_t k = 0;
	for (size_t i = 0; i < len; i++)
		if (!(body[i] == '\r' && i + 1 < len && body[i + 1] == '\n'))
			text[k++] = body[i];
	text[k] = 0;
	free(body);
	struct ks_settings *s = &o->s;
	struct ks_gen_script **arr = post ? &s->post : &s->pre;
	size_t *cnt = post ? &s->npost : &s->npre;
	struct ks_gen_script *na = realloc(*arr, (*cnt + 1) * sizeof(*na));
	if (!na) {
		free(text);
		return NULL;
	}
	*arr = na;
	struct ks_gen_script *sc = &na[(*cnt)++];
	memset(sc, 0, sizeof(*sc));
	sc->body = text;
	return sc;
}

static int fill_random(uint8_t *buf, size_t len)
{
	size_t got = 0;
	while (got < len) {
		ssize_t r = getrandom(buf + got, len - got, 0);
		if (r < 0) {
			if (errno == EINTR)
				continue;
			return -errno;
		}
		got += (size_t)r;
	}
	return 0;
}

static int hash_passwords(struct nopts *o)
{
	uint8_t rnd[64];
	if (o->rootpw) {
		char h[256];
		if (fill_random(rnd, 32) < 0 || ks_hash_password(o->rootpw, o->hash, rnd, 32, h, sizeof(h)) < 0) {
			fprintf(stderr, "pxed ks new: cannot hash the root password\n");
			return 1;
		}
		setstr(&o->s.rootpw_hash, h);
	}
	if (o->blpw) {
		char h[512];
		int r;
		if (fill_random(rnd, 64) < 0)
			return 1;
		if (o->s.version == KS_RHEL6)
			r = ks_hash_password(o->blpw, KS_HASH_MD5, rnd, 32, h, sizeof(h));
		else
			r = ks_grub2_pbkdf2(o->blpw, rnd, 64, 10000, h, sizeof(h));
		if (r < 0) {
			fprintf(stderr, "pxed ks new: cannot hash the boot loader password\n");
			return 1;
		}
		setstr(&o->s.bl_password_hash, h);
	}
	explicit_bzero(rnd, sizeof(rnd));
	if (o->blpw_owned) {
		explicit_bzero(o->blpw_owned, strlen(o->blpw_owned));
		free(o->blpw_owned);
		o->blpw_owned = NULL;
		o->blpw = NULL;
	}
	return 0;
}

/* ---- interactive ------------------------------------------------------------ */

struct asker {
	FILE *in;
	bool tty;
	bool eof;
};

/* Prints the question with its default; an empty answer (or EOF) keeps it.
 * Returns a malloc'd answer or NULL for "keep the default". */
static char *ask(struct asker *a, const char *q, const char *def, bool secret)
{
	if (def && *def)
		fprintf(stderr, "%s [%s]: ", q, def);
	else
		fprintf(stderr, "%s: ", q);
	fflush(stderr);
	if (a->eof)
		return NULL;
	struct termios old, raw;
	bool noecho = secret && a->tty && tcgetattr(fileno(a->in), &old) == 0;
	if (noecho) {
		raw = old;
		raw.c_lflag &= (tcflag_t)~ECHO;
		tcsetattr(fileno(a->in), TCSANOW, &raw);
	}
	char *line = NULL;
	size_t cap = 0;
	ssize_t n = getline(&line, &cap, a->in);
	if (noecho) {
		tcsetattr(fileno(a->in), TCSANOW, &old);
		fputc('\n', stderr);
	}
	if (n < 0) {
		a->eof = true;
		free(line);
		return NULL;
	}
	while (n > 0 && (line[n - 1] == '\n' || line[n - 1] == '\r'))
		line[--n] = 0;
	if (!a->tty && !secret)
		fprintf(stderr, "%s\n", line);
	if (n == 0) {
		free(line);
		return NULL;
	}
	return line;
}

static void ask_str(struct asker *a, const char *q, char **field)
{
	char *v = ask(a, q, *field, false);
	if (v) {
		if (!strcmp(v, "-")) {
			free(v);
			v = NULL;
		}
		free(*field);
		*field = v;
	}
}

static bool ask_yes(struct asker *a, const char *q, bool def)
{
	char *v = ask(a, q, def ? "yes" : "no", false);
	if (!v)
		return def;
	bool yes = v[0] == 'y' || v[0] == 'Y' || !strcmp(v, "1") || !strcasecmp(v, "on");
	free(v);
	return yes;
}

/* One of the words; returns its index or def. */
static int ask_choice(struct asker *a, const char *q, const char *const *words, size_t n, int def)
{
	for (;;) {
		char *v = ask(a, q, def >= 0 ? words[def] : NULL, false);
		if (!v)
			return def;
		for (size_t i = 0; i < n; i++) {
			if (!strcmp(v, words[i])) {
				free(v);
				return (int)i;
			}
		}
		fprintf(stderr, "  answer one of:");
		for (size_t i = 0; i < n; i++)
			fprintf(stderr, " %s", words[i]);
		fputc('\n', stderr);
		free(v);
		if (a->eof)
			return def;
	}
}

static int interactive(struct nopts *o)
{
	struct asker a = { stdin, isatty(STDIN_FILENO) == 1, false };
	struct ks_settings *s = &o->s;
	fprintf(stderr, "pxed ks new for %s: press Enter to keep the value in brackets, '-' to leave "
			"a value out.\n",
		ks_version_name(s->version));

	fprintf(stderr, "\n== Basic configuration\n");
	ask_str(&a, "Language", &s->lang);
	ask_str(&a, "Keyboard", &s->keyboard);
	ask_str(&a, "Time zone", &s->timezone);
	s->utc = ask_yes(&a, "Hardware clock uses UTC", s->utc);
	char *pw = ask(&a, "Root password (hashed; empty = none)", NULL, true);
	if (pw) {
		uint8_t rnd[32];
		char h[256];
		if (fill_random(rnd, sizeof(rnd)) == 0 &&
		    ks_hash_password(pw, o->hash, rnd, sizeof(rnd), h, sizeof(h)) == 0)
			setstr(&s->rootpw_hash, h);
		explicit_bzero(pw, strlen(pw));
		free(pw);
	}
	static const char *const fin[] = { "none", "reboot", "poweroff", "halt", "shutdown" };
	s->finish = (enum ks_finish)ask_choice(&a, "After installation (none, reboot, poweroff, halt, shutdown)",
					       fin, 5, (int)s->finish);
	static const char *const disp[] = { "default", "text", "graphical", "cmdline" };
	s->display = (enum ks_display)ask_choice(&a, "Installer display (default, text, graphical, cmdline)",
						 disp, 4, (int)s->display);

	fprintf(stderr, "\n== Installation method\n");
	static const char *const meth[] = { "none", "cdrom", "url", "nfs", "harddrive" };
	s->method = (enum ks_method)ask_choice(&a, "Source (none, cdrom, url, nfs, harddrive)", meth, 5,
					       (int)s->method);
	if (s->method == KS_METHOD_URL) {
		ask_str(&a, "Installation tree URL (http://, https://, ftp://)", &s->url);
		ask_str(&a, "Proxy", &s->proxy);
	} else if (s->method == KS_METHOD_NFS) {
		ask_str(&a, "NFS server", &s->nfs_server);
		ask_str(&a, "NFS directory", &s->nfs_dir);
		ask_str(&a, "NFS mount options", &s->nfs_opts);
	} else if (s->method == KS_METHOD_HARDDRIVE) {
		ask_str(&a, "Partition holding the ISO images", &s->hd_partition);
		ask_str(&a, "Directory on it", &s->hd_dir);
	}

	fprintf(stderr, "\n== Boot loader\n");
	s->bootloader = ask_yes(&a, "Install a boot loader", s->bootloader);
	if (s->bootloader) {
		ask_str(&a, "Location (mbr, partition, none, boot)", &s->bl_location);
		ask_str(&a, "Kernel arguments", &s->bl_append);
		char *bp = ask(&a, "Boot loader password (hashed; empty = none)", NULL, true);
		if (bp) {
			free(o->blpw_owned);
			o->blpw_owned = bp;
			o->blpw = bp;
		}
	}

	fprintf(stderr, "\n== Partitions\n");
	s->zerombr = ask_yes(&a, "Clear the master boot record (zerombr)", s->zerombr);
	static const char *const cp[] = { "omit", "all", "linux", "none" };
	s->clearpart = (enum ks_clearpart)ask_choice(&a, "Remove partitions (omit, all, linux, none)", cp, 4,
						     (int)s->clearpart);
	if (s->clearpart != KS_CLEAR_UNSET)
		s->initlabel = ask_yes(&a, "Initialise the disk label", s->initlabel);
	ask_str(&a, "Install on these disks only (comma-separated)", &s->ignoredisk_only);
	static const char *const layout[] = { "auto", "plain", "lvm", "none" };
	int lay = ask_choice(&a, "Layout (auto = autopart, plain, lvm, none)", layout, 4, s->autopart ? 0 : 3);
	if (lay != 0)
		s->autopart = false;
	if (lay == 1 || lay == 2) {
		const char *fs = s->version == KS_RHEL6 ? "ext4" : "xfs";
		o->layout_given = true;
		add_part(o, s->version == KS_RHEL6 ? "/boot,size=500" : "/boot,size=1024");
		free(s->parts[s->nparts - 1].fstype);
		s->parts[s->nparts - 1].fstype = strdup(fs);
		if (lay == 1) {
			add_part(o, "swap,recommended");
			add_part(o, "/,size=4096,grow");
			free(s->parts[s->nparts - 1].fstype);
			s->parts[s->nparts - 1].fstype = strdup(fs);
		} else {
			add_part(o, "pv.01,size=4096,grow");
			add_vg(o, "vg0,pv.01");
			char spec[64];
			snprintf(spec, sizeof(spec), "swap,vg=vg0,name=swap,size=2048");
			add_lv(o, spec);
			snprintf(spec, sizeof(spec), "/,vg=vg0,name=root,size=4096,grow,fstype=%s", fs);
			add_lv(o, spec);
		}
	}

	fprintf(stderr, "\n== Network\n");
	if (ask_yes(&a, "Configure a network device", s->nnets > 0)) {
		char *dev = ask(&a, "Device", "eth0", false);
		bool dhcp = ask_yes(&a, "Use DHCP", true);
		char spec[512];
		snprintf(spec, sizeof(spec), "%s,%s,onboot=yes", dev ? dev : "eth0", dhcp ? "dhcp" : "static");
		free(dev);
		add_net(o, spec);
		struct ks_gen_net *ne = &s->nets[s->nnets - 1];
		if (!dhcp) {
			ask_str(&a, "IP address", &ne->ip);
			ask_str(&a, "Netmask", &ne->netmask);
			ask_str(&a, "Gateway", &ne->gateway);
			ask_str(&a, "Name servers (comma-separated)", &ne->nameserver);
		}
		ask_str(&a, "Host name", &ne->hostname);
	}

	fprintf(stderr, "\n== Authentication\n");
	ask_str(&a, s->version <= KS_RHEL7 ? "authconfig arguments" : "authselect arguments", &s->auth);

	fprintf(stderr, "\n== Firewall and SELinux\n");
	static const char *const fw[] = { "omit", "on", "off" };
	s->firewall = (enum ks_tristate)ask_choice(&a, "Firewall (on, off, omit)", fw, 3, (int)s->firewall);
	if (s->firewall == KS_ON) {
		char *sv = ask(&a, "Allowed services (comma-separated)", "ssh", false);
		if (sv) {
			ks_strv_free(&s->fw_services);
			ks_strv_add_csv(&s->fw_services, sv);
			free(sv);
		}
	}
	static const char *const se[] = { "omit", "enforcing", "permissive", "disabled" };
	s->selinux = (enum ks_selinux)ask_choice(&a, "SELinux (enforcing, permissive, disabled, omit)", se, 4,
						 (int)s->selinux);

	fprintf(stderr, "\n== Display\n");
	s->xorg = ask_yes(&a, "Configure the X Window System", s->xorg == KS_ON) ? KS_ON : KS_OFF;
	if (s->xorg == KS_ON)
		s->startxonboot = ask_yes(&a, "Start X on boot", s->startxonboot);
	static const char *const fbw[] = { "omit", "enable", "disable", "reconfig" };
	s->firstboot = (enum ks_firstboot)ask_choice(&a, "First boot agent (enable, disable, reconfig, omit)",
						     fbw, 4, (int)s->firstboot);

	fprintf(stderr, "\n== Packages\n");
	s->packages = ask_yes(&a, "Write a %packages section", s->packages);
	if (s->packages) {
		char *g = ask(&a, "Groups (comma-separated)", "core", false);
		if (g) {
			ks_strv_free(&s->groups);
			ks_strv_add_csv(&s->groups, g);
			free(g);
		}
		char *p = ask(&a, "Extra packages (comma-separated)", NULL, false);
		if (p) {
			ks_strv_add_csv(&s->pkgs, p);
			free(p);
		}
		char *x = ask(&a, "Packages to exclude (comma-separated)", NULL, false);
		if (x) {
			ks_strv_add_csv(&s->excludes, x);
			free(x);
		}
	}

	fprintf(stderr, "\n== Scripts\n");
	char *pre = ask(&a, "%pre script file", NULL, false);
	if (pre) {
		if (!add_script(o, false, pre)) {
			free(pre);
			return 1;
		}
		free(pre);
	}
	char *post = ask(&a, "%post script file", NULL, false);
	if (post) {
		struct ks_gen_script *sc = add_script(o, true, post);
		free(post);
		if (!sc)
			return 1;
		sc->nochroot = ask_yes(&a, "Run %post outside the chroot", false);
	}
	return 0;
}

/* ---- main ------------------------------------------------------------------- */

enum {
	O_FROM = 1000, O_HASH, O_LANG, O_KEYBOARD, O_TIMEZONE, O_UTC, O_NOUTC, O_ROOTPW, O_ROOTHASH,
	O_LOCKROOT, O_REBOOT, O_POWEROFF, O_HALT, O_SHUTDOWN, O_NOREBOOT, O_TEXT, O_GRAPHICAL,
	O_CMDLINE, O_CDROM, O_URL, O_PROXY, O_NFS, O_NFSOPTS, O_HARDDRIVE, O_BLLOC, O_NOBL, O_BLPW,
	O_BLAPPEND, O_BLORDER, O_ZEROMBR, O_NOZEROMBR, O_CLEARPART, O_NOINITLABEL, O_CLEARDRIVES,
	O_ONLYUSE, O_AUTOPART, O_PART, O_VG, O_LV, O_RAID, O_NETWORK, O_HOSTNAME, O_AUTH, O_NOAUTH,
	O_FIREWALL, O_FWSVC, O_FWPORT, O_FWTRUST, O_SELINUX, O_SKIPX, O_XCONFIG, O_STARTX, O_DESKTOP,
	O_FIRSTBOOT, O_ENSVC, O_DISSVC, O_GROUP, O_ENV, O_PACKAGE, O_EXCLUDE, O_IGNOREMISSING,
	O_NOPACKAGES, O_PRE, O_POST, O_INTERP, O_LOG, O_NOCHROOT, O_ERRORONFAIL,
};

static int word_index(const char *v, const char *const *words, size_t n)
{
	for (size_t i = 0; i < n; i++)
		if (!strcmp(v, words[i]))
			return (int)i;
	return -1;
}

static int load_from(struct nopts *o, const char *path)
{
	char *data;
	size_t len;
	int r = ks_cli_read_file(path, &data, &len);
	if (r < 0) {
		fprintf(stderr, "pxed ks new: cannot read %s: %s\n", path, strerror(-r));
		return 1;
	}
	struct ks_parse_opts po = { .version = o->s.version };
	struct ks_doc *doc;
	r = ks_parse(path, data, len, &po, &doc);
	free(data);
	if (r < 0)
		return 1;
	struct ks_settings ns;
	r = ks_gen_read(doc, o->s.version, &ns);
	ks_doc_free(doc);
	if (r < 0)
		return 1;
	ks_settings_free(&o->s);
	o->s = ns;
	return 0;
}

static int apply(struct nopts *o, int c, const char *arg)
{
	struct ks_settings *s = &o->s;
	int r = 0;
	switch (c) {
	case O_FROM: return load_from(o, arg);
	case O_HASH:
		if (!strcmp(arg, "sha512"))
			o->hash = KS_HASH_SHA512;
		else if (!strcmp(arg, "yescrypt"))
			o->hash = KS_HASH_YESCRYPT;
		else
			return die("--hash: sha512 or yescrypt, not '%s'", arg);
		break;
	case O_LANG: r = setstr(&s->lang, arg); break;
	case O_KEYBOARD: r = setstr(&s->keyboard, arg); break;
	case O_TIMEZONE: r = setstr(&s->timezone, arg); break;
	case O_UTC: s->utc = true; break;
	case O_NOUTC: s->utc = false; break;
	case O_ROOTPW: o->rootpw = arg; break;
	case O_ROOTHASH: r = setstr(&s->rootpw_hash, arg); break;
	case O_LOCKROOT: s->rootpw_lock = true; break;
	case O_REBOOT: s->finish = KS_FINISH_REBOOT; break;
	case O_POWEROFF: s->finish = KS_FINISH_POWEROFF; break;
	case O_HALT: s->finish = KS_FINISH_HALT; break;
	case O_SHUTDOWN: s->finish = KS_FINISH_SHUTDOWN; break;
	case O_NOREBOOT: s->finish = KS_FINISH_NONE; break;
	case O_TEXT: s->display = KS_DISPLAY_TEXT; break;
	case O_GRAPHICAL: s->display = KS_DISPLAY_GRAPHICAL; break;
	case O_CMDLINE: s->display = KS_DISPLAY_CMDLINE; break;
	case O_CDROM: s->method = KS_METHOD_CDROM; break;
	case O_URL: s->method = KS_METHOD_URL; r = setstr(&s->url, arg); break;
	case O_PROXY: r = setstr(&s->proxy, arg); break;
	case O_NFS: {
		const char *colon = strchr(arg, ':');
		if (!colon || colon == arg || !colon[1])
			return die("--nfs: SERVER:/DIR, not '%s'", arg);
		s->method = KS_METHOD_NFS;
		free(s->nfs_server);
		s->nfs_server = strndup(arg, (size_t)(colon - arg));
		r = setstr(&s->nfs_dir, colon + 1);
		break;
	}
	case O_NFSOPTS: r = setstr(&s->nfs_opts, arg); break;
	case O_HARDDRIVE: {
		const char *colon = strchr(arg, ':');
		if (!colon || colon == arg || !colon[1])
			return die("--harddrive: PARTITION:/DIR, not '%s'", arg);
		s->method = KS_METHOD_HARDDRIVE;
		free(s->hd_partition);
		s->hd_partition = strndup(arg, (size_t)(colon - arg));
		r = setstr(&s->hd_dir, colon + 1);
		break;
	}
	case O_BLLOC: s->bootloader = true; r = setstr(&s->bl_location, arg); break;
	case O_NOBL:
		s->bootloader = false;
		free(s->bl_location);
		s->bl_location = NULL;
		break;
	case O_BLPW: s->bootloader = true; o->blpw = arg; break;
	case O_BLAPPEND: s->bootloader = true; r = setstr(&s->bl_append, arg); break;
	case O_BLORDER: s->bootloader = true; r = setstr(&s->bl_driveorder, arg); break;
	case O_ZEROMBR: s->zerombr = true; break;
	case O_NOZEROMBR: s->zerombr = false; break;
	case O_CLEARPART: {
		static const char *const w[] = { "omit", "all", "linux", "none" };
		int i = word_index(arg, w, 4);
		if (i < 0)
			return die("--clearpart: all, linux, none or omit, not '%s'", arg);
		s->clearpart = (enum ks_clearpart)i;
		if (!i)
			s->initlabel = false;
		break;
	}
	case O_NOINITLABEL: s->initlabel = false; break;
	case O_CLEARDRIVES: r = setstr(&s->clear_drives, arg); break;
	case O_ONLYUSE: r = setstr(&s->ignoredisk_only, arg); break;
	case O_AUTOPART:
		s->autopart = true;
		o->autopart_explicit = true;
		if (arg)
			r = setstr(&s->autopart_type, arg);
		break;
	case O_PART: r = add_part(o, arg); break;
	case O_VG: r = add_vg(o, arg); break;
	case O_LV: r = add_lv(o, arg); break;
	case O_RAID: r = add_raid(o, arg); break;
	case O_NETWORK: r = add_net(o, arg); break;
	case O_HOSTNAME: {
		char spec[512];
		snprintf(spec, sizeof(spec), "hostname=%s", arg);
		r = add_net(o, spec);
		break;
	}
	case O_AUTH: r = setstr(&s->auth, arg); break;
	case O_NOAUTH:
		free(s->auth);
		s->auth = NULL;
		break;
	case O_FIREWALL: {
		static const char *const w[] = { "omit", "on", "off" };
		int i = word_index(arg, w, 3);
		if (i < 0)
			return die("--firewall: on, off or omit, not '%s'", arg);
		s->firewall = (enum ks_tristate)i;
		break;
	}
	case O_FWSVC: r = ks_strv_add_csv(&s->fw_services, arg); break;
	case O_FWPORT: r = ks_strv_add_csv(&s->fw_ports, arg); break;
	case O_FWTRUST: r = ks_strv_add_csv(&s->fw_trust, arg); break;
	case O_SELINUX: {
		static const char *const w[] = { "omit", "enforcing", "permissive", "disabled" };
		int i = word_index(arg, w, 4);
		if (i < 0)
			return die("--selinux: enforcing, permissive, disabled or omit, not '%s'", arg);
		s->selinux = (enum ks_selinux)i;
		break;
	}
	case O_SKIPX: s->xorg = KS_OFF; break;
	case O_XCONFIG: s->xorg = KS_ON; break;
	case O_STARTX: s->xorg = KS_ON; s->startxonboot = true; break;
	case O_DESKTOP: s->xorg = KS_ON; r = setstr(&s->defaultdesktop, arg); break;
	case O_FIRSTBOOT: {
		static const char *const w[] = { "omit", "enable", "disable", "reconfig" };
		int i = word_index(arg, w, 4);
		if (i < 0)
			return die("--firstboot: enable, disable, reconfig or omit, not '%s'", arg);
		s->firstboot = (enum ks_firstboot)i;
		break;
	}
	case O_ENSVC: r = ks_strv_add_csv(&s->svc_enabled, arg); break;
	case O_DISSVC: r = ks_strv_add_csv(&s->svc_disabled, arg); break;
	case O_GROUP: s->packages = true; r = ks_strv_add_csv(&s->groups, arg); break;
	case O_ENV: s->packages = true; r = setstr(&s->environment, arg); break;
	case O_PACKAGE: s->packages = true; r = ks_strv_add_csv(&s->pkgs, arg); break;
	case O_EXCLUDE: s->packages = true; r = ks_strv_add_csv(&s->excludes, arg); break;
	case O_IGNOREMISSING: s->ignoremissing = true; break;
	case O_NOPACKAGES:
		s->packages = false;
		ks_strv_free(&s->groups);
		ks_strv_free(&s->pkgs);
		ks_strv_free(&s->excludes);
		free(s->environment);
		s->environment = NULL;
		s->ignoremissing = false;
		break;
	case O_PRE:
	case O_POST:
		o->last_script = add_script(o, c == O_POST, arg);
		if (!o->last_script)
			return 1;
		break;
	case O_INTERP:
	case O_LOG:
	case O_NOCHROOT:
	case O_ERRORONFAIL:
		if (!o->last_script)
			return die("%s applies to the last --pre or --post; give one first",
				   c == O_INTERP ? "--interpreter" : c == O_LOG ? "--log" :
				   c == O_NOCHROOT ? "--nochroot" : "--erroronfail");
		if (c == O_INTERP)
			r = setstr(&o->last_script->interpreter, arg);
		else if (c == O_LOG)
			r = setstr(&o->last_script->log, arg);
		else if (c == O_NOCHROOT)
			o->last_script->nochroot = true;
		else
			o->last_script->erroronfail = true;
		break;
	default:
		return 2;
	}
	return r == -ENOMEM ? 1 : r;
}

int ks_cli_new(int argc, char **argv)
{
	static const struct option longopts[] = {
		{ "version", required_argument, NULL, 'v' },
		{ "output", required_argument, NULL, 'o' },
		{ "interactive", no_argument, NULL, 'I' },
		{ "help", no_argument, NULL, 'h' },
		{ "from", required_argument, NULL, O_FROM },
		{ "hash", required_argument, NULL, O_HASH },
		{ "lang", required_argument, NULL, O_LANG },
		{ "keyboard", required_argument, NULL, O_KEYBOARD },
		{ "timezone", required_argument, NULL, O_TIMEZONE },
		{ "utc", no_argument, NULL, O_UTC },
		{ "no-utc", no_argument, NULL, O_NOUTC },
		{ "rootpw", required_argument, NULL, O_ROOTPW },
		{ "rootpw-hash", required_argument, NULL, O_ROOTHASH },
		{ "lock-root", no_argument, NULL, O_LOCKROOT },
		{ "reboot", no_argument, NULL, O_REBOOT },
		{ "poweroff", no_argument, NULL, O_POWEROFF },
		{ "halt", no_argument, NULL, O_HALT },
		{ "shutdown", no_argument, NULL, O_SHUTDOWN },
		{ "no-reboot", no_argument, NULL, O_NOREBOOT },
		{ "text", no_argument, NULL, O_TEXT },
		{ "graphical", no_argument, NULL, O_GRAPHICAL },
		{ "cmdline", no_argument, NULL, O_CMDLINE },
		{ "cdrom", no_argument, NULL, O_CDROM },
		{ "url", required_argument, NULL, O_URL },
		{ "proxy", required_argument, NULL, O_PROXY },
		{ "nfs", required_argument, NULL, O_NFS },
		{ "nfs-opts", required_argument, NULL, O_NFSOPTS },
		{ "harddrive", required_argument, NULL, O_HARDDRIVE },
		{ "bootloader-location", required_argument, NULL, O_BLLOC },
		{ "no-bootloader", no_argument, NULL, O_NOBL },
		{ "bootloader-password", required_argument, NULL, O_BLPW },
		{ "bootloader-append", required_argument, NULL, O_BLAPPEND },
		{ "bootloader-driveorder", required_argument, NULL, O_BLORDER },
		{ "zerombr", no_argument, NULL, O_ZEROMBR },
		{ "no-zerombr", no_argument, NULL, O_NOZEROMBR },
		{ "clearpart", required_argument, NULL, O_CLEARPART },
		{ "no-initlabel", no_argument, NULL, O_NOINITLABEL },
		{ "clear-drives", required_argument, NULL, O_CLEARDRIVES },
		{ "only-use", required_argument, NULL, O_ONLYUSE },
		{ "autopart", optional_argument, NULL, O_AUTOPART },
		{ "part", required_argument, NULL, O_PART },
		{ "volgroup", required_argument, NULL, O_VG },
		{ "logvol", required_argument, NULL, O_LV },
		{ "raid", required_argument, NULL, O_RAID },
		{ "network", required_argument, NULL, O_NETWORK },
		{ "hostname", required_argument, NULL, O_HOSTNAME },
		{ "auth", required_argument, NULL, O_AUTH },
		{ "no-auth", no_argument, NULL, O_NOAUTH },
		{ "firewall", required_argument, NULL, O_FIREWALL },
		{ "firewall-service", required_argument, NULL, O_FWSVC },
		{ "firewall-port", required_argument, NULL, O_FWPORT },
		{ "firewall-trust", required_argument, NULL, O_FWTRUST },
		{ "selinux", required_argument, NULL, O_SELINUX },
		{ "skipx", no_argument, NULL, O_SKIPX },
		{ "xconfig", no_argument, NULL, O_XCONFIG },
		{ "startxonboot", no_argument, NULL, O_STARTX },
		{ "desktop", required_argument, NULL, O_DESKTOP },
		{ "firstboot", required_argument, NULL, O_FIRSTBOOT },
		{ "enable-service", required_argument, NULL, O_ENSVC },
		{ "disable-service", required_argument, NULL, O_DISSVC },
		{ "group", required_argument, NULL, O_GROUP },
		{ "environment", required_argument, NULL, O_ENV },
		{ "package", required_argument, NULL, O_PACKAGE },
		{ "exclude", required_argument, NULL, O_EXCLUDE },
		{ "ignoremissing", no_argument, NULL, O_IGNOREMISSING },
		{ "no-packages", no_argument, NULL, O_NOPACKAGES },
		{ "pre", required_argument, NULL, O_PRE },
		{ "post", required_argument, NULL, O_POST },
		{ "interpreter", required_argument, NULL, O_INTERP },
		{ "log", required_argument, NULL, O_LOG },
		{ "nochroot", no_argument, NULL, O_NOCHROOT },
		{ "erroronfail", no_argument, NULL, O_ERRORONFAIL },
		{ 0 },
	};
	struct nopts o;
	memset(&o, 0, sizeof(o));
	o.hash = KS_HASH_SHA512;
	enum ks_version v = KS_V_DEFAULT;

	/* the version decides the defaults: find it before anything else */
	for (int i = 1; i < argc; i++) {
		const char *a = argv[i], *val = NULL;
		if (!strcmp(a, "--version") || !strcmp(a, "-v"))
			val = i + 1 < argc ? argv[i + 1] : NULL;
		else if (!strncmp(a, "--version=", 10))
			val = a + 10;
		if (val && ks_version_from_name(val, &v) < 0)
			return die("unknown version '%s' (see pxed ks check --list-versions)", val);
	}
	ks_settings_defaults(&o.s, v);

	int c, rc = 0;
	optind = 1;
	opterr = 0;
	while ((c = getopt_long(argc, argv, "v:o:Ih", longopts, NULL)) != -1) {
		if (c == 'v')
			continue;
		if (c == 'o') {
			o.out = optarg;
			continue;
		}
		if (c == 'I') {
			o.interactive = true;
			continue;
		}
		if (c == 'h') {
			new_usage(stdout);
			ks_settings_free(&o.s);
			return 0;
		}
		if (c == '?' || c == ':') {
			fprintf(stderr, "pxed ks new: bad option %s\n", argv[optind - 1]);
			new_usage(stderr);
			ks_settings_free(&o.s);
			return 2;
		}
		rc = apply(&o, c, optarg);
		if (rc) {
			ks_settings_free(&o.s);
			return rc;
		}
	}
	if (optind < argc) {
		ks_settings_free(&o.s);
		return die("unexpected argument '%s'", argv[optind]);
	}
	/* an explicit layout replaces the default autopart */
	if (o.layout_given && !o.autopart_explicit)
		o.s.autopart = false;
	if (o.interactive && (rc = interactive(&o)) != 0) {
		free(o.blpw_owned);
		ks_settings_free(&o.s);
		return rc;
	}
	for (size_t i = 0; i < o.s.nraids; i++)
		if (o.s.raids[i].level < 0) {
			ks_settings_free(&o.s);
			return die("--raid %s: level= is required", o.s.raids[i].mnt);
		}
	if (hash_passwords(&o)) {
		ks_settings_free(&o.s);
		return 1;
	}

	char err[512];
	char *text = NULL;
	size_t len = 0;
	int r = ks_gen_write(&o.s, &text, &len, err, sizeof(err));
	if (r < 0) {
		fprintf(stderr, "pxed ks new: %s\n", r == -ENOMEM ? "out of memory" : err);
		ks_settings_free(&o.s);
		return 1;
	}
	/* never hand out a file the validator rejects */
	struct ks_parse_opts po = { .version = v };
	struct ks_doc *doc = NULL;
	struct ks_diags d = { 0 };
	struct ks_check_opts co = { .version = v };
	if (ks_parse("generated", text, len, &po, &doc) < 0 || ks_check(doc, &co, &d) < 0 || d.errors) {
		fprintf(stderr, "pxed ks new: internal error: the generated file does not pass the check:\n");
		char line[1024];
		for (size_t i = 0; i < d.n; i++) {
			ks_diag_format(&d.v[i], line, sizeof(line));
			fprintf(stderr, "  %s\n", line);
		}
		rc = 1;
	}
	ks_diags_free(&d);
	ks_doc_free(doc);
	if (!rc) {
		if (o.out) {
			int fd = open(o.out, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0600);
			FILE *f = fd >= 0 ? fdopen(fd, "w") : NULL;
			if (!f || fwrite(text, 1, len, f) != len || fclose(f) != 0) {
				fprintf(stderr, "pxed ks new: cannot write %s: %s\n", o.out, strerror(errno));
				if (!f && fd >= 0)
					close(fd);
				rc = 1;
			} else {
				fprintf(stderr, "%s: written for %s, checked valid\n", o.out, ks_version_name(v));
			}
		} else {
			fwrite(text, 1, len, stdout);
		}
	}
	free(text);
	ks_settings_free(&o.s);
	return rc;
}
