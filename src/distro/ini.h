/* The INI dialect of .treeinfo files (Python configparser, which productmd
 * and the older anaconda writers use): "[section]" headers, "key = value"
 * or "key: value" lines, '#' and ';' comment lines, indented continuation
 * lines. Keys are compared without regard to case, sections exactly. */
#pragma once
#include <stdbool.h>
#include <stddef.h>

struct ini_item {
	const char *section; /* not NUL-terminated: section_len bytes */
	size_t section_len;
	const char *key;
	size_t key_len;
	const char *value; /* trimmed; continuation lines are not part of it */
	size_t value_len;
	unsigned line;
};

/* Called for each key; a negative return stops the parse and is returned
 * (the callback writes its own message into err, with the line). */
typedef int (*ini_cb)(void *ctx, const struct ini_item *it, char *err, size_t errlen);

/* 0, the callback's error, or -EINVAL with "NAME:LINE: what" in err for a
 * line that is neither a header, a key, a comment nor a continuation. */
int ini_parse(const char *name, const char *text, size_t len, ini_cb cb, void *ctx, char *err,
	      size_t errlen);

bool ini_is(const char *s, size_t len, const char *lit);	     /* exact */
bool ini_is_nocase(const char *s, size_t len, const char *lit); /* ASCII case-insensitive */
