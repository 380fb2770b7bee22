/* Install phase names (store_catalog.h) and the database's change counter. */
#include "store_impl.h"
#include "store_catalog.h"

#include <errno.h>
#include <string.h>

static const char *const phase_names[STORE_PHASE__COUNT] = {
	[STORE_PHASE_NEW] = "new",
	[STORE_PHASE_DHCP] = "dhcp",
	[STORE_PHASE_BOOTLOADER] = "bootloader",
	[STORE_PHASE_BOOTCONFIG] = "bootconfig",
	[STORE_PHASE_KERNEL] = "kernel",
	[STORE_PHASE_INITRD] = "initrd",
	[STORE_PHASE_KICKSTART] = "kickstart",
	[STORE_PHASE_TREE] = "tree",
	[STORE_PHASE_PRE] = "pre",
	[STORE_PHASE_POST] = "post",
	[STORE_PHASE_DONE] = "done",
	[STORE_PHASE_FAILED] = "failed",
	[STORE_PHASE_LOCALBOOT] = "localboot",
};

const char *store_phase_name(enum store_phase p)
{
	if ((unsigned)p >= STORE_PHASE__COUNT)
		return "unknown"; /* a row written by a newer pxed */
	return phase_names[p];
}

int store_phase_from_name(const char *name, enum store_phase *ret)
{
	for (int i = 0; i < STORE_PHASE__COUNT; i++) {
		if (strcmp(name, phase_names[i]) == 0) {
			*ret = (enum store_phase)i;
			return 0;
		}
	}
	return -EINVAL;
}

int store_data_version(struct store *s, int64_t *ret)
{
	sqlite3_stmt *st = NULL;
	int rc = sqlite3_prepare_v2(s->db, "PRAGMA data_version", -1, &st, NULL);
	if (rc == SQLITE_OK)
		rc = sqlite3_step(st);
	int r = 0;
	if (rc == SQLITE_ROW)
		*ret = sqlite3_column_int64(st, 0);
	else
		r = store_fail(s, rc, "reading the data version");
	sqlite3_finalize(st);
	return r;
}
