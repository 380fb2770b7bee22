/* The TFTP shell's front door: listening sockets, request validation,
 * limits, path resolution through the providers, and settings. */
#include "tftp_io/tftp_io.h"

#include <errno.h>
#include <net/if.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/epoll.h>
#include <sys/ioctl.h>
#include <sys/resource.h>
#include <unistd.h>

#include "core/log.h"
#include "core/net.h"
#include "core/priv.h"
#include "core/str.h"
#include "tftp/tftp_pkt.h"
#include "tftp_io/tftp_io_impl.h"
#include "tftp_io/tftp_path.h"
#include "tftp_io/tftp_source_disk.h"

/* Requests one readiness event of a listening socket may take before the
 * loop serves the running transfers again. */
#define LISTEN_BURST 64
/* MTU answers are re-read this often (an operator may change an MTU). */
#define MTU_TTL_MS 10000

/* ---- rate-limited logging ---- */

static void on_ratelog(struct loop *l, struct loop_timer *t, void *ctx)
{
	struct tio_ratelog *rl = ctx;
	if (rl->suppressed)
		log_warn("tftp: %u more %s in the last %u s", rl->suppressed, rl->what, rl->interval_ms / 1000);
	rl->suppressed = 0;
}

bool tio_ratelog_ok(struct tftp_io *io, struct tio_ratelog *rl)
{
	uint64_t now = loop_now_ms(io->loop);
	if (!rl->window_ms || now - rl->window_ms >= rl->interval_ms) {
		rl->window_ms = now ? now : 1;
		rl->used = 0;
	}
	if (rl->used < rl->burst) {
		rl->used++;
		return true;
	}
	if (rl->suppressed++ == 0 && rl->timer)
		loop_timer_arm(rl->timer, rl->window_ms + rl->interval_ms);
	return false;
}

static int ratelog_init(struct tftp_io *io, struct tio_ratelog *rl, unsigned burst, uint32_t interval_ms,
			const char *what)
{
	rl->burst = burst;
	rl->interval_ms = interval_ms;
	rl->what = what;
	rl->timer = loop_timer_new(io->loop, on_ratelog, rl);
	return rl->timer ? 0 : -ENOMEM;
}

/* ---- settings ---- */

static void settings_free(struct tio_settings *s)
{
	free(s->upload_dir);
	free(s->root);
	memset(s, 0, sizeof(*s));
}

static int settings_from_conf(const struct conf_tftp *t, struct tio_settings *s)
{
	memset(s, 0, sizeof(*s));
	s->max_transfers = t->max_transfers ? t->max_transfers : CONF_DEFAULT_TFTP_MAX_TRANSFERS;
	s->max_per_client = t->max_per_client ? t->max_per_client : CONF_DEFAULT_TFTP_MAX_PER_CLIENT;
	s->blksize_max = t->blksize_max ? t->blksize_max : CONF_DEFAULT_TFTP_BLKSIZE_MAX;
	s->windowsize_max = t->windowsize_max ? t->windowsize_max : CONF_DEFAULT_TFTP_WINDOWSIZE_MAX;
	s->timeout_min_ms = t->timeout_min_ms ? t->timeout_min_ms : CONF_DEFAULT_TFTP_TIMEOUT_MIN_MS;
	s->retries = t->retries ? t->retries : CONF_DEFAULT_TFTP_RETRIES;
	s->upload_max = t->upload_max_size ? t->upload_max_size : CONF_DEFAULT_TFTP_UPLOAD_MAX_SIZE;
	s->root = strdup(t->root ? t->root : CONF_DEFAULT_TFTP_ROOT);
	if (t->upload_dir)
		s->upload_dir = strdup(t->upload_dir);
	if (!s->root || (t->upload_dir && !s->upload_dir)) {
		settings_free(s);
		return -ENOMEM;
	}
	return 0;
}

/* One socket per transfer: the descriptor limit must allow max_transfers
 * of them. Raises the soft limit toward the hard one; if that is not
 * enough, the transfer limit shrinks to what fits. */
static void fit_fd_limit(struct tio_settings *s)
{
	uint64_t want = (uint64_t)s->max_transfers + 256, have = priv_raise_nofile(want);
	if (have < want) {
		uint32_t fit = have > 512 ? (uint32_t)(have - 256) : 256;
		log_warn("tftp: the open-file limit (%llu) allows only %u concurrent transfers, not %u; raise "
			 "LimitNOFILE / ulimit -n", (unsigned long long)have, fit, s->max_transfers);
		s->max_transfers = fit;
		if (s->max_per_client > fit)
			s->max_per_client = fit;
	}
}

/* ---- interface MTUs ---- */

uint32_t tio_mtu(struct tftp_io *io, int ifindex)
{
	uint64_t now = loop_now_ms(io->loop);
	struct tio_mtu *slot = &io->mtus[0];
	for (size_t i = 0; i < TIO_MTU_CACHE; i++) {
		struct tio_mtu *m = &io->mtus[i];
		if (m->ifindex == ifindex && m->mtu && now - m->checked_ms < MTU_TTL_MS)
			return m->mtu;
		if (m->ifindex == ifindex || m->checked_ms < slot->checked_ms)
			slot = m;
		if (m->ifindex == ifindex)
			break;
	}
	/* unknown: the Ethernet default, the safe guess */
	uint32_t mtu = 1500;
	struct ifreq ifr;
	memset(&ifr, 0, sizeof(ifr));
	if (ifindex > 0 && if_indextoname((unsigned)ifindex, ifr.ifr_name) && io->ioctl_fd >= 0 &&
	    ioctl(io->ioctl_fd, SIOCGIFMTU, &ifr) == 0 && ifr.ifr_mtu >= 68)
		mtu = (uint32_t)ifr.ifr_mtu;
	*slot = (struct tio_mtu){ .ifindex = ifindex, .mtu = mtu, .checked_ms = now };
	return mtu;
}

/* ---- requests ---- */

/* Where replies come from: the address the request was sent to, so the
 * client sees the server it asked; for a broadcast request, the listening
 * interface's own address. */
static uint32_t local_addr(const struct tio_listener *ls, const struct net_rx_meta *m)
{
	uint32_t a = m->dst_ip;
	bool bcast = a == UINT32_MAX || (a >> 28) == 14 ||
		     (ls->netmask && ls->addr && (a & ~ls->netmask) == ~ls->netmask);
	return bcast ? ls->addr : a;
}

/* An ERROR for a request, from the listening socket. */
static void send_error(struct tio_listener *ls, const struct net_rx_meta *m, uint16_t code, const char *msg)
{
	uint8_t buf[TFTP_ERRMSG_MAX + 8];
	int n = tftp_pkt_build_error(buf, sizeof(buf), code, msg);
	if (n > 0)
		net_udp_send(ls->fd, buf, (size_t)n, m->src_ip, m->src_port, local_addr(ls, m), 0);
}

static const char *client_str(const struct net_rx_meta *m, char buf[IPV4_STRLEN + 8])
{
	char ip[IPV4_STRLEN];
	snprintf(buf, IPV4_STRLEN + 8, "%s:%u", ipv4_to_str(m->src_ip, ip), m->src_port);
	return buf;
}

static const char *refusal_text(int e)
{
	switch (e) {
	case -EACCES: return "'..' would leave the root";
	case -EINVAL: return "empty path component or control character";
	case -ENAMETOOLONG: return "name too long";
	case -EXDEV: return "resolves outside the root (symlink)";
	case -ELOOP: return "too many or forbidden symlinks";
	case -EPERM: return "permission denied";
	case -EISDIR: return "is a directory";
	default: return strerror(-e);
	}
}

static void refuse(struct tftp_io *io, struct tio_listener *ls, const struct net_rx_meta *m, const char *what,
		   const char *name, int e)
{
	send_error(ls, m, TFTP_EACCESS, e == -EISDIR ? "not a regular file" : NULL);
	if (tio_ratelog_ok(io, &io->rl_refused)) {
		char c[IPV4_STRLEN + 8];
		log_warn("tftp: refused %s of '%s' from %s: %s", what, name, client_str(m, c), refusal_text(e));
	}
}

static bool over_limits(struct tftp_io *io, const struct net_rx_meta *m)
{
	char c[IPV4_STRLEN + 8];
	if (io->nxfers >= io->set.max_transfers) {
		if (tio_ratelog_ok(io, &io->rl_global))
			log_warn("tftp: %u concurrent transfers (tftp.max_transfers): dropping new requests, e.g. from "
				 "%s; clients retry", io->set.max_transfers, client_str(m, c));
		return true;
	}
	uint32_t n = 0;
	size_t b = (size_t)(((uint64_t)m->src_ip * 0x9e3779b97f4a7c15ull) >> 40) % TIO_CLIENT_BUCKETS;
	for (struct tio_client *cl = io->clients[b]; cl; cl = cl->next)
		if (cl->ip == m->src_ip)
			n = cl->n;
	if (n >= io->set.max_per_client) {
		if (tio_ratelog_ok(io, &io->rl_client))
			log_warn("tftp: %s has %u transfers running (tftp.max_per_client): dropping its new requests",
				 ipv4_to_str(m->src_ip, c), n);
		return true;
	}
	return false;
}

static void xfer_conf(struct tftp_io *io, const struct tio_listener *ls, const struct net_rx_meta *m,
		      struct tftp_xfer_conf *xc)
{
	(void)ls;
	/* the largest datagram that crosses the arrival link unfragmented:
	 * MTU - IP (20) - UDP (8) - TFTP (4); loopback allows the maximum */
	uint32_t mtu = tio_mtu(io, m->ifindex);
	uint32_t blk = mtu > 32 + TFTP_BLKSIZE_MIN ? mtu - 32 : TFTP_BLKSIZE_MIN;
	if (blk > io->set.blksize_max)
		blk = io->set.blksize_max;
	if (blk > TFTP_BLKSIZE_MAX)
		blk = TFTP_BLKSIZE_MAX;
	*xc = (struct tftp_xfer_conf){
		.blksize_max = blk,
		.windowsize_max = io->set.windowsize_max,
		.rto_min_ms = io->set.timeout_min_ms,
		.max_retries = io->set.retries,
		.write_max = io->set.upload_max,
	};
}

static void handle_request(struct tftp_io *io, struct tio_listener *ls, const struct net_rx_meta *m,
			   const struct tftp_pkt *p, uint64_t req_hash)
{
	char c[IPV4_STRLEN + 8], shown[TIO_NAME_LOG];
	str_escape(shown, sizeof(shown), p->filename, p->filename_len);
	bool wrq = p->op == TFTP_WRQ;
	const char *what = wrq ? "upload" : "read";

	struct tio_xfer *old = tio_xfer_find(io, m->src_ip, m->src_port);
	/* A client that finished a file and asks again from the same port
	 * (a reused ephemeral port) may have its final ACK still queued on
	 * the old transfer's socket, behind this request in the loop's order:
	 * handle it first. */
	if (old && !tio_xfer_poll(old))
		old = NULL;
	if (old) {
		/* The same request again while its transfer runs: the client
		 * missed our first packet (the transfer resends it by itself), or
		 * this is a retransmission that waited in the queue while the
		 * transfer got going -- pxelinux resends its request after 110 ms,
		 * and a fleet booting at once queues many. It must not end the
		 * transfer the client is using; a client that really started over
		 * on this port gets its answer once the old transfer times out. */
		if (strcmp(old->name, shown) == 0 && old->write == wrq) {
			log_debug("tftp: %s repeated its request for '%s' (transfer %s); ignored", client_str(m, c),
				  shown, old->rx_count ? "under way" : "resends by itself");
			return;
		}
		/* the client moved on from that transfer: end it quietly */
		tio_xfer_drop(old, "superseded by a new request from the same port");
	}
	if (over_limits(io, m))
		return;
	if (wrq && !io->set.upload_dir) {
		send_error(ls, m, TFTP_EACCESS, "writes are disabled");
		if (tio_ratelog_ok(io, &io->rl_refused))
			log_warn("tftp: refused upload of '%s' from %s: writes are disabled (tftp.upload_dir)", shown,
				 client_str(m, c));
		return;
	}
	char path[TFTP_PATH_MAX];
	int r = tftp_path_normalize(p->filename, p->filename_len, wrq ? io->set.upload_dir : io->set.root, path,
				    sizeof(path));
	if (r < 0) {
		refuse(io, ls, m, what, shown, r);
		return;
	}
	struct tftp_req_info ri = { .client_ip = m->src_ip, .client_port = m->src_port, .local_ip = m->dst_ip,
				    .ifindex = m->ifindex };
	struct tftp_source *src = NULL;
	struct tftp_upload *up = NULL;
	if (wrq)
		r = tftp_upload_open(io->set.upload_dir, path, &up);
	else
		r = tftp_providers_open(io->providers, io->nproviders, path, &ri, &src);
	if (r < 0) {
		if (r == -ENOENT || r == -ENOTDIR) {
			send_error(ls, m, TFTP_ENOTFOUND, NULL);
			log_debug("tftp: %s: '%s' not found", client_str(m, c), shown);
		} else if (r == -EEXIST) {
			send_error(ls, m, TFTP_EEXISTS, NULL);
			log_info("tftp: refused upload of '%s' from %s: the file exists", shown, client_str(m, c));
		} else if (r == -EACCES || r == -EPERM || r == -EXDEV || r == -ELOOP || r == -EISDIR ||
			   r == -ENAMETOOLONG) {
			refuse(io, ls, m, what, shown, r);
		} else {
			send_error(ls, m, TFTP_EUNDEF, "cannot open the file");
			log_warn("tftp: %s of '%s' from %s: %s", what, shown, client_str(m, c), strerror(-r));
		}
		return;
	}
	struct tftp_xfer_conf xc;
	xfer_conf(io, ls, m, &xc);
	/* Served from this very port a moment ago: most likely a copy of that
	 * request that waited in a queue (a booting fleet) and that nobody
	 * reads. Answered all the same -- a client may really ask again -- but
	 * given up after a few resends if nobody acknowledges. */
	if (!wrq && tftp_recent_seen(io->recent, m->src_ip, m->src_port, req_hash, loop_now_ms(io->loop))) {
		xc.unanswered_retries = TIO_LATE_RETRIES;
		log_debug("tftp: %s asks for '%s' again, as it did a moment ago", client_str(m, c), shown);
	}
	r = tio_xfer_start(io, p, req_hash, src, up, &xc, m->src_ip, m->src_port, local_addr(ls, m), shown);
	if (r < 0) {
		send_error(ls, m, TFTP_EUNDEF, "server out of resources");
		log_warn("tftp: cannot start the %s of '%s' for %s: %s", what, shown, client_str(m, c), strerror(-r));
		return;
	}
	log_debug("tftp: %s %s '%s'", client_str(m, c), what, shown);
}

static void handle_datagram(struct tftp_io *io, struct tio_listener *ls, const struct net_rx_meta *m,
			    const uint8_t *buf, size_t len)
{
	char c[IPV4_STRLEN + 8];
	if (m->src_port == 0)
		return; /* nothing can be sent back */
	struct tftp_pkt p;
	int r = tftp_pkt_parse(buf, len, &p);
	if (r < 0) {
		/* an ERROR is never answered, even a broken one */
		if (len >= 2 && buf[0] == 0 && buf[1] == TFTP_ERROR)
			return;
		const char *msg;
		enum tftp_err code = tftp_pkt_parse_refusal(r, &msg);
		send_error(ls, m, (uint16_t)code, msg);
		if (tio_ratelog_ok(io, &io->rl_bad))
			log_warn("tftp: bad request from %s (%zu bytes, opcode %u): %s", client_str(m, c), len,
				 len >= 2 ? (unsigned)(buf[0] << 8 | buf[1]) : 0u, msg ? msg : tftp_err_name(code));
		return;
	}
	if (p.op == TFTP_RRQ || p.op == TFTP_WRQ) {
		handle_request(io, ls, m, &p, tftp_recent_hash(buf, len));
		return;
	}
	if (p.op == TFTP_ERROR)
		return;
	/* DATA/ACK/OACK belong on a transfer's port, not here. Not worth a
	 * warning: tftp-hpa's client ACKs an ERROR to where it came from. */
	send_error(ls, m, TFTP_EBADID, NULL);
	log_debug("tftp: %s sent %s to the request port; answered ERROR 5", client_str(m, c), tftp_op_name(p.op));
}

static void on_listener(struct loop *l, int fd, uint32_t events, void *ctx)
{
	struct tio_listener *ls = ctx;
	struct tftp_io *io = ls->io;
	/* requests are small; anything longer than a maximal packet is junk */
	uint8_t buf[TFTP_PKT_MAX];
	for (int i = 0; i < LISTEN_BURST; i++) {
		struct net_rx_meta m;
		long n = net_udp_recv(fd, buf, sizeof(buf), &m);
		if (n == -EAGAIN)
			break;
		if (n < 0) {
			log_warn("tftp: receive on port %u: %s", io->port, strerror((int)-n));
			break;
		}
		if ((size_t)n > sizeof(buf)) {
			if (tio_ratelog_ok(io, &io->rl_bad)) {
				char c[IPV4_STRLEN + 8];
				log_warn("tftp: dropped an oversized datagram from %s", client_str(&m, c));
			}
			continue;
		}
		handle_datagram(io, ls, &m, buf, (size_t)n);
	}
}

/* ---- life cycle ---- */

static int add_listener(void *ctx, const char *ifname, uint32_t addr, char *err, size_t errlen)
{
	struct tftp_io *io = ctx;
	if (io->nlisteners == TIO_MAX_LISTENERS) {
		snprintf(err, errlen, "tftp: too many listening sockets (at most %d)", TIO_MAX_LISTENERS);
		return -ENOSPC;
	}
	struct tio_listener *ls = &io->listeners[io->nlisteners];
	*ls = (struct tio_listener){ .io = io, .fd = -1, .addr = addr };
	char a[IPV4_STRLEN];
	int fd;
	if (ifname) {
		struct net_iface ifc;
		int r = net_iface_lookup(ifname, &ifc);
		if (r < 0) {
			snprintf(err, errlen, "tftp: interface %s: %s", ifname, strerror(-r));
			return r;
		}
		str_copy(ls->ifname, sizeof(ls->ifname), ifname);
		ls->addr = ifc.addr;
		ls->netmask = ifc.netmask;
		fd = net_udp_socket_on(ifname, io->port);
	} else {
		fd = net_udp_socket_addr(addr, io->port);
	}
	if (fd < 0) {
		snprintf(err, errlen, "tftp: cannot listen on %s port %u: %s%s", ifname ? ifname : ipv4_to_str(addr, a),
			 io->port, strerror(-fd),
			 fd == -EADDRINUSE ? " (another TFTP server running?)" :
			 fd == -EACCES || fd == -EPERM ? " (run as root)" : "");
		return fd;
	}
	ls->fd = fd;
	io->nlisteners++;
	return 0;
}

int tftp_io_open(const struct pxed_conf *conf, struct tftp_io **ret, char *err, size_t errlen)
{
	const struct conf_tftp *t = &conf->tftp;
	struct tftp_io *io = calloc(1, sizeof(*io));
	if (!io)
		return -ENOMEM;
	io->ioctl_fd = -1;
	io->port = t->port ? t->port : CONF_DEFAULT_TFTP_PORT;
	int r = settings_from_conf(t, &io->set);
	if (r == 0) {
		io->rx = malloc((size_t)TIO_RX_BATCH * TIO_RX_SLOT);
		io->tx = malloc(TIO_TX_SCRATCH);
		io->ra = malloc(TIO_RA_MAX);
		io->disk = tftp_disk_new(io->set.root, 0);
		io->recent = calloc(1, sizeof(*io->recent));
		if (!io->rx || !io->tx || !io->ra || !io->disk || !io->recent)
			r = -ENOMEM;
	}
	if (r < 0) {
		snprintf(err, errlen, "tftp: out of memory");
		tftp_io_free(io);
		return r;
	}
	io->providers[io->nproviders++] = io->disk;
	fit_fd_limit(&io->set);
	r = conf_listen_each(conf, t->interfaces, t->ninterfaces, t->addresses, t->naddresses, add_listener, io, err,
			     errlen);
	if (r < 0) {
		tftp_io_free(io);
		return r;
	}
	io->ioctl_fd = socket(AF_INET, SOCK_DGRAM | SOCK_CLOEXEC, 0);
	*ret = io;
	return 0;
}

int tftp_io_add_provider(struct tftp_io *io, struct tftp_provider *p)
{
	if (io->nproviders > TIO_MAX_PROVIDERS)
		return -ENOSPC;
	/* before the disk, which stays last */
	io->providers[io->nproviders - 1] = p;
	io->providers[io->nproviders++] = io->disk;
	return 0;
}

int tftp_io_start(struct tftp_io *io, struct loop *loop, char *err, size_t errlen)
{
	io->loop = loop;
	/* refusals name the client each time, up to a flood */
	int r = ratelog_init(io, &io->rl_global, 1, 10000, "requests dropped at tftp.max_transfers");
	if (r == 0)
		r = ratelog_init(io, &io->rl_client, 1, 10000, "requests dropped at tftp.max_per_client");
	if (r == 0)
		r = ratelog_init(io, &io->rl_refused, 50, 10000, "refused requests");
	if (r == 0)
		r = ratelog_init(io, &io->rl_bad, 20, 10000, "malformed or misdirected datagrams");
	if (r == 0)
		r = ratelog_init(io, &io->rl_tid, 20, 10000, "datagrams with an unknown transfer ID");
	if (r < 0) {
		snprintf(err, errlen, "tftp: out of memory");
		return r;
	}
	r = tftp_disk_check_root(io->disk);
	if (r < 0)
		log_warn("tftp: root %s: %s; requests get 'file not found' until it exists", io->set.root,
			 strerror(-r));
	for (size_t i = 0; i < io->nlisteners; i++) {
		struct tio_listener *ls = &io->listeners[i];
		r = loop_add_fd(loop, ls->fd, EPOLLIN, on_listener, ls);
		if (r < 0) {
			snprintf(err, errlen, "tftp: event loop: %s", strerror(-r));
			return r;
		}
		char a[IPV4_STRLEN];
		if (ls->ifname[0])
			log_info("tftp: listening on %s (%s) port %u, root %s", ls->ifname, ipv4_to_str(ls->addr, a),
				 io->port, io->set.root);
		else
			log_info("tftp: listening on %s port %u, root %s", ipv4_to_str(ls->addr, a), io->port,
				 io->set.root);
	}
	if (io->set.upload_dir)
		log_info("tftp: uploads allowed into %s (at most %llu bytes each)", io->set.upload_dir,
			 (unsigned long long)io->set.upload_max);
	return 0;
}

void tftp_io_reload(struct tftp_io *io, const struct pxed_conf *conf)
{
	struct tio_settings s;
	if (settings_from_conf(&conf->tftp, &s) < 0) {
		log_error("tftp: out of memory; keeping the running settings");
		return;
	}
	fit_fd_limit(&s);
	if (strcmp(s.root, io->set.root) != 0)
		log_info("tftp: root is now %s", s.root);
	int r = tftp_disk_set_root(io->disk, s.root);
	if (r < 0)
		log_warn("tftp: root %s: %s; requests get 'file not found' until it exists", s.root, strerror(-r));
	settings_free(&io->set);
	io->set = s;
	if ((conf->tftp.port ? conf->tftp.port : CONF_DEFAULT_TFTP_PORT) != io->port)
		log_warn("tftp: the port changed; it takes effect at the next restart");
}

size_t tftp_io_transfers(const struct tftp_io *io)
{
	return io->nxfers;
}

struct tftp_io *tftp_io_free(struct tftp_io *io)
{
	if (!io)
		return NULL;
	while (io->xfers)
		tio_xfer_kill(io->xfers, "server shutting down");
	for (size_t i = 0; i < io->nlisteners; i++) {
		if (io->loop)
			loop_del_fd(io->loop, io->listeners[i].fd);
		close(io->listeners[i].fd);
	}
	struct tio_ratelog *rls[] = { &io->rl_global, &io->rl_client, &io->rl_refused, &io->rl_bad, &io->rl_tid };
	for (size_t i = 0; i < sizeof(rls) / sizeof(rls[0]); i++)
		loop_timer_free(rls[i]->timer);
	for (size_t i = 0; i < io->nproviders; i++)
		io->providers[i]->free(io->providers[i]);
	if (io->nproviders == 0 && io->disk)
		io->disk->free(io->disk);
	if (io->ioctl_fd >= 0)
		close(io->ioctl_fd);
	settings_free(&io->set);
	free(io->rx);
	free(io->tx);
	free(io->ra);
	free(io->recent);
	/* every transfer has returned its buffer by now */
	for (size_t i = 0; i < io->nrab_free; i++)
		free(io->rab_free[i]);
	free(io);
	return NULL;
}
