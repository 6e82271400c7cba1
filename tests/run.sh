#!/usr/bin/env bash
# The suite runner: for each build folder given, runs every unit test binary (Criterion, each test
# in its own process) and the end-to-end HTTP suite against that build's sqlx, each under a timeout;
# then the OpenAPI validator once. Prints one line per suite and ends with "N passed, N failed".
set -uo pipefail
cd "$(dirname "$0")/.."
[[ $# -gt 0 ]] || set -- build

export ASAN_OPTIONS=${ASAN_OPTIONS:-abort_on_error=1:detect_leaks=1:halt_on_error=1}
export UBSAN_OPTIONS=${UBSAN_OPTIONS:-print_stacktrace=1:halt_on_error=1}
export SQLX_PACKS=$PWD/packs
PY=/usr/bin/python3
[[ -x $PY ]] || PY=python3

total_pass=0
total_fail=0
log_dir=tests/tmp/logs
mkdir -p "$log_dir"

record() { # name pass fail log
    total_pass=$((total_pass + $2))
    total_fail=$((total_fail + $3))
    printf '%-40s %4d passed %4d failed\n' "$1" "$2" "$3"
    if (($3 > 0)) && [[ -n ${4:-} ]]; then
        echo "---- $1: last lines of $4"
        tail -n 40 "$4"
        echo "----"
    fi
}

for B in "$@"; do
    echo "== suite on $B"
    for t in $(find "$B/tests" -type f -perm -u+x -name '*_test' 2>/dev/null | sort); do
        name=${t#"$B"/tests/}
        log=$log_dir/$(echo "$B-$name" | tr / _).log
        timeout 300 "$t" --jobs 2 --timeout 60 >"$log" 2>&1
        rc=$?
        line=$(grep -a 'Synthesis:' "$log" | tail -n 1)
        pass=$(sed -n 's/.*Passing: \([0-9]*\).*/\1/p' <<<"$line")
        fail=$(sed -n 's/.*Failing: \([0-9]*\).*/\1/p' <<<"$line")
        crash=$(sed -n 's/.*Crashing: \([0-9]*\).*/\1/p' <<<"$line")
        pass=${pass:-0}; fail=$((${fail:-0} + ${crash:-0}))
        if [[ -z $line || ($rc -ne 0 && $fail -eq 0) ]]; then fail=$((fail + 1)); fi
        record "$B unit/$name" "$pass" "$fail" "$log"
    done
    log=$log_dir/$B-globals.log
    if bash tools/check-globals.sh "$B" >"$log" 2>&1; then
        record "$B tools/check-globals" 1 0
    else
        record "$B tools/check-globals" 0 1 "$log"
    fi
    for e in tests/e2e/*_test.py; do
        [[ -f $e ]] || continue
        log=$log_dir/$(echo "$B-$(basename "$e")" | tr / _).log
        timeout 600 "$PY" "$e" --sqlx "$B/sqlx" >"$log" 2>&1
        rc=$?
        line=$(grep -aE '^[0-9]+ passed, [0-9]+ failed$' "$log" | tail -n 1)
        pass=$(awk '{print $1}' <<<"$line"); fail=$(awk '{print $3}' <<<"$line")
        pass=${pass:-0}; fail=${fail:-0}
        if [[ -z $line || ($rc -ne 0 && $fail -eq 0) ]]; then fail=$((fail + 1)); fi
        record "$B e2e/$(basename "$e")" "$pass" "$fail" "$log"
    done
done

# OpenAPI document through a real validator (once, on the first build).
if [[ -x tests/openapi/validate.sh ]]; then
    log=$log_dir/openapi.log
    if timeout 300 bash tests/openapi/validate.sh "$1/sqlx" >"$log" 2>&1; then
        record "openapi validator" 1 0
    else
        record "openapi validator" 0 1 "$log"
    fi
fi

echo "$total_pass passed, $total_fail failed"
[[ $total_fail -eq 0 ]]
