#!/bin/bash
# Diffs the kickstart tables (src/kickstart/ks_table_*.c, as printed by the
# ks_tables_dump program of a build) against what pykickstart registers (as
# printed by pyks_tables.py). NOT run in CI: it needs a pykickstart checkout.
#
#   PYKICKSTART=/tmp/pykickstart tests/kickstart/compare-tables.sh BUILD_DIR
#
# No output and exit 0 means every command, option, alias, positional,
# type, choice list, requirement, deprecation and removal agrees for every
# supported version.
set -eu
: "${PYKICKSTART:?set PYKICKSTART to a pykickstart checkout}"
build=${1:?usage: compare-tables.sh BUILD_DIR}
here=$(cd "$(dirname "$0")" && pwd)
dump="$build/tests/kickstart/ks_tables_dump"
[ -x "$dump" ] || { echo "no $dump: build the ks_tables_dump target first" >&2; exit 2; }
diff -u --label pykickstart --label pxed \
	<(PYKICKSTART=$PYKICKSTART python3 "$here/pyks_tables.py") <("$dump" | LC_ALL=C sort)
