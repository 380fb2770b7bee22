/* A directory on disk as a tree. */
#include "tree/tree_dir.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <linux/openat2.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <unistd.h>

#ifndef SYS_openat2
#define SYS_openat2 437
#endif

struct tree_dir {
	struct tree tree; /* first: the tree pointer is the tree_dir */
	int rootfd;
};

static struct tree_dir *dir_of(struct tree *t) { return (struct tree_dir *)(void *)t; }

/* O_NONBLOCK: a FIFO planted in the tree must not hang the server. */
static int open_beneath(struct tree_dir *d, const char *path, int flags)
{
	struct open_how how = {
		.flags = (uint64_t)(flags | O_NOCTTY | O_NONBLOCK | O_CLOEXEC),
		.resolve = RESOLVE_BENEATH | RESOLVE_NO_MAGICLINKS,
	};
	const char *p = *path ? path : ".";
	for (;;) {
		long fd = syscall(SYS_openat2, d->rootfd, p, &how, sizeof(how));
		if (fd >= 0)
			return (int)fd;
		if (errno != EINTR && errno != EAGAIN)
			return -errno;
	}
}

static int dir_open(struct tree *t, const char *path, struct tree_file *ret)
{
	int fd = open_beneath(dir_of(t), path, O_RDONLY);
	if (fd < 0)
		return fd;
	struct stat st;
	if (fstat(fd, &st) < 0) {
		int r = -errno;
		close(fd);
		return r;
	}
	if (!S_ISREG(st.st_mode) && !S_ISDIR(st.st_mode)) {
		close(fd); /* devices, FIFOs and sockets are not files to serve */
		return -EACCES;
	}
	*ret = (struct tree_file){
		.fd = fd,
		.offset = 0,
		.size = S_ISREG(st.st_mode) ? (uint64_t)st.st_size : 0,
		.mtime = st.st_mtim,
		.id = (uint64_t)st.st_ino ^ ((uint64_t)st.st_dev << 48),
		.is_dir = S_ISDIR(st.st_mode),
		.owns_fd = true,
	};
	return 0;
}

struct name_list {
	char **v;
	size_t n, cap;
};

static int cmp_names(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

static int collect(DIR *dir, struct name_list *l)
{
	struct dirent *de;
	errno = 0;
	while ((de = readdir(dir))) {
		if (!strcmp(de->d_name, ".") || !strcmp(de->d_name, ".."))
			continue;
		if (l->n == l->cap) {
			size_t cap = l->cap ? l->cap * 2 : 64;
			char **v = realloc(l->v, cap * sizeof(*v));
			if (!v)
				return -ENOMEM;
			l->v = v;
			l->cap = cap;
		}
		if (!(l->v[l->n] = strdup(de->d_name)))
			return -ENOMEM;
		l->n++;
	}
	return errno ? -errno : 0;
}

static int dir_list(struct tree *t, const char *path, tree_list_cb cb, void *ctx)
{
	int fd = open_beneath(dir_of(t), path, O_RDONLY | O_DIRECTORY);
	if (fd < 0)
		return fd;
	DIR *dir = fdopendir(fd);
	if (!dir) {
		int r = -errno;
		close(fd);
		return r;
	}
	struct name_list l = { 0 };
	int r = collect(dir, &l);
	if (r >= 0 && l.n) /* an empty directory has no array: qsort(NULL) is undefined */
		qsort(l.v, l.n, sizeof(*l.v), cmp_names);
	for (size_t i = 0; r >= 0 && i < l.n; i++) {
		struct stat st;
		/* AT_SYMLINK_NOFOLLOW: a listing shows a link as itself and never
		 * reveals what lies outside the tree */
		if (fstatat(dirfd(dir), l.v[i], &st, AT_SYMLINK_NOFOLLOW) < 0)
			continue; /* vanished meanwhile */
		if (!S_ISREG(st.st_mode) && !S_ISDIR(st.st_mode) && !S_ISLNK(st.st_mode))
			continue;
		struct tree_dirent e = {
			.name = l.v[i],
			.is_dir = S_ISDIR(st.st_mode),
			.size = S_ISREG(st.st_mode) ? (uint64_t)st.st_size : 0,
			.mtime = st.st_mtim,
		};
		r = cb(ctx, &e);
	}
	for (size_t i = 0; i < l.n; i++)
		free(l.v[i]);
	free(l.v);
	closedir(dir);
	return r;
}

static void dir_free(struct tree *t)
{
	struct tree_dir *d = dir_of(t);
	close(d->rootfd);
	free(d);
}

static const struct tree_ops dir_ops = { .open = dir_open, .list = dir_list, .free = dir_free };

int tree_dir_open(const char *root, struct tree **ret, char *err, size_t errlen)
{
	int fd = open(root, O_PATH | O_DIRECTORY | O_CLOEXEC);
	if (fd < 0) {
		int r = -errno;
		snprintf(err, errlen, "%s: %s", root, strerror(-r));
		return r;
	}
	struct tree_dir *d = calloc(1, sizeof(*d));
	if (!d) {
		close(fd);
		snprintf(err, errlen, "%s: out of memory", root);
		return -ENOMEM;
	}
	d->tree = (struct tree){ .ops = &dir_ops, .kind = "dir" };
	d->rootfd = fd;
	*ret = &d->tree;
	return 0;
}
