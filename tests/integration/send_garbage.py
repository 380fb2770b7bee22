#!/usr/bin/env python3
"""Sends malformed DHCP datagrams to a server's port 67 (pxed's integration
test test_bad_input.sh). Every packet is one that a parser could get wrong:
empty, truncated, wrong magic, option lengths past the end, oversized,
random. Prints how many datagrams it sent."""
import random
import socket
import struct
import sys

MAGIC = b"\x63\x82\x53\x63"


def bootp(op=1, htype=1, hlen=6, hops=0, magic=MAGIC, opts=b"\x35\x01\x01\xff",
          chaddr=b"\x52\x54\x00\xee\x00\x01", giaddr=b"\0\0\0\0", sname=b"", file=b""):
    hdr = struct.pack("!BBBBIHH4s4s4s4s16s64s128s", op, htype, hlen, hops, 0x1badc0de, 0, 0x8000,
                      b"\0" * 4, b"\0" * 4, b"\0" * 4, giaddr, chaddr, sname, file)
    return hdr + magic + opts


def packets():
    yield b""
    yield b"\x01"
    yield bootp()[:100]                          # cut inside the fixed header
    yield bootp()[:236]                          # header, no magic cookie
    yield bootp()[:238]                          # half a magic cookie
    yield bootp(magic=b"\xde\xad\xbe\xef")       # wrong magic
    yield bootp(opts=b"\x35\x05\x01")            # option length past the end
    yield bootp(opts=b"\x35\x01\x01")            # no end option
    yield bootp(opts=b"\x35")                    # option code without length
    yield bootp(opts=b"\x35\x00\xff")            # message type of length 0
    yield bootp(opts=b"\x35\x01\x63\xff")        # unknown message type
    yield bootp(opts=b"\x35\x01\x01\x34\x01\x03\xff")  # overload: sname and file hold garbage
    yield bootp(opts=b"\x35\x01\x01\x34\x01\x03\xff", file=b"\x0c\xff", sname=b"\x0c\x7f")
    yield bootp(opts=b"\x35\x01\x01\x34\x00\xff")      # overload of length 0
    yield bootp(hlen=200)                        # hardware address longer than chaddr
    yield bootp(hlen=0, htype=0)
    yield bootp(op=2)                            # a BOOTREPLY sent to the server
    yield bootp(op=7)
    yield bootp(hops=255)                        # relay loop
    yield bootp(giaddr=b"\xff\xff\xff\xff")      # broadcast giaddr
    yield bootp(opts=b"\x35\x01\x01\x3d\x00\x0c\x00\x37\x00\x5d\x00\x3c\x00\xff")  # empty options
    yield bootp(opts=b"\x35\x01\x01\x5d\x01\x00\x3c\x09PXEClient\xff")  # odd-length arch
    yield bootp(opts=b"\x35\x01\x01\x52\x03\x01\x05\x00\xff")  # agent sub-option past its end
    yield bootp(opts=b"\x35\x01\x01" + b"\x00" * 2000 + b"\xff")  # long run of pads
    # Oversized: close to the UDP maximum, many long options (IP fragments).
    big = b"\x35\x01\x01" + (b"\x2b\xff" + b"A" * 255) * 230 + b"\xff"
    yield bootp(opts=big)
    yield bootp(opts=b"\x35\x01\x03\x32\x04\xc6\x12\x00\x01\x36\x04\x01\x02\x03\x04\xff")  # REQUEST for another server
    rnd = random.Random(4242)
    for _ in range(300):
        n = rnd.choice([rnd.randrange(0, 300), rnd.randrange(236, 600), rnd.randrange(240, 1500)])
        base = bootp(opts=bytes(rnd.randrange(256) for _ in range(max(0, n - 240))))
        data = bytearray(base[:n] if n <= len(base) else base)
        for _ in range(rnd.randrange(1, 8)):
            if data:
                data[rnd.randrange(len(data))] = rnd.randrange(256)
        yield bytes(data)


def main():
    server, ifname = sys.argv[1], sys.argv[2]
    s = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
    s.setsockopt(socket.SOL_SOCKET, socket.SO_BROADCAST, 1)
    # Broadcasts leave through the lab interface without needing a route.
    s.setsockopt(socket.SOL_SOCKET, socket.SO_BINDTODEVICE, ifname.encode())
    s.setsockopt(socket.SOL_SOCKET, socket.SO_SNDBUF, 1 << 20)
    sent = 0
    for p in packets():
        for dst in (server, "255.255.255.255"):
            try:
                s.sendto(p, (dst, 67))
                sent += 1
            except OSError as e:
                print(f"send of {len(p)} bytes to {dst} failed: {e}", file=sys.stderr)
    print(sent)


if __name__ == "__main__":
    main()
