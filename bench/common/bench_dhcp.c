#include "bench_dhcp.h"

#include <arpa/inet.h>
#include <errno.h>
#include <netinet/in.h>
#include <poll.h>
#include <stdio.h>
#include <string.h>
#include <sys/socket.h>
#include <time.h>

#include "dhcp/dhcp_msg.h"

void bench_client_mac(uint8_t prefix, uint32_t i, uint8_t mac[6])
{
	uint32_t v = (i * 0x9e3779u) & 0xffffffu;
	mac[0] = 0x02;
	mac[1] = prefix;
	mac[2] = 0;
	mac[3] = (uint8_t)(v >> 16);
	mac[4] = (uint8_t)(v >> 8);
	mac[5] = (uint8_t)v;
}

int bench_dhcp_build(const struct bench_dhcp_req *q, uint8_t *buf, size_t cap)
{
	/* static: a reply with its option table is too big for the stack of a
	 * tight loop; the benches are single-threaded */
	static struct dhcp_reply r;
	static const uint8_t plain_prl[] = { 1, 3, 6, 15, 28, 51, 54, 58, 59 };
	static const uint8_t pxe_prl[] = { 1, 2, 3, 4, 5, 6, 12, 13, 15, 17, 18, 22, 23, 28, 40, 41, 42,
					   43, 50, 51, 54, 58, 59, 60, 66, 67, 97, 128, 129, 130, 131,
					   132, 133, 134, 135 };
	static const uint8_t ndi[3] = { 1, 2, 1 }, max_size[2] = { 0x05, 0xc0 };
	char vc[40];
	uint8_t arch[2] = { (uint8_t)(q->arch >> 8), (uint8_t)q->arch }, uuid[17] = { 0 };

	memset(&r, 0, sizeof(r));
	r.op = BOOTREQUEST;
	r.htype = 1;
	r.hlen = 6;
	r.hops = 1;
	r.xid = q->xid;
	r.secs = q->secs;
	r.giaddr = q->giaddr;
	memcpy(r.chaddr, q->mac, 6);
	r.max_size = DHCP_MAX_PAYLOAD + DHCP_UDP_OVERHEAD;
	int rc = dhcp_reply_add_u8(&r, OPT_MSG_TYPE, true, q->type);
	if (q->type == DHCPREQUEST) {
		rc |= dhcp_reply_add_ipv4(&r, OPT_REQUESTED_IP, true, q->requested_ip);
		rc |= dhcp_reply_add_ipv4(&r, OPT_SERVER_ID, true, q->server_id);
	}
	rc |= dhcp_reply_add(&r, OPT_MAX_MSG_SIZE, true, max_size, sizeof(max_size));
	if (q->pxe) {
		int n = snprintf(vc, sizeof(vc), "PXEClient:Arch:%05u:UNDI:002001", q->arch);
		memcpy(uuid + 1, q->uuid, 16);
		rc |= dhcp_reply_add(&r, OPT_PARAM_REQUEST, true, pxe_prl, sizeof(pxe_prl));
		rc |= dhcp_reply_add(&r, OPT_CLIENT_UUID, true, uuid, sizeof(uuid));
		rc |= dhcp_reply_add(&r, OPT_CLIENT_NDI, true, ndi, sizeof(ndi));
		rc |= dhcp_reply_add(&r, OPT_CLIENT_ARCH, true, arch, sizeof(arch));
		rc |= dhcp_reply_add(&r, OPT_VENDOR_CLASS, true, vc, (size_t)n);
	} else {
		rc |= dhcp_reply_add(&r, OPT_PARAM_REQUEST, true, plain_prl, sizeof(plain_prl));
	}
	if (rc != 0)
		return -EINVAL;
	/* the option values above live on this stack frame: build before returning */
	return dhcp_reply_build(&r, buf, cap);
}

int bench_udp_send(int fd, uint32_t ip, uint16_t port, const void *buf, size_t len)
{
	struct sockaddr_in to = { .sin_family = AF_INET, .sin_port = htons(port),
				  .sin_addr.s_addr = htonl(ip) };
	for (int attempt = 0; attempt < 100; attempt++) {
		if (sendto(fd, buf, len, 0, (struct sockaddr *)&to, sizeof(to)) >= 0)
			return 0;
		if (errno != EAGAIN && errno != ENOBUFS && errno != EINTR)
			return -errno;
		struct pollfd p = { .fd = fd, .events = POLLOUT };
		poll(&p, 1, 10);
	}
	return -EAGAIN;
}

int64_t bench_now_us(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (int64_t)ts.tv_sec * 1000000 + ts.tv_nsec / 1000;
}
