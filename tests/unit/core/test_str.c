#include "core/rd.h"
#include "core/str.h"
#include "core/wr.h"
#include "test.h"

#include <errno.h>

TEST(int64_bounds)
{
	int64_t v = 0;
	CHECK_INT(str_to_int64("42", 0, 100, &v), 0);
	CHECK_INT(v, 42);
	CHECK_INT(str_to_int64("101", 0, 100, &v), -ERANGE);
	CHECK_INT(str_to_int64("-1", 0, 100, &v), -EINVAL);
	CHECK_INT(str_to_int64("", 0, 100, &v), -EINVAL);
	CHECK_INT(str_to_int64("12x", 0, 100, &v), -EINVAL);
	CHECK_INT(str_to_int64("99999999999999999999999", 0, INT64_MAX, &v), -ERANGE);
	CHECK_INT(v, 42);
}

TEST(durations)
{
	uint32_t d = 0;
	CHECK_INT(str_to_duration("90", &d), 0);
	CHECK_INT(d, 90);
	CHECK_INT(str_to_duration("12h", &d), 0);
	CHECK_INT(d, 43200);
	CHECK_INT(str_to_duration("2d", &d), 0);
	CHECK_INT(d, 172800);
	CHECK_INT(str_to_duration("infinite", &d), 0);
	CHECK(d == UINT32_MAX);
	CHECK(str_to_duration("h", &d) < 0);
	CHECK(str_to_duration("10x", &d) < 0);
}

TEST(ipv4)
{
	uint32_t a = 0, m = 0;
	char buf[IPV4_STRLEN];
	CHECK_INT(str_to_ipv4("198.18.0.1", &a), 0);
	CHECK(a == 0xc6120001u);
	CHECK_STR(ipv4_to_str(a, buf), "198.18.0.1");
	CHECK(str_to_ipv4("198.18.0", &a) < 0);
	CHECK(str_to_ipv4("198.18.0.256", &a) < 0);
	CHECK(str_to_ipv4("198.18.0.1.", &a) < 0);
	CHECK(str_to_ipv4("1.2.3.0001", &a) < 0);
	CHECK_INT(str_to_ipv4_prefix("198.18.0.0/24", &a, &m), 0);
	CHECK(m == 0xffffff00u);
	CHECK_INT(ipv4_mask_to_prefix(0xffffff00u), 24);
	CHECK(ipv4_mask_to_prefix(0xff00ff00u) < 0);
	CHECK(str_to_ipv4_prefix("198.18.0.0/33", &a, &m) < 0);
}

TEST(mac)
{
	uint8_t mac[6];
	char buf[MAC_STRLEN];
	CHECK_INT(str_to_mac("52:54:00:AB:cd:07", mac), 0);
	CHECK_STR(mac_to_str(mac, buf), "52:54:00:ab:cd:07");
	CHECK_INT(str_to_mac("52-54-00-ab-cd-07", mac), 0);
	CHECK(str_to_mac("52:54:00:ab:cd", mac) < 0);
	CHECK(str_to_mac("52:54-00:ab:cd:07", mac) < 0);
	CHECK(str_to_mac("52:54:00:ab:cd:0g", mac) < 0);
}

TEST(escape)
{
	char out[16];
	str_escape(out, sizeof(out), "a\nb\\", 4);
	CHECK_STR(out, "a\\x0ab\\x5c");
	str_escape(out, 6, "abcdefgh", 8);
	CHECK_STR(out, "abcde");
}

TEST(reader_poisons)
{
	uint8_t b[3] = { 1, 2, 3 };
	struct rd r = rd_init(b, sizeof(b));
	CHECK_INT(rd_be16(&r), 0x0102);
	CHECK_INT(rd_be16(&r), 0);
	CHECK(!rd_ok(&r));
	CHECK_INT(rd_u8(&r), 0);
	CHECK_INT(rd_left(&r), 0);
}

TEST(writer_overflow)
{
	uint8_t b[5];
	struct wr w = wr_init(b, sizeof(b));
	CHECK(wr_be32(&w, 0x01020304));
	CHECK(!wr_be16(&w, 5));
	CHECK(!wr_ok(&w));
	CHECK_INT(w.len, 4);
}

TEST_MAIN()
