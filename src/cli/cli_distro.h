/* `pxed distro import|list|show|remove` (see cli.h for exit codes). */
#pragma once
int cmd_distro_import(int argc, char **argv);
