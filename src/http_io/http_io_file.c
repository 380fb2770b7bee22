/* Files and directories of a tree as HTTP responses: validators and
 * conditional requests, ranges, sendfile from (fd, offset) for whole files
 * and single ranges, a pread-fed multipart body for several ranges,
 * redirects and pages for directories. */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "core/log.h"
#include "core/str.h"
#include "http/http_cond.h"
#include "http/http_date.h"
#include "http/http_listing.h"
#include "http/http_mime.h"
#include "http/http_range.h"
#include "http/http_url.h"
#include "http_io/http_io_impl.h"
#include "core/fileio.h"

/* Files up to this size are read into the response instead of being sent
 * with sendfile: MHD then writes headers and body in one call. */
#define SMALL_FILE (16 * 1024)

/* A descriptor the response may own and close: the tree's own when the
 * file owns it, a duplicate otherwise (an ISO tree shares one descriptor
 * for the whole image). */
static int take_fd(struct tree_file *f)
{
	if (f->owns_fd) {
		f->owns_fd = false;
		return f->fd;
	}
	int fd = fcntl(f->fd, F_DUPFD_CLOEXEC, 0);
	return fd < 0 ? -errno : fd;
}

/* len bytes of f from pos: from mem when the bytes are in memory (the
 * cache), else sendfile from the descriptor, or a copy when small. */
static struct MHD_Response *file_body(struct tree_file *f, const char *mem, uint64_t pos, uint64_t len)
{
	if (mem)
		return MHD_create_response_from_buffer(len, (void *)(mem + pos), MHD_RESPMEM_MUST_COPY);
	if (len <= SMALL_FILE) {
		char *buf = malloc(len ? len : 1);
		if (!buf)
			return NULL;
		if (len && pread_full(f->fd, buf, len, f->offset + pos) < 0) {
			free(buf);
			return NULL;
		}
		return MHD_create_response_from_buffer(len, buf, MHD_RESPMEM_MUST_FREE);
	}
	int fd = take_fd(f);
	if (fd < 0)
		return NULL;
	struct MHD_Response *r = MHD_create_response_from_fd_at_offset64(len, fd, f->offset + pos);
	if (!r)
		close(fd);
	return r;
}

/* ---- multipart/byteranges ---- */

struct mp_seg {
	uint64_t at, len;   /* where the segment lies in the body */
	uint64_t file_pos;  /* data segments: position in the file */
	const char *text;   /* part headers and the closing line; NULL for data */
};

struct mp_body {
	int fd;
	char *mem;          /* the whole file, when it came from the cache */
	uint64_t base;      /* the file's offset in fd */
	size_t nseg, cur;
	struct mp_seg *seg;
	char *text;
};

static void mp_free(void *cls)
{
	struct mp_body *m = cls;
	if (m->fd >= 0)
		close(m->fd);
	free(m->mem);
	free(m->seg);
	free(m->text);
	free(m);
}

static ssize_t mp_read(void *cls, uint64_t pos, char *buf, size_t max)
{
	struct mp_body *m = cls;
	size_t i = m->cur < m->nseg && pos >= m->seg[m->cur].at ? m->cur : 0;
	while (i < m->nseg && pos >= m->seg[i].at + m->seg[i].len)
		i++;
	if (i == m->nseg)
		return MHD_CONTENT_READER_END_OF_STREAM;
	size_t out = 0;
	while (out < max && i < m->nseg) {
		const struct mp_seg *s = &m->seg[i];
		uint64_t in = pos - s->at, left = s->len - in;
		size_t n = left < max - out ? (size_t)left : max - out;
		if (s->text) {
			memcpy(buf + out, s->text + in, n);
		} else if (m->mem) {
			memcpy(buf + out, m->mem + s->file_pos + in, n);
		} else {
			ssize_t k = pread_retry(m->fd, buf + out, n, m->base + s->file_pos + in);
			if (k <= 0)
				return out ? (ssize_t)out : MHD_CONTENT_READER_END_WITH_ERROR;
			n = (size_t)k;
		}
		out += n;
		pos += n;
		if (pos == s->at + s->len)
			i++;
	}
	m->cur = i;
	return (ssize_t)out;
}

static struct MHD_Response *multipart_body(struct tree_file *f, const char *mem, const struct http_ranges *rs,
					   const char *boundary, const char *ctype, uint64_t *total)
{
	struct mp_body *m = calloc(1, sizeof(*m));
	if (!m)
		return NULL;
	m->fd = -1;
	m->base = f->offset;
	m->nseg = 2 * rs->n + 1;
	m->seg = calloc(m->nseg, sizeof(*m->seg));
	size_t tlen = http_multipart_tail(NULL, 0, boundary) + 1;
	for (size_t i = 0; i < rs->n; i++)
		tlen += http_multipart_head(NULL, 0, boundary, ctype, &rs->r[i], f->size) + 1;
	m->text = malloc(tlen);
	if (mem && (m->mem = malloc(f->size ? f->size : 1)))
		memcpy(m->mem, mem, f->size);
	if (!m->seg || !m->text || (mem ? !m->mem : (m->fd = take_fd(f)) < 0)) {
		mp_free(m);
		return NULL;
	}
	uint64_t at = 0;
	size_t used = 0, k = 0;
	for (size_t i = 0; i < rs->n; i++) {
		size_t hl = http_multipart_head(m->text + used, tlen - used, boundary, ctype, &rs->r[i], f->size);
		m->seg[k++] = (struct mp_seg){ .at = at, .len = hl, .text = m->text + used };
		at += hl;
		used += hl + 1;
		uint64_t dl = rs->r[i].last - rs->r[i].first + 1;
		m->seg[k++] = (struct mp_seg){ .at = at, .len = dl, .file_pos = rs->r[i].first };
		at += dl;
	}
	size_t tl = http_multipart_tail(m->text + used, tlen - used, boundary);
	m->seg[k++] = (struct mp_seg){ .at = at, .len = tl, .text = m->text + used };
	at += tl;
	*total = at;
	struct MHD_Response *r = MHD_create_response_from_callback(at, 64 * 1024, mp_read, m, mp_free);
	if (!r)
		mp_free(m);
	return r;
}

/* ---- files ---- */

static void validator_headers(struct MHD_Response *r, const struct http_validators *v)
{
	char date[HTTP_DATE_LEN + 1];
	http_date_format(v->last_modified, date);
	MHD_add_response_header(r, MHD_HTTP_HEADER_ETAG, v->etag);
	MHD_add_response_header(r, MHD_HTTP_HEADER_LAST_MODIFIED, date);
}

void hio_add_headers(struct MHD_Response *r, const struct buf *h)
{
	for (size_t at = 0; h && at < h->len;) {
		const char *name = h->p + at;
		const char *value = name + strlen(name) + 1;
		MHD_add_response_header(r, name, value);
		at = (size_t)(value + strlen(value) + 1 - h->p);
	}
}

static const char *header(struct http_conn *c, const char *name)
{
	return MHD_lookup_connection_value(c->mhd, MHD_HEADER_KIND, name);
}

/* f's bytes are in mem when it is not NULL (f then has no descriptor) */
static enum MHD_Result serve_file(struct http_conn *c, struct tree_file *f, const char *mem, const char *name,
				  const char *ctype, const struct buf *extra)
{
	if (!ctype)
		ctype = http_mime_type(name);
	struct http_validators v;
	http_validators_make(f->id, f->size, (int64_t)f->mtime.tv_sec, f->mtime.tv_nsec, &v);
	bool get_or_head = c->method & (HTTP_GET | HTTP_HEAD);
	struct http_cond_headers h = {
		.if_match = header(c, MHD_HTTP_HEADER_IF_MATCH),
		.if_none_match = header(c, MHD_HTTP_HEADER_IF_NONE_MATCH),
		.if_modified_since = header(c, MHD_HTTP_HEADER_IF_MODIFIED_SINCE),
		.if_unmodified_since = header(c, MHD_HTTP_HEADER_IF_UNMODIFIED_SINCE),
	};
	enum http_cond_verdict cv = http_cond_evaluate(&h, get_or_head, &v);
	struct http_ranges rs = { .kind = HTTP_RANGE_NONE };
	const char *range = c->method == HTTP_GET ? header(c, MHD_HTTP_HEADER_RANGE) : NULL;
	if (cv == HTTP_COND_PROCEED && range && http_cond_if_range(header(c, MHD_HTTP_HEADER_IF_RANGE), &v))
		http_range_parse(range, strlen(range), f->size, &rs);

	struct MHD_Response *r = NULL;
	unsigned status = MHD_HTTP_OK;
	uint64_t len = 0;
	char cr[80], btype[160];
	if (cv == HTTP_COND_NOT_MODIFIED) {
		status = MHD_HTTP_NOT_MODIFIED;
		r = MHD_create_response_from_buffer(0, NULL, MHD_RESPMEM_PERSISTENT);
	} else if (cv == HTTP_COND_PRECONDITION_FAILED) {
		tree_file_close(f);
		return hio_queue_text(c, MHD_HTTP_PRECONDITION_FAILED, "precondition failed\n", NULL, NULL);
	} else if (rs.kind == HTTP_RANGE_UNSATISFIABLE) {
		tree_file_close(f);
		http_content_range(cr, sizeof(cr), NULL, f->size);
		return hio_queue_text(c, MHD_HTTP_RANGE_NOT_SATISFIABLE, "range not satisfiable\n",
				      MHD_HTTP_HEADER_CONTENT_RANGE, cr);
	} else if (rs.kind == HTTP_RANGE_SINGLE) {
		status = MHD_HTTP_PARTIAL_CONTENT;
		len = rs.r[0].last - rs.r[0].first + 1;
		r = file_body(f, mem, rs.r[0].first, len);
		http_content_range(cr, sizeof(cr), &rs.r[0], f->size);
	} else if (rs.kind == HTTP_RANGE_MULTI) {
		char boundary[48];
		/* unique per response; a file that holds it by chance breaks
		 * only the client's parsing of its own multipart request */
		uint64_t seq = ++c->io->boundary_seq * 0x9e3779b97f4a7c15ull ^ f->id;
		snprintf(boundary, sizeof(boundary), "pxed-%016llx%08llx", (unsigned long long)seq,
			 (unsigned long long)(f->size & 0xffffffffu));
		snprintf(btype, sizeof(btype), "multipart/byteranges; boundary=%s", boundary);
		status = MHD_HTTP_PARTIAL_CONTENT;
		r = multipart_body(f, mem, &rs, boundary, ctype, &len);
	} else {
		len = f->size;
		r = file_body(f, mem, 0, len);
	}
	tree_file_close(f);
	if (!r)
		return hio_queue_text(c, MHD_HTTP_INTERNAL_SERVER_ERROR, "cannot read the file\n", NULL, NULL);
	if (status != MHD_HTTP_NOT_MODIFIED)
		MHD_add_response_header(r, MHD_HTTP_HEADER_CONTENT_TYPE, rs.kind == HTTP_RANGE_MULTI ? btype : ctype);
	if (rs.kind == HTTP_RANGE_SINGLE)
		MHD_add_response_header(r, MHD_HTTP_HEADER_CONTENT_RANGE, cr);
	MHD_add_response_header(r, MHD_HTTP_HEADER_ACCEPT_RANGES, "bytes");
	validator_headers(r, &v);
	hio_add_headers(r, extra);
	return hio_queue(c, status, r, len);
}

enum MHD_Result hio_serve_file(struct http_conn *c, struct tree_file *f, const char *name, const char *ctype,
			       const struct buf *extra)
{
	return serve_file(c, f, NULL, name, ctype, extra);
}

/* ---- directories ---- */

static int list_entry(void *ctx, const struct tree_dirent *e)
{
	http_listing_entry(ctx, e->name, e->is_dir, e->size, (int64_t)e->mtime.tv_sec);
	return 0;
}

static enum MHD_Result serve_dir(struct http_conn *c, struct tree *t, const char *path, const char *url_path)
{
	char ipath[HTTP_PATH_MAX + 16];
	snprintf(ipath, sizeof(ipath), "%s%sindex.html", path, *path ? "/" : "");
	struct tree_file idx;
	if (tree_open(t, ipath, &idx) == 0) {
		if (!idx.is_dir)
			return hio_serve_file(c, &idx, "index.html", NULL, NULL);
		tree_file_close(&idx);
	}
	struct buf b = { 0 };
	http_listing_begin(&b, url_path);
	int r = tree_list(t, path, list_entry, &b);
	http_listing_end(&b);
	if (r < 0 || b.nomem) {
		buf_free(&b);
		if (r < 0)
			log_warn("http: listing of '%s': %s", url_path, strerror(-r));
		return hio_queue_text(c, MHD_HTTP_INTERNAL_SERVER_ERROR, "cannot list the directory\n", NULL, NULL);
	}
	struct MHD_Response *mr = MHD_create_response_from_buffer(b.len, b.p, MHD_RESPMEM_MUST_FREE);
	if (!mr) {
		buf_free(&b);
		return MHD_NO;
	}
	MHD_add_response_header(mr, MHD_HTTP_HEADER_CONTENT_TYPE, "text/html; charset=utf-8");
	return hio_queue(c, MHD_HTTP_OK, mr, b.len);
}

static enum MHD_Result open_failed(struct http_conn *c, const char *url_path, int e)
{
	char who[32], shown[160];
	switch (e) {
	case -ENOENT:
	case -ENOTDIR:
		return hio_queue_text(c, MHD_HTTP_NOT_FOUND, "not found\n", NULL, NULL);
	case -EACCES:
	case -EPERM:
	case -EXDEV:
	case -ELOOP: {
		unsigned held;
		if (hio_ratelog_ok(c->io, &c->io->rl_refused, &held)) {
			str_escape(shown, sizeof(shown), url_path, strlen(url_path));
			log_warn("http: %s asked for '%s': %s; refused (403)%s", hio_client_str(c, who), shown,
				 e == -EXDEV || e == -ELOOP ? "resolves outside the tree (symlink)" : strerror(-e),
				 held ? " (and more refusals held back)" : "");
		}
		return hio_queue_text(c, MHD_HTTP_FORBIDDEN, "forbidden\n", NULL, NULL);
	}
	case -ENAMETOOLONG:
		return hio_queue_text(c, MHD_HTTP_URI_TOO_LONG, "path too long\n", NULL, NULL);
	default:
		str_escape(shown, sizeof(shown), url_path, strlen(url_path));
		log_warn("http: cannot open '%s' for %s: %s", shown, hio_client_str(c, who), strerror(-e));
		return hio_queue_text(c, MHD_HTTP_INTERNAL_SERVER_ERROR, "cannot open the file\n", NULL, NULL);
	}
}

/* A small file from the cache, or read into it: its bytes then come from
 * memory, the descriptor is closed at once. */
static enum MHD_Result serve_cached(struct http_conn *c, uint64_t mount_id, struct tree_file *f, const char *path)
{
	char *buf = malloc(f->size ? f->size : 1);
	if (!buf || (f->size && pread_full(f->fd, buf, f->size, f->offset) < 0)) {
		free(buf);
		return serve_file(c, f, NULL, path, NULL, NULL); /* changing under us: not cached */
	}
	hio_cache_put(c->io, mount_id, path, f, buf);
	tree_file_close(f);
	f->fd = -1;
	enum MHD_Result ret = serve_file(c, f, buf, path, NULL, NULL);
	free(buf);
	return ret;
}

enum MHD_Result hio_serve_tree(struct http_conn *c, const struct hio_route *mount, const char *path,
			       const char *url_path, const char *query, size_t qlen, bool dir)
{
	struct tree *t = mount->tree;
	const struct hio_cached *hit = dir ? NULL : hio_cache_get(c->io, mount->id, path);
	if (hit) {
		struct tree_file f = { .fd = -1, .size = hit->size, .mtime = hit->mtime, .id = hit->id };
		return serve_file(c, &f, hit->data, path, NULL, NULL);
	}
	struct tree_file f;
	int e = tree_open(t, path, &f);
	if (e < 0)
		return open_failed(c, url_path, e);
	if (f.is_dir) {
		tree_file_close(&f);
		if (dir)
			return serve_dir(c, t, path, url_path);
		/* the slash form, so relative links in the page resolve inside
		 * it; built from the normalised path, so "//host/dir" cannot
		 * turn into a redirect to another host */
		struct buf loc = { 0 };
		char comp[3 * HTTP_COMP_MAX + 1];
		for (const char *p = url_path; *p;) {
			p++; /* the '/' */
			size_t n = strcspn(p, "/");
			if (http_url_escape(p, n, comp, sizeof(comp)) < 0)
				loc.nomem = true;
			buf_puts(&loc, "/");
			buf_puts(&loc, comp);
			p += n;
		}
		buf_puts(&loc, "/");
		if (qlen) {
			buf_puts(&loc, "?");
			buf_put(&loc, query, qlen);
		}
		buf_put(&loc, "", 1);
		enum MHD_Result ret =
			loc.nomem ? hio_queue_text(c, MHD_HTTP_INTERNAL_SERVER_ERROR, "out of memory\n", NULL, NULL)
				: hio_queue_text(c, MHD_HTTP_MOVED_PERMANENTLY, "moved\n", MHD_HTTP_HEADER_LOCATION, loc.p);
		buf_free(&loc);
		return ret;
	}
	if (dir) {
		tree_file_close(&f);
		return hio_queue_text(c, MHD_HTTP_NOT_FOUND, "not found\n", NULL, NULL);
	}
	if (f.size <= HIO_CACHE_FILE_MAX)
		return serve_cached(c, mount->id, &f, path);
	return serve_file(c, &f, NULL, path, NULL, NULL);
}
