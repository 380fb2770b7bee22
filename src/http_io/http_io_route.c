/* The route table: URL prefixes to mounts and handlers, kept sorted so the
 * longest prefix is found first. Changed from the loop's thread only, and
 * never while a request is being dispatched (a request holds no route after
 * its dispatch returns: files keep their own descriptors). */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "core/log.h"
#include "http/http_url.h"
#include "http_io/http_io_impl.h"

int hio_prefix_normalize(const char *prefix, char *out, size_t outlen)
{
	bool dir;
	if (!prefix)
		return -EINVAL;
	int r = http_path_normalize(prefix, strlen(prefix), out, outlen, &dir);
	/* a prefix is written as it is meant, never with escapes */
	if (r < 0 || strchr(prefix, '%'))
		return -EINVAL;
	return 0;
}

static bool prefix_matches(const struct hio_route *rt, const char *path, const char **sub)
{
	if (rt->plen == 0) {
		*sub = path;
		return true;
	}
	if (strncmp(path, rt->prefix, rt->plen) != 0 || (path[rt->plen] != 0 && path[rt->plen] != '/'))
		return false;
	*sub = path[rt->plen] ? path + rt->plen + 1 : path + rt->plen;
	return true;
}

ssize_t hio_route_match(const struct http_io *io, size_t from, const char *path, const char **sub)
{
	for (size_t i = from; i < io->nroutes; i++)
		if (prefix_matches(&io->routes[i], path, sub))
			return (ssize_t)i;
	return -1;
}

/* longer prefixes first; at equal length handlers first */
static bool before(const struct hio_route *a, const struct hio_route *b)
{
	return a->plen != b->plen ? a->plen > b->plen : a->kind < b->kind;
}

static ssize_t find(const struct http_io *io, const char *prefix, enum hio_route_kind kind)
{
	for (size_t i = 0; i < io->nroutes; i++)
		if (io->routes[i].kind == kind && !strcmp(io->routes[i].prefix, prefix))
			return (ssize_t)i;
	return -1;
}

static void route_clear(struct hio_route *rt)
{
	free(rt->prefix);
	tree_free(rt->tree);
	memset(rt, 0, sizeof(*rt));
}

static int add(struct http_io *io, const char *prefix, struct hio_route *nr)
{
	char norm[HTTP_PATH_MAX];
	int r = hio_prefix_normalize(prefix, norm, sizeof(norm));
	if (r < 0)
		return r;
	ssize_t old = find(io, norm, nr->kind);
	if (old >= 0) {
		/* same place in the order: only what it points at changes */
		struct hio_route *rt = &io->routes[old];
		tree_free(rt->tree);
		rt->tree = nr->tree;
		rt->id = ++io->route_seq;
		rt->fn = nr->fn;
		rt->ctx = nr->ctx;
		rt->methods = nr->methods;
		return 0;
	}
	struct hio_route *v = realloc(io->routes, (io->nroutes + 1) * sizeof(*v));
	if (!v)
		return -ENOMEM;
	io->routes = v;
	nr->prefix = strdup(norm);
	if (!nr->prefix)
		return -ENOMEM;
	nr->plen = strlen(norm);
	nr->id = ++io->route_seq;
	size_t at = 0;
	while (at < io->nroutes && !before(nr, &io->routes[at]))
		at++;
	memmove(&io->routes[at + 1], &io->routes[at], (io->nroutes - at) * sizeof(*v));
	io->routes[at] = *nr;
	io->nroutes++;
	return 0;
}

static int del(struct http_io *io, const char *prefix, enum hio_route_kind kind)
{
	char norm[HTTP_PATH_MAX];
	int r = hio_prefix_normalize(prefix, norm, sizeof(norm));
	if (r < 0)
		return r;
	ssize_t i = find(io, norm, kind);
	if (i < 0)
		return -ENOENT;
	route_clear(&io->routes[i]);
	io->route_seq++;
	memmove(&io->routes[i], &io->routes[i + 1], (io->nroutes - (size_t)i - 1) * sizeof(io->routes[0]));
	io->nroutes--;
	return 0;
}

int http_io_mount(struct http_io *io, const char *prefix, struct tree *t)
{
	if (!t)
		return -EINVAL;
	struct hio_route nr = { .kind = HIO_MOUNT, .tree = t, .methods = HTTP_GET | HTTP_HEAD };
	int r = add(io, prefix, &nr);
	if (r < 0)
		tree_free(t);
	else
		log_debug("http: %s tree mounted at %s", t->kind, prefix);
	return r;
}

int http_io_unmount(struct http_io *io, const char *prefix) { return del(io, prefix, HIO_MOUNT); }

int http_io_handle(struct http_io *io, const char *prefix, unsigned methods, http_handler_fn fn, void *ctx)
{
	if (!fn || !methods || (methods & HTTP_OTHER))
		return -EINVAL;
	struct hio_route nr = { .kind = HIO_HANDLER, .fn = fn, .ctx = ctx, .methods = methods };
	return add(io, prefix, &nr);
}

int http_io_unhandle(struct http_io *io, const char *prefix) { return del(io, prefix, HIO_HANDLER); }

void hio_routes_free(struct http_io *io)
{
	for (size_t i = 0; i < io->nroutes; i++)
		route_clear(&io->routes[i]);
	free(io->routes);
	io->routes = NULL;
	io->nroutes = 0;
	for (size_t i = 0; i < io->nbulk; i++)
		free(io->bulk[i]);
	free(io->bulk);
	io->bulk = NULL;
	io->nbulk = 0;
}

/* ---- bulk prefixes ---- */

int http_io_bulk(struct http_io *io, const char *prefix)
{
	char norm[HTTP_PATH_MAX];
	int r = hio_prefix_normalize(prefix, norm, sizeof(norm));
	if (r < 0 || !norm[0])
		return -EINVAL; /* "/" would be everything */
	for (size_t i = 0; i < io->nbulk; i++)
		if (!strcmp(io->bulk[i], norm))
			return 0;
	char **v = realloc(io->bulk, (io->nbulk + 1) * sizeof(*v));
	if (!v)
		return -ENOMEM;
	io->bulk = v;
	if (!(v[io->nbulk] = strdup(norm)))
		return -ENOMEM;
	io->nbulk++;
	return 0;
}

/* Only the plain spelling counts ("GET /distros/x HTTP/1.1"): anything
 * escaped, or cut short, goes the ordinary way, which serves it as well. */
bool hio_bulk_request(const struct http_io *io, const char *buf, size_t len)
{
	size_t at;
	if (len > 4 && !memcmp(buf, "GET /", 5))
		at = 5;
	else if (len > 5 && !memcmp(buf, "HEAD /", 6))
		at = 6;
	else
		return false;
	for (size_t i = 0; i < io->nbulk; i++) {
		size_t n = strlen(io->bulk[i]);
		if (at + n < len && !memcmp(buf + at, io->bulk[i], n) &&
		    (buf[at + n] == '/' || buf[at + n] == ' ' || buf[at + n] == '?')) {
			for (size_t k = at; k < len && buf[k] != ' '; k++)
				if (buf[k] == '%')
					return false;
			return true;
		}
	}
	return false;
}
