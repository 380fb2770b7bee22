#!/bin/sh
# `make check`: builds pxed twice and runs every test.
#  1. gcc, optimised: unit tests and fuzz-seed replays.
#  2. clang with AddressSanitizer + UndefinedBehaviorSanitizer: every suite,
#     including the integration tests with real DHCP clients in network
#     namespaces (those need root and skip themselves otherwise).
#  3. clang + libFuzzer: each fuzz target runs for a bounded time.
# The last line is the total: "N passed, N failed".
set -eu
cd "$(dirname "$0")/.."
BUILD=${BUILD:-build}
BUILD_ASAN=${BUILD_ASAN:-build-asan}
BUILD_FUZZ=${BUILD_FUZZ:-build-fuzz}
FUZZ_SECONDS=${FUZZ_SECONDS:-15}
status=0

step() { printf '\n==> %s\n' "$*"; }

step "gcc build ($BUILD)"
[ -f "$BUILD/build.ninja" ] || CC=gcc meson setup "$BUILD" >/dev/null
ninja -C "$BUILD"
step "unit tests and fuzz seed replays (gcc)"
meson test -C "$BUILD" --suite unit --suite fuzz --print-errorlogs || status=1

step "clang ASan+UBSan build ($BUILD_ASAN)"
[ -f "$BUILD_ASAN/build.ninja" ] || CC=clang meson setup "$BUILD_ASAN" \
	-Db_sanitize=address,undefined -Db_lundef=false -Dbuildtype=debug >/dev/null
ninja -C "$BUILD_ASAN"
step "every test under ASan+UBSan, integration tests included"
ASAN_OPTIONS=${ASAN_OPTIONS:-detect_leaks=1:abort_on_error=1} \
UBSAN_OPTIONS=${UBSAN_OPTIONS:-print_stacktrace=1:halt_on_error=1} \
	meson test -C "$BUILD_ASAN" --print-errorlogs --num-processes 2 || status=1

step "libFuzzer targets, ${FUZZ_SECONDS}s each ($BUILD_FUZZ)"
[ -f "$BUILD_FUZZ/build.ninja" ] || CC=clang meson setup "$BUILD_FUZZ" -Dfuzzing=true \
	-Db_sanitize=address,undefined -Db_lundef=false -Dbuildtype=debug >/dev/null
ninja -C "$BUILD_FUZZ"
scripts/fuzz.sh "$BUILD_FUZZ" "$FUZZ_SECONDS" > "$BUILD_FUZZ/fuzz-results.txt" 2>&1 || status=1
cat "$BUILD_FUZZ/fuzz-results.txt" | grep -E '^(fuzz|FAIL)' || true

step "summary"
python3 scripts/test-summary.py "$BUILD/meson-logs/testlog.json" "$BUILD_ASAN/meson-logs/testlog.json" \
	"$BUILD_FUZZ/fuzz-results.txt" || status=1
exit $status
