#!/usr/bin/env bash
# Checks the SQL keyword table (src/sql/keywords.h, the one list of keywords) against the grammar
# (src/sql/parser.c and src/sql/parse_*.c): the list is sorted with no duplicates (keywords.c
# binary-searches it), every SQLX_KW_* the grammar tests is in the list, and every listed keyword
# is used by the grammar (no dead entries). Usage: tools/check-keywords.sh; exit 1 on a mismatch.
set -euo pipefail
cd "$(dirname "$0")/.."
table=$(grep -oE '^[[:space:]]*X\([A-Z_]+,' src/sql/keywords.h | sed -E 's/^[[:space:]]*X\(//; s/,$//')
used=$(grep -ohE '\bSQLX_KW_[A-Z_]+\b' src/sql/parser.c src/sql/parse_*.c |
    sed 's/^SQLX_KW_//' | grep -vE '^(NONE_|COUNT_)$' | LC_ALL=C sort -u)
fail=0
if ! diff <(printf '%s\n' "$table") <(printf '%s\n' "$table" | LC_ALL=C sort -u) >/dev/null; then
    echo "keywords.h: the list is not sorted or has duplicates:"
    diff <(printf '%s\n' "$table") <(printf '%s\n' "$table" | LC_ALL=C sort -u) || true
    fail=1
fi
missing=$(LC_ALL=C comm -13 <(printf '%s\n' "$table" | LC_ALL=C sort -u) <(printf '%s\n' "$used"))
if [[ -n $missing ]]; then
    echo "keywords the grammar uses but keywords.h does not list:"
    echo "$missing"
    fail=1
fi
unused=$(LC_ALL=C comm -23 <(printf '%s\n' "$table" | LC_ALL=C sort -u) <(printf '%s\n' "$used"))
if [[ -n $unused ]]; then
    echo "keywords listed in keywords.h that no grammar file uses:"
    echo "$unused"
    fail=1
fi
if [[ $fail -eq 0 ]]; then
    echo "keywords: ok ($(printf '%s\n' "$table" | wc -l) keywords)"
fi
exit $fail
