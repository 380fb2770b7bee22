/* Requests handed from the bulk daemon's threads to the loop's thread and
 * back.
 *
 * The bulk daemon's threads read the requests of connections to bulk
 * prefixes and, above all, send their bodies with sendfile -- on a fleet's
 * install day nearly all of pxed's CPU -- on as many cores as http.threads
 * says. What a request means (routes, handlers, the catalog, trees, install
 * tracking) stays on the loop's one thread, as everywhere in pxed. A
 * complete request is suspended on its MHD thread and queued here; the
 * loop's thread makes its answer (an MHD response: a buffer or a file) and
 * resumes the connection, whose MHD thread then sends it. The hop costs
 * two wake-ups, nothing next to a kernel's worth of sendfile, which is
 * why only bulk prefixes take it. */
#include <errno.h>
#include <stdint.h>
#include <string.h>
#include <sys/epoll.h>
#include <sys/eventfd.h>
#include <unistd.h>

#include "core/log.h"
#include "http_io/http_io_impl.h"

int hio_jobs_init(struct http_io *io)
{
	io->jobs_fd = eventfd(0, EFD_NONBLOCK | EFD_CLOEXEC);
	if (io->jobs_fd < 0)
		return -errno;
	if (pthread_mutex_init(&io->jobs_lock, NULL) != 0 || pthread_mutex_init(&io->lock, NULL) != 0)
		return -ENOMEM;
	io->locks_ready = true;
	return 0;
}

/* The answer of a request nobody could answer: MHD closes the connection. */
static void give_up(struct http_conn *c)
{
	if (c->out) {
		MHD_destroy_response(c->out);
		c->out = NULL;
	}
	c->failed = true;
}

static struct http_conn *take_all(struct http_io *io, bool stop)
{
	pthread_mutex_lock(&io->jobs_lock);
	struct http_conn *list = io->jobs_head;
	io->jobs_head = io->jobs_tail = NULL;
	if (stop)
		io->stopping = true;
	pthread_mutex_unlock(&io->jobs_lock);
	return list;
}

static void on_jobs(struct loop *l, int fd, uint32_t events, void *ctx)
{
	struct http_io *io = ctx;
	uint64_t n;
	(void)!read(fd, &n, sizeof(n));
	for (struct http_conn *c = take_all(io, false), *next; c; c = next) {
		next = c->job_next;
		c->job_next = NULL;
		if (hio_dispatch(c) == MHD_NO || !c->out)
			give_up(c);
		MHD_resume_connection(c->mhd);
	}
}

int hio_jobs_start(struct http_io *io)
{
	return loop_add_fd(io->loop, io->jobs_fd, EPOLLIN, on_jobs, io);
}

enum MHD_Result hio_post(struct http_conn *c)
{
	struct http_io *io = c->io;
	pthread_mutex_lock(&io->jobs_lock);
	if (io->stopping) {
		pthread_mutex_unlock(&io->jobs_lock);
		return MHD_NO;
	}
	/* suspended before it is queued: the loop's thread may resume it as
	 * soon as it sees it */
	MHD_suspend_connection(c->mhd);
	c->posted = true;
	c->failed = false;
	if (io->jobs_tail)
		io->jobs_tail->job_next = c;
	else
		io->jobs_head = c;
	io->jobs_tail = c;
	pthread_mutex_unlock(&io->jobs_lock);
	uint64_t one = 1;
	(void)!write(io->jobs_fd, &one, sizeof(one));
	return MHD_YES;
}

void hio_jobs_stop(struct http_io *io)
{
	if (!io->locks_ready)
		return;
	for (struct http_conn *c = take_all(io, true), *next; c; c = next) {
		next = c->job_next;
		c->job_next = NULL;
		give_up(c);
		MHD_resume_connection(c->mhd);
	}
}

void hio_jobs_free(struct http_io *io)
{
	if (io->loop && io->jobs_fd >= 0)
		loop_del_fd(io->loop, io->jobs_fd);
	if (io->jobs_fd >= 0)
		close(io->jobs_fd);
	io->jobs_fd = -1;
	if (io->locks_ready) {
		pthread_mutex_destroy(&io->jobs_lock);
		pthread_mutex_destroy(&io->lock);
		io->locks_ready = false;
	}
}
