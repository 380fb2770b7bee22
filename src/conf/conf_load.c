#include "conf/conf_load.h"

#include <errno.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "conf/conf_check.h"
#include "conf/conf_opt.h"
#include "conf/conf_yaml.h"
#include "core/str.h"

/* ---- subnets ---- */

static const char *const subnet_keys[] = {
	"subnet", "netmask", "interface", "ranges", "lease_time", "max_lease_time", "next_server",
	"deny_unknown", "allow_bootp", "boot_files", "options", NULL,
};
enum { SK_SUBNET, SK_NETMASK, SK_INTERFACE, SK_RANGES, SK_LEASE, SK_MAXLEASE, SK_NEXT, SK_DENY,
       SK_BOOTP, SK_BOOT, SK_OPTIONS };

struct range_ctx {
	struct conf_subnet *s;
	struct conf_subnet_pos *sp;
};

static bool parse_range_text(const char *s, uint32_t *a, uint32_t *b)
{
	char buf[64];
	if (str_copy(buf, sizeof(buf), s) < 0)
		return false;
	char *dash = strchr(buf, '-');
	char *lo = buf, *hi = NULL;
	if (dash) {
		*dash = 0;
		hi = dash + 1;
	}
	/* trim the spaces around '-' that "A - B" has */
	for (char **p = &lo; p; p = p == &lo && hi ? &hi : NULL) {
		while (**p == ' ')
			(*p)++;
		char *e = *p + strlen(*p);
		while (e > *p && e[-1] == ' ')
			*--e = 0;
	}
	if (str_to_ipv4(lo, a) < 0)
		return false;
	if (!hi) {
		*b = *a;
		return true;
	}
	return str_to_ipv4(hi, b) == 0;
}

static void range_item(struct ld *ld, struct fy_node *v, size_t i, void *arg)
{
	(void)i;
	struct range_ctx *rc = arg;
	struct conf_range r;
	if (v && fy_node_is_mapping(v)) {
		bool hs = false, he = false, ks = false, ke = false;
		void *it = NULL;
		struct fy_node_pair *p;
		static const char *const keys[] = { "start", "end", NULL };
		while ((p = fy_node_mapping_iterate(v, &it)) != NULL) {
			struct fy_node *kn;
			const char *key = ld_pair_key(ld, p, &kn);
			if (!key)
				return;
			int k = ld_key_index(key, keys);
			size_t mark = ld_path_push(ld, ".%s", key);
			if (k == 0) {
				ks = true;
				hs = ld_ip(ld, fy_node_pair_value(p), &r.start);
			} else if (k == 1) {
				ke = true;
				he = ld_ip(ld, fy_node_pair_value(p), &r.end);
			} else {
				ld_unknown_key(ld, kn, key, keys, NULL);
			}
			ld_path_pop(ld, mark);
		}
		if (!ks || !ke)
			ld_err(ld, v, "a range needs both start: and end:");
		if (!hs || !he)
			return;
	} else {
		const char *s = ld_scalar(ld, v, "a range \"A.B.C.D-E.F.G.H\"");
		if (!s)
			return;
		if (!parse_range_text(s, &r.start, &r.end)) {
			char b[80];
			ld_err(ld, v, "expected a range \"A.B.C.D-E.F.G.H\" or {start: A, end: B}, got '%s'", ld_show(s, b));
			return;
		}
	}
	struct conf_range *nr = realloc(rc->s->ranges, (rc->s->nranges + 1) * sizeof(*nr));
	struct conf_pos *np = realloc(rc->sp->ranges, (rc->s->nranges + 1) * sizeof(*np));
	if (nr)
		rc->s->ranges = nr;
	if (np)
		rc->sp->ranges = np;
	if (!nr || !np) {
		ld_oom(ld);
		return;
	}
	nr[rc->s->nranges] = r;
	np[rc->s->nranges] = ld_pos(ld, v);
	rc->s->nranges++;
}

static void load_subnet(struct ld *ld, struct fy_node *m, struct conf_subnet *s, struct conf_subnet_pos *sp)
{
	s->allow_bootp = -1;
	s->pos = ld_pos(ld, m);
	if (!ld_expect_map(ld, m, "a subnet mapping (subnet:, ranges:, ...)")) {
		sp->bad = true;
		return;
	}
	bool have_net = false, have_prefix = false, have_mask = false, net_bad = false;
	struct fy_node *net_node = NULL, *mask_node = NULL;
	uint32_t mask_from_key = 0;
	void *it = NULL;
	struct fy_node_pair *p;
	while ((p = fy_node_mapping_iterate(m, &it)) != NULL) {
		struct fy_node *kn, *v = fy_node_pair_value(p);
		const char *key = ld_pair_key(ld, p, &kn);
		if (!key)
			continue;
		size_t mark = ld_path_push(ld, ".%s", key);
		const struct conf_opt_info *oi;
		switch (ld_key_index(key, subnet_keys)) {
		case SK_SUBNET: {
			net_node = v;
			const char *t = ld_scalar(ld, v, "a network such as 198.18.0.0/24");
			char b[80];
			uint32_t a, mk;
			if (!t) {
				net_bad = true;
			} else if (str_to_ipv4_prefix(t, &a, &mk) < 0) {
				ld_err(ld, v, "expected a network such as 198.18.0.0/24, got '%s'", ld_show(t, b));
				net_bad = true;
			} else {
				have_net = true;
				have_prefix = strchr(t, '/') != NULL;
				s->network = a;
				if (have_prefix)
					s->netmask = mk;
			}
			break;
		}
		case SK_NETMASK:
			mask_node = v;
			if (ld_ip(ld, v, &mask_from_key))
				have_mask = true;
			else
				net_bad = true;
			break;
		case SK_INTERFACE: ld_str(ld, v, LD_STR_IFNAME, &s->interface); break;
		case SK_RANGES: {
			struct range_ctx rc = { s, sp };
			ld_for_items(ld, v, "a range", range_item, &rc);
			break;
		}
		case SK_LEASE:
			if (ld_duration(ld, v, false, &s->lease_time))
				sp->lease_time = ld_pos(ld, v);
			break;
		case SK_MAXLEASE: ld_duration(ld, v, false, &s->max_lease_time); break;
		case SK_NEXT: ld_ip(ld, v, &s->next_server); break;
		case SK_DENY: ld_bool(ld, v, &s->deny_unknown); break;
		case SK_BOOTP: {
			bool b;
			if (ld_bool(ld, v, &b))
				s->allow_bootp = b;
			break;
		}
		case SK_BOOT: ld_boot(ld, v, &s->boot, sp->boot); break;
		case SK_OPTIONS: ld_options(ld, v, &s->options, false); break;
		default:
			if ((oi = conf_opt_by_key(key)) != NULL)
				ld_option_key(ld, kn, v, oi, &s->options);
			else
				ld_unknown_key(ld, kn, key, subnet_keys, conf_opt_keys);
			break;
		}
		ld_path_pop(ld, mark);
	}
	if (net_bad) {
		sp->bad = true;
		return;
	}
	if (!have_net) {
		ld_err(ld, m, "missing subnet: (e.g. subnet: 198.18.0.0/24)");
		sp->bad = true;
	} else if (have_prefix && have_mask) {
		size_t mark = ld_path_push(ld, ".netmask");
		ld_err(ld, mask_node, "give either subnet: A.B.C.D/N or subnet: A.B.C.D with netmask:, not both");
		ld_path_pop(ld, mark);
		sp->bad = true;
	} else if (!have_prefix && !have_mask) {
		size_t mark = ld_path_push(ld, ".subnet");
		ld_err(ld, net_node, "needs a prefix length (198.18.0.0/24) or a netmask: key");
		ld_path_pop(ld, mark);
		sp->bad = true;
	} else if (have_mask) {
		s->netmask = mask_from_key;
	}
}

/* ---- hosts ---- */

static const char *const host_keys[] = {
	"name", "mac", "macs", "client_id", "ip", "hostname", "next_server", "boot_files", "options",
	"deny", NULL,
};
enum { HK_NAME, HK_MAC, HK_MACS, HK_CLIENT_ID, HK_IP, HK_HOSTNAME, HK_NEXT, HK_BOOT, HK_OPTIONS, HK_DENY };

struct mac_ctx {
	struct conf_host *h;
	struct conf_host_pos *hp;
};

static void mac_item(struct ld *ld, struct fy_node *v, size_t i, void *arg)
{
	(void)i;
	struct mac_ctx *mc = arg;
	const char *s = ld_scalar(ld, v, "a MAC address such as 52:54:00:12:34:56");
	uint8_t mac[6];
	if (!s) {
		mc->hp->id_bad = true;
		return;
	}
	if (str_to_mac(s, mac) < 0) {
		mc->hp->id_bad = true;
		char b[80];
		ld_err(ld, v, "expected a MAC address such as 52:54:00:12:34:56, got '%s'", ld_show(s, b));
		return;
	}
	uint8_t(*nm)[6] = realloc(mc->h->macs, (mc->h->nmacs + 1) * sizeof(*nm));
	struct conf_pos *np = realloc(mc->hp->macs, (mc->h->nmacs + 1) * sizeof(*np));
	if (nm)
		mc->h->macs = nm;
	if (np)
		mc->hp->macs = np;
	if (!nm || !np) {
		ld_oom(ld);
		return;
	}
	memcpy(nm[mc->h->nmacs], mac, 6);
	np[mc->h->nmacs] = ld_pos(ld, v);
	mc->h->nmacs++;
}

static void load_host(struct ld *ld, struct fy_node *m, struct conf_host *h, struct conf_host_pos *hp)
{
	h->pos = ld_pos(ld, m);
	if (!ld_expect_map(ld, m, "a host mapping (name:, mac:, ...)")) {
		hp->bad = true;
		return;
	}
	bool seen_mac = false, seen_macs = false, seen_name = false;
	void *it = NULL;
	struct fy_node_pair *p;
	while ((p = fy_node_mapping_iterate(m, &it)) != NULL) {
		struct fy_node *kn, *v = fy_node_pair_value(p);
		const char *key = ld_pair_key(ld, p, &kn);
		if (!key)
			continue;
		size_t mark = ld_path_push(ld, ".%s", key);
		const struct conf_opt_info *oi;
		int k = ld_key_index(key, host_keys);
		switch (k) {
		case HK_NAME:
			seen_name = true;
			if (ld_str(ld, v, LD_STR_NONEMPTY, &h->name))
				hp->name = ld_pos(ld, v);
			break;
		case HK_MAC:
		case HK_MACS: {
			if ((k == HK_MAC && seen_macs) || (k == HK_MACS && seen_mac)) {
				ld_err(ld, kn, "give either mac: or macs:, not both");
				break;
			}
			seen_mac |= k == HK_MAC;
			seen_macs |= k == HK_MACS;
			struct mac_ctx mc = { h, hp };
			if (k == HK_MAC)
				mac_item(ld, v, 0, &mc);
			else
				ld_for_items(ld, v, "a MAC address", mac_item, &mc);
			break;
		}
		case HK_CLIENT_ID: {
			const char *s = ld_scalar(ld, v, "hex bytes such as \"01:52:54:00:12:34:56\"");
			uint8_t buf[255];
			size_t n;
			char b[80];
			if (!s) {
				hp->id_bad = true;
				break;
			}
			if (conf_parse_hex(s, buf, sizeof(buf), &n) < 0 || n < 2) {
				hp->id_bad = true;
				ld_err(ld, v, "expected 2 to 255 hex bytes such as \"01:52:54:00:12:34:56\", got '%s'", ld_show(s, b));
				break;
			}
			uint8_t *d = malloc(n);
			if (!d) {
				ld_oom(ld);
				break;
			}
			memcpy(d, buf, n);
			free(h->client_id);
			h->client_id = d;
			h->client_id_len = n;
			hp->client_id = ld_pos(ld, v);
			break;
		}
		case HK_IP:
			if (ld_ip(ld, v, &h->ip)) {
				hp->ip = ld_pos(ld, v);
				if (h->ip == 0 || h->ip == UINT32_MAX) {
					ld_err(ld, v, "%s is not a host address", h->ip ? "255.255.255.255" : "0.0.0.0");
					h->ip = 0;
				}
			}
			break;
		case HK_HOSTNAME:
			if (ld_str(ld, v, LD_STR_NONEMPTY, &h->hostname) && strlen(h->hostname) > 255)
				ld_err(ld, v, "longer than 255 bytes");
			break;
		case HK_NEXT: ld_ip(ld, v, &h->next_server); break;
		case HK_BOOT: ld_boot(ld, v, &h->boot, hp->boot); break;
		case HK_OPTIONS: ld_options(ld, v, &h->options, true); break;
		case HK_DENY: ld_bool(ld, v, &h->deny); break;
		default:
			if ((oi = conf_opt_by_key(key)) != NULL)
				ld_option_key(ld, kn, v, oi, &h->options);
			else
				ld_unknown_key(ld, kn, key, host_keys, conf_opt_keys);
			break;
		}
		ld_path_pop(ld, mark);
	}
	if (!seen_name)
		ld_err(ld, m, "missing name: (a label for logs, e.g. name: node07)");
}

/* ---- sections ---- */

static void load_subnets(struct ld *ld, struct fy_node *v)
{
	struct conf_dhcp *d = &ld->c->dhcp;
	if (!v || !fy_node_is_sequence(v)) {
		ld_err(ld, v, "expected a list of subnets");
		return;
	}
	size_t n = (size_t)fy_node_sequence_item_count(v);
	d->subnets = calloc(n ? n : 1, sizeof(*d->subnets));
	ld->pm->subnets = calloc(n ? n : 1, sizeof(*ld->pm->subnets));
	if (!d->subnets || !ld->pm->subnets) {
		ld_oom(ld);
		return;
	}
	void *it = NULL;
	struct fy_node *item;
	while ((item = fy_node_sequence_iterate(v, &it)) != NULL && d->nsubnets < n) {
		size_t m = ld_path_push(ld, "[%zu]", d->nsubnets);
		load_subnet(ld, item, &d->subnets[d->nsubnets], &ld->pm->subnets[d->nsubnets]);
		if (ld->pm->subnets[d->nsubnets].bad)
			ld->pm->subnets_incomplete = true;
		d->nsubnets++;
		ld_path_pop(ld, m);
	}
}

static void load_hosts(struct ld *ld, struct fy_node *v)
{
	struct conf_dhcp *d = &ld->c->dhcp;
	if (!v || !fy_node_is_sequence(v)) {
		ld_err(ld, v, "expected a list of hosts");
		return;
	}
	size_t n = (size_t)fy_node_sequence_item_count(v);
	d->hosts = calloc(n ? n : 1, sizeof(*d->hosts));
	ld->pm->hosts = calloc(n ? n : 1, sizeof(*ld->pm->hosts));
	if (!d->hosts || !ld->pm->hosts) {
		ld_oom(ld);
		return;
	}
	void *it = NULL;
	struct fy_node *item;
	while ((item = fy_node_sequence_iterate(v, &it)) != NULL && d->nhosts < n) {
		size_t m = ld_path_push(ld, "[%zu]", d->nhosts);
		load_host(ld, item, &d->hosts[d->nhosts], &ld->pm->hosts[d->nhosts]);
		d->nhosts++;
		ld_path_pop(ld, m);
	}
}

static void iface_item(struct ld *ld, struct fy_node *v, size_t i, void *arg)
{
	(void)i;
	(void)arg;
	struct conf_dhcp *d = &ld->c->dhcp;
	char *name = NULL;
	if (!ld_str(ld, v, LD_STR_IFNAME, &name))
		return;
	for (size_t k = 0; k < d->ninterfaces; k++)
		if (!strcmp(d->interfaces[k], name)) {
			ld_err(ld, v, "%s is listed twice", name);
			free(name);
			return;
		}
	char **ni = realloc(d->interfaces, (d->ninterfaces + 1) * sizeof(*ni));
	if (!ni) {
		free(name);
		ld_oom(ld);
		return;
	}
	d->interfaces = ni;
	ni[d->ninterfaces++] = name;
}

static const char *const dhcp_keys[] = {
	"enabled", "proxy", "authoritative", "allow_bootp", "allow_booting", "interfaces", "lease_time",
	"max_lease_time", "offer_hold", "decline_hold", "boot_files", "options", "subnets", "hosts", NULL,
};
enum { DK_ENABLED, DK_PROXY, DK_AUTH, DK_BOOTP, DK_BOOTING, DK_IFACES, DK_LEASE, DK_MAXLEASE,
       DK_OFFER, DK_DECLINE, DK_BOOT, DK_OPTIONS, DK_SUBNETS, DK_HOSTS };

static void load_dhcp(struct ld *ld, struct fy_node *m)
{
	struct conf_dhcp *d = &ld->c->dhcp;
	if (!ld_expect_map(ld, m, "a mapping of DHCP settings"))
		return;
	void *it = NULL;
	struct fy_node_pair *p;
	while ((p = fy_node_mapping_iterate(m, &it)) != NULL) {
		struct fy_node *kn, *v = fy_node_pair_value(p);
		const char *key = ld_pair_key(ld, p, &kn);
		if (!key)
			continue;
		size_t mark = ld_path_push(ld, ".%s", key);
		const struct conf_opt_info *oi;
		switch (ld_key_index(key, dhcp_keys)) {
		case DK_ENABLED: ld_bool(ld, v, &d->enabled); break;
		case DK_PROXY: ld_bool(ld, v, &d->proxy); break;
		case DK_AUTH: ld_bool(ld, v, &d->authoritative); break;
		case DK_BOOTP: ld_bool(ld, v, &d->allow_bootp); break;
		case DK_BOOTING: ld_bool(ld, v, &d->allow_booting); break;
		case DK_IFACES: ld_for_items(ld, v, "an interface name", iface_item, NULL); break;
		case DK_LEASE:
			if (ld_duration(ld, v, false, &d->lease_time))
				ld->pm->lease_time = ld_pos(ld, v);
			break;
		case DK_MAXLEASE: ld_duration(ld, v, false, &d->max_lease_time); break;
		case DK_OFFER: ld_duration(ld, v, true, &d->offer_hold); break;
		case DK_DECLINE: ld_duration(ld, v, true, &d->decline_hold); break;
		case DK_BOOT: ld_boot(ld, v, &d->boot, ld->pm->boot); break;
		case DK_OPTIONS: ld_options(ld, v, &d->options, false); break;
		case DK_SUBNETS: load_subnets(ld, v); break;
		case DK_HOSTS: load_hosts(ld, v); break;
		default:
			if ((oi = conf_opt_by_key(key)) != NULL)
				ld_option_key(ld, kn, v, oi, &d->options);
			else
				ld_unknown_key(ld, kn, key, dhcp_keys, conf_opt_keys);
			break;
		}
		ld_path_pop(ld, mark);
	}
}

static void load_log(struct ld *ld, struct fy_node *m)
{
	static const char *const keys[] = { "level", "syslog", NULL };
	if (!ld_expect_map(ld, m, "a mapping (level:, syslog:)"))
		return;
	void *it = NULL;
	struct fy_node_pair *p;
	while ((p = fy_node_mapping_iterate(m, &it)) != NULL) {
		struct fy_node *kn, *v = fy_node_pair_value(p);
		const char *key = ld_pair_key(ld, p, &kn);
		if (!key)
			continue;
		size_t mark = ld_path_push(ld, ".%s", key);
		const char *s;
		char b[80];
		switch (ld_key_index(key, keys)) {
		case 0:
			if ((s = ld_scalar(ld, v, "error, warning, info or debug")) &&
			    conf_log_level_from_name(s, &ld->c->log_level) < 0)
				ld_err(ld, v, "expected error, warning, info or debug, got '%s'", ld_show(s, b));
			break;
		case 1: ld_bool(ld, v, &ld->c->log_syslog); break;
		default: ld_unknown_key(ld, kn, key, keys, NULL); break;
		}
		ld_path_pop(ld, mark);
	}
}

/* ---- tftp ---- */

/* Interface and address lists where a server listens (tftp, http). */
static void iface_list_add(struct ld *ld, struct fy_node *v, char ***list, size_t *n)
{
	char *name = NULL;
	if (!ld_str(ld, v, LD_STR_IFNAME, &name))
		return;
	for (size_t k = 0; k < *n; k++)
		if (!strcmp((*list)[k], name)) {
			ld_err(ld, v, "%s is listed twice", name);
			free(name);
			return;
		}
	char **ni = realloc(*list, (*n + 1) * sizeof(*ni));
	if (!ni) {
		free(name);
		ld_oom(ld);
		return;
	}
	*list = ni;
	ni[(*n)++] = name;
}

static void addr_list_add(struct ld *ld, struct fy_node *v, uint32_t **list, size_t *n)
{
	uint32_t a;
	if (!ld_ip(ld, v, &a))
		return;
	char b[IPV4_STRLEN];
	if (a == UINT32_MAX || (a >> 28) == 14) {
		ld_err(ld, v, "%s is not a unicast address to listen on", ipv4_to_str(a, b));
		return;
	}
	for (size_t k = 0; k < *n; k++)
		if ((*list)[k] == a || a == 0 || (*list)[k] == 0) {
			ld_err(ld, v, a == 0 || (*list)[k] == 0 ?
					      "0.0.0.0 (every address) cannot be combined with other addresses" :
					      "%s is listed twice", ipv4_to_str(a, b));
			return;
		}
	uint32_t *na = realloc(*list, (*n + 1) * sizeof(*na));
	if (!na) {
		ld_oom(ld);
		return;
	}
	*list = na;
	na[(*n)++] = a;
}

static void tftp_iface_item(struct ld *ld, struct fy_node *v, size_t i, void *arg)
{
	iface_list_add(ld, v, &ld->c->tftp.interfaces, &ld->c->tftp.ninterfaces);
}

static void tftp_addr_item(struct ld *ld, struct fy_node *v, size_t i, void *arg)
{
	addr_list_add(ld, v, &ld->c->tftp.addresses, &ld->c->tftp.naddresses);
}

static void http_iface_item(struct ld *ld, struct fy_node *v, size_t i, void *arg)
{
	iface_list_add(ld, v, &ld->c->http.interfaces, &ld->c->http.ninterfaces);
}

static void http_addr_item(struct ld *ld, struct fy_node *v, size_t i, void *arg)
{
	addr_list_add(ld, v, &ld->c->http.addresses, &ld->c->http.naddresses);
}

/* A whole number in [min,max]; `what` completes "expected ...". */
static bool ld_uint(struct ld *ld, struct fy_node *v, int64_t min, int64_t max, const char *what, uint32_t *out)
{
	const char *s = ld_scalar(ld, v, what);
	if (!s)
		return false;
	int64_t n;
	if (str_to_int64(s, min, max, &n) < 0) {
		char b[80];
		ld_err(ld, v, "expected %s, got '%s'", what, ld_show(s, b));
		return false;
	}
	*out = (uint32_t)n;
	return true;
}

/* A size in bytes: "1048576", or with a binary unit "512K", "64M", "2G". */
static bool ld_size(struct ld *ld, struct fy_node *v, uint64_t *out)
{
	static const char what[] = "a size in bytes such as 1048576, 512K, 64M or 2G";
	const char *s = ld_scalar(ld, v, what);
	if (!s)
		return false;
	char num[32];
	size_t len = strlen(s);
	unsigned shift = 0;
	if (len > 1) {
		switch (s[len - 1]) {
		case 'k': case 'K': shift = 10; break;
		case 'm': case 'M': shift = 20; break;
		case 'g': case 'G': shift = 30; break;
		case 't': case 'T': shift = 40; break;
		default: break;
		}
	}
	int64_t n = 0;
	size_t nlen = len - (shift ? 1 : 0);
	bool ok = nlen < sizeof(num);
	if (ok) {
		memcpy(num, s, nlen);
		num[nlen] = 0;
		ok = str_to_int64(num, 1, INT64_MAX >> shift, &n) == 0;
	}
	if (!ok) {
		char b[80];
		ld_err(ld, v, "expected %s (at least 1), got '%s'", what, ld_show(s, b));
		return false;
	}
	*out = (uint64_t)n << shift;
	return true;
}

static const char *const tftp_keys[] = {
	"enabled", "root", "interfaces", "addresses", "port", "max_transfers", "max_per_client",
	"blksize_max", "windowsize_max", "timeout_min_ms", "retries", "upload_dir", "upload_max_size", NULL,
};
enum { TK_ENABLED, TK_ROOT, TK_IFACES, TK_ADDRS, TK_PORT, TK_MAX, TK_PER_CLIENT, TK_BLKSIZE,
       TK_WINDOW, TK_TIMEOUT, TK_RETRIES, TK_UPLOAD_DIR, TK_UPLOAD_MAX };

static void load_tftp(struct ld *ld, struct fy_node *m)
{
	struct conf_tftp *t = &ld->c->tftp;
	if (!ld_expect_map(ld, m, "a mapping of TFTP settings (enabled:, root:, ...)"))
		return;
	struct fy_node *per_client_node = NULL, *upload_node = NULL;
	uint32_t u;
	void *it = NULL;
	struct fy_node_pair *p;
	while ((p = fy_node_mapping_iterate(m, &it)) != NULL) {
		struct fy_node *kn, *v = fy_node_pair_value(p);
		const char *key = ld_pair_key(ld, p, &kn);
		if (!key)
			continue;
		size_t mark = ld_path_push(ld, ".%s", key);
		switch (ld_key_index(key, tftp_keys)) {
		case TK_ENABLED: ld_bool(ld, v, &t->enabled); break;
		case TK_ROOT: ld_str(ld, v, LD_STR_ABSPATH, &t->root); break;
		case TK_IFACES: ld_for_items(ld, v, "an interface name", tftp_iface_item, NULL); break;
		case TK_ADDRS: ld_for_items(ld, v, "an IPv4 address", tftp_addr_item, NULL); break;
		case TK_PORT:
			if (ld_uint(ld, v, 1, 65535, "a port number 1-65535", &u))
				t->port = (uint16_t)u;
			break;
		case TK_MAX: ld_uint(ld, v, 1, 1000000, "a number of transfers 1-1000000", &t->max_transfers); break;
		case TK_PER_CLIENT:
			if (ld_uint(ld, v, 1, 1000000, "a number of transfers 1-1000000", &t->max_per_client))
				per_client_node = v;
			break;
		case TK_BLKSIZE: ld_uint(ld, v, 512, 65464, "a block size 512-65464", &t->blksize_max); break;
		case TK_WINDOW: ld_uint(ld, v, 1, 65535, "a window size 1-65535", &t->windowsize_max); break;
		case TK_TIMEOUT:
			ld_uint(ld, v, 1, 60000, "milliseconds 1-60000", &t->timeout_min_ms);
			break;
		case TK_RETRIES: ld_uint(ld, v, 1, 100, "a number of retries 1-100", &t->retries); break;
		case TK_UPLOAD_DIR:
			if (ld_str(ld, v, LD_STR_ABSPATH, &t->upload_dir))
				upload_node = v;
			break;
		case TK_UPLOAD_MAX: ld_size(ld, v, &t->upload_max_size); break;
		default: ld_unknown_key(ld, kn, key, tftp_keys, NULL); break;
		}
		ld_path_pop(ld, mark);
	}
	if (per_client_node && t->max_per_client > t->max_transfers) {
		size_t mark = ld_path_push(ld, ".max_per_client");
		ld_err(ld, per_client_node, "%u is more than max_transfers (%u)", t->max_per_client, t->max_transfers);
		ld_path_pop(ld, mark);
	}
	if (upload_node && t->root) {
		/* files uploaded into the served tree could be booted by the next
		 * client: a separate directory is required */
		size_t rl = strlen(t->root), ul = strlen(t->upload_dir);
		while (rl > 1 && t->root[rl - 1] == '/')
			rl--;
		while (ul > 1 && t->upload_dir[ul - 1] == '/')
			ul--;
		if (ul >= rl && strncmp(t->upload_dir, t->root, rl) == 0 &&
		    (ul == rl || t->upload_dir[rl] == '/' || rl == 1)) {
			size_t mark = ld_path_push(ld, ".upload_dir");
			ld_err(ld, upload_node, "must not be inside tftp.root (%s): uploads would be served to clients",
			       t->root);
			ld_path_pop(ld, mark);
		}
	}
}

static const char *const http_keys[] = {
	"enabled", "root", "interfaces", "addresses", "port", "max_connections", "max_per_client", "idle_timeout",
	"threads", NULL,
};
enum { HK_ENABLED, HK_ROOT, HK_IFACES, HK_ADDRS, HK_PORT, HK_MAX, HK_PER_CLIENT, HK_IDLE, HK_THREADS };

static void load_http(struct ld *ld, struct fy_node *m)
{
	struct conf_http *h = &ld->c->http;
	if (!ld_expect_map(ld, m, "a mapping of HTTP settings (enabled:, root:, port:, ...)"))
		return;
	struct fy_node *per_client_node = NULL;
	uint32_t u;
	void *it = NULL;
	struct fy_node_pair *p;
	while ((p = fy_node_mapping_iterate(m, &it)) != NULL) {
		struct fy_node *kn, *v = fy_node_pair_value(p);
		const char *key = ld_pair_key(ld, p, &kn);
		if (!key)
			continue;
		size_t mark = ld_path_push(ld, ".%s", key);
		switch (ld_key_index(key, http_keys)) {
		case HK_ENABLED: ld_bool(ld, v, &h->enabled); break;
		case HK_ROOT: ld_str(ld, v, LD_STR_ABSPATH, &h->root); break;
		case HK_IFACES: ld_for_items(ld, v, "an interface name", http_iface_item, NULL); break;
		case HK_ADDRS: ld_for_items(ld, v, "an IPv4 address", http_addr_item, NULL); break;
		case HK_PORT:
			if (ld_uint(ld, v, 1, 65535, "a port number 1-65535", &u))
				h->port = (uint16_t)u;
			break;
		case HK_MAX:
			ld_uint(ld, v, 1, 1000000, "a number of connections 1-1000000", &h->max_connections);
			break;
		case HK_PER_CLIENT:
			if (ld_uint(ld, v, 1, 1000000, "a number of connections 1-1000000", &h->max_per_client))
				per_client_node = v;
			break;
		case HK_IDLE:
			if (ld_duration(ld, v, false, &h->idle_timeout) && h->idle_timeout > 86400) {
				ld_err(ld, v, "at most a day (1d)");
				h->idle_timeout = CONF_DEFAULT_HTTP_IDLE_TIMEOUT;
			}
			break;
		case HK_THREADS:
			ld_uint(ld, v, 0, CONF_HTTP_THREADS_MAX, "a number of threads 0-64 (0: one per CPU)", &h->threads);
			break;
		default: ld_unknown_key(ld, kn, key, http_keys, NULL); break;
		}
		ld_path_pop(ld, mark);
	}
	if (per_client_node && h->max_per_client > h->max_connections) {
		size_t mark = ld_path_push(ld, ".max_per_client");
		ld_err(ld, per_client_node, "%u is more than max_connections (%u)", h->max_per_client,
		       h->max_connections);
		ld_path_pop(ld, mark);
	}
}

static const char *const root_keys[] = { "state_dir", "user", "log", "dhcp", "tftp", "http", NULL };

static void load_root(struct ld *ld, struct fy_node *root)
{
	if (ld_is_null(root))
		return; /* an empty file: every default */
	if (!ld_expect_map(ld, root, "a mapping of settings at the top level"))
		return;
	void *it = NULL;
	struct fy_node_pair *p;
	while ((p = fy_node_mapping_iterate(root, &it)) != NULL) {
		struct fy_node *kn, *v = fy_node_pair_value(p);
		const char *key = ld_pair_key(ld, p, &kn);
		if (!key)
			continue;
		size_t mark = ld_path_push(ld, "%s", key);
		switch (ld_key_index(key, root_keys)) {
		case 0: ld_str(ld, v, LD_STR_ABSPATH, &ld->c->state_dir); break;
		case 1: ld_str(ld, v, 0, &ld->c->user); break;
		case 2: load_log(ld, v); break;
		case 3: load_dhcp(ld, v); break;
		case 4: load_tftp(ld, v); break;
		case 5: load_http(ld, v); break;
		default: ld_unknown_key(ld, kn, key, root_keys, NULL); break;
		}
		ld_path_pop(ld, mark);
	}
}

/* The schema walk runs only on a document that parsed. Returns whether
 * the text got as far as the YAML parser (valid UTF-8, no NUL), i.e.
 * whether the conf is worth checking. */
static bool load_text(struct ld *ld, const char *text, size_t len)
{
	struct fy_document *doc = ld_parse(ld, text, len);
	if (doc)
		load_root(ld, fy_document_root(doc));
	bool parsed = ld->diag != NULL;
	ld_finish(ld, doc);
	return parsed;
}

int conf_load_string(const char *name, const char *text, size_t len, struct pxed_conf *ret, FILE *errs)
{
	struct pxed_conf c;
	struct conf_posmap pm;
	memset(&pm, 0, sizeof(pm));
	conf_init(&c);
	c.path = strdup(name ? name : "<config>");
	struct ld ld = { .file = c.path, .errs = errs, .c = &c, .pm = &pm };
	if (!c.path || !c.state_dir || !c.user || !c.tftp.root || !c.http.root) {
		conf_free(&c);
		return -ENOMEM;
	}
	bool parsed = load_text(&ld, text, len);
	if (parsed && !ld.oom) {
		int warnings = 0;
		/* even with errors above, so that one run shows everything;
		 * the parts that did not parse are marked bad and skipped */
		if (ld.errors <= LD_MAX_ERRORS)
			ld.errors += conf_check(&c, &pm, errs, &warnings);
	}
	conf_posmap_free(&pm, c.dhcp.nsubnets, c.dhcp.nhosts);
	if (ld.oom || ld.errors) {
		conf_free(&c);
		return ld.oom ? -ENOMEM : -EINVAL;
	}
	*ret = c;
	return 0;
}

int conf_read_file(const char *path, char **ret, size_t *ret_len, FILE *errs)
{
	FILE *f = fopen(path, "rb");
	struct conf_pos p = { .file = path };
	if (!f) {
		int e = errno;
		conf_diag(errs, &p, "error", "cannot open: %s", strerror(e));
		return -e;
	}
	size_t cap = 64 * 1024, len = 0;
	char *buf = malloc(cap);
	int r = buf ? 0 : -ENOMEM;
	while (r == 0) {
		if (len == cap) {
			char *nb = cap < CONF_MAX_FILE_SIZE ? realloc(buf, cap * 2) : NULL;
			if (!nb) {
				r = cap < CONF_MAX_FILE_SIZE ? -ENOMEM : -EFBIG;
				break;
			}
			buf = nb;
			cap *= 2;
		}
		size_t n = fread(buf + len, 1, cap - len, f);
		len += n;
		if (n == 0 && ferror(f))
			r = -EIO;
		if (n == 0)
			break;
	}
	fclose(f);
	if (r < 0) {
		conf_diag(errs, &p, "error", "%s",
			  r == -EFBIG ? "file larger than 16 MiB" : r == -EIO ? "read error" : "out of memory");
		free(buf);
		return r;
	}
	*ret = buf;
	*ret_len = len;
	return 0;
}

int conf_load_file(const char *path, struct pxed_conf *ret, FILE *errs)
{
	char *buf;
	size_t len;
	int r = conf_read_file(path, &buf, &len, errs);
	if (r < 0)
		return r;
	r = conf_load_string(path, buf, len, ret, errs);
	free(buf);
	return r;
}
