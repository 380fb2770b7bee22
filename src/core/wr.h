/* Bounded writer with a fixed capacity: writes past the end set `overflow`
 * and are dropped, so a builder checks once (wr_ok) instead of per field. */
#pragma once
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

struct wr {
	uint8_t *p;
	size_t cap;
	size_t len;
	bool overflow;
};

static inline struct wr wr_init(void *p, size_t cap)
{
	return (struct wr){ .p = p, .cap = cap, .len = 0, .overflow = false };
}

static inline bool wr_ok(const struct wr *w) { return !w->overflow; }
static inline size_t wr_room(const struct wr *w) { return w->overflow ? 0 : w->cap - w->len; }

static inline bool wr_bytes(struct wr *w, const void *src, size_t n)
{
	if (w->overflow || n > w->cap - w->len) {
		w->overflow = true;
		return false;
	}
	if (n)
		memcpy(w->p + w->len, src, n);
	w->len += n;
	return true;
}

static inline bool wr_zero(struct wr *w, size_t n)
{
	if (w->overflow || n > w->cap - w->len) {
		w->overflow = true;
		return false;
	}
	memset(w->p + w->len, 0, n);
	w->len += n;
	return true;
}

static inline bool wr_u8(struct wr *w, uint8_t v) { return wr_bytes(w, &v, 1); }

static inline bool wr_be16(struct wr *w, uint16_t v)
{
	uint8_t b[2] = { (uint8_t)(v >> 8), (uint8_t)v };
	return wr_bytes(w, b, 2);
}

static inline bool wr_be32(struct wr *w, uint32_t v)
{
	uint8_t b[4] = { (uint8_t)(v >> 24), (uint8_t)(v >> 16), (uint8_t)(v >> 8), (uint8_t)v };
	return wr_bytes(w, b, 4);
}
