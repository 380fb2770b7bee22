#include "http/http_html.h"

void http_html(struct buf *b, const char *s, size_t n)
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
		buf_put(b, s + i - run, run);
		run = 0;
		buf_puts(b, ent);
	}
	buf_put(b, s + n - run, run);
}
