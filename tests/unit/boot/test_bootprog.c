/* The boot-program table: lookups of explicit names and module patterns,
 * the loaders a DHCP boot file names, the missing-package message, and
 * opening files in a fake /usr/lib tree made under a temporary base. */
#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <sys/stat.h>
#include <unistd.h>

#include "boot/bootprog.h"
#include "test.h"

static char base[] = "/tmp/pxed-bootprog-XXXXXX";

static void put_file(const char *rel, const char *content)
{
	char path[512];
	snprintf(path, sizeof(path), "%s%s", base, rel);
	/* mkdir -p of the parents */
	for (char *s = path + strlen(base) + 1; (s = strchr(s, '/')); s++) {
		*s = 0;
		mkdir(path, 0755);
		*s = '/';
	}
	FILE *f = fopen(path, "w");
	CHECK(f != NULL);
	if (f) {
		fputs(content, f);
		fclose(f);
	}
}

static void rm_tree(void)
{
	char cmd[600];
	snprintf(cmd, sizeof(cmd), "rm -rf '%s'", base);
	CHECK_INT(system(cmd), 0);
}

static const char *lookup_source(const char *name)
{
	static struct bootprog_match m;
	return bootprog_lookup(name, &m) == 0 ? m.source : NULL;
}

TEST(explicit_names)
{
	CHECK_STR(lookup_source("pxelinux.0"), "/usr/lib/PXELINUX/pxelinux.0");
	CHECK_STR(lookup_source("lpxelinux.0"), "/usr/lib/PXELINUX/lpxelinux.0");
	CHECK_STR(lookup_source("ldlinux.c32"), "/usr/lib/syslinux/modules/bios/ldlinux.c32");
	CHECK_STR(lookup_source("efi64/syslinux.efi"), "/usr/lib/SYSLINUX.EFI/efi64/syslinux.efi");
	CHECK_STR(lookup_source("efi64/ldlinux.e64"), "/usr/lib/syslinux/modules/efi64/ldlinux.e64");
	CHECK_STR(lookup_source("grubx64.efi"), "/usr/lib/grub/x86_64-efi-signed/grubnetx64.efi.signed");
	CHECK_STR(lookup_source("shimx64.efi"), "/usr/lib/shim/shimx64.efi.signed");
	CHECK_STR(lookup_source("undionly.kpxe"), "/usr/lib/ipxe/undionly.kpxe");
	CHECK_STR(lookup_source("memtest86+x64.bin"), "/boot/memtest86+x64.bin");
	struct bootprog_match m;
	CHECK_INT(bootprog_lookup("menu.c32", &m), 0);
	CHECK_STR(m.name, "menu.c32");
	CHECK_STR(m.bp->package, "syslinux-common");
	CHECK(m.bp->needed_by & BOOTPROG_PXELINUX);
}

TEST(module_patterns)
{
	CHECK_STR(lookup_source("hdt.c32"), "/usr/lib/syslinux/modules/bios/hdt.c32");
	CHECK_STR(lookup_source("efi64/vesamenu.c32"), "/usr/lib/syslinux/modules/efi64/vesamenu.c32");
	CHECK_STR(lookup_source("efi64/menu.c32"), "/usr/lib/syslinux/modules/efi64/menu.c32");
	struct bootprog_match m;
	CHECK_INT(bootprog_lookup("efi64/reboot.c32", &m), 0);
	CHECK_STR(m.bp->name, "efi64/*.c32");
	CHECK_INT(m.bp->needed_by, 0);
	/* the star covers one plain file name, nothing more */
	CHECK(lookup_source("efi64/sub/menu.c32") == NULL);
	CHECK(lookup_source("sub/menu.c32") == NULL);
	CHECK(lookup_source("efi32/menu.c32") == NULL);
	CHECK(lookup_source(".c32") == NULL);
	CHECK(lookup_source("efi64/.c32") == NULL);
	CHECK(lookup_source("efi64/..c32") == NULL);
	CHECK(lookup_source("*.c32") == NULL);
	CHECK(lookup_source("a b.c32") == NULL);
	CHECK(lookup_source("menu.c32x") == NULL);
	CHECK(lookup_source("../../etc/passwd") == NULL);
	/* GRUB's modules and lists, loaded after its config: no boot phase */
	CHECK_STR(lookup_source("grub/x86_64-efi/http.mod"), "/usr/lib/grub/x86_64-efi/http.mod");
	CHECK_STR(lookup_source("grub/x86_64-efi/command.lst"), "/usr/lib/grub/x86_64-efi/command.lst");
	CHECK_INT(bootprog_lookup("grub/x86_64-efi/http.mod", &m), 0);
	CHECK(bootprog_is_grub_module(&m));
	CHECK_STR(m.bp->package, "grub-efi-amd64-bin");
	CHECK_INT(bootprog_lookup("grubx64.efi", &m), 0);
	CHECK(!bootprog_is_grub_module(&m));
	CHECK(lookup_source("grub/x86_64-efi/../http.mod") == NULL);
	CHECK(lookup_source("grub/i386-pc/http.mod") == NULL);
	CHECK(lookup_source("grub/x86_64-efi/http.img") == NULL);
	char longname[100];
	memset(longname, 'a', 80);
	memcpy(longname + 80, ".c32", 5);
	CHECK(lookup_source(longname) == NULL);
}

TEST(unknown_names)
{
	struct bootprog_match m;
	CHECK_INT(bootprog_lookup("pxelinux.cfg/default", &m), -ENOENT);
	CHECK_INT(bootprog_lookup("syslinux.efi", &m), -ENOENT);
	CHECK_INT(bootprog_lookup("/pxelinux.0", &m), -ENOENT);
	CHECK_INT(bootprog_lookup("", &m), -ENOENT);
	CHECK_INT(bootprog_lookup("distros/rocky/images/pxeboot/vmlinuz", &m), -ENOENT);
}

TEST(table_is_consistent)
{
	unsigned covered = 0;
	for (size_t i = 0; i < bootprog_count(); i++) {
		const struct bootprog *bp = bootprog_at(i);
		bool pattern = strchr(bp->name, '*') != NULL;
		size_t sl = strlen(bp->source);
		CHECK(bp->source[0] == '/');
		CHECK(pattern == (bp->source[sl - 1] == '/'));
		CHECK(bp->package && *bp->package && bp->what && *bp->what);
		covered |= bp->needed_by;
		/* every name resolves to its own entry */
		if (!pattern) {
			struct bootprog_match m;
			CHECK_INT(bootprog_lookup(bp->name, &m), 0);
			CHECK(m.bp == bp);
		}
		/* a loader needs the file the DHCP boot file names */
		unsigned self = bootprog_loader_of(bp->name);
		if (self)
			CHECK(bp->needed_by & self);
	}
	CHECK(bootprog_at(bootprog_count()) == NULL);
	CHECK_INT(covered, 0xff);
}

TEST(loaders_of_boot_files)
{
	CHECK_INT(bootprog_loader_of("pxelinux.0"), BOOTPROG_PXELINUX);
	CHECK_INT(bootprog_loader_of("/pxelinux.0"), BOOTPROG_PXELINUX);
	CHECK_INT(bootprog_loader_of("lpxelinux.0"), BOOTPROG_LPXELINUX);
	CHECK_INT(bootprog_loader_of("efi64/syslinux.efi"), BOOTPROG_SYSLINUX_EFI64);
	CHECK_INT(bootprog_loader_of("shimx64.efi"), BOOTPROG_SHIM);
	CHECK_INT(bootprog_loader_of("http://${next-server}:${http-port}/grubx64.efi"), BOOTPROG_GRUB);
	CHECK_INT(bootprog_loader_of("tftp://198.18.0.1/undionly.kpxe"), BOOTPROG_IPXE_BIOS);
	CHECK_INT(bootprog_loader_of("ipxe.efi"), BOOTPROG_IPXE_EFI);
	CHECK_INT(bootprog_loader_of("http://${next-server}:${http-port}/boot.ipxe"), 0);
	CHECK_INT(bootprog_loader_of("http://host-without-path"), 0);
	CHECK_INT(bootprog_loader_of("syslinux.efi"), 0);
	CHECK_INT(bootprog_loader_of("custom/loader.0"), 0);
	CHECK_STR(bootprog_loader_name(BOOTPROG_SHIM | BOOTPROG_GRUB), "grubx64.efi");
	CHECK_STR(bootprog_loader_name(BOOTPROG_SYSLINUX_EFI64), "efi64/syslinux.efi");
	CHECK_STR(bootprog_loader_name(0), "");
}

TEST(missing_message)
{
	struct bootprog_match m;
	char msg[300];
	CHECK_INT(bootprog_lookup("pxelinux.0", &m), 0);
	bootprog_missing_msg(&m, NULL, msg, sizeof(msg));
	CHECK_STR(msg, "pxelinux.0: /usr/lib/PXELINUX/pxelinux.0 missing; install Debian package pxelinux");
	bootprog_missing_msg(&m, "/", msg, sizeof(msg));
	CHECK_STR(msg, "pxelinux.0: /usr/lib/PXELINUX/pxelinux.0 missing; install Debian package pxelinux");
	bootprog_missing_msg(&m, "/srv/fake/", msg, sizeof(msg));
	CHECK_STR(msg, "pxelinux.0: /srv/fake/usr/lib/PXELINUX/pxelinux.0 missing; install Debian package "
		       "pxelinux");
	CHECK_INT(bootprog_lookup("efi64/vesamenu.c32", &m), 0);
	bootprog_missing_msg(&m, NULL, msg, sizeof(msg));
	CHECK_STR(msg, "efi64/vesamenu.c32: /usr/lib/syslinux/modules/efi64/vesamenu.c32 missing; "
		       "install Debian package syslinux-common");
	CHECK_INT(bootprog_lookup("grubx64.efi", &m), 0);
	bootprog_missing_msg(&m, NULL, msg, sizeof(msg));
	CHECK_STR(msg, "grubx64.efi: /usr/lib/grub/x86_64-efi-signed/grubnetx64.efi.signed missing; "
		       "install Debian package grub-efi-amd64-signed");
}

TEST(open_in_a_fake_tree)
{
	CHECK(mkdtemp(base) != NULL);
	put_file("/usr/lib/PXELINUX/pxelinux.0", "fake pxelinux");
	put_file("/usr/lib/syslinux/modules/efi64/menu.c32", "efi menu");
	put_file("/usr/lib/syslinux/modules/efi64/hdt.c32", "efi hdt");
	char dir[512];
	snprintf(dir, sizeof(dir), "%s/usr/lib/shim", base);
	mkdir(dir, 0755);
	snprintf(dir, sizeof(dir), "%s/usr/lib/shim/shimx64.efi.signed", base);
	CHECK_INT(mkdir(dir, 0755), 0); /* a directory where the file should be */

	struct tree_file f;
	struct bootprog_match m;
	CHECK_INT(bootprog_open_name(base, "pxelinux.0", &f, &m), 0);
	CHECK_INT(f.size, 13);
	CHECK_INT(f.offset, 0);
	CHECK(f.owns_fd && !f.is_dir && f.id != 0);
	char buf[32] = "";
	CHECK_INT(pread(f.fd, buf, sizeof(buf), 0), 13);
	CHECK_STR(buf, "fake pxelinux");
	tree_file_close(&f);
	CHECK_INT(f.fd, -1);

	CHECK_INT(bootprog_open_name(base, "efi64/hdt.c32", &f, &m), 0);
	CHECK_INT(f.size, 7);
	tree_file_close(&f);
	CHECK(bootprog_name_present(base, "efi64/hdt.c32"));
	CHECK(!bootprog_name_present(base, "efi64/nothere.c32"));
	CHECK(!bootprog_name_present(base, "shimx64.efi")); /* a directory */
	CHECK(!bootprog_name_present(base, "not-a-boot-program"));

	/* a boot program whose package file is missing, a name that is none */
	CHECK_INT(bootprog_open_name(base, "lpxelinux.0", &f, &m), -ENOENT);
	CHECK(m.bp != NULL);
	CHECK_STR(m.bp->package, "pxelinux");
	CHECK_INT(bootprog_open_name(base, "pxelinux.cfg/default", &f, &m), -ENOENT);
	CHECK(m.bp == NULL);
	CHECK_INT(bootprog_open_name(base, "efi64/nothere.c32", &f, &m), -ENOENT);
	CHECK_INT(bootprog_open_name(base, "shimx64.efi", &f, &m), -EISDIR);
	/* the same with a trailing slash on the base */
	char slashed[600];
	snprintf(slashed, sizeof(slashed), "%s//", base);
	CHECK_INT(bootprog_open_name(slashed, "pxelinux.0", &f, &m), 0);
	tree_file_close(&f);

	/* present: files, and for a pattern its directory */
	for (size_t i = 0; i < bootprog_count(); i++) {
		const struct bootprog *bp = bootprog_at(i);
		int want = strcmp(bp->name, "pxelinux.0") == 0 || strcmp(bp->name, "efi64/menu.c32") == 0 ||
				   strcmp(bp->name, "efi64/*.c32") == 0
			   ? 0
			   : -ENOENT;
		int got = bootprog_present(base, bp);
		if (got != want)
			fprintf(stderr, "present(%s) = %d, expected %d\n", bp->name, got, want);
		CHECK_INT(got, want);
	}
	rm_tree();
}

TEST(real_system_when_installed)
{
	/* this machine's packages, when they are there: the table's paths are
	 * Debian's real ones */
	struct bootprog_match m;
	struct tree_file f;
	if (access("/usr/lib/PXELINUX/pxelinux.0", R_OK) != 0) {
		printf("     (pxelinux not installed: skipped)\n");
		return;
	}
	static const char *const names[] = { "pxelinux.0", "ldlinux.c32", "menu.c32", "libutil.c32",
					     "libcom32.c32", "efi64/ldlinux.e64", "efi64/menu.c32" };
	for (size_t i = 0; i < sizeof(names) / sizeof(names[0]); i++) {
		int r = bootprog_open_name(NULL, names[i], &f, &m);
		if (r != 0)
			fprintf(stderr, "%s: %d\n", names[i], r);
		CHECK_INT(r, 0);
		if (r == 0) {
			CHECK(f.size > 0);
			tree_file_close(&f);
		}
	}
}

TEST_MAIN()
