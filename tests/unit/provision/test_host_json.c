/* The hosts' JSON (status --json, GET /api/v1/hosts) and host references. */
#include "provision/host_json.h"
#include "provision/host_key.h"
#include "test.h"

#include <errno.h>
#include <stdlib.h>

static struct store_host sample(void)
{
	struct store_host h;
	memset(&h, 0, sizeof(h));
	h.id = 7;
	snprintf(h.hostname, sizeof(h.hostname), "web1.example.com");
	static const uint8_t m1[6] = { 0x52, 0x54, 0x00, 0x12, 0x34, 0x56 };
	static const uint8_t m2[6] = { 0x52, 0x54, 0x00, 0xab, 0xcd, 0xef };
	memcpy(h.macs[0], m1, 6);
	memcpy(h.macs[1], m2, 6);
	h.n_macs = 2;
	h.ip = 0xc6120014;
	snprintf(h.uuid, sizeof(h.uuid), "4c4c4544-0042-3510-8052-b3c04f4e3332");
	h.netboot = true;
	snprintf(h.token, sizeof(h.token), "00112233445566778899aabbccddeeff");
	h.phase = STORE_PHASE_KICKSTART;
	h.phase_since_ms = 1714557600123;
	h.created = 1714557500;
	return h;
}

static char *take(struct buf *b)
{
	char *s = NULL;
	CHECK_INT(buf_take(b, &s, NULL), 0);
	return s;
}

TEST(host_object)
{
	struct buf b = { 0 };
	struct store_host h = sample();
	host_json_host(&b, &h, "el9", NULL, 0);
	char *s = take(&b);
	CHECK_STR(s, "{\"id\":7,\"hostname\":\"web1.example.com\","
		     "\"macs\":[\"52:54:00:12:34:56\",\"52:54:00:ab:cd:ef\"],\"ip\":\"198.18.0.20\","
		     "\"uuid\":\"4c4c4544-0042-3510-8052-b3c04f4e3332\",\"profile\":\"el9\","
		     "\"netboot\":true,\"phase\":\"kickstart\","
		     "\"phase_since\":\"2024-05-01T10:00:00.123Z\",\"phase_since_ms\":1714557600123,"
		     "\"last_error\":null,\"created\":\"2024-05-01T09:58:20.000Z\"}");
	/* the token authorises callbacks: it is never shown */
	CHECK(s && !strstr(s, h.token));
	free(s);

	h.ip = 0;
	h.uuid[0] = '\0';
	h.netboot = false;
	h.phase = STORE_PHASE_FAILED;
	snprintf(h.last_error, sizeof(h.last_error), "no disk");
	struct store_event ev[2] = {
		{ .id = 1, .host_id = 7, .at_ms = 1714557500000, .phase = STORE_PHASE_NEW },
		{ .id = 2, .host_id = 7, .at_ms = 1714557600123, .phase = STORE_PHASE_FAILED },
	};
	snprintf(ev[0].detail, sizeof(ev[0].detail), "added");
	snprintf(ev[1].detail, sizeof(ev[1].detail), "no disk");
	host_json_host(&b, &h, "el9", ev, 2);
	s = take(&b);
	CHECK(s && strstr(s, "\"ip\":null,\"uuid\":null,"));
	CHECK(s && strstr(s, "\"netboot\":false,\"phase\":\"failed\","));
	CHECK(s && strstr(s, "\"last_error\":\"no disk\","));
	CHECK(s && strstr(s, ",\"events\":[{\"at\":\"2024-05-01T09:58:20.000Z\",\"at_ms\":1714557500000,"
			     "\"phase\":\"new\",\"detail\":\"added\"},{\"at\":\"2024-05-01T10:00:00.123Z\","
			     "\"at_ms\":1714557600123,\"phase\":\"failed\",\"detail\":\"no disk\"}]}"));
	free(s);
	host_json_host(&b, &h, "el9", ev, 0);
	s = take(&b);
	CHECK(s && strstr(s, ",\"events\":[]}"));
	free(s);
}

TEST(list)
{
	struct buf b = { 0 };
	host_json_list_begin(&b);
	host_json_list_end(&b);
	char *s = take(&b);
	CHECK_STR(s, "{\"hosts\":[]}\n");
	free(s);
	struct store_host h = sample();
	host_json_list_begin(&b);
	host_json_host(&b, &h, "a", NULL, 0);
	host_json_list_next(&b);
	host_json_host(&b, &h, "b", NULL, 0);
	host_json_list_end(&b);
	s = take(&b);
	CHECK(s && strncmp(s, "{\"hosts\":[{\"id\":7,", 18) == 0);
	CHECK(s && strstr(s, "\"profile\":\"a\","));
	CHECK(s && strstr(s, "},{\"id\":7,"));
	CHECK(s && strstr(s, "\"profile\":\"b\","));
	CHECK(s && strcmp(s + strlen(s) - 4, "}]}\n") == 0);
	free(s);
}

static void check_string(const char *in, size_t len, const char *want)
{
	struct buf b = { 0 };
	host_json_string(&b, in, len);
	char *s = take(&b);
	CHECK_STR(s, want);
	free(s);
}

TEST(strings_are_escaped_and_valid_utf8)
{
	check_string("", 0, "\"\"");
	check_string("a\"b\\c/d", 7, "\"a\\\"b\\\\c/d\"");
	check_string("l1\nl2\r\t\x01\x1f\x7f", 10, "\"l1\\nl2\\r\\t\\u0001\\u001f\\u007f\"");
	check_string("caf\xc3\xa9 \xe2\x82\xac", 9, "\"caf\xc3\xa9 \xe2\x82\xac\"");
	check_string("a\xe2\x80\xa8" "b\xe2\x80\xa9", 8, "\"a\\u2028b\\u2029\"");
	/* bytes that are not UTF-8: a stray continuation, a lone lead byte, an
	 * overlong encoding, 0xff */
	check_string("x\x80y\xc3z\xc0\xafw\xff", 9, "\"x\\ufffdy\\ufffdz\\ufffd\\ufffdw\\ufffd\"");
	check_string("a\0b", 3, "\"a\\u0000b\"");
}

TEST(time_format)
{
	char t[32];
	host_json_time_ms(t, 0);
	CHECK_STR(t, "1970-01-01T00:00:00.000Z");
	host_json_time_ms(t, -1);
	CHECK_STR(t, "1969-12-31T23:59:59.999Z");
	host_json_time_ms(t, 1714557600123);
	CHECK_STR(t, "2024-05-01T10:00:00.123Z");
}

TEST(host_references)
{
	static const uint8_t want[6] = { 0xaa, 0xbb, 0xcc, 0xdd, 0xee, 0x0f };
	const char *forms[] = { "aa:bb:cc:dd:ee:0f", "AA-BB-CC-DD-EE-0F", "01-aa-bb-cc-dd-ee-0f",
				"01-AA-bb-CC-dd-EE-0F" };
	for (size_t i = 0; i < 4; i++) {
		uint8_t m[6] = { 0 };
		CHECK_INT(host_mac_parse(forms[i], m), 0);
		CHECK(memcmp(m, want, 6) == 0);
		struct host_key k;
		host_key_parse(forms[i], &k);
		CHECK_INT(k.kind, HOST_KEY_MAC);
		CHECK(memcmp(k.mac, want, 6) == 0);
	}
	const char *bad[] = { "", "aa:bb:cc:dd:ee", "aa:bb:cc:dd:ee:0f:11", "aa:bb-cc:dd:ee:0f",
			      "aa:bb:cc:dd:ee:0g", "01:aa:bb:cc:dd:ee:0f", "02-aa-bb-cc-dd-ee-0f",
			      "01-aa:bb:cc:dd:ee:0f", "aabbccddee0f", " aa:bb:cc:dd:ee:0f" };
	for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		uint8_t m[6] = { 1, 2, 3, 4, 5, 6 };
		CHECK_INT(host_mac_parse(bad[i], m), -EINVAL);
		CHECK(m[0] == 1 && m[5] == 6);
	}
	struct host_key k;
	host_key_parse("4C4C4544-0042-3510-8052-B3C04F4E3332", &k);
	CHECK_INT(k.kind, HOST_KEY_UUID);
	host_key_parse("web1.example.com", &k);
	CHECK_INT(k.kind, HOST_KEY_HOSTNAME);
	CHECK_STR(k.text, "web1.example.com");
	host_key_parse("4c4c4544-0042-3510-8052-b3c04f4e333", &k);
	CHECK_INT(k.kind, HOST_KEY_HOSTNAME);
}

TEST_MAIN()
