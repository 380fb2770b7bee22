/* crypt(3) through libxcrypt for rootpw and grub legacy, and GRUB 2's
 * PBKDF2-HMAC-SHA512 (which libcrypt does not offer) with a small SHA-512
 * of our own (FIPS 180-4). */
#include "kickstart/ks_crypt.h"

#include <crypt.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

int ks_hash_password(const char *clear, enum ks_hash alg, const uint8_t *rnd, size_t rndlen,
		     char *out, size_t outlen)
{
	const char *prefix;
	switch (alg) {
	case KS_HASH_SHA512:
		prefix = "$6$";
		break;
	case KS_HASH_YESCRYPT:
		prefix = "$y$";
		break;
	case KS_HASH_MD5:
		prefix = "$1$";
		break;
	default:
		return -EINVAL;
	}
	if (!clear || !rnd || rndlen < 16)
		return -EINVAL;
	char *setting = crypt_gensalt_ra(prefix, 0, (const char *)rnd, (int)rndlen);
	if (!setting)
		return -EINVAL;
	struct crypt_data *data = calloc(1, sizeof(*data));
	if (!data) {
		free(setting);
		return -ENOMEM;
	}
	char *h = crypt_rn(clear, setting, data, (int)sizeof(*data));
	free(setting);
	int r = 0;
	if (!h || h[0] == '*')
		r = -EINVAL;
	else if (strlen(h) + 1 > outlen)
		r = -ERANGE;
	else
		memcpy(out, h, strlen(h) + 1);
	explicit_bzero(data, sizeof(*data));
	free(data);
	return r;
}

/* ---- SHA-512 -------------------------------------------------------------- */

static const uint64_t K[80] = {
	0x428a2f98d728ae22ull, 0x7137449123ef65cdull, 0xb5c0fbcfec4d3b2full, 0xe9b5dba58189dbbcull,
	0x3956c25bf348b538ull, 0x59f111f1b605d019ull, 0x923f82a4af194f9bull, 0xab1c5ed5da6d8118ull,
	0xd807aa98a3030242ull, 0x12835b0145706fbeull, 0x243185be4ee4b28cull, 0x550c7dc3d5ffb4e2ull,
	0x72be5d74f27b896full, 0x80deb1fe3b1696b1ull, 0x9bdc06a725c71235ull, 0xc19bf174cf692694ull,
	0xe49b69c19ef14ad2ull, 0xefbe4786384f25e3ull, 0x0fc19dc68b8cd5b5ull, 0x240ca1cc77ac9c65ull,
	0x2de92c6f592b0275ull, 0x4a7484aa6ea6e483ull, 0x5cb0a9dcbd41fbd4ull, 0x76f988da831153b5ull,
	0x983e5152ee66dfabull, 0xa831c66d2db43210ull, 0xb00327c898fb213full, 0xbf597fc7beef0ee4ull,
	0xc6e00bf33da88fc2ull, 0xd5a79147930aa725ull, 0x06ca6351e003826full, 0x142929670a0e6e70ull,
	0x27b70a8546d22ffcull, 0x2e1b21385c26c926ull, 0x4d2c6dfc5ac42aedull, 0x53380d139d95b3dfull,
	0x650a73548baf63deull, 0x766a0abb3c77b2a8ull, 0x81c2c92e47edaee6ull, 0x92722c851482353bull,
	0xa2bfe8a14cf10364ull, 0xa81a664bbc423001ull, 0xc24b8b70d0f89791ull, 0xc76c51a30654be30ull,
	0xd192e819d6ef5218ull, 0xd69906245565a910ull, 0xf40e35855771202aull, 0x106aa07032bbd1b8ull,
	0x19a4c116b8d2d0c8ull, 0x1e376c085141ab53ull, 0x2748774cdf8eeb99ull, 0x34b0bcb5e19b48a8ull,
	0x391c0cb3c5c95a63ull, 0x4ed8aa4ae3418acbull, 0x5b9cca4f7763e373ull, 0x682e6ff3d6b2b8a3ull,
	0x748f82ee5defb2fcull, 0x78a5636f43172f60ull, 0x84c87814a1f0ab72ull, 0x8cc702081a6439ecull,
	0x90befffa23631e28ull, 0xa4506cebde82bde9ull, 0xbef9a3f7b2c67915ull, 0xc67178f2e372532bull,
	0xca273eceea26619cull, 0xd186b8c721c0c207ull, 0xeada7dd6cde0eb1eull, 0xf57d4f7fee6ed178ull,
	0x06f067aa72176fbaull, 0x0a637dc5a2c898a6ull, 0x113f9804bef90daeull, 0x1b710b35131c471bull,
	0x28db77f523047d84ull, 0x32caab7b40c72493ull, 0x3c9ebe0a15c9bebcull, 0x431d67c49c100d4cull,
	0x4cc5d4becb3e42b6ull, 0x597f299cfc657e2aull, 0x5fcb6fab3ad6faecull, 0x6c44198c4a475817ull,
};

struct sha512 {
	uint64_t h[8];
	uint8_t buf[128];
	size_t n;
	uint64_t total;
};

static uint64_t ror(uint64_t x, unsigned n)
{
	return (x >> n) | (x << (64 - n));
}

static void sha512_block(struct sha512 *s, const uint8_t *p)
{
	uint64_t w[80];
	for (int i = 0; i < 16; i++) {
		w[i] = 0;
		for (int k = 0; k < 8; k++)
			w[i] = (w[i] << 8) | p[i * 8 + k];
	}
	for (int i = 16; i < 80; i++) {
		uint64_t s0 = ror(w[i - 15], 1) ^ ror(w[i - 15], 8) ^ (w[i - 15] >> 7);
		uint64_t s1 = ror(w[i - 2], 19) ^ ror(w[i - 2], 61) ^ (w[i - 2] >> 6);
		w[i] = w[i - 16] + s0 + w[i - 7] + s1;
	}
	uint64_t a = s->h[0], b = s->h[1], c = s->h[2], d = s->h[3];
	uint64_t e = s->h[4], f = s->h[5], g = s->h[6], h = s->h[7];
	for (int i = 0; i < 80; i++) {
		uint64_t S1 = ror(e, 14) ^ ror(e, 18) ^ ror(e, 41);
		uint64_t ch = (e & f) ^ (~e & g);
		uint64_t t1 = h + S1 + ch + K[i] + w[i];
		uint64_t S0 = ror(a, 28) ^ ror(a, 34) ^ ror(a, 39);
		uint64_t maj = (a & b) ^ (a & c) ^ (b & c);
		uint64_t t2 = S0 + maj;
		h = g, g = f, f = e, e = d + t1, d = c, c = b, b = a, a = t1 + t2;
	}
	s->h[0] += a, s->h[1] += b, s->h[2] += c, s->h[3] += d;
	s->h[4] += e, s->h[5] += f, s->h[6] += g, s->h[7] += h;
}

static void sha512_init(struct sha512 *s)
{
	static const uint64_t iv[8] = {
		0x6a09e667f3bcc908ull, 0xbb67ae8584caa73bull, 0x3c6ef372fe94f82bull, 0xa54ff53a5f1d36f1ull,
		0x510e527fade682d1ull, 0x9b05688c2b3e6c1full, 0x1f83d9abfb41bd6bull, 0x5be0cd19137e2179ull,
	};
	memcpy(s->h, iv, sizeof(iv));
	s->n = 0;
	s->total = 0;
}

static void sha512_update(struct sha512 *s, const void *data, size_t len)
{
	const uint8_t *p = data;
	s->total += len;
	while (len) {
		size_t take = 128 - s->n < len ? 128 - s->n : len;
		memcpy(s->buf + s->n, p, take);
		s->n += take;
		p += take;
		len -= take;
		if (s->n == 128) {
			sha512_block(s, s->buf);
			s->n = 0;
		}
	}
}

static void sha512_final(struct sha512 *s, uint8_t out[64])
{
	uint64_t bits = s->total * 8;
	uint8_t pad = 0x80;
	sha512_update(s, &pad, 1);
	uint8_t zero = 0;
	while (s->n != 112)
		sha512_update(s, &zero, 1);
	uint8_t len[16] = { 0 };
	for (int i = 0; i < 8; i++)
		len[15 - i] = (uint8_t)(bits >> (8 * i));
	sha512_update(s, len, 16);
	for (int i = 0; i < 8; i++)
		for (int k = 0; k < 8; k++)
			out[i * 8 + k] = (uint8_t)(s->h[i] >> (56 - 8 * k));
}

void ks_sha512(const void *data, size_t len, uint8_t out[64])
{
	struct sha512 s;
	sha512_init(&s);
	sha512_update(&s, data, len);
	sha512_final(&s, out);
}

/* HMAC with the inner and outer states precomputed once per key, so the
 * many PBKDF2 iterations only hash the 64-byte messages. */
struct hmac {
	struct sha512 inner, outer;
};

static void hmac_init(struct hmac *h, const void *key, size_t keylen)
{
	uint8_t k[128] = { 0 };
	if (keylen > 128)
		ks_sha512(key, keylen, k);
	else
		memcpy(k, key, keylen);
	uint8_t ipad[128], opad[128];
	for (int i = 0; i < 128; i++) {
		ipad[i] = k[i] ^ 0x36;
		opad[i] = k[i] ^ 0x5c;
	}
	sha512_init(&h->inner);
	sha512_update(&h->inner, ipad, 128);
	sha512_init(&h->outer);
	sha512_update(&h->outer, opad, 128);
	explicit_bzero(k, sizeof(k));
}

static void hmac_run(const struct hmac *h, const void *m1, size_t l1, const void *m2, size_t l2,
		     uint8_t out[64])
{
	struct sha512 s = h->inner;
	sha512_update(&s, m1, l1);
	if (l2)
		sha512_update(&s, m2, l2);
	uint8_t ih[64];
	sha512_final(&s, ih);
	s = h->outer;
	sha512_update(&s, ih, 64);
	sha512_final(&s, out);
}

void ks_pbkdf2_sha512(const void *pw, size_t pwlen, const void *salt, size_t saltlen,
		      unsigned iterations, uint8_t *out, size_t outlen)
{
	struct hmac h;
	hmac_init(&h, pw, pwlen);
	for (uint32_t block = 1; outlen; block++) {
		uint8_t ctr[4] = { (uint8_t)(block >> 24), (uint8_t)(block >> 16), (uint8_t)(block >> 8),
				   (uint8_t)block };
		uint8_t u[64], t[64];
		hmac_run(&h, salt, saltlen, ctr, 4, u);
		memcpy(t, u, 64);
		for (unsigned i = 1; i < iterations; i++) {
			hmac_run(&h, u, 64, NULL, 0, u);
			for (int k = 0; k < 64; k++)
				t[k] ^= u[k];
		}
		size_t take = outlen < 64 ? outlen : 64;
		memcpy(out, t, take);
		out += take;
		outlen -= take;
	}
	explicit_bzero(&h, sizeof(h));
}

int ks_grub2_pbkdf2(const char *clear, const uint8_t *salt, size_t saltlen, unsigned iterations,
		    char *out, size_t outlen)
{
	if (!clear || !salt || saltlen == 0 || saltlen > 64 || iterations == 0)
		return -EINVAL;
	uint8_t key[64];
	ks_pbkdf2_sha512(clear, strlen(clear), salt, saltlen, iterations, key, sizeof(key));
	int n = snprintf(out, outlen, "grub.pbkdf2.sha512.%u.", iterations);
	if (n < 0 || (size_t)n >= outlen)
		return -ERANGE;
	size_t k = (size_t)n;
	static const char hex[] = "0123456789ABCDEF";
	if (k + 2 * saltlen + 1 + 128 + 1 > outlen)
		return -ERANGE;
	for (size_t i = 0; i < saltlen; i++) {
		out[k++] = hex[salt[i] >> 4];
		out[k++] = hex[salt[i] & 15];
	}
	out[k++] = '.';
	for (size_t i = 0; i < 64; i++) {
		out[k++] = hex[key[i] >> 4];
		out[k++] = hex[key[i] & 15];
	}
	out[k] = 0;
	explicit_bzero(key, sizeof(key));
	return 0;
}
