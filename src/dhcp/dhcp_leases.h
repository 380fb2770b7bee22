/* PURE in-memory lease table and address allocator.
 *
 * One record per IPv4 address (the store's key too), indexed by address and
 * by client identity (client identifier when the client sent one, otherwise
 * hardware type + address, RFC 2131 4.2). Every record lives in exactly one
 * address slot, so one address can never be handed to two clients: giving it
 * to a new client moves the record to that client.
 *
 * Each configured subnet has a dynamic pool: its ranges clipped to the
 * subnet, minus the network and broadcast addresses, the fixed addresses of
 * static hosts and the configured next-server addresses. The allocator
 * prefers, in order:
 *   1. the client's current or previous record in this subnet,
 *   2. the address the client asked for (option 50) when it is free,
 *   3. a never-used address (a cursor walks the pool once),
 *   4. the address that expired or was released longest ago (a min-heap of
 *      the pool's records keyed by their end time).
 * Static hosts' fixed addresses are the caller's business (they are outside
 * the pools); the table just records them.
 *
 * Complexity: lookups by address or identity are O(1) expected (chained
 * hash tables); bind/hold/release/decline and choosing from the heap are
 * O(log n); the cursor visits each pool address at most once per
 * configuration, so never-used allocation is amortised O(1). Memory is one
 * record per address ever offered, bounded by the pool sizes. Checking
 * whether an address is in a pool is O(ranges + log fixed-addresses).
 *
 * A record is "busy" while its end time is in the future (bound lease,
 * offer hold, decline quarantine); otherwise it is free for anyone, its
 * owner first. Offer holds and quarantines therefore expire by themselves,
 * without timers.
 *
 * Pointers returned by the lookups stay valid until the next call that
 * changes the table. */
#pragma once
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "conf/conf.h"
#include "dhcp/dhcp_lease.h"

/* Who a client is, as far as leases are concerned. */
struct lease_client {
	uint8_t htype, hlen;
	uint8_t chaddr[16];
	uint8_t id_len;                      /* 0 = no client identifier */
	uint8_t id[LEASE_CLIENT_ID_MAX];
};

/* Builds a client key. A client identifier longer than
 * LEASE_CLIENT_ID_MAX keeps its first 56 bytes followed by a 64-bit hash of
 * the whole identifier, so long DUID-based identifiers stay distinct. */
void lease_client_init(struct lease_client *c, uint8_t htype, uint8_t hlen, const uint8_t *chaddr,
		       const uint8_t *client_id, size_t client_id_len);
/* The identity stored in a lease. */
void lease_client_from_lease(struct lease_client *c, const struct dhcp_lease *l);
bool lease_is_client(const struct dhcp_lease *l, const struct lease_client *c);
/* Writes the identity into a lease. */
void lease_set_client(struct dhcp_lease *l, const struct lease_client *c);

struct lease_table;

struct lease_table *lease_table_new(void);
struct lease_table *lease_table_free(struct lease_table *t);

/* (Re)builds the pools from conf; records are kept and re-attached to the
 * subnets now containing them. `conf` must outlive the table or the next
 * call. -ENOMEM leaves the table without pools (every allocation then
 * fails) until a later call succeeds. */
int lease_table_set_conf(struct lease_table *t, const struct pxed_conf *conf);

void lease_table_clear(struct lease_table *t);
/* Records that belong to a client (anonymous free slots not counted). */
size_t lease_table_count(const struct lease_table *t);

/* Inserts or replaces the record for l->ip. -EINVAL for a lease that makes
 * no sense (address 0, unknown state, oversized hardware address). */
int lease_table_load(struct lease_table *t, const struct dhcp_lease *l);

const struct dhcp_lease *lease_table_by_ip(const struct lease_table *t, uint32_t ip);
/* The client's best record in the subnet (busy bound lease first, then the
 * most recent); declined addresses are never returned. */
const struct dhcp_lease *lease_table_by_client(const struct lease_table *t,
					       const struct lease_client *c, int subnet);

/* Index of the configured subnet containing ip, or -1. */
int lease_table_subnet_of(const struct lease_table *t, uint32_t ip);
/* Whether ip is an address of subnet's dynamic pool. */
bool lease_table_in_pool(const struct lease_table *t, int subnet, uint32_t ip);
/* Whether a record's end time has passed (free for anyone). */
bool lease_is_free(const struct dhcp_lease *l, int64_t now);

/* Whether `ip` may be given to client c now: in the subnet's pool, not
 * server_ip, and unrecorded, recorded for c (and not declined), or free. */
bool lease_table_can_take(const struct lease_table *t, int subnet, const struct lease_client *c,
			  uint32_t ip, uint32_t server_ip, int64_t now);

/* Picks a dynamic address for c in subnet (preferences 1-4 above);
 * `requested` is option 50 or 0, server_ip the replying interface's
 * address (never handed out). Only the never-used cursor moves: nothing is
 * reserved until hold/bind. -ENOSPC when the pool has nothing free,
 * -ENOENT for a subnet without a pool. */
int lease_table_choose(struct lease_table *t, int subnet, const struct lease_client *c,
		       uint32_t requested, uint32_t server_ip, int64_t now, uint32_t *ret_ip);

/* Holds ip for c until `until` (an OFFER). A busy bound lease of c on that
 * address is left as it is. */
int lease_table_hold(struct lease_table *t, uint32_t ip, const struct lease_client *c, int64_t now,
		     int64_t until);

/* Binds ip to c from `starts` to `ends` (INT64_MAX = infinite); hostname
 * may be NULL. Other records of c in the same subnet are freed and their
 * addresses written to displaced[] (up to max; the caller deletes them
 * from the store); *ret_n is how many. Returns the bound lease. */
int lease_table_bind(struct lease_table *t, uint32_t ip, const struct lease_client *c,
		     const char *hostname, int64_t starts, int64_t ends, uint32_t *displaced,
		     size_t max, size_t *ret_n, const struct dhcp_lease **ret);

/* Client released ip: state RELEASED, ends = now (kept for affinity). */
int lease_table_release(struct lease_table *t, uint32_t ip, int64_t now, const struct dhcp_lease **ret);
/* Address in use elsewhere: DECLINED until `until`, detached from the
 * client so it is never offered back to it by affinity. */
int lease_table_decline(struct lease_table *t, uint32_t ip, int64_t now, int64_t until,
			const struct dhcp_lease **ret);
/* The client chose another server: its unexpired offer hold in the subnet
 * ends now. Returns true when a hold was dropped. */
bool lease_table_cancel_offer(struct lease_table *t, const struct lease_client *c, int subnet,
			      int64_t now);
/* Configuration reload: every offer hold ends (records kept for affinity). */
void lease_table_drop_offers(struct lease_table *t);

/* Iteration over all records including free slots, for tests and checks:
 * valid for i < lease_table_slots(). */
size_t lease_table_slots(const struct lease_table *t);
const struct dhcp_lease *lease_table_slot(const struct lease_table *t, size_t i);

/* Verifies the internal invariants (index consistency, heap order, one
 * record per address). 0 or -EUCLEAN; for tests and the fuzzer. */
int lease_table_check(const struct lease_table *t);
