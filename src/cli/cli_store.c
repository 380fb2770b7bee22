#include "cli/cli_store.h"

#include <stdio.h>

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

/* The configuration named by --config, or the defaults. */
static int load_conf(const char *prog, const struct cli_store_opts *o, struct pxed_conf *c)
{
	if (!o->config) {
		conf_init(c);
		return 0;
	}
	int r = conf_load_file(o->config, c, stderr);
	if (r < 0)
		fprintf(stderr, "%s: %s: configuration is not valid\n", prog, o->config);
	return r;
}

int cli_store_open(const char *prog, const struct cli_store_opts *o, struct store **ret)
{
	struct pxed_conf c;
	const char *dir = o->state_dir;
	bool loaded = false;
	if (!dir) {
		int r = load_conf(prog, o, &c);
		if (r < 0)
			return r;
		loaded = true;
		dir = c.state_dir ? c.state_dir : CONF_DEFAULT_STATE_DIR;
	}
	char err[512];
	int r = store_open(dir, ret, err, sizeof(err));
	if (r < 0)
		fprintf(stderr, "%s: %s\n", prog, err);
	if (loaded)
		conf_free(&c);
	return r;
}

int cli_http_port(const char *prog, const struct cli_store_opts *o, uint16_t *ret)
{
	struct pxed_conf c;
	int r = load_conf(prog, o, &c);
	if (r < 0)
		return r;
	*ret = c.http.port ? c.http.port : CONF_DEFAULT_HTTP_PORT;
	conf_free(&c);
	return 0;
}
