/* tftp_path_normalize: what a request name means inside the root. */
#include "tftp_io/tftp_path.h"

#include <errno.h>

#include "test.h"

static int norm(const char *name, const char *root, char out[TFTP_PATH_MAX])
{
	out[0] = 0;
	return tftp_path_normalize(name, strlen(name), root, out, TFTP_PATH_MAX);
}

#define OK(name, root, want)                             \
	do {                                             \
		char o_[TFTP_PATH_MAX];                  \
		CHECK_INT(norm(name, root, o_), 0);      \
		CHECK_STR(o_, want);                     \
	} while (0)
#define REFUSED(name, root, err)                             \
	do {                                                 \
		char o_[TFTP_PATH_MAX] = "untouched";        \
		CHECK_INT(tftp_path_normalize(name, strlen(name), root, o_, sizeof(o_)), err); \
	} while (0)

TEST(plain_names)
{
	OK("pxelinux.0", "/srv/tftp", "pxelinux.0");
	OK("pxelinux.cfg/01-52-54-00-12-34-56", "/srv/tftp", "pxelinux.cfg/01-52-54-00-12-34-56");
	OK("a b/c d", "/srv/tftp", "a b/c d");
	OK("...", "/srv/tftp", "...");
	OK("..a/b..", "/srv/tftp", "..a/b..");
}

TEST(backslashes_are_slashes)
{
	OK("boot\\x64\\wdsnbp.com", "/srv/tftp", "boot/x64/wdsnbp.com");
	OK("\\boot\\bcd", "/srv/tftp", "boot/bcd");
	REFUSED("boot\\..\\..\\etc\\passwd", "/srv/tftp", -EACCES);
}

TEST(leading_slash_and_root_prefix_map_into_the_root)
{
	OK("/pxelinux.0", "/srv/tftp", "pxelinux.0");
	OK("///pxelinux.0", "/srv/tftp", "pxelinux.0");
	OK("/srv/tftp/pxelinux.0", "/srv/tftp", "pxelinux.0");
	OK("/srv/tftp/pxelinux.0", "/srv/tftp/", "pxelinux.0");
	OK("\\srv\\tftp\\images\\k", "/srv/tftp", "images/k");
	/* only a whole-component prefix is the root */
	OK("/srv/tftpx/a", "/srv/tftp", "srv/tftpx/a");
	/* a relative name that happens to spell the root stays relative */
	OK("srv/tftp/a", "/srv/tftp", "srv/tftp/a");
	/* with root "/" everything is already inside */
	OK("/etc/passwd", "/", "etc/passwd");
	OK("x", NULL, "x");
	REFUSED("/srv/tftp", "/srv/tftp", -EINVAL);
	REFUSED("/srv/tftp/", "/srv/tftp", -EINVAL);
}

TEST(dot_components_dropped)
{
	OK("./pxelinux.0", "/srv/tftp", "pxelinux.0");
	OK("a/./b/.", "/srv/tftp", "a/b");
	REFUSED(".", "/srv/tftp", -EINVAL);
	REFUSED("./.", "/srv/tftp", -EINVAL);
}

TEST(dotdot_refused_anywhere)
{
	REFUSED("..", "/srv/tftp", -EACCES);
	REFUSED("../etc/passwd", "/srv/tftp", -EACCES);
	REFUSED("a/../b", "/srv/tftp", -EACCES);
	REFUSED("a/..", "/srv/tftp", -EACCES);
	REFUSED("/../../etc/shadow", "/srv/tftp", -EACCES);
	REFUSED("/srv/tftp/../x", "/srv/tftp", -EACCES);
}

TEST(empty_components_and_control_bytes_refused)
{
	REFUSED("", "/srv/tftp", -EINVAL);
	REFUSED("/", "/srv/tftp", -EINVAL);
	REFUSED("a//b", "/srv/tftp", -EINVAL);
	REFUSED("efi64//images/x/vmlinuz", "/srv/tftp", -EINVAL);
	REFUSED("a/", "/srv/tftp", -EINVAL);
	REFUSED("a\\\\b", "/srv/tftp", -EINVAL);
	REFUSED("a\nb", "/srv/tftp", -EINVAL);
	REFUSED("a\x7f", "/srv/tftp", -EINVAL);
	char with_nul[] = { 'a', 0, 'b' };
	char out[TFTP_PATH_MAX];
	CHECK_INT(tftp_path_normalize(with_nul, sizeof(with_nul), "/srv/tftp", out, sizeof(out)), -EINVAL);
}

TEST(lengths)
{
	char name[2100], out[TFTP_PATH_MAX];
	memset(name, 'a', 255);
	name[255] = 0;
	CHECK_INT(norm(name, "/srv", out), 0);
	CHECK_INT(strlen(out), 255);
	memset(name, 'a', 256);
	name[256] = 0;
	REFUSED(name, "/srv", -ENAMETOOLONG);
	/* many short components past TFTP_PATH_MAX */
	size_t n = 0;
	while (n + 2 < sizeof(name) - 1) {
		name[n++] = 'a';
		name[n++] = '/';
	}
	name[n++] = 'z';
	name[n] = 0;
	REFUSED(name, "/srv", -ENAMETOOLONG);
	/* the output buffer bounds the result too, and is untouched on failure */
	char small[4] = "xyz";
	CHECK_INT(tftp_path_normalize("abcd", 4, "/srv", small, sizeof(small)), -ENAMETOOLONG);
	CHECK_STR(small, "xyz");
	CHECK_INT(tftp_path_normalize("abc", 3, "/srv", small, sizeof(small)), 0);
	CHECK_STR(small, "abc");
}

TEST_MAIN()
