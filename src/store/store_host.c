/* Hosts: a row in `hosts` plus its MACs in `host_macs` (a MAC belongs to
 * one host only: it is the key a PXE request is matched by). */
#include "store_row.h"

#include <ctype.h>
#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <sys/random.h>

#include "core/str.h"
#include "store_catalog.h"

enum {
	COL_ID,
	COL_HOSTNAME,
	COL_IP,
	COL_UUID,
	COL_PROFILE,
	COL_NETBOOT,
	COL_TOKEN,
	COL_PHASE,
	COL_SINCE,
	COL_ERROR,
	COL_CREATED,
};
#define HOST_COLS                                                                              \
	"id, hostname, ip, uuid, profile_id, netboot, token, phase, phase_since, last_error," \
	" created"

/* RFC 1123 host name: dot-separated labels of letters, digits and inner
 * hyphens, 1 to 63 characters each, 253 in all. */
static bool hostname_ok(const char *name, size_t size)
{
	if (!store_row_terminated(name, size))
		return false;
	size_t n = strlen(name), label = 0;
	if (n == 0 || n > 253)
		return false;
	for (size_t i = 0; i <= n; i++) {
		char c = name[i];
		if (c == '.' || c == '\0') {
			if (label == 0 || label > 63 || name[i - 1] == '-')
				return false;
			label = 0;
			continue;
		}
		if (!(isalnum((unsigned char)c) || (c == '-' && label > 0)))
			return false;
		label++;
	}
	return true;
}

/* "" or 8-4-4-4-12 hex digits, written back in lower case. */
static bool uuid_canonical(const char *in, char out[STORE_UUID_LEN + 1])
{
	size_t n = strnlen(in, STORE_UUID_LEN + 1);
	if (n == 0) {
		out[0] = '\0';
		return true;
	}
	if (n != STORE_UUID_LEN)
		return false;
	for (size_t i = 0; i < n; i++) {
		bool dash = i == 8 || i == 13 || i == 18 || i == 23;
		if (dash ? in[i] != '-' : str_hex_digit(in[i]) < 0)
			return false;
		out[i] = (char)tolower((unsigned char)in[i]);
	}
	out[n] = '\0';
	return true;
}

static bool token_ok(const char *t, size_t size)
{
	if (!store_row_terminated(t, size) || strlen(t) != STORE_TOKEN_LEN)
		return false;
	for (const char *p = t; *p; p++)
		if (!((*p >= '0' && *p <= '9') || (*p >= 'a' && *p <= 'f')))
			return false;
	return true;
}

static int new_token(struct store *s, char out[STORE_TOKEN_LEN + 1])
{
	uint8_t rnd[STORE_TOKEN_LEN / 2];
	size_t got = 0;
	while (got < sizeof(rnd)) {
		ssize_t n = getrandom(rnd + got, sizeof(rnd) - got, 0);
		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0)
			return store_failf(s, -errno, "cannot make a host token: getrandom: %s",
					   strerror(errno));
		got += (size_t)n;
	}
	static const char hex[] = "0123456789abcdef";
	for (size_t i = 0; i < sizeof(rnd); i++) {
		out[2 * i] = hex[rnd[i] >> 4];
		out[2 * i + 1] = hex[rnd[i] & 15];
	}
	out[STORE_TOKEN_LEN] = '\0';
	return 0;
}

/* Checks every field; the canonical UUID goes to uuid. */
static int host_valid(struct store *s, const struct store_host *h, char uuid[STORE_UUID_LEN + 1])
{
	if (!hostname_ok(h->hostname, sizeof(h->hostname)))
		return store_failf(s, -EINVAL,
				   "invalid host name '%.*s': dot-separated labels of letters, digits"
				   " and inner hyphens",
				   (int)sizeof(h->hostname) - 1, h->hostname);
	if (!uuid_canonical(h->uuid, uuid))
		return store_failf(s, -EINVAL,
				   "host %s: invalid UUID '%.*s' (want 8-4-4-4-12 hex digits)",
				   h->hostname, STORE_UUID_LEN, h->uuid);
	if (h->n_macs < 1 || h->n_macs > STORE_HOST_MACS)
		return store_failf(s, -EINVAL, "host %s: %zu MACs given, 1 to %d allowed", h->hostname,
				   h->n_macs, STORE_HOST_MACS);
	static const uint8_t zero[6];
	for (size_t i = 0; i < h->n_macs; i++) {
		char m[MAC_STRLEN];
		mac_to_str(h->macs[i], m);
		if (memcmp(h->macs[i], zero, 6) == 0 || (h->macs[i][0] & 1))
			return store_failf(s, -EINVAL,
					   "host %s: MAC %s is not a network card's address", h->hostname,
					   m);
		for (size_t k = 0; k < i; k++)
			if (memcmp(h->macs[i], h->macs[k], 6) == 0)
				return store_failf(s, -EINVAL, "host %s: MAC %s is listed twice",
						   h->hostname, m);
	}
	if (!store_row_terminated(h->token, sizeof(h->token)) ||
	    (h->token[0] && !token_ok(h->token, sizeof(h->token))))
		return store_failf(s, -EINVAL, "host %s: a token is %d lower-case hex digits",
				   h->hostname, STORE_TOKEN_LEN);
	if ((int)h->phase < 0 || h->phase >= STORE_PHASE__COUNT)
		return store_failf(s, -EINVAL, "host %s: phase %d does not exist", h->hostname,
				   (int)h->phase);
	if (!store_row_terminated(h->last_error, sizeof(h->last_error)))
		return store_failf(s, -EINVAL, "host %s: last error too long", h->hostname);
	return 0;
}

/* How holder() binds its key. */
struct key {
	const char *text;   /* text key, or */
	const uint8_t *mac; /* a MAC, or else */
	int64_t num;        /* an integer */
};

/* The hostname of another host (id != self) matching one query, or ""
 * when there is none. */
static int holder(struct store *s, const char *sql, int64_t self, struct key k,
		  char out[STORE_HOSTNAME_MAX])
{
	sqlite3_stmt *st;
	int r = store_row_prepare_id(s, sql, self, &st, "looking up hosts");
	if (r < 0)
		return r;
	int rc = k.text  ? store_row_bind_text(st, 2, k.text)
		 : k.mac ? sqlite3_bind_blob(st, 2, k.mac, 6, SQLITE_STATIC)
			 : sqlite3_bind_int64(st, 2, k.num);
	if (rc == SQLITE_OK)
		rc = sqlite3_step(st);
	out[0] = '\0';
	if (rc == SQLITE_ROW)
		r = store_row_text(s, st, 0, out, STORE_HOSTNAME_MAX, "hosts", 0, "hostname");
	else if (rc != SQLITE_DONE)
		r = store_fail(s, rc, "looking up hosts");
	sqlite3_finalize(st);
	return r;
}

/* Everything that would make the write fail on a UNIQUE or FOREIGN KEY
 * constraint, with a message naming the host in the way. */
static int check_conflicts(struct store *s, const struct store_host *h, const char *uuid,
			   int64_t self)
{
	char other[STORE_HOSTNAME_MAX];
	int r = holder(s, "SELECT hostname FROM hosts WHERE id != ?1 AND hostname = ?2", self,
		       (struct key){ .text = h->hostname }, other);
	if (r >= 0 && other[0])
		return store_failf(s, -EEXIST, "a host named %s already exists", h->hostname);
	if (r >= 0 && h->ip) {
		r = holder(s, "SELECT hostname FROM hosts WHERE id != ?1 AND ip = ?2", self,
			   (struct key){ .num = h->ip }, other);
		if (r >= 0 && other[0]) {
			char dotted[IPV4_STRLEN];
			return store_failf(s, -EEXIST, "%s is already the address of host %s",
					   ipv4_to_str(h->ip, dotted), other);
		}
	}
	if (r >= 0 && uuid[0]) {
		r = holder(s, "SELECT hostname FROM hosts WHERE id != ?1 AND uuid = ?2", self,
			   (struct key){ .text = uuid }, other);
		if (r >= 0 && other[0])
			return store_failf(s, -EEXIST, "UUID %s already belongs to host %s", uuid,
					   other);
	}
	for (size_t i = 0; r >= 0 && i < h->n_macs; i++) {
		r = holder(s,
			   "SELECT h.hostname FROM host_macs m JOIN hosts h ON h.id = m.host_id"
			   " WHERE m.host_id != ?1 AND m.mac = ?2",
			   self, (struct key){ .mac = h->macs[i] }, other);
		if (r >= 0 && other[0]) {
			char m[MAC_STRLEN];
			return store_failf(s, -EEXIST, "MAC %s already belongs to host %s",
					   mac_to_str(h->macs[i], m), other);
		}
	}
	if (r < 0)
		return r;
	sqlite3_stmt *st;
	r = store_row_prepare_id(s, "SELECT 1 FROM profiles WHERE id = ?1", h->profile_id, &st,
				 "looking up profile");
	if (r < 0)
		return r;
	int rc = sqlite3_step(st);
	if (rc == SQLITE_DONE)
		r = store_failf(s, -ENOENT, "host %s: no profile with id %lld", h->hostname,
				(long long)h->profile_id);
	else if (rc != SQLITE_ROW)
		r = store_fail(s, rc, "looking up profile");
	sqlite3_finalize(st);
	return r;
}

static int write_macs(struct store *s, const struct store_host *h, int64_t id)
{
	sqlite3_stmt *st;
	int r = store_row_prepare_id(s, "DELETE FROM host_macs WHERE host_id = ?1", id, &st,
				     "replacing the host's MACs");
	if (r < 0)
		return r;
	r = store_row_exec(s, st, SQLITE_OK, "replacing the host's MACs");
	if (r < 0)
		return r;
	r = store_row_prepare(s, "INSERT INTO host_macs (mac, host_id) VALUES (?1, ?2)", &st,
			      "writing the host's MACs");
	if (r < 0)
		return r;
	for (size_t i = 0; r >= 0 && i < h->n_macs; i++) {
		int rc = sqlite3_bind_blob(st, 1, h->macs[i], 6, SQLITE_STATIC);
		if (rc == SQLITE_OK)
			rc = sqlite3_bind_int64(st, 2, id);
		if (rc == SQLITE_OK)
			rc = sqlite3_step(st);
		if (rc != SQLITE_DONE)
			r = store_fail(s, rc, "writing the host's MACs");
		sqlite3_reset(st);
	}
	sqlite3_finalize(st);
	return r;
}

static int bind_fields(sqlite3_stmt *st, const struct store_host *h, const char *uuid)
{
	int rc = store_row_bind_text(st, 1, h->hostname);
	if (rc == SQLITE_OK)
		rc = h->ip ? sqlite3_bind_int64(st, 2, h->ip) : sqlite3_bind_null(st, 2);
	if (rc == SQLITE_OK)
		rc = store_row_bind_text(st, 3, uuid[0] ? uuid : NULL);
	if (rc == SQLITE_OK)
		rc = sqlite3_bind_int64(st, 4, h->profile_id);
	if (rc == SQLITE_OK)
		rc = sqlite3_bind_int(st, 5, h->netboot ? 1 : 0);
	return rc;
}

static int insert_host(struct store *s, const struct store_host *h, const char *uuid,
		       int64_t now_ms, int64_t created, int64_t *id)
{
	sqlite3_stmt *st;
	int r = store_row_prepare(s,
				  "INSERT INTO hosts (hostname, ip, uuid, profile_id, netboot, token,"
				  " phase, phase_since, last_error, created)"
				  " VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, '', ?9)",
				  &st, "adding host");
	if (r < 0)
		return r;
	int rc = bind_fields(st, h, uuid);
	if (rc == SQLITE_OK)
		rc = store_row_bind_text(st, 6, h->token);
	if (rc == SQLITE_OK)
		rc = sqlite3_bind_int(st, 7, STORE_PHASE_NEW);
	if (rc == SQLITE_OK)
		rc = sqlite3_bind_int64(st, 8, now_ms);
	if (rc == SQLITE_OK)
		rc = sqlite3_bind_int64(st, 9, created);
	r = store_row_exec(s, st, rc, "adding host");
	if (r >= 0)
		*id = sqlite3_last_insert_rowid(s->db);
	return r;
}

int store_host_add(struct store *s, struct store_host *h)
{
	char uuid[STORE_UUID_LEN + 1];
	int r = host_valid(s, h, uuid);
	if (r < 0)
		return r;
	struct store_host n = *h;
	memcpy(n.uuid, uuid, sizeof(uuid));
	if (!n.token[0] && (r = new_token(s, n.token)) < 0)
		return r;
	bool outer;
	r = store_row_tx_begin(s, &outer);
	if (r < 0)
		return r;
	int64_t now_ms = store_row_now_ms(), created = now_ms / 1000;
	r = check_conflicts(s, &n, uuid, 0);
	if (r >= 0)
		r = insert_host(s, &n, uuid, now_ms, created, &n.id);
	if (r >= 0)
		r = write_macs(s, &n, n.id);
	/* The timeline starts when the host was declared, so the first real
	 * phase shows how long the machine took to come up. */
	struct store_event e = { .host_id = n.id, .at_ms = now_ms, .phase = STORE_PHASE_NEW };
	snprintf(e.detail, sizeof(e.detail), "added");
	if (r >= 0)
		r = store_event_add(s, &e);
	r = store_row_tx_end(s, outer, r);
	if (r < 0)
		return r;
	n.created = created;
	n.phase = STORE_PHASE_NEW;
	n.phase_since_ms = now_ms;
	n.last_error[0] = '\0';
	*h = n;
	return 0;
}

int store_host_update(struct store *s, const struct store_host *h)
{
	char uuid[STORE_UUID_LEN + 1];
	int r = host_valid(s, h, uuid);
	if (r < 0)
		return r;
	bool outer;
	r = store_row_tx_begin(s, &outer);
	if (r < 0)
		return r;
	struct store_host old;
	r = store_host_get_id(s, h->id, &old);
	if (r >= 0)
		r = check_conflicts(s, h, uuid, h->id);
	sqlite3_stmt *st = NULL;
	if (r >= 0)
		r = store_row_prepare(s,
				      "UPDATE hosts SET hostname = ?1, ip = ?2, uuid = ?3,"
				      " profile_id = ?4, netboot = ?5 WHERE id = ?6",
				      &st, "updating host");
	if (r >= 0) {
		int rc = bind_fields(st, h, uuid);
		if (rc == SQLITE_OK)
			rc = sqlite3_bind_int64(st, 6, h->id);
		r = store_row_exec(s, st, rc, "updating host");
	}
	if (r >= 0)
		r = write_macs(s, h, h->id);
	return store_row_tx_end(s, outer, r);
}

static int host_from_row(struct store *s, sqlite3_stmt *st, struct store_host *ret)
{
	struct store_host h;
	memset(&h, 0, sizeof(h));
	h.id = sqlite3_column_int64(st, COL_ID);
	int r = store_row_text(s, st, COL_HOSTNAME, h.hostname, sizeof(h.hostname), "hosts", h.id,
			       "hostname");
	if (r >= 0)
		r = store_row_text(s, st, COL_UUID, h.uuid, sizeof(h.uuid), "hosts", h.id, "uuid");
	if (r >= 0)
		r = store_row_text(s, st, COL_TOKEN, h.token, sizeof(h.token), "hosts", h.id, "token");
	if (r >= 0)
		r = store_row_text(s, st, COL_ERROR, h.last_error, sizeof(h.last_error), "hosts", h.id,
				   "last_error");
	if (r < 0)
		return r;
	sqlite3_int64 ip = sqlite3_column_int64(st, COL_IP);
	sqlite3_int64 phase = sqlite3_column_int64(st, COL_PHASE);
	if (ip < 0 || ip > UINT32_MAX || phase < 0 || phase >= STORE_PHASE__COUNT)
		return store_failf(s, -EBADMSG, "%s: hosts row %lld has an invalid %s", s->path,
				   (long long)h.id, ip < 0 || ip > UINT32_MAX ? "ip" : "phase");
	h.ip = (uint32_t)ip;
	h.phase = (enum store_phase)phase;
	h.profile_id = sqlite3_column_int64(st, COL_PROFILE);
	h.netboot = sqlite3_column_int(st, COL_NETBOOT) != 0;
	h.phase_since_ms = sqlite3_column_int64(st, COL_SINCE);
	h.created = sqlite3_column_int64(st, COL_CREATED);
	*ret = h;
	return 0;
}

static int read_macs(struct store *s, sqlite3_stmt *st, struct store_host *h)
{
	int rc = sqlite3_bind_int64(st, 1, h->id);
	h->n_macs = 0;
	if (rc == SQLITE_OK)
		rc = sqlite3_step(st);
	for (; rc == SQLITE_ROW; rc = sqlite3_step(st)) {
		if (sqlite3_column_bytes(st, 0) != 6 || h->n_macs == STORE_HOST_MACS) {
			sqlite3_reset(st);
			return store_failf(s, -EBADMSG, "%s: host %s has an invalid MAC row", s->path,
					   h->hostname);
		}
		memcpy(h->macs[h->n_macs++], sqlite3_column_blob(st, 0), 6);
	}
	sqlite3_reset(st);
	if (rc != SQLITE_DONE)
		return store_fail(s, rc, "reading the host's MACs");
	return 0;
}

#define MACS_SQL "SELECT mac FROM host_macs WHERE host_id = ?1 ORDER BY rowid"

/* One host found by `sql` with one parameter (text, blob or integer). */
static int get_one(struct store *s, const char *sql, const char *text, const void *blob,
		   int64_t id, struct store_host *ret)
{
	sqlite3_stmt *st, *macs;
	int r = store_row_prepare(s, sql, &st, "reading host");
	if (r < 0)
		return r;
	r = store_row_prepare(s, MACS_SQL, &macs, "reading the host's MACs");
	if (r < 0) {
		sqlite3_finalize(st);
		return r;
	}
	int rc = text ? store_row_bind_text(st, 1, text)
		 : blob ? sqlite3_bind_blob(st, 1, blob, 6, SQLITE_STATIC)
			: sqlite3_bind_int64(st, 1, id);
	if (rc == SQLITE_OK)
		rc = sqlite3_step(st);
	struct store_host h;
	if (rc == SQLITE_ROW) {
		r = host_from_row(s, st, &h);
		if (r >= 0)
			r = read_macs(s, macs, &h);
		if (r >= 0)
			*ret = h;
	} else if (rc == SQLITE_DONE) {
		r = -ENOENT;
	} else {
		r = store_fail(s, rc, "reading host");
	}
	sqlite3_finalize(macs);
	sqlite3_finalize(st);
	return r;
}

int store_host_get(struct store *s, const char *hostname, struct store_host *ret)
{
	int r = get_one(s, "SELECT " HOST_COLS " FROM hosts WHERE hostname = ?1", hostname, NULL, 0,
			ret);
	return r == -ENOENT ? store_failf(s, r, "no host named %s", hostname) : r;
}

int store_host_get_id(struct store *s, int64_t id, struct store_host *ret)
{
	int r = get_one(s, "SELECT " HOST_COLS " FROM hosts WHERE id = ?1", NULL, NULL, id, ret);
	return r == -ENOENT ? store_failf(s, r, "no host with id %lld", (long long)id) : r;
}

int store_host_get_mac(struct store *s, const uint8_t mac[6], struct store_host *ret)
{
	int r = get_one(s,
			"SELECT " HOST_COLS " FROM hosts WHERE id ="
			" (SELECT host_id FROM host_macs WHERE mac = ?1)",
			NULL, mac, 0, ret);
	char m[MAC_STRLEN];
	return r == -ENOENT ? store_failf(s, r, "no host has MAC %s", mac_to_str(mac, m)) : r;
}

int store_host_get_uuid(struct store *s, const char *uuid, struct store_host *ret)
{
	char canon[STORE_UUID_LEN + 1];
	if (!uuid_canonical(uuid, canon) || !canon[0])
		return store_failf(s, -EINVAL, "invalid UUID '%.*s'", STORE_UUID_LEN, uuid);
	int r = get_one(s, "SELECT " HOST_COLS " FROM hosts WHERE uuid = ?1", canon, NULL, 0, ret);
	return r == -ENOENT ? store_failf(s, r, "no host has UUID %s", canon) : r;
}

int store_host_foreach(struct store *s, int (*cb)(void *ctx, const struct store_host *h),
		       void *ctx)
{
	sqlite3_stmt *st, *macs;
	int r = store_row_prepare(s, "SELECT " HOST_COLS " FROM hosts ORDER BY hostname", &st,
				  "reading hosts");
	if (r < 0)
		return r;
	r = store_row_prepare(s, MACS_SQL, &macs, "reading the hosts' MACs");
	if (r < 0) {
		sqlite3_finalize(st);
		return r;
	}
	int rc;
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		struct store_host h;
		r = host_from_row(s, st, &h);
		if (r >= 0)
			r = read_macs(s, macs, &h);
		if (r >= 0)
			r = cb(ctx, &h);
		if (r < 0)
			break;
	}
	if (r >= 0 && rc != SQLITE_DONE)
		r = store_fail(s, rc, "reading hosts");
	sqlite3_finalize(macs);
	sqlite3_finalize(st);
	return r < 0 ? r : 0;
}

/* Runs a one-row change keyed by id, text or both; -ENOENT when no row
 * changed. */
static int change_one(struct store *s, const char *sql, int64_t a, const char *text, int64_t b,
		      const char *what)
{
	sqlite3_stmt *st;
	int r = store_row_prepare(s, sql, &st, what);
	if (r < 0)
		return r;
	int rc = text ? store_row_bind_text(st, 1, text) : sqlite3_bind_int64(st, 1, a);
	if (rc == SQLITE_OK && !text)
		rc = sqlite3_bind_int64(st, 2, b);
	r = store_row_exec(s, st, rc, what);
	if (r >= 0 && sqlite3_changes(s->db) == 0)
		r = -ENOENT;
	return r;
}

int store_host_remove(struct store *s, const char *hostname)
{
	/* MACs and events go with the host (ON DELETE CASCADE). */
	int r = change_one(s, "DELETE FROM hosts WHERE hostname = ?1", 0, hostname, 0,
			   "removing host");
	return r == -ENOENT ? store_failf(s, r, "no host named %s", hostname) : r;
}

int store_host_set_netboot(struct store *s, int64_t host_id, bool netboot)
{
	int r = change_one(s, "UPDATE hosts SET netboot = ?2 WHERE id = ?1", host_id, NULL,
			   netboot ? 1 : 0, "setting the host's netboot flag");
	return r == -ENOENT ? store_failf(s, r, "no host with id %lld", (long long)host_id) : r;
}
