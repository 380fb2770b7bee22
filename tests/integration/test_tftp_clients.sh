#!/bin/bash
# Real TFTP clients against `pxed serve --tftp-only` across a veth pair:
# tftp-hpa (lock-step, blksize 512, octet and netascii), atftp (blksize 1428,
# windowsize 8) and curl (--tftp-blksize, tsize, netascii as raw wire bytes).
# Every download is checked by SHA-256: a 3 MB file, a file of exactly two
# blocks (empty last block), a 33 MiB file at blksize 512 (67,585 blocks: the
# block number rolls over 65535 -> 0) and a netascii text file, compared both
# as the client decodes it and as the bytes on the wire. pxed drops root
# (to pxed or nobody) after binding port 69.
. "$(dirname "$0")/lib.sh"
lab_init "$@"
need_cmd tftp tftp-hpa
need_cmd atftp atftp
need_cmd curl curl
need_cmd python3
here=$(cd "$(dirname "$0")" && pwd)
lab_setup
lab_client_addr "$NS_CLI" 198.18.0.2/24

root=$WORK/root
mkdir -p "$root/sub"
head -c 3000001 /dev/urandom >"$root/f.bin"
head -c 1024 /dev/urandom >"$root/exact.bin"
# 33 MiB + 7 bytes: 67,585 blocks of 512
head -c $((33 * 1024 * 1024 + 7)) /dev/urandom >"$root/big.bin"
# text with LF, CR LF, a lone CR, NUL, and CRs right at block boundaries
python3 - "$root/text.txt" "$WORK/text.wire" <<'PY'
import sys
lines = []
for i in range(300):
    lines.append(b"line %d of the netascii test\n" % i)
    if i % 7 == 0:
        lines.append(b"dos line\r\n")
    if i % 11 == 0:
        lines.append(b"bare\rcr and a nul \0 here\n")
text = b"".join(lines)
# a CR as the last byte of the first 512-byte block of the wire form
text = b"x" * 511 + b"\r" + b"\n" + text
open(sys.argv[1], "wb").write(text)
wire = text.replace(b"\r", b"\r\0").replace(b"\n", b"\r\n")
open(sys.argv[2], "wb").write(wire)
PY
echo hello >"$root/sub/g.txt"
chmod 755 "$WORK" "$root" "$root/sub"
chmod 644 "$root"/*.bin "$root/text.txt" "$root/sub/g.txt"

# the default --user: pxed drops root after binding port 69
pxed_start_tftp --tftp-only --tftp-root "$root" --log-level info
grep -Eq "running as user (pxed|nobody)" "$PXED_LOG" && pass "privileges dropped" ||
	fail "no 'running as user' line: privileges were not dropped"

out=$WORK/out
mkdir -p "$out"
cli() {
	# the client writes into $out; bounded in time
	(cd "$out" && timeout "${T:-60}" ip netns exec "$NS_CLI" "$@")
}

# --- tftp-hpa ---------------------------------------------------------------
cli tftp -m octet "$SRV_IP" -c get f.bin hpa-f.bin
expect_eq "tftp-hpa octet f.bin sha256" "$(sha "$out/hpa-f.bin")" "$(sha "$root/f.bin")"
cli tftp -m octet "$SRV_IP" -c get exact.bin hpa-exact.bin
expect_eq "tftp-hpa exact.bin (empty last block) sha256" "$(sha "$out/hpa-exact.bin")" "$(sha "$root/exact.bin")"
start=$(date +%s%N)
cli tftp -m octet "$SRV_IP" -c get big.bin hpa-big.bin
ms=$((($(date +%s%N) - start) / 1000000))
expect_eq "tftp-hpa 33 MiB at blksize 512 (rollover) sha256" "$(sha "$out/hpa-big.bin")" "$(sha "$root/big.bin")"
echo "  (33 MiB lock-step at blksize 512 took $ms ms)"
cli tftp -m netascii "$SRV_IP" -c get text.txt hpa-text.txt
expect_eq "tftp-hpa netascii: decoded text equals the file" "$(sha "$out/hpa-text.txt")" "$(sha "$root/text.txt")"

# --- atftp: blksize and windowsize -----------------------------------------------
cli atftp --option "blksize 1428" --option "windowsize 8" -g -r f.bin -l atftp-f.bin "$SRV_IP"
expect_eq "atftp blksize 1428 windowsize 8 sha256" "$(sha "$out/atftp-f.bin")" "$(sha "$root/f.bin")"
cli atftp --option "blksize 512" --option "windowsize 8" -g -r big.bin -l atftp-big.bin "$SRV_IP"
expect_eq "atftp 33 MiB blksize 512 windowsize 8 (rollover in windows) sha256" \
	"$(sha "$out/atftp-big.bin")" "$(sha "$root/big.bin")"
cli atftp --option "blksize 1428" --option "tsize 0" -g -r exact.bin -l atftp-exact.bin "$SRV_IP"
expect_eq "atftp tsize exact.bin sha256" "$(sha "$out/atftp-exact.bin")" "$(sha "$root/exact.bin")"

# --- curl ---------------------------------------------------------------------------
cli curl -sS --tftp-blksize 1428 "tftp://$SRV_IP/f.bin" -o curl-f.bin
expect_eq "curl --tftp-blksize 1428 sha256" "$(sha "$out/curl-f.bin")" "$(sha "$root/f.bin")"
cli curl -sS "tftp://$SRV_IP/sub/g.txt" -o curl-g.txt
expect_eq "curl default blksize, subdirectory" "$(cat "$out/curl-g.txt" 2>/dev/null)" hello
# curl keeps netascii bytes as they came: the server's conversion itself
cli curl -sS --tftp-blksize 512 "tftp://$SRV_IP/text.txt;mode=netascii" -o curl-text.wire
expect_eq "netascii on the wire (LF->CR LF, CR->CR NUL)" "$(sha "$out/curl-text.wire")" "$(sha "$WORK/text.wire")"
cli curl -sS "tftp://$SRV_IP/no-such-file" -o /dev/null
expect_eq "curl: missing file is an error" "$?" 68

# --- an unknown transfer ID in the middle of a transfer ---------------------------
res=$(T=30 cli python3 "$here/tftp_probe.py" get "$SRV_IP" f.bin --blksize 1468 --windowsize 4 --tsize --stranger)
expect_eq "probe: sha256 with a stranger's datagram mid-transfer" "$(kv sha256 "$res")" "$(sha "$root/f.bin")"
expect_eq "probe: the stranger got ERROR 5" "$(kv strangers_answered "$res")" 1
expect_eq "probe: OACK (blksize clamped to the veth MTU, tsize answered)" "$(kv oack "$res")" \
	"blksize=1468,tsize=3000001,windowsize=4"

# a client that keeps its port: every new request is new, even while the
# final ACK of the previous one may still be queued
res=$(T=60 cli python3 "$here/tftp_probe.py" reuse "$SRV_IP" sub/g.txt 20)
expect_eq "20 downloads from one port: content" "$(kv sha256 "$res")" "$(sha "$root/sub/g.txt")"
slowest=$(kv slowest_first_reply_ms "$res")
if [ -n "$slowest" ] && awk -v s="$slowest" 'BEGIN { exit !(s < 500) }'; then
	pass "each answered at once (slowest first reply $slowest ms)"
else
	fail "a request from a reused port waited for a client retransmission (slowest first reply '$slowest' ms)"
fi

# many small fetches at once from fresh sockets (the kernel soon hands out
# ports again): none may stall waiting for its own retransmission. Half of
# tftp.max_per_client (16) at a time: beyond it pxed drops requests on
# purpose, and the client would wait out its timeout.
loadgen=$(build_tool bench/pxed-tftp-load)
if [ -n "$loadgen" ]; then
	res=$(T=120 cli "$loadgen" --server "$SRV_IP" --file sub/g.txt --verify "$root/sub/g.txt" --count 3000 \
		--concurrency 8 --blksize 1468 --tsize --max-time 100)
	expect_eq "3000 small fetches, 8 at once: completed" "$(kv completed "$res")" 3000
	expect_eq "3000 small fetches: client retransmissions" "$(kv client_timeouts "$res")" 0
	echo "  ($(kv fetches_per_s "$res") fetches/s)"
else
	echo "  (pxed-tftp-load not built: many-fetch check skipped)"
fi

# on loopback nothing limits the block size below the protocol's maximum
res=$(timeout 30 ip netns exec "$NS_SRV" python3 "$here/tftp_probe.py" get 127.0.0.1 f.bin --blksize 65464)
expect_eq "loopback: sha256 at blksize 65464" "$(kv sha256 "$res")" "$(sha "$root/f.bin")"
expect_eq "loopback: OACK grants 65464" "$(kv oack "$res")" "blksize=65464"

sleep 0.2
pxed_alive || fail "pxed died during the test"
done_lines=$(grep -c "done:" "$PXED_LOG")
expected_done=32
[ -n "$loadgen" ] && expected_done=$((expected_done + 3000))
expect_eq "one 'done' log line per completed download" "$done_lines" "$expected_done"
expect_match "log line of the rollover transfer" "$(grep "'big.bin' done" "$PXED_LOG" | head -n 1)" \
	"34603015 bytes .* blksize 512, windowsize 1"
expect_match "log line of the windowed transfer" "$(grep "'f.bin' done" "$PXED_LOG" | sed -n 2p)" \
	"3000001 bytes .* blksize 1428, windowsize 8"
grep -q "unknown transfer ID" "$PXED_LOG" && pass "the stranger's datagram is logged" ||
	fail "no log line for the unknown transfer ID"
pxed_stop
expect_eq "pxed exit status after SIGTERM" "$PXED_EXIT" 0
finish
