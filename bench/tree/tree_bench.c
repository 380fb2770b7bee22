/* Reading an install tree out of its ISO image vs out of a directory with
 * the same files: every file opened through tree.h and read to its end
 * with pread (what the TFTP and HTTP servers do), page cache warm; and
 * opening alone (the index lookup vs openat2 + fstat). Prints both and
 * the ratio iso/dir.
 *
 * usage: pxed-tree-bench ISO DIR [ROUNDS] */
#include <errno.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "tree/tree_dir.h"
#include "tree/tree_iso.h"

#define CHUNK (1u << 20)

struct paths {
	char **v;
	size_t n, cap;
};

struct walk {
	struct tree *t;
	struct paths *out;
	const char *dir;
};

static void add(struct paths *p, const char *s)
{
	if (p->n == p->cap) {
		p->cap = p->cap ? p->cap * 2 : 1024;
		p->v = realloc(p->v, p->cap * sizeof(*p->v));
		if (!p->v)
			abort();
	}
	p->v[p->n++] = strdup(s);
}

static int visit(void *ctx, const struct tree_dirent *e)
{
	struct walk *w = ctx;
	char path[4096];
	snprintf(path, sizeof(path), "%s%s%s", w->dir, *w->dir ? "/" : "", e->name);
	if (e->is_dir) {
		struct walk sub = { w->t, w->out, path };
		return tree_list(w->t, path, visit, &sub);
	}
	add(w->out, path);
	return 0;
}

static double now(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

/* Seconds to open and read every file; bytes read in *total. */
static double read_all(struct tree *t, const struct paths *p, uint8_t *buf, uint64_t *total)
{
	double t0 = now();
	uint64_t bytes = 0;
	for (size_t i = 0; i < p->n; i++) {
		struct tree_file f;
		if (tree_open(t, p->v[i], &f) < 0) {
			fprintf(stderr, "%s: cannot open %s\n", t->kind, p->v[i]);
			exit(1);
		}
		for (uint64_t off = 0; off < f.size;) {
			size_t n = f.size - off < CHUNK ? (size_t)(f.size - off) : CHUNK;
			ssize_t r = pread(f.fd, buf, n, (off_t)(f.offset + off));
			if (r <= 0) {
				fprintf(stderr, "%s: read %s: %s\n", t->kind, p->v[i], strerror(errno));
				exit(1);
			}
			off += (uint64_t)r;
		}
		bytes += f.size;
		tree_file_close(&f);
	}
	*total = bytes;
	return now() - t0;
}

static double open_all(struct tree *t, const struct paths *p, int reps)
{
	double t0 = now();
	for (int k = 0; k < reps; k++) {
		for (size_t i = 0; i < p->n; i++) {
			struct tree_file f;
			if (tree_open(t, p->v[i], &f) < 0)
				exit(1);
			tree_file_close(&f);
		}
	}
	return now() - t0;
}

int main(int argc, char **argv)
{
	if (argc < 3) {
		fprintf(stderr, "usage: pxed-tree-bench ISO DIR [ROUNDS]\n");
		return 2;
	}
	int rounds = argc > 3 ? atoi(argv[3]) : 5;
	if (rounds < 1)
		rounds = 1;
	char err[1024];
	struct tree *iso, *dir;
	double t0 = now();
	if (tree_iso_open(argv[1], &iso, err, sizeof(err)) < 0) {
		fprintf(stderr, "%s\n", err);
		return 1;
	}
	double index_s = now() - t0;
	if (tree_dir_open(argv[2], &dir, err, sizeof(err)) < 0) {
		fprintf(stderr, "%s\n", err);
		return 1;
	}
	struct paths p = { 0 };
	struct walk w = { dir, &p, "" };
	if (tree_list(dir, "", visit, &w) < 0) {
		fprintf(stderr, "listing %s failed\n", argv[2]);
		return 1;
	}
	uint8_t *buf = malloc(CHUNK);
	uint64_t bytes = 0, b2 = 0;
	/* warm the page cache for both, then alternate which goes first */
	read_all(dir, &p, buf, &bytes);
	read_all(iso, &p, buf, &b2);
	if (bytes != b2) {
		fprintf(stderr, "the trees differ: %llu vs %llu bytes\n", (unsigned long long)bytes,
			(unsigned long long)b2);
		return 1;
	}
	double best_dir = 1e9, best_iso = 1e9;
	for (int r = 0; r < rounds; r++) {
		struct tree *first = r % 2 ? iso : dir, *second = r % 2 ? dir : iso;
		double a = read_all(first, &p, buf, &b2), b = read_all(second, &p, buf, &b2);
		double d = first == dir ? a : b, i = first == dir ? b : a;
		best_dir = d < best_dir ? d : best_dir;
		best_iso = i < best_iso ? i : best_iso;
	}
	int reps = 20;
	double od = 1e9, oi = 1e9;
	for (int r = 0; r < 3; r++) {
		double d = open_all(dir, &p, reps), i = open_all(iso, &p, reps);
		od = d < od ? d : od;
		oi = i < oi ? i : oi;
	}
	double mib = (double)bytes / (1 << 20);
	printf("tree: %zu files, %.1f MiB; ISO index built in %.1f ms; best of %d rounds, page cache warm\n",
	       p.n, mib, index_s * 1000, rounds);
	printf("  read every file   dir %7.0f MiB/s (%.3f s)   iso %7.0f MiB/s (%.3f s)   iso/dir %.2f\n",
	       mib / best_dir, best_dir, mib / best_iso, best_iso, best_dir / best_iso);
	double n = (double)p.n * reps;
	printf("  open + close      dir %7.0f k/s             iso %7.0f k/s             iso/dir %.1f\n",
	       n / od / 1000, n / oi / 1000, od / oi);
	for (size_t i = 0; i < p.n; i++)
		free(p.v[i]);
	free(p.v);
	free(buf);
	tree_free(iso);
	tree_free(dir);
	return 0;
}
