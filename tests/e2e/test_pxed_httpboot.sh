#!/bin/bash
# End to end against pxed, UEFI HTTP Boot: OVMF with its PXE clients turned
# off (fw_cfg opt/org.tianocore/IPv4PXESupport and IPv6PXESupport = n, so
# only its HTTP Boot options are left, as on machines set up for HTTP Boot)
# sends vendor class HTTPClient:Arch:00016 and gets from pxed a URL, not a
# TFTP name: pxed's default for http-x64, iPXE's snponly.efi, downloaded
# by the firmware over HTTP. iPXE then asks again as iPXE and gets the
# host's script: kernel and initrd over HTTP -> installer -> kickstart ->
# tree -> %pre/%post -> power off. No TFTP at all. Then the same machine
# boots again, and the script sends it back to the firmware (local boot).
. "$(dirname "$0")/lab.sh"
. "$(dirname "$0")/pxed.sh"
pxed_lab_begin "$@" uefi

MAC=52:54:00:e2:16:01
UUID=6f1c2d3e-0000-4000-8000-e2e000001601
pxed_lab_host hb1 "$MAC" "$UUID" demo
pxed_lab_up

HTTP_BOOT_ONLY=(-fw_cfg name=opt/org.tianocore/IPv4PXESupport,string=n
	-fw_cfg name=opt/org.tianocore/IPv6PXESupport,string=n)
STEPS=(
	"http boot=Start HTTP Boot over IPv4"
	"firmware dhcp=Station IP address is"
	"boot url=URI: http://$E2E_SERVER_IP:$PXED_HTTP_PORT/snponly\.efi"
	"ipxe=iPXE [0-9].* -- Open Source Network Boot Firmware"
	"ipxe dhcp=Configuring \(net[0-9]+ .*ok"
	"${PXED_STEPS_IPXE[@]:2}"
)
e2e_vm_start hb1 --firmware uefi --nic virtio --nic-rom none --mac "$MAC" --uuid "$UUID" --timeout 300 -- \
	"${HTTP_BOOT_ONLY[@]}"
e2e_vm_expect hb1 240 "${STEPS[@]}" "${E2E_STEPS_INSTALLER[@]}"
e2e_vm_wait_exit hb1 30 || fail "vm hb1 did not power off within 30 s of its last phase"
expect_eq "QEMU exit status (0 = the guest powered off)" "$E2E_VM_EXIT" 0
pxed_lab_timeline hb1 hb1 dhcp bootloader bootconfig kernel initrd kickstart tree pre post "done"
expect_match "the firmware fetched its boot program over HTTP" \
	"$(grep -E '^ +bootloader ' "$WORK/hb1/timeline.txt")" "snponly.efi over http"
expect_eq "TFTP requests pxed saw" "$(grep -c 'pxed debug: tftp: ' "$PXED_LOG")" 0

# --- boot-once: the script sends the firmware on to its next boot option ---
e2e_vm_start boot2 --firmware uefi --nic virtio --nic-rom none --mac "$MAC" --uuid "$UUID" --timeout 120 -- \
	"${HTTP_BOOT_ONLY[@]}"
e2e_vm_expect boot2 90 "${STEPS[@]:0:5}" \
	"local boot=http://[0-9.:]+/ipxe/[0-9a-fA-F:%]+\.\.\.[^a-zA-Z]*ok" "firmware again=BdsDxe: (failed to load|loading|starting) Boot"
e2e_vm_stop boot2
pxed_lab_boot_once hb1 boot2
pxed_alive || fail "pxed died during the test"
finish
