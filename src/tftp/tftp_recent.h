/* Requests recently served, PURE: which client address and port asked for
 * what (a hash of the request's bytes: file, mode, options) and when its
 * transfer ended. A copy of a request that arrives after its transfer
 * finished -- a client's retransmission that waited in a queue while a
 * fleet booted -- looks exactly like a client asking again from the same
 * port; this memory tells the shell the request was served moments ago,
 * so the new transfer can give up early if nobody answers it.
 *
 * Bounded: TFTP_RECENT_SETS x TFTP_RECENT_WAYS entries in one fixed block,
 * no allocation. A client's entries share a set; the oldest entry of a
 * full set is forgotten first, and entries older than TFTP_RECENT_TTL_MS
 * do not count. Forgetting is safe: the transfer is then an ordinary one. */
#pragma once
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#define TFTP_RECENT_SETS 2048
#define TFTP_RECENT_WAYS 4
#define TFTP_RECENT_TTL_MS 60000

struct tftp_recent_entry {
	uint64_t req_hash;
	uint64_t at_ms; /* when it ended, plus 1 so that 0 means empty */
	uint32_t ip;
	uint16_t port;
};

struct tftp_recent {
	struct tftp_recent_entry set[TFTP_RECENT_SETS][TFTP_RECENT_WAYS];
};

/* The hash a request is remembered by: of its bytes as received. */
uint64_t tftp_recent_hash(const uint8_t *req, size_t len);
/* Remembers that the request req_hash from ip:port was served at now_ms. */
void tftp_recent_add(struct tftp_recent *r, uint32_t ip, uint16_t port, uint64_t req_hash,
		     uint64_t now_ms);
/* Whether that request from ip:port was served in the last
 * TFTP_RECENT_TTL_MS. */
bool tftp_recent_seen(const struct tftp_recent *r, uint32_t ip, uint16_t port, uint64_t req_hash,
		      uint64_t now_ms);
