/* Boot programs served straight out of Debian's packages: a table from the
 * served names of docs/provisioning.md (pxelinux.0, efi64/syslinux.efi,
 * grubx64.efi, ...) to the package files that provide them, so nobody
 * copies boot loaders into a TFTP root and nothing goes stale when the
 * packages are upgraded.
 *
 * A missing file is answered "not found" (the TFTP root on disk is asked
 * next) and reported once with bootprog_missing_msg():
 *   pxelinux.0: /usr/lib/PXELINUX/pxelinux.0 missing; install Debian package pxelinux
 *
 * Lookups are pure; bootprog_open and bootprog_present read the file
 * system below a base directory ("/", or a fake tree in tests). */
#pragma once
#include <stdbool.h>
#include <stddef.h>

#include "tree/tree.h"

#define BOOTPROG_BASE_DEFAULT "/"
#define BOOTPROG_PATH_MAX 256

/* The boot programs a DHCP configuration can hand out, as bits: a table
 * entry says which of them cannot start without it. */
enum bootprog_loader {
	BOOTPROG_PXELINUX = 1u << 0,	    /* pxelinux.0 */
	BOOTPROG_LPXELINUX = 1u << 1,	    /* lpxelinux.0 */
	BOOTPROG_SYSLINUX_EFI64 = 1u << 2, /* efi64/syslinux.efi */
	BOOTPROG_GRUB = 1u << 3,	    /* grubx64.efi */
	BOOTPROG_SHIM = 1u << 4,	    /* shimx64.efi, which starts grubx64.efi */
	BOOTPROG_IPXE_BIOS = 1u << 5,	    /* undionly.kpxe */
	BOOTPROG_IPXE_EFI = 1u << 6,	    /* ipxe.efi */
	BOOTPROG_IPXE_SNP = 1u << 7,	    /* snponly.efi */
};

struct bootprog {
	/* The served name; one with a '*' (the BIOS and the efi64 module
	 * patterns) stands for every module of the directory in source. */
	const char *name;
	const char *source; /* absolute path on Debian; a directory (ending '/') for a pattern */
	const char *package;
	const char *what;   /* one line for `pxed boot-files` */
	unsigned needed_by; /* enum bootprog_loader bits */
};

/* The table, in listing order. */
size_t bootprog_count(void);
const struct bootprog *bootprog_at(size_t i);

/* A served name resolved to its entry and its file. */
struct bootprog_match {
	const struct bootprog *bp;
	char name[BOOTPROG_PATH_MAX];	/* the served name */
	char source[BOOTPROG_PATH_MAX]; /* "/usr/lib/syslinux/modules/efi64/menu.c32" */
};

/* name: a normalised request path (no leading '/'). 0, or -ENOENT when
 * name is no boot program's. */
int bootprog_lookup(const char *name, struct bootprog_match *ret);

/* A module GRUB loads after its config (not a boot program of its own). */
bool bootprog_is_grub_module(const struct bootprog_match *m);

/* The loader bit of a boot file as a DHCP configuration names it
 * ("pxelinux.0", "/efi64/syslinux.efi",
 * "http://${next-server}:${http-port}/grubx64.efi"); 0 for any other file. */
unsigned bootprog_loader_of(const char *boot_file);

/* The file name of the first loader bit in loaders ("pxelinux.0"). */
const char *bootprog_loader_name(unsigned loaders);

/* "pxelinux.0: /usr/lib/PXELINUX/pxelinux.0 missing; install Debian package
 * pxelinux" (the source prefixed by base when base is not "/"). */
void bootprog_missing_msg(const struct bootprog_match *m, const char *base, char *buf,
			  size_t len);

/* Opens the file below base (NULL: "/") as a tree file (offset 0, owns its
 * descriptor: tree_file_close closes it). -ENOENT when it is missing, -EISDIR
 * / -EACCES for something that is not a regular file. */
int bootprog_open(const char *base, const struct bootprog_match *m, struct tree_file *ret);

/* For the HTTP side: bootprog_lookup + bootprog_open. On -ENOENT, *m says
 * whether the name was a boot program's (m->bp != NULL: the package file is
 * missing; log bootprog_missing_msg) or not (m->bp == NULL). */
int bootprog_open_name(const char *base, const char *name, struct tree_file *ret,
		       struct bootprog_match *m);

/* Whether the entry's file is there: 0, -ENOENT; for a pattern, whether
 * its directory is. */
int bootprog_present(const char *base, const struct bootprog *bp);

/* Whether the served name is a boot program's and its file is there
 * (base NULL: "/"). */
bool bootprog_name_present(const char *base, const char *name);
