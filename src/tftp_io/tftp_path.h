/* The file name of a TFTP request turned into a path relative to the TFTP
 * root, before any provider sees it. PURE (no file system access): the
 * disk provider still resolves the result with the kernel's confinement
 * (symlinks are its business), this only decides what a name means.
 *
 *  - '\' is '/' (Windows-style clients and configs);
 *  - a leading '/' (or several), or the root's own absolute path followed by
 *    '/', maps into the root, as tftp-hpa's -s (chroot) does;
 *  - "." components are dropped;
 *  - refused with -EACCES: a ".." component (an attempt to leave the root);
 *  - refused with -EINVAL: empty components ("a//b", a trailing '/'), NUL
 *    and other control bytes, an empty name, the root itself;
 *  - refused with -ENAMETOOLONG: a component over 255 bytes, or a result
 *    that does not fit TFTP_PATH_MAX. */
#pragma once
#include <stddef.h>

#define TFTP_PATH_MAX 1024
#define TFTP_COMP_MAX 255

/* name/len: the bytes of the request (not necessarily NUL-terminated).
 * root: the configured root (absolute, maybe with trailing '/'), or NULL.
 * out: at least TFTP_PATH_MAX bytes; written only on success. */
int tftp_path_normalize(const char *name, size_t len, const char *root, char *out, size_t outlen);
