/* Fuzzes the TFTP transfer state machine with a request and a sequence of
 * packets and timer events.
 *
 * Input: a header of 8 bytes, then events.
 *   h[0] bit 0 WRQ (else RRQ), bit 1 netascii, bit 2 size unknown,
 *        bit 3 source fails reads past half the file, bit 4 upload limit,
 *        bits 5-6 conf unanswered_retries (0: none)
 *   h[1..2] file size in units of 37 bytes (big-endian); also the limit
 *   h[3] blksize option: 0 none, else 8 + h[3] * 6 (so 8..1538)
 *   h[4] windowsize option: 0 none, else h[4] % 70
 *   h[5] bit 0 tsize option, bit 1 timeout option (h[5] >> 2), bit 7 an
 *        unknown option
 *   h[6] conf blksize_max: 0 default, else 8 + h[6] * 8
 *   h[7] conf windowsize_max (0: default)
 * Each event is one byte k followed by its arguments:
 *   k % 8 == 0  ACK of (last wire block sent - arg byte + 8)
 *            1  the timer, at its deadline
 *            2  clock += arg byte ms
 *            3  raw packet: length byte, bytes
 *            4  DATA of (expected block + (arg byte % 6) - 2), length from next byte
 *            5  ERROR from the peer
 *            6  ACK of a wire block given by two bytes
 *            7  the shell aborts
 *
 * Invariants after each step: every packet fits tftp_xfer_pkt_max, DATA
 * never exceeds 4 + blksize and carries the file's bytes at its offset (octet
 * reads), the blocks in flight never exceed the window, a step never emits
 * more than a window (+ a control packet), reads stay inside the file and
 * never ask for more than a block, uploads are handed over contiguously and
 * within the limit, deadlines never lie in the past while running, and an
 * ended transfer stays ended. */
#include <errno.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "tftp/tftp_xfer.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

/* says which invariant broke, then crashes for the fuzzer */
#define check(cond)                                                              \
	do {                                                                     \
		if (!(cond)) {                                                   \
			fprintf(stderr, "%s:%d: %s\n", __FILE__, __LINE__, #cond); \
			abort();                                                 \
		}                                                                \
	} while (0)

static uint8_t pat(uint64_t off)
{
	return (uint8_t)(off * 131 + (off >> 9) * 7 + 1);
}

struct src {
	uint64_t size;
	uint64_t fail_from;
	uint32_t max_read;
};

static ssize_t src_read(void *ctx, uint64_t off, void *buf, size_t len)
{
	struct src *s = ctx;
	check(len <= s->max_read);
	if (s->fail_from && off + len > s->fail_from)
		return -EIO;
	if (off >= s->size)
		return 0;
	if (len > s->size - off)
		len = (size_t)(s->size - off);
	uint8_t *b = buf;
	for (size_t i = 0; i < len; i++)
		b[i] = pat(off + i);
	return (ssize_t)len;
}

static uint8_t pkt[TFTP_PKT_MAX];
static uint8_t in[TFTP_PKT_MAX + 16];

struct run {
	struct tftp_xfer *x;
	struct src src;
	bool write, nasc;
	uint64_t now;
	uint16_t last_block;      /* last wire block we sent (read) */
	uint64_t written;         /* upload bytes handed over */
	uint64_t write_max;
	enum tftp_xfer_status ended;
};

static void drain(struct run *r)
{
	struct tftp_xfer_info info;
	tftp_xfer_get_info(r->x, &info);
	size_t max = tftp_xfer_pkt_max(r->x);
	check(max >= 4 + (size_t)info.blksize && max <= TFTP_PKT_MAX);
	uint64_t base = info.blocks + 1;
	int count = 0;
	for (;;) {
		int n = tftp_xfer_next_packet(r->x, pkt, sizeof(pkt), r->now);
		check(n >= 0);
		if (n == 0)
			break;
		check((size_t)n <= max);
		struct tftp_pkt p;
		check(tftp_pkt_parse(pkt, (size_t)n, &p) == 0);
		count++;
		check(count <= (int)info.windowsize + 2);
		if (p.op == TFTP_DATA) {
			check(!r->write && p.data_len <= info.blksize);
			r->last_block = p.block;
			if (!r->nasc) {
				uint64_t idx = base + (uint16_t)(p.block - (uint16_t)base);
				uint64_t off = (idx - 1) * (uint64_t)info.blksize;
				for (size_t k = 0; k < p.data_len; k++)
					check(p.data[k] == pat(off + k));
				if (r->src.size != TFTP_SIZE_UNKNOWN && info.size != TFTP_SIZE_UNKNOWN)
					check(off + p.data_len <= r->src.size);
			}
		} else if (p.op == TFTP_ACK) {
			check(r->write);
		} else {
			check(p.op == TFTP_OACK || p.op == TFTP_ERROR);
		}
	}
	tftp_xfer_get_info(r->x, &info);
	check(info.in_flight <= info.windowsize);
	check(info.windowsize >= 1 && info.windowsize <= TFTP_XFER_WINDOWSIZE_LIMIT);
	enum tftp_xfer_status st = tftp_xfer_status(r->x);
	if (st == TFTP_XFER_RUNNING)
		check(tftp_xfer_deadline(r->x) > r->now && tftp_xfer_deadline(r->x) != TFTP_NO_DEADLINE);
	if (st == TFTP_XFER_FAILED || st == TFTP_XFER_ABORTED) {
		check(tftp_xfer_deadline(r->x) == TFTP_NO_DEADLINE);
		check(tftp_xfer_reason(r->x)[0] != '\0');
	}
	/* an ended transfer never runs again */
	if (r->ended != TFTP_XFER_RUNNING && r->ended != TFTP_XFER_DONE)
		check(st == r->ended);
	if (r->ended == TFTP_XFER_DONE)
		check(st != TFTP_XFER_RUNNING);
	if (st != TFTP_XFER_RUNNING)
		r->ended = st;
}

static void rx(struct run *r, uint8_t *b, size_t n)
{
	struct tftp_write w;
	tftp_xfer_rx(r->x, b, n, r->now, &w);
	if (w.len) {
		check(r->write);
		check(w.offset == r->written);
		check(w.data >= b && w.data + w.len <= b + n);
		r->written += w.len;
		if (r->write_max)
			check(r->written <= r->write_max);
	}
	drain(r);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	if (size < 8)
		return 0;
	const uint8_t *h = data;
	struct run r;
	memset(&r, 0, sizeof(r));
	r.write = h[0] & 1;
	r.nasc = (h[0] & 2) != 0;
	uint64_t fsize = ((uint64_t)h[1] << 8 | h[2]) * 37;
	r.src.size = fsize;
	if (h[0] & 8)
		r.src.fail_from = fsize / 2 + 1;

	/* the request, built and parsed like the shell would */
	struct tftp_opts o = { 0 };
	if (h[3]) {
		o.present |= TFTP_OPT_BLKSIZE;
		o.blksize = 8 + h[3] * 6u;
	}
	if (h[4]) {
		o.present |= TFTP_OPT_WINDOWSIZE;
		o.windowsize = h[4] % 70 ? h[4] % 70 : 1;
	}
	if (h[5] & 1) {
		o.present |= TFTP_OPT_TSIZE;
		o.tsize = r.write ? fsize : 0;
	}
	if ((h[5] & 2) && (h[5] >> 2)) {
		o.present |= TFTP_OPT_TIMEOUT;
		o.timeout = h[5] >> 2;
	}
	int n = tftp_pkt_build_req(in, sizeof(in), r.write ? TFTP_WRQ : TFTP_RRQ, "f",
				   r.nasc ? TFTP_MODE_NETASCII : TFTP_MODE_OCTET, &o);
	check(n > 0);
	if (h[5] & 0x80) {
		memcpy(in + n, "x\0" "1", 4);
		n += 4;
	}
	struct tftp_pkt req;
	check(tftp_pkt_parse(in, (size_t)n, &req) == 0);
	struct tftp_xfer_conf conf = { 0 };
	if (h[6])
		conf.blksize_max = 8 + h[6] * 8u;
	conf.windowsize_max = h[7];
	if (h[0] & 16)
		conf.write_max = fsize;
	conf.unanswered_retries = (h[0] >> 5) & 3;
	r.write_max = conf.write_max;
	r.now = 1000;
	r.src.max_read = TFTP_BLKSIZE_MAX;
	if (r.write)
		r.x = tftp_xfer_new_write(&conf, &req, r.now);
	else
		r.x = tftp_xfer_new_read(&conf, &req, (h[0] & 4) ? TFTP_SIZE_UNKNOWN : fsize, src_read,
					 &r.src, r.now);
	check(r.x != NULL);
	struct tftp_xfer_info info;
	tftp_xfer_get_info(r.x, &info);
	r.src.max_read = info.blksize;
	check(info.blksize >= 8 && info.blksize <= TFTP_BLKSIZE_MAX);
	/* without the option RFC 1350's 512 holds whatever the path allows */
	if (conf.blksize_max && (o.present & TFTP_OPT_BLKSIZE))
		check(info.blksize <= (conf.blksize_max > TFTP_BLKSIZE_MAX ? TFTP_BLKSIZE_MAX : conf.blksize_max) ||
		      conf.blksize_max < 8);
	if (!(o.present & TFTP_OPT_BLKSIZE))
		check(info.blksize == TFTP_BLKSIZE_DEFAULT);
	drain(&r);

	size_t i = 8;
	uint16_t expect_data = 1;
	int steps = 0;
	while (i < size && steps++ < 4000) {
		uint8_t k = data[i++];
		uint8_t a = i < size ? data[i] : 0;
		switch (k % 8) {
		case 0: {
			i++;
			uint8_t b[4];
			tftp_pkt_build_ack(b, sizeof(b), (uint16_t)(r.last_block - a + 8));
			rx(&r, b, 4);
			break;
		}
		case 1:
			if (tftp_xfer_deadline(r.x) != TFTP_NO_DEADLINE)
				r.now = tftp_xfer_deadline(r.x);
			tftp_xfer_timer(r.x, r.now);
			drain(&r);
			break;
		case 2:
			i++;
			r.now += a;
			tftp_xfer_timer(r.x, r.now);
			drain(&r);
			break;
		case 3: {
			i++;
			size_t len = a;
			if (len > size - i)
				len = size - i;
			memcpy(in, data + i, len);
			i += len;
			rx(&r, in, len);
			break;
		}
		case 4: {
			i++;
			uint8_t lb = i < size ? data[i++] : 0;
			tftp_xfer_get_info(r.x, &info);
			size_t len = lb == 255 ? info.blksize : (size_t)lb * info.blksize / 255;
			uint16_t blk = (uint16_t)(expect_data + (a % 6) - 2);
			int m = tftp_pkt_build_data(in, sizeof(in), blk, NULL, 0);
			check(m == 4);
			for (size_t j = 0; j < len && 4 + j < sizeof(in); j++)
				in[4 + j] = (uint8_t)(j * 7 + (j % 5 == 0 ? '\r' : j % 7 == 0 ? '\n' : 0));
			rx(&r, in, 4 + len);
			tftp_xfer_get_info(r.x, &info);
			expect_data = (uint16_t)(info.blocks + 1);
			break;
		}
		case 5: {
			int m = tftp_pkt_build_error(in, sizeof(in), a % 9, "fuzz");
			i++;
			rx(&r, in, (size_t)m);
			break;
		}
		case 6: {
			uint16_t blk = (uint16_t)(a << 8 | (i + 1 < size ? data[i + 1] : 0));
			i += 2;
			uint8_t b[4];
			tftp_pkt_build_ack(b, sizeof(b), blk);
			rx(&r, b, 4);
			break;
		}
		case 7:
			tftp_xfer_abort(r.x, TFTP_EUNDEF, NULL, "fuzz abort");
			drain(&r);
			check(tftp_xfer_status(r.x) != TFTP_XFER_RUNNING);
			break;
		}
	}
	/* given up for want of an answer only when nothing was answered */
	struct tftp_xfer_info end;
	tftp_xfer_get_info(r.x, &end);
	if (strcmp(tftp_xfer_reason(r.x), TFTP_XFER_UNANSWERED) == 0)
		check(conf.unanswered_retries && !end.answered && tftp_xfer_status(r.x) == TFTP_XFER_FAILED);
	tftp_xfer_free(r.x);
	return 0;
}
