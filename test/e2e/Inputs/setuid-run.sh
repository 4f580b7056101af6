#!/bin/bash
# usage: setuid-run.sh PROGRAM
# Runs a copy of PROGRAM made set-user-ID root, then one made set-group-ID
# root, as `nobody` with CPROF_FILE set, and says which dumps each wrote. The
# copies run in a fresh group-writable folder under /tmp: nobody must be able
# to reach it, and the build tree may lie under a folder only root enters
# (mktemp -d makes such folders).
set -eu
prog=$1
d=$(mktemp -d /tmp/cprof-setuid.XXXXXX)
trap 'rm -rf "$d"' EXIT
chmod 775 "$d"
count() { ls "$d" | grep -c "$1" || true; }
for mode in 4755 2755; do
  rm -f "$d"/*.prof
  cp "$prog" "$d/prog"
  chmod "$mode" "$d/prog"
  (cd "$d" && env CPROF_FILE="$d/chosen.prof" setpriv --reuid=65534 --regid=65534 --clear-groups ./prog)
  echo "mode $mode: CPROF_FILE dumps $(count '^chosen\.prof$'), default-name dumps $(count '^cprof\..*\.prof$')"
done
