/* Host references as URLs and operators give them (/ks/<hostname or mac>,
 * `pxed host show H`) and JSON strings of peer text (an event's detail).
 * Contracts checked: a MAC that parses formats back to what it named; a
 * JSON string is quoted, free of raw control characters and valid UTF-8. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "core/str.h"
#include "kickstart/ks_lex.h"
#include "provision/host_json.h"
#include "provision/host_key.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	if (size > 4096)
		return 0;
	char *s = malloc(size + 1);
	if (!s)
		return 0;
	memcpy(s, data, size);
	s[size] = '\0';
	struct host_key k;
	host_key_parse(s, &k);
	if (k.kind == HOST_KEY_MAC) {
		char m[MAC_STRLEN];
		uint8_t back[6];
		if (host_mac_parse(mac_to_str(k.mac, m), back) < 0 || memcmp(back, k.mac, 6) != 0)
			abort();
	}
	struct buf b = { 0 };
	host_json_string(&b, (const char *)data, size);
	char *out;
	size_t len;
	if (buf_take(&b, &out, &len) == 0) {
		size_t bad;
		if (len < 2 || out[0] != '"' || out[len - 1] != '"' || ks_utf8_check(out, len, &bad) < 0)
			abort();
		for (size_t i = 0; i < len; i++)
			if ((unsigned char)out[i] < 0x20)
				abort();
		free(out);
	}
	free(s);
	return 0;
}
