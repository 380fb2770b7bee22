/* Generating kickstart files: a settings struct that covers every page of
 * system-config-kickstart (basic configuration, installation method, boot
 * loader, partitions with LVM/RAID/autopart, network devices with bonds and
 * VLANs, authentication, firewall and SELinux, display, packages, %pre and
 * %post scripts) plus what current kickstarts use routinely (ignoredisk,
 * services), written as version-correct text commented by section.
 *
 * Whatever ks_gen writes passes ks_check for its version, and
 * ks_gen_read() turns a parsed file back into settings, so that
 * write -> parse -> read gives the same settings.
 *
 * Passwords are never written in clear: settings carry crypt(3) hashes
 * (ks_crypt.h makes them). Pure: no I/O. */
#pragma once
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "kickstart/ks_parse.h"
#include "kickstart/ks_schema.h"

struct ks_strv {
	char **v;
	size_t n;
};

enum ks_method {
	KS_METHOD_NONE = 0, /* no installation source line (boot media default) */
	KS_METHOD_CDROM,
	KS_METHOD_URL,      /* HTTP, HTTPS or FTP */
	KS_METHOD_NFS,
	KS_METHOD_HARDDRIVE,
};

enum ks_finish {
	KS_FINISH_NONE = 0, /* wait for the user at the end */
	KS_FINISH_REBOOT,
	KS_FINISH_POWEROFF,
	KS_FINISH_HALT,
	KS_FINISH_SHUTDOWN,
};

enum ks_display {
	KS_DISPLAY_DEFAULT = 0,
	KS_DISPLAY_TEXT,
	KS_DISPLAY_GRAPHICAL,
	KS_DISPLAY_CMDLINE,
};

enum ks_clearpart {
	KS_CLEAR_UNSET = 0, /* no clearpart line */
	KS_CLEAR_ALL,
	KS_CLEAR_LINUX,
	KS_CLEAR_NONE,
};

enum ks_tristate {
	KS_UNSET = 0,
	KS_ON,
	KS_OFF,
};

enum ks_selinux {
	KS_SELINUX_UNSET = 0,
	KS_SELINUX_ENFORCING,
	KS_SELINUX_PERMISSIVE,
	KS_SELINUX_DISABLED,
};

enum ks_firstboot {
	KS_FIRSTBOOT_UNSET = 0,
	KS_FIRSTBOOT_ENABLE,
	KS_FIRSTBOOT_DISABLE,
	KS_FIRSTBOOT_RECONFIG,
};

/* part/partition */
struct ks_gen_part {
	char *mnt;        /* "/", "/boot", "swap", "pv.01", "raid.01", "biosboot" */
	char *fstype;     /* NULL = installer default */
	int64_t size;     /* MiB; 0 = none given (only with recommended) */
	bool grow;
	int64_t maxsize;  /* MiB, 0 = none */
	bool recommended; /* swap: size chosen by the installer */
	char *ondisk;     /* NULL = any disk */
	bool asprimary;
};

struct ks_gen_vg {
	char *name;
	struct ks_strv pvs;  /* "pv.01", ... */
	int64_t pesize;      /* KiB, 0 = default */
};

struct ks_gen_lv {
	char *mnt;
	char *vg;
	char *name;
	char *fstype;
	int64_t size;        /* MiB (required from RHEL7 on, so always written) */
	bool grow;
	int64_t maxsize;
};

struct ks_gen_raid {
	char *mnt;
	char *device;        /* "md0" */
	int level;           /* 0, 1, 4, 5, 6, 10 */
	struct ks_strv members; /* "raid.01", ... */
	char *fstype;
	int spares;
};

struct ks_gen_net {
	char *device;        /* "eth0", "bond0", or a VLAN's parent device */
	bool dhcp;           /* else static */
	char *ip, *netmask, *gateway;
	char *nameserver;    /* comma-separated */
	enum ks_tristate onboot;
	bool activate;
	bool noipv6;
	char *hostname;
	char *bondslaves;    /* "eth1,eth2": this is a bond */
	char *bondopts;      /* "mode=active-backup,miimon=100" */
	int vlanid;          /* > 0: a VLAN on `device` */
	char *interfacename; /* VLAN interface name ("vlan10"), RHEL7+ */
};

struct ks_gen_script {
	char *interpreter;   /* NULL = /bin/sh */
	bool nochroot;       /* %post only */
	char *log;
	bool erroronfail;
	char *body;          /* the script text */
};

struct ks_settings {
	enum ks_version version;

	/* basic configuration */
	char *lang;
	char *keyboard;
	char *timezone;
	bool utc;
	char *rootpw_hash;       /* crypt(3) hash */
	bool rootpw_lock;
	enum ks_finish finish;
	enum ks_display display;

	/* installation method */
	enum ks_method method;
	char *url;               /* KS_METHOD_URL */
	char *proxy;
	char *nfs_server, *nfs_dir, *nfs_opts;
	char *hd_partition, *hd_dir;

	/* boot loader */
	bool bootloader;         /* write a bootloader line */
	char *bl_location;       /* mbr, partition, none, boot; NULL = default */
	char *bl_append;         /* kernel arguments */
	char *bl_driveorder;
	char *bl_password_hash;  /* RHEL6: MD5 crypt ($1$); RHEL7+: grub.pbkdf2.sha512... */

	/* partitions */
	bool zerombr;
	enum ks_clearpart clearpart;
	bool initlabel;
	char *clear_drives;      /* comma-separated */
	char *ignoredisk_only;   /* comma-separated */
	bool autopart;
	char *autopart_type;     /* lvm, plain, thinp (RHEL7+) */
	struct ks_gen_part *parts;
	size_t nparts;
	struct ks_gen_vg *vgs;
	size_t nvgs;
	struct ks_gen_lv *lvs;
	size_t nlvs;
	struct ks_gen_raid *raids;
	size_t nraids;

	/* network */
	struct ks_gen_net *nets;
	size_t nnets;

	/* authentication: authconfig arguments on RHEL6/7 ("--enableshadow
	 * --passalgo=sha512"), authselect arguments on RHEL8+ ("select sssd") */
	char *auth;

	/* firewall and SELinux */
	enum ks_tristate firewall;
	struct ks_strv fw_services;  /* ssh, http, ... */
	struct ks_strv fw_ports;     /* "1029:tcp" */
	struct ks_strv fw_trust;     /* trusted devices */
	enum ks_selinux selinux;

	/* display */
	enum ks_tristate xorg;       /* ON: xconfig; OFF: skipx */
	bool startxonboot;
	char *defaultdesktop;        /* RHEL6: GNOME, KDE */
	enum ks_firstboot firstboot;

	/* services */
	struct ks_strv svc_enabled, svc_disabled;

	/* packages */
	bool packages;               /* write a %packages section */
	char *environment;           /* @^name (RHEL7+) */
	struct ks_strv groups;       /* without '@' */
	struct ks_strv pkgs;
	struct ks_strv excludes;     /* without '-' */
	bool ignoremissing;

	/* scripts */
	struct ks_gen_script *pre;
	size_t npre;
	struct ks_gen_script *post;
	size_t npost;
};

/* Defaults a new file starts from: en_US.UTF-8, us keyboard, UTC, reboot,
 * text mode, SELinux enforcing, firewall on with ssh, clearpart --all
 * --initlabel, zerombr, autopart, @core. */
void ks_settings_defaults(struct ks_settings *s, enum ks_version v);
void ks_settings_free(struct ks_settings *s);
/* Deep equality (what a round trip must preserve). */
bool ks_settings_equal(const struct ks_settings *a, const struct ks_settings *b);

/* Problems that make settings impossible to write for their version
 * (a script containing "%end", a VLAN on a device configured separately, a
 * value the kickstart syntax cannot carry): 0, or -EINVAL with a message. */
int ks_gen_validate(const struct ks_settings *s, char *err, size_t errlen);

/* Writes the kickstart text (malloc'd, NUL-terminated). Returns 0, -EINVAL
 * (err says why, see ks_gen_validate) or -ENOMEM. */
int ks_gen_write(const struct ks_settings *s, char **out, size_t *outlen, char *err, size_t errlen);

/* Reads settings back from a parsed document (for round trips and to start
 * `pxed ks new` from an existing file). Unknown commands are skipped; returns
 * 0 or -ENOMEM. */
int ks_gen_read(const struct ks_doc *doc, enum ks_version v, struct ks_settings *out);

/* strv helpers */
int ks_strv_add(struct ks_strv *v, const char *s);
void ks_strv_free(struct ks_strv *v);
/* Splits "a,b , c" into items (trimmed, empty ones dropped) appended to v. */
int ks_strv_add_csv(struct ks_strv *v, const char *csv);
