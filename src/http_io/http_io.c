/* The HTTP shell's front door: listening sockets, accepting under the
 * limits, and MHD driven by the loop (its epoll descriptor, its queued work,
 * its timeouts). */
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

bool hio_ratelog_ok(struct http_io *io, struct hio_ratelog *rl, unsigned *suppressed)
{
	uint64_t now = io->loop ? loop_now_ms(io->loop) : 0;
	if (!rl->window_ms || now - rl->window_ms >= RATELOG_INTERVAL_MS) {
		rl->window_ms = now ? now : 1;
		rl->used = 0;
	}
	if (rl->used >= rl->burst) {
		rl->suppressed++;
		return false;
	}
	rl->used++;
	*suppressed = rl->suppressed;
	rl->suppressed = 0;
	return true;
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

/* ---- MHD on the loop ---- */

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

static void on_connection(void *cls, struct MHD_Connection *mc, void **socket_context,
			  enum MHD_ConnectionNotificationCode code)
{
	struct http_io *io = cls;
	if (code == MHD_CONNECTION_NOTIFY_STARTED) {
		struct http_conn *c = calloc(1, sizeof(*c));
		*socket_context = c;
		if (!c)
			return; /* its requests are refused (hio_on_uri returns NULL) */
		c->io = io;
		c->mhd = mc;
		const union MHD_ConnectionInfo *ci = MHD_get_connection_info(mc, MHD_CONNECTION_INFO_CLIENT_ADDRESS);
		if (ci && ci->client_addr && ci->client_addr->sa_family == AF_INET) {
			const struct sockaddr_in *sin = (const struct sockaddr_in *)(const void *)ci->client_addr;
			c->client_ip = ntohl(sin->sin_addr.s_addr);
			c->client_port = ntohs(sin->sin_port);
		}
		client_add(io, c->client_ip);
		io->nconns++;
		return;
	}
	struct http_conn *c = *socket_context;
	if (!c)
		return;
	client_del(io, c->client_ip);
	io->nconns--;
	free(c->uri);
	buf_free(&c->body);
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
	if (io->nconns >= io->max_conns) {
		if (hio_ratelog_ok(io, &io->rl_limit, &held))
			log_warn("http: %zu connections open (http.max_connections): refusing new ones (503), e.g. "
				 "from %s%s", io->nconns, ipv4_to_str(ip, a), held ? " (and more refusals)" : "");
		return true;
	}
	uint32_t n = client_count(io, ip);
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
		/* MHD closes the socket itself when it cannot take it */
		if (MHD_add_connection(io->mhd, cfd, (struct sockaddr *)&sa, len) != MHD_YES) {
			unsigned held;
			char a[IPV4_STRLEN];
			if (hio_ratelog_ok(io, &io->rl_limit, &held))
				log_warn("http: cannot take a connection from %s: %s", ipv4_to_str(ip, a),
					 strerror(errno));
			continue;
		}
		added = true;
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
	io->mhd_fd = io->pending_fd = -1;
	io->port = h->port;
	io->rl_limit.burst = 1;
	io->rl_refused.burst = 50;
	io->rl_mhd.burst = 20;
	io->root = strdup(h->root ? h->root : CONF_DEFAULT_HTTP_ROOT);
	io->cache = calloc(HIO_CACHE_SLOTS, sizeof(*io->cache));
	if (!io->root || !io->cache) {
		snprintf(err, errlen, "http: out of memory");
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
	/* No listening socket and no thread: pxed accepts, MHD parses and
	 * sends, all on this loop. Turbo: new connections are read at once
	 * instead of after their first readiness event. */
	unsigned flags = MHD_USE_EPOLL | MHD_USE_NO_LISTEN_SOCKET | MHD_USE_TURBO | MHD_USE_ERROR_LOG;
	io->mhd = MHD_start_daemon(flags, 0, NULL, NULL, hio_on_request, io,
				   MHD_OPTION_EXTERNAL_LOGGER, on_mhd_log, io,
				   MHD_OPTION_CONNECTION_LIMIT, (unsigned)io->max_conns + 16,
				   MHD_OPTION_CONNECTION_TIMEOUT, (unsigned)io->idle_timeout_s,
				   MHD_OPTION_CONNECTION_MEMORY_LIMIT, (size_t)HTTP_IO_POOL,
				   MHD_OPTION_NOTIFY_CONNECTION, on_connection, io,
				   MHD_OPTION_NOTIFY_COMPLETED, hio_on_completed, io,
				   MHD_OPTION_URI_LOG_CALLBACK, hio_on_uri, io,
				   MHD_OPTION_UNESCAPE_CALLBACK, no_unescape, io,
				   /* SIGPIPE is ignored process-wide: MHD may use sendfile */
				   MHD_OPTION_SIGPIPE_HANDLED_BY_APP, (int)1,
				   MHD_OPTION_END);
	if (!io->mhd) {
		snprintf(err, errlen, "http: cannot start libmicrohttpd");
		return -ENOMEM;
	}
	const union MHD_DaemonInfo *di = MHD_get_daemon_info(io->mhd, MHD_DAEMON_INFO_EPOLL_FD);
	io->mhd_fd = di ? di->epoll_fd : -1;
	int r = io->mhd_fd < 0 ? -EINVAL : loop_add_fd(loop, io->mhd_fd, EPOLLIN, on_mhd_fd, io);
	if (r == 0)
		r = loop_add_fd(loop, io->pending_fd, 0, on_mhd_fd, io);
	for (size_t i = 0; r == 0 && i < io->nlisteners; i++)
		r = loop_add_fd(loop, io->listeners[i].fd, EPOLLIN, on_listener, &io->listeners[i]);
	if (r < 0) {
		snprintf(err, errlen, "http: event loop: %s", strerror(-r));
		return r;
	}
	for (size_t i = 0; i < io->nlisteners; i++) {
		const struct hio_listener *ls = &io->listeners[i];
		char a[IPV4_STRLEN];
		if (ls->ifname[0])
			log_info("http: listening on %s port %u, root %s", ls->ifname, io->port, io->root);
		else
			log_info("http: listening on %s port %u, root %s", ipv4_to_str(ls->addr, a), io->port, io->root);
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

size_t http_io_connections(const struct http_io *io) { return io->nconns; }
uint16_t http_io_port(const struct http_io *io) { return io->port; }

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
	/* closes every connection; their notifications still find io */
	if (io->mhd)
		MHD_stop_daemon(io->mhd);
	io->mhd = NULL;
	if (io->pending_fd >= 0)
		close(io->pending_fd);
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
