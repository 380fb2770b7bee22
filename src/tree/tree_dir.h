/* A directory on disk as a tree (tree.h). Lookups go through openat2 with
 * RESOLVE_BENEATH from a descriptor of the top directory, so the kernel
 * itself keeps every path, symlinks included, inside the tree. */
#pragma once
#include <stddef.h>

#include "tree/tree.h"

/* root: an existing directory. On failure writes why into err. */
int tree_dir_open(const char *root, struct tree **ret, char *err, size_t errlen);
