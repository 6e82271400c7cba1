#!/usr/bin/env bash
# HTTP benchmark of `sqlx serve` (make bench-api): GET /users/{random id} with wrk against a fresh
# copy of the demo database, plus the server's resident memory idle and under load.
#   bench/api.sh SQLX_BINARY
# Prints wrk's report, then ends with exactly one line:
#   api: REQS req/s p99 MS ms rss_idle KB rss_load KB
# Exits 1 (without that line) if the server does not start or any request fails.
# Environment: BENCH_CONNS (64), BENCH_THREADS (2), BENCH_DURATION (10s), BENCH_WARMUP (2s),
# BENCH_SEED (1), BENCH_PORT (a free port).
set -euo pipefail

die() { echo "bench/api.sh: $*" >&2; exit 1; }

[ $# -eq 1 ] || die "usage: bench/api.sh SQLX_BINARY"
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
BIN="$(cd "$(dirname "$1")" && pwd)/$(basename "$1")" || die "no such binary: $1"
[ -x "$BIN" ] || die "not executable: $1"
for tool in wrk sqlite3 curl ps; do
    command -v "$tool" >/dev/null || die "$tool is needed (apt-get install $tool)"
done
CONNS="${BENCH_CONNS:-64}"
THREADS="${BENCH_THREADS:-2}"
DURATION="${BENCH_DURATION:-10s}"
WARMUP="${BENCH_WARMUP:-2s}"

TMP="$(mktemp -d "${TMPDIR:-/tmp}/sqlx-bench.XXXXXX")"
PID=""
SAMPLER=""
cleanup() {
    [ -n "$SAMPLER" ] && kill "$SAMPLER" 2>/dev/null || true
    if [ -n "$PID" ] && kill -0 "$PID" 2>/dev/null; then
        kill -TERM "$PID" 2>/dev/null || true
        wait "$PID" 2>/dev/null || true
    fi
    rm -rf "$TMP"
}
trap cleanup EXIT

# The database: a fresh copy of the demo, built with the sqlite3 CLI.
DB="$TMP/demo.db"
sqlite3 "$DB" < "$ROOT/examples/demo/schema.sql"
sqlite3 "$DB" < "$ROOT/examples/demo/data.sql"
MAX_ID="$(sqlite3 "$DB" 'SELECT MAX(id) FROM users')"
[ -n "$MAX_ID" ] && [ "$MAX_ID" -ge 1 ] || die "demo database has no users"

PORT="${BENCH_PORT:-$(python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')}"
URL="http://127.0.0.1:$PORT"

SQLX_PACKS="$ROOT/packs" "$BIN" serve --db "sqlite:$DB" --host 127.0.0.1 --port "$PORT" \
    >"$TMP/server.log" 2>&1 &
PID=$!

ready=""
for _ in $(seq 200); do
    if ! kill -0 "$PID" 2>/dev/null; then
        tail -n 20 "$TMP/server.log" >&2
        die "server exited before /healthz answered"
    fi
    if curl -fsS -o /dev/null --max-time 1 "$URL/healthz" 2>/dev/null; then ready=1; break; fi
    sleep 0.1
done
[ -n "$ready" ] || die "server did not answer /healthz within 20 s"
code="$(curl -sS -o /dev/null -w '%{http_code}' "$URL/users/1")"
[ "$code" = 200 ] || die "GET /users/1 answered $code, not 200"

rss() { ps -o rss= -p "$PID" | tr -d ' '; }
RSS_IDLE="$(rss)"

export BENCH_MIN_ID=1 BENCH_MAX_ID="$MAX_ID" BENCH_SEED="${BENCH_SEED:-1}"
LUA="$ROOT/bench/random-id.lua"
if [ "$WARMUP" != 0 ]; then
    wrk -t "$THREADS" -c "$CONNS" -d "$WARMUP" -s "$LUA" "$URL" >/dev/null
fi

# RSS every 0.5 s while wrk runs; the largest sample is the loaded RSS.
( while kill -0 "$PID" 2>/dev/null; do rss >>"$TMP/rss" || true; sleep 0.5; done ) &
SAMPLER=$!
echo "wrk -t $THREADS -c $CONNS -d $DURATION --latency -s bench/random-id.lua $URL  (ids 1..$MAX_ID)"
wrk -t "$THREADS" -c "$CONNS" -d "$DURATION" --latency -s "$LUA" "$URL" | tee "$TMP/wrk.out"
kill "$SAMPLER" 2>/dev/null || true
wait "$SAMPLER" 2>/dev/null || true
SAMPLER=""
rss >>"$TMP/rss" || true
RSS_LOAD="$(sort -n "$TMP/rss" | tail -n 1)"
[ -n "$RSS_LOAD" ] || RSS_LOAD="$RSS_IDLE"

NON2XX="$(sed -n 's/.*Non-2xx or 3xx responses: *\([0-9]*\).*/\1/p' "$TMP/wrk.out")"
NON2XX="${NON2XX:-0}"
RESULT="$(grep '^BENCH_RESULT ' "$TMP/wrk.out" | tail -n 1)"
[ -n "$RESULT" ] || die "wrk printed no BENCH_RESULT line"
field() { sed -n "s/.* $1=\([0-9.]*\).*/\1/p" <<<"$RESULT"; }

# Stop the server; a graceful shutdown exits 0 within 10 s.
kill -TERM "$PID"
for _ in $(seq 100); do kill -0 "$PID" 2>/dev/null || break; sleep 0.1; done
if kill -0 "$PID" 2>/dev/null; then
    kill -KILL "$PID"
    echo "warning: server did not exit within 10 s of SIGTERM" >&2
fi
status=0
wait "$PID" || status=$?
PID=""
[ "$status" -eq 0 ] || echo "warning: server exited with status $status" >&2

[ "$NON2XX" -eq 0 ] && [ "$(field non2xx)" -eq 0 ] ||
    die "$NON2XX responses were not 2xx/3xx"
sock_errors=$(( $(field connect) + $(field read) + $(field write) ))
[ "$sock_errors" -eq 0 ] || die "$sock_errors socket errors (connect/read/write)"
[ "$(field timeout)" -eq 0 ] || echo "warning: $(field timeout) requests timed out" >&2
[ "$(field requests)" -gt 0 ] || die "no requests completed"

REQS="$(printf '%.0f' "$(field rps)")"
P99="$(awk -v us="$(field p99_us)" 'BEGIN { printf "%.2f", us / 1000 }')"
echo "api: $REQS req/s p99 $P99 ms rss_idle $RSS_IDLE KB rss_load $RSS_LOAD KB"
