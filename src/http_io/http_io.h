/* The HTTP server: libmicrohttpd (MHD). pxed accepts connections on its
 * loop (per-client and total limits are checked there, refusals get a 503)
 * and hands each to one of two MHD daemons: one run by the loop itself, and
 * for connections whose first request is below a bulk prefix
 * (http_io_bulk: install trees) one with http.threads threads of its own,
 * so the bulk of the work -- sendfile of kernels, initrds and packages --
 * runs on every core. Either way every request is routed and answered on
 * the loop's thread (a bulk thread hands it over: http_io_jobs.c), so
 * handlers and mounts need no locks; the bulk thread sends the answer.
 *
 * What a request meets, in order:
 *  - MHD's own checks: request line and headers must fit the per-connection
 *    memory (HTTP_IO_POOL): otherwise 431 (headers) or 414 (URL);
 *  - the target, decoded by pxed (src/http/http_url.h): 400 for bad escapes
 *    and control bytes (%00), 403 for any ".." however spelt, 414 too long;
 *  - routing: the route whose prefix is the longest whole-component match
 *    ("/ks" matches "/ks" and "/ks/x", not "/ksx"). At equal prefixes a
 *    handler comes before a mount. A handler may pass (HTTP_PASS) to the
 *    next route that matches. No route: 404; a method the route does not
 *    take: 405 with Allow.
 *  - MOUNTS serve a tree (tree/tree.h) for GET and HEAD: Content-Length
 *    always, ETag/Last-Modified, conditional requests (304/412), ranges (206,
 *    multipart/byteranges, 416), If-Range; files go out with sendfile from
 *    (fd, offset) so files inside ISO images cost what plain files do.
 *    A directory URL without its trailing '/' is redirected (301); with it,
 *    index.html is served when present, an HTML index otherwise. Files up
 *    to 16 KiB are kept in memory for a second after they are read.
 *  - HANDLERS get a request (method, decoded path below the prefix, query,
 *    headers, client and local addresses, a body of at most
 *    HTTP_IO_BODY_MAX bytes: 413 beyond) and fill a response.
 * Every request is logged at debug level when it completes (client, method,
 * target, status, bytes, time); refusals at a limit are logged at warning
 * level, at most a few lines per 10 s. */
#pragma once
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "conf/conf.h"
#include "core/loop.h"
#include "tree/tree.h"

#define HTTP_IO_BODY_MAX (64 * 1024)
/* MHD's memory per connection: request line and headers must fit in about
 * half of it */
#define HTTP_IO_POOL (32 * 1024)

struct http_io;
struct http_conn;
struct http_resp;

enum http_method {
	HTTP_GET = 1u << 0,
	HTTP_HEAD = 1u << 1,
	HTTP_POST = 1u << 2,
	HTTP_PUT = 1u << 3,
	HTTP_DELETE = 1u << 4,
	HTTP_PATCH = 1u << 5,
	HTTP_OPTIONS = 1u << 6,
	HTTP_OTHER = 1u << 7, /* any other method; never routed (501) */
};

struct http_req {
	enum http_method method;
	const char *method_name;
	/* decoded and normalised (http_url.h), below the route's prefix:
	 * "aa:bb:cc:dd:ee:ff" for /ipxe/aa:bb:cc:dd:ee:ff under "/ipxe",
	 * "" for the prefix itself */
	const char *path;
	const char *url_path;     /* the whole decoded path, from its leading '/' */
	bool dir;                 /* the URL ended with '/' */
	uint32_t client_ip;       /* host byte order */
	uint16_t client_port;
	uint32_t local_ip;        /* where the request arrived: the address a
				   * client should use to come back to us */
	uint16_t local_port;
	const uint8_t *body;      /* NUL-terminated (not counted); "" when none */
	size_t body_len;
	struct http_conn *conn;   /* for the accessors below */
};

/* The first header called name (any case), or NULL. Valid during the call. */
const char *http_req_header(const struct http_req *r, const char *name);

/* The decoded value of query parameter name (http_query_get): its length,
 * -ENOENT, -EINVAL (bad escape, control byte), -ENAMETOOLONG. */
int http_req_query(const struct http_req *r, const char *name, char *out, size_t outlen);

/* Filling a response. Without any call, a handler's response is 200 with
 * an empty text/plain body. Strings are copied. */
void http_resp_status(struct http_resp *r, unsigned status);
/* default "text/plain; charset=utf-8" */
void http_resp_type(struct http_resp *r, const char *content_type);
/* Extra headers (Location, Cache-Control ...). Content-Length is always
 * computed; -EINVAL for names or values with control characters. */
int http_resp_header(struct http_resp *r, const char *name, const char *value);
void http_resp_write(struct http_resp *r, const void *data, size_t len);
void http_resp_printf(struct http_resp *r, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
/* Status and a one-line text/plain body, replacing what was written. */
void http_resp_error(struct http_resp *r, unsigned status, const char *text);
/* Answers with a file instead of a body (conditional requests and ranges
 * apply as for mounts). Takes the file in every case: the caller must not
 * close it. content_type NULL: by the name (http_mime.h). -EINVAL for a
 * directory. */
int http_resp_file(struct http_resp *r, struct tree_file *f, const char *name, const char *content_type);

/* A handler returns 0 when it filled the response, HTTP_PASS to let the
 * next matching route answer, or a negative errno (500, logged). */
#define HTTP_PASS 1
typedef int (*http_handler_fn)(void *ctx, const struct http_req *req, struct http_resp *resp);

/* Opens the listening sockets (as root, before the privilege drop): on
 * http.addresses, on each of http.interfaces (bound to the device), else
 * where DHCP serves (dhcp.interfaces), else on every address. Mounts
 * http.root at "/". On failure writes why into err. */
int http_io_open(const struct pxed_conf *conf, struct http_io **ret, char *err, size_t errlen);

/* After the privilege drop: starts MHD and serving on the loop. */
int http_io_start(struct http_io *io, struct loop *loop, char *err, size_t errlen);

/* SIGHUP: a new http.root is mounted at "/", limits apply to new
 * connections; listening sockets stay (a port change needs a restart). */
void http_io_reload(struct http_io *io, const struct pxed_conf *conf);

/* Routes; callable at any time from the loop's thread (distros are imported
 * while the daemon runs). prefix: "/" or "/a/b" (a trailing '/' is
 * ignored). A mount takes the tree (freed when unmounted or replaced: files
 * being sent keep their own descriptors). Adding a route where one of the
 * same kind exists replaces it. -EINVAL for a bad prefix, -ENOENT when
 * removing what is not there. */
int http_io_mount(struct http_io *io, const char *prefix, struct tree *t);
int http_io_unmount(struct http_io *io, const char *prefix);
int http_io_handle(struct http_io *io, const char *prefix, unsigned methods, http_handler_fn fn, void *ctx);
int http_io_unhandle(struct http_io *io, const char *prefix);

/* Connections whose first request is a GET or HEAD below prefix (not "/")
 * are read and answered by http.threads threads of their own instead of
 * the loop's (what they ask for is still worked out on the loop's thread):
 * for where the bytes are -- install trees, kernels. 0, -EINVAL, -ENOMEM. */
int http_io_bulk(struct http_io *io, const char *prefix);

/* Open connections, and the port listened on (with http.port 0, which
 * only tests use, the one the kernel picked). */
size_t http_io_connections(struct http_io *io);
/* Connections handed to the bulk threads so far (http_io_bulk). */
uint64_t http_io_bulk_accepted(const struct http_io *io);
uint16_t http_io_port(const struct http_io *io);

/* Closes every connection and socket, frees the trees. NULL-tolerant;
 * returns NULL. */
struct http_io *http_io_free(struct http_io *io);
