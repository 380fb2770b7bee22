#!/usr/bin/env python3
"""serial_stamp.py START OUT [PREFIX]: timestamps a VM's serial console.

Reads the console from stdin and appends each line to OUT as
"<seconds since START, 3 decimals> <line>", as soon as the line is
complete, so a test can tell when each boot step happened without polling
fast. START is a Unix time (float): the moment the VM was started. Escape
sequences and carriage returns are dropped. With PREFIX each line is also
echoed to stderr as "PREFIX line" (for watching a boot live).
"""
import os
import re
import sys
import time

# CSI sequences (colours, cursor moves), then two-byte ones such as ESC c.
ESCAPES = re.compile(rb"\x1b(\[[0-9;?]*[ -/]*[@-~]|[@-~])")


def main():
    if len(sys.argv) not in (3, 4):
        sys.exit("usage: serial_stamp.py START OUT [PREFIX]")
    start = float(sys.argv[1])
    prefix = sys.argv[3] if len(sys.argv) == 4 else None
    out = open(sys.argv[2], "a", encoding="utf-8", errors="replace")
    fd = sys.stdin.fileno()
    pending = b""

    def emit(raw):
        line = ESCAPES.sub(b"", raw).replace(b"\r", b"").decode("utf-8", "replace")
        out.write(f"{time.time() - start:.3f} {line}\n")
        out.flush()
        if prefix is not None:
            print(f"{prefix} {line}", file=sys.stderr, flush=True)

    while True:
        chunk = os.read(fd, 4096)
        if not chunk:
            break
        pending += chunk
        *lines, pending = pending.split(b"\n")
        for raw in lines:
            emit(raw)
    if pending.strip():
        emit(pending)


if __name__ == "__main__":
    main()
