#include "dhcp/dhcp_options.h"

bool dhcp_option_server_managed(uint8_t code)
{
	switch (code) {
	case OPT_PAD:
	case OPT_END:
	case OPT_REQUESTED_IP:
	case OPT_LEASE_TIME:
	case OPT_OVERLOAD:
	case OPT_MSG_TYPE:
	case OPT_SERVER_ID:
	case OPT_PARAM_REQUEST:
	case OPT_MAX_MSG_SIZE:
	case OPT_RENEWAL_TIME:
	case OPT_REBINDING_TIME:
	case OPT_CLIENT_ID:
	case OPT_RELAY_AGENT:
		return true;
	default:
		return false;
	}
}

static const struct conf_option *find_in(const struct conf_optset *s, uint8_t code)
{
	if (!s)
		return NULL;
	for (size_t i = 0; i < s->n; i++)
		if (s->v[i].code == code)
			return &s->v[i];
	return NULL;
}

const struct conf_option *dhcp_options_find(const struct conf_optset *host,
					    const struct conf_optset *subnet,
					    const struct conf_optset *global, uint8_t code)
{
	const struct conf_option *o = find_in(host, code);
	if (!o)
		o = find_in(subnet, code);
	if (!o)
		o = find_in(global, code);
	return o;
}

static bool already_required(const struct dhcp_reply *r, uint8_t code)
{
	for (size_t i = 0; i < r->nopts; i++)
		if (r->opts[i].code == code)
			return r->opts[i].required;
	return false;
}

static int apply_set(struct dhcp_reply *r, const struct conf_optset *s)
{
	int skipped = 0;
	if (!s)
		return 0;
	for (size_t i = 0; i < s->n; i++) {
		const struct conf_option *o = &s->v[i];
		if (dhcp_option_server_managed(o->code)) {
			skipped++;
			continue;
		}
		if (dhcp_reply_add(r, o->code, already_required(r, o->code), o->data, o->len) < 0)
			skipped++;
	}
	return skipped;
}

int dhcp_options_apply(struct dhcp_reply *r, const struct conf_optset *global,
		       const struct conf_optset *subnet, const struct conf_optset *host)
{
	return apply_set(r, global) + apply_set(r, subnet) + apply_set(r, host);
}
