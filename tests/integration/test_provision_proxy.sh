#!/bin/bash
# Install tracking when pxed is a proxyDHCP server: the address comes from
# another DHCP server, so pxed's own answer (a proxy offer, no address)
# cannot say where the host's requests will come from. The boot client's
# DHCPREQUEST to the other server, which pxed sees and does not answer,
# names the address; the boot program fetched from it next -- by a name
# with no MAC in it -- is then charged to the right host.
. "$(dirname "$0")/lib.sh"
lab_init "$@"
need_probe
need_cmd tftp tftp-hpa
need_cmd curl curl
need_cmd xorriso xorriso
lab_setup

MAKE_TREE=$(dirname "$0")/../tools/make-tree.sh
sh "$MAKE_TREE" rocky9 "$WORK/rocky9" --iso "$WORK/rocky9.iso" >/dev/null || die "make-tree rocky9"
STATE=$WORK/state
pxed() { "$PXED" "$@" --state-dir "$STATE"; }
pxed distro import "$WORK/rocky9.iso" --name rocky9 >/dev/null || die "distro import"
printf 'lang en_US.UTF-8\nkeyboard us\ntimezone UTC --utc\nrootpw --iscrypted $6$x$y\nurl --url={{tree_url}}\ntext\nreboot\n%%packages\n@core\n%%end\n' >"$WORK/el9.ks"
pxed profile add el9 --distro rocky9 --kickstart "$WORK/el9.ks" >/dev/null || die "profile add"
MAC=52:54:00:aa:07:01
pxed host add --mac "$MAC" --hostname pnode --profile el9 >/dev/null || die "host add"

mkdir -p "$WORK/tftp"
BOOT_FILES="{bios: pxelinux.0, efi-x64: efi64/syslinux.efi}"
write_config "$WORK/pxed.yaml" proxy "tftp:
  root: $WORK/tftp
http:
  port: 8080"
pxed_start --config "$WORK/pxed.yaml"
pxed_wait_udp 69 || fail "TFTP is not listening"
pxed_wait_tcp 8080 || fail "HTTP is not listening"

# x64 UEFI PXE: the proxy offer, then the REQUEST to the site's server
# (198.18.0.2, which does not exist here: no answer is expected).
out=$(probe "$NS_CLI" --interface "$CLI_IF" --mac "$MAC" --type discover --arch 7)
expect_eq "proxy offer" "$(kv type "$out")" OFFER
expect_eq "proxy offer boot file" "$(kv file "$out")" efi64/syslinux.efi
out=$(probe "$NS_CLI" --interface "$CLI_IF" --mac "$MAC" --type request --arch 7 \
	--requested-ip 198.18.0.77 --server-id 198.18.0.2 --timeout-ms 1500)
expect_eq "REQUEST to the other server: pxed does not answer (probe status 1)" "$?" 1
grep -q "proxyDHCP: DHCPREQUEST from $MAC on port 67 ignored" "$PXED_LOG" &&
	pass "pxed saw the REQUEST" || fail "no log line for the REQUEST"

# the client now has the other server's address and fetches its boot program
lab_client_addr "$NS_CLI" 198.18.0.77/24
timeout 30 ip netns exec "$NS_CLI" tftp 198.18.0.1 -m binary -c get efi64/syslinux.efi "$WORK/syslinux.efi"
[ -s "$WORK/syslinux.efi" ] && pass "efi64/syslinux.efi fetched" || fail "efi64/syslinux.efi not fetched"
timeout 30 ip netns exec "$NS_CLI" tftp 198.18.0.1 -m binary -c get efi64/ldlinux.e64 "$WORK/ldlinux.e64"


for i in $(seq 1 50); do
	phases=$(timeout 10 ip netns exec "$NS_CLI" curl -s http://198.18.0.1:8080/api/v1/hosts/pnode |
		python3 -c 'import json,sys; print(" ".join(e["phase"] for e in json.load(sys.stdin)["events"]))')
	[ "$phases" = "new dhcp bootloader" ] && break
	sleep 0.1
done
expect_eq "timeline: the boot program charged to the host by the requested address" "$phases" "new dhcp bootloader"
expect_match "bootloader event names the file" \
	"$(timeout 10 ip netns exec "$NS_CLI" curl -s http://198.18.0.1:8080/api/v1/hosts/pnode)" \
	'"phase": ?"bootloader", ?"detail": ?"efi64/syslinux.efi over tftp"'
pxed_alive || fail "pxed died during the test"
finish
