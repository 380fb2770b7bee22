/* Profiles, hosts and their install timelines in the store: round trips,
 * every constraint with the errno and message an operator gets, nested
 * transactions. */
#include "store/store.h"
#include "store/store_catalog.h"
#include "test.h"

#include <errno.h>
#include <ftw.h>
#include <sqlite3.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

static char tmpdir[64];
static char statedir[128];

static int rm_entry(const char *path, const struct stat *sb, int flag, struct FTW *ftw)
{
	(void)sb, (void)flag, (void)ftw;
	return remove(path);
}

static void remove_tmpdir(void)
{
	if (tmpdir[0])
		nftw(tmpdir, rm_entry, 16, FTW_DEPTH | FTW_PHYS);
	tmpdir[0] = '\0';
}

static struct store *fresh_store(void)
{
	static bool registered;
	if (!registered)
		atexit(remove_tmpdir);
	registered = true;
	remove_tmpdir();
	snprintf(tmpdir, sizeof(tmpdir), "/tmp/pxed-catalog-test-XXXXXX");
	if (!mkdtemp(tmpdir)) {
		perror("mkdtemp");
		exit(2);
	}
	snprintf(statedir, sizeof(statedir), "%s/state", tmpdir);
	struct store *s = NULL;
	char err[512] = "";
	int r = store_open(statedir, &s, err, sizeof(err));
	if (r < 0 || !s) {
		fprintf(stderr, "store_open: %d %s\n", r, err);
		exit(2);
	}
	return s;
}

static sqlite3 *raw_open(void)
{
	char path[256];
	snprintf(path, sizeof(path), "%s/%s", statedir, STORE_DB_NAME);
	sqlite3 *db = NULL;
	CHECK_INT(sqlite3_open_v2(path, &db, SQLITE_OPEN_READWRITE, NULL), SQLITE_OK);
	sqlite3_busy_timeout(db, 2000);
	return db;
}

static long long raw_int(const char *sql)
{
	sqlite3 *db = raw_open();
	sqlite3_stmt *st = NULL;
	long long v = -1;
	CHECK_INT(sqlite3_prepare_v2(db, sql, -1, &st, NULL), SQLITE_OK);
	if (sqlite3_step(st) == SQLITE_ROW)
		v = sqlite3_column_int64(st, 0);
	sqlite3_finalize(st);
	sqlite3_close(db);
	return v;
}

/* Distros are another part's records; a row is all these tests need. */
static int64_t add_distro(const char *name)
{
	sqlite3 *db = raw_open();
	char sql[512];
	snprintf(sql, sizeof(sql),
		 "INSERT INTO distros (name, family, version, major, arch, source, source_kind,"
		 " kernel, initrd, created) VALUES ('%s', 'rocky', '9.4', 9, 'x86_64',"
		 " '/srv/iso/%s.iso', 1, 'images/pxeboot/vmlinuz', 'images/pxeboot/initrd.img', 1)",
		 name, name);
	CHECK_INT(sqlite3_exec(db, sql, NULL, NULL, NULL), SQLITE_OK);
	int64_t id = sqlite3_last_insert_rowid(db);
	sqlite3_close(db);
	return id;
}

static struct store_profile make_profile(const char *name, int64_t distro, const char *ks)
{
	struct store_profile p;
	memset(&p, 0, sizeof(p));
	snprintf(p.name, sizeof(p.name), "%s", name);
	p.distro_id = distro;
	p.kickstart = (char *)ks;
	snprintf(p.kickstart_path, sizeof(p.kickstart_path), "/etc/pxed/%s.ks", name);
	snprintf(p.kernel_args, sizeof(p.kernel_args), "console=ttyS0,115200 inst.sshd");
	return p;
}

static struct store_host make_host(const char *hostname, int64_t profile, uint8_t last)
{
	struct store_host h;
	memset(&h, 0, sizeof(h));
	snprintf(h.hostname, sizeof(h.hostname), "%s", hostname);
	h.profile_id = profile;
	h.n_macs = 1;
	uint8_t mac[6] = { 0x52, 0x54, 0x00, 0x00, 0x00, last };
	memcpy(h.macs[0], mac, 6);
	h.netboot = true;
	return h;
}

static bool has(const char *haystack, const char *needle)
{
	if (!strstr(haystack, needle)) {
		fprintf(stderr, "  message '%s' lacks '%s'\n", haystack, needle);
		return false;
	}
	return true;
}

/* ---- profiles ------------------------------------------------------------ */

struct names {
	char v[8][STORE_HOSTNAME_MAX + 24];
	int n;
	int stop_after; /* callback fails after this many, 0 = never */
};

static int collect_profile(void *ctx, const struct store_profile *p)
{
	struct names *n = ctx;
	if (n->stop_after && n->n == n->stop_after)
		return -ECANCELED;
	snprintf(n->v[n->n++], sizeof(n->v[0]), "%s", p->name);
	return p->kickstart && *p->kickstart ? 0 : -EINVAL;
}

TEST(profile_round_trip_and_constraints)
{
	struct store *s = fresh_store();
	int64_t d = add_distro("rocky9");
	const char *ks = "text\nrootpw --iscrypted $6$x$y\n%post\necho '{{ hostname }}' \"$x\"; -- ';\n%end\n";
	struct store_profile p = make_profile("el9", d + 100, ks);
	CHECK_INT(store_profile_add(s, &p), -ENOENT);
	CHECK(has(store_errmsg(s), "no distro with id"));
	p.distro_id = d;
	CHECK_INT(store_profile_add(s, &p), 0);
	CHECK(p.id > 0);
	CHECK(p.created > time(NULL) - 60);

	struct store_profile dup = make_profile("el9", d, "text\n");
	CHECK_INT(store_profile_add(s, &dup), -EEXIST);
	CHECK(has(store_errmsg(s), "a profile named el9 already exists"));
	struct store_profile bad = make_profile("el 9", d, "text\n");
	CHECK_INT(store_profile_add(s, &bad), -EINVAL);
	CHECK(has(store_errmsg(s), "invalid profile name 'el 9'"));
	bad = make_profile("", d, "text\n");
	CHECK_INT(store_profile_add(s, &bad), -EINVAL);
	bad = make_profile("args", d, "text\n");
	snprintf(bad.kernel_args, sizeof(bad.kernel_args), "a\nDEFAULT evil");
	CHECK_INT(store_profile_add(s, &bad), -EINVAL);
	CHECK(has(store_errmsg(s), "one line"));
	bad = make_profile("noks", d, NULL);
	CHECK_INT(store_profile_add(s, &bad), -EINVAL);

	struct store_profile got;
	CHECK_INT(store_profile_get(s, "el9", &got), 0);
	CHECK_INT(got.id, p.id);
	CHECK_INT(got.distro_id, d);
	CHECK_STR(got.kickstart, ks);
	CHECK_STR(got.kickstart_path, "/etc/pxed/el9.ks");
	CHECK_STR(got.kernel_args, "console=ttyS0,115200 inst.sshd");
	CHECK_INT(got.created, p.created);
	store_profile_clear(&got);
	CHECK(got.kickstart == NULL);
	store_profile_clear(&got); /* twice is harmless */
	CHECK_INT(store_profile_get_id(s, p.id, &got), 0);
	CHECK_STR(got.name, "el9");
	store_profile_clear(&got);
	CHECK_INT(store_profile_get(s, "nope", &got), -ENOENT);
	CHECK(has(store_errmsg(s), "no profile named nope"));
	CHECK_INT(store_profile_get_id(s, 999, &got), -ENOENT);

	struct store_profile other = make_profile("alma", d, "text\n");
	CHECK_INT(store_profile_add(s, &other), 0);
	/* update: a rename onto another profile's name is refused, the rest
	 * replaces every field */
	struct store_profile up = p;
	snprintf(up.name, sizeof(up.name), "alma");
	CHECK_INT(store_profile_update(s, &up), -EEXIST);
	snprintf(up.name, sizeof(up.name), "el9-new");
	up.kickstart = (char *)"graphical\n";
	up.kernel_args[0] = '\0';
	CHECK_INT(store_profile_update(s, &up), 0);
	CHECK_INT(store_profile_get(s, "el9", &got), -ENOENT);
	CHECK_INT(store_profile_get(s, "el9-new", &got), 0);
	CHECK_STR(got.kickstart, "graphical\n");
	CHECK_STR(got.kernel_args, "");
	CHECK_INT(got.created, p.created);
	store_profile_clear(&got);
	up.id = 4242;
	CHECK_INT(store_profile_update(s, &up), -ENOENT);

	struct names n = { 0 };
	CHECK_INT(store_profile_foreach(s, collect_profile, &n), 0);
	CHECK_INT(n.n, 2);
	CHECK_STR(n.v[0], "alma");
	CHECK_STR(n.v[1], "el9-new");
	struct names stop = { .stop_after = 1 };
	CHECK_INT(store_profile_foreach(s, collect_profile, &stop), -ECANCELED);
	CHECK_INT(stop.n, 1);

	CHECK_INT(store_profile_remove(s, "alma"), 0);
	CHECK_INT(store_profile_remove(s, "alma"), -ENOENT);
	CHECK(has(store_errmsg(s), "no profile named alma"));
	store_close(s);
}

TEST(profile_in_use_is_not_removed)
{
	struct store *s = fresh_store();
	int64_t d = add_distro("rocky9");
	struct store_profile p = make_profile("el9", d, "text\n");
	CHECK_INT(store_profile_add(s, &p), 0);
	const char *names[] = { "f.example", "a.example", "c.example", "b.example", "e.example",
				"d.example", "g.example" };
	for (int i = 0; i < 7; i++) {
		struct store_host h = make_host(names[i], p.id, (uint8_t)(i + 1));
		CHECK_INT(store_host_add(s, &h), 0);
	}
	CHECK_INT(store_profile_remove(s, "el9"), -EBUSY);
	CHECK(has(store_errmsg(s),
		  "profile el9 is used by hosts a.example, b.example, c.example, d.example,"
		  " e.example and 2 more"));
	for (int i = 1; i < 7; i++)
		CHECK_INT(store_host_remove(s, names[i]), 0);
	CHECK_INT(store_profile_remove(s, "el9"), -EBUSY);
	CHECK(has(store_errmsg(s), "profile el9 is used by host f.example"));
	CHECK_INT(store_host_remove(s, "f.example"), 0);
	CHECK_INT(store_profile_remove(s, "el9"), 0);
	store_close(s);
}

/* ---- hosts --------------------------------------------------------------- */

static int64_t setup_profile(struct store *s)
{
	struct store_profile p = make_profile("el9", add_distro("rocky9"), "text\n");
	CHECK_INT(store_profile_add(s, &p), 0);
	return p.id;
}

TEST(host_round_trip)
{
	struct store *s = fresh_store();
	int64_t prof = setup_profile(s);
	struct store_host h = make_host("web1.example.com", prof, 1);
	uint8_t mac2[6] = { 0x52, 0x54, 0x00, 0xab, 0xcd, 0xef };
	memcpy(h.macs[1], mac2, 6);
	h.n_macs = 2;
	h.ip = 0xc6120014;
	snprintf(h.uuid, sizeof(h.uuid), "4C4C4544-0042-3510-8052-B3C04F4E3332");
	CHECK_INT(store_host_add(s, &h), 0);
	CHECK(h.id > 0);
	CHECK_STR(h.uuid, "4c4c4544-0042-3510-8052-b3c04f4e3332");
	CHECK_INT(strlen(h.token), STORE_TOKEN_LEN);
	CHECK_INT(strspn(h.token, "0123456789abcdef"), STORE_TOKEN_LEN);
	CHECK_INT(h.phase, STORE_PHASE_NEW);
	CHECK(h.phase_since_ms > (int64_t)(time(NULL) - 60) * 1000);

	struct store_host g;
	CHECK_INT(store_host_get(s, "web1.example.com", &g), 0);
	CHECK_INT(g.id, h.id);
	CHECK_INT(g.ip, 0xc6120014);
	CHECK_STR(g.uuid, h.uuid);
	CHECK_STR(g.token, h.token);
	CHECK_INT(g.profile_id, prof);
	CHECK_INT(g.n_macs, 2);
	CHECK(memcmp(g.macs[0], h.macs[0], 6) == 0);
	CHECK(memcmp(g.macs[1], mac2, 6) == 0);
	CHECK(g.netboot);
	CHECK_INT(g.phase, STORE_PHASE_NEW);
	CHECK_INT(g.phase_since_ms, h.phase_since_ms);
	CHECK_INT(g.created, h.created);
	CHECK_STR(g.last_error, "");

	memset(&g, 0, sizeof(g));
	CHECK_INT(store_host_get_mac(s, mac2, &g), 0);
	CHECK_STR(g.hostname, "web1.example.com");
	CHECK_INT(store_host_get_uuid(s, "4C4C4544-0042-3510-8052-B3C04F4E3332", &g), 0);
	CHECK_INT(g.id, h.id);
	CHECK_INT(store_host_get_id(s, h.id, &g), 0);
	CHECK_STR(g.hostname, "web1.example.com");

	uint8_t none[6] = { 0x52, 0x54, 0, 0, 0, 0x77 };
	CHECK_INT(store_host_get_mac(s, none, &g), -ENOENT);
	CHECK(has(store_errmsg(s), "no host has MAC 52:54:00:00:00:77"));
	CHECK_INT(store_host_get_uuid(s, "00000000-0000-0000-0000-000000000000", &g), -ENOENT);
	CHECK_INT(store_host_get_uuid(s, "not-a-uuid", &g), -EINVAL);
	CHECK_INT(store_host_get(s, "nope", &g), -ENOENT);
	CHECK(has(store_errmsg(s), "no host named nope"));
	CHECK_INT(store_host_get_id(s, 999, &g), -ENOENT);

	/* a token given by the caller is kept */
	struct store_host t = make_host("db1", prof, 2);
	snprintf(t.token, sizeof(t.token), "0123456789abcdef0123456789abcdef");
	CHECK_INT(store_host_add(s, &t), 0);
	CHECK_INT(store_host_get(s, "db1", &g), 0);
	CHECK_STR(g.token, "0123456789abcdef0123456789abcdef");
	CHECK_STR(g.uuid, "");
	CHECK_INT(g.ip, 0);
	store_close(s);
}

TEST(host_constraints_name_the_holder)
{
	struct store *s = fresh_store();
	int64_t prof = setup_profile(s);
	struct store_host a = make_host("a.example", prof, 1);
	a.ip = 0xc6120014;
	snprintf(a.uuid, sizeof(a.uuid), "4c4c4544-0042-3510-8052-b3c04f4e3332");
	CHECK_INT(store_host_add(s, &a), 0);

	struct store_host b = make_host("b.example", prof, 1);
	CHECK_INT(store_host_add(s, &b), -EEXIST);
	CHECK(has(store_errmsg(s), "MAC 52:54:00:00:00:01 already belongs to host a.example"));
	b = make_host("a.example", prof, 2);
	CHECK_INT(store_host_add(s, &b), -EEXIST);
	CHECK(has(store_errmsg(s), "a host named a.example already exists"));
	b = make_host("b.example", prof, 2);
	b.ip = 0xc6120014;
	CHECK_INT(store_host_add(s, &b), -EEXIST);
	CHECK(has(store_errmsg(s), "198.18.0.20 is already the address of host a.example"));
	b.ip = 0;
	snprintf(b.uuid, sizeof(b.uuid), "4C4C4544-0042-3510-8052-B3C04F4E3332");
	CHECK_INT(store_host_add(s, &b), -EEXIST);
	CHECK(has(store_errmsg(s), "UUID 4c4c4544-0042-3510-8052-b3c04f4e3332 already belongs to host a.example"));
	b.uuid[0] = '\0';
	b.profile_id = prof + 10;
	CHECK_INT(store_host_add(s, &b), -ENOENT);
	CHECK(has(store_errmsg(s), "no profile with id"));
	/* nothing of the refused adds was left behind */
	CHECK_INT(raw_int("SELECT count(*) FROM hosts"), 1);
	CHECK_INT(raw_int("SELECT count(*) FROM host_macs"), 1);
	CHECK_INT(raw_int("SELECT count(*) FROM host_events"), 1);

	const char *bad_names[] = { "", "-a", "a-", "a..b", "a_b", "a b", ".a", "a.", NULL };
	for (int i = 0; bad_names[i]; i++) {
		b = make_host(bad_names[i], prof, 3);
		CHECK_INT(store_host_add(s, &b), -EINVAL);
	}
	b = make_host("b.example", prof, 3);
	memset(b.hostname, 'a', 64);
	b.hostname[64] = '\0';
	CHECK_INT(store_host_add(s, &b), -EINVAL); /* a 64-character label */
	b = make_host("b.example", prof, 3);
	b.n_macs = 0;
	CHECK_INT(store_host_add(s, &b), -EINVAL);
	b.n_macs = STORE_HOST_MACS + 1;
	CHECK_INT(store_host_add(s, &b), -EINVAL);
	b = make_host("b.example", prof, 3);
	memcpy(b.macs[1], b.macs[0], 6);
	b.n_macs = 2;
	CHECK_INT(store_host_add(s, &b), -EINVAL);
	CHECK(has(store_errmsg(s), "MAC 52:54:00:00:00:03 is listed twice"));
	b = make_host("b.example", prof, 3);
	memset(b.macs[0], 0, 6);
	CHECK_INT(store_host_add(s, &b), -EINVAL);
	b = make_host("b.example", prof, 3);
	b.macs[0][0] = 0x01; /* multicast */
	CHECK_INT(store_host_add(s, &b), -EINVAL);
	CHECK(has(store_errmsg(s), "not a network card's address"));
	b = make_host("b.example", prof, 3);
	snprintf(b.uuid, sizeof(b.uuid), "4c4c4544-0042-3510-8052-b3c04f4e333g");
	CHECK_INT(store_host_add(s, &b), -EINVAL);
	CHECK(has(store_errmsg(s), "invalid UUID"));
	b = make_host("b.example", prof, 3);
	snprintf(b.token, sizeof(b.token), "XYZ");
	CHECK_INT(store_host_add(s, &b), -EINVAL);
	/* the longest legal name: four labels, 253 characters */
	b = make_host("b.example", prof, 3);
	memset(b.hostname, 'x', 253);
	b.hostname[63] = b.hostname[127] = b.hostname[191] = '.';
	b.hostname[253] = '\0';
	CHECK_INT(store_host_add(s, &b), 0);
	store_close(s);
}

TEST(host_update_replaces_macs_atomically)
{
	struct store *s = fresh_store();
	int64_t prof = setup_profile(s);
	struct store_host a = make_host("a.example", prof, 1), b = make_host("b.example", prof, 2);
	CHECK_INT(store_host_add(s, &a), 0);
	CHECK_INT(store_host_add(s, &b), 0);

	struct store_host up = a;
	uint8_t m5[6] = { 0x52, 0x54, 0, 0, 0, 5 }, m6[6] = { 0x52, 0x54, 0, 0, 0, 6 };
	memcpy(up.macs[0], m5, 6);
	memcpy(up.macs[1], m6, 6);
	up.n_macs = 2;
	up.ip = 0xc6120021;
	up.netboot = false;
	snprintf(up.hostname, sizeof(up.hostname), "a2.example");
	CHECK_INT(store_host_update(s, &up), 0);
	struct store_host g;
	CHECK_INT(store_host_get(s, "a2.example", &g), 0);
	CHECK_INT(g.n_macs, 2);
	CHECK(memcmp(g.macs[0], m5, 6) == 0 && memcmp(g.macs[1], m6, 6) == 0);
	CHECK(!g.netboot);
	CHECK_INT(g.ip, 0xc6120021);
	CHECK_STR(g.token, a.token);
	uint8_t m1[6] = { 0x52, 0x54, 0, 0, 0, 1 };
	CHECK_INT(store_host_get_mac(s, m1, &g), -ENOENT);

	/* taking b's MAC fails and leaves a2 exactly as it was */
	struct store_host steal = up;
	memcpy(steal.macs[1], b.macs[0], 6);
	snprintf(steal.hostname, sizeof(steal.hostname), "a3.example");
	CHECK_INT(store_host_update(s, &steal), -EEXIST);
	CHECK(has(store_errmsg(s), "MAC 52:54:00:00:00:02 already belongs to host b.example"));
	CHECK_INT(store_host_get(s, "a2.example", &g), 0);
	CHECK_INT(g.n_macs, 2);
	CHECK_INT(store_host_get(s, "a3.example", &g), -ENOENT);
	/* keeping its own MACs and name is no conflict */
	CHECK_INT(store_host_update(s, &up), 0);
	up.id = 999;
	CHECK_INT(store_host_update(s, &up), -ENOENT);

	CHECK_INT(store_host_set_netboot(s, a.id, true), 0);
	CHECK_INT(store_host_get_id(s, a.id, &g), 0);
	CHECK(g.netboot);
	CHECK_INT(store_host_set_netboot(s, 999, true), -ENOENT);
	store_close(s);
}

static int collect_host(void *ctx, const struct store_host *h)
{
	struct names *n = ctx;
	snprintf(n->v[n->n++], sizeof(n->v[0]), "%s/%zu", h->hostname, h->n_macs);
	return 0;
}

TEST(host_foreach_and_remove)
{
	struct store *s = fresh_store();
	int64_t prof = setup_profile(s);
	struct store_host c = make_host("c.example", prof, 3), a = make_host("a.example", prof, 1);
	memcpy(a.macs[1], c.macs[0], 6);
	a.macs[1][5] = 9;
	a.n_macs = 2;
	CHECK_INT(store_host_add(s, &c), 0);
	CHECK_INT(store_host_add(s, &a), 0);
	struct names n = { 0 };
	CHECK_INT(store_host_foreach(s, collect_host, &n), 0);
	CHECK_INT(n.n, 2);
	CHECK_STR(n.v[0], "a.example/2");
	CHECK_STR(n.v[1], "c.example/1");

	struct store_event e = { .host_id = a.id, .phase = STORE_PHASE_DHCP };
	CHECK_INT(store_event_add(s, &e), 0);
	CHECK_INT(store_host_remove(s, "a.example"), 0);
	CHECK_INT(store_host_remove(s, "a.example"), -ENOENT);
	CHECK(has(store_errmsg(s), "no host named a.example"));
	/* its MACs and timeline went with it */
	CHECK_INT(raw_int("SELECT count(*) FROM host_macs"), 1);
	CHECK_INT(raw_int("SELECT count(*) FROM host_events"), 1);
	store_close(s);
}

/* ---- events -------------------------------------------------------------- */

struct timeline {
	struct store_event v[16];
	int n;
};

static int collect_event(void *ctx, const struct store_event *e)
{
	struct timeline *t = ctx;
	if (t->n < 16)
		t->v[t->n++] = *e;
	return 0;
}

TEST(events_drive_the_phase)
{
	struct store *s = fresh_store();
	int64_t prof = setup_profile(s);
	struct store_host h = make_host("web1", prof, 1);
	CHECK_INT(store_host_add(s, &h), 0);

	struct store_event e = { .host_id = h.id, .phase = STORE_PHASE_DHCP, .at_ms = 1700000000123 };
	snprintf(e.detail, sizeof(e.detail), "198.18.0.20 from 198.18.0.1");
	CHECK_INT(store_event_add(s, &e), 0);
	CHECK(e.id > 0);
	struct store_host g;
	CHECK_INT(store_host_get(s, "web1", &g), 0);
	CHECK_INT(g.phase, STORE_PHASE_DHCP);
	CHECK_INT(g.phase_since_ms, 1700000000123);

	e = (struct store_event){ .host_id = h.id, .phase = STORE_PHASE_FAILED };
	snprintf(e.detail, sizeof(e.detail), "anaconda: no disks found");
	CHECK_INT(store_event_add(s, &e), 0);
	CHECK(e.at_ms > (int64_t)(time(NULL) - 60) * 1000); /* 0 means now */
	CHECK_INT(store_host_get(s, "web1", &g), 0);
	CHECK_INT(g.phase, STORE_PHASE_FAILED);
	CHECK_STR(g.last_error, "anaconda: no disks found");
	/* later phases keep the error on display ... */
	e = (struct store_event){ .host_id = h.id, .phase = STORE_PHASE_KERNEL };
	CHECK_INT(store_event_add(s, &e), 0);
	CHECK_INT(store_host_get(s, "web1", &g), 0);
	CHECK_STR(g.last_error, "anaconda: no disks found");
	/* ... done sends the next boot to disk ... */
	e = (struct store_event){ .host_id = h.id, .phase = STORE_PHASE_DONE };
	CHECK_INT(store_event_add(s, &e), 0);
	CHECK_INT(store_host_get(s, "web1", &g), 0);
	CHECK(!g.netboot);
	CHECK_INT(g.phase, STORE_PHASE_DONE);
	/* ... and a reinstall (new) starts clean */
	e = (struct store_event){ .host_id = h.id, .phase = STORE_PHASE_NEW };
	CHECK_INT(store_event_add(s, &e), 0);
	CHECK_INT(store_host_get(s, "web1", &g), 0);
	CHECK_STR(g.last_error, "");

	struct timeline t = { .n = 0 };
	CHECK_INT(store_event_foreach(s, h.id, collect_event, &t), 0);
	CHECK_INT(t.n, 6);
	CHECK_INT(t.v[0].phase, STORE_PHASE_NEW);
	CHECK_STR(t.v[0].detail, "added");
	CHECK_INT(t.v[1].phase, STORE_PHASE_DHCP);
	CHECK_INT(t.v[1].at_ms, 1700000000123);
	CHECK_STR(t.v[1].detail, "198.18.0.20 from 198.18.0.1");
	CHECK_INT(t.v[2].phase, STORE_PHASE_FAILED);
	CHECK_INT(t.v[5].phase, STORE_PHASE_NEW);
	for (int i = 1; i < t.n; i++)
		CHECK(t.v[i].id > t.v[i - 1].id);
	struct timeline none = { .n = 0 };
	CHECK_INT(store_event_foreach(s, 999, collect_event, &none), 0);
	CHECK_INT(none.n, 0);

	e = (struct store_event){ .host_id = 999, .phase = STORE_PHASE_DHCP };
	CHECK_INT(store_event_add(s, &e), -ENOENT);
	CHECK(has(store_errmsg(s), "no host with id 999"));
	e = (struct store_event){ .host_id = h.id, .phase = STORE_PHASE__COUNT };
	CHECK_INT(store_event_add(s, &e), -EINVAL);
	e = (struct store_event){ .host_id = h.id, .phase = STORE_PHASE_PRE };
	memset(e.detail, 'x', sizeof(e.detail));
	CHECK_INT(store_event_add(s, &e), -EINVAL);
	CHECK_INT(raw_int("SELECT count(*) FROM host_events"), 6);
	store_close(s);
}

TEST(catalog_changes_join_the_callers_transaction)
{
	struct store *s = fresh_store();
	int64_t prof = setup_profile(s);
	struct store_host h = make_host("web1", prof, 1);
	CHECK_INT(store_host_add(s, &h), 0);
	CHECK_INT(store_host_set_netboot(s, h.id, false), 0);

	/* a reinstall is two changes that happen together or not at all */
	CHECK_INT(store_begin(s), 0);
	CHECK_INT(store_host_set_netboot(s, h.id, true), 0);
	struct store_event e = { .host_id = h.id, .phase = STORE_PHASE_NEW };
	CHECK_INT(store_event_add(s, &e), 0);
	/* a failing change inside rolls back only itself */
	struct store_host dup = make_host("web1", prof, 2);
	CHECK_INT(store_host_add(s, &dup), -EEXIST);
	CHECK_INT(store_rollback(s), 0);
	struct store_host g;
	CHECK_INT(store_host_get(s, "web1", &g), 0);
	CHECK(!g.netboot);
	CHECK_INT(raw_int("SELECT count(*) FROM host_events"), 1);

	CHECK_INT(store_begin(s), 0);
	CHECK_INT(store_host_set_netboot(s, h.id, true), 0);
	CHECK_INT(store_host_add(s, &dup), -EEXIST);
	CHECK_INT(store_event_add(s, &e), 0);
	CHECK_INT(store_commit(s), 0);
	CHECK_INT(store_host_get(s, "web1", &g), 0);
	CHECK(g.netboot);
	CHECK_INT(raw_int("SELECT count(*) FROM host_events"), 2);
	CHECK_INT(raw_int("SELECT count(*) FROM hosts"), 1);
	store_close(s);
}

TEST_MAIN()
