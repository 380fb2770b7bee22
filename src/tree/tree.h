/* A file tree that pxed serves from: a directory on disk (tree_dir.h) or the
 * inside of an ISO 9660 image, read without mounting it (tree_iso.h). The
 * HTTP server's mounts, the TFTP providers and `pxed distro import` all read
 * install trees through this one interface.
 *
 * A file is handed out as a file descriptor plus the offset where its bytes
 * start: 0 on disk, the file's extent inside the image for an ISO. Callers
 * read with pread(fd, offset + pos) or hand (fd, offset, size) to sendfile,
 * so serving out of an ISO costs what serving a plain file does.
 *
 * Paths are relative to the tree's top, already normalised by the caller
 * (no leading '/', no "." or ".." or empty components); "" is the top. A
 * tree never lets a path resolve outside itself: -EACCES, -EXDEV or -ELOOP
 * when one tries (a symlink out of a directory tree, for instance). */
#pragma once
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <time.h>

struct tree;

struct tree_file {
	int fd;		 /* the bytes are fd[offset .. offset + size) */
	uint64_t offset;
	uint64_t size;
	struct timespec mtime;
	uint64_t id;	 /* stable identity (inode, ISO extent) for ETags */
	bool is_dir;
	bool owns_fd;	 /* tree_file_close closes fd */
};

struct tree_dirent {
	const char *name;
	bool is_dir;
	uint64_t size;
	struct timespec mtime;
};

typedef int (*tree_list_cb)(void *ctx, const struct tree_dirent *e);

struct tree_ops {
	int (*open)(struct tree *t, const char *path, struct tree_file *ret);
	int (*list)(struct tree *t, const char *path, tree_list_cb cb, void *ctx);
	void (*free)(struct tree *t);
};

struct tree {
	const struct tree_ops *ops;
	const char *kind; /* "dir" or "iso", for logs */
};

/* 0 with *ret filled, or -ENOENT, -ENOTDIR, -EACCES/-EXDEV/-ELOOP (escape),
 * another negative errno on I/O errors. */
static inline int tree_open(struct tree *t, const char *path, struct tree_file *ret)
{
	return t->ops->open(t, path, ret);
}

/* Calls cb for each entry of the directory at path, in byte order of the
 * names, without "." and ".."; stops early and returns cb's value when cb
 * returns < 0. */
static inline int tree_list(struct tree *t, const char *path, tree_list_cb cb, void *ctx)
{
	return t->ops->list(t, path, cb, ctx);
}

void tree_file_close(struct tree_file *f);
struct tree *tree_free(struct tree *t);

/* Reads a whole small file (.treeinfo, .discinfo) into a NUL-terminated
 * heap buffer; -EFBIG when it is larger than max bytes, -EISDIR for a
 * directory. */
int tree_read_file(struct tree *t, const char *path, size_t max, char **buf, size_t *len);
