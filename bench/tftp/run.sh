#!/bin/bash
# TFTP benchmark: pxed against tftpd-hpa, atftpd and dnsmasq's TFTP, side by
# side in one run, with the same client (pxed-tftp-load, every block checked
# against the file) across a veth pair between two namespaces
# (198.18.0.0/15 only):
#
#   server ns  veth-s 198.18.0.1/24   <-->   client ns  veth-c 198.18.0.2/24
#
#   (a) one client, 64 MiB: blksize 512, and 1468 with windowsize 1, 8, 64
#   (b) 50 concurrent clients x 32 MiB at blksize 1468, windowsize 1 and 8
#   (c) 2,000 fetches of a 42 KiB file (pxelinux.0-sized), 50 at a time
#   (d) 4 MiB at blksize 1468 with 1% loss in each direction (netem, or an
#       nftables random drop where the kernel has no netem)
#   (m) peak memory (RSS) while serving 1,000 concurrent transfers
#
# tftpd-hpa and dnsmasq 2.90 do not implement windowsize: they answer
# without it and the client falls back to lock-step (marked "nw"). The
# client retransmits on its own only after 1 s of silence (as tftp-hpa's and
# atftp's clients do), so under loss the server's own retransmission timer
# decides. Each server runs alone in the server namespace and is killed by
# its PID afterwards; everything is torn down on exit. Prints one table with
# each pxed figure's ratio to the best reference, then the targets of
# issue 3.
#
# Usage (as root):  bench/tftp/run.sh
# Every server logs only problems (dnsmasq --quiet-tftp, atftpd --verbose=1,
# pxed log level warning), so no one pays for a log line per transfer.
# Environment:
#   BUILD=build   LOAD=$BUILD/bench/pxed-tftp-load   PXED=$BUILD/src/pxed
#   SERVERS="tftpd-hpa atftpd dnsmasq pxed"   CASES="a b c d m"
#   TFTPD_HPA=path of tftp-hpa's in.tftpd (default: the copy scripts/setup-deps.sh
#             unpacks to /usr/local/lib/pxed-bench/tftpd-hpa, as tftpd-hpa and
#             atftpd cannot be installed together)
#   SIZE_A=64 SIZE_B=32 CLIENTS_B=50 FETCHES_C=2000 CONC_C=50 SIZE_D=4 LOSS_D=1 CONC_M=1000
#   REPEAT_B=1 REPEAT_C=3  runs of (b) and (c) per server; the best one counts
#   MAX_TIME=300 (per load run)   KEEP=1 keeps the work directory
set -euo pipefail

here=$(cd "$(dirname "$0")" && pwd)
top=$(cd "$here/../.." && pwd)
BUILD=${BUILD:-$top/build}
LOAD=${LOAD:-$BUILD/bench/pxed-tftp-load}
PXED=${PXED:-$BUILD/src/pxed}
SERVERS=${SERVERS:-tftpd-hpa atftpd dnsmasq pxed}
CASES=${CASES:-a b c d m}
SIZE_A=${SIZE_A:-64}
SIZE_B=${SIZE_B:-32}
CLIENTS_B=${CLIENTS_B:-50}
FETCHES_C=${FETCHES_C:-2000}
CONC_C=${CONC_C:-50}
SIZE_D=${SIZE_D:-4}
LOSS_D=${LOSS_D:-1}
CONC_M=${CONC_M:-1000}
REPEAT_B=${REPEAT_B:-1}
REPEAT_C=${REPEAT_C:-3}
MAX_TIME=${MAX_TIME:-300}
SRV_IP=198.18.0.1

if [ "$(id -u)" != 0 ]; then
	echo "run.sh: needs root (network namespaces)" >&2
	exit 2
fi
if [ ! -x "$LOAD" ]; then
	echo "run.sh: load generator not found at $LOAD (build it or set LOAD=)" >&2
	exit 2
fi

find_tftpd_hpa() {
	local c
	for c in "${TFTPD_HPA:-}" /usr/local/lib/pxed-bench/tftpd-hpa/usr/sbin/in.tftpd /usr/sbin/in.tftpd; do
		[ -n "$c" ] && [ -x "$c" ] || continue
		# atftpd installs an in.tftpd too
		"$c" -V 2>&1 | grep -q tftp-hpa && { echo "$c"; return 0; }
	done
	return 1
}

NS_S=pxtb-srv-$$
NS_C=pxtb-cli-$$
TMP=$(mktemp -d /tmp/pxed-tftp-bench.XXXXXX)
chmod 755 "$TMP"
ROOT=$TMP/root
SERVER_PID=

. "$here/../lib.sh"
trap cleanup EXIT
trap 'exit 130' INT TERM

LOSS_KIND=
loss_on() {
	local pct=$1
	if ip netns exec "$NS_S" tc qdisc add dev veth-s root netem loss "$pct%" 2>/dev/null &&
		ip netns exec "$NS_C" tc qdisc add dev veth-c root netem loss "$pct%" 2>/dev/null; then
		LOSS_KIND=netem
		return 0
	fi
	ip netns exec "$NS_S" tc qdisc del dev veth-s root 2>/dev/null || true
	command -v nft >/dev/null || { echo "run.sh: no netem and no nft: case d skipped" >&2; return 1; }
	loss_nft "$NS_S" veth-s $((pct * 10)) "meta l4proto udp"
	loss_nft "$NS_C" veth-c $((pct * 10)) "meta l4proto udp"
	LOSS_KIND=nftables
}

loss_off() {
	ip netns exec "$NS_S" tc qdisc del dev veth-s root 2>/dev/null || true
	ip netns exec "$NS_C" tc qdisc del dev veth-c root 2>/dev/null || true
	ip netns exec "$NS_S" nft delete table inet loss 2>/dev/null || true
	ip netns exec "$NS_C" nft delete table inet loss 2>/dev/null || true
}

make_files() {
	mkdir -p "$ROOT"
	head -c $((SIZE_A << 20)) /dev/urandom >"$ROOT/a.bin"
	head -c $((SIZE_B << 20)) /dev/urandom >"$ROOT/b.bin"
	# not named pxelinux.0: pxed serves Debian's boot programs by their names
	head -c 43008 /dev/urandom >"$ROOT/c.bin"
	head -c $((SIZE_D << 20)) /dev/urandom >"$ROOT/d.bin"
	head -c $((2 << 20)) /dev/urandom >"$ROOT/m.bin"
	chmod 755 "$ROOT"
	chmod 644 "$ROOT"/*
}

# ---- servers; $1 is a fresh directory for configs and logs ----

start_tftpd-hpa() {
	# -L: stay in the foreground; -s: chroot to the root; a process per transfer
	ip netns exec "$NS_S" "$TFTPD_HPA_BIN" -L -s -a "$SRV_IP:69" -u nobody "$ROOT" >"$1/out" 2>&1 &
	SERVER_PID=$!
}

start_atftpd() {
	ip netns exec "$NS_S" atftpd --daemon --no-fork --bind-address "$SRV_IP" --port 69 --user nobody \
		--group nogroup -m 1200 --verbose=1 --logfile "$1/atftpd.log" "$ROOT" >"$1/out" 2>&1 &
	SERVER_PID=$!
}

start_dnsmasq() {
	ip netns exec "$NS_S" dnsmasq --no-daemon --conf-file=/dev/null --port=0 --enable-tftp \
		--tftp-root="$ROOT" --listen-address="$SRV_IP" --bind-interfaces --tftp-max=1200 --quiet-tftp \
		--user=root --pid-file="$1/dnsmasq.pid" --log-facility="$1/dnsmasq.log" >"$1/out" 2>&1 &
	SERVER_PID=$!
}

start_pxed() {
	cat >"$1/pxed.yaml" <<EOF
user: ""
state_dir: $1/state
log: {level: warning}
dhcp: {enabled: false}
tftp:
  root: $ROOT
  addresses: [$SRV_IP]
  max_transfers: 5000
  max_per_client: 5000
EOF
	ip netns exec "$NS_S" "$PXED" serve --config "$1/pxed.yaml" >"$1/out" 2>&1 &
	SERVER_PID=$!
}

# Ready when a fetch of the small file succeeds (bounded to 10 s).
wait_ready() {
	local i
	for i in $(seq 20); do
		kill -0 "$SERVER_PID" 2>/dev/null || return 1
		if ip netns exec "$NS_C" "$LOAD" --server $SRV_IP --file c.bin --verify "$ROOT/c.bin" \
			--timeout-ms 200 --retries 1 --max-time 2 >/dev/null 2>&1; then
			return 0
		fi
		sleep 0.5
	done
	return 1
}

declare -A RES NOTE CPU
# CPU time (clock ticks) the server used so far, with its reaped children
# (tftpd-hpa's per-transfer processes).
server_ticks() {
	awk '{ print $14 + $15 + $16 + $17 }' "/proc/$SERVER_PID/stat" 2>/dev/null || echo 0
}
TCK=$(getconf CLK_TCK)
# load KEY ARGS...: one pxed-tftp-load run; stores its output in $d/KEY.out
# and the server's CPU seconds for it in CPU[srv,KEY]
load() {
	local key=$1 t0 t1
	shift
	t0=$(server_ticks)
	ip netns exec "$NS_C" "$LOAD" --server $SRV_IP --max-time "$MAX_TIME" "$@" >"$d/$key.out" 2>&1 || true
	t1=$(server_ticks)
	CPU[$srv,$key]=$(awk -v a="$t0" -v b="$t1" -v t="$TCK" 'BEGIN { printf "%.2f", (b - a) / t }')
}
val() { sed -n "s/^$2=//p" "$d/$1.out" | head -n 1; }

# load_best N KEY METRIC ARGS...: N runs of the same load; keeps the one
# with the highest METRIC among those where every fetch completed (short
# runs on a shared machine are at the mercy of its other tenants: the best
# of a few is the server's own speed).
load_best() {
	local n=$1 key=$2 metric=$3 i best= bestv= v cpu=
	shift 3
	for i in $(seq "$n"); do
		load "$key.$i" "$@"
		v=$(val "$key.$i" "$metric")
		if [ "$(val "$key.$i" failed)" = 0 ] && [ "$(val "$key.$i" unfinished)" = 0 ] && [ -n "$v" ] &&
			{ [ -z "$bestv" ] || awk -v a="$v" -v b="$bestv" 'BEGIN { exit !(a > b) }'; }; then
			best=$i
			bestv=$v
		fi
	done
	cp "$d/$key.${best:-1}.out" "$d/$key.out"
	CPU[$srv,$key]=${CPU[$srv,$key.${best:-1}]}
}

# record SERVER KEY METRIC: the metric if every fetch completed, else "fail"
record() {
	local srv=$1 key=$2 metric=$3 failed unfinished v
	failed=$(val "$key" failed)
	unfinished=$(val "$key" unfinished)
	v=$(val "$key" "$metric")
	if [ -z "$v" ] || [ "${failed:-1}" != 0 ] || [ "${unfinished:-1}" != 0 ]; then
		RES[$srv,$key]=fail
		echo "run.sh: $srv $key: $(val "$key" first_error) (failed=$failed unfinished=$unfinished)" >&2
	else
		RES[$srv,$key]=$v
	fi
	if [ "$(val "$key" no_window)" != "" ] && [ "$(val "$key" no_window)" != 0 ]; then
		NOTE[$srv,$key]=nw
	fi
}

# Peak RSS (KiB) of the server and its children while a load runs in the
# background; prints the peak.
sample_rss() {
	local pid=$1 loadpid=$2 peak=0 cur
	while kill -0 "$loadpid" 2>/dev/null; do
		cur=$(ps -o rss= -p "$pid" --ppid "$pid" 2>/dev/null | awk '{ s += $1 } END { print s + 0 }')
		[ "$cur" -gt "$peak" ] && peak=$cur
		sleep 0.1
	done
	echo "$peak"
}

# run_unit SERVER UNIT: a fresh server for one measurement, then stopped.
# The units run in turn for every server (a512 for all, then a1468 for
# all, ...), so a change in the machine's other load during the run falls
# on every server alike instead of on whichever happened to run then.
run_unit() {
	local srv=$1 u=$2
	d=$TMP/$srv
	mkdir -p "$d"
	stop_server
	"start_$srv" "$d"
	if ! wait_ready; then
		echo "run.sh: $srv did not become ready for $u; its output:" >&2
		tail -n 20 "$d"/out "$d"/*.log 2>/dev/null >&2 || true
		stop_server
		RES[$srv,$u]=fail
		return 0
	fi
	echo "run.sh: $srv $u" >&2
	case $u in
	a512) load a512 --file a.bin --verify "$ROOT/a.bin" --blksize 512 ;;
	a1468) load a1468 --file a.bin --verify "$ROOT/a.bin" --blksize 1468 ;;
	a1468w8) load a1468w8 --file a.bin --verify "$ROOT/a.bin" --blksize 1468 --windowsize 8 ;;
	a1468w64) load a1468w64 --file a.bin --verify "$ROOT/a.bin" --blksize 1468 --windowsize 64 ;;
	b1)
		load_best "$REPEAT_B" b1 mib_per_s --file b.bin --verify "$ROOT/b.bin" --blksize 1468 \
			--count "$CLIENTS_B" --concurrency "$CLIENTS_B" ;;
	b8)
		load_best "$REPEAT_B" b8 mib_per_s --file b.bin --verify "$ROOT/b.bin" --blksize 1468 \
			--windowsize 8 --count "$CLIENTS_B" --concurrency "$CLIENTS_B" ;;
	c)
		load_best "$REPEAT_C" c fetches_per_s --file c.bin --verify "$ROOT/c.bin" --blksize 1468 \
			--tsize --count "$FETCHES_C" --concurrency "$CONC_C" ;;
	d)
		loss_on "$LOSS_D" || { stop_server; return 0; }
		load d --file d.bin --verify "$ROOT/d.bin" --blksize 1468
		loss_off ;;
	m)
		ip netns exec "$NS_C" "$LOAD" --server $SRV_IP --max-time "$MAX_TIME" --file m.bin \
			--verify "$ROOT/m.bin" --blksize 1468 --windowsize 8 --count "$CONC_M" \
			--concurrency "$CONC_M" >"$d/m.out" 2>&1 &
		local lp=$! peak f
		peak=$(sample_rss "$SERVER_PID" "$lp")
		wait "$lp" || true
		RES[$srv,m]=$(awk -v k="$peak" 'BEGIN { printf "%.1f", k / 1024 }')
		f=$(( $(val m failed) + $(val m unfinished) ))
		if [ "$f" != 0 ]; then
			NOTE[$srv,m]="F"
			echo "run.sh: $srv m: $f of $CONC_M transfers failed: $(val m first_error)" >&2
		fi
		kill -0 "$SERVER_PID" 2>/dev/null || echo "run.sh: $srv m: the server died" >&2
		;;
	esac
	case $u in
	c) record "$srv" c fetches_per_s ;;
	d)
		record "$srv" d elapsed_ms
		[ "${RES[$srv,d]}" = fail ] || RES[$srv,d]=$(awk -v m="${RES[$srv,d]}" 'BEGIN { printf "%.2f", m / 1000 }') ;;
	m) ;;
	*) record "$srv" "$u" mib_per_s ;;
	esac
	stop_server
}

echo "run.sh: $(nproc) CPUs; load average at start: $(cut -d' ' -f1-3 /proc/loadavg)" >&2
setup_net
make_files
TFTPD_HPA_BIN=$(find_tftpd_hpa || true)
RAN=()
for srv in $SERVERS; do
	case $srv in
	tftpd-hpa) [ -n "$TFTPD_HPA_BIN" ] || { echo "run.sh: tftp-hpa's in.tftpd not found, skipped (set TFTPD_HPA=)" >&2; continue; } ;;
	atftpd) command -v atftpd >/dev/null || { echo "run.sh: atftpd not installed, skipped" >&2; continue; } ;;
	dnsmasq) command -v dnsmasq >/dev/null || { echo "run.sh: dnsmasq not installed, skipped" >&2; continue; } ;;
	pxed) [ -x "$PXED" ] || { echo "run.sh: pxed not found at $PXED, skipped" >&2; continue; } ;;
	*) echo "run.sh: unknown server $srv" >&2; exit 2 ;;
	esac
	RAN+=("$srv")
done
UNITS=()
for c in $CASES; do
	case $c in
	a) UNITS+=(a512 a1468 a1468w8 a1468w64) ;;
	b) UNITS+=(b1 b8) ;;
	c | d | m) UNITS+=("$c") ;;
	*) echo "run.sh: unknown case $c" >&2; exit 2 ;;
	esac
done
for u in "${UNITS[@]}"; do
	for srv in "${RAN[@]}"; do
		run_unit "$srv" "$u"
	done
done

echo "run.sh: load average at the end: $(cut -d' ' -f1-3 /proc/loadavg)" >&2

# ---- the table ----
rows=()
for c in $CASES; do
	case $c in
	a) rows+=("a512|(a) 1 client ${SIZE_A} MiB blksize 512|MiB/s|hi"
		"a1468|(a) 1 client blksize 1468|MiB/s|hi"
		"a1468w8|(a) 1 client 1468 windowsize 8|MiB/s|hi"
		"a1468w64|(a) 1 client 1468 windowsize 64|MiB/s|hi") ;;
	b) rows+=("b1|(b) ${CLIENTS_B} x ${SIZE_B} MiB 1468|MiB/s|hi"
		"b8|(b) ${CLIENTS_B} x ${SIZE_B} MiB 1468 ws 8|MiB/s|hi") ;;
	c) rows+=("c|(c) ${FETCHES_C} x 42 KiB, ${CONC_C} at once|fetch/s|hi") ;;
	d) rows+=("d|(d) ${SIZE_D} MiB, ${LOSS_D}% loss each way|s|lo") ;;
	m) rows+=("m|(m) peak RSS, ${CONC_M} transfers|MiB|lo") ;;
	esac
done
printf '\n%-38s %-7s' case unit
for srv in "${RAN[@]}"; do printf ' %11s' "$srv"; done
printf ' %13s\n' "pxed/best-ref"
for row in "${rows[@]}"; do
	IFS='|' read -r key label unit dir <<<"$row"
	printf '%-38s %-7s' "$label" "$unit"
	best=
	for srv in "${RAN[@]}"; do
		v=${RES[$srv,$key]:--}
		n=${NOTE[$srv,$key]:-}
		printf ' %11s' "$v${n:+ $n}"
		[ "$srv" = pxed ] && continue
		case $v in -|fail) continue ;; esac
		[ "$n" = F ] && continue
		if [ -z "$best" ] || awk -v a="$v" -v b="$best" -v d="$dir" 'BEGIN { exit !((d == "hi") ? a > b : a < b) }'; then
			best=$v
		fi
	done
	p=${RES[pxed,$key]:-}
	ratio=-
	if [ -n "$best" ] && [ -n "$p" ] && [ "$p" != fail ]; then
		# "how many times better": for times and memory the reference over pxed
		ratio=$(awk -v p="$p" -v b="$best" -v d="$dir" 'BEGIN { if (p <= 0 || b <= 0) print "-"; else printf "%.2fx", (d == "hi") ? p / b : b / p }')
	fi
	printf ' %13s\n' "$ratio"
done
[ -n "$LOSS_KIND" ] && echo "(loss in case d by $LOSS_KIND)"
echo "nw = the server does not implement windowsize (lock-step instead); F = some transfers failed;"
echo "(m) sums the RSS of the server's processes (tftpd-hpa runs one per transfer)"

# The same runs as CPU time: what each server spent, whatever else the
# machine was doing (throughput on a shared machine also measures the
# scheduler; CPU seconds do not).
printf '\n%-38s %-7s' "server CPU time" unit
for srv in "${RAN[@]}"; do printf ' %11s' "$srv"; done
printf '\n'
for row in "${rows[@]}"; do
	IFS='|' read -r key label unit dir <<<"$row"
	[ "$key" = m ] && continue
	printf '%-38s %-7s' "$label" "s"
	for srv in "${RAN[@]}"; do
		# tftpd-hpa's work happens in children it does not wait for
		if [ "$srv" = tftpd-hpa ]; then printf ' %11s' "n/a"; else printf ' %11s' "${CPU[$srv,$key]:--}"; fi
	done
	printf '\n'
done

# ---- the targets of issue 3 ----
target() {
	local name=$1 ok=$2
	printf '%-62s %s\n' "$name" "$ok"
}
if [ -n "${RES[pxed,b8]:-}" ] && [ -n "${RES[atftpd,b8]:-}" ] && [ "${RES[atftpd,b8]}" != fail ] && [ "${RES[pxed,b8]}" != fail ]; then
	target "target (b) ws 8: pxed >= 2x atftpd (${RES[pxed,b8]} vs ${RES[atftpd,b8]} MiB/s)" \
		"$(awk -v p="${RES[pxed,b8]}" -v a="${RES[atftpd,b8]}" 'BEGIN { print (p >= 2 * a) ? "MET" : "MISSED" }')"
fi
if [ -n "${RES[pxed,c]:-}" ] && [ -n "${RES[dnsmasq,c]:-}" ] && [ "${RES[dnsmasq,c]}" != fail ] && [ "${RES[pxed,c]}" != fail ]; then
	target "target (c): pxed more fetches/s than dnsmasq (${RES[pxed,c]} vs ${RES[dnsmasq,c]})" \
		"$(awk -v p="${RES[pxed,c]}" -v a="${RES[dnsmasq,c]}" 'BEGIN { print (p > a) ? "MET" : "MISSED" }')"
fi
if [ -n "${RES[pxed,d]:-}" ] && [ "${RES[pxed,d]}" != fail ]; then
	best=
	for srv in "${RAN[@]}"; do
		[ "$srv" = pxed ] && continue
		v=${RES[$srv,d]:-}
		case $v in ''|-|fail) continue ;; esac
		if [ -z "$best" ] || awk -v a="$v" -v b="$best" 'BEGIN { exit !(a < b) }'; then best=$v; fi
	done
	[ -n "$best" ] && target "target (d): pxed >= 10x faster than the best reference (${RES[pxed,d]} vs $best s)" \
		"$(awk -v p="${RES[pxed,d]}" -v b="$best" 'BEGIN { print (b >= 10 * p) ? "MET" : "MISSED" }')"
fi
exit 0
