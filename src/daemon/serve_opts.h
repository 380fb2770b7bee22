/* `pxed serve` command line: either a config file, or quick-start flags
 * from which a complete configuration is derived (subnet, netmask,
 * next-server and router from the interface). */
#pragma once
#include <stdbool.h>
#include <stdio.h>

#include "conf/conf.h"

struct serve_opts {
	const char *config;      /* --config FILE */
	bool config_given;
	const char *interfaces[16];
	int ninterfaces;
	const char *dhcp_range;  /* START,END */
	bool proxy;
	const char *tftp_root;
	bool tftp_only;          /* --tftp-only: TFTP alone, no DHCP, no store */
	const char *tftp_addresses[16];
	int ntftp_addresses;
	int tftp_port;           /* -1 = unset */
	const char *http_root;
	int http_port;           /* -1 = unset */
	const char *state_dir;
	const char *boot_files[BOOT_ARCH_COUNT];
	const char *user;
	const char *log_level;
	bool syslog;
	const char *dns[8];
	int ndns;
	const char *domain;
	const char *lease_time;
};

/* Parses argv (after "serve"). Returns 0, 1 when --help was printed, or
 * -EINVAL after printing the problem to `errs`. */
int serve_opts_parse(int argc, char **argv, struct serve_opts *ret, FILE *errs);
void serve_usage(FILE *out);

/* Builds the configuration: loads the file when one is given (flags then
 * override its top-level settings) or derives it from the flags. Returns 0 or
 * -EINVAL after printing every problem to errs. */
int serve_opts_to_conf(const struct serve_opts *o, struct pxed_conf *ret, FILE *errs);
