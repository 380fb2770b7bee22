/* pxed status: where every host is in its install.
 *   pxed status [--json]
 * The JSON is what GET /api/v1/hosts answers (provision/host_json.h). */
#include <errno.h>
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli/cli.h"
#include "cli/cli_catalog.h"
#include "cli/cli_store.h"
#include "cli/cli_table.h"
#include "core/str.h"
#include "provision/host_json.h"

static void usage(FILE *out)
{
	fputs("usage: pxed status [--json]\n"
	      "Lists the hosts with their install phase: HOSTNAME MAC PROFILE PHASE SINCE LAST-ERROR\n"
	      "(SINCE: how long the host has been in that phase).\n"
	      "  -j, --json             the same as JSON, as GET /api/v1/hosts answers it\n" CLI_STORE_USAGE
	      "Exit status: 0 done, 1 failed, 2 usage error.\n",
	      out);
}

struct status_ctx {
	struct cli_profile_names pn;
	bool json;
	size_t n;
	int64_t now_ms;
	struct cli_table t;
	struct pv_buf b;
};

static int status_one(void *ctx, const struct store_host *h)
{
	struct status_ctx *c = ctx;
	const char *profile = cli_profile_name(&c->pn, h->profile_id);
	if (c->json) {
		if (c->n++)
			host_json_list_next(&c->b);
		host_json_host(&c->b, h, profile, NULL, 0);
		return c->b.nomem ? -ENOMEM : 0;
	}
	char mac[MAC_STRLEN + 24], age[24], err[STORE_DETAIL_MAX * 4];
	mac_to_str(h->macs[0], mac);
	if (h->n_macs > 1)
		snprintf(mac + MAC_STRLEN - 1, sizeof(mac) - MAC_STRLEN + 1, " +%zu", h->n_macs - 1);
	cli_duration(age, sizeof(age), c->now_ms - h->phase_since_ms);
	str_escape(err, sizeof(err), h->last_error, strlen(h->last_error));
	const char *row[] = { h->hostname, mac, profile, store_phase_name(h->phase), age, err };
	cli_table_row(&c->t, row);
	return 0;
}

int cmd_status(int argc, char **argv)
{
	static const struct option longopts[] = {
		{ "json", no_argument, NULL, 'j' },
		{ "help", no_argument, NULL, 'h' },
		CLI_STORE_LONGOPTS,
		{ 0 },
	};
	struct cli_store_opts so = { 0 };
	struct status_ctx c;
	memset(&c, 0, sizeof(c));
	int opt;
	optind = 1;
	opterr = 0;
	while ((opt = getopt_long(argc, argv, "jh", longopts, NULL)) != -1) {
		if (cli_store_opt(&so, opt, optarg))
			continue;
		if (opt == 'j') {
			c.json = true;
		} else if (opt == 'h') {
			usage(stdout);
			return 0;
		} else {
			fprintf(stderr, "pxed status: bad option %s\n", argv[optind - 1]);
			usage(stderr);
			return 2;
		}
	}
	if (optind != argc) {
		fprintf(stderr, "pxed status: takes no arguments\n");
		return 2;
	}
	struct store *s;
	if (cli_store_open("pxed status", &so, &s) < 0)
		return 1;
	if (cli_profile_names_load("pxed status", s, &c.pn) < 0) {
		store_close(s);
		return 1;
	}
	c.now_ms = cli_now_ms();
	cli_table_init(&c.t, 6);
	static const char *const head[] = { "HOSTNAME", "MAC", "PROFILE", "PHASE", "SINCE", "LAST-ERROR" };
	cli_table_row(&c.t, head);
	if (c.json)
		host_json_list_begin(&c.b);
	int r = store_host_foreach(s, status_one, &c);
	if (r < 0 && r != -ENOMEM)
		fprintf(stderr, "pxed status: %s\n", store_errmsg(s));
	if (r >= 0 && c.json) {
		host_json_list_end(&c.b);
		char *text;
		size_t len;
		r = pv_take(&c.b, &text, &len);
		if (r >= 0) {
			fwrite(text, 1, len, stdout);
			free(text);
		}
	} else if (r >= 0) {
		r = cli_table_print(&c.t, stdout, "");
	}
	if (r == -ENOMEM)
		fprintf(stderr, "pxed status: out of memory\n");
	pv_free(&c.b);
	cli_table_free(&c.t);
	cli_profile_names_free(&c.pn);
	store_close(s);
	return r < 0 ? 1 : 0;
}
