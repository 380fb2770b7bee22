/* Internals shared by the HTTP shell's files: http_io.c (sockets, limits,
 * MHD's threads), http_io_jobs.c (requests handed to the loop's thread and
 * back), http_io_route.c (the route table), http_io_req.c (one request:
 * target, routing, handlers, responses) and http_io_file.c (files and
 * directories of a tree). Not for other modules.
 *
 * Two MHD daemons share the callbacks. The loop's (in external epoll mode,
 * run by the loop) reads, answers and sends most requests. The bulk one
 * has http.threads threads of its own and takes the connections whose
 * first request is for a bulk prefix (install trees: kernels, initrds,
 * packages), so sending them runs on every core. Its requests come to the
 * loop's thread to be answered, like everything else (http_io_jobs.c): a
 * bulk connection's fields belong to its MHD thread until the request is
 * posted (hio_post), to the loop's thread until it resumes the connection,
 * then to the MHD thread again. What both sides touch at any time
 * (connection counts, clients, rate limits of log lines) is under
 * http_io.lock.
 */
#pragma once
#include <microhttpd.h>
#include <pthread.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <sys/types.h>

#include "core/loop.h"
#include "http/http_html.h"
#include "http_io/http_io.h"

#define HIO_MAX_LISTENERS 64
#define HIO_CLIENT_BUCKETS 256
/* connections one readiness event of a listening socket may accept */
#define HIO_ACCEPT_BURST 64
#define HIO_CTYPE_MAX 128
/* what a new connection's peek reads: enough for "GET /distros/<name>/" */
#define HIO_PEEK 256

/* At most `burst` lines per interval; the next line allowed says how many
 * were held back. */
struct hio_ratelog {
	uint64_t window_ms;
	unsigned used, burst, suppressed;
};

struct hio_listener {
	struct http_io *io;
	int fd;
	char ifname[16];   /* "" for an address listener */
	uint32_t addr;     /* bound address, 0 = any */
};

struct hio_client {
	uint32_t ip;
	uint32_t n;        /* open connections */
	struct hio_client *next;
};

enum hio_route_kind { HIO_HANDLER, HIO_MOUNT };

/* Small files of mounts, kept for HIO_CACHE_TTL_MS after they were read:
 * a burst of clients fetching the same boot file costs one open, not one
 * each. A file changed on disk is served as it was for at most that long. */
#define HIO_CACHE_SLOTS 256
#define HIO_CACHE_TTL_MS 1000
#define HIO_CACHE_FILE_MAX (16 * 1024)

struct hio_cached {
	uint64_t mount_id;  /* 0 = empty slot */
	char *path;
	char *data;
	uint64_t size, id;
	struct timespec mtime;
	uint64_t loaded_ms;
};

struct hio_route {
	char *prefix;      /* normalised: "" for "/", else "a/b" */
	size_t plen;
	enum hio_route_kind kind;
	struct tree *tree; /* HIO_MOUNT */
	uint64_t id;       /* new for every tree mounted: the cache's key */
	http_handler_fn fn; /* HIO_HANDLER */
	void *ctx;
	unsigned methods;
};

/* Which daemon a connection's callbacks come from. */
struct hio_side {
	struct http_io *io;
	bool bulk;
};

struct http_io {
	struct loop *loop;
	struct MHD_Daemon *mhd;  /* on the loop */
	int mhd_fd;              /* its epoll descriptor, in our loop */
	int pending_fd;          /* an always-readable eventfd: in the loop while MHD has work queued */
	bool pending_on;
	struct loop_timer *timer; /* its next connection timeout */
	uint64_t timer_at;
	struct MHD_Daemon *mhd_bulk; /* threads of its own */
	unsigned threads;        /* the bulk daemon's */
	struct hio_side side_loop, side_bulk;
	char **bulk;             /* bulk prefixes, normalised ("distros") */
	size_t nbulk;
	uint64_t bulk_accepted;
	struct loop_timer *rest; /* listeners paused while out of descriptors */
	uint16_t port;
	struct hio_listener listeners[HIO_MAX_LISTENERS];
	size_t nlisteners;
	/* limits (reloadable) */
	uint32_t max_conns, max_per_client, idle_timeout_s;
	uint32_t started_max_conns; /* what MHD's limits were made for */
	/* requests waiting for the loop's thread (http_io_jobs.c) */
	pthread_mutex_t jobs_lock;
	struct http_conn *jobs_head, *jobs_tail;
	int jobs_fd;             /* eventfd, readable while requests wait */
	bool stopping;           /* under jobs_lock: nothing more is posted */
	bool locks_ready;
	/* shared with MHD's threads: under lock */
	pthread_mutex_t lock;
	size_t nconns;
	struct hio_client *clients[HIO_CLIENT_BUCKETS];
	struct hio_ratelog rl_limit, rl_refused, rl_mhd;
	char *root;              /* what "/" serves, for logs and reloads */
	/* routes, longest prefix first (handlers before mounts at equal length) */
	struct hio_route *routes;
	size_t nroutes;
	uint64_t boundary_seq;   /* multipart boundaries */
	uint64_t route_seq;      /* route ids; grows with every change of the table */
	struct hio_cached *cache; /* HIO_CACHE_SLOTS */
};

/* One connection (MHD's socket context), reused by its requests. */
struct http_conn {
	struct http_io *io;
	struct MHD_Connection *mhd;
	uint32_t client_ip, local_ip;
	uint16_t client_port, local_port;
	bool local_known;
	/* the request in progress */
	char *uri;               /* raw target, as received */
	size_t uri_cap;
	enum http_method method;
	bool seen;               /* the access handler has run for it */
	bool queued;             /* a response was queued */
	bool body_over;          /* the body went past HTTP_IO_BODY_MAX */
	bool closing;            /* MHD closes the connection after this answer */
	bool bulk;               /* on the bulk daemon: requests go through hio_post */
	bool posted;             /* handed to the loop's thread, suspended */
	bool failed;             /* no answer could be made: MHD closes */
	struct buf body;
	struct buf headers;      /* the request's, "name\0value\0"..., copied for the loop's thread */
	struct http_conn *job_next;
	/* the answer, made on either thread, queued on MHD's (hio_flush) */
	struct MHD_Response *out;
	unsigned status;
	uint64_t resp_len;
	uint64_t started_ms;
};

struct http_resp {
	unsigned status;
	char ctype[HIO_CTYPE_MAX];
	struct buf body;
	struct buf headers; /* "name\0value\0" ... */
	bool has_file;
	struct tree_file file;
	char name[256];          /* for the file's media type */
	char ftype[HIO_CTYPE_MAX];
};

/* Milliseconds of CLOCK_MONOTONIC: the loop's clock is its thread's. */
uint64_t hio_now_ms(void);
/* Takes io->lock. */
bool hio_ratelog_ok(struct http_io *io, struct hio_ratelog *rl, unsigned *suppressed);
const char *hio_client_str(const struct http_conn *c, char buf[32]);

/* whether a request line that starts buf (a peek at what a new connection
 * sent) asks for something below a bulk prefix (http_io_route.c) */
bool hio_bulk_request(const struct http_io *io, const char *buf, size_t len);

/* routes (http_io_route.c) */
int hio_prefix_normalize(const char *prefix, char *out, size_t outlen);
/* the i-th route from `from` matching path (normalised, no leading '/'),
 * or -1; *sub is set to the rest below the prefix */
ssize_t hio_route_match(const struct http_io *io, size_t from, const char *path, const char **sub);
void hio_routes_free(struct http_io *io);

/* requests (http_io_req.c): MHD's callbacks */
void *hio_on_uri(void *cls, const char *uri, struct MHD_Connection *c);
enum MHD_Result hio_on_request(void *cls, struct MHD_Connection *c, const char *url, const char *method,
			       const char *version, const char *upload_data, size_t *upload_data_size,
			       void **req_cls);
void hio_on_completed(void *cls, struct MHD_Connection *c, void **req_cls, enum MHD_RequestTerminationCode toe);
/* the answer: status with a short text body (and Allow / Location when given) */
enum MHD_Result hio_queue_text(struct http_conn *c, unsigned status, const char *text, const char *hname,
			       const char *hvalue);
/* Makes r (taken) the answer and records what the access log says; on
 * either thread. MHD gets it from hio_flush on the connection's thread. */
enum MHD_Result hio_queue(struct http_conn *c, unsigned status, struct MHD_Response *r, uint64_t len);
/* On the connection's MHD thread: queues the answer made, if any; else
 * returns ret. */
enum MHD_Result hio_flush(struct http_conn *c, enum MHD_Result ret);
/* On the loop's thread: routes the request and makes its answer. */
enum MHD_Result hio_dispatch(struct http_conn *c);

/* requests handed to the loop's thread (http_io_jobs.c) */
int hio_jobs_init(struct http_io *io);
int hio_jobs_start(struct http_io *io);
/* On a bulk connection's MHD thread, for a complete request: suspends the
 * connection and hands it to the loop's thread, which answers it and
 * resumes it. MHD_NO (close) once the server is stopping. */
enum MHD_Result hio_post(struct http_conn *c);
/* Before MHD stops: nothing more is posted, waiting requests are closed. */
void hio_jobs_stop(struct http_io *io);
void hio_jobs_free(struct http_io *io);

/* the small-file cache (http_io_cache.c) */
const struct hio_cached *hio_cache_get(struct http_io *io, uint64_t mount_id, const char *path);
/* stores a copy of data (f's whole content); failures only mean no caching */
void hio_cache_put(struct http_io *io, uint64_t mount_id, const char *path, const struct tree_file *f,
		   const char *data);
void hio_cache_free(struct http_io *io);

/* files (http_io_file.c) */
/* adds the "name\0value\0"... pairs of h (may be NULL) to r */
void hio_add_headers(struct MHD_Response *r, const struct buf *h);
/* Serves file f (taken) as the answer to c's request; name picks the type
 * when ctype is NULL. extra: headers to add ("name\0value\0"...), may be NULL. */
enum MHD_Result hio_serve_file(struct http_conn *c, struct tree_file *f, const char *name, const char *ctype,
			       const struct buf *extra);
/* Serves path (normalised, relative) of a mount's tree; url_path is what the
 * client asked for (decoded, normalised), query the raw query, dir whether
 * the URL ended with '/'. */
enum MHD_Result hio_serve_tree(struct http_conn *c, const struct hio_route *mount, const char *path,
			       const char *url_path, const char *query, size_t qlen, bool dir);
