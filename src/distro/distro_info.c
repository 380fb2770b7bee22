/* Settling what a tree is from what .treeinfo and .discinfo said. */
#include "distro/distro_info.h"

#include <errno.h>
#include <stdio.h>
#include <string.h>

#include "core/str.h"

#define DEFAULT_KERNEL "images/pxeboot/vmlinuz"
#define DEFAULT_INITRD "images/pxeboot/initrd.img"

void distro_info_init(struct distro_info *d)
{
	memset(d, 0, sizeof(*d));
}

int distro_clean_path(const char *in, size_t len, char *out, size_t outlen)
{
	if (len == 0 || in[0] == '/' || outlen == 0)
		return -EINVAL;
	size_t o = 0, pos = 0;
	while (pos < len) {
		const char *c = in + pos;
		const char *slash = memchr(c, '/', len - pos);
		size_t cl = slash ? (size_t)(slash - c) : len - pos;
		pos += cl + 1;
		if (cl == 0 || (cl == 1 && c[0] == '.'))
			continue;
		if (cl == 2 && c[0] == '.' && c[1] == '.')
			return -EINVAL;
		for (size_t i = 0; i < cl; i++)
			if ((unsigned char)c[i] < 0x20 || c[i] == 0x7f || c[i] == '\\')
				return -EINVAL;
		if (o + (o > 0) + cl >= outlen)
			return -EINVAL;
		if (o > 0)
			out[o++] = '/';
		memcpy(out + o, c, cl);
		o += cl;
	}
	if (o == 0)
		return -EINVAL;
	out[o] = '\0';
	return 0;
}

/* Lower-case letters and digits only: "Red Hat Enterprise Linux" and
 * "redhat-enterprise-linux" compare the same. */
static void squash(const char *s, char *out, size_t outlen)
{
	size_t o = 0;
	for (; *s && o + 1 < outlen; s++) {
		char c = *s;
		if (c >= 'A' && c <= 'Z')
			c = (char)(c - 'A' + 'a');
		if ((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9'))
			out[o++] = c;
	}
	out[o] = '\0';
}

static void slug(const char *s, char *out, size_t outlen)
{
	size_t o = 0;
	bool dash = false;
	for (; *s && o + 2 < outlen; s++) {
		char c = *s;
		if (c >= 'A' && c <= 'Z')
			c = (char)(c - 'A' + 'a');
		if ((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9')) {
			if (dash && o > 0)
				out[o++] = '-';
			out[o++] = c;
			dash = false;
		} else {
			dash = true;
		}
	}
	out[o] = '\0';
}

bool distro_family_normalise(const char *name, char *out, size_t outlen)
{
	static const struct {
		const char *match, *family;
		bool prefix; /* match only at the start: "rhel" inside another word is not RHEL */
	} known[] = {
		{ "redhat", "rhel", false }, { "rhel", "rhel", true },	    { "centos", "centos", false },
		{ "rocky", "rocky", false }, { "alma", "almalinux", false }, { "fedora", "fedora", false },
	};
	char sq[128];
	squash(name, sq, sizeof(sq));
	for (size_t i = 0; i < sizeof(known) / sizeof(known[0]); i++) {
		const char *at = strstr(sq, known[i].match);
		if (at && (!known[i].prefix || at == sq)) {
			(void)str_copy(out, outlen, known[i].family);
			return true;
		}
	}
	slug(name, out, outlen);
	return false;
}

static const char *first_set(const char *a, const char *b, const char *c, const char *d)
{
	const char *v[] = { a, b, c, d };
	for (size_t i = 0; i < 4; i++)
		if (v[i] && v[i][0])
			return v[i];
	return "";
}

static int settle_family(struct distro_info *d, char *err, size_t errlen)
{
	const struct distro_raw *r = &d->raw;
	const char *cands[] = { r->release_short, r->release_name, r->general_family, r->general_name,
				r->disc_release };
	for (size_t i = 0; i < sizeof(cands) / sizeof(cands[0]); i++) {
		if (cands[i][0] && distro_family_normalise(cands[i], d->family, sizeof(d->family))) {
			d->family_known = true;
			break;
		}
	}
	const char *shown = first_set(r->release_name, r->general_family, r->release_short,
				      r->general_name);
	if (!d->family_known) {
		/* .discinfo's release line is "7.9" or "Final" as often as a
		 * name: only a .treeinfo name is trusted as an unknown family */
		if (!shown[0]) {
			snprintf(err, errlen,
				 "cannot tell the distribution: %s names no family (.discinfo release \"%s\")",
				 d->have_treeinfo ? d->raw.treeinfo_name : "no .treeinfo, and .discinfo",
				 r->disc_release);
			return -EINVAL;
		}
		distro_family_normalise(shown, d->family, sizeof(d->family));
		if (!d->family[0]) {
			snprintf(err, errlen, "%s: family \"%s\" has no letters or digits",
				 d->raw.treeinfo_name, shown);
			return -EINVAL;
		}
	}
	(void)str_copy(d->release, sizeof(d->release), shown[0] ? shown : r->disc_release);
	return 0;
}

/* The first word of a .discinfo release line that starts with a digit:
 * "6.10" in "Red Hat Enterprise Linux 6.10", nothing in "Final". */
static void version_from_release(const char *rel, char *out, size_t outlen)
{
	out[0] = '\0';
	for (const char *p = rel; *p; p++) {
		if (*p >= '0' && *p <= '9' && (p == rel || p[-1] == ' ')) {
			size_t n = strcspn(p, " ");
			if (n < outlen) {
				memcpy(out, p, n);
				out[n] = '\0';
			}
			return;
		}
	}
}

bool distro_word_ok(const char *s, const char *punct)
{
	if (!*s)
		return false;
	for (; *s; s++)
		if (!((*s >= '0' && *s <= '9') || (*s >= 'a' && *s <= 'z') || (*s >= 'A' && *s <= 'Z') ||
		      strchr(punct, *s)))
			return false;
	return true;
}

static int settle_version(struct distro_info *d, char *err, size_t errlen)
{
	const struct distro_raw *r = &d->raw;
	char disc[32];
	version_from_release(r->disc_release, disc, sizeof(disc));
	const char *v = first_set(r->release_version, r->general_version, disc, NULL);
	/* productmd trees of CentOS 7 say "7" where .discinfo says "7.9" */
	size_t n = strlen(v);
	if (v != disc && !strchr(v, '.') && strncmp(disc, v, n) == 0 && disc[n] == '.')
		v = disc;
	if (!v[0]) {
		snprintf(err, errlen, "%s: no version ([release] or [general] version)%s",
			 d->have_treeinfo ? r->treeinfo_name : ".discinfo",
			 d->have_discinfo ? ", and none in .discinfo's release line" : "");
		return -EINVAL;
	}
	if (!distro_word_ok(v, ".-_+~")) {
		char shown[64];
		str_escape(shown, sizeof(shown), v, strlen(v));
		snprintf(err, errlen, "%s: version \"%s\" has characters other than letters, digits and ._-+~",
			 d->have_treeinfo ? r->treeinfo_name : ".discinfo", shown);
		return -EINVAL;
	}
	(void)str_copy(d->version, sizeof(d->version), v);
	char digits[8];
	size_t k = strspn(v, "0123456789");
	int64_t major = 0;
	if (k == 0 || k >= sizeof(digits)) {
		snprintf(err, errlen, "%s: version \"%s\" does not start with a release number",
			 d->have_treeinfo ? r->treeinfo_name : ".discinfo", v);
		return -EINVAL;
	}
	memcpy(digits, v, k);
	digits[k] = '\0';
	if (str_to_int64(digits, 1, 9999, &major) < 0) {
		snprintf(err, errlen, "%s: version \"%s\": release number out of range",
			 d->have_treeinfo ? r->treeinfo_name : ".discinfo", v);
		return -EINVAL;
	}
	d->major = (int)major;
	return 0;
}

static int settle_arch(struct distro_info *d, char *err, size_t errlen)
{
	const struct distro_raw *r = &d->raw;
	const char *a = first_set(r->tree_arch, r->general_arch, r->disc_arch, NULL);
	if (!distro_word_ok(a, "_")) {
		snprintf(err, errlen, "%s: %s", d->have_treeinfo ? r->treeinfo_name : ".discinfo",
			 a[0] ? "architecture has characters other than letters, digits and _"
			      : "no architecture ([tree] or [general] arch, or .discinfo line 3)");
		return -EINVAL;
	}
	(void)str_copy(d->arch, sizeof(d->arch), a);
	return 0;
}

static void settle_images(struct distro_info *d)
{
	const struct distro_image *im = NULL;
	for (unsigned i = 0; i < d->raw.n_images; i++)
		if (strcmp(d->raw.images[i].arch, d->arch) == 0)
			im = &d->raw.images[i];
	d->kernel_named = im && im->kernel_line;
	d->initrd_named = im && im->initrd_line;
	(void)str_copy(d->kernel, sizeof(d->kernel), d->kernel_named ? im->kernel : DEFAULT_KERNEL);
	(void)str_copy(d->initrd, sizeof(d->initrd), d->initrd_named ? im->initrd : DEFAULT_INITRD);
}

int distro_info_finish(struct distro_info *d, char *err, size_t errlen)
{
	if (!d->have_treeinfo && !d->have_discinfo) {
		snprintf(err, errlen, "not an install tree: no .treeinfo or .discinfo");
		return -EINVAL;
	}
	int r = settle_family(d, err, errlen);
	if (r >= 0)
		r = settle_version(d, err, errlen);
	if (r >= 0)
		r = settle_arch(d, err, errlen);
	if (r >= 0)
		settle_images(d);
	return r;
}
