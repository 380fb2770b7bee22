#!/usr/bin/env python3
"""Totals meson test logs (JSON lines) and fuzz results into one closing line."""
import json
import sys

passed = failed = skipped = 0
for path in sys.argv[1:]:
    try:
        with open(path, errors="replace") as f:
            lines = f.read().splitlines()
    except OSError:
        print(f"missing results: {path}")
        failed += 1
        continue
    if path.endswith(".json"):
        for line in lines:
            if not line.strip():
                continue
            r = json.loads(line).get("result", "")
            if r in ("OK", "EXPECTEDFAIL"):
                passed += 1
            elif r == "SKIP":
                skipped += 1
            else:
                failed += 1
    else:
        for line in lines:
            if line.startswith("fuzz ") and ": PASS" in line:
                passed += 1
            elif line.startswith("FAIL fuzz "):
                failed += 1
print(f"{passed} passed, {failed} failed, {skipped} skipped")
sys.exit(1 if failed else 0)
