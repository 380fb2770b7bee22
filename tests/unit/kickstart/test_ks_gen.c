/* Generator round trips: for every version, settings built from every value
 * of every generator dimension (each combined with varied choices for all
 * the others) are written, parsed, checked (no error and no warning even
 * with --strict) and read back to equal settings. Plus the password hashes. */
#include "kickstart/ks_check.h"
#include "kickstart/ks_crypt.h"
#include "kickstart/ks_gen.h"
#include "kickstart/ks_parse.h"
#include "test.h"

#include <crypt.h>
#include <errno.h>
#include <stdlib.h>
#include <string.h>

/* ---- hashes --------------------------------------------------------------- */

TEST(grub2_pbkdf2)
{
	/* PBKDF2-HMAC-SHA512 of "password" / "salt", 2 iterations (the
	 * well-known test vector), in GRUB's upper-case hex */
	char g[400];
	CHECK_INT(ks_grub2_pbkdf2("password", (const uint8_t *)"salt", 4, 2, g, sizeof(g)), 0);
	CHECK_STR(g, "grub.pbkdf2.sha512.2.73616C74."
		     "E1D9C16AA681708A45F5C7C4E215CEB66E011A2E9F0040713F18AEFDB866D53C"
		     "F76CAB2868A39B9F7840EDCE4FEF5A82BE67335C77A6068E04112754F27CCF4E");
	uint8_t salt[64];
	memset(salt, 0xab, sizeof(salt));
	CHECK_INT(ks_grub2_pbkdf2("pw", salt, 64, 10000, g, sizeof(g)), 0);
	CHECK(strncmp(g, "grub.pbkdf2.sha512.10000.ABABAB", 31) == 0);
	CHECK_INT((int)strlen(g), 25 + 128 + 1 + 128);
	CHECK_INT(ks_grub2_pbkdf2("pw", salt, 64, 10000, g, 20), -ERANGE);
}

TEST(crypt_hashes_verify)
{
	uint8_t rnd[32];
	for (size_t i = 0; i < sizeof(rnd); i++)
		rnd[i] = (uint8_t)(i * 7 + 1);
	static const enum ks_hash algs[] = { KS_HASH_SHA512, KS_HASH_YESCRYPT, KS_HASH_MD5 };
	static const char *const prefix[] = { "$6$", "$y$", "$1$" };
	for (size_t a = 0; a < 3; a++) {
		char h[256];
		CHECK_INT(ks_hash_password("secret", algs[a], rnd, sizeof(rnd), h, sizeof(h)), 0);
		CHECK(strncmp(h, prefix[a], 3) == 0);
		CHECK(strstr(h, "secret") == NULL);
		struct crypt_data cd;
		memset(&cd, 0, sizeof(cd));
		const char *again = crypt_r("secret", h, &cd);
		CHECK(again && strcmp(again, h) == 0);
	}
	char h[8];
	CHECK_INT(ks_hash_password("secret", KS_HASH_SHA512, rnd, sizeof(rnd), h, sizeof(h)), -ERANGE);
	CHECK_INT(ks_hash_password("secret", KS_HASH_SHA512, rnd, 4, h, sizeof(h)), -EINVAL);
}

/* ---- settings builder ------------------------------------------------------- */

/* dimension -> number of values */
enum dim {
	D_METHOD, D_FINISH, D_DISPLAY, D_ROOTPW, D_LOCALE, D_BOOT, D_CLEAR, D_LAYOUT, D_NET, D_AUTH,
	D_FIREWALL, D_SELINUX, D_XORG, D_FIRSTBOOT, D_SERVICES, D_PACKAGES, D_SCRIPTS, D_COUNT
};
static const int dim_values[D_COUNT] = { 7, 5, 4, 4, 3, 5, 6, 9, 7, 3, 4, 4, 4, 4, 3, 5, 5 };

static char *S(const char *s)
{
	return strdup(s);
}

static void add_part(struct ks_settings *s, const char *mnt, const char *fs, int64_t size, bool grow,
		     int64_t max, bool rec)
{
	s->parts = realloc(s->parts, (s->nparts + 1) * sizeof(*s->parts));
	struct ks_gen_part *p = &s->parts[s->nparts++];
	memset(p, 0, sizeof(*p));
	p->mnt = S(mnt);
	p->fstype = fs ? S(fs) : NULL;
	p->size = size;
	p->grow = grow;
	p->maxsize = max;
	p->recommended = rec;
}

static void add_net(struct ks_settings *s, const char *dev, bool dhcp)
{
	s->nets = realloc(s->nets, (s->nnets + 1) * sizeof(*s->nets));
	struct ks_gen_net *n = &s->nets[s->nnets++];
	memset(n, 0, sizeof(*n));
	n->device = dev ? S(dev) : NULL;
	n->dhcp = dhcp;
}

static void add_script(struct ks_gen_script **arr, size_t *n, const char *interp, const char *body)
{
	*arr = realloc(*arr, (*n + 1) * sizeof(**arr));
	struct ks_gen_script *sc = &(*arr)[(*n)++];
	memset(sc, 0, sizeof(*sc));
	sc->interpreter = interp ? S(interp) : NULL;
	sc->body = S(body);
}

static void build(struct ks_settings *s, enum ks_version v, const int *c)
{
	ks_settings_defaults(s, v);
	bool rhel6 = v == KS_RHEL6;

	switch (c[D_METHOD]) {
	case 1: s->method = KS_METHOD_CDROM; break;
	case 2: s->method = KS_METHOD_URL; s->url = S("http://198.18.0.1/rocky"); break;
	case 3:
		s->method = KS_METHOD_URL;
		s->url = S("http://198.18.0.1/tree#with-hash");
		s->proxy = S("http://proxy:3128");
		break;
	case 4: s->method = KS_METHOD_NFS; s->nfs_server = S("198.18.0.1"); s->nfs_dir = S("/exports/os"); break;
	case 5:
		s->method = KS_METHOD_NFS;
		s->nfs_server = S("nfs.lab");
		s->nfs_dir = S("/ex ports");
		s->nfs_opts = S("ro,nolock");
		break;
	case 6: s->method = KS_METHOD_HARDDRIVE; s->hd_partition = S("sdb1"); s->hd_dir = S("/isos"); break;
	default: break;
	}
	s->finish = (enum ks_finish)c[D_FINISH];
	s->display = (enum ks_display)c[D_DISPLAY];
	switch (c[D_ROOTPW]) {
	case 1: s->rootpw_hash = S("$6$saltsalt$JuWxlq1HbBmv7Xp2bWX2oE4aKqH0x2oZWR5Z9Jd6V2oQe1"); break;
	case 2:
		if (!rhel6)
			s->rootpw_lock = true;
		break;
	case 3:
		s->rootpw_hash = S("$y$j9T$abcdefghijklmnop$ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789abcde");
		s->rootpw_lock = !rhel6;
		break;
	default: break;
	}
	switch (c[D_LOCALE]) {
	case 1:
		free(s->lang);
		s->lang = S("zh_CN.UTF-8");
		free(s->timezone);
		s->timezone = S("Asia/Shanghai");
		s->utc = false;
		break;
	case 2:
		free(s->keyboard);
		s->keyboard = S("de-latin1-nodeadkeys");
		free(s->timezone);
		s->timezone = S("America/Argentina/Buenos_Aires");
		break;
	default: break;
	}
	switch (c[D_BOOT]) {
	case 0:
		s->bootloader = false;
		free(s->bl_location);
		s->bl_location = NULL;
		break;
	case 1: s->bl_append = S("crashkernel=auto rhgb quiet"); break;
	case 2:
		free(s->bl_location);
		s->bl_location = S("partition");
		s->bl_driveorder = S("sda,sdb");
		break;
	case 3:
		s->bl_password_hash = rhel6 ? S("$1$abcdefgh$0123456789abcdefghijkl")
					    : S("grub.pbkdf2.sha512.10000.ABCD.EF01");
		s->bl_append = S("console=ttyS0,115200 # not a comment");
		break;
	case 4:
		free(s->bl_location);
		s->bl_location = NULL;
		break;
	default: break;
	}
	switch (c[D_CLEAR]) {
	case 0: s->clearpart = KS_CLEAR_UNSET; s->initlabel = false; break;
	case 1: s->clearpart = KS_CLEAR_LINUX; break;
	case 2: s->clearpart = KS_CLEAR_NONE; s->initlabel = false; break;
	case 3: s->clear_drives = S("sda,sdb"); s->zerombr = false; break;
	case 4: s->ignoredisk_only = S("sda"); break;
	default: break;
	}
	switch (c[D_LAYOUT]) {
	case 0: break; /* autopart */
	case 1:
		if (!rhel6)
			s->autopart_type = S("lvm");
		break;
	case 2:
		if (!rhel6)
			s->autopart_type = S("plain");
		break;
	case 3:
		if (!rhel6)
			s->autopart_type = S("thinp");
		break;
	case 4: /* plain partitions */
		s->autopart = false;
		add_part(s, "/boot", rhel6 ? "ext4" : "xfs", 1024, false, 0, false);
		add_part(s, "swap", NULL, 0, false, 0, true);
		add_part(s, "/", rhel6 ? "ext4" : "xfs", 4096, true, 20480, false);
		s->parts[2].ondisk = S("sda");
		s->parts[0].asprimary = true;
		break;
	case 5: /* LVM */
		s->autopart = false;
		add_part(s, "/boot", NULL, 1024, false, 0, false);
		add_part(s, "pv.01", NULL, 1, true, 0, false);
		s->vgs = calloc(1, sizeof(*s->vgs));
		s->nvgs = 1;
		s->vgs[0].name = S("vg_root");
		ks_strv_add(&s->vgs[0].pvs, "pv.01");
		s->vgs[0].pesize = 4096;
		s->lvs = calloc(2, sizeof(*s->lvs));
		s->nlvs = 2;
		s->lvs[0] = (struct ks_gen_lv){ S("/"), S("vg_root"), S("root"), S("ext4"), 8192, true, 0 };
		s->lvs[1] = (struct ks_gen_lv){ S("swap"), S("vg_root"), S("swap"), NULL, 2048, false, 0 };
		break;
	case 6: /* software RAID */
		s->autopart = false;
		add_part(s, "raid.01", NULL, 4096, false, 0, false);
		add_part(s, "raid.02", NULL, 4096, false, 0, false);
		add_part(s, "raid.03", NULL, 4096, false, 0, false);
		s->raids = calloc(1, sizeof(*s->raids));
		s->nraids = 1;
		s->raids[0].mnt = S("/");
		s->raids[0].device = S("md0");
		s->raids[0].level = 5;
		s->raids[0].fstype = S("ext4");
		s->raids[0].spares = 1;
		ks_strv_add(&s->raids[0].members, "raid.01");
		ks_strv_add(&s->raids[0].members, "raid.02");
		ks_strv_add(&s->raids[0].members, "raid.03");
		break;
	case 7: /* RAID 1 under LVM */
		s->autopart = false;
		add_part(s, "raid.11", NULL, 8192, false, 0, false);
		add_part(s, "raid.12", NULL, 8192, false, 0, false);
		s->raids = calloc(1, sizeof(*s->raids));
		s->nraids = 1;
		s->raids[0].mnt = S("pv.01");
		s->raids[0].device = S("md1");
		s->raids[0].level = 1;
		ks_strv_add(&s->raids[0].members, "raid.11");
		ks_strv_add(&s->raids[0].members, "raid.12");
		s->vgs = calloc(1, sizeof(*s->vgs));
		s->nvgs = 1;
		s->vgs[0].name = S("vg0");
		ks_strv_add(&s->vgs[0].pvs, "pv.01");
		s->lvs = calloc(1, sizeof(*s->lvs));
		s->nlvs = 1;
		s->lvs[0] = (struct ks_gen_lv){ S("/srv data"), S("vg0"), S("data"), NULL, 1000, false, 4000 };
		break;
	case 8: /* no partitioning at all */
		s->autopart = false;
		break;
	default: break;
	}
	switch (c[D_NET]) {
	case 1:
		add_net(s, "eth0", true);
		s->nets[0].onboot = KS_ON;
		s->nets[0].noipv6 = true;
		break;
	case 2:
		add_net(s, "eno16777736", false);
		s->nets[0].ip = S("198.18.0.10");
		s->nets[0].netmask = S("255.255.255.0");
		s->nets[0].gateway = S("198.18.0.1");
		s->nets[0].nameserver = S("198.18.0.1,198.18.0.2");
		s->nets[0].activate = true;
		s->nets[0].hostname = S("node07.lab");
		break;
	case 3: /* bond */
		add_net(s, "bond0", true);
		s->nets[0].bondslaves = S("eth0,eth1");
		s->nets[0].bondopts = S("mode=active-backup,miimon=100");
		s->nets[0].onboot = KS_OFF;
		break;
	case 4: /* VLAN on an otherwise unconfigured device */
		add_net(s, "eth1", false);
		s->nets[0].vlanid = 171;
		s->nets[0].ip = S("198.18.1.5");
		s->nets[0].netmask = S("255.255.255.0");
		if (!rhel6)
			s->nets[0].interfacename = S("vlan171");
		break;
	case 5: /* hostname only */
		add_net(s, NULL, true);
		s->nets[0].hostname = S("kickstarted");
		break;
	case 6: /* several */
		add_net(s, "eth0", true);
		add_net(s, "eth2", false);
		s->nets[1].ip = S("198.18.2.2");
		s->nets[1].netmask = S("255.255.0.0");
		add_net(s, NULL, true);
		s->nets[2].hostname = S("multi");
		break;
	default: break;
	}
	switch (c[D_AUTH]) {
	case 0: free(s->auth); s->auth = NULL; break;
	case 2:
		free(s->auth);
		s->auth = S(v <= KS_RHEL7 ? "--enableshadow --passalgo=sha512 --enableldap "
					    "--ldapserver=ldap://198.18.0.1 --ldapbasedn=\"dc=lab,dc=example\""
					  : "select sssd with-mkhomedir");
		break;
	default: break;
	}
	switch (c[D_FIREWALL]) {
	case 0: s->firewall = KS_UNSET; ks_strv_free(&s->fw_services); break;
	case 2: s->firewall = KS_OFF; ks_strv_free(&s->fw_services); break;
	case 3:
		ks_strv_add(&s->fw_services, "http");
		ks_strv_add(&s->fw_ports, "1029:tcp");
		ks_strv_add(&s->fw_ports, "53:udp");
		ks_strv_add(&s->fw_trust, "eth1");
		break;
	default: break;
	}
	s->selinux = (enum ks_selinux)c[D_SELINUX];
	switch (c[D_XORG]) {
	case 0: s->xorg = KS_UNSET; break;
	case 2: s->xorg = KS_ON; s->startxonboot = true; break;
	case 3: s->xorg = KS_ON; s->defaultdesktop = S("GNOME"); break;
	default: break;
	}
	s->firstboot = (enum ks_firstboot)c[D_FIRSTBOOT];
	if (c[D_SERVICES] == 1) {
		ks_strv_add(&s->svc_enabled, "sshd");
		ks_strv_add(&s->svc_enabled, "chronyd");
	} else if (c[D_SERVICES] == 2) {
		ks_strv_add(&s->svc_disabled, "cups");
	}
	switch (c[D_PACKAGES]) {
	case 0:
		s->packages = false;
		ks_strv_free(&s->groups);
		break;
	case 2:
		ks_strv_add(&s->groups, "base");
		ks_strv_add(&s->pkgs, "vim-enhanced");
		ks_strv_add(&s->pkgs, "kernel-devel*");
		ks_strv_add(&s->excludes, "postfix");
		break;
	case 3:
		if (!rhel6)
			s->environment = S("minimal-environment");
		s->ignoremissing = true;
		break;
	case 4:
		ks_strv_free(&s->groups); /* an empty %packages */
		break;
	default: break;
	}
	switch (c[D_SCRIPTS]) {
	case 1: add_script(&s->pre, &s->npre, NULL, "echo pre > /tmp/pre.log\n"); break;
	case 2:
		add_script(&s->post, &s->npost, "/usr/bin/python3", "print('100% done')\n# keep\n\n%foo\n");
		s->post[0].log = S("/root/ks-post.log");
		s->post[0].erroronfail = true;
		break;
	case 3:
		add_script(&s->post, &s->npost, NULL, "cp /etc/resolv.conf /mnt/sysimage/etc/\n");
		s->post[0].nochroot = true;
		add_script(&s->post, &s->npost, "/bin/bash", "echo \"two\" 'scripts' \\\n");
		break;
	case 4:
		add_script(&s->pre, &s->npre, "/bin/sh", "#!/bin/sh\nparted -s /dev/sda mklabel gpt\n");
		add_script(&s->post, &s->npost, NULL, "echo done");
		break;
	default: break;
	}
}

static unsigned long lcg = 12345;

static int pick(int n)
{
	lcg = lcg * 6364136223846793005ul + 1442695040888963407ul;
	return (int)((lcg >> 33) % (unsigned long)n);
}

static int failures_shown;

static void round_trip(enum ks_version v, const int *c)
{
	struct ks_settings s, back;
	build(&s, v, c);
	/* a script without a final newline reads back with one */
	for (size_t i = 0; i < s.npost; i++) {
		size_t l = strlen(s.post[i].body);
		if (l && s.post[i].body[l - 1] != '\n') {
			s.post[i].body = realloc(s.post[i].body, l + 2);
			strcpy(s.post[i].body + l, "\n");
		}
	}
	char err[256];
	char *text = NULL;
	size_t len = 0;
	int r = ks_gen_write(&s, &text, &len, err, sizeof(err));
	CHECK_INT(r, 0);
	if (r) {
		if (failures_shown++ < 5)
			fprintf(stderr, "%s: %s\n", ks_version_name(v), err);
		ks_settings_free(&s);
		return;
	}
	struct ks_parse_opts po = { .version = v };
	struct ks_doc *doc = NULL;
	CHECK_INT(ks_parse("gen.ks", text, len, &po, &doc), 0);
	struct ks_diags d = { 0 };
	struct ks_check_opts co = { .version = v, .strict = true };
	CHECK_INT(ks_check(doc, &co, &d), 0);
	CHECK_INT(d.errors + d.warnings, 0);
	if (d.n && failures_shown++ < 5) {
		char line[512];
		for (size_t i = 0; i < d.n; i++) {
			ks_diag_format(&d.v[i], line, sizeof(line));
			fprintf(stderr, "%s: %s\n", ks_version_name(v), line);
		}
		fputs(text, stderr);
	}
	ks_diags_free(&d);
	CHECK_INT(ks_gen_read(doc, v, &back), 0);
	bool eq = ks_settings_equal(&s, &back);
	CHECK(eq);
	if (!eq && failures_shown++ < 5) {
		fprintf(stderr, "%s: read back differs:\n", ks_version_name(v));
		for (int k = 0; k < D_COUNT; k++)
			fprintf(stderr, " %d", c[k]);
		fprintf(stderr, "\n%s", text);
	}
	ks_settings_free(&back);
	ks_doc_free(doc);
	free(text);
	ks_settings_free(&s);
}

TEST(round_trips_every_value_of_every_dimension)
{
	size_t runs = 0;
	for (int v = 0; v < KS_V_COUNT; v++) {
		for (int d = 0; d < D_COUNT; d++) {
			for (int val = 0; val < dim_values[d]; val++) {
				for (int rep = 0; rep < 6; rep++) {
					int c[D_COUNT];
					for (int k = 0; k < D_COUNT; k++)
						c[k] = pick(dim_values[k]);
					c[d] = val;
					round_trip((enum ks_version)v, c);
					runs++;
				}
			}
		}
		int zero[D_COUNT] = { 0 };
		round_trip((enum ks_version)v, zero);
	}
	CHECK(runs > 2000);
}

TEST(round_trips_all_pairs_of_partitioning_and_network)
{
	for (int v = 0; v < KS_V_COUNT; v++)
		for (int a = 0; a < dim_values[D_LAYOUT]; a++)
			for (int b = 0; b < dim_values[D_NET]; b++)
				for (int m = 0; m < dim_values[D_METHOD]; m++) {
					int c[D_COUNT];
					for (int k = 0; k < D_COUNT; k++)
						c[k] = pick(dim_values[k]);
					c[D_LAYOUT] = a;
					c[D_NET] = b;
					c[D_METHOD] = m;
					round_trip((enum ks_version)v, c);
				}
}

TEST(version_specific_output)
{
	int c[D_COUNT] = { 0 };
	c[D_AUTH] = 1;
	c[D_PACKAGES] = 1;
	struct ks_settings s;
	char *text;
	size_t len;
	char err[256];
	build(&s, KS_RHEL6, c);
	CHECK_INT(ks_gen_write(&s, &text, &len, err, sizeof(err)), 0);
	CHECK(strstr(text, "\ninstall\n") && strstr(text, "\nauth --enableshadow"));
	CHECK(strstr(text, "\nkeyboard us\n"));
	free(text);
	ks_settings_free(&s);
	build(&s, KS_RHEL8, c);
	CHECK_INT(ks_gen_write(&s, &text, &len, err, sizeof(err)), 0);
	CHECK(!strstr(text, "\ninstall\n") && !strstr(text, "\nauth "));
	CHECK(strstr(text, "--vckeymap=us"));
	CHECK(strstr(text, "%end\n"));
	free(text);
	ks_settings_free(&s);
}

TEST(impossible_settings_are_refused)
{
	int c[D_COUNT] = { 0 };
	struct ks_settings s;
	char *text = NULL;
	size_t len;
	char err[256];
	build(&s, KS_RHEL8, c);
	add_script(&s.post, &s.npost, NULL, "echo a\n%end\necho b\n");
	CHECK_INT(ks_gen_write(&s, &text, &len, err, sizeof(err)), -EINVAL);
	CHECK(strstr(err, "%end") != NULL);
	ks_settings_free(&s);

	build(&s, KS_RHEL8, c);
	add_part(&s, "/", NULL, 100, false, 0, false);
	CHECK_INT(ks_gen_write(&s, &text, &len, err, sizeof(err)), -EINVAL); /* with autopart */
	ks_settings_free(&s);

	build(&s, KS_RHEL8, c);
	s.autopart = false;
	add_net(&s, "eth0", true);
	add_net(&s, "eth0", true);
	s.nets[1].vlanid = 5;
	CHECK_INT(ks_gen_write(&s, &text, &len, err, sizeof(err)), -EINVAL);
	ks_settings_free(&s);

	build(&s, KS_RHEL6, c);
	s.rootpw_lock = true;
	CHECK_INT(ks_gen_write(&s, &text, &len, err, sizeof(err)), -EINVAL);
	ks_settings_free(&s);

	build(&s, KS_RHEL8, c);
	free(s.lang);
	s.lang = S("en\nrootpw x");
	CHECK_INT(ks_gen_write(&s, &text, &len, err, sizeof(err)), -EINVAL);
	ks_settings_free(&s);
}

TEST_MAIN()
