/* Versions and table lookups. The tables are small (about a hundred commands),
 * so a linear scan per lookup costs far less than the tokenising of a line. */
#include "kickstart/ks_schema.h"

#include <errno.h>
#include <string.h>
#include <strings.h>

static const struct ks_version_info versions[KS_V_COUNT] = {
	{ KS_RHEL6, "RHEL6", 11100, true },
	{ KS_RHEL7, "RHEL7", 19100, true },
	{ KS_RHEL8, "RHEL8", 26100, true },
	{ KS_RHEL9, "RHEL9", 34100, true },
	{ KS_F40, "F40", 40000, true },
};

const struct ks_version_info *ks_versions(size_t *n)
{
	*n = KS_V_COUNT;
	return versions;
}

const struct ks_version_info *ks_version_info(enum ks_version v)
{
	return (unsigned)v < KS_V_COUNT ? &versions[v] : NULL;
}

const char *ks_version_name(enum ks_version v)
{
	return (unsigned)v < KS_V_COUNT ? versions[v].name : "?";
}

/* Accepts "RHEL8", "rhel8", "RHEL8.9", "RHEL-8", "F40", "fc40", "fedora40",
 * "DEVEL". The numeric part must name a supported version exactly. */
int ks_version_from_name(const char *name, enum ks_version *ret)
{
	if (!name || !*name)
		return -EINVAL;
	if (strcasecmp(name, "DEVEL") == 0) {
		*ret = KS_V_DEFAULT;
		return 0;
	}
	const char *p = name;
	bool rhel;
	if (strncasecmp(p, "rhel", 4) == 0) {
		rhel = true;
		p += 4;
	} else if (strncasecmp(p, "fedora", 6) == 0) {
		rhel = false;
		p += 6;
	} else if (strncasecmp(p, "fc", 2) == 0) {
		rhel = false;
		p += 2;
	} else if (*p == 'f' || *p == 'F') {
		rhel = false;
		p += 1;
	} else {
		return -EINVAL;
	}
	if (*p == '-')
		p++;
	if (*p < '0' || *p > '9')
		return -EINVAL;
	unsigned num = 0;
	while (*p >= '0' && *p <= '9' && num < 1000)
		num = num * 10 + (unsigned)(*p++ - '0');
	if (*p == '.' && rhel) {
		p++;
		if (*p < '0' || *p > '9')
			return -EINVAL;
		while (*p >= '0' && *p <= '9')
			p++;
	}
	if (*p)
		return -EINVAL;
	char canon[16];
	canon[0] = 0;
	if (rhel && num < 100) {
		canon[0] = 'R', canon[1] = 'H', canon[2] = 'E', canon[3] = 'L';
		canon[4] = (char)('0' + num % 10);
		canon[5] = 0;
		if (num >= 10)
			return -EINVAL;
	} else if (!rhel && num < 100) {
		canon[0] = 'F';
		canon[1] = (char)('0' + num / 10);
		canon[2] = (char)('0' + num % 10);
		canon[3] = 0;
	} else {
		return -EINVAL;
	}
	for (size_t i = 0; i < KS_V_COUNT; i++) {
		if (strcmp(versions[i].name, canon) == 0) {
			*ret = versions[i].v;
			return 0;
		}
	}
	return -EINVAL;
}

enum ks_status ks_status_of(ks_vmask ok, ks_vmask depr, ks_vmask removed, enum ks_version v)
{
	ks_vmask bit = KS_V(v);
	if (ok & bit)
		return KS_OK;
	if (depr & bit)
		return KS_DEPRECATED;
	if (removed & bit)
		return KS_REMOVED;
	return KS_ABSENT;
}

enum ks_status ks_command_status(const struct ks_command *c, enum ks_version v)
{
	return ks_status_of(c->ok, c->depr, c->removed, v);
}

enum ks_status ks_section_status(const struct ks_section *s, enum ks_version v)
{
	return ks_status_of(s->ok, s->depr, s->removed, v);
}

enum ks_status ks_option_status(const struct ks_option *o, enum ks_version v)
{
	return ks_status_of(o->ok, o->depr, 0, v);
}

bool ks_option_required(const struct ks_option *o, enum ks_version v)
{
	return (o->required & KS_V(v)) != 0;
}

const struct ks_command *ks_command_find(const char *name, enum ks_version v)
{
	for (const struct ks_command *c = ks_commands; c->name; c++)
		if (strcmp(c->name, name) == 0 && ks_command_status(c, v) != KS_ABSENT)
			return c;
	return NULL;
}

const struct ks_section *ks_section_find(const char *name, enum ks_version v)
{
	for (const struct ks_section *s = ks_sections; s->name; s++)
		if (strcmp(s->name, name) == 0 && ks_section_status(s, v) != KS_ABSENT)
			return s;
	return NULL;
}

const struct ks_option *ks_option_find(const struct ks_option *opts, const char *name,
				       enum ks_version v)
{
	if (!opts)
		return NULL;
	for (const struct ks_option *o = opts; o->names[0]; o++) {
		if (ks_option_status(o, v) == KS_ABSENT)
			continue;
		for (size_t i = 0; i < KS_MAX_NAMES && o->names[i]; i++)
			if (strcmp(o->names[i], name) == 0)
				return o;
	}
	return NULL;
}

/* argparse counts matching option *strings*, so two aliases of one option
 * that share the prefix ("--ondisk", "--ondrive" for "--ond") are ambiguous. */
const struct ks_option *ks_option_resolve(const struct ks_option *opts, const char *name,
					  size_t namelen, enum ks_version v, int *nmatch)
{
	*nmatch = 0;
	if (!opts)
		return NULL;
	const struct ks_option *found = NULL;
	int n = 0;
	for (const struct ks_option *o = opts; o->names[0]; o++) {
		if (ks_option_status(o, v) == KS_ABSENT)
			continue;
		for (size_t i = 0; i < KS_MAX_NAMES && o->names[i]; i++) {
			const char *cand = o->names[i];
			size_t cl = strlen(cand);
			if (cl == namelen && memcmp(cand, name, namelen) == 0) {
				*nmatch = 1;
				return o;
			}
			if (cl > namelen && memcmp(cand, name, namelen) == 0) {
				found = o;
				n++;
			}
		}
	}
	*nmatch = n;
	return n == 1 ? found : NULL;
}
