#include <errno.h>
#include <string.h>

#include "dhcp/dhcp_pxe.h"
#include "dhcp_test_pkt.h"
#include "test.h"

static const uint8_t MAC[6] = { 0x52, 0x54, 0x00, 0x12, 0x34, 0x56 };

/* Parses a DISCOVER carrying the given PXE-ish options. */
static void classify(struct dhcp_msg *m, struct pxe_client *c, const char *vendor, int arch,
		     const void *user_class, size_t uclen, bool opt175)
{
	struct tpkt p;
	tp_init(&p, 1, MAC, 1);
	if (vendor)
		tp_opt_str(&p, 60, vendor);
	if (arch >= 0)
		tp_opt_u16(&p, 93, (uint16_t)arch);
	if (user_class)
		tp_opt(&p, 77, user_class, uclen);
	if (opt175) {
		uint8_t v[] = { 19, 1, 1 }; /* iPXE "http" feature */
		tp_opt(&p, 175, v, sizeof(v));
	}
	tp_end(&p);
	const char *why = NULL;
	CHECK_INT(dhcp_msg_parse(p.b, p.len, m, &why), 0);
	pxe_classify(m, c);
}

static struct dhcp_msg msg;

TEST(arch_table)
{
	CHECK_STR(pxe_arch_type_name(0), "x86 BIOS");
	CHECK_STR(pxe_arch_type_name(7), "x64 UEFI");
	CHECK_STR(pxe_arch_type_name(9), "EBC (x64 UEFI)");
	CHECK_STR(pxe_arch_type_name(11), "ARM 64-bit UEFI");
	CHECK_STR(pxe_arch_type_name(16), "x64 UEFI HTTP");
	CHECK_STR(pxe_arch_type_name(22), "ARM 64-bit U-Boot");
	CHECK_STR(pxe_arch_type_name(27), "RISC-V 64-bit UEFI");
	CHECK_STR(pxe_arch_type_name(41), "ARM rpiboot");
	CHECK_STR(pxe_arch_type_name(42), "unassigned");
	CHECK_STR(pxe_arch_type_name(65535), "unassigned");

	CHECK_INT(pxe_arch_type_class(0), BOOT_ARCH_BIOS);
	for (int t = 1; t <= 5; t++)
		CHECK_INT(pxe_arch_type_class((uint16_t)t), -1);
	CHECK_INT(pxe_arch_type_class(6), BOOT_ARCH_EFI_IA32);
	CHECK_INT(pxe_arch_type_class(7), BOOT_ARCH_EFI_X64);
	CHECK_INT(pxe_arch_type_class(8), -1);
	CHECK_INT(pxe_arch_type_class(9), BOOT_ARCH_EFI_X64);
	CHECK_INT(pxe_arch_type_class(10), BOOT_ARCH_EFI_ARM32);
	CHECK_INT(pxe_arch_type_class(11), BOOT_ARCH_EFI_ARM64);
	CHECK_INT(pxe_arch_type_class(15), BOOT_ARCH_HTTP_IA32);
	CHECK_INT(pxe_arch_type_class(16), BOOT_ARCH_HTTP_X64);
	CHECK_INT(pxe_arch_type_class(18), BOOT_ARCH_HTTP_ARM32);
	CHECK_INT(pxe_arch_type_class(19), BOOT_ARCH_HTTP_ARM64);
	CHECK_INT(pxe_arch_type_class(22), -1);
	CHECK_INT(pxe_arch_type_class(1000), -1);
	CHECK(pxe_class_is_http(BOOT_ARCH_HTTP_ARM64));
	CHECK(!pxe_class_is_http(BOOT_ARCH_EFI_X64));
	CHECK(!pxe_class_is_http(BOOT_ARCH_IPXE));
}

TEST(classify_pxe_roms)
{
	struct pxe_client c;
	classify(&msg, &c, "PXEClient:Arch:00000:UNDI:002001", 0, NULL, 0, false);
	CHECK_INT(c.kind, PXE_KIND_PXE);
	CHECK(c.has_arch);
	CHECK_INT(c.arch_type, 0);
	CHECK_INT(c.boot_class, BOOT_ARCH_BIOS);
	CHECK(!c.ipxe);

	classify(&msg, &c, "PXEClient:Arch:00007:UNDI:003010", 7, NULL, 0, false);
	CHECK_INT(c.boot_class, BOOT_ARCH_EFI_X64);
	classify(&msg, &c, "PXEClient:Arch:00009:UNDI:003010", 9, NULL, 0, false);
	CHECK_INT(c.boot_class, BOOT_ARCH_EFI_X64);
	classify(&msg, &c, "PXEClient:Arch:00006:UNDI:003010", 6, NULL, 0, false);
	CHECK_INT(c.boot_class, BOOT_ARCH_EFI_IA32);
	classify(&msg, &c, "PXEClient:Arch:00011:UNDI:003000", 11, NULL, 0, false);
	CHECK_INT(c.boot_class, BOOT_ARCH_EFI_ARM64);
	classify(&msg, &c, "PXEClient:Arch:00010:UNDI:003000", 10, NULL, 0, false);
	CHECK_INT(c.boot_class, BOOT_ARCH_EFI_ARM32);
	/* U-Boot: a PXE client, but no class pxed guesses a loader for. */
	classify(&msg, &c, "PXEClient:Arch:00022:UNDI:003000", 22, NULL, 0, false);
	CHECK_INT(c.kind, PXE_KIND_PXE);
	CHECK_INT(c.arch_type, 22);
	CHECK_INT(c.boot_class, -1);
}

TEST(classify_without_option_93)
{
	struct pxe_client c;
	/* The vendor class carries the arch when option 93 is missing. */
	classify(&msg, &c, "PXEClient:Arch:00007:UNDI:003010", -1, NULL, 0, false);
	CHECK(c.has_arch);
	CHECK_INT(c.arch_type, 7);
	CHECK_INT(c.boot_class, BOOT_ARCH_EFI_X64);
	/* Old PXE 2.1 ROM: plain "PXEClient" is a BIOS. */
	classify(&msg, &c, "PXEClient", -1, NULL, 0, false);
	CHECK(!c.has_arch);
	CHECK_INT(c.boot_class, BOOT_ARCH_BIOS);
	/* Not a boot client at all. */
	classify(&msg, &c, "MSFT 5.0", -1, NULL, 0, false);
	CHECK_INT(c.kind, PXE_KIND_NONE);
	CHECK_INT(c.boot_class, -1);
	classify(&msg, &c, NULL, -1, NULL, 0, false);
	CHECK_INT(c.kind, PXE_KIND_NONE);
	CHECK_INT(c.boot_class, -1);
	CHECK(c.uuid == NULL);
}

TEST(classify_http_boot)
{
	struct pxe_client c;
	classify(&msg, &c, "HTTPClient:Arch:00016:UNDI:003001", 16, NULL, 0, false);
	CHECK_INT(c.kind, PXE_KIND_HTTP);
	CHECK_INT(c.boot_class, BOOT_ARCH_HTTP_X64);
	classify(&msg, &c, "HTTPClient:Arch:00019:UNDI:003001", 19, NULL, 0, false);
	CHECK_INT(c.boot_class, BOOT_ARCH_HTTP_ARM64);
	classify(&msg, &c, "HTTPClient:Arch:00015", 15, NULL, 0, false);
	CHECK_INT(c.boot_class, BOOT_ARCH_HTTP_IA32);
	classify(&msg, &c, "HTTPClient:Arch:00018", 18, NULL, 0, false);
	CHECK_INT(c.boot_class, BOOT_ARCH_HTTP_ARM32);
	/* HTTPClient with a PXE arch number still needs a URL. */
	classify(&msg, &c, "HTTPClient:Arch:00007", 7, NULL, 0, false);
	CHECK_INT(c.boot_class, BOOT_ARCH_HTTP_X64);
}

TEST(classify_ipxe)
{
	struct pxe_client c;
	classify(&msg, &c, "PXEClient:Arch:00000:UNDI:002001", 0, "iPXE", 4, false);
	CHECK(c.ipxe);
	CHECK_INT(c.kind, PXE_KIND_PXE);
	CHECK_INT(c.boot_class, BOOT_ARCH_IPXE);
	CHECK_INT(c.arch_type, 0);

	const uint8_t rfc3004[] = { 3, 'f', 'o', 'o', 4, 'i', 'P', 'X', 'E' };
	classify(&msg, &c, "PXEClient:Arch:00007:UNDI:003010", 7, rfc3004, sizeof(rfc3004), false);
	CHECK(c.ipxe);
	CHECK_INT(c.boot_class, BOOT_ARCH_IPXE);

	/* FlexBoot-style iPXE without a user class: option 175 gives it away. */
	classify(&msg, &c, "PXEClient:Arch:00007:UNDI:003010", 7, NULL, 0, true);
	CHECK(c.ipxe);
	CHECK_INT(c.boot_class, BOOT_ARCH_IPXE);

	classify(&msg, &c, "PXEClient:Arch:00007:UNDI:003010", 7, "gPXE", 4, false);
	CHECK(!c.ipxe);
	CHECK_INT(c.boot_class, BOOT_ARCH_EFI_X64);
}

TEST(user_class_parsing)
{
	CHECK(pxe_user_class_is_ipxe((const uint8_t *)"iPXE", 4));
	CHECK(!pxe_user_class_is_ipxe((const uint8_t *)"iPXEx", 5));
	CHECK(!pxe_user_class_is_ipxe(NULL, 0));
	const uint8_t ok[] = { 4, 'i', 'P', 'X', 'E' };
	CHECK(pxe_user_class_is_ipxe(ok, sizeof(ok)));
	const uint8_t second[] = { 2, 'a', 'b', 4, 'i', 'P', 'X', 'E' };
	CHECK(pxe_user_class_is_ipxe(second, sizeof(second)));
	const uint8_t overrun[] = { 9, 'i', 'P', 'X', 'E' };
	CHECK(!pxe_user_class_is_ipxe(overrun, sizeof(overrun)));
	const uint8_t zero[] = { 0, 4, 'i', 'P', 'X', 'E' };
	CHECK(!pxe_user_class_is_ipxe(zero, sizeof(zero)));
	const uint8_t cut[] = { 4, 'i', 'P', 'X' };
	CHECK(!pxe_user_class_is_ipxe(cut, sizeof(cut)));
}

TEST(vendor_class_arch)
{
	uint16_t a = 99;
	const char *v = "PXEClient:Arch:00007:UNDI:003010";
	CHECK_INT(pxe_arch_from_vendor_class((const uint8_t *)v, strlen(v), &a), 0);
	CHECK_INT(a, 7);
	v = "HTTPClient:Arch:00016";
	CHECK_INT(pxe_arch_from_vendor_class((const uint8_t *)v, strlen(v), &a), 0);
	CHECK_INT(a, 16);
	a = 99;
	v = "PXEClient";
	CHECK_INT(pxe_arch_from_vendor_class((const uint8_t *)v, strlen(v), &a), -ENODATA);
	v = "PXEClient:Arch:7";
	CHECK_INT(pxe_arch_from_vendor_class((const uint8_t *)v, strlen(v), &a), -EINVAL);
	v = "PXEClient:Arch:0000x:UNDI";
	CHECK_INT(pxe_arch_from_vendor_class((const uint8_t *)v, strlen(v), &a), -EINVAL);
	v = "PXEClient:Arch:000070";
	CHECK_INT(pxe_arch_from_vendor_class((const uint8_t *)v, strlen(v), &a), -EINVAL);
	v = "PXEClient:Arch:99999";
	CHECK_INT(pxe_arch_from_vendor_class((const uint8_t *)v, strlen(v), &a), -EINVAL);
	CHECK_INT(a, 99); /* untouched on failure */
	CHECK_INT(pxe_arch_from_vendor_class(NULL, 0, &a), -ENODATA);
}

TEST(boot_precedence)
{
	struct conf_boot host = { 0 }, subnet = { 0 }, global = { 0 };
	CHECK(pxe_boot_conf(&host, &subnet, &global, BOOT_ARCH_BIOS) == NULL);
	global.file[BOOT_ARCH_BIOS] = "global.0";
	CHECK_STR(pxe_boot_conf(&host, &subnet, &global, BOOT_ARCH_BIOS), "global.0");
	subnet.file[BOOT_ARCH_BIOS] = "subnet.0";
	CHECK_STR(pxe_boot_conf(&host, &subnet, &global, BOOT_ARCH_BIOS), "subnet.0");
	host.file[BOOT_ARCH_BIOS] = "host.0";
	CHECK_STR(pxe_boot_conf(&host, &subnet, &global, BOOT_ARCH_BIOS), "host.0");
	CHECK_STR(pxe_boot_conf(NULL, NULL, &global, BOOT_ARCH_BIOS), "global.0");
	CHECK(pxe_boot_conf(&host, &subnet, &global, BOOT_ARCH_EFI_X64) == NULL);
	CHECK(pxe_boot_conf(&host, &subnet, &global, BOOT_ARCH_COUNT) == NULL);

	CHECK_STR(pxe_default_boot_file(BOOT_ARCH_BIOS), "pxelinux.0");
	CHECK_STR(pxe_default_boot_file(BOOT_ARCH_EFI_X64), "efi64/syslinux.efi");
	CHECK_STR(pxe_default_boot_file(BOOT_ARCH_EFI_IA32), "efi32/syslinux.efi");
	CHECK_STR(pxe_default_boot_file(BOOT_ARCH_EFI_ARM64), "grubaa64.efi");
	CHECK_STR(pxe_default_boot_file(BOOT_ARCH_IPXE), "http://${next-server}:${http-port}/ipxe/${mac}");
	for (int a = 0; a < BOOT_ARCH_COUNT; a++)
		CHECK(pxe_default_boot_file((enum boot_arch)a) != NULL);
}

TEST(expand_placeholders)
{
	char out[128];
	struct pxe_vars v = { .next_server = 0xc6120001, .http_port = 8081, .hw = MAC, .hlen = 6,
			      .ip = 0xc6120069 };
	CHECK_INT(pxe_expand(out, sizeof(out), "http://${next-server}:${http-port}/boot.ipxe", &v),
		  (int)strlen("http://198.18.0.1:8081/boot.ipxe"));
	CHECK_STR(out, "http://198.18.0.1:8081/boot.ipxe");
	pxe_expand(out, sizeof(out), "ks/${mac}/${ip}.cfg", &v);
	CHECK_STR(out, "ks/52:54:00:12:34:56/198.18.0.105.cfg");
	pxe_expand(out, sizeof(out), "${net0/mac}${unknown}x", &v);
	CHECK_STR(out, "${net0/mac}${unknown}x");
	pxe_expand(out, sizeof(out), "a${next-server", &v);
	CHECK_STR(out, "a${next-server");
	pxe_expand(out, sizeof(out), "plain", &v);
	CHECK_STR(out, "plain");
	v.http_port = 0; /* unset in the config: the default port */
	pxe_expand(out, sizeof(out), "${http-port}", &v);
	CHECK_STR(out, "8080");

	char small[10];
	CHECK_INT(pxe_expand(small, sizeof(small), "${next-server}", &v), -ENAMETOOLONG);
	CHECK_STR(small, "");
	CHECK_INT(pxe_expand(small, sizeof(small), "123456789", &v), 9);
	CHECK_INT(pxe_expand(small, sizeof(small), "1234567890", &v), -ENAMETOOLONG);
}

TEST(boot_file_urls)
{
	char out[256];
	struct pxe_vars v = { .next_server = 0xc6120001, .http_port = 8080, .hw = MAC, .hlen = 6 };
	struct conf_boot subnet = { 0 }, global = { 0 };
	CHECK(pxe_boot_file(out, sizeof(out), NULL, &subnet, &global, BOOT_ARCH_BIOS, &v) > 0);
	CHECK_STR(out, "pxelinux.0");
	pxe_boot_file(out, sizeof(out), NULL, &subnet, &global, BOOT_ARCH_IPXE, &v);
	CHECK_STR(out, "http://198.18.0.1:8080/ipxe/52:54:00:12:34:56");
	pxe_boot_file(out, sizeof(out), NULL, &subnet, &global, BOOT_ARCH_HTTP_X64, &v);
	CHECK_STR(out, "http://198.18.0.1:8080/snponly.efi");
	/* A relative name for an HTTP Boot class becomes a URL. */
	global.file[BOOT_ARCH_HTTP_ARM64] = "/efi/shimaa64.efi";
	pxe_boot_file(out, sizeof(out), NULL, &subnet, &global, BOOT_ARCH_HTTP_ARM64, &v);
	CHECK_STR(out, "http://198.18.0.1:8080/efi/shimaa64.efi");
	subnet.file[BOOT_ARCH_HTTP_ARM64] = "https://boot.example/aa64.efi";
	pxe_boot_file(out, sizeof(out), NULL, &subnet, &global, BOOT_ARCH_HTTP_ARM64, &v);
	CHECK_STR(out, "https://boot.example/aa64.efi");
	/* TFTP names stay relative. */
	global.file[BOOT_ARCH_EFI_X64] = "grub/${mac}/grubx64.efi";
	pxe_boot_file(out, sizeof(out), NULL, &subnet, &global, BOOT_ARCH_EFI_X64, &v);
	CHECK_STR(out, "grub/52:54:00:12:34:56/grubx64.efi");
	char tiny[8];
	CHECK_INT(pxe_boot_file(tiny, sizeof(tiny), NULL, &subnet, &global, BOOT_ARCH_IPXE, &v), -ENAMETOOLONG);
}

TEST(vendor_options)
{
	uint8_t b[8];
	CHECK_INT(pxe_vendor_options(b, sizeof(b)), PXE_VENDOR_OPTS_LEN);
	CHECK_INT(b[0], 6);    /* PXE_DISCOVERY_CONTROL */
	CHECK_INT(b[1], 1);
	CHECK_INT(b[2], 0x08); /* bit 3: use the boot file in this offer */
	CHECK_INT(b[3], 255);
	CHECK_INT(pxe_vendor_options(b, 3), 0);
	CHECK_STR(pxe_vendor_class(PXE_KIND_PXE), "PXEClient");
	CHECK_STR(pxe_vendor_class(PXE_KIND_HTTP), "HTTPClient");
	CHECK(pxe_vendor_class(PXE_KIND_NONE) == NULL);
}

TEST_MAIN()
