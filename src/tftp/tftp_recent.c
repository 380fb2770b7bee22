#include "tftp/tftp_recent.h"

uint64_t tftp_recent_hash(const uint8_t *req, size_t len)
{
	/* FNV-1a: a late copy is byte for byte the request it repeats */
	uint64_t h = 1469598103934665603ull;
	for (size_t i = 0; i < len; i++)
		h = (h ^ req[i]) * 1099511628211ull;
	return h;
}

static size_t set_of(uint32_t ip, uint16_t port)
{
	uint64_t h = ((uint64_t)ip << 16 | port) * 0x9e3779b97f4a7c15ull;
	return (size_t)(h >> 40) % TFTP_RECENT_SETS;
}

static bool fresh(const struct tftp_recent_entry *e, uint64_t now_ms)
{
	return e->at_ms && now_ms + 1 - e->at_ms < TFTP_RECENT_TTL_MS;
}

void tftp_recent_add(struct tftp_recent *r, uint32_t ip, uint16_t port, uint64_t req_hash,
		     uint64_t now_ms)
{
	struct tftp_recent_entry *set = r->set[set_of(ip, port)], *slot = NULL;
	/* served again: the newer time counts */
	for (size_t i = 0; i < TFTP_RECENT_WAYS && !slot; i++)
		if (set[i].at_ms && set[i].ip == ip && set[i].port == port && set[i].req_hash == req_hash)
			slot = &set[i];
	/* else an empty or stale entry, else the oldest */
	for (size_t i = 0; i < TFTP_RECENT_WAYS && !slot; i++)
		if (!fresh(&set[i], now_ms))
			slot = &set[i];
	if (!slot) {
		slot = &set[0];
		for (size_t i = 1; i < TFTP_RECENT_WAYS; i++)
			if (set[i].at_ms < slot->at_ms)
				slot = &set[i];
	}
	*slot = (struct tftp_recent_entry){ .req_hash = req_hash, .at_ms = now_ms + 1, .ip = ip,
					    .port = port };
}

bool tftp_recent_seen(const struct tftp_recent *r, uint32_t ip, uint16_t port, uint64_t req_hash,
		      uint64_t now_ms)
{
	const struct tftp_recent_entry *set = r->set[set_of(ip, port)];
	for (size_t i = 0; i < TFTP_RECENT_WAYS; i++)
		if (fresh(&set[i], now_ms) && set[i].ip == ip && set[i].port == port &&
		    set[i].req_hash == req_hash)
			return true;
	return false;
}
