/* Internals shared by the provisioning shell's files. */
#pragma once
#include <stdbool.h>
#include <stdint.h>

#include "boot/boot.h"
#include "prov_io/prov_io.h"
#include "provision/catalog.h"
#include "store/store_catalog.h"
#include "tree/tree.h"

/* One distro's tree as TFTP reads it (HTTP has its own, owned by its mount). */
struct prov_tree {
	int64_t distro_id;
	char name[STORE_NAME_MAX];
	char source[STORE_PATH_MAX];
	struct tree *tree;
};

/* Which host an address or a MAC belongs to, learnt at run time: an
 * address from DHCP and from requests that name a MAC (files fetched by
 * address are charged to that host); a MAC the catalog does not list from
 * a DHCP client the core knew by its UUID (a host with a new NIC). */
struct prov_seen {
	uint8_t key[6]; /* an IPv4 address (4 bytes, network order) or a MAC */
	uint8_t len;
	int64_t host_id;
};

struct prov_pending {
	struct store_event ev;
};

struct prov_io {
	const struct pxed_conf *conf;
	struct loop *loop;
	struct store *store;
	struct dhcp_io *dhcp;
	struct tftp_io *tftp;
	struct http_io *http;
	struct catalog *cat;
	int64_t data_version;
	struct loop_timer *poll;
	struct loop_timer *flush;
	struct prov_tree *trees;
	size_t ntrees;
	char **mounted; /* distro names mounted on HTTP */
	size_t nmounted;
	struct prov_seen *seen;
	size_t nseen, capseen;
	struct prov_pending *pending;
	size_t npending, cappending;
	struct pxed_conf dhcp_view; /* conf + the catalog's hosts, for the DHCP core */
	struct conf_host *view_hosts;
	size_t view_nhosts, view_nconf;
	struct boot_distro *bdistros;
	struct boot_profile *bprofiles;
	size_t nbprofiles;
};

/* prov_io.c */
void prov_record(struct prov_io *p, const struct store_host *h, enum store_phase phase,
		 const char *detail);
void prov_learn_addr(struct prov_io *p, uint32_t ip, int64_t host_id);
const struct store_host *prov_host_by_addr(struct prov_io *p, uint32_t ip);
/* The catalog's host with this MAC, else the one it was learnt for. */
const struct store_host *prov_host_by_mac(struct prov_io *p, const uint8_t mac[6]);
int prov_flush(struct prov_io *p);
/* The boot context for a client that reached us at local_ip. */
void prov_boot_ctx(struct prov_io *p, uint32_t local_ip, struct boot_ctx *ctx);
/* The generated boot config served as `name` to a client that reached us
 * at local_ip (boot_render_dup's result): -ENOENT when it is no generated
 * name, or a menu while the catalog has no profile (the operator's own
 * file, if any, is served then). */
int prov_render_config(struct prov_io *p, const char *name, uint32_t local_ip, char **text, size_t *len);
/* What fetching served name `name` (relative, no leading '/') tells about
 * the host: a phase, or -1. */
int prov_phase_of(struct prov_io *p, const struct store_host *h, const char *name);
const struct prov_tree *prov_tree_of(struct prov_io *p, const char *name, const char **rest);

/* A menu is generated only while the catalog has profiles to offer: until
 * then an operator's own pxelinux.cfg/default or grub.cfg in the root is
 * what clients get. */
bool prov_is_menu_name(const char *name);
const struct store_host *prov_host_for(struct prov_io *p, const char *name, uint32_t client_ip);
void prov_track_fetch(struct prov_io *p, const char *name, uint32_t client_ip, const char *proto);

/* prov_tftp.c */
struct tftp_provider *prov_tftp_provider(struct prov_io *p);

/* prov_http.c */
int prov_http_start(struct prov_io *p);
void prov_http_sync_mounts(struct prov_io *p);
