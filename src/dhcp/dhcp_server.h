/* PURE DHCP server logic (RFC 2131 server side, BOOTP, PXE, proxyDHCP).
 *
 * Bytes and time in, bytes and actions out: dhcp_server_handle() takes one
 * received datagram with its arrival metadata and the current wall-clock
 * time, and returns at most one reply with its destination, the lease
 * mutations the store must commit BEFORE the reply is sent, and one event
 * for the log. It never touches a socket, the clock or the store. */
#pragma once
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "conf/conf.h"
#include "dhcp/dhcp_lease.h"
#include "dhcp/dhcp_msg.h"

struct dhcp_server;

/* conf must outlive the server (or be replaced by dhcp_server_set_conf). */
struct dhcp_server *dhcp_server_new(const struct pxed_conf *conf);
struct dhcp_server *dhcp_server_free(struct dhcp_server *s);
/* SIGHUP: new config, leases kept. Offers in flight are dropped. */
void dhcp_server_set_conf(struct dhcp_server *s, const struct pxed_conf *conf);
/* Loads one lease read from the store at start-up (or after a failed commit). */
int dhcp_server_load_lease(struct dhcp_server *s, const struct dhcp_lease *l);
/* Forgets every lease (before a reload from the store). */
void dhcp_server_clear_leases(struct dhcp_server *s);
size_t dhcp_server_lease_count(const struct dhcp_server *s);
/* Events above this log level get no text: formatting lines nobody will
 * log costs more than the rest of an OFFER. Default: every event. */
void dhcp_server_set_text_level(struct dhcp_server *s, int level);

/* The datagram and where it arrived. */
struct dhcp_rx {
	const uint8_t *data;
	size_t len;
	uint32_t src_ip;      /* IPv4 source, host order */
	uint16_t src_port;
	uint32_t dst_ip;      /* IPv4 destination (255.255.255.255 for broadcasts) */
	uint16_t local_port;  /* 67 or 4011 */
	int ifindex;
	const char *ifname;
	uint32_t if_addr;     /* receiving interface's primary IPv4 address, 0 if none */
	uint32_t if_netmask;
};

enum dhcp_dest {
	DHCP_DEST_BROADCAST = 1, /* 255.255.255.255:68 out of rx.ifindex */
	DHCP_DEST_UNICAST,       /* dst_ip:dst_port by the routing table (relay, ciaddr, 4011) */
	DHCP_DEST_UNICAST_HW,    /* dst_ip:68 to dst_hw on rx.ifindex, no ARP (client has no address yet) */
};

struct dhcp_tx {
	uint8_t data[DHCP_MAX_PAYLOAD];
	size_t len;
	enum dhcp_dest dest;
	uint32_t dst_ip;
	uint16_t dst_port;
	uint8_t dst_hw[16];
	uint8_t dst_hlen;
	uint32_t src_ip;      /* our address to send from (the server identifier) */
	uint16_t src_port;    /* 67, or 4011 when answering on the boot server port */
	int ifindex;
};

enum dhcp_event_kind {
	DHCP_EV_NONE = 0,
	DHCP_EV_DROPPED,       /* malformed or not for us: text says why (logged at debug/warn) */
	DHCP_EV_IGNORED,       /* well-formed but nothing to say (other server chosen, proxy + non-PXE) */
	DHCP_EV_OFFER,
	DHCP_EV_ACK,
	DHCP_EV_NAK,
	DHCP_EV_INFORM,
	DHCP_EV_RELEASE,
	DHCP_EV_DECLINE,       /* address quarantined */
	DHCP_EV_BOOTP,
	DHCP_EV_PROXY,         /* proxyDHCP boot answer */
	DHCP_EV_POOL_EXHAUSTED,
	DHCP_EV_UNKNOWN_DENIED,
	DHCP_EV_NO_SUBNET,
	DHCP_EV_PROXY_REQUEST, /* proxyDHCP: a boot client REQUESTs ip from another server; nothing sent */
};

struct dhcp_event {
	enum dhcp_event_kind kind;
	int level;            /* enum log_level: what the shell should log it at */
	int text_level;       /* text is only written for events at or below this level */
	uint32_t ip;
	uint8_t hw[16];
	uint8_t hlen;
	int arch;             /* enum boot_arch, -1 when not a PXE client */
	const struct conf_host *host; /* the static host matched (by MAC, client id or UUID), or NULL */
	char text[256];       /* one human line, peer strings already escaped */
};

#define DHCP_MAX_MUTATIONS 4

struct dhcp_mutation {
	bool del;             /* true: delete the lease for lease.ip */
	struct dhcp_lease lease;
};

struct dhcp_result {
	bool has_tx;
	struct dhcp_tx tx;
	size_t nmut;
	struct dhcp_mutation mut[DHCP_MAX_MUTATIONS];
	struct dhcp_event ev;
};

/* Handles one datagram. Always returns 0 and fills `out` (a malformed packet
 * is an event, not an error); returns a negative errno only for internal
 * failures such as out-of-memory. `now` is unix time in seconds. */
int dhcp_server_handle(struct dhcp_server *s, const struct dhcp_rx *rx, int64_t now, struct dhcp_result *out);
