/* .treeinfo and .discinfo: the real-world layouts (samples/), what each
 * distribution is recognised as, and a clear FILE:LINE error for every
 * kind of malformed input. */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "distro/distro_info.h"
#include "test.h"

static char *slurp(const char *name, size_t *len)
{
	char path[512];
	snprintf(path, sizeof(path), "%s/%s", SAMPLES, name);
	FILE *f = fopen(path, "rb");
	if (!f) {
		perror(path);
		exit(2);
	}
	char *buf = malloc(1 << 20);
	*len = fread(buf, 1, (1 << 20) - 1, f);
	buf[*len] = '\0';
	fclose(f);
	return buf;
}

/* Parses a sample tree's files the way `pxed distro import` does. */
static int sample(const char *base, bool with_discinfo, struct distro_info *d, char *err, size_t errlen)
{
	char name[128];
	size_t len;
	distro_info_init(d);
	snprintf(name, sizeof(name), "%s.treeinfo", base);
	char *text = slurp(name, &len);
	int r = distro_treeinfo_parse(d, name, text, len, err, errlen);
	free(text);
	if (r < 0)
		return r;
	if (with_discinfo) {
		snprintf(name, sizeof(name), "%s.discinfo", base);
		text = slurp(name, &len);
		struct discinfo di;
		r = distro_discinfo_parse(name, text, len, &di, err, errlen);
		free(text);
		if (r < 0)
			return r;
		distro_info_add_discinfo(d, &di);
	}
	return distro_info_finish(d, err, errlen);
}

struct expect {
	const char *base, *family, *version;
	int major;
	const char *arch, *stage2, *release;
};

static const struct expect samples[] = {
	{ "centos-6.10", "centos", "6.10", 6, "x86_64", "images/install.img", "CentOS" },
	{ "centos-7.9", "centos", "7.9", 7, "x86_64", "LiveOS/squashfs.img", "CentOS" },
	{ "rocky-8.10", "rocky", "8.10", 8, "x86_64", "images/install.img", "Rocky Linux" },
	{ "rocky-9.4", "rocky", "9.4", 9, "x86_64", "images/install.img", "Rocky Linux" },
	{ "alma-9.4-aarch64", "almalinux", "9.4", 9, "aarch64", "images/install.img", "AlmaLinux" },
	{ "rhel-9.4", "rhel", "9.4", 9, "x86_64", "images/install.img", "Red Hat Enterprise Linux" },
	{ "fedora-40", "fedora", "40", 40, "x86_64", "images/install.img", "Fedora" },
};

TEST(real_world_samples)
{
	for (size_t i = 0; i < sizeof(samples) / sizeof(samples[0]); i++) {
		const struct expect *e = &samples[i];
		struct distro_info *d = malloc(sizeof(*d));
		char err[512] = "";
		int r = sample(e->base, true, d, err, sizeof(err));
		if (r < 0)
			fprintf(stderr, "%s: %s\n", e->base, err);
		CHECK_INT(r, 0);
		CHECK_STR(d->family, e->family);
		CHECK(d->family_known);
		CHECK_STR(d->version, e->version);
		CHECK_INT(d->major, e->major);
		CHECK_STR(d->arch, e->arch);
		CHECK_STR(d->kernel, "images/pxeboot/vmlinuz");
		CHECK_STR(d->initrd, "images/pxeboot/initrd.img");
		CHECK(d->kernel_named && d->initrd_named);
		CHECK_STR(d->stage2, e->stage2);
		CHECK_STR(d->release, e->release);
		free(d);
	}
}

TEST(treeinfo_alone_is_enough)
{
	for (size_t i = 0; i < sizeof(samples) / sizeof(samples[0]); i++) {
		struct distro_info *d = malloc(sizeof(*d));
		char err[512] = "";
		CHECK_INT(sample(samples[i].base, false, d, err, sizeof(err)), 0);
		CHECK_STR(d->family, samples[i].family);
		CHECK_INT(d->major, samples[i].major);
		free(d);
	}
	/* without .discinfo, CentOS 7's productmd tree says only "7" */
	struct distro_info *d = malloc(sizeof(*d));
	char err[512];
	CHECK_INT(sample("centos-7.9", false, d, err, sizeof(err)), 0);
	CHECK_STR(d->version, "7");
	free(d);
}

static int parse_text(const char *treeinfo, const char *discinfo, struct distro_info *d, char *err,
		      size_t errlen)
{
	distro_info_init(d);
	int r = 0;
	if (treeinfo)
		r = distro_treeinfo_parse(d, "t/.treeinfo", treeinfo, strlen(treeinfo), err, errlen);
	if (r >= 0 && discinfo) {
		struct discinfo di;
		r = distro_discinfo_parse("t/.discinfo", discinfo, strlen(discinfo), &di, err, errlen);
		if (r >= 0)
			distro_info_add_discinfo(d, &di);
	}
	return r < 0 ? r : distro_info_finish(d, err, errlen);
}

static void expect_error(const char *treeinfo, const char *discinfo, const char *want)
{
	struct distro_info *d = malloc(sizeof(*d));
	char err[512] = "";
	int r = parse_text(treeinfo, discinfo, d, err, sizeof(err));
	CHECK_INT(r, -EINVAL);
	if (!strstr(err, want)) {
		fprintf(stderr, "error \"%s\" does not contain \"%s\"\n", err, want);
		test_failures++;
	}
	free(d);
}

#define GENERAL "[general]\nfamily = CentOS\nversion = 6.10\narch = x86_64\n"

TEST(malformed_treeinfo_names_file_and_line)
{
	expect_error("[general\nfamily = CentOS\n", NULL, "t/.treeinfo:1: malformed section header");
	expect_error("[general]\nfamily CentOS\n", NULL, "t/.treeinfo:2: expected KEY = VALUE");
	expect_error("family = CentOS\n[general]\n", NULL, "t/.treeinfo:1: key before the first");
	expect_error("# comment\n\n[general]\n= x\n", NULL, "t/.treeinfo:4: empty key");
	expect_error(GENERAL "[images-x86_64]\nkernel = a\nKERNEL = b\n", NULL,
		     "t/.treeinfo:7: KERNEL: given twice (first on line 6)");
	expect_error(GENERAL "[images-x86_64]\nkernel = /boot/vmlinuz\n", NULL,
		     "t/.treeinfo:6: kernel: not a path inside the tree");
	expect_error(GENERAL "[images-x86_64]\ninitrd = images/../../etc/shadow\n", NULL,
		     "t/.treeinfo:6: initrd: not a path inside the tree");
	expect_error(GENERAL "[stage2]\nmainimage =\n", NULL, "t/.treeinfo:6: mainimage");
	expect_error("[general]\nversion = 6.10\nversion = 6.9\n", NULL,
		     "t/.treeinfo:3: version: given twice");
	expect_error("[general]\nfamily = CentOS\nversion = 6.10\nname = a\tb\n", NULL,
		     "t/.treeinfo:4: name: control character");
	char nul[] = "[general]\nfamily = Cent\0OS\n";
	struct distro_info *d = malloc(sizeof(*d));
	char err[256];
	distro_info_init(d);
	CHECK_INT(distro_treeinfo_parse(d, "t/.treeinfo", nul, sizeof(nul) - 1, err, sizeof(err)), -EINVAL);
	CHECK(strstr(err, "t/.treeinfo:2: NUL byte") != NULL);
	free(d);
}

TEST(missing_essentials)
{
	expect_error("[general]\nfamily = CentOS\narch = x86_64\n", NULL, "t/.treeinfo: no version");
	expect_error("[general]\nfamily = CentOS\nversion = 6.10\n", NULL, "no architecture");
	expect_error("[general]\nversion = 6.10\narch = x86_64\n", NULL, "cannot tell the distribution");
	expect_error("[general]\nfamily = Fedora\nversion = Rawhide\narch = x86_64\n", NULL,
		     "version \"Rawhide\" does not start with a release number");
	expect_error("[general]\nfamily = Fedora\nversion = 40 beta\narch = x86_64\n", NULL,
		     "has characters other than");
	expect_error("[general]\nfamily = Fedora\nversion = 40\narch = x86-64\n", NULL,
		     "architecture has characters other than");
	expect_error("[general]\nfamily = ***\nversion = 40\narch = x86_64\n", NULL,
		     "has no letters or digits");
	expect_error(NULL, "1714869580.18\n9.4\nx86_64\n", "cannot tell the distribution");
	struct distro_info *d = malloc(sizeof(*d));
	char err[256];
	CHECK_INT(parse_text(NULL, NULL, d, err, sizeof(err)), -EINVAL);
	CHECK(strstr(err, "not an install tree: no .treeinfo or .discinfo") != NULL);
	free(d);
}

TEST(defaults_when_images_are_not_named)
{
	struct distro_info *d = malloc(sizeof(*d));
	char err[256] = "";
	CHECK_INT(parse_text(GENERAL, NULL, d, err, sizeof(err)), 0);
	CHECK_STR(d->kernel, "images/pxeboot/vmlinuz");
	CHECK_STR(d->initrd, "images/pxeboot/initrd.img");
	CHECK(!d->kernel_named && !d->initrd_named);
	CHECK_STR(d->stage2, "");
	/* another architecture's images are not this tree's */
	CHECK_INT(parse_text(GENERAL "[images-ppc64le]\nkernel = ppc/ppc64/vmlinuz\n", NULL, d, err,
			     sizeof(err)),
		  0);
	CHECK_STR(d->kernel, "images/pxeboot/vmlinuz");
	CHECK(!d->kernel_named);
	/* only the kernel named: the initrd falls back alone */
	CHECK_INT(parse_text(GENERAL "[images-x86_64]\nkernel = ./boot//vmlinuz-x\n", NULL, d, err,
			     sizeof(err)),
		  0);
	CHECK_STR(d->kernel, "boot/vmlinuz-x");
	CHECK(d->kernel_named && !d->initrd_named);
	free(d);
}

TEST(discinfo_only_trees)
{
	struct distro_info *d = malloc(sizeof(*d));
	char err[256] = "";
	CHECK_INT(parse_text(NULL, "1554234120.486036\nRed Hat Enterprise Linux 6.10\nx86_64\n1\n", d,
			     err, sizeof(err)),
		  0);
	CHECK_STR(d->family, "rhel");
	CHECK_STR(d->version, "6.10");
	CHECK_INT(d->major, 6);
	CHECK_STR(d->arch, "x86_64");
	CHECK(!d->kernel_named);
	CHECK_STR(d->kernel, "images/pxeboot/vmlinuz");
	/* CRLF and a missing disc-number line */
	CHECK_INT(parse_text(NULL, "1554234120\r\nCentOS Linux 7.9.2009\r\nx86_64\r\n", d, err, sizeof(err)), 0);
	CHECK_STR(d->family, "centos");
	CHECK_STR(d->version, "7.9.2009");
	free(d);
}

static void expect_discinfo_error(const char *text, const char *want)
{
	struct discinfo di;
	char err[256] = "";
	CHECK_INT(distro_discinfo_parse("d/.discinfo", text, strlen(text), &di, err, sizeof(err)), -EINVAL);
	if (!strstr(err, want)) {
		fprintf(stderr, "error \"%s\" does not contain \"%s\"\n", err, want);
		test_failures++;
	}
}

TEST(discinfo_fields_and_errors)
{
	struct discinfo di;
	char err[256];
	const char *t = "1714869580.183464\n9.4\nx86_64\n1,2\nPackages\n";
	CHECK_INT(distro_discinfo_parse("d", t, strlen(t), &di, err, sizeof(err)), 0);
	CHECK_STR(di.timestamp, "1714869580.183464");
	CHECK_STR(di.release, "9.4");
	CHECK_STR(di.arch, "x86_64");
	CHECK_STR(di.discs, "1,2");
	expect_discinfo_error("", "d/.discinfo:1: expected a timestamp");
	expect_discinfo_error("yesterday\n9.4\nx86_64\n", "d/.discinfo:1: expected a timestamp");
	expect_discinfo_error("1.2.3\n9.4\nx86_64\n", "d/.discinfo:1:");
	expect_discinfo_error("12345\n\nx86_64\n", "d/.discinfo:2: missing release");
	expect_discinfo_error("12345\n9.4\n", "d/.discinfo:3: expected an architecture");
	expect_discinfo_error("12345\n9.4\nx86 64\n", "d/.discinfo:3:");
	expect_discinfo_error("12345\n9\x01\nx86_64\n", "d/.discinfo:2: control character");
	char longrel[200];
	memset(longrel, 'a', sizeof(longrel));
	memcpy(longrel, "1\n", 2);
	longrel[sizeof(longrel) - 1] = '\0';
	expect_discinfo_error(longrel, "d/.discinfo:2: release too long");
}

TEST(ini_dialect)
{
	struct distro_info *d = malloc(sizeof(*d));
	char err[256] = "";
	/* BOM, CRLF, ':' delimiter, comments, indented continuation lines,
	 * case-insensitive keys, unknown sections and keys */
	const char *t = "\xef\xbb\xbf; header comment\r\n[general]\r\nFamily: Rocky Linux\r\n"
			"description = first line\r\n  continued line = not a key\r\n"
			"version = 9.4\r\nArch = x86_64\r\n[custom]\r\nwhatever = 1\r\n";
	CHECK_INT(parse_text(t, NULL, d, err, sizeof(err)), 0);
	CHECK_STR(d->family, "rocky");
	CHECK_STR(d->version, "9.4");
	CHECK_STR(d->arch, "x86_64");
	/* a family pxed does not know is kept as a slug */
	CHECK_INT(parse_text("[general]\nfamily = Oracle Linux Server\nversion = 8.9\narch = x86_64\n",
			     NULL, d, err, sizeof(err)),
		  0);
	CHECK_STR(d->family, "oracle-linux-server");
	CHECK(!d->family_known);
	free(d);
}

TEST(family_names)
{
	static const char *const cases[][2] = {
		{ "CentOS", "centos" },
		{ "CentOS Linux", "centos" },
		{ "CentOS Stream", "centos" },
		{ "CentOS-Stream", "centos" },
		{ "Red Hat Enterprise Linux", "rhel" },
		{ "Red Hat Enterprise Linux Server", "rhel" },
		{ "RHEL", "rhel" },
		{ "RedHatEnterpriseLinux-9", "rhel" },
		{ "Rocky", "rocky" },
		{ "Rocky Linux", "rocky" },
		{ "AlmaLinux", "almalinux" },
		{ "Alma Linux", "almalinux" },
		{ "Fedora", "fedora" },
		{ "Fedora-Server", "fedora" },
	};
	char out[32];
	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		CHECK(distro_family_normalise(cases[i][0], out, sizeof(out)));
		CHECK_STR(out, cases[i][1]);
	}
	CHECK(!distro_family_normalise("NotRHEL Linux", out, sizeof(out)));
	CHECK_STR(out, "notrhel-linux");
	CHECK(!distro_family_normalise("  Scientific  Linux!", out, sizeof(out)));
	CHECK_STR(out, "scientific-linux");
}

TEST(clean_paths)
{
	char out[64];
	CHECK_INT(distro_clean_path("images/pxeboot/vmlinuz", 22, out, sizeof(out)), 0);
	CHECK_STR(out, "images/pxeboot/vmlinuz");
	CHECK_INT(distro_clean_path("./images//pxeboot/./vmlinuz/", 28, out, sizeof(out)), 0);
	CHECK_STR(out, "images/pxeboot/vmlinuz");
	CHECK_INT(distro_clean_path("/images/vmlinuz", 15, out, sizeof(out)), -EINVAL);
	CHECK_INT(distro_clean_path("images/../vmlinuz", 17, out, sizeof(out)), -EINVAL);
	CHECK_INT(distro_clean_path("", 0, out, sizeof(out)), -EINVAL);
	CHECK_INT(distro_clean_path("./.", 3, out, sizeof(out)), -EINVAL);
	CHECK_INT(distro_clean_path("a\\b", 3, out, sizeof(out)), -EINVAL);
	CHECK_INT(distro_clean_path("a\nb", 3, out, sizeof(out)), -EINVAL);
	char longp[100];
	memset(longp, 'a', sizeof(longp));
	CHECK_INT(distro_clean_path(longp, sizeof(longp), out, sizeof(out)), -EINVAL);
}

TEST_MAIN()
