#include "conf/dhcpd_value.h"

#include <string.h>

#include "core/str.h"

struct dhcpd_vtype dhcpd_vtype_builtin(const struct conf_opt_info *info)
{
	struct dhcpd_vtype vt = { .t = info->type, .ok = true };
	if (info->type == COT_HEX)
		vt.string = true;
	return vt;
}

/* `option NAME code N = TYPE;` — the type words after '='. */
struct dhcpd_vtype dhcpd_vtype_parse(const struct dstmt *s, size_t i)
{
	struct dhcpd_vtype vt = { .ok = false };
	if (dstmt_is(s, i, "array") && dstmt_is(s, i + 1, "of")) {
		vt.array = true;
		i += 2;
	}
	const char *w = dstmt_word(s, i);
	if (!w || s->tok[i].kind != DT_WORD)
		return vt;
	size_t rest = s->ntok - i;
	bool sign = false;
	if (!strcmp(w, "ip-address") && rest == 1) {
		vt.t = vt.array ? COT_IPLIST : COT_IP;
		vt.array = false;
		vt.ok = true;
	} else if (!strcmp(w, "text") && rest == 1 && !vt.array) {
		vt.t = COT_TEXT;
		vt.ok = true;
	} else if (!strcmp(w, "string") && rest == 1 && !vt.array) {
		vt.t = COT_HEX;
		vt.string = true;
		vt.ok = true;
	} else if (!strcmp(w, "boolean") && rest == 1) {
		vt.t = COT_FLAG;
		vt.ok = true;
	} else if (!strcmp(w, "domain-list") && !vt.array &&
		   (rest == 1 || (rest == 2 && dstmt_is(s, i + 1, "compressed")))) {
		vt.t = COT_DOMAINS;
		vt.ok = true;
	} else if ((!strcmp(w, "unsigned") || (sign = !strcmp(w, "signed"))) && dstmt_is(s, i + 1, "integer") &&
		   rest == 3) {
		const char *bits = dstmt_word(s, i + 2);
		if (bits && !strcmp(bits, "8") && !sign)
			vt.t = COT_U8, vt.ok = true;
		else if (bits && !strcmp(bits, "16") && !sign)
			vt.t = COT_U16, vt.ok = true;
		else if (bits && !strcmp(bits, "32"))
			vt.t = sign ? COT_S32 : COT_U32, vt.ok = true;
	} else if (!strcmp(w, "integer") && rest == 2) {
		const char *bits = dstmt_word(s, i + 1);
		if (bits && !strcmp(bits, "8"))
			vt.t = COT_U8, vt.ok = true; /* ISC's bare integer is signed; bytes
						      * carry the same for 0..127 and
						      * are what the guides write */
		else if (bits && !strcmp(bits, "32"))
			vt.t = COT_S32, vt.ok = true;
	}
	return vt;
}

bool dhcpd_looks_like_hostname(const char *s)
{
	bool alpha = false;
	for (const char *p = s; *p; p++) {
		if ((*p >= 'a' && *p <= 'z') || (*p >= 'A' && *p <= 'Z'))
			alpha = true;
		else if (!((*p >= '0' && *p <= '9') || *p == '-' || *p == '.'))
			return false;
	}
	return alpha;
}

static const char *enc_element(const struct dtok *t, const struct dhcpd_vtype *vt, struct wr *w)
{
	static _Thread_local char why_buf[160];
	const char *why = NULL;
	switch (vt->t) {
	case COT_IP:
	case COT_IPLIST:
		if (t->kind != DT_WORD || conf_enc_ip(w, t->text, &why) < 0) {
			if (t->kind == DT_WORD && dhcpd_looks_like_hostname(t->text)) {
				char e[64];
				str_escape(e, sizeof(e), t->text, t->len);
				snprintf(why_buf, sizeof(why_buf), "%s is a host name; pxed needs IPv4 addresses", e);
				return why_buf;
			}
			return "not an IPv4 address";
		}
		return NULL;
	case COT_TEXT:
		if (t->len == 0)
			return "empty text";
		wr_bytes(w, t->text, t->len);
		return NULL;
	case COT_HEX:
		if (t->kind == DT_STRING) {
			wr_bytes(w, t->text, t->len);
			return NULL;
		}
		return conf_enc_hex(w, t->text, &why) < 0 ? why : NULL;
	case COT_DOMAINS:
		if (memchr(t->text, 0, t->len))
			return "NUL byte in a domain name";
		return conf_enc_domain(w, t->text, &why) < 0 ? why : NULL;
	case COT_ROUTES:
		if (memchr(t->text, 0, t->len))
			return "NUL byte in a route";
		return conf_enc_route(w, t->text, &why) < 0 ? why : NULL;
	case COT_FLAG:
		return conf_enc_flag(w, t->text, &why) < 0 ? why : NULL;
	case COT_U8:
	case COT_U16:
	case COT_U32:
	case COT_S32:
		if (t->kind != DT_WORD)
			return "expected a number";
		return conf_enc_int(w, vt->t, t->text, &why) < 0 ? why : NULL;
	}
	return "unsupported type";
}

/* Encodes the value tokens s->tok[first..]: elements separated by ','.
 * NULL on success, else why not. */
const char *dhcpd_value_encode(const struct dstmt *s, size_t first, const struct dhcpd_vtype *vt, struct wr *w)
{
	if (!vt->ok)
		return "its type cannot be expressed in pxed.conf";
	bool list = vt->array || vt->t == COT_IPLIST || vt->t == COT_DOMAINS || vt->t == COT_ROUTES;
	size_t nel = 0;
	for (size_t i = first; i < s->ntok; i++) {
		if (s->tok[i].kind == DT_PUNCT)
			return "unexpected punctuation in the value";
		if (nel++ && !list)
			return "expected a single value";
		const char *why = enc_element(&s->tok[i], vt, w);
		if (why)
			return why;
		if (i + 1 < s->ntok) {
			if (!dstmt_punct(s, i + 1, ','))
				return "expected ',' between values";
			if (++i + 1 >= s->ntok)
				return "trailing ','";
		}
	}
	if (nel == 0)
		return "missing value";
	if (!wr_ok(w))
		return "value longer than 1024 bytes";
	return NULL;
}
