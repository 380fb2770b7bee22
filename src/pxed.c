/* pxed: one binary, subcommands. This file only dispatches. */
#include <stdio.h>
#include <string.h>

#include "cli/cli.h"
#include "daemon/serve.h"

static void usage(FILE *out)
{
	fputs("usage: pxed COMMAND [ARGS]\n"
	      "\n"
	      "Commands:\n"
	      "  serve           run the daemon (DHCP with PXE) in the foreground\n"
	      "  check-config    check a configuration file and report every problem\n"
	      "  import-dhcpd    turn an ISC dhcpd.conf into a pxed configuration\n"
	      "  leases          list the leases in the store\n"
	      "  ks              kickstart files: check (validate), new (generate), render (a host's)\n"
	      "  distro          install trees: import (ISO or directory), list, show, remove\n"
	      "  profile         profiles: a distro, a kickstart template, kernel arguments\n"
	      "  host            hosts: MACs, host name, IP, UUID, profile; reinstall\n"
	      "  status          every host's install phase (table or JSON)\n"
	      "  boot-files      the boot programs served from Debian's packages, and what is missing\n"
	      "  version         print the version\n"
	      "\n"
	      "`pxed COMMAND --help` describes each command.\n",
	      out);
}

int main(int argc, char **argv)
{
	if (argc < 2) {
		usage(stderr);
		return 2;
	}
	const char *cmd = argv[1];
	argc--;
	argv++;
	if (strcmp(cmd, "serve") == 0)
		return serve_main(argc, argv);
	if (strcmp(cmd, "check-config") == 0)
		return cmd_check_config(argc, argv);
	if (strcmp(cmd, "import-dhcpd") == 0)
		return cmd_import_dhcpd(argc, argv);
	if (strcmp(cmd, "leases") == 0)
		return cmd_leases(argc, argv);
	if (strcmp(cmd, "ks") == 0)
		return cmd_ks(argc, argv);
	if (strcmp(cmd, "distro") == 0)
		return cmd_distro(argc, argv);
	if (strcmp(cmd, "profile") == 0)
		return cmd_profile(argc, argv);
	if (strcmp(cmd, "host") == 0)
		return cmd_host(argc, argv);
	if (strcmp(cmd, "status") == 0)
		return cmd_status(argc, argv);
	if (strcmp(cmd, "boot-files") == 0)
		return cmd_boot_files(argc, argv);
	if (strcmp(cmd, "version") == 0 || strcmp(cmd, "--version") == 0) {
		printf("pxed %s\n", PXED_VERSION);
		return 0;
	}
	if (strcmp(cmd, "help") == 0 || strcmp(cmd, "--help") == 0 || strcmp(cmd, "-h") == 0) {
		usage(stdout);
		return 0;
	}
	fprintf(stderr, "pxed: unknown command '%s'\n\n", cmd);
	usage(stderr);
	return 2;
}
