#include "store/store.h"
#include "store/store_lease_query.h"
#include "test.h"

#include <errno.h>
#include <ftw.h>
#include <signal.h>
#include <sqlite3.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

/* Every test works in its own fresh directory under /tmp. */
static char tmpdir[64];
static char statedir[128];

static int rm_entry(const char *path, const struct stat *sb, int flag, struct FTW *ftw)
{
	(void)sb;
	(void)flag;
	(void)ftw;
	return remove(path);
}

static void remove_tmpdir(void)
{
	if (tmpdir[0])
		nftw(tmpdir, rm_entry, 16, FTW_DEPTH | FTW_PHYS);
	tmpdir[0] = '\0';
}

static void fresh_dir(void)
{
	static bool registered;
	if (!registered)
		atexit(remove_tmpdir);
	registered = true;
	remove_tmpdir();
	snprintf(tmpdir, sizeof(tmpdir), "/tmp/pxed-store-test-XXXXXX");
	if (!mkdtemp(tmpdir)) {
		perror("mkdtemp");
		exit(2);
	}
	snprintf(statedir, sizeof(statedir), "%s/var/lib/pxed", tmpdir);
}

static struct store *open_ok(void)
{
	struct store *s = NULL;
	char err[512] = "";
	int r = store_open(statedir, &s, err, sizeof(err));
	if (r < 0)
		fprintf(stderr, "store_open: %d %s\n", r, err);
	CHECK_INT(r, 0);
	if (!s)
		exit(2); /* every later check would dereference it */
	return s;
}

/* A raw connection, to look at what the store wrote from the outside. */
static sqlite3 *raw_open(void)
{
	char path[256];
	snprintf(path, sizeof(path), "%s/%s", statedir, STORE_DB_NAME);
	sqlite3 *db = NULL;
	CHECK_INT(sqlite3_open_v2(path, &db, SQLITE_OPEN_READWRITE, NULL), SQLITE_OK);
	sqlite3_busy_timeout(db, 2000);
	return db;
}

static long long raw_int(sqlite3 *db, const char *sql)
{
	sqlite3_stmt *st = NULL;
	long long v = -1;
	CHECK_INT(sqlite3_prepare_v2(db, sql, -1, &st, NULL), SQLITE_OK);
	if (sqlite3_step(st) == SQLITE_ROW)
		v = sqlite3_column_int64(st, 0);
	sqlite3_finalize(st);
	return v;
}

static struct dhcp_lease make_lease(uint32_t ip)
{
	struct dhcp_lease l;
	memset(&l, 0, sizeof(l));
	l.ip = ip;
	l.state = LEASE_BOUND;
	l.htype = 1;
	l.hlen = 6;
	uint8_t mac[6] = { 0x52, 0x54, 0x00, (uint8_t)(ip >> 16), (uint8_t)(ip >> 8), (uint8_t)ip };
	memcpy(l.chaddr, mac, 6);
	l.starts = 1700000000;
	l.ends = 1700003600;
	snprintf(l.hostname, sizeof(l.hostname), "host-%u", ip & 0xffff);
	return l;
}

static bool lease_eq(const struct dhcp_lease *a, const struct dhcp_lease *b)
{
	return a->ip == b->ip && a->state == b->state && a->htype == b->htype &&
	       a->hlen == b->hlen && memcmp(a->chaddr, b->chaddr, sizeof(a->chaddr)) == 0 &&
	       a->client_id_len == b->client_id_len &&
	       memcmp(a->client_id, b->client_id, a->client_id_len) == 0 &&
	       strcmp(a->hostname, b->hostname) == 0 && a->starts == b->starts &&
	       a->ends == b->ends;
}

static void check_get(struct store *s, const struct dhcp_lease *want)
{
	struct dhcp_lease got;
	memset(&got, 0xaa, sizeof(got));
	CHECK_INT(store_lease_get(s, want->ip, &got), 0);
	CHECK(lease_eq(&got, want));
}

TEST(open_creates_dir_db_and_schema)
{
	fresh_dir();
	umask(022);
	struct store *s = open_ok();
	CHECK_STR(store_errmsg(s), "");
	struct stat st;
	CHECK_INT(stat(statedir, &st), 0);
	CHECK_INT(st.st_mode & 07777, 0750);
	char path[256];
	snprintf(path, sizeof(path), "%s/%s", statedir, STORE_DB_NAME);
	CHECK_INT(stat(path, &st), 0);
	CHECK_INT(st.st_mode & 07777, 0640);
	struct dhcp_lease l = make_lease(0xc6120064);
	CHECK_INT(store_lease_put(s, &l), 0);
	/* SQLite gives the WAL the database file's mode: leases never leak
	 * through a world-readable -wal file. */
	snprintf(path, sizeof(path), "%s/%s-wal", statedir, STORE_DB_NAME);
	CHECK_INT(stat(path, &st), 0);
	CHECK_INT(st.st_mode & 07777, 0640);

	sqlite3 *db = raw_open();
	sqlite3_stmt *q = NULL;
	CHECK_INT(sqlite3_prepare_v2(db, "PRAGMA journal_mode", -1, &q, NULL), SQLITE_OK);
	CHECK_INT(sqlite3_step(q), SQLITE_ROW);
	CHECK_STR((const char *)sqlite3_column_text(q, 0), "wal");
	sqlite3_finalize(q);
	CHECK_INT(raw_int(db, "SELECT value FROM meta WHERE key = 'schema_version'"), 3);
	/* migration 3 dropped the MAC index: every lease write paid for it */
	CHECK_INT(raw_int(db, "SELECT count(*) FROM sqlite_master WHERE type = 'index'"
			      " AND name = 'leases_chaddr' AND tbl_name = 'leases'"),
		  0);
	CHECK_INT(raw_int(db, "SELECT count(*) FROM sqlite_master WHERE type = 'table'"
			      " AND name IN ('distros', 'profiles', 'hosts', 'host_macs', 'host_events')"),
		  5);
	/* updated_at is set by put and lies around now. */
	long long upd = raw_int(db, "SELECT updated_at FROM leases WHERE ip = 3323068516");
	CHECK(upd >= (long long)time(NULL) - 60 && upd <= (long long)time(NULL) + 1);
	sqlite3_close(db);
	CHECK(store_close(s) == NULL);
	CHECK(store_close(NULL) == NULL);
	CHECK_STR(store_errmsg(NULL), "no store");
}

TEST(round_trip_every_field)
{
	fresh_dir();
	struct store *s = open_ok();

	struct dhcp_lease full = make_lease(0xc6120065);
	full.state = LEASE_RELEASED;
	full.client_id_len = LEASE_CLIENT_ID_MAX;
	for (int i = 0; i < LEASE_CLIENT_ID_MAX; i++)
		full.client_id[i] = (uint8_t)(i * 7); /* includes 0x00 bytes */
	/* 63 bytes: quotes, SQL syntax, a backslash, UTF-8, a printf format. */
	const char *odd = "a'b\"c;--DROP TABLE leases;\\x %s%n \xc3\xa9\xe2\x82\xac\t~`$(x)[]{}|<>?!0";
	CHECK(strlen(odd) < sizeof(full.hostname));
	snprintf(full.hostname, sizeof(full.hostname), "%s", odd);
	full.ends = INT64_MAX;
	full.starts = INT64_MIN;

	struct dhcp_lease bare = make_lease(0);
	bare.htype = 0;
	bare.hlen = 0;
	memset(bare.chaddr, 0, sizeof(bare.chaddr));
	bare.hostname[0] = '\0';
	bare.state = LEASE_OFFERED;
	bare.starts = 0;
	bare.ends = 0;

	struct dhcp_lease top = make_lease(UINT32_MAX);
	top.htype = 255;
	top.hlen = 16;
	for (int i = 0; i < 16; i++)
		top.chaddr[i] = (uint8_t)(0xf0 + i);
	top.state = LEASE_DECLINED;
	top.client_id_len = 1;
	top.client_id[0] = 0;
	/* 63 characters: the longest hostname that fits. */
	memset(top.hostname, 'h', sizeof(top.hostname) - 1);
	top.hostname[sizeof(top.hostname) - 1] = '\0';
	top.ends = -1;

	CHECK_INT(store_lease_put(s, &full), 0);
	CHECK_INT(store_lease_put(s, &bare), 0);
	CHECK_INT(store_lease_put(s, &top), 0);
	check_get(s, &full);
	check_get(s, &bare);
	check_get(s, &top);

	size_t n = 99;
	CHECK_INT(store_lease_count(s, &n), 0);
	CHECK_INT(n, 3);

	/* Same values after a close and reopen. */
	s = store_close(s);
	s = open_ok();
	check_get(s, &full);
	check_get(s, &bare);
	check_get(s, &top);

	/* Put on an existing IP replaces the row. */
	struct dhcp_lease repl = full;
	repl.state = LEASE_BOUND;
	repl.client_id_len = 0;
	repl.hostname[0] = '\0';
	repl.chaddr[5] ^= 0xff;
	CHECK_INT(store_lease_put(s, &repl), 0);
	check_get(s, &repl);
	CHECK_INT(store_lease_count(s, &n), 0);
	CHECK_INT(n, 3);

	/* Delete; deleting what is not there is not an error. */
	struct dhcp_lease got;
	CHECK_INT(store_lease_delete(s, full.ip), 0);
	CHECK_INT(store_lease_get(s, full.ip, &got), -ENOENT);
	CHECK_INT(store_lease_delete(s, full.ip), 0);
	CHECK_INT(store_lease_delete(s, 0x01020304), 0);
	CHECK_INT(store_lease_count(s, &n), 0);
	CHECK_INT(n, 2);
	store_close(s);
}

TEST(put_rejects_invalid_leases)
{
	fresh_dir();
	struct store *s = open_ok();
	struct dhcp_lease l = make_lease(0xc6120066);
	l.hlen = 17;
	CHECK_INT(store_lease_put(s, &l), -EINVAL);
	CHECK(strstr(store_errmsg(s), "invalid lease") != NULL);
	l = make_lease(0xc6120066);
	l.client_id_len = LEASE_CLIENT_ID_MAX + 1;
	CHECK_INT(store_lease_put(s, &l), -EINVAL);
	l = make_lease(0xc6120066);
	memset(l.hostname, 'x', sizeof(l.hostname)); /* not terminated */
	CHECK_INT(store_lease_put(s, &l), -EINVAL);
	l = make_lease(0xc6120066);
	l.state = (enum lease_state)0;
	CHECK_INT(store_lease_put(s, &l), -EINVAL);
	l.state = (enum lease_state)(LEASE_DECLINED + 1);
	CHECK_INT(store_lease_put(s, &l), -EINVAL);
	size_t n = 99;
	CHECK_INT(store_lease_count(s, &n), 0);
	CHECK_INT(n, 0);
	store_close(s);
}

struct collect {
	struct dhcp_lease got[16];
	int n;
	int stop_after;
	struct store *s;
	int nested;
};

static int collect_cb(void *ctx, const struct dhcp_lease *l)
{
	struct collect *c = ctx;
	if (c->s)
		c->nested = store_lease_foreach(c->s, collect_cb, c);
	if (c->n < 16)
		c->got[c->n] = *l;
	c->n++;
	return c->stop_after && c->n >= c->stop_after ? -42 : 0;
}

TEST(foreach_in_ip_order_and_stops_early)
{
	fresh_dir();
	struct store *s = open_ok();
	uint32_t ips[] = { 0xc6120090, 0xc6120010, 0xc6120050, 0x0a000001, 0xfffffffe };
	struct dhcp_lease ls[5];
	for (int i = 0; i < 5; i++) {
		ls[i] = make_lease(ips[i]);
		CHECK_INT(store_lease_put(s, &ls[i]), 0);
	}
	struct collect c = { .n = 0 };
	CHECK_INT(store_lease_foreach(s, collect_cb, &c), 0);
	CHECK_INT(c.n, 5);
	uint32_t order[] = { 0x0a000001, 0xc6120010, 0xc6120050, 0xc6120090, 0xfffffffe };
	for (int i = 0; i < 5 && i < c.n; i++) {
		CHECK(c.got[i].ip == order[i]);
		for (int j = 0; j < 5; j++)
			if (ls[j].ip == order[i])
				CHECK(lease_eq(&c.got[i], &ls[j]));
	}

	struct collect stop = { .stop_after = 2 };
	CHECK_INT(store_lease_foreach(s, collect_cb, &stop), -42);
	CHECK_INT(stop.n, 2);

	/* Iterating from inside an iteration is refused, not corrupted. */
	struct collect nest = { .s = s };
	CHECK_INT(store_lease_foreach(s, collect_cb, &nest), 0);
	CHECK_INT(nest.n, 5);
	CHECK_INT(nest.nested, -EBUSY);

	/* The statement was reset: a new iteration starts from the top again. */
	struct collect again = { .n = 0 };
	CHECK_INT(store_lease_foreach(s, collect_cb, &again), 0);
	CHECK_INT(again.n, 5);
	store_close(s);
}

TEST(transactions)
{
	fresh_dir();
	struct store *s = open_ok();
	struct dhcp_lease a = make_lease(0xc6120070), b = make_lease(0xc6120071),
			  c = make_lease(0xc6120072), got;

	CHECK_INT(store_begin(s), 0);
	CHECK_INT(store_lease_put(s, &a), 0);
	check_get(s, &a); /* visible inside its own transaction */
	CHECK_INT(store_begin(s), -EBUSY);
	CHECK_INT(store_rollback(s), 0);
	CHECK_INT(store_lease_get(s, a.ip, &got), -ENOENT);

	CHECK_INT(store_commit(s), -EINVAL);
	CHECK_INT(store_rollback(s), 0);

	CHECK_INT(store_begin(s), 0);
	CHECK_INT(store_lease_put(s, &b), 0);
	CHECK_INT(store_lease_put(s, &c), 0);
	/* Another connection (the CLI) does not see an uncommitted batch. */
	struct store *other = open_ok();
	CHECK_INT(store_lease_get(other, b.ip, &got), -ENOENT);
	CHECK_INT(store_commit(s), 0);
	check_get(other, &b);
	check_get(other, &c);
	store_close(other);

	/* A delete inside a rolled-back transaction is undone too. */
	CHECK_INT(store_begin(s), 0);
	CHECK_INT(store_lease_delete(s, b.ip), 0);
	CHECK_INT(store_rollback(s), 0);
	check_get(s, &b);

	/* Closing with an open transaction discards it. */
	CHECK_INT(store_begin(s), 0);
	CHECK_INT(store_lease_put(s, &a), 0);
	store_close(s);

	s = open_ok();
	CHECK_INT(store_lease_get(s, a.ip, &got), -ENOENT);
	check_get(s, &b);
	check_get(s, &c);
	size_t n = 0;
	CHECK_INT(store_lease_count(s, &n), 0);
	CHECK_INT(n, 2);
	store_close(s);
}

TEST(reserved_log_is_rewritten_not_grown)
{
	fresh_dir();
	struct store *s = open_ok();
	CHECK_INT(store_reserve_log(s, 1u << 20), 0);
	char wal[300];
	snprintf(wal, sizeof(wal), "%s/%s-wal", statedir, STORE_DB_NAME);
	struct stat st;
	CHECK_INT(stat(wal, &st), 0);
	off_t reserved = st.st_size;
	CHECK(reserved >= (off_t)(1u << 20));
	CHECK_INT(store_reserve_log(s, 1u << 20), 0); /* already big enough: no-op */
	/* later commits start again at the top of the log instead of appending */
	for (uint32_t i = 0; i < 50; i++) {
		struct dhcp_lease l = { .ip = 0xc6120000u + i, .state = LEASE_BOUND, .htype = 1,
					.hlen = 6, .chaddr = { 2, 0, 0, 0, 0, (uint8_t)i }, .starts = 1,
					.ends = 2 };
		CHECK_INT(store_begin(s), 0);
		CHECK_INT(store_lease_put(s, &l), 0);
		CHECK_INT(store_commit(s), 0);
	}
	CHECK_INT(stat(wal, &st), 0);
	CHECK_INT((long long)st.st_size, (long long)reserved);
	sqlite3 *db = raw_open();
	CHECK_INT(raw_int(db, "SELECT count(*) FROM leases"), 50);
	CHECK_INT(raw_int(db, "SELECT count(*) FROM sqlite_master WHERE name = 'log_reserve'"), 0);
	sqlite3_close(db);
	store_close(s);
}

TEST(migrations_idempotent_and_version_checked)
{
	fresh_dir();
	struct store *s = open_ok();
	struct dhcp_lease a = make_lease(0xc6120080);
	CHECK_INT(store_lease_put(s, &a), 0);
	/* Open twice at the same time and again after closing. */
	struct store *s2 = open_ok();
	check_get(s2, &a);
	store_close(s2);
	store_close(s);
	s = open_ok();
	check_get(s, &a);
	store_close(s);

	sqlite3 *db = raw_open();
	CHECK_INT(raw_int(db, "SELECT count(*) FROM meta"), 1);
	CHECK_INT(raw_int(db, "SELECT value FROM meta WHERE key = 'schema_version'"), 3);
	/* A database from a newer pxed is refused rather than misread. */
	CHECK_INT(sqlite3_exec(db, "UPDATE meta SET value = 99 WHERE key = 'schema_version'", NULL,
			       NULL, NULL),
		  SQLITE_OK);
	sqlite3_close(db);
	char err[512] = "";
	s = NULL;
	CHECK_INT(store_open(statedir, &s, err, sizeof(err)), -EPROTONOSUPPORT);
	CHECK(s == NULL);
	CHECK(strstr(err, "schema version 99") != NULL);
	CHECK(strstr(err, statedir) != NULL);
}

TEST(schema_checks_and_row_validation)
{
	fresh_dir();
	struct store *s = open_ok();
	sqlite3 *db = raw_open();
	/* The table itself refuses rows struct dhcp_lease could not hold. */
	CHECK(sqlite3_exec(db, "INSERT INTO leases VALUES (1, 2, 1, zeroblob(17), NULL, '', 0, 0, 0)",
			   NULL, NULL, NULL) != SQLITE_OK);
	CHECK(sqlite3_exec(db, "INSERT INTO leases VALUES (1, 9, 1, zeroblob(6), NULL, '', 0, 0, 0)",
			   NULL, NULL, NULL) != SQLITE_OK);
	CHECK(sqlite3_exec(db, "INSERT INTO leases VALUES (1, 2, 1, zeroblob(6), zeroblob(65), '', 0, 0, 0)",
			   NULL, NULL, NULL) != SQLITE_OK);
	CHECK(sqlite3_exec(db, "INSERT INTO leases VALUES (1, 2, 1, zeroblob(6), NULL, printf('%.64c', 'x'), 0, 0, 0)",
			   NULL, NULL, NULL) != SQLITE_OK);
	CHECK(sqlite3_exec(db, "INSERT INTO leases VALUES (4294967296, 2, 1, zeroblob(6), NULL, '', 0, 0, 0)",
			   NULL, NULL, NULL) != SQLITE_OK);
	/* With the checks switched off a bad row gets in; reading it fails
	 * cleanly instead of overflowing the struct. */
	CHECK_INT(sqlite3_exec(db, "PRAGMA ignore_check_constraints = ON;"
				   "INSERT INTO leases VALUES (5, 2, 1, zeroblob(200), NULL, '', 0, 0, 0)",
			       NULL, NULL, NULL),
		  SQLITE_OK);
	sqlite3_close(db);
	struct dhcp_lease got;
	CHECK_INT(store_lease_get(s, 5, &got), -EBADMSG);
	CHECK(strstr(store_errmsg(s), "chaddr") != NULL);
	struct collect c = { .n = 0 };
	CHECK_INT(store_lease_foreach(s, collect_cb, &c), -EBADMSG);
	/* And the store still works afterwards. */
	CHECK_INT(store_lease_delete(s, 5), 0);
	struct dhcp_lease a = make_lease(0xc6120081);
	CHECK_INT(store_lease_put(s, &a), 0);
	check_get(s, &a);
	store_close(s);
}

/* kill -9 in the middle: what was committed is there after reopening, what
 * was not is not. The child opens its own connection (a connection must not
 * cross fork) and dies by SIGKILL without closing anything. */
TEST(committed_leases_survive_kill_9)
{
	fresh_dir();
	/* Create the database first so the child only writes. */
	store_close(open_ok());
	fflush(NULL);
	pid_t pid = fork();
	if (pid == 0) {
		struct store *s = NULL;
		char err[512];
		if (store_open(statedir, &s, err, sizeof(err)) < 0)
			_exit(3);
		if (store_begin(s) < 0)
			_exit(4);
		for (uint32_t i = 0; i < 100; i++) {
			struct dhcp_lease l = make_lease(0xc6120000 + i);
			if (store_lease_put(s, &l) < 0)
				_exit(5);
		}
		if (store_commit(s) < 0)
			_exit(6);
		struct dhcp_lease single = make_lease(0xc6120100); /* autocommit */
		if (store_lease_put(s, &single) < 0)
			_exit(7);
		if (store_begin(s) < 0)
			_exit(8);
		for (uint32_t i = 0; i < 10; i++) {
			struct dhcp_lease l = make_lease(0xc6120200 + i);
			if (store_lease_put(s, &l) < 0)
				_exit(9);
		}
		if (store_lease_delete(s, 0xc6120005) < 0)
			_exit(10);
		raise(SIGKILL);
		_exit(11);
	}
	CHECK(pid > 0);
	int status = 0;
	CHECK_INT(waitpid(pid, &status, 0), pid);
	CHECK(WIFSIGNALED(status) && WTERMSIG(status) == SIGKILL);
	if (WIFEXITED(status))
		fprintf(stderr, "child exited with %d\n", WEXITSTATUS(status));

	/* The leases are still in the WAL, not yet checkpointed into the main
	 * file: reopening has to recover them from there. */
	char path[256];
	struct stat st;
	snprintf(path, sizeof(path), "%s/%s-wal", statedir, STORE_DB_NAME);
	CHECK_INT(stat(path, &st), 0);
	CHECK(st.st_size > 0);

	struct store *s = open_ok();
	size_t n = 0;
	CHECK_INT(store_lease_count(s, &n), 0);
	CHECK_INT(n, 101);
	for (uint32_t i = 0; i < 100; i++) {
		struct dhcp_lease want = make_lease(0xc6120000 + i);
		check_get(s, &want);
	}
	struct dhcp_lease single = make_lease(0xc6120100), got;
	check_get(s, &single);
	for (uint32_t i = 0; i < 10; i++)
		CHECK_INT(store_lease_get(s, 0xc6120200 + i, &got), -ENOENT);
	store_close(s);
}

TEST(corrupt_or_unusable_files_fail_with_a_message)
{
	fresh_dir();
	char path[256];
	snprintf(path, sizeof(path), "%s/var", tmpdir);
	CHECK_INT(mkdir(path, 0750), 0);
	snprintf(path, sizeof(path), "%s/var/lib", tmpdir);
	CHECK_INT(mkdir(path, 0750), 0);
	CHECK_INT(mkdir(statedir, 0750), 0);
	snprintf(path, sizeof(path), "%s/%s", statedir, STORE_DB_NAME);
	FILE *f = fopen(path, "w");
	CHECK(f != NULL);
	for (int i = 0; f && i < 256; i++)
		fputs("this is not a database, it is a lease file from something else\n", f);
	if (f)
		fclose(f);
	struct store *s = NULL;
	char err[512] = "";
	int r = store_open(statedir, &s, err, sizeof(err));
	CHECK_INT(r, -EBADMSG);
	CHECK(s == NULL);
	CHECK(strstr(err, path) != NULL);
	CHECK(strstr(err, "not an SQLite database") != NULL);

	/* The database name taken by a directory. */
	CHECK_INT(remove(path), 0);
	CHECK_INT(mkdir(path, 0750), 0);
	err[0] = '\0';
	r = store_open(statedir, &s, err, sizeof(err));
	CHECK(r < 0);
	CHECK(strstr(err, path) != NULL);
	CHECK_INT(rmdir(path), 0);

	/* The state directory is a file. */
	snprintf(path, sizeof(path), "%s/plainfile", tmpdir);
	f = fopen(path, "w");
	if (f)
		fclose(f);
	err[0] = '\0';
	CHECK_INT(store_open(path, &s, err, sizeof(err)), -ENOTDIR);
	CHECK(strstr(err, path) != NULL);
	snprintf(path, sizeof(path), "%s/plainfile/sub", tmpdir);
	CHECK_INT(store_open(path, &s, err, sizeof(err)), -ENOTDIR);
	CHECK(strstr(err, "plainfile") != NULL);

	/* No directory at all; a tiny err buffer is still terminated. */
	char tiny[8];
	CHECK_INT(store_open("", &s, tiny, sizeof(tiny)), -EINVAL);
	CHECK(strlen(tiny) < sizeof(tiny));
	CHECK_INT(store_open(NULL, &s, NULL, 0), -EINVAL);
}

TEST_MAIN()
