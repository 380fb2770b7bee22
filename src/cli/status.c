/* pxed status: where every host is in its install.
 *   pxed status [--json | --watch [SECONDS] [--until-installed]]
 * The JSON is what GET /api/v1/hosts answers (provision/host_json.h). The
 * watch view re-reads the store the daemon writes, as the rack installs. */
#include <errno.h>
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "cli/cli.h"
#include "cli/cli_catalog.h"
#include "cli/cli_store.h"
#include "cli/cli_table.h"
#include "core/str.h"
#include "provision/host_json.h"

static void usage(FILE *out)
{
	fputs("usage: pxed status [--json | --watch [SECONDS] [--until-installed]]\n"
	      "Lists the hosts with their install phase: HOSTNAME MAC PROFILE PHASE SINCE LAST-ERROR\n"
	      "(SINCE: how long the host has been in that phase).\n"
	      "  -j, --json             the same as JSON, as GET /api/v1/hosts answers it\n"
	      "  -w, --watch [SECONDS]  redraw every SECONDS (1 to 3600, default 2) until interrupted;\n"
	      "                         when the output is not a terminal, print the table when it changes\n"
	      "  -u, --until-installed  with --watch: stop once every host is done, failed or\n"
	      "                         booting its local disk (exit 1 if any failed)\n" CLI_STORE_USAGE
	      "Exit status: 0 success, 1 failure (or a failed host with --until-installed), 2 usage error.\n",
	      out);
}

struct status_ctx {
	struct cli_profile_names pn;
	bool json;
	size_t n;
	int64_t now_ms;
	struct cli_table t;
	struct buf b;
	size_t unsettled, failed; /* hosts still installing or not begun; failed ones */
	/* what a change is for the watch view off a terminal: SINCE ticks
	 * every second, so it is left out */
	struct buf sig;
};

static int status_one(void *ctx, const struct store_host *h)
{
	struct status_ctx *c = ctx;
	const char *profile = cli_profile_name(&c->pn, h->profile_id);
	if (h->phase == STORE_PHASE_FAILED)
		c->failed++;
	else if (h->phase != STORE_PHASE_DONE && h->phase != STORE_PHASE_LOCALBOOT)
		c->unsettled++;
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
	buf_printf(&c->sig, "%s %s %s %s\n", h->hostname, profile, store_phase_name(h->phase), err);
	cli_table_row(&c->t, row);
	return 0;
}

/* One look at the store: the table (or JSON) into *text. Profiles are
 * re-read each time, as a watched catalog may change. */
static int status_render(struct store *s, struct status_ctx *c, char **text, size_t *len)
{
	int r = cli_profile_names_load("pxed status", s, &c->pn);
	if (r < 0)
		return r;
	c->n = c->unsettled = c->failed = 0;
	c->now_ms = cli_now_ms();
	cli_table_init(&c->t, 6);
	static const char *const head[] = { "HOSTNAME", "MAC", "PROFILE", "PHASE", "SINCE", "LAST-ERROR" };
	cli_table_row(&c->t, head);
	if (c->json)
		host_json_list_begin(&c->b);
	r = store_host_foreach(s, status_one, c);
	if (r < 0 && r != -ENOMEM)
		fprintf(stderr, "pxed status: %s\n", store_errmsg(s));
	if (r >= 0 && c->json) {
		host_json_list_end(&c->b);
		r = buf_take(&c->b, text, len);
	} else if (r >= 0) {
		FILE *f = open_memstream(text, len);
		if (!f) {
			r = -ENOMEM;
		} else {
			r = cli_table_print(&c->t, f, "");
			if (fclose(f) != 0 && r >= 0)
				r = -ENOMEM;
			if (r < 0)
				free(*text);
		}
	}
	if (r == -ENOMEM)
		fprintf(stderr, "pxed status: out of memory\n");
	buf_free(&c->b);
	cli_table_free(&c->t);
	cli_profile_names_free(&c->pn);
	return r < 0 ? r : 0;
}

/* Redraws (terminal) or prints on change (pipe, log) until interrupted,
 * or until every host has settled. */
static int status_watch(struct store *s, struct status_ctx *c, long every, bool until_installed)
{
	bool tty = isatty(STDOUT_FILENO);
	char *last = NULL;
	for (;;) {
		char *text, *sig;
		size_t len, siglen;
		if (status_render(s, c, &text, &len) < 0 || buf_take(&c->sig, &sig, &siglen) < 0) {
			buf_free(&c->sig);
			free(last);
			return 1;
		}
		char when[32];
		time_t now = (time_t)(c->now_ms / 1000);
		struct tm tm;
		strftime(when, sizeof(when), "%H:%M:%S", localtime_r(&now, &tm));
		if (tty) {
			printf("\033[H\033[Jpxed status at %s, every %lds (Ctrl-C to stop)\n\n%s", when, every, text);
		} else if (!last || strcmp(last, sig) != 0) {
			printf("pxed status at %s\n%s", when, text);
		}
		fflush(stdout);
		free(text);
		free(last);
		last = sig;
		if (until_installed && c->unsettled == 0) {
			free(last);
			return c->failed ? 1 : 0;
		}
		struct timespec ts = { .tv_sec = every };
		while (nanosleep(&ts, &ts) < 0 && errno == EINTR)
			;
	}
}

int cmd_status(int argc, char **argv)
{
	static const struct option longopts[] = {
		{ "json", no_argument, NULL, 'j' },
		{ "watch", optional_argument, NULL, 'w' },
		{ "until-installed", no_argument, NULL, 'u' },
		{ "help", no_argument, NULL, 'h' },
		CLI_STORE_LONGOPTS,
		{ 0 },
	};
	struct cli_store_opts so = { 0 };
	struct status_ctx c;
	memset(&c, 0, sizeof(c));
	long every = 0;
	bool until_installed = false;
	int opt;
	optind = 1;
	opterr = 0;
	while ((opt = getopt_long(argc, argv, "jw::uh", longopts, NULL)) != -1) {
		if (cli_store_opt(&so, opt, optarg))
			continue;
		if (opt == 'j') {
			c.json = true;
		} else if (opt == 'w') {
			/* an optional argument may also come as the next word */
			const char *arg = optarg;
			if (!arg && optind < argc && argv[optind][0] >= '0' && argv[optind][0] <= '9')
				arg = argv[optind++];
			int64_t v = 2;
			if (arg && str_to_int64(arg, 1, 3600, &v) < 0) {
				fprintf(stderr, "pxed status: --watch: '%s' is not a number of seconds from 1 to 3600\n",
					arg);
				return 2;
			}
			every = (long)v;
		} else if (opt == 'u') {
			until_installed = true;
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
	if (every && c.json) {
		fprintf(stderr, "pxed status: --watch draws the table; for JSON poll GET /api/v1/hosts\n");
		return 2;
	}
	if (until_installed && !every) {
		fprintf(stderr, "pxed status: --until-installed goes with --watch\n");
		return 2;
	}
	struct store *s;
	if (cli_store_open("pxed status", &so, &s) < 0)
		return 1;
	int rc;
	if (every) {
		rc = status_watch(s, &c, every, until_installed);
	} else {
		char *text;
		size_t len;
		rc = status_render(s, &c, &text, &len) < 0 ? 1 : 0;
		if (rc == 0) {
			fwrite(text, 1, len, stdout);
			free(text);
		}
		buf_free(&c.sig);
	}
	store_close(s);
	return rc;
}
