/* How an operator or a URL names a host: by one of its MACs
 * (aa:bb:cc:dd:ee:ff, aa-bb-cc-dd-ee-ff, or pxelinux's 01-aa-bb-cc-dd-ee-ff
 * file-name form, any case), by its SMBIOS UUID (8-4-4-4-12), or by its
 * host name. Pure. */
#pragma once
#include <stdint.h>

enum host_key_kind {
	HOST_KEY_MAC,
	HOST_KEY_UUID,
	HOST_KEY_HOSTNAME,
};

struct host_key {
	enum host_key_kind kind;
	uint8_t mac[6];   /* HOST_KEY_MAC */
	const char *text; /* the string given (UUID, host name) */
};

/* A MAC in any of the three forms: 0 or -EINVAL. */
int host_mac_parse(const char *s, uint8_t mac[6]);
/* Classifies s; never fails: what is neither a MAC nor a UUID is a host
 * name (the store says whether one exists). */
void host_key_parse(const char *s, struct host_key *ret);
