/* netascii: both directions, pairs cut by block boundaries, in-place
 * decoding, and exact round trips of arbitrary bytes in arbitrary pieces. */
#include <string.h>

#include "test.h"
#include "tftp/tftp_netascii.h"

static size_t enc_all(const char *in, size_t n, uint8_t *out)
{
	struct tftp_netascii_enc st = { 0 };
	size_t used = 0;
	size_t w = tftp_netascii_encode(&st, (const uint8_t *)in, n, &used, out, 2 * n + 1);
	CHECK_INT(used, n);
	CHECK(!st.owe);
	return w;
}

TEST(encode_basic)
{
	uint8_t out[64];
	size_t w = enc_all("a\nb\rc\r\n", 7, out);
	CHECK_INT(w, 11);
	CHECK(memcmp(out, "a\r\nb\r\0c\r\0\r\n", 11) == 0);
	CHECK_INT(enc_all("", 0, out), 0);
	CHECK_INT(enc_all("\0\0", 2, out), 2);
}

TEST(encode_pair_split_by_block_end)
{
	struct tftp_netascii_enc st = { 0 };
	uint8_t out[8];
	size_t used;
	/* "abc\n" into 4 bytes: CR fits, LF is owed */
	size_t w = tftp_netascii_encode(&st, (const uint8_t *)"abc\nd", 5, &used, out, 4);
	CHECK_INT(w, 4);
	CHECK_INT(used, 4);
	CHECK(memcmp(out, "abc\r", 4) == 0);
	CHECK(st.owe && st.byte == '\n');
	/* next block starts with the owed LF */
	w = tftp_netascii_encode(&st, (const uint8_t *)"d", 1, &used, out, 4);
	CHECK_INT(w, 2);
	CHECK_INT(used, 1);
	CHECK(memcmp(out, "\nd", 2) == 0);
	/* CR NUL split the same way, and an owed byte with a full output
	 * consumes nothing */
	struct tftp_netascii_enc s2 = { 0 };
	w = tftp_netascii_encode(&s2, (const uint8_t *)"\rx", 2, &used, out, 1);
	CHECK_INT(w, 1);
	CHECK_INT(used, 1);
	CHECK(s2.owe && s2.byte == '\0');
	w = tftp_netascii_encode(&s2, (const uint8_t *)"x", 1, &used, out, 0);
	CHECK_INT(w, 0);
	CHECK_INT(used, 0);
	CHECK(s2.owe);
	/* owed byte at end of file: flushed with no input */
	w = tftp_netascii_encode(&s2, NULL, 0, &used, out, 4);
	CHECK_INT(w, 1);
	CHECK_INT(out[0], 0);
	CHECK(!s2.owe);
}

TEST(decode_basic)
{
	struct tftp_netascii_dec st = { 0 };
	uint8_t out[32];
	size_t w = tftp_netascii_decode(&st, (const uint8_t *)"a\r\nb\r\0c", 7, out);
	CHECK_INT(w, 5);
	CHECK(memcmp(out, "a\nb\rc", 5) == 0);
	CHECK(!st.cr);
}

TEST(decode_split_cr_and_bare_cr)
{
	struct tftp_netascii_dec st = { 0 };
	uint8_t out[32];
	size_t w = tftp_netascii_decode(&st, (const uint8_t *)"ab\r", 3, out);
	CHECK_INT(w, 2);
	CHECK(st.cr);
	w = tftp_netascii_decode(&st, (const uint8_t *)"\ncd", 3, out);
	CHECK_INT(w, 3);
	CHECK(memcmp(out, "\ncd", 3) == 0);
	/* CR then something else: both kept */
	w = tftp_netascii_decode(&st, (const uint8_t *)"\rx\r\r\0", 5, out);
	CHECK_INT(w, 4);
	CHECK(memcmp(out, "\rx\r\r", 4) == 0);
	/* a lone CR at the end of the file */
	w = tftp_netascii_decode(&st, (const uint8_t *)"z\r", 2, out);
	CHECK_INT(w, 1);
	CHECK_INT(tftp_netascii_decode_end(&st, out), 1);
	CHECK_INT(out[0], '\r');
	CHECK_INT(tftp_netascii_decode_end(&st, out), 0);
}

TEST(decode_in_place)
{
	/* held-back CR + "x" + trailing CR: output one byte longer than input
	 * plus the end flush, written starting two bytes before the input */
	uint8_t b[16] = { 0, 0, 'x', '\r', '\n', 'y', '\r' };
	struct tftp_netascii_dec st = { .cr = true };
	size_t w = tftp_netascii_decode(&st, b + 2, 5, b);
	w += tftp_netascii_decode_end(&st, b + w);
	CHECK_INT(w, 5);
	CHECK(memcmp(b, "\rx\ny\r", 5) == 0);
	/* one byte before */
	uint8_t c[16] = { 0, 'a', '\r', '\0', 'b', '\r', '\n' };
	struct tftp_netascii_dec s2 = { 0 };
	w = tftp_netascii_decode(&s2, c + 1, 6, c);
	CHECK_INT(w, 4);
	CHECK(memcmp(c, "a\rb\n", 4) == 0);
}

static uint32_t rng = 12345;
static uint32_t rnd(void)
{
	rng = rng * 1103515245u + 12345u;
	return rng >> 8;
}

TEST(roundtrip_random_pieces)
{
	static uint8_t src[4096], wire[8192 + 16], back[4096 + 16];
	for (int round = 0; round < 200; round++) {
		size_t n = rnd() % sizeof(src);
		for (size_t i = 0; i < n; i++) {
			uint32_t r = rnd() % 8;
			src[i] = r == 0 ? '\r' : r == 1 ? '\n' : r == 2 ? 0 : (uint8_t)rnd();
		}
		/* encode in blocks of a random size, as a transfer would */
		struct tftp_netascii_enc es = { 0 };
		size_t blk = 1 + rnd() % 64, in = 0, out = 0;
		for (;;) {
			size_t used = 0;
			size_t w = tftp_netascii_encode(&es, src + in, n - in, &used, wire + out, blk);
			in += used;
			out += w;
			if (w < blk)
				break;
		}
		CHECK_INT(in, n);
		CHECK(!es.owe);
		/* decode in other random pieces, in place like an upload */
		struct tftp_netascii_dec ds = { 0 };
		size_t pos = 0, got = 0;
		while (pos < out) {
			size_t piece = 1 + rnd() % 50;
			if (piece > out - pos)
				piece = out - pos;
			uint8_t pkt[64];
			memcpy(pkt + 2, wire + pos, piece);
			size_t w = tftp_netascii_decode(&ds, pkt + 2, piece, pkt);
			memcpy(back + got, pkt, w);
			got += w;
			pos += piece;
		}
		got += tftp_netascii_decode_end(&ds, back + got);
		CHECK_INT(got, n);
		CHECK(memcmp(back, src, n) == 0);
	}
}

TEST_MAIN()
