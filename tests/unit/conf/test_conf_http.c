/* The http: section of pxed.conf: defaults, every key, the printer round
 * trip, and each error with its position. */
#include "conf_yaml_test.h"

TEST(defaults)
{
	struct pxed_conf c;
	conf_init(&c);
	CHECK(c.http.enabled);
	CHECK_STR(c.http.root, "/srv/pxed/http");
	CHECK_INT(c.http.port, 8080);
	CHECK_INT(c.http.ninterfaces, 0);
	CHECK_INT(c.http.naddresses, 0);
	CHECK_INT(c.http.max_connections, 4096);
	CHECK_INT(c.http.max_per_client, 64);
	CHECK_INT(c.http.idle_timeout, 30);
	CHECK_INT(c.http.threads, 0);
	conf_free(&c);
}

static const char every_key[] =
	"http:\n"
	"  enabled: false\n"
	"  root: /srv/www\n"
	"  interfaces: [eth1, eth2]\n"
	"  addresses: [198.18.0.1]\n"
	"  port: 80\n"
	"  max_connections: 5000\n"
	"  max_per_client: 100\n"
	"  idle_timeout: 2m\n"
	"  threads: 4\n";

TEST(every_key)
{
	struct pxed_conf c = { 0 };
	char *errs = NULL;
	CHECK_INT(load(every_key, &c, &errs), 0);
	CHECK_STR(errs, "");
	CHECK(!c.http.enabled);
	CHECK_STR(c.http.root, "/srv/www");
	CHECK_INT(c.http.ninterfaces, 2);
	if (c.http.ninterfaces == 2) {
		CHECK_STR(c.http.interfaces[0], "eth1");
		CHECK_STR(c.http.interfaces[1], "eth2");
	}
	CHECK_INT(c.http.naddresses, 1);
	if (c.http.naddresses == 1)
		CHECK_INT(c.http.addresses[0], 0xc6120001);
	CHECK_INT(c.http.port, 80);
	CHECK_INT(c.http.max_connections, 5000);
	CHECK_INT(c.http.max_per_client, 100);
	CHECK_INT(c.http.idle_timeout, 120);
	CHECK_INT(c.http.threads, 4);
	free(errs);
	conf_free(&c);
}

static void round_trip(const char *yaml, int line)
{
	struct pxed_conf a, b;
	round_trip_load(yaml, line, &a, &b);
	CHECK(a.http.enabled == b.http.enabled);
	CHECK_STR(a.http.root, b.http.root);
	CHECK_INT(a.http.ninterfaces, b.http.ninterfaces);
	for (size_t i = 0; i < a.http.ninterfaces && i < b.http.ninterfaces; i++)
		CHECK_STR(a.http.interfaces[i], b.http.interfaces[i]);
	CHECK_INT(a.http.naddresses, b.http.naddresses);
	for (size_t i = 0; i < a.http.naddresses && i < b.http.naddresses; i++)
		CHECK_INT(a.http.addresses[i], b.http.addresses[i]);
	CHECK_INT(a.http.port, b.http.port);
	CHECK_INT(a.http.max_connections, b.http.max_connections);
	CHECK_INT(a.http.max_per_client, b.http.max_per_client);
	CHECK_INT(a.http.idle_timeout, b.http.idle_timeout);
	CHECK_INT(a.http.threads, b.http.threads);
	conf_free(&a);
	conf_free(&b);
}

TEST(round_trips)
{
	round_trip(every_key, __LINE__);
	round_trip("", __LINE__);
	round_trip("http: {root: \"/srv/with space\", idle_timeout: 90}\n", __LINE__);
	round_trip("http: {addresses: 0.0.0.0, idle_timeout: 1d}\n", __LINE__);
}

TEST(printed_form)
{
	struct pxed_conf c = { 0 };
	char *errs = NULL;
	CHECK_INT(load("http: {interfaces: eth0, idle_timeout: 90}\n", &c, &errs), 0);
	char *p = print(&c);
	CHECK(strstr(p, "http:\n  enabled: true\n  root: /srv/pxed/http\n  interfaces: [eth0]\n  port: 8080\n"
			"  max_connections: 4096\n  max_per_client: 64\n  idle_timeout: 90s\n  threads: 0\n") != NULL);
	free(p);
	free(errs);
	conf_free(&c);
}

TEST(errors)
{
	EXPECT_ERRORS("http:\n"
		      "  port: 0\n"
		      "  max_connections: 0\n"
		      "  max_per_client: lots\n"
		      "  idle_timeout: 0\n"
		      "  root: relative\n",
		      "t.yaml:2:9: error: http.port: expected a port number 1-65535, got '0'\n"
		      "t.yaml:3:20: error: http.max_connections: expected a number of connections 1-1000000, got '0'\n"
		      "t.yaml:4:19: error: http.max_per_client: expected a number of connections 1-1000000, got "
		      "'lots'\n"
		      "t.yaml:5:17: error: http.idle_timeout: must be longer than 0 seconds\n"
		      "t.yaml:6:9: error: http.root: 'relative' is not an absolute path\n");
	EXPECT_ERRORS("http: {idle_timeout: 2d}\n", "t.yaml:1:22: error: http.idle_timeout: at most a day (1d)\n");
	EXPECT_ERRORS("http: {threads: 65}\n",
		      "t.yaml:1:17: error: http.threads: expected a number of threads 0-64 (0: one per CPU), got '65'\n");
	EXPECT_ERRORS("http: {interfaces: [eth0, eth0], addresses: [0.0.0.0, 198.18.0.1]}\n",
		      "t.yaml:1:27: error: http.interfaces[1]: eth0 is listed twice\n"
		      "t.yaml:1:55: error: http.addresses[1]: 0.0.0.0 (every address) cannot be combined with other "
		      "addresses\n");
	EXPECT_ERRORS("http: {max_connections: 10, max_per_client: 11}\n",
		      "t.yaml:1:45: error: http.max_per_client: 11 is more than max_connections (10)\n");
	EXPECT_ERRORS("http: {max_conections: 8}\n",
		      "t.yaml:1:8: error: http.max_conections: unknown key 'max_conections' (did you mean "
		      "'max_connections'?)\n");
	EXPECT_ERRORS("http: [a]\n",
		      "t.yaml:1:7: error: http: expected a mapping of HTTP settings (enabled:, root:, port:, ...), got a "
		      "list\n");
}

TEST_MAIN()
