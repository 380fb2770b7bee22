/* pxed ks: the kickstart toolkit.
 *   pxed ks check [--version V] [--strict] [--follow-includes] FILE...
 *   pxed ks check --list-versions
 *   pxed ks new [--version V] [options] [-o FILE]   (see ks_new.c)
 * This file is the I/O shell around src/kickstart: it reads files (for the
 * core's %include/%ksappend callback too), prints diagnostics and picks the
 * exit code. */
#include <errno.h>
#include <fcntl.h>
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "cli/cli.h"
#include "cli/ks_cli.h"
#include "kickstart/ks_check.h"
#include "kickstart/ks_parse.h"
#include "kickstart/ks_schema.h"

/* Kickstarts are small; anything bigger is refused rather than read. */
#define KS_MAX_FILE ((size_t)256 << 20)

int ks_cli_read_file(const char *path, char **data, size_t *len)
{
	int fd = strcmp(path, "-") == 0 ? dup(STDIN_FILENO) : open(path, O_RDONLY | O_CLOEXEC);
	if (fd < 0)
		return -errno;
	struct stat st;
	if (fstat(fd, &st) < 0) {
		int e = -errno;
		close(fd);
		return e;
	}
	if (S_ISDIR(st.st_mode)) {
		close(fd);
		return -EISDIR;
	}
	size_t cap = S_ISREG(st.st_mode) && (size_t)st.st_size < KS_MAX_FILE ? (size_t)st.st_size + 1 : 65536;
	size_t n = 0;
	char *buf = malloc(cap);
	if (!buf) {
		close(fd);
		return -ENOMEM;
	}
	for (;;) {
		if (n == cap) {
			if (cap >= KS_MAX_FILE) {
				free(buf);
				close(fd);
				return -EFBIG;
			}
			cap *= 2;
			char *nb = realloc(buf, cap);
			if (!nb) {
				free(buf);
				close(fd);
				return -ENOMEM;
			}
			buf = nb;
		}
		ssize_t r = read(fd, buf + n, cap - n);
		if (r < 0) {
			if (errno == EINTR)
				continue;
			int e = -errno;
			free(buf);
			close(fd);
			return e;
		}
		if (r == 0)
			break;
		n += (size_t)r;
	}
	close(fd);
	*data = buf;
	*len = n;
	return 0;
}

/* %include / %ksappend: local files only (ksvalidator would fetch URLs; a
 * validator that makes network requests is not what an operator expects). */
static int source_read(void *ctx, const char *path, char **data, size_t *len)
{
	(void)ctx;
	if (strstr(path, "://"))
		return -EPROTONOSUPPORT;
	return ks_cli_read_file(path, data, len);
}

static void check_usage(FILE *out)
{
	fputs("usage: pxed ks check [--version V] [--strict] [--follow-includes] [--quiet] FILE...\n"
	      "       pxed ks check --list-versions\n"
	      "Checks kickstart files as pykickstart's ksvalidator does for version V\n"
	      "(default: the newest). Problems are printed as FILE:LINE: error|warning: text.\n"
	      "Exit status: 0 every file is valid, 1 a file is invalid, 2 usage error.\n"
	      "  -v, --version V         RHEL6, RHEL7, RHEL8, RHEL9, F40 (DEVEL = newest)\n"
	      "  -s, --strict            pxed's extra checks (warnings) count as errors\n"
	      "  -i, --follow-includes   read %include files (ksvalidator -i)\n"
	      "  -q, --quiet             print problems only, no verdict line\n"
	      "  -l, --list-versions     list the versions and exit\n",
	      out);
}

static int check_one(const char *path, enum ks_version v, bool strict, bool follow, bool quiet)
{
	char *data = NULL;
	size_t len = 0;
	int r = ks_cli_read_file(path, &data, &len);
	if (r < 0) {
		printf("%s: error: cannot read the file: %s\n", path, strerror(-r));
		return 1;
	}
	struct ks_source src = { source_read, NULL };
	struct ks_parse_opts po = { .version = v, .follow_includes = follow, .src = &src };
	struct ks_doc *doc = NULL;
	r = ks_parse(strcmp(path, "-") == 0 ? "<stdin>" : path, data, len, &po, &doc);
	free(data);
	if (r < 0) {
		printf("%s: error: out of memory while parsing\n", path);
		return 1;
	}
	struct ks_check_opts co = { .version = v, .strict = strict };
	struct ks_diags d = { 0 };
	r = ks_check(doc, &co, &d);
	if (r < 0) {
		printf("%s: error: out of memory while checking\n", path);
		ks_diags_free(&d);
		ks_doc_free(doc);
		return 1;
	}
	char line[2048];
	for (size_t i = 0; i < d.n; i++) {
		ks_diag_format(&d.v[i], line, sizeof(line));
		puts(line);
	}
	int invalid = d.errors > 0;
	if (!quiet) {
		if (invalid)
			printf("%s: INVALID for %s (%zu error%s, %zu warning%s)\n", path, ks_version_name(v),
			       d.errors, d.errors == 1 ? "" : "s", d.warnings, d.warnings == 1 ? "" : "s");
		else
			printf("%s: valid for %s%s\n", path, ks_version_name(v),
			       d.warnings ? " (with warnings)" : "");
	}
	ks_diags_free(&d);
	ks_doc_free(doc);
	return invalid;
}

static int cmd_ks_check(int argc, char **argv)
{
	static const struct option longopts[] = {
		{ "version", required_argument, NULL, 'v' },
		{ "strict", no_argument, NULL, 's' },
		{ "follow-includes", no_argument, NULL, 'i' },
		{ "quiet", no_argument, NULL, 'q' },
		{ "list-versions", no_argument, NULL, 'l' },
		{ "help", no_argument, NULL, 'h' },
		{ 0 },
	};
	enum ks_version v = KS_V_DEFAULT;
	bool strict = false, follow = false, quiet = false, list = false;
	int c;
	optind = 1;
	opterr = 0;
	while ((c = getopt_long(argc, argv, "v:siqlh", longopts, NULL)) != -1) {
		switch (c) {
		case 'v':
			if (ks_version_from_name(optarg, &v) < 0) {
				fprintf(stderr, "pxed ks check: unknown version '%s' (see --list-versions)\n",
					optarg);
				return 2;
			}
			break;
		case 's':
			strict = true;
			break;
		case 'i':
			follow = true;
			break;
		case 'q':
			quiet = true;
			break;
		case 'l':
			list = true;
			break;
		case 'h':
			check_usage(stdout);
			return 0;
		default:
			fprintf(stderr, "pxed ks check: bad option %s\n", argv[optind - 1]);
			check_usage(stderr);
			return 2;
		}
	}
	if (list) {
		size_t n;
		const struct ks_version_info *vi = ks_versions(&n);
		for (size_t i = 0; i < n; i++)
			printf("%s%s\n", vi[i].name, vi[i].v == KS_V_DEFAULT ? " (default)" : "");
		return 0;
	}
	if (optind >= argc) {
		check_usage(stderr);
		return 2;
	}
	int rc = 0;
	for (int i = optind; i < argc; i++)
		rc |= check_one(argv[i], v, strict, follow, quiet);
	return rc;
}

static void ks_usage(FILE *out)
{
	fputs("usage: pxed ks check [--version V] [--strict] FILE...   validate kickstart files\n"
	      "       pxed ks check --list-versions\n"
	      "       pxed ks new [--version V] [options] [-o FILE]    write a kickstart file\n"
	      "       pxed ks render [TEMPLATE] --host H               what a host is served\n"
	      "`pxed ks check --help`, `pxed ks new --help` and `pxed ks render --help` describe\n"
	      "the options.\n",
	      out);
}

int cmd_ks(int argc, char **argv)
{
	if (argc < 2) {
		ks_usage(stderr);
		return 2;
	}
	if (strcmp(argv[1], "check") == 0)
		return cmd_ks_check(argc - 1, argv + 1);
	if (strcmp(argv[1], "new") == 0)
		return ks_cli_new(argc - 1, argv + 1);
	if (strcmp(argv[1], "render") == 0)
		return ks_cli_render(argc - 1, argv + 1);
	if (strcmp(argv[1], "--help") == 0 || strcmp(argv[1], "-h") == 0 || strcmp(argv[1], "help") == 0) {
		ks_usage(stdout);
		return 0;
	}
	fprintf(stderr, "pxed ks: unknown subcommand '%s'\n", argv[1]);
	ks_usage(stderr);
	return 2;
}
