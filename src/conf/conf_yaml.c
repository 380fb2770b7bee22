#include "conf/conf_yaml.h"

#include <errno.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

#include "conf/conf_opt.h"
#include "core/str.h"

static void capture_output(struct fy_diag *diag, void *user, const char *buf, size_t len)
{
	(void)diag;
	struct ld *ld = user;
	size_t room = sizeof(ld->captured) - 1 - ld->ncaptured;
	if (len > room)
		len = room;
	memcpy(ld->captured + ld->ncaptured, buf, len);
	ld->ncaptured += len;
	ld->captured[ld->ncaptured] = 0;
}

struct conf_pos ld_pos(struct ld *ld, struct fy_node *n)
{
	struct conf_pos p = { .file = ld->file };
	if (!n)
		return p;
	fy_diag_node_report(ld->diag, n, FYET_ERROR, "%s", "where");
	struct fy_diag_error *e, *last = NULL;
	void *it = ld->cursor;
	while ((e = fy_diag_errors_iterate(ld->diag, &it)) != NULL) {
		ld->cursor = it;
		last = e;
	}
	if (last) {
		p.line = last->line;
		p.col = last->column;
		/* the token of a quoted scalar or an alias starts after the
		 * quote or '*'; point at what the operator typed */
		enum fy_node_style st = fy_node_get_style(n);
		if ((st == FYNS_SINGLE_QUOTED || st == FYNS_DOUBLE_QUOTED || st == FYNS_ALIAS) && p.col > 1)
			p.col--;
	}
	return p;
}

size_t ld_path_push(struct ld *ld, const char *fmt, ...)
{
	size_t old = ld->plen;
	if (ld->plen < sizeof(ld->path) - 1) {
		va_list ap;
		va_start(ap, fmt);
		int n = vsnprintf(ld->path + ld->plen, sizeof(ld->path) - ld->plen, fmt, ap);
		va_end(ap);
		if (n > 0)
			ld->plen += (size_t)n < sizeof(ld->path) - ld->plen ? (size_t)n : sizeof(ld->path) - 1 - ld->plen;
	}
	return old;
}

void ld_path_pop(struct ld *ld, size_t old)
{
	ld->plen = old;
	ld->path[old] = 0;
}

void ld_err(struct ld *ld, struct fy_node *n, const char *fmt, ...)
{
	ld->errors++;
	if (ld->errors > LD_MAX_ERRORS)
		return;
	char msg[768];
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(msg, sizeof(msg), fmt, ap);
	va_end(ap);
	struct conf_pos p = ld_pos(ld, n);
	/* nodes without a token (an empty value at the end of a block) have
	 * no position of their own: use their key's */
	if (p.line == 0 && ld->cur_key && ld->cur_key != n)
		p = ld_pos(ld, ld->cur_key);
	if (ld->plen)
		conf_diag(ld->errs, &p, "error", "%s: %s", ld->path, msg);
	else
		conf_diag(ld->errs, &p, "error", "%s", msg);
	if (ld->errors == LD_MAX_ERRORS) {
		struct conf_pos f = { .file = ld->file };
		conf_diag(ld->errs, &f, "error", "too many errors, not showing more");
	}
}

void ld_oom(struct ld *ld)
{
	if (!ld->oom) {
		ld->oom = true;
		ld_err(ld, NULL, "out of memory");
	}
}

/* Printable form of config text for messages: bounded and escaped. */
const char *ld_show(const char *s, char buf[80])
{
	str_escape(buf, 80, s, strlen(s));
	return buf;
}

const char *ld_kind_name(struct fy_node *n)
{
	switch (fy_node_get_type(n)) {
	case FYNT_MAPPING: return "a mapping";
	case FYNT_SEQUENCE: return "a list";
	default: return "a scalar";
	}
}

bool ld_is_null(struct fy_node *v)
{
	if (!v)
		return true;
	if (!fy_node_is_scalar(v) || fy_node_get_style(v) != FYNS_PLAIN)
		return false;
	size_t len;
	const char *s = fy_node_get_scalar(v, &len);
	return !s || len == 0 || (len == 1 && s[0] == '~') ||
	       (len == 4 && (!memcmp(s, "null", 4) || !memcmp(s, "Null", 4) || !memcmp(s, "NULL", 4)));
}

/* libfyaml 0.7 decodes a run of escaped quotes in a single-quoted scalar
 * wrongly ('a''''b' reads as a''' instead of a''b, fixed upstream in
 * c0a716e) or not at all (fy_node_get_scalar() fails, and leaks, 0af6061).
 * Both leave two quotes in a row or nothing, so such values are refused
 * rather than silently misread. */
static bool misread_quotes(struct fy_node *n, const char *raw, size_t len)
{
	return fy_node_get_style(n) == FYNS_SINGLE_QUOTED && (!raw || memmem(raw, len, "''", 2));
}

#define MISREAD_MSG "libfyaml 0.7 misreads '' escapes in a row in single-quoted strings; write this one in double quotes"

/* The NUL-terminated text of a scalar, or NULL after reporting why there is
 * none. `expect` completes "expected ..." in messages. */
const char *ld_scalar(struct ld *ld, struct fy_node *v, const char *expect)
{
	if (v && fy_node_is_alias(v)) {
		ld_err(ld, v, "aliases are not supported; write the value out");
		return NULL;
	}
	if (ld_is_null(v)) {
		ld_err(ld, v, "missing value (expected %s)", expect);
		return NULL;
	}
	if (!fy_node_is_scalar(v)) {
		ld_err(ld, v, "expected %s, got %s", expect, ld_kind_name(v));
		return NULL;
	}
	size_t len = 0;
	const char *raw = fy_node_get_scalar(v, &len);
	if (misread_quotes(v, raw, len)) {
		ld_err(ld, v, MISREAD_MSG);
		return NULL;
	}
	const char *s = raw ? fy_node_get_scalar0(v) : NULL;
	if (!raw || !s) {
		ld_oom(ld);
		return NULL;
	}
	if (memchr(raw, 0, len)) {
		ld_err(ld, v, "contains a NUL character");
		return NULL;
	}
	return s;
}

bool ld_bool(struct ld *ld, struct fy_node *v, bool *out)
{
	const char *s = ld_scalar(ld, v, "true or false");
	if (!s)
		return false;
	if (!strcmp(s, "true") || !strcmp(s, "True") || !strcmp(s, "TRUE")) {
		*out = true;
		return true;
	}
	if (!strcmp(s, "false") || !strcmp(s, "False") || !strcmp(s, "FALSE")) {
		*out = false;
		return true;
	}
	char b[80];
	ld_err(ld, v, "expected true or false, got '%s'", ld_show(s, b));
	return false;
}

bool ld_duration(struct ld *ld, struct fy_node *v, bool allow_zero, uint32_t *out)
{
	const char *s = ld_scalar(ld, v, "a duration");
	if (!s)
		return false;
	uint32_t d;
	char b[80];
	if (str_to_duration(s, &d) < 0) {
		ld_err(ld, v, "expected a duration (3600, 90s, 15m, 12h, 7d or infinite), got '%s'", ld_show(s, b));
		return false;
	}
	if (d == 0 && !allow_zero) {
		ld_err(ld, v, "must be longer than 0 seconds");
		return false;
	}
	*out = d;
	return true;
}

bool ld_ip(struct ld *ld, struct fy_node *v, uint32_t *out)
{
	const char *s = ld_scalar(ld, v, "an IPv4 address");
	if (!s)
		return false;
	char b[80];
	if (str_to_ipv4(s, out) < 0) {
		ld_err(ld, v, "expected an IPv4 address, got '%s'", ld_show(s, b));
		return false;
	}
	return true;
}

bool ld_str(struct ld *ld, struct fy_node *v, unsigned flags, char **out)
{
	const char *s = ld_scalar(ld, v, "a string");
	if (!s)
		return false;
	if (!conf_text_ok(s, strlen(s))) {
		ld_err(ld, v, "contains control characters or invalid UTF-8");
		return false;
	}
	if ((flags & (LD_STR_NONEMPTY | LD_STR_ABSPATH | LD_STR_IFNAME)) && !*s) {
		ld_err(ld, v, "must not be empty");
		return false;
	}
	if ((flags & LD_STR_ABSPATH) && s[0] != '/') {
		char b[80];
		ld_err(ld, v, "'%s' is not an absolute path", ld_show(s, b));
		return false;
	}
	if ((flags & LD_STR_IFNAME) && (strlen(s) > 15 || strchr(s, '/') || strchr(s, ' '))) {
		char b[80];
		ld_err(ld, v, "'%s' is not a valid interface name", ld_show(s, b));
		return false;
	}
	char *d = strdup(s);
	if (!d) {
		ld_oom(ld);
		return false;
	}
	free(*out);
	*out = d;
	return true;
}

/* Keys of one mapping level, NULL-terminated. */
int ld_key_index(const char *key, const char *const *known)
{
	for (int i = 0; known[i]; i++)
		if (!strcmp(known[i], key))
			return i;
	return -1;
}

static size_t min3(size_t a, size_t b, size_t c)
{
	size_t m = a < b ? a : b;
	return m < c ? m : c;
}

/* Edits (insert, delete, substitute, swap two neighbours) between two
 * keys: "prot" is one swap from "port", two substitutions from "root". */
static size_t edit_distance(const char *a, const char *b)
{
	size_t la = strlen(a), lb = strlen(b);
	if (la > 40 || lb > 40)
		return 99;
	size_t d[41][41];
	for (size_t i = 0; i <= la; i++)
		d[i][0] = i;
	for (size_t j = 0; j <= lb; j++)
		d[0][j] = j;
	for (size_t i = 1; i <= la; i++)
		for (size_t j = 1; j <= lb; j++) {
			d[i][j] = min3(d[i - 1][j] + 1, d[i][j - 1] + 1, d[i - 1][j - 1] + (a[i - 1] != b[j - 1]));
			if (i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1] && d[i - 2][j - 2] + 1 < d[i][j])
				d[i][j] = d[i - 2][j - 2] + 1;
		}
	return d[la][lb];
}

/* The known name closest to a misspelt one, if it is close enough to be
 * what was meant (at most 2 edits). */
const char *ld_suggest(const char *key, const char *const *known, const char *const *more)
{
	const char *best = NULL;
	size_t bd = 3;
	for (int pass = 0; pass < 2; pass++)
		for (const char *const *p = pass ? more : known; p && *p; p++) {
			size_t d = edit_distance(key, *p);
			if (d < bd) {
				bd = d;
				best = *p;
			}
		}
	return best;
}

void ld_unknown_key(struct ld *ld, struct fy_node *k, const char *key, const char *const *known,
			const char *const *more)
{
	const char *best = ld_suggest(key, known, more);
	char b[80];
	if (best)
		ld_err(ld, k, "unknown key '%s' (did you mean '%s'?)", ld_show(key, b), best);
	else
		ld_err(ld, k, "unknown key '%s'", ld_show(key, b));
}

bool ld_expect_map(struct ld *ld, struct fy_node *n, const char *what)
{
	if (n && fy_node_is_alias(n)) {
		ld_err(ld, n, "aliases are not supported; write the value out");
		return false;
	}
	if (!n || !fy_node_is_mapping(n)) {
		ld_err(ld, n, "expected %s, got %s", what, n && !ld_is_null(n) ? ld_kind_name(n) : "nothing");
		return false;
	}
	return true;
}

/* The key text of a pair, or NULL after an error (complex keys). */
const char *ld_pair_key(struct ld *ld, struct fy_node_pair *p, struct fy_node **kn)
{
	*kn = fy_node_pair_key(p);
	ld->cur_key = *kn;
	if (!*kn || !fy_node_is_scalar(*kn) || fy_node_is_alias(*kn)) {
		ld_err(ld, *kn, "keys must be plain names");
		return NULL;
	}
	size_t len = 0;
	const char *raw = fy_node_get_scalar(*kn, &len);
	if (misread_quotes(*kn, raw, len)) {
		ld_err(ld, *kn, MISREAD_MSG);
		return NULL;
	}
	const char *s = raw ? fy_node_get_scalar0(*kn) : NULL;
	if (!raw || !s) {
		ld_oom(ld);
		return NULL;
	}
	if (memchr(raw, 0, len)) {
		ld_err(ld, *kn, "keys must be plain names");
		return NULL;
	}
	return s;
}

void ld_for_items(struct ld *ld, struct fy_node *v, const char *what, ld_item_fn fn, void *arg)
{
	if (v && fy_node_is_sequence(v)) {
		void *it = NULL;
		struct fy_node *item;
		size_t i = 0;
		if (fy_node_sequence_item_count(v) == 0)
			ld_err(ld, v, "empty list (expected %s)", what);
		while ((item = fy_node_sequence_iterate(v, &it)) != NULL) {
			size_t m = ld_path_push(ld, "[%zu]", i);
			fn(ld, item, i, arg);
			ld_path_pop(ld, m);
			i++;
		}
		return;
	}
	if (v && fy_node_is_mapping(v)) {
		ld_err(ld, v, "expected %s or a list of them, got a mapping", what);
		return;
	}
	fn(ld, v, 0, arg);
}

/* libfyaml 0.7 stops at the first invalid UTF-8 sequence without saying
 * so (the rest of the file silently disappears), so the text is checked
 * before it is parsed. */
static bool check_encoding(struct ld *ld, const char *text, size_t len)
{
	int line = 1, col = 1;
	size_t i = 0;
	while (i < len) {
		const uint8_t *p = (const uint8_t *)text + i;
		size_t n = conf_utf8_seq(p, len - i);
		if (n == 0 || p[0] == 0) {
			struct conf_pos pos = { ld->file, line, col };
			conf_diag(ld->errs, &pos, "error", n ? "NUL byte in the file" : "invalid UTF-8");
			ld->errors++;
			return false;
		}
		if (p[0] == '\n') {
			line++;
			col = 1;
		} else {
			col++;
		}
		i += n;
	}
	return true;
}

/* Prints what libfyaml collected since the cursor: YAML syntax errors. */
static void report_yaml_errors(struct ld *ld)
{
	struct fy_diag_error *e;
	void *it = ld->cursor;
	while ((e = fy_diag_errors_iterate(ld->diag, &it)) != NULL) {
		ld->cursor = it;
		if (e->type < FYET_WARNING)
			continue;
		struct conf_pos p = { ld->file, e->line, e->column };
		char b[256];
		str_escape(b, sizeof(b), e->msg, strlen(e->msg));
		if (e->type == FYET_ERROR) {
			ld->errors++;
			conf_diag(ld->errs, &p, "error", "YAML: %s", b);
		} else {
			conf_diag(ld->errs, &p, "warning", "YAML: %s", b);
		}
	}
}

struct fy_document *ld_parse(struct ld *ld, const char *text, size_t len)
{
	if (!check_encoding(ld, text, len))
		return NULL;
	struct fy_diag_cfg dc;
	fy_diag_cfg_default(&dc);
	dc.fp = NULL;
	dc.output_fn = capture_output;
	dc.user = ld;
	dc.level = FYET_WARNING;
	dc.colorize = false;
	ld->diag = fy_diag_create(&dc);
	if (!ld->diag) {
		ld_oom(ld);
		return NULL;
	}
	fy_diag_set_collect_errors(ld->diag, true);
	struct fy_parse_cfg pc = { .flags = FYPCF_QUIET, .diag = ld->diag };
	ld->fyp = fy_parser_create(&pc);
	if (!ld->fyp || fy_parser_set_string(ld->fyp, text, len) < 0) {
		ld_oom(ld);
		return NULL;
	}
	struct fy_document *doc = fy_parse_load_document(ld->fyp);
	int before = ld->errors;
	report_yaml_errors(ld);
	bool failed = fy_diag_got_error(ld->diag) || ld->errors > before;
	if (failed && ld->errors == before) {
		/* an error libfyaml printed without a position */
		struct conf_pos p = { .file = ld->file };
		char b[256];
		while (ld->ncaptured && ld->captured[ld->ncaptured - 1] == '\n')
			ld->captured[--ld->ncaptured] = 0;
		str_escape(b, sizeof(b), ld->captured, ld->ncaptured);
		conf_diag(ld->errs, &p, "error", "YAML: %s", ld->ncaptured ? b : "syntax error");
		ld->errors++;
	}
	if (!doc || failed) {
		if (doc)
			fy_parse_document_destroy(ld->fyp, doc);
		return NULL;
	}
	struct fy_document *next = fy_parse_load_document(ld->fyp);
	if (next) {
		struct fy_node *r = fy_document_root(next);
		struct conf_pos p = ld_pos(ld, r);
		conf_diag(ld->errs, &p, "error", "only one YAML document is allowed in a config file");
		ld->errors++;
		fy_parse_document_destroy(ld->fyp, next);
	} else {
		report_yaml_errors(ld);
	}
	return doc;
}

void ld_finish(struct ld *ld, struct fy_document *doc)
{
	if (doc)
		fy_parse_document_destroy(ld->fyp, doc);
	if (ld->fyp)
		fy_parser_destroy(ld->fyp);
	if (ld->diag)
		fy_diag_destroy(ld->diag);
	ld->fyp = NULL;
	ld->diag = NULL;
}
