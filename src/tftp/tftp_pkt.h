/* PURE TFTP packet codec: RFC 1350 packets with the option extension
 * (RFC 2347) and its options blksize (RFC 2348), timeout and tsize
 * (RFC 2349) and windowsize (RFC 7440).
 *
 * Parsing reads the datagram through rd.h only. Strings in a parsed packet
 * point INTO the caller's buffer (no copies): they stay valid as long as
 * that buffer does. Builders write into a caller buffer through wr.h and
 * return the packet length or a negative errno. */
#pragma once
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* Opcodes (RFC 1350, RFC 2347). */
enum tftp_op {
	TFTP_RRQ = 1,
	TFTP_WRQ = 2,
	TFTP_DATA = 3,
	TFTP_ACK = 4,
	TFTP_ERROR = 5,
	TFTP_OACK = 6,
};

/* Error codes (RFC 1350; 8 from RFC 2347). */
enum tftp_err {
	TFTP_EUNDEF = 0,     /* Not defined, see error message */
	TFTP_ENOTFOUND = 1,  /* File not found */
	TFTP_EACCESS = 2,    /* Access violation */
	TFTP_ENOSPACE = 3,   /* Disk full or allocation exceeded */
	TFTP_EBADOP = 4,     /* Illegal TFTP operation */
	TFTP_EBADID = 5,     /* Unknown transfer ID */
	TFTP_EEXISTS = 6,    /* File already exists */
	TFTP_ENOUSER = 7,    /* No such user */
	TFTP_EOPTNEG = 8,    /* Option negotiation refused */
};

enum tftp_mode {
	TFTP_MODE_OCTET = 1,
	TFTP_MODE_NETASCII = 2,
};

#define TFTP_HDR_LEN 4            /* opcode + block number of DATA/ACK */
#define TFTP_BLKSIZE_DEFAULT 512
#define TFTP_BLKSIZE_MIN 8        /* RFC 2348 */
#define TFTP_BLKSIZE_MAX 65464    /* RFC 2348 */
#define TFTP_PKT_MAX (TFTP_HDR_LEN + TFTP_BLKSIZE_MAX)
#define TFTP_TIMEOUT_MIN 1        /* RFC 2349, seconds */
#define TFTP_TIMEOUT_MAX 255
#define TFTP_WINDOWSIZE_MIN 1     /* RFC 7440 */
#define TFTP_WINDOWSIZE_MAX 65535
/* Longest file name accepted in a request (bytes, without the NUL). Longer
 * names make the parser return -ENAMETOOLONG (answer: ERROR 2). */
#define TFTP_NAME_MAX 1024
/* An ERROR message we build is cut to this many bytes. */
#define TFTP_ERRMSG_MAX 255

/* Option bits, for tftp_opts.present / .invalid / .dup. */
#define TFTP_OPT_BLKSIZE    (1u << 0)
#define TFTP_OPT_TSIZE      (1u << 1)
#define TFTP_OPT_TIMEOUT    (1u << 2)
#define TFTP_OPT_WINDOWSIZE (1u << 3)

/* The options of a request or an OACK. Only values whose bit is in
 * `present` are meaningful. Parsing rules (request side):
 * - names are case-insensitive; unknown options are ignored (counted);
 * - the first occurrence of an option wins, later ones set a bit in `dup`;
 * - a value that is not a plain decimal number or is absurd sets the bit in
 *   `invalid` instead of `present`, so the option is simply not negotiated
 *   (RFC 2347: the server ignores options it cannot honour):
 *     blksize < 8 invalid, > 65464 clamped to 65464 (the client offered
 *       "up to" that, RFC 2348 lets the server answer smaller);
 *     timeout outside 1..255 invalid;
 *     windowsize 0 invalid, > 65535 clamped to 65535;
 *     tsize any 0..2^63-1 (RRQ: 0 asks for the size; WRQ: the upload size). */
struct tftp_opts {
	uint32_t present;
	uint32_t invalid;
	uint32_t dup;
	uint32_t blksize;
	uint32_t timeout;     /* seconds */
	uint32_t windowsize;
	uint64_t tsize;
};

/* A parsed packet. Which fields are set depends on `op`. */
struct tftp_pkt {
	enum tftp_op op;
	/* RRQ / WRQ: filename is NUL-terminated inside the packet (so it holds
	 * no NUL byte) and is at most TFTP_NAME_MAX bytes; it may be empty. */
	const char *filename;
	size_t filename_len;
	enum tftp_mode mode;
	/* RRQ / WRQ / OACK */
	struct tftp_opts opts;
	unsigned unknown_opts;    /* options ignored because their name is unknown */
	bool opts_truncated;      /* options ended early (dangling name, missing NUL): the rest ignored */
	/* DATA / ACK */
	uint16_t block;
	const uint8_t *data;      /* DATA payload (inside the packet), 0..65464 bytes */
	size_t data_len;
	/* ERROR: the message is NOT necessarily NUL-terminated (lenient with
	 * clients that omit the NUL); escape it with str_escape before logging. */
	uint16_t err_code;
	const char *err_msg;
	size_t err_msg_len;
};

/* Parses any TFTP packet. Returns 0, or:
 *   -EBADMSG          malformed (too short, unknown opcode, string without
 *                     NUL, DATA longer than 4 + 65464)      -> ERROR 4
 *   -ENAMETOOLONG     request file name over TFTP_NAME_MAX  -> ERROR 2
 *   -EPROTONOSUPPORT  request mode other than octet/netascii
 *                     ("mail" included: refused)            -> ERROR 4
 * `ret` is written only on success. */
int tftp_pkt_parse(const void *buf, size_t len, struct tftp_pkt *ret);

/* The ERROR code and message to answer a request that tftp_pkt_parse
 * refused with `neg_errno`. */
enum tftp_err tftp_pkt_parse_refusal(int neg_errno, const char **ret_msg);

/* "File not found", ... for codes 0..8; "Unknown error" otherwise. */
const char *tftp_err_name(unsigned code);
/* "RRQ", "DATA", ...; "unknown" otherwise. */
const char *tftp_op_name(unsigned op);
const char *tftp_mode_name(enum tftp_mode mode);

/* Builders: return the packet length, or -ENOBUFS if cap is too small
 * (nothing useful is left in buf then), or -EINVAL for bad arguments. */
int tftp_pkt_build_data(void *buf, size_t cap, uint16_t block, const void *data, size_t len);
/* Writes only the 4-byte DATA header (for callers that place the payload
 * at buf + TFTP_HDR_LEN themselves). */
void tftp_pkt_data_hdr(uint8_t hdr[TFTP_HDR_LEN], uint16_t block);
int tftp_pkt_build_ack(void *buf, size_t cap, uint16_t block);
/* msg NULL: the standard text of `code`. Messages are cut to TFTP_ERRMSG_MAX. */
int tftp_pkt_build_error(void *buf, size_t cap, uint16_t code, const char *msg);
/* OACK with exactly the options in o->present, in the order blksize, tsize,
 * timeout, windowsize. -EINVAL if o->present is empty (never send an empty
 * OACK: answer with DATA 1 / ACK 0 instead). */
int tftp_pkt_build_oack(void *buf, size_t cap, const struct tftp_opts *o);
/* RRQ/WRQ with the options in o->present (o may be NULL), for clients,
 * tests and probes. */
int tftp_pkt_build_req(void *buf, size_t cap, enum tftp_op op, const char *filename,
		       enum tftp_mode mode, const struct tftp_opts *o);
