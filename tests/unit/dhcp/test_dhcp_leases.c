#include <errno.h>
#include <string.h>
#include <time.h>

#include "dhcp/dhcp_leases.h"
#include "dhcp_test_pkt.h"
#include "test.h"

#define NET tp_ip(198, 18, 0, 0)
#define IP(d) tp_ip(198, 18, 0, d)
#define SERVER IP(1)
#define T0 1700000000

static struct pxed_conf conf;
static struct conf_subnet subnets[2];
static struct conf_range ranges[4];
static struct conf_host hosts[1];

/* 198.18.0.0/24 with pool .100-.199 (host "fixed" owns .150), and
 * 198.18.1.0/24 with pool .10-.13. */
static void setup(void)
{
	memset(&conf, 0, sizeof(conf));
	memset(subnets, 0, sizeof(subnets));
	memset(hosts, 0, sizeof(hosts));
	ranges[0] = (struct conf_range){ IP(100), IP(199) };
	ranges[1] = (struct conf_range){ tp_ip(198, 18, 1, 10), tp_ip(198, 18, 1, 13) };
	subnets[0] = (struct conf_subnet){ .network = NET, .netmask = 0xffffff00, .ranges = &ranges[0],
					   .nranges = 1, .allow_bootp = -1 };
	subnets[1] = (struct conf_subnet){ .network = tp_ip(198, 18, 1, 0), .netmask = 0xffffff00,
					   .ranges = &ranges[1], .nranges = 1, .allow_bootp = -1 };
	hosts[0] = (struct conf_host){ .name = "fixed", .ip = IP(150) };
	conf.dhcp.enabled = true;
	conf.dhcp.subnets = subnets;
	conf.dhcp.nsubnets = 2;
	conf.dhcp.hosts = hosts;
	conf.dhcp.nhosts = 1;
}

static struct lease_client client(int n)
{
	uint8_t mac[6] = { 0x52, 0x54, 0, (uint8_t)(n >> 16), (uint8_t)(n >> 8), (uint8_t)n };
	struct lease_client c;
	lease_client_init(&c, 1, 6, mac, NULL, 0);
	return c;
}

static struct lease_table *table(void)
{
	setup();
	struct lease_table *t = lease_table_new();
	CHECK(t != NULL);
	CHECK_INT(lease_table_set_conf(t, &conf), 0);
	return t;
}

static uint32_t offer(struct lease_table *t, int subnet, const struct lease_client *c, uint32_t req, int64_t now)
{
	uint32_t ip = 0;
	if (lease_table_choose(t, subnet, c, req, SERVER, now, &ip) < 0)
		return 0;
	CHECK_INT(lease_table_hold(t, ip, c, now, now + 30), 0);
	return ip;
}

static uint32_t bind_ip(struct lease_table *t, uint32_t ip, const struct lease_client *c, int64_t now, int64_t len)
{
	size_t nd = 0;
	uint32_t disp[3];
	CHECK_INT(lease_table_bind(t, ip, c, NULL, now, now + len, disp, 3, &nd, NULL), 0);
	return ip;
}

TEST(client_keys)
{
	struct lease_client a = client(1), b = client(2);
	struct dhcp_lease l = { .ip = IP(5), .state = LEASE_BOUND };
	lease_set_client(&l, &a);
	CHECK(lease_is_client(&l, &a));
	CHECK(!lease_is_client(&l, &b));

	/* A client identifier is the identity when present, RFC 2131 4.2. */
	uint8_t mac[6] = { 0x52, 0x54, 0, 0, 0, 1 };
	uint8_t id[] = { 1, 0x52, 0x54, 0, 0, 0, 1 };
	struct lease_client withid;
	lease_client_init(&withid, 1, 6, mac, id, sizeof(id));
	CHECK(!lease_is_client(&l, &withid));
	lease_set_client(&l, &withid);
	CHECK(lease_is_client(&l, &withid));
	CHECK(!lease_is_client(&l, &a));

	/* Long identifiers: distinct even with a common 64-byte prefix. */
	uint8_t long1[130], long2[130];
	memset(long1, 'x', sizeof(long1));
	memcpy(long2, long1, sizeof(long2));
	long2[129] = 'y';
	struct lease_client l1, l2, l1b;
	lease_client_init(&l1, 1, 6, mac, long1, sizeof(long1));
	lease_client_init(&l2, 1, 6, mac, long2, sizeof(long2));
	lease_client_init(&l1b, 1, 6, mac, long1, sizeof(long1));
	CHECK_INT(l1.id_len, LEASE_CLIENT_ID_MAX);
	CHECK(memcmp(l1.id, l2.id, LEASE_CLIENT_ID_MAX) != 0);
	CHECK(memcmp(l1.id, l1b.id, LEASE_CLIENT_ID_MAX) == 0);

	/* An empty key never matches anything (anonymous slots). */
	struct lease_client none;
	lease_client_init(&none, 0, 0, NULL, NULL, 0);
	struct dhcp_lease anon = { .ip = IP(6) };
	CHECK(!lease_is_client(&anon, &none));
}

TEST(never_used_in_order_skipping_exclusions)
{
	struct lease_table *t = table();
	ranges[0] = (struct conf_range){ IP(0), IP(255) }; /* whole subnet */
	hosts[0].ip = IP(3);
	CHECK_INT(lease_table_set_conf(t, &conf), 0);
	CHECK(!lease_table_in_pool(t, 0, IP(0)));   /* network */
	CHECK(!lease_table_in_pool(t, 0, IP(255))); /* broadcast */
	CHECK(!lease_table_in_pool(t, 0, IP(3)));   /* fixed address */
	CHECK(lease_table_in_pool(t, 0, IP(1)));
	CHECK(!lease_table_in_pool(t, 1, IP(1)));
	CHECK(!lease_table_in_pool(t, 7, IP(1)));
	uint32_t got[4];
	for (int i = 0; i < 4; i++) {
		struct lease_client c = client(i);
		got[i] = offer(t, 0, &c, 0, T0);
	}
	/* .1 is the server, .3 the fixed address. */
	CHECK_INT(got[0], IP(2));
	CHECK_INT(got[1], IP(4));
	CHECK_INT(got[2], IP(5));
	CHECK_INT(got[3], IP(6));
	CHECK_INT(lease_table_check(t), 0);
	lease_table_free(t);
}

TEST(affinity_and_uniqueness)
{
	struct lease_table *t = table();
	struct lease_client a = client(1), b = client(2);
	uint32_t ia = offer(t, 0, &a, 0, T0);
	uint32_t ib = offer(t, 0, &b, 0, T0);
	CHECK_INT(ia, IP(100));
	CHECK_INT(ib, IP(101));
	/* Retransmitted DISCOVER: same address. */
	CHECK_INT(offer(t, 0, &a, 0, T0 + 1), ia);
	/* Asking for someone else's held address does not get it. */
	CHECK_INT(offer(t, 0, &b, ia, T0 + 2), ib);
	bind_ip(t, ia, &a, T0 + 2, 3600);
	CHECK_INT(lease_table_by_ip(t, ia)->state, LEASE_BOUND);
	CHECK(lease_table_by_client(t, &a, 0)->ip == ia);
	CHECK(lease_table_by_client(t, &a, 1) == NULL);
	/* Re-offer to the bound client keeps the lease bound. */
	CHECK_INT(offer(t, 0, &a, 0, T0 + 10), ia);
	CHECK_INT(lease_table_by_ip(t, ia)->state, LEASE_BOUND);
	CHECK_INT(lease_table_by_ip(t, ia)->ends, T0 + 2 + 3600);
	CHECK_INT(lease_table_count(t), 2);
	CHECK_INT(lease_table_check(t), 0);
	lease_table_free(t);
}

TEST(requested_address)
{
	struct lease_table *t = table();
	struct lease_client a = client(1), b = client(2);
	CHECK_INT(offer(t, 0, &a, IP(120), T0), IP(120));
	/* Outside the pool, the server itself, the fixed address: not given. */
	CHECK_INT(offer(t, 0, &b, IP(50), T0), IP(100));
	struct lease_client c = client(3), d = client(4);
	CHECK_INT(offer(t, 0, &c, IP(150), T0), IP(101));
	CHECK_INT(offer(t, 0, &d, SERVER, T0), IP(102));
	CHECK(!lease_table_can_take(t, 0, &b, IP(120), SERVER, T0));
	CHECK(lease_table_can_take(t, 0, &a, IP(120), SERVER, T0));
	/* After the hold expires anyone may have it. */
	CHECK(lease_table_can_take(t, 0, &b, IP(120), SERVER, T0 + 31));
	lease_table_free(t);
}

TEST(offer_hold_expiry_and_exhaustion)
{
	struct lease_table *t = table();
	struct lease_client cl[5];
	for (int i = 0; i < 4; i++) {
		cl[i] = client(10 + i);
		CHECK(offer(t, 1, &cl[i], 0, T0) != 0);
	}
	cl[4] = client(99);
	uint32_t ip;
	CHECK_INT(lease_table_choose(t, 1, &cl[4], 0, SERVER, T0 + 29, &ip), -ENOSPC);
	/* Holds end by themselves: the oldest hold is reused. */
	CHECK_INT(lease_table_choose(t, 1, &cl[4], 0, SERVER, T0 + 30, &ip), 0);
	CHECK_INT(ip, tp_ip(198, 18, 1, 10));
	CHECK_INT(lease_table_hold(t, ip, &cl[4], T0 + 30, T0 + 60), 0);
	CHECK(lease_table_by_client(t, &cl[0], 1) == NULL); /* moved to the new client */
	CHECK(lease_table_by_client(t, &cl[4], 1)->ip == ip);
	CHECK_INT(lease_table_choose(t, 7, &cl[4], 0, SERVER, T0, &ip), -ENOENT);
	CHECK_INT(lease_table_check(t), 0);
	lease_table_free(t);
}

TEST(longest_expired_first)
{
	struct lease_table *t = table();
	struct lease_client cl[4];
	int64_t len[4] = { 300, 100, 200, 400 };
	for (int i = 0; i < 4; i++) {
		cl[i] = client(20 + i);
		uint32_t ip = offer(t, 1, &cl[i], 0, T0);
		bind_ip(t, ip, &cl[i], T0, len[i]);
	}
	struct lease_client n1 = client(30), n2 = client(31), n3 = client(32);
	uint32_t ip;
	CHECK_INT(lease_table_choose(t, 1, &n1, 0, SERVER, T0 + 250, &ip), 0);
	CHECK_INT(ip, tp_ip(198, 18, 1, 11)); /* ended at +100 */
	bind_ip(t, ip, &n1, T0 + 250, 1000);
	CHECK_INT(lease_table_choose(t, 1, &n2, 0, SERVER, T0 + 250, &ip), 0);
	CHECK_INT(ip, tp_ip(198, 18, 1, 12)); /* ended at +200 */
	bind_ip(t, ip, &n2, T0 + 250, 1000);
	CHECK_INT(lease_table_choose(t, 1, &n3, 0, SERVER, T0 + 250, &ip), -ENOSPC);
	/* The previous owner of an expired lease still gets it back first. */
	CHECK_INT(lease_table_choose(t, 1, &cl[0], 0, SERVER, T0 + 1000, &ip), 0);
	CHECK_INT(ip, tp_ip(198, 18, 1, 10));
	CHECK_INT(lease_table_check(t), 0);
	lease_table_free(t);
}

TEST(release_keeps_affinity)
{
	struct lease_table *t = table();
	struct lease_client a = client(1), b = client(2);
	uint32_t ia = bind_ip(t, offer(t, 0, &a, 0, T0), &a, T0, 3600);
	const struct dhcp_lease *l;
	CHECK_INT(lease_table_release(t, ia, T0 + 10, &l), 0);
	CHECK_INT(l->state, LEASE_RELEASED);
	CHECK_INT(l->ends, T0 + 10);
	/* Others prefer never-used addresses over a released one. */
	CHECK_INT(offer(t, 0, &b, 0, T0 + 20), IP(101));
	CHECK_INT(offer(t, 0, &a, 0, T0 + 30), ia);
	CHECK_INT(lease_table_release(t, IP(7), T0, NULL), -ENOENT);
	lease_table_free(t);
}

TEST(decline_quarantine)
{
	struct lease_table *t = table();
	struct lease_client a = client(1), b = client(2);
	uint32_t ia = bind_ip(t, offer(t, 0, &a, 0, T0), &a, T0, 3600);
	const struct dhcp_lease *l;
	CHECK_INT(lease_table_decline(t, ia, T0 + 5, T0 + 605, &l), 0);
	CHECK_INT(l->state, LEASE_DECLINED);
	CHECK(lease_table_by_client(t, &a, 0) == NULL);
	/* The decliner does not get the address back by affinity. */
	CHECK_INT(offer(t, 0, &a, 0, T0 + 6), IP(101));
	CHECK(!lease_table_can_take(t, 0, &b, ia, SERVER, T0 + 600));
	CHECK(!lease_table_can_take(t, 0, &a, ia, SERVER, T0 + 600));
	CHECK(lease_table_can_take(t, 0, &b, ia, SERVER, T0 + 605));
	CHECK_INT(lease_table_check(t), 0);
	CHECK_INT(lease_table_decline(t, IP(9), T0, T0 + 1, NULL), -ENOENT);
	lease_table_free(t);
}

TEST(decline_expiry_frees_address_in_small_pool)
{
	struct lease_table *t = table();
	struct lease_client cl[4];
	for (int i = 0; i < 4; i++) {
		cl[i] = client(40 + i);
		bind_ip(t, offer(t, 1, &cl[i], 0, T0), &cl[i], T0, 86400);
	}
	CHECK_INT(lease_table_decline(t, tp_ip(198, 18, 1, 12), T0, T0 + 600, NULL), 0);
	struct lease_client n = client(50);
	uint32_t ip;
	CHECK_INT(lease_table_choose(t, 1, &n, 0, SERVER, T0 + 599, &ip), -ENOSPC);
	CHECK_INT(lease_table_choose(t, 1, &n, 0, SERVER, T0 + 600, &ip), 0);
	CHECK_INT(ip, tp_ip(198, 18, 1, 12));
	lease_table_free(t);
}

TEST(bind_displaces_older_record)
{
	struct lease_table *t = table();
	struct lease_client a = client(1);
	uint32_t first = bind_ip(t, offer(t, 0, &a, 0, T0), &a, T0, 3600);
	uint32_t disp[3];
	size_t nd = 9;
	const struct dhcp_lease *l;
	CHECK_INT(lease_table_bind(t, IP(150), &a, "box", T0 + 5, T0 + 100, disp, 3, &nd, &l), 0);
	CHECK_INT(nd, 1);
	CHECK_INT(disp[0], first);
	CHECK_STR(l->hostname, "box");
	CHECK(lease_table_by_client(t, &a, 0)->ip == IP(150));
	/* The old address is free for anyone now. */
	struct lease_client b = client(2);
	CHECK(lease_table_can_take(t, 0, &b, first, SERVER, T0 + 6));
	CHECK_INT(lease_table_count(t), 1);
	CHECK_INT(lease_table_check(t), 0);
	lease_table_free(t);
}

TEST(load_from_store)
{
	struct lease_table *t = table();
	struct lease_client a = client(1), b = client(2);
	struct dhcp_lease l = { .ip = IP(100), .state = LEASE_BOUND, .starts = T0, .ends = T0 + 3600 };
	lease_set_client(&l, &a);
	CHECK_INT(lease_table_load(t, &l), 0);
	struct dhcp_lease d = { .ip = IP(101), .state = LEASE_DECLINED, .starts = T0, .ends = T0 + 600 };
	lease_set_client(&d, &b);
	CHECK_INT(lease_table_load(t, &d), 0);
	CHECK_INT(lease_table_count(t), 2);
	CHECK(lease_table_by_client(t, &a, 0)->ip == IP(100));
	CHECK(lease_table_by_client(t, &b, 0) == NULL);
	/* Neither is handed to a newcomer. */
	struct lease_client c = client(3);
	CHECK_INT(offer(t, 0, &c, 0, T0 + 1), IP(102));
	/* Replace in place. */
	l.state = LEASE_RELEASED;
	CHECK_INT(lease_table_load(t, &l), 0);
	CHECK_INT(lease_table_by_ip(t, IP(100))->state, LEASE_RELEASED);
	CHECK_INT(lease_table_count(t), 3);

	struct dhcp_lease bad = l;
	bad.ip = 0;
	CHECK_INT(lease_table_load(t, &bad), -EINVAL);
	bad = l;
	bad.state = 9;
	CHECK_INT(lease_table_load(t, &bad), -EINVAL);
	bad = l;
	bad.hlen = 17;
	CHECK_INT(lease_table_load(t, &bad), -EINVAL);
	CHECK_INT(lease_table_check(t), 0);

	lease_table_clear(t);
	CHECK_INT(lease_table_count(t), 0);
	CHECK(lease_table_by_ip(t, IP(100)) == NULL);
	CHECK_INT(offer(t, 0, &c, 0, T0), IP(100));
	CHECK_INT(lease_table_check(t), 0);
	lease_table_free(t);
}

TEST(reload_conf)
{
	struct lease_table *t = table();
	struct lease_client a = client(1), b = client(2);
	uint32_t ia = offer(t, 0, &a, 0, T0);
	uint32_t ib = bind_ip(t, offer(t, 0, &b, 0, T0), &b, T0, 3600);
	lease_table_drop_offers(t);
	/* The dropped offer is free at once; the bound lease is untouched. */
	struct lease_client c = client(3);
	CHECK(lease_table_can_take(t, 0, &c, ia, SERVER, T0 + 1));
	CHECK(!lease_table_can_take(t, 0, &c, ib, SERVER, T0 + 1));
	/* The range shrinks below the bound address: it is no longer handed
	 * out, not even to its owner. */
	ranges[0] = (struct conf_range){ IP(110), IP(120) };
	CHECK_INT(lease_table_set_conf(t, &conf), 0);
	CHECK_INT(lease_table_check(t), 0);
	CHECK_INT(offer(t, 0, &b, 0, T0 + 2), IP(110));
	CHECK(lease_table_by_ip(t, ib) != NULL);
	CHECK_INT(lease_table_set_conf(t, NULL), 0);
	uint32_t ip;
	CHECK_INT(lease_table_choose(t, 0, &b, 0, SERVER, T0, &ip), -ENOENT);
	lease_table_free(t);
}

TEST(cancel_offer)
{
	struct lease_table *t = table();
	struct lease_client a = client(1), b = client(2);
	uint32_t ia = offer(t, 0, &a, 0, T0);
	CHECK(lease_table_cancel_offer(t, &a, 0, T0 + 1));
	CHECK(!lease_table_cancel_offer(t, &a, 0, T0 + 1));
	CHECK(lease_table_can_take(t, 0, &b, ia, SERVER, T0 + 1));
	lease_table_free(t);
}

TEST(server_address_in_pool_is_never_given)
{
	struct lease_table *t = table();
	/* A stale record for our own address (e.g. from an old config). */
	struct lease_client a = client(1), b = client(2);
	struct dhcp_lease l = { .ip = tp_ip(198, 18, 1, 10), .state = LEASE_RELEASED, .ends = T0 - 10 };
	lease_set_client(&l, &a);
	lease_table_load(t, &l);
	for (int i = 11; i <= 13; i++) {
		struct lease_client c = client(100 + i);
		bind_ip(t, offer(t, 1, &c, 0, T0), &c, T0, 3600);
	}
	uint32_t ip;
	CHECK_INT(lease_table_choose(t, 1, &b, 0, tp_ip(198, 18, 1, 10), T0, &ip), -ENOSPC);
	CHECK_INT(lease_table_check(t), 0);
	lease_table_free(t);
}

/* 64k-address pool, 60,000 clients bound, then every lease expired and the
 * pool handed out again through the heap. Must stay well under a second
 * without sanitizers; the bound here is generous for ASan/UBSan builds. */
TEST(large_pool_performance)
{
	struct lease_table *t = table();
	subnets[0].network = tp_ip(198, 18, 0, 0);
	subnets[0].netmask = 0xffff0000;
	ranges[0] = (struct conf_range){ tp_ip(198, 18, 0, 10), tp_ip(198, 18, 255, 250) };
	subnets[1].network = tp_ip(10, 0, 0, 0);
	ranges[1] = (struct conf_range){ tp_ip(10, 0, 0, 1), tp_ip(10, 0, 0, 2) };
	CHECK_INT(lease_table_set_conf(t, &conf), 0);
	clock_t c0 = clock();
	const int N = 60000;
	int fails = 0;
	for (int i = 0; i < N; i++) {
		struct lease_client c = client(i);
		uint32_t ip = offer(t, 0, &c, 0, T0);
		if (!ip)
			fails++;
		else
			bind_ip(t, ip, &c, T0, 3600 + i % 1000);
	}
	CHECK_INT(fails, 0);
	CHECK_INT(lease_table_count(t), N);
	/* Renewals hit the same addresses. */
	for (int i = 0; i < N; i += 7) {
		struct lease_client c = client(i);
		const struct dhcp_lease *l = lease_table_by_client(t, &c, 0);
		CHECK(l != NULL);
		if (l)
			CHECK(lease_table_can_take(t, 0, &c, l->ip, SERVER, T0 + 10));
	}
	/* Remaining never-used addresses, then reuse of expired ones. */
	for (int i = N; i < N + 10000; i++) {
		struct lease_client c = client(i);
		uint32_t ip = offer(t, 0, &c, 0, T0 + 5000);
		if (!ip)
			fails++;
		else
			bind_ip(t, ip, &c, T0 + 5000, 3600);
	}
	CHECK_INT(fails, 0);
	double secs = (double)(clock() - c0) / CLOCKS_PER_SEC;
	CHECK(secs < 5.0);
	CHECK_INT(lease_table_check(t), 0);
	printf("large pool: %d allocations in %.3f s\n", N + 10000, secs);
	lease_table_free(t);
}

TEST_MAIN()
