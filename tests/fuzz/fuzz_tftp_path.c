/* The request-name normaliser: whatever the bytes, the result is either a
 * refusal or a relative path without "..", "." or empty components and
 * without control bytes, that fits the buffer. The first byte of the input
 * picks the root the name is normalised against. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "tftp_io/tftp_path.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static const char *const roots[] = { "/srv/tftp", "/srv/tftp/", "/", NULL, "/a" };
	if (size == 0)
		return 0;
	const char *root = roots[data[0] % 5];
	char out[TFTP_PATH_MAX];
	int r = tftp_path_normalize((const char *)data + 1, size - 1, root, out, sizeof(out));
	if (r < 0)
		return 0;
	size_t n = strlen(out);
	if (n == 0 || n >= sizeof(out) || out[0] == '/' || out[n - 1] == '/')
		abort();
	for (size_t i = 0; i < n; i++)
		if ((unsigned char)out[i] < 0x20 || out[i] == 0x7f || out[i] == '\\')
			abort();
	/* every component is a real name */
	const char *p = out;
	for (;;) {
		const char *e = strchr(p, '/');
		size_t len = e ? (size_t)(e - p) : strlen(p);
		if (len == 0 || len > TFTP_COMP_MAX || (len == 1 && p[0] == '.') ||
		    (len == 2 && p[0] == '.' && p[1] == '.'))
			abort();
		if (!e)
			break;
		p = e + 1;
	}
	return 0;
}
