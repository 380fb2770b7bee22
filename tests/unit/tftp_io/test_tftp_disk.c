/* The disk provider: files inside the root are served, nothing outside it
 * is, whichever way the name or a symlink points; the kernel-confined
 * (openat2) and the hand-walked lookup agree; transfers of one file share
 * one descriptor. */
#include "tftp_io/tftp_source_disk.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/stat.h>
#include <unistd.h>

#include "test.h"

static char top[256], root[300];

static void put(const char *rel, const char *text)
{
	char p[512];
	snprintf(p, sizeof(p), "%s/%s", top, rel);
	FILE *f = fopen(p, "w");
	CHECK(f != NULL);
	if (f) {
		fputs(text, f);
		fclose(f);
	}
}

static void link_(const char *target, const char *rel)
{
	char p[512];
	snprintf(p, sizeof(p), "%s/%s", top, rel);
	CHECK_INT(symlink(target, p), 0);
}

static void setup(void)
{
	snprintf(top, sizeof(top), "/tmp/pxed-test-disk-XXXXXX");
	CHECK(mkdtemp(top) != NULL);
	snprintf(root, sizeof(root), "%s/root", top);
	CHECK_INT(mkdir(root, 0755), 0);
	char p[512];
	snprintf(p, sizeof(p), "%s/sub", root);
	CHECK_INT(mkdir(p, 0755), 0);
	snprintf(p, sizeof(p), "%s/sub/deeper", root);
	CHECK_INT(mkdir(p, 0755), 0);
	snprintf(p, sizeof(p), "%s/fifo", root);
	CHECK_INT(mkfifo(p, 0644), 0);
	put("outside.txt", "secret");
	put("root/f.txt", "hello");
	put("root/sub/g.txt", "sub file");
	link_("sub/g.txt", "root/link_in");
	link_("sub", "root/link_dir");
	link_("../outside.txt", "root/link_out");
	link_("/etc/passwd", "root/link_abs");
	char abs_in[512];
	snprintf(abs_in, sizeof(abs_in), "%s/f.txt", root);
	link_(abs_in, "root/link_abs_in");
	link_("../f.txt", "root/sub/up");
	link_("../../outside.txt", "root/sub/deep_out");
	link_("../../../root/f.txt", "root/sub/deeper/back_in_via_parent");
	link_("loop2", "root/loop1");
	link_("loop1", "root/loop2");
	link_("link_dir/deeper/../g.txt", "root/chain");
	link_("missing", "root/dangling");
}

static void cleanup(void)
{
	char cmd[600];
	snprintf(cmd, sizeof(cmd), "rm -rf '%s'", top);
	CHECK_INT(system(cmd), 0);
}

static int open_read(struct tftp_provider *p, const char *path, char *buf, size_t cap, struct tftp_source **keep)
{
	struct tftp_source *s = NULL;
	int r = p->open(p, path, NULL, &s);
	if (r < 0)
		return r;
	long n = tftp_source_read(s, 0, buf, cap - 1);
	CHECK(n >= 0);
	buf[n < 0 ? 0 : n] = 0;
	CHECK_INT(s->size, (uint64_t)n);
	if (keep)
		*keep = s;
	else
		tftp_source_close(s);
	return 0;
}

static void confinement(unsigned flags)
{
	struct tftp_provider *p = tftp_disk_new(root, flags);
	CHECK(p != NULL);
	char buf[64];
	CHECK_INT(open_read(p, "f.txt", buf, sizeof(buf), NULL), 0);
	CHECK_STR(buf, "hello");
	CHECK_INT(open_read(p, "sub/g.txt", buf, sizeof(buf), NULL), 0);
	CHECK_STR(buf, "sub file");
	/* links that stay inside are followed */
	CHECK_INT(open_read(p, "link_in", buf, sizeof(buf), NULL), 0);
	CHECK_STR(buf, "sub file");
	CHECK_INT(open_read(p, "link_dir/g.txt", buf, sizeof(buf), NULL), 0);
	CHECK_STR(buf, "sub file");
	CHECK_INT(open_read(p, "sub/up", buf, sizeof(buf), NULL), 0);
	CHECK_STR(buf, "hello");
	CHECK_INT(open_read(p, "chain", buf, sizeof(buf), NULL), 0);
	CHECK_STR(buf, "sub file");
	/* links that leave the root are not */
	CHECK_INT(open_read(p, "link_out", buf, sizeof(buf), NULL), -EXDEV);
	CHECK_INT(open_read(p, "link_abs", buf, sizeof(buf), NULL), -EXDEV);
	CHECK_INT(open_read(p, "link_abs_in", buf, sizeof(buf), NULL), -EXDEV);
	CHECK_INT(open_read(p, "sub/deep_out", buf, sizeof(buf), NULL), -EXDEV);
	CHECK_INT(open_read(p, "sub/deeper/back_in_via_parent", buf, sizeof(buf), NULL), -EXDEV);
	CHECK_INT(open_read(p, "loop1", buf, sizeof(buf), NULL), -ELOOP);
	/* what is not a regular file */
	CHECK_INT(open_read(p, "sub", buf, sizeof(buf), NULL), -EISDIR);
	CHECK_INT(open_read(p, "fifo", buf, sizeof(buf), NULL), -EACCES); /* and it did not block */
	/* missing */
	CHECK_INT(open_read(p, "nope", buf, sizeof(buf), NULL), -ENOENT);
	CHECK_INT(open_read(p, "dangling", buf, sizeof(buf), NULL), -ENOENT);
	CHECK_INT(open_read(p, "f.txt/x", buf, sizeof(buf), NULL), -ENOTDIR);
	CHECK_INT(tftp_disk_open_files(p), 0);
	CHECK(p->free(p) == NULL);
}

TEST(confined_with_openat2)
{
	setup();
	confinement(0);
	struct tftp_provider *p = tftp_disk_new(root, 0);
	struct tftp_source *s;
	CHECK_INT(p->open(p, "f.txt", NULL, &s), 0);
	/* Debian 12's 6.1 kernel and later have openat2 */
	CHECK(tftp_disk_uses_openat2(p));
	tftp_source_close(s);
	p->free(p);
	cleanup();
}

TEST(confined_with_the_fallback_walk)
{
	setup();
	confinement(TFTP_DISK_NO_OPENAT2);
	cleanup();
}

TEST(one_descriptor_per_file_and_replaced_files_are_new)
{
	setup();
	struct tftp_provider *p = tftp_disk_new(root, 0);
	struct tftp_source *a, *b, *c, *d;
	CHECK_INT(p->open(p, "f.txt", NULL, &a), 0);
	CHECK_INT(p->open(p, "sub/up", NULL, &b), 0);
	CHECK_INT(p->open(p, "sub/g.txt", NULL, &c), 0);
	CHECK(a == b); /* the same inode through another name */
	CHECK(a != c);
	CHECK_INT(tftp_disk_open_files(p), 2);
	/* replace f.txt: new transfers get the new file, the old one still
	 * reads the old content */
	put("root/f.tmp", "HELLO, again");
	char from[512], to[512];
	snprintf(from, sizeof(from), "%s/f.tmp", root);
	snprintf(to, sizeof(to), "%s/f.txt", root);
	CHECK_INT(rename(from, to), 0);
	CHECK_INT(p->open(p, "f.txt", NULL, &d), 0);
	CHECK(d != a);
	CHECK_INT(d->size, 12);
	CHECK_INT(tftp_disk_open_files(p), 3);
	char buf[32] = "";
	CHECK_INT(tftp_source_read(a, 1, buf, sizeof(buf)), 4);
	CHECK(memcmp(buf, "ello", 4) == 0);
	CHECK_INT(tftp_source_read(a, 5, buf, sizeof(buf)), 0); /* at the end */
	CHECK_INT(tftp_source_read(a, 1000, buf, sizeof(buf)), 0); /* past it */
	tftp_source_close(a);
	CHECK_INT(tftp_disk_open_files(p), 3); /* b still holds it */
	tftp_source_close(b);
	CHECK_INT(tftp_disk_open_files(p), 2);
	tftp_source_close(c);
	tftp_source_close(d);
	CHECK_INT(tftp_disk_open_files(p), 0);
	p->free(p);
	cleanup();
}

TEST(missing_root_then_created)
{
	setup();
	char later[400];
	snprintf(later, sizeof(later), "%s/later", top);
	struct tftp_provider *p = tftp_disk_new(later, 0);
	CHECK_INT(tftp_disk_check_root(p), -ENOENT);
	struct tftp_source *s;
	CHECK_INT(p->open(p, "x", NULL, &s), -ENOENT);
	CHECK_INT(mkdir(later, 0755), 0);
	put("later/x", "now");
	CHECK_INT(p->open(p, "x", NULL, &s), 0);
	CHECK_INT(s->size, 3);
	tftp_source_close(s);
	/* a new root on reload */
	CHECK_INT(tftp_disk_set_root(p, root), 0);
	CHECK_INT(p->open(p, "f.txt", NULL, &s), 0);
	CHECK_INT(s->size, 5);
	/* a source outlives its provider */
	p->free(p);
	char buf[8];
	CHECK_INT(tftp_source_read(s, 0, buf, sizeof(buf)), 5);
	tftp_source_close(s);
	cleanup();
}

/* A generated-content provider, as the per-host boot configs will be: it
 * knows one name, refuses another, and leaves the rest to the next. */
struct mem_src {
	struct tftp_source src;
	const char *text;
	int *open_count;
};

static long mem_read(struct tftp_source *s, uint64_t off, void *buf, size_t len)
{
	struct mem_src *m = (struct mem_src *)(void *)s;
	if (off >= s->size)
		return 0;
	size_t n = s->size - off < len ? (size_t)(s->size - off) : len;
	memcpy(buf, m->text + off, n);
	return (long)n;
}

static void mem_close(struct tftp_source *s)
{
	struct mem_src *m = (struct mem_src *)(void *)s;
	(*m->open_count)--;
	free(m);
}

static const struct tftp_source_ops mem_ops = { .read_at = mem_read, .close = mem_close };

struct gen {
	struct tftp_provider prov;
	int open_count;
	uint32_t last_client;
};

static int gen_open(struct tftp_provider *p, const char *path, const struct tftp_req_info *req,
		    struct tftp_source **ret)
{
	struct gen *g = (struct gen *)(void *)p;
	if (strcmp(path, "secret.cfg") == 0)
		return -EACCES;
	if (strcmp(path, "f.txt") != 0)
		return -ENOENT;
	g->last_client = req ? req->client_ip : 0;
	struct mem_src *m = calloc(1, sizeof(*m));
	if (!m)
		return -ENOMEM;
	*m = (struct mem_src){ .src = { .ops = &mem_ops, .size = 9, .fd = -1 }, .text = "generated",
			       .open_count = &g->open_count };
	g->open_count++;
	*ret = &m->src;
	return 0;
}

static struct tftp_provider *gen_free(struct tftp_provider *p)
{
	free(p);
	return NULL;
}

TEST(providers_in_order)
{
	setup();
	struct tftp_provider *disk = tftp_disk_new(root, 0);
	struct gen *g = calloc(1, sizeof(*g));
	g->prov = (struct tftp_provider){ .name = "gen", .open = gen_open, .free = gen_free };
	struct tftp_provider *v[] = { &g->prov, disk };
	struct tftp_req_info ri = { .client_ip = 0xc6120009 };
	struct tftp_source *s;
	char buf[16] = "";
	/* the first provider that knows the name answers */
	CHECK_INT(tftp_providers_open(v, 2, "f.txt", &ri, &s), 0);
	CHECK_INT(tftp_source_read(s, 0, buf, sizeof(buf)), 9);
	CHECK(memcmp(buf, "generated", 9) == 0);
	CHECK_INT(g->last_client, 0xc6120009);
	CHECK_INT(s->fd, -1);
	tftp_source_close(s);
	CHECK_INT(g->open_count, 0);
	/* names it does not know fall through to the disk */
	CHECK_INT(tftp_providers_open(v, 2, "sub/g.txt", &ri, &s), 0);
	CHECK(s->fd >= 0);
	tftp_source_close(s);
	/* a refusal ends the search: the disk is not asked */
	put("root/secret.cfg", "on disk");
	CHECK_INT(tftp_providers_open(v, 2, "secret.cfg", &ri, &s), -EACCES);
	CHECK_INT(tftp_providers_open(v, 2, "nope", &ri, &s), -ENOENT);
	CHECK_INT(tftp_providers_open(v, 0, "f.txt", &ri, &s), -ENOENT);
	g->prov.free(&g->prov);
	disk->free(disk);
	cleanup();
}

TEST_MAIN()
