#!/bin/bash
# `pxed boot-files` against a fake package tree (--base): exit 0 when every
# file the checked boot programs need is there, 1 with one line per missing
# file naming its package, the boot files taken from --arch and --config.
set -u
pxed=${1:?usage: test_boot_files_cli.sh PXED}
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
fail=0
ok() { printf 'ok   %s\n' "$1"; }
bad() { printf 'FAIL %s\n' "$1"; fail=1; }
expect_rc() { # want description command...
	local want=$1 what=$2
	shift 2
	"$@" >"$tmp/out" 2>"$tmp/err"
	local rc=$?
	if [ "$rc" = "$want" ]; then ok "$what"; else bad "$what (rc $rc, want $want)"; sed 's/^/    /' "$tmp/out" "$tmp/err"; fi
}
expect_grep() { # description pattern file
	if grep -qE -- "$2" "$3"; then ok "$1"; else bad "$1: no /$2/ in"; sed 's/^/    /' "$3"; fi
}
put() { mkdir -p "$(dirname "$tmp/base$1")" && echo x >"$tmp/base$1"; }

base=$tmp/base
for f in /usr/lib/PXELINUX/pxelinux.0 /usr/lib/syslinux/modules/bios/ldlinux.c32 \
	/usr/lib/syslinux/modules/bios/menu.c32 /usr/lib/syslinux/modules/bios/libutil.c32 \
	/usr/lib/syslinux/modules/bios/libcom32.c32; do
	put "$f"
done
expect_rc 0 "bios: pxelinux.0 and its modules present" "$pxed" boot-files --base "$base" --arch bios
expect_grep "listing names the file, its package and source" \
	'^  ok +required pxelinux.0 +pxelinux +/usr/lib/PXELINUX/pxelinux.0$' "$tmp/out"
expect_grep "the optional ones are listed too" '^  missing optional grubx64.efi ' "$tmp/out"
expect_rc 1 "default architectures: efi64 syslinux missing" "$pxed" boot-files --base "$base"
expect_grep "one clear line per missing file" \
	"^pxed boot-files: efi64/syslinux.efi: $base/usr/lib/SYSLINUX.EFI/efi64/syslinux.efi missing; install Debian package syslinux-efi$" \
	"$tmp/err"
expect_grep "modules of syslinux.efi named too" \
	"efi64/ldlinux.e64: .* missing; install Debian package syslinux-common$" "$tmp/err"
expect_grep "the count" "^pxed boot-files: 5 required files missing$" "$tmp/err"

expect_rc 1 "http-x64 boots iPXE's snponly.efi" "$pxed" boot-files --base "$base" --arch http-x64
expect_grep "ipxe's package named" "snponly.efi: .* install Debian package ipxe$" "$tmp/err"
put /usr/lib/ipxe/snponly.efi
expect_rc 0 "http-x64 with snponly.efi present" "$pxed" boot-files --base "$base" --arch http-x64
expect_rc 0 "ipxe's default is a script, not a package file" "$pxed" boot-files --base "$base" --arch ipxe
expect_grep "a boot file that is not ours is noted" \
	'^note: ipxe boot file http://.*/ipxe/.* is not one of these; pxed generates it per host' "$tmp/out"

# a configuration: lpxelinux.0 for BIOS, shim for UEFI
cat >"$tmp/pxed.yaml" <<YAML
dhcp:
  boot_files: {bios: lpxelinux.0, efi-x64: shimx64.efi}
YAML
expect_rc 1 "config: lpxelinux.0 and shim required" "$pxed" boot-files --base "$base" --config "$tmp/pxed.yaml"
expect_grep "lpxelinux.0 missing" "^pxed boot-files: lpxelinux.0: .* install Debian package pxelinux$" "$tmp/err"
expect_grep "shim missing" "^pxed boot-files: shimx64.efi: .* install Debian package shim-signed$" "$tmp/err"
expect_grep "pxelinux.0 is not required by this config" '^  ok +optional pxelinux.0 ' "$tmp/out"
put /usr/lib/PXELINUX/lpxelinux.0
put /usr/lib/shim/shimx64.efi.signed
put /usr/lib/grub/x86_64-efi-signed/grubnetx64.efi.signed # shim starts it
expect_rc 0 "config: everything present" "$pxed" boot-files --base "$base" --config "$tmp/pxed.yaml"
echo 'dhcp: {boot_files: {bogus: x}}' >"$tmp/bad.yaml"
expect_rc 1 "invalid config" "$pxed" boot-files --config "$tmp/bad.yaml"
expect_rc 2 "unknown architecture" "$pxed" boot-files --arch sparc
expect_rc 2 "unknown option" "$pxed" boot-files --bogus
expect_rc 2 "stray argument" "$pxed" boot-files extra
expect_rc 0 "--help" "$pxed" boot-files --help

[ "$fail" = 0 ] && echo "all checks passed"
exit "$fail"
