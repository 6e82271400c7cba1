#!/usr/bin/env bash
# Test MariaDB 10.11 on loopback for the suites: one throw-away server per folder (private datadir,
# socket, pid file and config under DIR), run as `mariadbd --user=root`, plain and TLS on one port.
#   mariadb.sh start DIR [PORT]   create (first time) and start (default port 53307); print the
#                                 `export SQLX_TEST_MY_*` lines, also written to DIR/env.sh.
#                                 Idempotent: a running server in DIR is reused.
#   mariadb.sh stop DIR           stop it (mariadb-admin shutdown, then the pid); the folder stays.
#   mariadb.sh env DIR            print DIR/env.sh again.
#   mariadb.sh createdb DIR NAME  (re)create an empty database NAME the test users may use; prints
#                                 its URL (sqlx_native).
# Users: root@localhost via unix_socket only; sqlx_native (mysql_native_password) and, when the
# server has the plugin, sqlx_ed25519 (ed25519); both on every database sqlx_*. Database
# sqlx_test. It never touches the distribution's own server, its config or /var/lib/mysql.
set -euo pipefail

HOST=127.0.0.1
DB=sqlx_test
NATIVE_PW=sqlx_native_pw
ED_PW=sqlx_ed25519_pw

die() { printf 'mariadb.sh: %s\n' "$*" >&2; exit 1; }
usage() { die "usage: mariadb.sh start DIR [PORT] | stop DIR | env DIR | createdb DIR NAME"; }

# root over the private socket, reading only DIR/my.cnf.
my_root() { local dir=$1; shift; mariadb --defaults-file="$dir/my.cnf" -uroot "$@"; }

# is_up DIR -> 0 when the server recorded in DIR/mariadbd.pid is alive and answers a ping.
is_up() {
    local dir=$1 pid
    [[ -s $dir/mariadbd.pid ]] || return 1
    pid=$(head -n 1 "$dir/mariadbd.pid" | tr -dc 0-9)
    [[ -n $pid ]] && kill -0 "$pid" 2>/dev/null || return 1
    mariadb-admin --defaults-file="$dir/my.cnf" -uroot --connect-timeout=2 ping >/dev/null 2>&1
}

# port_of DIR -> the port in DIR/my.cnf.
port_of() { sed -n 's/^port = \([0-9]*\)$/\1/p' "$1/my.cnf" | head -n 1; }

# make_certs SSLDIR: a CA and a server certificate for localhost / 127.0.0.1 signed by it (RSA,
# which every client library of MariaDB accepts).
make_certs() {
    local d=$1
    [[ -s $d/server.crt && -s $d/server.key && -s $d/ca.crt ]] && return 0
    mkdir -p "$d"
    openssl req -x509 -newkey rsa:2048 -nodes -days 3650 -subj '/CN=sqlx mariadb test CA' \
        -keyout "$d/ca.key" -out "$d/ca.crt" \
        -addext 'basicConstraints=critical,CA:TRUE' \
        -addext 'keyUsage=critical,keyCertSign,cRLSign' 2>/dev/null
    openssl req -new -newkey rsa:2048 -nodes -subj '/CN=localhost' \
        -keyout "$d/server.key" -out "$d/server.csr" 2>/dev/null
    printf '%s\n' 'subjectAltName=DNS:localhost,IP:127.0.0.1' 'basicConstraints=CA:FALSE' \
        'keyUsage=critical,digitalSignature,keyEncipherment' 'extendedKeyUsage=serverAuth' \
        >"$d/server.ext"
    openssl x509 -req -in "$d/server.csr" -CA "$d/ca.crt" -CAkey "$d/ca.key" -CAcreateserial \
        -days 3650 -extfile "$d/server.ext" -out "$d/server.crt" 2>/dev/null
    rm -f "$d/server.csr" "$d/server.ext"
    chmod 600 "$d/server.key" "$d/ca.key"
    chmod 644 "$d/ca.crt" "$d/server.crt"
}

# Small and fast: nothing durable, no binary log, no performance schema, UTC, utf8mb4.
write_conf() {
    local dir=$1 port=$2
    cat >"$dir/my.cnf" <<CNF
[client]
socket = $dir/mariadbd.sock
port = $port

[mariadbd]
user = root
datadir = $dir/data
socket = $dir/mariadbd.sock
pid-file = $dir/mariadbd.pid
log-error = $dir/server.log
port = $port
bind-address = $HOST
skip-name-resolve
skip-log-bin
performance_schema = OFF
innodb_buffer_pool_size = 32M
innodb_log_file_size = 16M
innodb_flush_log_at_trx_commit = 0
innodb_doublewrite = 0
sync_binlog = 0
max_connections = 200
max_allowed_packet = 64M
character-set-server = utf8mb4
collation-server = utf8mb4_general_ci
default-time-zone = '+00:00'
ssl-ca = $dir/ssl/ca.crt
ssl-cert = $dir/ssl/server.crt
ssl-key = $dir/ssl/server.key
CNF
}

# Users and the database, idempotent; runs as root over the unix socket.
setup_users() {
    local dir=$1 ed=0
    if my_root "$dir" -N -B -e "SELECT 1 FROM information_schema.PLUGINS WHERE PLUGIN_NAME = 'ed25519'" \
        | grep -q 1; then
        ed=1
    elif [[ -z ${SQLX_MY_NO_ED25519:-} ]] && my_root "$dir" -e "INSTALL SONAME 'auth_ed25519'" 2>/dev/null; then
        ed=1
    fi
    my_root "$dir" <<SQL
DELETE FROM mysql.global_priv WHERE User = '';
FLUSH PRIVILEGES;
CREATE DATABASE IF NOT EXISTS \`$DB\` CHARACTER SET utf8mb4;
CREATE USER IF NOT EXISTS 'sqlx_native'@'%';
ALTER USER 'sqlx_native'@'%' IDENTIFIED VIA mysql_native_password USING PASSWORD('$NATIVE_PW');
CREATE USER IF NOT EXISTS 'sqlx_native'@'localhost';
ALTER USER 'sqlx_native'@'localhost' IDENTIFIED VIA mysql_native_password USING PASSWORD('$NATIVE_PW');
GRANT ALL PRIVILEGES ON \`sqlx\\_%\`.* TO 'sqlx_native'@'%';
GRANT ALL PRIVILEGES ON \`sqlx\\_%\`.* TO 'sqlx_native'@'localhost';
SQL
    if ((ed)); then
        my_root "$dir" <<SQL
CREATE USER IF NOT EXISTS 'sqlx_ed25519'@'%';
ALTER USER 'sqlx_ed25519'@'%' IDENTIFIED VIA ed25519 USING PASSWORD('$ED_PW');
CREATE USER IF NOT EXISTS 'sqlx_ed25519'@'localhost';
ALTER USER 'sqlx_ed25519'@'localhost' IDENTIFIED VIA ed25519 USING PASSWORD('$ED_PW');
GRANT ALL PRIVILEGES ON \`sqlx\\_%\`.* TO 'sqlx_ed25519'@'%';
GRANT ALL PRIVILEGES ON \`sqlx\\_%\`.* TO 'sqlx_ed25519'@'localhost';
SQL
    fi
    echo "$ed"
}

write_env() {
    local dir=$1 port=$2 ed=$3 base="$HOST:$port/$DB"
    {
        echo "export SQLX_TEST_MY_URL='mysql://sqlx_native:$NATIVE_PW@$base'"
        if ((ed)); then
            echo "export SQLX_TEST_MY_ED25519_URL='mysql://sqlx_ed25519:$ED_PW@$base'"
        else
            echo "export SQLX_TEST_MY_ED25519_URL=''"
        fi
        echo "export SQLX_TEST_MY_CA='$dir/ssl/ca.crt'"
        echo "export SQLX_TEST_MY_PORT='$port'"
        echo "export SQLX_TEST_MY_SOCKET='$dir/mariadbd.sock'"
        echo "export SQLX_TEST_MY_DIR='$dir'"
    } >"$dir/env.sh"
    chmod 644 "$dir/env.sh"
}

cmd_start() {
    local dir=$1 port=${2:-53307} ed
    command -v mariadbd >/dev/null || die "mariadbd not found (apt-get install mariadb-server)"
    command -v mariadb >/dev/null || die "mariadb not found (apt-get install mariadb-client)"
    command -v openssl >/dev/null || die "openssl not found"
    mkdir -p "$dir"
    dir=$(cd "$dir" && pwd)
    # The unix socket path must fit in sun_path (108 bytes).
    ((${#dir} < 90)) || die "folder path too long for a unix socket: $dir"
    if [[ -s $dir/my.cnf ]] && is_up "$dir"; then
        local running
        running=$(port_of "$dir")
        [[ $running == "$port" ]] || die "server in $dir already runs on port $running"
        ed=$(setup_users "$dir")
        write_env "$dir" "$port" "$ed"
        cat "$dir/env.sh"
        return 0
    fi
    if (exec 3<>"/dev/tcp/$HOST/$port") 2>/dev/null; then
        die "port $port on $HOST is taken by another server"
    fi
    make_certs "$dir/ssl"
    write_conf "$dir" "$port"
    if [[ ! -d $dir/data/mysql ]]; then
        mkdir -p "$dir/data"
        mariadb-install-db --defaults-file="$dir/my.cnf" --user=root --skip-test-db \
            --auth-root-authentication-method=socket >"$dir/install.log" 2>&1 \
            || { tail -n 20 "$dir/install.log" >&2; die "mariadb-install-db failed"; }
    fi
    rm -f "$dir/mariadbd.pid"
    : >"$dir/server.log"
    setsid mariadbd --defaults-file="$dir/my.cnf" --user=root </dev/null >>"$dir/server.log" 2>&1 &
    local i
    for i in $(seq 1 600); do
        is_up "$dir" && break
        if ((i > 20)) && ! kill -0 $! 2>/dev/null; then break; fi
        sleep 0.1
    done
    is_up "$dir" || { tail -n 20 "$dir/server.log" >&2; die "mariadbd did not start"; }
    ed=$(setup_users "$dir")
    write_env "$dir" "$port" "$ed"
    cat "$dir/env.sh"
}

cmd_stop() {
    local dir=$1 pid=
    [[ -s $dir/my.cnf ]] || return 0
    [[ -s $dir/mariadbd.pid ]] && pid=$(head -n 1 "$dir/mariadbd.pid" | tr -dc 0-9)
    mariadb-admin --defaults-file="$dir/my.cnf" -uroot --connect-timeout=2 shutdown \
        >/dev/null 2>&1 || true
    if [[ -n $pid ]]; then
        local i
        for i in $(seq 1 300); do
            kill -0 "$pid" 2>/dev/null || return 0
            sleep 0.1
        done
        kill "$pid" 2>/dev/null || true
    fi
}

cmd_createdb() {
    local dir=$1 name=$2
    [[ $name =~ ^sqlx_[a-z0-9_]*$ ]] || die "bad database name '$name' (must start with sqlx_)"
    is_up "$dir" || die "no running server in $dir"
    my_root "$dir" -e "DROP DATABASE IF EXISTS \`$name\`; CREATE DATABASE \`$name\` CHARACTER SET utf8mb4" \
        || die "could not create database $name"
    echo "mysql://sqlx_native:$NATIVE_PW@$HOST:$(port_of "$dir")/$name"
}

case ${1:-} in
start) [[ $# -ge 2 ]] || usage; cmd_start "$2" "${3:-53307}" ;;
stop) [[ $# -eq 2 ]] || usage; cmd_stop "$2" ;;
createdb) [[ $# -eq 3 ]] || usage; cmd_createdb "$2" "$3" ;;
env) [[ $# -eq 2 && -s $2/env.sh ]] || usage; cat "$2/env.sh" ;;
*) usage ;;
esac
