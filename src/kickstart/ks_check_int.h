/* Internal to ks_check.c and ks_check_sem.c: the state a check carries
 * from one command to the next (what pykickstart's handler objects
 * remember: which commands were seen, the data lists duplicates are
 * looked up in) plus what pxed's extra checks need at the end. */
#pragma once
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "kickstart/ks_bind.h"
#include "kickstart/ks_check.h"

/* A string set (open addressing) for duplicate keys: "part\0/home" etc. */
struct ks_strset {
	char **slots;
	size_t cap, n;
};

bool ks_strset_has(const struct ks_strset *s, const char *k, size_t len);
int ks_strset_add(struct ks_strset *s, struct ks_arena *a, const char *k, size_t len);
void ks_strset_free(struct ks_strset *s);

/* Something an extra check looks at after the whole file was read. */
struct ks_ref {
	struct ks_loc loc;
	size_t seq;
	const char *cmd;     /* "logvol", "raid", "volgroup" */
	const char *what;    /* the name referred to */
};

struct ks_ctx {
	enum ks_version v;
	bool strict;
	const struct ks_doc *doc;
	struct ks_diags *out;
	struct ks_arena scratch;     /* bound arguments, keys */

	struct ks_strset seen;       /* command groups seen (conflicts) */
	struct ks_strset keys;       /* duplicate keys of recorded data */
	struct ks_strset defined;    /* names defined for cross references:
	                                "pv\0pv.01", "raidmember\0raid.01", "vg\0vg0" */

	struct ks_ref *refs;
	size_t nrefs, caprefs;

	size_t seq;                  /* node being checked */
	struct ks_loc loc;           /* its location */
	const char *cmd;             /* its command name */
	bool failed;                 /* the current command already has its error */
	bool stop;                   /* a fatal error: nothing after it is looked at */
	bool nomem;

	/* pykickstart's single-instance commands keep option values from earlier
	 * lines when a later line leaves them out (set_to_self skips None), and
	 * some checks read those kept values: "logging --host=h" then
	 * "logging --port=514" is valid. */
	struct ks_sticky *sticky;
	size_t nsticky, capsticky;
};

struct ks_sticky {
	const char *key;   /* "logging --host" */
	bool truthy;
	const char *value; /* NULL for flags */
};

/* Reports an error for the current command (only the first one counts,
 * as in pykickstart) / an extra warning / a fatal error that stops checking. */
void ks_err(struct ks_ctx *c, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
void ks_warn(struct ks_ctx *c, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
void ks_warn_at(struct ks_ctx *c, struct ks_loc loc, size_t seq, const char *fmt, ...)
	__attribute__((format(printf, 4, 5)));
void ks_fatal(struct ks_ctx *c, struct ks_loc loc, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));

/* Remember a reference for the end-of-file cross checks. */
void ks_ref_add(struct ks_ctx *c, const char *cmd, const char *what);
/* Mark a name as defined ("vg", "vg0"). */
void ks_define(struct ks_ctx *c, const char *kind, const char *name);
bool ks_defined(const struct ks_ctx *c, const char *kind, const char *name);

/* Duplicate key helpers: true when kind+key is already recorded. */
bool ks_dup_has(const struct ks_ctx *c, const char *kind, const char *key);
void ks_dup_add(struct ks_ctx *c, const char *kind, const char *key);

/* Per-command semantic checks (ks_check_sem.c): called after binding
 * succeeded; report with ks_err; record data (duplicate keys, definitions)
 * only when no error was reported. */
void ks_sem_command(struct ks_ctx *c, const struct ks_command *cmd, const struct ks_node *n,
		    const struct ks_bound *b);
/* Records that a single-instance command of `group` was given as `name`;
 * returns the name it was given as before, or NULL the first time. */
const char *ks_once(struct ks_ctx *c, const char *group, const char *name);
/* Commands whose pykickstart parser takes leftovers itself (and rejects
 * the option-looking ones) instead of letting argparse reject them. */
bool ks_sem_takes_extras(const char *name);
/* Section header checks (%packages option pairs, %certificate). */
void ks_sem_section_header(struct ks_ctx *c, const struct ks_section *s, const struct ks_node *n,
			   const struct ks_bound *b);
/* Section bodies (%packages lines, %certificate content); may be fatal. */
void ks_sem_section_body(struct ks_ctx *c, const struct ks_section *s, const struct ks_node *n);
/* End of file: extra cross-reference checks. */
void ks_sem_finish(struct ks_ctx *c);

/* os.path.normpath for a POSIX path (mount points). Arena string. */
char *ks_normpath(struct ks_arena *a, const char *p);
/* Python truthiness helpers on bound options. */
bool ks_truthy(const struct ks_bound *b, const char *name);
bool ks_given(const struct ks_bound *b, const char *name);
const char *ks_value(const struct ks_bound *b, const char *name);
