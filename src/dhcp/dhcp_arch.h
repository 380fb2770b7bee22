/* Boot-program classes that pxed chooses a boot file for. A client's class is
 * derived from option 93 (RFC 4578, IANA "Processor Architecture Types"),
 * its vendor class (PXEClient / HTTPClient) and iPXE markers (77, 175).
 * The names are what operators write in the config and on the command line. */
#pragma once

enum boot_arch {
	BOOT_ARCH_BIOS = 0,     /* 0: x86 BIOS */
	BOOT_ARCH_EFI_IA32,     /* 6 */
	BOOT_ARCH_EFI_X64,      /* 7, 9 */
	BOOT_ARCH_EFI_ARM32,    /* 10 */
	BOOT_ARCH_EFI_ARM64,    /* 11 */
	BOOT_ARCH_HTTP_IA32,    /* 15: UEFI HTTP Boot */
	BOOT_ARCH_HTTP_X64,     /* 16 */
	BOOT_ARCH_HTTP_ARM32,   /* 18 */
	BOOT_ARCH_HTTP_ARM64,   /* 19 */
	BOOT_ARCH_IPXE,         /* any client already running iPXE: gets a script URL */
	BOOT_ARCH_COUNT
};

/* "bios", "efi-ia32", "efi-x64", "efi-arm32", "efi-arm64", "http-ia32",
 * "http-x64", "http-arm32", "http-arm64", "ipxe". Returns -1 if unknown. */
int boot_arch_from_name(const char *name);
const char *boot_arch_name(enum boot_arch a);
