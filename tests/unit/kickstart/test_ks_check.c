/* The checker against the real tables: argparse binding, per-version
 * command status, pykickstart's semantic checks and quirks, pxed's extra
 * warnings and --strict, message format and order. */
#include "kickstart/ks_bind.h"
#include "kickstart/ks_check.h"
#include "kickstart/ks_parse.h"
#include "test.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>

struct result {
	size_t errors, warnings;
	char first[512];   /* first diagnostic, formatted */
	unsigned lines[16]; /* lines of the errors */
	size_t nlines;
};

static struct result run(const char *text, enum ks_version v, bool strict)
{
	struct result r;
	memset(&r, 0, sizeof(r));
	struct ks_parse_opts po = { .version = v };
	struct ks_doc *doc = NULL;
	if (ks_parse("t.ks", text, strlen(text), &po, &doc) < 0) {
		r.errors = 999;
		return r;
	}
	struct ks_diags d = { 0 };
	struct ks_check_opts co = { .version = v, .strict = strict };
	CHECK_INT(ks_check(doc, &co, &d), 0);
	r.errors = d.errors;
	r.warnings = d.warnings;
	if (d.n)
		ks_diag_format(&d.v[0], r.first, sizeof(r.first));
	for (size_t i = 0; i < d.n && r.nlines < 16; i++)
		if (d.v[i].sev == KS_SEV_ERROR)
			r.lines[r.nlines++] = d.v[i].loc.pyline;
	ks_diags_free(&d);
	ks_doc_free(doc);
	return r;
}

static bool valid(const char *text, enum ks_version v)
{
	return run(text, v, false).errors == 0;
}

TEST(versions)
{
	enum ks_version v;
	CHECK_INT(ks_version_from_name("RHEL8", &v), 0);
	CHECK_INT(v, KS_RHEL8);
	CHECK_INT(ks_version_from_name("rhel9.3", &v), 0);
	CHECK_INT(v, KS_RHEL9);
	CHECK_INT(ks_version_from_name("F40", &v), 0);
	CHECK_INT(v, KS_F40);
	CHECK_INT(ks_version_from_name("DEVEL", &v), 0);
	CHECK_INT(v, KS_V_DEFAULT);
	CHECK_INT(ks_version_from_name("RHEL5", &v), -EINVAL);
	CHECK_INT(ks_version_from_name("F39", &v), -EINVAL);
	CHECK_INT(ks_version_from_name("", &v), -EINVAL);
	size_t n;
	CHECK(ks_versions(&n) != NULL && n == KS_V_COUNT);
}

TEST(python_ints_and_bools)
{
	int64_t v;
	CHECK(ks_parse_pyint(" +1_0 ", 6, &v) && v == 10);
	CHECK(ks_parse_pyint("-5", 2, &v) && v == -5);
	CHECK(!ks_parse_pyint("20G", 3, &v));
	CHECK(!ks_parse_pyint("2.5", 3, &v));
	CHECK(!ks_parse_pyint("1__0", 4, &v));
	CHECK(!ks_parse_pyint("_1", 2, &v));
	CHECK(!ks_parse_pyint("", 0, &v));
	CHECK(ks_parse_pyint("99999999999999999999999", 23, &v) && v == INT64_MAX);
	bool b;
	CHECK(ks_parse_bool("YES", 3, &b) && b);
	CHECK(ks_parse_bool("0", 1, &b) && !b);
	CHECK(!ks_parse_bool("y", 1, &b));
}

TEST(argparse_binding)
{
	/* abbreviations, =value and separate value, last repeat wins */
	CHECK(valid("bootloader --loc=mbr\n", KS_RHEL8));
	CHECK(valid("part / --size 100 --size=200\n", KS_RHEL8));
	/* ambiguous prefix, also between aliases of one option */
	CHECK(!valid("part / --fs=ext4 --size=1\n", KS_RHEL8));
	CHECK(!valid("part / --ond=sda --size=1\n", KS_RHEL8));
	/* flags take no value; values must not look like options */
	CHECK(!valid("part / --grow=yes\n", KS_RHEL8));
	CHECK(!valid("part / --label --size=1\n", KS_RHEL8));
	/* typed values */
	CHECK(!valid("part / --size=20G\n", KS_RHEL8));
	CHECK(valid("part / --size=-1\n", KS_RHEL8));
	CHECK(valid("network --device=eth0 --onboot=Yes\n", KS_RHEL8));
	CHECK(!valid("network --device=eth0 --onboot=y\n", KS_RHEL8));
	CHECK(!valid("network --device=eth0 --bootproto=DHCP\n", KS_RHEL8));
	/* unknown options and leftovers */
	CHECK(!valid("autopart --bogus\n", KS_RHEL8));
	CHECK(!valid("lang en de\n", KS_RHEL8));
	CHECK(!valid("autopart --\n", KS_RHEL8)); /* a "--" no positional takes */
	CHECK(valid("part -- /\n", KS_RHEL8));
	/* volgroup never rejects: unknown options become physical volumes */
	CHECK(valid("volgroup vg --pe-size=4 pv.01\n", KS_RHEL8));
	/* argparse's greedy positional groups: "raid / --level=1 --device=md0 a b" binds
	 * the members as leftovers, which raid takes */
	CHECK(valid("raid / --level=1 --device=md0 raid.01 raid.02\n", KS_RHEL8));
	CHECK(!valid("raid / --level=1 --device=md0 raid.01 --bogus\n", KS_RHEL8));
}

TEST(versions_decide)
{
	CHECK(valid("install\nurl --url=http://h/\n", KS_RHEL7));
	CHECK(!valid("install\n", KS_RHEL8)); /* deprecated */
	CHECK(!valid("install\n", KS_RHEL9)); /* removed */
	CHECK(valid("auth --enableshadow\n", KS_RHEL7));
	CHECK(!valid("auth --enableshadow\n", KS_RHEL8));
	CHECK(!valid("authselect select sssd\n", KS_RHEL7));
	CHECK(valid("authselect select sssd\n", KS_RHEL8));
	CHECK(valid("key --skip\n", KS_RHEL6));
	CHECK(!valid("key --skip\n", KS_RHEL7));
	CHECK(valid("%packages --nobase\n%end\n", KS_RHEL6));
	CHECK(!valid("%packages --nobase\n%end\n", KS_RHEL7));
	CHECK(!valid("%packages --nobase\n%end\n", KS_RHEL8));
	CHECK(valid("%traceback\necho\n%end\n", KS_RHEL8));
	CHECK(!valid("%traceback\necho\n%end\n", KS_RHEL9));
	CHECK(!valid("part / --size=1 --bytes-per-inode=4096\n", KS_RHEL6));
	CHECK(!valid("timezone --isUtc Etc/UTC\n", KS_RHEL9));
	CHECK(valid("timezone --isUtc Etc/UTC\n", KS_RHEL8));
	CHECK(!valid("method\n", KS_RHEL8));
	struct result r = run("install\n", KS_RHEL8, false);
	CHECK(strstr(r.first, "deprecated") != NULL);
	r = run("authconfig --useshadow\n", KS_RHEL8, false);
	CHECK(strstr(r.first, "authselect") != NULL); /* names the replacement */
	r = run("bogus\n", KS_RHEL8, false);
	CHECK_STR(r.first, "t.ks:1: error: unknown command bogus");
	r = run("eula --agreed\n", KS_RHEL6, false);
	CHECK(strstr(r.first, "RHEL7") != NULL); /* says where it exists */
}

TEST(semantic_checks)
{
	/* duplicates, normalised as pykickstart does */
	CHECK(!valid("part /home --size=1\npart /home/ --size=1\n", KS_RHEL8));
	CHECK(valid("part swap --size=1\npart swap --size=1\n", KS_RHEL8));
	CHECK(valid("part /boot --size=1\nlogvol /boot --vgname=v --name=b --size=1\n", KS_RHEL8));
	CHECK(!valid("network --device=eth0\nnetwork --device=eth0 --vlanid=5\n", KS_RHEL8));
	CHECK(!valid("network --hostname=a\nnetwork --hostname=b\n", KS_RHEL8));
	CHECK(!valid("raid / --level=1 --device=md0 a b\nraid /x --level=1 --device=0 c d\n", KS_RHEL8));
	CHECK(!valid("user --name=a\nuser --name=a\n", KS_RHEL8));
	/* conflicts are checked against commands seen earlier */
	CHECK(!valid("autopart\npart / --size=1\n", KS_RHEL8));
	CHECK(!valid("part / --size=1\nautopart\n", KS_RHEL8));
	CHECK(!valid("reqpart\nautopart\n", KS_RHEL8));
	CHECK(valid("reqpart\nautopart\n", KS_RHEL6) == false); /* reqpart unknown in RHEL6 */
	/* required combinations */
	CHECK(!valid("url --proxy=x\n", KS_RHEL8));
	CHECK(!valid("url --url=a --mirrorlist=b\n", KS_RHEL8));
	CHECK(!valid("services\n", KS_RHEL8));
	CHECK(!valid("ignoredisk --drives=a --only-use=b\n", KS_RHEL8));
	CHECK(valid("rootpw --lock\n", KS_RHEL7));
	CHECK(!valid("rootpw --lock\n", KS_RHEL6));
	CHECK(!valid("logvol / --vgname=v --name=r\n", KS_RHEL7));
	CHECK(valid("logvol / --vgname=v --name=r\n", KS_RHEL6));
	CHECK(!valid("logvol / --vgname=v --name=r --percent=101\n", KS_RHEL8));
	CHECK(!valid("volgroup vg --reserved-percent=100 pv.01\n", KS_RHEL8));
	CHECK(!valid("cmdline --non-interactive\n", KS_RHEL8));
	CHECK(valid("text --non-interactive\n", KS_RHEL8));
	CHECK(!valid("part / --size=1 --fstype=btrfs\n", KS_RHEL8));
	CHECK(valid("part / --size=1 --fstype=btrfs\n", KS_F40));
	CHECK(!valid("raid / --level=1 --device=foo a b\n", KS_RHEL6));
	CHECK(!valid("network --device=e --interfacename=vlan.5\n", KS_RHEL7));
	CHECK(!valid("network --bridgeopts=a --bridgeslaves=e\n", KS_RHEL8));
	CHECK(!valid("%packages\n-\n%end\n", KS_RHEL8));
	CHECK(!valid("%packages\n@g --nodefaults --optional\n%end\n", KS_RHEL8));
	CHECK(!valid("%certificate --filename=c.pem --dir=/x\n%end\n", KS_F40));
	CHECK(!valid("realm join\n", KS_RHEL8));
	CHECK(valid("realm join --one-time-password=x example.com\n", KS_RHEL8));
}

TEST(kept_values_of_single_commands)
{
	/* pykickstart keeps earlier option values of single-instance commands */
	CHECK(valid("logging --host=h\nlogging --port=514\n", KS_RHEL8));
	CHECK(!valid("logging --port=514\n", KS_RHEL8));
	CHECK(!valid("ignoredisk --drives=sdb\nignoredisk --only-use=sda\n", KS_RHEL8));
	CHECK(!valid("harddrive --biospart=80p1 --dir=/os\nharddrive --partition=sda1 --dir=/os\n",
		     KS_RHEL7));
	CHECK(valid("services --enabled=a\nservices\n", KS_RHEL8));
}

TEST(one_error_per_line_and_order)
{
	struct result r = run("bogus\npart / --size=x --grow=1\nlang\n", KS_RHEL8, false);
	CHECK_INT(r.errors, 3);
	CHECK_INT(r.nlines, 3);
	CHECK_INT(r.lines[0], 1);
	CHECK_INT(r.lines[1], 2);
	CHECK_INT(r.lines[2], 3);
	/* a fatal error stops the check, errors before it stay */
	r = run("bogus\n%packages\n-\n%end\nbogus2\n", KS_RHEL8, false);
	CHECK_INT(r.errors, 2);
	CHECK_INT(r.lines[1], 3);
}

TEST(extra_checks_warn_unless_strict)
{
	const char *ks = "logvol / --vgname=nosuch --name=r --size=1\n"
			 "rootpw --iscrypted notahash\n"
			 "part /x --size=100 --maxsize=10\n"
			 "volgroup vg pv.99\n"
			 "raid /r --level=1 --device=md1 raid.01 raid.02\n"
			 "lang en\nlang de\n";
	struct result r = run(ks, KS_RHEL8, false);
	CHECK_INT(r.errors, 0);
	CHECK(r.warnings >= 7);
	CHECK(strstr(r.first, "warning: logvol: --vgname=nosuch") != NULL);
	r = run(ks, KS_RHEL8, true);
	CHECK(r.errors >= 7);
	CHECK(valid("part pv.01 --size=1\nvolgroup vg pv.01\nlogvol / --vgname=vg --name=r --size=1\n"
		    "rootpw --iscrypted $6$salt$hash\n", KS_RHEL8));
	r = run("part pv.01 --size=1\nvolgroup vg pv.01\nlogvol / --vgname=vg --name=r --size=1\n", KS_RHEL8,
		true);
	CHECK_INT(r.errors + r.warnings, 0);
}

TEST(ksappend_locations_in_messages)
{
	struct ks_parse_opts po = { .version = KS_RHEL8 };
	struct ks_doc *doc = NULL;
	const char *text = "# two\n# lines\nbogus\n";
	CHECK_INT(ks_parse("t.ks", text, strlen(text), &po, &doc), 0);
	struct ks_diags d = { 0 };
	struct ks_check_opts co = { .version = KS_RHEL8 };
	CHECK_INT(ks_check(doc, &co, &d), 0);
	char buf[256];
	CHECK_INT(d.n, 1);
	ks_diag_format(&d.v[0], buf, sizeof(buf));
	CHECK_STR(buf, "t.ks:3: error: unknown command bogus");
	ks_diags_free(&d);
	ks_doc_free(doc);
	CHECK(ks_valid("x.ks", "lang en_US\n", 11, KS_RHEL6));
	CHECK(!ks_valid("x.ks", "lang\n", 5, KS_RHEL6));
}

TEST_MAIN()
