/* Range headers against a file size: what is served whole, what is one
 * part, what is multipart, what is unsatisfiable; and the multipart framing. */
#include <errno.h>
#include <string.h>

#include "http/http_range.h"
#include "test.h"

static struct http_ranges parse(const char *v, uint64_t size)
{
	struct http_ranges rs;
	http_range_parse(v, strlen(v), size, &rs);
	return rs;
}

TEST(single_forms)
{
	struct http_ranges rs = parse("bytes=0-99", 1000);
	CHECK_INT(rs.kind, HTTP_RANGE_SINGLE);
	CHECK_INT(rs.n, 1);
	CHECK_INT(rs.r[0].first, 0);
	CHECK_INT(rs.r[0].last, 99);
	rs = parse("bytes=900-", 1000);
	CHECK_INT(rs.kind, HTTP_RANGE_SINGLE);
	CHECK_INT(rs.r[0].first, 900);
	CHECK_INT(rs.r[0].last, 999);
	rs = parse("bytes=-100", 1000);
	CHECK_INT(rs.kind, HTTP_RANGE_SINGLE);
	CHECK_INT(rs.r[0].first, 900);
	CHECK_INT(rs.r[0].last, 999);
	/* last beyond the end is clamped; a suffix longer than the file is all of it */
	rs = parse("bytes=990-5000", 1000);
	CHECK_INT(rs.r[0].last, 999);
	rs = parse("bytes=-5000", 1000);
	CHECK_INT(rs.kind, HTTP_RANGE_SINGLE);
	CHECK_INT(rs.r[0].first, 0);
	CHECK_INT(rs.r[0].last, 999);
	/* unit case, whitespace around elements, empty elements */
	rs = parse("Bytes=  , 5-6 ,", 1000);
	CHECK_INT(rs.kind, HTTP_RANGE_SINGLE);
	CHECK_INT(rs.r[0].first, 5);
	CHECK_INT(rs.r[0].last, 6);
}

TEST(multi_sorted_and_merged)
{
	struct http_ranges rs = parse("bytes=500-599, 0-9, 20-29", 1000);
	CHECK_INT(rs.kind, HTTP_RANGE_MULTI);
	CHECK_INT(rs.n, 3);
	CHECK_INT(rs.r[0].first, 0);
	CHECK_INT(rs.r[1].first, 20);
	CHECK_INT(rs.r[2].first, 500);
	/* overlapping and adjacent ranges become one part */
	rs = parse("bytes=0-9,10-19,15-30,100-110,105-",
		   1000);
	CHECK_INT(rs.kind, HTTP_RANGE_MULTI);
	CHECK_INT(rs.n, 2);
	CHECK_INT(rs.r[0].first, 0);
	CHECK_INT(rs.r[0].last, 30);
	CHECK_INT(rs.r[1].first, 100);
	CHECK_INT(rs.r[1].last, 999);
	/* merged down to one: a plain 206 */
	rs = parse("bytes=0-9,5-20", 1000);
	CHECK_INT(rs.kind, HTTP_RANGE_SINGLE);
	CHECK_INT(rs.r[0].last, 20);
	/* unsatisfiable members are dropped when others are satisfiable */
	rs = parse("bytes=2000-3000,1-2", 1000);
	CHECK_INT(rs.kind, HTTP_RANGE_SINGLE);
	CHECK_INT(rs.r[0].first, 1);
}

TEST(unsatisfiable)
{
	CHECK_INT(parse("bytes=1000-", 1000).kind, HTTP_RANGE_UNSATISFIABLE);
	CHECK_INT(parse("bytes=1000-2000,3000-", 1000).kind, HTTP_RANGE_UNSATISFIABLE);
	CHECK_INT(parse("bytes=-0", 1000).kind, HTTP_RANGE_UNSATISFIABLE);
	CHECK_INT(parse("bytes=0-", 0).kind, HTTP_RANGE_UNSATISFIABLE);
	CHECK_INT(parse("bytes=-5", 0).kind, HTTP_RANGE_UNSATISFIABLE);
	/* a position past 2^64 saturates: beyond any file */
	CHECK_INT(parse("bytes=99999999999999999999999999-", 1000).kind, HTTP_RANGE_UNSATISFIABLE);
}

TEST(ignored_means_whole_file)
{
	const char *bad[] = {
		"", "bytes", "bytes=", "bytes=,", "items=0-1", "bytes=a-b", "bytes=5-4", "bytes=1-2;", "bytes=--1",
		"bytes=0-1 2-3", "bytes =0-1", "bytes=1", "bytes=-", "bytes=0x10-20", "bytes=+1-2",
	};
	for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		struct http_ranges rs = parse(bad[i], 1000);
		if (rs.kind != HTTP_RANGE_NONE)
			fprintf(stderr, "'%s' was not ignored\n", bad[i]);
		CHECK_INT(rs.kind, HTTP_RANGE_NONE);
	}
}

TEST(limits)
{
	char v[1024] = "bytes=";
	for (int i = 0; i < HTTP_RANGES_MAX; i++)
		snprintf(v + strlen(v), sizeof(v) - strlen(v), "%s%d-%d", i ? "," : "", i * 10, i * 10 + 1);
	CHECK_INT(parse(v, 100000).kind, HTTP_RANGE_MULTI);
	CHECK_INT(parse(v, 100000).n, HTTP_RANGES_MAX);
	strcat(v, ",5000-5001");
	CHECK_INT(parse(v, 100000).kind, HTTP_RANGE_NONE);
	/* the whole file asked five times over: served once, whole */
	CHECK_INT(parse("bytes=0-,0-,0-,0-,0-", 1000).kind, HTTP_RANGE_NONE);
	/* four times is still fine (and merges into one part) */
	CHECK_INT(parse("bytes=0-,0-,0-,0-", 1000).kind, HTTP_RANGE_SINGLE);
}

TEST(beyond_4gib)
{
	uint64_t size = (5ull << 30) + 7;
	struct http_ranges rs = parse("bytes=4294967296-4294967305,-3", size);
	CHECK_INT(rs.kind, HTTP_RANGE_MULTI);
	CHECK(rs.r[0].first == 4294967296ull && rs.r[0].last == 4294967305ull);
	CHECK(rs.r[1].first == size - 3 && rs.r[1].last == size - 1);
}

TEST(content_range)
{
	char b[64];
	struct http_range r = { 0, 99 };
	CHECK_INT(http_content_range(b, sizeof(b), &r, 1000), 15);
	CHECK_STR(b, "bytes 0-99/1000");
	http_content_range(b, sizeof(b), NULL, 1000);
	CHECK_STR(b, "bytes */1000");
	CHECK_INT(http_content_range(b, 5, &r, 1000), -ENOSPC);
}

TEST(multipart_framing)
{
	struct http_ranges rs = parse("bytes=0-1,5-5", 10);
	char h[256], t[64];
	size_t hl = http_multipart_head(h, sizeof(h), "B", "text/plain", &rs.r[0], 10);
	CHECK_STR(h, "\r\n--B\r\nContent-Type: text/plain\r\nContent-Range: bytes 0-1/10\r\n\r\n");
	CHECK_INT(hl, strlen(h));
	CHECK_INT(http_multipart_head(NULL, 0, "B", "text/plain", &rs.r[0], 10), hl);
	size_t tl = http_multipart_tail(t, sizeof(t), "B");
	CHECK_STR(t, "\r\n--B--\r\n");
	size_t h2 = http_multipart_head(NULL, 0, "B", "text/plain", &rs.r[1], 10);
	CHECK_INT(http_multipart_length(&rs, "B", "text/plain", 10), hl + 2 + h2 + 1 + tl);
}

TEST(multipart_length_saturates)
{
	/* sizes no file has, found by the fuzzer: the length must not wrap */
	uint64_t size = UINT64_MAX - 3;
	struct http_ranges rs = parse("bytes=0-9,20-", size);
	CHECK_INT(rs.kind, HTTP_RANGE_MULTI);
	CHECK(http_multipart_length(&rs, "b", "t/t", size) == UINT64_MAX);
}

TEST_MAIN()
