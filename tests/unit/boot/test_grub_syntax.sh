#!/bin/bash
# Every generated GRUB config in the goldens passes GRUB's own parser
# (grub-script-check from grub-common): a config GRUB cannot parse would
# leave a machine at the grub> prompt.
set -u
golden=${1:?usage: test_grub_syntax.sh GOLDEN_DIR}
command -v grub-script-check >/dev/null 2>&1 || { echo "SKIP: grub-script-check not installed (grub-common)"; exit 77; }
fail=0 n=0
for f in "$golden"/grub-*.cfg "$golden"/*.grub-*.cfg; do
	[ -e "$f" ] || continue
	n=$((n + 1))
	if out=$(grub-script-check "$f" 2>&1); then
		echo "ok   $(basename "$f")"
	else
		echo "FAIL $(basename "$f"): $out"
		fail=1
	fi
done
[ "$n" -ge 7 ] || { echo "FAIL only $n GRUB goldens found"; fail=1; }
exit "$fail"
