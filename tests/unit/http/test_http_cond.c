/* Dates in the three HTTP forms, validators, and the RFC 9110 §13.2.2 order
 * of If-Match, If-Unmodified-Since, If-None-Match, If-Modified-Since and
 * If-Range. */
#include <errno.h>
#include <string.h>

#include "http/http_cond.h"
#include "http/http_date.h"
#include "http/http_token.h"
#include "test.h"

static int64_t date(const char *s)
{
	int64_t t = -1;
	if (http_date_parse(s, strlen(s), &t) < 0)
		return -999;
	return t;
}

TEST(date_forms)
{
	/* RFC 9110's example instant in its three spellings */
	CHECK_INT(date("Sun, 06 Nov 1994 08:49:37 GMT"), 784111777);
	CHECK_INT(date("Sunday, 06-Nov-94 08:49:37 GMT"), 784111777);
	CHECK_INT(date("Sun Nov  6 08:49:37 1994"), 784111777);
	CHECK_INT(date("  sun, 06 nov 1994 08:49:37 gmt "), 784111777);
	CHECK_INT(date("Thu, 01 Jan 1970 00:00:00 GMT"), 0);
	CHECK_INT(date("Tue, 29 Feb 2000 12:00:00 GMT"), 951825600);
	CHECK_INT(date("Friday, 31-Dec-27 23:59:59 GMT"), 1830297599);
	/* a 64-bit time well past 2038 */
	CHECK_INT(date("Fri, 31 Dec 9999 23:59:59 GMT"), INT64_C(253402300799));
}

TEST(date_rejects)
{
	const char *bad[] = {
		"", "Sun, 06 Nov 1994 08:49:37", "Sun, 06 Nov 1994 08:49:37 UTC", "Sun, 6 Nov 1994 08:49:37 GMT",
		"Sun, 06 Foo 1994 08:49:37 GMT", "Sun, 31 Nov 1994 08:49:37 GMT", "Sun, 29 Feb 1900 00:00:00 GMT",
		"Sun, 06 Nov 1994 24:00:00 GMT", "Sun, 06 Nov 1994 08:60:00 GMT", "Sun, 06 Nov 1994 08:49:37 GMTx",
		"Sunday, 06 Nov 1994 08:49:37 GMT", "Sun Nov 6 08:49:37 1994", "1994-11-06T08:49:37Z", "Sun,",
		"Xyz, 06 Nov 1994 08:49:37 GMT", "Sun, 00 Nov 1994 08:49:37 GMT",
	};
	for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		if (date(bad[i]) != -999)
			fprintf(stderr, "'%s' parsed\n", bad[i]);
		CHECK_INT(date(bad[i]), -999);
	}
}

TEST(date_format_round_trip)
{
	char b[HTTP_DATE_LEN + 1];
	http_date_format(784111777, b);
	CHECK_STR(b, "Sun, 06 Nov 1994 08:49:37 GMT");
	http_date_format(0, b);
	CHECK_STR(b, "Thu, 01 Jan 1970 00:00:00 GMT");
	http_date_format(-5, b);
	CHECK_STR(b, "Thu, 01 Jan 1970 00:00:00 GMT");
	http_date_format(INT64_MAX, b);
	CHECK_STR(b, "Fri, 31 Dec 9999 23:59:59 GMT");
	for (int64_t t = 0; t < INT64_C(253402300799); t += 86400 * 37 + 3607) {
		http_date_format(t, b);
		int64_t back;
		CHECK_INT(strlen(b), HTTP_DATE_LEN);
		if (http_date_parse(b, strlen(b), &back) < 0 || back != t) {
			CHECK_INT(back, t);
			break;
		}
	}
}

static struct http_validators val(void)
{
	struct http_validators v;
	http_validators_make(0x1234, 1000, 784111777, 5, &v);
	return v;
}

TEST(validators)
{
	struct http_validators v = val(), w;
	CHECK_STR(v.etag, "\"1234-3e8-ae1b981bc490a05\"");
	CHECK_INT(v.last_modified, 784111777);
	http_validators_make(0x1234, 1000, 784111777, 6, &w);
	CHECK(strcmp(v.etag, w.etag) != 0); /* a nanosecond is a new version */
	http_validators_make(0x1234, 1001, 784111777, 5, &w);
	CHECK(strcmp(v.etag, w.etag) != 0);
	CHECK(strlen(v.etag) < HTTP_ETAG_MAX);
	http_validators_make(UINT64_MAX, UINT64_MAX, INT64_C(253402300799), 999999999, &w);
	CHECK(strlen(w.etag) < HTTP_ETAG_MAX - 1);
}

TEST(etag_lists)
{
	const char *e = "\"abc\"";
	CHECK_INT(http_etag_list_match("\"abc\"", 5, e, false), 1);
	CHECK_INT(http_etag_list_match("W/\"abc\"", 7, e, false), 0);
	CHECK_INT(http_etag_list_match("W/\"abc\"", 7, e, true), 1);
	const char *l = " \"x\" ,, W/\"y\", \"abc\" ";
	CHECK_INT(http_etag_list_match(l, strlen(l), e, false), 1);
	CHECK_INT(http_etag_list_match("*", 1, e, false), 1);
	CHECK_INT(http_etag_list_match("\"abcd\"", 6, e, true), 0);
	CHECK_INT(http_etag_list_match("abc", 3, e, true), -EINVAL);
	CHECK_INT(http_etag_list_match("\"abc", 4, e, true), -EINVAL);
	CHECK_INT(http_etag_list_match("\"a\" \"b\"", 7, e, true), -EINVAL);
	CHECK_INT(http_etag_list_match("", 0, e, true), -EINVAL);
	CHECK_INT(http_etag_list_match("*, \"abc\"", 8, e, true), -EINVAL);
}

TEST(evaluation_order)
{
	struct http_validators v = val();
	struct http_cond_headers h = { 0 };
	CHECK_INT(http_cond_evaluate(&h, true, &v), HTTP_COND_PROCEED);
	h.if_none_match = v.etag;
	CHECK_INT(http_cond_evaluate(&h, true, &v), HTTP_COND_NOT_MODIFIED);
	CHECK_INT(http_cond_evaluate(&h, false, &v), HTTP_COND_PRECONDITION_FAILED);
	/* If-None-Match wins over If-Modified-Since */
	h.if_none_match = "\"other\"";
	h.if_modified_since = "Sun, 06 Nov 1994 08:49:37 GMT";
	CHECK_INT(http_cond_evaluate(&h, true, &v), HTTP_COND_PROCEED);
	h.if_none_match = NULL;
	CHECK_INT(http_cond_evaluate(&h, true, &v), HTTP_COND_NOT_MODIFIED);
	h.if_modified_since = "Sun, 06 Nov 1994 08:49:36 GMT";
	CHECK_INT(http_cond_evaluate(&h, true, &v), HTTP_COND_PROCEED);
	h.if_modified_since = "garbage";
	CHECK_INT(http_cond_evaluate(&h, true, &v), HTTP_COND_PROCEED);
	/* If-Modified-Since applies to GET and HEAD only */
	h.if_modified_since = "Sun, 06 Nov 1994 08:49:37 GMT";
	CHECK_INT(http_cond_evaluate(&h, false, &v), HTTP_COND_PROCEED);
	h.if_modified_since = NULL;

	h.if_match = "\"nope\"";
	CHECK_INT(http_cond_evaluate(&h, true, &v), HTTP_COND_PRECONDITION_FAILED);
	h.if_match = "*";
	CHECK_INT(http_cond_evaluate(&h, true, &v), HTTP_COND_PROCEED);
	h.if_match = "garbage";
	CHECK_INT(http_cond_evaluate(&h, true, &v), HTTP_COND_PRECONDITION_FAILED);
	/* a weak tag never passes If-Match (strong comparison) */
	char weak[HTTP_ETAG_MAX + 2];
	snprintf(weak, sizeof(weak), "W/%s", v.etag);
	h.if_match = weak;
	CHECK_INT(http_cond_evaluate(&h, true, &v), HTTP_COND_PRECONDITION_FAILED);
	h.if_match = v.etag;
	/* If-Match present: If-Unmodified-Since is not looked at */
	h.if_unmodified_since = "Sat, 05 Nov 1994 08:49:37 GMT";
	CHECK_INT(http_cond_evaluate(&h, true, &v), HTTP_COND_PROCEED);
	h.if_match = NULL;
	CHECK_INT(http_cond_evaluate(&h, true, &v), HTTP_COND_PRECONDITION_FAILED);
	h.if_unmodified_since = "Sun, 06 Nov 1994 08:49:37 GMT";
	CHECK_INT(http_cond_evaluate(&h, true, &v), HTTP_COND_PROCEED);
	/* both kinds of precondition: If-Match decides 412 before If-None-Match */
	h = (struct http_cond_headers){ .if_match = "\"nope\"", .if_none_match = v.etag };
	CHECK_INT(http_cond_evaluate(&h, true, &v), HTTP_COND_PRECONDITION_FAILED);
}

TEST(if_range)
{
	struct http_validators v = val();
	CHECK(http_cond_if_range(NULL, &v));
	CHECK(http_cond_if_range(v.etag, &v));
	CHECK(!http_cond_if_range("\"other\"", &v));
	char weak[HTTP_ETAG_MAX + 2];
	snprintf(weak, sizeof(weak), "W/%s", v.etag);
	CHECK(!http_cond_if_range(weak, &v));
	CHECK(http_cond_if_range("Sun, 06 Nov 1994 08:49:37 GMT", &v));
	CHECK(!http_cond_if_range("Sun, 06 Nov 1994 08:49:38 GMT", &v));
	CHECK(!http_cond_if_range("Sun, 06 Nov 1994 08:49:36 GMT", &v));
	CHECK(!http_cond_if_range("whatever", &v));
}

TEST(token_lists)
{
	CHECK(http_token_list_has("close", "close"));
	CHECK(http_token_list_has("Keep-Alive, CLOSE", "close"));
	CHECK(http_token_list_has(" upgrade ,\tkeep-alive ", "keep-alive"));
	CHECK(http_token_list_has(",,close,", "close"));
	CHECK(!http_token_list_has("closed", "close"));
	CHECK(!http_token_list_has("x-close", "close"));
	CHECK(!http_token_list_has("", "close"));
	CHECK(!http_token_list_has(NULL, "close"));
	CHECK(!http_token_list_has("keep-alive", "close"));
}

TEST_MAIN()
