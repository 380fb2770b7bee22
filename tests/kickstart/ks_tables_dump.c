/* Prints the kickstart tables as one line per (version, command/section,
 * option/positional), the form pyks_tables.py prints for pykickstart, so
 * compare-tables.sh can diff what pxed knows against what pykickstart
 * registers. A maintenance tool, not a test (pykickstart is not in CI). */
#include "kickstart/ks_schema.h"

#include <stdio.h>

static const char *const type_names[] = {
	[KS_ARG_FLAG] = "FLAG",   [KS_ARG_STRING] = "STRING", [KS_ARG_INT] = "INT",
	[KS_ARG_BOOL] = "BOOL",   [KS_ARG_LIST] = "LIST",     [KS_ARG_CHOICE] = "CHOICE",
};

static const char *status_name(enum ks_status st)
{
	switch (st) {
	case KS_OK:
		return "ok";
	case KS_DEPRECATED:
		return "deprecated";
	case KS_REMOVED:
		return "removed";
	default:
		return "absent";
	}
}

static void print_option(const char *v, const char *owner, const struct ks_option *o,
			 enum ks_version ver, bool details)
{
	printf("%s %s opt ", v, owner);
	for (size_t k = 0; k < KS_MAX_NAMES && o->names[k]; k++)
		printf("%s%s", k ? "|" : "", o->names[k]);
	printf(" %s %s%s", type_names[o->type],
	       ks_option_status(o, ver) == KS_DEPRECATED ? "depr" : "ok",
	       ks_option_required(o, ver) ? " req" : "");
	if (details) {
		if (o->choices) {
			printf(" [");
			for (const char *const *c = o->choices; *c; c++)
				printf("%s,", *c);
			printf("]");
		}
		if (o->flags & (KS_OPT_NOCASE | KS_OPT_OPTIONAL_VALUE | KS_OPT_APPEND))
			printf(" f%u", o->flags & (KS_OPT_NOCASE | KS_OPT_OPTIONAL_VALUE | KS_OPT_APPEND));
		if (o->ranged)
			printf(" r%lld..%lld", (long long)o->min, (long long)o->max);
	}
	printf("\n");
}

static void print_options(const char *v, const char *owner, const struct ks_option *opts,
			  enum ks_version ver, bool details)
{
	for (const struct ks_option *o = opts; o && o->names[0]; o++)
		if (ks_option_status(o, ver) != KS_ABSENT)
			print_option(v, owner, o, ver, details);
}

int main(void)
{
	size_t n;
	const struct ks_version_info *vi = ks_versions(&n);
	for (size_t i = 0; i < n; i++) {
		enum ks_version ver = vi[i].v;
		const char *v = vi[i].name;
		for (const struct ks_command *c = ks_commands; c->name; c++) {
			enum ks_status st = ks_command_status(c, ver);
			if (st == KS_ABSENT)
				continue;
			printf("%s %s %s\n", v, c->name, status_name(st));
			if (st != KS_OK || (c->flags & KS_CMD_INTERNAL))
				continue;
			print_options(v, c->name, c->options, ver, true);
			for (const struct ks_positional *p = c->positionals; p && p->metavar; p++)
				if (p->versions & KS_V(ver))
					printf("%s %s pos %s %u %u\n", v, c->name, p->metavar, p->min,
					       p->max);
		}
		for (const struct ks_section *s = ks_sections; s->name; s++) {
			enum ks_status st = ks_section_status(s, ver);
			if (st == KS_ABSENT)
				continue;
			printf("%s %s %s\n", v, s->name, status_name(st));
			print_options(v, s->name, s->options, ver, false);
		}
	}
	return 0;
}
