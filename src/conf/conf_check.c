#include "conf/conf_check.h"

#include <stdarg.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "conf/conf_opt.h"
#include "core/str.h"

void conf_diag(FILE *out, const struct conf_pos *pos, const char *kind, const char *fmt, ...)
{
	if (!out)
		return;
	if (pos && pos->file && pos->line > 0 && pos->col > 0)
		fprintf(out, "%s:%d:%d: ", pos->file, pos->line, pos->col);
	else if (pos && pos->file && pos->line > 0)
		fprintf(out, "%s:%d: ", pos->file, pos->line);
	else if (pos && pos->file)
		fprintf(out, "%s: ", pos->file);
	fprintf(out, "%s: ", kind);
	char msg[2048];
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(msg, sizeof(msg), fmt, ap);
	va_end(ap);
	/* names and keys from the file may hold control characters (quoted
	 * YAML keys, dhcpd words): never send those to a terminal raw */
	for (const char *p = msg; *p; p++) {
		unsigned char c = (unsigned char)*p;
		if (c < 0x20 || c == 0x7f)
			fprintf(out, "\\x%02x", c);
		else
			fputc(c, out);
	}
	fputc('\n', out);
}

void conf_posmap_free(struct conf_posmap *pm, size_t nsubnets, size_t nhosts)
{
	if (!pm)
		return;
	for (size_t i = 0; pm->subnets && i < nsubnets; i++)
		free(pm->subnets[i].ranges);
	free(pm->subnets);
	for (size_t i = 0; pm->hosts && i < nhosts; i++)
		free(pm->hosts[i].macs);
	free(pm->hosts);
	memset(pm, 0, sizeof(*pm));
}

struct ck {
	const struct pxed_conf *c;
	const struct conf_posmap *pm;
	FILE *out;
	int errors, warnings;
};

static bool subnet_bad(const struct ck *k, size_t i)
{
	return k->pm && k->pm->subnets && k->pm->subnets[i].bad;
}

static bool host_bad(const struct ck *k, size_t i)
{
	return k->pm && k->pm->hosts && k->pm->hosts[i].bad;
}

/* The more precise position when the loader recorded one. */
static const struct conf_pos *pick(const struct conf_pos *precise, const struct conf_pos *fallback)
{
	return precise && precise->line > 0 ? precise : fallback;
}

static const struct conf_pos *range_pos(const struct ck *k, size_t si, size_t ri)
{
	const struct conf_pos *p = NULL;
	if (k->pm && k->pm->subnets && k->pm->subnets[si].ranges)
		p = &k->pm->subnets[si].ranges[ri];
	return pick(p, &k->c->dhcp.subnets[si].pos);
}

static const struct conf_host_pos *hpos(const struct ck *k, size_t hi)
{
	return k->pm && k->pm->hosts ? &k->pm->hosts[hi] : NULL;
}

static const char *host_label(const struct conf_host *h)
{
	return h->name ? h->name : "?";
}

#define ERR(k, pos, ...)                                    \
	do {                                                \
		conf_diag((k)->out, pos, "error", __VA_ARGS__); \
		(k)->errors++;                              \
	} while (0)
#define WARN(k, pos, ...)                                     \
	do {                                                  \
		conf_diag((k)->out, pos, "warning", __VA_ARGS__); \
		(k)->warnings++;                              \
	} while (0)

/* As the config spells durations: the largest exact unit. */
static const char *fmt_dur(uint32_t v, char buf[24])
{
	if (v == UINT32_MAX)
		return "infinite";
	if (v && v % 86400 == 0)
		snprintf(buf, 24, "%ud", v / 86400);
	else if (v && v % 3600 == 0)
		snprintf(buf, 24, "%uh", v / 3600);
	else if (v && v % 60 == 0)
		snprintf(buf, 24, "%um", v / 60);
	else
		snprintf(buf, 24, "%us", v);
	return buf;
}

/* bpos: per-architecture positions, or NULL. sep: "." after a path,
 * ": " after a host label. */
static void check_boot(struct ck *k, const struct conf_boot *b, const struct conf_pos *bpos,
		       const struct conf_pos *pos, const char *where, const char *sep)
{
	for (int a = 0; a < BOOT_ARCH_COUNT; a++)
		if (b->file[a] && !b->file[a][0])
			ERR(k, pick(bpos ? &bpos[a] : NULL, pos), "%s%sboot_files.%s: empty file name", where, sep,
			    conf_arch_name(a));
}

static bool subnet_usable(const struct conf_subnet *s)
{
	return ipv4_mask_to_prefix(s->netmask) >= 0 && (s->network & ~s->netmask) == 0;
}

static void check_subnet(struct ck *k, size_t i)
{
	const struct conf_subnet *s = &k->c->dhcp.subnets[i];
	const struct conf_dhcp *d = &k->c->dhcp;
	char w[40], a[IPV4_STRLEN], b[IPV4_STRLEN];
	snprintf(w, sizeof(w), "dhcp.subnets[%zu]", i);

	int plen = ipv4_mask_to_prefix(s->netmask);
	if (plen < 0) {
		ERR(k, &s->pos, "%s: netmask %s is not a contiguous mask", w, ipv4_to_str(s->netmask, a));
		return;
	}
	if (s->network & ~s->netmask) {
		ERR(k, &s->pos, "%s: %s/%d has host bits set (the network address is %s/%d)", w,
		    ipv4_to_str(s->network, a), plen, ipv4_to_str(s->network & s->netmask, b), plen);
		return;
	}
	uint32_t bcast = s->network | ~s->netmask;
	for (size_t r = 0; r < s->nranges; r++) {
		const struct conf_range *rg = &s->ranges[r];
		const struct conf_pos *p = range_pos(k, i, r);
		if (rg->start > rg->end) {
			ERR(k, p, "%s.ranges[%zu]: start %s is after end %s", w, r,
			    ipv4_to_str(rg->start, a), ipv4_to_str(rg->end, b));
			continue;
		}
		bool out_s = (rg->start & s->netmask) != s->network;
		bool out_e = (rg->end & s->netmask) != s->network;
		if (out_s || out_e) {
			ERR(k, p, "%s.ranges[%zu]: %s is outside subnet %s/%d", w, r,
			    ipv4_to_str(out_s ? rg->start : rg->end, a), ipv4_to_str(s->network, b), plen);
			continue;
		}
		/* /31 and /32 have no network or broadcast address (RFC 3021) */
		if (plen <= 30 && rg->start == s->network)
			ERR(k, p, "%s.ranges[%zu]: includes the network address %s", w, r,
			    ipv4_to_str(s->network, a));
		if (plen <= 30 && rg->end == bcast)
			ERR(k, p, "%s.ranges[%zu]: includes the broadcast address %s", w, r,
			    ipv4_to_str(bcast, a));
	}

	if (s->lease_time || s->max_lease_time) {
		uint32_t l = s->lease_time ? s->lease_time : d->lease_time;
		uint32_t m = s->max_lease_time ? s->max_lease_time : d->max_lease_time;
		if (l > m) {
			char b1[24], b2[24];
			const struct conf_pos *p = k->pm && k->pm->subnets ? &k->pm->subnets[i].lease_time : NULL;
			ERR(k, pick(p, &s->pos), "%s: lease_time %s is longer than max_lease_time %s%s", w,
			    fmt_dur(l, b1), fmt_dur(m, b2),
			    s->max_lease_time ? "" : " (inherited from dhcp.max_lease_time)");
		}
	}
	check_boot(k, &s->boot, k->pm && k->pm->subnets ? k->pm->subnets[i].boot : NULL, &s->pos, w, ".");

	if (s->interface && d->ninterfaces) {
		bool listed = false;
		for (size_t n = 0; n < d->ninterfaces && !listed; n++)
			listed = !strcmp(d->interfaces[n], s->interface);
		if (!listed)
			WARN(k, &s->pos, "%s: interface %s is not in dhcp.interfaces, so this subnet is never served", w,
			     s->interface);
	}
	if (d->proxy && s->nranges)
		WARN(k, range_pos(k, i, 0), "%s.ranges: not used: with dhcp.proxy pxed hands out no addresses", w);
}

/* One interval to look for overlaps in: ranges or subnets. */
struct ival {
	uint32_t lo, hi;
	size_t a, b; /* owner indices: subnet, range (or subnet, 0) */
};

static int ival_cmp(const void *x, const void *y)
{
	const struct ival *p = x, *q = y;
	if (p->lo != q->lo)
		return p->lo < q->lo ? -1 : 1;
	if (p->a != q->a)
		return p->a < q->a ? -1 : 1;
	return p->b < q->b ? -1 : p->b > q->b;
}

/* Sorted by start, every interval that starts at or before the largest end
 * seen so far overlaps the interval owning that end: O(n log n), which
 * matters for the fuzzer's thousands of ranges. */
static void check_range_overlaps(struct ck *k, struct ival *v, size_t n)
{
	qsort(v, n, sizeof(*v), ival_cmp);
	size_t best = 0;
	for (size_t i = 1; i < n; i++) {
		if (v[i].lo <= v[best].hi) {
			/* report at whichever comes later in the file */
			const struct ival *later = &v[i], *first = &v[best];
			if (later->a < first->a || (later->a == first->a && later->b < first->b)) {
				later = &v[best];
				first = &v[i];
			}
			const struct conf_range *r1 = &k->c->dhcp.subnets[later->a].ranges[later->b];
			const struct conf_range *r0 = &k->c->dhcp.subnets[first->a].ranges[first->b];
			char a[IPV4_STRLEN], b[IPV4_STRLEN], c[IPV4_STRLEN], e[IPV4_STRLEN];
			ERR(k, range_pos(k, later->a, later->b),
			    "dhcp.subnets[%zu].ranges[%zu]: %s-%s overlaps dhcp.subnets[%zu].ranges[%zu] (%s-%s)",
			    later->a, later->b, ipv4_to_str(r1->start, a), ipv4_to_str(r1->end, b), first->a,
			    first->b, ipv4_to_str(r0->start, c), ipv4_to_str(r0->end, e));
		}
		if (v[i].hi > v[best].hi)
			best = i;
	}
}

static void check_subnet_overlaps(struct ck *k, struct ival *v, size_t n)
{
	qsort(v, n, sizeof(*v), ival_cmp);
	size_t best = 0;
	for (size_t i = 1; i < n; i++) {
		if (v[i].lo <= v[best].hi) {
			size_t later = v[i].a > v[best].a ? v[i].a : v[best].a;
			size_t first = v[i].a > v[best].a ? v[best].a : v[i].a;
			const struct conf_subnet *s1 = &k->c->dhcp.subnets[later];
			const struct conf_subnet *s0 = &k->c->dhcp.subnets[first];
			char a[IPV4_STRLEN], b[IPV4_STRLEN];
			ERR(k, &s1->pos, "dhcp.subnets[%zu]: %s/%d overlaps dhcp.subnets[%zu] (%s/%d)", later,
			    ipv4_to_str(s1->network, a), ipv4_mask_to_prefix(s1->netmask), first,
			    ipv4_to_str(s0->network, b), ipv4_mask_to_prefix(s0->netmask));
		}
		if (v[i].hi > v[best].hi)
			best = i;
	}
}

/* Sorted ranges for "is this fixed address inside a dynamic range". */
static const struct ival *find_range(const struct ival *v, size_t n, uint32_t ip)
{
	/* binary search for the last range starting at or before ip; when
	 * ranges overlap (already an error) the containing one may be the
	 * one before it, so that one is looked at too */
	size_t lo = 0, hi = n;
	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;
		if (v[mid].lo <= ip)
			lo = mid + 1;
		else
			hi = mid;
	}
	for (size_t i = lo; i > 0 && lo - i < 2; i--)
		if (v[i - 1].lo <= ip && ip <= v[i - 1].hi)
			return &v[i - 1];
	return NULL;
}

struct hkey {
	uint8_t key[256];
	size_t len;
	size_t host, item;
};

static int hkey_cmp(const void *x, const void *y)
{
	const struct hkey *p = x, *q = y;
	if (p->len != q->len)
		return p->len < q->len ? -1 : 1;
	int c = memcmp(p->key, q->key, p->len);
	if (c)
		return c;
	if (p->host != q->host)
		return p->host < q->host ? -1 : 1;
	return p->item < q->item ? -1 : p->item > q->item;
}

enum hkey_kind { HK_MAC, HK_CLIENT_ID, HK_IP, HK_NAME };

static const struct conf_pos *hkey_pos(const struct ck *k, enum hkey_kind kind, const struct hkey *e)
{
	const struct conf_host *h = &k->c->dhcp.hosts[e->host];
	const struct conf_host_pos *hp = hpos(k, e->host);
	const struct conf_pos *p = NULL;
	if (hp) {
		switch (kind) {
		case HK_MAC: p = hp->macs ? &hp->macs[e->item] : NULL; break;
		case HK_CLIENT_ID: p = &hp->client_id; break;
		case HK_IP: p = &hp->ip; break;
		case HK_NAME: p = &hp->name; break;
		}
	}
	return pick(p, &h->pos);
}

static void check_dups(struct ck *k, enum hkey_kind kind, struct hkey *v, size_t n)
{
	static const char *const what[] = { "mac", "client_id", "ip", "name" };
	qsort(v, n, sizeof(*v), hkey_cmp);
	for (size_t i = 1; i < n; i++) {
		if (v[i].len != v[i - 1].len || memcmp(v[i].key, v[i - 1].key, v[i].len) != 0)
			continue;
		/* the first of a run is the earliest in the file (ties sort by host) */
		size_t f = i - 1;
		while (f > 0 && v[f - 1].len == v[i].len && memcmp(v[f - 1].key, v[i].key, v[i].len) == 0)
			f--;
		const struct conf_host *h = &k->c->dhcp.hosts[v[i].host];
		const struct conf_host *h0 = &k->c->dhcp.hosts[v[f].host];
		char val[256 * 3 + 1];
		switch (kind) {
		case HK_MAC: mac_to_str(v[i].key, val); break;
		case HK_CLIENT_ID: conf_format_hex(v[i].key, v[i].len, val); break;
		case HK_IP: {
			uint32_t ip;
			memcpy(&ip, v[i].key, 4);
			ipv4_to_str(ip, val);
			break;
		}
		case HK_NAME:
			val[0] = '\'';
			memcpy(val + 1, v[i].key, v[i].len);
			memcpy(val + 1 + v[i].len, "'", 2);
			break;
		}
		if (v[i].host == v[f].host)
			ERR(k, hkey_pos(k, kind, &v[i]), "dhcp.hosts[%zu] (%s): %s %s is listed twice",
			    v[i].host, host_label(h), what[kind], val);
		else
			ERR(k, hkey_pos(k, kind, &v[i]), "dhcp.hosts[%zu] (%s): %s %s is also used by dhcp.hosts[%zu] (%s)",
			    v[i].host, host_label(h), what[kind], val, v[f].host, host_label(h0));
	}
}

static void check_hosts(struct ck *k, const struct ival *ranges, size_t nranges)
{
	const struct conf_dhcp *d = &k->c->dhcp;
	size_t nmacs = 0;
	for (size_t i = 0; i < d->nhosts; i++)
		nmacs += d->hosts[i].nmacs;
	size_t cap = nmacs > d->nhosts ? nmacs : d->nhosts;
	struct hkey *v = calloc(cap ? cap : 1, sizeof(*v));
	if (!v) {
		ERR(k, NULL, "out of memory while checking hosts");
		return;
	}

	for (size_t i = 0; i < d->nhosts; i++) {
		if (host_bad(k, i))
			continue;
		const struct conf_host *h = &d->hosts[i];
		const struct conf_host_pos *hp = hpos(k, i);
		char w[40 + 256];
		snprintf(w, sizeof(w), "dhcp.hosts[%zu] (%s)", i, host_label(h));
		if (h->nmacs == 0 && !h->client_id && !(hp && hp->id_bad))
			ERR(k, &h->pos, "%s: needs mac, macs or client_id to be recognized", w);
		check_boot(k, &h->boot, hp ? hp->boot : NULL, &h->pos, w, ": ");
		if (!h->ip)
			continue;
		const struct conf_pos *ipp = pick(hp ? &hp->ip : NULL, &h->pos);
		char a[IPV4_STRLEN], b[IPV4_STRLEN], c[IPV4_STRLEN];
		const struct conf_subnet *in = NULL;
		for (size_t s = 0; s < d->nsubnets && !in; s++)
			if (!subnet_bad(k, s) && subnet_usable(&d->subnets[s]) &&
			    (h->ip & d->subnets[s].netmask) == d->subnets[s].network)
				in = &d->subnets[s];
		if (!in) {
			if (!(k->pm && k->pm->subnets_incomplete))
				ERR(k, ipp, "%s: ip %s is not inside any subnet", w, ipv4_to_str(h->ip, a));
			continue;
		}
		int plen = ipv4_mask_to_prefix(in->netmask);
		if (plen <= 30 && (h->ip == in->network || h->ip == (in->network | ~in->netmask))) {
			ERR(k, ipp, "%s: ip %s is the %s address of subnet %s/%d", w, ipv4_to_str(h->ip, a),
			    h->ip == in->network ? "network" : "broadcast", ipv4_to_str(in->network, b), plen);
			continue;
		}
		const struct ival *r = find_range(ranges, nranges, h->ip);
		if (r)
			WARN(k, ipp, "%s: fixed ip %s is inside dynamic range dhcp.subnets[%zu].ranges[%zu] (%s-%s)",
			     w, ipv4_to_str(h->ip, a), r->a, r->b, ipv4_to_str(r->lo, b), ipv4_to_str(r->hi, c));
	}

	size_t n = 0;
	for (size_t i = 0; i < d->nhosts; i++)
		for (size_t m = 0; !host_bad(k, i) && m < d->hosts[i].nmacs; m++) {
			memcpy(v[n].key, d->hosts[i].macs[m], 6);
			v[n].len = 6;
			v[n].host = i;
			v[n++].item = m;
		}
	check_dups(k, HK_MAC, v, n);

	n = 0;
	for (size_t i = 0; i < d->nhosts; i++) {
		const struct conf_host *h = &d->hosts[i];
		if (host_bad(k, i) || !h->client_id || h->client_id_len > sizeof(v[n].key))
			continue;
		memcpy(v[n].key, h->client_id, h->client_id_len);
		v[n].len = h->client_id_len;
		v[n].host = i;
		v[n++].item = 0;
	}
	check_dups(k, HK_CLIENT_ID, v, n);

	n = 0;
	for (size_t i = 0; i < d->nhosts; i++) {
		if (host_bad(k, i) || !d->hosts[i].ip)
			continue;
		memcpy(v[n].key, &d->hosts[i].ip, 4);
		v[n].len = 4;
		v[n].host = i;
		v[n++].item = 0;
	}
	check_dups(k, HK_IP, v, n);

	n = 0;
	for (size_t i = 0; i < d->nhosts; i++) {
		const char *name = d->hosts[i].name;
		if (host_bad(k, i) || !name || strlen(name) >= sizeof(v[n].key))
			continue;
		v[n].len = strlen(name);
		memcpy(v[n].key, name, v[n].len);
		v[n].host = i;
		v[n++].item = 0;
	}
	check_dups(k, HK_NAME, v, n);
	free(v);
}

int conf_check(const struct pxed_conf *c, const struct conf_posmap *pm, FILE *out, int *ret_warnings)
{
	struct ck k = { .c = c, .pm = pm, .out = out };
	const struct conf_dhcp *d = &c->dhcp;

	if (d->lease_time > d->max_lease_time) {
		char b1[24], b2[24];
		struct conf_pos fallback = { .file = c->path };
		ERR(&k, pick(pm ? &pm->lease_time : NULL, &fallback),
		    "dhcp.lease_time: %s is longer than dhcp.max_lease_time %s", fmt_dur(d->lease_time, b1),
		    fmt_dur(d->max_lease_time, b2));
	}
	struct conf_pos top = { .file = c->path };
	check_boot(&k, &d->boot, pm ? pm->boot : NULL, &top, "dhcp", ".");

	size_t nranges = 0;
	for (size_t i = 0; i < d->nsubnets; i++) {
		if (subnet_bad(&k, i))
			continue;
		check_subnet(&k, i);
		nranges += d->subnets[i].nranges;
	}

	struct ival *sv = calloc(d->nsubnets ? d->nsubnets : 1, sizeof(*sv));
	struct ival *rv = calloc(nranges ? nranges : 1, sizeof(*rv));
	if (!sv || !rv) {
		free(sv);
		free(rv);
		ERR(&k, NULL, "out of memory while checking subnets");
		goto out;
	}
	size_t ns = 0, nr = 0;
	for (size_t i = 0; i < d->nsubnets; i++) {
		const struct conf_subnet *s = &d->subnets[i];
		if (subnet_bad(&k, i) || !subnet_usable(s))
			continue;
		sv[ns++] = (struct ival){ .lo = s->network, .hi = s->network | ~s->netmask, .a = i };
		for (size_t r = 0; r < s->nranges; r++) {
			const struct conf_range *rg = &s->ranges[r];
			if (rg->start <= rg->end && (rg->start & s->netmask) == s->network &&
			    (rg->end & s->netmask) == s->network)
				rv[nr++] = (struct ival){ .lo = rg->start, .hi = rg->end, .a = i, .b = r };
		}
	}
	check_subnet_overlaps(&k, sv, ns);
	check_range_overlaps(&k, rv, nr);
	check_hosts(&k, rv, nr);
	free(sv);
	free(rv);
out:
	if (ret_warnings)
		*ret_warnings = k.warnings;
	return k.errors;
}
