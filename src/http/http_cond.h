/* Conditional requests (RFC 9110 §13): validators of a file and the verdict
 * of the If-* headers against them. PURE.
 *
 * The ETag is strong and changes whenever the file's identity, size or
 * modification time (to the nanosecond) does; Last-Modified is the
 * modification time in whole seconds. Evaluation follows §13.2.2:
 *   1. If-Match (strong comparison) false          -> 412
 *   2. else If-Unmodified-Since older than the file -> 412
 *   3. If-None-Match (weak comparison) true         -> 304 for GET/HEAD, 412 otherwise
 *   4. else If-Modified-Since not older (GET/HEAD)  -> 304
 * and If-Range decides whether a Range header applies at all.
 * A date that does not parse is ignored, as the RFC asks; an If-Match whose
 * list does not parse matches nothing (the safe reading for a precondition),
 * an If-None-Match that does not parse matches nothing either (the file is
 * sent). */
#pragma once
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#define HTTP_ETAG_MAX 64 /* with quotes and NUL */

struct http_validators {
	char etag[HTTP_ETAG_MAX];
	int64_t last_modified; /* unix seconds */
};

void http_validators_make(uint64_t id, uint64_t size, int64_t mtime_sec, long mtime_nsec,
			  struct http_validators *v);

/* NUL-terminated header values, or NULL when the header is absent. */
struct http_cond_headers {
	const char *if_match;
	const char *if_none_match;
	const char *if_modified_since;
	const char *if_unmodified_since;
};

enum http_cond_verdict {
	HTTP_COND_PROCEED,
	HTTP_COND_NOT_MODIFIED,       /* 304 */
	HTTP_COND_PRECONDITION_FAILED /* 412 */
};

enum http_cond_verdict http_cond_evaluate(const struct http_cond_headers *h, bool get_or_head,
					  const struct http_validators *v);

/* If-Range: true when the range may be served (the header is absent, or its
 * entity tag equals the strong ETag, or its date equals Last-Modified). */
bool http_cond_if_range(const char *if_range, const struct http_validators *v);

/* Whether an entity-tag list ("*", or 1#entity-tag) matches etag; weak
 * selects the weak comparison. -EINVAL when the list does not parse. */
int http_etag_list_match(const char *list, size_t len, const char *etag, bool weak);
