/* Settings -> kickstart text, one commented block per system-config-kickstart
 * page, in the syntax of the target version (install/auth only where they
 * are still valid, keyboard and timezone forms per version, bootloader
 * password forms per boot loader, %end always). Values are quoted whenever
 * shlex would otherwise split them or '#' would start a comment. */
#include "kickstart/ks_gen.h"

#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "kickstart/ks_bind.h"
#include "kickstart/ks_check_int.h"
#include "kickstart/ks_lex.h"

/* ---- strv ----------------------------------------------------------------- */

int ks_strv_add(struct ks_strv *v, const char *s)
{
	char *c = strdup(s);
	if (!c)
		return -ENOMEM;
	char **nv = realloc(v->v, (v->n + 1) * sizeof(*nv));
	if (!nv) {
		free(c);
		return -ENOMEM;
	}
	nv[v->n++] = c;
	v->v = nv;
	return 0;
}

void ks_strv_free(struct ks_strv *v)
{
	for (size_t i = 0; i < v->n; i++)
		free(v->v[i]);
	free(v->v);
	v->v = NULL;
	v->n = 0;
}

int ks_strv_add_csv(struct ks_strv *v, const char *csv)
{
	const char *p = csv;
	while (p && *p) {
		const char *e = strchr(p, ',');
		size_t len = e ? (size_t)(e - p) : strlen(p);
		while (len && (*p == ' ' || *p == '\t'))
			p++, len--;
		while (len && (p[len - 1] == ' ' || p[len - 1] == '\t'))
			len--;
		if (len) {
			char *item = strndup(p, len);
			if (!item)
				return -ENOMEM;
			int r = ks_strv_add(v, item);
			free(item);
			if (r < 0)
				return r;
		}
		p = e ? e + 1 : NULL;
	}
	return 0;
}

/* ---- defaults, free, equality --------------------------------------------- */

static char *dup0(const char *s)
{
	return s ? strdup(s) : NULL;
}

void ks_settings_defaults(struct ks_settings *s, enum ks_version v)
{
	memset(s, 0, sizeof(*s));
	s->version = v;
	s->lang = dup0("en_US.UTF-8");
	s->keyboard = dup0("us");
	s->timezone = dup0("Etc/UTC");
	s->utc = true;
	s->finish = KS_FINISH_REBOOT;
	s->display = KS_DISPLAY_TEXT;
	s->bootloader = true;
	s->bl_location = dup0("mbr");
	s->zerombr = true;
	s->clearpart = KS_CLEAR_ALL;
	s->initlabel = true;
	s->autopart = true;
	if (v <= KS_RHEL7)
		s->auth = dup0("--enableshadow --passalgo=sha512");
	s->firewall = KS_ON;
	ks_strv_add(&s->fw_services, "ssh");
	s->selinux = KS_SELINUX_ENFORCING;
	s->xorg = KS_OFF;
	s->firstboot = KS_FIRSTBOOT_DISABLE;
	s->packages = true;
	ks_strv_add(&s->groups, "core");
}

static void free_script(struct ks_gen_script *sc)
{
	free(sc->interpreter);
	free(sc->log);
	free(sc->body);
}

void ks_settings_free(struct ks_settings *s)
{
	free(s->lang);
	free(s->keyboard);
	free(s->timezone);
	free(s->rootpw_hash);
	free(s->url);
	free(s->proxy);
	free(s->nfs_server);
	free(s->nfs_dir);
	free(s->nfs_opts);
	free(s->hd_partition);
	free(s->hd_dir);
	free(s->bl_location);
	free(s->bl_append);
	free(s->bl_driveorder);
	free(s->bl_password_hash);
	free(s->clear_drives);
	free(s->ignoredisk_only);
	free(s->autopart_type);
	for (size_t i = 0; i < s->nparts; i++) {
		free(s->parts[i].mnt);
		free(s->parts[i].fstype);
		free(s->parts[i].ondisk);
	}
	free(s->parts);
	for (size_t i = 0; i < s->nvgs; i++) {
		free(s->vgs[i].name);
		ks_strv_free(&s->vgs[i].pvs);
	}
	free(s->vgs);
	for (size_t i = 0; i < s->nlvs; i++) {
		free(s->lvs[i].mnt);
		free(s->lvs[i].vg);
		free(s->lvs[i].name);
		free(s->lvs[i].fstype);
	}
	free(s->lvs);
	for (size_t i = 0; i < s->nraids; i++) {
		free(s->raids[i].mnt);
		free(s->raids[i].device);
		free(s->raids[i].fstype);
		ks_strv_free(&s->raids[i].members);
	}
	free(s->raids);
	for (size_t i = 0; i < s->nnets; i++) {
		struct ks_gen_net *n = &s->nets[i];
		free(n->device);
		free(n->ip);
		free(n->netmask);
		free(n->gateway);
		free(n->nameserver);
		free(n->hostname);
		free(n->bondslaves);
		free(n->bondopts);
		free(n->interfacename);
	}
	free(s->nets);
	free(s->auth);
	ks_strv_free(&s->fw_services);
	ks_strv_free(&s->fw_ports);
	ks_strv_free(&s->fw_trust);
	free(s->defaultdesktop);
	ks_strv_free(&s->svc_enabled);
	ks_strv_free(&s->svc_disabled);
	free(s->environment);
	ks_strv_free(&s->groups);
	ks_strv_free(&s->pkgs);
	ks_strv_free(&s->excludes);
	for (size_t i = 0; i < s->npre; i++)
		free_script(&s->pre[i]);
	free(s->pre);
	for (size_t i = 0; i < s->npost; i++)
		free_script(&s->post[i]);
	free(s->post);
	memset(s, 0, sizeof(*s));
}

static bool seq(const char *a, const char *b)
{
	if (!a || !b)
		return a == b;
	return strcmp(a, b) == 0;
}

static bool veq(const struct ks_strv *a, const struct ks_strv *b)
{
	if (a->n != b->n)
		return false;
	for (size_t i = 0; i < a->n; i++)
		if (strcmp(a->v[i], b->v[i]) != 0)
			return false;
	return true;
}

static bool script_eq(const struct ks_gen_script *a, const struct ks_gen_script *b)
{
	return seq(a->interpreter, b->interpreter) && a->nochroot == b->nochroot &&
	       seq(a->log, b->log) && a->erroronfail == b->erroronfail && seq(a->body, b->body);
}

bool ks_settings_equal(const struct ks_settings *a, const struct ks_settings *b)
{
	if (a->version != b->version || !seq(a->lang, b->lang) || !seq(a->keyboard, b->keyboard) ||
	    !seq(a->timezone, b->timezone) || a->utc != b->utc || !seq(a->rootpw_hash, b->rootpw_hash) ||
	    a->rootpw_lock != b->rootpw_lock || a->finish != b->finish || a->display != b->display)
		return false;
	if (a->method != b->method || !seq(a->url, b->url) || !seq(a->proxy, b->proxy) ||
	    !seq(a->nfs_server, b->nfs_server) || !seq(a->nfs_dir, b->nfs_dir) ||
	    !seq(a->nfs_opts, b->nfs_opts) || !seq(a->hd_partition, b->hd_partition) ||
	    !seq(a->hd_dir, b->hd_dir))
		return false;
	if (a->bootloader != b->bootloader || !seq(a->bl_location, b->bl_location) ||
	    !seq(a->bl_append, b->bl_append) || !seq(a->bl_driveorder, b->bl_driveorder) ||
	    !seq(a->bl_password_hash, b->bl_password_hash))
		return false;
	if (a->zerombr != b->zerombr || a->clearpart != b->clearpart || a->initlabel != b->initlabel ||
	    !seq(a->clear_drives, b->clear_drives) || !seq(a->ignoredisk_only, b->ignoredisk_only) ||
	    a->autopart != b->autopart || !seq(a->autopart_type, b->autopart_type))
		return false;
	if (a->nparts != b->nparts || a->nvgs != b->nvgs || a->nlvs != b->nlvs || a->nraids != b->nraids ||
	    a->nnets != b->nnets || a->npre != b->npre || a->npost != b->npost)
		return false;
	for (size_t i = 0; i < a->nparts; i++) {
		const struct ks_gen_part *x = &a->parts[i], *y = &b->parts[i];
		if (!seq(x->mnt, y->mnt) || !seq(x->fstype, y->fstype) || x->size != y->size ||
		    x->grow != y->grow || x->maxsize != y->maxsize || x->recommended != y->recommended ||
		    !seq(x->ondisk, y->ondisk) || x->asprimary != y->asprimary)
			return false;
	}
	for (size_t i = 0; i < a->nvgs; i++)
		if (!seq(a->vgs[i].name, b->vgs[i].name) || !veq(&a->vgs[i].pvs, &b->vgs[i].pvs) ||
		    a->vgs[i].pesize != b->vgs[i].pesize)
			return false;
	for (size_t i = 0; i < a->nlvs; i++) {
		const struct ks_gen_lv *x = &a->lvs[i], *y = &b->lvs[i];
		if (!seq(x->mnt, y->mnt) || !seq(x->vg, y->vg) || !seq(x->name, y->name) ||
		    !seq(x->fstype, y->fstype) || x->size != y->size || x->grow != y->grow ||
		    x->maxsize != y->maxsize)
			return false;
	}
	for (size_t i = 0; i < a->nraids; i++) {
		const struct ks_gen_raid *x = &a->raids[i], *y = &b->raids[i];
		if (!seq(x->mnt, y->mnt) || !seq(x->device, y->device) || x->level != y->level ||
		    !veq(&x->members, &y->members) || !seq(x->fstype, y->fstype) || x->spares != y->spares)
			return false;
	}
	for (size_t i = 0; i < a->nnets; i++) {
		const struct ks_gen_net *x = &a->nets[i], *y = &b->nets[i];
		if (!seq(x->device, y->device) || x->dhcp != y->dhcp || !seq(x->ip, y->ip) ||
		    !seq(x->netmask, y->netmask) || !seq(x->gateway, y->gateway) ||
		    !seq(x->nameserver, y->nameserver) || x->onboot != y->onboot ||
		    x->activate != y->activate || x->noipv6 != y->noipv6 || !seq(x->hostname, y->hostname) ||
		    !seq(x->bondslaves, y->bondslaves) || !seq(x->bondopts, y->bondopts) ||
		    x->vlanid != y->vlanid || !seq(x->interfacename, y->interfacename))
			return false;
	}
	if (!seq(a->auth, b->auth) || a->firewall != b->firewall || !veq(&a->fw_services, &b->fw_services) ||
	    !veq(&a->fw_ports, &b->fw_ports) || !veq(&a->fw_trust, &b->fw_trust) || a->selinux != b->selinux)
		return false;
	if (a->xorg != b->xorg || a->startxonboot != b->startxonboot ||
	    !seq(a->defaultdesktop, b->defaultdesktop) || a->firstboot != b->firstboot)
		return false;
	if (!veq(&a->svc_enabled, &b->svc_enabled) || !veq(&a->svc_disabled, &b->svc_disabled))
		return false;
	if (a->packages != b->packages || !seq(a->environment, b->environment) ||
	    !veq(&a->groups, &b->groups) || !veq(&a->pkgs, &b->pkgs) || !veq(&a->excludes, &b->excludes) ||
	    a->ignoremissing != b->ignoremissing)
		return false;
	for (size_t i = 0; i < a->npre; i++)
		if (!script_eq(&a->pre[i], &b->pre[i]))
			return false;
	for (size_t i = 0; i < a->npost; i++)
		if (!script_eq(&a->post[i], &b->post[i]))
			return false;
	return true;
}

/* ---- validation ----------------------------------------------------------- */

struct verr {
	char *buf;
	size_t len;
	int bad;
};

static void fail(struct verr *e, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

static void fail(struct verr *e, const char *fmt, ...)
{
	if (e->bad)
		return;
	e->bad = 1;
	if (e->buf && e->len) {
		va_list ap;
		va_start(ap, fmt);
		vsnprintf(e->buf, e->len, fmt, ap);
		va_end(ap);
	}
}

/* A value must fit on one kickstart line: no line break of any kind Python's
 * splitlines() knows, no NUL, valid UTF-8. */
static bool one_line(const char *s)
{
	size_t len = strlen(s), bad;
	if (ks_utf8_check(s, len, &bad) < 0)
		return false;
	size_t off = 0;
	struct ks_line l;
	if (!ks_next_line(s, len, &off, &l))
		return true;
	return l.term == 0;
}

static void check_value(struct verr *e, const char *what, const char *s)
{
	if (s && !one_line(s))
		fail(e, "%s: the value must be valid UTF-8 on a single line", what);
}

/* Positional words must not look like options or be empty. */
static void check_word(struct verr *e, const char *what, const char *s)
{
	if (!s)
		return;
	check_value(e, what, s);
	if (!*s)
		fail(e, "%s: the value must not be empty", what);
	else if (s[0] == '-')
		fail(e, "%s: '%s' would be read as an option (it starts with '-')", what, s);
}

static void check_list(struct verr *e, const char *what, const struct ks_strv *v)
{
	for (size_t i = 0; i < v->n; i++) {
		check_value(e, what, v->v[i]);
		if (!v->v[i][0] || strchr(v->v[i], ','))
			fail(e, "%s: list items must be non-empty and contain no ','", what);
	}
}

/* Script lines that would end or open a section, or be expanded, are not
 * script text any more. */
static void check_script(struct verr *e, const char *sec, const struct ks_gen_script *sc)
{
	check_value(e, sec, sc->interpreter);
	check_value(e, sec, sc->log);
	if (!sc->body)
		return;
	size_t len = strlen(sc->body), bad;
	if (ks_utf8_check(sc->body, len, &bad) < 0) {
		fail(e, "%s: the script is not valid UTF-8", sec);
		return;
	}
	size_t off = 0;
	struct ks_line l;
	unsigned lineno = 0;
	while (ks_next_line(sc->body, len, &off, &l)) {
		lineno++;
		if (l.term && !(l.term == 1 && l.p[l.len] == '\n')) {
			fail(e, "%s: script line %u ends in a line break other than \\n", sec, lineno);
			return;
		}
		const char *w;
		size_t wl;
		ks_line_first_word(&l, &w, &wl);
		if (wl && w[0] == '%' &&
		    ((wl == 4 && memcmp(w, "%end", 4) == 0) || (wl == 8 && memcmp(w, "%include", 8) == 0) ||
		     ks_parse_section_known(w, wl))) {
			fail(e, "%s: script line %u starts with %.*s, which would end the section", sec,
			     lineno, (int)wl, w);
			return;
		}
		size_t i = (size_t)(w - l.p);
		if (l.len - i >= 9 && memcmp(l.p + i, "%ksappend", 9) == 0) {
			fail(e, "%s: script line %u starts with %%ksappend, which is expanded before parsing",
			     sec, lineno);
			return;
		}
	}
}

/* RHEL7's rule for --interfacename: "PREFIX.ID" (PREFIX not "vlan") and
 * "vlanID" must carry a numeric VLAN id in 0-4095; both forms are checked. */
static bool vlan_name_ok(const char *ifn)
{
	bool has = false;
	int64_t id = 0;
	const char *dot = strchr(ifn, '.');
	if (dot) {
		if (dot - ifn == 4 && !strncmp(ifn, "vlan", 4))
			return false;
		if (!ks_parse_pyint(dot + 1, strlen(dot + 1), &id))
			return false;
		has = true;
	}
	if (!strncmp(ifn, "vlan", 4)) {
		if (!ks_parse_pyint(ifn + 4, strlen(ifn + 4), &id))
			return false;
		has = true;
	}
	return !has || (id >= 0 && id <= 4095);
}

int ks_gen_validate(const struct ks_settings *s, char *err, size_t errlen)
{
	struct verr e = { err, errlen, 0 };
	enum ks_version v = s->version;
	if (!ks_version_info(v))
		fail(&e, "unknown version");
	check_word(&e, "lang", s->lang);
	check_word(&e, "keyboard", s->keyboard);
	check_word(&e, "timezone", s->timezone);
	check_word(&e, "rootpw", s->rootpw_hash);
	if (v == KS_RHEL6 && s->rootpw_lock && !s->rootpw_hash)
		fail(&e, "rootpw: RHEL6 cannot lock root without a password");
	switch (s->method) {
	case KS_METHOD_URL:
		if (!s->url || !*s->url)
			fail(&e, "url: the installation tree URL is required");
		check_value(&e, "url", s->url);
		check_value(&e, "url --proxy", s->proxy);
		break;
	case KS_METHOD_NFS:
		if (!s->nfs_server || !*s->nfs_server || !s->nfs_dir || !*s->nfs_dir)
			fail(&e, "nfs: --server and --dir are required");
		check_value(&e, "nfs", s->nfs_server);
		check_value(&e, "nfs", s->nfs_dir);
		check_value(&e, "nfs", s->nfs_opts);
		break;
	case KS_METHOD_HARDDRIVE:
		if (!s->hd_partition || !*s->hd_partition || !s->hd_dir || !*s->hd_dir)
			fail(&e, "harddrive: --partition and --dir are required");
		check_value(&e, "harddrive", s->hd_partition);
		check_value(&e, "harddrive", s->hd_dir);
		break;
	default:
		break;
	}
	if (s->bl_location) {
		static const char *const locs[] = { "mbr", "partition", "none", "boot" };
		bool ok = false;
		for (size_t i = 0; i < 4; i++)
			ok |= strcmp(s->bl_location, locs[i]) == 0;
		if (!ok)
			fail(&e, "bootloader: --location must be mbr, partition, none or boot");
	}
	check_value(&e, "bootloader --append", s->bl_append);
	check_value(&e, "bootloader --driveorder", s->bl_driveorder);
	check_value(&e, "bootloader --password", s->bl_password_hash);
	if (s->bl_password_hash) {
		bool grub2 = strncmp(s->bl_password_hash, "grub.pbkdf2.", 12) == 0;
		if (v == KS_RHEL6 && strncmp(s->bl_password_hash, "$1$", 3) != 0)
			fail(&e, "bootloader: RHEL6's grub takes an MD5 crypt password ($1$...)");
		if (v != KS_RHEL6 && !grub2)
			fail(&e, "bootloader: GRUB 2 takes a grub.pbkdf2.sha512 password hash");
	}
	check_value(&e, "clearpart --drives", s->clear_drives);
	check_value(&e, "ignoredisk --only-use", s->ignoredisk_only);
	if (s->ignoredisk_only) {
		struct ks_strv disks = { 0 };
		if (ks_strv_add_csv(&disks, s->ignoredisk_only) < 0 || !disks.n)
			fail(&e, "ignoredisk --only-use: at least one disk is required");
		ks_strv_free(&disks);
	}
	if (s->autopart && (s->nparts || s->nvgs || s->nlvs || s->nraids))
		fail(&e, "autopart cannot be combined with part, volgroup, logvol or raid");
	if (s->autopart_type) {
		static const char *const types[] = { "lvm", "plain", "thinp", "btrfs" };
		bool ok = false;
		for (size_t i = 0; i < 4; i++)
			ok |= strcmp(s->autopart_type, types[i]) == 0;
		if (!ok || v == KS_RHEL6)
			fail(&e, "autopart --type: lvm, plain or thinp (RHEL7 and later)");
		if (strcmp(s->autopart_type, "btrfs") == 0 && (v == KS_RHEL8 || v == KS_RHEL9))
			fail(&e, "autopart --type=btrfs is not supported in %s", ks_version_name(v));
	}
	for (size_t i = 0; i < s->nparts; i++) {
		const struct ks_gen_part *p = &s->parts[i];
		check_word(&e, "part", p->mnt);
		check_value(&e, "part --fstype", p->fstype);
		check_value(&e, "part --ondisk", p->ondisk);
		if (!p->mnt)
			fail(&e, "part: a mount point is required");
		if (p->size <= 0 && !p->recommended)
			fail(&e, "part %s: a size (MiB) or --recommended is required", p->mnt ? p->mnt : "");
		if (p->mnt && strcmp(p->mnt, "swap") != 0) {
			/* duplicates as pykickstart sees them: "/home" = "/home/" */
			struct ks_arena a = { 0 };
			char *mine = ks_normpath(&a, p->mnt);
			for (size_t k = 0; k < i && mine; k++) {
				char *other = s->parts[k].mnt ? ks_normpath(&a, s->parts[k].mnt) : NULL;
				if (other && strcmp(other, mine) == 0)
					fail(&e, "part %s is given twice", p->mnt);
			}
			ks_arena_free(&a);
		}
		if ((v == KS_RHEL8 || v == KS_RHEL9) &&
		    ((p->fstype && strcmp(p->fstype, "btrfs") == 0) || (p->mnt && !strncmp(p->mnt, "btrfs.", 6))))
			fail(&e, "part: btrfs is not supported in %s", ks_version_name(v));
		if (p->fstype && strcmp(p->fstype, "tmpfs") == 0 && (p->grow || p->maxsize) && v != KS_RHEL6)
			fail(&e, "part: tmpfs cannot use --grow or --maxsize");
	}
	for (size_t i = 0; i < s->nvgs; i++) {
		const struct ks_gen_vg *g = &s->vgs[i];
		check_word(&e, "volgroup", g->name);
		if (!g->name || !g->pvs.n)
			fail(&e, "volgroup: a name and physical volumes are required");
		for (size_t k = 0; k < g->pvs.n; k++)
			check_word(&e, "volgroup", g->pvs.v[k]);
		for (size_t k = 0; k < i; k++)
			if (g->name && s->vgs[k].name && strcmp(g->name, s->vgs[k].name) == 0)
				fail(&e, "volgroup %s is given twice", g->name);
	}
	for (size_t i = 0; i < s->nlvs; i++) {
		const struct ks_gen_lv *l = &s->lvs[i];
		check_word(&e, "logvol", l->mnt);
		check_value(&e, "logvol", l->vg);
		check_value(&e, "logvol", l->name);
		check_value(&e, "logvol", l->fstype);
		if (!l->mnt || !l->vg || !l->name || !*l->vg || !*l->name)
			fail(&e, "logvol: a mount point, --vgname and --name are required");
		if (l->size <= 0)
			fail(&e, "logvol %s: --size (MiB) is required", l->mnt ? l->mnt : "");
		for (size_t k = 0; k < i; k++)
			if (seq(l->vg, s->lvs[k].vg) && seq(l->name, s->lvs[k].name))
				fail(&e, "logvol %s/%s is given twice", l->vg, l->name);
		if ((v == KS_RHEL8 || v == KS_RHEL9) && l->fstype && strcmp(l->fstype, "btrfs") == 0)
			fail(&e, "logvol: btrfs is not supported in %s", ks_version_name(v));
	}
	for (size_t i = 0; i < s->nraids; i++) {
		const struct ks_gen_raid *r = &s->raids[i];
		check_word(&e, "raid", r->mnt);
		check_value(&e, "raid --device", r->device);
		check_value(&e, "raid --fstype", r->fstype);
		if (!r->mnt || !r->device || !*r->device || !r->members.n)
			fail(&e, "raid: a mount point, --device and members are required");
		for (size_t k = 0; k < r->members.n; k++)
			check_word(&e, "raid", r->members.v[k]);
		if (r->level != 0 && r->level != 1 && r->level != 4 && r->level != 5 && r->level != 6 &&
		    r->level != 10)
			fail(&e, "raid: level must be 0, 1, 4, 5, 6 or 10");
		const char *dev = r->device ? (strncmp(r->device, "md", 2) == 0 ? r->device + 2 : r->device) : "";
		if (v == KS_RHEL6) {
			bool digits = *dev != 0;
			for (const char *p = dev; *p; p++)
				digits &= *p >= '0' && *p <= '9';
			if (!digits)
				fail(&e, "raid: RHEL6 needs a numbered device (md0, md1, ...)");
		}
		for (size_t k = 0; k < i; k++) {
			const char *o = s->raids[k].device;
			const char *od = o ? (strncmp(o, "md", 2) == 0 ? o + 2 : o) : "";
			/* RHEL6 compares device numbers: md01 is md1 */
			bool same = v == KS_RHEL6 ? strtoll(dev, NULL, 10) == strtoll(od, NULL, 10)
						  : strcmp(dev, od) == 0;
			if (same)
				fail(&e, "raid device %s is given twice", r->device);
		}
		if ((v == KS_RHEL8 || v == KS_RHEL9) && r->fstype && strcmp(r->fstype, "btrfs") == 0)
			fail(&e, "raid: btrfs is not supported in %s", ks_version_name(v));
	}
	size_t nodev = 0;
	for (size_t i = 0; i < s->nnets; i++) {
		const struct ks_gen_net *n = &s->nets[i];
		check_value(&e, "network --device", n->device);
		check_value(&e, "network --ip", n->ip);
		check_value(&e, "network --netmask", n->netmask);
		check_value(&e, "network --gateway", n->gateway);
		check_value(&e, "network --nameserver", n->nameserver);
		check_value(&e, "network --hostname", n->hostname);
		check_value(&e, "network --bondslaves", n->bondslaves);
		check_value(&e, "network --bondopts", n->bondopts);
		check_value(&e, "network --interfacename", n->interfacename);
		if (!n->device)
			nodev++;
		for (size_t k = 0; k < i; k++)
			if (n->device && seq(n->device, s->nets[k].device))
				fail(&e, "network: device %s is configured twice (a VLAN on a device that is "
					 "also configured needs that device named by MAC address)",
				     n->device);
		if (n->vlanid < 0 || n->vlanid > 4095)
			fail(&e, "network: VLAN id must be 1-4095");
		if (n->vlanid && !n->device)
			fail(&e, "network: a VLAN needs its parent --device");
		if (n->interfacename && v == KS_RHEL6)
			fail(&e, "network --interfacename needs RHEL7 or later");
		if (n->interfacename && v == KS_RHEL7 && !vlan_name_ok(n->interfacename))
			fail(&e, "network --interfacename: use vlanID or DEVICE.ID (ID 0-4095)");
		if (!n->dhcp && !n->ip && !n->bondslaves && !n->vlanid)
			fail(&e, "network %s: static configuration needs --ip", n->device ? n->device : "");
	}
	if (nodev > 1)
		fail(&e, "network: only one network line may lack --device");
	check_value(&e, "auth", s->auth);
	if (s->auth) {
		/* written as is after the command: it must tokenise, and '#' would
		 * start a comment for the checker but not for authconfig */
		struct ks_arena a = { 0 };
		struct ks_word *w;
		size_t nw;
		if (ks_shlex(&a, s->auth, strlen(s->auth), true, &w, &nw) != KS_SHLEX_OK ||
		    strchr(s->auth, '#'))
			fail(&e, "auth: the arguments must have balanced quotes and no '#'");
		ks_arena_free(&a);
	}
	check_list(&e, "firewall --service", &s->fw_services);
	check_list(&e, "firewall --port", &s->fw_ports);
	check_list(&e, "firewall --trust", &s->fw_trust);
	check_value(&e, "xconfig --defaultdesktop", s->defaultdesktop);
	check_list(&e, "services --enabled", &s->svc_enabled);
	check_list(&e, "services --disabled", &s->svc_disabled);
	if (s->environment && v == KS_RHEL6)
		fail(&e, "%%packages: environments (@^) need RHEL7 or later");
	check_value(&e, "%packages", s->environment);
	if (s->environment && (!*s->environment || strpbrk(s->environment, "# \t")))
		fail(&e, "%%packages: '%s' is not an environment name", s->environment);
	const struct ks_strv *pl[3] = { &s->groups, &s->pkgs, &s->excludes };
	for (size_t k = 0; k < 3; k++) {
		for (size_t i = 0; i < pl[k]->n; i++) {
			const char *p = pl[k]->v[i];
			check_value(&e, "%packages", p);
			if (!*p || strchr(p, '#') || strchr(p, ' ') || strchr(p, '\t') || p[0] == '-' ||
			    p[0] == '@' || p[0] == '%')
				fail(&e, "%%packages: '%s' is not a package or group name", p);
		}
	}
	for (size_t i = 0; i < s->npre; i++) {
		check_script(&e, "%pre", &s->pre[i]);
		if (s->pre[i].nochroot)
			fail(&e, "%%pre: --nochroot exists only for %%post");
	}
	for (size_t i = 0; i < s->npost; i++)
		check_script(&e, "%post", &s->post[i]);
	return e.bad ? -EINVAL : 0;
}

/* ---- writing -------------------------------------------------------------- */

struct out {
	char *p;
	size_t n, cap;
	bool nomem;
};

static void put(struct out *o, const char *s, size_t len)
{
	if (o->nomem)
		return;
	if (o->cap - o->n < len + 1) {
		size_t cap = o->cap ? o->cap : 4096;
		while (cap - o->n < len + 1)
			cap *= 2;
		char *np = realloc(o->p, cap);
		if (!np) {
			o->nomem = true;
			return;
		}
		o->p = np;
		o->cap = cap;
	}
	memcpy(o->p + o->n, s, len);
	o->n += len;
	o->p[o->n] = 0;
}

static void puts_(struct out *o, const char *s)
{
	put(o, s, strlen(s));
}

static void putf(struct out *o, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

static void putf(struct out *o, const char *fmt, ...)
{
	char buf[512];
	va_list ap;
	va_start(ap, fmt);
	int n = vsnprintf(buf, sizeof(buf), fmt, ap);
	va_end(ap);
	if (n < 0)
		return;
	if ((size_t)n < sizeof(buf)) {
		put(o, buf, (size_t)n);
		return;
	}
	char *big = malloc((size_t)n + 1);
	if (!big) {
		o->nomem = true;
		return;
	}
	va_start(ap, fmt);
	vsnprintf(big, (size_t)n + 1, fmt, ap);
	va_end(ap);
	put(o, big, (size_t)n);
	free(big);
}

/* A word as shlex will give it back: bare when safe, else in double quotes
 * with \" and \\ escaped. */
static void word(struct out *o, const char *s)
{
	bool plain = *s != 0;
	for (const char *p = s; *p && plain; p++)
		plain = !(*p == ' ' || *p == '\t' || *p == '#' || *p == '"' || *p == '\'' || *p == '\\' ||
			  (unsigned char)*p < 0x20 || *p == 0x7f);
	if (plain) {
		puts_(o, s);
		return;
	}
	put(o, "\"", 1);
	for (const char *p = s; *p; p++) {
		if (*p == '"' || *p == '\\')
			put(o, "\\", 1);
		put(o, p, 1);
	}
	put(o, "\"", 1);
}

static void opt(struct out *o, const char *name, const char *value)
{
	putf(o, " %s=", name);
	word(o, value);
}

static void opt_list(struct out *o, const char *name, const struct ks_strv *v)
{
	if (!v->n)
		return;
	size_t len = 0;
	for (size_t i = 0; i < v->n; i++)
		len += strlen(v->v[i]) + 1;
	char *buf = malloc(len + 1);
	if (!buf) {
		o->nomem = true;
		return;
	}
	buf[0] = 0;
	size_t k = 0;
	for (size_t i = 0; i < v->n; i++) {
		size_t l = strlen(v->v[i]);
		if (i)
			buf[k++] = ',';
		memcpy(buf + k, v->v[i], l);
		k += l;
		buf[k] = 0;
	}
	opt(o, name, buf);
	free(buf);
}

static void emit_script(struct out *o, const char *sec, const struct ks_gen_script *sc)
{
	puts_(o, "\n");
	puts_(o, sec);
	if (sc->nochroot)
		puts_(o, " --nochroot");
	if (sc->interpreter)
		opt(o, "--interpreter", sc->interpreter);
	if (sc->log)
		opt(o, "--log", sc->log);
	if (sc->erroronfail)
		puts_(o, " --erroronfail");
	puts_(o, "\n");
	if (sc->body && *sc->body) {
		puts_(o, sc->body);
		if (sc->body[strlen(sc->body) - 1] != '\n')
			puts_(o, "\n");
	}
	puts_(o, "%end\n");
}

static void emit_net(struct out *o, const struct ks_settings *s, const struct ks_gen_net *n)
{
	puts_(o, "network");
	if (n->device)
		opt(o, "--device", n->device);
	if (n->bondslaves)
		opt(o, "--bondslaves", n->bondslaves);
	if (n->bondopts)
		opt(o, "--bondopts", n->bondopts);
	if (n->vlanid)
		putf(o, " --vlanid=%d", n->vlanid);
	if (n->interfacename)
		opt(o, "--interfacename", n->interfacename);
	if (n->device || n->ip) {
		putf(o, " --bootproto=%s", n->dhcp ? "dhcp" : "static");
		if (n->ip)
			opt(o, "--ip", n->ip);
		if (n->netmask)
			opt(o, "--netmask", n->netmask);
		if (n->gateway)
			opt(o, "--gateway", n->gateway);
		if (n->nameserver)
			opt(o, "--nameserver", n->nameserver);
	}
	if (n->onboot != KS_UNSET)
		putf(o, " --onboot=%s", n->onboot == KS_ON ? "yes" : "no");
	if (n->noipv6)
		puts_(o, " --noipv6");
	if (n->activate)
		puts_(o, " --activate");
	if (n->hostname)
		opt(o, "--hostname", n->hostname);
	puts_(o, "\n");
	(void)s;
}

int ks_gen_write(const struct ks_settings *s, char **outp, size_t *outlen, char *err, size_t errlen)
{
	int r = ks_gen_validate(s, err, errlen);
	if (r < 0)
		return r;
	enum ks_version v = s->version;
	struct out o = { 0 };

	putf(&o, "#version=%s\n", ks_version_name(v));
	puts_(&o, "# Generated by pxed ks new\n");

	if (v <= KS_RHEL7) {
		puts_(&o, "# Install OS instead of upgrade\ninstall\n");
	}
	switch (s->method) {
	case KS_METHOD_CDROM:
		puts_(&o, "# Use CDROM installation media\ncdrom\n");
		break;
	case KS_METHOD_URL:
		puts_(&o, "# Use network installation\nurl");
		opt(&o, "--url", s->url);
		if (s->proxy)
			opt(&o, "--proxy", s->proxy);
		puts_(&o, "\n");
		break;
	case KS_METHOD_NFS:
		puts_(&o, "# Use NFS installation media\nnfs");
		opt(&o, "--server", s->nfs_server);
		opt(&o, "--dir", s->nfs_dir);
		if (s->nfs_opts)
			opt(&o, "--opts", s->nfs_opts);
		puts_(&o, "\n");
		break;
	case KS_METHOD_HARDDRIVE:
		puts_(&o, "# Use hard drive installation media\nharddrive");
		opt(&o, "--partition", s->hd_partition);
		opt(&o, "--dir", s->hd_dir);
		puts_(&o, "\n");
		break;
	case KS_METHOD_NONE:
		break;
	}
	if (s->rootpw_hash || s->rootpw_lock) {
		puts_(&o, "# Root password\nrootpw");
		if (s->rootpw_hash)
			puts_(&o, " --iscrypted");
		if (s->rootpw_lock)
			puts_(&o, " --lock");
		if (s->rootpw_hash) {
			puts_(&o, " ");
			word(&o, s->rootpw_hash);
		}
		puts_(&o, "\n");
	}
	if (s->lang) {
		puts_(&o, "# System language\nlang ");
		word(&o, s->lang);
		puts_(&o, "\n");
	}
	if (s->keyboard) {
		puts_(&o, "# Keyboard layouts\nkeyboard");
		if (v == KS_RHEL6) {
			puts_(&o, " ");
			word(&o, s->keyboard);
		} else {
			opt(&o, "--vckeymap", s->keyboard);
			opt(&o, "--xlayouts", s->keyboard);
		}
		puts_(&o, "\n");
	}
	if (s->timezone) {
		puts_(&o, "# System timezone\ntimezone ");
		word(&o, s->timezone);
		if (s->utc)
			puts_(&o, " --utc");
		puts_(&o, "\n");
	}
	static const char *const displays[] = { NULL, "text", "graphical", "cmdline" };
	static const char *const display_comment[] = { NULL, "# Use text mode install\n",
						       "# Use graphical install\n",
						       "# Use command line install\n" };
	if (s->display != KS_DISPLAY_DEFAULT) {
		puts_(&o, display_comment[s->display]);
		puts_(&o, displays[s->display]);
		puts_(&o, "\n");
	}
	static const char *const finishes[] = { NULL, "reboot", "poweroff", "halt", "shutdown" };
	if (s->finish != KS_FINISH_NONE) {
		putf(&o, "# %s after installation\n%s\n",
		     s->finish == KS_FINISH_REBOOT ? "Reboot" : "Power off or halt", finishes[s->finish]);
	}

	if (s->auth) {
		puts_(&o, "# System authorization information\n");
		puts_(&o, v <= KS_RHEL7 ? "auth" : "authselect");
		if (*s->auth) {
			puts_(&o, " ");
			puts_(&o, s->auth);
		}
		puts_(&o, "\n");
	}
	if (s->firewall != KS_UNSET) {
		puts_(&o, "# Firewall configuration\nfirewall");
		if (s->firewall == KS_ON) {
			puts_(&o, " --enabled");
			opt_list(&o, "--service", &s->fw_services);
			for (size_t i = 0; i < s->fw_ports.n; i++)
				opt(&o, "--port", s->fw_ports.v[i]);
			for (size_t i = 0; i < s->fw_trust.n; i++)
				opt(&o, "--trust", s->fw_trust.v[i]);
		} else {
			puts_(&o, " --disabled");
		}
		puts_(&o, "\n");
	}
	static const char *const semodes[] = { NULL, "--enforcing", "--permissive", "--disabled" };
	if (s->selinux != KS_SELINUX_UNSET)
		putf(&o, "# SELinux configuration\nselinux %s\n", semodes[s->selinux]);

	if (s->nnets) {
		puts_(&o, "# Network information\n");
		for (size_t i = 0; i < s->nnets; i++)
			emit_net(&o, s, &s->nets[i]);
	}

	if (s->xorg == KS_OFF) {
		puts_(&o, "# Do not configure the X Window System\nskipx\n");
	} else if (s->xorg == KS_ON) {
		puts_(&o, "# X Window System configuration\nxconfig");
		if (s->defaultdesktop)
			opt(&o, "--defaultdesktop", s->defaultdesktop);
		if (s->startxonboot)
			puts_(&o, " --startxonboot");
		puts_(&o, "\n");
	}
	static const char *const fb[] = { NULL, "--enable", "--disable", "--reconfig" };
	if (s->firstboot != KS_FIRSTBOOT_UNSET)
		putf(&o, "# Run the Setup Agent on first boot\nfirstboot %s\n", fb[s->firstboot]);
	if (s->svc_enabled.n || s->svc_disabled.n) {
		puts_(&o, "# System services\nservices");
		opt_list(&o, "--enabled", &s->svc_enabled);
		opt_list(&o, "--disabled", &s->svc_disabled);
		puts_(&o, "\n");
	}

	if (s->bootloader) {
		puts_(&o, "# System bootloader configuration\nbootloader");
		if (s->bl_location)
			opt(&o, "--location", s->bl_location);
		if (s->bl_driveorder)
			opt(&o, "--driveorder", s->bl_driveorder);
		if (s->bl_append)
			opt(&o, "--append", s->bl_append);
		if (s->bl_password_hash) {
			if (v == KS_RHEL6) {
				opt(&o, "--md5pass", s->bl_password_hash);
			} else {
				puts_(&o, " --iscrypted");
				opt(&o, "--password", s->bl_password_hash);
			}
		}
		puts_(&o, "\n");
	}
	if (s->zerombr)
		puts_(&o, "# Clear the Master Boot Record\nzerombr\n");
	if (s->clearpart != KS_CLEAR_UNSET) {
		static const char *const cp[] = { NULL, "--all", "--linux", "--none" };
		putf(&o, "# Partition clearing information\nclearpart %s", cp[s->clearpart]);
		if (s->initlabel)
			puts_(&o, " --initlabel");
		if (s->clear_drives)
			opt(&o, "--drives", s->clear_drives);
		puts_(&o, "\n");
	}
	if (s->ignoredisk_only) {
		puts_(&o, "# Use only these disks\nignoredisk");
		opt(&o, "--only-use", s->ignoredisk_only);
		puts_(&o, "\n");
	}
	if (s->autopart) {
		puts_(&o, "# Automatic partitioning\nautopart");
		if (s->autopart_type)
			opt(&o, "--type", s->autopart_type);
		puts_(&o, "\n");
	}
	if (s->nparts || s->nraids || s->nvgs || s->nlvs)
		puts_(&o, "# Disk partitioning information\n");
	for (size_t i = 0; i < s->nparts; i++) {
		const struct ks_gen_part *p = &s->parts[i];
		puts_(&o, "part ");
		word(&o, p->mnt);
		if (p->fstype)
			opt(&o, "--fstype", p->fstype);
		if (p->size > 0)
			putf(&o, " --size=%lld", (long long)p->size);
		if (p->recommended)
			puts_(&o, " --recommended");
		if (p->grow)
			puts_(&o, " --grow");
		if (p->maxsize > 0)
			putf(&o, " --maxsize=%lld", (long long)p->maxsize);
		if (p->ondisk)
			opt(&o, "--ondisk", p->ondisk);
		if (p->asprimary)
			puts_(&o, " --asprimary");
		puts_(&o, "\n");
	}
	for (size_t i = 0; i < s->nraids; i++) {
		const struct ks_gen_raid *rd = &s->raids[i];
		puts_(&o, "raid ");
		word(&o, rd->mnt);
		putf(&o, " --level=%d", rd->level);
		opt(&o, "--device", rd->device);
		if (rd->fstype)
			opt(&o, "--fstype", rd->fstype);
		if (rd->spares > 0)
			putf(&o, " --spares=%d", rd->spares);
		for (size_t k = 0; k < rd->members.n; k++) {
			puts_(&o, " ");
			word(&o, rd->members.v[k]);
		}
		puts_(&o, "\n");
	}
	for (size_t i = 0; i < s->nvgs; i++) {
		const struct ks_gen_vg *g = &s->vgs[i];
		puts_(&o, "volgroup ");
		word(&o, g->name);
		if (g->pesize > 0)
			putf(&o, " --pesize=%lld", (long long)g->pesize);
		for (size_t k = 0; k < g->pvs.n; k++) {
			puts_(&o, " ");
			word(&o, g->pvs.v[k]);
		}
		puts_(&o, "\n");
	}
	for (size_t i = 0; i < s->nlvs; i++) {
		const struct ks_gen_lv *l = &s->lvs[i];
		puts_(&o, "logvol ");
		word(&o, l->mnt);
		opt(&o, "--vgname", l->vg);
		opt(&o, "--name", l->name);
		if (l->fstype)
			opt(&o, "--fstype", l->fstype);
		putf(&o, " --size=%lld", (long long)l->size);
		if (l->grow)
			puts_(&o, " --grow");
		if (l->maxsize > 0)
			putf(&o, " --maxsize=%lld", (long long)l->maxsize);
		puts_(&o, "\n");
	}

	if (s->packages) {
		puts_(&o, "\n%packages");
		if (s->ignoremissing)
			puts_(&o, " --ignoremissing");
		puts_(&o, "\n");
		if (s->environment)
			putf(&o, "@^%s\n", s->environment);
		for (size_t i = 0; i < s->groups.n; i++)
			putf(&o, "@%s\n", s->groups.v[i]);
		for (size_t i = 0; i < s->pkgs.n; i++)
			putf(&o, "%s\n", s->pkgs.v[i]);
		for (size_t i = 0; i < s->excludes.n; i++)
			putf(&o, "-%s\n", s->excludes.v[i]);
		puts_(&o, "%end\n");
	}
	for (size_t i = 0; i < s->npre; i++)
		emit_script(&o, "%pre", &s->pre[i]);
	for (size_t i = 0; i < s->npost; i++)
		emit_script(&o, "%post", &s->post[i]);

	if (o.nomem) {
		free(o.p);
		return -ENOMEM;
	}
	*outp = o.p;
	*outlen = o.n;
	return 0;
}
