#include "conf/conf.h"

#include <stdlib.h>
#include <string.h>

#include "conf/conf_opt.h"

void conf_init(struct pxed_conf *c)
{
	memset(c, 0, sizeof(*c));
	/* strdup failures leave NULLs, which every reader treats as unset;
	 * conf_load replaces them anyway */
	c->state_dir = strdup(CONF_DEFAULT_STATE_DIR);
	c->user = strdup(CONF_DEFAULT_USER);
	c->log_level = LOG_LVL_INFO;
	c->log_syslog = false;

	c->dhcp.enabled = true;
	c->dhcp.proxy = false;
	c->dhcp.authoritative = true;
	c->dhcp.allow_bootp = true;
	c->dhcp.allow_booting = true;
	c->dhcp.lease_time = CONF_DEFAULT_LEASE_TIME;
	c->dhcp.max_lease_time = CONF_DEFAULT_MAX_LEASE_TIME;
	c->dhcp.offer_hold = 30;
	c->dhcp.decline_hold = 600;

	c->tftp.enabled = true;
	c->tftp.root = strdup(CONF_DEFAULT_TFTP_ROOT);
	c->tftp.port = CONF_DEFAULT_TFTP_PORT;
	c->tftp.max_transfers = CONF_DEFAULT_TFTP_MAX_TRANSFERS;
	c->tftp.max_per_client = CONF_DEFAULT_TFTP_MAX_PER_CLIENT;
	c->tftp.blksize_max = CONF_DEFAULT_TFTP_BLKSIZE_MAX;
	c->tftp.windowsize_max = CONF_DEFAULT_TFTP_WINDOWSIZE_MAX;
	c->tftp.timeout_min_ms = CONF_DEFAULT_TFTP_TIMEOUT_MIN_MS;
	c->tftp.retries = CONF_DEFAULT_TFTP_RETRIES;
	c->tftp.upload_max_size = CONF_DEFAULT_TFTP_UPLOAD_MAX_SIZE;

	c->http.enabled = true;
	c->http.root = strdup(CONF_DEFAULT_HTTP_ROOT);
	c->http.port = CONF_DEFAULT_HTTP_PORT;
	c->http.max_connections = CONF_DEFAULT_HTTP_MAX_CONNECTIONS;
	c->http.max_per_client = CONF_DEFAULT_HTTP_MAX_PER_CLIENT;
	c->http.idle_timeout = CONF_DEFAULT_HTTP_IDLE_TIMEOUT;
}

int conf_listen_each(const struct pxed_conf *c, char *const *ifs, size_t nifs, const uint32_t *addrs, size_t naddrs,
		     conf_listen_fn add, void *ctx, char *err, size_t errlen)
{
	int r = 0;
	for (size_t i = 0; r == 0 && i < nifs; i++)
		r = add(ctx, ifs[i], 0, err, errlen);
	for (size_t i = 0; r == 0 && i < naddrs; i++)
		r = add(ctx, NULL, addrs[i], err, errlen);
	if (nifs || naddrs)
		return r;
	/* where DHCP sends its PXE clients, else everywhere */
	if (c->dhcp.enabled && c->dhcp.ninterfaces) {
		for (size_t i = 0; r == 0 && i < c->dhcp.ninterfaces; i++)
			r = add(ctx, c->dhcp.interfaces[i], 0, err, errlen);
		return r;
	}
	return add(ctx, NULL, 0, err, errlen);
}

static void boot_free(struct conf_boot *b)
{
	for (int i = 0; i < BOOT_ARCH_COUNT; i++) {
		free(b->file[i]);
		b->file[i] = NULL;
	}
}

void conf_free(struct pxed_conf *c)
{
	if (!c)
		return;
	free(c->path);
	free(c->state_dir);
	free(c->user);

	struct conf_dhcp *d = &c->dhcp;
	for (size_t i = 0; i < d->ninterfaces; i++)
		free(d->interfaces[i]);
	free(d->interfaces);
	boot_free(&d->boot);
	conf_optset_free(&d->options);
	for (size_t i = 0; i < d->nsubnets; i++) {
		struct conf_subnet *s = &d->subnets[i];
		free(s->interface);
		free(s->ranges);
		boot_free(&s->boot);
		conf_optset_free(&s->options);
	}
	free(d->subnets);
	for (size_t i = 0; i < d->nhosts; i++) {
		struct conf_host *h = &d->hosts[i];
		free(h->name);
		free(h->macs);
		free(h->client_id);
		free(h->hostname);
		boot_free(&h->boot);
		conf_optset_free(&h->options);
	}
	free(d->hosts);

	free(c->tftp.root);
	for (size_t i = 0; i < c->tftp.ninterfaces; i++)
		free(c->tftp.interfaces[i]);
	free(c->tftp.interfaces);
	free(c->tftp.addresses);
	free(c->tftp.upload_dir);
	free(c->http.root);
	for (size_t i = 0; i < c->http.ninterfaces; i++)
		free(c->http.interfaces[i]);
	free(c->http.interfaces);
	free(c->http.addresses);
	/* zeroed so that a second conf_free is harmless */
	memset(c, 0, sizeof(*c));
}
