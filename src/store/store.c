/* Opening, migrating and closing the SQLite database, transactions and error
 * reporting. The lease table itself is in store_lease.c. */
#include "store_impl.h"

#include <errno.h>
#include <fcntl.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "core/str.h"

/* How long a statement waits for a lock held by the other process (daemon or
 * CLI) before failing with -EBUSY. Writers hold the lock for one short batch. */
#define STORE_BUSY_TIMEOUT_MS 5000

/* Numbered schema migrations: entry N-1 upgrades schema version N-1 to N.
 * Entries are never edited once released; later changes append new ones, so
 * a database written by any earlier pxed is carried forward in place. */
static const char *const migrations[] = {
	/* 1: the lease table. ip is the rowid (host byte order), so lookups by
	 * address need no extra index; chaddr is indexed for lookups by MAC. The
	 * CHECKs keep rows that struct dhcp_lease could not hold out of the table,
	 * whoever writes them. */
	"CREATE TABLE leases ("
	" ip INTEGER PRIMARY KEY CHECK (ip BETWEEN 0 AND 4294967295),"
	" state INTEGER NOT NULL CHECK (state BETWEEN 1 AND 4),"
	" htype INTEGER NOT NULL CHECK (htype BETWEEN 0 AND 255),"
	" chaddr BLOB NOT NULL CHECK (typeof(chaddr) = 'blob' AND length(chaddr) <= 16),"
	" client_id BLOB CHECK (client_id IS NULL OR"
	"  (typeof(client_id) = 'blob' AND length(client_id) BETWEEN 1 AND 64)),"
	" hostname TEXT NOT NULL DEFAULT '' CHECK (length(CAST(hostname AS BLOB)) < 64),"
	" starts INTEGER NOT NULL,"
	" ends INTEGER NOT NULL,"
	" updated_at INTEGER NOT NULL"
	");"
	"CREATE INDEX leases_chaddr ON leases (chaddr);",
	/* 2: the provisioning catalog (store_catalog.h): distros, profiles that
	 * install a distro with a kickstart template, hosts known by their MACs
	 * and UUID, and each host's install timeline. Names are the operator's
	 * handles, so they are unique; rows refer to each other by id, and a
	 * distro or profile still in use cannot be removed (RESTRICT). */
	"CREATE TABLE distros ("
	" id INTEGER PRIMARY KEY,"
	" name TEXT NOT NULL UNIQUE,"
	" family TEXT NOT NULL,"
	" version TEXT NOT NULL,"
	" major INTEGER NOT NULL,"
	" arch TEXT NOT NULL,"
	" source TEXT NOT NULL,"
	" source_kind INTEGER NOT NULL CHECK (source_kind IN (1, 2)),"
	" kernel TEXT NOT NULL,"
	" initrd TEXT NOT NULL,"
	" created INTEGER NOT NULL"
	");"
	"CREATE TABLE profiles ("
	" id INTEGER PRIMARY KEY,"
	" name TEXT NOT NULL UNIQUE,"
	" distro_id INTEGER NOT NULL REFERENCES distros (id) ON DELETE RESTRICT,"
	" kickstart TEXT NOT NULL,"
	" kickstart_path TEXT NOT NULL DEFAULT '',"
	" kernel_args TEXT NOT NULL DEFAULT '',"
	" created INTEGER NOT NULL"
	");"
	"CREATE TABLE hosts ("
	" id INTEGER PRIMARY KEY,"
	" hostname TEXT NOT NULL UNIQUE,"
	" ip INTEGER UNIQUE CHECK (ip IS NULL OR ip BETWEEN 1 AND 4294967295),"
	" uuid TEXT UNIQUE,"
	" profile_id INTEGER NOT NULL REFERENCES profiles (id) ON DELETE RESTRICT,"
	" netboot INTEGER NOT NULL DEFAULT 1 CHECK (netboot IN (0, 1)),"
	" token TEXT NOT NULL,"
	" phase INTEGER NOT NULL DEFAULT 0,"
	" phase_since INTEGER NOT NULL DEFAULT 0,"
	" last_error TEXT NOT NULL DEFAULT '',"
	" created INTEGER NOT NULL"
	");"
	"CREATE TABLE host_macs ("
	" mac BLOB PRIMARY KEY CHECK (typeof(mac) = 'blob' AND length(mac) = 6),"
	" host_id INTEGER NOT NULL REFERENCES hosts (id) ON DELETE CASCADE"
	");"
	"CREATE INDEX host_macs_host ON host_macs (host_id);"
	"CREATE TABLE host_events ("
	" id INTEGER PRIMARY KEY,"
	" host_id INTEGER NOT NULL REFERENCES hosts (id) ON DELETE CASCADE,"
	" at_ms INTEGER NOT NULL,"
	" phase INTEGER NOT NULL,"
	" detail TEXT NOT NULL DEFAULT ''"
	");"
	"CREATE INDEX host_events_host ON host_events (host_id, id);",
	/* 3: no query looks leases up by MAC (the core keeps them in memory),
	 * and with NIC addresses spread over the key space each batch of leases
	 * dirtied a page of this index per lease: more to write and fsync. */
	"DROP INDEX leases_chaddr;",
};
#define SCHEMA_VERSION ((int)(sizeof(migrations) / sizeof(migrations[0])))

const char *const store_stmt_sql[STMT__COUNT] = {
	/* IMMEDIATE takes the write lock at once: a deferred transaction that
	 * later needs to write can fail with SQLITE_BUSY without waiting. */
	[STMT_BEGIN] = "BEGIN IMMEDIATE",
	[STMT_COMMIT] = "COMMIT",
	[STMT_ROLLBACK] = "ROLLBACK",
	[STMT_LEASE_PUT] = "INSERT OR REPLACE INTO leases"
			   " (ip, state, htype, chaddr, client_id, hostname, starts, ends, updated_at)"
			   " VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9)",
	[STMT_LEASE_DELETE] = "DELETE FROM leases WHERE ip = ?1",
	[STMT_LEASE_GET] = "SELECT ip, state, htype, chaddr, client_id, hostname, starts, ends"
			   " FROM leases WHERE ip = ?1",
	[STMT_LEASE_ALL] = "SELECT ip, state, htype, chaddr, client_id, hostname, starts, ends"
			   " FROM leases ORDER BY ip",
	[STMT_LEASE_COUNT] = "SELECT count(*) FROM leases",
};

int store_errno(int rc)
{
	switch (rc & 0xff) {
	case SQLITE_OK:
	case SQLITE_ROW:
	case SQLITE_DONE:
		return 0;
	case SQLITE_BUSY:
	case SQLITE_LOCKED:
		return -EBUSY;
	case SQLITE_NOMEM:
		return -ENOMEM;
	case SQLITE_READONLY:
		return -EROFS;
	case SQLITE_INTERRUPT:
		return -EINTR;
	case SQLITE_CORRUPT:
	case SQLITE_NOTADB:
		return -EBADMSG;
	case SQLITE_FULL:
		return -ENOSPC;
	case SQLITE_CANTOPEN:
	case SQLITE_PERM:
	case SQLITE_AUTH:
		return -EACCES;
	case SQLITE_CONSTRAINT:
	case SQLITE_MISMATCH:
	case SQLITE_RANGE:
		return -EINVAL;
	case SQLITE_TOOBIG:
		return -E2BIG;
	default:
		return -EIO;
	}
}

int store_failf(struct store *s, int err, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(s->errmsg, sizeof(s->errmsg), fmt, ap);
	va_end(ap);
	return err;
}

int store_fail(struct store *s, int rc, const char *what)
{
	int err = store_errno(rc);
	if (err == 0)
		err = -EIO; /* called on a path that expected something else */
	/* For I/O and open failures the OS error is more precise than SQLite's
	 * generic code (ENOENT, EACCES, ENOSPC ...). */
	int code = rc & 0xff;
	if (s->db && (code == SQLITE_IOERR || code == SQLITE_CANTOPEN)) {
		int sys = sqlite3_system_errno(s->db);
		if (sys > 0)
			err = -sys;
	}
	const char *why = s->db ? sqlite3_errmsg(s->db) : sqlite3_errstr(rc);
	if (code == SQLITE_NOTADB || code == SQLITE_CORRUPT)
		return store_failf(s, err, "%s: not an SQLite database, or corrupt (%s; while %s)",
				   s->path, why, what);
	return store_failf(s, err, "%s: %s: %s", s->path, what, why);
}

void store_stmt_done(sqlite3_stmt *st)
{
	sqlite3_reset(st);
	sqlite3_clear_bindings(st);
}

const char *store_errmsg(struct store *s)
{
	return s ? s->errmsg : "no store";
}

/* mkdir -p: creates each missing component with mode 0750 (the leases name
 * clients, so other users have no business reading them). */
static int make_dirs(struct store *s, const char *dir)
{
	char buf[sizeof(s->path)];
	if (str_copy(buf, sizeof(buf), dir) < 0)
		return store_failf(s, -ENAMETOOLONG, "state directory path too long");
	size_t n = strlen(buf);
	while (n > 1 && buf[n - 1] == '/')
		buf[--n] = '\0';
	for (char *p = buf + 1;; p++) {
		bool last = *p == '\0';
		if (*p != '/' && !last)
			continue;
		*p = '\0';
		if (mkdir(buf, 0750) < 0 && errno != EEXIST)
			return store_failf(s, -errno, "cannot create state directory %s: %s", buf,
					   strerror(errno));
		if (last)
			break;
		*p = '/';
	}
	struct stat st;
	if (stat(buf, &st) < 0)
		return store_failf(s, -errno, "cannot access state directory %s: %s", buf,
				   strerror(errno));
	if (!S_ISDIR(st.st_mode))
		return store_failf(s, -ENOTDIR, "state directory %s is not a directory", buf);
	return 0;
}

static void fsync_dir(const char *dir)
{
	int fd = open(dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	if (fd >= 0) {
		(void)fsync(fd);
		close(fd);
	}
}

/* Creates the database file ourselves so it gets mode 0640 (SQLite would use
 * 0644) — SQLite gives the -wal and -shm files the database file's mode. An
 * existing file must be a regular file we can write: SQLite would otherwise
 * silently fall back to read-only and fail at the first lease write.
 *
 * An existing file is only stat()ed, never opened: closing any descriptor
 * of a file drops every POSIX lock this process holds on it, and the
 * daemon's other connection (the lease commit thread) relies on its locks
 * to keep the CLI from checkpointing and deleting the write-ahead log and
 * its index under it. */
static int create_db_file(struct store *s, const char *dir)
{
	int fd = open(s->path, O_RDWR | O_CREAT | O_EXCL | O_CLOEXEC | O_NOCTTY, 0640);
	if (fd >= 0) {
		close(fd);
		fsync_dir(dir); /* the new name must survive a crash too */
		return 0;
	}
	if (errno != EEXIST)
		return store_failf(s, -errno, "cannot create %s: %s", s->path, strerror(errno));
	struct stat st;
	if (stat(s->path, &st) < 0)
		return store_failf(s, -errno, "cannot stat %s: %s", s->path, strerror(errno));
	if (!S_ISREG(st.st_mode))
		return store_failf(s, -EINVAL, "%s is not a regular file", s->path);
	if (access(s->path, R_OK | W_OK) < 0)
		return store_failf(s, -errno, "cannot open %s: %s", s->path, strerror(errno));
	return 0;
}

static int exec_sql(struct store *s, const char *sql, const char *what)
{
	int rc = sqlite3_exec(s->db, sql, NULL, NULL, NULL);
	return rc == SQLITE_OK ? 0 : store_fail(s, rc, what);
}

static int set_wal(struct store *s)
{
	sqlite3_stmt *st = NULL;
	int rc = sqlite3_prepare_v2(s->db, "PRAGMA journal_mode = WAL", -1, &st, NULL);
	if (rc != SQLITE_OK)
		return store_fail(s, rc, "setting WAL mode");
	int r = 0;
	rc = sqlite3_step(st);
	if (rc != SQLITE_ROW)
		r = store_fail(s, rc, "setting WAL mode");
	else {
		const unsigned char *mode = sqlite3_column_text(st, 0);
		if (!mode || strcmp((const char *)mode, "wal") != 0)
			r = store_failf(s, -EIO, "%s: cannot switch to WAL mode (journal mode is %s)",
					s->path, mode ? (const char *)mode : "unknown");
	}
	sqlite3_finalize(st);
	return r;
}

static int read_schema_version(struct store *s, int64_t *ret)
{
	sqlite3_stmt *st = NULL;
	int rc = sqlite3_prepare_v2(s->db, "SELECT value FROM meta WHERE key = 'schema_version'", -1,
				    &st, NULL);
	if (rc != SQLITE_OK)
		return store_fail(s, rc, "reading schema version");
	int r = 0;
	rc = sqlite3_step(st);
	if (rc == SQLITE_DONE)
		*ret = 0;
	else if (rc != SQLITE_ROW)
		r = store_fail(s, rc, "reading schema version");
	else if (sqlite3_column_type(st, 0) != SQLITE_INTEGER || sqlite3_column_int64(st, 0) < 1)
		r = store_failf(s, -EBADMSG, "%s: meta.schema_version is not a positive integer",
				s->path);
	else
		*ret = sqlite3_column_int64(st, 0);
	sqlite3_finalize(st);
	return r;
}

static int write_schema_version(struct store *s, int version)
{
	sqlite3_stmt *st = NULL;
	int rc = sqlite3_prepare_v2(
		s->db, "INSERT OR REPLACE INTO meta (key, value) VALUES ('schema_version', ?1)", -1,
		&st, NULL);
	if (rc == SQLITE_OK) {
		sqlite3_bind_int(st, 1, version);
		rc = sqlite3_step(st);
	}
	sqlite3_finalize(st);
	return rc == SQLITE_DONE ? 0 : store_fail(s, rc, "writing schema version");
}

/* The schema version, 0 for a database that has never been migrated. */
static int read_version(struct store *s, int64_t *ret)
{
	sqlite3_stmt *st = NULL;
	int rc = sqlite3_prepare_v2(
		s->db, "SELECT count(*) FROM sqlite_master WHERE type = 'table' AND name = 'meta'", -1,
		&st, NULL);
	if (rc != SQLITE_OK)
		return store_fail(s, rc, "reading schema");
	rc = sqlite3_step(st);
	bool has_meta = rc == SQLITE_ROW && sqlite3_column_int(st, 0) > 0;
	sqlite3_finalize(st);
	if (rc != SQLITE_ROW)
		return store_fail(s, rc, "reading schema");
	if (!has_meta) {
		*ret = 0;
		return 0;
	}
	return read_schema_version(s, ret);
}

static int check_not_newer(struct store *s, int64_t version)
{
	if (version <= SCHEMA_VERSION)
		return 0;
	return store_failf(s, -EPROTONOSUPPORT,
			   "%s: schema version %lld is newer than this pxed supports (%d)", s->path,
			   (long long)version, SCHEMA_VERSION);
}

/* Brings the schema to SCHEMA_VERSION in one transaction: a crash or an error
 * part-way leaves the previous version intact. An up-to-date database is
 * only read, so opening (the CLI) never waits for the daemon's write lock;
 * IMMEDIATE serialises two processes migrating at the same moment, and the
 * version is read again under that lock. */
static int migrate(struct store *s)
{
	int64_t version = 0;
	int r = read_version(s, &version);
	if (r >= 0)
		r = check_not_newer(s, version);
	if (r < 0 || version == SCHEMA_VERSION)
		return r;
	r = exec_sql(s, "BEGIN IMMEDIATE", "starting schema migration");
	if (r < 0)
		return r;
	r = exec_sql(s,
		     "CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY NOT NULL, value NOT NULL)",
		     "creating meta table");
	if (r >= 0)
		r = read_schema_version(s, &version);
	if (r >= 0)
		r = check_not_newer(s, version);
	for (int v = (int)version; r >= 0 && v < SCHEMA_VERSION; v++) {
		char what[64];
		snprintf(what, sizeof(what), "applying schema migration %d", v + 1);
		r = exec_sql(s, migrations[v], what);
	}
	if (r >= 0 && version < SCHEMA_VERSION)
		r = write_schema_version(s, SCHEMA_VERSION);
	if (r >= 0)
		return exec_sql(s, "COMMIT", "committing schema migration");
	(void)sqlite3_exec(s->db, "ROLLBACK", NULL, NULL, NULL);
	return r;
}

static int prepare_all(struct store *s)
{
	for (int i = 0; i < STMT__COUNT; i++) {
		int rc = sqlite3_prepare_v3(s->db, store_stmt_sql[i], -1, SQLITE_PREPARE_PERSISTENT,
					    &s->stmt[i], NULL);
		if (rc != SQLITE_OK)
			return store_fail(s, rc, "preparing statement");
	}
	return 0;
}

static int open_db(struct store *s, const char *dir)
{
	if (!dir || !*dir)
		return store_failf(s, -EINVAL, "no state directory given");
	int r = make_dirs(s, dir);
	if (r < 0)
		return r;
	int n = snprintf(s->path, sizeof(s->path), "%s/%s", dir, STORE_DB_NAME);
	if (n < 0 || (size_t)n >= sizeof(s->path))
		return store_failf(s, -ENAMETOOLONG, "state directory path too long");
	r = create_db_file(s, dir);
	if (r < 0)
		return r;

	/* NOMUTEX: the daemon is single-threaded, so SQLite's per-connection
	 * mutexes would be pure overhead. */
	int rc = sqlite3_open_v2(s->path, &s->db,
				 SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE | SQLITE_OPEN_NOMUTEX,
				 NULL);
	if (!s->db)
		return store_failf(s, -ENOMEM, "%s: out of memory opening database", s->path);
	if (rc != SQLITE_OK)
		return store_fail(s, rc, "opening database");
	sqlite3_extended_result_codes(s->db, 1);
	sqlite3_busy_timeout(s->db, STORE_BUSY_TIMEOUT_MS);
	/* The file is data, not code: no writable_schema tricks, no SQL
	 * functions with side effects reached from the schema. */
	sqlite3_db_config(s->db, SQLITE_DBCONFIG_DEFENSIVE, 1, NULL);
	sqlite3_db_config(s->db, SQLITE_DBCONFIG_TRUSTED_SCHEMA, 0, NULL);

	/* The first statement reads the header: this is where a file that is
	 * not a database is noticed. */
	r = set_wal(s);
	if (r < 0)
		return r;
	/* FULL: in WAL mode every COMMIT fsyncs the WAL, so a lease is on disk
	 * before store_commit returns and therefore before its ACK is sent.
	 * NORMAL would only guarantee consistency, not durability, on power loss. */
	r = exec_sql(s, "PRAGMA synchronous = FULL; PRAGMA foreign_keys = ON",
		     "setting connection options");
	if (r < 0)
		return r;
	r = migrate(s);
	if (r < 0)
		return r;
	return prepare_all(s);
}

int store_open(const char *dir, struct store **ret, char *err, size_t errlen)
{
	struct store *s = calloc(1, sizeof(*s));
	if (!s) {
		if (err && errlen)
			(void)str_copy(err, errlen, "out of memory");
		return -ENOMEM;
	}
	int r = open_db(s, dir);
	if (r < 0) {
		if (err && errlen)
			(void)str_copy(err, errlen, s->errmsg);
		store_close(s);
		return r;
	}
	*ret = s;
	return 0;
}

struct store *store_close(struct store *s)
{
	if (!s)
		return NULL;
	for (int i = 0; i < STMT__COUNT; i++)
		sqlite3_finalize(s->stmt[i]);
	/* An open transaction is rolled back; the last connection to close
	 * checkpoints the WAL into the main file. */
	sqlite3_close_v2(s->db);
	free(s);
	return NULL;
}

static int run_stmt(struct store *s, enum store_stmt which, const char *what)
{
	sqlite3_stmt *st = s->stmt[which];
	int rc = sqlite3_step(st);
	store_stmt_done(st);
	return rc == SQLITE_DONE ? 0 : store_fail(s, rc, what);
}

int store_begin(struct store *s)
{
	if (!sqlite3_get_autocommit(s->db))
		return store_failf(s, -EBUSY, "%s: a transaction is already open", s->path);
	return run_stmt(s, STMT_BEGIN, "beginning transaction");
}

int store_commit(struct store *s)
{
	if (sqlite3_get_autocommit(s->db))
		return store_failf(s, -EINVAL, "%s: commit without an open transaction", s->path);
	return run_stmt(s, STMT_COMMIT, "committing transaction");
}

int store_rollback(struct store *s)
{
	/* SQLite may already have rolled back by itself after an I/O or
	 * disk-full error; the caller's intent is then already met. */
	if (sqlite3_get_autocommit(s->db))
		return 0;
	return run_stmt(s, STMT_ROLLBACK, "rolling back transaction");
}

/* A commit that appends to the write-ahead log must also make the file's new
 * size durable, which costs the file system a journal commit on top of the
 * data write: on these disks about 1.6x the time of rewriting blocks that
 * already exist. SQLite rewrites its log from the start after each complete
 * checkpoint, so a log that has once been grown to `bytes` makes every later
 * commit an overwrite. The pages used to grow it are freed again and reused
 * by later rows. */
int store_reserve_log(struct store *s, size_t bytes)
{
	char wal[sizeof(s->path) + 8];
	snprintf(wal, sizeof(wal), "%s-wal", s->path);
	struct stat st;
	if (stat(wal, &st) == 0 && (size_t)st.st_size >= bytes)
		return 0;
	char sql[256];
	snprintf(sql, sizeof(sql),
		 "BEGIN IMMEDIATE; CREATE TABLE log_reserve (b BLOB);"
		 " INSERT INTO log_reserve VALUES (zeroblob(%zu)); COMMIT;"
		 " DROP TABLE log_reserve; PRAGMA wal_checkpoint(PASSIVE); PRAGMA shrink_memory;",
		 bytes);
	int r = exec_sql(s, sql, "reserving the write-ahead log");
	if (r < 0)
		(void)sqlite3_exec(s->db, "ROLLBACK", NULL, NULL, NULL);
	return r;
}
