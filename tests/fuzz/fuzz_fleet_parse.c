/* pxed-fleet's readers of server answers (bench/fleet/fleet_parse.h) over
 * any bytes: a boot entry, repositories, a callback, a response head or a
 * clean error; every field NUL-terminated inside its buffer. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "fleet_parse.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static void terminated(const char *s, size_t cap)
{
	if (!memchr(s, '\0', cap))
		abort();
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	const char *t = (const char *)data;
	static struct fleet_boot b;
	if (fleet_pxelinux_parse(t, size, &b) == 0) {
		terminated(b.kernel, sizeof(b.kernel));
		terminated(b.initrd, sizeof(b.initrd));
		terminated(b.append, sizeof(b.append));
		char v[FLEET_PATH_MAX];
		struct fleet_url u;
		if (fleet_karg(b.append, "inst.ks", v, sizeof(v)) == 0 && fleet_url_parse(v, &u) == 0 &&
		    (u.path[0] != '/' || !u.port))
			abort();
	}
	char repos[FLEET_REPOS_MAX][FLEET_REPO_MAX];
	size_t n = fleet_treeinfo_repos(t, size, repos, FLEET_REPOS_MAX);
	if (n < 1 || n > FLEET_REPOS_MAX)
		abort();
	for (size_t i = 0; i < n; i++)
		terminated(repos[i], FLEET_REPO_MAX);
	char tok[64], url[FLEET_PATH_MAX];
	if (fleet_ks_callback(t, size, tok, sizeof(tok), url, sizeof(url)) == 0 && strncmp(url, "http://", 7) != 0)
		abort();
	struct fleet_http_head h;
	if (fleet_http_head_parse(t, size, &h) == 0 && (h.status < 100 || h.status > 999 || h.content_length < -1))
		abort();
	return 0;
}
