/* Hashing the clear-text passwords of a kickstart template in place: only
 * the password words (and --plaintext) of a rootpw, user, sshpw or
 * bootloader line are replaced; every other byte of the template,
 * `{{variables}}` included, stays as it was. Boot loader passwords are
 * hashed for the boot loader that reads them: GRUB legacy (EL6) takes
 * --md5pass with an MD5 crypt, GRUB 2 a grub.pbkdf2.sha512 hash. */
#include "provision/ks_template.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "kickstart/ks_bind.h"
#include "kickstart/ks_crypt.h"
#include "kickstart/ks_lex.h"
#include "kickstart/ks_parse.h"
#include "core/buf.h"

#define MAX_WORDS 64
#define SALT_BYTES 16
#define GRUB2_SALT_BYTES 64 /* as grub2-mkpasswd-pbkdf2 */
#define GRUB2_ITERATIONS 10000
#define HASH_MAX 320        /* a grub.pbkdf2.sha512 hash is 282 characters */

/* A word of a command line: its place in the line and its shlex value. */
struct span {
	size_t start, end;
};

struct line_words {
	struct ks_word w[MAX_WORDS];
	struct span sp[MAX_WORDS];
	size_t n;
};

static bool shlex_space(char c)
{
	return c == ' ' || c == '\t' || c == '\r' || c == '\n';
}

/* Length of a `{{ ... }}` at p (closing braces included), 0 if p does not
 * start one. */
static size_t template_var(const char *p, size_t n)
{
	if (n < 4 || p[0] != '{' || p[1] != '{')
		return 0;
	for (size_t i = 2; i + 1 < n; i++)
		if (p[i] == '}' && p[i + 1] == '}')
			return i + 2;
	return 0;
}

/* Splits a line as ks_shlex does (POSIX shlex with comments), recording
 * where each word lies, except that a `{{ ... }}` is part of a word as it
 * is (the value it will take has no blanks or quotes). false when the line
 * does not split (open quote, trailing backslash, too many words, no
 * memory). */
static bool split(struct ks_arena *a, const char *p, size_t len, struct line_words *out)
{
	char *tok = ks_arena_alloc(a, len + 1);
	if (!tok)
		return false;
	size_t t = 0, start = 0, i = 0;
	char state = ' ', escaped = 'a';
	bool quoted = false;
	out->n = 0;
	for (;;) {
		bool eof = i >= len;
		char c = eof ? 0 : p[i];
		size_t var = eof || state == '\'' || state == '"' || state == '\\'
				     ? 0
				     : template_var(p + i, len - i);
		if (var) {
			if (state == ' ')
				start = i;
			memcpy(tok + t, p + i, var);
			t += var;
			i += var;
			state = 'a';
			continue;
		}
		i++;
		bool end = false;
		if (state == ' ') {
			if (eof)
				break;
			if (shlex_space(c))
				continue;
			if (c == '#')
				break;
			start = i - 1;
			if (c == '\\')
				escaped = 'a', state = '\\';
			else if (c == '\'' || c == '"')
				state = c;
			else
				tok[t++] = c, state = 'a';
		} else if (state == '\'' || state == '"') {
			quoted = true;
			if (eof)
				return false;
			if (c == state)
				state = 'a';
			else if (c == '\\' && state == '"')
				escaped = state, state = '\\';
			else
				tok[t++] = c;
		} else if (state == '\\') {
			if (eof)
				return false;
			if ((escaped == '\'' || escaped == '"') && c != '\\' && c != escaped)
				tok[t++] = '\\';
			tok[t++] = c;
			state = escaped;
		} else {
			end = eof || shlex_space(c) || c == '#';
			if (!end && (c == '\'' || c == '"'))
				state = c;
			else if (!end && c == '\\')
				escaped = 'a', state = '\\';
			else if (!end)
				tok[t++] = c;
		}
		if (!end)
			continue;
		if (t || quoted) {
			if (out->n == MAX_WORDS)
				return false;
			char *s = ks_arena_strndup(a, tok, t);
			if (!s)
				return false;
			out->w[out->n] = (struct ks_word){ .s = s, .len = t };
			out->sp[out->n++] = (struct span){ start, eof ? len : i - 1 };
		}
		t = 0;
		quoted = false;
		state = ' ';
		if (eof || c == '#')
			break;
	}
	return true;
}

struct edit {
	size_t start, end; /* bytes of the line replaced */
	char text[HASH_MAX + 32]; /* by this */
};

struct rewrite {
	struct edit e[MAX_WORDS + 1]; /* one per word, and the inserted --iscrypted */
	size_t n;
};

static void add_edit(struct rewrite *rw, struct span sp, const char *text)
{
	struct edit *e = &rw->e[rw->n++];
	e->start = sp.start;
	e->end = sp.end;
	(void)str_copy(e->text, sizeof(e->text), text);
}

/* A removed word takes the blanks before it along. */
static struct span with_blanks_before(const char *line, struct span sp)
{
	while (sp.start > 0 && (line[sp.start - 1] == ' ' || line[sp.start - 1] == '\t'))
		sp.start--;
	return sp;
}

static bool is_opt(const struct ks_occ *o, const char *name)
{
	return o->opt && o->opt->names[0] && strcmp(o->opt->names[0], name) == 0;
}

struct pw_ctx {
	enum ks_version ver;
	ks_random_fn rnd;
	void *rnd_ctx;
	int err; /* the random source's failure */
};

enum pw_kind {
	PW_ACCOUNT,      /* rootpw, user, sshpw: SHA-512 crypt */
	PW_GRUB_LEGACY,  /* bootloader on EL6: MD5 crypt, as --md5pass */
	PW_GRUB2,        /* bootloader on EL7 and later: grub.pbkdf2.sha512 */
};

static bool make_hash(struct pw_ctx *c, const struct ks_word *clear, enum pw_kind kind, char *out,
		      size_t size)
{
	uint8_t salt[GRUB2_SALT_BYTES];
	size_t n = kind == PW_GRUB2 ? GRUB2_SALT_BYTES : SALT_BYTES;
	int r = c->rnd(c->rnd_ctx, salt, n);
	if (r < 0) {
		c->err = r;
		return false;
	}
	if (memchr(clear->s, '\0', clear->len))
		return false;
	if (kind == PW_GRUB2)
		r = ks_grub2_pbkdf2(clear->s, salt, n, GRUB2_ITERATIONS, out, size);
	else
		r = ks_hash_password(clear->s, kind == PW_GRUB_LEGACY ? KS_HASH_MD5 : KS_HASH_SHA512, salt, n,
				     out, size);
	explicit_bzero(salt, sizeof(salt));
	return r == 0;
}

/* Plans the edits of one rootpw/user/sshpw/bootloader line; 0 edits =
 * leave it. */
static void plan(struct pw_ctx *c, struct ks_arena *a, const char *line, struct line_words *lw,
		 struct rewrite *rw)
{
	rw->n = 0;
	const struct ks_command *cmd = ks_command_find(lw->w[0].s, c->ver);
	if (!cmd || !cmd->options)
		return;
	struct ks_bound b;
	struct ks_bind_error be;
	const struct ks_word *args = lw->w + 1;
	if (ks_bind(a, cmd->options, cmd->positionals, cmd->flags, c->ver, args, lw->n - 1, &b, &be) <
		    0 ||
	    b.nextras)
		return;
	bool crypted = false;
	const struct ks_occ *pw = NULL;
	for (size_t i = 0; i < b.nocc; i++) {
		if (is_opt(&b.occ[i], "--iscrypted"))
			crypted = true;
		else if (is_opt(&b.occ[i], "--plaintext"))
			crypted = false;
		else if (is_opt(&b.occ[i], "--md5pass"))
			crypted = true; /* GRUB legacy's own hashed form */
		else if (is_opt(&b.occ[i], "--password") && b.occ[i].value)
			pw = &b.occ[i];
	}
	bool boot = strcmp(lw->w[0].s, "bootloader") == 0;
	enum pw_kind kind = !boot ? PW_ACCOUNT : c->ver == KS_RHEL6 ? PW_GRUB_LEGACY : PW_GRUB2;
	bool by_option = boot || strcmp(lw->w[0].s, "user") == 0;
	const struct ks_word *clear = by_option ? (pw ? pw->value : NULL) : b.npos ? b.pos[0] : NULL;
	if (crypted || !clear || memmem(clear->s, clear->len, "{{", 2))
		return;
	char hash[HASH_MAX], text[HASH_MAX + 32];
	if (!make_hash(c, clear, kind, hash, sizeof(hash)))
		return;
	for (size_t i = 0; i < b.nocc; i++) {
		const struct ks_occ *o = &b.occ[i];
		struct span sp = lw->sp[o->index + 1];
		if (is_opt(o, "--plaintext")) {
			add_edit(rw, with_blanks_before(line, sp), "");
		} else if (is_opt(o, "--password") && o->value) {
			/* --password VALUE spans two words, --password=VALUE one */
			if (o->value == &args[o->index + 1])
				sp.end = lw->sp[o->index + 2].end;
			snprintf(text, sizeof(text), kind == PW_GRUB_LEGACY ? "--md5pass=%s" : "--iscrypted --password=%s",
				 hash);
			/* an earlier --password is overridden, but its clear text
			 * must not stay in the file either */
			add_edit(rw, o == pw ? sp : with_blanks_before(line, sp), o == pw ? text : "");
		}
	}
	if (!by_option) {
		/* --iscrypted goes right after the command name: written next to
		 * the password it would be a positional word after a "--" */
		size_t k = (size_t)(clear - args) + 1;
		add_edit(rw, (struct span){ lw->sp[0].end, lw->sp[0].end }, " --iscrypted");
		add_edit(rw, lw->sp[k], hash);
	}
}

static int cmp_edit(const void *x, const void *y)
{
	const struct edit *a = x, *b = y;
	if (a->start != b->start)
		return a->start < b->start ? -1 : 1;
	/* an insertion goes before a replacement that starts at the same place */
	return (a->end != a->start) - (b->end != b->start);
}

static bool is_password_command(const struct ks_line *l)
{
	const char *w;
	size_t n;
	ks_line_first_word(l, &w, &n);
	return (n == 6 && memcmp(w, "rootpw", 6) == 0) || (n == 4 && memcmp(w, "user", 4) == 0) ||
	       (n == 5 && memcmp(w, "sshpw", 5) == 0) || (n == 10 && memcmp(w, "bootloader", 10) == 0);
}

/* Whether the line opens (1) or closes (-1) a section, or neither (0). */
static int section_edge(const struct ks_line *l)
{
	const char *w;
	size_t n;
	ks_line_first_word(l, &w, &n);
	if (n == 4 && memcmp(w, "%end", 4) == 0)
		return -1;
	return n > 1 && w[0] == '%' && ks_parse_section_known(w, n) ? 1 : 0;
}

/* Rewrites one command line into out; returns the number of passwords
 * hashed (0 or 1). */
static unsigned rewrite_line(struct pw_ctx *c, const struct ks_line *l, struct buf *out)
{
	struct ks_arena a = { 0 };
	struct line_words lw;
	struct rewrite rw = { .n = 0 };
	if (split(&a, l->p, l->len, &lw) && lw.n > 0)
		plan(c, &a, l->p, &lw, &rw);
	ks_arena_free(&a);
	qsort(rw.e, rw.n, sizeof(rw.e[0]), cmp_edit);
	size_t at = 0;
	for (size_t i = 0; i < rw.n; i++) {
		buf_put(out, l->p + at, rw.e[i].start - at);
		buf_puts(out, rw.e[i].text);
		at = rw.e[i].end;
	}
	buf_put(out, l->p + at, l->len - at + l->term);
	return rw.n ? 1 : 0;
}

static int random_failed(void *ctx, uint8_t *buf, size_t len)
{
	(void)ctx, (void)buf, (void)len;
	return -EINVAL;
}

int ks_template_hash_passwords(const char *tmpl, size_t len, enum ks_version ver, ks_random_fn rnd,
			       void *rnd_ctx, char **out, size_t *outlen, unsigned *hashed)
{
	struct pw_ctx c = { .ver = ver, .rnd = rnd ? rnd : random_failed, .rnd_ctx = rnd_ctx };
	struct buf b = { 0 };
	unsigned n = 0;
	bool in_section = false;
	size_t off = 0;
	struct ks_line l;
	while (ks_next_line(tmpl, len, &off, &l) && c.err == 0) {
		int edge = ks_line_blank_or_comment(&l) ? 0 : section_edge(&l);
		if (edge)
			in_section = edge > 0;
		if (!in_section && !edge && is_password_command(&l))
			n += rewrite_line(&c, &l, &b);
		else
			buf_put(&b, l.p, l.len + l.term);
	}
	if (c.err) {
		buf_free(&b);
		return c.err;
	}
	int r = buf_take(&b, out, outlen);
	if (r >= 0 && hashed)
		*hashed = n;
	return r;
}
