#include "dhcp_commit.h"

#include <errno.h>
#include <pthread.h>
#include <signal.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <sys/epoll.h>
#include <sys/eventfd.h>
#include <unistd.h>

#include "core/log.h"

/* A batch holds what one fsync makes durable. Its size bounds the memory
 * the pipeline uses and how far the loop may run ahead of the disk. */
#define BATCH_RESULTS 512

struct batch {
	struct dhcp_mutation mut[BATCH_RESULTS * DHCP_MAX_MUTATIONS];
	size_t nmut;
	struct dhcp_out out[BATCH_RESULTS];
	size_t nout;
	size_t nresults;
};

struct dhcp_commit {
	struct loop *loop;
	struct store *store;
	struct dhcp_commit_ops ops;
	void *ctx;
	int efd;                 /* the thread tells the loop a batch is done */
	pthread_t thread;
	bool thread_started;
	pthread_mutex_t lock;
	pthread_cond_t wake;
	/* under lock */
	struct batch *handoff;   /* batch given to the thread, NULL when idle */
	int handoff_result;
	bool done_pending;       /* handoff finished, loop not yet told */
	bool stop;
	/* loop thread only */
	struct batch *gathering;
	struct batch *spare;
	bool busy;               /* a batch is with the thread or not yet collected */
};

/* Commits one batch and, only once it is durable, sends its replies. */
static int run_batch(struct store *store, struct batch *b)
{
	int r = 0;
	if (b->nmut) {
		r = store_begin(store);
		for (size_t i = 0; i < b->nmut && r >= 0; i++) {
			const struct dhcp_mutation *m = &b->mut[i];
			r = m->del ? store_lease_delete(store, m->lease.ip) : store_lease_put(store, &m->lease);
		}
		if (r >= 0)
			r = store_commit(store);
		if (r < 0) {
			log_error("dhcp: committing %zu lease changes failed: %s; %zu replies not sent", b->nmut,
				  store_errmsg(store), b->nout);
			store_rollback(store);
		}
	}
	if (r >= 0)
		dhcp_out_send(b->out, b->nout);
	b->nmut = b->nout = b->nresults = 0;
	return r;
}

static void *store_thread(void *arg)
{
	struct dhcp_commit *c = arg;
	pthread_mutex_lock(&c->lock);
	for (;;) {
		while (!c->handoff && !c->stop)
			pthread_cond_wait(&c->wake, &c->lock);
		if (!c->handoff)
			break;
		struct batch *b = c->handoff;
		pthread_mutex_unlock(&c->lock);
		int r = run_batch(c->store, b);
		pthread_mutex_lock(&c->lock);
		c->handoff = NULL;
		c->handoff_result = r;
		c->done_pending = true;
		uint64_t one = 1;
		if (write(c->efd, &one, sizeof(one)) < 0)
			log_error("dhcp: commit thread cannot wake the loop: %s", strerror(errno));
	}
	pthread_mutex_unlock(&c->lock);
	return NULL;
}

static void hand_off(struct dhcp_commit *c)
{
	if (c->busy || c->gathering->nresults == 0)
		return;
	struct batch *b = c->gathering;
	c->gathering = c->spare;
	c->spare = b;
	c->busy = true;
	pthread_mutex_lock(&c->lock);
	c->handoff = b;
	pthread_cond_signal(&c->wake);
	pthread_mutex_unlock(&c->lock);
}

static void on_done(struct loop *l, int fd, uint32_t events, void *ctx)
{
	struct dhcp_commit *c = ctx;
	uint64_t v;
	if (read(fd, &v, sizeof(v)) < 0)
		return;
	pthread_mutex_lock(&c->lock);
	bool done = c->done_pending;
	int r = c->handoff_result;
	c->done_pending = false;
	pthread_mutex_unlock(&c->lock);
	if (!done)
		return;
	c->busy = false;
	if (r < 0) {
		/* what was gathered since rests on lease changes the store
		 * refused: drop it; clients retry */
		c->gathering->nmut = c->gathering->nout = c->gathering->nresults = 0;
		c->ops.failed(c->ctx);
	}
	hand_off(c);
	c->ops.room(c->ctx);
}

int dhcp_commit_new(struct loop *loop, struct store *store, const struct dhcp_commit_ops *ops, void *ctx,
		    struct dhcp_commit **ret)
{
	struct dhcp_commit *c = calloc(1, sizeof(*c));
	if (!c)
		return -ENOMEM;
	c->loop = loop;
	c->store = store;
	c->ops = *ops;
	c->ctx = ctx;
	c->efd = -1;
	pthread_mutex_init(&c->lock, NULL);
	pthread_cond_init(&c->wake, NULL);
	c->gathering = calloc(1, sizeof(struct batch));
	c->spare = calloc(1, sizeof(struct batch));
	c->efd = eventfd(0, EFD_NONBLOCK | EFD_CLOEXEC);
	int r = !c->gathering || !c->spare ? -ENOMEM : c->efd < 0 ? -errno : 0;
	if (r == 0)
		r = loop_add_fd(loop, c->efd, EPOLLIN, on_done, c);
	if (r == 0) {
		sigset_t saved;
		loop_threads_begin(&saved);
		r = -pthread_create(&c->thread, NULL, store_thread, c);
		loop_threads_end(&saved);
		c->thread_started = r == 0;
	}
	if (r < 0) {
		dhcp_commit_free(c);
		return r;
	}
	*ret = c;
	return 0;
}

struct dhcp_commit *dhcp_commit_free(struct dhcp_commit *c)
{
	if (!c)
		return NULL;
	if (c->thread_started) {
		pthread_mutex_lock(&c->lock);
		c->stop = true;
		pthread_cond_signal(&c->wake);
		pthread_mutex_unlock(&c->lock);
		pthread_join(c->thread, NULL);
	}
	/* the thread is gone: what is still gathered is committed here */
	if (c->gathering && c->gathering->nresults && !(c->done_pending && c->handoff_result < 0))
		run_batch(c->store, c->gathering);
	if (c->efd >= 0) {
		loop_del_fd(c->loop, c->efd);
		close(c->efd);
	}
	pthread_cond_destroy(&c->wake);
	pthread_mutex_destroy(&c->lock);
	free(c->gathering);
	free(c->spare);
	free(c);
	return NULL;
}

size_t dhcp_commit_room(const struct dhcp_commit *c)
{
	return BATCH_RESULTS - c->gathering->nresults;
}

int dhcp_commit_queue(struct dhcp_commit *c, const struct dhcp_mutation *mut, size_t nmut,
		      const struct dhcp_out *reply)
{
	struct batch *b = c->gathering;
	if (b->nresults >= BATCH_RESULTS || nmut > DHCP_MAX_MUTATIONS)
		return -ENOSPC;
	memcpy(&b->mut[b->nmut], mut, nmut * sizeof(*mut));
	b->nmut += nmut;
	if (reply)
		b->out[b->nout++] = *reply;
	b->nresults++;
	return 0;
}

void dhcp_commit_flush(struct dhcp_commit *c) { hand_off(c); }

bool dhcp_commit_busy(const struct dhcp_commit *c) { return c->busy; }
