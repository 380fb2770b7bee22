/* Comma-separated token lists in header values (RFC 9110 §5.6.1), as in
 * Connection: keep-alive, Upgrade. PURE. */
#pragma once
#include <stdbool.h>

/* Whether list (NULL = absent) holds token, ignoring ASCII case and the
 * whitespace around elements. */
bool http_token_list_has(const char *list, const char *token);
