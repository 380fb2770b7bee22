#include "fleet_parse.h"

#include <errno.h>
#include <string.h>
#include <strings.h>

#include "core/str.h"

/* ---- lines and words, bounded by the text's length ---- */

struct cursor {
	const char *p, *end;
};

/* The next line without its CR LF; false at the end. */
static bool next_line(struct cursor *c, const char **s, size_t *n)
{
	if (c->p >= c->end)
		return false;
	const char *nl = memchr(c->p, '\n', (size_t)(c->end - c->p));
	const char *e = nl ? nl : c->end;
	*s = c->p;
	*n = (size_t)(e - c->p);
	if (*n && (*s)[*n - 1] == '\r')
		(*n)--;
	c->p = nl ? nl + 1 : c->end;
	return true;
}

static bool blank(char ch) { return ch == ' ' || ch == '\t'; }

static void trim(const char **s, size_t *n)
{
	while (*n && blank(**s)) {
		(*s)++;
		(*n)--;
	}
	while (*n && blank((*s)[*n - 1]))
		(*n)--;
}

/* Splits off the first word of s (case as written); s becomes the rest, trimmed. */
static void first_word(const char **s, size_t *n, const char **w, size_t *wn)
{
	trim(s, n);
	size_t k = 0;
	while (k < *n && !blank((*s)[k]))
		k++;
	*w = *s;
	*wn = k;
	*s += k;
	*n -= k;
	trim(s, n);
}

static bool word_is(const char *w, size_t wn, const char *kw)
{
	return strlen(kw) == wn && strncasecmp(w, kw, wn) == 0;
}

static int copy_n(char *dst, size_t cap, const char *s, size_t n)
{
	if (n >= cap)
		return -ENAMETOOLONG;
	memcpy(dst, s, n);
	dst[n] = '\0';
	return 0;
}

/* ---- URLs ---- */

bool fleet_is_http(const char *name) { return strncmp(name, "http://", 7) == 0; }

int fleet_url_parse(const char *url, struct fleet_url *ret)
{
	if (!fleet_is_http(url))
		return -EINVAL;
	const char *h = url + 7, *slash = strchr(h, '/');
	size_t hn = slash ? (size_t)(slash - h) : strlen(h);
	char host[32], *colon;
	struct fleet_url u = { .port = 80 };
	if (copy_n(host, sizeof(host), h, hn) < 0)
		return -EINVAL;
	if ((colon = strchr(host, ':'))) {
		int64_t port;
		*colon = '\0';
		if (str_to_int64(colon + 1, 1, 65535, &port) < 0)
			return -EINVAL;
		u.port = (uint16_t)port;
	}
	if (str_to_ipv4(host, &u.ip) < 0 || copy_n(u.path, sizeof(u.path), slash ? slash : "/",
						   slash ? strlen(slash) : 1) < 0)
		return -EINVAL;
	*ret = u;
	return 0;
}

/* ---- pxelinux configs ---- */

#define LABELS_MAX 64

int fleet_pxelinux_parse(const char *text, size_t len, struct fleet_boot *ret)
{
	static struct fleet_boot labels[LABELS_MAX];
	bool menu_default[LABELS_MAX] = { false };
	char dflt[FLEET_REPO_MAX] = "";
	size_t n = 0;
	int r = 0;
	struct cursor c = { text, text + len };
	const char *s, *w;
	size_t sn, wn;
	while (r == 0 && next_line(&c, &s, &sn)) {
		first_word(&s, &sn, &w, &wn);
		struct fleet_boot *cur = n ? &labels[n - 1] : NULL;
		if (word_is(w, wn, "DEFAULT")) {
			r = copy_n(dflt, sizeof(dflt), s, sn);
		} else if (word_is(w, wn, "LABEL")) {
			if (n == LABELS_MAX)
				break;
			labels[n] = (struct fleet_boot){ 0 };
			r = copy_n(labels[n++].label, sizeof(labels[0].label), s, sn);
		} else if (!cur) {
			continue; /* global settings: PROMPT, TIMEOUT, MENU TITLE ... */
		} else if (word_is(w, wn, "KERNEL") || word_is(w, wn, "LINUX")) {
			r = copy_n(cur->kernel, sizeof(cur->kernel), s, sn);
		} else if (word_is(w, wn, "INITRD")) {
			r = copy_n(cur->initrd, sizeof(cur->initrd), s, sn);
		} else if (word_is(w, wn, "APPEND")) {
			r = copy_n(cur->append, sizeof(cur->append), s, sn);
		} else if (word_is(w, wn, "LOCALBOOT")) {
			cur->localboot = true;
		} else if (word_is(w, wn, "MENU")) {
			first_word(&s, &sn, &w, &wn);
			if (word_is(w, wn, "DEFAULT"))
				menu_default[n - 1] = true;
		}
	}
	if (r < 0)
		return r;
	if (!n)
		return -ENOENT;
	size_t pick = 0;
	bool found = false;
	for (size_t i = 0; i < n && !found; i++)
		if (!strcmp(labels[i].label, dflt)) {
			pick = i;
			found = true;
		}
	for (size_t i = 0; i < n && !found; i++)
		if (menu_default[i]) {
			pick = i;
			found = true;
		}
	struct fleet_boot *b = &labels[pick];
	if (!b->initrd[0] && fleet_karg(b->append, "initrd", b->initrd, sizeof(b->initrd)) == -ENAMETOOLONG)
		return -ENAMETOOLONG;
	*ret = *b;
	return 0;
}

int fleet_karg(const char *append, const char *key, char *out, size_t cap)
{
	size_t kn = strlen(key), n = strlen(append);
	const char *s = append, *w;
	size_t wn;
	int r = -ENOENT;
	for (;;) {
		first_word(&s, &n, &w, &wn);
		if (!wn)
			return r;
		if (wn > kn && !strncmp(w, key, kn) && w[kn] == '=')
			r = copy_n(out, cap, w + kn + 1, wn - kn - 1);
	}
}

/* ---- .treeinfo ---- */

size_t fleet_treeinfo_repos(const char *text, size_t len, char repos[][FLEET_REPO_MAX], size_t max)
{
	char general[FLEET_REPO_MAX] = "";
	size_t n = 0;
	bool in_variant = false, in_general = false;
	struct cursor c = { text, text + len };
	const char *s;
	size_t sn;
	while (next_line(&c, &s, &sn)) {
		trim(&s, &sn);
		if (sn >= 2 && s[0] == '[' && s[sn - 1] == ']') {
			in_variant = sn > 10 && !strncmp(s, "[variant-", 9);
			in_general = sn == 9 && !strncmp(s, "[general]", 9);
			continue;
		}
		const char *eq = memchr(s, '=', sn);
		if (!eq || (!in_variant && !in_general))
			continue;
		const char *k = s, *v = eq + 1;
		size_t kn = (size_t)(eq - s), vn = sn - kn - 1;
		trim(&k, &kn);
		trim(&v, &vn);
		if (!word_is(k, kn, "repository") || !vn)
			continue;
		if (in_general)
			(void)copy_n(general, sizeof(general), v, vn);
		else if (n < max && copy_n(repos[n], FLEET_REPO_MAX, v, vn) == 0)
			n++;
	}
	if (!n && max)
		(void)copy_n(repos[n++], FLEET_REPO_MAX, general[0] ? general : ".", general[0] ? strlen(general) : 1);
	return n;
}

/* ---- the kickstart's callback ---- */

int fleet_ks_callback(const char *text, size_t len, char *token, size_t tcap, char *url, size_t ucap)
{
	static const char hdr[] = "X-Pxed-Token: ";
	struct cursor c = { text, text + len };
	const char *s;
	size_t sn;
	while (next_line(&c, &s, &sn)) {
		const char *end = s + sn, *t = NULL;
		for (const char *q = s; q + sizeof(hdr) - 1 <= end && !t; q++)
			if (!memcmp(q, hdr, sizeof(hdr) - 1))
				t = q + sizeof(hdr) - 1;
		if (!t)
			continue;
		const char *te = memchr(t, '\'', (size_t)(end - t));
		/* the URL is the first 'http://...' word after the header */
		const char *u = NULL;
		for (const char *q = te ? te : end; q + 8 <= end && !u; q++)
			if (!memcmp(q, "'http://", 8))
				u = q + 1;
		const char *ue = u ? memchr(u, '\'', (size_t)(end - u)) : NULL;
		if (!te || !ue || copy_n(token, tcap, t, (size_t)(te - t)) < 0 ||
		    copy_n(url, ucap, u, (size_t)(ue - u)) < 0)
			return -EBADMSG;
		return 0;
	}
	return -ENOENT;
}

/* ---- HTTP ---- */

int fleet_http_head_parse(const char *head, size_t len, struct fleet_http_head *ret)
{
	struct cursor c = { head, head + len };
	const char *s, *w;
	size_t sn, wn;
	struct fleet_http_head h = { .content_length = -1 };
	if (!next_line(&c, &s, &sn))
		return -EBADMSG;
	first_word(&s, &sn, &w, &wn);
	char num[8];
	int64_t v;
	if (wn < 8 || strncmp(w, "HTTP/1.", 7) != 0)
		return -EBADMSG;
	first_word(&s, &sn, &w, &wn);
	if (copy_n(num, sizeof(num), w, wn) < 0 || str_to_int64(num, 100, 999, &v) < 0)
		return -EBADMSG;
	h.status = (int)v;
	while (next_line(&c, &s, &sn)) {
		const char *colon = memchr(s, ':', sn);
		if (!colon)
			continue;
		const char *k = s, *val = colon + 1;
		size_t kn = (size_t)(colon - s), vn = sn - kn - 1;
		trim(&k, &kn);
		trim(&val, &vn);
		char buf[24];
		if (word_is(k, kn, "Content-Length")) {
			if (copy_n(buf, sizeof(buf), val, vn) < 0 ||
			    str_to_int64(buf, 0, INT64_MAX, &h.content_length) < 0)
				return -EBADMSG;
		} else if (word_is(k, kn, "Transfer-Encoding")) {
			h.chunked = vn >= 7 && strncasecmp(val + vn - 7, "chunked", 7) == 0;
		}
	}
	*ret = h;
	return 0;
}
