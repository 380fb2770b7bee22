#include "http/http_buf.h"

#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static bool reserve(struct http_buf *b, size_t n)
{
	if (b->oom)
		return false;
	if (n <= b->cap - b->len)
		return true;
	size_t cap = b->cap ? b->cap : 256;
	while (cap - b->len < n) {
		if (cap > SIZE_MAX / 2) {
			b->oom = true;
			return false;
		}
		cap *= 2;
	}
	char *p = realloc(b->p, cap);
	if (!p) {
		b->oom = true;
		return false;
	}
	b->p = p;
	b->cap = cap;
	return true;
}

void http_buf_add(struct http_buf *b, const void *data, size_t n)
{
	if (n && reserve(b, n)) {
		memcpy(b->p + b->len, data, n);
		b->len += n;
	}
}

void http_buf_str(struct http_buf *b, const char *s) { http_buf_add(b, s, strlen(s)); }

void http_buf_printf(struct http_buf *b, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	char small[256];
	int n = vsnprintf(small, sizeof(small), fmt, ap);
	va_end(ap);
	if (n < 0) {
		b->oom = true;
		return;
	}
	if ((size_t)n < sizeof(small)) {
		http_buf_add(b, small, (size_t)n);
		return;
	}
	if (!reserve(b, (size_t)n + 1))
		return;
	va_start(ap, fmt);
	vsnprintf(b->p + b->len, (size_t)n + 1, fmt, ap);
	va_end(ap);
	b->len += (size_t)n;
}

void http_buf_html(struct http_buf *b, const char *s, size_t n)
{
	size_t run = 0; /* plain bytes not yet copied */
	for (size_t i = 0; i < n; i++) {
		unsigned char c = (unsigned char)s[i];
		const char *ent = c == '&' ? "&amp;" : c == '<' ? "&lt;" : c == '>' ? "&gt;" : c == '"' ? "&quot;" :
				  c == '\'' ? "&#39;" : c < 0x20 || c == 0x7f ? "&#xFFFD;" : NULL;
		if (!ent) {
			run++;
			continue;
		}
		http_buf_add(b, s + i - run, run);
		run = 0;
		http_buf_str(b, ent);
	}
	http_buf_add(b, s + n - run, run);
}

void http_buf_reset(struct http_buf *b)
{
	b->len = 0;
	b->oom = false;
}

void http_buf_free(struct http_buf *b)
{
	free(b->p);
	*b = (struct http_buf){ 0 };
}
