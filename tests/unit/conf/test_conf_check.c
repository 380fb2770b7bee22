/* conf_check on configurations built in code (as the importer and the
 * quick-start flags build them): no position map, so messages carry the
 * subnet's or host's own position, or just the file. */
#include "conf/conf_check.h"
#include "conf/conf_opt.h"
#include "test.h"

#include <stdlib.h>

static struct conf_subnet *add_subnet(struct pxed_conf *c, uint32_t net, uint32_t mask, int line)
{
	c->dhcp.subnets = realloc(c->dhcp.subnets, (c->dhcp.nsubnets + 1) * sizeof(struct conf_subnet));
	struct conf_subnet *s = &c->dhcp.subnets[c->dhcp.nsubnets++];
	memset(s, 0, sizeof(*s));
	s->network = net;
	s->netmask = mask;
	s->allow_bootp = -1;
	s->pos = (struct conf_pos){ .file = c->path, .line = line };
	return s;
}

static void add_range(struct conf_subnet *s, uint32_t a, uint32_t b)
{
	s->ranges = realloc(s->ranges, (s->nranges + 1) * sizeof(*s->ranges));
	s->ranges[s->nranges++] = (struct conf_range){ a, b };
}

static struct conf_host *add_host(struct pxed_conf *c, const char *name, int mac_last, uint32_t ip, int line)
{
	c->dhcp.hosts = realloc(c->dhcp.hosts, (c->dhcp.nhosts + 1) * sizeof(struct conf_host));
	struct conf_host *h = &c->dhcp.hosts[c->dhcp.nhosts++];
	memset(h, 0, sizeof(*h));
	h->name = strdup(name);
	if (mac_last >= 0) {
		h->macs = calloc(1, 6);
		memcpy(h->macs[0], "\x52\x54\x00\x00\x00", 5);
		h->macs[0][5] = (uint8_t)mac_last;
		h->nmacs = 1;
	}
	h->ip = ip;
	h->pos = (struct conf_pos){ .file = c->path, .line = line };
	return h;
}

static char *run(const struct pxed_conf *c, int *errors, int *warnings)
{
	char *buf = NULL;
	size_t len = 0;
	FILE *f = open_memstream(&buf, &len);
	*errors = conf_check(c, NULL, f, warnings);
	fclose(f);
	return buf;
}

static void setup(struct pxed_conf *c)
{
	conf_init(c);
	c->path = strdup("dhcpd.conf");
}

TEST(clean_config_passes)
{
	struct pxed_conf c;
	setup(&c);
	struct conf_subnet *s = add_subnet(&c, 0xc6120000u, 0xffffff00u, 3);
	add_range(s, 0xc6120064u, 0xc61200c7u);
	add_range(s, 0xc61200c8u, 0xc61200c8u); /* adjacent, not overlapping */
	add_subnet(&c, 0xc6120100u, 0xffffff00u, 9);
	add_subnet(&c, 0xc6120200u, 0xfffffffeu, 12); /* /31: both addresses usable */
	add_range(&c.dhcp.subnets[2], 0xc6120200u, 0xc6120201u);
	add_host(&c, "a", 1, 0xc6120007u, 20);
	add_host(&c, "b", 2, 0, 21);
	int e, w;
	char *out = run(&c, &e, &w);
	CHECK_INT(e, 0);
	CHECK_INT(w, 0);
	CHECK_STR(out, "");
	free(out);
	conf_free(&c);
}

TEST(messages_without_posmap)
{
	struct pxed_conf c;
	setup(&c);
	c.dhcp.lease_time = 100;
	c.dhcp.max_lease_time = 50;
	c.dhcp.boot.file[BOOT_ARCH_EFI_X64] = strdup("");
	struct conf_subnet *s = add_subnet(&c, 0xc6120000u, 0xffffff00u, 3);
	add_range(s, 0xc6120064u, 0xc61200c7u);
	add_range(s, 0xc61200c7u, 0xc61200d0u); /* shares one address */
	add_range(s, 0xc6120164u, 0xc6120170u);
	s->lease_time = 7200; /* max inherited: 50 */
	add_subnet(&c, 0xc6120080u, 0xffffff80u, 7); /* inside the first */
	struct conf_host *h = add_host(&c, "n1", 1, 0xc6120070u, 10);
	h->boot.file[BOOT_ARCH_IPXE] = strdup("");
	add_host(&c, "n2", -1, 0xc6120000u, 11);
	add_host(&c, "n3", 1, 0x0a000001u, 12);
	int e, w;
	char *out = run(&c, &e, &w);
	CHECK_STR(out,
		  "dhcpd.conf: error: dhcp.lease_time: 100s is longer than dhcp.max_lease_time 50s\n"
		  "dhcpd.conf: error: dhcp.boot_files.efi-x64: empty file name\n"
		  "dhcpd.conf:3: error: dhcp.subnets[0].ranges[2]: 198.18.1.100 is outside subnet 198.18.0.0/24\n"
		  "dhcpd.conf:3: error: dhcp.subnets[0]: lease_time 2h is longer than max_lease_time 50s (inherited from dhcp.max_lease_time)\n"
		  "dhcpd.conf:7: error: dhcp.subnets[1]: 198.18.0.128/25 overlaps dhcp.subnets[0] (198.18.0.0/24)\n"
		  "dhcpd.conf:3: error: dhcp.subnets[0].ranges[1]: 198.18.0.199-198.18.0.208 overlaps dhcp.subnets[0].ranges[0] (198.18.0.100-198.18.0.199)\n"
		  "dhcpd.conf:10: error: dhcp.hosts[0] (n1): boot_files.ipxe: empty file name\n"
		  "dhcpd.conf:10: warning: dhcp.hosts[0] (n1): fixed ip 198.18.0.112 is inside dynamic range dhcp.subnets[0].ranges[0] (198.18.0.100-198.18.0.199)\n"
		  "dhcpd.conf:11: error: dhcp.hosts[1] (n2): needs mac, macs or client_id to be recognized\n"
		  "dhcpd.conf:11: error: dhcp.hosts[1] (n2): ip 198.18.0.0 is the network address of subnet 198.18.0.0/24\n"
		  "dhcpd.conf:12: error: dhcp.hosts[2] (n3): ip 10.0.0.1 is not inside any subnet\n"
		  "dhcpd.conf:12: error: dhcp.hosts[2] (n3): mac 52:54:00:00:00:01 is also used by dhcp.hosts[0] (n1)\n");
	CHECK_INT(e, 11);
	CHECK_INT(w, 1);
	free(out);
	conf_free(&c);
}

TEST(posmap_bad_entries_are_skipped)
{
	struct pxed_conf c;
	setup(&c);
	add_subnet(&c, 0xc6120005u, 0xffffff00u, 3); /* host bits, but marked bad */
	add_host(&c, "x", 1, 0xc6130001u, 5);          /* no subnet: skipped as incomplete */
	add_host(&c, "y", -1, 0, 6);                     /* bad: skipped */
	struct conf_subnet_pos sp[1] = { { .bad = true } };
	struct conf_host_pos hp[2] = { { .bad = false }, { .bad = true } };
	struct conf_posmap pm = { .subnets = sp, .hosts = hp, .subnets_incomplete = true };
	char *buf = NULL;
	size_t len = 0;
	FILE *f = open_memstream(&buf, &len);
	CHECK_INT(conf_check(&c, &pm, f, NULL), 0);
	fclose(f);
	CHECK_STR(buf, "");
	free(buf);
	conf_free(&c);
}

TEST(many_ranges_overlap_check_is_fast_and_exact)
{
	/* 20000 disjoint ranges in a /16 and one overlapping at the end */
	struct pxed_conf c;
	setup(&c);
	struct conf_subnet *s = add_subnet(&c, 0x0a000000u, 0xffff0000u, 1);
	s->ranges = calloc(20001, sizeof(*s->ranges));
	for (uint32_t i = 0; i < 20000; i++)
		s->ranges[s->nranges++] = (struct conf_range){ 0x0a000002u + i * 3, 0x0a000003u + i * 3 };
	s->ranges[s->nranges++] = (struct conf_range){ 0x0a000005u, 0x0a000005u };
	int e, w;
	char *out = run(&c, &e, &w);
	CHECK_INT(e, 1);
	CHECK_STR(out, "dhcpd.conf:1: error: dhcp.subnets[0].ranges[20000]: 10.0.0.5-10.0.0.5 overlaps dhcp.subnets[0].ranges[1] (10.0.0.5-10.0.0.6)\n");
	free(out);
	conf_free(&c);
}

TEST(diag_format)
{
	char *buf = NULL;
	size_t len = 0;
	FILE *f = open_memstream(&buf, &len);
	struct conf_pos full = { "f", 3, 4 }, noline = { "f", 0, 0 }, nocol = { "f", 3, 0 }, nofile = { NULL, 1, 1 };
	conf_diag(f, &full, "error", "a %d", 1);
	conf_diag(f, &nocol, "warning", "b");
	conf_diag(f, &noline, "error", "c");
	conf_diag(f, &nofile, "error", "d");
	conf_diag(f, NULL, "error", "e");
	conf_diag(NULL, &full, "error", "ignored");
	conf_diag(f, &full, "error", "key '%s'", "\x1b[31m\n");
	fclose(f);
	CHECK_STR(buf, "f:3:4: error: a 1\nf:3: warning: b\nf: error: c\nerror: d\nerror: e\n"
		       "f:3:4: error: key '\\x1b[31m\\x0a'\n");
	free(buf);
}

TEST_MAIN()
