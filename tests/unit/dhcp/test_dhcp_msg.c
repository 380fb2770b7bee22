/* Codec tests: one realistic PXE DISCOVER built by hand, then one malformed
 * field at a time, then reply building (order, RFC 3396 split, size limit,
 * BOOTP layout, padding) checked byte by byte and by parsing it back. */
#include "dhcp/dhcp_arch.h"
#include "dhcp/dhcp_msg.h"
#include "test.h"

#include <errno.h>

/* ---- a tiny packet builder, independent of the code under test ---- */

struct pkt {
	uint8_t b[8192];
	size_t len;
};

static const uint8_t test_mac[6] = { 0x52, 0x54, 0x00, 0x12, 0x34, 0x56 };

static void pkt_header(struct pkt *p, uint8_t op, uint32_t xid)
{
	memset(p, 0, sizeof(*p));
	p->b[0] = op;
	p->b[1] = 1; /* Ethernet */
	p->b[2] = 6;
	p->b[4] = (uint8_t)(xid >> 24);
	p->b[5] = (uint8_t)(xid >> 16);
	p->b[6] = (uint8_t)(xid >> 8);
	p->b[7] = (uint8_t)xid;
	memcpy(p->b + 28, test_mac, 6);
	p->len = 236;
}

static void pkt_magic(struct pkt *p)
{
	static const uint8_t magic[4] = { 0x63, 0x82, 0x53, 0x63 };
	memcpy(p->b + p->len, magic, 4);
	p->len += 4;
}

static void pkt_raw(struct pkt *p, const void *data, size_t n)
{
	if (n)
		memcpy(p->b + p->len, data, n);
	p->len += n;
}

static void pkt_opt(struct pkt *p, uint8_t code, uint8_t len, const void *data)
{
	p->b[p->len++] = code;
	p->b[p->len++] = len;
	pkt_raw(p, data, len);
}

static void pkt_byte(struct pkt *p, uint8_t v) { p->b[p->len++] = v; }

/* A DHCP request header with magic and option 53. */
static void pkt_dhcp(struct pkt *p, uint8_t type)
{
	pkt_header(p, BOOTREQUEST, 0x11223344);
	pkt_magic(p);
	pkt_opt(p, OPT_MSG_TYPE, 1, &type);
}

static const char pxe_vc[] = "PXEClient:Arch:00000:UNDI:002001";
static const uint8_t pxe_prl[] = { 1, 2, 3, 5, 6, 11, 12, 13, 15, 16, 17, 18, 43, 54, 60, 67,
				   128, 129, 130, 131, 132, 133, 134, 135 };
static const uint8_t pxe_uuid[17] = { 0, 0x4c, 0x4c, 0x45, 0x44, 0x00, 0x10, 0x42, 0x80,
				      0x38, 0xb4, 0xc0, 0x4f, 0x50, 0x34, 0x32, 0x31 };

/* What a PXE 2.1 BIOS ROM sends (the option set and order of an Intel
 * UNDI ROM, as seen in captures). */
static void pxe_discover(struct pkt *p)
{
	pkt_header(p, BOOTREQUEST, 0x9a2b3c4d);
	p->b[10] = 0x80; /* broadcast flag */
	pkt_magic(p);
	pkt_opt(p, OPT_MSG_TYPE, 1, (uint8_t[]){ DHCPDISCOVER });
	pkt_opt(p, OPT_MAX_MSG_SIZE, 2, (uint8_t[]){ 0x04, 0xec });
	pkt_opt(p, OPT_PARAM_REQUEST, sizeof(pxe_prl), pxe_prl);
	pkt_opt(p, OPT_CLIENT_UUID, sizeof(pxe_uuid), pxe_uuid);
	pkt_opt(p, OPT_CLIENT_NDI, 3, (uint8_t[]){ 1, 2, 1 });
	pkt_opt(p, OPT_CLIENT_ARCH, 2, (uint8_t[]){ 0, 0 });
	pkt_opt(p, OPT_VENDOR_CLASS, (uint8_t)strlen(pxe_vc), pxe_vc);
	pkt_byte(p, OPT_END);
	/* ROMs pad their DISCOVER to at least 300 bytes */
	while (p->len < 300)
		pkt_byte(p, OPT_PAD);
}

static struct dhcp_msg msg; /* large: keep it off the stack */

static int parse(const struct pkt *p, const char **why)
{
	const char *w = NULL;
	int r = dhcp_msg_parse(p->b, p->len, &msg, &w);
	if (why)
		*why = w;
	return r;
}

/* ---- parsing ---- */

TEST(pxe_discover_parses)
{
	struct pkt p;
	pxe_discover(&p);
	CHECK_INT(parse(&p, NULL), 0);
	CHECK_INT(msg.op, BOOTREQUEST);
	CHECK_INT(msg.htype, 1);
	CHECK_INT(msg.hlen, 6);
	CHECK(msg.xid == 0x9a2b3c4d);
	CHECK_INT(msg.flags, DHCP_FLAG_BROADCAST);
	CHECK(memcmp(msg.chaddr, test_mac, 6) == 0);
	CHECK(msg.has_magic);
	CHECK_INT(msg.msg_type, DHCPDISCOVER);
	CHECK_STR(msg.file, "");
	CHECK_STR(msg.sname, "");

	uint8_t u8 = 0;
	uint16_t u16 = 0;
	uint32_t u32 = 0;
	CHECK_INT(dhcp_msg_get_u8(&msg, OPT_MSG_TYPE, &u8), 0);
	CHECK_INT(u8, DHCPDISCOVER);
	CHECK_INT(dhcp_msg_get_u16(&msg, OPT_MAX_MSG_SIZE, &u16), 0);
	CHECK_INT(u16, 1260);
	CHECK_INT(dhcp_msg_get_u16(&msg, OPT_CLIENT_ARCH, &u16), 0);
	CHECK_INT(u16, 0);

	size_t l = 0;
	const uint8_t *v = dhcp_msg_get(&msg, OPT_VENDOR_CLASS, &l);
	CHECK(v != NULL);
	CHECK_INT(l, strlen(pxe_vc));
	CHECK(v && memcmp(v, pxe_vc, l) == 0);
	v = dhcp_msg_get(&msg, OPT_PARAM_REQUEST, &l);
	CHECK(v && l == sizeof(pxe_prl) && memcmp(v, pxe_prl, l) == 0);
	v = dhcp_msg_get(&msg, OPT_CLIENT_UUID, &l);
	CHECK(v && l == 17 && memcmp(v, pxe_uuid, 17) == 0);
	v = dhcp_msg_get(&msg, OPT_CLIENT_NDI, &l);
	CHECK(v && l == 3 && v[0] == 1 && v[1] == 2 && v[2] == 1);

	/* typed getters: wrong width and absence are distinct errors */
	CHECK_INT(dhcp_msg_get_u32(&msg, OPT_MSG_TYPE, &u32), -EBADMSG);
	CHECK_INT(dhcp_msg_get_ipv4(&msg, OPT_REQUESTED_IP, &u32), -ENODATA);
	CHECK(!dhcp_msg_has(&msg, OPT_REQUESTED_IP));
	CHECK(dhcp_msg_get(&msg, OPT_HOSTNAME, &l) == NULL);
	CHECK(!dhcp_msg_has(&msg, OPT_PAD));
	CHECK(!dhcp_msg_has(&msg, OPT_END));
}

TEST(request_getters)
{
	struct pkt p;
	pkt_dhcp(&p, DHCPREQUEST);
	pkt_opt(&p, OPT_REQUESTED_IP, 4, (uint8_t[]){ 198, 18, 64, 10 });
	pkt_opt(&p, OPT_SERVER_ID, 4, (uint8_t[]){ 198, 18, 0, 1 });
	pkt_opt(&p, OPT_LEASE_TIME, 4, (uint8_t[]){ 0, 0, 0x0e, 0x10 });
	pkt_byte(&p, OPT_END);
	CHECK_INT(parse(&p, NULL), 0);
	CHECK_INT(msg.msg_type, DHCPREQUEST);
	uint32_t a = 0;
	CHECK_INT(dhcp_msg_get_ipv4(&msg, OPT_REQUESTED_IP, &a), 0);
	CHECK(a == 0xc612400a);
	CHECK_INT(dhcp_msg_get_ipv4(&msg, OPT_SERVER_ID, &a), 0);
	CHECK(a == 0xc6120001);
	CHECK_INT(dhcp_msg_get_u32(&msg, OPT_LEASE_TIME, &a), 0);
	CHECK_INT(a, 3600);
}

TEST(truncated_header)
{
	struct pkt p;
	pxe_discover(&p);
	static const size_t lens[] = { 0, 1, 4, 27, 43, 107, 200, 235 };
	for (size_t i = 0; i < sizeof(lens) / sizeof(lens[0]); i++) {
		const char *why = NULL;
		msg.xid = 1;
		CHECK_INT(dhcp_msg_parse(p.b, lens[i], &msg, &why), -EBADMSG);
		CHECK_STR(why, "truncated fixed header");
		CHECK_INT(msg.xid, 1); /* out-param untouched on failure */
	}
	/* NULL why is allowed */
	CHECK_INT(dhcp_msg_parse(p.b, 10, &msg, NULL), -EBADMSG);
}

TEST(bootp_without_magic)
{
	struct pkt p;
	pxe_discover(&p);
	/* exactly the fixed header, and a header plus a partial cookie */
	CHECK_INT(dhcp_msg_parse(p.b, 236, &msg, NULL), 0);
	CHECK(!msg.has_magic);
	CHECK_INT(msg.msg_type, DHCP_NONE);
	CHECK_INT(dhcp_msg_parse(p.b, 239, &msg, NULL), 0);
	CHECK(!msg.has_magic);

	/* wrong cookie: the vendor area is not DHCP options, so option 53 in
	 * it must not be believed */
	p.b[239] ^= 1;
	CHECK_INT(parse(&p, NULL), 0);
	CHECK(!msg.has_magic);
	CHECK_INT(msg.msg_type, DHCP_NONE);
	CHECK(!dhcp_msg_has(&msg, OPT_MSG_TYPE));
	CHECK(!dhcp_msg_has(&msg, OPT_VENDOR_CLASS));
}

TEST(bootp_with_rfc1497_vendor_area)
{
	/* magic cookie but no option 53: still BOOTP */
	struct pkt p;
	pkt_header(&p, BOOTREQUEST, 7);
	pkt_magic(&p);
	pkt_opt(&p, OPT_HOSTNAME, 3, "abc");
	pkt_byte(&p, OPT_END);
	while (p.len < 300)
		pkt_byte(&p, 0);
	CHECK_INT(parse(&p, NULL), 0);
	CHECK(msg.has_magic);
	CHECK_INT(msg.msg_type, DHCP_NONE);
	CHECK(dhcp_msg_has(&msg, OPT_HOSTNAME));
}

TEST(option_runs_past_end)
{
	struct pkt p;
	const char *why = NULL;
	pkt_dhcp(&p, DHCPDISCOVER);
	pkt_opt(&p, OPT_HOSTNAME, 3, "abc");
	p.len--; /* value one byte short */
	CHECK_INT(parse(&p, &why), -EBADMSG);
	CHECK_STR(why, "option value runs past the end of its area");

	pkt_dhcp(&p, DHCPDISCOVER);
	pkt_byte(&p, OPT_HOSTNAME); /* code with no length byte */
	CHECK_INT(parse(&p, &why), -EBADMSG);
	CHECK_STR(why, "option length byte missing");

	pkt_dhcp(&p, DHCPDISCOVER);
	pkt_byte(&p, OPT_VENDOR_CLASS);
	pkt_byte(&p, 255);
	pkt_raw(&p, "PXEClient", 9);
	CHECK_INT(parse(&p, NULL), -EBADMSG);
}

TEST(pad_end_and_trailing_bytes)
{
	struct pkt p;
	pkt_header(&p, BOOTREQUEST, 1);
	pkt_magic(&p);
	pkt_byte(&p, OPT_PAD);
	pkt_byte(&p, OPT_PAD);
	pkt_opt(&p, OPT_MSG_TYPE, 1, (uint8_t[]){ DHCPINFORM });
	pkt_byte(&p, OPT_END);
	/* garbage after END, including what would be a broken option */
	pkt_byte(&p, OPT_HOSTNAME);
	pkt_byte(&p, 200);
	CHECK_INT(parse(&p, NULL), 0);
	CHECK_INT(msg.msg_type, DHCPINFORM);
	CHECK(!dhcp_msg_has(&msg, OPT_HOSTNAME));

	/* no END at all: accepted, the framing bounds every value */
	pkt_dhcp(&p, DHCPRELEASE);
	pkt_opt(&p, OPT_SERVER_ID, 4, (uint8_t[]){ 1, 2, 3, 4 });
	CHECK_INT(parse(&p, NULL), 0);
	CHECK_INT(msg.msg_type, DHCPRELEASE);
	CHECK(dhcp_msg_has(&msg, OPT_SERVER_ID));

	/* zero-length option is present with length 0 */
	pkt_dhcp(&p, DHCPDISCOVER);
	pkt_opt(&p, 80, 0, NULL); /* rapid commit */
	pkt_byte(&p, OPT_END);
	CHECK_INT(parse(&p, NULL), 0);
	size_t l = 99;
	CHECK(dhcp_msg_has(&msg, 80));
	CHECK(dhcp_msg_get(&msg, 80, &l) != NULL);
	CHECK_INT(l, 0);
}

TEST(msg_type_wrong_length)
{
	struct pkt p;
	const char *why = NULL;
	pkt_header(&p, BOOTREQUEST, 1);
	pkt_magic(&p);
	pkt_opt(&p, OPT_MSG_TYPE, 2, (uint8_t[]){ 1, 1 });
	pkt_byte(&p, OPT_END);
	msg.xid = 77;
	CHECK_INT(parse(&p, &why), -EBADMSG);
	CHECK_STR(why, "option 53 has wrong length, expected 1");
	CHECK_INT(msg.xid, 77); /* a failed option pass leaves the result alone */

	pkt_header(&p, BOOTREQUEST, 1);
	pkt_magic(&p);
	pkt_opt(&p, OPT_MSG_TYPE, 0, NULL);
	CHECK_INT(parse(&p, NULL), -EBADMSG);

	/* two instances concatenate to length 2: also invalid */
	pkt_dhcp(&p, DHCPDISCOVER);
	pkt_opt(&p, OPT_MSG_TYPE, 1, (uint8_t[]){ DHCPREQUEST });
	CHECK_INT(parse(&p, NULL), -EBADMSG);
}

TEST(msg_type_range)
{
	struct pkt p;
	const char *why = NULL;
	pkt_dhcp(&p, 0);
	CHECK_INT(parse(&p, &why), -EBADMSG);
	CHECK_STR(why, "option 53 message type out of range 1..8");
	pkt_dhcp(&p, 9);
	CHECK_INT(parse(&p, NULL), -EBADMSG);
	pkt_dhcp(&p, 255);
	CHECK_INT(parse(&p, NULL), -EBADMSG);
	for (uint8_t t = DHCPDISCOVER; t <= DHCPINFORM; t++) {
		pkt_dhcp(&p, t);
		CHECK_INT(parse(&p, NULL), 0);
		CHECK_INT(msg.msg_type, t);
	}
}

TEST(header_fields)
{
	struct pkt p;
	const char *why = NULL;
	pxe_discover(&p);
	p.b[2] = 17;
	CHECK_INT(parse(&p, &why), -EBADMSG);
	CHECK_STR(why, "hlen larger than 16");
	p.b[2] = 16;
	CHECK_INT(parse(&p, NULL), 0);

	pxe_discover(&p);
	p.b[0] = 3;
	CHECK_INT(parse(&p, NULL), -EBADMSG);
	p.b[0] = 0;
	CHECK_INT(parse(&p, NULL), -EBADMSG);
	p.b[0] = BOOTREPLY; /* the codec accepts both; policy is the server's */
	CHECK_INT(parse(&p, NULL), 0);
	CHECK_INT(msg.op, BOOTREPLY);

	/* addresses in host order; relay fields */
	pxe_discover(&p);
	p.b[3] = 1;                                         /* hops */
	memcpy(p.b + 12, (uint8_t[]){ 198, 18, 1, 2 }, 4);  /* ciaddr */
	memcpy(p.b + 24, (uint8_t[]){ 198, 18, 0, 2 }, 4);  /* giaddr */
	p.b[8] = 0;
	p.b[9] = 4; /* secs */
	CHECK_INT(parse(&p, NULL), 0);
	CHECK_INT(msg.hops, 1);
	CHECK(msg.ciaddr == 0xc6120102);
	CHECK(msg.giaddr == 0xc6120002);
	CHECK_INT(msg.secs, 4);

	/* sname and file full, without NUL; and with garbage after a NUL */
	pxe_discover(&p);
	memset(p.b + 44, 'S', 64);
	memset(p.b + 108, 'F', 128);
	CHECK_INT(parse(&p, NULL), 0);
	CHECK_INT(strlen(msg.sname), 64);
	CHECK_INT(strlen(msg.file), 128);
	memcpy(p.b + 108, "pxelinux.0\0junk", 15);
	CHECK_INT(parse(&p, NULL), 0);
	CHECK_STR(msg.file, "pxelinux.0");
}

TEST(fixed_length_options_fatal)
{
	struct pkt p;
	const char *why = NULL;
	pkt_dhcp(&p, DHCPREQUEST);
	pkt_opt(&p, OPT_REQUESTED_IP, 3, (uint8_t[]){ 1, 2, 3 });
	CHECK_INT(parse(&p, &why), -EBADMSG);
	CHECK_STR(why, "option 50 has wrong length, expected 4");

	pkt_dhcp(&p, DHCPREQUEST);
	pkt_opt(&p, OPT_SERVER_ID, 5, (uint8_t[]){ 1, 2, 3, 4, 5 });
	CHECK_INT(parse(&p, &why), -EBADMSG);
	CHECK_STR(why, "option 54 has wrong length, expected 4");
}

TEST(advisory_options_dropped)
{
	struct pkt p;
	uint16_t u16;
	/* 57 wrong length, then below the RFC 2132 minimum, then exactly it */
	pkt_dhcp(&p, DHCPDISCOVER);
	pkt_opt(&p, OPT_MAX_MSG_SIZE, 1, (uint8_t[]){ 9 });
	CHECK_INT(parse(&p, NULL), 0);
	CHECK(!dhcp_msg_has(&msg, OPT_MAX_MSG_SIZE));
	pkt_dhcp(&p, DHCPDISCOVER);
	pkt_opt(&p, OPT_MAX_MSG_SIZE, 2, (uint8_t[]){ 0x02, 0x3f }); /* 575 */
	CHECK_INT(parse(&p, NULL), 0);
	CHECK_INT(dhcp_msg_get_u16(&msg, OPT_MAX_MSG_SIZE, &u16), -ENODATA);
	pkt_dhcp(&p, DHCPDISCOVER);
	pkt_opt(&p, OPT_MAX_MSG_SIZE, 2, (uint8_t[]){ 0x02, 0x40 }); /* 576 */
	CHECK_INT(parse(&p, NULL), 0);
	CHECK_INT(dhcp_msg_get_u16(&msg, OPT_MAX_MSG_SIZE, &u16), 0);
	CHECK_INT(u16, 576);

	pkt_dhcp(&p, DHCPREQUEST);
	pkt_opt(&p, OPT_LEASE_TIME, 3, (uint8_t[]){ 1, 2, 3 });
	CHECK_INT(parse(&p, NULL), 0);
	CHECK(!dhcp_msg_has(&msg, OPT_LEASE_TIME));

	/* 93: list of 16-bit types; odd or empty is dropped, 2 types kept */
	pkt_dhcp(&p, DHCPDISCOVER);
	pkt_opt(&p, OPT_CLIENT_ARCH, 3, (uint8_t[]){ 0, 7, 0 });
	CHECK_INT(parse(&p, NULL), 0);
	CHECK(!dhcp_msg_has(&msg, OPT_CLIENT_ARCH));
	pkt_dhcp(&p, DHCPDISCOVER);
	pkt_opt(&p, OPT_CLIENT_ARCH, 0, NULL);
	CHECK_INT(parse(&p, NULL), 0);
	CHECK(!dhcp_msg_has(&msg, OPT_CLIENT_ARCH));
	pkt_dhcp(&p, DHCPDISCOVER);
	pkt_opt(&p, OPT_CLIENT_ARCH, 4, (uint8_t[]){ 0, 7, 0, 0 });
	CHECK_INT(parse(&p, NULL), 0);
	size_t l = 0;
	CHECK(dhcp_msg_get(&msg, OPT_CLIENT_ARCH, &l) && l == 4);

	/* 97: 17 bytes with type 0 only */
	pkt_dhcp(&p, DHCPDISCOVER);
	pkt_opt(&p, OPT_CLIENT_UUID, 16, pxe_uuid + 1);
	CHECK_INT(parse(&p, NULL), 0);
	CHECK(!dhcp_msg_has(&msg, OPT_CLIENT_UUID));
	uint8_t bad_type[17];
	memcpy(bad_type, pxe_uuid, 17);
	bad_type[0] = 1;
	pkt_dhcp(&p, DHCPDISCOVER);
	pkt_opt(&p, OPT_CLIENT_UUID, 17, bad_type);
	pkt_opt(&p, OPT_VENDOR_CLASS, 9, "PXEClient");
	CHECK_INT(parse(&p, NULL), 0);
	CHECK(!dhcp_msg_has(&msg, OPT_CLIENT_UUID));
	CHECK(dhcp_msg_has(&msg, OPT_VENDOR_CLASS)); /* the rest survives */
}

TEST(repeated_options_concatenate)
{
	struct pkt p;
	pkt_dhcp(&p, DHCPDISCOVER);
	pkt_opt(&p, OPT_VENDOR_SPECIFIC, 2, "ab");
	pkt_opt(&p, OPT_HOSTNAME, 2, "h1");
	pkt_opt(&p, OPT_VENDOR_SPECIFIC, 2, "cd");
	pkt_byte(&p, OPT_PAD);
	pkt_opt(&p, OPT_VENDOR_SPECIFIC, 0, NULL);
	pkt_opt(&p, OPT_VENDOR_SPECIFIC, 2, "ef");
	pkt_byte(&p, OPT_END);
	CHECK_INT(parse(&p, NULL), 0);
	size_t l = 0;
	const uint8_t *v = dhcp_msg_get(&msg, OPT_VENDOR_SPECIFIC, &l);
	CHECK(v && l == 6 && memcmp(v, "abcdef", 6) == 0);
	v = dhcp_msg_get(&msg, OPT_HOSTNAME, &l);
	CHECK(v && l == 2 && memcmp(v, "h1", 2) == 0);

	/* a 600-byte value sent as 255 + 255 + 90 comes back whole */
	uint8_t big[600];
	for (size_t i = 0; i < sizeof(big); i++)
		big[i] = (uint8_t)(i * 7);
	pkt_dhcp(&p, DHCPDISCOVER);
	pkt_opt(&p, OPT_USER_CLASS, 255, big);
	pkt_opt(&p, OPT_USER_CLASS, 255, big + 255);
	pkt_opt(&p, OPT_USER_CLASS, 90, big + 510);
	CHECK_INT(parse(&p, NULL), 0);
	v = dhcp_msg_get(&msg, OPT_USER_CLASS, &l);
	CHECK(v && l == 600 && memcmp(v, big, 600) == 0);
}

TEST(option_storage_bound)
{
	/* 16 * 255 + 16 = 4096 bytes of values: exactly the limit */
	static struct pkt p;
	uint8_t fill[255];
	memset(fill, 'x', sizeof(fill));
	pkt_dhcp(&p, DHCPDISCOVER); /* 53 takes 1 byte of storage */
	for (int i = 0; i < 16; i++)
		pkt_opt(&p, (uint8_t)(100 + i), 255, fill);
	pkt_opt(&p, 120, 15, fill);
	pkt_byte(&p, OPT_END);
	CHECK_INT(parse(&p, NULL), 0);
	CHECK_INT(msg.optbuf_len, DHCP_OPT_STORE_MAX);

	const char *why = NULL;
	p.len--;
	pkt_opt(&p, 121, 1, fill);
	pkt_byte(&p, OPT_END);
	CHECK_INT(parse(&p, &why), -EBADMSG);
	CHECK_STR(why, "options exceed the storage limit");

	/* one code repeated until it alone exceeds the bound */
	pkt_dhcp(&p, DHCPDISCOVER);
	for (int i = 0; i < 17; i++)
		pkt_opt(&p, OPT_VENDOR_SPECIFIC, 255, fill);
	CHECK_INT(parse(&p, NULL), -EBADMSG);
}

/* A DISCOVER whose options continue in `file` (and `sname`). */
static void overload_pkt(struct pkt *p, uint8_t overload)
{
	pkt_dhcp(p, DHCPDISCOVER);
	pkt_opt(p, OPT_OVERLOAD, 1, &overload);
	pkt_opt(p, OPT_HOSTNAME, 1, "A");
	pkt_byte(p, OPT_END);
	/* file: more of 12, and 60 */
	uint8_t *f = p->b + 108;
	memcpy(f, (uint8_t[]){ OPT_HOSTNAME, 1, 'B', OPT_VENDOR_CLASS, 9 }, 5);
	memcpy(f + 5, "PXEClient", 9);
	f[14] = OPT_END;
	/* sname: more of 12, and 66 */
	uint8_t *s = p->b + 44;
	memcpy(s, (uint8_t[]){ OPT_HOSTNAME, 1, 'C', OPT_TFTP_SERVER, 3, 't', 'f', 't', OPT_END }, 9);
}

TEST(overload_file_and_sname)
{
	struct pkt p;
	size_t l = 0;
	const uint8_t *v;

	overload_pkt(&p, 1);
	CHECK_INT(parse(&p, NULL), 0);
	CHECK_STR(msg.file, "");
	CHECK_STR(msg.sname, "\x0c\x01" "C\x42\x03" "tft\xff"); /* not overloaded: kept as text */
	v = dhcp_msg_get(&msg, OPT_HOSTNAME, &l);
	CHECK(v && l == 2 && memcmp(v, "AB", 2) == 0);
	CHECK(dhcp_msg_has(&msg, OPT_VENDOR_CLASS));
	CHECK(!dhcp_msg_has(&msg, OPT_TFTP_SERVER));

	overload_pkt(&p, 2);
	CHECK_INT(parse(&p, NULL), 0);
	CHECK_STR(msg.sname, "");
	CHECK(msg.file[0] == OPT_HOSTNAME);
	v = dhcp_msg_get(&msg, OPT_HOSTNAME, &l);
	CHECK(v && l == 2 && memcmp(v, "AC", 2) == 0);
	CHECK(!dhcp_msg_has(&msg, OPT_VENDOR_CLASS));

	/* both: RFC 3396 order is options, file, sname */
	overload_pkt(&p, 3);
	CHECK_INT(parse(&p, NULL), 0);
	CHECK_STR(msg.sname, "");
	CHECK_STR(msg.file, "");
	v = dhcp_msg_get(&msg, OPT_HOSTNAME, &l);
	CHECK(v && l == 3 && memcmp(v, "ABC", 3) == 0);
	v = dhcp_msg_get(&msg, OPT_TFTP_SERVER, &l);
	CHECK(v && l == 3 && memcmp(v, "tft", 3) == 0);
	uint8_t ov = 0;
	CHECK_INT(dhcp_msg_get_u8(&msg, OPT_OVERLOAD, &ov), 0);
	CHECK_INT(ov, 3);
}

TEST(overload_bad)
{
	struct pkt p;
	const char *why = NULL;

	/* file holds an option whose length runs past the 128-byte field even
	 * though the packet itself continues */
	overload_pkt(&p, 1);
	memset(p.b + 108, 0, 128);
	p.b[108 + 120] = OPT_HOSTNAME;
	p.b[108 + 121] = 20;
	CHECK_INT(parse(&p, &why), -EBADMSG);
	CHECK_STR(why, "option value runs past the end of its area");

	/* the same bytes are fine when file is not overloaded */
	p.b[240 + 3 + 2] = 2; /* overload value: sname only */
	CHECK_INT(parse(&p, NULL), 0);

	/* overload value out of range, and wrong length */
	overload_pkt(&p, 0);
	CHECK_INT(parse(&p, &why), -EBADMSG);
	CHECK_STR(why, "option 52 value out of range 1..3");
	overload_pkt(&p, 4);
	CHECK_INT(parse(&p, NULL), -EBADMSG);
	pkt_dhcp(&p, DHCPDISCOVER);
	pkt_opt(&p, OPT_OVERLOAD, 2, (uint8_t[]){ 1, 1 });
	CHECK_INT(parse(&p, &why), -EBADMSG);
	CHECK_STR(why, "option 52 has wrong length, expected 1");

	/* option 52 inside the overloaded file itself is ignored, not a loop */
	overload_pkt(&p, 1);
	memcpy(p.b + 108 + 14, (uint8_t[]){ OPT_OVERLOAD, 1, 3, OPT_END }, 4);
	CHECK_INT(parse(&p, NULL), 0);
	uint8_t ov = 0;
	CHECK_INT(dhcp_msg_get_u8(&msg, OPT_OVERLOAD, &ov), 0);
	CHECK_INT(ov, 1);
	CHECK(!dhcp_msg_has(&msg, OPT_TFTP_SERVER)); /* sname not read */

	/* a message type inside the overloaded area counts like any option */
	overload_pkt(&p, 1);
	memcpy(p.b + 108 + 14, (uint8_t[]){ OPT_MSG_TYPE, 1, DHCPREQUEST, OPT_END }, 4);
	CHECK_INT(parse(&p, NULL), -EBADMSG); /* 53 now has length 2 */
}

TEST(type_names)
{
	CHECK_STR(dhcp_msg_type_name(DHCPDISCOVER), "DISCOVER");
	CHECK_STR(dhcp_msg_type_name(DHCPOFFER), "OFFER");
	CHECK_STR(dhcp_msg_type_name(DHCPACK), "ACK");
	CHECK_STR(dhcp_msg_type_name(DHCPNAK), "NAK");
	CHECK_STR(dhcp_msg_type_name(DHCPINFORM), "INFORM");
	CHECK_STR(dhcp_msg_type_name(DHCP_NONE), "BOOTP");
	CHECK_STR(dhcp_msg_type_name(9), "UNKNOWN");
	CHECK_STR(dhcp_msg_type_name(255), "UNKNOWN");
}

/* ---- replies ---- */

static void reply_init(struct dhcp_reply *r)
{
	memset(r, 0, sizeof(*r));
	r->op = BOOTREPLY;
	r->htype = 1;
	r->hlen = 6;
	r->xid = 0x9a2b3c4d;
	r->yiaddr = 0xc612400a;
	r->siaddr = 0xc6120001;
	memcpy(r->chaddr, test_mac, 6);
}

/* Codes of the options in a built reply, in wire order. */
static size_t wire_codes(const uint8_t *b, size_t len, uint8_t *codes, size_t max)
{
	size_t n = 0, i = 240;
	while (i < len && b[i] != OPT_END && n < max) {
		if (b[i] == OPT_PAD) {
			i++;
			continue;
		}
		codes[n++] = b[i];
		i += 2 + (size_t)b[i + 1];
	}
	return n;
}

static uint8_t out[2048];

TEST(reply_order)
{
	struct dhcp_reply r;
	reply_init(&r);
	static const uint8_t mask[4] = { 255, 255, 192, 0 }, rtr[4] = { 198, 18, 64, 1 };
	CHECK_INT(dhcp_reply_add(&r, OPT_SUBNET_MASK, false, mask, 4), 0);
	CHECK_INT(dhcp_reply_add(&r, OPT_ROUTER, false, rtr, 4), 0);
	CHECK_INT(dhcp_reply_add_u8(&r, OPT_MSG_TYPE, true, DHCPOFFER), 0);
	CHECK_INT(dhcp_reply_add_ipv4(&r, OPT_SERVER_ID, true, 0xc6120001), 0);
	CHECK_INT(dhcp_reply_add_u32(&r, OPT_LEASE_TIME, true, 3600), 0);
	CHECK_INT(dhcp_reply_add(&r, OPT_DNS, false, rtr, 4), 0);
	CHECK_INT(dhcp_reply_add(&r, OPT_DOMAIN_NAME, false, "lab", 3), 0);
	/* PRL asks for 6, 1, an option we do not have, 3, and 6 again */
	static const uint8_t prl[] = { OPT_DNS, OPT_SUBNET_MASK, 99, OPT_ROUTER, OPT_DNS };
	r.prl = prl;
	r.prl_len = sizeof(prl);

	int n = dhcp_reply_build(&r, out, sizeof(out));
	CHECK_INT(n, 300); /* padded to the BOOTP minimum */
	uint8_t codes[16];
	size_t nc = wire_codes(out, (size_t)n, codes, 16);
	static const uint8_t want[] = { OPT_MSG_TYPE, OPT_SERVER_ID, OPT_LEASE_TIME, OPT_DNS,
					OPT_SUBNET_MASK, OPT_ROUTER, OPT_DOMAIN_NAME };
	CHECK_INT(nc, sizeof(want));
	CHECK(memcmp(codes, want, sizeof(want)) == 0);

	/* header bytes */
	CHECK_INT(out[0], BOOTREPLY);
	CHECK_INT(out[1], 1);
	CHECK_INT(out[2], 6);
	CHECK(out[4] == 0x9a && out[7] == 0x4d);
	CHECK(memcmp(out + 16, (uint8_t[]){ 198, 18, 64, 10 }, 4) == 0);
	CHECK(memcmp(out + 20, (uint8_t[]){ 198, 18, 0, 1 }, 4) == 0);
	CHECK(memcmp(out + 28, test_mac, 6) == 0);
	CHECK(memcmp(out + 236, (uint8_t[]){ 0x63, 0x82, 0x53, 0x63 }, 4) == 0);
	/* first options byte-exact */
	CHECK(memcmp(out + 240, (uint8_t[]){ 53, 1, 2, 54, 4, 198, 18, 0, 1, 51, 4, 0, 0, 0x0e, 0x10 },
		     15) == 0);

	/* parses back */
	CHECK_INT(dhcp_msg_parse(out, (size_t)n, &msg, NULL), 0);
	CHECK_INT(msg.op, BOOTREPLY);
	CHECK_INT(msg.msg_type, DHCPOFFER);
	uint32_t v = 0;
	CHECK_INT(dhcp_msg_get_u32(&msg, OPT_LEASE_TIME, &v), 0);
	CHECK_INT(v, 3600);
	CHECK_INT(dhcp_msg_get_ipv4(&msg, OPT_SERVER_ID, &v), 0);
	CHECK(v == 0xc6120001);
	CHECK(msg.yiaddr == 0xc612400a);

	/* everything after END is zero padding */
	size_t end = 240;
	while (out[end] != OPT_END)
		end += out[end] == OPT_PAD ? 1 : 2 + (size_t)out[end + 1];
	for (size_t i = end + 1; i < (size_t)n; i++)
		CHECK(out[i] == 0);
}

TEST(reply_add_replace_and_limits)
{
	static struct dhcp_reply r;
	reply_init(&r);
	CHECK_INT(dhcp_reply_add(&r, OPT_HOSTNAME, false, "one", 3), 0);
	CHECK_INT(dhcp_reply_add_u8(&r, OPT_MSG_TYPE, true, DHCPACK), 0);
	CHECK_INT(dhcp_reply_add(&r, OPT_HOSTNAME, false, "second", 6), 0);
	CHECK_INT(r.nopts, 2);
	int n = dhcp_reply_build(&r, out, sizeof(out));
	CHECK(n > 0);
	CHECK_INT(dhcp_msg_parse(out, (size_t)n, &msg, NULL), 0);
	size_t l = 0;
	const uint8_t *v = dhcp_msg_get(&msg, OPT_HOSTNAME, &l);
	CHECK(v && l == 6 && memcmp(v, "second", 6) == 0);

	CHECK_INT(dhcp_reply_add(&r, OPT_PAD, false, "x", 1), -EINVAL);
	CHECK_INT(dhcp_reply_add(&r, OPT_END, false, "x", 1), -EINVAL);
	CHECK_INT(dhcp_reply_add(&r, OPT_OVERLOAD, false, "x", 1), -EINVAL);
	static const uint8_t big[1025];
	CHECK_INT(dhcp_reply_add(&r, OPT_VENDOR_SPECIFIC, false, big, 1025), -E2BIG);
	CHECK_INT(dhcp_reply_add(&r, OPT_VENDOR_SPECIFIC, false, big, 1024), 0);
	CHECK_INT(r.nopts, 3);

	/* table full at DHCP_REPLY_MAX_OPTS; replacing still works */
	reply_init(&r);
	for (int i = 0; i < DHCP_REPLY_MAX_OPTS; i++)
		CHECK_INT(dhcp_reply_add_u8(&r, (uint8_t)(100 + i), false, (uint8_t)i), 0);
	CHECK_INT(dhcp_reply_add_u8(&r, 200, false, 1), -E2BIG);
	CHECK_INT(dhcp_reply_add_u8(&r, 100, false, 7), 0);
	CHECK_INT(r.nopts, DHCP_REPLY_MAX_OPTS);
}

TEST(reply_typed_values_independent)
{
	/* many u32/ipv4 values added before one build keep their own bytes */
	struct dhcp_reply r;
	reply_init(&r);
	for (uint32_t i = 0; i < 40; i++)
		CHECK_INT(dhcp_reply_add_u32(&r, (uint8_t)(150 + i), false, 0x01020300u + i), 0);
	for (uint32_t i = 0; i < 10; i++)
		CHECK_INT(dhcp_reply_add_u8(&r, (uint8_t)(200 + i), false, (uint8_t)(250 + i)), 0);
	r.max_size = 1500;
	int n = dhcp_reply_build(&r, out, sizeof(out));
	CHECK(n > 0);
	CHECK_INT(dhcp_msg_parse(out, (size_t)n, &msg, NULL), 0);
	for (uint32_t i = 0; i < 40; i++) {
		uint32_t v = 0;
		CHECK_INT(dhcp_msg_get_u32(&msg, (uint8_t)(150 + i), &v), 0);
		CHECK(v == 0x01020300u + i);
	}
	for (uint32_t i = 0; i < 10; i++) {
		uint8_t v = 0;
		CHECK_INT(dhcp_msg_get_u8(&msg, (uint8_t)(200 + i), &v), 0);
		CHECK_INT(v, (uint8_t)(250 + i));
	}
}

TEST(reply_split_long_value)
{
	struct dhcp_reply r;
	reply_init(&r);
	uint8_t big[600];
	for (size_t i = 0; i < sizeof(big); i++)
		big[i] = (uint8_t)(i * 13 + 1);
	CHECK_INT(dhcp_reply_add_u8(&r, OPT_MSG_TYPE, true, DHCPACK), 0);
	CHECK_INT(dhcp_reply_add(&r, OPT_VENDOR_SPECIFIC, false, big, sizeof(big)), 0);
	r.max_size = 1500;
	int n = dhcp_reply_build(&r, out, sizeof(out));
	CHECK(n > 0);
	/* 53 at 240..242, then 43/255, 43/255, 43/90, END */
	const uint8_t *o = out + 243;
	CHECK(o[0] == 43 && o[1] == 255);
	CHECK(memcmp(o + 2, big, 255) == 0);
	o += 257;
	CHECK(o[0] == 43 && o[1] == 255);
	CHECK(memcmp(o + 2, big + 255, 255) == 0);
	o += 257;
	CHECK(o[0] == 43 && o[1] == 90);
	CHECK(memcmp(o + 2, big + 510, 90) == 0);
	o += 92;
	CHECK(o[0] == OPT_END);
	CHECK_INT(n, 243 + 257 + 257 + 92 + 1);

	CHECK_INT(dhcp_msg_parse(out, (size_t)n, &msg, NULL), 0);
	size_t l = 0;
	const uint8_t *v = dhcp_msg_get(&msg, OPT_VENDOR_SPECIFIC, &l);
	CHECK(v && l == 600 && memcmp(v, big, 600) == 0);

	/* exactly 255 stays one instance; 256 becomes 255 + 1 */
	reply_init(&r);
	CHECK_INT(dhcp_reply_add(&r, OPT_VENDOR_SPECIFIC, false, big, 255), 0);
	n = dhcp_reply_build(&r, out, sizeof(out));
	CHECK(out[240] == 43 && out[241] == 255 && out[497] == OPT_END);
	CHECK_INT(dhcp_reply_add(&r, OPT_VENDOR_SPECIFIC, false, big, 256), 0);
	n = dhcp_reply_build(&r, out, sizeof(out));
	CHECK(out[240] == 43 && out[241] == 255 && out[497] == 43 && out[498] == 1 && out[500] == OPT_END);
	CHECK(n >= 501);

	/* zero-length option */
	reply_init(&r);
	CHECK_INT(dhcp_reply_add(&r, 80, true, NULL, 0), 0);
	n = dhcp_reply_build(&r, out, sizeof(out));
	CHECK(out[240] == 80 && out[241] == 0 && out[242] == OPT_END);
}

TEST(reply_max_size)
{
	struct dhcp_reply r;
	static uint8_t a[250], b[100], c[10];
	memset(a, 'a', sizeof(a));
	memset(b, 'b', sizeof(b));
	memset(c, 'c', sizeof(c));

	/* 576 → 548 bytes of payload: header 240 + required 15 leaves room for
	 * the 252-byte option but not then the 102-byte one; the 12-byte one
	 * after it still fits */
	reply_init(&r);
	r.max_size = 576;
	CHECK_INT(dhcp_reply_add_u8(&r, OPT_MSG_TYPE, true, DHCPOFFER), 0);
	CHECK_INT(dhcp_reply_add_ipv4(&r, OPT_SERVER_ID, true, 0xc6120001), 0);
	CHECK_INT(dhcp_reply_add_u32(&r, OPT_LEASE_TIME, true, 3600), 0);
	CHECK_INT(dhcp_reply_add(&r, OPT_VENDOR_SPECIFIC, false, a, sizeof(a)), 0);
	CHECK_INT(dhcp_reply_add(&r, OPT_USER_CLASS, false, b, sizeof(b)), 0);
	CHECK_INT(dhcp_reply_add(&r, OPT_HOSTNAME, false, c, sizeof(c)), 0);
	int n = dhcp_reply_build(&r, out, sizeof(out));
	CHECK_INT(n, 240 + 15 + 252 + 12 + 1);
	CHECK(n <= 576 - 28);
	CHECK_INT(dhcp_msg_parse(out, (size_t)n, &msg, NULL), 0);
	CHECK(dhcp_msg_has(&msg, OPT_VENDOR_SPECIFIC));
	CHECK(!dhcp_msg_has(&msg, OPT_USER_CLASS));
	CHECK(dhcp_msg_has(&msg, OPT_HOSTNAME));
	CHECK(!dhcp_msg_has(&msg, OPT_OVERLOAD)); /* never overloads */

	/* the client asks for 77 first: it gets it, and 43 is dropped */
	static const uint8_t prl[] = { OPT_USER_CLASS };
	r.prl = prl;
	r.prl_len = 1;
	n = dhcp_reply_build(&r, out, sizeof(out));
	CHECK_INT(dhcp_msg_parse(out, (size_t)n, &msg, NULL), 0);
	CHECK(dhcp_msg_has(&msg, OPT_USER_CLASS));
	CHECK(!dhcp_msg_has(&msg, OPT_VENDOR_SPECIFIC));
	r.prl = NULL;
	r.prl_len = 0;

	/* a max size below 576 is raised to 576; 0 means 576 */
	r.max_size = 300;
	CHECK_INT(dhcp_reply_build(&r, out, sizeof(out)), 240 + 15 + 252 + 12 + 1);
	r.max_size = 0;
	CHECK_INT(dhcp_reply_build(&r, out, sizeof(out)), 240 + 15 + 252 + 12 + 1);

	/* a big max size lets everything through */
	r.max_size = 1500;
	CHECK_INT(dhcp_reply_build(&r, out, sizeof(out)), 240 + 15 + 252 + 102 + 12 + 1);

	/* above the Ethernet payload it is capped at DHCP_MAX_PAYLOAD */
	uint8_t huge[1024];
	memset(huge, 'h', sizeof(huge));
	reply_init(&r);
	r.max_size = 9000;
	CHECK_INT(dhcp_reply_add(&r, 200, false, huge, sizeof(huge)), 0);
	CHECK_INT(dhcp_reply_add(&r, 201, false, huge, 500), 0);
	n = dhcp_reply_build(&r, out, sizeof(out));
	CHECK(n > 0 && n <= DHCP_MAX_PAYLOAD);
	CHECK_INT(n, 240 + 1024 + 2 * 5 + 1); /* 201 did not fit */

	/* required options that cannot fit: -E2BIG */
	reply_init(&r);
	CHECK_INT(dhcp_reply_add(&r, OPT_VENDOR_SPECIFIC, true, huge, 400), 0);
	CHECK_INT(dhcp_reply_build(&r, out, sizeof(out)), -E2BIG);
	r.max_size = 1500;
	CHECK(dhcp_reply_build(&r, out, sizeof(out)) > 0);
	/* a buffer smaller than the header */
	CHECK_INT(dhcp_reply_build(&r, out, 100), -E2BIG);
	/* the caller's capacity bounds the reply like a max size does */
	reply_init(&r);
	CHECK_INT(dhcp_reply_add(&r, OPT_HOSTNAME, false, a, 100), 0);
	CHECK_INT(dhcp_reply_build(&r, out, 300), 300);
	CHECK_INT(out[240], OPT_END); /* 102 bytes did not fit in 300 - 241 */
}

TEST(reply_bootp_layout)
{
	struct dhcp_reply r;
	reply_init(&r);
	r.bootp = true;
	memcpy(r.file, "pxelinux.0", 11);
	memset(r.sname, 's', sizeof(r.sname)); /* full, no NUL */
	CHECK_INT(dhcp_reply_add_u8(&r, OPT_MSG_TYPE, true, DHCPOFFER), 0); /* must not appear */
	CHECK_INT(dhcp_reply_add_ipv4(&r, OPT_SUBNET_MASK, true, 0xffffc000), 0);
	CHECK_INT(dhcp_reply_add_ipv4(&r, OPT_ROUTER, false, 0xc6124001), 0);
	int n = dhcp_reply_build(&r, out, sizeof(out));
	CHECK_INT(n, 300); /* 236 + 64-byte vendor area */
	CHECK(memcmp(out + 236, (uint8_t[]){ 0x63, 0x82, 0x53, 0x63 }, 4) == 0);
	static const uint8_t want[] = { 1, 4, 255, 255, 192, 0, 3, 4, 198, 18, 64, 1, 255 };
	CHECK(memcmp(out + 240, want, sizeof(want)) == 0);
	for (size_t i = 240 + sizeof(want); i < 300; i++)
		CHECK(out[i] == 0);
	CHECK(memcmp(out + 108, "pxelinux.0", 11) == 0);
	CHECK(out[108 + 127] == 0);
	CHECK(out[44] == 's' && out[44 + 63] == 's');
	CHECK_INT(dhcp_msg_parse(out, (size_t)n, &msg, NULL), 0);
	CHECK_INT(msg.msg_type, DHCP_NONE);
	CHECK_INT(strlen(msg.sname), 64);
	CHECK_STR(msg.file, "pxelinux.0");

	/* more vendor data than 64 bytes is allowed (RFC 1542 clients) */
	uint8_t v[100] = { 0 };
	CHECK_INT(dhcp_reply_add(&r, OPT_VENDOR_SPECIFIC, false, v, sizeof(v)), 0);
	n = dhcp_reply_build(&r, out, sizeof(out));
	CHECK_INT(n, 240 + 6 + 6 + 102 + 1);
}

TEST(arch_names)
{
	for (int a = 0; a < BOOT_ARCH_COUNT; a++) {
		const char *name = boot_arch_name((enum boot_arch)a);
		CHECK(name != NULL);
		CHECK_INT(boot_arch_from_name(name), a);
	}
	CHECK_STR(boot_arch_name(BOOT_ARCH_BIOS), "bios");
	CHECK_STR(boot_arch_name(BOOT_ARCH_EFI_X64), "efi-x64");
	CHECK_STR(boot_arch_name(BOOT_ARCH_HTTP_ARM64), "http-arm64");
	CHECK_STR(boot_arch_name(BOOT_ARCH_IPXE), "ipxe");
	CHECK_INT(boot_arch_from_name("efi-arm64"), BOOT_ARCH_EFI_ARM64);
	CHECK_INT(boot_arch_from_name("EFI-X64"), -1);
	CHECK_INT(boot_arch_from_name(""), -1);
	CHECK_INT(boot_arch_from_name("efi"), -1);
	CHECK_INT(boot_arch_from_name(NULL), -1);
	CHECK_STR(boot_arch_name(BOOT_ARCH_COUNT), "unknown");
	CHECK_STR(boot_arch_name((enum boot_arch)-1), "unknown");
}

TEST_MAIN()
