/* The daemon's wiring: configuration, privileged sockets, privilege drop,
 * store, event loop, signals. Protocol logic lives in the pure cores and
 * their I/O shells; this file only orders their start-up and shutdown. */
#include "serve.h"

#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "core/log.h"
#include "core/loop.h"
#include "core/priv.h"
#include "daemon/dhcp_io.h"
#include "daemon/serve_opts.h"
#include "http_io/http_io.h"
#include "prov_io/prov_io.h"
#include "store/store.h"
#include "tftp_io/tftp_io.h"
#include "tftp_io/tftp_source_bootprog.h"

struct daemon {
	struct serve_opts opts;
	struct pxed_conf *conf;
	struct loop *loop;
	struct store *store;
	struct dhcp_io *dhcp;
	struct tftp_io *tftp;
	struct http_io *http;
	struct prov_io *prov;
};

static void on_term(struct loop *l, int signo, void *ctx)
{
	log_info("received %s, stopping", signo == SIGINT ? "SIGINT" : "SIGTERM");
	loop_stop(l);
}

/* A reload builds a complete new configuration first and swaps it in only
 * when it is valid; a broken edit leaves the running config untouched. */
static void on_hup(struct loop *l, int signo, void *ctx)
{
	struct daemon *d = ctx;
	struct pxed_conf *fresh = calloc(1, sizeof(*fresh));
	if (!fresh) {
		log_error("reload: out of memory; keeping the running configuration");
		return;
	}
	char *msg = NULL;
	size_t msglen = 0;
	FILE *errs = open_memstream(&msg, &msglen);
	int r = errs ? serve_opts_to_conf(&d->opts, fresh, errs) : -ENOMEM;
	if (errs)
		fclose(errs);
	if (r < 0) {
		log_error("reload failed; keeping the running configuration:\n%s", msg ? msg : "");
		free(msg);
		conf_free(fresh);
		free(fresh);
		return;
	}
	free(msg);
	log_set_level(fresh->log_level);
	if (d->prov)
		prov_io_reload(d->prov, fresh); /* the DHCP core's view: conf + the catalog's hosts */
	else if (d->dhcp)
		dhcp_io_reload(d->dhcp, fresh);
	if (d->tftp)
		tftp_io_reload(d->tftp, fresh);
	if (d->http)
		http_io_reload(d->http, fresh);
	conf_free(d->conf);
	free(d->conf);
	d->conf = fresh;
	log_info("configuration reloaded%s%s", fresh->path ? " from " : "", fresh->path ? fresh->path : "");
}

static int ensure_dir(const char *path)
{
	if (mkdir(path, 0750) == 0 || errno == EEXIST)
		return 0;
	return -errno;
}

/* Drops root when running as root and a user is configured. The state
 * directory is handed to that user first so leases stay writable. */
static int drop_privileges(struct daemon *d)
{
	const char *user = d->conf->user;
	if (geteuid() != 0 || !user || !*user)
		return 0;
	uid_t uid;
	gid_t gid;
	int r = priv_lookup_user(user, &uid, &gid);
	if (r < 0 && strcmp(user, CONF_DEFAULT_USER) == 0) {
		log_warn("user '%s' does not exist (create it with: useradd --system --no-create-home "
			 "--shell /usr/sbin/nologin %s); running as 'nobody' instead", user, user);
		r = priv_lookup_user("nobody", &uid, &gid);
	}
	if (r < 0) {
		log_error("cannot drop privileges: user '%s' does not exist", user);
		return r;
	}
	/* leases and the catalog are state (a TFTP-only server has none) */
	bool stateful = d->dhcp || d->http;
	r = stateful ? ensure_dir(d->conf->state_dir) : 0;
	if (r == 0 && stateful)
		r = priv_chown_tree(d->conf->state_dir, uid, gid);
	if (r < 0) {
		log_error("state directory %s: %s", d->conf->state_dir, strerror(-r));
		return r;
	}
	char err[256];
	r = priv_drop(uid, gid, err, sizeof(err));
	if (r < 0) {
		log_error("dropping privileges to %s failed: %s", user, err);
		return r;
	}
	log_info("running as user %s (uid %u)", user, (unsigned)uid);
	return 0;
}

static void daemon_free(struct daemon *d)
{
	/* transfers hold timers in the loop: ended before the loop goes */
	d->tftp = tftp_io_free(d->tftp);
	d->http = http_io_free(d->http);
	d->prov = prov_io_free(d->prov); /* after the shells that call into it */
	d->dhcp = dhcp_io_free(d->dhcp);
	d->store = store_close(d->store);
	d->loop = loop_free(d->loop);
	if (d->conf) {
		conf_free(d->conf);
		free(d->conf);
		d->conf = NULL;
	}
}

int serve_main(int argc, char **argv)
{
	struct daemon d;
	memset(&d, 0, sizeof(d));
	int r = serve_opts_parse(argc, argv, &d.opts, stderr);
	if (r != 0)
		return r > 0 ? 0 : 2;
	d.conf = calloc(1, sizeof(*d.conf));
	if (!d.conf || serve_opts_to_conf(&d.opts, d.conf, stderr) < 0) {
		if (d.conf) {
			conf_free(d.conf);
			free(d.conf);
		}
		return 1;
	}
	log_setup(d.conf->log_level, d.conf->log_syslog, "pxed");
	signal(SIGPIPE, SIG_IGN);

	char err[512] = "";
	int code = 1;
	d.loop = loop_new();
	if (!d.loop) {
		log_error("cannot create the event loop");
		goto out;
	}
	if (d.conf->dhcp.enabled && dhcp_io_open(d.conf, &d.dhcp, err, sizeof(err)) < 0) {
		log_error("%s", err);
		goto out;
	}
	if (d.conf->tftp.enabled && tftp_io_open(d.conf, &d.tftp, err, sizeof(err)) < 0) {
		log_error("%s", err);
		goto out;
	}
	if (d.conf->http.enabled && http_io_open(d.conf, &d.http, err, sizeof(err)) < 0) {
		log_error("%s", err);
		goto out;
	}
	if (!d.dhcp && !d.tftp && !d.http) {
		log_error("nothing to serve: dhcp.enabled, tftp.enabled and http.enabled are all false");
		goto out;
	}
	if ((d.dhcp || d.http) && ensure_dir(d.conf->state_dir) < 0) {
		log_error("state directory %s: %s", d.conf->state_dir, strerror(errno));
		goto out;
	}
	if (drop_privileges(&d) < 0)
		goto out;
	if (d.dhcp && store_open(d.conf->state_dir, &d.store, err, sizeof(err)) < 0) {
		log_error("store: %s", err);
		goto out;
	}
	if (d.dhcp && store_reserve_log(d.store, 4u << 20) < 0)
		log_warn("store: %s (commits will be slower)", store_errmsg(d.store));
	if (d.dhcp && dhcp_io_start(d.dhcp, d.loop, d.store, err, sizeof(err)) < 0) {
		log_error("%s", err);
		goto out;
	}
	/* provisioning: the catalog's hosts, boot configs, trees, kickstarts */
	if ((d.dhcp || d.http) &&
	    prov_io_start(d.conf, d.loop, d.dhcp, d.tftp, d.http, &d.prov, err, sizeof(err)) < 0) {
		log_error("%s", err);
		goto out;
	}
	/* boot programs straight from Debian's packages, after the provisioning
	 * provider (it tracks who fetches them) and before the TFTP root */
	if (d.tftp) {
		struct tftp_provider *bp = tftp_bootprog_new(NULL);
		if (!bp || tftp_io_add_provider(d.tftp, bp) < 0) {
			if (bp)
				bp->free(bp);
			log_error("tftp: cannot set up the boot-program provider");
			goto out;
		}
	}
	if (d.tftp && tftp_io_start(d.tftp, d.loop, err, sizeof(err)) < 0) {
		log_error("%s", err);
		goto out;
	}
	if (d.http && http_io_start(d.http, d.loop, err, sizeof(err)) < 0) {
		log_error("%s", err);
		goto out;
	}
	if (loop_add_signal(d.loop, SIGTERM, on_term, &d) < 0 || loop_add_signal(d.loop, SIGINT, on_term, &d) < 0 ||
	    loop_add_signal(d.loop, SIGHUP, on_hup, &d) < 0) {
		log_error("cannot set up signal handling");
		goto out;
	}
	if (d.dhcp)
		log_info("pxed %s ready (state in %s)", PXED_VERSION, d.conf->state_dir);
	else
		log_info("pxed %s ready (%s only)", PXED_VERSION, d.tftp && d.http ? "TFTP and HTTP" : d.tftp ? "TFTP" : "HTTP");
	r = loop_run(d.loop);
	if (r < 0) {
		log_error("event loop failed: %s", strerror(-r));
		goto out;
	}
	code = 0;
	log_info("stopped");
out:
	daemon_free(&d);
	return code;
}
