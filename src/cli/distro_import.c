/* `pxed distro import ISO|DIR --name NAME`: recognise an install tree,
 * check that what a PXE install needs is in it and readable, and record it
 * in the store. Nothing is copied or mounted: the daemon serves the tree
 * from the ISO file or the directory named here. */
#include <errno.h>
#include <getopt.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "cli/cli_distro.h"
#include "cli/cli_state.h"
#include "cli/progress.h"
#include "core/str.h"
#include "distro/distro_info.h"
#include "store/store_catalog.h"
#include "store/store_name.h"
#include "tree/tree_dir.h"
#include "tree/tree_iso.h"
#include "core/fileio.h"

#define PROG "pxed distro import"
#define READ_CHUNK (1u << 20)
#define PROBLEMS_SHOWN 10

/* What the import looks at: the source and the tree opened on it. */
struct source {
	char path[PATH_MAX]; /* absolute */
	enum store_source_kind kind;
	struct tree *tree;
	const char *where; /* "ISO" or "directory", for messages */
};

static void usage(FILE *out)
{
	fputs("usage: pxed distro import ISO|DIR --name NAME [--state-dir DIR] [--config FILE]\n"
	      "Recognises the install tree in an ISO image (read in place, never mounted or copied)\n"
	      "or a directory from its .treeinfo/.discinfo, checks its kernel and initrd, and adds\n"
	      "it to the catalog as NAME ([A-Za-z0-9._-], at most 63 characters).\n",
	      out);
}

static int open_source(const char *arg, struct source *src)
{
	if (!realpath(arg, src->path)) {
		fprintf(stderr, PROG ": %s: %s\n", arg, strerror(errno));
		return -errno;
	}
	struct stat st;
	if (stat(src->path, &st) < 0) {
		fprintf(stderr, PROG ": %s: %s\n", src->path, strerror(errno));
		return -errno;
	}
	char err[1024];
	int r;
	if (S_ISDIR(st.st_mode)) {
		src->kind = STORE_SOURCE_DIR;
		src->where = "directory";
		r = tree_dir_open(src->path, &src->tree, err, sizeof(err));
	} else if (S_ISREG(st.st_mode)) {
		src->kind = STORE_SOURCE_ISO;
		src->where = "ISO";
		r = tree_iso_open(src->path, &src->tree, err, sizeof(err));
	} else {
		fprintf(stderr, PROG ": %s: neither a directory nor an ISO image file\n", src->path);
		return -EINVAL;
	}
	if (r < 0)
		fprintf(stderr, PROG ": %s\n", err);
	return r;
}

/* The name a file of the tree has in messages: the directory's own path,
 * or "IMAGE:PATH" inside an ISO. */
static void file_name(const struct source *src, const char *rel, char *out, size_t len)
{
	snprintf(out, len, "%s%s%s", src->path, src->kind == STORE_SOURCE_ISO ? ":" : "/", rel);
}

/* Reads a metadata file: 1 when present, 0 when absent, or -errno. */
static int read_meta(const struct source *src, const char *rel, size_t max, char **text, size_t *len)
{
	int r = tree_read_file(src->tree, rel, max, text, len);
	if (r == -ENOENT)
		return 0;
	if (r >= 0)
		return 1;
	char name[PATH_MAX + 64];
	file_name(src, rel, name, sizeof(name));
	if (r == -EFBIG)
		fprintf(stderr, PROG ": %s: larger than %zu bytes; not a real %s\n", name, max, rel);
	else
		fprintf(stderr, PROG ": %s: %s\n", name, strerror(-r));
	return r;
}

static int inspect(const struct source *src, struct distro_info *d)
{
	distro_info_init(d);
	char *text = NULL;
	size_t len = 0;
	char name[PATH_MAX + 64], err[2048];
	int ti = read_meta(src, ".treeinfo", DISTRO_TREEINFO_MAX, &text, &len);
	if (ti < 0)
		return ti;
	if (ti) {
		file_name(src, ".treeinfo", name, sizeof(name));
		int r = distro_treeinfo_parse(d, name, text, len, err, sizeof(err));
		free(text);
		if (r < 0) {
			fprintf(stderr, PROG ": %s\n", err);
			return r;
		}
	}
	int di = read_meta(src, ".discinfo", DISTRO_DISCINFO_MAX, &text, &len);
	if (di < 0)
		return di;
	if (di) {
		file_name(src, ".discinfo", name, sizeof(name));
		struct discinfo disc;
		int r = distro_discinfo_parse(name, text, len, &disc, err, sizeof(err));
		free(text);
		if (r < 0) {
			fprintf(stderr, PROG ": %s\n", err);
			return r;
		}
		distro_info_add_discinfo(d, &disc);
	}
	if (!ti && !di) {
		fprintf(stderr, PROG ": %s: not an install tree: no .treeinfo or .discinfo in %s\n",
			src->path, src->where);
		return -EINVAL;
	}
	int r = distro_info_finish(d, err, sizeof(err));
	if (r < 0)
		fprintf(stderr, PROG ": %s\n", err);
	return r;
}

/* An ISO's index problems (symlinks dropped, files that cannot be served)
 * are shown; none of them stops the import unless it hits a file that the
 * install needs, which check_file reports. */
static void show_problems(const struct source *src)
{
	const struct iso_index *ix = tree_iso_index(src->tree);
	if (!ix || ix->n_problems == 0)
		return;
	for (size_t i = 0; i < ix->n_problems && i < PROBLEMS_SHOWN && i < ISO_MAX_PROBLEMS; i++)
		fprintf(stderr, PROG ": warning: %s: %s\n", src->path,
			ix->problems[i] ? ix->problems[i] : "(out of memory)");
	if (ix->n_problems > PROBLEMS_SHOWN)
		fprintf(stderr, PROG ": warning: %s: ... and %zu more problems\n", src->path,
			ix->n_problems - PROBLEMS_SHOWN);
}

/* why the tree names path: "named by .treeinfo", or the default assumed */
static int check_file(const struct source *src, const char *what, const char *path,
		      const char *why, struct tree_file *f)
{
	int r = tree_open(src->tree, path, f);
	const char *problem = NULL;
	if (r == -ENOENT || r == -ENOTDIR)
		problem = "is missing";
	else if (r == -EOPNOTSUPP)
		problem = "is stored in a way pxed cannot serve (see the warning above)";
	else if (r == -EXDEV || r == -ELOOP || r == -EACCES)
		problem = "leads outside the tree, or is not a regular file";
	else if (r < 0)
		problem = strerror(-r);
	else if (f->is_dir)
		problem = "is a directory";
	else if (f->size == 0)
		problem = "is empty";
	if (!problem)
		return 0;
	if (r >= 0)
		tree_file_close(f);
	fprintf(stderr, PROG ": %s: %s %s %s %s\n", src->path, what, path, why, problem);
	return r < 0 ? r : -EINVAL;
}

/* Reads a file of the tree to its end: an image cut short, a bad sector or
 * a sparse copy shows up now rather than in the middle of an install. */
static int read_through(const struct source *src, const char *path, struct tree_file *f, char *buf)
{
	char label[64];
	const char *base = strrchr(path, '/');
	snprintf(label, sizeof(label), "checking %s", base ? base + 1 : path);
	struct progress bar;
	progress_start(&bar, label, f->size);
	uint64_t done = 0;
	int r = 0;
	while (done < f->size) {
		size_t want = f->size - done < READ_CHUNK ? (size_t)(f->size - done) : READ_CHUNK;
		if ((r = pread_full(f->fd, buf, want, f->offset + done)) < 0)
			break;
		done += want;
		progress_update(&bar, done);
	}
	progress_end(&bar);
	if (r < 0) {
		char name[PATH_MAX + 64];
		file_name(src, path, name, sizeof(name));
		fprintf(stderr, PROG ": %s: reading at byte %llu of %llu: %s\n", name,
			(unsigned long long)done, (unsigned long long)f->size,
			r == -EIO && done < f->size ? "file cut short" : strerror(-r));
	}
	return r;
}

/* The installer image: what [stage2] names, else where the trees of each
 * era keep it. Not every tree has one (netinstall trees fetch it), so
 * its absence is not an error; a named one that is missing is. */
static const char *find_stage2(const struct source *src, const struct distro_info *d)
{
	if (d->stage2[0])
		return d->stage2;
	static const char *const usual[] = { "images/install.img", "LiveOS/squashfs.img" };
	for (size_t i = 0; i < sizeof(usual) / sizeof(usual[0]); i++) {
		struct tree_file f;
		if (tree_open(src->tree, usual[i], &f) == 0) {
			bool file = !f.is_dir;
			tree_file_close(&f);
			if (file)
				return usual[i];
		}
	}
	return NULL;
}

struct checked {
	uint64_t kernel, initrd, stage2;
	const char *stage2_path;
};

static int check_files(const struct source *src, const struct distro_info *d, struct checked *c)
{
	const char *named = "named by .treeinfo";
	const char *usual = d->have_treeinfo ? "(the usual path; .treeinfo names none)"
					     : "(the usual path; there is no .treeinfo)";
	const char *paths[3] = { d->kernel, d->initrd, find_stage2(src, d) };
	const char *what[3] = { "kernel", "initrd", "installer image" };
	const char *why[3] = { d->kernel_named ? named : usual, d->initrd_named ? named : usual,
			       d->stage2[0] ? "named by .treeinfo" : "" };
	uint64_t *sizes[3] = { &c->kernel, &c->initrd, &c->stage2 };
	struct tree_file f[3];
	bool open[3] = { false, false, false };
	int r = 0;
	/* every file is looked up before any is read: a missing one fails
	 * the import at once, not after minutes of reading the others */
	for (int i = 0; i < 3 && r >= 0; i++) {
		if (paths[i] && (r = check_file(src, what[i], paths[i], why[i], &f[i])) >= 0)
			open[i] = true;
	}
	char *buf = r >= 0 ? malloc(READ_CHUNK) : NULL;
	if (r >= 0 && !buf) {
		fprintf(stderr, PROG ": out of memory\n");
		r = -ENOMEM;
	}
	for (int i = 0; i < 3; i++) {
		if (!open[i])
			continue;
		if (r >= 0)
			r = read_through(src, paths[i], &f[i], buf);
		*sizes[i] = f[i].size;
		tree_file_close(&f[i]);
	}
	free(buf);
	c->stage2_path = paths[2];
	return r;
}

static void print_size(const char *label, const char *path, uint64_t size)
{
	static const char *const units[] = { "bytes", "KiB", "MiB", "GiB", "TiB" };
	double v = (double)size;
	size_t u = 0;
	while (v >= 1024 && u + 1 < sizeof(units) / sizeof(units[0])) {
		v /= 1024;
		u++;
	}
	if (u == 0)
		printf("  %-8s %s (%llu bytes)\n", label, path, (unsigned long long)size);
	else
		printf("  %-8s %s (%.1f %s)\n", label, path, v, units[u]);
}

static void print_summary(const struct source *src, const struct store_distro *sd,
			  const struct distro_info *d, const struct checked *c)
{
	const struct iso_index *ix = tree_iso_index(src->tree);
	printf("imported distro %s from %s", sd->name, sd->source);
	if (ix)
		printf(" (ISO 9660, %s names, %zu files)", iso_names_str(ix->names), ix->files);
	else
		printf(" (directory)");
	printf("\n  family   %s (%s)%s\n", sd->family, d->release,
	       d->family_known ? "" : "  [not a family pxed knows: EL boot conventions apply]");
	printf("  version  %s (major %d)\n  arch     %s\n", sd->version, sd->major, sd->arch);
	print_size("kernel", sd->kernel, c->kernel);
	print_size("initrd", sd->initrd, c->initrd);
	if (c->stage2_path)
		print_size("stage2", c->stage2_path, c->stage2);
	printf("  served   HTTP /distros/%s/, TFTP distros/%s/%s\n", sd->name, sd->name, sd->kernel);
}

static int fill_record(const struct source *src, const char *name, const struct distro_info *d,
		       struct store_distro *sd)
{
	memset(sd, 0, sizeof(*sd));
	sd->major = d->major;
	sd->source_kind = src->kind;
	if (str_copy(sd->name, sizeof(sd->name), name) < 0 ||
	    str_copy(sd->family, sizeof(sd->family), d->family) < 0 ||
	    str_copy(sd->version, sizeof(sd->version), d->version) < 0 ||
	    str_copy(sd->arch, sizeof(sd->arch), d->arch) < 0 ||
	    str_copy(sd->kernel, sizeof(sd->kernel), d->kernel) < 0 ||
	    str_copy(sd->initrd, sizeof(sd->initrd), d->initrd) < 0 ||
	    str_copy(sd->source, sizeof(sd->source), src->path) < 0) {
		fprintf(stderr, PROG ": %s: a path or name is too long for the catalog\n", src->path);
		return -ENAMETOOLONG;
	}
	return 0;
}

static int import(const char *arg, const char *name, const char *state_dir)
{
	struct source src = { 0 };
	struct store *s = NULL;
	struct distro_info *d = malloc(sizeof(*d));
	struct store_distro sd, existing;
	struct checked c = { 0 };
	char err[1024];
	int r = d ? 0 : -ENOMEM;
	if (r < 0)
		fprintf(stderr, PROG ": out of memory\n");
	if (r >= 0 && (r = store_open(state_dir, &s, err, sizeof(err))) < 0)
		fprintf(stderr, PROG ": %s\n", err);
	/* a taken name fails before minutes of reading an image */
	if (r >= 0 && store_distro_get(s, name, &existing) == 0) {
		fprintf(stderr, PROG ": a distro named %s already exists (from %s); remove it first "
				"or choose another name\n",
			name, existing.source);
		r = -EEXIST;
	}
	if (r >= 0)
		r = open_source(arg, &src);
	if (r >= 0)
		show_problems(&src);
	if (r >= 0)
		r = inspect(&src, d);
	if (r >= 0)
		r = check_files(&src, d, &c);
	if (r >= 0)
		r = fill_record(&src, name, d, &sd);
	if (r >= 0 && (r = store_distro_add(s, &sd)) < 0)
		fprintf(stderr, PROG ": %s\n", store_errmsg(s));
	if (r >= 0)
		print_summary(&src, &sd, d, &c);
	tree_free(src.tree);
	store_close(s);
	free(d);
	return r;
}

int cmd_distro_import(int argc, char **argv)
{
	static const struct option longopts[] = {
		{ "name", required_argument, NULL, 'n' },
		{ "state-dir", required_argument, NULL, 's' },
		{ "config", required_argument, NULL, 'c' },
		{ "help", no_argument, NULL, 'h' },
		{ 0 },
	};
	const char *name = NULL, *state_opt = NULL, *config = NULL;
	int c;
	optind = 1;
	opterr = 0;
	while ((c = getopt_long(argc, argv, ":n:s:c:h", longopts, NULL)) != -1) {
		switch (c) {
		case 'n': name = optarg; break;
		case 's': state_opt = optarg; break;
		case 'c': config = optarg; break;
		case 'h': usage(stdout); return 0;
		default:
			fprintf(stderr, PROG ": %s %s\n", argv[optind - 1],
				c == ':' ? "needs a value" : "is not an option");
			usage(stderr);
			return 2;
		}
	}
	if (optind != argc - 1 || !name) {
		fprintf(stderr, PROG ": %s\n", !name ? "--name NAME is required" : "give one ISO or DIR");
		usage(stderr);
		return 2;
	}
	if (!store_name_valid(name)) {
		char shown[128];
		str_escape(shown, sizeof(shown), name, strlen(name));
		fprintf(stderr, PROG ": invalid distro name \"%s\": use 1 to 63 letters, digits, '.', "
				"'_' or '-'\n",
			shown);
		return 1;
	}
	char *state_dir;
	if (cli_state_dir(PROG, state_opt, config, &state_dir) < 0)
		return 1;
	int r = import(argv[optind], name, state_dir);
	free(state_dir);
	return r < 0 ? 1 : 0;
}
