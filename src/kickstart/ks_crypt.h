/* Password hashes for kickstart files, so that no password is written in
 * clear: crypt(3) SHA-512 ("$6$") or yescrypt ("$y$") for rootpw, MD5 crypt
 * for RHEL6's grub (bootloader --md5pass), and GRUB 2's PBKDF2-SHA512 form
 * ("grub.pbkdf2.sha512.10000.SALT.HASH", bootloader --iscrypted --password)
 * for RHEL7 and later. Salt randomness comes from the caller (the core does
 * no I/O); at least 16 bytes, 64 for GRUB 2. */
#pragma once
#include <stddef.h>
#include <stdint.h>

enum ks_hash {
	KS_HASH_SHA512,   /* $6$ */
	KS_HASH_YESCRYPT, /* $y$ */
	KS_HASH_MD5,      /* $1$ (grub legacy only) */
};

/* Returns 0 and the hash in out, -EINVAL (bad arguments, unsupported
 * method) or -ERANGE (out too small). */
int ks_hash_password(const char *clear, enum ks_hash alg, const uint8_t *rnd, size_t rndlen,
		     char *out, size_t outlen);

/* "grub.pbkdf2.sha512.<iterations>.<SALT hex>.<HASH hex>" as
 * grub2-mkpasswd-pbkdf2 writes it (64-byte salt and key, upper-case hex). */
int ks_grub2_pbkdf2(const char *clear, const uint8_t *salt, size_t saltlen, unsigned iterations,
		    char *out, size_t outlen);
