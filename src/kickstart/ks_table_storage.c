/* Options of the storage commands (disks, partitions, LVM, RAID, btrfs, SAN
 * attachments), one row per option shape with the versions that accept,
 * deprecate or require it; see ks_schema.h for the row format and
 * ks_table.h for the version-mask shorthands. Values are what pykickstart
 * 3.74 registers for RHEL6, RHEL7, RHEL8, RHEL9 and F40 (the corpus in
 * tests/kickstart checks them against ksvalidator's verdicts). */
#include "kickstart/ks_table.h"

/* Callback-checked values, compared case-insensitively as pykickstart does
 * (raid --level upper-cases, the others lower-case before looking up). */
static const char *const autopart_types[] = {
	"btrfs", "lvm", "partition", "plain", "thinp", NULL,
};
static const char *const btrfs_levels[] = {
	"0", "1", "10", "raid0", "raid1", "raid10", "single", NULL,
};
static const char *const nvdimm_modes[] = { "sector", NULL };
static const char *const raid_levels[] = {
	"0", "1", "10", "4", "5", "6", "RAID0", "RAID1", "RAID10", "RAID4", "RAID5", "RAID6",
	NULL,
};
static const char *const snapshot_when[] = { "post-install", "pre-install", NULL };

const struct ks_option ks_opts_autopart[] = {
	KS_LUKS_OPTIONS,
	{ .names = { "--nolvm" }, .type = KS_ARG_FLAG, .ok = SINCE(RHEL7) },
	{ .names = { "--type" }, .type = KS_ARG_CHOICE, .flags = KS_OPT_NOCASE,
	  .choices = autopart_types, .ok = SINCE(RHEL7) },
	{ .names = { "--fstype" }, .type = KS_ARG_STRING, .ok = SINCE(RHEL7) },
	{ .names = { "--nohome" }, .type = KS_ARG_FLAG, .ok = SINCE(RHEL7) },
	{ .names = { "--noboot" }, .type = KS_ARG_FLAG, .ok = SINCE(RHEL8) },
	{ .names = { "--noswap" }, .type = KS_ARG_FLAG, .ok = SINCE(RHEL8) },
	{ .names = { "--hibernation" }, .type = KS_ARG_FLAG, .ok = ONLY(F40) },
	{ .names = { NULL } },
};

const struct ks_option ks_opts_btrfs[] = {
	{ .names = { "--noformat" }, .type = KS_ARG_FLAG, .ok = ONLY(RHEL7) | ONLY(F40) },
	{ .names = { "--useexisting" }, .type = KS_ARG_FLAG, .ok = ONLY(RHEL7) | ONLY(F40) },
	{ .names = { "--label" }, .type = KS_ARG_STRING, .ok = ONLY(RHEL7) | ONLY(F40) },
	{ .names = { "--data" }, .type = KS_ARG_CHOICE, .flags = KS_OPT_NOCASE,
	  .choices = btrfs_levels, .ok = ONLY(RHEL7) | ONLY(F40) },
	{ .names = { "--metadata" }, .type = KS_ARG_CHOICE, .flags = KS_OPT_NOCASE,
	  .choices = btrfs_levels, .ok = ONLY(RHEL7) | ONLY(F40) },
	{ .names = { "--subvol" }, .type = KS_ARG_FLAG, .ok = ONLY(RHEL7) | ONLY(F40) },
	{ .names = { "--parent" }, .type = KS_ARG_STRING, .ok = ONLY(RHEL7) | ONLY(F40) },
	{ .names = { "--name" }, .type = KS_ARG_STRING, .ok = ONLY(RHEL7) | ONLY(F40) },
	{ .names = { "--mkfsoptions" }, .type = KS_ARG_STRING, .ok = ONLY(RHEL7) | ONLY(F40) },
	{ .names = { NULL } },
};

const struct ks_option ks_opts_clearpart[] = {
	{ .names = { "--all" }, .type = KS_ARG_FLAG, .ok = ALL },
	{ .names = { "--drives" }, .type = KS_ARG_LIST, .ok = ALL },
	{ .names = { "--initlabel" }, .type = KS_ARG_FLAG, .ok = ALL },
	{ .names = { "--linux" }, .type = KS_ARG_FLAG, .ok = ALL },
	{ .names = { "--none" }, .type = KS_ARG_FLAG, .ok = ALL },
	{ .names = { "--disklabel" }, .type = KS_ARG_STRING, .ok = SINCE(RHEL7) },
	{ .names = { "--list" }, .type = KS_ARG_LIST, .ok = SINCE(RHEL7) },
	{ .names = { "--cdl" }, .type = KS_ARG_FLAG, .ok = SINCE(RHEL7) },
	{ .names = { NULL } },
};

const struct ks_option ks_opts_dmraid[] = {
	{ .names = { "--name" }, .type = KS_ARG_STRING, .ok = UNTIL(RHEL7),
	  .required = UNTIL(RHEL7) },
	{ .names = { "--dev" }, .type = KS_ARG_STRING, .flags = KS_OPT_APPEND,
	  .ok = UNTIL(RHEL7), .required = UNTIL(RHEL7) },
	{ .names = { NULL } },
};

const struct ks_option ks_opts_fcoe[] = {
	{ .names = { "--nic" }, .type = KS_ARG_STRING, .ok = ALL, .required = ALL },
	{ .names = { "--dcb" }, .type = KS_ARG_FLAG, .ok = ALL },
	{ .names = { "--autovlan" }, .type = KS_ARG_FLAG, .ok = SINCE(RHEL7) },
	{ .names = { NULL } },
};

const struct ks_option ks_opts_ignoredisk[] = {
	{ .names = { "--drives" }, .type = KS_ARG_LIST, .ok = ALL },
	{ .names = { "--only-use" }, .type = KS_ARG_LIST, .ok = ALL },
	{ .names = { "--interactive" }, .type = KS_ARG_FLAG, .ok = UNTIL(RHEL7),
	  .depr = ONLY(RHEL8) },
	{ .names = { NULL } },
};

const struct ks_option ks_opts_iscsi[] = {
	{ .names = { "--target" }, .type = KS_ARG_STRING, .ok = ALL },
	{ .names = { "--ipaddr" }, .type = KS_ARG_STRING, .ok = ALL, .required = ALL },
	{ .names = { "--port" }, .type = KS_ARG_INT, .ok = ALL },
	{ .names = { "--user" }, .type = KS_ARG_STRING, .ok = ALL },
	{ .names = { "--password" }, .type = KS_ARG_STRING, .ok = ALL },
	{ .names = { "--reverse-user" }, .type = KS_ARG_STRING, .ok = ALL },
	{ .names = { "--reverse-password" }, .type = KS_ARG_STRING, .ok = ALL },
	{ .names = { "--iface" }, .type = KS_ARG_STRING, .ok = ALL },
	{ .names = { NULL } },
};

const struct ks_option ks_opts_logvol[] = {
	{ .names = { "--fstype" }, .type = KS_ARG_STRING, .ok = ALL },
	{ .names = { "--grow" }, .type = KS_ARG_FLAG, .ok = ALL },
	{ .names = { "--maxsize" }, .type = KS_ARG_INT, .ok = ALL },
	{ .names = { "--name" }, .type = KS_ARG_STRING, .ok = ALL, .required = ALL },
	{ .names = { "--noformat" }, .type = KS_ARG_FLAG, .ok = ALL },
	{ .names = { "--percent" }, .type = KS_ARG_INT, .ok = ONLY(RHEL6) },
	{ .names = { "--recommended" }, .type = KS_ARG_FLAG, .ok = ALL },
	{ .names = { "--size" }, .type = KS_ARG_INT, .ok = ALL },
	{ .names = { "--useexisting" }, .type = KS_ARG_FLAG, .ok = ALL },
	{ .names = { "--vgname" }, .type = KS_ARG_STRING, .ok = ALL, .required = ALL },
	{ .names = { "--fsoptions" }, .type = KS_ARG_STRING, .ok = ALL },
	{ .names = { "--bytes-per-inode" }, .type = KS_ARG_STRING, .depr = ONLY(RHEL6) },
	{ .names = { "--fsprofile" }, .type = KS_ARG_STRING, .ok = ALL },
	KS_LUKS_OPTIONS,
	{ .names = { "--hibernation" }, .type = KS_ARG_FLAG, .ok = ALL },
	{ .names = { "--thinpool" }, .type = KS_ARG_FLAG, .ok = ALL },
	{ .names = { "--thin" }, .type = KS_ARG_FLAG, .ok = ALL },
	{ .names = { "--poolname" }, .type = KS_ARG_STRING, .ok = ALL },
	{ .names = { "--chunksize" }, .type = KS_ARG_INT, .ok = ALL },
	{ .names = { "--metadatasize" }, .type = KS_ARG_INT, .ok = ALL },
	{ .names = { "--profile" }, .type = KS_ARG_STRING, .ok = ALL },
	/* the 0..100 check arrived with RHEL7 */
	{ .names = { "--percent" }, .type = KS_ARG_INT, .ok = SINCE(RHEL7),
	  .ranged = true, .min = 0, .max = 100 },
	{ .names = { "--label" }, .type = KS_ARG_STRING, .ok = SINCE(RHEL7) },
	{ .names = { "--resize" }, .type = KS_ARG_FLAG, .ok = SINCE(RHEL7) },
	{ .names = { "--mkfsoptions" }, .type = KS_ARG_STRING, .ok = SINCE(RHEL7) },
	{ .names = { "--cachesize" }, .type = KS_ARG_INT, .ok = SINCE(RHEL8) },
	{ .names = { "--cachemode" }, .type = KS_ARG_STRING, .ok = SINCE(RHEL8) },
	{ .names = { "--cachepvs" }, .type = KS_ARG_LIST, .ok = SINCE(RHEL8) },
	{ .names = { NULL } },
};

const struct ks_option ks_opts_mount[] = {
	{ .names = { "--reformat" }, .type = KS_ARG_STRING, .flags = KS_OPT_OPTIONAL_VALUE,
	  .ok = SINCE(RHEL8) },
	{ .names = { "--mkfsoptions" }, .type = KS_ARG_STRING, .ok = SINCE(RHEL8) },
	{ .names = { "--mountoptions" }, .type = KS_ARG_STRING, .ok = SINCE(RHEL8) },
	{ .names = { NULL } },
};

const struct ks_option ks_opts_multipath[] = {
	{ .names = { "--name" }, .type = KS_ARG_STRING, .ok = UNTIL(RHEL7),
	  .required = UNTIL(RHEL7) },
	{ .names = { "--device" }, .type = KS_ARG_STRING, .ok = UNTIL(RHEL7),
	  .required = UNTIL(RHEL7) },
	{ .names = { "--rule" }, .type = KS_ARG_STRING, .ok = UNTIL(RHEL7),
	  .required = UNTIL(RHEL7) },
	{ .names = { NULL } },
};

const struct ks_option ks_opts_nvdimm[] = {
	{ .names = { "--namespace" }, .type = KS_ARG_STRING, .ok = RANGE(RHEL7, RHEL9) },
	{ .names = { "--blockdevs" }, .type = KS_ARG_LIST, .ok = RANGE(RHEL7, RHEL9) },
	{ .names = { "--mode" }, .type = KS_ARG_CHOICE, .choices = nvdimm_modes,
	  .ok = RANGE(RHEL7, RHEL9) },
	{ .names = { "--sectorsize" }, .type = KS_ARG_INT, .ok = RANGE(RHEL7, RHEL9) },
	{ .names = { NULL } },
};

const struct ks_option ks_opts_part[] = {
	{ .names = { "--active" }, .type = KS_ARG_FLAG, .ok = UNTIL(RHEL7),
	  .depr = ONLY(RHEL8) },
	{ .names = { "--asprimary" }, .type = KS_ARG_FLAG, .ok = ALL },
	{ .names = { "--fstype", "--type" }, .type = KS_ARG_STRING, .ok = ALL },
	{ .names = { "--grow" }, .type = KS_ARG_FLAG, .ok = ALL },
	{ .names = { "--maxsize" }, .type = KS_ARG_INT, .ok = ALL },
	{ .names = { "--noformat" }, .type = KS_ARG_FLAG, .ok = ALL },
	{ .names = { "--onbiosdisk" }, .type = KS_ARG_STRING, .ok = ALL },
	{ .names = { "--ondisk", "--ondrive" }, .type = KS_ARG_STRING, .ok = ALL },
	{ .names = { "--onpart", "--usepart" }, .type = KS_ARG_STRING, .ok = ALL },
	{ .names = { "--recommended" }, .type = KS_ARG_FLAG, .ok = ALL },
	{ .names = { "--size" }, .type = KS_ARG_INT, .ok = ALL },
	{ .names = { "--fsoptions" }, .type = KS_ARG_STRING, .ok = ALL },
	{ .names = { "--label" }, .type = KS_ARG_STRING, .ok = ALL },
	{ .names = { "--bytes-per-inode" }, .type = KS_ARG_STRING, .depr = ONLY(RHEL6) },
	{ .names = { "--fsprofile" }, .type = KS_ARG_STRING, .ok = ALL },
	KS_LUKS_OPTIONS,
	{ .names = { "--start" }, .type = KS_ARG_STRING, .depr = ONLY(RHEL6) },
	{ .names = { "--end" }, .type = KS_ARG_STRING, .depr = ONLY(RHEL6) },
	{ .names = { "--hibernation" }, .type = KS_ARG_FLAG, .ok = ALL },
	{ .names = { "--resize" }, .type = KS_ARG_FLAG, .ok = SINCE(RHEL7) },
	{ .names = { "--mkfsoptions" }, .type = KS_ARG_STRING, .ok = SINCE(RHEL7) },
	{ .names = { NULL } },
};

const struct ks_option ks_opts_raid[] = {
	{ .names = { "--device" }, .type = KS_ARG_STRING, .ok = ALL, .required = ALL },
	{ .names = { "--fstype" }, .type = KS_ARG_STRING, .ok = ALL },
	{ .names = { "--level" }, .type = KS_ARG_CHOICE, .flags = KS_OPT_NOCASE,
	  .choices = raid_levels, .ok = ALL },
	{ .names = { "--noformat" }, .type = KS_ARG_FLAG, .ok = ALL },
	{ .names = { "--spares" }, .type = KS_ARG_INT, .ok = ALL },
	{ .names = { "--useexisting" }, .type = KS_ARG_FLAG, .ok = ALL },
	{ .names = { "--fsoptions" }, .type = KS_ARG_STRING, .ok = ALL },
	{ .names = { "--bytes-per-inode" }, .type = KS_ARG_STRING, .depr = ONLY(RHEL6) },
	{ .names = { "--fsprofile" }, .type = KS_ARG_STRING, .ok = ALL },
	KS_LUKS_OPTIONS,
	{ .names = { "--label" }, .type = KS_ARG_STRING, .ok = SINCE(RHEL7) },
	{ .names = { "--mkfsoptions" }, .type = KS_ARG_STRING, .ok = SINCE(RHEL7) },
	{ .names = { "--chunksize" }, .type = KS_ARG_INT, .ok = SINCE(RHEL7) },
	{ .names = { NULL } },
};

const struct ks_option ks_opts_reqpart[] = {
	{ .names = { "--add-boot" }, .type = KS_ARG_FLAG, .ok = SINCE(RHEL7) },
	{ .names = { NULL } },
};

const struct ks_option ks_opts_snapshot[] = {
	{ .names = { "--name" }, .type = KS_ARG_STRING, .ok = SINCE(RHEL7),
	  .required = SINCE(RHEL7) },
	{ .names = { "--when" }, .type = KS_ARG_CHOICE, .flags = KS_OPT_NOCASE,
	  .choices = snapshot_when, .ok = SINCE(RHEL7), .required = SINCE(RHEL7) },
	{ .names = { NULL } },
};

/* pykickstart rejects a negative --reserved-space and a --reserved-percent
 * outside 1..99 in its parser code. */
const struct ks_option ks_opts_volgroup[] = {
	{ .names = { "--noformat" }, .type = KS_ARG_FLAG, .ok = ALL },
	{ .names = { "--pesize" }, .type = KS_ARG_INT, .ok = ALL },
	{ .names = { "--useexisting" }, .type = KS_ARG_FLAG, .ok = ALL },
	{ .names = { "--reserved-space" }, .type = KS_ARG_INT, .ok = ALL,
	  .ranged = true, .min = 0, .max = INT64_MAX },
	{ .names = { "--reserved-percent" }, .type = KS_ARG_INT, .ok = ALL,
	  .ranged = true, .min = 1, .max = 99 },
	{ .names = { NULL } },
};

const struct ks_option ks_opts_zfcp[] = {
	{ .names = { "--devnum" }, .type = KS_ARG_STRING, .ok = ALL, .required = ALL },
	{ .names = { "--fcplun" }, .type = KS_ARG_STRING, .ok = ALL, .required = UNTIL(RHEL8) },
	{ .names = { "--wwpn" }, .type = KS_ARG_STRING, .ok = ALL, .required = UNTIL(RHEL8) },
	{ .names = { "--scsiid" }, .type = KS_ARG_STRING, .depr = ONLY(RHEL6) },
	{ .names = { "--scsilun" }, .type = KS_ARG_STRING, .depr = ONLY(RHEL6) },
	{ .names = { NULL } },
};
