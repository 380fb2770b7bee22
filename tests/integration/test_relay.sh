#!/bin/bash
# A client behind a DHCP relay (ISC dhcrelay, package isc-dhcp-relay) gets
# an address from the subnet of the relay's client-side interface (selected
# by giaddr), with that subnet's router.
#
#   client ns          relay ns                      server ns
#   pxc0  <-------->  rl1 198.18.1.1/24  rl0 198.18.0.2/24 <--> pxs0 198.18.0.1/24
. "$(dirname "$0")/lib.sh"
lab_init "$@"
command -v busybox >/dev/null 2>&1 || skip "busybox not installed"
command -v dhcrelay >/dev/null 2>&1 || skip "dhcrelay not installed (apt-get install isc-dhcp-relay)"

NS_RLY=$LAB-rly
ns_add "$NS_SRV"
ns_add "$NS_RLY"
ns_add "$NS_CLI"
veth_pair "$NS_SRV" "$SRV_IF" "$NS_RLY" rl0
veth_pair "$NS_RLY" rl1 "$NS_CLI" "$CLI_IF"
set_mac "$NS_CLI" "$CLI_IF" 52:54:00:aa:01:01
in_ns "$NS_SRV" ip addr add "$SRV_IP/24" dev "$SRV_IF"
in_ns "$NS_RLY" ip addr add 198.18.0.2/24 dev rl0
in_ns "$NS_RLY" ip addr add 198.18.1.1/24 dev rl1
in_ns "$NS_RLY" sysctl -qw net.ipv4.ip_forward=1
# Replies go back to the relay's giaddr, which is on the remote subnet.
in_ns "$NS_SRV" ip route add 198.18.1.0/24 via 198.18.0.2 || die "cannot add route"

write_config "$WORK/pxed.yaml" dhcp \
	'    - subnet: 198.18.1.0/24
      ranges: ["198.18.1.100-198.18.1.150"]
      routers: [198.18.1.1]
      dns_servers: [198.18.0.53]
      domain_name: remote.lab.example
      next_server: 198.18.0.1'
pxed_start --config "$WORK/pxed.yaml"

# -d: foreground, so it is ours to kill by PID. Downstream rl1, upstream rl0.
ip netns exec "$NS_RLY" timeout 60 dhcrelay -4 -d -id rl1 -iu rl0 "$SRV_IP" >"$WORK/dhcrelay.log" 2>&1 &
track $!
for i in $(seq 1 50); do
	in_ns "$NS_RLY" ss -H -ulnp 'sport = :67' 2>/dev/null | grep -q dhcrelay && break
	sleep 0.1
done
in_ns "$NS_RLY" ss -H -ulnp 'sport = :67' 2>/dev/null | grep -q dhcrelay ||
	{ sed 's/^/  dhcrelay| /' "$WORK/dhcrelay.log"; die "dhcrelay did not start"; }

dump=$WORK/udhcpc.env
run_udhcpc "$NS_CLI" "$dump" -O bootfile -O tftp
rc=$?
expect_eq "udhcpc through the relay: exit status" "$rc" 0
if [ "$rc" != 0 ]; then
	sed 's/^/  dhcrelay| /' "$WORK/dhcrelay.log" | tail -n 20
fi
ip=$(dump_get "$dump" ip)
expect_match "address from the relayed subnet" "$ip" '^198\.18\.1\.(1[0-4][0-9]|150)$'
expect_eq "router of the relayed subnet" "$(dump_get "$dump" router)" 198.18.1.1
expect_eq "domain of the relayed subnet" "$(dump_get "$dump" domain)" remote.lab.example
expect_eq "subnet mask" "$(dump_get "$dump" subnet)" 255.255.255.0
expect_eq "server id" "$(dump_get "$dump" serverid)" 198.18.0.1
expect_eq "next-server of the relayed subnet" "$(dump_get "$dump" siaddr)" 198.18.0.1

line=$(pxed_leases "$WORK/state" | awk -v ip="$ip" '$1 == ip')
expect_match "pxed leases lists the relayed lease" "$line" "^$ip 52:54:00:aa:01:01 "

pxed_alive || fail "pxed died during the test"
finish
