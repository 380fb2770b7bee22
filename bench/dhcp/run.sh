#!/bin/bash
# DHCP lease-rate benchmark: pxed against kea-dhcp4, ISC dhcpd and dnsmasq.
#
# Two network namespaces joined by a veth pair (198.18.0.0/15 only):
#
#   server ns  veth-s 198.18.0.1/24      route 198.18.64.0/18 via 198.18.0.2
#   relay ns   veth-r 198.18.0.2/24      giaddr 198.18.64.1 (on lo)
#
# The load generator (pxed-dhcp-load) plays a relay agent at giaddr:67, so
# every server picks the 198.18.64.0/18 pool the standard way (giaddr inside
# the subnet) and answers by plain UDP to giaddr, routed back over the veth.
# Each server runs in the server namespace with a fresh lease store for each
# mode (plain, PXE), is killed by its PID afterwards, and everything is torn
# down on exit. Prints one table: server, mode, leases/s, failures,
# duplicate addresses and the ratio to kea in the same mode.
#
# Usage (as root):  bench/dhcp/run.sh
# Environment:
#   BUILD=build              meson build dir holding the binaries below
#   LOAD=$BUILD/bench/pxed-dhcp-load
#   PROBE=$BUILD/tests/tools/pxed-dhcp-probe   (readiness check)
#   PXED=$BUILD/src/pxed         pxed is skipped with a message if this is missing
#   SERVERS="kea dhcpd dnsmasq pxed"   MODES="plain pxe"
#   COUNT=10000 INFLIGHT=64 MAX_TIME=120 GIADDR=198.18.64.1
#   KEEP=1                   keep the configs, logs and lease files
#   DNSMASQ_ARGS=--log-dhcp  extra dnsmasq arguments (debugging)
set -euo pipefail

here=$(cd "$(dirname "$0")" && pwd)
. "$here/../common/isc-dhcpd-conf.sh"
root=$(cd "$here/../.." && pwd)
BUILD=${BUILD:-$root/build}
LOAD=${LOAD:-$BUILD/bench/pxed-dhcp-load}
PROBE=${PROBE:-$BUILD/tests/tools/pxed-dhcp-probe}
PXED=${PXED:-$BUILD/src/pxed}
SERVERS=${SERVERS:-kea dhcpd dnsmasq pxed}
MODES=${MODES:-plain pxe}
COUNT=${COUNT:-10000}
INFLIGHT=${INFLIGHT:-64}
MAX_TIME=${MAX_TIME:-120}
GIADDR=${GIADDR:-198.18.64.1}
SERVER_IP=198.18.0.1

if [ "$(id -u)" != 0 ]; then
	echo "run.sh: needs root (network namespaces)" >&2
	exit 2
fi
if [ ! -x "$LOAD" ]; then
	echo "run.sh: load generator not found at $LOAD (build it or set LOAD=)" >&2
	exit 2
fi

NS_S=pxb-srv-$$
NS_R=pxb-rly-$$
TMP=$(mktemp -d /tmp/pxed-bench.XXXXXX)
SERVER_PID=

cleanup() {
	stop_server
	ip netns del "$NS_S" 2>/dev/null || true
	ip netns del "$NS_R" 2>/dev/null || true
	if [ "${KEEP:-0}" = 1 ]; then
		echo "run.sh: kept $TMP" >&2
	else
		rm -rf "$TMP"
	fi
}
trap cleanup EXIT
trap 'exit 130' INT TERM

stop_server() {
	[ -n "$SERVER_PID" ] || return 0
	kill "$SERVER_PID" 2>/dev/null || true
	for _ in $(seq 50); do
		kill -0 "$SERVER_PID" 2>/dev/null || break
		sleep 0.1
	done
	kill -9 "$SERVER_PID" 2>/dev/null || true
	wait "$SERVER_PID" 2>/dev/null || true
	SERVER_PID=
}

setup_net() {
	ip netns add "$NS_S"
	ip netns add "$NS_R"
	ip link add veth-s netns "$NS_S" type veth peer name veth-r netns "$NS_R"
	ip -n "$NS_S" link set lo up
	ip -n "$NS_R" link set lo up
	ip -n "$NS_S" addr add $SERVER_IP/24 dev veth-s
	ip -n "$NS_R" addr add 198.18.0.2/24 dev veth-r
	ip -n "$NS_R" addr add "$GIADDR"/32 dev lo
	ip -n "$NS_S" link set veth-s up
	ip -n "$NS_R" link set veth-r up
	ip -n "$NS_S" route add 198.18.64.0/18 via 198.18.0.2
}

# ---- one config per server; $1 is a fresh directory ----

start_kea() {
	local d=$1
	cat >"$d/kea.json" <<EOF
{"Dhcp4": {
  "interfaces-config": {"interfaces": ["veth-s"], "dhcp-socket-type": "udp"},
  "lease-database": {"type": "memfile", "persist": true, "name": "$d/kea-leases4.csv",
                     "lfc-interval": 0},
  "valid-lifetime": 3600,
  "authoritative": true,
  "client-classes": [{"name": "pxe", "test": "substring(option[60].text,0,9) == 'PXEClient'",
                      "next-server": "$SERVER_IP", "boot-file-name": "pxelinux.0"}],
  "subnet4": [
    {"id": 1, "subnet": "198.18.64.0/18", "pools": [{"pool": "198.18.64.10 - 198.18.127.250"}],
     "option-data": [{"name": "routers", "data": "198.18.64.1"}]},
    {"id": 2, "subnet": "198.18.0.0/24", "pools": [{"pool": "198.18.0.100 - 198.18.0.200"}]}
  ],
  "loggers": [{"name": "kea-dhcp4", "severity": "WARN",
               "output_options": [{"output": "$d/kea.log"}]}]
}}
EOF
	KEA_PIDFILE_DIR=$d KEA_LOCKFILE_DIR=$d \
		ip netns exec "$NS_S" kea-dhcp4 -c "$d/kea.json" >"$d/kea.out" 2>&1 &
	SERVER_PID=$!
}

start_dhcpd() {
	local d=$1
	isc_dhcpd_conf "$d/dhcpd.conf" pxelinux.0 "$SERVER_IP"
	: >"$d/dhcpd.leases"
	ip netns exec "$NS_S" dhcpd -f -4 -q -cf "$d/dhcpd.conf" -lf "$d/dhcpd.leases" \
		-pf "$d/dhcpd.pid" veth-s >"$d/dhcpd.out" 2>&1 &
	SERVER_PID=$!
}

start_dnsmasq() {
	local d=$1 extra
	read -ra extra <<<"${DNSMASQ_ARGS:-}"
	# --no-ping: dnsmasq otherwise pings each address before offering it
	# (the others are configured not to); lease-max defaults to 1000.
	ip netns exec "$NS_S" dnsmasq --no-daemon --port=0 --no-ping --dhcp-authoritative \
		--interface=veth-s --bind-interfaces --dhcp-lease-max=100000 \
		--dhcp-range=198.18.0.100,198.18.0.200,1h \
		--dhcp-range=set:relay,198.18.64.10,198.18.127.250,255.255.192.0,1h \
		--dhcp-option=tag:relay,3,198.18.64.1 \
		--dhcp-vendorclass=set:pxe,PXEClient \
		--dhcp-boot=tag:pxe,pxelinux.0,,$SERVER_IP \
		--dhcp-leasefile="$d/dnsmasq.leases" --pid-file="$d/dnsmasq.pid" \
		--log-facility="$d/dnsmasq.log" "${extra[@]}" >"$d/dnsmasq.out" 2>&1 &
	SERVER_PID=$!
}

start_pxed() {
	local d=$1
	mkdir -p "$d/state"
	cat >"$d/pxed.yaml" <<EOF
state_dir: $d/state
user: ""
log: {level: warning}
dhcp:
  interfaces: [veth-s]
  subnets:
    - subnet: 198.18.64.0/18
      ranges: ["198.18.64.10-198.18.127.250"]
      routers: [198.18.64.1]
      lease_time: 1h
    - subnet: 198.18.0.0/24
      ranges: ["198.18.0.100-198.18.0.200"]
EOF
	ip netns exec "$NS_S" "$PXED" serve --config "$d/pxed.yaml" >"$d/pxed.out" 2>&1 &
	SERVER_PID=$!
}

# Ready when a relayed DISCOVER gets an OFFER (or, without the probe tool,
# when something listens on :67). Bounded to 15 s.
wait_ready() {
	local i
	for i in $(seq 30); do
		kill -0 "$SERVER_PID" 2>/dev/null || return 1
		if [ -x "$PROBE" ]; then
			if ip netns exec "$NS_R" "$PROBE" --server $SERVER_IP --giaddr "$GIADDR" \
				--mac "02:ff:ff:ff:ff:$(printf %02x "$i")" --timeout-ms 500 >/dev/null 2>&1; then
				return 0
			fi
		elif ip netns exec "$NS_S" ss -lun 2>/dev/null | grep -q ':67 '; then
			sleep 0.5
			return 0
		else
			sleep 0.5
		fi
	done
	return 1
}

# CPU time (user+system, ms) a process has used, from /proc.
cpu_ms() {
	local hz f
	hz=$(getconf CLK_TCK)
	f=$(cut -d')' -f2 "/proc/$1/stat" 2>/dev/null) || { echo 0; return; }
	set -- $f
	echo $(( (${12} + ${13}) * 1000 / hz ))
}

# Peak resident memory (KiB) of a process.
peak_rss_kb() {
	sed -n 's/^VmHWM:[[:space:]]*\([0-9]*\) kB/\1/p' "/proc/$1/status" 2>/dev/null || echo 0
}

declare -A RATE
RESULTS=()
run=0

bench_one() {
	local srv=$1 mode=$2 d
	run=$((run + 1))
	d=$TMP/$srv-$mode
	mkdir -p "$d"
	"start_$srv" "$d"
	if ! wait_ready; then
		echo "run.sh: $srv did not become ready; its output:" >&2
		tail -n 20 "$d"/*.out "$d"/*.log 2>/dev/null >&2 || true
		stop_server
		RESULTS+=("$srv|$mode|-|-|-|-|-|-|-|-|not ready")
		return 0
	fi
	local pxe_flag= cpu0 cpu rss
	[ "$mode" = pxe ] && pxe_flag=--pxe
	cpu0=$(cpu_ms "$SERVER_PID")
	ip netns exec "$NS_R" "$LOAD" --server $SERVER_IP --giaddr "$GIADDR" --count "$COUNT" \
		--inflight "$INFLIGHT" --max-time "$MAX_TIME" --mac-prefix "$run" $pxe_flag \
		--dump "$d/acks.txt" >"$d/load.out" 2>&1 || true
	cpu=$(( $(cpu_ms "$SERVER_PID") - cpu0 ))
	rss=$(( $(peak_rss_kb "$SERVER_PID") / 1024 ))
	stop_server
	local rate completed failed dups naks p50 p99
	rate=$(sed -n 's/^leases_per_s=//p' "$d/load.out")
	completed=$(sed -n 's/^completed=//p' "$d/load.out")
	failed=$(sed -n 's/^failed=//p' "$d/load.out")
	dups=$(sed -n 's/^duplicates=//p' "$d/load.out")
	naks=$(sed -n 's/^naks=//p' "$d/load.out")
	p50=$(sed -n 's/^latency_p50_ms=//p' "$d/load.out")
	p99=$(sed -n 's/^latency_p99_ms=//p' "$d/load.out")
	if [ -z "$rate" ]; then
		echo "run.sh: load generator failed against $srv:" >&2
		cat "$d/load.out" >&2
		RESULTS+=("$srv|$mode|-|-|-|-|-|-|-|-|load error")
		return 0
	fi
	RATE[$srv-$mode]=$rate
	RESULTS+=("$srv|$mode|$rate|$completed|$failed|$naks|$dups|$p50/$p99|$cpu|$rss|")
}

setup_net
for srv in $SERVERS; do
	case $srv in
	kea) command -v kea-dhcp4 >/dev/null || { echo "run.sh: kea-dhcp4 not installed, skipped" >&2; continue; } ;;
	dhcpd) command -v dhcpd >/dev/null || { echo "run.sh: dhcpd not installed, skipped" >&2; continue; } ;;
	dnsmasq) command -v dnsmasq >/dev/null || { echo "run.sh: dnsmasq not installed, skipped" >&2; continue; } ;;
	pxed)
		if [ ! -x "$PXED" ]; then
			echo "run.sh: pxed binary not found at $PXED (set PXED=), skipped" >&2
			continue
		fi ;;
	*) echo "run.sh: unknown server $srv" >&2; exit 2 ;;
	esac
	for mode in $MODES; do
		echo "run.sh: $srv $mode: $COUNT clients, $INFLIGHT in flight" >&2
		bench_one "$srv" "$mode"
	done
done

printf '\n%-8s %-6s %10s %9s %7s %5s %5s %13s %7s %7s %8s\n' server mode leases/s completed failed \
	naks dups p50/p99_ms cpu_ms rss_MiB vs_kea
for row in "${RESULTS[@]}"; do
	IFS='|' read -r srv mode rate completed failed naks dups lat cpu rss note <<<"$row"
	ratio=-
	kea=${RATE[kea-$mode]:-}
	if [ -n "$kea" ] && [ "$rate" != - ] && [ "$kea" -gt 0 ]; then
		ratio=$(awk -v a="$rate" -v b="$kea" 'BEGIN { printf "%.2f", a / b }')
	fi
	printf '%-8s %-6s %10s %9s %7s %5s %5s %13s %7s %7s %8s %s\n' "$srv" "$mode" "$rate" "$completed" \
		"$failed" "$naks" "$dups" "$lat" "$cpu" "$rss" "$ratio" "$note"
done
