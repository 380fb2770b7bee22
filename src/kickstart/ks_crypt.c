/* crypt(3) through libxcrypt for rootpw and grub legacy, and GRUB 2's
 * PBKDF2-HMAC-SHA512 (which libcrypt does not offer) through nettle. */
#include "kickstart/ks_crypt.h"

#include <crypt.h>
#include <errno.h>
#include <nettle/pbkdf2.h>
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

int ks_grub2_pbkdf2(const char *clear, const uint8_t *salt, size_t saltlen, unsigned iterations,
		    char *out, size_t outlen)
{
	if (!clear || !salt || saltlen == 0 || saltlen > 64 || iterations == 0)
		return -EINVAL;
	uint8_t key[64];
	pbkdf2_hmac_sha512(strlen(clear), (const uint8_t *)clear, iterations, saltlen, salt, sizeof(key), key);
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
