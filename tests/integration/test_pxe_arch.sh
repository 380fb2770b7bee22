#!/bin/bash
# Each client architecture gets its own boot program: option 93 types 0, 7,
# 9, 11, 16 (UEFI HTTP Boot), a client already running iPXE (user class and
# option 175), and an unconfigured class falls back to its documented default.
. "$(dirname "$0")/lib.sh"
lab_init "$@"
need_probe
lab_setup
BOOT_FILES='{bios: pxelinux.0, efi-x64: syslinux.efi, efi-arm64: grubaa64.efi, http-x64: "http://198.18.0.1:8080/efi/bootx64.efi", ipxe: "http://${next-server}:8080/boot.ipxe?mac=${mac}"}'
write_config "$WORK/pxed.yaml"
pxed_start --config "$WORK/pxed.yaml"

n=0
# case LABEL EXPECTED-FILE EXPECTED-OPT60 PROBE-ARGS...: a full DORA with its
# own MAC; the ACK must carry the boot file, next-server and option 60.
check_arch() {
	local label=$1 want=$2 want60=$3 mac out rc
	shift 3
	n=$((n + 1))
	mac=$(printf '52:54:00:bb:00:%02x' "$n")
	out=$(probe "$NS_CLI" --interface "$CLI_IF" --mac "$mac" --type dora "$@")
	rc=$?
	if [ "$rc" != 0 ]; then
		fail "$label: probe exit status $rc (no reply)"
		return
	fi
	expect_eq "$label: reply type" "$(kv type "$out")" ACK
	expect_match "$label: address" "$(kv yiaddr "$out")" '^198\.18\.0\.(1[0-4][0-9]|150)$'
	expect_eq "$label: boot file" "$(kv file "$out")" "${want//\$\{mac\}/$mac}"
	expect_eq "$label: next-server" "$(kv siaddr "$out")" 198.18.0.1
	expect_eq "$label: option 60" "$(kv opt60 "$out")" "$want60"
}

check_arch "BIOS (arch 0)" pxelinux.0 PXEClient --arch 0
check_arch "x64 UEFI (arch 7)" syslinux.efi PXEClient --arch 7
check_arch "x64 UEFI (arch 9)" syslinux.efi PXEClient --arch 9
check_arch "arm64 UEFI (arch 11)" grubaa64.efi PXEClient --arch 11
check_arch "x64 UEFI HTTP Boot (arch 16)" http://198.18.0.1:8080/efi/bootx64.efi HTTPClient \
	--arch 16 --vendor-class HTTPClient:Arch:00016:UNDI:003016
# iPXE on a BIOS NIC: arch 0 plus user class iPXE must not get pxelinux.0
# (or a ROM chain-loading iPXE would loop).
check_arch "iPXE user class (arch 0)" 'http://198.18.0.1:8080/boot.ipxe?mac=${mac}' PXEClient \
	--arch 0 --user-class iPXE
check_arch "iPXE option 175 (arch 7)" 'http://198.18.0.1:8080/boot.ipxe?mac=${mac}' PXEClient \
	--arch 7 --ipxe-175
# Not configured: the documented default for efi-ia32.
check_arch "ia32 UEFI (arch 6), default" efi32/syslinux.efi PXEClient --arch 6

# A non-PXE client is not handed PXE's option 60.
out=$(probe "$NS_CLI" --interface "$CLI_IF" --mac 52:54:00:bb:01:01 --type dora)
expect_eq "plain client: probe exit status" "$?" 0
expect_eq "plain client: reply type" "$(kv type "$out")" ACK
expect_eq "plain client: no option 60" "$(kv opt60 "$out")" ""

pxed_alive || fail "pxed died during the test"
finish
