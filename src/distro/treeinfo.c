/* .treeinfo: the keys pxed uses, from either the old anaconda layout or
 * productmd's, gathered into distro_info.raw for distro_info_finish. */
#include "distro/distro_info.h"

#include <errno.h>
#include <stdio.h>
#include <string.h>

#include "core/str.h"
#include "distro/ini.h"

/* One key of interest: where it goes and the line that set it, so that a
 * second occurrence is an error (as in configparser, which anaconda uses). */
struct field {
	const char *section, *key;
	size_t offset, size; /* of the destination in struct distro_raw */
};

#define RAW(f) offsetof(struct distro_raw, f), sizeof(((struct distro_raw *)0)->f)
static const struct field fields[] = {
	{ "release", "short", RAW(release_short) },
	{ "release", "name", RAW(release_name) },
	{ "release", "version", RAW(release_version) },
	{ "general", "family", RAW(general_family) },
	{ "general", "name", RAW(general_name) },
	{ "general", "version", RAW(general_version) },
	{ "general", "arch", RAW(general_arch) },
	{ "tree", "arch", RAW(tree_arch) },
};
#define N_FIELDS (sizeof(fields) / sizeof(fields[0]))

struct parse {
	struct distro_info *d;
	const char *name;
	unsigned lines[N_FIELDS];
	unsigned stage2_line;
};

static int fail_at(const struct parse *p, const struct ini_item *it, char *err, size_t errlen,
		   const char *what)
{
	char key[64];
	str_escape(key, sizeof(key), it->key, it->key_len);
	snprintf(err, errlen, "%s:%u: %s: %s", p->name, it->line, key, what);
	return -EINVAL;
}

static int copy_value(const struct parse *p, const struct ini_item *it, char *dst, size_t size,
		      char *err, size_t errlen)
{
	if (it->value_len >= size)
		return fail_at(p, it, err, errlen, "value too long");
	for (size_t i = 0; i < it->value_len; i++)
		if ((unsigned char)it->value[i] < 0x20 || it->value[i] == 0x7f)
			return fail_at(p, it, err, errlen, "control character in the value");
	memcpy(dst, it->value, it->value_len);
	dst[it->value_len] = '\0';
	return 0;
}

static int duplicate(const struct parse *p, const struct ini_item *it, unsigned first, char *err,
		     size_t errlen)
{
	char what[64];
	snprintf(what, sizeof(what), "given twice (first on line %u)", first);
	return fail_at(p, it, err, errlen, what);
}

static int copy_path(const struct parse *p, const struct ini_item *it, char *dst, size_t size,
		     char *err, size_t errlen)
{
	if (distro_clean_path(it->value, it->value_len, dst, size) < 0)
		return fail_at(p, it, err, errlen,
			       "not a path inside the tree (absolute, \"..\", empty or too long)");
	return 0;
}

static struct distro_image *image_section(struct distro_info *d, const struct ini_item *it)
{
	const char *arch = it->section + 7;
	size_t len = it->section_len - 7;
	struct distro_raw *raw = &d->raw;
	for (unsigned i = 0; i < raw->n_images; i++)
		if (ini_is(arch, len, raw->images[i].arch))
			return &raw->images[i];
	if (raw->n_images == sizeof(raw->images) / sizeof(raw->images[0]) ||
	    len >= sizeof(raw->images[0].arch))
		return NULL; /* more image sections than any tree has: ignored */
	struct distro_image *im = &raw->images[raw->n_images++];
	memcpy(im->arch, arch, len);
	im->arch[len] = '\0';
	return im;
}

static int image_key(struct parse *p, const struct ini_item *it, char *err, size_t errlen)
{
	bool kernel = ini_is_nocase(it->key, it->key_len, "kernel");
	if (!kernel && !ini_is_nocase(it->key, it->key_len, "initrd"))
		return 0;
	struct distro_image *im = image_section(p->d, it);
	if (!im)
		return 0;
	unsigned *line = kernel ? &im->kernel_line : &im->initrd_line;
	if (*line)
		return duplicate(p, it, *line, err, errlen);
	*line = it->line;
	return copy_path(p, it, kernel ? im->kernel : im->initrd, DISTRO_PATH_MAX, err, errlen);
}

static int on_item(void *ctx, const struct ini_item *it, char *err, size_t errlen)
{
	struct parse *p = ctx;
	if (it->section_len > 7 && memcmp(it->section, "images-", 7) == 0)
		return image_key(p, it, err, errlen);
	if (ini_is(it->section, it->section_len, "stage2") &&
	    ini_is_nocase(it->key, it->key_len, "mainimage")) {
		if (p->stage2_line)
			return duplicate(p, it, p->stage2_line, err, errlen);
		p->stage2_line = it->line;
		return copy_path(p, it, p->d->stage2, sizeof(p->d->stage2), err, errlen);
	}
	for (size_t i = 0; i < N_FIELDS; i++) {
		const struct field *f = &fields[i];
		if (!ini_is(it->section, it->section_len, f->section) ||
		    !ini_is_nocase(it->key, it->key_len, f->key))
			continue;
		if (p->lines[i])
			return duplicate(p, it, p->lines[i], err, errlen);
		p->lines[i] = it->line;
		return copy_value(p, it, (char *)&p->d->raw + f->offset, f->size, err, errlen);
	}
	return 0;
}

int distro_treeinfo_parse(struct distro_info *d, const char *name, const char *text, size_t len,
			  char *err, size_t errlen)
{
	struct parse p = { .d = d, .name = name };
	int r = ini_parse(name, text, len, on_item, &p, err, errlen);
	if (r < 0)
		return r;
	d->have_treeinfo = true;
	(void)str_copy(d->raw.treeinfo_name, sizeof(d->raw.treeinfo_name), name);
	return 0;
}
