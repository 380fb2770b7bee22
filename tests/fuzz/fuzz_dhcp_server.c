/* Fuzzes the pure DHCP server with sequences of packets.
 *
 * Input: one flags byte, then records of [length (2 bytes, big-endian,
 * low 11 bits), metadata byte, packet bytes]. Flags: bit 0 proxyDHCP,
 * bit 1 authoritative, bit 2 BOOTP allowed, bit 3 deny-unknown on the
 * relayed subnet. Metadata: bit 0 arrived on port 4011, bit 1 on the
 * interface without a local subnet, bit 2 unicast to us (else broadcast),
 * bit 3 save -> drop -> reload the leases through the committed mutations
 * afterwards, bits 4-7 advance the clock by that many times 97 seconds.
 *
 * After every packet: the reply fits DHCP_MAX_PAYLOAD and parses back as a
 * BOOTREPLY; every address offered or acknowledged lies in a configured
 * subnet; no committed BOUND lease takes a pool address from another client
 * whose lease has not ended, nor a quarantined one; the committed store
 * never holds two leases for one address (it is keyed by address, as the
 * SQLite store is); proxy mode commits nothing. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "dhcp/dhcp_server.h"
#include "dhcp/dhcp_leases.h"

#define MAX_PACKETS 64
#define MAX_STORE 512

static struct pxed_conf conf;
static struct conf_subnet subs[2];
static struct conf_range rngs[2];
static struct conf_host hosts[2];
static uint8_t host_mac[6] = { 0x52, 0x54, 0x00, 0x00, 0x00, 0x07 };
static uint8_t host2_mac[6] = { 0x52, 0x54, 0x00, 0x00, 0x00, 0x08 };
static uint8_t host_cid[] = { 0xff, 1, 2, 3, 4 };
static uint8_t dns[4] = { 198, 18, 0, 2 };
static uint8_t search[300];
static struct conf_option gopts[2];

/* The committed store, as the shell would keep it. */
static struct dhcp_lease store[MAX_STORE];
static size_t nstore;

static void build_conf(uint8_t flags)
{
	memset(&conf, 0, sizeof(conf));
	memset(subs, 0, sizeof(subs));
	memset(hosts, 0, sizeof(hosts));
	rngs[0] = (struct conf_range){ 0xc6120064, 0xc6120077 }; /* 198.18.0.100-119 */
	rngs[1] = (struct conf_range){ 0xc6120232, 0xc6120235 }; /* 198.18.2.50-53 */
	subs[0] = (struct conf_subnet){ .network = 0xc6120000, .netmask = 0xffffff00, .ranges = &rngs[0],
					.nranges = 1, .allow_bootp = -1 };
	subs[0].boot.file[BOOT_ARCH_EFI_X64] = "grubx64.efi";
	subs[1] = (struct conf_subnet){ .network = 0xc6120200, .netmask = 0xffffff00, .ranges = &rngs[1],
					.nranges = 1, .allow_bootp = 1, .lease_time = 120,
					.deny_unknown = (flags & 8) != 0, .next_server = 0xc6120205 };
	hosts[0] = (struct conf_host){ .name = "node07", .macs = &host_mac, .nmacs = 1, .ip = 0xc6120007,
				       .hostname = "node07" };
	hosts[0].boot.file[BOOT_ARCH_BIOS] = "node07/pxelinux.0";
	hosts[1] = (struct conf_host){ .name = "byid", .macs = &host2_mac, .nmacs = 1, .client_id = host_cid,
				       .client_id_len = sizeof(host_cid), .ip = 0xc6120233 };
	memset(search, 'a', sizeof(search));
	gopts[0] = (struct conf_option){ 6, 4, dns };
	gopts[1] = (struct conf_option){ 119, sizeof(search), search };
	conf.dhcp.enabled = true;
	conf.dhcp.proxy = (flags & 1) != 0;
	conf.dhcp.authoritative = (flags & 2) != 0;
	conf.dhcp.allow_bootp = (flags & 4) != 0;
	conf.dhcp.allow_booting = true;
	conf.dhcp.lease_time = 300;
	conf.dhcp.max_lease_time = 600;
	conf.dhcp.boot.file[BOOT_ARCH_IPXE] = "http://${next-server}:${http-port}/${mac}/${ip}.ipxe";
	conf.dhcp.options = (struct conf_optset){ gopts, 2 };
	conf.dhcp.subnets = subs;
	conf.dhcp.nsubnets = 2;
	conf.dhcp.hosts = hosts;
	conf.dhcp.nhosts = 2;
	conf.http.port = 8080;
}

static bool in_some_subnet(uint32_t ip)
{
	for (size_t i = 0; i < conf.dhcp.nsubnets; i++)
		if ((ip & subs[i].netmask) == subs[i].network)
			return true;
	return false;
}

static bool is_fixed(uint32_t ip)
{
	for (size_t i = 0; i < conf.dhcp.nhosts; i++)
		if (hosts[i].ip == ip)
			return true;
	return false;
}

static bool same_client(const struct dhcp_lease *a, const struct dhcp_lease *b)
{
	struct lease_client c;
	lease_client_from_lease(&c, b);
	return lease_is_client(a, &c);
}

static struct dhcp_lease *store_find(uint32_t ip)
{
	for (size_t i = 0; i < nstore; i++)
		if (store[i].ip == ip)
			return &store[i];
	return NULL;
}

static void commit(const struct dhcp_result *out, int64_t now)
{
	for (size_t i = 0; i < out->nmut; i++) {
		const struct dhcp_mutation *mu = &out->mut[i];
		struct dhcp_lease *cur = store_find(mu->lease.ip);
		if (mu->del) {
			if (cur)
				*cur = store[--nstore];
			continue;
		}
		if (mu->lease.state == LEASE_OFFERED)
			abort(); /* offers are never stored */
		if (mu->lease.state == LEASE_BOUND && cur && cur->state == LEASE_BOUND && cur->ends > now &&
		    !same_client(cur, &mu->lease) && !is_fixed(mu->lease.ip))
			abort(); /* a live lease handed to a second client */
		if (mu->lease.state == LEASE_BOUND && cur && cur->state == LEASE_DECLINED && cur->ends > now &&
		    !is_fixed(mu->lease.ip))
			abort(); /* a quarantined address handed out */
		if (cur) {
			*cur = mu->lease;
		} else if (nstore < MAX_STORE) {
			store[nstore++] = mu->lease;
		}
	}
	for (size_t i = 0; i < nstore; i++)
		for (size_t j = i + 1; j < nstore; j++)
			if (store[i].ip == store[j].ip)
				abort();
}

static struct dhcp_msg reply;

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static void check_reply(const struct dhcp_result *out)
{
	if (!out->has_tx)
		return;
	if (out->tx.len > DHCP_MAX_PAYLOAD || out->tx.len < 240)
		abort();
	const char *why;
	if (dhcp_msg_parse(out->tx.data, out->tx.len, &reply, &why) < 0 || reply.op != BOOTREPLY)
		abort();
	if (out->tx.dest < DHCP_DEST_BROADCAST || out->tx.dest > DHCP_DEST_UNICAST_HW || !out->tx.dst_port)
		abort();
	if (out->ev.kind == DHCP_EV_ACK || out->ev.kind == DHCP_EV_OFFER || out->ev.kind == DHCP_EV_BOOTP)
		if (!in_some_subnet(reply.yiaddr))
			abort();
	if (out->ev.kind == DHCP_EV_PROXY && reply.yiaddr != 0)
		abort();
	if (conf.dhcp.proxy && out->nmut)
		abort(); /* proxy mode never writes leases */
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	if (size < 1)
		return 0;
	build_conf(data[0]);
	struct dhcp_server *s = dhcp_server_new(&conf);
	if (!s)
		return 0;
	nstore = 0;
	static struct dhcp_result out;
	int64_t now = 1700000000;
	size_t off = 1;
	for (int n = 0; n < MAX_PACKETS && off + 3 <= size; n++) {
		size_t len = (((size_t)data[off] << 8) | data[off + 1]) & 0x7ff;
		uint8_t meta = data[off + 2];
		off += 3;
		if (len > size - off)
			len = size - off;
		now += (int64_t)(meta >> 4) * 97;
		struct dhcp_rx rx = {
			.data = data + off,
			.len = len,
			.src_ip = (meta & 4) ? 0xc6120065 : 0,
			.src_port = (meta & 1) ? 4011 : 68,
			.dst_ip = (meta & 4) ? 0xc6120001 : 0xffffffffu,
			.local_port = (meta & 1) ? 4011 : 67,
			.ifindex = (meta & 2) ? 3 : 2,
			.ifname = (meta & 2) ? "eth2" : "eth1",
			.if_addr = (meta & 2) ? 0xc6120301 : 0xc6120001,
			.if_netmask = 0xffffff00,
		};
		off += len;
		if (dhcp_server_handle(s, &rx, now, &out) < 0)
			continue;
		if (out.nmut > DHCP_MAX_MUTATIONS)
			abort();
		check_reply(&out);
		commit(&out, now);
		if (meta & 8) {
			dhcp_server_clear_leases(s);
			for (size_t i = 0; i < nstore; i++)
				if (dhcp_server_load_lease(s, &store[i]) < 0)
					abort();
		}
		/* A reload with the same config must not disturb anything. */
		if (n == 7)
			dhcp_server_set_conf(s, &conf);
	}
	dhcp_server_free(s);
	return 0;
}
