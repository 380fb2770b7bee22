/* `pxed import-dhcpd`: builds a pxed configuration from an ISC dhcpd.conf.
 *
 * Carried over: global/group/shared-network/subnet/host options that map to
 * a code pxed knows (and options defined with `option NAME code N = TYPE`),
 * default-/max-lease-time, subnets, ranges (also inside pools), filename and
 * next-server (per architecture when chosen by `if option arch = 00:07`,
 * `substring(option vendor-class-identifier, ...)` or user-class "iPXE"
 * conditions or class matches), hosts (hardware ethernet, fixed-address,
 * dhcp-client-identifier, host-name, filename, next-server, options,
 * deny/ignore booting), allow/deny booting, bootp and unknown-clients,
 * authoritative, use-host-decl-names. Group, shared-network and pool
 * settings are copied into the subnets and hosts they enclose.
 *
 * Everything else is listed on `report`, one line each:
 *   FILE:LINE: not carried over: STATEMENT (REASON)
 * plus "FILE:LINE: changed: ..." when something had to be adjusted, and the
 * warnings/errors of conf_check() on the result. Syntax errors are reported
 * as "FILE:LINE: error: ...".
 *
 * On success *ret is overwritten (its previous contents are not looked
 * at, as with conf_load_file) and 0 is returned. -EINVAL after a syntax
 * error or when the result fails conf_check(), -ENOMEM, or the negative
 * errno of reading the file; *ret is then untouched. */
#pragma once
#include <stddef.h>
#include <stdio.h>

#include "conf/conf.h"

int import_dhcpd_file(const char *path, struct pxed_conf *ret, FILE *report);
/* `name` is used as the file name in the report and as ret->path. */
int import_dhcpd_string(const char *name, const char *text, size_t len, struct pxed_conf *ret, FILE *report);
