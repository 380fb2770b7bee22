/* From a served name to the generator that renders it. The name comes from
 * the network (a TFTP request, an HTTP path): it is only compared with
 * fixed prefixes and a MAC parsed by str_to_mac, never used as a path. */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "boot/boot_int.h"
#include "core/str.h"

#define DUP_START (16u << 10)
#define DUP_MAX (16u << 20)

enum kind {
	K_SYSLINUX_BIOS,
	K_SYSLINUX_EFI64,
	K_GRUB,
	K_IPXE,
};

/* Splits name into the config kind and, for per-host names, the MAC.
 * Returns 1 for a menu, 2 for a per-host name, -ENOENT otherwise. */
static int classify(const char *name, enum kind *kind, uint8_t mac[6])
{
	static const struct {
		const char *menu, *host_prefix;
		enum kind kind;
	} names[] = {
		{ "pxelinux.cfg/default", "pxelinux.cfg/01-", K_SYSLINUX_BIOS },
		{ "efi64/pxelinux.cfg/default", "efi64/pxelinux.cfg/01-", K_SYSLINUX_EFI64 },
		{ "grub/grub.cfg", "grub/grub.cfg-01-", K_GRUB },
		{ "ipxe", "ipxe/", K_IPXE },
	};
	for (size_t i = 0; i < sizeof(names) / sizeof(names[0]); i++) {
		if (strcmp(name, names[i].menu) == 0 ||
		    (names[i].kind == K_IPXE && strcmp(name, "ipxe/") == 0)) {
			*kind = names[i].kind;
			return 1;
		}
		size_t pl = strlen(names[i].host_prefix);
		if (strncmp(name, names[i].host_prefix, pl) == 0 && str_to_mac(name + pl, mac) == 0) {
			*kind = names[i].kind;
			return 2;
		}
	}
	return -ENOENT;
}

static int render_menu(const struct boot_ctx *ctx, enum kind kind, struct wr *w)
{
	int r = boot_check_render(ctx, NULL);
	if (r < 0)
		return r;
	switch (kind) {
	case K_SYSLINUX_BIOS:
		return boot_syslinux_menu(ctx, false, w);
	case K_SYSLINUX_EFI64:
		return boot_syslinux_menu(ctx, true, w);
	case K_GRUB:
		return boot_grub_menu(ctx, w);
	case K_IPXE:
		return boot_ipxe_menu(ctx, w);
	}
	return -ENOENT;
}

static int render_host(const struct boot_ctx *ctx, enum kind kind, const uint8_t mac[6],
		       struct wr *w)
{
	struct boot_host h;
	memset(&h, 0, sizeof(h));
	int r = ctx->host_by_mac ? ctx->host_by_mac(ctx->host_arg, mac, &h) : -ENOENT;
	/* a host to install needs its profile; one to send to its disk does not */
	if (r == 0 && h.netboot && !h.profile)
		r = -ENOENT;
	if (r == -ENOENT && kind == K_IPXE)
		return render_menu(ctx, kind, w); /* HTTP has no fallback name to try */
	if (r < 0)
		return r;
	if ((r = boot_check_render(ctx, &h)) < 0)
		return r;
	switch (kind) {
	case K_SYSLINUX_BIOS:
		return boot_syslinux_host(ctx, false, &h, mac, w);
	case K_SYSLINUX_EFI64:
		return boot_syslinux_host(ctx, true, &h, mac, w);
	case K_GRUB:
		return boot_grub_host(ctx, &h, mac, w);
	case K_IPXE:
		return boot_ipxe_host(ctx, &h, mac, w);
	}
	return -ENOENT;
}

bool boot_is_config_name(const char *served_name)
{
	enum kind kind;
	uint8_t mac[6];
	return classify(served_name, &kind, mac) > 0;
}

int boot_render(const struct boot_ctx *ctx, const char *served_name, struct wr *out)
{
	enum kind kind;
	uint8_t mac[6];
	int c = classify(served_name, &kind, mac);
	if (c < 0)
		return c;
	struct wr saved = *out;
	int r = c == 1 ? render_menu(ctx, kind, out) : render_host(ctx, kind, mac, out);
	if (r == 0 && !wr_ok(out))
		r = -ENOSPC;
	if (r < 0)
		*out = saved;
	return r;
}

int boot_render_dup(const struct boot_ctx *ctx, const char *served_name, char **ret,
		    size_t *ret_len)
{
	for (size_t cap = DUP_START; cap <= DUP_MAX; cap *= 2) {
		char *buf = malloc(cap);
		if (!buf)
			return -ENOMEM;
		/* one byte kept for the terminating NUL */
		struct wr w = wr_init(buf, cap - 1);
		int r = boot_render(ctx, served_name, &w);
		if (r == 0) {
			buf[w.len] = 0;
			*ret = buf;
			*ret_len = w.len;
			return 0;
		}
		free(buf);
		if (r != -ENOSPC)
			return r;
	}
	return -ENOSPC;
}
