#!/bin/sh
# Runs every libFuzzer target in BUILD for SECONDS, starting from the
# committed seeds. New inputs go to a scratch corpus, never into the repo;
# a crash leaves its input in BUILD/fuzz-crashes/ and fails the run.
set -u
BUILD=$1
SECONDS_EACH=${2:-15}
ROOT=$(cd "$(dirname "$0")/.." && pwd)
fail=0
mkdir -p "$BUILD/fuzz-crashes"
for exe in "$BUILD"/tests/fuzz/fuzz_*; do
	[ -f "$exe" ] && [ -x "$exe" ] || continue
	name=$(basename "$exe" | sed 's/^fuzz_//')
	scratch=$(mktemp -d)
	if "$exe" -max_total_time="$SECONDS_EACH" -timeout=10 -rss_limit_mb=2048 -print_final_stats=0 \
		-artifact_prefix="$BUILD/fuzz-crashes/$name-" "$scratch" "$ROOT/tests/fuzz/corpus/$name" \
		> "$BUILD/fuzz-$name.log" 2>&1; then
		echo "fuzz $name: PASS ($(grep -o '^Done [0-9]* runs in [0-9]* second' "$BUILD/fuzz-$name.log" | tail -n 1))"
	else
		echo "FAIL fuzz $name: see $BUILD/fuzz-$name.log and $BUILD/fuzz-crashes/"
		tail -n 30 "$BUILD/fuzz-$name.log"
		fail=1
	fi
	rm -rf "$scratch"
done
exit $fail
