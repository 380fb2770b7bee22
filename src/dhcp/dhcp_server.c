/* RFC 2131 server side, BOOTP (RFC 951/1542), PXE and proxyDHCP.
 *
 * One request is handled in a fixed number of hash lookups plus O(log n)
 * heap work in the lease table; the parsed message, the reply under
 * construction and the option values it points to live in the server
 * object, so the common path allocates nothing.
 *
 * Choices where the RFCs leave room:
 * - Subnet: giaddr when relayed, else ciaddr (a renewing client may be
 *   routed to us), else the receiving interface's address, else a subnet
 *   bound to the receiving interface by name. No shared networks: a request
 *   for an address of another subnet on the same link is "wrong network".
 * - A static host's fixed address is used only when it lies in the selected
 *   subnet; otherwise the host is still "known" and gets a pool address.
 *   A fixed address wins over any dynamic lease left on it.
 * - INIT-REBOOT for an address we have no record of: NAK when
 *   authoritative, silence otherwise. RENEWING (unicast to us) for an
 *   address that is not the client's: NAK. REBINDING (broadcast): NAK when
 *   the address is someone else's or we are authoritative, else silence,
 *   so a second server's clients are left alone.
 * - Requested lease times are honoured between MIN_LEASE_TIME and the
 *   maximum, so a client cannot make us rewrite the store every second.
 * - Boot information goes to PXE, HTTP Boot and iPXE clients, BOOTP
 *   clients and clients asking for option 66/67; plain DHCP clients (an
 *   installed OS) get none.
 * - DHCPDECLINE quarantines only pool addresses the declining client holds:
 *   a client cannot take other clients' addresses out of service, and a
 *   static host's fixed address is its only address, so a conflict there
 *   is reported but not quarantined.
 * - proxyDHCP: on port 67 only DISCOVERs from PXE, HTTP Boot and iPXE
 *   clients are answered, with an OFFER that carries boot information and
 *   no address. Port 4011 (PXE boot server) answers REQUEST/INFORM from
 *   boot clients with an ACK in both modes. Neither ever touches a lease. */
#include "dhcp/dhcp_server.h"

#include <errno.h>
#include <limits.h>
#include <inttypes.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/log.h"
#include "core/str.h"
#include "dhcp/dhcp_leases.h"
#include "dhcp/dhcp_options.h"
#include "dhcp/dhcp_pxe.h"

#define DEFAULT_OFFER_HOLD 30    /* seconds an OFFERed address waits for its REQUEST */
#define DEFAULT_DECLINE_HOLD 600 /* seconds a DECLINEd address is out of service (as dnsmasq) */
#define MIN_LEASE_TIME 60
#define SCRATCH_MAX 1024
#define BOOTFILE_MAX 1024
#define NO_HOST UINT32_MAX

struct dhcp_server {
	const struct pxed_conf *conf;
	struct lease_table *leases;
	/* Static hosts by MAC and by client identifier: open addressing,
	 * slots hold host indices (NO_HOST = empty). NULL tables (allocation
	 * failed) fall back to a linear search. */
	uint32_t *by_mac, *by_cid;
	size_t nslots;
	struct dhcp_msg msg;
	struct dhcp_reply reply;
	uint8_t scratch[SCRATCH_MAX]; /* option values the reply points to */
	size_t used;
	char bootfile[BOOTFILE_MAX];
	int text_level;
};

enum req_mode { MODE_SELECTING, MODE_INIT_REBOOT, MODE_RENEWING, MODE_REBINDING };

/* Everything known about one request. */
struct req {
	const struct dhcp_rx *rx;
	const struct dhcp_msg *m;
	int64_t now;
	struct lease_client client;
	const uint8_t *cid;
	size_t cid_len;
	int subnet;
	const struct conf_subnet *sub;
	const struct conf_host *host;
	struct pxe_client pxe;
	uint32_t server_id;  /* rx->if_addr */
	uint32_t requested;  /* option 50, 0 if absent */
	char mac[3 * 16 + 1];
	char hostname[LEASE_HOSTNAME_MAX]; /* option 12, escaped */
	char via[IPV4_STRLEN + 16];
};

struct boot_info {
	bool present;
	bool boot_client;    /* PXE, HTTP Boot, iPXE or BOOTP: says so in sname and logs */
	int cls;             /* boot class, -1 none */
	const char *file;    /* s->bootfile or NULL */
	uint32_t next_server;
};

/* ---- small helpers ---- */

static bool in_subnet(const struct conf_subnet *sub, uint32_t ip)
{
	return sub && (ip & sub->netmask) == sub->network;
}

static const char *ip_str(uint32_t ip, char buf[IPV4_STRLEN]) { return ipv4_to_str(ip, buf); }

static void fmt_duration(char *buf, size_t cap, int64_t secs)
{
	if (secs >= (int64_t)UINT32_MAX || secs < 0)
		snprintf(buf, cap, "infinite");
	else if (secs > 0 && secs % 86400 == 0)
		snprintf(buf, cap, "%" PRId64 "d", secs / 86400);
	else if (secs > 0 && secs % 3600 == 0)
		snprintf(buf, cap, "%" PRId64 "h", secs / 3600);
	else if (secs > 0 && secs % 60 == 0)
		snprintf(buf, cap, "%" PRId64 "m", secs / 60);
	else
		snprintf(buf, cap, "%" PRId64 "s", secs);
}

static void fmt_hw(char *buf, size_t cap, const uint8_t *hw, uint8_t hlen)
{
	static const char hex[] = "0123456789abcdef";
	size_t k = 0;
	for (uint8_t i = 0; i < hlen && i < 16 && k + 3 < cap; i++) {
		if (i)
			buf[k++] = ':';
		buf[k++] = hex[hw[i] >> 4];
		buf[k++] = hex[hw[i] & 15];
	}
	buf[k] = 0;
}

__attribute__((format(printf, 2, 3))) static void ev_add(struct dhcp_event *ev, const char *fmt, ...)
{
	if (ev->level > ev->text_level)
		return;
	size_t n = strnlen(ev->text, sizeof(ev->text));
	if (n + 1 >= sizeof(ev->text))
		return;
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(ev->text + n, sizeof(ev->text) - n, fmt, ap);
	va_end(ap);
}

static void ev_start(struct dhcp_result *out, const struct req *q, enum dhcp_event_kind kind, int level,
		     uint32_t ip)
{
	struct dhcp_event *ev = &out->ev;
	ev->kind = kind;
	ev->level = level;
	ev->ip = ip;
	ev->text[0] = 0;
	if (q && q->m) {
		ev->hlen = q->m->hlen > 16 ? 16 : q->m->hlen;
		memcpy(ev->hw, q->m->chaddr, ev->hlen);
		ev->host = q->host;
		if (q->pxe.kind != PXE_KIND_NONE || q->pxe.ipxe)
			ev->arch = q->pxe.boot_class;
	}
}

/* Message names as ISC dhcpd logs them, which operators grep for. */
static const char *msg_name(uint8_t type)
{
	static const char *const names[] = {
		"BOOTREQUEST", "DHCPDISCOVER", "DHCPOFFER", "DHCPREQUEST", "DHCPDECLINE",
		"DHCPACK",     "DHCPNAK",      "DHCPRELEASE", "DHCPINFORM",
	};
	return type < sizeof(names) / sizeof(names[0]) ? names[type] : "DHCP message";
}

/* " (name)" for the event: the static host's label, else the client's
 * own hostname. */
static const char *who(const struct req *q)
{
	if (q->host && q->host->name)
		return q->host->name;
	return q->hostname[0] ? q->hostname : NULL;
}

static void ev_client(struct dhcp_event *ev, const struct req *q)
{
	const char *n = who(q);
	if (n)
		ev_add(ev, "%s (%s) via %s", q->mac, n, q->via);
	else
		ev_add(ev, "%s via %s", q->mac, q->via);
}

static void ev_subnet(struct dhcp_event *ev, const struct conf_subnet *sub)
{
	char a[IPV4_STRLEN];
	int pl = ipv4_mask_to_prefix(sub->netmask);
	ev_add(ev, "%s/%d", ip_str(sub->network, a), pl < 0 ? 0 : pl);
}

/* ---- static hosts ---- */

static size_t slot_of(uint64_t h, size_t nslots) { return (size_t)(h ^ (h >> 29)) & (nslots - 1); }

static uint64_t hash_bytes(const uint8_t *p, size_t n)
{
	uint64_t h = 0xcbf29ce484222325ull;
	for (size_t i = 0; i < n; i++) {
		h ^= p[i];
		h *= 0x100000001b3ull;
	}
	return h;
}

static bool host_has_mac(const struct conf_host *h, const uint8_t *mac)
{
	for (size_t i = 0; i < h->nmacs; i++)
		if (memcmp(h->macs[i], mac, 6) == 0)
			return true;
	return false;
}

static bool host_has_cid(const struct conf_host *h, const uint8_t *cid, size_t len)
{
	return h->client_id && h->client_id_len == len && memcmp(h->client_id, cid, len) == 0;
}

static void hosts_free(struct dhcp_server *s)
{
	free(s->by_mac);
	free(s->by_cid);
	s->by_mac = s->by_cid = NULL;
	s->nslots = 0;
}

static void hosts_index(struct dhcp_server *s)
{
	hosts_free(s);
	if (!s->conf)
		return;
	const struct conf_dhcp *d = &s->conf->dhcp;
	size_t keys = 0;
	for (size_t i = 0; i < d->nhosts; i++)
		keys += d->hosts[i].nmacs + 1;
	if (!keys)
		return;
	size_t n = 16;
	while (n < 2 * keys)
		n *= 2;
	s->by_mac = malloc(n * sizeof(*s->by_mac));
	s->by_cid = malloc(n * sizeof(*s->by_cid));
	if (!s->by_mac || !s->by_cid) {
		hosts_free(s);
		return;
	}
	s->nslots = n;
	for (size_t i = 0; i < n; i++)
		s->by_mac[i] = s->by_cid[i] = NO_HOST;
	/* Earlier hosts win duplicate keys, as in the linear search. */
	for (size_t i = 0; i < d->nhosts; i++) {
		const struct conf_host *h = &d->hosts[i];
		for (size_t k = 0; k < h->nmacs; k++) {
			size_t j = slot_of(hash_bytes(h->macs[k], 6), n);
			while (s->by_mac[j] != NO_HOST && !host_has_mac(&d->hosts[s->by_mac[j]], h->macs[k]))
				j = (j + 1) & (n - 1);
			if (s->by_mac[j] == NO_HOST)
				s->by_mac[j] = (uint32_t)i;
		}
		if (h->client_id && h->client_id_len) {
			size_t j = slot_of(hash_bytes(h->client_id, h->client_id_len), n);
			while (s->by_cid[j] != NO_HOST &&
			       !host_has_cid(&d->hosts[s->by_cid[j]], h->client_id, h->client_id_len))
				j = (j + 1) & (n - 1);
			if (s->by_cid[j] == NO_HOST)
				s->by_cid[j] = (uint32_t)i;
		}
	}
}

/* Option 97 is a type byte (0) and 16 bytes of UUID. Firmware disagrees on
 * the order of the first three fields (SMBIOS 2.6 stores them little-endian,
 * older firmware and some ROMs send them as written), so both are accepted. */
static bool host_has_uuid(const struct conf_host *h, const uint8_t *opt, size_t len)
{
	if (!h->has_uuid || len != 17 || opt[0] != 0)
		return false;
	const uint8_t *u = opt + 1;
	if (memcmp(u, h->uuid, 16) == 0)
		return true;
	static const uint8_t swap[16] = { 3, 2, 1, 0, 5, 4, 7, 6, 8, 9, 10, 11, 12, 13, 14, 15 };
	for (size_t i = 0; i < 16; i++)
		if (u[i] != h->uuid[swap[i]])
			return false;
	return true;
}

static const struct conf_host *find_host_by_uuid(const struct conf_dhcp *d, const uint8_t *opt,
						 size_t len)
{
	for (size_t i = 0; opt && i < d->nhosts; i++)
		if (host_has_uuid(&d->hosts[i], opt, len))
			return &d->hosts[i];
	return NULL;
}

static const struct conf_host *find_host_by_key(const struct dhcp_server *s, const struct dhcp_msg *m,
						const uint8_t *cid, size_t cid_len)
{
	const struct conf_dhcp *d = &s->conf->dhcp;
	if (!d->nhosts)
		return NULL;
	bool eth = m->htype == 1 && m->hlen == 6;
	if (!s->by_mac) {
		for (size_t i = 0; cid && i < d->nhosts; i++)
			if (host_has_cid(&d->hosts[i], cid, cid_len))
				return &d->hosts[i];
		for (size_t i = 0; eth && i < d->nhosts; i++)
			if (host_has_mac(&d->hosts[i], m->chaddr))
				return &d->hosts[i];
		return NULL;
	}
	size_t n = s->nslots;
	if (cid) {
		for (size_t j = slot_of(hash_bytes(cid, cid_len), n); s->by_cid[j] != NO_HOST; j = (j + 1) & (n - 1))
			if (host_has_cid(&d->hosts[s->by_cid[j]], cid, cid_len))
				return &d->hosts[s->by_cid[j]];
	}
	if (eth) {
		for (size_t j = slot_of(hash_bytes(m->chaddr, 6), n); s->by_mac[j] != NO_HOST; j = (j + 1) & (n - 1))
			if (host_has_mac(&d->hosts[s->by_mac[j]], m->chaddr))
				return &d->hosts[s->by_mac[j]];
	}
	return NULL;
}

/* By client identifier, then MAC, then (a host whose NIC was replaced, or
 * that boots from another port) by the machine's UUID. */
static const struct conf_host *find_host(const struct dhcp_server *s, const struct dhcp_msg *m,
					 const uint8_t *cid, size_t cid_len, const struct pxe_client *pxe)
{
	if (!s->conf->dhcp.nhosts)
		return NULL;
	const struct conf_host *h = find_host_by_key(s, m, cid, cid_len);
	return h ? h : find_host_by_uuid(&s->conf->dhcp, pxe->uuid, pxe->uuid_len);
}

/* ---- subnet selection ---- */

static bool iface_ok(const struct conf_subnet *sub, const struct dhcp_rx *rx)
{
	return !sub->interface || (rx->ifname && strcmp(sub->interface, rx->ifname) == 0);
}

static int select_subnet(const struct pxed_conf *c, const struct dhcp_rx *rx, const struct dhcp_msg *m)
{
	const struct conf_dhcp *d = &c->dhcp;
	if (m->giaddr) {
		for (size_t i = 0; i < d->nsubnets; i++)
			if (in_subnet(&d->subnets[i], m->giaddr))
				return (int)i;
		return -1;
	}
	if (m->ciaddr)
		for (size_t i = 0; i < d->nsubnets; i++)
			if (in_subnet(&d->subnets[i], m->ciaddr) && iface_ok(&d->subnets[i], rx))
				return (int)i;
	if (rx->if_addr)
		for (size_t i = 0; i < d->nsubnets; i++)
			if (in_subnet(&d->subnets[i], rx->if_addr) && iface_ok(&d->subnets[i], rx))
				return (int)i;
	if (rx->ifname)
		for (size_t i = 0; i < d->nsubnets; i++)
			if (d->subnets[i].interface && strcmp(d->subnets[i].interface, rx->ifname) == 0)
				return (int)i;
	return -1;
}

/* ---- lease times ---- */

static uint32_t max_lease(const struct pxed_conf *c, const struct conf_subnet *sub)
{
	uint32_t mx = sub && sub->max_lease_time ? sub->max_lease_time : c->dhcp.max_lease_time;
	return mx ? mx : CONF_DEFAULT_MAX_LEASE_TIME;
}

static uint32_t lease_secs(const struct pxed_conf *c, const struct conf_subnet *sub, const struct dhcp_msg *m)
{
	uint32_t def = sub && sub->lease_time ? sub->lease_time : c->dhcp.lease_time;
	if (!def)
		def = CONF_DEFAULT_LEASE_TIME;
	uint32_t mx = max_lease(c, sub);
	if (def > mx)
		def = mx;
	uint32_t want;
	if (dhcp_msg_get_u32(m, OPT_LEASE_TIME, &want) < 0)
		return def;
	if (want > mx)
		want = mx;
	if (want < MIN_LEASE_TIME)
		want = MIN_LEASE_TIME < mx ? MIN_LEASE_TIME : mx;
	return want;
}

static int64_t lease_end(int64_t now, uint32_t secs)
{
	return secs == UINT32_MAX ? INT64_MAX : now + secs;
}

/* ---- reply construction ---- */

static int add_bytes(struct dhcp_server *s, uint8_t code, bool required, const void *p, size_t n)
{
	if (n > sizeof(s->scratch) - s->used)
		return -E2BIG;
	uint8_t *d = s->scratch + s->used;
	memcpy(d, p, n);
	s->used += n;
	return dhcp_reply_add(&s->reply, code, required, d, n);
}

static int add_u32(struct dhcp_server *s, uint8_t code, bool required, uint32_t v)
{
	uint8_t b[4] = { (uint8_t)(v >> 24), (uint8_t)(v >> 16), (uint8_t)(v >> 8), (uint8_t)v };
	return add_bytes(s, code, required, b, 4);
}

static bool prl_has(const struct dhcp_msg *m, uint8_t code)
{
	size_t n;
	const uint8_t *p = dhcp_msg_get(m, OPT_PARAM_REQUEST, &n);
	return p && memchr(p, code, n) != NULL;
}

static void reply_init(struct dhcp_server *s, const struct req *q, uint8_t type, uint32_t yiaddr)
{
	const struct dhcp_msg *m = q->m;
	struct dhcp_reply *r = &s->reply;
	memset(r, 0, offsetof(struct dhcp_reply, opts));
	r->nopts = 0;
	r->prl = NULL;
	r->prl_len = 0;
	r->max_size = 0;
	s->used = 0;
	r->op = BOOTREPLY;
	r->htype = m->htype;
	r->hlen = m->hlen;
	r->xid = m->xid;
	r->flags = m->flags;
	r->yiaddr = yiaddr;
	r->giaddr = m->giaddr;
	memcpy(r->chaddr, m->chaddr, sizeof(r->chaddr));
	r->bootp = type == DHCP_NONE;
	size_t n;
	r->prl = dhcp_msg_get(m, OPT_PARAM_REQUEST, &n);
	r->prl_len = r->prl ? n : 0;
	uint16_t mx;
	if (dhcp_msg_get_u16(m, OPT_MAX_MSG_SIZE, &mx) == 0)
		r->max_size = mx;
	if (type != DHCP_NONE) {
		uint8_t t = type;
		add_bytes(s, OPT_MSG_TYPE, true, &t, 1);
		add_u32(s, OPT_SERVER_ID, true, q->server_id);
	}
}

static void add_lease_times(struct dhcp_server *s, uint32_t secs)
{
	add_u32(s, OPT_LEASE_TIME, true, secs);
	if (secs != UINT32_MAX) {
		add_u32(s, OPT_RENEWAL_TIME, true, secs / 2);
		add_u32(s, OPT_REBINDING_TIME, true, (uint32_t)((uint64_t)secs * 7 / 8));
	}
}

/* Options echoed from the request: client identifier (RFC 6842) and relay
 * agent information (RFC 3046), byte for byte. */
static void add_echoes(struct dhcp_server *s, const struct req *q)
{
	size_t n;
	const uint8_t *v;
	if (q->cid)
		dhcp_reply_add(&s->reply, OPT_CLIENT_ID, true, q->cid, q->cid_len);
	if ((v = dhcp_msg_get(q->m, OPT_RELAY_AGENT, &n)))
		dhcp_reply_add(&s->reply, OPT_RELAY_AGENT, true, v, n);
}

static uint32_t next_server(const struct req *q)
{
	if (q->host && q->host->next_server)
		return q->host->next_server;
	if (q->sub && q->sub->next_server)
		return q->sub->next_server;
	return q->server_id;
}

static void boot_prepare(struct dhcp_server *s, const struct req *q, uint32_t yiaddr, bool bootp,
			 struct boot_info *b)
{
	const struct pxed_conf *c = s->conf;
	memset(b, 0, sizeof(*b));
	b->cls = -1;
	/* Every client gets next-server and a boot file, as ISC dhcpd's
	 * `filename` does: the fixed fields cost nothing, and network boot
	 * programs that send no PXE options still find their file. PXE vendor
	 * options are added only for PXE clients (add_boot). */
	if (!c->dhcp.allow_booting)
		return;
	b->present = true;
	b->boot_client = bootp || q->pxe.kind != PXE_KIND_NONE || q->pxe.ipxe;
	b->next_server = next_server(q);
	b->cls = q->pxe.boot_class;
	/* No option 93: BOOTP ROMs are PC BIOS ROMs, and a client that asks for
	 * a boot file without naming its architecture gets the default one, as
	 * ISC dhcpd's `filename` gives it to every client. */
	if (b->cls < 0 && !q->pxe.has_arch)
		b->cls = BOOT_ARCH_BIOS;
	if (b->cls < 0)
		return;
	struct pxe_vars v = {
		.next_server = b->next_server,
		.http_port = c->http.port,
		.hw = q->m->chaddr,
		.hlen = q->m->hlen,
		.ip = yiaddr,
	};
	if (pxe_boot_file(s->bootfile, sizeof(s->bootfile), q->host ? &q->host->boot : NULL,
			  q->sub ? &q->sub->boot : NULL, &c->dhcp.boot, (enum boot_arch)b->cls, &v) > 0)
		b->file = s->bootfile;
}

static void add_boot(struct dhcp_server *s, const struct req *q, const struct boot_info *b)
{
	struct dhcp_reply *r = &s->reply;
	if (!b->present)
		return;
	r->siaddr = b->next_server;
	char ns[IPV4_STRLEN];
	ip_str(b->next_server, ns);
	if (b->boot_client)
		memcpy(r->sname, ns, strlen(ns) + 1);
	if (b->file) {
		size_t n = strlen(b->file);
		if (n <= sizeof(r->file))
			memcpy(r->file, b->file, n); /* "full" (no NUL) is allowed */
		/* Too long for the fixed field (long HTTP URLs): option 67 is
		 * then the only carrier and must be sent. */
		if (n > sizeof(r->file) || prl_has(q->m, OPT_BOOTFILE))
			dhcp_reply_add(r, OPT_BOOTFILE, n > sizeof(r->file), b->file, n);
	}
	if (prl_has(q->m, OPT_TFTP_SERVER))
		add_bytes(s, OPT_TFTP_SERVER, false, ns, strlen(ns));
	if (r->bootp)
		return;
	const char *vc = pxe_vendor_class(q->pxe.kind);
	if (vc)
		dhcp_reply_add(r, OPT_VENDOR_CLASS, true, vc, strlen(vc));
	if (q->pxe.kind == PXE_KIND_PXE) {
		uint8_t v[PXE_VENDOR_OPTS_LEN];
		size_t n = pxe_vendor_options(v, sizeof(v));
		add_bytes(s, OPT_VENDOR_SPECIFIC, true, v, n);
	}
	if (q->pxe.uuid)
		dhcp_reply_add(r, OPT_CLIENT_UUID, true, q->pxe.uuid, q->pxe.uuid_len);
}

static void ev_boot(struct dhcp_event *ev, const struct req *q, const struct boot_info *b)
{
	if (!b->present || !b->boot_client)
		return;
	if (b->cls < 0) {
		ev_add(ev, ", pxe arch %u (%s): no boot file for it", q->pxe.arch_type,
		       pxe_arch_type_name(q->pxe.arch_type));
		return;
	}
	const char *kind = q->pxe.ipxe ? "ipxe" : q->pxe.kind == PXE_KIND_HTTP ? "http"
						: q->pxe.kind == PXE_KIND_PXE ? "pxe" : "bootp";
	char f[96];
	str_escape(f, sizeof(f), b->file ? b->file : "-", b->file ? strlen(b->file) : 1);
	if (b->cls == BOOT_ARCH_IPXE)
		ev_add(ev, ", %s boot %s", kind, f);
	else
		ev_add(ev, ", %s %s boot %s", kind, boot_arch_name((enum boot_arch)b->cls), f);
}

/* The full set of options for an address-bearing reply (OFFER/ACK/BOOTP)
 * or an INFORM answer (secs == 0: no lease times). */
static void add_common(struct dhcp_server *s, const struct req *q, uint32_t secs, const struct boot_info *b)
{
	if (secs && !s->reply.bootp)
		add_lease_times(s, secs);
	if (q->sub)
		add_u32(s, OPT_SUBNET_MASK, true, q->sub->netmask);
	add_echoes(s, q);
	s->reply.siaddr = next_server(q); /* RFC 2131: the next bootstrap server */
	add_boot(s, q, b);
	if (q->host && q->host->hostname)
		dhcp_reply_add(&s->reply, OPT_HOSTNAME, false, q->host->hostname, strlen(q->host->hostname));
	dhcp_options_apply(&s->reply, &s->conf->dhcp.options, q->sub ? &q->sub->options : NULL,
			   q->host ? &q->host->options : NULL);
}

/* RFC 2131 4.1 (and PXE 2.1 for the boot server port). */
static void set_dest(const struct req *q, struct dhcp_tx *tx, uint32_t yiaddr, bool nak)
{
	const struct dhcp_rx *rx = q->rx;
	const struct dhcp_msg *m = q->m;
	tx->src_ip = q->server_id;
	tx->src_port = DHCP_SERVER_PORT;
	tx->ifindex = rx->ifindex;
	if (rx->local_port == PXE_BOOT_SERVER_PORT) {
		tx->dest = DHCP_DEST_UNICAST;
		tx->dst_ip = rx->src_ip;
		tx->dst_port = rx->src_port;
		tx->src_port = PXE_BOOT_SERVER_PORT;
	} else if (m->giaddr) {
		tx->dest = DHCP_DEST_UNICAST;
		tx->dst_ip = m->giaddr;
		tx->dst_port = DHCP_SERVER_PORT;
	} else if (nak) {
		tx->dest = DHCP_DEST_BROADCAST;
	} else if (m->ciaddr) {
		tx->dest = DHCP_DEST_UNICAST;
		tx->dst_ip = m->ciaddr;
		tx->dst_port = DHCP_CLIENT_PORT;
	} else if (!(m->flags & DHCP_FLAG_BROADCAST) && yiaddr && m->htype == 1 && m->hlen == 6) {
		tx->dest = DHCP_DEST_UNICAST_HW;
		tx->dst_ip = yiaddr;
		tx->dst_port = DHCP_CLIENT_PORT;
		memcpy(tx->dst_hw, m->chaddr, 6);
		tx->dst_hlen = 6;
	} else {
		tx->dest = DHCP_DEST_BROADCAST;
	}
	if (tx->dest == DHCP_DEST_BROADCAST) {
		tx->dst_ip = 0xffffffffu;
		tx->dst_port = DHCP_CLIENT_PORT;
	}
}

/* Builds s->reply into out->tx. Returns false (and a DROPPED event) when
 * even the required options do not fit: a client that sends a huge client
 * identifier and a relay that adds a huge option 82 can make the echoes
 * alone exceed 576 bytes. Logged at warning level, as the client decides. */
static bool finish(struct dhcp_server *s, const struct req *q, struct dhcp_result *out, uint32_t yiaddr,
		   bool nak)
{
	int n = dhcp_reply_build(&s->reply, out->tx.data, sizeof(out->tx.data));
	if (n < 0) {
		ev_start(out, q, DHCP_EV_DROPPED, LOG_LVL_WARN, yiaddr);
		ev_add(&out->ev, "reply to %s does not fit in %u bytes, not sent", q->mac,
		       s->reply.max_size ? s->reply.max_size : DHCP_MIN_MSG_SIZE);
		return false;
	}
	out->tx.len = (size_t)n;
	set_dest(q, &out->tx, yiaddr, nak);
	out->has_tx = true;
	return true;
}

static void add_mutation(struct dhcp_result *out, bool del, const struct dhcp_lease *l)
{
	if (out->nmut >= DHCP_MAX_MUTATIONS)
		return;
	out->mut[out->nmut].del = del;
	out->mut[out->nmut].lease = *l;
	out->nmut++;
}

static void add_delete(struct dhcp_result *out, uint32_t ip)
{
	struct dhcp_lease l;
	memset(&l, 0, sizeof(l));
	l.ip = ip;
	l.state = LEASE_RELEASED;
	add_mutation(out, true, &l);
}

/* ---- outcomes without a reply ---- */

static int drop(struct dhcp_result *out, const struct req *q, int level, const char *why)
{
	ev_start(out, q, DHCP_EV_DROPPED, level, 0);
	char src[IPV4_STRLEN];
	ev_add(&out->ev, "dropped packet from %s:%u", ip_str(q->rx->src_ip, src), q->rx->src_port);
	if (q->rx->ifname)
		ev_add(&out->ev, " on %s", q->rx->ifname);
	ev_add(&out->ev, ": %s", why);
	return 0;
}

__attribute__((format(printf, 4, 5))) static int ignore(struct dhcp_result *out, const struct req *q, int level,
							   const char *fmt, ...)
{
	ev_start(out, q, DHCP_EV_IGNORED, level, 0);
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(out->ev.text, sizeof(out->ev.text), fmt, ap);
	va_end(ap);
	return 0;
}

static int no_subnet(struct dhcp_result *out, const struct req *q)
{
	ev_start(out, q, DHCP_EV_NO_SUBNET, LOG_LVL_INFO, 0);
	ev_add(&out->ev, "%s from ", msg_name(q->m->msg_type));
	ev_client(&out->ev, q);
	ev_add(&out->ev, ": no subnet configured for this network, ignored");
	return 0;
}

/* Host deny and deny-unknown. Returns true when the request ends here. */
static bool refused(struct dhcp_result *out, const struct req *q)
{
	if (q->host && q->host->deny) {
		ignore(out, q, LOG_LVL_DEBUG, "%s from %s (%s): host is denied, ignored",
		       msg_name(q->m->msg_type), q->mac, q->host->name ? q->host->name : "?");
		return true;
	}
	if (q->sub && q->sub->deny_unknown && !q->host) {
		ev_start(out, q, DHCP_EV_UNKNOWN_DENIED, LOG_LVL_WARN, 0);
		ev_add(&out->ev, "%s from unknown client ", msg_name(q->m->msg_type));
		ev_client(&out->ev, q);
		ev_add(&out->ev, ": subnet ");
		ev_subnet(&out->ev, q->sub);
		ev_add(&out->ev, " only serves known hosts");
		return true;
	}
	return false;
}

/* ---- address choice ---- */

static bool host_fixed(const struct req *q, uint32_t *ret)
{
	if (q->host && q->host->ip && in_subnet(q->sub, q->host->ip)) {
		*ret = q->host->ip;
		return true;
	}
	return false;
}

/* Chooses the address for a DISCOVER or BOOTP request: 0 and *ret_ip, or
 * a negative errno after setting the POOL_EXHAUSTED event. */
static int choose_addr(struct dhcp_server *s, const struct req *q, uint32_t requested, struct dhcp_result *out,
		       uint32_t *ret_ip)
{
	if (host_fixed(q, ret_ip))
		return 0;
	int r = lease_table_choose(s->leases, q->subnet, &q->client, requested, q->server_id, q->now, ret_ip);
	if (r == 0)
		return 0;
	ev_start(out, q, DHCP_EV_POOL_EXHAUSTED, LOG_LVL_ERROR, 0);
	ev_add(&out->ev, "%s from ", msg_name(q->m->msg_type));
	ev_client(&out->ev, q);
	ev_add(&out->ev, ": %s in subnet ", r == -ENOENT ? "no dynamic range" : "no free address");
	ev_subnet(&out->ev, q->sub);
	return r;
}

static int bind_lease(struct dhcp_server *s, const struct req *q, uint32_t ip, int64_t ends, struct dhcp_result *out)
{
	uint32_t displaced[DHCP_MAX_MUTATIONS - 1];
	size_t nd = 0;
	const struct dhcp_lease *l;
	int r = lease_table_bind(s->leases, ip, &q->client, q->hostname[0] ? q->hostname : NULL, q->now, ends,
				 displaced, DHCP_MAX_MUTATIONS - 1, &nd, &l);
	if (r < 0)
		return r;
	struct dhcp_lease copy = *l;
	for (size_t i = 0; i < nd; i++)
		add_delete(out, displaced[i]);
	add_mutation(out, false, &copy);
	return 0;
}

/* ---- message handlers ---- */

static int handle_discover(struct dhcp_server *s, struct req *q, struct dhcp_result *out)
{
	const struct pxed_conf *c = s->conf;
	if (q->subnet < 0)
		return no_subnet(out, q);
	if (refused(out, q))
		return 0;
	uint32_t ip;
	int r = choose_addr(s, q, q->requested, out, &ip);
	if (r < 0)
		return r == -ENOMEM ? r : 0;
	uint32_t hold = c->dhcp.offer_hold ? c->dhcp.offer_hold : DEFAULT_OFFER_HOLD;
	r = lease_table_hold(s->leases, ip, &q->client, q->now, q->now + hold);
	if (r < 0)
		return r;

	uint32_t secs = lease_secs(c, q->sub, q->m);
	struct boot_info b;
	boot_prepare(s, q, ip, false, &b);
	reply_init(s, q, DHCPOFFER, ip);
	add_common(s, q, secs, &b);
	if (!finish(s, q, out, ip, false))
		return 0;

	char a[IPV4_STRLEN], d[16];
	ev_start(out, q, DHCP_EV_OFFER, LOG_LVL_INFO, ip);
	ev_add(&out->ev, "DHCPOFFER %s to ", ip_str(ip, a));
	ev_client(&out->ev, q);
	ev_boot(&out->ev, q, &b);
	fmt_duration(d, sizeof(d), (int64_t)secs);
	ev_add(&out->ev, ", lease %s", d);
	return 0;
}

__attribute__((format(printf, 4, 5))) static int nak(struct dhcp_server *s, const struct req *q,
							struct dhcp_result *out, const char *fmt, ...)
{
	char why[128];
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(why, sizeof(why), fmt, ap);
	va_end(ap);

	reply_init(s, q, DHCPNAK, 0);
	/* RFC 2131 4.1: through a relay the NAK goes with the broadcast bit,
	 * as the client may no longer hold the address. */
	if (q->m->giaddr)
		s->reply.flags |= DHCP_FLAG_BROADCAST;
	add_bytes(s, OPT_MESSAGE, false, why, strlen(why));
	add_echoes(s, q);
	if (!finish(s, q, out, 0, true))
		return 0;
	char a[IPV4_STRLEN];
	uint32_t ip = q->requested ? q->requested : q->m->ciaddr;
	ev_start(out, q, DHCP_EV_NAK, LOG_LVL_INFO, ip);
	ev_add(&out->ev, "DHCPNAK %s to ", ip_str(ip, a));
	ev_client(&out->ev, q);
	ev_add(&out->ev, ": %s", why);
	return 0;
}

static int ack(struct dhcp_server *s, struct req *q, uint32_t ip, struct dhcp_result *out)
{
	const struct pxed_conf *c = s->conf;
	uint32_t secs = lease_secs(c, q->sub, q->m);
	int r = bind_lease(s, q, ip, lease_end(q->now, secs), out);
	if (r < 0)
		return r;
	struct boot_info b;
	boot_prepare(s, q, ip, false, &b);
	reply_init(s, q, DHCPACK, ip);
	s->reply.ciaddr = q->m->ciaddr;
	add_common(s, q, secs, &b);
	if (!finish(s, q, out, ip, false))
		return 0;

	char a[IPV4_STRLEN], d[16];
	ev_start(out, q, DHCP_EV_ACK, LOG_LVL_INFO, ip);
	ev_add(&out->ev, "DHCPACK %s to ", ip_str(ip, a));
	ev_client(&out->ev, q);
	ev_boot(&out->ev, q, &b);
	fmt_duration(d, sizeof(d), (int64_t)secs);
	ev_add(&out->ev, ", lease %s", d);
	return 0;
}

static bool owned(const struct dhcp_lease *l, const struct req *q)
{
	return l && l->state != LEASE_DECLINED && lease_is_client(l, &q->client);
}

static bool someone_elses(const struct dhcp_lease *l, const struct req *q)
{
	return l && !owned(l, q) && (l->hlen || l->client_id_len) && !lease_is_free(l, q->now);
}

static int ack_or_nak(struct dhcp_server *s, struct req *q, uint32_t ip, enum req_mode mode,
		      struct dhcp_result *out)
{
	const struct pxed_conf *c = s->conf;
	char a[IPV4_STRLEN];
	if (q->subnet < 0)
		return no_subnet(out, q);
	if (refused(out, q))
		return 0;
	if (!in_subnet(q->sub, ip))
		return nak(s, q, out, "%s is not on this network", ip_str(ip, a));

	uint32_t fixed;
	if (host_fixed(q, &fixed)) {
		if (ip != fixed)
			return nak(s, q, out, "host has fixed address %s", ip_str(fixed, a));
		return ack(s, q, ip, out);
	}

	const struct dhcp_lease *l = lease_table_by_ip(s->leases, ip);
	if (owned(l, q)) {
		if (ip == q->server_id || !lease_table_in_pool(s->leases, q->subnet, ip))
			return nak(s, q, out, "%s is no longer available", ip_str(ip, a));
		return ack(s, q, ip, out);
	}
	switch (mode) {
	case MODE_SELECTING:
		if (lease_table_can_take(s->leases, q->subnet, &q->client, ip, q->server_id, q->now))
			return ack(s, q, ip, out);
		return nak(s, q, out, "%s is not available", ip_str(ip, a));
	case MODE_RENEWING:
		return nak(s, q, out, "%s is not leased to this client", ip_str(ip, a));
	case MODE_INIT_REBOOT:
	case MODE_REBINDING:
		if (someone_elses(l, q))
			return nak(s, q, out, "%s is leased to another client", ip_str(ip, a));
		if (c->dhcp.authoritative)
			return nak(s, q, out, "no lease for %s", ip_str(ip, a));
		return ignore(out, q, LOG_LVL_DEBUG,
			      "DHCPREQUEST for %s from %s: no record of this lease, not authoritative, silent",
			      ip_str(ip, a), q->mac);
	}
	return 0;
}

static int handle_request(struct dhcp_server *s, struct req *q, struct dhcp_result *out)
{
	const struct dhcp_msg *m = q->m;
	uint32_t sid;
	char a[IPV4_STRLEN];
	if (dhcp_msg_get_ipv4(m, OPT_SERVER_ID, &sid) == 0) {
		if (sid != q->server_id) {
			bool dropped = q->subnet >= 0 &&
				       lease_table_cancel_offer(s->leases, &q->client, q->subnet, q->now);
			return ignore(out, q, LOG_LVL_DEBUG, "DHCPREQUEST from %s chose server %s%s", q->mac,
				      ip_str(sid, a), dropped ? ", offer withdrawn" : "");
		}
		uint32_t ip = q->requested ? q->requested : m->ciaddr;
		if (!ip)
			return drop(out, q, LOG_LVL_WARN, "DHCPREQUEST with server identifier but no address");
		return ack_or_nak(s, q, ip, MODE_SELECTING, out);
	}
	if (!m->ciaddr) {
		if (!q->requested)
			return drop(out, q, LOG_LVL_WARN, "DHCPREQUEST without server identifier, ciaddr or option 50");
		return ack_or_nak(s, q, q->requested, MODE_INIT_REBOOT, out);
	}
	/* Broadcast (limited or subnet-directed) means REBINDING; an unknown
	 * destination (0) is treated the same, the more cautious choice. */
	uint32_t dst = q->rx->dst_ip, host_bits = ~q->rx->if_netmask;
	bool broadcast = dst == 0xffffffffu || dst == 0 || (host_bits && (dst & host_bits) == host_bits);
	return ack_or_nak(s, q, m->ciaddr, broadcast ? MODE_REBINDING : MODE_RENEWING, out);
}

static bool other_server(const struct req *q)
{
	uint32_t sid;
	return dhcp_msg_get_ipv4(q->m, OPT_SERVER_ID, &sid) == 0 && sid != q->server_id;
}

static int handle_decline(struct dhcp_server *s, struct req *q, struct dhcp_result *out)
{
	const struct pxed_conf *c = s->conf;
	char a[IPV4_STRLEN], d[16];
	if (other_server(q))
		return ignore(out, q, LOG_LVL_DEBUG, "DHCPDECLINE from %s for another server", q->mac);
	uint32_t ip = q->requested;
	if (!ip)
		return drop(out, q, LOG_LVL_WARN, "DHCPDECLINE without option 50");
	const struct dhcp_lease *l = lease_table_by_ip(s->leases, ip);
	if (!owned(l, q))
		return ignore(out, q, LOG_LVL_DEBUG, "DHCPDECLINE of %s from %s: not its address, ignored",
			      ip_str(ip, a), q->mac);
	int sn = lease_table_subnet_of(s->leases, ip);
	if (!lease_table_in_pool(s->leases, sn, ip)) {
		ev_start(out, q, DHCP_EV_DECLINE, LOG_LVL_WARN, ip);
		ev_add(&out->ev, "DHCPDECLINE of %s from ", ip_str(ip, a));
		ev_client(&out->ev, q);
		ev_add(&out->ev, ": fixed address is in use by another machine, not quarantined");
		return 0;
	}
	uint32_t hold = c->dhcp.decline_hold ? c->dhcp.decline_hold : DEFAULT_DECLINE_HOLD;
	const struct dhcp_lease *nl;
	int r = lease_table_decline(s->leases, ip, q->now, q->now + hold, &nl);
	if (r < 0)
		return r == -ENOMEM ? r : 0;
	add_mutation(out, false, nl);
	ev_start(out, q, DHCP_EV_DECLINE, LOG_LVL_WARN, ip);
	ev_add(&out->ev, "DHCPDECLINE of %s from ", ip_str(ip, a));
	ev_client(&out->ev, q);
	fmt_duration(d, sizeof(d), hold);
	ev_add(&out->ev, ": address in use by another machine, quarantined for %s", d);
	return 0;
}

static int handle_release(struct dhcp_server *s, struct req *q, struct dhcp_result *out)
{
	char a[IPV4_STRLEN];
	if (other_server(q))
		return ignore(out, q, LOG_LVL_DEBUG, "DHCPRELEASE from %s for another server", q->mac);
	uint32_t ip = q->m->ciaddr;
	if (!ip)
		return drop(out, q, LOG_LVL_WARN, "DHCPRELEASE without ciaddr");
	const struct dhcp_lease *l = lease_table_by_ip(s->leases, ip);
	if (!owned(l, q) || l->state != LEASE_BOUND)
		return ignore(out, q, LOG_LVL_DEBUG, "DHCPRELEASE of %s from %s: no lease of this client, ignored",
			      ip_str(ip, a), q->mac);
	const struct dhcp_lease *nl;
	int r = lease_table_release(s->leases, ip, q->now, &nl);
	if (r < 0)
		return r == -ENOMEM ? r : 0;
	add_mutation(out, false, nl);
	ev_start(out, q, DHCP_EV_RELEASE, LOG_LVL_INFO, ip);
	ev_add(&out->ev, "DHCPRELEASE of %s from ", ip_str(ip, a));
	ev_client(&out->ev, q);
	return 0;
}

static int handle_inform(struct dhcp_server *s, struct req *q, struct dhcp_result *out)
{
	char a[IPV4_STRLEN];
	if (!q->m->ciaddr)
		return drop(out, q, LOG_LVL_WARN, "DHCPINFORM without ciaddr");
	if (q->subnet < 0)
		return no_subnet(out, q);
	if (refused(out, q))
		return 0;
	struct boot_info b;
	boot_prepare(s, q, q->m->ciaddr, false, &b);
	reply_init(s, q, DHCPACK, 0);
	s->reply.ciaddr = q->m->ciaddr;
	add_common(s, q, 0, &b);
	if (!finish(s, q, out, 0, false))
		return 0;
	ev_start(out, q, DHCP_EV_INFORM, LOG_LVL_INFO, q->m->ciaddr);
	ev_add(&out->ev, "DHCPACK (inform) %s to ", ip_str(q->m->ciaddr, a));
	ev_client(&out->ev, q);
	ev_boot(&out->ev, q, &b);
	return 0;
}

static int handle_bootp(struct dhcp_server *s, struct req *q, struct dhcp_result *out)
{
	const struct pxed_conf *c = s->conf;
	char a[IPV4_STRLEN], d[16];
	if (q->subnet < 0)
		return no_subnet(out, q);
	bool allowed = q->sub->allow_bootp >= 0 ? q->sub->allow_bootp != 0 : c->dhcp.allow_bootp;
	if (!allowed)
		return ignore(out, q, LOG_LVL_DEBUG, "BOOTREQUEST from %s: BOOTP not allowed on this subnet, ignored",
			      q->mac);
	if (refused(out, q))
		return 0;
	uint32_t ip, fixed;
	bool is_fixed = host_fixed(q, &fixed);
	int r = choose_addr(s, q, q->m->ciaddr, out, &ip);
	if (r < 0)
		return r == -ENOMEM ? r : 0;
	/* BOOTP has no renewal: a fixed address is permanent, a pool address
	 * lasts the longest lease this subnet grants. */
	uint32_t secs = is_fixed ? UINT32_MAX : max_lease(c, q->sub);
	r = bind_lease(s, q, ip, lease_end(q->now, secs), out);
	if (r < 0)
		return r;
	struct boot_info b;
	boot_prepare(s, q, ip, true, &b);
	reply_init(s, q, DHCP_NONE, ip);
	s->reply.ciaddr = q->m->ciaddr;
	add_common(s, q, 0, &b);
	if (!finish(s, q, out, ip, false))
		return 0;
	ev_start(out, q, DHCP_EV_BOOTP, LOG_LVL_INFO, ip);
	ev_add(&out->ev, "BOOTREPLY %s to ", ip_str(ip, a));
	ev_client(&out->ev, q);
	ev_boot(&out->ev, q, &b);
	fmt_duration(d, sizeof(d), (int64_t)secs);
	ev_add(&out->ev, ", lease %s", d);
	return 0;
}

/* proxyDHCP offers (port 67) and PXE boot server answers (port 4011): boot
 * information only, never an address, never a lease. */
static int boot_only(struct dhcp_server *s, struct req *q, struct dhcp_result *out, uint8_t type)
{
	char a[IPV4_STRLEN];
	if (q->pxe.kind == PXE_KIND_NONE && !q->pxe.ipxe)
		return ignore(out, q, LOG_LVL_DEBUG, "%s from %s on port %u: not a PXE client, ignored",
			      msg_name(q->m->msg_type), q->mac, q->rx->local_port);
	if (!s->conf->dhcp.allow_booting)
		return ignore(out, q, LOG_LVL_DEBUG, "%s from %s: booting is disabled, ignored",
			      msg_name(q->m->msg_type), q->mac);
	if (refused(out, q))
		return 0;
	struct boot_info b;
	boot_prepare(s, q, q->m->ciaddr, false, &b);
	reply_init(s, q, type, 0);
	s->reply.ciaddr = type == DHCPACK ? q->m->ciaddr : 0;
	add_echoes(s, q);
	add_boot(s, q, &b);
	if (!finish(s, q, out, 0, false))
		return 0;
	ev_start(out, q, DHCP_EV_PROXY, LOG_LVL_INFO, q->m->ciaddr);
	if (type == DHCPOFFER)
		ev_add(&out->ev, "proxyDHCP offer to ");
	else
		ev_add(&out->ev, "PXE boot server ACK %s to ", ip_str(q->rx->src_ip, a));
	ev_client(&out->ev, q);
	ev_boot(&out->ev, q, &b);
	return 0;
}

static int handle_boot_server(struct dhcp_server *s, struct req *q, struct dhcp_result *out)
{
	uint8_t t = q->m->msg_type;
	if (t != DHCPREQUEST && t != DHCPINFORM)
		return ignore(out, q, LOG_LVL_DEBUG, "%s from %s on the boot server port, ignored",
			      msg_name(t), q->mac);
	if (!q->rx->src_ip)
		return drop(out, q, LOG_LVL_WARN, "boot server request from 0.0.0.0");
	return boot_only(s, q, out, DHCPACK);
}

static int handle_proxy(struct dhcp_server *s, struct req *q, struct dhcp_result *out)
{
	if (q->m->msg_type == DHCPDISCOVER)
		return boot_only(s, q, out, DHCPOFFER);
	ignore(out, q, LOG_LVL_DEBUG, "proxyDHCP: %s from %s on port 67 ignored", msg_name(q->m->msg_type),
	       q->mac);
	/* Not ours to answer, but a boot client's REQUEST names the address the
	 * other server is giving it: the only way to know who fetches files
	 * from that address next (the proxy offer carried no address). */
	uint32_t ip = q->requested ? q->requested : q->m->ciaddr;
	if (q->m->msg_type == DHCPREQUEST && ip && (q->pxe.kind != PXE_KIND_NONE || q->pxe.ipxe)) {
		out->ev.kind = DHCP_EV_PROXY_REQUEST;
		out->ev.ip = ip;
	}
	return 0;
}

/* ---- entry points ---- */

int dhcp_server_handle(struct dhcp_server *s, const struct dhcp_rx *rx, int64_t now, struct dhcp_result *out)
{
	out->has_tx = false;
	out->nmut = 0;
	memset(&out->ev, 0, sizeof(out->ev));
	out->ev.text_level = s->text_level;
	out->tx.len = 0;
	out->tx.dest = 0;
	out->tx.dst_ip = 0;
	out->tx.dst_port = 0;
	memset(out->tx.dst_hw, 0, sizeof(out->tx.dst_hw));
	out->tx.dst_hlen = 0;
	out->tx.src_ip = 0;
	out->tx.src_port = 0;
	out->tx.ifindex = 0;
	out->ev.arch = -1;

	struct req q;
	memset(&q, 0, sizeof(q));
	q.rx = rx;
	q.now = now;
	q.subnet = -1;
	q.pxe.boot_class = -1;

	const char *why = "unknown";
	if (!rx->data || dhcp_msg_parse(rx->data, rx->len, &s->msg, &why) < 0)
		return drop(out, &q, LOG_LVL_WARN, why);
	const struct dhcp_msg *m = &s->msg;
	q.m = m;
	if (m->op != BOOTREQUEST)
		return drop(out, &q, LOG_LVL_DEBUG, "not a BOOTREQUEST");
	if (m->htype == 0 || m->hlen == 0)
		return drop(out, &q, LOG_LVL_WARN, "no hardware address");
	if (m->htype == 1 && m->hlen != 6)
		return drop(out, &q, LOG_LVL_WARN, "Ethernet hardware address that is not 6 bytes");
	switch (m->msg_type) {
	case DHCPOFFER:
	case DHCPACK:
	case DHCPNAK:
		return drop(out, &q, LOG_LVL_DEBUG, "server message type from a client port");
	default:
		break;
	}

	if (m->htype == 1)
		mac_to_str(m->chaddr, q.mac);
	else
		fmt_hw(q.mac, sizeof(q.mac), m->chaddr, m->hlen);
	size_t n;
	const uint8_t *v = dhcp_msg_get(m, OPT_CLIENT_ID, &n);
	if (v && n >= 2) { /* RFC 2132 9.14: type + at least one byte */
		q.cid = v;
		q.cid_len = n;
	}
	lease_client_init(&q.client, m->htype, m->hlen, m->chaddr, q.cid, q.cid_len);
	if ((v = dhcp_msg_get(m, OPT_HOSTNAME, &n)) && n > 0)
		str_escape(q.hostname, sizeof(q.hostname), v, n);
	dhcp_msg_get_ipv4(m, OPT_REQUESTED_IP, &q.requested);
	pxe_classify(m, &q.pxe);
	q.server_id = rx->if_addr;
	char gi[IPV4_STRLEN];
	if (m->giaddr)
		snprintf(q.via, sizeof(q.via), "relay %s", ip_str(m->giaddr, gi));
	else
		snprintf(q.via, sizeof(q.via), "%s", rx->ifname ? rx->ifname : "?");

	const struct pxed_conf *c = s->conf;
	if (!c || !c->dhcp.enabled)
		return ignore(out, &q, LOG_LVL_DEBUG, "DHCP is disabled");
	if (!q.server_id)
		return drop(out, &q, LOG_LVL_WARN, "receiving interface has no IPv4 address to answer from");

	q.subnet = select_subnet(c, rx, m);
	q.sub = q.subnet >= 0 ? &c->dhcp.subnets[q.subnet] : NULL;
	q.host = find_host(s, m, q.cid, q.cid_len, &q.pxe);

	if (rx->local_port == PXE_BOOT_SERVER_PORT)
		return handle_boot_server(s, &q, out);
	if (c->dhcp.proxy) {
		if (m->msg_type == DHCP_NONE)
			return ignore(out, &q, LOG_LVL_DEBUG, "BOOTREQUEST from %s: proxyDHCP mode, ignored", q.mac);
		return handle_proxy(s, &q, out);
	}
	switch (m->msg_type) {
	case DHCP_NONE:
		return handle_bootp(s, &q, out);
	case DHCPDISCOVER:
		return handle_discover(s, &q, out);
	case DHCPREQUEST:
		return handle_request(s, &q, out);
	case DHCPDECLINE:
		return handle_decline(s, &q, out);
	case DHCPRELEASE:
		return handle_release(s, &q, out);
	case DHCPINFORM:
		return handle_inform(s, &q, out);
	default:
		return drop(out, &q, LOG_LVL_DEBUG, "unknown message type");
	}
}

void dhcp_server_set_text_level(struct dhcp_server *s, int level)
{
	s->text_level = level;
}

struct dhcp_server *dhcp_server_new(const struct pxed_conf *conf)
{
	struct dhcp_server *s = calloc(1, sizeof(*s));
	if (!s)
		return NULL;
	s->leases = lease_table_new();
	if (!s->leases) {
		free(s);
		return NULL;
	}
	s->conf = conf;
	s->text_level = INT_MAX;
	hosts_index(s);
	if (lease_table_set_conf(s->leases, conf) < 0)
		return dhcp_server_free(s);
	return s;
}

struct dhcp_server *dhcp_server_free(struct dhcp_server *s)
{
	if (!s)
		return NULL;
	lease_table_free(s->leases);
	hosts_free(s);
	free(s);
	return NULL;
}

void dhcp_server_set_conf(struct dhcp_server *s, const struct pxed_conf *conf)
{
	lease_table_drop_offers(s->leases);
	s->conf = conf;
	hosts_index(s);
	/* On -ENOMEM the table is left without pools: dynamic addresses are
	 * neither offered nor renewed (static hosts still are) until a later
	 * reload succeeds. The records themselves are kept. */
	lease_table_set_conf(s->leases, conf);
}

int dhcp_server_load_lease(struct dhcp_server *s, const struct dhcp_lease *l)
{
	return lease_table_load(s->leases, l);
}

void dhcp_server_clear_leases(struct dhcp_server *s) { lease_table_clear(s->leases); }

size_t dhcp_server_lease_count(const struct dhcp_server *s) { return lease_table_count(s->leases); }
