#include "http/http_url.h"

#include <errno.h>
#include <stdint.h>
#include <string.h>

#include "core/str.h"
#include "http/http_scan.h"

int http_target_split(const char *target, size_t len, const char **path, size_t *path_len, const char **query,
		      size_t *query_len)
{
	struct rd r = rd_init(target, len);
	if (scan_word(&r, "http://") || scan_word(&r, "https://")) {
		/* the authority ends at the path, the query or the end */
		while (scan_peek(&r) >= 0 && scan_peek(&r) != '/' && scan_peek(&r) != '?')
			rd_skip(&r, 1);
	}
	if (scan_peek(&r) != '/')
		return -EINVAL;
	size_t start = r.off;
	while (scan_peek(&r) >= 0 && scan_peek(&r) != '?')
		rd_skip(&r, 1);
	*path = target + start;
	*path_len = r.off - start;
	if (scan_accept(&r, '?')) {
		*query = target + r.off;
		*query_len = rd_left(&r);
	} else {
		*query = target + r.off;
		*query_len = 0;
	}
	return 0;
}

/* The next decoded byte: a '%' escape is read whole. -EINVAL for a bad
 * escape, -ENODATA at the end. */
static int next_decoded(struct rd *r, bool plus_is_space)
{
	int c = scan_peek(r);
	if (c < 0)
		return -ENODATA;
	rd_skip(r, 1);
	if (c == '+' && plus_is_space)
		return ' ';
	if (c != '%')
		return c;
	if (rd_left(r) < 2)
		return -EINVAL;
	int hi = str_hex_digit((char)r->p[r->off]), lo = str_hex_digit((char)r->p[r->off + 1]);
	if (hi < 0 || lo < 0)
		return -EINVAL;
	rd_skip(r, 2);
	return hi << 4 | lo;
}

static bool control(int c) { return c < 0x20 || c == 0x7f; }

/* One decoded component (up to the next separator) into comp. */
static int next_component(struct rd *r, char comp[HTTP_COMP_MAX + 1], size_t *clen, bool *sep)
{
	size_t n = 0;
	*sep = false;
	for (;;) {
		int c = next_decoded(r, false);
		if (c == -ENODATA)
			break;
		if (c < 0 || control(c))
			return -EINVAL;
		if (c == '/' || c == '\\') {
			*sep = true;
			break;
		}
		if (n == HTTP_COMP_MAX)
			return -ENAMETOOLONG;
		comp[n++] = (char)c;
	}
	*clen = n;
	return 0;
}

int http_path_normalize(const char *path, size_t len, char *out, size_t outlen, bool *dir)
{
	char buf[HTTP_PATH_MAX], comp[HTTP_COMP_MAX + 1];
	struct rd r = rd_init(path, len);
	if (!scan_accept(&r, '/'))
		return -EINVAL;
	size_t n = 0;
	bool sep = true; /* the leading '/' */
	/* every component is checked, even after a refusal is certain, so
	 * that a bad escape anywhere is a 400 rather than whatever came first */
	int verdict = 0;
	while (rd_left(&r)) {
		size_t clen;
		int e = next_component(&r, comp, &clen, &sep);
		if (e < 0)
			return e;
		if (clen == 0 || (clen == 1 && comp[0] == '.'))
			continue;
		if (clen == 2 && comp[0] == '.' && comp[1] == '.') {
			verdict = -EACCES;
			continue;
		}
		if (n + (n ? 1 : 0) + clen + 1 > sizeof(buf)) {
			if (!verdict)
				verdict = -ENAMETOOLONG;
			continue;
		}
		if (n)
			buf[n++] = '/';
		memcpy(buf + n, comp, clen);
		n += clen;
	}
	if (verdict)
		return verdict;
	if (n + 1 > outlen)
		return -ENAMETOOLONG;
	memcpy(out, buf, n);
	out[n] = 0;
	/* "/a/" and "/a/." both name the directory a */
	*dir = sep || (len >= 2 && path[len - 1] == '.' && (path[len - 2] == '/' || path[len - 2] == '\\'));
	return 0;
}

/* Decodes one query element of r (up to '&' or stop) into out; -EINVAL on
 * bad escapes or control bytes, -ENAMETOOLONG when it does not fit (the
 * element is still consumed). */
static int decode_until(struct rd *r, char stop, char *out, size_t outlen, size_t *n)
{
	size_t k = 0;
	int e = 0;
	while (scan_peek(r) >= 0 && scan_peek(r) != '&' && scan_peek(r) != stop) {
		int c = next_decoded(r, true);
		if (c < 0 || control(c))
			return -EINVAL;
		if (k + 1 >= outlen)
			e = -ENAMETOOLONG;
		else
			out[k++] = (char)c;
	}
	if (outlen)
		out[k] = 0;
	*n = k;
	return e;
}

int http_query_get(const char *query, size_t len, const char *name, char *out, size_t outlen)
{
	struct rd r = rd_init(query, len);
	size_t want = strlen(name);
	while (rd_left(&r)) {
		char key[256];
		size_t klen, vlen;
		int e = decode_until(&r, '=', key, sizeof(key), &klen);
		bool match = e == 0 && klen == want && memcmp(key, name, want) == 0;
		if (e == -EINVAL)
			return e;
		if (scan_accept(&r, '=')) {
			if (match)
				return (e = decode_until(&r, '&', out, outlen, &vlen)) < 0 ? e : (int)vlen;
			/* a value may contain '=': skip to the next '&' */
			while (scan_peek(&r) >= 0 && scan_peek(&r) != '&')
				rd_skip(&r, 1);
		} else if (match) {
			if (outlen == 0)
				return -ENAMETOOLONG;
			out[0] = 0;
			return 0;
		}
		scan_accept(&r, '&');
	}
	return -ENOENT;
}

int http_url_escape(const char *s, size_t len, char *out, size_t outlen)
{
	static const char hex[] = "0123456789ABCDEF";
	size_t o = 0;
	for (size_t i = 0; i < len; i++) {
		unsigned char c = (unsigned char)s[i];
		bool plain = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '-' ||
			     c == '.' || c == '_' || c == '~';
		size_t need = plain ? 1 : 3;
		if (o + need + 1 > outlen)
			return -ENOSPC;
		if (plain) {
			out[o++] = (char)c;
		} else {
			out[o++] = '%';
			out[o++] = hex[c >> 4];
			out[o++] = hex[c & 15];
		}
	}
	if (o + 1 > outlen)
		return -ENOSPC;
	out[o] = 0;
	return (int)o;
}
