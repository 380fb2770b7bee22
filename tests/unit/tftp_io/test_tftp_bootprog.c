/* The boot-program provider over a fake package tree: boot program names
 * are served from the package files (shared descriptors, a replaced file
 * opened afresh), other names and missing files fall through with -ENOENT,
 * and each missing package file is logged exactly once, naming the file
 * and the package. */
#include "tftp_io/tftp_source_bootprog.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "core/log.h"
#include "tftp_io/tftp_source_disk.h"
#include "test.h"

static char base[] = "/tmp/pxed-test-bootprog-XXXXXX";
static char logpath[300];

static void put_file(const char *rel, const char *content)
{
	char path[512];
	snprintf(path, sizeof(path), "%s%s", base, rel);
	for (char *s = path + strlen(base) + 1; (s = strchr(s, '/')); s++) {
		*s = 0;
		mkdir(path, 0755);
		*s = '/';
	}
	/* a new file (new inode), as dpkg installs one */
	char tmp[520];
	snprintf(tmp, sizeof(tmp), "%s.new", path);
	FILE *f = fopen(tmp, "w");
	CHECK(f != NULL);
	if (f) {
		fputs(content, f);
		fclose(f);
	}
	CHECK_INT(rename(tmp, path), 0);
}

static int stderr_saved = -1;

/* Log lines go to a file while a test looks at them. */
static void capture_log(void)
{
	snprintf(logpath, sizeof(logpath), "%s.log", base);
	int fd = open(logpath, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
	CHECK(fd >= 0);
	fflush(stderr);
	stderr_saved = dup(2);
	dup2(fd, 2);
	close(fd);
}

static char *captured(void)
{
	fflush(stderr);
	dup2(stderr_saved, 2);
	close(stderr_saved);
	FILE *f = fopen(logpath, "r");
	static char buf[8192];
	size_t n = f ? fread(buf, 1, sizeof(buf) - 1, f) : 0;
	buf[n] = 0;
	if (f)
		fclose(f);
	unlink(logpath);
	return buf;
}

static int count(const char *hay, const char *needle)
{
	int n = 0;
	for (const char *p = hay; (p = strstr(p, needle)); p++)
		n++;
	return n;
}

static char *read_all(struct tftp_source *s)
{
	static char buf[256];
	long n = tftp_source_read(s, 0, buf, sizeof(buf) - 1);
	buf[n > 0 ? n : 0] = 0;
	return buf;
}

TEST(serves_package_files)
{
	CHECK(mkdtemp(base) != NULL);
	put_file("/usr/lib/PXELINUX/pxelinux.0", "fake pxelinux.0");
	put_file("/usr/lib/syslinux/modules/bios/ldlinux.c32", "bios ldlinux");
	put_file("/usr/lib/syslinux/modules/efi64/vesamenu.c32", "efi vesamenu");
	put_file("/usr/lib/grub/x86_64-efi-signed/grubnetx64.efi.signed", "signed grub");

	struct tftp_provider *p = tftp_bootprog_new(base);
	CHECK(p != NULL);
	CHECK_STR(p->name, "bootprog");
	struct tftp_req_info req = { .client_ip = 0xc6120064 };
	struct tftp_source *a = NULL, *b = NULL, *c = NULL;
	CHECK_INT(p->open(p, "pxelinux.0", &req, &a), 0);
	CHECK_INT(a->size, 15);
	CHECK(a->fd >= 0);
	CHECK_STR(read_all(a), "fake pxelinux.0");
	char part[8] = "";
	CHECK_INT(tftp_source_read(a, 5, part, 7), 7);
	CHECK(memcmp(part, "pxelinu", 7) == 0);
	CHECK_INT(tftp_source_read(a, 15, part, 7), 0);
	CHECK_INT(tftp_source_read(a, 1000, part, 7), 0);

	/* a second transfer of the same file shares the descriptor */
	CHECK_INT(p->open(p, "pxelinux.0", &req, &b), 0);
	CHECK(a == b);
	CHECK_INT(tftp_bootprog_open_files(p), 1);
	CHECK_INT(p->open(p, "efi64/vesamenu.c32", &req, &c), 0);
	CHECK_STR(read_all(c), "efi vesamenu");
	CHECK_INT(tftp_bootprog_open_files(p), 2);

	/* an upgrade replaces the file: new transfers get the new one, the
	 * running one keeps reading the old */
	put_file("/usr/lib/PXELINUX/pxelinux.0", "upgraded pxelinux.0 6.05");
	struct tftp_source *d = NULL;
	CHECK_INT(p->open(p, "pxelinux.0", &req, &d), 0);
	CHECK(d != a);
	CHECK_STR(read_all(d), "upgraded pxelinux.0 6.05");
	CHECK_STR(read_all(a), "fake pxelinux.0");
	CHECK_INT(tftp_bootprog_open_files(p), 3);
	tftp_source_close(a);
	tftp_source_close(b);
	tftp_source_close(c);
	CHECK_INT(tftp_bootprog_open_files(p), 1);

	/* a source outliving its provider still reads and closes */
	p->free(p);
	CHECK_STR(read_all(d), "upgraded pxelinux.0 6.05");
	tftp_source_close(d);
}

TEST(falls_through_and_reports_once)
{
	struct tftp_provider *p = tftp_bootprog_new(base);
	struct tftp_source *s = NULL;
	capture_log();
	/* not boot programs: silently the next provider's */
	CHECK_INT(p->open(p, "pxelinux.cfg/default", NULL, &s), -ENOENT);
	CHECK_INT(p->open(p, "distros/x/vmlinuz", NULL, &s), -ENOENT);
	CHECK_INT(p->open(p, "syslinux.efi", NULL, &s), -ENOENT);
	/* missing package files: -ENOENT, one line each however often asked */
	for (int i = 0; i < 3; i++) {
		CHECK_INT(p->open(p, "efi64/syslinux.efi", NULL, &s), -ENOENT);
		CHECK_INT(p->open(p, "shimx64.efi", NULL, &s), -ENOENT);
	}
	/* a module syslinux does not have, in a module directory that exists:
	 * no package is missing */
	CHECK_INT(p->open(p, "efi64/nosuchmodule.c32", NULL, &s), -ENOENT);
	CHECK_INT(p->open(p, "hdt.c32", NULL, &s), -ENOENT);
	p->free(p);
	char *log = captured();
	CHECK_INT(count(log, "\n"), 2);
	char want[600];
	snprintf(want, sizeof(want),
		 "efi64/syslinux.efi: %s/usr/lib/SYSLINUX.EFI/efi64/syslinux.efi missing; install Debian "
		 "package syslinux-efi\n",
		 base);
	CHECK_INT(count(log, want), 1);
	snprintf(want, sizeof(want),
		 "shimx64.efi: %s/usr/lib/shim/shimx64.efi.signed missing; install Debian package "
		 "shim-signed\n",
		 base);
	CHECK_INT(count(log, want), 1);
	CHECK_INT(count(log, " pxed warning: "), 2);
	if (count(log, "\n") != 2)
		fprintf(stderr, "log was:\n%s", log);
}

TEST(module_directory_missing_is_reported)
{
	char dir[400];
	snprintf(dir, sizeof(dir), "rm -rf '%s/usr/lib/syslinux/modules/bios'", base);
	CHECK_INT(system(dir), 0);
	struct tftp_provider *p = tftp_bootprog_new(base);
	struct tftp_source *s = NULL;
	capture_log();
	CHECK_INT(p->open(p, "hdt.c32", NULL, &s), -ENOENT);
	CHECK_INT(p->open(p, "vesainfo.c32", NULL, &s), -ENOENT);
	p->free(p);
	char *log = captured();
	CHECK_INT(count(log, "\n"), 1);
	CHECK_INT(count(log, "hdt.c32: "), 1);
	CHECK_INT(count(log, "install Debian package syslinux-common\n"), 1);
}

TEST(goes_before_the_disk)
{
	/* the provider chain of the TFTP shell: boot programs first, then the
	 * operator's root, which still serves what no package provides */
	char root[400];
	snprintf(root, sizeof(root), "%s/tftproot", base);
	CHECK_INT(mkdir(root, 0755), 0);
	put_file("/tftproot/shimx64.efi", "operator's own shim");
	put_file("/tftproot/pxelinux.0", "operator's stale pxelinux.0");
	struct tftp_provider *v[2] = { tftp_bootprog_new(base), tftp_disk_new(root, 0) };
	struct tftp_source *s = NULL;
	capture_log();
	CHECK_INT(tftp_providers_open(v, 2, "pxelinux.0", NULL, &s), 0);
	CHECK_STR(read_all(s), "upgraded pxelinux.0 6.05");
	tftp_source_close(s);
	CHECK_INT(tftp_providers_open(v, 2, "shimx64.efi", NULL, &s), 0);
	CHECK_STR(read_all(s), "operator's own shim");
	tftp_source_close(s);
	CHECK_INT(tftp_providers_open(v, 2, "grubx64.efi", NULL, &s), 0);
	CHECK_STR(read_all(s), "signed grub");
	tftp_source_close(s);
	CHECK_INT(tftp_providers_open(v, 2, "lpxelinux.0", NULL, &s), -ENOENT);
	v[0]->free(v[0]);
	v[1]->free(v[1]);
	char *log = captured();
	CHECK_INT(count(log, "shimx64.efi: "), 1);
	CHECK_INT(count(log, "lpxelinux.0: "), 1);
	char cmd[400];
	snprintf(cmd, sizeof(cmd), "rm -rf '%s'", base);
	CHECK_INT(system(cmd), 0);
}

TEST_MAIN()
