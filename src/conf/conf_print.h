/* Prints a configuration as canonical pxed.conf YAML: every setting, in
 * the order docs/pxed.conf.md documents, durations in their largest exact
 * unit, options under their typed key when pxed knows one and the bytes are
 * in that type's form, else under options: as {hex: ...}. conf_load parses
 * the output back to an equal configuration, and printing that again gives
 * the same text. Returns 0, or -EIO when writing failed. */
#pragma once
#include <stdio.h>

#include "conf/conf.h"

int conf_print(const struct pxed_conf *c, FILE *out);
