#!/bin/bash
# ISC dhclient gets a lease from the pool with the configured router, DNS,
# domain, boot file (BOOTP file field) and next-server (siaddr).
. "$(dirname "$0")/lib.sh"
lab_init "$@"
command -v dhclient >/dev/null 2>&1 || skip "dhclient (isc-dhcp-client) not installed"
lab_setup
write_config "$WORK/pxed.yaml"
pxed_start --config "$WORK/pxed.yaml"

# Our own config: request exactly what we check, send a host name, give up
# after 20 s. dhclient exports the BOOTP file field as new_filename and
# siaddr as new_next_server; pxed fills them for a client that is not a PXE
# ROM only when it asks for boot information (options 66/67), as a Linux
# client netbooting (e.g. a diskless initramfs) does.
cat >"$WORK/dhclient.conf" <<'CONF'
timeout 20;
retry 1;
send host-name "isc-client";
request subnet-mask, broadcast-address, routers, domain-name,
	domain-name-servers, host-name, interface-mtu, bootfile-name,
	tftp-server-name;
CONF
# dhclient runs this instead of dhclient-script: dump the variables of the
# binding event, configure nothing. dhclient gives the script a fresh
# environment, so the dump path is written into it.
dump=$WORK/dhclient.env
cat >"$WORK/dhclient-script.sh" <<SCRIPT
#!/bin/sh
case "\$reason" in
BOUND|RENEW|REBIND|REBOOT)
	env | sort >"$dump.tmp" && mv "$dump.tmp" "$dump"
	;;
esac
exit 0
SCRIPT
chmod +x "$WORK/dhclient-script.sh"

# -d keeps dhclient in the foreground (so it stays ours to kill by PID);
# -1 makes it exit with status 2 if it gets no lease.
ip netns exec "$NS_CLI" timeout 40 dhclient -1 -d -v \
	-cf "$WORK/dhclient.conf" -lf "$WORK/dhclient.leases" -pf "$WORK/dhclient.pid" \
	-sf "$WORK/dhclient-script.sh" "$CLI_IF" >"$WORK/dhclient.log" 2>&1 &
dhc=$!
track "$dhc"
for i in $(seq 1 300); do
	[ -s "$dump" ] && break
	kill -0 "$dhc" 2>/dev/null || break
	sleep 0.1
done
if [ ! -s "$dump" ]; then
	sed 's/^/  dhclient| /' "$WORK/dhclient.log"
	die "dhclient got no lease"
fi

ip=$(dump_get "$dump" new_ip_address)
expect_eq "reason" "$(dump_get "$dump" reason)" BOUND
expect_match "leased address" "$ip" '^198\.18\.0\.(1[0-4][0-9]|150)$'
expect_eq "subnet mask" "$(dump_get "$dump" new_subnet_mask)" 255.255.255.0
expect_eq "routers" "$(dump_get "$dump" new_routers)" 198.18.0.1
expect_eq "dns servers" "$(dump_get "$dump" new_domain_name_servers)" 198.18.0.53
expect_eq "domain name" "$(dump_get "$dump" new_domain_name)" lab.example
expect_eq "server identifier" "$(dump_get "$dump" new_dhcp_server_identifier)" 198.18.0.1
expect_eq "boot file (filename)" "$(dump_get "$dump" new_filename)" pxelinux.0
expect_eq "next-server" "$(dump_get "$dump" new_next_server)" 198.18.0.1
expect_match "lease time" "$(dump_get "$dump" new_dhcp_lease_time)" '^[0-9]+$'
expect_eq "message type" "$(dump_get "$dump" new_dhcp_message_type)" 5

line=$(pxed_leases "$WORK/state" | awk -v ip="$ip" '$1 == ip')
expect_match "pxed leases line" "$line" "^$ip 52:54:00:aa:00:01 .* isc-client$"

kill -TERM "$dhc" 2>/dev/null
pxed_alive || fail "pxed died during the test"
finish
