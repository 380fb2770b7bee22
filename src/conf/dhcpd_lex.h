/* ISC dhcpd.conf syntax without its meaning: a tokenizer (comments, quoted
 * strings with escapes, punctuation, words) and a parser into a tree of
 * statements, each being its tokens up to ';' or up to '{' plus the
 * statements of that block. import_dhcpd.c gives the tree its meaning.
 * PURE. */
#pragma once
#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>

enum dtok_kind {
	DT_WORD,   /* names, numbers, addresses, 52:54:00:12:34:07, dynamic-bootp */
	DT_STRING, /* "..." with escapes resolved; may contain NUL bytes */
	DT_PUNCT,  /* one of { } ; , = ( ) ! ~ */
};

struct dtok {
	enum dtok_kind kind;
	char *text; /* NUL-terminated; `len` bytes */
	size_t len;
	int line;
};

struct dstmt {
	const struct dtok *tok; /* the head: tokens before ';' or '{' */
	size_t ntok;
	int line;
	bool block;             /* ended with { ... } */
	struct dstmt *kids;
	size_t nkids;
};

struct dconf {
	struct dtok *toks;
	size_t ntoks;
	struct dstmt top; /* the file: kids are its top-level statements */
};

#define DCONF_MAX_DEPTH 32

/* Returns 0, or -EINVAL after printing "FILE:LINE: error: WHAT" to errs
 * (unterminated string, missing ';', unbalanced braces, nesting deeper
 * than DCONF_MAX_DEPTH), or -ENOMEM. */
int dconf_parse(const char *file, const char *text, size_t len, struct dconf *ret, FILE *errs);
void dconf_free(struct dconf *d);

/* The word or string text of token i of s, or NULL if s is shorter or the
 * token is punctuation. */
const char *dstmt_word(const struct dstmt *s, size_t i);
bool dstmt_is(const struct dstmt *s, size_t i, const char *word);
bool dstmt_punct(const struct dstmt *s, size_t i, char c);

/* The statement as dhcpd.conf text, for reports: tokens joined, strings
 * quoted and escaped, "{ ... }" for a block, bounded to cap bytes. */
void dstmt_format(const struct dstmt *s, char *out, size_t cap);
