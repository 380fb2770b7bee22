#!/bin/bash
# Migration from ISC dhcpd: `pxed import-dhcpd` turns a classic PXE
# dhcpd.conf into pxed's configuration, lists what it does not carry over,
# and pxed serving that result gives clients what dhcpd would have.
. "$(dirname "$0")/lib.sh"
lab_init "$@"
command -v busybox >/dev/null 2>&1 || skip "busybox not installed"
lab_setup bridge
lab_add_client node07 52:54:00:12:34:07
cat >"$WORK/dhcpd.conf" <<'EOF_CONF'
ddns-update-style interim;
ignore client-updates;
option domain-name "lab.example";
option domain-name-servers 198.18.0.1, 198.18.0.53;
default-lease-time 21600;
max-lease-time 43200;
log-facility local7;
allow booting;
allow bootp;
authoritative;

subnet 198.18.0.0 netmask 255.255.255.0 {
    range 198.18.0.100 198.18.0.199;
    option routers 198.18.0.1;
    option subnet-mask 255.255.255.0;
    option broadcast-address 198.18.0.255;
    filename "pxelinux.0";
    next-server 198.18.0.10;
}

host node07 {
    hardware ethernet 52:54:00:12:34:07;
    fixed-address 198.18.0.7;
}
EOF_CONF
"$PXED" import-dhcpd -o "$WORK/imported.yaml" "$WORK/dhcpd.conf" 2>"$WORK/import.report"
expect_eq "import-dhcpd exit status" "$?" 0
sed 's/^/  report| /' "$WORK/import.report"
expect_match "report names what is not carried over" "$(cat "$WORK/import.report")" \
	"dhcpd.conf:1: not carried over: ddns-update-style"
expect_match "report names log-facility" "$(cat "$WORK/import.report")" "dhcpd.conf:7: .*log-facility"
"$PXED" check-config "$WORK/imported.yaml" >/dev/null
expect_eq "imported configuration checks" "$?" 0

# Serve it in the lab: the imported file has no interfaces or state dir.
{
	printf 'state_dir: %s\nuser: ""\n' "$WORK/state"
	sed -e '/^state_dir:/d' -e '/^user:/d' "$WORK/imported.yaml"
} >"$WORK/pxed.yaml"
sed -i "s/^dhcp:\$/dhcp:\n  interfaces: [$SRV_IF]/" "$WORK/pxed.yaml"
pxed_start --config "$WORK/pxed.yaml"
dump=$WORK/a.env
run_udhcpc "$NS_CLI" "$dump"
expect_eq "udhcpc exit status" "$?" 0
expect_match "pool address" "$(dump_get "$dump" ip)" '^198\.18\.0\.1[0-9][0-9]$'
expect_eq "router" "$(dump_get "$dump" router)" 198.18.0.1
expect_eq "dns" "$(dump_get "$dump" dns)" "198.18.0.1 198.18.0.53"
expect_eq "domain" "$(dump_get "$dump" domain)" lab.example
expect_eq "boot file" "$(dump_get "$dump" boot_file)" pxelinux.0
expect_eq "next-server" "$(dump_get "$dump" siaddr)" 198.18.0.10
expect_eq "lease time" "$(dump_get "$dump" lease)" 21600
run_udhcpc "$LAB-node07" "$dump"
expect_eq "static host address" "$(dump_get "$dump" ip)" 198.18.0.7
finish
