#!/bin/bash
# SIGHUP: a changed configuration takes effect without a restart and without
# losing leases; a broken one is refused and the running one kept. Also: pxed
# started as root drops to its service user once its ports are open, and
# still writes leases.
. "$(dirname "$0")/lib.sh"
lab_init "$@"
command -v busybox >/dev/null 2>&1 || skip "busybox not installed"
getent passwd pxed >/dev/null || skip "no 'pxed' user (scripts/setup-deps.sh creates it)"
lab_setup
# the service user must reach its state directory
chmod 755 "$WORK"
write_config "$WORK/pxed.yaml" dhcp
sed -i 's/^user: ""/user: pxed/' "$WORK/pxed.yaml"
pxed_start --config "$WORK/pxed.yaml"

uid=$(awk '/^Uid:/ { print $2 }' "/proc/$PXED_PID/status")
[ -n "$uid" ] && [ "$uid" != 0 ] && pass "pxed runs as uid $uid after binding" || fail "pxed still runs as root (uid '$uid')"
expect_eq "service user" "$(id -u pxed)" "$uid"

dump=$WORK/first.env
run_udhcpc "$NS_CLI" "$dump"
expect_eq "udhcpc exit status (before reload)" "$?" 0
first_ip=$(dump_get "$dump" ip)
expect_eq "domain before reload" "$(dump_get "$dump" domain)" lab.example

# A new domain, and a static host that did not exist before.
sed -i 's/domain_name: lab.example/domain_name: reloaded.example/' "$WORK/pxed.yaml"
printf '  hosts:\n    - {name: fixed, mac: "52:54:00:00:99:09", ip: 198.18.0.9}\n' >>"$WORK/pxed.yaml"
kill -HUP "$PXED_PID"
for _ in $(seq 50); do grep -q "configuration reloaded" "$PXED_LOG" && break; sleep 0.1; done
expect_match "log after SIGHUP" "$(grep -c 'configuration reloaded' "$PXED_LOG")" '^1$'
pxed_alive || fail "pxed died on SIGHUP"

run_udhcpc "$NS_CLI" "$dump"
expect_eq "udhcpc exit status (after reload)" "$?" 0
expect_eq "domain after reload" "$(dump_get "$dump" domain)" reloaded.example
# the lease from before the reload is still the client's, in memory and in the store
expect_eq "same address after reload" "$(dump_get "$dump" ip)" "$first_ip"
expect_match "lease from before the reload kept" "$(pxed_leases "$WORK/state")" "(^|$(printf '\n'))$first_ip "
set_mac "$NS_CLI" "$CLI_IF" 52:54:00:00:99:09
run_udhcpc "$NS_CLI" "$dump"
expect_eq "static host added by the reload" "$(dump_get "$dump" ip)" 198.18.0.9

# A broken file: refused with its position, the running config stays.
cp "$WORK/pxed.yaml" "$WORK/good.yaml"
echo "  bogus_key: 1" >>"$WORK/pxed.yaml"
kill -HUP "$PXED_PID"
for _ in $(seq 50); do grep -q "reload failed" "$PXED_LOG" && break; sleep 0.1; done
expect_match "broken reload is refused" "$(grep -A3 'reload failed' "$PXED_LOG")" "pxed.yaml:[0-9]+:[0-9]+:"
pxed_alive || fail "pxed died on a broken SIGHUP"
run_udhcpc "$NS_CLI" "$dump"
expect_eq "udhcpc exit status (after broken reload)" "$?" 0
expect_eq "running config kept" "$(dump_get "$dump" domain)" reloaded.example

pxed_stop TERM
expect_eq "exit status after SIGTERM" "$PXED_EXIT" 0
finish
