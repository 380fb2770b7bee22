/* Range headers: whatever the bytes, the verdict's ranges lie inside the
 * file, are sorted, do not touch, and number at most HTTP_RANGES_MAX; the
 * multipart length adds up. The first 8 bytes pick the file size. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "http/http_range.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	if (size < 8)
		return 0;
	uint64_t fsize;
	memcpy(&fsize, data, 8);
	/* small sizes are where the edge cases are */
	if (data[0] & 1)
		fsize &= 0xffff;
	struct http_ranges rs;
	http_range_parse((const char *)data + 8, size - 8, fsize, &rs);
	switch (rs.kind) {
	case HTTP_RANGE_NONE:
	case HTTP_RANGE_UNSATISFIABLE:
		if (rs.n != 0)
			abort();
		return 0;
	case HTTP_RANGE_SINGLE:
		if (rs.n != 1)
			abort();
		break;
	case HTTP_RANGE_MULTI:
		if (rs.n < 2 || rs.n > HTTP_RANGES_MAX)
			abort();
		break;
	default:
		abort();
	}
	uint64_t total = 0;
	for (size_t i = 0; i < rs.n; i++) {
		if (rs.r[i].first > rs.r[i].last || rs.r[i].last >= fsize)
			abort();
		if (i && rs.r[i].first <= rs.r[i - 1].last + 1)
			abort();
		total += rs.r[i].last - rs.r[i].first + 1;
	}
	if (total > fsize)
		abort();
	/* the framing adds to the parts (short of 2^64, where it saturates) */
	uint64_t mp = rs.kind == HTTP_RANGE_MULTI ? http_multipart_length(&rs, "b", "t/t", fsize) : 0;
	if (rs.kind == HTTP_RANGE_MULTI && mp != UINT64_MAX && mp <= total)
		abort();
	if (rs.kind == HTTP_RANGE_MULTI && fsize < (1ull << 62) && mp == UINT64_MAX)
		abort();
	return 0;
}
