/* One running transfer: its socket, its timer, and the loop that feeds the
 * pure state machine datagrams and timeouts and sends what it produces. */
#include <arpa/inet.h>
#include <errno.h>
#include <netinet/in.h>
#include <netinet/udp.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/epoll.h>
#include <unistd.h>

#include "core/log.h"
#include "core/str.h"
#include "tftp_io/tftp_io_impl.h"
#include "core/fileio.h"

#ifndef UDP_SEGMENT
#define UDP_SEGMENT 103
#endif

static size_t peer_bucket(uint32_t ip, uint16_t port)
{
	uint64_t h = ((uint64_t)ip << 16 | port) * 0x9e3779b97f4a7c15ull;
	return (size_t)(h >> 40) % TIO_PEER_BUCKETS;
}

static size_t client_bucket(uint32_t ip)
{
	return (size_t)(((uint64_t)ip * 0x9e3779b97f4a7c15ull) >> 40) % TIO_CLIENT_BUCKETS;
}

static struct tio_client *client_get(struct tftp_io *io, uint32_t ip)
{
	struct tio_client **b = &io->clients[client_bucket(ip)];
	for (struct tio_client *c = *b; c; c = c->next)
		if (c->ip == ip) {
			c->n++;
			return c;
		}
	struct tio_client *c = calloc(1, sizeof(*c));
	if (!c)
		return NULL;
	*c = (struct tio_client){ .ip = ip, .n = 1, .next = *b };
	*b = c;
	return c;
}

void tio_client_put(struct tftp_io *io, struct tio_client *c)
{
	if (!c || --c->n > 0)
		return;
	struct tio_client **pp = &io->clients[client_bucket(c->ip)];
	while (*pp && *pp != c)
		pp = &(*pp)->next;
	if (*pp)
		*pp = c->next;
	free(c);
}

struct tio_xfer *tio_xfer_find(struct tftp_io *io, uint32_t ip, uint16_t port)
{
	for (struct tio_xfer *x = io->by_peer[peer_bucket(ip, port)]; x; x = x->hnext)
		if (x->peer_ip == ip && x->peer_port == port)
			return x;
	return NULL;
}

static uint8_t *rab_get(struct tftp_io *io)
{
	if (io->nrab_free)
		return io->rab_free[--io->nrab_free];
	if (io->nrab == TIO_RAB_COUNT)
		return NULL;
	uint8_t *b = malloc(TIO_RAB_SIZE);
	if (b)
		io->nrab++;
	return b;
}

static void rab_put(struct tftp_io *io, uint8_t *b)
{
	if (b)
		io->rab_free[io->nrab_free++] = b;
}

/* Serves [off, off+len) from a buffer holding [boff, boff+blen) of the
 * file, read with a request of `asked` bytes (so blen < asked means the
 * file ends there). -1 when the buffer cannot answer. */
static ssize_t from_buffer(const uint8_t *b, uint64_t boff, size_t blen, size_t asked, uint64_t off, void *buf,
			   size_t len)
{
	if (!b || blen == 0 || off < boff || off - boff > blen)
		return -1;
	size_t have = blen - (size_t)(off - boff);
	if (have < len && blen == asked)
		return -1;
	size_t n = have < len ? have : len;
	memcpy(buf, b + (off - boff), n);
	return (ssize_t)n;
}

/* The first len bytes of a buffer just filled with n bytes. */
static ssize_t copy_head(const uint8_t *b, size_t n, void *buf, size_t len)
{
	size_t c = n < len ? n : len;
	memcpy(buf, b, c);
	return (ssize_t)c;
}

/* The state machine's read_fn. Disk files are read ahead, so that a
 * syscall serves many blocks: a transfer whose window fits a pool buffer
 * keeps one for its life (refilled 32 KiB at a time); a larger window is
 * read whole into the shared buffer when its first block is built; without
 * either, each block is read straight into its packet. Other sources: the
 * provider's reader. */
static ssize_t read_source(void *ctx, uint64_t off, void *buf, size_t len)
{
	struct tio_xfer *x = ctx;
	struct tftp_io *io = x->io;
	int fd = x->src->fd;
	if (fd < 0)
		return tftp_source_read(x->src, off, buf, len);
	ssize_t n;
	if (x->ra_span <= TIO_RAB_SIZE && (x->rab || (x->rab = rab_get(io)))) {
		n = from_buffer(x->rab, x->rab_off, x->rab_len, TIO_RAB_SIZE, off, buf, len);
		if (n >= 0)
			return n;
		n = pread_retry(fd, x->rab, TIO_RAB_SIZE, off);
		if (n < 0)
			return n;
		x->rab_off = off;
		x->rab_len = (size_t)n;
		return copy_head(x->rab, (size_t)n, buf, len);
	}
	if (io->ra_src == x->src) {
		n = from_buffer(io->ra, io->ra_off, io->ra_len, x->ra_span, off, buf, len);
		if (n >= 0)
			return n;
	}
	if (x->ra_span <= len)
		return pread_retry(fd, buf, len, off);
	n = pread_retry(fd, io->ra, x->ra_span, off);
	if (n < 0) {
		io->ra_src = NULL;
		return n;
	}
	io->ra_src = x->src;
	io->ra_off = off;
	io->ra_len = (size_t)n;
	return copy_head(io->ra, (size_t)n, buf, len);
}

static const char *peer_str(const struct tio_xfer *x, char buf[IPV4_STRLEN + 8])
{
	char ip[IPV4_STRLEN];
	snprintf(buf, IPV4_STRLEN + 8, "%s:%u", ipv4_to_str(x->peer_ip, ip), x->peer_port);
	return buf;
}

static void log_end(struct tio_xfer *x, enum tftp_xfer_status st)
{
	struct tftp_io *io = x->io;
	struct tftp_xfer_info in;
	tftp_xfer_get_info(x->core, &in);
	uint64_t ms = loop_now_ms(io->loop) - x->started_ms;
	char peer[IPV4_STRLEN + 8], size[32] = "";
	peer_str(x, peer);
	if (in.size != TFTP_SIZE_UNKNOWN)
		snprintf(size, sizeof(size), " of %llu", (unsigned long long)in.size);
	const char *dir = x->write ? "upload" : "read";
	const char *mode = in.mode == TFTP_MODE_NETASCII ? " netascii" : "";
	if (st == TFTP_XFER_DONE) {
		/* bytes per millisecond is kB/s; shown as MB/s */
		double rate = (double)in.bytes / (double)(ms ? ms : 1) / 1000.0;
		log_info("tftp: %s %s%s '%s' done: %llu bytes in %llu ms (%.1f MB/s), blksize %u, windowsize %u, "
			 "%llu retransmits, rto %u ms",
			 peer, dir, mode, x->name, (unsigned long long)in.bytes, (unsigned long long)ms, rate,
			 in.blksize, in.windowsize, (unsigned long long)in.retransmits, in.rto_ms);
	} else if (st == TFTP_XFER_ABORTED) {
		/* tsize probes and refused OACKs end this way: not a problem */
		log_info("tftp: %s %s%s '%s' ended by the client after %llu%s bytes: %s", peer, dir, mode, x->name,
			 (unsigned long long)in.bytes, size, tftp_xfer_reason(x->core));
	} else if (x->late && !in.answered) {
		/* expected, and cheap now: not worth a warning */
		log_info("tftp: %s read%s '%s': a late copy of a request served moments ago; nothing "
			 "acknowledged, ended after %llu ms and %llu resends",
			 peer, mode, x->name, (unsigned long long)ms, (unsigned long long)in.retransmits);
	} else {
		log_warn("tftp: %s %s%s '%s' failed after %llu%s bytes in %llu ms: %s (blksize %u, windowsize %u, "
			 "%llu retransmits)",
			 peer, dir, mode, x->name, (unsigned long long)in.bytes, size, (unsigned long long)ms,
			 tftp_xfer_reason(x->core), in.blksize, in.windowsize, (unsigned long long)in.retransmits);
	}
	if (x->strangers)
		log_info("tftp: %s '%s': %u datagrams from other addresses/ports answered with ERROR 5", peer,
			 x->name, x->strangers);
}

static void xfer_free(struct tio_xfer *x)
{
	struct tftp_io *io = x->io;
	if (x->prev)
		x->prev->next = x->next;
	else if (io->xfers == x)
		io->xfers = x->next;
	if (x->next)
		x->next->prev = x->prev;
	struct tio_xfer **pp = &io->by_peer[peer_bucket(x->peer_ip, x->peer_port)];
	while (*pp && *pp != x)
		pp = &(*pp)->hnext;
	if (*pp)
		*pp = x->hnext;
	io->nxfers--;
	if (x->fd >= 0) {
		loop_del_fd(io->loop, x->fd);
		close(x->fd);
	}
	loop_timer_free(x->timer);
	tftp_xfer_free(x->core);
	tftp_source_close(x->src);
	rab_put(io, x->rab);
	if (x->up && !x->committed)
		tftp_upload_discard(x->up);
	tio_client_put(io, x->client);
	free(x);
}

struct pkt_ref {
	uint8_t *p;
	size_t len;
};

/* Sends n built packets with one sendmmsg. Runs of equal-sized packets (a
 * window of full blocks, maybe ended by a shorter last one) go out as one
 * UDP GSO datagram train each: the kernel (or the NIC) cuts it into the
 * datagrams, so a window crosses the stack once instead of once per block.
 * Where GSO is refused (EIO: no checksum offload on the path), the transfer
 * falls back to one datagram per packet. A datagram the kernel cannot take
 * (a full socket buffer) is as good as lost on the wire: the retransmission
 * timer recovers it. */
static void flush(struct tio_xfer *x, const struct pkt_ref *pk, unsigned n)
{
	struct mmsghdr msgs[TIO_TX_BATCH];
	struct iovec iov[TIO_TX_BATCH];
	union {
		char buf[CMSG_SPACE(sizeof(uint16_t))];
		struct cmsghdr align;
	} cm[TIO_TX_BATCH];
	unsigned nm = 0;
	for (unsigned i = 0; i < n;) {
		size_t seg = pk[i].len, total = seg;
		unsigned j = i + 1;
		while (!x->no_gso && j < n && pk[j - 1].len == seg && pk[j].len <= seg &&
		       pk[j].p == pk[j - 1].p + pk[j - 1].len && total + pk[j].len <= TIO_GSO_BYTES &&
		       j - i < TIO_GSO_SEGS) {
			total += pk[j].len;
			j++;
		}
		iov[nm] = (struct iovec){ .iov_base = pk[i].p, .iov_len = total };
		msgs[nm] = (struct mmsghdr){ .msg_hdr = { .msg_name = &x->peer, .msg_namelen = sizeof(x->peer),
							  .msg_iov = &iov[nm], .msg_iovlen = 1 } };
		if (j - i > 1) {
			memset(&cm[nm], 0, sizeof(cm[nm]));
			msgs[nm].msg_hdr.msg_control = cm[nm].buf;
			msgs[nm].msg_hdr.msg_controllen = sizeof(cm[nm].buf);
			struct cmsghdr *c = CMSG_FIRSTHDR(&msgs[nm].msg_hdr);
			c->cmsg_level = SOL_UDP;
			c->cmsg_type = UDP_SEGMENT;
			c->cmsg_len = CMSG_LEN(sizeof(uint16_t));
			uint16_t gso = (uint16_t)seg;
			memcpy(CMSG_DATA(c), &gso, sizeof(gso));
		}
		nm++;
		i = j;
	}
	for (unsigned sent = 0; sent < nm;) {
		int r = sendmmsg(x->fd, msgs + sent, nm - sent, MSG_DONTWAIT);
		if (r < 0 && errno == EINTR)
			continue;
		if (r < 0 && (errno == EIO || errno == EINVAL || errno == ENOPROTOOPT) &&
		    msgs[sent].msg_hdr.msg_control && !x->no_gso) {
			log_debug("tftp: UDP GSO refused towards %s (%s): one datagram per packet",
				  ipv4_to_str(x->peer_ip, (char[IPV4_STRLEN]){ 0 }), strerror(errno));
			x->no_gso = true;
			/* resend the rest packet by packet */
			size_t skip = 0;
			for (unsigned k = 0; k < sent; k++)
				skip += iov[k].iov_len;
			unsigned first = 0;
			for (size_t acc = 0; first < n && acc < skip; first++)
				acc += pk[first].len;
			flush(x, pk + first, n - first);
			return;
		}
		if (r <= 0) {
			log_debug("tftp: sending to %s:%u: %s (left to the retransmit timer)",
				  ipv4_to_str(x->peer_ip, (char[IPV4_STRLEN]){ 0 }), x->peer_port,
				  strerror(r < 0 ? errno : EAGAIN));
			return;
		}
		sent += (unsigned)r;
	}
}

/* Sends everything the state machine has pending, in batches of packets
 * built side by side in the shared buffer. */
static void drain(struct tio_xfer *x)
{
	struct tftp_io *io = x->io;
	struct pkt_ref pk[TIO_TX_BATCH];
	size_t cap = tftp_xfer_pkt_max(x->core), used = 0;
	unsigned n = 0;
	uint64_t now = loop_now_ms(io->loop);
	struct tftp_xfer_info in;
	tftp_xfer_get_info(x->core, &in);
	x->ra_span = (size_t)in.windowsize * in.blksize;
	if (x->ra_span > TIO_RA_MAX)
		x->ra_span = TIO_RA_MAX;
	io->ra_src = NULL;
	for (;;) {
		if (n == TIO_TX_BATCH || used + cap > TIO_TX_SCRATCH) {
			flush(x, pk, n);
			n = 0;
			used = 0;
		}
		int len = tftp_xfer_next_packet(x->core, io->tx + used, cap, now);
		if (len < 0)
			log_error("tftp: internal error building a packet: %s", strerror(-len));
		if (len <= 0)
			break;
		pk[n++] = (struct pkt_ref){ .p = io->tx + used, .len = (size_t)len };
		used += (size_t)len;
	}
	if (n)
		flush(x, pk, n);
	io->ra_src = NULL;
}

static void arm(struct tio_xfer *x)
{
	uint64_t dl = tftp_xfer_deadline(x->core);
	if (dl == TFTP_NO_DEADLINE) {
		loop_timer_disarm(x->timer);
		x->timer_at = UINT64_MAX;
		return;
	}
	/* lazily: an earlier timer stays and re-arms when it fires */
	if (x->timer_at == UINT64_MAX || dl < x->timer_at || !loop_timer_armed(x->timer)) {
		loop_timer_arm(x->timer, dl);
		x->timer_at = dl;
	}
}

/* After every event: commit a finished upload, send, then either keep the
 * transfer (running, or a finished upload dallying to re-ACK a repeated
 * last block) or end it. */
static void pump(struct tio_xfer *x)
{
	enum tftp_xfer_status st = tftp_xfer_status(x->core);
	if (st == TFTP_XFER_DONE && x->up && !x->committed) {
		/* durable under its name before the final ACK tells the client so */
		int r = tftp_upload_commit(x->up);
		x->committed = true;
		x->up = NULL;
		if (r < 0) {
			char peer[IPV4_STRLEN + 8];
			log_warn("tftp: %s upload '%s' received but not stored: %s%s", peer_str(x, peer), x->name,
				 strerror(-r), r == -EEXIST ? " (the file appeared meanwhile)" : "");
			/* no final ACK: the client must not believe it was stored */
			x->logged = true;
			xfer_free(x);
			return;
		}
	}
	drain(x);
	st = tftp_xfer_status(x->core);
	if (st == TFTP_XFER_RUNNING) {
		arm(x);
		return;
	}
	if (!x->logged) {
		log_end(x, st);
		x->logged = true;
		/* a copy of this request that arrives from now on is not the
		 * client asking again (it got its file, or refused the options) */
		if (!x->write && (st == TFTP_XFER_DONE || st == TFTP_XFER_ABORTED))
			tftp_recent_add(x->io->recent, x->peer_ip, x->peer_port, x->req_hash,
					loop_now_ms(x->io->loop));
	}
	if (st == TFTP_XFER_DONE && x->write && tftp_xfer_deadline(x->core) != TFTP_NO_DEADLINE) {
		x->dallying = true;
		arm(x);
		return;
	}
	xfer_free(x);
}

static void on_timer(struct loop *l, struct loop_timer *t, void *ctx)
{
	struct tio_xfer *x = ctx;
	x->timer_at = UINT64_MAX;
	tftp_xfer_timer(x->core, loop_now_ms(l));
	pump(x);
}

/* Whether datagrams from the peer still matter: a running transfer, or a
 * finished upload that re-acknowledges a repeated last block. */
static bool listening(const struct tio_xfer *x)
{
	enum tftp_xfer_status st = tftp_xfer_status(x->core);
	return st == TFTP_XFER_RUNNING || (st == TFTP_XFER_DONE && x->dallying);
}

static void stranger(struct tio_xfer *x, const struct sockaddr_in *from, const uint8_t *pkt, size_t len)
{
	struct tftp_io *io = x->io;
	x->strangers++;
	/* never answer an ERROR: two servers could bounce them forever */
	if (len >= 2 && pkt[0] == 0 && pkt[1] == TFTP_ERROR)
		return;
	uint8_t buf[64];
	int n = tftp_pkt_build_error(buf, sizeof(buf), TFTP_EBADID, NULL);
	if (n > 0)
		sendto(x->fd, buf, (size_t)n, MSG_DONTWAIT, (const struct sockaddr *)from, sizeof(*from));
	if (tio_ratelog_ok(io, &io->rl_tid)) {
		char a[IPV4_STRLEN], peer[IPV4_STRLEN + 8];
		log_info("tftp: datagram for the transfer of '%s' to %s came from %s:%u: answered ERROR 5 "
			 "(unknown transfer ID), transfer unaffected",
			 x->name, peer_str(x, peer), ipv4_to_str(ntohl(from->sin_addr.s_addr), a), ntohs(from->sin_port));
	}
}

static void on_readable(struct loop *l, int fd, uint32_t events, void *ctx)
{
	struct tio_xfer *x = ctx;
	struct tftp_io *io = x->io;
	struct mmsghdr msgs[TIO_RX_BATCH];
	struct iovec iov[TIO_RX_BATCH];
	struct sockaddr_in from[TIO_RX_BATCH];
	uint64_t now = loop_now_ms(l);
	bool live = listening(x);
	for (int round = 0; round < TIO_RX_ROUNDS && live; round++) {
		for (int i = 0; i < TIO_RX_BATCH; i++) {
			iov[i] = (struct iovec){ .iov_base = io->rx + (size_t)i * TIO_RX_SLOT, .iov_len = TIO_RX_SLOT };
			msgs[i] = (struct mmsghdr){ .msg_hdr = { .msg_name = &from[i], .msg_namelen = sizeof(from[i]),
								 .msg_iov = &iov[i], .msg_iovlen = 1 } };
		}
		int n = recvmmsg(fd, msgs, TIO_RX_BATCH, MSG_DONTWAIT, NULL);
		if (n <= 0) {
			if (n < 0 && errno != EAGAIN && errno != EINTR)
				log_debug("tftp: receive: %s", strerror(errno));
			break;
		}
		for (int i = 0; i < n && live; i++) {
			uint8_t *pkt = iov[i].iov_base;
			size_t len = msgs[i].msg_len;
			if (msgs[i].msg_hdr.msg_flags & MSG_TRUNC)
				continue; /* larger than any packet of ours: not TFTP */
			if (from[i].sin_addr.s_addr != x->peer.sin_addr.s_addr || from[i].sin_port != x->peer.sin_port) {
				stranger(x, &from[i], pkt, len);
				continue;
			}
			struct tftp_write wr;
			x->rx_count++;
			tftp_xfer_rx(x->core, pkt, len, now, &wr);
			if (wr.len && x->up) {
				int r = tftp_upload_write(x->up, wr.offset, wr.data, wr.len);
				if (r < 0) {
					tftp_xfer_abort(x->core, r == -ENOSPC || r == -EDQUOT ? TFTP_ENOSPACE : TFTP_EUNDEF,
							NULL, "writing the upload failed");
					char peer[IPV4_STRLEN + 8];
					log_warn("tftp: %s upload '%s': %s", peer_str(x, peer), x->name, strerror(-r));
				}
			}
			/* a finished read is over; a finished upload still hears
			 * repeats of its last block */
			live = tftp_xfer_status(x->core) == TFTP_XFER_RUNNING ||
			       (tftp_xfer_status(x->core) == TFTP_XFER_DONE && x->write);
		}
		if (n < TIO_RX_BATCH)
			break;
	}
	pump(x);
}

int tio_xfer_start(struct tftp_io *io, const struct tftp_pkt *req, uint64_t req_hash,
		   struct tftp_source *src, struct tftp_upload *up, const struct tftp_xfer_conf *xc,
		   uint32_t peer_ip, uint16_t peer_port, uint32_t local_ip, const char *logname)
{
	uint64_t now = loop_now_ms(io->loop);
	struct tio_xfer *x = calloc(1, sizeof(*x));
	if (!x) {
		tftp_source_close(src);
		tftp_upload_discard(up);
		return -ENOMEM;
	}
	*x = (struct tio_xfer){
		.io = io, .src = src, .up = up, .fd = -1, .timer_at = UINT64_MAX, .peer_ip = peer_ip,
		.peer_port = peer_port, .local_ip = local_ip, .started_ms = now, .write = up != NULL,
		.req_hash = req_hash, .late = xc->unanswered_retries != 0,
		.peer = { .sin_family = AF_INET, .sin_port = htons(peer_port), .sin_addr.s_addr = htonl(peer_ip) },
	};
	str_copy(x->name, sizeof(x->name), logname);
	/* linked first, so that xfer_free can undo any partial start */
	x->next = io->xfers;
	if (io->xfers)
		io->xfers->prev = x;
	io->xfers = x;
	size_t b = peer_bucket(peer_ip, peer_port);
	x->hnext = io->by_peer[b];
	io->by_peer[b] = x;
	io->nxfers++;
	x->client = client_get(io, peer_ip);
	int r = -ENOMEM;
	if (!x->client)
		goto fail;
	x->fd = socket(AF_INET, SOCK_DGRAM | SOCK_NONBLOCK | SOCK_CLOEXEC, 0);
	if (x->fd < 0) {
		r = -errno;
		goto fail;
	}
	struct sockaddr_in me = { .sin_family = AF_INET, .sin_addr.s_addr = htonl(local_ip) };
	if (bind(x->fd, (struct sockaddr *)&me, sizeof(me)) < 0) {
		r = -errno;
		goto fail;
	}
	x->core = up ? tftp_xfer_new_write(xc, req, now) : tftp_xfer_new_read(xc, req, src->size, read_source, x, now);
	x->timer = loop_timer_new(io->loop, on_timer, x);
	if (!x->core || !x->timer) {
		r = -ENOMEM;
		goto fail;
	}
	r = loop_add_fd(io->loop, x->fd, EPOLLIN, on_readable, x);
	if (r < 0)
		goto fail;
	pump(x);
	return 0;
fail:
	if (x->fd >= 0) {
		close(x->fd);
		x->fd = -1;
	}
	xfer_free(x);
	return r;
}

bool tio_xfer_poll(struct tio_xfer *x)
{
	struct tftp_io *io = x->io;
	uint32_t ip = x->peer_ip;
	uint16_t port = x->peer_port;
	on_readable(io->loop, x->fd, EPOLLIN, x);
	return tio_xfer_find(io, ip, port) == x;
}

void tio_xfer_drop(struct tio_xfer *x, const char *why)
{
	tftp_xfer_abort(x->core, TFTP_EUNDEF, why, why);
	if (!x->logged)
		log_end(x, tftp_xfer_status(x->core));
	xfer_free(x);
}

void tio_xfer_kill(struct tio_xfer *x, const char *why)
{
	tftp_xfer_abort(x->core, TFTP_EUNDEF, why, why);
	drain(x);
	if (!x->logged)
		log_end(x, tftp_xfer_status(x->core));
	xfer_free(x);
}
