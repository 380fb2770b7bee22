#!/bin/bash
# End to end against pxed, three machines at once, each another way in:
#   fleet1  BIOS, iPXE ROM -> its iPXE script, kernel and initrd over HTTP;
#           profile demo (Rocky 9.4); a fixed address from `host add --ip`
#   fleet2  BIOS with an e1000 NIC (the others have virtio-net), its iPXE
#           ROM -> pxelinux.0 (a dhcp.hosts entry of the configuration gives
#           this MAC pxelinux.0 for iPXE) -> ldlinux.c32
#           -> pxelinux.cfg/01-<mac>, kernel and initrd over TFTP; profile
#           demo7 (CentOS 7: EL7 kernel arguments)
#   fleet3  x64 UEFI, OVMF's PXE -> shimx64.efi -> grubx64.efi ->
#           grub.cfg-01-<mac> (linuxefi/initrdefi, as EL7 wants), over
#           HTTP once GRUB loaded pxed's http.mod; profile demo7
# All three power on together and must all finish, each with its full
# timeline in pxed. Three TCG VMs share 2 cores, so the bounds are wide.
# Then fleet1 boots again: boot-once through its iPXE script (sanboot).
. "$(dirname "$0")/lab.sh"
. "$(dirname "$0")/pxed.sh"
pxed_lab_begin "$@" uefi
pxed_lab_profile el7 demo7

M1=52:54:00:e2:13:01 M2=52:54:00:e2:13:02 M3=52:54:00:e2:13:03
U1=6f1c2d3e-0000-4000-8000-e2e000001301
U2=6f1c2d3e-0000-4000-8000-e2e000001302
U3=6f1c2d3e-0000-4000-8000-e2e000001303
FIXED_IP=198.18.0.31
pxed_lab_host fleet1 "$M1" "$U1" demo --ip "$FIXED_IP"
pxed_lab_host fleet2 "$M2" "$U2" el7
pxed_lab_host fleet3 "$M3" "$U3" el7
PXED_DHCP_EXTRA="  hosts:
    - {name: fleet2-pxelinux, mac: \"$M2\", boot_files: {ipxe: pxelinux.0}}"
pxed_lab_up

LIMIT=480 DEADLINE=420
e2e_vm_start fleet1 --firmware bios --nic virtio --mac "$M1" --uuid "$U1" --timeout $LIMIT
e2e_vm_start fleet2 --firmware bios --nic e1000 --mac "$M2" --uuid "$U2" --timeout $LIMIT
e2e_vm_start fleet3 --firmware uefi --nic virtio --nic-rom none --mac "$M3" --uuid "$U3" --timeout $LIMIT

e2e_vm_expect fleet1 $DEADLINE "${PXED_STEPS_IPXE[@]}" "${E2E_STEPS_INSTALLER[@]}"
e2e_vm_expect fleet2 $DEADLINE "${E2E_STEPS_BIOS[@]}" "${E2E_STEPS_INSTALLER[@]}"
e2e_vm_expect fleet3 $DEADLINE "${PXED_STEPS_UEFI[@]:0:2}" "boot program=NBP filename is shimx64.efi" \
	"${PXED_STEPS_UEFI[@]:2}" "${E2E_STEPS_INSTALLER[@]}"
for vm in fleet1 fleet2 fleet3; do
	e2e_vm_wait_exit $vm 30 || fail "vm $vm did not power off within 30 s of its last phase"
	expect_eq "vm $vm: QEMU exit status (0 = the guest powered off)" "$E2E_VM_EXIT" 0
done

expect_match "fleet2's installer brought up its e1000 NIC" \
	"$(grep -m1 'pxed-installer: phase nic' "$(e2e_vm_log fleet2)")" "mac=$M2 driver=e1000"
expect_match "fleet1 installed with its fixed address" \
	"$(grep -m1 'pxed-installer: phase dhcp' "$(e2e_vm_log fleet1)")" "ip=$FIXED_IP "
expect_match "fleet2's kernel got EL7 arguments from pxelinux.cfg/01-<mac>" \
	"$(grep -m1 'Command line:' "$(e2e_vm_log fleet2)")" "inst\.ks=$PXED_URL/ks/fleet2 inst\.repo=$PXED_URL/distros/demo7 .*BOOTIF=01-${M2//:/-}"
expect_match "fleet3's kernel got its arguments from grub.cfg-01-<mac>" \
	"$(grep -m1 'Command line:' "$(e2e_vm_log fleet3)")" "inst\.ks=$PXED_URL/ks/fleet3 .*BOOTIF=01-${M3//:/-}"
pxed_lab_timeline fleet1 fleet1 dhcp bootconfig kernel initrd kickstart tree pre post "done"
pxed_lab_timeline fleet2 fleet2 dhcp bootloader bootconfig kernel initrd kickstart tree pre post "done"
pxed_lab_timeline fleet3 fleet3 dhcp bootloader bootconfig kernel initrd kickstart tree pre post "done"
expect_eq "hosts done (pxed status)" "$(pxed_cli status | grep -cE '^fleet[123] .* done ')" 3

# boot-once through iPXE: fleet1 again gets a script that says sanboot;
# with no disk iPXE gives up and SeaBIOS finds nothing to boot
e2e_vm_start again1 --firmware bios --nic virtio --mac "$M1" --uuid "$U1" --timeout 120
e2e_vm_expect again1 90 "${PXED_STEPS_IPXE[@]:0:3}" "local boot=Booting from SAN device 0x80" \
	"no disk=Boot from SAN device 0x80 failed"
e2e_vm_stop again1
pxed_lab_boot_once fleet1 again1
pxed_alive || fail "pxed died during the test"
finish
