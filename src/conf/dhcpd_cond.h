/* Conditions of dhcpd.conf `if`/`elsif` and class `match if` statements,
 * reduced to what pxed can act on: which boot architectures they select.
 * Understood: option 93 (client architecture) compared with a value,
 * option 60 (vendor class, possibly through substring(..., 0, N)) compared
 * with "PXEClient[:Arch:NNNNN...]" or "HTTPClient[...]", option 77 (user
 * class) compared with "iPXE"/"gPXE", `exists ipxe.*`, other `exists`
 * guards, and `and`/`or`/`not`/`!=` and parentheses around those. PURE. */
#pragma once
#include <stdbool.h>
#include <stddef.h>

#include "conf/dhcpd_lex.h"
#include "dhcp/dhcp_arch.h"

/* Arch sets chosen by conditions. `broad` sets come from "any PXE client",
 * else branches and negations: their file is the default (bios) rather
 * than one for every architecture they include. */
#define DHCPD_ARCH_ALL ((1u << BOOT_ARCH_COUNT) - 1)
#define DHCPD_ARCH_BIT(a) (1u << (a))
#define DHCPD_ARCH_HTTP (DHCPD_ARCH_BIT(BOOT_ARCH_HTTP_IA32) | DHCPD_ARCH_BIT(BOOT_ARCH_HTTP_X64) | \
		   DHCPD_ARCH_BIT(BOOT_ARCH_HTTP_ARM32) | DHCPD_ARCH_BIT(BOOT_ARCH_HTTP_ARM64))

struct dhcpd_cond {
	enum { DC_UNKNOWN, DC_TRUE, DC_SET } kind;
	unsigned archs;
	bool broad;
};

/* The option code a name in the file stands for (user-defined names
 * included), or -1. */
typedef int (*dhcpd_code_fn)(const void *ctx, const char *option_name);

/* The condition in s->tok[first..]; DC_TRUE conditions come back as the
 * broad set of every architecture. */
struct dhcpd_cond dhcpd_cond_parse(const struct dstmt *s, size_t first, dhcpd_code_fn code_of, const void *ctx);
struct dhcpd_cond dhcpd_cond_and(struct dhcpd_cond a, struct dhcpd_cond b);
