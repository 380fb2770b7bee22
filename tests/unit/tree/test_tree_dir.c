/* The directory tree: files and directories inside it open, listings come in
 * name order, and nothing outside it can be reached, symlinks included. */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "test.h"
#include "tree/tree_dir.h"

static char top[256];

static void put(const char *rel, const char *text)
{
	char p[512];
	snprintf(p, sizeof(p), "%s/%s", top, rel);
	FILE *f = fopen(p, "w");
	if (!f)
		abort();
	fputs(text, f);
	fclose(f);
}

static void make_lab(void)
{
	snprintf(top, sizeof(top), "/tmp/pxed-tree-XXXXXX");
	if (!mkdtemp(top))
		abort();
	char p[512];
	snprintf(p, sizeof(p), "%s/tree", top);
	mkdir(p, 0755);
	snprintf(p, sizeof(p), "%s/tree/images", top);
	mkdir(p, 0755);
	put("secret", "outside\n");
	put("tree/.treeinfo", "[general]\nfamily = Rocky\n");
	put("tree/images/vmlinuz", "KERNEL");
	put("tree/b", "b");
	snprintf(p, sizeof(p), "%s/tree/escape", top);
	if (symlink("../secret", p) < 0)
		abort();
	snprintf(p, sizeof(p), "%s/tree/inside", top);
	if (symlink("images/vmlinuz", p) < 0)
		abort();
	snprintf(p, sizeof(p), "%s/tree/abs", top);
	if (symlink("/etc/passwd", p) < 0)
		abort();
}

static struct tree *open_lab(void)
{
	char p[512], err[256];
	if (!*top)
		make_lab();
	snprintf(p, sizeof(p), "%s/tree", top);
	struct tree *t = NULL;
	if (tree_dir_open(p, &t, err, sizeof(err)) < 0)
		abort();
	return t;
}

TEST(opens_files_and_dirs)
{
	struct tree *t = open_lab();
	struct tree_file f;
	CHECK_INT(tree_open(t, "images/vmlinuz", &f), 0);
	CHECK(!f.is_dir);
	CHECK_INT((int)f.size, 6);
	CHECK_INT((int)f.offset, 0);
	char buf[8] = { 0 };
	CHECK_INT((int)pread(f.fd, buf, sizeof(buf), 0), 6);
	CHECK_STR(buf, "KERNEL");
	tree_file_close(&f);
	CHECK_INT(tree_open(t, "", &f), 0);
	CHECK(f.is_dir);
	tree_file_close(&f);
	CHECK_INT(tree_open(t, "images", &f), 0);
	CHECK(f.is_dir);
	tree_file_close(&f);
	CHECK_INT(tree_open(t, "missing", &f), -ENOENT);
	tree_free(t);
}

TEST(symlinks_stay_inside)
{
	struct tree *t = open_lab();
	struct tree_file f;
	CHECK_INT(tree_open(t, "inside", &f), 0);
	CHECK_INT((int)f.size, 6);
	tree_file_close(&f);
	CHECK(tree_open(t, "escape", &f) < 0);
	CHECK(tree_open(t, "abs", &f) < 0);
	CHECK(tree_open(t, "../secret", &f) < 0);
	CHECK(tree_open(t, "/etc/passwd", &f) < 0);
	tree_free(t);
}

struct seen {
	char names[16][32];
	int n;
};

static int note(void *ctx, const struct tree_dirent *e)
{
	struct seen *s = ctx;
	if (s->n < 16)
		snprintf(s->names[s->n++], 32, "%s%s", e->name, e->is_dir ? "/" : "");
	return 0;
}

TEST(lists_in_name_order)
{
	struct tree *t = open_lab();
	struct seen s = { 0 };
	CHECK_INT(tree_list(t, "", note, &s), 0);
	CHECK_INT(s.n, 6);
	CHECK_STR(s.names[0], ".treeinfo");
	CHECK_STR(s.names[1], "abs");
	CHECK_STR(s.names[2], "b");
	CHECK_STR(s.names[3], "escape");
	CHECK_STR(s.names[4], "images/");
	CHECK_STR(s.names[5], "inside");
	CHECK_INT(tree_list(t, "b", note, &s), -ENOTDIR);
	tree_free(t);
}

TEST(reads_small_files)
{
	struct tree *t = open_lab();
	char *buf = NULL;
	size_t len = 0;
	CHECK_INT(tree_read_file(t, ".treeinfo", 4096, &buf, &len), 0);
	CHECK_INT((int)len, 25);
	CHECK(strstr(buf, "family = Rocky") != NULL);
	free(buf);
	CHECK_INT(tree_read_file(t, ".treeinfo", 4, &buf, &len), -EFBIG);
	CHECK_INT(tree_read_file(t, "images", 4096, &buf, &len), -EISDIR);
	tree_free(t);
}

TEST(cleanup)
{
	char cmd[300];
	snprintf(cmd, sizeof(cmd), "rm -rf '%s'", top);
	CHECK_INT(system(cmd), 0);
}

TEST_MAIN()
