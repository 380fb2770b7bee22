#include "dhcp/dhcp_lease.h"

const char *lease_state_name(enum lease_state s)
{
	switch (s) {
	case LEASE_OFFERED:
		return "offered";
	case LEASE_BOUND:
		return "bound";
	case LEASE_RELEASED:
		return "released";
	case LEASE_DECLINED:
		return "declined";
	}
	return "unknown";
}
