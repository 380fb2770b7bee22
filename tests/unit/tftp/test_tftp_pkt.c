/* TFTP codec: requests as real firmware sends them, every option rule
 * (case, duplicates, absurd values, truncation), the other packet types,
 * and the builders round-tripping through the parser. */
#include <errno.h>
#include <string.h>

#include "test.h"
#include "tftp/tftp_pkt.h"

/* Packet bytes written as a C string literal: its terminating NUL is not
 * part of the packet, every embedded "\0" is. */
#define PKT(s) (const uint8_t *)(s), sizeof(s) - 1

static struct tftp_pkt p;

static int parse(const uint8_t *b, size_t n)
{
	memset(&p, 0xa5, sizeof(p));
	return tftp_pkt_parse(b, n, &p);
}

TEST(rrq_pxelinux)
{
	CHECK_INT(parse(PKT("\0\1pxelinux.0\0octet\0tsize\0" "0\0blksize\0" "1408\0")), 0);
	CHECK_INT(p.op, TFTP_RRQ);
	CHECK_STR(p.filename, "pxelinux.0");
	CHECK_INT(p.filename_len, 10);
	CHECK_INT(p.mode, TFTP_MODE_OCTET);
	CHECK_INT(p.opts.present, TFTP_OPT_TSIZE | TFTP_OPT_BLKSIZE);
	CHECK_INT(p.opts.invalid, 0);
	CHECK_INT(p.opts.dup, 0);
	CHECK_INT(p.opts.tsize, 0);
	CHECK_INT(p.opts.blksize, 1408);
	CHECK_INT(p.unknown_opts, 0);
	CHECK(!p.opts_truncated);
}

TEST(rrq_plain_and_wrq)
{
	CHECK_INT(parse(PKT("\0\1boot/x\0netascii\0")), 0);
	CHECK_INT(p.mode, TFTP_MODE_NETASCII);
	CHECK_INT(p.opts.present, 0);
	CHECK_STR(p.filename, "boot/x");
	CHECK_INT(parse(PKT("\0\2up.bin\0octet\0tsize\0" "12345\0")), 0);
	CHECK_INT(p.op, TFTP_WRQ);
	CHECK_INT(p.opts.tsize, 12345);
	/* the empty name parses: refusing it is the path resolver's job */
	CHECK_INT(parse(PKT("\0\1\0octet\0")), 0);
	CHECK_INT(p.filename_len, 0);
	CHECK_STR(p.filename, "");
}

TEST(mode_case_and_refusals)
{
	CHECK_INT(parse(PKT("\0\1f\0OCTET\0")), 0);
	CHECK_INT(p.mode, TFTP_MODE_OCTET);
	CHECK_INT(parse(PKT("\0\1f\0NetAscii\0")), 0);
	CHECK_INT(p.mode, TFTP_MODE_NETASCII);
	CHECK_INT(parse(PKT("\0\1f\0mail\0")), -EPROTONOSUPPORT);
	CHECK_INT(parse(PKT("\0\1f\0binary\0")), -EPROTONOSUPPORT);
	CHECK_INT(parse(PKT("\0\1f\0\0")), -EPROTONOSUPPORT);
	const char *msg = NULL;
	CHECK_INT(tftp_pkt_parse_refusal(-EPROTONOSUPPORT, &msg), TFTP_EBADOP);
	CHECK(msg && *msg);
	CHECK_INT(tftp_pkt_parse_refusal(-ENAMETOOLONG, &msg), TFTP_EACCESS);
	CHECK_INT(tftp_pkt_parse_refusal(-EBADMSG, &msg), TFTP_EBADOP);
}

TEST(malformed_requests)
{
	CHECK_INT(parse(PKT("")), -EBADMSG);
	CHECK_INT(parse(PKT("\0")), -EBADMSG);
	CHECK_INT(parse(PKT("\0\1")), -EBADMSG);
	CHECK_INT(parse(PKT("\0\1file")), -EBADMSG);         /* name without NUL */
	CHECK_INT(parse(PKT("\0\1file\0")), -EBADMSG);       /* no mode */
	CHECK_INT(parse(PKT("\0\1file\0octet")), -EBADMSG);  /* mode without NUL */
	CHECK_INT(parse(PKT("\0\7x\0octet\0")), -EBADMSG);   /* unknown opcode */
	CHECK_INT(parse(PKT("\0\0x\0octet\0")), -EBADMSG);
	CHECK_INT(parse(PKT("\1\1x\0octet\0")), -EBADMSG);
}

TEST(name_length_limit)
{
	static uint8_t b[TFTP_NAME_MAX + 64];
	size_t n = 0;
	b[n++] = 0;
	b[n++] = 1;
	memset(b + n, 'a', TFTP_NAME_MAX);
	n += TFTP_NAME_MAX;
	b[n++] = 0;
	memcpy(b + n, "octet", 6);
	n += 6;
	CHECK_INT(parse(b, n), 0);
	CHECK_INT(p.filename_len, TFTP_NAME_MAX);
	/* one byte more */
	memmove(b + 3, b + 2, n - 2);
	b[2] = 'a';
	CHECK_INT(parse(b, n + 1), -ENAMETOOLONG);
}

TEST(option_names_case_insensitive_unknown_ignored)
{
	CHECK_INT(parse(PKT("\0\1f\0octet\0BLKSIZE\0" "1432\0TSize\0" "0\0x-foo\0bar\0WindowSize\0" "8\0TIMEOUT\0" "3\0")), 0);
	CHECK_INT(p.opts.present, TFTP_OPT_BLKSIZE | TFTP_OPT_TSIZE | TFTP_OPT_WINDOWSIZE | TFTP_OPT_TIMEOUT);
	CHECK_INT(p.opts.blksize, 1432);
	CHECK_INT(p.opts.windowsize, 8);
	CHECK_INT(p.opts.timeout, 3);
	CHECK_INT(p.unknown_opts, 1);
	/* tftp-hpa's own extensions are unknown here, not errors */
	CHECK_INT(parse(PKT("\0\1f\0octet\0utimeout\0" "5000\0rollover\0" "0\0")), 0);
	CHECK_INT(p.unknown_opts, 2);
	CHECK_INT(p.opts.present, 0);
}

TEST(duplicate_options_first_wins)
{
	CHECK_INT(parse(PKT("\0\1f\0octet\0blksize\0" "1024\0blksize\0" "1468\0BlkSize\0" "512\0")), 0);
	CHECK_INT(p.opts.blksize, 1024);
	CHECK_INT(p.opts.present, TFTP_OPT_BLKSIZE);
	CHECK_INT(p.opts.dup, TFTP_OPT_BLKSIZE);
	/* an invalid first occurrence is not replaced by a later one */
	CHECK_INT(parse(PKT("\0\1f\0octet\0timeout\0" "0\0timeout\0" "5\0")), 0);
	CHECK_INT(p.opts.present, 0);
	CHECK_INT(p.opts.invalid, TFTP_OPT_TIMEOUT);
	CHECK_INT(p.opts.dup, TFTP_OPT_TIMEOUT);
}

static void one_opt(const char *name, const char *val, uint32_t bit, bool ok, uint64_t want)
{
	uint8_t b[256];
	size_t n = 0;
	memcpy(b, "\0\1f\0octet\0", 10);
	n = 10;
	size_t l = strlen(name) + 1;
	memcpy(b + n, name, l);
	n += l;
	l = strlen(val) + 1;
	memcpy(b + n, val, l);
	n += l;
	CHECK_INT(parse(b, n), 0);
	if (ok) {
		CHECK_INT(p.opts.present, bit);
		CHECK_INT(p.opts.invalid, 0);
		uint64_t got = bit == TFTP_OPT_BLKSIZE ? p.opts.blksize
			       : bit == TFTP_OPT_TIMEOUT ? p.opts.timeout
			       : bit == TFTP_OPT_WINDOWSIZE ? p.opts.windowsize
							   : p.opts.tsize;
		if (got != want)
			fprintf(stderr, "option %s=%s: got %llu\n", name, val, (unsigned long long)got);
		CHECK(got == want);
	} else {
		if (p.opts.present != 0 || p.opts.invalid != bit)
			fprintf(stderr, "option %s=%s should be invalid\n", name, val);
		CHECK_INT(p.opts.present, 0);
		CHECK_INT(p.opts.invalid, bit);
	}
}

TEST(absurd_values)
{
	one_opt("blksize", "8", TFTP_OPT_BLKSIZE, true, 8);
	one_opt("blksize", "7", TFTP_OPT_BLKSIZE, false, 0);
	one_opt("blksize", "0", TFTP_OPT_BLKSIZE, false, 0);
	one_opt("blksize", "65464", TFTP_OPT_BLKSIZE, true, 65464);
	one_opt("blksize", "65465", TFTP_OPT_BLKSIZE, true, 65464);
	one_opt("blksize", "4294967296", TFTP_OPT_BLKSIZE, true, 65464);
	one_opt("blksize", "99999999999999999999999", TFTP_OPT_BLKSIZE, false, 0);
	one_opt("blksize", "", TFTP_OPT_BLKSIZE, false, 0);
	one_opt("blksize", "+512", TFTP_OPT_BLKSIZE, false, 0);
	one_opt("blksize", "-512", TFTP_OPT_BLKSIZE, false, 0);
	one_opt("blksize", " 512", TFTP_OPT_BLKSIZE, false, 0);
	one_opt("blksize", "512 ", TFTP_OPT_BLKSIZE, false, 0);
	one_opt("blksize", "0x200", TFTP_OPT_BLKSIZE, false, 0);
	one_opt("blksize", "00512", TFTP_OPT_BLKSIZE, true, 512);
	one_opt("timeout", "1", TFTP_OPT_TIMEOUT, true, 1);
	one_opt("timeout", "255", TFTP_OPT_TIMEOUT, true, 255);
	one_opt("timeout", "0", TFTP_OPT_TIMEOUT, false, 0);
	one_opt("timeout", "256", TFTP_OPT_TIMEOUT, false, 0);
	one_opt("windowsize", "1", TFTP_OPT_WINDOWSIZE, true, 1);
	one_opt("windowsize", "0", TFTP_OPT_WINDOWSIZE, false, 0);
	one_opt("windowsize", "65535", TFTP_OPT_WINDOWSIZE, true, 65535);
	one_opt("windowsize", "70000", TFTP_OPT_WINDOWSIZE, true, 65535);
	one_opt("tsize", "0", TFTP_OPT_TSIZE, true, 0);
	one_opt("tsize", "9223372036854775807", TFTP_OPT_TSIZE, true, 9223372036854775807ull);
	one_opt("tsize", "9223372036854775808", TFTP_OPT_TSIZE, false, 0);
	one_opt("tsize", "12a", TFTP_OPT_TSIZE, false, 0);
}

TEST(truncated_options)
{
	/* a name with no value: the earlier options stand */
	CHECK_INT(parse(PKT("\0\1f\0octet\0blksize\0" "1024\0tsize\0")), 0);
	CHECK_INT(p.opts.present, TFTP_OPT_BLKSIZE);
	CHECK(p.opts_truncated);
	/* a value without its NUL */
	CHECK_INT(parse(PKT("\0\1f\0octet\0blksize\0" "1024\0tsize\0" "0")), 0);
	CHECK_INT(p.opts.present, TFTP_OPT_BLKSIZE);
	CHECK(p.opts_truncated);
	/* a name without its NUL */
	CHECK_INT(parse(PKT("\0\1f\0octet\0blks")), 0);
	CHECK_INT(p.opts.present, 0);
	CHECK(p.opts_truncated);
	/* NUL padding after the options is fine */
	CHECK_INT(parse(PKT("\0\1f\0octet\0blksize\0" "1024\0\0\0\0\0")), 0);
	CHECK_INT(p.opts.present, TFTP_OPT_BLKSIZE);
	CHECK(!p.opts_truncated);
	/* junk after padding is noted */
	CHECK_INT(parse(PKT("\0\1f\0octet\0\0junk\0" "1\0")), 0);
	CHECK(p.opts_truncated);
}

TEST(data_ack_error_oack)
{
	CHECK_INT(parse(PKT("\0\3\1\2hello")), 0);
	CHECK_INT(p.op, TFTP_DATA);
	CHECK_INT(p.block, 0x102);
	CHECK_INT(p.data_len, 5);
	CHECK(memcmp(p.data, "hello", 5) == 0);
	CHECK_INT(parse(PKT("\0\3\0\1")), 0);
	CHECK_INT(p.data_len, 0);
	CHECK_INT(parse(PKT("\0\3\0")), -EBADMSG);

	CHECK_INT(parse(PKT("\0\4\xff\xff")), 0);
	CHECK_INT(p.op, TFTP_ACK);
	CHECK_INT(p.block, 65535);
	CHECK_INT(parse(PKT("\0\4\0\1\0\0\0\0")), 0); /* padded */
	CHECK_INT(p.block, 1);
	CHECK_INT(parse(PKT("\0\4\0")), -EBADMSG);

	CHECK_INT(parse(PKT("\0\5\0\10tsize probe\0")), 0);
	CHECK_INT(p.op, TFTP_ERROR);
	CHECK_INT(p.err_code, 8);
	CHECK_INT(p.err_msg_len, 11);
	CHECK(memcmp(p.err_msg, "tsize probe", 11) == 0);
	CHECK_INT(parse(PKT("\0\5\0\0no nul")), 0);
	CHECK_INT(p.err_msg_len, 6);
	CHECK_INT(parse(PKT("\0\5\0\1")), 0);
	CHECK_INT(p.err_msg_len, 0);
	CHECK_INT(parse(PKT("\0\5\0")), -EBADMSG);

	CHECK_INT(parse(PKT("\0\6blksize\0" "1432\0tsize\0" "4096\0")), 0);
	CHECK_INT(p.op, TFTP_OACK);
	CHECK_INT(p.opts.present, TFTP_OPT_BLKSIZE | TFTP_OPT_TSIZE);
	CHECK_INT(p.opts.tsize, 4096);
}

TEST(data_size_limit)
{
	static uint8_t b[TFTP_PKT_MAX + 1];
	b[1] = TFTP_DATA;
	CHECK_INT(parse(b, TFTP_PKT_MAX), 0);
	CHECK_INT(p.data_len, TFTP_BLKSIZE_MAX);
	CHECK_INT(parse(b, TFTP_PKT_MAX + 1), -EBADMSG);
}

TEST(builders_roundtrip)
{
	uint8_t b[600];
	int n = tftp_pkt_build_data(b, sizeof(b), 65535, "abc", 3);
	CHECK_INT(n, 7);
	CHECK(memcmp(b, "\0\3\xff\xff" "abc", 7) == 0);
	CHECK_INT(tftp_pkt_build_data(b, 6, 1, "abc", 3), -ENOBUFS);
	uint8_t h[4];
	tftp_pkt_data_hdr(h, 0x1234);
	CHECK(memcmp(h, "\0\3\x12\x34", 4) == 0);

	CHECK_INT(tftp_pkt_build_ack(b, sizeof(b), 7), 4);
	CHECK(memcmp(b, "\0\4\0\7", 4) == 0);
	CHECK_INT(tftp_pkt_build_ack(b, 3, 7), -ENOBUFS);

	n = tftp_pkt_build_error(b, sizeof(b), TFTP_ENOTFOUND, NULL);
	CHECK_INT(n, 4 + (int)strlen("File not found") + 1);
	CHECK_INT(parse(b, (size_t)n), 0);
	CHECK_INT(p.err_code, 1);
	CHECK(p.err_msg_len == 14 && memcmp(p.err_msg, "File not found", 14) == 0);
	char longmsg[400];
	memset(longmsg, 'x', sizeof(longmsg) - 1);
	longmsg[sizeof(longmsg) - 1] = '\0';
	n = tftp_pkt_build_error(b, sizeof(b), 0, longmsg);
	CHECK_INT(n, 4 + TFTP_ERRMSG_MAX + 1);
	CHECK_INT(b[n - 1], 0);

	struct tftp_opts o = { .present = TFTP_OPT_BLKSIZE | TFTP_OPT_TSIZE | TFTP_OPT_TIMEOUT |
					   TFTP_OPT_WINDOWSIZE,
			       .blksize = 1468, .tsize = 33554432, .timeout = 2, .windowsize = 64 };
	n = tftp_pkt_build_oack(b, sizeof(b), &o);
	CHECK(n > 0);
	static const char want[] = "\0\6blksize\0" "1468\0tsize\0" "33554432\0timeout\0" "2\0windowsize\0" "64\0";
	CHECK_INT(n, (int)sizeof(want) - 1);
	CHECK(memcmp(b, want, sizeof(want) - 1) == 0);
	CHECK_INT(parse(b, (size_t)n), 0);
	CHECK_INT(p.opts.present, o.present);
	CHECK_INT(p.opts.tsize, 33554432);
	struct tftp_opts none = { 0 };
	CHECK_INT(tftp_pkt_build_oack(b, sizeof(b), &none), -EINVAL);
	CHECK_INT(tftp_pkt_build_oack(b, 10, &o), -ENOBUFS);

	o.present = TFTP_OPT_TSIZE;
	o.tsize = 0;
	n = tftp_pkt_build_req(b, sizeof(b), TFTP_RRQ, "pxelinux.cfg/01-52-54-00-12-34-56",
			       TFTP_MODE_NETASCII, &o);
	CHECK(n > 0);
	CHECK_INT(parse(b, (size_t)n), 0);
	CHECK_INT(p.op, TFTP_RRQ);
	CHECK_STR(p.filename, "pxelinux.cfg/01-52-54-00-12-34-56");
	CHECK_INT(p.mode, TFTP_MODE_NETASCII);
	CHECK_INT(p.opts.present, TFTP_OPT_TSIZE);
	CHECK_INT(tftp_pkt_build_req(b, sizeof(b), TFTP_DATA, "x", TFTP_MODE_OCTET, NULL), -EINVAL);
	CHECK_INT(tftp_pkt_build_req(b, 8, TFTP_RRQ, "abcdef", TFTP_MODE_OCTET, NULL), -ENOBUFS);
}

TEST(names)
{
	CHECK_STR(tftp_err_name(0), "Not defined");
	CHECK_STR(tftp_err_name(1), "File not found");
	CHECK_STR(tftp_err_name(2), "Access violation");
	CHECK_STR(tftp_err_name(3), "Disk full or allocation exceeded");
	CHECK_STR(tftp_err_name(4), "Illegal TFTP operation");
	CHECK_STR(tftp_err_name(5), "Unknown transfer ID");
	CHECK_STR(tftp_err_name(6), "File already exists");
	CHECK_STR(tftp_err_name(7), "No such user");
	CHECK_STR(tftp_err_name(8), "Option negotiation refused");
	CHECK_STR(tftp_err_name(9), "Unknown error");
	CHECK_STR(tftp_op_name(TFTP_OACK), "OACK");
	CHECK_STR(tftp_op_name(0), "unknown");
	CHECK_STR(tftp_mode_name(TFTP_MODE_NETASCII), "netascii");
}

TEST_MAIN()
