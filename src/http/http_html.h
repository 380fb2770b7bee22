/* Text into HTML. PURE. */
#pragma once
#include <stddef.h>

#include "core/buf.h"

/* Appends s with & < > " ' as character references; control bytes
 * become U+FFFD. */
void http_html(struct buf *b, const char *s, size_t n);
