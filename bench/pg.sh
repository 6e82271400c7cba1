#!/usr/bin/env bash
# `make bench-pg`: WireVM against libpq on one PostgreSQL 15 that this script starts (through the
# test harness, tests/harness/pg.sh) in a temporary folder, with the server pinned to one CPU.
# Loads users (20,000 rows), fetch_rows (1,000,000 rows) and an empty bench_insert table, builds
# bench/pg_bench.c against BUILD_DIR/libsqlx.a and libpq, runs it, and stops the server.
# Usage: bench/pg.sh BUILD_DIR. Knobs: BENCH_ROUNDS (5), BENCH_POINT_SECS (2),
# BENCH_PLACEMENT (same | cross | none), BENCH_PG_PORT (first free from 55434), BENCH_KEEP=1.
set -euo pipefail
cd "$(dirname "$0")/.."
ROOT=$PWD
B=${1:-build}
ROUNDS=${BENCH_ROUNDS:-5}
POINT_SECS=${BENCH_POINT_SECS:-2}
PLACEMENT=${BENCH_PLACEMENT:-same}
FETCH_ROWS=1000000
USERS=20000

say() { printf 'bench-pg: %s\n' "$*" >&2; }
die() { say "error: $*"; exit 1; }

[[ -f $B/libsqlx.a ]] || die "$B/libsqlx.a not found (run make B=$B first)"
if [[ ! -f /usr/include/postgresql/libpq-fe.h ]]; then
    say "installing libpq-dev"
    DEBIAN_FRONTEND=noninteractive apt-get -o DPkg::Lock::Timeout=600 install -y -qq libpq-dev \
        >/dev/null || die "apt-get install libpq-dev failed"
fi
command -v psql >/dev/null || die "psql not found (apt-get install postgresql-client-15)"

# Placement (see ../shared/lab/RESULTS.md): a round trip between processes on the same vCPU costs
# about a third of one across vCPUs, and unpinned runs land on either. The server (postmaster and
# every backend it forks) is pinned to the last CPU; the client runs on that CPU too (same, the
# default: every microsecond the client spends shows in the result) or on CPU 0 (cross).
NCPU=$(nproc)
SERVER_CPU=$((NCPU - 1))
case $PLACEMENT in
same) CLIENT_CPU=$SERVER_CPU ;;
cross) CLIENT_CPU=0; ((NCPU > 1)) || die "BENCH_PLACEMENT=cross needs 2 CPUs" ;;
none) CLIENT_CPU=-1 ;;
*) die "BENCH_PLACEMENT must be same, cross or none" ;;
esac

RUN=$(mktemp -d /tmp/sqlx-bench-pg.XXXXXX)
chmod 755 "$RUN"
cleanup() {
    bash tests/harness/pg.sh stop "$RUN/pg" || true
    if [[ ${BENCH_KEEP:-0} == 1 ]]; then say "kept $RUN"; else rm -rf "$RUN"; fi
}
trap cleanup EXIT

# Other sessions on the machine start servers too: take the first port that really starts.
port_free() { ! (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null; }
PORT=
for p in ${BENCH_PG_PORT:-$(seq 55434 55460)}; do
    port_free "$p" || continue
    say "starting PostgreSQL on 127.0.0.1:$p (server on CPU $SERVER_CPU)"
    if taskset -c "$SERVER_CPU" bash tests/harness/pg.sh start "$RUN/pg" "$p" >/dev/null \
        2>"$RUN/start.log"; then
        PORT=$p
        break
    fi
    grep -q 'Address already in use' "$RUN/pg/server.log" 2>/dev/null || { cat "$RUN/start.log" >&2; die "could not start PostgreSQL"; }
    say "port $p was taken meanwhile, trying the next one"
    rm -f "$RUN/pg/server.log"
done
[[ -n $PORT ]] || die "no free port for PostgreSQL"
# Children started before now (checkpointer, walwriter, ...) inherit the pin too; re-pin all of
# them in case the harness reused a running cluster.
PM=$(sed -n 1p "$RUN/pg/data/postmaster.pid" | tr -dc 0-9)
for pid in $PM $(ps -o pid= --ppid "$PM"); do taskset -p -c "$SERVER_CPU" "$pid" >/dev/null; done
URL=$(bash tests/harness/pg.sh createdb "$RUN/pg" bench)
CONNINFO="host=127.0.0.1 port=$PORT dbname=bench user=sqlx_trust"

say "loading users ($USERS rows), fetch_rows ($FETCH_ROWS rows)"
t0=$(date +%s)
psql -X -q -v ON_ERROR_STOP=1 "$CONNINFO" >/dev/null <<SQL
SET client_min_messages = warning;
CREATE TABLE users (
    id bigint PRIMARY KEY,
    email text NOT NULL UNIQUE,
    name text NOT NULL,
    country char(2) NOT NULL,
    bio text,
    created_at timestamptz NOT NULL,
    is_active boolean NOT NULL
);
INSERT INTO users
SELECT g, 'user' || g || '@example.com', 'User ' || g,
       (ARRAY['US','DE','FR','JP','BR','IN','GB','CA'])[1 + g % 8],
       CASE WHEN g % 10 = 0 THEN NULL ELSE repeat('Likes databases. ', 1 + g % 6) END,
       timestamptz '2024-01-01 00:00:00+00' + g * interval '37 minutes', g % 7 <> 0
FROM generate_series(1, $USERS) g;
CREATE TABLE fetch_rows (LIKE users);
INSERT INTO fetch_rows
SELECT g, 'user' || g || '@example.com', 'User ' || g,
       (ARRAY['US','DE','FR','JP','BR','IN','GB','CA'])[1 + g % 8],
       CASE WHEN g % 10 = 0 THEN NULL ELSE repeat('bio ', 1 + g % 4) END,
       timestamptz '2024-01-01 00:00:00+00' + g * interval '1 minute', g % 7 <> 0
FROM generate_series(1, $FETCH_ROWS) g;
CREATE TABLE bench_insert (id bigint, name text, amount double precision);
VACUUM ANALYZE;
SELECT count(*) FROM fetch_rows; -- reads the table once, so every run starts warm
SQL
say "loaded in $(($(date +%s) - t0)) s"

BIN=$RUN/pg_bench
cc -std=c11 -O2 -D_GNU_SOURCE -Isrc -I/usr/include/postgresql -o "$BIN" bench/pg_bench.c bench/bench_common.c \
    "$B/libsqlx.a" -lpq -lsqlite3 -lmicrohttpd -ljansson -lssl -lcrypto -lpthread -lm

# Once the PostgreSQL engine exists, a WireVM failure fails the benchmark instead of reading n/a.
REQUIRE=()
[[ -f src/wire/conn_pg.c ]] && REQUIRE=(--require-wirevm)

say "placement $PLACEMENT: client CPU $CLIENT_CPU, server CPU $SERVER_CPU; load $(cut -d' ' -f1-3 /proc/loadavg)"
"$BIN" --conninfo "$CONNINFO" --url "$URL" --packs "$ROOT/packs" --rounds "$ROUNDS" \
    --point-secs "$POINT_SECS" --max-id "$USERS" --fetch-rows "$FETCH_ROWS" \
    --cpu "$CLIENT_CPU" "${REQUIRE[@]}"
