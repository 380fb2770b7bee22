#include "http/http_listing.h"

#include <string.h>

#include "http/http_date.h"
#include "http/http_url.h"

void http_listing_begin(struct http_buf *b, const char *url_path)
{
	size_t n = strlen(url_path);
	http_buf_str(b, "<!DOCTYPE html>\n<html><head><meta charset=\"utf-8\"><title>Index of ");
	http_buf_html(b, url_path, n);
	http_buf_str(b, "</title></head>\n<body><h1>Index of ");
	http_buf_html(b, url_path, n);
	http_buf_str(b, "</h1>\n<table>\n<tr><th>Name</th><th>Last modified</th><th>Size</th></tr>\n");
	if (strcmp(url_path, "/") != 0)
		http_buf_str(b, "<tr><td><a href=\"../\">../</a></td><td></td><td>-</td></tr>\n");
}

void http_listing_entry(struct http_buf *b, const char *name, bool is_dir, uint64_t size, int64_t mtime)
{
	size_t n = strlen(name);
	char href[3 * 256 + 2];
	char date[HTTP_DATE_LEN + 1];
	if (http_url_escape(name, n, href, sizeof(href) - 1) < 0)
		return; /* longer than any file name can be */
	http_date_format(mtime, date);
	http_buf_str(b, "<tr><td><a href=\"");
	http_buf_str(b, href);
	http_buf_str(b, is_dir ? "/\">" : "\">");
	http_buf_html(b, name, n);
	http_buf_str(b, is_dir ? "/</a></td><td>" : "</a></td><td>");
	http_buf_str(b, date);
	if (is_dir)
		http_buf_str(b, "</td><td>-</td></tr>\n");
	else
		http_buf_printf(b, "</td><td>%llu</td></tr>\n", (unsigned long long)size);
}

void http_listing_end(struct http_buf *b) { http_buf_str(b, "</table>\n</body></html>\n"); }
