/* Fuzz target for the DHCP codec: parse anything; when it parses, query
 * every option through every getter, then build a reply that echoes some of
 * the client's options in the order of its own option 55 and within its own
 * option 57, and check that the reply respects the size limit and parses
 * back with the options the builder promised. */
#include <errno.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "dhcp/dhcp_msg.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static struct dhcp_msg msg, back;

static void check(int cond)
{
	if (!cond)
		abort();
}

static void query_all(const struct dhcp_msg *m)
{
	size_t total = 0;
	for (int c = 0; c < 256; c++) {
		size_t l = 0;
		uint8_t u8;
		uint16_t u16;
		uint32_t u32;
		const uint8_t *v = dhcp_msg_get(m, (uint8_t)c, &l);
		check((v != NULL) == dhcp_msg_has(m, (uint8_t)c));
		if (!v)
			continue;
		/* every value lies inside the stored option bytes */
		check(v >= m->optbuf && (size_t)(v - m->optbuf) + l <= m->optbuf_len);
		total += l;
		int r8 = dhcp_msg_get_u8(m, (uint8_t)c, &u8);
		int r16 = dhcp_msg_get_u16(m, (uint8_t)c, &u16);
		int r32 = dhcp_msg_get_u32(m, (uint8_t)c, &u32);
		int rip = dhcp_msg_get_ipv4(m, (uint8_t)c, &u32);
		check((r8 == 0) == (l == 1) && (r16 == 0) == (l == 2) && (r32 == 0) == (l == 4) &&
		      rip == r32);
	}
	/* dropped options leave their bytes behind, so <= and not == */
	check(total <= m->optbuf_len && m->optbuf_len <= DHCP_OPT_STORE_MAX);
	check(dhcp_msg_type_name(m->msg_type) != NULL);
	check(strlen(m->sname) <= 64 && strlen(m->file) <= 128);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	const char *why = NULL;
	if (dhcp_msg_parse(data, size, &msg, &why) < 0) {
		check(why != NULL);
		return 0;
	}
	check(msg.hlen <= 16);
	check(msg.msg_type <= DHCPINFORM);
	query_all(&msg);

	static struct dhcp_reply r;
	memset(&r, 0, sizeof(r));
	r.op = BOOTREPLY;
	r.htype = msg.htype;
	r.hlen = msg.hlen;
	r.xid = msg.xid;
	r.flags = msg.flags;
	r.giaddr = msg.giaddr;
	r.yiaddr = 0xc6124010;
	memcpy(r.chaddr, msg.chaddr, sizeof(r.chaddr));
	memcpy(r.file, msg.file, strnlen(msg.file, sizeof(r.file)));
	memcpy(r.sname, msg.sname, strnlen(msg.sname, sizeof(r.sname)));
	r.bootp = msg.msg_type == DHCP_NONE;
	size_t prl_len = 0;
	r.prl = dhcp_msg_get(&msg, OPT_PARAM_REQUEST, &prl_len);
	r.prl_len = prl_len;
	uint16_t max = 0;
	if (dhcp_msg_get_u16(&msg, OPT_MAX_MSG_SIZE, &max) == 0)
		r.max_size = max;

	check(dhcp_reply_add_u8(&r, OPT_MSG_TYPE, true, DHCPOFFER) == 0);
	check(dhcp_reply_add_ipv4(&r, OPT_SERVER_ID, true, 0xc6120001) == 0);
	check(dhcp_reply_add_u32(&r, OPT_LEASE_TIME, true, 3600) == 0);
	check(dhcp_reply_add_ipv4(&r, OPT_SUBNET_MASK, false, 0xffffc000) == 0);
	/* echo what a server echoes or derives from the request; any of these
	 * may be long (up to 1024 bytes accepted, more refused) */
	static const uint8_t echo[] = { OPT_RELAY_AGENT, OPT_CLIENT_ID, OPT_VENDOR_CLASS, OPT_CLIENT_UUID,
					OPT_VENDOR_SPECIFIC, OPT_USER_CLASS, OPT_HOSTNAME, OPT_IPXE_ENCAP };
	for (size_t i = 0; i < sizeof(echo); i++) {
		size_t l = 0;
		const uint8_t *v = dhcp_msg_get(&msg, echo[i], &l);
		if (!v)
			continue;
		int rc = dhcp_reply_add(&r, echo[i], echo[i] == OPT_RELAY_AGENT && l <= 255, v, l);
		check(rc == 0 || (rc == -E2BIG && l > 1024));
	}

	static uint8_t out[DHCP_MAX_PAYLOAD];
	int n = dhcp_reply_build(&r, out, sizeof(out));
	if (n < 0) {
		check(n == -E2BIG);
		return 0;
	}
	size_t limit = (r.max_size > DHCP_MIN_MSG_SIZE ? r.max_size : DHCP_MIN_MSG_SIZE) - DHCP_UDP_OVERHEAD;
	check((size_t)n <= limit && (size_t)n <= DHCP_MAX_PAYLOAD && n >= 300);
	check(dhcp_msg_parse(out, (size_t)n, &back, &why) == 0);
	check(back.op == BOOTREPLY && back.xid == msg.xid);
	check(!dhcp_msg_has(&back, OPT_OVERLOAD));
	check(back.msg_type == (r.bootp ? DHCP_NONE : DHCPOFFER));
	uint32_t v32 = 0;
	check(dhcp_msg_get_u32(&back, OPT_LEASE_TIME, &v32) == 0 && v32 == 3600);
	check(dhcp_msg_get_ipv4(&back, OPT_SERVER_ID, &v32) == 0 && v32 == 0xc6120001);
	/* whatever came back came back whole */
	for (size_t i = 0; i < sizeof(echo); i++) {
		size_t l1 = 0, l2 = 0;
		const uint8_t *a = dhcp_msg_get(&msg, echo[i], &l1);
		const uint8_t *b = dhcp_msg_get(&back, echo[i], &l2);
		if (a && b)
			check(l1 == l2 && memcmp(a, b, l1) == 0);
	}
	return 0;
}
