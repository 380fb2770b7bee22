/* Profiles: a distro, a kickstart template and extra kernel arguments. */
#include "store_row.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "store_catalog.h"
#include "store_name.h"

enum { COL_ID, COL_NAME, COL_DISTRO, COL_KS, COL_KS_PATH, COL_ARGS, COL_CREATED };
#define PROFILE_COLS "id, name, distro_id, kickstart, kickstart_path, kernel_args, created"

/* Kernel arguments are written into boot config lines: a control character
 * would start a directive of its own. */
static bool args_ok(const char *args, size_t size)
{
	if (!store_row_terminated(args, size))
		return false;
	for (const char *p = args; *p; p++)
		if ((unsigned char)*p < 0x20 || *p == 0x7f)
			return false;
	return true;
}

static int profile_valid(struct store *s, const struct store_profile *p)
{
	if (!store_name_valid(p->name))
		return store_failf(s, -EINVAL,
				   "invalid profile name '%.*s': 1 to %d of A-Z a-z 0-9 . _ -",
				   STORE_NAME_MAX - 1, p->name, STORE_NAME_MAX - 1);
	if (!p->kickstart)
		return store_failf(s, -EINVAL, "profile %s has no kickstart template", p->name);
	if (!store_row_terminated(p->kickstart_path, sizeof(p->kickstart_path)))
		return store_failf(s, -EINVAL, "profile %s: kickstart path too long", p->name);
	if (!args_ok(p->kernel_args, sizeof(p->kernel_args)))
		return store_failf(s, -EINVAL,
				   "profile %s: kernel arguments must be one line of printable text",
				   p->name);
	return 0;
}

/* 1 when the query returns a row, 0 when not. */
static int exists(struct store *s, const char *sql, int64_t id, const char *text, const char *what)
{
	sqlite3_stmt *st;
	int r = store_row_prepare_id(s, sql, id, &st, what);
	if (r < 0)
		return r;
	int rc = text ? store_row_bind_text(st, 2, text) : SQLITE_OK;
	if (rc == SQLITE_OK)
		rc = sqlite3_step(st);
	r = rc == SQLITE_ROW ? 1 : rc == SQLITE_DONE ? 0 : store_fail(s, rc, what);
	sqlite3_finalize(st);
	return r;
}

/* Checks the references and the unique name before writing, so that the
 * operator reads which record is in the way rather than SQLite's
 * "UNIQUE constraint failed". */
static int check_refs(struct store *s, const struct store_profile *p, int64_t self)
{
	int r = exists(s, "SELECT 1 FROM distros WHERE id = ?1", p->distro_id, NULL,
		       "looking up the profile's distro");
	if (r == 0)
		return store_failf(s, -ENOENT, "profile %s: no distro with id %lld", p->name,
				   (long long)p->distro_id);
	if (r < 0)
		return r;
	r = exists(s, "SELECT 1 FROM profiles WHERE id != ?1 AND name = ?2", self, p->name,
		   "looking up profile names");
	if (r == 1)
		return store_failf(s, -EEXIST, "a profile named %s already exists", p->name);
	return r;
}

static int bind_fields(sqlite3_stmt *st, const struct store_profile *p)
{
	int rc = store_row_bind_text(st, 1, p->name);
	if (rc == SQLITE_OK)
		rc = sqlite3_bind_int64(st, 2, p->distro_id);
	if (rc == SQLITE_OK)
		rc = store_row_bind_text(st, 3, p->kickstart);
	if (rc == SQLITE_OK)
		rc = store_row_bind_text(st, 4, p->kickstart_path);
	if (rc == SQLITE_OK)
		rc = store_row_bind_text(st, 5, p->kernel_args);
	return rc;
}

/* A valid record, and the transaction its change runs in. */
static int begin_change(struct store *s, const struct store_profile *p, bool *outer)
{
	int r = profile_valid(s, p);
	return r < 0 ? r : store_row_tx_begin(s, outer);
}

int store_profile_add(struct store *s, struct store_profile *p)
{
	bool outer;
	int r = begin_change(s, p, &outer);
	if (r < 0)
		return r;
	r = check_refs(s, p, 0);
	sqlite3_stmt *st = NULL;
	if (r >= 0)
		r = store_row_prepare(s,
				      "INSERT INTO profiles (name, distro_id, kickstart, kickstart_path,"
				      " kernel_args, created) VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
				      &st, "adding profile");
	int64_t created = store_row_now_s();
	if (r >= 0) {
		int rc = bind_fields(st, p);
		if (rc == SQLITE_OK)
			rc = sqlite3_bind_int64(st, 6, created);
		r = store_row_exec(s, st, rc, "adding profile");
	}
	int64_t id = sqlite3_last_insert_rowid(s->db);
	r = store_row_tx_end(s, outer, r);
	if (r >= 0) {
		p->id = id;
		p->created = created;
	}
	return r;
}

int store_profile_update(struct store *s, const struct store_profile *p)
{
	bool outer;
	int r = begin_change(s, p, &outer);
	if (r < 0)
		return r;
	r = exists(s, "SELECT 1 FROM profiles WHERE id = ?1", p->id, NULL, "looking up profile");
	if (r == 0)
		r = store_failf(s, -ENOENT, "no profile with id %lld", (long long)p->id);
	if (r >= 0)
		r = check_refs(s, p, p->id);
	sqlite3_stmt *st = NULL;
	if (r >= 0)
		r = store_row_prepare(s,
				      "UPDATE profiles SET name = ?1, distro_id = ?2, kickstart = ?3,"
				      " kickstart_path = ?4, kernel_args = ?5 WHERE id = ?6",
				      &st, "updating profile");
	if (r >= 0) {
		int rc = bind_fields(st, p);
		if (rc == SQLITE_OK)
			rc = sqlite3_bind_int64(st, 6, p->id);
		r = store_row_exec(s, st, rc, "updating profile");
	}
	return store_row_tx_end(s, outer, r);
}

static int profile_from_row(struct store *s, sqlite3_stmt *st, struct store_profile *ret)
{
	struct store_profile p;
	memset(&p, 0, sizeof(p));
	p.id = sqlite3_column_int64(st, COL_ID);
	int r = store_row_text(s, st, COL_NAME, p.name, sizeof(p.name), "profiles", p.id, "name");
	if (r >= 0)
		r = store_row_text(s, st, COL_KS_PATH, p.kickstart_path, sizeof(p.kickstart_path),
				   "profiles", p.id, "kickstart_path");
	if (r >= 0)
		r = store_row_text(s, st, COL_ARGS, p.kernel_args, sizeof(p.kernel_args), "profiles",
				   p.id, "kernel_args");
	if (r < 0)
		return r;
	const unsigned char *ks = sqlite3_column_text(st, COL_KS);
	int n = sqlite3_column_bytes(st, COL_KS);
	if (n < 0 || (ks && memchr(ks, '\0', (size_t)n)))
		return store_failf(s, -EBADMSG, "%s: profiles row %lld has an invalid kickstart",
				   s->path, (long long)p.id);
	p.kickstart = malloc((size_t)n + 1);
	if (!p.kickstart)
		return store_failf(s, -ENOMEM, "out of memory reading profile %s", p.name);
	if (n)
		memcpy(p.kickstart, ks, (size_t)n);
	p.kickstart[n] = '\0';
	p.distro_id = sqlite3_column_int64(st, COL_DISTRO);
	p.created = sqlite3_column_int64(st, COL_CREATED);
	*ret = p;
	return 0;
}

/* One profile by a column; the message names what was asked for. */
static int get_one(struct store *s, const char *sql, int64_t id, const char *name,
		   struct store_profile *ret)
{
	sqlite3_stmt *st;
	int r = store_row_prepare(s, sql, &st, "reading profile");
	if (r < 0)
		return r;
	int rc = name ? store_row_bind_text(st, 1, name) : sqlite3_bind_int64(st, 1, id);
	if (rc == SQLITE_OK)
		rc = sqlite3_step(st);
	if (rc == SQLITE_ROW)
		r = profile_from_row(s, st, ret);
	else if (rc != SQLITE_DONE)
		r = store_fail(s, rc, "reading profile");
	else if (name)
		r = store_failf(s, -ENOENT, "no profile named %s", name);
	else
		r = store_failf(s, -ENOENT, "no profile with id %lld", (long long)id);
	sqlite3_finalize(st);
	return r;
}

int store_profile_get(struct store *s, const char *name, struct store_profile *ret)
{
	return get_one(s, "SELECT " PROFILE_COLS " FROM profiles WHERE name = ?1", 0, name, ret);
}

int store_profile_get_id(struct store *s, int64_t id, struct store_profile *ret)
{
	return get_one(s, "SELECT " PROFILE_COLS " FROM profiles WHERE id = ?1", id, NULL, ret);
}

int store_profile_foreach(struct store *s, int (*cb)(void *ctx, const struct store_profile *p),
			  void *ctx)
{
	sqlite3_stmt *st;
	int r = store_row_prepare(s, "SELECT " PROFILE_COLS " FROM profiles ORDER BY name", &st,
				  "reading profiles");
	if (r < 0)
		return r;
	int rc;
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		struct store_profile p;
		r = profile_from_row(s, st, &p);
		if (r < 0)
			break;
		r = cb(ctx, &p);
		store_profile_clear(&p);
		if (r < 0)
			break;
	}
	if (r >= 0 && rc != SQLITE_DONE)
		r = store_fail(s, rc, "reading profiles");
	sqlite3_finalize(st);
	return r < 0 ? r : 0;
}

/* "web1, web2, web3 and 4 more": enough to act on, bounded. */
static int users_of(struct store *s, int64_t profile_id, char *buf, size_t size)
{
	sqlite3_stmt *st;
	int r = store_row_prepare_id(s,
				     "SELECT hostname, count(*) OVER () FROM hosts WHERE profile_id = ?1"
				     " ORDER BY hostname LIMIT 5",
				     profile_id, &st, "looking up the profile's hosts");
	if (r < 0)
		return r;
	size_t o = 0;
	int listed = 0;
	long long total = 0;
	buf[0] = '\0';
	int rc = sqlite3_step(st);
	for (; rc == SQLITE_ROW; rc = sqlite3_step(st)) {
		const unsigned char *h = sqlite3_column_text(st, 0);
		total = sqlite3_column_int64(st, 1);
		int n = snprintf(buf + o, size - o, "%s%s", listed ? ", " : "", h ? (const char *)h : "");
		if (n > 0 && (size_t)n < size - o)
			o += (size_t)n;
		listed++;
	}
	r = rc == SQLITE_DONE ? listed : store_fail(s, rc, "looking up the profile's hosts");
	sqlite3_finalize(st);
	if (r > 0 && total > listed && o < size)
		snprintf(buf + o, size - o, " and %lld more", total - listed);
	return r;
}

int store_profile_remove(struct store *s, const char *name)
{
	bool outer;
	int r = store_row_tx_begin(s, &outer);
	if (r < 0)
		return r;
	struct store_profile p;
	r = store_profile_get(s, name, &p);
	if (r >= 0) {
		store_profile_clear(&p);
		char hosts[256];
		r = users_of(s, p.id, hosts, sizeof(hosts));
		if (r > 0)
			r = store_failf(s, -EBUSY, "profile %s is used by host%s %s", name,
					r > 1 ? "s" : "", hosts);
	}
	sqlite3_stmt *st = NULL;
	if (r >= 0)
		r = store_row_prepare_id(s, "DELETE FROM profiles WHERE id = ?1", p.id, &st,
					 "removing profile");
	if (r >= 0)
		r = store_row_exec(s, st, SQLITE_OK, "removing profile");
	return store_row_tx_end(s, outer, r);
}

void store_profile_clear(struct store_profile *p)
{
	if (!p)
		return;
	free(p->kickstart);
	p->kickstart = NULL;
}
