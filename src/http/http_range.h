/* Range requests (RFC 9110 §14): the Range header judged against the size of
 * the file it asks for, and the framing of a multipart/byteranges body. PURE.
 *
 * What a Range header turns into:
 *  - HTTP_RANGE_NONE: serve the whole file (200). Also the verdict for a
 *    header that is malformed, names a unit other than bytes, lists more
 *    than HTTP_RANGES_MAX ranges, or asks for more than
 *    HTTP_RANGES_OVERLAP_FACTOR times the file (overlapping ranges are an
 *    amplification attack): RFC 9110 lets a server ignore all of these.
 *  - HTTP_RANGE_SINGLE: one range, 206 with Content-Range.
 *  - HTTP_RANGE_MULTI: several, 206 multipart/byteranges. Ranges are sorted
 *    and those that overlap or touch are merged first, so a response is
 *    never longer than the file plus the part headers.
 *  - HTTP_RANGE_UNSATISFIABLE: no range lies inside the file: 416 with
 *    Content-Range "bytes *\/size". */
#pragma once
#include <stddef.h>
#include <stdint.h>

#define HTTP_RANGES_MAX 32
#define HTTP_RANGES_OVERLAP_FACTOR 4

enum http_range_kind {
	HTTP_RANGE_NONE,
	HTTP_RANGE_SINGLE,
	HTTP_RANGE_MULTI,
	HTTP_RANGE_UNSATISFIABLE,
};

struct http_range {
	uint64_t first, last; /* inclusive, last < size */
};

struct http_ranges {
	enum http_range_kind kind;
	size_t n;             /* ranges in r (SINGLE: 1, MULTI: 2..) */
	struct http_range r[HTTP_RANGES_MAX];
};

/* value/len: the Range header's value (not NUL-terminated necessarily). */
void http_range_parse(const char *value, size_t len, uint64_t size, struct http_ranges *out);

/* Content-Range values: "bytes first-last/size", and "bytes *\/size" when
 * r is NULL. Return the length written, or -ENOSPC. */
int http_content_range(char *buf, size_t cap, const struct http_range *r, uint64_t size);

/* A multipart/byteranges body is head(0) data(0) head(1) data(1) ... tail.
 * Each function writes into buf (when cap allows) and returns the length
 * the piece has, so a caller may size first with cap 0. boundary: up to 70
 * characters of bchars (RFC 2046), ctype: the file's media type. */
size_t http_multipart_head(char *buf, size_t cap, const char *boundary, const char *ctype,
			   const struct http_range *r, uint64_t size);
size_t http_multipart_tail(char *buf, size_t cap, const char *boundary);
/* The body's whole length (UINT64_MAX when it would not fit). */
uint64_t http_multipart_length(const struct http_ranges *rs, const char *boundary, const char *ctype,
			       uint64_t size);
