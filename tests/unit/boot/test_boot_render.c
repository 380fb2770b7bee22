/* boot_render beyond the goldens: which served names mean what (and which
 * fall through with -ENOENT), the installer arguments per distro version,
 * the loader commands per distro, and that no string from the catalog can
 * add a line or a command to a config. */
#include <stdlib.h>

#include "boot_fixture.h"
#include "test.h"

static char *render(const struct boot_ctx *ctx, const char *name, int *r)
{
	char *text = NULL;
	size_t len = 0;
	*r = boot_render_dup(ctx, name, &text, &len);
	return *r == 0 ? text : NULL;
}

/* The output for name, or "" (with a failed check) when rendering failed. */
static char *must_render(const struct boot_ctx *ctx, const char *name)
{
	int r;
	char *t = render(ctx, name, &r);
	if (r != 0)
		fprintf(stderr, "boot_render(%s) = %d\n", name, r);
	CHECK_INT(r, 0);
	return t ? t : calloc(1, 1);
}

static int render_rc(const struct boot_ctx *ctx, const char *name)
{
	int r;
	free(render(ctx, name, &r));
	return r;
}

TEST(names_that_fall_through)
{
	struct boot_ctx ctx = fx_ctx();
	/* pxelinux's search: IP in hex, shortened, UUIDs: the default answers */
	CHECK_INT(render_rc(&ctx, "pxelinux.cfg/C6120064"), -ENOENT);
	CHECK_INT(render_rc(&ctx, "pxelinux.cfg/C"), -ENOENT);
	CHECK_INT(render_rc(&ctx, "efi64/pxelinux.cfg/C612006"), -ENOENT);
	CHECK_INT(render_rc(&ctx, "pxelinux.cfg/564d1234-0000-0000-0000-000000000000"), -ENOENT);
	/* a MAC nobody owns */
	CHECK_INT(render_rc(&ctx, "pxelinux.cfg/01-52-54-00-99-99-99"), -ENOENT);
	CHECK_INT(render_rc(&ctx, "grub/grub.cfg-01-52:54:00:99:99:99"), -ENOENT);
	/* not quite a MAC */
	CHECK_INT(render_rc(&ctx, "pxelinux.cfg/01-52-54-00-00-00-06x"), -ENOENT);
	CHECK_INT(render_rc(&ctx, "pxelinux.cfg/01-52-54-00-00-00"), -ENOENT);
	CHECK_INT(render_rc(&ctx, "pxelinux.cfg/01-52:54-00-00-00-06"), -ENOENT);
	CHECK_INT(render_rc(&ctx, "pxelinux.cfg/06-52-54-00-00-00-06"), -ENOENT);
	/* other names are not ours at all */
	CHECK_INT(render_rc(&ctx, "pxelinux.cfg/default.bak"), -ENOENT);
	CHECK_INT(render_rc(&ctx, "pxelinux.0"), -ENOENT);
	CHECK_INT(render_rc(&ctx, "grub/grub.cfg.old"), -ENOENT);
	CHECK_INT(render_rc(&ctx, "grub/x86_64-efi/command.lst"), -ENOENT);
	CHECK_INT(render_rc(&ctx, "efi32/pxelinux.cfg/default"), -ENOENT);
	CHECK_INT(render_rc(&ctx, "/pxelinux.cfg/default"), -ENOENT);
	CHECK_INT(render_rc(&ctx, ""), -ENOENT);
	/* a host to install whose profile is gone: no per-host config */
	CHECK_INT(render_rc(&ctx, "pxelinux.cfg/01-52-54-00-00-20-00"), -ENOENT);
	CHECK_INT(render_rc(&ctx, "grub/grub.cfg-01-52:54:00:00:20:00"), -ENOENT);
	/* no lookup at all: every per-host name falls through */
	ctx.host_by_mac = NULL;
	CHECK_INT(render_rc(&ctx, "pxelinux.cfg/01-52-54-00-00-00-06"), -ENOENT);
}

TEST(mac_spellings)
{
	struct boot_ctx ctx = fx_ctx();
	/* GRUB asks with colons (${net_default_mac}); dashes and upper case
	 * mean the same host */
	char *a = must_render(&ctx, "grub/grub.cfg-01-52:54:00:00:00:07");
	char *b = must_render(&ctx, "grub/grub.cfg-01-52-54-00-00-00-07");
	char *c = must_render(&ctx, "grub/grub.cfg-01-52:54:00:00:00:07");
	char *d = must_render(&ctx, "pxelinux.cfg/01-52-54-00-00-00-07");
	char *e = must_render(&ctx, "pxelinux.cfg/01-52-54-00-00-00-07");
	CHECK_STR(a, b);
	CHECK_STR(a, c);
	CHECK_STR(d, e);
	free(a);
	free(b);
	free(c);
	free(d);
	free(e);
	a = must_render(&ctx, "pxelinux.cfg/01-52-54-00-00-10-09");
	b = must_render(&ctx, "pxelinux.cfg/01-52-54-00-00-10-09");
	CHECK_STR(a, b);
	free(a);
	free(b);
	a = must_render(&ctx, "ipxe/52-54-00-00-00-09");
	b = must_render(&ctx, "ipxe/52:54:00:00:00:09");
	CHECK_STR(a, b);
	free(a);
	free(b);
}

TEST(ipxe_menu_for_strangers)
{
	struct boot_ctx ctx = fx_ctx();
	char *menu = must_render(&ctx, "ipxe");
	char *slash = must_render(&ctx, "ipxe/");
	char *stranger = must_render(&ctx, "ipxe/52:54:00:99:99:99");
	char *orphan = must_render(&ctx, "ipxe/52:54:00:00:20:00");
	CHECK_STR(slash, menu);
	CHECK_STR(stranger, menu);
	CHECK_STR(orphan, menu);
	CHECK(strncmp(menu, "#!ipxe\n", 7) == 0);
	free(menu);
	free(slash);
	free(stranger);
	free(orphan);
	CHECK_INT(render_rc(&ctx, "ipxe/garbage"), -ENOENT);
	CHECK_INT(render_rc(&ctx, "ipxe?mac=52:54:00:00:00:09"), -ENOENT);
}

TEST(installed_host_without_profile_boots_its_disk)
{
	struct boot_ctx ctx = fx_ctx();
	char *t = must_render(&ctx, "pxelinux.cfg/01-52-54-00-00-20-01");
	CHECK(strstr(t, "DEFAULT local\n") != NULL);
	CHECK(strstr(t, "LOCALBOOT 0\n") != NULL);
	free(t);
	t = must_render(&ctx, "grub/grub.cfg-01-52:54:00:00:20:01");
	/* no distro known: only the removable-media path */
	CHECK(strstr(t, "for loader in /EFI/BOOT/BOOTX64.EFI; do") != NULL);
	free(t);
}

TEST(installer_arguments_per_version)
{
	struct boot_ctx ctx = fx_ctx();
	char *el6 = must_render(&ctx, "pxelinux.cfg/01-52-54-00-00-00-06");
	CHECK(strstr(el6, "APPEND ks=http://198.18.0.1:8080/ks/node06.lab.example ksdevice=bootif "
			  "kssendmac\n") != NULL);
	CHECK(strstr(el6, "inst.") == NULL);
	CHECK(strstr(el6, "IPAPPEND 2\n") != NULL);
	free(el6);
	char *el7 = must_render(&ctx, "pxelinux.cfg/01-52-54-00-00-00-07");
	CHECK(strstr(el7, "APPEND inst.ks=http://198.18.0.1:8080/ks/node07.lab.example "
			  "inst.repo=http://198.18.0.1:8080/distros/centos-7.9 inst.ks.sendmac ip=dhcp "
			  "console=tty0 console=ttyS0,115200n8\n") != NULL);
	free(el7);

	char *menu = must_render(&ctx, "pxelinux.cfg/default");
	/* the menu knows no host: the daemon resolves the MAC header */
	CHECK(strstr(menu, "APPEND ks=http://198.18.0.1:8080/ks/ ksdevice=bootif kssendmac\n") != NULL);
	CHECK(strstr(menu, "inst.ks=http://198.18.0.1:8080/ks/ inst.repo=") != NULL);
	/* interactive entries: a repository, no kickstart */
	CHECK(strstr(menu, "APPEND repo=http://198.18.0.1:8080/distros/centos-6.10\n") != NULL);
	CHECK(strstr(menu, "APPEND repo=http://198.18.0.1:8080/distros/centos-6.10 text\n") != NULL);
	CHECK(strstr(menu, "distros/centos-6.10 xdriver=vesa nomodeset\n") != NULL);
	CHECK(strstr(menu, "distros/centos-6.10 rescue\n") != NULL);
	CHECK(strstr(menu, "distros/centos-7.9 ip=dhcp inst.text console=tty0") != NULL);
	CHECK(strstr(menu, "distros/centos-7.9 ip=dhcp inst.xdriver=vesa nomodeset console=") != NULL);
	CHECK(strstr(menu, "distros/centos-7.9 ip=dhcp inst.rescue console=") != NULL);
	CHECK(strstr(menu, "distros/rocky-9.4 ip=dhcp nomodeset inst.sshd\n") != NULL);
	CHECK(strstr(menu, "distros/fedora-40 ip=dhcp nomodeset\n") != NULL);
	CHECK(strstr(menu, "distros/fedora-40 ip=dhcp inst.rescue\n") != NULL);
	free(menu);

	/* HTTP on port 80 is written without the port */
	ctx.http_port = 80;
	menu = must_render(&ctx, "pxelinux.cfg/default");
	CHECK(strstr(menu, "ks=http://198.18.0.1/ks/ ") != NULL);
	CHECK(strstr(menu, ":80") == NULL);
	free(menu);
}

TEST(loader_specifics)
{
	struct boot_ctx ctx = fx_ctx();
	char *t = must_render(&ctx, "grub/grub.cfg");
	CHECK(strstr(t, "configfile $prefix/grub.cfg-01-${net_default_mac}\n") != NULL);
	/* EL7 takes linuxefi, EL6 and EL9 and Fedora 40 linux */
	CHECK(strstr(t, "\tlinuxefi (http,198.18.0.1:8080)/distros/centos-7.9/images/pxeboot/vmlinuz ") != NULL);
	CHECK(strstr(t, "\tinitrdefi (http,198.18.0.1:8080)/distros/centos-7.9/") != NULL);
	CHECK(strstr(t, "\tlinux (http,198.18.0.1:8080)/distros/centos-6.10/") != NULL);
	CHECK(strstr(t, "\tlinux (http,198.18.0.1:8080)/distros/rocky-9.4/") != NULL);
	CHECK(strstr(t, "\tinitrd (http,198.18.0.1:8080)/distros/fedora-40/") != NULL);
	CHECK(strstr(t, " BOOTIF=01-${net_default_mac}\n") != NULL);
	CHECK(strstr(t, "set default=local\n") != NULL);
	free(t);
	ctx.grub_fetch = BOOT_FETCH_TFTP;
	t = must_render(&ctx, "grub/grub.cfg");
	CHECK(strstr(t, "\tlinux /distros/rocky-9.4/images/pxeboot/vmlinuz ") != NULL);
	CHECK(strstr(t, "(http,") == NULL);
	free(t);

	t = must_render(&ctx, "efi64/pxelinux.cfg/default");
	CHECK(strstr(t, "LINUX ::/distros/rocky-9.4/images/pxeboot/vmlinuz\n") != NULL);
	CHECK(strstr(t, "LOCALBOOT -1\n") != NULL);
	CHECK(strstr(t, "LINUX ::/memtest86+x64.efi\n") != NULL);
	free(t);
	t = must_render(&ctx, "pxelinux.cfg/default");
	CHECK(strstr(t, "LINUX /distros/rocky-9.4/images/pxeboot/vmlinuz\n") != NULL);
	CHECK(strstr(t, "LOCALBOOT 0\n") != NULL);
	CHECK(strstr(t, "ONTIMEOUT local\n") != NULL);
	CHECK(strstr(t, "TIMEOUT 100\n") != NULL);
	free(t);
	ctx.bios_fetch = BOOT_FETCH_HTTP;
	t = must_render(&ctx, "pxelinux.cfg/default");
	CHECK(strstr(t, "LINUX http://198.18.0.1:8080/distros/rocky-9.4/images/pxeboot/vmlinuz\n") != NULL);
	CHECK(strstr(t, "lpxelinux.0") != NULL);
	free(t);

	t = must_render(&ctx, "ipxe/52:54:00:00:00:09");
	CHECK(strstr(t, "kernel http://198.18.0.1:8080/distros/rocky-9.4/images/pxeboot/vmlinuz "
			"initrd=initrd.img inst.ks=http://198.18.0.1:8080/ks/node09.lab.example ") != NULL);
	CHECK(strstr(t, " BOOTIF=01-52-54-00-00-00-09\n") != NULL);
	CHECK(strstr(t, "\nboot\n") != NULL);
	free(t);
	t = must_render(&ctx, "ipxe/52:54:00:00:10:09");
	CHECK(strstr(t, "iseq ${platform} efi && exit 1 ||\nsanboot --no-describe --drive 0x80\n") != NULL);
	CHECK(strstr(t, "\nkernel ") == NULL);
	free(t);
}

TEST(memtest_only_when_installed)
{
	struct boot_ctx ctx = fx_ctx();
	static const char *const names[] = { "pxelinux.cfg/default", "efi64/pxelinux.cfg/default",
					     "grub/grub.cfg", "ipxe" };
	for (size_t i = 0; i < 4; i++) {
		ctx.memtest = true;
		char *t = must_render(&ctx, names[i]);
		CHECK(strstr(t, "memtest86+x64") != NULL);
		free(t);
		ctx.memtest = false;
		t = must_render(&ctx, names[i]);
		CHECK(strstr(t, "memtest") == NULL);
		free(t);
	}
}

/* A context whose one profile carries the given strings. */
struct bad {
	struct boot_distro d;
	struct boot_profile p;
	struct boot_ctx ctx;
};

static void bad_init(struct bad *b)
{
	b->d = fx_distros[2];
	b->p = fx_profiles[2];
	b->p.distro = &b->d;
	b->ctx = fx_ctx();
	b->ctx.profiles = &b->p;
	b->ctx.n_profiles = 1;
}

static void expect_refused(struct bad *b, const char *what, const char *why_part)
{
	static const char *const names[] = { "pxelinux.cfg/default", "efi64/pxelinux.cfg/default",
					     "grub/grub.cfg", "ipxe" };
	for (size_t i = 0; i < 4; i++) {
		int r = render_rc(&b->ctx, names[i]);
		if (r != -EINVAL)
			fprintf(stderr, "%s: %s rendered (%d)\n", what, names[i], r);
		CHECK_INT(r, -EINVAL);
	}
	char why[256] = "";
	CHECK_INT(boot_ctx_check(&b->ctx, why, sizeof(why)), -EINVAL);
	if (!strstr(why, why_part)) {
		fprintf(stderr, "%s: why = \"%s\", expected to contain \"%s\"\n", what, why, why_part);
		test_failures++;
	}
}

TEST(unsafe_strings_are_refused)
{
	struct bad b;
	static const char *const bad_args[] = {
		"console=ttyS0\nLABEL evil",	 "a\rb",	   "x\"y",  "x'y",	   "$root",
		"${net_default_mac}",	 "a;reboot",	   "a && reboot", "a || b",	   "a}",
		"{a",			 "#comment",	   "a\\b",  "a`b`",	   "a<b",
		"a>b",			 "tab\there",	   "caf\xc3\xa9", "x=*", "x=a?b",
	};
	for (size_t i = 0; i < sizeof(bad_args) / sizeof(bad_args[0]); i++) {
		bad_init(&b);
		b.p.kernel_args = bad_args[i];
		expect_refused(&b, bad_args[i], "profile rocky9: kernel arguments");
	}
	char longargs[BOOT_EXTRA_ARGS_MAX + 2];
	memset(longargs, 'a', sizeof(longargs) - 1);
	longargs[sizeof(longargs) - 1] = 0;
	bad_init(&b);
	b.p.kernel_args = longargs;
	expect_refused(&b, "long args", "longer than");

	static const char *const bad_paths[] = {
		"/images/pxeboot/vmlinuz", "images//vmlinuz", "images/../../etc/shadow", "./vmlinuz",
		"images/pxeboot/", "vmlinuz\nINITRD x", "vm linuz", "vm$linuz", "", "images/vm'linuz",
	};
	for (size_t i = 0; i < sizeof(bad_paths) / sizeof(bad_paths[0]); i++) {
		bad_init(&b);
		b.d.kernel = bad_paths[i];
		expect_refused(&b, bad_paths[i], "kernel path");
		bad_init(&b);
		b.d.initrd = bad_paths[i];
		expect_refused(&b, bad_paths[i], "initrd path");
	}
	static const char *const bad_names[] = { "rocky 9", "rocky\n9", "", "..", "a/b", "r'9",
						 "0123456789012345678901234567890123456789012345678901234567890123" };
	for (size_t i = 0; i < sizeof(bad_names) / sizeof(bad_names[0]); i++) {
		bad_init(&b);
		b.d.name = bad_names[i];
		expect_refused(&b, bad_names[i], "distro name");
		bad_init(&b);
		b.p.name = bad_names[i];
		expect_refused(&b, bad_names[i], "profile name");
	}
	bad_init(&b);
	b.d.family = "rocky linux";
	expect_refused(&b, "family", "distro family");
	bad_init(&b);
	b.d.major = -1;
	expect_refused(&b, "major", "major version");
	bad_init(&b);
	b.ctx.menu_title = "Lab\nLABEL evil";
	expect_refused(&b, "title", "menu title");
	bad_init(&b);
	b.ctx.menu_title = "it's";
	expect_refused(&b, "title", "menu title");
	bad_init(&b);
	b.p.distro = NULL;
	char why[128];
	CHECK_INT(boot_profile_check(&b.p, why, sizeof(why)), -EINVAL);
	CHECK_STR(why, "profile rocky9: no distro");

	/* what is allowed still renders */
	bad_init(&b);
	b.p.kernel_args = "console=ttyS0,115200n8 rd.lvm.lv=vg/root inst.addrepo=x,http://h/p/a%20c "
			  "biosdevname=0 net.ifnames=0 -- x=~@+:!";
	b.d.kernel = "images/pxeboot/vmlinuz-6.1.0+deb12,x=1@a~b";
	b.ctx.menu_title = "Lab A (rack 3): install [beta] 100% ok? yes!";
	CHECK_INT(boot_ctx_check(&b.ctx, why, sizeof(why)), 0);
	CHECK_INT(render_rc(&b.ctx, "grub/grub.cfg"), 0);
}

static int evil_host(void *arg, const uint8_t mac[6], struct boot_host *ret)
{
	memset(ret, 0, sizeof(*ret));
	snprintf(ret->hostname, sizeof(ret->hostname), "%s", (const char *)arg);
	memcpy(ret->macs[0], mac, 6);
	ret->n_macs = 1;
	ret->profile = &fx_profiles[2];
	ret->netboot = true;
	return 0;
}

TEST(unsafe_hostnames_are_refused)
{
	static const char *const bad[] = { "node\nLABEL x", "node 1", "node'1", "node$x", "node/x", "" };
	for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		struct boot_ctx ctx = fx_ctx();
		ctx.host_by_mac = evil_host;
		ctx.host_arg = (void *)bad[i];
		CHECK_INT(render_rc(&ctx, "pxelinux.cfg/01-52-54-00-00-00-09"), -EINVAL);
		CHECK_INT(render_rc(&ctx, "grub/grub.cfg-01-52:54:00:00:00:09"), -EINVAL);
		CHECK_INT(render_rc(&ctx, "ipxe/52:54:00:00:00:09"), -EINVAL);
		struct boot_host h;
		evil_host((void *)bad[i], fx_hosts[0].mac, &h);
		char why[128];
		CHECK_INT(boot_host_check(&h, why, sizeof(why)), -EINVAL);
		CHECK(strncmp(why, "hostname", 8) == 0);
	}
	/* a hostname filling the whole field, unterminated */
	struct boot_host h;
	memset(&h, 'a', sizeof(h.hostname));
	h.n_macs = 1;
	CHECK_INT(boot_host_check(&h, NULL, 0), -EINVAL);
	struct boot_ctx ctx = fx_ctx();
	ctx.host_by_mac = evil_host;
	ctx.host_arg = (void *)"ok-host.example";
	CHECK_INT(render_rc(&ctx, "pxelinux.cfg/01-52-54-00-00-00-09"), 0);
}

TEST(small_buffers)
{
	struct boot_ctx ctx = fx_ctx();
	uint8_t buf[300];
	memcpy(buf, "keep", 4);
	struct wr w = wr_init(buf, sizeof(buf));
	w.len = 4;
	CHECK_INT(boot_render(&ctx, "pxelinux.cfg/default", &w), -ENOSPC);
	/* the writer is as it was */
	CHECK_INT(w.len, 4);
	CHECK(wr_ok(&w));
	CHECK(memcmp(buf, "keep", 4) == 0);
	/* exactly the right size fits */
	char *full = must_render(&ctx, "grub/grub.cfg-01-52:54:00:00:00:09");
	size_t n = strlen(full);
	uint8_t *exact = malloc(n);
	w = wr_init(exact, n);
	CHECK_INT(boot_render(&ctx, "grub/grub.cfg-01-52:54:00:00:00:09", &w), 0);
	CHECK_INT(w.len, n);
	CHECK(memcmp(exact, full, n) == 0);
	w = wr_init(exact, n - 1);
	CHECK_INT(boot_render(&ctx, "grub/grub.cfg-01-52:54:00:00:00:09", &w), -ENOSPC);
	free(exact);
	free(full);
}

TEST(large_menus_grow_the_buffer)
{
	/* 200 profiles: a menu of a few hundred kilobytes */
	static struct boot_profile many[200];
	static char names[200][16];
	for (int i = 0; i < 200; i++) {
		snprintf(names[i], sizeof(names[i]), "p%03d", i);
		many[i] = (struct boot_profile){ names[i], &fx_distros[i % 4], "console=ttyS0,115200n8" };
	}
	struct boot_ctx ctx = fx_ctx();
	ctx.profiles = many;
	ctx.n_profiles = 200;
	static const char *const menus[] = { "pxelinux.cfg/default", "grub/grub.cfg", "ipxe" };
	for (size_t m = 0; m < 3; m++) {
		char *t = must_render(&ctx, menus[m]);
		CHECK(strlen(t) > 100000);
		CHECK(strstr(t, "p199-rescue") != NULL);
		free(t);
	}
}

TEST(every_line_is_printable)
{
	struct boot_ctx ctx = fx_ctx();
	static const char *const names[] = {
		"pxelinux.cfg/default", "pxelinux.cfg/01-52-54-00-00-00-06", "efi64/pxelinux.cfg/default",
		"grub/grub.cfg", "grub/grub.cfg-01-52:54:00:00:10:09", "ipxe", "ipxe/52:54:00:00:00:40",
	};
	for (size_t i = 0; i < sizeof(names) / sizeof(names[0]); i++) {
		char *t = must_render(&ctx, names[i]);
		size_t n = strlen(t);
		CHECK(n > 0 && t[n - 1] == '\n');
		for (size_t k = 0; k < n; k++) {
			unsigned char c = (unsigned char)t[k];
			if (!(c == '\n' || c == '\t' || (c >= 0x20 && c < 0x7f))) {
				fprintf(stderr, "%s: byte 0x%02x at %zu\n", names[i], c, k);
				test_failures++;
				break;
			}
		}
		free(t);
	}
}

TEST_MAIN()
