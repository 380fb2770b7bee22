/* Bounded reader for untrusted bytes: the only way pxed reads wire data.
 * Every accessor checks the remaining length first; once a read fails the
 * reader is poisoned (err set) and every later read fails too, so a parser
 * may read a run of fields and check rd_ok() once at the end. */
#pragma once
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

struct rd {
	const uint8_t *p;
	size_t len;
	size_t off;
	bool err;
};

static inline struct rd rd_init(const void *p, size_t len)
{
	return (struct rd){ .p = p, .len = len, .off = 0, .err = false };
}

static inline size_t rd_left(const struct rd *r)
{
	return r->err ? 0 : r->len - r->off;
}

static inline bool rd_ok(const struct rd *r) { return !r->err; }

/* Returns a pointer to the next n bytes and advances, or NULL (and poisons). */
static inline const uint8_t *rd_bytes(struct rd *r, size_t n)
{
	if (r->err || n > r->len - r->off) {
		r->err = true;
		return NULL;
	}
	const uint8_t *q = r->p + r->off;
	r->off += n;
	return q;
}

static inline bool rd_skip(struct rd *r, size_t n) { return rd_bytes(r, n) != NULL; }

static inline uint8_t rd_u8(struct rd *r)
{
	const uint8_t *q = rd_bytes(r, 1);
	return q ? q[0] : 0;
}

static inline uint16_t rd_be16(struct rd *r)
{
	const uint8_t *q = rd_bytes(r, 2);
	return q ? (uint16_t)((q[0] << 8) | q[1]) : 0;
}

static inline uint32_t rd_be32(struct rd *r)
{
	const uint8_t *q = rd_bytes(r, 4);
	return q ? ((uint32_t)q[0] << 24) | ((uint32_t)q[1] << 16) | ((uint32_t)q[2] << 8) | q[3] : 0;
}

/* Copies n bytes into dst; dst is zeroed when the read fails. */
static inline bool rd_copy(struct rd *r, void *dst, size_t n)
{
	const uint8_t *q = rd_bytes(r, n);
	if (!q) {
		memset(dst, 0, n);
		return false;
	}
	memcpy(dst, q, n);
	return true;
}
