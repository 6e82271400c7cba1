#!/usr/bin/env bash
# Lists writable data symbols (nm B/b/D/d) of a build's objects that are not on tools/globals.allow.
# Const tables of pointers land in .data.rel.ro (nm 'd') and are listed there too; the mutable ones
# on the list are: default_logger (core/log.c, set once before threads start), demo_url
# (cli/demo.c, written once by the main thread), exe_packs_dir / exe_packs_once (wire/pack.c,
# pthread_once). Usage: tools/check-globals.sh BUILD_DIR
set -euo pipefail
cd "$(dirname "$0")/.."
b=${1:-build}
extra=$(find "$b/obj" -name '*.o' -exec nm -A --defined-only {} + |
    awk '$2 ~ /^[BbDd]$/ {print $3}' | sed 's/\.[0-9]*$//' | sort -u | comm -23 - tools/globals.allow)
if [[ -n $extra ]]; then
    echo "writable globals not on tools/globals.allow:"
    echo "$extra"
    exit 1
fi
echo "globals: ok"
