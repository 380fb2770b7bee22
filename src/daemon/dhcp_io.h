/* The DHCP shell: sockets around the pure DHCP core. It drains every socket
 * that is readable, runs each datagram through dhcp_server_handle(), commits
 * the lease changes of the whole burst in one store transaction (one fsync),
 * and only then sends the replies — a lease is durable before its ACK leaves. */
#pragma once
#include <stdbool.h>

#include "conf/conf.h"
#include "core/loop.h"
#include "dhcp/dhcp_server.h"
#include "store/store.h"

struct dhcp_io;

/* Opens the sockets for conf->dhcp.interfaces (port 67, and 4011 in proxy
 * mode) while still privileged. On failure writes why into err. */
int dhcp_io_open(const struct pxed_conf *conf, struct dhcp_io **ret, char *err, size_t errlen);

/* After privileges are dropped: attaches the core and the store and starts
 * reading. Loads the stored leases into the core. */
int dhcp_io_start(struct dhcp_io *io, struct loop *loop, struct store *store, char *err, size_t errlen);

/* SIGHUP: new config for the core; interface addresses are re-read. The
 * set of interfaces cannot change without a restart (ports are bound once). */
void dhcp_io_reload(struct dhcp_io *io, const struct pxed_conf *conf);

/* Called for every OFFER, ACK, BOOTP reply and proxyDHCP answer, and for a
 * boot client's REQUEST to another server seen in proxyDHCP mode, with the
 * address of the interface it arrived on: the install tracker learns from
 * it which address a host got and that it is network-booting. */
typedef void (*dhcp_io_hook_fn)(void *ctx, const struct dhcp_event *ev, uint32_t if_addr);
void dhcp_io_set_hook(struct dhcp_io *io, dhcp_io_hook_fn fn, void *ctx);

struct dhcp_io *dhcp_io_free(struct dhcp_io *io);
