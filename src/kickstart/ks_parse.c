/* The control flow below mirrors pykickstart's KickstartParser
 * (_stateMachine, _readSection, _handleInclude) closely, because its quirks
 * decide verdicts: which lines are tokenised, where a section may end, what an
 * included file may leave open. */
#include "kickstart/ks_parse.h"

#include "core/str.h"

#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

struct known_section {
	const char *name;
	bool all_lines; /* body keeps blank and comment lines */
};

static const struct known_section known_sections[] = {
	{ "%certificate", true }, { "%pre", true },     { "%pre-install", true },
	{ "%post", true },        { "%onerror", true }, { "%traceback", true },
	{ "%packages", false },   { "%addon", true },   { "%anaconda", true },
};
#define NKNOWN (sizeof(known_sections) / sizeof(known_sections[0]))

static int known_index(const char *name, size_t len)
{
	for (size_t i = 0; i < NKNOWN; i++)
		if (strlen(known_sections[i].name) == len && memcmp(known_sections[i].name, name, len) == 0)
			return (int)i;
	return -1;
}

bool ks_parse_section_known(const char *name, size_t len)
{
	return known_index(name, len) >= 0;
}

/* A line source with pykickstart's PutBackIterator semantics, ending with the
 * "" sentinel its readers add. */
struct lineiter {
	const char *buf;
	size_t len, off;
	const char *file;                /* for messages */
	const struct ks_segment *segs;   /* %ksappend map (top-level file only) */
	size_t nsegs, seg;
	uint32_t seg_line;               /* real line of the next new line in segs[seg] */
	uint32_t index;                  /* lines handed out */
	bool sentinel_done;
	bool have_put;
	struct ks_line put;
	struct ks_loc put_loc;
	struct ks_loc cur;               /* real location of the last line handed out */
};

enum next_kind { NEXT_LINE, NEXT_SENTINEL, NEXT_STOP };

static enum next_kind it_next(struct lineiter *it, struct ks_line *l)
{
	if (it->have_put) {
		it->have_put = false;
		*l = it->put;
		it->cur = it->put_loc;
		return NEXT_LINE;
	}
	size_t start = it->off;
	if (ks_next_line(it->buf, it->len, &it->off, l)) {
		it->index++;
		if (it->nsegs) {
			while (it->seg + 1 < it->nsegs && it->segs[it->seg + 1].off <= start) {
				it->seg++;
				/* a run that began inside a line (the %ksappend text
				 * before it had no final newline) lost its first line
				 * to that line */
				it->seg_line = it->segs[it->seg].first_line +
					       (it->segs[it->seg].off < start);
			}
			it->cur.file = it->segs[it->seg].file;
			it->cur.line = it->seg_line;
			it->seg_line++;
		} else {
			it->cur.file = it->file;
			it->cur.line = it->index;
		}
		return NEXT_LINE;
	}
	if (!it->sentinel_done) {
		it->sentinel_done = true;
		return NEXT_SENTINEL;
	}
	return NEXT_STOP;
}

static void it_put(struct lineiter *it, const struct ks_line *l)
{
	it->have_put = true;
	it->put = *l;
	it->put_loc = it->cur;
}

struct parser {
	struct ks_doc *doc;
	const struct ks_parse_opts *opts;
	bool end_required;
	int state;                  /* -1 = commands, else known_sections index */
	unsigned depth;             /* include depth */
	long cur[NKNOWN];           /* open node per section kind, -1 = none */
	bool stop;                  /* fatal seen or out of memory */
	bool nomem;
	const char *stack[64];      /* files being read, for cycle detection */
	unsigned nstack;
};

static struct ks_node *new_node(struct parser *P, enum ks_node_kind kind, struct ks_loc loc)
{
	struct ks_doc *d = P->doc;
	if (d->n == d->cap) {
		size_t cap = d->cap ? d->cap * 2 : 64;
		struct ks_node *nv = realloc(d->nodes, cap * sizeof(*nv));
		if (!nv) {
			P->nomem = P->stop = true;
			return NULL;
		}
		d->nodes = nv;
		d->cap = cap;
	}
	struct ks_node *n = &d->nodes[d->n++];
	memset(n, 0, sizeof(*n));
	n->kind = kind;
	n->loc = loc;
	return n;
}

static struct ks_loc loc_of(const struct lineiter *it, uint32_t pyline)
{
	struct ks_loc l = it->cur;
	l.pyline = pyline;
	l.pyfile = it->file;
	return l;
}

static void fatal(struct parser *P, struct ks_loc loc, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));

static void fatal(struct parser *P, struct ks_loc loc, const char *fmt, ...)
{
	if (P->stop)
		return;
	char buf[512];
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(buf, sizeof(buf), fmt, ap);
	va_end(ap);
	struct ks_node *n = new_node(P, KS_NODE_FATAL, loc);
	if (!n)
		return;
	n->msg = ks_arena_strdup(&P->doc->arena, buf);
	if (!n->msg)
		P->nomem = true;
	P->doc->fatal = true;
	P->stop = true;
}

/* Printable, bounded rendering of a word for messages. */
static const char *show(struct parser *P, const char *s, size_t len)
{
	char buf[96];
	str_escape(buf, sizeof(buf), s, len);
	const char *r = ks_arena_strdup(&P->doc->arena, buf);
	return r ? r : "";
}

static bool shlex_line(struct parser *P, const struct lineiter *it, uint32_t lineno,
		       const struct ks_line *l, bool comments, struct ks_word **w, size_t *n)
{
	enum ks_shlex_err e = ks_shlex(&P->doc->arena, l->p, l->len + l->term, comments, w, n);
	switch (e) {
	case KS_SHLEX_OK:
		return true;
	case KS_SHLEX_NO_CLOSING_QUOTE:
		fatal(P, loc_of(it, lineno),
		      "unbalanced quotes: a quote opened on this line is never closed "
		      "(pykickstart: \"No closing quotation\", fatal for the whole file)");
		return false;
	case KS_SHLEX_NO_ESCAPED_CHAR:
		fatal(P, loc_of(it, lineno),
		      "a backslash at the very end of the file escapes nothing "
		      "(pykickstart: \"No escaped character\")");
		return false;
	case KS_SHLEX_NOMEM:
		break;
	}
	P->nomem = P->stop = true;
	return false;
}

static void body_add(struct parser *P, int sec, const struct lineiter *it, uint32_t lineno,
		     const struct ks_line *l)
{
	struct ks_doc *d = P->doc;
	if (P->cur[sec] < 0) {
		/* lines for a section object whose node an included file closed */
		struct ks_node *n = new_node(P, KS_NODE_SECTION, loc_of(it, lineno));
		if (!n)
			return;
		n->continued = true;
		n->words = ks_arena_alloc(&d->arena, sizeof(*n->words));
		if (!n->words) {
			P->nomem = P->stop = true;
			return;
		}
		n->words[0].s = known_sections[sec].name;
		n->words[0].len = strlen(known_sections[sec].name);
		n->nwords = 1;
		P->cur[sec] = (long)(d->n - 1);
	}
	struct ks_node *n = &d->nodes[P->cur[sec]];
	if (n->nbody == n->capbody) {
		size_t cap = n->capbody ? n->capbody * 2 : 16;
		struct ks_body_line *nv = realloc(n->body, cap * sizeof(*nv));
		if (!nv) {
			P->nomem = P->stop = true;
			return;
		}
		n->body = nv;
		n->capbody = cap;
	}
	char *s = ks_arena_strndup(&d->arena, l->p, l->len);
	if (!s) {
		P->nomem = P->stop = true;
		return;
	}
	n->body[n->nbody++] = (struct ks_body_line){ loc_of(it, lineno), s, l->len, l->term };
}

static void finalize(struct parser *P, int sec, struct ks_loc at)
{
	if (P->cur[sec] >= 0) {
		struct ks_node *n = &P->doc->nodes[P->cur[sec]];
		n->closed = true;
		n->end = at;
	}
	P->cur[sec] = -1;
	P->state = -1;
}

static void handle_include(struct parser *P, const struct lineiter *it, uint32_t lineno,
			   const struct ks_word *w, size_t nw);

static uint32_t read_section(struct parser *P, struct lineiter *it, uint32_t lineno)
{
	int sec = P->state;
	const struct known_section *ks = &known_sections[sec];
	struct ks_line l;

	while (!P->stop) {
		enum next_kind k = it_next(it, &l);
		if (k == NEXT_STOP)
			break;
		if (k == NEXT_SENTINEL) {
			if (P->depth == 0) {
				if (P->end_required) {
					struct ks_loc at = loc_of(it, lineno);
					fatal(P, at, "section %s is not closed: the file ends before its %%end",
					      ks->name);
					break;
				}
				finalize(P, sec, loc_of(it, lineno));
			}
			/* pykickstart goes on with the "" sentinel as a line of
			 * the section; it contributes nothing */
			lineno++;
			continue;
		}
		lineno++;
		if (ks_line_blank_or_comment(&l) && !ks->all_lines)
			continue;
		if (ks_line_lstrip_starts(&l, '%')) {
			const char *fw;
			size_t fl;
			ks_line_first_word(&l, &fw, &fl);
			bool special = known_index(fw, fl) >= 0 || (fl == 4 && memcmp(fw, "%end", 4) == 0) ||
				       (fl == 8 && memcmp(fw, "%include", 8) == 0);
			if (!special) {
				body_add(P, sec, it, lineno, &l);
				continue;
			}
			struct ks_word *w;
			size_t nw;
			if (!shlex_line(P, it, lineno, &l, false, &w, &nw))
				break;
			if (nw && ks_word_is(&w[0], "%end")) {
				finalize(P, sec, loc_of(it, lineno));
				break;
			} else if (nw && ks_word_is(&w[0], "%include")) {
				handle_include(P, it, lineno, w, nw);
				continue;
			} else if (nw && ks_word_is(&w[0], "%ksappend")) {
				continue;
			} else if (nw && known_index(w[0].s, w[0].len) >= 0) {
				if (P->end_required) {
					fatal(P, loc_of(it, lineno),
					      "section %s is not closed: %s starts before its %%end",
					      ks->name, show(P, w[0].s, w[0].len));
					break;
				}
				it_put(it, &l);
				lineno--;
				finalize(P, sec, loc_of(it, lineno));
				break;
			}
			/* a line Python's split() and shlex see differently
			 * ("%end\u00a0x"): pykickstart drops it */
		} else {
			body_add(P, sec, it, lineno, &l);
		}
	}
	return lineno;
}

static void state_machine(struct parser *P, struct lineiter *it)
{
	uint32_t lineno = 0;
	struct ks_line l;

	while (!P->stop) {
		enum next_kind k = it_next(it, &l);
		if (k != NEXT_LINE)
			break;
		lineno++;
		if (ks_line_blank_or_comment(&l))
			continue;
		struct ks_word *w;
		size_t nw;
		if (!shlex_line(P, it, lineno, &l, true, &w, &nw))
			break;
		if (nw == 0) {
			fatal(P, loc_of(it, lineno), "a line with no words that pykickstart cannot parse");
			break;
		}
		if (ks_word_is(&w[0], "%include")) {
			handle_include(P, it, lineno, w, nw);
			continue;
		}
		if (P->state < 0) {
			if (ks_word_is(&w[0], "%ksappend"))
				continue;
			if (w[0].len == 0) {
				fatal(P, loc_of(it, lineno),
				      "the line starts with an empty word (\"\"), which makes pykickstart fail "
				      "(\"string index out of range\")");
				break;
			}
			if (w[0].s[0] == '%') {
				int sec = known_index(w[0].s, w[0].len);
				if (sec < 0) {
					fatal(P, loc_of(it, lineno), "unknown section %s",
					      show(P, w[0].s, w[0].len));
					break;
				}
				P->state = sec;
				struct ks_node *n = new_node(P, KS_NODE_SECTION, loc_of(it, lineno));
				if (!n)
					break;
				n->words = w;
				n->nwords = nw;
				P->cur[sec] = (long)(P->doc->n - 1);
				lineno = read_section(P, it, lineno);
			} else {
				struct ks_node *n = new_node(P, KS_NODE_COMMAND, loc_of(it, lineno));
				if (!n)
					break;
				n->words = w;
				n->nwords = nw;
				n->raw = ks_arena_strndup(&P->doc->arena, l.p, l.len);
				n->rawlen = l.len;
				if (!n->raw) {
					P->nomem = P->stop = true;
					break;
				}
			}
		} else if (P->depth > 0) {
			it_put(it, &l);
			lineno--;
			lineno = read_section(P, it, lineno);
		}
		/* depth 0 with a section left open by an included file: pykickstart
		 * ignores the line */
	}
}

static void read_file(struct parser *P, const char *name, const char *data, size_t len,
		      const struct ks_loc *from)
{
	size_t bad;
	if (ks_utf8_check(data, len, &bad) < 0) {
		fatal(P, *from, "%%include file %s is not valid UTF-8", show(P, name, strlen(name)));
		return;
	}
	struct lineiter it = { .buf = data, .len = len, .file = name };
	state_machine(P, &it);
}

static void handle_include(struct parser *P, const struct lineiter *it, uint32_t lineno,
			   const struct ks_word *w, size_t nw)
{
	struct ks_loc at = loc_of(it, lineno);
	if (nw == 1 || w[1].len == 0) {
		fatal(P, at, "%%include needs a file name");
		return;
	}
	struct ks_node *n = new_node(P, KS_NODE_INCLUDE, at);
	if (!n)
		return;
	n->words = (struct ks_word *)w;
	n->nwords = nw;
	if (!P->opts->follow_includes)
		return;
	size_t nidx = P->doc->n - 1;

	const char *path = w[1].s;
	unsigned maxdepth = P->opts->max_include_depth ? P->opts->max_include_depth : 16;
	if (maxdepth > sizeof(P->stack) / sizeof(P->stack[0]) - 1)
		maxdepth = sizeof(P->stack) / sizeof(P->stack[0]) - 1;
	if (memchr(w[1].s, 0, w[1].len)) {
		fatal(P, at, "cannot read %%include file %s: the name holds a NUL byte",
		      show(P, w[1].s, w[1].len));
		return;
	}
	if (P->depth + 1 > maxdepth) {
		fatal(P, at, "%%include files nested more than %u deep", maxdepth);
		return;
	}
	const struct ks_source *src = P->opts->src;
	char *data = NULL;
	size_t len = 0;
	const char *resolved = NULL;
	int r = -ENOENT;
	if (src && src->read) {
		r = src->read(src->ctx, path, &data, &len);
		if (r == 0) {
			resolved = ks_arena_strdup(&P->doc->arena, path);
		} else if (path[0] != '/' && at.file && strchr(at.file, '/')) {
			char *joined = ks_path_join_dir(&P->doc->arena, at.file, path);
			if (joined && src->read(src->ctx, joined, &data, &len) == 0) {
				r = 0;
				resolved = joined;
			}
		}
	}
	if (r < 0) {
		fatal(P, at, "cannot read %%include file %s: %s", show(P, w[1].s, w[1].len),
		      strerror(-r));
		return;
	}
	if (!resolved) {
		free(data);
		P->nomem = P->stop = true;
		return;
	}
	for (unsigned i = 0; i < P->nstack; i++) {
		if (strcmp(P->stack[i], resolved) == 0) {
			free(data);
			fatal(P, at, "%%include cycle: %s is already being read",
			      show(P, resolved, strlen(resolved)));
			return;
		}
	}
	/* the included text must outlive this call: words and body lines point
	 * into the arena, not into it, but keep the budget honest */
	char *copy = ks_arena_strndup(&P->doc->arena, data ? data : "", len);
	free(data);
	if (!copy) {
		P->nomem = P->stop = true;
		return;
	}
	P->doc->nodes[nidx].followed = true;
	P->doc->nodes[nidx].resolved = resolved;
	P->stack[P->nstack++] = resolved;
	P->depth++;
	read_file(P, resolved, copy, len, &at);
	P->depth--;
	P->nstack--;
}

int ks_parse(const char *name, const char *data, size_t len, const struct ks_parse_opts *opts,
	     struct ks_doc **out)
{
	static const struct ks_parse_opts defaults = { .version = KS_V_DEFAULT };
	if (!opts)
		opts = &defaults;
	struct ks_doc *doc = calloc(1, sizeof(*doc));
	if (!doc)
		return -ENOMEM;
	doc->arena.limit = opts->max_bytes;
	doc->name = ks_arena_strdup(&doc->arena, name ? name : "-");
	if (!doc->name) {
		ks_doc_free(doc);
		return -ENOMEM;
	}

	struct parser P = { .doc = doc, .opts = opts, .state = -1 };
	const struct ks_version_info *vi = ks_version_info(opts->version);
	P.end_required = vi ? vi->end_required : true;
	for (size_t i = 0; i < NKNOWN; i++)
		P.cur[i] = -1;

	struct ks_expanded ex;
	struct ks_lex_error err;
	int r = ks_expand(&doc->arena, doc->name, data, len, opts->src, &ex, &err);
	if (r == -ENOMEM) {
		ks_doc_free(doc);
		return -ENOMEM;
	}
	if (r < 0) {
		struct ks_loc at = { err.file ? err.file : doc->name, err.line, err.pyline, doc->name };
		fatal(&P, at, "%s", err.msg);
	} else {
		P.stack[P.nstack++] = doc->name;
		struct lineiter it = { .buf = ex.buf, .len = ex.len, .file = doc->name,
				       .segs = ex.segs, .nsegs = ex.nsegs };
		if (ex.nsegs)
			it.seg_line = ex.segs[0].first_line;
		state_machine(&P, &it);
	}
	if (P.nomem || doc->arena.failed) {
		ks_doc_free(doc);
		return -ENOMEM;
	}
	*out = doc;
	return 0;
}

void ks_doc_free(struct ks_doc *doc)
{
	if (!doc)
		return;
	for (size_t i = 0; i < doc->n; i++)
		free(doc->nodes[i].body);
	free(doc->nodes);
	ks_arena_free(&doc->arena);
	free(doc);
}
