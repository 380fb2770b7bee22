/* pxed-fleet: N machines installing at once, played by one process with
 * one epoll loop. Each client walks the network side of a PXE install in
 * order (fleet_sim.c); a step is a relayed DHCP exchange, a TFTP read
 * (fleet_tftp.c) or an HTTP request on a new connection (fleet_http.c).
 * A client has at most one socket of its own at a time, bound to the
 * address its lease gave it, so the servers see N machines. */
#pragma once
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "fleet_parse.h"

/* What a step belongs to, for the latency report. */
enum fleet_phase {
	FP_DHCP,       /* DISCOVER .. ACK */
	FP_BOOTLOADER, /* the boot file named in the ACK, then ldlinux.c32 */
	FP_CONFIG,     /* pxelinux.cfg/01-<mac> (or the default it falls back to) */
	FP_KERNEL,
	FP_INITRD,
	FP_KICKSTART,  /* inst.ks= with X-RHN-Provisioning-MAC-0 */
	FP_TREE,       /* .treeinfo and each repository's repodata/repomd.xml */
	FP_CALLBACK,   /* pxed's %pre, %post and done reports */
	FP_TOTAL,      /* start to done */
	FP_COUNT,
};
const char *fleet_phase_name(enum fleet_phase p);

/* The steps of one install, in order. */
enum fleet_step {
	FS_IDLE,
	FS_DISCOVER,
	FS_REQUEST,
	FS_BOOTFILE,
	FS_LDLINUX,
	FS_CONFIG,
	FS_CONFIG_DEFAULT,
	FS_KERNEL,
	FS_INITRD,
	FS_KS,
	FS_TREEINFO,
	FS_REPOMD,
	FS_CB_PRE,
	FS_CB_POST,
	FS_CB_DONE,
	FS_DONE,
	FS_FAILED,
};

enum fleet_io { FIO_NONE, FIO_TFTP, FIO_HTTP };

/* Bytes kept of a body the client reads (configs, kickstarts, .treeinfo);
 * kernels and initrds are counted and dropped. */
#define FLEET_KEEP_MAX (1u << 20)
#define FLEET_CAUSE_MAX 120

struct fleet_tftp {
	uint16_t peer_port; /* the server's transfer ID, once known */
	uint32_t blksize;
	uint64_t next;	    /* next block wanted, 1-based */
	uint64_t tsize;	    /* from the OACK; 0 if none */
	uint8_t last[600];  /* the RRQ or the last ACK, for retransmission */
	size_t last_len;
	unsigned tries;
};

struct fleet_http {
	char req[FLEET_APPEND_MAX];
	size_t req_len, req_off;
	char head[8192];
	size_t head_len;
	bool connected, in_body;
	struct fleet_http_head h;
	unsigned attempts;
	int64_t retry_at_us; /* waiting before the next attempt (a 503, a refused connection) */
};

struct fleet_client {
	uint32_t idx;
	uint8_t mac[6];
	uint8_t uuid[16];
	enum fleet_step step;
	enum fleet_io io;
	int fd;
	/* DHCP */
	uint32_t xid, offered, server_id, ip, tftp_server;
	unsigned dhcp_tries, naks;
	int64_t dhcp_first_us;
	char bootfile[128];
	/* what the boot config and the kickstart said */
	struct fleet_boot boot;
	struct fleet_url ks, repo;
	char token[64];
	struct fleet_url events;
	char repos[FLEET_REPOS_MAX][FLEET_REPO_MAX];
	size_t nrepos, repo_i;
	/* the current transfer */
	struct fleet_tftp t;
	struct fleet_http http;
	char name[FLEET_PATH_MAX]; /* what is being fetched (TFTP name or URL path) */
	uint32_t to_ip;
	uint16_t to_port;
	char *keep; /* body kept for parsing (NULL: counted only) */
	size_t keep_len;
	uint64_t got;
	int64_t deadline_us; /* retransmission or stall time limit */
	/* timing */
	int64_t start_us, done_us;
	int64_t phase_start_us[FP_COUNT], phase_us[FP_COUNT];
	char cause[FLEET_CAUSE_MAX];
};

struct fleet_opts {
	uint32_t count;
	uint32_t server;   /* DHCP server (relay destination) */
	uint32_t giaddr;   /* the relay address the simulator binds on port 67 */
	uint8_t mac_prefix;
	uint16_t arch;
	double ramp;       /* clients started per second; 0: all at once */
	int64_t max_time_us;
	int64_t http_stall_us;
	uint32_t http_attempts;
	uint64_t expect_kernel, expect_initrd; /* sizes to check; 0: any */
	bool callbacks;    /* post pxed's reports when the kickstart has them */
	bool list_macs;    /* only print the clients' MACs and UUIDs */
	int pids[16];
	size_t npids;
	const char *label;
};

#define FLEET_RETRY_KINDS 8

struct fleet_stats {
	uint64_t tftp_bytes, http_bytes;
	uint64_t tftp_retransmits, tftp_dup_data;
	uint64_t dhcp_retransmits, naks, http_retries;
	/* why HTTP requests were tried again: the first FLEET_RETRY_KINDS
	 * reasons, counted */
	char retry_why[FLEET_RETRY_KINDS][48];
	uint64_t retry_n[FLEET_RETRY_KINDS];
	uint32_t done, failed;
};

struct fleet {
	struct fleet_opts o;
	struct fleet_stats st;
	int ep;
	int relay_fd;
	uint32_t xid_base;
	uint64_t rng; /* DHCP retransmission jitter */
	struct fleet_client *c;
	char scratch[256 * 1024]; /* bodies that are counted, not kept */
};

/* fleet_sim.c: the current step ended well, or with "file not found" (a
 * TFTP ERROR 1 or an HTTP 404), which some steps fall back from. */
void fleet_step_done(struct fleet *f, struct fleet_client *c, bool not_found);
void fleet_fail(struct fleet *f, struct fleet_client *c, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));
int fleet_watch(struct fleet *f, struct fleet_client *c, int fd, uint32_t events);
void fleet_close(struct fleet *f, struct fleet_client *c);
int fleet_keep(struct fleet_client *c, const void *data, size_t len);

/* fleet_tftp.c: starts reading `c->name` from c->to_ip:69. */
int fleet_tftp_start(struct fleet *f, struct fleet_client *c, uint32_t blksize);
void fleet_tftp_readable(struct fleet *f, struct fleet_client *c);
void fleet_tftp_timeout(struct fleet *f, struct fleet_client *c, int64_t now);

/* fleet_http.c: GET (body NULL) or POST of `c->name` to c->to_ip:to_port,
 * with the extra header lines `headers` ("Name: value\r\n"...). */
int fleet_http_start(struct fleet *f, struct fleet_client *c, const char *headers, const char *body);
void fleet_http_event(struct fleet *f, struct fleet_client *c, uint32_t events);
void fleet_http_timeout(struct fleet *f, struct fleet_client *c, int64_t now);

/* fleet_report.c */
void fleet_report(const struct fleet *f, int64_t t0, int64_t t_end, const uint64_t cpu0_ms[],
		  bool timed_out);
uint64_t fleet_proc_cpu_ms(int pid);
uint64_t fleet_proc_hwm_kb(int pid);
