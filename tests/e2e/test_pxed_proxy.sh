#!/bin/bash
# End to end against pxed as a proxyDHCP server: the lab's addresses come
# from a plain DHCP server that knows nothing of network boot (dnsmasq in
# a namespace of its own on the same bridge, no boot options, no TFTP),
# and pxed, with `dhcp.proxy: true`, only tells PXE clients what to boot.
# A BIOS VM (iPXE ROM) gets its address from dnsmasq and its iPXE script
# from pxed's proxy answer, then installs; its installer's DHCP is
# dnsmasq's alone. A UEFI VM (OVMF's own PXE client) at the same time does
# the same through syslinux.efi, pxed's default x64 UEFI boot program,
# which takes its TFTP server from the proxy offer. (GRUB 2.06, Debian's
# signed one included, does not: it reads only the DHCP server's ACK and
# asks that server's next-server -- dnsmasq's own address here -- for its
# grub.cfg. shim gets it right, so shim + GRUB behind a proxy works only
# when the site's DHCP server names pxed as next-server.)
# pxed's timelines must still have every phase, although pxed gives no
# address: the boot client's DHCPREQUEST to dnsmasq names the address its
# boot program is then fetched from.
. "$(dirname "$0")/lab.sh"
. "$(dirname "$0")/pxed.sh"
e2e_init "$@"
need_cmd dnsmasq dnsmasq-base
e2e_need_ovmf
e2e_distro
e2e_lab_up

# the site's DHCP server: 198.18.0.2 in namespace $LAB-dhcp, on the bridge
NS_DHCP=$LAB-dhcp
lab_add_client dhcp 52:54:00:e2:ff:02
lab_client_addr "$NS_DHCP" 198.18.0.2/24
e2e_dnsmasq_dhcp "$CLI_IF" 198.18.0.160,198.18.0.190 >"$WORK/dnsmasq.conf"
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
MAC2=52:54:00:e2:14:02
UUID2=6f1c2d3e-0000-4000-8000-e2e000001402
pxed_lab_host proxy2 "$MAC2" "$UUID2" demo
PXED_EFI_BOOT=efi64/syslinux.efi
pxed_lab_up proxy
expect_match "pxed is a proxyDHCP server" "$(grep -c 'proxy: true' "$WORK/pxed.yaml")" '^1$'

e2e_vm_start proxy1 --firmware bios --nic virtio --mac "$MAC" --uuid "$UUID" --timeout 300
e2e_vm_start proxy2 --firmware uefi --nic virtio --nic-rom none --mac "$MAC2" --uuid "$UUID2" --timeout 300
e2e_vm_expect proxy1 240 "${PXED_STEPS_IPXE[@]}" "${E2E_STEPS_INSTALLER[@]}"
e2e_vm_expect proxy2 240 "${PXED_STEPS_SYSLINUX_EFI[@]}" "${E2E_STEPS_INSTALLER[@]}"
for vm in proxy1 proxy2; do
	e2e_vm_wait_exit $vm 30 || fail "vm $vm did not power off within 30 s of its last phase"
	expect_eq "vm $vm: QEMU exit status (0 = the guest powered off)" "$E2E_VM_EXIT" 0
done

lease=$(awk -v m="$MAC" '$2 == m { print $3 }' "$WORK/dnsmasq.leases" 2>/dev/null | head -n 1)
expect_match "the address came from dnsmasq" "$lease" '^198\.18\.0\.(1[6-8][0-9]|190)$'
expect_match "iPXE used dnsmasq's address" "$(grep -m1 '^[0-9.]* net0: 198' "$(e2e_vm_log proxy1)")" "net0: $lease/"
expect_match "the installer's DHCP too" "$(grep -m1 'pxed-installer: phase dhcp' "$(e2e_vm_log proxy1)")" \
	"ip=198\.18\.0\.(1[6-8][0-9]|190) server=198\.18\.0\.2 "
expect_eq "pxed gave no address" "$(grep -c 'DHCPACK\|DHCPOFFER' "$PXED_LOG")" 0
expect_match "pxed answered as proxyDHCP" "$(grep -m1 "proxyDHCP offer to $MAC" "$PXED_LOG")" "/ipxe/$MAC"
lease2=$(awk -v m="$MAC2" '$2 == m { print $3 }' "$WORK/dnsmasq.leases" 2>/dev/null | head -n 1)
expect_match "OVMF used dnsmasq's address" "$(grep -m1 'Station IP address is' "$(e2e_vm_log proxy2)")" \
	"Station IP address is ${lease2//./\\.}( |$)"
pxed_lab_timeline proxy1 proxy1 dhcp bootconfig kernel initrd kickstart tree pre post "done"
pxed_lab_timeline proxy2 proxy2 dhcp bootloader bootconfig kernel initrd kickstart tree pre post "done"
pxed_alive || fail "pxed died during the test"
finish
