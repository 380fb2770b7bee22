/* The provisioning catalog in the store: distros (install trees imported
 * from an ISO or a directory), profiles (a distro + a kickstart template +
 * kernel arguments), hosts (known by up to STORE_HOST_MACS MACs and an
 * optional SMBIOS UUID, each with a profile, a netboot flag and an install
 * token) and each host's timeline of install phases.
 *
 * Records are plain structs with fixed-size strings so they can be copied
 * and kept without ownership rules; the one unbounded field, a profile's
 * kickstart template, is heap-allocated and released by
 * store_profile_clear(). Functions return 0 or a negative errno with
 * store_errmsg() saying why: -ENOENT no such record, -EEXIST a name, MAC,
 * IP or UUID already taken, -EBUSY (removal) the record is still in use,
 * -EINVAL a field the schema would reject. */
#pragma once
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "store.h"

#define STORE_NAME_MAX 64	/* distro, profile names: [A-Za-z0-9._-]{1,63} */
#define STORE_HOSTNAME_MAX 254	/* a DNS name, RFC 1035 */
#define STORE_PATH_MAX 1024
#define STORE_HOST_MACS 8
#define STORE_UUID_LEN 36	/* canonical 8-4-4-4-12 lower-case hex */
#define STORE_TOKEN_LEN 32	/* hex of 16 random bytes */
#define STORE_DETAIL_MAX 256

enum store_source_kind {
	STORE_SOURCE_ISO = 1, /* source is an ISO 9660 image file, served without mounting */
	STORE_SOURCE_DIR = 2, /* source is a directory holding the tree */
};

struct store_distro {
	int64_t id;
	char name[STORE_NAME_MAX];
	char family[32];  /* from .treeinfo: "rocky", "centos", "rhel", "almalinux", "fedora" */
	char version[32]; /* "9.4", "7.9.2009", "40" */
	int major;	  /* 6, 7, 8, 9, 10; Fedora's release number */
	char arch[16];	  /* "x86_64", "aarch64" */
	char source[STORE_PATH_MAX]; /* absolute path of the ISO file or the directory */
	enum store_source_kind source_kind;
	char kernel[STORE_PATH_MAX]; /* path inside the tree: "images/pxeboot/vmlinuz" */
	char initrd[STORE_PATH_MAX];
	int64_t created; /* unix seconds */
};

struct store_profile {
	int64_t id;
	char name[STORE_NAME_MAX];
	int64_t distro_id;
	char *kickstart; /* the template's text (owned; store_profile_clear frees it) */
	char kickstart_path[STORE_PATH_MAX]; /* where it was read from, for display */
	char kernel_args[STORE_PATH_MAX];
	int64_t created;
};

/* Where a host is in its install. Stored as the number; the names are what
 * the CLI prints and the API returns (store_phase_name). Append only. */
enum store_phase {
	STORE_PHASE_NEW = 0,	    /* declared, not seen yet */
	STORE_PHASE_DHCP = 1,	    /* got a lease / PXE offer */
	STORE_PHASE_BOOTLOADER = 2, /* fetched its boot program (pxelinux.0, grubx64.efi, ...) */
	STORE_PHASE_BOOTCONFIG = 3, /* fetched its boot menu / config / iPXE script */
	STORE_PHASE_KERNEL = 4,
	STORE_PHASE_INITRD = 5,
	STORE_PHASE_KICKSTART = 6, /* fetched its rendered kickstart */
	STORE_PHASE_TREE = 7,	   /* fetched the tree's metadata (.treeinfo, repomd.xml) */
	STORE_PHASE_PRE = 8,	   /* %pre callback: the installer is running */
	STORE_PHASE_POST = 9,	   /* %post callback: installed, about to reboot */
	STORE_PHASE_DONE = 10,	   /* reported done: netboot cleared */
	STORE_PHASE_FAILED = 11,   /* reported or detected failure; last_error says why */
	STORE_PHASE_LOCALBOOT = 12, /* booted again and was sent to its local disk */
	STORE_PHASE__COUNT
};
const char *store_phase_name(enum store_phase p);
/* -EINVAL for an unknown name. */
int store_phase_from_name(const char *name, enum store_phase *ret);

struct store_host {
	int64_t id;
	char hostname[STORE_HOSTNAME_MAX];
	uint32_t ip; /* host byte order; 0 = none (dynamic from a pool) */
	char uuid[STORE_UUID_LEN + 1]; /* "" = none */
	int64_t profile_id;
	uint8_t macs[STORE_HOST_MACS][6];
	size_t n_macs; /* at least 1 */
	bool netboot;  /* true: the next PXE boot installs; false: boot from local disk */
	char token[STORE_TOKEN_LEN + 1]; /* authorises the host's callbacks */
	enum store_phase phase;
	int64_t phase_since_ms; /* unix milliseconds */
	char last_error[STORE_DETAIL_MAX];
	int64_t created;
};

struct store_event {
	int64_t id;
	int64_t host_id;
	int64_t at_ms; /* unix milliseconds */
	enum store_phase phase;
	char detail[STORE_DETAIL_MAX]; /* "pxelinux.0 over tftp from 198.18.0.10", error text ... */
};

/* Distros. add sets d->id and d->created. */
int store_distro_add(struct store *s, struct store_distro *d);
int store_distro_get(struct store *s, const char *name, struct store_distro *ret);
int store_distro_get_id(struct store *s, int64_t id, struct store_distro *ret);
int store_distro_foreach(struct store *s, int (*cb)(void *ctx, const struct store_distro *d),
			 void *ctx);
int store_distro_remove(struct store *s, const char *name);

/* Profiles. get/foreach fill a record whose kickstart the caller (get) or
 * the store after the callback (foreach) frees. update replaces every field
 * but id and created. */
int store_profile_add(struct store *s, struct store_profile *p);
int store_profile_get(struct store *s, const char *name, struct store_profile *ret);
int store_profile_get_id(struct store *s, int64_t id, struct store_profile *ret);
int store_profile_update(struct store *s, const struct store_profile *p);
int store_profile_foreach(struct store *s, int (*cb)(void *ctx, const struct store_profile *p),
			  void *ctx);
int store_profile_remove(struct store *s, const char *name);
void store_profile_clear(struct store_profile *p);

/* Hosts. add generates the token when h->token is empty and sets id and
 * created; update replaces hostname, ip, uuid, profile, MACs and netboot. */
int store_host_add(struct store *s, struct store_host *h);
int store_host_get(struct store *s, const char *hostname, struct store_host *ret);
int store_host_get_id(struct store *s, int64_t id, struct store_host *ret);
int store_host_get_mac(struct store *s, const uint8_t mac[6], struct store_host *ret);
int store_host_get_uuid(struct store *s, const char *uuid, struct store_host *ret);
int store_host_update(struct store *s, const struct store_host *h);
int store_host_foreach(struct store *s, int (*cb)(void *ctx, const struct store_host *h),
		       void *ctx);
int store_host_remove(struct store *s, const char *hostname);
int store_host_set_netboot(struct store *s, int64_t host_id, bool netboot);

/* Appends an event to the host's timeline and makes its phase the host's
 * current phase (a FAILED event also sets last_error to its detail). */
int store_event_add(struct store *s, struct store_event *e);
/* The host's events, oldest first. */
int store_event_foreach(struct store *s, int64_t host_id,
			int (*cb)(void *ctx, const struct store_event *e), void *ctx);

/* Changes whenever another connection (the CLI, or the daemon) commits a
 * change: the daemon polls it to reload its in-memory view of the catalog
 * without a restart (PRAGMA data_version). */
int store_data_version(struct store *s, int64_t *ret);
