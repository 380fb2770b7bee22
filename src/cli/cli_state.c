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

int cli_state_dir(const char *prog, const char *state_dir, const char *config, char **ret)
{
	if (state_dir)
		return dup_to(prog, state_dir, ret);
	if (!config && access(CONF_DEFAULT_PATH, F_OK) != 0)
		return dup_to(prog, CONF_DEFAULT_STATE_DIR, ret);
	const char *path = config ? config : CONF_DEFAULT_PATH;
	struct pxed_conf conf;
	int r = conf_load_file(path, &conf, stderr);
	if (r < 0) {
		fprintf(stderr, "%s: cannot tell the state directory: %s does not load "
				"(give --state-dir DIR, or fix the file)\n",
			prog, path);
		return r;
	}
	r = dup_to(prog, conf.state_dir ? conf.state_dir : CONF_DEFAULT_STATE_DIR, ret);
	conf_free(&conf);
	return r;
}
