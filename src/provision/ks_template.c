/* Rendering a profile's kickstart template for one host, adding the
 * install-tracking sections and validating the result. */
#include "provision/ks_template.h"

#include <errno.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "kickstart/ks_check.h"
#include "kickstart/ks_parse.h"
#include "core/buf.h"

void ks_vars_for_host(struct ks_vars *v, const struct store_host *h, const char *profile,
		      const char *distro, uint32_t server, uint16_t http_port)
{
	memset(v, 0, sizeof(*v));
	(void)str_copy(v->hostname, sizeof(v->hostname), h->hostname);
	if (h->ip)
		ipv4_to_str(h->ip, v->ip);
	if (h->n_macs)
		mac_to_str(h->macs[0], v->mac);
	(void)str_copy(v->uuid, sizeof(v->uuid), h->uuid);
	(void)str_copy(v->profile, sizeof(v->profile), profile);
	(void)str_copy(v->distro, sizeof(v->distro), distro);
	ipv4_to_str(server, v->server);
	snprintf(v->http_port, sizeof(v->http_port), "%u", (unsigned)http_port);
	snprintf(v->tree_url, sizeof(v->tree_url), "http://%s:%u/distros/%s", v->server,
		 (unsigned)http_port, v->distro);
	snprintf(v->ks_url, sizeof(v->ks_url), "http://%s:%u/ks/%s", v->server, (unsigned)http_port,
		 v->hostname);
	(void)str_copy(v->token, sizeof(v->token), h->token);
	snprintf(v->events_url, sizeof(v->events_url), "http://%s:%u/api/v1/hosts/%lld/events",
		 v->server, (unsigned)http_port, (long long)h->id);
}

void ks_vars_sample(struct ks_vars *v, const char *profile, const char *distro)
{
	struct store_host h;
	memset(&h, 0, sizeof(h));
	h.id = 1;
	snprintf(h.hostname, sizeof(h.hostname), "sample.example.com");
	h.ip = 0xc6120064; /* 198.18.0.100 */
	static const uint8_t mac[6] = { 0x52, 0x54, 0x00, 0x00, 0x00, 0x01 };
	memcpy(h.macs[0], mac, 6);
	h.n_macs = 1;
	snprintf(h.uuid, sizeof(h.uuid), "00000000-0000-4000-8000-000000000001");
	memset(h.token, '0', STORE_TOKEN_LEN);
	ks_vars_for_host(v, &h, profile, distro, 0xc6120001 /* 198.18.0.1 */, 8080);
}

/* ---- versions ---------------------------------------------------------- */

/* The version named PREFIX<number>, or -1. */
static int find_version(const char *prefix, int number)
{
	size_t n;
	const struct ks_version_info *vi = ks_versions(&n);
	char want[32];
	snprintf(want, sizeof(want), "%s%d", prefix, number);
	for (size_t i = 0; i < n; i++)
		if (strcmp(vi[i].name, want) == 0)
			return (int)vi[i].v;
	return -1;
}

/* The highest-numbered version whose name is PREFIX<digits>; its number
 * goes to *number. */
static int newest_version(const char *prefix, int *number)
{
	size_t n, plen = strlen(prefix);
	const struct ks_version_info *vi = ks_versions(&n);
	int best = -1;
	*number = -1;
	for (size_t i = 0; i < n; i++) {
		const char *d = vi[i].name + plen;
		if (strncmp(vi[i].name, prefix, plen) != 0 || *d < '0' || *d > '9')
			continue;
		int64_t num;
		if (str_to_int64(d, 0, 100000, &num) == 0 && num > *number) {
			*number = (int)num;
			best = (int)vi[i].v;
		}
	}
	return best;
}

int ks_template_version(const char *family, int major, enum ks_version *ret)
{
	int newest_f, newest_rhel, v;
	int f = newest_version("F", &newest_f);
	(void)newest_version("RHEL", &newest_rhel);
	if (family && strcasecmp(family, "fedora") == 0)
		v = find_version("F", major) >= 0 ? find_version("F", major) : f;
	else if (major > newest_rhel)
		v = f;
	else
		v = find_version("RHEL", major);
	if (v < 0)
		return -EINVAL;
	*ret = (enum ks_version)v;
	return 0;
}

/* ---- rendering --------------------------------------------------------- */

static const struct {
	const char *name;
	size_t off;
} vars[] = {
	{ "hostname", offsetof(struct ks_vars, hostname) },
	{ "ip", offsetof(struct ks_vars, ip) },
	{ "mac", offsetof(struct ks_vars, mac) },
	{ "uuid", offsetof(struct ks_vars, uuid) },
	{ "profile", offsetof(struct ks_vars, profile) },
	{ "distro", offsetof(struct ks_vars, distro) },
	{ "server", offsetof(struct ks_vars, server) },
	{ "http_port", offsetof(struct ks_vars, http_port) },
	{ "tree_url", offsetof(struct ks_vars, tree_url) },
	{ "ks_url", offsetof(struct ks_vars, ks_url) },
	{ "token", offsetof(struct ks_vars, token) },
	{ "events_url", offsetof(struct ks_vars, events_url) },
};

static const char *var_value(const struct ks_vars *v, const char *name, size_t len)
{
	for (size_t i = 0; i < sizeof(vars) / sizeof(vars[0]); i++)
		if (strlen(vars[i].name) == len && memcmp(vars[i].name, name, len) == 0)
			return (const char *)v + vars[i].off;
	return NULL;
}

static bool is_blank(char c)
{
	return c == ' ' || c == '\t';
}

static bool name_char(char c)
{
	return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_';
}

/* Reports at most this many template problems: enough to fix a file in one
 * go without flooding a terminal. */
#define MAX_PROBLEMS 20

struct render {
	const char *name;
	struct buf out, err;
	unsigned problems;
};

static void problem(struct render *r, unsigned line, const char *what, const char *word,
		    size_t wlen)
{
	if (r->problems++ >= MAX_PROBLEMS)
		return;
	char esc[96];
	str_escape(esc, sizeof(esc), word, wlen < 64 ? wlen : 64);
	buf_printf(&r->err, "%s%s:%u: %s '%s'%s", r->err.len ? "\n" : "", r->name, line, what, esc,
		  wlen > 64 ? "..." : "");
}

/* One `{{ ... }}` starting at p (after the braces) on `line`; returns the
 * offset just past the closing braces, or 0 when they are missing. */
static size_t one_var(struct render *r, const char *p, size_t n, unsigned line,
		      const struct ks_vars *v)
{
	size_t i = 0;
	while (i + 1 < n && !(p[i] == '}' && p[i + 1] == '}') && p[i] != '\n')
		i++;
	if (i + 1 >= n || p[i] == '\n')
		return 0;
	size_t a = 0, b = i;
	while (a < b && is_blank(p[a]))
		a++;
	while (b > a && is_blank(p[b - 1]))
		b--;
	bool ok = a < b;
	for (size_t k = a; k < b && ok; k++)
		ok = name_char(p[k]);
	const char *val = ok ? var_value(v, p + a, b - a) : NULL;
	if (!ok)
		problem(r, line, "bad variable name", p + a, b - a);
	else if (!val)
		problem(r, line, "unknown variable", p + a, b - a);
	else
		buf_puts(&r->out, val);
	return i + 2;
}

int ks_template_render(const char *name, const char *tmpl, size_t len, const struct ks_vars *v,
		       char **out, size_t *outlen, char **err)
{
	struct render r = { .name = name };
	unsigned line = 1;
	size_t i = 0;
	while (i < len) {
		const char *open = NULL;
		for (size_t k = i; k + 1 < len; k++)
			if (tmpl[k] == '{' && tmpl[k + 1] == '{') {
				open = tmpl + k;
				break;
			}
		size_t upto = open ? (size_t)(open - tmpl) : len;
		for (size_t k = i; k < upto; k++)
			line += tmpl[k] == '\n';
		buf_put(&r.out, tmpl + i, upto - i);
		if (!open)
			break;
		size_t used = one_var(&r, open + 2, len - upto - 2, line, v);
		if (used == 0) {
			problem(&r, line, "unterminated", "{{", 2);
			/* the rest of the line cannot be read as text either */
			i = upto + 2;
			while (i < len && tmpl[i] != '\n')
				i++;
			continue;
		}
		i = upto + 2 + used;
	}
	if (r.problems > MAX_PROBLEMS)
		buf_printf(&r.err, "\n%s: %u more problems", name, r.problems - MAX_PROBLEMS);
	if (r.problems) {
		buf_free(&r.out);
		return buf_take(&r.err, err, NULL) < 0 ? -ENOMEM : -EINVAL;
	}
	buf_free(&r.err);
	return buf_take(&r.out, out, outlen);
}

/* ---- tracking ---------------------------------------------------------- */

/* One report: curl where it exists (EL7 and later), else wget (EL6's
 * installer), and ':' so that an unreachable server never fails the
 * script. Values are pxed's own (hex token, numeric URL), so single quotes
 * need no escaping. */
static void report(struct buf *b, const struct ks_vars *v, const char *form)
{
	buf_printf(b,
		  "curl -fsS -m 10 -o /dev/null -H 'X-Pxed-Token: %s' -d '%s' '%s' >/dev/null 2>&1 ||"
		  " wget -q -T 10 -t 1 -O /dev/null --header='X-Pxed-Token: %s' --post-data='%s' '%s'"
		  " >/dev/null 2>&1 || :\n",
		  v->token, form, v->events_url, v->token, form, v->events_url);
}

int ks_template_add_tracking(char **text, size_t *len, const struct ks_vars *v)
{
	struct buf b = { .p = *text, .len = *len, .cap = *len + 1 };
	if (b.len && b.p[b.len - 1] != '\n')
		buf_putc(&b, '\n');
	buf_puts(&b, "\n# pxed: install tracking (reports to pxed; a failed report never fails the"
		    " install)\n%pre\n");
	report(&b, v, "phase=pre");
	/* --nochroot: the installer's environment has curl/wget and the
	 * network; the installed system may have neither. */
	buf_puts(&b, "%end\n%post --nochroot\n");
	report(&b, v, "phase=post");
	report(&b, v, "phase=done");
	buf_puts(&b, "%end\n%onerror\n");
	report(&b, v, "phase=failed&detail=the+installer+reported+an+error");
	buf_puts(&b, "%end\n");
	*text = NULL;
	return buf_take(&b, text, len);
}

/* ---- validation -------------------------------------------------------- */

int ks_template_validate(const char *name, const char *text, size_t len, enum ks_version ver,
			 char **err)
{
	struct ks_parse_opts po = { .version = ver };
	struct ks_doc *doc = NULL;
	if (ks_parse(name, text, len, &po, &doc) < 0)
		return -ENOMEM;
	struct ks_check_opts co = { .version = ver };
	struct ks_diags d = { 0 };
	int r = ks_check(doc, &co, &d);
	if (r >= 0 && d.errors) {
		struct buf b = { 0 };
		buf_printf(&b, "%s: not a valid kickstart for %s (%zu error%s)", name,
			  ks_version_name(ver), d.errors, d.errors == 1 ? "" : "s");
		char line[1024];
		for (size_t i = 0; i < d.n; i++) {
			if (d.v[i].sev != KS_SEV_ERROR)
				continue;
			ks_diag_format(&d.v[i], line, sizeof(line));
			buf_printf(&b, "\n%s", line);
		}
		r = buf_take(&b, err, NULL) < 0 ? -ENOMEM : -EINVAL;
	}
	ks_diags_free(&d);
	ks_doc_free(doc);
	return r < 0 ? r : 0;
}

int ks_template_build(const char *name, const char *tmpl, size_t len, const struct ks_vars *v,
		      const char *family, int major, char **out, size_t *outlen, char **err)
{
	enum ks_version ver;
	if (ks_template_version(family, major, &ver) < 0) {
		struct buf b = { 0 };
		buf_printf(&b, "%s: no kickstart version for %s %d (RHEL6 and later, Fedora)", name,
			  family ? family : "?", major);
		return buf_take(&b, err, NULL) < 0 ? -ENOMEM : -EINVAL;
	}
	char *text;
	size_t n;
	int r = ks_template_render(name, tmpl, len, v, &text, &n, err);
	if (r < 0)
		return r;
	r = ks_template_add_tracking(&text, &n, v);
	if (r < 0)
		return r;
	r = ks_template_validate(name, text, n, ver, err);
	if (r < 0) {
		free(text);
		return r;
	}
	*out = text;
	*outlen = n;
	return 0;
}
