/* The upload sink: a new file appears under its name only when committed,
 * never over an existing one, never through a symlink. */
#include "tftp_io/tftp_upload.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/stat.h>
#include <unistd.h>

#include "test.h"

static char dir[256];

static size_t entries(const char *d)
{
	char cmd[400];
	snprintf(cmd, sizeof(cmd), "ls -A '%s' | wc -l", d);
	FILE *f = popen(cmd, "r");
	unsigned n = 0;
	if (f) {
		if (fscanf(f, "%u", &n) != 1)
			n = 0;
		pclose(f);
	}
	return n;
}

static void setup(void)
{
	snprintf(dir, sizeof(dir), "/tmp/pxed-test-upload-XXXXXX");
	CHECK(mkdtemp(dir) != NULL);
	char p[400];
	snprintf(p, sizeof(p), "%s/sub", dir);
	CHECK_INT(mkdir(p, 0755), 0);
	snprintf(p, sizeof(p), "%s/link", dir);
	CHECK_INT(symlink("/tmp", p), 0);
}

static void cleanup(void)
{
	char cmd[400];
	snprintf(cmd, sizeof(cmd), "rm -rf '%s'", dir);
	CHECK_INT(system(cmd), 0);
}

static void expect_file(const char *rel, const char *content)
{
	char p[400], buf[64] = "";
	snprintf(p, sizeof(p), "%s/%s", dir, rel);
	FILE *f = fopen(p, "r");
	CHECK(f != NULL);
	if (!f)
		return;
	size_t n = fread(buf, 1, sizeof(buf) - 1, f);
	buf[n] = 0;
	fclose(f);
	CHECK_STR(buf, content);
}

TEST(commit_makes_it_appear)
{
	setup();
	struct tftp_upload *u;
	CHECK_INT(tftp_upload_open(dir, "sub/log.txt", &u), 0);
	CHECK_INT(tftp_upload_write(u, 6, "world", 5), 0);
	CHECK_INT(tftp_upload_write(u, 0, "hello ", 6), 0);
	char p[400];
	snprintf(p, sizeof(p), "%s/sub/log.txt", dir);
	CHECK(access(p, F_OK) != 0); /* not visible before the commit */
	CHECK_INT(entries(p[0] ? dir : dir), 2);
	CHECK_INT(tftp_upload_commit(u), 0);
	expect_file("sub/log.txt", "hello world");
	snprintf(p, sizeof(p), "%s/sub", dir);
	CHECK_INT(entries(p), 1); /* no temporary left */
	cleanup();
}

TEST(discard_leaves_nothing)
{
	setup();
	struct tftp_upload *u;
	CHECK_INT(tftp_upload_open(dir, "x", &u), 0);
	CHECK_INT(tftp_upload_write(u, 0, "partial", 7), 0);
	tftp_upload_discard(u);
	CHECK_INT(entries(dir), 2); /* sub and link only */
	tftp_upload_discard(NULL);
	cleanup();
}

TEST(existing_files_are_not_replaced)
{
	setup();
	struct tftp_upload *u, *v;
	CHECK_INT(tftp_upload_open(dir, "a", &u), 0);
	CHECK_INT(tftp_upload_write(u, 0, "first", 5), 0);
	CHECK_INT(tftp_upload_commit(u), 0);
	CHECK_INT(tftp_upload_open(dir, "a", &v), -EEXIST);
	/* the same name raced by two uploads: the second commit loses */
	CHECK_INT(tftp_upload_open(dir, "b", &u), 0);
	CHECK_INT(tftp_upload_open(dir, "b", &v), 0);
	CHECK_INT(tftp_upload_write(u, 0, "one", 3), 0);
	CHECK_INT(tftp_upload_write(v, 0, "two", 3), 0);
	CHECK_INT(tftp_upload_commit(u), 0);
	CHECK_INT(tftp_upload_commit(v), -EEXIST);
	expect_file("a", "first");
	expect_file("b", "one");
	CHECK_INT(entries(dir), 4);
	cleanup();
}

TEST(no_symlinks_and_no_missing_directories)
{
	setup();
	struct tftp_upload *u;
	CHECK_INT(tftp_upload_open(dir, "link/escape", &u), -ENOTDIR);
	CHECK_INT(tftp_upload_open(dir, "link", &u), -EEXIST);
	CHECK_INT(tftp_upload_open(dir, "nodir/x", &u), -ENOENT);
	char missing[300];
	snprintf(missing, sizeof(missing), "%s/gone", dir);
	CHECK_INT(tftp_upload_open(missing, "x", &u), -ENOENT);
	cleanup();
}

TEST_MAIN()
