/* pxed-dhcp-load: DHCP lease-rate load generator acting as a relay agent.
 *
 * It binds giaddr:67 (an address of the "relay" namespace), plays N
 * distinct clients, each doing DISCOVER -> OFFER -> REQUEST -> ACK through
 * the relay path to one server, with at most K exchanges in flight. Lost
 * messages are retransmitted after a timeout a bounded number of times and
 * the whole run has a time bound. Relaying (instead of broadcasting from
 * many MACs) makes every server answer by plain UDP to giaddr, so the
 * benchmark measures the servers and not ARP or packet-socket tricks.
 *
 * Results go to stdout as key=value lines. Two clients ACKed the same
 * address count as duplicates: that is a server error, not a slow result.
 * With --dump FILE every ACK is written as "mac ip" as it arrives (a
 * crash-durability test compares it with the server's store after a kill).
 *
 * Single-threaded poll loop; no timing or ordering assumption about the
 * server beyond "a reply carries our xid". */
#include <arpa/inet.h>
#include <errno.h>
#include <netinet/in.h>
#include <poll.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>

#include "bench_dhcp.h"
#include "core/str.h"
#include "dhcp/dhcp_msg.h"

enum cstate { C_IDLE, C_DISCOVER, C_REQUEST, C_DONE, C_FAILED };

struct client {
	uint8_t state;
	uint8_t tries;
	uint8_t naks;
	uint32_t offered;
	uint32_t server_id;
	uint32_t acked;
	int64_t start_us;
	int64_t deadline_us;
	int64_t done_us;
};

struct load {
	uint32_t server, giaddr;
	uint16_t port;
	uint32_t count, inflight_max;
	bool pxe;
	int64_t timeout_us;
	uint32_t retries;
	uint32_t nak_restarts;
	int64_t max_time_us;
	uint8_t mac_prefix;
	const char *dump_path;
	bool quiet;
};

struct stats {
	uint32_t completed, failed, naks, duplicates, retransmits, stray;
};

static int64_t now_us(void) { return bench_now_us(); }

static void usage(void)
{
	fprintf(stderr,
		"usage: pxed-dhcp-load --server IP --giaddr IP [--port 67] [--count 10000]\n"
		"         [--inflight 64] [--pxe] [--timeout-ms 1000] [--retries 3] [--nak-restarts 10]\n"
		"         [--max-time 120] [--mac-prefix 0..255] [--dump FILE] [--quiet]\n");
}

static int parse_args(int argc, char **argv, struct load *l)
{
	*l = (struct load){ .port = DHCP_SERVER_PORT, .count = 10000, .inflight_max = 64,
			    .timeout_us = 1000000, .retries = 3, .nak_restarts = 10, .max_time_us = 120000000, .mac_prefix = 0x10 };
	bool has_server = false, has_giaddr = false;
	for (int i = 1; i < argc; i++) {
		const char *a = argv[i];
		if (strcmp(a, "--pxe") == 0) {
			l->pxe = true;
			continue;
		}
		if (strcmp(a, "--quiet") == 0) {
			l->quiet = true;
			continue;
		}
		if (i + 1 >= argc)
			return -EINVAL;
		const char *v = argv[++i];
		int64_t n = 0;
		int r;
		if (strcmp(a, "--server") == 0) {
			r = str_to_ipv4(v, &l->server);
			has_server = true;
		} else if (strcmp(a, "--giaddr") == 0) {
			r = str_to_ipv4(v, &l->giaddr);
			has_giaddr = true;
		} else if (strcmp(a, "--port") == 0) {
			r = str_to_int64(v, 1, 65535, &n);
			l->port = (uint16_t)n;
		} else if (strcmp(a, "--count") == 0) {
			/* the MAC and xid schemes below give 24 bits per run */
			r = str_to_int64(v, 1, 1 << 24, &n);
			l->count = (uint32_t)n;
		} else if (strcmp(a, "--inflight") == 0) {
			r = str_to_int64(v, 1, 65536, &n);
			l->inflight_max = (uint32_t)n;
		} else if (strcmp(a, "--timeout-ms") == 0) {
			r = str_to_int64(v, 1, 60000, &n);
			l->timeout_us = n * 1000;
		} else if (strcmp(a, "--retries") == 0) {
			r = str_to_int64(v, 0, 100, &n);
			l->retries = (uint32_t)n;
		} else if (strcmp(a, "--nak-restarts") == 0) {
			r = str_to_int64(v, 0, 100, &n);
			l->nak_restarts = (uint32_t)n;
		} else if (strcmp(a, "--max-time") == 0) {
			r = str_to_int64(v, 1, 86400, &n);
			l->max_time_us = n * 1000000;
		} else if (strcmp(a, "--mac-prefix") == 0) {
			r = str_to_int64(v, 0, 255, &n);
			l->mac_prefix = (uint8_t)n;
		} else if (strcmp(a, "--dump") == 0) {
			l->dump_path = v;
			r = 0;
		} else {
			fprintf(stderr, "unknown option %s\n", a);
			return -EINVAL;
		}
		if (r < 0) {
			fprintf(stderr, "bad value for %s: %s\n", a, v);
			return -EINVAL;
		}
	}
	if (!has_server || !has_giaddr) {
		fprintf(stderr, "--server and --giaddr are required\n");
		return -EINVAL;
	}
	return 0;
}

static void client_mac(const struct load *l, uint32_t i, uint8_t mac[6])
{
	bench_client_mac(l->mac_prefix, i, mac);
}

static int build(const struct load *l, uint32_t xid_base, uint32_t i, const struct client *c, uint8_t type,
		 uint8_t *buf, size_t cap)
{
	struct bench_dhcp_req q = { .xid = xid_base + i, .giaddr = l->giaddr, .type = type,
				    .requested_ip = c->offered, .server_id = c->server_id, .pxe = l->pxe };
	client_mac(l, i, q.mac);
	/* UUID unique per client, like real machines */
	memcpy(q.uuid, "pxed-load", 9);
	memcpy(q.uuid + 10, q.mac, 6);
	return bench_dhcp_build(&q, buf, cap);
}

static int send_msg(int fd, const struct load *l, const uint8_t *buf, size_t len)
{
	return bench_udp_send(fd, l->server, l->port, buf, len);
}

/* Open-addressing set of ACKed addresses -> client index + 1. */
struct ipset {
	uint32_t *ip;
	uint32_t *owner;
	size_t cap;
};

static uint32_t ipset_put(struct ipset *s, uint32_t ip, uint32_t owner)
{
	size_t h = (ip * 2654435761u) & (s->cap - 1);
	while (s->owner[h] && s->ip[h] != ip)
		h = (h + 1) & (s->cap - 1);
	if (s->owner[h])
		return s->owner[h] - 1;
	s->ip[h] = ip;
	s->owner[h] = owner + 1;
	return owner;
}

int main(int argc, char **argv)
{
	struct load l;
	struct stats st = { 0 };
	if (parse_args(argc, argv, &l) < 0) {
		usage();
		return 2;
	}
	struct client *cl = calloc(l.count, sizeof(*cl));
	struct ipset set = { .cap = 1 };
	while (set.cap < (size_t)l.count * 2)
		set.cap <<= 1;
	set.ip = calloc(set.cap, sizeof(uint32_t));
	set.owner = calloc(set.cap, sizeof(uint32_t));
	uint32_t *active = calloc(l.inflight_max, sizeof(uint32_t));
	if (!cl || !set.ip || !set.owner || !active) {
		fprintf(stderr, "out of memory\n");
		return 3;
	}
	FILE *dump = NULL;
	if (l.dump_path) {
		dump = fopen(l.dump_path, "w");
		if (!dump) {
			perror(l.dump_path);
			return 3;
		}
		setvbuf(dump, NULL, _IOLBF, 0);
	}

	int fd = socket(AF_INET, SOCK_DGRAM | SOCK_NONBLOCK | SOCK_CLOEXEC, 0);
	int one = 1, bufsz = 4 << 20;
	setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &one, sizeof(one));
	setsockopt(fd, SOL_SOCKET, SO_RCVBUF, &bufsz, sizeof(bufsz));
	setsockopt(fd, SOL_SOCKET, SO_SNDBUF, &bufsz, sizeof(bufsz));
	struct sockaddr_in me = { .sin_family = AF_INET, .sin_port = htons(DHCP_SERVER_PORT),
				  .sin_addr.s_addr = htonl(l.giaddr) };
	if (fd < 0 || bind(fd, (struct sockaddr *)&me, sizeof(me)) < 0) {
		perror("bind giaddr:67");
		return 3;
	}

	struct timespec ts;
	clock_gettime(CLOCK_REALTIME, &ts);
	/* xids of this run: base + index; the base keeps runs apart */
	uint32_t xid_base = ((uint32_t)ts.tv_nsec ^ (uint32_t)getpid() << 12) & 0xff000000u;
	static uint8_t out[DHCP_MAX_PAYLOAD], in[65536];
	static struct dhcp_msg m;

	int64_t t0 = now_us(), end = t0 + l.max_time_us, last_ack = t0;
	uint32_t next = 0, nactive = 0;
	while ((next < l.count || nactive > 0) && now_us() < end) {
		int64_t now = now_us();
		/* start new clients */
		while (nactive < l.inflight_max && next < l.count) {
			struct client *c = &cl[next];
			c->state = C_DISCOVER;
			c->start_us = now;
			c->deadline_us = now + l.timeout_us;
			int n = build(&l, xid_base, next, c, DHCPDISCOVER, out, sizeof(out));
			if (n < 0 || send_msg(fd, &l, out, (size_t)n) < 0) {
				perror("send");
				return 3;
			}
			active[nactive++] = next++;
		}
		/* retransmit or give up on expired ones; drop finished ones */
		int64_t wake = end;
		for (uint32_t k = 0; k < nactive;) {
			uint32_t i = active[k];
			struct client *c = &cl[i];
			if (c->state == C_DONE || c->state == C_FAILED) {
				active[k] = active[--nactive];
				continue;
			}
			if (c->deadline_us <= now) {
				if (c->tries >= l.retries) {
					c->state = C_FAILED;
					st.failed++;
					active[k] = active[--nactive];
					continue;
				}
				c->tries++;
				st.retransmits++;
				c->deadline_us = now + l.timeout_us;
				int n = build(&l, xid_base, i, c, c->state == C_DISCOVER ? DHCPDISCOVER : DHCPREQUEST,
					      out, sizeof(out));
				if (n < 0 || send_msg(fd, &l, out, (size_t)n) < 0) {
					perror("send");
					return 3;
				}
			}
			if (c->deadline_us < wake)
				wake = c->deadline_us;
			k++;
		}
		if (nactive == 0 && next >= l.count)
			break;

		struct pollfd p = { .fd = fd, .events = POLLIN };
		int64_t wait_ms = (wake - now_us()) / 1000 + 1;
		if (nactive < l.inflight_max && next < l.count)
			wait_ms = 0;
		poll(&p, 1, wait_ms < 0 ? 0 : (int)wait_ms);
		for (;;) {
			ssize_t got = recv(fd, in, sizeof(in), 0);
			if (got < 0)
				break;
			if (dhcp_msg_parse(in, (size_t)got, &m, NULL) < 0 || m.op != BOOTREPLY) {
				st.stray++;
				continue;
			}
			uint32_t i = m.xid - xid_base;
			uint8_t mac[6];
			if (i >= l.count) {
				st.stray++;
				continue;
			}
			client_mac(&l, i, mac);
			struct client *c = &cl[i];
			if (memcmp(m.chaddr, mac, 6) != 0) {
				st.stray++;
				continue;
			}
			int64_t t = now_us();
			if (c->state == C_DISCOVER && m.msg_type == DHCPOFFER) {
				if (dhcp_msg_get_ipv4(&m, OPT_SERVER_ID, &c->server_id) < 0) {
					st.stray++;
					continue;
				}
				c->offered = m.yiaddr;
				c->state = C_REQUEST;
				c->tries = 0;
				c->deadline_us = t + l.timeout_us;
				int n = build(&l, xid_base, i, c, DHCPREQUEST, out, sizeof(out));
				if (n < 0 || send_msg(fd, &l, out, (size_t)n) < 0) {
					perror("send");
					return 3;
				}
			} else if (c->state == C_REQUEST && m.msg_type == DHCPACK) {
				c->state = C_DONE;
				c->acked = m.yiaddr;
				c->done_us = t;
				last_ack = t;
				st.completed++;
				if (ipset_put(&set, m.yiaddr, i) != i)
					st.duplicates++;
				if (dump) {
					char ms[MAC_STRLEN], ip[IPV4_STRLEN];
					fprintf(dump, "%s %s\n", mac_to_str(mac, ms), ipv4_to_str(m.yiaddr, ip));
				}
			} else if (c->state == C_REQUEST && m.msg_type == DHCPNAK) {
				/* A real client starts over. Servers that do not reserve
				 * offered addresses (dnsmasq) NAK a client whose offer
				 * went to a concurrent client first; each restart is a
				 * new chance, bounded separately from retransmits. */
				st.naks++;
				c->naks++;
				if (c->naks > l.nak_restarts) {
					c->state = C_FAILED;
					st.failed++;
					continue;
				}
				c->state = C_DISCOVER;
				c->tries = 0;
				c->deadline_us = t + l.timeout_us;
				int n = build(&l, xid_base, i, c, DHCPDISCOVER, out, sizeof(out));
				if (n < 0 || send_msg(fd, &l, out, (size_t)n) < 0) {
					perror("send");
					return 3;
				}
			} else {
				st.stray++; /* duplicate OFFER after a retransmit, late ACK, ... */
			}
		}
	}
	/* whatever is still in flight when time ran out has failed */
	uint32_t unfinished = l.count - st.completed - st.failed;
	st.failed += unfinished;

	/* latency percentiles of completed exchanges (DISCOVER to ACK), from a
	 * histogram in milliseconds: no sort, no allocation */
	static uint32_t hist[60001];
	for (uint32_t i = 0; i < l.count; i++) {
		if (cl[i].state != C_DONE)
			continue;
		int64_t ms = (cl[i].done_us - cl[i].start_us) / 1000;
		hist[ms > 60000 ? 60000 : ms]++;
	}
	int64_t p50 = -1, p99 = -1;
	uint64_t acc = 0;
	for (int64_t ms = 0; ms <= 60000 && st.completed; ms++) {
		acc += hist[ms];
		if (p50 < 0 && acc * 2 >= st.completed)
			p50 = ms;
		if (p99 < 0 && acc * 100 >= (uint64_t)st.completed * 99)
			p99 = ms;
	}
	double secs = (double)(last_ack - t0) / 1e6;
	printf("mode=%s\n", l.pxe ? "pxe" : "plain");
	printf("clients=%u\ninflight=%u\n", l.count, l.inflight_max);
	printf("completed=%u\nfailed=%u\nnaks=%u\nduplicates=%u\nretransmits=%u\nstray=%u\n", st.completed,
	       st.failed, st.naks, st.duplicates, st.retransmits, st.stray);
	printf("elapsed_s=%.3f\n", secs);
	printf("leases_per_s=%.0f\n", secs > 0 ? st.completed / secs : 0.0);
	printf("latency_p50_ms=%lld\nlatency_p99_ms=%lld\n", (long long)p50, (long long)p99);
	if (dump)
		fclose(dump);
	free(cl);
	free(set.ip);
	free(set.owner);
	free(active);
	close(fd);
	return st.failed || st.duplicates ? 1 : 0;
}
