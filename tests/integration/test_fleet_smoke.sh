#!/bin/bash
# The fleet simulator (bench/fleet) against pxed, small enough for every
# `make check`: 5 machines install at once through the relay path (DHCP
# with PXE options, lpxelinux.0 and ldlinux.c32 over TFTP, the per-host
# config, kernel and initrd over HTTP, the kickstart by
# X-RHN-Provisioning-MAC-0, the tree's metadata, pxed's callbacks), and pxed
# records each host's whole timeline. A second run finds the hosts
# installed: their configs boot the local disk, and the simulator says so
# per client. Keeps the simulator from rotting; the benchmark is
# bench/fleet/run.sh.
#
#   server ns  pxs0 198.18.0.1/24     route 198.18.64.0/24 via 198.18.0.2
#   client ns  pxc0 198.18.0.2/24     198.18.64.0/24 local, relay at .64.1
. "$(dirname "$0")/lib.sh"
lab_init "$@"
FLEET=$(build_tool bench/pxed-fleet)
[ -n "$FLEET" ] || skip "pxed-fleet not built at $BUILD_ROOT/bench/"
[ -f /usr/lib/PXELINUX/lpxelinux.0 ] || skip "lpxelinux.0 missing (package pxelinux)"
[ -f /usr/lib/syslinux/modules/bios/ldlinux.c32 ] || skip "ldlinux.c32 missing (package syslinux-common)"
need_cmd curl curl
lab_setup
lab_client_addr "$NS_CLI" 198.18.0.2/24
in_ns "$NS_CLI" ip route add local 198.18.64.0/24 dev lo || die "cannot route the relay subnet locally"
in_ns "$NS_SRV" ip route add 198.18.64.0/24 via 198.18.0.2 || die "cannot route the relay subnet"

KERNEL=262144
INITRD=1048576
sh "$(dirname "$0")/../tools/make-tree.sh" rocky9 "$WORK/tree" --kernel-size $KERNEL --initrd-size $INITRD \
	--stage2-size 0 --packages 1 >/dev/null || die "make-tree rocky9"
STATE=$WORK/state
pxed() { "$PXED" "$@" --state-dir "$STATE"; }
pxed distro import "$WORK/tree" --name rocky9 >/dev/null || die "distro import"
write_el9_ks "$WORK/fleet.ks"
pxed profile add fleet --distro rocky9 --kickstart "$WORK/fleet.ks" >/dev/null || die "profile add"
"$FLEET" --list-macs --count 5 >"$WORK/macs" || die "pxed-fleet --list-macs"
i=0
while read -r mac uuid; do
	i=$((i + 1))
	pxed host add --mac "$mac" --uuid "$uuid" --hostname "node$i" --profile fleet >/dev/null ||
		die "host add node$i"
done <"$WORK/macs"

mkdir -p "$WORK/tftp" "$WORK/http"
BOOT_FILES='{bios: lpxelinux.0}'
write_config "$WORK/pxed.yaml" dhcp "    - subnet: 198.18.64.0/24
      ranges: [\"198.18.64.10-198.18.64.250\"]
      routers: [198.18.64.1]
      next_server: 198.18.0.1
tftp: {root: $WORK/tftp}
http: {root: $WORK/http, port: 8080}"
pxed_start --config "$WORK/pxed.yaml"
pxed_wait_tcp 8080 || die "HTTP is not listening"

fleet() {
	timeout 60 ip netns exec "$NS_CLI" "$FLEET" --server "$SRV_IP" --giaddr 198.18.64.1 --count 5 \
		--max-time 20 --kernel-size $KERNEL --initrd-size $INITRD --pid "$PXED_PID" "$@"
}
out=$(fleet)
rc=$?
printf '%s\n' "$out" | sed 's/^/  fleet| /'
expect_eq "pxed-fleet exit status" "$rc" 0
expect_eq "machines done" "$(kv done "$out")" 5
expect_eq "machines failed" "$(kv failed "$out")" 0
expect_eq "kernel and initrd came over HTTP" "$(kv http_bytes "$out" | awk -v m=$((5 * (KERNEL + INITRD))) '{ print ($1 > m) }')" 1
expect_match "boot programs and configs came over TFTP" "$(kv tftp_bytes "$out")" '^[1-9][0-9]{5,}$'
expect_match "callbacks timed" "$(kv phase_callbacks_ms "$out")" '^[0-9.]+/[0-9.]+/[0-9.]+/[0-9.]+$'
expect_match "server CPU read from /proc" "$(kv server_cpu_ms "$out")" '^[0-9]+$'
expect_match "server peak RSS read from /proc" "$(kv server_peak_rss_kb "$out")" '^[1-9][0-9]+$'

# pxed saw every step of every install, in order
timeline=$(timeout 20 ip netns exec "$NS_CLI" curl -s "http://$SRV_IP:8080/api/v1/hosts/node3" |
	python3 -c 'import json,sys; print(" ".join(e["phase"] for e in json.load(sys.stdin)["events"]))')
expect_eq "node3's timeline" "$timeline" "new dhcp bootloader bootconfig kernel initrd kickstart tree pre post done"
expect_eq "hosts done" "$(pxed status | grep -c ' done ')" 5

# installed hosts boot their disks: each client fails, with the reason
out=$(fleet)
rc=$?
expect_eq "second run: pxed-fleet exit status" "$rc" 1
expect_eq "second run: failed" "$(kv failed "$out")" 5
expect_match "second run: the cause" "$(kv failure "$out")" "^5 config: entry '.*' boots the local disk$"

pxed_alive || fail "pxed died during the test"
finish
