/* The ISO 9660 index builder over any bytes. The input is the image from
 * block 16 (the first volume descriptor) on; blocks 0-15, the system area,
 * read as zeros, which keeps inputs small. Whatever the bytes, the build
 * fails cleanly or yields an index where every served byte range lies in
 * the image, names are usable, children are sorted and unique, and looking
 * up a node's path finds that node. */
#include <errno.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "tree/iso_index.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

struct image {
	const uint8_t *data;
	size_t size;
};

static int read_blocks(void *ctx, uint32_t lsn, uint32_t nblocks, uint8_t *buf)
{
	const struct image *im = ctx;
	for (uint32_t i = 0; i < nblocks; i++, lsn++) {
		uint8_t *out = buf + (size_t)i * ISO_BLOCK;
		if (lsn < 16) {
			memset(out, 0, ISO_BLOCK);
			continue;
		}
		uint64_t off = (uint64_t)(lsn - 16) * ISO_BLOCK;
		if (off + ISO_BLOCK > im->size)
			return -EIO;
		memcpy(out, im->data + off, ISO_BLOCK);
	}
	return 0;
}

/* The path of node i from its parents, or false when too long. */
static bool path_of(const struct iso_index *ix, uint32_t i, char *buf, size_t len)
{
	uint32_t chain[ISO_MAX_DEPTH + 2];
	size_t n = 0;
	while (i != 0) {
		if (n == sizeof(chain) / sizeof(chain[0]))
			abort(); /* deeper than the limit, or a parent loop */
		chain[n++] = i;
		i = ix->nodes[i].parent;
	}
	size_t o = 0;
	while (n > 0) {
		const struct iso_node *nd = &ix->nodes[chain[--n]];
		if (o + (o > 0) + nd->name_len + 1 > len)
			return false;
		if (o > 0)
			buf[o++] = '/';
		memcpy(buf + o, iso_node_name(ix, nd), nd->name_len);
		o += nd->name_len;
	}
	buf[o] = '\0';
	return true;
}

static void check(const struct iso_index *ix)
{
	if (ix->n == 0 || ix->nodes[0].kind != ISO_NODE_DIR)
		abort();
	static char path[ISO_PATH_MAX];
	for (uint32_t i = 0; i < ix->n; i++) {
		const struct iso_node *n = &ix->nodes[i];
		if (n->kind == ISO_NODE_LINK)
			abort(); /* every link resolved or hidden */
		if (n->kind == ISO_NODE_FILE && n->offset + n->size > ix->image_size)
			abort();
		if (n->kind == ISO_NODE_DIR && (uint64_t)n->first + n->count > ix->n)
			abort();
		const char *name = iso_node_name(ix, n);
		if (i > 0 && (n->name_len == 0 || strlen(name) != n->name_len || strchr(name, '/') ||
			      !strcmp(name, ".") || !strcmp(name, "..")))
			abort();
		if (n->kind == ISO_NODE_DIR)
			for (uint32_t c = n->first + 1; c < n->first + n->count; c++)
				if (strcmp(iso_node_name(ix, &ix->nodes[c - 1]),
					   iso_node_name(ix, &ix->nodes[c])) >= 0)
					abort();
		if (n->kind == ISO_NODE_HIDDEN || !path_of(ix, i, path, sizeof(path)))
			continue;
		if (iso_index_lookup(ix, path) != (long)i)
			abort();
	}
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct image im = { data, size };
	struct iso_index ix;
	char err[256];
	if (iso_index_build(read_blocks, &im, 16 * ISO_BLOCK + (uint64_t)size, &ix, err, sizeof(err)) < 0)
		return 0;
	check(&ix);
	iso_index_free(&ix);
	return 0;
}
