#include "tftp_io/tftp_path.h"

#include <errno.h>
#include <stdbool.h>
#include <string.h>

static char slash(char c) { return c == '\\' ? '/' : c; }

/* Whether name[0..len) starts with root (trailing slashes of root ignored)
 * followed by a separator; *skip is then the length of that prefix. */
static bool has_root_prefix(const char *name, size_t len, const char *root, size_t *skip)
{
	if (!root || root[0] != '/')
		return false;
	size_t rl = strlen(root);
	while (rl > 1 && root[rl - 1] == '/')
		rl--;
	if (rl <= 1 || len < rl)
		return false;
	for (size_t i = 0; i < rl; i++)
		if (slash(name[i]) != root[i])
			return false;
	if (len > rl && slash(name[rl]) != '/')
		return false;
	*skip = rl;
	return true;
}

int tftp_path_normalize(const char *name, size_t len, const char *root, char *out, size_t outlen)
{
	char buf[TFTP_PATH_MAX];
	size_t i = 0, n = 0;
	for (size_t k = 0; k < len; k++) {
		unsigned char c = (unsigned char)name[k];
		if (c < 0x20 || c == 0x7f)
			return -EINVAL;
	}
	size_t skip;
	if (has_root_prefix(name, len, root, &skip))
		i = skip;
	while (i < len && slash(name[i]) == '/')
		i++;
	if (i == len)
		return -EINVAL; /* empty, "/" or the root itself: not a file */
	while (i < len) {
		size_t start = i;
		while (i < len && slash(name[i]) != '/')
			i++;
		size_t clen = i - start;
		bool last = i == len;
		if (!last)
			i++; /* the separator */
		if (clen == 0 || (!last && i == len))
			return -EINVAL; /* "a//b" or "a/" */
		if (clen > TFTP_COMP_MAX)
			return -ENAMETOOLONG;
		if (clen == 1 && name[start] == '.')
			continue;
		if (clen == 2 && name[start] == '.' && name[start + 1] == '.')
			return -EACCES;
		if (n + (n ? 1 : 0) + clen + 1 > sizeof(buf))
			return -ENAMETOOLONG;
		if (n)
			buf[n++] = '/';
		memcpy(buf + n, name + start, clen);
		n += clen;
	}
	if (n == 0)
		return -EINVAL; /* only "." components */
	if (n + 1 > outlen)
		return -ENAMETOOLONG;
	memcpy(out, buf, n);
	out[n] = 0;
	return 0;
}
