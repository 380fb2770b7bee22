/* A growable byte buffer for response bodies. Appends after a failed
 * allocation are dropped and remembered (oom), so a builder checks once at
 * the end. PURE (memory only). */
#pragma once
#include <stdbool.h>
#include <stddef.h>

struct http_buf {
	char *p;
	size_t len, cap;
	bool oom;
};

void http_buf_add(struct http_buf *b, const void *data, size_t n);
void http_buf_str(struct http_buf *b, const char *s);
void http_buf_printf(struct http_buf *b, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
/* s with & < > " ' as character references; control bytes become U+FFFD. */
void http_buf_html(struct http_buf *b, const char *s, size_t n);
/* Empties the buffer, keeping its memory. */
void http_buf_reset(struct http_buf *b);
void http_buf_free(struct http_buf *b);
