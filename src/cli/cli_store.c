#include "cli/cli_store.h"

#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>

#include "cli/cli_state.h"
#include "conf/conf_load.h"

bool cli_store_opt(struct cli_store_opts *o, int c, const char *arg)
{
	if (c == CLI_OPT_STATE_DIR)
		o->state_dir = arg;
	else if (c == CLI_OPT_CONFIG)
		o->config = arg;
	else
		return false;
	return true;
}

int cli_store_open(const char *prog, const struct cli_store_opts *o, struct store **ret)
{
	char *dir;
	int r = cli_state_dir(prog, o->state_dir, o->config, &dir);
	if (r < 0)
		return r;
	char err[1024];
	r = store_open(dir, ret, err, sizeof(err));
	if (r < 0)
		fprintf(stderr, "%s: %s\n", prog, err);
	free(dir);
	return r;
}

int cli_http_port(const char *prog, const struct cli_store_opts *o, uint16_t *ret)
{
	/* the configuration cli_state_dir reads: --config, else the default
	 * file when there is one */
	const char *path = o->config;
	if (!path && access(CONF_DEFAULT_PATH, F_OK) == 0)
		path = CONF_DEFAULT_PATH;
	if (!path) {
		*ret = CONF_DEFAULT_HTTP_PORT;
		return 0;
	}
	struct pxed_conf c;
	int r = conf_load_file(path, &c, stderr);
	if (r < 0) {
		fprintf(stderr, "%s: %s: configuration is not valid (give --http-port N, or fix the"
				" file)\n",
			prog, path);
		return r;
	}
	*ret = c.http.port ? c.http.port : CONF_DEFAULT_HTTP_PORT;
	conf_free(&c);
	return 0;
}
