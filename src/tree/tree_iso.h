/* An ISO 9660 image file as a tree (tree.h), read without mounting it.
 *
 * Opening reads the image's whole directory hierarchy once, through libcdio
 * (libiso9660), into an in-memory index (iso_index.h); after that, opening
 * or listing a path is a binary search per component and does no I/O. A
 * file is handed out as the image's own descriptor plus the byte offset of
 * its extent, so it is served with pread or sendfile like a plain file. */
#pragma once
#include <stddef.h>

#include "tree/iso_index.h"
#include "tree/tree.h"

/* path: an ISO 9660 image file. On failure writes why into err ("not an
 * ISO 9660 image", a limit, an I/O error), naming the file. */
int tree_iso_open(const char *path, struct tree **ret, char *err, size_t errlen);

/* The index behind an ISO tree (counts, where the names came from, the
 * problems found while reading it), or NULL for another kind of tree. */
const struct iso_index *tree_iso_index(const struct tree *t);
