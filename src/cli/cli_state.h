/* Where the store lives for a subcommand that reads or writes it, so the
 * CLI and a running `pxed serve` share one database. */
#pragma once

#include "conf/conf.h"

/* state_dir (--state-dir) when given; else the state directory of the
 * configuration file: config (--config) when given, else the default
 * /etc/pxed/pxed.conf when it exists; else /var/lib/pxed. Returns 0 with
 * a malloc'ed *ret, or -errno after printing why (prefixed by prog) to
 * stderr: a configuration named or present that does not load is an error,
 * not a reason to use another directory. */
int cli_state_dir(const char *prog, const char *state_dir, const char *config, char **ret);

/* The configuration the CLI reads: config (--config) when given, else the
 * default /etc/pxed/pxed.conf when it exists, else the built-in defaults.
 * Returns 0 with *ret filled (conf_free it), or -errno after printing why
 * it cannot tell `what` and which `flag` would give it directly. */
int cli_conf(const char *prog, const char *config, const char *what, const char *flag,
	     struct pxed_conf *ret);
