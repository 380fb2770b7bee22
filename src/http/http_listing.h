/* The HTML index of a directory. PURE: entries come from the caller (a
 * tree's listing, already in name order) and the page goes into a buffer.
 * Names are escaped twice over: percent-encoded in links, as character
 * references in text, so no name can break out of either. Links to
 * directories end with '/', so following one never costs a redirect. */
#pragma once
#include <stdbool.h>
#include <stdint.h>

#include "http/http_html.h"

/* url_path: the decoded path of the directory as the client sees it,
 * starting and ending with '/'. A link to the parent is included below
 * the top ("/"). */
void http_listing_begin(struct buf *b, const char *url_path);
void http_listing_entry(struct buf *b, const char *name, bool is_dir, uint64_t size, int64_t mtime);
void http_listing_end(struct buf *b);
