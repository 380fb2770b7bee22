#include "http/http_listing.h"

#include <string.h>

#include "http/http_date.h"
#include "http/http_url.h"

void http_listing_begin(struct buf *b, const char *url_path)
{
	size_t n = strlen(url_path);
	buf_puts(b, "<!DOCTYPE html>\n<html><head><meta charset=\"utf-8\"><title>Index of ");
	http_html(b, url_path, n);
	buf_puts(b, "</title></head>\n<body><h1>Index of ");
	http_html(b, url_path, n);
	buf_puts(b, "</h1>\n<table>\n<tr><th>Name</th><th>Last modified</th><th>Size</th></tr>\n");
	if (strcmp(url_path, "/") != 0)
		buf_puts(b, "<tr><td><a href=\"../\">../</a></td><td></td><td>-</td></tr>\n");
}

void http_listing_entry(struct buf *b, const char *name, bool is_dir, uint64_t size, int64_t mtime)
{
	size_t n = strlen(name);
	char href[3 * 256 + 2];
	char date[HTTP_DATE_LEN + 1];
	if (http_url_escape(name, n, href, sizeof(href) - 1) < 0)
		return; /* longer than any file name can be */
	http_date_format(mtime, date);
	buf_puts(b, "<tr><td><a href=\"");
	buf_puts(b, href);
	buf_puts(b, is_dir ? "/\">" : "\">");
	http_html(b, name, n);
	buf_puts(b, is_dir ? "/</a></td><td>" : "</a></td><td>");
	buf_puts(b, date);
	if (is_dir)
		buf_puts(b, "</td><td>-</td></tr>\n");
	else
		buf_printf(b, "</td><td>%llu</td></tr>\n", (unsigned long long)size);
}

void http_listing_end(struct buf *b) { buf_puts(b, "</table>\n</body></html>\n"); }
