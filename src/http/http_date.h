/* HTTP dates (RFC 9110 §5.6.7). PURE: no clock, no time zone, no locale.
 *
 * Written as IMF-fixdate ("Sun, 06 Nov 1994 08:49:37 GMT"). Read in all
 * three forms a recipient must accept: IMF-fixdate, the obsolete RFC 850
 * form ("Sunday, 06-Nov-94 08:49:37 GMT"; a two-digit year is read as
 * 1970-2069, since a pure function cannot know "now") and asctime
 * ("Sun Nov  6 08:49:37 1994"). Day and month names are matched without
 * regard to case; the weekday is not checked against the date. */
#pragma once
#include <stddef.h>
#include <stdint.h>

#define HTTP_DATE_LEN 29

/* t: unix seconds; clamped to years 1970..9999. out: HTTP_DATE_LEN + 1 bytes. */
void http_date_format(int64_t t, char out[HTTP_DATE_LEN + 1]);

/* 0 with *t set, or -EINVAL. Surrounding spaces are allowed. */
int http_date_parse(const char *s, size_t len, int64_t *t);
