#include "net.h"

#include <arpa/inet.h>
#include <errno.h>
#include <ifaddrs.h>
#include <linux/if_packet.h>
#include <net/ethernet.h>
#include <net/if.h>
#include <netinet/in.h>
#include <netinet/ip.h>
#include <netinet/udp.h>
#include <stdio.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/socket.h>
#include <unistd.h>

#include "core/str.h"

/* Default gateway via this interface, from the kernel's IPv4 routing table. */
static uint32_t read_gateway(const char *ifname)
{
	FILE *f = fopen("/proc/net/route", "r");
	if (!f)
		return 0;
	char line[256];
	uint32_t gw = 0;
	while (fgets(line, sizeof(line), f)) {
		char name[32];
		unsigned dst, g, flags;
		if (sscanf(line, "%31s %x %x %x", name, &dst, &g, &flags) != 4)
			continue;
		/* RTF_UP|RTF_GATEWAY, destination 0.0.0.0; the file holds network order */
		if (strcmp(name, ifname) == 0 && dst == 0 && (flags & 3) == 3) {
			gw = ntohl(g);
			break;
		}
	}
	fclose(f);
	return gw;
}

int net_iface_lookup(const char *name, struct net_iface *ret)
{
	struct net_iface r;
	memset(&r, 0, sizeof(r));
	if (str_copy(r.name, sizeof(r.name), name) < 0)
		return -ENAMETOOLONG;
	r.ifindex = (int)if_nametoindex(name);
	if (r.ifindex == 0)
		return -ENODEV;
	struct ifaddrs *ifa, *i;
	if (getifaddrs(&ifa) < 0)
		return -errno;
	for (i = ifa; i; i = i->ifa_next) {
		if (!i->ifa_addr || strcmp(i->ifa_name, name) != 0)
			continue;
		if (i->ifa_addr->sa_family == AF_INET && r.addr == 0) {
			r.addr = ntohl(((struct sockaddr_in *)(void *)i->ifa_addr)->sin_addr.s_addr);
			if (i->ifa_netmask)
				r.netmask = ntohl(((struct sockaddr_in *)(void *)i->ifa_netmask)->sin_addr.s_addr);
		} else if (i->ifa_addr->sa_family == AF_PACKET) {
			struct sockaddr_ll *ll = (struct sockaddr_ll *)(void *)i->ifa_addr;
			if (ll->sll_halen == 6)
				memcpy(r.hwaddr, ll->sll_addr, 6);
		}
	}
	freeifaddrs(ifa);
	r.gateway = read_gateway(name);
	*ret = r;
	return 0;
}

static int udp_socket_common(void)
{
	int fd = socket(AF_INET, SOCK_DGRAM | SOCK_NONBLOCK | SOCK_CLOEXEC, 0);
	if (fd < 0)
		return -errno;
	int one = 1;
	if (setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &one, sizeof(one)) < 0 ||
	    setsockopt(fd, SOL_SOCKET, SO_BROADCAST, &one, sizeof(one)) < 0 ||
	    setsockopt(fd, IPPROTO_IP, IP_PKTINFO, &one, sizeof(one)) < 0) {
		int e = errno;
		close(fd);
		return -e;
	}
	/* bursts of a rack booting at once must not overflow the default buffer */
	int rcv = 4 << 20;
	setsockopt(fd, SOL_SOCKET, SO_RCVBUF, &rcv, sizeof(rcv));
	return fd;
}

static int bind_fd(int fd, uint32_t addr, uint16_t port)
{
	struct sockaddr_in sa = { .sin_family = AF_INET, .sin_port = htons(port),
				  .sin_addr.s_addr = htonl(addr) };
	if (bind(fd, (struct sockaddr *)&sa, sizeof(sa)) < 0) {
		int e = errno;
		close(fd);
		return -e;
	}
	return fd;
}

int net_udp_socket_on(const char *ifname, uint16_t port)
{
	int fd = udp_socket_common();
	if (fd < 0)
		return fd;
	if (setsockopt(fd, SOL_SOCKET, SO_BINDTODEVICE, ifname, (socklen_t)strlen(ifname)) < 0) {
		int e = errno;
		close(fd);
		return -e;
	}
	return bind_fd(fd, INADDR_ANY, port);
}

int net_udp_socket_addr(uint32_t addr, uint16_t port)
{
	int fd = udp_socket_common();
	if (fd < 0)
		return fd;
	return bind_fd(fd, addr, port);
}

long net_udp_recv(int fd, void *buf, size_t cap, struct net_rx_meta *meta)
{
	struct net_rx_slot slot = { .buf = buf, .cap = cap };
	int r = net_udp_recv_batch(fd, &slot, 1);
	if (r <= 0)
		return r == 0 ? -EAGAIN : r;
	*meta = slot.meta;
	return (long)slot.len;
}

static void meta_from(const struct msghdr *mh, const struct sockaddr_in *from, struct net_rx_meta *meta)
{
	memset(meta, 0, sizeof(*meta));
	meta->src_ip = ntohl(from->sin_addr.s_addr);
	meta->src_port = ntohs(from->sin_port);
	for (struct cmsghdr *c = CMSG_FIRSTHDR(mh); c; c = CMSG_NXTHDR((struct msghdr *)mh, c)) {
		if (c->cmsg_level == IPPROTO_IP && c->cmsg_type == IP_PKTINFO) {
			struct in_pktinfo pi;
			memcpy(&pi, CMSG_DATA(c), sizeof(pi));
			meta->ifindex = pi.ipi_ifindex;
			meta->dst_ip = ntohl(pi.ipi_addr.s_addr);
		}
	}
}

int net_udp_recv_batch(int fd, struct net_rx_slot *slots, unsigned n)
{
	struct mmsghdr mm[NET_BATCH_MAX];
	struct iovec iov[NET_BATCH_MAX];
	struct sockaddr_in from[NET_BATCH_MAX];
	union {
		char buf[CMSG_SPACE(sizeof(struct in_pktinfo))];
		struct cmsghdr align;
	} cbuf[NET_BATCH_MAX];
	if (n > NET_BATCH_MAX)
		n = NET_BATCH_MAX;
	for (unsigned i = 0; i < n; i++) {
		iov[i] = (struct iovec){ .iov_base = slots[i].buf, .iov_len = slots[i].cap };
		mm[i].msg_hdr = (struct msghdr){ .msg_name = &from[i], .msg_namelen = sizeof(from[i]),
						 .msg_iov = &iov[i], .msg_iovlen = 1,
						 .msg_control = cbuf[i].buf, .msg_controllen = sizeof(cbuf[i].buf) };
		mm[i].msg_len = 0;
	}
	int got = recvmmsg(fd, mm, n, MSG_DONTWAIT, NULL);
	if (got < 0)
		return errno == EWOULDBLOCK ? 0 : -errno;
	for (int i = 0; i < got; i++) {
		meta_from(&mm[i].msg_hdr, &from[i], &slots[i].meta);
		slots[i].len = (mm[i].msg_hdr.msg_flags & MSG_TRUNC) ? slots[i].cap + 1 : mm[i].msg_len;
	}
	return got;
}

static void fill_pktinfo(struct msghdr *mh, char *cbuf, size_t cap, uint32_t src_ip, int ifindex)
{
	if (!src_ip && !ifindex)
		return;
	memset(cbuf, 0, cap);
	mh->msg_control = cbuf;
	mh->msg_controllen = CMSG_SPACE(sizeof(struct in_pktinfo));
	struct cmsghdr *c = CMSG_FIRSTHDR(mh);
	c->cmsg_level = IPPROTO_IP;
	c->cmsg_type = IP_PKTINFO;
	c->cmsg_len = CMSG_LEN(sizeof(struct in_pktinfo));
	struct in_pktinfo pi = { .ipi_ifindex = ifindex, .ipi_spec_dst.s_addr = htonl(src_ip) };
	memcpy(CMSG_DATA(c), &pi, sizeof(pi));
}

void net_udp_send_batch(int fd, struct net_tx *tx, unsigned n)
{
	struct mmsghdr mm[NET_BATCH_MAX];
	struct iovec iov[NET_BATCH_MAX];
	struct sockaddr_in to[NET_BATCH_MAX];
	union {
		char buf[CMSG_SPACE(sizeof(struct in_pktinfo))];
		struct cmsghdr align;
	} cbuf[NET_BATCH_MAX];
	for (unsigned base = 0; base < n; base += NET_BATCH_MAX) {
		unsigned k = n - base < NET_BATCH_MAX ? n - base : NET_BATCH_MAX;
		for (unsigned i = 0; i < k; i++) {
			struct net_tx *t = &tx[base + i];
			to[i] = (struct sockaddr_in){ .sin_family = AF_INET, .sin_port = htons(t->dst_port),
						      .sin_addr.s_addr = htonl(t->dst_ip) };
			iov[i] = (struct iovec){ .iov_base = (void *)t->data, .iov_len = t->len };
			mm[i].msg_hdr = (struct msghdr){ .msg_name = &to[i], .msg_namelen = sizeof(to[i]),
							 .msg_iov = &iov[i], .msg_iovlen = 1 };
			fill_pktinfo(&mm[i].msg_hdr, cbuf[i].buf, sizeof(cbuf[i].buf), t->src_ip, t->ifindex);
			t->err = 0;
		}
		unsigned done = 0;
		while (done < k) {
			int r = sendmmsg(fd, mm + done, k - done, MSG_DONTWAIT);
			if (r <= 0) {
				/* the failing datagram is reported and skipped; the rest still go */
				tx[base + done].err = r < 0 ? -errno : -EIO;
				done++;
				continue;
			}
			done += (unsigned)r;
		}
	}
}

int net_udp_send(int fd, const void *buf, size_t len, uint32_t dst_ip, uint16_t dst_port,
		 uint32_t src_ip, int ifindex)
{
	struct net_tx t = { .data = buf, .len = len, .dst_ip = dst_ip, .dst_port = dst_port,
			    .src_ip = src_ip, .ifindex = ifindex };
	net_udp_send_batch(fd, &t, 1);
	return t.err;
}

int net_l2_socket(int ifindex)
{
	int fd = socket(AF_PACKET, SOCK_DGRAM | SOCK_NONBLOCK | SOCK_CLOEXEC, 0);
	if (fd < 0)
		return -errno;
	/* send-only: protocol 0 receives nothing, so the socket costs no copies */
	struct sockaddr_ll sll = { .sll_family = AF_PACKET, .sll_protocol = 0, .sll_ifindex = ifindex };
	if (bind(fd, (struct sockaddr *)&sll, sizeof(sll)) < 0) {
		int e = errno;
		close(fd);
		return -e;
	}
	return fd;
}

static uint32_t csum_add(uint32_t sum, const uint8_t *p, size_t len)
{
	for (size_t i = 0; i + 1 < len; i += 2)
		sum += (uint32_t)(p[i] << 8 | p[i + 1]);
	if (len & 1)
		sum += (uint32_t)(p[len - 1] << 8);
	return sum;
}

static uint16_t csum_fold(uint32_t sum)
{
	while (sum >> 16)
		sum = (sum & 0xffff) + (sum >> 16);
	return (uint16_t)~sum;
}

int net_l2_send_udp(int fd, int ifindex, const uint8_t *dst_hw, size_t hwlen, uint32_t src_ip,
		    uint16_t src_port, uint32_t dst_ip, uint16_t dst_port, const void *payload,
		    size_t len)
{
	uint8_t pkt[20 + 8 + 1500];
	if (len > 1500 - 28 || hwlen > 8)
		return -EMSGSIZE;
	size_t total = 28 + len;
	uint8_t *ip = pkt, *udp = pkt + 20;
	memset(pkt, 0, 28);
	ip[0] = 0x45;
	ip[2] = (uint8_t)(total >> 8);
	ip[3] = (uint8_t)total;
	ip[8] = 64;
	ip[9] = IPPROTO_UDP;
	uint32_t s = htonl(src_ip), d = htonl(dst_ip);
	memcpy(ip + 12, &s, 4);
	memcpy(ip + 16, &d, 4);
	uint16_t ck = csum_fold(csum_add(0, ip, 20));
	ip[10] = (uint8_t)(ck >> 8);
	ip[11] = (uint8_t)ck;
	size_t ulen = 8 + len;
	udp[0] = (uint8_t)(src_port >> 8);
	udp[1] = (uint8_t)src_port;
	udp[2] = (uint8_t)(dst_port >> 8);
	udp[3] = (uint8_t)dst_port;
	udp[4] = (uint8_t)(ulen >> 8);
	udp[5] = (uint8_t)ulen;
	memcpy(udp + 8, payload, len);
	/* UDP checksum over the pseudo-header, header and payload */
	uint8_t pseudo[12];
	memcpy(pseudo, ip + 12, 8);
	pseudo[8] = 0;
	pseudo[9] = IPPROTO_UDP;
	pseudo[10] = (uint8_t)(ulen >> 8);
	pseudo[11] = (uint8_t)ulen;
	uint16_t uck = csum_fold(csum_add(csum_add(0, pseudo, 12), udp, ulen));
	if (uck == 0)
		uck = 0xffff;
	udp[6] = (uint8_t)(uck >> 8);
	udp[7] = (uint8_t)uck;

	struct sockaddr_ll sll = { .sll_family = AF_PACKET, .sll_protocol = htons(ETH_P_IP),
				   .sll_ifindex = ifindex, .sll_halen = (unsigned char)hwlen };
	memcpy(sll.sll_addr, dst_hw, hwlen);
	if (sendto(fd, pkt, total, MSG_DONTWAIT, (struct sockaddr *)&sll, sizeof(sll)) < 0)
		return -errno;
	return 0;
}
