/* Subcommands other than `serve`. Each returns the process exit code:
 * 0 success, 1 the input was invalid / the operation failed, 2 usage error. */
#pragma once
int cmd_check_config(int argc, char **argv);
int cmd_import_dhcpd(int argc, char **argv);
int cmd_leases(int argc, char **argv);
int cmd_ks(int argc, char **argv);
int cmd_profile(int argc, char **argv);
int cmd_host(int argc, char **argv);
int cmd_status(int argc, char **argv);
int cmd_distro(int argc, char **argv);
int cmd_boot_files(int argc, char **argv);
