/* Media types by file name (the last extension, ignoring case). PURE.
 * .treeinfo / .discinfo (and the same names without the dot) are text;
 * anything unknown is application/octet-stream. */
#pragma once

const char *http_mime_type(const char *path);
