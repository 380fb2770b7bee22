/* An ISO 9660 image as a tree: libcdio opens the image and reads its blocks,
 * iso_index.c turns the directory records into the index, and requests are
 * answered from the index alone.
 *
 * libcdio 2.1's own directory reader (iso9660_ifs_readdir) is not used for
 * the walk: it drops Rock Ridge names continued in a CE area (long names
 * come out cut), shows directories relocated by mkisofs (CL/RE) in rr_moved
 * under their ISO names, does not say which records are parts of one
 * multi-extent file, re-reads every parent directory per call, and trusts
 * the lengths inside SUSP entries. */
#include "tree/tree_iso.h"

#include <cdio/iso9660.h>
#include <cdio/logging.h>
#include <errno.h>
#include <fcntl.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "core/str.h"

struct tree_iso {
	struct tree tree; /* first: the tree pointer is the tree_iso */
	int fd;
	struct iso_index ix;
};

static const struct tree_ops iso_ops;

static struct tree_iso *iso_of(struct tree *t) { return (struct tree_iso *)(void *)t; }

/* libcdio reports through a process-wide handler that prints to stderr by
 * default; its last warning is kept instead, to explain a failed open. */
static _Thread_local char cdio_last[256];

static void cdio_capture(cdio_log_level_t level, const char *message)
{
	if (level >= CDIO_LOG_WARN)
		(void)str_copy(cdio_last, sizeof(cdio_last), message);
}

static int read_blocks(void *ctx, uint32_t lsn, uint32_t nblocks, uint8_t *buf)
{
	if (lsn > INT32_MAX || nblocks > INT32_MAX / ISO_BLOCK)
		return -EIO;
	long want = (long)nblocks * ISO_BLOCK;
	long got = iso9660_iso_seek_read(ctx, buf, (lsn_t)lsn, (long)nblocks);
	return got == want ? 0 : -EIO;
}

static void node_to_file(const struct tree_iso *t, long i, struct tree_file *ret)
{
	const struct iso_node *n = &t->ix.nodes[i];
	*ret = (struct tree_file){
		.fd = t->fd,
		.offset = n->kind == ISO_NODE_DIR ? 0 : n->offset,
		.size = n->kind == ISO_NODE_DIR ? 0 : n->size,
		.mtime = { .tv_sec = (time_t)n->mtime },
		/* the extent's block and the node: unique, and stable for one image */
		.id = (n->offset / ISO_BLOCK) << 24 | ((uint64_t)i & 0xffffff),
		.is_dir = n->kind == ISO_NODE_DIR,
		.owns_fd = false,
	};
}

static int iso_open(struct tree *tree, const char *path, struct tree_file *ret)
{
	struct tree_iso *t = iso_of(tree);
	long i = iso_index_lookup(&t->ix, path);
	if (i < 0)
		return (int)i;
	if (t->ix.nodes[i].kind == ISO_NODE_REFUSED)
		return -EOPNOTSUPP; /* why was said when the image was opened */
	node_to_file(t, i, ret);
	return 0;
}

static int iso_list(struct tree *tree, const char *path, tree_list_cb cb, void *ctx)
{
	struct tree_iso *t = iso_of(tree);
	long i = iso_index_lookup(&t->ix, path);
	if (i < 0)
		return (int)i;
	const struct iso_node *d = &t->ix.nodes[i];
	if (d->kind != ISO_NODE_DIR)
		return -ENOTDIR;
	for (uint32_t c = d->first; c < d->first + d->count; c++) {
		const struct iso_node *n = &t->ix.nodes[c];
		if (n->kind != ISO_NODE_FILE && n->kind != ISO_NODE_DIR)
			continue;
		struct tree_dirent e = {
			.name = iso_node_name(&t->ix, n),
			.is_dir = n->kind == ISO_NODE_DIR,
			.size = n->kind == ISO_NODE_DIR ? 0 : n->size,
			.mtime = { .tv_sec = (time_t)n->mtime },
		};
		int r = cb(ctx, &e);
		if (r < 0)
			return r;
	}
	return 0;
}

static void iso_free(struct tree *tree)
{
	struct tree_iso *t = iso_of(tree);
	close(t->fd);
	iso_index_free(&t->ix);
	free(t);
}

static const struct tree_ops iso_ops = { .open = iso_open, .list = iso_list, .free = iso_free };

const struct iso_index *tree_iso_index(const struct tree *t)
{
	return t && t->ops == &iso_ops ? &((const struct tree_iso *)(const void *)t)->ix : NULL;
}

/* libcdio opens by name: it is given this process's descriptor of the file
 * through /proc, so both read the same file even if the name is replaced. */
static iso9660_t *open_with_libcdio(int fd, const char *path)
{
	char self[64];
	snprintf(self, sizeof(self), "/proc/self/fd/%d", fd);
	cdio_log_set_handler(cdio_capture);
	cdio_last[0] = '\0';
	iso9660_t *iso = iso9660_open_ext(access(self, R_OK) == 0 ? self : path, ISO_EXTENSION_ALL);
	return iso;
}

static int build_index(struct tree_iso *t, const char *path, uint64_t size, char *err, size_t errlen)
{
	iso9660_t *iso = open_with_libcdio(t->fd, path);
	if (!iso) {
		snprintf(err, errlen, "%s: not an ISO 9660 image%s%s%s", path, cdio_last[0] ? " (" : "",
			 cdio_last, cdio_last[0] ? ")" : "");
		return -EINVAL;
	}
	char why[512];
	int r = iso_index_build(read_blocks, iso, size, &t->ix, why, sizeof(why));
	iso9660_close(iso);
	if (r < 0)
		snprintf(err, errlen, "%s: %s", path, why);
	return r;
}

int tree_iso_open(const char *path, struct tree **ret, char *err, size_t errlen)
{
	int fd = open(path, O_RDONLY | O_CLOEXEC | O_NOCTTY);
	if (fd < 0) {
		int r = -errno;
		snprintf(err, errlen, "%s: %s", path, strerror(-r));
		return r;
	}
	struct stat st;
	if (fstat(fd, &st) < 0 || !S_ISREG(st.st_mode)) {
		int r = S_ISDIR(st.st_mode) ? -EISDIR : -EINVAL;
		snprintf(err, errlen, "%s: not a regular file", path);
		close(fd);
		return r;
	}
	struct tree_iso *t = calloc(1, sizeof(*t));
	if (!t) {
		close(fd);
		snprintf(err, errlen, "%s: out of memory", path);
		return -ENOMEM;
	}
	t->tree = (struct tree){ .ops = &iso_ops, .kind = "iso" };
	t->fd = fd;
	int r = build_index(t, path, (uint64_t)st.st_size, err, errlen);
	if (r < 0) {
		close(fd);
		free(t);
		return r;
	}
	*ret = &t->tree;
	return 0;
}
