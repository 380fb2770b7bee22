/* Install phase names: what the CLI prints and the API returns. */
#include <errno.h>
#include <string.h>

#include "store_catalog.h"

static const char *const names[STORE_PHASE__COUNT] = {
	[STORE_PHASE_NEW] = "new",
	[STORE_PHASE_DHCP] = "dhcp",
	[STORE_PHASE_BOOTLOADER] = "bootloader",
	[STORE_PHASE_BOOTCONFIG] = "bootconfig",
	[STORE_PHASE_KERNEL] = "kernel",
	[STORE_PHASE_INITRD] = "initrd",
	[STORE_PHASE_KICKSTART] = "kickstart",
	[STORE_PHASE_TREE] = "tree",
	[STORE_PHASE_PRE] = "pre",
	[STORE_PHASE_POST] = "post",
	[STORE_PHASE_DONE] = "done",
	[STORE_PHASE_FAILED] = "failed",
	[STORE_PHASE_LOCALBOOT] = "localboot",
};

const char *store_phase_name(enum store_phase p)
{
	return (unsigned)p < STORE_PHASE__COUNT ? names[p] : "unknown";
}

int store_phase_from_name(const char *name, enum store_phase *ret)
{
	for (int i = 0; i < STORE_PHASE__COUNT; i++)
		if (name && strcmp(names[i], name) == 0) {
			*ret = (enum store_phase)i;
			return 0;
		}
	return -EINVAL;
}
