#!/usr/bin/env python3
"""List, per version, the commands, options, positionals and sections that
pykickstart registers, in the same normalised form that ks_tables_dump (the
C side, built from src/kickstart/ks_table_*.c) prints, so that
compare-tables.sh can diff the two.

Not run in CI (pykickstart is not packaged for Debian 12). Usage:
  PYKICKSTART=/path/to/pykickstart python3 pyks_tables.py > pyks.txt

The listing reads pykickstart's argparse parsers; the few verdicts its
parser *code* adds on top (warnings that ksvalidator turns into errors,
value ranges, words picked out of argparse's leftovers) are not visible
there, so they are listed below by hand, with the reason.
"""
import os
import sys

PYKS = os.environ.get("PYKICKSTART")
if not PYKS:
    sys.exit("set PYKICKSTART to a pykickstart checkout")
sys.path.insert(0, PYKS)

from pykickstart import options as ksopts  # noqa: E402
from pykickstart.base import DeprecatedCommand, RemovedCommand  # noqa: E402
from pykickstart.parser import KickstartParser  # noqa: E402
from pykickstart.version import makeVersion  # noqa: E402

VERSIONS = ["RHEL6", "RHEL7", "RHEL8", "RHEL9", "F40"]
INT64_MAX = 2**63 - 1

# Options whose argparse type is a callback that maps a fixed set of words
# (compared case-insensitively): the attribute holding that set.
CALLBACK_CHOICES = {
    ("raid", "--level"): "levelMap",
    ("autopart", "--type"): "typeMap",
    ("snapshot", "--when"): "whenMap",
    ("btrfs", "--data"): "levelMap",
    ("btrfs", "--metadata"): "levelMap",
}
# Warnings raised by parse() code (KickstartDeprecationWarning), which
# ksvalidator reports like argparse deprecations.
PARSER_DEPR_CMDS = {"auth": {"RHEL8", "RHEL9"}, "authconfig": {"RHEL8", "RHEL9"}}
PARSER_DEPR_OPTS = {
    ("timezone", "--isUtc"): {"RHEL9"},
    ("timezone", "--ntpservers"): {"RHEL9"},
    ("timezone", "--nontp"): {"RHEL9"},
    ("%packages", "--instLangs"): {"RHEL9"},
    ("%packages", "--excludeWeakdeps"): {"RHEL9"},
}
# Range checks in parse() code: versions, min, max.
RANGES = {
    ("logvol", "--percent"): ({"RHEL7", "RHEL8", "RHEL9", "F40"}, 0, 100),
    ("volgroup", "--reserved-percent"): (set(VERSIONS), 1, 99),
    ("volgroup", "--reserved-space"): (set(VERSIONS), 0, INT64_MAX),
}
# Words parse() code takes from argparse's leftovers: metavar, min, max.
LEFTOVER_POSITIONALS = {
    "key": [("<key>", 0, 255)],
    "device": [("<module>", 1, 1)],
    "btrfs": [("<mntpoint>", 1, 1), ("<partitions*>", 0, 255)],
}
# Written in pykickstart's table but an internal aggregate: never parsed.
INTERNAL = {"method"}
# %traceback: the section itself warns since F34.
SECTION_DEPR = {"%traceback": {"RHEL9", "F40"}}

FLAG_ACTIONS = {"_StoreTrueAction", "_StoreFalseAction", "_StoreConstAction",
                "_AppendConstAction"}
APPEND_ACTIONS = {"_AppendAction", "ExtendAction"}
NARGS = {None: (1, 1), 1: (1, 1), "?": (0, 1), "*": (0, 255), "+": (1, 255)}
# same bits as KS_OPT_* in ks_schema.h
OPT_NOCASE, OPT_OPTIONAL_VALUE, OPT_APPEND = 1, 2, 4


def argtype(owner, action, obj):
    if type(action).__name__ in FLAG_ACTIONS:
        return "FLAG", None
    if action.choices:
        return "CHOICE", list(action.choices)
    cb = CALLBACK_CHOICES.get((owner, action.option_strings[0] if action.option_strings else None))
    if cb:
        return "CHOICE", sorted(getattr(obj, cb).keys())
    return {int: "INT", ksopts.ksboolean: "BOOL", ksopts.commaSplit: "LIST"}.get(action.type, "STRING"), None


def option_line(v, owner, action, obj, depr):
    names = action.option_strings
    typ, choices = argtype(owner, action, obj)
    depr = depr or getattr(action, "deprecated", False) or \
        v in PARSER_DEPR_OPTS.get((owner, names[0]), ())
    s = "%s %s opt %s %s %s%s" % (v, owner, "|".join(names), typ, "depr" if depr else "ok",
                                  " req" if action.required else "")
    if choices:
        s += " [" + "".join(c + "," for c in choices) + "]"
    flags = 0
    if (owner, names[0]) in CALLBACK_CHOICES:
        flags |= OPT_NOCASE
    if action.nargs == "?":
        flags |= OPT_OPTIONAL_VALUE
    if type(action).__name__ in APPEND_ACTIONS:
        flags |= OPT_APPEND
    if flags:
        s += " f%d" % flags
    rng = RANGES.get((owner, names[0]))
    if rng and v in rng[0]:
        s += " r%d..%d" % (rng[1], rng[2])
    return s


def positional_line(v, owner, metavar, lo, hi):
    if metavar[0] not in '<["':
        metavar = "<%s>" % metavar
    return "%s %s pos %s %d %d" % (v, owner, metavar, lo, hi)


def main():
    out = []
    for v in VERSIONS:
        handler = makeVersion(v)
        for name, obj in handler.commands.items():
            if obj is None:
                continue
            if isinstance(obj, RemovedCommand):
                status = "removed"
            elif isinstance(obj, DeprecatedCommand) or v in PARSER_DEPR_CMDS.get(name, ()):
                status = "deprecated"
            else:
                status = "ok"
            out.append("%s %s %s" % (v, name, status))
            if status != "ok" or name in INTERNAL:
                continue
            op = getattr(obj, "op", None)
            for action in (op._actions if op else []):
                if action.option_strings:
                    out.append(option_line(v, name, action, obj, False))
                else:
                    lo, hi = NARGS[action.nargs]
                    out.append(positional_line(v, name, action.metavar or action.dest, lo, hi))
            for metavar, lo, hi in LEFTOVER_POSITIONALS.get(name, ()):
                out.append(positional_line(v, name, metavar, lo, hi))
        parser = KickstartParser(handler)
        for name, sec in parser._sections.items():
            depr = v in SECTION_DEPR.get(name, ())
            out.append("%s %s %s" % (v, name, "deprecated" if depr else "ok"))
            getp = getattr(sec, "_getParser", None)
            for action in (getp()._actions if getp else []):
                names = action.option_strings
                typ, _ = argtype(name, action, sec)
                d = getattr(action, "deprecated", False) or v in PARSER_DEPR_OPTS.get((name, names[0]), ())
                out.append("%s %s opt %s %s %s%s" % (v, name, "|".join(names), typ,
                                                     "depr" if d else "ok",
                                                     " req" if action.required else ""))
    print("\n".join(sorted(out)))


if __name__ == "__main__":
    main()
