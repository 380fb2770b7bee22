/* Commands that cannot be used together, as pykickstart 3.74's handlers
 * declare them (conflictingCommands), per version. pykickstart checks a
 * command against the ones seen *before* it, so each row is directional.
 * part and partition share one handler: naming "part" covers both. */
#include "kickstart/ks_schema.h"

#define V(x) KS_V(KS_##x)
#define SINCE(x) KS_V_SINCE(KS_##x)

const struct ks_conflict ks_conflicts[] = {
	/* autopart after manual partitioning */
	{ "autopart", "part", KS_V_ALL },
	{ "autopart", "raid", KS_V_ALL },
	{ "autopart", "volgroup", KS_V_ALL },
	{ "autopart", "logvol", KS_V_ALL },
	{ "autopart", "reqpart", SINCE(RHEL7) },
	/* manual partitioning after autopart */
	{ "part", "autopart", KS_V_ALL },
	{ "raid", "autopart", KS_V_ALL },
	{ "volgroup", "autopart", KS_V_ALL },
	{ "logvol", "autopart", KS_V_ALL },
	{ "reqpart", "autopart", SINCE(RHEL7) },
	/* mount (RHEL8+) against everything that partitions */
	{ "mount", "autopart", SINCE(RHEL8) },
	{ "mount", "part", SINCE(RHEL8) },
	{ "mount", "raid", SINCE(RHEL8) },
	{ "mount", "volgroup", SINCE(RHEL8) },
	{ "mount", "logvol", SINCE(RHEL8) },
	{ "mount", "reqpart", SINCE(RHEL8) },
	{ "autopart", "mount", SINCE(RHEL8) },
	{ "part", "mount", SINCE(RHEL8) },
	{ "raid", "mount", SINCE(RHEL8) },
	{ "volgroup", "mount", SINCE(RHEL8) },
	{ "logvol", "mount", SINCE(RHEL8) },
	{ "reqpart", "mount", SINCE(RHEL8) },
	/* ostree payloads: only one direction on RHEL9 */
	{ "ostreecontainer", "ostreesetup", SINCE(RHEL9) },
	{ "ostreesetup", "ostreecontainer", V(F40) },
	{ NULL, NULL, 0 },
};

/* Every option relation pykickstart enforces needs its exact truthiness
 * rules (an empty --enabled= is "not given", --size=0 is "no size"), so they
 * are code in ks_check_sem.c; this table carries only plain presence rules
 * and is empty for pykickstart 3.74. */
const struct ks_rule ks_rules[] = {
	{ NULL, 0, { NULL }, 0, NULL },
};
