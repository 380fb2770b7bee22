#!/bin/sh
# Builds a synthetic install tree (and optionally an ISO 9660 image of it)
# shaped like a real distribution's: .treeinfo and .discinfo from the
# samples in tests/unit/distro/samples/, a fake PXE kernel and initrd, the
# installer image, repodata and a few packages. Tests of `pxed distro
# import`, and of serving trees over HTTP and TFTP, build their inputs with
# it. File contents are deterministic text, so a test can recreate them.
#
# usage: make-tree.sh STYLE DIR [options]
#   STYLE: centos6 centos7 rocky8 rocky9 alma9 (aarch64) rhel9 fedora40
#   --iso FILE          also write an ISO image of DIR (xorriso, Rock Ridge + Joliet)
#   --kernel-size N     bytes of images/pxeboot/vmlinuz (default 8192)
#   --initrd-size N     bytes of images/pxeboot/initrd.img (default 65536)
#   --stage2-size N     bytes of the installer image (default 32768; 0: none, and
#                       .treeinfo does not name one)
#   --no-kernel         leave the kernel out (.treeinfo still names it)
#   --no-treeinfo       leave .treeinfo out
#   --no-discinfo       leave .discinfo out
#   --packages N        dummy packages (default 3)
set -eu
here=$(cd "$(dirname "$0")" && pwd)
samples=$here/../unit/distro/samples

die() { echo "make-tree.sh: $*" >&2; exit 2; }
[ $# -ge 2 ] || die "usage: make-tree.sh STYLE DIR [--iso FILE] [--kernel-size N] ..."
style=$1 dir=$2
shift 2
iso="" kernel_size=8192 initrd_size=65536 stage2_size=32768 packages=3
kernel=1 treeinfo=1 discinfo=1
while [ $# -gt 0 ]; do
	case $1 in
	--iso) iso=$2; shift 2 ;;
	--kernel-size) kernel_size=$2; shift 2 ;;
	--initrd-size) initrd_size=$2; shift 2 ;;
	--stage2-size) stage2_size=$2; shift 2 ;;
	--packages) packages=$2; shift 2 ;;
	--no-kernel) kernel=0; shift ;;
	--no-treeinfo) treeinfo=0; shift ;;
	--no-discinfo) discinfo=0; shift ;;
	*) die "unknown option $1" ;;
	esac
done

# STYLE -> sample name, installer image path, repository layout
case $style in
centos6) sample=centos-6.10 stage2=images/install.img repos=. ;;
centos7) sample=centos-7.9 stage2=LiveOS/squashfs.img repos=. ;;
rocky8) sample=rocky-8.10 stage2=images/install.img repos="BaseOS AppStream" ;;
rocky9) sample=rocky-9.4 stage2=images/install.img repos="BaseOS AppStream" ;;
alma9) sample=alma-9.4-aarch64 stage2=images/install.img repos="BaseOS AppStream" ;;
rhel9) sample=rhel-9.4 stage2=images/install.img repos="BaseOS AppStream" ;;
fedora40) sample=fedora-40 stage2=images/install.img repos=. ;;
*) die "unknown style $style (centos6 centos7 rocky8 rocky9 alma9 rhel9 fedora40)" ;;
esac

# N bytes of a repeated line naming the file: deterministic, not all zeros
fill() { # path size
	mkdir -p "$(dirname "$1")"
	yes "pxed test tree $style $(basename "$1")" | head -c "$2" >"$1"
}

mkdir -p "$dir/images/pxeboot"
if [ "$treeinfo" = 1 ]; then
	if [ "$stage2_size" = 0 ]; then
		grep -v '^mainimage' "$samples/$sample.treeinfo" >"$dir/.treeinfo"
	else
		cp "$samples/$sample.treeinfo" "$dir/.treeinfo"
	fi
fi
[ "$discinfo" = 1 ] && cp "$samples/$sample.discinfo" "$dir/.discinfo"
[ "$kernel" = 1 ] && fill "$dir/images/pxeboot/vmlinuz" "$kernel_size"
fill "$dir/images/pxeboot/initrd.img" "$initrd_size"
[ "$stage2_size" != 0 ] && fill "$dir/$stage2" "$stage2_size"
for repo in $repos; do
	mkdir -p "$dir/$repo/repodata" "$dir/$repo/Packages"
	cat >"$dir/$repo/repodata/repomd.xml" <<XML
<?xml version="1.0" encoding="UTF-8"?>
<repomd xmlns="http://linux.duke.edu/metadata/repo" xmlns:rpm="http://linux.duke.edu/metadata/rpm">
  <revision>1714869580</revision>
  <data type="primary">
    <location href="repodata/primary.xml.gz"/>
  </data>
</repomd>
XML
	i=1
	while [ "$i" -le "$packages" ]; do
		fill "$dir/$repo/Packages/pxed-test-package-$i-1.0-1.noarch.rpm" $((i * 1000))
		i=$((i + 1))
	done
done

if [ -n "$iso" ]; then
	command -v xorriso >/dev/null || die "xorriso is needed for --iso (apt-get install xorriso)"
	xorriso -as mkisofs -quiet -R -J -V "PXED-$style" -o "$iso" "$dir" >/dev/null 2>&1 ||
		die "xorriso failed to write $iso"
fi
