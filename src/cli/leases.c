#include <getopt.h>
#include <inttypes.h>
#include <stdio.h>
#include <string.h>
#include <time.h>

#include "cli/cli.h"
#include "cli/cli_store.h"
#include "core/str.h"
#include "store/store.h"

static void usage(FILE *out)
{
	fputs("usage: pxed leases [--state-dir DIR] [--config FILE]\n"
	      "Lists the leases in the store: IP MAC STATE ENDS(UTC) HOSTNAME.\n" CLI_STORE_USAGE,
	      out);
}

static int print_lease(void *ctx, const struct dhcp_lease *l)
{
	char ip[IPV4_STRLEN], hw[64] = "-", ends[32] = "never";
	ipv4_to_str(l->ip, ip);
	if (l->hlen == 6) {
		mac_to_str(l->chaddr, hw);
	} else if (l->hlen > 0) {
		size_t o = 0;
		for (size_t i = 0; i < l->hlen && i < 16 && o + 3 < sizeof(hw); i++)
			o += (size_t)snprintf(hw + o, sizeof(hw) - o, "%s%02x", i ? ":" : "", l->chaddr[i]);
	}
	if (l->ends != INT64_MAX) {
		time_t t = (time_t)l->ends;
		struct tm tm;
		gmtime_r(&t, &tm);
		strftime(ends, sizeof(ends), "%Y-%m-%dT%H:%M:%SZ", &tm);
	}
	printf("%s %s %s %s %s\n", ip, hw, lease_state_name(l->state), ends, l->hostname[0] ? l->hostname : "-");
	return 0;
}

int cmd_leases(int argc, char **argv)
{
	static const struct option longopts[] = {
		CLI_STORE_LONGOPTS,
		{ "help", no_argument, NULL, 'h' },
		{ 0 },
	};
	struct cli_store_opts so = { 0 };
	int c;
	optind = 1;
	opterr = 0;
	while ((c = getopt_long(argc, argv, "s:h", longopts, NULL)) != -1) {
		if (cli_store_opt(&so, c == 's' ? CLI_OPT_STATE_DIR : c, optarg))
			continue;
		if (c == 'h') {
			usage(stdout);
			return 0;
		} else {
			usage(stderr);
			return 2;
		}
	}
	if (optind != argc) {
		usage(stderr);
		return 2;
	}
	struct store *s;
	if (cli_store_open("pxed leases", &so, &s) < 0)
		return 1;
	int r = store_lease_foreach(s, print_lease, NULL);
	if (r < 0)
		fprintf(stderr, "pxed leases: %s\n", store_errmsg(s));
	store_close(s);
	return r < 0 ? 1 : 0;
}
