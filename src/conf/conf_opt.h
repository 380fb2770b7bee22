/* What pxed knows about DHCP option codes: their names (the typed YAML
 * keys and the ISC dhcpd names), value types, which codes an operator may
 * not set and why, and the text <-> wire encoders shared by the YAML loader,
 * the printer and the dhcpd.conf importer. PURE: no I/O. */
#pragma once
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "conf/conf.h"
#include "core/wr.h"

#define CONF_OPT_MAX_LEN 1024 /* struct conf_option: 0..1024 bytes */

/* conf.h has no constant for the HTTP root; this is the layout
 * docs/pxed.conf.md describes. */
#ifndef CONF_DEFAULT_HTTP_ROOT
#define CONF_DEFAULT_HTTP_ROOT "/srv/pxed/http"
#endif

enum conf_opt_type {
	COT_HEX = 0,  /* opaque bytes */
	COT_IP,       /* exactly one IPv4 address */
	COT_IPLIST,   /* one or more IPv4 addresses */
	COT_TEXT,     /* NVT ASCII / UTF-8 string, no terminator */
	COT_U8,
	COT_U16,
	COT_U32,
	COT_S32,
	COT_FLAG,     /* one byte, 0 or 1 */
	COT_DOMAINS,  /* RFC 1035 encoded name list (option 119, RFC 3397) */
	COT_ROUTES,   /* RFC 3442 classless static routes (option 121) */
};

struct conf_opt_info {
	uint8_t code;
	enum conf_opt_type type;
	const char *key;  /* typed YAML key (e.g. "routers"), or NULL */
	const char *name; /* ISC dhcpd name (e.g. "domain-name-servers") */
};

const struct conf_opt_info *conf_opt_by_code(unsigned code);
const struct conf_opt_info *conf_opt_by_name(const char *dhcpd_name);
const struct conf_opt_info *conf_opt_by_key(const char *yaml_key);
/* The typed YAML keys in printing order, NULL-terminated. */
extern const char *const conf_opt_keys[];

/* NULL when an operator may set `code`, else the reason it is refused. */
const char *conf_opt_reserved(unsigned code);

/* "hex", "ip", "text", "u8", "u16", "u32", "s32", "bool", "domains", "routes". */
const char *conf_opt_type_name(enum conf_opt_type t);
int conf_opt_type_from_name(const char *s); /* -1 if unknown */

/* Option sets. add: -EEXIST when code is already present, -E2BIG over
 * CONF_OPT_MAX_LEN, -ENOMEM. */
int conf_optset_add(struct conf_optset *s, uint8_t code, const void *data, size_t len);
const struct conf_option *conf_optset_get(const struct conf_optset *s, uint8_t code);
int conf_optset_copy(struct conf_optset *dst, const struct conf_optset *src);
void conf_optset_free(struct conf_optset *s);

/* Encoders: append one value in wire form to w. Return 0, or -EINVAL with
 * *why set to a static phrase ("not an IPv4 address", ...); overflow of w is
 * left to the caller's wr_ok() check. */
int conf_enc_ip(struct wr *w, const char *s, const char **why);
int conf_enc_int(struct wr *w, enum conf_opt_type t, const char *s, const char **why);
int conf_enc_flag(struct wr *w, const char *s, const char **why);
int conf_enc_domain(struct wr *w, const char *name, const char **why);
int conf_enc_route(struct wr *w, const char *s, const char **why); /* "10.0.0.0/8 via 198.18.0.1" */
int conf_enc_hex(struct wr *w, const char *s, const char **why);   /* "01:02:0a" or "01020a" */

/* Hex helpers for client ids and raw options: parse into a buffer of
 * `cap` bytes; format as "01:02:0a" into out (3*len bytes + 1). */
int conf_parse_hex(const char *s, uint8_t *out, size_t cap, size_t *ret_len);
void conf_format_hex(const uint8_t *p, size_t len, char *out);

/* Decoders used by the printer. They return false when the bytes are not
 * in the canonical form the encoder produces, so the printer falls back to
 * hex and the text always loads back to the same bytes. */
bool conf_dec_int(enum conf_opt_type t, const uint8_t *p, size_t len, int64_t *ret);
/* Next name of a domain list starting at *off; out must hold 256 bytes. */
bool conf_dec_domain(const uint8_t *p, size_t len, size_t *off, char out[256]);
/* Next route at *off as "A.B.C.D/N via R.R.R.R"; out must hold 48 bytes. */
bool conf_dec_route(const uint8_t *p, size_t len, size_t *off, char out[48]);

/* True when p is valid UTF-8 without control characters: safe to print
 * as a YAML string and to carry as text. */
bool conf_text_ok(const void *p, size_t len);
/* Length of the well-formed UTF-8 sequence at p (1..4), 0 if malformed. */
size_t conf_utf8_seq(const uint8_t *p, size_t left);

/* Boot architecture names (dhcp_arch.c), with a safe answer for any int. */
int conf_arch_from_name(const char *name);
const char *conf_arch_name(int arch);

/* Log level names as the config file spells them (core/log_level.c). */
int conf_log_level_from_name(const char *s, enum log_level *ret);
const char *conf_log_level_name(enum log_level l);
