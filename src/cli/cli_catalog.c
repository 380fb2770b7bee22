#include "cli/cli_catalog.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/random.h>
#include <time.h>

#include "cli/ks_cli.h"
#include "provision/host_key.h"
#include "provision/ks_template.h"

int cli_host_find(const char *prog, struct store *s, const char *key, struct store_host *ret)
{
	struct host_key k;
	host_key_parse(key, &k);
	int r;
	if (k.kind == HOST_KEY_MAC)
		r = store_host_get_mac(s, k.mac, ret);
	else if (k.kind == HOST_KEY_UUID)
		r = store_host_get_uuid(s, key, ret);
	else
		r = store_host_get(s, key, ret);
	if (r >= 0)
		return r;
	char why[512];
	snprintf(why, sizeof(why), "%s", store_errmsg(s));
	/* "aa-bb-cc-dd-ee-ff" is also a legal host name */
	if (r == -ENOENT && k.kind != HOST_KEY_HOSTNAME && store_host_get(s, key, ret) == 0)
		return 0;
	fprintf(stderr, "%s: %s\n", prog, why);
	return r;
}

int cli_host_profile(const char *prog, struct store *s, const struct store_host *h,
		     struct store_profile *ret_profile, struct store_distro *ret_distro)
{
	struct store_profile p;
	int r = store_profile_get_id(s, h->profile_id, &p);
	if (r >= 0) {
		r = store_distro_get_id(s, p.distro_id, ret_distro);
		if (r < 0)
			store_profile_clear(&p);
	}
	if (r < 0) {
		fprintf(stderr, "%s: host %s: %s\n", prog, h->hostname, store_errmsg(s));
		return r;
	}
	*ret_profile = p;
	return 0;
}

int cli_random(void *ctx, uint8_t *buf, size_t len)
{
	(void)ctx;
	size_t got = 0;
	while (got < len) {
		ssize_t n = getrandom(buf + got, len - got, 0);
		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0)
			return -errno;
		got += (size_t)n;
	}
	return 0;
}

int cli_template_read(const char *prog, const char *path, const struct store_distro *d,
		      char **text, unsigned *hashed)
{
	char *data;
	size_t len;
	int r = ks_cli_read_file(path, &data, &len);
	if (r < 0) {
		fprintf(stderr, "%s: %s: cannot read the kickstart template: %s\n", prog, path,
			strerror(-r));
		return r;
	}
	if (memchr(data, '\0', len)) {
		fprintf(stderr, "%s: %s: a kickstart template is text, this file holds NUL bytes\n",
			prog, path);
		free(data);
		return -EINVAL;
	}
	enum ks_version v;
	r = ks_template_version(d->family, d->major, &v);
	if (r < 0) {
		fprintf(stderr, "%s: distro %s: no kickstart version for %s %d\n", prog, d->name,
			d->family, d->major);
		free(data);
		return r;
	}
	unsigned n = 0;
	r = ks_template_hash_passwords(data, len, v, cli_random, NULL, text, &len, &n);
	free(data);
	if (r < 0) {
		fprintf(stderr, "%s: %s: cannot hash its passwords: %s\n", prog, path, strerror(-r));
		return r;
	}
	if (hashed)
		*hashed = n;
	return 0;
}

int cli_template_check(const char *name, const char *text, const char *profile,
		       const struct store_distro *d)
{
	struct ks_vars v;
	ks_vars_sample(&v, profile, d->name);
	char *out = NULL, *err = NULL;
	size_t n;
	int r = ks_template_build(name, text, strlen(text), &v, d->family, d->major, &out, &n, &err);
	if (r < 0)
		fprintf(stderr, "%s\n", err ? err : strerror(-r));
	free(out);
	free(err);
	return r;
}

int64_t cli_now_ms(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_REALTIME, &ts);
	return (int64_t)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

void cli_duration(char *buf, size_t size, int64_t ms)
{
	if (ms < 0)
		ms = 0;
	int64_t s = ms / 1000;
	if (s < 60)
		snprintf(buf, size, "%llds", (long long)s);
	else if (s < 3600)
		snprintf(buf, size, "%lldm%02llds", (long long)(s / 60), (long long)(s % 60));
	else if (s < 86400)
		snprintf(buf, size, "%lldh%02lldm", (long long)(s / 3600), (long long)(s % 3600 / 60));
	else
		snprintf(buf, size, "%lldd%02lldh", (long long)(s / 86400), (long long)(s % 86400 / 3600));
}

static int add_profile_name(void *ctx, const struct store_profile *p)
{
	struct cli_profile_names *pn = ctx;
	void *nv = realloc(pn->v, (pn->n + 1) * sizeof(*pn->v));
	if (!nv)
		return -ENOMEM;
	pn->v = nv;
	pn->v[pn->n].id = p->id;
	memcpy(pn->v[pn->n].name, p->name, sizeof(p->name));
	pn->n++;
	return 0;
}

int cli_profile_names_load(const char *prog, struct store *s, struct cli_profile_names *ret)
{
	struct cli_profile_names pn = { 0 };
	int r = store_profile_foreach(s, add_profile_name, &pn);
	if (r < 0) {
		fprintf(stderr, "%s: %s\n", prog, r == -ENOMEM ? "out of memory" : store_errmsg(s));
		cli_profile_names_free(&pn);
		return r;
	}
	*ret = pn;
	return 0;
}

const char *cli_profile_name(const struct cli_profile_names *pn, int64_t id)
{
	for (size_t i = 0; i < pn->n; i++)
		if (pn->v[i].id == id)
			return pn->v[i].name;
	return "?";
}

void cli_profile_names_free(struct cli_profile_names *pn)
{
	free(pn->v);
	pn->v = NULL;
	pn->n = 0;
}

int cli_sub_find(const char *prog, int argc, char **argv, const struct cli_sub *subs, size_t n,
		 void (*usage)(FILE *out), int *rc)
{
	*rc = 2;
	if (argc < 2) {
		usage(stderr);
		return -1;
	}
	const char *sub = argv[1];
	if (strcmp(sub, "--help") == 0 || strcmp(sub, "-h") == 0 || strcmp(sub, "help") == 0) {
		usage(stdout);
		*rc = 0;
		return -1;
	}
	for (size_t i = 0; i < n; i++)
		if (strcmp(subs[i].name, sub) == 0)
			return (int)i;
	fprintf(stderr, "%s: unknown subcommand '%s'\n", prog, sub);
	usage(stderr);
	return -1;
}
