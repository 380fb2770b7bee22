#!/bin/bash
# Malformed datagrams on port 67 neither crash nor wedge pxed: afterwards it
# is alive, its log says packets were dropped, and a normal client still gets
# a lease. And `pxed check-config` rejects bad files with FILE:LINE:COL.
. "$(dirname "$0")/lib.sh"
lab_init "$@"
command -v busybox >/dev/null 2>&1 || skip "busybox not installed"
command -v python3 >/dev/null 2>&1 || skip "python3 not installed"
here=$(cd "$(dirname "$0")" && pwd)
lab_setup
lab_client_addr "$NS_CLI" 198.18.0.9/24
write_config "$WORK/pxed.yaml"
pxed_start --config "$WORK/pxed.yaml"

sent=$(in_ns "$NS_CLI" timeout 60 python3 "$here/send_garbage.py" "$SRV_IP" "$CLI_IF" 2>"$WORK/garbage.err")
expect_match "garbage datagrams sent" "$sent" '^[0-9]+$'
[ -s "$WORK/garbage.err" ] && sed 's/^/  send_garbage| /' "$WORK/garbage.err"
sleep 1
pxed_alive || die "pxed died after the garbage (exit status: $(wait "$PXED_PID"; echo $?))"
pass "pxed alive after $sent malformed datagrams"

drops=$(grep -Eci 'drop|malformed|invalid|truncat|bad |ignor|short' "$PXED_LOG")
if [ "$drops" -gt 0 ]; then
	pass "log mentions dropped packets ($drops lines), e.g.:"
	grep -Ei 'drop|malformed|invalid|truncat|bad |ignor|short' "$PXED_LOG" | head -n 5 | sed 's/^/  | /'
else
	fail "no log line about the dropped packets"
fi

# The socket still works: a normal client gets its lease.
in_ns "$NS_CLI" ip addr flush dev "$CLI_IF"
dump=$WORK/udhcpc.env
run_udhcpc "$NS_CLI" "$dump" -t 10
expect_eq "udhcpc after the garbage: exit status" "$?" 0
expect_match "address after the garbage" "$(dump_get "$dump" ip)" '^198\.18\.0\.(1[0-4][0-9]|150)$'
pxed_alive || fail "pxed died during the test"

# --- check-config -------------------------------------------------------------
# The lab config is fine (run inside the server namespace: pxs0 exists there).
out=$(in_ns "$NS_SRV" timeout 20 "$PXED" check-config "$WORK/pxed.yaml" 2>&1)
expect_eq "check-config on a good file: exit status" "$?" 0
[ -n "$out" ] && printf '%s\n' "$out" | sed 's/^/  check-config| /'

# check_bad NAME LINE: the file $WORK/NAME must be rejected with a message
# starting FILE:LINE:COL: (LINE "" = any line).
check_bad() {
	local f=$WORK/$1 line=${2:-[0-9]+} out rc
	out=$(in_ns "$NS_SRV" timeout 20 "$PXED" check-config "$f" 2>&1)
	rc=$?
	printf '%s\n' "$out" | sed "s/^/  check-config $1| /"
	if [ "$rc" = 0 ] || [ "$rc" = 124 ]; then
		fail "check-config $1: exit status $rc, expected a failure"
	else
		pass "check-config $1: exit status $rc"
	fi
	if printf '%s\n' "$out" | grep -Eq "^$f:$line:[0-9]+: "; then
		pass "check-config $1: message has $f:$line:COL:"
	else
		fail "check-config $1: no line starting with '$f:$line:COL: '"
	fi
}

# A YAML syntax error (unclosed flow sequence) on line 4.
cat >"$WORK/syntax.yaml" <<'CONF'
state_dir: /tmp/nowhere
user: ""
dhcp:
  interfaces: [pxs0
  subnets: []
CONF
check_bad syntax.yaml ""

# Well-formed YAML with an impossible prefix length on line 7.
cat >"$WORK/prefix.yaml" <<'CONF'
state_dir: /tmp/nowhere
user: ""
dhcp:
  interfaces: [pxs0]
  boot_files: {bios: pxelinux.0}
  subnets:
    - subnet: 198.18.0.0/33
      ranges: ["198.18.0.100-198.18.0.150"]
CONF
check_bad prefix.yaml 7

# A range outside its subnet (line 8) and a bad MAC in hosts (line 10).
cat >"$WORK/range.yaml" <<'CONF'
state_dir: /tmp/nowhere
user: ""
dhcp:
  interfaces: [pxs0]
  boot_files: {bios: pxelinux.0}
  subnets:
    - subnet: 198.18.0.0/24
      ranges: ["198.18.5.100-198.18.5.150"]
  hosts:
    - {name: n1, mac: "52:54:00:zz:34:07", ip: 198.18.0.7}
CONF
check_bad range.yaml 8
grep -q "range.yaml:10:" <<<"$(in_ns "$NS_SRV" timeout 20 "$PXED" check-config "$WORK/range.yaml" 2>&1)" &&
	pass "check-config reports the second problem too (line 10)" ||
	fail "check-config range.yaml: the bad MAC on line 10 is not reported"

finish
