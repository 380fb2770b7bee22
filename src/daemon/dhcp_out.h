/* A DHCP reply resolved to the socket and addresses it leaves by, so it
 * can be sent later, by the commit thread, without consulting anything
 * that the event loop may change meanwhile (interface addresses on reload). */
#pragma once
#include <stdbool.h>
#include <stddef.h>

#include "core/net.h"
#include "dhcp/dhcp_server.h"

struct dhcp_out {
	int fd;              /* UDP socket */
	int l2fd;            /* packet socket for a client without an address, or -1 */
	int ifindex;         /* interface for broadcasts and link-layer frames */
	uint32_t src_ip;
	uint16_t src_port;
	uint32_t dst_ip;     /* 255.255.255.255 for broadcasts */
	uint16_t dst_port;
	uint8_t dst_hw[16];
	uint8_t dst_hlen;
	size_t len;
	uint8_t data[DHCP_MAX_PAYLOAD];
};

/* Resolves a reply of the pure core. udp_fd is the socket it leaves by,
 * l2fd the interface's packet socket (-1 if none). */
void dhcp_out_resolve(struct dhcp_out *o, const struct dhcp_tx *tx, int udp_fd, int l2fd,
		      int ifindex, uint32_t if_addr);

/* Sends n replies: consecutive UDP ones on one socket in one sendmmsg; a
 * link-layer send that fails falls back to a broadcast. Failures are logged
 * with the destination. Thread-safe. */
void dhcp_out_send(const struct dhcp_out *o, size_t n);
