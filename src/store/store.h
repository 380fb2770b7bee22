/* The store: pxed's state in one SQLite database (WAL) under the state
 * directory. The only module that speaks SQL. All functions return 0 or a
 * negative errno; on failure `store_errmsg()` says why. */
#pragma once
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "dhcp/dhcp_lease.h"

struct store;

#define STORE_DB_NAME "pxed.db"

/* Opens (creating and migrating) <dir>/pxed.db. On failure writes a message
 * into err and returns a negative errno. */
int store_open(const char *dir, struct store **ret, char *err, size_t errlen);
struct store *store_close(struct store *s);
const char *store_errmsg(struct store *s);

/* Grows the write-ahead log once to `bytes` so that later commits rewrite it
 * in place instead of extending it (cheaper to make durable). */
int store_reserve_log(struct store *s, size_t bytes);

/* Transactions. Leases written between begin and commit become durable
 * together when commit returns 0 (group commit: one fsync for a batch). */
int store_begin(struct store *s);
int store_commit(struct store *s);
int store_rollback(struct store *s);

/* Insert or replace the lease for l->ip. */
int store_lease_put(struct store *s, const struct dhcp_lease *l);
/* Forget the lease for ip (no error if none). */
int store_lease_delete(struct store *s, uint32_t ip);
/* Calls cb for every stored lease; stops early if cb returns < 0. */
int store_lease_foreach(struct store *s, int (*cb)(void *ctx, const struct dhcp_lease *l), void *ctx);
