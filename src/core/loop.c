#include "loop.h"

#include <errno.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <sys/epoll.h>
#include <pthread.h>
#include <sys/signalfd.h>
#include <time.h>
#include <unistd.h>

struct fd_handler {
	int fd;
	loop_fd_cb cb;
	void *ctx;
	bool dead;
	struct fd_handler *next_dead;
};

struct loop_timer {
	struct loop *loop;
	loop_timer_cb cb;
	void *ctx;
	uint64_t deadline;
	size_t heap_idx; /* SIZE_MAX when not armed */
};

#define MAX_SIGNALS 8

struct loop {
	int epfd;
	bool stop;
	uint64_t now_ms;
	int64_t wall;
	int64_t wall_ms;
	/* fd -> handler, grown on demand; fds are small integers */
	struct fd_handler **fds;
	size_t nfds;
	struct fd_handler *dead; /* freed at the end of the turn */
	struct loop_timer **heap;
	size_t heap_len, heap_cap;
	int sigfd;
	sigset_t sigmask;
	struct {
		int signo;
		loop_signal_cb cb;
		void *ctx;
	} sigs[MAX_SIGNALS];
	int nsigs;
};

static void read_clocks(struct loop *l)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	l->now_ms = (uint64_t)ts.tv_sec * 1000 + (uint64_t)ts.tv_nsec / 1000000;
	clock_gettime(CLOCK_REALTIME, &ts);
	l->wall = ts.tv_sec;
	l->wall_ms = (int64_t)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

struct loop *loop_new(void)
{
	struct loop *l = calloc(1, sizeof(*l));
	if (!l)
		return NULL;
	l->epfd = epoll_create1(EPOLL_CLOEXEC);
	l->sigfd = -1;
	sigemptyset(&l->sigmask);
	if (l->epfd < 0) {
		free(l);
		return NULL;
	}
	read_clocks(l);
	return l;
}

static void free_dead(struct loop *l)
{
	while (l->dead) {
		struct fd_handler *h = l->dead;
		l->dead = h->next_dead;
		free(h);
	}
}

struct loop *loop_free(struct loop *l)
{
	if (!l)
		return NULL;
	for (size_t i = 0; i < l->nfds; i++)
		free(l->fds[i]);
	free(l->fds);
	free_dead(l);
	for (size_t i = 0; i < l->heap_len; i++)
		l->heap[i]->heap_idx = SIZE_MAX;
	free(l->heap);
	if (l->sigfd >= 0)
		close(l->sigfd);
	close(l->epfd);
	free(l);
	return NULL;
}

int loop_add_fd(struct loop *l, int fd, uint32_t events, loop_fd_cb cb, void *ctx)
{
	if (fd < 0)
		return -EBADF;
	if ((size_t)fd >= l->nfds) {
		size_t n = (size_t)fd + 64;
		struct fd_handler **nf = realloc(l->fds, n * sizeof(*nf));
		if (!nf)
			return -ENOMEM;
		memset(nf + l->nfds, 0, (n - l->nfds) * sizeof(*nf));
		l->fds = nf;
		l->nfds = n;
	}
	if (l->fds[fd])
		return -EEXIST;
	struct fd_handler *h = calloc(1, sizeof(*h));
	if (!h)
		return -ENOMEM;
	*h = (struct fd_handler){ .fd = fd, .cb = cb, .ctx = ctx };
	struct epoll_event ev = { .events = events, .data.ptr = h };
	if (epoll_ctl(l->epfd, EPOLL_CTL_ADD, fd, &ev) < 0) {
		int e = errno;
		free(h);
		return -e;
	}
	l->fds[fd] = h;
	return 0;
}

int loop_mod_fd(struct loop *l, int fd, uint32_t events)
{
	if (fd < 0 || (size_t)fd >= l->nfds || !l->fds[fd])
		return -ENOENT;
	struct epoll_event ev = { .events = events, .data.ptr = l->fds[fd] };
	return epoll_ctl(l->epfd, EPOLL_CTL_MOD, fd, &ev) < 0 ? -errno : 0;
}

int loop_del_fd(struct loop *l, int fd)
{
	if (fd < 0 || (size_t)fd >= l->nfds || !l->fds[fd])
		return -ENOENT;
	struct fd_handler *h = l->fds[fd];
	epoll_ctl(l->epfd, EPOLL_CTL_DEL, fd, NULL);
	l->fds[fd] = NULL;
	/* events for it may still be pending in this turn's batch */
	h->dead = true;
	h->next_dead = l->dead;
	l->dead = h;
	return 0;
}

/* ---- timer heap ---- */

static void heap_swap(struct loop *l, size_t a, size_t b)
{
	struct loop_timer *t = l->heap[a];
	l->heap[a] = l->heap[b];
	l->heap[b] = t;
	l->heap[a]->heap_idx = a;
	l->heap[b]->heap_idx = b;
}

static void heap_up(struct loop *l, size_t i)
{
	while (i > 0) {
		size_t p = (i - 1) / 2;
		if (l->heap[p]->deadline <= l->heap[i]->deadline)
			break;
		heap_swap(l, i, p);
		i = p;
	}
}

static void heap_down(struct loop *l, size_t i)
{
	for (;;) {
		size_t c = 2 * i + 1, m = i;
		if (c < l->heap_len && l->heap[c]->deadline < l->heap[m]->deadline)
			m = c;
		if (c + 1 < l->heap_len && l->heap[c + 1]->deadline < l->heap[m]->deadline)
			m = c + 1;
		if (m == i)
			return;
		heap_swap(l, i, m);
		i = m;
	}
}

static void heap_remove(struct loop *l, struct loop_timer *t)
{
	size_t i = t->heap_idx;
	t->heap_idx = SIZE_MAX;
	l->heap_len--;
	if (i == l->heap_len)
		return;
	l->heap[i] = l->heap[l->heap_len];
	l->heap[i]->heap_idx = i;
	heap_down(l, i);
	heap_up(l, i);
}

struct loop_timer *loop_timer_new(struct loop *l, loop_timer_cb cb, void *ctx)
{
	struct loop_timer *t = calloc(1, sizeof(*t));
	if (!t)
		return NULL;
	*t = (struct loop_timer){ .loop = l, .cb = cb, .ctx = ctx, .heap_idx = SIZE_MAX };
	return t;
}

void loop_timer_arm(struct loop_timer *t, uint64_t deadline_ms)
{
	struct loop *l = t->loop;
	if (t->heap_idx != SIZE_MAX) {
		t->deadline = deadline_ms;
		heap_down(l, t->heap_idx);
		heap_up(l, t->heap_idx);
		return;
	}
	if (l->heap_len == l->heap_cap) {
		size_t n = l->heap_cap ? l->heap_cap * 2 : 64;
		struct loop_timer **nh = realloc(l->heap, n * sizeof(*nh));
		if (!nh)
			abort(); /* a timer that silently never fires would hang a transfer */
		l->heap = nh;
		l->heap_cap = n;
	}
	t->deadline = deadline_ms;
	t->heap_idx = l->heap_len;
	l->heap[l->heap_len++] = t;
	heap_up(l, t->heap_idx);
}

void loop_timer_disarm(struct loop_timer *t)
{
	if (t && t->heap_idx != SIZE_MAX)
		heap_remove(t->loop, t);
}

bool loop_timer_armed(const struct loop_timer *t) { return t->heap_idx != SIZE_MAX; }

struct loop_timer *loop_timer_free(struct loop_timer *t)
{
	if (t) {
		loop_timer_disarm(t);
		free(t);
	}
	return NULL;
}

/* ---- signals ---- */

static void on_signalfd(struct loop *l, int fd, uint32_t events, void *ctx)
{
	struct signalfd_siginfo si;
	while (read(fd, &si, sizeof(si)) == (ssize_t)sizeof(si)) {
		for (int i = 0; i < l->nsigs; i++)
			if (l->sigs[i].signo == (int)si.ssi_signo)
				l->sigs[i].cb(l, (int)si.ssi_signo, l->sigs[i].ctx);
	}
}

int loop_add_signal(struct loop *l, int signo, loop_signal_cb cb, void *ctx)
{
	if (l->nsigs == MAX_SIGNALS)
		return -ENOSPC;
	sigaddset(&l->sigmask, signo);
	if (sigprocmask(SIG_BLOCK, &l->sigmask, NULL) < 0)
		return -errno;
	int fd = signalfd(l->sigfd, &l->sigmask, SFD_NONBLOCK | SFD_CLOEXEC);
	if (fd < 0)
		return -errno;
	if (l->sigfd < 0) {
		int r = loop_add_fd(l, fd, EPOLLIN, on_signalfd, NULL);
		if (r < 0) {
			close(fd);
			return r;
		}
	}
	l->sigfd = fd;
	l->sigs[l->nsigs].signo = signo;
	l->sigs[l->nsigs].cb = cb;
	l->sigs[l->nsigs].ctx = ctx;
	l->nsigs++;
	return 0;
}

uint64_t loop_now_ms(const struct loop *l) { return l->now_ms; }
int64_t loop_wall_time(const struct loop *l) { return l->wall; }
int64_t loop_wall_ms(const struct loop *l) { return l->wall_ms; }
void loop_stop(struct loop *l) { l->stop = true; }

static void run_timers(struct loop *l)
{
	/* bounded: timers armed for "now" during this pass wait for the next turn */
	size_t budget = l->heap_len;
	while (budget-- && l->heap_len && l->heap[0]->deadline <= l->now_ms) {
		struct loop_timer *t = l->heap[0];
		heap_remove(l, t);
		t->cb(l, t, t->ctx);
	}
}

int loop_run(struct loop *l)
{
	enum { BATCH = 64 };
	struct epoll_event evs[BATCH];
	l->stop = false;
	while (!l->stop) {
		read_clocks(l);
		int timeout = -1;
		if (l->heap_len) {
			uint64_t d = l->heap[0]->deadline;
			timeout = d <= l->now_ms ? 0 : (d - l->now_ms > 60000 ? 60000 : (int)(d - l->now_ms));
		}
		int n = epoll_wait(l->epfd, evs, BATCH, timeout);
		if (n < 0) {
			if (errno == EINTR)
				continue;
			return -errno;
		}
		read_clocks(l);
		for (int i = 0; i < n && !l->stop; i++) {
			struct fd_handler *h = evs[i].data.ptr;
			if (!h->dead)
				h->cb(l, h->fd, evs[i].events, h->ctx);
		}
		free_dead(l);
		if (!l->stop)
			run_timers(l);
	}
	return 0;
}

void loop_threads_begin(sigset_t *saved)
{
	sigset_t all;
	sigfillset(&all);
	pthread_sigmask(SIG_SETMASK, &all, saved);
}

void loop_threads_end(const sigset_t *saved) { pthread_sigmask(SIG_SETMASK, saved, NULL); }
