/* .discinfo over any bytes: a clean error, or fields without control
 * characters; recognising a tree from it alone yields a complete record. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "distro/distro_info.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static void check_text(const char *s)
{
	for (; *s; s++)
		if ((unsigned char)*s < 0x20 || *s == 0x7f)
			abort();
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct discinfo di;
	char err[512];
	if (distro_discinfo_parse("fuzz/.discinfo", (const char *)data, size, &di, err, sizeof(err)) < 0)
		return 0;
	check_text(di.timestamp);
	check_text(di.release);
	check_text(di.arch);
	check_text(di.discs);
	static struct distro_info d;
	distro_info_init(&d);
	distro_info_add_discinfo(&d, &di);
	if (distro_info_finish(&d, err, sizeof(err)) == 0 &&
	    (!d.family_known || d.major < 1 || strcmp(d.kernel, "images/pxeboot/vmlinuz") != 0))
		abort();
	return 0;
}
