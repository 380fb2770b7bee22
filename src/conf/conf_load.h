/* Loads pxed.conf (YAML, schema in docs/pxed.conf.md) into the config
 * model. Every problem is printed to `errs` as
 *   FILE:LINE:COL: error: dhcp.subnets[0].ranges[1]: 198.18.1.5 is outside subnet 198.18.0.0/24
 * (1-based line and column), YAML syntax errors included; unknown keys are
 * errors. Loading does not stop at the first problem: all of them are
 * reported, then conf_check() runs on the result.
 *
 * On success *ret is overwritten with the new configuration (defaults
 * from conf_init() for what the file leaves out) and 0 is returned; its
 * previous contents are not looked at, so pass an unused struct or one
 * already given to conf_free() (a reload loads into a new struct and swaps).
 * On failure *ret is untouched and -EINVAL is returned (-ENOMEM, the
 * negative errno of a file that cannot be read, -EFBIG over
 * CONF_MAX_FILE_SIZE). Warnings are printed but do not fail the load. */
#pragma once
#include <stddef.h>
#include <stdio.h>

#include "conf/conf.h"

#define CONF_MAX_FILE_SIZE (16u << 20)

int conf_load_file(const char *path, struct pxed_conf *ret, FILE *errs);
/* `name` is used as the file name in messages and as ret->path. */
int conf_load_string(const char *name, const char *text, size_t len, struct pxed_conf *ret, FILE *errs);

/* Reads a whole file of at most CONF_MAX_FILE_SIZE bytes into a malloc'ed
 * buffer (shared with the importer); problems are printed to errs. */
int conf_read_file(const char *path, char **ret, size_t *ret_len, FILE *errs);
