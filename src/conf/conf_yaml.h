/* The YAML side of the pxed.conf loader (internal to src/conf): a loading
 * context that knows the file, the path of the node being read
 * ("dhcp.subnets[0].ranges[1]") and how to turn a libfyaml node into a
 * FILE:LINE:COL position; typed readers of scalars that report what is
 * wrong and return false; and the readers of option and boot-file
 * mappings shared by the global, subnet and host levels. */
#pragma once
#include <libfyaml.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#include "conf/conf.h"
#include "conf/conf_check.h"
#include "conf/conf_opt.h"

/* Past this many errors the loader keeps going (so the return value is
 * right) but stops printing: the first ones are what an operator fixes. */
#define LD_MAX_ERRORS 100

struct ld {
	const char *file;
	FILE *errs;
	/* libfyaml 0.7 has no public way to ask a node for its position
	 * (fy_node_get_start_mark arrived later). Its diagnostics carry
	 * positions though: reporting on a node into a diag object that
	 * collects instead of printing gives line and column, using public
	 * API only. `cursor` is the last collected entry already consumed. */
	struct fy_diag *diag;
	void *cursor;
	char captured[512]; /* free-form libfyaml output (not tied to a token) */
	size_t ncaptured;
	int errors;
	bool oom;
	/* the key being handled: where "missing value" points, since a key
	 * without a value has no value node */
	struct fy_node *cur_key;
	char path[512];
	size_t plen;
	struct fy_parser *fyp;
	struct pxed_conf *c;
	struct conf_posmap *pm;
};

/* Parses text (after checking it is UTF-8 without NULs) into one YAML
 * document, reporting syntax errors. NULL with ld->errors > 0 on errors,
 * NULL with no errors for an empty stream. ld->diag is created here;
 * ld_finish() releases the parser, the document and the diag object. */
struct fy_document *ld_parse(struct ld *ld, const char *text, size_t len);
void ld_finish(struct ld *ld, struct fy_document *doc);

/* The position of n (0 line when it has none). */
struct conf_pos ld_pos(struct ld *ld, struct fy_node *n);
/* Extends the path for messages; returns what ld_path_pop() restores. */
size_t ld_path_push(struct ld *ld, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
void ld_path_pop(struct ld *ld, size_t old);
/* "FILE:LINE:COL: error: PATH: message" at n (or at the current key). */
void ld_err(struct ld *ld, struct fy_node *n, const char *fmt, ...) __attribute__((format(printf, 3, 4)));
void ld_oom(struct ld *ld);
/* Config text made printable and bounded for a message. */
const char *ld_show(const char *s, char buf[80]);
const char *ld_kind_name(struct fy_node *n);
/* Absent, empty plain, ~ or null. */
bool ld_is_null(struct fy_node *v);

/* The text of a scalar, or NULL after reporting why there is none;
 * `expect` completes "expected ..." in messages. */
const char *ld_scalar(struct ld *ld, struct fy_node *v, const char *expect);
/* Typed readers: true with *out written, or false after an error. */
bool ld_bool(struct ld *ld, struct fy_node *v, bool *out);
bool ld_duration(struct ld *ld, struct fy_node *v, bool allow_zero, uint32_t *out);
bool ld_ip(struct ld *ld, struct fy_node *v, uint32_t *out);
enum { LD_STR_NONEMPTY = 1, LD_STR_ABSPATH = 2, LD_STR_IFNAME = 4 };
/* A string with the LD_STR_ constraints; replaces (and frees) *out. */
bool ld_str(struct ld *ld, struct fy_node *v, unsigned flags, char **out);

/* Mapping keys. */
int ld_key_index(const char *key, const char *const *known);
/* The known name within two edits of a misspelt one, or NULL. */
const char *ld_suggest(const char *key, const char *const *known, const char *const *more);
void ld_unknown_key(struct ld *ld, struct fy_node *k, const char *key, const char *const *known,
		    const char *const *more);
bool ld_expect_map(struct ld *ld, struct fy_node *n, const char *what);
/* The key text of a pair (and the key node), or NULL after an error. */
const char *ld_pair_key(struct ld *ld, struct fy_node_pair *p, struct fy_node **kn);

/* A list value; a single scalar counts as a list of one. Calls fn for
 * each item with the path extended by [i]. */
typedef void (*ld_item_fn)(struct ld *ld, struct fy_node *item, size_t i, void *arg);
void ld_for_items(struct ld *ld, struct fy_node *v, const char *what, ld_item_fn fn, void *arg);

/* conf_load_opt.c: `options:` (host: option 12 is refused, hostname: sets
 * it), one typed option key (routers: ...), and `boot_files:` with the
 * position of each file in bpos[arch]. */
void ld_options(struct ld *ld, struct fy_node *m, struct conf_optset *set, bool host);
void ld_option_key(struct ld *ld, struct fy_node *kn, struct fy_node *v, const struct conf_opt_info *info,
		   struct conf_optset *set);
void ld_boot(struct ld *ld, struct fy_node *m, struct conf_boot *b, struct conf_pos *bpos);
