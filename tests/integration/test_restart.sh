#!/bin/bash
# Durability: every lease a client was ACKed is still there after pxed is
# killed with SIGKILL mid-load and restarted on the same state directory; no
# address is ever given out twice; clients after the restart get addresses
# nobody holds; a graceful SIGTERM restart keeps every lease too.
#
# The load comes from bench's pxed-dhcp-load in relay mode when it is built,
# otherwise from a loop of pxed-dhcp-probe relay DORAs. Both record one
# "mac ip" line per ACK received. Relay mode lets one process be many clients:
# the client namespace is the relay 198.18.16.1 of subnet 198.18.16.0/20.
. "$(dirname "$0")/lib.sh"
lab_init "$@"
need_probe
LOAD=$(build_tool bench/pxed-dhcp-load)
lab_setup
GIADDR=198.18.16.1
lab_client_addr "$NS_CLI" 198.18.0.2/24
lab_client_addr "$NS_CLI" "$GIADDR/20"
in_ns "$NS_SRV" ip route add 198.18.16.0/20 via 198.18.0.2 || die "cannot add route"
write_config "$WORK/pxed.yaml" dhcp \
	'    - subnet: 198.18.16.0/20
      ranges: ["198.18.16.10-198.18.31.250"]
      routers: [198.18.16.1]'
pxed_start --config "$WORK/pxed.yaml"

# probe_load DUMP SET COUNT: sequential relay DORAs for COUNT MACs
# 52:54:SET:dd:HH:LL, appending "mac ip" per ACK to DUMP.
# Stops after three clients in a row got nothing (the server is gone).
probe_load() {
	local dump=$1 i mac out misses=0
	for i in $(seq 1 "$3"); do
		mac=$(printf '52:54:%02x:dd:%02x:%02x' "$2" $((i / 256)) $((i % 256)))
		out=$(probe "$NS_CLI" --server "$SRV_IP" --giaddr "$GIADDR" --mac "$mac" --type dora \
			--timeout-ms 1500)
		if [ "$(kv type "$out")" = ACK ]; then
			echo "$mac $(kv yiaddr "$out")" >>"$dump"
			misses=0
		else
			misses=$((misses + 1))
			[ "$misses" -ge 3 ] && break
		fi
	done
	return 0
}

# run_load DUMP SET COUNT: COUNT clients from the MAC set SET (1..255) with
# the load generator or the probe loop, in the background; sets LOAD_PID.
run_load() {
	if [ -n "$LOAD" ]; then
		ip netns exec "$NS_CLI" timeout 60 "$LOAD" --server "$SRV_IP" --giaddr "$GIADDR" \
			--mac-prefix "$2" --count "$3" --timeout-ms 500 --retries 2 --max-time 40 \
			--dump "$1" >>"$WORK/load.log" 2>&1 &
	else
		probe_load "$@" &
	fi
	LOAD_PID=$!
	track "$LOAD_PID"
}

wait_load() {
	local i
	for i in $(seq 1 900); do
		kill -0 "$LOAD_PID" 2>/dev/null || break
		sleep 0.1
	done
	kill -0 "$LOAD_PID" 2>/dev/null && { kill "$LOAD_PID"; fail "load did not finish in 90 s"; }
	wait "$LOAD_PID" 2>/dev/null
}

# check_store DUMP LABEL: every "mac ip" of DUMP is a lease of that MAC in
# `pxed leases`, and no IP is listed twice.
check_store() {
	local dump=$1 label=$2 listing missing dups
	listing=$(pxed_leases "$WORK/state") || fail "$label: pxed leases failed"
	printf '%s\n' "$listing" >"$WORK/leases.$label"
	missing=$(awk 'NR == FNR { have[$1 " " $2] = 1; next } !(($2 " " $1) in have)' \
		"$WORK/leases.$label" "$dump")
	if [ -z "$missing" ]; then
		pass "$label: all $(wc -l <"$dump") ACKed leases are in the store"
	else
		fail "$label: ACKed but not in the store (mac ip): $(echo $missing | head -c 400)"
	fi
	dups=$(awk '{print $1}' "$WORK/leases.$label" | sort | uniq -d)
	[ -z "$dups" ] && pass "$label: no address leased twice" ||
		fail "$label: addresses listed twice by pxed leases: $dups"
	dups=$(awk '{print $2}' "$dump" | sort | uniq -d)
	[ -z "$dups" ] && pass "$label: no address ACKed to two clients" ||
		fail "$label: addresses ACKed to two clients: $dups"
}

# --- 1. SIGKILL in the middle of the load -------------------------------------
dump1=$WORK/dump1
: >"$dump1"
if [ -n "$LOAD" ]; then
	run_load "$dump1" 16 3000
	kill_after=300
else
	run_load "$dump1" 16 400
	kill_after=40
fi
# Let some leases be ACKed, then kill -9 while more are in flight.
for i in $(seq 1 600); do
	[ "$(wc -l <"$dump1")" -ge "$kill_after" ] && break
	sleep 0.05
done
[ "$(wc -l <"$dump1")" -ge 1 ] || die "no lease was ACKed before the kill (see $WORK/load.log)"
pxed_stop KILL
echo "killed pxed with SIGKILL after $(wc -l <"$dump1") ACKs"
# No ACK can come any more; a second lets the last replies already on the
# wire reach the dump (written line by line), then the load is stopped
# rather than left retrying a dead server.
sleep 1
kill -TERM "$LOAD_PID" 2>/dev/null
wait_load
[ -s "$WORK/load.log" ] && sed 's/^/  load| /' "$WORK/load.log" | tail -n 12
acked=$(wc -l <"$dump1")
pass "$acked leases ACKed before the kill"

pxed_start --config "$WORK/pxed.yaml"
check_store "$dump1" after-kill

# --- 2. New clients after the restart get free addresses -------------------------
dump2=$WORK/dump2
: >"$dump2"
run_load "$dump2" 32 30
wait_load
expect_match "new clients after the restart got leases" "$(wc -l <"$dump2")" '^[1-9][0-9]*$'
clash=$(awk 'NR == FNR { ip[$2] = $1; next } ($2 in ip) && ip[$2] != $1 { print $2 }' "$dump1" "$dump2")
[ -z "$clash" ] && pass "new clients got no address that was already leased" ||
	fail "addresses given to new clients although leased before the crash: $clash"
cat "$dump1" "$dump2" >"$WORK/dump12"
check_store "$WORK/dump12" after-new-clients

# A client from before the crash gets its own address back.
first_mac=$(awk 'NR == 1 {print $1}' "$dump1")
first_ip=$(awk 'NR == 1 {print $2}' "$dump1")
out=$(probe "$NS_CLI" --server "$SRV_IP" --giaddr "$GIADDR" --mac "$first_mac" --type dora)
expect_eq "client from before the crash gets its address back" "$(kv yiaddr "$out")" "$first_ip"

# --- 3. Graceful restart ---------------------------------------------------------
before=$(pxed_leases "$WORK/state" | awk '{print $1, $2, $3}' | sort)
pxed_stop TERM
expect_eq "pxed exit status after SIGTERM" "$PXED_EXIT" 0
pxed_start --config "$WORK/pxed.yaml"
after=$(pxed_leases "$WORK/state" | awk '{print $1, $2, $3}' | sort)
if [ "$before" = "$after" ] && [ -n "$after" ]; then
	pass "graceful restart kept all $(printf '%s\n' "$after" | wc -l) leases"
else
	fail "leases differ across a graceful restart: $(diff <(echo "$before") <(echo "$after") | head -n 20)"
fi

pxed_alive || fail "pxed died during the test"
finish
