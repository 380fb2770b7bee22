/* The walk over a document, in pykickstart's order: each command is looked
 * up, marked seen, checked for conflicts with commands seen before, bound to
 * its options and checked semantically; the first problem of a line is its
 * error and keeps the command out of the data lists later duplicates are
 * looked up in. A fatal problem stops the walk. */
#include "kickstart/ks_check.h"

#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/str.h"
#include "kickstart/ks_check_int.h"

/* ---- string set ----------------------------------------------------------- */

static uint64_t hash(const char *k, size_t len)
{
	uint64_t h = 1469598103934665603ull;
	for (size_t i = 0; i < len; i++) {
		h ^= (unsigned char)k[i];
		h *= 1099511628211ull;
	}
	return h;
}

/* Keys are stored with a length prefix so they may contain NUL bytes. */
static bool slot_eq(const char *slot, const char *k, size_t len)
{
	size_t sl;
	memcpy(&sl, slot, sizeof(sl));
	return sl == len && memcmp(slot + sizeof(sl), k, len) == 0;
}

bool ks_strset_has(const struct ks_strset *s, const char *k, size_t len)
{
	if (!s->cap)
		return false;
	size_t i = hash(k, len) & (s->cap - 1);
	while (s->slots[i]) {
		if (slot_eq(s->slots[i], k, len))
			return true;
		i = (i + 1) & (s->cap - 1);
	}
	return false;
}

int ks_strset_add(struct ks_strset *s, struct ks_arena *a, const char *k, size_t len)
{
	if (ks_strset_has(s, k, len))
		return 0;
	if ((s->n + 1) * 2 > s->cap) {
		size_t cap = s->cap ? s->cap * 2 : 64;
		char **nv = calloc(cap, sizeof(*nv));
		if (!nv)
			return -ENOMEM;
		for (size_t i = 0; i < s->cap; i++) {
			char *slot = s->slots[i];
			if (!slot)
				continue;
			size_t sl;
			memcpy(&sl, slot, sizeof(sl));
			size_t j = hash(slot + sizeof(sl), sl) & (cap - 1);
			while (nv[j])
				j = (j + 1) & (cap - 1);
			nv[j] = slot;
		}
		free(s->slots);
		s->slots = nv;
		s->cap = cap;
	}
	char *slot = ks_arena_alloc(a, sizeof(size_t) + len + 1);
	if (!slot)
		return -ENOMEM;
	memcpy(slot, &len, sizeof(len));
	memcpy(slot + sizeof(len), k, len);
	slot[sizeof(len) + len] = 0;
	size_t i = hash(k, len) & (s->cap - 1);
	while (s->slots[i])
		i = (i + 1) & (s->cap - 1);
	s->slots[i] = slot;
	s->n++;
	return 0;
}

void ks_strset_free(struct ks_strset *s)
{
	free(s->slots);
	memset(s, 0, sizeof(*s));
}

/* kind + '\0' + key */
static char *mkkey(struct ks_ctx *c, const char *kind, const char *key, size_t *len)
{
	size_t kl = strlen(kind), vl = strlen(key);
	char *p = ks_arena_alloc(&c->scratch, kl + 1 + vl + 1);
	if (!p) {
		c->nomem = true;
		return NULL;
	}
	memcpy(p, kind, kl + 1);
	memcpy(p + kl + 1, key, vl + 1);
	*len = kl + 1 + vl;
	return p;
}

bool ks_dup_has(const struct ks_ctx *c, const char *kind, const char *key)
{
	size_t len;
	char *k = mkkey((struct ks_ctx *)c, kind, key, &len);
	return k && ks_strset_has(&c->keys, k, len);
}

void ks_dup_add(struct ks_ctx *c, const char *kind, const char *key)
{
	size_t len;
	char *k = mkkey(c, kind, key, &len);
	if (k && ks_strset_add(&c->keys, &c->scratch, k, len) < 0)
		c->nomem = true;
}

void ks_define(struct ks_ctx *c, const char *kind, const char *name)
{
	size_t len;
	char *k = mkkey(c, kind, name, &len);
	if (k && ks_strset_add(&c->defined, &c->scratch, k, len) < 0)
		c->nomem = true;
}

bool ks_defined(const struct ks_ctx *c, const char *kind, const char *name)
{
	size_t len;
	char *k = mkkey((struct ks_ctx *)c, kind, name, &len);
	return k && ks_strset_has(&c->defined, k, len);
}

void ks_ref_add(struct ks_ctx *c, const char *cmd, const char *what)
{
	if (c->nrefs == c->caprefs) {
		size_t cap = c->caprefs ? c->caprefs * 2 : 32;
		struct ks_ref *nv = realloc(c->refs, cap * sizeof(*nv));
		if (!nv) {
			c->nomem = true;
			return;
		}
		c->refs = nv;
		c->caprefs = cap;
	}
	char *w = ks_arena_strdup(&c->scratch, what);
	if (!w) {
		c->nomem = true;
		return;
	}
	c->refs[c->nrefs++] = (struct ks_ref){ c->loc, c->seq, cmd, w };
}

/* ---- diagnostics ---------------------------------------------------------- */

static void add_diag(struct ks_ctx *c, enum ks_severity sev, bool extra, struct ks_loc loc,
		     size_t seq, const char *fmt, va_list ap) __attribute__((format(printf, 6, 0)));

static void add_diag(struct ks_ctx *c, enum ks_severity sev, bool extra, struct ks_loc loc,
		     size_t seq, const char *fmt, va_list ap)
{
	struct ks_diags *d = c->out;
	if (d->n == d->cap) {
		size_t cap = d->cap ? d->cap * 2 : 16;
		struct ks_diag *nv = realloc(d->v, cap * sizeof(*nv));
		if (!nv) {
			c->nomem = true;
			return;
		}
		d->v = nv;
		d->cap = cap;
	}
	char buf[1024];
	vsnprintf(buf, sizeof(buf), fmt, ap);
	char *text = strdup(buf);
	if (!text) {
		c->nomem = true;
		return;
	}
	if (extra && c->strict)
		sev = KS_SEV_ERROR;
	d->v[d->n++] = (struct ks_diag){ sev, extra, loc, seq, text };
	if (sev == KS_SEV_ERROR)
		d->errors++;
	else
		d->warnings++;
}

void ks_err(struct ks_ctx *c, const char *fmt, ...)
{
	if (c->failed)
		return;
	c->failed = true;
	va_list ap;
	va_start(ap, fmt);
	add_diag(c, KS_SEV_ERROR, false, c->loc, c->seq, fmt, ap);
	va_end(ap);
}

void ks_warn(struct ks_ctx *c, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	add_diag(c, KS_SEV_WARNING, true, c->loc, c->seq, fmt, ap);
	va_end(ap);
}

void ks_warn_at(struct ks_ctx *c, struct ks_loc loc, size_t seq, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	add_diag(c, KS_SEV_WARNING, true, loc, seq, fmt, ap);
	va_end(ap);
}

void ks_fatal(struct ks_ctx *c, struct ks_loc loc, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	add_diag(c, KS_SEV_ERROR, false, loc, c->seq, fmt, ap);
	va_end(ap);
	c->stop = true;
	c->failed = true;
}

void ks_diags_free(struct ks_diags *d)
{
	for (size_t i = 0; i < d->n; i++)
		free(d->v[i].text);
	free(d->v);
	memset(d, 0, sizeof(*d));
}

int ks_diag_format(const struct ks_diag *d, char *buf, size_t len)
{
	const char *sev = d->sev == KS_SEV_ERROR ? "error" : "warning";
	const struct ks_loc *l = &d->loc;
	const char *pyfile = l->pyfile ? l->pyfile : l->file ? l->file : "-";
	if (!l->pyline)
		return snprintf(buf, len, "%s: %s: %s", pyfile, sev, d->text);
	bool moved = l->file && l->line &&
		     (l->line != l->pyline || strcmp(l->file, pyfile) != 0);
	if (moved)
		return snprintf(buf, len, "%s:%u: %s: %s [%s:%u after %%ksappend]", pyfile,
				(unsigned)l->pyline, sev, d->text, l->file, (unsigned)l->line);
	return snprintf(buf, len, "%s:%u: %s: %s", pyfile, (unsigned)l->pyline, sev, d->text);
}

/* ---- helpers -------------------------------------------------------------- */

/* A word for messages: printable, bounded. */
static const char *shown(struct ks_ctx *c, const struct ks_word *w)
{
	char buf[80];
	str_escape(buf, sizeof(buf), w->s, w->len);
	const char *r = ks_arena_strdup(&c->scratch, buf);
	return r ? r : "";
}

static const char *group_of(const struct ks_command *cmd)
{
	return cmd->group ? cmd->group : cmd->name;
}

static bool group_seen(struct ks_ctx *c, const char *name)
{
	/* a conflict row names a command; its group carries "seen" */
	const struct ks_command *row = ks_command_find(name, c->v);
	const char *g = row ? group_of(row) : name;
	return ks_strset_has(&c->seen, g, strlen(g));
}

static void mark(struct ks_ctx *c, struct ks_strset *set, const char *g)
{
	if (ks_strset_add(set, &c->scratch, g, strlen(g)) < 0)
		c->nomem = true;
}

static bool row_matches(const char *rowname, const struct ks_command *cmd)
{
	return strcmp(rowname, cmd->name) == 0 || (cmd->group && strcmp(rowname, cmd->group) == 0);
}

/* Versions where some row of this name exists, for "unknown command" hints. */
static void versions_with(const char *name, size_t len, char *buf, size_t size)
{
	ks_vmask m = 0;
	for (const struct ks_command *r = ks_commands; r->name; r++)
		if (strlen(r->name) == len && memcmp(r->name, name, len) == 0)
			m |= r->ok | r->depr;
	size_t k = 0;
	buf[0] = 0;
	for (int v = 0; v < KS_V_COUNT; v++) {
		if (!(m & KS_V(v)))
			continue;
		int n = snprintf(buf + k, size - k, "%s%s", k ? ", " : "", ks_version_name((enum ks_version)v));
		if (n < 0 || (size_t)n >= size - k)
			break;
		k += (size_t)n;
	}
}

static void apply_rules(struct ks_ctx *c, const char *name, const struct ks_bound *b)
{
	for (const struct ks_rule *r = ks_rules; r->command; r++) {
		if (strcmp(r->command, name) != 0 || !(r->versions & KS_V(c->v)))
			continue;
		size_t given = 0, n = 0;
		bool first = false;
		char list[160];
		size_t k = 0;
		list[0] = 0;
		for (size_t i = 0; i < KS_RULE_MAX_OPTS && r->opts[i]; i++, n++) {
			bool g = strcmp(r->opts[i], "<args>") == 0 ? b->npos > 0 : ks_given(b, r->opts[i]);
			given += g;
			if (i == 0)
				first = g;
			int w = snprintf(list + k, sizeof(list) - k, "%s%s", k ? ", " : "", r->opts[i]);
			if (w > 0 && (size_t)w < sizeof(list) - k)
				k += (size_t)w;
		}
		bool bad = false;
		switch (r->kind) {
		case KS_RULE_EXACTLY_ONE: bad = given != 1; break;
		case KS_RULE_AT_LEAST_ONE: bad = given == 0; break;
		case KS_RULE_AT_MOST_ONE: bad = given > 1; break;
		case KS_RULE_REQUIRES: bad = first && given != n; break;
		case KS_RULE_EXCLUDES: bad = first && given > 1; break;
		}
		if (!bad)
			continue;
		if (r->message) {
			ks_err(c, "%s: %s", name, r->message);
		} else {
			static const char *const what[] = {
				[KS_RULE_EXACTLY_ONE] = "needs exactly one of",
				[KS_RULE_AT_LEAST_ONE] = "needs one of",
				[KS_RULE_AT_MOST_ONE] = "accepts only one of",
				[KS_RULE_REQUIRES] = "needs all of",
				[KS_RULE_EXCLUDES] = "cannot combine",
			};
			ks_err(c, "%s %s %s", name, what[r->kind], list);
		}
		return;
	}
}

/* INT options with a declared range. */
static void check_ranges(struct ks_ctx *c, const char *name, const struct ks_bound *b)
{
	for (size_t i = 0; i < b->nocc; i++) {
		const struct ks_occ *o = &b->occ[i];
		if (o->opt->type != KS_ARG_INT || !o->opt->ranged || !o->value)
			continue;
		if (ks_bound_last(b, o->opt) != o)
			continue;
		int64_t v;
		if (ks_parse_pyint(o->value->s, o->value->len, &v) &&
		    (v < o->opt->min || v > o->opt->max)) {
			ks_err(c, "%s: %s must be between %lld and %lld, not %lld", name, o->spelled,
			       (long long)o->opt->min, (long long)o->opt->max, (long long)v);
			return;
		}
	}
}

/* ---- commands ------------------------------------------------------------- */

static void check_command(struct ks_ctx *c, const struct ks_node *n)
{
	const struct ks_word *w0 = &n->words[0];
	const struct ks_command *cmd = NULL;
	if (!memchr(w0->s, 0, w0->len))
		cmd = ks_command_find(w0->s, c->v);
	if (!cmd) {
		char where[96];
		versions_with(w0->s, w0->len, where, sizeof(where));
		if (where[0])
			ks_err(c, "unknown command %s in %s (it exists in %s)", shown(c, w0),
			       ks_version_name(c->v), where);
		else
			ks_err(c, "unknown command %s", shown(c, w0));
		return;
	}
	c->cmd = cmd->name;
	const char *group = group_of(cmd);
	mark(c, &c->seen, group);

	for (const struct ks_conflict *r = ks_conflicts; r->later; r++) {
		if (!(r->versions & KS_V(c->v)) || !row_matches(r->later, cmd))
			continue;
		if (group_seen(c, r->earlier)) {
			ks_err(c, "%s cannot be used together with %s (given before): choose one way "
				  "to partition",
			       cmd->name, r->earlier);
			return;
		}
	}

	enum ks_status st = ks_command_status(cmd, c->v);
	if (st == KS_REMOVED) {
		if (cmd->replacement)
			ks_err(c, "command %s was removed in %s (use %s)", cmd->name,
			       ks_version_name(c->v), cmd->replacement);
		else
			ks_err(c, "command %s was removed in %s", cmd->name, ks_version_name(c->v));
		return;
	}
	if (st == KS_DEPRECATED) {
		if (cmd->replacement)
			ks_err(c, "command %s is deprecated in %s (use %s instead)", cmd->name,
			       ks_version_name(c->v), cmd->replacement);
		else
			ks_err(c, "command %s is deprecated in %s and has no effect; remove it",
			       cmd->name, ks_version_name(c->v));
		return;
	}
	if (cmd->flags & KS_CMD_INTERNAL) {
		ks_err(c, "%s is not a command of its own: write url, nfs, cdrom or harddrive",
		       cmd->name);
		return;
	}

	struct ks_bound b;
	memset(&b, 0, sizeof(b));
	if (!(cmd->flags & KS_CMD_FREEFORM)) {
		struct ks_bind_error be;
		unsigned flags = cmd->flags;
		if (ks_sem_takes_extras(cmd->name))
			flags |= KS_CMD_EXTRAS_POSITIONAL;
		int r = ks_bind(&c->scratch, cmd->options, cmd->positionals, flags, c->v,
				n->words + 1, n->nwords - 1, &b, &be);
		if (r == -ENOMEM) {
			c->nomem = true;
			return;
		}
		if (r < 0) {
			ks_err(c, "%s: %s", cmd->name, be.msg);
			return;
		}
		check_ranges(c, cmd->name, &b);
		if (c->failed)
			return;
		apply_rules(c, cmd->name, &b);
		if (c->failed)
			return;
	}
	ks_sem_command(c, cmd, n, &b);
	if (c->failed)
		return;
	if (cmd->multi == KS_SINGLE) {
		const char *prev = ks_once(c, group, cmd->name);
		if (prev && strcmp(prev, cmd->name) == 0)
			ks_warn(c, "%s is given again: it overrides the earlier %s line", cmd->name, prev);
		else if (prev)
			ks_warn(c, "%s overrides the earlier %s line (only one of them takes effect)",
				cmd->name, prev);
	}
}

/* ---- sections ------------------------------------------------------------- */

static void check_section(struct ks_ctx *c, const struct ks_node *n)
{
	const struct ks_word *w0 = &n->words[0];
	const struct ks_section *s = ks_section_find(w0->s, c->v);
	c->cmd = w0->s;
	if (!n->continued) {
		if (!s) {
			ks_err(c, "section %s is not known in %s", shown(c, w0), ks_version_name(c->v));
		} else {
			struct ks_bound b;
			memset(&b, 0, sizeof(b));
			if (!(s->flags & KS_SEC_FREEFORM_HEADER)) {
				struct ks_bind_error be;
				int r = ks_bind(&c->scratch, s->options, NULL, 0, c->v, n->words + 1,
						n->nwords - 1, &b, &be);
				if (r == -ENOMEM) {
					c->nomem = true;
					return;
				}
				if (r < 0)
					ks_err(c, "%s: %s", s->name, be.msg);
			}
			if (!c->failed) {
				check_ranges(c, s->name, &b);
				apply_rules(c, s->name, &b);
			}
			if (!c->failed)
				ks_sem_section_header(c, s, n, &b);
			enum ks_status st = ks_section_status(s, c->v);
			if (!c->failed && st == KS_DEPRECATED) {
				if (s->replacement)
					ks_err(c, "section %s is deprecated in %s (use %s instead)", s->name,
					       ks_version_name(c->v), s->replacement);
				else
					ks_err(c, "section %s is deprecated in %s", s->name,
					       ks_version_name(c->v));
			} else if (!c->failed && st == KS_REMOVED) {
				ks_err(c, "section %s was removed in %s", s->name, ks_version_name(c->v));
			}
		}
	}
	if (s)
		ks_sem_section_body(c, s, n);
}

int ks_check(const struct ks_doc *doc, const struct ks_check_opts *opts, struct ks_diags *out)
{
	struct ks_ctx c;
	memset(&c, 0, sizeof(c));
	c.v = opts->version;
	c.strict = opts->strict;
	c.doc = doc;
	c.out = out;

	for (size_t i = 0; i < doc->n && !c.stop && !c.nomem; i++) {
		const struct ks_node *n = &doc->nodes[i];
		c.seq = i;
		c.loc = n->loc;
		c.cmd = NULL;
		c.failed = false;
		switch (n->kind) {
		case KS_NODE_COMMAND:
			check_command(&c, n);
			break;
		case KS_NODE_SECTION:
			check_section(&c, n);
			break;
		case KS_NODE_INCLUDE:
			break;
		case KS_NODE_FATAL:
			ks_fatal(&c, n->loc, "%s", n->msg);
			break;
		}
	}
	if (!c.stop && !c.nomem)
		ks_sem_finish(&c);

	/* document order; a stable insertion sort (warnings from the end-of-file
	 * pass go back to the line they are about) */
	for (size_t i = 1; i < out->n; i++) {
		struct ks_diag t = out->v[i];
		size_t j = i;
		while (j > 0 && out->v[j - 1].seq > t.seq) {
			out->v[j] = out->v[j - 1];
			j--;
		}
		out->v[j] = t;
	}

	ks_strset_free(&c.seen);
	ks_strset_free(&c.keys);
	ks_strset_free(&c.defined);
	free(c.refs);
	free(c.sticky);
	ks_arena_free(&c.scratch);
	return c.nomem ? -ENOMEM : 0;
}

bool ks_valid(const char *name, const char *data, size_t len, enum ks_version v)
{
	struct ks_parse_opts po = { .version = v };
	struct ks_doc *doc;
	if (ks_parse(name, data, len, &po, &doc) < 0)
		return false;
	struct ks_diags d = { 0 };
	struct ks_check_opts co = { .version = v };
	int r = ks_check(doc, &co, &d);
	bool ok = r == 0 && d.errors == 0;
	ks_diags_free(&d);
	ks_doc_free(doc);
	return ok;
}
