/* A TFTP read as pxelinux does it: RRQ with blksize and tsize, lock-step
 * ACKs, an old block ACKed again (its ACK was lost), and retransmission of
 * the RRQ or the last ACK on pxelinux's own schedule. */
#include <arpa/inet.h>
#include <errno.h>
#include <netinet/in.h>
#include <sys/epoll.h>
#include <sys/socket.h>
#include <unistd.h>

#include "bench_dhcp.h"
#include "core/str.h"
#include "fleet.h"
#include "tftp/tftp_pkt.h"

/* pxelinux's TimeoutTable (core/fs/pxe/pxe.h), in ms instead of 55 ms
 * ticks: a lost packet costs 110 ms at first, then longer; after the last
 * entry the transfer fails (about 95 s of silence in all). */
static const uint16_t timeout_ms[] = { 110,  110,  165,  165,  220,  275,  330,  385,  495,  550,
				       660,  825,  990,  1155, 1430, 1705, 2035, 2420, 2915, 3520,
				       4235, 5060, 6050, 7260, 8745, 10505, 12595, 14025 };
#define TRIES_MAX (sizeof(timeout_ms) / sizeof(timeout_ms[0]))

static void send_last(struct fleet_client *c)
{
	uint16_t port = c->t.peer_port ? c->t.peer_port : 69;
	(void)bench_udp_send(c->fd, c->to_ip, port, c->t.last, c->t.last_len);
}

static void arm(struct fleet_client *c, int64_t now)
{
	c->deadline_us = now + (int64_t)timeout_ms[c->t.tries < TRIES_MAX ? c->t.tries : TRIES_MAX - 1] * 1000;
}

static void ack(struct fleet_client *c, uint16_t block)
{
	int n = tftp_pkt_build_ack(c->t.last, sizeof(c->t.last), block);
	if (n > 0) {
		c->t.last_len = (size_t)n;
		send_last(c);
	}
}

int fleet_tftp_start(struct fleet *f, struct fleet_client *c, uint32_t blksize)
{
	int fd = socket(AF_INET, SOCK_DGRAM | SOCK_NONBLOCK | SOCK_CLOEXEC, 0);
	struct sockaddr_in me = { .sin_family = AF_INET, .sin_addr.s_addr = htonl(c->ip) };
	if (fd < 0)
		return -errno;
	if (bind(fd, (struct sockaddr *)&me, sizeof(me)) < 0) {
		int e = -errno;
		close(fd);
		return e;
	}
	c->t = (struct fleet_tftp){ .blksize = TFTP_BLKSIZE_DEFAULT, .next = 1 };
	struct tftp_opts o = { .present = TFTP_OPT_BLKSIZE | TFTP_OPT_TSIZE, .blksize = blksize };
	int n = tftp_pkt_build_req(c->t.last, sizeof(c->t.last), TFTP_RRQ, c->name, TFTP_MODE_OCTET, &o);
	if (n < 0) {
		close(fd);
		return n;
	}
	c->t.last_len = (size_t)n;
	c->got = 0;
	int r = fleet_watch(f, c, fd, EPOLLIN);
	if (r < 0) {
		close(fd);
		return r;
	}
	c->io = FIO_TFTP;
	send_last(c);
	arm(c, bench_now_us());
	return 0;
}

/* One datagram from the server; false when the transfer ended. */
static bool on_packet(struct fleet *f, struct fleet_client *c, const uint8_t *buf, size_t len, uint16_t port)
{
	struct tftp_pkt p;
	if (c->t.peer_port && port != c->t.peer_port)
		return true; /* another transfer's (a retransmitted RRQ started it): ignore */
	if (tftp_pkt_parse(buf, len, &p) < 0)
		return true;
	c->t.peer_port = port;
	if (p.op == TFTP_ERROR) {
		char msg[80];
		str_escape(msg, sizeof(msg), p.err_msg, p.err_msg_len);
		fleet_close(f, c);
		if (p.err_code == TFTP_ENOTFOUND)
			fleet_step_done(f, c, true);
		else
			fleet_fail(f, c, "tftp error %u (%s)", p.err_code, msg);
		return false;
	}
	int64_t now = bench_now_us();
	if (p.op == TFTP_OACK && c->t.next == 1) {
		if (p.opts.present & TFTP_OPT_BLKSIZE)
			c->t.blksize = p.opts.blksize;
		if (p.opts.present & TFTP_OPT_TSIZE)
			c->t.tsize = p.opts.tsize;
		c->t.tries = 0;
		ack(c, 0);
		arm(c, now);
		return true;
	}
	if (p.op != TFTP_DATA)
		return true;
	if (p.block != (uint16_t)c->t.next) {
		/* pxelinux ACKs what it got: the server resent it, so our ACK was lost */
		f->st.tftp_dup_data++;
		ack(c, p.block);
		return true;
	}
	if (p.data_len > c->t.blksize) {
		fleet_close(f, c);
		fleet_fail(f, c, "tftp: block of %zu bytes, blksize %u", p.data_len, c->t.blksize);
		return false;
	}
	if (c->keep && fleet_keep(c, p.data, p.data_len) < 0) {
		fleet_close(f, c);
		fleet_fail(f, c, "tftp: file over %u bytes", FLEET_KEEP_MAX);
		return false;
	}
	c->got += p.data_len;
	f->st.tftp_bytes += p.data_len;
	c->t.next++;
	c->t.tries = 0;
	ack(c, p.block);
	arm(c, now);
	if (p.data_len == c->t.blksize)
		return true;
	fleet_close(f, c);
	if (c->t.tsize && c->t.tsize != c->got)
		fleet_fail(f, c, "tftp: got %llu bytes, tsize said %llu", (unsigned long long)c->got,
			   (unsigned long long)c->t.tsize);
	else
		fleet_step_done(f, c, false);
	return false;
}

void fleet_tftp_readable(struct fleet *f, struct fleet_client *c)
{
	static uint8_t buf[TFTP_PKT_MAX];
	for (int i = 0; i < 64; i++) {
		struct sockaddr_in from;
		socklen_t fl = sizeof(from);
		ssize_t n = recvfrom(c->fd, buf, sizeof(buf), 0, (struct sockaddr *)&from, &fl);
		if (n < 0)
			return;
		if (from.sin_addr.s_addr != htonl(c->to_ip))
			continue;
		if (!on_packet(f, c, buf, (size_t)n, ntohs(from.sin_port)))
			return;
	}
}

void fleet_tftp_timeout(struct fleet *f, struct fleet_client *c, int64_t now)
{
	if (++c->t.tries >= TRIES_MAX) {
		fleet_close(f, c);
		fleet_fail(f, c, "tftp: timed out (%zu retransmissions)", TRIES_MAX);
		return;
	}
	f->st.tftp_retransmits++;
	send_last(c);
	arm(c, now);
}
