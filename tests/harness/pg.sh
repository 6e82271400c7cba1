#!/usr/bin/env bash
# Test PostgreSQL 15 on loopback for the suite: one throw-away cluster per folder, run as the
# postgres OS user (initdb and pg_ctl through runuser), plain and TLS on one port.
#   pg.sh start DIR [PORT]   create (first time) and start; print `export SQLX_TEST_PG_*` lines,
#                            also written to DIR/env.sh. Idempotent: a running cluster is reused.
#   pg.sh stop DIR           stop it (fast shutdown); the folder stays.
#   pg.sh env DIR            print DIR/env.sh again.
#   pg.sh createdb DIR NAME  (re)create an empty database NAME owned by sqlx_owner; prints its
#                            trust URL.
# Roles: sqlx_trust (trust), sqlx_md5 (md5, hash stored as md5), sqlx_scram (scram-sha-256),
# sqlx_tls (scram-sha-256, TLS only); database sqlx_test, owned by role sqlx_owner, of which the
# four are members. It never touches the distribution's own cluster.
set -euo pipefail

PG_BIN=${PG_BIN:-/usr/lib/postgresql/15/bin}
HOST=127.0.0.1
DB=sqlx_test
MD5_PW=sqlx_md5_pw
SCRAM_PW=sqlx_scram_pw
TLS_PW=sqlx_tls_pw

die() { printf 'pg.sh: %s\n' "$*" >&2; exit 1; }
as_pg() { if [[ $(id -un) == postgres ]]; then "$@"; else runuser -u postgres -- "$@"; fi; }
usage() { die "usage: pg.sh start DIR [PORT] | stop DIR | env DIR | createdb DIR NAME"; }

# is_up DATA -> 0 when the postmaster recorded in DATA is alive and accepting connections.
is_up() {
    local data=$1 pid port
    [[ -s $data/postmaster.pid ]] || return 1
    pid=$(sed -n 1p "$data/postmaster.pid" | tr -dc 0-9)
    port=$(sed -n 4p "$data/postmaster.pid" | tr -dc 0-9)
    [[ -n $pid ]] && kill -0 "$pid" 2>/dev/null || return 1
    "$PG_BIN/pg_isready" -q -h "$(dirname "$data")/sock" -p "$port"
}

# make_certs SSLDIR: a CA and a server certificate for localhost / 127.0.0.1 signed by it.
make_certs() {
    local d=$1
    [[ -s $d/server.crt && -s $d/server.key && -s $d/ca.crt ]] && return 0
    mkdir -p "$d"
    openssl req -x509 -newkey ec -pkeyopt ec_paramgen_curve:prime256v1 -nodes -days 3650 \
        -subj '/CN=sqlx test CA' -keyout "$d/ca.key" -out "$d/ca.crt" \
        -addext 'basicConstraints=critical,CA:TRUE' \
        -addext 'keyUsage=critical,keyCertSign,cRLSign' 2>/dev/null
    openssl req -new -newkey ec -pkeyopt ec_paramgen_curve:prime256v1 -nodes \
        -subj '/CN=localhost' -keyout "$d/server.key" -out "$d/server.csr" 2>/dev/null
    printf '%s\n' 'subjectAltName=DNS:localhost,IP:127.0.0.1' 'basicConstraints=CA:FALSE' \
        'keyUsage=critical,digitalSignature,keyEncipherment' 'extendedKeyUsage=serverAuth' \
        >"$d/server.ext"
    openssl x509 -req -in "$d/server.csr" -CA "$d/ca.crt" -CAkey "$d/ca.key" -CAcreateserial \
        -days 3650 -extfile "$d/server.ext" -out "$d/server.crt" 2>/dev/null
    rm -f "$d/server.csr" "$d/server.ext"
    chown -R postgres:postgres "$d"
    chmod 600 "$d/server.key" "$d/ca.key"
    chmod 644 "$d/ca.crt" "$d/server.crt"
}

write_conf() {
    local dir=$1 port=$2
    cat >"$dir/data/sqlx-test.conf" <<CONF
listen_addresses = '$HOST'
port = $port
unix_socket_directories = '$dir/sock'
max_connections = 200
shared_buffers = '32MB'
fsync = off
synchronous_commit = off
full_page_writes = off
password_encryption = 'scram-sha-256'
ssl = on
ssl_cert_file = '$dir/ssl/server.crt'
ssl_key_file = '$dir/ssl/server.key'
ssl_ca_file = '$dir/ssl/ca.crt'
logging_collector = off
log_min_messages = warning
log_min_error_statement = panic
timezone = 'UTC'
CONF
    grep -q "^include_if_exists = 'sqlx-test.conf'" "$dir/data/postgresql.conf" \
        || echo "include_if_exists = 'sqlx-test.conf'" >>"$dir/data/postgresql.conf"
    # First match wins: TLS-only role, then one method per role on both plain and TLS, then reject.
    cat >"$dir/data/pg_hba.conf" <<HBA
local      all  all         trust
hostssl    all  sqlx_tls    $HOST/32  scram-sha-256
hostnossl  all  sqlx_tls    $HOST/32  reject
hostssl    all  sqlx_trust  $HOST/32  trust
hostssl    all  sqlx_md5    $HOST/32  md5
hostssl    all  sqlx_scram  $HOST/32  scram-sha-256
host       all  sqlx_trust  $HOST/32  trust
host       all  sqlx_md5    $HOST/32  md5
host       all  sqlx_scram  $HOST/32  scram-sha-256
host       all  all         $HOST/32  reject
HBA
    chown postgres:postgres "$dir/data/sqlx-test.conf" "$dir/data/pg_hba.conf"
}

# Roles and the database, idempotent; runs as superuser over the unix socket.
setup_roles() {
    local dir=$1 port=$2
    local psql=("$PG_BIN/psql" -X -q -v ON_ERROR_STOP=1 -h "$dir/sock" -p "$port" -U postgres)
    as_pg "${psql[@]}" -d postgres <<SQL >/dev/null
SET client_min_messages = warning;
DO \$\$ DECLARE r text; BEGIN
  FOREACH r IN ARRAY ARRAY['sqlx_owner','sqlx_trust','sqlx_md5','sqlx_scram','sqlx_tls'] LOOP
    IF NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = r) THEN
      EXECUTE format('CREATE ROLE %I', r);
    END IF;
  END LOOP;
END \$\$;
ALTER ROLE sqlx_owner NOLOGIN;
ALTER ROLE sqlx_trust LOGIN;
SET password_encryption = 'md5';
ALTER ROLE sqlx_md5 LOGIN PASSWORD '$MD5_PW';
SET password_encryption = 'scram-sha-256';
ALTER ROLE sqlx_scram LOGIN PASSWORD '$SCRAM_PW';
ALTER ROLE sqlx_tls LOGIN PASSWORD '$TLS_PW';
GRANT sqlx_owner TO sqlx_trust, sqlx_md5, sqlx_scram, sqlx_tls;
GRANT pg_signal_backend TO sqlx_trust, sqlx_md5, sqlx_scram, sqlx_tls;
SQL
    if ! as_pg "${psql[@]}" -d postgres -tAc "SELECT 1 FROM pg_database WHERE datname = '$DB'" \
        | grep -q 1; then
        as_pg "${psql[@]}" -d postgres -c "CREATE DATABASE $DB OWNER sqlx_owner" >/dev/null
    fi
    as_pg "${psql[@]}" -d "$DB" -c 'ALTER SCHEMA public OWNER TO sqlx_owner' >/dev/null
}

write_env() {
    local dir=$1 port=$2
    local base="$HOST:$port/$DB"
    cat >"$dir/env.sh" <<ENV
export SQLX_TEST_PG_URL='postgresql://sqlx_trust@$base'
export SQLX_TEST_PG_MD5_URL='postgresql://sqlx_md5:$MD5_PW@$base'
export SQLX_TEST_PG_SCRAM_URL='postgresql://sqlx_scram:$SCRAM_PW@$base'
export SQLX_TEST_PG_TLS_URL='postgresql://sqlx_scram:$SCRAM_PW@$base?sslmode=verify-full&sslrootcert=$dir/ssl/ca.crt'
export SQLX_TEST_PG_TLSONLY_URL='postgresql://sqlx_tls:$TLS_PW@$base?sslmode=require'
export SQLX_TEST_PG_CA='$dir/ssl/ca.crt'
export SQLX_TEST_PG_PORT='$port'
export SQLX_TEST_PG_DIR='$dir'
ENV
    chmod 644 "$dir/env.sh"
}

cmd_start() {
    local dir=$1 port=${2:-55433}
    [[ -x $PG_BIN/initdb ]] || die "$PG_BIN/initdb not found (apt-get install postgresql-15)"
    command -v openssl >/dev/null || die "openssl not found"
    mkdir -p "$dir"
    dir=$(cd "$dir" && pwd)
    if is_up "$dir/data"; then
        local running
        running=$(sed -n 4p "$dir/data/postmaster.pid" | tr -dc 0-9)
        [[ $running == "$port" ]] || die "cluster in $dir already runs on port $running"
        setup_roles "$dir" "$port"
        write_env "$dir" "$port"
        cat "$dir/env.sh"
        return 0
    fi
    if (exec 3<>"/dev/tcp/$HOST/$port") 2>/dev/null; then
        die "port $port on $HOST is taken by another server"
    fi
    mkdir -p "$dir/sock"
    chown postgres:postgres "$dir" "$dir/sock"
    chmod 755 "$dir"
    if [[ ! -s $dir/data/PG_VERSION ]]; then
        as_pg "$PG_BIN/initdb" -D "$dir/data" -U postgres -E UTF8 --locale=C.UTF-8 \
            --auth-local=trust --auth-host=reject --no-sync >"$dir/initdb.log" 2>&1 \
            || { cat "$dir/initdb.log" >&2; die "initdb failed"; }
    fi
    make_certs "$dir/ssl"
    write_conf "$dir" "$port"
    touch "$dir/server.log"
    chown postgres:postgres "$dir/server.log"
    as_pg "$PG_BIN/pg_ctl" -D "$dir/data" -l "$dir/server.log" -w -t 60 start >/dev/null \
        || { tail -n 20 "$dir/server.log" >&2; die "pg_ctl start failed"; }
    setup_roles "$dir" "$port"
    write_env "$dir" "$port"
    cat "$dir/env.sh"
}

cmd_stop() {
    local dir=$1
    [[ -d $dir/data ]] || return 0
    if [[ -s $dir/data/postmaster.pid ]]; then
        as_pg "$PG_BIN/pg_ctl" -D "$dir/data" -m fast -w -t 60 stop >/dev/null 2>&1 || true
    fi
}

cmd_createdb() {
    local dir=$1 name=$2 port
    [[ $name =~ ^[a-z_][a-z0-9_]*$ ]] || die "bad database name '$name'"
    is_up "$dir/data" || die "no running cluster in $dir"
    port=$(sed -n 4p "$dir/data/postmaster.pid" | tr -dc 0-9)
    local psql=("$PG_BIN/psql" -X -q -v ON_ERROR_STOP=1 -h "$dir/sock" -p "$port" -U postgres)
    as_pg "${psql[@]}" -d postgres -c "DROP DATABASE IF EXISTS $name WITH (FORCE)" \
        -c "CREATE DATABASE $name OWNER sqlx_owner" >/dev/null 2>&1 \
        || die "could not create database $name"
    as_pg "${psql[@]}" -d "$name" -c 'ALTER SCHEMA public OWNER TO sqlx_owner' >/dev/null
    echo "postgresql://sqlx_trust@$HOST:$port/$name"
}

case ${1:-} in
start) [[ $# -ge 2 ]] || usage; cmd_start "$2" "${3:-55433}" ;;
stop) [[ $# -eq 2 ]] || usage; cmd_stop "$2" ;;
createdb) [[ $# -eq 3 ]] || usage; cmd_createdb "$2" "$3" ;;
env) [[ $# -eq 2 && -s $2/env.sh ]] || usage; cat "$2/env.sh" ;;
*) usage ;;
esac
