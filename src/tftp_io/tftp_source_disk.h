/* The disk provider: files under the TFTP root, opened so that no path can
 * leave the root. The kernel does the confining where it can (openat2 with
 * RESOLVE_BENEATH | RESOLVE_NO_MAGICLINKS, Linux 5.6+); otherwise the path is
 * walked one component at a time with O_NOFOLLOW and every symlink on the
 * way is resolved by hand, refusing any target that leaves the root.
 *
 * Only regular files are served. Transfers of the same file share one open
 * descriptor (a refcounted table keyed by device, inode, size and mtime, so
 * a file replaced on disk is a new entry while old transfers finish on the
 * old one); reads are pread, so they share the page cache and nothing is
 * copied per transfer. */
#pragma once
#include <stdbool.h>
#include <stddef.h>

#include "tftp_io/tftp_source.h"

enum {
	/* Skip openat2 even where the kernel has it (tests of the fallback). */
	TFTP_DISK_NO_OPENAT2 = 1,
};

/* root: absolute directory. The provider opens it lazily, so a root that
 * does not exist yet makes requests fail with "not found", not start-up. */
struct tftp_provider *tftp_disk_new(const char *root, unsigned flags);

/* SIGHUP: a new root (or the same one re-opened). Open sources stay valid. */
int tftp_disk_set_root(struct tftp_provider *p, const char *root);

/* Whether the root directory can be opened now; on failure a negative errno. */
int tftp_disk_check_root(struct tftp_provider *p);

/* Open files in the shared table (for tests and the stats log). */
size_t tftp_disk_open_files(const struct tftp_provider *p);

/* Whether this kernel confines with openat2 (false after a fallback). */
bool tftp_disk_uses_openat2(const struct tftp_provider *p);
