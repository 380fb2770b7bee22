#!/bin/bash
# A host's whole install as pxed sees it, with real clients: distros
# imported (an ISO and a directory), profiles and hosts declared with the
# CLI, then DHCP (the host's fixed address from the catalog), TFTP (boot
# program, per-host config, kernel, initrd), HTTP (rendered kickstart, tree
# metadata, the installer's callbacks) -- and the next boot gets the local
# disk. Also: the daemon sees CLI changes without a restart, and bad
# requests get clear answers.
. "$(dirname "$0")/lib.sh"
lab_init "$@"
need_probe
need_cmd tftp tftp-hpa
need_cmd curl curl
need_cmd xorriso xorriso
need_cmd sqlite3 sqlite3
lab_setup
lab_client_addr "$NS_CLI" 198.18.0.21/24

MAKE_TREE=$(dirname "$0")/../tools/make-tree.sh
sh "$MAKE_TREE" rocky9 "$WORK/rocky9" --iso "$WORK/rocky9.iso" >/dev/null || die "make-tree rocky9"
sh "$MAKE_TREE" centos7 "$WORK/centos7" >/dev/null || die "make-tree centos7"
STATE=$WORK/state
pxed() { "$PXED" "$@" --state-dir "$STATE"; }

pxed distro import "$WORK/rocky9.iso" --name rocky9 >/dev/null
expect_eq "import rocky9 ISO" "$?" 0
pxed distro import "$WORK/centos7" --name centos7 >/dev/null
expect_eq "import centos7 directory" "$?" 0

cat >"$WORK/el9.ks" <<'EOF'
# {{profile}} for {{hostname}}
lang en_US.UTF-8
keyboard us
timezone UTC --utc
rootpw --plaintext secret
url --url={{tree_url}}
network --bootproto=static --ip={{ip}} --netmask=255.255.255.0 --hostname={{hostname}}
text
reboot
%packages
@core
%end
EOF
cat >"$WORK/el7.ks" <<'EOF'
install
lang en_US.UTF-8
keyboard us
timezone UTC
rootpw secret
url --url={{tree_url}}
network --hostname={{hostname}}
text
reboot
%packages
@core
%end
EOF
pxed profile add el9 --distro rocky9 --kickstart "$WORK/el9.ks" >/dev/null
expect_eq "profile add el9" "$?" 0
pxed profile add el7 --distro centos7 --kickstart "$WORK/el7.ks" >/dev/null
expect_eq "profile add el7" "$?" 0
grep -q secret "$STATE/pxed.db" 2>/dev/null && fail "a clear-text password reached the store"
pxed host add --mac 52:54:00:aa:00:01 --hostname node1 --ip 198.18.0.21 --profile el9 >/dev/null
expect_eq "host add node1" "$?" 0
pxed host add --mac 52:54:00:aa:00:02 --hostname node2 --profile el7 >/dev/null
expect_eq "host add node2" "$?" 0
pxed host add --mac 52:54:00:aa:00:04 --uuid 4c4c4544-0039-1038-8057-b4c04f394e32 --hostname node4 \
	--ip 198.18.0.24 --profile el9 >/dev/null
expect_eq "host add node4 (with a UUID)" "$?" 0

pxed_start_provisioning
cli_tftp() { timeout 30 ip netns exec "$NS_CLI" tftp 198.18.0.1 -m binary -c get "$1" "$2"; }

# --- DHCP: the catalog's fixed address, a PXE boot file -------------------
out=$(probe "$NS_CLI" --interface "$CLI_IF" --mac 52:54:00:aa:00:01 --type dora --arch 0)
expect_eq "DHCP reply" "$(kv type "$out")" ACK
expect_eq "node1's fixed address from the catalog" "$(kv yiaddr "$out")" 198.18.0.21
expect_eq "BIOS boot file" "$(kv file "$out")" pxelinux.0

# a host is also known by its UUID (option 97): a replaced NIC still gets its address
out=$(probe "$NS_CLI" --interface "$CLI_IF" --mac 52:54:00:aa:77:77 --type dora --arch 0 \
	--uuid 4c4c4544-0039-1038-8057-b4c04f394e32)
expect_eq "node4 by UUID with an unknown MAC" "$(kv yiaddr "$out")" 198.18.0.24

# --- TFTP: boot program, per-host config, kernel, initrd ------------------
cli_tftp pxelinux.0 "$WORK/got.pxelinux.0"
if [ -f /usr/lib/PXELINUX/pxelinux.0 ]; then
	expect_eq "pxelinux.0 is Debian's" "$(sha "$WORK/got.pxelinux.0")" "$(sha /usr/lib/PXELINUX/pxelinux.0)"
fi
cli_tftp pxelinux.cfg/01-52-54-00-aa-00-01 "$WORK/node1.cfg"
expect_match "per-host config boots the install" "$(cat "$WORK/node1.cfg")" \
	'inst\.ks=http://198\.18\.0\.1:8080/ks/node1'
expect_match "per-host config has the tree" "$(cat "$WORK/node1.cfg")" \
	'inst\.repo=http://198\.18\.0\.1:8080/distros/rocky9'
cli_tftp pxelinux.cfg/default "$WORK/default.cfg"
expect_match "menu lists el7" "$(cat "$WORK/default.cfg")" 'LABEL el7-ks'
expect_match "menu lists el9" "$(cat "$WORK/default.cfg")" 'LABEL el9-ks'
cli_tftp distros/rocky9/images/pxeboot/vmlinuz "$WORK/vmlinuz"
expect_eq "kernel over TFTP from the ISO" "$(sha "$WORK/vmlinuz")" "$(sha "$WORK/rocky9/images/pxeboot/vmlinuz")"
cli_tftp distros/rocky9/images/pxeboot/initrd.img "$WORK/initrd.img"
expect_eq "initrd over TFTP from the ISO" "$(sha "$WORK/initrd.img")" "$(sha "$WORK/rocky9/images/pxeboot/initrd.img")"

# --- HTTP: kickstart, tree ------------------------------------------------
cli_curl -o "$WORK/node1.ks" -w '%{http_code}' -H 'X-RHN-Provisioning-MAC-0: eth0 52:54:00:aa:00:01' "$H/ks/" >"$WORK/code"
expect_eq "kickstart by inst.ks.sendmac" "$(cat "$WORK/code")" 200
expect_match "kickstart has the host's values" "$(cat "$WORK/node1.ks")" \
	'network --bootproto=static --ip=198\.18\.0\.21 --netmask=255\.255\.255\.0 --hostname=node1'
expect_match "kickstart has the tree URL" "$(cat "$WORK/node1.ks")" 'url --url=http://198\.18\.0\.1:8080/distros/rocky9'
expect_match "password served as a hash" "$(cat "$WORK/node1.ks")" 'rootpw --iscrypted \$6\$'
"$PXED" ks check --version RHEL9 "$WORK/node1.ks" >/dev/null
expect_eq "served kickstart passes ks check" "$?" 0
cli_curl -o "$WORK/treeinfo" "$H/distros/rocky9/.treeinfo"
expect_eq ".treeinfo out of the ISO" "$(sha "$WORK/treeinfo")" "$(sha "$WORK/rocky9/.treeinfo")"
cli_curl -o "$WORK/repomd" "$H/distros/rocky9/BaseOS/repodata/repomd.xml"
expect_eq "repomd.xml out of the ISO" "$(sha "$WORK/repomd")" "$(sha "$WORK/rocky9/BaseOS/repodata/repomd.xml")"
cli_curl -o "$WORK/el7-kernel" "$H/distros/centos7/images/pxeboot/vmlinuz"
expect_eq "kernel out of a directory tree" "$(sha "$WORK/el7-kernel")" "$(sha "$WORK/centos7/images/pxeboot/vmlinuz")"
cli_curl -o "$WORK/node2.ks" "$H/ks/node2"
expect_match "EL7 kickstart" "$(cat "$WORK/node2.ks")" 'network --hostname=node2'

# --- callbacks ------------------------------------------------------------
token=$(sed -n "s/.*X-Pxed-Token: \([0-9a-f]*\).*/\1/p" "$WORK/node1.ks" | head -n 1)
expect_match "kickstart carries the host's token" "$token" '^[0-9a-f]{32}$'
code=$(cli_curl -o /dev/null -w '%{http_code}' -d phase=pre -H 'X-Pxed-Token: 0000' "$H/api/v1/hosts/1/events")
expect_eq "callback with a wrong token" "$code" 403
for ph in pre post done; do
	code=$(cli_curl -o /dev/null -w '%{http_code}' -d "phase=$ph" -H "X-Pxed-Token: $token" "$H/api/v1/hosts/1/events")
	expect_eq "callback $ph" "$code" 200
done
code=$(cli_curl -o /dev/null -w '%{http_code}' -d "phase=bogus" -H "X-Pxed-Token: $token" "$H/api/v1/hosts/1/events")
expect_eq "callback with an unknown phase" "$code" 400

# --- boot-once: the next boot gets the local disk -------------------------
cli_tftp pxelinux.cfg/01-52-54-00-aa-00-01 "$WORK/node1-after.cfg"
expect_match "installed host boots locally (pxelinux)" "$(cat "$WORK/node1-after.cfg")" 'LOCALBOOT 0'
cli_curl -o "$WORK/node1.ipxe" "$H/ipxe/52:54:00:aa:00:01"
expect_match "installed host boots locally (iPXE)" "$(cat "$WORK/node1.ipxe")" 'sanboot --no-describe --drive 0x80'
cli_curl -o "$WORK/grub-node1" "$H/grub/grub.cfg-01-52:54:00:aa:00:01"
expect_match "installed host boots locally (GRUB)" "$(cat "$WORK/grub-node1")" 'chainloader|exit'

# the timeline, in order, as the API and the CLI tell it
cli_curl -o "$WORK/node1.json" "$H/api/v1/hosts/node1"
phases=$(python3 -c 'import json,sys; print(" ".join(e["phase"] for e in json.load(open(sys.argv[1]))["events"]))' "$WORK/node1.json")
expect_eq "timeline" "$phases" "new dhcp bootloader bootconfig kernel initrd kickstart tree pre post done localboot"
expect_match "netboot cleared" "$(cat "$WORK/node1.json")" '"netboot": ?false'
expect_match "pxed status" "$(pxed status)" 'node1 .*localboot'
cli_curl -o "$WORK/all.json" "$H/api/v1/hosts"
expect_eq "GET /api/v1/hosts lists all" \
	"$(python3 -c 'import json,sys; print(len(json.load(open(sys.argv[1]))["hosts"]))' "$WORK/all.json")" 3

# node4, known by its UUID with a new NIC: that MAC is node4's from then on: pxelinux asks for its config
# by that MAC, and the install is tracked (last: this client's address is
# node4's now)
cli_tftp pxelinux.cfg/01-52-54-00-aa-77-77 "$WORK/node4-newnic.cfg"
expect_match "config for node4's new NIC is node4's install" "$(cat "$WORK/node4-newnic.cfg")" 'ks/node4'
cli_curl -o "$WORK/node4.json" "$H/api/v1/hosts/node4"
expect_eq "node4 tracked through its new NIC" \
	"$(python3 -c 'import json,sys; print(" ".join(e["phase"] for e in json.load(open(sys.argv[1]))["events"]))' "$WORK/node4.json")" \
	"new dhcp bootconfig"

# --- the CLI changes what the running daemon serves ----------------------
pxed host reinstall node1 || fail "host reinstall failed"
pxed host add --mac 52:54:00:aa:00:03 --hostname node3 --profile el9 || fail "host add node3 failed"
ok=
for i in $(seq 1 40); do
	cli_curl -o "$WORK/node3.cfg" "$H/pxelinux.cfg/01-52-54-00-aa-00-03"
	cli_curl -o "$WORK/node1-re.cfg" "$H/pxelinux.cfg/01-52-54-00-aa-00-01"
	if grep -q 'ks/node3' "$WORK/node3.cfg" && grep -q 'ks/node1' "$WORK/node1-re.cfg"; then
		ok=1
		break
	fi
	sleep 0.1
done
[ -n "$ok" ] && pass "new host and reinstall seen without a restart" ||
	fail "the daemon did not pick up host add / host reinstall"

# --- bad requests ---------------------------------------------------------
code=$(cli_curl -o /dev/null -w '%{http_code}' "$H/ks/nosuch")
expect_eq "kickstart of an unknown host" "$code" 404
code=$(cli_curl -o "$WORK/by-addr.ks" -w '%{http_code}' -H 'X-RHN-Provisioning-MAC-0: eth0 02:00:00:00:00:99' "$H/ks/")
expect_eq "kickstart for an unknown MAC from a host's address" "$code" 200
expect_match "... is that host's (known by its address)" "$(cat "$WORK/by-addr.ks")" 'hostname=node1'
code=$(timeout 20 ip netns exec "$NS_SRV" curl -s -o /dev/null -w '%{http_code}' "$H/ks/")
expect_eq "kickstart with no host, no known MAC, no known address" "$code" 404
code=$(cli_curl -o /dev/null -w '%{http_code}' "$H/api/v1/hosts/nosuch")
expect_eq "API: unknown host" "$code" 404
code=$(cli_curl -o /dev/null -w '%{http_code}' "$H/distros/rocky9/%2e%2e/%2e%2e/etc/passwd")
expect_match "traversal out of a tree" "$code" '^40[034]$'
# a template that renders to an invalid kickstart is never served (the CLI
# refuses such templates; here the row is changed behind its back)
sqlite3 "$STATE/pxed.db" "UPDATE profiles SET kickstart = 'bogus-command --x' WHERE name = 'el7'" ||
	die "sqlite3 update"
for i in $(seq 1 40); do
	code=$(cli_curl -o "$WORK/bad.ks" -w '%{http_code}' "$H/ks/node2")
	[ "$code" = 500 ] && break
	sleep 0.1
done
expect_eq "invalid rendered kickstart" "$code" 500
expect_match "500 names the problem" "$(cat "$WORK/bad.ks")" 'bogus-command'

pxed_alive || fail "pxed died during the test"
finish
