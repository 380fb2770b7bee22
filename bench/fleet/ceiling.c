/* pxed-ceiling: the machine's raw rate on the benchmark's own path, so the
 * fleet's figures can be read against what the link and the CPUs allow.
 *
 *   pxed-ceiling serve --address IP      (server namespace)
 *     TCP :9000  each connection says how many bytes it wants (8 bytes,
 *                big-endian), gets them from memory, and is closed: a file
 *                download without a file system or a protocol
 *     UDP :9001  every datagram is answered with a 1412-byte one (a TFTP
 *                DATA of blksize 1408): lock-step ping-pong
 *   pxed-ceiling tcp --server IP [--connections 8] [--count 64] [--size-mb 64]
 *                COUNT downloads, CONNECTIONS at once, received the way
 *                pxed-fleet receives kernels (MSG_TRUNC)
 *   pxed-ceiling udp --server IP [--flows 64] [--seconds 5]
 *                FLOWS lock-step exchanges for SECONDS
 * Both clients print key=value lines: mib_per_s (and round_trips_per_s).
 * One thread, one epoll loop per side, like the servers measured. */
#include <arpa/inet.h>
#include <errno.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/epoll.h>
#include <sys/resource.h>
#include <sys/socket.h>
#include <unistd.h>

#include "bench_dhcp.h"
#include "core/str.h"

#define TCP_PORT 9000
#define UDP_PORT 9001
#define DATA_LEN 1412
#define MAX_CONNS 4096

struct conn {
	int fd;
	uint8_t want[8];
	size_t want_len;
	uint64_t left;
	bool sending;
};

static char block[1 << 20];

static int listen_on(uint32_t ip, int type, uint16_t port)
{
	int fd = socket(AF_INET, type | SOCK_NONBLOCK | SOCK_CLOEXEC, 0), one = 1;
	struct sockaddr_in a = { .sin_family = AF_INET, .sin_port = htons(port), .sin_addr.s_addr = htonl(ip) };
	if (fd < 0)
		return -errno;
	setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &one, sizeof(one));
	if (bind(fd, (struct sockaddr *)&a, sizeof(a)) < 0 || (type == SOCK_STREAM && listen(fd, 4096) < 0)) {
		int e = -errno;
		close(fd);
		return e;
	}
	return fd;
}

static int serve(uint32_t ip)
{
	static struct conn conns[MAX_CONNS];
	int ep = epoll_create1(EPOLL_CLOEXEC), lt = listen_on(ip, SOCK_STREAM, TCP_PORT),
	    lu = listen_on(ip, SOCK_DGRAM, UDP_PORT);
	if (ep < 0 || lt < 0 || lu < 0) {
		fprintf(stderr, "pxed-ceiling: cannot listen: %s\n", strerror(lt < 0 ? -lt : lu < 0 ? -lu : errno));
		return 3;
	}
	struct epoll_event ev = { .events = EPOLLIN, .data.u64 = (uint64_t)-1 };
	epoll_ctl(ep, EPOLL_CTL_ADD, lt, &ev);
	ev.data.u64 = (uint64_t)-2;
	epoll_ctl(ep, EPOLL_CTL_ADD, lu, &ev);
	for (size_t i = 0; i < MAX_CONNS; i++)
		conns[i].fd = -1;
	struct epoll_event evs[256];
	for (;;) {
		int n = epoll_wait(ep, evs, 256, -1);
		for (int k = 0; k < n; k++) {
			uint64_t id = evs[k].data.u64;
			if (id == (uint64_t)-1) {
				int fd;
				while ((fd = accept4(lt, NULL, NULL, SOCK_NONBLOCK | SOCK_CLOEXEC)) >= 0) {
					size_t i = 0;
					while (i < MAX_CONNS && conns[i].fd >= 0)
						i++;
					if (i == MAX_CONNS) {
						close(fd);
						continue;
					}
					conns[i] = (struct conn){ .fd = fd };
					struct epoll_event ce = { .events = EPOLLIN, .data.u64 = i };
					epoll_ctl(ep, EPOLL_CTL_ADD, fd, &ce);
				}
				continue;
			}
			if (id == (uint64_t)-2) {
				uint8_t in[2048];
				struct sockaddr_in from;
				socklen_t fl = sizeof(from);
				for (int j = 0; j < 64; j++) {
					fl = sizeof(from);
					if (recvfrom(lu, in, sizeof(in), 0, (struct sockaddr *)&from, &fl) < 0)
						break;
					sendto(lu, block, DATA_LEN, 0, (struct sockaddr *)&from, fl);
				}
				continue;
			}
			struct conn *c = &conns[id];
			if (!c->sending) {
				ssize_t got = recv(c->fd, c->want + c->want_len, sizeof(c->want) - c->want_len, 0);
				if (got <= 0) {
					if (got == 0 || errno != EAGAIN) {
						close(c->fd);
						c->fd = -1;
					}
					continue;
				}
				c->want_len += (size_t)got;
				if (c->want_len < sizeof(c->want))
					continue;
				for (size_t b = 0; b < 8; b++)
					c->left = c->left << 8 | c->want[b];
				c->sending = true;
				struct epoll_event ce = { .events = EPOLLOUT, .data.u64 = id };
				epoll_ctl(ep, EPOLL_CTL_MOD, c->fd, &ce);
			}
			bool broken = false;
			while (c->left) {
				size_t len = c->left < sizeof(block) ? (size_t)c->left : sizeof(block);
				ssize_t put = send(c->fd, block, len, MSG_NOSIGNAL);
				if (put < 0) {
					broken = errno != EAGAIN;
					break;
				}
				c->left -= (uint64_t)put;
			}
			if (!c->left || broken) {
				close(c->fd);
				c->fd = -1;
			}
		}
	}
}

struct dl {
	int fd;
	uint64_t got;
};

static int tcp_open(uint32_t server, uint64_t size, int ep, struct dl *d)
{
	int fd = socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
	struct sockaddr_in a = { .sin_family = AF_INET, .sin_port = htons(TCP_PORT), .sin_addr.s_addr = htonl(server) };
	uint8_t want[8];
	for (int b = 0; b < 8; b++)
		want[b] = (uint8_t)(size >> (56 - 8 * b));
	if (fd < 0 || connect(fd, (struct sockaddr *)&a, sizeof(a)) < 0 || send(fd, want, 8, 0) != 8) {
		perror("pxed-ceiling: connect");
		return -1;
	}
	*d = (struct dl){ .fd = fd };
	struct epoll_event ev = { .events = EPOLLIN, .data.ptr = d };
	return epoll_ctl(ep, EPOLL_CTL_ADD, fd, &ev);
}

static int tcp_client(uint32_t server, uint32_t conns, uint32_t count, uint64_t size)
{
	static struct dl dls[MAX_CONNS];
	int ep = epoll_create1(EPOLL_CLOEXEC);
	uint32_t started = 0, finished = 0;
	uint64_t bytes = 0;
	int64_t t0 = bench_now_us();
	for (; started < conns && started < count; started++)
		if (tcp_open(server, size, ep, &dls[started]) < 0)
			return 3;
	struct epoll_event evs[256];
	while (finished < count) {
		int n = epoll_wait(ep, evs, 256, 10000);
		if (n <= 0) {
			fprintf(stderr, "pxed-ceiling: stalled\n");
			return 1;
		}
		for (int k = 0; k < n; k++) {
			struct dl *d = evs[k].data.ptr;
			ssize_t got = recv(d->fd, block, sizeof(block), MSG_TRUNC | MSG_DONTWAIT);
			if (got > 0) {
				d->got += (uint64_t)got;
				bytes += (uint64_t)got;
				continue;
			}
			if (got < 0 && errno == EAGAIN)
				continue;
			close(d->fd);
			finished++;
			if (started < count) {
				started++;
				if (tcp_open(server, size, ep, d) < 0)
					return 3;
			}
		}
	}
	double s = (double)(bench_now_us() - t0) / 1e6;
	printf("bytes=%llu\nseconds=%.3f\nmib_per_s=%.0f\n", (unsigned long long)bytes, s,
	       (double)bytes / 1048576.0 / s);
	return bytes == (uint64_t)count * size ? 0 : 1;
}

static int udp_client(uint32_t server, uint32_t flows, uint32_t seconds)
{
	int ep = epoll_create1(EPOLL_CLOEXEC);
	int *fds = calloc(flows, sizeof(int));
	if (!fds || ep < 0)
		return 3;
	uint64_t trips = 0;
	uint8_t ack[4] = { 0, 4, 0, 0 }, in[2048];
	for (uint32_t i = 0; i < flows; i++) {
		fds[i] = socket(AF_INET, SOCK_DGRAM | SOCK_NONBLOCK | SOCK_CLOEXEC, 0);
		struct epoll_event ev = { .events = EPOLLIN, .data.u32 = i };
		epoll_ctl(ep, EPOLL_CTL_ADD, fds[i], &ev);
		bench_udp_send(fds[i], server, UDP_PORT, ack, sizeof(ack));
	}
	int64_t t0 = bench_now_us(), end = t0 + (int64_t)seconds * 1000000;
	struct epoll_event evs[256];
	while (bench_now_us() < end) {
		/* a lost datagram would stop its flow: restart every flow each 100 ms of silence */
		int n = epoll_wait(ep, evs, 256, 100);
		if (n == 0)
			for (uint32_t i = 0; i < flows; i++)
				bench_udp_send(fds[i], server, UDP_PORT, ack, sizeof(ack));
		for (int k = 0; k < n; k++) {
			int fd = fds[evs[k].data.u32];
			while (recv(fd, in, sizeof(in), 0) > 0) {
				trips++;
				bench_udp_send(fd, server, UDP_PORT, ack, sizeof(ack));
			}
		}
	}
	double s = (double)(bench_now_us() - t0) / 1e6;
	printf("round_trips_per_s=%.0f\nmib_per_s=%.0f\n", (double)trips / s,
	       (double)trips * (DATA_LEN - 4) / 1048576.0 / s);
	return 0;
}

static int num(const char *v, int64_t max, uint32_t *out)
{
	int64_t n;
	if (!v || str_to_int64(v, 1, max, &n) < 0)
		return -1;
	*out = (uint32_t)n;
	return 0;
}

int main(int argc, char **argv)
{
	uint32_t ip = 0, conns = 8, count = 64, size_mb = 64, flows = 64, seconds = 5;
	if (argc < 2) {
		fprintf(stderr, "usage: pxed-ceiling serve --address IP | tcp --server IP [--connections N]\n"
				"         [--count N] [--size-mb N] | udp --server IP [--flows N] [--seconds N]\n");
		return 2;
	}
	for (int i = 2; i < argc; i += 2) {
		const char *a = argv[i], *v = i + 1 < argc ? argv[i + 1] : NULL;
		int r = -1;
		if (!strcmp(a, "--address") || !strcmp(a, "--server"))
			r = v ? str_to_ipv4(v, &ip) : -1;
		else if (!strcmp(a, "--connections"))
			r = num(v, MAX_CONNS, &conns);
		else if (!strcmp(a, "--count"))
			r = num(v, 1000000, &count);
		else if (!strcmp(a, "--size-mb"))
			r = num(v, 1 << 20, &size_mb);
		else if (!strcmp(a, "--flows"))
			r = num(v, 65536, &flows);
		else if (!strcmp(a, "--seconds"))
			r = num(v, 3600, &seconds);
		if (r < 0) {
			fprintf(stderr, "pxed-ceiling: bad option %s\n", a);
			return 2;
		}
	}
	struct rlimit rl;
	if (getrlimit(RLIMIT_NOFILE, &rl) == 0 && rl.rlim_cur < rl.rlim_max) {
		rl.rlim_cur = rl.rlim_max;
		setrlimit(RLIMIT_NOFILE, &rl);
	}
	if (!strcmp(argv[1], "serve"))
		return serve(ip);
	if (!strcmp(argv[1], "tcp"))
		return tcp_client(ip, conns, count, (uint64_t)size_mb << 20);
	if (!strcmp(argv[1], "udp"))
		return udp_client(ip, flows, seconds);
	fprintf(stderr, "pxed-ceiling: unknown mode %s\n", argv[1]);
	return 2;
}
