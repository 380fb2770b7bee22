/* A growable text buffer for output built piece by piece (HTTP bodies,
 * rendered kickstarts, JSON, tables). Writes after an allocation failure
 * are dropped and remembered (nomem), so a builder checks once at the end.
 * The text is always NUL-terminated once anything was written. PURE
 * (memory only). */
#pragma once
#include <stdbool.h>
#include <stddef.h>

struct buf {
	char *p;
	size_t len, cap;
	bool nomem;
};

void buf_put(struct buf *b, const void *data, size_t len);
void buf_puts(struct buf *b, const char *s);
void buf_putc(struct buf *b, char c);
void buf_printf(struct buf *b, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
/* Hands the text over (never NULL unless out of memory: an empty buffer
 * gives ""), or returns -ENOMEM and frees it. */
int buf_take(struct buf *b, char **text, size_t *len);
/* Empties the buffer, keeping its memory. */
void buf_reset(struct buf *b);
void buf_free(struct buf *b);
