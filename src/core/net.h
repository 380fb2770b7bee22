/* Sockets for the UDP services: per-interface UDP sockets that report the
 * arrival interface and destination (IP_PKTINFO), and a link-layer socket
 * for replies to clients that have no IPv4 address yet (RFC 2131 4.1: the
 * reply goes to yiaddr at chaddr, which the ARP cache cannot resolve). */
#pragma once
#include <stddef.h>
#include <stdint.h>

struct net_iface {
	char name[16];
	int ifindex;
	uint32_t addr;     /* primary IPv4 address, host order; 0 if none */
	uint32_t netmask;
	uint8_t hwaddr[6];
	uint32_t gateway;  /* default-route gateway through this interface, 0 if none */
};

/* Looks up an interface by name. -ENODEV if it does not exist. */
int net_iface_lookup(const char *name, struct net_iface *ret);

/* UDP socket bound to 0.0.0.0:port and to the device (SO_BINDTODEVICE),
 * non-blocking, broadcast allowed, IP_PKTINFO on. Needs root for ports < 1024. */
int net_udp_socket_on(const char *ifname, uint16_t port);

/* UDP socket bound to addr:port (host order), non-blocking, IP_PKTINFO on. */
int net_udp_socket_addr(uint32_t addr, uint16_t port);

struct net_rx_meta {
	uint32_t src_ip;
	uint16_t src_port;
	uint32_t dst_ip;
	int ifindex;
};

/* recvmsg with IP_PKTINFO. Returns length, or -EAGAIN when drained. */
long net_udp_recv(int fd, void *buf, size_t cap, struct net_rx_meta *meta);

/* Up to NET_BATCH_MAX datagrams in one recvmmsg. Each slot's buf/cap are
 * the caller's; len is set, and len > cap marks a truncated datagram.
 * Returns the number received (0 when drained) or a negative errno. */
#define NET_BATCH_MAX 64
struct net_rx_slot {
	uint8_t *buf;
	size_t cap;
	size_t len;
	struct net_rx_meta meta;
};
int net_udp_recv_batch(int fd, struct net_rx_slot *slots, unsigned n);

/* One datagram for net_udp_send_batch. */
struct net_tx {
	const void *data;
	size_t len;
	uint32_t dst_ip;
	uint16_t dst_port;
	uint32_t src_ip;
	int ifindex;
	int err;          /* out: 0 or negative errno */
};
/* Sends n datagrams with as few sendmmsg calls as the kernel allows. */
void net_udp_send_batch(int fd, struct net_tx *tx, unsigned n);

/* sendto ip:port (host order); src_ip selects the source address (0 = any). */
int net_udp_send(int fd, const void *buf, size_t len, uint32_t dst_ip, uint16_t dst_port,
		 uint32_t src_ip, int ifindex);

/* Packet socket for IPv4 frames on one interface (needs CAP_NET_RAW at
 * creation; sending works after privileges are dropped). */
int net_l2_socket(int ifindex);

/* Sends one UDP/IPv4 datagram as a link-layer frame to dst_hw. */
int net_l2_send_udp(int fd, int ifindex, const uint8_t *dst_hw, size_t hwlen, uint32_t src_ip,
		    uint16_t src_port, uint32_t dst_ip, uint16_t dst_port, const void *payload,
		    size_t len);
