/* Lexing kickstart text the way pykickstart (and so Anaconda) does it:
 *  - the file must be UTF-8 (Python's strict decoder); a BOM is kept;
 *  - lines are Python str.splitlines() lines: \n, \r\n, \r, \v, \f, \x1c,
 *    \x1d, \x1e, U+0085, U+2028, U+2029 all end a line;
 *  - a line is blank when it is all Python whitespace (str.isspace) and a
 *    comment when its first non-whitespace character is '#';
 *  - a command or section line is split like shlex.split(line, comments=True)
 *    in POSIX mode: only space, tab, CR and LF separate words, '...' is
 *    literal, "..." honours \" and \\, a backslash outside quotes escapes the
 *    next character (a trailing one escapes the newline into the word: there
 *    are no continuation lines), '#' outside quotes ends the line even inside
 *    a word, an unbalanced quote is an error for the whole file;
 *  - %ksappend lines are replaced by the named file before anything else.
 * Pure: files are read only through struct ks_source. */
#pragma once
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "kickstart/ks_arena.h"

/* How the core reads other files (%include, %ksappend). `path` is either the
 * name as written in the kickstart or that name joined to the directory of
 * the including file; the callback opens it (or refuses: URLs, paths outside
 * an allowed tree) and returns 0 with a malloc'd buffer the caller frees, or a
 * negative errno. */
struct ks_source {
	int (*read)(void *ctx, const char *path, char **data, size_t *len);
	void *ctx;
};

/* ---- UTF-8 and Python string predicates ---------------------------------- */

/* 0 when the bytes are valid UTF-8 as Python decodes it (no overlongs,
 * surrogates or code points above U+10FFFF); otherwise -EILSEQ and the offset
 * of the first bad byte in *bad. */
int ks_utf8_check(const char *p, size_t len, size_t *bad);

/* Decodes the code point at p (valid UTF-8 assumed, n > 0); returns its length. */
size_t ks_utf8_decode(const char *p, size_t n, uint32_t *cp);

/* Python str.isspace() for one code point. */
bool ks_py_isspace(uint32_t cp);

/* One physical line of a buffer: p[0..len) is the text, term the length of
 * the line break that follows it (0 on a last line without one). */
struct ks_line {
	const char *p;
	size_t len;
	size_t term;
};

/* Next str.splitlines(True) line starting at *off; false at the end. */
bool ks_next_line(const char *buf, size_t buflen, size_t *off, struct ks_line *line);

/* The line (with its terminator) is empty/whitespace or starts with '#'
 * after leading whitespace: pykickstart's _isBlankOrComment. */
bool ks_line_blank_or_comment(const struct ks_line *l);

/* First word of line.split() (Python whitespace), or len 0. */
void ks_line_first_word(const struct ks_line *l, const char **w, size_t *wlen);

/* line.lstrip() starts with c. */
bool ks_line_lstrip_starts(const struct ks_line *l, char c);

/* ---- shlex ---------------------------------------------------------------- */

struct ks_word {
	const char *s; /* NUL-terminated copy in the arena; may hold NUL bytes itself */
	size_t len;
};

enum ks_shlex_err {
	KS_SHLEX_OK = 0,
	KS_SHLEX_NO_CLOSING_QUOTE,   /* "No closing quotation" */
	KS_SHLEX_NO_ESCAPED_CHAR,    /* "No escaped character" */
	KS_SHLEX_NOMEM,
};

/* shlex.split(text, comments=comments, posix=True) of one line given with its
 * terminator. Words go to the arena; *words is an arena array. */
enum ks_shlex_err ks_shlex(struct ks_arena *a, const char *p, size_t len, bool comments,
			   struct ks_word **words, size_t *nwords);

/* Whether a word equals a C string exactly (words may contain NUL bytes). */
bool ks_word_is(const struct ks_word *w, const char *s);

/* ---- %ksappend ------------------------------------------------------------ */

/* Where a run of the expanded text came from, so that messages can name the
 * real file and line while line numbers stay pykickstart's (which count lines
 * of the expanded text). */
struct ks_segment {
	size_t off;          /* start in the expanded buffer */
	const char *file;    /* arena string */
	uint32_t first_line; /* line number of its first byte in `file` */
};

struct ks_expanded {
	char *buf;                 /* arena; NUL-terminated */
	size_t len;
	struct ks_segment *segs;   /* arena array, in offset order */
	size_t nsegs;
};

/* A fatal problem found while lexing, with pykickstart's line number. */
struct ks_lex_error {
	char msg[256];
	const char *file; /* where the problem is (arena string) or NULL */
	uint32_t line;    /* real line in `file`, 0 = none */
	uint32_t pyline;  /* pykickstart's line, 0 = none */
};

/* Checks UTF-8 and replaces every %ksappend line by the named file, as
 * pykickstart's preprocessing does (the file's text is spliced in verbatim;
 * a missing file, a bad name or bad UTF-8 is fatal). A file that is only ASCII
 * whitespace afterwards is "Empty file". Returns 0, -EINVAL with *err filled,
 * or -ENOMEM. */
int ks_expand(struct ks_arena *a, const char *name, const char *data, size_t len,
	      const struct ks_source *src, struct ks_expanded *out, struct ks_lex_error *err);

/* Directory part of a path joined with a relative name ("a/b.ks" + "c" ->
 * "a/c"); absolute names and names without a directory are returned as is.
 * Arena string or NULL. */
char *ks_path_join_dir(struct ks_arena *a, const char *includer, const char *name);
