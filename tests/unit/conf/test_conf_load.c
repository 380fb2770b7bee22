/* The YAML loader: every key, every error path with its exact message and
 * position, the shipped example, and the print -> load round trip. */
#include "conf/conf_load.h"
#include "conf/conf_opt.h"
#include "conf/conf_print.h"
#include "core/str.h"
#include "test.h"

#include <errno.h>

struct res {
	int r;
	char *errs; /* everything printed, "" when nothing */
};

static struct res load(const char *yaml, struct pxed_conf *c)
{
	struct res out = { 0, NULL };
	size_t len = 0;
	FILE *f = open_memstream(&out.errs, &len);
	out.r = conf_load_string("t.yaml", yaml, strlen(yaml), c, f);
	fclose(f);
	return out;
}

/* Loads text that must fail and checks the complete message output. */
static void expect_errors(const char *yaml, const char *expected, int line)
{
	struct pxed_conf c;
	conf_init(&c);
	struct res r = load(yaml, &c);
	if (r.r != -EINVAL || strcmp(r.errs, expected) != 0) {
		fprintf(stderr, "%s:%d: load returned %d with\n%s--- expected -EINVAL with\n%s---\n", __FILE__, line, r.r,
			r.errs, expected);
		test_failures++;
	}
	/* a failed load leaves the conf as it was */
	CHECK_INT(c.dhcp.nsubnets, 0);
	CHECK_STR(c.state_dir, CONF_DEFAULT_STATE_DIR);
	CHECK(c.path == NULL);
	free(r.errs);
	conf_free(&c);
}
#define EXPECT_ERRORS(yaml, expected) expect_errors(yaml, expected, __LINE__)

static char *print(const struct pxed_conf *c)
{
	char *buf = NULL;
	size_t len = 0;
	FILE *f = open_memstream(&buf, &len);
	CHECK_INT(conf_print(c, f), 0);
	fclose(f);
	return buf;
}

static const struct conf_option *opt(const struct conf_optset *s, uint8_t code)
{
	return conf_optset_get(s, code);
}

static bool opt_is(const struct conf_optset *s, uint8_t code, const void *bytes, size_t len)
{
	const struct conf_option *o = opt(s, code);
	return o && o->len == len && memcmp(o->data, bytes, len) == 0;
}

TEST(defaults)
{
	struct pxed_conf c;
	conf_init(&c);
	CHECK(c.path == NULL);
	CHECK_STR(c.state_dir, CONF_DEFAULT_STATE_DIR);
	CHECK_STR(c.user, CONF_DEFAULT_USER);
	CHECK_INT(c.log_level, LOG_LVL_INFO);
	CHECK(!c.log_syslog);
	CHECK(c.dhcp.enabled && !c.dhcp.proxy && c.dhcp.authoritative && c.dhcp.allow_bootp && c.dhcp.allow_booting);
	CHECK_INT(c.dhcp.lease_time, CONF_DEFAULT_LEASE_TIME);
	CHECK_INT(c.dhcp.max_lease_time, CONF_DEFAULT_MAX_LEASE_TIME);
	CHECK_INT(c.dhcp.offer_hold, 30);
	CHECK_INT(c.dhcp.decline_hold, 600);
	CHECK_INT(c.dhcp.nsubnets, 0);
	CHECK_INT(c.dhcp.nhosts, 0);
	CHECK(c.tftp.enabled);
	CHECK_STR(c.tftp.root, CONF_DEFAULT_TFTP_ROOT);
	CHECK(c.http.enabled);
	CHECK_STR(c.http.root, "/srv/pxed/http");
	CHECK_INT(c.http.port, CONF_DEFAULT_HTTP_PORT);
	conf_free(&c);
	conf_free(&c); /* harmless twice */
}

TEST(empty_file_is_all_defaults)
{
	const char *texts[] = { "", "# only a comment\n", "---\n", "~\n" };
	for (size_t i = 0; i < sizeof(texts) / sizeof(texts[0]); i++) {
		struct pxed_conf c = { 0 };
		struct res r = load(texts[i], &c);
		CHECK_INT(r.r, 0);
		CHECK_STR(r.errs, "");
		CHECK_STR(c.path, "t.yaml");
		CHECK_INT(c.dhcp.lease_time, CONF_DEFAULT_LEASE_TIME);
		CHECK_STR(c.user, "pxed");
		free(r.errs);
		conf_free(&c);
	}
}

static const char full[] =
	"state_dir: /srv/state\n"
	"user: \"\"\n"
	"log: {level: debug, syslog: true}\n"
	"dhcp:\n"
	"  enabled: false\n"
	"  proxy: true\n"
	"  authoritative: false\n"
	"  allow_bootp: false\n"
	"  allow_booting: false\n"
	"  interfaces: [eth1, br0]\n"
	"  lease_time: 90s\n"
	"  max_lease_time: infinite\n"
	"  offer_hold: 0\n"
	"  decline_hold: 2d\n"
	"  boot_files: {bios: pxelinux.0, efi-x64: syslinux.efi, ipxe: \"http://${next-server}:${http-port}/boot.ipxe\"}\n"
	"  dns_servers: 198.18.0.1\n"
	"  domain_name: lab.example\n"
	"  ntp_servers: [198.18.0.2, 198.18.0.3]\n"
	"  domain_search: [lab.example, example.com.]\n"
	"  options: {150: 198.18.0.10}\n"
	"  subnets:\n"
	"    - subnet: 198.18.0.0/24\n"
	"      interface: eth1\n"
	"      ranges: [\"198.18.0.100-198.18.0.199\", \"198.18.0.210 - 198.18.0.220\", 198.18.0.230, {start: 198.18.0.240, end: 198.18.0.250}]\n"
	"      routers: [198.18.0.1]\n"
	"      dns_servers: [198.18.0.1]\n"
	"      domain_name: sub.lab.example\n"
	"      domain_search: lab.example\n"
	"      broadcast_address: 198.18.0.255\n"
	"      ntp_servers: [198.18.0.1]\n"
	"      classless_routes: [\"10.0.0.0/8 via 198.18.0.254\", \"0.0.0.0/0 via 198.18.0.1\", \"198.51.100.128/25 via 198.18.0.9\"]\n"
	"      next_server: 198.18.0.10\n"
	"      lease_time: 1h\n"
	"      max_lease_time: 2h\n"
	"      deny_unknown: true\n"
	"      allow_bootp: false\n"
	"      boot_files: {efi-arm64: grubaa64.efi}\n"
	"      options:\n"
	"        252: \"http://x/wpad.dat\"\n"
	"        224: {hex: \"01:02:03\"}\n"
	"        225: {u8: 5}\n"
	"        226: {u16: 9}\n"
	"        227: {u32: 7}\n"
	"        228: {ip: [198.18.0.1, 198.18.0.2]}\n"
	"        229: {text: \"hi\"}\n"
	"        230: {s32: -2}\n"
	"        231: {bool: true}\n"
	"        232: {domains: [a.example]}\n"
	"        233: {routes: [\"10.0.0.0/8 via 1.2.3.4\"]}\n"
	"        234: {hex: \"\"}\n"
	"        235: \"plain text\"\n"
	"        236: [198.18.0.5]\n"
	"        26: 1500\n"
	"        2: -3600\n"
	"        19: false\n"
	"        tftp-server-name: tftp.lab.example\n"
	"    - subnet: 198.18.1.0\n"
	"      netmask: 255.255.255.0\n"
	"  hosts:\n"
	"    - name: node07\n"
	"      mac: 52:54:00:12:34:07\n"
	"      client_id: \"01:52:54:00:12:34:07\"\n"
	"      ip: 198.18.0.7\n"
	"      hostname: node07.lab\n"
	"      next_server: 198.18.0.11\n"
	"      boot_files: {bios: special.0}\n"
	"      routers: 198.18.0.254\n"
	"      options: {209: \"pxelinux.cfg/special\"}\n"
	"      deny: true\n"
	"    - name: node08\n"
	"      macs: [52:54:00:12:34:08, \"52-54-00-12-34-09\"]\n"
	"    - name: by-id\n"
	"      client_id: \"0001020304\"\n"
	"tftp: {enabled: false, root: /srv/tftp2}\n"
	"http: {enabled: false, root: /srv/http2, port: 8081}\n";

TEST(every_key)
{
	struct pxed_conf c = { 0 };
	struct res r = load(full, &c);
	CHECK_INT(r.r, 0);
	CHECK_STR(r.errs, "t.yaml:24:16: warning: dhcp.subnets[0].ranges: not used: with dhcp.proxy pxed hands out no addresses\n");
	CHECK_STR(c.state_dir, "/srv/state");
	CHECK_STR(c.user, "");
	CHECK_INT(c.log_level, LOG_LVL_DEBUG);
	CHECK(c.log_syslog);
	const struct conf_dhcp *d = &c.dhcp;
	CHECK(!d->enabled && d->proxy && !d->authoritative && !d->allow_bootp && !d->allow_booting);
	CHECK_INT(d->ninterfaces, 2);
	CHECK_STR(d->interfaces[0], "eth1");
	CHECK_STR(d->interfaces[1], "br0");
	CHECK_INT(d->lease_time, 90);
	CHECK(d->max_lease_time == UINT32_MAX);
	CHECK_INT(d->offer_hold, 0);
	CHECK_INT(d->decline_hold, 172800);
	CHECK_STR(d->boot.file[BOOT_ARCH_BIOS], "pxelinux.0");
	CHECK_STR(d->boot.file[BOOT_ARCH_EFI_X64], "syslinux.efi");
	CHECK_STR(d->boot.file[BOOT_ARCH_IPXE], "http://${next-server}:${http-port}/boot.ipxe");
	CHECK(d->boot.file[BOOT_ARCH_EFI_IA32] == NULL);
	CHECK(opt_is(&d->options, 6, "\xc6\x12\x00\x01", 4));
	CHECK(opt_is(&d->options, 15, "lab.example", 11));
	CHECK(opt_is(&d->options, 42, "\xc6\x12\x00\x02\xc6\x12\x00\x03", 8));
	CHECK(opt_is(&d->options, 119, "\x03lab\x07" "example\x00\x07" "example\x03" "com\x00", 26));
	CHECK(opt_is(&d->options, 150, "\xc6\x12\x00\x0a", 4));
	CHECK_INT(d->options.n, 5);

	CHECK_INT(d->nsubnets, 2);
	const struct conf_subnet *s = &d->subnets[0];
	CHECK(s->network == 0xc6120000u && s->netmask == 0xffffff00u);
	CHECK_STR(s->interface, "eth1");
	CHECK_INT(s->nranges, 4);
	CHECK(s->ranges[0].start == 0xc6120064u && s->ranges[0].end == 0xc61200c7u);
	CHECK(s->ranges[1].start == 0xc61200d2u && s->ranges[1].end == 0xc61200dcu);
	CHECK(s->ranges[2].start == 0xc61200e6u && s->ranges[2].end == 0xc61200e6u);
	CHECK(s->ranges[3].start == 0xc61200f0u && s->ranges[3].end == 0xc61200fau);
	CHECK(opt_is(&s->options, 3, "\xc6\x12\x00\x01", 4));
	CHECK(opt_is(&s->options, 6, "\xc6\x12\x00\x01", 4));
	CHECK(opt_is(&s->options, 15, "sub.lab.example", 15));
	CHECK(opt_is(&s->options, 119, "\x03lab\x07" "example\x00", 13));
	CHECK(opt_is(&s->options, 28, "\xc6\x12\x00\xff", 4));
	CHECK(opt_is(&s->options, 42, "\xc6\x12\x00\x01", 4));
	/* RFC 3442: width, significant octets, router */
	CHECK(opt_is(&s->options, 121,
		      "\x08\x0a\xc6\x12\x00\xfe"
		      "\x00\xc6\x12\x00\x01"
		      "\x19\xc6\x33\x64\x80\xc6\x12\x00\x09",
		      6 + 5 + 9));
	CHECK(s->next_server == 0xc612000au);
	CHECK_INT(s->lease_time, 3600);
	CHECK_INT(s->max_lease_time, 7200);
	CHECK(s->deny_unknown);
	CHECK_INT(s->allow_bootp, 0);
	CHECK_STR(s->boot.file[BOOT_ARCH_EFI_ARM64], "grubaa64.efi");
	CHECK(opt_is(&s->options, 252, "http://x/wpad.dat", 17));
	CHECK(opt_is(&s->options, 224, "\x01\x02\x03", 3));
	CHECK(opt_is(&s->options, 225, "\x05", 1));
	CHECK(opt_is(&s->options, 226, "\x00\x09", 2));
	CHECK(opt_is(&s->options, 227, "\x00\x00\x00\x07", 4));
	CHECK(opt_is(&s->options, 228, "\xc6\x12\x00\x01\xc6\x12\x00\x02", 8));
	CHECK(opt_is(&s->options, 229, "hi", 2));
	CHECK(opt_is(&s->options, 230, "\xff\xff\xff\xfe", 4));
	CHECK(opt_is(&s->options, 231, "\x01", 1));
	CHECK(opt_is(&s->options, 232, "\x01" "a\x07" "example\x00", 11));
	CHECK(opt_is(&s->options, 233, "\x08\x0a\x01\x02\x03\x04", 6));
	CHECK(opt_is(&s->options, 234, "", 0));
	CHECK(opt_is(&s->options, 235, "plain text", 10));
	CHECK(opt_is(&s->options, 236, "\xc6\x12\x00\x05", 4));
	CHECK(opt_is(&s->options, 26, "\x05\xdc", 2));
	CHECK(opt_is(&s->options, 2, "\xff\xff\xf1\xf0", 4));
	CHECK(opt_is(&s->options, 19, "\x00", 1));
	CHECK(opt_is(&s->options, 66, "tftp.lab.example", 16));

	const struct conf_subnet *s1 = &d->subnets[1];
	CHECK(s1->network == 0xc6120100u && s1->netmask == 0xffffff00u);
	CHECK(s1->interface == NULL);
	CHECK_INT(s1->nranges, 0);
	CHECK_INT(s1->lease_time, 0);
	CHECK_INT(s1->allow_bootp, -1);
	CHECK(!s1->deny_unknown);
	CHECK_INT(s1->pos.line, 57);
	CHECK_INT(s1->pos.col, 7);
	CHECK_STR(s1->pos.file, "t.yaml");

	CHECK_INT(d->nhosts, 3);
	const struct conf_host *h = &d->hosts[0];
	CHECK_STR(h->name, "node07");
	CHECK_INT(h->nmacs, 1);
	CHECK(!memcmp(h->macs[0], "\x52\x54\x00\x12\x34\x07", 6));
	CHECK_INT(h->client_id_len, 7);
	CHECK(!memcmp(h->client_id, "\x01\x52\x54\x00\x12\x34\x07", 7));
	CHECK(h->ip == 0xc6120007u);
	CHECK_STR(h->hostname, "node07.lab");
	CHECK(h->next_server == 0xc612000bu);
	CHECK_STR(h->boot.file[BOOT_ARCH_BIOS], "special.0");
	CHECK(opt_is(&h->options, 3, "\xc6\x12\x00\xfe", 4));
	CHECK(opt_is(&h->options, 209, "pxelinux.cfg/special", 20));
	CHECK(h->deny);
	CHECK_INT(h->pos.line, 60);
	CHECK_INT(d->hosts[1].nmacs, 2);
	CHECK(!memcmp(d->hosts[1].macs[1], "\x52\x54\x00\x12\x34\x09", 6));
	CHECK(!d->hosts[1].deny);
	CHECK(d->hosts[1].ip == 0);
	CHECK_INT(d->hosts[2].client_id_len, 5);
	CHECK_INT(d->hosts[2].nmacs, 0);

	CHECK(!c.tftp.enabled);
	CHECK_STR(c.tftp.root, "/srv/tftp2");
	CHECK(!c.http.enabled);
	CHECK_STR(c.http.root, "/srv/http2");
	CHECK_INT(c.http.port, 8081);
	free(r.errs);
	conf_free(&c);
}

/* load -> print -> load -> print: the same text both times, and the
 * second load yields the same option bytes. */
static void round_trip(const char *yaml, int line)
{
	struct pxed_conf a = { 0 }, b = { 0 };
	struct res r = load(yaml, &a);
	if (r.r != 0) {
		fprintf(stderr, "%s:%d: load failed:\n%s", __FILE__, line, r.errs);
		test_failures++;
	}
	char *p1 = print(&a);
	struct res r2 = load(p1, &b);
	if (r2.r != 0) {
		fprintf(stderr, "%s:%d: printed text does not load:\n%s---\n%s", __FILE__, line, r2.errs, p1);
		test_failures++;
	}
	char *p2 = print(&b);
	if (strcmp(p1, p2) != 0) {
		fprintf(stderr, "%s:%d: print is not stable:\n%s---\n%s", __FILE__, line, p1, p2);
		test_failures++;
	}
	CHECK_INT(a.dhcp.nsubnets, b.dhcp.nsubnets);
	for (size_t i = 0; i < a.dhcp.nsubnets && i < b.dhcp.nsubnets; i++) {
		const struct conf_optset *x = &a.dhcp.subnets[i].options, *y = &b.dhcp.subnets[i].options;
		CHECK_INT(x->n, y->n);
		for (size_t k = 0; k < x->n; k++)
			CHECK(opt_is(y, x->v[k].code, x->v[k].data, x->v[k].len));
	}
	free(r.errs);
	free(r2.errs);
	free(p1);
	free(p2);
	conf_free(&a);
	conf_free(&b);
}

TEST(round_trip_full)
{
	round_trip(full, __LINE__);
}

TEST(round_trip_odd_values)
{
	/* bytes with no typed form print as hex and still come back equal */
	round_trip("dhcp:\n"
		   "  options:\n"
		   "    3: {hex: \"01\"}\n"             /* routers that are not 4n bytes */
		   "    15: {hex: \"00:41\"}\n"         /* text with a NUL */
		   "    119: {hex: \"03:61:62:63:c0:00\"}\n" /* compressed name */
		   "    121: {hex: \"21:00\"}\n"        /* width 33 */
		   "    19: {hex: \"02\"}\n"            /* flag that is not 0/1 */
		   "    12: \"with \\\"quotes\\\" and \\\\ backslash\"\n"
		   "    40: \"üñí€\"\n"
		   "  boot_files: {bios: \"a file: with # odd chars\", efi-x64: \"yes\", efi-ia32: \"-dash\"}\n"
		   "  lease_time: 4294967294\n"
		   "  max_lease_time: infinite\n",
		   __LINE__);
}

TEST(example_file_loads_and_round_trips)
{
	struct pxed_conf c = { 0 };
	char *errs = NULL;
	size_t len = 0;
	FILE *f = open_memstream(&errs, &len);
	int r = conf_load_file(PXED_SOURCE_ROOT "/etc/pxed.conf.example", &c, f);
	fclose(f);
	CHECK_INT(r, 0);
	CHECK_STR(errs, "");
	CHECK_STR(c.path, PXED_SOURCE_ROOT "/etc/pxed.conf.example");
	CHECK_INT(c.dhcp.nsubnets, 2);
	CHECK_INT(c.dhcp.nhosts, 3);
	CHECK_INT(c.dhcp.hosts[1].nmacs, 2);
	char *p = print(&c);
	round_trip(p, __LINE__);
	free(p);
	free(errs);
	conf_free(&c);
}

TEST(out_parameter_is_written_only_on_success)
{
	/* garbage in *ret is never looked at: callers need not conf_init */
	struct pxed_conf c;
	memset(&c, 0xa5, sizeof(c));
	struct res r = load("dhcp: {subnets: [{subnet: 198.18.0.0/24}]}\n", &c);
	CHECK_INT(r.r, 0);
	CHECK_INT(c.dhcp.nsubnets, 1);
	CHECK_STR(c.user, "pxed");
	free(r.errs);
	/* a failed load keeps the last good one */
	r = load("user: [x]\n", &c);
	CHECK_INT(r.r, -EINVAL);
	CHECK_INT(c.dhcp.nsubnets, 1);
	free(r.errs);
	conf_free(&c);
	r = load("user: nobody\n", &c);
	CHECK_INT(r.r, 0);
	CHECK_INT(c.dhcp.nsubnets, 0);
	CHECK_STR(c.user, "nobody");
	free(r.errs);
	conf_free(&c);
}

TEST(missing_file)
{
	struct pxed_conf c = { 0 };
	char *errs = NULL;
	size_t len = 0;
	FILE *f = open_memstream(&errs, &len);
	CHECK_INT(conf_load_file("/nonexistent/pxed.conf", &c, f), -ENOENT);
	fclose(f);
	CHECK_STR(errs, "/nonexistent/pxed.conf: error: cannot open: No such file or directory\n");
	free(errs);
	conf_free(&c);
}

TEST(unknown_keys_with_suggestions)
{
	EXPECT_ERRORS("usr: x\n"
		      "dhcp:\n"
		      "  lease_tme: 1h\n"
		      "  subnets:\n"
		      "    - subnet: 198.18.0.0/24\n"
		      "      rangez: []\n"
		      "      dns_server: [1.2.3.4]\n"
		      "      frobnicate: 1\n"
		      "  hosts: [{name: a, mac: \"52:54:00:00:00:01\", hostnam: x}]\n"
		      "log: {levle: info}\n"
		      "tftp: {rot: /x}\n"
		      "http: {prot: 80}\n",
		      "t.yaml:1:1: error: usr: unknown key 'usr' (did you mean 'user'?)\n"
		      "t.yaml:3:3: error: dhcp.lease_tme: unknown key 'lease_tme' (did you mean 'lease_time'?)\n"
		      "t.yaml:6:7: error: dhcp.subnets[0].rangez: unknown key 'rangez' (did you mean 'ranges'?)\n"
		      "t.yaml:7:7: error: dhcp.subnets[0].dns_server: unknown key 'dns_server' (did you mean 'dns_servers'?)\n"
		      "t.yaml:8:7: error: dhcp.subnets[0].frobnicate: unknown key 'frobnicate'\n"
		      "t.yaml:9:47: error: dhcp.hosts[0].hostnam: unknown key 'hostnam' (did you mean 'hostname'?)\n"
		      "t.yaml:10:7: error: log.levle: unknown key 'levle' (did you mean 'level'?)\n"
		      "t.yaml:11:8: error: tftp.rot: unknown key 'rot' (did you mean 'root'?)\n"
		      "t.yaml:12:8: error: http.prot: unknown key 'prot' (did you mean 'port'?)\n");
}

TEST(scalar_type_errors)
{
	EXPECT_ERRORS("state_dir: relative/dir\n"
		      "user: [a]\n"
		      "log: {level: loud, syslog: maybe}\n"
		      "dhcp:\n"
		      "  enabled: 1\n"
		      "  lease_time: soon\n"
		      "  max_lease_time: 0\n"
		      "  offer_hold: -5\n"
		      "  interfaces: [eth0, \"\", averyveryverylongname0]\n"
		      "  decline_hold:\n"
		      "tftp: {root: \"\"}\n"
		      "http: {port: 65536, root: x}\n",
		      "t.yaml:1:12: error: state_dir: 'relative/dir' is not an absolute path\n"
		      "t.yaml:2:7: error: user: expected a string, got a list\n"
		      "t.yaml:3:14: error: log.level: expected error, warning, info or debug, got 'loud'\n"
		      "t.yaml:3:28: error: log.syslog: expected true or false, got 'maybe'\n"
		      "t.yaml:5:12: error: dhcp.enabled: expected true or false, got '1'\n"
		      "t.yaml:6:15: error: dhcp.lease_time: expected a duration (3600, 90s, 15m, 12h, 7d or infinite), got 'soon'\n"
		      "t.yaml:7:19: error: dhcp.max_lease_time: must be longer than 0 seconds\n"
		      "t.yaml:8:15: error: dhcp.offer_hold: expected a duration (3600, 90s, 15m, 12h, 7d or infinite), got '-5'\n"
		      "t.yaml:9:22: error: dhcp.interfaces[1]: must not be empty\n"
		      "t.yaml:9:26: error: dhcp.interfaces[2]: 'averyveryverylongname0' is not a valid interface name\n"
		      "t.yaml:10:3: error: dhcp.decline_hold: missing value (expected a duration)\n"
		      "t.yaml:11:14: error: tftp.root: must not be empty\n"
		      "t.yaml:12:14: error: http.port: expected a port number 1-65535, got '65536'\n"
		      "t.yaml:12:27: error: http.root: 'x' is not an absolute path\n");
}

TEST(structure_errors)
{
	EXPECT_ERRORS("- a\n- b\n", "t.yaml:1:1: error: expected a mapping of settings at the top level, got a list\n");
	EXPECT_ERRORS("dhcp: [1]\n", "t.yaml:1:7: error: dhcp: expected a mapping of DHCP settings, got a list\n");
	EXPECT_ERRORS("dhcp: {subnets: {a: 1}}\n", "t.yaml:1:17: error: dhcp.subnets: expected a list of subnets\n");
	EXPECT_ERRORS("dhcp: {hosts: x}\n", "t.yaml:1:15: error: dhcp.hosts: expected a list of hosts\n");
	EXPECT_ERRORS("dhcp: {subnets: [x]}\n",
		      "t.yaml:1:18: error: dhcp.subnets[0]: expected a subnet mapping (subnet:, ranges:, ...), got a scalar\n");
	EXPECT_ERRORS("dhcp: {interfaces: []}\n",
		      "t.yaml:1:20: error: dhcp.interfaces: empty list (expected an interface name)\n");
	EXPECT_ERRORS("? [a]\n: 1\n", "t.yaml:1:3: error: keys must be plain names\n");
	EXPECT_ERRORS("a: &x 1\nuser: *x\n", "t.yaml:1:1: error: a: unknown key 'a'\n"
					     "t.yaml:2:7: error: user: aliases are not supported; write the value out\n");
	EXPECT_ERRORS("user: \"a\\0b\"\n", "t.yaml:1:7: error: user: contains a NUL character\n");
	EXPECT_ERRORS("user: \"a\\tb\"\n", "t.yaml:1:7: error: user: contains control characters or invalid UTF-8\n");
}

TEST(libfyaml_quote_runs_refused)
{
	/* libfyaml 0.7 would read 'a''''b' as a''' */
	EXPECT_ERRORS("user: 'a''''b'\n",
		      "t.yaml:1:7: error: user: libfyaml 0.7 misreads '' escapes in a row in single-quoted strings; write this one in double quotes\n");
	struct pxed_conf c = { 0 };
	struct res r = load("user: 'it''s'\nstate_dir: '/srv/x y'\n", &c);
	CHECK_INT(r.r, 0);
	CHECK_STR(c.user, "it's");
	CHECK_STR(c.state_dir, "/srv/x y");
	free(r.errs);
	conf_free(&c);
}

TEST(yaml_syntax_errors)
{
	EXPECT_ERRORS("dhcp:\n  enabled: true\n  x: [1\n", "t.yaml:4:1: error: YAML: flow sequence without a closing bracket\n");
	EXPECT_ERRORS("dhcp:\n  a: 1\n  a: 2\n", "t.yaml:3:3: error: YAML: duplicate key\n");
	EXPECT_ERRORS("user: a\n---\nuser: b\n", "t.yaml:3:1: error: only one YAML document is allowed in a config file\n");
	EXPECT_ERRORS("user: \"x\n", "t.yaml:1:8: error: YAML: double-quoted scalar without closing quote\n");
	EXPECT_ERRORS("user: a\n\xff\n", "t.yaml:2:1: error: invalid UTF-8\n");
	EXPECT_ERRORS("user: a\nb: \xc0\xaf\n", "t.yaml:2:4: error: invalid UTF-8\n");
	const char nul[] = "user: a\0\n";
	struct pxed_conf c = { 0 };
	char *errs = NULL;
	size_t len = 0;
	FILE *f = open_memstream(&errs, &len);
	CHECK_INT(conf_load_string("t.yaml", nul, sizeof(nul) - 1, &c, f), -EINVAL);
	fclose(f);
	CHECK_STR(errs, "t.yaml:1:8: error: NUL byte in the file\n");
	free(errs);
	conf_free(&c);
}

TEST(subnet_errors)
{
	EXPECT_ERRORS("dhcp:\n"
		      "  subnets:\n"
		      "    - ranges: [198.18.0.10-198.18.0.20]\n"
		      "    - subnet: 198.18.0.0/33\n"
		      "    - subnet: 198.18.2.0\n"
		      "    - subnet: 198.18.3.0/24\n"
		      "      netmask: 255.255.255.0\n"
		      "    - subnet: 198.18.4.0\n"
		      "      netmask: 255.255.255\n"
		      "    - subnet: 198.18.5.0/24\n"
		      "      ranges: [198.18.5.10-x, {start: 198.18.5.1}, {start: 198.18.5.1, end: 198.18.5.2, step: 1}, [1]]\n"
		      "      next_server: 198.18.5\n"
		      "      deny_unknown: no\n"
		      "      allow_bootp: yes\n"
		      "      interface: \"eth 0\"\n",
		      "t.yaml:3:7: error: dhcp.subnets[0]: missing subnet: (e.g. subnet: 198.18.0.0/24)\n"
		      "t.yaml:4:15: error: dhcp.subnets[1].subnet: expected a network such as 198.18.0.0/24, got '198.18.0.0/33'\n"
		      "t.yaml:5:15: error: dhcp.subnets[2].subnet: needs a prefix length (198.18.0.0/24) or a netmask: key\n"
		      "t.yaml:7:16: error: dhcp.subnets[3].netmask: give either subnet: A.B.C.D/N or subnet: A.B.C.D with netmask:, not both\n"
		      "t.yaml:9:16: error: dhcp.subnets[4].netmask: expected an IPv4 address, got '255.255.255'\n"
		      "t.yaml:11:16: error: dhcp.subnets[5].ranges[0]: expected a range \"A.B.C.D-E.F.G.H\" or {start: A, end: B}, got '198.18.5.10-x'\n"
		      "t.yaml:11:31: error: dhcp.subnets[5].ranges[1]: a range needs both start: and end:\n"
		      "t.yaml:11:89: error: dhcp.subnets[5].ranges[2].step: unknown key 'step'\n"
		      "t.yaml:11:99: error: dhcp.subnets[5].ranges[3]: expected a range \"A.B.C.D-E.F.G.H\", got a list\n"
		      "t.yaml:12:20: error: dhcp.subnets[5].next_server: expected an IPv4 address, got '198.18.5'\n"
		      "t.yaml:13:21: error: dhcp.subnets[5].deny_unknown: expected true or false, got 'no'\n"
		      "t.yaml:14:20: error: dhcp.subnets[5].allow_bootp: expected true or false, got 'yes'\n"
		      "t.yaml:15:18: error: dhcp.subnets[5].interface: 'eth 0' is not a valid interface name\n");
}

TEST(host_errors)
{
	EXPECT_ERRORS("dhcp:\n"
		      "  subnets: [{subnet: 198.18.0.0/24}]\n"
		      "  hosts:\n"
		      "    - mac: 52:54:00:00:00:01\n"
		      "    - name: \"\"\n"
		      "      mac: 52:54:00:00:00:02\n"
		      "    - name: b\n"
		      "      mac: 52:54:00:00:00:0g\n"
		      "      client_id: \"1\"\n"
		      "    - name: c\n"
		      "      mac: 52:54:00:00:00:03\n"
		      "      macs: [52:54:00:00:00:04]\n"
		      "      ip: 0.0.0.0\n"
		      "      hostname: \"\"\n"
		      "      options: {12: x}\n"
		      "      deny: 0\n",
		      "t.yaml:4:7: error: dhcp.hosts[0]: missing name: (a label for logs, e.g. name: node07)\n"
		      "t.yaml:5:13: error: dhcp.hosts[1].name: must not be empty\n"
		      "t.yaml:8:12: error: dhcp.hosts[2].mac: expected a MAC address such as 52:54:00:12:34:56, got '52:54:00:00:00:0g'\n"
		      "t.yaml:9:18: error: dhcp.hosts[2].client_id: expected 2 to 255 hex bytes such as \"01:52:54:00:12:34:56\", got '1'\n"
		      "t.yaml:12:7: error: dhcp.hosts[3].macs: give either mac: or macs:, not both\n"
		      "t.yaml:13:11: error: dhcp.hosts[3].ip: 0.0.0.0 is not a host address\n"
		      "t.yaml:14:17: error: dhcp.hosts[3].hostname: must not be empty\n"
		      "t.yaml:15:17: error: dhcp.hosts[3].options.12: option 12 cannot be set: set the host name with hostname:\n"
		      "t.yaml:16:13: error: dhcp.hosts[3].deny: expected true or false, got '0'\n");
}

TEST(option_errors)
{
	EXPECT_ERRORS("dhcp:\n"
		      "  options:\n"
		      "    0: {hex: \"00\"}\n"
		      "    1: 255.255.255.0\n"
		      "    53: {u8: 1}\n"
		      "    54: 1.2.3.4\n"
		      "    61: {hex: \"01\"}\n"
		      "    67: \"x\"\n"
		      "    255: {hex: \"\"}\n"
		      "    256: 1\n"
		      "    no-such-option: 1\n"
		      "    200: 5\n"
		      "    201: {u8: 256}\n"
		      "    202: {u16: x}\n"
		      "    203: {hex: \"0g\"}\n"
		      "    204: {float: 1}\n"
		      "    205: {u8: 1, u16: 2}\n"
		      "    206: {ip: [1.2.3.4, x]}\n"
		      "    207: {text: \"\"}\n"
		      "    208: {domains: [\"a..b\"]}\n"
		      "    209: {routes: [\"10.0.0.1/8 via 1.2.3.4\", \"x\"]}\n"
		      "    210: {bool: maybe}\n"
		      "    26: 70000\n",
		      "t.yaml:3:5: error: dhcp.options.0: option 0 cannot be set: 0 is the pad byte, not an option\n"
		      "t.yaml:4:5: error: dhcp.options.1: option 1 cannot be set: the subnet mask is always the subnet's netmask\n"
		      "t.yaml:5:5: error: dhcp.options.53: option 53 cannot be set: the message type is set by the server for each reply\n"
		      "t.yaml:6:5: error: dhcp.options.54: option 54 cannot be set: the server identifier is the address of the receiving interface\n"
		      "t.yaml:7:5: error: dhcp.options.61: option 61 cannot be set: the client identifier is sent by clients (use client_id on a host)\n"
		      "t.yaml:8:5: error: dhcp.options.67: option 67 cannot be set: the boot file name comes from boot_files\n"
		      "t.yaml:9:5: error: dhcp.options.255: option 255 cannot be set: 255 is the end marker, not an option\n"
		      "t.yaml:10:5: error: dhcp.options: '256' is not an option code (1-254) or a known option name\n"
		      "t.yaml:11:5: error: dhcp.options: 'no-such-option' is not an option code (1-254) or a known option name\n"
		      "t.yaml:12:10: error: dhcp.options.200: pxed does not know the type of option 200: write {u8: 5}, {u16: 5}, {u32: 5} or {text: \"5\"}\n"
		      "t.yaml:13:15: error: dhcp.options.201.u8: '256': integer out of range for its type (u8)\n"
		      "t.yaml:14:16: error: dhcp.options.202.u16: 'x': not an integer (u16)\n"
		      "t.yaml:15:16: error: dhcp.options.203.hex: '0g': expected hex bytes such as \"01:02:0a\" or \"01020a\"\n"
		      "t.yaml:16:11: error: dhcp.options.204: unknown value type 'float' (expected hex, ip, text, u8, u16, u32, s32, bool, domains or routes)\n"
		      "t.yaml:17:10: error: dhcp.options.205: a typed value has exactly one key: hex, ip, text, u8, u16, u32, s32, bool, domains or routes\n"
		      "t.yaml:18:25: error: dhcp.options.206.ip[1]: 'x': not an IPv4 address\n"
		      "t.yaml:19:17: error: dhcp.options.207.text: empty text (DHCP text options are at least one byte)\n"
		      "t.yaml:20:21: error: dhcp.options.208.domains[0]: 'a..b': empty label in domain name\n"
		      "t.yaml:21:20: error: dhcp.options.209.routes[0]: '10.0.0.1/8 via 1.2.3.4': route destination has bits set outside its prefix\n"
		      "t.yaml:21:46: error: dhcp.options.209.routes[1]: 'x': expected \"A.B.C.D/N via R.R.R.R\"\n"
		      "t.yaml:22:17: error: dhcp.options.210.bool: 'maybe': expected true or false\n"
		      "t.yaml:23:9: error: dhcp.options.26: '70000': integer out of range for its type (u16)\n");
}

TEST(option_set_twice)
{
	EXPECT_ERRORS("dhcp:\n"
		      "  dns_servers: [1.2.3.4]\n"
		      "  options: {6: 5.6.7.8, domain-name-servers: 1.1.1.1}\n",
		      "t.yaml:3:13: error: dhcp.options.6: option 6 (dns_servers) is set more than once at this level\n"
		      "t.yaml:3:25: error: dhcp.options.domain-name-servers: option 6 (dns_servers) is set more than once at this level\n");
}

TEST(boot_file_errors)
{
	EXPECT_ERRORS("dhcp:\n"
		      "  boot_files: {bois: a, efi64: b, arm: c, bios: \"\", efi-x64: [x]}\n",
		      "t.yaml:2:16: error: dhcp.boot_files: unknown architecture 'bois' (did you mean 'bios'?)\n"
		      "t.yaml:2:25: error: dhcp.boot_files: unknown architecture 'efi64' (did you mean 'efi-x64'?)\n"
		      "t.yaml:2:35: error: dhcp.boot_files: unknown architecture 'arm' (known: bios, efi-ia32, efi-x64, efi-arm32, efi-arm64, http-ia32, http-x64, http-arm32, http-arm64, ipxe)\n"
		      "t.yaml:2:62: error: dhcp.boot_files.efi-x64: expected a string, got a list\n"
		      "t.yaml:2:49: error: dhcp.boot_files.bios: empty file name\n");
}

TEST(semantic_errors_have_positions)
{
	EXPECT_ERRORS("dhcp:\n"
		      "  lease_time: 2d\n"
		      "  max_lease_time: 1d\n"
		      "  subnets:\n"
		      "    - subnet: 198.18.0.0/24\n"
		      "      ranges: [\"198.18.0.100-198.18.0.199\", \"198.18.1.5-198.18.1.10\", \"198.18.0.150-198.18.0.160\", \"198.18.0.20-198.18.0.10\"]\n"
		      "      lease_time: 3h\n"
		      "      max_lease_time: 2h\n"
		      "    - subnet: 198.18.0.5/24\n"
		      "    - subnet: 198.18.0.0/16\n"
		      "    - subnet: 198.19.0.0\n"
		      "      netmask: 255.0.255.0\n"
		      "    - subnet: 198.20.0.0/30\n"
		      "      ranges: [198.20.0.0-198.20.0.3]\n"
		      "  hosts:\n"
		      "    - {name: a, mac: \"52:54:00:00:00:01\", ip: 198.18.0.150}\n"
		      "    - {name: a, mac: \"52:54:00:00:00:01\", ip: 198.18.0.150, client_id: \"01:02\"}\n"
		      "    - {name: c, client_id: \"01:02\", ip: 203.0.113.1}\n"
		      "    - {name: d, ip: 198.18.0.255}\n"
		      "    - {name: e, macs: [\"52:54:00:00:00:05\", \"52:54:00:00:00:05\"], boot_files: {bios: \"\"}}\n",
		      "t.yaml:2:15: error: dhcp.lease_time: 2d is longer than dhcp.max_lease_time 1d\n"
		      "t.yaml:6:45: error: dhcp.subnets[0].ranges[1]: 198.18.1.5 is outside subnet 198.18.0.0/24\n"
		      "t.yaml:6:100: error: dhcp.subnets[0].ranges[3]: start 198.18.0.20 is after end 198.18.0.10\n"
		      "t.yaml:7:19: error: dhcp.subnets[0]: lease_time 3h is longer than max_lease_time 2h\n"
		      "t.yaml:9:7: error: dhcp.subnets[1]: 198.18.0.5/24 has host bits set (the network address is 198.18.0.0/24)\n"
		      "t.yaml:11:7: error: dhcp.subnets[3]: netmask 255.0.255.0 is not a contiguous mask\n"
		      "t.yaml:14:16: error: dhcp.subnets[4].ranges[0]: includes the network address 198.20.0.0\n"
		      "t.yaml:14:16: error: dhcp.subnets[4].ranges[0]: includes the broadcast address 198.20.0.3\n"
		      "t.yaml:10:7: error: dhcp.subnets[2]: 198.18.0.0/16 overlaps dhcp.subnets[0] (198.18.0.0/24)\n"
		      "t.yaml:6:71: error: dhcp.subnets[0].ranges[2]: 198.18.0.150-198.18.0.160 overlaps dhcp.subnets[0].ranges[0] (198.18.0.100-198.18.0.199)\n"
		      "t.yaml:16:47: warning: dhcp.hosts[0] (a): fixed ip 198.18.0.150 is inside dynamic range dhcp.subnets[0].ranges[2] (198.18.0.150-198.18.0.160)\n"
		      "t.yaml:17:47: warning: dhcp.hosts[1] (a): fixed ip 198.18.0.150 is inside dynamic range dhcp.subnets[0].ranges[2] (198.18.0.150-198.18.0.160)\n"
		      "t.yaml:18:41: error: dhcp.hosts[2] (c): ip 203.0.113.1 is not inside any subnet\n"
		      "t.yaml:19:7: error: dhcp.hosts[3] (d): needs mac, macs or client_id to be recognized\n"
		      "t.yaml:19:21: error: dhcp.hosts[3] (d): ip 198.18.0.255 is the broadcast address of subnet 198.18.0.0/24\n"
		      "t.yaml:20:86: error: dhcp.hosts[4] (e): boot_files.bios: empty file name\n"
		      "t.yaml:17:22: error: dhcp.hosts[1] (a): mac 52:54:00:00:00:01 is also used by dhcp.hosts[0] (a)\n"
		      "t.yaml:20:45: error: dhcp.hosts[4] (e): mac 52:54:00:00:00:05 is listed twice\n"
		      "t.yaml:18:28: error: dhcp.hosts[2] (c): client_id 01:02 is also used by dhcp.hosts[1] (a)\n"
		      "t.yaml:17:47: error: dhcp.hosts[1] (a): ip 198.18.0.150 is also used by dhcp.hosts[0] (a)\n"
		      "t.yaml:17:14: error: dhcp.hosts[1] (a): name 'a' is also used by dhcp.hosts[0] (a)\n");
}

TEST(warnings_do_not_fail)
{
	struct pxed_conf c = { 0 };
	struct res r = load("dhcp:\n"
			    "  subnets: [{subnet: 198.18.0.0/24, ranges: [198.18.0.10-198.18.0.20]}]\n"
			    "  hosts: [{name: a, mac: \"52:54:00:00:00:01\", ip: 198.18.0.15}]\n",
			    &c);
	CHECK_INT(r.r, 0);
	CHECK_STR(r.errs, "t.yaml:3:51: warning: dhcp.hosts[0] (a): fixed ip 198.18.0.15 is inside dynamic range dhcp.subnets[0].ranges[0] (198.18.0.10-198.18.0.20)\n");
	CHECK_INT(c.dhcp.nhosts, 1);
	free(r.errs);
	conf_free(&c);
}

TEST(interface_and_proxy_warnings)
{
	struct pxed_conf c = { 0 };
	struct res r = load("dhcp:\n"
			    "  proxy: true\n"
			    "  interfaces: [eth1]\n"
			    "  subnets:\n"
			    "    - subnet: 198.18.0.0/24\n"
			    "      interface: eth2\n"
			    "      ranges: [198.18.0.10-198.18.0.20]\n",
			    &c);
	CHECK_INT(r.r, 0);
	CHECK_STR(r.errs,
		  "t.yaml:5:7: warning: dhcp.subnets[0]: interface eth2 is not in dhcp.interfaces, so this subnet is never served\n"
		  "t.yaml:7:16: warning: dhcp.subnets[0].ranges: not used: with dhcp.proxy pxed hands out no addresses\n");
	free(r.errs);
	conf_free(&c);
	EXPECT_ERRORS("dhcp: {interfaces: [eth1, eth1]}\n", "t.yaml:1:27: error: dhcp.interfaces[1]: eth1 is listed twice\n");
}

TEST(all_errors_reported_but_bounded)
{
	/* 150 bad keys: the first 100 are shown, then one line saying so */
	char *yaml = malloc(150 * 16 + 1);
	size_t o = 0;
	for (int i = 0; i < 150; i++)
		o += (size_t)snprintf(yaml + o, 16, "bad%03d: 1\n", i);
	struct pxed_conf c = { 0 };
	struct res r = load(yaml, &c);
	CHECK_INT(r.r, -EINVAL);
	int lines = 0;
	for (const char *p = r.errs; *p; p++)
		lines += *p == '\n';
	CHECK_INT(lines, 101);
	CHECK(strstr(r.errs, "t.yaml:100:1: error: bad099: unknown key 'bad099'\n") != NULL);
	CHECK(strstr(r.errs, "t.yaml: error: too many errors, not showing more\n") != NULL);
	CHECK(strstr(r.errs, "bad100") == NULL);
	free(r.errs);
	free(yaml);
	conf_free(&c);
}

TEST_MAIN()
