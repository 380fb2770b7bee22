/* Option values as dhcpd.conf writes them: the types of
 * `option NAME code N = TYPE;` definitions and of pxed's built-in options,
 * and the encoding of `option NAME VALUE, VALUE;` tokens to wire bytes.
 * PURE. */
#pragma once
#include <stdbool.h>
#include <stddef.h>

#include "conf/conf_opt.h"
#include "conf/dhcpd_lex.h"
#include "core/wr.h"

struct dhcpd_vtype {
	enum conf_opt_type t; /* element type */
	bool array;           /* "array of": a comma-separated list of t */
	bool string;          /* dhcpd "string": a quoted string or colon-separated hex */
	bool ok;              /* false: a type pxed cannot encode (records, ...) */
};

/* The type of a built-in option, as dhcpd.conf values are written for it. */
struct dhcpd_vtype dhcpd_vtype_builtin(const struct conf_opt_info *info);
/* The TYPE of a definition, tokens s->tok[i..]; .ok is false for types
 * pxed.conf cannot express (records, signed 8/16-bit integers, ...). */
struct dhcpd_vtype dhcpd_vtype_parse(const struct dstmt *s, size_t i);
/* Encodes the value tokens s->tok[first..] (elements separated by ',')
 * into w. NULL on success, else a static or per-thread reason. */
const char *dhcpd_value_encode(const struct dstmt *s, size_t first, const struct dhcpd_vtype *vt, struct wr *w);
/* "ntp.example.com": letters, digits, '-' and '.', at least one letter. */
bool dhcpd_looks_like_hostname(const char *s);
