#!/bin/bash
# Boot programs straight from Debian's packages through `pxed serve
# --tftp-only`: tftp-hpa fetches pxelinux.0, ldlinux.c32, menu.c32,
# efi64/syslinux.efi, efi64/ldlinux.e64 and grubx64.efi and each must be
# byte for byte the package's file -- even when the TFTP root holds a stale
# copy of the same name. What no package provides still comes from the
# root, and a boot program whose package is missing is answered "not
# found" at once and logged once, naming the package.
. "$(dirname "$0")/lib.sh"
lab_init "$@"
need_cmd tftp tftp-hpa
for f in /usr/lib/PXELINUX/pxelinux.0 /usr/lib/syslinux/modules/bios/ldlinux.c32 \
	/usr/lib/SYSLINUX.EFI/efi64/syslinux.efi /usr/lib/grub/x86_64-efi-signed/grubnetx64.efi.signed; do
	[ -r "$f" ] || skip "$f not installed (scripts/setup-deps.sh installs the boot-program packages)"
done
lab_setup
lab_client_addr "$NS_CLI" 198.18.0.2/24

root=$WORK/root
mkdir -p "$root/pxelinux.cfg"
echo "a stale pxelinux.0 copied by hand years ago" >"$root/pxelinux.0"
printf 'DEFAULT local\nLABEL local\n  LOCALBOOT 0\n' >"$root/pxelinux.cfg/default"
head -c 70000 /dev/urandom >"$root/splash.png"
chmod -R a+rX "$WORK"

pxed_start_tftp --tftp-only --tftp-root "$root" --log-level info
out=$WORK/out
mkdir -p "$out"
cli() {
	(cd "$out" && timeout 60 ip netns exec "$NS_CLI" "$@")
}

fetch_same() { # served-name package-file
	local name=$1 file=$2 local_name
	local_name=$(echo "$name" | tr / _)
	cli tftp -m octet "$SRV_IP" -c get "$name" "$local_name"
	expect_eq "$name is $file" "$(sha "$out/$local_name")" "$(sha "$file")"
}
fetch_same pxelinux.0 /usr/lib/PXELINUX/pxelinux.0
fetch_same ldlinux.c32 /usr/lib/syslinux/modules/bios/ldlinux.c32
fetch_same menu.c32 /usr/lib/syslinux/modules/bios/menu.c32
fetch_same efi64/syslinux.efi /usr/lib/SYSLINUX.EFI/efi64/syslinux.efi
fetch_same efi64/ldlinux.e64 /usr/lib/syslinux/modules/efi64/ldlinux.e64
fetch_same grubx64.efi /usr/lib/grub/x86_64-efi-signed/grubnetx64.efi.signed
# the name as a syslinux.efi config or a ROM may write it
cli tftp -m octet "$SRV_IP" -c get /efi64/menu.c32 abs-menu.c32
expect_eq "/efi64/menu.c32 (absolute name)" "$(sha "$out/abs-menu.c32")" \
	"$(sha /usr/lib/syslinux/modules/efi64/menu.c32)"

# the root still serves everything else
fetch_same pxelinux.cfg/default "$root/pxelinux.cfg/default"
fetch_same splash.png "$root/splash.png"

# a boot program whose package is not installed: quick "not found", one log line
if [ ! -e /boot/memtest86+x64.bin ]; then
	for i in 1 2; do
		t0=$(date +%s%N)
		res=$(cli tftp -m octet "$SRV_IP" -c get memtest86+x64.bin memtest 2>&1)
		ms=$((($(date +%s%N) - t0) / 1000000))
		expect_match "memtest86+x64.bin without its package (try $i)" "$res" "Error code 1"
		[ "$ms" -lt 1000 ] && pass "answered in $ms ms" || fail "not-found took $ms ms"
	done
	expect_eq "missing package logged once" \
		"$(grep -c 'memtest86+x64.bin: /boot/memtest86+x64.bin missing; install Debian package memtest86+' "$PXED_LOG")" 1
else
	echo "  (memtest86+ is installed: the missing-package check needs a package that is not)"
fi

pxed_alive || fail "pxed died during the test"
pxed_stop
expect_eq "pxed exit status after SIGTERM" "$PXED_EXIT" 0
finish
