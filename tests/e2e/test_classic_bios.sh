#!/bin/bash
# End to end against the classic stack (dnsmasq DHCP+TFTP, pxelinux, nginx):
# a BIOS VM powers on, iPXE ROM -> pxelinux.0 -> menu -> demo kernel +
# installer initrd -> DHCP -> kickstart -> tree -> %pre -> %post -> power
# off. Proves the lab, the firmware, the demo distro and the installer;
# each step must appear on the console in order within the time bound,
# and the servers must have seen each request.
. "$(dirname "$0")/lab.sh"
. "$(dirname "$0")/classic.sh"
e2e_init "$@"
e2e_distro
e2e_lab_up
classic_up

# The kickstart nginx serves is the demo template rendered: valid RHEL 9.
out=$("$PXED" ks check --strict --version RHEL9 "$WORK/www/ks.cfg" 2>&1)
expect_eq "pxed ks check --strict --version RHEL9 of the rendered demo-ks.cfg" "$?" 0
printf '%s\n' "$out" | sed 's/^/  /'

MAC=52:54:00:e2:01:01
NIC=${E2E_BIOS_NIC:-virtio}
# A second NIC, on a dead link and first in PCI order (eth0): the installer
# must take the boot NIC from BOOTIF= (pxelinux's ipappend 2).
e2e_vm_start bios1 --firmware bios --nic "$NIC" --mac "$MAC" --extra-nics 1 \
	--uuid 6f1c2d3e-0000-4000-8000-e2e000000101 --timeout 240
e2e_vm_expect bios1 180 "${E2E_STEPS_BIOS[@]}" "${E2E_STEPS_INSTALLER[@]}"
e2e_vm_wait_exit bios1 30 || fail "vm bios1 did not power off within 30 s of its last phase"
expect_eq "QEMU exit status (0 = the guest powered off)" "$E2E_VM_EXIT" 0
expect_match "installer found its NIC by BOOTIF" \
	"$(grep -m1 'pxed-installer: phase nic' "$(e2e_vm_log bios1)")" "iface=eth1 mac=$MAC driver=${NIC/virtio/virtio_net}"
classic_expect_server_side "$MAC"
finish
