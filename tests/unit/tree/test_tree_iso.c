/* ISO images as trees: images built during the test by xorriso and
 * genisoimage from a synthetic tree (Rock Ridge and Joliet names, deep
 * directories, long and odd names, a big-ish file, a directory of many
 * files, symlinks of every kind) must list like the source and serve every
 * file byte for byte; images written here block by block cover what the
 * tools do not write (files in several extents, loops, damage). */
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <ftw.h>
#include <limits.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "test.h"
#include "tree/tree_dir.h"
#include "tree/tree_iso.h"

static char lab[64];  /* the test's directory */
static char src[128]; /* the synthetic tree */

static void run(const char *cmd)
{
	if (system(cmd) != 0) {
		fprintf(stderr, "command failed: %s\n", cmd);
		exit(2);
	}
}

static bool have(const char *tool)
{
	char cmd[128];
	snprintf(cmd, sizeof(cmd), "command -v %s >/dev/null 2>&1", tool);
	return system(cmd) == 0;
}

static int rm_entry(const char *path, const struct stat *sb, int flag, struct FTW *ftw)
{
	(void)sb, (void)flag, (void)ftw;
	return remove(path);
}

static void cleanup(void)
{
	if (lab[0])
		nftw(lab, rm_entry, 16, FTW_DEPTH | FTW_PHYS);
}

/* Deterministic bytes that differ at every offset and between files. */
static void fill(uint8_t *buf, size_t n, uint64_t seed)
{
	uint64_t x = seed * 0x9e3779b97f4a7c15ull + 1;
	for (size_t i = 0; i < n; i++) {
		x ^= x << 13, x ^= x >> 7, x ^= x << 17;
		buf[i] = (uint8_t)x;
	}
}

static void put(const char *rel, size_t size, uint64_t seed)
{
	char p[PATH_MAX];
	snprintf(p, sizeof(p), "%s/%s", src, rel);
	uint8_t *buf = malloc(size ? size : 1);
	fill(buf, size, seed);
	FILE *f = fopen(p, "wb");
	if (!f || fwrite(buf, 1, size, f) != size) {
		perror(p);
		exit(2);
	}
	fclose(f);
	free(buf);
}

static void dir(const char *rel)
{
	char p[PATH_MAX];
	snprintf(p, sizeof(p), "%s/%s", src, rel);
	if (mkdir(p, 0755) < 0 && errno != EEXIST) {
		perror(p);
		exit(2);
	}
}

static void link_at(const char *target, const char *rel)
{
	char p[PATH_MAX];
	snprintf(p, sizeof(p), "%s/%s", src, rel);
	if (symlink(target, p) < 0) {
		perror(p);
		exit(2);
	}
}

static char long_name[256];

static void make_source(void)
{
	snprintf(lab, sizeof(lab), "/tmp/pxed-iso-XXXXXX");
	if (!mkdtemp(lab)) {
		perror("mkdtemp");
		exit(2);
	}
	atexit(cleanup);
	snprintf(src, sizeof(src), "%s/src", lab);
	dir("");
	dir("images");
	dir("images/pxeboot");
	put(".treeinfo", 700, 1);
	put("images/pxeboot/vmlinuz", 70000, 2);
	put("images/pxeboot/initrd.img", 300000, 3);
	put("big.img", 24u << 20, 4); /* many blocks; larger than any read chunk */
	put("empty", 0, 5);
	put("README", 10, 6);
	put("Makefile", 11, 7);
	put("makefile", 12, 8);
	put("name with spaces.txt", 13, 9);
	put("\xc3\xbc" "n\xc3\xaf" "c\xc3\xb8" "d\xc3\xa9.txt", 14, 10); /* UTF-8 */
	put("many.dots.in.the.name.tar.gz", 15, 11);
	memset(long_name, 'L', 250);
	memcpy(long_name + 250, ".txt", 5); /* 254 bytes: Rock Ridge continuation areas */
	put(long_name, 16, 12);
	/* deeper than ISO 9660's 8 levels: genisoimage relocates, xorriso does not */
	char deep[512] = "";
	for (int i = 0; i < 12; i++) {
		size_t n = strlen(deep);
		snprintf(deep + n, sizeof(deep) - n, "%sd%d", n ? "/" : "", i);
		dir(deep);
	}
	strcat(deep, "/deep.txt");
	put(deep, 17, 13);
	/* one directory spanning many blocks */
	dir("Packages");
	for (int i = 0; i < 1500; i++) {
		char p[128];
		snprintf(p, sizeof(p), "Packages/package-%04d-1.0-1.el9.x86_64.rpm", i);
		put(p, (size_t)(i % 7) * 300 + 1, 100 + (uint64_t)i);
	}
	/* symlinks: those that stay inside are served as what they name */
	dir("links");
	link_at("../images/pxeboot/vmlinuz", "links/kernel");
	link_at("../images", "links/images");
	link_at("chain2", "links/chain1");
	link_at("kernel", "links/chain2");
	link_at("images/pxeboot/initrd.img", "links/through-dir-link");
	link_at(".", "links/self");
	/* ... and the others are left out */
	link_at("/etc/passwd", "links/absolute");
	link_at("../../outside", "links/escape");
	link_at("nothing-here", "links/dangling");
	link_at("loop-b", "links/loop-a");
	link_at("loop-a", "links/loop-b");
}

/* ---- comparing an ISO tree with the source ------------------------------------ */

struct names {
	char **v;
	size_t n;
};

static int add_name(void *ctx, const struct tree_dirent *e)
{
	struct names *l = ctx;
	l->v = realloc(l->v, (l->n + 1) * sizeof(*l->v));
	l->v[l->n++] = strdup(e->name);
	return 0;
}

static void free_names(struct names *l)
{
	for (size_t i = 0; i < l->n; i++)
		free(l->v[i]);
	free(l->v);
}

static bool same_bytes(const struct tree_file *a, const struct tree_file *b)
{
	if (a->size != b->size)
		return false;
	static uint8_t x[1 << 20], y[1 << 20];
	for (uint64_t off = 0; off < a->size;) {
		size_t n = a->size - off < sizeof(x) ? (size_t)(a->size - off) : sizeof(x);
		if (pread(a->fd, x, n, (off_t)(a->offset + off)) != (ssize_t)n ||
		    pread(b->fd, y, n, (off_t)(b->offset + off)) != (ssize_t)n || memcmp(x, y, n) != 0)
			return false;
		off += n;
	}
	return true;
}

/* What the source entry at rel is once links are followed inside the
 * source: 1 a file, 2 a directory, 0 left out of an image. */
static int expected_kind(const char *top, const char *rel, bool *is_link)
{
	char p[PATH_MAX + 256], real[PATH_MAX];
	snprintf(p, sizeof(p), "%s/%s", top, rel);
	struct stat st;
	if (lstat(p, &st) < 0)
		return 0;
	*is_link = S_ISLNK(st.st_mode);
	if (*is_link) {
		char target[PATH_MAX];
		ssize_t n = readlink(p, target, sizeof(target) - 1);
		if (n <= 0 || target[0] == '/')
			return 0;
		size_t tn = strlen(top);
		if (!realpath(p, real) || strncmp(real, top, tn) != 0 ||
		    (real[tn] != '/' && real[tn] != '\0'))
			return 0;
		if (stat(real, &st) < 0)
			return 0;
	}
	return S_ISDIR(st.st_mode) ? 2 : 1;
}

struct compare {
	const char *top; /* the source directory */
	struct tree *iso, *dir;
	size_t files, links, dirs;
	bool check_mtime;
};

static void compare_dir(struct compare *c, const char *rel)
{
	struct names want = { 0 }, got = { 0 };
	CHECK_INT(tree_list(c->dir, rel, add_name, &want), 0);
	int r = tree_list(c->iso, rel, add_name, &got);
	if (r != 0) {
		fprintf(stderr, "listing %s in the image: %d\n", rel, r);
		test_failures++;
	}
	size_t g = 0;
	for (size_t i = 0; i < want.n; i++) {
		char p[PATH_MAX];
		snprintf(p, sizeof(p), "%s%s%s", rel, *rel ? "/" : "", want.v[i]);
		bool is_link = false;
		int kind = expected_kind(c->top, p, &is_link);
		if (kind == 0) {
			struct tree_file f;
			CHECK(tree_open(c->iso, p, &f) < 0);
			continue;
		}
		if (g >= got.n || strcmp(got.v[g], want.v[i]) != 0) {
			fprintf(stderr, "%s: expected in the image's listing (got %s)\n", p,
				g < got.n ? got.v[g] : "the end");
			test_failures++;
			continue;
		}
		g++;
		struct tree_file fi, fd;
		CHECK_INT(tree_open(c->iso, p, &fi), 0);
		CHECK_INT(tree_open(c->dir, p, &fd), 0);
		CHECK_INT(fi.is_dir, kind == 2);
		if (kind == 1) {
			if (!same_bytes(&fi, &fd)) {
				fprintf(stderr, "%s: bytes differ between the image and the source\n", p);
				test_failures++;
			}
			if (c->check_mtime && !is_link)
				CHECK_INT(fi.mtime.tv_sec, fd.mtime.tv_sec);
			CHECK(!fi.owns_fd);
			c->files++;
		}
		c->links += is_link;
		tree_file_close(&fd);
		tree_file_close(&fi);
		if (kind == 2 && !is_link) {
			c->dirs++;
			compare_dir(c, p);
		}
	}
	if (g != got.n) {
		fprintf(stderr, "%s: the image lists %zu entries more than expected\n", rel, got.n - g);
		test_failures++;
	}
	for (size_t i = 1; i < got.n; i++)
		CHECK(strcmp(got.v[i - 1], got.v[i]) < 0); /* byte order, no duplicates */
	free_names(&want);
	free_names(&got);
}

static struct tree *open_iso(const char *path, const struct iso_index **ix)
{
	struct tree *t = NULL;
	char err[512] = "";
	int r = tree_iso_open(path, &t, err, sizeof(err));
	if (r < 0) {
		fprintf(stderr, "tree_iso_open: %s\n", err);
		exit(2);
	}
	*ix = tree_iso_index(t);
	return t;
}

static void compare_image(const char *iso_path, const char *dir_path, bool check_mtime,
			  struct compare *c)
{
	const struct iso_index *ix;
	char err[512];
	*c = (struct compare){ .top = dir_path, .iso = open_iso(iso_path, &ix), .check_mtime = check_mtime };
	CHECK_INT(tree_dir_open(dir_path, &c->dir, err, sizeof(err)), 0);
	compare_dir(c, "");
	tree_free(c->dir);
}

/* Writes lab/name with the tool from the directory; its path goes to path. */
static const char *make_image(const char *tool_args, const char *name, const char *from, char *path,
			      size_t len)
{
	char cmd[4096];
	snprintf(path, len, "%s/%s", lab, name);
	snprintf(cmd, sizeof(cmd), "%s -o %s %s >/dev/null 2>&1", tool_args, path, from);
	run(cmd);
	return path;
}

static const char *problems_text(const struct iso_index *ix, char *buf, size_t len)
{
	size_t o = 0;
	buf[0] = '\0';
	for (size_t i = 0; i < ix->n_problems && i < ISO_MAX_PROBLEMS; i++)
		o += (size_t)snprintf(buf + o, o < len ? len - o : 0, "%s\n", ix->problems[i]);
	return buf;
}

TEST(xorriso_rock_ridge_image_serves_the_tree)
{
	char p[256];
	make_image("xorriso -as mkisofs -R -J", "xorriso.iso", src, p, sizeof(p));
	struct compare c;
	compare_image(p, src, true, &c);
	const struct iso_index *ix = tree_iso_index(c.iso);
	CHECK_INT(ix->names, ISO_NAMES_ROCK_RIDGE);
	CHECK(c.files > 1500);
	CHECK_INT(c.links, 6);
	CHECK_INT(ix->links, 6);
	CHECK_INT(ix->links_dropped, 5);
	CHECK_INT(ix->refused, 0);
	char buf[8192];
	const char *text = problems_text(ix, buf, sizeof(buf));
	CHECK(strstr(text, "links/absolute: symlink to /etc/passwd") != NULL);
	CHECK(strstr(text, "links/escape: symlink to ../../outside") != NULL);
	CHECK(strstr(text, "links/loop-a") != NULL);
	/* files are byte ranges of the image itself */
	struct tree_file f;
	CHECK_INT(tree_open(c.iso, "big.img", &f), 0);
	CHECK_INT(f.size, 24u << 20);
	CHECK_INT(f.offset % 2048, 0);
	/* lookups: errors like a file system's */
	CHECK_INT(tree_open(c.iso, "nope", &f), -ENOENT);
	CHECK_INT(tree_open(c.iso, "README/x", &f), -ENOTDIR);
	CHECK_INT(tree_open(c.iso, "links/escape", &f), -ENOENT);
	CHECK_INT(tree_list(c.iso, "README", add_name, &(struct names){ 0 }), -ENOTDIR);
	CHECK_INT(tree_open(c.iso, "links/self/self/self/kernel", &f), 0);
	CHECK_INT(f.size, 70000);
	CHECK_INT(tree_open(c.iso, "", &f), 0);
	CHECK(f.is_dir);
	tree_free(c.iso);
}

TEST(genisoimage_relocated_deep_directories)
{
	char p[256];
	make_image("genisoimage -quiet -R -J", "genisoimage.iso", src, p, sizeof(p));
	const struct iso_index *ix;
	struct tree *t = open_iso(p, &ix);
	CHECK_INT(ix->names, ISO_NAMES_ROCK_RIDGE);
	/* deep.txt where it belongs, though genisoimage moved d8 to rr_moved */
	struct tree_file f;
	CHECK_INT(tree_open(t, "d0/d1/d2/d3/d4/d5/d6/d7/d8/d9/d10/d11/deep.txt", &f), 0);
	CHECK_INT(f.size, 17);
	CHECK_INT(tree_open(t, "d0/d1/d2/d3/d4/d5/d6/d7/d8", &f), 0);
	CHECK(f.is_dir);
	struct names l = { 0 };
	CHECK_INT(tree_list(t, "rr_moved", add_name, &l), 0);
	CHECK_INT(l.n, 0); /* relocated directories are shown at their place only */
	free_names(&l);
	tree_free(t);
	/* and the whole tree matches, rr_moved aside */
	char tmp[256];
	snprintf(tmp, sizeof(tmp), "%s/src/rr_moved", lab);
	mkdir(tmp, 0555);
	struct compare c;
	compare_image(p, src, true, &c);
	CHECK(c.files > 1500);
	rmdir(tmp);
	tree_free(c.iso);
}

TEST(joliet_and_plain_iso9660_names)
{
	/* names Joliet and ISO 9660 can carry: no links, no long names */
	char small[96], cmd[2048];
	snprintf(small, sizeof(small), "%s/small", lab);
	snprintf(cmd, sizeof(cmd),
		 "mkdir -p %s/images/pxeboot %s/EFI/BOOT && cp %s/.treeinfo %s/README %s/Makefile %s/ &&"
		 " cp %s/images/pxeboot/* %s/images/pxeboot/ && cp %s/big.img %s/EFI/BOOT/BOOTX64.EFI &&"
		 " cp '%s/name with spaces.txt' %s/",
		 small, small, src, src, src, small, src, small, src, small, src, small);
	run(cmd);
	make_image("genisoimage -quiet -J", "joliet.iso", small, cmd, sizeof(cmd));
	struct compare c;
	compare_image(cmd, small, false, &c);
	CHECK_INT(tree_iso_index(c.iso)->names, ISO_NAMES_JOLIET);
	CHECK_INT(c.files, 7);
	tree_free(c.iso);

	/* ISO 9660 names as recorded, without ";1" */
	make_image("genisoimage -quiet -iso-level 3 -l -allow-lowercase -allow-multidot", "plain.iso",
		   small, cmd, sizeof(cmd));
	const struct iso_index *ix;
	struct tree *t = open_iso(cmd, &ix);
	CHECK_INT(ix->names, ISO_NAMES_ISO9660);
	struct tree_file f;
	CHECK_INT(tree_open(t, "README", &f), 0);
	CHECK_INT(f.size, 10);
	CHECK_INT(tree_open(t, "images/pxeboot/vmlinuz", &f), 0);
	CHECK_INT(f.size, 70000);
	CHECK_INT(tree_open(t, "README;1", &f), -ENOENT);
	tree_free(t);
}

TEST(not_an_image)
{
	char p[256], err[512];
	struct tree *t;
	snprintf(p, sizeof(p), "%s/garbage.iso", lab);
	FILE *f = fopen(p, "wb");
	static uint8_t junk[1 << 20];
	fill(junk, sizeof(junk), 99);
	fwrite(junk, 1, sizeof(junk), f);
	fclose(f);
	CHECK_INT(tree_iso_open(p, &t, err, sizeof(err)), -EINVAL);
	CHECK(strstr(err, "garbage.iso: not an ISO 9660 image") != NULL);
	snprintf(p, sizeof(p), "%s/empty.iso", lab);
	fclose(fopen(p, "wb"));
	CHECK(tree_iso_open(p, &t, err, sizeof(err)) < 0);
	CHECK(strstr(err, "empty.iso: not an ISO 9660 image") != NULL);
	CHECK_INT(tree_iso_open(lab, &t, err, sizeof(err)), -EISDIR);
	snprintf(p, sizeof(p), "%s/nothere.iso", lab);
	CHECK_INT(tree_iso_open(p, &t, err, sizeof(err)), -ENOENT);
	CHECK(strstr(err, "nothere.iso: No such file") != NULL);
}

TEST(truncated_image_refuses_what_is_missing)
{
	char p[256], cmd[512];
	/* the directories come first in the image: cutting its end leaves
	 * them whole and files past the cut */
	make_image("xorriso -as mkisofs -R -J", "cut.iso", src, p, sizeof(p));
	snprintf(cmd, sizeof(cmd), "truncate -s -4M %s", p);
	run(cmd);
	const struct iso_index *ix;
	struct tree *t = open_iso(p, &ix);
	CHECK(ix->refused >= 1);
	struct tree_file f;
	int r = tree_open(t, "big.img", &f);
	if (r == 0) /* the tool put it elsewhere: then something else was cut */
		CHECK(ix->refused >= 1);
	else
		CHECK_INT(r, -EOPNOTSUPP);
	char buf[8192];
	CHECK(strstr(problems_text(ix, buf, sizeof(buf)), "extends past the end of the image") != NULL);
	tree_free(t);
}

/* ---- images written block by block -------------------------------------------- */

#define BLK 2048
static uint8_t img[64 * BLK];

static void both16(uint8_t *p, uint16_t v)
{
	p[0] = (uint8_t)v, p[1] = (uint8_t)(v >> 8), p[2] = (uint8_t)(v >> 8), p[3] = (uint8_t)v;
}

static void both32(uint8_t *p, uint32_t v)
{
	for (int i = 0; i < 4; i++) {
		p[i] = (uint8_t)(v >> (8 * i));
		p[7 - i] = (uint8_t)(v >> (8 * i));
	}
}

/* Writes a directory record at p; returns its length. */
static size_t record(uint8_t *p, const char *id, size_t id_len, uint32_t lsn, uint32_t size,
		     uint8_t flags)
{
	size_t len = 33 + id_len + (id_len % 2 == 0);
	memset(p, 0, len);
	p[0] = (uint8_t)len;
	both32(p + 2, lsn);
	both32(p + 10, size);
	p[18] = 124, p[19] = 5, p[20] = 1, p[21] = 12; /* 2024-05-01 12:00:00 GMT */
	p[25] = flags;
	both16(p + 28, 1);
	p[32] = (uint8_t)id_len;
	memcpy(p + 33, id, id_len);
	return len;
}

static size_t dots(uint8_t *p, uint32_t self, uint32_t parent)
{
	size_t o = record(p, "\0", 1, self, BLK, 2);
	return o + record(p + o, "\1", 1, parent, BLK, 2);
}

static void volume(uint32_t blocks)
{
	memset(img, 0, sizeof(img));
	uint8_t *pvd = img + 16 * BLK;
	pvd[0] = 1;
	memcpy(pvd + 1, "CD001", 5);
	pvd[6] = 1;
	both32(pvd + 80, blocks);
	both16(pvd + 128, BLK);
	record(pvd + 156, "\0", 1, 18, BLK, 2);
	uint8_t *end = img + 17 * BLK;
	end[0] = 255;
	memcpy(end + 1, "CD001", 5);
	end[6] = 1;
}

static struct tree *open_bytes(const char *name, size_t len, const struct iso_index **ix)
{
	char p[256];
	snprintf(p, sizeof(p), "%s/%s", lab, name);
	FILE *f = fopen(p, "wb");
	fwrite(img, 1, len, f);
	fclose(f);
	return open_iso(p, ix);
}

TEST(files_in_several_extents)
{
	volume(64);
	uint8_t *root = img + 18 * BLK;
	size_t o = dots(root, 18, 18);
	/* BIG: 4096 + 2048 + 100 bytes in blocks 20-23, one after the other */
	o += record(root + o, "BIG.DAT;1", 9, 20, 2 * BLK, 0x80);
	o += record(root + o, "BIG.DAT;1", 9, 22, BLK, 0x80);
	o += record(root + o, "BIG.DAT;1", 9, 23, 100, 0);
	/* FRAG: a block between its parts */
	o += record(root + o, "FRAG.DAT;1", 10, 30, BLK, 0x80);
	o += record(root + o, "FRAG.DAT;1", 10, 32, 10, 0);
	/* SHORT: its first part is not a whole number of blocks */
	o += record(root + o, "SHORT.DAT;1", 11, 34, 1000, 0x80);
	o += record(root + o, "SHORT.DAT;1", 11, 35, 10, 0);
	/* LOST: a first part whose last part never comes */
	o += record(root + o, "LOST.DAT;1", 10, 40, BLK, 0x80);
	o += record(root + o, "OK.DAT;1", 8, 41, 5, 0);
	(void)o;
	fill(img + 20 * BLK, 4 * BLK, 7);
	memcpy(img + 41 * BLK, "hello", 5);
	const struct iso_index *ix;
	struct tree *t = open_bytes("multi.iso", 64 * BLK, &ix);
	CHECK_INT(ix->names, ISO_NAMES_ISO9660);
	struct tree_file f;
	CHECK_INT(tree_open(t, "BIG.DAT", &f), 0);
	CHECK_INT(f.offset, 20 * BLK);
	CHECK_INT(f.size, 3 * BLK + 100);
	uint8_t buf[3 * BLK + 100];
	CHECK_INT(pread(f.fd, buf, sizeof(buf), (off_t)f.offset), (ssize_t)sizeof(buf));
	CHECK(memcmp(buf, img + 20 * BLK, sizeof(buf)) == 0);
	CHECK_INT(tree_open(t, "FRAG.DAT", &f), -EOPNOTSUPP);
	CHECK_INT(tree_open(t, "SHORT.DAT", &f), -EOPNOTSUPP);
	CHECK_INT(tree_open(t, "LOST.DAT", &f), -EOPNOTSUPP);
	CHECK_INT(tree_open(t, "OK.DAT", &f), 0);
	CHECK_INT(f.size, 5);
	CHECK_INT(f.mtime.tv_sec, 1714564800);
	CHECK_INT(ix->refused, 3);
	char text[4096];
	problems_text(ix, text, sizeof(text));
	CHECK(strstr(text, "FRAG.DAT: stored in extents that are not contiguous; not served") != NULL);
	CHECK(strstr(text, "LOST.DAT: its last extent is missing; not served") != NULL);
	struct names l = { 0 };
	CHECK_INT(tree_list(t, "", add_name, &l), 0);
	CHECK_INT(l.n, 2); /* refused files are not listed */
	free_names(&l);
	tree_free(t);
}

TEST(loops_damage_and_duplicates)
{
	volume(64);
	uint8_t *root = img + 18 * BLK;
	size_t o = dots(root, 18, 18);
	o += record(root + o, "A", 1, 18, BLK, 2);	   /* the top directory again */
	o += record(root + o, "B", 1, 19, BLK, 2);
	o += record(root + o, "DUP.TXT;1", 9, 30, 3, 0);
	o += record(root + o, "DUP.TXT;1", 9, 31, 4, 0); /* second of the name */
	o += record(root + o, "FAR", 3, 1000, BLK, 2);	   /* past the end */
	o += record(root + o, "FIFO", 4, 0, 0, 0x04);	   /* an associated file */
	root[o] = 20;					   /* shorter than any record */
	uint8_t *b = img + 19 * BLK;
	o = dots(b, 19, 18);
	o += record(b + o, "C", 1, 19, BLK, 2); /* itself */
	(void)o;
	const struct iso_index *ix;
	struct tree *t = open_bytes("damaged.iso", 64 * BLK, &ix);
	struct tree_file f;
	CHECK_INT(tree_open(t, "DUP.TXT", &f), 0);
	CHECK_INT(f.size, 3);
	CHECK_INT(tree_open(t, "A", &f), 0);
	CHECK(f.is_dir);
	struct names l = { 0 };
	CHECK_INT(tree_list(t, "A", add_name, &l), 0);
	CHECK_INT(l.n, 0);
	free_names(&l);
	CHECK_INT(tree_list(t, "", add_name, &l), 0);
	CHECK_INT(l.n, 4); /* A B DUP.TXT FAR */
	free_names(&l);
	char text[4096];
	problems_text(ix, text, sizeof(text));
	CHECK(strstr(text, "A: points at a directory already read") != NULL);
	CHECK(strstr(text, "B/C: points at a directory already read") != NULL);
	CHECK(strstr(text, "DUP.TXT: name recorded twice") != NULL);
	CHECK(strstr(text, "FAR: directory extends past the end") != NULL);
	CHECK(strstr(text, "malformed directory record") != NULL);
	tree_free(t);

	/* a damaged top directory is fatal: there would be nothing to serve */
	volume(64);
	record(img + 16 * BLK + 156, "\0", 1, 5000, BLK, 2);
	char p[256], err[512];
	snprintf(p, sizeof(p), "%s/noroot.iso", lab);
	FILE *fp = fopen(p, "wb");
	fwrite(img, 1, 64 * BLK, fp);
	fclose(fp);
	CHECK_INT(tree_iso_open(p, &t, err, sizeof(err)), -EBADMSG);
	CHECK(strstr(err, "noroot.iso: the top directory is past the end of the image") != NULL);
}

__attribute__((constructor)) static void setup(void)
{
	if (!have("xorriso") || !have("genisoimage")) {
		printf("SKIP: xorriso and genisoimage are needed (scripts/setup-deps.sh)\n");
		exit(77);
	}
	make_source();
}

TEST_MAIN()
