/* Option knowledge: names and types, reserved codes, encoders and the
 * decoders the printer relies on (decode(encode(x)) == x, and decoders
 * refuse whatever the encoders would not produce). */
#include "conf/conf_opt.h"
#include "test.h"

#include <errno.h>

static size_t enc(int (*fn)(struct wr *, const char *, const char **), const char *s, uint8_t *buf, size_t cap,
		  const char **why)
{
	struct wr w = wr_init(buf, cap);
	*why = NULL;
	if (fn(&w, s, why) < 0)
		return (size_t)-1;
	return wr_ok(&w) ? w.len : (size_t)-2;
}

TEST(tables)
{
	CHECK_INT(conf_opt_by_name("domain-name-servers")->code, 6);
	CHECK_INT(conf_opt_by_name("rfc3442-classless-static-routes")->code, 121);
	CHECK(conf_opt_by_name("nonsense") == NULL);
	CHECK_STR(conf_opt_by_code(119)->key, "domain_search");
	CHECK_INT(conf_opt_by_key("broadcast_address")->type, COT_IP);
	CHECK(conf_opt_by_key("hostname") == NULL);
	for (const char *const *k = conf_opt_keys; *k; k++)
		CHECK(conf_opt_by_key(*k) != NULL);
	CHECK(conf_opt_reserved(53) != NULL);
	CHECK(conf_opt_reserved(1) != NULL);
	CHECK(conf_opt_reserved(12) == NULL);
	CHECK(conf_opt_reserved(150) == NULL);
	CHECK_INT(conf_opt_type_from_name("ip"), COT_IPLIST);
	CHECK_INT(conf_opt_type_from_name("bool"), COT_FLAG);
	CHECK_INT(conf_opt_type_from_name("float"), -1);
	CHECK_STR(conf_arch_name(BOOT_ARCH_EFI_X64), "efi-x64");
	CHECK_INT(conf_arch_from_name("http-arm64"), BOOT_ARCH_HTTP_ARM64);
	CHECK_INT(conf_arch_from_name("ipxe"), BOOT_ARCH_IPXE);
	CHECK_INT(conf_arch_from_name("x86"), -1);
	for (int a = 0; a < BOOT_ARCH_COUNT; a++)
		CHECK_INT(conf_arch_from_name(conf_arch_name(a)), a);
	enum log_level l;
	CHECK_INT(conf_log_level_from_name("warn", &l), 0);
	CHECK_INT(l, LOG_LVL_WARN);
	CHECK_STR(conf_log_level_name(LOG_LVL_DEBUG), "debug");
	CHECK(conf_log_level_from_name("loud", &l) < 0);
}

TEST(optset)
{
	struct conf_optset s = { 0 };
	CHECK_INT(conf_optset_add(&s, 3, "\x01\x02\x03\x04", 4), 0);
	CHECK_INT(conf_optset_add(&s, 3, "\x01", 1), -EEXIST);
	CHECK_INT(conf_optset_add(&s, 80, NULL, 0), 0);
	uint8_t big[CONF_OPT_MAX_LEN + 1] = { 0 };
	CHECK_INT(conf_optset_add(&s, 9, big, sizeof(big)), -E2BIG);
	CHECK_INT(conf_optset_add(&s, 10, big, CONF_OPT_MAX_LEN), 0);
	CHECK_INT(s.n, 3);
	CHECK_INT(conf_optset_get(&s, 80)->len, 0);
	struct conf_optset t = { 0 };
	CHECK_INT(conf_optset_add(&t, 3, "\x09", 1), 0);
	CHECK_INT(conf_optset_copy(&t, &s), 0); /* 3 stays as it was */
	CHECK_INT(t.n, 3);
	CHECK_INT(conf_optset_get(&t, 3)->len, 1);
	conf_optset_free(&s);
	conf_optset_free(&t);
	CHECK(s.v == NULL && s.n == 0);
}

TEST(domains)
{
	uint8_t b[300];
	const char *why;
	CHECK_INT(enc(conf_enc_domain, "lab.example", b, sizeof(b), &why), 13);
	CHECK(!memcmp(b, "\x03lab\x07" "example\x00", 13));
	CHECK_INT(enc(conf_enc_domain, "lab.example.", b, sizeof(b), &why), 13);
	CHECK(enc(conf_enc_domain, "", b, sizeof(b), &why) == (size_t)-1);
	CHECK_STR(why, "empty domain name");
	CHECK(enc(conf_enc_domain, ".", b, sizeof(b), &why) == (size_t)-1);
	CHECK(enc(conf_enc_domain, "a..b", b, sizeof(b), &why) == (size_t)-1);
	CHECK_STR(why, "empty label in domain name");
	char label[70];
	memset(label, 'a', 64);
	label[64] = 0;
	CHECK(enc(conf_enc_domain, label, b, sizeof(b), &why) == (size_t)-1);
	CHECK_STR(why, "domain name label longer than 63 characters");
	CHECK(enc(conf_enc_domain, "a b", b, sizeof(b), &why) == (size_t)-1);
	char longname[300];
	for (int i = 0; i < 127; i++)
		memcpy(longname + 2 * i, "a.", 2);
	memcpy(longname + 254, "a", 2);
	CHECK(enc(conf_enc_domain, longname, b, sizeof(b), &why) == (size_t)-1);
	CHECK_STR(why, "domain name longer than 253 characters");

	/* decode what was encoded; refuse compression pointers */
	uint8_t two[] = "\x03lab\x07" "example\x00\x03" "com\x00";
	size_t off = 0;
	char name[256];
	CHECK(conf_dec_domain(two, sizeof(two) - 1, &off, name));
	CHECK_STR(name, "lab.example");
	CHECK(conf_dec_domain(two, sizeof(two) - 1, &off, name));
	CHECK_STR(name, "com");
	CHECK_INT(off, sizeof(two) - 1);
	uint8_t ptr[] = { 3, 'a', 'b', 'c', 0xc0, 0x00 };
	off = 0;
	CHECK(!conf_dec_domain(ptr, sizeof(ptr), &off, name));
	uint8_t trunc[] = { 3, 'a', 'b' };
	off = 0;
	CHECK(!conf_dec_domain(trunc, sizeof(trunc), &off, name));
	uint8_t root[] = { 0 };
	off = 0;
	CHECK(!conf_dec_domain(root, sizeof(root), &off, name));
}

TEST(routes)
{
	uint8_t b[64];
	const char *why;
	CHECK_INT(enc(conf_enc_route, "10.0.0.0/8 via 198.18.0.254", b, sizeof(b), &why), 6);
	CHECK(!memcmp(b, "\x08\x0a\xc6\x12\x00\xfe", 6));
	CHECK_INT(enc(conf_enc_route, "  0.0.0.0/0   via\t198.18.0.1 ", b, sizeof(b), &why), 5);
	CHECK(!memcmp(b, "\x00\xc6\x12\x00\x01", 5));
	CHECK_INT(enc(conf_enc_route, "198.51.100.7/32 via 1.2.3.4", b, sizeof(b), &why), 9);
	CHECK(enc(conf_enc_route, "10.0.0.0 via 1.2.3.4", b, sizeof(b), &why) == (size_t)-1);
	CHECK(enc(conf_enc_route, "10.0.0.0/8 1.2.3.4", b, sizeof(b), &why) == (size_t)-1);
	CHECK(enc(conf_enc_route, "10.0.0.0/8 via x", b, sizeof(b), &why) == (size_t)-1);
	CHECK(enc(conf_enc_route, "10.1.0.0/8 via 1.2.3.4", b, sizeof(b), &why) == (size_t)-1);
	CHECK_STR(why, "route destination has bits set outside its prefix");
	char out[48];
	uint8_t w[] = { 25, 198, 51, 100, 128, 198, 18, 0, 9, 0, 1, 2, 3, 4 };
	size_t off = 0;
	CHECK(conf_dec_route(w, sizeof(w), &off, out));
	CHECK_STR(out, "198.51.100.128/25 via 198.18.0.9");
	CHECK(conf_dec_route(w, sizeof(w), &off, out));
	CHECK_STR(out, "0.0.0.0/0 via 1.2.3.4");
	CHECK_INT(off, sizeof(w));
	uint8_t bad[] = { 33, 0, 0, 0, 0, 1, 2, 3, 4 };
	off = 0;
	CHECK(!conf_dec_route(bad, sizeof(bad), &off, out));
	uint8_t hostbits[] = { 8, 10 | 0, 1, 2, 3, 4 };
	off = 0;
	CHECK(conf_dec_route(hostbits, sizeof(hostbits), &off, out));
	uint8_t hb2[] = { 7, 11, 1, 2, 3, 4 }; /* 11 = 0b1011: bit outside /7 */
	off = 0;
	CHECK(!conf_dec_route(hb2, sizeof(hb2), &off, out));
	uint8_t short_gw[] = { 8, 10, 1, 2 };
	off = 0;
	CHECK(!conf_dec_route(short_gw, sizeof(short_gw), &off, out));
}

TEST(ints_flags_hex_ip)
{
	uint8_t b[CONF_OPT_MAX_LEN + 8];
	struct wr w = wr_init(b, sizeof(b));
	const char *why;
	CHECK_INT(conf_enc_int(&w, COT_U8, "255", &why), 0);
	CHECK_INT(conf_enc_int(&w, COT_U16, "65535", &why), 0);
	CHECK_INT(conf_enc_int(&w, COT_S32, "-1", &why), 0);
	CHECK_INT(conf_enc_int(&w, COT_U32, "4294967295", &why), 0);
	CHECK_INT(w.len, 11);
	CHECK(!memcmp(b, "\xff\xff\xff\xff\xff\xff\xff\xff\xff\xff\xff", 11));
	CHECK(conf_enc_int(&w, COT_U8, "256", &why) < 0);
	CHECK_STR(why, "integer out of range for its type");
	CHECK(conf_enc_int(&w, COT_S32, "2147483648", &why) < 0);
	CHECK(conf_enc_int(&w, COT_U16, "0x10", &why) < 0);
	CHECK_STR(why, "not an integer");
	CHECK(conf_enc_int(&w, COT_TEXT, "1", &why) < 0);
	int64_t v;
	CHECK(conf_dec_int(COT_S32, (const uint8_t *)"\xff\xff\xff\xfe", 4, &v) && v == -2);
	CHECK(conf_dec_int(COT_U32, (const uint8_t *)"\xff\xff\xff\xfe", 4, &v) && v == 4294967294LL);
	CHECK(!conf_dec_int(COT_U16, (const uint8_t *)"\x01", 1, &v));
	CHECK(!conf_dec_int(COT_FLAG, (const uint8_t *)"\x02", 1, &v));

	w = wr_init(b, sizeof(b));
	CHECK_INT(conf_enc_flag(&w, "on", &why), 0);
	CHECK_INT(conf_enc_flag(&w, "false", &why), 0);
	CHECK(conf_enc_flag(&w, "yes", &why) < 0);
	CHECK(!memcmp(b, "\x01\x00", 2));

	size_t n;
	CHECK_INT(conf_parse_hex("1:2:ab", b, sizeof(b), &n), 0);
	CHECK_INT(n, 3);
	CHECK(!memcmp(b, "\x01\x02\xab", 3));
	CHECK_INT(conf_parse_hex("0102AB", b, sizeof(b), &n), 0);
	CHECK_INT(n, 3);
	CHECK_INT(conf_parse_hex("", b, sizeof(b), &n), 0);
	CHECK_INT(n, 0);
	CHECK(conf_parse_hex("012", b, sizeof(b), &n) < 0);
	CHECK(conf_parse_hex("01::02", b, sizeof(b), &n) < 0);
	CHECK(conf_parse_hex("01:", b, sizeof(b), &n) < 0);
	CHECK(conf_parse_hex("123:4", b, sizeof(b), &n) < 0);
	CHECK_INT(conf_parse_hex("01:02:03", b, 2, &n), -E2BIG);
	char hex[16];
	conf_format_hex((const uint8_t *)"\x01\xab\x00", 3, hex);
	CHECK_STR(hex, "01:ab:00");
	conf_format_hex(NULL, 0, hex);
	CHECK_STR(hex, "");

	w = wr_init(b, 4);
	CHECK_INT(conf_enc_ip(&w, "198.18.0.1", &why), 0);
	CHECK(conf_enc_ip(&w, "198.18.0", &why) < 0);
	CHECK_INT(conf_enc_ip(&w, "198.18.0.2", &why), 0); /* overflow is the caller's check */
	CHECK(!wr_ok(&w));
}

TEST(text_ok)
{
	CHECK(conf_text_ok("plain", 5));
	CHECK(conf_text_ok("üñí€😀", strlen("üñí€😀")));
	CHECK(!conf_text_ok("a\tb", 3));
	CHECK(!conf_text_ok("a\0b", 3));
	CHECK(!conf_text_ok("\x7f", 1));
	CHECK(!conf_text_ok("\xc2\x85", 2));  /* C1 control NEL */
	CHECK(!conf_text_ok("\xc0\xaf", 2));  /* overlong */
	CHECK(!conf_text_ok("\xed\xa0\x80", 3)); /* surrogate */
	CHECK(!conf_text_ok("\xe2\x82", 2));  /* truncated */
	CHECK(!conf_text_ok("\xf5\x80\x80\x80", 4));
	CHECK_INT(conf_utf8_seq((const uint8_t *)"\xe2\x82\xac", 3), 3);
	CHECK_INT(conf_utf8_seq((const uint8_t *)"\x80", 1), 0);
	CHECK_INT(conf_utf8_seq((const uint8_t *)"a", 0), 0);
}

TEST_MAIN()
