#include "tftp_io/tftp_upload.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "core/str.h"
#include "tftp_io/tftp_path.h"

struct tftp_upload {
	int dirfd;
	int fd;
	char tmp[64];
	char base[TFTP_COMP_MAX + 1];
};

/* Opens the directory part of path below dir, one component at a time,
 * refusing symlinks (O_NOFOLLOW); *base points at the last component. */
static int open_parent(const char *dir, const char *path, const char **base)
{
	int fd = open(dir, O_PATH | O_DIRECTORY | O_CLOEXEC);
	if (fd < 0)
		return -errno;
	const char *p = path;
	const char *slash;
	while ((slash = strchr(p, '/')) != NULL) {
		char comp[TFTP_COMP_MAX + 1];
		size_t n = (size_t)(slash - p);
		if (n == 0 || n > TFTP_COMP_MAX) {
			close(fd);
			return -EINVAL;
		}
		memcpy(comp, p, n);
		comp[n] = 0;
		int sub = openat(fd, comp, O_PATH | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);
		int e = errno;
		close(fd);
		if (sub < 0)
			return -e;
		fd = sub;
		p = slash + 1;
	}
	*base = p;
	return fd;
}

int tftp_upload_open(const char *dir, const char *path, struct tftp_upload **ret)
{
	static unsigned counter;
	const char *base = path;
	int dirfd = open_parent(dir, path, &base);
	if (dirfd < 0)
		return dirfd;
	struct tftp_upload *u = calloc(1, sizeof(*u));
	if (!u) {
		close(dirfd);
		return -ENOMEM;
	}
	u->dirfd = dirfd;
	u->fd = -1;
	int r = str_copy(u->base, sizeof(u->base), base);
	struct stat st;
	if (r == 0 && fstatat(dirfd, base, &st, AT_SYMLINK_NOFOLLOW) == 0)
		r = -EEXIST;
	else if (r == 0 && errno != ENOENT)
		r = -errno;
	for (int tries = 0; r == 0 && u->fd < 0; tries++) {
		snprintf(u->tmp, sizeof(u->tmp), ".pxed-upload-%ld-%u", (long)getpid(), counter++);
		u->fd = openat(dirfd, u->tmp, O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, 0644);
		if (u->fd < 0 && (errno != EEXIST || tries == 8))
			r = -errno;
	}
	if (r < 0) {
		close(dirfd);
		free(u);
		return r;
	}
	*ret = u;
	return 0;
}

int tftp_upload_write(struct tftp_upload *u, uint64_t off, const void *buf, size_t len)
{
	const uint8_t *p = buf;
	while (len) {
		ssize_t n = pwrite(u->fd, p, len, (off_t)off);
		if (n < 0) {
			if (errno == EINTR)
				continue;
			return -errno;
		}
		p += n;
		off += (uint64_t)n;
		len -= (size_t)n;
	}
	return 0;
}

static void upload_free(struct tftp_upload *u)
{
	if (u->fd >= 0)
		close(u->fd);
	close(u->dirfd);
	free(u);
}

void tftp_upload_discard(struct tftp_upload *u)
{
	if (!u)
		return;
	unlinkat(u->dirfd, u->tmp, 0);
	upload_free(u);
}

int tftp_upload_commit(struct tftp_upload *u)
{
	int r = 0;
	if (fsync(u->fd) < 0)
		r = -errno;
	if (r == 0 && renameat2(u->dirfd, u->tmp, u->dirfd, u->base, RENAME_NOREPLACE) < 0)
		r = -errno;
	if (r < 0)
		unlinkat(u->dirfd, u->tmp, 0);
	upload_free(u);
	return r;
}
