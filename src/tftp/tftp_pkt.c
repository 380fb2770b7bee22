/* TFTP packet codec: see tftp_pkt.h. */
#include "tftp/tftp_pkt.h"

#include <errno.h>
#include <string.h>
#include <strings.h>

#include "core/rd.h"
#include "core/str.h"
#include "core/wr.h"

static const char *const err_names[] = {
	[TFTP_EUNDEF] = "Not defined",
	[TFTP_ENOTFOUND] = "File not found",
	[TFTP_EACCESS] = "Access violation",
	[TFTP_ENOSPACE] = "Disk full or allocation exceeded",
	[TFTP_EBADOP] = "Illegal TFTP operation",
	[TFTP_EBADID] = "Unknown transfer ID",
	[TFTP_EEXISTS] = "File already exists",
	[TFTP_ENOUSER] = "No such user",
	[TFTP_EOPTNEG] = "Option negotiation refused",
};

const char *tftp_err_name(unsigned code)
{
	if (code < sizeof(err_names) / sizeof(err_names[0]))
		return err_names[code];
	return "Unknown error";
}

const char *tftp_op_name(unsigned op)
{
	switch (op) {
	case TFTP_RRQ: return "RRQ";
	case TFTP_WRQ: return "WRQ";
	case TFTP_DATA: return "DATA";
	case TFTP_ACK: return "ACK";
	case TFTP_ERROR: return "ERROR";
	case TFTP_OACK: return "OACK";
	}
	return "unknown";
}

const char *tftp_mode_name(enum tftp_mode mode)
{
	switch (mode) {
	case TFTP_MODE_OCTET: return "octet";
	case TFTP_MODE_NETASCII: return "netascii";
	}
	return "unknown";
}

enum tftp_err tftp_pkt_parse_refusal(int neg_errno, const char **ret_msg)
{
	switch (neg_errno) {
	case -ENAMETOOLONG:
		*ret_msg = "File name too long";
		return TFTP_EACCESS;
	case -EPROTONOSUPPORT:
		*ret_msg = "Unsupported transfer mode";
		return TFTP_EBADOP;
	default:
		*ret_msg = "Malformed request";
		return TFTP_EBADOP;
	}
}

/* Takes the next NUL-terminated string. The NUL is searched only within the
 * bytes the reader still holds, then consumed through rd_bytes so the
 * reader's bounds stay the single source of truth. NULL when the rest of
 * the packet holds no NUL (the reader is then poisoned). */
static const char *take_cstr(struct rd *r, size_t *ret_len)
{
	size_t left = rd_left(r);
	const uint8_t *start = left ? r->p + r->off : NULL;
	const uint8_t *nul = start ? memchr(start, 0, left) : NULL;
	if (!nul) {
		r->err = true;
		return NULL;
	}
	size_t n = (size_t)(nul - start);
	const uint8_t *s = rd_bytes(r, n + 1);
	if (!s)
		return NULL;
	*ret_len = n;
	return (const char *)s;
}

struct opt_def {
	const char *name;
	uint32_t bit;
};

static const struct opt_def opt_defs[] = {
	{ "blksize", TFTP_OPT_BLKSIZE },
	{ "tsize", TFTP_OPT_TSIZE },
	{ "timeout", TFTP_OPT_TIMEOUT },
	{ "windowsize", TFTP_OPT_WINDOWSIZE },
};

/* Plain decimal only: no sign, no blanks (str_to_int64 alone would take a
 * leading '+'). */
static int parse_decimal(const char *v, size_t len, int64_t *ret)
{
	if (len == 0 || len > 20 || v[0] < '0' || v[0] > '9')
		return -EINVAL;
	return str_to_int64(v, 0, INT64_MAX, ret);
}

/* Applies one option's value by the rules documented on struct tftp_opts. */
static void set_opt(struct tftp_opts *o, uint32_t bit, const char *v, size_t vlen)
{
	if ((o->present | o->invalid) & bit) {
		o->dup |= bit;
		return;
	}
	int64_t n;
	if (parse_decimal(v, vlen, &n) < 0) {
		o->invalid |= bit;
		return;
	}
	switch (bit) {
	case TFTP_OPT_BLKSIZE:
		if (n < TFTP_BLKSIZE_MIN) {
			o->invalid |= bit;
			return;
		}
		o->blksize = n > TFTP_BLKSIZE_MAX ? TFTP_BLKSIZE_MAX : (uint32_t)n;
		break;
	case TFTP_OPT_TIMEOUT:
		if (n < TFTP_TIMEOUT_MIN || n > TFTP_TIMEOUT_MAX) {
			o->invalid |= bit;
			return;
		}
		o->timeout = (uint32_t)n;
		break;
	case TFTP_OPT_WINDOWSIZE:
		if (n < TFTP_WINDOWSIZE_MIN) {
			o->invalid |= bit;
			return;
		}
		o->windowsize = n > TFTP_WINDOWSIZE_MAX ? TFTP_WINDOWSIZE_MAX : (uint32_t)n;
		break;
	case TFTP_OPT_TSIZE:
		o->tsize = (uint64_t)n;
		break;
	}
	o->present |= bit;
}

/* RFC 2347 option list: name NUL value NUL, repeated to the end. Lenient
 * with trailing padding and a cut-off last pair, which some clients send:
 * whatever cannot be read is ignored, never fatal. */
static void parse_opts(struct rd *r, struct tftp_pkt *p)
{
	while (rd_left(r) > 0) {
		size_t nlen = 0, vlen = 0;
		struct rd save = *r;
		const char *name = take_cstr(r, &nlen);
		if (!name) {
			p->opts_truncated = true;
			return;
		}
		if (nlen == 0) {
			/* NUL padding ends the list; anything else after it is junk */
			size_t left = rd_left(r);
			const uint8_t *rest = rd_bytes(r, left);
			for (size_t i = 0; rest && i < left; i++)
				if (rest[i]) {
					p->opts_truncated = true;
					break;
				}
			return;
		}
		const char *val = take_cstr(r, &vlen);
		if (!val) {
			*r = save;
			p->opts_truncated = true;
			return;
		}
		uint32_t bit = 0;
		for (size_t i = 0; i < sizeof(opt_defs) / sizeof(opt_defs[0]); i++)
			if (strcasecmp(name, opt_defs[i].name) == 0)
				bit = opt_defs[i].bit;
		if (bit)
			set_opt(&p->opts, bit, val, vlen);
		else
			p->unknown_opts++;
	}
}

static int parse_req(struct rd *r, struct tftp_pkt *p)
{
	size_t nlen = 0, mlen = 0;
	const char *name = take_cstr(r, &nlen);
	if (!name)
		return -EBADMSG;
	if (nlen > TFTP_NAME_MAX)
		return -ENAMETOOLONG;
	const char *mode = take_cstr(r, &mlen);
	if (!mode)
		return -EBADMSG;
	if (strcasecmp(mode, "octet") == 0)
		p->mode = TFTP_MODE_OCTET;
	else if (strcasecmp(mode, "netascii") == 0)
		p->mode = TFTP_MODE_NETASCII;
	else
		return -EPROTONOSUPPORT; /* "mail" included: RFC 1350 calls it obsolete */
	p->filename = name;
	p->filename_len = nlen;
	parse_opts(r, p);
	return 0;
}

int tftp_pkt_parse(const void *buf, size_t len, struct tftp_pkt *ret)
{
	struct rd r = rd_init(buf, len);
	struct tftp_pkt p;
	memset(&p, 0, sizeof(p));
	uint16_t op = rd_be16(&r);
	if (!rd_ok(&r))
		return -EBADMSG;
	p.op = (enum tftp_op)op;
	switch (op) {
	case TFTP_RRQ:
	case TFTP_WRQ: {
		int e = parse_req(&r, &p);
		if (e < 0)
			return e;
		break;
	}
	case TFTP_DATA:
		p.block = rd_be16(&r);
		if (!rd_ok(&r) || rd_left(&r) > TFTP_BLKSIZE_MAX)
			return -EBADMSG;
		p.data_len = rd_left(&r);
		p.data = rd_bytes(&r, p.data_len);
		break;
	case TFTP_ACK:
		/* trailing bytes after the block number are tolerated: some
		 * embedded stacks pad short frames */
		p.block = rd_be16(&r);
		if (!rd_ok(&r))
			return -EBADMSG;
		break;
	case TFTP_ERROR: {
		p.err_code = rd_be16(&r);
		if (!rd_ok(&r))
			return -EBADMSG;
		size_t left = rd_left(&r);
		const char *msg = (const char *)rd_bytes(&r, left);
		const char *nul = left ? memchr(msg, 0, left) : NULL;
		p.err_msg = msg;
		p.err_msg_len = nul ? (size_t)(nul - msg) : left;
		break;
	}
	case TFTP_OACK:
		parse_opts(&r, &p);
		break;
	default:
		return -EBADMSG;
	}
	*ret = p;
	return 0;
}

void tftp_pkt_data_hdr(uint8_t hdr[TFTP_HDR_LEN], uint16_t block)
{
	hdr[0] = 0;
	hdr[1] = TFTP_DATA;
	hdr[2] = (uint8_t)(block >> 8);
	hdr[3] = (uint8_t)block;
}

static int finish(const struct wr *w)
{
	return wr_ok(w) ? (int)w->len : -ENOBUFS;
}

int tftp_pkt_build_data(void *buf, size_t cap, uint16_t block, const void *data, size_t len)
{
	if (len > TFTP_BLKSIZE_MAX || (len && !data))
		return -EINVAL;
	struct wr w = wr_init(buf, cap);
	wr_be16(&w, TFTP_DATA);
	wr_be16(&w, block);
	wr_bytes(&w, data, len);
	return finish(&w);
}

int tftp_pkt_build_ack(void *buf, size_t cap, uint16_t block)
{
	struct wr w = wr_init(buf, cap);
	wr_be16(&w, TFTP_ACK);
	wr_be16(&w, block);
	return finish(&w);
}

int tftp_pkt_build_error(void *buf, size_t cap, uint16_t code, const char *msg)
{
	if (!msg)
		msg = tftp_err_name(code);
	size_t n = strnlen(msg, TFTP_ERRMSG_MAX);
	struct wr w = wr_init(buf, cap);
	wr_be16(&w, TFTP_ERROR);
	wr_be16(&w, code);
	wr_bytes(&w, msg, n);
	wr_u8(&w, 0);
	return finish(&w);
}

static void put_str(struct wr *w, const char *s)
{
	wr_bytes(w, s, strlen(s) + 1);
}

static void put_num(struct wr *w, uint64_t v)
{
	char tmp[24];
	size_t i = sizeof(tmp);
	tmp[--i] = '\0';
	do {
		tmp[--i] = (char)('0' + v % 10);
		v /= 10;
	} while (v);
	wr_bytes(w, tmp + i, sizeof(tmp) - i);
}

static void put_opts(struct wr *w, const struct tftp_opts *o)
{
	if (o->present & TFTP_OPT_BLKSIZE) {
		put_str(w, "blksize");
		put_num(w, o->blksize);
	}
	if (o->present & TFTP_OPT_TSIZE) {
		put_str(w, "tsize");
		put_num(w, o->tsize);
	}
	if (o->present & TFTP_OPT_TIMEOUT) {
		put_str(w, "timeout");
		put_num(w, o->timeout);
	}
	if (o->present & TFTP_OPT_WINDOWSIZE) {
		put_str(w, "windowsize");
		put_num(w, o->windowsize);
	}
}

int tftp_pkt_build_oack(void *buf, size_t cap, const struct tftp_opts *o)
{
	if (!o || !(o->present & (TFTP_OPT_BLKSIZE | TFTP_OPT_TSIZE | TFTP_OPT_TIMEOUT |
				  TFTP_OPT_WINDOWSIZE)))
		return -EINVAL;
	struct wr w = wr_init(buf, cap);
	wr_be16(&w, TFTP_OACK);
	put_opts(&w, o);
	return finish(&w);
}

int tftp_pkt_build_req(void *buf, size_t cap, enum tftp_op op, const char *filename,
		       enum tftp_mode mode, const struct tftp_opts *o)
{
	if ((op != TFTP_RRQ && op != TFTP_WRQ) || !filename ||
	    (mode != TFTP_MODE_OCTET && mode != TFTP_MODE_NETASCII))
		return -EINVAL;
	struct wr w = wr_init(buf, cap);
	wr_be16(&w, (uint16_t)op);
	put_str(&w, filename);
	put_str(&w, tftp_mode_name(mode));
	if (o)
		put_opts(&w, o);
	return finish(&w);
}
