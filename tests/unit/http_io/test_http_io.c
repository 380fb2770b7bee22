/* The HTTP shell in-process, on loopback: the loop runs in a thread, this
 * thread is the client. Handlers see method, path, query, headers,
 * addresses and body; routes are matched by whole components, handlers may
 * pass to mounts, mounts come and go at run time, a handler can answer with
 * a file (ranges apply), errors and limits give the right status, and
 * thousands of requests (keep-alive and not) leave no connection behind
 * (and, under ASan, no leak). */
#include <arpa/inet.h>
#include <errno.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <pthread.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <unistd.h>

#include "conf/conf.h"
#include "core/log.h"
#include "core/loop.h"
#include "http_io/http_io.h"
#include "test.h"
#include "tree/tree_dir.h"

static struct loop *loop;
static struct http_io *io;
static uint16_t port;
static char top[64];
static pthread_t loop_thread;
static struct tree *file_tree;

/* ---- handlers (they run on the loop's thread) ---- */

static int echo(void *ctx, const struct http_req *req, struct http_resp *resp)
{
	/* every handler runs on the loop's thread, bulk connections' too */
	if (!pthread_equal(pthread_self(), loop_thread))
		return -EDEADLK;
	char x[64] = "-", ip[16], lip[16];
	const char *h = http_req_header(req, "X-Test");
	http_req_query(req, "x", x, sizeof(x));
	struct in_addr a = { htonl(req->client_ip) }, b = { htonl(req->local_ip) };
	inet_ntop(AF_INET, &a, ip, sizeof(ip));
	inet_ntop(AF_INET, &b, lip, sizeof(lip));
	http_resp_type(resp, "text/x-echo");
	http_resp_header(resp, "X-Pxed", "yes");
	http_resp_printf(resp, "%s|%s|%s|x=%s|h=%s|%s|%s:%u|%zu|%s", req->method_name, req->path, req->url_path, x,
			 h ? h : "-", ip, lip, req->local_port == port ? 1u : 0u, req->body_len,
			 (const char *)req->body);
	return 0;
}

/* a status page at exactly "/", the rest to the mount below it */
static int status_page(void *ctx, const struct http_req *req, struct http_resp *resp)
{
	if (req->path[0])
		return HTTP_PASS;
	http_resp_write(resp, "status", 6);
	return 0;
}

static int failing(void *ctx, const struct http_req *req, struct http_resp *resp) { return -EIO; }

static int bad_header(void *ctx, const struct http_req *req, struct http_resp *resp)
{
	int r = http_resp_header(resp, "X-Evil", "a\r\nSet-Cookie: x");
	http_resp_status(resp, 202);
	http_resp_printf(resp, "%d", r);
	return 0;
}

/* /file/<name>: a file of the test tree through a handler */
static int file_handler(void *ctx, const struct http_req *req, struct http_resp *resp)
{
	struct tree *t = ctx;
	struct tree_file f;
	if (tree_open(t, req->path, &f) < 0) {
		http_resp_error(resp, 404, "no such file");
		return 0;
	}
	return http_resp_file(resp, &f, req->path, "application/x-test");
}

/* /ctl?op=mount|unmount|stop: route changes on the loop's thread */
static int ctl(void *ctx, const struct http_req *req, struct http_resp *resp)
{
	char op[16], prefix[64];
	if (http_req_query(req, "op", op, sizeof(op)) < 0)
		return -EINVAL;
	if (http_req_query(req, "prefix", prefix, sizeof(prefix)) < 0)
		prefix[0] = 0;
	int r = 0;
	if (!strcmp(op, "mount")) {
		struct tree *t;
		char err[256], dir[128];
		snprintf(dir, sizeof(dir), "%s/d1", top);
		r = tree_dir_open(dir, &t, err, sizeof(err));
		if (r == 0)
			r = http_io_mount(io, prefix, t);
	} else if (!strcmp(op, "unmount")) {
		r = http_io_unmount(io, prefix);
	} else if (!strcmp(op, "conns")) {
		http_resp_printf(resp, "%zu", http_io_connections(io));
		return 0;
	} else if (!strcmp(op, "bulk")) {
		http_resp_printf(resp, "%llu", (unsigned long long)http_io_bulk_accepted(io));
		return 0;
	} else if (!strcmp(op, "stop")) {
		loop_stop(loop);
	}
	http_resp_printf(resp, "%d", r);
	return 0;
}

/* mounts a tree and passes: the request is then served by that mount */
static int mount_then_pass(void *ctx, const struct http_req *req, struct http_resp *resp)
{
	struct tree *t;
	char err[256], dir[128];
	snprintf(dir, sizeof(dir), "%s/d1", top);
	if (tree_dir_open(dir, &t, err, sizeof(err)) < 0 || http_io_mount(io, "/late", t) < 0)
		return -EIO;
	return HTTP_PASS;
}

/* ---- a tree whose files are slices of one image, like an ISO's ---- */

struct slice_tree {
	struct tree tree;
	int fd; /* shared by every file: owns_fd is false */
};

static const struct {
	const char *name;
	uint64_t offset, size;
} slices[] = { { "big", 100000, 50000 }, { "small", 7, 100 } };

static int slice_open(struct tree *t, const char *path, struct tree_file *ret)
{
	struct slice_tree *st = (struct slice_tree *)(void *)t;
	for (size_t i = 0; i < sizeof(slices) / sizeof(slices[0]); i++)
		if (!strcmp(path, slices[i].name)) {
			*ret = (struct tree_file){ .fd = st->fd, .offset = slices[i].offset, .size = slices[i].size,
						   .id = i + 1, .owns_fd = false };
			return 0;
		}
	return -ENOENT;
}

static int slice_list(struct tree *t, const char *path, tree_list_cb cb, void *ctx) { return -ENOTDIR; }

static void slice_free(struct tree *t)
{
	struct slice_tree *st = (struct slice_tree *)(void *)t;
	close(st->fd);
	free(st);
}

static const struct tree_ops slice_ops = { .open = slice_open, .list = slice_list, .free = slice_free };

/* the image: byte i is i * 7 + i / 251, so any misplaced offset shows */
static unsigned char image_byte(uint64_t i) { return (unsigned char)(i * 7 + i / 251); }

static struct tree *slice_tree_new(void)
{
	char p[128];
	snprintf(p, sizeof(p), "%s/image", top);
	FILE *f = fopen(p, "w");
	if (!f)
		abort();
	for (uint64_t i = 0; i < 200000; i++)
		fputc(image_byte(i), f);
	fclose(f);
	struct slice_tree *st = calloc(1, sizeof(*st));
	st->tree = (struct tree){ .ops = &slice_ops, .kind = "slices" };
	st->fd = open(p, O_RDONLY | O_CLOEXEC);
	if (st->fd < 0)
		abort();
	return &st->tree;
}

/* ---- a small client ---- */

struct reply {
	int status;
	char head[4096];
	char body[70000];
	size_t blen;
};

static int dial(void)
{
	int fd = socket(AF_INET, SOCK_STREAM, 0);
	struct sockaddr_in sa = { .sin_family = AF_INET, .sin_port = htons(port), .sin_addr.s_addr = htonl(0x7f000001) };
	struct timeval tv = { .tv_sec = 10 };
	setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &tv, sizeof(tv));
	if (connect(fd, (struct sockaddr *)&sa, sizeof(sa)) < 0)
		abort();
	return fd;
}

static void send_all(int fd, const void *p, size_t n)
{
	while (n) {
		ssize_t k = send(fd, p, n, MSG_NOSIGNAL);
		if (k <= 0)
			return;
		p = (const char *)p + k;
		n -= (size_t)k;
	}
}

/* Reads one response (headers, then Content-Length bytes). */
static int read_reply(int fd, struct reply *r, bool head_only)
{
	static char buf[200000];
	size_t n = 0;
	char *end = NULL;
	memset(r, 0, sizeof(*r));
	while (!(end = memmem(buf, n, "\r\n\r\n", 4))) {
		ssize_t k = recv(fd, buf + n, sizeof(buf) - n, 0);
		if (k <= 0)
			return -1;
		n += (size_t)k;
	}
	size_t hl = (size_t)(end - buf) + 4;
	memcpy(r->head, buf, hl < sizeof(r->head) ? hl : sizeof(r->head) - 1);
	r->status = atoi(buf + 9);
	const char *cl = strcasestr(r->head, "\r\nContent-Length: ");
	size_t want = cl && !head_only && r->status != 304 ? (size_t)atol(cl + 18) : 0;
	while (n - hl < want) {
		ssize_t k = recv(fd, buf + n, sizeof(buf) - n, 0);
		if (k <= 0)
			return -1;
		n += (size_t)k;
	}
	r->blen = want < sizeof(r->body) - 1 ? want : sizeof(r->body) - 1;
	memcpy(r->body, buf + hl, r->blen);
	return 0;
}

static struct reply R;

static int req_on(int fd, const char *method, const char *target, const char *extra, const char *body)
{
	char msg[8192];
	size_t bl = body ? strlen(body) : 0;
	int n = snprintf(msg, sizeof(msg), "%s %s HTTP/1.1\r\nHost: t\r\n%s%s", method, target, extra ? extra : "",
			 body ? "" : "\r\n");
	send_all(fd, msg, (size_t)n);
	if (body) {
		n = snprintf(msg, sizeof(msg), "Content-Length: %zu\r\n\r\n", bl);
		send_all(fd, msg, (size_t)n);
		send_all(fd, body, bl);
	}
	return read_reply(fd, &R, !strcmp(method, "HEAD"));
}

static int req(const char *method, const char *target, const char *extra, const char *body)
{
	int fd = dial();
	int r = req_on(fd, method, target, extra, body);
	close(fd);
	return r < 0 ? -1 : R.status;
}

static const char *body(void)
{
	R.body[R.blen] = 0;
	return R.body;
}

/* ---- the tests ---- */

static void put(const char *rel, const char *text)
{
	char p[256];
	snprintf(p, sizeof(p), "%s/%s", top, rel);
	FILE *f = fopen(p, "w");
	if (!f)
		abort();
	fputs(text, f);
	fclose(f);
}


TEST(handler_sees_the_request)
{
	CHECK_INT(req("GET", "/echo/a/b%20c?x=1%202&y=z", "X-Test: hello\r\n", NULL), 200);
	CHECK_STR(body(), "GET|a/b c|/echo/a/b c|x=1 2|h=hello|127.0.0.1|127.0.0.1:1|0|");
	CHECK(strcasestr(R.head, "\r\nContent-Type: text/x-echo\r\n") != NULL);
	CHECK(strcasestr(R.head, "\r\nX-Pxed: yes\r\n") != NULL);
	CHECK_INT(req("GET", "/echo", NULL, NULL), 200);
	CHECK_STR(body(), "GET||/echo|x=-|h=-|127.0.0.1|127.0.0.1:1|0|");
	CHECK_INT(req("POST", "/echo/events?token=t", NULL, "phase=done&detail=x"), 200);
	CHECK_STR(body(), "POST|events|/echo/events|x=-|h=-|127.0.0.1|127.0.0.1:1|19|phase=done&detail=x");
	CHECK_INT(req("POST", "/echo", NULL, ""), 200);
	CHECK_STR(body(), "POST||/echo|x=-|h=-|127.0.0.1|127.0.0.1:1|0|");
}

TEST(bodies_over_the_limit)
{
	static char big[HTTP_IO_BODY_MAX + 10];
	memset(big, 'b', sizeof(big) - 1);
	big[sizeof(big) - 1] = 0;
	CHECK_INT(req("POST", "/echo", NULL, big), 413);
	big[HTTP_IO_BODY_MAX] = 0;
	CHECK_INT(req("POST", "/echo", NULL, big), 200);
	CHECK(strstr(body(), "|65536|bbb") != NULL);
	/* a chunked body that grows past the limit */
	int fd = dial();
	const char *h = "POST /echo HTTP/1.1\r\nHost: t\r\nTransfer-Encoding: chunked\r\n\r\n";
	send_all(fd, h, strlen(h));
	static char chunk[40000 + 16];
	for (int i = 0; i < 2; i++) {
		int n = snprintf(chunk, sizeof(chunk), "%x\r\n", 40000);
		memset(chunk + n, 'c', 40000);
		memcpy(chunk + n + 40000, "\r\n", 2);
		send_all(fd, chunk, (size_t)n + 40002);
	}
	send_all(fd, "0\r\n\r\n", 5);
	CHECK_INT(read_reply(fd, &R, false), 0);
	CHECK_INT(R.status, 413);
	close(fd);
}

TEST(routing)
{
	/* the status page answers "/" only and passes the rest to the mount */
	CHECK_INT(req("GET", "/", NULL, NULL), 200);
	CHECK_STR(body(), "status");
	CHECK_INT(req("GET", "/hello.txt", NULL, NULL), 200);
	CHECK_STR(body(), "hello\n");
	/* whole components: /echox is not under /echo */
	CHECK_INT(req("GET", "/echox", NULL, NULL), 404);
	CHECK_INT(req("PUT", "/echo", NULL, "x"), 405);
	CHECK(strcasestr(R.head, "\r\nAllow: GET, HEAD, POST\r\n") != NULL);
	CHECK_INT(req("DELETE", "/hello.txt", NULL, NULL), 405);
	CHECK_INT(req("GET", "/fail", NULL, NULL), 500);
	CHECK_INT(req("GET", "/bad-header", NULL, NULL), 202);
	CHECK_STR(body(), "-22");
	CHECK(strcasestr(R.head, "Set-Cookie") == NULL);
	CHECK_INT(req("GET", "/echo/../x", NULL, NULL), 403);
	CHECK_INT(req("GET", "/echo/%00", NULL, NULL), 400);
	/* a handler that mounts and passes: the new mount answers at once */
	CHECK_INT(req("GET", "/late/inside.txt", NULL, NULL), 404);
	CHECK_INT(req("GET", "/mount-then-pass", NULL, NULL), 404);
	CHECK_INT(req("GET", "/late/inside.txt", NULL, NULL), 200);
}

TEST(mounts_at_run_time)
{
	CHECK_INT(req("GET", "/distros/d1/inside.txt", NULL, NULL), 404);
	CHECK_INT(req("GET", "/ctl?op=mount&prefix=/distros/d1/", NULL, NULL), 200);
	CHECK_STR(body(), "0");
	CHECK_INT(req("GET", "/distros/d1/inside.txt", NULL, NULL), 200);
	CHECK_STR(body(), "inside d1\n");
	CHECK_INT(req("GET", "/distros/d1", NULL, NULL), 301);
	CHECK(strcasestr(R.head, "\r\nLocation: /distros/d1/\r\n") != NULL);
	/* replacing keeps one route */
	CHECK_INT(req("GET", "/ctl?op=mount&prefix=/distros/d1", NULL, NULL), 200);
	CHECK_INT(req("GET", "/ctl?op=unmount&prefix=/distros/d1", NULL, NULL), 200);
	CHECK_STR(body(), "0");
	CHECK_INT(req("GET", "/distros/d1/inside.txt", NULL, NULL), 404);
	CHECK_INT(req("GET", "/ctl?op=unmount&prefix=/distros/d1", NULL, NULL), 200);
	CHECK_STR(body(), "-2");
	CHECK_INT(req("GET", "/ctl?op=mount&prefix=/a/..%2Fb", NULL, NULL), 200);
	CHECK_STR(body(), "-22");
}

TEST(handler_answers_with_a_file)
{
	CHECK_INT(req("GET", "/file/hello.txt", NULL, NULL), 200);
	CHECK_STR(body(), "hello\n");
	CHECK(strcasestr(R.head, "\r\nContent-Type: application/x-test\r\n") != NULL);
	CHECK(strcasestr(R.head, "\r\nETag: \"") != NULL);
	CHECK_INT(req("GET", "/file/hello.txt", "Range: bytes=1-3\r\n", NULL), 206);
	CHECK_STR(body(), "ell");
	CHECK_INT(req("HEAD", "/file/hello.txt", NULL, NULL), 200);
	CHECK(strcasestr(R.head, "\r\nContent-Length: 6\r\n") != NULL);
	CHECK_INT(req("GET", "/file/missing", NULL, NULL), 404);
	CHECK_STR(body(), "no such file\n");
}

/* n connections that ask for path and go away without reading */
static void drop_unread(const char *path, int n)
{
	char msg[256];
	int len = snprintf(msg, sizeof(msg), "GET %s HTTP/1.1\r\nHost: t\r\n\r\n", path);
	for (int i = 0; i < n; i++) {
		int c = dial();
		send_all(c, msg, (size_t)len);
		close(c);
	}
}

/* the server's count of open connections once those closed are gone */
static int open_connections_once_quiet(void)
{
	int left = -1;
	for (int i = 0; i < 100 && left != 1; i++) {
		usleep(20000);
		if (req("GET", "/ctl?op=conns", NULL, NULL) == 200)
			left = atoi(body());
	}
	return left;
}

TEST(many_requests)
{
	/* keep-alive: one connection, many requests */
	int fd = dial();
	int ok = 0;
	for (int i = 0; i < 3000; i++)
		if (req_on(fd, "GET", i % 2 ? "/echo/k?x=1" : "/hello.txt", NULL, NULL) == 0 && R.status == 200)
			ok++;
	close(fd);
	CHECK_INT(ok, 3000);
	/* a new connection each time, with Connection: close */
	ok = 0;
	for (int i = 0; i < 1000; i++)
		if (req("GET", "/echo/c", "Connection: close\r\n", NULL) == 200)
			ok++;
	CHECK_INT(ok, 1000);
	/* and with the connection dropped before the answer is read */
	drop_unread("/hello.txt", 200);
	CHECK_INT(open_connections_once_quiet(), 1); /* the one asking */
}

TEST(small_files_are_cached_for_a_second)
{
	CHECK_INT(req("GET", "/cached.txt", NULL, NULL), 200);
	CHECK_STR(body(), "first\n");
	put("cached.txt", "second, longer\n");
	/* within the second: the copy in memory, validators included */
	CHECK_INT(req("GET", "/cached.txt", NULL, NULL), 200);
	CHECK_STR(body(), "first\n");
	CHECK_INT(req("GET", "/cached.txt", "Range: bytes=1-2\r\n", NULL), 206);
	CHECK_STR(body(), "ir");
	CHECK_INT(req("GET", "/cached.txt", "Range: bytes=0-0,4-4\r\n", NULL), 206);
	CHECK(strstr(body(), "Content-Range: bytes 4-4/6\r\n\r\nt\r\n") != NULL);
	usleep(1100 * 1000);
	CHECK_INT(req("GET", "/cached.txt", NULL, NULL), 200);
	CHECK_STR(body(), "second, longer\n");
	/* a remount is never answered from what the old tree put in memory */
	CHECK_INT(req("GET", "/ctl?op=mount&prefix=/m", NULL, NULL), 200);
	CHECK_INT(req("GET", "/m/inside.txt", NULL, NULL), 200);
	CHECK_STR(body(), "inside d1\n");
	CHECK_INT(req("GET", "/ctl?op=unmount&prefix=/m", NULL, NULL), 200);
	CHECK_INT(req("GET", "/m/inside.txt", NULL, NULL), 404);
}

static bool image_bytes(const char *got, size_t n, uint64_t from)
{
	for (size_t i = 0; i < n; i++)
		if ((unsigned char)got[i] != image_byte(from + i))
			return false;
	return true;
}

TEST(files_at_an_offset_in_an_image)
{
	/* whole (sendfile), single range, several ranges (pread), HEAD; and
	 * the small file through the cache, twice */
	CHECK_INT(req("GET", "/iso/big", NULL, NULL), 200);
	CHECK_INT(R.blen, 50000);
	CHECK(image_bytes(R.body, R.blen, 100000));
	CHECK_INT(req("GET", "/iso/big", "Range: bytes=40000-40999\r\n", NULL), 206);
	CHECK_INT(R.blen, 1000);
	CHECK(image_bytes(R.body, R.blen, 140000));
	CHECK_INT(req("GET", "/iso/big", "Range: bytes=0-1,-2\r\n", NULL), 206);
	const char *p1 = strstr(body(), "bytes 0-1/50000\r\n\r\n"), *p2 = strstr(body(), "bytes 49998-49999/50000\r\n\r\n");
	CHECK(p1 && image_bytes(p1 + 19, 2, 100000));
	CHECK(p2 && image_bytes(p2 + 27, 2, 149998));
	CHECK_INT(req("HEAD", "/iso/big", NULL, NULL), 200);
	CHECK(strcasestr(R.head, "\r\nContent-Length: 50000\r\n") != NULL);
	for (int i = 0; i < 2; i++) {
		CHECK_INT(req("GET", "/iso/small", NULL, NULL), 200);
		CHECK_INT(R.blen, 100);
		CHECK(image_bytes(R.body, R.blen, 7));
		CHECK_INT(req("GET", "/iso/small", "Range: bytes=10-19\r\n", NULL), 206);
		CHECK(image_bytes(R.body, 10, 17));
	}
	/* the image's descriptor is the tree's: responses used their own */
	CHECK_INT(req("GET", "/iso/big", NULL, NULL), 200);
}

static unsigned long long bulk_accepted(void)
{
	return req("GET", "/ctl?op=bulk", NULL, NULL) == 200 ? strtoull(body(), NULL, 10) : 0;
}

TEST(bulk_connections)
{
	/* /iso is a bulk prefix: its connections go to the bulk threads, and
	 * their later requests -- any route -- are answered there too */
	unsigned long long before = bulk_accepted();
	int fd = dial();
	CHECK_INT(req_on(fd, "GET", "/iso/big", NULL, NULL), 0);
	CHECK_INT(R.status, 200);
	CHECK(R.blen == 50000 && image_bytes(R.body, R.blen, 100000));
	CHECK_INT(req_on(fd, "GET", "/echo/b?x=2", "X-Test: bulk\r\n", NULL), 0);
	CHECK_STR(body(), "GET|b|/echo/b|x=2|h=bulk|127.0.0.1|127.0.0.1:1|0|");
	CHECK_INT(req_on(fd, "POST", "/echo/p", NULL, "a=1"), 0);
	CHECK_STR(body(), "POST|p|/echo/p|x=-|h=-|127.0.0.1|127.0.0.1:1|3|a=1");
	CHECK_INT(req_on(fd, "GET", "/iso/big", "Range: bytes=0-1,-2\r\n", NULL), 0);
	CHECK_INT(R.status, 206);
	CHECK_INT(req_on(fd, "HEAD", "/iso/small", NULL, NULL), 0);
	CHECK(strcasestr(R.head, "\r\nContent-Length: 100\r\n") != NULL);
	CHECK_INT(req_on(fd, "GET", "/iso/none", NULL, NULL), 0);
	CHECK_INT(R.status, 404);
	CHECK_INT(req_on(fd, "GET", "/fail", NULL, NULL), 0);
	CHECK_INT(R.status, 500);
	close(fd);
	CHECK_INT(bulk_accepted() - before, 1);
	int ok;
	/* escaped or other methods: the loop's daemon, answered the same */
	CHECK_INT(req("GET", "/%69so/small", NULL, NULL), 200);
	CHECK_INT(req("POST", "/iso/small", NULL, "x"), 405);
	CHECK_INT(req("GET", "/isox", NULL, NULL), 404);
	CHECK_INT(bulk_accepted() - before, 1);
	/* several open at once: they land on different threads */
	int fds[8];
	for (int i = 0; i < 8; i++) {
		fds[i] = dial();
		send_all(fds[i], "GET /iso/big HTTP/1.1\r\nHost: t\r\n\r\n", 34);
	}
	ok = 0;
	for (int i = 0; i < 8; i++) {
		if (read_reply(fds[i], &R, false) == 0 && R.status == 200 && R.blen == 50000)
			ok++;
		close(fds[i]);
	}
	CHECK_INT(ok, 8);
	/* many at once, a new connection each, some dropped unread */
	ok = 0;
	for (int i = 0; i < 500; i++)
		if (req("GET", i % 2 ? "/iso/big" : "/iso/small?v=1", "Connection: close\r\n", NULL) == 200 &&
		    R.blen == (i % 2 ? 50000u : 100u))
			ok++;
	CHECK_INT(ok, 500);
	drop_unread("/iso/big", 100);
	CHECK(bulk_accepted() - before >= 501);
	CHECK_INT(open_connections_once_quiet(), 1);
}

TEST(idle_connections_are_closed)
{
	/* idle_timeout is 1 s here: a silent connection and one that stops
	 * halfway through its headers are both closed */
	int a = dial(), b = dial();
	send_all(b, "GET /hello.txt HTTP/1.1\r\nHost:", 31);
	char c;
	CHECK_INT(recv(a, &c, 1, 0), 0);
	CHECK(recv(b, &c, 1, 0) <= 0);
	close(a);
	close(b);
	/* a live one is not */
	CHECK_INT(req("GET", "/hello.txt", NULL, NULL), 200);
}


static void *run_loop(void *arg)
{
	loop_run(loop);
	return NULL;
}

static void setup(void)
{
	snprintf(top, sizeof(top), "/tmp/pxed-http-io-XXXXXX");
	if (!mkdtemp(top))
		abort();
	char p[128];
	snprintf(p, sizeof(p), "%s/d1", top);
	mkdir(p, 0755);
	put("hello.txt", "hello\n");
	put("cached.txt", "first\n");
	put("d1/inside.txt", "inside d1\n");

	log_setup(getenv("T_DEBUG") ? LOG_LVL_DEBUG : LOG_LVL_ERROR, false, "test");
	struct pxed_conf conf;
	conf_init(&conf);
	free(conf.http.root);
	conf.http.root = strdup(top);
	conf.http.port = 0;
	conf.http.idle_timeout = 1;
	conf.http.addresses = calloc(1, sizeof(uint32_t));
	conf.http.addresses[0] = 0x7f000001;
	conf.http.naddresses = 1;
	conf.dhcp.enabled = false;
	char err[256];
	loop = loop_new();
	if (!loop || http_io_open(&conf, &io, err, sizeof(err)) < 0 || http_io_start(io, loop, err, sizeof(err)) < 0) {
		fprintf(stderr, "setup: %s\n", err);
		abort();
	}
	conf_free(&conf);
	port = http_io_port(io);
	struct tree *t;
	if (tree_dir_open(top, &t, err, sizeof(err)) < 0)
		abort();
	if (http_io_handle(io, "/echo", HTTP_GET | HTTP_HEAD | HTTP_POST, echo, NULL) < 0 ||
	    http_io_handle(io, "/", HTTP_GET | HTTP_HEAD, status_page, NULL) < 0 ||
	    http_io_handle(io, "/fail", HTTP_GET, failing, NULL) < 0 ||
	    http_io_handle(io, "/bad-header", HTTP_GET, bad_header, NULL) < 0 ||
	    http_io_handle(io, "/file", HTTP_GET | HTTP_HEAD, file_handler, t) < 0 ||
	    http_io_handle(io, "/mount-then-pass", HTTP_GET, mount_then_pass, NULL) < 0 ||
	    http_io_handle(io, "/ctl", HTTP_GET, ctl, NULL) < 0)
		abort();
	CHECK_INT(http_io_handle(io, "no-slash", HTTP_GET, echo, NULL), -EINVAL);
	CHECK_INT(http_io_handle(io, "/x", 0, echo, NULL), -EINVAL);
	CHECK_INT(http_io_unhandle(io, "/nothing"), -ENOENT);
	file_tree = t;
	if (http_io_mount(io, "/iso", slice_tree_new()) < 0 || http_io_bulk(io, "/iso") < 0)
		abort();
	CHECK_INT(http_io_bulk(io, "/"), -EINVAL);
}

static void teardown(void)
{
	req("GET", "/ctl?op=stop", NULL, NULL);
	pthread_join(loop_thread, NULL);
	io = http_io_free(io);
	tree_free(file_tree);
	loop = loop_free(loop);
	char cmd[128];
	snprintf(cmd, sizeof(cmd), "rm -rf %s", top);
	CHECK_INT(system(cmd), 0);
}

/* TEST_MAIN, with the server started before the tests and stopped after */
int test_failures;
struct test_case test_cases[512];
int test_ncases;

int main(void)
{
	signal(SIGPIPE, SIG_IGN);
	setup();
	if (pthread_create(&loop_thread, NULL, run_loop, NULL) != 0)
		abort();
	for (int i = 0; i < test_ncases; i++) {
		int before = test_failures;
		test_cases[i].fn();
		printf("%s %s\n", test_failures == before ? "ok  " : "FAIL", test_cases[i].name);
	}
	teardown();
	printf("%d tests, %d failed checks\n", test_ncases, test_failures);
	return test_failures ? 1 : 0;
}
