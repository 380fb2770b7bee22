/* The provisioning TFTP provider: generated boot configs and the distros'
 * trees, and the tracking of every name a known host fetches (boot programs
 * included: this provider is asked first and passes what it does not own). */
#include "prov_io/prov_impl.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "core/log.h"
#include "core/fileio.h"

struct prov_tftp {
	struct tftp_provider prov; /* first: the provider pointer is this */
	struct prov_io *p;
};

/* A generated config: the text is the source. */
struct mem_source {
	struct tftp_source src;
	char *text;
};

static long mem_read_at(struct tftp_source *src, uint64_t off, void *buf, size_t len)
{
	struct mem_source *m = (struct mem_source *)(void *)src;
	if (off >= src->size)
		return 0;
	size_t n = (size_t)(src->size - off) < len ? (size_t)(src->size - off) : len;
	memcpy(buf, m->text + off, n);
	return (long)n;
}

static void mem_close(struct tftp_source *src)
{
	struct mem_source *m = (struct mem_source *)(void *)src;
	free(m->text);
	free(m);
}

static const struct tftp_source_ops mem_ops = { .read_at = mem_read_at, .close = mem_close };

/* A file of a tree: (fd, offset) — an ISO's files share the image's fd. */
struct tree_source {
	struct tftp_source src;
	struct tree_file f;
};

static long tree_read_at(struct tftp_source *src, uint64_t off, void *buf, size_t len)
{
	struct tree_source *t = (struct tree_source *)(void *)src;
	if (off >= src->size)
		return 0;
	if (len > src->size - off)
		len = (size_t)(src->size - off);
	return (long)pread_retry(t->f.fd, buf, len, t->f.offset + off);
}

static void tree_close(struct tftp_source *src)
{
	struct tree_source *t = (struct tree_source *)(void *)src;
	tree_file_close(&t->f);
	free(t);
}

static const struct tftp_source_ops tree_ops = { .read_at = tree_read_at, .close = tree_close };

static int open_config(struct prov_io *p, const char *path, const struct tftp_req_info *req,
		       struct tftp_source **ret)
{
	char *text = NULL;
	size_t len = 0;
	int r = prov_render_config(p, path, req->local_ip, &text, &len);
	if (r == -ENOENT)
		return r;
	if (r < 0) {
		log_warn("tftp: cannot generate %s: %s", path, strerror(-r));
		return -ENOENT;
	}
	struct mem_source *m = calloc(1, sizeof(*m));
	if (!m) {
		free(text);
		return -ENOMEM;
	}
	m->src = (struct tftp_source){ .ops = &mem_ops, .size = len, .fd = -1 };
	m->text = text;
	*ret = &m->src;
	return 0;
}

static int open_tree_file(struct prov_io *p, const char *path, struct tftp_source **ret)
{
	const char *rest;
	const struct prov_tree *t = prov_tree_of(p, path, &rest);
	if (!t)
		return -ENOENT;
	struct tree_source *s = calloc(1, sizeof(*s));
	if (!s)
		return -ENOMEM;
	int r = tree_open(t->tree, rest, &s->f);
	if (r == 0 && s->f.is_dir) {
		tree_file_close(&s->f);
		r = -EISDIR;
	}
	if (r < 0) {
		free(s);
		/* a name under distros/<d>/ that the tree lacks is not the disk's */
		return r == -EISDIR || r == -ENOTDIR ? -ENOENT : r;
	}
	/* the fast path reads fd at the file's own offsets: only for offset 0 */
	s->src = (struct tftp_source){ .ops = &tree_ops, .size = s->f.size,
				       .fd = s->f.offset == 0 ? s->f.fd : -1 };
	*ret = &s->src;
	return 0;
}

static int prov_open(struct tftp_provider *tp, const char *path, const struct tftp_req_info *req,
		     struct tftp_source **ret)
{
	struct prov_io *p = ((struct prov_tftp *)(void *)tp)->p;
	int r = open_config(p, path, req, ret);
	if (r == -ENOENT)
		r = open_tree_file(p, path, ret);
	/* tracked whoever serves it: the boot programs come from the next provider */
	if (r == 0 || r == -ENOENT)
		prov_track_fetch(p, path, req->client_ip, "tftp");
	return r;
}

static struct tftp_provider *prov_free(struct tftp_provider *tp)
{
	free(tp);
	return NULL;
}

struct tftp_provider *prov_tftp_provider(struct prov_io *p)
{
	struct prov_tftp *t = calloc(1, sizeof(*t));
	if (!t)
		return NULL;
	t->prov = (struct tftp_provider){ .name = "provision", .open = prov_open, .free = prov_free };
	t->p = p;
	return &t->prov;
}
