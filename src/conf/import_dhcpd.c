#include "conf/import_dhcpd.h"

#include <errno.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "conf/conf_check.h"
#include "conf/conf_load.h"
#include "conf/conf_opt.h"
#include "conf/dhcpd_cond.h"
#include "conf/dhcpd_lex.h"
#include "conf/dhcpd_value.h"
#include "core/str.h"
#include "core/wr.h"

/* ---- the state of one import ---- */

/* An option defined in the file with `option NAME code N = TYPE;`. */
struct udef {
	char *name;
	unsigned code;
	struct dhcpd_vtype vt;
};

enum scope_kind { SC_GLOBAL, SC_GROUP, SC_SHARED, SC_SUBNET, SC_POOL, SC_HOST, SC_CLASS };

/* Settings written directly in one block. Unset: 0 / NULL / -1. */
struct params {
	struct conf_optset opts;
	char *boot[BOOT_ARCH_COUNT];
	uint32_t next_server;
	int next_line;
	uint32_t lease, max_lease;
	int deny_unknown, allow_bootp, allow_booting, authoritative, use_decl_names;
	uint32_t subnet_mask;
	int mask_line;     /* > 0 when `option subnet-mask` was given */
	bool mask_reported;
	/* hosts */
	uint8_t (*macs)[6];
	size_t nmacs;
	uint8_t *client_id;
	size_t client_id_len;
	uint32_t ip;
	char *hostname;
	int deny;
};

struct scope {
	enum scope_kind kind;
	struct scope *up;
	struct params p;
	long subnet; /* SC_SUBNET: index in dhcp.subnets; SC_POOL: its subnet or -1 */
	int npools;  /* SC_SUBNET: pools declared in it */
	bool has_subnets; /* SC_GROUP: declares subnets (else only hosts) */
};

/* Report lines are collected and printed sorted by line: the walk reads
 * a block's settings before its declarations, not in file order. */
struct rline {
	int line;
	size_t seq;
	char *text;
};

struct imp {
	const char *file;
	FILE *report;
	struct rline *lines;
	size_t nlines;
	struct pxed_conf *c;
	bool oom;
	struct udef *udefs;
	size_t nudefs;
	bool authoritative_seen;
};

static void vrep(struct imp *im, int line, const char *fmt, va_list ap) __attribute__((format(printf, 3, 0)));
static void vrep(struct imp *im, int line, const char *fmt, va_list ap)
{
	char buf[512];
	vsnprintf(buf, sizeof(buf), fmt, ap);
	/* option names and other words from the file may hold control
	 * characters; statements themselves come escaped by dstmt_format */
	for (char *q = buf; *q; q++)
		if ((unsigned char)*q < 0x20 || *q == 0x7f)
			*q = '?';
	struct rline *nl = realloc(im->lines, (im->nlines + 1) * sizeof(*nl));
	char *text = strdup(buf);
	if (nl)
		im->lines = nl;
	if (!nl || !text) {
		free(text);
		im->oom = true;
		return;
	}
	nl[im->nlines] = (struct rline){ .line = line, .seq = im->nlines, .text = text };
	im->nlines++;
}

/* One report line about `line` (0: the whole file): "KIND: TEXT". */
static void rep(struct imp *im, int line, const char *fmt, ...) __attribute__((format(printf, 3, 4)));
static void rep(struct imp *im, int line, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	vrep(im, line, fmt, ap);
	va_end(ap);
}

static void notc(struct imp *im, const struct dstmt *s, const char *fmt, ...) __attribute__((format(printf, 3, 4)));
static void notc(struct imp *im, const struct dstmt *s, const char *fmt, ...)
{
	char text[160], why[320];
	dstmt_format(s, text, sizeof(text));
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(why, sizeof(why), fmt, ap);
	va_end(ap);
	rep(im, s->line, "not carried over: %s (%s)", text, why);
}

static int rline_cmp(const void *a, const void *b)
{
	const struct rline *x = a, *y = b;
	if (x->line != y->line)
		return x->line < y->line ? -1 : 1;
	return x->seq < y->seq ? -1 : x->seq > y->seq;
}

static void flush_report(struct imp *im)
{
	if (im->nlines)
		qsort(im->lines, im->nlines, sizeof(*im->lines), rline_cmp);
	for (size_t i = 0; i < im->nlines; i++) {
		if (im->lines[i].line > 0)
			fprintf(im->report, "%s:%d: %s\n", im->file, im->lines[i].line, im->lines[i].text);
		else
			fprintf(im->report, "%s: %s\n", im->file, im->lines[i].text);
		free(im->lines[i].text);
	}
	free(im->lines);
	im->lines = NULL;
	im->nlines = 0;
}

static void params_init(struct params *p)
{
	memset(p, 0, sizeof(*p));
	p->deny_unknown = p->allow_bootp = p->allow_booting = p->authoritative = p->use_decl_names = -1;
	p->deny = -1;
}

static void params_free(struct params *p)
{
	conf_optset_free(&p->opts);
	for (int a = 0; a < BOOT_ARCH_COUNT; a++)
		free(p->boot[a]);
	free(p->macs);
	free(p->client_id);
	free(p->hostname);
}

static char *dup_or_oom(struct imp *im, const char *s)
{
	char *d = strdup(s);
	if (!d)
		im->oom = true;
	return d;
}

/* Later statements in one scope override earlier ones, as in dhcpd. */
static void opt_set(struct imp *im, struct conf_optset *set, uint8_t code, const uint8_t *data, size_t len)
{
	for (size_t i = 0; i < set->n; i++) {
		if (set->v[i].code != code)
			continue;
		free(set->v[i].data);
		set->v[i] = set->v[--set->n];
		break;
	}
	if (conf_optset_add(set, code, data, len) == -ENOMEM)
		im->oom = true;
}

/* ---- option names and values ---- */

static const struct udef *find_udef(const struct imp *im, const char *name)
{
	for (size_t i = im->nudefs; i > 0; i--)
		if (!strcmp(im->udefs[i - 1].name, name))
			return &im->udefs[i - 1];
	return NULL;
}

/* Resolves an option name to a code and type; false when unknown. */
static bool resolve_option(const struct imp *im, const char *name, unsigned *code, struct dhcpd_vtype *vt)
{
	const struct udef *u = find_udef(im, name);
	if (u) {
		*code = u->code;
		*vt = u->vt;
		return true;
	}
	const struct conf_opt_info *info = conf_opt_by_name(name);
	if (!info)
		return false;
	*code = info->code;
	*vt = dhcpd_vtype_builtin(info);
	return true;
}

static int code_of(const void *ctx, const char *name)
{
	unsigned code;
	struct dhcpd_vtype vt;
	return resolve_option(ctx, name, &code, &vt) ? (int)code : -1;
}

/* ---- boot files ---- */

/* Picks the architectures a filename under arch set `cs` is for, and sets
 * them in p. Narrow sets (explicit arch tests): every arch in the set.
 * Broad sets ("any PXE client", else, not): the default file, i.e. the
 * first of bios, efi-x64 (http-x64 for HTTP clients) that the set
 * includes and that no earlier statement took. */
static void assign_boot(struct imp *im, struct params *p, const struct dhcpd_cond *cs, const struct dstmt *s,
			const char *file)
{
	if (!cs->broad) {
		for (int a = 0; a < BOOT_ARCH_COUNT; a++) {
			if (!(cs->archs & DHCPD_ARCH_BIT(a)))
				continue;
			if (p->boot[a])
				notc(im, s, "the %s boot file is already \"%s\" here", conf_arch_name(a), p->boot[a]);
			else
				p->boot[a] = dup_or_oom(im, file);
		}
		return;
	}
	/* HTTP boot only for sets of HTTP clients ("HTTPClient" matches):
	 * an else branch meant for PXE must not become the HTTP boot URL */
	static const int pref[] = { BOOT_ARCH_BIOS, BOOT_ARCH_EFI_X64, BOOT_ARCH_HTTP_X64 };
	for (size_t k = 0; k < sizeof(pref) / sizeof(pref[0]); k++) {
		int a = pref[k];
		if (a == BOOT_ARCH_HTTP_X64 && (cs->archs & ~DHCPD_ARCH_HTTP))
			continue;
		if (!(cs->archs & DHCPD_ARCH_BIT(a)) || p->boot[a])
			continue;
		p->boot[a] = dup_or_oom(im, file);
		return;
	}
	notc(im, s, "every architecture this could apply to already has a boot file here");
}

/* A file name from a string token: printable, no NUL. */
static const char *file_arg(struct imp *im, const struct dstmt *s, size_t i)
{
	if (s->ntok != i + 1 || s->tok[i].kind == DT_PUNCT) {
		notc(im, s, "expected one quoted file name");
		return NULL;
	}
	const struct dtok *t = &s->tok[i];
	if (t->len == 0 || !conf_text_ok(t->text, t->len)) {
		notc(im, s, "the file name is empty or has control characters");
		return NULL;
	}
	return t->text;
}

/* ---- statements ---- */

static const struct {
	const char *word;
	const char *why;
} unsupported[] = {
	{ "ddns-update-style", "not needed: pxed does not update DNS" },
	{ "ddns-updates", "not needed: pxed does not update DNS" },
	{ "ddns-domainname", "not needed: pxed does not update DNS" },
	{ "ddns-rev-domainname", "not needed: pxed does not update DNS" },
	{ "ddns-hostname", "not needed: pxed does not update DNS" },
	{ "ddns-ttl", "not needed: pxed does not update DNS" },
	{ "update-static-leases", "not needed: pxed does not update DNS" },
	{ "update-optimization", "not needed: pxed does not update DNS" },
	{ "update-conflict-detection", "not needed: pxed does not update DNS" },
	{ "do-forward-updates", "not needed: pxed does not update DNS" },
	{ "key", "not needed: pxed does not update DNS" },
	{ "zone", "not needed: pxed does not update DNS" },
	{ "log-facility", "not needed: pxed logs to stderr or syslog, see log: in pxed.conf" },
	{ "lease-file-name", "not needed: pxed keeps its leases in state_dir" },
	{ "db-time-format", "not needed: pxed keeps its leases in state_dir" },
	{ "pid-file-name", "not needed: pxed writes no pid file" },
	{ "ping-check", "pxed does not ping addresses before offering them" },
	{ "ping-timeout", "pxed does not ping addresses before offering them" },
	{ "local-address", "choose interfaces with dhcp.interfaces" },
	{ "local-port", "pxed listens on port 67" },
	{ "server-identifier", "the server identifier is the receiving interface's address" },
	{ "server-name", "pxed does not fill in the server name field" },
	{ "omapi-port", "pxed has no OMAPI" },
	{ "omapi-key", "pxed has no OMAPI" },
	{ "failover", "failover is not supported" },
	{ "min-lease-time", "pxed has no minimum lease time" },
	{ "dynamic-bootp-lease-length", "BOOTP leases follow lease_time" },
	{ "dynamic-bootp-lease-cutoff", "BOOTP leases follow lease_time" },
	{ "on", "event hooks are not supported" },
	{ "subclass", "subclasses are not supported" },
	{ "spawn", "spawning classes is not supported" },
	{ "host-identifier", "hosts are recognized by MAC address or client identifier only" },
	{ "subnet6", "IPv6 is not supported" },
	{ "range6", "IPv6 is not supported" },
	{ "prefix6", "IPv6 is not supported" },
	{ "fixed-address6", "IPv6 is not supported" },
	{ "fixed-prefix6", "IPv6 is not supported" },
	{ "one-lease-per-client", "not supported by pxed" },
	{ "always-broadcast", "not supported by pxed" },
	{ "always-reply-rfc1048", "not supported by pxed" },
	{ "boot-unknown-clients", "use deny_unknown on a subnet" },
	{ "get-lease-hostnames", "not supported by pxed" },
	{ "stash-agent-options", "not supported by pxed" },
	{ "site-option-space", "option spaces are not supported" },
	{ "vendor-option-space", "option spaces are not supported" },
};

static const char *unsupported_why(const char *word)
{
	for (size_t i = 0; i < sizeof(unsupported) / sizeof(unsupported[0]); i++)
		if (!strcmp(unsupported[i].word, word))
			return unsupported[i].why;
	return NULL;
}

static const char *scope_name(enum scope_kind k)
{
	switch (k) {
	case SC_GLOBAL: return "global";
	case SC_GROUP: return "group";
	case SC_SHARED: return "shared-network";
	case SC_SUBNET: return "subnet";
	case SC_POOL: return "pool";
	case SC_HOST: return "host";
	case SC_CLASS: return "class";
	}
	return "?";
}

static void add_range(struct imp *im, struct scope *sc, const struct dstmt *s);

/* `option ...` in any scope. */
static void stmt_option(struct imp *im, struct scope *sc, const struct dstmt *s)
{
	const char *name = dstmt_word(s, 1);
	if (!name || s->tok[1].kind != DT_WORD) {
		notc(im, s, "expected an option name");
		return;
	}
	if (!strcmp(name, "space")) {
		notc(im, s, "option spaces are not supported");
		return;
	}
	/* option NAME code N = TYPE; */
	if (dstmt_is(s, 2, "code") && dstmt_punct(s, 4, '=')) {
		int64_t code;
		const char *cw = dstmt_word(s, 3);
		if (strchr(name, '.')) {
			notc(im, s, "option spaces are not supported");
			return;
		}
		if (!cw || str_to_int64(cw, 1, 254, &code) < 0) {
			notc(im, s, "the option code must be 1-254");
			return;
		}
		struct udef *nu = realloc(im->udefs, (im->nudefs + 1) * sizeof(*nu));
		if (!nu) {
			im->oom = true;
			return;
		}
		im->udefs = nu;
		char *dn = dup_or_oom(im, name);
		if (!dn)
			return;
		nu[im->nudefs++] = (struct udef){ .name = dn, .code = (unsigned)code, .vt = dhcpd_vtype_parse(s, 5) };
		if (!nu[im->nudefs - 1].vt.ok)
			notc(im, s, "this option type cannot be expressed in pxed.conf; values of %s are not carried over", name);
		return;
	}
	if (strchr(name, '.') && !find_udef(im, name)) {
		notc(im, s, "option spaces are not supported");
		return;
	}
	unsigned code;
	struct dhcpd_vtype vt;
	if (!resolve_option(im, name, &code, &vt)) {
		notc(im, s, "unknown option; define it with `option %s code N = TYPE;` first", name);
		return;
	}
	if (sc->kind == SC_POOL) {
		notc(im, s, "pxed has no per-pool settings");
		return;
	}
	uint8_t buf[CONF_OPT_MAX_LEN + 1];
	struct wr w = wr_init(buf, sizeof(buf));
	/* options with a home of their own in pxed.conf */
	if (code == 61) {
		if (sc->kind != SC_HOST) {
			notc(im, s, "a client identifier only identifies a host");
			return;
		}
		vt = (struct dhcpd_vtype){ .t = COT_HEX, .string = true, .ok = true };
	}
	if (code == 67) {
		const char *f = file_arg(im, s, 2);
		struct dhcpd_cond all = { .kind = DC_SET, .archs = DHCPD_ARCH_ALL, .broad = true };
		if (f)
			assign_boot(im, &sc->p, &all, s, f);
		return;
	}
	const char *why = dhcpd_value_encode(s, 2, &vt, &w);
	if (why) {
		notc(im, s, "%s", why);
		return;
	}
	if (code == 1) {
		if (w.len != 4) {
			notc(im, s, "not an IPv4 netmask");
			return;
		}
		sc->p.subnet_mask = (uint32_t)buf[0] << 24 | (uint32_t)buf[1] << 16 | (uint32_t)buf[2] << 8 | buf[3];
		sc->p.mask_line = s->line;
		return;
	}
	if (code == 61) {
		if (w.len < 2 || w.len > 255) {
			notc(im, s, "a client identifier has 2 to 255 bytes");
			return;
		}
		free(sc->p.client_id);
		sc->p.client_id = malloc(w.len);
		if (!sc->p.client_id) {
			im->oom = true;
			return;
		}
		memcpy(sc->p.client_id, buf, w.len);
		sc->p.client_id_len = w.len;
		return;
	}
	if (code == 12 && sc->kind == SC_HOST) {
		if (!conf_text_ok(buf, w.len)) {
			notc(im, s, "the host name has control characters or invalid UTF-8");
			return;
		}
		free(sc->p.hostname);
		sc->p.hostname = malloc(w.len + 1);
		if (!sc->p.hostname) {
			im->oom = true;
			return;
		}
		memcpy(sc->p.hostname, buf, w.len);
		sc->p.hostname[w.len] = 0;
		return;
	}
	const char *reserved = conf_opt_reserved(code);
	if (reserved) {
		notc(im, s, "%s", reserved);
		return;
	}
	if (sc->kind == SC_CLASS) {
		notc(im, s, "pxed has no per-class options");
		return;
	}
	opt_set(im, &sc->p.opts, (uint8_t)code, buf, w.len);
}

static bool parse_duration_word(const struct dstmt *s, uint32_t *ret)
{
	int64_t v;
	const char *w = dstmt_word(s, 1);
	if (s->ntok != 2 || !w || str_to_int64(w, 1, UINT32_MAX, &v) < 0)
		return false;
	*ret = (uint32_t)v;
	return true;
}

/* allow/deny/ignore X */
static void stmt_permit(struct imp *im, struct scope *sc, const struct dstmt *s)
{
	bool allow = dstmt_is(s, 0, "allow");
	const char *what = dstmt_word(s, 1);
	if (!what || s->ntok != 2) {
		notc(im, s, "%s", dstmt_is(s, 1, "members") || dstmt_is(s, 1, "known-clients") ||
					  dstmt_is(s, 1, "dynamic")
				      ? "pxed has no class-based permit lists"
				      : "not supported by pxed");
		return;
	}
	if (!strcmp(what, "unknown-clients")) {
		if (sc->kind == SC_HOST || sc->kind == SC_CLASS || (sc->kind == SC_GROUP && !sc->has_subnets)) {
			notc(im, s, "only meaningful for a subnet");
			return;
		}
		if (sc->kind == SC_POOL) {
			struct scope *sub = sc->up;
			while (sub && sub->kind != SC_SUBNET)
				sub = sub->up;
			if (!sub || sub->npools != 1) {
				notc(im, s, "pxed has no per-pool permit lists (the subnet has several pools)");
				return;
			}
			/* one pool: its permit list is the subnet's */
			im->c->dhcp.subnets[sub->subnet].deny_unknown = !allow;
			return;
		}
		sc->p.deny_unknown = !allow;
		return;
	}
	if (!strcmp(what, "bootp")) {
		if (sc->kind == SC_HOST || sc->kind == SC_POOL || sc->kind == SC_CLASS ||
		    (sc->kind == SC_GROUP && !sc->has_subnets)) {
			notc(im, s, "pxed allows or denies BOOTP per subnet or globally");
			return;
		}
		sc->p.allow_bootp = allow;
		return;
	}
	if (!strcmp(what, "booting")) {
		if (sc->kind == SC_HOST) {
			sc->p.deny = !allow;
			return;
		}
		if (sc->kind == SC_GLOBAL) {
			sc->p.allow_booting = allow;
			return;
		}
		notc(im, s, "pxed allows or denies booting globally or per host");
		return;
	}
	if (!strcmp(what, "client-updates"))
		notc(im, s, "not needed: pxed does not update DNS");
	else if (!strcmp(what, "declines") || !strcmp(what, "duplicates") || !strcmp(what, "leasequery"))
		notc(im, s, "not supported by pxed");
	else if (!strcmp(what, "known-clients"))
		notc(im, s, "pxed has no class-based permit lists");
	else
		notc(im, s, "not supported by pxed");
}

static void stmt_host_only(struct imp *im, struct scope *sc, const struct dstmt *s)
{
	const char *w0 = s->tok[0].text;
	if (sc->kind != SC_HOST) {
		notc(im, s, "only meaningful in a host declaration");
		return;
	}
	if (!strcmp(w0, "hardware")) {
		uint8_t mac[6];
		if (!dstmt_is(s, 1, "ethernet")) {
			notc(im, s, "pxed recognizes Ethernet hardware addresses only");
			return;
		}
		if (s->ntok != 3 || s->tok[2].kind != DT_WORD || str_to_mac(s->tok[2].text, mac) < 0) {
			notc(im, s, "not a MAC address");
			return;
		}
		uint8_t(*nm)[6] = realloc(sc->p.macs, (sc->p.nmacs + 1) * sizeof(*nm));
		if (!nm) {
			im->oom = true;
			return;
		}
		sc->p.macs = nm;
		memcpy(nm[sc->p.nmacs++], mac, 6);
		return;
	}
	if (!strcmp(w0, "fixed-address")) {
		uint32_t ip;
		const char *a = dstmt_word(s, 1);
		if (!a || str_to_ipv4(a, &ip) < 0) {
			notc(im, s, "%s", a && dhcpd_looks_like_hostname(a) ? "the address is a host name; pxed needs an IPv4 address"
									: "not an IPv4 address");
			return;
		}
		if (s->ntok > 2)
			notc(im, s, "pxed gives a host one fixed address; %s is carried over, the others are not", a);
		sc->p.ip = ip;
		return;
	}
	if (!strcmp(w0, "uid")) {
		uint8_t buf[256];
		struct wr w = wr_init(buf, sizeof(buf));
		struct dhcpd_vtype vt = { .t = COT_HEX, .string = true, .ok = true };
		const char *why = dhcpd_value_encode(s, 1, &vt, &w);
		if (why || w.len < 2 || w.len > 255) {
			notc(im, s, "%s", why ? why : "a client identifier has 2 to 255 bytes");
			return;
		}
		free(sc->p.client_id);
		sc->p.client_id = malloc(w.len);
		if (!sc->p.client_id) {
			im->oom = true;
			return;
		}
		memcpy(sc->p.client_id, buf, w.len);
		sc->p.client_id_len = w.len;
	}
}

static void do_if_chain_branch(struct imp *im, struct scope *sc, const struct dstmt *kids, size_t n,
			       const struct dhcpd_cond *cs);

/* if / elsif / else starting at kids[i]; returns the index of its last part. */
static size_t do_if_chain(struct imp *im, struct scope *sc, const struct dstmt *kids, size_t n, size_t i,
			  const struct dhcpd_cond *parent)
{
	unsigned taken = 0;
	bool broken = false;
	for (size_t k = i; k < n; k++) {
		const struct dstmt *s = &kids[k];
		bool is_if = k == i;
		bool is_elsif = !is_if && (dstmt_is(s, 0, "elsif") || (dstmt_is(s, 0, "else") && dstmt_is(s, 1, "if")));
		bool is_else = !is_if && !is_elsif && dstmt_is(s, 0, "else") && s->ntok == 1;
		if (!is_if && !is_elsif && !is_else)
			return k - 1;
		if (!s->block) {
			notc(im, s, "expected a block");
			return k;
		}
		struct dhcpd_cond c;
		if (is_else) {
			c = (struct dhcpd_cond){ .kind = DC_SET, .archs = DHCPD_ARCH_ALL & ~taken, .broad = true };
		} else {
			size_t first = dstmt_is(s, 0, "else") ? 2 : 1;
			c = dhcpd_cond_parse(s, first, code_of, im);
		}
		if (broken || c.kind != DC_SET) {
			/* once one branch is not understood, which clients reach
			 * the later ones is not known either */
			if (!broken)
				notc(im, s, "condition not understood; only client architecture (option 93), vendor class and user class tests are");
			else
				notc(im, s, "follows a condition that was not understood");
			broken = true;
		} else {
			struct dhcpd_cond eff = dhcpd_cond_and(*parent, c);
			do_if_chain_branch(im, sc, s->kids, s->nkids, &eff);
			if (!c.broad)
				taken |= c.archs;
		}
		if (is_else)
			return k;
	}
	return n - 1;
}

/* Statements inside an if branch or a class: boot choices only. */
static void do_if_chain_branch(struct imp *im, struct scope *sc, const struct dstmt *kids, size_t n,
			       const struct dhcpd_cond *cs)
{
	for (size_t i = 0; i < n; i++) {
		const struct dstmt *s = &kids[i];
		if (dstmt_is(s, 0, "if")) {
			i = do_if_chain(im, sc, kids, n, i, cs);
			continue;
		}
		if (dstmt_is(s, 0, "filename")) {
			const char *f = file_arg(im, s, 1);
			if (f)
				assign_boot(im, &sc->p, cs, s, f);
			continue;
		}
		if (dstmt_is(s, 0, "option") && dstmt_word(s, 1)) {
			unsigned code;
			struct dhcpd_vtype vt;
			if (resolve_option(im, s->tok[1].text, &code, &vt) && code == 67) {
				const char *f = file_arg(im, s, 2);
				if (f)
					assign_boot(im, &sc->p, cs, s, f);
				continue;
			}
		}
		if (dstmt_is(s, 0, "next-server")) {
			uint32_t ip;
			const char *a = dstmt_word(s, 1);
			if (!cs->broad || !(cs->archs & DHCPD_ARCH_BIT(BOOT_ARCH_BIOS))) {
				notc(im, s, "pxed has one next-server per subnet or host, not one per architecture");
			} else if (s->ntok != 2 || !a || str_to_ipv4(a, &ip) < 0) {
				notc(im, s, "%s", a && dhcpd_looks_like_hostname(a) ? "the address is a host name; pxed needs an IPv4 address"
										: "not an IPv4 address");
			} else {
				sc->p.next_server = ip;
				sc->p.next_line = s->line;
			}
			continue;
		}
		if (dstmt_is(s, 0, "match"))
			continue; /* the class's own condition, already used */
		notc(im, s, "pxed only carries boot file choices out of conditional blocks and classes");
	}
}

/* One statement that is not a declaration (pass 1). */
static void param(struct imp *im, struct scope *sc, const struct dstmt *s)
{
	const char *w0 = dstmt_word(s, 0);
	if (!w0 || s->tok[0].kind != DT_WORD) {
		notc(im, s, "not a statement");
		return;
	}
	const char *why = unsupported_why(w0);
	if (why) {
		notc(im, s, "%s", why);
		return;
	}
	if (!strcmp(w0, "include")) {
		const char *f = dstmt_word(s, 1);
		char e[128];
		str_escape(e, sizeof(e), f ? f : "", f ? strlen(f) : 0);
		notc(im, s, "include files are not followed: import %s separately and merge it", e);
		return;
	}
	if (!strcmp(w0, "option")) {
		stmt_option(im, sc, s);
		return;
	}
	if (!strcmp(w0, "range")) {
		add_range(im, sc, s);
		return;
	}
	if (!strcmp(w0, "allow") || !strcmp(w0, "deny") || !strcmp(w0, "ignore")) {
		stmt_permit(im, sc, s);
		return;
	}
	if (!strcmp(w0, "hardware") || !strcmp(w0, "fixed-address") || !strcmp(w0, "uid")) {
		stmt_host_only(im, sc, s);
		return;
	}
	if (sc->kind == SC_POOL) {
		notc(im, s, "pxed has no per-pool settings");
		return;
	}
	if (!strcmp(w0, "filename")) {
		const char *f = file_arg(im, s, 1);
		struct dhcpd_cond all = { .kind = DC_SET, .archs = DHCPD_ARCH_ALL, .broad = true };
		if (f)
			assign_boot(im, &sc->p, &all, s, f);
		return;
	}
	if (!strcmp(w0, "next-server")) {
		uint32_t ip;
		const char *a = dstmt_word(s, 1);
		if (s->ntok != 2 || !a || str_to_ipv4(a, &ip) < 0) {
			notc(im, s, "%s", a && dhcpd_looks_like_hostname(a) ? "the address is a host name; pxed needs an IPv4 address"
									: "not an IPv4 address");
		} else {
			sc->p.next_server = ip;
			sc->p.next_line = s->line;
		}
		return;
	}
	if (!strcmp(w0, "default-lease-time") || !strcmp(w0, "max-lease-time")) {
		uint32_t v;
		if (sc->kind == SC_HOST || sc->kind == SC_CLASS || (sc->kind == SC_GROUP && !sc->has_subnets)) {
			notc(im, s, "pxed sets lease times globally or per subnet");
		} else if (!parse_duration_word(s, &v)) {
			notc(im, s, "expected a number of seconds");
		} else if (w0[0] == 'd') {
			sc->p.lease = v;
		} else {
			sc->p.max_lease = v;
		}
		return;
	}
	if (!strcmp(w0, "authoritative") || (!strcmp(w0, "not") && dstmt_is(s, 1, "authoritative"))) {
		if (sc->kind != SC_GLOBAL) {
			notc(im, s, "authoritative is a global setting in pxed");
			return;
		}
		sc->p.authoritative = w0[0] == 'a';
		return;
	}
	if (!strcmp(w0, "use-host-decl-names")) {
		const char *v = dstmt_word(s, 1);
		if (s->ntok == 2 && v && (!strcmp(v, "on") || !strcmp(v, "true")))
			sc->p.use_decl_names = 1;
		else if (s->ntok == 2 && v && (!strcmp(v, "off") || !strcmp(v, "false")))
			sc->p.use_decl_names = 0;
		else
			notc(im, s, "expected on or off");
		return;
	}
	if (!strcmp(w0, "elsif") || !strcmp(w0, "else")) {
		notc(im, s, "no matching if");
		return;
	}
	if (!strcmp(w0, "match")) {
		notc(im, s, "only meaningful in a class");
		return;
	}
	notc(im, s, "not supported by pxed");
}

static bool is_declaration(const struct dstmt *s)
{
	static const char *const decl[] = { "subnet", "shared-network", "group", "host", "pool", "class", NULL };
	if (!s->block)
		return false;
	for (int i = 0; decl[i]; i++)
		if (dstmt_is(s, 0, decl[i]))
			return true;
	return false;
}

static void walk(struct imp *im, struct scope *sc, const struct dstmt *kids, size_t n);

/* Copies settings of the scopes between `from` (exclusive) and the first
 * scope of kind stop1/stop2 (exclusive) into dst: inner scopes win. */
static void merge_up(struct imp *im, struct params *dst, const struct scope *from, enum scope_kind stop1,
		     enum scope_kind stop2)
{
	for (const struct scope *a = from; a && a->kind != stop1 && a->kind != stop2; a = a->up) {
		if (conf_optset_copy(&dst->opts, &a->p.opts) == -ENOMEM)
			im->oom = true;
		for (int b = 0; b < BOOT_ARCH_COUNT; b++)
			if (!dst->boot[b] && a->p.boot[b])
				dst->boot[b] = dup_or_oom(im, a->p.boot[b]);
		if (!dst->next_server)
			dst->next_server = a->p.next_server;
		if (!dst->lease)
			dst->lease = a->p.lease;
		if (!dst->max_lease)
			dst->max_lease = a->p.max_lease;
		if (dst->deny_unknown < 0)
			dst->deny_unknown = a->p.deny_unknown;
		if (dst->allow_bootp < 0)
			dst->allow_bootp = a->p.allow_bootp;
	}
}

static void copy_boot(struct imp *im, struct conf_boot *dst, char *const src[BOOT_ARCH_COUNT])
{
	for (int a = 0; a < BOOT_ARCH_COUNT; a++)
		if (src[a] && !dst->file[a])
			dst->file[a] = dup_or_oom(im, src[a]);
}

static void add_range(struct imp *im, struct scope *sc, const struct dstmt *s)
{
	size_t i = 1;
	if (dstmt_is(s, 1, "dynamic-bootp"))
		i = 2;
	uint32_t a, b;
	const char *w1 = dstmt_word(s, i), *w2 = dstmt_word(s, i + 1);
	if (!w1 || str_to_ipv4(w1, &a) < 0 || s->ntok > i + 2 || (w2 && str_to_ipv4(w2, &b) < 0)) {
		notc(im, s, "expected range [dynamic-bootp] ADDRESS [ADDRESS]");
		return;
	}
	if (!w2)
		b = a;
	if (a > b) { /* dhcpd accepts either order */
		uint32_t t = a;
		a = b;
		b = t;
	}
	struct conf_dhcp *d = &im->c->dhcp;
	long si = -1;
	if (sc->kind == SC_SUBNET || (sc->kind == SC_POOL && sc->subnet >= 0)) {
		si = sc->subnet;
	} else if (sc->kind == SC_POOL) {
		/* a pool of a shared-network: the subnet holding the range */
		for (size_t k = 0; k < d->nsubnets && si < 0; k++)
			if ((a & d->subnets[k].netmask) == d->subnets[k].network)
				si = (long)k;
		if (si < 0) {
			notc(im, s, "no subnet of this shared-network contains the range");
			return;
		}
	} else {
		notc(im, s, "a range belongs in a subnet or pool");
		return;
	}
	struct conf_subnet *sub = &d->subnets[si];
	struct conf_range *nr = realloc(sub->ranges, (sub->nranges + 1) * sizeof(*nr));
	if (!nr) {
		im->oom = true;
		return;
	}
	sub->ranges = nr;
	nr[sub->nranges++] = (struct conf_range){ .start = a, .end = b };
}

static void check_mask(struct imp *im, struct params *p, const struct conf_subnet *sub)
{
	if (p->mask_line && p->subnet_mask != sub->netmask && !p->mask_reported) {
		char a[IPV4_STRLEN], b[IPV4_STRLEN];
		rep(im, p->mask_line, "not carried over: option subnet-mask %s; (pxed sends the subnet's netmask %s)",
		    ipv4_to_str(p->subnet_mask, a), ipv4_to_str(sub->netmask, b));
		p->mask_reported = true;
	}
}

static void decl_subnet(struct imp *im, struct scope *sc, const struct dstmt *s)
{
	uint32_t net, mask;
	const char *a = dstmt_word(s, 1), *m = dstmt_word(s, 3);
	if (s->ntok != 4 || !dstmt_is(s, 2, "netmask") || !a || !m || str_to_ipv4(a, &net) < 0 ||
	    str_to_ipv4(m, &mask) < 0) {
		notc(im, s, "expected subnet ADDRESS netmask MASK");
		return;
	}
	for (const struct scope *up = sc; up; up = up->up)
		if (up->kind != SC_GLOBAL && up->kind != SC_GROUP && up->kind != SC_SHARED) {
			notc(im, s, "a subnet cannot be declared inside a %s", scope_name(up->kind));
			return;
		}
	struct conf_dhcp *d = &im->c->dhcp;
	struct conf_subnet *ns = realloc(d->subnets, (d->nsubnets + 1) * sizeof(*ns));
	if (!ns) {
		im->oom = true;
		return;
	}
	d->subnets = ns;
	struct conf_subnet *sub = &ns[d->nsubnets];
	memset(sub, 0, sizeof(*sub));
	sub->network = net;
	sub->netmask = mask;
	sub->allow_bootp = -1;
	sub->pos = (struct conf_pos){ .file = im->file, .line = s->line };
	long idx = (long)d->nsubnets++;

	struct scope me = { .kind = SC_SUBNET, .up = sc, .subnet = idx };
	params_init(&me.p);
	for (size_t i = 0; i < s->nkids; i++)
		if (s->kids[i].block && dstmt_is(&s->kids[i], 0, "pool"))
			me.npools++;
	walk(im, &me, s->kids, s->nkids);
	params_free(&me.p);
}

/* After the subnet's own statements were read (walk pass 1): its settings
 * plus those of enclosing groups and shared-networks. */
static void materialize_subnet(struct imp *im, struct scope *me)
{
	struct conf_subnet *sub = &im->c->dhcp.subnets[me->subnet];
	struct params m;
	params_init(&m);
	merge_up(im, &m, me, SC_GLOBAL, SC_GLOBAL);
	const struct scope *g = me;
	for (struct scope *a = me; a; a = a->up) {
		check_mask(im, &a->p, sub);
		g = a;
	}
	/* pxed has no global unknown-clients setting: the global one is
	 * every subnet's unless the subnet (or its groups) said otherwise */
	if (m.deny_unknown < 0)
		m.deny_unknown = g->p.deny_unknown;
	if (conf_optset_copy(&sub->options, &m.opts) == -ENOMEM)
		im->oom = true;
	copy_boot(im, &sub->boot, m.boot);
	sub->next_server = m.next_server;
	sub->lease_time = m.lease;
	sub->max_lease_time = m.max_lease;
	if (m.deny_unknown >= 0)
		sub->deny_unknown = m.deny_unknown;
	sub->allow_bootp = m.allow_bootp;
	params_free(&m);
}

static bool same_host_settings(const struct conf_host *x, const struct conf_host *y)
{
	if (x->next_server != y->next_server || x->deny != y->deny || x->client_id || y->client_id)
		return false;
	for (int a = 0; a < BOOT_ARCH_COUNT; a++) {
		if (!x->boot.file[a] != !y->boot.file[a])
			return false;
		if (x->boot.file[a] && strcmp(x->boot.file[a], y->boot.file[a]))
			return false;
	}
	if (x->options.n != y->options.n)
		return false;
	for (size_t i = 0; i < x->options.n; i++) {
		const struct conf_option *o = conf_optset_get(&y->options, x->options.v[i].code);
		if (!o || o->len != x->options.v[i].len || memcmp(o->data, x->options.v[i].data, o->len))
			return false;
	}
	return true;
}

static void host_free(struct conf_host *h)
{
	free(h->name);
	free(h->macs);
	free(h->client_id);
	free(h->hostname);
	for (int a = 0; a < BOOT_ARCH_COUNT; a++)
		free(h->boot.file[a]);
	conf_optset_free(&h->options);
	memset(h, 0, sizeof(*h));
}

/* Adds h to the conf, resolving what pxed.conf cannot express twice. Takes
 * ownership of h's contents. */
static void add_host(struct imp *im, struct conf_host *h, const struct dstmt *s)
{
	struct conf_dhcp *d = &im->c->dhcp;
	char mb[MAC_STRLEN], ab[IPV4_STRLEN];
	for (size_t i = 0; i < d->nhosts; i++) {
		struct conf_host *o = &d->hosts[i];
		for (size_t m = 0; m < h->nmacs; m++)
			for (size_t k = 0; k < o->nmacs; k++)
				if (!memcmp(h->macs[m], o->macs[k], 6)) {
					notc(im, s, "hardware ethernet %s already belongs to host %s", mac_to_str(h->macs[m], mb),
					     o->name);
					host_free(h);
					return;
				}
		if (h->client_id && o->client_id && h->client_id_len == o->client_id_len &&
		    !memcmp(h->client_id, o->client_id, h->client_id_len)) {
			notc(im, s, "its client identifier already belongs to host %s", o->name);
			host_free(h);
			return;
		}
	}
	for (size_t i = 0; h->ip && i < d->nhosts; i++) {
		struct conf_host *o = &d->hosts[i];
		if (o->ip != h->ip)
			continue;
		if (h->nmacs && o->nmacs && same_host_settings(h, o)) {
			uint8_t(*nm)[6] = realloc(o->macs, (o->nmacs + h->nmacs) * sizeof(*nm));
			if (!nm) {
				im->oom = true;
				host_free(h);
				return;
			}
			memcpy(nm + o->nmacs, h->macs, h->nmacs * sizeof(*nm));
			o->macs = nm;
			o->nmacs += h->nmacs;
			rep(im, s->line, "changed: host %s merged into host %s (same fixed-address %s: one pxed host with several macs)",
				h->name, o->name, ipv4_to_str(h->ip, ab));
			host_free(h);
			return;
		}
		rep(im, s->line, "not carried over: fixed-address %s of host %s (it already belongs to host %s; this host gets a pool address)",
		    ipv4_to_str(h->ip, ab), h->name, o->name);
		h->ip = 0;
		break;
	}
	if (h->ip) {
		bool inside = false;
		for (size_t i = 0; i < d->nsubnets && !inside; i++)
			inside = (h->ip & d->subnets[i].netmask) == d->subnets[i].network;
		if (!inside) {
			rep(im, s->line, "not carried over: fixed-address %s of host %s (not inside any subnet of this file; the host gets a pool address)",
			    ipv4_to_str(h->ip, ab), h->name);
			h->ip = 0;
		}
	}
	/* names label hosts in pxed's logs and must be unique */
	for (int n = 2; n < 10000; n++) {
		bool dup = false;
		for (size_t i = 0; i < d->nhosts && !dup; i++)
			dup = !strcmp(d->hosts[i].name, h->name);
		if (!dup)
			break;
		char nn[300];
		const char *base = h->name;
		char *dash = strrchr(base, '-');
		size_t bl = n > 2 && dash ? (size_t)(dash - base) : strlen(base);
		snprintf(nn, sizeof(nn), "%.*s-%d", (int)(bl > 250 ? 250 : bl), base, n);
		char *copy = dup_or_oom(im, nn);
		if (!copy) {
			host_free(h);
			return;
		}
		if (n == 2)
			rep(im, s->line, "changed: host %s renamed to %s (host names must be unique)", h->name, nn);
		free(h->name);
		h->name = copy;
	}
	struct conf_host *nh = realloc(d->hosts, (d->nhosts + 1) * sizeof(*nh));
	if (!nh) {
		im->oom = true;
		host_free(h);
		return;
	}
	d->hosts = nh;
	nh[d->nhosts++] = *h;
}

static void decl_host(struct imp *im, struct scope *sc, const struct dstmt *s)
{
	const char *name = dstmt_word(s, 1);
	if (s->ntok != 2 || !name || !s->tok[1].len || !conf_text_ok(s->tok[1].text, s->tok[1].len)) {
		notc(im, s, "expected host NAME");
		return;
	}
	if (sc->kind == SC_HOST || sc->kind == SC_CLASS || sc->kind == SC_POOL) {
		notc(im, s, "a host cannot be declared inside a %s", scope_name(sc->kind));
		return;
	}
	struct scope me = { .kind = SC_HOST, .up = sc, .subnet = -1 };
	params_init(&me.p);
	walk(im, &me, s->kids, s->nkids);
	if (!me.p.nmacs && !me.p.client_id) {
		notc(im, s, "no hardware ethernet or dhcp-client-identifier: pxed could not recognize it");
		params_free(&me.p);
		return;
	}
	struct params m;
	params_init(&m);
	/* host settings plus enclosing groups up to the subnet (whose settings
	 * pxed applies itself) or the global scope */
	merge_up(im, &m, &me, SC_SUBNET, SC_GLOBAL);
	int use_names = -1;
	for (const struct scope *a = &me; a && use_names < 0; a = a->up)
		use_names = a->p.use_decl_names;

	struct conf_host h = { .pos = { .file = im->file, .line = s->line } };
	h.name = dup_or_oom(im, name);
	h.macs = me.p.macs;
	h.nmacs = me.p.nmacs;
	me.p.macs = NULL;
	h.client_id = me.p.client_id;
	h.client_id_len = me.p.client_id_len;
	me.p.client_id = NULL;
	h.ip = me.p.ip;
	h.next_server = m.next_server;
	h.deny = me.p.deny == 1;
	/* option host-name of an enclosing group is the host's hostname */
	const struct conf_option *o12 = conf_optset_get(&m.opts, 12);
	if (me.p.hostname) {
		h.hostname = me.p.hostname;
		me.p.hostname = NULL;
	} else if (o12 && conf_text_ok(o12->data, o12->len) && o12->len) {
		h.hostname = malloc(o12->len + 1u);
		if (h.hostname) {
			memcpy(h.hostname, o12->data, o12->len);
			h.hostname[o12->len] = 0;
		} else {
			im->oom = true;
		}
	} else if (use_names == 1) {
		h.hostname = dup_or_oom(im, name);
	}
	for (size_t i = 0; i < m.opts.n; i++)
		if (m.opts.v[i].code != 12 &&
		    conf_optset_add(&h.options, m.opts.v[i].code, m.opts.v[i].data, m.opts.v[i].len) == -ENOMEM)
			im->oom = true;
	copy_boot(im, &h.boot, m.boot);
	params_free(&m);
	params_free(&me.p);
	if (!h.name) {
		host_free(&h);
		return;
	}
	add_host(im, &h, s);
}

static void decl_class(struct imp *im, struct scope *sc, const struct dstmt *s)
{
	if (sc->kind != SC_GLOBAL) {
		notc(im, s, "classes are global in dhcpd; this one is inside a %s", scope_name(sc->kind));
		return;
	}
	const struct dstmt *match = NULL;
	for (size_t i = 0; i < s->nkids; i++)
		if (dstmt_is(&s->kids[i], 0, "match") && dstmt_is(&s->kids[i], 1, "if"))
			match = &s->kids[i];
	struct dhcpd_cond c = { .kind = DC_UNKNOWN };
	if (match)
		c = dhcpd_cond_parse(match, 2, code_of, im);
	if (c.kind != DC_SET) {
		notc(im, s, "%s", match ? "its match condition is not understood; only client architecture (option 93), vendor class and user class tests are"
					: "a class without `match if` (subclasses) is not supported");
		return;
	}
	/* a class is a condition on the global scope */
	do_if_chain_branch(im, sc, s->kids, s->nkids, &c);
}

/* Whether a group declares subnets, directly or in nested groups and
 * shared-networks: if not, its subnet-level settings have no carrier. */
static bool declares_subnets(const struct dstmt *s, int depth)
{
	for (size_t i = 0; i < s->nkids && depth < DCONF_MAX_DEPTH; i++) {
		const struct dstmt *k = &s->kids[i];
		if (!k->block)
			continue;
		if (dstmt_is(k, 0, "subnet"))
			return true;
		if ((dstmt_is(k, 0, "group") || dstmt_is(k, 0, "shared-network")) && declares_subnets(k, depth + 1))
			return true;
	}
	return false;
}

static void decl(struct imp *im, struct scope *sc, const struct dstmt *s)
{
	if (dstmt_is(s, 0, "subnet")) {
		decl_subnet(im, sc, s);
	} else if (dstmt_is(s, 0, "host")) {
		decl_host(im, sc, s);
	} else if (dstmt_is(s, 0, "class")) {
		decl_class(im, sc, s);
	} else if (dstmt_is(s, 0, "shared-network") || dstmt_is(s, 0, "group")) {
		bool shared = dstmt_is(s, 0, "shared-network");
		/* groups go anywhere hosts or subnets do; shared-networks only
		 * where subnets do */
		bool ok = sc->kind == SC_GLOBAL || sc->kind == SC_GROUP ||
			  (!shared && (sc->kind == SC_SUBNET || sc->kind == SC_SHARED));
		for (const struct scope *a = sc; shared && a; a = a->up)
			ok &= a->kind == SC_GLOBAL || a->kind == SC_GROUP;
		if (!ok) {
			notc(im, s, "cannot be declared inside a %s", scope_name(sc->kind));
			return;
		}
		if (shared)
			notc(im, s, "pxed has no shared networks; its subnets are imported individually");
		struct scope me = { .kind = shared ? SC_SHARED : SC_GROUP, .up = sc, .subnet = sc->subnet,
				    .has_subnets = declares_subnets(s, 0) };
		params_init(&me.p);
		walk(im, &me, s->kids, s->nkids);
		params_free(&me.p);
	} else if (dstmt_is(s, 0, "pool")) {
		if (sc->kind != SC_SUBNET && sc->kind != SC_SHARED) {
			notc(im, s, "a pool belongs in a subnet or shared-network");
			return;
		}
		struct scope me = { .kind = SC_POOL, .up = sc, .subnet = sc->kind == SC_SUBNET ? sc->subnet : -1 };
		params_init(&me.p);
		walk(im, &me, s->kids, s->nkids);
		params_free(&me.p);
	}
}

/* Pass 1: the settings of this block; then the subnet (if it is one) takes
 * them; pass 2: the declarations inside, which inherit them. */
static void walk(struct imp *im, struct scope *sc, const struct dstmt *kids, size_t n)
{
	for (size_t i = 0; i < n && !im->oom; i++) {
		const struct dstmt *s = &kids[i];
		if (is_declaration(s))
			continue;
		if (dstmt_is(s, 0, "if")) {
			struct dhcpd_cond all = { .kind = DC_SET, .archs = DHCPD_ARCH_ALL, .broad = true };
			if (sc->kind == SC_POOL) {
				notc(im, s, "pxed has no per-pool settings");
				while (i + 1 < n && (dstmt_is(&kids[i + 1], 0, "elsif") || dstmt_is(&kids[i + 1], 0, "else")))
					notc(im, &kids[++i], "pxed has no per-pool settings");
				continue;
			}
			i = do_if_chain(im, sc, kids, n, i, &all);
			continue;
		}
		if (s->block) {
			const char *w0 = dstmt_word(s, 0);
			const char *why = w0 ? unsupported_why(w0) : NULL;
			if (dstmt_is(s, 0, "elsif") || dstmt_is(s, 0, "else"))
				why = "no matching if";
			notc(im, s, "%s", why ? why : "not supported by pxed");
			continue;
		}
		param(im, sc, s);
	}
	if (sc->kind == SC_SUBNET)
		materialize_subnet(im, sc);
	for (size_t i = 0; i < n && !im->oom; i++)
		if (is_declaration(&kids[i]))
			decl(im, sc, &kids[i]);
}

/* The global scope's settings go to conf.dhcp, and next-server, which pxed
 * only has per subnet, into every subnet that has none. */
static void finish_global(struct imp *im, struct scope *g)
{
	struct conf_dhcp *d = &im->c->dhcp;
	if (conf_optset_copy(&d->options, &g->p.opts) == -ENOMEM)
		im->oom = true;
	copy_boot(im, &d->boot, g->p.boot);
	if (g->p.lease)
		d->lease_time = g->p.lease;
	if (g->p.max_lease)
		d->max_lease_time = g->p.max_lease;
	/* dhcpd is not authoritative unless told so */
	d->authoritative = g->p.authoritative == 1;
	if (g->p.allow_bootp >= 0)
		d->allow_bootp = g->p.allow_bootp;
	if (g->p.allow_booting >= 0)
		d->allow_booting = g->p.allow_booting;
	/* after all declarations, since a class may set it after the subnets */
	for (size_t i = 0; i < d->nsubnets; i++)
		if (!d->subnets[i].next_server)
			d->subnets[i].next_server = g->p.next_server;
	if (g->p.next_server && d->nsubnets == 0)
		rep(im, g->p.next_line, "not carried over: next-server (pxed sets it per subnet and this file declares none)");
}

int import_dhcpd_string(const char *name, const char *text, size_t len, struct pxed_conf *ret, FILE *report)
{
	struct pxed_conf c;
	conf_init(&c);
	c.path = strdup(name ? name : "<dhcpd.conf>");
	if (!c.path || !c.state_dir || !c.user || !c.tftp.root || !c.http.root) {
		conf_free(&c);
		return -ENOMEM;
	}
	struct dconf dc;
	int r = dconf_parse(c.path, text, len, &dc, report);
	if (r < 0) {
		conf_free(&c);
		return r;
	}
	struct imp im = { .file = c.path, .report = report, .c = &c };
	struct scope g = { .kind = SC_GLOBAL, .subnet = -1 };
	params_init(&g.p);
	walk(&im, &g, dc.top.kids, dc.top.nkids);
	finish_global(&im, &g);
	params_free(&g.p);
	for (size_t i = 0; i < im.nudefs; i++)
		free(im.udefs[i].name);
	free(im.udefs);
	dconf_free(&dc);
	flush_report(&im);
	if (im.oom) {
		fprintf(report, "%s: error: out of memory\n", c.path);
		conf_free(&c);
		return -ENOMEM;
	}
	int warnings = 0;
	if (conf_check(&c, NULL, report, &warnings) > 0) {
		conf_free(&c);
		return -EINVAL;
	}
	*ret = c;
	return 0;
}

int import_dhcpd_file(const char *path, struct pxed_conf *ret, FILE *report)
{
	char *buf;
	size_t len;
	int r = conf_read_file(path, &buf, &len, report);
	if (r < 0)
		return r;
	r = import_dhcpd_string(path, buf, len, ret, report);
	free(buf);
	return r;
}
