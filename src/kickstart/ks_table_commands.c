/* The command table: every command pykickstart registers for RHEL6, RHEL7,
 * RHEL8, RHEL9 or F40, with the versions where it is accepted, deprecated
 * (ksvalidator reports it, so the file is invalid) or removed, and links to
 * its options (ks_table_storage.c, ks_table_system.c) and positionals.
 *
 * A few states come from pykickstart's parser code rather than its tables
 * and are folded in here so the checker needs no special case:
 *  - auth/authconfig are "deprecated" on RHEL8/RHEL9: pykickstart parses
 *    them but always warns "use authselect", which ksvalidator counts as an
 *    error;
 *  - key, device and btrfs take words the command's own code picks out of
 *    argparse's leftovers; they are listed as positionals;
 *  - method is an internal aggregate of url/nfs/cdrom/harddrive: writing it
 *    is an error in every version (KS_CMD_INTERNAL). */
#include "kickstart/ks_table.h"

#include <stddef.h>

static const struct ks_positional pos_btrfs[] = {
	{ .metavar = "<mntpoint>", .min = 1, .max = 1, .versions = ONLY(RHEL7) | ONLY(F40),
	  .flags = KS_OPT_MOUNTPOINT },
	{ .metavar = "<partitions*>", .min = 0, .max = KS_MANY,
	  .versions = ONLY(RHEL7) | ONLY(F40) },
	{ .metavar = NULL },
};

static const struct ks_positional pos_device[] = {
	{ .metavar = "<module>", .min = 1, .max = 1, .versions = UNTIL(RHEL7) },
	{ .metavar = NULL },
};

static const struct ks_positional pos_driverdisk[] = {
	{ .metavar = "<partition>", .min = 0, .max = KS_MANY, .versions = ALL },
	{ .metavar = NULL },
};

static const struct ks_positional pos_iscsiname[] = {
	{ .metavar = "<iqn>", .min = 1, .max = 1, .versions = ALL },
	{ .metavar = NULL },
};

static const struct ks_positional pos_key[] = {
	{ .metavar = "<key>", .min = 0, .max = KS_MANY, .versions = ONLY(RHEL6) },
	{ .metavar = NULL },
};

static const struct ks_positional pos_keyboard[] = {
	{ .metavar = "<kbd>", .min = 0, .max = KS_MANY, .versions = ALL },
	{ .metavar = NULL },
};

static const struct ks_positional pos_lang[] = {
	{ .metavar = "<lang>", .min = 1, .max = 1, .versions = ALL },
	{ .metavar = NULL },
};

static const struct ks_positional pos_mntpoint[] = {
	{ .metavar = "<mntpoint>", .min = 1, .max = 1, .versions = ALL,
	  .flags = KS_OPT_MOUNTPOINT },
	{ .metavar = NULL },
};

static const struct ks_positional pos_mount[] = {
	{ .metavar = "<device>", .min = 1, .max = 1, .versions = SINCE(RHEL8) },
	{ .metavar = "<mntpoint>", .min = 1, .max = 1, .versions = SINCE(RHEL8),
	  .flags = KS_OPT_MOUNTPOINT },
	{ .metavar = NULL },
};

static const struct ks_positional pos_nvdimm[] = {
	{ .metavar = "<action>", .min = 1, .max = 1, .versions = RANGE(RHEL7, RHEL9) },
	{ .metavar = NULL },
};

static const struct ks_positional pos_raid[] = {
	{ .metavar = "<mntpoint>", .min = 1, .max = 1, .versions = ALL,
	  .flags = KS_OPT_MOUNTPOINT },
	{ .metavar = "<partitions*>", .min = 0, .max = KS_MANY, .versions = ALL },
	{ .metavar = NULL },
};

static const struct ks_positional pos_rootpw[] = {
	{ .metavar = "<password>", .min = 0, .max = 1, .versions = ALL },
	{ .metavar = NULL },
};

static const struct ks_positional pos_snapshot[] = {
	{ .metavar = "<originVG/originLV>", .min = 1, .max = 1, .versions = SINCE(RHEL7) },
	{ .metavar = NULL },
};

static const struct ks_positional pos_sshkey[] = {
	{ .metavar = "\"ssh key\"", .min = 1, .max = 1, .versions = SINCE(RHEL8) },
	{ .metavar = NULL },
};

static const struct ks_positional pos_sshpw[] = {
	{ .metavar = "<password>", .min = 0, .max = KS_MANY, .versions = ALL },
	{ .metavar = NULL },
};

static const struct ks_positional pos_timezone[] = {
	{ .metavar = "<timezone>", .min = 1, .max = 1, .versions = ONLY(RHEL6) },
	{ .metavar = "<timezone>", .min = 0, .max = KS_MANY, .versions = SINCE(RHEL7) },
	{ .metavar = NULL },
};

static const struct ks_positional pos_updates[] = {
	{ .metavar = "[URL]", .min = 0, .max = KS_MANY, .versions = UNTIL(RHEL8) },
	{ .metavar = "[URL]", .min = 1, .max = 1, .versions = SINCE(RHEL9) },
	{ .metavar = NULL },
};

static const struct ks_positional pos_volgroup[] = {
	{ .metavar = "<name>", .min = 0, .max = KS_MANY, .versions = ALL },
	{ .metavar = "<partitions*>", .min = 0, .max = KS_MANY, .versions = ALL },
	{ .metavar = NULL },
};

const struct ks_command ks_commands[] = {
	{ .name = "auth", .ok = UNTIL(RHEL7), .depr = RANGE(RHEL8, RHEL9), .removed = ONLY(F40),
	  .group = "authconfig", .flags = KS_CMD_FREEFORM, .replacement = "authselect",
	  .help = "system authentication via authconfig arguments (RHEL 7 and older)" },
	{ .name = "authconfig", .ok = UNTIL(RHEL7), .depr = RANGE(RHEL8, RHEL9),
	  .removed = ONLY(F40), .group = "authconfig", .flags = KS_CMD_FREEFORM,
	  .replacement = "authselect",
	  .help = "system authentication via authconfig arguments (RHEL 7 and older)" },
	{ .name = "authselect", .ok = SINCE(RHEL8), .flags = KS_CMD_FREEFORM,
	  .help = "authselect profile and options (RHEL 8+)" },
	{ .name = "autopart", .ok = ALL, .options = ks_opts_autopart,
	  .help = "create partitions automatically" },
	{ .name = "autostep", .ok = UNTIL(RHEL8), .depr = ONLY(RHEL9), .removed = ONLY(F40),
	  .options = ks_opts_autostep, .help = "step through the interactive screens" },
	{ .name = "bootloader", .ok = ALL, .options = ks_opts_bootloader,
	  .help = "boot loader location, password and kernel arguments" },
	{ .name = "btrfs", .ok = ONLY(RHEL7) | ONLY(F40), .depr = RANGE(RHEL8, RHEL9),
	  .multi = KS_MULTI, .flags = KS_CMD_KNOWN_ARGS, .options = ks_opts_btrfs,
	  .positionals = pos_btrfs, .help = "btrfs volume or subvolume" },
	{ .name = "cdrom", .ok = ALL, .help = "install from the first optical drive" },
	{ .name = "clearpart", .ok = ALL, .options = ks_opts_clearpart,
	  .help = "remove partitions before partitioning" },
	{ .name = "cmdline", .ok = ALL, .group = "displaymode", .options = ks_opts_displaymode,
	  .help = "non-interactive command-line install" },
	{ .name = "device", .ok = UNTIL(RHEL7), .depr = ONLY(RHEL8), .removed = SINCE(RHEL9),
	  .multi = KS_MULTI, .flags = KS_CMD_KNOWN_ARGS, .options = ks_opts_device,
	  .positionals = pos_device, .help = "load a kernel module for a device" },
	{ .name = "deviceprobe", .ok = UNTIL(RHEL7), .depr = ONLY(RHEL8),
	  .removed = SINCE(RHEL9), .flags = KS_CMD_FREEFORM, .help = "probe for devices" },
	{ .name = "dmraid", .ok = UNTIL(RHEL7), .depr = ONLY(RHEL8), .removed = SINCE(RHEL9),
	  .multi = KS_MULTI, .options = ks_opts_dmraid,
	  .help = "configure a firmware RAID set" },
	{ .name = "driverdisk", .ok = ALL, .multi = KS_MULTI, .flags = KS_CMD_KNOWN_ARGS,
	  .options = ks_opts_driverdisk, .positionals = pos_driverdisk,
	  .help = "load a driver update disk" },
	{ .name = "eula", .ok = SINCE(RHEL7), .flags = KS_CMD_KNOWN_ARGS,
	  .options = ks_opts_eula, .help = "accept the end-user licence agreement" },
	{ .name = "fcoe", .ok = ALL, .multi = KS_MULTI, .options = ks_opts_fcoe,
	  .help = "activate FCoE on a network device" },
	{ .name = "firewall", .ok = ALL, .options = ks_opts_firewall,
	  .help = "firewall state, services and ports" },
	{ .name = "firstboot", .ok = ALL, .options = ks_opts_firstboot,
	  .help = "run the first-boot setup agent" },
	{ .name = "graphical", .ok = ALL, .group = "displaymode", .options = ks_opts_displaymode,
	  .help = "graphical install" },
	{ .name = "group", .ok = ALL, .multi = KS_MULTI, .options = ks_opts_group,
	  .help = "create a group" },
	{ .name = "halt", .ok = ALL, .group = "reboot", .options = ks_opts_reboot,
	  .help = "halt after the install" },
	{ .name = "harddrive", .ok = ALL, .options = ks_opts_harddrive,
	  .help = "install from a tree or ISO on a local disk" },
	{ .name = "hmc", .ok = SINCE(RHEL7), .help = "install from the SE/HMC on IBM Z" },
	{ .name = "ignoredisk", .ok = ALL, .options = ks_opts_ignoredisk,
	  .help = "disks to ignore or to use exclusively" },
	{ .name = "install", .ok = UNTIL(RHEL7), .depr = ONLY(RHEL8), .removed = SINCE(RHEL9),
	  .options = ks_opts_install,
	  .help = "fresh install rather than upgrade (RHEL 7 and older)" },
	{ .name = "interactive", .ok = ONLY(RHEL6),
	  .help = "interactive install using the kickstart values as defaults" },
	{ .name = "iscsi", .ok = ALL, .multi = KS_MULTI, .options = ks_opts_iscsi,
	  .help = "attach an iSCSI target" },
	{ .name = "iscsiname", .ok = ALL, .flags = KS_CMD_KNOWN_ARGS,
	  .positionals = pos_iscsiname, .help = "iSCSI initiator name" },
	{ .name = "key", .ok = ONLY(RHEL6), .flags = KS_CMD_KNOWN_ARGS, .options = ks_opts_key,
	  .positionals = pos_key, .help = "installation number (RHEL 5/6)" },
	{ .name = "keyboard", .ok = ALL, .flags = KS_CMD_KNOWN_ARGS, .options = ks_opts_keyboard,
	  .positionals = pos_keyboard, .help = "keyboard layouts" },
	{ .name = "lang", .ok = ALL, .flags = KS_CMD_KNOWN_ARGS, .options = ks_opts_lang,
	  .positionals = pos_lang, .help = "installation and default system language" },
	{ .name = "liveimg", .ok = SINCE(RHEL7), .options = ks_opts_liveimg,
	  .help = "install from a disk image instead of packages" },
	{ .name = "logging", .ok = ALL, .options = ks_opts_logging,
	  .help = "installer logging level and remote syslog" },
	{ .name = "logvol", .ok = ALL, .multi = KS_MULTI, .flags = KS_CMD_KNOWN_ARGS,
	  .options = ks_opts_logvol, .positionals = pos_mntpoint,
	  .help = "LVM logical volume" },
	{ .name = "mediacheck", .ok = ALL, .help = "verify the installation media" },
	{ .name = "method", .ok = UNTIL(RHEL8), .depr = ONLY(RHEL9), .removed = ONLY(F40),
	  .flags = KS_CMD_INTERNAL, .replacement = "url",
	  .help = "installation method (internal to pykickstart)" },
	{ .name = "module", .ok = SINCE(RHEL8), .multi = KS_MULTI, .flags = KS_CMD_KNOWN_ARGS,
	  .options = ks_opts_module, .help = "enable or disable a package module stream" },
	{ .name = "monitor", .depr = ONLY(RHEL6), .help = "monitor settings for X" },
	{ .name = "mount", .ok = SINCE(RHEL8), .multi = KS_MULTI, .flags = KS_CMD_KNOWN_ARGS,
	  .options = ks_opts_mount, .positionals = pos_mount,
	  .help = "mount an existing device at a mount point" },
	{ .name = "multipath", .ok = UNTIL(RHEL7), .depr = ONLY(RHEL8), .removed = SINCE(RHEL9),
	  .multi = KS_MULTI, .options = ks_opts_multipath,
	  .help = "configure a multipath device" },
	{ .name = "network", .ok = ALL, .multi = KS_MULTI, .options = ks_opts_network,
	  .help = "network device configuration and host name" },
	{ .name = "nfs", .ok = ALL, .options = ks_opts_nfs,
	  .help = "install from an NFS export" },
	{ .name = "nvdimm", .ok = RANGE(RHEL7, RHEL9), .depr = ONLY(F40), .multi = KS_MULTI,
	  .flags = KS_CMD_KNOWN_ARGS, .options = ks_opts_nvdimm, .positionals = pos_nvdimm,
	  .help = "configure an NVDIMM namespace" },
	{ .name = "ostreecontainer", .ok = SINCE(RHEL9), .options = ks_opts_ostreecontainer,
	  .help = "install from an OSTree container image" },
	{ .name = "ostreesetup", .ok = SINCE(RHEL7), .options = ks_opts_ostreesetup,
	  .help = "install from an OSTree repository" },
	{ .name = "part", .ok = ALL, .group = "part", .multi = KS_MULTI,
	  .flags = KS_CMD_KNOWN_ARGS, .options = ks_opts_part, .positionals = pos_mntpoint,
	  .help = "disk partition" },
	{ .name = "partition", .ok = ALL, .group = "part", .multi = KS_MULTI,
	  .flags = KS_CMD_KNOWN_ARGS, .options = ks_opts_part, .positionals = pos_mntpoint,
	  .help = "disk partition" },
	{ .name = "poweroff", .ok = ALL, .group = "reboot", .options = ks_opts_reboot,
	  .help = "power off after the install" },
	{ .name = "raid", .ok = ALL, .multi = KS_MULTI, .flags = KS_CMD_KNOWN_ARGS,
	  .options = ks_opts_raid, .positionals = pos_raid, .help = "software RAID device" },
	{ .name = "realm", .ok = SINCE(RHEL7), .flags = KS_CMD_FREEFORM,
	  .help = "join an Active Directory or IPA realm" },
	{ .name = "reboot", .ok = ALL, .group = "reboot", .options = ks_opts_reboot,
	  .help = "reboot after the install" },
	{ .name = "repo", .ok = ALL, .multi = KS_MULTI, .options = ks_opts_repo,
	  .help = "additional package repository" },
	{ .name = "reqpart", .ok = SINCE(RHEL7), .options = ks_opts_reqpart,
	  .help = "create the partitions the platform requires" },
	{ .name = "rescue", .ok = ALL, .options = ks_opts_rescue,
	  .help = "boot into rescue mode" },
	{ .name = "rhsm", .ok = RANGE(RHEL8, RHEL9), .options = ks_opts_rhsm,
	  .help = "register with Red Hat Subscription Management" },
	{ .name = "rootpw", .ok = ALL, .flags = KS_CMD_KNOWN_ARGS, .options = ks_opts_rootpw,
	  .positionals = pos_rootpw, .help = "root password" },
	{ .name = "selinux", .ok = ALL, .options = ks_opts_selinux, .help = "SELinux mode" },
	{ .name = "services", .ok = ALL, .options = ks_opts_services,
	  .help = "services to enable or disable" },
	{ .name = "shutdown", .ok = ALL, .group = "reboot", .options = ks_opts_reboot,
	  .help = "shut down after the install" },
	{ .name = "skipx", .ok = ALL, .help = "do not configure X" },
	{ .name = "snapshot", .ok = SINCE(RHEL7), .multi = KS_MULTI, .options = ks_opts_snapshot,
	  .positionals = pos_snapshot,
	  .help = "LVM thin snapshot before or after the install" },
	{ .name = "sshkey", .ok = SINCE(RHEL8), .multi = KS_MULTI, .flags = KS_CMD_KNOWN_ARGS,
	  .options = ks_opts_sshkey, .positionals = pos_sshkey,
	  .help = "authorized SSH key for a user" },
	{ .name = "sshpw", .ok = ALL, .multi = KS_MULTI, .flags = KS_CMD_KNOWN_ARGS,
	  .options = ks_opts_sshpw, .positionals = pos_sshpw,
	  .help = "password for SSH access to the installer" },
	{ .name = "syspurpose", .ok = RANGE(RHEL8, RHEL9), .flags = KS_CMD_KNOWN_ARGS,
	  .options = ks_opts_syspurpose, .help = "system purpose for subscriptions" },
	{ .name = "text", .ok = ALL, .group = "displaymode", .options = ks_opts_displaymode,
	  .help = "text-mode install" },
	{ .name = "timesource", .ok = SINCE(RHEL9), .multi = KS_MULTI,
	  .options = ks_opts_timesource, .help = "NTP server or pool" },
	{ .name = "timezone", .ok = ALL, .options = ks_opts_timezone,
	  .positionals = pos_timezone, .help = "system time zone" },
	{ .name = "unsupported_hardware", .ok = UNTIL(RHEL7),
	  .help = "suppress the unsupported-hardware warning" },
	{ .name = "updates", .ok = ALL, .positionals = pos_updates,
	  .help = "installer updates image" },
	{ .name = "upgrade", .ok = ONLY(RHEL6), .depr = ONLY(RHEL7), .options = ks_opts_upgrade,
	  .help = "upgrade an existing system" },
	{ .name = "url", .ok = ALL, .options = ks_opts_url,
	  .help = "install from an HTTP, HTTPS or FTP tree" },
	{ .name = "user", .ok = ALL, .multi = KS_MULTI, .options = ks_opts_user,
	  .help = "create a user" },
	{ .name = "vnc", .ok = ALL, .options = ks_opts_vnc,
	  .help = "remote VNC access to the installer" },
	{ .name = "volgroup", .ok = ALL, .multi = KS_MULTI,
	  .flags = KS_CMD_KNOWN_ARGS | KS_CMD_EXTRAS_POSITIONAL, .options = ks_opts_volgroup,
	  .positionals = pos_volgroup, .help = "LVM volume group" },
	{ .name = "xconfig", .ok = ALL, .options = ks_opts_xconfig,
	  .help = "X Window System configuration" },
	{ .name = "zerombr", .ok = ALL, .help = "initialise invalid partition tables" },
	{ .name = "zfcp", .ok = ALL, .multi = KS_MULTI, .options = ks_opts_zfcp,
	  .help = "attach a zFCP LUN (IBM Z)" },
	{ .name = "zipl", .ok = SINCE(RHEL8), .options = ks_opts_zipl,
	  .help = "zipl boot loader options (IBM Z)" },
	{ .name = NULL },
};
