#!/bin/bash
# Install trees served from an ISO image vs from a directory: a Rocky 9
# style tree (tests/tools/make-tree.sh) with 800 packages, a 64 MiB initrd
# and a 256 MiB installer image, read file by file through tree_iso and
# tree_dir by pxed-tree-bench (bench/tree/tree_bench.c).
#
# Usage: bench/tree/run.sh
# Environment: BUILD=build  ROUNDS=5  PACKAGES=400 (per repository)
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/../.." && pwd)
BUILD=${BUILD:-$root/build}
BENCH=$BUILD/bench/pxed-tree-bench
ROUNDS=${ROUNDS:-5}
PACKAGES=${PACKAGES:-400}
if [ ! -x "$BENCH" ]; then
	echo "tree: $BENCH is missing (build first)"
	exit 0
fi
command -v xorriso >/dev/null || { echo "tree: xorriso is missing (scripts/setup-deps.sh)"; exit 0; }
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
"$root/tests/tools/make-tree.sh" rocky9 "$tmp/tree" --iso "$tmp/tree.iso" --packages "$PACKAGES" \
	--initrd-size $((64 << 20)) --stage2-size $((256 << 20))
"$BENCH" "$tmp/tree.iso" "$tmp/tree" "$ROUNDS"
