# shellcheck shell=bash
# What the benchmarks that run one server at a time share (bench/tftp,
# bench/http): the server alone in namespace NS_S at SRV_IP/24 on veth-s,
# its clients in NS_C at 198.18.0.2/24 on veth-c. The caller sets NS_S,
# NS_C, SRV_IP, TMP and SERVER_PID (the running server, or empty) first,
# then installs `trap cleanup EXIT`.

# Stops the server by its PID (TERM, then KILL after 5 s), and whatever it
# left in the server namespace (forked workers).
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
	local p
	for p in $(ip netns pids "$NS_S" 2>/dev/null); do
		kill -9 "$p" 2>/dev/null || true
	done
}

cleanup() {
	stop_server
	ip netns del "$NS_S" 2>/dev/null || true
	ip netns del "$NS_C" 2>/dev/null || true
	if [ "${KEEP:-0}" = 1 ]; then
		echo "run.sh: kept $TMP" >&2
	else
		rm -rf "$TMP"
	fi
}

setup_net() {
	ip netns add "$NS_S"
	ip netns add "$NS_C"
	ip link add veth-s netns "$NS_S" type veth peer name veth-c netns "$NS_C"
	ip -n "$NS_S" link set lo up
	ip -n "$NS_C" link set lo up
	ip -n "$NS_S" addr add "$SRV_IP/24" dev veth-s
	ip -n "$NS_C" addr add 198.18.0.2/24 dev veth-c
	ip -n "$NS_S" link set veth-s up
	ip -n "$NS_C" link set veth-c up
}

# loss_nft NS DEV PERMILLE [MATCH]: drops PERMILLE/1000 of the packets that
# arrive on DEV in namespace NS (an nftables table "loss"; MATCH narrows
# it, e.g. "meta l4proto udp"). An input-hook drop is silent to the
# sender, like loss on the wire; for kernels without netem.
loss_nft() {
	ip netns exec "$1" nft -f - <<EOF
table inet loss {
	chain in {
		type filter hook input priority 0;
		iifname "$2" ${4:-} numgen random mod 1000 < $3 drop
	}
}
EOF
}
