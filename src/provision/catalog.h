/* The daemon's in-memory view of the provisioning catalog: every distro,
 * profile and host of the store, indexed for the lookups a request makes
 * (host by MAC, by UUID, by name, by id; profile and distro by id and name).
 * Built whole from store records and replaced whole when the store changes,
 * so a request never sees half an edit and never waits for SQLite. Pure. */
#pragma once
#include <stddef.h>
#include <stdint.h>

#include "store/store_catalog.h"

struct catalog;

struct catalog *catalog_new(void);
struct catalog *catalog_free(struct catalog *c);

/* Copies the record (a profile's kickstart text too). -ENOMEM. */
int catalog_add_distro(struct catalog *c, const struct store_distro *d);
int catalog_add_profile(struct catalog *c, const struct store_profile *p);
int catalog_add_host(struct catalog *c, const struct store_host *h);
/* Builds the indexes; lookups are valid only after it. */
int catalog_seal(struct catalog *c);

size_t catalog_n_distros(const struct catalog *c);
size_t catalog_n_profiles(const struct catalog *c);
size_t catalog_n_hosts(const struct catalog *c);
/* By position, in id order: for listings. */
const struct store_distro *catalog_distro_at(const struct catalog *c, size_t i);
const struct store_profile *catalog_profile_at(const struct catalog *c, size_t i);
const struct store_host *catalog_host_at(const struct catalog *c, size_t i);

/* NULL when unknown. */
const struct store_distro *catalog_distro_by_id(const struct catalog *c, int64_t id);
const struct store_distro *catalog_distro_by_name(const struct catalog *c, const char *name);
const struct store_profile *catalog_profile_by_id(const struct catalog *c, int64_t id);
const struct store_profile *catalog_profile_by_name(const struct catalog *c, const char *name);
const struct store_host *catalog_host_by_id(const struct catalog *c, int64_t id);
const struct store_host *catalog_host_by_name(const struct catalog *c, const char *hostname);
const struct store_host *catalog_host_by_mac(const struct catalog *c, const uint8_t mac[6]);
const struct store_host *catalog_host_by_uuid(const struct catalog *c, const char *uuid);
/* The tracker keeps the view's phase and netboot flag current between
 * reloads (its own writes do not make the store look changed). */
struct store_host *catalog_host_by_id_mut(struct catalog *c, int64_t id);
/* A host's profile and that profile's distro, or NULL. */
const struct store_profile *catalog_host_profile(const struct catalog *c, const struct store_host *h);
const struct store_distro *catalog_profile_distro(const struct catalog *c,
						  const struct store_profile *p);
