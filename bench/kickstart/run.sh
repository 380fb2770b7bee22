#!/bin/bash
# Kickstart validation speed: `pxed ks check` on a 5,000-line kickstart
# (parse + check per run, in process), side by side with pykickstart's
# ksvalidator on the same file when a pykickstart checkout is available
# (PYKICKSTART=/path/to/pykickstart; it is not packaged for Debian 12).
#
# Usage: bench/kickstart/run.sh
# Environment:
#   BUILD=build                  meson build dir
#   BENCH=$BUILD/bench/pxed-ks-bench
#   VERSION=RHEL8  RUNS=200  PY_RUNS=5
#   PYKICKSTART=/tmp/pykickstart
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/../.." && pwd)
BUILD=${BUILD:-$root/build}
BENCH=${BENCH:-$BUILD/bench/pxed-ks-bench}
VERSION=${VERSION:-RHEL8}
RUNS=${RUNS:-200}
PY_RUNS=${PY_RUNS:-5}
PYKICKSTART=${PYKICKSTART:-/tmp/pykickstart}

if [ ! -x "$BENCH" ]; then
	echo "kickstart: $BENCH is missing (build first)"
	exit 0
fi
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
"$BENCH" -n "$RUNS" -v "$VERSION" -w "$tmp/bench.ks"

if [ -f "$PYKICKSTART/tools/ksvalidator.py" ] && command -v python3 >/dev/null; then
	# in process, so that interpreter start-up is not counted against it
	PYTHONPATH=$PYKICKSTART python3 - "$tmp/bench.ks" "$VERSION" "$PY_RUNS" <<'PY'
import contextlib, io, os, sys, time, warnings, importlib.util
path, version, runs = sys.argv[1], sys.argv[2], int(sys.argv[3])
tools = os.path.join(os.environ["PYTHONPATH"], "tools", "ksvalidator.py")
spec = importlib.util.spec_from_file_location("ksvalidator", tools)
ksv = importlib.util.module_from_spec(spec)
spec.loader.exec_module(ksv)
best, total, rc = 1e9, 0.0, 0
for _ in range(runs):
    t0 = time.perf_counter()
    with contextlib.redirect_stdout(io.StringIO()), contextlib.redirect_stderr(io.StringIO()), \
            warnings.catch_warnings():
        rc, _ = ksv.main(["-v", version, path])
    dt = time.perf_counter() - t0
    total += dt
    best = min(best, dt)
print("pykickstart ksvalidator: %s, exit %d: mean %.3f ms, best %.3f ms over %d runs (in process)"
      % (version, rc, total / runs * 1e3, best * 1e3, runs))
PY
else
	echo "pykickstart ksvalidator: not available (set PYKICKSTART to a checkout to compare)"
fi
