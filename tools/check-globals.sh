#!/usr/bin/env bash
# Lists the writable global and static objects of a build (symbols in .data / .bss sections, not
# .data.rel.ro, read with objdump) that are not on tools/globals.allow. Const tables are not
# listed: they live in .rodata or .data.rel.ro. The allowed ones: default_logger (core/log.c, set
# once before threads start), demo_url (cli/demo.c, written once by the main thread),
# exe_packs_dir / exe_packs_once (wire/pack.c, resolved under pthread_once).
# Usage: tools/check-globals.sh BUILD_DIR
set -euo pipefail
cd "$(dirname "$0")/.."
b=${1:-build}
found=$(find "$b/obj" -name '*.o' -print0 | xargs -0 objdump -t 2>/dev/null | grep ' O ' |
    awk '{ for (i = 1; i <= NF; i++) if ($i ~ /^\.(data|bss)/ && $i !~ /^\.data\.rel\.ro/) print $NF }' |
    sed 's/\.[0-9]*$//' | sort -u)
extra=$(comm -23 <(echo "$found") tools/globals.allow)
if [[ -n $extra ]]; then
    echo "writable globals not on tools/globals.allow:"
    echo "$extra"
    exit 1
fi
echo "globals: ok ($(echo "$found" | wc -l) allowed)"
