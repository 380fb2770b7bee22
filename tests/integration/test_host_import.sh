#!/bin/bash
# `pxed host import` and `pxed host export` against a running daemon: a
# rack of 1,000 hosts from CSV in one transaction, seen by the daemon
# without a restart (HTTP API, DHCP fixed address); every bad row reported
# as FILE:LINE and nothing written when any row is bad; --dry-run writes
# nothing; --update changes hosts; export | import --update changes nothing.
. "$(dirname "$0")/lib.sh"
lab_init "$@"
need_probe
need_cmd curl curl
lab_setup
lab_client_addr "$NS_CLI" 198.18.0.21/24

sh "$(dirname "$0")/../tools/make-tree.sh" rocky9 "$WORK/rocky9" >/dev/null || die "make-tree rocky9"
STATE=$WORK/state
pxed() { "$PXED" "$@" --state-dir "$STATE"; }
pxed distro import "$WORK/rocky9" --name rocky9 >/dev/null || die "distro import"
write_el9_ks "$WORK/el9.ks"
pxed profile add el9 --distro rocky9 --kickstart "$WORK/el9.ks" >/dev/null || die "profile add"
pxed host add --mac 52:54:00:ee:00:01 --hostname old1 --ip 198.18.0.201 --profile el9 >/dev/null ||
	die "host add old1"

pxed_start_provisioning
host_count() { cli_curl "$H/api/v1/hosts" | grep -o '"hostname":' | wc -l; }

# --- a bad row in the middle: every error named, nothing written ------------
{
	echo "mac,hostname,ip,uuid,profile"
	echo "52:54:00:10:00:01,rack1,198.18.1.1,,el9"
	echo "52:54:00:10:00:zz,rack2,,,el9"                         # bad MAC
	echo "52:54:00:10:00:03,rack3,198.18.1.3,,nosuch"            # unknown profile
	echo "52:54:00:10:00:01,rack4,,,el9"                         # MAC of line 2
	echo "52:54:00:10:00:05,rack1,,,el9"                         # name of line 2
	echo "52:54:00:10:00:06,rack6,198.18.1.1,,el9"               # address of line 2
	echo "52:54:00:ee:00:01,rack7,,,el9"                         # MAC of a stored host
	echo "52:54:00:10:00:08,rack8,198.18.0.201,,el9"             # address of a stored host
	echo "52:54:00:10:00:09,rack9,,,el9,extra"                   # too many fields
	echo "52:54:00:10:00:0a,rack10,198.18.1.300,,el9"            # bad address
	echo "52:54:00:10:00:0b,rack11,,not-a-uuid,el9"              # bad UUID
	echo "52:54:00:10:00:0c,rack_12,,,el9"                       # bad host name
	echo "52:54:00:10:00:0d,rack13,,,"                           # no profile
	echo "52:54:00:10:00:0e,rack14,,,el9"
} >"$WORK/bad.csv"
pxed host import "$WORK/bad.csv" >"$WORK/out" 2>"$WORK/err"
expect_eq "import with bad rows fails" "$?" 1
f=$WORK/bad.csv
for want in \
	"$f:3: mac '52:54:00:10:00:zz': not a MAC address" \
	"$f:4: no profile named nosuch" \
	"$f:5: MAC 52:54:00:10:00:01 is also on line 2" \
	"$f:6: host rack1 is also on line 2" \
	"$f:7: address 198.18.1.1 is also on line 2" \
	"$f:8: MAC 52:54:00:ee:00:01 already belongs to host old1" \
	"$f:9: 198.18.0.201 is already the address of host old1" \
	"$f:10: 6 fields, the header names 5 columns" \
	"$f:11: ip '198.18.1.300': not a host's IPv4 address" \
	"$f:12: host rack11: invalid UUID 'not-a-uuid'" \
	"$f:13: invalid host name 'rack_12'" \
	"$f:14: no profile (a new host needs one)" \
	"$f: 12 errors; nothing written"; do
	grep -qF -- "$want" "$WORK/err" && pass "reported: $want" || fail "not reported: $want"
done
expect_eq "no error for the good rows" "$(grep -c ":2:\|:15:" "$WORK/err")" 0
expect_eq "nothing written (only old1 stored)" "$(pxed host list | tail -n +2 | wc -l)" 1

# --- 1,000 hosts in one go ----------------------------------------------------
{
	echo "hostname,mac,ip,uuid,profile,netboot"
	for i in $(seq 1 1000); do
		# node0300 on the DHCP subnet, to be asked for over DHCP
		ip=198.18.$((10 + i / 250)).$((i % 250 + 1))
		[ "$i" = 300 ] && ip=198.18.0.51
		printf 'node%04d,52:54:01:00:%02x:%02x,%s,%08x-0000-4000-8000-%012x,el9,on\n' \
			"$i" $((i >> 8)) $((i & 255)) "$ip" "$i" "$i"
	done
} >"$WORK/rack.csv"
t0=$(date +%s%N)
pxed host import "$WORK/rack.csv" >"$WORK/out" 2>"$WORK/err"
rc=$?
t1=$(date +%s%N)
expect_eq "import of 1,000 hosts" "$rc" 0
expect_match "import summary" "$(cat "$WORK/out")" "1000 added, 0 updated, 0 unchanged"
echo "  (1,000 hosts imported in $(((t1 - t0) / 1000000)) ms)"
n=0
for i in $(seq 1 50); do
	n=$(host_count)
	[ "$n" = 1001 ] && break
	sleep 0.1
done
expect_eq "the running daemon lists the imported hosts" "$n" 1001
out=$(probe "$NS_CLI" --interface "$CLI_IF" --mac 52:54:01:00:01:2c --type discover --arch 0)
expect_eq "an imported host gets its fixed address over DHCP" "$(kv yiaddr "$out")" 198.18.0.51

# --- export | import --update changes nothing -----------------------------------
pxed host export >"$WORK/export.csv"
expect_eq "export: header and 1,001 hosts" "$(wc -l <"$WORK/export.csv")" 1002
expect_match "export: a host as written" "$(grep '^node0300,' "$WORK/export.csv")" \
	'^node0300,52:54:01:00:01:2c,198.18.0.51,0000012c-0000-4000-8000-00000000012c,el9,on$'
pxed host import --update - <"$WORK/export.csv" >"$WORK/out" 2>"$WORK/err"
expect_eq "export | import --update" "$?" 0
expect_match "round trip changes nothing" "$(cat "$WORK/out")" "0 added, 0 updated, 1001 unchanged"

# --- without --update an existing host is refused; with it, it changes ---------
printf 'mac,hostname,ip,netboot\n52:54:01:00:00:01,node0001,198.18.9.1,off\n' >"$WORK/up.csv"
pxed host import "$WORK/up.csv" >"$WORK/out" 2>"$WORK/err"
expect_eq "existing host without --update" "$?" 1
expect_match "refusal says how" "$(cat "$WORK/err")" "up.csv:2: host node0001 already exists \(--update"
pxed host import --update --dry-run "$WORK/up.csv" >"$WORK/out" 2>"$WORK/err"
expect_eq "--dry-run" "$?" 0
expect_match "--dry-run shows the change" "$(cat "$WORK/out")" \
	"would update node0001: ip 198.18.10.2 -> 198.18.9.1, netboot on -> off"
expect_match "--dry-run wrote nothing" "$(pxed host show node0001)" "ip +198.18.10.2"
pxed host import --update "$WORK/up.csv" >"$WORK/out" 2>"$WORK/err"
expect_eq "--update" "$?" 0
expect_match "--update changed the host" "$(pxed host show node0001 | grep -E '^(ip|netboot)')" \
	"198.18.9.1"
expect_match "--update kept what the file leaves out (profile, UUID)" \
	"$(pxed host show node0001 | grep -E '^uuid')" "00000001-0000-4000-8000-000000000001"

pxed_stop
finish
