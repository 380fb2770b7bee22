/* PURE PXE knowledge: who is asking (PXE ROM, UEFI HTTP Boot, iPXE), for
 * which processor architecture, which boot program it gets, and the PXE
 * options that go back with it.
 *
 * Client architecture comes from option 93 (RFC 4578; the IANA "Processor
 * Architecture Types" registry), or from the "Arch:NNNNN" field of the PXE
 * vendor class when option 93 is missing or malformed. Types 7 and 9 are
 * both treated as x64 UEFI: RFC 4578 swapped them and firmware sends either.
 *
 * Default boot programs when the config names none at any level (paths are
 * relative to the TFTP root, URLs are served by pxed's HTTP server):
 *   bios        pxelinux.0                (syslinux, Debian "pxelinux")
 *   efi-ia32    efi32/syslinux.efi        (Debian "syslinux-efi" layout)
 *   efi-x64     efi64/syslinux.efi
 *   efi-arm32   grubarm.efi               (syslinux has no ARM port)
 *   efi-arm64   grubaa64.efi
 *   http-ia32   http://${next-server}:${http-port}/grubia32.efi
 *   http-x64    http://${next-server}:${http-port}/grubx64.efi
 *   http-arm32  http://${next-server}:${http-port}/grubarm.efi
 *   http-arm64  http://${next-server}:${http-port}/grubaa64.efi
 *   ipxe        http://${next-server}:${http-port}/ipxe/${mac} (the per-host script)
 * A client already running iPXE always gets the ipxe entry, so a ROM that
 * chain-loads iPXE is never handed iPXE again (the classic boot loop).
 *
 * Boot file names may use ${next-server}, ${http-port}, ${mac} (hardware
 * address, lower-case hex with colons) and ${ip} (the address the client
 * gets); anything else in ${...} is left as written. HTTP Boot classes must
 * get a URL: a relative name is made into
 * http://${next-server}:${http-port}/<name>. */
#pragma once
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "conf/conf.h"
#include "dhcp/dhcp_arch.h"
#include "dhcp/dhcp_msg.h"

/* IANA processor architecture type name for logs, e.g. "x64 UEFI",
 * "arm64 U-Boot"; "unassigned" for numbers not in the registry. */
const char *pxe_arch_type_name(uint16_t type);

/* The boot-program class for an architecture type, or -1 when pxed has
 * none (legacy, U-Boot, RISC-V, POWER, ...: those get boot information only
 * from an explicit host or subnet entry, never a guessed default). */
int pxe_arch_type_class(uint16_t type);

enum pxe_kind {
	PXE_KIND_NONE = 0, /* no PXE vendor class */
	PXE_KIND_PXE,      /* option 60 starts with "PXEClient" */
	PXE_KIND_HTTP,     /* option 60 starts with "HTTPClient" (UEFI HTTP Boot) */
};

struct pxe_client {
	enum pxe_kind kind;
	bool ipxe;            /* user class (77) "iPXE" or iPXE option 175 present */
	bool has_arch;        /* from option 93 or the vendor class */
	uint16_t arch_type;   /* IANA type (first entry of option 93) */
	int boot_class;       /* enum boot_arch, -1 when not a boot client */
	const uint8_t *uuid;  /* option 97 as sent (points into the message), NULL if absent */
	size_t uuid_len;
};

/* Classifies a parsed request. Never fails: unusable PXE options just
 * make a client less specific. */
void pxe_classify(const struct dhcp_msg *m, struct pxe_client *ret);

/* True when the boot class needs a URL (UEFI HTTP Boot). */
bool pxe_class_is_http(enum boot_arch a);

/* Option 77 says iPXE: the raw string "iPXE" (what iPXE really sends) or an
 * RFC 3004 list with an "iPXE" entry. */
bool pxe_user_class_is_ipxe(const uint8_t *v, size_t len);

/* "PXEClient:Arch:00007:UNDI:003010" -> 7. -ENODATA when there is no Arch
 * field, -EINVAL when it is not five digits. */
int pxe_arch_from_vendor_class(const uint8_t *v, size_t len, uint16_t *ret);

/* The configured entry for a class with host -> subnet -> global
 * precedence (any level may be NULL), or NULL when none is set. */
const char *pxe_boot_conf(const struct conf_boot *host, const struct conf_boot *subnet,
			  const struct conf_boot *global, enum boot_arch a);
const char *pxe_default_boot_file(enum boot_arch a);

struct pxe_vars {
	uint32_t next_server;
	uint16_t http_port;
	const uint8_t *hw;
	uint8_t hlen;
	uint32_t ip;
};

/* Expands the placeholders of `tmpl` into dst. Returns the length, or
 * -ENAMETOOLONG when the result does not fit (dst is then empty). */
int pxe_expand(char *dst, size_t cap, const char *tmpl, const struct pxe_vars *v);

/* The boot file a class gets: configured entry (or the default), expanded,
 * made into a URL for HTTP Boot classes. Returns its length or a negative
 * errno (-ENAMETOOLONG). */
int pxe_boot_file(char *dst, size_t cap, const struct conf_boot *host, const struct conf_boot *subnet,
		  const struct conf_boot *global, enum boot_arch a, const struct pxe_vars *v);

/* Option 60 value pxed answers with: "PXEClient" or "HTTPClient"; NULL for
 * PXE_KIND_NONE. */
const char *pxe_vendor_class(enum pxe_kind k);

/* Option 43 for PXE clients: PXE_DISCOVERY_CONTROL (sub-option 6) with bit 3
 * set ("boot file is in this offer: download it, no prompt, no boot server
 * discovery", PXE 2.1 section 2.4.2.4), then the end tag, so ROMs neither
 * wait for a proxyDHCP/boot server nor show a menu. Returns the length
 * written (PXE_VENDOR_OPTS_LEN) or 0 when cap is too small. */
#define PXE_VENDOR_OPTS_LEN 4
size_t pxe_vendor_options(uint8_t *buf, size_t cap);
