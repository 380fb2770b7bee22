/* A line-by-line INI reader over untrusted text: nothing is copied, every
 * item points into the caller's buffer. */
#include "distro/ini.h"

#include <errno.h>
#include <stdio.h>
#include <string.h>

static bool is_space(char c) { return c == ' ' || c == '\t' || c == '\r' || c == '\f' || c == '\v'; }

static void trim(const char **s, size_t *len)
{
	while (*len && is_space(**s)) {
		(*s)++;
		(*len)--;
	}
	while (*len && is_space((*s)[*len - 1]))
		(*len)--;
}

bool ini_is(const char *s, size_t len, const char *lit)
{
	return strlen(lit) == len && memcmp(s, lit, len) == 0;
}

bool ini_is_nocase(const char *s, size_t len, const char *lit)
{
	if (strlen(lit) != len)
		return false;
	for (size_t i = 0; i < len; i++) {
		char a = s[i], b = lit[i];
		if (a >= 'A' && a <= 'Z')
			a = (char)(a - 'A' + 'a');
		if (b >= 'A' && b <= 'Z')
			b = (char)(b - 'A' + 'a');
		if (a != b)
			return false;
	}
	return true;
}

static int bad_line(const char *name, unsigned line, char *err, size_t errlen, const char *what)
{
	snprintf(err, errlen, "%s:%u: %s", name, line, what);
	return -EINVAL;
}

int ini_parse(const char *name, const char *text, size_t len, ini_cb cb, void *ctx, char *err,
	      size_t errlen)
{
	const char *section = NULL;
	size_t section_len = 0;
	bool in_key = false; /* an indented line continues the last key's value */
	unsigned line = 0;
	size_t pos = 0;
	if (len >= 3 && memcmp(text, "\xef\xbb\xbf", 3) == 0)
		pos = 3; /* a UTF-8 byte order mark */
	while (pos < len) {
		const char *l = text + pos;
		const char *nl = memchr(l, '\n', len - pos);
		size_t ll = nl ? (size_t)(nl - l) : len - pos;
		pos += ll + 1;
		line++;
		if (memchr(l, '\0', ll))
			return bad_line(name, line, err, errlen, "NUL byte in the text");
		bool indented = ll && is_space(l[0]);
		trim(&l, &ll);
		if (ll == 0 || l[0] == '#' || l[0] == ';')
			continue;
		if (indented && in_key)
			continue;
		if (l[0] == '[') {
			if (l[ll - 1] != ']' || ll < 3)
				return bad_line(name, line, err, errlen,
						"malformed section header (expected [NAME])");
			section = l + 1;
			section_len = ll - 2;
			in_key = false;
			continue;
		}
		const char *eq = memchr(l, '=', ll), *colon = memchr(l, ':', ll);
		const char *delim = !eq ? colon : !colon ? eq : eq < colon ? eq : colon;
		if (!delim)
			return bad_line(name, line, err, errlen, "expected KEY = VALUE or [SECTION]");
		struct ini_item it = {
			.section = section,
			.section_len = section_len,
			.key = l,
			.key_len = (size_t)(delim - l),
			.value = delim + 1,
			.value_len = ll - (size_t)(delim - l) - 1,
			.line = line,
		};
		trim(&it.key, &it.key_len);
		trim(&it.value, &it.value_len);
		if (it.key_len == 0)
			return bad_line(name, line, err, errlen, "empty key before '=' or ':'");
		if (!section)
			return bad_line(name, line, err, errlen, "key before the first [SECTION] header");
		in_key = true;
		int r = cb(ctx, &it, err, errlen);
		if (r < 0)
			return r;
	}
	return 0;
}
