/* pxed-fleet: a fleet of machines installing at once, against one PXE
 * stack (pxed, or dnsmasq + nginx, or any other), from one process.
 *
 * Every client has its own MAC and SMBIOS UUID and does what PXE firmware,
 * pxelinux and the installer do on the network, in order:
 *   DHCP        DISCOVER/OFFER/REQUEST/ACK with PXE options (60, 93, 94, 97),
 *               relayed: the simulator is the relay agent at giaddr:67, so
 *               the run needs no broadcast and no raw sockets
 *   bootloader  the boot file the ACK names, from next-server, over TFTP
 *               (blksize 1432, tsize, as iPXE/PXE ROMs ask), then
 *               ldlinux.c32 next to it (blksize 1408, as pxelinux asks)
 *   config      pxelinux.cfg/01-<mac>, or pxelinux.cfg/default when that
 *               is not found (pxelinux's lookups by UUID and hex IP in
 *               between are skipped)
 *   kernel, initrd   as the config's boot entry names them: TFTP paths,
 *               or http:// URLs (lpxelinux.0)
 *   kickstart   inst.ks= (or ks=) with X-RHN-Provisioning-MAC-0 when the
 *               arguments carry inst.ks.sendmac
 *   tree        inst.repo= + /.treeinfo, then repodata/repomd.xml of each
 *               repository it names
 *   callbacks   when the kickstart carries pxed's tracking sections: the
 *               %pre, %post and done reports with the host's token
 * TFTP and HTTP go out from the leased address (the client namespace
 * routes the relay subnet to itself as local), one socket per client at a
 * time; HTTP opens a new connection per request.
 *
 * Clients start together or --ramp R per second. DHCP retransmits after
 * 4, 8, 16, 32 s (each +-1 s at random) like PXE ROMs; TFTP after pxelinux's 110 ms .. 14 s;
 * HTTP retries a refused or stalled request after a second. Everything is
 * bounded: a client that runs out of retries fails with its cause, and
 * --max-time ends the run (the unfinished fail).
 *
 * Results go to stdout as key=value lines: wall time until every client
 * was done, per-phase latency percentiles, failures by cause, bytes moved,
 * and for each --pid the server's CPU time during the run and its peak RSS. */
#include <arpa/inet.h>
#include <errno.h>
#include <netinet/in.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/epoll.h>
#include <sys/resource.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>

#include "bench_dhcp.h"
#include "core/str.h"
#include "dhcp/dhcp_msg.h"
#include "fleet.h"

#define DHCP_TRIES 4     /* 4, 8, 16, 32 s: PXE ROMs give up after about a minute */
#define NAK_RESTARTS 5
#define SCAN_US 5000     /* how often deadlines are checked */

static const char *const step_names[] = {
	[FS_IDLE] = "idle",	      [FS_DISCOVER] = "dhcp",	   [FS_REQUEST] = "dhcp",
	[FS_BOOTFILE] = "bootfile",   [FS_LDLINUX] = "ldlinux.c32", [FS_CONFIG] = "config",
	[FS_CONFIG_DEFAULT] = "config", [FS_KERNEL] = "kernel",	   [FS_INITRD] = "initrd",
	[FS_KS] = "kickstart",	      [FS_TREEINFO] = ".treeinfo", [FS_REPOMD] = "repomd.xml",
	[FS_CB_PRE] = "callback pre", [FS_CB_POST] = "callback post", [FS_CB_DONE] = "callback done",
	[FS_DONE] = "done",	      [FS_FAILED] = "failed",
};

static const enum fleet_phase step_phase[] = {
	[FS_IDLE] = FP_DHCP,	       [FS_DISCOVER] = FP_DHCP,	    [FS_REQUEST] = FP_DHCP,
	[FS_BOOTFILE] = FP_BOOTLOADER, [FS_LDLINUX] = FP_BOOTLOADER, [FS_CONFIG] = FP_CONFIG,
	[FS_CONFIG_DEFAULT] = FP_CONFIG, [FS_KERNEL] = FP_KERNEL,   [FS_INITRD] = FP_INITRD,
	[FS_KS] = FP_KICKSTART,	       [FS_TREEINFO] = FP_TREE,	    [FS_REPOMD] = FP_TREE,
	[FS_CB_PRE] = FP_CALLBACK,     [FS_CB_POST] = FP_CALLBACK,  [FS_CB_DONE] = FP_CALLBACK,
	[FS_DONE] = FP_TOTAL,	       [FS_FAILED] = FP_TOTAL,
};

const char *fleet_phase_name(enum fleet_phase p)
{
	static const char *const n[FP_COUNT] = { "dhcp",      "bootloader", "config",	"kernel", "initrd",
						 "kickstart", "tree",	    "callbacks", "total" };
	return p < FP_COUNT ? n[p] : "?";
}

/* ---- bookkeeping shared with the transfer files ---- */

int fleet_watch(struct fleet *f, struct fleet_client *c, int fd, uint32_t events)
{
	struct epoll_event ev = { .events = events, .data.ptr = c };
	if (c->fd == fd)
		return epoll_ctl(f->ep, EPOLL_CTL_MOD, fd, &ev) < 0 ? -errno : 0;
	if (epoll_ctl(f->ep, EPOLL_CTL_ADD, fd, &ev) < 0)
		return -errno;
	c->fd = fd;
	return 0;
}

void fleet_close(struct fleet *f, struct fleet_client *c)
{
	if (c->fd >= 0) {
		epoll_ctl(f->ep, EPOLL_CTL_DEL, c->fd, NULL);
		close(c->fd);
	}
	c->fd = -1;
	c->io = FIO_NONE;
}

int fleet_keep(struct fleet_client *c, const void *data, size_t len)
{
	if (c->keep_len + len + 1 > FLEET_KEEP_MAX)
		return -EFBIG;
	char *k = realloc(c->keep, c->keep_len + len + 1);
	if (!k)
		return -ENOMEM;
	memcpy(k + c->keep_len, data, len);
	c->keep = k;
	c->keep_len += len;
	k[c->keep_len] = '\0';
	return 0;
}

/* A client's time moves from phase to phase with its steps. */
static void enter(struct fleet_client *c, enum fleet_step s, int64_t now)
{
	enum fleet_phase from = step_phase[c->step], to = step_phase[s];
	if (c->step != FS_IDLE && from != to && from != FP_TOTAL)
		c->phase_us[from] += now - c->phase_start_us[from];
	if (from != to || c->step == FS_IDLE) {
		c->phase_start_us[to] = now;
		if (c->phase_us[to] < 0)
			c->phase_us[to] = 0;
	}
	c->step = s;
}

void fleet_fail(struct fleet *f, struct fleet_client *c, const char *fmt, ...)
{
	if (c->step == FS_FAILED || c->step == FS_DONE)
		return;
	int n = snprintf(c->cause, sizeof(c->cause), "%s: ", step_names[c->step]);
	va_list ap;
	va_start(ap, fmt);
	if (n > 0 && (size_t)n < sizeof(c->cause))
		vsnprintf(c->cause + n, sizeof(c->cause) - (size_t)n, fmt, ap);
	va_end(ap);
	fleet_close(f, c);
	c->http.retry_at_us = 0;
	int64_t now = bench_now_us();
	enter(c, FS_FAILED, now);
	c->done_us = now;
	free(c->keep);
	c->keep = NULL;
	f->st.failed++;
}

static void finish(struct fleet *f, struct fleet_client *c)
{
	int64_t now = bench_now_us();
	enter(c, FS_DONE, now);
	c->done_us = now;
	c->phase_us[FP_TOTAL] = now - c->start_us;
	free(c->keep);
	c->keep = NULL;
	f->st.done++;
}

/* ---- DHCP ---- */

/* -1 s .. +1 s, from a xorshift generator: repeatable for a given seed */
static int64_t jitter_us(struct fleet *f)
{
	uint64_t x = f->rng;
	x ^= x << 13;
	x ^= x >> 7;
	x ^= x << 17;
	f->rng = x;
	return (int64_t)(x % 2000001) - 1000000;
}

static void dhcp_send(struct fleet *f, struct fleet_client *c, uint8_t type)
{
	static uint8_t buf[DHCP_MAX_PAYLOAD];
	int64_t now = bench_now_us();
	struct bench_dhcp_req q = { .xid = c->xid, .giaddr = f->o.giaddr, .type = type,
				    .requested_ip = c->offered, .server_id = c->server_id,
				    .secs = (uint16_t)((now - c->dhcp_first_us) / 1000000), .pxe = true,
				    .arch = f->o.arch };
	memcpy(q.mac, c->mac, 6);
	memcpy(q.uuid, c->uuid, 16);
	int n = bench_dhcp_build(&q, buf, sizeof(buf));
	if (n < 0 || bench_udp_send(f->relay_fd, f->o.server, DHCP_SERVER_PORT, buf, (size_t)n) < 0) {
		fleet_fail(f, c, "cannot send a DHCP message");
		return;
	}
	/* 4 s, then doubling (the PXE spec), each randomised by -1..+1 s as
	 * RFC 2131 4.1 asks: machines that lost their first DISCOVER in one
	 * burst do not all come back in the next */
	c->deadline_us = now + ((int64_t)4000000 << c->dhcp_tries) + jitter_us(f);
}

static void start_client(struct fleet *f, struct fleet_client *c, int64_t now)
{
	c->start_us = now;
	c->dhcp_first_us = now;
	enter(c, FS_DISCOVER, now);
	dhcp_send(f, c, DHCPDISCOVER);
}

static void dhcp_timeout(struct fleet *f, struct fleet_client *c)
{
	if (++c->dhcp_tries >= DHCP_TRIES) {
		fleet_fail(f, c, "no %s after %d tries", c->step == FS_DISCOVER ? "OFFER" : "ACK", DHCP_TRIES);
		return;
	}
	f->st.dhcp_retransmits++;
	dhcp_send(f, c, c->step == FS_DISCOVER ? DHCPDISCOVER : DHCPREQUEST);
}

static void start_fetch(struct fleet *f, struct fleet_client *c, enum fleet_step s, const char *what);

/* The directory of the boot file: pxelinux looks for ldlinux.c32 and
 * pxelinux.cfg/ next to itself. */
static void boot_dir(const struct fleet_client *c, char *out, size_t cap)
{
	const char *slash = strrchr(c->bootfile, '/');
	size_t n = slash ? (size_t)(slash - c->bootfile + 1) : 0;
	snprintf(out, cap, "%.*s", (int)n, c->bootfile);
}

static void on_ack(struct fleet *f, struct fleet_client *c, const struct dhcp_msg *m)
{
	c->ip = m->yiaddr;
	c->tftp_server = m->siaddr;
	uint32_t v;
	if (!c->tftp_server) {
		size_t n;
		const uint8_t *s66 = dhcp_msg_get(m, OPT_TFTP_SERVER, &n);
		char name[64];
		if (s66 && n < sizeof(name)) {
			memcpy(name, s66, n);
			name[n] = '\0';
			if (str_to_ipv4(name, &v) == 0)
				c->tftp_server = v;
		}
	}
	if (!c->tftp_server)
		c->tftp_server = c->server_id;
	str_copy(c->bootfile, sizeof(c->bootfile), m->file);
	if (!c->bootfile[0]) {
		size_t n;
		const uint8_t *s67 = dhcp_msg_get(m, OPT_BOOTFILE, &n);
		if (s67 && n < sizeof(c->bootfile)) {
			memcpy(c->bootfile, s67, n);
			c->bootfile[n] = '\0';
		}
	}
	if (!c->ip || !c->bootfile[0]) {
		fleet_fail(f, c, "ACK without %s", c->ip ? "a boot file" : "an address");
		return;
	}
	start_fetch(f, c, FS_BOOTFILE, c->bootfile);
}

static void on_dhcp(struct fleet *f, const struct dhcp_msg *m)
{
	uint32_t i = m->xid - f->xid_base;
	if (i >= f->o.count)
		return;
	struct fleet_client *c = &f->c[i];
	if (memcmp(m->chaddr, c->mac, 6) != 0)
		return;
	int64_t now = bench_now_us();
	if (c->step == FS_DISCOVER && m->msg_type == DHCPOFFER) {
		if (dhcp_msg_get_ipv4(m, OPT_SERVER_ID, &c->server_id) < 0)
			return;
		c->offered = m->yiaddr;
		c->dhcp_tries = 0;
		enter(c, FS_REQUEST, now);
		dhcp_send(f, c, DHCPREQUEST);
	} else if (c->step == FS_REQUEST && m->msg_type == DHCPACK) {
		on_ack(f, c, m);
	} else if (c->step == FS_REQUEST && m->msg_type == DHCPNAK) {
		f->st.naks++;
		if (++c->naks > NAK_RESTARTS) {
			fleet_fail(f, c, "NAKed %d times", NAK_RESTARTS + 1);
			return;
		}
		c->dhcp_tries = 0;
		enter(c, FS_DISCOVER, now);
		dhcp_send(f, c, DHCPDISCOVER);
	}
}

static void relay_readable(struct fleet *f)
{
	static uint8_t in[65536];
	static struct dhcp_msg m;
	for (int k = 0; k < 256; k++) {
		ssize_t got = recv(f->relay_fd, in, sizeof(in), 0);
		if (got < 0)
			return;
		if (dhcp_msg_parse(in, (size_t)got, &m, NULL) == 0 && m.op == BOOTREPLY)
			on_dhcp(f, &m);
	}
}

/* ---- the steps after DHCP ---- */

static bool keeps_body(enum fleet_step s)
{
	return s == FS_CONFIG || s == FS_CONFIG_DEFAULT || s == FS_KS || s == FS_TREEINFO;
}

/* Fetches `what` for step s: an http:// URL, else a TFTP name (relative
 * names are the boot file directory's, as pxelinux resolves them). */
static void start_fetch(struct fleet *f, struct fleet_client *c, enum fleet_step s, const char *what)
{
	enter(c, s, bench_now_us());
	free(c->keep);
	c->keep = NULL;
	c->keep_len = 0;
	if (keeps_body(s) && fleet_keep(c, "", 0) < 0) {
		fleet_fail(f, c, "out of memory");
		return;
	}
	int r;
	if (fleet_is_http(what)) {
		struct fleet_url u;
		if (fleet_url_parse(what, &u) < 0) {
			fleet_fail(f, c, "cannot follow URL '%.60s'", what);
			return;
		}
		c->to_ip = u.ip;
		c->to_port = u.port;
		str_copy(c->name, sizeof(c->name), u.path);
		r = fleet_http_start(f, c, NULL, NULL);
	} else {
		char dir[128] = "";
		if (s != FS_BOOTFILE && what[0] != '/')
			boot_dir(c, dir, sizeof(dir));
		snprintf(c->name, sizeof(c->name), "%s%s", dir, what);
		c->to_ip = c->tftp_server;
		r = fleet_tftp_start(f, c, s == FS_BOOTFILE ? 1432 : 1408);
	}
	if (r < 0)
		fleet_fail(f, c, "cannot start: %s", strerror(-r));
}

/* An HTTP request to a URL's server for one of the tree's or pxed's paths. */
static void start_http(struct fleet *f, struct fleet_client *c, enum fleet_step s, const struct fleet_url *u,
		       const char *path, const char *headers, const char *body)
{
	enter(c, s, bench_now_us());
	free(c->keep);
	c->keep = NULL;
	c->keep_len = 0;
	if (keeps_body(s) && fleet_keep(c, "", 0) < 0) {
		fleet_fail(f, c, "out of memory");
		return;
	}
	c->to_ip = u->ip;
	c->to_port = u->port;
	str_copy(c->name, sizeof(c->name), path);
	int r = fleet_http_start(f, c, headers, body);
	if (r < 0)
		fleet_fail(f, c, "cannot start: %s", strerror(-r));
}

static void fetch_repomd(struct fleet *f, struct fleet_client *c)
{
	char path[FLEET_PATH_MAX + FLEET_REPO_MAX + 32];
	const char *r = c->repos[c->repo_i], *base = c->repo.path;
	size_t bl = strlen(base);
	bool slash = bl && base[bl - 1] == '/';
	if (!strcmp(r, "."))
		snprintf(path, sizeof(path), "%s%srepodata/repomd.xml", base, slash ? "" : "/");
	else
		snprintf(path, sizeof(path), "%s%s%s/repodata/repomd.xml", base, slash ? "" : "/", r);
	start_http(f, c, FS_REPOMD, &c->repo, path, NULL, NULL);
}

static void callback(struct fleet *f, struct fleet_client *c, enum fleet_step s, const char *phase)
{
	char hdr[128], body[32];
	snprintf(hdr, sizeof(hdr), "X-Pxed-Token: %s\r\n", c->token);
	snprintf(body, sizeof(body), "phase=%s", phase);
	start_http(f, c, s, &c->events, c->events.path, hdr, body);
}

static bool size_ok(struct fleet *f, struct fleet_client *c, uint64_t want)
{
	if (!want || c->got == want)
		return true;
	fleet_fail(f, c, "%llu bytes, expected %llu", (unsigned long long)c->got, (unsigned long long)want);
	return false;
}

static void after_config(struct fleet *f, struct fleet_client *c)
{
	int r = fleet_pxelinux_parse(c->keep, c->keep_len, &c->boot);
	if (r < 0) {
		fleet_fail(f, c, "%s", r == -ENOENT ? "no boot entry" : "a field is too long");
		return;
	}
	if (c->boot.localboot) {
		fleet_fail(f, c, "entry '%s' boots the local disk", c->boot.label);
		return;
	}
	if (!c->boot.kernel[0] || !c->boot.initrd[0]) {
		fleet_fail(f, c, "entry '%s' has no %s", c->boot.label, c->boot.kernel[0] ? "initrd" : "kernel");
		return;
	}
	start_fetch(f, c, FS_KERNEL, c->boot.kernel);
}

static void after_initrd(struct fleet *f, struct fleet_client *c)
{
	char ks[FLEET_PATH_MAX], repo[FLEET_PATH_MAX], hdr[96], m[MAC_STRLEN];
	if (fleet_karg(c->boot.append, "inst.ks", ks, sizeof(ks)) < 0 &&
	    fleet_karg(c->boot.append, "ks", ks, sizeof(ks)) < 0) {
		fleet_fail(f, c, "no inst.ks= in the kernel arguments");
		return;
	}
	if (fleet_karg(c->boot.append, "inst.repo", repo, sizeof(repo)) < 0 || fleet_url_parse(repo, &c->repo) < 0) {
		fleet_fail(f, c, "no http:// inst.repo= in the kernel arguments");
		return;
	}
	if (fleet_url_parse(ks, &c->ks) < 0) {
		fleet_fail(f, c, "inst.ks=%.60s is not an http:// URL", ks);
		return;
	}
	/* inst.ks.sendmac is a flag without a value */
	bool sendmac = strstr(c->boot.append, "inst.ks.sendmac") || strstr(c->boot.append, "kssendmac");
	hdr[0] = '\0';
	if (sendmac)
		snprintf(hdr, sizeof(hdr), "X-RHN-Provisioning-MAC-0: eth0 %s\r\n", mac_to_str(c->mac, m));
	start_http(f, c, FS_KS, &c->ks, c->ks.path, hdr, NULL);
}

static void after_treeinfo(struct fleet *f, struct fleet_client *c)
{
	c->nrepos = fleet_treeinfo_repos(c->keep, c->keep_len, c->repos, FLEET_REPOS_MAX);
	c->repo_i = 0;
	fetch_repomd(f, c);
}

static void after_tree(struct fleet *f, struct fleet_client *c)
{
	if (c->token[0])
		callback(f, c, FS_CB_PRE, "pre");
	else
		finish(f, c);
}

void fleet_step_done(struct fleet *f, struct fleet_client *c, bool not_found)
{
	char path[FLEET_PATH_MAX + 16];
	if (not_found && c->step != FS_CONFIG) {
		fleet_fail(f, c, "%s not found", c->name);
		return;
	}
	switch (c->step) {
	case FS_BOOTFILE:
		start_fetch(f, c, FS_LDLINUX, "ldlinux.c32");
		break;
	case FS_LDLINUX: {
		char name[48], m[MAC_STRLEN];
		mac_to_str(c->mac, m);
		for (char *p = m; *p; p++)
			if (*p == ':')
				*p = '-';
		snprintf(name, sizeof(name), "pxelinux.cfg/01-%s", m);
		start_fetch(f, c, FS_CONFIG, name);
		break;
	}
	case FS_CONFIG:
		if (not_found)
			start_fetch(f, c, FS_CONFIG_DEFAULT, "pxelinux.cfg/default");
		else
			after_config(f, c);
		break;
	case FS_CONFIG_DEFAULT:
		after_config(f, c);
		break;
	case FS_KERNEL:
		if (size_ok(f, c, f->o.expect_kernel))
			start_fetch(f, c, FS_INITRD, c->boot.initrd);
		break;
	case FS_INITRD:
		if (size_ok(f, c, f->o.expect_initrd))
			after_initrd(f, c);
		break;
	case FS_KS:
		c->token[0] = '\0';
		if (f->o.callbacks) {
			char url[FLEET_PATH_MAX];
			int r = fleet_ks_callback(c->keep, c->keep_len, c->token, sizeof(c->token), url, sizeof(url));
			if (r == -EBADMSG || (r == 0 && fleet_url_parse(url, &c->events) < 0)) {
				fleet_fail(f, c, "cannot read the callback in the kickstart");
				return;
			}
			if (r < 0)
				c->token[0] = '\0';
		}
		snprintf(path, sizeof(path), "%s%s.treeinfo", c->repo.path,
			 c->repo.path[strlen(c->repo.path) - 1] == '/' ? "" : "/");
		start_http(f, c, FS_TREEINFO, &c->repo, path, NULL, NULL);
		break;
	case FS_TREEINFO:
		after_treeinfo(f, c);
		break;
	case FS_REPOMD:
		if (++c->repo_i < c->nrepos)
			fetch_repomd(f, c);
		else
			after_tree(f, c);
		break;
	case FS_CB_PRE:
		callback(f, c, FS_CB_POST, "post");
		break;
	case FS_CB_POST:
		callback(f, c, FS_CB_DONE, "done");
		break;
	case FS_CB_DONE:
		finish(f, c);
		break;
	default:
		break;
	}
}

/* ---- the run ---- */

static void usage(void)
{
	fprintf(stderr,
		"usage: pxed-fleet --server IP --giaddr IP [--count 100] [--ramp CLIENTS_PER_S]\n"
		"         [--max-time 600] [--mac-prefix 0..255] [--arch 0] [--http-stall 30]\n"
		"         [--http-attempts 5] [--kernel-size BYTES] [--initrd-size BYTES]\n"
		"         [--no-callbacks] [--pid PID]... [--label TEXT]\n"
		"       pxed-fleet --list-macs [--count 100] [--mac-prefix 0..255]\n"
		"         (the clients' MACs and UUIDs, one per line: to declare them as hosts)\n");
}

static int parse_args(int argc, char **argv, struct fleet_opts *o)
{
	*o = (struct fleet_opts){ .count = 100, .max_time_us = 600000000, .mac_prefix = 0x20,
				  .http_stall_us = 30000000, .http_attempts = 5, .callbacks = true, .label = "" };
	bool has_server = false, has_giaddr = false;
	for (int i = 1; i < argc; i++) {
		const char *a = argv[i];
		if (!strcmp(a, "--no-callbacks")) {
			o->callbacks = false;
			continue;
		}
		if (!strcmp(a, "--list-macs")) {
			o->list_macs = true;
			continue;
		}
		if (i + 1 >= argc) {
			fprintf(stderr, "pxed-fleet: %s needs a value\n", a);
			return -EINVAL;
		}
		const char *v = argv[++i];
		int64_t n = 0;
		int r = 0;
		if (!strcmp(a, "--server")) {
			r = str_to_ipv4(v, &o->server);
			has_server = true;
		} else if (!strcmp(a, "--giaddr")) {
			r = str_to_ipv4(v, &o->giaddr);
			has_giaddr = true;
		} else if (!strcmp(a, "--count")) {
			r = str_to_int64(v, 1, 1 << 20, &n);
			o->count = (uint32_t)n;
		} else if (!strcmp(a, "--ramp")) {
			r = str_to_int64(v, 0, 1000000, &n);
			o->ramp = (double)n;
		} else if (!strcmp(a, "--max-time")) {
			r = str_to_int64(v, 1, 86400, &n);
			o->max_time_us = n * 1000000;
		} else if (!strcmp(a, "--mac-prefix")) {
			r = str_to_int64(v, 0, 255, &n);
			o->mac_prefix = (uint8_t)n;
		} else if (!strcmp(a, "--arch")) {
			r = str_to_int64(v, 0, 65535, &n);
			o->arch = (uint16_t)n;
		} else if (!strcmp(a, "--http-stall")) {
			r = str_to_int64(v, 1, 3600, &n);
			o->http_stall_us = n * 1000000;
		} else if (!strcmp(a, "--http-attempts")) {
			r = str_to_int64(v, 1, 100, &n);
			o->http_attempts = (uint32_t)n;
		} else if (!strcmp(a, "--kernel-size")) {
			r = str_to_int64(v, 0, INT64_MAX, &n);
			o->expect_kernel = (uint64_t)n;
		} else if (!strcmp(a, "--initrd-size")) {
			r = str_to_int64(v, 0, INT64_MAX, &n);
			o->expect_initrd = (uint64_t)n;
		} else if (!strcmp(a, "--pid")) {
			r = str_to_int64(v, 1, INT32_MAX, &n);
			if (r == 0 && o->npids == sizeof(o->pids) / sizeof(o->pids[0]))
				r = -E2BIG;
			if (r == 0)
				o->pids[o->npids++] = (int)n;
		} else if (!strcmp(a, "--label")) {
			o->label = v;
		} else {
			fprintf(stderr, "pxed-fleet: unknown option %s\n", a);
			return -EINVAL;
		}
		if (r < 0) {
			fprintf(stderr, "pxed-fleet: bad value for %s: %s\n", a, v);
			return -EINVAL;
		}
	}
	if (!o->list_macs && (!has_server || !has_giaddr)) {
		fprintf(stderr, "pxed-fleet: --server and --giaddr are required\n");
		return -EINVAL;
	}
	return 0;
}

static int open_relay(struct fleet *f)
{
	int fd = socket(AF_INET, SOCK_DGRAM | SOCK_NONBLOCK | SOCK_CLOEXEC, 0);
	int one = 1, bufsz = 8 << 20;
	if (fd < 0)
		return -errno;
	setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &one, sizeof(one));
	setsockopt(fd, SOL_SOCKET, SO_RCVBUF, &bufsz, sizeof(bufsz));
	setsockopt(fd, SOL_SOCKET, SO_SNDBUF, &bufsz, sizeof(bufsz));
	struct sockaddr_in me = { .sin_family = AF_INET, .sin_port = htons(DHCP_SERVER_PORT),
				  .sin_addr.s_addr = htonl(f->o.giaddr) };
	struct epoll_event ev = { .events = EPOLLIN, .data.ptr = NULL };
	if (bind(fd, (struct sockaddr *)&me, sizeof(me)) < 0 || epoll_ctl(f->ep, EPOLL_CTL_ADD, fd, &ev) < 0) {
		int e = -errno;
		close(fd);
		return e;
	}
	f->relay_fd = fd;
	return 0;
}

static void client_init(struct fleet *f, struct fleet_client *c, uint32_t i)
{
	*c = (struct fleet_client){ .idx = i, .fd = -1, .xid = f->xid_base + i };
	bench_client_mac(f->o.mac_prefix, i, c->mac);
	/* an SMBIOS UUID per machine: fixed bytes, then the index */
	static const uint8_t base[12] = { 0x46, 0x4c, 0x45, 0x45, 0x54, 0x2d, 0x53, 0x49, 0x4d, 0x2d, 0x00, 0x01 };
	memcpy(c->uuid, base, sizeof(base));
	c->uuid[12] = (uint8_t)(i >> 24);
	c->uuid[13] = (uint8_t)(i >> 16);
	c->uuid[14] = (uint8_t)(i >> 8);
	c->uuid[15] = (uint8_t)i;
	for (int p = 0; p < FP_COUNT; p++)
		c->phase_us[p] = -1;
}

static void on_deadline(struct fleet *f, struct fleet_client *c, int64_t now)
{
	if (c->step == FS_DISCOVER || c->step == FS_REQUEST)
		dhcp_timeout(f, c);
	else if (c->io == FIO_TFTP)
		fleet_tftp_timeout(f, c, now);
	else if (c->io == FIO_HTTP || c->http.retry_at_us)
		fleet_http_timeout(f, c, now);
}

static int list_macs(const struct fleet *f)
{
	for (uint32_t i = 0; i < f->o.count; i++) {
		const uint8_t *u = f->c[i].uuid;
		char m[MAC_STRLEN];
		printf("%s %02x%02x%02x%02x-%02x%02x-%02x%02x-%02x%02x-%02x%02x%02x%02x%02x%02x\n",
		       mac_to_str(f->c[i].mac, m), u[0], u[1], u[2], u[3], u[4], u[5], u[6], u[7], u[8], u[9],
		       u[10], u[11], u[12], u[13], u[14], u[15]);
	}
	return fflush(stdout) == 0 ? 0 : 3;
}

static bool active(const struct fleet_client *c)
{
	return c->step != FS_IDLE && c->step != FS_DONE && c->step != FS_FAILED;
}

int main(int argc, char **argv)
{
	static struct fleet f;
	if (parse_args(argc, argv, &f.o) < 0) {
		usage();
		return 2;
	}
	struct rlimit rl;
	if (getrlimit(RLIMIT_NOFILE, &rl) == 0 && rl.rlim_cur < rl.rlim_max) {
		rl.rlim_cur = rl.rlim_max;
		setrlimit(RLIMIT_NOFILE, &rl);
	}
	struct timespec ts;
	clock_gettime(CLOCK_REALTIME, &ts);
	/* xids of this run: base + index; the base keeps runs apart */
	f.xid_base = ((uint32_t)ts.tv_nsec ^ (uint32_t)getpid() << 12) & 0xfff00000u;
	f.rng = 0x9e3779b97f4a7c15ull ^ (uint64_t)ts.tv_nsec;
	f.c = calloc(f.o.count, sizeof(*f.c));
	f.ep = epoll_create1(EPOLL_CLOEXEC);
	if (!f.c || f.ep < 0) {
		fprintf(stderr, "pxed-fleet: out of memory\n");
		return 3;
	}
	for (uint32_t i = 0; i < f.o.count; i++)
		client_init(&f, &f.c[i], i);
	if (f.o.list_macs)
		return list_macs(&f);
	int r = open_relay(&f);
	if (r < 0) {
		fprintf(stderr, "pxed-fleet: cannot bind the relay address :67: %s\n", strerror(-r));
		return 3;
	}
	uint64_t cpu0[16];
	for (size_t k = 0; k < f.o.npids; k++)
		cpu0[k] = fleet_proc_cpu_ms(f.o.pids[k]);

	static struct epoll_event evs[512];
	int64_t t0 = bench_now_us(), end = t0 + f.o.max_time_us, next_scan = 0;
	uint32_t started = 0;
	bool timed_out = false;
	while (f.st.done + f.st.failed < f.o.count) {
		int64_t now = bench_now_us();
		if (now >= end) {
			timed_out = true;
			break;
		}
		int64_t next_start = end;
		while (started < f.o.count) {
			int64_t due = f.o.ramp > 0 ? t0 + (int64_t)((double)started * 1e6 / f.o.ramp) : t0;
			if (due > now) {
				next_start = due;
				break;
			}
			start_client(&f, &f.c[started++], now);
		}
		int64_t wait_us = next_scan - now;
		if (next_start - now < wait_us)
			wait_us = next_start - now;
		int n = epoll_wait(f.ep, evs, 512, wait_us > 0 ? (int)((wait_us + 999) / 1000) : 0);
		for (int k = 0; k < n; k++) {
			struct fleet_client *c = evs[k].data.ptr;
			if (!c)
				relay_readable(&f);
			else if (c->io == FIO_TFTP)
				fleet_tftp_readable(&f, c);
			else if (c->io == FIO_HTTP)
				fleet_http_event(&f, c, evs[k].events);
		}
		now = bench_now_us();
		if (now < next_scan)
			continue;
		next_scan = now + SCAN_US;
		for (uint32_t i = 0; i < started; i++) {
			struct fleet_client *c = &f.c[i];
			if (active(c) && c->deadline_us <= now)
				on_deadline(&f, c, now);
		}
	}
	int64_t t_end = bench_now_us();
	for (uint32_t i = 0; i < f.o.count; i++) {
		struct fleet_client *c = &f.c[i];
		if (active(c) || c->step == FS_IDLE)
			fleet_fail(&f, c, "unfinished when the run's time ran out");
	}
	fleet_report(&f, t0, t_end, cpu0, timed_out);
	return f.st.failed ? 1 : 0;
}
