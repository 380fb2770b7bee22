/* pxed host import FILE [--update] [--dry-run]: a rack's hosts from CSV in
 * one transaction (every row valid or nothing written);
 * pxed host export: the same CSV from the store. */
#include "cli/host_import.h"

#include <ctype.h>
#include <errno.h>
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli/cli_catalog.h"
#include "cli/cli_store.h"
#include "cli/host_fields.h"
#include "cli/ks_cli.h"
#include "core/str.h"
#include "provision/host_csv.h"
#include "provision/host_key.h"

/* The file's own hosts by MAC, name, address and UUID, so that a row
 * repeating an earlier row's value is named with that row's line (the
 * store would only name the host). Open addressing; keys are owned. */
struct seen {
	char **key;
	unsigned *line;
	size_t cap, n;
};

static uint64_t hash(const char *s)
{
	uint64_t h = 1469598103934665603ull;
	for (; *s; s++)
		h = (h ^ (unsigned char)*s) * 1099511628211ull;
	return h;
}

static int seen_grow(struct seen *t)
{
	size_t cap = t->cap ? t->cap * 2 : 1024;
	char **key = calloc(cap, sizeof(*key));
	unsigned *line = calloc(cap, sizeof(*line));
	if (!key || !line) {
		free(key);
		free(line);
		return -ENOMEM;
	}
	for (size_t i = 0; i < t->cap; i++) {
		if (!t->key[i])
			continue;
		size_t k = hash(t->key[i]) & (cap - 1);
		while (key[k])
			k = (k + 1) & (cap - 1);
		key[k] = t->key[i];
		line[k] = t->line[i];
	}
	free(t->key);
	free(t->line);
	t->key = key;
	t->line = line;
	t->cap = cap;
	return 0;
}

/* The line that already holds key, or 0 after recording it for `line`;
 * -ENOMEM as a negative. */
static long seen_put(struct seen *t, const char *key, unsigned line)
{
	if ((t->n + 1) * 2 > t->cap && seen_grow(t) < 0)
		return -ENOMEM;
	size_t k = hash(key) & (t->cap - 1);
	for (; t->key[k]; k = (k + 1) & (t->cap - 1))
		if (strcmp(t->key[k], key) == 0)
			return t->line[k];
	if (!(t->key[k] = strdup(key)))
		return -ENOMEM;
	t->line[k] = line;
	t->n++;
	return 0;
}

/* The line that recorded key, or 0. */
static unsigned seen_find(const struct seen *t, const char *key)
{
	if (!t->cap)
		return 0;
	for (size_t k = hash(key) & (t->cap - 1); t->key[k]; k = (k + 1) & (t->cap - 1))
		if (strcmp(t->key[k], key) == 0)
			return t->line[k];
	return 0;
}

static void seen_free(struct seen *t)
{
	for (size_t i = 0; i < t->cap; i++)
		free(t->key[i]);
	free(t->key);
	free(t->line);
}

struct import {
	struct store *s;
	const char *file; /* as named in messages */
	bool update, dry_run;
	struct seen seen;
	struct cli_profile_names pn;
	unsigned errors, added, updated, unchanged;
};

/* Reports a value of this row that an earlier row has too. */
static int unique(struct import *im, const char *where, const char *kind, const char *what,
		  const char *value, unsigned line)
{
	char key[STORE_HOSTNAME_MAX + 8];
	snprintf(key, sizeof(key), "%s:%s", kind, value);
	long other = seen_put(&im->seen, key, line);
	if (other < 0) {
		fprintf(stderr, "%s: out of memory\n", where);
		return -ENOMEM;
	}
	if (other == line) {
		fprintf(stderr, "%s: %s %s is listed twice\n", where, what, value);
		return -EEXIST;
	}
	if (other > 0) {
		fprintf(stderr, "%s: %s %s is also on line %ld\n", where, what, value, other);
		return -EEXIST;
	}
	return 0;
}

static int unique_all(struct import *im, const char *where, const struct store_host *h,
		      unsigned line)
{
	int bad = 0;
	for (size_t i = 0; i < h->n_macs; i++) {
		char m[MAC_STRLEN];
		bad |= unique(im, where, "m", "MAC", mac_to_str(h->macs[i], m), line);
	}
	bad |= unique(im, where, "h", "host name", h->hostname, line);
	if (h->ip) {
		char a[IPV4_STRLEN];
		bad |= unique(im, where, "i", "address", ipv4_to_str(h->ip, a), line);
	}
	if (h->uuid[0])
		bad |= unique(im, where, "u", "UUID", h->uuid, line);
	return bad ? -EINVAL : 0;
}

/* The stored host a row names: by host name, else by one of its MACs.
 * 1 found (what matched in `by`: "host web1", "MAC 52:54:..."), 0 none,
 * or a negative errno (printed). */
static int find_existing(struct import *im, const char *where, const struct host_csv_row *row,
			 struct store_host *ret, char by[STORE_HOSTNAME_MAX + 8])
{
	int r = store_host_get(im->s, row->hostname, ret);
	snprintf(by, STORE_HOSTNAME_MAX + 8, "host %s", row->hostname);
	for (size_t i = 0; r == -ENOENT && i < row->n_macs; i++) {
		uint8_t mac[6];
		if (host_mac_parse(row->macs[i], mac) < 0)
			continue; /* host_fields_apply says why */
		r = store_host_get_mac(im->s, mac, ret);
		char m[MAC_STRLEN];
		snprintf(by, STORE_HOSTNAME_MAX + 8, "MAC %s", mac_to_str(mac, m));
	}
	if (r == -ENOENT)
		return 0;
	if (r < 0) {
		fprintf(stderr, "%s: %s\n", where, store_errmsg(im->s));
		return r;
	}
	return 1;
}

/* A host this import wrote or kept is recorded by id with its line. */
static void id_key(int64_t id, char key[32])
{
	snprintf(key, 32, "id:%lld", (long long)id);
}

static bool same_host(const struct store_host *a, const struct store_host *b)
{
	return strcmp(a->hostname, b->hostname) == 0 && a->ip == b->ip &&
	       strcmp(a->uuid, b->uuid) == 0 && a->profile_id == b->profile_id &&
	       a->netboot == b->netboot && a->n_macs == b->n_macs &&
	       memcmp(a->macs, b->macs, a->n_macs * 6) == 0;
}

/* "ip 198.18.0.5 -> 198.18.0.6, netboot on -> off" for --dry-run. */
static void describe_change(struct import *im, const struct store_host *a,
			    const struct store_host *b)
{
	char x[HOST_CSV_MACS_LEN], y[HOST_CSV_MACS_LEN];
	const char *sep = "";
	printf("would update %s:", a->hostname);
#define CHANGE(name, from, to)                                       \
	do {                                                         \
		printf("%s %s %s -> %s", sep, name, from, to);       \
		sep = ",";                                           \
	} while (0)
	if (strcmp(a->hostname, b->hostname) != 0)
		CHANGE("hostname", a->hostname, b->hostname);
	if (a->ip != b->ip) {
		if (a->ip)
			ipv4_to_str(a->ip, x);
		if (b->ip)
			ipv4_to_str(b->ip, y);
		CHANGE("ip", a->ip ? x : "none", b->ip ? y : "none");
	}
	if (strcmp(a->uuid, b->uuid) != 0)
		CHANGE("uuid", a->uuid[0] ? a->uuid : "none", b->uuid[0] ? b->uuid : "none");
	if (a->profile_id != b->profile_id)
		CHANGE("profile", cli_profile_name(&im->pn, a->profile_id),
		       cli_profile_name(&im->pn, b->profile_id));
	if (a->netboot != b->netboot)
		CHANGE("netboot", a->netboot ? "on" : "off", b->netboot ? "on" : "off");
	if (a->n_macs != b->n_macs || memcmp(a->macs, b->macs, a->n_macs * 6) != 0) {
		host_csv_macs(a, x);
		host_csv_macs(b, y);
		CHANGE("mac", x, y);
	}
#undef CHANGE
	printf("\n");
}

/* One data row checked and written (inside the import's transaction). */
static void import_row(struct import *im, const struct host_csv_row *row)
{
	char where[1100];
	snprintf(where, sizeof(where), "%s:%u", im->file, row->line);
	struct host_fields f = { .hostname = row->hostname, .ip = row->ip, .uuid = row->uuid,
				 .profile = row->profile, .netboot = row->netboot,
				 .n_macs = row->n_macs };
	memcpy(f.macs, row->macs, row->n_macs * sizeof(row->macs[0]));
	struct store_host old, h;
	char by[STORE_HOSTNAME_MAX + 8], key[32];
	int found = find_existing(im, where, row, &old, by);
	if (found < 0)
		goto bad;
	unsigned earlier = 0;
	if (found) {
		id_key(old.id, key);
		earlier = seen_find(&im->seen, key);
	}
	if (earlier) {
		fprintf(stderr, "%s: %s is also on line %u\n", where, by, earlier);
		goto bad;
	}
	if (found && !im->update) {
		if (strcmp(old.hostname, row->hostname) == 0)
			fprintf(stderr, "%s: host %s already exists (--update changes existing hosts)\n",
				where, old.hostname);
		else
			fprintf(stderr, "%s: %s already belongs to host %s (--update changes existing "
					"hosts)\n",
				where, by, old.hostname);
		goto bad;
	}
	if (!found && !row->profile) {
		fprintf(stderr, "%s: no profile (a new host needs one)\n", where);
		goto bad;
	}
	if (found) {
		h = old;
	} else {
		memset(&h, 0, sizeof(h));
		h.netboot = true;
	}
	if (host_fields_apply(im->s, where, "", &f, &h) < 0)
		goto bad;
	/* as the store keeps it, so that an unchanged row compares equal */
	for (char *p = h.uuid; *p; p++)
		*p = (char)tolower((unsigned char)*p);
	if (unique_all(im, where, &h, row->line) < 0)
		goto bad;
	bool unchanged = found && same_host(&old, &h);
	int r = unchanged ? 0 : found ? store_host_update(im->s, &h) : store_host_add(im->s, &h);
	if (r < 0) {
		fprintf(stderr, "%s: %s\n", where, store_errmsg(im->s));
		goto bad;
	}
	id_key(h.id, key);
	if (seen_put(&im->seen, key, row->line) < 0) {
		fprintf(stderr, "%s: out of memory\n", where);
		goto bad;
	}
	if (unchanged) {
		im->unchanged++;
		return;
	}
	if (found) {
		im->updated++;
		if (im->dry_run)
			describe_change(im, &old, &h);
	} else {
		im->added++;
		if (im->dry_run) {
			char m[HOST_CSV_MACS_LEN];
			host_csv_macs(&h, m);
			printf("would add %s: mac %s, profile %s\n", h.hostname, m,
			       cli_profile_name(&im->pn, h.profile_id));
		}
	}
	return;
bad:
	im->errors++;
}

/* Every record of the text; errors counted and printed as FILE:LINE. */
static int import_text(struct import *im, const char *text, size_t len)
{
	struct csv_reader rd;
	struct csv_record rec;
	csv_init(&rd, text, len);
	struct host_csv_header hdr;
	bool have_header = false;
	char err[256];
	int r;
	while ((r = csv_next(&rd, &rec)) != 0) {
		if (r == -ENOMEM)
			break;
		if (r < 0) {
			fprintf(stderr, "%s:%u: %s\n", im->file, rec.line, csv_error(&rd));
			im->errors++;
			if (!have_header)
				break; /* without the columns no row means anything */
			continue;
		}
		if (!have_header) {
			if (host_csv_header(&rec, &hdr, err, sizeof(err)) < 0) {
				fprintf(stderr, "%s:%u: %s\n", im->file, rec.line, err);
				im->errors++;
				break;
			}
			have_header = true;
			continue;
		}
		struct host_csv_row row;
		if (host_csv_row(&hdr, &rec, &row, err, sizeof(err)) < 0) {
			fprintf(stderr, "%s:%u: %s\n", im->file, rec.line, err);
			im->errors++;
			continue;
		}
		import_row(im, &row);
	}
	csv_free(&rd);
	if (r == -ENOMEM) {
		fprintf(stderr, "pxed host import: out of memory\n");
		return r;
	}
	if (!have_header && !im->errors) {
		fprintf(stderr, "%s: empty: a header line naming the columns "
				"(mac,hostname,ip,uuid,profile,netboot) comes first\n",
			im->file);
		im->errors++;
	}
	return 0;
}

static void import_usage(FILE *out)
{
	fputs("usage: pxed host import FILE [--update] [--dry-run]\n"
	      "Adds the hosts of a CSV file (FILE - reads standard input) in one transaction:\n"
	      "every row is valid and written, or nothing is. The header line names the\n"
	      "columns: mac (repeatable; ';' separates several MACs in one cell), hostname,\n"
	      "ip, uuid, profile, netboot -- as pxed host add's options. Every bad row is\n"
	      "reported as FILE:LINE.\n"
	      "      --update           change the hosts that exist (found by host name, else\n"
	      "                         by MAC) instead of refusing them\n"
	      "      --dry-run          check everything and print what would change; write nothing\n" CLI_STORE_USAGE
	      "Exit status: 0 done, 1 failed (nothing written), 2 usage error.\n",
	      out);
}

static void export_usage(FILE *out)
{
	fputs("usage: pxed host export\n"
	      "Writes every host as CSV (what pxed host import reads) to standard output.\n" CLI_STORE_USAGE,
	      out);
}

/* The options of import (im given) or export (im NULL) and their
 * positional arguments (one file, none): 0 parsed, -1 help printed,
 * 2 usage error (said). */
static int parse_opts(int argc, char **argv, struct import *im, struct cli_store_opts *so)
{
	enum { OPT_UPDATE = 0x300, OPT_DRY_RUN };
	static const struct option longopts[] = {
		{ "update", no_argument, NULL, OPT_UPDATE },
		{ "dry-run", no_argument, NULL, OPT_DRY_RUN },
		{ "help", no_argument, NULL, 'h' },
		CLI_STORE_LONGOPTS,
		{ 0 },
	};
	const char *prog = im ? "pxed host import" : "pxed host export";
	void (*usage)(FILE *out) = im ? import_usage : export_usage;
	int c;
	optind = 1;
	opterr = 0;
	while ((c = getopt_long(argc, argv, "h", longopts, NULL)) != -1) {
		if (cli_store_opt(so, c, optarg))
			continue;
		if (c == 'h') {
			usage(stdout);
			return -1;
		}
		if (im && (c == OPT_UPDATE || c == OPT_DRY_RUN)) {
			*(c == OPT_UPDATE ? &im->update : &im->dry_run) = true;
			continue;
		}
		fprintf(stderr, "%s: bad option %s\n", prog, argv[optind - 1]);
		usage(stderr);
		return 2;
	}
	if (argc - optind != (im ? 1 : 0)) {
		fprintf(stderr, "%s: %s\n", prog,
			im ? "give one file (- for standard input)"
			   : "takes no arguments (it writes to standard output)");
		return 2;
	}
	return 0;
}

int cli_host_import(int argc, char **argv)
{
	struct import im = { 0 };
	struct cli_store_opts so = { 0 };
	int rc = parse_opts(argc, argv, &im, &so);
	if (rc != 0)
		return rc < 0 ? 0 : rc;
	const char *path = argv[optind];
	im.file = strcmp(path, "-") == 0 ? "<stdin>" : path;
	char *text;
	size_t len;
	int r = ks_cli_read_file(path, &text, &len);
	if (r < 0) {
		fprintf(stderr, "pxed host import: %s: %s\n", im.file, strerror(-r));
		return 1;
	}
	if (cli_store_open("pxed host import", &so, &im.s) < 0) {
		free(text);
		return 1;
	}
	r = cli_profile_names_load("pxed host import", im.s, &im.pn);
	if (r >= 0 && (r = store_begin(im.s)) < 0)
		fprintf(stderr, "pxed host import: %s\n", store_errmsg(im.s));
	if (r >= 0)
		r = import_text(&im, text, len);
	bool write = r >= 0 && !im.errors && !im.dry_run && im.added + im.updated > 0;
	if (write && (r = store_commit(im.s)) < 0)
		fprintf(stderr, "pxed host import: %s: %s\n", im.file, store_errmsg(im.s));
	if (!write || r < 0)
		(void)store_rollback(im.s);
	if (r >= 0 && im.errors)
		fprintf(stderr, "pxed host import: %s: %u error%s; nothing written\n", im.file,
			im.errors, im.errors == 1 ? "" : "s");
	else if (r >= 0 && im.dry_run)
		printf("pxed host import: %s: %u to add, %u to update, %u unchanged (dry run: nothing "
		       "written)\n",
		       im.file, im.added, im.updated, im.unchanged);
	else if (r >= 0)
		printf("pxed host import: %s: %u added, %u updated, %u unchanged\n", im.file, im.added,
		       im.updated, im.unchanged);
	cli_profile_names_free(&im.pn);
	seen_free(&im.seen);
	store_close(im.s);
	free(text);
	return r < 0 || im.errors ? 1 : 0;
}

struct export_ctx {
	struct buf out;
	struct cli_profile_names pn;
};

static int export_one(void *ctx, const struct store_host *h)
{
	struct export_ctx *e = ctx;
	host_csv_put_host(&e->out, h, cli_profile_name(&e->pn, h->profile_id));
	return e->out.nomem ? -ENOMEM : 0;
}

int cli_host_export(int argc, char **argv)
{
	struct cli_store_opts so = { 0 };
	int rc = parse_opts(argc, argv, NULL, &so);
	if (rc != 0)
		return rc < 0 ? 0 : rc;
	struct store *s;
	if (cli_store_open("pxed host export", &so, &s) < 0)
		return 1;
	struct export_ctx e = { 0 };
	int r = cli_profile_names_load("pxed host export", s, &e.pn);
	if (r >= 0) {
		host_csv_put_header(&e.out);
		r = store_host_foreach(s, export_one, &e);
		if (r < 0)
			fprintf(stderr, "pxed host export: %s\n",
				r == -ENOMEM ? "out of memory" : store_errmsg(s));
	}
	if (r >= 0 && e.out.nomem) {
		fprintf(stderr, "pxed host export: out of memory\n");
		r = -ENOMEM;
	}
	if (r >= 0 && (fwrite(e.out.p, 1, e.out.len, stdout) != e.out.len || fflush(stdout) != 0)) {
		fprintf(stderr, "pxed host export: writing standard output: %s\n", strerror(errno));
		r = -EIO;
	}
	buf_free(&e.out);
	cli_profile_names_free(&e.pn);
	store_close(s);
	return r < 0 ? 1 : 0;
}
