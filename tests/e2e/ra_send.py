#!/usr/bin/env python3
"""ra_send.py IFACE: announces "no IPv6 router here" on IFACE.

Sends ICMPv6 router advertisements with router lifetime 0 and no options
but the source link-layer address: no default route, no prefix, no address
for anyone. iPXE finishes "Configuring (net0 ...)" only once IPv6
autoconfiguration is done too, and waits ~15 s for it without an answer
(lab-notes.md); with this it finishes at once. One RA at start, one after
every router solicitation heard, and one every few seconds. Runs until
killed. The interface needs an IPv6 link-local address (the RA's source).
"""
import socket
import struct
import sys
import time

PERIOD = 3.0
ND_ROUTER_SOLICIT = 133
ND_ROUTER_ADVERT = 134


def main():
    if len(sys.argv) != 2:
        sys.exit("usage: ra_send.py IFACE")
    ifname = sys.argv[1]
    idx = socket.if_nametoindex(ifname)
    with open(f"/sys/class/net/{ifname}/address") as f:
        mac = bytes.fromhex(f.read().strip().replace(":", ""))

    s = socket.socket(socket.AF_INET6, socket.SOCK_RAW, socket.IPPROTO_ICMPV6)
    s.setsockopt(socket.SOL_SOCKET, socket.SO_BINDTODEVICE, ifname.encode())
    # Neighbour discovery messages must arrive with hop limit 255 (RFC 4861).
    s.setsockopt(socket.IPPROTO_IPV6, socket.IPV6_MULTICAST_HOPS, 255)
    s.setsockopt(socket.IPPROTO_IPV6, socket.IPV6_UNICAST_HOPS, 255)
    s.setsockopt(socket.IPPROTO_IPV6, socket.IPV6_MULTICAST_IF, idx)
    s.setsockopt(socket.IPPROTO_IPV6, socket.IPV6_MULTICAST_LOOP, 0)
    # Solicitations go to all-routers.
    mreq = socket.inet_pton(socket.AF_INET6, "ff02::2") + struct.pack("@I", idx)
    s.setsockopt(socket.IPPROTO_IPV6, socket.IPV6_JOIN_GROUP, mreq)

    # type, code, checksum (the kernel fills it in for ICMPv6 raw sockets),
    # cur hop limit, flags (no M, no O), router lifetime 0, reachable, retrans;
    # then option 1 (source link-layer address), 8 bytes.
    ra = struct.pack("!BBHBBHII", ND_ROUTER_ADVERT, 0, 0, 64, 0, 0, 0, 0)
    ra += struct.pack("!BB", 1, 1) + mac
    dest = ("ff02::1", 0, 0, idx)

    def send():
        try:
            s.sendto(ra, dest)
        except OSError as e:
            # No carrier yet (a bridge without ports): the next one will do.
            print(f"ra_send: {ifname}: {e}", file=sys.stderr, flush=True)

    send()
    next_periodic = time.monotonic() + PERIOD
    while True:
        s.settimeout(max(0.05, next_periodic - time.monotonic()))
        try:
            data, _ = s.recvfrom(1500)
        except socket.timeout:
            send()
            next_periodic = time.monotonic() + PERIOD
            continue
        if data and data[0] == ND_ROUTER_SOLICIT:
            send()


if __name__ == "__main__":
    main()
