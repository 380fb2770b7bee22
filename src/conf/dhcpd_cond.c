#include "conf/dhcpd_cond.h"

#include <string.h>

#include "conf/conf_opt.h"
#include "core/str.h"

struct cparse {
	dhcpd_code_fn code_of;
	const void *ctx;
	const struct dstmt *s;
	size_t i, end;
};

static int arch_from_code(unsigned v)
{
	switch (v) {
	case 0: return BOOT_ARCH_BIOS;
	case 6: return BOOT_ARCH_EFI_IA32;
	case 7:
	case 9: return BOOT_ARCH_EFI_X64;
	case 10: return BOOT_ARCH_EFI_ARM32;
	case 11: return BOOT_ARCH_EFI_ARM64;
	case 15: return BOOT_ARCH_HTTP_IA32;
	case 16: return BOOT_ARCH_HTTP_X64;
	case 18: return BOOT_ARCH_HTTP_ARM32;
	case 19: return BOOT_ARCH_HTTP_ARM64;
	default: return -1;
	}
}

/* An operand that names what is compared: option 93, 60 or 77 (possibly
 * through substring(option X, 0, N)). Returns the code or -1. */
static int subject(struct cparse *cp)
{
	const struct dstmt *s = cp->s;
	if (dstmt_is(s, cp->i, "substring") && dstmt_punct(s, cp->i + 1, '(')) {
		cp->i += 2;
		int code = subject(cp);
		/* ", 0, N )" */
		if (code < 0 || !dstmt_punct(s, cp->i, ',') || !dstmt_is(s, cp->i + 1, "0") ||
		    !dstmt_punct(s, cp->i + 2, ',') || !dstmt_word(s, cp->i + 3) || !dstmt_punct(s, cp->i + 4, ')'))
			return -1;
		cp->i += 5;
		return code;
	}
	if (dstmt_is(s, cp->i, "option") && dstmt_word(s, cp->i + 1)) {
		int code = cp->code_of(cp->ctx, s->tok[cp->i + 1].text);
		if (code < 0)
			return -1;
		cp->i += 2;
		return code;
	}
	return -1;
}

/* "PXEClient:Arch:00007:UNDI:003016" and friends (RFC 4578 section 2.1). */
static struct dhcpd_cond vendor_class_cond(const char *v)
{
	struct dhcpd_cond c = { .kind = DC_UNKNOWN };
	bool pxe = !strncmp(v, "PXEClient", 9), http = !strncmp(v, "HTTPClient", 10);
	if (!pxe && !http)
		return c;
	const char *rest = v + (pxe ? 9 : 10);
	if (!*rest) {
		c.kind = DC_SET;
		c.archs = pxe ? DHCPD_ARCH_ALL & ~DHCPD_ARCH_HTTP : DHCPD_ARCH_HTTP;
		c.broad = true;
		return c;
	}
	if (strncmp(rest, ":Arch:", 6) != 0)
		return c;
	char digits[6] = { 0 };
	memcpy(digits, rest + 6, strnlen(rest + 6, 5));
	int64_t n;
	if (strlen(digits) != 5 || str_to_int64(digits, 0, 65535, &n) < 0)
		return c;
	int a = arch_from_code((unsigned)n);
	if (a < 0)
		return c;
	c.kind = DC_SET;
	c.archs = DHCPD_ARCH_BIT(a);
	return c;
}

static struct dhcpd_cond compare(int code, const struct dtok *lit)
{
	struct dhcpd_cond c = { .kind = DC_UNKNOWN };
	if (code == 93) {
		uint8_t b[4];
		size_t n;
		int64_t v = -1;
		if (lit->kind == DT_WORD && strchr(lit->text, ':') &&
		    conf_parse_hex(lit->text, b, sizeof(b), &n) == 0 && n == 2)
			v = b[0] << 8 | b[1];
		else if (lit->kind == DT_WORD && str_to_int64(lit->text, 0, 65535, &v) < 0)
			v = -1;
		int a = v >= 0 ? arch_from_code((unsigned)v) : -1;
		if (a >= 0) {
			c.kind = DC_SET;
			c.archs = DHCPD_ARCH_BIT(a);
		}
	} else if (code == 60 && lit->kind == DT_STRING && !memchr(lit->text, 0, lit->len)) {
		c = vendor_class_cond(lit->text);
	} else if (code == 77 && lit->kind == DT_STRING &&
		   (!strcmp(lit->text, "iPXE") || !strcmp(lit->text, "gPXE"))) {
		c.kind = DC_SET;
		c.archs = DHCPD_ARCH_BIT(BOOT_ARCH_IPXE);
	}
	return c;
}

struct dhcpd_cond dhcpd_cond_and(struct dhcpd_cond a, struct dhcpd_cond b)
{
	if (a.kind == DC_UNKNOWN || b.kind == DC_UNKNOWN)
		return (struct dhcpd_cond){ .kind = DC_UNKNOWN };
	if (a.kind == DC_TRUE)
		return b;
	if (b.kind == DC_TRUE)
		return a;
	return (struct dhcpd_cond){ .kind = DC_SET, .archs = a.archs & b.archs, .broad = a.broad && b.broad };
}

static struct dhcpd_cond c_or(struct dhcpd_cond a, struct dhcpd_cond b)
{
	if (a.kind == DC_UNKNOWN || b.kind == DC_UNKNOWN)
		return (struct dhcpd_cond){ .kind = DC_UNKNOWN };
	if (a.kind == DC_TRUE || b.kind == DC_TRUE)
		return (struct dhcpd_cond){ .kind = DC_TRUE };
	return (struct dhcpd_cond){ .kind = DC_SET, .archs = a.archs | b.archs, .broad = a.broad || b.broad };
}

static struct dhcpd_cond c_not(struct dhcpd_cond a)
{
	if (a.kind != DC_SET)
		return (struct dhcpd_cond){ .kind = DC_UNKNOWN };
	return (struct dhcpd_cond){ .kind = DC_SET, .archs = DHCPD_ARCH_ALL & ~a.archs, .broad = true };
}

static struct dhcpd_cond cexpr(struct cparse *cp, int depth);

static struct dhcpd_cond cprim(struct cparse *cp, int depth)
{
	const struct dstmt *s = cp->s;
	struct dhcpd_cond unknown = { .kind = DC_UNKNOWN };
	if (depth > 16 || cp->i >= cp->end)
		return unknown;
	if (dstmt_punct(s, cp->i, '(')) {
		cp->i++;
		struct dhcpd_cond c = cexpr(cp, depth + 1);
		if (!dstmt_punct(s, cp->i, ')'))
			return unknown;
		cp->i++;
		return c;
	}
	if (dstmt_is(s, cp->i, "not") || dstmt_punct(s, cp->i, '!')) {
		cp->i++;
		return c_not(cprim(cp, depth + 1));
	}
	if (dstmt_is(s, cp->i, "exists") && dstmt_word(s, cp->i + 1)) {
		const char *name = s->tok[cp->i + 1].text;
		cp->i += 2;
		if (!strncmp(name, "ipxe.", 5))
			return (struct dhcpd_cond){ .kind = DC_SET, .archs = DHCPD_ARCH_BIT(BOOT_ARCH_IPXE) };
		/* "exists user-class and option user-class = ..." guards */
		return (struct dhcpd_cond){ .kind = DC_TRUE };
	}
	int code = subject(cp);
	if (code < 0)
		return unknown;
	bool neg = false;
	if (dstmt_punct(s, cp->i, '!') && dstmt_punct(s, cp->i + 1, '=')) {
		neg = true;
		cp->i += 2;
	} else if (dstmt_punct(s, cp->i, '=')) {
		cp->i++;
	} else {
		return unknown;
	}
	if (cp->i >= cp->end || s->tok[cp->i].kind == DT_PUNCT)
		return unknown;
	struct dhcpd_cond c = compare(code, &s->tok[cp->i++]);
	return neg ? c_not(c) : c;
}

static struct dhcpd_cond cexpr(struct cparse *cp, int depth)
{
	struct dhcpd_cond c = cprim(cp, depth);
	while (cp->i < cp->end) {
		if (dstmt_is(cp->s, cp->i, "and")) {
			cp->i++;
			c = dhcpd_cond_and(c, cprim(cp, depth));
		} else if (dstmt_is(cp->s, cp->i, "or")) {
			cp->i++;
			c = c_or(c, cprim(cp, depth));
		} else {
			break;
		}
	}
	return c;
}

struct dhcpd_cond dhcpd_cond_parse(const struct dstmt *s, size_t first, dhcpd_code_fn code_of, const void *ctx)
{
	struct cparse cp = { .code_of = code_of, .ctx = ctx, .s = s, .i = first, .end = s->ntok };
	struct dhcpd_cond c = cexpr(&cp, 0);
	if (cp.i != cp.end)
		return (struct dhcpd_cond){ .kind = DC_UNKNOWN };
	if (c.kind == DC_TRUE)
		return (struct dhcpd_cond){ .kind = DC_SET, .archs = DHCPD_ARCH_ALL, .broad = true };
	return c;
}
