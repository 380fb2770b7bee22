/* PURE DHCP/BOOTP message codec (RFC 951, 2131, 2132, 3396).
 *
 * dhcp_msg_parse() reads an untrusted UDP payload through the bounded reader
 * into a typed struct: fixed header fields, and every option found in the
 * options area (and in `file`/`sname` when option 52 overloads them), with
 * repeated instances of one code concatenated as RFC 3396 requires.
 * Nothing is trusted before its length is checked.
 *
 * dhcp_reply_build() writes a reply: fixed header plus the options the caller
 * added, in the order the client asked for (option 55) after the ones that
 * must come first, values over 255 bytes split into consecutive instances
 * (RFC 3396), and never more than the client's maximum size (option 57, at
 * least 576) — optional options that do not fit are dropped, never
 * overloaded into file/sname. */
#pragma once
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#define DHCP_SERVER_PORT 67
#define DHCP_CLIENT_PORT 68
#define PXE_BOOT_SERVER_PORT 4011

#define BOOTP_FIXED_LEN 236      /* op .. file */
#define DHCP_MAGIC 0x63825363u
#define DHCP_MIN_MSG_SIZE 576    /* RFC 2131: every client accepts this (IP + UDP + 548) */
#define DHCP_UDP_OVERHEAD 28     /* IPv4 header (no options) + UDP header */
#define DHCP_MAX_PAYLOAD 1472    /* largest reply pxed builds (Ethernet MTU - 28) */
#define DHCP_OPT_STORE_MAX 4096  /* total option bytes kept from one message */

enum { BOOTREQUEST = 1, BOOTREPLY = 2 };

enum dhcp_msg_type {
	DHCP_NONE = 0, /* BOOTP: no option 53 */
	DHCPDISCOVER = 1, DHCPOFFER, DHCPREQUEST, DHCPDECLINE, DHCPACK, DHCPNAK, DHCPRELEASE, DHCPINFORM,
};

enum dhcp_opt_code {
	OPT_PAD = 0, OPT_SUBNET_MASK = 1, OPT_TIME_OFFSET = 2, OPT_ROUTER = 3, OPT_DNS = 6,
	OPT_HOSTNAME = 12, OPT_DOMAIN_NAME = 15, OPT_BROADCAST = 28, OPT_NTP = 42,
	OPT_VENDOR_SPECIFIC = 43, OPT_REQUESTED_IP = 50, OPT_LEASE_TIME = 51, OPT_OVERLOAD = 52,
	OPT_MSG_TYPE = 53, OPT_SERVER_ID = 54, OPT_PARAM_REQUEST = 55, OPT_MESSAGE = 56,
	OPT_MAX_MSG_SIZE = 57, OPT_RENEWAL_TIME = 58, OPT_REBINDING_TIME = 59, OPT_VENDOR_CLASS = 60,
	OPT_CLIENT_ID = 61, OPT_TFTP_SERVER = 66, OPT_BOOTFILE = 67, OPT_USER_CLASS = 77,
	OPT_RELAY_AGENT = 82, OPT_CLIENT_ARCH = 93, OPT_CLIENT_NDI = 94, OPT_CLIENT_UUID = 97,
	OPT_DOMAIN_SEARCH = 119, OPT_CLASSLESS_ROUTE = 121, OPT_IPXE_ENCAP = 175,
	OPT_PXELINUX_MAGIC = 208, OPT_PXELINUX_CONFIGFILE = 209, OPT_PXELINUX_PATHPREFIX = 210,
	OPT_PXELINUX_REBOOTTIME = 211, OPT_END = 255,
};

/* A parsed message. Option values point into `optbuf` (concatenated per
 * RFC 3396); `opt_len[code]` is 0 for absent options, use dhcp_msg_has(). */
struct dhcp_msg {
	uint8_t op, htype, hlen, hops;
	uint32_t xid;
	uint16_t secs, flags;
	uint32_t ciaddr, yiaddr, siaddr, giaddr; /* host byte order */
	uint8_t chaddr[16];
	char sname[65];  /* NUL-terminated copy (empty when overloaded) */
	char file[129];  /* NUL-terminated copy (empty when overloaded) */
	bool has_magic;  /* false: plain BOOTP with vendor area not in DHCP format */
	uint8_t msg_type; /* enum dhcp_msg_type, DHCP_NONE for BOOTP */
	uint8_t present[256 / 8];
	uint16_t opt_off[256];
	uint16_t opt_len[256];
	uint16_t optbuf_len;
	uint8_t optbuf[DHCP_OPT_STORE_MAX];
};

#define DHCP_FLAG_BROADCAST 0x8000

/* Returns 0, or -EBADMSG with *ret_why set to a static reason such as
 * "truncated fixed header", "option 53 has length 2, expected 1". */
int dhcp_msg_parse(const void *data, size_t len, struct dhcp_msg *ret, const char **ret_why);

bool dhcp_msg_has(const struct dhcp_msg *m, uint8_t code);
/* Pointer to the value and its length, or NULL if absent. */
const uint8_t *dhcp_msg_get(const struct dhcp_msg *m, uint8_t code, size_t *ret_len);
/* Typed getters: 0 on success, -ENODATA when absent, -EBADMSG when the
 * length is wrong for the type. */
int dhcp_msg_get_u8(const struct dhcp_msg *m, uint8_t code, uint8_t *ret);
int dhcp_msg_get_u16(const struct dhcp_msg *m, uint8_t code, uint16_t *ret);
int dhcp_msg_get_u32(const struct dhcp_msg *m, uint8_t code, uint32_t *ret);
int dhcp_msg_get_ipv4(const struct dhcp_msg *m, uint8_t code, uint32_t *ret);

const char *dhcp_msg_type_name(uint8_t type);

/* ---- replies ---- */

#define DHCP_REPLY_MAX_OPTS 64

struct dhcp_reply_opt {
	uint8_t code;
	bool required;      /* always sent, placed before requested ones (53, 54, 51, ...) */
	bool is_inline;     /* value lives in `inl` (the typed adders), not behind `data` */
	uint16_t len;
	const uint8_t *data; /* must stay valid until dhcp_reply_build() */
	uint8_t inl[4];
};

struct dhcp_reply {
	uint8_t op;         /* BOOTREPLY */
	uint8_t htype, hlen, hops;
	uint32_t xid;
	uint16_t secs, flags;
	uint32_t ciaddr, yiaddr, siaddr, giaddr; /* host byte order */
	uint8_t chaddr[16];
	char sname[64];     /* NUL-terminated or full */
	char file[128];
	bool bootp;         /* BOOTP reply: 64-byte vendor area, no message type */
	struct dhcp_reply_opt opts[DHCP_REPLY_MAX_OPTS];
	size_t nopts;
	/* from the request: parameter request list (55) and max size (57) */
	const uint8_t *prl;
	size_t prl_len;
	uint16_t max_size;  /* 0 = DHCP_MIN_MSG_SIZE */
};

/* Adds an option; a later add of the same code replaces the earlier one.
 * Returns -E2BIG when the table is full or len > 1024. */
int dhcp_reply_add(struct dhcp_reply *r, uint8_t code, bool required, const void *data, size_t len);
int dhcp_reply_add_u8(struct dhcp_reply *r, uint8_t code, bool required, uint8_t v);
int dhcp_reply_add_u32(struct dhcp_reply *r, uint8_t code, bool required, uint32_t v);
int dhcp_reply_add_ipv4(struct dhcp_reply *r, uint8_t code, bool required, uint32_t host_order);

/* Option order on the wire: required options in the order added, then the
 * codes listed in the client's option 55 in the client's order, then the
 * remaining options in the order added. Returns the length written or
 * -E2BIG when even the required options do not fit. */
int dhcp_reply_build(const struct dhcp_reply *r, uint8_t *buf, size_t cap);
