/* pxed profile: a distro + a kickstart template + kernel arguments.
 *   pxed profile add NAME --distro D --kickstart FILE [--kernel-args ARGS]
 *   pxed profile list | show NAME | remove NAME
 *   pxed profile edit NAME [--distro D] [--kickstart FILE] [--kernel-args ARGS]
 * A template is stored only with its clear-text passwords hashed and after
 * a test rendering gave a kickstart valid for the distro's version. */
#include <errno.h>
#include <getopt.h>
#include <limits.h>
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
	fputs("usage: pxed profile add NAME --distro D --kickstart FILE [--kernel-args ARGS]\n"
	      "       pxed profile list\n"
	      "       pxed profile show NAME\n"
	      "       pxed profile edit NAME [--distro D] [--kickstart FILE] [--kernel-args ARGS]\n"
	      "       pxed profile remove NAME\n"
	      "A profile installs a distro with a kickstart template ({{hostname}}, {{ip}}, ...:\n"
	      "see docs/provisioning.md). Clear-text passwords in the template (rootpw, user\n"
	      "--password, sshpw) are stored as SHA-512 crypt hashes, bootloader --password as\n"
	      "GRUB 2's PBKDF2 hash (an MD5 crypt in --md5pass for EL6), and the template must render\n"
	      "to a kickstart valid for the distro's version. A profile used by hosts cannot be\n"
	      "removed.\n"
	      "  -d, --distro D         the distro it installs (pxed distro list)\n"
	      "  -k, --kickstart FILE   the kickstart template (- = standard input)\n"
	      "  -a, --kernel-args ARGS extra kernel arguments for the installer\n" CLI_STORE_USAGE
	      "Exit status: 0 done, 1 failed, 2 usage error.\n",
	      out);
}

struct popts {
	struct cli_store_opts so;
	const char *name;
	const char *distro, *kickstart, *kernel_args;
};

/* 0 parsed, 2 usage error, -1 help printed. */
static int parse(int argc, char **argv, bool fields, bool named, struct popts *o)
{
	static const struct option longopts[] = {
		{ "distro", required_argument, NULL, 'd' },
		{ "kickstart", required_argument, NULL, 'k' },
		{ "kernel-args", required_argument, NULL, 'a' },
		{ "help", no_argument, NULL, 'h' },
		CLI_STORE_LONGOPTS,
		{ 0 },
	};
	memset(o, 0, sizeof(*o));
	int c;
	optind = 1;
	opterr = 0;
	while ((c = getopt_long(argc, argv, "d:k:a:h", longopts, NULL)) != -1) {
		if (cli_store_opt(&o->so, c, optarg))
			continue;
		if (c == 'h') {
			usage(stdout);
			return -1;
		}
		if (!fields || (c != 'd' && c != 'k' && c != 'a')) {
			fprintf(stderr, "pxed profile %s: bad option %s\n", argv[0], argv[optind - 1]);
			return 2;
		}
		*(c == 'd' ? &o->distro : c == 'k' ? &o->kickstart : &o->kernel_args) = optarg;
	}
	if (argc - optind != (named ? 1 : 0)) {
		fprintf(stderr, "pxed profile %s: %s\n", argv[0],
			named ? "give one profile NAME" : "takes no arguments");
		return 2;
	}
	o->name = named ? argv[optind] : NULL;
	return 0;
}

/* Where the template came from, for display: its absolute path. */
static void set_path(struct store_profile *p, const char *path)
{
	char abs[PATH_MAX];
	if (strcmp(path, "-") == 0)
		path = "(standard input)";
	else if (realpath(path, abs))
		path = abs;
	if (str_copy(p->kickstart_path, sizeof(p->kickstart_path), path) < 0)
		p->kickstart_path[0] = '\0';
}

static int set_args(struct store_profile *p, const char *args)
{
	if (str_copy(p->kernel_args, sizeof(p->kernel_args), args) < 0) {
		fprintf(stderr, "pxed profile: --kernel-args: longer than %zu characters\n",
			sizeof(p->kernel_args) - 1);
		return -ENAMETOOLONG;
	}
	return 0;
}

static void say_hashed(const char *path, unsigned hashed)
{
	if (hashed)
		printf("%s: %u clear-text password%s stored as %s\n", path, hashed, hashed == 1 ? "" : "s",
		       hashed == 1 ? "a hash" : "hashes");
}

static int profile_add(struct store *s, const struct popts *o)
{
	if (!o->distro || !o->kickstart) {
		fprintf(stderr, "pxed profile add: --distro and --kickstart are required\n");
		return 2;
	}
	struct store_distro d;
	if (store_distro_get(s, o->distro, &d) < 0) {
		fprintf(stderr, "pxed profile add: %s\n", store_errmsg(s));
		return 1;
	}
	struct store_profile p;
	memset(&p, 0, sizeof(p));
	if (str_copy(p.name, sizeof(p.name), o->name) < 0) {
		fprintf(stderr, "pxed profile add: profile name too long: %s\n", o->name);
		return 1;
	}
	p.distro_id = d.id;
	if (o->kernel_args && set_args(&p, o->kernel_args) < 0)
		return 1;
	unsigned hashed = 0;
	if (cli_template_read("pxed profile add", o->kickstart, &d, &p.kickstart, &hashed) < 0)
		return 1;
	set_path(&p, o->kickstart);
	int rc = 1;
	if (cli_template_check(o->kickstart, p.kickstart, p.name, &d) < 0)
		fprintf(stderr, "pxed profile add: profile %s not added\n", p.name);
	else if (store_profile_add(s, &p) < 0)
		fprintf(stderr, "pxed profile add: %s\n", store_errmsg(s));
	else
		rc = 0;
	if (rc == 0) {
		say_hashed(o->kickstart, hashed);
		printf("profile %s added: distro %s, kickstart %s\n", p.name, d.name,
		       p.kickstart_path);
	}
	store_profile_clear(&p);
	return rc;
}

static int profile_edit(struct store *s, const struct popts *o)
{
	if (!o->distro && !o->kickstart && !o->kernel_args) {
		fprintf(stderr, "pxed profile edit: nothing to change (--distro, --kickstart, "
				"--kernel-args)\n");
		return 2;
	}
	struct store_profile p;
	if (store_profile_get(s, o->name, &p) < 0) {
		fprintf(stderr, "pxed profile edit: %s\n", store_errmsg(s));
		return 1;
	}
	struct store_distro d;
	int r = o->distro ? store_distro_get(s, o->distro, &d) : store_distro_get_id(s, p.distro_id, &d);
	if (r < 0)
		fprintf(stderr, "pxed profile edit: %s\n", store_errmsg(s));
	if (r >= 0 && o->kernel_args)
		r = set_args(&p, o->kernel_args);
	unsigned hashed = 0;
	if (r >= 0 && o->kickstart) {
		char *text;
		r = cli_template_read("pxed profile edit", o->kickstart, &d, &text, &hashed);
		if (r >= 0) {
			store_profile_clear(&p);
			p.kickstart = text;
			set_path(&p, o->kickstart);
		}
	}
	if (r >= 0)
		p.distro_id = d.id;
	/* a new distro may speak another kickstart version: the template is
	 * checked again whatever changed (the stored one is named after the
	 * profile: the file it came from may have changed since) */
	char stored[STORE_NAME_MAX + 16];
	snprintf(stored, sizeof(stored), "profile %s", p.name);
	const char *name = o->kickstart ? o->kickstart : stored;
	if (r >= 0 && (r = cli_template_check(name, p.kickstart, p.name, &d)) < 0)
		fprintf(stderr, "pxed profile edit: profile %s not changed\n", p.name);
	if (r >= 0 && (r = store_profile_update(s, &p)) < 0)
		fprintf(stderr, "pxed profile edit: %s\n", store_errmsg(s));
	if (r >= 0) {
		if (o->kickstart)
			say_hashed(o->kickstart, hashed);
		printf("profile %s changed: distro %s, kickstart %s\n", p.name, d.name,
		       p.kickstart_path[0] ? p.kickstart_path : "-");
	}
	store_profile_clear(&p);
	return r < 0 ? 1 : 0;
}

/* Host names per profile, for list (counts) and show (names). */
struct users {
	int64_t profile_id; /* 0 = every profile */
	size_t count;
	char names[1024];
};

static int count_user(void *ctx, const struct store_host *h)
{
	struct users *u = ctx;
	if (h->profile_id != u->profile_id)
		return 0;
	size_t n = strlen(u->names);
	if (n + strlen(h->hostname) + 8 < sizeof(u->names))
		snprintf(u->names + n, sizeof(u->names) - n, "%s%s", n ? ", " : "", h->hostname);
	else if (!strstr(u->names, ", ..."))
		snprintf(u->names + n, sizeof(u->names) - n, ", ...");
	u->count++;
	return 0;
}

static int users_of(struct store *s, int64_t profile_id, struct users *u)
{
	memset(u, 0, sizeof(*u));
	u->profile_id = profile_id;
	return store_host_foreach(s, count_user, u);
}

struct list_ctx {
	struct store *s;
	struct cli_table t;
};

static int list_one(void *ctx, const struct store_profile *p)
{
	struct list_ctx *l = ctx;
	struct store_distro d;
	const char *distro = store_distro_get_id(l->s, p->distro_id, &d) < 0 ? "?" : d.name;
	struct users u;
	int r = users_of(l->s, p->id, &u);
	if (r < 0)
		return r;
	char hosts[24];
	snprintf(hosts, sizeof(hosts), "%zu", u.count);
	const char *row[] = { p->name, distro, hosts, p->kickstart_path, p->kernel_args };
	cli_table_row(&l->t, row);
	return 0;
}

static int profile_list(struct store *s, const struct popts *o)
{
	(void)o;
	struct list_ctx l = { .s = s };
	cli_table_init(&l.t, 5);
	static const char *const head[] = { "NAME", "DISTRO", "HOSTS", "KICKSTART", "KERNEL-ARGS" };
	cli_table_row(&l.t, head);
	int r = store_profile_foreach(s, list_one, &l);
	if (r < 0)
		fprintf(stderr, "pxed profile list: %s\n", store_errmsg(s));
	else if ((r = cli_table_print(&l.t, stdout, "")) < 0)
		fprintf(stderr, "pxed profile list: out of memory\n");
	cli_table_free(&l.t);
	return r < 0 ? 1 : 0;
}

static int profile_show(struct store *s, const struct popts *o)
{
	struct store_profile p;
	if (store_profile_get(s, o->name, &p) < 0) {
		fprintf(stderr, "pxed profile show: %s\n", store_errmsg(s));
		return 1;
	}
	struct store_distro d;
	struct users u;
	int r = store_distro_get_id(s, p.distro_id, &d);
	if (r >= 0)
		r = users_of(s, p.id, &u);
	if (r < 0) {
		fprintf(stderr, "pxed profile show: %s\n", store_errmsg(s));
		store_profile_clear(&p);
		return 1;
	}
	char created[32];
	host_json_time_ms(created, p.created * 1000);
	printf("name         %s\n"
	       "distro       %s (%s %s, %s)\n"
	       "kickstart    %s\n"
	       "kernel args  %s\n"
	       "created      %s\n"
	       "hosts        %s\n"
	       "template:\n%s",
	       p.name, d.name, d.family, d.version, d.arch,
	       p.kickstart_path[0] ? p.kickstart_path : "-", p.kernel_args[0] ? p.kernel_args : "-",
	       created, u.count ? u.names : "none", p.kickstart);
	size_t n = strlen(p.kickstart);
	if (n && p.kickstart[n - 1] != '\n')
		putchar('\n');
	store_profile_clear(&p);
	return 0;
}

static int profile_remove(struct store *s, const struct popts *o)
{
	if (store_profile_remove(s, o->name) < 0) {
		fprintf(stderr, "pxed profile remove: %s\n", store_errmsg(s));
		return 1;
	}
	printf("profile %s removed\n", o->name);
	return 0;
}

int cmd_profile(int argc, char **argv)
{
	static const struct cli_sub subs[] = {
		{ "add", true, true },	 { "edit", true, true },     { "list", false, false },
		{ "show", false, true }, { "remove", false, true },
	};
	static int (*const run[])(struct store *s, const struct popts *o) = {
		profile_add, profile_edit, profile_list, profile_show, profile_remove,
	};
	_Static_assert(sizeof(subs) / sizeof(subs[0]) == sizeof(run) / sizeof(run[0]),
		       "one function per subcommand");
	int rc;
	int i = cli_sub_find("pxed profile", argc, argv, subs, sizeof(subs) / sizeof(subs[0]), usage,
			     &rc);
	if (i < 0)
		return rc;
	struct popts o;
	int r = parse(argc - 1, argv + 1, subs[i].fields, subs[i].named, &o);
	if (r != 0)
		return r < 0 ? 0 : r;
	struct store *s;
	if (cli_store_open("pxed profile", &o.so, &s) < 0)
		return 1;
	rc = run[i](s, &o);
	store_close(s);
	return rc;
}
