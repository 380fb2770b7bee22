/* Scanning helpers for the text of request headers and targets, on top of
 * the bounded reader (core/rd.h): header values are untrusted bytes like
 * any packet. Internal to src/http. */
#pragma once
#include <stdbool.h>
#include <stdint.h>

#include "core/rd.h"

/* The next byte without consuming it, or -1 at the end. */
static inline int scan_peek(const struct rd *r)
{
	return rd_left(r) ? r->p[r->off] : -1;
}

/* Consumes c if it is next. */
static inline bool scan_accept(struct rd *r, char c)
{
	if (scan_peek(r) != (unsigned char)c)
		return false;
	rd_skip(r, 1);
	return true;
}

/* Optional whitespace (RFC 9110 OWS: spaces and tabs). */
static inline void scan_ows(struct rd *r)
{
	while (scan_peek(r) == ' ' || scan_peek(r) == '\t')
		rd_skip(r, 1);
}

static inline bool scan_is_digit(int c) { return c >= '0' && c <= '9'; }

/* One or more decimal digits; a value past UINT64_MAX saturates there (a
 * position that large lies beyond any file, which is what it means).
 * False when no digit is next. */
static inline bool scan_u64(struct rd *r, uint64_t *v)
{
	if (!scan_is_digit(scan_peek(r)))
		return false;
	uint64_t n = 0;
	while (scan_is_digit(scan_peek(r))) {
		unsigned d = (unsigned)(rd_u8(r) - '0');
		n = n > (UINT64_MAX - d) / 10 ? UINT64_MAX : n * 10 + d;
	}
	*v = n;
	return true;
}

/* Exactly n decimal digits as a number. */
static inline bool scan_fixed(struct rd *r, unsigned n, int *v)
{
	int x = 0;
	for (unsigned i = 0; i < n; i++) {
		if (!scan_is_digit(scan_peek(r)))
			return false;
		x = x * 10 + (rd_u8(r) - '0');
	}
	*v = x;
	return true;
}

static inline int scan_lower(int c) { return c >= 'A' && c <= 'Z' ? c + 32 : c; }

/* Consumes word if it is next, ignoring ASCII case. */
static inline bool scan_word(struct rd *r, const char *word)
{
	size_t n = 0;
	while (word[n])
		n++;
	if (rd_left(r) < n)
		return false;
	for (size_t i = 0; i < n; i++)
		if (scan_lower(r->p[r->off + i]) != scan_lower((unsigned char)word[i]))
			return false;
	rd_skip(r, n);
	return true;
}
