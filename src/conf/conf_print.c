#include "conf/conf_print.h"

#include <errno.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "conf/conf_opt.h"
#include "core/str.h"

/* Words YAML readers (1.1 and 1.2) turn into booleans or null when plain. */
static bool reserved_word(const char *s)
{
	static const char *const w[] = { "true", "false", "yes", "no", "on", "off", "y", "n", "null", "~", NULL };
	for (int i = 0; w[i]; i++)
		if (strcasecmp(s, w[i]) == 0)
			return true;
	return false;
}

/* Plain only for a conservative character set, so that no YAML reader sees
 * a number, boolean, key or comment in it. */
static bool plain_ok(const char *s)
{
	if (!*s || reserved_word(s))
		return false;
	char c0 = s[0];
	if (!((c0 >= 'a' && c0 <= 'z') || (c0 >= 'A' && c0 <= 'Z') || (c0 >= '0' && c0 <= '9') || c0 == '/' ||
	      c0 == '.' || c0 == '_'))
		return false;
	for (const char *p = s; *p; p++) {
		char c = *p;
		if (!((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '.' ||
		      c == '_' || c == '-' || c == '/' || c == '+'))
			return false;
	}
	return true;
}

static void put_quoted(FILE *out, const char *s, size_t len)
{
	fputc('"', out);
	for (size_t i = 0; i < len; i++) {
		unsigned char c = (unsigned char)s[i];
		if (c == '"' || c == '\\')
			fprintf(out, "\\%c", c);
		else if (c < 0x20 || c == 0x7f)
			fprintf(out, "\\x%02x", c);
		else
			fputc(c, out);
	}
	fputc('"', out);
}

static void put_str(FILE *out, const char *s)
{
	if (plain_ok(s))
		fputs(s, out);
	else
		put_quoted(out, s, strlen(s));
}

static void put_duration(FILE *out, uint32_t v)
{
	if (v == UINT32_MAX)
		fputs("infinite", out);
	else if (v && v % 86400 == 0)
		fprintf(out, "%ud", v / 86400);
	else if (v && v % 3600 == 0)
		fprintf(out, "%uh", v / 3600);
	else if (v && v % 60 == 0)
		fprintf(out, "%um", v / 60);
	else
		fprintf(out, "%us", v);
}

static void put_ip(FILE *out, uint32_t a)
{
	char b[IPV4_STRLEN];
	fputs(ipv4_to_str(a, b), out);
}

static const char *yn(bool b)
{
	return b ? "true" : "false";
}

static void put_hexbytes(FILE *out, const uint8_t *p, size_t len)
{
	for (size_t i = 0; i < len; i++)
		fprintf(out, i ? ":%02x" : "%02x", p[i]);
}

static void put_hex(FILE *out, const uint8_t *p, size_t len)
{
	fputs("{hex: \"", out);
	put_hexbytes(out, p, len);
	fputs("\"}", out);
}

/* Whether the bytes are in the form the encoder of type t produces. */
static bool typed_ok(enum conf_opt_type t, const uint8_t *p, size_t len)
{
	int64_t v;
	size_t off = 0;
	char name[256], route[48];
	switch (t) {
	case COT_IP: return len == 4;
	case COT_IPLIST: return len > 0 && len % 4 == 0;
	case COT_TEXT: return len > 0 && conf_text_ok(p, len);
	case COT_U8:
	case COT_U16:
	case COT_U32:
	case COT_S32:
	case COT_FLAG: return conf_dec_int(t, p, len, &v);
	case COT_DOMAINS:
		if (len == 0)
			return false;
		while (off < len)
			if (!conf_dec_domain(p, len, &off, name))
				return false;
		return true;
	case COT_ROUTES:
		if (len == 0)
			return false;
		while (off < len)
			if (!conf_dec_route(p, len, &off, route))
				return false;
		return true;
	case COT_HEX: return true;
	}
	return false;
}

static void put_typed(FILE *out, enum conf_opt_type t, const uint8_t *p, size_t len)
{
	int64_t v = 0;
	size_t off = 0;
	char name[256], route[48];
	switch (t) {
	case COT_IP:
		put_ip(out, (uint32_t)p[0] << 24 | (uint32_t)p[1] << 16 | (uint32_t)p[2] << 8 | p[3]);
		return;
	case COT_IPLIST:
		fputc('[', out);
		for (size_t i = 0; i + 4 <= len; i += 4) {
			if (i)
				fputs(", ", out);
			put_ip(out, (uint32_t)p[i] << 24 | (uint32_t)p[i + 1] << 16 | (uint32_t)p[i + 2] << 8 | p[i + 3]);
		}
		fputc(']', out);
		return;
	case COT_TEXT:
		put_quoted(out, (const char *)p, len);
		return;
	case COT_U8:
	case COT_U16:
	case COT_U32:
	case COT_S32:
		conf_dec_int(t, p, len, &v);
		fprintf(out, "%lld", (long long)v);
		return;
	case COT_FLAG:
		conf_dec_int(t, p, len, &v);
		fputs(yn(v != 0), out);
		return;
	case COT_DOMAINS:
		fputc('[', out);
		for (int n = 0; off < len && conf_dec_domain(p, len, &off, name); n++) {
			if (n)
				fputs(", ", out);
			put_str(out, name);
		}
		fputc(']', out);
		return;
	case COT_ROUTES:
		fputc('[', out);
		for (int n = 0; off < len && conf_dec_route(p, len, &off, route); n++) {
			if (n)
				fputs(", ", out);
			put_quoted(out, route, strlen(route));
		}
		fputc(']', out);
		return;
	case COT_HEX:
		put_hex(out, p, len);
		return;
	}
}

static int opt_cmp(const void *a, const void *b)
{
	const struct conf_option *x = *(const struct conf_option *const *)a;
	const struct conf_option *y = *(const struct conf_option *const *)b;
	return (int)x->code - (int)y->code;
}

/* Typed keys first (fixed order), then options: sorted by code. */
static void put_options(FILE *out, const struct conf_optset *set, const char *ind)
{
	/* codes are unique within a set, so at most 256 entries */
	bool done[256] = { false };
	const struct conf_option *rest[256];
	if (set->n > 256)
		return;
	for (const char *const *k = conf_opt_keys; *k; k++) {
		const struct conf_opt_info *info = conf_opt_by_key(*k);
		for (size_t i = 0; i < set->n; i++) {
			const struct conf_option *o = &set->v[i];
			if (o->code != info->code || !typed_ok(info->type, o->data, o->len))
				continue;
			fprintf(out, "%s%s: ", ind, *k);
			put_typed(out, info->type, o->data, o->len);
			fputc('\n', out);
			done[i] = true;
		}
	}
	size_t n = 0;
	for (size_t i = 0; i < set->n; i++)
		if (!done[i])
			rest[n++] = &set->v[i];
	qsort(rest, n, sizeof(*rest), opt_cmp);
	if (n)
		fprintf(out, "%soptions:\n", ind);
	for (size_t i = 0; i < n; i++) {
		const struct conf_option *o = rest[i];
		const struct conf_opt_info *info = conf_opt_by_code(o->code);
		fprintf(out, "%s  %u: ", ind, o->code);
		if (info && info->type != COT_HEX && typed_ok(info->type, o->data, o->len))
			put_typed(out, info->type, o->data, o->len);
		else
			put_hex(out, o->data, o->len);
		fputc('\n', out);
	}
}

static void put_boot(FILE *out, const struct conf_boot *b, const char *ind)
{
	bool any = false;
	for (int a = 0; a < BOOT_ARCH_COUNT; a++)
		any |= b->file[a] != NULL;
	if (!any)
		return;
	fprintf(out, "%sboot_files:\n", ind);
	for (int a = 0; a < BOOT_ARCH_COUNT; a++) {
		if (!b->file[a])
			continue;
		fprintf(out, "%s  %s: ", ind, conf_arch_name(a));
		put_str(out, b->file[a]);
		fputc('\n', out);
	}
}

static void put_subnet(FILE *out, const struct conf_subnet *s)
{
	const char *ind = "      ";
	int plen = ipv4_mask_to_prefix(s->netmask);
	fputs("    - subnet: ", out);
	put_ip(out, s->network);
	if (plen >= 0) {
		fprintf(out, "/%d\n", plen);
	} else {
		fprintf(out, "\n%snetmask: ", ind);
		put_ip(out, s->netmask);
		fputc('\n', out);
	}
	if (s->interface) {
		fprintf(out, "%sinterface: ", ind);
		put_str(out, s->interface);
		fputc('\n', out);
	}
	if (s->nranges) {
		fprintf(out, "%sranges: [", ind);
		for (size_t i = 0; i < s->nranges; i++) {
			char a[IPV4_STRLEN], b[IPV4_STRLEN];
			fprintf(out, "%s%s-%s", i ? ", " : "", ipv4_to_str(s->ranges[i].start, a),
				ipv4_to_str(s->ranges[i].end, b));
		}
		fputs("]\n", out);
	}
	if (s->lease_time) {
		fprintf(out, "%slease_time: ", ind);
		put_duration(out, s->lease_time);
		fputc('\n', out);
	}
	if (s->max_lease_time) {
		fprintf(out, "%smax_lease_time: ", ind);
		put_duration(out, s->max_lease_time);
		fputc('\n', out);
	}
	if (s->next_server) {
		fprintf(out, "%snext_server: ", ind);
		put_ip(out, s->next_server);
		fputc('\n', out);
	}
	if (s->deny_unknown)
		fprintf(out, "%sdeny_unknown: true\n", ind);
	if (s->allow_bootp >= 0)
		fprintf(out, "%sallow_bootp: %s\n", ind, yn(s->allow_bootp));
	put_boot(out, &s->boot, ind);
	put_options(out, &s->options, ind);
}

static void put_host(FILE *out, const struct conf_host *h)
{
	const char *ind = "      ";
	char b[MAC_STRLEN];
	fputs("    - name: ", out);
	put_str(out, h->name ? h->name : "");
	fputc('\n', out);
	if (h->nmacs == 1) {
		fprintf(out, "%smac: \"%s\"\n", ind, mac_to_str(h->macs[0], b));
	} else if (h->nmacs > 1) {
		fprintf(out, "%smacs: [", ind);
		for (size_t i = 0; i < h->nmacs; i++)
			fprintf(out, "%s\"%s\"", i ? ", " : "", mac_to_str(h->macs[i], b));
		fputs("]\n", out);
	}
	if (h->client_id) {
		fprintf(out, "%sclient_id: \"", ind);
		put_hexbytes(out, h->client_id, h->client_id_len);
		fputs("\"\n", out);
	}
	if (h->ip) {
		fprintf(out, "%sip: ", ind);
		put_ip(out, h->ip);
		fputc('\n', out);
	}
	if (h->hostname) {
		fprintf(out, "%shostname: ", ind);
		put_str(out, h->hostname);
		fputc('\n', out);
	}
	if (h->next_server) {
		fprintf(out, "%snext_server: ", ind);
		put_ip(out, h->next_server);
		fputc('\n', out);
	}
	put_boot(out, &h->boot, ind);
	put_options(out, &h->options, ind);
	if (h->deny)
		fprintf(out, "%sdeny: true\n", ind);
}

/* Sizes in the largest binary unit that is exact, as ld_size reads them. */
static void put_size(FILE *out, uint64_t v)
{
	static const char units[] = "KMGT";
	int u = -1;
	while (u < 3 && v && v % 1024 == 0) {
		v /= 1024;
		u++;
	}
	if (u >= 0)
		fprintf(out, "%llu%c", (unsigned long long)v, units[u]);
	else
		fprintf(out, "%llu", (unsigned long long)v);
}

/* Where a server listens: interfaces: [...] and addresses: [...], each
 * only when set. */
static void put_listen(FILE *out, char *const *ifs, size_t nifs, const uint32_t *addrs, size_t naddrs)
{
	if (nifs) {
		fputs("  interfaces: [", out);
		for (size_t i = 0; i < nifs; i++) {
			if (i)
				fputs(", ", out);
			put_str(out, ifs[i]);
		}
		fputs("]\n", out);
	}
	if (naddrs) {
		fputs("  addresses: [", out);
		for (size_t i = 0; i < naddrs; i++) {
			if (i)
				fputs(", ", out);
			put_ip(out, addrs[i]);
		}
		fputs("]\n", out);
	}
}

static void put_tftp(FILE *out, const struct conf_tftp *t)
{
	fprintf(out, "tftp:\n  enabled: %s\n  root: ", yn(t->enabled));
	put_str(out, t->root ? t->root : CONF_DEFAULT_TFTP_ROOT);
	fputc('\n', out);
	put_listen(out, t->interfaces, t->ninterfaces, t->addresses, t->naddresses);
	fprintf(out, "  port: %u\n  max_transfers: %u\n  max_per_client: %u\n  blksize_max: %u\n"
		     "  windowsize_max: %u\n  timeout_min_ms: %u\n  retries: %u\n",
		t->port, t->max_transfers, t->max_per_client, t->blksize_max, t->windowsize_max,
		t->timeout_min_ms, t->retries);
	if (t->upload_dir) {
		fputs("  upload_dir: ", out);
		put_str(out, t->upload_dir);
		fputc('\n', out);
	}
	fputs("  upload_max_size: ", out);
	put_size(out, t->upload_max_size);
	fputc('\n', out);
}

static void put_http(FILE *out, const struct conf_http *h)
{
	fprintf(out, "http:\n  enabled: %s\n  root: ", yn(h->enabled));
	put_str(out, h->root ? h->root : CONF_DEFAULT_HTTP_ROOT);
	fputc('\n', out);
	put_listen(out, h->interfaces, h->ninterfaces, h->addresses, h->naddresses);
	fprintf(out, "  port: %u\n  max_connections: %u\n  max_per_client: %u\n  idle_timeout: ", h->port,
		h->max_connections, h->max_per_client);
	put_duration(out, h->idle_timeout);
	fprintf(out, "\n  threads: %u\n", h->threads);
}

int conf_print(const struct pxed_conf *c, FILE *out)
{
	const struct conf_dhcp *d = &c->dhcp;
	fputs("state_dir: ", out);
	put_str(out, c->state_dir ? c->state_dir : CONF_DEFAULT_STATE_DIR);
	fputs("\nuser: ", out);
	put_str(out, c->user ? c->user : "");
	fprintf(out, "\nlog:\n  level: %s\n  syslog: %s\n", conf_log_level_name(c->log_level), yn(c->log_syslog));

	fprintf(out, "dhcp:\n  enabled: %s\n  proxy: %s\n  authoritative: %s\n  allow_bootp: %s\n  allow_booting: %s\n",
		yn(d->enabled), yn(d->proxy), yn(d->authoritative), yn(d->allow_bootp), yn(d->allow_booting));
	if (d->ninterfaces) {
		fputs("  interfaces: [", out);
		for (size_t i = 0; i < d->ninterfaces; i++) {
			if (i)
				fputs(", ", out);
			put_str(out, d->interfaces[i]);
		}
		fputs("]\n", out);
	}
	fputs("  lease_time: ", out);
	put_duration(out, d->lease_time);
	fputs("\n  max_lease_time: ", out);
	put_duration(out, d->max_lease_time);
	fputs("\n  offer_hold: ", out);
	put_duration(out, d->offer_hold);
	fputs("\n  decline_hold: ", out);
	put_duration(out, d->decline_hold);
	fputc('\n', out);
	put_boot(out, &d->boot, "  ");
	put_options(out, &d->options, "  ");
	if (d->nsubnets) {
		fputs("  subnets:\n", out);
		for (size_t i = 0; i < d->nsubnets; i++)
			put_subnet(out, &d->subnets[i]);
	}
	if (d->nhosts) {
		fputs("  hosts:\n", out);
		for (size_t i = 0; i < d->nhosts; i++)
			put_host(out, &d->hosts[i]);
	}

	put_tftp(out, &c->tftp);
	put_http(out, &c->http);
	if (fflush(out) != 0 || ferror(out))
		return -EIO;
	return 0;
}
