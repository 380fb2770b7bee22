/* Names of the boot-program classes, as operators write them. */
#include "dhcp/dhcp_arch.h"

#include <stddef.h>
#include <string.h>

static const char *const arch_names[BOOT_ARCH_COUNT] = {
	[BOOT_ARCH_BIOS] = "bios",
	[BOOT_ARCH_EFI_IA32] = "efi-ia32",
	[BOOT_ARCH_EFI_X64] = "efi-x64",
	[BOOT_ARCH_EFI_ARM32] = "efi-arm32",
	[BOOT_ARCH_EFI_ARM64] = "efi-arm64",
	[BOOT_ARCH_HTTP_IA32] = "http-ia32",
	[BOOT_ARCH_HTTP_X64] = "http-x64",
	[BOOT_ARCH_HTTP_ARM32] = "http-arm32",
	[BOOT_ARCH_HTTP_ARM64] = "http-arm64",
	[BOOT_ARCH_IPXE] = "ipxe",
};

int boot_arch_from_name(const char *name)
{
	if (!name)
		return -1;
	for (int i = 0; i < BOOT_ARCH_COUNT; i++)
		if (strcmp(name, arch_names[i]) == 0)
			return i;
	return -1;
}

const char *boot_arch_name(enum boot_arch a)
{
	/* The enum may carry any int (e.g. a value read back from the store). */
	if ((int)a < 0 || (int)a >= BOOT_ARCH_COUNT)
		return "unknown";
	return arch_names[a];
}
