#include "conf/conf_yaml.h"

#include <errno.h>
#include <string.h>

#include "conf/conf_opt.h"
#include "core/str.h"
#include "core/wr.h"

struct enc {
	struct wr w;
	enum conf_opt_type type;
	bool ok;
};

static void enc_item(struct ld *ld, struct fy_node *v, size_t i, void *arg)
{
	(void)i;
	struct enc *e = arg;
	const char *why = NULL;
	char b[80];
	const char *s;
	int r = 0;
	switch (e->type) {
	case COT_IP:
	case COT_IPLIST:
		if (!(s = ld_scalar(ld, v, "an IPv4 address")))
			goto bad;
		r = conf_enc_ip(&e->w, s, &why);
		break;
	case COT_DOMAINS:
		if (!(s = ld_scalar(ld, v, "a domain name")))
			goto bad;
		r = conf_enc_domain(&e->w, s, &why);
		break;
	case COT_ROUTES:
		if (!(s = ld_scalar(ld, v, "a route \"A.B.C.D/N via R.R.R.R\"")))
			goto bad;
		r = conf_enc_route(&e->w, s, &why);
		break;
	default:
		goto bad;
	}
	if (r < 0) {
		ld_err(ld, v, "'%s': %s", ld_show(s, b), why);
		goto bad;
	}
	return;
bad:
	e->ok = false;
}

/* Encodes v as a value of type t into e->w. */
static bool encode_typed(struct ld *ld, struct fy_node *v, enum conf_opt_type t, struct wr *w)
{
	struct enc e = { .w = *w, .type = t, .ok = true };
	const char *s, *why = NULL;
	char b[80];
	switch (t) {
	case COT_IPLIST:
	case COT_DOMAINS:
	case COT_ROUTES:
		ld_for_items(ld, v, t == COT_IPLIST ? "an IPv4 address" : t == COT_DOMAINS ? "a domain name" : "a route", enc_item, &e);
		break;
	case COT_IP:
		enc_item(ld, v, 0, &e);
		break;
	case COT_TEXT:
		if (!(s = ld_scalar(ld, v, "a string"))) {
			e.ok = false;
		} else if (!*s) {
			ld_err(ld, v, "empty text (DHCP text options are at least one byte)");
			e.ok = false;
		} else {
			wr_bytes(&e.w, s, strlen(s));
		}
		break;
	case COT_HEX:
		if (!(s = ld_scalar(ld, v, "hex bytes such as \"01:02:0a\""))) {
			e.ok = false;
		} else if (conf_enc_hex(&e.w, s, &why) < 0) {
			ld_err(ld, v, "'%s': %s", ld_show(s, b), why);
			e.ok = false;
		}
		break;
	case COT_FLAG:
		if (!(s = ld_scalar(ld, v, "true or false"))) {
			e.ok = false;
		} else if (conf_enc_flag(&e.w, s, &why) < 0) {
			ld_err(ld, v, "'%s': %s", ld_show(s, b), why);
			e.ok = false;
		}
		break;
	case COT_U8:
	case COT_U16:
	case COT_U32:
	case COT_S32:
		if (!(s = ld_scalar(ld, v, "an integer"))) {
			e.ok = false;
		} else if (conf_enc_int(&e.w, t, s, &why) < 0) {
			ld_err(ld, v, "'%s': %s (%s)", ld_show(s, b), why, conf_opt_type_name(t));
			e.ok = false;
		}
		break;
	}
	if (e.ok && !wr_ok(&e.w)) {
		ld_err(ld, v, "value longer than %d bytes", CONF_OPT_MAX_LEN);
		e.ok = false;
	}
	*w = e.w;
	return e.ok;
}

static bool looks_numeric(const char *s)
{
	if (*s == '-' || *s == '+')
		s++;
	if (!*s)
		return false;
	for (; *s; s++)
		if ((*s < '0' || *s > '9') && *s != '.' && *s != 'x' && *s != 'X')
			return false;
	return true;
}

/* The value of one entry of `options:`. Explicit {type: value} wins; else
 * the type pxed knows for the code; else an address (list) or text. */
static bool encode_option(struct ld *ld, struct fy_node *v, unsigned code, struct wr *w)
{
	if (v && fy_node_is_mapping(v)) {
		if (fy_node_mapping_item_count(v) != 1) {
			ld_err(ld, v, "a typed value has exactly one key: hex, ip, text, u8, u16, u32, s32, bool, domains or routes");
			return false;
		}
		void *it = NULL;
		struct fy_node_pair *p = fy_node_mapping_iterate(v, &it);
		struct fy_node *kn;
		const char *key = ld_pair_key(ld, p, &kn);
		if (!key)
			return false;
		int t = conf_opt_type_from_name(key);
		if (t < 0) {
			char b[80];
			ld_err(ld, kn, "unknown value type '%s' (expected hex, ip, text, u8, u16, u32, s32, bool, domains or routes)",
			    ld_show(key, b));
			return false;
		}
		size_t m = ld_path_push(ld, ".%s", key);
		bool ok = encode_typed(ld, fy_node_pair_value(p), (enum conf_opt_type)t, w);
		ld_path_pop(ld, m);
		return ok;
	}
	const struct conf_opt_info *info = conf_opt_by_code(code);
	if (info)
		return encode_typed(ld, v, info->type, w);
	if (v && fy_node_is_sequence(v))
		return encode_typed(ld, v, COT_IPLIST, w);
	const char *s = ld_scalar(ld, v, "a value");
	if (!s)
		return false;
	uint32_t a;
	if (str_to_ipv4(s, &a) == 0)
		return encode_typed(ld, v, COT_IPLIST, w);
	if (fy_node_get_style(v) == FYNS_PLAIN && looks_numeric(s)) {
		ld_err(ld, v, "pxed does not know the type of option %u: write {u8: %s}, {u16: %s}, {u32: %s} or {text: \"%s\"}",
		    code, s, s, s, s);
		return false;
	}
	return encode_typed(ld, v, COT_TEXT, w);
}

static void add_option(struct ld *ld, struct fy_node *at, struct conf_optset *set, unsigned code,
		       const uint8_t *data, size_t len)
{
	int r = conf_optset_add(set, (uint8_t)code, data, len);
	if (r == -EEXIST) {
		const struct conf_opt_info *info = conf_opt_by_code(code);
		if (info && info->key)
			ld_err(ld, at, "option %u (%s) is set more than once at this level", code, info->key);
		else
			ld_err(ld, at, "option %u is set more than once at this level", code);
	} else if (r == -ENOMEM) {
		ld_oom(ld);
	} else if (r < 0) {
		ld_err(ld, at, "value longer than %d bytes", CONF_OPT_MAX_LEN);
	}
}

/* `options:` of the global, subnet or host level. */
void ld_options(struct ld *ld, struct fy_node *m, struct conf_optset *set, bool host)
{
	if (!ld_expect_map(ld, m, "a mapping of option code to value"))
		return;
	void *it = NULL;
	struct fy_node_pair *p;
	while ((p = fy_node_mapping_iterate(m, &it)) != NULL) {
		struct fy_node *kn;
		const char *key = ld_pair_key(ld, p, &kn);
		if (!key)
			continue;
		int64_t code;
		const struct conf_opt_info *info = NULL;
		char b[80];
		if (str_to_int64(key, 0, 255, &code) < 0) {
			info = conf_opt_by_name(key);
			if (!info) {
				ld_err(ld, kn, "'%s' is not an option code (1-254) or a known option name", ld_show(key, b));
				continue;
			}
			code = info->code;
		}
		size_t mark = ld_path_push(ld, ".%s", key);
		const char *why = conf_opt_reserved((unsigned)code);
		if (!why && host && code == 12)
			why = "set the host name with hostname:";
		if (why) {
			ld_err(ld, kn, "option %u cannot be set: %s", (unsigned)code, why);
			ld_path_pop(ld, mark);
			continue;
		}
		uint8_t buf[CONF_OPT_MAX_LEN + 1];
		struct wr w = wr_init(buf, sizeof(buf));
		if (encode_option(ld, fy_node_pair_value(p), (unsigned)code, &w))
			add_option(ld, kn, set, (unsigned)code, buf, w.len);
		ld_path_pop(ld, mark);
	}
}

/* A typed option key (routers, dns_servers, ...) at any level. */
void ld_option_key(struct ld *ld, struct fy_node *kn, struct fy_node *v,
			    const struct conf_opt_info *info, struct conf_optset *set)
{
	uint8_t buf[CONF_OPT_MAX_LEN + 1];
	struct wr w = wr_init(buf, sizeof(buf));
	if (encode_typed(ld, v, info->type, &w))
		add_option(ld, kn, set, info->code, buf, w.len);
}

void ld_boot(struct ld *ld, struct fy_node *m, struct conf_boot *b, struct conf_pos *bpos)
{
	if (!ld_expect_map(ld, m, "a mapping of architecture to boot file"))
		return;
	void *it = NULL;
	struct fy_node_pair *p;
	while ((p = fy_node_mapping_iterate(m, &it)) != NULL) {
		struct fy_node *kn;
		const char *key = ld_pair_key(ld, p, &kn);
		if (!key)
			continue;
		int a = conf_arch_from_name(key);
		if (a < 0) {
			const char *names[BOOT_ARCH_COUNT + 1];
			for (int i = 0; i < BOOT_ARCH_COUNT; i++)
				names[i] = conf_arch_name(i);
			names[BOOT_ARCH_COUNT] = NULL;
			char kb[80];
			const char *best = ld_suggest(key, names, NULL);
			if (best)
				ld_err(ld, kn, "unknown architecture '%s' (did you mean '%s'?)", ld_show(key, kb), best);
			else
				ld_err(ld, kn, "unknown architecture '%s' (known: bios, efi-ia32, efi-x64, efi-arm32, efi-arm64, http-ia32, http-x64, http-arm32, http-arm64, ipxe)",
				    ld_show(key, kb));
			continue;
		}
		size_t mark = ld_path_push(ld, ".%s", key);
		/* emptiness is conf_check's call, so imported configs get it too */
		if (ld_str(ld, fy_node_pair_value(p), 0, &b->file[a]))
			bpos[a] = ld_pos(ld, fy_node_pair_value(p));
		ld_path_pop(ld, mark);
	}
}
