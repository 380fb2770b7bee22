#!/bin/bash
# TFTP inside the full `pxed serve` (DHCP and TFTP on one loop, one config
# file): a PXE-style boot as far as the network goes -- DHCP gives the boot
# file and next-server, tftp-hpa fetches it from there, pxelinux's config
# search gets a quick "file not found" before the default -- then uploads
# into tftp.upload_dir (stored only when complete, never over an existing
# file, bounded by upload_max_size, netascii decoded) and a SIGHUP that moves
# the TFTP root.
. "$(dirname "$0")/lib.sh"
lab_init "$@"
need_cmd busybox
need_cmd tftp tftp-hpa
lab_setup

root=$WORK/root
up=$WORK/uploads
mkdir -p "$root/pxelinux.cfg" "$up" "$WORK/root2"
head -c 43008 /dev/urandom >"$root/pxelinux.0"
printf 'DEFAULT linux\nLABEL linux\n  KERNEL vmlinuz\n' >"$root/pxelinux.cfg/default"
echo "from the second root" >"$WORK/root2/only-here.txt"
echo "from the first root" >"$root/only-in-the-first.txt"
write_config "$WORK/pxed.yaml" dhcp "tftp:
  root: $root
  upload_dir: $up
  upload_max_size: 100K"
pxed_start --config "$WORK/pxed.yaml"
pxed_wait_udp 69 && pass "TFTP listening beside DHCP" || fail "no TFTP socket in the full daemon"
# the socket is bound before the privilege drop, the line is logged once serving starts
for i in $(seq 1 50); do grep -q "tftp: listening on $SRV_IF" "$PXED_LOG" && break; sleep 0.1; done
grep -q "tftp: listening on $SRV_IF" "$PXED_LOG" && pass "TFTP listens on the DHCP interface by default" ||
	fail "no 'tftp: listening on $SRV_IF' log line"

dump=$WORK/udhcpc.env
run_udhcpc "$NS_CLI" "$dump" -V PXEClient:Arch:00000:UNDI:002001
expect_eq "udhcpc exit status" "$?" 0
ip=$(dump_get "$dump" ip)
boot=$(dump_get "$dump" boot_file)
siaddr=$(dump_get "$dump" siaddr)
expect_eq "boot file from DHCP" "$boot" pxelinux.0
expect_eq "next-server from DHCP" "$siaddr" "$SRV_IP"
in_ns "$NS_CLI" ip addr add "${ip:-198.18.0.149}/24" dev "$CLI_IF"

cli() {
	(cd "$WORK" && timeout 30 ip netns exec "$NS_CLI" "$@")
}
cli tftp -m octet "${siaddr:-$SRV_IP}" -c get "${boot:-pxelinux.0}" got-pxelinux.0
# Debian's pxelinux.0 when its package is installed (boot programs come from
# the packages before the root), the root's copy otherwise
want_boot=$root/pxelinux.0
[ -r /usr/lib/PXELINUX/pxelinux.0 ] && want_boot=/usr/lib/PXELINUX/pxelinux.0
expect_eq "boot file over TFTP: sha256" "$(sha "$WORK/got-pxelinux.0")" "$(sha "$want_boot")"

# pxelinux's search: the per-MAC name first (missing: error 1 at once)
t0=$(date +%s%N)
out=$(cli tftp -m octet "$SRV_IP" -c get pxelinux.cfg/01-52-54-00-aa-00-01 miss 2>&1)
ms=$((($(date +%s%N) - t0) / 1000000))
expect_match "missing per-MAC config" "$out" "Error code 1"
[ "$ms" -lt 1000 ] && pass "file-not-found answered in $ms ms" || fail "file-not-found took $ms ms"
cli tftp -m octet "$SRV_IP" -c get pxelinux.cfg/default got-default
expect_eq "pxelinux.cfg/default" "$(sha "$WORK/got-default")" "$(sha "$root/pxelinux.cfg/default")"

# --- uploads ----------------------------------------------------------------------
head -c 50000 /dev/urandom >"$WORK/small.bin"
head -c 200000 /dev/urandom >"$WORK/large.bin"
printf 'first line\nsecond line\r\nlast\n' >"$WORK/notes.txt"
cli tftp -m octet "$SRV_IP" -c put small.bin small.bin
expect_eq "upload stored with the same content" "$(sha "$up/small.bin")" "$(sha "$WORK/small.bin")"
out=$(cli tftp -m octet "$SRV_IP" -c put small.bin small.bin 2>&1)
expect_match "second upload of the same name refused" "$out" "Error code 6"
expect_eq "the first upload is intact" "$(sha "$up/small.bin")" "$(sha "$WORK/small.bin")"
out=$(cli tftp -m octet "$SRV_IP" -c put large.bin large.bin 2>&1)
expect_match "upload over upload_max_size refused" "$out" "Error code 3"
[ -e "$up/large.bin" ] && fail "the oversized upload was stored" || pass "the oversized upload was not stored"
cli tftp -m netascii "$SRV_IP" -c put notes.txt notes.txt
expect_eq "netascii upload decoded" "$(sha "$up/notes.txt")" "$(sha "$WORK/notes.txt")"
out=$(cli tftp -m octet "$SRV_IP" -c put small.bin ../escape.bin 2>&1)
expect_match "upload outside upload_dir refused" "$out" "Error code 2"
sleep 0.3
left=$(find "$up" -name '.pxed-upload-*' | wc -l)
expect_eq "no temporary upload files left" "$left" 0
expect_eq "files in upload_dir" "$(find "$up" -type f | sort | xargs -n1 basename | tr '\n' ' ')" "notes.txt small.bin "

# --- SIGHUP moves the root ------------------------------------------------------
sed -i "s|root: $root|root: $WORK/root2|" "$WORK/pxed.yaml"
kill -HUP "$PXED_PID"
for i in $(seq 1 50); do
	grep -q "configuration reloaded" "$PXED_LOG" && break
	sleep 0.1
done
cli tftp -m octet "$SRV_IP" -c get only-here.txt got-only.txt
expect_eq "after SIGHUP: served from the new root" "$(cat "$WORK/got-only.txt" 2>/dev/null)" "from the second root"
out=$(cli tftp -m octet "$SRV_IP" -c get only-in-the-first.txt old 2>&1)
expect_match "after SIGHUP: the old root is gone" "$out" "Error code 1"

pxed_alive || fail "pxed died during the test"
pxed_stop
expect_eq "pxed exit status after SIGTERM" "$PXED_EXIT" 0
finish
