#!/bin/bash
# Rebuilds every vector (dumps, expected outputs, CASES.tsv, the browser
# transcript) from programs/ into OUT_DIR (default: ../vectors, the committed
# ones). Deterministic: the clock is fake, so a second run gives the same
# bytes (ctest's conformance-vectors-reproducible checks it). Needs CPython
# 3.11 (python3, or set PYTHON=...).
#   regen.sh [OUT_DIR]
set -euo pipefail
here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
out=${1:-$here/../vectors}
py=${PYTHON:-python3}
if ! "$py" -c 'import sys; sys.exit(sys.version_info[:2] != (3, 11))'; then
  echo "regen.sh: needs CPython 3.11 (set PYTHON=/path/to/python3.11)" >&2
  exit 1
fi
export TZ=UTC TERM=dumb LC_ALL=C.UTF-8 PYTHONHASHSEED=0
"$py" "$here/gen.py" "$out"
echo "regen.sh: $(find "$out" -name '*.prof' | wc -l) dumps, $(find "$out" -path '*/expected/*' | wc -l) expected outputs"
