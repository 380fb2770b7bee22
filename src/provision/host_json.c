#include "provision/host_json.h"

#include <inttypes.h>
#include <stdio.h>
#include <string.h>
#include <time.h>

#include "core/str.h"
#include "kickstart/ks_lex.h"

static void escape_valid(struct buf *b, const char *s, size_t len)
{
	static const char hex[] = "0123456789abcdef";
	size_t from = 0;
	for (size_t i = 0; i < len; i++) {
		unsigned char c = (unsigned char)s[i];
		const char *rep = NULL;
		char u[7];
		size_t skip = 1;
		if (c == '"')
			rep = "\\\"";
		else if (c == '\\')
			rep = "\\\\";
		else if (c == '\n')
			rep = "\\n";
		else if (c == '\r')
			rep = "\\r";
		else if (c == '\t')
			rep = "\\t";
		else if (c < 0x20 || c == 0x7f) {
			u[0] = '\\', u[1] = 'u', u[2] = '0', u[3] = '0';
			u[4] = hex[c >> 4], u[5] = hex[c & 15], u[6] = 0;
			rep = u;
		} else if (c == 0xe2 && i + 2 < len && (unsigned char)s[i + 1] == 0x80 &&
			   ((unsigned char)s[i + 2] == 0xa8 || (unsigned char)s[i + 2] == 0xa9)) {
			/* U+2028/U+2029 end a line in JavaScript */
			rep = (unsigned char)s[i + 2] == 0xa8 ? "\\u2028" : "\\u2029";
			skip = 3;
		}
		if (!rep)
			continue;
		buf_put(b, s + from, i - from);
		buf_puts(b, rep);
		i += skip - 1;
		from = i + 1;
	}
	buf_put(b, s + from, len - from);
}

void host_json_string(struct buf *b, const char *s, size_t len)
{
	buf_putc(b, '"');
	while (len) {
		size_t bad;
		if (ks_utf8_check(s, len, &bad) == 0)
			bad = len;
		escape_valid(b, s, bad);
		if (bad == len)
			break;
		buf_puts(b, "\\ufffd");
		s += bad + 1;
		len -= bad + 1;
	}
	buf_putc(b, '"');
}

static void str_or_null(struct buf *b, const char *s)
{
	if (s && *s)
		host_json_string(b, s, strlen(s));
	else
		buf_puts(b, "null");
}

void host_json_time_ms(char out[32], int64_t ms)
{
	int64_t sec = ms / 1000, frac = ms % 1000;
	if (frac < 0)
		sec--, frac += 1000;
	time_t t = (time_t)sec;
	struct tm tm;
	if (!gmtime_r(&t, &tm)) {
		snprintf(out, 32, "invalid");
		return;
	}
	size_t n = strftime(out, 32, "%Y-%m-%dT%H:%M:%S", &tm);
	snprintf(out + n, 32 - n, ".%03dZ", (int)frac);
}

static void event_json(struct buf *b, const struct store_event *e)
{
	char at[32];
	host_json_time_ms(at, e->at_ms);
	buf_printf(b, "{\"at\":\"%s\",\"at_ms\":%" PRId64 ",\"phase\":", at, e->at_ms);
	str_or_null(b, store_phase_name(e->phase));
	buf_puts(b, ",\"detail\":");
	host_json_string(b, e->detail, strnlen(e->detail, sizeof(e->detail)));
	buf_putc(b, '}');
}

void host_json_host(struct buf *b, const struct store_host *h, const char *profile,
		    const struct store_event *events, size_t nevents)
{
	buf_printf(b, "{\"id\":%" PRId64 ",\"hostname\":", h->id);
	host_json_string(b, h->hostname, strnlen(h->hostname, sizeof(h->hostname)));
	buf_puts(b, ",\"macs\":[");
	for (size_t i = 0; i < h->n_macs && i < STORE_HOST_MACS; i++) {
		char m[MAC_STRLEN];
		buf_printf(b, "%s\"%s\"", i ? "," : "", mac_to_str(h->macs[i], m));
	}
	char ip[IPV4_STRLEN];
	buf_puts(b, "],\"ip\":");
	str_or_null(b, h->ip ? ipv4_to_str(h->ip, ip) : NULL);
	buf_puts(b, ",\"uuid\":");
	str_or_null(b, h->uuid);
	buf_puts(b, ",\"profile\":");
	str_or_null(b, profile);
	buf_printf(b, ",\"netboot\":%s,\"phase\":", h->netboot ? "true" : "false");
	str_or_null(b, store_phase_name(h->phase));
	char since[32], created[32];
	host_json_time_ms(since, h->phase_since_ms);
	host_json_time_ms(created, h->created * 1000);
	buf_printf(b, ",\"phase_since\":\"%s\",\"phase_since_ms\":%" PRId64 ",\"last_error\":", since,
		  h->phase_since_ms);
	str_or_null(b, h->last_error);
	buf_printf(b, ",\"created\":\"%s\"", created);
	if (events) {
		buf_puts(b, ",\"events\":[");
		for (size_t i = 0; i < nevents; i++) {
			if (i)
				buf_putc(b, ',');
			event_json(b, &events[i]);
		}
		buf_putc(b, ']');
	}
	buf_putc(b, '}');
}

void host_json_list_begin(struct buf *b)
{
	buf_puts(b, "{\"hosts\":[");
}

void host_json_list_next(struct buf *b)
{
	buf_putc(b, ',');
}

void host_json_list_end(struct buf *b)
{
	buf_puts(b, "]}\n");
}
