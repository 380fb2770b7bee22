/* A host's install timeline: each event is appended and becomes the host's
 * current phase in the same transaction, so the phase shown by `pxed
 * status` is always the last event of the timeline. */
#include "store_row.h"

#include <errno.h>
#include <string.h>

#include "store_catalog.h"

/* What an event does to its host besides setting the phase: FAILED records
 * why; NEW (a reinstall) starts over with no error; DONE sends the next
 * boot to the local disk, so a finished host does not install again. */
#define EVENT_HOST_SQL                                                                      \
	"UPDATE hosts SET phase = ?2, phase_since = ?3,"                                    \
	" last_error = CASE ?2 WHEN 11 THEN ?4 WHEN 0 THEN '' ELSE last_error END,"          \
	" netboot = CASE ?2 WHEN 10 THEN 0 ELSE netboot END WHERE id = ?1"

_Static_assert(STORE_PHASE_FAILED == 11 && STORE_PHASE_NEW == 0 && STORE_PHASE_DONE == 10,
	       "EVENT_HOST_SQL spells these phases as numbers");

static int update_host(struct store *s, const struct store_event *e)
{
	sqlite3_stmt *st;
	int r = store_row_prepare_id(s, EVENT_HOST_SQL, e->host_id, &st, "updating the host's phase");
	if (r < 0)
		return r;
	int rc = sqlite3_bind_int(st, 2, (int)e->phase);
	if (rc == SQLITE_OK)
		rc = sqlite3_bind_int64(st, 3, e->at_ms);
	if (rc == SQLITE_OK)
		rc = store_row_bind_text(st, 4, e->detail);
	r = store_row_exec(s, st, rc, "updating the host's phase");
	if (r >= 0 && sqlite3_changes(s->db) == 0)
		r = store_failf(s, -ENOENT, "no host with id %lld", (long long)e->host_id);
	return r;
}

static int insert_event(struct store *s, const struct store_event *e, int64_t *id)
{
	sqlite3_stmt *st;
	int r = store_row_prepare_id(s,
				     "INSERT INTO host_events (host_id, at_ms, phase, detail)"
				     " VALUES (?1, ?2, ?3, ?4)",
				     e->host_id, &st, "adding host event");
	if (r < 0)
		return r;
	int rc = sqlite3_bind_int64(st, 2, e->at_ms);
	if (rc == SQLITE_OK)
		rc = sqlite3_bind_int(st, 3, (int)e->phase);
	if (rc == SQLITE_OK)
		rc = store_row_bind_text(st, 4, e->detail);
	r = store_row_exec(s, st, rc, "adding host event");
	if (r >= 0)
		*id = sqlite3_last_insert_rowid(s->db);
	return r;
}

int store_event_add(struct store *s, struct store_event *e)
{
	if ((int)e->phase < 0 || e->phase >= STORE_PHASE__COUNT)
		return store_failf(s, -EINVAL, "event for host %lld: phase %d does not exist",
				   (long long)e->host_id, (int)e->phase);
	if (!store_row_terminated(e->detail, sizeof(e->detail)))
		return store_failf(s, -EINVAL, "event for host %lld: detail too long",
				   (long long)e->host_id);
	struct store_event ev = *e;
	if (ev.at_ms == 0)
		ev.at_ms = store_row_now_ms();
	bool outer;
	int r = store_row_tx_begin(s, &outer);
	if (r < 0)
		return r;
	/* The host first: an event for a host that does not exist is refused
	 * with its id named, not as a foreign-key failure. */
	r = update_host(s, &ev);
	if (r >= 0)
		r = insert_event(s, &ev, &ev.id);
	r = store_row_tx_end(s, outer, r);
	if (r >= 0)
		*e = ev;
	return r;
}

int store_event_foreach(struct store *s, int64_t host_id,
			int (*cb)(void *ctx, const struct store_event *e), void *ctx)
{
	sqlite3_stmt *st;
	int r = store_row_prepare_id(s,
				     "SELECT id, at_ms, phase, detail FROM host_events"
				     " WHERE host_id = ?1 ORDER BY id",
				     host_id, &st, "reading host events");
	if (r < 0)
		return r;
	int rc = sqlite3_step(st);
	for (; rc == SQLITE_ROW; rc = sqlite3_step(st)) {
		struct store_event e;
		memset(&e, 0, sizeof(e));
		e.id = sqlite3_column_int64(st, 0);
		e.host_id = host_id;
		e.at_ms = sqlite3_column_int64(st, 1);
		sqlite3_int64 phase = sqlite3_column_int64(st, 2);
		if (phase < 0 || phase >= STORE_PHASE__COUNT)
			r = store_failf(s, -EBADMSG, "%s: host_events row %lld has an invalid phase",
					s->path, (long long)e.id);
		if (r >= 0) {
			e.phase = (enum store_phase)phase;
			r = store_row_text(s, st, 3, e.detail, sizeof(e.detail), "host_events", e.id,
					   "detail");
		}
		if (r >= 0)
			r = cb(ctx, &e);
		if (r < 0)
			break;
	}
	if (r >= 0 && rc != SQLITE_DONE)
		r = store_fail(s, rc, "reading host events");
	sqlite3_finalize(st);
	return r < 0 ? r : 0;
}
