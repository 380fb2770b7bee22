#include "cli/host_fields.h"

#include <errno.h>
#include <stdio.h>
#include <string.h>

#include "core/str.h"
#include "provision/host_key.h"

static const char mac_forms[] = "aa:bb:cc:dd:ee:ff, aa-bb-cc-dd-ee-ff or 01-aa-bb-cc-dd-ee-ff";

static int parse_mac(const char *where, const char *opt, const char *name, const char *arg,
		     uint8_t mac[6])
{
	if (host_mac_parse(arg, mac) == 0)
		return 0;
	char esc[64];
	str_escape(esc, sizeof(esc), arg, strlen(arg));
	fprintf(stderr, "%s: %s%s '%s': not a MAC address (%s)\n", where, opt, name, esc, mac_forms);
	return -EINVAL;
}

static bool means_none(const char *v)
{
	return !*v || strcmp(v, "none") == 0;
}

static int apply_ip(const char *where, const char *opt, const char *v, struct store_host *h)
{
	uint32_t ip = 0;
	if (!means_none(v) && (str_to_ipv4(v, &ip) < 0 || ip == 0 || ip == UINT32_MAX)) {
		char esc[64];
		str_escape(esc, sizeof(esc), v, strlen(v));
		fprintf(stderr, "%s: %sip '%s': not a host's IPv4 address\n", where, opt, esc);
		return -EINVAL;
	}
	h->ip = ip;
	return 0;
}

static int apply_macs(const char *where, const char *opt, const struct host_fields *f,
		      struct store_host *h)
{
	if (f->n_macs) {
		h->n_macs = 0;
		for (size_t i = 0; i < f->n_macs; i++)
			if (parse_mac(where, opt, "mac", f->macs[i], h->macs[h->n_macs++]) < 0)
				return -EINVAL;
	}
	for (size_t i = 0; i < f->n_remove; i++) {
		uint8_t m[6];
		if (parse_mac(where, opt, "remove-mac", f->remove[i], m) < 0)
			return -EINVAL;
		size_t k = 0;
		while (k < h->n_macs && memcmp(h->macs[k], m, 6) != 0)
			k++;
		if (k == h->n_macs) {
			char ms[MAC_STRLEN];
			fprintf(stderr, "%s: %sremove-mac: host %s has no MAC %s\n", where, opt,
				h->hostname, mac_to_str(m, ms));
			return -EINVAL;
		}
		memmove(h->macs[k], h->macs[k + 1], (h->n_macs - k - 1) * 6);
		h->n_macs--;
	}
	for (size_t i = 0; i < f->n_add; i++) {
		uint8_t m[6];
		if (parse_mac(where, opt, "add-mac", f->add[i], m) < 0)
			return -EINVAL;
		if (h->n_macs == STORE_HOST_MACS) {
			fprintf(stderr, "%s: host %s already has %d MACs, the most there can be\n", where,
				h->hostname, STORE_HOST_MACS);
			return -EINVAL;
		}
		memcpy(h->macs[h->n_macs++], m, 6);
	}
	return 0;
}

int host_fields_apply(struct store *s, const char *where, const char *opt,
		      const struct host_fields *f, struct store_host *h)
{
	if (f->hostname && str_copy(h->hostname, sizeof(h->hostname), f->hostname) < 0) {
		fprintf(stderr, "%s: %shostname: longer than 253 characters\n", where, opt);
		return -EINVAL;
	}
	if (f->ip && apply_ip(where, opt, f->ip, h) < 0)
		return -EINVAL;
	if (f->uuid && str_copy(h->uuid, sizeof(h->uuid), means_none(f->uuid) ? "" : f->uuid) < 0) {
		char esc[64];
		str_escape(esc, sizeof(esc), f->uuid, 40);
		fprintf(stderr, "%s: %suuid '%s...': not a UUID (8-4-4-4-12 hex digits)\n", where, opt,
			esc);
		return -EINVAL;
	}
	if (f->netboot) {
		if (strcmp(f->netboot, "on") != 0 && strcmp(f->netboot, "off") != 0) {
			fprintf(stderr, "%s: %snetboot takes on or off\n", where, opt);
			return -EINVAL;
		}
		h->netboot = strcmp(f->netboot, "on") == 0;
	}
	if (f->profile) {
		struct store_profile p;
		if (store_profile_get(s, f->profile, &p) < 0) {
			fprintf(stderr, "%s: %s\n", where, store_errmsg(s));
			return -EINVAL;
		}
		h->profile_id = p.id;
		store_profile_clear(&p);
	}
	return apply_macs(where, opt, f, h);
}
