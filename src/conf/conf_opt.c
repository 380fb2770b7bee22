#include "conf/conf_opt.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/rd.h"
#include "core/str.h"

/* Types follow RFC 2132 and the ISC dhcpd option table, so that a value
 * written as dhcpd wrote it encodes to the same bytes dhcpd would send. */
static const struct conf_opt_info opts[] = {
	{ 1, COT_IP, NULL, "subnet-mask" },
	{ 2, COT_S32, NULL, "time-offset" },
	{ 3, COT_IPLIST, "routers", "routers" },
	{ 4, COT_IPLIST, NULL, "time-servers" },
	{ 5, COT_IPLIST, NULL, "ien116-name-servers" },
	{ 6, COT_IPLIST, "dns_servers", "domain-name-servers" },
	{ 7, COT_IPLIST, NULL, "log-servers" },
	{ 8, COT_IPLIST, NULL, "cookie-servers" },
	{ 9, COT_IPLIST, NULL, "lpr-servers" },
	{ 10, COT_IPLIST, NULL, "impress-servers" },
	{ 11, COT_IPLIST, NULL, "resource-location-servers" },
	{ 12, COT_TEXT, NULL, "host-name" },
	{ 13, COT_U16, NULL, "boot-size" },
	{ 14, COT_TEXT, NULL, "merit-dump" },
	{ 15, COT_TEXT, "domain_name", "domain-name" },
	{ 16, COT_IP, NULL, "swap-server" },
	{ 17, COT_TEXT, NULL, "root-path" },
	{ 18, COT_TEXT, NULL, "extensions-path" },
	{ 19, COT_FLAG, NULL, "ip-forwarding" },
	{ 20, COT_FLAG, NULL, "non-local-source-routing" },
	{ 22, COT_U16, NULL, "max-dgram-reassembly" },
	{ 23, COT_U8, NULL, "default-ip-ttl" },
	{ 24, COT_U32, NULL, "path-mtu-aging-timeout" },
	{ 26, COT_U16, NULL, "interface-mtu" },
	{ 27, COT_FLAG, NULL, "all-subnets-local" },
	{ 28, COT_IP, "broadcast_address", "broadcast-address" },
	{ 29, COT_FLAG, NULL, "perform-mask-discovery" },
	{ 30, COT_FLAG, NULL, "mask-supplier" },
	{ 31, COT_FLAG, NULL, "router-discovery" },
	{ 32, COT_IP, NULL, "router-solicitation-address" },
	{ 34, COT_FLAG, NULL, "trailer-encapsulation" },
	{ 35, COT_U32, NULL, "arp-cache-timeout" },
	{ 36, COT_FLAG, NULL, "ieee802-3-encapsulation" },
	{ 37, COT_U8, NULL, "default-tcp-ttl" },
	{ 38, COT_U32, NULL, "tcp-keepalive-interval" },
	{ 39, COT_FLAG, NULL, "tcp-keepalive-garbage" },
	{ 40, COT_TEXT, NULL, "nis-domain" },
	{ 41, COT_IPLIST, NULL, "nis-servers" },
	{ 42, COT_IPLIST, "ntp_servers", "ntp-servers" },
	{ 43, COT_HEX, NULL, "vendor-encapsulated-options" },
	{ 44, COT_IPLIST, NULL, "netbios-name-servers" },
	{ 45, COT_IPLIST, NULL, "netbios-dd-server" },
	{ 46, COT_U8, NULL, "netbios-node-type" },
	{ 47, COT_TEXT, NULL, "netbios-scope" },
	{ 48, COT_IPLIST, NULL, "font-servers" },
	{ 49, COT_IPLIST, NULL, "x-display-manager" },
	{ 50, COT_IP, NULL, "dhcp-requested-address" },
	{ 51, COT_U32, NULL, "dhcp-lease-time" },
	{ 52, COT_U8, NULL, "dhcp-option-overload" },
	{ 53, COT_U8, NULL, "dhcp-message-type" },
	{ 54, COT_IP, NULL, "dhcp-server-identifier" },
	{ 55, COT_HEX, NULL, "dhcp-parameter-request-list" },
	{ 56, COT_TEXT, NULL, "dhcp-message" },
	{ 57, COT_U16, NULL, "dhcp-max-message-size" },
	{ 58, COT_U32, NULL, "dhcp-renewal-time" },
	{ 59, COT_U32, NULL, "dhcp-rebinding-time" },
	{ 60, COT_TEXT, NULL, "vendor-class-identifier" },
	{ 61, COT_HEX, NULL, "dhcp-client-identifier" },
	{ 62, COT_TEXT, NULL, "nwip-domain" },
	{ 64, COT_TEXT, NULL, "nisplus-domain" },
	{ 65, COT_IPLIST, NULL, "nisplus-servers" },
	{ 66, COT_TEXT, NULL, "tftp-server-name" },
	{ 67, COT_TEXT, NULL, "bootfile-name" },
	{ 68, COT_IPLIST, NULL, "mobile-ip-home-agent" },
	{ 69, COT_IPLIST, NULL, "smtp-server" },
	{ 70, COT_IPLIST, NULL, "pop-server" },
	{ 71, COT_IPLIST, NULL, "nntp-server" },
	{ 72, COT_IPLIST, NULL, "www-server" },
	{ 73, COT_IPLIST, NULL, "finger-server" },
	{ 74, COT_IPLIST, NULL, "irc-server" },
	{ 75, COT_IPLIST, NULL, "streettalk-server" },
	{ 76, COT_IPLIST, NULL, "streettalk-directory-assistance-server" },
	{ 77, COT_TEXT, NULL, "user-class" },
	{ 82, COT_HEX, NULL, "relay-agent-information" },
	{ 85, COT_IPLIST, NULL, "nds-servers" },
	{ 86, COT_TEXT, NULL, "nds-tree-name" },
	{ 87, COT_TEXT, NULL, "nds-context" },
	{ 93, COT_U16, NULL, "pxe-system-type" },
	{ 98, COT_TEXT, NULL, "uap-servers" },
	{ 100, COT_TEXT, NULL, "pcode" },
	{ 101, COT_TEXT, NULL, "tcode" },
	{ 112, COT_IPLIST, NULL, "netinfo-server-address" },
	{ 113, COT_TEXT, NULL, "netinfo-server-tag" },
	{ 114, COT_TEXT, NULL, "default-url" },
	{ 118, COT_IP, NULL, "subnet-selection" },
	{ 119, COT_DOMAINS, "domain_search", "domain-search" },
	{ 121, COT_ROUTES, "classless_routes", "rfc3442-classless-static-routes" },
	{ 138, COT_IPLIST, NULL, "capwap-ac-v4" },
	{ 150, COT_IPLIST, NULL, "tftp-server-address" },
	{ 160, COT_TEXT, NULL, "v4-captive-portal" },
	{ 208, COT_HEX, NULL, "pxelinux-magic" },
	{ 209, COT_TEXT, NULL, "pxelinux-configfile" },
	{ 210, COT_TEXT, NULL, "pxelinux-pathprefix" },
	{ 211, COT_U32, NULL, "pxelinux-reboottime" },
	{ 252, COT_TEXT, NULL, "wpad-url" },
};

const char *const conf_opt_keys[] = {
	"routers", "dns_servers", "domain_name", "domain_search", "broadcast_address",
	"ntp_servers", "classless_routes", NULL,
};

const struct conf_opt_info *conf_opt_by_code(unsigned code)
{
	for (size_t i = 0; i < sizeof(opts) / sizeof(opts[0]); i++)
		if (opts[i].code == code)
			return &opts[i];
	return NULL;
}

const struct conf_opt_info *conf_opt_by_name(const char *name)
{
	for (size_t i = 0; i < sizeof(opts) / sizeof(opts[0]); i++)
		if (strcmp(opts[i].name, name) == 0)
			return &opts[i];
	return NULL;
}

const struct conf_opt_info *conf_opt_by_key(const char *key)
{
	for (size_t i = 0; i < sizeof(opts) / sizeof(opts[0]); i++)
		if (opts[i].key && strcmp(opts[i].key, key) == 0)
			return &opts[i];
	return NULL;
}

const char *conf_opt_reserved(unsigned code)
{
	switch (code) {
	case 0: return "0 is the pad byte, not an option";
	case 255: return "255 is the end marker, not an option";
	case 1: return "the subnet mask is always the subnet's netmask";
	case 12: return NULL;
	case 50: return "the requested address is sent by clients only";
	case 51: return "the lease time comes from lease_time/max_lease_time";
	case 52: return "option overload is decided by the message encoder";
	case 53: return "the message type is set by the server for each reply";
	case 54: return "the server identifier is the address of the receiving interface";
	case 55: return "the parameter request list is sent by clients only";
	case 56: return "the message text is set by the server in NAKs";
	case 57: return "the maximum message size is sent by clients only";
	case 58: return "the renewal time (T1) is computed from the lease time";
	case 59: return "the rebinding time (T2) is computed from the lease time";
	case 61: return "the client identifier is sent by clients (use client_id on a host)";
	case 67: return "the boot file name comes from boot_files";
	case 82: return "relay agent information is added by relays";
	default: return NULL;
	}
}

static const char *const type_names[] = {
	[COT_HEX] = "hex", [COT_IP] = "ip", [COT_IPLIST] = "ip", [COT_TEXT] = "text",
	[COT_U8] = "u8", [COT_U16] = "u16", [COT_U32] = "u32", [COT_S32] = "s32",
	[COT_FLAG] = "bool", [COT_DOMAINS] = "domains", [COT_ROUTES] = "routes",
};

const char *conf_opt_type_name(enum conf_opt_type t)
{
	return (unsigned)t < sizeof(type_names) / sizeof(type_names[0]) ? type_names[t] : "?";
}

int conf_opt_type_from_name(const char *s)
{
	for (size_t i = 0; i < sizeof(type_names) / sizeof(type_names[0]); i++)
		/* skipping COT_IP: {ip: X} and {ip: [X, Y]} are both lists */
		if (i != COT_IP && strcmp(type_names[i], s) == 0)
			return (int)i;
	return -1;
}

int conf_optset_add(struct conf_optset *s, uint8_t code, const void *data, size_t len)
{
	if (conf_optset_get(s, code))
		return -EEXIST;
	if (len > CONF_OPT_MAX_LEN)
		return -E2BIG;
	struct conf_option *v = realloc(s->v, (s->n + 1) * sizeof(*v));
	if (!v)
		return -ENOMEM;
	s->v = v;
	uint8_t *copy = malloc(len ? len : 1);
	if (!copy)
		return -ENOMEM;
	if (len)
		memcpy(copy, data, len);
	v[s->n++] = (struct conf_option){ .code = code, .len = (uint16_t)len, .data = copy };
	return 0;
}

const struct conf_option *conf_optset_get(const struct conf_optset *s, uint8_t code)
{
	for (size_t i = 0; i < s->n; i++)
		if (s->v[i].code == code)
			return &s->v[i];
	return NULL;
}

int conf_optset_copy(struct conf_optset *dst, const struct conf_optset *src)
{
	for (size_t i = 0; i < src->n; i++) {
		int r = conf_optset_add(dst, src->v[i].code, src->v[i].data, src->v[i].len);
		if (r < 0 && r != -EEXIST)
			return r;
	}
	return 0;
}

void conf_optset_free(struct conf_optset *s)
{
	for (size_t i = 0; i < s->n; i++)
		free(s->v[i].data);
	free(s->v);
	s->v = NULL;
	s->n = 0;
}

int conf_enc_ip(struct wr *w, const char *s, const char **why)
{
	uint32_t a;
	if (str_to_ipv4(s, &a) < 0) {
		*why = "not an IPv4 address";
		return -EINVAL;
	}
	wr_be32(w, a);
	return 0;
}

int conf_enc_int(struct wr *w, enum conf_opt_type t, const char *s, const char **why)
{
	int64_t min = 0, max;
	switch (t) {
	case COT_U8: max = UINT8_MAX; break;
	case COT_U16: max = UINT16_MAX; break;
	case COT_U32: max = UINT32_MAX; break;
	case COT_S32: min = INT32_MIN; max = INT32_MAX; break;
	default:
		*why = "not an integer type";
		return -EINVAL;
	}
	int64_t v;
	int r = str_to_int64(s, min, max, &v);
	if (r < 0) {
		*why = r == -ERANGE ? "integer out of range for its type" : "not an integer";
		return -EINVAL;
	}
	switch (t) {
	case COT_U8: wr_u8(w, (uint8_t)v); break;
	case COT_U16: wr_be16(w, (uint16_t)v); break;
	default: wr_be32(w, (uint32_t)v); break;
	}
	return 0;
}

int conf_enc_flag(struct wr *w, const char *s, const char **why)
{
	if (strcmp(s, "true") == 0 || strcmp(s, "on") == 0 || strcmp(s, "1") == 0) {
		wr_u8(w, 1);
		return 0;
	}
	if (strcmp(s, "false") == 0 || strcmp(s, "off") == 0 || strcmp(s, "0") == 0) {
		wr_u8(w, 0);
		return 0;
	}
	*why = "expected true or false";
	return -EINVAL;
}

/* RFC 1035 wire form without compression: compression saves little in a
 * search list of a few names and makes the printer's job ambiguous. */
int conf_enc_domain(struct wr *w, const char *name, const char **why)
{
	size_t n = strlen(name);
	if (n > 0 && name[n - 1] == '.')
		n--;
	if (n == 0) {
		*why = "empty domain name";
		return -EINVAL;
	}
	if (n > 253) {
		*why = "domain name longer than 253 characters";
		return -EINVAL;
	}
	size_t start = 0;
	while (start <= n) {
		size_t end = start;
		while (end < n && name[end] != '.')
			end++;
		size_t l = end - start;
		if (l == 0) {
			*why = "empty label in domain name";
			return -EINVAL;
		}
		if (l > 63) {
			*why = "domain name label longer than 63 characters";
			return -EINVAL;
		}
		for (size_t i = start; i < end; i++) {
			unsigned char c = (unsigned char)name[i];
			if (c <= ' ' || c >= 0x7f) {
				*why = "invalid character in domain name";
				return -EINVAL;
			}
		}
		wr_u8(w, (uint8_t)l);
		wr_bytes(w, name + start, l);
		start = end + 1;
	}
	wr_u8(w, 0);
	return 0;
}

int conf_enc_route(struct wr *w, const char *s, const char **why)
{
	/* "DEST/N via ROUTER", spaces between the three words */
	char buf[80];
	if (str_copy(buf, sizeof(buf), s) < 0) {
		*why = "expected \"A.B.C.D/N via R.R.R.R\"";
		return -EINVAL;
	}
	char *words[4];
	int nw = 0;
	for (char *p = buf; *p && nw < 4;) {
		while (*p == ' ' || *p == '\t')
			*p++ = 0;
		if (!*p)
			break;
		words[nw++] = p;
		while (*p && *p != ' ' && *p != '\t')
			p++;
	}
	uint32_t dst, mask, gw;
	if (nw != 3 || strcmp(words[1], "via") != 0 || !strchr(words[0], '/') ||
	    str_to_ipv4_prefix(words[0], &dst, &mask) < 0 || str_to_ipv4(words[2], &gw) < 0) {
		*why = "expected \"A.B.C.D/N via R.R.R.R\"";
		return -EINVAL;
	}
	if (dst & ~mask) {
		*why = "route destination has bits set outside its prefix";
		return -EINVAL;
	}
	int plen = ipv4_mask_to_prefix(mask);
	wr_u8(w, (uint8_t)plen);
	for (int i = 0; i < (plen + 7) / 8; i++)
		wr_u8(w, (uint8_t)(dst >> (24 - 8 * i)));
	wr_be32(w, gw);
	return 0;
}

int conf_parse_hex(const char *s, uint8_t *out, size_t cap, size_t *ret_len)
{
	size_t n = 0;
	if (strchr(s, ':')) {
		/* dhcpd style: groups of one or two digits, "1:2:a" or "01:02:0a" */
		const char *p = s;
		for (;;) {
			int hi = str_hex_digit(p[0]);
			if (hi < 0)
				return -EINVAL;
			int v = hi;
			p++;
			if (str_hex_digit(*p) >= 0)
				v = v * 16 + str_hex_digit(*p++);
			if (n >= cap)
				return -E2BIG;
			out[n++] = (uint8_t)v;
			if (!*p)
				break;
			if (*p++ != ':')
				return -EINVAL;
		}
	} else {
		size_t l = strlen(s);
		if (l % 2)
			return -EINVAL;
		for (size_t i = 0; i < l; i += 2) {
			int hi = str_hex_digit(s[i]), lo = str_hex_digit(s[i + 1]);
			if (hi < 0 || lo < 0)
				return -EINVAL;
			if (n >= cap)
				return -E2BIG;
			out[n++] = (uint8_t)(hi * 16 + lo);
		}
	}
	*ret_len = n;
	return 0;
}

void conf_format_hex(const uint8_t *p, size_t len, char *out)
{
	static const char hex[] = "0123456789abcdef";
	size_t o = 0;
	for (size_t i = 0; i < len; i++) {
		if (i)
			out[o++] = ':';
		out[o++] = hex[p[i] >> 4];
		out[o++] = hex[p[i] & 15];
	}
	out[o] = 0;
}

int conf_enc_hex(struct wr *w, const char *s, const char **why)
{
	uint8_t buf[CONF_OPT_MAX_LEN];
	size_t n;
	int r = conf_parse_hex(s, buf, sizeof(buf), &n);
	if (r < 0) {
		*why = r == -E2BIG ? "value longer than 1024 bytes"
				   : "expected hex bytes such as \"01:02:0a\" or \"01020a\"";
		return -EINVAL;
	}
	wr_bytes(w, buf, n);
	return 0;
}

bool conf_dec_int(enum conf_opt_type t, const uint8_t *p, size_t len, int64_t *ret)
{
	struct rd r = rd_init(p, len);
	int64_t v;
	switch (t) {
	case COT_U8:
	case COT_FLAG:
		v = rd_u8(&r);
		if (t == COT_FLAG && v > 1)
			return false;
		break;
	case COT_U16:
		v = rd_be16(&r);
		break;
	case COT_U32:
		v = rd_be32(&r);
		break;
	case COT_S32:
		v = (int32_t)rd_be32(&r);
		break;
	default:
		return false;
	}
	/* exactly one value: no bytes missing, none left over */
	if (!rd_ok(&r) || rd_left(&r) != 0)
		return false;
	*ret = v;
	return true;
}

bool conf_dec_domain(const uint8_t *p, size_t len, size_t *off, char out[256])
{
	struct rd r = rd_init(p, len);
	rd_skip(&r, *off);
	size_t o = 0;
	for (;;) {
		uint8_t l = rd_u8(&r);
		if (!rd_ok(&r))
			return false;
		if (l == 0)
			break;
		/* compression pointers and label types other than plain are
		 * never produced by conf_enc_domain */
		if (l > 63 || o + (o ? 1 : 0) + l > 253)
			return false;
		const uint8_t *label = rd_bytes(&r, l);
		if (!label)
			return false;
		if (o)
			out[o++] = '.';
		for (size_t k = 0; k < l; k++) {
			if (label[k] <= ' ' || label[k] >= 0x7f || label[k] == '.')
				return false;
			out[o++] = (char)label[k];
		}
	}
	if (o == 0)
		return false;
	out[o] = 0;
	*off = r.off;
	return true;
}

bool conf_dec_route(const uint8_t *p, size_t len, size_t *off, char out[48])
{
	struct rd r = rd_init(p, len);
	rd_skip(&r, *off);
	uint8_t plen = rd_u8(&r);
	if (!rd_ok(&r) || plen > 32)
		return false;
	uint32_t dst = 0;
	for (unsigned k = 0; k < (plen + 7u) / 8u; k++)
		dst |= (uint32_t)rd_u8(&r) << (24 - 8 * k);
	uint32_t gw = rd_be32(&r);
	if (!rd_ok(&r) || (dst & ~ipv4_prefix_to_mask(plen)))
		return false;
	char a[IPV4_STRLEN], b[IPV4_STRLEN];
	snprintf(out, 48, "%s/%u via %s", ipv4_to_str(dst, a), plen, ipv4_to_str(gw, b));
	*off = r.off;
	return true;
}

size_t conf_utf8_seq(const uint8_t *p, size_t left)
{
	if (left == 0)
		return 0;
	uint8_t c = p[0];
	if (c < 0x80)
		return 1;
	size_t n;
	uint32_t cp;
	if ((c & 0xe0) == 0xc0) {
		n = 2;
		cp = c & 0x1f;
	} else if ((c & 0xf0) == 0xe0) {
		n = 3;
		cp = c & 0x0f;
	} else if ((c & 0xf8) == 0xf0) {
		n = 4;
		cp = c & 0x07;
	} else {
		return 0;
	}
	if (left < n)
		return 0;
	for (size_t k = 1; k < n; k++) {
		if ((p[k] & 0xc0) != 0x80)
			return 0;
		cp = cp << 6 | (p[k] & 0x3f);
	}
	/* overlong forms, surrogates, beyond U+10FFFF */
	if ((n == 2 && cp < 0x80) || (n == 3 && cp < 0x800) || (n == 4 && cp < 0x10000) ||
	    (cp >= 0xd800 && cp <= 0xdfff) || cp > 0x10ffff)
		return 0;
	return n;
}

bool conf_text_ok(const void *vp, size_t len)
{
	const uint8_t *p = vp;
	size_t i = 0;
	while (i < len) {
		size_t n = conf_utf8_seq(p + i, len - i);
		if (n == 0)
			return false;
		if (n == 1 && (p[i] < 0x20 || p[i] == 0x7f))
			return false;
		/* C1 controls U+0080..U+009F */
		if (n == 2 && p[i] == 0xc2 && p[i + 1] < 0xa0)
			return false;
		i += n;
	}
	return true;
}

int conf_arch_from_name(const char *name)
{
	return boot_arch_from_name(name);
}

const char *conf_arch_name(int arch)
{
	return arch >= 0 && arch < BOOT_ARCH_COUNT ? boot_arch_name((enum boot_arch)arch) : "?";
}

int conf_log_level_from_name(const char *s, enum log_level *ret)
{
	return log_level_from_str(s, ret) < 0 ? -EINVAL : 0;
}

const char *conf_log_level_name(enum log_level l)
{
	return log_level_name(l);
}
