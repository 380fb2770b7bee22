#!/bin/bash
# HTTP benchmark: pxed against nginx, side by side in one run, on the same
# files, with the same clients (wrk, ab), across a veth pair between two
# namespaces (198.18.0.0/15 only):
#
#   server ns  veth-s 198.18.0.1/24   <-->   client ns  veth-c 198.18.0.2/24
#
#   (a) a 64 MiB file, 8 concurrent keep-alive connections (wrk): MB/s
#   (b) random 1 MiB ranges of that file, 8 connections (wrk + a Lua
#       script; a range is checked to come back as a 206 first): MB/s
#   (c) a 2 KiB file with a new connection for every request, 8 at a time
#       (ab, HTTP/1.0 without keep-alive): requests/s
#   (d) the same with wrk sending "Connection: close" (wrk reconnects after
#       each answer): ab is single-threaded and often the bottleneck itself,
#       wrk much less so
#   (k) a kickstart with a new connection for every request (wrk,
#       "Connection: close"): pxed renders and validates the host's
#       kickstart from its store for each request (GET /ks/node1); nginx
#       serves the same text as a static ks.cfg
#
# nginx runs with its own configuration in the work directory (never the
# system's), one worker process by default since pxed serves from one
# thread (NGINX_WORKERS=auto for nginx's default), sendfile and tcp_nopush
# on, no access log; pxed logs warnings only. Each server runs alone in the
# server namespace and is stopped by its PID; the runs alternate between the
# servers (each in fresh namespaces) and the best of REPEAT counts, since
# other load on the machine only ever slows a run down. Prints one table with pxed/nginx ratios and
# the targets of issue 4: (a), (b) >= 0.9, (c) >= 0.8.
#
# Usage (as root):  bench/http/run.sh
# Environment:
#   BUILD=build   PXED=$BUILD/src/pxed   NGINX=/usr/sbin/nginx
#   SERVERS="nginx pxed"   CASES="a b c d k"   DURATION=8 (seconds per wrk run)
#   REQUESTS_C=20000   CONC=8   REPEAT=3   NGINX_WORKERS=1   KEEP=1 keeps the work directory
set -euo pipefail

here=$(cd "$(dirname "$0")" && pwd)
top=$(cd "$here/../.." && pwd)
BUILD=${BUILD:-$top/build}
PXED=${PXED:-$BUILD/src/pxed}
NGINX=${NGINX:-/usr/sbin/nginx}
SERVERS=${SERVERS:-nginx pxed}
CASES=${CASES:-a b c d k}
DURATION=${DURATION:-8}
REQUESTS_C=${REQUESTS_C:-20000}
CONC=${CONC:-8}
REPEAT=${REPEAT:-3}
NGINX_WORKERS=${NGINX_WORKERS:-1}
SRV_IP=198.18.0.1
PORT=8080

if [ "$(id -u)" != 0 ]; then
	echo "run.sh: needs root (network namespaces)" >&2
	exit 2
fi
for tool in wrk ab; do
	command -v $tool >/dev/null || { echo "run.sh: $tool not installed (scripts/setup-deps.sh)" >&2; exit 2; }
done
[ -x "$PXED" ] || { echo "run.sh: pxed not found at $PXED (build it or set PXED=)" >&2; exit 2; }

NS_S=pxhb-srv-$$
NS_C=pxhb-cli-$$
TMP=$(mktemp -d /tmp/pxed-http-bench.XXXXXX)
chmod 755 "$TMP"
ROOT=$TMP/root
SERVER_PID=

. "$here/../lib.sh"
trap cleanup EXIT
trap 'exit 130' INT TERM

# pxed's store for case (k): a distro, a profile whose template renders to
# about 2 KiB, a host. nginx gets what pxed renders, as a file.
make_catalog() {
	local st=$TMP/state
	sh "$here/../../tests/tools/make-tree.sh" rocky9 "$TMP/tree" >/dev/null
	"$PXED" distro import "$TMP/tree" --name rocky9 --state-dir "$st" >/dev/null
	{
		printf '%s\n' 'lang en_US.UTF-8' 'keyboard us' 'timezone UTC --utc' 'text' 'reboot' \
			'rootpw --iscrypted $6$bench$Qv3rDSEY.NaBl0TufaqMGvJ3e/fb35wsY/X8wzrMG72rcYxl4Gqi971G5YhcWIiOVzbABTTeUhh3SbipIKcmF.' \
			'url --url={{tree_url}}' \
			'network --bootproto=dhcp --hostname={{hostname}}' \
			'bootloader --location=mbr' 'zerombr' 'clearpart --all --initlabel' \
			'part /boot --fstype=xfs --size=1024' 'part pv.01 --size=1 --grow' \
			'volgroup vg0 pv.01' 'logvol / --vgname=vg0 --name=root --fstype=xfs --size=8192 --grow' \
			'logvol swap --vgname=vg0 --name=swap --size=2048' \
			'%packages' '@core' 'vim-enhanced' 'tmux' '%end' '%post' \
			'echo "installed {{hostname}} ({{mac}}) from {{tree_url}}" > /etc/motd' '%end'
	} >"$TMP/bench.ks"
	"$PXED" profile add bench --distro rocky9 --kickstart "$TMP/bench.ks" --state-dir "$st" >/dev/null
	"$PXED" host add --mac 52:54:00:be:00:01 --hostname node1 --profile bench --state-dir "$st" >/dev/null
	"$PXED" ks render --profile bench --host node1 --server "$SRV_IP" --http-port "$PORT" \
		--state-dir "$st" >"$ROOT/ks.cfg"
}

make_files() {
	mkdir -p "$ROOT"
	head -c $((64 << 20)) /dev/urandom >"$ROOT/big.bin"
	head -c 2048 /dev/urandom >"$ROOT/small.bin"
	make_catalog
	cat >"$TMP/range.lua" <<-'EOF'
	local size, chunk = 64 * 1048576, 1048576
	math.randomseed(os.time())
	request = function()
		local off = math.random(0, size - chunk)
		return wrk.format("GET", "/big.bin", {["Range"] = "bytes=" .. off .. "-" .. (off + chunk - 1)})
	end
	EOF
	cat >"$TMP/nginx.conf" <<-EOF
	daemon off;
	master_process on;
	worker_processes $NGINX_WORKERS;
	pid $TMP/nginx.pid;
	error_log $TMP/nginx-error.log warn;
	events { worker_connections 4096; }
	http {
		access_log off;
		sendfile on;
		tcp_nopush on;
		keepalive_requests 1000000;
		client_body_temp_path $TMP/nginx-body;
		proxy_temp_path $TMP/nginx-proxy;
		fastcgi_temp_path $TMP/nginx-fastcgi;
		uwsgi_temp_path $TMP/nginx-uwsgi;
		scgi_temp_path $TMP/nginx-scgi;
		types { application/octet-stream bin; }
		server {
			listen $SRV_IP:$PORT;
			root $ROOT;
		}
	}
	EOF
	cat >"$TMP/pxed.yaml" <<-EOF
	state_dir: $TMP/state
	user: ""
	log: {level: warning}
	dhcp: {enabled: false}
	tftp: {enabled: false}
	http: {root: $ROOT, port: $PORT, addresses: [$SRV_IP]}
	EOF
}

start_server() {
	case $1 in
	nginx) ip netns exec "$NS_S" "$NGINX" -c "$TMP/nginx.conf" -p "$TMP" >>"$TMP/nginx.out" 2>&1 & ;;
	pxed) ip netns exec "$NS_S" "$PXED" serve --config "$TMP/pxed.yaml" >>"$TMP/pxed.out" 2>&1 & ;;
	esac
	SERVER_PID=$!
	local i
	for i in $(seq 100); do
		if ip netns exec "$NS_C" curl -s -o /dev/null --max-time 1 "http://$SRV_IP:$PORT/small.bin"; then
			return 0
		fi
		kill -0 "$SERVER_PID" 2>/dev/null || break
		sleep 0.1
	done
	echo "run.sh: $1 did not start; its output:" >&2
	cat "$TMP/$1.out" >&2
	return 1
}

# wrk's "Transfer/sec: 123.45MB" in MB/s (MiB, as wrk counts)
wrk_mbs() {
	awk '/^Transfer\/sec:/ {
		v = $2; u = v; sub(/[0-9.]+/, "", u); sub(/[A-Za-z]+$/, "", v)
		f = (u == "GB") ? 1024 : (u == "MB") ? 1 : (u == "KB") ? 1 / 1024 : 1 / 1048576
		printf "%.0f", v * f
	}'
}

run_case() {
	local srv=$1 c=$2 out
	case $c in
	a)
		out=$(ip netns exec "$NS_C" wrk -t 2 -c "$CONC" -d "${DURATION}s" --timeout 30s "http://$SRV_IP:$PORT/big.bin" 2>&1)
		if grep -q "Non-2xx\|Socket errors" <<<"$out"; then
			echo "run.sh: $srv (a): $(grep -E 'Non-2xx|Socket errors' <<<"$out")" >&2
		fi
		wrk_mbs <<<"$out"
		;;
	b)
		# the answers are checked once here, not in the timed run: a Lua
		# response() hook makes wrk copy every body and costs the client
		# more than the server
		local got
		got=$(ip netns exec "$NS_C" curl -s -o /dev/null -w '%{http_code} %{size_download}' \
			-r 5000000-6048575 "http://$SRV_IP:$PORT/big.bin")
		[ "$got" = "206 1048576" ] || echo "run.sh: $srv (b): a range was answered '$got'" >&2
		out=$(ip netns exec "$NS_C" wrk -t 2 -c "$CONC" -d "${DURATION}s" --timeout 30s -s "$TMP/range.lua" \
			"http://$SRV_IP:$PORT/" 2>&1)
		grep -q "Non-2xx\|Socket errors" <<<"$out" &&
			echo "run.sh: $srv (b): $(grep -E 'Non-2xx|Socket errors' <<<"$out")" >&2
		wrk_mbs <<<"$out"
		;;
	c)
		out=$(ip netns exec "$NS_C" ab -q -n "$REQUESTS_C" -c "$CONC" "http://$SRV_IP:$PORT/small.bin" 2>&1)
		local failed
		failed=$(awk '/^Failed requests:/ {print $3}' <<<"$out")
		if [ "${failed:-x}" != 0 ]; then
			echo "run.sh: $srv (c): failed requests: ${failed:-?}" >&2
		fi
		awk '/^Requests per second:/ {printf "%.0f", $4}' <<<"$out"
		;;
	d)
		out=$(ip netns exec "$NS_C" wrk -t 2 -c "$CONC" -d "${DURATION}s" --timeout 30s -H "Connection: close" \
			"http://$SRV_IP:$PORT/small.bin" 2>&1)
		grep -q "Non-2xx" <<<"$out" && echo "run.sh: $srv (d): $(grep -E 'Non-2xx' <<<"$out")" >&2
		awk '/^Requests\/sec:/ {printf "%.0f", $2}' <<<"$out"
		;;
	k)
		local url=/ks.cfg
		[ "$srv" = pxed ] && url=/ks/node1
		out=$(ip netns exec "$NS_C" wrk -t 2 -c "$CONC" -d "${DURATION}s" --timeout 30s -H "Connection: close" \
			"http://$SRV_IP:$PORT$url" 2>&1)
		grep -q "Non-2xx" <<<"$out" && echo "run.sh: $srv (k): $(grep -E 'Non-2xx' <<<"$out")" >&2
		awk '/^Requests\/sec:/ {printf "%.0f", $2}' <<<"$out"
		;;
	esac
}

# Fresh namespaces for every run: thousands of closed connections leave
# TIME_WAIT state behind that would weigh on the runs after them.
fresh_net() {
	ip netns del "$NS_S" 2>/dev/null || true
	ip netns del "$NS_C" 2>/dev/null || true
	setup_net
	ip netns exec "$NS_C" sysctl -qw net.ipv4.ip_local_port_range="1024 65000"
}

make_files
declare -A BEST
echo "machine: $(nproc) CPUs, load average $(cut -d' ' -f1-3 /proc/loadavg)"
for c in $CASES; do
	for r in $(seq "$REPEAT"); do
		for srv in $SERVERS; do
			fresh_net
			start_server "$srv"
			v=$(run_case "$srv" "$c")
			stop_server
			echo "  ($c) $srv run $r: ${v:-?}"
			if [ -n "$v" ] && { [ -z "${BEST[$srv$c]:-}" ] || [ "$v" -gt "${BEST[$srv$c]}" ]; }; then
				BEST[$srv$c]=$v
			fi
		done
	done
done

echo
printf '%-52s %10s %10s %8s %8s\n' "case" "nginx" "pxed" "ratio" "target"
for c in $CASES; do
	case $c in
	a) what="(a) 64 MiB GET, $CONC conns (MB/s)"; target=0.9 ;;
	b) what="(b) random 1 MiB ranges, $CONC conns (MB/s)"; target=0.9 ;;
	c) what="(c) 2 KiB, new connection each, ab (req/s)"; target=0.8 ;;
	d) what="(d) 2 KiB, Connection: close, wrk (req/s)"; target=0.8 ;;
	k) what="(k) kickstart rendered vs static, new conn (req/s)"; target=0.8 ;;
	esac
	n=${BEST[nginx$c]:-}
	p=${BEST[pxed$c]:-}
	ratio=-
	verdict=
	if [ -n "$n" ] && [ -n "$p" ] && [ "$n" -gt 0 ]; then
		ratio=$(awk -v p="$p" -v n="$n" 'BEGIN { printf "%.2f", p / n }')
		verdict=$(awk -v r="$ratio" -v t="$target" 'BEGIN { print (r >= t) ? "met" : "MISSED" }')
	fi
	printf '%-52s %10s %10s %8s %8s %s\n' "$what" "${n:--}" "${p:--}" "$ratio" ">=$target" "$verdict"
done
