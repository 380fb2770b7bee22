/* The pure DHCP server driven packet by packet with a fake clock and a
 * hand-built configuration. */
#include <errno.h>
#include <string.h>

#include "core/log.h"
#include "dhcp/dhcp_server.h"
#include "dhcp_test_pkt.h"
#include "test.h"

#define T0 1700000000
#define SRV tp_ip(198, 18, 0, 1)
#define A(d) tp_ip(198, 18, 0, d)
#define B(d) tp_ip(198, 18, 2, d)
#define C(d) tp_ip(198, 18, 4, d)

/* ---- fixture ---- */

static struct pxed_conf conf;
static struct conf_subnet subs[3];
static struct conf_range rngs[3];
static struct conf_host hosts[5];
static uint8_t host_macs[5][6];
static uint8_t cid_host_id[] = { 0xff, 0x00, 0x00, 0x00, 0x01, 0x00, 0x02, 0xaa, 0xbb };
static struct conf_option opts_a[4];
static uint8_t router_a[4] = { 198, 18, 0, 1 }, dns_a[4] = { 198, 18, 0, 2 };
static char domain_a[] = "lab.example";
static struct dhcp_server *srv;
static struct dhcp_result out;
static struct dhcp_msg rep; /* the parsed reply */
static int64_t now;

static const uint8_t MAC1[6] = { 0x52, 0x54, 0x00, 0x12, 0x34, 0x56 };
static const uint8_t MAC2[6] = { 0x52, 0x54, 0x00, 0x12, 0x34, 0x57 };
static const uint8_t MAC3[6] = { 0x52, 0x54, 0x00, 0x12, 0x34, 0x58 };
#define NODE07 host_macs[0]
#define DENIED host_macs[2]
#define KNOWN4 host_macs[3]

/* Subnet A 198.18.0.0/24 (pool .100-.199) is the receiving interface's;
 * subnet B 198.18.2.0/24 (pool .50-.59) is behind relay 198.18.2.1;
 * subnet C 198.18.4.0/24 (pool .10-.20) behind relay 198.18.4.1 serves
 * known hosts only. */
static void setup(void)
{
	srv = dhcp_server_free(srv);
	memset(&conf, 0, sizeof(conf));
	memset(subs, 0, sizeof(subs));
	memset(hosts, 0, sizeof(hosts));
	now = T0;
	rngs[0] = (struct conf_range){ A(100), A(199) };
	rngs[1] = (struct conf_range){ B(50), B(59) };
	rngs[2] = (struct conf_range){ C(10), C(20) };
	opts_a[0] = (struct conf_option){ 3, 4, router_a };
	opts_a[1] = (struct conf_option){ 6, 4, dns_a };
	opts_a[2] = (struct conf_option){ 15, (uint16_t)strlen(domain_a), (uint8_t *)domain_a };
	opts_a[3] = (struct conf_option){ 51, 4, router_a }; /* server-managed: must be ignored */
	subs[0] = (struct conf_subnet){ .network = A(0), .netmask = 0xffffff00, .ranges = &rngs[0], .nranges = 1,
					.allow_bootp = -1, .options = { opts_a, 4 } };
	subs[1] = (struct conf_subnet){ .network = B(0), .netmask = 0xffffff00, .ranges = &rngs[1], .nranges = 1,
					.allow_bootp = -1, .lease_time = 3600 };
	subs[2] = (struct conf_subnet){ .network = C(0), .netmask = 0xffffff00, .ranges = &rngs[2], .nranges = 1,
					.allow_bootp = -1, .deny_unknown = true };
	for (int i = 0; i < 5; i++) {
		uint8_t m[6] = { 0x52, 0x54, 0x00, 0x00, 0x00, (uint8_t)(7 + i) };
		memcpy(host_macs[i], m, 6);
	}
	hosts[0] = (struct conf_host){ .name = "node07", .macs = &host_macs[0], .nmacs = 1, .ip = A(7),
				       .hostname = "node07" };
	hosts[1] = (struct conf_host){ .name = "byid", .client_id = cid_host_id,
				       .client_id_len = sizeof(cid_host_id), .ip = A(8) };
	hosts[2] = (struct conf_host){ .name = "denied", .macs = &host_macs[2], .nmacs = 1, .deny = true };
	hosts[3] = (struct conf_host){ .name = "known4", .macs = &host_macs[3], .nmacs = 1 };
	hosts[4] = (struct conf_host){ .name = "special", .macs = &host_macs[4], .nmacs = 1 };
	hosts[4].boot.file[BOOT_ARCH_EFI_X64] = "host/special.efi";
	conf.dhcp.enabled = true;
	conf.dhcp.authoritative = true;
	conf.dhcp.allow_booting = true;
	conf.dhcp.lease_time = 43200;
	conf.dhcp.max_lease_time = 86400;
	conf.dhcp.subnets = subs;
	conf.dhcp.nsubnets = 3;
	conf.dhcp.hosts = hosts;
	conf.dhcp.nhosts = 5;
	conf.http.port = 8080;
	srv = dhcp_server_new(&conf);
	CHECK(srv != NULL);
}

static struct dhcp_rx rx_local(void)
{
	return (struct dhcp_rx){ .src_ip = 0, .src_port = 68, .dst_ip = 0xffffffffu, .local_port = 67,
				 .ifindex = 2, .ifname = "eth1", .if_addr = SRV, .if_netmask = 0xffffff00 };
}

/* Handles a packet; parses the reply into `rep`. Returns the event kind. */
static int handle_rx(const struct tpkt *p, struct dhcp_rx rx)
{
	rx.data = p->b;
	rx.len = p->len;
	memset(&out, 0x5a, sizeof(out)); /* the server must fill everything it reports */
	CHECK_INT(dhcp_server_handle(srv, &rx, now, &out), 0);
	memset(&rep, 0, sizeof(rep));
	if (out.has_tx) {
		CHECK(out.tx.len <= DHCP_MAX_PAYLOAD);
		const char *why = NULL;
		CHECK_INT(dhcp_msg_parse(out.tx.data, out.tx.len, &rep, &why), 0);
		CHECK_INT(rep.op, BOOTREPLY);
	}
	CHECK(strlen(out.ev.text) > 0);
	CHECK(strchr(out.ev.text, '\n') == NULL);
	return out.ev.kind;
}

static int handle(const struct tpkt *p) { return handle_rx(p, rx_local()); }

static uint32_t rep_u32(uint8_t code)
{
	uint32_t v = 0;
	if (dhcp_msg_get_u32(&rep, code, &v) < 0)
		return 0xdeadbeef;
	return v;
}

static bool rep_is(uint8_t code, const void *v, size_t n)
{
	size_t l;
	const uint8_t *p = dhcp_msg_get(&rep, code, &l);
	return p && l == n && memcmp(p, v, n) == 0;
}

static void discover(struct tpkt *p, const uint8_t *mac, uint32_t xid)
{
	tp_init(p, DHCPDISCOVER, mac, xid);
}

static void request_selecting(struct tpkt *p, const uint8_t *mac, uint32_t xid, uint32_t ip, uint32_t sid)
{
	tp_init(p, DHCPREQUEST, mac, xid);
	tp_opt_u32(p, OPT_SERVER_ID, sid);
	tp_opt_u32(p, OPT_REQUESTED_IP, ip);
}

/* DISCOVER + REQUEST; returns the address, 0 on failure. */
static uint32_t dora(const uint8_t *mac)
{
	struct tpkt p;
	discover(&p, mac, 0x1000 + mac[5]);
	tp_end(&p);
	if (handle(&p) != DHCP_EV_OFFER)
		return 0;
	uint32_t ip = rep.yiaddr;
	request_selecting(&p, mac, 0x1000 + mac[5], ip, SRV);
	tp_end(&p);
	if (handle(&p) != DHCP_EV_ACK)
		return 0;
	CHECK_INT(rep.yiaddr, ip);
	return ip;
}

/* ---- DORA ---- */

TEST(full_dora)
{
	setup();
	struct tpkt p;
	discover(&p, MAC1, 0xabcd);
	uint8_t prl[] = { 1, 3, 6, 15 };
	tp_opt(&p, OPT_PARAM_REQUEST, prl, sizeof(prl));
	tp_end(&p);
	CHECK_INT(handle(&p), DHCP_EV_OFFER);
	CHECK_INT(out.ev.level, LOG_LVL_INFO);
	CHECK_INT(out.nmut, 0);
	CHECK(out.has_tx);
	CHECK_INT(rep.msg_type, DHCPOFFER);
	CHECK_INT(rep.xid, 0xabcd);
	CHECK_INT(rep.yiaddr, A(100));
	CHECK_INT(rep.ciaddr, 0);
	CHECK(memcmp(rep.chaddr, MAC1, 6) == 0);
	CHECK_INT(rep_u32(OPT_SERVER_ID), SRV);
	CHECK_INT(rep_u32(OPT_LEASE_TIME), 43200);
	CHECK_INT(rep_u32(OPT_RENEWAL_TIME), 21600);
	CHECK_INT(rep_u32(OPT_REBINDING_TIME), 37800);
	CHECK_INT(rep_u32(OPT_SUBNET_MASK), 0xffffff00);
	CHECK(rep_is(OPT_ROUTER, router_a, 4));
	CHECK(rep_is(OPT_DNS, dns_a, 4));
	CHECK(rep_is(OPT_DOMAIN_NAME, domain_a, strlen(domain_a)));
	CHECK(!dhcp_msg_has(&rep, OPT_VENDOR_CLASS)); /* not a PXE client */
	CHECK(!dhcp_msg_has(&rep, OPT_VENDOR_SPECIFIC));
	/* like ISC dhcpd's `filename`, every client gets the default boot file */
	CHECK_STR(rep.file, "pxelinux.0");
	CHECK_INT(rep.siaddr, SRV);
	CHECK_INT(rep.sname[0], 0);
	CHECK_INT(out.tx.dest, DHCP_DEST_UNICAST_HW);
	CHECK_INT(out.tx.dst_ip, A(100));
	CHECK_INT(out.tx.dst_port, 68);
	CHECK_INT(out.tx.dst_hlen, 6);
	CHECK(memcmp(out.tx.dst_hw, MAC1, 6) == 0);
	CHECK_INT(out.tx.src_ip, SRV);
	CHECK_INT(out.tx.src_port, 67);
	CHECK_INT(out.tx.ifindex, 2);
	CHECK_INT(out.ev.ip, A(100));
	CHECK_INT(out.ev.arch, -1);
	CHECK_STR(out.ev.text, "DHCPOFFER 198.18.0.100 to 52:54:00:12:34:56 via eth1, lease 12h");
	CHECK_INT(dhcp_server_lease_count(srv), 1);

	request_selecting(&p, MAC1, 0xabcd, A(100), SRV);
	tp_opt_str(&p, OPT_HOSTNAME, "web\x01");
	tp_end(&p);
	CHECK_INT(handle(&p), DHCP_EV_ACK);
	CHECK_INT(rep.msg_type, DHCPACK);
	CHECK_INT(rep.yiaddr, A(100));
	CHECK_INT(rep_u32(OPT_LEASE_TIME), 43200);
	CHECK_INT(out.nmut, 1);
	CHECK(!out.mut[0].del);
	const struct dhcp_lease *l = &out.mut[0].lease;
	CHECK_INT(l->ip, A(100));
	CHECK_INT(l->state, LEASE_BOUND);
	CHECK_INT(l->htype, 1);
	CHECK_INT(l->hlen, 6);
	CHECK(memcmp(l->chaddr, MAC1, 6) == 0);
	CHECK_INT(l->client_id_len, 0);
	CHECK_INT(l->starts, T0);
	CHECK_INT(l->ends, T0 + 43200);
	CHECK_STR(l->hostname, "web\\x01");
	CHECK_STR(out.ev.text, "DHCPACK 198.18.0.100 to 52:54:00:12:34:56 (web\\x01) via eth1, lease 12h");
	CHECK_INT(dhcp_server_lease_count(srv), 1);
}

TEST(two_discovers_get_different_addresses)
{
	setup();
	struct tpkt p;
	discover(&p, MAC1, 1);
	tp_end(&p);
	CHECK_INT(handle(&p), DHCP_EV_OFFER);
	uint32_t a = rep.yiaddr;
	discover(&p, MAC2, 2);
	tp_opt_u32(&p, OPT_REQUESTED_IP, a); /* even when asking for it */
	tp_end(&p);
	CHECK_INT(handle(&p), DHCP_EV_OFFER);
	uint32_t b = rep.yiaddr;
	CHECK(a != b);
	/* And the second cannot take the first's address with a REQUEST. */
	request_selecting(&p, MAC2, 2, a, SRV);
	tp_end(&p);
	CHECK_INT(handle(&p), DHCP_EV_NAK);
	/* Retransmitted DISCOVER gets the same offer. */
	discover(&p, MAC1, 3);
	tp_end(&p);
	CHECK_INT(handle(&p), DHCP_EV_OFFER);
	CHECK_INT(rep.yiaddr, a);
}

TEST(request_for_another_server)
{
	setup();
	struct tpkt p;
	discover(&p, MAC1, 1);
	tp_end(&p);
	CHECK_INT(handle(&p), DHCP_EV_OFFER);
	uint32_t a = rep.yiaddr;
	request_selecting(&p, MAC1, 1, tp_ip(198, 18, 0, 250), tp_ip(198, 18, 0, 254));
	tp_end(&p);
	CHECK_INT(handle(&p), DHCP_EV_IGNORED);
	CHECK(!out.has_tx);
	CHECK_INT(out.nmut, 0);
	CHECK_INT(out.ev.level, LOG_LVL_DEBUG);
	CHECK(strstr(out.ev.text, "offer withdrawn") != NULL);
	/* The hold is gone: another client may have the address. */
	discover(&p, MAC2, 2);
	tp_opt_u32(&p, OPT_REQUESTED_IP, a);
	tp_end(&p);
	CHECK_INT(handle(&p), DHCP_EV_OFFER);
	CHECK_INT(rep.yiaddr, a);
}

TEST(selecting_without_offer)
{
	setup();
	struct tpkt p;
	/* Free pool address requested with our server id: granted. */
	request_selecting(&p, MAC1, 1, A(150), SRV);
	tp_end(&p);
	CHECK_INT(handle(&p), DHCP_EV_ACK);
	CHECK_INT(rep.yiaddr, A(150));
	/* Outside the pool: NAK. */
	request_selecting(&p, MAC2, 2, A(20), SRV);
	tp_end(&p);
	CHECK_INT(handle(&p), DHCP_EV_NAK);
	/* Server id but no address at all: malformed. */
	tp_init(&p, DHCPREQUEST, MAC3, 3);
	tp_opt_u32(&p, OPT_SERVER_ID, SRV);
	tp_end(&p);
	CHECK_INT(handle(&p), DHCP_EV_DROPPED);
	CHECK_INT(out.ev.level, LOG_LVL_WARN);
}

/* ---- INIT-REBOOT ---- */

static void init_reboot(struct tpkt *p, const uint8_t *mac, uint32_t ip)
{
	tp_init(p, DHCPREQUEST, mac, 77);
	tp_opt_u32(p, OPT_REQUESTED_IP, ip);
	tp_end(p);
}

TEST(init_reboot)
{
	setup();
	uint32_t a = dora(MAC1);
	CHECK_INT(a, A(100));
	struct tpkt p;
	now += 100;
	init_reboot(&p, MAC1, a);
	CHECK_INT(handle(&p), DHCP_EV_ACK);
	CHECK_INT(rep.yiaddr, a);
	CHECK_INT(out.nmut, 1);
	CHECK_INT(out.mut[0].lease.ends, now + 43200);
	CHECK_INT(out.tx.dest, DHCP_DEST_UNICAST_HW);

	/* Wrong network: NAK, broadcast. */
	init_reboot(&p, MAC1, tp_ip(10, 1, 2, 3));
	CHECK_INT(handle(&p), DHCP_EV_NAK);
	CHECK_INT(rep.msg_type, DHCPNAK);
	CHECK_INT(rep.yiaddr, 0);
	CHECK_INT(out.tx.dest, DHCP_DEST_BROADCAST);
	CHECK_INT(out.tx.dst_ip, 0xffffffffu);
	CHECK_INT(out.tx.dst_port, 68);
	CHECK_INT(out.nmut, 0);
	CHECK_INT(rep_u32(OPT_SERVER_ID), SRV);
	CHECK(!dhcp_msg_has(&rep, OPT_LEASE_TIME));
	CHECK(dhcp_msg_has(&rep, OPT_MESSAGE));
	CHECK(strstr(out.ev.text, "not on this network") != NULL);

	/* Someone else's address: NAK. */
	init_reboot(&p, MAC2, a);
	CHECK_INT(handle(&p), DHCP_EV_NAK);
	CHECK(strstr(out.ev.text, "another client") != NULL);

	/* No record: authoritative NAKs ... */
	init_reboot(&p, MAC3, A(120));
	CHECK_INT(handle(&p), DHCP_EV_NAK);
	/* ... a non-authoritative server stays silent. */
	conf.dhcp.authoritative = false;
	init_reboot(&p, MAC3, A(120));
	CHECK_INT(handle(&p), DHCP_EV_IGNORED);
	CHECK(!out.has_tx);
	/* Even non-authoritative: someone else's lease is NAKed. */
	init_reboot(&p, MAC2, a);
	CHECK_INT(handle(&p), DHCP_EV_NAK);
}

TEST(init_reboot_for_loaded_lease)
{
	setup();
	struct dhcp_lease l = { .ip = A(142), .state = LEASE_BOUND, .htype = 1, .hlen = 6, .starts = T0 - 100,
				.ends = T0 + 1000 };
	memcpy(l.chaddr, MAC2, 6);
	CHECK_INT(dhcp_server_load_lease(srv, &l), 0);
	CHECK_INT(dhcp_server_lease_count(srv), 1);
	struct tpkt p;
	init_reboot(&p, MAC2, A(142));
	CHECK_INT(handle(&p), DHCP_EV_ACK);
	/* A DISCOVER from it gets the same address too. */
	discover(&p, MAC2, 5);
	tp_end(&p);
	CHECK_INT(handle(&p), DHCP_EV_OFFER);
	CHECK_INT(rep.yiaddr, A(142));
	struct dhcp_lease bad = l;
	bad.state = 0;
	CHECK_INT(dhcp_server_load_lease(srv, &bad), -EINVAL);
	dhcp_server_clear_leases(srv);
	CHECK_INT(dhcp_server_lease_count(srv), 0);
}

/* ---- RENEWING / REBINDING ---- */

TEST(renew_and_rebind)
{
	setup();
	uint32_t a = dora(MAC1);
	struct tpkt p;
	now += 21600;
	tp_init(&p, DHCPREQUEST, MAC1, 9);
	tp_put32(&p, TP_OFF_CIADDR, a);
	tp_end(&p);
	struct dhcp_rx rx = rx_local();
	rx.src_ip = a;
	rx.dst_ip = SRV; /* unicast: RENEWING */
	CHECK_INT(handle_rx(&p, rx), DHCP_EV_ACK);
	CHECK_INT(rep.yiaddr, a);
	CHECK_INT(rep.ciaddr, a);
	CHECK_INT(out.tx.dest, DHCP_DEST_UNICAST);
	CHECK_INT(out.tx.dst_ip, a);
	CHECK_INT(out.tx.dst_port, 68);
	CHECK_INT(out.nmut, 1);
	CHECK_INT(out.mut[0].lease.ends, now + 43200);

	/* REBINDING: broadcast with ciaddr. */
	now += 16200;
	rx.dst_ip = 0xffffffffu;
	CHECK_INT(handle_rx(&p, rx), DHCP_EV_ACK);
	CHECK_INT(out.mut[0].lease.ends, now + 43200);
	CHECK_INT(out.tx.dest, DHCP_DEST_UNICAST);

	/* Renewing somebody else's address: NAK. */
	tp_init(&p, DHCPREQUEST, MAC2, 10);
	tp_put32(&p, TP_OFF_CIADDR, a);
	tp_end(&p);
	rx.dst_ip = SRV;
	CHECK_INT(handle_rx(&p, rx), DHCP_EV_NAK);
	CHECK_INT(out.tx.dest, DHCP_DEST_BROADCAST);
	/* Rebinding an address we know nothing about, not authoritative:
	 * another server's client, stay silent. */
	conf.dhcp.authoritative = false;
	tp_init(&p, DHCPREQUEST, MAC3, 11);
	tp_put32(&p, TP_OFF_CIADDR, A(180));
	tp_end(&p);
	rx.dst_ip = 0xffffffffu;
	CHECK_INT(handle_rx(&p, rx), DHCP_EV_IGNORED);
	CHECK(!out.has_tx);
	/* ... but renewing one with us directly is NAKed. */
	rx.dst_ip = SRV;
	CHECK_INT(handle_rx(&p, rx), DHCP_EV_NAK);
	/* Renewing from a network we do not serve: NAK (wrong network). */
	tp_init(&p, DHCPREQUEST, MAC1, 12);
	tp_put32(&p, TP_OFF_CIADDR, tp_ip(10, 9, 9, 9));
	tp_end(&p);
	CHECK_INT(handle_rx(&p, rx), DHCP_EV_NAK);
}

TEST(requested_lease_time)
{
	setup();
	struct tpkt p;
	uint32_t asks[] = { 100000, 600, 10 };
	uint32_t gets[] = { 86400, 600, 60 };
	for (int i = 0; i < 3; i++) {
		discover(&p, MAC1, 1);
		tp_opt_u32(&p, OPT_LEASE_TIME, asks[i]);
		tp_end(&p);
		CHECK_INT(handle(&p), DHCP_EV_OFFER);
		CHECK_INT(rep_u32(OPT_LEASE_TIME), gets[i]);
	}
	/* Infinite max and request: infinite, no T1/T2. */
	conf.dhcp.max_lease_time = UINT32_MAX;
	discover(&p, MAC1, 1);
	tp_opt_u32(&p, OPT_LEASE_TIME, UINT32_MAX);
	tp_end(&p);
	CHECK_INT(handle(&p), DHCP_EV_OFFER);
	CHECK_INT(rep_u32(OPT_LEASE_TIME), UINT32_MAX);
	CHECK(!dhcp_msg_has(&rep, OPT_RENEWAL_TIME));
	CHECK(strstr(out.ev.text, "lease infinite") != NULL);
	request_selecting(&p, MAC1, 1, rep.yiaddr, SRV);
	tp_opt_u32(&p, OPT_LEASE_TIME, UINT32_MAX);
	tp_end(&p);
	CHECK_INT(handle(&p), DHCP_EV_ACK);
	CHECK(out.mut[0].lease.ends == INT64_MAX);
	/* Subnet lease time. */
	struct dhcp_rx rx = rx_local();
	discover(&p, MAC2, 1);
	tp_put32(&p, TP_OFF_GIADDR, B(1));
	tp_end(&p);
	CHECK_INT(handle_rx(&p, rx), DHCP_EV_OFFER);
	CHECK_INT(rep_u32(OPT_LEASE_TIME), 3600);
}

/* ---- DECLINE / RELEASE / expiry ---- */

TEST(decline_quarantine_and_expiry)
{
	setup();
	uint32_t a = dora(MAC1);
	struct tpkt p;
	tp_init(&p, DHCPDECLINE, MAC1, 5);
	tp_opt_u32(&p, OPT_REQUESTED_IP, a);
	tp_opt_u32(&p, OPT_SERVER_ID, SRV);
	tp_end(&p);
	CHECK_INT(handle(&p), DHCP_EV_DECLINE);
	CHECK_INT(out.ev.level, LOG_LVL_WARN);
	CHECK(!out.has_tx);
	CHECK_INT(out.nmut, 1);
	CHECK_INT(out.mut[0].lease.state, LEASE_DECLINED);
	CHECK_INT(out.mut[0].lease.ends, now + 600);
	CHECK(strstr(out.ev.text, "52:54:00:12:34:56") != NULL);
	CHECK(strstr(out.ev.text, "198.18.0.100") != NULL);
	CHECK(strstr(out.ev.text, "quarantined for 10m") != NULL);
	/* The client gets another address; nobody gets the declined one. */
	discover(&p, MAC1, 6);
	tp_end(&p);
	CHECK_INT(handle(&p), DHCP_EV_OFFER);
	CHECK(rep.yiaddr != a);
	discover(&p, MAC2, 7);
	tp_opt_u32(&p, OPT_REQUESTED_IP, a);
	tp_end(&p);
	CHECK_INT(handle(&p), DHCP_EV_OFFER);
	CHECK(rep.yiaddr != a);
	/* After the quarantine it is usable again. */
	now += 601;
	discover(&p, MAC3, 8);
	tp_opt_u32(&p, OPT_REQUESTED_IP, a);
	tp_end(&p);
	CHECK_INT(handle(&p), DHCP_EV_OFFER);
	CHECK_INT(rep.yiaddr, a);
	/* Declining someone else's address does nothing. */
	uint32_t b = dora(MAC2);
	tp_init(&p, DHCPDECLINE, MAC3, 9);
	tp_opt_u32(&p, OPT_REQUESTED_IP, b);
	tp_end(&p);
	CHECK_INT(handle(&p), DHCP_EV_IGNORED);
	CHECK_INT(out.nmut, 0);
	/* A configured decline hold. */
	conf.dhcp.decline_hold = 60;
	tp_init(&p, DHCPDECLINE, MAC2, 10);
	tp_opt_u32(&p, OPT_REQUESTED_IP, b);
	tp_end(&p);
	CHECK_INT(handle(&p), DHCP_EV_DECLINE);
	CHECK_INT(out.mut[0].lease.ends, now + 60);
}

TEST(release_and_affinity)
{
	setup();
	uint32_t a = dora(MAC1);
	struct tpkt p;
	now += 50;
	tp_init(&p, DHCPRELEASE, MAC1, 5);
	tp_put32(&p, TP_OFF_CIADDR, a);
	tp_opt_u32(&p, OPT_SERVER_ID, SRV);
	tp_end(&p);
	CHECK_INT(handle(&p), DHCP_EV_RELEASE);
	CHECK(!out.has_tx);
	CHECK_INT(out.nmut, 1);
	CHECK_INT(out.mut[0].lease.state, LEASE_RELEASED);
	CHECK_INT(out.mut[0].lease.ends, now);
	/* Releasing again, or someone else's: ignored. */
	CHECK_INT(handle(&p), DHCP_EV_IGNORED);
	/* A newcomer gets a fresh address, the old client its old one. */
	CHECK(dora(MAC2) != a);
	CHECK_INT(dora(MAC1), a);
	tp_init(&p, DHCPRELEASE, MAC2, 6);
	tp_put32(&p, TP_OFF_CIADDR, a);
	tp_end(&p);
	CHECK_INT(handle(&p), DHCP_EV_IGNORED);
	CHECK_INT(out.nmut, 0);
	tp_init(&p, DHCPRELEASE, MAC1, 7);
	tp_end(&p);
	CHECK_INT(handle(&p), DHCP_EV_DROPPED);
}

TEST(expiry_reuse_and_pool_exhaustion)
{
	setup();
	struct tpkt p;
	struct dhcp_rx rx = rx_local();
	/* Fill the 10-address relayed pool. */
	for (int i = 0; i < 10; i++) {
		uint8_t mac[6] = { 2, 0, 0, 0, 1, (uint8_t)i };
		discover(&p, mac, (uint32_t)i);
		tp_put32(&p, TP_OFF_GIADDR, B(1));
		tp_end(&p);
		CHECK_INT(handle_rx(&p, rx), DHCP_EV_OFFER);
		uint32_t ip = rep.yiaddr;
		request_selecting(&p, mac, (uint32_t)i, ip, SRV);
		tp_put32(&p, TP_OFF_GIADDR, B(1));
		tp_opt_u32(&p, OPT_LEASE_TIME, 600 + 60 * (uint32_t)i);
		tp_end(&p);
		CHECK_INT(handle_rx(&p, rx), DHCP_EV_ACK);
	}
	uint8_t late[6] = { 2, 0, 0, 0, 2, 0 };
	discover(&p, late, 99);
	tp_put32(&p, TP_OFF_GIADDR, B(1));
	tp_end(&p);
	CHECK_INT(handle_rx(&p, rx), DHCP_EV_POOL_EXHAUSTED);
	CHECK_INT(out.ev.level, LOG_LVL_ERROR);
	CHECK(!out.has_tx);
	CHECK(strstr(out.ev.text, "198.18.2.0/24") != NULL);
	CHECK(strstr(out.ev.text, "02:00:00:00:02:00") != NULL);
	/* The first lease (600 s) expires first and goes to the newcomer. */
	now += 601;
	CHECK_INT(handle_rx(&p, rx), DHCP_EV_OFFER);
	CHECK_INT(rep.yiaddr, B(50));
	request_selecting(&p, late, 99, B(50), SRV);
	tp_put32(&p, TP_OFF_GIADDR, B(1));
	tp_end(&p);
	CHECK_INT(handle_rx(&p, rx), DHCP_EV_ACK);
	/* Its old owner, back later, gets a different address. */
	now += 120;
	uint8_t first[6] = { 2, 0, 0, 0, 1, 0 };
	discover(&p, first, 100);
	tp_put32(&p, TP_OFF_GIADDR, B(1));
	tp_end(&p);
	CHECK_INT(handle_rx(&p, rx), DHCP_EV_OFFER);
	CHECK_INT(rep.yiaddr, B(51));
}

/* ---- static hosts, deny ---- */

TEST(static_host_by_mac)
{
	setup();
	struct tpkt p;
	discover(&p, NODE07, 1);
	tp_end(&p);
	CHECK_INT(handle(&p), DHCP_EV_OFFER);
	CHECK_INT(rep.yiaddr, A(7));
	CHECK(rep_is(OPT_HOSTNAME, "node07", 6));
	CHECK(strstr(out.ev.text, "(node07)") != NULL);
	request_selecting(&p, NODE07, 1, A(7), SRV);
	tp_end(&p);
	CHECK_INT(handle(&p), DHCP_EV_ACK);
	CHECK_INT(out.mut[0].lease.ip, A(7));
	/* A static host asking for another address is told no. */
	init_reboot(&p, NODE07, A(120));
	CHECK_INT(handle(&p), DHCP_EV_NAK);
	CHECK(strstr(out.ev.text, "fixed address 198.18.0.7") != NULL);
	/* Through a relay on another subnet the fixed address does not
	 * apply: a pool address there. */
	discover(&p, NODE07, 2);
	tp_put32(&p, TP_OFF_GIADDR, B(1));
	tp_end(&p);
	CHECK_INT(handle(&p), DHCP_EV_OFFER);
	CHECK_INT(rep.yiaddr, B(50));
}

TEST(static_host_by_client_id)
{
	setup();
	struct tpkt p;
	discover(&p, MAC3, 1);
	tp_opt(&p, OPT_CLIENT_ID, cid_host_id, sizeof(cid_host_id));
	tp_end(&p);
	CHECK_INT(handle(&p), DHCP_EV_OFFER);
	CHECK_INT(rep.yiaddr, A(8));
	/* RFC 6842: the client identifier comes back. */
	CHECK(rep_is(OPT_CLIENT_ID, cid_host_id, sizeof(cid_host_id)));
	request_selecting(&p, MAC3, 1, A(8), SRV);
	tp_opt(&p, OPT_CLIENT_ID, cid_host_id, sizeof(cid_host_id));
	tp_end(&p);
	CHECK_INT(handle(&p), DHCP_EV_ACK);
	CHECK_INT(out.mut[0].lease.client_id_len, sizeof(cid_host_id));
	CHECK(memcmp(out.mut[0].lease.client_id, cid_host_id, sizeof(cid_host_id)) == 0);
	/* Without the identifier the same MAC is just another client. */
	discover(&p, MAC3, 2);
	tp_end(&p);
	CHECK_INT(handle(&p), DHCP_EV_OFFER);
	CHECK_INT(rep.yiaddr, A(100));
}

TEST(client_id_keys_leases)
{
	setup();
	struct tpkt p;
	uint8_t id1[] = { 0, 'a', 'b', 'c' };
	discover(&p, MAC1, 1);
	tp_opt(&p, OPT_CLIENT_ID, id1, sizeof(id1));
	tp_end(&p);
	CHECK_INT(handle(&p), DHCP_EV_OFFER);
	uint32_t a = rep.yiaddr;
	/* Same identifier from another NIC: same lease. */
	discover(&p, MAC2, 2);
	tp_opt(&p, OPT_CLIENT_ID, id1, sizeof(id1));
	tp_end(&p);
	CHECK_INT(handle(&p), DHCP_EV_OFFER);
	CHECK_INT(rep.yiaddr, a);
}

TEST(deny_and_deny_unknown)
{
	setup();
	struct tpkt p;
	discover(&p, DENIED, 1);
	tp_end(&p);
	CHECK_INT(handle(&p), DHCP_EV_IGNORED);
	CHECK_INT(out.ev.level, LOG_LVL_DEBUG);
	CHECK(!out.has_tx);
	CHECK_INT(dhcp_server_lease_count(srv), 0);

	discover(&p, MAC1, 2);
	tp_put32(&p, TP_OFF_GIADDR, C(1));
	tp_end(&p);
	CHECK_INT(handle(&p), DHCP_EV_UNKNOWN_DENIED);
	CHECK_INT(out.ev.level, LOG_LVL_WARN);
	CHECK(!out.has_tx);
	CHECK(strstr(out.ev.text, "52:54:00:12:34:56") != NULL);
	CHECK(strstr(out.ev.text, "198.18.4.0/24") != NULL);
	CHECK_INT(dhcp_server_lease_count(srv), 0);

	discover(&p, KNOWN4, 3);
	tp_put32(&p, TP_OFF_GIADDR, C(1));
	tp_end(&p);
	CHECK_INT(handle(&p), DHCP_EV_OFFER);
	CHECK_INT(rep.yiaddr, C(10));
}

TEST(no_subnet)
{
	setup();
	struct tpkt p;
	discover(&p, MAC1, 1);
	tp_end(&p);
	struct dhcp_rx rx = rx_local();
	rx.if_addr = tp_ip(198, 19, 0, 1);
	rx.ifname = "eth9";
	CHECK_INT(handle_rx(&p, rx), DHCP_EV_NO_SUBNET);
	CHECK(!out.has_tx);
	/* Unknown relay. */
	tp_put32(&p, TP_OFF_GIADDR, tp_ip(198, 18, 9, 1));
	CHECK_INT(handle(&p), DHCP_EV_NO_SUBNET);
	/* A subnet bound to the interface by name. */
	subs[1].interface = "eth9";
	CHECK_INT(handle_rx(&p, rx), DHCP_EV_NO_SUBNET); /* giaddr still unknown */
	discover(&p, MAC1, 2);
	tp_end(&p);
	CHECK_INT(handle_rx(&p, rx), DHCP_EV_OFFER);
	CHECK_INT(rep.yiaddr, B(50));
	CHECK_INT(rep_u32(OPT_SERVER_ID), tp_ip(198, 19, 0, 1));
	/* A subnet bound to another interface is not used here. */
	subs[0].interface = "eth5";
	discover(&p, MAC2, 3);
	tp_end(&p);
	CHECK_INT(handle(&p), DHCP_EV_NO_SUBNET);
	/* No address on the interface at all. */
	rx.if_addr = 0;
	CHECK_INT(handle_rx(&p, rx), DHCP_EV_DROPPED);
}

/* ---- BOOTP ---- */

TEST(bootp_allowed_and_denied)
{
	setup();
	struct tpkt p;
	tp_init(&p, 0, MAC1, 1);
	tp_end(&p);
	CHECK_INT(handle(&p), DHCP_EV_IGNORED);
	CHECK(!out.has_tx);
	conf.dhcp.allow_bootp = true;
	subs[0].allow_bootp = 0; /* subnet says no */
	CHECK_INT(handle(&p), DHCP_EV_IGNORED);
	subs[0].allow_bootp = 1;
	conf.dhcp.allow_bootp = false;
	CHECK_INT(handle(&p), DHCP_EV_BOOTP);
	CHECK(out.has_tx);
	CHECK_INT(rep.msg_type, DHCP_NONE);
	CHECK(!dhcp_msg_has(&rep, OPT_MSG_TYPE));
	CHECK(!dhcp_msg_has(&rep, OPT_LEASE_TIME));
	CHECK_INT(rep.yiaddr, A(100));
	CHECK_INT(rep_u32(OPT_SUBNET_MASK), 0xffffff00);
	CHECK_STR(rep.file, "pxelinux.0");
	CHECK_INT(rep.siaddr, SRV);
	CHECK_INT(out.nmut, 1);
	CHECK_INT(out.mut[0].lease.state, LEASE_BOUND);
	CHECK_INT(out.mut[0].lease.ends, now + 86400);
	CHECK_INT(out.tx.dest, DHCP_DEST_UNICAST_HW);
	/* A static host gets a permanent binding. */
	tp_init(&p, 0, NODE07, 2);
	tp_end(&p);
	CHECK_INT(handle(&p), DHCP_EV_BOOTP);
	CHECK_INT(rep.yiaddr, A(7));
	CHECK(out.mut[0].lease.ends == INT64_MAX);
	CHECK(strstr(out.ev.text, "infinite") != NULL);
	/* A BOOTP request without the DHCP magic cookie still works. */
	tp_init(&p, 0, MAC2, 3);
	memset(p.b + 236, 0, 4);
	p.len = 300;
	CHECK_INT(handle(&p), DHCP_EV_BOOTP);
	CHECK_INT(rep.yiaddr, A(101));
}

/* ---- relay and destinations ---- */

TEST(relay)
{
	setup();
	struct tpkt p;
	uint8_t o82[] = { 1, 4, 'p', 'o', 'r', 't', 2, 3, 's', 'w', '1' };
	discover(&p, MAC1, 1);
	tp_put32(&p, TP_OFF_GIADDR, B(1));
	p.b[3] = 1; /* hops */
	tp_opt(&p, OPT_RELAY_AGENT, o82, sizeof(o82));
	tp_end(&p);
	struct dhcp_rx rx = rx_local();
	rx.src_ip = B(1);
	rx.src_port = 67;
	rx.dst_ip = SRV;
	CHECK_INT(handle_rx(&p, rx), DHCP_EV_OFFER);
	CHECK_INT(rep.yiaddr, B(50));
	CHECK_INT(rep.giaddr, B(1));
	CHECK_INT(rep_u32(OPT_SERVER_ID), SRV);
	CHECK(rep_is(OPT_RELAY_AGENT, o82, sizeof(o82)));
	CHECK_INT(out.tx.dest, DHCP_DEST_UNICAST);
	CHECK_INT(out.tx.dst_ip, B(1));
	CHECK_INT(out.tx.dst_port, 67);
	CHECK_INT(out.tx.src_port, 67);
	CHECK(strstr(out.ev.text, "via relay 198.18.2.1") != NULL);
	/* REQUEST through the relay, then a NAK through it. */
	request_selecting(&p, MAC1, 1, B(50), SRV);
	tp_put32(&p, TP_OFF_GIADDR, B(1));
	tp_opt(&p, OPT_RELAY_AGENT, o82, sizeof(o82));
	tp_end(&p);
	CHECK_INT(handle_rx(&p, rx), DHCP_EV_ACK);
	CHECK(rep_is(OPT_RELAY_AGENT, o82, sizeof(o82)));
	CHECK_INT(out.tx.dst_ip, B(1));
	init_reboot(&p, MAC1, A(100));
	tp_put32(&p, TP_OFF_GIADDR, B(1));
	CHECK_INT(handle_rx(&p, rx), DHCP_EV_NAK);
	CHECK_INT(out.tx.dest, DHCP_DEST_UNICAST);
	CHECK_INT(out.tx.dst_ip, B(1));
	CHECK(rep.flags & DHCP_FLAG_BROADCAST);
}

TEST(reply_destinations)
{
	setup();
	struct tpkt p;
	discover(&p, MAC1, 1);
	p.b[TP_OFF_FLAGS] = 0x80; /* broadcast flag */
	tp_end(&p);
	CHECK_INT(handle(&p), DHCP_EV_OFFER);
	CHECK_INT(out.tx.dest, DHCP_DEST_BROADCAST);
	CHECK_INT(out.tx.dst_ip, 0xffffffffu);
	CHECK_INT(out.tx.dst_port, 68);
	CHECK_INT(rep.flags, DHCP_FLAG_BROADCAST);
	/* Not Ethernet: cannot address the frame, so broadcast. */
	discover(&p, MAC2, 2);
	p.b[1] = 6; /* IEEE 802 */
	tp_end(&p);
	CHECK_INT(handle(&p), DHCP_EV_OFFER);
	CHECK_INT(out.tx.dest, DHCP_DEST_BROADCAST);
	/* ciaddr set (DISCOVER from a configured client): unicast to it. */
	discover(&p, MAC3, 3);
	tp_put32(&p, TP_OFF_CIADDR, A(30));
	tp_end(&p);
	CHECK_INT(handle(&p), DHCP_EV_OFFER);
	CHECK_INT(out.tx.dest, DHCP_DEST_UNICAST);
	CHECK_INT(out.tx.dst_ip, A(30));
	CHECK_INT(out.tx.dst_port, 68);
}

TEST(inform)
{
	setup();
	struct tpkt p;
	tp_init(&p, DHCPINFORM, MAC1, 1);
	tp_put32(&p, TP_OFF_CIADDR, A(33));
	uint8_t prl[] = { 6, 15 };
	tp_opt(&p, OPT_PARAM_REQUEST, prl, sizeof(prl));
	tp_end(&p);
	struct dhcp_rx rx = rx_local();
	rx.src_ip = A(33);
	rx.dst_ip = SRV;
	CHECK_INT(handle_rx(&p, rx), DHCP_EV_INFORM);
	CHECK_INT(rep.msg_type, DHCPACK);
	CHECK_INT(rep.yiaddr, 0);
	CHECK_INT(rep.ciaddr, A(33));
	CHECK(!dhcp_msg_has(&rep, OPT_LEASE_TIME));
	CHECK(!dhcp_msg_has(&rep, OPT_RENEWAL_TIME));
	CHECK(rep_is(OPT_DNS, dns_a, 4));
	CHECK(rep_is(OPT_DOMAIN_NAME, domain_a, strlen(domain_a)));
	CHECK_INT(out.nmut, 0);
	CHECK_INT(out.tx.dest, DHCP_DEST_UNICAST);
	CHECK_INT(out.tx.dst_ip, A(33));
	CHECK_INT(out.tx.dst_port, 68);
	CHECK_INT(dhcp_server_lease_count(srv), 0);
	tp_init(&p, DHCPINFORM, MAC1, 2);
	tp_end(&p);
	CHECK_INT(handle(&p), DHCP_EV_DROPPED);
}

/* ---- PXE ---- */

static void pxe_discover(struct tpkt *p, const uint8_t *mac, const char *vendor, int arch)
{
	static const uint8_t uuid[17] = { 0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16 };
	discover(p, mac, 0x4242);
	tp_opt_str(p, OPT_VENDOR_CLASS, vendor);
	if (arch >= 0)
		tp_opt_u16(p, OPT_CLIENT_ARCH, (uint16_t)arch);
	tp_opt(p, OPT_CLIENT_UUID, uuid, sizeof(uuid));
	uint8_t ndi[3] = { 1, 2, 1 };
	tp_opt(p, OPT_CLIENT_NDI, ndi, 3);
}

static const uint8_t PXE43[] = { 6, 1, 8, 255 };

TEST(pxe_bios)
{
	setup();
	struct tpkt p;
	pxe_discover(&p, MAC1, "PXEClient:Arch:00000:UNDI:002001", 0);
	tp_end(&p);
	CHECK_INT(handle(&p), DHCP_EV_OFFER);
	CHECK_STR(rep.file, "pxelinux.0");
	CHECK_STR(rep.sname, "198.18.0.1");
	CHECK_INT(rep.siaddr, SRV);
	CHECK(rep_is(OPT_VENDOR_CLASS, "PXEClient", 9));
	CHECK(rep_is(OPT_VENDOR_SPECIFIC, PXE43, sizeof(PXE43)));
	CHECK(dhcp_msg_has(&rep, OPT_CLIENT_UUID));
	CHECK_INT(out.ev.arch, BOOT_ARCH_BIOS);
	CHECK(!dhcp_msg_has(&rep, OPT_BOOTFILE)); /* not requested */
	/* Full DORA of a static PXE host: the documented event line. */
	pxe_discover(&p, NODE07, "PXEClient:Arch:00000:UNDI:002001", 0);
	tp_end(&p);
	CHECK_INT(handle(&p), DHCP_EV_OFFER);
	request_selecting(&p, NODE07, 1, A(7), SRV);
	tp_opt_str(&p, OPT_VENDOR_CLASS, "PXEClient:Arch:00000:UNDI:002001");
	tp_opt_u16(&p, OPT_CLIENT_ARCH, 0);
	tp_end(&p);
	CHECK_INT(handle(&p), DHCP_EV_ACK);
	CHECK_STR(out.ev.text, "DHCPACK 198.18.0.7 to 52:54:00:00:00:07 (node07) via eth1, pxe bios boot "
			       "pxelinux.0, lease 12h");
	CHECK_STR(rep.file, "pxelinux.0");
	/* Next-server override: subnet, then host. */
	subs[0].next_server = A(5);
	pxe_discover(&p, MAC1, "PXEClient:Arch:00000:UNDI:002001", 0);
	tp_end(&p);
	CHECK_INT(handle(&p), DHCP_EV_OFFER);
	CHECK_INT(rep.siaddr, A(5));
	CHECK_INT(rep_u32(OPT_SERVER_ID), SRV);
	/* Booting disabled: plain offer, no PXE options. */
	conf.dhcp.allow_booting = false;
	CHECK_INT(handle(&p), DHCP_EV_OFFER);
	CHECK_INT(rep.file[0], 0);
	CHECK(!dhcp_msg_has(&rep, OPT_VENDOR_CLASS));
	CHECK(!dhcp_msg_has(&rep, OPT_VENDOR_SPECIFIC));
}

TEST(pxe_uefi_precedence)
{
	setup();
	struct tpkt p;
	conf.dhcp.boot.file[BOOT_ARCH_EFI_X64] = "global.efi";
	pxe_discover(&p, MAC1, "PXEClient:Arch:00007:UNDI:003010", 7);
	tp_end(&p);
	CHECK_INT(handle(&p), DHCP_EV_OFFER);
	CHECK_STR(rep.file, "global.efi");
	CHECK_INT(out.ev.arch, BOOT_ARCH_EFI_X64);
	subs[0].boot.file[BOOT_ARCH_EFI_X64] = "subnet.efi";
	pxe_discover(&p, MAC1, "PXEClient:Arch:00009:UNDI:003010", 9);
	tp_end(&p);
	CHECK_INT(handle(&p), DHCP_EV_OFFER);
	CHECK_STR(rep.file, "subnet.efi");
	CHECK(rep_is(OPT_VENDOR_SPECIFIC, PXE43, sizeof(PXE43)));
	CHECK(strstr(out.ev.text, "pxe efi-x64 boot subnet.efi") != NULL);
	pxe_discover(&p, host_macs[4], "PXEClient:Arch:00007:UNDI:003010", 7);
	tp_end(&p);
	CHECK_INT(handle(&p), DHCP_EV_OFFER);
	CHECK_STR(rep.file, "host/special.efi");
	/* Defaults for classes nobody configured. */
	pxe_discover(&p, MAC2, "PXEClient:Arch:00011:UNDI:003000", 11);
	tp_end(&p);
	CHECK_INT(handle(&p), DHCP_EV_OFFER);
	CHECK_STR(rep.file, "grubaa64.efi");
	CHECK_INT(out.ev.arch, BOOT_ARCH_EFI_ARM64);
	pxe_discover(&p, MAC2, "PXEClient:Arch:00006:UNDI:003000", 6);
	tp_end(&p);
	CHECK_INT(handle(&p), DHCP_EV_OFFER);
	CHECK_STR(rep.file, "efi32/syslinux.efi");
	/* U-Boot: PXE answer without a guessed file. */
	pxe_discover(&p, MAC3, "PXEClient:Arch:00022:UNDI:003000", 22);
	tp_end(&p);
	CHECK_INT(handle(&p), DHCP_EV_OFFER);
	CHECK_INT(rep.file[0], 0);
	CHECK(strstr(out.ev.text, "arch 22") != NULL);
	CHECK_INT(out.ev.arch, -1);
}

TEST(uefi_http_boot)
{
	setup();
	struct tpkt p;
	pxe_discover(&p, MAC1, "HTTPClient:Arch:00016:UNDI:003001", 16);
	tp_end(&p);
	CHECK_INT(handle(&p), DHCP_EV_OFFER);
	CHECK_STR(rep.file, "http://198.18.0.1:8080/snponly.efi");
	CHECK(rep_is(OPT_VENDOR_CLASS, "HTTPClient", 10));
	CHECK(!dhcp_msg_has(&rep, OPT_VENDOR_SPECIFIC));
	CHECK_INT(out.ev.arch, BOOT_ARCH_HTTP_X64);
	pxe_discover(&p, MAC2, "HTTPClient:Arch:00019:UNDI:003001", 19);
	uint8_t prl[] = { 1, 67, 60 };
	tp_opt(&p, OPT_PARAM_REQUEST, prl, sizeof(prl));
	tp_end(&p);
	conf.http.port = 81;
	conf.dhcp.boot.file[BOOT_ARCH_HTTP_ARM64] = "arm/${mac}.efi";
	CHECK_INT(handle(&p), DHCP_EV_OFFER);
	CHECK_STR(rep.file, "http://198.18.0.1:81/arm/52:54:00:12:34:57.efi");
	CHECK(rep_is(OPT_BOOTFILE, rep.file, strlen(rep.file)));
	/* A URL too long for the 128-byte field goes in option 67 only. */
	char longurl[200];
	memset(longurl, 'a', sizeof(longurl) - 1);
	longurl[sizeof(longurl) - 1] = 0;
	memcpy(longurl, "http://", 7);
	conf.dhcp.boot.file[BOOT_ARCH_HTTP_ARM64] = longurl;
	pxe_discover(&p, MAC2, "HTTPClient:Arch:00019:UNDI:003001", 19);
	tp_end(&p);
	CHECK_INT(handle(&p), DHCP_EV_OFFER);
	CHECK_INT(rep.file[0], 0);
	CHECK(rep_is(OPT_BOOTFILE, longurl, strlen(longurl)));
}

TEST(ipxe_gets_script)
{
	setup();
	struct tpkt p;
	const uint8_t rfc3004[] = { 4, 'i', 'P', 'X', 'E' };
	const uint8_t o175[] = { 19, 1, 1 };
	for (int k = 0; k < 3; k++) {
		pxe_discover(&p, MAC1, "PXEClient:Arch:00007:UNDI:003010", 7);
		if (k == 0)
			tp_opt_str(&p, OPT_USER_CLASS, "iPXE");
		else if (k == 1)
			tp_opt(&p, OPT_USER_CLASS, rfc3004, sizeof(rfc3004));
		else
			tp_opt(&p, OPT_IPXE_ENCAP, o175, sizeof(o175));
		tp_end(&p);
		CHECK_INT(handle(&p), DHCP_EV_OFFER);
		CHECK_STR(rep.file, "http://198.18.0.1:8080/ipxe/52:54:00:12:34:56");
		CHECK_INT(out.ev.arch, BOOT_ARCH_IPXE);
		CHECK(rep_is(OPT_VENDOR_CLASS, "PXEClient", 9));
		CHECK(strstr(out.ev.text, "ipxe boot http://198.18.0.1:8080/ipxe/52:54:00:12:34:56") != NULL);
	}
	subs[0].boot.file[BOOT_ARCH_IPXE] = "http://${next-server}/menu.ipxe?mac=${mac}&ip=${ip}";
	CHECK_INT(handle(&p), DHCP_EV_OFFER);
	CHECK_STR(rep.file, "http://198.18.0.1/menu.ipxe?mac=52:54:00:12:34:56&ip=198.18.0.100");
}

TEST(option_66_67_requested)
{
	setup();
	struct tpkt p;
	/* A non-PXE client that asks for boot options gets them. */
	discover(&p, MAC1, 1);
	uint8_t prl[] = { 66, 67 };
	tp_opt(&p, OPT_PARAM_REQUEST, prl, sizeof(prl));
	tp_end(&p);
	CHECK_INT(handle(&p), DHCP_EV_OFFER);
	CHECK(rep_is(OPT_TFTP_SERVER, "198.18.0.1", 10));
	CHECK_INT(rep.siaddr, SRV);
}

/* ---- proxyDHCP and the boot server port ---- */

TEST(proxy_mode)
{
	setup();
	conf.dhcp.proxy = true;
	struct tpkt p;
	pxe_discover(&p, MAC1, "PXEClient:Arch:00000:UNDI:002001", 0);
	tp_end(&p);
	CHECK_INT(handle(&p), DHCP_EV_PROXY);
	CHECK_INT(rep.msg_type, DHCPOFFER);
	CHECK_INT(rep.yiaddr, 0);
	CHECK_INT(rep.ciaddr, 0);
	CHECK_INT(rep_u32(OPT_SERVER_ID), SRV);
	CHECK(rep_is(OPT_VENDOR_CLASS, "PXEClient", 9));
	CHECK(rep_is(OPT_VENDOR_SPECIFIC, PXE43, sizeof(PXE43)));
	CHECK(dhcp_msg_has(&rep, OPT_CLIENT_UUID));
	CHECK(!dhcp_msg_has(&rep, OPT_LEASE_TIME));
	CHECK(!dhcp_msg_has(&rep, OPT_SUBNET_MASK));
	CHECK_STR(rep.file, "pxelinux.0");
	CHECK_INT(rep.siaddr, SRV);
	CHECK_INT(out.tx.dest, DHCP_DEST_BROADCAST);
	CHECK_INT(out.nmut, 0);
	CHECK_INT(dhcp_server_lease_count(srv), 0);
	/* Relayed: unicast to the relay. */
	tp_put32(&p, TP_OFF_GIADDR, B(1));
	CHECK_INT(handle(&p), DHCP_EV_PROXY);
	CHECK_INT(out.tx.dest, DHCP_DEST_UNICAST);
	CHECK_INT(out.tx.dst_ip, B(1));
	CHECK_INT(out.tx.dst_port, 67);
	/* Plain clients and REQUESTs on port 67 are someone else's business. */
	discover(&p, MAC2, 2);
	tp_end(&p);
	CHECK_INT(handle(&p), DHCP_EV_IGNORED);
	CHECK(!out.has_tx);
	/* ... but a boot client's REQUEST names the address the other server
	 * gives it (for the install tracker), and gets no answer either */
	request_selecting(&p, MAC1, 3, A(100), tp_ip(198, 18, 0, 254));
	tp_opt_str(&p, OPT_VENDOR_CLASS, "PXEClient:Arch:00000:UNDI:002001");
	tp_end(&p);
	CHECK_INT(handle(&p), DHCP_EV_PROXY_REQUEST);
	CHECK(!out.has_tx);
	CHECK_INT(out.nmut, 0);
	CHECK_INT(out.ev.ip, A(100));
	CHECK(memcmp(out.ev.hw, MAC1, 6) == 0);
	CHECK_INT(out.ev.arch, BOOT_ARCH_BIOS);
	CHECK_INT(out.ev.level, LOG_LVL_DEBUG);
	request_selecting(&p, MAC2, 3, A(101), tp_ip(198, 18, 0, 254));
	tp_end(&p);
	CHECK_INT(handle(&p), DHCP_EV_IGNORED); /* an installed system's: nothing to learn */
	tp_init(&p, 0, MAC2, 4);
	tp_end(&p);
	CHECK_INT(handle(&p), DHCP_EV_IGNORED);

	/* Port 4011: REQUEST from the client that now has an address. */
	tp_init(&p, DHCPREQUEST, MAC1, 5);
	tp_put32(&p, TP_OFF_CIADDR, A(60));
	tp_opt_str(&p, OPT_VENDOR_CLASS, "PXEClient:Arch:00007:UNDI:003010");
	tp_opt_u16(&p, OPT_CLIENT_ARCH, 7);
	tp_end(&p);
	struct dhcp_rx rx = rx_local();
	rx.local_port = 4011;
	rx.src_ip = A(60);
	rx.src_port = 68;
	rx.dst_ip = SRV;
	CHECK_INT(handle_rx(&p, rx), DHCP_EV_PROXY);
	CHECK_INT(rep.msg_type, DHCPACK);
	CHECK_INT(rep.yiaddr, 0);
	CHECK_INT(rep.ciaddr, A(60));
	CHECK_STR(rep.file, "efi64/syslinux.efi");
	CHECK_INT(out.tx.dest, DHCP_DEST_UNICAST);
	CHECK_INT(out.tx.dst_ip, A(60));
	CHECK_INT(out.tx.dst_port, 68);
	CHECK_INT(out.tx.src_port, 4011);
	CHECK_INT(out.nmut, 0);
	CHECK_INT(dhcp_server_lease_count(srv), 0);
	/* Non-PXE on 4011: ignored. */
	tp_init(&p, DHCPREQUEST, MAC1, 6);
	tp_put32(&p, TP_OFF_CIADDR, A(60));
	tp_end(&p);
	CHECK_INT(handle_rx(&p, rx), DHCP_EV_IGNORED);
}

TEST(boot_server_port_in_normal_mode)
{
	setup();
	struct tpkt p;
	tp_init(&p, DHCPREQUEST, MAC1, 5);
	tp_put32(&p, TP_OFF_CIADDR, A(100));
	tp_opt_str(&p, OPT_VENDOR_CLASS, "PXEClient:Arch:00000:UNDI:002001");
	tp_end(&p);
	struct dhcp_rx rx = rx_local();
	rx.local_port = 4011;
	rx.src_ip = A(100);
	rx.src_port = 4011;
	CHECK_INT(handle_rx(&p, rx), DHCP_EV_PROXY);
	CHECK_INT(out.tx.dst_port, 4011);
	CHECK_INT(out.tx.src_port, 4011);
	CHECK_INT(out.nmut, 0);
	rx.src_ip = 0;
	CHECK_INT(handle_rx(&p, rx), DHCP_EV_DROPPED);
	rx.src_ip = A(100);
	pxe_discover(&p, MAC1, "PXEClient", -1);
	tp_end(&p);
	CHECK_INT(handle_rx(&p, rx), DHCP_EV_IGNORED);
}

/* ---- option order and size ---- */

/* The option codes of the reply in wire order. */
static size_t wire_codes(uint8_t *codes, size_t cap)
{
	size_t n = 0;
	for (size_t i = 240; i < out.tx.len && n < cap;) {
		uint8_t c = out.tx.data[i];
		if (c == 255)
			break;
		if (c == 0) {
			i++;
			continue;
		}
		codes[n++] = c;
		i += 2u + out.tx.data[i + 1];
	}
	return n;
}

static int pos_of(const uint8_t *codes, size_t n, uint8_t code)
{
	for (size_t i = 0; i < n; i++)
		if (codes[i] == code)
			return (int)i;
	return -1;
}

TEST(option_55_order)
{
	setup();
	struct tpkt p;
	discover(&p, MAC1, 1);
	uint8_t prl[] = { 15, 6, 3, 1 };
	tp_opt(&p, OPT_PARAM_REQUEST, prl, sizeof(prl));
	tp_end(&p);
	CHECK_INT(handle(&p), DHCP_EV_OFFER);
	uint8_t codes[64] = { 0 };
	size_t n = wire_codes(codes, sizeof(codes));
	CHECK_INT(codes[0], OPT_MSG_TYPE);
	CHECK(pos_of(codes, n, 15) >= 0);
	CHECK(pos_of(codes, n, 15) < pos_of(codes, n, 6));
	CHECK(pos_of(codes, n, 6) < pos_of(codes, n, 3));
	CHECK(pos_of(codes, n, OPT_SERVER_ID) < pos_of(codes, n, 15));
	CHECK(pos_of(codes, n, OPT_LEASE_TIME) < pos_of(codes, n, 15));
	/* Config option 51 is the server's business: exactly one 51, ours. */
	int count51 = 0;
	for (size_t i = 0; i < n; i++)
		count51 += codes[i] == OPT_LEASE_TIME;
	CHECK_INT(count51, 1);
	CHECK_INT(rep_u32(OPT_LEASE_TIME), 43200);
}

TEST(option_57_size_limit)
{
	setup();
	static uint8_t big1[300], big2[250];
	memset(big1, 'x', sizeof(big1));
	memset(big2, 'y', sizeof(big2));
	struct conf_option gopts[2] = { { 119, sizeof(big1), big1 }, { 121, sizeof(big2), big2 } };
	conf.dhcp.options = (struct conf_optset){ gopts, 2 };
	struct tpkt p;
	discover(&p, MAC1, 1);
	tp_end(&p);
	CHECK_INT(handle(&p), DHCP_EV_OFFER);
	CHECK(out.tx.len <= 576 - 28);
	CHECK(dhcp_msg_has(&rep, OPT_SERVER_ID));
	CHECK(!(dhcp_msg_has(&rep, 119) && dhcp_msg_has(&rep, 121)));
	discover(&p, MAC1, 2);
	tp_opt_u16(&p, OPT_MAX_MSG_SIZE, 1500);
	tp_end(&p);
	CHECK_INT(handle(&p), DHCP_EV_OFFER);
	CHECK(out.tx.len > 576 - 28);
	CHECK(out.tx.len <= 1500 - 28);
	CHECK(rep_is(119, big1, sizeof(big1)));
	CHECK(rep_is(121, big2, sizeof(big2)));
	/* An illegal size below 576 means 576. */
	discover(&p, MAC1, 3);
	tp_opt_u16(&p, OPT_MAX_MSG_SIZE, 300);
	tp_end(&p);
	CHECK_INT(handle(&p), DHCP_EV_OFFER);
	CHECK(out.tx.len <= 576 - 28);
}

TEST(required_options_too_big)
{
	setup();
	/* 255-byte client identifier plus a 255-byte relay option: the
	 * echoes alone exceed a 576-byte reply. Dropped, not truncated. */
	static uint8_t cid[255], o82[255];
	memset(cid, 1, sizeof(cid));
	memset(o82, 2, sizeof(o82));
	struct tpkt p;
	discover(&p, MAC1, 1);
	tp_put32(&p, TP_OFF_GIADDR, B(1));
	tp_opt(&p, OPT_CLIENT_ID, cid, sizeof(cid));
	tp_opt(&p, OPT_RELAY_AGENT, o82, sizeof(o82));
	tp_end(&p);
	CHECK_INT(handle(&p), DHCP_EV_DROPPED);
	CHECK_INT(out.ev.level, LOG_LVL_WARN);
	CHECK(!out.has_tx);
	CHECK(strstr(out.ev.text, "does not fit") != NULL);
	/* With room (option 57) it is answered, both echoed intact. */
	discover(&p, MAC1, 2);
	tp_put32(&p, TP_OFF_GIADDR, B(1));
	tp_opt(&p, OPT_CLIENT_ID, cid, sizeof(cid));
	tp_opt(&p, OPT_RELAY_AGENT, o82, sizeof(o82));
	tp_opt_u16(&p, OPT_MAX_MSG_SIZE, 1400);
	tp_end(&p);
	CHECK_INT(handle(&p), DHCP_EV_OFFER);
	CHECK(rep_is(OPT_CLIENT_ID, cid, sizeof(cid)));
	CHECK(rep_is(OPT_RELAY_AGENT, o82, sizeof(o82)));
}

/* ---- malformed input, one field at a time ---- */

TEST(malformed_one_field_at_a_time)
{
	setup();
	struct tpkt good, p;
	discover(&good, MAC1, 1);
	tp_end(&good);
	CHECK_INT(handle(&good), DHCP_EV_OFFER);

	p = good;
	p.b[0] = 2; /* BOOTREPLY */
	CHECK_INT(handle(&p), DHCP_EV_DROPPED);
	CHECK_INT(out.ev.level, LOG_LVL_DEBUG);
	CHECK(!out.has_tx);
	CHECK_INT(out.nmut, 0);

	p = good;
	p.b[0] = 7;
	CHECK_INT(handle(&p), DHCP_EV_DROPPED);
	CHECK_INT(out.ev.level, LOG_LVL_WARN);

	p = good;
	p.b[2] = 0; /* hlen */
	CHECK_INT(handle(&p), DHCP_EV_DROPPED);
	CHECK_INT(out.ev.level, LOG_LVL_WARN);

	p = good;
	p.b[2] = 17;
	CHECK_INT(handle(&p), DHCP_EV_DROPPED);
	CHECK(strstr(out.ev.text, "hlen") != NULL);

	p = good;
	p.b[2] = 5; /* Ethernet with 5 bytes */
	CHECK_INT(handle(&p), DHCP_EV_DROPPED);
	CHECK(!out.has_tx);

	p = good;
	p.b[1] = 0; /* htype */
	CHECK_INT(handle(&p), DHCP_EV_DROPPED);

	p = good;
	p.len = 100; /* truncated header */
	CHECK_INT(handle(&p), DHCP_EV_DROPPED);
	CHECK(strstr(out.ev.text, "truncated") != NULL);
	CHECK_INT(out.ev.level, LOG_LVL_WARN);

	p = good;
	p.b[TP_OFF_OPTS + 2] = DHCPOFFER; /* a server message */
	CHECK_INT(handle(&p), DHCP_EV_DROPPED);
	CHECK_INT(out.ev.level, LOG_LVL_DEBUG);
	p.b[TP_OFF_OPTS + 2] = DHCPACK;
	CHECK_INT(handle(&p), DHCP_EV_DROPPED);
	p.b[TP_OFF_OPTS + 2] = DHCPNAK;
	CHECK_INT(handle(&p), DHCP_EV_DROPPED);
	p.b[TP_OFF_OPTS + 2] = 42;
	CHECK_INT(handle(&p), DHCP_EV_DROPPED);

	p = good;
	p.b[TP_OFF_OPTS + 1] = 2; /* option 53 of length 2 */
	CHECK_INT(handle(&p), DHCP_EV_DROPPED);
	CHECK_INT(out.ev.level, LOG_LVL_WARN);

	tp_init(&p, DHCPDISCOVER, MAC1, 1);
	p.b[p.len++] = 12;
	p.b[p.len++] = 200; /* runs past the end */
	p.b[p.len++] = 'x';
	CHECK_INT(handle(&p), DHCP_EV_DROPPED);
	CHECK_INT(out.ev.level, LOG_LVL_WARN);

	struct dhcp_rx rx = rx_local();
	rx.data = NULL;
	rx.len = 0;
	CHECK_INT(dhcp_server_handle(srv, &rx, now, &out), 0);
	CHECK_INT(out.ev.kind, DHCP_EV_DROPPED);

	/* Nothing above changed any state. */
	CHECK_INT(handle(&good), DHCP_EV_OFFER);
	CHECK_INT(rep.yiaddr, A(100));
	CHECK_INT(dhcp_server_lease_count(srv), 1);
}

TEST(disabled)
{
	setup();
	conf.dhcp.enabled = false;
	struct tpkt p;
	discover(&p, MAC1, 1);
	tp_end(&p);
	CHECK_INT(handle(&p), DHCP_EV_IGNORED);
	CHECK(!out.has_tx);
}

/* ---- reload ---- */

TEST(set_conf_keeps_leases_drops_offers)
{
	setup();
	uint32_t a = dora(MAC1);
	struct tpkt p;
	discover(&p, MAC2, 2);
	tp_end(&p);
	CHECK_INT(handle(&p), DHCP_EV_OFFER);
	uint32_t offered = rep.yiaddr;
	static struct pxed_conf conf2;
	conf2 = conf;
	conf2.dhcp.lease_time = 600;
	dhcp_server_set_conf(srv, &conf2);
	/* The bound lease survives. */
	struct tpkt q;
	init_reboot(&q, MAC1, a);
	CHECK_INT(handle(&q), DHCP_EV_ACK);
	CHECK_INT(rep_u32(OPT_LEASE_TIME), 600);
	/* The offer was dropped: a third client may take that address. */
	discover(&p, MAC3, 3);
	tp_opt_u32(&p, OPT_REQUESTED_IP, offered);
	tp_end(&p);
	CHECK_INT(handle(&p), DHCP_EV_OFFER);
	CHECK_INT(rep.yiaddr, offered);
	dhcp_server_set_conf(srv, &conf);
	srv = dhcp_server_free(srv);
	CHECK(srv == NULL);
}

/* A host known by its SMBIOS UUID (option 97) is found with a MAC nobody
 * listed -- a replaced NIC -- in either byte order of the first fields. */
TEST(static_host_by_uuid)
{
	setup();
	static const uint8_t u[16] = { 0x4c, 0x4c, 0x45, 0x44, 0x00, 0x39, 0x10, 0x38,
				       0x80, 0x57, 0xb4, 0xc0, 0x4f, 0x39, 0x4e, 0x32 };
	memcpy(hosts[0].uuid, u, 16);
	hosts[0].has_uuid = true;
	dhcp_server_set_conf(srv, &conf);
	const uint8_t newnic[6] = { 0x52, 0x54, 0x00, 0x77, 0x77, 0x77 };
	uint8_t opt[17] = { 0 };
	struct tpkt p;
	for (int order = 0; order < 2; order++) {
		static const uint8_t swap[16] = { 3, 2, 1, 0, 5, 4, 7, 6, 8, 9, 10, 11, 12, 13, 14, 15 };
		for (int i = 0; i < 16; i++)
			opt[1 + i] = order ? u[swap[i]] : u[i];
		discover(&p, newnic, 0x4343);
		tp_opt_str(&p, OPT_VENDOR_CLASS, "PXEClient:Arch:00000:UNDI:002001");
		tp_opt(&p, OPT_CLIENT_UUID, opt, sizeof(opt));
		tp_end(&p);
		CHECK_INT(handle(&p), DHCP_EV_OFFER);
		CHECK_INT(rep.yiaddr, A(7));
		CHECK(out.ev.host == &hosts[0]); /* the tracker learns the new NIC is this host's */
	}
	/* another UUID is just another client */
	opt[16] ^= 1;
	discover(&p, newnic, 0x4344);
	tp_opt_str(&p, OPT_VENDOR_CLASS, "PXEClient:Arch:00000:UNDI:002001");
	tp_opt(&p, OPT_CLIENT_UUID, opt, sizeof(opt));
	tp_end(&p);
	CHECK_INT(handle(&p), DHCP_EV_OFFER);
	CHECK(rep.yiaddr != A(7));
	CHECK(out.ev.host == NULL);
	hosts[0].has_uuid = false;
}

TEST_MAIN()
