#include "tftp_io/tftp_source_bootprog.h"

#include <errno.h>
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "boot/bootprog.h"
#include "core/log.h"
#include "core/fileio.h"

struct bp_file {
	struct tftp_source src; /* first: the source pointer is the entry */
	struct tftp_bootprog *owner;
	const struct bootprog *bp;
	uint64_t ino;
	uint64_t size;
	struct timespec mtime;
	unsigned refs;
	struct bp_file *next;
};

struct tftp_bootprog {
	struct tftp_provider prov; /* first: the provider pointer is this */
	char *base;
	bool *reported; /* per table entry: its missing file was logged */
	struct bp_file *files;
	size_t nfiles;
};

static struct tftp_bootprog *bootprog_of(struct tftp_provider *p)
{
	return (struct tftp_bootprog *)(void *)p;
}

static long bp_read_at(struct tftp_source *src, uint64_t off, void *buf, size_t len)
{
	if (off >= src->size)
		return 0;
	return (long)pread_retry(src->fd, buf, len, off);
}

static void bp_close(struct tftp_source *src)
{
	struct bp_file *f = (struct bp_file *)(void *)src;
	if (--f->refs > 0)
		return;
	struct tftp_bootprog *b = f->owner;
	if (b) {
		struct bp_file **pp = &b->files;
		while (*pp && *pp != f)
			pp = &(*pp)->next;
		if (*pp)
			*pp = f->next;
		b->nfiles--;
	}
	close(f->src.fd);
	free(f);
}

static const struct tftp_source_ops bp_ops = { .read_at = bp_read_at, .close = bp_close };

/* Once per table entry: the operator needs to hear about a missing package
 * when a client first wants it, not at every retry of every client. A
 * module name matched by a pattern is reported only when the whole module
 * directory is missing -- a client asking for a module that syslinux never
 * had is no package problem. */
static void report_missing(struct tftp_bootprog *b, const struct bootprog_match *m, int err)
{
	size_t i = (size_t)(m->bp - bootprog_at(0));
	if (i >= bootprog_count() || b->reported[i])
		return;
	bool pattern = strchr(m->bp->name, '*') != NULL;
	if (err == -ENOENT && pattern && bootprog_present(b->base, m->bp) == 0)
		return;
	b->reported[i] = true;
	char msg[BOOTPROG_PATH_MAX * 3];
	if (err == -ENOENT) {
		bootprog_missing_msg(m, b->base, msg, sizeof(msg));
		log_warn("%s", msg);
	} else {
		log_warn("%s: cannot open %s: %s", m->name, m->source, strerror(-err));
	}
}

static int bp_open(struct tftp_provider *p, const char *path, const struct tftp_req_info *req,
		   struct tftp_source **ret)
{
	(void)req;
	struct tftp_bootprog *b = bootprog_of(p);
	struct bootprog_match m;
	if (bootprog_lookup(path, &m) < 0)
		return -ENOENT;
	struct tree_file tf;
	int r = bootprog_open(b->base, &m, &tf);
	if (r < 0) {
		report_missing(b, &m, r);
		return -ENOENT;
	}
	for (struct bp_file *f = b->files; f; f = f->next) {
		if (f->bp == m.bp && f->ino == tf.id && f->size == tf.size &&
		    f->mtime.tv_sec == tf.mtime.tv_sec && f->mtime.tv_nsec == tf.mtime.tv_nsec) {
			tree_file_close(&tf);
			f->refs++;
			*ret = &f->src;
			return 0;
		}
	}
	struct bp_file *f = calloc(1, sizeof(*f));
	if (!f) {
		tree_file_close(&tf);
		return -ENOMEM;
	}
	*f = (struct bp_file){
		.src = { .ops = &bp_ops, .size = tf.size, .fd = tf.fd },
		.owner = b, .bp = m.bp, .ino = tf.id, .size = tf.size, .mtime = tf.mtime,
		.refs = 1, .next = b->files,
	};
	b->files = f;
	b->nfiles++;
	*ret = &f->src;
	return 0;
}

static struct tftp_provider *bp_free(struct tftp_provider *p)
{
	if (!p)
		return NULL;
	struct tftp_bootprog *b = bootprog_of(p);
	/* sources still open belong to transfers; they close themselves */
	for (struct bp_file *f = b->files; f; f = f->next)
		f->owner = NULL;
	free(b->reported);
	free(b->base);
	free(b);
	return NULL;
}

struct tftp_provider *tftp_bootprog_new(const char *base)
{
	struct tftp_bootprog *b = calloc(1, sizeof(*b));
	if (!b)
		return NULL;
	b->prov = (struct tftp_provider){ .name = "bootprog", .open = bp_open, .free = bp_free };
	b->base = strdup(base ? base : BOOTPROG_BASE_DEFAULT);
	b->reported = calloc(bootprog_count(), sizeof(bool));
	if (!b->base || !b->reported) {
		free(b->base);
		free(b->reported);
		free(b);
		return NULL;
	}
	return &b->prov;
}

size_t tftp_bootprog_open_files(const struct tftp_provider *p)
{
	return ((const struct tftp_bootprog *)(const void *)p)->nfiles;
}
