#include "dhcp_io.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/epoll.h>
#include <unistd.h>

#include "core/log.h"
#include "core/net.h"
#include "core/str.h"
#include "daemon/dhcp_commit.h"
#include "daemon/dhcp_out.h"

/* A burst is what one readiness event drains before committing: large
 * enough that a rack's worth of REQUESTs share one fsync, small enough that
 * the first client in the burst is not kept waiting. */
#define BURST_MAX 128
/* Room for any legal DHCP datagram on Ethernet plus slack, so oversized
 * junk is detected as truncated rather than silently cut. */
#define RX_BUF_SIZE (DHCP_MAX_PAYLOAD + 1024)

struct dhcp_sock {
	struct dhcp_io *io;
	int fd;
	uint16_t port;
	size_t iface; /* index into io->ifaces */
};

struct dhcp_io {
	struct loop *loop;
	struct store *store;
	struct dhcp_server *core;
	const struct pxed_conf *conf;
	struct net_iface *ifaces;
	int *l2fds;
	size_t nifaces;
	struct dhcp_sock *socks;
	size_t nsocks;
	struct dhcp_result *results; /* BURST_MAX, allocated once */
	struct dhcp_out *outs;       /* BURST_MAX replies sent without a commit */
	struct dhcp_commit *commit;
	bool paused;                 /* reading stopped until the commit pipeline has room */
	struct net_rx_slot slots[NET_BATCH_MAX];
	uint8_t *rxbuf;              /* NET_BATCH_MAX receive buffers */
	uint64_t dropped_logged_at;
	unsigned dropped_since_log;
	struct loop_timer *drop_summary; /* says how many drops the rate limit hid */
	dhcp_io_hook_fn hook;
	void *hook_ctx;
};

int dhcp_io_open(const struct pxed_conf *conf, struct dhcp_io **ret, char *err, size_t errlen)
{
	const struct conf_dhcp *d = &conf->dhcp;
	if (d->ninterfaces == 0) {
		snprintf(err, errlen, "dhcp: no interfaces configured (dhcp.interfaces or --interface)");
		return -EINVAL;
	}
	struct dhcp_io *io = calloc(1, sizeof(*io));
	if (!io)
		return -ENOMEM;
	io->conf = conf;
	io->nifaces = d->ninterfaces;
	io->ifaces = calloc(io->nifaces, sizeof(*io->ifaces));
	io->l2fds = calloc(io->nifaces, sizeof(*io->l2fds));
	size_t ports = d->proxy ? 2 : 1;
	io->socks = calloc(io->nifaces * ports, sizeof(*io->socks));
	io->results = calloc(BURST_MAX, sizeof(*io->results));
	io->rxbuf = malloc(NET_BATCH_MAX * RX_BUF_SIZE);
	io->outs = calloc(BURST_MAX, sizeof(*io->outs));
	if (!io->ifaces || !io->l2fds || !io->socks || !io->results || !io->rxbuf || !io->outs) {
		dhcp_io_free(io);
		return -ENOMEM;
	}
	for (size_t i = 0; i < NET_BATCH_MAX; i++)
		io->slots[i] = (struct net_rx_slot){ .buf = io->rxbuf + i * RX_BUF_SIZE, .cap = RX_BUF_SIZE };
	for (size_t i = 0; i < io->nifaces; i++)
		io->l2fds[i] = -1;
	for (size_t i = 0; i < io->nifaces; i++) {
		const char *name = d->interfaces[i];
		int r = net_iface_lookup(name, &io->ifaces[i]);
		if (r < 0) {
			snprintf(err, errlen, "dhcp: interface %s: %s", name, strerror(-r));
			dhcp_io_free(io);
			return r;
		}
		if (io->ifaces[i].addr == 0)
			log_warn("dhcp: interface %s has no IPv4 address; only relayed requests can be answered", name);
		static const uint16_t port_list[2] = { 67, 4011 };
		for (size_t p = 0; p < ports; p++) {
			int fd = net_udp_socket_on(name, port_list[p]);
			if (fd < 0) {
				snprintf(err, errlen, "dhcp: cannot listen on %s port %u: %s%s", name,
					 port_list[p], strerror(-fd),
					 fd == -EADDRINUSE ? " (another DHCP server running?)" :
					 fd == -EACCES || fd == -EPERM ? " (run as root)" : "");
				dhcp_io_free(io);
				return fd;
			}
			io->socks[io->nsocks++] = (struct dhcp_sock){ .io = io, .fd = fd, .port = port_list[p], .iface = i };
		}
		int l2 = net_l2_socket(io->ifaces[i].ifindex);
		if (l2 < 0)
			log_warn("dhcp: no link-layer socket on %s (%s): replies to clients without an address will be broadcast",
				 name, strerror(-l2));
		io->l2fds[i] = l2;
	}
	*ret = io;
	return 0;
}

static int load_lease(void *ctx, const struct dhcp_lease *l)
{
	return dhcp_server_load_lease(ctx, l);
}

static int reload_leases(struct dhcp_io *io)
{
	dhcp_server_clear_leases(io->core);
	return store_lease_foreach(io->store, load_lease, io->core);
}

static void log_event(struct dhcp_io *io, const struct dhcp_event *ev)
{
	if (ev->kind == DHCP_EV_NONE)
		return;
	if (ev->kind == DHCP_EV_DROPPED && ev->level <= LOG_LVL_WARN) {
		/* a flood of garbage must not become a flood of log lines */
		uint64_t now = loop_now_ms(io->loop);
		if (io->dropped_logged_at && now - io->dropped_logged_at < 1000) {
			if (io->dropped_since_log++ == 0)
				loop_timer_arm(io->drop_summary, io->dropped_logged_at + 1000);
			return;
		}
		io->dropped_logged_at = now;
	}
	log_msg((enum log_level)ev->level, "dhcp: %s", ev->text);
}

static void on_drop_summary(struct loop *l, struct loop_timer *t, void *ctx)
{
	struct dhcp_io *io = ctx;
	if (io->dropped_since_log)
		log_warn("dhcp: %u more malformed packets dropped in the last second", io->dropped_since_log);
	io->dropped_since_log = 0;
	io->dropped_logged_at = loop_now_ms(l);
}

/* The socket a reply leaves from: the boot-server port's when it answers
 * a 4011 request, else the one the request came in on. */
static int reply_fd(const struct dhcp_io *io, const struct dhcp_sock *s, uint16_t src_port)
{
	for (size_t i = 0; i < io->nsocks; i++)
		if (io->socks[i].iface == s->iface && io->socks[i].port == src_port)
			return io->socks[i].fd;
	return s->fd;
}

/* Replies that need no commit (OFFERs, NAKs, INFORM answers) leave at
 * once; the others wait in the commit pipeline for their fsync. */
static void dispatch_burst(struct dhcp_io *io, const struct dhcp_sock *s, size_t n)
{
	const struct net_iface *ifc = &io->ifaces[s->iface];
	size_t now_n = 0;
	for (size_t i = 0; i < n; i++) {
		const struct dhcp_result *res = &io->results[i];
		struct dhcp_out *o = &io->outs[now_n];
		if (res->has_tx)
			dhcp_out_resolve(o, &res->tx, reply_fd(io, s, res->tx.src_port), io->l2fds[s->iface],
					 ifc->ifindex, ifc->addr);
		if (res->nmut == 0) {
			now_n += res->has_tx;
			continue;
		}
		if (dhcp_commit_queue(io->commit, res->mut, res->nmut, res->has_tx ? o : NULL) < 0)
			log_error("dhcp: commit queue full; a reply is dropped (the client will retry)");
	}
	dhcp_out_send(io->outs, now_n);
	dhcp_commit_flush(io->commit);
}

static void set_reading(struct dhcp_io *io, bool on)
{
	if (io->paused == !on)
		return;
	io->paused = !on;
	for (size_t i = 0; i < io->nsocks; i++)
		loop_mod_fd(io->loop, io->socks[i].fd, on ? EPOLLIN : 0);
}

static void on_commit_failed(void *ctx)
{
	struct dhcp_io *io = ctx;
	/* the core applied changes the store refused: make it agree again */
	if (reload_leases(io) < 0)
		log_error("dhcp: reloading leases from the store failed: %s", store_errmsg(io->store));
}

static void on_commit_room(void *ctx)
{
	struct dhcp_io *io = ctx;
	if (dhcp_commit_room(io->commit) >= BURST_MAX)
		set_reading(io, true);
}

static void handle_datagram(struct dhcp_io *io, const struct dhcp_sock *s, const struct net_rx_slot *in,
			    int64_t now, size_t *n)
{
	const struct net_iface *ifc = &io->ifaces[s->iface];
	char ip[IPV4_STRLEN];
	if (in->len > in->cap) {
		struct dhcp_event ev = { .kind = DHCP_EV_DROPPED, .level = LOG_LVL_WARN };
		snprintf(ev.text, sizeof(ev.text), "dropped an oversized datagram (over %zu bytes) from %s:%u on %s",
			 in->cap, ipv4_to_str(in->meta.src_ip, ip), in->meta.src_port, ifc->name);
		log_event(io, &ev);
		return;
	}
	struct dhcp_rx rx = {
		.data = in->buf,
		.len = in->len,
		.src_ip = in->meta.src_ip,
		.src_port = in->meta.src_port,
		.dst_ip = in->meta.dst_ip,
		.local_port = s->port,
		.ifindex = ifc->ifindex,
		.ifname = ifc->name,
		.if_addr = ifc->addr,
		.if_netmask = ifc->netmask,
	};
	struct dhcp_result *res = &io->results[*n];
	int r = dhcp_server_handle(io->core, &rx, now, res);
	if (r < 0) {
		log_error("dhcp: internal error handling a packet from %s: %s", ipv4_to_str(rx.src_ip, ip),
			  strerror(-r));
		return;
	}
	log_event(io, &res->ev);
	if (io->hook && (res->ev.kind == DHCP_EV_ACK || res->ev.kind == DHCP_EV_BOOTP ||
			 res->ev.kind == DHCP_EV_PROXY || res->ev.kind == DHCP_EV_OFFER ||
			 res->ev.kind == DHCP_EV_PROXY_REQUEST))
		io->hook(io->hook_ctx, &res->ev, ifc->addr);
	(*n)++;
}

void dhcp_io_set_hook(struct dhcp_io *io, dhcp_io_hook_fn fn, void *ctx)
{
	io->hook = fn;
	io->hook_ctx = ctx;
}

static void on_readable(struct loop *loop, int fd, uint32_t events, void *ctx)
{
	struct dhcp_sock *s = ctx;
	struct dhcp_io *io = s->io;
	size_t n = 0;
	int64_t now = loop_wall_time(loop);
	if (dhcp_commit_room(io->commit) < BURST_MAX) {
		/* the disk is behind: let the kernel queue requests until it catches up */
		set_reading(io, false);
		return;
	}

	/* reads are bounded too, so a flood of junk cannot starve the loop */
	for (int reads = 0; n < BURST_MAX && reads < 4; reads++) {
		unsigned want = BURST_MAX - n < NET_BATCH_MAX ? (unsigned)(BURST_MAX - n) : NET_BATCH_MAX;
		int got = net_udp_recv_batch(fd, io->slots, want);
		if (got < 0) {
			log_warn("dhcp: receive on %s: %s", io->ifaces[s->iface].name, strerror(-got));
			break;
		}
		for (int i = 0; i < got; i++)
			handle_datagram(io, s, &io->slots[i], now, &n);
		if ((unsigned)got < want)
			break;
	}
	if (n)
		dispatch_burst(io, s, n);
}

int dhcp_io_start(struct dhcp_io *io, struct loop *loop, struct store *store, char *err, size_t errlen)
{
	io->loop = loop;
	io->store = store;
	io->core = dhcp_server_new(io->conf);
	if (!io->core) {
		snprintf(err, errlen, "dhcp: out of memory");
		return -ENOMEM;
	}
	io->drop_summary = loop_timer_new(loop, on_drop_summary, io);
	if (!io->drop_summary) {
		snprintf(err, errlen, "dhcp: out of memory");
		return -ENOMEM;
	}
	int r = reload_leases(io);
	if (r < 0) {
		snprintf(err, errlen, "dhcp: loading leases: %s", store_errmsg(store));
		return r;
	}
	log_info("dhcp: %zu leases loaded from the store", dhcp_server_lease_count(io->core));
	static const struct dhcp_commit_ops ops = { .failed = on_commit_failed, .room = on_commit_room };
	r = dhcp_commit_new(loop, store, &ops, io, &io->commit);
	if (r < 0) {
		snprintf(err, errlen, "dhcp: commit thread: %s", strerror(-r));
		return r;
	}
	dhcp_server_set_text_level(io->core, log_get_level());
	for (size_t i = 0; i < io->nsocks; i++) {
		r = loop_add_fd(loop, io->socks[i].fd, EPOLLIN, on_readable, &io->socks[i]);
		if (r < 0) {
			snprintf(err, errlen, "dhcp: event loop: %s", strerror(-r));
			return r;
		}
		const struct net_iface *ifc = &io->ifaces[io->socks[i].iface];
		char a[IPV4_STRLEN];
		log_info("dhcp: listening on %s (%s) port %u%s", ifc->name, ipv4_to_str(ifc->addr, a),
			 io->socks[i].port, io->conf->dhcp.proxy ? ", proxyDHCP" : "");
	}
	return 0;
}

void dhcp_io_reload(struct dhcp_io *io, const struct pxed_conf *conf)
{
	io->conf = conf;
	for (size_t i = 0; i < io->nifaces; i++) {
		struct net_iface fresh;
		if (net_iface_lookup(io->ifaces[i].name, &fresh) == 0)
			io->ifaces[i] = fresh;
		else
			log_warn("dhcp: interface %s disappeared; keeping its old address", io->ifaces[i].name);
	}
	bool same = conf->dhcp.ninterfaces == io->nifaces;
	for (size_t i = 0; same && i < io->nifaces; i++)
		same = strcmp(conf->dhcp.interfaces[i], io->ifaces[i].name) == 0;
	if (!same)
		log_warn("dhcp: the interface list changed; it takes effect at the next restart");
	if (io->core) {
		dhcp_server_set_conf(io->core, conf);
		dhcp_server_set_text_level(io->core, log_get_level());
	}
}

struct dhcp_io *dhcp_io_free(struct dhcp_io *io)
{
	if (!io)
		return NULL;
	/* queued replies still go out, so the sockets close after this */
	io->commit = dhcp_commit_free(io->commit);
	for (size_t i = 0; i < io->nsocks; i++) {
		if (io->loop)
			loop_del_fd(io->loop, io->socks[i].fd);
		close(io->socks[i].fd);
	}
	for (size_t i = 0; i < io->nifaces; i++)
		if (io->l2fds && io->l2fds[i] >= 0)
			close(io->l2fds[i]);
	loop_timer_free(io->drop_summary);
	dhcp_server_free(io->core);
	free(io->socks);
	free(io->l2fds);
	free(io->ifaces);
	free(io->results);
	free(io->rxbuf);
	free(io->outs);
	free(io);
	return NULL;
}
