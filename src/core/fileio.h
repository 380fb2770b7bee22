/* Reading files at an offset, the way every server and the import read
 * them: one pread that a signal cannot fail, or all of a range. (I/O) */
#pragma once
#include <stddef.h>
#include <stdint.h>
#include <sys/stat.h>
#include <sys/types.h>

/* One pread, retried on EINTR: bytes read (0 at the end), or -errno. */
ssize_t pread_retry(int fd, void *buf, size_t len, uint64_t off);
/* All len bytes at off: 0, -errno, or -EIO when the file ends first (it
 * shrank under us). */
int pread_full(int fd, void *buf, size_t len, uint64_t off);
/* fstat of an opened file that must be a regular one: 0 with *st filled,
 * -EISDIR for a directory, -EACCES for anything else that is not a
 * regular file, or -errno. */
int fstat_regular(int fd, struct stat *st);
