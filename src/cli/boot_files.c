/* `pxed boot-files`: every boot program pxed serves from Debian's packages,
 * where it comes from and whether it is installed; exit 1 when a file that
 * one of the checked architectures' boot files needs is missing. The boot
 * files are those the DHCP server would hand out: the configuration's
 * (global, subnets, hosts) or the built-in defaults. */
#include <getopt.h>
#include <stdio.h>
#include <string.h>

#include "boot/bootprog.h"
#include "cli/cli.h"
#include "conf/conf.h"
#include "conf/conf_load.h"
#include "dhcp/dhcp_arch.h"
#include "dhcp/dhcp_pxe.h"

#define MAX_BOOT_FILES 64

static void usage(FILE *out)
{
	fputs("usage: pxed boot-files [-c FILE] [-a ARCH]... [--base DIR]\n"
	      "Lists the boot programs pxed serves straight from Debian's packages (pxelinux.0,\n"
	      "efi64/syslinux.efi, grubx64.efi, ...), the file each comes from and whether it is\n"
	      "installed. Exits 1 when a file that a checked architecture's boot program needs is\n"
	      "missing, naming the package to install.\n"
	      "  -c, --config FILE  the boot files of this configuration (default: pxed's defaults,\n"
	      "                     bios=pxelinux.0 efi-x64=efi64/syslinux.efi)\n"
	      "  -a, --arch ARCH    check ARCH only (repeatable): bios, efi-x64, http-x64, ipxe, ...\n"
	      "                     default: bios, efi-x64 and every architecture the file sets\n"
	      "      --base DIR     look the package files up below DIR instead of /\n",
	      out);
}

struct boot_file {
	enum boot_arch arch;
	const char *file;
};

struct plan {
	struct boot_file v[MAX_BOOT_FILES];
	size_t n;
	bool arch_on[BOOT_ARCH_COUNT];
};

static void add_file(struct plan *p, enum boot_arch a, const char *f)
{
	if (!f)
		return;
	for (size_t i = 0; i < p->n; i++)
		if (p->v[i].arch == a && strcmp(p->v[i].file, f) == 0)
			return;
	if (p->n < MAX_BOOT_FILES)
		p->v[p->n++] = (struct boot_file){ a, f };
}

/* Every boot file an architecture can get: set at any level of the
 * configuration, plus the default wherever the global level leaves it
 * unset (a subnet without its own then gets the default). */
static void collect(struct plan *p, const struct pxed_conf *c)
{
	for (int a = 0; a < BOOT_ARCH_COUNT; a++) {
		if (!p->arch_on[a])
			continue;
		const char *global = c ? c->dhcp.boot.file[a] : NULL;
		add_file(p, a, global ? global : pxe_default_boot_file(a));
		for (size_t i = 0; c && i < c->dhcp.nsubnets; i++)
			add_file(p, a, c->dhcp.subnets[i].boot.file[a]);
		for (size_t i = 0; c && i < c->dhcp.nhosts; i++)
			add_file(p, a, c->dhcp.hosts[i].boot.file[a]);
	}
}

static bool set_anywhere(const struct pxed_conf *c, int a)
{
	if (c->dhcp.boot.file[a])
		return true;
	for (size_t i = 0; i < c->dhcp.nsubnets; i++)
		if (c->dhcp.subnets[i].boot.file[a])
			return true;
	for (size_t i = 0; i < c->dhcp.nhosts; i++)
		if (c->dhcp.hosts[i].boot.file[a])
			return true;
	return false;
}

static int report(const struct plan *p, const char *base)
{
	unsigned loaders = 0;
	for (size_t i = 0; i < p->n; i++)
		loaders |= bootprog_loader_of(p->v[i].file);
	printf("Boot programs from Debian's packages%s%s; required by the boot files", base ? " below " : "",
	       base ? base : "");
	for (size_t i = 0; i < p->n; i++)
		printf("%s %s (%s)", i ? "," : "", p->v[i].file, boot_arch_name(p->v[i].arch));
	printf(":\n");
	int missing = 0;
	for (size_t i = 0; i < bootprog_count(); i++) {
		const struct bootprog *bp = bootprog_at(i);
		bool present = bootprog_present(base, bp) == 0;
		bool required = (bp->needed_by & loaders) != 0;
		printf("  %-7s %-8s %-19s %-25s %s\n", present ? "ok" : "missing",
		       required ? "required" : "optional", bp->name, bp->package, bp->source);
		if (!present && required) {
			struct bootprog_match m = { .bp = bp };
			snprintf(m.name, sizeof(m.name), "%s", bp->name);
			snprintf(m.source, sizeof(m.source), "%s", bp->source);
			char msg[BOOTPROG_PATH_MAX * 3];
			bootprog_missing_msg(&m, base, msg, sizeof(msg));
			fprintf(stderr, "pxed boot-files: %s\n", msg);
			missing++;
		}
	}
	for (size_t i = 0; i < p->n; i++) {
		if (bootprog_loader_of(p->v[i].file))
			continue;
		/* /ipxe/<mac> is the per-host script pxed generates itself */
		bool generated = strstr(p->v[i].file, "/ipxe/") != NULL;
		printf("note: %s boot file %s is not one of these; %s\n", boot_arch_name(p->v[i].arch),
		       p->v[i].file,
		       generated ? "pxed generates it per host"
				 : "it is served from the TFTP or HTTP root");
	}
	if (missing)
		fprintf(stderr, "pxed boot-files: %d required file%s missing\n", missing,
			missing == 1 ? "" : "s");
	return missing ? 1 : 0;
}

int cmd_boot_files(int argc, char **argv)
{
	static const struct option longopts[] = {
		{ "config", required_argument, NULL, 'c' },
		{ "arch", required_argument, NULL, 'a' },
		{ "base", required_argument, NULL, 'B' },
		{ "help", no_argument, NULL, 'h' },
		{ 0 },
	};
	const char *config = NULL, *base = NULL;
	struct plan plan;
	memset(&plan, 0, sizeof(plan));
	bool archs_given = false;
	int c;
	optind = 1;
	opterr = 0;
	while ((c = getopt_long(argc, argv, "c:a:h", longopts, NULL)) != -1) {
		if (c == 'c') {
			config = optarg;
		} else if (c == 'a') {
			int a = boot_arch_from_name(optarg);
			if (a < 0) {
				fprintf(stderr, "pxed boot-files: unknown architecture '%s'\n", optarg);
				return 2;
			}
			plan.arch_on[a] = true;
			archs_given = true;
		} else if (c == 'B') {
			base = optarg;
		} else if (c == 'h') {
			usage(stdout);
			return 0;
		} else {
			fprintf(stderr, "pxed boot-files: unknown option %s\n", argv[optind - 1]);
			usage(stderr);
			return 2;
		}
	}
	if (optind != argc) {
		usage(stderr);
		return 2;
	}
	struct pxed_conf conf;
	bool have_conf = false;
	if (config) {
		if (conf_load_file(config, &conf, stderr) < 0) {
			fprintf(stderr, "%s: configuration is NOT valid\n", config);
			return 1;
		}
		have_conf = true;
	}
	if (!archs_given) {
		plan.arch_on[BOOT_ARCH_BIOS] = true;
		plan.arch_on[BOOT_ARCH_EFI_X64] = true;
		for (int a = 0; have_conf && a < BOOT_ARCH_COUNT; a++)
			plan.arch_on[a] = plan.arch_on[a] || set_anywhere(&conf, a);
	}
	collect(&plan, have_conf ? &conf : NULL);
	int r = report(&plan, base);
	if (have_conf)
		conf_free(&conf);
	return r;
}
