/* Shared by the ks_table_*.c files only: shorthands for version masks, the
 * option rows several commands repeat, and the option arrays that
 * ks_table_commands.c links to its command rows. Not part of the kickstart
 * API (that is ks_schema.h). */
#pragma once
#include "kickstart/ks_schema.h"

#include <stdint.h>

#define ALL KS_V_ALL
#define ONLY(v) KS_V(KS_##v)
#define SINCE(v) KS_V_SINCE(KS_##v)
#define UNTIL(v) KS_V_UNTIL(KS_##v)
#define RANGE(a, b) (KS_V_SINCE(KS_##a) & KS_V_UNTIL(KS_##b))

/* Disk encryption options, identical on autopart, part/partition, logvol and
 * raid: LUKS1 in every version, LUKS2 and PBKDF tuning since RHEL8. */
#define KS_LUKS_OPTIONS \
	{ .names = { "--encrypted" }, .type = KS_ARG_FLAG, .ok = ALL }, \
	{ .names = { "--passphrase" }, .type = KS_ARG_STRING, .ok = ALL }, \
	{ .names = { "--escrowcert" }, .type = KS_ARG_STRING, .ok = ALL }, \
	{ .names = { "--backuppassphrase" }, .type = KS_ARG_FLAG, .ok = ALL }, \
	{ .names = { "--cipher" }, .type = KS_ARG_STRING, .ok = ALL }, \
	{ .names = { "--luks-version" }, .type = KS_ARG_STRING, .ok = SINCE(RHEL8) }, \
	{ .names = { "--pbkdf" }, .type = KS_ARG_STRING, .ok = SINCE(RHEL8) }, \
	{ .names = { "--pbkdf-memory" }, .type = KS_ARG_INT, .ok = SINCE(RHEL8) }, \
	{ .names = { "--pbkdf-time" }, .type = KS_ARG_INT, .ok = SINCE(RHEL8) }, \
	{ .names = { "--pbkdf-iterations" }, .type = KS_ARG_INT, .ok = SINCE(RHEL8) }

extern const struct ks_option ks_opts_autopart[];
extern const struct ks_option ks_opts_btrfs[];
extern const struct ks_option ks_opts_clearpart[];
extern const struct ks_option ks_opts_dmraid[];
extern const struct ks_option ks_opts_fcoe[];
extern const struct ks_option ks_opts_ignoredisk[];
extern const struct ks_option ks_opts_iscsi[];
extern const struct ks_option ks_opts_logvol[];
extern const struct ks_option ks_opts_mount[];
extern const struct ks_option ks_opts_multipath[];
extern const struct ks_option ks_opts_nvdimm[];
extern const struct ks_option ks_opts_part[];
extern const struct ks_option ks_opts_raid[];
extern const struct ks_option ks_opts_reqpart[];
extern const struct ks_option ks_opts_snapshot[];
extern const struct ks_option ks_opts_volgroup[];
extern const struct ks_option ks_opts_zfcp[];
extern const struct ks_option ks_opts_autostep[];
extern const struct ks_option ks_opts_bootloader[];
extern const struct ks_option ks_opts_displaymode[];
extern const struct ks_option ks_opts_device[];
extern const struct ks_option ks_opts_driverdisk[];
extern const struct ks_option ks_opts_eula[];
extern const struct ks_option ks_opts_firewall[];
extern const struct ks_option ks_opts_firstboot[];
extern const struct ks_option ks_opts_group[];
extern const struct ks_option ks_opts_reboot[];
extern const struct ks_option ks_opts_harddrive[];
extern const struct ks_option ks_opts_install[];
extern const struct ks_option ks_opts_key[];
extern const struct ks_option ks_opts_keyboard[];
extern const struct ks_option ks_opts_lang[];
extern const struct ks_option ks_opts_liveimg[];
extern const struct ks_option ks_opts_logging[];
extern const struct ks_option ks_opts_module[];
extern const struct ks_option ks_opts_network[];
extern const struct ks_option ks_opts_nfs[];
extern const struct ks_option ks_opts_ostreecontainer[];
extern const struct ks_option ks_opts_ostreesetup[];
extern const struct ks_option ks_opts_repo[];
extern const struct ks_option ks_opts_rescue[];
extern const struct ks_option ks_opts_rhsm[];
extern const struct ks_option ks_opts_rootpw[];
extern const struct ks_option ks_opts_selinux[];
extern const struct ks_option ks_opts_services[];
extern const struct ks_option ks_opts_sshkey[];
extern const struct ks_option ks_opts_sshpw[];
extern const struct ks_option ks_opts_syspurpose[];
extern const struct ks_option ks_opts_timesource[];
extern const struct ks_option ks_opts_timezone[];
extern const struct ks_option ks_opts_upgrade[];
extern const struct ks_option ks_opts_url[];
extern const struct ks_option ks_opts_user[];
extern const struct ks_option ks_opts_vnc[];
extern const struct ks_option ks_opts_xconfig[];
extern const struct ks_option ks_opts_zipl[];
