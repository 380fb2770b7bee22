/* The distros table: struct store_distro <-> one row per imported tree.
 * Statements are prepared per call: the CLI runs a handful, the daemon
 * reads the table only when the data version changes. */
#include "store_impl.h"
#include "store_catalog.h"
#include "store_name.h"

#include <errno.h>
#include <string.h>
#include <time.h>

#define COLUMNS "id, name, family, version, major, arch, source, source_kind, kernel, initrd, created"
enum {
	COL_ID,
	COL_NAME,
	COL_FAMILY,
	COL_VERSION,
	COL_MAJOR,
	COL_ARCH,
	COL_SOURCE,
	COL_KIND,
	COL_KERNEL,
	COL_INITRD,
	COL_CREATED,
};

static int prepare(struct store *s, const char *sql, sqlite3_stmt **st, const char *what)
{
	int rc = sqlite3_prepare_v2(s->db, sql, -1, st, NULL);
	return rc == SQLITE_OK ? 0 : store_fail(s, rc, what);
}

/* A string field must hold a NUL inside its array and, but for the
 * optional ones, something before it. */
static bool text_ok(const char *f, size_t size)
{
	return memchr(f, '\0', size) && f[0];
}

static const char *invalid_field(const struct store_distro *d)
{
	if (!memchr(d->name, '\0', sizeof(d->name)) || !store_name_valid(d->name))
		return "name (letters, digits, '.', '_', '-'; at most 63)";
	if (!text_ok(d->family, sizeof(d->family)))
		return "family";
	if (!text_ok(d->version, sizeof(d->version)))
		return "version";
	if (d->major < 1)
		return "major version";
	if (!text_ok(d->arch, sizeof(d->arch)))
		return "architecture";
	if (!text_ok(d->source, sizeof(d->source)) || d->source[0] != '/')
		return "source (an absolute path)";
	if (d->source_kind != STORE_SOURCE_ISO && d->source_kind != STORE_SOURCE_DIR)
		return "source kind";
	if (!text_ok(d->kernel, sizeof(d->kernel)))
		return "kernel path";
	if (!text_ok(d->initrd, sizeof(d->initrd)))
		return "initrd path";
	return NULL;
}

static int bind_text(sqlite3_stmt *st, int i, const char *v)
{
	return sqlite3_bind_text(st, i, v, (int)strlen(v), SQLITE_STATIC);
}

int store_distro_add(struct store *s, struct store_distro *d)
{
	const char *bad = invalid_field(d);
	if (bad)
		return store_failf(s, -EINVAL, "distro: invalid %s", bad);
	sqlite3_stmt *st;
	int r = prepare(s, "INSERT INTO distros (name, family, version, major, arch, source,"
			   " source_kind, kernel, initrd, created)"
			   " VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10)",
			&st, "adding a distro");
	if (r < 0)
		return r;
	int64_t now = (int64_t)time(NULL);
	int rc = bind_text(st, 1, d->name);
	if (rc == SQLITE_OK)
		rc = bind_text(st, 2, d->family);
	if (rc == SQLITE_OK)
		rc = bind_text(st, 3, d->version);
	if (rc == SQLITE_OK)
		rc = sqlite3_bind_int(st, 4, d->major);
	if (rc == SQLITE_OK)
		rc = bind_text(st, 5, d->arch);
	if (rc == SQLITE_OK)
		rc = bind_text(st, 6, d->source);
	if (rc == SQLITE_OK)
		rc = sqlite3_bind_int(st, 7, (int)d->source_kind);
	if (rc == SQLITE_OK)
		rc = bind_text(st, 8, d->kernel);
	if (rc == SQLITE_OK)
		rc = bind_text(st, 9, d->initrd);
	if (rc == SQLITE_OK)
		rc = sqlite3_bind_int64(st, 10, now);
	if (rc == SQLITE_OK)
		rc = sqlite3_step(st);
	if (rc == SQLITE_DONE) {
		d->id = sqlite3_last_insert_rowid(s->db);
		d->created = now;
		r = 0;
	} else if (rc == SQLITE_CONSTRAINT_UNIQUE) {
		r = store_failf(s, -EEXIST, "a distro named %s already exists", d->name);
	} else {
		r = store_fail(s, rc, "adding a distro");
	}
	sqlite3_finalize(st);
	return r;
}

/* Copies a text column into a fixed field; false when it does not fit or
 * is not plain text (a file edited by hand must not overflow the record). */
static bool column_text(sqlite3_stmt *st, int col, char *dst, size_t size)
{
	const unsigned char *v = sqlite3_column_text(st, col);
	int n = sqlite3_column_bytes(st, col);
	if (!v || n <= 0 || (size_t)n >= size || memchr(v, '\0', (size_t)n))
		return false;
	memcpy(dst, v, (size_t)n);
	dst[n] = '\0';
	return true;
}

static int distro_from_row(struct store *s, sqlite3_stmt *st, struct store_distro *ret)
{
	struct store_distro d;
	memset(&d, 0, sizeof(d));
	d.id = sqlite3_column_int64(st, COL_ID);
	int64_t major = sqlite3_column_int64(st, COL_MAJOR);
	int64_t kind = sqlite3_column_int64(st, COL_KIND);
	const char *bad = NULL;
	if (!column_text(st, COL_NAME, d.name, sizeof(d.name)))
		bad = "name";
	else if (!column_text(st, COL_FAMILY, d.family, sizeof(d.family)))
		bad = "family";
	else if (!column_text(st, COL_VERSION, d.version, sizeof(d.version)))
		bad = "version";
	else if (major < 1 || major > INT32_MAX)
		bad = "major";
	else if (!column_text(st, COL_ARCH, d.arch, sizeof(d.arch)))
		bad = "arch";
	else if (!column_text(st, COL_SOURCE, d.source, sizeof(d.source)))
		bad = "source";
	else if (kind != STORE_SOURCE_ISO && kind != STORE_SOURCE_DIR)
		bad = "source_kind";
	else if (!column_text(st, COL_KERNEL, d.kernel, sizeof(d.kernel)))
		bad = "kernel";
	else if (!column_text(st, COL_INITRD, d.initrd, sizeof(d.initrd)))
		bad = "initrd";
	if (bad)
		return store_failf(s, -EBADMSG, "%s: distros row %lld has an invalid %s", s->path,
				   (long long)d.id, bad);
	d.major = (int)major;
	d.source_kind = (enum store_source_kind)kind;
	d.created = sqlite3_column_int64(st, COL_CREATED);
	*ret = d;
	return 0;
}

/* Runs a one-row query whose ?1 the caller bound: 0, -ENOENT or an error. */
static int get_one(struct store *s, sqlite3_stmt *st, int rc, struct store_distro *ret)
{
	int r;
	if (rc == SQLITE_OK)
		rc = sqlite3_step(st);
	if (rc == SQLITE_ROW)
		r = distro_from_row(s, st, ret);
	else if (rc == SQLITE_DONE)
		r = -ENOENT;
	else
		r = store_fail(s, rc, "reading a distro");
	sqlite3_finalize(st);
	return r;
}

int store_distro_get(struct store *s, const char *name, struct store_distro *ret)
{
	sqlite3_stmt *st;
	int r = prepare(s, "SELECT " COLUMNS " FROM distros WHERE name = ?1", &st, "reading a distro");
	if (r < 0)
		return r;
	r = get_one(s, st, bind_text(st, 1, name), ret);
	return r == -ENOENT ? store_failf(s, r, "no distro named %s", name) : r;
}

int store_distro_get_id(struct store *s, int64_t id, struct store_distro *ret)
{
	sqlite3_stmt *st;
	int r = prepare(s, "SELECT " COLUMNS " FROM distros WHERE id = ?1", &st, "reading a distro");
	if (r < 0)
		return r;
	r = get_one(s, st, sqlite3_bind_int64(st, 1, id), ret);
	return r == -ENOENT ? store_failf(s, r, "no distro with id %lld", (long long)id) : r;
}

int store_distro_foreach(struct store *s, int (*cb)(void *ctx, const struct store_distro *d),
			 void *ctx)
{
	sqlite3_stmt *st;
	int r = prepare(s, "SELECT " COLUMNS " FROM distros ORDER BY name", &st, "reading distros");
	if (r < 0)
		return r;
	int rc;
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		struct store_distro d;
		r = distro_from_row(s, st, &d);
		if (r >= 0)
			r = cb(ctx, &d);
		if (r < 0)
			break;
	}
	if (r >= 0 && rc != SQLITE_DONE)
		r = store_fail(s, rc, "reading distros");
	sqlite3_finalize(st);
	return r < 0 ? r : 0;
}

/* "a, b, c" of the profiles installing distro id, or "" when none. */
static int profiles_using(struct store *s, int64_t id, char *out, size_t outlen)
{
	sqlite3_stmt *st;
	int r = prepare(s, "SELECT name FROM profiles WHERE distro_id = ?1 ORDER BY name", &st,
			"reading profiles");
	if (r < 0)
		return r;
	out[0] = '\0';
	size_t o = 0;
	int rc = sqlite3_bind_int64(st, 1, id);
	while (rc == SQLITE_OK && (rc = sqlite3_step(st)) == SQLITE_ROW) {
		const char *name = (const char *)sqlite3_column_text(st, 0);
		size_t n = name ? strlen(name) : 0;
		if (o + n + 8 >= outlen) {
			memcpy(out + o, ", ...", 6);
			rc = SQLITE_DONE;
			break;
		}
		if (o)
			out[o++] = ',', out[o++] = ' ';
		memcpy(out + o, name ? name : "", n);
		o += n;
		out[o] = '\0';
		rc = SQLITE_OK;
	}
	r = rc == SQLITE_DONE ? 0 : store_fail(s, rc, "reading profiles");
	sqlite3_finalize(st);
	return r;
}

int store_distro_remove(struct store *s, const char *name)
{
	struct store_distro d;
	int r = store_distro_get(s, name, &d);
	if (r < 0)
		return r;
	char users[256];
	r = profiles_using(s, d.id, users, sizeof(users));
	if (r < 0)
		return r;
	if (users[0])
		return store_failf(s, -EBUSY, "distro %s is used by profile%s %s; remove %s first", name,
				   strchr(users, ',') ? "s" : "", users,
				   strchr(users, ',') ? "them" : "it");
	sqlite3_stmt *st;
	r = prepare(s, "DELETE FROM distros WHERE id = ?1", &st, "removing a distro");
	if (r < 0)
		return r;
	int rc = sqlite3_bind_int64(st, 1, d.id);
	if (rc == SQLITE_OK)
		rc = sqlite3_step(st);
	if (rc == SQLITE_DONE)
		r = sqlite3_changes(s->db) ? 0 : store_failf(s, -ENOENT, "no distro named %s", name);
	else if (rc == SQLITE_CONSTRAINT_FOREIGNKEY) /* a profile was added meanwhile */
		r = store_failf(s, -EBUSY, "distro %s is used by a profile", name);
	else
		r = store_fail(s, rc, "removing a distro");
	sqlite3_finalize(st);
	return r;
}
