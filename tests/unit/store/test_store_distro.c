/* The distros table, install phase names, record names and the data
 * version another process sees change. */
#include "store/store_catalog.h"
#include "store/store_name.h"
#include "test.h"

#include <errno.h>
#include <ftw.h>
#include <sqlite3.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

static char tmpdir[64];

static int rm_entry(const char *path, const struct stat *sb, int flag, struct FTW *ftw)
{
	(void)sb, (void)flag, (void)ftw;
	return remove(path);
}

static void cleanup(void)
{
	if (tmpdir[0])
		nftw(tmpdir, rm_entry, 16, FTW_DEPTH | FTW_PHYS);
}

static struct store *open_store(void)
{
	if (!tmpdir[0]) {
		snprintf(tmpdir, sizeof(tmpdir), "/tmp/pxed-distro-store-XXXXXX");
		if (!mkdtemp(tmpdir))
			exit(2);
		atexit(cleanup);
	}
	struct store *s = NULL;
	char err[512];
	if (store_open(tmpdir, &s, err, sizeof(err)) < 0) {
		fprintf(stderr, "store_open: %s\n", err);
		exit(2);
	}
	return s;
}

/* SQL the store's API has no call for (profiles belong to another part). */
static void exec_sql(const char *sql)
{
	char path[128];
	snprintf(path, sizeof(path), "%s/pxed.db", tmpdir);
	sqlite3 *db;
	CHECK_INT(sqlite3_open(path, &db), SQLITE_OK);
	char *err = NULL;
	if (sqlite3_exec(db, sql, NULL, NULL, &err) != SQLITE_OK) {
		fprintf(stderr, "%s: %s\n", sql, err);
		test_failures++;
	}
	sqlite3_free(err);
	sqlite3_close(db);
}

static struct store_distro rocky(const char *name)
{
	struct store_distro d = {
		.major = 9,
		.source_kind = STORE_SOURCE_ISO,
	};
	snprintf(d.name, sizeof(d.name), "%s", name);
	strcpy(d.family, "rocky");
	strcpy(d.version, "9.4");
	strcpy(d.arch, "x86_64");
	strcpy(d.source, "/srv/iso/Rocky-9.4-x86_64-dvd.iso");
	strcpy(d.kernel, "images/pxeboot/vmlinuz");
	strcpy(d.initrd, "images/pxeboot/initrd.img");
	return d;
}

TEST(add_get_list)
{
	struct store *s = open_store();
	struct store_distro a = rocky("rocky9"), b = rocky("alma9");
	strcpy(b.family, "almalinux");
	b.source_kind = STORE_SOURCE_DIR;
	strcpy(b.source, "/srv/trees/alma9");
	CHECK_INT(store_distro_add(s, &a), 0);
	CHECK(a.id > 0);
	CHECK(a.created > 1700000000);
	CHECK_INT(store_distro_add(s, &b), 0);
	struct store_distro got;
	CHECK_INT(store_distro_get(s, "rocky9", &got), 0);
	CHECK_INT(got.id, a.id);
	CHECK_STR(got.family, "rocky");
	CHECK_STR(got.version, "9.4");
	CHECK_INT(got.major, 9);
	CHECK_STR(got.arch, "x86_64");
	CHECK_STR(got.source, "/srv/iso/Rocky-9.4-x86_64-dvd.iso");
	CHECK_INT(got.source_kind, STORE_SOURCE_ISO);
	CHECK_STR(got.kernel, "images/pxeboot/vmlinuz");
	CHECK_STR(got.initrd, "images/pxeboot/initrd.img");
	CHECK_INT(got.created, a.created);
	CHECK_INT(store_distro_get_id(s, b.id, &got), 0);
	CHECK_STR(got.name, "alma9");
	CHECK_INT(got.source_kind, STORE_SOURCE_DIR);
	CHECK_INT(store_distro_get(s, "nope", &got), -ENOENT);
	CHECK_STR(store_errmsg(s), "no distro named nope");
	CHECK_INT(store_distro_get_id(s, 999, &got), -ENOENT);
	store_close(s);
}

struct seen {
	char names[8][STORE_NAME_MAX];
	int n, stop_after;
	struct store *s;
	int inner;
};

static int count_inner(void *ctx, const struct store_distro *d)
{
	(void)d;
	((struct seen *)ctx)->inner++;
	return 0;
}

static int remember(void *ctx, const struct store_distro *d)
{
	struct seen *v = ctx;
	strcpy(v->names[v->n++], d->name);
	/* a nested walk must not disturb the outer one */
	if (v->s && store_distro_foreach(v->s, count_inner, v) < 0)
		return -EIO;
	return v->n == v->stop_after ? -ECANCELED : 0;
}

TEST(foreach_in_name_order)
{
	struct store *s = open_store();
	struct seen v = { .s = s };
	CHECK_INT(store_distro_foreach(s, remember, &v), 0);
	CHECK_INT(v.n, 2);
	CHECK_STR(v.names[0], "alma9");
	CHECK_STR(v.names[1], "rocky9");
	CHECK_INT(v.inner, 4);
	struct seen w = { .stop_after = 1 };
	CHECK_INT(store_distro_foreach(s, remember, &w), -ECANCELED);
	CHECK_INT(w.n, 1);
	store_close(s);
}

TEST(refusals)
{
	struct store *s = open_store();
	struct store_distro d = rocky("rocky9");
	CHECK_INT(store_distro_add(s, &d), -EEXIST);
	CHECK_STR(store_errmsg(s), "a distro named rocky9 already exists");
	d = rocky("bad/name");
	CHECK_INT(store_distro_add(s, &d), -EINVAL);
	CHECK(strstr(store_errmsg(s), "invalid name") != NULL);
	d = rocky("relative");
	strcpy(d.source, "iso/x.iso");
	CHECK_INT(store_distro_add(s, &d), -EINVAL);
	CHECK(strstr(store_errmsg(s), "source") != NULL);
	d = rocky("kind");
	d.source_kind = 3;
	CHECK_INT(store_distro_add(s, &d), -EINVAL);
	d = rocky("nokernel");
	d.kernel[0] = '\0';
	CHECK_INT(store_distro_add(s, &d), -EINVAL);
	d = rocky("unterminated");
	memset(d.arch, 'x', sizeof(d.arch));
	CHECK_INT(store_distro_add(s, &d), -EINVAL);
	store_close(s);
}

TEST(remove_refuses_while_profiles_use_it)
{
	struct store *s = open_store();
	struct store_distro d;
	CHECK_INT(store_distro_get(s, "rocky9", &d), 0);
	char sql[256];
	snprintf(sql, sizeof(sql),
		 "INSERT INTO profiles (name, distro_id, kickstart, created) VALUES"
		 " ('web', %lld, '', 0), ('db', %lld, '', 0)",
		 (long long)d.id, (long long)d.id);
	exec_sql(sql);
	CHECK_INT(store_distro_remove(s, "rocky9"), -EBUSY);
	CHECK_STR(store_errmsg(s), "distro rocky9 is used by profiles db, web; remove them first");
	exec_sql("DELETE FROM profiles WHERE name = 'web'");
	CHECK_INT(store_distro_remove(s, "rocky9"), -EBUSY);
	CHECK_STR(store_errmsg(s), "distro rocky9 is used by profile db; remove it first");
	exec_sql("DELETE FROM profiles");
	CHECK_INT(store_distro_remove(s, "rocky9"), 0);
	CHECK_INT(store_distro_get(s, "rocky9", &d), -ENOENT);
	CHECK_INT(store_distro_remove(s, "rocky9"), -ENOENT);
	CHECK_STR(store_errmsg(s), "no distro named rocky9");
	store_close(s);
}

TEST(rows_edited_by_hand_are_checked)
{
	struct store *s = open_store();
	exec_sql("INSERT INTO distros (name, family, version, major, arch, source, source_kind, kernel,"
		 " initrd, created) VALUES ('long', 'rocky', '9.4', 9,"
		 " 'an-architecture-name-longer-than-the-field', '/x', 1, 'k', 'i', 0)");
	struct store_distro d;
	CHECK_INT(store_distro_get(s, "long", &d), -EBADMSG);
	CHECK(strstr(store_errmsg(s), "invalid arch") != NULL);
	struct seen v = { 0 };
	CHECK_INT(store_distro_foreach(s, remember, &v), -EBADMSG);
	exec_sql("UPDATE distros SET arch = 'x86_64', major = 0 WHERE name = 'long'");
	CHECK_INT(store_distro_get(s, "long", &d), -EBADMSG);
	exec_sql("DELETE FROM distros WHERE name = 'long'");
	store_close(s);
}

TEST(data_version_sees_other_connections)
{
	struct store *a = open_store(), *b = open_store();
	int64_t v1, v2, v3;
	CHECK_INT(store_data_version(a, &v1), 0);
	CHECK_INT(store_data_version(a, &v2), 0);
	CHECK_INT(v1, v2);
	struct store_distro d = rocky("seen-by-a");
	CHECK_INT(store_distro_add(b, &d), 0);
	CHECK_INT(store_data_version(a, &v3), 0);
	CHECK(v3 != v1);
	store_close(b);
	store_close(a);
}

TEST(phase_names)
{
	static const char *const names[] = { "new", "dhcp", "bootloader", "bootconfig", "kernel",
					     "initrd", "kickstart", "tree", "pre", "post",
					     "done", "failed", "localboot" };
	CHECK_INT(sizeof(names) / sizeof(names[0]), STORE_PHASE__COUNT);
	for (int i = 0; i < STORE_PHASE__COUNT; i++) {
		CHECK_STR(store_phase_name((enum store_phase)i), names[i]);
		enum store_phase p;
		CHECK_INT(store_phase_from_name(names[i], &p), 0);
		CHECK_INT(p, i);
	}
	enum store_phase p = STORE_PHASE_DONE;
	CHECK_INT(store_phase_from_name("Done", &p), -EINVAL);
	CHECK_INT(store_phase_from_name("", &p), -EINVAL);
	CHECK_INT(p, STORE_PHASE_DONE);
	CHECK_STR(store_phase_name(STORE_PHASE__COUNT), "unknown");
	CHECK_STR(store_phase_name((enum store_phase)-1), "unknown");
}

TEST(record_names)
{
	CHECK(store_name_valid("rocky9"));
	CHECK(store_name_valid("Rocky-9.4_x86_64"));
	CHECK(store_name_valid("a"));
	char max[64];
	memset(max, 'a', 63);
	max[63] = '\0';
	CHECK(store_name_valid(max));
	char over[65];
	memset(over, 'a', 64);
	over[64] = '\0';
	CHECK(!store_name_valid(over));
	CHECK(!store_name_valid(""));
	CHECK(!store_name_valid("."));
	CHECK(!store_name_valid(".."));
	CHECK(!store_name_valid("a/b"));
	CHECK(!store_name_valid("a b"));
	CHECK(!store_name_valid("r\xc3\xb6"));
}

TEST_MAIN()
