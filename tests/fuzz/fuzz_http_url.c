/* Request targets: a normalised path never contains "..", ".", empty
 * components, control bytes or backslashes, never starts or ends with '/',
 * and fits its buffer; query lookups stay inside their output. */
#include <errno.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "http/http_url.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static void check_path(const char *out)
{
	size_t n = strlen(out);
	if (n >= HTTP_PATH_MAX || (n && (out[0] == '/' || out[n - 1] == '/')))
		abort();
	for (size_t i = 0; i < n; i++)
		if ((unsigned char)out[i] < 0x20 || out[i] == 0x7f || out[i] == '\\')
			abort();
	const char *p = out;
	while (n) {
		const char *e = strchr(p, '/');
		size_t len = e ? (size_t)(e - p) : strlen(p);
		if (len == 0 || len > HTTP_COMP_MAX || (len == 1 && p[0] == '.') ||
		    (len == 2 && p[0] == '.' && p[1] == '.'))
			abort();
		if (!e)
			break;
		p = e + 1;
	}
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	const char *t = (const char *)data, *path, *query;
	size_t plen, qlen;
	if (http_target_split(t, size, &path, &plen, &query, &qlen) == 0) {
		if (path < t || path + plen > t + size || query < t || query + qlen > t + size || plen == 0 ||
		    path[0] != '/')
			abort();
		static char out[HTTP_PATH_MAX];
		bool dir;
		if (http_path_normalize(path, plen, out, sizeof(out), &dir) == 0)
			check_path(out);
		char v[16];
		int r = http_query_get(query, qlen, "mac", v, sizeof(v));
		if (r >= 0 && ((size_t)r >= sizeof(v) || strlen(v) != (size_t)r))
			abort();
		if (r < 0 && r != -ENOENT && r != -EINVAL && r != -ENAMETOOLONG)
			abort();
	}
	char esc[64];
	int e = http_url_escape(t, size < 20 ? size : 20, esc, sizeof(esc));
	if (e < 0 || (size_t)e != strlen(esc))
		abort();
	return 0;
}
