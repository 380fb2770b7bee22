/* A DHCP lease as the DHCP core and the store share it. One lease per IPv4
 * address; the client is identified by its client identifier (option 61)
 * when it sent one, otherwise by hardware type + address (RFC 2131 4.2). */
#pragma once
#include <stdint.h>

#define LEASE_CLIENT_ID_MAX 64
#define LEASE_HOSTNAME_MAX 64

enum lease_state {
	LEASE_OFFERED = 1,  /* held for an OFFER; never written to the store */
	LEASE_BOUND,        /* ACKed, durable */
	LEASE_RELEASED,     /* client released it; kept for address affinity */
	LEASE_DECLINED,     /* client saw it in use: quarantined until `ends` */
};

struct dhcp_lease {
	uint32_t ip;                       /* host byte order */
	enum lease_state state;
	uint8_t htype, hlen;
	uint8_t chaddr[16];
	uint8_t client_id_len;             /* 0 = none */
	uint8_t client_id[LEASE_CLIENT_ID_MAX];
	char hostname[LEASE_HOSTNAME_MAX]; /* option 12 from the client, escaped */
	int64_t starts;                    /* unix seconds */
	int64_t ends;                      /* unix seconds; INT64_MAX = infinite */
};

const char *lease_state_name(enum lease_state s);
