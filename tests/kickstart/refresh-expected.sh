#!/bin/bash
# Regenerates expected.tsv from pykickstart's own verdicts. NOT run in CI:
# pykickstart is not packaged for Debian 12, so this needs a checkout:
#
#   git clone https://github.com/pykickstart/pykickstart /tmp/pykickstart
#   PYKICKSTART=/tmp/pykickstart tests/kickstart/refresh-expected.sh
#
# The manifest committed next to this script was produced with pykickstart
# 3.74 (commit 435ebbef) under Python 3.11; pykickstart's option parsing is
# argparse, whose details vary between Python releases. Review the
# diff before committing: a changed verdict means pykickstart changed its
# mind, and the C tables must follow.
set -eu
: "${PYKICKSTART:?set PYKICKSTART to a pykickstart checkout}"
versions=${KS_VERSIONS:-RHEL6,RHEL7,RHEL8,RHEL9,F40}
here=$(cd "$(dirname "$0")" && pwd)
cd "$here/corpus"
# python3-requests is pykickstart's only import outside the standard library
PYKICKSTART=$PYKICKSTART python3 "$here/pyks_expected.py" "$versions" ./*.ks |
	sed 's#^\./##' >"$here/expected.tsv.new"
mv "$here/expected.tsv.new" "$here/expected.tsv"
echo "wrote $(($(wc -l <"$here/expected.tsv") - 1)) rows to $here/expected.tsv"
