/* A host's fields as `pxed host add/edit` options or a row of `pxed host
 * import` give them, checked and applied by the same code. */
#pragma once
#include <stddef.h>

#include "store/store_catalog.h"

/* NULL: not given. An empty or "none" ip/uuid clears it. */
struct host_fields {
	const char *hostname, *ip, *uuid, *profile, *netboot;
	const char *macs[STORE_HOST_MACS + 1], *add[STORE_HOST_MACS + 1], *remove[STORE_HOST_MACS + 1];
	size_t n_macs, n_add, n_remove; /* macs replace the host's MACs; add/remove change them */
};

/* Applies f to h (a new host, or a copy of the one changed). Problems are
 * printed as "WHERE: OPTmac 'x': why" (WHERE "pxed host add" and OPT "--",
 * or WHERE "FILE:LINE" and OPT "" for a column); 0 or -EINVAL. */
int host_fields_apply(struct store *s, const char *where, const char *opt,
		      const struct host_fields *f, struct store_host *h);
