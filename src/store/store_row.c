/* Helpers for the catalog's per-call statements and nested transactions. */
#include "store_row.h"

#include <errno.h>
#include <string.h>
#include <time.h>

int store_row_prepare(struct store *s, const char *sql, sqlite3_stmt **ret, const char *what)
{
	sqlite3_stmt *st = NULL;
	int rc = sqlite3_prepare_v2(s->db, sql, -1, &st, NULL);
	if (rc != SQLITE_OK) {
		sqlite3_finalize(st);
		return store_fail(s, rc, what);
	}
	*ret = st;
	return 0;
}

int store_row_prepare_id(struct store *s, const char *sql, int64_t id, sqlite3_stmt **ret,
			 const char *what)
{
	sqlite3_stmt *st;
	int r = store_row_prepare(s, sql, &st, what);
	if (r < 0)
		return r;
	int rc = sqlite3_bind_int64(st, 1, id);
	if (rc != SQLITE_OK) {
		sqlite3_finalize(st);
		return store_fail(s, rc, what);
	}
	*ret = st;
	return 0;
}

int store_row_exec(struct store *s, sqlite3_stmt *st, int bind_rc, const char *what)
{
	int rc = bind_rc == SQLITE_OK ? sqlite3_step(st) : bind_rc;
	int r = rc == SQLITE_DONE ? 0 : store_fail(s, rc, what);
	sqlite3_finalize(st);
	return r;
}

int store_row_text(struct store *s, sqlite3_stmt *st, int col, char *buf, size_t size,
		   const char *table, int64_t id, const char *column)
{
	const unsigned char *t = sqlite3_column_text(st, col);
	int n = sqlite3_column_bytes(st, col);
	if (!t || n <= 0) {
		buf[0] = '\0';
		return 0;
	}
	if ((size_t)n >= size || memchr(t, '\0', (size_t)n))
		return store_failf(s, -EBADMSG, "%s: %s row %lld has an invalid %s", s->path, table,
				   (long long)id, column);
	memcpy(buf, t, (size_t)n);
	buf[n] = '\0';
	return 0;
}

int store_row_bind_text(sqlite3_stmt *st, int idx, const char *text)
{
	if (!text)
		return sqlite3_bind_null(st, idx);
	return sqlite3_bind_text(st, idx, text, (int)strlen(text), SQLITE_STATIC);
}

static int exec_sql(struct store *s, const char *sql, const char *what)
{
	int rc = sqlite3_exec(s->db, sql, NULL, NULL, NULL);
	return rc == SQLITE_OK ? 0 : store_fail(s, rc, what);
}

int store_row_tx_begin(struct store *s, bool *outer)
{
	*outer = sqlite3_get_autocommit(s->db) != 0;
	if (*outer)
		return store_begin(s);
	return exec_sql(s, "SAVEPOINT catalog", "starting a savepoint");
}

int store_row_tx_end(struct store *s, bool outer, int r)
{
	if (outer) {
		if (r >= 0) {
			int c = store_commit(s);
			if (c >= 0)
				return r;
			r = c;
		}
		/* The message of the first failure is what the caller reports. */
		char keep[sizeof(s->errmsg)];
		memcpy(keep, s->errmsg, sizeof(keep));
		(void)store_rollback(s);
		memcpy(s->errmsg, keep, sizeof(keep));
		return r;
	}
	if (r >= 0) {
		int c = exec_sql(s, "RELEASE catalog", "releasing a savepoint");
		return c < 0 ? c : r;
	}
	char keep[sizeof(s->errmsg)];
	memcpy(keep, s->errmsg, sizeof(keep));
	(void)sqlite3_exec(s->db, "ROLLBACK TO catalog; RELEASE catalog", NULL, NULL, NULL);
	memcpy(s->errmsg, keep, sizeof(keep));
	return r;
}

int64_t store_row_now_s(void)
{
	return (int64_t)time(NULL);
}

int64_t store_row_now_ms(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_REALTIME, &ts);
	return (int64_t)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

bool store_row_terminated(const char *field, size_t size)
{
	return memchr(field, '\0', size) != NULL;
}
