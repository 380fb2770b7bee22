/* Section headers and their options. pykickstart registers every section in
 * every version (it does not gate section names by version), so the masks
 * here only carry deprecations: %traceback since F34 (RHEL9, F40) and the
 * %packages options whose spelling changed. */
#include "kickstart/ks_table.h"

#include <stddef.h>

/* Options every script section (%pre, %pre-install, %post, %onerror,
 * %traceback) accepts; only %post adds --nochroot. */
#define KS_SCRIPT_OPTIONS \
	{ .names = { "--erroronfail" }, .type = KS_ARG_FLAG, .ok = ALL }, \
	{ .names = { "--interpreter" }, .type = KS_ARG_STRING, .ok = ALL }, \
	{ .names = { "--log", "--logfile" }, .type = KS_ARG_STRING, .ok = ALL }

static const struct ks_option script_options[] = {
	KS_SCRIPT_OPTIONS,
	{ .names = { NULL } },
};

static const struct ks_option post_options[] = {
	KS_SCRIPT_OPTIONS,
	{ .names = { "--nochroot" }, .type = KS_ARG_FLAG, .ok = ALL },
	{ .names = { NULL } },
};

/* --instLangs and --excludeWeakdeps got dashed spellings in F32 (RHEL9); on
 * RHEL9 pykickstart still parses the old ones but warns when they are spelled
 * out in full (an abbreviation slips past its check), on F40 argparse marks
 * them deprecated in every spelling; both warnings make ksvalidator fail. --nobase went from
 * deprecated (RHEL7) to unknown (RHEL8). */
static const struct ks_option packages_options[] = {
	{ .names = { "--excludedocs" }, .type = KS_ARG_FLAG, .ok = ALL },
	{ .names = { "--ignoremissing" }, .type = KS_ARG_FLAG, .ok = ALL },
	{ .names = { "--default" }, .type = KS_ARG_FLAG, .ok = ALL },
	{ .names = { "--instLangs" }, .type = KS_ARG_STRING, .ok = UNTIL(RHEL9),
	  .warn_exact = ONLY(RHEL9), .depr = ONLY(F40), .replacement = "--inst-langs" },
	{ .names = { "--nobase" }, .type = KS_ARG_FLAG, .ok = ONLY(RHEL6), .depr = ONLY(RHEL7) },
	{ .names = { "--multilib" }, .type = KS_ARG_FLAG, .ok = SINCE(RHEL7) },
	{ .names = { "--nocore" }, .type = KS_ARG_FLAG, .ok = SINCE(RHEL7) },
	{ .names = { "--timeout" }, .type = KS_ARG_INT, .ok = SINCE(RHEL7) },
	{ .names = { "--retries" }, .type = KS_ARG_INT, .ok = SINCE(RHEL7) },
	{ .names = { "--excludeWeakdeps" }, .type = KS_ARG_FLAG, .ok = RANGE(RHEL8, RHEL9),
	  .warn_exact = ONLY(RHEL9), .depr = ONLY(F40), .replacement = "--exclude-weakdeps" },
	{ .names = { "--inst-langs" }, .type = KS_ARG_STRING, .ok = SINCE(RHEL9) },
	{ .names = { "--exclude-weakdeps" }, .type = KS_ARG_FLAG, .ok = SINCE(RHEL9) },
	/* RHEL builds of pykickstart remove it again */
	{ .names = { "--ignorebroken" }, .type = KS_ARG_FLAG, .ok = ONLY(F40) },
	{ .names = { NULL } },
};

/* Which of --dir/--type must accompany --filename is a rule, not argparse. */
static const struct ks_option certificate_options[] = {
	{ .names = { "--filename" }, .type = KS_ARG_STRING, .ok = ALL, .required = ALL },
	{ .names = { "--dir" }, .type = KS_ARG_STRING, .ok = ALL },
	{ .names = { "--type" }, .type = KS_ARG_STRING, .ok = ALL },
	{ .names = { NULL } },
};

const struct ks_section ks_sections[] = {
	{ .name = "%pre", .body = KS_BODY_SCRIPT, .ok = ALL, .options = script_options,
	  .help = "script run before the installation starts" },
	{ .name = "%pre-install", .body = KS_BODY_SCRIPT, .ok = ALL, .options = script_options,
	  .help = "script run after storage is set up, before packages are installed" },
	{ .name = "%post", .body = KS_BODY_SCRIPT, .ok = ALL, .options = post_options,
	  .help = "script run after the installation, in the new system unless --nochroot" },
	{ .name = "%onerror", .body = KS_BODY_SCRIPT, .ok = ALL, .options = script_options,
	  .help = "script run when the installation fails" },
	{ .name = "%traceback", .body = KS_BODY_SCRIPT, .ok = UNTIL(RHEL8), .depr = SINCE(RHEL9),
	  .options = script_options, .replacement = "%onerror",
	  .help = "script run when the installer crashes" },
	{ .name = "%packages", .body = KS_BODY_PACKAGES, .ok = ALL, .options = packages_options,
	  .help = "package groups, environments, modules and packages to install or exclude" },
	{ .name = "%certificate", .body = KS_BODY_CERTIFICATE, .ok = ALL,
	  .options = certificate_options, .help = "PEM certificate to install in the system" },
	{ .name = "%addon", .body = KS_BODY_OPAQUE, .ok = ALL, .flags = KS_SEC_FREEFORM_HEADER,
	  .help = "installer add-on configuration (kdump, OpenSCAP, ...)" },
	{ .name = "%anaconda", .body = KS_BODY_OPAQUE, .ok = ALL, .flags = KS_SEC_FREEFORM_HEADER,
	  .help = "installer settings such as pwpolicy" },
	{ .name = NULL },
};
