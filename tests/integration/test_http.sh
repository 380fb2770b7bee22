#!/bin/bash
# The HTTP server inside the real `pxed serve`, with curl (and a few raw
# sockets from python3) in a client namespace: GET and HEAD, single and
# multiple ranges checked byte for byte, 416, conditional requests (304,
# 412, If-Range), a sparse file over 4 GiB read past the 4 GiB mark,
# directory redirects and pages, media types, every traversal spelling and a
# symlink leading out of the root (the server keeps serving), oversized
# headers (431), keep-alive and Connection: close, the per-client
# connection limit (503), and the access log.
. "$(dirname "$0")/lib.sh"
lab_init "$@"
need_cmd curl
need_cmd python3
lab_setup
lab_client_addr "$NS_CLI" 198.18.0.2/24

PORT=8080
U=http://$SRV_IP:$PORT
root=$WORK/root
mkdir -p "$root/sub/deeper" "$root/withindex" "$root/images/pxeboot" "$root/with space"
echo "hello over http" >"$root/a.txt"
head -c 3000000 /dev/urandom >"$root/big.bin"
echo "outside the root" >"$WORK/secret"
ln -s ../secret "$root/escape"
ln -s /etc/passwd "$root/abs-escape"
ln -s a.txt "$root/inside-link"
echo "index page" >"$root/withindex/index.html"
echo "[general]" >"$root/.treeinfo"
printf 'x' >"$root/disc.iso"
printf 'x' >"$root/pkg-1.0.rpm"
printf 'x' >"$root/BOOTX64.EFI"
printf 'x' >"$root/pxelinux.0"
printf '{}' >"$root/data.json"
printf 'x' >"$root/images/pxeboot/vmlinuz"
echo "odd" >"$root/sub/a b&c<d>.txt"
echo "deep" >"$root/sub/deeper/f"
: >"$root/empty"
# a sparse file over 4 GiB with markers just past 4 GiB and at its end
sparse=$root/sparse.img
truncate -s 5G "$sparse"
printf 'MARK-AT-4G+123' | dd of="$sparse" bs=1 seek=$((4294967296 + 123)) conv=notrunc status=none
printf 'THE-END' | dd of="$sparse" bs=1 seek=$((5368709120 - 7)) conv=notrunc status=none

cat >"$WORK/pxed.yaml" <<EOF
state_dir: $WORK/state
user: ""
log: {level: debug}
dhcp: {enabled: false}
tftp: {enabled: false}
http:
  root: $root
  port: $PORT
  max_per_client: 4
EOF

HTTP_PORT=$PORT pxed_start_http --config "$WORK/pxed.yaml"
pass "HTTP listening on $PORT"

cli() {
	timeout 60 ip netns exec "$NS_CLI" "$@"
}
# code URL-PATH [curl args]: the status code
code() {
	local p=$1
	shift
	cli curl -s --path-as-is -o /dev/null -w '%{http_code}' "$@" "$U$p"
}
# hdr NAME FILE: a header's value from a curl -D dump
hdr() {
	sed -n "s/^$1: *//Ip" "$2" | tr -d '\r' | head -n 1
}

# --- GET and HEAD ------------------------------------------------------------
expect_eq "GET a.txt" "$(cli curl -s "$U/a.txt")" "hello over http"
cli curl -s -D "$WORK/h" -o "$WORK/got" "$U/big.bin"
expect_eq "GET big.bin: sha256" "$(sha "$WORK/got")" "$(sha "$root/big.bin")"
expect_eq "Content-Length" "$(hdr content-length "$WORK/h")" 3000000
expect_eq "Accept-Ranges" "$(hdr accept-ranges "$WORK/h")" bytes
etag=$(hdr etag "$WORK/h")
lastmod=$(hdr last-modified "$WORK/h")
expect_match "strong ETag" "$etag" '^"[0-9a-f]+-[0-9a-f]+-[0-9a-f]+"$'
expect_match "Last-Modified is an IMF-fixdate" "$lastmod" '^[A-Z][a-z]{2}, [0-9]{2} [A-Z][a-z]{2} [0-9]{4} [0-9:]{8} GMT$'
cli curl -s -I -o "$WORK/head" "$U/big.bin" -D "$WORK/h"
expect_eq "HEAD: status" "$(head -n1 "$WORK/h" | tr -d '\r')" "HTTP/1.1 200 OK"
expect_eq "HEAD: Content-Length" "$(hdr content-length "$WORK/h")" 3000000
expect_eq "GET of an empty file" "$(code /empty)" 200
expect_eq "a symlink inside the root" "$(cli curl -s "$U/inside-link")" "hello over http"
expect_eq "HTTP/1.0" "$(code /a.txt --http1.0)" 200

# --- ranges --------------------------------------------------------------------
cli curl -s -D "$WORK/h" -o "$WORK/part" -r 1000-1999 "$U/big.bin"
expect_eq "single range: status" "$(head -n1 "$WORK/h" | tr -d '\r')" "HTTP/1.1 206 Partial Content"
expect_eq "single range: Content-Range" "$(hdr content-range "$WORK/h")" "bytes 1000-1999/3000000"
expect_eq "single range: bytes" "$(sha "$WORK/part")" \
	"$(dd if="$root/big.bin" bs=1000 skip=1 count=1 status=none | sha256sum | cut -d' ' -f1)"
cli curl -s -o "$WORK/part" -r -500 "$U/big.bin"
expect_eq "suffix range: bytes" "$(sha "$WORK/part")" "$(tail -c 500 "$root/big.bin" | sha256sum | cut -d' ' -f1)"
cli curl -s -D "$WORK/h" -o "$WORK/multi" -r 0-9,100000-100099,2999990- "$U/big.bin"
expect_eq "multiple ranges: status" "$(head -n1 "$WORK/h" | tr -d '\r')" "HTTP/1.1 206 Partial Content"
ctype=$(hdr content-type "$WORK/h")
expect_match "multipart/byteranges" "$ctype" '^multipart/byteranges; boundary=[-A-Za-z0-9]+$'
expect_eq "multipart: Content-Length is the body" "$(hdr content-length "$WORK/h")" "$(stat -c %s "$WORK/multi")"
verdict=$(python3 - "$WORK/multi" "${ctype#*boundary=}" "$root/big.bin" <<'EOF'
import sys
body = open(sys.argv[1], 'rb').read()
b = sys.argv[2].encode()
data = open(sys.argv[3], 'rb').read()
parts = body.split(b'\r\n--' + b)
if parts[0] != b'' or parts[-1] != b'--\r\n':
    print('bad framing'); sys.exit()
seen = []
for p in parts[1:-1]:
    head, _, payload = p.partition(b'\r\n\r\n')
    lines = head.split(b'\r\n')[1:]
    cr = [l for l in lines if l.lower().startswith(b'content-range:')][0].split(b' ')[-1]
    first, last = cr.split(b'/')[0].split(b'-')
    first, last = int(first), int(last)
    if payload != data[first:last + 1]:
        print('part %d-%d differs' % (first, last)); sys.exit()
    seen.append('%d-%d' % (first, last))
print(' '.join(seen))
EOF
)
expect_eq "multipart parts, each byte-exact" "$verdict" "0-9 100000-100099 2999990-2999999"
cli curl -s -D "$WORK/h" -o /dev/null -r 5000000- "$U/big.bin"
expect_eq "unsatisfiable range: status" "$(head -n1 "$WORK/h" | tr -d '\r')" "HTTP/1.1 416 Range Not Satisfiable"
expect_eq "416 Content-Range" "$(hdr content-range "$WORK/h")" "bytes */3000000"
expect_eq "malformed Range is ignored (200)" "$(code /big.bin -H 'Range: bytes=9-5')" 200
expect_eq "overlapping ranges past 4x the file are ignored" \
	"$(code /a.txt -H 'Range: bytes=0-,0-,0-,0-,0-')" 200

# --- conditional requests ----------------------------------------------------------
expect_eq "If-None-Match with the ETag" "$(code /big.bin -H "If-None-Match: $etag")" 304
expect_eq "If-None-Match with another tag" "$(code /big.bin -H 'If-None-Match: "other"')" 200
expect_eq "If-Modified-Since = Last-Modified" "$(code /big.bin -H "If-Modified-Since: $lastmod")" 304
expect_eq "If-Modified-Since long ago" "$(code /big.bin -H 'If-Modified-Since: Sun, 06 Nov 1994 08:49:37 GMT')" 200
expect_eq "If-Match with another tag" "$(code /big.bin -H 'If-Match: "other"')" 412
expect_eq "If-Unmodified-Since long ago" "$(code /big.bin -H 'If-Unmodified-Since: Sun, 06 Nov 1994 08:49:37 GMT')" 412
cli curl -s -D "$WORK/h" -o /dev/null -H "If-None-Match: $etag" "$U/big.bin"
expect_eq "304 carries the ETag" "$(hdr etag "$WORK/h")" "$etag"
expect_eq "If-Range with the ETag: the range" "$(code /big.bin -r 0-9 -H "If-Range: $etag")" 206
expect_eq "If-Range with the date: the range" "$(code /big.bin -r 0-9 -H "If-Range: $lastmod")" 206
expect_eq "If-Range with another tag: the whole file" "$(code /big.bin -r 0-9 -H 'If-Range: "other"')" 200

# --- beyond 4 GiB --------------------------------------------------------------------
cli curl -s -I -D "$WORK/h" -o /dev/null "$U/sparse.img"
expect_eq "5 GiB file: Content-Length" "$(hdr content-length "$WORK/h")" 5368709120
expect_eq "range just past 4 GiB" "$(cli curl -s -r $((4294967296 + 123))-$((4294967296 + 136)) "$U/sparse.img")" \
	"MARK-AT-4G+123"
expect_eq "suffix range at the end of 5 GiB" "$(cli curl -s -r -7 "$U/sparse.img")" "THE-END"
got=$(cli curl -s -r 4294967290-4294967305,5368709113- "$U/sparse.img" | tr -d '\0' | grep -ac 'THE-END')
expect_eq "multipart across 4 GiB and the end" "$got" 1

# --- traversal and refusals ------------------------------------------------------------
expect_eq "/../../etc/passwd" "$(code /../../etc/passwd)" 403
expect_eq "/%2e%2e/%2e%2e/etc/passwd" "$(code /%2e%2e/%2e%2e/etc/passwd)" 403
expect_eq "/sub/%2f..%2f..%2fsecret" "$(code /sub/%2f..%2f..%2fsecret)" 403
expect_eq "/sub/..%5c..%5csecret" "$(code '/sub/..%5c..%5csecret')" 403
expect_eq "NUL in the path" "$(code /a.txt%00.html)" 400
expect_eq "bad escape" "$(code /a%zz)" 400
expect_eq "symlink out of the root (relative)" "$(code /escape)" 403
expect_eq "symlink out of the root (absolute)" "$(code /abs-escape)" 403
out=$(cli curl -s --path-as-is "$U/escape" "$U/../secret" "$U/%2e%2e/secret")
case "$out" in *outside*) fail "the secret leaked: $out" ;; *) pass "nothing outside the root was sent" ;; esac
expect_eq "still serving after the attempts" "$(cli curl -s "$U/a.txt")" "hello over http"
expect_eq "missing file" "$(code /nope)" 404
expect_eq "a file with a trailing slash" "$(code /a.txt/)" 404
expect_eq "POST to a mount" "$(code /a.txt -X POST -d x)" 405
cli curl -s -D "$WORK/h" -o /dev/null -X POST -d x "$U/a.txt"
expect_eq "405 names the methods" "$(hdr allow "$WORK/h")" "GET, HEAD"
expect_eq "unknown method" "$(code /a.txt -X BREW)" 501

# --- directories ------------------------------------------------------------------------
cli curl -s -D "$WORK/h" -o /dev/null "$U/sub?x=1"
expect_eq "directory without '/': 301" "$(head -n1 "$WORK/h" | tr -d '\r')" "HTTP/1.1 301 Moved Permanently"
expect_eq "redirect keeps the query" "$(hdr location "$WORK/h")" "/sub/?x=1"
cli curl -s --path-as-is -D "$WORK/h" -o /dev/null "$U//sub"
expect_eq "'//sub' is never redirected to another host" "$(hdr location "$WORK/h")" "/sub/"
cli curl -s -D "$WORK/h" -o /dev/null "$U/with%20space"
expect_eq "redirect of an escaped name" "$(hdr location "$WORK/h")" "/with%20space/"
cli curl -s -D "$WORK/h" -o "$WORK/listing" "$U/sub/"
expect_eq "listing: type" "$(hdr content-type "$WORK/h")" "text/html; charset=utf-8"
listing=$(cat "$WORK/listing")
expect_match "listing links the escaped name" "$listing" 'href="a%20b%26c%3Cd%3E.txt">a b&amp;c&lt;d&gt;.txt</a>'
expect_match "listing links subdirectories with '/'" "$listing" 'href="deeper/">deeper/</a>'
expect_match "listing links the parent" "$listing" 'href="../"'
expect_eq "a link from the listing works" "$(cli curl -s "$U/sub/a%20b%26c%3Cd%3E.txt")" "odd"
expect_eq "index.html served for its directory" "$(cli curl -s "$U/withindex/")" "index page"
expect_eq "the top is a listing" "$(code /)" 200

# --- media types --------------------------------------------------------------------------
for pair in .treeinfo:text/plain a.txt:text/plain disc.iso:application/x-iso9660-image \
	pkg-1.0.rpm:application/x-rpm BOOTX64.EFI:application/efi pxelinux.0:application/octet-stream \
	data.json:application/json images/pxeboot/vmlinuz:application/octet-stream; do
	t=$(cli curl -s -o /dev/null -w '%{content_type}' "$U/${pair%%:*}")
	expect_match "type of ${pair%%:*}" "$t" "^${pair#*:}"
done

# --- limits -----------------------------------------------------------------------------------
big=$(head -c 40000 /dev/zero | tr '\0' 'a')
expect_eq "40 KB of headers" "$(code /a.txt -H "X-Big: $big")" 431
expect_eq "still serving after the refusal" "$(code /a.txt)" 200
out=$(cli python3 - "$SRV_IP" "$PORT" <<'EOF'
import socket, sys, time
host, port = sys.argv[1], int(sys.argv[2])
def get(s):
    s.sendall(b'GET /a.txt HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n')
    s.settimeout(5)
    data = b''
    while True:
        try:
            chunk = s.recv(4096)
        except (ConnectionResetError, socket.timeout):
            break
        if not chunk:
            break
        data += chunk
    return data.split(b'\r\n', 1)[0].decode(errors='replace')
held = [socket.create_connection((host, port), timeout=5) for _ in range(4)]
# each has begun a request: a connection that has sent nothing yet is the
# kernel's (TCP_DEFER_ACCEPT) and counts only after a second of silence
for s in held:
    s.sendall(b'GET /a.txt HTTP/1.1\r\n')
time.sleep(0.3)
fifth = socket.create_connection((host, port), timeout=5)
print('over:', get(fifth))
for s in held:
    s.close()
time.sleep(0.3)
print('after:', get(socket.create_connection((host, port), timeout=5)))
EOF
)
expect_match "a 5th connection from one client (max_per_client 4)" "$out" 'over: HTTP/1.1 503'
expect_match "served again once the others closed" "$out" 'after: HTTP/1.1 200'
grep -q "max_per_client" "$PXED_LOG" && pass "the limit is logged" || fail "no max_per_client warning in the log"

# --- connections --------------------------------------------------------------------------------
out=$(cli curl -sv "$U/a.txt" "$U/a.txt" 2>&1)
expect_match "keep-alive: the second request reuses the connection" "$out" "Re-using existing connection"
out=$(cli curl -sv -H 'Connection: close' "$U/a.txt" 2>&1)
expect_match "Connection: close is honoured" "$out" "< Connection: close"
n=$(cli curl -s "$U/a.txt?[1-200]" | grep -c "hello over http")
expect_eq "200 requests on one connection" "$n" 200

# --- the log ---------------------------------------------------------------------------------------
grep -Eq 'http: 198\.18\.0\.2:[0-9]+ "GET /a.txt" 200 16 bytes' "$PXED_LOG" && pass "access log line" ||
	fail "no access log line for GET /a.txt"
grep -q "'..' would leave the tree; refused (403)" "$PXED_LOG" && pass "traversal logged" ||
	fail "no traversal warning in the log"
grep -q "resolves outside the tree (symlink)" "$PXED_LOG" && pass "symlink escape logged" ||
	fail "no symlink warning in the log"
grep -q "refused with 431" "$PXED_LOG" && pass "431 logged" || fail "no 431 warning in the log"

# --- SIGHUP moves the root ---------------------------------------------------------------
mkdir -p "$WORK/root2"
echo "from the second root" >"$WORK/root2/only-here.txt"
sed -i "s|  root: $root|  root: $WORK/root2|" "$WORK/pxed.yaml"
kill -HUP "$PXED_PID"
for i in $(seq 1 50); do
	grep -q "http: root is now $WORK/root2" "$PXED_LOG" && break
	sleep 0.1
done
expect_eq "after SIGHUP: the new root" "$(cli curl -s "$U/only-here.txt")" "from the second root"
expect_eq "after SIGHUP: the old root is gone" "$(code /a.txt)" 404

pxed_stop TERM
expect_eq "pxed exit status after SIGTERM" "$PXED_EXIT" 0
finish
