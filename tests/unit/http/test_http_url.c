/* Request targets: the path decoded and confined like a TFTP name, every
 * traversal spelling refused, the query read parameter by parameter, and
 * names escaped for links. */
#include <errno.h>
#include <string.h>

#include "http/http_url.h"
#include "test.h"

static char out[HTTP_PATH_MAX];
static bool dir;

static int norm(const char *p)
{
	out[0] = 0;
	return http_path_normalize(p, strlen(p), out, sizeof(out), &dir);
}

TEST(plain_paths)
{
	CHECK_INT(norm("/"), 0);
	CHECK_STR(out, "");
	CHECK(dir);
	CHECK_INT(norm("/pxelinux.0"), 0);
	CHECK_STR(out, "pxelinux.0");
	CHECK(!dir);
	CHECK_INT(norm("/distros/rocky9/images/pxeboot/vmlinuz"), 0);
	CHECK_STR(out, "distros/rocky9/images/pxeboot/vmlinuz");
	CHECK_INT(norm("/distros/rocky9/"), 0);
	CHECK_STR(out, "distros/rocky9");
	CHECK(dir);
	CHECK_INT(norm("/a/."), 0);
	CHECK_STR(out, "a");
	CHECK(dir);
}

TEST(decoding)
{
	CHECK_INT(norm("/with%20space/%41%62c"), 0);
	CHECK_STR(out, "with space/Abc");
	CHECK_INT(norm("/a+b"), 0); /* '+' is only a space in queries */
	CHECK_STR(out, "a+b");
	CHECK_INT(norm("/caf%C3%A9"), 0);
	CHECK_STR(out, "caf\xc3\xa9");
	/* an encoded '/' separates, like a real one */
	CHECK_INT(norm("/a%2fb"), 0);
	CHECK_STR(out, "a/b");
}

TEST(slashes_and_dots)
{
	CHECK_INT(norm("//a///b//"), 0);
	CHECK_STR(out, "a/b");
	CHECK(dir);
	CHECK_INT(norm("/./a/./b"), 0);
	CHECK_STR(out, "a/b");
	CHECK_INT(norm("/a\\b"), 0);
	CHECK_STR(out, "a/b");
	CHECK_INT(norm("/.hidden/..x/x.."), 0);
	CHECK_STR(out, ".hidden/..x/x..");
}

TEST(traversal_refused)
{
	const char *bad[] = {
		"/..", "/../etc/passwd", "/a/../../b", "/a/..", "/%2e%2e/x", "/%2E%2E", "/.%2e/x", "/a%2f..%2fb",
		"/a/%2f..", "/..\\x", "/a\\..\\..\\x", "/a/%5c..%5cx", "/a/..%2f",
	};
	for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		int r = norm(bad[i]);
		if (r != -EACCES)
			fprintf(stderr, "'%s' -> %d '%s'\n", bad[i], r, out);
		CHECK_INT(r, -EACCES);
	}
}

TEST(bad_bytes_refused)
{
	const char *bad[] = {
		"/a%00b", "/a%00", "/%0a", "/%7f", "/a%", "/a%4", "/a%zz", "/a%g0", "/a\tb", "", "a", "x/y",
		/* a bad escape wins over a traversal next to it */
		"/../%zz",
	};
	for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		int r = norm(bad[i]);
		if (r != -EINVAL)
			fprintf(stderr, "'%s' -> %d\n", bad[i], r);
		CHECK_INT(r, -EINVAL);
	}
	CHECK_INT(http_path_normalize("/a\0b", 4, out, sizeof(out), &dir), -EINVAL);
}

TEST(lengths)
{
	static char p[HTTP_PATH_MAX * 3];
	p[0] = '/';
	memset(p + 1, 'a', 256);
	p[257] = 0;
	CHECK_INT(norm(p), -ENAMETOOLONG);
	p[256] = 0;
	CHECK_INT(norm(p), 0);
	/* a path that fits the limit only after merging slashes is fine */
	size_t n = 0;
	p[n++] = '/';
	while (n < HTTP_PATH_MAX + 200)
		p[n++] = '/';
	strcpy(p + n, "x");
	CHECK_INT(norm(p), 0);
	CHECK_STR(out, "x");
	/* too long a result */
	n = 0;
	for (int i = 0; i < 25; i++) {
		p[n++] = '/';
		memset(p + n, 'b', 200);
		n += 200;
	}
	p[n] = 0;
	CHECK_INT(norm(p), -ENAMETOOLONG);
	/* a small output buffer */
	CHECK_INT(http_path_normalize("/abc", 4, out, 3, &dir), -ENAMETOOLONG);
	CHECK_INT(http_path_normalize("/abc", 4, out, 4, &dir), 0);
}

TEST(target_split)
{
	const char *p, *q;
	size_t pl, ql;
	const char *t = "/ipxe?mac=52:54:00:aa:bb:cc&x=1";
	CHECK_INT(http_target_split(t, strlen(t), &p, &pl, &q, &ql), 0);
	CHECK_INT(pl, 5);
	CHECK(!memcmp(p, "/ipxe", 5));
	CHECK_INT(ql, strlen("mac=52:54:00:aa:bb:cc&x=1"));
	t = "/plain";
	CHECK_INT(http_target_split(t, strlen(t), &p, &pl, &q, &ql), 0);
	CHECK_INT(pl, 6);
	CHECK_INT(ql, 0);
	t = "http://198.18.0.1:8080/x/y?z";
	CHECK_INT(http_target_split(t, strlen(t), &p, &pl, &q, &ql), 0);
	CHECK_INT(pl, 4);
	CHECK(!memcmp(p, "/x/y", 4));
	CHECK_INT(ql, 1);
	t = "/?";
	CHECK_INT(http_target_split(t, strlen(t), &p, &pl, &q, &ql), 0);
	CHECK_INT(pl, 1);
	CHECK_INT(ql, 0);
	CHECK_INT(http_target_split("*", 1, &p, &pl, &q, &ql), -EINVAL);
	CHECK_INT(http_target_split("http://host", 11, &p, &pl, &q, &ql), -EINVAL);
	CHECK_INT(http_target_split("", 0, &p, &pl, &q, &ql), -EINVAL);
}

TEST(query)
{
	char v[64];
	const char *q = "mac=52%3A54%3a00%3Aaa%3Abb%3Acc&token=a+b%2Bc&flag&empty=&eq=a=b";
	size_t n = strlen(q);
	CHECK_INT(http_query_get(q, n, "mac", v, sizeof(v)), 17);
	CHECK_STR(v, "52:54:00:aa:bb:cc");
	CHECK_INT(http_query_get(q, n, "token", v, sizeof(v)), 5);
	CHECK_STR(v, "a b+c");
	CHECK_INT(http_query_get(q, n, "flag", v, sizeof(v)), 0);
	CHECK_STR(v, "");
	CHECK_INT(http_query_get(q, n, "empty", v, sizeof(v)), 0);
	CHECK_INT(http_query_get(q, n, "eq", v, sizeof(v)), 3);
	CHECK_STR(v, "a=b");
	CHECK_INT(http_query_get(q, n, "missing", v, sizeof(v)), -ENOENT);
	CHECK_INT(http_query_get(q, n, "ma", v, sizeof(v)), -ENOENT);
	CHECK_INT(http_query_get(q, n, "mac", v, 5), -ENAMETOOLONG);
	CHECK_INT(http_query_get("a=%00", 5, "a", v, sizeof(v)), -EINVAL);
	CHECK_INT(http_query_get("a=%zz", 5, "a", v, sizeof(v)), -EINVAL);
	/* the first of two wins; encoded names match */
	CHECK_INT(http_query_get("a=1&a=2", 7, "a", v, sizeof(v)), 1);
	CHECK_STR(v, "1");
	CHECK_INT(http_query_get("%61=9", 5, "a", v, sizeof(v)), 1);
	CHECK_STR(v, "9");
	CHECK_INT(http_query_get("", 0, "a", v, sizeof(v)), -ENOENT);
}

TEST(url_escape)
{
	char b[64];
	CHECK_INT(http_url_escape("a b&c", 5, b, sizeof(b)), 9);
	CHECK_STR(b, "a%20b%26c");
	CHECK_INT(http_url_escape("x:y?\"<", 6, b, sizeof(b)), 14);
	CHECK_STR(b, "x%3Ay%3F%22%3C");
	CHECK_INT(http_url_escape("Az09-._~", 8, b, sizeof(b)), 8);
	CHECK_STR(b, "Az09-._~");
	CHECK_INT(http_url_escape("\xff", 1, b, sizeof(b)), 3);
	CHECK_STR(b, "%FF");
	CHECK_INT(http_url_escape("abc", 3, b, 3), -ENOSPC);
	CHECK_INT(http_url_escape("abc", 3, b, 4), 3);
}

TEST_MAIN()
