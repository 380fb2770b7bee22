#!/bin/bash
# Hostile TFTP requests against `pxed serve --tftp-only`: malformed packets,
# unknown opcodes, traversal attempts (.., absolute paths, symlinks leaving
# the root), absurd option values, and floods of requests from one address
# and then from two. Each is refused cleanly (the right ERROR code, or a
# drop at the limits, with a log line naming the client), and pxed goes on
# serving everyone else.
. "$(dirname "$0")/lib.sh"
lab_init "$@"
need_cmd python3
need_cmd tftp tftp-hpa
here=$(cd "$(dirname "$0")" && pwd)
lab_setup
lab_client_addr "$NS_CLI" 198.18.0.2/24
lab_client_addr "$NS_CLI" 198.18.0.3/24

root=$WORK/root
mkdir -p "$root/sub"
head -c 100000 /dev/urandom >"$root/f.bin"
echo "sub file" >"$root/sub/g.txt"
echo secret >"$WORK/outside.txt"
ln -s ../outside.txt "$root/link_out"
ln -s /etc/passwd "$root/link_abs"
ln -s sub/g.txt "$root/link_in"

cat >"$WORK/pxed.yaml" <<EOF
user: ""
log: {level: info}
tftp:
  root: $root
  max_transfers: 24
  max_per_client: 16
  windowsize_max: 32
  retries: 2
EOF
pxed_start_tftp --tftp-only --config "$WORK/pxed.yaml"

probe_py() {
	timeout 90 ip netns exec "$NS_CLI" python3 "$here/tftp_probe.py" "$@"
}

# --- malformed packets, paths, options ----------------------------------------
res=$(probe_py hostile "$SRV_IP" --root "$root" --size 100000 --mtu-blksize 1468 --windowsize-max 32)
rc=$?
printf '%s\n' "$res" | sed 's/^/  probe| /'
expect_eq "every hostile request refused as expected (probe exit status)" "$rc" 0
pxed_alive || die "pxed died during the hostile requests"
expect_match "traversal refusal logged with the client's address" \
	"$(grep "refused read of '../outside.txt'" "$PXED_LOG")" "from 198\.18\.0\.2:[0-9]+: '\.\.' would leave the root"
expect_match "symlink refusal logged" "$(grep "refused read of 'link_out'" "$PXED_LOG")" "symlink"
expect_match "malformed request logged" "$(grep -m1 "bad request from 198.18.0.2" "$PXED_LOG")" "."

res=$(probe_py get "$SRV_IP" f.bin --blksize 1468)
expect_eq "a normal download after all that" "$(kv sha256 "$res")" "$(sha "$root/f.bin")"

# --- a flood from one address ---------------------------------------------------------
# 300 requests from 300 ports of 198.18.0.2, never acknowledged: 16 get an
# answer (max_per_client), the rest are dropped.
res=$(probe_py stall "$SRV_IP" f.bin 300 --bind 198.18.0.2 --wait 1)
expect_eq "flood from one address: transfers started" "$(kv answered "$res")" 16
# another client is served meanwhile
res=$(probe_py get "$SRV_IP" f.bin --bind 198.18.0.3 --blksize 1468 --windowsize 8)
expect_eq "another address is served during the flood" "$(kv sha256 "$res")" "$(sha "$root/f.bin")"
# and the global limit: 16 + 8 = max_transfers
res=$(probe_py stall "$SRV_IP" f.bin 20 --bind 198.18.0.3 --wait 1)
expect_eq "second flood: only up to max_transfers (24) in all" "$(kv answered "$res")" 8
expect_eq "per-client limit logged once (rate-limited)" \
	"$(grep -c "198.18.0.2 has 16 transfers running (tftp.max_per_client)" "$PXED_LOG")" 1
grep -q "24 concurrent transfers (tftp.max_transfers): dropping new requests" "$PXED_LOG" &&
	pass "global limit logged" || fail "no log line for the global limit"

# The stalled transfers give up and free their slots.
# (the core gives a silent client its whole retransmission ceiling, 5 s,
# before giving up)
for i in $(seq 1 80); do
	[ "$(grep -c "failed after 0 of 100000 bytes" "$PXED_LOG")" -ge 24 ] && break
	sleep 0.25
done
expect_eq "stalled transfers ended by their timeout" "$(grep -c "failed after 0 of 100000 bytes" "$PXED_LOG")" 24
res=$(probe_py get "$SRV_IP" f.bin --bind 198.18.0.2)
expect_eq "the flooding address is served again afterwards" "$(kv sha256 "$res")" "$(sha "$root/f.bin")"
(cd "$WORK" && timeout 20 ip netns exec "$NS_CLI" tftp -m octet "$SRV_IP" -c get sub/g.txt g.txt)
expect_eq "tftp-hpa still served" "$(cat "$WORK/g.txt" 2>/dev/null)" "sub file"

# --- garbage on a transfer's own port ---------------------------------------------------
res=$(timeout 30 ip netns exec "$NS_CLI" python3 - "$SRV_IP" <<'PY'
import socket, struct, sys, os
s = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
s.settimeout(2)
s.sendto(b"\x00\x01f.bin\x00octet\x00", (sys.argv[1], 69))
data, peer = s.recvfrom(2000)
assert data[:4] == b"\x00\x03\x00\x01", data[:4]
# junk from the right TID: ignored, the transfer goes on
for junk in (b"", b"\x00", b"\x00\x63zz", b"\x00\x04", b"\x00\x03\x00\x01" + os.urandom(600), os.urandom(2000)):
    s.sendto(junk, peer)
s.sendto(b"\x00\x04\x00\x01", peer)
data, _ = s.recvfrom(2000)
print("next=%d" % struct.unpack("!H", data[2:4])[0])
s.sendto(b"\x00\x05\x00\x00bye\x00", peer)
PY
)
expect_eq "junk from the peer on its transfer port is ignored" "$(kv next "$res")" 2

# --- a retransmitted request that arrives once the transfer runs ------------------------
# pxelinux resends its RRQ after 110 ms; when a fleet boots at once the copy
# can reach pxed after the client already acknowledged blocks of the first
# answer. It must not replace the transfer the client is using.
res=$(timeout 30 ip netns exec "$NS_CLI" python3 - "$SRV_IP" <<'PY'
import socket, struct, sys
s = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
s.settimeout(2)
rrq = b"\x00\x01f.bin\x00octet\x00"
s.sendto(rrq, (sys.argv[1], 69))
data, peer = s.recvfrom(2000)
got, block = data[4:], 1
s.sendto(struct.pack("!HH", 4, 1), peer)
s.sendto(rrq, (sys.argv[1], 69))  # the late copy
while len(data) == 516:
    data, src = s.recvfrom(2000)
    if src != peer or struct.unpack("!H", data[:2])[0] != 3:
        continue
    n = struct.unpack("!H", data[2:4])[0]
    if n == (block + 1) & 0xffff:
        block += 1
        got += data[4:]
    s.sendto(struct.pack("!HH", 4, n), peer)
print("bytes=%d" % len(got))
PY
)
expect_eq "a late copy of the request leaves the running transfer alone" "$(kv bytes "$res")" 100000

# --- a late copy that arrives after its transfer finished ------------------------
# It looks exactly like the client asking again from the same port, so pxed
# answers it -- but nobody reads that answer, and pxed gives up after three
# unanswered resends (0.25 + 0.5 + 1 + 2 s) instead of the full schedule.
# A client that really asks again from that port acknowledges and is served.
res=$(timeout 40 ip netns exec "$NS_CLI" python3 - "$SRV_IP" <<'PY'
import socket, struct, sys, time
srv = sys.argv[1]
s = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
s.bind(("0.0.0.0", 0))
rrq = b"\x00\x01f.bin\x00octet\x00blksize\x001468\x00"
def fetch():
    s.settimeout(2)
    s.sendto(rrq, (srv, 69))
    got, block, peer = b"", 0, None
    while True:
        data, src = s.recvfrom(2000)
        peer = peer or src
        op = struct.unpack("!H", data[:2])[0]
        if src != peer:
            continue
        if op == 6:
            s.sendto(struct.pack("!HH", 4, 0), peer)
            continue
        n = struct.unpack("!H", data[2:4])[0]
        if op == 3 and n == (block + 1) & 0xffff:
            block += 1
            got += data[4:]
            s.sendto(struct.pack("!HH", 4, n), peer)
            if len(data) - 4 < 1468:
                return got
got = fetch()
print("first_bytes=%d" % len(got))
s.sendto(rrq, (srv, 69))  # the late copy, never acknowledged
t0, n, last = time.monotonic(), 0, 0.0
s.settimeout(0.2)
while time.monotonic() - t0 < 7:
    try:
        data, src = s.recvfrom(2000)
    except socket.timeout:
        continue
    n += 1
    last = time.monotonic() - t0
print("late_packets=%d" % n)
print("late_last_ms=%d" % (last * 1000))
print("again_bytes=%d" % len(fetch()))
PY
)
printf '%s\n' "$res" | sed 's/^/  late| /'
expect_eq "the file, before its late copy" "$(kv first_bytes "$res")" 100000
expect_eq "the late copy's answer was sent 4 times (first + 3 resends), then given up" \
	"$(kv late_packets "$res")" 4
line=$(grep "a late copy of a request served moments ago" "$PXED_LOG" | tail -n 1)
expect_match "pxed says what it ended (info, not a failure warning)" "$line" \
	"pxed info: tftp: 198\.18\.0\.2:[0-9]+ read 'f\.bin': .*ended after [0-9]+ ms and 3 resends"
ms=$(printf '%s\n' "$line" | sed -n 's/.*ended after \([0-9]*\) ms.*/\1/p')
[ -n "$ms" ] && [ "$ms" -lt 5000 ] && pass "given up in $ms ms (< 5 s)" || fail "given up in '$ms' ms"
expect_eq "the same client asking again from that port is served" "$(kv again_bytes "$res")" 100000

sleep 0.2
pxed_alive || fail "pxed died during the test"
pxed_stop
expect_eq "pxed exit status after SIGTERM" "$PXED_EXIT" 0
finish
