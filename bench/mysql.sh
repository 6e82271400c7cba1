#!/usr/bin/env bash
# `make bench-mysql`: WireVM against libmariadb on one MariaDB 10.11 that this script starts
# (through the test harness, tests/harness/mariadb.sh) in a temporary folder, with the server
# pinned to one CPU. Loads users (20,000 rows), fetch_rows (1,000,000 rows) and an empty
# bench_insert table, builds bench/mysql_bench.c against BUILD_DIR/libsqlx.a and libmariadb, runs
# it, and stops the server.
# Usage: bench/mysql.sh BUILD_DIR. Knobs: BENCH_ROUNDS (9), BENCH_POINT_SECS (2),
# BENCH_PLACEMENT (same | cross | none), BENCH_MY_PORT (first free from 53340), BENCH_KEEP=1.
set -euo pipefail
cd "$(dirname "$0")/.."
ROOT=$PWD
B=${1:-build}
ROUNDS=${BENCH_ROUNDS:-9}
POINT_SECS=${BENCH_POINT_SECS:-2}
PLACEMENT=${BENCH_PLACEMENT:-same}
FETCH_ROWS=1000000
USERS=20000

say() { printf 'bench-mysql: %s\n' "$*" >&2; }
die() { say "error: $*"; exit 1; }

[[ -f $B/libsqlx.a ]] || die "$B/libsqlx.a not found (run make B=$B first)"
if [[ ! -f /usr/include/mariadb/mysql.h ]]; then
    say "installing libmariadb-dev"
    DEBIAN_FRONTEND=noninteractive apt-get -o DPkg::Lock::Timeout=600 install -y -qq \
        libmariadb-dev >/dev/null || die "apt-get install libmariadb-dev failed"
fi
command -v mariadb >/dev/null || die "mariadb not found (apt-get install mariadb-client)"
command -v mariadbd >/dev/null || die "mariadbd not found (apt-get install mariadb-server)"

# Placement (see ../shared/lab/RESULTS.md): a round trip between processes on the same vCPU costs
# about a third of one across vCPUs, and unpinned runs land on either. The server (every thread
# of mariadbd, and so every connection thread it creates later) is pinned to the last CPU; the
# client runs on that CPU too (same, the default: every microsecond the client spends shows in
# the result) or on CPU 0 (cross).
NCPU=$(nproc)
SERVER_CPU=$((NCPU - 1))
case $PLACEMENT in
same) CLIENT_CPU=$SERVER_CPU ;;
cross) CLIENT_CPU=0; ((NCPU > 1)) || die "BENCH_PLACEMENT=cross needs 2 CPUs" ;;
none) CLIENT_CPU=-1 ;;
*) die "BENCH_PLACEMENT must be same, cross or none" ;;
esac

# Short path: the harness needs the socket path to fit in sun_path.
RUN=$(mktemp -d /tmp/sqlx-bmy.XXXXXX)
chmod 755 "$RUN"
cleanup() {
    bash tests/harness/mariadb.sh stop "$RUN/my" || true
    if [[ ${BENCH_KEEP:-0} == 1 ]]; then say "kept $RUN"; else rm -rf "$RUN"; fi
}
trap cleanup EXIT

# Other sessions on the machine start servers too: take the first port that really starts.
port_free() { ! (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null; }
PORT=
for p in ${BENCH_MY_PORT:-$(seq 53340 53370)}; do
    port_free "$p" || continue
    say "starting MariaDB on 127.0.0.1:$p (server on CPU $SERVER_CPU)"
    if taskset -c "$SERVER_CPU" bash tests/harness/mariadb.sh start "$RUN/my" "$p" >/dev/null \
        2>"$RUN/start.log"; then
        PORT=$p
        break
    fi
    grep -qi 'already in use\|taken' "$RUN/start.log" "$RUN/my/server.log" 2>/dev/null \
        || { cat "$RUN/start.log" >&2; die "could not start MariaDB"; }
    say "port $p was taken meanwhile, trying the next one"
    bash tests/harness/mariadb.sh stop "$RUN/my" || true
    rm -rf "$RUN/my"
done
[[ -n $PORT ]] || die "no free port for MariaDB"
# Every thread mariadbd has now (a reused server was started elsewhere) gets the pin too.
PID=$(head -n 1 "$RUN/my/mariadbd.pid" | tr -dc 0-9)
taskset -a -p -c "$SERVER_CPU" "$PID" >/dev/null
URL=$(bash tests/harness/mariadb.sh createdb "$RUN/my" sqlx_bench)
# mysql://USER:PASSWORD@HOST:PORT/DB -> the same for libmariadb.
rest=${URL#mysql://}
MY_USER=${rest%%:*}
rest=${rest#*:}
MY_PASSWORD=${rest%%@*}

# The harness keeps the buffer pool small for tests; 1M rows must fit in memory here, so
# both clients read from the buffer pool rather than the disk.
my_root() { mariadb --defaults-file="$RUN/my/my.cnf" -uroot "$@"; }
my_root -e "SET GLOBAL innodb_buffer_pool_size = 512 * 1024 * 1024"

say "loading users ($USERS rows), fetch_rows ($FETCH_ROWS rows)"
t0=$(date +%s)
my_root sqlx_bench >/dev/null <<SQL
CREATE TABLE users (
    id BIGINT NOT NULL PRIMARY KEY,
    email VARCHAR(255) NOT NULL UNIQUE,
    name VARCHAR(100) NOT NULL,
    country CHAR(2) NOT NULL,
    bio TEXT,
    created_at DATETIME NOT NULL,
    is_active TINYINT(1) NOT NULL
) ENGINE = InnoDB DEFAULT CHARSET = utf8mb4;
INSERT INTO users
SELECT seq, CONCAT('user', seq, '@example.com'), CONCAT('User ', seq),
       ELT(1 + seq % 8, 'US', 'DE', 'FR', 'JP', 'BR', 'IN', 'GB', 'CA'),
       CASE WHEN seq % 10 = 0 THEN NULL ELSE REPEAT('Likes databases. ', 1 + seq % 6) END,
       TIMESTAMP '2024-01-01 00:00:00' + INTERVAL (seq * 37) MINUTE, seq % 7 <> 0
FROM seq_1_to_$USERS;
CREATE TABLE fetch_rows LIKE users;
ALTER TABLE fetch_rows DROP INDEX email;
INSERT INTO fetch_rows
SELECT seq, CONCAT('user', seq, '@example.com'), CONCAT('User ', seq),
       ELT(1 + seq % 8, 'US', 'DE', 'FR', 'JP', 'BR', 'IN', 'GB', 'CA'),
       CASE WHEN seq % 10 = 0 THEN NULL ELSE REPEAT('bio ', 1 + seq % 4) END,
       TIMESTAMP '2024-01-01 00:00:00' + INTERVAL seq MINUTE, seq % 7 <> 0
FROM seq_1_to_$FETCH_ROWS;
CREATE TABLE bench_insert (id BIGINT, name VARCHAR(32), amount DOUBLE) ENGINE = InnoDB;
ANALYZE TABLE users, fetch_rows;
SELECT COUNT(*), SUM(LENGTH(bio)) FROM fetch_rows; -- reads the table once, so runs start warm
SQL
say "loaded in $(($(date +%s) - t0)) s"

BIN=$RUN/mysql_bench
cc -std=c11 -O2 -D_GNU_SOURCE -Isrc -I/usr/include/mariadb -o "$BIN" bench/mysql_bench.c bench/bench_common.c \
    "$B/libsqlx.a" -lmariadb -lsqlite3 -lmicrohttpd -ljansson -lssl -lcrypto -lpthread -lm

# Once the MySQL-family engine exists, a WireVM failure fails the benchmark instead of reading n/a.
REQUIRE=()
[[ -f src/wire/conn_my.c ]] && REQUIRE=(--require-wirevm)

say "placement $PLACEMENT: client CPU $CLIENT_CPU, server CPU $SERVER_CPU; load $(cut -d' ' -f1-3 /proc/loadavg)"
# Both clients on plain TCP: libmariadb does not use TLS unless asked, while WireVM's default
# ssl-mode is preferred (as the mysql client's), so WireVM is told ssl-mode=disabled here.
"$BIN" --host 127.0.0.1 --port "$PORT" --user "$MY_USER" --password "$MY_PASSWORD" \
    --db sqlx_bench --url "$URL?ssl-mode=disabled" --packs "$ROOT/packs" --rounds "$ROUNDS" \
    --point-secs "$POINT_SECS" --max-id "$USERS" --fetch-rows "$FETCH_ROWS" \
    --cpu "$CLIENT_CPU" "${REQUIRE[@]}"
