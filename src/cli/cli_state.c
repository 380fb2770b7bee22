#include "cli/cli_state.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "conf/conf.h"
#include "conf/conf_load.h"

static int dup_to(const char *prog, const char *dir, char **ret)
{
	char *d = strdup(dir);
	if (!d) {
		fprintf(stderr, "%s: out of memory\n", prog);
		return -ENOMEM;
	}
	*ret = d;
	return 0;
}

int cli_conf(const char *prog, const char *config, const char *what, const char *flag,
	     struct pxed_conf *ret)
{
	if (!config && access(CONF_DEFAULT_PATH, F_OK) != 0) {
		conf_init(ret);
		return 0;
	}
	const char *path = config ? config : CONF_DEFAULT_PATH;
	int r = conf_load_file(path, ret, stderr);
	if (r < 0)
		fprintf(stderr, "%s: cannot tell %s: %s does not load (give %s, or fix the file)\n",
			prog, what, path, flag);
	return r;
}

int cli_state_dir(const char *prog, const char *state_dir, const char *config, char **ret)
{
	if (state_dir)
		return dup_to(prog, state_dir, ret);
	struct pxed_conf conf;
	int r = cli_conf(prog, config, "the state directory", "--state-dir DIR", &conf);
	if (r < 0)
		return r;
	r = dup_to(prog, conf.state_dir ? conf.state_dir : CONF_DEFAULT_STATE_DIR, ret);
	conf_free(&conf);
	return r;
}
