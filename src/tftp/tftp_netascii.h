/* PURE netascii conversion (RFC 764 as RFC 1350 uses it), streaming, with
 * the carry state that lets a block boundary fall inside a CR LF or CR NUL
 * pair.
 *   sending (file -> wire):   LF -> CR LF, CR -> CR NUL, other bytes as is
 *   receiving (wire -> file): CR LF -> LF, CR NUL -> CR; a CR followed by
 *                             anything else is kept as CR plus that byte
 * The two directions are exact inverses. */
#pragma once
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

struct tftp_netascii_enc {
	bool owe;        /* the CR of a pair was emitted, its second byte was not */
	uint8_t byte;    /* that second byte: '\n' or '\0' */
};

struct tftp_netascii_dec {
	bool cr;         /* the last input byte was a CR whose meaning is not known yet */
};

/* Converts src into at most dstcap bytes of dst. An owed byte from the last
 * call comes out first. Stops when dst is full or src is used up; sets
 * *ret_consumed to the source bytes used (a byte whose pair was cut by the
 * end of dst counts as used: its second half is owed). Returns the bytes
 * written to dst. */
size_t tftp_netascii_encode(struct tftp_netascii_enc *st, const uint8_t *src, size_t srclen,
			    size_t *ret_consumed, uint8_t *dst, size_t dstcap);

/* Decodes srclen bytes into dst and returns the bytes written, at most
 * srclen + 1 (a CR held back from the last call may come out now). Works in
 * place with dst == src - 1 (or dst == src when st->cr is false): every
 * byte is read before its position is overwritten. */
size_t tftp_netascii_decode(struct tftp_netascii_dec *st, const uint8_t *src, size_t srclen,
			    uint8_t *dst);

/* At end of file: writes a held-back lone CR to dst (0 or 1 byte). */
size_t tftp_netascii_decode_end(struct tftp_netascii_dec *st, uint8_t *dst);
