/* Internals shared by the catalog's source files (profiles, hosts, events):
 * their statements are prepared per call, because the catalog changes at
 * an operator's or an installer's pace, not per packet, and a statement of
 * its own lets a callback of a foreach call back into the store. */
#pragma once
#include <sqlite3.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "store_impl.h"

/* Prepares sql; on failure records "<what>: <sqlite message>". */
int store_row_prepare(struct store *s, const char *sql, sqlite3_stmt **ret, const char *what);
/* Prepares sql and binds id to its ?1: the catalog's statements mostly
 * start from a record's id. */
int store_row_prepare_id(struct store *s, const char *sql, int64_t id, sqlite3_stmt **ret,
			 const char *what);
/* Steps a statement that returns no row and finalizes it; bind_rc is the
 * result of binding its parameters (a failed bind is reported, not run). */
int store_row_exec(struct store *s, sqlite3_stmt *st, int bind_rc, const char *what);
/* A text column copied into buf: -EBADMSG (naming the table, row and
 * column) when it does not fit or holds a NUL, so that a file edited by
 * hand cannot overflow a record. NULL reads as "". */
int store_row_text(struct store *s, sqlite3_stmt *st, int col, char *buf, size_t size,
		   const char *table, int64_t id, const char *column);
/* Binds a C string (NULL binds SQL NULL); the statement must be stepped
 * before the string changes. */
int store_row_bind_text(sqlite3_stmt *st, int idx, const char *text);

/* A transaction that nests: BEGIN IMMEDIATE when none is open, else a
 * savepoint inside the caller's, so that a catalog change is atomic on its
 * own and also part of a larger change the caller commits. *outer tells
 * store_row_tx_end which one was opened. */
int store_row_tx_begin(struct store *s, bool *outer);
/* Commits (r >= 0) or rolls back (r < 0) what store_row_tx_begin opened;
 * returns r, or the commit's error. */
int store_row_tx_end(struct store *s, bool outer, int r);

/* Unix time now, in seconds and in milliseconds. */
int64_t store_row_now_s(void);
int64_t store_row_now_ms(void);

/* Whether a text field is free of NUL bytes within its array (records are
 * fixed-size arrays a caller may have filled without terminating). */
bool store_row_terminated(const char *field, size_t size);
