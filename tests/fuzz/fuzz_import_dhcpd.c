/* dhcpd.conf importer on arbitrary bytes: tokenizer, statement tree,
 * condition parser, option encoders. Whatever it accepts must print as
 * YAML that the pxed.conf loader accepts: that is the import contract. */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "conf/conf_load.h"
#include "conf/conf_print.h"
#include "conf/import_dhcpd.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

#define MAX_INPUT (64 * 1024)

static char *print(const struct pxed_conf *c, size_t *len)
{
	char *text = NULL;
	FILE *f = open_memstream(&text, len);
	if (!f || conf_print(c, f) != 0)
		abort();
	fclose(f);
	return text;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static FILE *devnull;
	if (!devnull)
		devnull = fopen("/dev/null", "w");
	if (size > MAX_INPUT || !devnull)
		return 0;
	struct pxed_conf c;
	if (import_dhcpd_string("fuzz.conf", (const char *)data, size, &c, devnull) == 0) {
		size_t len = 0;
		char *text = print(&c, &len);
		struct pxed_conf again;
		if (conf_load_string("printed.yaml", text, len, &again, devnull) != 0) {
			/* the printed config must load: show why it did not */
			fputs(text, stderr);
			conf_load_string("printed.yaml", text, len, &again, stderr);
			abort();
		}
		size_t len2 = 0;
		char *text2 = print(&again, &len2);
		if (len != len2 || memcmp(text, text2, len) != 0)
			abort(); /* and print the same again */
		free(text2);
		conf_free(&again);
		free(text);
		conf_free(&c);
	}
	return 0;
}
