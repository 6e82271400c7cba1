#!/usr/bin/env bash
# `make bench-sql`: statements parsed and translated (PostgreSQL -> MySQL, parse + rewrite +
# print) per second for a ~1 KB query (bench/sql_query.sql), against python3-sqlglot doing the
# same translation (sqlglot.transpile(q, read="postgres", write="mysql")), the peer a user would
# pick instead. Builds bench/sql_bench.c against BUILD_DIR/libsqlx.a.
# Usage: bench/sql.sh BUILD_DIR. Knob: BENCH_SECS (seconds per measurement, default 3).
# The last line is "translate/sqlglot: R", R = sqlx statements/s divided by sqlglot's.
set -euo pipefail
cd "$(dirname "$0")/.."
B=${1:-build}
SECS=${BENCH_SECS:-3}
PY=/usr/bin/python3
[[ -x $PY ]] || PY=python3
say() { printf 'bench-sql: %s\n' "$*" >&2; }
die() { say "error: $*"; exit 1; }

[[ -f $B/libsqlx.a ]] || die "$B/libsqlx.a not found (run make B=$B first)"
if ! $PY -c 'import sqlglot' 2>/dev/null; then
    say "installing python3-sqlglot"
    DEBIAN_FRONTEND=noninteractive apt-get -o DPkg::Lock::Timeout=600 install -y -qq \
        python3-sqlglot >/dev/null || die "apt-get install python3-sqlglot failed"
fi
QUERY=bench/sql_query.sql
BIN=$B/bench/sql_bench
mkdir -p "$B/bench"
cc -std=c11 -O2 -D_GNU_SOURCE -Isrc -o "$BIN" bench/sql_bench.c "$B/libsqlx.a" \
    -lsqlite3 -lmicrohttpd -ljansson -lssl -lcrypto -lpthread -lm
say "query: $QUERY ($(wc -c <"$QUERY") bytes), $SECS s per measurement"

OURS=$("$BIN" "$QUERY" "$SECS")
echo "$OURS"
SQLX_RATE=$(awk '/^sqlx translate:/ {print $3}' <<<"$OURS")

PEER=$($PY - "$QUERY" "$SECS" <<'PY'
import sys, time, logging
import sqlglot
logging.disable(logging.WARNING)   # sqlglot logs unsupported NULLS FIRST / LAST per call
q = open(sys.argv[1]).read()
secs = float(sys.argv[2])
sqlglot.transpile(q, read="postgres", write="mysql")
n, t0 = 0, time.perf_counter()
while True:
    for _ in range(10):
        sqlglot.transpile(q, read="postgres", write="mysql")
    n += 10
    t = time.perf_counter() - t0
    if t >= secs:
        break
print("sqlglot %s translate: %.0f stmt/s" % (sqlglot.__version__, n / t))
PY
)
echo "$PEER"
PEER_RATE=$(awk '{print $(NF-1)}' <<<"$PEER")
awk -v a="$SQLX_RATE" -v b="$PEER_RATE" 'BEGIN { printf "translate/sqlglot: %.1f\n", a / b }'
