/* The tftp: section of pxed.conf: defaults, every key, the printer round
 * trip, and each error with its position. */
#include "conf_yaml_test.h"

TEST(defaults)
{
	struct pxed_conf c;
	conf_init(&c);
	CHECK(c.tftp.enabled);
	CHECK_STR(c.tftp.root, "/srv/tftp");
	CHECK_INT(c.tftp.port, 69);
	CHECK_INT(c.tftp.ninterfaces, 0);
	CHECK_INT(c.tftp.naddresses, 0);
	CHECK_INT(c.tftp.max_transfers, 2000);
	CHECK_INT(c.tftp.max_per_client, 16);
	CHECK_INT(c.tftp.blksize_max, 65464);
	CHECK_INT(c.tftp.windowsize_max, 64);
	CHECK_INT(c.tftp.timeout_min_ms, 20);
	CHECK_INT(c.tftp.retries, 8);
	CHECK(c.tftp.upload_dir == NULL);
	CHECK_INT(c.tftp.upload_max_size, 64ull << 20);
	conf_free(&c);
	conf_free(&c); /* harmless twice */
}

static const char every_key[] =
	"tftp:\n"
	"  enabled: true\n"
	"  root: /srv/boot\n"
	"  interfaces: [eth1, eth2]\n"
	"  addresses: [198.18.0.1, 198.18.1.1]\n"
	"  port: 6969\n"
	"  max_transfers: 5000\n"
	"  max_per_client: 32\n"
	"  blksize_max: 1468\n"
	"  windowsize_max: 16\n"
	"  timeout_min_ms: 50\n"
	"  retries: 12\n"
	"  upload_dir: /srv/uploads\n"
	"  upload_max_size: 512K\n";

TEST(every_key)
{
	struct pxed_conf c = { 0 };
	char *errs = NULL;
	CHECK_INT(load(every_key, &c, &errs), 0);
	CHECK_STR(errs, "");
	CHECK_STR(c.tftp.root, "/srv/boot");
	CHECK_INT(c.tftp.ninterfaces, 2);
	if (c.tftp.ninterfaces == 2) {
		CHECK_STR(c.tftp.interfaces[0], "eth1");
		CHECK_STR(c.tftp.interfaces[1], "eth2");
	}
	CHECK_INT(c.tftp.naddresses, 2);
	if (c.tftp.naddresses == 2) {
		CHECK_INT(c.tftp.addresses[0], 0xc6120001);
		CHECK_INT(c.tftp.addresses[1], 0xc6120101);
	}
	CHECK_INT(c.tftp.port, 6969);
	CHECK_INT(c.tftp.max_transfers, 5000);
	CHECK_INT(c.tftp.max_per_client, 32);
	CHECK_INT(c.tftp.blksize_max, 1468);
	CHECK_INT(c.tftp.windowsize_max, 16);
	CHECK_INT(c.tftp.timeout_min_ms, 50);
	CHECK_INT(c.tftp.retries, 12);
	CHECK_STR(c.tftp.upload_dir, "/srv/uploads");
	CHECK_INT(c.tftp.upload_max_size, 512 * 1024);
	free(errs);
	conf_free(&c);
}

TEST(single_values_and_sizes)
{
	struct pxed_conf c = { 0 };
	char *errs = NULL;
	CHECK_INT(load("tftp: {interfaces: eth0, addresses: 0.0.0.0, upload_max_size: 1000}\n", &c, &errs), 0);
	CHECK_STR(errs, "");
	CHECK_INT(c.tftp.ninterfaces, 1);
	CHECK_INT(c.tftp.naddresses, 1);
	CHECK_INT(c.tftp.addresses[0], 0);
	CHECK_INT(c.tftp.upload_max_size, 1000);
	free(errs);
	conf_free(&c);
	static const struct {
		const char *text;
		uint64_t bytes;
	} sizes[] = { { "1k", 1024 }, { "64M", 64ull << 20 }, { "2G", 2ull << 30 }, { "1T", 1ull << 40 },
		      { "123456789", 123456789 } };
	for (size_t i = 0; i < sizeof(sizes) / sizeof(sizes[0]); i++) {
		char y[80];
		snprintf(y, sizeof(y), "tftp: {upload_max_size: %s}\n", sizes[i].text);
		struct pxed_conf d = { 0 };
		errs = NULL;
		CHECK_INT(load(y, &d, &errs), 0);
		CHECK_INT(d.tftp.upload_max_size, sizes[i].bytes);
		free(errs);
		conf_free(&d);
	}
}

/* load -> print -> load -> print gives the same text, and every field. */
static void round_trip(const char *yaml, int line)
{
	struct pxed_conf a, b;
	round_trip_load(yaml, line, &a, &b);
	CHECK_STR(a.tftp.root, b.tftp.root);
	CHECK_INT(a.tftp.ninterfaces, b.tftp.ninterfaces);
	CHECK_INT(a.tftp.naddresses, b.tftp.naddresses);
	for (size_t i = 0; i < a.tftp.naddresses && i < b.tftp.naddresses; i++)
		CHECK_INT(a.tftp.addresses[i], b.tftp.addresses[i]);
	CHECK_INT(a.tftp.port, b.tftp.port);
	CHECK_INT(a.tftp.max_transfers, b.tftp.max_transfers);
	CHECK_INT(a.tftp.max_per_client, b.tftp.max_per_client);
	CHECK_INT(a.tftp.blksize_max, b.tftp.blksize_max);
	CHECK_INT(a.tftp.windowsize_max, b.tftp.windowsize_max);
	CHECK_INT(a.tftp.timeout_min_ms, b.tftp.timeout_min_ms);
	CHECK_INT(a.tftp.retries, b.tftp.retries);
	CHECK((a.tftp.upload_dir == NULL) == (b.tftp.upload_dir == NULL));
	CHECK_INT(a.tftp.upload_max_size, b.tftp.upload_max_size);
	conf_free(&a);
	conf_free(&b);
}

TEST(round_trips)
{
	round_trip(every_key, __LINE__);
	round_trip("", __LINE__);
	round_trip("tftp: {upload_max_size: 1025, root: \"/srv/with space\"}\n", __LINE__);
	round_trip("tftp: {upload_max_size: 3072}\n", __LINE__);
	round_trip("tftp: {addresses: [0.0.0.0]}\n", __LINE__);
}

TEST(printed_form)
{
	struct pxed_conf c = { 0 };
	char *errs = NULL;
	CHECK_INT(load("tftp: {upload_dir: /srv/up, upload_max_size: 3072, interfaces: eth0}\n", &c, &errs), 0);
	char *p = print(&c);
	CHECK(strstr(p, "tftp:\n  enabled: true\n  root: /srv/tftp\n  interfaces: [eth0]\n  port: 69\n"
			"  max_transfers: 2000\n  max_per_client: 16\n  blksize_max: 65464\n  windowsize_max: 64\n"
			"  timeout_min_ms: 20\n  retries: 8\n  upload_dir: /srv/up\n  upload_max_size: 3K\n") != NULL);
	free(p);
	free(errs);
	conf_free(&c);
}

TEST(errors)
{
	EXPECT_ERRORS("tftp:\n"
		      "  port: 0\n"
		      "  max_transfers: -1\n"
		      "  blksize_max: 100\n"
		      "  windowsize_max: 70000\n"
		      "  timeout_min_ms: 0\n"
		      "  retries: many\n"
		      "  upload_max_size: 0\n"
		      "  upload_dir: relative\n",
		      "t.yaml:2:9: error: tftp.port: expected a port number 1-65535, got '0'\n"
		      "t.yaml:3:18: error: tftp.max_transfers: expected a number of transfers 1-1000000, got '-1'\n"
		      "t.yaml:4:16: error: tftp.blksize_max: expected a block size 512-65464, got '100'\n"
		      "t.yaml:5:19: error: tftp.windowsize_max: expected a window size 1-65535, got '70000'\n"
		      "t.yaml:6:19: error: tftp.timeout_min_ms: expected milliseconds 1-60000, got '0'\n"
		      "t.yaml:7:12: error: tftp.retries: expected a number of retries 1-100, got 'many'\n"
		      "t.yaml:8:20: error: tftp.upload_max_size: expected a size in bytes such as 1048576, 512K, "
		      "64M or 2G (at least 1), got '0'\n"
		      "t.yaml:9:15: error: tftp.upload_dir: 'relative' is not an absolute path\n");
	EXPECT_ERRORS("tftp:\n"
		      "  interfaces: [eth0, eth0]\n"
		      "  addresses: [198.18.0.1, 0.0.0.0, 224.0.0.1, 198.18.0.1]\n",
		      "t.yaml:2:22: error: tftp.interfaces[1]: eth0 is listed twice\n"
		      "t.yaml:3:27: error: tftp.addresses[1]: 0.0.0.0 (every address) cannot be combined with other "
		      "addresses\n"
		      "t.yaml:3:36: error: tftp.addresses[2]: 224.0.0.1 is not a unicast address to listen on\n"
		      "t.yaml:3:47: error: tftp.addresses[3]: 198.18.0.1 is listed twice\n");
	EXPECT_ERRORS("tftp: {max_transfers: 10, max_per_client: 11}\n",
		      "t.yaml:1:43: error: tftp.max_per_client: 11 is more than max_transfers (10)\n");
	EXPECT_ERRORS("tftp: {root: /srv/tftp, upload_dir: /srv/tftp/up}\n",
		      "t.yaml:1:37: error: tftp.upload_dir: must not be inside tftp.root (/srv/tftp): uploads would "
		      "be served to clients\n");
	EXPECT_ERRORS("tftp: {upload_dir: /srv/tftp/}\n",
		      "t.yaml:1:20: error: tftp.upload_dir: must not be inside tftp.root (/srv/tftp): uploads would "
		      "be served to clients\n");
	EXPECT_ERRORS("tftp: {windowsize_mx: 8}\n",
		      "t.yaml:1:8: error: tftp.windowsize_mx: unknown key 'windowsize_mx' (did you mean 'windowsize_max'?)\n");
	EXPECT_ERRORS("tftp: [a]\n",
		      "t.yaml:1:7: error: tftp: expected a mapping of TFTP settings (enabled:, root:, ...), got a list\n");
}

TEST(upload_dir_beside_the_root_is_fine)
{
	struct pxed_conf c = { 0 };
	char *errs = NULL;
	CHECK_INT(load("tftp: {root: /srv/tftp, upload_dir: /srv/tftp-uploads}\n", &c, &errs), 0);
	CHECK_STR(errs, "");
	free(errs);
	conf_free(&c);
}

TEST_MAIN()
