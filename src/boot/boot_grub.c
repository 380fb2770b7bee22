/* grub/grub.cfg and grub/grub.cfg-01-<mac> for Debian's network GRUB
 * (grubnetx64.efi.signed, served as grubx64.efi; its prefix is /grub).
 *
 * Finding the per-host file: GRUB's `test -f` is always false over TFTP, so
 * the menu loads $prefix/grub.cfg-01-${net_default_mac} unconditionally; for
 * an unknown MAC that file does not exist, GRUB prints an error and goes on
 * with the menu. net_default_mac is spelt aa:bb:cc:dd:ee:ff, and that is the
 * name GRUB asks for (boot_render also accepts dashes).
 *
 * linux or linuxefi: Debian's GRUB has both. linuxefi starts the kernel
 * through its EFI handover entry, which Red Hat's own GRUB for EL 7 and 8
 * (and Fedora before 30) required and their menus use, so an operator who
 * serves the distro's shim and GRUB instead gets a config that works there
 * too. Kernels before 3.6 (EL6) have no handover entry at all and take
 * `linux`, as do EL9+ and current Fedora, whose GRUB made `linux` EFI-aware.
 *
 * Local boot: GRUB's `exit` returns EFI_SUCCESS to the firmware, and an
 * EDK2 boot manager answers a boot option that returned success by showing
 * its own menu instead of trying the next BootOrder entry -- an unattended
 * machine would stop there. So local boot starts the installed system's EFI
 * loader itself: the distro's shim (signed by Microsoft, so it passes
 * Secure Boot), then its GRUB, then the removable-media path every
 * installer writes; `exit` is only the last resort when no disk has one.
 *
 * Kernels over HTTP: Debian's signed grubnetx64 has no http module built in,
 * so a config that names (http,...) needs `insmod http`, which loads
 * grub/x86_64-efi/http.mod (grub-efi-amd64-bin, the same build) over TFTP.
 * Under Secure Boot GRUB refuses every module that is not built in; the
 * config therefore tries the module and falls back to TFTP, and the entries
 * name their files through ${pxed_from}. */
#include <errno.h>
#include <string.h>
#include <strings.h>

#include "boot/boot_int.h"
#include "core/str.h"

#define MAX_VENDORS 8

static const char *linux_cmd(const struct boot_distro *d, bool initrd)
{
	bool handover = boot_distro_is_fedora(d) ? d->major >= 17 && d->major < 30 : d->major == 7 || d->major == 8;
	if (handover)
		return initrd ? "initrdefi" : "linuxefi";
	return initrd ? "initrd" : "linux";
}

/* The directory under /EFI where a distro family installs its loaders. */
static const char *efi_vendor(const struct boot_distro *d)
{
	static const struct {
		const char *family, *dir;
	} map[] = {
		{ "rhel", "redhat" },	    { "redhat", "redhat" },	  { "ol", "redhat" },
		{ "oraclelinux", "redhat" }, { "scientific", "redhat" },   { "centos", "centos" },
		{ "centos-stream", "centos" }, { "rocky", "rocky" },	  { "almalinux", "almalinux" },
		{ "fedora", "fedora" },
	};
	for (size_t i = 0; d->family && i < sizeof(map) / sizeof(map[0]); i++)
		if (strcasecmp(d->family, map[i].family) == 0)
			return map[i].dir;
	return NULL;
}

struct loaders {
	const char *vendor[MAX_VENDORS];
	size_t n;
	bool legacy; /* an EL6 system: /EFI/redhat/grub.efi */
};

static void add_distro(struct loaders *l, const struct boot_distro *d)
{
	const char *v = efi_vendor(d);
	if (boot_distro_is_legacy(d))
		l->legacy = true;
	if (!v)
		return;
	for (size_t i = 0; i < l->n; i++)
		if (strcmp(l->vendor[i], v) == 0)
			return;
	if (l->n < MAX_VENDORS)
		l->vendor[l->n++] = v;
}

static void put_local_entry(struct wr *w, const struct loaders *l)
{
	boot_put(w, "menuentry 'Boot from local disk' --id local {\n"
		    "\t# the installed system's own loader: `exit` would return success to the\n"
		    "\t# firmware, and EDK2 then shows its boot menu instead of the next device\n"
		    "\tfor loader in");
	for (size_t i = 0; i < l->n; i++)
		boot_put(w, " /EFI/%s/shimx64.efi /EFI/%s/grubx64.efi", l->vendor[i], l->vendor[i]);
	if (l->legacy)
		boot_put(w, " /EFI/redhat/grub.efi");
	boot_put(w, " /EFI/BOOT/BOOTX64.EFI; do\n"
		    "\t\tif search --no-floppy --file --set=esp $loader; then\n"
		    "\t\t\tchainloader ($esp)$loader\n"
		    "\t\t\tboot\n"
		    "\t\tfi\n"
		    "\tdone\n"
		    "\texit\n"
		    "}\n");
}

static enum boot_ref ref_of(const struct boot_ctx *ctx)
{
	return ctx->grub_fetch == BOOT_FETCH_HTTP ? BOOT_REF_GRUB_HTTP : BOOT_REF_TFTP;
}

/* bootif: the literal BOOTIF argument, or NULL for GRUB's own variable. */
static void put_install_entry(struct wr *w, const struct boot_ctx *ctx, const struct boot_profile *p,
			      enum boot_entry e, const struct boot_host *host, const char *bootif)
{
	const struct boot_distro *d = p->distro;
	enum boot_ref ref = ref_of(ctx);
	boot_put(w, "menuentry '%s%s%s: %s' --id %s-%s {\n\t%s ", host ? host->hostname : "",
		 host ? ": " : "", p->name, boot_entry_title(e), p->name, boot_entry_suffix(e),
		 linux_cmd(d, false));
	boot_put_ref(w, ctx, ref, d, d->kernel);
	boot_put(w, " ");
	boot_put_args(w, ctx, p, e, host);
	/* the installer picks the interface GRUB booted from, as with pxelinux's
	 * IPAPPEND 2 (dracut also reads the aa:bb:.. spelling) */
	boot_put(w, " BOOTIF=01-%s\n\t%s ", bootif ? bootif : "${net_default_mac}",
		 linux_cmd(d, true));
	boot_put_ref(w, ctx, ref, d, d->initrd);
	boot_put(w, "\n}\n");
}

static void put_about(struct wr *w, const struct boot_ctx *ctx)
{
	boot_put(w, "# for x64 UEFI clients running GRUB (grubx64.efi, started by shimx64.efi\n"
		    "# under Secure Boot): kernels and initrds over %s.\n",
		 ctx->grub_fetch == BOOT_FETCH_HTTP ? "HTTP when GRUB can load its http\n"
						      "# module, else over TFTP" : "TFTP");
}

/* Sets ${pxed_from}, which BOOT_REF_GRUB_HTTP names start with. Exported:
 * a menu entry and a configfile run in a context of their own, which sees
 * only exported variables. Under Secure Boot GRUB sets $lockdown and
 * refuses the module -- yet a second insmod of it (the menu's, then the
 * host's config) returned success with no http in it, seen with Debian's
 * 2.06 in OVMF: so the lockdown is checked, not just insmod's status. */
static void put_fetch_choice(struct wr *w, const struct boot_ctx *ctx)
{
	if (ctx->grub_fetch != BOOT_FETCH_HTTP)
		return;
	char hp[BOOT_HOSTPORT_MAX];
	boot_put(w, "# http.mod comes from grub-efi-amd64-bin; under Secure Boot only built-in\n"
		    "# modules load, and the files come over TFTP from $root instead.\n"
		    "set pxed_from=\n"
		    "if [ \"${lockdown}\" != \"y\" ]; then\n"
		    "\tif insmod http; then\n"
		    "\t\tset pxed_from=(http,%s)\n"
		    "\tfi\n"
		    "fi\n"
		    "export pxed_from\n\n",
		 boot_hostport(ctx, hp));
}

int boot_grub_menu(const struct boot_ctx *ctx, struct wr *w)
{
	boot_put(w, "# grub/grub.cfg, generated by pxed: the boot menu\n");
	put_about(w, ctx);
	boot_put(w, "# A host known to pxed has its own grub.cfg-01-<mac>. `test -f` is always\n"
		    "# false over TFTP, so it is loaded straight away; for a MAC nobody owns\n"
		    "# GRUB reports the file missing and goes on with this menu.\n"
		    "configfile $prefix/grub.cfg-01-${net_default_mac}\n\n");
	put_fetch_choice(w, ctx);
	boot_put(w, "set timeout=%u\nset default=local\n", boot_timeout_s(ctx));
	struct loaders l = { 0 };
	for (size_t i = 0; i < ctx->n_profiles; i++) {
		const struct boot_profile *p = &ctx->profiles[i];
		add_distro(&l, p->distro);
		boot_put(w, "\n");
		boot_put_profile_comment(w, p);
		for (enum boot_entry e = 0; e < BOOT_ENTRY__COUNT; e++)
			put_install_entry(w, ctx, p, e, NULL, NULL);
	}
	boot_put(w, "\n");
	put_local_entry(w, &l);
	if (ctx->memtest) {
		boot_put(w, "\nmenuentry 'Memory test (memtest86+)' --id memtest {\n\tlinux ");
		boot_put_ref(w, ctx, ref_of(ctx), NULL, BOOT_MEMTEST_EFI);
		boot_put(w, "\n}\n");
	}
	return wr_ok(w) ? 0 : -ENOSPC;
}

int boot_grub_host(const struct boot_ctx *ctx, const struct boot_host *h, const uint8_t mac[6],
		   struct wr *w)
{
	char colons[MAC_STRLEN], dashes[BOOT_MAC_STRLEN];
	mac_to_str(mac, colons);
	boot_put(w, "# grub/grub.cfg-01-%s, generated by pxed for host %s\n", colons, h->hostname);
	put_about(w, ctx);
	boot_put_host_comment(w, h);
	if (h->netboot) {
		const struct boot_profile *p = h->profile;
		put_fetch_choice(w, ctx);
		boot_put(w, "set timeout=0\nset default=%s-%s\n\n", p->name,
			 boot_entry_suffix(BOOT_ENTRY_KICKSTART));
		put_install_entry(w, ctx, p, BOOT_ENTRY_KICKSTART, h, boot_mac_dashes(mac, dashes));
	} else {
		boot_put(w, "set timeout=0\nset default=local\n\n");
		struct loaders l = { 0 };
		if (h->profile)
			add_distro(&l, h->profile->distro);
		put_local_entry(w, &l);
	}
	return wr_ok(w) ? 0 : -ENOSPC;
}
