/* Fuzz target for the TFTP codec: parse anything. When it parses, every
 * string lies inside the input and ends at a NUL there (or, for an ERROR
 * message, at the end), option values respect their documented ranges, and
 * building the packet again from the parsed fields parses back to the same
 * fields. A refused request maps to a valid ERROR code. */
#include <errno.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "tftp/tftp_pkt.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

/* says which invariant broke, then crashes for the fuzzer */
#define check(cond)                                                              \
	do {                                                                     \
		if (!(cond)) {                                                   \
			fprintf(stderr, "%s:%d: %s\n", __FILE__, __LINE__, #cond); \
			abort();                                                 \
		}                                                                \
	} while (0)

static int inside(const uint8_t *base, size_t size, const void *p, size_t n)
{
	const uint8_t *q = p;
	return q >= base && q <= base + size && n <= (size_t)(base + size - q);
}

static void check_opts(const struct tftp_opts *o)
{
	uint32_t all = TFTP_OPT_BLKSIZE | TFTP_OPT_TSIZE | TFTP_OPT_TIMEOUT | TFTP_OPT_WINDOWSIZE;
	check((o->present & ~all) == 0 && (o->invalid & ~all) == 0 && (o->dup & ~all) == 0);
	check((o->present & o->invalid) == 0);
	check((o->dup & ~(o->present | o->invalid)) == 0);
	if (o->present & TFTP_OPT_BLKSIZE)
		check(o->blksize >= TFTP_BLKSIZE_MIN && o->blksize <= TFTP_BLKSIZE_MAX);
	if (o->present & TFTP_OPT_TIMEOUT)
		check(o->timeout >= TFTP_TIMEOUT_MIN && o->timeout <= TFTP_TIMEOUT_MAX);
	if (o->present & TFTP_OPT_WINDOWSIZE)
		check(o->windowsize >= TFTP_WINDOWSIZE_MIN && o->windowsize <= TFTP_WINDOWSIZE_MAX);
	if (o->present & TFTP_OPT_TSIZE)
		check(o->tsize <= (uint64_t)INT64_MAX);
}

static void same_opts(const struct tftp_opts *a, const struct tftp_opts *b)
{
	check(a->present == b->present);
	if (a->present & TFTP_OPT_BLKSIZE)
		check(a->blksize == b->blksize);
	if (a->present & TFTP_OPT_TIMEOUT)
		check(a->timeout == b->timeout);
	if (a->present & TFTP_OPT_WINDOWSIZE)
		check(a->windowsize == b->windowsize);
	if (a->present & TFTP_OPT_TSIZE)
		check(a->tsize == b->tsize);
}

static uint8_t out[TFTP_PKT_MAX + 2048];

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct tftp_pkt p, q;
	int r = tftp_pkt_parse(data, size, &p);
	if (r < 0) {
		check(r == -EBADMSG || r == -ENAMETOOLONG || r == -EPROTONOSUPPORT);
		const char *msg = NULL;
		enum tftp_err code = tftp_pkt_parse_refusal(r, &msg);
		check(msg != NULL && code <= TFTP_EOPTNEG);
		check(tftp_pkt_build_error(out, sizeof(out), (uint16_t)code, msg) > 4);
		return 0;
	}
	check(tftp_op_name(p.op)[0] != 'u');
	int n = -1;
	switch (p.op) {
	case TFTP_RRQ:
	case TFTP_WRQ:
		check(inside(data, size, p.filename, p.filename_len + 1));
		check(p.filename[p.filename_len] == '\0' && strlen(p.filename) == p.filename_len);
		check(p.filename_len <= TFTP_NAME_MAX);
		check(p.mode == TFTP_MODE_OCTET || p.mode == TFTP_MODE_NETASCII);
		check_opts(&p.opts);
		n = tftp_pkt_build_req(out, sizeof(out), p.op, p.filename, p.mode, &p.opts);
		check(n > 0);
		check(tftp_pkt_parse(out, (size_t)n, &q) == 0);
		check(q.op == p.op && q.mode == p.mode && q.filename_len == p.filename_len &&
		      memcmp(q.filename, p.filename, p.filename_len) == 0);
		same_opts(&p.opts, &q.opts);
		check(q.opts.invalid == 0 && q.opts.dup == 0 && q.unknown_opts == 0 && !q.opts_truncated);
		break;
	case TFTP_DATA:
		check(inside(data, size, p.data, p.data_len) && p.data_len <= TFTP_BLKSIZE_MAX);
		check(p.data_len + 4 == size);
		n = tftp_pkt_build_data(out, sizeof(out), p.block, p.data, p.data_len);
		check(n == (int)size && memcmp(out, data, size) == 0);
		break;
	case TFTP_ACK:
		n = tftp_pkt_build_ack(out, sizeof(out), p.block);
		check(n == 4 && memcmp(out, data, 4) == 0);
		break;
	case TFTP_ERROR: {
		check(inside(data, size, p.err_msg, p.err_msg_len));
		check(memchr(p.err_msg, 0, p.err_msg_len) == NULL);
		char msg[TFTP_ERRMSG_MAX + 1];
		size_t l = p.err_msg_len < TFTP_ERRMSG_MAX ? p.err_msg_len : TFTP_ERRMSG_MAX;
		memcpy(msg, p.err_msg, l);
		msg[l] = '\0';
		n = tftp_pkt_build_error(out, sizeof(out), p.err_code, msg);
		check(n == (int)(4 + l + 1));
		check(tftp_pkt_parse(out, (size_t)n, &q) == 0 && q.err_code == p.err_code &&
		      q.err_msg_len == l && memcmp(q.err_msg, msg, l) == 0);
		break;
	}
	case TFTP_OACK:
		check_opts(&p.opts);
		n = tftp_pkt_build_oack(out, sizeof(out), &p.opts);
		if (p.opts.present == 0) {
			check(n == -EINVAL);
			break;
		}
		check(n > 0 && tftp_pkt_parse(out, (size_t)n, &q) == 0 && q.op == TFTP_OACK);
		same_opts(&p.opts, &q.opts);
		break;
	default:
		check(0);
	}
	return 0;
}
