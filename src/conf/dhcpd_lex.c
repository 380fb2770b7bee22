#include "conf/dhcpd_lex.h"

#include <errno.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "core/str.h"

struct lex {
	const char *file;
	const char *p, *end;
	int line;
	FILE *errs;
	struct dtok *toks;
	size_t n, cap;
};

static bool is_punct(char c)
{
	return c == '{' || c == '}' || c == ';' || c == ',' || c == '=' || c == '(' || c == ')' || c == '!' ||
	       c == '~';
}

static bool is_space(char c)
{
	return c == ' ' || c == '\t' || c == '\r' || c == '\n' || c == '\f' || c == '\v';
}

static int push(struct lex *lx, enum dtok_kind kind, const char *text, size_t len, int line)
{
	if (lx->n == lx->cap) {
		size_t nc = lx->cap ? lx->cap * 2 : 256;
		struct dtok *t = realloc(lx->toks, nc * sizeof(*t));
		if (!t)
			return -ENOMEM;
		lx->toks = t;
		lx->cap = nc;
	}
	char *copy = malloc(len + 1);
	if (!copy)
		return -ENOMEM;
	memcpy(copy, text, len);
	copy[len] = 0;
	lx->toks[lx->n++] = (struct dtok){ .kind = kind, .text = copy, .len = len, .line = line };
	return 0;
}

/* A quoted string; the escapes ISC's lexer knows: \t \n \r \b \\ \" \NNN
 * (octal) \xHH. Any other escaped character stands for itself. */
static int lex_string(struct lex *lx)
{
	int line = lx->line;
	lx->p++; /* opening quote */
	size_t cap = 64, n = 0;
	char *buf = malloc(cap);
	if (!buf)
		return -ENOMEM;
	for (;;) {
		if (lx->p >= lx->end) {
			free(buf);
			fprintf(lx->errs, "%s:%d: error: unterminated string\n", lx->file, line);
			return -EINVAL;
		}
		char c = *lx->p++;
		if (c == '"')
			break;
		if (c == '\n')
			lx->line++;
		if (c == '\\' && lx->p < lx->end) {
			char e = *lx->p++;
			switch (e) {
			case 't': c = '\t'; break;
			case 'n': c = '\n'; break;
			case 'r': c = '\r'; break;
			case 'b': c = '\b'; break;
			case 'x': {
				int v = 0, k = 0;
				while (k < 2 && lx->p < lx->end && str_hex_digit(*lx->p) >= 0)
					v = v * 16 + str_hex_digit(*lx->p++), k++;
				c = (char)v;
				if (k == 0)
					c = 'x';
				break;
			}
			default:
				if (e >= '0' && e <= '7') {
					int v = e - '0', k = 1;
					while (k < 3 && lx->p < lx->end && *lx->p >= '0' && *lx->p <= '7')
						v = v * 8 + (*lx->p++ - '0'), k++;
					c = (char)(v & 0xff);
				} else {
					if (e == '\n')
						lx->line++;
					c = e;
				}
				break;
			}
		}
		if (n + 1 >= cap) {
			char *nb = realloc(buf, cap * 2);
			if (!nb) {
				free(buf);
				return -ENOMEM;
			}
			buf = nb;
			cap *= 2;
		}
		buf[n++] = c;
	}
	int r = push(lx, DT_STRING, buf, n, line);
	free(buf);
	return r;
}

static int lex_all(struct lex *lx)
{
	while (lx->p < lx->end) {
		char c = *lx->p;
		if (c == '\n') {
			lx->line++;
			lx->p++;
		} else if (is_space(c)) {
			lx->p++;
		} else if (c == '#') {
			while (lx->p < lx->end && *lx->p != '\n')
				lx->p++;
		} else if (c == '"') {
			int r = lex_string(lx);
			if (r < 0)
				return r;
		} else if (is_punct(c)) {
			int r = push(lx, DT_PUNCT, lx->p, 1, lx->line);
			if (r < 0)
				return r;
			lx->p++;
		} else {
			const char *s = lx->p;
			while (lx->p < lx->end && !is_space(*lx->p) && !is_punct(*lx->p) && *lx->p != '"' &&
			       *lx->p != '#')
				lx->p++;
			int r = push(lx, DT_WORD, s, (size_t)(lx->p - s), lx->line);
			if (r < 0)
				return r;
		}
	}
	return 0;
}

struct parser {
	const char *file;
	FILE *errs;
	const struct dtok *t;
	size_t n, i;
};

static bool is_punct_tok(const struct dtok *t, char c)
{
	return t->kind == DT_PUNCT && t->text[0] == c;
}

static void stmts_free(struct dstmt *s, size_t n)
{
	for (size_t i = 0; i < n; i++)
		stmts_free(s[i].kids, s[i].nkids);
	free(s);
}

/* Statements until '}' (depth > 0) or the end of the file (depth 0). */
static int parse_block(struct parser *ps, int depth, int open_line, struct dstmt **ret, size_t *ret_n)
{
	struct dstmt *v = NULL;
	size_t n = 0, cap = 0;
	int r = 0;
	for (;;) {
		if (ps->i >= ps->n) {
			if (depth > 0) {
				fprintf(ps->errs, "%s:%d: error: '{' is never closed\n", ps->file, open_line);
				r = -EINVAL;
			}
			break;
		}
		const struct dtok *t = &ps->t[ps->i];
		if (t->kind == DT_PUNCT && t->text[0] == '}') {
			if (depth == 0) {
				fprintf(ps->errs, "%s:%d: error: '}' without a matching '{'\n", ps->file, t->line);
				r = -EINVAL;
				break;
			}
			ps->i++;
			break;
		}
		if (t->kind == DT_PUNCT && t->text[0] == ';') {
			ps->i++; /* empty statement, as after "};" */
			continue;
		}
		size_t start = ps->i;
		while (ps->i < ps->n) {
			const struct dtok *c = &ps->t[ps->i];
			if (c->kind == DT_PUNCT && c->text[0] == '{' && ps->i > start &&
			    is_punct_tok(&ps->t[ps->i - 1], '=') && ps->t[start].kind == DT_WORD &&
			    !strcmp(ps->t[start].text, "option")) {
				/* `option NAME code N = { ip-address, text };`: the
				 * braces are a record type, not a block */
				while (ps->i < ps->n && !is_punct_tok(&ps->t[ps->i], '}') && !is_punct_tok(&ps->t[ps->i], ';'))
					ps->i++;
				if (ps->i < ps->n && is_punct_tok(&ps->t[ps->i], '}'))
					ps->i++;
				continue;
			}
			if (c->kind == DT_PUNCT && strchr(";{}", c->text[0]))
				break;
			ps->i++;
		}
		if (ps->i >= ps->n || ps->t[ps->i].text[0] == '}') {
			int line = ps->t[ps->i - 1].line;
			fprintf(ps->errs, "%s:%d: error: missing ';' after \"%.40s\"\n", ps->file, line,
				ps->t[start].text);
			r = -EINVAL;
			break;
		}
		if (n == cap) {
			size_t nc = cap ? cap * 2 : 8;
			struct dstmt *nv = realloc(v, nc * sizeof(*nv));
			if (!nv) {
				r = -ENOMEM;
				break;
			}
			v = nv;
			cap = nc;
		}
		struct dstmt *s = &v[n++];
		*s = (struct dstmt){ .tok = &ps->t[start], .ntok = ps->i - start, .line = ps->t[start].line };
		if (ps->t[ps->i].text[0] == ';') {
			ps->i++;
			continue;
		}
		int line = ps->t[ps->i].line;
		ps->i++; /* '{' */
		s->block = true;
		if (depth + 1 > DCONF_MAX_DEPTH) {
			fprintf(ps->errs, "%s:%d: error: blocks nested deeper than %d levels\n", ps->file, line,
				DCONF_MAX_DEPTH);
			r = -EINVAL;
			break;
		}
		r = parse_block(ps, depth + 1, line, &s->kids, &s->nkids);
		if (r < 0)
			break;
	}
	if (r < 0) {
		stmts_free(v, n);
		return r;
	}
	*ret = v;
	*ret_n = n;
	return 0;
}

int dconf_parse(const char *file, const char *text, size_t len, struct dconf *ret, FILE *errs)
{
	struct lex lx = { .file = file, .p = text, .end = text + len, .line = 1, .errs = errs };
	int r = lex_all(&lx);
	if (r == -ENOMEM)
		fprintf(errs, "%s: error: out of memory\n", file);
	struct dconf d = { .toks = lx.toks, .ntoks = lx.n };
	if (r == 0) {
		struct parser ps = { .file = file, .errs = errs, .t = lx.toks, .n = lx.n };
		r = parse_block(&ps, 0, 0, &d.top.kids, &d.top.nkids);
		if (r == -ENOMEM)
			fprintf(errs, "%s: error: out of memory\n", file);
	}
	if (r < 0) {
		dconf_free(&d);
		return r;
	}
	*ret = d;
	return 0;
}

void dconf_free(struct dconf *d)
{
	stmts_free(d->top.kids, d->top.nkids);
	for (size_t i = 0; i < d->ntoks; i++)
		free(d->toks[i].text);
	free(d->toks);
	memset(d, 0, sizeof(*d));
}

const char *dstmt_word(const struct dstmt *s, size_t i)
{
	if (i >= s->ntok || s->tok[i].kind == DT_PUNCT)
		return NULL;
	return s->tok[i].text;
}

bool dstmt_is(const struct dstmt *s, size_t i, const char *word)
{
	return i < s->ntok && s->tok[i].kind == DT_WORD && strcmp(s->tok[i].text, word) == 0;
}

bool dstmt_punct(const struct dstmt *s, size_t i, char c)
{
	return i < s->ntok && s->tok[i].kind == DT_PUNCT && s->tok[i].text[0] == c;
}

void dstmt_format(const struct dstmt *s, char *out, size_t cap)
{
	if (cap == 0)
		return;
	size_t o = 0;
	out[0] = 0;
	for (size_t i = 0; i < s->ntok && o + 1 < cap; i++) {
		const struct dtok *t = &s->tok[i];
		bool glue = t->kind == DT_PUNCT && (t->text[0] == ',' || t->text[0] == ')');
		if (i > 0 && !glue && !(s->tok[i - 1].kind == DT_PUNCT && s->tok[i - 1].text[0] == '('))
			out[o++] = ' ';
		char esc[256];
		if (t->kind == DT_STRING) {
			str_escape(esc, sizeof(esc), t->text, t->len);
			o += (size_t)snprintf(out + o, cap - o, "\"%s\"", esc);
		} else {
			str_escape(esc, sizeof(esc), t->text, t->len);
			o += (size_t)snprintf(out + o, cap - o, "%s", esc);
		}
		if (o >= cap)
			o = cap - 1;
	}
	const char *tail = s->block ? " { ... }" : ";";
	if (o + strlen(tail) + 1 <= cap)
		memcpy(out + o, tail, strlen(tail) + 1);
	/* too long for the report: cut with a visible marker */
	if (o + strlen(tail) + 1 > cap && cap > 4)
		memcpy(out + cap - 4, "...", 4);
}
