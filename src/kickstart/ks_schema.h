/* The kickstart language as data: versions, commands, options, sections.
 *
 * One set of rows describes every supported version at once. Each command,
 * option and section row carries version masks saying in which versions it is
 * accepted (ok), deprecated (depr: pykickstart parses it but ksvalidator
 * reports it, so the file is INVALID) or removed (removed: "X has been
 * removed." — only meaningful for commands and sections). A version in none of
 * the three masks means the row does not exist there ("Unknown command",
 * "unrecognized arguments"). When a command or option changes shape between
 * versions (other type, other positionals, aliases split apart), write several
 * rows with the same name and disjoint version masks: the lookups return the
 * one row that exists in the asked version.
 *
 * Who fills what:
 *  - ks_table_*.c (K2): ks_commands[] and ks_sections[] below — every command,
 *    option, positional and section header option per version, as
 *    kickstart-spec.md §4, §5, §8 and §10 describe them.
 *  - ks_rules.c (K1): ks_conflicts[] (commands that cannot be used together)
 *    and ks_rules[] (declarative option relations of §7); every check that is
 *    not a plain table lookup (duplicates, value domains, version quirks) is
 *    code in ks_check*.c.
 *  - ks_schema.c (K1): the version list and the lookup functions.
 *
 * Arrays are terminated by an all-zero row (name == NULL). Once published this
 * header only grows: existing names, fields and enum values keep their meaning. */
#pragma once
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* ---- versions ------------------------------------------------------------
 * Ordered as pykickstart orders them numerically (RHEL6 ≈ after F13, RHEL7 ≈
 * after F21, RHEL8 ≈ after F28, RHEL9 ≈ after F34, then F40). New versions are
 * appended at the end only, so KS_V_COUNT grows; masks stay valid. */
enum ks_version {
	KS_RHEL6,
	KS_RHEL7,
	KS_RHEL8,
	KS_RHEL9,
	KS_F40,
	KS_V_COUNT,
};

typedef uint32_t ks_vmask; /* bit (1u << enum ks_version) per version */

#define KS_V(v) ((ks_vmask)1u << (v))
#define KS_V_ALL ((ks_vmask)((1u << KS_V_COUNT) - 1u))
/* versions from v on / up to and including v */
#define KS_V_SINCE(v) (KS_V_ALL & ~(KS_V(v) - 1u))
#define KS_V_UNTIL(v) ((ks_vmask)((KS_V(v) << 1) - 1u))
/* the newest version, used when none is given (like ksvalidator's DEVEL) */
#define KS_V_DEFAULT KS_F40

struct ks_version_info {
	enum ks_version v;
	const char *name;      /* "RHEL8", "F40": what --version takes */
	int number;            /* pykickstart's numeric value (RHEL8 = 26100) */
	bool end_required;     /* sections must be closed by %end (F8+, i.e. all ours) */
};

/* State of a row in one version. */
enum ks_status {
	KS_ABSENT = 0, /* unknown in this version */
	KS_OK,
	KS_DEPRECATED, /* parsed, reported (INVALID under ksvalidator) */
	KS_REMOVED,    /* "X has been removed." */
};

/* ---- options -------------------------------------------------------------
 * Option syntax is argparse's: --opt=value or --opt value, unambiguous
 * prefixes accepted, last repeat wins (or accumulates for KS_OPT_APPEND). */
enum ks_argtype {
	KS_ARG_FLAG = 0, /* store_true/store_false/store_const: a value is an error */
	KS_ARG_STRING,   /* any one word */
	KS_ARG_INT,      /* Python int(): sign, spaces, '_' separators; no units */
	KS_ARG_BOOL,     /* on|yes|true|1|off|no|false|0, case-insensitive */
	KS_ARG_LIST,     /* comma-separated (commaSplit: items stripped, empty dropped) */
	KS_ARG_CHOICE,   /* one of .choices, exact; with KS_OPT_NOCASE case-insensitive */
};

enum {
	KS_OPT_NOCASE = 1u << 0,         /* choices compared case-insensitively */
	KS_OPT_OPTIONAL_VALUE = 1u << 1, /* nargs='?': "--opt" alone or with a value; as in
	                                    argparse, a following word that is not an option
	                                    becomes the value */
	KS_OPT_APPEND = 1u << 2,         /* repeats accumulate (append/extend) instead of last-wins */
	KS_OPT_MOUNTPOINT = 1u << 3,     /* value normalised like os.path.normpath when it starts with '/' */
};

#define KS_MAX_NAMES 6

struct ks_option {
	/* names[0] is the canonical spelling, the others aliases ("--ondisk",
	 * "--ondrive"); all include the leading "--". Unused slots are NULL. */
	const char *names[KS_MAX_NAMES];
	enum ks_argtype type;
	unsigned flags;               /* KS_OPT_* */
	const char *const *choices;   /* KS_ARG_CHOICE: NULL-terminated list */
	ks_vmask ok;                  /* versions where the option is accepted */
	ks_vmask depr;                /* versions where it is deprecated (still parsed) */
	/* versions where only the full spelling (not an abbreviation) draws
	 * pykickstart's "will be deprecated" warning, which ksvalidator fails on */
	ks_vmask warn_exact;
	ks_vmask required;            /* versions where argparse marks it required */
	bool ranged;                  /* KS_ARG_INT: value must lie in [min,max] */
	int64_t min, max;
	const char *replacement;      /* for deprecation messages: "--inst-langs", "timesource" */
	const char *help;             /* one line, optional: used by `pxed ks new --help`-like output */
};

/* ---- positional arguments ------------------------------------------------
 * In argparse order. min/max give nargs: 1/1 = nargs=1 (or plain), 0/1 = '?',
 * 0/KS_MANY = '*', 1/KS_MANY = '+'. A command may list several rows for one
 * slot with different version masks (timezone: exactly 1 on RHEL6, 0..n after). */
#define KS_MANY 255

struct ks_positional {
	const char *metavar; /* "<mntpoint>", "<partitions*>" */
	uint8_t min, max;
	ks_vmask versions;   /* where this positional exists (0 = never; use KS_V_ALL) */
	unsigned flags;      /* KS_OPT_MOUNTPOINT applies here too */
};

/* ---- commands ------------------------------------------------------------ */
enum {
	/* parse_known_args: leftover words are reported as "Unexpected arguments to
	 * <cmd> command" (part, logvol, raid, lang, keyboard, timezone, rootpw, ...);
	 * without it leftovers are "unrecognized arguments". Both are errors. */
	KS_CMD_KNOWN_ARGS = 1u << 0,
	/* unknown options and leftovers are not errors but extra positionals
	 * (volgroup: "volgroup vg --pe-size=4 pv.01" is valid) */
	KS_CMD_EXTRAS_POSITIONAL = 1u << 1,
	/* the words go to an external tool and are not parsed at all
	 * (auth/authconfig, authselect, realm's arguments) */
	KS_CMD_FREEFORM = 1u << 2,
	/* registered in pykickstart's table but writing it is always an error
	 * (method: an internal aggregate of url/nfs/cdrom/harddrive) */
	KS_CMD_INTERNAL = 1u << 3,
};

enum ks_multi {
	KS_SINGLE = 0, /* may appear once: pykickstart keeps the last (we warn) */
	KS_MULTI,      /* accumulates (part, network, user, repo, ...) */
};

struct ks_command {
	const char *name;              /* "part" and "partition" are two rows */
	ks_vmask ok, depr, removed;
	/* Rows sharing one pykickstart handler object: "seen" (for conflicts) and
	 * single-instance state are per group. In pykickstart 3.74 the shared
	 * handlers are: auth/authconfig ("auth"), cmdline/graphical/text
	 * ("displaymode"), halt/poweroff/reboot/shutdown ("reboot"),
	 * part/partition ("part"), and on RHEL6 install/upgrade ("upgrade").
	 * NULL = the command's own name. */
	const char *group;
	enum ks_multi multi;
	unsigned flags;                /* KS_CMD_* */
	const struct ks_option *options;       /* terminated by names[0] == NULL; may be NULL */
	const struct ks_positional *positionals; /* terminated by metavar == NULL; may be NULL */
	const char *replacement;       /* for depr/removed messages: "authselect", "url" */
	const char *help;              /* one line, optional */
};

/* ---- sections ------------------------------------------------------------ */
enum ks_body {
	KS_BODY_SCRIPT = 0, /* %pre, %pre-install, %post, %onerror, %traceback: opaque text */
	KS_BODY_PACKAGES,   /* %packages: @group / @^env / @module:stream / -pkg / pkg lines */
	KS_BODY_CERTIFICATE,/* %certificate: PEM text, must be non-empty */
	KS_BODY_OPAQUE,     /* %addon NAME, %anaconda: not interpreted */
};

enum {
	/* the header words after the name are not parsed (%addon, %anaconda) */
	KS_SEC_FREEFORM_HEADER = 1u << 0,
};

struct ks_section {
	const char *name;               /* with the '%': "%packages" */
	enum ks_body body;
	ks_vmask ok, depr, removed;
	unsigned flags;                 /* KS_SEC_* */
	const struct ks_option *options; /* header options; terminated by names[0] == NULL */
	const char *replacement;
	const char *help;
};

/* ---- relations (filled by K1 in ks_rules.c) -------------------------------
 * Conflicting commands are checked when the later one is seen, as pykickstart
 * does: the row says "<later> after <earlier> is an error in these versions";
 * symmetric conflicts are two rows. */
struct ks_conflict {
	const char *later, *earlier;   /* command names (a group name matches every member) */
	ks_vmask versions;
};

enum ks_rule_kind {
	KS_RULE_EXACTLY_ONE = 1, /* exactly one of opts */
	KS_RULE_AT_LEAST_ONE,    /* one or more of opts */
	KS_RULE_AT_MOST_ONE,     /* not two of opts together */
	KS_RULE_REQUIRES,        /* opts[0] given => every other opt given */
	KS_RULE_EXCLUDES,        /* opts[0] given => none of the others */
};

#define KS_RULE_MAX_OPTS 6

struct ks_rule {
	const char *command;      /* command or section name ("%packages") */
	enum ks_rule_kind kind;
	/* canonical option names; the pseudo-name "<args>" stands for "at least
	 * one positional argument" */
	const char *opts[KS_RULE_MAX_OPTS];
	ks_vmask versions;
	const char *message;      /* optional wording; NULL = generated from kind and opts */
};

/* ---- the tables ---------------------------------------------------------- */
extern const struct ks_command ks_commands[];   /* K2: ks_table_*.c */
extern const struct ks_section ks_sections[];   /* K2: ks_table_*.c */
extern const struct ks_conflict ks_conflicts[]; /* K1: ks_rules.c, terminated by later == NULL */
extern const struct ks_rule ks_rules[];         /* K1: ks_rules.c, terminated by command == NULL */

/* ---- lookups (ks_schema.c) ----------------------------------------------- */

/* Every supported version, oldest first; *n receives the count. */
const struct ks_version_info *ks_versions(size_t *n);
const struct ks_version_info *ks_version_info(enum ks_version v);
const char *ks_version_name(enum ks_version v);
/* "RHEL8", "rhel8", "RHEL8.9" (minor ignored), "F40", "fedora40", "DEVEL"
 * (= newest). Returns 0 or -EINVAL. */
int ks_version_from_name(const char *name, enum ks_version *ret);

/* Status of a row in version v from its masks. */
enum ks_status ks_status_of(ks_vmask ok, ks_vmask depr, ks_vmask removed, enum ks_version v);

/* The command row named exactly `name` that exists (ok, deprecated or
 * removed) in v, or NULL when the command is unknown in v. */
const struct ks_command *ks_command_find(const char *name, enum ks_version v);
enum ks_status ks_command_status(const struct ks_command *c, enum ks_version v);

/* The section row named exactly `name` ("%post") that exists in v, or NULL. */
const struct ks_section *ks_section_find(const char *name, enum ks_version v);
enum ks_status ks_section_status(const struct ks_section *s, enum ks_version v);

/* Option of an option list (a command's or a section's) present (ok or
 * deprecated) in v whose name or alias equals `name` exactly, or NULL. */
const struct ks_option *ks_option_find(const struct ks_option *opts, const char *name,
				       enum ks_version v);
/* argparse-style resolution of a word's option name (the part before '='):
 * an exact name or alias wins; otherwise a unique prefix of the names present
 * in v. Returns the option, or NULL with *nmatch = 0 (unknown) or *nmatch > 1
 * (ambiguous: argparse reports "ambiguous option"). */
const struct ks_option *ks_option_resolve(const struct ks_option *opts, const char *name,
					  size_t namelen, enum ks_version v, int *nmatch);
enum ks_status ks_option_status(const struct ks_option *o, enum ks_version v);
bool ks_option_required(const struct ks_option *o, enum ks_version v);
