/* pxed host import and pxed host export (host_import.c); argv[0] is the
 * subcommand's name. Exit status as the other subcommands. */
#pragma once
int cli_host_import(int argc, char **argv);
int cli_host_export(int argc, char **argv);
