/* TFTP transfer state machine, driven by a fake clock and an in-memory file:
 * option negotiation, window and rollover arithmetic, last-block cases,
 * retransmission (backoff, give-up, adaptive RTO, Karn), duplicate and
 * stale ACKs, netascii, and write requests. */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "test.h"
#include "tftp/tftp_netascii.h"
#include "tftp/tftp_xfer.h"

/* ---- the in-memory source ---- */

struct mfile {
	const uint8_t *data;  /* NULL: pattern bytes */
	uint64_t size;
	uint64_t reads;
	uint64_t fail_from;   /* reads at or past this offset fail (0: never) */
	uint64_t shrink_to;   /* pretend the file is this long (0: not shrunk) */
};

static uint8_t pat(uint64_t off)
{
	return (uint8_t)(off * 131 + (off >> 9) * 7 + 1);
}

static ssize_t mread(void *ctx, uint64_t off, void *buf, size_t len)
{
	struct mfile *f = ctx;
	f->reads++;
	if (f->fail_from && off + len > f->fail_from)
		return -EIO;
	uint64_t size = f->shrink_to ? f->shrink_to : f->size;
	if (off >= size)
		return 0;
	if (len > size - off)
		len = (size_t)(size - off);
	uint8_t *b = buf;
	for (size_t i = 0; i < len; i++)
		b[i] = f->data ? f->data[off + i] : pat(off + i);
	return (ssize_t)len;
}

/* ---- requests ---- */

static uint8_t reqbuf[2048];
static struct tftp_pkt req;

/* opts: NULL-terminated name, value list */
static const struct tftp_pkt *mkreq(enum tftp_op op, enum tftp_mode mode, const char *const *opts)
{
	size_t n = 0;
	reqbuf[n++] = 0;
	reqbuf[n++] = (uint8_t)op;
	memcpy(reqbuf + n, "file", 5);
	n += 5;
	const char *m = mode == TFTP_MODE_NETASCII ? "netascii" : "octet";
	memcpy(reqbuf + n, m, strlen(m) + 1);
	n += strlen(m) + 1;
	for (size_t i = 0; opts && opts[i]; i++) {
		memcpy(reqbuf + n, opts[i], strlen(opts[i]) + 1);
		n += strlen(opts[i]) + 1;
	}
	int r = tftp_pkt_parse(reqbuf, n, &req);
	CHECK_INT(r, 0);
	return &req;
}

#define OPTS(...) ((const char *const[]){ __VA_ARGS__, NULL })

/* ---- packets out ---- */

#define MAXOUT 8192
static uint8_t outbuf[TFTP_PKT_MAX];
struct out {
	uint16_t op, block;
	size_t len;   /* payload length for DATA */
	struct tftp_pkt p;  /* points into `arena` */
};
static struct out outs[MAXOUT];
static int nout;
static uint8_t arena[1 << 22];
static size_t arena_used;
static uint8_t last_payload[TFTP_PKT_MAX];

/* Drains every pending packet (each kept in `arena` for the test to read)
 * and checks each against the transfer's limits. */
static int drain(struct tftp_xfer *x, uint64_t now)
{
	nout = 0;
	arena_used = 0;
	for (;;) {
		int n = tftp_xfer_next_packet(x, outbuf, sizeof(outbuf), now);
		CHECK(n >= 0);
		if (n <= 0)
			break;
		CHECK((size_t)n <= tftp_xfer_pkt_max(x));
		struct tftp_xfer_info in;
		tftp_xfer_get_info(x, &in);
		CHECK(outbuf[1] != TFTP_DATA || (size_t)n <= 4 + in.blksize);
		CHECK((size_t)n <= TFTP_XFER_CTL_MAX || outbuf[1] == TFTP_DATA);
		if (nout >= MAXOUT || arena_used + (size_t)n > sizeof(arena)) {
			CHECK(!"test arena full");
			break;
		}
		uint8_t *copy = arena + arena_used;
		memcpy(copy, outbuf, (size_t)n);
		arena_used += (size_t)n;
		struct out *o = &outs[nout++];
		CHECK_INT(tftp_pkt_parse(copy, (size_t)n, &o->p), 0);
		o->op = o->p.op;
		o->block = o->p.block;
		o->len = o->p.data_len;
		if (o->op == TFTP_DATA)
			memcpy(last_payload, o->p.data, o->p.data_len);
	}
	struct tftp_xfer_info in;
	tftp_xfer_get_info(x, &in);
	CHECK(in.in_flight <= in.windowsize || (in.in_flight == 1 && in.oack));
	return nout;
}

static enum tftp_xfer_status ack(struct tftp_xfer *x, uint16_t block, uint64_t now)
{
	uint8_t b[4];
	CHECK_INT(tftp_pkt_build_ack(b, sizeof(b), block), 4);
	return tftp_xfer_rx(x, b, 4, now, NULL);
}

static enum tftp_xfer_status send_err(struct tftp_xfer *x, uint16_t code, const char *msg, uint64_t now)
{
	uint8_t b[128];
	int n = tftp_pkt_build_error(b, sizeof(b), code, msg);
	return tftp_xfer_rx(x, b, (size_t)n, now, NULL);
}

static const struct tftp_xfer_conf conf0;

/* ---- negotiation ---- */

TEST(no_options_sends_data1_directly)
{
	struct mfile f = { .size = 1000 };
	struct tftp_xfer *x = tftp_xfer_new_read(&conf0, mkreq(TFTP_RRQ, TFTP_MODE_OCTET, NULL), f.size, mread, &f, 0);
	CHECK(x != NULL);
	CHECK_INT(drain(x, 0), 1);
	CHECK_INT(outs[0].op, TFTP_DATA);
	CHECK_INT(outs[0].block, 1);
	CHECK_INT(outs[0].len, 512);
	CHECK_INT(tftp_xfer_pkt_max(x), 516);
	CHECK_INT(ack(x, 1, 1), TFTP_XFER_RUNNING);
	CHECK_INT(drain(x, 1), 1);
	CHECK_INT(outs[0].block, 2);
	CHECK_INT(outs[0].len, 488);
	CHECK_INT(ack(x, 2, 2), TFTP_XFER_DONE);
	CHECK_INT(drain(x, 2), 0);
	CHECK(tftp_xfer_deadline(x) == TFTP_NO_DEADLINE);
	struct tftp_xfer_info in;
	tftp_xfer_get_info(x, &in);
	CHECK(!in.oack);
	CHECK_INT(in.bytes, 1000);
	CHECK_INT(in.pkts_sent, 2);
	CHECK_INT(in.retransmits, 0);
	CHECK_STR(tftp_xfer_reason(x), "");
	tftp_xfer_free(x);
}

TEST(oack_tsize_and_blksize)
{
	struct mfile f = { .size = 5000 };
	struct tftp_xfer *x = tftp_xfer_new_read(&conf0, mkreq(TFTP_RRQ, TFTP_MODE_OCTET,
		OPTS("tsize", "0", "blksize", "1408")), f.size, mread, &f, 0);
	CHECK_INT(drain(x, 0), 1);
	CHECK_INT(outs[0].op, TFTP_OACK);
	CHECK_INT(outs[0].p.opts.present, TFTP_OPT_TSIZE | TFTP_OPT_BLKSIZE);
	CHECK_INT(outs[0].p.opts.tsize, 5000);
	CHECK_INT(outs[0].p.opts.blksize, 1408);
	CHECK_INT(f.reads, 0);
	/* a DATA ack for a block never sent is stale */
	CHECK_INT(ack(x, 1, 1), TFTP_XFER_RUNNING);
	CHECK_INT(drain(x, 1), 0);
	CHECK_INT(ack(x, 0, 1), TFTP_XFER_RUNNING);
	CHECK_INT(drain(x, 1), 1);
	CHECK_INT(outs[0].block, 1);
	CHECK_INT(outs[0].len, 1408);
	/* ACK 0 again: duplicate, ignored */
	CHECK_INT(ack(x, 0, 2), TFTP_XFER_RUNNING);
	CHECK_INT(drain(x, 2), 0);
	for (uint16_t b = 1; b <= 3; b++) {
		CHECK_INT(ack(x, b, 3), TFTP_XFER_RUNNING);
		CHECK_INT(drain(x, 3), 1);
	}
	CHECK_INT(outs[0].block, 4);
	CHECK_INT(outs[0].len, 5000 - 3 * 1408);
	CHECK_INT(ack(x, 4, 4), TFTP_XFER_DONE);
	tftp_xfer_free(x);
}

TEST(blksize_clamped_by_path_mtu)
{
	struct tftp_xfer_conf c = { .blksize_max = 1432 };
	struct mfile f = { .size = 100000 };
	const char *sizes[] = { "1468", "65464", "1432", "512", "8" };
	const uint32_t want[] = { 1432, 1432, 1432, 512, 8 };
	for (int i = 0; i < 5; i++) {
		struct tftp_xfer *x = tftp_xfer_new_read(&c, mkreq(TFTP_RRQ, TFTP_MODE_OCTET,
			OPTS("blksize", sizes[i])), f.size, mread, &f, 0);
		CHECK_INT(drain(x, 0), 1);
		CHECK_INT(outs[0].op, TFTP_OACK);
		CHECK_INT(outs[0].p.opts.blksize, want[i]);
		CHECK_INT(tftp_xfer_pkt_max(x), 4 + want[i] > TFTP_XFER_CTL_MAX ? 4 + want[i] : TFTP_XFER_CTL_MAX);
		ack(x, 0, 1);
		CHECK_INT(drain(x, 1), 1);
		CHECK_INT(outs[0].len, want[i]);
		tftp_xfer_free(x);
	}
	/* a silly conf value is brought into range */
	struct tftp_xfer_conf tiny = { .blksize_max = 3 };
	struct tftp_xfer *x = tftp_xfer_new_read(&tiny, mkreq(TFTP_RRQ, TFTP_MODE_OCTET,
		OPTS("blksize", "1468")), f.size, mread, &f, 0);
	drain(x, 0);
	CHECK_INT(outs[0].p.opts.blksize, 8);
	tftp_xfer_free(x);
}

TEST(windowsize_and_timeout_negotiated)
{
	struct tftp_xfer_conf c = { .windowsize_max = 16 };
	struct mfile f = { .size = 100000 };
	struct tftp_xfer *x = tftp_xfer_new_read(&c, mkreq(TFTP_RRQ, TFTP_MODE_OCTET,
		OPTS("windowsize", "64", "timeout", "3")), f.size, mread, &f, 0);
	drain(x, 0);
	CHECK_INT(outs[0].op, TFTP_OACK);
	CHECK_INT(outs[0].p.opts.present, TFTP_OPT_WINDOWSIZE | TFTP_OPT_TIMEOUT);
	CHECK_INT(outs[0].p.opts.windowsize, 16);
	CHECK_INT(outs[0].p.opts.timeout, 3);
	struct tftp_xfer_info in;
	tftp_xfer_get_info(x, &in);
	CHECK_INT(in.windowsize, 16);
	CHECK_INT(in.timeout_s, 3);
	CHECK_INT(in.blksize, 512);
	ack(x, 0, 1);
	CHECK_INT(drain(x, 1), 16);
	tftp_xfer_free(x);
	/* windowsize_max 0 means the default 64 */
	x = tftp_xfer_new_read(&conf0, mkreq(TFTP_RRQ, TFTP_MODE_OCTET, OPTS("windowsize", "500")),
			       f.size, mread, &f, 0);
	drain(x, 0);
	CHECK_INT(outs[0].p.opts.windowsize, 64);
	tftp_xfer_free(x);
}

TEST(only_unknown_or_invalid_options_no_oack)
{
	struct mfile f = { .size = 10 };
	const char *const *sets[] = {
		OPTS("x-vendor", "1"),
		OPTS("blksize", "4"),
		OPTS("timeout", "0", "windowsize", "0"),
		OPTS("utimeout", "100000"),
	};
	for (int i = 0; i < 4; i++) {
		struct tftp_xfer *x = tftp_xfer_new_read(&conf0, mkreq(TFTP_RRQ, TFTP_MODE_OCTET, sets[i]),
							 f.size, mread, &f, 0);
		CHECK_INT(drain(x, 0), 1);
		CHECK_INT(outs[0].op, TFTP_DATA);
		CHECK_INT(outs[0].block, 1);
		CHECK_INT(outs[0].len, 10);
		tftp_xfer_free(x);
	}
}

TEST(tsize_only_for_known_octet)
{
	struct mfile f = { .size = 777 };
	/* netascii: tsize not offered; nothing else asked -> DATA 1 */
	struct tftp_xfer *x = tftp_xfer_new_read(&conf0, mkreq(TFTP_RRQ, TFTP_MODE_NETASCII, OPTS("tsize", "0")),
						 f.size, mread, &f, 0);
	CHECK_INT(drain(x, 0), 1);
	CHECK_INT(outs[0].op, TFTP_DATA);
	tftp_xfer_free(x);
	/* netascii with blksize: OACK without tsize */
	x = tftp_xfer_new_read(&conf0, mkreq(TFTP_RRQ, TFTP_MODE_NETASCII, OPTS("tsize", "0", "blksize", "1024")),
			       f.size, mread, &f, 0);
	drain(x, 0);
	CHECK_INT(outs[0].op, TFTP_OACK);
	CHECK_INT(outs[0].p.opts.present, TFTP_OPT_BLKSIZE);
	tftp_xfer_free(x);
	/* unknown size */
	x = tftp_xfer_new_read(&conf0, mkreq(TFTP_RRQ, TFTP_MODE_OCTET, OPTS("tsize", "0")),
			       TFTP_SIZE_UNKNOWN, mread, &f, 0);
	drain(x, 0);
	CHECK_INT(outs[0].op, TFTP_DATA);
	tftp_xfer_free(x);
	/* a non-zero tsize in an RRQ still gets the real size */
	x = tftp_xfer_new_read(&conf0, mkreq(TFTP_RRQ, TFTP_MODE_OCTET, OPTS("tsize", "99")), f.size, mread, &f, 0);
	drain(x, 0);
	CHECK_INT(outs[0].p.opts.tsize, 777);
	tftp_xfer_free(x);
}

TEST(oack_refused_ends_quietly)
{
	struct mfile f = { .size = 100000 };
	struct tftp_xfer *x = tftp_xfer_new_read(&conf0, mkreq(TFTP_RRQ, TFTP_MODE_OCTET,
		OPTS("tsize", "0", "blksize", "1432")), f.size, mread, &f, 0);
	drain(x, 0);
	CHECK_INT(send_err(x, TFTP_EOPTNEG, "tsize probe\x01", 5), TFTP_XFER_ABORTED);
	CHECK_INT(drain(x, 5), 0);
	CHECK(tftp_xfer_deadline(x) == TFTP_NO_DEADLINE);
	CHECK_STR(tftp_xfer_reason(x), "client error 8: tsize probe\\x01");
	struct tftp_xfer_info in;
	tftp_xfer_get_info(x, &in);
	CHECK_INT(in.peer_error, 8);
	CHECK_INT(f.reads, 0);
	/* nothing revives it */
	CHECK_INT(ack(x, 0, 6), TFTP_XFER_ABORTED);
	CHECK_INT(tftp_xfer_timer(x, 1000000), TFTP_XFER_ABORTED);
	CHECK_INT(drain(x, 6), 0);
	tftp_xfer_free(x);
}

/* ---- a well-behaved client, for whole transfers ---- */

struct client {
	uint64_t expect;     /* next block index wanted */
	uint64_t got_bytes;
	uint32_t blksize, ws;
	bool final;
	uint64_t bursts, max_burst, data_pkts;
	bool content_ok;
};

/* Takes the drained packets, checks order and content, ACKs per RFC 7440
 * (after windowsize blocks or the short one). Returns whether it ACKed. */
static bool client_take(struct client *c, struct tftp_xfer *x, uint64_t now, struct mfile *f)
{
	uint64_t since = 0;
	bool acked = false;
	if (nout)
		c->bursts++;
	if ((uint64_t)nout > c->max_burst)
		c->max_burst = (uint64_t)nout;
	for (int i = 0; i < nout; i++) {
		struct out *o = &outs[i];
		if (o->op != TFTP_DATA)
			continue;
		c->data_pkts++;
		if (o->block != (uint16_t)c->expect) {
			c->content_ok = false;
			continue;
		}
		uint64_t off = (c->expect - 1) * c->blksize;
		for (size_t k = 0; k < o->len && f; k++)
			if (o->p.data[k] != pat(off + k)) {
				c->content_ok = false;
				break;
			}
		c->got_bytes += o->len;
		c->expect++;
		since++;
		if (o->len < c->blksize) {
			c->final = true;
			break;
		}
	}
	if (since && (since >= c->ws || c->final)) {
		ack(x, (uint16_t)(c->expect - 1), now);
		acked = true;
	}
	return acked;
}

static void run_whole(uint32_t ws, uint32_t blksize, uint64_t size, bool unknown_size)
{
	char wsv[16], bsv[16];
	snprintf(wsv, sizeof(wsv), "%u", ws);
	snprintf(bsv, sizeof(bsv), "%u", blksize);
	struct mfile f = { .size = size };
	struct tftp_xfer *x = tftp_xfer_new_read(&conf0, mkreq(TFTP_RRQ, TFTP_MODE_OCTET,
		OPTS("windowsize", wsv, "blksize", bsv)), unknown_size ? TFTP_SIZE_UNKNOWN : size, mread, &f, 0);
	struct client c = { .expect = 1, .blksize = blksize, .ws = ws, .content_ok = true };
	uint64_t now = 0;
	drain(x, now);
	CHECK_INT(outs[0].op, TFTP_OACK);
	ack(x, 0, now);
	uint64_t guard = 0;
	while (tftp_xfer_status(x) == TFTP_XFER_RUNNING && guard++ < 10000000) {
		now++;
		drain(x, now);
		if (!client_take(&c, x, now, &f))
			break;
	}
	CHECK_INT(tftp_xfer_status(x), TFTP_XFER_DONE);
	CHECK(c.content_ok);
	CHECK(c.final);
	CHECK_INT(c.got_bytes, size);
	uint64_t blocks = size / blksize + 1;
	CHECK_INT(c.data_pkts, blocks);
	CHECK(c.max_burst <= ws);
	CHECK_INT(c.bursts, (blocks + ws - 1) / ws);
	struct tftp_xfer_info in;
	tftp_xfer_get_info(x, &in);
	CHECK_INT(in.retransmits, 0);
	CHECK_INT(in.timeouts, 0);
	CHECK_INT(in.bytes, size);
	CHECK_INT(in.blocks, blocks);
	tftp_xfer_free(x);
}

TEST(window_arithmetic_1_8_64)
{
	run_whole(1, 512, 100000, false);
	run_whole(8, 512, 100000, false);
	run_whole(64, 1468, 1000000, false);
	run_whole(8, 1468, 1468 * 16, false);     /* exact multiple: an empty last block */
	run_whole(8, 1468, 1468 * 16 - 1, false);
	run_whole(3, 512, 0, false);
	run_whole(8, 512, 100000, true);
	run_whole(8, 512, 512 * 24, true);
}

TEST(rollover_past_65535_blocks)
{
	/* 70,000 blocks: block numbers wrap 65535 -> 0 and ACKs wrap with them */
	run_whole(1, 8, 70000ull * 8 + 5, false);
	run_whole(8, 8, 70000ull * 8, false);
	run_whole(64, 16, 140000ull * 16 + 3, true);
}

TEST(rollover_wire_numbers)
{
	struct mfile f = { .size = 70000ull * 8 };
	struct tftp_xfer *x = tftp_xfer_new_read(&conf0, mkreq(TFTP_RRQ, TFTP_MODE_OCTET, OPTS("blksize", "8")),
						 f.size, mread, &f, 0);
	drain(x, 0);
	ack(x, 0, 0);
	uint64_t idx = 1;
	int saw_zero = 0;
	for (; idx <= 70001; idx++) {
		CHECK_INT(drain(x, idx), 1);
		CHECK_INT(outs[0].block, (uint16_t)idx);
		if (idx == 65536) {
			CHECK_INT(outs[0].block, 0);
			saw_zero = 1;
			/* a stale ACK 0 from the OACK era must not be taken for
			 * block 65536 before it was acked... it IS block 65536 now:
			 * sent and in the window, so it is progress */
		}
		ack(x, (uint16_t)idx, idx);
	}
	CHECK(saw_zero);
	CHECK_INT(tftp_xfer_status(x), TFTP_XFER_DONE);
	tftp_xfer_free(x);
}

TEST(size_zero_and_exact_multiple)
{
	struct mfile f = { .size = 0 };
	struct tftp_xfer *x = tftp_xfer_new_read(&conf0, mkreq(TFTP_RRQ, TFTP_MODE_OCTET, OPTS("tsize", "0")),
						 0, mread, &f, 0);
	drain(x, 0);
	CHECK_INT(outs[0].op, TFTP_OACK);
	CHECK_INT(outs[0].p.opts.tsize, 0);
	ack(x, 0, 1);
	CHECK_INT(drain(x, 1), 1);
	CHECK_INT(outs[0].block, 1);
	CHECK_INT(outs[0].len, 0);
	CHECK_INT(ack(x, 1, 2), TFTP_XFER_DONE);
	tftp_xfer_free(x);

	f.size = 1024;
	x = tftp_xfer_new_read(&conf0, mkreq(TFTP_RRQ, TFTP_MODE_OCTET, NULL), f.size, mread, &f, 0);
	drain(x, 0);
	CHECK_INT(outs[0].len, 512);
	ack(x, 1, 1);
	drain(x, 1);
	CHECK_INT(outs[0].len, 512);
	CHECK_INT(ack(x, 2, 2), TFTP_XFER_RUNNING);
	drain(x, 2);
	CHECK_INT(outs[0].block, 3);
	CHECK_INT(outs[0].len, 0);
	CHECK_INT(ack(x, 3, 3), TFTP_XFER_DONE);
	tftp_xfer_free(x);
}

/* ---- retransmission ---- */

TEST(timeout_backoff_and_give_up)
{
	struct mfile f = { .size = 100000 };
	struct tftp_xfer *x = tftp_xfer_new_read(&conf0, mkreq(TFTP_RRQ, TFTP_MODE_OCTET, NULL), f.size, mread, &f, 1000);
	CHECK_INT(drain(x, 1000), 1);
	uint64_t dl = tftp_xfer_deadline(x);
	CHECK_INT(dl, 1000 + TFTP_XFER_RTO_INITIAL_DEFAULT_MS);
	/* early timer: nothing */
	CHECK_INT(tftp_xfer_timer(x, dl - 1), TFTP_XFER_RUNNING);
	CHECK_INT(drain(x, dl - 1), 0);
	uint64_t prev_gap = TFTP_XFER_RTO_INITIAL_DEFAULT_MS, now = dl;
	int fires = 0;
	while (tftp_xfer_timer(x, now) == TFTP_XFER_RUNNING) {
		fires++;
		CHECK_INT(drain(x, now), 1);
		CHECK_INT(outs[0].block, 1);
		uint64_t next = tftp_xfer_deadline(x);
		uint64_t gap = next - now;
		/* doubles, up to the 5 s ceiling */
		uint64_t want = prev_gap * 2 > 5000 ? 5000 : prev_gap * 2;
		CHECK_INT(gap, want);
		prev_gap = gap;
		now = next;
		if (fires > 50)
			break;
	}
	CHECK_INT(tftp_xfer_status(x), TFTP_XFER_FAILED);
	CHECK_STR(tftp_xfer_reason(x), "transfer timed out");
	CHECK(fires >= TFTP_XFER_RETRIES_DEFAULT && fires <= TFTP_XFER_RETRIES_DEFAULT + 2);
	CHECK(now - 1000 >= 5000);
	CHECK(tftp_xfer_deadline(x) == TFTP_NO_DEADLINE);
	CHECK_INT(drain(x, now), 0);
	struct tftp_xfer_info in;
	tftp_xfer_get_info(x, &in);
	CHECK_INT(in.retransmits, fires);
	CHECK_INT(in.timeouts, fires);
	tftp_xfer_free(x);
}

TEST(oack_retransmitted_and_conf_retries)
{
	struct tftp_xfer_conf c = { .max_retries = 2, .timeout_s = 1, .rto_initial_ms = 100 };
	struct mfile f = { .size = 100 };
	struct tftp_xfer *x = tftp_xfer_new_read(&c, mkreq(TFTP_RRQ, TFTP_MODE_OCTET, OPTS("tsize", "0")),
						 f.size, mread, &f, 0);
	drain(x, 0);
	uint64_t now = tftp_xfer_deadline(x);
	CHECK_INT(now, 100);
	CHECK_INT(tftp_xfer_timer(x, now), TFTP_XFER_RUNNING);
	CHECK_INT(drain(x, now), 1);
	CHECK_INT(outs[0].op, TFTP_OACK);
	/* the client got the second OACK */
	CHECK_INT(ack(x, 0, now + 3), TFTP_XFER_RUNNING);
	CHECK_INT(drain(x, now + 3), 1);
	CHECK_INT(outs[0].op, TFTP_DATA);
	/* then vanishes: 2 retries, then at least 1 s without progress */
	int fires = 0;
	while (tftp_xfer_timer(x, tftp_xfer_deadline(x)) == TFTP_XFER_RUNNING && fires < 20) {
		fires++;
		drain(x, 0);
	}
	CHECK(fires >= 2 && fires <= 4);
	CHECK_INT(tftp_xfer_status(x), TFTP_XFER_FAILED);
	tftp_xfer_free(x);
}

/* A transfer started by a repeated request (conf unanswered_retries):
 * nobody acknowledging its OACK ends it after that many resends, without
 * waiting for the ceiling; an acknowledgement makes it an ordinary transfer
 * with the full retries. */
TEST(unanswered_retries_end_a_late_copy_early)
{
	struct tftp_xfer_conf c = { .unanswered_retries = 3 };
	struct mfile f = { .size = 100000 };
	struct tftp_xfer *x = tftp_xfer_new_read(&c, mkreq(TFTP_RRQ, TFTP_MODE_OCTET,
							   OPTS("blksize", "1432", "tsize", "0")),
						 f.size, mread, &f, 0);
	CHECK_INT(drain(x, 0), 1);
	CHECK_INT(outs[0].op, TFTP_OACK);
	uint64_t now = 0;
	int resends = 0;
	while (tftp_xfer_timer(x, now = tftp_xfer_deadline(x)) == TFTP_XFER_RUNNING && resends < 20) {
		CHECK_INT(drain(x, now), 1);
		CHECK_INT(outs[0].op, TFTP_OACK);
		resends++;
	}
	CHECK_INT(resends, 3);
	CHECK_INT(tftp_xfer_status(x), TFTP_XFER_FAILED);
	CHECK_STR(tftp_xfer_reason(x), TFTP_XFER_UNANSWERED);
	/* 250 + 500 + 1000 + 2000 ms: not the 28 s of the full schedule */
	CHECK_INT(now, 3750);
	struct tftp_xfer_info in;
	tftp_xfer_get_info(x, &in);
	CHECK(!in.answered);
	tftp_xfer_free(x);

	/* the client answers the second OACK: from then on the usual rules */
	x = tftp_xfer_new_read(&c, mkreq(TFTP_RRQ, TFTP_MODE_OCTET, OPTS("tsize", "0")), f.size, mread, &f, 0);
	drain(x, 0);
	now = tftp_xfer_deadline(x);
	CHECK_INT(tftp_xfer_timer(x, now), TFTP_XFER_RUNNING);
	drain(x, now);
	CHECK_INT(ack(x, 0, now + 2), TFTP_XFER_RUNNING);
	drain(x, now + 2);
	tftp_xfer_get_info(x, &in);
	CHECK(in.answered);
	int fires = 0;
	while (tftp_xfer_timer(x, now = tftp_xfer_deadline(x)) == TFTP_XFER_RUNNING && fires < 50) {
		drain(x, now);
		fires++;
	}
	CHECK(fires >= TFTP_XFER_RETRIES_DEFAULT);
	CHECK_STR(tftp_xfer_reason(x), "transfer timed out");
	tftp_xfer_free(x);

	/* without the option nothing changes: the whole schedule */
	x = tftp_xfer_new_read(&conf0, mkreq(TFTP_RRQ, TFTP_MODE_OCTET, NULL), f.size, mread, &f, 0);
	drain(x, 0);
	fires = 0;
	while (tftp_xfer_timer(x, now = tftp_xfer_deadline(x)) == TFTP_XFER_RUNNING && fires < 50) {
		drain(x, now);
		fires++;
	}
	CHECK(fires >= TFTP_XFER_RETRIES_DEFAULT);
	CHECK(now >= 5000);
	tftp_xfer_free(x);
}

TEST(adaptive_rto_converges)
{
	struct mfile f = { .size = 10000000 };
	struct tftp_xfer *x = tftp_xfer_new_read(&conf0, mkreq(TFTP_RRQ, TFTP_MODE_OCTET, NULL), f.size, mread, &f, 0);
	uint64_t now = 0;
	struct tftp_xfer_info in;
	tftp_xfer_get_info(x, &in);
	CHECK_INT(in.rto_ms, TFTP_XFER_RTO_INITIAL_DEFAULT_MS);
	/* fast client: 1 ms round trips */
	for (uint16_t b = 1; b <= 50; b++) {
		drain(x, now);
		now += 1;
		ack(x, b, now);
	}
	tftp_xfer_get_info(x, &in);
	CHECK_INT(in.rto_ms, TFTP_XFER_RTO_MIN_DEFAULT_MS);
	CHECK(in.srtt_us >= 500 && in.srtt_us <= 1500);
	CHECK_INT(tftp_xfer_deadline(x), now + TFTP_XFER_RTO_MIN_DEFAULT_MS);
	/* a slow path: 100 ms round trips push the RTO above 100 ms */
	for (uint16_t b = 51; b <= 120; b++) {
		drain(x, now);
		now += 100;
		ack(x, b, now);
	}
	tftp_xfer_get_info(x, &in);
	CHECK(in.rto_ms >= 100 && in.rto_ms <= 200);
	/* jittery: RTO stays above the worst recent samples */
	for (uint16_t b = 121; b <= 160; b++) {
		drain(x, now);
		now += (b & 1) ? 10 : 90;
		ack(x, b, now);
	}
	tftp_xfer_get_info(x, &in);
	CHECK(in.rto_ms >= 90);
	/* configured floor */
	tftp_xfer_free(x);
	struct tftp_xfer_conf c = { .rto_min_ms = 5 };
	x = tftp_xfer_new_read(&c, mkreq(TFTP_RRQ, TFTP_MODE_OCTET, NULL), f.size, mread, &f, 0);
	for (uint16_t b = 1; b <= 50; b++) {
		drain(x, now);
		ack(x, b, now);
	}
	tftp_xfer_get_info(x, &in);
	CHECK_INT(in.rto_ms, 5);
	tftp_xfer_free(x);
}

TEST(karn_no_sample_from_retransmitted_block)
{
	struct mfile f = { .size = 10000000 };
	struct tftp_xfer *x = tftp_xfer_new_read(&conf0, mkreq(TFTP_RRQ, TFTP_MODE_OCTET, NULL), f.size, mread, &f, 0);
	uint64_t now = 0;
	for (uint16_t b = 1; b <= 30; b++) {
		drain(x, now);
		now += 2;
		ack(x, b, now);
	}
	struct tftp_xfer_info in;
	tftp_xfer_get_info(x, &in);
	uint32_t srtt = in.srtt_us, rto = in.rto_ms;
	CHECK_INT(rto, 20);
	/* block 31 lost: timer resends; the ACK comes 15 ms after the resend */
	drain(x, now);
	now = tftp_xfer_deadline(x);
	tftp_xfer_timer(x, now);
	CHECK_INT(drain(x, now), 1);
	tftp_xfer_get_info(x, &in);
	CHECK_INT(in.rto_ms, 40);       /* backed off */
	now += 15;
	ack(x, 31, now);
	tftp_xfer_get_info(x, &in);
	CHECK_INT(in.srtt_us, srtt);    /* no sample */
	CHECK_INT(in.rto_ms, 40);       /* backoff kept until a clean sample */
	drain(x, now);
	now += 2;
	ack(x, 32, now);
	tftp_xfer_get_info(x, &in);
	CHECK_INT(in.rto_ms, 20);
	tftp_xfer_free(x);
}

TEST(duplicate_acks_never_resend)
{
	struct mfile f = { .size = 1000000 };
	/* lock-step */
	struct tftp_xfer *x = tftp_xfer_new_read(&conf0, mkreq(TFTP_RRQ, TFTP_MODE_OCTET, NULL), f.size, mread, &f, 0);
	drain(x, 0);
	ack(x, 1, 1);
	CHECK_INT(drain(x, 1), 1);
	for (int i = 0; i < 10; i++) {
		ack(x, 1, 2);
		CHECK_INT(drain(x, 2), 0);
	}
	struct tftp_xfer_info in;
	tftp_xfer_get_info(x, &in);
	CHECK_INT(in.pkts_sent, 2);
	tftp_xfer_free(x);
	/* windowed */
	x = tftp_xfer_new_read(&conf0, mkreq(TFTP_RRQ, TFTP_MODE_OCTET, OPTS("windowsize", "8")), f.size, mread, &f, 0);
	drain(x, 0);
	ack(x, 0, 0);
	CHECK_INT(drain(x, 0), 8);
	ack(x, 8, 1);
	CHECK_INT(drain(x, 1), 8);
	CHECK_INT(outs[0].block, 9);
	uint64_t reads = f.reads;
	for (int i = 0; i < 10; i++) {
		ack(x, 8, 2);
		ack(x, 0, 2);
		CHECK_INT(drain(x, 2), 0);
	}
	CHECK_INT(f.reads, reads);
	tftp_xfer_get_info(x, &in);
	CHECK_INT(in.pkts_sent, 17);
	CHECK_INT(in.retransmits, 0);
	tftp_xfer_free(x);
}

TEST(ack_inside_window_resends_from_there)
{
	struct mfile f = { .size = 1000000 };
	struct tftp_xfer *x = tftp_xfer_new_read(&conf0, mkreq(TFTP_RRQ, TFTP_MODE_OCTET, OPTS("windowsize", "8")),
						 f.size, mread, &f, 0);
	drain(x, 0);
	ack(x, 0, 0);
	CHECK_INT(drain(x, 0), 8);
	/* block 4 was lost: the client ACKs 3 */
	CHECK_INT(ack(x, 3, 5), TFTP_XFER_RUNNING);
	CHECK_INT(drain(x, 5), 8);
	CHECK_INT(outs[0].block, 4);
	CHECK_INT(outs[7].block, 11);
	struct tftp_xfer_info in;
	tftp_xfer_get_info(x, &in);
	CHECK_INT(in.retransmits, 5);
	CHECK_INT(in.in_flight, 8);
	/* the same ACK again: nothing */
	ack(x, 3, 6);
	CHECK_INT(drain(x, 6), 0);
	/* resent data is verified */
	CHECK(outs[0].len == 512);
	tftp_xfer_free(x);
}

TEST(stale_and_future_acks_ignored)
{
	struct mfile f = { .size = 1000000 };
	struct tftp_xfer *x = tftp_xfer_new_read(&conf0, mkreq(TFTP_RRQ, TFTP_MODE_OCTET, OPTS("windowsize", "4")),
						 f.size, mread, &f, 0);
	drain(x, 0);
	ack(x, 0, 0);
	drain(x, 0);           /* 1..4 */
	ack(x, 4, 1);
	drain(x, 1);           /* 5..8 */
	uint64_t dl = tftp_xfer_deadline(x);
	const uint16_t bad[] = { 9, 12, 100, 65535, 3, 1, 0, 4 };
	for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		CHECK_INT(ack(x, bad[i], 2), TFTP_XFER_RUNNING);
		CHECK_INT(drain(x, 2), 0);
	}
	CHECK_INT(tftp_xfer_deadline(x), dl);  /* no progress */
	/* malformed and unexpected packets on the transfer port: ignored */
	uint8_t junk[] = { 0, 3, 0, 5, 'x' };
	CHECK_INT(tftp_xfer_rx(x, junk, sizeof(junk), 2, NULL), TFTP_XFER_RUNNING);
	uint8_t shorty[] = { 0, 4, 0 };
	CHECK_INT(tftp_xfer_rx(x, shorty, sizeof(shorty), 2, NULL), TFTP_XFER_RUNNING);
	uint8_t rrq[] = "\0\1file\0octet";
	CHECK_INT(tftp_xfer_rx(x, rrq, sizeof(rrq), 2, NULL), TFTP_XFER_RUNNING);
	CHECK_INT(drain(x, 2), 0);
	CHECK_INT(ack(x, 8, 3), TFTP_XFER_RUNNING);
	CHECK_INT(drain(x, 3), 4);
	CHECK_INT(outs[0].block, 9);
	tftp_xfer_free(x);
}

TEST(timeout_resends_whole_window)
{
	struct mfile f = { .size = 1000000 };
	struct tftp_xfer *x = tftp_xfer_new_read(&conf0, mkreq(TFTP_RRQ, TFTP_MODE_OCTET, OPTS("windowsize", "8")),
						 f.size, mread, &f, 0);
	drain(x, 0);
	ack(x, 0, 0);
	CHECK_INT(drain(x, 0), 8);
	uint64_t now = tftp_xfer_deadline(x);
	tftp_xfer_timer(x, now);
	CHECK_INT(drain(x, now), 8);
	CHECK_INT(outs[0].block, 1);
	CHECK_INT(outs[7].block, 8);
	ack(x, 8, now + 1);
	CHECK_INT(drain(x, now + 1), 8);
	CHECK_INT(outs[0].block, 9);
	tftp_xfer_free(x);
}

TEST(lossy_link_completes)
{
	/* drop every 13th data packet and every 7th ACK; only the timer and
	 * in-window ACKs recover */
	for (uint32_t ws = 1; ws <= 16; ws *= 4) {
		struct mfile f = { .size = 300000 };
		char wsv[8];
		snprintf(wsv, sizeof(wsv), "%u", ws);
		struct tftp_xfer *x = tftp_xfer_new_read(&conf0, mkreq(TFTP_RRQ, TFTP_MODE_OCTET,
			OPTS("windowsize", wsv)), f.size, mread, &f, 0);
		uint64_t now = 0, expect = 1, dcount = 0, acount = 0, since = 0;
		drain(x, now);
		ack(x, 0, now);
		int guard = 0;
		while (tftp_xfer_status(x) == TFTP_XFER_RUNNING && guard++ < 100000) {
			drain(x, now);
			bool gap = false, fin = false;
			for (int i = 0; i < nout; i++) {
				if (++dcount % 13 == 0)
					continue; /* lost */
				if (outs[i].block == (uint16_t)expect && !gap) {
					uint64_t off = (expect - 1) * 512;
					bool same = true;
					for (size_t k = 0; k < outs[i].len; k++)
						same = same && outs[i].p.data[k] == pat(off + k);
					CHECK(same);
					expect++;
					since++;
					if (outs[i].len < 512)
						fin = true;
				} else if (outs[i].block != (uint16_t)(expect - 1)) {
					gap = true;
				}
			}
			now += 1;
			if ((since >= ws || fin || gap) && ++acount % 7 != 0) {
				since = 0;
				ack(x, (uint16_t)(expect - 1), now);
			} else if (nout == 0 || since < ws) {
				/* client and server both wait: the server's timer fires */
				now = tftp_xfer_deadline(x);
				tftp_xfer_timer(x, now);
				if (since)
					since = ws; /* the client's own timeout: ACK what it has */
			}
		}
		CHECK_INT(tftp_xfer_status(x), TFTP_XFER_DONE);
		CHECK_INT(expect, 300000 / 512 + 2);
		/* adaptive RTO: each loss costs tens of ms, not seconds */
		struct tftp_xfer_info in;
		tftp_xfer_get_info(x, &in);
		printf("  ws %u: %llu ms, %llu timeouts, %llu retransmits\n", ws, (unsigned long long)now,
		       (unsigned long long)in.timeouts, (unsigned long long)in.retransmits);
		CHECK(in.timeouts > 0);
		CHECK(now < 587 + in.timeouts * 60);
		tftp_xfer_free(x);
	}
}

/* ---- source failures ---- */

TEST(read_error_and_shrinking_file)
{
	struct mfile f = { .size = 100000, .fail_from = 2000 };
	struct tftp_xfer *x = tftp_xfer_new_read(&conf0, mkreq(TFTP_RRQ, TFTP_MODE_OCTET, OPTS("windowsize", "8")),
						 f.size, mread, &f, 0);
	drain(x, 0);
	ack(x, 0, 0);
	CHECK_INT(drain(x, 0), 4); /* DATA 1..3 then ERROR */
	CHECK_INT(outs[3].op, TFTP_ERROR);
	CHECK_INT(outs[3].p.err_code, TFTP_EUNDEF);
	CHECK_INT(tftp_xfer_status(x), TFTP_XFER_FAILED);
	CHECK_STR(tftp_xfer_reason(x), "source read failed");
	tftp_xfer_free(x);

	struct mfile g = { .size = 100000, .shrink_to = 1500 };
	x = tftp_xfer_new_read(&conf0, mkreq(TFTP_RRQ, TFTP_MODE_OCTET, NULL), g.size, mread, &g, 0);
	for (uint16_t b = 1; b <= 2; b++) {
		CHECK_INT(drain(x, 0), 1);
		ack(x, b, 0);
	}
	CHECK_INT(drain(x, 0), 1);
	CHECK_INT(outs[0].op, TFTP_ERROR);
	CHECK_STR(tftp_xfer_reason(x), "file changed while being sent");
	tftp_xfer_free(x);
}

TEST(abort_by_shell)
{
	struct mfile f = { .size = 100000 };
	struct tftp_xfer *x = tftp_xfer_new_read(&conf0, mkreq(TFTP_RRQ, TFTP_MODE_OCTET, OPTS("windowsize", "8")),
						 f.size, mread, &f, 0);
	drain(x, 0);
	ack(x, 0, 0);
	tftp_xfer_abort(x, TFTP_EUNDEF, "server shutting down", "shutdown");
	CHECK_INT(drain(x, 0), 1);
	CHECK_INT(outs[0].op, TFTP_ERROR);
	CHECK(outs[0].p.err_msg_len == 20 && memcmp(outs[0].p.err_msg, "server shutting down", 20) == 0);
	CHECK_INT(tftp_xfer_status(x), TFTP_XFER_FAILED);
	CHECK_STR(tftp_xfer_reason(x), "shutdown");
	/* a second abort changes nothing */
	tftp_xfer_abort(x, TFTP_EACCESS, NULL, "again");
	CHECK_INT(drain(x, 0), 0);
	CHECK_STR(tftp_xfer_reason(x), "shutdown");
	tftp_xfer_free(x);
	CHECK(tftp_xfer_free(NULL) == NULL);
}

TEST(small_buffer_refused)
{
	struct mfile f = { .size = 100000 };
	struct tftp_xfer *x = tftp_xfer_new_read(&conf0, mkreq(TFTP_RRQ, TFTP_MODE_OCTET, NULL), f.size, mread, &f, 0);
	uint8_t small[100];
	CHECK_INT(tftp_xfer_next_packet(x, small, sizeof(small), 0), -ENOBUFS);
	CHECK_INT(drain(x, 0), 1);
	CHECK_INT(tftp_xfer_next_packet(x, small, sizeof(small), 0), 0);
	tftp_xfer_free(x);
}

/* ---- netascii read ---- */

static size_t decode_stream(const uint8_t *wire, size_t n, uint8_t *out)
{
	struct tftp_netascii_dec d = { 0 };
	size_t w = tftp_netascii_decode(&d, wire, n, out);
	return w + tftp_netascii_decode_end(&d, out + w);
}

TEST(netascii_read_with_splits_and_regeneration)
{
	/* text whose CR LF / CR NUL pairs fall across 8-byte blocks */
	static const char text[] = "abcdefg\nhijklmn\rop\r\nq\n\n\n\n\n\n\n\nend\r";
	struct mfile f = { .data = (const uint8_t *)text, .size = sizeof(text) - 1 };
	static uint8_t want[256], wire[256], back[256];
	struct tftp_netascii_enc e = { 0 };
	size_t used;
	size_t wlen = tftp_netascii_encode(&e, f.data, f.size, &used, want, sizeof(want));
	for (uint32_t ws = 1; ws <= 4; ws += 3) {
		char wsv[8];
		snprintf(wsv, sizeof(wsv), "%u", ws);
		struct tftp_xfer *x = tftp_xfer_new_read(&conf0, mkreq(TFTP_RRQ, TFTP_MODE_NETASCII,
			OPTS("blksize", "8", "windowsize", wsv)), f.size, mread, &f, 0);
		drain(x, 0);
		CHECK_INT(outs[0].op, TFTP_OACK);
		ack(x, 0, 0);
		size_t got = 0;
		uint64_t expect = 1, now = 0;
		bool first = true;
		while (tftp_xfer_status(x) == TFTP_XFER_RUNNING && now < 1000) {
			drain(x, now);
			uint64_t since = 0;
			for (int i = 0; i < nout; i++) {
				if (outs[i].block != (uint16_t)expect)
					continue;
				memcpy(wire + got, outs[i].p.data, outs[i].len);
				got += outs[i].len;
				expect++;
				since++;
			}
			now++;
			if (ws > 1 && first && since >= 2) {
				/* claim block 2 was lost: the window is rebuilt
				 * from block 2's checkpoint */
				first = false;
				got -= outs[1].len + (since > 2 ? outs[2].len : 0) + (since > 3 ? outs[3].len : 0);
				expect = 2;
				ack(x, 1, now);
				continue;
			}
			if (ws == 1 && first) {
				/* a timeout regenerates block 1 identically */
				first = false;
				got = 0;
				expect = 1;
				now = tftp_xfer_deadline(x);
				tftp_xfer_timer(x, now);
				continue;
			}
			ack(x, (uint16_t)(expect - 1), now);
		}
		CHECK_INT(tftp_xfer_status(x), TFTP_XFER_DONE);
		CHECK_INT(got, wlen);
		CHECK(memcmp(wire, want, wlen) == 0);
		CHECK_INT(decode_stream(wire, got, back), f.size);
		CHECK(memcmp(back, text, f.size) == 0);
		tftp_xfer_free(x);
	}
}

TEST(netascii_read_exact_block_and_owed_byte_at_eof)
{
	/* "1234567\n" encodes to 9 bytes: the LF is owed to block 2 */
	static const char text[] = "1234567\n";
	struct mfile f = { .data = (const uint8_t *)text, .size = 8 };
	struct tftp_xfer *x = tftp_xfer_new_read(&conf0, mkreq(TFTP_RRQ, TFTP_MODE_NETASCII, OPTS("blksize", "8")),
						 f.size, mread, &f, 0);
	drain(x, 0);
	ack(x, 0, 0);
	CHECK_INT(drain(x, 0), 1);
	CHECK_INT(outs[0].len, 8);
	CHECK(memcmp(last_payload, "1234567\r", 8) == 0);
	ack(x, 1, 0);
	CHECK_INT(drain(x, 0), 1);
	CHECK_INT(outs[0].len, 1);
	CHECK_INT(last_payload[0], '\n');
	CHECK_INT(ack(x, 2, 0), TFTP_XFER_DONE);
	tftp_xfer_free(x);
	/* "1234\n12" encodes to exactly 8: an empty block 2 follows */
	static const char t2[] = "1234\n12";
	struct mfile g = { .data = (const uint8_t *)t2, .size = 7 };
	x = tftp_xfer_new_read(&conf0, mkreq(TFTP_RRQ, TFTP_MODE_NETASCII, OPTS("blksize", "8")), g.size, mread, &g, 0);
	drain(x, 0);
	ack(x, 0, 0);
	CHECK_INT(drain(x, 0), 1);
	CHECK_INT(outs[0].len, 8);
	ack(x, 1, 0);
	CHECK_INT(drain(x, 0), 1);
	CHECK_INT(outs[0].len, 0);
	CHECK_INT(ack(x, 2, 0), TFTP_XFER_DONE);
	tftp_xfer_free(x);
}

/* ---- write requests ---- */

static enum tftp_xfer_status data(struct tftp_xfer *x, uint16_t block, const void *d, size_t n, uint64_t now,
				  struct tftp_write *w)
{
	static uint8_t b[TFTP_PKT_MAX];
	int len = tftp_pkt_build_data(b, sizeof(b), block, d, n);
	CHECK(len >= 4);
	return tftp_xfer_rx(x, b, (size_t)len, now, w);
}

TEST(wrq_plain_with_dally)
{
	struct tftp_xfer *x = tftp_xfer_new_write(&conf0, mkreq(TFTP_WRQ, TFTP_MODE_OCTET, NULL), 0);
	CHECK_INT(drain(x, 0), 1);
	CHECK_INT(outs[0].op, TFTP_ACK);
	CHECK_INT(outs[0].block, 0);
	static uint8_t blk[512];
	memset(blk, 'a', sizeof(blk));
	struct tftp_write w;
	CHECK_INT(data(x, 1, blk, 512, 1, &w), TFTP_XFER_RUNNING);
	CHECK_INT(w.offset, 0);
	CHECK_INT(w.len, 512);
	CHECK(w.data && w.data[0] == 'a');
	CHECK_INT(drain(x, 1), 1);
	CHECK_INT(outs[0].op, TFTP_ACK);
	CHECK_INT(outs[0].block, 1);
	/* duplicate DATA 1: re-ACK, nothing written */
	CHECK_INT(data(x, 1, blk, 512, 2, &w), TFTP_XFER_RUNNING);
	CHECK_INT(w.len, 0);
	CHECK_INT(drain(x, 2), 1);
	CHECK_INT(outs[0].block, 1);
	CHECK_INT(data(x, 2, blk, 100, 3, &w), TFTP_XFER_DONE);
	CHECK_INT(w.offset, 512);
	CHECK_INT(w.len, 100);
	CHECK_INT(drain(x, 3), 1);
	CHECK_INT(outs[0].block, 2);
	/* dallying: a repeated last block is re-ACKed */
	CHECK(tftp_xfer_deadline(x) != TFTP_NO_DEADLINE);
	CHECK_INT(data(x, 2, blk, 100, 4, &w), TFTP_XFER_DONE);
	CHECK_INT(w.len, 0);
	CHECK_INT(drain(x, 4), 1);
	CHECK_INT(outs[0].block, 2);
	CHECK_INT(tftp_xfer_timer(x, tftp_xfer_deadline(x)), TFTP_XFER_DONE);
	CHECK(tftp_xfer_deadline(x) == TFTP_NO_DEADLINE);
	struct tftp_xfer_info in;
	tftp_xfer_get_info(x, &in);
	CHECK(in.write);
	CHECK_INT(in.bytes, 612);
	CHECK_INT(in.size, 612);
	tftp_xfer_free(x);
}

TEST(wrq_oack_and_timeouts)
{
	struct tftp_xfer *x = tftp_xfer_new_write(&conf0, mkreq(TFTP_WRQ, TFTP_MODE_OCTET,
		OPTS("blksize", "1024", "tsize", "3000")), 0);
	drain(x, 0);
	CHECK_INT(outs[0].op, TFTP_OACK);
	CHECK_INT(outs[0].p.opts.tsize, 3000);
	CHECK_INT(outs[0].p.opts.blksize, 1024);
	uint64_t now = tftp_xfer_deadline(x);
	tftp_xfer_timer(x, now);
	CHECK_INT(drain(x, now), 1);
	CHECK_INT(outs[0].op, TFTP_OACK);
	static uint8_t blk[1024];
	struct tftp_write w;
	data(x, 1, blk, 1024, now + 1, &w);
	CHECK_INT(w.len, 1024);
	CHECK_INT(drain(x, now + 1), 1);
	CHECK_INT(outs[0].op, TFTP_ACK);
	/* sender stalls: we re-ACK on our timer, then give up */
	int fires = 0;
	while (tftp_xfer_timer(x, tftp_xfer_deadline(x)) == TFTP_XFER_RUNNING && fires < 30) {
		fires++;
		CHECK_INT(drain(x, 0), 1);
		CHECK_INT(outs[0].op, TFTP_ACK);
		CHECK_INT(outs[0].block, 1);
	}
	CHECK_INT(tftp_xfer_status(x), TFTP_XFER_FAILED);
	CHECK_STR(tftp_xfer_reason(x), "transfer timed out");
	tftp_xfer_free(x);
}

TEST(wrq_size_limit)
{
	struct tftp_xfer_conf c = { .write_max = 1000 };
	/* announced too big: refused at once */
	struct tftp_xfer *x = tftp_xfer_new_write(&c, mkreq(TFTP_WRQ, TFTP_MODE_OCTET, OPTS("tsize", "1001")), 0);
	CHECK_INT(tftp_xfer_status(x), TFTP_XFER_FAILED);
	CHECK_INT(drain(x, 0), 1);
	CHECK_INT(outs[0].op, TFTP_ERROR);
	CHECK_INT(outs[0].p.err_code, TFTP_ENOSPACE);
	CHECK(tftp_xfer_deadline(x) == TFTP_NO_DEADLINE);
	tftp_xfer_free(x);
	/* not announced, exceeded on the way */
	x = tftp_xfer_new_write(&c, mkreq(TFTP_WRQ, TFTP_MODE_OCTET, NULL), 0);
	drain(x, 0);
	static uint8_t blk[512];
	struct tftp_write w;
	CHECK_INT(data(x, 1, blk, 512, 1, &w), TFTP_XFER_RUNNING);
	CHECK_INT(w.len, 512);
	drain(x, 1);
	CHECK_INT(data(x, 2, blk, 512, 2, &w), TFTP_XFER_FAILED);
	CHECK_INT(w.len, 0);
	CHECK_INT(drain(x, 2), 1);
	CHECK_INT(outs[0].op, TFTP_ERROR);
	CHECK_INT(outs[0].p.err_code, TFTP_ENOSPACE);
	CHECK_STR(tftp_xfer_reason(x), "upload size limit exceeded");
	tftp_xfer_free(x);
	/* exactly the limit is fine */
	x = tftp_xfer_new_write(&c, mkreq(TFTP_WRQ, TFTP_MODE_OCTET, OPTS("tsize", "1000")), 0);
	drain(x, 0);
	data(x, 1, blk, 512, 1, &w);
	CHECK_INT(data(x, 2, blk, 488, 2, &w), TFTP_XFER_DONE);
	CHECK_INT(w.len, 488);
	tftp_xfer_free(x);
}

TEST(wrq_window_gap_and_duplicates)
{
	struct tftp_xfer *x = tftp_xfer_new_write(&conf0, mkreq(TFTP_WRQ, TFTP_MODE_OCTET,
		OPTS("windowsize", "4", "blksize", "8")), 0);
	drain(x, 0);
	CHECK_INT(outs[0].op, TFTP_OACK);
	struct tftp_write w;
	const char *b8 = "01234567";
	for (uint16_t b = 1; b <= 3; b++) {
		data(x, b, b8, 8, 1, &w);
		CHECK_INT(w.len, 8);
		CHECK_INT(w.offset, (b - 1) * 8u);
		CHECK_INT(drain(x, 1), 0); /* no ACK inside the window */
	}
	data(x, 4, b8, 8, 1, &w);
	CHECK_INT(drain(x, 1), 1);
	CHECK_INT(outs[0].block, 4);
	/* block 5 lost: 6 and 7 arrive -> one ACK 4, not two */
	data(x, 6, b8, 8, 2, &w);
	CHECK_INT(w.len, 0);
	CHECK_INT(drain(x, 2), 1);
	CHECK_INT(outs[0].block, 4);
	data(x, 7, b8, 8, 2, &w);
	CHECK_INT(drain(x, 2), 0);
	/* old duplicates inside the past window: silent; the window's last
	 * block (4) re-ACKed */
	data(x, 2, b8, 8, 3, &w);
	CHECK_INT(drain(x, 3), 0);
	data(x, 4, b8, 8, 3, &w);
	CHECK_INT(w.len, 0);
	CHECK_INT(drain(x, 3), 1);
	CHECK_INT(outs[0].block, 4);
	/* resend 5.. */
	data(x, 5, b8, 8, 4, &w);
	CHECK_INT(w.offset, 32);
	CHECK_INT(w.len, 8);
	data(x, 6, b8, 3, 4, &w);
	CHECK_INT(w.len, 3);
	CHECK_INT(tftp_xfer_status(x), TFTP_XFER_DONE);
	CHECK_INT(drain(x, 4), 1);
	CHECK_INT(outs[0].block, 6);
	/* a DATA bigger than blksize is ignored */
	tftp_xfer_free(x);
	x = tftp_xfer_new_write(&conf0, mkreq(TFTP_WRQ, TFTP_MODE_OCTET, OPTS("blksize", "8")), 0);
	drain(x, 0);
	data(x, 1, "0123456789", 10, 1, &w);
	CHECK_INT(w.len, 0);
	CHECK_INT(drain(x, 1), 0);
	tftp_xfer_free(x);
}

TEST(wrq_rollover)
{
	struct tftp_xfer *x = tftp_xfer_new_write(&conf0, mkreq(TFTP_WRQ, TFTP_MODE_OCTET, OPTS("blksize", "8")), 0);
	drain(x, 0);
	struct tftp_write w;
	uint64_t total = 0;
	for (uint64_t i = 1; i <= 70000; i++) {
		data(x, (uint16_t)i, "abcdefgh", i == 70000 ? 2 : 8, i, &w);
		CHECK(w.len == (i == 70000 ? 2u : 8u));
		CHECK(w.offset == total);
		total += w.len;
		CHECK_INT(drain(x, i), 1);
		CHECK(outs[0].block == (uint16_t)i);
	}
	CHECK_INT(tftp_xfer_status(x), TFTP_XFER_DONE);
	struct tftp_xfer_info in;
	tftp_xfer_get_info(x, &in);
	CHECK_INT(in.bytes, 69999 * 8 + 2);
	tftp_xfer_free(x);
}

TEST(wrq_netascii_decoded)
{
	struct tftp_xfer *x = tftp_xfer_new_write(&conf0, mkreq(TFTP_WRQ, TFTP_MODE_NETASCII, OPTS("blksize", "8")), 0);
	drain(x, 0);
	/* pairs cut by block ends: block 2 ends inside CR LF, block 1 does
	 * not but block 2 starts with CR NUL */
	uint8_t got[64];
	size_t n = 0;
	struct tftp_write w;
	data(x, 1, "abc\r\ndef", 8, 1, &w);
	memcpy(got + n, w.data, w.len);
	n += w.len;
	data(x, 2, "\r\0g\r\nxy\r", 8, 2, &w);
	memcpy(got + n, w.data, w.len);
	n += w.len;
	data(x, 3, "\nz\r", 3, 3, &w); /* ends with a bare CR: kept */
	memcpy(got + n, w.data, w.len);
	n += w.len;
	CHECK_INT(tftp_xfer_status(x), TFTP_XFER_DONE);
	CHECK_INT(n, 15);
	CHECK(memcmp(got, "abc\ndef\rg\nxy\nz\r", 15) == 0);
	tftp_xfer_free(x);
}

TEST(wrq_netascii_in_place_fits_exact_buffer)
{
	/* a held-back CR, then a final "x\r": 3 output bytes from 2 input
	 * bytes, decoded inside an exactly sized packet (ASan checks it) */
	struct tftp_xfer *x = tftp_xfer_new_write(&conf0, mkreq(TFTP_WRQ, TFTP_MODE_NETASCII, OPTS("blksize", "8")), 0);
	drain(x, 0);
	struct tftp_write w;
	data(x, 1, "1234567\r", 8, 1, &w);
	CHECK_INT(w.len, 7);
	uint8_t *pkt = malloc(6);
	memcpy(pkt, "\0\3\0\2x\r", 6);
	CHECK_INT(tftp_xfer_rx(x, pkt, 6, 2, &w), TFTP_XFER_DONE);
	CHECK_INT(w.len, 3);
	CHECK(w.data >= pkt && w.data + w.len <= pkt + 6);
	CHECK(memcmp(w.data, "\rx\r", 3) == 0);
	free(pkt);
	tftp_xfer_free(x);
}

TEST(wrq_peer_error)
{
	struct tftp_xfer *x = tftp_xfer_new_write(&conf0, mkreq(TFTP_WRQ, TFTP_MODE_OCTET, NULL), 0);
	drain(x, 0);
	CHECK_INT(send_err(x, TFTP_EUNDEF, "user cancelled", 1), TFTP_XFER_ABORTED);
	CHECK_INT(drain(x, 1), 0);
	CHECK_STR(tftp_xfer_reason(x), "client error 0: user cancelled");
	tftp_xfer_free(x);
}

TEST(deadline_saturates)
{
	struct mfile f = { .size = 100 };
	struct tftp_xfer *x = tftp_xfer_new_read(&conf0, mkreq(TFTP_RRQ, TFTP_MODE_OCTET, NULL), f.size, mread, &f,
						 UINT64_MAX - 10);
	CHECK(tftp_xfer_deadline(x) == UINT64_MAX - 1);
	tftp_xfer_free(x);
}

TEST_MAIN()
