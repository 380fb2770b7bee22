/* Binding a command's (or section header's) words to its options and
 * positionals the way pykickstart's argparse-based parsers do (Python 3.11
 * argparse, allow_abbrev on): --opt=value or --opt value, unique prefixes,
 * ambiguous prefixes rejected, last repeat wins, flags take no value,
 * positionals interleaved with options (and argparse's greedy matching of
 * positional groups), required options, typed values.
 *
 * pykickstart stops a command at its first error, so binding reports one
 * error: the one argparse would raise first. */
#pragma once
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "kickstart/ks_arena.h"
#include "kickstart/ks_lex.h"
#include "kickstart/ks_schema.h"

#define KS_MAX_POSGROUPS 8

/* One option occurrence, in argument order. */
struct ks_occ {
	const struct ks_option *opt;
	const char *spelled;          /* the option string argparse resolved to ("--ondisk") */
	const struct ks_word *value;  /* NULL: a flag, or an optional-value option given alone */
	size_t index;                 /* position among the command's arguments */
};

struct ks_bound {
	struct ks_occ *occ;           /* arena array */
	size_t nocc;
	const struct ks_word **pos;   /* words bound to positionals, in order */
	size_t npos;
	const struct ks_word **extras;/* leftovers (parse_known_args) and, for
	                                 KS_CMD_EXTRAS_POSITIONAL, unknown options */
	size_t nextras;
	/* how many of pos[] each positional group of this version took, in
	 * order (argparse's greedy matching decides, see ks_bind.c) */
	size_t ngroups;
	size_t group_count[KS_MAX_POSGROUPS];
};

enum ks_bind_errkind {
	KS_BIND_OK = 0,
	KS_BIND_UNKNOWN,      /* unrecognized arguments (parse_args) */
	KS_BIND_UNEXPECTED,   /* leftovers of parse_known_args */
	KS_BIND_AMBIGUOUS,
	KS_BIND_NEEDS_VALUE,  /* expected one argument */
	KS_BIND_NO_VALUE,     /* a flag given a value */
	KS_BIND_BAD_VALUE,    /* int / bool / choice */
	KS_BIND_REQUIRED,     /* required option or positional missing */
	KS_BIND_DEPRECATED,   /* a deprecated option (an error under ksvalidator) */
};

struct ks_bind_error {
	enum ks_bind_errkind kind;
	const struct ks_option *opt;  /* the option at fault, when there is one */
	char msg[320];                /* "unknown option --foo", ... (no command prefix) */
};

/* args/nargs: the words after the command or section name. Returns 0, or
 * -EINVAL with *err, or -ENOMEM. */
int ks_bind(struct ks_arena *a, const struct ks_option *opts, const struct ks_positional *pos,
	    unsigned cmdflags, enum ks_version v, const struct ks_word *args, size_t nargs,
	    struct ks_bound *out, struct ks_bind_error *err);

/* Last occurrence of an option (by row), or NULL. */
const struct ks_occ *ks_bound_last(const struct ks_bound *b, const struct ks_option *o);
/* Last occurrence of the option one of whose names is `name`, or NULL. */
const struct ks_occ *ks_bound_find(const struct ks_bound *b, const char *name);
bool ks_bound_has(const struct ks_bound *b, const char *name);
/* The last value of the named option, or NULL (absent, or a flag). */
const char *ks_bound_value(const struct ks_bound *b, const char *name);

/* Value parsers with pykickstart's rules. */
/* Python int(): surrounding whitespace, sign, digits with single '_' between
 * them. Saturates at the int64 range (Python ints are unbounded). */
bool ks_parse_pyint(const char *s, size_t len, int64_t *ret);
/* ksboolean: on|yes|true|1 / off|no|false|0, case-insensitive. */
bool ks_parse_bool(const char *s, size_t len, bool *ret);
