# Helpers for pxed's integration tests: a small lab of network namespaces
# with pxed in one and real DHCP clients in the others.
#
# A test script does:
#   . "$(dirname "$0")/lib.sh"
#   lab_init "$@"          # $1 = pxed binary, $2 = build root; skips (77) if it can't run
#   lab_setup              # server ns + one client ns joined by a veth pair
#   write_config ...; pxed_start --config "$WORK/pxed.yaml"
#   ... checks with expect_eq / expect_match / fail ...
#   finish                 # exit 0 if every check passed, 1 otherwise
#
# Everything the lab creates has a name unique to this run (prefix + $$), is
# recorded, and is removed by the EXIT trap: processes are killed by PID and
# the namespaces deleted. Every wait is bounded.
#
# Addresses: the server side is 198.18.0.1/24 on interface pxs0 (in the
# server namespace); clients use pxc0 in their own namespace. Only
# 198.18.0.0/15 is used.

set -u

LAB=""
WORK=""
PXED=""
BUILD_ROOT=""
NS_SRV=""
NS_CLI=""
LAB_NAMESPACES=()
LAB_PIDS=()
PXED_PID=""
PXED_LOG=""
PXED_STARTS=0
FAILURES=0
SRV_IF=pxs0
CLI_IF=pxc0
SRV_IP=198.18.0.1

# Exit codes understood by meson: 77 = skipped.
skip() {
	echo "SKIP: $*"
	exit 77
}

fail() {
	echo "FAIL: $*"
	FAILURES=$((FAILURES + 1))
}

pass() {
	echo "ok: $*"
}

# expect_eq LABEL GOT WANT
expect_eq() {
	if [ "$2" = "$3" ]; then
		pass "$1 = $3"
	else
		fail "$1: got '$2', expected '$3'"
	fi
}

# expect_match LABEL GOT EXTENDED-REGEX
expect_match() {
	if printf '%s\n' "$2" | grep -Eq -- "$3"; then
		pass "$1 matches /$3/"
	else
		fail "$1: got '$2', expected to match /$3/"
	fi
}

# A fatal problem in the lab itself: no point going on.
die() {
	fail "$*"
	finish
}

lab_init() {
	PXED=${1:-}
	BUILD_ROOT=${2:-}
	[ "$(id -u)" = 0 ] || skip "needs root (network namespaces)"
	command -v ip >/dev/null 2>&1 || skip "ip(8) not installed"
	command -v timeout >/dev/null 2>&1 || skip "timeout(1) not installed"
	command -v ss >/dev/null 2>&1 || skip "ss(8) not installed"
	[ -n "$PXED" ] && [ -x "$PXED" ] || skip "pxed binary not given or not executable: '$PXED'"
	LAB=pxt$$
	# Probe that namespaces really work here (containers often forbid them).
	if ! ip netns add "$LAB-probe" >/dev/null 2>&1; then
		skip "ip netns unavailable (no CAP_SYS_ADMIN or no netns support)"
	fi
	ip netns del "$LAB-probe" >/dev/null 2>&1
	WORK=$(mktemp -d "/tmp/pxed-it-$(basename "$0" .sh)-XXXXXX") || skip "mktemp failed"
	trap lab_cleanup EXIT
	trap 'exit 130' INT
	trap 'exit 143' TERM
	NS_SRV=$LAB-srv
	NS_CLI=$LAB-cli
	PXED_LOG=$WORK/pxed.log
	echo "lab $LAB, work dir $WORK"
}

# Runs a command inside a namespace. For a background job use `ip netns exec`
# directly: a function run with & is a subshell whose PID is not the
# program's, and killing it leaves the program running.
in_ns() {
	local ns=$1
	shift
	ip netns exec "$ns" "$@"
}

ns_add() {
	ip netns add "$1" || die "cannot create namespace $1"
	LAB_NAMESPACES+=("$1")
	in_ns "$1" ip link set lo up
	# No IPv6 chatter (router solicitations, DAD) in captures and logs.
	in_ns "$1" sysctl -qw net.ipv6.conf.all.disable_ipv6=1 >/dev/null 2>&1 || true
	in_ns "$1" sysctl -qw net.ipv6.conf.default.disable_ipv6=1 >/dev/null 2>&1 || true
}

# veth_pair NS_A IF_A NS_B IF_B: creates the pair directly inside the two
# namespaces, so the names never collide with anything in the root namespace.
veth_pair() {
	ip link add "$2" netns "$1" type veth peer name "$4" netns "$3" ||
		die "cannot create veth $1:$2 <-> $3:$4"
	in_ns "$1" ip link set "$2" up
	in_ns "$3" ip link set "$4" up
}

# set_mac NS IF MAC
set_mac() {
	in_ns "$1" ip link set dev "$2" address "$3" || die "cannot set MAC $3 on $1:$2"
}

# lab_setup [bridge]: server namespace with pxs0 = 198.18.0.1/24 and one
# client namespace NS_CLI with pxc0 (MAC 52:54:00:aa:00:01) on the same link.
# With "bridge", pxs0 is a bridge in the server namespace and more clients
# can be added with lab_add_client.
lab_setup() {
	local mode=${1:-veth}
	ns_add "$NS_SRV"
	if [ "$mode" = bridge ]; then
		in_ns "$NS_SRV" ip link add "$SRV_IF" type bridge || die "cannot create bridge"
		in_ns "$NS_SRV" ip link set "$SRV_IF" up
		lab_add_client cli 52:54:00:aa:00:01
	else
		ns_add "$NS_CLI"
		veth_pair "$NS_SRV" "$SRV_IF" "$NS_CLI" "$CLI_IF"
		set_mac "$NS_CLI" "$CLI_IF" 52:54:00:aa:00:01
	fi
	in_ns "$NS_SRV" ip addr add "$SRV_IP/24" dev "$SRV_IF" || die "cannot address $SRV_IF"
}

# lab_add_client NAME MAC: a new namespace $LAB-NAME whose pxc0 is plugged
# into the server's bridge. Prints nothing; the namespace is "$LAB-NAME".
lab_add_client() {
	local ns=$LAB-$1 port
	port=pxp${#LAB_NAMESPACES[@]}
	ns_add "$ns"
	veth_pair "$NS_SRV" "$port" "$ns" "$CLI_IF"
	in_ns "$NS_SRV" ip link set "$port" master "$SRV_IF" || die "cannot plug $port into $SRV_IF"
	set_mac "$ns" "$CLI_IF" "$2"
}

# lab_client_addr NS ADDR/PREFIX: gives a client a static address (for tools
# that send from a configured address, e.g. a relay or the probe).
lab_client_addr() {
	in_ns "$1" ip addr add "$2" dev "$CLI_IF" || die "cannot add $2 in $1"
}

lab_cleanup() {
	local rc=$? pid ns i
	trap - EXIT INT TERM
	for pid in "${LAB_PIDS[@]}"; do
		kill -TERM "$pid" 2>/dev/null
	done
	for pid in "${LAB_PIDS[@]}"; do
		for i in $(seq 1 30); do
			kill -0 "$pid" 2>/dev/null || break
			sleep 0.1
		done
		kill -KILL "$pid" 2>/dev/null
		wait "$pid" 2>/dev/null
	done
	# Whatever is still inside our namespaces (e.g. a client that forked
	# into the background) was started by this test: end it by its PID.
	for ns in "${LAB_NAMESPACES[@]}"; do
		for pid in $(ip netns pids "$ns" 2>/dev/null); do
			kill -KILL "$pid" 2>/dev/null
		done
	done
	for ns in "${LAB_NAMESPACES[@]}"; do
		ip netns del "$ns" 2>/dev/null
	done
	if [ "$rc" = 0 ] || [ "$rc" = 77 ]; then
		[ -n "$WORK" ] && rm -rf "$WORK"
	elif [ -n "$WORK" ]; then
		echo "work dir kept for inspection: $WORK"
	fi
	exit "$rc"
}

# track PID: killed at cleanup.
track() {
	LAB_PIDS+=("$1")
}

# --- pxed ------------------------------------------------------------------

# pxed_start ARGS...: runs `pxed serve ARGS` in the server namespace in the
# background, logging to $PXED_LOG (appended, one header per start), and
# waits until it listens on UDP port 67.
pxed_start() {
	pxed_start_waiting -ulnp 67 "$@"
}

# pxed_start_waiting SS-FLAGS PORT ARGS...: pxed_start, waiting for the
# socket ss shows with SS-FLAGS (-ulnp, -tlnp) on PORT instead.
pxed_start_waiting() {
	local flags=$1 port=$2
	shift 2
	PXED_STARTS=$((PXED_STARTS + 1))
	echo "=== pxed start #$PXED_STARTS: serve $*" >>"$PXED_LOG"
	# ip netns exec execs pxed in place: $! is pxed's own PID.
	ip netns exec "$NS_SRV" "$PXED" serve "$@" >>"$PXED_LOG" 2>&1 &
	PXED_PID=$!
	track "$PXED_PID"
	pxed_wait_socket "$flags" "$port" || {
		fail "pxed did not start listening on :$port"
		pxed_log_tail
		finish
	}
}

pxed_alive() {
	[ -n "$PXED_PID" ] && kill -0 "$PXED_PID" 2>/dev/null
}

# Polls ss in the server namespace for pxed's UDP socket on port 67; gives up
# after ~10 s or as soon as pxed has exited.
pxed_wait_listening() {
	pxed_wait_socket -ulnp 67
}

# pxed_wait_udp PORT: like pxed_wait_listening, for any UDP port of pxed's.
pxed_wait_udp() {
	pxed_wait_socket -ulnp "$1"
}

# pxed_wait_tcp PORT: the same for a listening TCP port of pxed's.
pxed_wait_tcp() {
	pxed_wait_socket -tlnp "$1"
}

# pxed_wait_socket SS-FLAGS PORT: polls ss in the server namespace for
# pxed's socket on PORT; gives up after ~10 s or as soon as pxed has exited.
pxed_wait_socket() {
	local i
	for i in $(seq 1 100); do
		pxed_alive || {
			echo "pxed (pid $PXED_PID) exited during startup"
			return 1
		}
		if in_ns "$NS_SRV" ss -H "$1" "sport = :$2" 2>/dev/null | grep -q "pid=$PXED_PID,"; then
			return 0
		fi
		sleep 0.1
	done
	return 1
}

# pxed_start_tftp ARGS...: pxed_start for a pxed that serves TFTP only
# (`serve --tftp-only ...`): waits for its socket on UDP ${TFTP_PORT:-69}.
pxed_start_tftp() {
	pxed_start_waiting -ulnp "${TFTP_PORT:-69}" "$@"
}

# pxed_start_http ARGS...: pxed_start for a pxed without DHCP that serves
# HTTP: waits for its socket on TCP ${HTTP_PORT:-8080}.
pxed_start_http() {
	pxed_start_waiting -tlnp "${HTTP_PORT:-8080}" "$@"
}

# pxed_stop [SIGNAL]: signals pxed and waits (bounded) for it to exit.
# Sets PXED_EXIT to its exit status (128+N when killed by signal N).
PXED_EXIT=""
pxed_stop() {
	local sig=${1:-TERM} i
	PXED_EXIT=""
	[ -n "$PXED_PID" ] || return 0
	kill "-$sig" "$PXED_PID" 2>/dev/null
	for i in $(seq 1 100); do
		kill -0 "$PXED_PID" 2>/dev/null || break
		sleep 0.1
	done
	if kill -0 "$PXED_PID" 2>/dev/null; then
		fail "pxed did not exit within 10 s of SIG$sig; killing it"
		kill -KILL "$PXED_PID" 2>/dev/null
	fi
	wait "$PXED_PID" 2>/dev/null
	PXED_EXIT=$?
	PXED_PID=""
}

pxed_log_tail() {
	echo "--- last lines of $PXED_LOG:"
	tail -n "${1:-40}" "$PXED_LOG" 2>/dev/null | sed 's/^/  | /'
	echo "---"
}

# pxed_leases STATE_DIR: prints `pxed leases` output (IP MAC STATE ENDS HOSTNAME).
pxed_leases() {
	timeout 20 "$PXED" leases --state-dir "$1"
}

# write_config FILE [dhcp|proxy] [EXTRA]: the standard lab configuration:
# subnet 198.18.0.0/24 with pool .100-.150, router .1, DNS .53, domain
# lab.example, next-server .1, boot files bios=pxelinux.0 and
# efi-x64=syslinux.efi; with "proxy" a proxyDHCP server and no subnets.
# EXTRA is appended as is: YAML lines indented for the dhcp section
# ("  hosts: [...]") or top-level ones.
# BOOT_FILES (a YAML flow mapping) replaces the standard boot files.
BOOT_FILES='{bios: pxelinux.0, efi-x64: syslinux.efi}'
write_config() {
	local file=$1 mode=${2:-dhcp} extra=${3:-}
	{
		cat <<-EOF
		state_dir: $WORK/state
		user: ""
		log: {level: debug}
		dhcp:
		  interfaces: [$SRV_IF]
		  boot_files: $BOOT_FILES
		EOF
		if [ "$mode" = proxy ]; then
			echo "  proxy: true"
		else
			cat <<-'EOF'
			  subnets:
			    - subnet: 198.18.0.0/24
			      ranges: ["198.18.0.100-198.18.0.150"]
			      routers: [198.18.0.1]
			      dns_servers: [198.18.0.53]
			      domain_name: lab.example
			      next_server: 198.18.0.1
			EOF
		fi
		[ -z "$extra" ] || printf '%s\n' "$extra"
	} >"$file"
}

# --- provisioning -------------------------------------------------------------

# write_el9_ks FILE: a small EL9 kickstart template that the validator
# accepts, naming the host and its tree: the catalog tests' common profile.
write_el9_ks() {
	cat >"$1" <<'EOF'
lang en_US.UTF-8
keyboard us
timezone UTC --utc
rootpw --plaintext secret
url --url={{tree_url}}
network --bootproto=dhcp --hostname={{hostname}}
text
reboot
%packages
@core
%end
EOF
}

# pxed_start_provisioning: pxed serving DHCP, TFTP from $WORK/tftp and HTTP
# from $WORK/http on port 8080, its catalog in $WORK/state; sets H to the
# HTTP base URL (cli_curl fetches from the client namespace).
pxed_start_provisioning() {
	mkdir -p "$WORK/tftp" "$WORK/http"
	write_config "$WORK/pxed.yaml" dhcp "tftp:
  root: $WORK/tftp
http:
  root: $WORK/http
  port: 8080"
	pxed_start --config "$WORK/pxed.yaml"
	pxed_wait_tcp 8080 || fail "HTTP is not listening"
	H=http://198.18.0.1:8080
}
cli_curl() { timeout 20 ip netns exec "$NS_CLI" curl -s "$@"; }

# --- clients -----------------------------------------------------------------

# The script udhcpc runs on each event: on bound, it dumps every variable
# udhcpc exported (ip, router, dns, domain, boot_file, siaddr, hostname ...)
# to $DUMP as sorted VAR=value lines.
write_udhcpc_script() {
	cat >"$WORK/udhcpc.sh" <<-'EOF'
	#!/bin/sh
	case "$1" in
	bound|renew)
		env | sort >"$DUMP.tmp" && mv "$DUMP.tmp" "$DUMP"
		;;
	esac
	exit 0
	EOF
	chmod +x "$WORK/udhcpc.sh"
}

# run_udhcpc NS DUMPFILE [extra udhcpc args]: one DORA with busybox udhcpc
# in the foreground; returns its exit status (0 = got a lease).
run_udhcpc() {
	local ns=$1 dump=$2
	shift 2
	command -v busybox >/dev/null 2>&1 || skip "busybox not installed"
	[ -x "$WORK/udhcpc.sh" ] || write_udhcpc_script
	rm -f "$dump"
	DUMP=$dump timeout 30 ip netns exec "$ns" busybox udhcpc -f -q -n -t 5 -T 1 -A 1 \
		-i "$CLI_IF" -s "$WORK/udhcpc.sh" "$@" >>"$WORK/udhcpc.log" 2>&1
}

# dump_get FILE VAR: the value of VAR in a VAR=value dump ("" if absent).
dump_get() {
	sed -n "s/^$2=//p" "$1" 2>/dev/null | head -n 1
}

# Path of a helper built by the project (probe, load generator); "" if absent.
build_tool() {
	local p=$BUILD_ROOT/$1
	[ -x "$p" ] && echo "$p"
}

# The DHCP probe client (tests/tools); skips the test when it is not built.
PROBE=""
need_probe() {
	PROBE=$(build_tool tests/tools/pxed-dhcp-probe)
	[ -n "$PROBE" ] || skip "pxed-dhcp-probe not built at $BUILD_ROOT/tests/tools/"
}

# probe NS ARGS...: runs pxed-dhcp-probe in a namespace; prints its
# key=value output; returns its exit status (0 reply, 1 none, 2 usage, 3 system).
probe() {
	local ns=$1
	shift
	timeout 30 ip netns exec "$ns" "$PROBE" "$@" 2>>"$WORK/probe.err"
}

# kv KEY TEXT: the value of the first KEY=value line in TEXT.
kv() {
	printf '%s\n' "$2" | sed -n "s/^$1=//p" | head -n 1
}

# --- TFTP ----------------------------------------------------------------------

# sha FILE: the SHA-256 of FILE ("missing" when it does not exist).
sha() {
	if [ -f "$1" ]; then
		sha256sum "$1" | cut -d' ' -f1
	else
		echo missing
	fi
}

# need_cmd CMD [PACKAGE]: skips the test when CMD is not installed.
need_cmd() {
	command -v "$1" >/dev/null 2>&1 || skip "$1 not installed (package ${2:-$1}; scripts/setup-deps.sh)"
}

# Prints the verdict and exits: 0 when no check failed, 1 otherwise.
finish() {
	if [ "$FAILURES" -gt 0 ]; then
		echo "$(basename "$0"): $FAILURES check(s) FAILED"
		pxed_log_tail 60
		exit 1
	fi
	echo "$(basename "$0"): all checks passed"
	exit 0
}
