/* The boot-program provider: pxelinux.0, efi64/syslinux.efi, grubx64.efi
 * and the rest of src/boot/bootprog.h's table, read straight from the
 * Debian packages' files. It goes before the disk provider; a name that is
 * not a boot program's, or whose package file is missing, is left to the
 * next provider (-ENOENT), so a file the operator put into the TFTP root
 * still works. A missing package file is logged once per file:
 *   pxelinux.0: /usr/lib/PXELINUX/pxelinux.0 missing; install Debian package pxelinux
 *
 * Transfers of the same file share one descriptor (reads are pread); a
 * file replaced by a package upgrade is opened afresh for new transfers
 * while running ones finish on the old one. */
#pragma once
#include "tftp_io/tftp_source.h"

/* base: where the package files are looked up ("/" when NULL; a fake tree
 * in tests). NULL when out of memory. */
struct tftp_provider *tftp_bootprog_new(const char *base);

/* Descriptors open at the moment (tests). */
size_t tftp_bootprog_open_files(const struct tftp_provider *p);
