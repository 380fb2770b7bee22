/* Shared by the boot-config generators; not for other modules. */
#pragma once
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "boot/boot.h"
#include "core/wr.h"

/* The entries a menu offers for each profile, in menu order. */
enum boot_entry {
	BOOT_ENTRY_KICKSTART = 0, /* automatic install */
	BOOT_ENTRY_INTERACTIVE,
	BOOT_ENTRY_TEXT,
	BOOT_ENTRY_BASIC_VIDEO,
	BOOT_ENTRY_RESCUE,
	BOOT_ENTRY__COUNT
};

/* "ks", "install", "text", "basicvideo", "rescue": a label is <profile>-<suffix>. */
const char *boot_entry_suffix(enum boot_entry e);
/* "automatic install (kickstart)", ... */
const char *boot_entry_title(enum boot_entry e);

/* How a file name is written for the loader at hand. */
enum boot_ref {
	BOOT_REF_TFTP,	       /* /distros/d/images/pxeboot/vmlinuz */
	BOOT_REF_TFTP_SYSLINUX_EFI, /* ::/distros/...: syslinux.efi prefixes its own
				     * directory to any other name, "/x" included */
	BOOT_REF_URL,	       /* http://server:port/distros/... */
	BOOT_REF_GRUB_HTTP,    /* ${pxed_from}/distros/...: (http,server:port) when GRUB
				* could load its http module, else TFTP */
};

/* printf into the writer; a result that does not fit sets overflow. */
void boot_put(struct wr *w, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

/* "198.18.0.1:8080", or "198.18.0.1" for port 80. */
#define BOOT_HOSTPORT_MAX 24
const char *boot_hostport(const struct boot_ctx *ctx, char buf[BOOT_HOSTPORT_MAX]);

/* The reference to distros/<distro>/<path> (distro NULL: <path> at the
 * top of the served namespace, as memtest86+x64.bin). */
void boot_put_ref(struct wr *w, const struct boot_ctx *ctx, enum boot_ref how,
		  const struct boot_distro *distro, const char *path);

/* The kernel arguments of one entry: installer options for the distro's
 * version, the kickstart URL (the host's, or the one that the daemon
 * resolves by the MAC header when host is NULL), then the profile's own
 * arguments. No BOOTIF and no initrd: those depend on the loader. */
void boot_put_args(struct wr *w, const struct boot_ctx *ctx, const struct boot_profile *p,
		   enum boot_entry e, const struct boot_host *host);

/* Whether a distro boots with the pre-dracut installer options (ks=,
 * ksdevice=, repo=): RHEL 6 and older, Fedora before 17. */
bool boot_distro_is_legacy(const struct boot_distro *d);
/* Fedora numbers its releases on its own scale; everything else is EL. */
bool boot_distro_is_fedora(const struct boot_distro *d);

/* Last path component (the initrd's name for iPXE's initrd= argument). */
const char *boot_basename(const char *path);

/* "# profile rocky9: distro rocky-9.4 (rocky 9, x86_64)" */
void boot_put_profile_comment(struct wr *w, const struct boot_profile *p);
/* What a per-host config does and why, as comment lines (all three
 * languages comment with '#'). */
void boot_put_host_comment(struct wr *w, const struct boot_host *h);

/* The title, with its default. */
const char *boot_title(const struct boot_ctx *ctx);
unsigned boot_timeout_s(const struct boot_ctx *ctx);

/* "52-54-00-12-34-56" and "52:54:00:12:34:56". */
#define BOOT_MAC_STRLEN 18
const char *boot_mac_dashes(const uint8_t mac[6], char buf[BOOT_MAC_STRLEN]);

/* Validation of what the generators are about to write (see boot_check.c). */
int boot_check_render(const struct boot_ctx *ctx, const struct boot_host *host);

/* The generators: 0, or -ENOSPC when the writer overflowed. */
int boot_syslinux_menu(const struct boot_ctx *ctx, bool efi64, struct wr *w);
int boot_syslinux_host(const struct boot_ctx *ctx, bool efi64, const struct boot_host *h,
		       const uint8_t mac[6], struct wr *w);
int boot_grub_menu(const struct boot_ctx *ctx, struct wr *w);
int boot_grub_host(const struct boot_ctx *ctx, const struct boot_host *h, const uint8_t mac[6],
		   struct wr *w);
int boot_ipxe_menu(const struct boot_ctx *ctx, struct wr *w);
int boot_ipxe_host(const struct boot_ctx *ctx, const struct boot_host *h, const uint8_t mac[6],
		   struct wr *w);
