#include "provision/catalog.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>

struct mac_ref {
	uint8_t mac[6];
	size_t host;
};

struct catalog {
	struct store_distro *distros;
	struct store_profile *profiles;
	struct store_host *hosts;
	size_t nd, np, nh, capd, capp, caph;
	struct mac_ref *macs; /* sorted by MAC */
	size_t nmacs;
};

struct catalog *catalog_new(void)
{
	return calloc(1, sizeof(struct catalog));
}

struct catalog *catalog_free(struct catalog *c)
{
	if (!c)
		return NULL;
	for (size_t i = 0; i < c->np; i++)
		free(c->profiles[i].kickstart);
	free(c->distros);
	free(c->profiles);
	free(c->hosts);
	free(c->macs);
	free(c);
	return NULL;
}

/* Makes room for one more element of size sz in *v (n used, *cap slots). */
static int reserve(void *v, size_t n, size_t *cap, size_t sz)
{
	if (n < *cap)
		return 0;
	size_t ncap = *cap ? *cap * 2 : 16;
	void **pp = v;
	void *nv = realloc(*pp, ncap * sz);
	if (!nv)
		return -ENOMEM;
	*pp = nv;
	*cap = ncap;
	return 0;
}

int catalog_add_distro(struct catalog *c, const struct store_distro *d)
{
	if (reserve(&c->distros, c->nd, &c->capd, sizeof(*d)) < 0)
		return -ENOMEM;
	c->distros[c->nd++] = *d;
	return 0;
}

int catalog_add_profile(struct catalog *c, const struct store_profile *p)
{
	if (reserve(&c->profiles, c->np, &c->capp, sizeof(*p)) < 0)
		return -ENOMEM;
	char *ks = strdup(p->kickstart ? p->kickstart : "");
	if (!ks)
		return -ENOMEM;
	c->profiles[c->np] = *p;
	c->profiles[c->np++].kickstart = ks;
	return 0;
}

int catalog_add_host(struct catalog *c, const struct store_host *h)
{
	if (h->n_macs > STORE_HOST_MACS)
		return -EINVAL;
	if (reserve(&c->hosts, c->nh, &c->caph, sizeof(*h)) < 0)
		return -ENOMEM;
	c->hosts[c->nh++] = *h;
	return 0;
}

static int cmp_distro(const void *a, const void *b)
{
	int64_t x = ((const struct store_distro *)a)->id, y = ((const struct store_distro *)b)->id;
	return (x > y) - (x < y);
}

static int cmp_profile(const void *a, const void *b)
{
	int64_t x = ((const struct store_profile *)a)->id, y = ((const struct store_profile *)b)->id;
	return (x > y) - (x < y);
}

static int cmp_host(const void *a, const void *b)
{
	int64_t x = ((const struct store_host *)a)->id, y = ((const struct store_host *)b)->id;
	return (x > y) - (x < y);
}

static int cmp_mac(const void *a, const void *b)
{
	return memcmp(((const struct mac_ref *)a)->mac, ((const struct mac_ref *)b)->mac, 6);
}

int catalog_seal(struct catalog *c)
{
	/* qsort and bsearch want a real array even for zero elements */
	if (c->nd)
		qsort(c->distros, c->nd, sizeof(*c->distros), cmp_distro);
	if (c->np)
		qsort(c->profiles, c->np, sizeof(*c->profiles), cmp_profile);
	if (c->nh)
		qsort(c->hosts, c->nh, sizeof(*c->hosts), cmp_host);
	size_t n = 0;
	for (size_t i = 0; i < c->nh; i++)
		n += c->hosts[i].n_macs;
	free(c->macs);
	c->macs = calloc(n ? n : 1, sizeof(*c->macs));
	if (!c->macs)
		return -ENOMEM;
	c->nmacs = 0;
	for (size_t i = 0; i < c->nh; i++)
		for (size_t k = 0; k < c->hosts[i].n_macs; k++) {
			memcpy(c->macs[c->nmacs].mac, c->hosts[i].macs[k], 6);
			c->macs[c->nmacs++].host = i;
		}
	if (c->nmacs)
		qsort(c->macs, c->nmacs, sizeof(*c->macs), cmp_mac);
	return 0;
}

size_t catalog_n_distros(const struct catalog *c) { return c->nd; }
size_t catalog_n_profiles(const struct catalog *c) { return c->np; }
size_t catalog_n_hosts(const struct catalog *c) { return c->nh; }

const struct store_distro *catalog_distro_at(const struct catalog *c, size_t i)
{
	return i < c->nd ? &c->distros[i] : NULL;
}

const struct store_profile *catalog_profile_at(const struct catalog *c, size_t i)
{
	return i < c->np ? &c->profiles[i] : NULL;
}

const struct store_host *catalog_host_at(const struct catalog *c, size_t i)
{
	return i < c->nh ? &c->hosts[i] : NULL;
}

const struct store_distro *catalog_distro_by_id(const struct catalog *c, int64_t id)
{
	struct store_distro key = { .id = id };
	return c->nd ? bsearch(&key, c->distros, c->nd, sizeof(key), cmp_distro) : NULL;
}

const struct store_profile *catalog_profile_by_id(const struct catalog *c, int64_t id)
{
	struct store_profile key = { .id = id };
	return c->np ? bsearch(&key, c->profiles, c->np, sizeof(key), cmp_profile) : NULL;
}

const struct store_host *catalog_host_by_id(const struct catalog *c, int64_t id)
{
	struct store_host key = { .id = id };
	return c->nh ? bsearch(&key, c->hosts, c->nh, sizeof(key), cmp_host) : NULL;
}

/* Names are looked up by the CLI-facing paths (a few per install), so a
 * scan is cheaper than keeping another index in step. */
const struct store_distro *catalog_distro_by_name(const struct catalog *c, const char *name)
{
	for (size_t i = 0; i < c->nd; i++)
		if (!strcmp(c->distros[i].name, name))
			return &c->distros[i];
	return NULL;
}

const struct store_profile *catalog_profile_by_name(const struct catalog *c, const char *name)
{
	for (size_t i = 0; i < c->np; i++)
		if (!strcmp(c->profiles[i].name, name))
			return &c->profiles[i];
	return NULL;
}

struct store_host *catalog_host_by_id_mut(struct catalog *c, int64_t id)
{
	struct store_host key = { .id = id };
	return c->nh ? bsearch(&key, c->hosts, c->nh, sizeof(key), cmp_host) : NULL;
}

const struct store_host *catalog_host_by_name(const struct catalog *c, const char *hostname)
{
	for (size_t i = 0; i < c->nh; i++)
		if (!strcasecmp(c->hosts[i].hostname, hostname))
			return &c->hosts[i];
	return NULL;
}

const struct store_host *catalog_host_by_uuid(const struct catalog *c, const char *uuid)
{
	if (!uuid || !*uuid)
		return NULL;
	for (size_t i = 0; i < c->nh; i++)
		if (!strcasecmp(c->hosts[i].uuid, uuid))
			return &c->hosts[i];
	return NULL;
}

const struct store_host *catalog_host_by_mac(const struct catalog *c, const uint8_t mac[6])
{
	struct mac_ref key;
	memcpy(key.mac, mac, 6);
	const struct mac_ref *r = bsearch(&key, c->macs, c->nmacs, sizeof(key), cmp_mac);
	return r ? &c->hosts[r->host] : NULL;
}

const struct store_profile *catalog_host_profile(const struct catalog *c, const struct store_host *h)
{
	return h ? catalog_profile_by_id(c, h->profile_id) : NULL;
}

const struct store_distro *catalog_profile_distro(const struct catalog *c,
						  const struct store_profile *p)
{
	return p ? catalog_distro_by_id(c, p->distro_id) : NULL;
}
