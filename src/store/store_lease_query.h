/* Point queries on the lease table, for the CLI and for checks after a
 * restart. Same conventions as store.h: 0 or a negative errno, out-params
 * written only on success, store_errmsg() says why on failure. */
#pragma once
#include <stddef.h>
#include <stdint.h>

#include "dhcp/dhcp_lease.h"

struct store;

/* The lease for ip (host byte order), or -ENOENT if there is none. */
int store_lease_get(struct store *s, uint32_t ip, struct dhcp_lease *ret);
/* Number of stored leases, whatever their state. */
int store_lease_count(struct store *s, size_t *ret);
