/* pxed host: the machines pxed installs.
 *   pxed host add --mac M [--mac M2 ...] --hostname H [--ip IP] [--uuid U] --profile P
 *   pxed host list | show H | remove H | reinstall H
 *   pxed host edit H [--hostname H2] [--ip IP] [--uuid U] [--profile P] [--netboot on|off]
 *                    [--mac M ... | --add-mac M --remove-mac M]
 * H is a host name, any of the host's MACs or its UUID. */
#include <errno.h>
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli/cli.h"
#include "cli/cli_catalog.h"
#include "cli/cli_store.h"
#include "cli/cli_table.h"
#include "cli/host_fields.h"
#include "cli/host_import.h"
#include "core/str.h"
#include "provision/host_json.h"
#include "provision/host_key.h"

static void usage(FILE *out)
{
	fputs("usage: pxed host add --mac M [--mac M2 ...] --hostname H [--ip IP] [--uuid U] --profile P\n"
	      "       pxed host import FILE [--update] [--dry-run]   (CSV; see pxed host import --help)\n"
	      "       pxed host export\n"
	      "       pxed host list\n"
	      "       pxed host show H\n"
	      "       pxed host edit H [--hostname H2] [--ip IP|none] [--uuid U|none] [--profile P]\n"
	      "                        [--netboot on|off] [--mac M ... | --add-mac M | --remove-mac M]\n"
	      "       pxed host remove H\n"
	      "       pxed host reinstall H\n"
	      "H is a host name, one of the host's MACs or its UUID. MACs are written\n"
	      "aa:bb:cc:dd:ee:ff, aa-bb-cc-dd-ee-ff or 01-aa-bb-cc-dd-ee-ff (pxelinux). `reinstall`\n"
	      "turns netboot on and starts the host's timeline over at phase new.\n"
	      "  -m, --mac M          a MAC of the host (up to 8; with edit: replaces them all)\n"
	      "  -n, --hostname H     its host name\n"
	      "  -i, --ip IP          its fixed address (default: a pool address)\n"
	      "  -u, --uuid U         its SMBIOS UUID, as DHCP option 97 sends it\n"
	      "  -p, --profile P      the profile it installs\n"
	      "      --netboot on|off whether its next PXE boot installs (default on)\n"
	      "      --add-mac M      (edit) add a MAC\n"
	      "      --remove-mac M   (edit) remove a MAC\n" CLI_STORE_USAGE
	      "Exit status: 0 done, 1 failed, 2 usage error.\n",
	      out);
}

enum { OPT_ADD_MAC = 0x200, OPT_REMOVE_MAC, OPT_NETBOOT };

struct hopts {
	struct cli_store_opts so;
	const char *key; /* the host acted on */
	struct host_fields f;
};

static int push(const char *sub, const char **v, size_t *n, const char *arg, const char *opt)
{
	if (*n > STORE_HOST_MACS) {
		fprintf(stderr, "pxed host %s: too many %s options (a host has at most %d MACs)\n", sub,
			opt, STORE_HOST_MACS);
		return -1;
	}
	v[(*n)++] = arg;
	return 0;
}

/* 0 parsed, 2 usage error, -1 help printed. */
static int parse(int argc, char **argv, bool fields, bool named, struct hopts *o)
{
	static const struct option longopts[] = {
		{ "mac", required_argument, NULL, 'm' },
		{ "hostname", required_argument, NULL, 'n' },
		{ "ip", required_argument, NULL, 'i' },
		{ "uuid", required_argument, NULL, 'u' },
		{ "profile", required_argument, NULL, 'p' },
		{ "netboot", required_argument, NULL, OPT_NETBOOT },
		{ "add-mac", required_argument, NULL, OPT_ADD_MAC },
		{ "remove-mac", required_argument, NULL, OPT_REMOVE_MAC },
		{ "help", no_argument, NULL, 'h' },
		CLI_STORE_LONGOPTS,
		{ 0 },
	};
	memset(o, 0, sizeof(*o));
	const char *sub = argv[0];
	bool edit = strcmp(sub, "edit") == 0;
	int c;
	optind = 1;
	opterr = 0;
	while ((c = getopt_long(argc, argv, "m:n:i:u:p:h", longopts, NULL)) != -1) {
		if (cli_store_opt(&o->so, c, optarg))
			continue;
		int r = 0;
		switch (fields ? c : c == 'h' ? 'h' : '?') {
		case 'h':
			usage(stdout);
			return -1;
		case 'm': r = push(sub, o->f.macs, &o->f.n_macs, optarg, "--mac"); break;
		case 'n': o->f.hostname = optarg; break;
		case 'i': o->f.ip = optarg; break;
		case 'u': o->f.uuid = optarg; break;
		case 'p': o->f.profile = optarg; break;
		case OPT_NETBOOT: o->f.netboot = optarg; break;
		case OPT_ADD_MAC:
		case OPT_REMOVE_MAC:
			if (!edit) {
				fprintf(stderr, "pxed host %s: %s is for `pxed host edit`\n", sub,
					argv[optind - 1]);
				return 2;
			}
			r = c == OPT_ADD_MAC ? push(sub, o->f.add, &o->f.n_add, optarg, "--add-mac")
					     : push(sub, o->f.remove, &o->f.n_remove, optarg, "--remove-mac");
			break;
		default:
			fprintf(stderr, "pxed host %s: bad option %s\n", sub, argv[optind - 1]);
			return 2;
		}
		if (r < 0)
			return 2;
	}
	if (argc - optind != (named ? 1 : 0)) {
		fprintf(stderr, "pxed host %s: %s\n", sub,
			named ? "give one host (host name, MAC or UUID)" : "takes no arguments");
		return 2;
	}
	o->key = named ? argv[optind] : NULL;
	if (edit && o->f.n_macs && (o->f.n_add || o->f.n_remove)) {
		fprintf(stderr, "pxed host edit: --mac replaces the MACs; it does not go with "
				"--add-mac or --remove-mac\n");
		return 2;
	}
	return 0;
}

static void macs_text(const struct store_host *h, char *buf, size_t size)
{
	size_t o = 0;
	buf[0] = '\0';
	for (size_t i = 0; i < h->n_macs && o < size; i++) {
		char m[MAC_STRLEN];
		int n = snprintf(buf + o, size - o, "%s%s", i ? "," : "", mac_to_str(h->macs[i], m));
		if (n < 0)
			break;
		o += (size_t)n;
	}
}

static int host_add(struct store *s, const struct hopts *o)
{
	if (!o->f.n_macs || !o->f.hostname || !o->f.profile) {
		fprintf(stderr, "pxed host add: --mac, --hostname and --profile are required\n");
		return 2;
	}
	struct store_host h;
	memset(&h, 0, sizeof(h));
	h.netboot = true;
	if (host_fields_apply(s, "pxed host add", "--", &o->f, &h) < 0)
		return 1;
	if (store_host_add(s, &h) < 0) {
		fprintf(stderr, "pxed host add: %s\n", store_errmsg(s));
		return 1;
	}
	char macs[STORE_HOST_MACS * MAC_STRLEN + 8];
	macs_text(&h, macs, sizeof(macs));
	printf("host %s added (id %lld): MAC %s, profile %s, netboot %s\n", h.hostname,
	       (long long)h.id, macs, o->f.profile, h.netboot ? "on" : "off");
	return 0;
}

static int host_edit(struct store *s, const struct hopts *o)
{
	struct store_host h;
	if (cli_host_find("pxed host edit", s, o->key, &h) < 0)
		return 1;
	if (host_fields_apply(s, "pxed host edit", "--", &o->f, &h) < 0)
		return 1;
	if (store_host_update(s, &h) < 0) {
		fprintf(stderr, "pxed host edit: %s\n", store_errmsg(s));
		return 1;
	}
	printf("host %s changed\n", h.hostname);
	return 0;
}

struct list_ctx {
	struct cli_table t;
	struct cli_profile_names pn;
};

static int list_one(void *ctx, const struct store_host *h)
{
	struct list_ctx *l = ctx;
	char macs[STORE_HOST_MACS * MAC_STRLEN + 8], ip[IPV4_STRLEN] = "";
	macs_text(h, macs, sizeof(macs));
	if (h->ip)
		ipv4_to_str(h->ip, ip);
	const char *row[] = { h->hostname, macs, ip, h->uuid, cli_profile_name(&l->pn, h->profile_id),
			      h->netboot ? "on" : "off", store_phase_name(h->phase) };
	cli_table_row(&l->t, row);
	return 0;
}

static int host_list(struct store *s, const struct hopts *o)
{
	(void)o;
	struct list_ctx l;
	if (cli_profile_names_load("pxed host list", s, &l.pn) < 0)
		return 1;
	cli_table_init(&l.t, 7);
	static const char *const head[] = { "HOSTNAME", "MACS",    "IP",   "UUID",
					    "PROFILE",  "NETBOOT", "PHASE" };
	cli_table_row(&l.t, head);
	int r = store_host_foreach(s, list_one, &l);
	if (r < 0)
		fprintf(stderr, "pxed host list: %s\n", store_errmsg(s));
	else if ((r = cli_table_print(&l.t, stdout, "")) < 0)
		fprintf(stderr, "pxed host list: out of memory\n");
	cli_table_free(&l.t);
	cli_profile_names_free(&l.pn);
	return r < 0 ? 1 : 0;
}

struct timeline {
	struct store_event *v;
	size_t n;
};

static int keep_event(void *ctx, const struct store_event *e)
{
	struct timeline *t = ctx;
	struct store_event *nv = realloc(t->v, (t->n + 1) * sizeof(*nv));
	if (!nv)
		return -ENOMEM;
	t->v = nv;
	t->v[t->n++] = *e;
	return 0;
}

/* The timeline with the time each phase took to reach the next. */
static void print_timeline(const struct timeline *t)
{
	struct cli_table tab;
	cli_table_init(&tab, 4);
	for (size_t i = 0; i < t->n; i++) {
		char at[32], took[24] = "";
		host_json_time_ms(at, t->v[i].at_ms);
		if (i) {
			took[0] = '+';
			cli_duration(took + 1, sizeof(took) - 1, t->v[i].at_ms - t->v[i - 1].at_ms);
		}
		char detail[STORE_DETAIL_MAX * 4];
		str_escape(detail, sizeof(detail), t->v[i].detail, strlen(t->v[i].detail));
		const char *row[] = { at, store_phase_name(t->v[i].phase), took, detail };
		cli_table_row(&tab, row);
	}
	printf("timeline:\n");
	cli_table_print(&tab, stdout, "  ");
	cli_table_free(&tab);
}

static int host_show(struct store *s, const struct hopts *o)
{
	struct store_host h;
	if (cli_host_find("pxed host show", s, o->key, &h) < 0)
		return 1;
	struct store_profile p;
	int r = store_profile_get_id(s, h.profile_id, &p);
	struct timeline t = { 0 };
	if (r >= 0) {
		store_profile_clear(&p);
		r = store_event_foreach(s, h.id, keep_event, &t);
	}
	if (r < 0) {
		fprintf(stderr, "pxed host show: %s\n", r == -ENOMEM ? "out of memory" : store_errmsg(s));
		free(t.v);
		return 1;
	}
	char macs[STORE_HOST_MACS * MAC_STRLEN + 8], ip[IPV4_STRLEN] = "-", since[32], created[32],
		age[24], err[STORE_DETAIL_MAX * 4];
	macs_text(&h, macs, sizeof(macs));
	if (h.ip)
		ipv4_to_str(h.ip, ip);
	host_json_time_ms(since, h.phase_since_ms);
	host_json_time_ms(created, h.created * 1000);
	cli_duration(age, sizeof(age), cli_now_ms() - h.phase_since_ms);
	str_escape(err, sizeof(err), h.last_error, strlen(h.last_error));
	printf("hostname     %s\n"
	       "id           %lld\n"
	       "macs         %s\n"
	       "ip           %s\n"
	       "uuid         %s\n"
	       "profile      %s\n"
	       "netboot      %s\n"
	       "phase        %s since %s (%s ago)\n"
	       "last error   %s\n"
	       "token        %s\n"
	       "created      %s\n",
	       h.hostname, (long long)h.id, macs, ip, h.uuid[0] ? h.uuid : "-", p.name,
	       h.netboot ? "on (the next PXE boot installs)" : "off (boots from its disk)",
	       store_phase_name(h.phase), since, age, err[0] ? err : "-", h.token, created);
	print_timeline(&t);
	free(t.v);
	return 0;
}

static int host_remove(struct store *s, const struct hopts *o)
{
	struct store_host h;
	if (cli_host_find("pxed host remove", s, o->key, &h) < 0)
		return 1;
	if (store_host_remove(s, h.hostname) < 0) {
		fprintf(stderr, "pxed host remove: %s\n", store_errmsg(s));
		return 1;
	}
	printf("host %s removed\n", h.hostname);
	return 0;
}

/* Netboot on and the timeline back at `new`, together or not at all. */
static int host_reinstall(struct store *s, const struct hopts *o)
{
	struct store_host h;
	if (cli_host_find("pxed host reinstall", s, o->key, &h) < 0)
		return 1;
	struct store_event e = { .host_id = h.id, .phase = STORE_PHASE_NEW };
	snprintf(e.detail, sizeof(e.detail), "reinstall requested");
	int r = store_begin(s);
	if (r >= 0)
		r = store_host_set_netboot(s, h.id, true);
	if (r >= 0)
		r = store_event_add(s, &e);
	if (r >= 0)
		r = store_commit(s);
	if (r < 0) {
		fprintf(stderr, "pxed host reinstall: %s\n", store_errmsg(s));
		(void)store_rollback(s);
		return 1;
	}
	printf("host %s: netboot on, phase new: its next PXE boot installs\n", h.hostname);
	return 0;
}

int cmd_host(int argc, char **argv)
{
	static const struct cli_sub subs[] = {
		{ "add", true, false },	  { "edit", true, true },    { "list", false, false },
		{ "show", false, true },  { "remove", false, true }, { "reinstall", false, true },
		{ "import", false, true }, { "export", false, false },
	};
	/* import and export take options of their own */
	static int (*const own[])(int argc, char **argv) = { cli_host_import, cli_host_export };
	static int (*const run[])(struct store *s, const struct hopts *o) = {
		host_add, host_edit, host_list, host_show, host_remove, host_reinstall,
	};
	_Static_assert(sizeof(subs) / sizeof(subs[0]) ==
			       sizeof(run) / sizeof(run[0]) + sizeof(own) / sizeof(own[0]),
		       "one function per subcommand");
	int rc;
	int i = cli_sub_find("pxed host", argc, argv, subs, sizeof(subs) / sizeof(subs[0]), usage, &rc);
	if (i < 0)
		return rc;
	size_t nrun = sizeof(run) / sizeof(run[0]);
	if ((size_t)i >= nrun)
		return own[(size_t)i - nrun](argc - 1, argv + 1);
	struct hopts o;
	int r = parse(argc - 1, argv + 1, subs[i].fields, subs[i].named, &o);
	if (r != 0)
		return r < 0 ? 0 : r;
	struct store *s;
	if (cli_store_open("pxed host", &o.so, &s) < 0)
		return 1;
	rc = run[i](s, &o);
	store_close(s);
	return rc;
}
