/* Request targets (RFC 9112 §3.2): the path turned into a name inside the
 * served trees, and the query. PURE.
 *
 * pxed decodes percent escapes itself (libmicrohttpd is told not to), so
 * every trick is seen after decoding, as the file system would see it:
 *  - a bad escape ("%zz", "%4"), a NUL ("%00") or another control byte
 *    -> -EINVAL (400);
 *  - a ".." component, however spelt ("..", "%2e%2e", "%2f.." after a
 *    decoded '/', "..\\") -> -EACCES (403);
 *  - a component over 255 bytes or a path over HTTP_PATH_MAX -> -ENAMETOOLONG (414).
 * As over TFTP (tftp_io/tftp_path.h), '\' is a separator and "." components
 * are dropped; runs of '/' count as one (clients joining a base URL ending
 * in '/' with a path starting with '/' are common). */
#pragma once
#include <stdbool.h>
#include <stddef.h>

#define HTTP_PATH_MAX 4096
#define HTTP_COMP_MAX 255

/* Splits a request target into its path and query (without '?'). An
 * absolute-form target ("http://host:port/path") is reduced to its path;
 * -EINVAL for anything that has no path starting with '/'. */
int http_target_split(const char *target, size_t len, const char **path, size_t *path_len, const char **query,
		      size_t *query_len);

/* The path (still escaped) -> a normalised name relative to the top, "" for
 * the top itself; *dir tells whether it ended with a separator (a directory
 * URL). out: outlen >= 1 bytes, written only on success. */
int http_path_normalize(const char *path, size_t len, char *out, size_t outlen, bool *dir);

/* The decoded value of the first parameter called name in a query
 * ("a=1&b=x+y%21"); '+' is a space. Returns its length, -ENOENT when absent,
 * -EINVAL for bad escapes or a decoded control byte, -ENAMETOOLONG when it
 * does not fit out (outlen bytes with the NUL). A name without '=' has the
 * value "". */
int http_query_get(const char *query, size_t len, const char *name, char *out, size_t outlen);

/* Percent-encodes a path component for use in a URL (everything but
 * unreserved characters). Returns the length, or -ENOSPC. */
int http_url_escape(const char *s, size_t len, char *out, size_t outlen);
