#!/bin/sh
# Installs every Debian 12 package that pxed's build, tests, demo and
# benchmarks need. Idempotent: installs only what is missing, and runs
# `apt-get update` only when something is. Needs root (or does nothing
# when everything is already there).
set -eu

PKGS="
gcc clang meson ninja-build pkg-config python3
libfyaml-dev libsqlite3-dev libcrypt-dev nettle-dev libclang-rt-14-dev
libmicrohttpd-dev
iproute2 procps psmisc sqlite3 tcpdump
isc-dhcp-client isc-dhcp-relay busybox
kea-dhcp4-server isc-dhcp-server dnsmasq-base
tftp-hpa atftp curl nftables atftpd libwrap0
pxelinux syslinux-common syslinux-efi grub-efi-amd64-signed grub-efi-amd64-bin shim-signed ipxe
qemu-system-x86 ipxe-qemu ovmf xorriso cpio nginx-light
libiso9660-dev genisoimage
wrk apache2-utils libmicrohttpd-dev
"
# The e2e lab's demo installer needs busybox-static, which conflicts with
# busybox: scripts/build-demo-distro.sh fetches it with `apt-get download`
# (like the Debian kernel) instead of installing it.

missing=""
for p in $PKGS; do
	if ! dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'install ok installed'; then
		missing="$missing $p"
	fi
done

# The unprivileged user `pxed serve` drops to after binding its ports.
ensure_user() {
	if ! getent passwd pxed >/dev/null 2>&1 && [ "$(id -u)" = 0 ]; then
		useradd --system --no-create-home --home-dir /var/lib/pxed --shell /usr/sbin/nologin pxed
		echo "setup-deps: created system user pxed"
	fi
}

# tftpd-hpa (a benchmark peer) conflicts with atftpd as a package, so its
# in.tftpd is unpacked beside the system instead of installed: no service,
# no conflict. bench/tftp/run.sh looks for it there.
TFTPD_HPA_DIR=/usr/local/lib/pxed-bench/tftpd-hpa
ensure_tftpd_hpa() {
	[ -x "$TFTPD_HPA_DIR/usr/sbin/in.tftpd" ] && return 0
	[ "$(id -u)" = 0 ] || { echo "setup-deps: run as root to unpack tftpd-hpa for the benchmark" >&2; return 0; }
	tmp=$(mktemp -d)
	if (cd "$tmp" && apt-get download -qq tftpd-hpa >/dev/null 2>&1) && mkdir -p "$TFTPD_HPA_DIR" &&
		dpkg-deb -x "$tmp"/tftpd-hpa_*.deb "$TFTPD_HPA_DIR"; then
		echo "setup-deps: unpacked tftpd-hpa's in.tftpd into $TFTPD_HPA_DIR (benchmark only)"
	else
		echo "setup-deps: could not unpack tftpd-hpa; bench/tftp/run.sh will skip it" >&2
	fi
	rm -rf "$tmp"
}

# atftpd's package enables a socket unit (port 69 on every interface at the
# next boot): it is a benchmark peer only, started by hand in a namespace.
disable_tftp_services() {
	[ "$(id -u)" = 0 ] || return 0
	for unit in atftpd.socket atftpd.service tftpd-hpa.service; do
		if command -v systemctl >/dev/null 2>&1 && [ -d /run/systemd/system ]; then
			systemctl disable --now "$unit" >/dev/null 2>&1 || true
		fi
		rm -f "/etc/systemd/system/sockets.target.wants/$unit" "/etc/systemd/system/multi-user.target.wants/$unit"
	done
}

if [ -z "$missing" ]; then
	ensure_user
	ensure_tftpd_hpa
	disable_tftp_services
	echo "setup-deps: all packages present"
	exit 0
fi

if [ "$(id -u)" != 0 ]; then
	echo "setup-deps: missing packages:$missing" >&2
	echo "setup-deps: run as root (or: sudo apt-get install$missing)" >&2
	exit 1
fi

echo "setup-deps: installing:$missing"
export DEBIAN_FRONTEND=noninteractive
# The reference servers are benchmark peers only: keep their packages from
# starting system services on a real interface while they are installed.
policy=/usr/sbin/policy-rc.d
made_policy=0
if [ ! -e "$policy" ]; then
	printf '#!/bin/sh\nexit 101\n' > "$policy"
	chmod 755 "$policy"
	made_policy=1
fi
# (an `if`, not `&&`: a trap's last status can become the script's)
cleanup() { if [ "$made_policy" = 1 ]; then rm -f "$policy"; fi; }
trap cleanup EXIT
apt-get update -qq
# shellcheck disable=SC2086
apt-get install -y -qq --no-install-recommends $missing
# nginx is a peer in the e2e lab, started by hand in a namespace: its
# package's service (port 80 on every interface) stays off.
case " $missing " in
*" nginx-light "*)
	if command -v systemctl >/dev/null 2>&1 && [ -d /run/systemd/system ]; then
		systemctl disable --now nginx.service >/dev/null 2>&1 || true
	fi
	rm -f /etc/systemd/system/multi-user.target.wants/nginx.service
	;;
esac
ensure_user
ensure_tftpd_hpa
disable_tftp_services
exit 0
