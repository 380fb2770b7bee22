/* The table of boot programs and its lookups (pure; opening the files is
 * bootprog_open.c). Paths are those of Debian 12's packages. */
#include "boot/bootprog.h"

#include <errno.h>
#include <stdio.h>
#include <string.h>

#include "boot/boot.h"
#include "core/str.h"

#define BIOS_MODULES "/usr/lib/syslinux/modules/bios/"
#define EFI64_MODULES "/usr/lib/syslinux/modules/efi64/"
#define SYSLINUX_ANY (BOOTPROG_PXELINUX | BOOTPROG_LPXELINUX)
#define MODULE_STEM_MAX 64

static const struct bootprog table[] = {
	{ "pxelinux.0", "/usr/lib/PXELINUX/pxelinux.0", "pxelinux",
	  "BIOS boot program, fetches over TFTP", BOOTPROG_PXELINUX },
	{ "lpxelinux.0", "/usr/lib/PXELINUX/lpxelinux.0", "pxelinux",
	  "BIOS boot program, fetches over TFTP and HTTP", BOOTPROG_LPXELINUX },
	/* ldlinux is pxelinux's second stage; the menu and the two libraries
	 * it links are what pxed's menus need */
	{ "ldlinux.c32", BIOS_MODULES "ldlinux.c32", "syslinux-common",
	  "pxelinux's core module", SYSLINUX_ANY },
	{ "menu.c32", BIOS_MODULES "menu.c32", "syslinux-common", "pxelinux menu", SYSLINUX_ANY },
	{ "libutil.c32", BIOS_MODULES "libutil.c32", "syslinux-common", "library of menu.c32",
	  SYSLINUX_ANY },
	{ "libcom32.c32", BIOS_MODULES "libcom32.c32", "syslinux-common", "library of menu.c32",
	  SYSLINUX_ANY },
	{ "vesamenu.c32", BIOS_MODULES "vesamenu.c32", "syslinux-common", "graphical pxelinux menu",
	  0 },
	{ "chain.c32", BIOS_MODULES "chain.c32", "syslinux-common", "chain-loads a disk or partition",
	  0 },
	{ "memdisk", "/usr/lib/syslinux/memdisk", "syslinux-common", "boots floppy and disk images",
	  0 },
	{ "*.c32", BIOS_MODULES, "syslinux-common", "every other pxelinux module", 0 },

	{ "efi64/syslinux.efi", "/usr/lib/SYSLINUX.EFI/efi64/syslinux.efi", "syslinux-efi",
	  "x64 UEFI boot program (syslinux)", BOOTPROG_SYSLINUX_EFI64 },
	{ "efi64/ldlinux.e64", EFI64_MODULES "ldlinux.e64", "syslinux-common",
	  "syslinux.efi's core module", BOOTPROG_SYSLINUX_EFI64 },
	{ "efi64/menu.c32", EFI64_MODULES "menu.c32", "syslinux-common", "syslinux.efi menu",
	  BOOTPROG_SYSLINUX_EFI64 },
	{ "efi64/libutil.c32", EFI64_MODULES "libutil.c32", "syslinux-common",
	  "library of efi64/menu.c32", BOOTPROG_SYSLINUX_EFI64 },
	{ "efi64/libcom32.c32", EFI64_MODULES "libcom32.c32", "syslinux-common",
	  "library of efi64/menu.c32", BOOTPROG_SYSLINUX_EFI64 },
	{ "efi64/*.c32", EFI64_MODULES, "syslinux-common", "every other syslinux.efi module", 0 },

	{ "shimx64.efi", "/usr/lib/shim/shimx64.efi.signed", "shim-signed",
	  "x64 UEFI Secure Boot first stage (Microsoft-signed shim), starts grubx64.efi",
	  BOOTPROG_SHIM },
	{ "mmx64.efi", "/usr/lib/shim/mmx64.efi.signed", "shim-helpers-amd64-signed",
	  "shim's MOK manager (enrolling keys)", 0 },
	{ "grubx64.efi", "/usr/lib/grub/x86_64-efi-signed/grubnetx64.efi.signed",
	  "grub-efi-amd64-signed", "x64 UEFI boot program (Debian's signed network GRUB)",
	  BOOTPROG_GRUB | BOOTPROG_SHIM },

	/* Debian's network GRUB has no http module built in: the configs load
	 * this build's (the same source version as the signed image) */
	{ "grub/x86_64-efi/*.mod", "/usr/lib/grub/x86_64-efi/", "grub-efi-amd64-bin",
	  "GRUB modules: http.mod lets GRUB fetch kernels over HTTP (not under Secure Boot)", 0 },
	{ "grub/x86_64-efi/*.lst", "/usr/lib/grub/x86_64-efi/", "grub-efi-amd64-bin",
	  "GRUB's module lists, asked for at start", 0 },

	{ "undionly.kpxe", "/usr/lib/ipxe/undionly.kpxe", "ipxe",
	  "iPXE for BIOS, on the NIC's own PXE stack", BOOTPROG_IPXE_BIOS },
	{ "ipxe.efi", "/boot/ipxe.efi", "ipxe", "iPXE for x64 UEFI, with its own NIC drivers",
	  BOOTPROG_IPXE_EFI },
	{ "snponly.efi", "/usr/lib/ipxe/snponly.efi", "ipxe",
	  "iPXE for x64 UEFI, on the firmware's network stack", BOOTPROG_IPXE_SNP },

	{ BOOT_MEMTEST_BIOS, "/boot/" BOOT_MEMTEST_BIOS, "memtest86+", "memory test for BIOS", 0 },
	{ BOOT_MEMTEST_EFI, "/boot/" BOOT_MEMTEST_EFI, "memtest86+", "memory test for x64 UEFI", 0 },
};

#define COUNT (sizeof(table) / sizeof(table[0]))

size_t bootprog_count(void)
{
	return COUNT;
}

const struct bootprog *bootprog_at(size_t i)
{
	return i < COUNT ? &table[i] : NULL;
}

static bool is_pattern(const struct bootprog *bp)
{
	return strchr(bp->name, '*') != NULL;
}

/* "efi64/vesamenu.c32" against the pattern of efi64 modules: the part the star covers
 * must be one plain file name. */
static bool pattern_match(const char *pattern, const char *name, const char **stem, size_t *stemlen)
{
	const char *star = strchr(pattern, '*');
	size_t pre = (size_t)(star - pattern), suf = strlen(star + 1), n = strlen(name);
	if (n <= pre + suf || strncmp(name, pattern, pre) != 0 || strcmp(name + n - suf, star + 1) != 0)
		return false;
	size_t sl = n - pre - suf;
	if (sl > MODULE_STEM_MAX)
		return false;
	for (size_t i = 0; i < sl; i++) {
		char c = name[pre + i];
		bool ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
			  c == '_' || c == '-' || (c == '.' && i > 0);
		if (!ok)
			return false;
	}
	*stem = name + pre;
	*stemlen = sl;
	return true;
}

int bootprog_lookup(const char *name, struct bootprog_match *ret)
{
	for (size_t i = 0; i < COUNT; i++) {
		const struct bootprog *bp = &table[i];
		struct bootprog_match m = { .bp = bp };
		if (!is_pattern(bp)) {
			if (strcmp(bp->name, name) != 0)
				continue;
			snprintf(m.source, sizeof(m.source), "%s", bp->source);
		} else {
			const char *stem;
			size_t sl;
			if (!pattern_match(bp->name, name, &stem, &sl))
				continue;
			const char *suffix = strchr(bp->name, '*') + 1;
			snprintf(m.source, sizeof(m.source), "%s%.*s%s", bp->source, (int)sl, stem, suffix);
		}
		snprintf(m.name, sizeof(m.name), "%s", name);
		*ret = m;
		return 0;
	}
	return -ENOENT;
}

static const struct {
	const char *file;
	unsigned bit;
} loaders[] = {
	{ "pxelinux.0", BOOTPROG_PXELINUX },	     { "lpxelinux.0", BOOTPROG_LPXELINUX },
	{ "efi64/syslinux.efi", BOOTPROG_SYSLINUX_EFI64 }, { "grubx64.efi", BOOTPROG_GRUB },
	{ "shimx64.efi", BOOTPROG_SHIM },	     { "undionly.kpxe", BOOTPROG_IPXE_BIOS },
	{ "ipxe.efi", BOOTPROG_IPXE_EFI },	     { "snponly.efi", BOOTPROG_IPXE_SNP },
};

unsigned bootprog_loader_of(const char *f)
{
	/* a URL (UEFI HTTP boot, iPXE): the path after the host */
	const char *scheme = strstr(f, "://");
	if (scheme) {
		f = strchr(scheme + 3, '/');
		if (!f)
			return 0;
	}
	while (*f == '/')
		f++;
	for (size_t i = 0; i < sizeof(loaders) / sizeof(loaders[0]); i++)
		if (strcmp(f, loaders[i].file) == 0)
			return loaders[i].bit;
	return 0;
}

const char *bootprog_loader_name(unsigned bits)
{
	for (size_t i = 0; i < sizeof(loaders) / sizeof(loaders[0]); i++)
		if (bits & loaders[i].bit)
			return loaders[i].file;
	return "";
}

bool bootprog_is_grub_module(const struct bootprog_match *m)
{
	return m->bp && strncmp(m->bp->name, "grub/x86_64-efi/", 16) == 0;
}

void bootprog_missing_msg(const struct bootprog_match *m, const char *base, char *buf, size_t len)
{
	bool rebased = base && *base && strcmp(base, "/") != 0;
	size_t bl = rebased ? strlen(base) : 0;
	while (bl > 1 && base[bl - 1] == '/')
		bl--;
	snprintf(buf, len, "%s: %.*s%s missing; install Debian package %s", m->name, (int)bl,
		 rebased ? base : "", m->source, m->bp->package);
}
