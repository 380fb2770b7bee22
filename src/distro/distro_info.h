/* What an install tree is, read from its .treeinfo and .discinfo: family,
 * version, architecture and where its PXE kernel and initrd are. Pure: the
 * caller reads the files (through tree.h) and passes their text.
 *
 * .treeinfo comes in two shapes: the old anaconda one ([general] family,
 * version, arch; CentOS/RHEL 5-6, early 7) and productmd 1.x ([header],
 * [release] name/short/version, [tree] arch; EL7.x and later, Fedora),
 * which usually keeps a [general] section for old readers. Both name the
 * boot images in [images-ARCH] and the installer image in [stage2].
 * .discinfo is four lines: timestamp, release, architecture, disc numbers.
 *
 * Usage: distro_info_init(); distro_treeinfo_parse() and/or
 * distro_discinfo_parse() for the files the tree has; then
 * distro_info_finish() settles the family, version, major and the paths. */
#pragma once
#include <stdbool.h>
#include <stddef.h>

#define DISTRO_PATH_MAX 1024
#define DISTRO_TREEINFO_MAX (1u << 20) /* bytes read of a .treeinfo */
#define DISTRO_DISCINFO_MAX (64u << 10)

/* The families pxed knows by name; any other is kept as a lower-case slug. */
#define DISTRO_FAMILIES "centos, rhel, rocky, almalinux, fedora"

struct distro_info {
	char family[32];   /* normalised: "centos", "rhel", "rocky", "almalinux", "fedora" */
	char release[64];  /* the name the tree gives itself: "Rocky Linux", "CentOS" */
	char version[32];  /* "9.4", "7.9", "40" */
	int major;	   /* 9, 7, 40 */
	char arch[16];	   /* "x86_64" */
	char kernel[DISTRO_PATH_MAX]; /* paths inside the tree */
	char initrd[DISTRO_PATH_MAX];
	char stage2[DISTRO_PATH_MAX]; /* [stage2] mainimage, "" when not named */
	bool family_known;	      /* family is one of DISTRO_FAMILIES */
	bool kernel_named, initrd_named; /* false: the usual path was assumed */
	bool have_treeinfo, have_discinfo;

	/* gathered by the parsers, settled by distro_info_finish */
	struct distro_raw {
		char release_short[64], release_name[64], release_version[32];
		char general_family[64], general_name[64], general_version[32];
		char tree_arch[16], general_arch[16];
		char disc_release[64], disc_arch[16];
		struct distro_image {
			char arch[16];
			char kernel[DISTRO_PATH_MAX], initrd[DISTRO_PATH_MAX];
			unsigned kernel_line, initrd_line;
		} images[8];
		unsigned n_images;
		char treeinfo_name[256];
	} raw;
};

struct discinfo {
	char timestamp[32];
	char release[64];
	char arch[16];
	char discs[32]; /* "1", "1,2", "ALL"; "" when the line is absent */
};

void distro_info_init(struct distro_info *d);

/* name is used in messages: "NAME:LINE: what". 0, or -EINVAL with err set
 * (a malformed line, a duplicate key we use, a path that leaves the tree,
 * a value too long for its field). */
int distro_treeinfo_parse(struct distro_info *d, const char *name, const char *text, size_t len,
			  char *err, size_t errlen);

int distro_discinfo_parse(const char *name, const char *text, size_t len, struct discinfo *ret,
			  char *err, size_t errlen);
/* Records a parsed .discinfo in d. */
void distro_info_add_discinfo(struct distro_info *d, const struct discinfo *di);

/* Settles the fields: family (normalised), version and major, arch, kernel
 * and initrd (the usual images/pxeboot paths when .treeinfo names none).
 * -EINVAL with err set when something essential cannot be told. */
int distro_info_finish(struct distro_info *d, char *err, size_t errlen);

/* "centos" for "CentOS Linux", "rhel" for "Red Hat Enterprise Linux", ...
 * Returns false and writes a lower-case slug of name for an unknown one. */
bool distro_family_normalise(const char *name, char *out, size_t outlen);

/* s is non-empty and holds only ASCII letters, digits and characters of
 * punct: what versions, architectures and timestamps are made of. */
bool distro_word_ok(const char *s, const char *punct);

/* A path inside a tree from a file: relative, no "..", no control bytes;
 * "." and empty components are dropped. 0, or -EINVAL. */
int distro_clean_path(const char *in, size_t len, char *out, size_t outlen);
