#!/bin/sh
# Installs every Debian 12 package that pxed's build, tests, demo and
# benchmarks need. Idempotent: installs only what is missing, and runs
# `apt-get update` only when something is. Needs root (or does nothing
# when everything is already there).
set -eu

PKGS="
gcc clang meson ninja-build pkg-config python3
libfyaml-dev libsqlite3-dev libcrypt-dev libclang-rt-14-dev
iproute2 procps psmisc sqlite3 tcpdump
isc-dhcp-client isc-dhcp-relay busybox
kea-dhcp4-server isc-dhcp-server dnsmasq-base
"

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

if [ -z "$missing" ]; then
	ensure_user
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
cleanup() { [ "$made_policy" = 1 ] && rm -f "$policy"; }
trap cleanup EXIT
apt-get update -qq
# shellcheck disable=SC2086
apt-get install -y -qq --no-install-recommends $missing
ensure_user
