/* Helpers of the tests of pxed.conf sections: load a YAML text, print a
 * configuration, expect an exact list of errors. */
#pragma once
#include <errno.h>

#include "conf/conf_load.h"
#include "conf/conf_print.h"
#include "core/str.h"
#include "test.h"

static inline int load(const char *yaml, struct pxed_conf *c, char **errs)
{
	size_t len = 0;
	FILE *f = open_memstream(errs, &len);
	int r = conf_load_string("t.yaml", yaml, strlen(yaml), c, f);
	fclose(f);
	return r;
}

static inline char *print(const struct pxed_conf *c)
{
	char *buf = NULL;
	size_t len = 0;
	FILE *f = open_memstream(&buf, &len);
	CHECK_INT(conf_print(c, f), 0);
	fclose(f);
	return buf;
}

static inline void expect_errors(const char *yaml, const char *expected, int line)
{
	struct pxed_conf c;
	conf_init(&c);
	char *errs = NULL;
	int r = load(yaml, &c, &errs);
	if (r != -EINVAL || strcmp(errs, expected) != 0) {
		fprintf(stderr, "%s:%d: load returned %d with\n%s--- expected -EINVAL with\n%s---\n", __FILE__, line, r,
			errs, expected);
		test_failures++;
	}
	free(errs);
	conf_free(&c);
}
#define EXPECT_ERRORS(yaml, expected) expect_errors(yaml, expected, __LINE__)

/* load -> print -> load -> print must give the same text twice; a and b are
 * the two loads, for the caller to compare field by field and free. */
static inline void round_trip_load(const char *yaml, int line, struct pxed_conf *a, struct pxed_conf *b)
{
	char *e1 = NULL, *e2 = NULL;
	memset(a, 0, sizeof(*a));
	memset(b, 0, sizeof(*b));
	if (load(yaml, a, &e1) != 0) {
		fprintf(stderr, "%s:%d: load failed:\n%s", __FILE__, line, e1);
		test_failures++;
	}
	char *p1 = print(a);
	if (load(p1, b, &e2) != 0) {
		fprintf(stderr, "%s:%d: printed text does not load:\n%s---\n%s", __FILE__, line, e2, p1);
		test_failures++;
	}
	char *p2 = print(b);
	CHECK_STR(p1, p2);
	free(e1);
	free(e2);
	free(p1);
	free(p2);
}
