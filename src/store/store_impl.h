/* Internals shared by the store's source files; nothing outside src/store
 * includes this. */
#pragma once
#include <sqlite3.h>
#include <stdbool.h>

#include "store.h"

/* Every statement the store runs after open is prepared once, here, and
 * reused: preparing is far more expensive than binding and stepping. */
enum store_stmt {
	STMT_BEGIN,
	STMT_COMMIT,
	STMT_ROLLBACK,
	STMT_LEASE_PUT,
	STMT_LEASE_DELETE,
	STMT_LEASE_GET,
	STMT_LEASE_ALL,
	STMT_LEASE_COUNT,
	STMT__COUNT,
};

struct store {
	sqlite3 *db;
	sqlite3_stmt *stmt[STMT__COUNT];
	bool in_foreach; /* STMT_LEASE_ALL is being stepped by a caller's callback loop */
	char path[4096];
	char errmsg[512];
};

/* Records "<what>: <sqlite message>" in s->errmsg and returns the negative
 * errno that best matches the SQLite result code rc. */
int store_fail(struct store *s, int rc, const char *what);
/* Maps an SQLite result code to a negative errno. */
int store_errno(int rc);
/* Sets s->errmsg from a format and returns err unchanged. */
int store_failf(struct store *s, int err, const char *fmt, ...) __attribute__((format(printf, 3, 4)));
/* Resets a cached statement so it releases its locks and bindings. */
void store_stmt_done(sqlite3_stmt *st);
/* SQL text of each cached statement, indexed by enum store_stmt. */
extern const char *const store_stmt_sql[STMT__COUNT];
