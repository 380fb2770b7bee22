/* The catalog the boot-config tests render: one distro of each installer
 * generation (EL6, EL7, Rocky 9, Fedora 40), a profile on each, and hosts
 * to install on each plus one already installed. */
#pragma once
#include <errno.h>
#include <stdio.h>
#include <string.h>

#include "boot/boot.h"

static const struct boot_distro fx_distros[] = {
	{ "centos-6.10", "centos", 6, "x86_64", "images/pxeboot/vmlinuz", "images/pxeboot/initrd.img" },
	{ "centos-7.9", "centos", 7, "x86_64", "images/pxeboot/vmlinuz", "images/pxeboot/initrd.img" },
	{ "rocky-9.4", "rocky", 9, "x86_64", "images/pxeboot/vmlinuz", "images/pxeboot/initrd.img" },
	{ "fedora-40", "fedora", 40, "x86_64", "images/pxeboot/vmlinuz", "images/pxeboot/initrd.img" },
};

static const struct boot_profile fx_profiles[] = {
	{ "centos6", &fx_distros[0], "" },
	{ "centos7", &fx_distros[1], "console=tty0 console=ttyS0,115200n8" },
	{ "rocky9", &fx_distros[2], "inst.sshd" },
	{ "fedora40", &fx_distros[3], NULL },
};

struct fx_host {
	const char *hostname;
	uint8_t mac[6];
	int profile; /* index into fx_profiles, -1 none */
	bool netboot;
};

static const struct fx_host fx_hosts[] = {
	{ "node06.lab.example", { 0x52, 0x54, 0x00, 0x00, 0x00, 0x06 }, 0, true },
	{ "node07.lab.example", { 0x52, 0x54, 0x00, 0x00, 0x00, 0x07 }, 1, true },
	{ "node09.lab.example", { 0x52, 0x54, 0x00, 0x00, 0x00, 0x09 }, 2, true },
	{ "node40.lab.example", { 0x52, 0x54, 0x00, 0x00, 0x00, 0x40 }, 3, true },
	{ "done09.lab.example", { 0x52, 0x54, 0x00, 0x00, 0x10, 0x09 }, 2, false },
	{ "orphan.lab.example", { 0x52, 0x54, 0x00, 0x00, 0x20, 0x00 }, -1, true },
	{ "gone.lab.example", { 0x52, 0x54, 0x00, 0x00, 0x20, 0x01 }, -1, false },
	{ "hex.lab.example", { 0x52, 0x54, 0x00, 0x00, 0x00, 0x4a }, 2, true },
};

static int fx_host_by_mac(void *arg, const uint8_t mac[6], struct boot_host *ret)
{
	const struct boot_profile *profiles = arg;
	for (size_t i = 0; i < sizeof(fx_hosts) / sizeof(fx_hosts[0]); i++) {
		const struct fx_host *h = &fx_hosts[i];
		if (memcmp(h->mac, mac, 6) != 0)
			continue;
		memset(ret, 0, sizeof(*ret));
		snprintf(ret->hostname, sizeof(ret->hostname), "%s", h->hostname);
		ret->profile = h->profile >= 0 ? &profiles[h->profile] : NULL;
		ret->netboot = h->netboot;
		return 0;
	}
	return -ENOENT;
}

/* 198.18.0.1, HTTP on 8080, every profile, memtest installed. */
static struct boot_ctx fx_ctx(void)
{
	return (struct boot_ctx){
		.server_ip = 0xc6120001,
		.http_port = 8080,
		.profiles = fx_profiles,
		.n_profiles = sizeof(fx_profiles) / sizeof(fx_profiles[0]),
		.memtest = true,
		.bios_fetch = BOOT_FETCH_TFTP,
		.efi64_fetch = BOOT_FETCH_TFTP,
		.grub_fetch = BOOT_FETCH_HTTP,
		.host_by_mac = fx_host_by_mac,
		.host_arg = (void *)fx_profiles,
	};
}
