/* An HTTP/1.1 request on a new connection, as installers and lpxelinux
 * make them ("Connection: close"), from the client's own address. Bodies
 * that matter are kept; kernels and initrds are counted and dropped. A
 * refused connection, a stall or a 503 is tried again after a second, a
 * bounded number of times (dracut's and curl's retries); anything else
 * that is not 2xx fails the client. */
#include <arpa/inet.h>
#include <errno.h>
#include <netinet/in.h>
#include <stdio.h>
#include <string.h>
#include <sys/epoll.h>
#include <sys/socket.h>
#include <unistd.h>

#include "bench_dhcp.h"
#include "fleet.h"

#define RETRY_DELAY_US 1000000

static int connect_now(struct fleet *f, struct fleet_client *c)
{
	int fd = socket(AF_INET, SOCK_STREAM | SOCK_NONBLOCK | SOCK_CLOEXEC, 0);
	if (fd < 0)
		return -errno;
	int one = 1;
	/* the port is chosen at connect(), per destination: no ephemeral
	 * port is used up by a bind to the client's address */
	setsockopt(fd, IPPROTO_IP, IP_BIND_ADDRESS_NO_PORT, &one, sizeof(one));
	struct sockaddr_in me = { .sin_family = AF_INET, .sin_addr.s_addr = htonl(c->ip) },
			   to = { .sin_family = AF_INET, .sin_port = htons(c->to_port),
				  .sin_addr.s_addr = htonl(c->to_ip) };
	if (bind(fd, (struct sockaddr *)&me, sizeof(me)) < 0 ||
	    (connect(fd, (struct sockaddr *)&to, sizeof(to)) < 0 && errno != EINPROGRESS)) {
		int e = -errno;
		close(fd);
		return e;
	}
	int r = fleet_watch(f, c, fd, EPOLLOUT | EPOLLIN);
	if (r < 0) {
		close(fd);
		return r;
	}
	c->io = FIO_HTTP;
	c->http.req_off = 0;
	c->http.head_len = 0;
	c->http.connected = false;
	c->http.in_body = false;
	c->http.retry_at_us = 0;
	c->got = 0;
	c->keep_len = 0;
	c->deadline_us = bench_now_us() + f->o.http_stall_us;
	return 0;
}

int fleet_http_start(struct fleet *f, struct fleet_client *c, const char *headers, const char *body)
{
	char host[INET_ADDRSTRLEN];
	struct in_addr a = { htonl(c->to_ip) };
	inet_ntop(AF_INET, &a, host, sizeof(host));
	char clen[128] = "";
	if (body)
		snprintf(clen, sizeof(clen), "Content-Type: application/x-www-form-urlencoded\r\n"
					     "Content-Length: %zu\r\n", strlen(body));
	int n = snprintf(c->http.req, sizeof(c->http.req),
			 "%s %s HTTP/1.1\r\nHost: %s:%u\r\nUser-Agent: pxed-fleet\r\nAccept: */*\r\n%s%s"
			 "Connection: close\r\n\r\n%s",
			 body ? "POST" : "GET", c->name, host, c->to_port, headers ? headers : "", clen,
			 body ? body : "");
	if (n < 0 || (size_t)n >= sizeof(c->http.req))
		return -ENAMETOOLONG;
	c->http.req_len = (size_t)n;
	c->http.attempts = 1;
	return connect_now(f, c);
}

static void count_retry(struct fleet_stats *st, const char *why)
{
	for (size_t k = 0; k < FLEET_RETRY_KINDS; k++) {
		if (!st->retry_why[k][0])
			snprintf(st->retry_why[k], sizeof(st->retry_why[k]), "%s", why);
		if (!strncmp(st->retry_why[k], why, sizeof(st->retry_why[k]) - 1)) {
			st->retry_n[k]++;
			return;
		}
	}
}

/* A failure that a real client rides out: try again later, or give up. */
static void retry_or_fail(struct fleet *f, struct fleet_client *c, const char *why)
{
	fleet_close(f, c);
	if (c->http.attempts >= f->o.http_attempts) {
		fleet_fail(f, c, "http: %s (%u attempts)", why, c->http.attempts);
		return;
	}
	f->st.http_retries++;
	count_retry(&f->st, why);
	c->http.attempts++;
	c->http.retry_at_us = bench_now_us() + RETRY_DELAY_US;
	c->deadline_us = c->http.retry_at_us;
}

static void finished(struct fleet *f, struct fleet_client *c)
{
	int status = c->http.h.status;
	fleet_close(f, c);
	if (status >= 200 && status < 300) {
		fleet_step_done(f, c, false);
	} else if (status == 404) {
		fleet_step_done(f, c, true);
	} else if (status == 503) {
		retry_or_fail(f, c, "status 503");
	} else {
		fleet_fail(f, c, "http: status %d", status);
	}
}

/* Bytes of body: kept or counted. false when the request ended. */
static bool body(struct fleet *f, struct fleet_client *c, const char *data, size_t n)
{
	if (c->keep && fleet_keep(c, data, n) < 0) {
		fleet_close(f, c);
		fleet_fail(f, c, "http: body over %u bytes", FLEET_KEEP_MAX);
		return false;
	}
	c->got += n;
	f->st.http_bytes += n;
	if (c->http.h.content_length >= 0 && c->got >= (uint64_t)c->http.h.content_length) {
		finished(f, c);
		return false;
	}
	return true;
}

/* recv for the request: bytes, 0 at the end of the stream, or -1 when
 * there is nothing to read now or the connection broke (then retried). */
static ssize_t recv_some(struct fleet *f, struct fleet_client *c, void *buf, size_t len, int flags)
{
	ssize_t n = recv(c->fd, buf, len, flags);
	if (n < 0 && errno != EAGAIN)
		retry_or_fail(f, c, strerror(errno));
	return n < 0 ? -1 : n;
}

static bool read_head(struct fleet *f, struct fleet_client *c)
{
	struct fleet_http *h = &c->http;
	ssize_t n = recv_some(f, c, h->head + h->head_len, sizeof(h->head) - h->head_len, 0);
	if (n == 0)
		retry_or_fail(f, c, "connection closed before an answer");
	if (n <= 0)
		return false;
	h->head_len += (size_t)n;
	const char *end = memmem(h->head, h->head_len, "\r\n\r\n", 4);
	if (!end) {
		if (h->head_len == sizeof(h->head)) {
			fleet_close(f, c);
			fleet_fail(f, c, "http: response head over %zu bytes", sizeof(h->head));
			return false;
		}
		return true;
	}
	size_t hl = (size_t)(end - h->head);
	if (fleet_http_head_parse(h->head, hl, &h->h) < 0) {
		fleet_close(f, c);
		fleet_fail(f, c, "http: bad response head");
		return false;
	}
	if (h->h.chunked) {
		fleet_close(f, c);
		fleet_fail(f, c, "http: chunked bodies are not read");
		return false;
	}
	h->in_body = true;
	size_t rest = h->head_len - hl - 4;
	if (h->h.content_length == 0) {
		finished(f, c);
		return false;
	}
	return rest ? body(f, c, end + 4, rest) : true;
}

static bool read_body(struct fleet *f, struct fleet_client *c)
{
	size_t want = sizeof(f->scratch);
	/* kernels and initrds: MSG_TRUNC drops the bytes in the kernel */
	int flags = c->keep ? 0 : MSG_TRUNC;
	ssize_t n = recv_some(f, c, f->scratch, want, flags);
	if (n == 0) {
		if (c->http.h.content_length < 0) {
			finished(f, c);
		} else {
			char why[96];
			snprintf(why, sizeof(why), "body ended after %llu of %lld bytes", (unsigned long long)c->got,
				 (long long)c->http.h.content_length);
			retry_or_fail(f, c, why);
		}
		return false;
	}
	return n > 0 && body(f, c, f->scratch, (size_t)n);
}

void fleet_http_event(struct fleet *f, struct fleet_client *c, uint32_t events)
{
	struct fleet_http *h = &c->http;
	if (!h->connected) {
		int err = 0;
		socklen_t el = sizeof(err);
		getsockopt(c->fd, SOL_SOCKET, SO_ERROR, &err, &el);
		if (err) {
			retry_or_fail(f, c, strerror(err));
			return;
		}
		if (!(events & (EPOLLOUT | EPOLLIN)))
			return;
		h->connected = true;
	}
	c->deadline_us = bench_now_us() + f->o.http_stall_us;
	if (h->req_off < h->req_len) {
		ssize_t n = send(c->fd, h->req + h->req_off, h->req_len - h->req_off, MSG_NOSIGNAL);
		if (n < 0 && errno != EAGAIN) {
			retry_or_fail(f, c, strerror(errno));
			return;
		}
		if (n > 0)
			h->req_off += (size_t)n;
		if (h->req_off == h->req_len && fleet_watch(f, c, c->fd, EPOLLIN) < 0) {
			fleet_close(f, c);
			fleet_fail(f, c, "http: epoll: %s", strerror(errno));
			return;
		}
	}
	for (int i = 0; i < 16; i++) {
		bool more = h->in_body ? read_body(f, c) : read_head(f, c);
		if (!more || c->io != FIO_HTTP)
			return;
	}
}

void fleet_http_timeout(struct fleet *f, struct fleet_client *c, int64_t now)
{
	if (c->http.retry_at_us && now >= c->http.retry_at_us) {
		int r = connect_now(f, c);
		if (r < 0)
			retry_or_fail(f, c, strerror(-r));
		return;
	}
	retry_or_fail(f, c, c->http.connected ? "stalled" : "connect timed out");
}
