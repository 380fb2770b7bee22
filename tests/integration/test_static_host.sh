#!/bin/bash
# A client whose MAC matches a `hosts:` entry gets the fixed address and the
# configured host name; a client beside it on the same link still gets a
# pool address.
. "$(dirname "$0")/lib.sh"
lab_init "$@"
command -v busybox >/dev/null 2>&1 || skip "busybox not installed"
lab_setup bridge
ns_static=$NS_CLI
lab_add_client other 52:54:00:aa:00:02
ns_other=$LAB-other
# lab_setup made the first client with a generic MAC: give it the host's.
set_mac "$ns_static" "$CLI_IF" 52:54:00:12:34:07
write_config "$WORK/pxed.yaml" dhcp \
	'  hosts:
    - {name: node07, mac: "52:54:00:12:34:07", ip: 198.18.0.7, hostname: node07}'
pxed_start --config "$WORK/pxed.yaml"

dump=$WORK/static.env
run_udhcpc "$ns_static" "$dump" -O hostname
expect_eq "udhcpc (static host) exit status" "$?" 0
expect_eq "static address" "$(dump_get "$dump" ip)" 198.18.0.7
expect_eq "host name option" "$(dump_get "$dump" hostname)" node07
expect_eq "router" "$(dump_get "$dump" router)" 198.18.0.1
expect_eq "domain" "$(dump_get "$dump" domain)" lab.example

# The fixed address is the host's even when it asks for another one.
run_udhcpc "$ns_static" "$dump" -O hostname -r 198.18.0.120
expect_eq "udhcpc (static host, -r other) exit status" "$?" 0
expect_eq "static address despite request" "$(dump_get "$dump" ip)" 198.18.0.7

dump2=$WORK/other.env
run_udhcpc "$ns_other" "$dump2"
expect_eq "udhcpc (other client) exit status" "$?" 0
expect_match "other client gets a pool address" "$(dump_get "$dump2" ip)" \
	'^198\.18\.0\.(1[0-4][0-9]|150)$'
[ "$(dump_get "$dump2" hostname)" = node07 ] && fail "other client got the static host's name"

# The other client asking for the reserved address does not get it.
run_udhcpc "$ns_other" "$dump2" -r 198.18.0.7
expect_eq "udhcpc (other, -r reserved) exit status" "$?" 0
got=$(dump_get "$dump2" ip)
[ "$got" = 198.18.0.7 ] && fail "a client with another MAC was given the reserved 198.18.0.7"
pass "other client asking for 198.18.0.7 got $got"

pxed_alive || fail "pxed died during the test"
finish
