/* Where the bytes of a TFTP read come from. A request path (already
 * normalised by tftp_path_normalize: relative, no "..", no empty
 * components) is offered to the providers in order; the first that knows
 * it returns an opened source. The disk provider (tftp_source_disk.h) comes
 * last; providers for per-host boot configs generated from the store or
 * for files inside an ISO image go before it.
 *
 * A source is read at offsets (pread-like), so any number of transfers can
 * share one source and a retransmission simply reads again: the shell keeps
 * no copy of the file, only the packets of the window in flight. */
#pragma once
#include <errno.h>
#include <stddef.h>
#include <stdint.h>

struct tftp_source;

struct tftp_source_ops {
	/* Up to len bytes at off into buf. Returns the count (short only at
	 * the end of the file, 0 past it) or a negative errno. */
	long (*read_at)(struct tftp_source *src, uint64_t off, void *buf, size_t len);
	/* Drops the caller's reference; the source may live on for others. */
	void (*close)(struct tftp_source *src);
};

struct tftp_source {
	const struct tftp_source_ops *ops;
	uint64_t size;
	/* >= 0 when read_at is exactly pread(fd): lets the shell read without
	 * the indirect call. -1 for generated or embedded content. */
	int fd;
};

static inline long tftp_source_read(struct tftp_source *s, uint64_t off, void *buf, size_t len)
{
	return s->ops->read_at(s, off, buf, len);
}

static inline void tftp_source_close(struct tftp_source *s)
{
	if (s)
		s->ops->close(s);
}

/* Who is asking, for providers whose answer depends on the client
 * (pxelinux.cfg/<ip in hex>) and for their log lines. Host byte order. */
struct tftp_req_info {
	uint32_t client_ip;
	uint16_t client_port;
	uint32_t local_ip;
	int ifindex;
};

struct tftp_provider {
	const char *name; /* for logs: "disk", "hostcfg", "iso" */
	/* 0 with *ret set; -ENOENT when the provider has no such file (the
	 * next one is asked); any other negative errno ends the search and is
	 * the answer: -EACCES/-EPERM/-EXDEV/-ELOOP become TFTP error 2 (access
	 * violation), -ENOENT from the last provider error 1. */
	int (*open)(struct tftp_provider *p, const char *path, const struct tftp_req_info *req,
		    struct tftp_source **ret);
	struct tftp_provider *(*free)(struct tftp_provider *p);
};

/* Asks v[0..n-1] in order; returns what the deciding provider returned
 * (-ENOENT when none had the file). */
static inline int tftp_providers_open(struct tftp_provider *const *v, size_t n, const char *path,
				      const struct tftp_req_info *req, struct tftp_source **ret)
{
	for (size_t i = 0; i < n; i++) {
		int r = v[i]->open(v[i], path, req, ret);
		if (r != -ENOENT)
			return r;
	}
	return -ENOENT;
}
