#!/usr/bin/env bash
# Checks the OpenAPI document that `sqlx serve` publishes with two independent validators:
# `redocly lint` (recommended rules; warnings allowed, errors fail) and swagger-parser (validate.mjs).
# Usage: tests/openapi/validate.sh SQLX_BINARY [DOCUMENT]. It serves a fresh temporary SQLite
# database built from examples/demo/*.sql on a free loopback port, fetches /openapi.json and
# always stops the server. Given DOCUMENT (a file), it validates that file instead and serves
# nothing. Runs offline: the validators come from tests/openapi/node_modules (npm ci).
set -uo pipefail

here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/../.." && pwd)

# Redocly CLI must not phone home: no telemetry, no update or announcement checks.
export REDOCLY_TELEMETRY=off
export REDOCLY_SUPPRESS_UPDATE_NOTICE=true
export REDOCLY_SUPPRESS_NOTIFICATIONS=true
export NO_UPDATE_NOTIFIER=1
export CI=${CI:-true}
export SQLX_PACKS=${SQLX_PACKS:-$root/packs}

if [[ $# -lt 1 ]]; then
    echo "usage: $0 SQLX_BINARY [DOCUMENT]" >&2
    exit 2
fi
sqlx=$1
doc_in=${2:-}

if [[ ! -x $here/node_modules/.bin/redocly ]]; then
    echo "validate: installing validators (npm ci in tests/openapi)"
    (cd "$here" && npm ci --no-audit --no-fund --loglevel=error) || {
        echo "validate: npm ci failed; run scripts/setup.sh" >&2
        exit 1
    }
fi

tmp=$(mktemp -d "${TMPDIR:-/tmp}/sqlx-openapi.XXXXXX")
server_pid=
# shellcheck disable=SC2317  # invoked by the EXIT trap
cleanup() {
    if [[ -n $server_pid ]]; then
        kill "$server_pid" 2>/dev/null
        for _ in $(seq 50); do
            kill -0 "$server_pid" 2>/dev/null || break
            sleep 0.1
        done
        kill -9 "$server_pid" 2>/dev/null
        wait "$server_pid" 2>/dev/null
    fi
    rm -rf "$tmp"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

free_port() {
    python3 -c 'import socket
s = socket.socket()
s.bind(("127.0.0.1", 0))
print(s.getsockname()[1])
s.close()'
}

# Builds the demo database into $tmp/demo.db with the sqlite3 shell, or Python when it is absent.
build_db() {
    local db=$tmp/demo.db
    if command -v sqlite3 >/dev/null 2>&1; then
        cat "$root/examples/demo/schema.sql" "$root/examples/demo/data.sql" | sqlite3 -bail "$db"
    else
        python3 -c 'import sqlite3, sys
c = sqlite3.connect(sys.argv[1])
for f in sys.argv[2:]:
    c.executescript(open(f).read())
c.commit()' "$db" "$root/examples/demo/schema.sql" "$root/examples/demo/data.sql"
    fi
}

# Starts the server and saves its document as $tmp/openapi.json.
fetch_document() {
    if [[ ! -x $sqlx ]]; then
        echo "validate: $sqlx is not an executable" >&2
        return 1
    fi
    build_db || { echo "validate: cannot build the demo database" >&2; return 1; }
    local port
    port=$(free_port) || return 1
    "$sqlx" serve --db "sqlite:$tmp/demo.db" --port "$port" --host 127.0.0.1 \
        >"$tmp/server.log" 2>&1 &
    server_pid=$!
    local base=http://127.0.0.1:$port
    for _ in $(seq 100); do
        if ! kill -0 "$server_pid" 2>/dev/null; then
            echo "validate: the server exited early; its output:" >&2
            cat "$tmp/server.log" >&2
            server_pid=
            return 1
        fi
        curl -fsS -o /dev/null "$base/healthz" 2>/dev/null && break
        sleep 0.1
    done
    if ! curl -fsS -o "$tmp/openapi.json" "$base/openapi.json"; then
        echo "validate: GET /openapi.json failed; server output:" >&2
        cat "$tmp/server.log" >&2
        return 1
    fi
    echo "validate: fetched $base/openapi.json ($(wc -c <"$tmp/openapi.json") bytes)"
}

if [[ -n $doc_in ]]; then
    cp "$doc_in" "$tmp/openapi.json" || exit 1
else
    fetch_document || exit 1
fi

status=0
echo "== redocly lint"
(cd "$tmp" && "$here/node_modules/.bin/redocly" lint --extends recommended openapi.json) 2>&1 || status=1
echo "== swagger-parser"
node "$here/validate.mjs" "$tmp/openapi.json" 2>&1 || status=1
if ((status)); then
    echo "validate: FAILED"
else
    echo "validate: ok"
fi
exit "$status"
