/* Parsed kickstart -> settings: the inverse of ks_gen_write for everything
 * it writes, and a best effort for hand-written files (options the settings
 * have no field for are skipped; a clear-text rootpw is dropped because
 * settings only carry hashes). Commands are bound with the version's tables
 * exactly as the checker binds them. */
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "kickstart/ks_bind.h"
#include "kickstart/ks_gen.h"
#include "kickstart/ks_lex.h"

struct rd {
	struct ks_settings *s;
	struct ks_arena scratch;
	int err;
};

static const char *val(const struct ks_bound *b, const char *name)
{
	return ks_bound_value(b, name);
}

static bool has(const struct ks_bound *b, const char *name)
{
	return ks_bound_find(b, name) != NULL;
}

static void set(struct rd *r, char **dst, const char *v)
{
	if (!v)
		return;
	char *c = strdup(v);
	if (!c) {
		r->err = -ENOMEM;
		return;
	}
	free(*dst);
	*dst = c;
}

static int64_t ival(const struct ks_bound *b, const char *name)
{
	const struct ks_occ *o = ks_bound_find(b, name);
	int64_t v = 0;
	if (o && o->value)
		ks_parse_pyint(o->value->s, o->value->len, &v);
	return v;
}

static void add_csv(struct rd *r, struct ks_strv *v, const char *csv)
{
	if (csv && ks_strv_add_csv(v, csv) < 0)
		r->err = -ENOMEM;
}

/* Every value of a repeatable option, in order. */
static void add_all(struct rd *r, struct ks_strv *v, const struct ks_bound *b, const char *name)
{
	for (size_t i = 0; i < b->nocc; i++)
		if (strcmp(b->occ[i].opt->names[0], name) == 0 && b->occ[i].value)
			add_csv(r, v, b->occ[i].value->s);
}

/* The option among `names` given last (argparse: the last one sets the
 * shared destination), or -1. */
static int last_of(const struct ks_bound *b, const char *const *names, size_t n)
{
	int best = -1;
	size_t idx = 0;
	for (size_t i = 0; i < n; i++) {
		const struct ks_occ *o = ks_bound_find(b, names[i]);
		if (o && (best < 0 || o->index >= idx)) {
			best = (int)i;
			idx = o->index;
		}
	}
	return best;
}

static void *grow(struct rd *r, void *arr, size_t *n, size_t size)
{
	void *na = realloc(arr, (*n + 1) * size);
	if (!na) {
		r->err = -ENOMEM;
		return NULL;
	}
	memset((char *)na + *n * size, 0, size);
	(*n)++;
	return na;
}

/* The text after the command name, as pykickstart's free-form commands take
 * it (currentLine[len(cmd):].strip()). */
static void rest_of_line(struct rd *r, char **dst, const struct ks_node *n)
{
	const char *p = n->raw;
	size_t len = n->rawlen, i = 0;
	size_t cl = n->words[0].len;
	/* skip as many characters as the command name has */
	for (size_t k = 0; k < cl && i < len; k++) {
		uint32_t cp;
		i += ks_utf8_decode(p + i, len - i, &cp);
	}
	while (i < len) {
		uint32_t cp;
		size_t m = ks_utf8_decode(p + i, len - i, &cp);
		if (!ks_py_isspace(cp))
			break;
		i += m;
	}
	while (len > i && (p[len - 1] == ' ' || p[len - 1] == '\t' || p[len - 1] == '\r'))
		len--;
	char *c = strndup(p + i, len - i);
	if (!c) {
		r->err = -ENOMEM;
		return;
	}
	free(*dst);
	*dst = c;
}

static void read_command(struct rd *r, const struct ks_node *n)
{
	struct ks_settings *s = r->s;
	enum ks_version v = s->version;
	const struct ks_word *w0 = &n->words[0];
	if (memchr(w0->s, 0, w0->len))
		return;
	const struct ks_command *cmd = ks_command_find(w0->s, v);
	if (!cmd || ks_command_status(cmd, v) != KS_OK)
		return;
	const char *name = cmd->name;
	if (cmd->flags & KS_CMD_FREEFORM) {
		if (!strcmp(name, "auth") || !strcmp(name, "authconfig") || !strcmp(name, "authselect"))
			rest_of_line(r, &s->auth, n);
		return;
	}
	struct ks_bound b;
	struct ks_bind_error be;
	unsigned flags = cmd->flags;
	if (!strcmp(name, "raid") || !strcmp(name, "volgroup"))
		flags |= KS_CMD_EXTRAS_POSITIONAL;
	if (ks_bind(&r->scratch, cmd->options, cmd->positionals, flags, v, n->words + 1, n->nwords - 1,
		    &b, &be) < 0)
		return;
	const char *p0 = b.npos ? b.pos[0]->s : NULL;

	if (!strcmp(name, "lang")) {
		set(r, &s->lang, p0);
	} else if (!strcmp(name, "keyboard")) {
		if (val(&b, "--vckeymap"))
			set(r, &s->keyboard, val(&b, "--vckeymap"));
		else if (p0)
			set(r, &s->keyboard, p0);
		else if (val(&b, "--xlayouts")) {
			struct ks_strv x = { 0 };
			add_csv(r, &x, val(&b, "--xlayouts"));
			if (x.n)
				set(r, &s->keyboard, x.v[0]);
			ks_strv_free(&x);
		}
	} else if (!strcmp(name, "timezone")) {
		set(r, &s->timezone, p0);
		s->utc = has(&b, "--utc") || has(&b, "--isUtc");
	} else if (!strcmp(name, "rootpw")) {
		free(s->rootpw_hash);
		s->rootpw_hash = NULL;
		if (p0 && has(&b, "--iscrypted"))
			set(r, &s->rootpw_hash, p0);
		s->rootpw_lock = has(&b, "--lock");
	} else if (!strcmp(name, "reboot")) {
		s->finish = KS_FINISH_REBOOT;
	} else if (!strcmp(name, "poweroff")) {
		s->finish = KS_FINISH_POWEROFF;
	} else if (!strcmp(name, "halt")) {
		s->finish = KS_FINISH_HALT;
	} else if (!strcmp(name, "shutdown")) {
		s->finish = KS_FINISH_SHUTDOWN;
	} else if (!strcmp(name, "text")) {
		s->display = KS_DISPLAY_TEXT;
	} else if (!strcmp(name, "graphical")) {
		s->display = KS_DISPLAY_GRAPHICAL;
	} else if (!strcmp(name, "cmdline")) {
		s->display = KS_DISPLAY_CMDLINE;
	} else if (!strcmp(name, "cdrom")) {
		s->method = KS_METHOD_CDROM;
	} else if (!strcmp(name, "url")) {
		s->method = KS_METHOD_URL;
		set(r, &s->url, val(&b, "--url"));
		set(r, &s->proxy, val(&b, "--proxy"));
	} else if (!strcmp(name, "nfs")) {
		s->method = KS_METHOD_NFS;
		set(r, &s->nfs_server, val(&b, "--server"));
		set(r, &s->nfs_dir, val(&b, "--dir"));
		set(r, &s->nfs_opts, val(&b, "--opts"));
	} else if (!strcmp(name, "harddrive")) {
		s->method = KS_METHOD_HARDDRIVE;
		set(r, &s->hd_partition, val(&b, "--partition"));
		set(r, &s->hd_dir, val(&b, "--dir"));
	} else if (!strcmp(name, "bootloader")) {
		s->bootloader = true;
		set(r, &s->bl_location, val(&b, "--location"));
		set(r, &s->bl_append, val(&b, "--append"));
		set(r, &s->bl_driveorder, val(&b, "--driveorder"));
		if (val(&b, "--md5pass"))
			set(r, &s->bl_password_hash, val(&b, "--md5pass"));
		else if (val(&b, "--password") && has(&b, "--iscrypted"))
			set(r, &s->bl_password_hash, val(&b, "--password"));
	} else if (!strcmp(name, "zerombr")) {
		s->zerombr = true;
	} else if (!strcmp(name, "clearpart")) {
		static const char *const modes[] = { "--all", "--linux", "--none" };
		int m = last_of(&b, modes, 3);
		s->clearpart = m < 0 ? KS_CLEAR_UNSET : (enum ks_clearpart)(m + 1);
		s->initlabel = has(&b, "--initlabel");
		set(r, &s->clear_drives, val(&b, "--drives"));
	} else if (!strcmp(name, "ignoredisk")) {
		set(r, &s->ignoredisk_only, val(&b, "--only-use"));
	} else if (!strcmp(name, "autopart")) {
		s->autopart = true;
		set(r, &s->autopart_type, val(&b, "--type"));
	} else if (!strcmp(name, "part") || !strcmp(name, "partition")) {
		struct ks_gen_part *np = grow(r, s->parts, &s->nparts, sizeof(*np));
		if (!np)
			return;
		s->parts = np;
		struct ks_gen_part *p = &s->parts[s->nparts - 1];
		set(r, &p->mnt, p0);
		set(r, &p->fstype, val(&b, "--fstype"));
		p->size = ival(&b, "--size");
		p->grow = has(&b, "--grow");
		p->maxsize = ival(&b, "--maxsize");
		p->recommended = has(&b, "--recommended");
		set(r, &p->ondisk, val(&b, "--ondisk"));
		p->asprimary = has(&b, "--asprimary");
	} else if (!strcmp(name, "raid")) {
		struct ks_gen_raid *nr = grow(r, s->raids, &s->nraids, sizeof(*nr));
		if (!nr)
			return;
		s->raids = nr;
		struct ks_gen_raid *rd = &s->raids[s->nraids - 1];
		set(r, &rd->mnt, p0);
		const char *lv = val(&b, "--level");
		if (lv) {
			if (!strncasecmp(lv, "raid", 4))
				lv += 4;
			rd->level = atoi(lv);
		}
		set(r, &rd->device, val(&b, "--device"));
		set(r, &rd->fstype, val(&b, "--fstype"));
		rd->spares = (int)ival(&b, "--spares");
		for (size_t i = 1; i < b.npos; i++)
			if (ks_strv_add(&rd->members, b.pos[i]->s) < 0)
				r->err = -ENOMEM;
		if (b.npos <= 1)
			for (size_t i = 0; i < b.nextras; i++)
				if (ks_strv_add(&rd->members, b.extras[i]->s) < 0)
					r->err = -ENOMEM;
	} else if (!strcmp(name, "volgroup")) {
		struct ks_gen_vg *ng = grow(r, s->vgs, &s->nvgs, sizeof(*ng));
		if (!ng)
			return;
		s->vgs = ng;
		struct ks_gen_vg *g = &s->vgs[s->nvgs - 1];
		size_t nname = b.ngroups > 0 ? b.group_count[0] : b.npos;
		size_t npart = b.ngroups > 1 ? b.group_count[1] : 0;
		if (nname)
			set(r, &g->name, b.pos[0]->s);
		if (npart) {
			for (size_t i = 0; i < npart; i++)
				ks_strv_add(&g->pvs, b.pos[nname + i]->s);
		} else if (b.nextras) {
			for (size_t i = 0; i < b.nextras; i++)
				ks_strv_add(&g->pvs, b.extras[i]->s);
		} else {
			for (size_t i = 1; i < nname; i++)
				ks_strv_add(&g->pvs, b.pos[i]->s);
		}
		g->pesize = ival(&b, "--pesize");
	} else if (!strcmp(name, "logvol")) {
		struct ks_gen_lv *nl = grow(r, s->lvs, &s->nlvs, sizeof(*nl));
		if (!nl)
			return;
		s->lvs = nl;
		struct ks_gen_lv *l = &s->lvs[s->nlvs - 1];
		set(r, &l->mnt, p0);
		set(r, &l->vg, val(&b, "--vgname"));
		set(r, &l->name, val(&b, "--name"));
		set(r, &l->fstype, val(&b, "--fstype"));
		l->size = ival(&b, "--size");
		l->grow = has(&b, "--grow");
		l->maxsize = ival(&b, "--maxsize");
	} else if (!strcmp(name, "network")) {
		struct ks_gen_net *nn = grow(r, s->nets, &s->nnets, sizeof(*nn));
		if (!nn)
			return;
		s->nets = nn;
		struct ks_gen_net *ne = &s->nets[s->nnets - 1];
		set(r, &ne->device, val(&b, "--device"));
		const char *bp = val(&b, "--bootproto");
		ne->dhcp = !bp || !strcmp(bp, "dhcp");
		set(r, &ne->ip, val(&b, "--ip"));
		set(r, &ne->netmask, val(&b, "--netmask"));
		set(r, &ne->gateway, val(&b, "--gateway"));
		set(r, &ne->nameserver, val(&b, "--nameserver"));
		const struct ks_occ *ob = ks_bound_find(&b, "--onboot");
		if (ob && ob->value) {
			bool on;
			if (ks_parse_bool(ob->value->s, ob->value->len, &on))
				ne->onboot = on ? KS_ON : KS_OFF;
		}
		ne->noipv6 = has(&b, "--noipv6");
		ne->activate = has(&b, "--activate");
		set(r, &ne->hostname, val(&b, "--hostname"));
		set(r, &ne->bondslaves, val(&b, "--bondslaves"));
		set(r, &ne->bondopts, val(&b, "--bondopts"));
		if (val(&b, "--vlanid"))
			ne->vlanid = atoi(val(&b, "--vlanid"));
		set(r, &ne->interfacename, val(&b, "--interfacename"));
	} else if (!strcmp(name, "firewall")) {
		static const char *const modes[] = { "--enabled", "--disabled" };
		int m = last_of(&b, modes, 2);
		s->firewall = m == 0 ? KS_ON : m == 1 ? KS_OFF : KS_ON;
		ks_strv_free(&s->fw_services);
		ks_strv_free(&s->fw_ports);
		ks_strv_free(&s->fw_trust);
		add_all(r, &s->fw_services, &b, "--service");
		add_all(r, &s->fw_ports, &b, "--port");
		add_all(r, &s->fw_trust, &b, "--trust");
	} else if (!strcmp(name, "selinux")) {
		static const char *const modes[] = { "--enforcing", "--permissive", "--disabled" };
		int m = last_of(&b, modes, 3);
		s->selinux = m < 0 ? KS_SELINUX_UNSET : (enum ks_selinux)(m + 1);
	} else if (!strcmp(name, "skipx")) {
		s->xorg = KS_OFF;
	} else if (!strcmp(name, "xconfig")) {
		s->xorg = KS_ON;
		s->startxonboot = has(&b, "--startxonboot");
		set(r, &s->defaultdesktop, val(&b, "--defaultdesktop"));
	} else if (!strcmp(name, "firstboot")) {
		static const char *const modes[] = { "--enable", "--disable", "--reconfig" };
		int m = last_of(&b, modes, 3);
		s->firstboot = m < 0 ? KS_FIRSTBOOT_UNSET : (enum ks_firstboot)(m + 1);
	} else if (!strcmp(name, "services")) {
		ks_strv_free(&s->svc_enabled);
		ks_strv_free(&s->svc_disabled);
		add_csv(r, &s->svc_enabled, val(&b, "--enabled"));
		add_csv(r, &s->svc_disabled, val(&b, "--disabled"));
	}
}

static void read_packages(struct rd *r, const struct ks_node *n)
{
	struct ks_settings *s = r->s;
	s->packages = true;
	for (size_t i = 1; i < n->nwords; i++)
		if (ks_word_is(&n->words[i], "--ignoremissing"))
			s->ignoremissing = true;
	for (size_t i = 0; i < n->nbody; i++) {
		const struct ks_body_line *l = &n->body[i];
		size_t len = l->len;
		const char *h = memchr(l->s, '#', len);
		if (h)
			len = (size_t)(h - l->s);
		size_t st = 0;
		while (st < len && (l->s[st] == ' ' || l->s[st] == '\t'))
			st++;
		while (len > st && (l->s[len - 1] == ' ' || l->s[len - 1] == '\t' || l->s[len - 1] == '\r'))
			len--;
		if (st >= len)
			continue;
		const char *p = l->s + st;
		size_t pl = len - st;
		char *item;
		if (pl >= 2 && p[0] == '@' && p[1] == '^') {
			item = strndup(p + 2, pl - 2);
			if (!item) {
				r->err = -ENOMEM;
				return;
			}
			free(s->environment);
			s->environment = item;
			continue;
		}
		struct ks_strv *dst = &s->pkgs;
		if (p[0] == '@') {
			dst = &s->groups;
			p++, pl--;
			size_t k = 0;
			while (k < pl && p[k] != ' ' && p[k] != '\t')
				k++;
			pl = k;
		} else if (p[0] == '-') {
			dst = &s->excludes;
			p++, pl--;
		}
		item = strndup(p, pl);
		if (!item || ks_strv_add(dst, item) < 0)
			r->err = -ENOMEM;
		free(item);
	}
}

static void read_script(struct rd *r, const struct ks_node *n, bool post)
{
	struct ks_settings *s = r->s;
	struct ks_gen_script **arr = post ? &s->post : &s->pre;
	size_t *cnt = post ? &s->npost : &s->npre;
	struct ks_gen_script *na = grow(r, *arr, cnt, sizeof(*na));
	if (!na)
		return;
	*arr = na;
	struct ks_gen_script *sc = &na[*cnt - 1];
	const struct ks_section *sec = ks_section_find(post ? "%post" : "%pre", s->version);
	struct ks_bound b;
	struct ks_bind_error be;
	if (sec && ks_bind(&r->scratch, sec->options, NULL, 0, s->version, n->words + 1, n->nwords - 1,
			   &b, &be) == 0) {
		set(r, &sc->interpreter, val(&b, "--interpreter"));
		set(r, &sc->log, val(&b, "--log"));
		sc->erroronfail = has(&b, "--erroronfail");
		sc->nochroot = has(&b, "--nochroot");
	}
	size_t total = 0;
	for (size_t i = 0; i < n->nbody; i++)
		total += n->body[i].len + 1;
	if (!total)
		return;
	char *body = malloc(total + 1);
	if (!body) {
		r->err = -ENOMEM;
		return;
	}
	size_t k = 0;
	for (size_t i = 0; i < n->nbody; i++) {
		memcpy(body + k, n->body[i].s, n->body[i].len);
		k += n->body[i].len;
		body[k++] = '\n';
	}
	body[k] = 0;
	sc->body = body;
}

int ks_gen_read(const struct ks_doc *doc, enum ks_version v, struct ks_settings *out)
{
	memset(out, 0, sizeof(*out));
	out->version = v;
	struct rd r = { .s = out };
	for (size_t i = 0; i < doc->n && !r.err; i++) {
		const struct ks_node *n = &doc->nodes[i];
		if (n->kind == KS_NODE_COMMAND) {
			read_command(&r, n);
		} else if (n->kind == KS_NODE_SECTION && !n->continued) {
			if (ks_word_is(&n->words[0], "%packages"))
				read_packages(&r, n);
			else if (ks_word_is(&n->words[0], "%pre"))
				read_script(&r, n, false);
			else if (ks_word_is(&n->words[0], "%post"))
				read_script(&r, n, true);
		}
	}
	ks_arena_free(&r.scratch);
	if (r.err) {
		ks_settings_free(out);
		return r.err;
	}
	return 0;
}
