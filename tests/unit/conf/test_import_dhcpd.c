/* The dhcpd.conf importer: the classic setup of the design notes field by
 * field, syntax errors, and golden files in tests/golden/import/: for each
 * NAME.conf the printed config must equal NAME.yaml (absent when the
 * import must fail), the report NAME.report, and the printed config must
 * load with conf_load and print the same again.
 * PXED_UPDATE_GOLDEN=1 rewrites the expected files from the actual ones. */
#include "conf/conf_load.h"
#include "conf/conf_opt.h"
#include "conf/conf_print.h"
#include "conf/import_dhcpd.h"
#include "test.h"

#include <dirent.h>
#include <errno.h>

#define GOLDEN PXED_SOURCE_ROOT "/tests/golden/import"

struct res {
	int r;
	char *report;
	char *yaml; /* conf_print of the result, "" when the import failed */
};

static char *print(const struct pxed_conf *c)
{
	char *buf = NULL;
	size_t len = 0;
	FILE *f = open_memstream(&buf, &len);
	CHECK_INT(conf_print(c, f), 0);
	fclose(f);
	return buf;
}

static struct res import(const char *name, const char *text, size_t len, struct pxed_conf *c)
{
	struct res out = { 0 };
	size_t n = 0;
	FILE *f = open_memstream(&out.report, &n);
	out.r = import_dhcpd_string(name, text, len, c, f);
	fclose(f);
	out.yaml = out.r == 0 ? print(c) : strdup("");
	return out;
}

static void res_free(struct res *r)
{
	free(r->report);
	free(r->yaml);
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

/* The printed result must be a valid pxed.conf that prints the same. */
static void check_loads_back(const char *yaml, const char *what)
{
	struct pxed_conf c = { 0 };
	char *errs = NULL;
	size_t n = 0;
	FILE *f = open_memstream(&errs, &n);
	int r = conf_load_string("imported.yaml", yaml, strlen(yaml), &c, f);
	fclose(f);
	if (r != 0) {
		fprintf(stderr, "%s: imported config does not load:\n%s---\n%s", what, errs, yaml);
		test_failures++;
	} else {
		char *again = print(&c);
		if (strcmp(again, yaml) != 0) {
			fprintf(stderr, "%s: imported config prints differently after loading:\n%s---\n%s", what, yaml, again);
			test_failures++;
		}
		free(again);
	}
	free(errs);
	conf_free(&c);
}

static const char classic[] =
	"ddns-update-style interim;            # or none\n"
	"ignore client-updates;\n"
	"option domain-name \"lab.example\";\n"
	"option domain-name-servers 192.0.2.1, 192.0.2.53;\n"
	"default-lease-time 21600;\n"
	"max-lease-time 43200;\n"
	"log-facility local7;\n"
	"allow booting;\n"
	"allow bootp;\n"
	"\n"
	"subnet 192.0.2.0 netmask 255.255.255.0 {\n"
	"    range 192.0.2.100 192.0.2.199;        # also: range dynamic-bootp A B;\n"
	"    option routers 192.0.2.1;\n"
	"    option subnet-mask 255.255.255.0;\n"
	"    option broadcast-address 192.0.2.255;\n"
	"    filename \"pxelinux.0\";\n"
	"    next-server 192.0.2.10;               # the TFTP server\n"
	"}\n"
	"\n"
	"host node07 {\n"
	"    hardware ethernet 52:54:00:12:34:07;\n"
	"    fixed-address 192.0.2.7;              # outside the dynamic range\n"
	"}\n";

TEST(classic_setup)
{
	struct pxed_conf c = { 0 };
	struct res r = import("dhcpd.conf", classic, strlen(classic), &c);
	CHECK_INT(r.r, 0);
	CHECK_STR(r.report,
		  "dhcpd.conf:1: not carried over: ddns-update-style interim; (not needed: pxed does not update DNS)\n"
		  "dhcpd.conf:2: not carried over: ignore client-updates; (not needed: pxed does not update DNS)\n"
		  "dhcpd.conf:7: not carried over: log-facility local7; (not needed: pxed logs to stderr or syslog, see log: in pxed.conf)\n");
	const struct conf_dhcp *d = &c.dhcp;
	CHECK(opt_is(&d->options, 15, "lab.example", 11));
	CHECK(opt_is(&d->options, 6, "\xc0\x00\x02\x01\xc0\x00\x02\x35", 8));
	CHECK_INT(d->options.n, 2);
	CHECK_INT(d->lease_time, 21600);
	CHECK_INT(d->max_lease_time, 43200);
	CHECK(d->allow_booting && d->allow_bootp);
	CHECK(!d->authoritative); /* dhcpd's default */
	CHECK_INT(d->nsubnets, 1);
	const struct conf_subnet *s = &d->subnets[0];
	CHECK(s->network == 0xc0000200u && s->netmask == 0xffffff00u);
	CHECK_INT(s->nranges, 1);
	CHECK(s->ranges[0].start == 0xc0000264u && s->ranges[0].end == 0xc00002c7u);
	CHECK(opt_is(&s->options, 3, "\xc0\x00\x02\x01", 4));
	CHECK(opt_is(&s->options, 28, "\xc0\x00\x02\xff", 4));
	CHECK(opt(&s->options, 1) == NULL); /* equal to the netmask: implied */
	CHECK_INT(s->options.n, 2);
	CHECK_STR(s->boot.file[BOOT_ARCH_BIOS], "pxelinux.0");
	CHECK(s->next_server == 0xc000020au);
	CHECK_INT(s->pos.line, 11);
	CHECK_INT(d->nhosts, 1);
	CHECK_STR(d->hosts[0].name, "node07");
	CHECK(!memcmp(d->hosts[0].macs[0], "\x52\x54\x00\x12\x34\x07", 6));
	CHECK(d->hosts[0].ip == 0xc0000207u);
	CHECK(d->hosts[0].hostname == NULL);
	CHECK_INT(d->hosts[0].pos.line, 20);
	CHECK_STR(d->hosts[0].pos.file, "dhcpd.conf");
	check_loads_back(r.yaml, "classic");
	res_free(&r);
	conf_free(&c);
}

static void expect_fail(const char *text, int want, const char *report, int line)
{
	struct pxed_conf c = { 0 };
	struct res r = import("d.conf", text, strlen(text), &c);
	if (r.r != want || strcmp(r.report, report) != 0) {
		fprintf(stderr, "%s:%d: import returned %d with\n%s--- expected %d with\n%s---\n", __FILE__, line, r.r,
			r.report, want, report);
		test_failures++;
	}
	CHECK(c.path == NULL); /* untouched */
	res_free(&r);
	conf_free(&c);
}

TEST(syntax_errors)
{
	expect_fail("option domain-name \"x;\n", -EINVAL, "d.conf:1: error: unterminated string\n", __LINE__);
	expect_fail("subnet 192.0.2.0 netmask 255.255.255.0 {\n range 192.0.2.1 192.0.2.2;\n", -EINVAL,
		    "d.conf:1: error: '{' is never closed\n", __LINE__);
	expect_fail("authoritative;\n}\n", -EINVAL, "d.conf:2: error: '}' without a matching '{'\n", __LINE__);
	expect_fail("group {\n  filename \"x\"\n}\n", -EINVAL, "d.conf:2: error: missing ';' after \"filename\"\n", __LINE__);
	expect_fail("authoritative", -EINVAL, "d.conf:1: error: missing ';' after \"authoritative\"\n", __LINE__);
	char deep[40 * 7 + 1];
	for (int i = 0; i < 40; i++)
		memcpy(deep + 7 * i, "group {", 7);
	deep[40 * 7] = 0;
	expect_fail(deep, -EINVAL, "d.conf:1: error: blocks nested deeper than 32 levels\n", __LINE__);
	/* dhcpd rejects these too; pxed's checks say why */
	expect_fail("subnet 192.0.2.0 netmask 255.255.255.0 { range 192.0.3.1 192.0.3.9; }\n", -EINVAL,
		    "d.conf:1: error: dhcp.subnets[0].ranges[0]: 192.0.3.1 is outside subnet 192.0.2.0/24\n", __LINE__);
}

TEST(missing_file)
{
	struct pxed_conf c = { 0 };
	char *rep = NULL;
	size_t n = 0;
	FILE *f = open_memstream(&rep, &n);
	CHECK_INT(import_dhcpd_file("/nonexistent/dhcpd.conf", &c, f), -ENOENT);
	fclose(f);
	CHECK_STR(rep, "/nonexistent/dhcpd.conf: error: cannot open: No such file or directory\n");
	free(rep);
	conf_free(&c);
}

TEST(empty_file)
{
	struct pxed_conf c = { 0 };
	struct res r = import("d.conf", "# nothing\n", 10, &c);
	CHECK_INT(r.r, 0);
	CHECK_STR(r.report, "");
	CHECK_INT(c.dhcp.nsubnets, 0);
	check_loads_back(r.yaml, "empty");
	res_free(&r);
	conf_free(&c);
}

TEST(string_escapes_and_comments)
{
	/* comments inside blocks, after braces, '#' inside strings; octal,
	 * hex and quote escapes */
	static const char text[] =
		"option domain-name \"a\\\"b#c\\\\d\"; # comment with \"quote\n"
		"group { # {\n"
		"  host h1 { hardware ethernet 52:54:00:00:00:01; # }\n"
		"    option dhcp-client-identifier \"\\001ab\\x41\";\n"
		"    option host-name \"h\\x31\";\n"
		"  }\n"
		"};\n";
	struct pxed_conf c = { 0 };
	struct res r = import("d.conf", text, strlen(text), &c);
	CHECK_INT(r.r, 0);
	CHECK_STR(r.report, "");
	CHECK(opt_is(&c.dhcp.options, 15, "a\"b#c\\d", 7));
	CHECK_INT(c.dhcp.nhosts, 1);
	CHECK_INT(c.dhcp.hosts[0].client_id_len, 4);
	CHECK(!memcmp(c.dhcp.hosts[0].client_id, "\x01" "abA", 4));
	CHECK_STR(c.dhcp.hosts[0].hostname, "h1");
	check_loads_back(r.yaml, "escapes");
	res_free(&r);
	conf_free(&c);
}

static char *read_file(const char *path)
{
	FILE *f = fopen(path, "rb");
	if (!f)
		return NULL;
	char *buf = NULL;
	size_t len = 0;
	FILE *m = open_memstream(&buf, &len);
	char chunk[4096];
	size_t n;
	while ((n = fread(chunk, 1, sizeof(chunk), f)) > 0)
		fwrite(chunk, 1, n, m);
	fclose(f);
	fclose(m);
	return buf;
}

static void write_file(const char *path, const char *text)
{
	FILE *f = fopen(path, "w");
	if (f) {
		fputs(text, f);
		fclose(f);
	}
}

static void compare_golden(const char *path, const char *actual, bool update, bool optional)
{
	char *want = read_file(path);
	if (update) {
		if (*actual || !optional)
			write_file(path, actual);
		else
			remove(path);
	} else if (!want && optional && !*actual) {
		/* expected failure, none printed */
	} else if (!want || strcmp(want, actual) != 0) {
		fprintf(stderr, "%s: differs from the actual output:\n%s", path, actual);
		test_failures++;
	}
	free(want);
}

static int name_cmp(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

TEST(golden_files)
{
	bool update = getenv("PXED_UPDATE_GOLDEN") != NULL;
	DIR *dir = opendir(GOLDEN);
	CHECK(dir != NULL);
	if (!dir)
		return;
	char *names[256];
	size_t n = 0;
	struct dirent *e;
	while ((e = readdir(dir)) && n < 256) {
		size_t l = strlen(e->d_name);
		if (l > 5 && !strcmp(e->d_name + l - 5, ".conf"))
			names[n++] = strndup(e->d_name, l - 5);
	}
	closedir(dir);
	qsort(names, n, sizeof(names[0]), name_cmp);
	CHECK(n >= 5);
	for (size_t i = 0; i < n; i++) {
		char path[1024];
		snprintf(path, sizeof(path), GOLDEN "/%s.conf", names[i]);
		char *text = read_file(path);
		CHECK(text != NULL);
		char label[300];
		snprintf(label, sizeof(label), "%s.conf", names[i]);
		struct pxed_conf c = { 0 };
		struct res r = import(label, text ? text : "", text ? strlen(text) : 0, &c);
		snprintf(path, sizeof(path), GOLDEN "/%s.yaml", names[i]);
		compare_golden(path, r.yaml, update, true);
		snprintf(path, sizeof(path), GOLDEN "/%s.report", names[i]);
		compare_golden(path, r.report, update, false);
		if (r.r == 0)
			check_loads_back(r.yaml, label);
		printf("     golden %s: %s\n", label, r.r == 0 ? "imported" : "refused");
		res_free(&r);
		conf_free(&c);
		free(text);
		free(names[i]);
	}
}

TEST_MAIN()
