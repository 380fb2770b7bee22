/* pxed-dhcp-probe: a small, scriptable DHCP client for integration tests.
 *
 * It sends one DHCP (or PXE) request shaped by its options, waits a bounded
 * time for the reply with the same xid and chaddr, and prints that reply as
 * key=value lines so a shell test can grep it. Three ways to reach a server:
 *
 *   --interface IF   like a real client: 0.0.0.0:68 on IF, broadcast to
 *                    255.255.255.255:67. Replies are read from a packet
 *                    socket too, because a server answers a client without
 *                    an address by unicasting to yiaddr at chaddr, which the
 *                    kernel's UDP stack would drop on an unconfigured link.
 *   --server IP      unicast to IP:port (67, or 4011 for the PXE boot
 *                    server) from port 68.
 *   --server IP --giaddr G
 *                    act as a relay agent: bind G:67, set giaddr and hops,
 *                    send to IP:67; the server answers to G:67.
 *
 * Exit status: 0 a reply was printed (or a RELEASE/DECLINE was sent),
 * 1 no reply in time, 2 usage error, 3 system error (socket, bind). */
#include <arpa/inet.h>
#include <errno.h>
#include <linux/if_packet.h>
#include <net/ethernet.h>
#include <net/if.h>
#include <netinet/in.h>
#include <poll.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>

#include "core/rd.h"
#include "core/str.h"
#include "dhcp/dhcp_msg.h"

enum probe_type { T_DISCOVER, T_REQUEST, T_INFORM, T_RELEASE, T_DECLINE, T_DORA };

struct probe {
	const char *ifname;
	uint32_t server;
	bool has_server;
	uint16_t port;
	uint32_t giaddr;
	uint8_t mac[6];
	bool has_mac;
	enum probe_type type;
	int arch; /* -1: not a PXE client */
	const char *vendor_class;
	const char *user_class;
	bool ipxe_175;
	uint8_t uuid[16];
	bool has_uuid;
	uint8_t client_id[255];
	size_t client_id_len;
	uint32_t requested_ip, server_id, ciaddr;
	bool broadcast;
	uint8_t prl[255];
	size_t prl_len;
	uint16_t max_size;
	int64_t timeout_ms;
	int64_t count;
};

struct sockets {
	int udp;
	int pkt; /* -1 unless --interface */
	int ifindex;
};

static void usage(void)
{
	fprintf(stderr,
		"usage: pxed-dhcp-probe (--interface IF | --server IP [--port 67|4011] [--giaddr IP])\n"
		"         --mac MAC [--type discover|request|inform|release|decline|dora]\n"
		"         [--arch N] [--vendor-class S] [--user-class S] [--ipxe-175] [--uuid UUID]\n"
		"         [--client-id HEX] [--requested-ip IP] [--server-id IP] [--ciaddr IP]\n"
		"         [--broadcast] [--prl 1,3,6,...] [--max-size N] [--timeout-ms N] [--count N]\n"
		"  --count N   wait for up to N replies (e.g. a DHCP server and a proxyDHCP);\n"
		"              replies are separated by an empty line; exit 0 if at least one came\n"
		"  request:    SELECTING with --server-id and --requested-ip, INIT-REBOOT with\n"
		"              only --requested-ip, RENEWING with --ciaddr\n");
}

static int64_t now_ms(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (int64_t)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

/* Hex digits with optional ':' or '-' separators between bytes. */
static int parse_hex(const char *s, uint8_t *out, size_t cap, size_t *ret_len)
{
	size_t n = 0;
	while (*s) {
		if (*s == ':' || *s == '-') {
			s++;
			continue;
		}
		int hi = str_hex_digit(s[0]), lo = s[1] ? str_hex_digit(s[1]) : -1;
		if (hi < 0 || lo < 0 || n >= cap)
			return -EINVAL;
		out[n++] = (uint8_t)(hi << 4 | lo);
		s += 2;
	}
	if (n == 0)
		return -EINVAL;
	*ret_len = n;
	return 0;
}

static int parse_prl(const char *s, uint8_t *out, size_t *ret_len)
{
	size_t n = 0;
	char num[8];
	while (*s) {
		const char *comma = strchr(s, ',');
		size_t l = comma ? (size_t)(comma - s) : strlen(s);
		int64_t v;
		if (l == 0 || l >= sizeof(num) || n >= 255)
			return -EINVAL;
		memcpy(num, s, l);
		num[l] = 0;
		if (str_to_int64(num, 1, 254, &v) < 0)
			return -EINVAL;
		out[n++] = (uint8_t)v;
		s += l + (comma ? 1 : 0);
	}
	*ret_len = n;
	return n ? 0 : -EINVAL;
}

static int parse_type(const char *s, enum probe_type *ret)
{
	static const char *const names[] = { "discover", "request", "inform", "release", "decline", "dora" };
	for (size_t i = 0; i < sizeof(names) / sizeof(names[0]); i++) {
		if (strcmp(s, names[i]) == 0) {
			*ret = (enum probe_type)i;
			return 0;
		}
	}
	return -EINVAL;
}

static int parse_args(int argc, char **argv, struct probe *p)
{
	*p = (struct probe){ .port = DHCP_SERVER_PORT, .arch = -1, .timeout_ms = 3000, .count = 1 };
	for (int i = 1; i < argc; i++) {
		const char *a = argv[i];
		if (strcmp(a, "--broadcast") == 0) {
			p->broadcast = true;
			continue;
		}
		if (strcmp(a, "--ipxe-175") == 0) {
			p->ipxe_175 = true;
			continue;
		}
		if (strcmp(a, "--help") == 0 || strcmp(a, "-h") == 0)
			return -EINVAL;
		static const char *const valued[] = { "--interface", "--server", "--port", "--giaddr", "--mac",
						      "--type", "--arch", "--vendor-class", "--user-class", "--uuid",
						      "--client-id", "--requested-ip", "--server-id", "--ciaddr",
						      "--prl", "--max-size", "--timeout-ms", "--count" };
		bool known = false;
		for (size_t k = 0; k < sizeof(valued) / sizeof(valued[0]); k++)
			known |= strcmp(a, valued[k]) == 0;
		if (!known) {
			fprintf(stderr, "unknown option %s\n", a);
			return -EINVAL;
		}
		if (i + 1 >= argc) {
			fprintf(stderr, "%s needs a value\n", a);
			return -EINVAL;
		}
		const char *v = argv[++i];
		int64_t n = 0;
		size_t len = 0;
		int r = 0;
		if (strcmp(a, "--interface") == 0) {
			p->ifname = v;
			r = strlen(v) < IFNAMSIZ ? 0 : -EINVAL;
		} else if (strcmp(a, "--server") == 0) {
			r = str_to_ipv4(v, &p->server);
			p->has_server = true;
		} else if (strcmp(a, "--port") == 0) {
			r = str_to_int64(v, 1, 65535, &n);
			p->port = (uint16_t)n;
		} else if (strcmp(a, "--giaddr") == 0) {
			r = str_to_ipv4(v, &p->giaddr);
		} else if (strcmp(a, "--mac") == 0) {
			r = str_to_mac(v, p->mac);
			p->has_mac = true;
		} else if (strcmp(a, "--type") == 0) {
			r = parse_type(v, &p->type);
		} else if (strcmp(a, "--arch") == 0) {
			r = str_to_int64(v, 0, 65535, &n);
			p->arch = (int)n;
		} else if (strcmp(a, "--vendor-class") == 0) {
			p->vendor_class = v;
			r = strlen(v) <= 255 ? 0 : -EINVAL;
		} else if (strcmp(a, "--user-class") == 0) {
			p->user_class = v;
			r = strlen(v) <= 255 ? 0 : -EINVAL;
		} else if (strcmp(a, "--uuid") == 0) {
			r = parse_hex(v, p->uuid, sizeof(p->uuid), &len);
			if (r == 0 && len != 16)
				r = -EINVAL;
			p->has_uuid = true;
		} else if (strcmp(a, "--client-id") == 0) {
			r = parse_hex(v, p->client_id, sizeof(p->client_id), &p->client_id_len);
		} else if (strcmp(a, "--requested-ip") == 0) {
			r = str_to_ipv4(v, &p->requested_ip);
		} else if (strcmp(a, "--server-id") == 0) {
			r = str_to_ipv4(v, &p->server_id);
		} else if (strcmp(a, "--ciaddr") == 0) {
			r = str_to_ipv4(v, &p->ciaddr);
		} else if (strcmp(a, "--prl") == 0) {
			r = parse_prl(v, p->prl, &p->prl_len);
		} else if (strcmp(a, "--max-size") == 0) {
			r = str_to_int64(v, 0, 65535, &n);
			p->max_size = (uint16_t)n;
		} else if (strcmp(a, "--timeout-ms") == 0) {
			r = str_to_int64(v, 1, 600000, &p->timeout_ms);
		} else if (strcmp(a, "--count") == 0) {
			r = str_to_int64(v, 1, 1000, &p->count);
		} else {
			fprintf(stderr, "unknown option %s\n", a);
			return -EINVAL;
		}
		if (r < 0) {
			fprintf(stderr, "bad value for %s: %s\n", a, v);
			return -EINVAL;
		}
	}
	if (!!p->ifname == p->has_server) {
		fprintf(stderr, "exactly one of --interface and --server is needed\n");
		return -EINVAL;
	}
	if (p->giaddr && !p->has_server) {
		fprintf(stderr, "--giaddr needs --server\n");
		return -EINVAL;
	}
	if (!p->has_mac) {
		fprintf(stderr, "--mac is required\n");
		return -EINVAL;
	}
	return 0;
}

/* ---- building the request ---- */

/* iPXE's encapsulated option 175 as iPXE 1.21 sends it: feature flags
 * (HTTP, DNS, TFTP, ...), bus id and version. */
static const uint8_t ipxe_encap[] = { 0x13, 1, 1, 0x17, 1, 1, 0x15, 1, 1, 0x18, 1, 1, 0x11, 1, 1,
				      0x12, 1, 1, 0x19, 1, 1, 0x10, 1, 1, 0xb1, 5, 0x01, 0x80, 0x86,
				      0x10, 0x0e, 0xeb, 3, 1, 21, 1 };

static int build_request(const struct probe *p, uint8_t type, uint32_t xid, uint32_t req_ip,
			 uint32_t srv_id, uint8_t *buf, size_t cap)
{
	static struct dhcp_reply r;
	char vc[64];
	uint8_t arch[2], uuid[17], cid[7], maxsz[2];
	static const uint8_t plain_prl[] = { 1, 3, 6, 12, 15, 28, 42, 51, 54, 58, 59, 119 };
	static const uint8_t pxe_prl[] = { 1, 2, 3, 4, 5, 6, 12, 13, 15, 17, 18, 22, 23, 28, 40, 41, 42, 43,
					   50, 51, 54, 58, 59, 60, 66, 67, 97, 128, 129, 130, 131, 132,
					   133, 134, 135, 175 };

	memset(&r, 0, sizeof(r));
	r.op = BOOTREQUEST;
	r.htype = 1;
	r.hlen = 6;
	r.xid = xid;
	r.flags = p->broadcast ? DHCP_FLAG_BROADCAST : 0;
	r.ciaddr = p->ciaddr;
	if (p->giaddr) {
		r.giaddr = p->giaddr;
		r.hops = 1;
	}
	memcpy(r.chaddr, p->mac, 6);
	/* Our own request must fit whatever we put in it. */
	r.max_size = DHCP_MAX_PAYLOAD + DHCP_UDP_OVERHEAD;

	int rc = dhcp_reply_add_u8(&r, OPT_MSG_TYPE, true, type);
	if (p->client_id_len) {
		rc |= dhcp_reply_add(&r, OPT_CLIENT_ID, true, p->client_id, p->client_id_len);
	} else if (type == DHCPINFORM || type == DHCPRELEASE) {
		cid[0] = 1;
		memcpy(cid + 1, p->mac, 6);
		rc |= dhcp_reply_add(&r, OPT_CLIENT_ID, true, cid, sizeof(cid));
	}
	if (req_ip)
		rc |= dhcp_reply_add_ipv4(&r, OPT_REQUESTED_IP, true, req_ip);
	if (srv_id)
		rc |= dhcp_reply_add_ipv4(&r, OPT_SERVER_ID, true, srv_id);
	if (p->max_size) {
		maxsz[0] = (uint8_t)(p->max_size >> 8);
		maxsz[1] = (uint8_t)p->max_size;
		rc |= dhcp_reply_add(&r, OPT_MAX_MSG_SIZE, true, maxsz, 2);
	}
	if (type != DHCPRELEASE && type != DHCPDECLINE) {
		if (p->prl_len)
			rc |= dhcp_reply_add(&r, OPT_PARAM_REQUEST, true, p->prl, p->prl_len);
		else if (p->arch >= 0)
			rc |= dhcp_reply_add(&r, OPT_PARAM_REQUEST, true, pxe_prl, sizeof(pxe_prl));
		else
			rc |= dhcp_reply_add(&r, OPT_PARAM_REQUEST, true, plain_prl, sizeof(plain_prl));
	}
	if (p->has_uuid) {
		uuid[0] = 0;
		memcpy(uuid + 1, p->uuid, 16);
		rc |= dhcp_reply_add(&r, OPT_CLIENT_UUID, true, uuid, sizeof(uuid));
	}
	if (p->arch >= 0) {
		/* UNDI 2.1 for BIOS, 3.16 for UEFI, as the ROMs report it */
		static const uint8_t ndi_bios[3] = { 1, 2, 1 }, ndi_efi[3] = { 1, 3, 16 };
		rc |= dhcp_reply_add(&r, OPT_CLIENT_NDI, true, p->arch ? ndi_efi : ndi_bios, 3);
		arch[0] = (uint8_t)(p->arch >> 8);
		arch[1] = (uint8_t)p->arch;
		rc |= dhcp_reply_add(&r, OPT_CLIENT_ARCH, true, arch, 2);
	}
	if (p->vendor_class) {
		rc |= dhcp_reply_add(&r, OPT_VENDOR_CLASS, true, p->vendor_class, strlen(p->vendor_class));
	} else if (p->arch >= 0) {
		int n = snprintf(vc, sizeof(vc), "PXEClient:Arch:%05d:UNDI:%s", p->arch,
				 p->arch ? "003016" : "002001");
		rc |= dhcp_reply_add(&r, OPT_VENDOR_CLASS, true, vc, (size_t)n);
	}
	if (p->user_class)
		rc |= dhcp_reply_add(&r, OPT_USER_CLASS, true, p->user_class, strlen(p->user_class));
	if (p->ipxe_175)
		rc |= dhcp_reply_add(&r, OPT_IPXE_ENCAP, true, ipxe_encap, sizeof(ipxe_encap));
	if (rc != 0)
		return -EINVAL;
	return dhcp_reply_build(&r, buf, cap);
}

/* ---- sockets ---- */

static int open_sockets(const struct probe *p, struct sockets *s)
{
	int one = 1;
	struct sockaddr_in sin = { .sin_family = AF_INET };
	s->pkt = -1;
	s->udp = socket(AF_INET, SOCK_DGRAM | SOCK_CLOEXEC, 0);
	if (s->udp < 0) {
		perror("socket");
		return -1;
	}
	setsockopt(s->udp, SOL_SOCKET, SO_REUSEADDR, &one, sizeof(one));
	if (setsockopt(s->udp, SOL_SOCKET, SO_BROADCAST, &one, sizeof(one)) < 0) {
		perror("SO_BROADCAST");
		return -1;
	}
	if (p->ifname) {
		s->ifindex = (int)if_nametoindex(p->ifname);
		if (s->ifindex == 0) {
			fprintf(stderr, "no interface %s\n", p->ifname);
			return -1;
		}
		if (setsockopt(s->udp, SOL_SOCKET, SO_BINDTODEVICE, p->ifname, (socklen_t)strlen(p->ifname)) < 0) {
			perror("SO_BINDTODEVICE");
			return -1;
		}
	}
	if (p->giaddr) {
		sin.sin_addr.s_addr = htonl(p->giaddr);
		sin.sin_port = htons(DHCP_SERVER_PORT);
	} else {
		sin.sin_port = htons(DHCP_CLIENT_PORT);
	}
	if (bind(s->udp, (struct sockaddr *)&sin, sizeof(sin)) < 0) {
		perror("bind");
		return -1;
	}
	if (!p->ifname)
		return 0;

	s->pkt = socket(AF_PACKET, SOCK_DGRAM | SOCK_CLOEXEC, htons(ETH_P_IP));
	if (s->pkt < 0) {
		perror("packet socket");
		return -1;
	}
	struct sockaddr_ll sll = { .sll_family = AF_PACKET, .sll_protocol = htons(ETH_P_IP),
				   .sll_ifindex = s->ifindex };
	if (bind(s->pkt, (struct sockaddr *)&sll, sizeof(sll)) < 0) {
		perror("bind packet socket");
		return -1;
	}
	/* --mac may differ from the interface's own address: replies unicast
	 * to chaddr must still reach us. */
	struct packet_mreq mr = { .mr_ifindex = s->ifindex, .mr_type = PACKET_MR_PROMISC };
	setsockopt(s->pkt, SOL_PACKET, PACKET_ADD_MEMBERSHIP, &mr, sizeof(mr));
	return 0;
}

static int send_request(const struct probe *p, const struct sockets *s, const uint8_t *buf, size_t len)
{
	struct sockaddr_in to = { .sin_family = AF_INET };
	if (p->ifname) {
		to.sin_addr.s_addr = htonl(0xffffffffu);
		to.sin_port = htons(DHCP_SERVER_PORT);
	} else {
		to.sin_addr.s_addr = htonl(p->server);
		to.sin_port = htons(p->giaddr ? DHCP_SERVER_PORT : p->port);
	}
	if (sendto(s->udp, buf, len, 0, (struct sockaddr *)&to, sizeof(to)) < 0) {
		perror("sendto");
		return -1;
	}
	return 0;
}

/* Extracts a UDP payload to port 68 from an IPv4 packet read from the
 * packet socket. */
static int unwrap_ip_udp(const uint8_t *pkt, size_t len, const uint8_t **ret, size_t *ret_len,
			 uint32_t *src_ip, uint16_t *src_port)
{
	struct rd r = rd_init(pkt, len);
	uint8_t vihl = rd_u8(&r);
	if ((vihl >> 4) != 4 || (vihl & 15) < 5)
		return -EINVAL;
	rd_skip(&r, 1);
	uint16_t total = rd_be16(&r);
	rd_skip(&r, 4); /* id, fragment */
	rd_skip(&r, 1); /* ttl */
	uint8_t proto = rd_u8(&r);
	rd_skip(&r, 2);
	uint32_t src = rd_be32(&r);
	rd_skip(&r, 4);
	rd_skip(&r, (size_t)((vihl & 15) * 4 - 20));
	uint16_t sport = rd_be16(&r);
	uint16_t dport = rd_be16(&r);
	uint16_t ulen = rd_be16(&r);
	rd_skip(&r, 2);
	if (!rd_ok(&r) || proto != 17 || dport != DHCP_CLIENT_PORT || total > len || ulen < 8)
		return -EINVAL;
	const uint8_t *payload = rd_bytes(&r, (size_t)ulen - 8);
	if (!payload)
		return -EINVAL;
	*ret = payload;
	*ret_len = (size_t)ulen - 8;
	*src_ip = src;
	*src_port = sport;
	return 0;
}

struct rx {
	uint8_t buf[65536];
	const uint8_t *data;
	size_t len;
	uint32_t src_ip;
	uint16_t src_port;
};

/* Waits until `deadline` for a reply matching xid and chaddr, other than
 * `skip_type` (a late OFFER answering a retransmitted DISCOVER while we
 * wait for the ACK); 0 when one is in `m`, -ETIMEDOUT otherwise. */
static int wait_reply(const struct probe *p, const struct sockets *s, uint32_t xid, uint8_t skip_type,
		      int64_t deadline, struct rx *rx, struct dhcp_msg *m)
{
	for (;;) {
		int64_t left = deadline - now_ms();
		if (left <= 0)
			return -ETIMEDOUT;
		struct pollfd pfd[2] = { { .fd = s->udp, .events = POLLIN }, { .fd = s->pkt, .events = POLLIN } };
		int n = poll(pfd, s->pkt >= 0 ? 2 : 1, (int)left);
		if (n < 0 && errno != EINTR)
			return -errno;
		if (n <= 0)
			continue;
		/* With a packet socket every reply shows up there (the UDP copy
		 * of a broadcast is a duplicate), so only it is read. */
		bool from_pkt = s->pkt >= 0;
		if (from_pkt && !(pfd[1].revents & POLLIN)) {
			if (pfd[0].revents & POLLIN)
				recv(s->udp, rx->buf, sizeof(rx->buf), MSG_DONTWAIT);
			continue;
		}
		struct sockaddr_in from;
		socklen_t fl = sizeof(from);
		ssize_t got = recvfrom(from_pkt ? s->pkt : s->udp, rx->buf, sizeof(rx->buf), MSG_DONTWAIT,
				       (struct sockaddr *)&from, &fl);
		if (got <= 0)
			continue;
		if (from_pkt) {
			if (unwrap_ip_udp(rx->buf, (size_t)got, &rx->data, &rx->len, &rx->src_ip, &rx->src_port) < 0)
				continue;
		} else {
			rx->data = rx->buf;
			rx->len = (size_t)got;
			rx->src_ip = ntohl(from.sin_addr.s_addr);
			rx->src_port = ntohs(from.sin_port);
		}
		if (dhcp_msg_parse(rx->data, rx->len, m, NULL) < 0)
			continue;
		if (m->op == BOOTREPLY && m->xid == xid && memcmp(m->chaddr, p->mac, 6) == 0 &&
		    (skip_type == DHCP_NONE || m->msg_type != skip_type))
			return 0;
	}
}

/* ---- printing ---- */

static bool is_ip_list(uint8_t c)
{
	static const uint8_t codes[] = { 1, 3, 4, 5, 6, 7, 9, 16, 28, 32, 41, 42, 44, 45, 48, 49, 50, 54, 65, 69, 70 };
	return memchr(codes, c, sizeof(codes)) != NULL;
}

static bool is_text(uint8_t c)
{
	static const uint8_t codes[] = { 12, 14, 15, 17, 18, 40, 47, 56, 60, 64, 66, 67, 86, 114, 209, 210 };
	return memchr(codes, c, sizeof(codes)) != NULL;
}

static bool is_u32(uint8_t c) { return c == 51 || c == 58 || c == 59 || c == 211; }

static void print_reply(const struct dhcp_msg *m, const struct rx *rx)
{
	char ip[IPV4_STRLEN], esc[1024];
	printf("type=%s\n", dhcp_msg_type_name(m->msg_type));
	printf("xid=0x%08x\n", m->xid);
	printf("ciaddr=%s\n", ipv4_to_str(m->ciaddr, ip));
	printf("yiaddr=%s\n", ipv4_to_str(m->yiaddr, ip));
	printf("siaddr=%s\n", ipv4_to_str(m->siaddr, ip));
	printf("giaddr=%s\n", ipv4_to_str(m->giaddr, ip));
	printf("flags=0x%04x\n", m->flags);
	str_escape(esc, sizeof(esc), m->sname, strlen(m->sname));
	printf("sname=%s\n", esc);
	str_escape(esc, sizeof(esc), m->file, strlen(m->file));
	printf("file=%s\n", esc);
	for (int c = 1; c < 255; c++) {
		size_t l = 0;
		const uint8_t *v = dhcp_msg_get(m, (uint8_t)c, &l);
		if (!v || c == OPT_MSG_TYPE)
			continue;
		printf("opt%d=", c);
		if (is_ip_list((uint8_t)c) && l > 0 && l % 4 == 0) {
			for (size_t i = 0; i < l; i += 4) {
				uint32_t a = (uint32_t)v[i] << 24 | (uint32_t)v[i + 1] << 16 | (uint32_t)v[i + 2] << 8 | v[i + 3];
				printf("%s%s", i ? "," : "", ipv4_to_str(a, ip));
			}
		} else if (is_u32((uint8_t)c) && l == 4) {
			printf("%u", (unsigned)((uint32_t)v[0] << 24 | (uint32_t)v[1] << 16 | (uint32_t)v[2] << 8 | v[3]));
		} else if (is_text((uint8_t)c)) {
			/* a trailing NUL some servers add is not part of the text */
			size_t tl = l;
			while (tl > 0 && v[tl - 1] == 0)
				tl--;
			str_escape(esc, sizeof(esc), v, tl);
			printf("%s", esc);
		} else {
			for (size_t i = 0; i < l; i++)
				printf("%02x", v[i]);
		}
		printf("\n");
	}
	printf("src=%s:%u\n", ipv4_to_str(rx->src_ip, ip), rx->src_port);
}

/* ---- transactions ---- */

static uint32_t new_xid(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_REALTIME, &ts);
	return (uint32_t)ts.tv_nsec ^ ((uint32_t)getpid() << 16) ^ (uint32_t)ts.tv_sec;
}

/* Sends and retransmits once a second until a reply comes or the deadline
 * passes, like a client's first retransmission interval. */
static int exchange(const struct probe *p, const struct sockets *s, uint8_t type, uint32_t xid,
		    uint32_t req_ip, uint32_t srv_id, int64_t deadline, struct rx *rx, struct dhcp_msg *m)
{
	static uint8_t out[DHCP_MAX_PAYLOAD];
	int n = build_request(p, type, xid, req_ip, srv_id, out, sizeof(out));
	if (n < 0) {
		fprintf(stderr, "request does not fit in one datagram\n");
		return -EINVAL;
	}
	for (;;) {
		if (send_request(p, s, out, (size_t)n) < 0)
			return -EIO;
		int64_t next = now_ms() + 1000;
		int r = wait_reply(p, s, xid, type == DHCPREQUEST ? DHCPOFFER : DHCP_NONE,
				   next < deadline ? next : deadline, rx, m);
		if (r != -ETIMEDOUT || now_ms() >= deadline)
			return r;
	}
}

static uint8_t type_code(enum probe_type t)
{
	switch (t) {
	case T_DISCOVER:
	case T_DORA:
		return DHCPDISCOVER;
	case T_REQUEST:
		return DHCPREQUEST;
	case T_INFORM:
		return DHCPINFORM;
	case T_RELEASE:
		return DHCPRELEASE;
	case T_DECLINE:
		return DHCPDECLINE;
	}
	return DHCPDISCOVER;
}

int main(int argc, char **argv)
{
	static struct probe p;
	static struct rx rx;
	static struct dhcp_msg m;
	struct sockets s;

	if (parse_args(argc, argv, &p) < 0) {
		usage();
		return 2;
	}
	if (open_sockets(&p, &s) < 0)
		return 3;

	uint32_t xid = new_xid();
	int64_t deadline = now_ms() + p.timeout_ms;
	uint8_t type = type_code(p.type);

	if (p.type == T_RELEASE || p.type == T_DECLINE) {
		static uint8_t out[DHCP_MAX_PAYLOAD];
		int n = build_request(&p, type, xid, p.requested_ip, p.server_id, out, sizeof(out));
		if (n < 0 || send_request(&p, &s, out, (size_t)n) < 0)
			return 3;
		printf("sent=%s\nxid=0x%08x\n", dhcp_msg_type_name(type), xid);
		return 0;
	}

	int r = exchange(&p, &s, type, xid, p.requested_ip, p.server_id, deadline, &rx, &m);
	if (r == 0 && p.type == T_DORA) {
		if (m.msg_type != DHCPOFFER) {
			print_reply(&m, &rx);
			return 0;
		}
		uint32_t sid = 0;
		if (dhcp_msg_get_ipv4(&m, OPT_SERVER_ID, &sid) < 0) {
			fprintf(stderr, "OFFER without server identifier\n");
			return 1;
		}
		r = exchange(&p, &s, DHCPREQUEST, xid, m.yiaddr, sid, deadline, &rx, &m);
	}
	if (r == -EINVAL || r == -EIO)
		return 3;
	if (r < 0) {
		fprintf(stderr, "no reply within %lld ms\n", (long long)p.timeout_ms);
		return 1;
	}
	print_reply(&m, &rx);
	/* Further replies to the same xid (proxyDHCP next to a DHCP server). */
	for (int64_t i = 1; i < p.count; i++) {
		if (wait_reply(&p, &s, xid, p.type == T_DORA ? DHCPOFFER : DHCP_NONE, deadline, &rx, &m) < 0)
			break;
		printf("\n");
		print_reply(&m, &rx);
	}
	return 0;
}
