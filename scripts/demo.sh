#!/bin/bash
# `make demo`: a machine installs itself from pxed, start to finish, in a
# private lab. The lab is the end-to-end tests' (tests/e2e/lab.sh): a
# network namespace with a bridge (198.18.0.1/24) and a QEMU virtual
# machine (SeaBIOS + iPXE, under TCG) on a tap in it; nothing touches the
# host's network. The install is the demo distro's (a Debian kernel and a
# busybox installer that behaves like Anaconda's first stage), imported
# into pxed from its ISO like any distro. Everything is torn down on exit,
# also on Ctrl-C; what is worth reading afterwards is copied to build/demo/.
#
#   scripts/demo.sh [PXED [BUILD_ROOT]]
set -u
ROOT=$(cd "$(dirname "$0")/.." && pwd)
DEMO_PXED=$(realpath "${1:-$ROOT/build/src/pxed}")
DEMO_BUILD=$(realpath "${2:-$(dirname "$(dirname "$DEMO_PXED")")}")
KEEP=$DEMO_BUILD/demo
HOST=demo1
MAC=52:54:00:de:00:01
UUID=6f1c2d3e-0000-4000-8000-de0000000001

if [ "$(id -u)" != 0 ]; then
	echo "make demo needs root (it creates a network namespace and a tap for the VM)" >&2
	exit 1
fi
# (Functions that set lab variables are never run in a pipe: a pipe is a
# subshell, and what they set would be lost.)
# shellcheck source=../tests/e2e/lab.sh
. "$ROOT/tests/e2e/lab.sh"
# shellcheck source=../tests/e2e/pxed.sh
. "$ROOT/tests/e2e/pxed.sh"
# The lab's helpers skip a test that cannot run here; the demo says why
# and fails.
skip() {
	echo "make demo cannot run on this machine: $*" >&2
	exit 1
}

say() { printf '\n\033[1m==> %s\033[0m\n' "$*"; }
show() { printf '    $ %s\n' "$*"; }
indent() { sed 's/^/    /'; }

e2e_init "$DEMO_PXED" "$DEMO_BUILD" >/dev/null
PXED_STATE=$WORK/state

say "Building the demo distro (Debian's kernel + a busybox installer initrd, packed as an install ISO)"
e2e_distro >"$WORK/distro.out"
indent <"$WORK/distro.out"

say "Creating the lab: namespace $NS_SRV, bridge $E2E_BRIDGE = $E2E_SERVER_IP/24"
e2e_lab_up >/dev/null
echo "    nothing leaves the namespace; the VM's tap will be plugged into $E2E_BRIDGE"

say "pxed's configuration (etc/demo.yaml)"
mkdir -p "$WORK/tftp" "$WORK/http"
sed "s|@WORK@|$WORK|g" "$ROOT/etc/demo.yaml" >"$WORK/pxed.yaml"
grep -v '^ *#' "$WORK/pxed.yaml" | indent
"$PXED" check-config "$WORK/pxed.yaml" | indent

say "Importing the install ISO: pxed serves its tree straight out of the file (no mount, no copy)"
show "pxed distro import demo-distro.iso --name demo"
pxed_cli distro import "$E2E_DISTRO/demo-distro.iso" --name demo 2>&1 | indent
[ "${PIPESTATUS[0]}" = 0 ] || die "pxed distro import failed"

say "A profile: the distro plus a kickstart template (checked: it must render to a valid RHEL 9 kickstart)"
show "pxed profile add demo --distro demo --kickstart tests/e2e/demo-ks.cfg --kernel-args '$PXED_KARGS'"
pxed_cli profile add demo --distro demo --kickstart "$E2E_DIR/demo-ks.cfg" --kernel-args "$PXED_KARGS" 2>&1 |
	indent
[ "${PIPESTATUS[0]}" = 0 ] || die "pxed profile add failed"

say "A host: the machine about to be installed, known by its MAC and its SMBIOS UUID"
show "pxed host add --hostname $HOST --mac $MAC --uuid $UUID --profile demo"
pxed_cli host add --hostname "$HOST" --mac "$MAC" --uuid "$UUID" --profile demo 2>&1 | indent
[ "${PIPESTATUS[0]}" = 0 ] || die "pxed host add failed"

say "Starting pxed serve (DHCP, TFTP, HTTP on port $PXED_HTTP_PORT) in the lab"
pxed_start --config "$WORK/pxed.yaml"
pxed_wait_udp 69 && pxed_wait_tcp "$PXED_HTTP_PORT" || { pxed_log_tail; die "pxed did not start"; }
echo "    pid $PXED_PID, log $PXED_LOG"

say "Powering on the VM: SeaBIOS, its NIC's iPXE ROM, pxed's iPXE script for $HOST, then the installer"
e2e_vm_start "$HOST" --firmware bios --nic virtio --mac "$MAC" --uuid "$UUID" --timeout 300 >"$WORK/vm.out"
indent <"$WORK/vm.out"
say "Watching the install: pxed status --watch 1 --until-installed (the store, as pxed serve writes it)"
timeout 280 "$DEMO_PXED" status --state-dir "$PXED_STATE" --watch 1 --until-installed
case $? in
0) ;;
124) fail "$HOST did not finish its install within 280 s" ;;
*) fail "$HOST's install failed" ;;
esac
e2e_vm_wait_exit "$HOST" 30 >/dev/null || true

say "What the installer in the VM printed on its serial console (seconds since power-on)"
grep 'pxed-installer:' "$(e2e_vm_log "$HOST")" | tr -d '\r' | indent

say "$HOST's install, as pxed tracked it (GET $PXED_URL/api/v1/hosts/$HOST)"
pxed_lab_timeline "$HOST" "$HOST" dhcp bootconfig kernel initrd kickstart tree pre post "done" | indent

say "Powering $HOST on again: it is installed, so pxed sends it to its local disk (boot-once)"
e2e_vm_start again --firmware bios --nic virtio --mac "$MAC" --uuid "$UUID" --timeout 120 >/dev/null
e2e_vm_expect again 90 "${PXED_STEPS_IPXE[@]:0:3}" "local boot=Booting from SAN device 0x80" \
	"no disk=Boot from SAN device 0x80 failed" >"$WORK/again.out"
indent <"$WORK/again.out"
e2e_vm_stop again
echo "    the VM (no disk) found nothing to boot; in a real machine its installed system starts here"
pxed_cli status | indent
show "pxed host reinstall $HOST     # would install it once more on its next boot"

pxed_stop >/dev/null 2>&1
rm -rf "$KEEP"
mkdir -p "$KEEP"
cp -r "$WORK/state" "$WORK/pxed.yaml" "$PXED_LOG" "$KEEP/"
cp "$(e2e_vm_log "$HOST")" "$KEEP/$HOST-console.log"
cp "$WORK/$HOST/timeline.json" "$KEEP/$HOST-timeline.json" 2>/dev/null
say "Done. Where to look next"
cat <<EOF | indent
Kept in $KEEP/ (the lab itself is torn down now):
  pxed.yaml            the configuration pxed ran with (from etc/demo.yaml)
  pxed.log             pxed's log: every lease, transfer, request and phase
  state/               the store: $DEMO_PXED status --state-dir $KEEP/state
  $HOST-console.log    the VM's serial console, stamped with seconds since power-on
  $HOST-timeline.json  GET /api/v1/hosts/$HOST: the host's install timeline
On a real network: docs/provisioning.md (distros, profiles, hosts, boot-once),
docs/pxed.conf.md (configuration), docs/pxed-provisioning-cli.md (the CLI),
and the API: /api/v1/hosts, /api/v1/hosts/<host>, /ks/<host>, /ipxe/<mac>.
EOF
finish
