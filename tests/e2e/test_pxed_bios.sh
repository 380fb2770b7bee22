#!/bin/bash
# End to end against pxed, BIOS, the classic chain: one `pxed serve`
# (DHCP, TFTP, HTTP) with the demo distro imported from its ISO, a profile
# from demo-ks.cfg and one host with the VM's MAC. SeaBIOS's iPXE ROM is
# handed pxelinux.0 (a dhcp.hosts entry; by default pxed gives iPXE its
# per-host script, which test_pxed_fleet.sh covers) -> ldlinux.c32 -> the
# host's generated pxelinux.cfg/01-<mac> -> kernel and initrd over TFTP ->
# installer -> kickstart (/ks/<host>) -> tree -> %pre/%post callbacks ->
# power off. pxed's timeline for the host must show every phase in order.
# Then boot-once: the same machine powers on again and its pxelinux config
# now says LOCALBOOT -- no second install, no kickstart fetched.
. "$(dirname "$0")/lab.sh"
. "$(dirname "$0")/pxed.sh"
pxed_lab_begin "$@"

MAC=52:54:00:e2:11:01
UUID=6f1c2d3e-0000-4000-8000-e2e000001101
pxed_lab_host bios1 "$MAC" "$UUID" demo
PXED_DHCP_EXTRA="  hosts:
    - {name: bios1-pxelinux, mac: \"$MAC\", boot_files: {ipxe: pxelinux.0}}"
pxed_lab_up

# --- the install ------------------------------------------------------------
# A dead NIC first in PCI order (eth0): the installer must pick the boot
# NIC by the BOOTIF= pxelinux appends (IPAPPEND 2 in the host's config).
e2e_vm_start inst1 --firmware bios --nic virtio --mac "$MAC" --uuid "$UUID" --extra-nics 1 --timeout 240
e2e_vm_expect inst1 180 "${E2E_STEPS_BIOS[@]}" "${E2E_STEPS_INSTALLER[@]}"
e2e_vm_wait_exit inst1 30 || fail "vm inst1 did not power off within 30 s of its last phase"
expect_eq "QEMU exit status (0 = the guest powered off)" "$E2E_VM_EXIT" 0
expect_match "installer took the boot NIC (BOOTIF from pxelinux)" \
	"$(grep -m1 'pxed-installer: phase nic' "$(e2e_vm_log inst1)")" "iface=eth1 mac=$MAC driver=virtio_net"
pxed_lab_timeline bios1 inst1 dhcp bootloader bootconfig kernel initrd kickstart tree pre post "done"
expect_match "pxed status" "$(pxed_cli status)" "^bios1 +$MAC .* done "

# --- boot-once: the next power-on goes to the local disk --------------------
# The same machine (MAC, UUID) again: its pxelinux.cfg/01-<mac> now says
# LOCALBOOT 0, and SeaBIOS (no disk) finds nothing to boot.
e2e_vm_start boot2 --firmware bios --nic virtio --mac "$MAC" --uuid "$UUID" --extra-nics 1 --timeout 120
e2e_vm_expect boot2 90 "${E2E_STEPS_BIOS[@]:0:3}" "local boot=Booting from (local disk|Hard Disk)" \
	"no disk=No bootable device"
e2e_vm_stop boot2
pxed_lab_boot_once bios1 boot2
pxed_alive || fail "pxed died during the test"
finish
