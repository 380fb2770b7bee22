#include "core/fileio.h"

#include <errno.h>
#include <unistd.h>

ssize_t pread_retry(int fd, void *buf, size_t len, uint64_t off)
{
	for (;;) {
		ssize_t n = pread(fd, buf, len, (off_t)off);
		if (n >= 0)
			return n;
		if (errno != EINTR)
			return -errno;
	}
}

int pread_full(int fd, void *buf, size_t len, uint64_t off)
{
	size_t got = 0;
	while (got < len) {
		ssize_t n = pread_retry(fd, (char *)buf + got, len - got, off + got);
		if (n <= 0)
			return n < 0 ? (int)n : -EIO;
		got += (size_t)n;
	}
	return 0;
}

int fstat_regular(int fd, struct stat *st)
{
	if (fstat(fd, st) < 0)
		return -errno;
	if (!S_ISREG(st->st_mode))
		return S_ISDIR(st->st_mode) ? -EISDIR : -EACCES;
	return 0;
}
