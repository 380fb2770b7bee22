/* DHCP/BOOTP message codec. See dhcp_msg.h for the contract.
 *
 * Parsing policy (which violations reject the whole message and which only
 * drop one option). The rule: an option whose value changes what the message
 * MEANS (its type, which server or address it names, where the other options
 * are) is fatal when malformed, because any guess could make the server act
 * on a message the client never sent. An option that is only advice (lease
 * time wish, size limit, boot hints) is dropped when malformed, so the
 * server answers as if the client had not sent it — always a safe answer.
 *
 *   -EBADMSG: truncated header, op not 1/2, hlen > 16, any option whose
 *             length runs past its area, option 53 not length 1 or not 1..8,
 *             option 50/54 not length 4, option 52 not length 1 or not 1..3,
 *             options larger in total than DHCP_OPT_STORE_MAX.
 *   dropped:  option 51 not length 4, option 57 not length 2 or below 576
 *             (RFC 2132 9.10 makes 576 the minimum legal value; the server
 *             then uses 576, which every client accepts), option 93 empty
 *             or odd length, option 97 not 17 bytes with type 0 (RFC 4578).
 */
#include "dhcp/dhcp_msg.h"

#include <errno.h>
#include <string.h>

#include "core/rd.h"
#include "core/wr.h"

/* Fixed header offsets (RFC 2131 figure 1). */
#define OFF_SNAME 44
#define LEN_SNAME 64
#define OFF_FILE 108
#define LEN_FILE 128

static void set_present(struct dhcp_msg *m, uint8_t code, bool on)
{
	if (on)
		m->present[code / 8] |= (uint8_t)(1u << (code % 8));
	else
		m->present[code / 8] &= (uint8_t)~(1u << (code % 8));
}

bool dhcp_msg_has(const struct dhcp_msg *m, uint8_t code)
{
	return (m->present[code / 8] >> (code % 8)) & 1;
}

/* State shared by the two passes over the option areas: the first pass
 * validates the TLV framing and sums each code's length, the second copies
 * the values into their concatenated slots (RFC 3396 section 5). */
struct walk {
	bool copy;
	uint32_t sum[256];
	uint16_t fill[256];
	bool seen[256];
	uint8_t overload; /* value of option 52 in the main area */
};

/* Walks one option area. `main_area` is the options field proper: only there
 * is option 52 honoured, because an overload option inside `file` or
 * `sname` would be self-referential (RFC 2131 section 4.1 only defines it in
 * the options field). A missing END at the end of an area is accepted: the
 * TLV framing already bounds every value, and some ROMs fill the area
 * exactly without an END. */
static int walk_area(struct dhcp_msg *m, struct walk *w, const uint8_t *p, size_t n, bool main_area,
		     const char **why)
{
	struct rd r = rd_init(p, n);
	while (rd_left(&r) > 0) {
		uint8_t code = rd_u8(&r);
		if (code == OPT_PAD)
			continue;
		if (code == OPT_END)
			break;
		if (rd_left(&r) < 1) {
			*why = "option length byte missing";
			return -EBADMSG;
		}
		uint8_t len = rd_u8(&r);
		const uint8_t *v = rd_bytes(&r, len);
		if (!v) {
			*why = "option value runs past the end of its area";
			return -EBADMSG;
		}
		if (code == OPT_OVERLOAD) {
			if (!main_area)
				continue;
			if (len == 1)
				w->overload = v[0];
		}
		if (!w->copy) {
			w->seen[code] = true;
			w->sum[code] += len;
			continue;
		}
		memcpy(m->optbuf + m->opt_off[code] + w->fill[code], v, len);
		w->fill[code] = (uint16_t)(w->fill[code] + len);
	}
	return 0;
}

static void drop_option(struct dhcp_msg *m, uint8_t code)
{
	set_present(m, code, false);
	m->opt_len[code] = 0;
}

/* Options that reject the message when their length is wrong. */
static int check_exact(const struct dhcp_msg *m, uint8_t code, uint16_t want, const char *why_bad,
		       const char **why)
{
	if (dhcp_msg_has(m, code) && m->opt_len[code] != want) {
		*why = why_bad;
		return -EBADMSG;
	}
	return 0;
}

static int validate_options(struct dhcp_msg *m, const char **why)
{
	int r;
	if ((r = check_exact(m, OPT_MSG_TYPE, 1, "option 53 has wrong length, expected 1", why)) < 0)
		return r;
	if ((r = check_exact(m, OPT_REQUESTED_IP, 4, "option 50 has wrong length, expected 4", why)) < 0)
		return r;
	if ((r = check_exact(m, OPT_SERVER_ID, 4, "option 54 has wrong length, expected 4", why)) < 0)
		return r;

	if (dhcp_msg_has(m, OPT_MSG_TYPE)) {
		uint8_t t = m->optbuf[m->opt_off[OPT_MSG_TYPE]];
		if (t < DHCPDISCOVER || t > DHCPINFORM) {
			*why = "option 53 message type out of range 1..8";
			return -EBADMSG;
		}
		m->msg_type = t;
	}

	if (dhcp_msg_has(m, OPT_LEASE_TIME) && m->opt_len[OPT_LEASE_TIME] != 4)
		drop_option(m, OPT_LEASE_TIME);
	if (dhcp_msg_has(m, OPT_MAX_MSG_SIZE)) {
		const uint8_t *v = m->optbuf + m->opt_off[OPT_MAX_MSG_SIZE];
		if (m->opt_len[OPT_MAX_MSG_SIZE] != 2 || ((v[0] << 8) | v[1]) < DHCP_MIN_MSG_SIZE)
			drop_option(m, OPT_MAX_MSG_SIZE);
	}
	if (dhcp_msg_has(m, OPT_CLIENT_ARCH)) {
		uint16_t l = m->opt_len[OPT_CLIENT_ARCH];
		if (l == 0 || l % 2 != 0)
			drop_option(m, OPT_CLIENT_ARCH);
	}
	if (dhcp_msg_has(m, OPT_CLIENT_UUID)) {
		if (m->opt_len[OPT_CLIENT_UUID] != 17 || m->optbuf[m->opt_off[OPT_CLIENT_UUID]] != 0)
			drop_option(m, OPT_CLIENT_UUID);
	}
	return 0;
}

/* Copies a fixed-size string field, stopping at the first NUL: the field
 * may be full (no terminator) or contain garbage after the NUL. */
static void copy_field(char *dst, const uint8_t *src, size_t n)
{
	size_t l = 0;
	while (l < n && src[l] != 0)
		l++;
	memcpy(dst, src, l);
	dst[l] = 0;
}

static int parse_options(struct dhcp_msg *m, const uint8_t *pkt, size_t len, const char **why)
{
	static const struct walk zero_walk;
	struct walk w = zero_walk;
	const uint8_t *opts = pkt + BOOTP_FIXED_LEN + 4;
	size_t optlen = len - BOOTP_FIXED_LEN - 4;
	uint8_t overload = 0;
	int r;

	/* The overload option lives in the main area; find it (and validate the
	 * main area's framing) before deciding which other areas to read. */
	if ((r = walk_area(m, &w, opts, optlen, true, why)) < 0)
		return r;
	if (w.seen[OPT_OVERLOAD]) {
		if (w.sum[OPT_OVERLOAD] != 1) {
			*why = "option 52 has wrong length, expected 1";
			return -EBADMSG;
		}
		overload = w.overload;
		if (overload < 1 || overload > 3) {
			*why = "option 52 value out of range 1..3";
			return -EBADMSG;
		}
	}
	/* RFC 3396 section 7: options field, then file, then sname. */
	if ((overload & 1) && (r = walk_area(m, &w, pkt + OFF_FILE, LEN_FILE, false, why)) < 0)
		return r;
	if ((overload & 2) && (r = walk_area(m, &w, pkt + OFF_SNAME, LEN_SNAME, false, why)) < 0)
		return r;

	uint32_t total = 0;
	for (int c = 0; c < 256; c++) {
		if (!w.seen[c])
			continue;
		if (w.sum[c] > DHCP_OPT_STORE_MAX - total) {
			*why = "options exceed the storage limit";
			return -EBADMSG;
		}
		m->opt_off[c] = (uint16_t)total;
		m->opt_len[c] = (uint16_t)w.sum[c];
		set_present(m, (uint8_t)c, true);
		total += w.sum[c];
	}
	m->optbuf_len = (uint16_t)total;

	w.copy = true;
	/* The framing was validated in the first pass, so these cannot fail. */
	walk_area(m, &w, opts, optlen, true, why);
	if (overload & 1) {
		walk_area(m, &w, pkt + OFF_FILE, LEN_FILE, false, why);
		m->file[0] = 0;
	}
	if (overload & 2) {
		walk_area(m, &w, pkt + OFF_SNAME, LEN_SNAME, false, why);
		m->sname[0] = 0;
	}
	return validate_options(m, why);
}

int dhcp_msg_parse(const void *data, size_t len, struct dhcp_msg *ret, const char **ret_why)
{
	const char *why_local;
	const char **why = ret_why ? ret_why : &why_local;
	struct rd r = rd_init(data, len);
	/* Parsed on the stack (about 5 KiB) and copied out only on success, so
	 * a caller never holds a half-filled message after an error. */
	struct dhcp_msg msg = { 0 };
	struct dhcp_msg *m = &msg;

	m->op = rd_u8(&r);
	m->htype = rd_u8(&r);
	m->hlen = rd_u8(&r);
	m->hops = rd_u8(&r);
	m->xid = rd_be32(&r);
	m->secs = rd_be16(&r);
	m->flags = rd_be16(&r);
	m->ciaddr = rd_be32(&r);
	m->yiaddr = rd_be32(&r);
	m->siaddr = rd_be32(&r);
	m->giaddr = rd_be32(&r);
	rd_copy(&r, m->chaddr, sizeof(m->chaddr));
	const uint8_t *sname = rd_bytes(&r, LEN_SNAME);
	const uint8_t *file = rd_bytes(&r, LEN_FILE);
	if (!rd_ok(&r)) {
		*why = "truncated fixed header";
		return -EBADMSG;
	}
	if (m->op != BOOTREQUEST && m->op != BOOTREPLY) {
		*why = "op is neither BOOTREQUEST nor BOOTREPLY";
		return -EBADMSG;
	}
	if (m->hlen > sizeof(m->chaddr)) {
		*why = "hlen larger than 16";
		return -EBADMSG;
	}
	copy_field(m->sname, sname, LEN_SNAME);
	copy_field(m->file, file, LEN_FILE);
	/* Shorter than the cookie, or another cookie: a BOOTP vendor area in
	 * some other format, which we do not interpret (RFC 951). */
	if (rd_left(&r) >= 4 && rd_be32(&r) == DHCP_MAGIC) {
		m->has_magic = true;
		int rc = parse_options(m, data, len, why);
		if (rc < 0)
			return rc;
	}
	*ret = msg;
	return 0;
}

const uint8_t *dhcp_msg_get(const struct dhcp_msg *m, uint8_t code, size_t *ret_len)
{
	if (!dhcp_msg_has(m, code))
		return NULL;
	if (ret_len)
		*ret_len = m->opt_len[code];
	return m->optbuf + m->opt_off[code];
}

static int get_fixed(const struct dhcp_msg *m, uint8_t code, size_t want, const uint8_t **ret)
{
	size_t l;
	const uint8_t *v = dhcp_msg_get(m, code, &l);
	if (!v)
		return -ENODATA;
	if (l != want)
		return -EBADMSG;
	*ret = v;
	return 0;
}

int dhcp_msg_get_u8(const struct dhcp_msg *m, uint8_t code, uint8_t *ret)
{
	const uint8_t *v;
	int r = get_fixed(m, code, 1, &v);
	if (r < 0)
		return r;
	*ret = v[0];
	return 0;
}

int dhcp_msg_get_u16(const struct dhcp_msg *m, uint8_t code, uint16_t *ret)
{
	const uint8_t *v;
	int r = get_fixed(m, code, 2, &v);
	if (r < 0)
		return r;
	*ret = (uint16_t)((v[0] << 8) | v[1]);
	return 0;
}

int dhcp_msg_get_u32(const struct dhcp_msg *m, uint8_t code, uint32_t *ret)
{
	const uint8_t *v;
	int r = get_fixed(m, code, 4, &v);
	if (r < 0)
		return r;
	*ret = ((uint32_t)v[0] << 24) | ((uint32_t)v[1] << 16) | ((uint32_t)v[2] << 8) | v[3];
	return 0;
}

int dhcp_msg_get_ipv4(const struct dhcp_msg *m, uint8_t code, uint32_t *ret)
{
	return dhcp_msg_get_u32(m, code, ret);
}

const char *dhcp_msg_type_name(uint8_t type)
{
	static const char *const names[] = {
		[DHCP_NONE] = "BOOTP",      [DHCPDISCOVER] = "DISCOVER", [DHCPOFFER] = "OFFER",
		[DHCPREQUEST] = "REQUEST",  [DHCPDECLINE] = "DECLINE",   [DHCPACK] = "ACK",
		[DHCPNAK] = "NAK",          [DHCPRELEASE] = "RELEASE",   [DHCPINFORM] = "INFORM",
	};
	return type < sizeof(names) / sizeof(names[0]) ? names[type] : "UNKNOWN";
}

/* ---- replies ---- */

#define OPT_VALUE_MAX 1024

int dhcp_reply_add(struct dhcp_reply *r, uint8_t code, bool required, const void *data, size_t len)
{
	/* PAD and END are framing, and 52 would tell the client to look for
	 * options in file/sname, which this builder never does. */
	if (code == OPT_PAD || code == OPT_END || code == OPT_OVERLOAD)
		return -EINVAL;
	if (len > OPT_VALUE_MAX || (len > 0 && !data))
		return len > OPT_VALUE_MAX ? -E2BIG : -EINVAL;
	struct dhcp_reply_opt o = { .code = code, .required = required, .len = (uint16_t)len, .data = data };
	for (size_t i = 0; i < r->nopts; i++) {
		if (r->opts[i].code == code) {
			r->opts[i] = o;
			return 0;
		}
	}
	if (r->nopts >= DHCP_REPLY_MAX_OPTS)
		return -E2BIG;
	r->opts[r->nopts++] = o;
	return 0;
}

/* Typed values are kept inside the option itself, so callers may pass
 * temporaries. */
static int add_inline(struct dhcp_reply *r, uint8_t code, bool required, const uint8_t *v, size_t len)
{
	int rc = dhcp_reply_add(r, code, required, v, len);
	if (rc < 0)
		return rc;
	for (size_t i = 0; i < r->nopts; i++)
		if (r->opts[i].code == code) {
			memcpy(r->opts[i].inl, v, len);
			r->opts[i].is_inline = true;
			r->opts[i].data = NULL;
		}
	return 0;
}

int dhcp_reply_add_u8(struct dhcp_reply *r, uint8_t code, bool required, uint8_t v)
{
	return add_inline(r, code, required, &v, 1);
}

int dhcp_reply_add_u32(struct dhcp_reply *r, uint8_t code, bool required, uint32_t v)
{
	uint8_t b[4] = { (uint8_t)(v >> 24), (uint8_t)(v >> 16), (uint8_t)(v >> 8), (uint8_t)v };
	return add_inline(r, code, required, b, 4);
}

int dhcp_reply_add_ipv4(struct dhcp_reply *r, uint8_t code, bool required, uint32_t host_order)
{
	return dhcp_reply_add_u32(r, code, required, host_order);
}

/* Bytes an option takes on the wire once split into <=255-byte pieces. */
static size_t wire_size(const struct dhcp_reply_opt *o)
{
	if (o->len == 0)
		return 2;
	return o->len + 2 * (((size_t)o->len + 254) / 255);
}

static void put_option(struct wr *w, const struct dhcp_reply_opt *o)
{
	/* Offsets, not pointer steps: a zero-length value may have data NULL. */
	size_t off = 0;
	do {
		size_t n = o->len - off > 255 ? 255 : o->len - off;
		wr_u8(w, o->code);
		wr_u8(w, (uint8_t)n);
		if (n)
			wr_bytes(w, (o->is_inline ? o->inl : o->data) + off, n);
		off += n;
	} while (off < o->len);
}

static void put_fixed_string(struct wr *w, const char *s, size_t field)
{
	size_t l = strnlen(s, field);
	wr_bytes(w, s, l);
	wr_zero(w, field - l);
}

/* The BOOTP minimum message: 236-byte header + 64-byte vendor area. Many
 * relays and PXE ROMs drop shorter DHCP replies too. */
#define BOOTP_MIN_LEN (BOOTP_FIXED_LEN + 64)

int dhcp_reply_build(const struct dhcp_reply *r, uint8_t *buf, size_t cap)
{
	size_t limit = r->max_size ? r->max_size : DHCP_MIN_MSG_SIZE;
	if (limit < DHCP_MIN_MSG_SIZE)
		limit = DHCP_MIN_MSG_SIZE;
	limit -= DHCP_UDP_OVERHEAD;
	if (limit > DHCP_MAX_PAYLOAD)
		limit = DHCP_MAX_PAYLOAD;
	if (limit > cap)
		limit = cap;

	struct wr w = wr_init(buf, limit);
	wr_u8(&w, r->op ? r->op : BOOTREPLY);
	wr_u8(&w, r->htype);
	wr_u8(&w, r->hlen);
	wr_u8(&w, r->hops);
	wr_be32(&w, r->xid);
	wr_be16(&w, r->secs);
	wr_be16(&w, r->flags);
	wr_be32(&w, r->ciaddr);
	wr_be32(&w, r->yiaddr);
	wr_be32(&w, r->siaddr);
	wr_be32(&w, r->giaddr);
	wr_bytes(&w, r->chaddr, sizeof(r->chaddr));
	put_fixed_string(&w, r->sname, sizeof(r->sname));
	put_fixed_string(&w, r->file, sizeof(r->file));
	wr_be32(&w, DHCP_MAGIC);
	if (!wr_ok(&w))
		return -E2BIG;

	bool done[DHCP_REPLY_MAX_OPTS] = { false };
	size_t nopts = r->nopts < DHCP_REPLY_MAX_OPTS ? r->nopts : DHCP_REPLY_MAX_OPTS;
	/* One byte always stays free for END. */
	for (size_t i = 0; i < nopts; i++) {
		const struct dhcp_reply_opt *o = &r->opts[i];
		if (!o->required)
			continue;
		done[i] = true;
		if (r->bootp && o->code == OPT_MSG_TYPE)
			continue;
		if (wire_size(o) + 1 > wr_room(&w))
			return -E2BIG;
		put_option(&w, o);
	}
	/* Then what the client asked for, in its order, then the rest. An
	 * optional option that does not fit is skipped: a smaller later one may
	 * still fit, and the client must never be sent a truncated value. */
	for (size_t pass = 0; pass < 2; pass++) {
		size_t nsteps = pass == 0 ? (r->prl ? r->prl_len : 0) : nopts;
		for (size_t k = 0; k < nsteps; k++) {
			size_t i = k;
			if (pass == 0) {
				for (i = 0; i < nopts && r->opts[i].code != r->prl[k]; i++)
					;
				if (i == nopts)
					continue;
			}
			const struct dhcp_reply_opt *o = &r->opts[i];
			if (done[i])
				continue;
			done[i] = true;
			if (r->bootp && o->code == OPT_MSG_TYPE)
				continue;
			if (wire_size(o) + 1 <= wr_room(&w))
				put_option(&w, o);
		}
	}
	wr_u8(&w, OPT_END);
	if (w.len < BOOTP_MIN_LEN)
		wr_zero(&w, (BOOTP_MIN_LEN < limit ? BOOTP_MIN_LEN : limit) - w.len);
	if (!wr_ok(&w))
		return -E2BIG;
	return (int)w.len;
}
