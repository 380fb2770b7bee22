#!/bin/bash
# The demo installer's curl (tests/e2e/installer/curl, busybox wget
# underneath) against a loopback HTTP server, run by the initrd's own
# busybox-static: the request forms kickstart callbacks use arrive as curl
# would send them, and exit statuses are curl's. No VM, no root needed.
. "$(dirname "$0")/../integration/lib.sh"
E2E_DIR=$(cd "$(dirname "$0")" && pwd)
BUILD_ROOT=${2:-}
[ -n "$BUILD_ROOT" ] || skip "usage: $0 PXED BUILD_ROOT"
need_cmd python3
WORK=$(mktemp -d /tmp/pxed-e2e-curl-XXXXXX)
SRV_PID=""
cleanup() {
	local rc=$?
	[ -z "$SRV_PID" ] || { kill "$SRV_PID" 2>/dev/null; wait "$SRV_PID" 2>/dev/null; }
	if [ "$rc" = 0 ] || [ "$rc" = 77 ]; then rm -rf "$WORK"; else echo "work dir kept: $WORK"; fi
	exit "$rc"
}
trap cleanup EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

distro=${E2E_DISTRO_DIR:-$BUILD_ROOT/e2e-distro}
"$E2E_DIR/../../scripts/build-demo-distro.sh" "$distro" >"$WORK/build.log" 2>&1 ||
	{ cat "$WORK/build.log"; echo "FAIL: scripts/build-demo-distro.sh $distro"; exit 1; }
# The initrd's /bin: every busybox applet plus the wrapper.
BIN=$WORK/bin
mkdir -p "$BIN"
cp "$distro/busybox" "$BIN/busybox"
for a in $("$BIN/busybox" --list); do
	[ "$a" = busybox ] || ln -s busybox "$BIN/$a"
done
cp "$E2E_DIR/installer/curl" "$BIN/curl"

python3 "$E2E_DIR/http_echo.py" "$WORK/port" "$WORK/requests.jsonl" 2>"$WORK/http.log" &
SRV_PID=$!
for _ in $(seq 1 50); do [ -s "$WORK/port" ] && break; sleep 0.1; done
[ -s "$WORK/port" ] || die "http_echo.py did not start: $(cat "$WORK/http.log")"
URL=http://127.0.0.1:$(cat "$WORK/port")

# icurl ARGS...: the wrapper as the installer runs it; sets OUT, ERR, RC.
icurl() {
	env -i PATH="$BIN" TMPDIR=/tmp "$BIN/sh" "$BIN/curl" "$@" >"$WORK/out" 2>"$WORK/err"
	RC=$?
	OUT=$(cat "$WORK/out")
	ERR=$(cat "$WORK/err")
}

# last FIELD: a field of the last request the server recorded
# (method, path, body, or headers.<lower-case name>).
last() {
	python3 -c '
import json, sys
r = json.loads(open(sys.argv[1]).read().splitlines()[-1])
v = r
for k in sys.argv[2].split(".", 1):
    v = v.get(k, "") if isinstance(v, dict) else ""
print(v)' "$WORK/requests.jsonl" "$1"
}

icurl -s -X POST -H 'X-Pxed-Token: tok1' -d 'phase=post' "$URL/api/v1/hosts/7/events"
expect_eq "POST callback: exit status" "$RC" 0
expect_eq "POST callback: method" "$(last method)" POST
expect_eq "POST callback: path" "$(last path)" /api/v1/hosts/7/events
expect_eq "POST callback: token header" "$(last headers.x-pxed-token)" tok1
expect_eq "POST callback: body" "$(last body)" phase=post
expect_eq "POST callback: form content type" "$(last headers.content-type)" application/x-www-form-urlencoded

icurl -s -d 'phase=failed' -d 'detail=disk full' "$URL/events"
expect_eq "-d twice: method" "$(last method)" POST
expect_eq "-d twice: joined with &" "$(last body)" "phase=failed&detail=disk full"

icurl -s -X POST -H 'Content-Type: application/json' -d '{"phase":"done"}' "$URL/json"
expect_eq "JSON body" "$(last body)" '{"phase":"done"}'
expect_eq "JSON content type" "$(last headers.content-type)" application/json

printf 'phase=pre\n' >"$WORK/body"
icurl -s --data-binary "@$WORK/body" "$URL/file"
expect_eq "--data-binary @FILE body" "$(last body)" "phase=pre"

icurl -s -X POST "$URL/empty"
expect_eq "-X POST without data: method" "$(last method)" POST

icurl -s -o "$WORK/got" "$URL/ok"
expect_eq "-o FILE: exit status" "$RC" 0
expect_eq "-o FILE: content" "$(cat "$WORK/got" 2>/dev/null)" hello
expect_eq "-o FILE: nothing on stdout" "$OUT" ""

icurl -fsS "$URL/ok"
expect_eq "-fsS: exit status" "$RC" 0
expect_eq "-fsS: body on stdout" "$OUT" hello
expect_eq "-fsS: GET" "$(last method)" GET
expect_match "User-Agent like curl's" "$(last headers.user-agent)" '^curl/'

icurl -sSfo "$WORK/got2" "$URL/ok"
expect_eq "-sSfo FILE (combined flags)" "$RC/$(cat "$WORK/got2" 2>/dev/null)" 0/hello

icurl -fsS "$URL/404"
expect_eq "-f on HTTP 404: exit status 22" "$RC" 22
expect_match "-S on HTTP 404: says why" "$ERR" '404'
icurl -s "$URL/404"
expect_eq "without -f, HTTP 404 is not an error" "$RC" 0

start=$EPOCHSECONDS
icurl -s -m 1 "$URL/slow"
expect_eq "-m 1 on a slow server: exit status 28" "$RC" 28
expect_match "-m 1 gives up within 3 s" "$((EPOCHSECONDS - start))" '^[0-3]$'

icurl -s --retry 1 --retry-delay 0 "http://127.0.0.1:1/none"
expect_eq "connection refused: exit status 7" "$RC" 7

icurl -s --compressed "$URL/ok"
expect_eq "unsupported option: exit status 2" "$RC" 2
expect_match "unsupported option: named" "$ERR" 'unsupported option --compressed'
icurl -s -X PUT -d x "$URL/ok"
expect_eq "-X PUT: exit status 2" "$RC" 2
icurl -s
expect_eq "no URL: exit status 2" "$RC" 2

finish
