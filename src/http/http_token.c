#include "http/http_token.h"

#include <string.h>

#include "http/http_scan.h"

bool http_token_list_has(const char *list, const char *token)
{
	if (!list)
		return false;
	size_t tlen = strlen(token);
	struct rd r = rd_init(list, strlen(list));
	while (rd_left(&r)) {
		scan_ows(&r);
		size_t start = r.off;
		while (scan_peek(&r) >= 0 && scan_peek(&r) != ',')
			rd_skip(&r, 1);
		size_t end = r.off;
		while (end > start && (r.p[end - 1] == ' ' || r.p[end - 1] == '\t'))
			end--;
		if (end - start == tlen) {
			size_t i = 0;
			while (i < tlen && scan_lower(r.p[start + i]) == scan_lower((unsigned char)token[i]))
				i++;
			if (i == tlen)
				return true;
		}
		scan_accept(&r, ',');
	}
	return false;
}
