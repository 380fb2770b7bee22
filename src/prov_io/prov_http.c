/* The provisioning HTTP routes: distro trees, generated configs and boot
 * programs, per-host kickstarts, iPXE scripts, the hosts API with the
 * installer's callbacks, and the status page. */
#include "prov_io/prov_impl.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "boot/bootprog.h"
#include "core/log.h"
#include "core/str.h"
#include "provision/host_json.h"
#include "provision/host_key.h"
#include "provision/ks_template.h"
#include "core/buf.h"
#include "store/store.h"
#include "tree/tree_dir.h"
#include "tree/tree_iso.h"

#define EVENTS_MAX 256

static const struct store_host *host_by_key(struct prov_io *p, const char *key)
{
	struct host_key k;
	host_key_parse(key, &k);
	const struct store_host *h = NULL;
	if (k.kind == HOST_KEY_MAC)
		h = prov_host_by_mac(p, k.mac);
	else if (k.kind == HOST_KEY_UUID)
		h = catalog_host_by_uuid(p->cat, key);
	if (!h)
		h = catalog_host_by_name(p->cat, key);
	int64_t id;
	if (!h && str_to_int64(key, 1, INT64_MAX, &id) == 0)
		h = catalog_host_by_id(p->cat, id);
	return h;
}

/* ---- trees and generated files --------------------------------------- */

/* Runs before the distro's mount (same prefix: handlers first) only to
 * note what a host fetched, then lets the mount serve it. */
static int on_distro(void *ctx, const struct http_req *req, struct http_resp *resp)
{
	struct prov_io *p = ctx;
	char name[STORE_PATH_MAX + 16];
	snprintf(name, sizeof(name), "%s", req->url_path[0] == '/' ? req->url_path + 1 : req->url_path);
	prov_track_fetch(p, name, req->client_ip, "http");
	return HTTP_PASS;
}

static bool mounted(struct prov_io *p, const char *name)
{
	for (size_t i = 0; i < p->nmounted; i++)
		if (!strcmp(p->mounted[i], name))
			return true;
	return false;
}

static void unmount(struct prov_io *p, const char *name)
{
	char prefix[STORE_NAME_MAX + 16];
	snprintf(prefix, sizeof(prefix), "/distros/%s", name);
	(void)http_io_unhandle(p->http, prefix);
	(void)http_io_unmount(p->http, prefix);
}

/* HTTP mounts follow the catalog like TFTP's trees. A mount owns its tree,
 * so it opens its own. */
void prov_http_sync_mounts(struct prov_io *p)
{
	char **now = calloc(p->ntrees + 1, sizeof(*now));
	if (!now)
		return;
	size_t n = 0;
	for (size_t i = 0; i < p->ntrees; i++) {
		const struct prov_tree *t = &p->trees[i];
		const struct store_distro *d = catalog_distro_by_id(p->cat, t->distro_id);
		if (!d)
			continue;
		if (!mounted(p, t->name)) {
			struct tree *tr = NULL;
			char err[512], prefix[STORE_NAME_MAX + 16];
			int r = d->source_kind == STORE_SOURCE_ISO
					? tree_iso_open(d->source, &tr, err, sizeof(err))
					: tree_dir_open(d->source, &tr, err, sizeof(err));
			snprintf(prefix, sizeof(prefix), "/distros/%s", t->name);
			if (r >= 0)
				r = http_io_mount(p->http, prefix, tr);
			if (r >= 0)
				r = http_io_handle(p->http, prefix, HTTP_GET | HTTP_HEAD, on_distro, p);
			if (r < 0) {
				log_error("http: cannot serve distro %s: %s", t->name, strerror(-r));
				continue;
			}
		}
		now[n++] = strdup(t->name);
	}
	for (size_t i = 0; i < p->nmounted; i++) {
		bool keep = false;
		for (size_t k = 0; k < n && !keep; k++)
			keep = now[k] && !strcmp(now[k], p->mounted[i]);
		if (!keep)
			unmount(p, p->mounted[i]);
		free(p->mounted[i]);
	}
	free(p->mounted);
	p->mounted = now;
	p->nmounted = n;
}

static int serve_config(struct prov_io *p, const struct http_req *req, struct http_resp *resp,
			const char *name)
{
	char *text = NULL;
	size_t len = 0;
	int r = prov_render_config(p, name, req->local_ip, &text, &len);
	if (r < 0)
		return r;
	prov_track_fetch(p, name, req->client_ip, "http");
	http_resp_write(resp, text, len);
	free(text);
	return 0;
}

/* iPXE asks /ipxe, /ipxe/<mac> or /ipxe?mac=<mac>: the boot generator
 * knows the host by the MAC in the name. */
static int serve_ipxe(struct prov_io *p, const struct http_req *req, struct http_resp *resp)
{
	char mac[64], name[80];
	const char *m = NULL;
	if (!strncmp(req->path, "ipxe/", 5))
		m = req->path + 5;
	else if (http_req_query(req, "mac", mac, sizeof(mac)) > 0)
		m = mac;
	else {
		const struct store_host *h = prov_host_by_addr(p, req->client_ip);
		if (h && h->n_macs) {
			mac_to_str(h->macs[0], mac);
			m = mac;
		}
	}
	snprintf(name, sizeof(name), m ? "ipxe/%s" : "ipxe", m ? m : "");
	int r = serve_config(p, req, resp, name);
	if (r == -ENOENT && m)
		r = serve_config(p, req, resp, "ipxe"); /* a stranger gets the menu */
	return r;
}

/* The few characters that matter in HTML text and attribute values. */
static void html_escape(char *dst, size_t cap, const char *s)
{
	size_t k = 0;
	for (; *s && k + 7 < cap; s++) {
		const char *rep = *s == '<' ? "&lt;" : *s == '>' ? "&gt;" : *s == '&' ? "&amp;"
				: *s == '"' ? "&quot;" : NULL;
		if (rep) {
			memcpy(dst + k, rep, strlen(rep));
			k += strlen(rep);
		} else
			dst[k++] = *s;
	}
	dst[k] = 0;
}

static void status_page(struct prov_io *p, struct http_resp *resp)
{
	http_resp_type(resp, "text/html; charset=utf-8");
	http_resp_printf(resp, "<!DOCTYPE html>\n<html><head><meta charset=\"utf-8\">"
			       "<meta http-equiv=\"refresh\" content=\"5\"><title>pxed</title></head>\n"
			       "<body><h1>pxed: hosts</h1>\n<table border=\"1\" cellpadding=\"4\">\n"
			       "<tr><th>host</th><th>MAC</th><th>profile</th><th>phase</th>"
			       "<th>since</th><th>netboot</th><th>last error</th></tr>\n");
	for (size_t i = 0; i < catalog_n_hosts(p->cat); i++) {
		const struct store_host *h = catalog_host_at(p->cat, i);
		const struct store_profile *pr = catalog_host_profile(p->cat, h);
		char mac[MAC_STRLEN] = "", since[32];
		if (h->n_macs)
			mac_to_str(h->macs[0], mac);
		host_json_time_ms(since, h->phase_since_ms);
		char host[3 * STORE_HOSTNAME_MAX], err[3 * STORE_DETAIL_MAX];
		html_escape(host, sizeof(host), h->hostname);
		html_escape(err, sizeof(err), h->last_error);
		http_resp_printf(resp,
				 "<tr><td>%s</td><td>%s</td><td>%s</td><td>%s</td><td>%s</td>"
				 "<td>%s</td><td>%s</td></tr>\n",
				 host, mac, pr ? pr->name : "?", store_phase_name(h->phase), since,
				 h->netboot ? "yes" : "no", err);
	}
	http_resp_printf(resp, "</table>\n<p><a href=\"/api/v1/hosts\">JSON</a></p></body></html>\n");
}

static int on_root(void *ctx, const struct http_req *req, struct http_resp *resp)
{
	struct prov_io *p = ctx;
	const char *name = req->path;
	if (!*name) {
		status_page(p, resp);
		return 0;
	}
	int r = -ENOENT;
	if (!strcmp(name, "ipxe") || !strncmp(name, "ipxe/", 5))
		r = serve_ipxe(p, req, resp);
	else
		r = serve_config(p, req, resp, name);
	if (r == 0)
		return 0;
	if (r != -ENOENT) {
		http_resp_error(resp, 500, "cannot generate this boot configuration");
		log_warn("http: cannot generate %s: %s", name, strerror(-r));
		return 0;
	}
	struct tree_file f;
	struct bootprog_match m;
	r = bootprog_open_name(NULL, name, &f, &m);
	if (r == 0) {
		prov_track_fetch(p, name, req->client_ip, "http");
		return http_resp_file(resp, &f, name, NULL) < 0 ? -EIO : 0;
	}
	if (m.bp) {
		char msg[512];
		bootprog_missing_msg(&m, NULL, msg, sizeof(msg));
		log_warn("http: %s", msg);
	}
	return HTTP_PASS; /* the operator's HTTP root, if any */
}

/* ---- kickstarts -------------------------------------------------------- */

/* Anaconda's inst.ks.sendmac: X-RHN-Provisioning-MAC-0: eth0 aa:bb:.. */
static const struct store_host *host_by_sendmac(struct prov_io *p, const struct http_req *req,
						uint8_t mac[6])
{
	for (int i = 0; i < 16; i++) {
		char hdr[40];
		snprintf(hdr, sizeof(hdr), "X-RHN-Provisioning-MAC-%d", i);
		const char *v = http_req_header(req, hdr);
		if (!v)
			break;
		const char *sp = strrchr(v, ' ');
		if (host_mac_parse(sp ? sp + 1 : v, mac) < 0)
			continue;
		const struct store_host *h = prov_host_by_mac(p, mac);
		if (h)
			return h;
	}
	return NULL;
}

static int on_ks(void *ctx, const struct http_req *req, struct http_resp *resp)
{
	struct prov_io *p = ctx;
	uint8_t mac[6];
	bool have_mac = false;
	const struct store_host *h = *req->path ? host_by_key(p, req->path) : NULL;
	if (!h && (h = host_by_sendmac(p, req, mac)))
		have_mac = true;
	if (!h && !*req->path)
		h = prov_host_by_addr(p, req->client_ip);
	if (!h) {
		http_resp_error(resp, 404, *req->path ? "no such host" : "which host? no known MAC in X-RHN-Provisioning-MAC-* and no host at this address");
		char ip[IPV4_STRLEN], key[96];
		str_escape(key, sizeof(key), req->path, strlen(req->path));
		log_warn("http: kickstart for unknown host '%s' asked by %s", key,
			 ipv4_to_str(req->client_ip, ip));
		return 0;
	}
	const struct store_profile *pr = catalog_host_profile(p->cat, h);
	const struct store_distro *d = catalog_profile_distro(p->cat, pr);
	if (!pr || !d) {
		http_resp_error(resp, 500, "the host's profile or distro is gone");
		return 0;
	}
	struct ks_vars v;
	ks_vars_for_host(&v, h, pr->name, d->name, req->local_ip, p->conf->http.port);
	if (have_mac)
		mac_to_str(mac, v.mac);
	char *out = NULL, *err = NULL;
	size_t outlen = 0;
	int r = ks_template_build(pr->name, pr->kickstart, strlen(pr->kickstart), &v, d->family,
				  d->major, &out, &outlen, &err);
	if (r < 0) {
		/* never a silently broken install: the operator sees why */
		http_resp_error(resp, 500, err ? err : strerror(-r));
		log_error("kickstart for %s not served: %s", h->hostname, err ? err : strerror(-r));
		char detail[STORE_DETAIL_MAX];
		snprintf(detail, sizeof(detail), "kickstart invalid: %s", err ? err : strerror(-r));
		prov_record(p, h, STORE_PHASE_FAILED, detail);
		free(err);
		return 0;
	}
	prov_learn_addr(p, req->client_ip, h->id);
	prov_record(p, h, STORE_PHASE_KICKSTART, "kickstart over http");
	http_resp_write(resp, out, outlen);
	free(out);
	return 0;
}

/* ---- the hosts API ----------------------------------------------------- */

struct ev_list {
	struct store_event *v;
	size_t n;
};

static int collect_event(void *ctx, const struct store_event *e)
{
	struct ev_list *l = ctx;
	if (l->n < EVENTS_MAX)
		l->v[l->n++] = *e;
	return 0;
}

static void json_response(struct http_resp *resp, struct buf *b)
{
	if (b->nomem) {
		http_resp_error(resp, 500, "out of memory");
		buf_free(b);
		return;
	}
	http_resp_type(resp, "application/json");
	http_resp_write(resp, b->p ? b->p : "", b->len);
	http_resp_write(resp, "\n", 1);
	buf_free(b);
}

static void api_get(struct prov_io *p, const char *key, struct http_resp *resp)
{
	struct buf b = { 0 };
	if (!*key) {
		host_json_list_begin(&b);
		for (size_t i = 0; i < catalog_n_hosts(p->cat); i++) {
			const struct store_host *h = catalog_host_at(p->cat, i);
			const struct store_profile *pr = catalog_host_profile(p->cat, h);
			if (i)
				host_json_list_next(&b);
			host_json_host(&b, h, pr ? pr->name : "", NULL, 0);
		}
		host_json_list_end(&b);
		json_response(resp, &b);
		return;
	}
	const struct store_host *h = host_by_key(p, key);
	if (!h) {
		http_resp_error(resp, 404, "no such host");
		return;
	}
	prov_flush(p);
	struct ev_list l = { .v = calloc(EVENTS_MAX, sizeof(struct store_event)) };
	if (!l.v || store_event_foreach(p->store, h->id, collect_event, &l) < 0) {
		free(l.v);
		http_resp_error(resp, 500, "cannot read the host's timeline");
		return;
	}
	const struct store_profile *pr = catalog_host_profile(p->cat, h);
	host_json_host(&b, h, pr ? pr->name : "", l.v, l.n);
	free(l.v);
	json_response(resp, &b);
}

/* phase=done&detail=... or {"phase":"done","detail":"..."} */
static int body_field(const char *body, const char *field, char *out, size_t outlen)
{
	char key[32];
	snprintf(key, sizeof(key), "\"%s\"", field);
	const char *j = strstr(body, key);
	if (j) {
		const char *q = strchr(j + strlen(key), '"');
		if (!q)
			return -EINVAL;
		const char *e = strchr(q + 1, '"');
		if (!e || (size_t)(e - q - 1) >= outlen)
			return -EINVAL;
		memcpy(out, q + 1, (size_t)(e - q - 1));
		out[e - q - 1] = 0;
		return 0;
	}
	size_t fl = strlen(field);
	for (const char *s = body; s && *s;) {
		if (!strncmp(s, field, fl) && s[fl] == '=') {
			const char *v = s + fl + 1, *amp = strchr(v, '&');
			size_t n = amp ? (size_t)(amp - v) : strlen(v);
			while (n && (v[n - 1] == '\n' || v[n - 1] == '\r'))
				n--;
			if (n >= outlen)
				return -EINVAL;
			/* form values: '+' is a space, %XX escapes are decoded */
			size_t k = 0;
			for (size_t i = 0; i < n; i++) {
				int hi, lo;
				if (v[i] == '+')
					out[k++] = ' ';
				else if (v[i] == '%' && i + 2 < n + 1 && (hi = str_hex_digit(v[i + 1])) >= 0 &&
					 (lo = str_hex_digit(v[i + 2])) >= 0) {
					out[k++] = (char)(hi * 16 + lo);
					i += 2;
				} else
					out[k++] = v[i];
			}
			out[k] = 0;
			return 0;
		}
		s = strchr(s, '&');
		if (s)
			s++;
	}
	return -ENOENT;
}

static void api_event(struct prov_io *p, const struct http_req *req, const char *key,
		      struct http_resp *resp)
{
	const struct store_host *h = host_by_key(p, key);
	if (!h) {
		http_resp_error(resp, 404, "no such host");
		return;
	}
	char token[STORE_TOKEN_LEN + 8] = "";
	const char *t = http_req_header(req, "X-Pxed-Token");
	if (t)
		str_copy(token, sizeof(token), t);
	else
		(void)http_req_query(req, "token", token, sizeof(token));
	if (strcmp(token, h->token) != 0) {
		http_resp_error(resp, 403, "wrong or missing token (X-Pxed-Token or ?token=)");
		char ip[IPV4_STRLEN];
		log_warn("http: event for %s with a wrong token from %s", h->hostname,
			 ipv4_to_str(req->client_ip, ip));
		return;
	}
	char phase_s[32], detail[STORE_DETAIL_MAX] = "";
	enum store_phase phase;
	const char *body = (const char *)req->body;
	if (body_field(body, "phase", phase_s, sizeof(phase_s)) < 0 &&
	    http_req_query(req, "phase", phase_s, sizeof(phase_s)) < 0) {
		http_resp_error(resp, 400, "no phase (phase=pre|post|done|failed)");
		return;
	}
	if (store_phase_from_name(phase_s, &phase) < 0 ||
	    (phase != STORE_PHASE_PRE && phase != STORE_PHASE_POST && phase != STORE_PHASE_DONE &&
	     phase != STORE_PHASE_FAILED)) {
		http_resp_error(resp, 400, "phase must be pre, post, done or failed");
		return;
	}
	(void)body_field(body, "detail", detail, sizeof(detail));
	char esc[STORE_DETAIL_MAX];
	str_escape(esc, sizeof(esc), detail, strlen(detail));
	prov_learn_addr(p, req->client_ip, h->id);
	prov_record(p, h, phase, *esc ? esc : "callback");
	http_resp_status(resp, 200);
	http_resp_printf(resp, "ok\n");
}

static int on_api(void *ctx, const struct http_req *req, struct http_resp *resp)
{
	struct prov_io *p = ctx;
	char key[STORE_HOSTNAME_MAX + 8];
	const char *path = req->path;
	if (strncmp(path, "hosts", 5) != 0 || (path[5] && path[5] != '/')) {
		http_resp_error(resp, 404, "unknown API path (GET /api/v1/hosts)");
		return 0;
	}
	const char *rest = path[5] ? path + 6 : "";
	const char *slash = strchr(rest, '/');
	size_t kl = slash ? (size_t)(slash - rest) : strlen(rest);
	if (kl >= sizeof(key)) {
		http_resp_error(resp, 404, "no such host");
		return 0;
	}
	memcpy(key, rest, kl);
	key[kl] = 0;
	if (req->method == HTTP_POST) {
		if (!slash || strcmp(slash, "/events") != 0)
			http_resp_error(resp, 404, "POST /api/v1/hosts/<id>/events");
		else
			api_event(p, req, key, resp);
		return 0;
	}
	if (slash) {
		http_resp_error(resp, 404, "unknown API path");
		return 0;
	}
	api_get(p, key, resp);
	return 0;
}

int prov_http_start(struct prov_io *p)
{
	int r = http_io_handle(p->http, "/", HTTP_GET | HTTP_HEAD, on_root, p);
	if (r >= 0)
		r = http_io_handle(p->http, "/ks", HTTP_GET | HTTP_HEAD, on_ks, p);
	if (r >= 0)
		r = http_io_handle(p->http, "/api/v1", HTTP_GET | HTTP_HEAD | HTTP_POST, on_api, p);
	/* install trees are where the bytes are: kernels, initrds, packages */
	if (r >= 0)
		r = http_io_bulk(p->http, "/distros");
	if (r >= 0)
		prov_http_sync_mounts(p);
	return r;
}
