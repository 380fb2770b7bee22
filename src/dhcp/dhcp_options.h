/* PURE: configured DHCP options into a reply, host over subnet over global.
 *
 * The config holds options already in wire form; this only decides which
 * of them a reply carries. Codes that describe the lease or the protocol
 * exchange itself (50-55, 57-59, 61, 82, pad/end) are computed by the server
 * and never taken from the config, so a stray "option 51" in a subnet cannot
 * contradict the lease the server actually granted. */
#pragma once
#include <stdbool.h>

#include "conf/conf.h"
#include "dhcp/dhcp_msg.h"

bool dhcp_option_server_managed(uint8_t code);

/* The configured value of `code` with host -> subnet -> global precedence
 * (any level may be NULL), or NULL. */
const struct conf_option *dhcp_options_find(const struct conf_optset *host,
					    const struct conf_optset *subnet,
					    const struct conf_optset *global, uint8_t code);

/* Adds every configured option to r: global first, then subnet, then host,
 * so a more specific level replaces a less specific one code by code. An
 * option that replaces one the server already added keeps that option's
 * `required` flag. Options that cannot be added (table full, too long) are
 * skipped; returns how many were skipped. */
int dhcp_options_apply(struct dhcp_reply *r, const struct conf_optset *global,
		       const struct conf_optset *subnet, const struct conf_optset *host);
