#!/bin/bash
# End to end against pxed, x64 UEFI: OVMF's own PXE client (no iPXE ROM on
# the NIC, as on real UEFI machines) sends option 93 = 7; pxed answers
# with its efi-x64 boot program -- Debian's signed shim, which loads the
# signed network GRUB from the same server, as under Secure Boot
# (PXED_EFI_BOOT=grubx64.efi skips the shim). GRUB reads pxed's
# grub/grub.cfg, which loads the host's grub/grub.cfg-01-<mac>: GRUB loads
# its http module from pxed (grub-efi-amd64-bin; OVMF here has no Secure
# Boot), then kernel and initrd over HTTP -> installer -> kickstart -> tree -> %pre/%post -> power
# off, with every phase in pxed's timeline. Then the same machine boots
# again and GRUB is told to boot the local disk. Last, a second machine
# with Secure Boot on (Microsoft's keys): shim and GRUB pass the firmware's
# checks, GRUB is locked down (no modules), the same configs fall back to
# TFTP, and the signed Debian kernel installs.
. "$(dirname "$0")/lab.sh"
. "$(dirname "$0")/pxed.sh"
pxed_lab_begin "$@" uefi

MAC=52:54:00:e2:12:01
UUID=6f1c2d3e-0000-4000-8000-e2e000001201
pxed_lab_host uefi1 "$MAC" "$UUID" demo
SB_MAC=52:54:00:e2:12:02
SB_UUID=6f1c2d3e-0000-4000-8000-e2e000001202
pxed_lab_host sb1 "$SB_MAC" "$SB_UUID" demo
pxed_lab_up

e2e_vm_start uefi1 --firmware uefi --nic virtio --nic-rom none --mac "$MAC" --uuid "$UUID" --timeout 300
e2e_vm_expect uefi1 240 "${PXED_STEPS_UEFI[@]:0:2}" "boot program=NBP filename is $PXED_EFI_BOOT" \
	"${PXED_STEPS_UEFI[@]:2}" "${E2E_STEPS_INSTALLER[@]}"
e2e_vm_wait_exit uefi1 30 || fail "vm uefi1 did not power off within 30 s of its last phase"
expect_eq "QEMU exit status (0 = the guest powered off)" "$E2E_VM_EXIT" 0
pxed_lab_timeline uefi1 uefi1 dhcp bootloader bootconfig kernel initrd kickstart tree pre post "done"
expect_match "GRUB fetched the kernel over HTTP" "$(grep -E '^ +kernel ' "$WORK/uefi1/timeline.txt")" "vmlinuz over http"
expect_match "GRUB fetched the initrd over HTTP" "$(grep -E '^ +initrd ' "$WORK/uefi1/timeline.txt")" "initrd.img over http"

# --- boot-once: GRUB gets the host's local-boot entry ------------------------
# It looks for the installed system's loaders (shim, GRUB, the removable
# path) on every disk; with no disk it exits and OVMF takes over again.
e2e_vm_start boot2 --firmware uefi --nic virtio --nic-rom none --mac "$MAC" --uuid "$UUID" --timeout 120
e2e_vm_expect boot2 90 "${PXED_STEPS_UEFI[@]:0:2}" "boot program=NBP filename is $PXED_EFI_BOOT" \
	"${PXED_STEPS_UEFI[@]:2:1}" "local boot=Booting .Boot from local disk" \
	"no loader=error: no such device: /EFI/BOOT/BOOTX64.EFI" "firmware again=BdsDxe: (loading|starting) Boot"
e2e_vm_stop boot2
pxed_lab_boot_once uefi1 boot2

# --- Secure Boot: only signed code runs; kernels over TFTP -------------------
e2e_vm_start sb1 --firmware uefi --secure-boot --nic virtio --nic-rom none --mac "$SB_MAC" --uuid "$SB_UUID" \
	--timeout 300
e2e_vm_expect sb1 240 "${PXED_STEPS_UEFI[@]:0:2}" "boot program=NBP filename is $PXED_EFI_BOOT" \
	"${PXED_STEPS_UEFI[@]:2}" "secure boot=secureboot: Secure boot enabled" "${E2E_STEPS_INSTALLER[@]}"
e2e_vm_wait_exit sb1 30 || fail "vm sb1 did not power off within 30 s of its last phase"
pxed_lab_timeline sb1 sb1 dhcp bootloader bootconfig kernel initrd kickstart tree pre post "done"
expect_match "under Secure Boot the kernel came over TFTP" "$(grep -E '^ +kernel ' "$WORK/sb1/timeline.txt")" \
	"vmlinuz over tftp"
pxed_alive || fail "pxed died during the test"
finish
