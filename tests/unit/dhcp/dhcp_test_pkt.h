/* Hand-built DHCP requests for the server and PXE unit tests: a fixed
 * header, the magic cookie and options appended one by one. Offsets are the
 * RFC 2131 figure 1 layout. */
#pragma once
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#define TP_OFF_FLAGS 10
#define TP_OFF_CIADDR 12
#define TP_OFF_YIADDR 16
#define TP_OFF_SIADDR 20
#define TP_OFF_GIADDR 24
#define TP_OFF_CHADDR 28
#define TP_OFF_SNAME 44
#define TP_OFF_FILE 108
#define TP_OFF_OPTS 240

struct tpkt {
	uint8_t b[1500];
	size_t len;
};

static inline void tp_put32(struct tpkt *p, size_t off, uint32_t v)
{
	p->b[off] = (uint8_t)(v >> 24);
	p->b[off + 1] = (uint8_t)(v >> 16);
	p->b[off + 2] = (uint8_t)(v >> 8);
	p->b[off + 3] = (uint8_t)v;
}

/* BOOTREQUEST from an Ethernet client; type 0 = plain BOOTP (no option 53). */
static inline void tp_init(struct tpkt *p, uint8_t type, const uint8_t mac[6], uint32_t xid)
{
	memset(p, 0, sizeof(*p));
	p->b[0] = 1;
	p->b[1] = 1;
	p->b[2] = 6;
	tp_put32(p, 4, xid);
	memcpy(p->b + TP_OFF_CHADDR, mac, 6);
	tp_put32(p, 236, 0x63825363u);
	p->len = TP_OFF_OPTS;
	if (type) {
		p->b[p->len++] = 53;
		p->b[p->len++] = 1;
		p->b[p->len++] = type;
	}
}

static inline void tp_opt(struct tpkt *p, uint8_t code, const void *v, size_t n)
{
	p->b[p->len++] = code;
	p->b[p->len++] = (uint8_t)n;
	memcpy(p->b + p->len, v, n);
	p->len += n;
}

static inline void tp_opt_str(struct tpkt *p, uint8_t code, const char *s) { tp_opt(p, code, s, strlen(s)); }

static inline void tp_opt_u32(struct tpkt *p, uint8_t code, uint32_t v)
{
	uint8_t b[4] = { (uint8_t)(v >> 24), (uint8_t)(v >> 16), (uint8_t)(v >> 8), (uint8_t)v };
	tp_opt(p, code, b, 4);
}

static inline void tp_opt_u16(struct tpkt *p, uint8_t code, uint16_t v)
{
	uint8_t b[2] = { (uint8_t)(v >> 8), (uint8_t)v };
	tp_opt(p, code, b, 2);
}

/* Ends the options and pads to the 300-byte BOOTP minimum, as clients do. */
static inline void tp_end(struct tpkt *p)
{
	p->b[p->len++] = 255;
	if (p->len < 300)
		p->len = 300;
}

static inline uint32_t tp_ip(int a, int b, int c, int d)
{
	return ((uint32_t)a << 24) | ((uint32_t)b << 16) | ((uint32_t)c << 8) | (uint32_t)d;
}
