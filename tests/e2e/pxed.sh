# pxed in the e2e lab: the same VMs as the classic tests, served by one
# `pxed serve` (DHCP or proxyDHCP, TFTP, HTTP) from its catalog: the demo
# distro imported from its ISO, profiles from tests/e2e/demo-ks.cfg, one
# host per VM. Sourced after lab.sh; call pxed_lab_begin (or e2e_init,
# e2e_distro, e2e_lab_up and pxed_lab_catalog), then pxed_lab_host and
# pxed_lab_up.
#
#   pxed_lab_begin "$@" [uefi]        # lab checks, demo distro, lab up, catalog
#   pxed_lab_catalog                  # distros demo (Rocky 9.4) + demo7 (CentOS 7), profile demo
#   pxed_lab_profile NAME DISTRO      # another profile from demo-ks.cfg
#   pxed_lab_host NAME MAC UUID PROFILE [--ip IP]
#   pxed_lab_up [proxy]               # writes $WORK/pxed.yaml, starts pxed, waits for 67/69/HTTP
#   e2e_vm_start ... ; e2e_vm_expect NAME S "${PXED_STEPS_IPXE[@]}" "${E2E_STEPS_INSTALLER[@]}"
#   pxed_lab_timeline HOST VM PHASE...   # pxed's timeline since VM's power-on, checked
#
# Boot programs (dhcp.boot_files): BIOS PXE ROMs get pxelinux.0; x64 UEFI
# gets shimx64.efi, which loads grubx64.efi from the same server (Debian's
# signed shim and network GRUB, which pxed serves from shim-signed and
# grub-efi-amd64-signed: the Secure Boot path) unless PXED_EFI_BOOT names
# another; and a client already running iPXE -- the iPXE ROM QEMU puts on
# its NICs -- gets its per-host script http://<server>:<port>/ipxe/<mac>,
# which loads kernel and initrd over HTTP.

PXED_HTTP_PORT=${PXED_HTTP_PORT:-8080}
PXED_URL=http://$E2E_SERVER_IP:$PXED_HTTP_PORT
PXED_STATE=""
PXED_EFI_BOOT=${PXED_EFI_BOOT:-shimx64.efi}
# Every profile's installer writes to the serial console, where the lab
# reads the installer's phases.
PXED_KARGS="console=ttyS0,115200"

# SeaBIOS + the NIC's iPXE ROM, which pxed recognises as iPXE (user class
# "iPXE", option 175) and sends straight to its script: no pxelinux. A
# slow download shows its progress between the dots and the "ok" (percents,
# blanks and backspaces).
PXED_STEPS_IPXE=(
	"ipxe rom=^iPXE \(http://ipxe\.org\)"
	"firmware dhcp=Configuring \(net[0-9]+ .*ok"
	"ipxe script=http://[0-9.:]+/ipxe/[0-9a-fA-F:%]+\.\.\.[^a-zA-Z]*ok"
	"kernel loaded=http://[0-9.:]+/distros/[^ ]*vmlinuz\.\.\.[^a-zA-Z]*ok"
	"initrd loaded=http://[0-9.:]+/distros/[^ ]*initrd[^ ]*\.\.\.[^a-zA-Z]*ok"
	"kernel started=Linux version"
)
# OVMF's own PXE client -> grubx64.efi -> grub/grub.cfg -> the host's
# grub.cfg-01-<mac> (its menu entry is titled "<host>: <profile>: ...").
PXED_STEPS_UEFI=(
	"pxe start=Start PXE over IPv4"
	"firmware dhcp=Station IP address is"
	"grub=Welcome to GRUB"
	"kernel started=Linux version"
)

# OVMF's own PXE client -> efi64/syslinux.efi -> efi64/pxelinux.cfg/01-<mac>;
# syslinux.efi prints "Loading <kernel>... ok", the initrd and the
# kernel's first line without line breaks between them.
PXED_STEPS_SYSLINUX_EFI=(
	"pxe start=Start PXE over IPv4"
	"firmware dhcp=Station IP address is"
	"boot program=NBP filename is efi64/syslinux\.efi"
	"syslinux.efi=My IP is [0-9.]+"
	"kernel started=Loading ::/distros/[^ ]*vmlinuz.*Linux version"
)

# pxed_lab_begin PXED BUILD_ROOT [uefi]: a pxed test's start: the lab's
# checks (and OVMF's with uefi), the demo distro, the lab up, the catalog.
pxed_lab_begin() {
	e2e_init "$1" "$2"
	[ "${3:-}" != uefi ] || e2e_need_ovmf
	e2e_distro
	e2e_lab_up
	pxed_lab_catalog
}

# pxed_cli ARGS...: the CLI on the lab's store.
pxed_cli() {
	"$PXED" "$@" --state-dir "$PXED_STATE"
}

# pxed_lab_catalog: imports the demo distro's ISOs (demo: "Rocky Linux
# 9.4", demo7: "CentOS 7") and adds profile demo (distro demo, the demo
# kickstart template).
pxed_lab_catalog() {
	need_cmd curl curl
	PXED_STATE=$WORK/state
	local out
	out=$(pxed_cli distro import "$E2E_DISTRO/demo-distro.iso" --name demo 2>&1) ||
		{ printf '%s\n' "$out"; die "pxed distro import demo-distro.iso failed"; }
	printf '%s\n' "$out" | sed -n '1p;/version/p'
	out=$(pxed_cli distro import "$E2E_DISTRO/demo-distro-el7.iso" --name demo7 2>&1) ||
		{ printf '%s\n' "$out"; die "pxed distro import demo-distro-el7.iso failed"; }
	pxed_lab_profile demo demo
}

# pxed_lab_profile NAME DISTRO: a profile with tests/e2e/demo-ks.cfg as its
# template; `profile add` checks it renders to a valid kickstart for the
# distro's version.
pxed_lab_profile() {
	local out rc
	out=$(pxed_cli profile add "$1" --distro "$2" --kickstart "$E2E_DIR/demo-ks.cfg" \
		--kernel-args "$PXED_KARGS" 2>&1)
	rc=$?
	expect_eq "pxed profile add $1 --distro $2 (template checked for the distro's version)" "$rc" 0
	[ "$rc" = 0 ] || printf '%s\n' "$out" | sed 's/^/  | /'
}

# pxed_lab_host NAME MAC UUID PROFILE [pxed host add options]
pxed_lab_host() {
	local name=$1 mac=$2 uuid=$3 profile=$4
	shift 4
	pxed_cli host add --mac "$mac" --hostname "$name" --uuid "$uuid" --profile "$profile" "$@" >/dev/null ||
		die "pxed host add $name failed"
}

# pxed_lab_up [dhcp|proxy]: pxed on the lab bridge: DHCP with the lab's
# subnet (or proxyDHCP only), TFTP, HTTP on $PXED_HTTP_PORT, the store in
# $WORK/state. Empty TFTP and HTTP roots: everything served comes from the
# catalog and the boot-program packages. PXED_DHCP_EXTRA: more lines for
# the dhcp section ("  hosts: [...]").
pxed_lab_up() {
	local mode=${1:-dhcp}
	mkdir -p "$WORK/tftp" "$WORK/http"
	# shellcheck disable=SC2016 # ${...} are pxed's, expanded per reply
	BOOT_FILES='{bios: pxelinux.0, efi-x64: '"$PXED_EFI_BOOT"', ipxe: "http://${next-server}:${http-port}/ipxe/${mac}"}'
	write_config "$WORK/pxed.yaml" "$mode" "${PXED_DHCP_EXTRA:+$PXED_DHCP_EXTRA
}tftp:
  root: $WORK/tftp
http:
  root: $WORK/http
  port: $PXED_HTTP_PORT"
	pxed_start --config "$WORK/pxed.yaml"
	pxed_wait_udp 69 || { pxed_log_tail; die "pxed is not listening on TFTP :69"; }
	pxed_wait_tcp "$PXED_HTTP_PORT" || { pxed_log_tail; die "pxed is not listening on HTTP :$PXED_HTTP_PORT"; }
	echo "pxed up ($mode): DHCP${mode/dhcp/} on $E2E_BRIDGE, TFTP :69, HTTP $PXED_URL, state $PXED_STATE"
}

# pxed_lab_get PATH: GET $PXED_URL/PATH from the lab namespace (stdout).
pxed_lab_get() {
	timeout 20 ip netns exec "$NS_SRV" curl -fsS "$PXED_URL/$1"
}

# pxed_lab_timeline HOST VM PHASE...: pxed's timeline for HOST (GET
# /api/v1/hosts/HOST) since VM's power-on, printed with each event's time
# since then, must be exactly PHASE... in that order.
pxed_lab_timeline() {
	local host=$1 vm=$2
	shift 2
	local json got
	json=$(pxed_lab_get "api/v1/hosts/$host") || { fail "GET /api/v1/hosts/$host failed"; return 1; }
	printf '%s\n' "$json" >"$WORK/$vm/timeline.json"
	echo "pxed timeline of $host (seconds since vm $vm powered on):"
	got=$(python3 - "$WORK/$vm/timeline.json" "${E2E_VM_START[$vm]}" "$WORK/$vm/timeline.txt" <<-'EOF'
	import json, sys
	host = json.load(open(sys.argv[1]))
	start_ms = float(sys.argv[2]) * 1000
	phases, prev = [], 0.0
	with open(sys.argv[3], "w") as out:
	    for e in host["events"]:
	        t = (e["at_ms"] - start_ms) / 1000
	        if t < 0:
	            continue  # before this power-on: an earlier boot, the host's creation
	        phases.append(e["phase"])
	        out.write("  %-18s %8.3f s  (+%.3f)  %s\n" % (e["phase"], t, t - prev, e["detail"]))
	        prev = t
	print(" ".join(phases))
	EOF
	)
	cat "$WORK/$vm/timeline.txt"
	expect_eq "pxed timeline of $host since vm $vm started" "$got" "$*"
}

# pxed_lab_boot_once HOST VM: VM, HOST powered on again after its install
# and stopped, was sent to its disk: pxed's timeline since its power-on is
# just localboot, no kernel started and no installer ran, and pxed served
# HOST one kickstart in all.
pxed_lab_boot_once() {
	local host=$1 vm=$2
	pxed_lab_timeline "$host" "$vm" localboot
	expect_eq "pxed's phase for $host after the second boot" "$(pxed_lab_phase "$host")" localboot
	if grep -Eq 'Linux version|pxed-installer' "$(e2e_vm_log "$vm")"; then
		fail "$host was sent to the installer again"
	else
		pass "second boot of $host: no kernel started, no installer"
	fi
	expect_eq "kickstarts served to $host (pxed's HTTP log)" "$(grep -c "\"GET /ks/$host\"" "$PXED_LOG")" 1
}

# pxed_lab_phase HOST: the host's current phase as the API says.
pxed_lab_phase() {
	pxed_lab_get "api/v1/hosts/$1" | python3 -c 'import json,sys; print(json.load(sys.stdin)["phase"])'
}
