/* `pxed distro`: the install trees in the catalog. import is in
 * distro_import.c; list, show and remove read or change the store only. */
#include <errno.h>
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>

#include "cli/cli.h"
#include "cli/cli_distro.h"
#include "cli/cli_state.h"
#include "store/store_catalog.h"

static void usage(FILE *out)
{
	fputs("usage: pxed distro import ISO|DIR --name NAME [--state-dir DIR] [--config FILE]\n"
	      "       pxed distro list [--state-dir DIR] [--config FILE]\n"
	      "       pxed distro show NAME [--state-dir DIR] [--config FILE]\n"
	      "       pxed distro remove NAME [--state-dir DIR] [--config FILE]\n"
	      "The install trees pxed serves, read in place from an ISO image or a directory.\n"
	      "--state-dir defaults to the configuration file's (--config, default /etc/pxed/pxed.conf),\n"
	      "else /var/lib/pxed.\n",
	      out);
}

/* Parses [--state-dir DIR] [--config FILE] around nargs positional
 * arguments, opens the store. Returns 0, 1 (failure) or 2 (usage). */
static int open_store(const char *prog, int argc, char **argv, int nargs, struct store **s)
{
	static const struct option longopts[] = {
		{ "state-dir", required_argument, NULL, 's' },
		{ "config", required_argument, NULL, 'c' },
		{ "help", no_argument, NULL, 'h' },
		{ 0 },
	};
	const char *state_opt = NULL, *config = NULL;
	int c;
	optind = 1;
	opterr = 0;
	while ((c = getopt_long(argc, argv, ":s:c:h", longopts, NULL)) != -1) {
		if (c == 's') {
			state_opt = optarg;
		} else if (c == 'c') {
			config = optarg;
		} else if (c == 'h') {
			usage(stdout);
			exit(0);
		} else {
			fprintf(stderr, "%s: %s %s\n", prog, argv[optind - 1],
				c == ':' ? "needs a value" : "is not an option");
			usage(stderr);
			return 2;
		}
	}
	if (argc - optind != nargs) {
		fprintf(stderr, "%s: %s\n", prog, nargs ? "give one NAME" : "takes no arguments");
		usage(stderr);
		return 2;
	}
	char *dir;
	if (cli_state_dir(prog, state_opt, config, &dir) < 0)
		return 1;
	char err[1024];
	int r = store_open(dir, s, err, sizeof(err));
	free(dir);
	if (r < 0) {
		fprintf(stderr, "%s: %s\n", prog, err);
		return 1;
	}
	return 0;
}

static const char *kind_name(enum store_source_kind k)
{
	return k == STORE_SOURCE_ISO ? "iso" : "dir";
}

struct table {
	struct store_distro *v;
	size_t n, cap;
};

static int collect(void *ctx, const struct store_distro *d)
{
	struct table *t = ctx;
	if (t->n == t->cap) {
		size_t cap = t->cap ? t->cap * 2 : 16;
		struct store_distro *v = realloc(t->v, cap * sizeof(*v));
		if (!v)
			return -ENOMEM;
		t->v = v;
		t->cap = cap;
	}
	t->v[t->n++] = *d;
	return 0;
}

static int width(const struct table *t, size_t off, int min)
{
	int w = min;
	for (size_t i = 0; i < t->n; i++) {
		int n = (int)strlen((const char *)&t->v[i] + off);
		w = n > w ? n : w;
	}
	return w;
}

static int cmd_list(int argc, char **argv)
{
	struct store *s;
	int r = open_store("pxed distro list", argc, argv, 0, &s);
	if (r)
		return r;
	struct table t = { 0 };
	r = store_distro_foreach(s, collect, &t);
	if (r < 0) {
		fprintf(stderr, "pxed distro list: %s\n", r == -ENOMEM ? "out of memory" : store_errmsg(s));
	} else {
		int wn = width(&t, offsetof(struct store_distro, name), 4);
		int wf = width(&t, offsetof(struct store_distro, family), 6);
		int wv = width(&t, offsetof(struct store_distro, version), 7);
		int wa = width(&t, offsetof(struct store_distro, arch), 4);
		printf("%-*s  %-*s  %-*s  %-*s  %-4s  %s\n", wn, "NAME", wf, "FAMILY", wv, "VERSION", wa,
		       "ARCH", "KIND", "SOURCE");
		for (size_t i = 0; i < t.n; i++) {
			const struct store_distro *d = &t.v[i];
			printf("%-*s  %-*s  %-*s  %-*s  %-4s  %s\n", wn, d->name, wf, d->family, wv,
			       d->version, wa, d->arch, kind_name(d->source_kind), d->source);
		}
	}
	free(t.v);
	store_close(s);
	return r < 0 ? 1 : 0;
}

static void print_source(const struct store_distro *d)
{
	struct stat st;
	const char *state = "";
	if (stat(d->source, &st) < 0)
		state = "  [MISSING: the tree cannot be served]";
	else if (d->source_kind == STORE_SOURCE_ISO ? !S_ISREG(st.st_mode) : !S_ISDIR(st.st_mode))
		state = "  [no longer a file of this kind: the tree cannot be served]";
	printf("source:       %s%s\n", d->source, state);
}

static int cmd_show(int argc, char **argv)
{
	struct store *s;
	int r = open_store("pxed distro show", argc, argv, 1, &s);
	if (r)
		return r;
	struct store_distro d;
	r = store_distro_get(s, argv[optind], &d);
	if (r < 0) {
		fprintf(stderr, "pxed distro show: %s\n", store_errmsg(s));
		store_close(s);
		return 1;
	}
	char created[32] = "?";
	time_t t = (time_t)d.created;
	struct tm tm;
	if (gmtime_r(&t, &tm))
		strftime(created, sizeof(created), "%Y-%m-%dT%H:%M:%SZ", &tm);
	printf("name:         %s\nfamily:       %s\nversion:      %s\nmajor:        %d\n"
	       "arch:         %s\n",
	       d.name, d.family, d.version, d.major, d.arch);
	print_source(&d);
	printf("source kind:  %s\nkernel:       %s\ninitrd:       %s\ncreated:      %s\n"
	       "url path:     /distros/%s/\ntftp kernel:  distros/%s/%s\ntftp initrd:  distros/%s/%s\n",
	       kind_name(d.source_kind), d.kernel, d.initrd, created, d.name, d.name, d.kernel, d.name,
	       d.initrd);
	store_close(s);
	return 0;
}

static int cmd_remove(int argc, char **argv)
{
	struct store *s;
	int r = open_store("pxed distro remove", argc, argv, 1, &s);
	if (r)
		return r;
	r = store_distro_remove(s, argv[optind]);
	if (r < 0)
		fprintf(stderr, "pxed distro remove: %s\n", store_errmsg(s));
	else
		printf("removed distro %s (its ISO or directory is left as it is)\n", argv[optind]);
	store_close(s);
	return r < 0 ? 1 : 0;
}

int cmd_distro(int argc, char **argv)
{
	if (argc < 2) {
		usage(stderr);
		return 2;
	}
	const char *sub = argv[1];
	if (strcmp(sub, "import") == 0)
		return cmd_distro_import(argc - 1, argv + 1);
	if (strcmp(sub, "list") == 0)
		return cmd_list(argc - 1, argv + 1);
	if (strcmp(sub, "show") == 0)
		return cmd_show(argc - 1, argv + 1);
	if (strcmp(sub, "remove") == 0)
		return cmd_remove(argc - 1, argv + 1);
	if (strcmp(sub, "--help") == 0 || strcmp(sub, "-h") == 0 || strcmp(sub, "help") == 0) {
		usage(stdout);
		return 0;
	}
	fprintf(stderr, "pxed distro: unknown command '%s'\n", sub);
	usage(stderr);
	return 2;
}
