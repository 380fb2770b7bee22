#include "dhcp/dhcp_pxe.h"

#include <errno.h>
#include <string.h>

#include "core/rd.h"
#include "core/str.h"

/* IANA "Processor Architecture Types" (RFC 4578 section 2.1 and later
 * registrations). Index = type. */
static const char *const arch_names[] = {
	[0] = "x86 BIOS",
	[1] = "NEC/PC98",
	[2] = "Itanium",
	[3] = "DEC Alpha",
	[4] = "Arc x86",
	[5] = "Intel Lean Client",
	[6] = "x86 UEFI",
	[7] = "x64 UEFI",
	[8] = "EFI Xscale",
	[9] = "EBC (x64 UEFI)",
	[10] = "ARM 32-bit UEFI",
	[11] = "ARM 64-bit UEFI",
	[12] = "PowerPC Open Firmware",
	[13] = "PowerPC ePAPR",
	[14] = "POWER OPAL v3",
	[15] = "x86 UEFI HTTP",
	[16] = "x64 UEFI HTTP",
	[17] = "EBC UEFI HTTP",
	[18] = "ARM 32-bit UEFI HTTP",
	[19] = "ARM 64-bit UEFI HTTP",
	[20] = "x86 BIOS HTTP",
	[21] = "ARM 32-bit U-Boot",
	[22] = "ARM 64-bit U-Boot",
	[23] = "ARM 32-bit U-Boot HTTP",
	[24] = "ARM 64-bit U-Boot HTTP",
	[25] = "RISC-V 32-bit UEFI",
	[26] = "RISC-V 32-bit UEFI HTTP",
	[27] = "RISC-V 64-bit UEFI",
	[28] = "RISC-V 64-bit UEFI HTTP",
	[29] = "RISC-V 128-bit UEFI",
	[30] = "RISC-V 128-bit UEFI HTTP",
	[31] = "s390 Basic",
	[32] = "s390 Extended",
	[33] = "MIPS 32-bit UEFI",
	[34] = "MIPS 64-bit UEFI",
	[35] = "Sunway 32-bit UEFI",
	[36] = "Sunway 64-bit UEFI",
	[37] = "LoongArch 32-bit UEFI",
	[38] = "LoongArch 32-bit UEFI HTTP",
	[39] = "LoongArch 64-bit UEFI",
	[40] = "LoongArch 64-bit UEFI HTTP",
	[41] = "ARM rpiboot",
};

const char *pxe_arch_type_name(uint16_t type)
{
	if (type < sizeof(arch_names) / sizeof(arch_names[0]))
		return arch_names[type];
	return "unassigned";
}

int pxe_arch_type_class(uint16_t type)
{
	switch (type) {
	case 0:
		return BOOT_ARCH_BIOS;
	case 6:
		return BOOT_ARCH_EFI_IA32;
	case 7:
	case 9:
		return BOOT_ARCH_EFI_X64;
	case 10:
		return BOOT_ARCH_EFI_ARM32;
	case 11:
		return BOOT_ARCH_EFI_ARM64;
	case 15:
		return BOOT_ARCH_HTTP_IA32;
	case 16:
	case 17: /* EBC over HTTP: same 7/9 confusion, x64 firmware */
		return BOOT_ARCH_HTTP_X64;
	case 18:
		return BOOT_ARCH_HTTP_ARM32;
	case 19:
		return BOOT_ARCH_HTTP_ARM64;
	default:
		return -1;
	}
}

bool pxe_class_is_http(enum boot_arch a)
{
	return a == BOOT_ARCH_HTTP_IA32 || a == BOOT_ARCH_HTTP_X64 || a == BOOT_ARCH_HTTP_ARM32 ||
	       a == BOOT_ARCH_HTTP_ARM64;
}

static int http_class_of(int c)
{
	switch (c) {
	case BOOT_ARCH_EFI_IA32:
		return BOOT_ARCH_HTTP_IA32;
	case BOOT_ARCH_EFI_X64:
		return BOOT_ARCH_HTTP_X64;
	case BOOT_ARCH_EFI_ARM32:
		return BOOT_ARCH_HTTP_ARM32;
	case BOOT_ARCH_EFI_ARM64:
		return BOOT_ARCH_HTTP_ARM64;
	default:
		return c;
	}
}

static bool has_prefix(const uint8_t *v, size_t len, const char *prefix)
{
	size_t n = strlen(prefix);
	return v && len >= n && memcmp(v, prefix, n) == 0;
}

bool pxe_user_class_is_ipxe(const uint8_t *v, size_t len)
{
	if (!v)
		return false;
	if (len == 4 && memcmp(v, "iPXE", 4) == 0)
		return true;
	/* RFC 3004: a list of (length, data) user classes. */
	struct rd r = rd_init(v, len);
	while (rd_left(&r) > 0) {
		uint8_t n = rd_u8(&r);
		const uint8_t *p = rd_bytes(&r, n);
		if (!p || n == 0)
			return false;
		if (n == 4 && memcmp(p, "iPXE", 4) == 0)
			return true;
	}
	return false;
}

int pxe_arch_from_vendor_class(const uint8_t *v, size_t len, uint16_t *ret)
{
	static const char key[] = "Arch:";
	const size_t klen = sizeof(key) - 1;
	if (!v)
		return -ENODATA;
	for (size_t i = 0; i + klen <= len; i++) {
		if (memcmp(v + i, key, klen) != 0)
			continue;
		struct rd r = rd_init(v + i + klen, len - i - klen);
		char digits[6];
		if (!rd_copy(&r, digits, 5))
			return -EINVAL;
		digits[5] = 0;
		/* Exactly five digits, then the end or a ':' separator. */
		if (rd_left(&r) > 0 && rd_u8(&r) != ':')
			return -EINVAL;
		for (int k = 0; k < 5; k++)
			if (digits[k] < '0' || digits[k] > '9')
				return -EINVAL;
		int64_t a;
		if (str_to_int64(digits, 0, UINT16_MAX, &a) < 0)
			return -EINVAL;
		*ret = (uint16_t)a;
		return 0;
	}
	return -ENODATA;
}

void pxe_classify(const struct dhcp_msg *m, struct pxe_client *ret)
{
	struct pxe_client c = { .kind = PXE_KIND_NONE, .boot_class = -1 };
	size_t len = 0;

	const uint8_t *vc = dhcp_msg_get(m, OPT_VENDOR_CLASS, &len);
	size_t vclen = len;
	if (has_prefix(vc, vclen, "PXEClient"))
		c.kind = PXE_KIND_PXE;
	else if (has_prefix(vc, vclen, "HTTPClient"))
		c.kind = PXE_KIND_HTTP;

	const uint8_t *uc = dhcp_msg_get(m, OPT_USER_CLASS, &len);
	c.ipxe = pxe_user_class_is_ipxe(uc, len) || dhcp_msg_has(m, OPT_IPXE_ENCAP);

	/* Option 93 is a list of 16-bit types; the first is the running
	 * firmware. An odd or empty list is unusable, not fatal. */
	const uint8_t *a = dhcp_msg_get(m, OPT_CLIENT_ARCH, &len);
	if (a && len >= 2 && len % 2 == 0) {
		c.has_arch = true;
		c.arch_type = (uint16_t)((a[0] << 8) | a[1]);
	} else if (c.kind != PXE_KIND_NONE) {
		uint16_t t;
		if (pxe_arch_from_vendor_class(vc, vclen, &t) == 0) {
			c.has_arch = true;
			c.arch_type = t;
		}
	}

	if (c.has_arch)
		c.boot_class = pxe_arch_type_class(c.arch_type);
	else if (c.kind == PXE_KIND_PXE)
		c.boot_class = BOOT_ARCH_BIOS; /* PXE 2.1 ROMs predate option 93 */
	else if (c.kind == PXE_KIND_HTTP)
		c.boot_class = BOOT_ARCH_HTTP_X64;
	if (c.kind == PXE_KIND_HTTP)
		c.boot_class = http_class_of(c.boot_class);
	if (c.ipxe)
		c.boot_class = BOOT_ARCH_IPXE;

	c.uuid = dhcp_msg_get(m, OPT_CLIENT_UUID, &len);
	c.uuid_len = c.uuid ? len : 0;
	*ret = c;
}

const char *pxe_boot_conf(const struct conf_boot *host, const struct conf_boot *subnet,
			  const struct conf_boot *global, enum boot_arch a)
{
	if ((unsigned)a >= BOOT_ARCH_COUNT)
		return NULL;
	if (host && host->file[a])
		return host->file[a];
	if (subnet && subnet->file[a])
		return subnet->file[a];
	if (global && global->file[a])
		return global->file[a];
	return NULL;
}

const char *pxe_default_boot_file(enum boot_arch a)
{
	switch (a) {
	case BOOT_ARCH_BIOS:
		return "pxelinux.0";
	case BOOT_ARCH_EFI_IA32:
		return "efi32/syslinux.efi";
	case BOOT_ARCH_EFI_X64:
		return "efi64/syslinux.efi";
	case BOOT_ARCH_EFI_ARM32:
		return "grubarm.efi";
	case BOOT_ARCH_EFI_ARM64:
		return "grubaa64.efi";
	case BOOT_ARCH_HTTP_IA32:
		return "http://${next-server}:${http-port}/grubia32.efi";
	case BOOT_ARCH_HTTP_X64:
		/* iPXE on the firmware's network stack: it asks again as iPXE and
		 * gets its host's script. Debian's GRUB has no http module built
		 * in, so under HTTP Boot it cannot even read its own config. */
		return "http://${next-server}:${http-port}/snponly.efi";
	case BOOT_ARCH_HTTP_ARM32:
		return "http://${next-server}:${http-port}/grubarm.efi";
	case BOOT_ARCH_HTTP_ARM64:
		return "http://${next-server}:${http-port}/grubaa64.efi";
	case BOOT_ARCH_IPXE:
		return "http://${next-server}:${http-port}/ipxe/${mac}";
	case BOOT_ARCH_COUNT:
		break;
	}
	return NULL;
}

/* Appends to a bounded string; `*over` records truncation. */
struct sbuf {
	char *p;
	size_t cap, len;
	bool over;
};

static void sb_put(struct sbuf *b, const char *s, size_t n)
{
	if (b->over || n >= b->cap - b->len) {
		b->over = true;
		return;
	}
	memcpy(b->p + b->len, s, n);
	b->len += n;
	b->p[b->len] = 0;
}

static void sb_str(struct sbuf *b, const char *s) { sb_put(b, s, strlen(s)); }

static void sb_uint(struct sbuf *b, unsigned v)
{
	char d[12];
	size_t n = sizeof(d);
	do {
		d[--n] = (char)('0' + v % 10);
		v /= 10;
	} while (v && n > 0);
	sb_put(b, d + n, sizeof(d) - n);
}

static void sb_hw(struct sbuf *b, const uint8_t *hw, uint8_t hlen)
{
	static const char hex[] = "0123456789abcdef";
	for (uint8_t i = 0; i < hlen && i < 16; i++) {
		char x[3] = { ':', hex[hw[i] >> 4], hex[hw[i] & 15] };
		sb_put(b, i ? x : x + 1, i ? 3 : 2);
	}
}

int pxe_expand(char *dst, size_t cap, const char *tmpl, const struct pxe_vars *v)
{
	if (cap == 0)
		return -ENAMETOOLONG;
	struct sbuf b = { .p = dst, .cap = cap };
	dst[0] = 0;
	char ip[IPV4_STRLEN];
	for (const char *p = tmpl; *p && !b.over;) {
		const char *q = strstr(p, "${");
		if (!q) {
			sb_str(&b, p);
			break;
		}
		sb_put(&b, p, (size_t)(q - p));
		const char *end = strchr(q, '}');
		if (!end) {
			sb_str(&b, q);
			break;
		}
		size_t n = (size_t)(end - q - 2);
		const char *name = q + 2;
		if (n == 11 && memcmp(name, "next-server", 11) == 0)
			sb_str(&b, ipv4_to_str(v->next_server, ip));
		else if (n == 9 && memcmp(name, "http-port", 9) == 0)
			sb_uint(&b, v->http_port ? v->http_port : CONF_DEFAULT_HTTP_PORT);
		else if (n == 3 && memcmp(name, "mac", 3) == 0)
			sb_hw(&b, v->hw, v->hlen);
		else if (n == 2 && memcmp(name, "ip", 2) == 0)
			sb_str(&b, ipv4_to_str(v->ip, ip));
		else
			sb_put(&b, q, n + 3); /* not ours (iPXE has its own ${...}) */
		p = end + 1;
	}
	if (b.over) {
		dst[0] = 0;
		return -ENAMETOOLONG;
	}
	return (int)b.len;
}

int pxe_boot_file(char *dst, size_t cap, const struct conf_boot *host, const struct conf_boot *subnet,
		  const struct conf_boot *global, enum boot_arch a, const struct pxe_vars *v)
{
	const char *f = pxe_boot_conf(host, subnet, global, a);
	if (!f)
		f = pxe_default_boot_file(a);
	if (!f)
		return -ENOENT;
	if (!pxe_class_is_http(a) || strstr(f, "://"))
		return pxe_expand(dst, cap, f, v);

	/* HTTP Boot firmware only understands a URL. */
	char tmpl[1024];
	struct sbuf b = { .p = tmpl, .cap = sizeof(tmpl) };
	tmpl[0] = 0;
	sb_str(&b, "http://${next-server}:${http-port}/");
	while (*f == '/')
		f++;
	sb_str(&b, f);
	if (b.over) {
		if (cap)
			dst[0] = 0;
		return -ENAMETOOLONG;
	}
	return pxe_expand(dst, cap, tmpl, v);
}

const char *pxe_vendor_class(enum pxe_kind k)
{
	switch (k) {
	case PXE_KIND_PXE:
		return "PXEClient";
	case PXE_KIND_HTTP:
		return "HTTPClient";
	case PXE_KIND_NONE:
		break;
	}
	return NULL;
}

size_t pxe_vendor_options(uint8_t *buf, size_t cap)
{
	static const uint8_t opts[PXE_VENDOR_OPTS_LEN] = { 6, 1, 0x08, 255 };
	if (cap < sizeof(opts))
		return 0;
	memcpy(buf, opts, sizeof(opts));
	return sizeof(opts);
}
