/* pxed-tftp-load: a TFTP read-load generator for the side-by-side benchmark.
 *
 * It fetches one file COUNT times, at most CONCURRENCY transfers at once,
 * each from a fresh socket (a new transfer ID, as separate machines would),
 * asking for the given blksize / windowsize / tsize. Every block is checked
 * against a local copy of the file (--verify), so a fast wrong answer is a
 * failure, not a good number. It behaves like the plain clients that PXE
 * servers meet: lock-step (or RFC 7440 windows when granted), one ACK per
 * window, an immediate ACK of the last in-order block when a window arrives
 * with a gap, and its own retransmission (of the RRQ or the last ACK) only
 * after --timeout-ms of silence -- 1 s by default, so a server that waits
 * whole seconds before resending shows it.
 *
 * Results go to stdout as key=value lines. Single-threaded epoll loop,
 * recvmmsg on each readable socket, bounded in time (--max-time). */
#include <arpa/inet.h>
#include <errno.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/epoll.h>
#include <sys/mman.h>
#include <sys/resource.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "core/str.h"
#include "tftp/tftp_pkt.h"

#define RX_BATCH 32
#define RX_SLOT (TFTP_PKT_MAX + 4)

enum xstate { X_IDLE, X_WAIT_FIRST, X_DATA };

struct xfer {
	int fd;
	enum xstate state;
	bool have_peer;
	struct sockaddr_in peer;
	uint64_t next;         /* next block wanted (1-based, 64-bit) */
	uint64_t bytes;
	uint32_t blksize, windowsize;
	unsigned since_ack;
	bool gap_acked;
	unsigned tries;
	uint64_t deadline_ms;
	uint64_t started_us;
};

struct opts {
	uint32_t server;
	uint16_t port;
	const char *file;
	const char *verify;
	uint32_t count, concurrency;
	uint32_t blksize, windowsize;
	bool tsize;
	uint32_t timeout_ms, retries;
	uint32_t max_time_s;
};

struct stats {
	uint32_t started, completed, failed;
	uint64_t bytes;
	uint64_t timeouts;
	uint64_t out_of_order;
	uint32_t no_window;     /* transfers whose server did not grant windowsize */
	uint32_t granted_blksize, granted_windowsize;
	char first_error[160];
	uint64_t *lat_us;       /* per completed transfer */
};

static const uint8_t *ref;   /* the file as it should arrive */
static uint64_t ref_size;

static uint64_t now_us(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (uint64_t)ts.tv_sec * 1000000 + (uint64_t)ts.tv_nsec / 1000;
}

static void usage(void)
{
	fprintf(stderr,
		"usage: pxed-tftp-load --server IP --file NAME --verify LOCAL_COPY [--port 69]\n"
		"         [--count 1] [--concurrency 1] [--blksize N] [--windowsize N] [--tsize]\n"
		"         [--timeout-ms 1000] [--retries 20] [--max-time 300]\n");
}

static int arg_u32(const char *name, const char *v, int64_t min, int64_t max, uint32_t *out)
{
	int64_t n;
	if (!v || str_to_int64(v, min, max, &n) < 0) {
		fprintf(stderr, "pxed-tftp-load: %s: expected a number %lld-%lld\n", name, (long long)min,
			(long long)max);
		return -1;
	}
	*out = (uint32_t)n;
	return 0;
}

static int parse_args(int argc, char **argv, struct opts *o)
{
	*o = (struct opts){ .port = 69, .count = 1, .concurrency = 1, .timeout_ms = 1000, .retries = 20,
			    .max_time_s = 300 };
	uint32_t port = 69;
	for (int i = 1; i < argc; i++) {
		const char *a = argv[i], *v = i + 1 < argc ? argv[i + 1] : NULL;
		int r = 0;
		if (!strcmp(a, "--server")) {
			r = v && str_to_ipv4(v, &o->server) == 0 ? 0 : -1;
			i++;
		} else if (!strcmp(a, "--port")) {
			r = arg_u32(a, v, 1, 65535, &port);
			i++;
		} else if (!strcmp(a, "--file")) {
			o->file = v;
			i++;
		} else if (!strcmp(a, "--verify")) {
			o->verify = v;
			i++;
		} else if (!strcmp(a, "--count")) {
			r = arg_u32(a, v, 1, 100000000, &o->count);
			i++;
		} else if (!strcmp(a, "--concurrency")) {
			r = arg_u32(a, v, 1, 100000, &o->concurrency);
			i++;
		} else if (!strcmp(a, "--blksize")) {
			r = arg_u32(a, v, 8, 65464, &o->blksize);
			i++;
		} else if (!strcmp(a, "--windowsize")) {
			r = arg_u32(a, v, 1, 65535, &o->windowsize);
			i++;
		} else if (!strcmp(a, "--tsize")) {
			o->tsize = true;
		} else if (!strcmp(a, "--timeout-ms")) {
			r = arg_u32(a, v, 1, 600000, &o->timeout_ms);
			i++;
		} else if (!strcmp(a, "--retries")) {
			r = arg_u32(a, v, 0, 1000, &o->retries);
			i++;
		} else if (!strcmp(a, "--max-time")) {
			r = arg_u32(a, v, 1, 86400, &o->max_time_s);
			i++;
		} else {
			usage();
			return -1;
		}
		if (r < 0) {
			fprintf(stderr, "pxed-tftp-load: bad value for %s\n", a);
			return -1;
		}
	}
	o->port = (uint16_t)port;
	if (!o->server || !o->file || !o->verify) {
		usage();
		return -1;
	}
	if (o->concurrency > o->count)
		o->concurrency = o->count;
	return 0;
}

static void note_error(struct stats *st, const char *what, const char *detail)
{
	if (!st->first_error[0])
		snprintf(st->first_error, sizeof(st->first_error), "%s%s%s", what, detail ? ": " : "",
			 detail ? detail : "");
}

static void send_to(const struct opts *o, struct xfer *x, const void *buf, size_t len, bool to_port69)
{
	struct sockaddr_in dst = x->peer;
	if (to_port69 || !x->have_peer)
		dst = (struct sockaddr_in){ .sin_family = AF_INET, .sin_port = htons(o->port),
					    .sin_addr.s_addr = htonl(o->server) };
	sendto(x->fd, buf, len, MSG_DONTWAIT, (struct sockaddr *)&dst, sizeof(dst));
}

static void send_rrq(const struct opts *o, struct xfer *x)
{
	uint8_t buf[600];
	struct tftp_opts to = { 0 };
	if (o->blksize) {
		to.present |= TFTP_OPT_BLKSIZE;
		to.blksize = o->blksize;
	}
	if (o->windowsize) {
		to.present |= TFTP_OPT_WINDOWSIZE;
		to.windowsize = o->windowsize;
	}
	if (o->tsize) {
		to.present |= TFTP_OPT_TSIZE;
		to.tsize = 0;
	}
	int n = tftp_pkt_build_req(buf, sizeof(buf), TFTP_RRQ, o->file, TFTP_MODE_OCTET, to.present ? &to : NULL);
	if (n > 0)
		send_to(o, x, buf, (size_t)n, true);
}

static void send_ack(const struct opts *o, struct xfer *x)
{
	uint8_t buf[4];
	int n = tftp_pkt_build_ack(buf, sizeof(buf), (uint16_t)(x->next - 1));
	if (n > 0)
		send_to(o, x, buf, (size_t)n, false);
}

static int start(const struct opts *o, int ep, struct xfer *x, struct stats *st)
{
	int fd = socket(AF_INET, SOCK_DGRAM | SOCK_NONBLOCK | SOCK_CLOEXEC, 0);
	if (fd < 0)
		return -errno;
	int rcv = 1 << 20;
	setsockopt(fd, SOL_SOCKET, SO_RCVBUF, &rcv, sizeof(rcv));
	struct sockaddr_in me = { .sin_family = AF_INET };
	struct epoll_event ev = { .events = EPOLLIN, .data.ptr = x };
	if (bind(fd, (struct sockaddr *)&me, sizeof(me)) < 0 || epoll_ctl(ep, EPOLL_CTL_ADD, fd, &ev) < 0) {
		int e = errno;
		close(fd);
		return -e;
	}
	*x = (struct xfer){ .fd = fd, .state = X_WAIT_FIRST, .next = 1, .blksize = 512, .windowsize = 1,
			    .started_us = now_us() };
	x->deadline_ms = x->started_us / 1000 + o->timeout_ms;
	st->started++;
	send_rrq(o, x);
	return 0;
}

static void finish(int ep, struct xfer *x, struct stats *st, bool ok)
{
	epoll_ctl(ep, EPOLL_CTL_DEL, x->fd, NULL);
	close(x->fd);
	x->fd = -1;
	x->state = X_IDLE;
	if (ok) {
		st->lat_us[st->completed++] = now_us() - x->started_us;
		st->bytes += x->bytes;
	} else {
		st->failed++;
	}
}

/* One datagram for transfer x; returns true when the transfer ended. */
static bool on_packet(const struct opts *o, int ep, struct xfer *x, struct stats *st, uint8_t *pkt, size_t len,
		      const struct sockaddr_in *from)
{
	if (from->sin_addr.s_addr != htonl(o->server))
		return false;
	if (!x->have_peer) {
		x->peer = *from;
		x->have_peer = true;
	} else if (from->sin_port != x->peer.sin_port) {
		return false;
	}
	struct tftp_pkt p;
	if (tftp_pkt_parse(pkt, len, &p) < 0)
		return false;
	if (p.op == TFTP_ERROR) {
		char msg[80];
		str_escape(msg, sizeof(msg), p.err_msg, p.err_msg_len);
		note_error(st, "server error", msg);
		finish(ep, x, st, false);
		return true;
	}
	if (p.op == TFTP_OACK && x->state == X_WAIT_FIRST) {
		if (p.opts.present & TFTP_OPT_BLKSIZE)
			x->blksize = p.opts.blksize;
		if (p.opts.present & TFTP_OPT_WINDOWSIZE)
			x->windowsize = p.opts.windowsize;
		else if (o->windowsize > 1)
			st->no_window++;
		st->granted_blksize = x->blksize;
		st->granted_windowsize = x->windowsize;
		x->state = X_DATA;
		x->tries = 0;
		x->deadline_ms = now_us() / 1000 + o->timeout_ms;
		send_ack(o, x); /* ACK 0 */
		return false;
	}
	if (p.op != TFTP_DATA)
		return false;
	if (x->state == X_WAIT_FIRST) {
		/* no OACK: the server ignored every option */
		if (o->windowsize > 1)
			st->no_window++;
		st->granted_blksize = 512;
		st->granted_windowsize = 1;
		x->state = X_DATA;
	}
	if (p.block != (uint16_t)x->next) {
		st->out_of_order++;
		/* a gap or an old block: say once where we are */
		if (!x->gap_acked) {
			send_ack(o, x);
			x->gap_acked = true;
			x->since_ack = 0;
		}
		return false;
	}
	uint64_t off = (x->next - 1) * (uint64_t)x->blksize;
	if (p.data_len > x->blksize || off + p.data_len > ref_size || memcmp(ref + off, p.data, p.data_len) != 0) {
		note_error(st, "wrong data received", NULL);
		finish(ep, x, st, false);
		return true;
	}
	x->bytes += p.data_len;
	x->next++;
	x->since_ack++;
	x->gap_acked = false;
	x->tries = 0;
	x->deadline_ms = now_us() / 1000 + o->timeout_ms;
	bool last = p.data_len < x->blksize;
	if (last || x->since_ack >= x->windowsize) {
		send_ack(o, x);
		x->since_ack = 0;
	}
	if (last) {
		if (x->bytes != ref_size) {
			note_error(st, "short file", NULL);
			finish(ep, x, st, false);
		} else {
			finish(ep, x, st, true);
		}
		return true;
	}
	return false;
}

static int cmp_u64(const void *a, const void *b)
{
	uint64_t x = *(const uint64_t *)a, y = *(const uint64_t *)b;
	return x < y ? -1 : x > y;
}

static int load_ref(const char *path)
{
	int fd = open(path, O_RDONLY | O_CLOEXEC);
	struct stat s;
	if (fd < 0 || fstat(fd, &s) < 0) {
		perror(path);
		return -1;
	}
	ref_size = (uint64_t)s.st_size;
	if (ref_size) {
		ref = mmap(NULL, ref_size, PROT_READ, MAP_SHARED, fd, 0);
		if (ref == MAP_FAILED) {
			perror("mmap");
			close(fd);
			return -1;
		}
	}
	close(fd);
	return 0;
}

int main(int argc, char **argv)
{
	struct opts o;
	if (parse_args(argc, argv, &o) < 0)
		return 2;
	if (load_ref(o.verify) < 0)
		return 3;
	struct rlimit rl;
	if (getrlimit(RLIMIT_NOFILE, &rl) == 0 && rl.rlim_cur < rl.rlim_max) {
		rl.rlim_cur = rl.rlim_max;
		setrlimit(RLIMIT_NOFILE, &rl);
	}
	struct stats st = { 0 };
	st.lat_us = calloc(o.count, sizeof(*st.lat_us));
	struct xfer *xs = calloc(o.concurrency, sizeof(*xs));
	uint8_t *rx = malloc((size_t)RX_BATCH * RX_SLOT);
	int ep = epoll_create1(EPOLL_CLOEXEC);
	if (!st.lat_us || !xs || !rx || ep < 0) {
		fprintf(stderr, "pxed-tftp-load: out of memory\n");
		return 3;
	}
	uint64_t t0 = now_us(), end = t0 + (uint64_t)o.max_time_s * 1000000;
	for (uint32_t i = 0; i < o.concurrency; i++) {
		xs[i].fd = -1;
		int r = start(&o, ep, &xs[i], &st);
		if (r < 0) {
			fprintf(stderr, "pxed-tftp-load: socket: %s\n", strerror(-r));
			return 3;
		}
	}
	struct epoll_event evs[256];
	struct mmsghdr msgs[RX_BATCH];
	struct iovec iov[RX_BATCH];
	struct sockaddr_in from[RX_BATCH];
	uint64_t next_scan = 0;
	bool timed_out = false;
	while (st.completed + st.failed < o.count) {
		uint64_t now = now_us();
		if (now > end) {
			timed_out = true;
			break;
		}
		int n = epoll_wait(ep, evs, 256, 10);
		for (int i = 0; i < n; i++) {
			struct xfer *x = evs[i].data.ptr;
			bool ended = false;
			for (int round = 0; round < 8 && !ended; round++) {
				for (int k = 0; k < RX_BATCH; k++) {
					iov[k] = (struct iovec){ .iov_base = rx + (size_t)k * RX_SLOT, .iov_len = RX_SLOT };
					msgs[k] = (struct mmsghdr){ .msg_hdr = { .msg_name = &from[k],
										 .msg_namelen = sizeof(from[k]),
										 .msg_iov = &iov[k], .msg_iovlen = 1 } };
				}
				int got = recvmmsg(x->fd, msgs, RX_BATCH, MSG_DONTWAIT, NULL);
				if (got <= 0)
					break;
				for (int k = 0; k < got && !ended; k++)
					ended = on_packet(&o, ep, x, &st, iov[k].iov_base, msgs[k].msg_len, &from[k]);
				if (got < RX_BATCH)
					break;
			}
			if (ended && st.started < o.count && start(&o, ep, x, &st) < 0)
				note_error(&st, "cannot open a socket", NULL);
		}
		now = now_us();
		if (now / 1000 < next_scan)
			continue;
		next_scan = now / 1000 + 5;
		for (uint32_t i = 0; i < o.concurrency; i++) {
			struct xfer *x = &xs[i];
			if (x->state == X_IDLE || now / 1000 < x->deadline_ms)
				continue;
			st.timeouts++;
			if (++x->tries > o.retries) {
				note_error(&st, "timed out", NULL);
				finish(ep, x, &st, false);
				if (st.started < o.count)
					start(&o, ep, x, &st);
				continue;
			}
			if (x->state == X_WAIT_FIRST)
				send_rrq(&o, x);
			else
				send_ack(&o, x);
			x->deadline_ms = now / 1000 + o.timeout_ms;
		}
	}
	uint64_t elapsed = now_us() - t0;
	if (!elapsed)
		elapsed = 1;
	qsort(st.lat_us, st.completed, sizeof(*st.lat_us), cmp_u64);
	double secs = (double)elapsed / 1e6;
	printf("completed=%u\nfailed=%u\nunfinished=%u\n", st.completed, st.failed,
	       o.count - st.completed - st.failed);
	printf("bytes=%llu\nelapsed_ms=%.1f\n", (unsigned long long)st.bytes, (double)elapsed / 1000.0);
	printf("mib_per_s=%.1f\n", (double)st.bytes / 1048576.0 / secs);
	printf("fetches_per_s=%.0f\n", (double)st.completed / secs);
	printf("p50_ms=%.1f\np99_ms=%.1f\n",
	       st.completed ? (double)st.lat_us[st.completed / 2] / 1000.0 : 0.0,
	       st.completed ? (double)st.lat_us[(st.completed * 99) / 100 >= st.completed ? st.completed - 1
											 : (st.completed * 99) / 100] /
				      1000.0 :
			      0.0);
	printf("client_timeouts=%llu\nout_of_order=%llu\n", (unsigned long long)st.timeouts,
	       (unsigned long long)st.out_of_order);
	printf("granted_blksize=%u\ngranted_windowsize=%u\nno_window=%u\n", st.granted_blksize,
	       st.granted_windowsize, st.no_window);
	if (st.first_error[0])
		printf("first_error=%s\n", st.first_error);
	if (timed_out)
		printf("first_error=run exceeded --max-time\n");
	fflush(stdout);
	for (uint32_t i = 0; i < o.concurrency; i++)
		if (xs[i].fd >= 0)
			close(xs[i].fd);
	close(ep);
	free(rx);
	free(xs);
	free(st.lat_us);
	if (ref_size)
		munmap((void *)ref, ref_size);
	return st.failed || timed_out ? 1 : 0;
}
