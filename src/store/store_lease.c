/* The lease table: struct dhcp_lease <-> one row keyed by IP. */
#include "store_impl.h"
#include "store_lease_query.h"

#include <errno.h>
#include <string.h>
#include <time.h>

enum { COL_IP, COL_STATE, COL_HTYPE, COL_CHADDR, COL_CLIENT_ID, COL_HOSTNAME, COL_STARTS, COL_ENDS };

static int lease_valid(const struct dhcp_lease *l)
{
	if (l->state < LEASE_OFFERED || l->state > LEASE_DECLINED)
		return -EINVAL;
	if (l->hlen > sizeof(l->chaddr) || l->client_id_len > LEASE_CLIENT_ID_MAX)
		return -EINVAL;
	if (!memchr(l->hostname, '\0', sizeof(l->hostname)))
		return -EINVAL;
	return 0;
}

int store_lease_put(struct store *s, const struct dhcp_lease *l)
{
	if (lease_valid(l) < 0)
		return store_failf(s, -EINVAL, "%s: refusing to store an invalid lease for %08x",
				   s->path, l->ip);
	sqlite3_stmt *st = s->stmt[STMT_LEASE_PUT];
	/* SQLITE_STATIC is safe: the statement is reset before we return. A
	 * zero-length chaddr binds as an empty blob (the pointer is never NULL). */
	int rc = sqlite3_bind_int64(st, 1, l->ip);
	if (rc == SQLITE_OK)
		rc = sqlite3_bind_int(st, 2, (int)l->state);
	if (rc == SQLITE_OK)
		rc = sqlite3_bind_int(st, 3, l->htype);
	if (rc == SQLITE_OK)
		rc = sqlite3_bind_blob(st, 4, l->chaddr, l->hlen, SQLITE_STATIC);
	if (rc == SQLITE_OK)
		rc = l->client_id_len
			     ? sqlite3_bind_blob(st, 5, l->client_id, l->client_id_len, SQLITE_STATIC)
			     : sqlite3_bind_null(st, 5);
	if (rc == SQLITE_OK)
		rc = sqlite3_bind_text(st, 6, l->hostname, (int)strlen(l->hostname), SQLITE_STATIC);
	if (rc == SQLITE_OK)
		rc = sqlite3_bind_int64(st, 7, l->starts);
	if (rc == SQLITE_OK)
		rc = sqlite3_bind_int64(st, 8, l->ends);
	if (rc == SQLITE_OK)
		rc = sqlite3_bind_int64(st, 9, (sqlite3_int64)time(NULL));
	if (rc == SQLITE_OK)
		rc = sqlite3_step(st);
	store_stmt_done(st);
	return rc == SQLITE_DONE ? 0 : store_fail(s, rc, "writing lease");
}

int store_lease_delete(struct store *s, uint32_t ip)
{
	sqlite3_stmt *st = s->stmt[STMT_LEASE_DELETE];
	int rc = sqlite3_bind_int64(st, 1, ip);
	if (rc == SQLITE_OK)
		rc = sqlite3_step(st);
	store_stmt_done(st);
	return rc == SQLITE_DONE ? 0 : store_fail(s, rc, "deleting lease");
}

/* Re-checks every column although the table's CHECKs already did: a file
 * edited with checks off must not overflow struct dhcp_lease. */
static int lease_from_row(struct store *s, sqlite3_stmt *st, struct dhcp_lease *ret)
{
	struct dhcp_lease l;
	memset(&l, 0, sizeof(l));
	sqlite3_int64 ip = sqlite3_column_int64(st, COL_IP);
	sqlite3_int64 state = sqlite3_column_int64(st, COL_STATE);
	sqlite3_int64 htype = sqlite3_column_int64(st, COL_HTYPE);
	int chaddr_len = sqlite3_column_bytes(st, COL_CHADDR);
	const void *chaddr = sqlite3_column_blob(st, COL_CHADDR);
	int cid_type = sqlite3_column_type(st, COL_CLIENT_ID);
	int cid_len = sqlite3_column_bytes(st, COL_CLIENT_ID);
	const void *cid = sqlite3_column_blob(st, COL_CLIENT_ID);
	const unsigned char *host = sqlite3_column_text(st, COL_HOSTNAME);
	int host_len = sqlite3_column_bytes(st, COL_HOSTNAME);

	const char *bad = NULL;
	if (ip < 0 || ip > UINT32_MAX)
		bad = "ip";
	else if (state < LEASE_OFFERED || state > LEASE_DECLINED)
		bad = "state";
	else if (htype < 0 || htype > UINT8_MAX)
		bad = "htype";
	else if (chaddr_len < 0 || (size_t)chaddr_len > sizeof(l.chaddr))
		bad = "chaddr";
	else if (cid_type != SQLITE_NULL && (cid_len < 1 || cid_len > LEASE_CLIENT_ID_MAX))
		bad = "client_id";
	else if (host_len < 0 || (size_t)host_len >= sizeof(l.hostname) ||
		 (host && memchr(host, '\0', (size_t)host_len)))
		bad = "hostname";
	if (bad)
		return store_failf(s, -EBADMSG, "%s: lease row %lld has an invalid %s", s->path,
				   (long long)ip, bad);

	l.ip = (uint32_t)ip;
	l.state = (enum lease_state)state;
	l.htype = (uint8_t)htype;
	l.hlen = (uint8_t)chaddr_len;
	if (chaddr_len)
		memcpy(l.chaddr, chaddr, (size_t)chaddr_len);
	if (cid_type != SQLITE_NULL) {
		l.client_id_len = (uint8_t)cid_len;
		memcpy(l.client_id, cid, (size_t)cid_len);
	}
	if (host_len)
		memcpy(l.hostname, host, (size_t)host_len);
	l.starts = sqlite3_column_int64(st, COL_STARTS);
	l.ends = sqlite3_column_int64(st, COL_ENDS);
	*ret = l;
	return 0;
}

int store_lease_get(struct store *s, uint32_t ip, struct dhcp_lease *ret)
{
	sqlite3_stmt *st = s->stmt[STMT_LEASE_GET];
	int r;
	int rc = sqlite3_bind_int64(st, 1, ip);
	if (rc == SQLITE_OK)
		rc = sqlite3_step(st);
	if (rc == SQLITE_ROW)
		r = lease_from_row(s, st, ret);
	else if (rc == SQLITE_DONE)
		r = -ENOENT;
	else
		r = store_fail(s, rc, "reading lease");
	store_stmt_done(st);
	return r;
}

int store_lease_foreach(struct store *s, int (*cb)(void *ctx, const struct dhcp_lease *l), void *ctx)
{
	/* One cached statement: a callback that iterates again would reset the
	 * outer loop under its feet. */
	if (s->in_foreach)
		return store_failf(s, -EBUSY, "%s: lease iteration is already running", s->path);
	sqlite3_stmt *st = s->stmt[STMT_LEASE_ALL];
	s->in_foreach = true;
	int r = 0, rc;
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		struct dhcp_lease l;
		r = lease_from_row(s, st, &l);
		if (r >= 0)
			r = cb(ctx, &l);
		if (r < 0)
			break;
	}
	if (r >= 0 && rc != SQLITE_DONE)
		r = store_fail(s, rc, "reading leases");
	store_stmt_done(st);
	s->in_foreach = false;
	return r < 0 ? r : 0;
}

int store_lease_count(struct store *s, size_t *ret)
{
	sqlite3_stmt *st = s->stmt[STMT_LEASE_COUNT];
	int r = 0;
	int rc = sqlite3_step(st);
	if (rc == SQLITE_ROW)
		*ret = (size_t)sqlite3_column_int64(st, 0);
	else
		r = store_fail(s, rc, "counting leases");
	store_stmt_done(st);
	return r;
}
