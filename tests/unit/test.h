/* A minimal unit-test harness: each test file defines TESTs and ends with
 * TEST_MAIN(). Failures print file:line and the failed expression; the
 * process exits non-zero when any check failed. */
#pragma once
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

struct test_case {
	const char *name;
	void (*fn)(void);
};

extern int test_failures;
extern struct test_case test_cases[];
extern int test_ncases;

#define TEST(name)                                                       \
	static void test_##name(void);                                   \
	__attribute__((constructor)) static void register_##name(void)   \
	{                                                                \
		test_cases[test_ncases++] = (struct test_case){ #name, test_##name }; \
	}                                                                \
	static void test_##name(void)

#define CHECK(cond)                                                                   \
	do {                                                                          \
		if (!(cond)) {                                                        \
			fprintf(stderr, "%s:%d: check failed: %s\n", __FILE__, __LINE__, #cond); \
			test_failures++;                                              \
		}                                                                     \
	} while (0)

#define CHECK_INT(a, b)                                                                    \
	do {                                                                               \
		long long va_ = (long long)(a), vb_ = (long long)(b);                      \
		if (va_ != vb_) {                                                          \
			fprintf(stderr, "%s:%d: %s == %lld, expected %s == %lld\n", __FILE__, \
				__LINE__, #a, va_, #b, vb_);                               \
			test_failures++;                                                   \
		}                                                                          \
	} while (0)

#define CHECK_STR(a, b)                                                                    \
	do {                                                                               \
		const char *sa_ = (a), *sb_ = (b);                                         \
		if (!sa_ || !sb_ || strcmp(sa_, sb_) != 0) {                               \
			fprintf(stderr, "%s:%d: %s == \"%s\", expected \"%s\"\n", __FILE__, \
				__LINE__, #a, sa_ ? sa_ : "(null)", sb_ ? sb_ : "(null)");  \
			test_failures++;                                                   \
		}                                                                          \
	} while (0)

#define TEST_MAIN()                                                             \
	int test_failures;                                                      \
	struct test_case test_cases[512];                                       \
	int test_ncases;                                                        \
	int main(void)                                                          \
	{                                                                       \
		for (int i = 0; i < test_ncases; i++) {                         \
			int before = test_failures;                             \
			test_cases[i].fn();                                     \
			printf("%s %s\n", test_failures == before ? "ok  " : "FAIL", \
			       test_cases[i].name);                             \
		}                                                               \
		printf("%d tests, %d failed checks\n", test_ncases, test_failures); \
		return test_failures ? 1 : 0;                                   \
	}
