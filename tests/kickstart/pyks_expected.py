#!/usr/bin/env python3
"""Record what pykickstart's ksvalidator decides for every corpus file.

Not run in CI: pykickstart is not packaged for Debian 12.  Point PYKICKSTART at
a checkout (https://github.com/pykickstart/pykickstart) and run
refresh-expected.sh, which calls this script from the corpus directory so that
relative %include/%ksappend paths resolve the way ksvalidator resolves them
(against the current directory).

ksvalidator prints most messages without saying where the fault is (duplicates,
deprecations, fatal lexing errors), so its main() is run in-process with thin
wrappers around three pykickstart entry points that note, for every error, the
line that was being processed when it was raised.  The verdict itself is
ksvalidator's own exit status.

Output (stdout): one TSV row per (file, version):
  file  version  verdict  lines  message  flags
lines   = distinct blamed line numbers in the order the errors occurred,
          comma-separated, "-" when there is no error or no line to blame
message = the first error's text, squeezed to one line (for humans only)
flags   = "-" or "include" (file carries "#ks-test: follow-includes": run
          with ksvalidator -i, which opens %include files)
"""
import contextlib
import importlib.util
import io
import os
import sys
import warnings

PYKS = os.environ.get("PYKICKSTART")
if not PYKS:
    sys.exit("set PYKICKSTART to a pykickstart checkout")
sys.path.insert(0, PYKS)

from pykickstart import parser as ksparser  # noqa: E402

spec = importlib.util.spec_from_file_location(
    "ksvalidator", os.path.join(PYKS, "tools", "ksvalidator.py"))
ksvalidator = importlib.util.module_from_spec(spec)
spec.loader.exec_module(ksvalidator)

errors = []   # (line or None, message) for the row being run


def _squeeze(text):
    text = str(text)
    head = "of the kickstart file:"
    if head in text:
        text = text.split(head, 1)[1]
    return " ".join(text.split())[:160]


def _frame_line(tb):
    """Line number held by the innermost parser state-machine frame."""
    line = None
    while tb is not None:
        frame = tb.tb_frame
        if frame.f_code.co_name in ("_stateMachine", "_readSection",
                                    "_preprocessStateMachine") \
                and isinstance(frame.f_locals.get("lineno"), int):
            line = frame.f_locals["lineno"]
        tb = tb.tb_next
    return line


def _note(exc, fallback):
    if getattr(exc, "_k2_noted", False):
        return
    try:
        exc._k2_noted = True
    except AttributeError:
        pass
    line = getattr(exc, "lineno", None)
    # lineno 0 is what pykickstart gives a file it could not open: the
    # %include line that named it is the useful place to blame.
    if not isinstance(line, int) or line == 0:
        line = fallback
    errors.append((line, _squeeze(exc)))


_orig_try = ksparser.KickstartParser._tryFunc


def _try(self, fn):
    def wrapped():
        try:
            fn()
        except Exception as exc:  # re-raised: the original decides
            cells = dict(zip(fn.__code__.co_freevars,
                             (c.cell_contents for c in fn.__closure__ or ())))
            _note(exc, cells.get("lineno"))
            raise
    return _orig_try(self, wrapped)


_orig_read = ksparser.KickstartParser.readKickstart


_read_depth = [0]


def _read(self, f, reset=True):
    _read_depth[0] += 1
    try:
        return _orig_read(self, f, reset)
    except Exception as exc:
        # only the outermost read sees the whole traceback (an included
        # file that cannot be opened is blamed on the %include line)
        if _read_depth[0] == 1:
            _note(exc, _frame_line(exc.__traceback__))
        raise
    finally:
        _read_depth[0] -= 1


_orig_pre = ksvalidator.preprocessKickstart


def _pre(f):
    try:
        out = _orig_pre(f)
    except Exception as exc:
        _note(exc, _frame_line(exc.__traceback__))
        raise
    if out is None:
        errors.append((None, "Empty file"))
    return out


ksparser.KickstartParser._tryFunc = _try
ksparser.KickstartParser.readKickstart = _read
ksvalidator.preprocessKickstart = _pre


def run(path, version, follow):
    del errors[:]
    argv = ["-v", version] + (["-i"] if follow else []) + [path]
    sink = io.StringIO()
    with contextlib.redirect_stdout(sink), contextlib.redirect_stderr(sink), \
            warnings.catch_warnings():
        rc, msgs = ksvalidator.main(argv)
    if rc and not errors:
        errors.append((None, _squeeze(" ".join(msgs))))
    lines = []
    for line, _ in errors:
        if line is not None and line not in lines:
            lines.append(line)
    verdict = "invalid" if rc else "valid"
    if not rc and errors:
        raise SystemExit("%s %s: errors noted but rc 0: %r" % (path, version, errors))
    return (verdict, ",".join(map(str, lines)) if lines else "-",
            errors[0][1] if errors and rc else "-")


def main():
    versions = sys.argv[1].split(",")
    files = sys.argv[2:]
    print("#file\tversion\tverdict\tlines\tmessage\tflags")
    for path in files:
        with open(path, "rb") as fh:
            follow = b"#ks-test: follow-includes" in fh.readline()
        for v in versions:
            verdict, lines, msg = run(path, v, follow)
            print("\t".join([path, v, verdict, lines, msg.replace("\t", " "),
                             "include" if follow else "-"]))


if __name__ == "__main__":
    main()
