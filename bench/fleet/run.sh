#!/bin/bash
# The fleet benchmark: N machines installing at once (pxed-fleet plays
# them), against pxed and against the classic stack the guides build, on
# the same install tree, side by side in one run.
#
#   server ns  veth-s 198.18.0.1/24       route 198.18.64.0/18 via 198.18.0.2
#   client ns  veth-c 198.18.0.2/24       198.18.64.0/18 local (every client
#              binds its leased address); the relay agent at 198.18.64.1:67
#
# Stacks (STACKS):
#   pxed          pxed serve: DHCP, TFTP, HTTP; per-host boot configs and
#                 kickstarts rendered from its store (distro imported, one
#                 profile, N hosts imported from CSV); the install tracked
#                 through pxed's callbacks. BIOS clients get lpxelinux.0 and
#                 fetch kernel and initrd over HTTP (PXED_FETCH=tftp: pxelinux.0
#                 and TFTP)
#   classic       the stack the guides build: dnsmasq (DHCP in relay mode + its
#                 TFTP server) hands out pxelinux.0; kernel and initrd copied
#                 into the TFTP root; nginx serves the tree and one static
#                 ks.cfg; no callbacks (there is nothing to call)
#   classic-http  the same with lpxelinux.0 and the kernel and initrd from
#                 nginx: the best a classic stack does without new software
#   isc-http      ISC dhcpd + tftpd-hpa + nginx, kernels over HTTP like
#                 classic-http (dnsmasq rewrites and syncs its whole lease
#                 file for every lease, in the thread that also serves TFTP)
# CLASSIC_CONFIG=default (one pxelinux.cfg/default: clients ask for
# 01-<mac> first and fall back) or per-host (a 01-<mac> file per host, as
# Cobbler writes them).
#
# Each run starts its stack fresh (pxed from a copy of a prepared store, so
# every run sees N hosts that are to be installed), plays the fleet, and
# reads the servers' CPU time and peak RSS from /proc. Loss: an nftables
# random drop of LOSS% of the packets arriving on either end of the veth
# (all protocols; this kernel has no netem).
#
# Usage (as root):  bench/fleet/run.sh
# Environment:
#   BUILD=build  PXED=$BUILD/src/pxed  FLEET=$BUILD/bench/pxed-fleet
#   STACKS="pxed classic classic-http isc-http"  SIZES="10 100 1000"  LOSSES="0 1"  PXED_FETCH=http
#   KERNEL_MB=10 INITRD_MB=60  (sizes of images/pxeboot/vmlinuz, initrd.img)
#   RAMP=0 (clients started per second; 0: all at once)  MAX_TIME=300 (per run: then the
#   unfinished clients have failed)
#   CLASSIC_CONFIG=default  NGINX_WORKERS=auto  CEILING=1 (measure the machine's raw rate)
#   TSV=FILE  append one line per run (bench/run builds its table from it)
#   KEEP=1 keeps the work directory
#   HOSTS_ONE_BY_ONE=1  pxed's hosts added by one `pxed host add` each (default: one `pxed host import`)
#   PXED_LOG=warning  pxed's log level (info also logs every transfer, so the count of TFTP
#   transfers that no client read is complete; at warning it counts those that timed out)
#   PXED_HTTP_THREADS=0  pxed's http.threads (0: one per CPU)
set -euo pipefail

here=$(cd "$(dirname "$0")" && pwd)
top=$(cd "$here/../.." && pwd)
BUILD=${BUILD:-$top/build}
PXED=${PXED:-$BUILD/src/pxed}
FLEET=${FLEET:-$BUILD/bench/pxed-fleet}
CEILING_BIN=${CEILING_BIN:-$BUILD/bench/pxed-ceiling}
STACKS=${STACKS:-pxed classic classic-http isc-http}
SIZES=${SIZES:-10 100 1000}
LOSSES=${LOSSES:-0 1}
PXED_FETCH=${PXED_FETCH:-http}
KERNEL_MB=${KERNEL_MB:-10}
INITRD_MB=${INITRD_MB:-60}
RAMP=${RAMP:-0}
MAX_TIME=${MAX_TIME:-300}
CLASSIC_CONFIG=${CLASSIC_CONFIG:-default}
PXED_LOG=${PXED_LOG:-warning}
PXED_HTTP_THREADS=${PXED_HTTP_THREADS:-0}
NGINX_WORKERS=${NGINX_WORKERS:-auto}
CEILING=${CEILING:-1}
TSV=${TSV:-}
SRV_IP=198.18.0.1
GIADDR=198.18.64.1
PXED_PORT=8080

if [ "$(id -u)" != 0 ]; then
	echo "fleet: needs root (network namespaces)" >&2
	exit 2
fi
for f in "$PXED" "$FLEET"; do
	[ -x "$f" ] || { echo "fleet: $f is missing (build first)" >&2; exit 2; }
done
bootfile_for() { # FETCH: the BIOS boot program that fetches kernels that way
	case $1 in
	http) echo lpxelinux.0 ;;
	tftp) echo pxelinux.0 ;;
	*) echo "fleet: PXED_FETCH is http or tftp" >&2; exit 2 ;;
	esac
}
bootfile_for "$PXED_FETCH" >/dev/null

NS_S=pxfb-srv-$$
NS_C=pxfb-cli-$$
TMP=$(mktemp -d /tmp/pxed-fleet-bench.XXXXXX)
chmod 755 "$TMP"
SERVER_PID=
EXTRA_PIDS=()

. "$here/../lib.sh"
. "$here/../common/isc-dhcpd-conf.sh"

stop_stack() {
	local p
	for p in "${EXTRA_PIDS[@]}"; do
		kill "$p" 2>/dev/null || true
	done
	for p in "${EXTRA_PIDS[@]}"; do
		wait "$p" 2>/dev/null || true
	done
	EXTRA_PIDS=()
	stop_server
}
fleet_cleanup() {
	stop_stack
	cleanup
}
trap fleet_cleanup EXIT
trap 'exit 130' INT TERM

net_up() {
	ip netns del "$NS_S" 2>/dev/null || true
	ip netns del "$NS_C" 2>/dev/null || true
	setup_net
	ip -n "$NS_S" route add 198.18.64.0/18 via 198.18.0.2
	ip -n "$NS_C" route add local 198.18.64.0/18 dev lo
	ip netns exec "$NS_C" sysctl -qw net.ipv4.ip_local_port_range="1024 65000"
}

LOSS_KIND=
loss_on() {
	local pct=$1 permille
	[ "$pct" = 0 ] && return 0
	command -v nft >/dev/null || { echo "fleet: nft missing: no loss runs" >&2; return 1; }
	permille=$(awk -v p="$pct" 'BEGIN { printf "%d", p * 10 }')
	loss_nft "$NS_S" veth-s "$permille"
	loss_nft "$NS_C" veth-c "$permille"
	LOSS_KIND=nftables
}
loss_off() {
	ip netns exec "$NS_S" nft delete table inet loss 2>/dev/null || true
	ip netns exec "$NS_C" nft delete table inet loss 2>/dev/null || true
}

# ---- the files both stacks serve ---------------------------------------

make_tree() {
	sh "$top/tests/tools/make-tree.sh" rocky9 "$TMP/tree" --kernel-size $((KERNEL_MB << 20)) \
		--initrd-size $((INITRD_MB << 20)) --stage2-size 0 --packages 1
	# the template: what an operator writes; pxed renders it per host
	cat >"$TMP/fleet.ks" <<-'EOF'
	lang en_US.UTF-8
	keyboard us
	timezone UTC --utc
	rootpw --iscrypted $6$fleet$Qv3rDSEY.NaBl0TufaqMGvJ3e/fb35wsY/X8wzrMG72rcYxl4Gqi971G5YhcWIiOVzbABTTeUhh3SbipIKcmF.
	url --url={{tree_url}}
	network --bootproto=dhcp --hostname={{hostname}}
	bootloader --location=mbr
	zerombr
	clearpart --all --initlabel
	autopart
	text
	reboot
	%packages
	@core
	%end
	%post
	echo "installed {{hostname}} ({{mac}}) from {{tree_url}}" > /etc/motd
	%end
	EOF
}

# The store a pxed run starts from: the distro, the profile, N hosts.
# The hosts come the way a rack's do: one CSV file, one `pxed host import`
# (one transaction); how long it takes is reported. HOSTS_ONE_BY_ONE=1
# adds them with one `pxed host add` call each instead, as a script would.
declare -A STORE_READY HOSTS_ADD_S HOSTS_ADD_HOW
prepare_store() {
	local n=$1 st=$TMP/store-$1 t0 t1 how
	[ -n "${STORE_READY[$n]:-}" ] && return 0
	"$PXED" distro import "$TMP/tree" --name rocky9 --state-dir "$st" >/dev/null
	"$PXED" profile add fleet --distro rocky9 --kickstart "$TMP/fleet.ks" --state-dir "$st" >/dev/null
	"$FLEET" --list-macs --count "$n" >"$TMP/macs-$n"
	awk 'BEGIN { print "hostname,mac,uuid,profile" }
	     { printf "node%04d,%s,%s,fleet\n", NR, $1, $2 }' "$TMP/macs-$n" >"$TMP/hosts-$n.csv"
	t0=$(date +%s.%N)
	if [ "${HOSTS_ONE_BY_ONE:-0}" = 1 ]; then
		how="pxed host add x $n"
		local i=0 mac uuid
		while read -r mac uuid; do
			i=$((i + 1))
			"$PXED" host add --mac "$mac" --uuid "$uuid" --hostname "$(printf 'node%04d' "$i")" \
				--profile fleet --state-dir "$st" >/dev/null
		done <"$TMP/macs-$n"
	else
		how="pxed host import ($n rows)"
		"$PXED" host import "$TMP/hosts-$n.csv" --state-dir "$st" >/dev/null
	fi
	t1=$(date +%s.%N)
	HOSTS_ADD_S[$n]=$(awk -v a="$t0" -v b="$t1" 'BEGIN { printf "%.2f", b - a }')
	HOSTS_ADD_HOW[$n]=$how
	echo "fleet: $how in ${HOSTS_ADD_S[$n]} s" >&2
	STORE_READY[$n]=1
}

# The classic stack's TFTP root for FETCH (tftp or http) and the web root.
make_classic_roots() {
	local fetch=$1 t=$TMP/classic-tftp-$1 w=$TMP/classic-www kernel initrd bootfile
	bootfile=$(bootfile_for "$fetch")
	mkdir -p "$t/pxelinux.cfg" "$w"
	cp "/usr/lib/PXELINUX/$bootfile" "$t/"
	cp /usr/lib/syslinux/modules/bios/ldlinux.c32 "$t/"
	if [ "$fetch" = tftp ]; then
		# as the guides do: kernel and initrd copied into the TFTP root
		ln "$TMP/tree/images/pxeboot/vmlinuz" "$t/vmlinuz"
		ln "$TMP/tree/images/pxeboot/initrd.img" "$t/initrd.img"
		kernel=vmlinuz initrd=initrd.img
	else
		kernel=http://$SRV_IP/rocky9/images/pxeboot/vmlinuz
		initrd=http://$SRV_IP/rocky9/images/pxeboot/initrd.img
	fi
	cat >"$t/classic.cfg" <<-EOF
	DEFAULT install
	PROMPT 0
	TIMEOUT 10

	LABEL install
	  KERNEL $kernel
	  INITRD $initrd
	  APPEND inst.ks=http://$SRV_IP/ks.cfg inst.repo=http://$SRV_IP/rocky9 inst.ks.sendmac ip=dhcp
	  IPAPPEND 2
	LABEL local
	  LOCALBOOT 0
	EOF
	cp "$t/classic.cfg" "$t/pxelinux.cfg/default"
	[ -d "$w/rocky9" ] && return 0
	ln -s "$TMP/tree" "$w/rocky9"
	# the one kickstart every host gets: the template with the tree filled in
	sed -e "s|{{tree_url}}|http://$SRV_IP/rocky9|" -e 's|{{hostname}}|localhost|' -e 's|{{mac}}|any|' \
		"$TMP/fleet.ks" >"$w/ks.cfg"
	cat >"$TMP/nginx.conf" <<-EOF
	daemon off;
	master_process on;
	worker_processes $NGINX_WORKERS;
	user root root;
	pid $TMP/nginx.pid;
	error_log $TMP/nginx-error.log warn;
	worker_rlimit_nofile 65536;
	events { worker_connections 8192; }
	http {
		include /etc/nginx/mime.types;
		default_type application/octet-stream;
		access_log off;
		sendfile on;
		tcp_nopush on;
		client_body_temp_path $TMP/nginx-body;
		proxy_temp_path $TMP/nginx-proxy;
		fastcgi_temp_path $TMP/nginx-fastcgi;
		uwsgi_temp_path $TMP/nginx-uwsgi;
		scgi_temp_path $TMP/nginx-scgi;
		server {
			listen $SRV_IP:80 backlog=4096;
			root $w;
		}
	}
	EOF
}

classic_host_configs() {
	local n=$1 t=$2 mac
	find "$t/pxelinux.cfg" -name '01-*' -delete
	[ "$CLASSIC_CONFIG" = per-host ] || return 0
	while read -r mac _; do
		cp "$t/classic.cfg" "$t/pxelinux.cfg/01-${mac//:/-}"
	done <"$TMP/macs-$n"
}

# ---- starting a stack -----------------------------------------------------

wait_port() { # PROTO-FLAG PORT: a listening socket in the server namespace, 10 s at most
	local i
	for i in $(seq 100); do
		ip netns exec "$NS_S" ss -H "-${1}ln" "sport = :$2" 2>/dev/null | grep -q . && return 0
		sleep 0.1
	done
	return 1
}

start_pxed() {
	local d=$1 n=$2
	cp -a "$TMP/store-$n" "$d/state"
	mkdir -p "$d/tftp" "$d/http"
	cat >"$d/pxed.yaml" <<-EOF
	state_dir: $d/state
	user: ""
	log: {level: $PXED_LOG}
	dhcp:
	  interfaces: [veth-s]
	  boot_files: {bios: $(bootfile_for "$PXED_FETCH")}
	  subnets:
	    - subnet: 198.18.64.0/18
	      ranges: ["198.18.64.10-198.18.127.250"]
	      routers: [198.18.64.1]
	      next_server: $SRV_IP
	      lease_time: 1h
	    - subnet: 198.18.0.0/24
	      ranges: ["198.18.0.100-198.18.0.200"]
	tftp: {root: $d/tftp}
	http: {root: $d/http, port: $PXED_PORT, addresses: [$SRV_IP], threads: $PXED_HTTP_THREADS}
	EOF
	ip netns exec "$NS_S" "$PXED" serve --config "$d/pxed.yaml" >"$d/pxed.out" 2>&1 &
	SERVER_PID=$!
	wait_port u 67 && wait_port u 69 && wait_port t "$PXED_PORT"
}

start_classic() {
	start_dnsmasq_nginx "$1" "$2" tftp
}
start_classic-http() {
	start_dnsmasq_nginx "$1" "$2" http
}
# The classic TFTP root for FETCH, with per-host configs or not.
classic_tftp_root() {
	local n=$1 fetch=$2 t=$TMP/classic-tftp-$2
	[ -d "$t" ] || make_classic_roots "$fetch"
	[ -f "$TMP/macs-$n" ] || "$FLEET" --list-macs --count "$n" >"$TMP/macs-$n"
	classic_host_configs "$n" "$t"
}

start_nginx() {
	local d=$1 p
	ip netns exec "$NS_S" nginx -c "$TMP/nginx.conf" -p "$TMP" >"$d/nginx.out" 2>&1 &
	EXTRA_PIDS+=($!)
	wait_port u 67 && wait_port u 69 && wait_port t 80 || return 1
	for p in $(pgrep -P "${EXTRA_PIDS[-1]}" nginx || true); do
		NGINX_WORKER_PIDS+=("$p")
	done
}

start_dnsmasq_nginx() {
	local d=$1 n=$2 fetch=$3 t=$TMP/classic-tftp-$3
	classic_tftp_root "$n" "$fetch"
	# Tuned where a 1,000-host fleet needs it: no ping before each offer
	# (its 3 s per new address serialises the fleet), room for every lease
	# and transfer (the defaults are 1,000 leases and 50 transfers).
	ip netns exec "$NS_S" dnsmasq --no-daemon --port=0 --user=root --group=root \
		--interface=veth-s --bind-interfaces --dhcp-authoritative --no-ping \
		--dhcp-lease-max=100000 --tftp-max=4000 \
		--dhcp-range=198.18.0.100,198.18.0.200,1h \
		--dhcp-range=198.18.64.10,198.18.127.250,255.255.192.0,1h \
		--dhcp-option=3,198.18.64.1 \
		--dhcp-boot="$(bootfile_for "$fetch"),,$SRV_IP" \
		--enable-tftp --tftp-root="$t" --quiet-tftp \
		--dhcp-leasefile="$d/dnsmasq.leases" --pid-file="$d/dnsmasq.pid" \
		--log-facility="$d/dnsmasq.log" >"$d/dnsmasq.out" 2>&1 &
	SERVER_PID=$!
	start_nginx "$d"
}

# ISC dhcpd + tftpd-hpa + nginx, kernels over HTTP: the other classic stack.
# tftpd-hpa forks a process per transfer; those children are not counted
# in its CPU time and peak RSS (the fleet reads the listening process only).
TFTPD_HPA_BIN=
for c in "${TFTPD_HPA:-}" /usr/local/lib/pxed-bench/tftpd-hpa/usr/sbin/in.tftpd /usr/sbin/in.tftpd; do
	[ -n "$c" ] && [ -x "$c" ] && "$c" -V 2>&1 | grep -q tftp-hpa && { TFTPD_HPA_BIN=$c; break; }
done
start_isc-http() {
	local d=$1 n=$2 t=$TMP/classic-tftp-http
	command -v dhcpd >/dev/null && [ -n "$TFTPD_HPA_BIN" ] || {
		echo "fleet: isc-http needs dhcpd (isc-dhcp-server) and tftp-hpa's in.tftpd (TFTPD_HPA=)" >&2
		return 1
	}
	classic_tftp_root "$n" http
	isc_dhcpd_conf "$d/dhcpd.conf" lpxelinux.0 "$SRV_IP"
	: >"$d/dhcpd.leases"
	ip netns exec "$NS_S" dhcpd -f -4 -q -cf "$d/dhcpd.conf" -lf "$d/dhcpd.leases" -pf "$d/dhcpd.pid" \
		veth-s >"$d/dhcpd.out" 2>&1 &
	SERVER_PID=$!
	ip netns exec "$NS_S" "$TFTPD_HPA_BIN" -L -s -a "$SRV_IP:69" -u nobody "$t" >"$d/tftpd.out" 2>&1 &
	EXTRA_PIDS+=($!)
	start_nginx "$d"
}

# ---- one run -----------------------------------------------------------

declare -A R
RUNS=()
run_one() {
	local stack=$1 n=$2 loss=$3 d pids=() flags=() p
	d=$TMP/run-$stack-$n-$loss
	mkdir -p "$d"
	net_up
	NGINX_WORKER_PIDS=()
	[ "$stack" = pxed ] && prepare_store "$n"
	if ! "start_$stack" "$d" "$n"; then
		echo "fleet: $stack did not start; its output:" >&2
		tail -n 20 "$d"/*.out >&2 || true
		stop_stack
		return 0
	fi
	pids=("$SERVER_PID" "${EXTRA_PIDS[@]}" "${NGINX_WORKER_PIDS[@]}")
	for p in "${pids[@]}"; do flags+=(--pid "$p"); done
	[ "$stack" = pxed ] || flags+=(--no-callbacks)
	loss_on "$loss" || { stop_stack; return 0; }
	echo "fleet: $stack, $n clients, ${loss}% loss (load $(cut -d' ' -f1 /proc/loadavg))" >&2
	ip netns exec "$NS_C" "$FLEET" --server "$SRV_IP" --giaddr "$GIADDR" --count "$n" --ramp "$RAMP" \
		--max-time "$MAX_TIME" --kernel-size $((KERNEL_MB << 20)) --initrd-size $((INITRD_MB << 20)) \
		--label "$stack/$n/$loss" "${flags[@]}" >"$d/fleet.out" 2>"$d/fleet.err" || true
	loss_off
	stop_stack
	local k
	for k in wall_s done failed phase_total_ms phase_dhcp_ms phase_kernel_ms phase_initrd_ms \
		server_cpu_ms server_peak_rss_kb tftp_bytes http_bytes; do
		R[$stack,$n,$loss,$k]=$(sed -n "s/^$k=//p" "$d/fleet.out" | head -n 1)
	done
	R[$stack,$n,$loss,causes]=$(sed -n 's/^failure=//p' "$d/fleet.out" | head -n 3 | paste -sd ';' -)
	RUNS+=("$stack|$n|$loss")
	sed 's/^/    /' "$d/fleet.out" >&2
	if [ "$stack" = pxed ]; then
		# transfers nobody read: ones that retransmitted until they timed out
		# with nothing acknowledged (warning), and late copies of a served
		# request that pxed ended after a few unanswered resends (info)
		local orphans late
		orphans=$(grep -cE "read '[^']*' failed after 0 (of [0-9]+ )?bytes.*timed out" "$d/pxed.out" || true)
		late=$(grep -c "late copy of a request" "$d/pxed.out" || true)
		echo "    pxed tftp: $orphans transfers timed out with nothing acknowledged;" \
			"$late late copies of served requests ended early (log level $PXED_LOG)" >&2
	fi
	if [ -n "$TSV" ]; then
		printf 'fleet\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\n' "$stack" "$n" "$loss" "${R[$stack,$n,$loss,wall_s]}" \
			"${R[$stack,$n,$loss,failed]}" "${R[$stack,$n,$loss,server_cpu_ms]}" \
			"${R[$stack,$n,$loss,server_peak_rss_kb]}" "${R[$stack,$n,$loss,causes]}" >>"$TSV"
	fi
}

# ---- the machine's ceiling ----------------------------------------------

ceiling() {
	[ -x "$CEILING_BIN" ] || { echo "fleet: $CEILING_BIN missing: no ceiling" >&2; return 0; }
	net_up
	ip netns exec "$NS_S" "$CEILING_BIN" serve --address "$SRV_IP" >"$TMP/ceiling-srv.out" 2>&1 &
	SERVER_PID=$!
	wait_port t 9000 || { stop_server; return 0; }
	ip netns exec "$NS_C" "$CEILING_BIN" tcp --server "$SRV_IP" --connections 8 --count 64 --size-mb 64 \
		>"$TMP/ceiling-tcp.out" 2>&1 || true
	ip netns exec "$NS_C" "$CEILING_BIN" udp --server "$SRV_IP" --flows 64 --seconds 5 \
		>"$TMP/ceiling-udp.out" 2>&1 || true
	stop_server
	CEIL_TCP=$(sed -n 's/^mib_per_s=//p' "$TMP/ceiling-tcp.out")
	CEIL_UDP=$(sed -n 's/^mib_per_s=//p' "$TMP/ceiling-udp.out")
	CEIL_PPS=$(sed -n 's/^round_trips_per_s=//p' "$TMP/ceiling-udp.out")
	echo "fleet: ceiling: TCP ${CEIL_TCP:-?} MiB/s (8 streams), UDP lock-step ${CEIL_UDP:-?} MiB/s" \
		"(${CEIL_PPS:-?} round trips/s, 64 flows of 1408-byte blocks)" >&2
	if [ -n "$TSV" ]; then
		printf 'ceiling\ttcp\t%s\nceiling\tudp\t%s\t%s\n' "${CEIL_TCP:-}" "${CEIL_UDP:-}" "${CEIL_PPS:-}" >>"$TSV"
	fi
}

echo "fleet: $(nproc) CPUs, load average $(cut -d' ' -f1-3 /proc/loadavg);" \
	"kernel ${KERNEL_MB} MiB, initrd ${INITRD_MB} MiB" >&2
make_tree >/dev/null
CEIL_TCP= CEIL_UDP= CEIL_PPS=
[ "$CEILING" = 1 ] && ceiling
for n in $SIZES; do
	for loss in $LOSSES; do
		for stack in $STACKS; do
			run_one "$stack" "$n" "$loss"
		done
	done
done
echo "fleet: load average at the end: $(cut -d' ' -f1-3 /proc/loadavg)" >&2

# ---- the table ---------------------------------------------------------
printf '\n%-12s %6s %5s %9s %6s %7s %24s %10s %9s %8s %s\n' stack hosts loss "wall s" done failed \
	"total p50/p95/p99/max ms" "cpu s" "rss MiB" "vs best" "failures"
for run in "${RUNS[@]}"; do
	IFS='|' read -r stack n loss <<<"$run"
	wall=${R[$stack,$n,$loss,wall_s]:-}
	best=
	for other in $STACKS; do
		[ "$other" = "$stack" ] && continue
		v=${R[$other,$n,$loss,wall_s]:-}
		[ -n "$v" ] && [ "${R[$other,$n,$loss,failed]:-1}" = 0 ] || continue
		if [ -z "$best" ] || awk -v a="$v" -v b="$best" 'BEGIN { exit !(a < b) }'; then best=$v; fi
	done
	ratio=-
	if [ "$stack" = pxed ] && [ -n "$best" ] && [ -n "$wall" ]; then
		ratio=$(awk -v p="$wall" -v b="$best" 'BEGIN { if (p > 0) printf "%.2fx", b / p; else print "-" }')
	fi
	cpu=$(awk -v m="${R[$stack,$n,$loss,server_cpu_ms]:-0}" 'BEGIN { printf "%.1f", m / 1000 }')
	rss=$(awk -v k="${R[$stack,$n,$loss,server_peak_rss_kb]:-0}" 'BEGIN { printf "%.1f", k / 1024 }')
	printf '%-12s %6s %4s%% %9s %6s %7s %24s %10s %9s %8s %s\n' "$stack" "$n" "$loss" "${wall:--}" \
		"${R[$stack,$n,$loss,done]:--}" "${R[$stack,$n,$loss,failed]:--}" \
		"${R[$stack,$n,$loss,phase_total_ms]:--}" "$cpu" "$rss" "$ratio" "${R[$stack,$n,$loss,causes]:-}"
done
[ -n "$CEIL_TCP$CEIL_UDP" ] && echo "machine ceiling: TCP ${CEIL_TCP:-?} MiB/s; UDP lock-step ${CEIL_UDP:-?} MiB/s (${CEIL_PPS:-?} round trips/s)"
for n in $SIZES; do
	[ -n "${HOSTS_ADD_S[$n]:-}" ] && echo "${HOSTS_ADD_HOW[$n]}: ${HOSTS_ADD_S[$n]} s"
done
[ -n "$LOSS_KIND" ] && echo "(loss by $LOSS_KIND random drop on both ends)"
exit 0
