/* Options of every command that is not about storage: installation source,
 * language and keyboard, network, users, boot loader, services, display,
 * registration. Same row format and shorthands as ks_table_storage.c. */
#include "kickstart/ks_table.h"

static const char *const bootloader_locations[] = { "mbr", "partition", "none", "boot", NULL };
static const char *const logging_levels[] = {
	"debug", "info", "warning", "error", "critical", NULL,
};
static const char *const network_bindto[] = { "mac", NULL };
static const char *const network_bootprotos[] = {
	"dhcp", "bootp", "static", "query", "ibft", NULL,
};

const struct ks_option ks_opts_autostep[] = {
	{ .names = { "--autoscreenshot" }, .type = KS_ARG_FLAG, .ok = UNTIL(RHEL8) },
	{ .names = { NULL } },
};

const struct ks_option ks_opts_bootloader[] = {
	{ .names = { "--append" }, .type = KS_ARG_STRING, .ok = ALL },
	{ .names = { "--location" }, .type = KS_ARG_CHOICE, .choices = bootloader_locations,
	  .ok = ALL },
	{ .names = { "--password" }, .type = KS_ARG_STRING, .ok = ALL },
	{ .names = { "--upgrade" }, .type = KS_ARG_FLAG, .ok = UNTIL(RHEL7),
	  .depr = ONLY(RHEL8) },
	{ .names = { "--driveorder" }, .type = KS_ARG_LIST, .ok = ALL },
	{ .names = { "--timeout" }, .type = KS_ARG_INT, .ok = ALL },
	{ .names = { "--default" }, .type = KS_ARG_STRING, .ok = ALL },
	{ .names = { "--lba32" }, .type = KS_ARG_FLAG, .depr = ONLY(RHEL6) },
	{ .names = { "--iscrypted" }, .type = KS_ARG_FLAG, .ok = ALL },
	{ .names = { "--md5pass" }, .type = KS_ARG_STRING, .ok = ALL },
	{ .names = { "--boot-drive" }, .type = KS_ARG_STRING, .ok = SINCE(RHEL7) },
	{ .names = { "--leavebootorder" }, .type = KS_ARG_FLAG, .ok = SINCE(RHEL7) },
	{ .names = { "--extlinux" }, .type = KS_ARG_FLAG, .ok = SINCE(RHEL7) },
	{ .names = { "--disabled" }, .type = KS_ARG_FLAG, .ok = SINCE(RHEL7) },
	{ .names = { "--nombr" }, .type = KS_ARG_FLAG, .ok = SINCE(RHEL7) },
	{ .names = { "--sdboot" }, .type = KS_ARG_FLAG, .ok = ONLY(F40) },
	{ .names = { NULL } },
};

const struct ks_option ks_opts_displaymode[] = {
	{ .names = { "--non-interactive" }, .type = KS_ARG_FLAG, .ok = SINCE(RHEL8) },
	{ .names = { NULL } },
};

const struct ks_option ks_opts_device[] = {
	{ .names = { "--opts" }, .type = KS_ARG_STRING, .ok = UNTIL(RHEL7) },
	{ .names = { NULL } },
};

const struct ks_option ks_opts_driverdisk[] = {
	{ .names = { "--source" }, .type = KS_ARG_STRING, .ok = ALL },
	{ .names = { "--biospart" }, .type = KS_ARG_STRING, .ok = ALL },
	{ .names = { "--type" }, .type = KS_ARG_STRING, .depr = ONLY(RHEL6) },
	{ .names = { NULL } },
};

const struct ks_option ks_opts_eula[] = {
	{ .names = { "--agreed", "--agree", "--accepted", "--accept" }, .type = KS_ARG_FLAG,
	  .ok = SINCE(RHEL7) },
	{ .names = { NULL } },
};

const struct ks_option ks_opts_firewall[] = {
	{ .names = { "--disable", "--disabled" }, .type = KS_ARG_FLAG, .ok = ALL },
	{ .names = { "--enable", "--enabled" }, .type = KS_ARG_FLAG, .ok = ALL },
	{ .names = { "--port" }, .type = KS_ARG_STRING, .flags = KS_OPT_APPEND, .ok = ALL },
	{ .names = { "--trust" }, .type = KS_ARG_STRING, .flags = KS_OPT_APPEND, .ok = ALL },
	{ .names = { "--service" }, .type = KS_ARG_LIST, .flags = KS_OPT_APPEND, .ok = ALL },
	{ .names = { "--ftp" }, .type = KS_ARG_FLAG, .ok = ALL },
	{ .names = { "--http" }, .type = KS_ARG_FLAG, .ok = ALL },
	{ .names = { "--smtp" }, .type = KS_ARG_FLAG, .ok = ALL },
	{ .names = { "--ssh" }, .type = KS_ARG_FLAG, .ok = ALL },
	{ .names = { "--telnet" }, .type = KS_ARG_STRING, .depr = ONLY(RHEL6) },
	{ .names = { "--remove-service" }, .type = KS_ARG_LIST, .flags = KS_OPT_APPEND,
	  .ok = SINCE(RHEL7) },
	{ .names = { "--use-system-defaults" }, .type = KS_ARG_FLAG, .ok = SINCE(RHEL8) },
	{ .names = { NULL } },
};

const struct ks_option ks_opts_firstboot[] = {
	{ .names = { "--disable", "--disabled" }, .type = KS_ARG_FLAG, .ok = ALL },
	{ .names = { "--enable", "--enabled" }, .type = KS_ARG_FLAG, .ok = ALL },
	{ .names = { "--reconfig" }, .type = KS_ARG_FLAG, .ok = ALL },
	{ .names = { NULL } },
};

const struct ks_option ks_opts_group[] = {
	{ .names = { "--name" }, .type = KS_ARG_STRING, .ok = ALL, .required = ALL },
	{ .names = { "--gid" }, .type = KS_ARG_INT, .ok = ALL },
	{ .names = { NULL } },
};

const struct ks_option ks_opts_reboot[] = {
	{ .names = { "--eject" }, .type = KS_ARG_FLAG, .ok = ALL },
	{ .names = { "--kexec" }, .type = KS_ARG_FLAG, .ok = SINCE(RHEL8) },
	{ .names = { NULL } },
};

const struct ks_option ks_opts_harddrive[] = {
	{ .names = { "--biospart" }, .type = KS_ARG_STRING, .ok = UNTIL(RHEL8) },
	{ .names = { "--partition" }, .type = KS_ARG_STRING, .ok = ALL,
	  .required = SINCE(RHEL9) },
	{ .names = { "--dir" }, .type = KS_ARG_STRING, .ok = ALL, .required = ALL },
	{ .names = { NULL } },
};

const struct ks_option ks_opts_install[] = {
	{ .names = { "--root-device" }, .type = KS_ARG_STRING, .ok = UNTIL(RHEL7) },
	{ .names = { NULL } },
};

const struct ks_option ks_opts_key[] = {
	{ .names = { "--skip" }, .type = KS_ARG_FLAG, .ok = ONLY(RHEL6) },
	{ .names = { NULL } },
};

const struct ks_option ks_opts_keyboard[] = {
	{ .names = { "--vckeymap" }, .type = KS_ARG_STRING, .ok = SINCE(RHEL7) },
	{ .names = { "--xlayouts" }, .type = KS_ARG_LIST, .ok = SINCE(RHEL7) },
	{ .names = { "--switch" }, .type = KS_ARG_LIST, .ok = SINCE(RHEL7) },
	{ .names = { NULL } },
};

const struct ks_option ks_opts_lang[] = {
	{ .names = { "--addsupport" }, .type = KS_ARG_LIST, .ok = SINCE(RHEL7) },
	{ .names = { NULL } },
};

const struct ks_option ks_opts_liveimg[] = {
	{ .names = { "--url" }, .type = KS_ARG_STRING, .ok = SINCE(RHEL7),
	  .required = SINCE(RHEL7) },
	{ .names = { "--proxy" }, .type = KS_ARG_STRING, .ok = SINCE(RHEL7) },
	{ .names = { "--noverifyssl" }, .type = KS_ARG_FLAG, .ok = SINCE(RHEL7) },
	{ .names = { "--checksum" }, .type = KS_ARG_STRING, .ok = SINCE(RHEL7) },
	{ .names = { NULL } },
};

const struct ks_option ks_opts_logging[] = {
	{ .names = { "--host" }, .type = KS_ARG_STRING, .ok = ALL },
	{ .names = { "--port" }, .type = KS_ARG_STRING, .ok = ALL },
	{ .names = { "--level" }, .type = KS_ARG_CHOICE, .choices = logging_levels,
	  .ok = UNTIL(RHEL8) },
	/* RHEL9 re-declares it as a deprecated plain string: any value only
	 * draws the deprecation */
	{ .names = { "--level" }, .type = KS_ARG_STRING, .depr = ONLY(RHEL9) },
	{ .names = { NULL } },
};

const struct ks_option ks_opts_module[] = {
	{ .names = { "--name" }, .type = KS_ARG_STRING, .ok = SINCE(RHEL8),
	  .required = SINCE(RHEL8) },
	{ .names = { "--stream" }, .type = KS_ARG_STRING, .ok = SINCE(RHEL8) },
	{ .names = { "--disable" }, .type = KS_ARG_FLAG, .ok = SINCE(RHEL8) },
	{ .names = { NULL } },
};

const struct ks_option ks_opts_network[] = {
	{ .names = { "--bootproto" }, .type = KS_ARG_CHOICE, .choices = network_bootprotos,
	  .ok = ALL },
	{ .names = { "--dhcpclass" }, .type = KS_ARG_STRING, .ok = ALL },
	{ .names = { "--device" }, .type = KS_ARG_STRING, .ok = ALL },
	{ .names = { "--essid" }, .type = KS_ARG_STRING, .ok = ALL },
	{ .names = { "--ethtool" }, .type = KS_ARG_STRING, .ok = ALL },
	{ .names = { "--gateway" }, .type = KS_ARG_STRING, .ok = ALL },
	{ .names = { "--hostname" }, .type = KS_ARG_STRING, .ok = ALL },
	{ .names = { "--ip" }, .type = KS_ARG_STRING, .ok = ALL },
	{ .names = { "--mtu" }, .type = KS_ARG_STRING, .ok = ALL },
	{ .names = { "--nameserver" }, .type = KS_ARG_STRING, .ok = ALL },
	{ .names = { "--netmask" }, .type = KS_ARG_STRING, .ok = ALL },
	{ .names = { "--nodns" }, .type = KS_ARG_FLAG, .ok = ALL },
	{ .names = { "--onboot" }, .type = KS_ARG_BOOL, .ok = ALL },
	{ .names = { "--wepkey" }, .type = KS_ARG_STRING, .ok = ALL },
	{ .names = { "--notksdevice" }, .type = KS_ARG_FLAG, .ok = ALL },
	{ .names = { "--noipv4" }, .type = KS_ARG_FLAG, .ok = ALL },
	{ .names = { "--noipv6" }, .type = KS_ARG_FLAG, .ok = ALL },
	{ .names = { "--ipv6" }, .type = KS_ARG_STRING, .ok = ALL },
	{ .names = { "--activate" }, .type = KS_ARG_FLAG, .ok = ALL },
	{ .names = { "--nodefroute" }, .type = KS_ARG_FLAG, .ok = ALL },
	{ .names = { "--vlanid" }, .type = KS_ARG_STRING, .ok = ALL },
	{ .names = { "--bondslaves" }, .type = KS_ARG_STRING, .ok = ALL },
	{ .names = { "--bondopts" }, .type = KS_ARG_STRING, .ok = ALL },
	{ .names = { "--wpakey" }, .type = KS_ARG_STRING, .ok = SINCE(RHEL7) },
	{ .names = { "--ipv6gateway" }, .type = KS_ARG_STRING, .ok = SINCE(RHEL7) },
	{ .names = { "--teamslaves" }, .type = KS_ARG_STRING, .ok = SINCE(RHEL7) },
	{ .names = { "--teamconfig" }, .type = KS_ARG_STRING, .ok = SINCE(RHEL7) },
	{ .names = { "--interfacename" }, .type = KS_ARG_STRING, .ok = SINCE(RHEL7) },
	{ .names = { "--bridgeslaves" }, .type = KS_ARG_STRING, .ok = SINCE(RHEL7) },
	{ .names = { "--bridgeopts" }, .type = KS_ARG_STRING, .ok = SINCE(RHEL7) },
	{ .names = { "--no-activate" }, .type = KS_ARG_FLAG, .ok = SINCE(RHEL7) },
	{ .names = { "--bindto" }, .type = KS_ARG_CHOICE, .choices = network_bindto,
	  .ok = SINCE(RHEL7) },
	{ .names = { "--ipv4-dns-search" }, .type = KS_ARG_STRING, .ok = SINCE(RHEL9) },
	{ .names = { "--ipv6-dns-search" }, .type = KS_ARG_STRING, .ok = SINCE(RHEL9) },
	{ .names = { "--ipv4-ignore-auto-dns" }, .type = KS_ARG_FLAG, .ok = SINCE(RHEL9) },
	{ .names = { "--ipv6-ignore-auto-dns" }, .type = KS_ARG_FLAG, .ok = SINCE(RHEL9) },
	{ .names = { NULL } },
};

const struct ks_option ks_opts_nfs[] = {
	{ .names = { "--server" }, .type = KS_ARG_STRING, .ok = ALL, .required = ALL },
	{ .names = { "--dir" }, .type = KS_ARG_STRING, .ok = ALL, .required = ALL },
	{ .names = { "--opts" }, .type = KS_ARG_STRING, .ok = ALL },
	{ .names = { NULL } },
};

const struct ks_option ks_opts_ostreecontainer[] = {
	{ .names = { "--stateroot" }, .type = KS_ARG_STRING, .ok = SINCE(RHEL9) },
	{ .names = { "--url" }, .type = KS_ARG_STRING, .ok = SINCE(RHEL9),
	  .required = SINCE(RHEL9) },
	{ .names = { "--transport" }, .type = KS_ARG_STRING, .ok = SINCE(RHEL9) },
	{ .names = { "--remote" }, .type = KS_ARG_STRING, .ok = SINCE(RHEL9) },
	{ .names = { "--no-signature-verification" }, .type = KS_ARG_FLAG, .ok = SINCE(RHEL9) },
	{ .names = { NULL } },
};

const struct ks_option ks_opts_ostreesetup[] = {
	{ .names = { "--osname" }, .type = KS_ARG_STRING, .ok = SINCE(RHEL7),
	  .required = SINCE(RHEL7) },
	{ .names = { "--remote" }, .type = KS_ARG_STRING, .ok = SINCE(RHEL7) },
	{ .names = { "--url" }, .type = KS_ARG_STRING, .ok = SINCE(RHEL7),
	  .required = SINCE(RHEL7) },
	{ .names = { "--ref" }, .type = KS_ARG_STRING, .ok = SINCE(RHEL7),
	  .required = SINCE(RHEL7) },
	{ .names = { "--nogpg" }, .type = KS_ARG_FLAG, .ok = SINCE(RHEL7) },
	{ .names = { NULL } },
};

const struct ks_option ks_opts_repo[] = {
	{ .names = { "--name" }, .type = KS_ARG_STRING, .ok = ALL, .required = ALL },
	{ .names = { "--baseurl" }, .type = KS_ARG_STRING, .ok = ALL },
	{ .names = { "--mirrorlist" }, .type = KS_ARG_STRING, .ok = ALL },
	{ .names = { "--cost" }, .type = KS_ARG_INT, .ok = ALL },
	{ .names = { "--excludepkgs" }, .type = KS_ARG_LIST, .ok = ALL },
	{ .names = { "--includepkgs" }, .type = KS_ARG_LIST, .ok = ALL },
	{ .names = { "--ignoregroups" }, .type = KS_ARG_BOOL, .ok = UNTIL(RHEL8),
	  .depr = ONLY(RHEL9) },
	{ .names = { "--proxy" }, .type = KS_ARG_STRING, .ok = ALL },
	{ .names = { "--noverifyssl" }, .type = KS_ARG_FLAG, .ok = ALL },
	{ .names = { "--install" }, .type = KS_ARG_FLAG, .ok = SINCE(RHEL7) },
	{ .names = { "--metalink" }, .type = KS_ARG_STRING, .ok = SINCE(RHEL8) },
	{ .names = { "--sslcacert" }, .type = KS_ARG_STRING, .ok = SINCE(RHEL8) },
	{ .names = { "--sslclientcert" }, .type = KS_ARG_STRING, .ok = SINCE(RHEL8) },
	{ .names = { "--sslclientkey" }, .type = KS_ARG_STRING, .ok = SINCE(RHEL8) },
	{ .names = { NULL } },
};

const struct ks_option ks_opts_rescue[] = {
	{ .names = { "--nomount" }, .type = KS_ARG_FLAG, .ok = ALL },
	{ .names = { "--romount" }, .type = KS_ARG_FLAG, .ok = ALL },
	{ .names = { NULL } },
};

const struct ks_option ks_opts_rhsm[] = {
	{ .names = { "--organization" }, .type = KS_ARG_STRING, .ok = RANGE(RHEL8, RHEL9),
	  .required = RANGE(RHEL8, RHEL9) },
	{ .names = { "--activation-key" }, .type = KS_ARG_STRING, .flags = KS_OPT_APPEND,
	  .ok = RANGE(RHEL8, RHEL9), .required = RANGE(RHEL8, RHEL9) },
	{ .names = { "--connect-to-insights" }, .type = KS_ARG_FLAG,
	  .ok = RANGE(RHEL8, RHEL9) },
	{ .names = { "--proxy" }, .type = KS_ARG_STRING, .ok = RANGE(RHEL8, RHEL9) },
	{ .names = { "--server-hostname" }, .type = KS_ARG_STRING, .ok = RANGE(RHEL8, RHEL9) },
	{ .names = { "--rhsm-baseurl" }, .type = KS_ARG_STRING, .ok = RANGE(RHEL8, RHEL9) },
	{ .names = { NULL } },
};

const struct ks_option ks_opts_rootpw[] = {
	{ .names = { "--iscrypted" }, .type = KS_ARG_FLAG, .ok = ALL },
	{ .names = { "--lock" }, .type = KS_ARG_FLAG, .ok = ALL },
	{ .names = { "--plaintext" }, .type = KS_ARG_FLAG, .ok = ALL },
	{ .names = { "--allow-ssh" }, .type = KS_ARG_FLAG, .ok = SINCE(RHEL9) },
	{ .names = { NULL } },
};

const struct ks_option ks_opts_selinux[] = {
	{ .names = { "--disabled" }, .type = KS_ARG_FLAG, .ok = ALL },
	{ .names = { "--enforcing" }, .type = KS_ARG_FLAG, .ok = ALL },
	{ .names = { "--permissive" }, .type = KS_ARG_FLAG, .ok = ALL },
	{ .names = { NULL } },
};

const struct ks_option ks_opts_services[] = {
	{ .names = { "--disabled" }, .type = KS_ARG_LIST, .ok = ALL },
	{ .names = { "--enabled" }, .type = KS_ARG_LIST, .ok = ALL },
	{ .names = { NULL } },
};

const struct ks_option ks_opts_sshkey[] = {
	{ .names = { "--username" }, .type = KS_ARG_STRING, .ok = SINCE(RHEL8),
	  .required = SINCE(RHEL8) },
	{ .names = { NULL } },
};

const struct ks_option ks_opts_sshpw[] = {
	{ .names = { "--username" }, .type = KS_ARG_STRING, .ok = ALL, .required = ALL },
	{ .names = { "--iscrypted" }, .type = KS_ARG_FLAG, .ok = ALL },
	{ .names = { "--plaintext" }, .type = KS_ARG_FLAG, .ok = ALL },
	{ .names = { "--lock" }, .type = KS_ARG_FLAG, .ok = ALL },
	{ .names = { "--sshkey" }, .type = KS_ARG_FLAG, .ok = SINCE(RHEL8) },
	{ .names = { NULL } },
};

const struct ks_option ks_opts_syspurpose[] = {
	{ .names = { "--role" }, .type = KS_ARG_STRING, .ok = RANGE(RHEL8, RHEL9) },
	{ .names = { "--sla" }, .type = KS_ARG_STRING, .ok = RANGE(RHEL8, RHEL9) },
	{ .names = { "--usage" }, .type = KS_ARG_STRING, .ok = RANGE(RHEL8, RHEL9) },
	{ .names = { "--addon" }, .type = KS_ARG_STRING, .flags = KS_OPT_APPEND,
	  .ok = RANGE(RHEL8, RHEL9) },
	{ .names = { NULL } },
};

const struct ks_option ks_opts_timesource[] = {
	{ .names = { "--ntp-server" }, .type = KS_ARG_STRING, .ok = SINCE(RHEL9) },
	{ .names = { "--ntp-pool" }, .type = KS_ARG_STRING, .ok = SINCE(RHEL9) },
	{ .names = { "--ntp-disable" }, .type = KS_ARG_FLAG, .ok = SINCE(RHEL9) },
	{ .names = { "--nts" }, .type = KS_ARG_FLAG, .ok = SINCE(RHEL9) },
	{ .names = { NULL } },
};

/* --utc and --isUtc are one option up to RHEL7 and two from RHEL8 (which
 * changes what a prefix such as "--" resolves to); RHEL9's parser warns about
 * --isUtc, --nontp and --ntpservers, F40's argparse marks them deprecated. */
const struct ks_option ks_opts_timezone[] = {
	{ .names = { "--utc", "--isUtc" }, .type = KS_ARG_FLAG, .ok = UNTIL(RHEL7) },
	{ .names = { "--nontp" }, .type = KS_ARG_FLAG, .ok = RANGE(RHEL7, RHEL8),
	  .depr = SINCE(RHEL9), .replacement = "timesource --ntp-disable" },
	{ .names = { "--ntpservers" }, .type = KS_ARG_LIST, .ok = RANGE(RHEL7, RHEL8),
	  .depr = SINCE(RHEL9), .replacement = "timesource --ntp-server" },
	{ .names = { "--utc" }, .type = KS_ARG_FLAG, .ok = SINCE(RHEL8) },
	{ .names = { "--isUtc" }, .type = KS_ARG_FLAG, .ok = ONLY(RHEL8), .depr = SINCE(RHEL9),
	  .replacement = "--utc" },
	{ .names = { NULL } },
};

const struct ks_option ks_opts_upgrade[] = {
	{ .names = { "--root-device" }, .type = KS_ARG_STRING, .ok = ONLY(RHEL6) },
	{ .names = { NULL } },
};

/* From RHEL7 exactly one of --url/--mirrorlist/--metalink is required, a
 * semantic check (ks_check_sem.c), not argparse's "required". */
const struct ks_option ks_opts_url[] = {
	{ .names = { "--url" }, .type = KS_ARG_STRING, .ok = ALL, .required = ONLY(RHEL6) },
	{ .names = { "--proxy" }, .type = KS_ARG_STRING, .ok = ALL },
	{ .names = { "--noverifyssl" }, .type = KS_ARG_FLAG, .ok = ALL },
	{ .names = { "--mirrorlist" }, .type = KS_ARG_STRING, .ok = SINCE(RHEL7) },
	{ .names = { "--metalink" }, .type = KS_ARG_STRING, .ok = SINCE(RHEL8) },
	{ .names = { "--sslcacert" }, .type = KS_ARG_STRING, .ok = SINCE(RHEL8) },
	{ .names = { "--sslclientcert" }, .type = KS_ARG_STRING, .ok = SINCE(RHEL8) },
	{ .names = { "--sslclientkey" }, .type = KS_ARG_STRING, .ok = SINCE(RHEL8) },
	{ .names = { NULL } },
};

const struct ks_option ks_opts_user[] = {
	{ .names = { "--groups" }, .type = KS_ARG_LIST, .ok = ALL },
	{ .names = { "--homedir" }, .type = KS_ARG_STRING, .ok = ALL },
	{ .names = { "--iscrypted" }, .type = KS_ARG_FLAG, .ok = ALL },
	{ .names = { "--name" }, .type = KS_ARG_STRING, .ok = ALL, .required = ALL },
	{ .names = { "--password" }, .type = KS_ARG_STRING, .ok = ALL },
	{ .names = { "--shell" }, .type = KS_ARG_STRING, .ok = ALL },
	{ .names = { "--uid" }, .type = KS_ARG_INT, .ok = ALL },
	{ .names = { "--lock" }, .type = KS_ARG_FLAG, .ok = ALL },
	{ .names = { "--plaintext" }, .type = KS_ARG_FLAG, .ok = ALL },
	{ .names = { "--gecos" }, .type = KS_ARG_STRING, .ok = ALL },
	{ .names = { "--gid" }, .type = KS_ARG_INT, .ok = SINCE(RHEL7) },
	{ .names = { NULL } },
};

const struct ks_option ks_opts_vnc[] = {
	{ .names = { "--password" }, .type = KS_ARG_STRING, .ok = ALL },
	{ .names = { "--host" }, .type = KS_ARG_STRING, .ok = ALL },
	{ .names = { "--port" }, .type = KS_ARG_STRING, .ok = ALL },
	{ .names = { NULL } },
};

const struct ks_option ks_opts_xconfig[] = {
	{ .names = { "--defaultdesktop" }, .type = KS_ARG_STRING, .ok = ALL },
	{ .names = { "--startxonboot" }, .type = KS_ARG_FLAG, .ok = ALL },
	{ .names = { "--driver" }, .type = KS_ARG_STRING, .depr = ONLY(RHEL6) },
	{ .names = { "--depth" }, .type = KS_ARG_STRING, .depr = ONLY(RHEL6) },
	{ .names = { "--resolution" }, .type = KS_ARG_STRING, .depr = ONLY(RHEL6) },
	{ .names = { "--videoram" }, .type = KS_ARG_STRING, .depr = ONLY(RHEL6) },
	{ .names = { NULL } },
};

const struct ks_option ks_opts_zipl[] = {
	{ .names = { "--secure-boot" }, .type = KS_ARG_FLAG, .ok = SINCE(RHEL8) },
	{ .names = { "--force-secure-boot" }, .type = KS_ARG_FLAG, .ok = SINCE(RHEL8) },
	{ .names = { "--no-secure-boot" }, .type = KS_ARG_FLAG, .ok = SINCE(RHEL8) },
	{ .names = { NULL } },
};
