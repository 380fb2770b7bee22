#!/bin/bash
# `pxed distro import|list|show|remove` end to end: synthetic CentOS 7 and
# Rocky 9 trees (tests/tools/make-tree.sh) imported as ISO images and as
# directories, then every kind of bad input, each a clear error and exit 1
# (2 for usage). Needs xorriso; no network, no root.
. "$(dirname "$0")/lib.sh"
PXED=${1:-}
[ -n "$PXED" ] && [ -x "$PXED" ] || skip "pxed binary not given or not executable: '$PXED'"
PXED=$(cd "$(dirname "$PXED")" && pwd)/$(basename "$PXED")
need_cmd xorriso
MAKE_TREE=$(cd "$(dirname "$0")/../tools" && pwd)/make-tree.sh
WORK=$(mktemp -d /tmp/pxed-it-distro-XXXXXX) || skip "mktemp failed"
trap 'rm -rf "$WORK"' EXIT
STATE=$WORK/state
OUT=$WORK/out

# run WANT_RC LABEL CMD...: runs CMD with output in $OUT, checks the exit code
run() {
	local want=$1 label=$2
	shift 2
	"$@" >"$OUT" 2>&1
	local rc=$?
	if [ "$rc" = "$want" ]; then
		pass "$label: exit $rc"
	else
		fail "$label: exit $rc, expected $want"
		sed 's/^/    | /' "$OUT"
	fi
}

# says LABEL EXTENDED-REGEX: the last command's output matches
says() {
	if grep -Eq -- "$2" "$OUT"; then
		pass "$1"
	else
		fail "$1: output does not match /$2/"
		sed 's/^/    | /' "$OUT"
	fi
}

distro() { "$PXED" distro "$@" --state-dir "$STATE"; }

"$MAKE_TREE" centos7 "$WORK/c7" --iso "$WORK/c7.iso" || die "make-tree.sh centos7"
"$MAKE_TREE" rocky9 "$WORK/r9" --iso "$WORK/r9.iso" --stage2-size 3000000 || die "make-tree.sh rocky9"

# ---- good trees ----------------------------------------------------------------
run 0 "import CentOS 7 ISO" distro import "$WORK/c7.iso" --name centos7
says "CentOS 7 recognised" "family +centos \(CentOS\)"
says "CentOS 7 version from .discinfo" "version +7\.9 \(major 7\)"
says "CentOS 7 installer image" "stage2 +LiveOS/squashfs\.img"
says "ISO read with Rock Ridge names" "\(ISO 9660, Rock Ridge names, [0-9]+ files\)"
run 0 "import CentOS 7 directory" distro import "$WORK/c7" --name centos7-dir
says "directory source" "from $WORK/c7 \(directory\)"
run 0 "import Rocky 9 ISO" distro import "$WORK/r9.iso" --name rocky9
says "Rocky 9 recognised" "family +rocky \(Rocky Linux\)"
says "Rocky 9 version" "version +9\.4 \(major 9\)"
says "Rocky 9 kernel size" "kernel +images/pxeboot/vmlinuz \(8\.0 KiB\)"
says "Rocky 9 installer image" "stage2 +images/install\.img \(2\.9 MiB\)"
# relative paths are recorded absolute
(cd "$WORK" && "$PXED" distro import r9 --name rocky9-dir --state-dir "$STATE") >"$OUT" 2>&1
expect_eq "import Rocky 9 directory by a relative path" "$?" 0

run 0 "list" distro list
says "list header" "^NAME +FAMILY +VERSION +ARCH +KIND +SOURCE$"
says "list: centos7 from the ISO" "^centos7 +centos +7\.9 +x86_64 +iso +$WORK/c7\.iso$"
says "list: rocky9-dir from the directory" "^rocky9-dir +rocky +9\.4 +x86_64 +dir +$WORK/r9$"
expect_eq "list rows" "$(grep -c . "$OUT")" 5
run 0 "show" distro show rocky9
says "show: family" "^family: +rocky$"
says "show: major" "^major: +9$"
says "show: source" "^source: +$WORK/r9\.iso$"
says "show: kind" "^source kind: +iso$"
says "show: initrd" "^initrd: +images/pxeboot/initrd\.img$"
says "show: URL path" "^url path: +/distros/rocky9/$"
says "show: TFTP kernel" "^tftp kernel: +distros/rocky9/images/pxeboot/vmlinuz$"
says "show: TFTP initrd" "^tftp initrd: +distros/rocky9/images/pxeboot/initrd\.img$"

# ---- bad input -------------------------------------------------------------------
mkdir -p "$WORK/notree/docs" && echo hello >"$WORK/notree/docs/README"
xorriso -as mkisofs -quiet -R -J -o "$WORK/notree.iso" "$WORK/notree" >/dev/null 2>&1
run 1 "ISO that is not an install tree" distro import "$WORK/notree.iso" --name notree
says "... says so" "$WORK/notree\.iso: not an install tree: no \.treeinfo or \.discinfo in ISO"
run 1 "directory that is not an install tree" distro import "$WORK/notree" --name notree
says "... says so" "$WORK/notree: not an install tree: no \.treeinfo or \.discinfo in directory"

"$MAKE_TREE" rocky9 "$WORK/nokernel" --no-kernel --iso "$WORK/nokernel.iso"
run 1 ".treeinfo naming a missing kernel (ISO)" distro import "$WORK/nokernel.iso" --name nokernel
says "... names the kernel" "$WORK/nokernel\.iso: kernel images/pxeboot/vmlinuz named by \.treeinfo is missing"
run 1 ".treeinfo naming a missing kernel (directory)" distro import "$WORK/nokernel" --name nokernel
says "... names the kernel" "$WORK/nokernel: kernel images/pxeboot/vmlinuz named by \.treeinfo is missing"

"$MAKE_TREE" centos6 "$WORK/noti" --no-treeinfo --no-kernel
run 1 ".discinfo only, release \"Final\"" distro import "$WORK/noti" --name noti
says "... cannot tell the family" "cannot tell the distribution: no \.treeinfo, and \.discinfo names no family \(\.discinfo release \"Final\"\)"
printf '1530309935.75\nCentOS 6.10\nx86_64\n1\n' >"$WORK/noti/.discinfo"
run 1 ".discinfo only, usual kernel path missing" distro import "$WORK/noti" --name noti
says "... says the path was assumed" "$WORK/noti: kernel images/pxeboot/vmlinuz \(the usual path; there is no \.treeinfo\) is missing"

head -c 3000000 /dev/urandom >"$WORK/garbage.iso"
run 1 "garbage file passed as ISO" distro import "$WORK/garbage.iso" --name garbage
says "... is not an ISO" "$WORK/garbage\.iso: not an ISO 9660 image"
: >"$WORK/empty.iso"
run 1 "empty file passed as ISO" distro import "$WORK/empty.iso" --name empty
says "... is not an ISO" "$WORK/empty\.iso: not an ISO 9660 image"

run 1 "duplicate name" distro import "$WORK/r9" --name rocky9
says "... says it exists" "a distro named rocky9 already exists \(from $WORK/r9\.iso\)"
run 1 "malformed name" distro import "$WORK/r9" --name "rocky 9/x"
says "... says what names may hold" "invalid distro name \"rocky 9/x\""
run 1 "name too long" distro import "$WORK/r9" --name "$(printf 'a%.0s' $(seq 1 64))"
run 1 "missing source" distro import "$WORK/nothere.iso" --name nothere
says "... names it" "$WORK/nothere\.iso: No such file or directory"

cp -r "$WORK/r9" "$WORK/badti"
printf '[general]\nfamily = Rocky Linux\nversion 9.4\n' >"$WORK/badti/.treeinfo"
run 1 "malformed .treeinfo" distro import "$WORK/badti" --name badti
says "... FILE:LINE" "$WORK/badti/\.treeinfo:3: expected KEY = VALUE"
xorriso -as mkisofs -quiet -R -J -o "$WORK/badti.iso" "$WORK/badti" >/dev/null 2>&1
run 1 "malformed .treeinfo in an ISO" distro import "$WORK/badti.iso" --name badti
says "... IMAGE:FILE:LINE" "$WORK/badti\.iso:\.treeinfo:3: expected KEY = VALUE"

run 2 "no --name" distro import "$WORK/r9"
run 2 "two sources" distro import "$WORK/r9" "$WORK/c7" --name two
run 2 "unknown option" distro import "$WORK/r9" --name x --bogus
run 2 "unknown subcommand" distro frobnicate
run 2 "show without a name" distro show
run 1 "show an unknown distro" distro show nosuch
says "... names it" "no distro named nosuch"

run 0 "failures added nothing" distro list
expect_eq "still four distros" "$(grep -c . "$OUT")" 5

# ---- removal ---------------------------------------------------------------------
run 0 "remove" distro remove rocky9-dir
run 1 "remove again" distro remove rocky9-dir
says "... names it" "no distro named rocky9-dir"
id=$(sqlite3 "$STATE/pxed.db" "SELECT id FROM distros WHERE name = 'centos7'")
sqlite3 "$STATE/pxed.db" "INSERT INTO profiles (name, distro_id, kickstart, created) VALUES ('web', $id, '', 0)"
run 1 "remove a distro a profile uses" distro remove centos7
says "... names the profile" "distro centos7 is used by profile web; remove it first"
sqlite3 "$STATE/pxed.db" "DELETE FROM profiles"
run 0 "remove once unused" distro remove centos7

# ---- the state directory from the configuration file ------------------------------
printf 'state_dir: %s/state2\n' "$WORK" >"$WORK/pxed.yaml"
"$PXED" distro import "$WORK/r9.iso" --name from-config --config "$WORK/pxed.yaml" >"$OUT" 2>&1
expect_eq "import with --config" "$?" 0
[ -f "$WORK/state2/pxed.db" ] && pass "store created in the config's state_dir" ||
	fail "no store in $WORK/state2"
"$PXED" distro list --config "$WORK/pxed.yaml" >"$OUT" 2>&1
says "list with --config" "^from-config +rocky"
printf 'state_dir: [unclosed\n' >"$WORK/bad.yaml"
run 1 "a config that does not load" "$PXED" distro list --config "$WORK/bad.yaml"
says "... says so" "cannot tell the state directory: $WORK/bad\.yaml does not load"

# ---- the progress bar, on a terminal only ------------------------------------------
if command -v script >/dev/null 2>&1; then
	script -qec "$PXED distro import $WORK/r9.iso --name tty --state-dir $STATE" /dev/null >"$OUT" 2>&1
	says "progress bar on a terminal" "checking install\.img \[#+\] 100%"
	distro import "$WORK/r9.iso" --name notty 2>"$WORK/err" >/dev/null
	if grep -q "checking" "$WORK/err"; then fail "progress bar drawn without a terminal"; else
		pass "no progress bar without a terminal"; fi
fi

finish
