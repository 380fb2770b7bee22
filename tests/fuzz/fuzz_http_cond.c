/* Conditional headers, dates and token lists: the date parser never accepts what its own
 * formatter would not write back to the same instant (for IMF-fixdate
 * input), entity-tag lists either parse or say -EINVAL, and evaluation with
 * the input in every header terminates with a defined verdict. */
#include <errno.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "http/http_cond.h"
#include "http/http_date.h"
#include "http/http_token.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char *s = malloc(size + 1);
	if (!s)
		return 0;
	memcpy(s, data, size);
	s[size] = 0;

	int64_t t;
	if (http_date_parse(s, size, &t) == 0) {
		char back[HTTP_DATE_LEN + 1];
		int64_t t2;
		http_date_format(t, back);
		if (t >= 0 && t <= INT64_C(253402300799) &&
		    (http_date_parse(back, strlen(back), &t2) != 0 || t2 != t))
			abort();
	}

	struct http_validators v;
	http_validators_make(size, size * 3, size > 4 ? (int64_t)data[0] << 24 : 0, 0, &v);
	int m = http_etag_list_match(s, strlen(s), v.etag, data[0] & 1);
	if (m != 0 && m != 1 && m != -EINVAL)
		abort();
	/* our own tag always matches itself, weakly and strongly */
	if (http_etag_list_match(v.etag, strlen(v.etag), v.etag, false) != 1)
		abort();

	struct http_cond_headers h = { 0 };
	unsigned pick = size ? data[size - 1] : 0;
	if (pick & 1)
		h.if_match = s;
	if (pick & 2)
		h.if_none_match = s;
	if (pick & 4)
		h.if_modified_since = s;
	if (pick & 8)
		h.if_unmodified_since = s;
	enum http_cond_verdict c = http_cond_evaluate(&h, pick & 16, &v);
	if (c != HTTP_COND_PROCEED && c != HTTP_COND_NOT_MODIFIED && c != HTTP_COND_PRECONDITION_FAILED)
		abort();
	(void)http_cond_if_range(s, &v);
	/* a list always holds each of its own elements */
	if (!strchr(s, ',') && strlen(s) < 64 && !strpbrk(s, " \t") && *s && !http_token_list_has(s, s))
		abort();
	free(s);
	return 0;
}
