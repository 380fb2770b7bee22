#include <getopt.h>
#include <stdio.h>
#include <string.h>

#include "cli/cli.h"
#include "conf/conf.h"
#include "conf/conf_print.h"
#include "conf/import_dhcpd.h"

static void usage(FILE *out)
{
	fputs("usage: pxed import-dhcpd [-o OUT] [DHCPD_CONF]\n"
	      "Translates an ISC dhcpd.conf (default /etc/dhcp/dhcpd.conf) into pxed's configuration.\n"
	      "The result goes to OUT (default: standard output); every statement that is not carried\n"
	      "over is listed on standard error as FILE:LINE: not carried over: ... (reason).\n"
	      "  -o, --output OUT   write the configuration to OUT instead of standard output\n",
	      out);
}

int cmd_import_dhcpd(int argc, char **argv)
{
	static const struct option longopts[] = {
		{ "output", required_argument, NULL, 'o' },
		{ "help", no_argument, NULL, 'h' },
		{ 0 },
	};
	const char *out_path = NULL;
	int c;
	optind = 1;
	opterr = 0;
	while ((c = getopt_long(argc, argv, "o:h", longopts, NULL)) != -1) {
		if (c == 'o') {
			out_path = optarg;
		} else if (c == 'h') {
			usage(stdout);
			return 0;
		} else {
			fprintf(stderr, "pxed import-dhcpd: bad option %s\n", argv[optind - 1]);
			usage(stderr);
			return 2;
		}
	}
	if (argc - optind > 1) {
		usage(stderr);
		return 2;
	}
	const char *in = optind < argc ? argv[optind] : "/etc/dhcp/dhcpd.conf";
	struct pxed_conf conf;
	if (import_dhcpd_file(in, &conf, stderr) < 0) {
		fprintf(stderr, "pxed import-dhcpd: %s could not be imported\n", in);
		return 1;
	}
	FILE *out = stdout;
	if (out_path && !(out = fopen(out_path, "w"))) {
		perror(out_path);
		conf_free(&conf);
		return 1;
	}
	fprintf(out, "# pxed configuration imported from %s by `pxed import-dhcpd`\n", in);
	int r = conf_print(&conf, out);
	if (out != stdout && fclose(out) != 0)
		r = -1;
	conf_free(&conf);
	if (r < 0) {
		fprintf(stderr, "pxed import-dhcpd: writing %s failed\n", out_path ? out_path : "output");
		return 1;
	}
	return 0;
}
