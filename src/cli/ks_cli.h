/* Shared by the `pxed ks` subcommands (ks.c, ks_new.c). */
#pragma once
#include <stddef.h>

/* Reads a whole file ("-" = standard input) into a malloc'd buffer. */
int ks_cli_read_file(const char *path, char **data, size_t *len);
/* pxed ks new ... (argv[0] is "new") */
int ks_cli_new(int argc, char **argv);
/* pxed ks render ... (argv[0] is "render"; ks_render.c) */
int ks_cli_render(int argc, char **argv);
