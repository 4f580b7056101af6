#!/bin/sh
# Installs what bench/run.py needs and fetches SQLite's amalgamation.
#
#   bench/setup.sh            # Debian packages (as root) + SQLite into bench/.cache
#
# Debian packages: uftrace (-finstrument-functions tracer), binutils (gprof),
# valgrind (callgrind), clang-14 + llvm-14 (llvm-xray) + libclang-rt-14-dev
# (the XRay runtime). SQLite comes from the better-sqlite3 npm package, which
# ships the amalgamation as deps/sqlite3/sqlite3.c; it is fetched at set-up
# time and never committed (bench/.cache is ignored by git).
set -eu

here=$(cd "$(dirname "$0")" && pwd)
cache="$here/.cache"

need=""
command -v uftrace >/dev/null 2>&1 || need="$need uftrace"
command -v gprof >/dev/null 2>&1 || need="$need binutils"
command -v valgrind >/dev/null 2>&1 || need="$need valgrind"
command -v clang-14 >/dev/null 2>&1 || need="$need clang-14"
command -v llvm-xray-14 >/dev/null 2>&1 || command -v llvm-xray >/dev/null 2>&1 || need="$need llvm-14"
ls /usr/lib/llvm-14/lib/clang/*/lib/linux/libclang_rt.xray-x86_64.a >/dev/null 2>&1 \
  || need="$need libclang-rt-14-dev"
command -v npm >/dev/null 2>&1 || need="$need npm"

if [ -n "$need" ]; then
  if [ "$(id -u)" != 0 ]; then
    echo "setup.sh: missing packages:$need; run as root or: apt-get install$need" >&2
    exit 1
  fi
  echo "setup.sh: installing$need"
  apt-get update -qq
  # shellcheck disable=SC2086
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends $need
fi

mkdir -p "$cache"
if [ ! -f "$cache/sqlite/sqlite3.c" ]; then
  tmp=$(mktemp -d)
  trap 'rm -rf "$tmp"' EXIT
  (cd "$tmp" && npm pack --silent better-sqlite3@12 >pack.name)
  tgz="$tmp/$(tail -n 1 "$tmp/pack.name")"
  [ -f "$tgz" ] || { echo "setup.sh: npm pack better-sqlite3@12 produced no tarball" >&2; exit 1; }
  tar -xzf "$tgz" -C "$tmp" package/deps/sqlite3/sqlite3.c package/deps/sqlite3/sqlite3.h \
    package/package.json
  mkdir -p "$cache/sqlite"
  cp "$tmp/package/deps/sqlite3/sqlite3.c" "$tmp/package/deps/sqlite3/sqlite3.h" "$cache/sqlite/"
  ver=$(sed -n 's/^#define SQLITE_VERSION  *"\(.*\)"/\1/p' "$cache/sqlite/sqlite3.h")
  bsv=$(sed -n 's/^ *"version": *"\(.*\)",*$/\1/p' "$tmp/package/package.json" | head -n 1)
  echo "SQLite $ver (from better-sqlite3 $bsv)" >"$cache/sqlite/VERSION"
fi
echo "setup.sh: ok: $(cat "$cache/sqlite/VERSION")"
