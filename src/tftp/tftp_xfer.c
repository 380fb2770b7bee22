/* Per-transfer TFTP state machine: see tftp_xfer.h.
 *
 * Read side (we send): blocks are 64-bit indexes, index 0 standing for the
 * OACK when one is sent. [base, next) is what was sent and not yet
 * acknowledged; [send_ptr, send_end) is what the shell still has to pull
 * through tftp_xfer_next_packet. Everything outstanding always lies inside
 * one window: next <= base + windowsize.
 *
 * Write side (we receive): `acked` is the last block received in order;
 * the packet owed to the peer is always "the acknowledgement of acked" (the
 * OACK while acked == 0 and options were accepted), so retransmitting it is
 * just sending it again.
 *
 * Retransmission: one RTO per transfer, from an RTT estimate (RFC 6298
 * smoothing; Karn: a sample is taken only from a block sent once), doubled
 * on each consecutive timeout up to the ceiling (the timeout option or the
 * configured default), reset to the estimate by the next clean sample. */
#include "tftp/tftp_xfer.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "core/str.h"
#include "tftp/tftp_netascii.h"

/* netascii read state at the start of a block: where in the file the block
 * begins and whether it opens with the owed half of a pair */
struct ckpt {
	uint64_t src_off;
	bool owe;
	uint8_t byte;
};

struct tftp_xfer {
	/* read: window; write: acked is `base - 1` kept in `base` */
	uint64_t base;
	uint64_t next;
	uint64_t send_ptr;
	uint64_t send_end;
	uint64_t last;            /* index of the final block, 0 while unknown */
	uint64_t deadline;
	uint64_t last_progress;
	uint64_t timed_idx;
	uint64_t timed_at;
	uint64_t size;
	uint64_t write_max;
	uint64_t wr_bytes;        /* write: bytes handed to the shell so far */
	uint64_t pkts_sent, retransmits, timeouts;
	tftp_read_fn read_fn;
	void *read_ctx;
	const char *reason;
	const char *err_msg;
	struct tftp_opts oack_opts;
	uint32_t blksize;
	uint32_t windowsize;
	uint32_t rto_ms, rto_min_ms, rto_max_ms;
	uint32_t srtt_us, rttvar_us;
	uint32_t retries, max_retries, unanswered_retries;
	uint32_t since_ack;       /* write: in-order blocks not yet acknowledged */
	uint32_t last_len;        /* read: payload length of the final block once built */
	int peer_error;
	uint16_t err_code;
	uint8_t mode;
	uint8_t status;
	bool write;
	bool oack;
	bool timing;
	bool have_rtt;
	bool answered;            /* the peer has acknowledged something */
	bool err_pending;
	bool ack_pending;         /* write: the acknowledgement of `acked` must go out */
	bool gap_acked;           /* write: a gap was already signalled for this `acked` */
	struct tftp_netascii_dec dec;
	char peer_msg[96];
	uint64_t ack_sent_for;    /* write: `acked` value of the last ACK sent (Karn) */
	uint32_t ncp;             /* netascii read: checkpoint ring size, windowsize + 1 */
	struct ckpt cp[];
};

static uint32_t clamp_u32(uint32_t v, uint32_t lo, uint32_t hi)
{
	return v < lo ? lo : v > hi ? hi : v;
}

static uint64_t min_u64(uint64_t a, uint64_t b)
{
	return a < b ? a : b;
}

/* Deadlines saturate: a clock near its end must not wrap into the past. */
static uint64_t after(uint64_t now_ms, uint64_t ms)
{
	return now_ms > TFTP_NO_DEADLINE - 1 - ms ? TFTP_NO_DEADLINE - 1 : now_ms + ms;
}

static uint32_t windowsize_max(const struct tftp_xfer_conf *c)
{
	uint32_t wmax = c->windowsize_max ? c->windowsize_max : TFTP_XFER_WINDOWSIZE_MAX_DEFAULT;
	return clamp_u32(wmax, 1, TFTP_XFER_WINDOWSIZE_LIMIT);
}

static uint32_t negotiated_windowsize(const struct tftp_xfer_conf *c, const struct tftp_pkt *req)
{
	if (!(req->opts.present & TFTP_OPT_WINDOWSIZE))
		return 1;
	uint32_t wmax = windowsize_max(c);
	return req->opts.windowsize < wmax ? req->opts.windowsize : wmax;
}

/* Options both sides understand, chosen within the server's limits. */
static void negotiate(struct tftp_xfer *x, const struct tftp_xfer_conf *c, const struct tftp_pkt *req)
{
	uint32_t bmax = c->blksize_max ? clamp_u32(c->blksize_max, TFTP_BLKSIZE_MIN, TFTP_BLKSIZE_MAX)
				       : TFTP_BLKSIZE_MAX;
	uint32_t tdef = c->timeout_s ? clamp_u32(c->timeout_s, TFTP_TIMEOUT_MIN, TFTP_TIMEOUT_MAX)
				     : TFTP_XFER_TIMEOUT_DEFAULT_S;
	const struct tftp_opts *o = &req->opts;
	struct tftp_opts *a = &x->oack_opts;

	x->blksize = TFTP_BLKSIZE_DEFAULT;
	x->windowsize = 1;
	x->rto_max_ms = tdef * 1000;
	if (o->present & TFTP_OPT_BLKSIZE) {
		x->blksize = o->blksize < bmax ? o->blksize : bmax;
		a->blksize = x->blksize;
		a->present |= TFTP_OPT_BLKSIZE;
	}
	if (o->present & TFTP_OPT_WINDOWSIZE) {
		x->windowsize = negotiated_windowsize(c, req);
		a->windowsize = x->windowsize;
		a->present |= TFTP_OPT_WINDOWSIZE;
	}
	if (o->present & TFTP_OPT_TIMEOUT) {
		/* the client retransmits on this timeout, and we never wait
		 * longer than it before resending */
		a->timeout = o->timeout;
		a->present |= TFTP_OPT_TIMEOUT;
		x->rto_max_ms = o->timeout * 1000;
	}
	x->rto_min_ms = c->rto_min_ms ? c->rto_min_ms : TFTP_XFER_RTO_MIN_DEFAULT_MS;
	if (x->rto_min_ms > x->rto_max_ms)
		x->rto_min_ms = x->rto_max_ms;
	uint32_t init = c->rto_initial_ms ? c->rto_initial_ms : TFTP_XFER_RTO_INITIAL_DEFAULT_MS;
	x->rto_ms = clamp_u32(init, x->rto_min_ms, x->rto_max_ms);
	x->max_retries = c->max_retries ? c->max_retries : TFTP_XFER_RETRIES_DEFAULT;
	x->unanswered_retries = c->unanswered_retries;
	x->write_max = c->write_max;
	x->peer_error = -1;
	x->reason = "";
}

static uint64_t limit_idx(const struct tftp_xfer *x)
{
	return x->last ? x->last + 1 : UINT64_MAX;
}

/* The window that starts at base, all of it (re)sent. */
static void schedule_window(struct tftp_xfer *x)
{
	x->send_ptr = x->base;
	x->send_end = x->base == 0 ? 1 : min_u64(x->base + x->windowsize, limit_idx(x));
}

struct tftp_xfer *tftp_xfer_new_read(const struct tftp_xfer_conf *conf, const struct tftp_pkt *req,
				     uint64_t size, tftp_read_fn read_fn, void *read_ctx,
				     uint64_t now_ms)
{
	static const struct tftp_xfer_conf defaults;
	if (!conf)
		conf = &defaults;
	bool nasc = req->mode == TFTP_MODE_NETASCII;
	uint32_t ncp = nasc ? negotiated_windowsize(conf, req) + 1 : 0;
	struct tftp_xfer *x = calloc(1, sizeof(*x) + ncp * sizeof(struct ckpt));
	if (!x)
		return NULL;
	x->ncp = ncp;
	x->mode = (uint8_t)req->mode;
	x->read_fn = read_fn;
	x->read_ctx = read_ctx;
	x->size = size;
	negotiate(x, conf, req);
	if ((req->opts.present & TFTP_OPT_TSIZE) && !nasc && size != TFTP_SIZE_UNKNOWN) {
		x->oack_opts.tsize = size;
		x->oack_opts.present |= TFTP_OPT_TSIZE;
	}
	if (!nasc && size != TFTP_SIZE_UNKNOWN)
		x->last = size / x->blksize + 1;
	x->oack = x->oack_opts.present != 0;
	x->base = x->oack ? 0 : 1;
	x->next = x->base;
	schedule_window(x);
	x->last_progress = now_ms;
	x->deadline = after(now_ms, x->rto_ms);
	return x;
}

struct tftp_xfer *tftp_xfer_new_write(const struct tftp_xfer_conf *conf, const struct tftp_pkt *req,
				      uint64_t now_ms)
{
	static const struct tftp_xfer_conf defaults;
	if (!conf)
		conf = &defaults;
	struct tftp_xfer *x = calloc(1, sizeof(*x));
	if (!x)
		return NULL;
	x->write = true;
	x->mode = (uint8_t)req->mode;
	x->size = TFTP_SIZE_UNKNOWN;
	negotiate(x, conf, req);
	x->last_progress = now_ms;
	if (req->opts.present & TFTP_OPT_TSIZE) {
		/* RFC 2349: the server echoes the announced size, or refuses
		 * at once when it will not fit */
		if (x->write_max && req->opts.tsize > x->write_max) {
			x->status = TFTP_XFER_FAILED;
			x->reason = "upload larger than the size limit";
			x->err_pending = true;
			x->err_code = TFTP_ENOSPACE;
			x->deadline = TFTP_NO_DEADLINE;
			return x;
		}
		x->size = req->opts.tsize;
		x->oack_opts.tsize = req->opts.tsize;
		x->oack_opts.present |= TFTP_OPT_TSIZE;
	}
	x->oack = x->oack_opts.present != 0;
	x->base = 0; /* acked */
	x->ack_sent_for = UINT64_MAX;
	x->ack_pending = true;
	x->deadline = after(now_ms, x->rto_ms);
	return x;
}

struct tftp_xfer *tftp_xfer_free(struct tftp_xfer *x)
{
	free(x);
	return NULL;
}

static void end(struct tftp_xfer *x, enum tftp_xfer_status st, const char *reason)
{
	x->status = (uint8_t)st;
	x->reason = reason;
	x->send_ptr = x->send_end = 0;
	x->ack_pending = false;
	x->deadline = TFTP_NO_DEADLINE;
}

void tftp_xfer_abort(struct tftp_xfer *x, enum tftp_err code, const char *msg, const char *reason)
{
	if (x->status == TFTP_XFER_FAILED || x->status == TFTP_XFER_ABORTED)
		return;
	end(x, TFTP_XFER_FAILED, reason ? reason : "aborted");
	x->err_pending = true;
	x->err_code = (uint16_t)code;
	x->err_msg = msg;
}

static void rtt_sample(struct tftp_xfer *x, uint64_t ms)
{
	uint64_t s = (ms > 3600000 ? 3600000 : ms) * 1000;
	if (!x->have_rtt) {
		x->srtt_us = (uint32_t)s;
		x->rttvar_us = (uint32_t)(s / 2);
		x->have_rtt = true;
	} else {
		uint64_t diff = s > x->srtt_us ? s - x->srtt_us : x->srtt_us - s;
		x->rttvar_us = (uint32_t)(x->rttvar_us - x->rttvar_us / 4 + diff / 4);
		x->srtt_us = (uint32_t)(x->srtt_us - x->srtt_us / 8 + s / 8);
	}
	uint64_t rto = ((uint64_t)x->srtt_us + 4 * (uint64_t)x->rttvar_us + 999) / 1000;
	x->rto_ms = (uint32_t)(rto < x->rto_min_ms ? x->rto_min_ms : rto > x->rto_max_ms ? x->rto_max_ms : rto);
}

/* The peer moved forward: the backoff and the stall clock start over. */
static void progress(struct tftp_xfer *x, uint64_t now_ms)
{
	x->answered = true;
	x->retries = 0;
	x->last_progress = now_ms;
	x->deadline = after(now_ms, x->rto_ms);
}

static void peer_error(struct tftp_xfer *x, const struct tftp_pkt *p)
{
	/* "client error <code>: <message>" without printf: digits by hand,
	 * the peer's text escaped */
	char num[8];
	size_t n = 0;
	unsigned code = p->err_code;
	char rev[8];
	do {
		rev[n++] = (char)('0' + code % 10);
		code /= 10;
	} while (code && n < sizeof(rev));
	for (size_t i = 0; i < n; i++)
		num[i] = rev[n - 1 - i];
	num[n] = '\0';
	char esc[64];
	str_escape(esc, sizeof(esc), p->err_msg, p->err_msg_len);
	const char *parts[] = { "client error ", num, ": ", esc };
	size_t off = 0;
	for (size_t i = 0; i < 4; i++) {
		size_t l = strlen(parts[i]);
		if (l > sizeof(x->peer_msg) - 1 - off)
			l = sizeof(x->peer_msg) - 1 - off;
		memcpy(x->peer_msg + off, parts[i], l);
		off += l;
	}
	x->peer_msg[off] = '\0';
	x->peer_error = p->err_code;
	end(x, TFTP_XFER_ABORTED, x->peer_msg);
}

static void read_on_ack(struct tftp_xfer *x, uint16_t w, uint64_t now_ms)
{
	uint64_t idx;
	if (x->base == 0) {
		if (w != 0 || x->next == 0)
			return;
		idx = 0;
	} else {
		uint64_t prev = x->base - 1;
		idx = prev + (uint16_t)(w - (uint16_t)prev);
		/* a duplicate of the last acknowledgement never triggers a
		 * send (Sorcerer's Apprentice); only the timer retransmits.
		 * Blocks not sent yet, or from before the window, are stale. */
		if (idx == prev || idx >= x->next)
			return;
	}
	if (x->timing && idx >= x->timed_idx) {
		rtt_sample(x, now_ms - x->timed_at);
		x->timing = false;
	}
	x->base = idx + 1;
	progress(x, now_ms);
	if (x->last && idx == x->last) {
		end(x, TFTP_XFER_DONE, "");
		return;
	}
	/* an ACK inside the window says the block after it was lost: the
	 * new window starts there either way */
	schedule_window(x);
}

/* Write side: the wire number of block `acked` is the low 16 bits. */
static void write_on_data(struct tftp_xfer *x, uint8_t *pkt, const struct tftp_pkt *p, uint64_t now_ms,
			  struct tftp_write *out)
{
	uint64_t acked = x->base;
	uint16_t delta = (uint16_t)(p->block - (uint16_t)acked);
	if (x->status == TFTP_XFER_DONE) {
		/* dallying: our last ACK may have been lost */
		if (delta == 0)
			x->ack_pending = true;
		return;
	}
	if (p->data_len > x->blksize)
		return;
	if (delta == 0) {
		/* the sender resent up to what we have: our ACK was lost.
		 * Answer the window's last block only, once per window. */
		x->ack_pending = true;
		x->timing = false;
		return;
	}
	if (delta > 1) {
		if (delta <= x->windowsize && !x->gap_acked) {
			/* a gap: say at once where the sender must restart */
			x->gap_acked = true;
			x->ack_pending = true;
			x->since_ack = 0;
			x->timing = false;
		}
		return;
	}
	/* in order */
	if (x->timing && acked + 1 >= x->timed_idx) {
		rtt_sample(x, now_ms - x->timed_at);
		x->timing = false;
	}
	bool final = p->data_len < x->blksize;
	const uint8_t *data = p->data;
	size_t dlen = p->data_len;
	if (x->mode == TFTP_MODE_NETASCII) {
		/* decode in place, two bytes ahead of the payload (inside the
		 * header), so a held-back CR plus a closing one always fit */
		uint8_t *dst = pkt + TFTP_HDR_LEN - 2;
		size_t n = tftp_netascii_decode(&x->dec, p->data, p->data_len, dst);
		if (final)
			n += tftp_netascii_decode_end(&x->dec, dst + n);
		data = dst;
		dlen = n;
	}
	if (x->write_max && (dlen > x->write_max || x->wr_bytes > x->write_max - dlen)) {
		tftp_xfer_abort(x, TFTP_ENOSPACE, NULL, "upload size limit exceeded");
		return;
	}
	out->offset = x->wr_bytes;
	out->data = data;
	out->len = dlen;
	x->wr_bytes += dlen;
	x->base = acked + 1;
	x->gap_acked = false;
	progress(x, now_ms);
	if (final) {
		x->last = x->base;
		x->size = x->wr_bytes;
		x->ack_pending = true;
		x->status = TFTP_XFER_DONE;
		x->reason = "";
		/* stay around one ceiling to re-ACK a lost final ACK */
		x->deadline = after(now_ms, x->rto_max_ms);
		return;
	}
	if (++x->since_ack >= x->windowsize) {
		x->since_ack = 0;
		x->ack_pending = true;
	}
}

enum tftp_xfer_status tftp_xfer_rx(struct tftp_xfer *x, uint8_t *pkt, size_t len, uint64_t now_ms,
				   struct tftp_write *ret_write)
{
	struct tftp_write w = { 0 };
	struct tftp_pkt p;
	if (x->status != TFTP_XFER_RUNNING && !(x->write && x->status == TFTP_XFER_DONE))
		goto out;
	if (tftp_pkt_parse(pkt, len, &p) < 0)
		goto out;
	if (p.op == TFTP_ERROR) {
		if (x->status == TFTP_XFER_RUNNING)
			peer_error(x, &p);
	} else if (p.op == TFTP_ACK && !x->write) {
		read_on_ack(x, p.block, now_ms);
	} else if (p.op == TFTP_DATA && x->write) {
		write_on_data(x, pkt, &p, now_ms, &w);
	}
out:
	if (ret_write)
		*ret_write = w;
	return (enum tftp_xfer_status)x->status;
}

enum tftp_xfer_status tftp_xfer_timer(struct tftp_xfer *x, uint64_t now_ms)
{
	if (x->deadline == TFTP_NO_DEADLINE || now_ms < x->deadline)
		return (enum tftp_xfer_status)x->status;
	if (x->status == TFTP_XFER_DONE) {
		/* the write side's dally is over */
		x->ack_pending = false;
		x->deadline = TFTP_NO_DEADLINE;
		return TFTP_XFER_DONE;
	}
	if (!x->answered && x->unanswered_retries && x->retries >= x->unanswered_retries) {
		end(x, TFTP_XFER_FAILED, TFTP_XFER_UNANSWERED);
		return TFTP_XFER_FAILED;
	}
	if (x->retries >= x->max_retries && now_ms - x->last_progress >= x->rto_max_ms) {
		bool only_last = !x->write && x->last && x->next == x->last + 1 &&
				 x->base + x->windowsize > x->last;
		end(x, TFTP_XFER_FAILED, only_last ? "transfer timed out (last block not acknowledged)"
						  : "transfer timed out");
		return TFTP_XFER_FAILED;
	}
	x->retries++;
	x->timeouts++;
	x->rto_ms = x->rto_ms * 2 < x->rto_max_ms ? x->rto_ms * 2 : x->rto_max_ms;
	/* Karn: whatever is answered next may answer a retransmission */
	x->timing = false;
	if (x->write) {
		x->ack_pending = true;
		x->since_ack = 0;
	} else {
		schedule_window(x);
	}
	x->deadline = after(now_ms, x->rto_ms);
	return TFTP_XFER_RUNNING;
}

static int fail_read(struct tftp_xfer *x, const char *reason, uint8_t *buf, size_t cap)
{
	tftp_xfer_abort(x, TFTP_EUNDEF, "Read error", reason);
	x->err_pending = false;
	x->pkts_sent++;
	return tftp_pkt_build_error(buf, cap, x->err_code, x->err_msg);
}

/* Octet block idx straight from the source into the packet. */
static ssize_t build_octet(struct tftp_xfer *x, uint64_t idx, uint8_t *dst)
{
	uint64_t off = (idx - 1) * (uint64_t)x->blksize;
	size_t want = x->blksize;
	if (x->size != TFTP_SIZE_UNKNOWN)
		want = idx < x->last ? x->blksize : (size_t)(x->size - off);
	ssize_t n = x->read_fn(x->read_ctx, off, dst, want);
	if (n < 0 || (size_t)n > want)
		return -EIO;
	if (x->size != TFTP_SIZE_UNKNOWN && (size_t)n != want)
		return -ESTALE; /* the file shrank under us */
	return n;
}

/* netascii block idx: the source converted from the block's checkpoint,
 * read in small chunks because the output may be up to twice the input.
 * Source bytes read past the end of the block are dropped and read again
 * for the next block: netascii files are small text files. */
static ssize_t build_netascii(struct tftp_xfer *x, uint64_t idx, uint8_t *dst)
{
	const struct ckpt *cp = &x->cp[idx % x->ncp];
	uint64_t off = cp->src_off;
	struct tftp_netascii_enc enc = { .owe = cp->owe, .byte = cp->byte };
	size_t out = 0;
	uint8_t chunk[512];
	while (out < x->blksize) {
		size_t want = x->blksize - out;
		if (want > sizeof(chunk))
			want = sizeof(chunk);
		ssize_t r = x->read_fn(x->read_ctx, off, chunk, want);
		if (r < 0 || (size_t)r > want)
			return -EIO;
		size_t used = 0;
		out += tftp_netascii_encode(&enc, chunk, (size_t)r, &used, dst + out, x->blksize - out);
		off += used;
		if ((size_t)r < want && used == (size_t)r && !enc.owe)
			break; /* end of file, everything converted */
	}
	struct ckpt *nx = &x->cp[(idx + 1) % x->ncp];
	nx->src_off = off;
	nx->owe = enc.owe;
	nx->byte = enc.byte;
	return (ssize_t)out;
}

static int next_read_packet(struct tftp_xfer *x, uint8_t *buf, size_t cap, uint64_t now_ms)
{
	uint64_t idx = x->send_ptr;
	int len;
	if (idx == 0) {
		len = tftp_pkt_build_oack(buf, cap, &x->oack_opts);
		if (len < 0)
			return len;
	} else {
		ssize_t n = x->mode == TFTP_MODE_NETASCII ? build_netascii(x, idx, buf + TFTP_HDR_LEN)
							  : build_octet(x, idx, buf + TFTP_HDR_LEN);
		if (n == -ESTALE)
			return fail_read(x, "file changed while being sent", buf, cap);
		if (n < 0)
			return fail_read(x, "source read failed", buf, cap);
		if ((size_t)n < x->blksize) {
			if (x->last && idx != x->last)
				return fail_read(x, "file changed while being sent", buf, cap);
			if (x->last == idx && x->last_len != (uint32_t)n && idx < x->next)
				return fail_read(x, "file changed while being sent", buf, cap);
			x->last = idx;
			x->last_len = (uint32_t)n;
			if (x->send_end > idx + 1)
				x->send_end = idx + 1;
		} else if (x->last && idx >= x->last) {
			/* the final block was short before and is full now */
			return fail_read(x, "file changed while being sent", buf, cap);
		}
		tftp_pkt_data_hdr(buf, (uint16_t)idx);
		len = TFTP_HDR_LEN + (int)n;
	}
	x->send_ptr = idx + 1;
	if (idx >= x->next) {
		x->next = idx + 1;
		if (!x->timing) {
			x->timing = true;
			x->timed_idx = idx;
			x->timed_at = now_ms;
		}
	} else {
		x->retransmits++;
		if (x->timing && idx <= x->timed_idx)
			x->timing = false;
	}
	x->pkts_sent++;
	return len;
}

int tftp_xfer_next_packet(struct tftp_xfer *x, uint8_t *buf, size_t cap, uint64_t now_ms)
{
	if (x->err_pending) {
		int len = tftp_pkt_build_error(buf, cap, x->err_code, x->err_msg);
		if (len < 0)
			return len;
		x->err_pending = false;
		x->pkts_sent++;
		return len;
	}
	if (cap < tftp_xfer_pkt_max(x))
		return (x->ack_pending || x->send_ptr < x->send_end) ? -ENOBUFS : 0;
	if (x->write) {
		if (!x->ack_pending)
			return 0;
		x->ack_pending = false;
		int len = x->oack && x->base == 0 ? tftp_pkt_build_oack(buf, cap, &x->oack_opts)
						 : tftp_pkt_build_ack(buf, cap, (uint16_t)x->base);
		if (len < 0)
			return len;
		/* time the first ACK for each acked value: the next DATA in
		 * order answers it. An ACK sent again is never timed (Karn). */
		if (x->ack_sent_for != x->base) {
			x->ack_sent_for = x->base;
			x->timing = x->status == TFTP_XFER_RUNNING;
			x->timed_idx = x->base + 1;
			x->timed_at = now_ms;
		} else {
			x->timing = false;
			x->retransmits++;
		}
		x->pkts_sent++;
		return len;
	}
	if (x->status != TFTP_XFER_RUNNING || x->send_ptr >= x->send_end)
		return 0;
	return next_read_packet(x, buf, cap, now_ms);
}

enum tftp_xfer_status tftp_xfer_status(const struct tftp_xfer *x)
{
	return (enum tftp_xfer_status)x->status;
}

uint64_t tftp_xfer_deadline(const struct tftp_xfer *x)
{
	return x->deadline;
}

size_t tftp_xfer_pkt_max(const struct tftp_xfer *x)
{
	size_t data = TFTP_HDR_LEN + (size_t)x->blksize;
	return data > TFTP_XFER_CTL_MAX ? data : TFTP_XFER_CTL_MAX;
}

const char *tftp_xfer_reason(const struct tftp_xfer *x)
{
	return x->reason;
}

void tftp_xfer_get_info(const struct tftp_xfer *x, struct tftp_xfer_info *ret)
{
	struct tftp_xfer_info i;
	memset(&i, 0, sizeof(i));
	i.write = x->write;
	i.mode = (enum tftp_mode)x->mode;
	i.oack = x->oack;
	i.oack_opts = x->oack_opts;
	i.blksize = x->blksize;
	i.windowsize = x->windowsize;
	i.timeout_s = x->rto_max_ms / 1000;
	i.size = x->size;
	if (x->write) {
		i.bytes = x->wr_bytes;
		i.blocks = x->base;
	} else {
		uint64_t acked = x->base ? x->base - 1 : 0;
		i.blocks = acked;
		if (x->last && acked >= x->last)
			i.bytes = (x->last - 1) * (uint64_t)x->blksize + x->last_len;
		else
			i.bytes = acked * (uint64_t)x->blksize;
		i.in_flight = x->next - x->base;
	}
	i.pkts_sent = x->pkts_sent;
	i.retransmits = x->retransmits;
	i.timeouts = x->timeouts;
	i.rto_ms = x->rto_ms;
	i.srtt_us = x->srtt_us;
	i.peer_error = x->peer_error;
	i.answered = x->answered;
	*ret = i;
}
