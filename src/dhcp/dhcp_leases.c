#include "dhcp/dhcp_leases.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>

#define NIL UINT32_MAX

struct lrec {
	struct dhcp_lease l;
	uint32_t ip_next;   /* next record in the same address bucket */
	uint32_t id_next;   /* next record in the same identity bucket */
	uint32_t id_hash;
	uint32_t heap_pos;  /* position in its pool's heap, NIL when not in one */
	int32_t subnet;     /* configured subnet containing the address, -1 none */
	bool in_id;         /* linked in the identity index (has an owner) */
};

struct lpool {
	struct conf_range *r; /* sorted, disjoint, clipped to the subnet */
	size_t nr;
	size_t cur_r;         /* never-used cursor: range and next address */
	uint32_t cur_ip;
	uint32_t *heap;       /* record indices, min-heap on (ends, ip) */
	size_t nheap, capheap;
};

struct lease_table {
	const struct pxed_conf *conf;
	struct lrec *rec;
	size_t n, cap;
	size_t count;         /* records with an owner or a state worth keeping */
	uint32_t *ipb, *idb;  /* bucket heads, nb entries each (power of two) */
	size_t nb;
	struct lpool *pools;
	size_t npools;
	uint32_t *excl;       /* sorted addresses never handed out dynamically */
	size_t nexcl;
};

/* ---- client identity ---- */

static uint64_t fnv64(const uint8_t *p, size_t n)
{
	uint64_t h = 0xcbf29ce484222325ull;
	for (size_t i = 0; i < n; i++) {
		h ^= p[i];
		h *= 0x100000001b3ull;
	}
	return h;
}

void lease_client_init(struct lease_client *c, uint8_t htype, uint8_t hlen, const uint8_t *chaddr,
		       const uint8_t *client_id, size_t client_id_len)
{
	memset(c, 0, sizeof(*c));
	c->htype = htype;
	c->hlen = hlen > 16 ? 16 : hlen;
	if (chaddr)
		memcpy(c->chaddr, chaddr, c->hlen);
	if (!client_id || client_id_len == 0)
		return;
	if (client_id_len <= LEASE_CLIENT_ID_MAX) {
		memcpy(c->id, client_id, client_id_len);
		c->id_len = (uint8_t)client_id_len;
		return;
	}
	/* Too long to keep whole: a prefix plus a hash of everything. */
	uint64_t h = fnv64(client_id, client_id_len);
	memcpy(c->id, client_id, LEASE_CLIENT_ID_MAX - 8);
	for (int i = 0; i < 8; i++)
		c->id[LEASE_CLIENT_ID_MAX - 8 + i] = (uint8_t)(h >> (56 - 8 * i));
	c->id_len = LEASE_CLIENT_ID_MAX;
}

void lease_client_from_lease(struct lease_client *c, const struct dhcp_lease *l)
{
	memset(c, 0, sizeof(*c));
	c->htype = l->htype;
	c->hlen = l->hlen > 16 ? 16 : l->hlen;
	memcpy(c->chaddr, l->chaddr, c->hlen);
	c->id_len = l->client_id_len > LEASE_CLIENT_ID_MAX ? LEASE_CLIENT_ID_MAX : l->client_id_len;
	memcpy(c->id, l->client_id, c->id_len);
}

static bool client_empty(const struct lease_client *c) { return c->id_len == 0 && c->hlen == 0; }

bool lease_is_client(const struct dhcp_lease *l, const struct lease_client *c)
{
	if (client_empty(c))
		return false;
	if (c->id_len)
		return l->client_id_len == c->id_len && memcmp(l->client_id, c->id, c->id_len) == 0;
	return l->client_id_len == 0 && l->htype == c->htype && l->hlen == c->hlen &&
	       memcmp(l->chaddr, c->chaddr, c->hlen) == 0;
}

void lease_set_client(struct dhcp_lease *l, const struct lease_client *c)
{
	l->htype = c->htype;
	l->hlen = c->hlen;
	memset(l->chaddr, 0, sizeof(l->chaddr));
	memcpy(l->chaddr, c->chaddr, c->hlen);
	l->client_id_len = c->id_len;
	memset(l->client_id, 0, sizeof(l->client_id));
	memcpy(l->client_id, c->id, c->id_len);
}

static uint32_t client_hash(const struct lease_client *c)
{
	uint64_t h;
	if (c->id_len) {
		h = fnv64(c->id, c->id_len);
	} else {
		uint8_t k[18];
		k[0] = c->htype;
		k[1] = c->hlen;
		memcpy(k + 2, c->chaddr, c->hlen);
		h = fnv64(k, 2u + c->hlen) ^ 0x5bd1e995u; /* keep hw keys apart from ids */
	}
	return (uint32_t)(h ^ (h >> 32));
}

static uint32_t ip_hash(uint32_t ip)
{
	ip ^= ip >> 16;
	ip *= 0x7feb352du;
	ip ^= ip >> 15;
	ip *= 0x846ca68bu;
	ip ^= ip >> 16;
	return ip;
}

static bool rec_anonymous(const struct dhcp_lease *l) { return l->client_id_len == 0 && l->hlen == 0; }

/* ---- pools ---- */

static bool is_excluded(const struct lease_table *t, uint32_t ip)
{
	size_t lo = 0, hi = t->nexcl;
	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;
		if (t->excl[mid] == ip)
			return true;
		if (t->excl[mid] < ip)
			lo = mid + 1;
		else
			hi = mid;
	}
	return false;
}

int lease_table_subnet_of(const struct lease_table *t, uint32_t ip)
{
	if (!t->conf)
		return -1;
	const struct conf_dhcp *d = &t->conf->dhcp;
	for (size_t i = 0; i < d->nsubnets; i++)
		if ((ip & d->subnets[i].netmask) == d->subnets[i].network)
			return (int)i;
	return -1;
}

static bool in_ranges(const struct lpool *p, uint32_t ip)
{
	size_t lo = 0, hi = p->nr;
	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;
		if (ip < p->r[mid].start)
			hi = mid;
		else if (ip > p->r[mid].end)
			lo = mid + 1;
		else
			return true;
	}
	return false;
}

bool lease_table_in_pool(const struct lease_table *t, int subnet, uint32_t ip)
{
	if (subnet < 0 || (size_t)subnet >= t->npools)
		return false;
	return in_ranges(&t->pools[subnet], ip) && !is_excluded(t, ip);
}

/* ---- heap on (ends, ip) ---- */

static bool rec_before(const struct lease_table *t, uint32_t a, uint32_t b)
{
	const struct dhcp_lease *x = &t->rec[a].l, *y = &t->rec[b].l;
	return x->ends < y->ends || (x->ends == y->ends && x->ip < y->ip);
}

static void heap_set(struct lease_table *t, struct lpool *p, size_t pos, uint32_t idx)
{
	p->heap[pos] = idx;
	t->rec[idx].heap_pos = (uint32_t)pos;
}

static void heap_up(struct lease_table *t, struct lpool *p, size_t pos)
{
	uint32_t idx = p->heap[pos];
	while (pos > 0) {
		size_t parent = (pos - 1) / 2;
		if (!rec_before(t, idx, p->heap[parent]))
			break;
		heap_set(t, p, pos, p->heap[parent]);
		pos = parent;
	}
	heap_set(t, p, pos, idx);
}

static void heap_down(struct lease_table *t, struct lpool *p, size_t pos)
{
	uint32_t idx = p->heap[pos];
	for (;;) {
		size_t c = 2 * pos + 1;
		if (c >= p->nheap)
			break;
		if (c + 1 < p->nheap && rec_before(t, p->heap[c + 1], p->heap[c]))
			c++;
		if (!rec_before(t, p->heap[c], idx))
			break;
		heap_set(t, p, pos, p->heap[c]);
		pos = c;
	}
	heap_set(t, p, pos, idx);
}

static int heap_push(struct lease_table *t, struct lpool *p, uint32_t idx)
{
	if (p->nheap == p->capheap) {
		size_t cap = p->capheap ? p->capheap * 2 : 64;
		uint32_t *h = realloc(p->heap, cap * sizeof(*h));
		if (!h)
			return -ENOMEM;
		p->heap = h;
		p->capheap = cap;
	}
	heap_set(t, p, p->nheap++, idx);
	heap_up(t, p, p->nheap - 1);
	return 0;
}

static void heap_remove(struct lease_table *t, struct lpool *p, uint32_t idx)
{
	size_t pos = t->rec[idx].heap_pos;
	t->rec[idx].heap_pos = NIL;
	p->nheap--;
	if (pos == p->nheap)
		return;
	uint32_t moved = p->heap[p->nheap];
	heap_set(t, p, pos, moved);
	heap_up(t, p, pos);
	heap_down(t, p, t->rec[moved].heap_pos);
}

/* After a record's end time changed. */
static void heap_fix(struct lease_table *t, uint32_t idx)
{
	struct lrec *r = &t->rec[idx];
	if (r->heap_pos == NIL || r->subnet < 0)
		return;
	struct lpool *p = &t->pools[r->subnet];
	size_t pos = r->heap_pos;
	heap_up(t, p, pos);
	heap_down(t, p, t->rec[idx].heap_pos);
}

/* ---- indexes ---- */

static int rehash(struct lease_table *t, size_t nb)
{
	uint32_t *ipb = malloc(nb * sizeof(*ipb));
	uint32_t *idb = malloc(nb * sizeof(*idb));
	if (!ipb || !idb) {
		free(ipb);
		free(idb);
		return -ENOMEM;
	}
	for (size_t i = 0; i < nb; i++)
		ipb[i] = idb[i] = NIL;
	for (size_t i = 0; i < t->n; i++) {
		struct lrec *r = &t->rec[i];
		size_t b = ip_hash(r->l.ip) & (nb - 1);
		r->ip_next = ipb[b];
		ipb[b] = (uint32_t)i;
	}
	/* Walk from the end so chains keep their relative order. */
	for (size_t i = t->n; i-- > 0;) {
		struct lrec *r = &t->rec[i];
		if (!r->in_id)
			continue;
		size_t b = r->id_hash & (nb - 1);
		r->id_next = idb[b];
		idb[b] = (uint32_t)i;
	}
	free(t->ipb);
	free(t->idb);
	t->ipb = ipb;
	t->idb = idb;
	t->nb = nb;
	return 0;
}

static uint32_t find_idx(const struct lease_table *t, uint32_t ip)
{
	if (!t->nb)
		return NIL;
	for (uint32_t i = t->ipb[ip_hash(ip) & (t->nb - 1)]; i != NIL; i = t->rec[i].ip_next)
		if (t->rec[i].l.ip == ip)
			return i;
	return NIL;
}

static void id_link(struct lease_table *t, uint32_t idx)
{
	struct lrec *r = &t->rec[idx];
	struct lease_client c;
	lease_client_from_lease(&c, &r->l);
	r->id_hash = client_hash(&c);
	size_t b = r->id_hash & (t->nb - 1);
	r->id_next = t->idb[b];
	t->idb[b] = idx;
	r->in_id = true;
}

static void id_unlink(struct lease_table *t, uint32_t idx)
{
	struct lrec *r = &t->rec[idx];
	if (!r->in_id)
		return;
	uint32_t *pp = &t->idb[r->id_hash & (t->nb - 1)];
	while (*pp != NIL && *pp != idx)
		pp = &t->rec[*pp].id_next;
	if (*pp == idx)
		*pp = r->id_next;
	r->id_next = NIL;
	r->in_id = false;
}

static bool rec_counted(const struct lrec *r) { return !rec_anonymous(&r->l); }

/* Puts a record in or out of its pool's heap according to its address. */
static int place(struct lease_table *t, uint32_t idx)
{
	struct lrec *r = &t->rec[idx];
	r->subnet = lease_table_subnet_of(t, r->l.ip);
	if (r->subnet >= 0 && lease_table_in_pool(t, r->subnet, r->l.ip))
		return heap_push(t, &t->pools[r->subnet], idx);
	return 0;
}

/* Returns the index of a new empty record for ip (not in any heap). */
static int rec_new(struct lease_table *t, uint32_t ip, uint32_t *ret)
{
	if (t->n >= NIL - 1)
		return -ENOSPC;
	if (t->n == t->cap) {
		size_t cap = t->cap ? t->cap * 2 : 256;
		struct lrec *r = realloc(t->rec, cap * sizeof(*r));
		if (!r)
			return -ENOMEM;
		t->rec = r;
		t->cap = cap;
	}
	if (t->n + 1 > t->nb) {
		int e = rehash(t, t->nb ? t->nb * 2 : 256);
		if (e < 0)
			return e;
	}
	uint32_t idx = (uint32_t)t->n++;
	struct lrec *r = &t->rec[idx];
	memset(r, 0, sizeof(*r));
	r->l.ip = ip;
	r->l.state = LEASE_RELEASED;
	r->heap_pos = NIL;
	r->id_next = NIL;
	r->subnet = -1;
	size_t b = ip_hash(ip) & (t->nb - 1);
	r->ip_next = t->ipb[b];
	t->ipb[b] = idx;
	int e = place(t, idx);
	if (e < 0) {
		/* Keep it as an address-only record; it just isn't reusable
		 * through the heap. */
		r->heap_pos = NIL;
	}
	*ret = idx;
	return 0;
}

/* ---- table ---- */

struct lease_table *lease_table_new(void)
{
	return calloc(1, sizeof(struct lease_table));
}

static void pools_free(struct lease_table *t)
{
	for (size_t i = 0; i < t->npools; i++) {
		free(t->pools[i].r);
		free(t->pools[i].heap);
	}
	free(t->pools);
	t->pools = NULL;
	t->npools = 0;
	free(t->excl);
	t->excl = NULL;
	t->nexcl = 0;
}

struct lease_table *lease_table_free(struct lease_table *t)
{
	if (!t)
		return NULL;
	pools_free(t);
	free(t->rec);
	free(t->ipb);
	free(t->idb);
	free(t);
	return NULL;
}

static int cmp_range(const void *a, const void *b)
{
	const struct conf_range *x = a, *y = b;
	return x->start < y->start ? -1 : x->start > y->start;
}

static int cmp_u32(const void *a, const void *b)
{
	uint32_t x = *(const uint32_t *)a, y = *(const uint32_t *)b;
	return x < y ? -1 : x > y;
}

static int build_pool(struct lpool *p, const struct conf_subnet *s)
{
	uint32_t lo = s->network, hi = s->network | ~s->netmask;
	/* Network and broadcast addresses are not hosts, except on /31 and
	 * /32 (RFC 3021) where every address is. */
	if (hi - lo >= 2) {
		lo++;
		hi--;
	}
	p->r = s->nranges ? malloc(s->nranges * sizeof(*p->r)) : NULL;
	if (s->nranges && !p->r)
		return -ENOMEM;
	for (size_t i = 0; i < s->nranges; i++) {
		uint32_t a = s->ranges[i].start, b = s->ranges[i].end;
		if (a < lo)
			a = lo;
		if (b > hi)
			b = hi;
		if (a > b)
			continue;
		p->r[p->nr++] = (struct conf_range){ a, b };
	}
	if (p->nr > 1)
		qsort(p->r, p->nr, sizeof(*p->r), cmp_range);
	size_t w = 0;
	for (size_t i = 0; i < p->nr; i++) {
		if (w > 0 && p->r[i].start <= p->r[w - 1].end + 1ull) {
			if (p->r[i].end > p->r[w - 1].end)
				p->r[w - 1].end = p->r[i].end;
			continue;
		}
		p->r[w++] = p->r[i];
	}
	p->nr = w;
	p->cur_r = 0;
	p->cur_ip = p->nr ? p->r[0].start : 0;
	return 0;
}

static int build_excl(struct lease_table *t, const struct conf_dhcp *d)
{
	size_t n = d->nsubnets + 2 * d->nhosts;
	t->excl = n ? malloc(n * sizeof(*t->excl)) : NULL;
	if (n && !t->excl)
		return -ENOMEM;
	size_t k = 0;
	for (size_t i = 0; i < d->nhosts; i++)
		if (d->hosts[i].ip)
			t->excl[k++] = d->hosts[i].ip;
	for (size_t i = 0; i < d->nsubnets; i++)
		if (d->subnets[i].next_server)
			t->excl[k++] = d->subnets[i].next_server;
	for (size_t i = 0; i < d->nhosts; i++)
		if (d->hosts[i].next_server)
			t->excl[k++] = d->hosts[i].next_server;
	if (k > 1)
		qsort(t->excl, k, sizeof(*t->excl), cmp_u32);
	size_t w = 0;
	for (size_t i = 0; i < k; i++)
		if (w == 0 || t->excl[w - 1] != t->excl[i])
			t->excl[w++] = t->excl[i];
	t->nexcl = w;
	return 0;
}

static void heapify(struct lease_table *t, struct lpool *p)
{
	for (size_t i = p->nheap / 2; i-- > 0;)
		heap_down(t, p, i);
}

int lease_table_set_conf(struct lease_table *t, const struct pxed_conf *conf)
{
	pools_free(t);
	t->conf = conf;
	for (size_t i = 0; i < t->n; i++) {
		t->rec[i].heap_pos = NIL;
		t->rec[i].subnet = -1;
	}
	if (!conf)
		return 0;
	const struct conf_dhcp *d = &conf->dhcp;
	int e = -ENOMEM;
	if (d->nsubnets) {
		t->pools = calloc(d->nsubnets, sizeof(*t->pools));
		if (!t->pools)
			goto fail;
	}
	t->npools = d->nsubnets;
	for (size_t i = 0; i < d->nsubnets; i++)
		if (build_pool(&t->pools[i], &d->subnets[i]) < 0)
			goto fail;
	if (build_excl(t, d) < 0)
		goto fail;

	/* Attach every record, then heapify each pool in O(n). */
	for (size_t i = 0; i < t->n; i++) {
		struct lrec *r = &t->rec[i];
		r->subnet = lease_table_subnet_of(t, r->l.ip);
		if (r->subnet < 0 || !lease_table_in_pool(t, r->subnet, r->l.ip))
			continue;
		struct lpool *p = &t->pools[r->subnet];
		if (p->nheap == p->capheap) {
			size_t cap = p->capheap ? p->capheap * 2 : 64;
			uint32_t *h = realloc(p->heap, cap * sizeof(*h));
			if (!h)
				goto fail;
			p->heap = h;
			p->capheap = cap;
		}
		heap_set(t, p, p->nheap++, (uint32_t)i);
	}
	for (size_t i = 0; i < t->npools; i++)
		heapify(t, &t->pools[i]);
	return 0;
fail:
	pools_free(t);
	for (size_t i = 0; i < t->n; i++)
		t->rec[i].heap_pos = NIL;
	return e;
}

void lease_table_clear(struct lease_table *t)
{
	t->n = 0;
	t->count = 0;
	for (size_t i = 0; i < t->nb; i++)
		t->ipb[i] = t->idb[i] = NIL;
	for (size_t i = 0; i < t->npools; i++) {
		struct lpool *p = &t->pools[i];
		p->nheap = 0;
		p->cur_r = 0;
		p->cur_ip = p->nr ? p->r[0].start : 0;
	}
}

size_t lease_table_count(const struct lease_table *t) { return t->count; }

static void set_anonymous(struct lease_table *t, uint32_t idx)
{
	struct lrec *r = &t->rec[idx];
	if (rec_counted(r))
		t->count--;
	id_unlink(t, idx);
	uint32_t ip = r->l.ip;
	memset(&r->l, 0, sizeof(r->l));
	r->l.ip = ip;
	r->l.state = LEASE_RELEASED;
	r->l.starts = 0;
	r->l.ends = 0;
}

/* Makes c the owner of the record (a no-op when it already is). */
static void set_owner(struct lease_table *t, uint32_t idx, const struct lease_client *c)
{
	struct lrec *r = &t->rec[idx];
	if (r->in_id && lease_is_client(&r->l, c))
		return;
	bool counted = rec_counted(r);
	id_unlink(t, idx);
	lease_set_client(&r->l, c);
	memset(r->l.hostname, 0, sizeof(r->l.hostname));
	if (!counted && rec_counted(r))
		t->count++;
	id_link(t, idx);
}

int lease_table_load(struct lease_table *t, const struct dhcp_lease *l)
{
	if (!l->ip || l->hlen > 16 || l->client_id_len > LEASE_CLIENT_ID_MAX)
		return -EINVAL;
	if (l->state < LEASE_OFFERED || l->state > LEASE_DECLINED)
		return -EINVAL;
	uint32_t idx = find_idx(t, l->ip);
	if (idx == NIL) {
		int e = rec_new(t, l->ip, &idx);
		if (e < 0)
			return e;
	}
	struct lrec *r = &t->rec[idx];
	if (rec_counted(r))
		t->count--;
	id_unlink(t, idx);
	r->l = *l;
	r->l.hostname[LEASE_HOSTNAME_MAX - 1] = 0;
	if (rec_counted(r)) {
		t->count++;
		/* Declined addresses belong to nobody (see lease_table_decline). */
		if (r->l.state != LEASE_DECLINED)
			id_link(t, idx);
	}
	heap_fix(t, idx);
	return 0;
}

const struct dhcp_lease *lease_table_by_ip(const struct lease_table *t, uint32_t ip)
{
	uint32_t i = find_idx(t, ip);
	return i == NIL ? NULL : &t->rec[i].l;
}

static int state_rank(enum lease_state s)
{
	return s == LEASE_BOUND ? 3 : s == LEASE_OFFERED ? 2 : 1;
}

static uint32_t find_client(const struct lease_table *t, const struct lease_client *c, int subnet)
{
	if (!t->nb || client_empty(c))
		return NIL;
	uint32_t h = client_hash(c), best = NIL;
	for (uint32_t i = t->idb[h & (t->nb - 1)]; i != NIL; i = t->rec[i].id_next) {
		const struct lrec *r = &t->rec[i];
		if (r->id_hash != h || r->subnet != subnet || !lease_is_client(&r->l, c))
			continue;
		if (best == NIL) {
			best = i;
			continue;
		}
		const struct dhcp_lease *b = &t->rec[best].l;
		int rr = state_rank(r->l.state), rb = state_rank(b->state);
		if (rr > rb || (rr == rb && r->l.ends > b->ends))
			best = i;
	}
	return best;
}

const struct dhcp_lease *lease_table_by_client(const struct lease_table *t,
					       const struct lease_client *c, int subnet)
{
	uint32_t i = find_client(t, c, subnet);
	return i == NIL ? NULL : &t->rec[i].l;
}

bool lease_is_free(const struct dhcp_lease *l, int64_t now) { return l->ends <= now; }

bool lease_table_can_take(const struct lease_table *t, int subnet, const struct lease_client *c,
			  uint32_t ip, uint32_t server_ip, int64_t now)
{
	if (!ip || ip == server_ip || !lease_table_in_pool(t, subnet, ip))
		return false;
	uint32_t i = find_idx(t, ip);
	if (i == NIL)
		return true;
	const struct lrec *r = &t->rec[i];
	if (r->in_id && lease_is_client(&r->l, c))
		return true;
	return lease_is_free(&r->l, now);
}

int lease_table_choose(struct lease_table *t, int subnet, const struct lease_client *c,
		       uint32_t requested, uint32_t server_ip, int64_t now, uint32_t *ret_ip)
{
	if (subnet < 0 || (size_t)subnet >= t->npools || t->pools[subnet].nr == 0)
		return -ENOENT;
	struct lpool *p = &t->pools[subnet];

	uint32_t mine = find_client(t, c, subnet);
	if (mine != NIL) {
		uint32_t ip = t->rec[mine].l.ip;
		if (ip != server_ip && lease_table_in_pool(t, subnet, ip)) {
			*ret_ip = ip;
			return 0;
		}
	}

	if (requested && lease_table_can_take(t, subnet, c, requested, server_ip, now)) {
		*ret_ip = requested;
		return 0;
	}

	/* The cursor only passes addresses that are taken or not ours to
	 * give, so everything behind it has a record (or never will). */
	while (p->cur_r < p->nr) {
		uint32_t ip = p->cur_ip;
		if (ip != server_ip && !is_excluded(t, ip) && find_idx(t, ip) == NIL) {
			*ret_ip = ip;
			return 0;
		}
		if (ip == p->r[p->cur_r].end) {
			if (++p->cur_r < p->nr)
				p->cur_ip = p->r[p->cur_r].start;
		} else {
			p->cur_ip = ip + 1;
		}
	}

	while (p->nheap > 0) {
		uint32_t top = p->heap[0];
		const struct dhcp_lease *l = &t->rec[top].l;
		if (!lease_is_free(l, now))
			break;
		if (l->ip == server_ip) {
			/* Our own address: never again, until the next reload. */
			heap_remove(t, p, top);
			continue;
		}
		*ret_ip = l->ip;
		return 0;
	}
	return -ENOSPC;
}

static int get_or_new(struct lease_table *t, uint32_t ip, uint32_t *ret)
{
	uint32_t idx = find_idx(t, ip);
	if (idx != NIL) {
		*ret = idx;
		return 0;
	}
	return rec_new(t, ip, ret);
}

int lease_table_hold(struct lease_table *t, uint32_t ip, const struct lease_client *c, int64_t now,
		     int64_t until)
{
	if (!ip || client_empty(c))
		return -EINVAL;
	uint32_t idx;
	int e = get_or_new(t, ip, &idx);
	if (e < 0)
		return e;
	struct lrec *r = &t->rec[idx];
	if (r->in_id && lease_is_client(&r->l, c) && r->l.state == LEASE_BOUND && r->l.ends > now)
		return 0;
	set_owner(t, idx, c);
	r = &t->rec[idx];
	r->l.state = LEASE_OFFERED;
	r->l.starts = now;
	r->l.ends = until;
	heap_fix(t, idx);
	return 0;
}

int lease_table_bind(struct lease_table *t, uint32_t ip, const struct lease_client *c,
		     const char *hostname, int64_t starts, int64_t ends, uint32_t *displaced,
		     size_t max, size_t *ret_n, const struct dhcp_lease **ret)
{
	if (!ip || client_empty(c))
		return -EINVAL;
	uint32_t idx;
	int e = get_or_new(t, ip, &idx);
	if (e < 0)
		return e;
	set_owner(t, idx, c);
	struct lrec *r = &t->rec[idx];
	r->l.state = LEASE_BOUND;
	r->l.starts = starts;
	r->l.ends = ends;
	if (hostname) {
		memset(r->l.hostname, 0, sizeof(r->l.hostname));
		size_t n = strnlen(hostname, LEASE_HOSTNAME_MAX - 1);
		memcpy(r->l.hostname, hostname, n);
	}
	heap_fix(t, idx);

	/* One address per client and subnet: older records of this client
	 * in the subnet go back to the pool. */
	size_t nd = 0;
	if (r->subnet >= 0) {
		uint32_t h = r->id_hash;
		for (uint32_t i = t->idb[h & (t->nb - 1)]; i != NIL && nd < max;) {
			uint32_t next = t->rec[i].id_next;
			const struct lrec *o = &t->rec[i];
			if (i != idx && o->id_hash == h && o->subnet == r->subnet && lease_is_client(&o->l, c)) {
				displaced[nd++] = o->l.ip;
				set_anonymous(t, i);
				heap_fix(t, i);
			}
			i = next;
		}
	}
	if (ret_n)
		*ret_n = nd;
	if (ret)
		*ret = &t->rec[idx].l;
	return 0;
}

int lease_table_release(struct lease_table *t, uint32_t ip, int64_t now, const struct dhcp_lease **ret)
{
	uint32_t idx = find_idx(t, ip);
	if (idx == NIL)
		return -ENOENT;
	struct lrec *r = &t->rec[idx];
	r->l.state = LEASE_RELEASED;
	if (r->l.ends > now)
		r->l.ends = now;
	heap_fix(t, idx);
	if (ret)
		*ret = &r->l;
	return 0;
}

int lease_table_decline(struct lease_table *t, uint32_t ip, int64_t now, int64_t until,
			const struct dhcp_lease **ret)
{
	uint32_t idx = find_idx(t, ip);
	if (idx == NIL)
		return -ENOENT;
	id_unlink(t, idx);
	struct lrec *r = &t->rec[idx];
	r->l.state = LEASE_DECLINED;
	r->l.starts = now;
	r->l.ends = until;
	heap_fix(t, idx);
	if (ret)
		*ret = &r->l;
	return 0;
}

bool lease_table_cancel_offer(struct lease_table *t, const struct lease_client *c, int subnet,
			      int64_t now)
{
	if (!t->nb || client_empty(c))
		return false;
	bool dropped = false;
	uint32_t h = client_hash(c);
	for (uint32_t i = t->idb[h & (t->nb - 1)]; i != NIL; i = t->rec[i].id_next) {
		struct lrec *r = &t->rec[i];
		if (r->id_hash != h || r->subnet != subnet || !lease_is_client(&r->l, c))
			continue;
		if (r->l.state == LEASE_OFFERED && r->l.ends > now) {
			r->l.ends = now;
			heap_fix(t, i);
			dropped = true;
		}
	}
	return dropped;
}

void lease_table_drop_offers(struct lease_table *t)
{
	for (size_t i = 0; i < t->n; i++) {
		struct lrec *r = &t->rec[i];
		if (r->l.state == LEASE_OFFERED && r->l.ends > r->l.starts) {
			r->l.ends = r->l.starts;
			heap_fix(t, (uint32_t)i);
		}
	}
}

size_t lease_table_slots(const struct lease_table *t) { return t->n; }

const struct dhcp_lease *lease_table_slot(const struct lease_table *t, size_t i)
{
	return i < t->n ? &t->rec[i].l : NULL;
}

int lease_table_check(const struct lease_table *t)
{
	size_t counted = 0;
	for (size_t i = 0; i < t->n; i++) {
		const struct lrec *r = &t->rec[i];
		if (find_idx(t, r->l.ip) != i)
			return -EUCLEAN; /* two records for one address */
		if (rec_counted(r))
			counted++;
		if (r->in_id) {
			struct lease_client c;
			lease_client_from_lease(&c, &r->l);
			if (client_hash(&c) != r->id_hash || r->l.state == LEASE_DECLINED)
				return -EUCLEAN;
			uint32_t j = t->idb[r->id_hash & (t->nb - 1)];
			while (j != NIL && j != i)
				j = t->rec[j].id_next;
			if (j != i)
				return -EUCLEAN;
		}
		if (r->heap_pos != NIL) {
			if (r->subnet < 0 || (size_t)r->subnet >= t->npools)
				return -EUCLEAN;
			const struct lpool *p = &t->pools[r->subnet];
			if (r->heap_pos >= p->nheap || p->heap[r->heap_pos] != i)
				return -EUCLEAN;
			if (!lease_table_in_pool(t, r->subnet, r->l.ip))
				return -EUCLEAN;
		}
	}
	if (counted != t->count)
		return -EUCLEAN;
	for (size_t s = 0; s < t->npools; s++) {
		const struct lpool *p = &t->pools[s];
		for (size_t k = 1; k < p->nheap; k++)
			if (rec_before(t, p->heap[k], p->heap[(k - 1) / 2]))
				return -EUCLEAN;
	}
	return 0;
}
