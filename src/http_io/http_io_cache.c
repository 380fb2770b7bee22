/* The small-file cache: a direct-mapped table of (mount, path) -> bytes,
 * each entry good for HIO_CACHE_TTL_MS. A mount replaced or removed gets a
 * new id, so what was cached from it is never found again. */
#include <stdlib.h>
#include <string.h>

#include "http_io/http_io_impl.h"

static size_t slot_of(uint64_t mount_id, const char *path)
{
	uint64_t h = 1469598103934665603ull ^ mount_id; /* FNV-1a */
	for (const unsigned char *p = (const unsigned char *)path; *p; p++)
		h = (h ^ *p) * 1099511628211ull;
	return (size_t)(h % HIO_CACHE_SLOTS);
}

static void clear(struct hio_cached *e)
{
	free(e->path);
	free(e->data);
	memset(e, 0, sizeof(*e));
}

const struct hio_cached *hio_cache_get(struct http_io *io, uint64_t mount_id, const char *path)
{
	if (!io->cache || !io->loop)
		return NULL;
	struct hio_cached *e = &io->cache[slot_of(mount_id, path)];
	if (e->mount_id != mount_id || strcmp(e->path, path) != 0)
		return NULL;
	if (loop_now_ms(io->loop) - e->loaded_ms >= HIO_CACHE_TTL_MS) {
		clear(e);
		return NULL;
	}
	return e;
}

void hio_cache_put(struct http_io *io, uint64_t mount_id, const char *path, const struct tree_file *f,
		   const char *data)
{
	if (!io->cache || !io->loop || f->size > HIO_CACHE_FILE_MAX)
		return;
	struct hio_cached *e = &io->cache[slot_of(mount_id, path)];
	clear(e);
	char *p = strdup(path), *d = malloc(f->size ? f->size : 1);
	if (!p || !d) {
		free(p);
		free(d);
		return;
	}
	memcpy(d, data, f->size);
	*e = (struct hio_cached){ .mount_id = mount_id, .path = p, .data = d, .size = f->size, .id = f->id,
				  .mtime = f->mtime, .loaded_ms = loop_now_ms(io->loop) };
}

void hio_cache_free(struct http_io *io)
{
	if (!io->cache)
		return;
	for (size_t i = 0; i < HIO_CACHE_SLOTS; i++)
		clear(&io->cache[i]);
	free(io->cache);
	io->cache = NULL;
}
