/* Kickstart templates: variable substitution and its errors, the tracking
 * sections, validation per distro version (golden outputs in golden/;
 * PXED_UPDATE_GOLDEN=1 rewrites them), and password hashing. */
#include "provision/ks_template.h"
#include "test.h"

#include <crypt.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>

#include "kickstart/ks_check.h"
#include "kickstart/ks_crypt.h"

static char *read_file(const char *name, size_t *len)
{
	char path[512];
	snprintf(path, sizeof(path), "%s/%s", GOLDEN_DIR, name);
	FILE *f = fopen(path, "rb");
	if (!f)
		return NULL;
	char *buf = malloc(1 << 20);
	size_t n = buf ? fread(buf, 1, (1 << 20) - 1, f) : 0;
	fclose(f);
	if (buf)
		buf[n] = '\0';
	*len = n;
	return buf;
}

static void check_golden(const char *name, const char *got)
{
	if (getenv("PXED_UPDATE_GOLDEN")) {
		char path[512];
		snprintf(path, sizeof(path), "%s/%s", GOLDEN_DIR, name);
		FILE *f = fopen(path, "wb");
		CHECK(f != NULL);
		if (f) {
			fputs(got, f);
			fclose(f);
		}
		return;
	}
	size_t len;
	char *want = read_file(name, &len);
	CHECK(want != NULL);
	if (want && strcmp(want, got) != 0) {
		fprintf(stderr, "%s differs from the output:\n%s\n", name, got);
		test_failures++;
	}
	free(want);
}

static struct ks_vars host_vars(void)
{
	struct store_host h;
	memset(&h, 0, sizeof(h));
	h.id = 42;
	snprintf(h.hostname, sizeof(h.hostname), "web1.example.com");
	h.ip = 0xc6120014;
	static const uint8_t mac[6] = { 0x52, 0x54, 0x00, 0xab, 0xcd, 0xef };
	memcpy(h.macs[0], mac, 6);
	h.n_macs = 1;
	snprintf(h.uuid, sizeof(h.uuid), "4c4c4544-0042-3510-8052-b3c04f4e3332");
	snprintf(h.token, sizeof(h.token), "00112233445566778899aabbccddeeff");
	struct ks_vars v;
	ks_vars_for_host(&v, &h, "el9", "rocky9", 0xc6120001, 8080);
	return v;
}

TEST(vars_for_host)
{
	struct ks_vars v = host_vars();
	CHECK_STR(v.hostname, "web1.example.com");
	CHECK_STR(v.ip, "198.18.0.20");
	CHECK_STR(v.mac, "52:54:00:ab:cd:ef");
	CHECK_STR(v.server, "198.18.0.1");
	CHECK_STR(v.http_port, "8080");
	CHECK_STR(v.tree_url, "http://198.18.0.1:8080/distros/rocky9");
	CHECK_STR(v.ks_url, "http://198.18.0.1:8080/ks/web1.example.com");
	CHECK_STR(v.events_url, "http://198.18.0.1:8080/api/v1/hosts/42/events");
	CHECK_STR(v.token, "00112233445566778899aabbccddeeff");
	struct store_host dyn;
	memset(&dyn, 0, sizeof(dyn));
	snprintf(dyn.hostname, sizeof(dyn.hostname), "dyn");
	ks_vars_for_host(&v, &dyn, "p", "d", 0xc6120001, 80);
	CHECK_STR(v.ip, "");
	CHECK_STR(v.uuid, "");
	ks_vars_sample(&v, "el9", "rocky9");
	CHECK_STR(v.profile, "el9");
	CHECK_STR(v.tree_url, "http://198.18.0.1:8080/distros/rocky9");
	CHECK_INT(strlen(v.token), STORE_TOKEN_LEN);
}

TEST(versions_per_distro)
{
	static const struct {
		const char *family;
		int major;
		const char *want; /* NULL = refused */
	} cases[] = {
		{ "rhel", 6, "RHEL6" },	   { "centos", 7, "RHEL7" },    { "rocky", 8, "RHEL8" },
		{ "almalinux", 9, "RHEL9" }, { "AlmaLinux", 10, "F40" },  { "centos", 11, "F40" },
		{ "fedora", 40, "F40" },   { "Fedora", 38, "F40" },     { "fedora", 41, "F40" },
		{ "centos", 5, NULL },	   { "rhel", 0, NULL },
	};
	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		enum ks_version v = KS_V_COUNT;
		int r = ks_template_version(cases[i].family, cases[i].major, &v);
		if (cases[i].want) {
			CHECK_INT(r, 0);
			CHECK_STR(ks_version_name(v), cases[i].want);
		} else {
			CHECK_INT(r, -EINVAL);
			CHECK_INT(v, KS_V_COUNT);
		}
	}
}

static int render(const char *tmpl, char **out, char **err)
{
	struct ks_vars v = host_vars();
	size_t n;
	*out = *err = NULL;
	return ks_template_render("t.ks", tmpl, strlen(tmpl), &v, out, &n, err);
}

TEST(render_substitutes_every_variable)
{
	size_t len;
	char *tmpl = read_file("el9.ks.tmpl", &len);
	CHECK(tmpl != NULL);
	if (!tmpl)
		return;
	char *out, *err;
	CHECK_INT(render(tmpl, &out, &err), 0);
	CHECK(err == NULL);
	if (out) {
		check_golden("el9.rendered", out);
		CHECK(strstr(out, "{{") == NULL);
	}
	free(out);
	free(tmpl);

	CHECK_INT(render("", &out, &err), 0);
	CHECK_STR(out, "");
	free(out);
	/* a lone brace, closing braces and shell ${...} are text */
	CHECK_INT(render("a { b }} ${x} {x}\n", &out, &err), 0);
	CHECK_STR(out, "a { b }} ${x} {x}\n");
	free(out);
	CHECK_INT(render("{{hostname}}{{ ip }}{{\tmac\t}}", &out, &err), 0);
	CHECK_STR(out, "web1.example.com198.18.0.2052:54:00:ab:cd:ef");
	free(out);
}

TEST(render_errors_name_the_line)
{
	char *out, *err;
	CHECK_INT(render("text\n\nnetwork --hostname={{ nope }}\n", &out, &err), -EINVAL);
	CHECK(out == NULL);
	CHECK_STR(err, "t.ks:3: unknown variable 'nope'");
	free(err);
	CHECK_INT(render("text\nurl --url={{ tree_url\n{{hostname}}\n", &out, &err), -EINVAL);
	CHECK_STR(err, "t.ks:2: unterminated '{{'");
	free(err);
	CHECK_INT(render("{{}}\n{{ a b }}\n{{ x-y }}\n{{ip}} {{ HOSTNAME }} {{ hostname }}", &out, &err),
		  -EINVAL);
	CHECK_STR(err, "t.ks:1: bad variable name ''\n"
		       "t.ks:2: bad variable name 'a b'\n"
		       "t.ks:3: bad variable name 'x-y'\n"
		       "t.ks:4: unknown variable 'HOSTNAME'");
	free(err);
	/* a closing pair on a later line does not close an earlier opening */
	CHECK_INT(render("a {{ hostname\n}}\n", &out, &err), -EINVAL);
	CHECK_STR(err, "t.ks:1: unterminated '{{'");
	free(err);
	/* long and binary names are cut and escaped in the message */
	CHECK_INT(render("{{ \x01\x02 }}", &out, &err), -EINVAL);
	CHECK_STR(err, "t.ks:1: bad variable name '\\x01\\x02'");
	free(err);
	/* many problems: the first 20 and a count */
	char many[2048] = "";
	for (int i = 0; i < 25; i++)
		strcat(many, "{{ x }}\n");
	CHECK_INT(render(many, &out, &err), -EINVAL);
	CHECK(err && strstr(err, "t.ks:20: unknown variable 'x'\nt.ks: 5 more problems"));
	CHECK(err && !strstr(err, "t.ks:21:"));
	free(err);
}

static int build(const char *file, const char *family, int major, char **out, char **err)
{
	size_t len;
	char *tmpl = read_file(file, &len);
	CHECK(tmpl != NULL);
	if (!tmpl)
		return -ENOENT;
	struct ks_vars v = host_vars();
	size_t n;
	*out = *err = NULL;
	int r = ks_template_build(file, tmpl, len, &v, family, major, out, &n, err);
	free(tmpl);
	return r;
}

TEST(build_adds_tracking_and_validates)
{
	char *out, *err;
	CHECK_INT(build("el9.ks.tmpl", "rocky", 9, &out, &err), 0);
	CHECK(err == NULL);
	if (out)
		check_golden("el9.served", out);
	/* the served kickstart is valid for every EL7+ version; the tracking
	 * sections are valid in all of them */
	for (int v = KS_RHEL7; out && v < KS_V_COUNT; v++)
		CHECK(ks_valid("el9", out, strlen(out), (enum ks_version)v));
	free(out);
	CHECK_INT(build("el6.ks.tmpl", "centos", 6, &out, &err), 0);
	if (out) {
		check_golden("el6.served", out);
		CHECK(ks_valid("el6", out, strlen(out), KS_RHEL6));
	}
	free(out);
	/* RHEL6's `install` is gone in RHEL8: the checker's message comes back
	 * with the template's name and line */
	CHECK_INT(build("el6.ks.tmpl", "rocky", 8, &out, &err), -EINVAL);
	CHECK(out == NULL);
	CHECK(err && strstr(err, "el6.ks.tmpl: not a valid kickstart for RHEL8 (1 error)\n"));
	CHECK(err && strstr(err, "\nel6.ks.tmpl:2: error: "));
	free(err);
	CHECK_INT(build("el9.ks.tmpl", "centos", 5, &out, &err), -EINVAL);
	CHECK_STR(err, "el9.ks.tmpl: no kickstart version for centos 5 (RHEL6 and later, Fedora)");
	free(err);
}

TEST(tracking_without_final_newline)
{
	struct ks_vars v = host_vars();
	char *text = strdup("text");
	size_t len = 4;
	CHECK_INT(ks_template_add_tracking(&text, &len, &v), 0);
	CHECK_INT(len, strlen(text));
	CHECK(strncmp(text, "text\n\n# pxed: install tracking", 30) == 0);
	CHECK(strstr(text, "%pre\ncurl -fsS -m 10 -o /dev/null -H 'X-Pxed-Token: "
			   "00112233445566778899aabbccddeeff' -d 'phase=pre' "
			   "'http://198.18.0.1:8080/api/v1/hosts/42/events' >/dev/null 2>&1 || wget "));
	CHECK(strstr(text, "%post --nochroot\n"));
	CHECK(strstr(text, "-d 'phase=done'"));
	CHECK(strstr(text, "--post-data='phase=done'"));
	CHECK(strstr(text, "-d 'phase=failed&detail="));
	char *post = strstr(text, "phase=post");
	CHECK(post && strstr(post, "phase=done"));
	free(text);
}

/* ---- passwords ------------------------------------------------------------ */

static int counter_random(void *ctx, uint8_t *buf, size_t len)
{
	unsigned *n = ctx;
	for (size_t i = 0; i < len; i++)
		buf[i] = (uint8_t)(*n + i);
	(*n)++;
	return 0;
}

static int failing_random(void *ctx, uint8_t *buf, size_t len)
{
	(void)ctx, (void)buf, (void)len;
	return -EIO;
}

static char *hash_for(const char *in, enum ks_version ver, unsigned *hashed)
{
	unsigned seed = 1;
	char *out = NULL;
	size_t n = 0;
	CHECK_INT(ks_template_hash_passwords(in, strlen(in), ver, counter_random, &seed, &out, &n, hashed),
		  0);
	CHECK(out && n == strlen(out));
	return out;
}

static char *hash(const char *in, unsigned *hashed) { return hash_for(in, KS_RHEL9, hashed); }

/* The $6$ hash that follows `prefix` in text verifies `clear`. */
static bool verifies(const char *text, const char *prefix, const char *clear)
{
	const char *p = strstr(text, prefix);
	if (!p)
		return false;
	p += strlen(prefix);
	char h[256];
	size_t n = strcspn(p, " \t\r\n");
	if (n >= sizeof(h) || strncmp(p, "$6$", 3) != 0)
		return false;
	memcpy(h, p, n);
	h[n] = '\0';
	struct crypt_data cd;
	memset(&cd, 0, sizeof(cd));
	const char *c = crypt_r(clear, h, &cd);
	return c && strcmp(c, h) == 0;
}

/* Replaces each "$6$..." hash by "HASH" so lines can be compared. */
static void mask(char *s)
{
	char *p;
	while ((p = strstr(s, "$6$"))) {
		size_t n = strcspn(p, " \t\r\n");
		memcpy(p, "HASH", 4);
		memmove(p + 4, p + n, strlen(p + n) + 1);
	}
}

TEST(passwords_hashed_in_place)
{
	unsigned n = 99;
	char *out = hash("rootpw secret\n", &n);
	CHECK_INT(n, 1);
	CHECK(out && verifies(out, "rootpw --iscrypted ", "secret"));
	CHECK(out && !strstr(out, "secret"));
	free(out);

	out = hash("  rootpw --plaintext \"my secret\" --lock # root\r\n", &n);
	CHECK_INT(n, 1);
	CHECK(out && verifies(out, "rootpw --iscrypted ", "my secret"));
	if (out) {
		mask(out);
		CHECK_STR(out, "  rootpw --iscrypted HASH --lock # root\r\n");
	}
	free(out);

	/* abbreviations are what argparse accepts: --plain is --plaintext */
	out = hash("rootpw --plain pw\n", &n);
	if (out) {
		mask(out);
		CHECK_STR(out, "rootpw --iscrypted HASH\n");
	}
	free(out);

	out = hash("user --name={{ hostname }}-admin --groups=wheel --password=pw1 --gecos=\"A B\"\n"
		   "user --name=b --plaintext --password old --password new\n"
		   "sshpw --username=install inst\n",
		   &n);
	CHECK_INT(n, 3);
	CHECK(out && verifies(out, "--name={{ hostname }}-admin --groups=wheel --iscrypted --password=",
			      "pw1"));
	CHECK(out && verifies(out, "user --name=b --iscrypted --password=", "new"));
	CHECK(out && verifies(out, "sshpw --iscrypted --username=install ", "inst"));
	CHECK(out && !strstr(out, "old") && !strstr(out, "plaintext"));
	if (out) {
		mask(out);
		CHECK_STR(out, "user --name={{ hostname }}-admin --groups=wheel --iscrypted --password=HASH"
			       " --gecos=\"A B\"\n"
			       "user --name=b --iscrypted --password=HASH\n"
			       "sshpw --iscrypted --username=install HASH\n");
	}
	free(out);
	/* after "--" every word is positional: --iscrypted must come first,
	 * and hashing what was hashed changes nothing */
	out = hash("sshpw --username=u -- s\n", &n);
	CHECK_INT(n, 1);
	CHECK(out && verifies(out, "sshpw --iscrypted --username=u -- ", "s"));
	if (out) {
		char *again = hash(out, &n);
		CHECK_INT(n, 0);
		CHECK(again && !strcmp(again, out));
		free(again);
	}
	free(out);
}

TEST(passwords_left_alone)
{
	const char *keep =
		"# rootpw secret\n"
		"rootpw --iscrypted $6$abc$def\n"
		"rootpw --plaintext --iscrypted $6$abc$def\n"
		"rootpw --lock\n"
		"user --name=x --password={{ token }}\n"
		"user --name=y --iscrypted --password=$6$abc$def\n"
		"user --name=z\n"
		"rootpw \"unbalanced\n"
		"rootpw a b\n"
		"%post\n"
		"rootpw secret\n"
		"user --name=q --password=pw\n"
		"%end\n"
		"%pre --interpreter=/bin/sh\n"
		"rootpw secret\n"
		"%end\n"
		"bootloader --iscrypted --password=grub.pbkdf2.sha512.10000.AB.CD\n"
		"bootloader --md5pass=$1$abc$def\n";
	unsigned n = 99;
	char *out = hash(keep, &n);
	CHECK_INT(n, 0);
	CHECK_STR(out, keep);
	free(out);

	/* a line after a closed section is a command again */
	out = hash("%packages\n@core\n%end\nrootpw x\n", &n);
	CHECK_INT(n, 1);
	CHECK(out && strncmp(out, "%packages\n@core\n%end\nrootpw --iscrypted $6$", 41) == 0);
	free(out);

	char *o = NULL;
	size_t len;
	CHECK_INT(ks_template_hash_passwords("rootpw x\n", 9, KS_RHEL9, failing_random, NULL, &o, &len,
					     &n),
		  -EIO);
	CHECK(o == NULL);
}

/* The grub.pbkdf2.sha512 hash after `prefix` in text is clear's. */
static bool grub2_verifies(const char *text, const char *prefix, const char *clear)
{
	const char *p = strstr(text, prefix);
	if (!p)
		return false;
	p += strlen(prefix);
	static const char head[] = "grub.pbkdf2.sha512.10000.";
	if (strncmp(p, head, strlen(head)) != 0)
		return false;
	const char *salt_hex = p + strlen(head);
	uint8_t salt[64];
	for (size_t i = 0; i < sizeof(salt); i++) {
		unsigned v;
		if (sscanf(salt_hex + 2 * i, "%2X", &v) != 1)
			return false;
		salt[i] = (uint8_t)v;
	}
	char again[400];
	if (ks_grub2_pbkdf2(clear, salt, sizeof(salt), 10000, again, sizeof(again)) < 0)
		return false;
	return strncmp(p, again, strlen(again)) == 0 && strchr(" \t\r\n", p[strlen(again)]);
}

TEST(bootloader_passwords_hashed_for_their_loader)
{
	unsigned n = 99;
	char *out = hash("bootloader --location=mbr --password=grubpw --append=\"quiet\"\n", &n);
	CHECK_INT(n, 1);
	CHECK(out && !strstr(out, "grubpw"));
	CHECK(out && grub2_verifies(out, "bootloader --location=mbr --iscrypted --password=", "grubpw"));
	CHECK(out && strstr(out, " --append=\"quiet\"\n"));
	free(out);

	/* GRUB legacy (EL6) reads an MD5 crypt from --md5pass */
	out = hash_for("bootloader --location=mbr --password grubpw\n", KS_RHEL6, &n);
	CHECK_INT(n, 1);
	CHECK(out && !strstr(out, "grubpw") && !strstr(out, "--password"));
	const char *m = out ? strstr(out, "--md5pass=$1$") : NULL;
	CHECK(m != NULL);
	if (m) {
		char h[128];
		size_t k = strcspn(m + 10, " \t\r\n");
		CHECK(k < sizeof(h));
		memcpy(h, m + 10, k);
		h[k] = '\0';
		struct crypt_data cd;
		memset(&cd, 0, sizeof(cd));
		const char *c = crypt_r("grubpw", h, &cd);
		CHECK(c && strcmp(c, h) == 0);
	}
	CHECK(out && ks_valid("el6", out, strlen(out), KS_RHEL6));
	free(out);
}

TEST(hashed_template_is_still_valid)
{
	const char *t = "text\nrootpw --plaintext s3cret\nuser --name=admin --password=pw --groups=wheel\n"
			"network --hostname={{ hostname }}\n";
	unsigned n;
	char *out = hash(t, &n);
	CHECK_INT(n, 2);
	char *r = NULL, *err = NULL;
	CHECK_INT(render(out, &r, &err), 0);
	CHECK(r && ks_valid("t", r, strlen(r), KS_RHEL9));
	CHECK(r && strstr(r, "network --hostname=web1.example.com\n"));
	free(r);
	free(out);
}

TEST_MAIN()
