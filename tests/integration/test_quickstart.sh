#!/bin/bash
# `pxed serve` without a config file: the quick-start flags. Subnet and
# netmask come from the interface, next-server is its address, the router
# is its default gateway; --dhcp-range, --dns, --domain, --boot-file and
# --proxy-dhcp do what they say; without --dhcp-range the pool is the upper
# half of the subnet. Bad flags exit 2 with a message naming the flag.
. "$(dirname "$0")/lib.sh"
lab_init "$@"
need_probe
command -v busybox >/dev/null 2>&1 || skip "busybox not installed"
lab_setup
ip -n "$NS_SRV" route add default via 198.18.0.254 dev "$SRV_IF"

pxed_start --interface "$SRV_IF" --dhcp-range 198.18.0.120,198.18.0.129 --dns 198.18.0.53 \
	--domain quick.example --boot-file bios=lpxelinux.0 --boot-file efi-x64=shimx64.efi \
	--state-dir "$WORK/state" --user "" --log-level debug
dump=$WORK/q.env
run_udhcpc "$NS_CLI" "$dump"
expect_eq "udhcpc exit status" "$?" 0
expect_match "address from --dhcp-range" "$(dump_get "$dump" ip)" '^198\.18\.0\.12[0-9]$'
expect_eq "netmask from the interface" "$(dump_get "$dump" subnet)" 255.255.255.0
expect_eq "router: the interface's default gateway" "$(dump_get "$dump" router)" 198.18.0.254
expect_eq "dns from --dns" "$(dump_get "$dump" dns)" 198.18.0.53
expect_eq "domain from --domain" "$(dump_get "$dump" domain)" quick.example
expect_eq "next-server: the interface's address" "$(dump_get "$dump" siaddr)" 198.18.0.1
expect_eq "boot file from --boot-file bios=" "$(dump_get "$dump" boot_file)" lpxelinux.0
out=$(probe "$NS_CLI" --interface "$CLI_IF" --mac 52:54:00:dd:00:07 --type discover --arch 7)
expect_eq "UEFI x64 boot file from --boot-file efi-x64=" "$(kv file "$out")" shimx64.efi
pxed_stop TERM
expect_eq "exit status after SIGTERM" "$PXED_EXIT" 0

# No --dhcp-range: the upper half of 198.18.0.0/24, leaving .1 alone.
rm -rf "$WORK/state"
pxed_start --interface "$SRV_IF" --state-dir "$WORK/state" --user ""
run_udhcpc "$NS_CLI" "$dump"
expect_eq "udhcpc exit status (default range)" "$?" 0
expect_match "address from the default range" "$(dump_get "$dump" ip)" '^198\.18\.0\.(12[89]|1[3-9][0-9]|2[0-4][0-9]|25[0-4])$'
pxed_stop TERM

# --proxy-dhcp: boot information only.
pxed_start --interface "$SRV_IF" --proxy-dhcp --state-dir "$WORK/state" --user ""
out=$(probe "$NS_CLI" --interface "$CLI_IF" --mac 52:54:00:dd:00:08 --type discover --arch 0)
expect_eq "proxy OFFER yiaddr" "$(kv yiaddr "$out")" 0.0.0.0
expect_eq "proxy OFFER boot file (default)" "$(kv file "$out")" pxelinux.0
probe "$NS_CLI" --interface "$CLI_IF" --mac 52:54:00:dd:00:09 --type discover --timeout-ms 1500 >/dev/null
expect_eq "plain DISCOVER ignored in proxy mode (probe exit)" "$?" 1
pxed_stop TERM

# Bad flags: exit 2, the flag named.
msg=$("$PXED" serve --interface "$SRV_IF" --boot-file arm=x.efi 2>&1)
expect_eq "unknown --boot-file arch exit" "$?" 2
expect_match "unknown --boot-file arch message" "$msg" "unknown architecture 'arm'"
msg=$("$PXED" serve --http-port 99999 2>&1)
expect_eq "bad --http-port exit" "$?" 2
expect_match "bad --http-port message" "$msg" "--http-port 99999"
msg=$(ip netns exec "$NS_SRV" "$PXED" serve --interface "$SRV_IF" --dhcp-range 198.18.1.1,198.18.1.9 \
	--state-dir "$WORK/state" 2>&1)
expect_eq "range outside the subnet exit" "$?" 1
expect_match "range outside the subnet message" "$msg" "inside 198.18.0.0/24"
msg=$("$PXED" serve --interface pxd-no-such-if 2>&1)
expect_eq "missing interface exit" "$?" 1
expect_match "missing interface message" "$msg" "pxd-no-such-if"
finish
