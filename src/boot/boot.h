/* Generated boot configurations: the pxelinux and syslinux.efi menus, GRUB's
 * grub.cfg and the iPXE scripts that pxed serves under the names listed in
 * docs/provisioning.md, built from plain data (the server's address, the
 * profiles with their distros, the host asking). PURE: text in a buffer,
 * no I/O, no clock, no logging.
 *
 * Every string that ends up in a config is checked first: names, paths,
 * kernel arguments and titles can hold nothing that would end a line, a
 * quoted word or a value, or expand as a variable in GRUB or iPXE, so a
 * hostname or a kernel argument can never add a line to a boot config.
 * Anything else is refused with -EINVAL (boot_ctx_check says why). */
#pragma once
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "core/wr.h"

#define BOOT_HOSTNAME_MAX 254
/* x86 kernels take at most 2047 bytes of command line (COMMAND_LINE_SIZE);
 * the operator's extra arguments get half of it, the rest is ours. */
#define BOOT_EXTRA_ARGS_MAX 1024

/* memtest86+ 6 (Debian's memtest86+ package), served at the top of the
 * namespace by bootprog.h; menus offer it when boot_ctx.memtest is set. */
#define BOOT_MEMTEST_BIOS "memtest86+x64.bin"
#define BOOT_MEMTEST_EFI "memtest86+x64.efi"

struct boot_distro {
	const char *name;   /* catalog name, [A-Za-z0-9._-]: the tree is served at distros/<name>/ */
	const char *family; /* "rocky", "centos", "rhel", "almalinux", "fedora", ... */
	int major;	    /* 6, 7, 8, 9, 10; Fedora's release number */
	const char *arch;   /* "x86_64" */
	const char *kernel; /* path inside the tree: "images/pxeboot/vmlinuz" */
	const char *initrd;
};

struct boot_profile {
	const char *name; /* [A-Za-z0-9._-] */
	const struct boot_distro *distro;
	const char *kernel_args; /* the operator's extra arguments; NULL or "" for none */
};

/* What the host lookup returns. profile points into boot_ctx.profiles, or
 * is NULL when the host's profile is not among them. The host's other MACs
 * do not matter: a config is written for the MAC that asked for it. */
struct boot_host {
	char hostname[BOOT_HOSTNAME_MAX];
	const struct boot_profile *profile;
	bool netboot; /* true: install now; false: installed, boot the local disk */
};

/* How a boot program fetches kernels and initrds. pxelinux.0 speaks only
 * TFTP; lpxelinux.0, syslinux.efi, GRUB and iPXE also speak HTTP, which is
 * several times faster for a kernel and an initrd of tens of megabytes. */
enum boot_fetch {
	BOOT_FETCH_TFTP = 0,
	BOOT_FETCH_HTTP,
};

struct boot_ctx {
	uint32_t server_ip; /* pxed's address as the client sees it, host byte order */
	uint16_t http_port;
	const struct boot_profile *profiles;
	size_t n_profiles;
	const char *menu_title;	 /* NULL: "pxed network install" */
	unsigned menu_timeout_s; /* menus wait this long, then boot the local disk; 0 = 10 */
	bool memtest;		 /* memtest86+ is installed (bootprog.h serves it) */
	/* The BIOS config is read by pxelinux.0 (TFTP) or lpxelinux.0 (HTTP),
	 * whichever the DHCP configuration hands out. */
	enum boot_fetch bios_fetch;
	enum boot_fetch efi64_fetch; /* syslinux.efi */
	enum boot_fetch grub_fetch;
	/* The host that owns mac: 0 with *ret filled, -ENOENT for none. */
	int (*host_by_mac)(void *arg, const uint8_t mac[6], struct boot_host *ret);
	void *host_arg;
};

/* Renders the served name into out:
 *   pxelinux.cfg/default, efi64/pxelinux.cfg/default     the menu
 *   pxelinux.cfg/01-<mac>, efi64/pxelinux.cfg/01-<mac>   a known host's config
 *   grub/grub.cfg                                         the GRUB menu
 *   grub/grub.cfg-01-<mac>                               a known host's config; the MAC
 *        as GRUB's ${net_default_mac} spells it (aa:bb:...) or with dashes
 *   ipxe, ipxe/<mac>                                      the host's iPXE script, or the
 *        iPXE menu for a MAC nobody owns
 * Returns 0 (out->len is the length), -ENOENT for any other name and for a
 * per-host config of an unknown MAC or of a host whose profile is unknown
 * (pxelinux.cfg/<hex IP> included: the boot program then falls through to
 * the default, as it does on a plain TFTP server), -EINVAL when a string
 * that would be written is not safe, -ENOSPC when out is too small. */
int boot_render(const struct boot_ctx *ctx, const char *served_name, struct wr *out);

/* Whether boot_render would try served_name at all (a menu or per-host
 * config name): lets a server skip building a context for every file. */
bool boot_is_config_name(const char *served_name);

/* boot_render into a heap buffer of the right size (NUL-terminated; the
 * caller frees it). */
int boot_render_dup(const struct boot_ctx *ctx, const char *served_name, char **ret,
		    size_t *ret_len);

/* Checks every string of the context (title, profiles, distros) that a
 * config would contain; on -EINVAL writes why into why ("profile rocky9:
 * kernel argument 'a\"b': '\"' is not allowed"). */
int boot_ctx_check(const struct boot_ctx *ctx, char *why, size_t whylen);
int boot_profile_check(const struct boot_profile *p, char *why, size_t whylen);
int boot_host_check(const struct boot_host *h, char *why, size_t whylen);
