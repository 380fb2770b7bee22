#include "provision/pv_buf.h"

#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

void pv_put(struct pv_buf *b, const char *s, size_t len)
{
	if (b->nomem)
		return;
	if (b->cap - b->len < len + 1) {
		size_t cap = b->cap ? b->cap : 1024;
		while (cap - b->len < len + 1) {
			if (cap > ((size_t)-1) / 2) {
				b->nomem = true;
				return;
			}
			cap *= 2;
		}
		char *np = realloc(b->p, cap);
		if (!np) {
			b->nomem = true;
			return;
		}
		b->p = np;
		b->cap = cap;
	}
	if (len)
		memcpy(b->p + b->len, s, len);
	b->len += len;
	b->p[b->len] = '\0';
}

void pv_puts(struct pv_buf *b, const char *s)
{
	pv_put(b, s, strlen(s));
}

void pv_putc(struct pv_buf *b, char c)
{
	pv_put(b, &c, 1);
}

void pv_printf(struct pv_buf *b, const char *fmt, ...)
{
	char small[256];
	va_list ap;
	va_start(ap, fmt);
	int n = vsnprintf(small, sizeof(small), fmt, ap);
	va_end(ap);
	if (n < 0) {
		b->nomem = true;
		return;
	}
	if ((size_t)n < sizeof(small)) {
		pv_put(b, small, (size_t)n);
		return;
	}
	char *big = malloc((size_t)n + 1);
	if (!big) {
		b->nomem = true;
		return;
	}
	va_start(ap, fmt);
	vsnprintf(big, (size_t)n + 1, fmt, ap);
	va_end(ap);
	pv_put(b, big, (size_t)n);
	free(big);
}

int pv_take(struct pv_buf *b, char **text, size_t *len)
{
	pv_put(b, "", 0);
	if (b->nomem) {
		pv_free(b);
		return -ENOMEM;
	}
	*text = b->p;
	if (len)
		*len = b->len;
	b->p = NULL;
	b->len = b->cap = 0;
	return 0;
}

void pv_free(struct pv_buf *b)
{
	free(b->p);
	b->p = NULL;
	b->len = b->cap = 0;
	b->nomem = false;
}
