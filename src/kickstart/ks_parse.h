/* Kickstart text -> document: the sequence of commands, sections (header
 * words, body lines, %end) and %include lines, in the order pykickstart's
 * state machine meets them, each with its location. Options are not
 * interpreted here (that needs a version's tables: ks_bind.h).
 *
 * What the parser itself decides is what pykickstart decides before any
 * command is looked at and what stops its parse: bad UTF-8, %ksappend files,
 * unbalanced quotes, unknown %sections, sections without %end, %include
 * problems. Such a problem ends the document with a KS_NODE_FATAL node;
 * everything before it is kept, because pykickstart reports the errors of the
 * commands before the fatal line too. */
#pragma once
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "kickstart/ks_arena.h"
#include "kickstart/ks_lex.h"
#include "kickstart/ks_schema.h"

/* A place in the input. `line` is the line in `file` (the real file, even
 * inside %ksappend text); `pyline` is the line number pykickstart would print
 * (it counts lines of the %ksappend-expanded text, and restarts at 1 in each
 * %include file). 0 = no line. */
struct ks_loc {
	const char *file;
	uint32_t line;
	uint32_t pyline;
	const char *pyfile; /* the file pykickstart's line counts in (the top-level file
	                       for %ksappend text, the %include file itself) */
};

enum ks_node_kind {
	KS_NODE_COMMAND,
	KS_NODE_SECTION,
	KS_NODE_INCLUDE,
	KS_NODE_FATAL,
};

struct ks_body_line {
	struct ks_loc loc;
	const char *s;   /* the line text, terminator excluded (arena, NUL-terminated) */
	size_t len;
	size_t term;     /* length of the line break that followed it */
};

struct ks_node {
	enum ks_node_kind kind;
	struct ks_loc loc;
	/* command: words[0] is the command; section: the header ("%post",
	 * "--nochroot", ...); include: "%include", "path" */
	struct ks_word *words;
	size_t nwords;
	/* commands: the whole line as written, terminator excluded (a few
	 * pykickstart commands re-read it: realm, auth, authselect) */
	const char *raw;
	size_t rawlen;

	/* sections */
	struct ks_body_line *body; /* malloc'd, owned by the document */
	size_t nbody, capbody;
	bool closed;               /* %end seen */
	struct ks_loc end;         /* the %end line */
	bool continued;            /* lines that pykickstart kept feeding to a section already
	                              closed by an included file: no header of their own */

	/* includes */
	bool followed;             /* the file was read and its nodes follow this one */
	const char *resolved;      /* the name it was read under */

	/* fatal */
	const char *msg;
};

struct ks_doc {
	struct ks_arena arena;
	const char *name;          /* the top-level file name */
	struct ks_node *nodes;     /* malloc'd */
	size_t n, cap;
	bool fatal;                /* the last node is KS_NODE_FATAL */
};

struct ks_parse_opts {
	enum ks_version version;   /* only decides whether %end is mandatory */
	bool follow_includes;      /* read %include files (ksvalidator -i) */
	unsigned max_include_depth;/* 0 = 16 */
	size_t max_bytes;          /* memory budget for the document, 0 = default */
	const struct ks_source *src; /* how %include / %ksappend files are read; may be NULL */
};

/* Parses `data` (named `name` in messages). Returns 0 and a document (which may
 * end in a fatal node), or -ENOMEM (also when the budget is exhausted). */
int ks_parse(const char *name, const char *data, size_t len, const struct ks_parse_opts *opts,
	     struct ks_doc **out);
void ks_doc_free(struct ks_doc *doc);

/* The sections pykickstart's parser registers (in every version):
 * %certificate %pre %pre-install %post %onerror %traceback %packages %addon
 * %anaconda. */
bool ks_parse_section_known(const char *name, size_t len);
