/* A model of Python 3.11 argparse's _parse_known_args as pykickstart drives
 * it: every word is classified first (option / argument / "--"), which is
 * also when ambiguous prefixes and deprecated options are reported; then
 * options and runs of arguments are consumed alternately, positional groups
 * being matched greedily against each run as argparse's regular expressions
 * do; then required options are checked; leftovers are extras. */
#include "kickstart/ks_bind.h"

#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/str.h"
#include "kickstart/ks_lex.h"

bool ks_parse_pyint(const char *s, size_t len, int64_t *ret)
{
	size_t i = 0, end = len;
	/* Python strips Unicode whitespace around the number */
	while (i < end) {
		uint32_t cp;
		size_t n = ks_utf8_decode(s + i, end - i, &cp);
		if (!ks_py_isspace(cp))
			break;
		i += n;
	}
	while (end > i) {
		size_t k = end - 1;
		while (k > i && ((unsigned char)s[k] & 0xc0) == 0x80)
			k--;
		uint32_t cp;
		ks_utf8_decode(s + k, end - k, &cp);
		if (!ks_py_isspace(cp))
			break;
		end = k;
	}
	bool neg = false;
	if (i < end && (s[i] == '+' || s[i] == '-')) {
		neg = s[i] == '-';
		i++;
	}
	if (i >= end || s[i] < '0' || s[i] > '9')
		return false;
	int64_t v = 0;
	bool prev_digit = false;
	for (; i < end; i++) {
		char c = s[i];
		if (c == '_') {
			if (!prev_digit || i + 1 >= end || s[i + 1] < '0' || s[i + 1] > '9')
				return false;
			prev_digit = false;
			continue;
		}
		if (c < '0' || c > '9')
			return false;
		prev_digit = true;
		if (v > (INT64_MAX - (c - '0')) / 10)
			v = INT64_MAX; /* saturate: the value is still a valid int */
		else
			v = v * 10 + (c - '0');
	}
	*ret = neg ? -v : v;
	return true;
}

static bool ieq(const char *s, size_t len, const char *w)
{
	size_t n = strlen(w);
	if (n != len)
		return false;
	for (size_t i = 0; i < n; i++) {
		char c = s[i];
		if (c >= 'A' && c <= 'Z')
			c = (char)(c - 'A' + 'a');
		if (c != w[i])
			return false;
	}
	return true;
}

bool ks_parse_bool(const char *s, size_t len, bool *ret)
{
	static const char *const yes[] = { "on", "yes", "true", "1" };
	static const char *const no[] = { "off", "no", "false", "0" };
	for (size_t i = 0; i < 4; i++) {
		if (ieq(s, len, yes[i])) {
			*ret = true;
			return true;
		}
		if (ieq(s, len, no[i])) {
			*ret = false;
			return true;
		}
	}
	return false;
}

/* ---- classification ------------------------------------------------------- */

enum cls { C_ARG = 'A', C_OPT = 'O', C_DASHDASH = '-' };

struct item {
	enum cls c;
	const struct ks_option *opt; /* C_OPT: NULL = unknown option */
	const char *spelled;
	const char *explicit_val;    /* after '=' (arena), NULL = none */
	size_t explicit_len;
};

static void seterr(struct ks_bind_error *err, enum ks_bind_errkind k, const struct ks_option *o,
		   const char *fmt, ...) __attribute__((format(printf, 4, 5)));

static void seterr(struct ks_bind_error *err, enum ks_bind_errkind k, const struct ks_option *o,
		   const char *fmt, ...)
{
	err->kind = k;
	err->opt = o;
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(err->msg, sizeof(err->msg), fmt, ap);
	va_end(ap);
}

/* Bounded, printable copy of a word for messages. */
static const char *shown(char *buf, size_t size, const char *s, size_t len)
{
	str_escape(buf, size, s, len);
	return buf;
}

static bool looks_negative_number(const char *s, size_t len)
{
	/* ^-\d+$|^-\d*\.\d+$ */
	if (len < 2 || s[0] != '-')
		return false;
	size_t i = 1, d1 = 0, d2 = 0;
	while (i < len && s[i] >= '0' && s[i] <= '9')
		i++, d1++;
	if (i == len)
		return d1 > 0;
	if (s[i] != '.')
		return false;
	i++;
	while (i < len && s[i] >= '0' && s[i] <= '9')
		i++, d2++;
	return i == len && d2 > 0;
}

static void list_matches(char *buf, size_t size, const struct ks_option *opts, const char *name,
			 size_t nlen, enum ks_version v)
{
	size_t k = 0;
	buf[0] = 0;
	for (const struct ks_option *o = opts; o && o->names[0]; o++) {
		if (ks_option_status(o, v) == KS_ABSENT)
			continue;
		for (size_t i = 0; i < KS_MAX_NAMES && o->names[i]; i++) {
			if (strncmp(o->names[i], name, nlen) != 0)
				continue;
			int n = snprintf(buf + k, size - k, "%s%s", k ? ", " : "", o->names[i]);
			if (n < 0 || (size_t)n >= size - k)
				return;
			k += (size_t)n;
		}
	}
}

static int classify(struct ks_arena *a, const struct ks_option *opts, enum ks_version v,
		    const struct ks_word *w, struct item *it, struct ks_bind_error *err)
{
	char sb[96];
	memset(it, 0, sizeof(*it));
	it->c = C_ARG;
	if (w->len == 0 || w->s[0] != '-')
		return 0;
	const struct ks_option *o = NULL;
	const char *spelled = NULL;
	const char *eq = memchr(w->s, '=', w->len);
	int nmatch = 0;
	bool exact = true;

	/* exact name */
	if (!memchr(w->s, 0, w->len) && (o = ks_option_find(opts, w->s, v)) != NULL) {
		spelled = w->s;
		goto found;
	}
	if (w->len == 1)
		return 0;
	if (eq) {
		size_t nl = (size_t)(eq - w->s);
		char *name = ks_arena_strndup(a, w->s, nl);
		if (!name)
			return -ENOMEM;
		if (!memchr(name, 0, nl) && (o = ks_option_find(opts, name, v)) != NULL) {
			spelled = name;
			it->explicit_val = eq + 1;
			it->explicit_len = w->len - nl - 1;
			goto found;
		}
	}
	if (w->s[1] == '-') {
		size_t nl = eq ? (size_t)(eq - w->s) : w->len;
		exact = false;
		o = ks_option_resolve(opts, w->s, nl, v, &nmatch);
		if (nmatch > 1) {
			char m[200];
			list_matches(m, sizeof(m), opts, w->s, nl, v);
			seterr(err, KS_BIND_AMBIGUOUS, NULL, "ambiguous option %s could match %s",
			       shown(sb, sizeof(sb), w->s, w->len), m);
			return -EINVAL;
		}
		if (o) {
			for (size_t i = 0; i < KS_MAX_NAMES && o->names[i]; i++)
				if (strncmp(o->names[i], w->s, nl) == 0) {
					spelled = o->names[i];
					break;
				}
			if (eq) {
				it->explicit_val = eq + 1;
				it->explicit_len = w->len - nl - 1;
			}
			goto found;
		}
	}
	if (looks_negative_number(w->s, w->len))
		return 0;
	if (memchr(w->s, ' ', w->len))
		return 0;
	it->c = C_OPT; /* an option this command does not have */
	return 0;
found:
	it->c = C_OPT;
	it->opt = o;
	it->spelled = spelled;
	if (ks_option_status(o, v) == KS_DEPRECATED) {
		if (o->replacement)
			seterr(err, KS_BIND_DEPRECATED, o,
			       "option %s is deprecated in %s and has no effect (use %s instead)",
			       o->names[0], ks_version_name(v), o->replacement);
		else
			seterr(err, KS_BIND_DEPRECATED, o,
			       "option %s is deprecated in %s and has no effect; remove it",
			       o->names[0], ks_version_name(v));
		return -EINVAL;
	}
	if (exact && (o->warn_exact & KS_V(v))) {
		seterr(err, KS_BIND_DEPRECATED, o,
		       "option %s will be deprecated after %s (use %s instead)", o->names[0],
		       ks_version_name(v), o->replacement);
		return -EINVAL;
	}
	return 0;
}

/* ---- values --------------------------------------------------------------- */

static char lower(char c)
{
	return c >= 'A' && c <= 'Z' ? (char)(c - 'A' + 'a') : c;
}

static bool same_word(const char *s, size_t len, const char *w, bool nocase)
{
	if (strlen(w) != len)
		return false;
	for (size_t i = 0; i < len; i++)
		if (nocase ? lower(s[i]) != lower(w[i]) : s[i] != w[i])
			return false;
	return true;
}

static int check_value(const struct ks_option *o, const char *spelled, const char *s, size_t len,
		       struct ks_bind_error *err)
{
	char sb[96];
	switch (o->type) {
	case KS_ARG_FLAG:
	case KS_ARG_STRING:
	case KS_ARG_LIST:
		return 0;
	case KS_ARG_INT: {
		int64_t v;
		if (!ks_parse_pyint(s, len, &v)) {
			seterr(err, KS_BIND_BAD_VALUE, o, "option %s expects an integer, not '%s'",
			       spelled, shown(sb, sizeof(sb), s, len));
			return -EINVAL;
		}
		/* ranges are checked with the command, after parsing, as
		 * pykickstart does */
		return 0;
	}
	case KS_ARG_BOOL: {
		bool b;
		if (!ks_parse_bool(s, len, &b)) {
			seterr(err, KS_BIND_BAD_VALUE, o,
			       "option %s expects yes/no (on|yes|true|1|off|no|false|0), not '%s'",
			       spelled, shown(sb, sizeof(sb), s, len));
			return -EINVAL;
		}
		return 0;
	}
	case KS_ARG_CHOICE: {
		for (const char *const *c = o->choices; c && *c; c++)
			if (same_word(s, len, *c, (o->flags & KS_OPT_NOCASE) != 0))
				return 0;
		char list[200];
		size_t k = 0;
		list[0] = 0;
		for (const char *const *c = o->choices; c && *c; c++) {
			int n = snprintf(list + k, sizeof(list) - k, "%s%s", k ? ", " : "", *c);
			if (n < 0 || (size_t)n >= sizeof(list) - k)
				break;
			k += (size_t)n;
		}
		seterr(err, KS_BIND_BAD_VALUE, o, "option %s: invalid choice '%s' (choose from %s)",
		       spelled, shown(sb, sizeof(sb), s, len), list);
		return -EINVAL;
	}
	}
	return 0;
}

/* " (it exists in RHEL6, RHEL7)" when the word names an option that other
 * versions have, else "". */
static void elsewhere(char *buf, size_t size, const struct ks_option *opts, const struct ks_word *w,
		      enum ks_version v)
{
	buf[0] = 0;
	if (w->len < 3 || w->s[0] != '-' || w->s[1] != '-')
		return;
	const char *eq = memchr(w->s, '=', w->len);
	size_t nl = eq ? (size_t)(eq - w->s) : w->len;
	ks_vmask m = 0;
	for (const struct ks_option *o = opts; o && o->names[0]; o++)
		for (size_t i = 0; i < KS_MAX_NAMES && o->names[i]; i++)
			if (strlen(o->names[i]) == nl && memcmp(o->names[i], w->s, nl) == 0)
				m |= o->ok | o->depr;
	m &= ~KS_V(v);
	if (!m)
		return;
	size_t k = (size_t)snprintf(buf, size, " (it exists in");
	for (int x = 0; x < KS_V_COUNT && k < size; x++)
		if (m & KS_V(x))
			k += (size_t)snprintf(buf + k, size - k, " %s", ks_version_name((enum ks_version)x));
	if (k < size)
		snprintf(buf + k, size - k, ")");
}

/* ---- binding -------------------------------------------------------------- */

struct vec {
	void *v;
	size_t n, cap, size;
};

static bool vec_push(struct vec *vv, const void *x)
{
	if (vv->n == vv->cap) {
		size_t cap = vv->cap ? vv->cap * 2 : 8;
		void *nv = realloc(vv->v, cap * vv->size);
		if (!nv)
			return false;
		vv->v = nv;
		vv->cap = cap;
	}
	memcpy((char *)vv->v + vv->n * vv->size, x, vv->size);
	vv->n++;
	return true;
}

static void *vec_to_arena(struct ks_arena *a, const struct vec *vv)
{
	if (!vv->n)
		return NULL;
	void *p = ks_arena_alloc(a, vv->n * vv->size);
	if (p)
		memcpy(p, vv->v, vv->n * vv->size);
	return p;
}

int ks_bind(struct ks_arena *a, const struct ks_option *opts, const struct ks_positional *pos,
	    unsigned cmdflags, enum ks_version v, const struct ks_word *args, size_t nargs,
	    struct ks_bound *out, struct ks_bind_error *err)
{
	char sb[96];
	int ret = 0;
	struct item *items = NULL;
	struct vec occ = { .size = sizeof(struct ks_occ) };
	struct vec posv = { .size = sizeof(const struct ks_word *) };
	struct vec extras = { .size = sizeof(const struct ks_word *) };
	/* positional groups present in this version */
	const struct ks_positional *groups[KS_MAX_POSGROUPS];
	size_t gcount[KS_MAX_POSGROUPS] = { 0 };
	size_t ngroups = 0, gnext = 0;

	memset(err, 0, sizeof(*err));
	memset(out, 0, sizeof(*out));
	for (const struct ks_positional *p = pos; p && p->metavar; p++)
		if ((p->versions & KS_V(v)) && ngroups < KS_MAX_POSGROUPS)
			groups[ngroups++] = p;

	if (nargs) {
		items = calloc(nargs, sizeof(*items));
		if (!items)
			return -ENOMEM;
	}
	bool after_dd = false;
	for (size_t i = 0; i < nargs; i++) {
		if (after_dd) {
			items[i].c = C_ARG;
			continue;
		}
		if (ks_word_is(&args[i], "--")) {
			items[i].c = C_DASHDASH;
			after_dd = true;
			continue;
		}
		ret = classify(a, opts, v, &args[i], &items[i], err);
		if (ret < 0)
			goto out;
	}

	size_t idx = 0;
	while (idx < nargs) {
		if (items[idx].c != C_OPT) {
			/* a run of arguments (and at most one "--", which every
			 * positional pattern may swallow): match the remaining
			 * positional groups */
			size_t run_end = idx, navail = 0, dd = (size_t)-1;
			while (run_end < nargs && items[run_end].c != C_OPT) {
				if (items[run_end].c == C_ARG)
					navail++;
				else
					dd = run_end;
				run_end++;
			}
			size_t matched = 0;
			size_t counts[KS_MAX_POSGROUPS];
			/* argparse tries all remaining groups, then fewer, and keeps
			 * the first set that matches; each group greedy */
			for (size_t k = ngroups - gnext; k > 0; k--) {
				size_t left = navail;
				bool ok = true;
				for (size_t g = 0; g < k; g++) {
					const struct ks_positional *p = groups[gnext + g];
					size_t minrest = 0;
					for (size_t h = g + 1; h < k; h++)
						minrest += groups[gnext + h]->min;
					if (left < p->min + minrest) {
						ok = false;
						break;
					}
					size_t can = left - minrest;
					size_t maxn = p->max == KS_MANY ? (size_t)-1 : p->max;
					counts[g] = can < maxn ? can : maxn;
					left -= counts[g];
				}
				if (ok) {
					matched = k;
					break;
				}
			}
			/* hand the words out */
			size_t j = idx, span_end = idx;
			for (size_t g = 0; g < matched; g++) {
				gcount[gnext + g] = counts[g];
				for (size_t c = 0; c < counts[g]; c++) {
					while (items[j].c != C_ARG)
						j++;
					const struct ks_word *wp = &args[j];
					if (!vec_push(&posv, &wp))
						goto nomem;
					j++;
					span_end = j;
				}
			}
			/* the "--" goes with the match when it lies inside it or right
			 * after it (each group pattern ends in -*); otherwise it is
			 * left over like any word */
			if (dd != (size_t)-1 && matched > 0 && dd == span_end)
				span_end = dd + 1;
			gnext += matched;
			for (j = span_end; j < run_end; j++) {
				const struct ks_word *wp = &args[j];
				if (!vec_push(&extras, &wp))
					goto nomem;
			}
			idx = run_end;
			continue;
		}
		/* an option */
		struct item *it = &items[idx];
		if (!it->opt) {
			const struct ks_word *wp = &args[idx];
			if (!vec_push(&extras, &wp))
				goto nomem;
			idx++;
			continue;
		}
		const struct ks_option *o = it->opt;
		struct ks_occ oc = { .opt = o, .spelled = it->spelled, .index = idx };
		bool takes = o->type != KS_ARG_FLAG;
		bool optional = (o->flags & KS_OPT_OPTIONAL_VALUE) != 0;
		if (it->explicit_val) {
			if (!takes && !optional) {
				seterr(err, KS_BIND_NO_VALUE, o, "option %s takes no value (got '%s')",
				       it->spelled, shown(sb, sizeof(sb), it->explicit_val, it->explicit_len));
				ret = -EINVAL;
				goto out;
			}
			struct ks_word *val = ks_arena_alloc(a, sizeof(*val));
			char *s = ks_arena_strndup(a, it->explicit_val, it->explicit_len);
			if (!val || !s)
				goto nomem;
			val->s = s;
			val->len = it->explicit_len;
			oc.value = val;
			idx++;
		} else if (!takes && !optional) {
			idx++;
		} else if (idx + 1 < nargs && items[idx + 1].c == C_ARG) {
			oc.value = &args[idx + 1];
			idx += 2;
		} else if (optional) {
			idx++;
		} else {
			seterr(err, KS_BIND_NEEDS_VALUE, o, "option %s needs a value", it->spelled);
			ret = -EINVAL;
			goto out;
		}
		if (oc.value && o->type != KS_ARG_FLAG) {
			ret = check_value(o, oc.spelled, oc.value->s, oc.value->len, err);
			if (ret < 0)
				goto out;
		}
		if (!vec_push(&occ, &oc))
			goto nomem;
	}
	/* argparse's final consume_positionals at the end: groups that can match
	 * nothing ('*', '?') are satisfied; a group needing words is missing */
	for (; gnext < ngroups; gnext++) {
		if (groups[gnext]->min > 0) {
			seterr(err, KS_BIND_REQUIRED, NULL, "missing argument %s", groups[gnext]->metavar);
			ret = -EINVAL;
			goto out;
		}
	}
	for (const struct ks_option *o = opts; o && o->names[0]; o++) {
		if (ks_option_status(o, v) == KS_ABSENT || !ks_option_required(o, v))
			continue;
		bool seen = false;
		for (size_t i = 0; i < occ.n && !seen; i++)
			seen = ((struct ks_occ *)occ.v)[i].opt == o;
		if (!seen) {
			seterr(err, KS_BIND_REQUIRED, o, "missing required option %s", o->names[0]);
			ret = -EINVAL;
			goto out;
		}
	}
	if (extras.n && !(cmdflags & KS_CMD_EXTRAS_POSITIONAL)) {
		char list[200];
		size_t k = 0;
		list[0] = 0;
		for (size_t i = 0; i < extras.n; i++) {
			const struct ks_word *w = ((const struct ks_word **)extras.v)[i];
			int n = snprintf(list + k, sizeof(list) - k, "%s%s", k ? " " : "",
					 shown(sb, sizeof(sb), w->s, w->len));
			if (n < 0 || (size_t)n >= sizeof(list) - k)
				break;
			k += (size_t)n;
		}
		const struct ks_word *first = ((const struct ks_word **)extras.v)[0];
		bool optlike = first->len > 1 && first->s[0] == '-' && !looks_negative_number(first->s, first->len);
		char hint[120];
		elsewhere(hint, sizeof(hint), opts, first, v);
		if (cmdflags & KS_CMD_KNOWN_ARGS)
			seterr(err, KS_BIND_UNEXPECTED, NULL, "%s: %s%s",
			       optlike ? "unknown option or unexpected argument" : "unexpected arguments",
			       list, hint);
		else
			seterr(err, KS_BIND_UNKNOWN, NULL, "%s: %s%s",
			       optlike ? "unknown option" : "unexpected arguments", list, hint);
		ret = -EINVAL;
		goto out;
	}
	out->occ = vec_to_arena(a, &occ);
	out->nocc = occ.n;
	out->pos = vec_to_arena(a, &posv);
	out->npos = posv.n;
	out->extras = vec_to_arena(a, &extras);
	out->nextras = extras.n;
	out->ngroups = ngroups;
	memcpy(out->group_count, gcount, sizeof(gcount));
	if ((occ.n && !out->occ) || (posv.n && !out->pos) || (extras.n && !out->extras))
		goto nomem;
	goto out;
nomem:
	ret = -ENOMEM;
out:
	free(items);
	free(occ.v);
	free(posv.v);
	free(extras.v);
	return ret;
}

const struct ks_occ *ks_bound_last(const struct ks_bound *b, const struct ks_option *o)
{
	for (size_t i = b->nocc; i > 0; i--)
		if (b->occ[i - 1].opt == o)
			return &b->occ[i - 1];
	return NULL;
}

const struct ks_occ *ks_bound_find(const struct ks_bound *b, const char *name)
{
	for (size_t i = b->nocc; i > 0; i--) {
		const struct ks_option *o = b->occ[i - 1].opt;
		for (size_t k = 0; k < KS_MAX_NAMES && o->names[k]; k++)
			if (strcmp(o->names[k], name) == 0)
				return &b->occ[i - 1];
	}
	return NULL;
}

bool ks_bound_has(const struct ks_bound *b, const char *name)
{
	return ks_bound_find(b, name) != NULL;
}

const char *ks_bound_value(const struct ks_bound *b, const char *name)
{
	const struct ks_occ *o = ks_bound_find(b, name);
	return o && o->value ? o->value->s : NULL;
}
