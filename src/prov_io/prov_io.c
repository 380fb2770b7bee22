/* The provisioning shell's core: the catalog view and its reloads, the
 * hosts' addresses, the install tracker, and the DHCP server's view of the
 * catalog's hosts. */
#include "prov_io/prov_impl.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "boot/bootprog.h"
#include "core/log.h"
#include "core/str.h"
#include "provision/host_key.h"
#include "tree/tree_dir.h"
#include "tree/tree_iso.h"
#include "store/store.h"

/* How often the store is asked whether the CLI changed the catalog: a
 * host added a second ago boots as that host. */
#define POLL_MS 500
/* Events wait this long to share one commit (one fsync) with others. */
#define FLUSH_MS 50
#define SEEN_MAX 65536

static void arm(struct loop_timer *t, struct loop *l, uint64_t in_ms)
{
	loop_timer_arm(t, loop_now_ms(l) + in_ms);
}

/* ---- tracking --------------------------------------------------------- */

int prov_flush(struct prov_io *p)
{
	if (!p->npending)
		return 0;
	int r = store_begin(p->store);
	for (size_t i = 0; r >= 0 && i < p->npending; i++)
		r = store_event_add(p->store, &p->pending[i].ev);
	if (r >= 0)
		r = store_commit(p->store);
	else
		(void)store_rollback(p->store);
	if (r < 0)
		log_error("install tracking: %zu events not recorded: %s", p->npending,
			  store_errmsg(p->store));
	p->npending = 0;
	return r;
}

static void on_flush(struct loop *l, struct loop_timer *t, void *ctx)
{
	prov_flush(ctx);
}

/* A host's timeline moves forward only: the installer's own DHCP after the
 * kernel, or pxelinux reading its config twice, repeat nothing. A failure
 * is always news, and a host that installed and boots again is sent to its
 * disk once per boot cycle. */
static bool is_news(const struct store_host *h, enum store_phase phase)
{
	if (phase == STORE_PHASE_FAILED)
		return h->phase != STORE_PHASE_FAILED;
	return phase > h->phase;
}

void prov_record(struct prov_io *p, const struct store_host *h, enum store_phase phase,
		 const char *detail)
{
	if (!h || !is_news(h, phase))
		return;
	struct store_host *mh = catalog_host_by_id_mut(p->cat, h->id);
	if (!mh)
		return;
	int64_t now_ms = loop_wall_ms(p->loop);
	if (p->npending == p->cappending) {
		size_t cap = p->cappending ? p->cappending * 2 : 64;
		struct prov_pending *v = realloc(p->pending, cap * sizeof(*v));
		if (!v) {
			log_error("install tracking: out of memory; %s %s not recorded", mh->hostname,
				  store_phase_name(phase));
			return;
		}
		p->pending = v;
		p->cappending = cap;
	}
	struct store_event *e = &p->pending[p->npending++].ev;
	*e = (struct store_event){ .host_id = mh->id, .at_ms = now_ms, .phase = phase };
	str_copy(e->detail, sizeof(e->detail), detail ? detail : "");
	mh->phase = phase;
	mh->phase_since_ms = now_ms;
	if (phase == STORE_PHASE_DONE)
		mh->netboot = false;
	bool said = detail && *detail;
	log_info("host %s: %s%s%s%s", mh->hostname, store_phase_name(phase), said ? " (" : "",
		 said ? detail : "", said ? ")" : "");
	/* done decides what the next boot gets: durable before it is answered */
	if (phase == STORE_PHASE_DONE || phase == STORE_PHASE_FAILED)
		prov_flush(p);
	else if (!loop_timer_armed(p->flush))
		arm(p->flush, p->loop, FLUSH_MS);
}

static void learn(struct prov_io *p, const uint8_t *key, uint8_t len, int64_t host_id)
{
	for (size_t i = 0; i < p->nseen; i++)
		if (p->seen[i].len == len && !memcmp(p->seen[i].key, key, len)) {
			p->seen[i].host_id = host_id;
			return;
		}
	if (p->nseen == p->capseen) {
		if (p->capseen >= SEEN_MAX) {
			p->nseen = 0; /* forget the oldest generation rather than grow without end */
		} else {
			size_t cap = p->capseen ? p->capseen * 2 : 64;
			struct prov_seen *v = realloc(p->seen, cap * sizeof(*v));
			if (!v)
				return;
			p->seen = v;
			p->capseen = cap;
		}
	}
	struct prov_seen *e = &p->seen[p->nseen++];
	memset(e, 0, sizeof(*e));
	memcpy(e->key, key, len);
	e->len = len;
	e->host_id = host_id;
}

static const struct store_host *seen_host(struct prov_io *p, const uint8_t *key, uint8_t len)
{
	for (size_t i = 0; i < p->nseen; i++)
		if (p->seen[i].len == len && !memcmp(p->seen[i].key, key, len))
			return catalog_host_by_id(p->cat, p->seen[i].host_id);
	return NULL;
}

void prov_learn_addr(struct prov_io *p, uint32_t ip, int64_t host_id)
{
	if (!ip)
		return;
	uint8_t key[4] = { ip >> 24, ip >> 16, ip >> 8, ip };
	learn(p, key, sizeof(key), host_id);
}

const struct store_host *prov_host_by_addr(struct prov_io *p, uint32_t ip)
{
	uint8_t key[4] = { ip >> 24, ip >> 16, ip >> 8, ip };
	const struct store_host *h = seen_host(p, key, sizeof(key));
	if (h)
		return h;
	/* a fixed address says who it is without a lease */
	for (size_t i = 0; i < catalog_n_hosts(p->cat); i++)
		if (catalog_host_at(p->cat, i)->ip == ip)
			return catalog_host_at(p->cat, i);
	return NULL;
}

const struct store_host *prov_host_by_mac(struct prov_io *p, const uint8_t mac[6])
{
	const struct store_host *h = catalog_host_by_mac(p->cat, mac);
	return h ? h : seen_host(p, mac, 6);
}

/* The catalog's host behind the static host the DHCP core matched, when
 * it matched one of the catalog's (they follow the configuration's own in
 * the view it was fed). */
static const struct store_host *catalog_host_of(struct prov_io *p, const struct conf_host *ch)
{
	if (!ch || !p->view_hosts || ch < p->view_hosts + p->view_nconf || ch >= p->view_hosts + p->view_nhosts)
		return NULL;
	return catalog_host_by_name(p->cat, ch->hostname);
}

static void on_dhcp(void *ctx, const struct dhcp_event *ev, uint32_t if_addr)
{
	struct prov_io *p = ctx;
	if (ev->hlen != 6)
		return;
	const struct store_host *h = prov_host_by_mac(p, ev->hw);
	if (!h && (h = catalog_host_of(p, ev->host)))
		learn(p, ev->hw, 6, h->id); /* known by its UUID: its configs are named by this MAC */
	if (!h)
		return;
	if (ev->kind == DHCP_EV_OFFER)
		return; /* an offer is not yet an address: the ACK records */
	prov_learn_addr(p, ev->ip, h->id);
	if (ev->kind == DHCP_EV_PROXY_REQUEST)
		return; /* only the address: the proxy offer before it recorded dhcp */
	char detail[96], ip[IPV4_STRLEN];
	snprintf(detail, sizeof(detail), "%s%s%s", ev->kind == DHCP_EV_PROXY ? "proxyDHCP" : "lease ",
		 ev->kind == DHCP_EV_PROXY ? "" : ipv4_to_str(ev->ip, ip),
		 ev->arch >= 0 ? " (network boot)" : "");
	/* only a network-booting client starts (or restarts) an install: the
	 * installed system's DHCP client renews without saying PXEClient */
	if (ev->arch >= 0 || ev->kind == DHCP_EV_PROXY)
		prov_record(p, h, STORE_PHASE_DHCP, detail);
}

/* ---- served names ----------------------------------------------------- */

const struct prov_tree *prov_tree_of(struct prov_io *p, const char *name, const char **rest)
{
	if (strncmp(name, "distros/", 8) != 0)
		return NULL;
	const char *d = name + 8, *slash = strchr(d, '/');
	size_t n = slash ? (size_t)(slash - d) : strlen(d);
	for (size_t i = 0; i < p->ntrees; i++)
		if (strlen(p->trees[i].name) == n && !memcmp(p->trees[i].name, d, n)) {
			*rest = slash ? slash + 1 : "";
			return &p->trees[i];
		}
	return NULL;
}

bool prov_is_menu_name(const char *name)
{
	return !strcmp(name, "pxelinux.cfg/default") || !strcmp(name, "efi64/pxelinux.cfg/default") ||
	       !strcmp(name, "grub/grub.cfg");
}

static bool is_config_name(const char *name)
{
	return !strncmp(name, "pxelinux.cfg/", 13) || !strncmp(name, "efi64/pxelinux.cfg/", 19) ||
	       !strncmp(name, "grub/grub.cfg", 13) || !strcmp(name, "ipxe") ||
	       !strncmp(name, "ipxe/", 5);
}

int prov_phase_of(struct prov_io *p, const struct store_host *h, const char *name)
{
	if (is_config_name(name))
		return h->netboot ? STORE_PHASE_BOOTCONFIG : STORE_PHASE_LOCALBOOT;
	struct bootprog_match m;
	if (bootprog_lookup(name, &m) == 0)
		/* GRUB loads http.mod after its config: no step back */
		return bootprog_is_grub_module(&m) ? -1 : STORE_PHASE_BOOTLOADER;
	const char *rest;
	const struct prov_tree *t = prov_tree_of(p, name, &rest);
	if (!t)
		return -1;
	const struct store_distro *d = catalog_distro_by_id(p->cat, t->distro_id);
	if (!d)
		return -1;
	if (!strcmp(rest, d->kernel))
		return STORE_PHASE_KERNEL;
	if (!strcmp(rest, d->initrd))
		return STORE_PHASE_INITRD;
	if (!strcmp(rest, ".treeinfo") || !strcmp(rest, "treeinfo") || !strcmp(rest, ".discinfo") ||
	    !strcmp(rest, "repodata/repomd.xml") || !strcmp(rest, "BaseOS/repodata/repomd.xml"))
		return STORE_PHASE_TREE;
	return -1;
}

/* ---- boot configs ------------------------------------------------------- */

static int boot_host_by_mac(void *arg, const uint8_t mac[6], struct boot_host *ret)
{
	struct prov_io *p = arg;
	const struct store_host *h = prov_host_by_mac(p, mac);
	if (!h)
		return -ENOENT;
	memset(ret, 0, sizeof(*ret));
	str_copy(ret->hostname, sizeof(ret->hostname), h->hostname);
	ret->netboot = h->netboot;
	for (size_t i = 0; i < p->nbprofiles; i++)
		if (catalog_profile_at(p->cat, i)->id == h->profile_id)
			ret->profile = &p->bprofiles[i];
	return 0;
}

static enum boot_fetch fetch_of(const char *boot_file, const char *http_loader)
{
	return boot_file && strstr(boot_file, http_loader) ? BOOT_FETCH_HTTP : BOOT_FETCH_TFTP;
}

void prov_boot_ctx(struct prov_io *p, uint32_t local_ip, struct boot_ctx *ctx)
{
	*ctx = (struct boot_ctx){
		.server_ip = local_ip,
		.http_port = p->conf->http.port,
		.profiles = p->bprofiles,
		.n_profiles = p->nbprofiles,
		.bios_fetch = fetch_of(p->conf->dhcp.boot.file[BOOT_ARCH_BIOS], "lpxelinux"),
		.efi64_fetch = BOOT_FETCH_TFTP,
		.grub_fetch = bootprog_name_present(NULL, "grub/x86_64-efi/http.mod") ? BOOT_FETCH_HTTP
										    : BOOT_FETCH_TFTP,
		/* Debian's memtest86+ ships both */
		.memtest = bootprog_name_present(NULL, BOOT_MEMTEST_BIOS) &&
			   bootprog_name_present(NULL, BOOT_MEMTEST_EFI),
		.host_by_mac = boot_host_by_mac,
		.host_arg = p,
	};
}

int prov_render_config(struct prov_io *p, const char *name, uint32_t local_ip, char **text, size_t *len)
{
	/* building the context looks for boot files on disk: not for every
	 * file of an HTTP root or TFTP tree */
	if (!boot_is_config_name(name) || (!p->nbprofiles && prov_is_menu_name(name)))
		return -ENOENT;
	struct boot_ctx ctx;
	prov_boot_ctx(p, local_ip, &ctx);
	return boot_render_dup(&ctx, name, text, len);
}

/* The boot generator's view of the profiles: pointers into the catalog. */
static int build_boot_profiles(struct prov_io *p)
{
	size_t np = catalog_n_profiles(p->cat), nd = catalog_n_distros(p->cat);
	free(p->bprofiles);
	free(p->bdistros);
	p->bprofiles = calloc(np ? np : 1, sizeof(*p->bprofiles));
	p->bdistros = calloc(nd ? nd : 1, sizeof(*p->bdistros));
	p->nbprofiles = 0;
	if (!p->bprofiles || !p->bdistros)
		return -ENOMEM;
	for (size_t i = 0; i < nd; i++) {
		const struct store_distro *d = catalog_distro_at(p->cat, i);
		p->bdistros[i] = (struct boot_distro){ .name = d->name, .family = d->family,
						       .major = d->major, .arch = d->arch,
						       .kernel = d->kernel, .initrd = d->initrd };
	}
	for (size_t i = 0; i < np; i++) {
		const struct store_profile *pr = catalog_profile_at(p->cat, i);
		struct boot_profile *bp = &p->bprofiles[i];
		*bp = (struct boot_profile){ .name = pr->name, .kernel_args = pr->kernel_args };
		for (size_t k = 0; k < nd; k++)
			if (catalog_distro_at(p->cat, k)->id == pr->distro_id)
				bp->distro = &p->bdistros[k];
		char why[256];
		if (!bp->distro || boot_profile_check(bp, why, sizeof(why)) < 0)
			log_warn("profile %s is left out of the boot menus: %s", pr->name,
				 bp->distro ? why : "its distro is gone");
	}
	p->nbprofiles = np;
	return 0;
}

/* ---- the catalog view ------------------------------------------------- */

static int add_distro(void *ctx, const struct store_distro *d) { return catalog_add_distro(ctx, d); }
static int add_profile(void *ctx, const struct store_profile *pr) { return catalog_add_profile(ctx, pr); }
static int add_host(void *ctx, const struct store_host *h) { return catalog_add_host(ctx, h); }

static int read_catalog(struct store *s, struct catalog **ret)
{
	struct catalog *c = catalog_new();
	if (!c)
		return -ENOMEM;
	int r = store_distro_foreach(s, add_distro, c);
	if (r >= 0)
		r = store_profile_foreach(s, add_profile, c);
	if (r >= 0)
		r = store_host_foreach(s, add_host, c);
	if (r >= 0)
		r = catalog_seal(c);
	if (r < 0) {
		catalog_free(c);
		return r;
	}
	*ret = c;
	return 0;
}

static void free_trees(struct prov_tree *v, size_t n)
{
	for (size_t i = 0; i < n; i++)
		tree_free(v[i].tree);
	free(v);
}

static int open_distro_tree(const struct store_distro *d, struct tree **ret)
{
	char err[512];
	int r = d->source_kind == STORE_SOURCE_ISO ? tree_iso_open(d->source, ret, err, sizeof(err))
						   : tree_dir_open(d->source, ret, err, sizeof(err));
	if (r < 0)
		log_error("distro %s: cannot open its tree: %s", d->name, err);
	return r;
}

/* TFTP's trees follow the catalog: kept when the distro is unchanged,
 * opened when new, closed when gone. */
static void sync_trees(struct prov_io *p)
{
	size_t nd = catalog_n_distros(p->cat);
	struct prov_tree *v = calloc(nd ? nd : 1, sizeof(*v));
	if (!v)
		return;
	size_t n = 0;
	for (size_t i = 0; i < nd; i++) {
		const struct store_distro *d = catalog_distro_at(p->cat, i);
		struct prov_tree *t = &v[n];
		for (size_t k = 0; k < p->ntrees && !t->tree; k++)
			if (p->trees[k].tree && p->trees[k].distro_id == d->id &&
			    !strcmp(p->trees[k].source, d->source)) {
				*t = p->trees[k];
				p->trees[k].tree = NULL;
			}
		if (!t->tree && open_distro_tree(d, &t->tree) < 0)
			continue;
		t->distro_id = d->id;
		str_copy(t->name, sizeof(t->name), d->name);
		str_copy(t->source, sizeof(t->source), d->source);
		n++;
	}
	free_trees(p->trees, p->ntrees);
	p->trees = v;
	p->ntrees = n;
}

/* "4c4c4544-0039-1038-8057-b4c04f394e32" -> 16 bytes as written. */
static int uuid_parse_text(const char *s, uint8_t out[16])
{
	size_t k = 0;
	for (size_t i = 0; s[i]; i++) {
		if (s[i] == '-')
			continue;
		int hi = str_hex_digit(s[i]), lo = s[i + 1] ? str_hex_digit(s[i + 1]) : -1;
		if (hi < 0 || lo < 0 || k == 16)
			return -EINVAL;
		out[k++] = (uint8_t)(hi * 16 + lo);
		i++;
	}
	return k == 16 ? 0 : -EINVAL;
}

static void free_hosts_view(struct conf_host *v, size_t n, size_t nconf)
{
	for (size_t i = nconf; i < n; i++)
		free(v[i].macs); /* only the catalog's entries own their MACs */
	free(v);
}

/* Whether the catalog's entries of a new view (from index nconf on) say
 * what the DHCP core already has. */
static bool same_hosts(const struct prov_io *p, const struct conf_host *v, size_t n)
{
	if (!p->view_hosts || n != p->view_nhosts)
		return false;
	for (size_t i = p->view_nconf; i < n; i++) {
		const struct conf_host *a = &v[i], *b = &p->view_hosts[i];
		if (a->nmacs != b->nmacs || a->ip != b->ip || strcmp(a->hostname, b->hostname) != 0 ||
		    memcmp(a->macs, b->macs, a->nmacs * sizeof(*a->macs)) != 0 ||
		    a->has_uuid != b->has_uuid || memcmp(a->uuid, b->uuid, sizeof(a->uuid)) != 0)
			return false;
	}
	return true;
}

/* The DHCP core answers the catalog's hosts as static hosts of the
 * configuration: a fixed address from `host add --ip`, and a known MAC in
 * a subnet that only serves known hosts. Hosts of the configuration file
 * come first and win. The core is re-fed only when those hosts changed
 * (or `force`: a new configuration): re-feeding drops its outstanding
 * offers, and the catalog is re-read after every lease commit too, since
 * the store cannot tell a lease from a CLI change. */
static void sync_dhcp(struct prov_io *p, bool force)
{
	if (!p->dhcp)
		return;
	size_t nc = p->conf->dhcp.nhosts, nh = catalog_n_hosts(p->cat), n = nc;
	struct conf_host *v = calloc(nc + nh + 1, sizeof(*v));
	if (!v) {
		log_error("dhcp: out of memory; the catalog's hosts are not served as static hosts");
		return;
	}
	if (nc)
		memcpy(v, p->conf->dhcp.hosts, nc * sizeof(*v));
	for (size_t i = 0; i < nh; i++) {
		const struct store_host *h = catalog_host_at(p->cat, i);
		struct conf_host *ch = &v[n];
		ch->macs = calloc(h->n_macs ? h->n_macs : 1, sizeof(*ch->macs));
		if (!ch->macs) {
			free_hosts_view(v, n, nc);
			log_error("dhcp: out of memory; the catalog's hosts are not served as static hosts");
			return;
		}
		memcpy(ch->macs, h->macs, h->n_macs * sizeof(*ch->macs));
		ch->nmacs = h->n_macs;
		ch->name = (char *)h->hostname;
		ch->hostname = (char *)h->hostname;
		ch->ip = h->ip;
		ch->has_uuid = uuid_parse_text(h->uuid, ch->uuid) == 0;
		n++;
	}
	if (!force && same_hosts(p, v, n)) {
		/* the core's view keeps its entries; their strings move to the
		 * new catalog, as the old one is about to be freed */
		for (size_t i = nc; i < n; i++) {
			p->view_hosts[i].name = v[i].name;
			p->view_hosts[i].hostname = v[i].hostname;
		}
		free_hosts_view(v, n, nc);
		return;
	}
	p->dhcp_view = *p->conf;
	p->dhcp_view.dhcp.hosts = v;
	p->dhcp_view.dhcp.nhosts = n;
	dhcp_io_reload(p->dhcp, &p->dhcp_view);
	/* the core now refers to the new view only */
	free_hosts_view(p->view_hosts, p->view_nhosts, p->view_nconf);
	p->view_hosts = v;
	p->view_nhosts = n;
	p->view_nconf = nc;
}

static int reload_catalog(struct prov_io *p, bool first)
{
	prov_flush(p); /* our own events must be in what we read back */
	struct catalog *c = NULL;
	int r = read_catalog(p->store, &c);
	if (r < 0) {
		log_error("catalog: cannot read it: %s%s", store_errmsg(p->store),
			  first ? "" : "; keeping the previous one");
		return r;
	}
	struct catalog *old = p->cat;
	p->cat = c;
	build_boot_profiles(p);
	sync_trees(p);
	if (p->http)
		prov_http_sync_mounts(p);
	sync_dhcp(p, false);
	catalog_free(old);
	log_info("catalog: %zu distros, %zu profiles, %zu hosts", catalog_n_distros(c),
		 catalog_n_profiles(c), catalog_n_hosts(c));
	return 0;
}

static void on_poll(struct loop *l, struct loop_timer *t, void *ctx)
{
	struct prov_io *p = ctx;
	int64_t v = 0;
	int r = store_data_version(p->store, &v);
	if (r < 0)
		log_warn("catalog: cannot tell whether it changed: %s", store_errmsg(p->store));
	if (r == 0 && v != p->data_version) {
		p->data_version = v;
		reload_catalog(p, false);
	}
	arm(t, l, POLL_MS);
}

int prov_io_start(const struct pxed_conf *conf, struct loop *loop, struct dhcp_io *dhcp,
		  struct tftp_io *tftp, struct http_io *http, struct prov_io **ret, char *err,
		  size_t errlen)
{
	struct prov_io *p = calloc(1, sizeof(*p));
	if (!p) {
		snprintf(err, errlen, "provisioning: out of memory");
		return -ENOMEM;
	}
	p->conf = conf;
	p->loop = loop;
	p->dhcp = dhcp;
	p->tftp = tftp;
	p->http = http;
	int r = store_open(conf->state_dir, &p->store, err, errlen);
	if (r >= 0)
		r = store_data_version(p->store, &p->data_version);
	p->poll = loop_timer_new(loop, on_poll, p);
	p->flush = loop_timer_new(loop, on_flush, p);
	if (r >= 0 && (!p->poll || !p->flush))
		r = -ENOMEM;
	if (r >= 0)
		r = reload_catalog(p, true);
	if (r >= 0 && http)
		r = prov_http_start(p);
	if (r >= 0 && tftp) {
		struct tftp_provider *tp = prov_tftp_provider(p);
		r = tp ? tftp_io_add_provider(tftp, tp) : -ENOMEM;
	}
	if (r < 0) {
		if (!*err)
			snprintf(err, errlen, "provisioning: %s", strerror(-r));
		prov_io_free(p);
		return r;
	}
	if (dhcp)
		dhcp_io_set_hook(dhcp, on_dhcp, p);
	arm(p->poll, loop, POLL_MS);
	*ret = p;
	return 0;
}

void prov_io_reload(struct prov_io *p, const struct pxed_conf *conf)
{
	p->conf = conf;
	build_boot_profiles(p);
	sync_dhcp(p, true);
}

struct prov_io *prov_io_free(struct prov_io *p)
{
	if (!p)
		return NULL;
	if (p->store)
		prov_flush(p);
	if (p->dhcp) {
		dhcp_io_set_hook(p->dhcp, NULL, NULL);
		if (p->view_hosts)
			dhcp_io_reload(p->dhcp, p->conf); /* off the view before it goes */
	}
	loop_timer_free(p->poll);
	loop_timer_free(p->flush);
	free_trees(p->trees, p->ntrees);
	for (size_t i = 0; i < p->nmounted; i++)
		free(p->mounted[i]);
	free(p->mounted);
	free_hosts_view(p->view_hosts, p->view_nhosts, p->view_nconf);
	free(p->seen);
	free(p->pending);
	free(p->bprofiles);
	free(p->bdistros);
	catalog_free(p->cat);
	store_close(p->store);
	free(p);
	return NULL;
}

/* The host a request is for: named by the MAC in a per-host config's name
 * (which also teaches us its address), else known by its address. */
const struct store_host *prov_host_for(struct prov_io *p, const char *name, uint32_t client_ip)
{
	const char *base = strrchr(name, '/');
	base = base ? base + 1 : name;
	if (!strncmp(base, "grub.cfg-", 9))
		base += 9;
	else if (!strncmp(name, "ipxe/", 5))
		base = name + 5;
	uint8_t mac[6];
	const struct store_host *h = NULL;
	if (host_mac_parse(base, mac) == 0 && (h = prov_host_by_mac(p, mac))) {
		prov_learn_addr(p, client_ip, h->id);
		return h;
	}
	return prov_host_by_addr(p, client_ip);
}

/* Tracks a served name for whoever fetched it. */
void prov_track_fetch(struct prov_io *p, const char *name, uint32_t client_ip, const char *proto)
{
	const struct store_host *h = prov_host_for(p, name, client_ip);
	if (!h)
		return;
	int phase = prov_phase_of(p, h, name);
	if (phase < 0)
		return;
	char detail[STORE_DETAIL_MAX];
	snprintf(detail, sizeof(detail), "%s over %s", name, proto);
	prov_record(p, h, (enum store_phase)phase, detail);
}
