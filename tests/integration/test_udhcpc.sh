#!/bin/bash
# busybox udhcpc gets a lease from the pool with router, DNS, domain, boot
# file and next-server, and `pxed leases` lists it afterwards.
. "$(dirname "$0")/lib.sh"
lab_init "$@"
command -v busybox >/dev/null 2>&1 || skip "busybox not installed"
lab_setup
write_config "$WORK/pxed.yaml"
pxed_start --config "$WORK/pxed.yaml"

dump=$WORK/udhcpc.env
# -O bootfile -O tftp: a client that is not a PXE ROM gets boot information
# only when it asks for it (options 66/67).
run_udhcpc "$NS_CLI" "$dump" -x hostname:bb-client -O bootfile -O tftp
rc=$?
expect_eq "udhcpc exit status" "$rc" 0
[ -s "$dump" ] || die "udhcpc ran no 'bound' event (see $WORK/udhcpc.log)"

ip=$(dump_get "$dump" ip)
expect_match "leased address" "$ip" '^198\.18\.0\.(1[0-4][0-9]|150)$'
expect_eq "subnet mask" "$(dump_get "$dump" subnet)" 255.255.255.0
expect_eq "router" "$(dump_get "$dump" router)" 198.18.0.1
expect_eq "dns" "$(dump_get "$dump" dns)" 198.18.0.53
expect_eq "domain" "$(dump_get "$dump" domain)" lab.example
expect_eq "server id" "$(dump_get "$dump" serverid)" 198.18.0.1
expect_eq "next-server (siaddr)" "$(dump_get "$dump" siaddr)" 198.18.0.1
# udhcpc sends no option 93: a plain client asking for a boot file is
# taken for a BIOS client.
expect_eq "boot file" "$(dump_get "$dump" boot_file)" pxelinux.0
expect_eq "tftp server name (option 66)" "$(dump_get "$dump" tftp)" 198.18.0.1
lease=$(dump_get "$dump" lease)
expect_match "lease time" "$lease" '^[0-9]+$'

# The lease is in the store, under the client's MAC, bound.
out=$(pxed_leases "$WORK/state")
rc=$?
expect_eq "pxed leases exit status" "$rc" 0
echo "pxed leases:"
printf '%s\n' "$out" | sed 's/^/  /'
line=$(printf '%s\n' "$out" | awk -v ip="$ip" '$1 == ip')
expect_match "lease line for $ip" "$line" "^$ip 52:54:00:aa:00:01 [a-z]+ "
expect_match "lease state" "$(echo "$line" | awk '{print $3}')" '^(bound|BOUND)$'
expect_eq "lease hostname" "$(echo "$line" | awk '{print $5}')" bb-client
expect_eq "number of leases" "$(printf '%s\n' "$out" | grep -c .)" 1

# A second run from the same client gets the same address back.
run_udhcpc "$NS_CLI" "$dump" -x hostname:bb-client
expect_eq "udhcpc second run exit status" "$?" 0
expect_eq "same address on second run" "$(dump_get "$dump" ip)" "$ip"

pxed_alive || fail "pxed died during the test"
finish
