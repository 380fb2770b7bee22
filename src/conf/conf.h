/* The configuration model: what pxed.conf (YAML), the quick-start flags of
 * `pxed serve` and `pxed import-dhcpd` all produce. Addresses are host byte
 * order. Option values are already encoded to their DHCP wire form, so the
 * DHCP core never parses config text. Strings are owned by the conf and
 * freed by conf_free(). */
#pragma once
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "core/log.h"
#include "dhcp/dhcp_arch.h"

#define CONF_DEFAULT_PATH "/etc/pxed/pxed.conf"
#define CONF_DEFAULT_STATE_DIR "/var/lib/pxed"
#define CONF_DEFAULT_USER "pxed"
#define CONF_DEFAULT_LEASE_TIME 43200   /* 12 h */
#define CONF_DEFAULT_MAX_LEASE_TIME 86400
#define CONF_DEFAULT_HTTP_ROOT "/srv/pxed/http"
#define CONF_HTTP_THREADS_MAX 64
#define CONF_DEFAULT_HTTP_PORT 8080
#define CONF_DEFAULT_HTTP_MAX_CONNECTIONS 4096
#define CONF_DEFAULT_HTTP_MAX_PER_CLIENT 64
#define CONF_DEFAULT_HTTP_IDLE_TIMEOUT 30      /* seconds */
#define CONF_DEFAULT_TFTP_ROOT "/srv/tftp"
#define CONF_DEFAULT_TFTP_PORT 69
#define CONF_DEFAULT_TFTP_MAX_TRANSFERS 2000
#define CONF_DEFAULT_TFTP_MAX_PER_CLIENT 16
#define CONF_DEFAULT_TFTP_BLKSIZE_MAX 65464
#define CONF_DEFAULT_TFTP_WINDOWSIZE_MAX 64
#define CONF_DEFAULT_TFTP_TIMEOUT_MIN_MS 20
#define CONF_DEFAULT_TFTP_RETRIES 8
#define CONF_DEFAULT_TFTP_UPLOAD_MAX_SIZE (64ull << 20)

/* Where a setting came from, for error messages (file:line:col). */
struct conf_pos {
	const char *file; /* points at conf->path or a static string */
	int line;
	int col;
};

/* One DHCP option in wire form: code 1..254, 0..1024 bytes (values over 255
 * bytes are split per RFC 3396 by the encoder when sent). */
struct conf_option {
	uint8_t code;
	uint16_t len;
	uint8_t *data;
};

struct conf_optset {
	struct conf_option *v;
	size_t n;
};

/* Boot programs per architecture class; NULL = not set at this level (the
 * next level up is used: host -> subnet -> global). */
struct conf_boot {
	char *file[BOOT_ARCH_COUNT];
};

struct conf_range {
	uint32_t start, end; /* inclusive */
};

struct conf_host {
	char *name;               /* label from the config, used in logs */
	uint8_t (*macs)[6];
	size_t nmacs;
	uint8_t *client_id;       /* option 61 value, or NULL */
	size_t client_id_len;
	uint32_t ip;              /* fixed address, 0 = none (gets a pool address) */
	uint8_t uuid[16];         /* SMBIOS UUID as written (8-4-4-4-12 order), if has_uuid */
	bool has_uuid;            /* also known by DHCP option 97 (a host with a new NIC) */
	char *hostname;           /* option 12 sent to the host, or NULL */
	uint32_t next_server;     /* 0 = inherit */
	struct conf_boot boot;
	struct conf_optset options;
	bool deny;                /* never answer this host */
	struct conf_pos pos;
};

struct conf_subnet {
	uint32_t network, netmask;
	char *interface;          /* NULL = any interface whose address is inside */
	struct conf_range *ranges;
	size_t nranges;
	uint32_t lease_time, max_lease_time; /* seconds; 0 = inherit global */
	uint32_t next_server;     /* 0 = the address of the receiving interface */
	bool deny_unknown;        /* only hosts listed in `hosts` get answers */
	int allow_bootp;          /* -1 inherit, 0 no, 1 yes */
	struct conf_boot boot;
	struct conf_optset options; /* 1 3 6 15 28 42 ... already encoded */
	struct conf_pos pos;
};

struct conf_dhcp {
	bool enabled;
	bool proxy;               /* proxyDHCP: boot info only, no addresses */
	bool authoritative;       /* NAK requests for addresses we don't know */
	bool allow_bootp;
	bool allow_booting;       /* answer PXE clients with boot info */
	char **interfaces;
	size_t ninterfaces;
	uint32_t lease_time, max_lease_time;
	uint32_t offer_hold;      /* seconds an offered address is held */
	uint32_t decline_hold;    /* seconds a DECLINEd address stays quarantined */
	struct conf_boot boot;
	struct conf_optset options; /* global options (e.g. 6, 15 from dhcpd.conf globals) */
	struct conf_subnet *subnets;
	size_t nsubnets;
	struct conf_host *hosts;
	size_t nhosts;
};

/* TFTP (see docs/pxed.conf.md#tftp). With no interfaces and no addresses
 * the server listens where DHCP does (dhcp.interfaces), or on every
 * address when DHCP has none. */
struct conf_tftp {
	bool enabled;
	char *root;
	char **interfaces;        /* port `port` on each, bound to the device */
	size_t ninterfaces;
	uint32_t *addresses;      /* port `port` on each address */
	size_t naddresses;
	uint16_t port;
	uint32_t max_transfers;   /* concurrent transfers, all clients */
	uint32_t max_per_client;  /* concurrent transfers from one IPv4 address */
	uint32_t blksize_max;     /* largest blksize granted (the path MTU clamps it further) */
	uint32_t windowsize_max;  /* largest windowsize granted */
	uint32_t timeout_min_ms;  /* floor of the adaptive retransmission timeout */
	uint32_t retries;         /* retransmissions of one window before giving up */
	char *upload_dir;         /* WRQ target; NULL = writes are refused */
	uint64_t upload_max_size; /* bytes, per uploaded file */
};

/* HTTP (see docs/pxed.conf.md#http). Listens like TFTP: on the given
 * interfaces and addresses, else where DHCP does, else everywhere. */
struct conf_http {
	bool enabled;
	char *root;
	char **interfaces;
	size_t ninterfaces;
	uint32_t *addresses;
	size_t naddresses;
	uint16_t port;
	uint32_t max_connections; /* open connections, all clients */
	uint32_t max_per_client;  /* open connections from one IPv4 address */
	uint32_t idle_timeout;    /* seconds a connection may stay silent */
	uint32_t threads;         /* that read and send (libmicrohttpd's); 0 = one per CPU */
};

struct pxed_conf {
	char *path;               /* NULL when built from flags */
	char *state_dir;
	char *user;               /* drop to this user after binding; NULL/"" = stay */
	enum log_level log_level;
	bool log_syslog;
	struct conf_dhcp dhcp;
	struct conf_tftp tftp;
	struct conf_http http;
};

/* Where a server (TFTP, HTTP) listens: on each of its own interfaces and
 * addresses; with neither, where DHCP serves (dhcp.interfaces), else on
 * every address (ifname NULL, addr 0). Calls add for each place in turn and
 * stops at the first error, which it returns. */
typedef int (*conf_listen_fn)(void *ctx, const char *ifname, uint32_t addr, char *err, size_t errlen);
int conf_listen_each(const struct pxed_conf *c, char *const *ifs, size_t nifs, const uint32_t *addrs, size_t naddrs,
		     conf_listen_fn add, void *ctx, char *err, size_t errlen);

/* Fills defaults (no subnets, DHCP on, TFTP root default, ...). */
void conf_init(struct pxed_conf *c);
void conf_free(struct pxed_conf *c);
