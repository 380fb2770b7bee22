/* --state-dir DIR and --config FILE, shared by every command that opens the
 * store: the state directory is --state-dir, else the configuration file's
 * state_dir (--config, else /etc/pxed/pxed.conf when it exists), else
 * /var/lib/pxed (cli_state.h decides). */
#pragma once
#include <stdbool.h>
#include <stdint.h>

#include "conf/conf.h"
#include "store/store.h"

/* getopt_long codes of the two options (outside any short option's range) */
enum {
	CLI_OPT_STATE_DIR = 0x100,
	CLI_OPT_CONFIG,
};

#define CLI_STORE_LONGOPTS                                                   \
	{ "state-dir", required_argument, NULL, CLI_OPT_STATE_DIR },         \
	{ "config", required_argument, NULL, CLI_OPT_CONFIG }

#define CLI_STORE_USAGE                                                                   \
	"      --state-dir DIR    the store's directory (default: the configuration's\n"   \
	"                         state_dir, else " CONF_DEFAULT_STATE_DIR ")\n"             \
	"      --config FILE      the configuration (default " CONF_DEFAULT_PATH " if present)\n"

struct cli_store_opts {
	const char *state_dir;
	const char *config;
};

/* Takes the option if c is one of the two: true when it was. */
bool cli_store_opt(struct cli_store_opts *o, int c, const char *arg);
/* Opens the store; problems (configuration errors as FILE:LINE:COL, the
 * store's message) are printed as "PROG: ...". 0 or a negative errno. */
int cli_store_open(const char *prog, const struct cli_store_opts *o, struct store **ret);
/* The HTTP port pxed serves on: the configuration's (--config, else the
 * default file when present), else 8080. 0 or a negative errno (the
 * configuration did not load). */
int cli_http_port(const char *prog, const struct cli_store_opts *o, uint16_t *ret);
