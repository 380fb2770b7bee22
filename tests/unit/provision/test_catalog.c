/* The catalog view: every lookup finds what was added, in any insertion
 * order, and nothing else. */
#include <stdlib.h>
#include <string.h>

#include "provision/catalog.h"
#include "test.h"

static struct catalog *sample(void)
{
	struct catalog *c = catalog_new();
	struct store_distro d = { .id = 7, .name = "rocky9", .major = 9 };
	struct store_distro d2 = { .id = 3, .name = "centos7", .major = 7 };
	catalog_add_distro(c, &d);
	catalog_add_distro(c, &d2);
	struct store_profile p = { .id = 2, .name = "web", .distro_id = 7, .kickstart = "text\n" };
	catalog_add_profile(c, &p);
	struct store_host h1 = { .id = 10, .hostname = "node1", .profile_id = 2, .n_macs = 2,
				 .macs = { { 0x52, 0x54, 0, 0, 0, 2 }, { 0x52, 0x54, 0, 0, 0, 9 } },
				 .uuid = "4c4c4544-0000-1000-8000-000000000001" };
	struct store_host h2 = { .id = 4, .hostname = "node2", .profile_id = 99, .n_macs = 1,
				 .macs = { { 0x52, 0x54, 0, 0, 0, 1 } } };
	catalog_add_host(c, &h1);
	catalog_add_host(c, &h2);
	if (catalog_seal(c) < 0)
		abort();
	return c;
}

TEST(lookups)
{
	struct catalog *c = sample();
	CHECK_INT((int)catalog_n_hosts(c), 2);
	CHECK_STR(catalog_host_at(c, 0)->hostname, "node2"); /* id order */
	const uint8_t m9[6] = { 0x52, 0x54, 0, 0, 0, 9 }, m1[6] = { 0x52, 0x54, 0, 0, 0, 1 },
		      mx[6] = { 0x52, 0x54, 0, 0, 0, 5 };
	CHECK_STR(catalog_host_by_mac(c, m9)->hostname, "node1");
	CHECK_STR(catalog_host_by_mac(c, m1)->hostname, "node2");
	CHECK(catalog_host_by_mac(c, mx) == NULL);
	CHECK_STR(catalog_host_by_name(c, "NODE1")->hostname, "node1");
	CHECK(catalog_host_by_name(c, "node3") == NULL);
	CHECK_INT((int)catalog_host_by_uuid(c, "4C4C4544-0000-1000-8000-000000000001")->id, 10);
	CHECK(catalog_host_by_uuid(c, "") == NULL);
	CHECK_INT((int)catalog_host_by_id(c, 4)->id, 4);
	const struct store_host *h = catalog_host_by_id(c, 10);
	const struct store_profile *p = catalog_host_profile(c, h);
	CHECK_STR(p->name, "web");
	CHECK_STR(p->kickstart, "text\n");
	CHECK_STR(catalog_profile_distro(c, p)->name, "rocky9");
	CHECK(catalog_host_profile(c, catalog_host_by_id(c, 4)) == NULL);
	CHECK_STR(catalog_distro_by_name(c, "centos7")->name, "centos7");
	CHECK(catalog_distro_by_name(c, "nope") == NULL);
	CHECK_STR(catalog_profile_by_name(c, "web")->name, "web");
	catalog_free(c);
}

TEST(empty)
{
	struct catalog *c = catalog_new();
	CHECK_INT(catalog_seal(c), 0);
	const uint8_t m[6] = { 0 };
	CHECK(catalog_host_by_mac(c, m) == NULL);
	CHECK(catalog_host_by_id(c, 1) == NULL);
	CHECK(catalog_distro_at(c, 0) == NULL);
	catalog_free(c);
}

TEST_MAIN()
