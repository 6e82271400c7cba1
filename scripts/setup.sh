#!/usr/bin/env bash
# Installs what building and testing need on Debian 12 (apt-get; sudo when not root), and the npm
# packages of the OpenAPI validator. Idempotent: a second run installs nothing. PostgreSQL 15 is
# for tests/harness/pg.sh, which runs its own throw-away clusters; the distribution's cluster (the
# package may create and start one on 5432) is neither needed nor used; libpq only for bench-pg.
set -euo pipefail
cd "$(dirname "$0")/.."

PKGS=(build-essential pkg-config libsqlite3-dev sqlite3 libmicrohttpd-dev libjansson-dev
      libssl-dev libcriterion-dev python3 wrk nodejs npm curl
      postgresql-15 postgresql-client-15 openssl libpq-dev
      mariadb-server mariadb-client libmariadb-dev)

missing=()
for p in "${PKGS[@]}"; do
    dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
# node/npm may come from outside Debian (a newer Node.js); accept any working npx.
if command -v npx >/dev/null 2>&1; then
    tmp=(); for p in "${missing[@]}"; do [[ $p == nodejs || $p == npm ]] || tmp+=("$p"); done
    missing=("${tmp[@]}")
fi
# MariaDB is for tests/harness/mariadb.sh, which runs its own servers: while the package installs,
# a temporary policy-rc.d (only if there is none) keeps it from starting the distribution's
# service; nothing relies on that service either way. libmariadb-dev only for bench-mysql.
policy_rc=
if [[ " ${missing[*]} " == *" mariadb-server "* && ! -e /usr/sbin/policy-rc.d ]]; then
    policy_rc=/usr/sbin/policy-rc.d
    as_root=; [[ $(id -u) -eq 0 ]] || as_root=sudo
    printf '#!/bin/sh\nexit 101\n' | $as_root tee "$policy_rc" >/dev/null
    $as_root chmod 755 "$policy_rc"
    trap '$as_root rm -f "$policy_rc"' EXIT
fi
if ((${#missing[@]})); then
    SUDO=; [[ $(id -u) -eq 0 ]] || SUDO=sudo
    echo "setup: installing ${missing[*]}"
    $SUDO apt-get update -qq
    DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq "${missing[@]}" >/dev/null
fi

if [[ ${1:-} != --no-npm && ! -d tests/openapi/node_modules ]]; then
    echo "setup: npm ci in tests/openapi"
    (cd tests/openapi && npm ci --no-audit --no-fund --loglevel=error >/dev/null)
fi
echo "setup: ok"
