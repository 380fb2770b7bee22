/* Checked conversions for numbers and addresses that come from config files,
 * command lines or the wire. All return 0 on success or a negative errno and
 * write their out-parameter only on success. */
#pragma once
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* Decimal integer in [min,max]; rejects empty strings, signs where min>=0,
 * trailing garbage and overflow. */
int str_to_int64(const char *s, int64_t min, int64_t max, int64_t *ret);

/* Duration such as "3600", "90s", "15m", "12h", "7d", "infinite" (-> UINT32_MAX), in seconds. */
int str_to_duration(const char *s, uint32_t *ret);

/* Dotted-quad IPv4 address; result in host byte order. */
int str_to_ipv4(const char *s, uint32_t *ret);

/* "A.B.C.D/N" (N 0..32) or "A.B.C.D" with a separate mask; host byte order. */
int str_to_ipv4_prefix(const char *s, uint32_t *ret_addr, uint32_t *ret_mask);

/* Contiguous netmask check; returns prefix length or -EINVAL. */
int ipv4_mask_to_prefix(uint32_t mask);
uint32_t ipv4_prefix_to_mask(int prefix);

/* Value of one hex digit, or -1. */
int str_hex_digit(char c);

/* Ethernet MAC "52:54:00:12:34:56" or with '-' separators. */
int str_to_mac(const char *s, uint8_t ret[6]);

/* Formats; buffers must be at least the given sizes. */
#define IPV4_STRLEN 16
#define MAC_STRLEN 18
const char *ipv4_to_str(uint32_t host_order, char buf[IPV4_STRLEN]);
const char *mac_to_str(const uint8_t mac[6], char buf[MAC_STRLEN]);

/* Copies untrusted bytes into a printable, NUL-terminated string for logs:
 * anything outside 0x20..0x7e becomes \xHH. Always terminates; truncates. */
void str_escape(char *dst, size_t dstlen, const void *src, size_t srclen);

/* strlcpy-like copy that always terminates; returns -ENAMETOOLONG on truncation. */
int str_copy(char *dst, size_t dstlen, const char *src);
