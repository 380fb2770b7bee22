#include "serve_opts.h"

#include <errno.h>
#include <getopt.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "conf/conf_load.h"
#include "core/net.h"
#include "core/str.h"

void serve_usage(FILE *out)
{
	fputs("usage: pxed serve [--config FILE] [options]\n"
	      "       pxed serve --interface IF [--dhcp-range START,END] [--proxy-dhcp] [options]\n"
	      "       pxed serve --tftp-only --tftp-root DIR [--tftp-address IP] [--interface IF] [options]\n"
	      "\n"
	      "Runs the daemon in the foreground. With --config (default " CONF_DEFAULT_PATH
	      " when no\n--interface is given) the file describes everything; the flags below override it.\n"
	      "Without a file, --interface is enough: the subnet and netmask come from the interface's\n"
	      "address, next-server is that address, and the router is the interface's default gateway.\n"
	      "\n"
	      "  -c, --config FILE        configuration file (YAML, see docs/pxed.conf.md)\n"
	      "  -i, --interface IF       serve DHCP on IF (repeatable)\n"
	      "      --dhcp-range S,E     dynamic pool (default: the upper half of IF's subnet)\n"
	      "      --proxy-dhcp         proxyDHCP beside another DHCP server: boot info only\n"
	      "      --boot-file ARCH=P   boot program per architecture (repeatable); ARCH is one of\n"
	      "                           bios efi-ia32 efi-x64 efi-arm32 efi-arm64 http-ia32 http-x64\n"
	      "                           http-arm32 http-arm64 ipxe\n"
	      "                           defaults: bios=pxelinux.0 efi-x64=syslinux.efi\n"
	      "                           ipxe=http://${next-server}:${http-port}/ipxe/${mac}\n"
	      "      --dns IP             DNS server handed to clients (repeatable)\n"
	      "      --domain NAME        domain name handed to clients\n"
	      "      --lease-time T       lease time, e.g. 3600, 30m, 12h (default 12h)\n"
	      "      --tftp-root DIR      TFTP root (default " CONF_DEFAULT_TFTP_ROOT ")\n"
	      "      --tftp-only          serve TFTP only (no DHCP, no lease store); --interface IF\n"
	      "                           then names where TFTP listens (default: every address)\n"
	      "      --tftp-address IP    listen for TFTP on IP only (repeatable)\n"
	      "      --tftp-port N        TFTP port (default 69)\n"
	      "      --http-root DIR      serve DIR over HTTP (without --config, HTTP runs only with\n"
	      "                           --http-root or --http-port)\n"
	      "      --http-port N        HTTP port (default 8080)\n"
	      "      --state-dir DIR      lease database directory (default " CONF_DEFAULT_STATE_DIR ")\n"
	      "      --user USER          drop root to USER after binding (default " CONF_DEFAULT_USER
	      ", \"\" = stay)\n"
	      "      --log-level L        error, warning, info (default), debug\n"
	      "      --syslog             log to syslog instead of stderr\n"
	      "  -h, --help               this text\n",
	      out);
}

enum {
	OPT_RANGE = 256, OPT_PROXY, OPT_BOOT, OPT_DNS, OPT_DOMAIN, OPT_LEASE, OPT_TFTP, OPT_HTTP_ROOT,
	OPT_HTTP_PORT, OPT_STATE, OPT_USER, OPT_LOGLEVEL, OPT_SYSLOG, OPT_TFTP_ONLY, OPT_TFTP_ADDR, OPT_TFTP_PORT,
};

int serve_opts_parse(int argc, char **argv, struct serve_opts *o, FILE *errs)
{
	static const struct option longopts[] = {
		{ "config", required_argument, NULL, 'c' },
		{ "interface", required_argument, NULL, 'i' },
		{ "dhcp-range", required_argument, NULL, OPT_RANGE },
		{ "proxy-dhcp", no_argument, NULL, OPT_PROXY },
		{ "boot-file", required_argument, NULL, OPT_BOOT },
		{ "dns", required_argument, NULL, OPT_DNS },
		{ "domain", required_argument, NULL, OPT_DOMAIN },
		{ "lease-time", required_argument, NULL, OPT_LEASE },
		{ "tftp-root", required_argument, NULL, OPT_TFTP },
		{ "tftp-only", no_argument, NULL, OPT_TFTP_ONLY },
		{ "tftp-address", required_argument, NULL, OPT_TFTP_ADDR },
		{ "tftp-port", required_argument, NULL, OPT_TFTP_PORT },
		{ "http-root", required_argument, NULL, OPT_HTTP_ROOT },
		{ "http-port", required_argument, NULL, OPT_HTTP_PORT },
		{ "state-dir", required_argument, NULL, OPT_STATE },
		{ "user", required_argument, NULL, OPT_USER },
		{ "log-level", required_argument, NULL, OPT_LOGLEVEL },
		{ "syslog", no_argument, NULL, OPT_SYSLOG },
		{ "help", no_argument, NULL, 'h' },
		{ 0 },
	};
	memset(o, 0, sizeof(*o));
	o->http_port = -1;
	o->tftp_port = -1;
	optind = 1;
	opterr = 0;
	int c;
	while ((c = getopt_long(argc, argv, ":c:i:h", longopts, NULL)) != -1) {
		switch (c) {
		case 'c':
			o->config = optarg;
			o->config_given = true;
			break;
		case 'i':
			if (o->ninterfaces == (int)(sizeof(o->interfaces) / sizeof(o->interfaces[0]))) {
				fprintf(errs, "pxed serve: too many --interface options (at most 16)\n");
				return -EINVAL;
			}
			o->interfaces[o->ninterfaces++] = optarg;
			break;
		case OPT_RANGE: o->dhcp_range = optarg; break;
		case OPT_PROXY: o->proxy = true; break;
		case OPT_BOOT: {
			const char *eq = strchr(optarg, '=');
			char arch[32];
			if (!eq || (size_t)(eq - optarg) >= sizeof(arch) || !eq[1]) {
				fprintf(errs, "pxed serve: --boot-file %s: expected ARCH=PATH\n", optarg);
				return -EINVAL;
			}
			memcpy(arch, optarg, (size_t)(eq - optarg));
			arch[eq - optarg] = 0;
			int a = boot_arch_from_name(arch);
			if (a < 0) {
				fprintf(errs, "pxed serve: --boot-file: unknown architecture '%s' (bios, efi-ia32, "
					      "efi-x64, efi-arm32, efi-arm64, http-ia32, http-x64, http-arm32, "
					      "http-arm64, ipxe)\n", arch);
				return -EINVAL;
			}
			o->boot_files[a] = eq + 1;
			break;
		}
		case OPT_DNS:
			if (o->ndns == 8) {
				fprintf(errs, "pxed serve: too many --dns options (at most 8)\n");
				return -EINVAL;
			}
			o->dns[o->ndns++] = optarg;
			break;
		case OPT_DOMAIN: o->domain = optarg; break;
		case OPT_LEASE: o->lease_time = optarg; break;
		case OPT_TFTP: o->tftp_root = optarg; break;
		case OPT_TFTP_ONLY: o->tftp_only = true; break;
		case OPT_TFTP_ADDR: {
			uint32_t a;
			if (str_to_ipv4(optarg, &a) < 0 || a == UINT32_MAX || (a >> 28) == 14) {
				fprintf(errs, "pxed serve: --tftp-address %s: expected a unicast IPv4 address\n", optarg);
				return -EINVAL;
			}
			if (o->ntftp_addresses == (int)(sizeof(o->tftp_addresses) / sizeof(o->tftp_addresses[0]))) {
				fprintf(errs, "pxed serve: too many --tftp-address options (at most 16)\n");
				return -EINVAL;
			}
			o->tftp_addresses[o->ntftp_addresses++] = optarg;
			break;
		}
		case OPT_TFTP_PORT: {
			int64_t v;
			if (str_to_int64(optarg, 1, 65535, &v) < 0) {
				fprintf(errs, "pxed serve: --tftp-port %s: expected a port number 1-65535\n", optarg);
				return -EINVAL;
			}
			o->tftp_port = (int)v;
			break;
		}
		case OPT_HTTP_ROOT: o->http_root = optarg; break;
		case OPT_HTTP_PORT: {
			int64_t v;
			if (str_to_int64(optarg, 1, 65535, &v) < 0) {
				fprintf(errs, "pxed serve: --http-port %s: expected a port number 1-65535\n", optarg);
				return -EINVAL;
			}
			o->http_port = (int)v;
			break;
		}
		case OPT_STATE: o->state_dir = optarg; break;
		case OPT_USER: o->user = optarg; break;
		case OPT_LOGLEVEL: o->log_level = optarg; break;
		case OPT_SYSLOG: o->syslog = true; break;
		case 'h':
			serve_usage(stdout);
			return 1;
		case ':':
			fprintf(errs, "pxed serve: option %s needs a value\n", argv[optind - 1]);
			return -EINVAL;
		default:
			fprintf(errs, "pxed serve: unknown option %s (see pxed serve --help)\n", argv[optind - 1]);
			return -EINVAL;
		}
	}
	if (optind < argc) {
		fprintf(errs, "pxed serve: unexpected argument '%s'\n", argv[optind]);
		return -EINVAL;
	}
	if (o->tftp_only && (o->dhcp_range || o->proxy)) {
		fprintf(errs, "pxed serve: --tftp-only runs no DHCP: --dhcp-range and --proxy-dhcp do not apply\n");
		return -EINVAL;
	}
	/* --tftp-only is complete with flags alone: no default config file */
	if (!o->config && o->ninterfaces == 0 && !o->tftp_only)
		o->config = CONF_DEFAULT_PATH;
	return 0;
}

static int replace_str(char **dst, const char *src)
{
	char *n = strdup(src);
	if (!n)
		return -ENOMEM;
	free(*dst);
	*dst = n;
	return 0;
}

static int add_option(struct conf_optset *set, uint8_t code, const void *data, size_t len)
{
	struct conf_option *nv = realloc(set->v, (set->n + 1) * sizeof(*nv));
	if (!nv)
		return -ENOMEM;
	set->v = nv;
	uint8_t *copy = malloc(len ? len : 1);
	if (!copy)
		return -ENOMEM;
	memcpy(copy, data, len);
	set->v[set->n++] = (struct conf_option){ .code = code, .len = (uint16_t)len, .data = copy };
	return 0;
}

static void put_be32(uint8_t *p, uint32_t v)
{
	p[0] = (uint8_t)(v >> 24);
	p[1] = (uint8_t)(v >> 16);
	p[2] = (uint8_t)(v >> 8);
	p[3] = (uint8_t)v;
}

/* The default pool is the upper half of the subnet: the lower half is where
 * operators usually put routers, servers and fixed addresses. */
static int default_range(uint32_t addr, uint32_t mask, struct conf_subnet *sn, FILE *errs, const char *ifname)
{
	uint32_t net = addr & mask, bcast = net | ~mask;
	if (bcast - net < 3) {
		fprintf(errs, "pxed serve: %s: subnet too small for a pool; give --dhcp-range\n", ifname);
		return -EINVAL;
	}
	uint32_t start = net + (bcast - net + 1) / 2, end = bcast - 1;
	sn->ranges = calloc(2, sizeof(*sn->ranges));
	if (!sn->ranges)
		return -ENOMEM;
	if (addr >= start && addr <= end) {
		if (addr > start)
			sn->ranges[sn->nranges++] = (struct conf_range){ start, addr - 1 };
		if (addr < end)
			sn->ranges[sn->nranges++] = (struct conf_range){ addr + 1, end };
	} else {
		sn->ranges[sn->nranges++] = (struct conf_range){ start, end };
	}
	return 0;
}

static int parse_range(const char *s, uint32_t net, uint32_t mask, struct conf_subnet *sn, FILE *errs)
{
	char buf[64];
	if (str_copy(buf, sizeof(buf), s) < 0 || !strchr(buf, ',')) {
		fprintf(errs, "pxed serve: --dhcp-range %s: expected START,END\n", s);
		return -EINVAL;
	}
	char *comma = strchr(buf, ',');
	*comma = 0;
	uint32_t a, b;
	if (str_to_ipv4(buf, &a) < 0 || str_to_ipv4(comma + 1, &b) < 0) {
		fprintf(errs, "pxed serve: --dhcp-range %s: START and END must be IPv4 addresses\n", s);
		return -EINVAL;
	}
	if (a > b || (a & mask) != net || (b & mask) != net) {
		char n[IPV4_STRLEN];
		fprintf(errs, "pxed serve: --dhcp-range %s: must be START<=END inside %s/%d\n", s,
			ipv4_to_str(net, n), ipv4_mask_to_prefix(mask));
		return -EINVAL;
	}
	sn->ranges = calloc(1, sizeof(*sn->ranges));
	if (!sn->ranges)
		return -ENOMEM;
	sn->ranges[0] = (struct conf_range){ a, b };
	sn->nranges = 1;
	return 0;
}

static int subnet_from_iface(const struct serve_opts *o, const char *ifname, struct conf_subnet *sn, FILE *errs)
{
	struct net_iface ifc;
	int r = net_iface_lookup(ifname, &ifc);
	if (r < 0) {
		fprintf(errs, "pxed serve: --interface %s: %s\n", ifname, strerror(-r));
		return -EINVAL;
	}
	if (ifc.addr == 0 || ifc.netmask == 0) {
		fprintf(errs, "pxed serve: --interface %s has no IPv4 address; give it one or use --config\n", ifname);
		return -EINVAL;
	}
	memset(sn, 0, sizeof(*sn));
	sn->network = ifc.addr & ifc.netmask;
	sn->netmask = ifc.netmask;
	sn->allow_bootp = -1;
	sn->interface = strdup(ifname);
	if (!sn->interface)
		return -ENOMEM;
	if (!o->proxy) {
		r = o->dhcp_range ? parse_range(o->dhcp_range, sn->network, sn->netmask, sn, errs)
				  : default_range(ifc.addr, ifc.netmask, sn, errs, ifname);
		if (r < 0)
			return r;
	}
	uint8_t v[4 * 8];
	if (ifc.gateway && (ifc.gateway & ifc.netmask) == sn->network) {
		put_be32(v, ifc.gateway);
		if ((r = add_option(&sn->options, 3, v, 4)) < 0)
			return r;
	}
	if (o->ndns) {
		for (int i = 0; i < o->ndns; i++) {
			uint32_t a;
			if (str_to_ipv4(o->dns[i], &a) < 0) {
				fprintf(errs, "pxed serve: --dns %s: not an IPv4 address\n", o->dns[i]);
				return -EINVAL;
			}
			put_be32(v + 4 * i, a);
		}
		if ((r = add_option(&sn->options, 6, v, 4 * (size_t)o->ndns)) < 0)
			return r;
	}
	if (o->domain && (r = add_option(&sn->options, 15, o->domain, strlen(o->domain))) < 0)
		return r;
	return 0;
}

static int set_names(char ***v, size_t *n, const char *const *src, int nsrc)
{
	for (size_t i = 0; i < *n; i++)
		free((*v)[i]);
	free(*v);
	*v = NULL;
	*n = 0;
	if (nsrc == 0)
		return 0;
	*v = calloc((size_t)nsrc, sizeof(char *));
	if (!*v)
		return -ENOMEM;
	for (int i = 0; i < nsrc; i++) {
		(*v)[i] = strdup(src[i]);
		if (!(*v)[i])
			return -ENOMEM;
		(*n)++;
	}
	return 0;
}

/* --tftp-only turns DHCP off and makes --interface name TFTP's interfaces;
 * --tftp-address and --tftp-port replace the file's tftp settings. */
static int tftp_overrides(const struct serve_opts *o, struct pxed_conf *c)
{
	int r;
	if (o->tftp_port > 0)
		c->tftp.port = (uint16_t)o->tftp_port;
	if (o->ntftp_addresses) {
		free(c->tftp.addresses);
		c->tftp.naddresses = 0;
		c->tftp.addresses = calloc((size_t)o->ntftp_addresses, sizeof(uint32_t));
		if (!c->tftp.addresses)
			return -ENOMEM;
		for (int i = 0; i < o->ntftp_addresses; i++)
			if (str_to_ipv4(o->tftp_addresses[i], &c->tftp.addresses[c->tftp.naddresses]) == 0)
				c->tftp.naddresses++;
		/* "on IP only": the file's interfaces no longer apply */
		if ((r = set_names(&c->tftp.interfaces, &c->tftp.ninterfaces, NULL, 0)) < 0)
			return r;
	}
	if (!o->tftp_only)
		return 0;
	c->dhcp.enabled = false;
	c->tftp.enabled = true;
	if (o->ninterfaces && (r = set_names(&c->tftp.interfaces, &c->tftp.ninterfaces, o->interfaces,
					     o->ninterfaces)) < 0)
		return r;
	return 0;
}

static int apply_overrides(const struct serve_opts *o, struct pxed_conf *c, FILE *errs)
{
	int r = 0;
	if (o->state_dir)
		r = r ? r : replace_str(&c->state_dir, o->state_dir);
	if (o->user)
		r = r ? r : replace_str(&c->user, o->user);
	if (o->tftp_root)
		r = r ? r : replace_str(&c->tftp.root, o->tftp_root);
	if (o->http_root)
		r = r ? r : replace_str(&c->http.root, o->http_root);
	if (r < 0)
		return r;
	/* an HTTP root given on the command line means: serve it */
	if (o->http_root)
		c->http.enabled = true;
	if (o->http_port > 0)
		c->http.port = (uint16_t)o->http_port;
	if (o->proxy)
		c->dhcp.proxy = true;
	if (o->syslog)
		c->log_syslog = true;
	if (o->log_level && log_level_from_str(o->log_level, &c->log_level) < 0) {
		fprintf(errs, "pxed serve: --log-level %s: expected error, warning, info or debug\n", o->log_level);
		return -EINVAL;
	}
	if (o->lease_time) {
		uint32_t t;
		if (str_to_duration(o->lease_time, &t) < 0 || t == 0) {
			fprintf(errs, "pxed serve: --lease-time %s: expected a duration such as 3600, 30m, 12h\n",
				o->lease_time);
			return -EINVAL;
		}
		c->dhcp.lease_time = t;
		if (c->dhcp.max_lease_time < t)
			c->dhcp.max_lease_time = t;
	}
	for (int a = 0; a < BOOT_ARCH_COUNT; a++)
		if (o->boot_files[a] && (r = replace_str(&c->dhcp.boot.file[a], o->boot_files[a])) < 0)
			return r;
	if ((r = tftp_overrides(o, c)) < 0)
		return r;
	if (o->ninterfaces && !o->tftp_only) {
		for (size_t i = 0; i < c->dhcp.ninterfaces; i++)
			free(c->dhcp.interfaces[i]);
		free(c->dhcp.interfaces);
		c->dhcp.ninterfaces = 0;
		c->dhcp.interfaces = calloc((size_t)o->ninterfaces, sizeof(char *));
		if (!c->dhcp.interfaces)
			return -ENOMEM;
		for (int i = 0; i < o->ninterfaces; i++) {
			c->dhcp.interfaces[i] = strdup(o->interfaces[i]);
			if (!c->dhcp.interfaces[i])
				return -ENOMEM;
			c->dhcp.ninterfaces++;
		}
	}
	return 0;
}

int serve_opts_to_conf(const struct serve_opts *o, struct pxed_conf *c, FILE *errs)
{
	int r;
	conf_init(c);
	if (o->config) {
		if (!o->config_given && access(o->config, F_OK) != 0) {
			fprintf(errs, "pxed serve: no configuration: %s does not exist; give --config FILE or "
				      "--interface IF (see pxed serve --help)\n", o->config);
			return -EINVAL;
		}
		conf_free(c);
		r = conf_load_file(o->config, c, errs);
		if (r < 0)
			return r;
		return apply_overrides(o, c, errs);
	}
	/* without a file, HTTP runs only when asked for */
	c->http.enabled = false;
	r = apply_overrides(o, c, errs);
	if (r == 0 && o->http_port > 0)
		c->http.enabled = true;
	if (r < 0 || o->tftp_only)
		return r;
	c->dhcp.subnets = calloc((size_t)o->ninterfaces, sizeof(*c->dhcp.subnets));
	if (!c->dhcp.subnets)
		return -ENOMEM;
	for (int i = 0; i < o->ninterfaces; i++) {
		r = subnet_from_iface(o, o->interfaces[i], &c->dhcp.subnets[i], errs);
		c->dhcp.nsubnets++;
		if (r < 0)
			return r;
	}
	return 0;
}
