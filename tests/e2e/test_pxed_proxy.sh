#!/bin/bash
# End to end against pxed as a proxyDHCP server: the lab's addresses come
# from a plain DHCP server that knows nothing of network boot (dnsmasq in
# a namespace of its own on the same bridge, no boot options, no TFTP),
# and pxed, with `dhcp.proxy: true`, only tells PXE clients what to boot.
# A BIOS VM (iPXE ROM) gets its address from dnsmasq and its iPXE script
# from pxed's proxy answer, then installs; its installer's DHCP is
# dnsmasq's alone. pxed's timeline must still have every phase: files and
# callbacks are charged to the host by the address it learnt from the
# host's own requests.
. "$(dirname "$0")/lab.sh"
. "$(dirname "$0")/pxed.sh"
e2e_init "$@"
need_cmd dnsmasq dnsmasq-base
e2e_distro
e2e_lab_up

# the site's DHCP server: 198.18.0.2 in namespace $LAB-dhcp, on the bridge
NS_DHCP=$LAB-dhcp
lab_add_client dhcp 52:54:00:e2:ff:02
lab_client_addr "$NS_DHCP" 198.18.0.2/24
cat >"$WORK/dnsmasq.conf" <<CONF
port=0
interface=$CLI_IF
bind-interfaces
user=root
group=root
pid-file=
dhcp-authoritative
dhcp-leasefile=$WORK/dnsmasq.leases
dhcp-range=198.18.0.160,198.18.0.190,255.255.255.0,1h
dhcp-option=option:router,$E2E_SERVER_IP
log-dhcp
log-facility=$WORK/dnsmasq.log
CONF
ip netns exec "$NS_DHCP" dnsmasq -k -C "$WORK/dnsmasq.conf" >"$WORK/dnsmasq.out" 2>&1 &
track $!
for i in $(seq 1 50); do
	in_ns "$NS_DHCP" ss -ulnH 'sport = :67' | grep -q . && break
	sleep 0.1
done
in_ns "$NS_DHCP" ss -ulnH 'sport = :67' | grep -q . || die "dnsmasq is not listening on :67"
echo "plain DHCP: dnsmasq at 198.18.0.2 (pool .160-.190, no boot options)"

pxed_lab_catalog
MAC=52:54:00:e2:14:01
UUID=6f1c2d3e-0000-4000-8000-e2e000001401
pxed_lab_host proxy1 "$MAC" "$UUID" demo
pxed_lab_up proxy
expect_match "pxed is a proxyDHCP server" "$(grep -c 'proxy: true' "$WORK/pxed.yaml")" '^1$'

e2e_vm_start proxy1 --firmware bios --nic virtio --mac "$MAC" --uuid "$UUID" --timeout 240
e2e_vm_expect proxy1 180 "${PXED_STEPS_IPXE[@]}" "${E2E_STEPS_INSTALLER[@]}"
e2e_vm_wait_exit proxy1 30 || fail "vm proxy1 did not power off within 30 s of its last phase"
expect_eq "QEMU exit status (0 = the guest powered off)" "$E2E_VM_EXIT" 0

lease=$(awk -v m="$MAC" '$2 == m { print $3 }' "$WORK/dnsmasq.leases" 2>/dev/null | head -n 1)
expect_match "the address came from dnsmasq" "$lease" '^198\.18\.0\.(1[6-8][0-9]|190)$'
expect_match "iPXE used dnsmasq's address" "$(grep -m1 '^[0-9.]* net0: 198' "$(e2e_vm_log proxy1)")" "net0: $lease/"
expect_match "the installer's DHCP too" "$(grep -m1 'pxed-installer: phase dhcp' "$(e2e_vm_log proxy1)")" \
	"ip=198\.18\.0\.(1[6-8][0-9]|190) server=198\.18\.0\.2 "
expect_eq "pxed gave no address" "$(grep -c 'DHCPACK\|DHCPOFFER' "$PXED_LOG")" 0
expect_match "pxed answered as proxyDHCP" "$(grep -m1 "proxyDHCP offer to $MAC" "$PXED_LOG")" "/ipxe/$MAC"
pxed_lab_timeline proxy1 proxy1 dhcp bootconfig kernel initrd kickstart tree pre post done
pxed_alive || fail "pxed died during the test"
finish
