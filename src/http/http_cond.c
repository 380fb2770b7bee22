#include "http/http_cond.h"

#include <errno.h>
#include <stdio.h>
#include <string.h>

#include "http/http_date.h"
#include "http/http_scan.h"

void http_validators_make(uint64_t id, uint64_t size, int64_t mtime_sec, long mtime_nsec,
			  struct http_validators *v)
{
	uint64_t ns = (uint64_t)mtime_sec * 1000000000u + (uint64_t)mtime_nsec;
	snprintf(v->etag, sizeof(v->etag), "\"%llx-%llx-%llx\"", (unsigned long long)id, (unsigned long long)size,
		 (unsigned long long)ns);
	v->last_modified = mtime_sec;
}

/* etagc: '!' and '#'..'~' and obs-text; never '"' */
static bool etagc(int c) { return c == 0x21 || (c >= 0x23 && c != 0x7f && c >= 0); }

int http_etag_list_match(const char *list, size_t len, const char *etag, bool weak)
{
	struct rd r = rd_init(list, len);
	scan_ows(&r);
	if (scan_accept(&r, '*')) {
		scan_ows(&r);
		return rd_left(&r) == 0 ? 1 : -EINVAL;
	}
	size_t elen = strlen(etag);
	bool any = false, match = false;
	for (;;) {
		scan_ows(&r);
		if (scan_accept(&r, ','))
			continue;
		if (scan_peek(&r) < 0)
			break;
		bool is_weak = scan_peek(&r) == 'W' && rd_left(&r) >= 2 && r.p[r.off + 1] == '/';
		if (is_weak)
			rd_skip(&r, 2);
		size_t start = r.off;
		if (!scan_accept(&r, '"'))
			return -EINVAL;
		while (etagc(scan_peek(&r)))
			rd_skip(&r, 1);
		if (!scan_accept(&r, '"'))
			return -EINVAL;
		size_t tlen = r.off - start;
		/* ours is always strong; a weak tag matches it only weakly */
		if (tlen == elen && memcmp(r.p + start, etag, elen) == 0 && (weak || !is_weak))
			match = true;
		any = true;
		scan_ows(&r);
		if (scan_peek(&r) >= 0 && !scan_accept(&r, ','))
			return -EINVAL;
	}
	return any ? match : -EINVAL;
}

static bool date_of(const char *s, int64_t *t) { return s && http_date_parse(s, strlen(s), t) == 0; }

enum http_cond_verdict http_cond_evaluate(const struct http_cond_headers *h, bool get_or_head,
					  const struct http_validators *v)
{
	int64_t t;
	if (h->if_match) {
		if (http_etag_list_match(h->if_match, strlen(h->if_match), v->etag, false) != 1)
			return HTTP_COND_PRECONDITION_FAILED;
	} else if (date_of(h->if_unmodified_since, &t) && v->last_modified > t) {
		return HTTP_COND_PRECONDITION_FAILED;
	}
	if (h->if_none_match) {
		if (http_etag_list_match(h->if_none_match, strlen(h->if_none_match), v->etag, true) == 1)
			return get_or_head ? HTTP_COND_NOT_MODIFIED : HTTP_COND_PRECONDITION_FAILED;
	} else if (get_or_head && date_of(h->if_modified_since, &t) && v->last_modified <= t) {
		return HTTP_COND_NOT_MODIFIED;
	}
	return HTTP_COND_PROCEED;
}

bool http_cond_if_range(const char *if_range, const struct http_validators *v)
{
	if (!if_range)
		return true;
	size_t len = strlen(if_range);
	struct rd r = rd_init(if_range, len);
	scan_ows(&r);
	int c = scan_peek(&r);
	if (c == '"' || c == 'W') {
		/* exactly one strong tag; a weak one never allows a range */
		if (c == 'W')
			return false;
		size_t n = rd_left(&r);
		while (n && (r.p[r.off + n - 1] == ' ' || r.p[r.off + n - 1] == '\t'))
			n--;
		return n == strlen(v->etag) && memcmp(r.p + r.off, v->etag, n) == 0;
	}
	int64_t t;
	return http_date_parse(if_range, len, &t) == 0 && t == v->last_modified;
}
