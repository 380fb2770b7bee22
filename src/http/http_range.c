#include "http/http_range.h"

#include <errno.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>

#include "http/http_scan.h"

/* One range-spec as written: int-range "a-b" / "a-", or suffix "-n". */
struct spec {
	bool suffix;
	uint64_t a, b;
	bool has_b;
};

/* Parses the range-set after "bytes=". False on a syntax error. Empty list
 * elements are allowed, as RFC 9110 §5.6.1 asks of list recipients. */
static bool parse_set(struct rd *r, struct spec *specs, size_t *n)
{
	size_t k = 0;
	for (;;) {
		scan_ows(r);
		if (scan_accept(r, ','))
			continue;
		if (scan_peek(r) < 0)
			break;
		struct spec s = { 0 };
		if (scan_accept(r, '-')) {
			s.suffix = true;
			if (!scan_u64(r, &s.a))
				return false;
		} else {
			if (!scan_u64(r, &s.a) || !scan_accept(r, '-'))
				return false;
			s.has_b = scan_u64(r, &s.b);
			if (s.has_b && s.b < s.a)
				return false; /* RFC 9110 §14.1.1: syntactically invalid */
		}
		if (k == HTTP_RANGES_MAX)
			return false;
		specs[k++] = s;
		scan_ows(r);
		if (scan_peek(r) < 0)
			break;
		if (!scan_accept(r, ','))
			return false;
	}
	*n = k;
	return k > 0;
}

static int cmp_range(const void *x, const void *y)
{
	const struct http_range *a = x, *b = y;
	return a->first < b->first ? -1 : a->first > b->first;
}

void http_range_parse(const char *value, size_t len, uint64_t size, struct http_ranges *out)
{
	struct spec specs[HTTP_RANGES_MAX];
	size_t n = 0;
	out->kind = HTTP_RANGE_NONE;
	out->n = 0;
	struct rd r = rd_init(value, len);
	scan_ows(&r);
	if (!scan_word(&r, "bytes") || !scan_accept(&r, '=') || !parse_set(&r, specs, &n))
		return;

	/* the satisfiable part of each spec; the rest are dropped */
	uint64_t asked = 0;
	size_t k = 0;
	for (size_t i = 0; i < n; i++) {
		struct http_range x;
		if (specs[i].suffix) {
			if (specs[i].a == 0 || size == 0)
				continue;
			x.first = specs[i].a >= size ? 0 : size - specs[i].a;
			x.last = size - 1;
		} else {
			if (specs[i].a >= size)
				continue;
			x.first = specs[i].a;
			x.last = specs[i].has_b && specs[i].b < size ? specs[i].b : size - 1;
		}
		uint64_t l = x.last - x.first + 1;
		asked = asked > UINT64_MAX - l ? UINT64_MAX : asked + l;
		out->r[k++] = x;
	}
	if (k == 0) {
		out->kind = HTTP_RANGE_UNSATISFIABLE;
		return;
	}
	if (size <= UINT64_MAX / HTTP_RANGES_OVERLAP_FACTOR && asked > size * HTTP_RANGES_OVERLAP_FACTOR)
		return; /* served whole: see the header */

	qsort(out->r, k, sizeof(out->r[0]), cmp_range);
	size_t m = 0;
	for (size_t i = 1; i < k; i++) {
		struct http_range *cur = &out->r[m];
		/* overlapping or adjacent: one part */
		if (out->r[i].first <= cur->last || out->r[i].first - cur->last == 1) {
			if (out->r[i].last > cur->last)
				cur->last = out->r[i].last;
		} else {
			out->r[++m] = out->r[i];
		}
	}
	out->n = m + 1;
	out->kind = out->n == 1 ? HTTP_RANGE_SINGLE : HTTP_RANGE_MULTI;
}

int http_content_range(char *buf, size_t cap, const struct http_range *r, uint64_t size)
{
	int n = r ? snprintf(buf, cap, "bytes %llu-%llu/%llu", (unsigned long long)r->first,
			     (unsigned long long)r->last, (unsigned long long)size)
		  : snprintf(buf, cap, "bytes */%llu", (unsigned long long)size);
	return n < 0 || (size_t)n >= cap ? -ENOSPC : n;
}

size_t http_multipart_head(char *buf, size_t cap, const char *boundary, const char *ctype,
			   const struct http_range *r, uint64_t size)
{
	int n = snprintf(buf, cap, "\r\n--%s\r\nContent-Type: %s\r\nContent-Range: bytes %llu-%llu/%llu\r\n\r\n",
			 boundary, ctype, (unsigned long long)r->first, (unsigned long long)r->last,
			 (unsigned long long)size);
	return n < 0 ? 0 : (size_t)n;
}

size_t http_multipart_tail(char *buf, size_t cap, const char *boundary)
{
	int n = snprintf(buf, cap, "\r\n--%s--\r\n", boundary);
	return n < 0 ? 0 : (size_t)n;
}

uint64_t http_multipart_length(const struct http_ranges *rs, const char *boundary, const char *ctype,
			       uint64_t size)
{
	uint64_t total = http_multipart_tail(NULL, 0, boundary);
	for (size_t i = 0; i < rs->n; i++) {
		uint64_t head = http_multipart_head(NULL, 0, boundary, ctype, &rs->r[i], size);
		uint64_t data = rs->r[i].last - rs->r[i].first, room = UINT64_MAX - total;
		/* saturates: only a size near 2^64 gets there, which no file has */
		if (data >= room || head >= room - data)
			return UINT64_MAX;
		total += head + data + 1;
	}
	return total;
}
