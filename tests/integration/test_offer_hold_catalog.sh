#!/bin/bash
# An offered address stays held for its client (dhcp.offer_hold) while
# other clients' leases are committed. Each commit changes the store,
# which pxed polls for catalog changes made by the CLI; a catalog reload
# that re-fed the DHCP core although no host had changed dropped every
# outstanding offer, so in a boot storm one client's offered address went
# to the next. A real catalog change must still reach the DHCP core.
. "$(dirname "$0")/lib.sh"
lab_init "$@"
need_probe
lab_setup

STATE=$WORK/state
pxed() { "$PXED" "$@" --state-dir "$STATE"; }
sh "$(dirname "$0")/../tools/make-tree.sh" rocky9 "$WORK/rocky9" >/dev/null || die "make-tree rocky9"
pxed distro import "$WORK/rocky9" --name rocky9 >/dev/null || die "distro import"
printf 'lang en_US.UTF-8\nkeyboard us\ntimezone UTC --utc\nrootpw --iscrypted $6$x$y\nurl --url={{tree_url}}\ntext\nreboot\n%%packages\n@core\n%%end\n' >"$WORK/el9.ks"
pxed profile add el9 --distro rocky9 --kickstart "$WORK/el9.ks" >/dev/null || die "profile add"
write_config "$WORK/pxed.yaml" dhcp
# two addresses: one offered to A, one leased to C, none left for B
sed -i 's/198.18.0.100-198.18.0.150/198.18.0.100-198.18.0.101/' "$WORK/pxed.yaml"
pxed_start --config "$WORK/pxed.yaml"

A=52:54:00:bb:00:01 B=52:54:00:bb:00:02 C=52:54:00:bb:00:03 F=52:54:00:bb:00:09
out=$(probe "$NS_CLI" --interface "$CLI_IF" --mac "$A" --type discover --arch 0)
offer_a=$(kv yiaddr "$out")
expect_match "A is offered an address" "$offer_a" '^198\.18\.0\.1[0-9][0-9]$'
out=$(probe "$NS_CLI" --interface "$CLI_IF" --mac "$C" --type dora)
expect_eq "C gets a lease (a commit to the store)" "$(kv type "$out")" ACK
sleep 1.2 # the catalog poll runs every 500 ms: two turns
out=$(probe "$NS_CLI" --interface "$CLI_IF" --mac "$B" --type discover --arch 0 --timeout-ms 2000)
offer_b=$(kv yiaddr "$out")
[ "$offer_b" != "$offer_a" ] && pass "B is not offered A's held address ($offer_a)" ||
	fail "B was offered $offer_b, the address held for A"
grep -q "DHCPDISCOVER from $B .*no free address" "$PXED_LOG" &&
	pass "B: the pool is exhausted" || fail "no 'pool exhausted' log line for B"
out=$(probe "$NS_CLI" --interface "$CLI_IF" --mac "$A" --type request --requested-ip "$offer_a" \
	--server-id 198.18.0.1)
expect_eq "A gets the address it was offered" "$(kv type "$out"):$(kv yiaddr "$out")" "ACK:$offer_a"

# a host added with the CLI is a static host of the running daemon
pxed host add --mac "$F" --hostname fixed9 --ip 198.18.0.9 --profile el9 >/dev/null || fail "host add"
got=
for i in $(seq 1 30); do
	out=$(probe "$NS_CLI" --interface "$CLI_IF" --mac "$F" --type discover --arch 0 --timeout-ms 1000)
	got=$(kv yiaddr "$out")
	[ "$got" = 198.18.0.9 ] && break
	sleep 0.1
done
expect_eq "a host added meanwhile gets its fixed address" "$got" 198.18.0.9
pxed_alive || fail "pxed died during the test"
finish
