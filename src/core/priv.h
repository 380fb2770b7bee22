/* Dropping root once the privileged ports and raw sockets are open. */
#pragma once
#include <stddef.h>
#include <stdint.h>
#include <sys/types.h>

/* Resolves `user`; on success fills uid/gid. -ENOENT if no such user. */
int priv_lookup_user(const char *user, uid_t *ret_uid, gid_t *ret_gid);

/* Gives `path` (a directory, and the files directly in it) to uid:gid so
 * the daemon can still write its state after dropping root. */
int priv_chown_tree(const char *path, uid_t uid, gid_t gid);

/* setgroups + setresgid + setresuid, then no_new_privs; verifies that root
 * cannot be regained. On failure writes why into err. */
int priv_drop(uid_t uid, gid_t gid, char *err, size_t errlen);

/* Raises the soft open-file limit toward want (the hard limit caps it;
 * raising the hard limit needs root, so this runs before the drop).
 * Returns the soft limit in force afterwards, or want when it is unknown. */
uint64_t priv_raise_nofile(uint64_t want);
