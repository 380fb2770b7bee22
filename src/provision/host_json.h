/* Hosts as JSON: what `pxed status --json` prints and GET /api/v1/hosts
 * answers, written by one module so the two cannot drift apart. Pure.
 *
 *   {"hosts": [HOST, ...]}
 *   HOST = {"id": 3, "hostname": "web1.example.com",
 *           "macs": ["52:54:00:12:34:56"], "ip": "198.18.0.20" | null,
 *           "uuid": "..." | null, "profile": "el9", "netboot": true,
 *           "phase": "kickstart", "phase_since": "2024-05-01T10:00:00.123Z",
 *           "phase_since_ms": 1714557600123, "last_error": "..." | null,
 *           "created": "2024-05-01T09:58:00Z"
 *           [, "events": [{"at": "...Z", "at_ms": N, "phase": "dhcp",
 *                          "detail": "..."}, ...]]}
 *
 * The token is never written: it authorises the host's callbacks. Strings
 * are escaped (quotes, backslashes, control characters, U+2028/U+2029) and
 * bytes that are not UTF-8 become U+FFFD, so the output is valid JSON
 * whatever a peer put into an event's detail. */
#pragma once
#include <stdbool.h>
#include <stddef.h>

#include "core/buf.h"
#include "store/store_catalog.h"

/* One host object; events == NULL leaves the "events" member out. */
void host_json_host(struct buf *b, const struct store_host *h, const char *profile,
		    const struct store_event *events, size_t nevents);

/* {"hosts": [ ... ]}: begin, then host_json_host per host with
 * host_json_next between them, then end. */
void host_json_list_begin(struct buf *b);
void host_json_list_next(struct buf *b);
void host_json_list_end(struct buf *b);

/* A JSON string literal of len bytes of s, quotes included. */
void host_json_string(struct buf *b, const char *s, size_t len);
/* "2024-05-01T10:00:00.123Z" from unix milliseconds. */
void host_json_time_ms(char out[32], int64_t ms);
