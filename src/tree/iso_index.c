/* Building the in-memory index of an ISO 9660 image (ECMA-119 directory
 * records, SUSP/Rock Ridge entries, Joliet names) and looking paths up in
 * it. See iso_index.h for what is indexed and why. */
#include "tree/iso_index.h"

#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/rd.h"
#include "core/str.h"

#define FLAG_DIRECTORY 0x02
#define FLAG_ASSOCIATED 0x04
#define FLAG_MULTI_EXTENT 0x80
#define MAX_CONTINUATIONS 32 /* SUSP continuation areas chained from one record */
#define MAX_LINK_HOPS 16     /* symlinks followed to resolve one symlink */
#define RECORD_MIN 34	     /* a directory record with a one-byte name */
#define LINK_BUSY 5	     /* a symlink being resolved: meeting it again is a loop */

struct susp {
	char name[ISO_NAME_MAX + 1];
	size_t name_len;
	bool has_name, name_too_long;
	char target[ISO_LINK_MAX + 1];
	size_t target_len;
	bool is_link, target_bad, component_continues;
	uint32_t mode;
	bool has_mode;
	int64_t mtime;
	bool has_mtime;
	bool child_link, relocated, compressed;
	uint32_t child_lsn;
	bool sp;
	uint8_t sp_skip;
};

/* One directory record, as read through rd.h. */
struct record {
	uint32_t lsn; /* of the data: the extent plus its extended attribute blocks */
	uint32_t size;
	uint8_t flags;
	bool interleaved;
	const uint8_t *id;
	uint8_t id_len;
	const uint8_t *su;
	size_t su_len;
	int64_t mtime;
};

/* A directory's entry while the directory is being read. */
struct entry {
	uint32_t name; /* pool offset */
	uint16_t name_len;
	uint8_t kind;
	uint64_t offset, size;
	int64_t mtime;
	uint32_t order;	       /* record order: the first of equal names wins */
	uint32_t target;       /* symlinks: pool offset of the target text */
	uint16_t target_len;
	const char *refuse;    /* why a file cannot be served, or NULL */
	const uint8_t *raw_id; /* multi-extent parts are matched by their ISO name */
	uint8_t raw_id_len;
	bool more_extents;     /* the last record seen had the multi-extent flag */
};

struct entries {
	struct entry *v;
	size_t n, cap;
};

struct builder {
	iso_read_fn read;
	void *ctx;
	struct iso_index *ix;
	size_t nodes_cap, pool_cap;
	uint32_t image_blocks;
	uint64_t dir_bytes;
	bool rock_ridge;
	uint8_t su_skip;
	uint32_t *seen; /* open-addressing set of directory extents read (lsn + 1) */
	size_t seen_cap, seen_n;
	uint8_t ce_block[ISO_BLOCK];
	uint32_t ce_lsn;
	bool ce_valid;
	char *err;
	size_t errlen;
};

static int fail(struct builder *b, int err, const char *fmt, ...) __attribute__((format(printf, 3, 4)));
static int fail(struct builder *b, int err, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(b->err, b->errlen, fmt, ap);
	va_end(ap);
	return err;
}

static void problem(struct builder *b, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
static void problem(struct builder *b, const char *fmt, ...)
{
	struct iso_index *ix = b->ix;
	if (ix->n_problems++ >= ISO_MAX_PROBLEMS)
		return;
	char text[ISO_PATH_MAX + 256], shown[sizeof(text)];
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(text, sizeof(text), fmt, ap);
	va_end(ap);
	/* names in an image are anybody's bytes: they reach a terminal escaped */
	str_escape(shown, sizeof(shown), text, strlen(text));
	ix->problems[ix->n_problems - 1] = strdup(shown); /* NULL when out of memory: counted only */
}

const char *iso_names_str(enum iso_names names)
{
	switch (names) {
	case ISO_NAMES_ROCK_RIDGE:
		return "Rock Ridge";
	case ISO_NAMES_JOLIET:
		return "Joliet";
	default:
		return "ISO 9660";
	}
}

/* ---- times ---------------------------------------------------------------- */

/* Days since 1970-01-01 of a proleptic Gregorian date (H. Hinnant). */
static int64_t days_from_civil(int64_t y, unsigned m, unsigned d)
{
	y -= m <= 2;
	int64_t era = (y >= 0 ? y : y - 399) / 400;
	unsigned yoe = (unsigned)(y - era * 400);
	unsigned doy = (153 * (m + (m > 2 ? (unsigned)-3 : 9)) + 2) / 5 + d - 1;
	unsigned doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
	return era * 146097 + (int64_t)doe - 719468;
}

static bool civil_to_unix(int64_t y, unsigned mo, unsigned d, unsigned h, unsigned mi, unsigned s,
			  int8_t gmtoff_quarters, int64_t *ret)
{
	if (mo < 1 || mo > 12 || d < 1 || d > 31 || h > 23 || mi > 59 || s > 60)
		return false;
	*ret = days_from_civil(y, mo, d) * 86400 + h * 3600 + mi * 60 + s -
	       (int64_t)gmtoff_quarters * 15 * 60;
	return true;
}

/* The 7-byte form (ECMA-119 9.1.5): years since 1900, month, day, hour,
 * minute, second, offset from GMT in 15-minute steps. */
static bool time7(const uint8_t *t, int64_t *ret)
{
	return civil_to_unix(1900 + t[0], t[1], t[2], t[3], t[4], t[5], (int8_t)t[6], ret);
}

/* The 17-byte form (ECMA-119 8.4.26.1): "YYYYMMDDHHMMSScc" and the offset. */
static bool time17(const uint8_t *t, int64_t *ret)
{
	unsigned v[7];
	static const uint8_t width[7] = { 4, 2, 2, 2, 2, 2, 2 };
	const uint8_t *p = t;
	for (int i = 0; i < 7; i++) {
		v[i] = 0;
		for (unsigned k = 0; k < width[i]; k++, p++) {
			if (*p < '0' || *p > '9')
				return false;
			v[i] = v[i] * 10 + (unsigned)(*p - '0');
		}
	}
	return civil_to_unix(v[0], v[1], v[2], v[3], v[4], v[5], (int8_t)t[16], ret);
}

/* ---- growing the index ------------------------------------------------------ */

static int pool_add(struct builder *b, const void *s, size_t len, uint32_t *ret)
{
	struct iso_index *ix = b->ix;
	if (ix->pool_len + len + 1 > UINT32_MAX)
		return fail(b, -E2BIG, "names take more than 4 GiB");
	if (ix->pool_len + len + 1 > b->pool_cap) {
		size_t cap = b->pool_cap ? b->pool_cap * 2 : 65536;
		while (cap < ix->pool_len + len + 1)
			cap *= 2;
		char *p = realloc(ix->pool, cap);
		if (!p)
			return fail(b, -ENOMEM, "out of memory");
		ix->pool = p;
		b->pool_cap = cap;
	}
	*ret = (uint32_t)ix->pool_len;
	memcpy(ix->pool + ix->pool_len, s, len);
	ix->pool[ix->pool_len + len] = '\0';
	ix->pool_len += len + 1;
	return 0;
}

static int nodes_reserve(struct builder *b, size_t more)
{
	struct iso_index *ix = b->ix;
	if (ix->n + more > ISO_MAX_ENTRIES)
		return fail(b, -E2BIG, "more than %u files and directories", ISO_MAX_ENTRIES);
	if (ix->n + more <= b->nodes_cap)
		return 0;
	size_t cap = b->nodes_cap ? b->nodes_cap * 2 : 1024;
	while (cap < ix->n + more)
		cap *= 2;
	struct iso_node *v = realloc(ix->nodes, cap * sizeof(*v));
	if (!v)
		return fail(b, -ENOMEM, "out of memory");
	ix->nodes = v;
	b->nodes_cap = cap;
	return 0;
}

static struct entry *entries_add(struct builder *b, struct entries *es)
{
	if (es->n == es->cap) {
		size_t cap = es->cap ? es->cap * 2 : 64;
		struct entry *v = realloc(es->v, cap * sizeof(*v));
		if (!v) {
			fail(b, -ENOMEM, "out of memory");
			return NULL;
		}
		es->v = v;
		es->cap = cap;
	}
	struct entry *e = &es->v[es->n++];
	memset(e, 0, sizeof(*e));
	return e;
}

/* Directories already read, by extent: a directory record that points back
 * at one of them (a loop, or two names for one directory) is not followed. */
static int seen_insert(struct builder *b, uint32_t lsn)
{
	if (b->seen_n * 2 >= b->seen_cap) {
		size_t cap = b->seen_cap ? b->seen_cap * 2 : 1024;
		uint32_t *v = calloc(cap, sizeof(*v));
		if (!v)
			return fail(b, -ENOMEM, "out of memory");
		for (size_t i = 0; i < b->seen_cap; i++) {
			if (!b->seen[i])
				continue;
			size_t h = (b->seen[i] * 2654435761u) & (cap - 1);
			while (v[h])
				h = (h + 1) & (cap - 1);
			v[h] = b->seen[i];
		}
		free(b->seen);
		b->seen = v;
		b->seen_cap = cap;
	}
	uint32_t key = lsn + 1;
	size_t h = (key * 2654435761u) & (b->seen_cap - 1);
	while (b->seen[h]) {
		if (b->seen[h] == key)
			return 1;
		h = (h + 1) & (b->seen_cap - 1);
	}
	b->seen[h] = key;
	b->seen_n++;
	return 0;
}

/* The path of node i from the top, for messages. */
static const char *node_path(const struct iso_index *ix, uint32_t i, char *buf, size_t len)
{
	uint32_t chain[ISO_MAX_DEPTH + 1];
	size_t n = 0;
	while (i != 0 && n <= ISO_MAX_DEPTH) {
		chain[n++] = i;
		i = ix->nodes[i].parent;
	}
	size_t o = 0;
	buf[0] = '\0';
	while (n > 0 && o + 1 < len) {
		const struct iso_node *nd = &ix->nodes[chain[--n]];
		int w = snprintf(buf + o, len - o, "%s%s", o ? "/" : "", iso_node_name(ix, nd));
		if (w < 0 || (size_t)w >= len - o)
			break;
		o += (size_t)w;
	}
	return o ? buf : "/";
}

/* ---- records and system use entries ------------------------------------------ */

static bool parse_record(const uint8_t *p, size_t len, struct record *r)
{
	struct rd rd = rd_init(p, len);
	rd_skip(&rd, 1); /* record length: the caller has bounded p..len by it */
	uint8_t xa_len = rd_u8(&rd);
	rd_skip(&rd, 4); /* both-byte-order fields: the big-endian half is read */
	uint32_t extent = rd_be32(&rd);
	rd_skip(&rd, 4);
	r->size = rd_be32(&rd);
	const uint8_t *t = rd_bytes(&rd, 7);
	r->flags = rd_u8(&rd);
	uint8_t unit = rd_u8(&rd), gap = rd_u8(&rd);
	rd_skip(&rd, 4);
	r->id_len = rd_u8(&rd);
	r->id = rd_bytes(&rd, r->id_len);
	if (r->id_len % 2 == 0)
		rd_skip(&rd, 1); /* padding keeps the system use area even */
	if (!rd_ok(&rd) || r->id_len == 0)
		return false;
	r->lsn = extent + xa_len;
	if (r->lsn < extent)
		return false;
	r->interleaved = unit != 0 || gap != 0;
	if (!time7(t, &r->mtime))
		r->mtime = 0;
	r->su_len = rd_left(&rd);
	r->su = rd_bytes(&rd, r->su_len);
	return true;
}

static bool is_dot_or_dotdot(const struct record *r)
{
	return r->id_len == 1 && (r->id[0] == 0 || r->id[0] == 1);
}

static void append_target(struct susp *s, const void *p, size_t n)
{
	if (s->target_len + n > ISO_LINK_MAX) {
		s->target_bad = true;
		return;
	}
	memcpy(s->target + s->target_len, p, n);
	s->target_len += n;
	s->target[s->target_len] = '\0';
}

/* SL: a symlink target as components (RRIP 4.1.3.1). A component that
 * continues in the next record is glued to it; the others are joined by '/'. */
static void parse_sl(struct susp *s, struct rd *rd)
{
	s->is_link = true;
	rd_skip(rd, 1); /* flags: continuation into the next SL, handled per component */
	while (rd_left(rd) >= 2) {
		uint8_t cflags = rd_u8(rd), clen = rd_u8(rd);
		const uint8_t *text = rd_bytes(rd, clen);
		if (!text) {
			s->target_bad = true;
			return;
		}
		bool root = cflags & 0x08;
		if (!s->component_continues && s->target_len > 0 &&
		    !(s->target_len == 1 && s->target[0] == '/'))
			append_target(s, "/", 1);
		if (root) {
			if (s->target_len > 0)
				s->target_bad = true;
			append_target(s, "/", 1);
		} else if (cflags & 0x02) {
			append_target(s, ".", 1);
		} else if (cflags & 0x04) {
			append_target(s, "..", 2);
		} else {
			append_target(s, text, clen);
		}
		s->component_continues = (cflags & 0x01) && !root;
	}
}

static void parse_tf(struct susp *s, struct rd *rd)
{
	uint8_t flags = rd_u8(rd);
	size_t width = (flags & 0x80) ? 17 : 7;
	for (int bit = 0; bit < 7; bit++) {
		if (!(flags & (1u << bit)))
			continue;
		const uint8_t *t = rd_bytes(rd, width);
		if (!t)
			return;
		if (bit == 1) /* modification */
			s->has_mtime = width == 17 ? time17(t, &s->mtime) : time7(t, &s->mtime);
	}
}

struct continuation {
	uint32_t lsn, offset, len;
	bool present;
};

/* One system use area: its entries update s; a CE entry names the next
 * area. Malformed entries end the area (what was read so far is kept). */
static void parse_area(const uint8_t *p, size_t len, struct susp *s, struct continuation *ce)
{
	struct rd rd = rd_init(p, len);
	while (rd_left(&rd) >= 4) {
		const uint8_t *hdr = rd_bytes(&rd, 4);
		uint8_t elen = hdr[2];
		if (elen < 4 || elen - 4u > rd_left(&rd))
			return;
		struct rd e = rd_init(rd_bytes(&rd, elen - 4u), elen - 4u);
		unsigned sig = (unsigned)hdr[0] << 8 | hdr[1];
		switch (sig) {
		case 'N' << 8 | 'M': {
			uint8_t flags = rd_u8(&e);
			if (!rd_ok(&e) || (flags & 0x06))
				break; /* "." and ".." are not names */
			size_t n = rd_left(&e);
			s->has_name = true;
			if (s->name_len + n > ISO_NAME_MAX) {
				s->name_too_long = true;
				break;
			}
			rd_copy(&e, s->name + s->name_len, n);
			s->name_len += n;
			s->name[s->name_len] = '\0';
			break;
		}
		case 'S' << 8 | 'L':
			parse_sl(s, &e);
			break;
		case 'P' << 8 | 'X':
			rd_skip(&e, 4);
			s->mode = rd_be32(&e);
			s->has_mode = rd_ok(&e);
			break;
		case 'T' << 8 | 'F':
			parse_tf(s, &e);
			break;
		case 'C' << 8 | 'L':
			rd_skip(&e, 4);
			s->child_lsn = rd_be32(&e);
			s->child_link = rd_ok(&e);
			break;
		case 'R' << 8 | 'E':
			s->relocated = true;
			break;
		case 'Z' << 8 | 'F':
			s->compressed = true;
			break;
		case 'S' << 8 | 'P': {
			const uint8_t *chk = rd_bytes(&e, 2);
			uint8_t skip = rd_u8(&e);
			if (rd_ok(&e) && chk[0] == 0xbe && chk[1] == 0xef) {
				s->sp = true;
				s->sp_skip = skip;
			}
			break;
		}
		case 'C' << 8 | 'E':
			rd_skip(&e, 4);
			ce->lsn = rd_be32(&e);
			rd_skip(&e, 4);
			ce->offset = rd_be32(&e);
			rd_skip(&e, 4);
			ce->len = rd_be32(&e);
			ce->present = rd_ok(&e);
			break;
		case 'S' << 8 | 'T':
			return;
		default:
			break;
		}
	}
}

/* Every system use entry of a record, following continuation areas. */
static void parse_susp(struct builder *b, const struct record *r, size_t skip, struct susp *s,
		       const char *where)
{
	memset(s, 0, sizeof(*s));
	if (skip > r->su_len)
		return;
	const uint8_t *area = r->su + skip;
	size_t len = r->su_len - skip;
	for (int hop = 0;; hop++) {
		struct continuation ce = { 0 };
		parse_area(area, len, s, &ce);
		if (!ce.present)
			return;
		if (hop >= MAX_CONTINUATIONS || ce.offset >= ISO_BLOCK ||
		    ce.len > ISO_BLOCK - ce.offset || ce.lsn >= b->image_blocks) {
			problem(b, "%s: invalid Rock Ridge continuation area; its names may be short", where);
			return;
		}
		if (!b->ce_valid || b->ce_lsn != ce.lsn) {
			b->ce_valid = false;
			if (b->read(b->ctx, ce.lsn, 1, b->ce_block) < 0) {
				problem(b, "%s: cannot read Rock Ridge continuation block %u", where, ce.lsn);
				return;
			}
			b->ce_lsn = ce.lsn;
			b->ce_valid = true;
		}
		area = b->ce_block + ce.offset;
		len = ce.len;
	}
}

/* ---- names ------------------------------------------------------------------ */

static bool valid_name(const char *s, size_t n)
{
	if (n == 0 || n > ISO_NAME_MAX || (n == 1 && s[0] == '.') || (n == 2 && s[0] == '.' && s[1] == '.'))
		return false;
	return !memchr(s, '/', n) && !memchr(s, '\0', n);
}

/* ISO 9660 and Joliet names carry a version (";1") and files without an
 * extension keep their separator ("README."): neither is part of the name. */
static size_t strip_version(const char *s, size_t n)
{
	const char *semi = memchr(s, ';', n);
	if (semi) {
		size_t k = (size_t)(semi - s) + 1;
		bool digits = k < n;
		for (size_t i = k; i < n; i++)
			digits = digits && s[i] >= '0' && s[i] <= '9';
		if (digits)
			n = (size_t)(semi - s);
	}
	if (n > 1 && s[n - 1] == '.')
		n--;
	return n;
}

static size_t put_utf8(char *out, uint32_t cp)
{
	if (cp < 0x80) {
		out[0] = (char)cp;
		return 1;
	}
	if (cp < 0x800) {
		out[0] = (char)(0xc0 | cp >> 6);
		out[1] = (char)(0x80 | (cp & 0x3f));
		return 2;
	}
	if (cp < 0x10000) {
		out[0] = (char)(0xe0 | cp >> 12);
		out[1] = (char)(0x80 | ((cp >> 6) & 0x3f));
		out[2] = (char)(0x80 | (cp & 0x3f));
		return 3;
	}
	out[0] = (char)(0xf0 | cp >> 18);
	out[1] = (char)(0x80 | ((cp >> 12) & 0x3f));
	out[2] = (char)(0x80 | ((cp >> 6) & 0x3f));
	out[3] = (char)(0x80 | (cp & 0x3f));
	return 4;
}

/* Joliet names are UCS-2 big-endian; UTF-16 surrogate pairs are accepted. */
static bool joliet_to_utf8(const uint8_t *id, size_t len, char *out, size_t *out_len)
{
	if (len % 2)
		return false;
	struct rd rd = rd_init(id, len);
	size_t o = 0;
	while (rd_left(&rd) > 0) {
		uint32_t cp = rd_be16(&rd);
		if (cp >= 0xdc00 && cp <= 0xdfff)
			return false;
		if (cp >= 0xd800 && cp <= 0xdbff) {
			uint32_t lo = rd_be16(&rd);
			if (!rd_ok(&rd) || lo < 0xdc00 || lo > 0xdfff)
				return false;
			cp = 0x10000 + ((cp - 0xd800) << 10) + (lo - 0xdc00);
		}
		if (o + 4 > ISO_NAME_MAX)
			return false;
		o += put_utf8(out + o, cp);
	}
	*out_len = o;
	return true;
}

/* The name an entry is served under, or false when it has no usable one. */
static bool entry_name(struct builder *b, const struct record *r, const struct susp *s, char *out,
		       size_t *out_len)
{
	size_t n;
	if (b->rock_ridge && s->has_name && !s->name_too_long) {
		memcpy(out, s->name, s->name_len);
		n = s->name_len;
	} else if (b->ix->names == ISO_NAMES_JOLIET) {
		if (!joliet_to_utf8(r->id, r->id_len, out, &n))
			return false;
		n = strip_version(out, n);
	} else {
		memcpy(out, r->id, r->id_len);
		n = strip_version(out, r->id_len);
	}
	out[n] = '\0';
	*out_len = n;
	return valid_name(out, n);
}

/* ---- directories ---------------------------------------------------------------- */

static bool same_raw_id(const struct entry *e, const struct record *r)
{
	return e->raw_id_len == r->id_len && memcmp(e->raw_id, r->id, r->id_len) == 0;
}

/* The next part of a file recorded in several extents: served as one range
 * only when each part starts where the previous one ended. */
static void add_extent(struct entry *e, const struct record *r)
{
	uint64_t start = (uint64_t)r->lsn * ISO_BLOCK;
	if (e->size % ISO_BLOCK != 0 || e->offset + e->size != start)
		e->refuse = "stored in extents that are not contiguous";
	e->size += r->size;
	e->more_extents = r->flags & FLAG_MULTI_EXTENT;
}

static int add_record(struct builder *b, struct entries *es, const struct record *r, const char *dir)
{
	struct entry *last = es->n ? &es->v[es->n - 1] : NULL;
	if (last && last->more_extents) {
		if (same_raw_id(last, r) && !(r->flags & FLAG_DIRECTORY)) {
			add_extent(last, r);
			return 0;
		}
		last->more_extents = false;
		last->refuse = "its last extent is missing";
	}
	if (r->flags & FLAG_ASSOCIATED)
		return 0;
	char where[ISO_PATH_MAX + ISO_NAME_MAX + 2];
	snprintf(where, sizeof(where), "%s/%.*s", dir, (int)r->id_len, (const char *)r->id);
	struct susp s;
	parse_susp(b, r, b->rock_ridge ? b->su_skip : r->su_len, &s, where);
	if (s.relocated)
		return 0; /* shown where its CL placeholder is */
	char name[ISO_NAME_MAX + 1];
	size_t name_len;
	if (!entry_name(b, r, &s, name, &name_len)) {
		problem(b, "%s: no usable name; left out", where);
		return 0;
	}
	uint32_t kind = s.has_mode ? (s.mode & 0170000) : 0;
	bool is_dir = s.child_link || (r->flags & FLAG_DIRECTORY);
	bool is_link = !is_dir && (s.is_link || kind == 0120000);
	if (!is_dir && !is_link && kind != 0 && kind != 0100000)
		return 0; /* devices, FIFOs and sockets are not files to serve */
	if (is_link && (s.target_bad || s.target_len == 0)) {
		problem(b, "%s/%s: unreadable symlink target; left out", dir, name);
		b->ix->links_dropped++;
		return 0;
	}
	struct entry *e = entries_add(b, es);
	if (!e)
		return -ENOMEM;
	int rc = pool_add(b, name, name_len, &e->name);
	if (rc < 0)
		return rc;
	e->name_len = (uint16_t)name_len;
	e->order = (uint32_t)(es->n - 1);
	e->mtime = s.has_mtime ? s.mtime : r->mtime;
	e->raw_id = r->id;
	e->raw_id_len = r->id_len;
	if (is_dir) {
		e->kind = ISO_NODE_DIR;
		/* a relocated directory's size is read from its own "." record */
		e->offset = (uint64_t)(s.child_link ? s.child_lsn : r->lsn) * ISO_BLOCK;
		e->size = s.child_link ? 0 : r->size;
	} else if (is_link) {
		e->kind = ISO_NODE_LINK;
		rc = pool_add(b, s.target, s.target_len, &e->target);
		if (rc < 0)
			return rc;
		e->target_len = (uint16_t)s.target_len;
	} else {
		e->kind = ISO_NODE_FILE;
		e->offset = (uint64_t)r->lsn * ISO_BLOCK;
		e->size = r->size;
		e->more_extents = r->flags & FLAG_MULTI_EXTENT;
		if (s.compressed)
			e->refuse = "compressed with zisofs";
		else if (r->interleaved)
			e->refuse = "recorded in interleaved mode";
	}
	return 0;
}

/* Reads the records of one directory extent. Records never cross a block
 * boundary; a zero length byte ends a block's records. */
static int read_records(struct builder *b, const uint8_t *buf, uint32_t size, struct entries *es,
			const char *dir)
{
	uint32_t off = 0;
	while (off < size) {
		uint32_t block_end = (off / ISO_BLOCK + 1) * ISO_BLOCK;
		if (block_end > size)
			block_end = size;
		uint8_t len = buf[off];
		if (len == 0) {
			off = block_end;
			continue;
		}
		struct record r;
		if (len < RECORD_MIN || len > block_end - off || !parse_record(buf + off, len, &r)) {
			problem(b, "%s: malformed directory record at byte %u; rest of the block skipped",
				dir, off);
			off = block_end;
			continue;
		}
		off += len;
		if (is_dot_or_dotdot(&r))
			continue;
		int rc = add_record(b, es, &r, dir);
		if (rc < 0)
			return rc;
	}
	if (es->n && es->v[es->n - 1].more_extents) {
		es->v[es->n - 1].more_extents = false;
		es->v[es->n - 1].refuse = "its last extent is missing";
	}
	return 0;
}

static int cmp_entries(const void *a, const void *b, void *pool)
{
	const struct entry *x = a, *y = b;
	const char *p = pool;
	size_t n = x->name_len < y->name_len ? x->name_len : y->name_len;
	int c = memcmp(p + x->name, p + y->name, n);
	if (c)
		return c;
	if (x->name_len != y->name_len)
		return x->name_len < y->name_len ? -1 : 1;
	return x->order < y->order ? -1 : x->order > y->order;
}

static bool same_name(const char *pool, const struct entry *x, const struct entry *y)
{
	return x->name_len == y->name_len && memcmp(pool + x->name, pool + y->name, x->name_len) == 0;
}

/* Appends a directory's entries, sorted and without duplicate names, as
 * the contiguous block of nodes that is its list of children. */
static int append_children(struct builder *b, uint32_t dir, struct entries *es, const char *path)
{
	struct iso_index *ix = b->ix;
	if (es->n) /* an empty directory has no array to sort */
		qsort_r(es->v, es->n, sizeof(*es->v), cmp_entries, ix->pool);
	int rc = nodes_reserve(b, es->n);
	if (rc < 0)
		return rc;
	uint32_t first = (uint32_t)ix->n;
	for (size_t i = 0; i < es->n; i++) {
		const struct entry *e = &es->v[i];
		if (i > 0 && same_name(ix->pool, &es->v[i - 1], e)) {
			problem(b, "%s/%s: name recorded twice; the first one is served", path,
				ix->pool + e->name);
			continue;
		}
		uint8_t kind = e->kind;
		const char *refuse = e->refuse;
		if (kind == ISO_NODE_FILE && !refuse && e->offset + e->size > ix->image_size)
			refuse = "extends past the end of the image";
		if (kind == ISO_NODE_FILE && refuse) {
			kind = ISO_NODE_REFUSED;
			problem(b, "%s/%s: %s; not served", path, ix->pool + e->name, refuse);
			ix->refused++;
		}
		bool link = kind == ISO_NODE_LINK;
		ix->nodes[ix->n++] = (struct iso_node){
			.offset = link ? 0 : e->offset,
			.size = link ? 0 : e->size,
			.mtime = e->mtime,
			.name = e->name,
			.parent = dir,
			/* a symlink keeps its target text in first/count until resolved */
			.first = link ? e->target : 0,
			.count = link ? e->target_len : 0,
			.name_len = e->name_len,
			.kind = kind,
			.depth = (uint8_t)(ix->nodes[dir].depth + 1),
		};
	}
	ix->nodes[dir].first = first;
	ix->nodes[dir].count = (uint32_t)(ix->n - first);
	return 0;
}

/* The size of a directory whose record did not give one (a relocated
 * directory reached through CL): its own "." record says. */
static int dot_size(struct builder *b, uint32_t lsn, uint8_t *block, uint32_t *ret)
{
	if (b->read(b->ctx, lsn, 1, block) < 0)
		return -EIO;
	struct record r;
	uint8_t len = block[0];
	if (len < RECORD_MIN || !parse_record(block, len, &r) || !is_dot_or_dotdot(&r))
		return -EBADMSG;
	*ret = r.size;
	return 0;
}

/* 0, 1 when the directory could not be read (it is left empty, with a
 * problem recorded), or a fatal negative errno. */
static int read_dir(struct builder *b, uint32_t dir)
{
	struct iso_index *ix = b->ix;
	char path[ISO_PATH_MAX];
	node_path(ix, dir, path, sizeof(path));
	const char *shown = dir ? path : "";
	uint32_t lsn = (uint32_t)(ix->nodes[dir].offset / ISO_BLOCK);
	uint64_t size = ix->nodes[dir].size;
	if (ix->nodes[dir].depth >= ISO_MAX_DEPTH) {
		problem(b, "%s: deeper than %u levels; its contents are left out", path, ISO_MAX_DEPTH);
		return 1;
	}
	int seen = seen_insert(b, lsn);
	if (seen < 0)
		return seen;
	if (seen) {
		problem(b, "%s: points at a directory already read; left empty", path);
		return 1;
	}
	uint8_t first_block[ISO_BLOCK];
	if (size == 0) {
		uint32_t dsize;
		if (lsn >= b->image_blocks || dot_size(b, lsn, first_block, &dsize) < 0) {
			problem(b, "%s: relocated directory at block %u is unreadable; left empty", path, lsn);
			return 1;
		}
		size = dsize;
		ix->nodes[dir].size = size;
	}
	uint64_t nblocks = (size + ISO_BLOCK - 1) / ISO_BLOCK;
	if (size > ISO_MAX_DIR_BYTES)
		return fail(b, -E2BIG, "%s: directory of %llu bytes (limit %u)", path,
			    (unsigned long long)size, ISO_MAX_DIR_BYTES);
	b->dir_bytes += nblocks * ISO_BLOCK;
	if (b->dir_bytes > ISO_MAX_TOTAL_DIR_BYTES)
		return fail(b, -E2BIG, "directories take more than %u bytes", ISO_MAX_TOTAL_DIR_BYTES);
	if (lsn + nblocks > b->image_blocks) {
		problem(b, "%s: directory extends past the end of the image; left empty", path);
		return 1;
	}
	uint8_t *buf = malloc(nblocks * ISO_BLOCK);
	if (!buf)
		return fail(b, -ENOMEM, "out of memory");
	if (nblocks && b->read(b->ctx, lsn, (uint32_t)nblocks, buf) < 0) {
		free(buf);
		problem(b, "%s: cannot read the directory at block %u; left empty", path, lsn);
		return 1;
	}
	struct entries es = { 0 };
	int rc = read_records(b, buf, (uint32_t)size, &es, shown);
	if (rc >= 0)
		rc = append_children(b, dir, &es, shown);
	/* entries point into buf (raw names), so it lives as long as they do */
	free(es.v);
	free(buf);
	return rc;
}

/* ---- symlinks ------------------------------------------------------------------- */

/* The next '/'-separated component of s[0..len) at *pos, advancing *pos
 * past it; false at the end. Components may be empty ("a//b"). */
static bool next_component(const char *s, size_t len, size_t *pos, const char **comp, size_t *clen)
{
	if (*pos >= len)
		return false;
	*comp = s + *pos;
	const char *slash = memchr(*comp, '/', len - *pos);
	*clen = slash ? (size_t)(slash - *comp) : len - *pos;
	*pos += *clen + 1;
	return true;
}

static long find_child(const struct iso_index *ix, uint32_t dir, const char *name, size_t len)
{
	const struct iso_node *d = &ix->nodes[dir];
	size_t lo = d->first, hi = (size_t)d->first + d->count;
	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;
		const struct iso_node *c = &ix->nodes[mid];
		size_t n = c->name_len < len ? c->name_len : len;
		int cmp = memcmp(ix->pool + c->name, name, n);
		if (cmp == 0 && c->name_len != len)
			cmp = c->name_len < len ? -1 : 1;
		if (cmp == 0)
			return c->kind == ISO_NODE_HIDDEN ? -ENOENT : (long)mid;
		if (cmp < 0)
			lo = mid + 1;
		else
			hi = mid;
	}
	return -ENOENT;
}

static bool resolve_link(struct iso_index *ix, uint32_t i, unsigned hops);

/* Follows target from directory dir, component by component; ".." never
 * climbs above the top, and absolute targets (meant for the machine that
 * mounts the image) are not followed. */
static long walk_target(struct iso_index *ix, uint32_t dir, const char *target, size_t len,
			unsigned hops)
{
	if (len == 0 || target[0] == '/')
		return -EXDEV;
	uint32_t cur = dir;
	size_t pos = 0, clen;
	const char *comp;
	while (next_component(target, len, &pos, &comp, &clen)) {
		if (clen == 0 || (clen == 1 && comp[0] == '.'))
			continue;
		if (ix->nodes[cur].kind != ISO_NODE_DIR)
			return -ENOTDIR;
		if (clen == 2 && comp[0] == '.' && comp[1] == '.') {
			if (cur == 0)
				return -EXDEV;
			cur = ix->nodes[cur].parent;
			continue;
		}
		long c = find_child(ix, cur, comp, clen);
		if (c < 0)
			return c;
		if (ix->nodes[c].kind == LINK_BUSY)
			return -ELOOP;
		if (ix->nodes[c].kind == ISO_NODE_LINK && !resolve_link(ix, (uint32_t)c, hops + 1))
			return -ENOENT;
		cur = (uint32_t)c;
	}
	return cur;
}

static bool resolve_link(struct iso_index *ix, uint32_t i, unsigned hops)
{
	struct iso_node *n = &ix->nodes[i];
	if (hops > MAX_LINK_HOPS)
		return false;
	n->kind = LINK_BUSY;
	long t = walk_target(ix, n->parent, ix->pool + n->first, n->count, hops);
	n = &ix->nodes[i];
	if (t < 0 || ix->nodes[t].kind == ISO_NODE_HIDDEN) {
		n->kind = ISO_NODE_HIDDEN;
		return false;
	}
	const struct iso_node *to = &ix->nodes[t];
	n->kind = to->kind;
	n->offset = to->offset;
	n->size = to->size;
	n->mtime = to->mtime;
	n->first = to->first;
	n->count = to->count;
	return true;
}

/* Every symlink becomes what it names, or hidden. A link may be resolved
 * early, as a step of another one's target, so the outcome is read after
 * all are done. */
static int resolve_links(struct builder *b)
{
	struct iso_index *ix = b->ix;
	bool *was_link = calloc(ix->n ? ix->n : 1, sizeof(*was_link));
	if (!was_link)
		return fail(b, -ENOMEM, "out of memory");
	for (uint32_t i = 0; i < ix->n; i++)
		was_link[i] = ix->nodes[i].kind == ISO_NODE_LINK;
	for (uint32_t i = 0; i < ix->n; i++)
		if (ix->nodes[i].kind == ISO_NODE_LINK)
			resolve_link(ix, i, 0);
	for (uint32_t i = 0; i < ix->n; i++) {
		if (!was_link[i])
			continue;
		if (ix->nodes[i].kind != ISO_NODE_HIDDEN) {
			ix->links++;
			continue;
		}
		/* a failed link still holds its target text in first/count */
		char where[ISO_PATH_MAX];
		node_path(ix, i, where, sizeof(where));
		problem(b, "%s: symlink to %.*s leads outside the image or nowhere; left out", where,
			(int)ix->nodes[i].count, ix->pool + ix->nodes[i].first);
		ix->links_dropped++;
	}
	free(was_link);
	return 0;
}

/* ---- volume descriptors and the whole build ------------------------------------ */

struct volume {
	uint8_t root[RECORD_MIN];
	bool have_pvd;
	uint8_t joliet_root[RECORD_MIN];
	bool have_joliet;
};

static int read_volume_descriptors(struct builder *b, struct volume *v)
{
	uint8_t block[ISO_BLOCK];
	for (uint32_t lsn = 16; lsn < 16 + 64 && lsn < b->image_blocks; lsn++) {
		if (b->read(b->ctx, lsn, 1, block) < 0)
			return fail(b, -EIO, "cannot read volume descriptor at block %u", lsn);
		if (memcmp(block + 1, "CD001", 5) != 0) {
			if (lsn == 16)
				return fail(b, -EINVAL, "not an ISO 9660 image (no CD001 volume descriptor at block 16)");
			break;
		}
		uint8_t type = block[0];
		if (type == 255)
			break;
		struct rd rd = rd_init(block, sizeof(block));
		rd_skip(&rd, 128 + 2);
		uint16_t block_size = rd_be16(&rd);
		if (type == 1 && !v->have_pvd) {
			if (block_size != ISO_BLOCK)
				return fail(b, -EINVAL, "logical block size %u is not supported (only 2048)",
					    block_size);
			memcpy(v->root, block + 156, RECORD_MIN);
			v->have_pvd = true;
		} else if (type == 2 && !v->have_joliet && block_size == ISO_BLOCK && block[88] == '%' &&
			   block[89] == '/' && (block[90] == '@' || block[90] == 'C' || block[90] == 'E')) {
			memcpy(v->joliet_root, block + 156, RECORD_MIN);
			v->have_joliet = true;
		}
	}
	if (!v->have_pvd)
		return fail(b, -EINVAL, "not an ISO 9660 image (no primary volume descriptor)");
	return 0;
}

/* Rock Ridge is announced by an SP entry in the top directory's "." record
 * (SUSP 5.3), which also says how many bytes to skip in every record. */
static void detect_rock_ridge(struct builder *b, const struct record *root)
{
	uint8_t block[ISO_BLOCK];
	if (root->lsn >= b->image_blocks || b->read(b->ctx, root->lsn, 1, block) < 0)
		return;
	struct record dot;
	uint8_t len = block[0];
	if (len < RECORD_MIN || !parse_record(block, len, &dot) || !is_dot_or_dotdot(&dot))
		return;
	struct susp s;
	parse_susp(b, &dot, 0, &s, "/");
	if (s.sp) {
		b->rock_ridge = true;
		b->su_skip = s.sp_skip;
	}
}

static int add_root(struct builder *b, const uint8_t *raw)
{
	struct record r;
	if (!parse_record(raw, RECORD_MIN, &r) || !(r.flags & FLAG_DIRECTORY))
		return fail(b, -EBADMSG, "the top directory's record is malformed");
	if (r.lsn >= b->image_blocks)
		return fail(b, -EBADMSG, "the top directory is past the end of the image");
	if (r.size == 0)
		return fail(b, -EBADMSG, "the top directory is empty");
	int rc = nodes_reserve(b, 1);
	uint32_t name;
	if (rc >= 0)
		rc = pool_add(b, "", 0, &name);
	if (rc < 0)
		return rc;
	b->ix->nodes[b->ix->n++] = (struct iso_node){
		.offset = (uint64_t)r.lsn * ISO_BLOCK,
		.size = r.size,
		.mtime = r.mtime,
		.name = name,
		.kind = ISO_NODE_DIR,
	};
	return 0;
}

static int build(struct builder *b)
{
	struct volume v = { 0 };
	int rc = read_volume_descriptors(b, &v);
	if (rc < 0)
		return rc;
	struct record pvd_root;
	if (!parse_record(v.root, RECORD_MIN, &pvd_root))
		return fail(b, -EBADMSG, "the top directory's record is malformed");
	detect_rock_ridge(b, &pvd_root);
	const uint8_t *root = v.root;
	if (b->rock_ridge) {
		b->ix->names = ISO_NAMES_ROCK_RIDGE;
	} else if (v.have_joliet) {
		b->ix->names = ISO_NAMES_JOLIET;
		root = v.joliet_root;
	} else {
		b->ix->names = ISO_NAMES_ISO9660;
	}
	rc = add_root(b, root);
	if (rc < 0)
		return rc;
	if (b->ix->nodes[0].offset / ISO_BLOCK + (b->ix->nodes[0].size + ISO_BLOCK - 1) / ISO_BLOCK >
	    b->image_blocks)
		return fail(b, -EBADMSG, "the top directory extends past the end of the image");
	for (uint32_t i = 0; i < b->ix->n; i++) {
		if (b->ix->nodes[i].kind != ISO_NODE_DIR)
			continue;
		rc = read_dir(b, i);
		if (rc < 0)
			return rc;
		if (i == 0 && rc > 0)
			return fail(b, -EBADMSG, "the top directory is unreadable");
	}
	rc = resolve_links(b);
	if (rc < 0)
		return rc;
	for (uint32_t i = 1; i < b->ix->n; i++) {
		uint8_t k = b->ix->nodes[i].kind;
		b->ix->files += k == ISO_NODE_FILE;
		b->ix->dirs += k == ISO_NODE_DIR;
	}
	return 0;
}

int iso_index_build(iso_read_fn read, void *ctx, uint64_t image_size, struct iso_index *ret,
		    char *err, size_t errlen)
{
	struct iso_index ix = { .image_size = image_size };
	char dummy[1];
	struct builder b = {
		.read = read,
		.ctx = ctx,
		.ix = &ix,
		.image_blocks = image_size / ISO_BLOCK > UINT32_MAX ? UINT32_MAX
								    : (uint32_t)(image_size / ISO_BLOCK),
		.err = errlen ? err : dummy,
		.errlen = errlen ? errlen : sizeof(dummy),
	};
	int rc;
	if (b.image_blocks < 17)
		rc = fail(&b, -EINVAL, "not an ISO 9660 image (%llu bytes is too small)",
			  (unsigned long long)image_size);
	else
		rc = build(&b);
	free(b.seen);
	if (rc < 0) {
		iso_index_free(&ix);
		return rc;
	}
	*ret = ix;
	return 0;
}

void iso_index_free(struct iso_index *ix)
{
	if (!ix)
		return;
	free(ix->nodes);
	free(ix->pool);
	for (size_t i = 0; i < ISO_MAX_PROBLEMS; i++)
		free(ix->problems[i]);
	memset(ix, 0, sizeof(*ix));
}

long iso_index_lookup(const struct iso_index *ix, const char *path)
{
	size_t len = strnlen(path, ISO_PATH_MAX);
	if (len >= ISO_PATH_MAX)
		return -ENAMETOOLONG;
	uint32_t cur = 0;
	size_t pos = 0, clen;
	const char *comp;
	while (next_component(path, len, &pos, &comp, &clen)) {
		if (clen == 0)
			return -ENOENT;
		if (ix->nodes[cur].kind != ISO_NODE_DIR)
			return -ENOTDIR;
		long c = find_child(ix, cur, comp, clen);
		if (c < 0)
			return c;
		cur = (uint32_t)c;
	}
	return cur;
}
