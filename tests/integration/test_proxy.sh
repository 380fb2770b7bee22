#!/bin/bash
# proxyDHCP (dhcp.proxy: true), beside some other DHCP server: PXE clients
# get boot information only (yiaddr 0.0.0.0, option 60 PXEClient, boot
# file); non-PXE clients get no answer at all; the boot server port 4011
# answers a REQUEST with an ACK.
. "$(dirname "$0")/lib.sh"
lab_init "$@"
need_probe
lab_setup
# The client already has an address (from "the other" DHCP server) for the
# port 4011 exchange, which is unicast.
lab_client_addr "$NS_CLI" 198.18.0.9/24
write_config "$WORK/pxed.yaml" proxy
pxed_start --config "$WORK/pxed.yaml"

mac=52:54:00:cc:00:01
out=$(probe "$NS_CLI" --interface "$CLI_IF" --mac "$mac" --type discover --arch 0)
rc=$?
expect_eq "PXE DISCOVER (BIOS): probe exit status" "$rc" 0
printf '%s\n' "$out" | sed 's/^/  probe| /'
expect_eq "proxy OFFER type" "$(kv type "$out")" OFFER
expect_eq "proxy OFFER yiaddr" "$(kv yiaddr "$out")" 0.0.0.0
expect_eq "proxy OFFER option 60" "$(kv opt60 "$out")" PXEClient
expect_eq "proxy OFFER boot file" "$(kv file "$out")" pxelinux.0
expect_eq "proxy OFFER next-server" "$(kv siaddr "$out")" 198.18.0.1
expect_eq "proxy OFFER server id" "$(kv opt54 "$out")" 198.18.0.1
[ -z "$(kv opt51 "$out")" ] || fail "proxy OFFER carries a lease time (option 51)"
[ -z "$(kv opt3 "$out")" ] || fail "proxy OFFER carries a router (option 3)"

out=$(probe "$NS_CLI" --interface "$CLI_IF" --mac 52:54:00:cc:00:02 --type discover --arch 7)
expect_eq "PXE DISCOVER (x64 UEFI): probe exit status" "$?" 0
expect_eq "proxy OFFER (x64 UEFI) boot file" "$(kv file "$out")" syslinux.efi
expect_eq "proxy OFFER (x64 UEFI) yiaddr" "$(kv yiaddr "$out")" 0.0.0.0

# A plain client is none of a proxy's business.
out=$(probe "$NS_CLI" --interface "$CLI_IF" --mac 52:54:00:cc:00:03 --type discover --timeout-ms 3000)
rc=$?
expect_eq "plain DISCOVER: probe exit status (1 = no reply)" "$rc" 1
[ -n "$out" ] && printf '%s\n' "$out" | sed 's/^/  unexpected reply| /'

# PXE boot server: REQUEST unicast to port 4011 from the client's address.
out=$(probe "$NS_CLI" --server "$SRV_IP" --port 4011 --mac "$mac" --type request --arch 0 \
	--ciaddr 198.18.0.9)
rc=$?
expect_eq "REQUEST to 4011: probe exit status" "$rc" 0
printf '%s\n' "$out" | sed 's/^/  probe| /'
expect_eq "4011 reply type" "$(kv type "$out")" ACK
expect_eq "4011 reply boot file" "$(kv file "$out")" pxelinux.0
expect_eq "4011 reply option 60" "$(kv opt60 "$out")" PXEClient
expect_eq "4011 reply source" "$(kv src "$out")" 198.18.0.1:4011

# A proxy hands out no addresses, so it stores no leases.
leases=$(pxed_leases "$WORK/state" 2>&1)
expect_eq "no leases in proxy mode" "$(printf '%s' "$leases" | grep -c .)" 0

pxed_alive || fail "pxed died during the test"
finish
