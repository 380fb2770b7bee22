/* Media types and directory pages: names escaped for both the link and the
 * text, directories linked with a trailing '/', and the growable buffer. */
#include <string.h>

#include "http/http_html.h"
#include "http/http_listing.h"
#include "http/http_mime.h"
#include "test.h"

TEST(mime_types)
{
	CHECK_STR(http_mime_type("index.html"), "text/html; charset=utf-8");
	CHECK_STR(http_mime_type("a/b/README.TXT"), "text/plain; charset=utf-8");
	CHECK_STR(http_mime_type("repodata/repomd.xml"), "application/xml");
	CHECK_STR(http_mime_type("x.json"), "application/json");
	CHECK_STR(http_mime_type("pxelinux.cfg/default.cfg"), "text/plain; charset=utf-8");
	CHECK_STR(http_mime_type("Rocky-9.iso"), "application/x-iso9660-image");
	CHECK_STR(http_mime_type("images/install.img"), "application/octet-stream");
	CHECK_STR(http_mime_type("Packages/b/bash-5.1.rpm"), "application/x-rpm");
	CHECK_STR(http_mime_type("EFI/BOOT/BOOTX64.EFI"), "application/efi");
	CHECK_STR(http_mime_type("pxelinux.0"), "application/octet-stream");
	CHECK_STR(http_mime_type("menu.c32"), "application/octet-stream");
	CHECK_STR(http_mime_type("initrd.gz"), "application/gzip");
	CHECK_STR(http_mime_type("x.tar.xz"), "application/x-xz");
	CHECK_STR(http_mime_type("x.bz2"), "application/x-bzip2");
	CHECK_STR(http_mime_type("x.tar"), "application/x-tar");
	CHECK_STR(http_mime_type("LiveOS/squashfs.img"), "application/octet-stream");
	CHECK_STR(http_mime_type("rootfs.squashfs"), "application/vnd.squashfs");
	CHECK_STR(http_mime_type(".treeinfo"), "text/plain; charset=utf-8");
	CHECK_STR(http_mime_type("dist/treeinfo"), "text/plain; charset=utf-8");
	CHECK_STR(http_mime_type(".discinfo"), "text/plain; charset=utf-8");
	CHECK_STR(http_mime_type("vmlinuz"), "application/octet-stream");
	CHECK_STR(http_mime_type(".bashrc"), "application/octet-stream");
	CHECK_STR(http_mime_type("a.unknownext"), "application/octet-stream");
	CHECK_STR(http_mime_type("dir.html/file"), "application/octet-stream");
	CHECK_STR(http_mime_type(""), "application/octet-stream");
}

static const char *text(struct buf *b)
{
	buf_put(b, "", 1);
	b->len--;
	return b->p;
}

TEST(listing)
{
	struct buf b = { 0 };
	http_listing_begin(&b, "/distros/<x>/");
	http_listing_entry(&b, "images", true, 0, 784111777);
	http_listing_entry(&b, "a&b \"c\".txt", false, 1234, 0);
	http_listing_entry(&b, "<script>", false, 1, 0);
	http_listing_end(&b);
	CHECK(!b.nomem);
	const char *t = text(&b);
	CHECK(strstr(t, "<title>Index of /distros/&lt;x&gt;/</title>") != NULL);
	CHECK(strstr(t, "<a href=\"../\">../</a>") != NULL);
	CHECK(strstr(t, "<a href=\"images/\">images/</a></td><td>Sun, 06 Nov 1994 08:49:37 GMT</td><td>-</td>") !=
	      NULL);
	CHECK(strstr(t, "<a href=\"a%26b%20%22c%22.txt\">a&amp;b &quot;c&quot;.txt</a>") != NULL);
	CHECK(strstr(t, "<td>1234</td>") != NULL);
	CHECK(strstr(t, "<script>") == NULL);
	CHECK(strstr(t, "&lt;script&gt;") != NULL);
	CHECK(strstr(t, "</html>\n") != NULL);
	buf_free(&b);

	http_listing_begin(&b, "/");
	http_listing_end(&b);
	CHECK(strstr(text(&b), "../") == NULL); /* no parent above the top */
	buf_free(&b);
}

TEST(buffer)
{
	struct buf b = { 0 };
	for (int i = 0; i < 1000; i++)
		buf_printf(&b, "%04d,", i);
	CHECK_INT(b.len, 5000);
	CHECK(!memcmp(b.p + 4995, "0999,", 5));
	char big[1000];
	memset(big, 'x', sizeof(big) - 1);
	big[sizeof(big) - 1] = 0;
	buf_printf(&b, "[%s]", big);
	CHECK_INT(b.len, 5000 + 1001);
	CHECK(b.p[b.len - 1] == ']');
	buf_reset(&b);
	CHECK_INT(b.len, 0);
	http_html(&b, "a\x01<b>'", 6);
	CHECK_INT(b.len, strlen("a&#xFFFD;&lt;b&gt;&#39;"));
	CHECK(!memcmp(b.p, "a&#xFFFD;&lt;b&gt;&#39;", b.len));
	buf_free(&b);
	CHECK(b.p == NULL && b.len == 0);
}

TEST_MAIN()
