/* What pykickstart 3.74 checks inside each command's parse() beyond option
 * syntax, per version, with its exact notion of "given" (Python
 * truthiness: an empty string, an empty comma list or 0 is "not given"),
 * and the duplicate keys its data classes compare. Then pxed's own extra
 * checks, which only warn. */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "kickstart/ks_check_int.h"
#include "kickstart/ks_lex.h"

#define V_GE(c, x) ((c)->v >= KS_##x)
#define V_IS(c, x) ((c)->v == KS_##x)

/* ---- value helpers -------------------------------------------------------- */

bool ks_given(const struct ks_bound *b, const char *name)
{
	return ks_bound_find(b, name) != NULL;
}

const char *ks_value(const struct ks_bound *b, const char *name)
{
	return ks_bound_value(b, name);
}

/* commaSplit(): items stripped (Python whitespace), empty ones dropped. */
static bool list_nonempty(const char *s)
{
	const char *p = s;
	while (*p) {
		const char *e = strchr(p, ',');
		size_t len = e ? (size_t)(e - p) : strlen(p);
		size_t i = 0;
		while (i < len) {
			uint32_t cp;
			size_t n = ks_utf8_decode(p + i, len - i, &cp);
			if (!ks_py_isspace(cp))
				return true;
			i += n;
		}
		if (!e)
			break;
		p = e + 1;
	}
	return false;
}

bool ks_truthy(const struct ks_bound *b, const char *name)
{
	const struct ks_occ *o = ks_bound_find(b, name);
	if (!o)
		return false;
	if (!o->value)
		return true; /* a flag, or an optional value given alone (const True) */
	const char *s = o->value->s;
	switch (o->opt->type) {
	case KS_ARG_FLAG:
		return true;
	case KS_ARG_INT: {
		int64_t v;
		return ks_parse_pyint(s, o->value->len, &v) && v != 0;
	}
	case KS_ARG_BOOL: {
		bool v;
		return ks_parse_bool(s, o->value->len, &v) && v;
	}
	case KS_ARG_LIST:
		return list_nonempty(s);
	case KS_ARG_STRING:
	case KS_ARG_CHOICE:
		return o->value->len > 0;
	}
	return false;
}

static bool int_value(const struct ks_bound *b, const char *name, int64_t *v)
{
	const struct ks_occ *o = ks_bound_find(b, name);
	return o && o->value && ks_parse_pyint(o->value->s, o->value->len, v);
}

/* A value for a duplicate key: distinguishes "not given" (Python None) from
 * every string. */
static const char *keyval(const struct ks_bound *b, const char *name)
{
	const struct ks_occ *o = ks_bound_find(b, name);
	if (!o)
		return "\x01";
	return o->value ? o->value->s : "\x02";
}

static bool starts(const char *s, const char *prefix)
{
	return strncmp(s, prefix, strlen(prefix)) == 0;
}

static bool word_starts_dash(const struct ks_word *w)
{
	return w->len > 0 && w->s[0] == '-';
}

char *ks_normpath(struct ks_arena *a, const char *p)
{
	if (p[0] != '/')
		return ks_arena_strdup(a, p);
	size_t len = strlen(p);
	char *out = ks_arena_alloc(a, len + 3);
	if (!out)
		return NULL;
	/* POSIX keeps exactly two leading slashes, folds three or more to one */
	size_t initial = 1;
	if (p[1] == '/' && p[2] != '/')
		initial = 2;
	const char *comps[4096];
	size_t ncomp = 0;
	const char *q = p;
	while (*q) {
		while (*q == '/')
			q++;
		if (!*q)
			break;
		const char *e = strchr(q, '/');
		size_t cl = e ? (size_t)(e - q) : strlen(q);
		if (cl == 1 && q[0] == '.') {
			/* skip */
		} else if (cl == 2 && q[0] == '.' && q[1] == '.') {
			if (ncomp)
				ncomp--;
		} else if (ncomp < sizeof(comps) / sizeof(comps[0])) {
			comps[ncomp++] = q;
		}
		q += cl;
	}
	size_t k = 0;
	for (size_t i = 0; i < initial; i++)
		out[k++] = '/';
	for (size_t i = 0; i < ncomp; i++) {
		const char *e = strchr(comps[i], '/');
		size_t cl = e ? (size_t)(e - comps[i]) : strlen(comps[i]);
		if (i)
			out[k++] = '/';
		memcpy(out + k, comps[i], cl);
		k += cl;
	}
	out[k] = 0;
	return out;
}

/* The mount point positional, normalised as pykickstart's mountpoint type. */
static const char *mountpoint_of(struct ks_ctx *c, const struct ks_bound *b)
{
	if (!b->npos)
		return NULL;
	char *m = ks_normpath(&c->scratch, b->pos[0]->s);
	if (!m)
		c->nomem = true;
	return m;
}

/* ---- kept values of single-instance commands ------------------------------ */

static struct ks_sticky *sticky_find(struct ks_ctx *c, const char *key)
{
	for (size_t i = 0; i < c->nsticky; i++)
		if (strcmp(c->sticky[i].key, key) == 0)
			return &c->sticky[i];
	return NULL;
}

/* Records the option's value from this line if the line gives it (an option
 * left out keeps the value of an earlier line, as in pykickstart). */
static void sticky_update(struct ks_ctx *c, const char *cmd, const struct ks_bound *b, const char *opt)
{
	const struct ks_occ *o = ks_bound_find(b, opt);
	if (!o)
		return;
	char key[96];
	snprintf(key, sizeof(key), "%s %s", cmd, opt);
	struct ks_sticky *st = sticky_find(c, key);
	if (!st) {
		if (c->nsticky == c->capsticky) {
			size_t cap = c->capsticky ? c->capsticky * 2 : 16;
			struct ks_sticky *nv = realloc(c->sticky, cap * sizeof(*nv));
			if (!nv) {
				c->nomem = true;
				return;
			}
			c->sticky = nv;
			c->capsticky = cap;
		}
		st = &c->sticky[c->nsticky++];
		st->key = ks_arena_strdup(&c->scratch, key);
		if (!st->key) {
			c->nsticky--;
			c->nomem = true;
			return;
		}
	}
	st->truthy = ks_truthy(b, opt);
	st->value = o->value ? ks_arena_strdup(&c->scratch, o->value->s) : NULL;
}

static const struct ks_sticky *sticky_get(struct ks_ctx *c, const char *cmd, const char *opt)
{
	char key[96];
	snprintf(key, sizeof(key), "%s %s", cmd, opt);
	return sticky_find(c, key);
}

static bool sticky_truthy(struct ks_ctx *c, const char *cmd, const char *opt)
{
	const struct ks_sticky *st = sticky_get(c, cmd, opt);
	return st && st->truthy;
}

const char *ks_once(struct ks_ctx *c, const char *group, const char *name)
{
	char key[96];
	snprintf(key, sizeof(key), "once %s", group);
	struct ks_sticky *st = sticky_find(c, key);
	if (st) {
		const char *prev = st->value;
		st->value = name;
		return prev;
	}
	if (c->nsticky == c->capsticky) {
		size_t cap = c->capsticky ? c->capsticky * 2 : 16;
		struct ks_sticky *nv = realloc(c->sticky, cap * sizeof(*nv));
		if (!nv) {
			c->nomem = true;
			return NULL;
		}
		c->sticky = nv;
		c->capsticky = cap;
	}
	st = &c->sticky[c->nsticky];
	st->key = ks_arena_strdup(&c->scratch, key);
	if (!st->key) {
		c->nomem = true;
		return NULL;
	}
	st->truthy = true;
	st->value = name;
	c->nsticky++;
	return NULL;
}

/* ---- shared storage checks ------------------------------------------------ */

/* --mkfsoptions rules of part/raid/logvol (RHEL7+). */
static void mkfs_rules(struct ks_ctx *c, const char *cmd, const struct ks_bound *b)
{
	if (!V_GE(c, RHEL7))
		return;
	if (ks_given(b, "--noformat") && ks_truthy(b, "--mkfsoptions"))
		ks_err(c, "%s: --mkfsoptions has no effect with --noformat", cmd);
	else if (ks_truthy(b, "--fsprofile") && ks_truthy(b, "--mkfsoptions"))
		ks_err(c, "%s: --mkfsoptions and --fsprofile cannot be used together", cmd);
}

static void pbkdf_rule(struct ks_ctx *c, const char *cmd, const struct ks_bound *b)
{
	if (V_GE(c, RHEL8) && ks_truthy(b, "--pbkdf-time") && ks_truthy(b, "--pbkdf-iterations"))
		ks_err(c, "%s: only one of --pbkdf-time and --pbkdf-iterations may be given", cmd);
}

static bool btrfs_banned(const struct ks_ctx *c)
{
	return c->v == KS_RHEL8 || c->v == KS_RHEL9;
}

static void check_grow_room(struct ks_ctx *c, const char *cmd, const struct ks_bound *b)
{
	int64_t size, max;
	if (int_value(b, "--maxsize", &max) && max > 0 && int_value(b, "--size", &size) &&
	    size > max)
		ks_warn(c, "%s: --maxsize=%lld is smaller than --size=%lld: the volume cannot be created",
			cmd, (long long)max, (long long)size);
	if (ks_given(b, "--grow") && int_value(b, "--maxsize", &max) && max > 0 &&
	    int_value(b, "--size", &size) && size == max)
		ks_warn(c, "%s: --grow with --maxsize equal to --size leaves it no room to grow", cmd);
}

/* ---- commands ------------------------------------------------------------- */

static void sem_part(struct ks_ctx *c, const struct ks_command *cmd, const struct ks_bound *b)
{
	const char *mp = mountpoint_of(c, b);
	if (!mp)
		return;
	if (strcmp(mp, "swap") != 0 && ks_dup_has(c, "part", mp)) {
		ks_err(c, "%s: a partition with the mount point %s is already defined", cmd->name, mp);
		return;
	}
	if (V_GE(c, RHEL7)) {
		if (ks_given(b, "--resize") && !ks_truthy(b, "--onpart"))
			ks_err(c, "%s: --resize can only be used together with --onpart", cmd->name);
		else if (ks_given(b, "--resize") && !ks_truthy(b, "--size"))
			ks_err(c, "%s: --resize needs --size to give the new size", cmd->name);
		else if (ks_value(b, "--fstype") && strcmp(ks_value(b, "--fstype"), "tmpfs") == 0 &&
			 (ks_given(b, "--grow") || ks_truthy(b, "--maxsize")))
			ks_err(c, "%s: --fstype=tmpfs cannot be used with --grow or --maxsize", cmd->name);
		if (c->failed)
			return;
		mkfs_rules(c, cmd->name, b);
		if (c->failed)
			return;
	}
	pbkdf_rule(c, cmd->name, b);
	if (c->failed)
		return;
	if (btrfs_banned(c) && (starts(mp, "btrfs.") ||
				(ks_value(b, "--fstype") && strcmp(ks_value(b, "--fstype"), "btrfs") == 0))) {
		ks_err(c, "%s: btrfs is not supported in %s", cmd->name, ks_version_name(c->v));
		return;
	}
	ks_dup_add(c, "part", mp);
	ks_define(c, "dev", mp);
	check_grow_room(c, cmd->name, b);
}

static void sem_logvol(struct ks_ctx *c, const struct ks_bound *b)
{
	const char *vg = keyval(b, "--vgname");
	const char *name = keyval(b, "--name");
	char key[600];
	snprintf(key, sizeof(key), "%s/%s", vg, name);
	if (ks_dup_has(c, "logvol", key)) {
		ks_err(c, "logvol: a logical volume named %s is already defined in volume group %s",
		       ks_value(b, "--name"), ks_value(b, "--vgname"));
		return;
	}
	bool preexist = ks_given(b, "--useexisting") || ks_given(b, "--noformat");
	bool thin = ks_given(b, "--thin"), thinpool = ks_given(b, "--thinpool");
	if (V_GE(c, RHEL7)) {
		if (ks_given(b, "--resize") && !preexist) {
			ks_err(c, "logvol: --resize can only be used together with --useexisting");
			return;
		}
		if (ks_given(b, "--resize") && !ks_truthy(b, "--size")) {
			ks_err(c, "logvol: --resize needs --size to give the new size");
			return;
		}
	}
	if (thin && thinpool) {
		ks_err(c, "logvol: --thin and --thinpool cannot both be given");
		return;
	}
	if (thin && !ks_truthy(b, "--poolname")) {
		ks_err(c, "logvol: --thin needs --poolname to name the pool");
		return;
	}
	if ((ks_truthy(b, "--chunksize") || ks_truthy(b, "--metadatasize")) && !thinpool) {
		ks_err(c, "logvol: --chunksize and --metadatasize are for thin pools (--thinpool) only");
		return;
	}
	if (V_GE(c, RHEL7)) {
		if (!preexist && !ks_truthy(b, "--percent") && !ks_truthy(b, "--size") &&
		    !ks_given(b, "--recommended") && !ks_given(b, "--hibernation")) {
			ks_err(c, "logvol: no size given: use --size, --percent, --recommended, "
				  "--hibernation, --useexisting or --noformat");
			return;
		}
		int64_t pct;
		if (int_value(b, "--percent", &pct) && (pct < 0 || pct > 100)) {
			ks_err(c, "logvol: --percent must be between 0 and 100");
			return;
		}
		if (ks_truthy(b, "--size") && ks_truthy(b, "--percent")) {
			ks_err(c, "logvol: --size and --percent cannot both be given");
			return;
		}
	}
	if (V_GE(c, RHEL8) && (ks_truthy(b, "--cachesize") || ks_truthy(b, "--cachemode") ||
			       ks_truthy(b, "--cachepvs"))) {
		const char *mode = ks_value(b, "--cachemode");
		if (preexist)
			ks_err(c, "logvol: a cache cannot be added to an existing logical volume");
		else if (thin)
			ks_err(c, "logvol: thin volumes cannot be cached");
		else if (!ks_truthy(b, "--cachepvs"))
			ks_err(c, "logvol: a cache needs --cachepvs (the fast physical volumes)");
		else if (!ks_truthy(b, "--cachesize"))
			ks_err(c, "logvol: a cache needs --cachesize");
		else if (mode && *mode && strcmp(mode, "writeback") != 0 &&
			 strcmp(mode, "writethrough") != 0)
			ks_err(c, "logvol: --cachemode must be writeback or writethrough, not %s", mode);
		if (c->failed)
			return;
	}
	mkfs_rules(c, "logvol", b);
	if (c->failed)
		return;
	pbkdf_rule(c, "logvol", b);
	if (c->failed)
		return;
	if (btrfs_banned(c) && ks_value(b, "--fstype") && strcmp(ks_value(b, "--fstype"), "btrfs") == 0) {
		ks_err(c, "logvol: btrfs is not supported in %s", ks_version_name(c->v));
		return;
	}
	ks_dup_add(c, "logvol", key);
	if (ks_value(b, "--vgname"))
		ks_ref_add(c, "logvol", ks_value(b, "--vgname"));
	check_grow_room(c, "logvol", b);
}

static void sem_volgroup(struct ks_ctx *c, const struct ks_bound *b)
{
	/* positional groups: <name>* then <partitions>*; leftovers and unknown
	 * options are physical volumes when no partitions were bound */
	size_t nname = b->ngroups > 0 ? b->group_count[0] : b->npos;
	size_t npart = b->ngroups > 1 ? b->group_count[1] : 0;
	const struct ks_word *const *names = b->pos;
	const struct ks_word *const *parts = b->pos ? b->pos + nname : NULL;
	size_t nparts = npart;
	if (!npart) {
		if (b->nextras) {
			parts = b->extras;
			nparts = b->nextras;
		} else if (nname) {
			parts = names ? names + 1 : NULL;
			nparts = nname - 1;
			nname = 1;
		}
	}
	bool preexist = ks_given(b, "--useexisting") || ks_given(b, "--noformat");
	if (!nname) {
		ks_err(c, "volgroup: a volume group name is required");
		return;
	}
	if (!nparts && !preexist) {
		ks_err(c, "volgroup: physical volumes are required (or --useexisting/--noformat)");
		return;
	}
	if (nparts && preexist) {
		ks_err(c, "volgroup: physical volumes cannot be given for an existing volume group");
		return;
	}
	const char *vg = names[0]->s;
	if (ks_dup_has(c, "volgroup", vg)) {
		ks_err(c, "volgroup: a volume group named %s is already defined", vg);
		return;
	}
	int64_t v;
	if (int_value(b, "--reserved-space", &v) && v < 0) {
		ks_err(c, "volgroup: --reserved-space must not be negative");
		return;
	}
	if (int_value(b, "--reserved-percent", &v) && !(v > 0 && v < 100)) {
		ks_err(c, "volgroup: --reserved-percent must be between 1 and 99");
		return;
	}
	ks_dup_add(c, "volgroup", vg);
	ks_define(c, "vg", vg);
	for (size_t i = 0; i < nparts; i++)
		if (starts(parts[i]->s, "pv."))
			ks_ref_add(c, "volgroup", parts[i]->s);
}

/* raid --device as pykickstart stores it: "md" prefix dropped. */
static const char *raid_device(const char *dev)
{
	return strncmp(dev, "md", 2) == 0 ? dev + 2 : dev;
}

static void sem_raid(struct ks_ctx *c, const struct ks_bound *b)
{
	for (size_t i = 0; i < b->nextras; i++) {
		if (word_starts_dash(b->extras[i])) {
			ks_err(c, "raid: unknown option or unexpected argument %s", b->extras[i]->s);
			return;
		}
	}
	/* members: the <partitions> group, else the leftovers */
	size_t nm = b->npos > 1 ? b->npos - 1 : 0;
	const struct ks_word *const *members = nm ? b->pos + 1 : NULL;
	if (!nm && b->nextras) {
		members = b->extras;
		nm = b->nextras;
	}
	bool preexist = ks_given(b, "--useexisting") || ks_given(b, "--noformat");
	if (!nm && !preexist) {
		ks_err(c, "raid: member partitions are required");
		return;
	}
	if (nm && preexist) {
		ks_err(c, "raid: members cannot be given for an existing RAID device");
		return;
	}
	const char *dev = ks_value(b, "--device");
	char key[64];
	const char *k = dev ? raid_device(dev) : "\x01";
	if (dev && c->v == KS_RHEL6) {
		int64_t n;
		if (!ks_parse_pyint(k, strlen(k), &n)) {
			ks_err(c, "raid: --device must be a number (mdN) in RHEL6, not %s", dev);
			return;
		}
		snprintf(key, sizeof(key), "%lld", (long long)n);
		k = key;
	}
	if (ks_dup_has(c, "raid", k)) {
		ks_err(c, "raid: a RAID device %s is already defined", dev ? dev : "");
		return;
	}
	if (!preexist && !ks_truthy(b, "--level")) {
		ks_err(c, "raid: --level is required for a new RAID device");
		return;
	}
	if (preexist && dev && !*k) {
		ks_err(c, "raid: --device is required for an existing RAID device");
		return;
	}
	mkfs_rules(c, "raid", b);
	if (c->failed)
		return;
	pbkdf_rule(c, "raid", b);
	if (c->failed)
		return;
	if (btrfs_banned(c) && ks_value(b, "--fstype") && strcmp(ks_value(b, "--fstype"), "btrfs") == 0) {
		ks_err(c, "raid: btrfs is not supported in %s", ks_version_name(c->v));
		return;
	}
	ks_dup_add(c, "raid", k);
	const char *mp = mountpoint_of(c, b);
	if (mp)
		ks_define(c, "dev", mp);
	for (size_t i = 0; i < nm; i++)
		if (starts(members[i]->s, "raid."))
			ks_ref_add(c, "raid", members[i]->s);
}

static void sem_btrfs(struct ks_ctx *c, const struct ks_bound *b)
{
	/* pykickstart binds no positionals: everything left over is
	 * "mountpoint devices..." */
	const struct ks_word *words[256];
	size_t n = 0;
	for (size_t i = 0; i < b->npos && n < 256; i++)
		words[n++] = b->pos[i];
	for (size_t i = 0; i < b->nextras && n < 256; i++)
		words[n++] = b->extras[i];
	if (!n) {
		ks_err(c, "btrfs: a mount point is required");
		return;
	}
	for (size_t i = 0; i < n; i++) {
		if (word_starts_dash(words[i])) {
			ks_err(c, "btrfs: unknown option or unexpected argument %s", words[i]->s);
			return;
		}
	}
	bool subvol = ks_given(b, "--subvol");
	if (n < 2) {
		ks_err(c, subvol ? "btrfs: a subvolume needs its parent volume"
				 : "btrfs: member partitions are required");
		return;
	}
	if (subvol && !ks_truthy(b, "--name")) {
		ks_err(c, "btrfs: a subvolume needs --name");
		return;
	}
	char *mp = ks_normpath(&c->scratch, words[0]->s);
	if (!mp) {
		c->nomem = true;
		return;
	}
	if (ks_dup_has(c, "btrfs", mp)) {
		ks_err(c, "btrfs: a btrfs volume with the mount point %s is already defined", mp);
		return;
	}
	bool preexist = ks_given(b, "--useexisting") || ks_given(b, "--noformat");
	if (preexist && ks_truthy(b, "--mkfsoptions")) {
		ks_err(c, "btrfs: --mkfsoptions has no effect with --noformat or --useexisting");
		return;
	}
	ks_dup_add(c, "btrfs", mp);
}

static void sem_network(struct ks_ctx *c, const struct ks_bound *b)
{
	const char *dev = keyval(b, "--device");
	if (ks_dup_has(c, "network", dev)) {
		if (ks_value(b, "--device"))
			ks_err(c, "network: a network device %s is already defined (a VLAN needs its "
				  "own --device or --interfacename)",
			       ks_value(b, "--device"));
		else
			ks_err(c, "network: a second network line without --device");
		return;
	}
	if (V_IS(c, RHEL7)) {
		const char *ifn = ks_value(b, "--interfacename");
		if (ifn && *ifn) {
			const char *dot = strchr(ifn, '.');
			bool has_id = false;
			int64_t id = 0;
			if (dot) {
				if ((size_t)(dot - ifn) == 4 && strncmp(ifn, "vlan", 4) == 0) {
					ks_err(c, "network: --interfacename %s: the prefix before '.' cannot be 'vlan'", ifn);
					return;
				}
				if (!ks_parse_pyint(dot + 1, strlen(dot + 1), &id)) {
					ks_err(c, "network: --interfacename %s: a VLAN id must follow the '.'", ifn);
					return;
				}
				has_id = true;
			}
			if (starts(ifn, "vlan")) {
				if (!ks_parse_pyint(ifn + 4, strlen(ifn + 4), &id)) {
					ks_err(c, "network: --interfacename %s: a VLAN id must follow 'vlan'", ifn);
					return;
				}
				has_id = true;
			}
			if (has_id && (id < 0 || id > 4095)) {
				ks_err(c, "network: --interfacename %s: VLAN id out of the 0-4095 range", ifn);
				return;
			}
		}
	}
	if (V_GE(c, RHEL7) && ks_truthy(b, "--bridgeopts")) {
		if (!ks_truthy(b, "--bridgeslaves")) {
			ks_err(c, "network: --bridgeopts needs --bridgeslaves");
			return;
		}
		const char *p = ks_value(b, "--bridgeopts");
		for (;;) {
			const char *e = strchr(p, ',');
			size_t len = e ? (size_t)(e - p) : strlen(p);
			const char *eq = memchr(p, '=', len);
			if (!eq || eq + 1 == p + len || memchr(eq + 1, '=', (size_t)(p + len - eq - 1))) {
				ks_err(c, "network: --bridgeopts must be key=value pairs separated by ','");
				return;
			}
			if (!e)
				break;
			p = e + 1;
		}
	}
	if (V_GE(c, RHEL7)) {
		const char *bind = ks_value(b, "--bindto");
		if (bind && strcmp(bind, "mac") == 0 && ks_truthy(b, "--vlanid") &&
		    !ks_truthy(b, "--bondopts")) {
			ks_err(c, "network: --bindto=mac is not supported for a VLAN device");
			return;
		}
	}
	if (V_GE(c, RHEL9) && !ks_truthy(b, "--device")) {
		static const char *const need[] = { "--ipv4-dns-search", "--ipv6-dns-search",
						    "--ipv4-ignore-auto-dns", "--ipv6-ignore-auto-dns" };
		for (size_t i = 0; i < 4; i++) {
			if (ks_truthy(b, need[i])) {
				ks_err(c, "network: %s needs --device", need[i]);
				return;
			}
		}
	}
	ks_dup_add(c, "network", dev);
	const char *proto = ks_value(b, "--bootproto");
	if (proto && strcmp(proto, "static") == 0 && !ks_truthy(b, "--ip") && !ks_given(b, "--noipv4"))
		ks_warn(c, "network: --bootproto=static without --ip: the device gets no IPv4 address");
}

static void sem_simple_dup(struct ks_ctx *c, const char *cmd, const char *kind, const char *opt,
			   const struct ks_bound *b, const char *what)
{
	const char *k = keyval(b, opt);
	if (ks_dup_has(c, kind, k)) {
		ks_err(c, "%s: %s %s is already defined", cmd, what, ks_value(b, opt) ? ks_value(b, opt) : "");
		return;
	}
	ks_dup_add(c, kind, k);
}

static bool looks_crypted(const char *s)
{
	/* $id$salt$hash (md5, bcrypt, sha256/512, yescrypt, gost...) or 13-char DES */
	if (s[0] == '$') {
		const char *p = strchr(s + 1, '$');
		return p && p > s + 1 && strchr(p + 1, '$') != NULL;
	}
	size_t n = strlen(s);
	if (n != 13)
		return false;
	for (size_t i = 0; i < n; i++) {
		char ch = s[i];
		if (!((ch >= 'a' && ch <= 'z') || (ch >= 'A' && ch <= 'Z') || (ch >= '0' && ch <= '9') ||
		      ch == '.' || ch == '/'))
			return false;
	}
	return true;
}

static void sem_rootpw(struct ks_ctx *c, const struct ks_bound *b)
{
	const char *pw = b->npos ? b->pos[0]->s : NULL;
	bool has_pw = pw && *pw;
	if (!has_pw && !(V_GE(c, RHEL7) && ks_given(b, "--lock"))) {
		ks_err(c, V_GE(c, RHEL7) ? "rootpw: a password is required (or --lock)"
					 : "rootpw: a password is required");
		return;
	}
	if (has_pw && ks_given(b, "--iscrypted") && !looks_crypted(pw))
		ks_warn(c, "rootpw: --iscrypted but the password is not a crypt(3) hash "
			   "(expected $6$..., $y$..., $5$...)");
	if (has_pw && !ks_given(b, "--iscrypted") && V_GE(c, RHEL7) && !ks_given(b, "--lock") &&
	    !ks_given(b, "--plaintext"))
		ks_warn(c, "rootpw: the root password is written in clear; use --iscrypted with a hash "
			   "(pxed ks new hashes it for you)");
}

static void sem_keyboard(struct ks_ctx *c, const struct ks_bound *b)
{
	if (c->v == KS_RHEL6) {
		if (b->npos != 1) {
			ks_err(c, "keyboard: exactly one keyboard layout is required");
			return;
		}
	} else {
		if (b->npos > 1) {
			ks_err(c, "keyboard: only one keyboard layout may be given");
			return;
		}
		sticky_update(c, "keyboard", b, "--xlayouts");
		if (!b->npos && !ks_truthy(b, "--vckeymap") && !sticky_truthy(c, "keyboard", "--xlayouts")) {
			ks_err(c, "keyboard: a layout is required (an argument, --vckeymap or --xlayouts)");
			return;
		}
	}
	if (b->nextras)
		ks_err(c, "keyboard: unexpected arguments: %s", b->extras[0]->s);
}

static void sem_timezone(struct ks_ctx *c, const struct ks_node *n, const struct ks_bound *b)
{
	if (c->v == KS_RHEL6)
		return; /* nargs=1 positional, bound already */
	if (n->nwords < 2) {
		ks_err(c, "timezone: a time zone or an option is required");
		return;
	}
	if (b->npos > 1) {
		ks_err(c, "timezone: only one time zone may be given");
		return;
	}
	sticky_update(c, "timezone", b, "--ntpservers");
	bool ntpservers = sticky_truthy(c, "timezone", "--ntpservers");
	if (ntpservers && ks_given(b, "--nontp")) {
		ks_err(c, "timezone: --nontp and --ntpservers cannot be used together");
		return;
	}
	if (c->v == KS_RHEL9) {
		for (size_t i = 1; i < n->nwords; i++) {
			if (ks_word_is(&n->words[i], "--isUtc")) {
				ks_err(c, "timezone: --isUtc is deprecated in RHEL9 (use --utc)");
				return;
			}
		}
		if (ntpservers) {
			ks_err(c, "timezone: --ntpservers is deprecated in RHEL9 (use timesource "
				  "--ntp-server, one per server)");
			return;
		}
		if (ks_given(b, "--nontp")) {
			ks_err(c, "timezone: --nontp is deprecated in RHEL9 (use timesource --ntp-disable)");
			return;
		}
	}
}

static void one_of(struct ks_ctx *c, const char *cmd, const struct ks_bound *b,
		   const char *const *opts, size_t nopts, bool required, const char *what)
{
	size_t n = 0;
	for (size_t i = 0; i < nopts; i++)
		n += ks_truthy(b, opts[i]);
	if (n > 1)
		ks_err(c, "%s: only one of %s may be given", cmd, what);
	else if (n == 0 && required)
		ks_err(c, "%s: one of %s is required", cmd, what);
}

static void sem_url(struct ks_ctx *c, const struct ks_bound *b)
{
	if (V_GE(c, RHEL7)) {
		static const char *const o[] = { "--url", "--mirrorlist", "--metalink" };
		one_of(c, "url", b, o, V_GE(c, RHEL8) ? 3 : 2, true,
		       V_GE(c, RHEL8) ? "--url, --mirrorlist, --metalink" : "--url, --mirrorlist");
		if (c->failed)
			return;
	}
	const char *u = ks_value(b, "--url");
	if (u && *u && !strstr(u, "://") && !starts(u, "file:"))
		ks_warn(c, "url: --url=%s has no scheme (http://, https://, ftp://, file://)", u);
}

static void sem_repo(struct ks_ctx *c, const struct ks_bound *b)
{
	static const char *const o[] = { "--baseurl", "--mirrorlist", "--metalink" };
	one_of(c, "repo", b, o, V_GE(c, RHEL8) ? 3 : 2, c->v == KS_RHEL6,
	       V_GE(c, RHEL8) ? "--baseurl, --mirrorlist, --metalink" : "--baseurl, --mirrorlist");
	if (c->failed)
		return;
	sem_simple_dup(c, "repo", "repo", "--name", b, "a repo named");
}

static void sem_ignoredisk(struct ks_ctx *c, const struct ks_bound *b)
{
	sticky_update(c, "ignoredisk", b, "--drives");
	sticky_update(c, "ignoredisk", b, "--only-use");
	size_t n = sticky_truthy(c, "ignoredisk", "--drives") + sticky_truthy(c, "ignoredisk", "--only-use");
	if (!V_GE(c, RHEL8))
		n += ks_given(b, "--interactive");
	if (n != 1)
		ks_err(c, V_GE(c, RHEL8) ? "ignoredisk: exactly one of --drives or --only-use is required"
					 : "ignoredisk: exactly one of --drives, --only-use or "
					   "--interactive is required");
}

static void sem_harddrive(struct ks_ctx *c, const struct ks_bound *b)
{
	if (V_GE(c, RHEL9))
		return;
	sticky_update(c, "harddrive", b, "--biospart");
	sticky_update(c, "harddrive", b, "--partition");
	bool bp = sticky_get(c, "harddrive", "--biospart") != NULL;
	bool pa = sticky_get(c, "harddrive", "--partition") != NULL;
	if (bp == pa)
		ks_err(c, "harddrive: exactly one of --partition or --biospart is required");
}

static void sem_driverdisk(struct ks_ctx *c, const struct ks_bound *b)
{
	if (b->npos > 1) {
		ks_err(c, "driverdisk: only one partition may be given");
		return;
	}
	bool part = b->npos == 1;
	bool src = ks_truthy(b, "--source"), bios = ks_truthy(b, "--biospart");
	if (part && src)
		ks_err(c, "driverdisk: only one of --source and a partition may be given");
	else if (part && bios)
		ks_err(c, "driverdisk: only one of --biospart and a partition may be given");
	else if (src && bios)
		ks_err(c, "driverdisk: only one of --biospart and --source may be given");
	else if (!part && !src && !bios)
		ks_err(c, "driverdisk: one of --source, --biospart or a partition is required");
}

static void sem_realm(struct ks_ctx *c, const struct ks_node *n)
{
	/* pykickstart slices the raw line after len("realm") characters, then
	 * splits it again with shlex (no comments) */
	const char *p = n->raw;
	size_t len = n->rawlen, i = 0;
	for (int k = 0; k < 5 && i < len; k++) {
		uint32_t cp;
		i += ks_utf8_decode(p + i, len - i, &cp);
	}
	struct ks_word *w;
	size_t nw;
	enum ks_shlex_err e = ks_shlex(&c->scratch, p + i, len - i, false, &w, &nw);
	if (e == KS_SHLEX_NOMEM) {
		c->nomem = true;
		return;
	}
	if (e != KS_SHLEX_OK) {
		ks_err(c, "realm: unbalanced quotes in the arguments");
		return;
	}
	if (ks_defined(c, "realm", "join")) {
		ks_err(c, "realm: 'join' may be given only once");
		return;
	}
	if (!nw) {
		ks_err(c, "realm: a sub-command (join) is required");
		return;
	}
	if (!ks_word_is(&w[0], "join")) {
		ks_err(c, "realm: unsupported sub-command %s (only join)", w[0].s);
		return;
	}
	/* getopt.getopt(args, "", long options): stops at the first non-option */
	static const char *const longopts[] = { "client-software=", "server-software=",
						"membership-software=", "one-time-password=",
						"no-password", "computer-ou=" };
	size_t k = 1;
	while (k < nw) {
		const struct ks_word *a = &w[k];
		if (ks_word_is(a, "--")) {
			k++;
			break;
		}
		if (a->len < 2 || a->s[0] != '-')
			break;
		if (a->s[1] != '-') {
			ks_err(c, "realm: invalid option %s", a->s);
			return;
		}
		const char *name = a->s + 2;
		const char *eq = strchr(name, '=');
		size_t nl = eq ? (size_t)(eq - name) : strlen(name);
		int match = -1, nmatch = 0;
		for (int j = 0; j < 6; j++) {
			const char *lo = longopts[j];
			size_t ll = strcspn(lo, "=");
			if (ll == nl && strncmp(lo, name, nl) == 0) {
				match = j;
				nmatch = 1;
				break;
			}
			if (nl < ll && strncmp(lo, name, nl) == 0) {
				match = j;
				nmatch++;
			}
		}
		if (nmatch != 1) {
			ks_err(c, "realm: invalid option %s", a->s);
			return;
		}
		bool wants = strchr(longopts[match], '=') != NULL;
		if (wants && !eq) {
			if (k + 1 >= nw) {
				ks_err(c, "realm: option %s needs a value", a->s);
				return;
			}
			k += 2;
			continue;
		}
		if (!wants && eq) {
			ks_err(c, "realm: option --%.*s takes no value", (int)nl, name);
			return;
		}
		k++;
	}
	if (nw - k != 1) {
		ks_err(c, "realm: exactly one realm to join is required");
		return;
	}
	ks_define(c, "realm", "join");
}

static void sem_snapshot(struct ks_ctx *c, const struct ks_bound *b)
{
	const char *name = keyval(b, "--name");
	if (ks_dup_has(c, "snapshot", name)) {
		ks_err(c, "snapshot: a snapshot named %s is already defined", ks_value(b, "--name"));
		return;
	}
	if (!ks_given(b, "--when")) {
		ks_err(c, "snapshot: --when is required");
		return;
	}
	const char *origin = b->npos ? b->pos[0]->s : "";
	const char *slash = strchr(origin, '/');
	if (!slash || slash == origin || !slash[1] || strchr(slash + 1, '/')) {
		ks_err(c, "snapshot: the origin must be VG/LV, not %s", origin);
		return;
	}
	ks_dup_add(c, "snapshot", name);
}

static void sem_nvdimm(struct ks_ctx *c, const struct ks_bound *b)
{
	const char *action = b->npos ? b->pos[0]->s : "";
	if (strcmp(action, "reconfigure") != 0 && strcmp(action, "use") != 0) {
		ks_err(c, "nvdimm: the action must be reconfigure or use, not %s", action);
		return;
	}
	bool ns = ks_truthy(b, "--namespace"), bd = ks_truthy(b, "--blockdevs");
	if (ns && bd) {
		ks_err(c, "nvdimm: only one of --namespace and --blockdevs may be given");
		return;
	}
	char key[600];
	snprintf(key, sizeof(key), "%s|%s|%s", action, keyval(b, "--namespace"), keyval(b, "--blockdevs"));
	if ((ns || bd) && ks_dup_has(c, "nvdimm", key)) {
		ks_err(c, "nvdimm: action %s on this device is already defined", action);
		return;
	}
	if (strcmp(action, "reconfigure") == 0) {
		if (!ns) {
			ks_err(c, "nvdimm: reconfigure needs --namespace");
			return;
		}
		const char *mode = ks_value(b, "--mode");
		if ((!mode || strcmp(mode, "sector") == 0) && !ks_truthy(b, "--sectorsize")) {
			ks_err(c, "nvdimm: reconfigure in sector mode needs --sectorsize");
			return;
		}
	} else if (strcmp(action, "use") == 0 && !ns && !bd) {
		ks_err(c, "nvdimm: use needs --namespace or --blockdevs");
		return;
	}
	ks_dup_add(c, "nvdimm", key);
}

static void sem_zfcp(struct ks_ctx *c, const struct ks_bound *b)
{
	char key[800];
	snprintf(key, sizeof(key), "%s|%s|%s", keyval(b, "--devnum"), keyval(b, "--wwpn"),
		 keyval(b, "--fcplun"));
	if (ks_dup_has(c, "zfcp", key)) {
		ks_err(c, "zfcp: this device is already defined");
		return;
	}
	if (V_GE(c, RHEL9)) {
		bool d = ks_truthy(b, "--devnum"), w = ks_truthy(b, "--wwpn"), l = ks_truthy(b, "--fcplun");
		if (!((d && !w && !l) || (d && w && l))) {
			ks_err(c, "zfcp: give --devnum alone or --devnum with both --wwpn and --fcplun");
			return;
		}
	}
	ks_dup_add(c, "zfcp", key);
}

static void sem_dmraid(struct ks_ctx *c, const struct ks_bound *b)
{
	const char *name = ks_value(b, "--name");
	const char *base = name ? strrchr(name, '/') : NULL;
	base = base ? base + 1 : name ? name : "";
	char key[1024];
	size_t k = (size_t)snprintf(key, sizeof(key), "%s", base);
	for (size_t i = 0; i < b->nocc && k < sizeof(key); i++)
		if (strcmp(b->occ[i].opt->names[0], "--dev") == 0 && b->occ[i].value)
			k += (size_t)snprintf(key + k, sizeof(key) - k, "|%s", b->occ[i].value->s);
	if (ks_dup_has(c, "dmraid", key)) {
		ks_err(c, "dmraid: this DM RAID device is already defined");
		return;
	}
	ks_dup_add(c, "dmraid", key);
}

static void sem_multipath(struct ks_ctx *c, const struct ks_bound *b)
{
	const char *dev = keyval(b, "--device");
	if (ks_dup_has(c, "mpathdev", dev)) {
		ks_err(c, "multipath: device %s is already used in a multipath", ks_value(b, "--device"));
		return;
	}
	ks_dup_add(c, "mpathdev", dev);
}

static void sem_device(struct ks_ctx *c, const struct ks_bound *b)
{
	size_t n = b->npos + b->nextras;
	if (n != 1) {
		ks_err(c, "device: exactly one module name is required");
		return;
	}
	const struct ks_word *w = b->npos ? b->pos[0] : b->extras[0];
	if (word_starts_dash(w)) {
		ks_err(c, "device: unknown option %s", w->s);
		return;
	}
	if (ks_dup_has(c, "device", w->s)) {
		ks_err(c, "device: module %s is already defined", w->s);
		return;
	}
	ks_dup_add(c, "device", w->s);
}

static void sem_key(struct ks_ctx *c, const struct ks_bound *b)
{
	if (ks_given(b, "--skip"))
		return;
	size_t n = b->npos + b->nextras;
	if (n != 1) {
		ks_err(c, "key: an installation number (or --skip) is required");
		return;
	}
	const struct ks_word *w = b->npos ? b->pos[0] : b->extras[0];
	if (word_starts_dash(w))
		ks_err(c, "key: unknown option %s", w->s);
}

static void sem_autopart(struct ks_ctx *c, const struct ks_bound *b)
{
	if (!V_GE(c, RHEL7))
		return;
	/* --type and --nolvm share one destination: the last one wins */
	/* --type and --nolvm share one destination: the last one wins; a line
	 * without either keeps the earlier line's type, and --fstype likewise */
	const struct ks_occ *t = ks_bound_find(b, "--type");
	const struct ks_occ *nolvm = ks_bound_find(b, "--nolvm");
	if (t && t->value && (!nolvm || nolvm->index < t->index))
		sticky_update(c, "autopart", b, "--type");
	if (nolvm && (!t || t->index < nolvm->index)) {
		struct ks_sticky *st = sticky_find(c, "autopart --type");
		if (st)
			st->value = "plain";
	}
	sticky_update(c, "autopart", b, "--fstype");
	const struct ks_sticky *ts = sticky_get(c, "autopart", "--type");
	bool type_btrfs = ts && ts->value && strcasecmp(ts->value, "btrfs") == 0;
	const struct ks_sticky *fs = sticky_get(c, "autopart", "--fstype");
	const char *fst = fs ? fs->value : NULL;
	if (fst && strcmp(fst, "btrfs") == 0) {
		ks_err(c, "autopart: --fstype=btrfs is not valid, use --type=btrfs");
		return;
	}
	if (type_btrfs && fst && *fst) {
		ks_err(c, "autopart: --fstype cannot be used with --type=btrfs");
		return;
	}
	pbkdf_rule(c, "autopart", b);
	if (c->failed)
		return;
	if (btrfs_banned(c) && type_btrfs) {
		ks_err(c, "autopart: --type=btrfs is not supported in %s", ks_version_name(c->v));
		return;
	}
	if (V_GE(c, F40) && ks_given(b, "--hibernation") && ks_given(b, "--noswap"))
		ks_err(c, "autopart: only one of --noswap and --hibernation may be given");
}

static void sem_mount(struct ks_ctx *c, const struct ks_bound *b)
{
	const char *mp = b->npos > 1 ? b->pos[1]->s : "";
	if (strcasecmp(mp, "none") != 0 && mp[0] != '/') {
		ks_err(c, "mount: invalid mount point %s", mp);
		return;
	}
	if (!ks_given(b, "--reformat") && ks_truthy(b, "--mkfsoptions"))
		ks_err(c, "mount: --mkfsoptions requires --reformat");
}

void ks_sem_command(struct ks_ctx *c, const struct ks_command *cmd, const struct ks_node *n,
		    const struct ks_bound *b)
{
	const char *name = cmd->name;
	const char *group = cmd->group ? cmd->group : name;

	if (strcmp(group, "part") == 0) {
		sem_part(c, cmd, b);
	} else if (strcmp(name, "logvol") == 0) {
		sem_logvol(c, b);
	} else if (strcmp(name, "volgroup") == 0) {
		sem_volgroup(c, b);
	} else if (strcmp(name, "raid") == 0) {
		sem_raid(c, b);
	} else if (strcmp(name, "btrfs") == 0) {
		sem_btrfs(c, b);
	} else if (strcmp(name, "network") == 0) {
		sem_network(c, b);
	} else if (strcmp(name, "rootpw") == 0) {
		sem_rootpw(c, b);
	} else if (strcmp(name, "keyboard") == 0) {
		sem_keyboard(c, b);
	} else if (strcmp(name, "timezone") == 0) {
		sem_timezone(c, n, b);
	} else if (strcmp(name, "url") == 0) {
		sem_url(c, b);
	} else if (strcmp(name, "repo") == 0) {
		sem_repo(c, b);
	} else if (strcmp(name, "ignoredisk") == 0) {
		sem_ignoredisk(c, b);
	} else if (strcmp(name, "harddrive") == 0) {
		sem_harddrive(c, b);
	} else if (strcmp(name, "driverdisk") == 0) {
		sem_driverdisk(c, b);
	} else if (strcmp(name, "realm") == 0) {
		sem_realm(c, n);
	} else if (strcmp(name, "snapshot") == 0) {
		sem_snapshot(c, b);
	} else if (strcmp(name, "nvdimm") == 0) {
		sem_nvdimm(c, b);
	} else if (strcmp(name, "zfcp") == 0) {
		sem_zfcp(c, b);
	} else if (strcmp(name, "dmraid") == 0) {
		sem_dmraid(c, b);
	} else if (strcmp(name, "multipath") == 0) {
		sem_multipath(c, b);
	} else if (strcmp(name, "device") == 0) {
		sem_device(c, b);
	} else if (strcmp(name, "key") == 0) {
		sem_key(c, b);
	} else if (strcmp(name, "autopart") == 0) {
		sem_autopart(c, b);
	} else if (strcmp(name, "mount") == 0) {
		sem_mount(c, b);
	} else if (strcmp(name, "user") == 0) {
		sem_simple_dup(c, name, "user", "--name", b, "a user named");
	} else if (strcmp(name, "group") == 0) {
		sem_simple_dup(c, name, "group", "--name", b, "a group named");
	} else if (strcmp(name, "sshpw") == 0) {
		if (!b->npos)
			ks_err(c, "sshpw: a password is required");
		else
			sem_simple_dup(c, name, "sshuser", "--username", b, "an ssh user named");
	} else if (strcmp(name, "sshkey") == 0) {
		sem_simple_dup(c, name, "sshkey", "--username", b, "an ssh key for user");
	} else if (strcmp(name, "fcoe") == 0) {
		sem_simple_dup(c, name, "fcoe", "--nic", b, "an FCoE device on");
	} else if (strcmp(name, "eula") == 0) {
		if (!ks_given(b, "--agreed"))
			ks_err(c, "eula: --agreed is required");
	} else if (strcmp(name, "logging") == 0) {
		sticky_update(c, "logging", b, "--host");
		sticky_update(c, "logging", b, "--port");
		if (sticky_truthy(c, "logging", "--port") && !sticky_truthy(c, "logging", "--host"))
			ks_err(c, "logging: --port needs --host");
	} else if (strcmp(name, "services") == 0) {
		sticky_update(c, "services", b, "--disabled");
		sticky_update(c, "services", b, "--enabled");
		if (!sticky_truthy(c, "services", "--disabled") && !sticky_truthy(c, "services", "--enabled"))
			ks_err(c, "services: one of --enabled or --disabled is required");
	} else if (strcmp(name, "rescue") == 0) {
		if (ks_given(b, "--nomount") && ks_given(b, "--romount"))
			ks_err(c, "rescue: only one of --nomount and --romount may be given");
	} else if (strcmp(name, "timesource") == 0) {
		static const char *const o[] = { "--ntp-server", "--ntp-pool", "--ntp-disable" };
		one_of(c, name, b, o, 3, true, "--ntp-server, --ntp-pool, --ntp-disable");
	} else if (strcmp(name, "bootloader") == 0) {
		const char *bd = ks_value(b, "--boot-drive");
		if (V_GE(c, RHEL7) && bd && strchr(bd, ','))
			ks_err(c, "bootloader: --boot-drive takes a single drive");
		else if (V_GE(c, F40) && ks_given(b, "--sdboot") && ks_given(b, "--extlinux"))
			ks_err(c, "bootloader: only one of --sdboot and --extlinux may be given");
	} else if (strcmp(name, "cmdline") == 0) {
		if (ks_given(b, "--non-interactive"))
			ks_err(c, "cmdline: --non-interactive is only for text and graphical");
	} else if (strcmp(name, "cdrom") == 0 || strcmp(name, "hmc") == 0) {
		if (n->nwords > 1)
			ks_err(c, "%s takes no arguments", name);
	} else if (strcmp(name, "updates") == 0) {
		if (!V_GE(c, RHEL9) && b->npos > 1)
			ks_err(c, "updates: only one URL may be given");
	} else if (strcmp(name, "ostreesetup") == 0) {
		const char *u = ks_value(b, "--url");
		if (u && !starts(u, "file:") && !starts(u, "http:") && !starts(u, "https:"))
			ks_err(c, "ostreesetup: --url must use file:, http: or https:");
	} else if (strcmp(name, "rhsm") == 0) {
		for (size_t i = 0; i < b->nocc; i++)
			if (strcmp(b->occ[i].opt->names[0], "--activation-key") == 0 && b->occ[i].value &&
			    b->occ[i].value->len == 0) {
				ks_err(c, "rhsm: an empty --activation-key");
				break;
			}
	} else if (strcmp(name, "upgrade") == 0 || strcmp(name, "install") == 0) {
		const char *rd = ks_value(b, "--root-device");
		if (c->v == KS_RHEL6 && rd && !*rd)
			ks_err(c, "%s: --root-device must not be empty", name);
	} else if (strcmp(group, "authconfig") == 0 || strcmp(name, "auth") == 0) {
		if (c->v == KS_RHEL8 || c->v == KS_RHEL9)
			ks_err(c, "%s is deprecated in %s (use authselect instead)", name,
			       ks_version_name(c->v));
	}
}

bool ks_sem_takes_extras(const char *name)
{
	return strcmp(name, "raid") == 0 || strcmp(name, "btrfs") == 0 ||
	       strcmp(name, "device") == 0 || strcmp(name, "key") == 0 ||
	       strcmp(name, "volgroup") == 0;
}

/* ---- sections ------------------------------------------------------------- */

static bool has_exact_word(const struct ks_node *n, const char *opt)
{
	size_t ol = strlen(opt);
	for (size_t i = 0; i < n->nwords; i++) {
		const struct ks_word *w = &n->words[i];
		if (ks_word_is(w, opt) || (w->len > ol && memcmp(w->s, opt, ol) == 0 && w->s[ol] == '='))
			return true;
	}
	return false;
}

void ks_sem_section_header(struct ks_ctx *c, const struct ks_section *s, const struct ks_node *n,
			   const struct ks_bound *b)
{
	if (strcmp(s->name, "%packages") == 0) {
		if (ks_given(b, "--default") && ks_given(b, "--nobase")) {
			ks_err(c, "%%packages: --default and --nobase cannot be used together");
			return;
		}
		if (V_GE(c, RHEL7) && ks_given(b, "--default") && ks_given(b, "--nocore")) {
			ks_err(c, "%%packages: --default and --nocore cannot be used together");
			return;
		}
		if (c->v == KS_RHEL9) {
			if (has_exact_word(n, "--instLangs")) {
				ks_err(c, "%%packages: --instLangs is deprecated in RHEL9 (use --inst-langs)");
				return;
			}
			if (has_exact_word(n, "--excludeWeakdeps")) {
				ks_err(c, "%%packages: --excludeWeakdeps is deprecated in RHEL9 "
					  "(use --exclude-weakdeps)");
				return;
			}
		}
	} else if (strcmp(s->name, "%certificate") == 0) {
		if (!ks_truthy(b, "--dir") && !ks_truthy(b, "--type"))
			ks_err(c, "%%certificate: one of --dir or --type is required");
	}
}

/* Python str.split() of s[0..len) into words (Unicode whitespace). */
static size_t pysplit(struct ks_ctx *c, const char *s, size_t len, struct ks_word *out, size_t max)
{
	size_t n = 0, i = 0;
	while (i < len && n < max) {
		uint32_t cp;
		size_t k = ks_utf8_decode(s + i, len - i, &cp);
		if (ks_py_isspace(cp)) {
			i += k;
			continue;
		}
		size_t start = i;
		while (i < len) {
			k = ks_utf8_decode(s + i, len - i, &cp);
			if (ks_py_isspace(cp))
				break;
			i += k;
		}
		char *w = ks_arena_strndup(&c->scratch, s + start, i - start);
		if (!w) {
			c->nomem = true;
			return n;
		}
		out[n++] = (struct ks_word){ w, i - start };
	}
	return n;
}

static const struct ks_option group_opts[] = {
	{ .names = { "--nodefaults" }, .type = KS_ARG_FLAG, .ok = KS_V_ALL },
	{ .names = { "--optional" }, .type = KS_ARG_FLAG, .ok = KS_V_ALL },
	{ .names = { NULL } },
};

static void packages_line(struct ks_ctx *c, const struct ks_body_line *l)
{
	/* line.partition('#')[0].rstrip(), then .strip() */
	size_t len = l->len;
	const char *hash = memchr(l->s, '#', len);
	if (hash)
		len = (size_t)(hash - l->s);
	size_t start = 0;
	while (start < len) {
		uint32_t cp;
		size_t k = ks_utf8_decode(l->s + start, len - start, &cp);
		if (!ks_py_isspace(cp))
			break;
		start += k;
	}
	while (len > start) {
		size_t k = len - 1;
		while (k > start && ((unsigned char)l->s[k] & 0xc0) == 0x80)
			k--;
		uint32_t cp;
		ks_utf8_decode(l->s + k, len - k, &cp);
		if (!ks_py_isspace(cp))
			break;
		len = k;
	}
	const char *s = l->s + start;
	size_t n = len - start;
	if (n == 0) {
		ks_fatal(c, l->loc, "%%packages: an empty package line makes pykickstart fail");
		return;
	}
	if (n >= 2 && s[0] == '@' && s[1] == '^')
		return;
	if (s[0] == '@') {
		struct ks_word words[256];
		size_t nw = pysplit(c, s + 1, n - 1, words, 256);
		struct ks_bound b;
		struct ks_bind_error be;
		int r = ks_bind(&c->scratch, group_opts, NULL, KS_CMD_EXTRAS_POSITIONAL, c->v, words, nw,
				&b, &be);
		if (r == -ENOMEM) {
			c->nomem = true;
			return;
		}
		if (r < 0) {
			ks_fatal(c, l->loc, "%%packages: group line: %s", be.msg);
			return;
		}
		if (ks_given(&b, "--nodefaults") && ks_given(&b, "--optional"))
			ks_fatal(c, l->loc, "%%packages: a group cannot have both --nodefaults and --optional");
		return;
	}
	if (s[0] == '-' && n == 1)
		ks_fatal(c, l->loc, "%%packages: a lone '-' names nothing to exclude (pykickstart fails on it)");
}

void ks_sem_section_body(struct ks_ctx *c, const struct ks_section *s, const struct ks_node *n)
{
	if (s->body == KS_BODY_PACKAGES) {
		for (size_t i = 0; i < n->nbody && !c->stop && !c->nomem; i++) {
			c->loc = n->body[i].loc;
			packages_line(c, &n->body[i]);
		}
	} else if (s->body == KS_BODY_CERTIFICATE && n->closed) {
		/* "".join(lines), minus the newline before %end, must not be blank */
		bool blank = true;
		for (size_t i = 0; i < n->nbody && blank; i++) {
			const struct ks_body_line *l = &n->body[i];
			for (size_t k = 0; k < l->len && blank;) {
				uint32_t cp;
				size_t m = ks_utf8_decode(l->s + k, l->len - k, &cp);
				if (!ks_py_isspace(cp))
					blank = false;
				k += m;
			}
		}
		if (blank)
			ks_fatal(c, n->end, "%%certificate: the section is empty");
	}
}

/* ---- end of file: pxed's cross-reference warnings -------------------------- */

void ks_sem_finish(struct ks_ctx *c)
{
	for (size_t i = 0; i < c->nrefs; i++) {
		const struct ks_ref *r = &c->refs[i];
		if (strcmp(r->cmd, "logvol") == 0 && !ks_defined(c, "vg", r->what))
			ks_warn_at(c, r->loc, r->seq,
				   "logvol: --vgname=%s names no volgroup defined in this file", r->what);
		else if (strcmp(r->cmd, "volgroup") == 0 && !ks_defined(c, "dev", r->what))
			ks_warn_at(c, r->loc, r->seq,
				   "volgroup: physical volume %s is not created by any part in this file",
				   r->what);
		else if (strcmp(r->cmd, "raid") == 0 && !ks_defined(c, "dev", r->what))
			ks_warn_at(c, r->loc, r->seq,
				   "raid: member %s is not created by any part in this file", r->what);
	}
}
