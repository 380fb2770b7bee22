/* .treeinfo over any bytes: a clean error, or a tree description whose
 * paths stay inside the tree and whose family, version and major are set. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "distro/distro_info.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static void check_path(const char *p)
{
	if (!*p || p[0] == '/' || strstr(p, "//") || !strcmp(p, "..") || !strncmp(p, "../", 3) ||
	    strstr(p, "/../") || (strlen(p) >= 3 && !strcmp(p + strlen(p) - 3, "/..")))
		abort();
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static struct distro_info d;
	char err[512];
	distro_info_init(&d);
	if (distro_treeinfo_parse(&d, "fuzz/.treeinfo", (const char *)data, size, err, sizeof(err)) < 0)
		return 0;
	if (distro_info_finish(&d, err, sizeof(err)) < 0)
		return 0;
	if (!d.family[0] || !d.version[0] || d.major < 1 || !d.arch[0])
		abort();
	check_path(d.kernel);
	check_path(d.initrd);
	if (d.stage2[0])
		check_path(d.stage2);
	return 0;
}
