#!/bin/sh
# `make demo`: pxed in a private lab. Two network namespaces joined by a
# virtual cable (198.18.0.0/24, nothing touches the host's network); pxed
# serves DHCP+PXE in one, real clients ask from the other.
set -eu
PXED=$(realpath "${1:-build/src/pxed}")
ROOT=$(cd "$(dirname "$0")/.." && pwd)
BUILD=$(dirname "$(dirname "$PXED")")
PROBE="$BUILD/tests/tools/pxed-dhcp-probe"

if [ "$(id -u)" != 0 ]; then
	echo "make demo needs root (it creates network namespaces)" >&2
	exit 1
fi

NS_S=pxd-demo-srv-$$
NS_C=pxd-demo-cli-$$
WORK=$(mktemp -d /tmp/pxed-demo.XXXXXX)
PXED_PID=
say() { printf '\n\033[1m==> %s\033[0m\n' "$*"; }

cleanup() {
	[ -n "$PXED_PID" ] && kill "$PXED_PID" 2>/dev/null && sleep 0.3
	[ -n "$PXED_PID" ] && kill -9 "$PXED_PID" 2>/dev/null
	ip netns del "$NS_C" 2>/dev/null || true
	ip netns del "$NS_S" 2>/dev/null || true
	rm -rf "$WORK"
}
trap cleanup EXIT
trap 'exit 130' INT TERM HUP PIPE

say "Creating the lab: namespaces $NS_S (pxed, 198.18.0.1) and $NS_C (clients)"
ip netns add "$NS_S"
ip netns add "$NS_C"
ip link add pxd-srv netns "$NS_S" type veth peer name pxd-cli netns "$NS_C"
ip -n "$NS_S" addr add 198.18.0.1/24 dev pxd-srv
ip -n "$NS_S" link set lo up
ip -n "$NS_S" link set pxd-srv up
ip -n "$NS_C" link set lo up
ip -n "$NS_C" link set pxd-cli address 52:54:00:00:00:42
ip -n "$NS_C" link set pxd-cli up

say "Starting pxed with etc/demo.yaml (log below is pxed's own)"
mkdir -p "$WORK/state"
sed "s|@STATE@|$WORK/state|" "$ROOT/etc/demo.yaml" > "$WORK/pxed.yaml"
chmod 755 "$WORK"
"$PXED" check-config "$WORK/pxed.yaml"
ip netns exec "$NS_S" "$PXED" serve --config "$WORK/pxed.yaml" 2>&1 | sed -u 's/^/    [pxed] /' &
sleep 0.2
PXED_PID=$(ip netns pids "$NS_S" | head -n 1)
i=0
until ip netns exec "$NS_S" ss -ulnH | grep -q ':67 '; do
	i=$((i + 1))
	[ $i -lt 50 ] || { echo "pxed did not start" >&2; exit 1; }
	sleep 0.1
done

cat > "$WORK/udhcpc.sh" <<'EOS'
#!/bin/sh
[ "$1" = bound ] || exit 0
echo "    address $ip/$mask  router $router  dns $dns  domain $domain"
echo "    boot file '$boot_file' from next-server $siaddr, lease ${lease}s"
EOS
chmod +x "$WORK/udhcpc.sh"
say "A Linux client (busybox udhcpc, MAC 52:54:00:00:00:42) asks for an address"
ip netns exec "$NS_C" timeout 20 busybox udhcpc -f -q -n -t 5 -T 1 -i pxd-cli -s "$WORK/udhcpc.sh" 2>&1 |
	grep -v '^udhcpc: \(started\|broadcasting\|sending\|lease of\|no lease\)' || true

say "The static host node07 (MAC 52:54:00:00:00:07) asks with ISC dhclient"
ip -n "$NS_C" link set pxd-cli address 52:54:00:00:00:07
cat > "$WORK/dhclient.sh" <<'EOS'
#!/bin/sh
case "$reason" in BOUND|REBOOT)
	echo "    address $new_ip_address  host-name $new_host_name  router $new_routers"
	echo "    boot file '$new_filename' from next-server $new_next_server" ;;
esac
EOS
chmod +x "$WORK/dhclient.sh"
ip netns exec "$NS_C" timeout 30 dhclient -1 -sf "$WORK/dhclient.sh" -lf "$WORK/dhclient.leases" \
	-pf "$WORK/dhclient.pid" pxd-cli 2>/dev/null || echo "    dhclient got no lease"
[ -f "$WORK/dhclient.pid" ] && kill "$(cat "$WORK/dhclient.pid")" 2>/dev/null || true
ip -n "$NS_C" addr flush dev pxd-cli

if [ -x "$PROBE" ]; then
	for spec in "BIOS PXE ROM:--arch 0" "UEFI x64 firmware:--arch 7" "UEFI ARM64 firmware:--arch 11" \
		"iPXE (already chained):--arch 0 --user-class iPXE"; do
		what=${spec%%:*}
		args=${spec#*:}
		say "A $what boots (DISCOVER with option 93 and PXEClient)"
		n=$(( $(date +%s%N) % 200 + 16 ))
		mac=$(printf '52:54:00:00:01:%02x' "$n")
		# shellcheck disable=SC2086
		ip netns exec "$NS_C" "$PROBE" --interface pxd-cli --mac "$mac" --type dora $args --timeout-ms 3000 |
			grep -E '^(type|yiaddr|siaddr|file|opt60)=' | sed 's/^/    /' || echo "    no answer"
	done
fi

say "Leases in pxed's store ($WORK/state/pxed.db)"
"$PXED" leases --state-dir "$WORK/state" | sed 's/^/    /'

say "Done. Next: docs/pxed.conf.md (configuration), 'pxed serve --help', 'pxed import-dhcpd'."
