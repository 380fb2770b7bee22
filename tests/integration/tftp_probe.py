#!/usr/bin/env python3
"""A scriptable TFTP client for pxed's integration tests: the things real
clients cannot be made to do (malformed packets, strangers' packets in the
middle of a transfer, a flood of requests that are never acknowledged).

  tftp_probe.py get SERVER NAME [--blksize N] [--windowsize N] [--tsize]
                [--stranger] [--bind IP]      prints sha256=, bytes=, ...
  tftp_probe.py hostile SERVER               prints ok:/FAIL: lines
  tftp_probe.py reuse SERVER NAME COUNT      COUNT downloads from one port;
                prints sha256=, slowest_first_reply_ms=
  tftp_probe.py stall SERVER NAME COUNT [--bind IP] [--wait S]
                sends COUNT requests from COUNT ports and never ACKs;
                prints answered=N (how many got a first DATA/OACK)

Every wait is bounded; exit status 0 = all good, 1 = a check failed,
2 = usage, 3 = no answer / transfer failed.
"""
import argparse
import hashlib
import selectors
import socket
import struct
import sys
import time

RRQ, WRQ, DATA, ACK, ERROR, OACK = 1, 2, 3, 4, 5, 6


def rrq(name, mode=b"octet", opts=None):
    if isinstance(name, str):
        name = name.encode()
    pkt = struct.pack("!H", RRQ) + name + b"\0" + mode + b"\0"
    for k, v in (opts or []):
        pkt += (k.encode() if isinstance(k, str) else k) + b"\0" + (v.encode() if isinstance(v, str) else v) + b"\0"
    return pkt


def parse(pkt):
    """(opcode, dict) for a packet from the server."""
    if len(pkt) < 2:
        return (None, {})
    op = struct.unpack("!H", pkt[:2])[0]
    if op == DATA and len(pkt) >= 4:
        return (op, {"block": struct.unpack("!H", pkt[2:4])[0], "data": pkt[4:]})
    if op == ERROR and len(pkt) >= 4:
        return (op, {"code": struct.unpack("!H", pkt[2:4])[0], "msg": pkt[4:].split(b"\0")[0].decode("latin-1")})
    if op == OACK:
        parts = pkt[2:].split(b"\0")
        opts = {}
        for i in range(0, len(parts) - 1, 2):
            opts[parts[i].decode("latin-1").lower()] = parts[i + 1].decode("latin-1")
        return (op, {"opts": opts})
    if op == ACK and len(pkt) >= 4:
        return (op, {"block": struct.unpack("!H", pkt[2:4])[0]})
    return (op, {})


def sock(bind_ip="0.0.0.0", timeout=2.0):
    s = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
    s.bind((bind_ip, 0))
    s.settimeout(timeout)
    return s


def ask(server, pkt, port=69, bind_ip="0.0.0.0", timeout=2.0):
    """Sends one datagram, returns (opcode, fields, from) of the answer or (None, {}, None)."""
    s = sock(bind_ip, timeout)
    try:
        s.sendto(pkt, (server, port))
        try:
            data, frm = s.recvfrom(70000)
        except socket.timeout:
            return (None, {}, None)
        op, f = parse(data)
        if op in (DATA, OACK):
            # do not leave the transfer waiting for a lost ACK
            s.sendto(struct.pack("!HH5s", ERROR, 0, b"done\0"), frm)
        return (op, f, frm)
    finally:
        s.close()


def get(server, name, blksize=None, windowsize=None, tsize=False, stranger=False, bind_ip="0.0.0.0",
        mode=b"octet", max_time=60.0, s=None):
    """Downloads a file the RFC 7440 way, from socket s (a new one if None,
    closed at the end); returns (bytes, stats dict) or raises."""
    opts = []
    if blksize:
        opts.append(("blksize", str(blksize)))
    if windowsize:
        opts.append(("windowsize", str(windowsize)))
    if tsize:
        opts.append(("tsize", "0"))
    own = s is None
    if own:
        s = sock(bind_ip, 1.0)
    t0 = time.monotonic()
    deadline = t0 + max_time
    stats = {"oack": "", "strangers_answered": 0, "resent_acks": 0}
    s.sendto(rrq(name, mode, opts), (server, 69))
    peer = None
    bs, ws = 512, 1
    out = bytearray()
    expect = 1  # next block wanted, as a 64-bit count
    since_ack = 0
    stranger_done = not stranger
    while True:
        if time.monotonic() > deadline:
            raise RuntimeError("transfer took longer than %.0f s" % max_time)
        try:
            data, frm = s.recvfrom(70000)
        except socket.timeout:
            if peer is None:
                s.sendto(rrq(name, mode, opts), (server, 69))
            else:
                s.sendto(struct.pack("!HH", ACK, (expect - 1) & 0xFFFF), peer)
                stats["resent_acks"] += 1
            continue
        if peer is None:
            peer = frm
            stats["first_reply_ms"] = round((time.monotonic() - t0) * 1000, 1)
        elif frm != peer:
            continue
        op, f = parse(data)
        if op == ERROR:
            raise RuntimeError("server error %d: %s" % (f["code"], f["msg"]))
        if op == OACK:
            stats["oack"] = ",".join("%s=%s" % kv for kv in sorted(f["opts"].items()))
            bs = int(f["opts"].get("blksize", bs))
            ws = int(f["opts"].get("windowsize", ws))
            if "tsize" in f["opts"]:
                stats["tsize"] = int(f["opts"]["tsize"])
            s.sendto(struct.pack("!HH", ACK, 0), peer)
            continue
        if op != DATA:
            continue
        if f["block"] != expect & 0xFFFF:
            # out of order: say where we are so the window restarts there
            s.sendto(struct.pack("!HH", ACK, (expect - 1) & 0xFFFF), peer)
            since_ack = 0
            continue
        out += f["data"]
        expect += 1
        since_ack += 1
        last = len(f["data"]) < bs
        if not stranger_done and expect > 3:
            # a datagram for this transfer from another port: ERROR 5 to
            # that port, and the transfer goes on
            t = sock(bind_ip, 2.0)
            t.sendto(struct.pack("!HH", ACK, (expect - 1) & 0xFFFF), peer)
            try:
                d2, _ = t.recvfrom(1000)
                op2, f2 = parse(d2)
                if op2 == ERROR and f2["code"] == 5:
                    stats["strangers_answered"] += 1
            except socket.timeout:
                pass
            t.close()
            stranger_done = True
        if last or since_ack >= ws:
            s.sendto(struct.pack("!HH", ACK, (expect - 1) & 0xFFFF), peer)
            since_ack = 0
        if last:
            break
    if own:
        s.close()
    stats["blocks"] = expect - 1
    return bytes(out), stats


def cmd_get(a):
    try:
        data, st = get(a.server, a.name, a.blksize, a.windowsize, a.tsize, a.stranger, a.bind)
    except Exception as e:  # noqa: BLE001 - report any failure as a result line
        print("error=%s" % e)
        return 3
    print("sha256=%s" % hashlib.sha256(data).hexdigest())
    print("bytes=%d" % len(data))
    for k, v in sorted(st.items()):
        print("%s=%s" % (k, v))
    return 0


class Checks:
    def __init__(self):
        self.failed = 0

    def expect(self, label, got, want):
        if got == want:
            print("ok: %s: %r" % (label, got))
        else:
            print("FAIL: %s: got %r, expected %r" % (label, got, want))
            self.failed += 1


def cmd_hostile(a):
    c = Checks()
    srv = a.server

    def err_code(pkt):
        op, f, _ = ask(srv, pkt)
        if op == ERROR:
            return ("ERROR", f["code"])
        return (op, None)

    def first(pkt):
        op, f, _ = ask(srv, pkt)
        return op, f

    # malformed datagrams on the request port
    c.expect("one byte", err_code(b"\x00"), ("ERROR", 4))
    c.expect("empty datagram", err_code(b""), ("ERROR", 4))
    c.expect("unknown opcode 99", err_code(b"\x00\x63file\x00octet\x00"), ("ERROR", 4))
    c.expect("opcode 0", err_code(b"\x00\x00file\x00octet\x00"), ("ERROR", 4))
    c.expect("RRQ without NUL", err_code(b"\x00\x01file"), ("ERROR", 4))
    c.expect("RRQ without mode", err_code(b"\x00\x01file\x00"), ("ERROR", 4))
    c.expect("mode mail", err_code(rrq("f.bin", b"mail")), ("ERROR", 4))
    c.expect("mode nonsense", err_code(rrq("f.bin", b"bogus")), ("ERROR", 4))
    c.expect("name of 2000 bytes", err_code(rrq("a" * 2000)), ("ERROR", 2))
    c.expect("ACK on the request port", err_code(b"\x00\x04\x00\x01"), ("ERROR", 5))
    c.expect("DATA on the request port", err_code(b"\x00\x03\x00\x01xyz"), ("ERROR", 5))
    c.expect("ERROR on the request port (no answer)", err_code(b"\x00\x05\x00\x00x\x00"), (None, None))
    c.expect("broken ERROR on the request port (no answer)", err_code(b"\x00\x05"), (None, None))

    # paths
    c.expect("../ traversal", err_code(rrq("../outside.txt")), ("ERROR", 2))
    c.expect("deep traversal", err_code(rrq("sub/../../outside.txt")), ("ERROR", 2))
    c.expect("backslash traversal", err_code(rrq("..\\outside.txt")), ("ERROR", 2))
    c.expect("/etc/passwd maps into the root (absent there)", err_code(rrq("/etc/passwd")), ("ERROR", 1))
    c.expect("symlink leaving the root", err_code(rrq("link_out")), ("ERROR", 2))
    c.expect("absolute symlink", err_code(rrq("link_abs")), ("ERROR", 2))
    c.expect("empty component", err_code(rrq("sub//g.txt")), ("ERROR", 2))
    c.expect("control character", err_code(rrq("f\x01.bin")), ("ERROR", 2))
    c.expect("empty name", err_code(rrq("")), ("ERROR", 2))
    c.expect("directory", err_code(rrq("sub")), ("ERROR", 2))
    c.expect("missing file", err_code(rrq("no-such-file")), ("ERROR", 1))
    c.expect("upload while writes are disabled",
             err_code(struct.pack("!H", WRQ) + b"up.bin\0octet\0"), ("ERROR", 2))
    op, f = first(rrq("link_in"))
    c.expect("symlink inside the root is served", op, DATA)
    op, f = first(rrq("\\sub\\g.txt"))
    c.expect("backslashes and a leading one are served", op, DATA)
    op, f = first(rrq(a.root + "/sub/g.txt"))
    c.expect("the root's own path is served", op, DATA)

    # absurd options: not negotiated, the request is still served
    op, f = first(rrq("f.bin", opts=[("blksize", "0")]))
    c.expect("blksize 0: no OACK, DATA 512", (op, len(f.get("data", b""))), (DATA, 512))
    op, f = first(rrq("f.bin", opts=[("blksize", "99999999999999999999999")]))
    c.expect("blksize overflow: no OACK", op, DATA)
    op, f = first(rrq("f.bin", opts=[("blksize", "abc"), ("windowsize", "0"), ("timeout", "0"),
                                     ("tsize", "-1")]))
    c.expect("every option invalid: no OACK", op, DATA)
    op, f = first(rrq("f.bin", opts=[("blksize", "70000")]))
    c.expect("blksize 70000 clamped to the path MTU", f.get("opts", {}).get("blksize"), a.mtu_blksize)
    op, f = first(rrq("f.bin", opts=[("BLKSIZE", "1024"), ("blksize", "600"), ("windowsize", "999999")]))
    c.expect("first of duplicate options, case-insensitive; windowsize clamped",
             (f.get("opts", {}).get("blksize"), f.get("opts", {}).get("windowsize")), ("1024", a.windowsize_max))
    op, f = first(rrq("f.bin", opts=[("x%d" % i, "y") for i in range(100)] + [("tsize", "0")]))
    c.expect("100 unknown options ignored, tsize answered", f.get("opts"), {"tsize": str(a.size)})
    op, f = first(rrq("f.bin") + b"blksize\0")
    c.expect("dangling option name ignored", op, DATA)
    op, f = first(rrq("f.bin", b"NetASCII", opts=[("tsize", "0")]))
    c.expect("netascii: no tsize in the answer", op, DATA)
    return 1 if c.failed else 0


def cmd_reuse(a):
    """COUNT downloads one after the other from ONE socket (one port), as a
    client that keeps its port does: each new request must be answered at
    once, not taken for a repeat of the previous one."""
    s = sock(a.bind, 1.0)
    slowest = 0.0
    digests = set()
    try:
        for _ in range(a.count):
            data, st = get(a.server, a.name, blksize=1468, s=s)
            digests.add(hashlib.sha256(data).hexdigest())
            slowest = max(slowest, st.get("first_reply_ms", 1e9))
    except Exception as e:  # noqa: BLE001
        print("error=%s" % e)
        return 3
    finally:
        s.close()
    print("sha256=%s" % (digests.pop() if len(digests) == 1 else "differs"))
    print("slowest_first_reply_ms=%.1f" % slowest)
    return 0


def cmd_stall(a):
    socks = []
    for _ in range(a.count):
        s = sock(a.bind, 0)
        s.setblocking(False)
        s.sendto(rrq(a.name), (a.server, 69))
        socks.append(s)
    sel = selectors.DefaultSelector()
    for i, s in enumerate(socks):
        sel.register(s, selectors.EVENT_READ, i)
    answered = set()
    end = time.monotonic() + a.wait
    while len(answered) < len(socks):
        left = end - time.monotonic()
        if left <= 0:
            break
        for key, _ev in sel.select(left):
            try:
                data = key.fileobj.recv(70000)
            except BlockingIOError:
                continue
            op, _f = parse(data)
            if op in (DATA, OACK):
                answered.add(key.data)
    sel.close()
    for s in socks:
        s.close()
    print("answered=%d" % len(answered))
    return 0


def main():
    p = argparse.ArgumentParser()
    sub = p.add_subparsers(dest="cmd", required=True)
    g = sub.add_parser("get")
    g.add_argument("server")
    g.add_argument("name")
    g.add_argument("--blksize", type=int)
    g.add_argument("--windowsize", type=int)
    g.add_argument("--tsize", action="store_true")
    g.add_argument("--stranger", action="store_true")
    g.add_argument("--bind", default="0.0.0.0")
    h = sub.add_parser("hostile")
    h.add_argument("server")
    h.add_argument("--root", required=True)
    h.add_argument("--size", type=int, required=True, help="size of f.bin")
    h.add_argument("--mtu-blksize", default="1468")
    h.add_argument("--windowsize-max", default="64")
    st = sub.add_parser("stall")
    st.add_argument("server")
    st.add_argument("name")
    st.add_argument("count", type=int)
    st.add_argument("--bind", default="0.0.0.0")
    st.add_argument("--wait", type=float, default=2.0)
    ru = sub.add_parser("reuse")
    ru.add_argument("server")
    ru.add_argument("name")
    ru.add_argument("count", type=int)
    ru.add_argument("--bind", default="0.0.0.0")
    a = p.parse_args()
    return {"get": cmd_get, "hostile": cmd_hostile, "stall": cmd_stall, "reuse": cmd_reuse}[a.cmd](a)


if __name__ == "__main__":
    sys.exit(main())
