#!/bin/bash
# TFTP over a lossy link: 5% of the UDP datagrams are dropped at random in
# each direction (netem when the kernel has it, else an nftables `numgen
# random` rule in the client namespace). tftp-hpa (lock-step), atftp
# (windowsize 8) and curl, and a windowed probe, all complete with the right
# SHA-256 in a few seconds: pxed retransmits on an adaptive timeout of tens
# of milliseconds, not seconds.
. "$(dirname "$0")/lib.sh"
lab_init "$@"
need_cmd python3
need_cmd tftp tftp-hpa
need_cmd atftp atftp
need_cmd curl curl
here=$(cd "$(dirname "$0")" && pwd)
lab_setup
lab_client_addr "$NS_CLI" 198.18.0.2/24

root=$WORK/root
mkdir -p "$root"
head -c 500000 /dev/urandom >"$root/m.bin"
head -c 2000000 /dev/urandom >"$root/w.bin"

# 5% loss in each direction. netem drops on the way out; without it, each
# namespace drops 5% of the UDP it receives on the link (an input-hook drop is
# silent, where dropping our own output would make sendmsg fail with EPERM).
if in_ns "$NS_CLI" tc qdisc add dev "$CLI_IF" root netem loss 5% 2>/dev/null &&
	in_ns "$NS_SRV" tc qdisc add dev "$SRV_IF" root netem loss 5% 2>/dev/null; then
	pass "5% loss each way with netem"
else
	in_ns "$NS_CLI" tc qdisc del dev "$CLI_IF" root 2>/dev/null
	command -v nft >/dev/null 2>&1 || skip "no sch_netem in this kernel and nft (package nftables) not installed"
	for pair in "$NS_CLI:$CLI_IF" "$NS_SRV:$SRV_IF"; do
		in_ns "${pair%%:*}" nft -f - <<-EOF || skip "no sch_netem and no nf_tables numgen in this kernel"
		table inet loss {
			chain in {
				type filter hook input priority 0;
				iifname "${pair#*:}" meta l4proto udp numgen random mod 100 < 5 drop
			}
		}
		EOF
	done
	pass "5% loss each way with nftables (no sch_netem in this kernel)"
fi

pxed_start_tftp --tftp-only --tftp-root "$root" --user "" --log-level info

cli() {
	(cd "$WORK" && timeout "${T:-60}" ip netns exec "$NS_CLI" "$@")
}
elapsed() {
	echo $((($(date +%s%N) - $1) / 1000000))
}

# tftp-hpa, lock-step at 512 (1,000 blocks): a client retransmission
# timeout of 1 s only matters when a request itself is lost
t0=$(date +%s%N)
printf 'mode octet\nrexmt 1\nget m.bin hpa-m.bin\nquit\n' | cli tftp "$SRV_IP" >/dev/null
expect_eq "tftp-hpa under loss: sha256" "$(sha "$WORK/hpa-m.bin")" "$(sha "$root/m.bin")"
echo "  (tftp-hpa 500 kB at blksize 512 took $(elapsed "$t0") ms)"

# atftp's client gives up (ERROR 0 at block 0) when its ACK of the OACK is
# lost and the OACK comes again, as RFC 2347 servers resend it: that is its
# bug, not the link's, so it gets a second try, as a user would give it.
t0=$(date +%s%N)
for try in 1 2; do
	rm -f "$WORK/atftp-w.bin"
	cli atftp --tftp-timeout 1 --option "blksize 1428" --option "windowsize 8" -g -r w.bin -l atftp-w.bin \
		"$SRV_IP" >/dev/null 2>&1 && break
	echo "  (atftp attempt $try failed; the server says: $(grep "'w.bin' ended by the client" "$PXED_LOG" | tail -n 1 | sed 's/.*tftp: //'))"
done
expect_eq "atftp windowsize 8 under loss: sha256" "$(sha "$WORK/atftp-w.bin")" "$(sha "$root/w.bin")"
echo "  (atftp 2 MB at blksize 1428 windowsize 8 took $(elapsed "$t0") ms)"

t0=$(date +%s%N)
cli curl -sS --retry 3 --tftp-blksize 1428 "tftp://$SRV_IP/w.bin" -o curl-w.bin
expect_eq "curl under loss: sha256" "$(sha "$WORK/curl-w.bin")" "$(sha "$root/w.bin")"
echo "  (curl 2 MB at blksize 1428 took $(elapsed "$t0") ms)"

t0=$(date +%s%N)
res=$(cli python3 "$here/tftp_probe.py" get "$SRV_IP" w.bin --blksize 1468 --windowsize 16)
expect_eq "probe windowsize 16 under loss: sha256" "$(kv sha256 "$res")" "$(sha "$root/w.bin")"
echo "  (probe 2 MB at blksize 1468 windowsize 16 took $(elapsed "$t0") ms)"

grep -E "done:|failed" "$PXED_LOG" | sed 's/^.*tftp: /  pxed| /'
retrans=$(grep "done:" "$PXED_LOG" | sed -n 's/.* \([0-9][0-9]*\) retransmits.*/\1/p' | awk '{ s += $1 } END { print s + 0 }')
if [ "$retrans" -gt 0 ]; then
	pass "pxed retransmitted ($retrans datagrams over the completed transfers)"
else
	fail "no retransmissions logged: was there any loss?"
fi
pxed_alive || fail "pxed died during the test"
pxed_stop
finish
