/* PURE per-transfer TFTP state machine: one read transfer (the server sends
 * a file, RRQ) or one write transfer (the server receives a file, WRQ).
 *
 * Bytes and time in, bytes and actions out. The shell owns the socket, the
 * timer and the file; the transfer owns only its protocol state (a few
 * hundred bytes; octet reads keep NO file data at all, netascii reads keep
 * windowsize+1 small checkpoints), so 10,000 live transfers are cheap.
 *
 * How the shell drives a transfer:
 *
 *   x = tftp_xfer_new_read(&conf, &req, size, read_fn, ctx, now)   (or _new_write)
 *   loop:
 *     drain:  while ((n = tftp_xfer_next_packet(x, buf, cap, now)) > 0)
 *                 send buf[0..n) to the peer;
 *     status: tftp_xfer_status(x) != TFTP_XFER_RUNNING -> log reason, free
 *             (a DONE write transfer may be kept until its deadline, below);
 *     timer:  (re)arm at tftp_xfer_deadline(x) (UINT64_MAX: none).
 *   on a datagram from the peer:   tftp_xfer_rx(x, pkt, len, now, &wr); if wr.len:
 *                                  write it (WRQ) before draining; then drain...
 *   on the timer:                  tftp_xfer_timer(x, now); then drain...
 *
 * Timers may be lazy: tftp_xfer_timer() called before the deadline does
 * nothing, so a shell may leave an early timer armed and re-arm it at
 * tftp_xfer_deadline() when it fires, instead of moving it on every ACK.
 *
 * Data for a read transfer is pulled through `read_fn` (pread semantics)
 * straight into the packet buffer given to tftp_xfer_next_packet: one copy
 * from the source into the datagram, no per-transfer buffer. Retransmitted
 * blocks are read again (from the page cache), so many transfers of one file
 * share that file's cache pages. Only next_packet calls read_fn.
 *
 * Block numbers on the wire roll over 65535 -> 0 (as iPXE, pxelinux and
 * tftp-hpa expect); internally blocks are 64-bit indexes, so files of any
 * size work. All times are a monotonic clock in milliseconds. */
#pragma once
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <sys/types.h>

#include "tftp/tftp_pkt.h"

#define TFTP_SIZE_UNKNOWN UINT64_MAX
#define TFTP_NO_DEADLINE UINT64_MAX

/* Defaults for zero fields of struct tftp_xfer_conf. */
#define TFTP_XFER_WINDOWSIZE_MAX_DEFAULT 64
#define TFTP_XFER_WINDOWSIZE_LIMIT 4096   /* hard cap whatever the conf says */
#define TFTP_XFER_TIMEOUT_DEFAULT_S 5
#define TFTP_XFER_RTO_MIN_DEFAULT_MS 20
#define TFTP_XFER_RTO_INITIAL_DEFAULT_MS 250
#define TFTP_XFER_RETRIES_DEFAULT 6

/* Server policy, copied into each transfer at creation (so it may change on
 * reload without touching live transfers). Zero fields take the defaults. */
struct tftp_xfer_conf {
	uint32_t blksize_max;     /* path-MTU bound, e.g. 1468 for MTU 1500 (1500-20-8-4); 0: 65464 */
	uint32_t windowsize_max;  /* 0: 64; capped at TFTP_XFER_WINDOWSIZE_LIMIT */
	uint32_t timeout_s;       /* retransmit ceiling when the client sends no timeout option; 0: 5 */
	uint32_t rto_min_ms;      /* adaptive RTO floor; 0: 20 */
	uint32_t rto_initial_ms;  /* RTO before the first RTT sample; 0: 250 (never above the ceiling) */
	uint32_t max_retries;     /* consecutive timeouts before giving up; 0: 6 */
	/* Timeouts before giving up while the peer has acknowledged nothing
	 * at all, however short the time (no ceiling wait); 0: no such limit.
	 * For a transfer whose request repeats one just served: most likely a
	 * late copy the client no longer listens for, while a client that
	 * really asks again acknowledges within a round trip. */
	uint32_t unanswered_retries;
	uint64_t write_max;       /* WRQ only: largest file accepted in bytes; 0: no limit */
};

/* Reads up to len bytes at offset into buf. Returns the bytes read, fewer
 * than len only at end of file, or a negative errno. */
typedef ssize_t (*tftp_read_fn)(void *ctx, uint64_t offset, void *buf, size_t len);

enum tftp_xfer_status {
	TFTP_XFER_RUNNING = 0,
	TFTP_XFER_DONE,       /* complete: every block acknowledged (read) / received (write) */
	TFTP_XFER_ABORTED,    /* the peer sent ERROR: normal for tsize probes and refused OACKs (log at debug/info) */
	TFTP_XFER_FAILED,     /* our side gave up: timed out, read error, size limit (log at warning) */
};

struct tftp_xfer;

/* A read transfer for a parsed RRQ (req->op == TFTP_RRQ). `size` is the
 * source's length in bytes or TFTP_SIZE_UNKNOWN (then the end is found by a
 * short read and tsize is not offered). Negotiation: blksize clamped to
 * [8, conf blksize_max], windowsize to [1, conf windowsize_max], timeout
 * echoed (1..255 s, it also becomes the retransmit ceiling), tsize answered
 * with the real size for octet requests when it is known; tsize is never
 * offered for netascii (the converted size is not the file size and is not
 * known without reading the whole file). An OACK is sent only when at least
 * one requested option was understood and accepted; otherwise DATA 1 goes
 * out at once. Returns NULL only when out of memory (errno ENOMEM). */
struct tftp_xfer *tftp_xfer_new_read(const struct tftp_xfer_conf *conf, const struct tftp_pkt *req,
				     uint64_t size, tftp_read_fn read_fn, void *read_ctx,
				     uint64_t now_ms);

/* A write transfer for a parsed WRQ (req->op == TFTP_WRQ). Sends OACK (when
 * options were understood) or ACK 0. A tsize above conf->write_max makes
 * the transfer FAILED at once with ERROR 3 queued. NULL when out of memory. */
struct tftp_xfer *tftp_xfer_new_write(const struct tftp_xfer_conf *conf, const struct tftp_pkt *req,
				      uint64_t now_ms);

/* NULL-tolerant; returns NULL. */
struct tftp_xfer *tftp_xfer_free(struct tftp_xfer *x);

/* Where a write transfer's received bytes go: `len` bytes at `offset` in
 * the file. data points into the packet given to tftp_xfer_rx (netascii is
 * decoded in place there). len == 0: nothing to write. */
struct tftp_write {
	uint64_t offset;
	const uint8_t *data;
	size_t len;
};

/* One datagram from the transfer's peer (the shell has already checked the
 * source address and port: others get ERROR 5 from the shell, never reach
 * here). The packet buffer must be writable: netascii uploads are decoded in
 * place. Malformed or unexpected packets are ignored. `ret_write` (may be
 * NULL for read transfers) is always written: len 0 unless a write transfer
 * accepted data. If the shell's write fails, call tftp_xfer_abort before
 * draining packets. Returns the new status. */
enum tftp_xfer_status tftp_xfer_rx(struct tftp_xfer *x, uint8_t *pkt, size_t len, uint64_t now_ms,
				   struct tftp_write *ret_write);

/* The retransmit timer. Before tftp_xfer_deadline() it does nothing. Returns
 * the new status (FAILED with reason "transfer timed out" once the retries
 * are exhausted, or TFTP_XFER_UNANSWERED once conf unanswered_retries
 * are; a DONE write transfer's dally simply ends). */
#define TFTP_XFER_UNANSWERED "nothing acknowledged after the first resends"
enum tftp_xfer_status tftp_xfer_timer(struct tftp_xfer *x, uint64_t now_ms);

/* Ends the transfer from the shell's side (source read/write error, server
 * shutting down): FAILED with `reason`, and an ERROR `code` packet (msg
 * NULL: standard text) replaces whatever was pending. `msg` and `reason`
 * are kept by pointer: pass string literals. No-op once the transfer has
 * FAILED or been ABORTED; a DONE transfer can still be failed (an upload
 * whose last block could not be written: its final ACK is then withheld). */
void tftp_xfer_abort(struct tftp_xfer *x, enum tftp_err code, const char *msg, const char *reason);

/* Builds the next packet to send into buf (cap must be at least
 * tftp_xfer_pkt_max(x)). Returns its length, 0 when nothing is pending, or a
 * negative errno (-ENOBUFS: cap too small, nothing consumed). A failing
 * read_fn makes the transfer FAILED and this returns the ERROR packet for
 * the peer instead. Call until it returns 0 after every other entry point. */
int tftp_xfer_next_packet(struct tftp_xfer *x, uint8_t *buf, size_t cap, uint64_t now_ms);

enum tftp_xfer_status tftp_xfer_status(const struct tftp_xfer *x);
/* Absolute time (ms) at which tftp_xfer_timer must be called, or
 * TFTP_NO_DEADLINE. */
uint64_t tftp_xfer_deadline(const struct tftp_xfer *x);
/* The largest packet this transfer builds: DATA is at most 4 + the
 * negotiated blksize; OACK/ACK/ERROR at most TFTP_XFER_CTL_MAX (which is
 * more than 4 + blksize when blksize is tiny). */
#define TFTP_XFER_CTL_MAX (TFTP_HDR_LEN + TFTP_ERRMSG_MAX + 1)
size_t tftp_xfer_pkt_max(const struct tftp_xfer *x);
/* Why the transfer ended ("" while running): a static string, or for
 * ABORTED "client error <code>: <escaped message>" kept in the transfer. */
const char *tftp_xfer_reason(const struct tftp_xfer *x);

struct tftp_xfer_info {
	bool write;               /* a WRQ transfer */
	enum tftp_mode mode;
	bool oack;                /* an OACK was sent */
	struct tftp_opts oack_opts;  /* what the OACK carried (present == 0 if none) */
	uint32_t blksize;
	uint32_t windowsize;
	uint32_t timeout_s;       /* retransmit ceiling */
	uint64_t size;            /* file size, TFTP_SIZE_UNKNOWN when not known (yet) */
	uint64_t bytes;           /* read: payload bytes acknowledged; write: bytes received in order */
	uint64_t blocks;          /* read: blocks acknowledged; write: blocks received in order */
	uint64_t in_flight;       /* read: blocks sent and not yet acknowledged (<= windowsize) */
	uint64_t pkts_sent;       /* every packet next_packet returned */
	uint64_t retransmits;     /* of those, packets sent again */
	uint64_t timeouts;        /* timer expiries that resent something */
	uint32_t rto_ms;          /* current retransmit timeout */
	uint32_t srtt_us;         /* smoothed RTT (0 before the first sample) */
	int peer_error;           /* the code of the peer's ERROR, -1 if none */
	bool answered;            /* the peer acknowledged (read) or sent in-order data (write) */
};
void tftp_xfer_get_info(const struct tftp_xfer *x, struct tftp_xfer_info *ret);
