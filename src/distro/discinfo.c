/* .discinfo: line 1 a timestamp, 2 the release ("7.9", "Final", "Red Hat
 * Enterprise Linux 6.10"), 3 the architecture, 4 the disc numbers; older
 * trees add directory names after that, which pxed does not need. */
#include "distro/distro_info.h"

#include <errno.h>
#include <stdio.h>
#include <string.h>

#include "core/str.h"

static int bad(const char *name, unsigned line, char *err, size_t errlen, const char *what)
{
	snprintf(err, errlen, "%s:%u: %s", name, line, what);
	return -EINVAL;
}

/* seconds, with at most one '.' */
static bool timestamp_ok(const char *s)
{
	const char *dot = strchr(s, '.');
	return s[0] >= '0' && s[0] <= '9' && strspn(s, "0123456789.") == strlen(s) &&
	       (!dot || !strchr(dot + 1, '.'));
}

int distro_discinfo_parse(const char *name, const char *text, size_t len, struct discinfo *ret,
			  char *err, size_t errlen)
{
	struct discinfo di = { 0 };
	char *const dst[4] = { di.timestamp, di.release, di.arch, di.discs };
	const size_t size[4] = { sizeof(di.timestamp), sizeof(di.release), sizeof(di.arch),
				 sizeof(di.discs) };
	static const char *const what[4] = { "timestamp", "release", "architecture", "disc numbers" };
	size_t pos = 0;
	unsigned line;
	for (line = 1; line <= 4 && pos < len; line++) {
		const char *l = text + pos;
		const char *nl = memchr(l, '\n', len - pos);
		size_t ll = nl ? (size_t)(nl - l) : len - pos;
		pos += ll + 1;
		while (ll && (l[ll - 1] == '\r' || l[ll - 1] == ' ' || l[ll - 1] == '\t'))
			ll--;
		while (ll && (*l == ' ' || *l == '\t')) {
			l++;
			ll--;
		}
		char msg[96];
		if (ll >= size[line - 1]) {
			snprintf(msg, sizeof(msg), "%s too long", what[line - 1]);
			return bad(name, line, err, errlen, msg);
		}
		for (size_t i = 0; i < ll; i++) {
			if ((unsigned char)l[i] < 0x20 || l[i] == 0x7f) {
				snprintf(msg, sizeof(msg), "control character in the %s", what[line - 1]);
				return bad(name, line, err, errlen, msg);
			}
		}
		memcpy(dst[line - 1], l, ll);
		dst[line - 1][ll] = '\0';
	}
	if (!di.timestamp[0] || !timestamp_ok(di.timestamp))
		return bad(name, 1, err, errlen, "expected a timestamp (seconds, like 1714869580.183464)");
	if (!di.release[0])
		return bad(name, 2, err, errlen, "missing release");
	if (!distro_word_ok(di.arch, "_"))
		return bad(name, 3, err, errlen, "expected an architecture (like x86_64)");
	*ret = di;
	return 0;
}

void distro_info_add_discinfo(struct distro_info *d, const struct discinfo *di)
{
	(void)str_copy(d->raw.disc_release, sizeof(d->raw.disc_release), di->release);
	(void)str_copy(d->raw.disc_arch, sizeof(d->raw.disc_arch), di->arch);
	d->have_discinfo = true;
}
