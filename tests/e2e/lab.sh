# The end-to-end lab: real firmware in QEMU virtual machines booting from a
# server inside a private network namespace. Sourced by tests/e2e/test_*.sh
# (bash); builds on tests/integration/lib.sh (its checks, verdict, process
# tracking and cleanup, and pxed_start for a pxed in the lab).
#
#   . "$(dirname "$0")/lab.sh"
#   e2e_init "$@"            # $1 = pxed binary, $2 = build root; skips (77) if it can't run
#   e2e_distro               # builds/reuses the demo distro; sets E2E_DISTRO
#   e2e_lab_up               # namespace $NS_SRV, bridge pxs0 = 198.18.0.1/24, RA sender
#   e2e_ns_bg NAME CMD...    # a server in the namespace (or pxed_start ... from lib.sh)
#   e2e_vm_start vm1 --firmware bios --nic virtio --mac 52:54:00:e2:00:01 --uuid ...
#   e2e_vm_expect vm1 120 "${E2E_STEPS_BIOS[@]}" "${E2E_STEPS_INSTALLER[@]}"
#   e2e_vm_wait_exit vm1 30
#   finish
#
# Nothing leaves the namespace: each VM's tap is created in it and QEMU runs
# in it (`ip netns exec`). Everything is torn down by the EXIT trap, also on
# Ctrl-C or failure: VMs, their serial loggers and the servers by PID, then
# whatever else runs in the namespace, then the namespace itself. Every wait
# has a deadline and every VM a hard time limit.
#
# Serial consoles: each VM's console is read by serial_stamp.py into
# $WORK/<vm>/serial.log as "<seconds since the VM started> <line>", so the
# time of every boot step is known exactly without fast polling.

E2E_DIR=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
E2E_ROOT=$(cd "$E2E_DIR/../.." && pwd)
# shellcheck source=../integration/lib.sh
. "$E2E_DIR/../integration/lib.sh"

E2E_QEMU=${E2E_QEMU:-qemu-system-x86_64}
E2E_OVMF_CODE=${E2E_OVMF_CODE:-/usr/share/OVMF/OVMF_CODE_4M.fd}
E2E_OVMF_VARS=${E2E_OVMF_VARS:-/usr/share/OVMF/OVMF_VARS_4M.fd}
E2E_OVMF_SB_CODE=${E2E_OVMF_SB_CODE:-/usr/share/OVMF/OVMF_CODE_4M.ms.fd}
E2E_OVMF_SB_VARS=${E2E_OVMF_SB_VARS:-/usr/share/OVMF/OVMF_VARS_4M.ms.fd}
E2E_DISTRO=""
E2E_SERVER_IP=$SRV_IP
E2E_BRIDGE=$SRV_IF
# Set E2E_SERIAL_ECHO=1 to watch every VM's console live on stderr, and
# E2E_KEEP=1 to keep $WORK (consoles, server logs) after a passing run.
E2E_SERIAL_ECHO=${E2E_SERIAL_ECHO:-0}
# Per VM, by name: QEMU's PID (its `timeout` wrapper), its files, its start
# (Unix time), its tap in the namespace (to cut its link, for instance).
declare -A E2E_VM_PID=() E2E_VM_DIR=() E2E_VM_START=() E2E_VM_TAP=()
E2E_VM_COUNT=0

# Steps e2e_vm_expect waits for: "label=extended regex" on the console.
# SeaBIOS + iPXE ROM + pxelinux.0 (the console reaches the serial port
# through SeaBIOS's sercon, see e2e_vm_start).
E2E_STEPS_BIOS=(
	"ipxe rom=^iPXE \(http://ipxe\.org\)"
	"firmware dhcp=Configuring \(net[0-9]+ .*ok"
	"pxelinux=^PXELINUX [0-9]"
	"kernel loaded=Loading [^ ]*vmlinuz[^ ]*\.\.\. ?ok"
	"initrd loaded=Loading [^ ]*initrd[^ ]*\.\.\. ?ok"
	"kernel started=Linux version"
)
# OVMF with the NIC's iPXE ROM (QEMU's default: efi-virtio.rom and
# efi-e1000.rom carry an EFI iPXE that takes over network boot), then a
# UEFI boot program that says hello: GRUB.
E2E_STEPS_UEFI=(
	"ipxe efi=iPXE [0-9].* -- Open Source Network Boot Firmware"
	"firmware dhcp=Configuring \(net[0-9]+ .*ok"
	"grub=Welcome to GRUB"
	"kernel started=Linux version"
)
# OVMF's own PXE client (e2e_vm_start --nic-rom none).
E2E_STEPS_UEFI_NATIVE=(
	"pxe start=Start PXE over IPv4"
	"firmware dhcp=Station IP address is"
	"grub=Welcome to GRUB"
	"kernel started=Linux version"
)
# The demo installer's phases, in the order /init reaches them.
E2E_INSTALLER_PHASES=(init nic dhcp kickstart tree pre post "done")
E2E_STEPS_INSTALLER=()
for _p in "${E2E_INSTALLER_PHASES[@]}"; do
	E2E_STEPS_INSTALLER+=("$_p=pxed-installer: phase $_p t=")
done
unset _p
# A line matching this ends a wait at once: the boot cannot succeed any more.
E2E_FATAL_RE='pxed-installer: phase failed|Kernel panic'

# e2e_init PXED BUILD_ROOT: lib.sh's lab_init plus the lab's own needs.
e2e_init() {
	lab_init "$@"
	trap e2e_cleanup EXIT
	need_cmd "$E2E_QEMU" qemu-system-x86
	need_cmd python3
	need_cmd timeout coreutils
	need_cmd bridge iproute2
	[ -r /dev/net/tun ] || skip "/dev/net/tun missing (QEMU needs it for its tap)"
	[ -d /usr/lib/ipxe/qemu ] || skip "iPXE ROMs missing (package ipxe-qemu)"
	E2E_T0=$EPOCHREALTIME
}

# e2e_need_ovmf: skips the test when OVMF is not installed.
e2e_need_ovmf() {
	[ -r "$E2E_OVMF_CODE" ] && [ -r "$E2E_OVMF_VARS" ] || skip "OVMF missing ($E2E_OVMF_CODE; package ovmf)"
}

# e2e_need_ovmf_secboot: skips unless the Secure Boot OVMF with Microsoft's
# keys is installed.
e2e_need_ovmf_secboot() {
	[ -r "$E2E_OVMF_SB_CODE" ] && [ -r "$E2E_OVMF_SB_VARS" ] ||
		skip "Secure Boot OVMF missing ($E2E_OVMF_SB_CODE; package ovmf)"
}

# e2e_distro [OUTDIR]: builds the demo distro (or finds it up to date) in
# OUTDIR (default $E2E_DISTRO_DIR, else <build root>/e2e-distro) and sets
# E2E_DISTRO to it: tree/, demo-distro.iso, vmlinuz, initrd.img ...
e2e_distro() {
	local out=${1:-${E2E_DISTRO_DIR:-$BUILD_ROOT/e2e-distro}}
	if ! "$E2E_ROOT/scripts/build-demo-distro.sh" "$out" >"$WORK/build-demo-distro.log" 2>&1; then
		sed 's/^/  | /' "$WORK/build-demo-distro.log"
		die "scripts/build-demo-distro.sh $out failed"
	fi
	tail -n 1 "$WORK/build-demo-distro.log"
	E2E_DISTRO=$(realpath "$out")
}

# e2e_lab_up: the server namespace $NS_SRV with bridge pxs0 = 198.18.0.1/24
# (lib.sh's names, so write_config and pxed_start work unchanged), and a
# router advertisement "no router, no prefix" on it so iPXE does not wait
# ~15 s for IPv6. IPv6 is on for the bridge only (link-local fe80::1, the
# RA's source); the taps and everything else keep it off.
e2e_lab_up() {
	ns_add "$NS_SRV"
	in_ns "$NS_SRV" ip link add "$E2E_BRIDGE" type bridge || die "cannot create bridge $E2E_BRIDGE"
	# A port forwards at once (no STP listening/learning delay).
	in_ns "$NS_SRV" ip link set "$E2E_BRIDGE" type bridge forward_delay 0 stp_state 0
	in_ns "$NS_SRV" sysctl -qw "net.ipv6.conf.$E2E_BRIDGE.addr_gen_mode=1" >/dev/null 2>&1
	in_ns "$NS_SRV" sysctl -qw "net.ipv6.conf.$E2E_BRIDGE.disable_ipv6=0" >/dev/null ||
		die "cannot enable IPv6 on $E2E_BRIDGE"
	in_ns "$NS_SRV" ip link set "$E2E_BRIDGE" up
	in_ns "$NS_SRV" ip addr add "$E2E_SERVER_IP/24" dev "$E2E_BRIDGE" || die "cannot address $E2E_BRIDGE"
	in_ns "$NS_SRV" ip -6 addr add fe80::1/64 dev "$E2E_BRIDGE" nodad || die "cannot add fe80::1 to $E2E_BRIDGE"
	ip netns exec "$NS_SRV" python3 "$E2E_DIR/ra_send.py" "$E2E_BRIDGE" >"$WORK/ra_send.log" 2>&1 &
	track $!
	echo "lab: namespace $NS_SRV, bridge $E2E_BRIDGE $E2E_SERVER_IP/24, RA sender pid $!"
}

# e2e_dnsmasq_dhcp IFACE FIRST,LAST: the lines of a plain dnsmasq DHCP
# server on IFACE (no DNS, root, no pid file, leases and log in $WORK, the
# lab's router) handing out FIRST..LAST; callers add their own lines.
e2e_dnsmasq_dhcp() {
	cat <<-EOF
	port=0
	interface=$1
	bind-interfaces
	user=root
	group=root
	pid-file=
	dhcp-authoritative
	dhcp-leasefile=$WORK/dnsmasq.leases
	dhcp-range=$2,255.255.255.0,1h
	dhcp-option=option:router,$E2E_SERVER_IP
	log-dhcp
	log-facility=$WORK/dnsmasq.log
	EOF
}

# e2e_ns_bg NAME CMD...: runs a server in the lab namespace in the
# background, output in $WORK/NAME.log; its PID in E2E_BG_PID (tracked:
# killed at cleanup). Call it directly, not in $(...): the PID must be a
# child of the test's shell.
E2E_BG_PID=""
e2e_ns_bg() {
	local name=$1
	shift
	ip netns exec "$NS_SRV" "$@" >"$WORK/$name.log" 2>&1 &
	E2E_BG_PID=$!
	track "$E2E_BG_PID"
}

# e2e_wait_listen tcp|udp PORT [SECONDS]: waits until something listens on
# PORT in the lab namespace.
e2e_wait_listen() {
	local proto=$1 port=$2 secs=${3:-10} i opt=-tlnH
	[ "$proto" = udp ] && opt=-ulnH
	for i in $(seq 1 $((secs * 10))); do
		in_ns "$NS_SRV" ss $opt "sport = :$port" 2>/dev/null | grep -q . && return 0
		sleep 0.1
	done
	return 1
}

# e2e_capture [FILE]: captures the lab bridge (tcpdump --immediate-mode, or
# the last packets are lost) into FILE (default $WORK/lab.pcap).
e2e_capture() {
	local file=${1:-$WORK/lab.pcap}
	need_cmd tcpdump
	ip netns exec "$NS_SRV" tcpdump -i "$E2E_BRIDGE" --immediate-mode -U -n -s 0 -w "$file" \
		>"$WORK/tcpdump.log" 2>&1 &
	track $!
}

# e2e_vm_start NAME [options] [-- extra QEMU arguments]: starts a VM.
#   --firmware bios|uefi   SeaBIOS + the NIC's iPXE ROM (-boot n), or OVMF
#                          (own copy of OVMF_VARS_4M.fd, NIC bootindex=1)
#   --nic virtio|e1000     the NIC model (default virtio)
#   --nic-rom none         no iPXE option ROM on the NIC: OVMF's own PXE
#                          client boots (SeaBIOS then cannot boot from it)
#   --mac MAC              its MAC (default 52:54:00:e2:00:<n>)
#   --extra-nics N         N more NICs of the same model, without boot ROM,
#                          on a link with nothing on it, ahead of the boot NIC
#                          in PCI order: the guest sees them as eth0.. and
#                          must find the boot NIC by BOOTIF= (MACs
#                          52:54:00:e2:ff:<n><k>)
#   --uuid UUID            SMBIOS system UUID (default: a random one)
#   --serial S             SMBIOS serial number (default NAME)
#   --mem MB               RAM (default 512: OVMF needs it)
#   --timeout S            hard limit: QEMU is killed after S seconds (default 300)
#   --reboot               a guest reboot boots again (default: it ends QEMU)
#   --secure-boot          UEFI with Secure Boot on and Microsoft's keys
#                          (OVMF_CODE_4M.ms.fd, SMM): only signed loaders run
# Files in $WORK/NAME/: serial.log (stamped console), qemu.log (QEMU's own
# messages), vars.fd (UEFI). Call directly, not in $(...).
e2e_vm_start() {
	local name=$1
	shift
	local fw=bios nic=virtio rom=default mac="" uuid="" serial=$name mem=512 limit=300 reboot=0 extra=0 sb=0
	while [ $# -gt 0 ]; do
		case $1 in
		--firmware) fw=$2; shift 2 ;;
		--nic) nic=$2; shift 2 ;;
		--nic-rom) rom=$2; shift 2 ;;
		--mac) mac=$2; shift 2 ;;
		--extra-nics) extra=$2; shift 2 ;;
		--uuid) uuid=$2; shift 2 ;;
		--serial) serial=$2; shift 2 ;;
		--mem) mem=$2; shift 2 ;;
		--timeout) limit=$2; shift 2 ;;
		--reboot) reboot=1; shift ;;
		--secure-boot) sb=1; shift ;;
		--) shift; break ;;
		*) die "e2e_vm_start: unknown option $1" ;;
		esac
	done
	[ -z "${E2E_VM_PID[$name]:-}" ] || die "e2e_vm_start: VM $name already started"
	E2E_VM_COUNT=$((E2E_VM_COUNT + 1))
	[ -n "$mac" ] || mac=$(printf '52:54:00:e2:00:%02x' "$E2E_VM_COUNT")
	[ -n "$uuid" ] || uuid=$(cat /proc/sys/kernel/random/uuid)
	local dir=$WORK/$name tap=e2t$E2E_VM_COUNT
	mkdir -p "$dir"
	in_ns "$NS_SRV" ip tuntap add dev "$tap" mode tap || die "cannot create tap $tap"
	in_ns "$NS_SRV" ip link set "$tap" master "$E2E_BRIDGE" || die "cannot plug $tap into $E2E_BRIDGE"
	in_ns "$NS_SRV" ip link set "$tap" up

	local -a args=(-name "$name" -accel tcg -smp 1 -m "$mem" -nodefaults -display none
		-monitor none -chardev "stdio,id=con0,signal=off" -serial chardev:con0
		-netdev "tap,id=net0,ifname=$tap,script=no,downscript=no"
		-uuid "$uuid" -smbios "type=1,serial=$serial")
	local dev
	case $nic in
	virtio) dev=virtio-net-pci ;;
	e1000) dev=e1000 ;;
	*) die "e2e_vm_start: --nic virtio or e1000, not $nic" ;;
	esac
	case $rom in
	default) ;;
	none) dev="$dev,romfile=" ;;
	*) die "e2e_vm_start: --nic-rom none or default, not $rom" ;;
	esac
	# PCI slots: the extra NICs from 0x3 on, the boot NIC after them.
	local k
	for k in $(seq 1 "$extra"); do
		args+=(-netdev "hubport,id=dead$k,hubid=$((100 + k))"
			-device "$(echo "$dev" | cut -d, -f1),netdev=dead$k,romfile=,addr=$(printf '0x%x' $((2 + k))),mac=$(printf '52:54:00:e2:ff:%x%x' "$E2E_VM_COUNT" "$k")")
	done
	dev="$dev,addr=$(printf '0x%x' $((3 + extra)))"
	case $fw in
	bios)
		# SeaBIOS mirrors the text console (its own, iPXE's, pxelinux's)
		# to the serial port given here: there is no display.
		printf '\xf8\x03' >"$dir/sercon-port"
		args+=(-machine pc -boot n -fw_cfg "name=etc/sercon-port,file=$dir/sercon-port"
			-device "$dev,netdev=net0,mac=$mac")
		;;
	uefi)
		e2e_need_ovmf
		local code=$E2E_OVMF_CODE vars=$E2E_OVMF_VARS machine=q35
		if [ "$sb" = 1 ]; then
			# Secure Boot on, Microsoft's keys enrolled (what shim is
			# signed with); this firmware needs SMM and a secure flash
			e2e_need_ovmf_secboot
			code=$E2E_OVMF_SB_CODE vars=$E2E_OVMF_SB_VARS machine=q35,smm=on
			args+=(-global driver=cfi.pflash01,property=secure,value=on)
		fi
		cp "$vars" "$dir/vars.fd"
		args+=(-machine "$machine"
			-drive "if=pflash,format=raw,unit=0,readonly=on,file=$code"
			-drive "if=pflash,format=raw,unit=1,file=$dir/vars.fd"
			-device "$dev,netdev=net0,mac=$mac,bootindex=1")
		;;
	*) die "e2e_vm_start: --firmware bios or uefi, not $fw" ;;
	esac
	[ "$reboot" = 1 ] || args+=(-no-reboot)
	args+=("$@")
	printf '%s\n' "$E2E_QEMU ${args[*]}" >"$dir/cmdline"

	mkfifo "$dir/console"
	local start=$EPOCHREALTIME
	local -a echo_prefix=()
	[ "$E2E_SERIAL_ECHO" = 1 ] && echo_prefix=("[$name]")
	python3 "$E2E_DIR/serial_stamp.py" "$start" "$dir/serial.log" "${echo_prefix[@]}" <"$dir/console" &
	track $!
	timeout -k 5 "$limit" ip netns exec "$NS_SRV" "$E2E_QEMU" "${args[@]}" \
		<"/dev/null" >"$dir/console" 2>"$dir/qemu.log" &
	E2E_VM_PID[$name]=$!
	track "${E2E_VM_PID[$name]}"
	E2E_VM_DIR[$name]=$dir
	E2E_VM_START[$name]=$start
	E2E_VM_TAP[$name]=$tap
	echo "vm $name: $fw, $nic, mac $mac, uuid $uuid, ${mem} MB, limit ${limit}s (pid ${E2E_VM_PID[$name]}, tap $tap)"
}

# e2e_vm_log NAME: path of the VM's stamped serial log.
e2e_vm_log() {
	echo "${E2E_VM_DIR[$1]}/serial.log"
}

e2e_vm_alive() {
	kill -0 "${E2E_VM_PID[$1]}" 2>/dev/null
}

# e2e_vm_elapsed NAME: seconds since the VM started (3 decimals).
e2e_vm_elapsed() {
	awk -v now="$EPOCHREALTIME" -v s="${E2E_VM_START[$1]}" 'BEGIN { printf "%.3f", now - s }'
}

# e2e_vm_find NAME AFTER ERE: "<time> <line number>" of the first console
# line after line AFTER whose text matches ERE; nothing if none yet.
e2e_vm_find() {
	# The regex goes in through the environment: awk -v would eat its backslashes.
	E2E_RE=$3 awk -v after="$2" 'NR > after {
		t = $1; text = $0; sub(/^[^ ]+ /, "", text)
		if (text ~ ENVIRON["E2E_RE"]) { print t, NR; exit }
	}' "$(e2e_vm_log "$1")" 2>/dev/null
}

# e2e_vm_expect NAME DEADLINE STEP...: waits for each STEP ("label=ERE") to
# appear on the VM's console after the previous one, all within DEADLINE
# seconds of the VM's start, and prints when each did. A check fails (and
# the wait stops) on a missing step, a step out of order, a console line
# matching $E2E_FATAL_RE, or the VM ending first. Also writes
# $WORK/NAME/steps.tsv (label, seconds since start).
# Returns 0 when every step was seen in order.
e2e_vm_expect() {
	local name=$1 deadline=$2
	shift 2
	local log after=0 prev=0 step label re hit t n fatal ok=0
	log=$(e2e_vm_log "$name")
	: >"${E2E_VM_DIR[$name]}/steps.tsv"
	echo "vm $name: steps (seconds since power-on, deadline ${deadline}s):"
	for step in "$@"; do
		label=${step%%=*}
		re=${step#*=}
		while :; do
			hit=$(e2e_vm_find "$name" "$after" "$re")
			[ -n "$hit" ] && break
			fatal=$(e2e_vm_find "$name" 0 "$E2E_FATAL_RE")
			if [ -n "$fatal" ]; then
				fail "vm $name: fatal console line before '$label': $(sed -n "${fatal#* }p" "$log" | cut -d' ' -f2-)"
				ok=1
				break 2
			fi
			if ! e2e_vm_alive "$name"; then
				hit=$(e2e_vm_find "$name" "$after" "$re")
				[ -n "$hit" ] && break
				fail "vm $name ended (at $(e2e_vm_elapsed "$name")s) before '$label' appeared"
				ok=1
				break 2
			fi
			if awk -v e="$(e2e_vm_elapsed "$name")" -v d="$deadline" 'BEGIN { exit !(e > d) }'; then
				if [ -n "$(e2e_vm_find "$name" 0 "$re")" ]; then
					fail "vm $name: '$label' appeared out of order (before the step preceding it)"
				else
					fail "vm $name: '$label' not seen within ${deadline}s of power-on"
				fi
				ok=1
				break 2
			fi
			sleep 0.2
		done
		t=${hit% *}
		n=${hit#* }
		after=$n
		printf '  %-18s %8.3f s  (+%.3f)\n' "$label" "$t" "$(awk -v a="$t" -v b="$prev" 'BEGIN { print a - b }')"
		printf '%s\t%s\n' "$label" "$t" >>"${E2E_VM_DIR[$name]}/steps.tsv"
		prev=$t
	done
	if [ $ok = 0 ]; then
		pass "vm $name: all $# steps in order within ${deadline}s (last at ${prev}s)"
	else
		e2e_vm_tail "$name"
	fi
	return $ok
}

# e2e_vm_wait_exit NAME [SECONDS]: waits (bounded) for QEMU to end; sets
# E2E_VM_EXIT to its status (124 = its hard limit was hit) and returns 0
# when it ended in time.
E2E_VM_EXIT=""
e2e_vm_wait_exit() {
	local name=$1 secs=${2:-30} i
	E2E_VM_EXIT=""
	for i in $(seq 1 $((secs * 10))); do
		e2e_vm_alive "$name" || break
		sleep 0.1
	done
	e2e_vm_alive "$name" && return 1
	wait "${E2E_VM_PID[$name]}" 2>/dev/null
	E2E_VM_EXIT=$?
	return 0
}

# e2e_vm_stop NAME: ends the VM (by its PID) and waits for it.
e2e_vm_stop() {
	kill -TERM "${E2E_VM_PID[$1]}" 2>/dev/null
	e2e_vm_wait_exit "$1" 10 || kill -KILL "${E2E_VM_PID[$1]}" 2>/dev/null
}

# e2e_vm_tail NAME [LINES]: the end of the VM's console, for failure reports.
e2e_vm_tail() {
	echo "--- vm $1: last lines of $(e2e_vm_log "$1"):"
	tail -n "${2:-25}" "$(e2e_vm_log "$1")" 2>/dev/null | sed 's/^/  | /'
	if [ -s "${E2E_VM_DIR[$1]}/qemu.log" ]; then
		echo "--- vm $1: QEMU said:"
		grep -v -e 'should be prefixed with "opt/"' -e 'is not connected to host network' "${E2E_VM_DIR[$1]}/qemu.log" | tail -n 10 | sed 's/^/  | /'
	fi
	echo "---"
}

# e2e_log_tail NAME [LINES]: the end of $WORK/NAME.log (a server's output).
e2e_log_tail() {
	echo "--- last lines of $WORK/$1.log:"
	tail -n "${2:-20}" "$WORK/$1.log" 2>/dev/null | sed 's/^/  | /'
	echo "---"
}

e2e_cleanup() {
	local rc=$?
	if [ "$rc" != 0 ] && [ "$rc" != 77 ]; then
		echo "e2e: failed (status $rc); VM consoles and server logs are in $WORK"
	fi
	echo "e2e: ran $(awk -v a="$EPOCHREALTIME" -v b="${E2E_T0:-$EPOCHREALTIME}" 'BEGIN { printf "%.1f", a - b }')s; tearing the lab down"
	if [ "${E2E_KEEP:-0}" = 1 ] && [ -n "$WORK" ]; then
		echo "e2e: E2E_KEEP=1: work dir kept: $WORK"
		WORK=""
	fi
	(exit "$rc")
	lab_cleanup
}
