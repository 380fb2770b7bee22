/* One request, from the raw target to a queued response: pxed decodes the
 * target itself, picks the route, calls the handler or serves the mount,
 * and turns what the handler filled into an MHD response. */
#include <errno.h>
#include <netinet/in.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/socket.h>

#include "core/log.h"
#include "core/str.h"
#include "http/http_mime.h"
#include "http/http_token.h"
#include "http/http_url.h"
#include "http_io/http_io_impl.h"

#define DEFAULT_TYPE "text/plain; charset=utf-8"

/* ---- MHD's per-request callbacks ---- */

static struct http_conn *conn_of(struct MHD_Connection *mc)
{
	const union MHD_ConnectionInfo *ci = MHD_get_connection_info(mc, MHD_CONNECTION_INFO_SOCKET_CONTEXT);
	return ci ? ci->socket_context : NULL;
}

/* Called with the raw target before MHD touches it: the copy is what pxed
 * decodes. Its return value is the request's context. */
void *hio_on_uri(void *cls, const char *uri, struct MHD_Connection *mc)
{
	struct http_conn *c = conn_of(mc);
	if (!c)
		return NULL;
	size_t n = strlen(uri);
	if (n + 1 > c->uri_cap) {
		size_t cap = n + 1 > 256 ? n + 1 : 256;
		char *u = realloc(c->uri, cap);
		if (!u) {
			free(c->uri);
			c->uri = NULL;
			c->uri_cap = 0;
			return NULL;
		}
		c->uri = u;
		c->uri_cap = cap;
	}
	memcpy(c->uri, uri, n + 1);
	c->seen = c->queued = c->body_over = c->closing = c->posted = c->failed = false;
	c->method = HTTP_OTHER;
	buf_reset(&c->body);
	c->status = 0;
	c->resp_len = 0;
	c->started_ms = hio_now_ms();
	return c;
}

static const char *const method_names[] = { "GET", "HEAD", "POST", "PUT", "DELETE", "PATCH", "OPTIONS" };

static enum http_method method_of(const char *m)
{
	for (size_t i = 0; i < sizeof(method_names) / sizeof(method_names[0]); i++)
		if (!strcmp(m, method_names[i]))
			return (enum http_method)(1u << i);
	return HTTP_OTHER;
}

static const char *name_of(enum http_method m)
{
	for (size_t i = 0; i < sizeof(method_names) / sizeof(method_names[0]); i++)
		if (m == (1u << i))
			return method_names[i];
	return "?";
}

static void allow_list(unsigned methods, char *out, size_t outlen)
{
	size_t o = 0;
	out[0] = 0;
	for (size_t i = 0; i < sizeof(method_names) / sizeof(method_names[0]); i++)
		if (methods & (1u << i)) {
			int n = snprintf(out + o, outlen - o, "%s%s", o ? ", " : "", method_names[i]);
			if (n < 0 || (size_t)n >= outlen - o)
				return;
			o += (size_t)n;
		}
}

enum MHD_Result hio_queue(struct http_conn *c, unsigned status, struct MHD_Response *r, uint64_t len)
{
	if (c->out)
		MHD_destroy_response(c->out);
	c->out = r;
	c->queued = true;
	c->status = status;
	c->resp_len = len;
	return MHD_YES;
}

enum MHD_Result hio_flush(struct http_conn *c, enum MHD_Result ret)
{
	struct MHD_Response *r = c->out;
	if (!r)
		return ret;
	c->out = NULL;
	ret = MHD_queue_response(c->mhd, c->status, r);
	MHD_destroy_response(r);
	return ret;
}

enum MHD_Result hio_queue_text(struct http_conn *c, unsigned status, const char *text, const char *hname,
			       const char *hvalue)
{
	size_t n = strlen(text);
	struct MHD_Response *r = MHD_create_response_from_buffer(n, (void *)text, MHD_RESPMEM_PERSISTENT);
	if (!r)
		return MHD_NO;
	MHD_add_response_header(r, MHD_HTTP_HEADER_CONTENT_TYPE, DEFAULT_TYPE);
	if (hname)
		MHD_add_response_header(r, hname, hvalue);
	return hio_queue(c, status, r, n);
}

/* ---- the request a handler sees ---- */

static enum MHD_Result copy_header(void *cls, enum MHD_ValueKind kind, const char *key, const char *value)
{
	struct buf *b = cls;
	buf_put(b, key, strlen(key) + 1);
	buf_put(b, value ? value : "", (value ? strlen(value) : 0) + 1);
	return MHD_YES;
}

/* Handlers read the request's headers from a copy: MHD's list belongs to
 * the connection's thread, which for bulk connections is not theirs. */
static bool copy_headers(struct http_conn *c)
{
	buf_reset(&c->headers);
	MHD_get_connection_values(c->mhd, MHD_HEADER_KIND, copy_header, &c->headers);
	return !c->headers.nomem;
}

const char *http_req_header(const struct http_req *r, const char *name)
{
	const struct buf *h = &r->conn->headers;
	for (size_t at = 0; at < h->len;) {
		const char *k = h->p + at, *v = k + strlen(k) + 1;
		if (!strcasecmp(k, name))
			return v;
		at = (size_t)(v + strlen(v) + 1 - h->p);
	}
	return NULL;
}

int http_req_query(const struct http_req *r, const char *name, char *out, size_t outlen)
{
	const char *path, *query;
	size_t plen, qlen;
	if (!r->conn->uri || http_target_split(r->conn->uri, strlen(r->conn->uri), &path, &plen, &query, &qlen) < 0)
		return -ENOENT;
	return http_query_get(query, qlen, name, out, outlen);
}

static void local_address(struct http_conn *c)
{
	if (c->local_known)
		return;
	const union MHD_ConnectionInfo *ci = MHD_get_connection_info(c->mhd, MHD_CONNECTION_INFO_CONNECTION_FD);
	struct sockaddr_in sa;
	socklen_t len = sizeof(sa);
	if (ci && getsockname(ci->connect_fd, (struct sockaddr *)&sa, &len) == 0 && sa.sin_family == AF_INET) {
		c->local_ip = ntohl(sa.sin_addr.s_addr);
		c->local_port = ntohs(sa.sin_port);
	}
	c->local_known = true;
}

/* ---- the response a handler fills ---- */

void http_resp_status(struct http_resp *r, unsigned status) { r->status = status; }

void http_resp_type(struct http_resp *r, const char *content_type)
{
	str_copy(r->ctype, sizeof(r->ctype), content_type);
}

static bool header_text_ok(const char *s, bool name)
{
	if (name && !*s)
		return false;
	for (; *s; s++) {
		unsigned char ch = (unsigned char)*s;
		if (ch < 0x20 || ch == 0x7f || (name && (ch == ':' || ch == ' ')))
			return false;
	}
	return true;
}

int http_resp_header(struct http_resp *r, const char *name, const char *value)
{
	if (!header_text_ok(name, true) || !header_text_ok(value, false))
		return -EINVAL;
	buf_put(&r->headers, name, strlen(name) + 1);
	buf_put(&r->headers, value, strlen(value) + 1);
	return r->headers.nomem ? -ENOMEM : 0;
}

void http_resp_write(struct http_resp *r, const void *data, size_t len) { buf_put(&r->body, data, len); }

void http_resp_printf(struct http_resp *r, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	char *s = NULL;
	int n = vasprintf(&s, fmt, ap);
	va_end(ap);
	if (n < 0) {
		r->body.nomem = true;
		return;
	}
	buf_put(&r->body, s, (size_t)n);
	free(s);
}

void http_resp_error(struct http_resp *r, unsigned status, const char *text)
{
	r->status = status;
	str_copy(r->ctype, sizeof(r->ctype), DEFAULT_TYPE);
	buf_reset(&r->body);
	buf_puts(&r->body, text);
	buf_puts(&r->body, "\n");
}

int http_resp_file(struct http_resp *r, struct tree_file *f, const char *name, const char *content_type)
{
	if (f->is_dir) {
		tree_file_close(f);
		return -EINVAL;
	}
	if (r->has_file)
		tree_file_close(&r->file);
	r->file = *f;
	r->has_file = true;
	f->owns_fd = false;
	str_copy(r->name, sizeof(r->name), name ? name : "");
	str_copy(r->ftype, sizeof(r->ftype), content_type ? content_type : "");
	return 0;
}

static void resp_free(struct http_resp *r)
{
	buf_free(&r->body);
	buf_free(&r->headers);
	if (r->has_file)
		tree_file_close(&r->file);
}

static enum MHD_Result queue_resp(struct http_conn *c, struct http_resp *r)
{
	if (r->has_file) {
		r->has_file = false;
		return hio_serve_file(c, &r->file, r->name, r->ftype[0] ? r->ftype : NULL, &r->headers);
	}
	if (r->body.nomem || r->headers.nomem)
		return hio_queue_text(c, MHD_HTTP_INTERNAL_SERVER_ERROR, "out of memory\n", NULL, NULL);
	/* MHD frees the body with free() when the response is done */
	struct MHD_Response *mr = MHD_create_response_from_buffer(r->body.len, r->body.p, MHD_RESPMEM_MUST_FREE);
	if (!mr)
		return MHD_NO;
	uint64_t len = r->body.len;
	r->body = (struct buf){ 0 };
	MHD_add_response_header(mr, MHD_HTTP_HEADER_CONTENT_TYPE, r->ctype[0] ? r->ctype : DEFAULT_TYPE);
	hio_add_headers(mr, &r->headers);
	return hio_queue(c, r->status ? r->status : MHD_HTTP_OK, mr, len);
}

/* ---- dispatch ---- */

static enum MHD_Result refuse_path(struct http_conn *c, int e)
{
	char who[32], shown[160];
	if (e == -EACCES) {
		unsigned held;
		if (hio_ratelog_ok(c->io, &c->io->rl_refused, &held)) {
			str_escape(shown, sizeof(shown), c->uri, strlen(c->uri));
			log_warn("http: %s asked for '%s': '..' would leave the tree; refused (403)%s",
				 hio_client_str(c, who), shown, held ? " (and more refusals held back)" : "");
		}
		return hio_queue_text(c, MHD_HTTP_FORBIDDEN, "forbidden\n", NULL, NULL);
	}
	if (e == -ENAMETOOLONG)
		return hio_queue_text(c, MHD_HTTP_URI_TOO_LONG, "path too long\n", NULL, NULL);
	return hio_queue_text(c, MHD_HTTP_BAD_REQUEST, "bad request target\n", NULL, NULL);
}

/* fn and ctx are copies: the handler may remove its own route */
static enum MHD_Result call_handler(struct http_conn *c, http_handler_fn fn, void *ctx, struct http_req *req,
				    int *passed)
{
	struct http_resp resp;
	memset(&resp, 0, sizeof(resp));
	*passed = 0;
	int r = fn(ctx, req, &resp);
	if (r == HTTP_PASS) {
		resp_free(&resp);
		*passed = 1;
		return MHD_YES;
	}
	if (r < 0) {
		char who[32], shown[160];
		str_escape(shown, sizeof(shown), c->uri, strlen(c->uri));
		log_warn("http: the handler of '%s' failed for %s: %s", shown, hio_client_str(c, who), strerror(-r));
		resp_free(&resp);
		return hio_queue_text(c, MHD_HTTP_INTERNAL_SERVER_ERROR, "internal error\n", NULL, NULL);
	}
	enum MHD_Result ret = queue_resp(c, &resp);
	resp_free(&resp);
	return ret;
}

enum MHD_Result hio_dispatch(struct http_conn *c)
{
	struct http_io *io = c->io;
	const char *path, *query;
	size_t plen, qlen;
	if (!c->uri || http_target_split(c->uri, strlen(c->uri), &path, &plen, &query, &qlen) < 0)
		return refuse_path(c, -EINVAL);
	static char norm[HTTP_PATH_MAX], url_path[HTTP_PATH_MAX + 2];
	bool dir;
	int e = http_path_normalize(path, plen, norm, sizeof(norm), &dir);
	if (e < 0)
		return refuse_path(c, e);
	snprintf(url_path, sizeof(url_path), "/%s%s", norm, dir && norm[0] ? "/" : "");

	unsigned allowed = 0;
	bool mounts_only = false;
	const char *sub;
	for (ssize_t i = hio_route_match(io, 0, norm, &sub); i >= 0; i = hio_route_match(io, (size_t)i + 1, norm, &sub)) {
		const struct hio_route *rt = &io->routes[i];
		if (!(rt->methods & c->method) || (mounts_only && rt->kind != HIO_MOUNT)) {
			allowed |= rt->methods;
			continue;
		}
		if (rt->kind == HIO_MOUNT)
			return hio_serve_tree(c, rt, sub, url_path, query, qlen, dir);
		if (c->body.len) {
			/* the NUL the field promises (before taking the pointer:
			 * adding it may move the buffer) */
			buf_put(&c->body, "", 1);
			c->body.len--;
		}
		struct http_req req = {
			.method = c->method,
			.method_name = name_of(c->method),
			.path = sub,
			.url_path = url_path,
			.dir = dir,
			.client_ip = c->client_ip,
			.client_port = c->client_port,
			.local_ip = c->local_ip,
			.local_port = c->local_port,
			.body = (const uint8_t *)(c->body.len ? c->body.p : ""),
			.body_len = c->body.len,
			.conn = c,
		};
		uint64_t seq = io->route_seq;
		int passed;
		enum MHD_Result ret = call_handler(c, rt->fn, rt->ctx, &req, &passed);
		if (!passed)
			return ret;
		/* the handler changed the routes: the index means nothing now,
		 * only a mount can still answer */
		if (io->route_seq != seq) {
			mounts_only = true;
			i = -1;
		}
	}
	if (allowed) {
		char allow[64];
		allow_list(allowed, allow, sizeof(allow));
		return hio_queue_text(c, MHD_HTTP_METHOD_NOT_ALLOWED, "method not allowed\n", MHD_HTTP_HEADER_ALLOW,
				      allow);
	}
	return hio_queue_text(c, MHD_HTTP_NOT_FOUND, "not found\n", NULL, NULL);
}

/* MHD's access handler, on the connection's thread: called when the headers
 * are in, for each piece of the body, once more when the request is
 * complete, and (bulk connections) again after the loop's thread answered
 * it and resumed the connection. */
enum MHD_Result hio_on_request(void *cls, struct MHD_Connection *mc, const char *url, const char *method,
			       const char *version, const char *upload_data, size_t *upload_data_size,
			       void **req_cls)
{
	struct http_conn *c = *req_cls;
	if (!c)
		return MHD_NO; /* out of memory when the request began */
	if (c->posted) {
		c->posted = false;
		return c->failed ? MHD_NO : hio_flush(c, MHD_NO);
	}
	if (!c->seen) {
		/* Answer on the next call, once the request is complete: a
		 * response queued now makes MHD close the connection after it.
		 * Only refusals are worth that. */
		c->seen = true;
		c->method = method_of(method);
		/* the cases where MHD must close after the answer (its
		 * keepalive_possible): the client asked for it, or spoke
		 * HTTP/1.0 without keep-alive */
		const char *conn = MHD_lookup_connection_value(mc, MHD_HEADER_KIND, MHD_HTTP_HEADER_CONNECTION);
		c->closing = http_token_list_has(conn, "close") ||
			     (!strcmp(version, MHD_HTTP_VERSION_1_0) && !http_token_list_has(conn, "keep-alive"));
		if (c->method == HTTP_OTHER)
			return hio_flush(c, hio_queue_text(c, MHD_HTTP_NOT_IMPLEMENTED, "method not implemented\n",
							   NULL, NULL));
		const char *cl = MHD_lookup_connection_value(mc, MHD_HEADER_KIND, MHD_HTTP_HEADER_CONTENT_LENGTH);
		int64_t n;
		if (cl && str_to_int64(cl, 0, INT64_MAX, &n) == 0 && n > HTTP_IO_BODY_MAX)
			return hio_flush(c, hio_queue_text(c, MHD_HTTP_CONTENT_TOO_LARGE, "request body too large\n",
							   NULL, NULL));
		return MHD_YES;
	}
	if (*upload_data_size) {
		if (c->body.len + *upload_data_size > HTTP_IO_BODY_MAX)
			c->body_over = true;
		else if (!c->body_over)
			buf_put(&c->body, upload_data, *upload_data_size);
		*upload_data_size = 0;
		return MHD_YES;
	}
	if (c->queued)
		return MHD_YES;
	if (c->body_over)
		return hio_flush(c, hio_queue_text(c, MHD_HTTP_CONTENT_TOO_LARGE, "request body too large\n", NULL,
						   NULL));
	if (c->body.nomem)
		return hio_flush(c, hio_queue_text(c, MHD_HTTP_INTERNAL_SERVER_ERROR, "out of memory\n", NULL, NULL));
	local_address(c);
	if (!copy_headers(c))
		return hio_flush(c, hio_queue_text(c, MHD_HTTP_INTERNAL_SERVER_ERROR, "out of memory\n", NULL, NULL));
	return c->bulk ? hio_post(c) : hio_flush(c, hio_dispatch(c));
}

static const char *end_text(enum MHD_RequestTerminationCode toe)
{
	switch (toe) {
	case MHD_REQUEST_TERMINATED_COMPLETED_OK: return "";
	case MHD_REQUEST_TERMINATED_TIMEOUT_REACHED: return " (idle timeout)";
	case MHD_REQUEST_TERMINATED_CLIENT_ABORT: return " (client went away)";
	case MHD_REQUEST_TERMINATED_DAEMON_SHUTDOWN: return " (shutdown)";
	case MHD_REQUEST_TERMINATED_READ_ERROR: return " (read error)";
	default: return " (error)";
	}
}

void hio_on_completed(void *cls, struct MHD_Connection *mc, void **req_cls, enum MHD_RequestTerminationCode toe)
{
	struct http_conn *c = req_cls ? *req_cls : NULL;
	if (!c || !c->uri)
		return;
	char who[32], shown[200];
	/* MHD (in turbo mode) closes a finished connection only when its loop
	 * turn ends, after every other connection had its go; a client that
	 * reads the answer first closes first and is left with the TIME_WAIT
	 * (thousands of them exhaust its ports). The FIN goes now instead. */
	if (c->closing && toe == MHD_REQUEST_TERMINATED_COMPLETED_OK) {
		const union MHD_ConnectionInfo *fi = MHD_get_connection_info(mc, MHD_CONNECTION_INFO_CONNECTION_FD);
		if (fi)
			shutdown(fi->connect_fd, SHUT_WR);
	}
	if (!c->seen) {
		/* MHD answered by itself: the request never fit (431/414) or did not parse */
		const union MHD_ConnectionInfo *ci = MHD_get_connection_info(mc, MHD_CONNECTION_INFO_HTTP_STATUS);
		unsigned st = ci ? ci->http_status : 0;
		unsigned held;
		if (st >= 400 && hio_ratelog_ok(c->io, &c->io->rl_refused, &held)) {
			str_escape(shown, sizeof(shown), c->uri, strlen(c->uri));
			log_warn("http: %s: request for '%s' refused with %u%s%s", hio_client_str(c, who), shown, st,
				 st == MHD_HTTP_REQUEST_HEADER_FIELDS_TOO_LARGE ? " (headers too large)" : "",
				 held ? " (and more refusals held back)" : "");
		}
		c->seen = true;
		return;
	}
	if (log_get_level() >= LOG_LVL_DEBUG) {
		str_escape(shown, sizeof(shown), c->uri, strlen(c->uri));
		uint64_t ms = hio_now_ms() - c->started_ms;
		log_debug("http: %s \"%s %s\" %u %llu bytes %llu ms%s", hio_client_str(c, who), name_of(c->method),
			  shown, c->status,
			  (unsigned long long)c->resp_len, (unsigned long long)ms, end_text(toe));
	}
}
