#include "str.h"

#include <errno.h>
#include <stdio.h>
#include <string.h>

int str_to_int64(const char *s, int64_t min, int64_t max, int64_t *ret)
{
	if (!s || !*s)
		return -EINVAL;
	const char *p = s;
	bool neg = false;
	if (*p == '-') {
		if (min >= 0)
			return -EINVAL;
		neg = true;
		p++;
	} else if (*p == '+') {
		p++;
	}
	if (*p < '0' || *p > '9')
		return -EINVAL;
	uint64_t v = 0;
	for (; *p; p++) {
		if (*p < '0' || *p > '9')
			return -EINVAL;
		unsigned d = (unsigned)(*p - '0');
		if (v > (UINT64_MAX - d) / 10)
			return -ERANGE;
		v = v * 10 + d;
	}
	if (!neg && v > (uint64_t)INT64_MAX)
		return -ERANGE;
	if (neg && v > (uint64_t)INT64_MAX + 1)
		return -ERANGE;
	int64_t r = neg ? (int64_t)(0 - v) : (int64_t)v;
	if (r < min || r > max)
		return -ERANGE;
	*ret = r;
	return 0;
}

int str_to_duration(const char *s, uint32_t *ret)
{
	if (!s || !*s)
		return -EINVAL;
	if (strcmp(s, "infinite") == 0) {
		*ret = UINT32_MAX;
		return 0;
	}
	char num[24];
	size_t n = strlen(s);
	uint64_t mult = 1;
	char last = s[n - 1];
	if (last == 's' || last == 'm' || last == 'h' || last == 'd' || last == 'w') {
		mult = last == 's' ? 1 : last == 'm' ? 60 : last == 'h' ? 3600 : last == 'd' ? 86400 : 604800;
		n--;
	}
	if (n == 0 || n >= sizeof(num))
		return -EINVAL;
	memcpy(num, s, n);
	num[n] = 0;
	int64_t v;
	int r = str_to_int64(num, 0, UINT32_MAX, &v);
	if (r < 0)
		return r;
	if ((uint64_t)v * mult >= UINT32_MAX)
		return -ERANGE;
	*ret = (uint32_t)((uint64_t)v * mult);
	return 0;
}

int str_to_ipv4(const char *s, uint32_t *ret)
{
	if (!s)
		return -EINVAL;
	uint32_t a = 0;
	int parts = 0;
	const char *p = s;
	while (parts < 4) {
		if (*p < '0' || *p > '9')
			return -EINVAL;
		unsigned v = 0, digits = 0;
		while (*p >= '0' && *p <= '9') {
			v = v * 10 + (unsigned)(*p - '0');
			if (++digits > 3 || v > 255)
				return -EINVAL;
			p++;
		}
		a = (a << 8) | v;
		parts++;
		if (parts < 4) {
			if (*p != '.')
				return -EINVAL;
			p++;
		}
	}
	if (*p)
		return -EINVAL;
	*ret = a;
	return 0;
}

uint32_t ipv4_prefix_to_mask(int prefix)
{
	if (prefix <= 0)
		return 0;
	if (prefix >= 32)
		return 0xffffffffu;
	return 0xffffffffu << (32 - prefix);
}

int ipv4_mask_to_prefix(uint32_t mask)
{
	int n = 0;
	while (n < 32 && (mask & (0x80000000u >> n)))
		n++;
	if (ipv4_prefix_to_mask(n) != mask)
		return -EINVAL;
	return n;
}

int str_to_ipv4_prefix(const char *s, uint32_t *ret_addr, uint32_t *ret_mask)
{
	char buf[32];
	if (!s || str_copy(buf, sizeof(buf), s) < 0)
		return -EINVAL;
	char *slash = strchr(buf, '/');
	uint32_t mask = 0xffffffffu;
	if (slash) {
		*slash = 0;
		int64_t pl;
		if (str_to_int64(slash + 1, 0, 32, &pl) < 0)
			return -EINVAL;
		mask = ipv4_prefix_to_mask((int)pl);
	}
	uint32_t a;
	if (str_to_ipv4(buf, &a) < 0)
		return -EINVAL;
	*ret_addr = a;
	*ret_mask = mask;
	return 0;
}

int str_hex_digit(char c)
{
	if (c >= '0' && c <= '9')
		return c - '0';
	if (c >= 'a' && c <= 'f')
		return c - 'a' + 10;
	if (c >= 'A' && c <= 'F')
		return c - 'A' + 10;
	return -1;
}

int str_to_mac(const char *s, uint8_t ret[6])
{
	if (!s || strlen(s) != 17)
		return -EINVAL;
	uint8_t m[6];
	char sep = s[2];
	if (sep != ':' && sep != '-')
		return -EINVAL;
	for (int i = 0; i < 6; i++) {
		int hi = str_hex_digit(s[i * 3]), lo = str_hex_digit(s[i * 3 + 1]);
		if (hi < 0 || lo < 0)
			return -EINVAL;
		if (i < 5 && s[i * 3 + 2] != sep)
			return -EINVAL;
		m[i] = (uint8_t)(hi << 4 | lo);
	}
	memcpy(ret, m, 6);
	return 0;
}

const char *ipv4_to_str(uint32_t a, char buf[IPV4_STRLEN])
{
	snprintf(buf, IPV4_STRLEN, "%u.%u.%u.%u", a >> 24, (a >> 16) & 255, (a >> 8) & 255, a & 255);
	return buf;
}

const char *mac_to_str(const uint8_t m[6], char buf[MAC_STRLEN])
{
	snprintf(buf, MAC_STRLEN, "%02x:%02x:%02x:%02x:%02x:%02x", m[0], m[1], m[2], m[3], m[4], m[5]);
	return buf;
}

void str_escape(char *dst, size_t dstlen, const void *src, size_t srclen)
{
	static const char hex[] = "0123456789abcdef";
	const uint8_t *s = src;
	size_t o = 0;
	if (dstlen == 0)
		return;
	for (size_t i = 0; i < srclen; i++) {
		uint8_t c = s[i];
		if (c >= 0x20 && c < 0x7f && c != '\\') {
			if (o + 1 >= dstlen)
				break;
			dst[o++] = (char)c;
		} else {
			if (o + 4 >= dstlen)
				break;
			dst[o++] = '\\';
			dst[o++] = 'x';
			dst[o++] = hex[c >> 4];
			dst[o++] = hex[c & 15];
		}
	}
	dst[o] = 0;
}

int str_copy(char *dst, size_t dstlen, const char *src)
{
	size_t n = strlen(src);
	if (dstlen == 0)
		return -ENAMETOOLONG;
	if (n >= dstlen) {
		memcpy(dst, src, dstlen - 1);
		dst[dstlen - 1] = 0;
		return -ENAMETOOLONG;
	}
	memcpy(dst, src, n + 1);
	return 0;
}
