/* pxed ks render: the kickstart a host would be served.
 *   pxed ks render [TEMPLATE] --host H [--profile P] [--server IP] [--http-port N]
 * TEMPLATE is a template file; without it the profile's stored template is
 * rendered (the host's profile, or P). Passwords are hashed as `profile
 * add` would store them, the tracking sections added and the result
 * validated for the distro's kickstart version. */
#include <arpa/inet.h>
#include <errno.h>
#include <getopt.h>
#include <netinet/in.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

#include "cli/cli_catalog.h"
#include "cli/cli_store.h"
#include "cli/ks_cli.h"
#include "core/str.h"
#include "provision/ks_template.h"

#define PROG "pxed ks render"

static void usage(FILE *out)
{
	fputs("usage: pxed ks render [TEMPLATE] --host H [--profile P] [--server IP] [--http-port N]\n"
	      "Prints the kickstart host H (host name, MAC or UUID) would be served: TEMPLATE, or\n"
	      "the stored template of profile P (default: the host's profile), rendered with the\n"
	      "host's values, with the install-tracking sections, valid for the distro's version.\n"
	      "Problems go to standard error as FILE:LINE: message.\n"
	      "  -H, --host H           the host\n"
	      "  -p, --profile P        render P's template (and P's distro) instead of the host's\n"
	      "  -s, --server IP        pxed's address as the host sees it (default: the local\n"
	      "                         address that routes to the host's IP)\n"
	      "  -P, --http-port N      pxed's HTTP port (default: the configuration's, else 8080)\n"
	      CLI_STORE_USAGE
	      "Exit status: 0 rendered, 1 the template or the host is wrong, 2 usage error.\n",
	      out);
}

/* The local address the kernel would send from to reach ip: what the host
 * sees as pxed's address when pxed runs here. No packet is sent. */
static int route_source(uint32_t ip, uint32_t *ret)
{
	int fd = socket(AF_INET, SOCK_DGRAM | SOCK_CLOEXEC, 0);
	if (fd < 0)
		return -errno;
	struct sockaddr_in to = { .sin_family = AF_INET, .sin_port = htons(9),
				  .sin_addr.s_addr = htonl(ip) };
	struct sockaddr_in me;
	socklen_t len = sizeof(me);
	int r = 0;
	if (connect(fd, (struct sockaddr *)&to, sizeof(to)) < 0 ||
	    getsockname(fd, (struct sockaddr *)&me, &len) < 0)
		r = -errno;
	close(fd);
	if (r == 0)
		*ret = ntohl(me.sin_addr.s_addr);
	return r;
}

struct ropts {
	struct cli_store_opts so;
	const char *template, *host, *profile, *server, *port;
};

static int server_address(const struct ropts *o, const struct store_host *h, uint32_t *ret)
{
	if (o->server) {
		if (str_to_ipv4(o->server, ret) == 0 && *ret != 0)
			return 0;
		fprintf(stderr, PROG ": --server '%.64s': not an IPv4 address\n", o->server);
		return -EINVAL;
	}
	if (!h->ip) {
		fprintf(stderr, PROG ": host %s has no fixed IP to find pxed's address from: give "
				"--server\n",
			h->hostname);
		return -EINVAL;
	}
	int r = route_source(h->ip, ret);
	if (r < 0) {
		char ip[IPV4_STRLEN];
		fprintf(stderr, PROG ": no local address routes to %s (%s): give --server\n",
			ipv4_to_str(h->ip, ip), strerror(-r));
	}
	return r;
}

static int http_port(const struct ropts *o, uint16_t *ret)
{
	if (!o->port)
		return cli_http_port(PROG, &o->so, ret);
	int64_t n;
	if (str_to_int64(o->port, 1, 65535, &n) < 0) {
		fprintf(stderr, PROG ": --http-port '%.16s': not a port number (1-65535)\n", o->port);
		return -EINVAL;
	}
	*ret = (uint16_t)n;
	return 0;
}

/* Renders for host h with profile p (distro d) and prints the result. */
static int render(const struct ropts *o, const struct store_host *h, const struct store_profile *p,
		  const struct store_distro *d)
{
	uint32_t server;
	uint16_t port;
	if (server_address(o, h, &server) < 0 || http_port(o, &port) < 0)
		return 1;
	char *tmpl = p->kickstart, *owned = NULL;
	char name[STORE_PATH_MAX + 16];
	if (o->template) {
		if (cli_template_read(PROG, o->template, d, &owned, NULL) < 0)
			return 1;
		tmpl = owned;
		snprintf(name, sizeof(name), "%s", o->template);
	} else {
		snprintf(name, sizeof(name), "profile %s", p->name);
	}
	struct ks_vars v;
	ks_vars_for_host(&v, h, p->name, d->name, server, port);
	char *out = NULL, *err = NULL;
	size_t len;
	int r = ks_template_build(name, tmpl, strlen(tmpl), &v, d->family, d->major, &out, &len, &err);
	free(owned);
	if (r < 0) {
		fprintf(stderr, "%s\n", err ? err : strerror(-r));
		free(err);
		return 1;
	}
	fwrite(out, 1, len, stdout);
	free(out);
	return 0;
}

int ks_cli_render(int argc, char **argv)
{
	static const struct option longopts[] = {
		{ "host", required_argument, NULL, 'H' },
		{ "profile", required_argument, NULL, 'p' },
		{ "server", required_argument, NULL, 's' },
		{ "http-port", required_argument, NULL, 'P' },
		{ "help", no_argument, NULL, 'h' },
		CLI_STORE_LONGOPTS,
		{ 0 },
	};
	struct ropts o;
	memset(&o, 0, sizeof(o));
	int c;
	optind = 1;
	opterr = 0;
	while ((c = getopt_long(argc, argv, "H:p:s:P:h", longopts, NULL)) != -1) {
		if (cli_store_opt(&o.so, c, optarg))
			continue;
		switch (c) {
		case 'H': o.host = optarg; break;
		case 'p': o.profile = optarg; break;
		case 's': o.server = optarg; break;
		case 'P': o.port = optarg; break;
		case 'h': usage(stdout); return 0;
		default:
			fprintf(stderr, PROG ": bad option %s\n", argv[optind - 1]);
			usage(stderr);
			return 2;
		}
	}
	if (argc - optind > 1 || !o.host) {
		fprintf(stderr, PROG ": give --host H and at most one TEMPLATE\n");
		usage(stderr);
		return 2;
	}
	o.template = optind < argc ? argv[optind] : NULL;
	struct store *s;
	if (cli_store_open(PROG, &o.so, &s) < 0)
		return 1;
	struct store_host h;
	struct store_profile p = { 0 };
	struct store_distro d;
	int rc = 1;
	if (cli_host_find(PROG, s, o.host, &h) < 0)
		goto out;
	if (o.profile) {
		if (store_profile_get(s, o.profile, &p) < 0 || store_distro_get_id(s, p.distro_id, &d) < 0) {
			fprintf(stderr, PROG ": %s\n", store_errmsg(s));
			goto out;
		}
	} else if (cli_host_profile(PROG, s, &h, &p, &d) < 0) {
		goto out;
	}
	rc = render(&o, &h, &p, &d);
out:
	store_profile_clear(&p);
	store_close(s);
	return rc;
}
