/* The directory hierarchy of an ISO 9660 image, read once into memory so
 * that looking a file up at request time is a binary search per path
 * component: no I/O, no allocation.
 *
 * The image is untrusted input. Its bytes are read through a callback (the
 * shell, tree_iso.c, reads them with libcdio; the fuzz target from memory)
 * and every record is parsed through rd.h, with bounds on depth, entry
 * count, name length, directory size and total work.
 *
 * Names: Rock Ridge when the image has it (NM, continuation areas included),
 * else Joliet, else the ISO 9660 names with ";1" and a trailing '.' dropped.
 * Rock Ridge directories relocated by mkisofs (CL/RE) appear where they
 * belong. Symbolic links that resolve inside the image become the file or
 * directory they name; the others are dropped. Files in several extents
 * (over 4 GiB) are served when the extents are contiguous; files that
 * cannot be served as one byte range (fragmented, zisofs-compressed,
 * interleaved, past the end of the image) stay in the index as refused,
 * with a problem that names them. */
#pragma once
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#define ISO_BLOCK 2048u
#define ISO_MAX_ENTRIES 1000000u	 /* files + directories */
#define ISO_MAX_DEPTH 64u
#define ISO_NAME_MAX 255u
#define ISO_LINK_MAX 1023u		 /* a symlink's target text */
#define ISO_PATH_MAX 4096u
#define ISO_MAX_DIR_BYTES (64u << 20)	 /* one directory's records */
#define ISO_MAX_TOTAL_DIR_BYTES (512u << 20)
#define ISO_MAX_PROBLEMS 32u		 /* kept as text; all are counted */

/* Reads nblocks 2048-byte blocks starting at block lsn into buf: 0, or a
 * negative errno (-EIO for a short read). */
typedef int (*iso_read_fn)(void *ctx, uint32_t lsn, uint32_t nblocks, uint8_t *buf);

enum iso_kind {
	ISO_NODE_FILE,
	ISO_NODE_DIR,
	ISO_NODE_REFUSED, /* present, but not servable as one byte range */
	ISO_NODE_HIDDEN,  /* a dropped symlink: neither listed nor found */
	ISO_NODE_LINK,    /* build time only: a symlink not resolved yet */
};

enum iso_names { ISO_NAMES_ROCK_RIDGE, ISO_NAMES_JOLIET, ISO_NAMES_ISO9660 };

struct iso_node {
	uint64_t offset; /* bytes from the start of the image */
	uint64_t size;
	int64_t mtime;	 /* unix seconds */
	uint32_t name;	 /* offset in the name pool */
	uint32_t parent;
	uint32_t first;	 /* directories: children are nodes [first, first + count), */
	uint32_t count;	 /* sorted by name in byte order */
	uint16_t name_len;
	uint8_t kind;	 /* enum iso_kind */
	uint8_t depth;
};

struct iso_index {
	struct iso_node *nodes; /* nodes[0] is the top directory */
	size_t n;
	char *pool; /* NUL-terminated names (and symlink targets while building) */
	size_t pool_len;
	enum iso_names names;
	uint64_t image_size;
	size_t files, dirs, links, links_dropped, refused;
	size_t n_problems;			/* all of them */
	char *problems[ISO_MAX_PROBLEMS];	/* the first ones, as text */
};

/* Builds the index of the image whose size in bytes is image_size. Returns
 * 0, or a negative errno with a message in err: -EINVAL (-EBADMSG) when the
 * bytes are not an ISO 9660 image, -E2BIG over a limit, -ENOMEM, or the
 * reader's error. Damage below the top directory is not fatal: what can be
 * read is indexed and each problem is recorded. */
int iso_index_build(iso_read_fn read, void *ctx, uint64_t image_size, struct iso_index *ret,
		    char *err, size_t errlen);
void iso_index_free(struct iso_index *ix);

/* The node at path (tree.h's rules: relative, normalised, "" is the top):
 * its index, or -ENOENT, -ENOTDIR, -ENAMETOOLONG. Hidden nodes are not
 * found; refused ones are. */
long iso_index_lookup(const struct iso_index *ix, const char *path);

static inline const char *iso_node_name(const struct iso_index *ix, const struct iso_node *n)
{
	return ix->pool + n->name;
}

/* "Rock Ridge", "Joliet" or "ISO 9660". */
const char *iso_names_str(enum iso_names names);
