/* The DHCP commit pipeline: lease changes become durable in a store
 * thread, and the replies that depend on them are sent by that thread
 * right after the commit returns. While one batch is being fsynced, the
 * event loop keeps answering (OFFERs need no commit) and gathers the next
 * batch, so a burst of REQUESTs shares one fsync and no client waits for
 * another's disk write. This is the only place the store is used from a
 * second thread, and never at the same time as from the loop. */
#pragma once
#include <stdbool.h>
#include <stddef.h>

#include "core/loop.h"
#include "daemon/dhcp_out.h"
#include "dhcp/dhcp_server.h"
#include "store/store.h"

struct dhcp_commit;

struct dhcp_commit_ops {
	/* A batch failed to commit: its replies were not sent, the batch being
	 * gathered was discarded, and the caller must make the core's lease
	 * table agree with the store again (the store is free now). */
	void (*failed)(void *ctx);
	/* A batch finished: the gathering batch may have room again. */
	void (*room)(void *ctx);
};

int dhcp_commit_new(struct loop *loop, struct store *store, const struct dhcp_commit_ops *ops, void *ctx,
		    struct dhcp_commit **ret);
/* Finishes every queued batch (commit, then send) and stops the thread. */
struct dhcp_commit *dhcp_commit_free(struct dhcp_commit *c);

/* Results the batch being gathered can still take. */
size_t dhcp_commit_room(const struct dhcp_commit *c);
/* Queues one result's lease changes and the reply that depends on them
 * (reply may be NULL). -ENOSPC when the batch is full. */
int dhcp_commit_queue(struct dhcp_commit *c, const struct dhcp_mutation *mut, size_t nmut,
		      const struct dhcp_out *reply);
/* Hands the gathered batch to the store thread if it is idle; otherwise it
 * goes when the current one is done. */
void dhcp_commit_flush(struct dhcp_commit *c);
/* True while the store thread owns the store: the loop must not use it. */
bool dhcp_commit_busy(const struct dhcp_commit *c);
