/* The HTTP shell's front door: listening sockets, accepting under the
 * limits, the choice of daemon for each connection (the loop's, or the bulk
 * one's threads), and the loop's MHD driven by the loop (its epoll
 * descriptor, its queued work, its timeouts). */
#include "http_io/http_io.h"

#include <errno.h>
#include <fcntl.h>
#include <malloc.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/epoll.h>
#include <sys/eventfd.h>
#include <time.h>
#include <sys/socket.h>
#include <unistd.h>

#include "core/log.h"
#include "core/net.h"
#include "core/priv.h"
#include "core/str.h"
#include "http_io/http_io_impl.h"
#include "tree/tree_dir.h"

#define RATELOG_INTERVAL_MS 10000
/* how long the listeners rest when the process is out of descriptors */
#define EMFILE_PAUSE_MS 100

/* ---- small helpers ---- */

uint64_t hio_now_ms(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (uint64_t)ts.tv_sec * 1000 + (uint64_t)ts.tv_nsec / 1000000;
}

bool hio_ratelog_ok(struct http_io *io, struct hio_ratelog *rl, unsigned *suppressed)
{
	uint64_t now = hio_now_ms();
	bool ok = true;
	pthread_mutex_lock(&io->lock);
	if (!rl->window_ms || now - rl->window_ms >= RATELOG_INTERVAL_MS) {
		rl->window_ms = now ? now : 1;
		rl->used = 0;
	}
	if (rl->used >= rl->burst) {
		rl->suppressed++;
		ok = false;
	} else {
		rl->used++;
		*suppressed = rl->suppressed;
		rl->suppressed = 0;
	}
	pthread_mutex_unlock(&io->lock);
	return ok;
}

const char *hio_client_str(const struct http_conn *c, char buf[32])
{
	char ip[IPV4_STRLEN];
	snprintf(buf, 32, "%s:%u", ipv4_to_str(c->client_ip, ip), c->client_port);
	return buf;
}

static struct hio_client **client_slot(struct http_io *io, uint32_t ip)
{
	size_t b = (size_t)(((uint64_t)ip * 0x9e3779b97f4a7c15ull) >> 40) % HIO_CLIENT_BUCKETS;
	struct hio_client **p = &io->clients[b];
	while (*p && (*p)->ip != ip)
		p = &(*p)->next;
	return p;
}

/* the three below: under io->lock */
static uint32_t client_count(struct http_io *io, uint32_t ip)
{
	struct hio_client *cl = *client_slot(io, ip);
	return cl ? cl->n : 0;
}

static void client_add(struct http_io *io, uint32_t ip)
{
	struct hio_client **p = client_slot(io, ip);
	if (!*p) {
		*p = calloc(1, sizeof(**p));
		if (!*p)
			return; /* uncounted: the limit errs on the generous side */
		(*p)->ip = ip;
	}
	(*p)->n++;
}

static void client_del(struct http_io *io, uint32_t ip)
{
	struct hio_client **p = client_slot(io, ip), *cl = *p;
	if (cl && --cl->n == 0) {
		*p = cl->next;
		free(cl);
	}
}

/* ---- the loop's MHD ---- */

static void set_pending(struct http_io *io, bool on)
{
	if (on == io->pending_on)
		return;
	if (loop_mod_fd(io->loop, io->pending_fd, on ? EPOLLIN : 0) == 0)
		io->pending_on = on;
}

/* Runs MHD once, then tells the loop when to run it again: at once while
 * connections still have work queued (MHD's own epoll is edge-triggered,
 * so nothing would wake us for them), at its next timeout otherwise. */
static void run_mhd(struct http_io *io)
{
	MHD_run(io->mhd);
	MHD_UNSIGNED_LONG_LONG to = 0;
	bool have = MHD_get_timeout(io->mhd, &to) == MHD_YES;
	set_pending(io, have && to == 0);
	if (have && to > 0) {
		uint64_t at = loop_now_ms(io->loop) + (to > 3600000 ? 3600000 : to);
		if (!loop_timer_armed(io->timer) || io->timer_at != at) {
			loop_timer_arm(io->timer, at);
			io->timer_at = at;
		}
	} else {
		loop_timer_disarm(io->timer);
	}
}

static void on_mhd_fd(struct loop *l, int fd, uint32_t events, void *ctx) { run_mhd(ctx); }
static void on_mhd_timer(struct loop *l, struct loop_timer *t, void *ctx) { run_mhd(ctx); }

/* MHD's own messages: its refusals (431, 414, 400 on unparsable requests)
 * are worth a warning, the rest (clients that go away) a debug line. */
__attribute__((format(printf, 2, 0))) static void on_mhd_log(void *cls, const char *fmt, va_list ap)
{
	struct http_io *io = cls;
	char msg[256];
	vsnprintf(msg, sizeof(msg), fmt, ap);
	size_t n = strlen(msg);
	while (n && (msg[n - 1] == '\n' || msg[n - 1] == ' '))
		msg[--n] = 0;
	unsigned held;
	if (strstr(msg, "HTTP response code is")) {
		if (hio_ratelog_ok(io, &io->rl_mhd, &held))
			log_warn("http: %s%s", msg, held ? " (and more held back)" : "");
	} else {
		log_debug("http: %s", msg);
	}
}

/* On the connection's thread: the loop's, or one of the bulk daemon's. */
static void count(struct http_io *io, uint32_t ip, bool open)
{
	pthread_mutex_lock(&io->lock);
	if (open) {
		client_add(io, ip);
		io->nconns++;
	} else {
		client_del(io, ip);
		io->nconns--;
	}
	pthread_mutex_unlock(&io->lock);
}

/* On the connection's thread: the loop's, or one of the bulk daemon's. A
 * connection was counted when it was accepted (on_listener): counted then,
 * the limits hold also for connections a bulk thread has not taken up yet. */
static void on_connection(void *cls, struct MHD_Connection *mc, void **socket_context,
			  enum MHD_ConnectionNotificationCode code)
{
	const struct hio_side *side = cls;
	struct http_io *io = side->io;
	if (code == MHD_CONNECTION_NOTIFY_STARTED) {
		uint32_t ip = 0;
		uint16_t port = 0;
		const union MHD_ConnectionInfo *ci = MHD_get_connection_info(mc, MHD_CONNECTION_INFO_CLIENT_ADDRESS);
		if (ci && ci->client_addr && ci->client_addr->sa_family == AF_INET) {
			const struct sockaddr_in *sin = (const struct sockaddr_in *)(const void *)ci->client_addr;
			ip = ntohl(sin->sin_addr.s_addr);
			port = ntohs(sin->sin_port);
		}
		struct http_conn *c = calloc(1, sizeof(*c));
		*socket_context = c;
		if (!c) {
			count(io, ip, false); /* no close will be seen for it */
			return;               /* its requests are refused (hio_on_uri returns NULL) */
		}
		*c = (struct http_conn){ .io = io, .mhd = mc, .bulk = side->bulk, .client_ip = ip, .client_port = port };
		return;
	}
	struct http_conn *c = *socket_context;
	if (!c)
		return;
	count(io, c->client_ip, false);
	if (c->out)
		MHD_destroy_response(c->out);
	free(c->uri);
	buf_free(&c->body);
	buf_free(&c->headers);
	free(c);
	*socket_context = NULL;
}

static size_t no_unescape(void *cls, struct MHD_Connection *c, char *s)
{
	/* pxed decodes targets itself (http_url.h), after seeing them raw */
	return strlen(s);
}

/* ---- accepting ---- */

static const char busy_reply[] = "HTTP/1.1 503 Service Unavailable\r\n"
				 "Content-Type: text/plain; charset=utf-8\r\n"
				 "Content-Length: 21\r\n"
				 "Retry-After: 1\r\n"
				 "Connection: close\r\n\r\n"
				 "too many connections\n";

/* A refused connection still learns why: what it sent is read (so closing
 * does not reset the answer away), a 503 is written, and it is closed. */
static void refuse_busy(int fd)
{
	char scratch[4096];
	while (recv(fd, scratch, sizeof(scratch), MSG_DONTWAIT) > 0) {
	}
	(void)!send(fd, busy_reply, sizeof(busy_reply) - 1, MSG_DONTWAIT | MSG_NOSIGNAL);
	shutdown(fd, SHUT_WR);
	close(fd);
}

static bool over_limits(struct http_io *io, uint32_t ip)
{
	unsigned held;
	char a[IPV4_STRLEN];
	pthread_mutex_lock(&io->lock);
	size_t open = io->nconns;
	uint32_t n = client_count(io, ip);
	pthread_mutex_unlock(&io->lock);
	if (open >= io->max_conns) {
		if (hio_ratelog_ok(io, &io->rl_limit, &held))
			log_warn("http: %zu connections open (http.max_connections): refusing new ones (503), e.g. "
				 "from %s%s", open, ipv4_to_str(ip, a), held ? " (and more refusals)" : "");
		return true;
	}
	if (n >= io->max_per_client) {
		if (hio_ratelog_ok(io, &io->rl_limit, &held))
			log_warn("http: %s has %u connections open (http.max_per_client): refusing new ones (503)%s",
				 ipv4_to_str(ip, a), n, held ? " (and more refusals)" : "");
		return true;
	}
	return false;
}

static void set_listeners(struct http_io *io, uint32_t events)
{
	for (size_t i = 0; i < io->nlisteners; i++)
		loop_mod_fd(io->loop, io->listeners[i].fd, events);
}

static void on_rest_over(struct loop *l, struct loop_timer *t, void *ctx) { set_listeners(ctx, EPOLLIN); }

/* The first bytes of a new connection (the listeners defer accepting until
 * there are some) say whether its first request is for a bulk prefix; a
 * peek leaves them for MHD. One that said nothing within the deferral is
 * the loop's daemon's. */
static bool wants_bulk(struct http_io *io, int fd)
{
	if (!io->mhd_bulk || !io->nbulk)
		return false;
	char head[HIO_PEEK];
	ssize_t n = recv(fd, head, sizeof(head), MSG_PEEK | MSG_DONTWAIT);
	return n > 0 && hio_bulk_request(io, head, (size_t)n);
}

static void on_listener(struct loop *l, int fd, uint32_t events, void *ctx)
{
	struct hio_listener *ls = ctx;
	struct http_io *io = ls->io;
	bool added = false;
	for (int i = 0; i < HIO_ACCEPT_BURST; i++) {
		struct sockaddr_in sa;
		socklen_t len = sizeof(sa);
		int cfd = accept4(fd, (struct sockaddr *)&sa, &len, SOCK_NONBLOCK | SOCK_CLOEXEC);
		if (cfd < 0) {
			if (errno == EINTR || errno == ECONNABORTED)
				continue;
			if (errno == EMFILE || errno == ENFILE || errno == ENOBUFS || errno == ENOMEM) {
				unsigned held;
				if (hio_ratelog_ok(io, &io->rl_limit, &held))
					log_warn("http: cannot accept connections: %s (open-file limit; lower "
						 "http.max_connections or raise LimitNOFILE)", strerror(errno));
				/* the pending connection keeps the socket readable: rest
				 * instead of spinning on it */
				set_listeners(io, 0);
				loop_timer_arm(io->rest, loop_now_ms(io->loop) + EMFILE_PAUSE_MS);
			}
			break;
		}
		uint32_t ip = ntohl(sa.sin_addr.s_addr);
		if (over_limits(io, ip)) {
			refuse_busy(cfd);
			continue;
		}
		bool bulk = wants_bulk(io, cfd);
		count(io, ip, true);
		/* MHD closes the socket itself when it cannot take it */
		if (MHD_add_connection(bulk ? io->mhd_bulk : io->mhd, cfd, (struct sockaddr *)&sa, len) != MHD_YES) {
			count(io, ip, false);
			unsigned held;
			char a[IPV4_STRLEN];
			if (hio_ratelog_ok(io, &io->rl_limit, &held))
				log_warn("http: cannot take a connection from %s: %s", ipv4_to_str(ip, a),
					 strerror(errno));
			continue;
		}
		added |= !bulk;
		io->bulk_accepted += bulk;
	}
	if (added)
		run_mhd(io);
}

/* ---- life cycle ---- */

static int tcp_listener(const char *ifname, uint32_t addr, uint16_t port)
{
	int fd = socket(AF_INET, SOCK_STREAM | SOCK_NONBLOCK | SOCK_CLOEXEC, 0);
	if (fd < 0)
		return -errno;
	int one = 1;
	setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &one, sizeof(one));
	/* accepted once the client has sent something, or after a second of
	 * silence: the peek that picks its daemon sees the request line, and
	 * a silent connection costs the kernel's memory, not ours */
	setsockopt(fd, IPPROTO_TCP, TCP_DEFER_ACCEPT, &one, sizeof(one));
	if (ifname && setsockopt(fd, SOL_SOCKET, SO_BINDTODEVICE, ifname, (socklen_t)strlen(ifname)) < 0) {
		int e = -errno;
		close(fd);
		return e;
	}
	struct sockaddr_in sa = { .sin_family = AF_INET, .sin_port = htons(port), .sin_addr.s_addr = htonl(addr) };
	if (bind(fd, (struct sockaddr *)&sa, sizeof(sa)) < 0 || listen(fd, 4096) < 0) {
		int e = -errno;
		close(fd);
		return e;
	}
	return fd;
}

static int add_listener(void *ctx, const char *ifname, uint32_t addr, char *err, size_t errlen)
{
	struct http_io *io = ctx;
	char a[IPV4_STRLEN];
	if (io->nlisteners == HIO_MAX_LISTENERS) {
		snprintf(err, errlen, "http: too many listening sockets (at most %d)", HIO_MAX_LISTENERS);
		return -ENOSPC;
	}
	int fd = tcp_listener(ifname, addr, io->port);
	if (fd < 0) {
		snprintf(err, errlen, "http: cannot listen on %s port %u: %s%s", ifname ? ifname : ipv4_to_str(addr, a),
			 io->port, strerror(-fd),
			 fd == -EADDRINUSE ? " (another web server running?)" :
			 fd == -EACCES || fd == -EPERM ? " (run as root)" : "");
		return fd;
	}
	if (io->port == 0) {
		/* port 0 (tests): the kernel's choice, shared by the others */
		struct sockaddr_in sa;
		socklen_t len = sizeof(sa);
		if (getsockname(fd, (struct sockaddr *)&sa, &len) == 0)
			io->port = ntohs(sa.sin_port);
	}
	struct hio_listener *ls = &io->listeners[io->nlisteners++];
	*ls = (struct hio_listener){ .io = io, .fd = fd, .addr = addr };
	if (ifname)
		str_copy(ls->ifname, sizeof(ls->ifname), ifname);
	return 0;
}

static unsigned threads_of(const struct conf_http *h)
{
	if (h->threads)
		return h->threads;
	long n = sysconf(_SC_NPROCESSORS_ONLN);
	return n < 1 ? 1 : n > CONF_HTTP_THREADS_MAX ? CONF_HTTP_THREADS_MAX : (unsigned)n;
}

static void set_limits(struct http_io *io, const struct conf_http *h)
{
	io->max_conns = h->max_connections ? h->max_connections : CONF_DEFAULT_HTTP_MAX_CONNECTIONS;
	io->max_per_client = h->max_per_client ? h->max_per_client : CONF_DEFAULT_HTTP_MAX_PER_CLIENT;
	io->idle_timeout_s = h->idle_timeout ? h->idle_timeout : CONF_DEFAULT_HTTP_IDLE_TIMEOUT;
	/* each connection is a descriptor, and a file being sent another */
	uint64_t want = (uint64_t)io->max_conns * 2 + 256, have = priv_raise_nofile(want);
	if (have < want) {
		uint32_t fit = have > 768 ? (uint32_t)((have - 256) / 2) : 256;
		log_warn("http: the open-file limit (%llu) allows only %u connections, not %u; raise LimitNOFILE / "
			 "ulimit -n", (unsigned long long)have, fit, io->max_conns);
		io->max_conns = fit;
	}
	/* MHD's limits were set when it started (mhd_limit) */
	if (io->mhd && io->max_conns > io->started_max_conns) {
		log_warn("http: max_connections %u applies after a restart; %u until then", io->max_conns,
			 io->started_max_conns);
		io->max_conns = io->started_max_conns;
	}
	if (io->max_per_client > io->max_conns)
		io->max_per_client = io->max_conns;
}

static int mount_root(struct http_io *io, const char *root)
{
	struct tree *t;
	char err[512];
	int r = tree_dir_open(root, &t, err, sizeof(err));
	if (r < 0) {
		http_io_unmount(io, "/");
		log_warn("http: root %s; requests get 'not found' until it exists and pxed is reloaded", err);
		return r;
	}
	return http_io_mount(io, "/", t);
}

int http_io_open(const struct pxed_conf *conf, struct http_io **ret, char *err, size_t errlen)
{
	const struct conf_http *h = &conf->http;
	struct http_io *io = calloc(1, sizeof(*io));
	if (!io) {
		snprintf(err, errlen, "http: out of memory");
		return -ENOMEM;
	}
	io->jobs_fd = io->mhd_fd = io->pending_fd = -1;
	io->side_loop = (struct hio_side){ .io = io, .bulk = false };
	io->side_bulk = (struct hio_side){ .io = io, .bulk = true };
	io->port = h->port;
	io->threads = threads_of(h);
	io->rl_limit.burst = 1;
	io->rl_refused.burst = 50;
	io->rl_mhd.burst = 20;
	io->root = strdup(h->root ? h->root : CONF_DEFAULT_HTTP_ROOT);
	io->cache = calloc(HIO_CACHE_SLOTS, sizeof(*io->cache));
	if (!io->root || !io->cache || hio_jobs_init(io) < 0) {
		snprintf(err, errlen, "http: out of memory or descriptors");
		http_io_free(io);
		return -ENOMEM;
	}
	set_limits(io, h);
	int r = conf_listen_each(conf, h->interfaces, h->ninterfaces, h->addresses, h->naddresses, add_listener, io, err,
			     errlen);
	if (r < 0) {
		http_io_free(io);
		return r;
	}
	/* the root is opened before the privilege drop too: a root only root
	 * may enter still works, as for TFTP's chroot-like confinement */
	mount_root(io, io->root);
	*ret = io;
	return 0;
}

/* MHD's own limit must never be what refuses a connection: pxed's
 * (over_limits) comes first. libmicrohttpd 0.9.75 leaves a mutex locked when
 * one of its threads reaches its share of the limit, and that thread and
 * the loop then wait for it forever (fixed upstream after 0.9.75). So each
 * bulk thread's share holds every connection pxed allows, and the
 * connections handed over but not yet counted (a burst of accepts). */
static unsigned mhd_limit(const struct http_io *io, bool bulk)
{
	unsigned slack = 16 + HIO_ACCEPT_BURST * HIO_MAX_LISTENERS;
	return bulk ? (io->max_conns + slack) * io->threads : io->max_conns + slack;
}

static struct MHD_Daemon *start_mhd(struct http_io *io, bool bulk)
{
	/* No listening socket: pxed accepts. Turbo: new connections are read
	 * at once instead of after their first readiness event. */
	unsigned flags = MHD_USE_NO_LISTEN_SOCKET | MHD_USE_TURBO | MHD_USE_ERROR_LOG |
			 (bulk ? MHD_USE_EPOLL_INTERNAL_THREAD | MHD_ALLOW_SUSPEND_RESUME : MHD_USE_EPOLL);
	struct MHD_OptionItem pool[] = {
		{ MHD_OPTION_THREAD_POOL_SIZE, (intptr_t)io->threads, NULL },
		{ MHD_OPTION_END, 0, NULL },
	};
	return MHD_start_daemon(flags, 0, NULL, NULL, hio_on_request, io,
				MHD_OPTION_ARRAY, bulk ? pool : pool + 1,
				MHD_OPTION_EXTERNAL_LOGGER, on_mhd_log, io,
				MHD_OPTION_CONNECTION_LIMIT, mhd_limit(io, bulk),
				MHD_OPTION_CONNECTION_TIMEOUT, (unsigned)io->idle_timeout_s,
				MHD_OPTION_CONNECTION_MEMORY_LIMIT, (size_t)HTTP_IO_POOL,
				MHD_OPTION_NOTIFY_CONNECTION, on_connection, bulk ? &io->side_bulk : &io->side_loop,
				MHD_OPTION_NOTIFY_COMPLETED, hio_on_completed, io,
				MHD_OPTION_URI_LOG_CALLBACK, hio_on_uri, io,
				MHD_OPTION_UNESCAPE_CALLBACK, no_unescape, io,
				/* SIGPIPE is ignored process-wide: MHD may use sendfile */
				MHD_OPTION_SIGPIPE_HANDLED_BY_APP, (int)1,
				MHD_OPTION_END);
}

int http_io_start(struct http_io *io, struct loop *loop, char *err, size_t errlen)
{
	io->loop = loop;
	/* Every connection takes HTTP_IO_POOL bytes from malloc and gives them
	 * back when it closes; with glibc's default trim threshold a burst of
	 * short connections moved the heap's end up and down with a brk call
	 * per few requests, which cost more than serving them. */
	mallopt(M_TRIM_THRESHOLD, 16 << 20);
	io->timer = loop_timer_new(loop, on_mhd_timer, io);
	io->rest = loop_timer_new(loop, on_rest_over, io);
	io->pending_fd = eventfd(1, EFD_NONBLOCK | EFD_CLOEXEC);
	if (!io->timer || !io->rest || io->pending_fd < 0) {
		snprintf(err, errlen, "http: out of memory or descriptors");
		return -ENOMEM;
	}
	io->started_max_conns = io->max_conns;
	io->mhd = start_mhd(io, false);
	sigset_t saved;
	loop_threads_begin(&saved);
	io->mhd_bulk = io->mhd ? start_mhd(io, true) : NULL;
	loop_threads_end(&saved);
	if (!io->mhd || !io->mhd_bulk) {
		snprintf(err, errlen, "http: cannot start libmicrohttpd");
		return -ENOMEM;
	}
	const union MHD_DaemonInfo *di = MHD_get_daemon_info(io->mhd, MHD_DAEMON_INFO_EPOLL_FD);
	io->mhd_fd = di ? di->epoll_fd : -1;
	int r = io->mhd_fd < 0 ? -EINVAL : loop_add_fd(loop, io->mhd_fd, EPOLLIN, on_mhd_fd, io);
	if (r == 0)
		r = loop_add_fd(loop, io->pending_fd, 0, on_mhd_fd, io);
	if (r == 0)
		r = hio_jobs_start(io);
	for (size_t i = 0; r == 0 && i < io->nlisteners; i++)
		r = loop_add_fd(loop, io->listeners[i].fd, EPOLLIN, on_listener, &io->listeners[i]);
	if (r < 0) {
		snprintf(err, errlen, "http: event loop: %s", strerror(-r));
		return r;
	}
	log_debug("http: %u threads for connections to bulk prefixes", io->threads);
	for (size_t i = 0; i < io->nlisteners; i++) {
		const struct hio_listener *ls = &io->listeners[i];
		char a[IPV4_STRLEN];
		log_info("http: listening on %s port %u, root %s", ls->ifname[0] ? ls->ifname : ipv4_to_str(ls->addr, a),
			 io->port, io->root);
	}
	return 0;
}

void http_io_reload(struct http_io *io, const struct pxed_conf *conf)
{
	const struct conf_http *h = &conf->http;
	uint32_t old_timeout = io->idle_timeout_s;
	set_limits(io, h);
	if (io->idle_timeout_s != old_timeout)
		log_info("http: idle_timeout applies after a restart (libmicrohttpd keeps it for its life)");
	if (h->port != io->port)
		log_warn("http: port %u applies after a restart; still listening on %u", h->port, io->port);
	if (threads_of(h) != io->threads)
		log_info("http: threads applies after a restart (%u now)", io->threads);
	const char *root = h->root ? h->root : CONF_DEFAULT_HTTP_ROOT;
	if (strcmp(root, io->root) != 0) {
		char *n = strdup(root);
		if (!n) {
			log_error("http: reload: out of memory; keeping root %s", io->root);
			return;
		}
		free(io->root);
		io->root = n;
		if (mount_root(io, root) == 0)
			log_info("http: root is now %s", root);
	}
}

size_t http_io_connections(struct http_io *io)
{
	pthread_mutex_lock(&io->lock);
	size_t n = io->nconns;
	pthread_mutex_unlock(&io->lock);
	return n;
}
uint16_t http_io_port(const struct http_io *io) { return io->port; }
uint64_t http_io_bulk_accepted(const struct http_io *io) { return io->bulk_accepted; }

struct http_io *http_io_free(struct http_io *io)
{
	if (!io)
		return NULL;
	if (io->loop) {
		if (io->mhd_fd >= 0)
			loop_del_fd(io->loop, io->mhd_fd);
		if (io->pending_fd >= 0)
			loop_del_fd(io->loop, io->pending_fd);
		for (size_t i = 0; i < io->nlisteners; i++)
			loop_del_fd(io->loop, io->listeners[i].fd);
	}
	io->timer = loop_timer_free(io->timer);
	io->rest = loop_timer_free(io->rest);
	/* requests waiting for the loop are closed, then the daemons close
	 * every connection; their notifications still find io */
	hio_jobs_stop(io);
	if (io->mhd_bulk)
		MHD_stop_daemon(io->mhd_bulk);
	if (io->mhd)
		MHD_stop_daemon(io->mhd);
	io->mhd = io->mhd_bulk = NULL;
	if (io->pending_fd >= 0)
		close(io->pending_fd);
	hio_jobs_free(io);
	for (size_t i = 0; i < io->nlisteners; i++)
		close(io->listeners[i].fd);
	hio_routes_free(io);
	hio_cache_free(io);
	for (size_t b = 0; b < HIO_CLIENT_BUCKETS; b++)
		while (io->clients[b]) {
			struct hio_client *cl = io->clients[b];
			io->clients[b] = cl->next;
			free(cl);
		}
	free(io->root);
	free(io);
	return NULL;
}
