#!/bin/bash
# End to end against the classic stack, UEFI: OVMF's PXE client gets
# grubx64.efi (Debian's signed grubnetx64.efi) from dnsmasq by option 93 =
# 7, GRUB reads grub/grub.cfg over TFTP and loads the demo kernel and
# initrd (over TFTP by default, CLASSIC_GRUB_FETCH=http for HTTP), and the
# installer runs to the end. The UEFI twin of test_classic_bios.sh.
# By default the NIC has no iPXE ROM, so OVMF's own PXE client boots (as on real
# UEFI machines); E2E_UEFI_NIC_ROM=default keeps QEMU's iPXE EFI ROM instead.
. "$(dirname "$0")/lab.sh"
. "$(dirname "$0")/classic.sh"
e2e_init "$@"
e2e_need_ovmf
e2e_distro
e2e_lab_up
classic_up
[ -s "$WORK/tftp/grubx64.efi" ] || skip "grubnetx64.efi.signed missing (package grub-efi-amd64-signed)"

MAC=52:54:00:e2:02:01
rom=${E2E_UEFI_NIC_ROM:-none}
steps=("${E2E_STEPS_UEFI[@]}")
[ "$rom" = none ] && steps=("${E2E_STEPS_UEFI_NATIVE[@]}")
e2e_vm_start uefi1 --firmware uefi --nic virtio --nic-rom "$rom" --mac "$MAC" \
	--uuid 6f1c2d3e-0000-4000-8000-e2e000000201 --timeout 300
e2e_vm_expect uefi1 240 "${steps[@]:0:3}" "grub.cfg read=pxed e2e lab: grub.cfg from" \
	"kernel loaded=^Loading .*initrd" "${steps[@]:3}" "${E2E_STEPS_INSTALLER[@]}"
e2e_vm_wait_exit uefi1 30 || fail "vm uefi1 did not power off within 30 s of its last phase"
expect_eq "QEMU exit status (0 = the guest powered off)" "$E2E_VM_EXIT" 0
expect_match "DHCP request carried option 93 = 7 (x64 UEFI)" \
	"$(grep -m1 -E 'vendor class: PXEClient:Arch:00007' "$WORK/dnsmasq.log")" 'PXEClient:Arch:00007'
expect_match "dnsmasq sent grubx64.efi" "$(grep -m1 'sent .*/grubx64.efi' "$WORK/dnsmasq.log")" grubx64
classic_expect_server_side "$MAC"
finish
