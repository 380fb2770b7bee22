#include "cli/cli_store.h"

#include <stdio.h>
#include <stdlib.h>

#include "cli/cli_state.h"

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
	struct pxed_conf c;
	int r = cli_conf(prog, o->config, "the HTTP port", "--http-port N", &c);
	if (r < 0)
		return r;
	*ret = c.http.port ? c.http.port : CONF_DEFAULT_HTTP_PORT;
	conf_free(&c);
	return 0;
}
