/* What the benchmark clients that speak DHCP share (pxed-dhcp-load,
 * pxed-fleet): relayed requests built the way PXE firmware builds them,
 * the MAC scheme that spreads clients over the key space, UDP sends that
 * ride out a full socket buffer, and the monotonic clock in microseconds. */
#pragma once
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* One client request. The bench plays the relay agent: giaddr is set and
 * hops is 1, so servers answer by unicast to giaddr:67. */
struct bench_dhcp_req {
	uint32_t xid;
	uint32_t giaddr;       /* host byte order */
	uint8_t mac[6];
	uint8_t type;          /* DHCPDISCOVER or DHCPREQUEST */
	uint32_t requested_ip; /* DHCPREQUEST: the offered address (option 50) */
	uint32_t server_id;    /* DHCPREQUEST: the offering server (option 54) */
	uint16_t secs;         /* seconds since the client began */
	/* PXE firmware's request: option 60 "PXEClient:Arch:<arch>:UNDI:002001",
	 * 93 (arch), 94 (UNDI 2.1), 97 (uuid) and a PXE parameter list. */
	bool pxe;
	uint16_t arch;         /* option 93: 0 BIOS, 7 x64 UEFI */
	uint8_t uuid[16];      /* option 97 (type 0 + these 16 bytes) */
};

/* Locally administered unicast MAC 02:<prefix>:00:<24 bits of index i>.
 * The low bits are i times an odd constant mod 2^24 (a bijection, so still
 * distinct) because real NIC addresses are spread out, and servers that
 * derive a first-choice address from a hash of the MAC (dnsmasq) would
 * otherwise see pathological collisions from consecutive MACs. */
void bench_client_mac(uint8_t prefix, uint32_t i, uint8_t mac[6]);

/* Builds the request into buf; returns its length or -EINVAL. */
int bench_dhcp_build(const struct bench_dhcp_req *q, uint8_t *buf, size_t cap);

/* sendto ip:port (host byte order), waiting briefly while the socket
 * buffer is full (EAGAIN/ENOBUFS), at most ~1 s. 0 or -errno. */
int bench_udp_send(int fd, uint32_t ip, uint16_t port, const void *buf, size_t len);

int64_t bench_now_us(void);
