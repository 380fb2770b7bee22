#include <getopt.h>
#include <stdio.h>
#include <string.h>

#include "cli/cli.h"
#include "conf/conf.h"
#include "conf/conf_load.h"
#include "conf/conf_print.h"

static void usage(FILE *out)
{
	fputs("usage: pxed check-config [-v] FILE\n"
	      "Checks FILE without starting anything: every problem is printed as FILE:LINE:COL: message.\n"
	      "  -v, --verbose   print the configuration as pxed understood it (canonical YAML)\n",
	      out);
}

int cmd_check_config(int argc, char **argv)
{
	static const struct option longopts[] = {
		{ "verbose", no_argument, NULL, 'v' },
		{ "help", no_argument, NULL, 'h' },
		{ 0 },
	};
	int verbose = 0, c;
	optind = 1;
	opterr = 0;
	while ((c = getopt_long(argc, argv, "vh", longopts, NULL)) != -1) {
		if (c == 'v') {
			verbose = 1;
		} else if (c == 'h') {
			usage(stdout);
			return 0;
		} else {
			fprintf(stderr, "pxed check-config: unknown option %s\n", argv[optind - 1]);
			usage(stderr);
			return 2;
		}
	}
	if (optind != argc - 1) {
		usage(stderr);
		return 2;
	}
	const char *path = argv[optind];
	struct pxed_conf conf;
	conf_init(&conf);
	conf_free(&conf);
	if (conf_load_file(path, &conf, stderr) < 0) {
		fprintf(stderr, "%s: configuration is NOT valid\n", path);
		return 1;
	}
	if (verbose)
		conf_print(&conf, stdout);
	else
		printf("%s: configuration OK\n", path);
	conf_free(&conf);
	return 0;
}
