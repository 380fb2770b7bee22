#include "http/http_mime.h"

#include <stddef.h>
#include <string.h>
#include <strings.h>

static const struct {
	const char *ext;
	const char *type;
} types[] = {
	{ "html", "text/html; charset=utf-8" },
	{ "htm", "text/html; charset=utf-8" },
	{ "txt", "text/plain; charset=utf-8" },
	{ "cfg", "text/plain; charset=utf-8" },
	{ "conf", "text/plain; charset=utf-8" },
	{ "ks", "text/plain; charset=utf-8" },
	{ "ipxe", "text/plain; charset=utf-8" },
	{ "sh", "text/plain; charset=utf-8" },
	{ "css", "text/css" },
	{ "js", "text/javascript" },
	{ "xml", "application/xml" },
	{ "json", "application/json" },
	{ "iso", "application/x-iso9660-image" },
	{ "img", "application/octet-stream" },
	{ "rpm", "application/x-rpm" },
	{ "efi", "application/efi" },
	{ "0", "application/octet-stream" },
	{ "c32", "application/octet-stream" },
	{ "e64", "application/octet-stream" },
	{ "gz", "application/gzip" },
	{ "tgz", "application/gzip" },
	{ "xz", "application/x-xz" },
	{ "bz2", "application/x-bzip2" },
	{ "zst", "application/zstd" },
	{ "tar", "application/x-tar" },
	{ "squashfs", "application/vnd.squashfs" },
	{ "png", "image/png" },
	{ "svg", "image/svg+xml" },
	{ "ico", "image/vnd.microsoft.icon" },
	{ "asc", "text/plain; charset=utf-8" },
	{ "sig", "application/pgp-signature" },
};

#define OCTET "application/octet-stream"

const char *http_mime_type(const char *path)
{
	const char *base = strrchr(path, '/');
	base = base ? base + 1 : path;
	const char *b = *base == '.' ? base + 1 : base;
	if (!strcmp(b, "treeinfo") || !strcmp(b, "discinfo"))
		return "text/plain; charset=utf-8";
	const char *dot = strrchr(base, '.');
	if (!dot || dot == base)
		return OCTET; /* no extension, or a dot file */
	for (size_t i = 0; i < sizeof(types) / sizeof(types[0]); i++)
		if (!strcasecmp(dot + 1, types[i].ext))
			return types[i].type;
	return OCTET;
}
