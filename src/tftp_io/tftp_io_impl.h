/* Internals shared by tftp_io.c (listening sockets, requests, limits) and
 * tftp_io_xfer.c (running one transfer). Not for other modules. */
#pragma once
#include <netinet/in.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <sys/socket.h>

#include "core/loop.h"
#include "tftp/tftp_recent.h"
#include "tftp/tftp_xfer.h"
#include "tftp_io/tftp_io.h"
#include "tftp_io/tftp_source.h"
#include "tftp_io/tftp_upload.h"

/* Datagrams sent with one sendmmsg, and the buffer they are built in: a
 * window of 64 blocks of 1468 bytes fits in one call. */
#define TIO_TX_BATCH 64
#define TIO_TX_SCRATCH (256 * 1024)
/* Datagrams read per recvmmsg on a transfer socket, and how many calls one
 * readiness event may make before the loop serves others. */
#define TIO_RX_BATCH 16
#define TIO_RX_SLOT (TFTP_PKT_MAX + 4)
#define TIO_RX_ROUNDS 4
#define TIO_MAX_PROVIDERS 8
#define TIO_MAX_LISTENERS 64
#define TIO_NAME_LOG 160   /* escaped file name kept for the log lines */
#define TIO_MTU_CACHE 16
#define TIO_RA_MAX (256 * 1024)
/* Read-ahead buffers a transfer may hold for its life: its next blocks come
 * from there, one pread per 32 KiB instead of one per block. A fixed pool,
 * so memory stays bounded however many transfers run (the rest read
 * block by block). */
#define TIO_RAB_SIZE (32 * 1024)
#define TIO_RAB_COUNT 64
/* UDP GSO (UDP_SEGMENT, Linux 4.18): one send carries up to this many
 * equal-sized datagrams of one window, cut by the kernel or the NIC */
/* Resends a transfer gets, with nothing acknowledged, when its request
 * repeats one served in the last minute from the same port: a late copy
 * of that request is read by nobody (the client moved on), while a client
 * that really asks again acknowledges within a round trip. 250 + 500 +
 * 1000 + 2000 ms instead of the full schedule (28 s with the defaults). */
#define TIO_LATE_RETRIES 3
#define TIO_GSO_SEGS 64
#define TIO_GSO_BYTES 65000

/* At most `burst` lines per `interval_ms`; what was held back is counted
 * and said by a timer when the interval ends. */
struct tio_ratelog {
	uint64_t window_ms;       /* start of the current interval, 0 = none yet */
	unsigned used;            /* lines logged in it */
	unsigned burst;
	unsigned suppressed;
	uint32_t interval_ms;
	const char *what;         /* "requests dropped at the per-client limit" */
	struct loop_timer *timer;
};

struct tio_client {
	uint32_t ip;
	uint32_t n;
	struct tio_client *next;
};

struct tio_listener {
	struct tftp_io *io;
	int fd;
	char ifname[16];          /* "" for an address listener */
	uint32_t addr;            /* bound address (0 = any); interface's address for ifname */
	uint32_t netmask;
};

struct tio_xfer {
	struct tftp_io *io;
	struct tftp_xfer *core;
	struct tftp_source *src;  /* read transfers */
	struct tftp_upload *up;   /* write transfers */
	int fd;
	struct loop_timer *timer;
	uint64_t timer_at;        /* deadline the timer is armed for, UINT64_MAX if not */
	uint32_t peer_ip;
	uint16_t peer_port;
	uint32_t local_ip;
	struct sockaddr_in peer;
	uint64_t started_ms;
	uint64_t req_hash;        /* of the request's bytes (tftp_recent) */
	bool write;
	bool late;                /* its request repeats one just served */
	bool committed;           /* a finished upload has been renamed into place */
	bool dallying;            /* a finished upload waiting to re-ACK a repeated last block */
	bool logged;              /* its end has been logged */
	bool no_gso;              /* UDP_SEGMENT refused on this path: one datagram per packet */
	size_t ra_span;           /* bytes a window reads: windowsize x blksize */
	uint8_t *rab;             /* a pool read-ahead buffer, or NULL */
	uint64_t rab_off;
	size_t rab_len;
	unsigned strangers;       /* datagrams from other TIDs answered with ERROR 5 */
	unsigned long rx_count;   /* datagrams from the peer on the transfer port */
	struct tio_client *client;
	struct tio_xfer *prev, *next;  /* io->xfers */
	struct tio_xfer *hnext;        /* io->by_peer bucket */
	char name[TIO_NAME_LOG];
};

#define TIO_PEER_BUCKETS 4096
#define TIO_CLIENT_BUCKETS 1024

struct tio_settings {
	uint32_t max_transfers;
	uint32_t max_per_client;
	uint32_t blksize_max;
	uint32_t windowsize_max;
	uint32_t timeout_min_ms;
	uint32_t retries;
	uint64_t upload_max;
	char *upload_dir;         /* NULL: writes refused */
	char *root;
};

struct tio_mtu {
	int ifindex;
	uint32_t mtu;
	uint64_t checked_ms;
};

struct tftp_io {
	struct loop *loop;
	struct tio_settings set;
	struct tio_listener listeners[TIO_MAX_LISTENERS];
	size_t nlisteners;
	uint16_t port;
	struct tftp_provider *providers[TIO_MAX_PROVIDERS + 1];
	size_t nproviders;        /* the disk provider is always the last */
	struct tftp_provider *disk;
	struct tio_xfer *xfers;
	size_t nxfers;
	struct tio_xfer *by_peer[TIO_PEER_BUCKETS];
	struct tio_client *clients[TIO_CLIENT_BUCKETS];
	struct tio_mtu mtus[TIO_MTU_CACHE];
	int ioctl_fd;
	struct tio_ratelog rl_global, rl_client, rl_refused, rl_bad, rl_tid;
	/* shared buffers: one transfer is served at a time */
	uint8_t *rx;              /* TIO_RX_BATCH * TIO_RX_SLOT */
	uint8_t *tx;              /* TIO_TX_SCRATCH */
	/* read-ahead of the window being sent: one pread per window instead
	 * of one per block; valid during one drain only */
	uint8_t *ra;              /* TIO_RA_MAX */
	const struct tftp_source *ra_src;
	uint64_t ra_off;
	size_t ra_len;
	uint8_t *rab_free[TIO_RAB_COUNT]; /* pool buffers not held by a transfer */
	size_t nrab_free;
	size_t nrab;              /* pool buffers allocated so far */
	struct tftp_recent *recent; /* reads served lately, to know a late copy of their request */
};

/* tftp_io.c */
bool tio_ratelog_ok(struct tftp_io *io, struct tio_ratelog *rl);
uint32_t tio_mtu(struct tftp_io *io, int ifindex);

/* tftp_io_xfer.c */
/* Starts a transfer for a parsed request whose source (RRQ) or upload
 * (WRQ) is open; takes ownership of them. Sends the first packets. */
int tio_xfer_start(struct tftp_io *io, const struct tftp_pkt *req, uint64_t req_hash,
		   struct tftp_source *src, struct tftp_upload *up, const struct tftp_xfer_conf *xc,
		   uint32_t peer_ip, uint16_t peer_port, uint32_t local_ip, const char *logname);
struct tio_xfer *tio_xfer_find(struct tftp_io *io, uint32_t ip, uint16_t port);
/* Ends a transfer now, with an ERROR to the client if it was running. */
void tio_xfer_kill(struct tio_xfer *x, const char *why);
/* Ends it without a word to the client (whose port now belongs to a new
 * request: an ERROR from our old port would derail it). */
void tio_xfer_drop(struct tio_xfer *x, const char *why);
/* Handles whatever is queued on the transfer's socket now, out of the
 * loop's order; false when that ended (and freed) the transfer. */
bool tio_xfer_poll(struct tio_xfer *x);
void tio_client_put(struct tftp_io *io, struct tio_client *c);
