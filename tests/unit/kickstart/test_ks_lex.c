/* Lexing and parsing as pykickstart does: shlex rules, Python line breaks,
 * %ksappend expansion, sections and %end, %include through the read
 * callback, and pathological input ending in a clear fatal error. */
#include "kickstart/ks_lex.h"
#include "kickstart/ks_parse.h"
#include "test.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

/* ---- shlex ---------------------------------------------------------------- */

static size_t split(const char *line, bool comments, char out[][64], size_t max, enum ks_shlex_err *err)
{
	struct ks_arena a = { 0 };
	struct ks_word *w;
	size_t n = 0;
	*err = ks_shlex(&a, line, strlen(line), comments, &w, &n);
	for (size_t i = 0; i < n && i < max; i++)
		snprintf(out[i], 64, "%s", w[i].s);
	ks_arena_free(&a);
	return *err == KS_SHLEX_OK ? n : 0;
}

TEST(shlex_quotes_and_escapes)
{
	char w[8][64];
	enum ks_shlex_err e;
	CHECK_INT(split("part / --size=1\n", true, w, 8, &e), 3);
	CHECK_STR(w[2], "--size=1");
	CHECK_INT(split("bootloader --append=\"a b\" x\n", true, w, 8, &e), 3);
	CHECK_STR(w[1], "--append=a b");
	CHECK_INT(split("x 'a \\\" b' \"c \\\" \\\\ \\d\"\n", true, w, 8, &e), 3);
	CHECK_STR(w[1], "a \\\" b");
	CHECK_STR(w[2], "c \" \\ \\d");
	CHECK_INT(split("a\\ b c\n", true, w, 8, &e), 2);
	CHECK_STR(w[0], "a b");
	/* quotes join with adjacent text; "" is an empty word */
	CHECK_INT(split("x\"y z\"w \"\"\n", true, w, 8, &e), 2);
	CHECK_STR(w[0], "xy zw");
	CHECK_STR(w[1], "");
}

TEST(shlex_comments_anywhere)
{
	char w[8][64];
	enum ks_shlex_err e;
	CHECK_INT(split("rootpw abc#def\n", true, w, 8, &e), 2);
	CHECK_STR(w[1], "abc");
	CHECK_INT(split("url --url=http://h/a#b\n", true, w, 8, &e), 2);
	CHECK_STR(w[1], "--url=http://h/a");
	CHECK_INT(split("url \"--url=http://h/a#b\"\n", true, w, 8, &e), 2);
	CHECK_STR(w[1], "--url=http://h/a#b");
	/* in sections headers are split without comments */
	CHECK_INT(split("%end # done\n", false, w, 8, &e), 3);
}

TEST(shlex_errors)
{
	char w[8][64];
	enum ks_shlex_err e;
	split("rootpw 'abc\n", true, w, 8, &e);
	CHECK_INT(e, KS_SHLEX_NO_CLOSING_QUOTE);
	split("x \\", true, w, 8, &e);
	CHECK_INT(e, KS_SHLEX_NO_ESCAPED_CHAR);
	/* a trailing backslash escapes the newline into the word */
	CHECK_INT(split("lang en\\\n", true, w, 8, &e), 2);
	CHECK_STR(w[1], "en\n");
	/* only space, tab, CR, LF separate: a form feed is part of the word */
	CHECK_INT(split("text\f\n", true, w, 8, &e), 1);
	CHECK_INT((int)strlen(w[0]), 5);
}

TEST(python_lines_and_spaces)
{
	const char *buf = "a\r\nb\rc\vd\x1c" "e\xc2\x85" "f\xe2\x80\xa8g";
	size_t off = 0, n = 0;
	struct ks_line l;
	const char *want[] = { "a", "b", "c", "d", "e", "f", "g" };
	while (ks_next_line(buf, strlen(buf), &off, &l)) {
		CHECK(n < 7);
		if (n < 7)
			CHECK(l.len == 1 && l.p[0] == want[n][0]);
		n++;
	}
	CHECK_INT(n, 7);
	CHECK(ks_py_isspace(0xa0));
	CHECK(ks_py_isspace(0x3000));
	CHECK(!ks_py_isspace(0xfeff));
	CHECK(!ks_py_isspace('x'));
	struct ks_line c = { "  \xc2\xa0# x", 7, 1 };
	CHECK(ks_line_blank_or_comment(&c));
	struct ks_line bom = { "\xef\xbb\xbf# x", 6, 1 };
	CHECK(!ks_line_blank_or_comment(&bom));
}

TEST(utf8_strict)
{
	size_t bad = 0;
	CHECK_INT(ks_utf8_check("ok \xc3\xa9", 5, &bad), 0);
	CHECK_INT(ks_utf8_check("x\xff", 2, &bad), -EILSEQ);
	CHECK_INT(bad, 1);
	CHECK_INT(ks_utf8_check("\xc0\xaf", 2, &bad), -EILSEQ);         /* overlong */
	CHECK_INT(ks_utf8_check("\xed\xa0\x80", 3, &bad), -EILSEQ);     /* surrogate */
	CHECK_INT(ks_utf8_check("\xf4\x90\x80\x80", 4, &bad), -EILSEQ); /* > U+10FFFF */
	CHECK_INT(ks_utf8_check("\xe2\x82", 2, &bad), -EILSEQ);         /* truncated */
}

/* ---- an in-memory file system for %include / %ksappend ---------------------- */

struct memfile {
	const char *name;
	const char *text;
};

static const struct memfile *files;
static int reads;

static int mem_read(void *ctx, const char *path, char **data, size_t *len)
{
	(void)ctx;
	reads++;
	for (const struct memfile *f = files; f && f->name; f++) {
		if (strcmp(f->name, path) == 0) {
			*len = strlen(f->text);
			*data = malloc(*len + 1);
			memcpy(*data, f->text, *len + 1);
			return 0;
		}
	}
	return -ENOENT;
}

static const struct ks_source memsrc = { mem_read, NULL };

static struct ks_doc *parse(const char *text, bool follow)
{
	struct ks_parse_opts o = { .version = KS_RHEL8, .follow_includes = follow, .src = &memsrc };
	struct ks_doc *d = NULL;
	CHECK_INT(ks_parse("top.ks", text, strlen(text), &o, &d), 0);
	return d;
}

static const struct ks_node *last(const struct ks_doc *d)
{
	return d && d->n ? &d->nodes[d->n - 1] : NULL;
}

TEST(sections_and_end)
{
	struct ks_doc *d = parse("lang en_US\n%post --nochroot\necho 100%\n%foo\n\n# keep\n%end trailing\n"
				 "%packages\n@core\n\n# skipped\n-pkg\n%end\n", false);
	CHECK_INT(d->n, 3);
	CHECK_INT(d->nodes[0].kind, KS_NODE_COMMAND);
	CHECK_INT(d->nodes[1].kind, KS_NODE_SECTION);
	CHECK_INT(d->nodes[1].nbody, 4); /* script bodies keep blank and comment lines */
	CHECK(d->nodes[1].closed);
	CHECK_INT(d->nodes[1].end.pyline, 7);
	CHECK_INT(d->nodes[2].nbody, 2); /* %packages drops them */
	CHECK(!d->fatal);
	ks_doc_free(d);

	d = parse("%post\necho\n%packages\n%end\n", false);
	CHECK(d->fatal);
	CHECK_INT(last(d)->loc.pyline, 3);
	ks_doc_free(d);

	d = parse("lang en\n%pre\necho\n", false);
	CHECK(d->fatal);
	CHECK_INT(last(d)->loc.pyline, 3); /* reported at the last line */
	ks_doc_free(d);

	d = parse("%end\n", false);
	CHECK(d->fatal);
	ks_doc_free(d);

	d = parse("%Packages\n%end\n", false); /* names are case-sensitive */
	CHECK(d->fatal);
	ks_doc_free(d);
}

TEST(fatal_lexing_keeps_earlier_commands)
{
	struct ks_doc *d = parse("bogus\nrootpw 'x\nlang en\n", false);
	CHECK_INT(d->n, 2);
	CHECK_INT(d->nodes[0].kind, KS_NODE_COMMAND);
	CHECK_INT(d->nodes[1].kind, KS_NODE_FATAL);
	CHECK_INT(d->nodes[1].loc.pyline, 2);
	ks_doc_free(d);
	d = parse("\"\"\n", false);
	CHECK(d->fatal);
	ks_doc_free(d);
	d = parse("   \n\t\n", false); /* whitespace only: "Empty file" */
	CHECK(d->fatal);
	ks_doc_free(d);
	d = parse("# only a comment\n", false);
	CHECK(!d->fatal);
	CHECK_INT(d->n, 0);
	ks_doc_free(d);
}

TEST(ksappend_expands_before_parsing)
{
	static const struct memfile fs[] = {
		{ "part.ks", "part / --size=1\npart swap --size=2\n" },
		{ "nonl.ks", "lang" },
		{ NULL, NULL },
	};
	files = fs;
	struct ks_doc *d = parse("%ksappend part.ks\nbogus\n%ksappend nonl.ks\n en_US\n", false);
	CHECK(!d->fatal);
	CHECK_INT(d->n, 4);
	/* line numbers count the expanded text, real places are kept */
	CHECK_INT(d->nodes[1].loc.pyline, 2);
	CHECK_STR(d->nodes[1].loc.file, "part.ks");
	CHECK_INT(d->nodes[2].loc.pyline, 3);
	CHECK_STR(d->nodes[2].loc.file, "top.ks");
	CHECK_INT(d->nodes[2].loc.line, 2);
	/* text without a final newline runs into the next line */
	CHECK_INT(d->nodes[3].nwords, 2);
	CHECK_STR(d->nodes[3].words[0].s, "lang");
	ks_doc_free(d);

	d = parse("%ksappend missing.ks\n", false);
	CHECK(d->fatal);
	CHECK_INT(last(d)->loc.pyline, 1);
	ks_doc_free(d);
	d = parse("%ksappend\n", false);
	CHECK(d->fatal);
	ks_doc_free(d);
	files = NULL;
}

TEST(includes)
{
	static const struct memfile fs[] = {
		{ "dir/parts.ks", "part / --size=1\n" },
		{ "dir/sub.ks", "%include parts.ks\nlang en\n" },
		{ "loop.ks", "%include loop.ks\n" },
		{ "body.ks", "echo from include\n%end\ntext\n" },
		{ NULL, NULL },
	};
	files = fs;
	/* not followed: kept as a node, nothing read */
	reads = 0;
	struct ks_doc *d = parse("%include dir/sub.ks\n", false);
	CHECK_INT(reads, 0);
	CHECK_INT(d->n, 1);
	CHECK_INT(d->nodes[0].kind, KS_NODE_INCLUDE);
	ks_doc_free(d);

	/* followed: relative names resolve against the including file */
	struct ks_parse_opts o = { .version = KS_RHEL8, .follow_includes = true, .src = &memsrc };
	CHECK_INT(ks_parse("dir/top.ks", "%include sub.ks\n", 16, &o, &d), 0);
	CHECK(!d->fatal);
	CHECK_INT(d->n, 4);
	CHECK_STR(d->nodes[2].loc.file, "dir/parts.ks");
	CHECK_INT(d->nodes[3].loc.pyline, 2); /* numbering restarts per file */
	ks_doc_free(d);

	d = parse("%include loop.ks\n", true);
	CHECK(d->fatal);
	ks_doc_free(d);
	d = parse("%include nothere.ks\n", true);
	CHECK(d->fatal);
	ks_doc_free(d);
	d = parse("%include\n", false);
	CHECK(d->fatal);
	ks_doc_free(d);

	/* an included file may close the section its includer opened; the
	 * includer still reads its own lines as that section's and needs a
	 * %end of its own (pykickstart: "does not end with %end" otherwise) */
	d = parse("%post\n%include body.ks\nmore\n%end\n", true);
	CHECK(!d->fatal);
	CHECK_INT(d->nodes[0].kind, KS_NODE_SECTION);
	CHECK(d->nodes[0].closed);
	CHECK_INT(d->nodes[2].kind, KS_NODE_COMMAND); /* "text" from the included file */
	CHECK(last(d)->continued);
	ks_doc_free(d);
	d = parse("%post\n%include body.ks\n", true);
	CHECK(d->fatal);
	CHECK_INT(last(d)->loc.pyline, 2);
	ks_doc_free(d);
	files = NULL;
}

/* A chain deeper than the limit ends in a fatal error, not a stack overflow. */
static int chain_read(void *ctx, const char *path, char **data, size_t *len)
{
	(void)ctx;
	int n = atoi(path + 1);
	char buf[64];
	snprintf(buf, sizeof(buf), "%%include c%d\n", n + 1);
	*data = strdup(buf);
	*len = strlen(buf);
	return 0;
}

TEST(deep_include_chain)
{
	struct ks_source src = { chain_read, NULL };
	struct ks_parse_opts o = { .version = KS_RHEL9, .follow_includes = true, .src = &src };
	struct ks_doc *d = NULL;
	CHECK_INT(ks_parse("c0", "%include c1\n", 12, &o, &d), 0);
	CHECK(d->fatal);
	CHECK(strstr(last(d)->msg, "deep") != NULL);
	ks_doc_free(d);
}

TEST(pathological_input)
{
	/* a 10 MB line of one word, one of many words, one unterminated quote */
	size_t big = 10u << 20;
	char *buf = malloc(big + 16);
	memcpy(buf, "lang ", 5);
	memset(buf + 5, 'x', big - 5);
	buf[big] = '\n';
	struct ks_parse_opts o = { .version = KS_RHEL8 };
	struct ks_doc *d = NULL;
	clock_t t0 = clock();
	CHECK_INT(ks_parse("big.ks", buf, big + 1, &o, &d), 0);
	CHECK(!d->fatal);
	CHECK_INT(d->n, 1);
	ks_doc_free(d);
	for (size_t i = 5; i < big; i += 2)
		buf[i] = ' ';
	CHECK_INT(ks_parse("big.ks", buf, big + 1, &o, &d), 0);
	CHECK(!d->fatal);
	CHECK(d->nodes[0].nwords > 1000000);
	ks_doc_free(d);
	buf[6] = '"';
	CHECK_INT(ks_parse("big.ks", buf, big + 1, &o, &d), 0);
	CHECK(d->fatal);
	ks_doc_free(d);
	/* linear time: three 10 MB parses well under a few seconds even with sanitizers */
	CHECK((clock() - t0) / CLOCKS_PER_SEC < 30);
	free(buf);

	/* NUL bytes and binary junk */
	const char junk[] = "url\0--url=x\n\x01\x02\x03 \x7f\n%post\n\0\n";
	CHECK_INT(ks_parse("junk.ks", junk, sizeof(junk) - 1, &o, &d), 0);
	CHECK(d->fatal); /* the section never ends */
	CHECK_INT(d->nodes[0].kind, KS_NODE_COMMAND);
	CHECK_INT(d->nodes[0].words[0].len, 11); /* "url\0--url=x" is one word, not "url" */
	ks_doc_free(d);
	const char bad[] = "lang en\n\xff\xfe\n";
	CHECK_INT(ks_parse("bad.ks", bad, sizeof(bad) - 1, &o, &d), 0);
	CHECK(d->fatal);
	CHECK_INT(d->n, 1);
	ks_doc_free(d);
}

TEST(memory_budget)
{
	struct ks_parse_opts o = { .version = KS_RHEL8, .max_bytes = 1 << 16 };
	size_t n = 1 << 20;
	char *buf = malloc(n);
	for (size_t i = 0; i < n; i++)
		buf[i] = (i % 8 == 7) ? '\n' : 'a';
	struct ks_doc *d = NULL;
	CHECK_INT(ks_parse("x.ks", buf, n, &o, &d), -ENOMEM);
	free(buf);
}

TEST_MAIN()
