#include "provision/host_key.h"

#include <errno.h>
#include <stdbool.h>
#include <string.h>

#include "core/str.h"

int host_mac_parse(const char *s, uint8_t mac[6])
{
	/* pxelinux names per-host files 01-<mac>: 01 is the ARP type of
	 * Ethernet, and the separator is always '-' */
	if (strlen(s) == 20 && s[0] == '0' && s[1] == '1' && s[2] == '-') {
		if (s[5] != '-')
			return -EINVAL;
		return str_to_mac(s + 3, mac);
	}
	return str_to_mac(s, mac);
}

static bool uuid_shaped(const char *s)
{
	if (strlen(s) != 36)
		return false;
	for (int i = 0; i < 36; i++) {
		bool dash = i == 8 || i == 13 || i == 18 || i == 23;
		if (dash ? s[i] != '-' : str_hex_digit(s[i]) < 0)
			return false;
	}
	return true;
}

void host_key_parse(const char *s, struct host_key *ret)
{
	memset(ret, 0, sizeof(*ret));
	ret->text = s;
	if (host_mac_parse(s, ret->mac) == 0)
		ret->kind = HOST_KEY_MAC;
	else if (uuid_shaped(s))
		ret->kind = HOST_KEY_UUID;
	else
		ret->kind = HOST_KEY_HOSTNAME;
}
