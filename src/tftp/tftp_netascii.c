/* netascii conversion: see tftp_netascii.h. */
#include "tftp/tftp_netascii.h"

size_t tftp_netascii_encode(struct tftp_netascii_enc *st, const uint8_t *src, size_t srclen,
			    size_t *ret_consumed, uint8_t *dst, size_t dstcap)
{
	size_t i = 0, j = 0;
	if (st->owe && j < dstcap) {
		dst[j++] = st->byte;
		st->owe = false;
	}
	/* a pending owed byte with no room left blocks all further input */
	while (!st->owe && i < srclen && j < dstcap) {
		uint8_t c = src[i++];
		if (c == '\n' || c == '\r') {
			dst[j++] = '\r';
			uint8_t second = c == '\n' ? '\n' : '\0';
			if (j < dstcap) {
				dst[j++] = second;
			} else {
				st->owe = true;
				st->byte = second;
			}
		} else {
			dst[j++] = c;
		}
	}
	*ret_consumed = i;
	return j;
}

size_t tftp_netascii_decode(struct tftp_netascii_dec *st, const uint8_t *src, size_t srclen,
			    uint8_t *dst)
{
	size_t j = 0;
	for (size_t i = 0; i < srclen; i++) {
		uint8_t c = src[i];
		if (st->cr) {
			st->cr = false;
			if (c == '\n') {
				dst[j++] = '\n';
				continue;
			}
			if (c == '\0') {
				dst[j++] = '\r';
				continue;
			}
			/* a bare CR is not valid netascii; keep the bytes rather
			 * than lose data a sloppy client meant */
			dst[j++] = '\r';
		}
		if (c == '\r')
			st->cr = true;
		else
			dst[j++] = c;
	}
	return j;
}

size_t tftp_netascii_decode_end(struct tftp_netascii_dec *st, uint8_t *dst)
{
	if (!st->cr)
		return 0;
	st->cr = false;
	dst[0] = '\r';
	return 1;
}
