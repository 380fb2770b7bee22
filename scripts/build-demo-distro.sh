#!/bin/bash
# build-demo-distro.sh OUTDIR: the demo "distro" the end-to-end tests and
# `make demo` install: a real Debian kernel with a small installer initrd
# (busybox-static, the kernel's NIC modules, tests/e2e/installer/*), laid
# out as an install tree and packed as ISO images.
#
# OUTDIR gets:
#   tree/                   Rocky-9-style tree: .treeinfo (productmd 1.2),
#                           .discinfo, images/pxeboot/{vmlinuz,initrd.img},
#                           repodata/ (valid, empty repository metadata)
#   tree-el7/               the same kernel and initrd as an EL7-style tree
#                           (pre-productmd .treeinfo)
#   demo-distro.iso         tree/ as an ISO 9660 image (Rock Ridge + Joliet)
#   demo-distro-el7.iso     tree-el7/ as one
#   vmlinuz, initrd.img     links into tree/images/pxeboot/
#   modules.order           the NIC modules in the order /init loads them
#   busybox                 the initrd's busybox-static (to test the
#                           installer's scripts on the host)
#   debs/                   the downloaded .deb files (kept: the cache)
#
# Re-running with unchanged inputs (this script, tests/e2e/installer/*, the
# .deb files, the DEMO_* settings) does nothing. The packages are fetched
# with `apt-get download` once; a cached .deb is used when apt has no lists
# or no network.
#
# Settings (environment):
#   KERNEL_PKG      kernel package (default: what linux-image-amd64 depends on)
#   NIC_MODULES     modules to load, dependencies added (default: virtio_pci virtio_net e1000)
#   DEMO_NAME DEMO_SHORT DEMO_VERSION   [release] of tree/ (default Rocky Linux, Rocky, 9.4)
#   DEMO_EL7_FAMILY DEMO_EL7_VERSION    [general] of tree-el7/ (default CentOS, 7)
set -euo pipefail

die() {
	echo "build-demo-distro: error: $*" >&2
	exit 1
}
log() {
	echo "build-demo-distro: $*" >&2
}

[ $# = 1 ] || die "usage: $0 OUTDIR"
ROOT=$(cd "$(dirname "$0")/.." && pwd)
INSTALLER=$ROOT/tests/e2e/installer
OUT=$(realpath -m "$1")
DEBS=$OUT/debs
mkdir -p "$DEBS"

NIC_MODULES=${NIC_MODULES:-virtio_pci virtio_net e1000}
DEMO_NAME=${DEMO_NAME:-Rocky Linux}
DEMO_SHORT=${DEMO_SHORT:-Rocky}
DEMO_VERSION=${DEMO_VERSION:-9.4}
DEMO_EL7_FAMILY=${DEMO_EL7_FAMILY:-CentOS}
DEMO_EL7_VERSION=${DEMO_EL7_VERSION:-7}

for tool in dpkg-deb tar cpio gzip xorriso sha256sum; do
	command -v "$tool" >/dev/null 2>&1 || die "$tool is not installed (scripts/setup-deps.sh installs it)"
done

# cached_deb PKG: the newest cached .deb of PKG, if any.
cached_deb() {
	local f
	f=$(find "$DEBS" -maxdepth 1 -name "${1}_*.deb" | sort -V | tail -n 1)
	if [ -z "$f" ]; then
		f=$(find /var/cache/apt/archives -maxdepth 1 -name "${1}_*_amd64.deb" 2>/dev/null | sort -V | tail -n 1)
		if [ -n "$f" ]; then
			cp "$f" "$DEBS/" || return 1
			f=$DEBS/$(basename "$f")
		fi
	fi
	echo "$f"
}

# get_deb PKG: path of PKG's .deb, downloaded once.
get_deb() {
	local f
	f=$(cached_deb "$1")
	if [ -z "$f" ]; then
		log "downloading $1"
		if ! (cd "$DEBS" && apt-get download -q "$1") >"$DEBS/apt.log" 2>&1; then
			cat "$DEBS/apt.log" >&2
			die "apt-get download $1 failed"
		fi
		f=$(cached_deb "$1")
		[ -n "$f" ] || die "apt-get download $1 left no .deb in $DEBS"
	fi
	echo "$f"
}

if [ -z "${KERNEL_PKG:-}" ]; then
	KERNEL_PKG=$(apt-cache depends linux-image-amd64 2>/dev/null |
		awk '$1 == "Depends:" && $2 ~ /^linux-image-[0-9]/ { print $2; exit }')
fi
if [ -z "${KERNEL_PKG:-}" ]; then
	# No apt lists: whatever kernel is cached.
	k=$(find "$DEBS" -maxdepth 1 -name 'linux-image-[0-9]*.deb' | sort -V | tail -n 1)
	[ -n "$k" ] || die "cannot tell which linux-image package to use (apt-cache knows no linux-image-amd64; set KERNEL_PKG)"
	KERNEL_PKG=$(basename "$k" | cut -d_ -f1)
fi
KERNEL_DEB=$(get_deb "$KERNEL_PKG")
BUSYBOX_DEB=$(get_deb busybox-static)

# Everything the outputs depend on, hashed: equal stamp, nothing to do.
stamp=$( {
	cat "$0" "$INSTALLER"/*
	basename "$KERNEL_DEB"
	basename "$BUSYBOX_DEB"
	printf '%s\n' "$NIC_MODULES" "$DEMO_NAME" "$DEMO_SHORT" "$DEMO_VERSION" "$DEMO_EL7_FAMILY" "$DEMO_EL7_VERSION"
} | sha256sum | cut -d' ' -f1)
outputs="busybox tree/.treeinfo tree/images/pxeboot/vmlinuz tree/images/pxeboot/initrd.img tree-el7/.treeinfo demo-distro.iso demo-distro-el7.iso"
uptodate=1
[ "$(cat "$OUT/.stamp" 2>/dev/null)" = "$stamp" ] || uptodate=0
for f in $outputs; do
	[ -s "$OUT/$f" ] || uptodate=0
done
if [ $uptodate = 1 ]; then
	log "up to date: $OUT ($(basename "$KERNEL_DEB"))"
	exit 0
fi

W=$OUT/work
rm -rf "$W"
mkdir -p "$W/kernel" "$W/busybox" "$W/initrd"
log "kernel from $(basename "$KERNEL_DEB")"
# Only the kernel image and the module directories NIC drivers live in:
# the whole package is ~400 MB unpacked.
dpkg-deb --fsys-tarfile "$KERNEL_DEB" | tar -x -C "$W/kernel" --wildcards \
	'./boot/vmlinuz-*' './lib/modules/*/kernel/drivers/net' \
	'./lib/modules/*/kernel/drivers/virtio' './lib/modules/*/kernel/net/core'
VMLINUZ=$(find "$W/kernel/boot" -name 'vmlinuz-*' | head -n 1)
[ -n "$VMLINUZ" ] || die "no /boot/vmlinuz-* in $KERNEL_DEB"
KVER=${VMLINUZ##*/vmlinuz-}
# Every file gets the kernel's date, so equal inputs give equal bytes.
EPOCH=$(stat -c %Y "$VMLINUZ")

dpkg-deb --fsys-tarfile "$BUSYBOX_DEB" | tar -x -C "$W/busybox" ./bin/busybox
BUSYBOX=$W/busybox/bin/busybox
"$BUSYBOX" --list >/dev/null 2>&1 || die "$BUSYBOX from $BUSYBOX_DEB does not run here"

# --- the NIC modules, each after its dependencies --------------------------
declare -A KO=() SEEN=()
while IFS= read -r p; do
	n=${p##*/}
	n=${n%%.ko*}
	KO[${n//-/_}]=$p
done < <(find "$W/kernel/lib/modules" -name '*.ko' -o -name '*.ko.xz')
[ ${#KO[@]} -gt 0 ] || die "no kernel modules found in $KERNEL_DEB"
MODDIR=$W/initrd/lib/modules
mkdir -p "$MODDIR"
ORDER=()

# ko_depends FILE: the depends= field of a module's .modinfo section.
ko_depends() {
	tr '\0' '\n' <"$1" | sed -n 's/^depends=//p' | head -n 1
}

# add_module NAME WHY: copies the module (uncompressed: busybox insmod
# takes plain .ko files) after the ones it depends on.
add_module() {
	local m=$1 dep src dst
	[ -z "${SEEN[$m]:-}" ] || return 0
	SEEN[$m]=1
	src=${KO[$m]:-}
	[ -n "$src" ] || die "module $m ($2) is not in drivers/net, drivers/virtio or net/core of $KERNEL_PKG"
	dst=$MODDIR/$m.ko
	case $src in
	*.xz) xz -dc "$src" >"$dst" ;;
	*) cp "$src" "$dst" ;;
	esac
	for dep in $(ko_depends "$dst" | tr ',' ' '); do
		add_module "${dep//-/_}" "needed by $m"
	done
	ORDER+=("$m")
}
for m in $NIC_MODULES; do
	add_module "${m//-/_}" "asked for"
done
log "modules: ${ORDER[*]}"

# --- the installer initrd ------------------------------------------------
I=$W/initrd
mkdir -p "$I/bin" "$I/etc" "$I/dev" "$I/proc" "$I/sys" "$I/tmp" "$I/run" "$I/root" "$I/var/log" "$I/usr"
cp "$BUSYBOX" "$I/bin/busybox"
for applet in $("$BUSYBOX" --list); do
	case $applet in
	busybox | init | linuxrc) ;;
	*) ln -sf busybox "$I/bin/$applet" ;;
	esac
done
ln -s bin "$I/sbin"
ln -s ../bin "$I/usr/bin"
ln -s ../bin "$I/usr/sbin"
install -m 0755 "$INSTALLER/init" "$I/init"
install -m 0755 "$INSTALLER/curl" "$I/bin/curl"
install -m 0755 "$INSTALLER/udhcpc.script" "$I/etc/udhcpc.script"
printf '%s\n' "${ORDER[@]}" >"$I/etc/modules.order"
cat >"$I/etc/os-release" <<EOF
NAME="pxed demo installer"
ID=pxed-demo-installer
VERSION_ID="$KVER"
EOF
echo "root:x:0:0:root:/root:/bin/sh" >"$I/etc/passwd"
echo "root:x:0:" >"$I/etc/group"
find "$I" -exec touch -h -d "@$EPOCH" {} +
(cd "$I" && find . -mindepth 1 | LC_ALL=C sort | cpio --quiet -o -H newc -R 0:0 --reproducible) |
	gzip -9 -n >"$W/initrd.img"

# --- the trees -------------------------------------------------------------
# make_repodata DIR: empty but valid rpm-md metadata (repomd.xml with
# primary, filelists and other, checksums and sizes that match).
make_repodata() {
	local dir=$1/repodata kind ns root sum osum
	mkdir -p "$dir"
	{
		echo '<?xml version="1.0" encoding="UTF-8"?>'
		echo '<repomd xmlns="http://linux.duke.edu/metadata/repo" xmlns:rpm="http://linux.duke.edu/metadata/rpm">'
		echo "  <revision>$EPOCH</revision>"
		for kind in primary filelists other; do
			case $kind in
			primary) root=metadata ns='xmlns="http://linux.duke.edu/metadata/common" xmlns:rpm="http://linux.duke.edu/metadata/rpm"' ;;
			filelists) root=filelists ns='xmlns="http://linux.duke.edu/metadata/filelists"' ;;
			other) root=otherdata ns='xmlns="http://linux.duke.edu/metadata/other"' ;;
			esac
			printf '<?xml version="1.0" encoding="UTF-8"?>\n<%s %s packages="0">\n</%s>\n' "$root" "$ns" "$root" >"$W/$kind.xml"
			gzip -9 -n -c "$W/$kind.xml" >"$W/$kind.xml.gz"
			sum=$(sha256sum <"$W/$kind.xml.gz" | cut -d' ' -f1)
			osum=$(sha256sum <"$W/$kind.xml" | cut -d' ' -f1)
			cp "$W/$kind.xml.gz" "$dir/$sum-$kind.xml.gz"
			cat <<-EOF
			  <data type="$kind">
			    <checksum type="sha256">$sum</checksum>
			    <open-checksum type="sha256">$osum</open-checksum>
			    <location href="repodata/$sum-$kind.xml.gz"/>
			    <timestamp>$EPOCH</timestamp>
			    <size>$(stat -c %s "$W/$kind.xml.gz")</size>
			    <open-size>$(stat -c %s "$W/$kind.xml")</open-size>
			  </data>
			EOF
		done
		echo '</repomd>'
	} >"$dir/repomd.xml"
}

# make_tree DIR: the files both trees share.
make_tree() {
	local t=$1
	mkdir -p "$t/images/pxeboot" "$t/Packages"
	cp "$VMLINUZ" "$t/images/pxeboot/vmlinuz"
	cp "$W/initrd.img" "$t/images/pxeboot/initrd.img"
	make_repodata "$t"
	cat >"$t/README" <<-EOF
	pxed demo install tree: Debian's $KERNEL_PKG kernel ($KVER) and the pxed
	demo installer initrd (busybox-static + the NIC modules; tests/e2e/installer/).
	Its .treeinfo names it "$DEMO_NAME $DEMO_VERSION" / "$DEMO_EL7_FAMILY $DEMO_EL7_VERSION" only so that
	pxed imports it like a tree of that family; it contains no such distribution.
	Built by scripts/build-demo-distro.sh.
	EOF
}

sum_of() {
	sha256sum <"$1" | cut -d' ' -f1
}

T=$W/tree
make_tree "$T"
cat >"$T/.treeinfo" <<EOF
[checksums]
images/pxeboot/initrd.img = sha256:$(sum_of "$T/images/pxeboot/initrd.img")
images/pxeboot/vmlinuz = sha256:$(sum_of "$T/images/pxeboot/vmlinuz")

[general]
; WARNING.0 = This section provides compatibility with pre-productmd treeinfos.
; WARNING.1 = Read productmd documentation for details about new format.
arch = x86_64
family = $DEMO_NAME
name = $DEMO_NAME $DEMO_VERSION
packagedir = Packages
platforms = x86_64
repository = .
timestamp = $EPOCH
variant = BaseOS
variants = BaseOS
version = $DEMO_VERSION

[header]
type = productmd.treeinfo
version = 1.2

[images-x86_64]
initrd = images/pxeboot/initrd.img
kernel = images/pxeboot/vmlinuz

[release]
name = $DEMO_NAME
short = $DEMO_SHORT
version = $DEMO_VERSION

[tree]
arch = x86_64
build_timestamp = $EPOCH
platforms = x86_64
variants = BaseOS

[variant-BaseOS]
id = BaseOS
name = BaseOS
packages = Packages
repository = .
type = variant
uid = BaseOS
EOF
printf '%s\n%s\n%s\n%s\n' "$EPOCH.000000" "$DEMO_NAME $DEMO_VERSION" x86_64 ALL >"$T/.discinfo"

T7=$W/tree-el7
make_tree "$T7"
cat >"$T7/.treeinfo" <<EOF
[general]
name = $DEMO_EL7_FAMILY-$DEMO_EL7_VERSION
family = $DEMO_EL7_FAMILY
timestamp = $EPOCH.00
variant =
version = $DEMO_EL7_VERSION
packagedir =
arch = x86_64

[images-x86_64]
kernel = images/pxeboot/vmlinuz
initrd = images/pxeboot/initrd.img

[images-xen]
kernel = images/pxeboot/vmlinuz
initrd = images/pxeboot/initrd.img
EOF
printf '%s\n%s\n%s\n%s\n' "$EPOCH.000000" "$DEMO_EL7_FAMILY $DEMO_EL7_VERSION" x86_64 1 >"$T7/.discinfo"

# make_iso TREE ISO LABEL
make_iso() {
	find "$1" -exec touch -h -d "@$EPOCH" {} +
	xorriso -as mkisofs -quiet -r -J -joliet-long -V "$3" -o "$2" "$1" 2>"$W/xorriso.log" ||
		{ cat "$W/xorriso.log" >&2; die "xorriso failed for $2"; }
}
make_iso "$T" "$W/demo-distro.iso" "PXED-DEMO-${DEMO_VERSION%%.*}-x86_64"
make_iso "$T7" "$W/demo-distro-el7.iso" "PXED-DEMO-${DEMO_EL7_VERSION%%.*}-x86_64"

# Into place, then the stamp: an interrupted build is never taken as done.
rm -f "$OUT/.stamp"
rm -rf "$OUT/tree" "$OUT/tree-el7"
mv "$T" "$OUT/tree"
mv "$T7" "$OUT/tree-el7"
mv "$W/demo-distro.iso" "$W/demo-distro-el7.iso" "$OUT/"
ln -sfn tree/images/pxeboot/vmlinuz "$OUT/vmlinuz"
ln -sfn tree/images/pxeboot/initrd.img "$OUT/initrd.img"
printf '%s\n' "${ORDER[@]}" >"$OUT/modules.order"
cp "$BUSYBOX" "$OUT/busybox"
rm -rf "$W"
echo "$stamp" >"$OUT/.stamp"
log "built $OUT: kernel $KVER ($(stat -L -c %s "$OUT/vmlinuz") bytes), initrd $(stat -L -c %s "$OUT/initrd.img") bytes, demo-distro.iso $(stat -c %s "$OUT/demo-distro.iso") bytes"
