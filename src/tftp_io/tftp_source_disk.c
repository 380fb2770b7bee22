#include "tftp_io/tftp_source_disk.h"

#include <errno.h>
#include <fcntl.h>
#include <linux/openat2.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <unistd.h>

#include "core/str.h"
#include "tftp_io/tftp_path.h"
#include "core/fileio.h"

#ifndef SYS_openat2
#define SYS_openat2 437
#endif

#define BUCKETS 1024
/* as the kernel's own limit on symlinks followed in one lookup */
#define MAX_LINKS 40
#define MAX_DEPTH 256
#define WALK_MAX 4096

struct disk_file {
	struct tftp_source src; /* first: the source pointer is the entry */
	struct tftp_disk *disk;
	dev_t dev;
	ino_t ino;
	off_t size;
	struct timespec mtime;
	unsigned refs;
	struct disk_file *next;
};

struct tftp_disk {
	struct tftp_provider prov; /* first: the provider pointer is the disk */
	char *root;
	int rootfd;
	bool no_openat2;
	size_t nfiles;
	struct disk_file *table[BUCKETS];
};

static struct tftp_disk *disk_of(struct tftp_provider *p) { return (struct tftp_disk *)(void *)p; }

static long file_read_at(struct tftp_source *src, uint64_t off, void *buf, size_t len)
{
	if (off > (uint64_t)INT64_MAX)
		return 0;
	return (long)pread_retry(src->fd, buf, len, off);
}

static size_t bucket(dev_t dev, ino_t ino)
{
	uint64_t h = (uint64_t)ino * 0x9e3779b97f4a7c15ull ^ (uint64_t)dev;
	return (size_t)(h >> 32) % BUCKETS;
}

static void file_close(struct tftp_source *src)
{
	struct disk_file *f = (struct disk_file *)(void *)src;
	if (--f->refs > 0)
		return;
	struct tftp_disk *d = f->disk;
	if (!d) {
		close(f->src.fd);
		free(f);
		return;
	}
	struct disk_file **pp = &d->table[bucket(f->dev, f->ino)];
	while (*pp && *pp != f)
		pp = &(*pp)->next;
	if (*pp)
		*pp = f->next;
	d->nfiles--;
	close(f->src.fd);
	free(f);
}

static const struct tftp_source_ops file_ops = { .read_at = file_read_at, .close = file_close };

static int open_root(struct tftp_disk *d)
{
	if (d->rootfd >= 0)
		return 0;
	int fd = open(d->root, O_PATH | O_DIRECTORY | O_CLOEXEC);
	if (fd < 0)
		return -errno;
	d->rootfd = fd;
	return 0;
}

static int open_beneath(struct tftp_disk *d, const char *path)
{
	struct open_how how = {
		.flags = O_RDONLY | O_NOCTTY | O_NONBLOCK | O_CLOEXEC,
		.resolve = RESOLVE_BENEATH | RESOLVE_NO_MAGICLINKS,
	};
	for (;;) {
		long fd = syscall(SYS_openat2, d->rootfd, path, &how, sizeof(how));
		if (fd >= 0)
			return (int)fd;
		if (errno != EINTR && errno != EAGAIN)
			return -errno;
	}
}

/* Prepends "a/b" to the components still to walk in rest (rest becomes
 * "a/b/<old rest>"). */
static int prepend(char *rest, size_t *restlen, const char *s, size_t slen)
{
	size_t need = slen + (*restlen ? 1 : 0) + *restlen;
	if (need + 1 > WALK_MAX)
		return -ENAMETOOLONG;
	if (*restlen) {
		memmove(rest + slen + 1, rest, *restlen + 1);
		rest[slen] = '/';
	} else {
		rest[slen] = 0;
	}
	memcpy(rest, s, slen);
	*restlen = need;
	return 0;
}

/* The fallback: a lookup done by hand, one component at a time from the
 * root, never letting the kernel follow a link (O_NOFOLLOW, fstatat with
 * AT_SYMLINK_NOFOLLOW). Links are read and their target spliced into the
 * rest of the path; ".." pops a directory and may not pop the root; an
 * absolute target is refused, as RESOLVE_BENEATH does. A component swapped
 * for a link between the stat and the open makes the open fail instead of
 * escaping. */
static int open_walk(struct tftp_disk *d, const char *path)
{
	char rest[WALK_MAX];
	size_t restlen = strlen(path);
	if (restlen + 1 > sizeof(rest))
		return -ENAMETOOLONG;
	memcpy(rest, path, restlen + 1);
	int stack[MAX_DEPTH];
	size_t depth = 0;
	int links = 0, r = -ENOENT;
	for (;;) {
		/* pop the first component of rest */
		char comp[TFTP_COMP_MAX + 1];
		size_t clen = 0;
		while (clen < restlen && rest[clen] != '/')
			clen++;
		if (clen > TFTP_COMP_MAX) {
			r = -ENAMETOOLONG;
			break;
		}
		memcpy(comp, rest, clen);
		comp[clen] = 0;
		size_t drop = clen < restlen ? clen + 1 : clen;
		memmove(rest, rest + drop, restlen - drop + 1);
		restlen -= drop;
		bool last = restlen == 0;
		int dir = depth ? stack[depth - 1] : d->rootfd;

		if (clen == 0 || strcmp(comp, ".") == 0) {
			if (last) {
				r = -EISDIR;
				break;
			}
			continue;
		}
		if (strcmp(comp, "..") == 0) {
			if (depth == 0) {
				r = -EXDEV;
				break;
			}
			close(stack[--depth]);
			if (last) {
				r = -EISDIR;
				break;
			}
			continue;
		}
		struct stat st;
		if (fstatat(dir, comp, &st, AT_SYMLINK_NOFOLLOW) < 0) {
			r = -errno;
			break;
		}
		if (S_ISLNK(st.st_mode)) {
			if (++links > MAX_LINKS) {
				r = -ELOOP;
				break;
			}
			char target[WALK_MAX];
			ssize_t tl = readlinkat(dir, comp, target, sizeof(target));
			if (tl < 0) {
				r = -errno;
				break;
			}
			if ((size_t)tl >= sizeof(target)) {
				r = -ENAMETOOLONG;
				break;
			}
			if (tl == 0 || target[0] == '/') {
				r = -EXDEV;
				break;
			}
			if ((r = prepend(rest, &restlen, target, (size_t)tl)) < 0)
				break;
			r = -ENOENT;
			continue;
		}
		if (last) {
			int fd = openat(dir, comp, O_RDONLY | O_NOCTTY | O_NONBLOCK | O_CLOEXEC | O_NOFOLLOW);
			r = fd < 0 ? -errno : fd;
			break;
		}
		if (!S_ISDIR(st.st_mode)) {
			r = -ENOTDIR;
			break;
		}
		if (depth == MAX_DEPTH) {
			r = -ENAMETOOLONG;
			break;
		}
		int fd = openat(dir, comp, O_PATH | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);
		if (fd < 0) {
			r = -errno;
			break;
		}
		stack[depth++] = fd;
	}
	while (depth)
		close(stack[--depth]);
	return r;
}

static int disk_open(struct tftp_provider *p, const char *path, const struct tftp_req_info *req,
		     struct tftp_source **ret)
{
	(void)req;
	struct tftp_disk *d = disk_of(p);
	int r = open_root(d);
	if (r < 0)
		return r == -EACCES ? -EACCES : -ENOENT;
	int fd = -ENOSYS;
	if (!d->no_openat2) {
		fd = open_beneath(d, path);
		if (fd == -ENOSYS)
			d->no_openat2 = true;
	}
	if (fd == -ENOSYS)
		fd = open_walk(d, path);
	if (fd < 0)
		return fd;
	struct stat st;
	if ((r = fstat_regular(fd, &st)) < 0) {
		close(fd);
		return r;
	}
	size_t b = bucket(st.st_dev, st.st_ino);
	for (struct disk_file *f = d->table[b]; f; f = f->next) {
		if (f->dev == st.st_dev && f->ino == st.st_ino && f->size == st.st_size &&
		    f->mtime.tv_sec == st.st_mtim.tv_sec && f->mtime.tv_nsec == st.st_mtim.tv_nsec) {
			close(fd);
			f->refs++;
			*ret = &f->src;
			return 0;
		}
	}
	struct disk_file *f = calloc(1, sizeof(*f));
	if (!f) {
		close(fd);
		return -ENOMEM;
	}
	*f = (struct disk_file){
		.src = { .ops = &file_ops, .size = (uint64_t)st.st_size, .fd = fd },
		.disk = d, .dev = st.st_dev, .ino = st.st_ino, .size = st.st_size, .mtime = st.st_mtim,
		.refs = 1, .next = d->table[b],
	};
	d->table[b] = f;
	d->nfiles++;
	*ret = &f->src;
	return 0;
}

static struct tftp_provider *disk_free(struct tftp_provider *p)
{
	if (!p)
		return NULL;
	struct tftp_disk *d = disk_of(p);
	/* sources still open belong to transfers that the shell ends first;
	 * any left over are orphaned rather than freed under their owner */
	for (size_t b = 0; b < BUCKETS; b++)
		for (struct disk_file *f = d->table[b]; f; f = f->next)
			f->disk = NULL;
	if (d->rootfd >= 0)
		close(d->rootfd);
	free(d->root);
	free(d);
	return NULL;
}

struct tftp_provider *tftp_disk_new(const char *root, unsigned flags)
{
	struct tftp_disk *d = calloc(1, sizeof(*d));
	if (!d)
		return NULL;
	d->prov = (struct tftp_provider){ .name = "disk", .open = disk_open, .free = disk_free };
	d->rootfd = -1;
	d->no_openat2 = flags & TFTP_DISK_NO_OPENAT2;
	d->root = strdup(root);
	if (!d->root) {
		free(d);
		return NULL;
	}
	return &d->prov;
}

int tftp_disk_set_root(struct tftp_provider *p, const char *root)
{
	struct tftp_disk *d = disk_of(p);
	char *n = strdup(root);
	if (!n)
		return -ENOMEM;
	free(d->root);
	d->root = n;
	if (d->rootfd >= 0)
		close(d->rootfd);
	d->rootfd = -1;
	return open_root(d);
}

int tftp_disk_check_root(struct tftp_provider *p)
{
	return open_root(disk_of(p));
}

size_t tftp_disk_open_files(const struct tftp_provider *p)
{
	return ((const struct tftp_disk *)(const void *)p)->nfiles;
}

bool tftp_disk_uses_openat2(const struct tftp_provider *p)
{
	return !((const struct tftp_disk *)(const void *)p)->no_openat2;
}
