/* A growable text buffer for the provisioning modules' output (rendered
 * kickstarts, JSON, error reports). Writes after an allocation failure are
 * dropped and remembered, so a builder checks once at the end. The text is
 * always NUL-terminated once anything was written. */
#pragma once
#include <stdbool.h>
#include <stddef.h>

struct pv_buf {
	char *p;
	size_t len, cap;
	bool nomem;
};

void pv_put(struct pv_buf *b, const char *s, size_t len);
void pv_puts(struct pv_buf *b, const char *s);
void pv_putc(struct pv_buf *b, char c);
void pv_printf(struct pv_buf *b, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
/* Hands the text over (never NULL unless out of memory: an empty buffer
 * gives ""), or returns -ENOMEM and frees it. */
int pv_take(struct pv_buf *b, char **text, size_t *len);
void pv_free(struct pv_buf *b);
