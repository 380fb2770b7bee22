/* The TFTP shell: sockets, timers and files around the pure transfer state
 * machine (src/tftp/tftp_xfer.h).
 *
 * Requests arrive on port 69 (one socket per configured interface or
 * address). Each accepted request gets its own UDP socket on an ephemeral
 * port (its transfer ID), its own timer in the loop's heap, and a source
 * from the providers (tftp_source.h). The socket is deliberately NOT
 * connected: a connected UDP socket never sees datagrams from other
 * addresses (the kernel answers them with ICMP port unreachable), and RFC
 * 1350 wants a stranger's packet answered with ERROR 5 without disturbing
 * the transfer.
 *
 * Limits: at most max_transfers at once and max_per_client from one IPv4
 * address. A request over a limit is DROPPED, not answered: the client
 * retransmits its request and is served when a slot frees (a rack booting
 * at once must not be turned away with an error its ROM cannot recover
 * from), and a flood from a spoofed address gets nothing reflected. Each
 * limit logs one warning at most every 10 s, with the count of drops.
 *
 * Writes (WRQ) are refused with ERROR 2 "writes are disabled" unless
 * tftp.upload_dir is set; uploads then land there (never in the root) under
 * a temporary name, renamed into place when complete, never replacing an
 * existing file, each at most tftp.upload_max_size bytes. */
#pragma once
#include <stddef.h>

#include "conf/conf.h"
#include "core/loop.h"
#include "tftp_io/tftp_source.h"

struct tftp_io;

/* Opens the listening sockets (needs root for port 69) and raises the
 * descriptor limit for max_transfers sockets. On failure writes why into err. */
int tftp_io_open(const struct pxed_conf *conf, struct tftp_io **ret, char *err, size_t errlen);

/* Adds a provider asked before the disk, after those added earlier; the io
 * owns it from then on (freed by tftp_io_free). */
int tftp_io_add_provider(struct tftp_io *io, struct tftp_provider *p);

/* After privileges are dropped: starts serving on the loop. */
int tftp_io_start(struct tftp_io *io, struct loop *loop, char *err, size_t errlen);

/* SIGHUP: new root, limits and transfer settings for new transfers; live
 * transfers keep theirs. The listening sockets are bound once. */
void tftp_io_reload(struct tftp_io *io, const struct pxed_conf *conf);

/* Live transfers (for tests and logs). */
size_t tftp_io_transfers(const struct tftp_io *io);

/* Ends every transfer (ERROR 0 "server shutting down" to each client),
 * closes everything. NULL-tolerant; returns NULL. */
struct tftp_io *tftp_io_free(struct tftp_io *io);
