#include "kickstart/ks_lex.h"

#include "core/str.h"

#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* ---- UTF-8 ---------------------------------------------------------------- */

int ks_utf8_check(const char *s, size_t len, size_t *bad)
{
	const unsigned char *p = (const unsigned char *)s;
	size_t i = 0;
	while (i < len) {
		unsigned char c = p[i];
		if (c < 0x80) {
			i++;
			continue;
		}
		size_t n;
		uint32_t min;
		if (c >= 0xc2 && c <= 0xdf)
			n = 2, min = 0x80;
		else if (c >= 0xe0 && c <= 0xef)
			n = 3, min = 0x800;
		else if (c >= 0xf0 && c <= 0xf4)
			n = 4, min = 0x10000;
		else
			goto fail;
		if (len - i < n)
			goto fail;
		uint32_t cp = c & (0x7f >> n);
		for (size_t k = 1; k < n; k++) {
			if ((p[i + k] & 0xc0) != 0x80)
				goto fail;
			cp = (cp << 6) | (p[i + k] & 0x3f);
		}
		if (cp < min || cp > 0x10ffff || (cp >= 0xd800 && cp <= 0xdfff))
			goto fail;
		i += n;
	}
	return 0;
fail:
	*bad = i;
	return -EILSEQ;
}

size_t ks_utf8_decode(const char *s, size_t n, uint32_t *cp)
{
	const unsigned char *p = (const unsigned char *)s;
	unsigned char c = p[0];
	size_t len = c < 0x80 ? 1 : c < 0xe0 ? 2 : c < 0xf0 ? 3 : 4;
	if (len > n) {
		*cp = c;
		return 1;
	}
	if (len == 1) {
		*cp = c;
		return 1;
	}
	uint32_t v = c & (0x7f >> len);
	for (size_t k = 1; k < len; k++)
		v = (v << 6) | (p[k] & 0x3f);
	*cp = v;
	return len;
}

bool ks_py_isspace(uint32_t cp)
{
	if (cp < 0x80)
		return (cp >= 0x09 && cp <= 0x0d) || (cp >= 0x1c && cp <= 0x20);
	switch (cp) {
	case 0x85: case 0xa0: case 0x1680: case 0x2028: case 0x2029:
	case 0x202f: case 0x205f: case 0x3000:
		return true;
	default:
		return cp >= 0x2000 && cp <= 0x200a;
	}
}

/* ---- lines ---------------------------------------------------------------- */

bool ks_next_line(const char *buf, size_t buflen, size_t *off, struct ks_line *line)
{
	size_t i = *off;
	if (i >= buflen)
		return false;
	const unsigned char *p = (const unsigned char *)buf;
	size_t start = i;
	for (; i < buflen; i++) {
		unsigned char c = p[i];
		size_t term = 0;
		if (c == '\n' || c == '\v' || c == '\f' || (c >= 0x1c && c <= 0x1e)) {
			term = 1;
		} else if (c == '\r') {
			term = (i + 1 < buflen && p[i + 1] == '\n') ? 2 : 1;
		} else if (c == 0xc2 && i + 1 < buflen && p[i + 1] == 0x85) {
			term = 2;
		} else if (c == 0xe2 && i + 2 < buflen && p[i + 1] == 0x80 &&
			   (p[i + 2] == 0xa8 || p[i + 2] == 0xa9)) {
			term = 3;
		}
		if (term) {
			line->p = buf + start;
			line->len = i - start;
			line->term = term;
			*off = i + term;
			return true;
		}
	}
	line->p = buf + start;
	line->len = buflen - start;
	line->term = 0;
	*off = buflen;
	return true;
}

/* Offset of the first non-whitespace code point of the line text, or len. */
static size_t skip_pyspace(const char *p, size_t len)
{
	size_t i = 0;
	while (i < len) {
		uint32_t cp;
		size_t n = ks_utf8_decode(p + i, len - i, &cp);
		if (!ks_py_isspace(cp))
			break;
		i += n;
	}
	return i;
}

bool ks_line_blank_or_comment(const struct ks_line *l)
{
	size_t i = skip_pyspace(l->p, l->len);
	return i == l->len || l->p[i] == '#';
}

bool ks_line_lstrip_starts(const struct ks_line *l, char c)
{
	size_t i = skip_pyspace(l->p, l->len);
	return i < l->len && l->p[i] == c;
}

void ks_line_first_word(const struct ks_line *l, const char **w, size_t *wlen)
{
	size_t i = skip_pyspace(l->p, l->len);
	size_t j = i;
	while (j < l->len) {
		uint32_t cp;
		size_t n = ks_utf8_decode(l->p + j, l->len - j, &cp);
		if (ks_py_isspace(cp))
			break;
		j += n;
	}
	*w = l->p + i;
	*wlen = j - i;
}

/* ---- shlex ---------------------------------------------------------------- */

struct wordvec {
	struct ks_word *v;
	size_t n, cap;
};

struct tokbuf {
	char *p;
	size_t n, cap;
};

static bool tok_put(struct tokbuf *t, char c)
{
	if (t->n == t->cap) {
		size_t cap = t->cap ? t->cap * 2 : 64;
		char *np = realloc(t->p, cap);
		if (!np)
			return false;
		t->p = np;
		t->cap = cap;
	}
	t->p[t->n++] = c;
	return true;
}

static bool words_put(struct wordvec *wv, struct ks_arena *a, const struct tokbuf *t)
{
	if (wv->n == wv->cap) {
		size_t cap = wv->cap ? wv->cap * 2 : 8;
		struct ks_word *nv = realloc(wv->v, cap * sizeof(*nv));
		if (!nv)
			return false;
		wv->v = nv;
		wv->cap = cap;
	}
	char *s = ks_arena_strndup(a, t->p ? t->p : "", t->n);
	if (!s)
		return false;
	wv->v[wv->n++] = (struct ks_word){ s, t->n };
	return true;
}

/* shlex drops a comment with instream.readline(): up to and including '\n'. */
static size_t skip_to_next_line(const char *p, size_t len, size_t i)
{
	while (i < len && p[i] != '\n')
		i++;
	return i < len ? i + 1 : len;
}

static bool is_shlex_space(char c)
{
	return c == ' ' || c == '\t' || c == '\r' || c == '\n';
}

/* A transcription of the POSIX-mode state machine of Python's shlex with
 * whitespace_split=True. Multi-byte UTF-8 sequences contain no ASCII bytes,
 * so working on bytes gives the same words as working on code points. */
enum ks_shlex_err ks_shlex(struct ks_arena *a, const char *p, size_t len, bool comments,
			   struct ks_word **words, size_t *nwords)
{
	struct wordvec wv = { 0 };
	struct tokbuf tok = { 0 };
	enum ks_shlex_err err = KS_SHLEX_OK;
	char state = ' ';
	char escaped = 'a';
	bool quoted = false;
	size_t i = 0;

	for (;;) {
		bool eof = i >= len;
		char c = eof ? 0 : p[i];
		i++;
		if (state == ' ') {
			if (eof)
				break;
			if (is_shlex_space(c))
				continue;
			if (comments && c == '#') {
				i = skip_to_next_line(p, len, i);
				continue;
			}
			if (c == '\\') {
				escaped = 'a';
				state = '\\';
			} else if (c == '\'' || c == '"') {
				state = c;
			} else {
				if (!tok_put(&tok, c))
					goto nomem;
				state = 'a';
			}
		} else if (state == '\'' || state == '"') {
			quoted = true;
			if (eof) {
				err = KS_SHLEX_NO_CLOSING_QUOTE;
				goto out;
			}
			if (c == state) {
				state = 'a';
			} else if (c == '\\' && state == '"') {
				escaped = state;
				state = '\\';
			} else if (!tok_put(&tok, c)) {
				goto nomem;
			}
		} else if (state == '\\') {
			if (eof) {
				err = KS_SHLEX_NO_ESCAPED_CHAR;
				goto out;
			}
			if ((escaped == '\'' || escaped == '"') && c != '\\' && c != escaped)
				if (!tok_put(&tok, '\\'))
					goto nomem;
			if (!tok_put(&tok, c))
				goto nomem;
			state = escaped;
		} else { /* 'a' */
			bool end = false;
			if (eof) {
				end = true;
			} else if (is_shlex_space(c)) {
				end = true;
			} else if (comments && c == '#') {
				i = skip_to_next_line(p, len, i);
				end = true;
			} else if (c == '\'' || c == '"') {
				state = c;
			} else if (c == '\\') {
				escaped = 'a';
				state = '\\';
			} else if (!tok_put(&tok, c)) {
				goto nomem;
			}
			if (end) {
				if (tok.n || quoted)
					if (!words_put(&wv, a, &tok))
						goto nomem;
				tok.n = 0;
				quoted = false;
				state = ' ';
				if (eof)
					break;
			}
		}
	}
	*words = NULL;
	*nwords = 0;
	if (wv.n) {
		struct ks_word *arr = ks_arena_alloc(a, wv.n * sizeof(*arr));
		if (!arr)
			goto nomem;
		memcpy(arr, wv.v, wv.n * sizeof(*arr));
		*words = arr;
		*nwords = wv.n;
	}
	goto out;
nomem:
	err = KS_SHLEX_NOMEM;
out:
	free(wv.v);
	free(tok.p);
	return err;
}

bool ks_word_is(const struct ks_word *w, const char *s)
{
	size_t n = strlen(s);
	return w->len == n && memcmp(w->s, s, n) == 0;
}

/* ---- paths ---------------------------------------------------------------- */

char *ks_path_join_dir(struct ks_arena *a, const char *includer, const char *name)
{
	if (!includer || name[0] == '/')
		return ks_arena_strdup(a, name);
	const char *slash = strrchr(includer, '/');
	if (!slash)
		return ks_arena_strdup(a, name);
	size_t dl = (size_t)(slash - includer) + 1;
	size_t nl = strlen(name);
	char *p = ks_arena_alloc(a, dl + nl + 1);
	if (!p)
		return NULL;
	memcpy(p, includer, dl);
	memcpy(p + dl, name, nl + 1);
	return p;
}

/* ---- %ksappend ------------------------------------------------------------ */

struct segvec {
	struct ks_segment *v;
	size_t n, cap;
};

static bool seg_put(struct segvec *sv, size_t off, const char *file, uint32_t line)
{
	if (sv->n && sv->v[sv->n - 1].off == off)
		sv->n--; /* an empty run: the next one starts at the same place */
	if (sv->n == sv->cap) {
		size_t cap = sv->cap ? sv->cap * 2 : 8;
		struct ks_segment *nv = realloc(sv->v, cap * sizeof(*nv));
		if (!nv)
			return false;
		sv->v = nv;
		sv->cap = cap;
	}
	sv->v[sv->n++] = (struct ks_segment){ off, file, line };
	return true;
}

struct outbuf {
	char *p;
	size_t n, cap;
};

static bool out_put(struct outbuf *o, const char *s, size_t n)
{
	if (o->cap - o->n < n + 1) {
		size_t cap = o->cap ? o->cap : 4096;
		while (cap - o->n < n + 1) {
			if (cap > SIZE_MAX / 2)
				return false;
			cap *= 2;
		}
		char *np = realloc(o->p, cap);
		if (!np)
			return false;
		o->p = np;
		o->cap = cap;
	}
	memcpy(o->p + o->n, s, n);
	o->n += n;
	o->p[o->n] = 0;
	return true;
}

/* Printable, bounded copy of a name for messages. */
static const char *esc(char *buf, size_t size, const char *arg)
{
	str_escape(buf, size, arg, arg ? strlen(arg) : 0);
	return buf;
}

static void set_err(struct ks_lex_error *err, const char *file, uint32_t line, uint32_t pyline,
		    const char *fmt, ...) __attribute__((format(printf, 5, 6)));

static void set_err(struct ks_lex_error *err, const char *file, uint32_t line, uint32_t pyline,
		    const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(err->msg, sizeof(err->msg), fmt, ap);
	va_end(ap);
	err->file = file;
	err->line = line;
	err->pyline = pyline;
}

/* The word after "%ksappend" as pykickstart takes it: strip the line
 * (Python whitespace), split on single spaces, take the second piece. */
static bool ksappend_name(const struct ks_line *l, const char **name, size_t *nlen)
{
	size_t i = skip_pyspace(l->p, l->len);
	/* right strip */
	size_t end = l->len;
	while (end > i) {
		size_t k = end - 1;
		while (k > i && ((unsigned char)l->p[k] & 0xc0) == 0x80)
			k--;
		uint32_t cp;
		ks_utf8_decode(l->p + k, end - k, &cp);
		if (!ks_py_isspace(cp))
			break;
		end = k;
	}
	const char *s = l->p + i;
	size_t n = end - i;
	const char *sp = memchr(s, ' ', n);
	if (!sp)
		return false;
	const char *start = sp + 1;
	const char *stop = memchr(start, ' ', (size_t)(s + n - start));
	*name = start;
	*nlen = (size_t)((stop ? stop : s + n) - start);
	return true;
}

static int read_source(struct ks_arena *a, const struct ks_source *src, const char *includer,
		       const char *name, char **data, size_t *len, const char **resolved)
{
	if (!src || !src->read)
		return -ENOENT;
	int r = src->read(src->ctx, name, data, len);
	if (r == 0) {
		*resolved = ks_arena_strdup(a, name);
		if (!*resolved) {
			free(*data);
			return -ENOMEM;
		}
		return 0;
	}
	if (name[0] != '/' && includer && strchr(includer, '/')) {
		char *joined = ks_path_join_dir(a, includer, name);
		if (!joined)
			return -ENOMEM;
		int r2 = src->read(src->ctx, joined, data, len);
		if (r2 == 0) {
			*resolved = joined;
			return 0;
		}
	}
	return r;
}

static bool ascii_blank(const char *p, size_t n)
{
	for (size_t i = 0; i < n; i++)
		if (!(p[i] == ' ' || (p[i] >= '\t' && p[i] <= '\r')))
			return false;
	return true;
}

int ks_expand(struct ks_arena *a, const char *name, const char *data, size_t len,
	      const struct ks_source *src, struct ks_expanded *out, struct ks_lex_error *err)
{
	struct outbuf ob = { 0 };
	struct segvec sv = { 0 };
	int ret = 0;
	const char *file = ks_arena_strdup(a, name);
	size_t bad;

	memset(err, 0, sizeof(*err));
	if (!file)
		return -ENOMEM;
	if (ks_utf8_check(data, len, &bad) < 0) {
		uint32_t line = 1;
		for (size_t i = 0; i < bad; i++)
			line += data[i] == '\n';
		set_err(err, file, line, 0, "%s",
			"the file is not valid UTF-8 (pykickstart decodes kickstarts as UTF-8)");
		return -EINVAL;
	}

	size_t off = 0;
	uint32_t lineno = 0;
	struct ks_line l;
	bool open_seg = false;
	while (ks_next_line(data, len, &off, &l)) {
		lineno++;
		size_t i = skip_pyspace(l.p, l.len);
		if (l.len - i < 9 || memcmp(l.p + i, "%ksappend", 9) != 0) {
			if (!open_seg) {
				if (!seg_put(&sv, ob.n, file, lineno))
					goto nomem;
				open_seg = true;
			}
			if (!out_put(&ob, l.p, l.len + l.term))
				goto nomem;
			continue;
		}
		open_seg = false;
		const char *nm;
		size_t nl;
		if (!ksappend_name(&l, &nm, &nl)) {
			char *line = ks_arena_strndup(a, l.p, l.len);
			char eb[160];
			set_err(err, file, lineno, 0,
				"%%ksappend needs a file name after a single space: %s",
				esc(eb, sizeof(eb), line ? line : ""));
			goto inval;
		}
		char *path = ks_arena_strndup(a, nm, nl);
		if (!path)
			goto nomem;
		char *adata = NULL;
		size_t alen = 0;
		const char *resolved = NULL;
		int r = memchr(nm, 0, nl) ? -EINVAL
					 : read_source(a, src, file, path, &adata, &alen, &resolved);
		if (r == -ENOMEM)
			goto nomem;
		if (r < 0) {
			char eb[160];
			set_err(err, file, lineno, 0, "cannot read %%ksappend file %s: %s",
				esc(eb, sizeof(eb), path), strerror(-r));
			goto inval;
		}
		if (ks_utf8_check(adata, alen, &bad) < 0) {
			free(adata);
			char eb[160];
			set_err(err, file, lineno, 0, "%%ksappend file %s is not valid UTF-8",
				esc(eb, sizeof(eb), path));
			goto inval;
		}
		if (alen) {
			if (!seg_put(&sv, ob.n, resolved, 1) || !out_put(&ob, adata, alen)) {
				free(adata);
				goto nomem;
			}
		}
		free(adata);
	}
	/* pyline of a ksappend error is the line in the original file, which is
	 * also the expanded line number of everything before it */
	if (ascii_blank(ob.p ? ob.p : "", ob.n)) {
		set_err(err, NULL, 0, 0, "%s", "Empty file");
		goto inval;
	}
	out->buf = ks_arena_strndup(a, ob.p, ob.n);
	out->len = ob.n;
	out->segs = NULL;
	out->nsegs = sv.n;
	if (!out->buf)
		goto nomem;
	if (sv.n) {
		out->segs = ks_arena_alloc(a, sv.n * sizeof(*out->segs));
		if (!out->segs)
			goto nomem;
		memcpy(out->segs, sv.v, sv.n * sizeof(*out->segs));
	}
	goto done;
inval:
	if (err->line && !err->pyline)
		err->pyline = err->line;
	ret = -EINVAL;
	goto done;
nomem:
	ret = -ENOMEM;
done:
	free(ob.p);
	free(sv.v);
	return ret;
}
