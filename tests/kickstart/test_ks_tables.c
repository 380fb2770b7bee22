/* Consistency of the kickstart command/section tables (ks_table_*.c): the
 * invariants the lookups in ks_schema.c rely on, plus spot checks of the
 * version deltas operators trip over (kickstart-spec.md §8). What the
 * tables say about every command is checked end to end by the corpus
 * (run_corpus.sh); this test catches a malformed row before that. */
#include "kickstart/ks_schema.h"

#include "test.h"

static ks_vmask row_mask(ks_vmask ok, ks_vmask depr, ks_vmask removed)
{
	return ok | depr | removed;
}

static bool names_overlap(const struct ks_option *a, const struct ks_option *b)
{
	for (size_t i = 0; i < KS_MAX_NAMES && a->names[i]; i++)
		for (size_t j = 0; j < KS_MAX_NAMES && b->names[j]; j++)
			if (strcmp(a->names[i], b->names[j]) == 0)
				return true;
	return false;
}

/* Every row of an option list: names well formed, masks disjoint and within
 * the known versions, required only where present, types consistent; and no
 * two rows answer to the same name in the same version. */
static void check_options(const char *owner, const struct ks_option *opts)
{
	if (!opts)
		return;
	for (const struct ks_option *o = opts; o->names[0]; o++) {
		for (size_t i = 0; i < KS_MAX_NAMES && o->names[i]; i++) {
			if (strncmp(o->names[i], "--", 2) != 0 || strlen(o->names[i]) < 3) {
				fprintf(stderr, "%s: bad option name %s\n", owner, o->names[i]);
				test_failures++;
			}
		}
		CHECK((o->ok & o->depr) == 0);
		CHECK((o->ok | o->depr) != 0);
		CHECK(((o->ok | o->depr) & ~KS_V_ALL) == 0);
		CHECK((o->required & ~(o->ok | o->depr)) == 0);
		CHECK((o->type == KS_ARG_CHOICE) == (o->choices != NULL));
		if (o->choices)
			CHECK(o->choices[0] != NULL);
		if (o->ranged) {
			CHECK(o->type == KS_ARG_INT);
			CHECK(o->min <= o->max);
		}
		CHECK(!(o->flags & KS_OPT_OPTIONAL_VALUE) || o->type != KS_ARG_FLAG);
		if (o->replacement)
			CHECK(o->depr != 0);
		for (const struct ks_option *p = o + 1; p->names[0]; p++) {
			if (names_overlap(o, p) && ((o->ok | o->depr) & (p->ok | p->depr))) {
				fprintf(stderr, "%s: %s defined twice in one version\n", owner, o->names[0]);
				test_failures++;
			}
		}
	}
}

TEST(command_rows)
{
	int n = 0;
	for (const struct ks_command *c = ks_commands; c->name; c++, n++) {
		CHECK((c->ok & c->depr) == 0);
		CHECK((c->ok & c->removed) == 0);
		CHECK((c->depr & c->removed) == 0);
		CHECK(row_mask(c->ok, c->depr, c->removed) != 0);
		CHECK((row_mask(c->ok, c->depr, c->removed) & ~KS_V_ALL) == 0);
		for (const struct ks_command *d = c + 1; d->name; d++)
			if (strcmp(c->name, d->name) == 0)
				CHECK((row_mask(c->ok, c->depr, c->removed) &
				       row_mask(d->ok, d->depr, d->removed)) == 0);
		if (c->replacement)
			CHECK(c->depr | c->removed);
		check_options(c->name, c->options);
		for (const struct ks_positional *p = c->positionals; p && p->metavar; p++) {
			CHECK(p->min <= p->max);
			CHECK(p->versions != 0);
			for (const struct ks_positional *q = p + 1; q->metavar; q++)
				if (strcmp(p->metavar, q->metavar) == 0)
					CHECK((p->versions & q->versions) == 0);
		}
	}
	CHECK(n > 70);
}

/* A replacement named in a message must itself be usable where the row is
 * deprecated or removed (the checker tells people to switch to it). */
TEST(replacements_exist)
{
	size_t nv;
	const struct ks_version_info *vi = ks_versions(&nv);
	for (const struct ks_command *c = ks_commands; c->name; c++) {
		if (!c->replacement)
			continue;
		for (size_t i = 0; i < nv; i++) {
			if (!((c->depr | c->removed) & KS_V(vi[i].v)))
				continue;
			const struct ks_command *r = ks_command_find(c->replacement, vi[i].v);
			if (!r || ks_command_status(r, vi[i].v) != KS_OK) {
				fprintf(stderr, "%s -> %s missing in %s\n", c->name, c->replacement,
					vi[i].name);
				test_failures++;
			}
		}
	}
	for (const struct ks_section *s = ks_sections; s->name; s++) {
		if (s->replacement)
			CHECK(ks_section_find(s->replacement, KS_F40) != NULL);
		check_options(s->name, s->options);
	}
	/* option replacements that are options of the same list */
	const struct ks_section *pkg = ks_section_find("%packages", KS_RHEL9);
	CHECK(pkg != NULL);
	if (pkg) {
		const struct ks_option *old = ks_option_find(pkg->options, "--instLangs", KS_RHEL9);
		CHECK(old != NULL);
		if (old && old->replacement)
			CHECK(ks_option_find(pkg->options, old->replacement, KS_RHEL9) != NULL);
	}
}

TEST(groups_name_commands)
{
	for (const struct ks_command *c = ks_commands; c->name; c++) {
		if (!c->group)
			continue;
		bool found = false;
		for (const struct ks_command *d = ks_commands; d->name; d++)
			if (strcmp(d->name, c->group) == 0 || (d != c && d->group &&
							      strcmp(d->group, c->group) == 0))
				found = true;
		CHECK(found);
	}
}

static enum ks_status cmd_status(const char *name, enum ks_version v)
{
	const struct ks_command *c = ks_command_find(name, v);
	return c ? ks_command_status(c, v) : KS_ABSENT;
}

static enum ks_status opt_status(const char *cmd, const char *opt, enum ks_version v)
{
	const struct ks_command *c = ks_command_find(cmd, v);
	const struct ks_option *o = c ? ks_option_find(c->options, opt, v) : NULL;
	return o ? ks_option_status(o, v) : KS_ABSENT;
}

/* The deltas the CentOS 6/7 guides run into (kickstart-spec.md §8, §10). */
TEST(guide_version_deltas)
{
	CHECK_INT(cmd_status("install", KS_RHEL6), KS_OK);
	CHECK_INT(cmd_status("install", KS_RHEL7), KS_OK);
	CHECK_INT(cmd_status("install", KS_RHEL8), KS_DEPRECATED);
	CHECK_INT(cmd_status("install", KS_RHEL9), KS_REMOVED);
	CHECK_INT(cmd_status("key", KS_RHEL6), KS_OK);
	CHECK_INT(cmd_status("key", KS_RHEL7), KS_ABSENT);
	CHECK_INT(cmd_status("auth", KS_RHEL7), KS_OK);
	CHECK_INT(cmd_status("authconfig", KS_RHEL8), KS_DEPRECATED);
	CHECK_INT(cmd_status("authconfig", KS_F40), KS_REMOVED);
	CHECK_INT(cmd_status("authselect", KS_RHEL7), KS_ABSENT);
	CHECK_INT(cmd_status("authselect", KS_RHEL8), KS_OK);
	CHECK_INT(cmd_status("monitor", KS_RHEL6), KS_DEPRECATED);
	CHECK_INT(cmd_status("upgrade", KS_RHEL7), KS_DEPRECATED);
	CHECK_INT(cmd_status("upgrade", KS_RHEL8), KS_ABSENT);
	CHECK_INT(cmd_status("btrfs", KS_RHEL8), KS_DEPRECATED);
	CHECK_INT(cmd_status("btrfs", KS_F40), KS_OK);
	CHECK_INT(cmd_status("timesource", KS_RHEL8), KS_ABSENT);
	CHECK_INT(cmd_status("timesource", KS_RHEL9), KS_OK);
	CHECK_INT(cmd_status("rhsm", KS_F40), KS_ABSENT);
	CHECK_INT(opt_status("xconfig", "--startxonboot", KS_RHEL6), KS_OK);
	CHECK_INT(opt_status("xconfig", "--depth", KS_RHEL6), KS_DEPRECATED);
	CHECK_INT(opt_status("xconfig", "--depth", KS_RHEL7), KS_ABSENT);
	CHECK_INT(opt_status("part", "--bytes-per-inode", KS_RHEL6), KS_DEPRECATED);
	CHECK_INT(opt_status("partition", "--bytes-per-inode", KS_RHEL7), KS_ABSENT);
	CHECK_INT(opt_status("bootloader", "--boot-drive", KS_RHEL6), KS_ABSENT);
	CHECK_INT(opt_status("bootloader", "--boot-drive", KS_RHEL7), KS_OK);
	CHECK_INT(opt_status("keyboard", "--vckeymap", KS_RHEL6), KS_ABSENT);
	CHECK_INT(opt_status("keyboard", "--xlayouts", KS_RHEL7), KS_OK);
	CHECK_INT(opt_status("timezone", "--utc", KS_RHEL6), KS_OK);
	CHECK_INT(opt_status("timezone", "--isUtc", KS_RHEL8), KS_OK);
	CHECK_INT(opt_status("timezone", "--isUtc", KS_RHEL9), KS_DEPRECATED);
	CHECK_INT(opt_status("logging", "--level", KS_RHEL8), KS_OK);
	CHECK_INT(opt_status("logging", "--level", KS_RHEL9), KS_DEPRECATED);
	CHECK_INT(opt_status("logging", "--level", KS_F40), KS_ABSENT);
	CHECK_INT(opt_status("rootpw", "--allow-ssh", KS_RHEL8), KS_ABSENT);
	CHECK_INT(opt_status("rootpw", "--allow-ssh", KS_RHEL9), KS_OK);

	const struct ks_section *trace = ks_section_find("%traceback", KS_RHEL9);
	CHECK(trace && ks_section_status(trace, KS_RHEL9) == KS_DEPRECATED);
	const struct ks_section *pkg = ks_section_find("%packages", KS_RHEL7);
	CHECK(pkg != NULL);
	if (pkg) {
		const struct ks_option *nobase = ks_option_find(pkg->options, "--nobase", KS_RHEL7);
		CHECK(nobase && ks_option_status(nobase, KS_RHEL7) == KS_DEPRECATED);
		CHECK(ks_option_find(pkg->options, "--nobase", KS_RHEL8) == NULL);
	}
}

/* Prefix resolution depends on which spellings coexist in a version. */
TEST(prefixes_by_version)
{
	int n;
	const struct ks_command *part = ks_command_find("part", KS_RHEL8);
	CHECK(part != NULL);
	if (part) {
		const struct ks_option *o = ks_option_resolve(part->options, "--fs", 4, KS_RHEL8, &n);
		CHECK(o == NULL);
		CHECK(n > 1);
		o = ks_option_resolve(part->options, "--gr", 4, KS_RHEL8, &n);
		CHECK(o && strcmp(o->names[0], "--grow") == 0);
	}
	const struct ks_command *tz = ks_command_find("timezone", KS_RHEL7);
	CHECK(tz != NULL);
	if (tz) {
		/* --utc and --isUtc are one option up to RHEL7, two after */
		const struct ks_option *a = ks_option_find(tz->options, "--utc", KS_RHEL7);
		const struct ks_option *b = ks_option_find(tz->options, "--isUtc", KS_RHEL7);
		CHECK(a && a == b);
		a = ks_option_find(tz->options, "--utc", KS_RHEL8);
		b = ks_option_find(tz->options, "--isUtc", KS_RHEL8);
		CHECK(a && b && a != b);
	}
	const struct ks_section *pkg = ks_section_find("%packages", KS_RHEL9);
	if (pkg) {
		CHECK(ks_option_resolve(pkg->options, "--inst", 6, KS_RHEL8, &n) != NULL);
		CHECK(ks_option_resolve(pkg->options, "--inst", 6, KS_RHEL9, &n) == NULL);
		CHECK_INT(n, 2);
	}
}

TEST(sections_everywhere)
{
	static const char *const names[] = { "%pre", "%pre-install", "%post", "%onerror",
					     "%traceback", "%packages", "%certificate",
					     "%addon", "%anaconda" };
	size_t nv;
	const struct ks_version_info *vi = ks_versions(&nv);
	for (size_t i = 0; i < sizeof(names) / sizeof(names[0]); i++)
		for (size_t v = 0; v < nv; v++)
			CHECK(ks_section_find(names[i], vi[v].v) != NULL);
	const struct ks_section *post = ks_section_find("%post", KS_RHEL6);
	const struct ks_section *pre = ks_section_find("%pre", KS_RHEL6);
	CHECK(post && ks_option_find(post->options, "--nochroot", KS_RHEL6));
	CHECK(pre && !ks_option_find(pre->options, "--nochroot", KS_RHEL6));
}

TEST_MAIN()
