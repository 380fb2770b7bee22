/* Kickstart templates on arbitrary bytes: rendering, the tracking sections,
 * validation and password hashing. The first byte picks the distro's
 * version. Contracts checked: a template that renders leaves no `{{` in
 * its output; hashing keeps the number of lines, and hashing its own
 * output again finds no clear password left. */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "kickstart/ks_lex.h"
#include "provision/ks_template.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

#define MAX_INPUT (64 * 1024)

static int counter_random(void *ctx, uint8_t *buf, size_t len)
{
	unsigned *n = ctx;
	for (size_t i = 0; i < len; i++)
		buf[i] = (uint8_t)(*n * 7 + i);
	(*n)++;
	return 0;
}

static size_t lines(const char *p, size_t len)
{
	size_t off = 0, n = 0;
	struct ks_line l;
	while (ks_next_line(p, len, &off, &l))
		n++;
	return n;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	if (size < 1 || size > MAX_INPUT)
		return 0;
	static const struct {
		const char *family;
		int major;
	} distros[] = { { "centos", 6 }, { "centos", 7 }, { "rocky", 8 }, { "rocky", 9 },
			{ "almalinux", 10 }, { "fedora", 40 } };
	size_t nd = sizeof(distros) / sizeof(distros[0]);
	const char *family = distros[data[0] % nd].family;
	int major = distros[data[0] % nd].major;
	const char *tmpl = (const char *)data + 1;
	size_t len = size - 1;

	struct ks_vars v;
	ks_vars_sample(&v, "fuzz", "distro");
	char *out = NULL, *err = NULL;
	size_t n = 0;
	if (ks_template_render("fuzz.ks", tmpl, len, &v, &out, &n, &err) == 0) {
		if (memmem(out, n, "{{", 2))
			abort();
		free(out);
	}
	free(err);
	out = err = NULL;
	if (ks_template_build("fuzz.ks", tmpl, len, &v, family, major, &out, &n, &err) == 0 &&
	    (n < len || memmem(out, n, "{{", 2)))
		abort();
	free(out);
	free(err);

	enum ks_version ver;
	if (ks_template_version(family, major, &ver) < 0)
		return 0;
	unsigned seed = 1, hashed = 0, again = 0;
	char *h1 = NULL, *h2 = NULL;
	size_t l1 = 0, l2 = 0;
	if (ks_template_hash_passwords(tmpl, len, ver, counter_random, &seed, &h1, &l1, &hashed) == 0) {
		if (lines(h1, l1) != lines(tmpl, len))
			abort();
		if (ks_template_hash_passwords(h1, l1, ver, counter_random, &seed, &h2, &l2, &again) ==
			    0 &&
		    (again != 0 || l2 != l1 || memcmp(h1, h2, l1) != 0)) {
			fprintf(stderr, "not idempotent:\n%.*s---\n%.*s\n", (int)l1, h1, (int)l2, h2);
			abort();
		}
	}
	free(h1);
	free(h2);
	return 0;
}
