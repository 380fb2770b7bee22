/* What every loader's config has in common: the menu's entries, how a file
 * is named for each loader and protocol, and the installer's kernel
 * arguments per distro version. */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "boot/boot_int.h"
#include "core/str.h"

#define DEFAULT_TITLE "pxed network install"
#define DEFAULT_TIMEOUT_S 10

static const char *const suffixes[BOOT_ENTRY__COUNT] = {
	[BOOT_ENTRY_KICKSTART] = "ks",
	[BOOT_ENTRY_INTERACTIVE] = "install",
	[BOOT_ENTRY_TEXT] = "text",
	[BOOT_ENTRY_BASIC_VIDEO] = "basicvideo",
	[BOOT_ENTRY_RESCUE] = "rescue",
};

static const char *const titles[BOOT_ENTRY__COUNT] = {
	[BOOT_ENTRY_KICKSTART] = "automatic install (kickstart)",
	[BOOT_ENTRY_INTERACTIVE] = "interactive install",
	[BOOT_ENTRY_TEXT] = "interactive install, text mode",
	[BOOT_ENTRY_BASIC_VIDEO] = "interactive install, basic video",
	[BOOT_ENTRY_RESCUE] = "rescue an installed system",
};

const char *boot_entry_suffix(enum boot_entry e)
{
	return (unsigned)e < BOOT_ENTRY__COUNT ? suffixes[e] : "";
}

const char *boot_entry_title(enum boot_entry e)
{
	return (unsigned)e < BOOT_ENTRY__COUNT ? titles[e] : "";
}

void boot_put(struct wr *w, const char *fmt, ...)
{
	size_t room = wr_room(w);
	va_list ap, again;
	va_start(ap, fmt);
	va_copy(again, ap);
	char *dst = room ? (char *)w->p + w->len : NULL;
	int n = vsnprintf(dst, room, fmt, ap);
	va_end(ap);
	if (n >= 0 && (size_t)n == room && room) {
		/* fits exactly, but vsnprintf kept the last byte for its NUL */
		char *tmp = malloc(room + 1);
		if (tmp) {
			vsnprintf(tmp, room + 1, fmt, again);
			memcpy(dst, tmp, room);
			free(tmp);
		} else {
			n = -1;
		}
	}
	va_end(again);
	if (n < 0 || (size_t)n > room) {
		w->overflow = true;
		return;
	}
	w->len += (size_t)n;
}

const char *boot_hostport(const struct boot_ctx *ctx, char buf[BOOT_HOSTPORT_MAX])
{
	char ip[IPV4_STRLEN];
	ipv4_to_str(ctx->server_ip, ip);
	if (ctx->http_port == 80 || ctx->http_port == 0)
		snprintf(buf, BOOT_HOSTPORT_MAX, "%s", ip);
	else
		snprintf(buf, BOOT_HOSTPORT_MAX, "%s:%u", ip, (unsigned)ctx->http_port);
	return buf;
}

void boot_put_ref(struct wr *w, const struct boot_ctx *ctx, enum boot_ref how,
		  const struct boot_distro *distro, const char *path)
{
	char hp[BOOT_HOSTPORT_MAX];
	switch (how) {
	case BOOT_REF_TFTP:
		boot_put(w, "/");
		break;
	case BOOT_REF_TFTP_SYSLINUX_EFI:
		boot_put(w, "::/");
		break;
	case BOOT_REF_URL:
		boot_put(w, "http://%s/", boot_hostport(ctx, hp));
		break;
	case BOOT_REF_GRUB_HTTP:
		/* (http,server:port) or "" (TFTP from $root): boot_grub.c */
		boot_put(w, "${pxed_from}/");
		break;
	}
	if (distro)
		boot_put(w, "distros/%s/", distro->name);
	boot_put(w, "%s", path);
}

bool boot_distro_is_fedora(const struct boot_distro *d)
{
	return d->family && strcasecmp(d->family, "fedora") == 0;
}

bool boot_distro_is_legacy(const struct boot_distro *d)
{
	if (boot_distro_is_fedora(d))
		return d->major < 17;
	return d->major <= 6;
}

/* Basic video: anaconda before dracut took xdriver=; RHEL 7 and 8 still
 * start X and take inst.xdriver=; RHEL 9 and current Fedora run without a
 * vesa X driver and their own boot menus say only nomodeset. */
static const char *basic_video_args(const struct boot_distro *d)
{
	if (boot_distro_is_legacy(d))
		return "xdriver=vesa nomodeset";
	if (!boot_distro_is_fedora(d) && d->major <= 8)
		return "inst.xdriver=vesa nomodeset";
	return "nomodeset";
}

static void put_tree_url(struct wr *w, const struct boot_ctx *ctx, const struct boot_distro *d)
{
	char hp[BOOT_HOSTPORT_MAX];
	boot_put(w, "http://%s/distros/%s", boot_hostport(ctx, hp), d->name);
}

static void put_ks_url(struct wr *w, const struct boot_ctx *ctx, const struct boot_host *host)
{
	char hp[BOOT_HOSTPORT_MAX];
	/* with no host known the daemon picks the kickstart by the MAC that
	 * (inst.)ks.sendmac puts in X-RHN-Provisioning-MAC-0 */
	boot_put(w, "http://%s/ks/%s", boot_hostport(ctx, hp), host ? host->hostname : "");
}

void boot_put_args(struct wr *w, const struct boot_ctx *ctx, const struct boot_profile *p,
		   enum boot_entry e, const struct boot_host *host)
{
	const struct boot_distro *d = p->distro;
	bool legacy = boot_distro_is_legacy(d);
	if (e == BOOT_ENTRY_KICKSTART) {
		boot_put(w, legacy ? "ks=" : "inst.ks=");
		put_ks_url(w, ctx, host);
		/* the repository comes from the kickstart's url command on EL6 */
		if (legacy) {
			boot_put(w, " ksdevice=bootif kssendmac");
		} else {
			boot_put(w, " inst.repo=");
			put_tree_url(w, ctx, d);
			boot_put(w, " inst.ks.sendmac ip=dhcp");
		}
	} else {
		boot_put(w, legacy ? "repo=" : "inst.repo=");
		put_tree_url(w, ctx, d);
		if (!legacy)
			boot_put(w, " ip=dhcp");
		if (e == BOOT_ENTRY_TEXT)
			boot_put(w, legacy ? " text" : " inst.text");
		else if (e == BOOT_ENTRY_BASIC_VIDEO)
			boot_put(w, " %s", basic_video_args(d));
		else if (e == BOOT_ENTRY_RESCUE)
			boot_put(w, legacy ? " rescue" : " inst.rescue");
	}
	if (p->kernel_args && *p->kernel_args)
		boot_put(w, " %s", p->kernel_args);
}

void boot_put_profile_comment(struct wr *w, const struct boot_profile *p)
{
	const struct boot_distro *d = p->distro;
	boot_put(w, "# profile %s: distro %s (%s %d, %s)\n", p->name, d->name,
		 d->family && *d->family ? d->family : "unknown family", d->major,
		 d->arch && *d->arch ? d->arch : "unknown arch");
}

void boot_put_host_comment(struct wr *w, const struct boot_host *h)
{
	if (h->netboot) {
		boot_put(w, "# Installs profile %s now, without a menu; once the install reports\n"
			    "# done, the host gets its local disk here instead.\n",
			 h->profile->name);
		boot_put_profile_comment(w, h->profile);
	} else {
		boot_put(w, "# Installed (netboot off): boots its local disk. `pxed host reinstall %s`\n"
			    "# installs it again.\n",
			 h->hostname);
	}
}

const char *boot_basename(const char *path)
{
	const char *s = strrchr(path, '/');
	return s ? s + 1 : path;
}

const char *boot_title(const struct boot_ctx *ctx)
{
	return ctx->menu_title && *ctx->menu_title ? ctx->menu_title : DEFAULT_TITLE;
}

unsigned boot_timeout_s(const struct boot_ctx *ctx)
{
	return ctx->menu_timeout_s ? ctx->menu_timeout_s : DEFAULT_TIMEOUT_S;
}

const char *boot_mac_dashes(const uint8_t m[6], char buf[BOOT_MAC_STRLEN])
{
	snprintf(buf, BOOT_MAC_STRLEN, "%02x-%02x-%02x-%02x-%02x-%02x", m[0], m[1], m[2], m[3], m[4],
		 m[5]);
	return buf;
}
