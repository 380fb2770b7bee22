/* Where a permitted WRQ writes: a new file in the upload directory. The
 * data goes to a temporary name in the target's directory and is renamed
 * into place only when the transfer completed, never over an existing file,
 * so a half-written upload is never visible under its real name. Symlinks
 * are not followed anywhere below the upload directory. */
#pragma once
#include <stddef.h>
#include <stdint.h>

struct tftp_upload;

/* path: normalised (tftp_path_normalize), relative to dir. Its directories
 * must exist. Returns 0, -EEXIST when the file exists, -ENOENT/-ENOTDIR for
 * a missing directory, -ELOOP for a symlink on the way, or another errno. */
int tftp_upload_open(const char *dir, const char *path, struct tftp_upload **ret);

/* pwrite at off; 0 or a negative errno. */
int tftp_upload_write(struct tftp_upload *u, uint64_t off, const void *buf, size_t len);

/* Renames the finished file into place and frees u (also on failure, after
 * removing the temporary file). 0, -EEXIST if the name appeared meanwhile,
 * or another errno. */
int tftp_upload_commit(struct tftp_upload *u);

/* Removes the temporary file and frees u. NULL-tolerant. */
void tftp_upload_discard(struct tftp_upload *u);
