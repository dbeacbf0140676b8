#!/usr/bin/env bash
# PostgreSQL on loopback for the multi-worker tests and benchmark (and for trying the shared store).
#
#   scripts/services/postgres.sh start  <dir> [port]   install if missing, start, print postgresql://…
#   scripts/services/postgres.sh stop   <dir>          stop the server started with <dir>
#   scripts/services/postgres.sh status <dir>          print the URL and exit 0 when it runs
#
# The cluster (initdb), its log and its port live under <dir>; starting again with the same <dir>
# reuses the port and the data. The server listens on 127.0.0.1 only (no Unix socket) and trusts
# loopback connections of its own user 'mspcim': a throwaway server for tests, not a deployment.
# As root, the server runs as the 'postgres' user (PostgreSQL refuses to run as root). Debian's
# package is installed when missing, as root with apt-get; otherwise the script fails with a clear
# message on stderr (exit 2), which the test fixture turns into a skip reason.
set -euo pipefail

START_TIMEOUT=${POSTGRES_START_TIMEOUT:-60}
DATABASE=mspcim
ROLE=mspcim

fail() { echo "postgres.sh: $*" >&2; exit 2; }

usage() { echo "usage: $0 start|stop|status <dir> [port]" >&2; exit 64; }

free_port() {
    python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'
}

port_open() { (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null; }

# The newest server binaries installed (Debian keeps them per major version).
bin_dir() {
    local found
    found=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1)
    if [[ -n $found && -x $found/pg_ctl && -x $found/initdb ]]; then echo "$found"; return 0; fi
    found=$(command -v pg_ctl 2>/dev/null) || return 1
    dirname "$(readlink -f "$found")"
}

install_postgres() {
    bin_dir >/dev/null && return 0
    if [[ $(id -u) -ne 0 ]] || ! command -v apt-get >/dev/null; then
        fail "PostgreSQL is not installed and cannot be installed here (needs root and apt-get): install Debian's 'postgresql' package"
    fi
    echo "postgres.sh: installing Debian's postgresql package" >&2
    export DEBIAN_FRONTEND=noninteractive
    if ! apt-get install -y --no-install-recommends postgresql >&2; then
        apt-get update -q >&2 || true
        apt-get install -y --no-install-recommends postgresql >&2 \
            || fail "apt-get could not install postgresql"
    fi
    bin_dir >/dev/null || fail "postgresql package installed but no pg_ctl/initdb found"
}

# The user the server runs as: 'postgres' when we are root (it refuses root), else ourselves.
server_user() {
    if [[ $(id -u) -ne 0 ]]; then id -un; return 0; fi
    id postgres >/dev/null 2>&1 || fail "running as root and there is no 'postgres' user to run the server"
    echo postgres
}

as_server() {
    local user=$1
    shift
    if [[ $user == "$(id -un)" ]]; then "$@"; else runuser -u "$user" -- "$@"; fi
}

url_of() { echo "postgresql://$ROLE@127.0.0.1:$(cat "$1/postgres.port")/$DATABASE"; }

running() {
    local dir=$1 bin
    [[ -f $dir/pgdata/postmaster.pid ]] || return 1
    bin=$(bin_dir) || return 1
    as_server "$(stat -c %U "$dir/pgdata")" "$bin/pg_ctl" status -D "$dir/pgdata" >/dev/null 2>&1
}

start() {
    local dir=$1 requested=${2:-} user bin port
    mkdir -p "$dir"
    dir=$(cd "$dir" && pwd)
    if running "$dir" && port_open "$(cat "$dir/postgres.port")"; then url_of "$dir"; return 0; fi
    install_postgres
    bin=$(bin_dir)
    user=$(server_user)
    if [[ -n $requested ]]; then
        port=$requested
    elif [[ -f $dir/postgres.port ]]; then
        port=$(cat "$dir/postgres.port")        # a restart keeps the address clients know
    else
        port=$(free_port)
    fi
    port_open "$port" && fail "port $port is already in use on 127.0.0.1"
    echo "$port" >"$dir/postgres.port"
    if [[ $user != "$(id -un)" ]]; then
        chmod o+x "$dir"
        runuser -u "$user" -- test -x "$dir" \
            || fail "user $user cannot reach $dir (a parent folder is closed to it: use a folder under /tmp)"
    fi
    if [[ ! -f $dir/pgdata/PG_VERSION ]]; then
        mkdir -p "$dir/pgdata"
        chown "$user" "$dir/pgdata"
        chmod 700 "$dir/pgdata"
        as_server "$user" "$bin/initdb" -D "$dir/pgdata" -U "$ROLE" --auth=trust -E UTF8 \
            --locale=C.UTF-8 >"$dir/initdb.log" 2>&1 \
            || { tail -n 20 "$dir/initdb.log" >&2; fail "initdb failed (log: $dir/initdb.log)"; }
    fi
    touch "$dir/postgres.log"
    chown "$user" "$dir/postgres.log"
    as_server "$user" "$bin/pg_ctl" start -D "$dir/pgdata" -l "$dir/postgres.log" -w \
        -t "$START_TIMEOUT" \
        -o "-c listen_addresses=127.0.0.1 -p $port -c unix_socket_directories='' -c max_connections=200 -c fsync=on" \
        >/dev/null 2>&1 \
        || { tail -n 20 "$dir/postgres.log" >&2; fail "the server did not start (log: $dir/postgres.log)"; }
    if ! as_server "$user" "$bin/psql" -h 127.0.0.1 -p "$port" -U "$ROLE" -d postgres -tAc \
        "SELECT 1 FROM pg_database WHERE datname = '$DATABASE'" | grep -q 1; then
        as_server "$user" "$bin/createdb" -h 127.0.0.1 -p "$port" -U "$ROLE" "$DATABASE" \
            || fail "could not create the database $DATABASE"
    fi
    url_of "$dir"
}

stop() {
    local dir=$1 bin
    [[ -d $dir ]] || { echo "postgres.sh: $dir does not exist" >&2; return 0; }
    if ! running "$dir"; then echo "not running"; return 0; fi
    bin=$(bin_dir)
    as_server "$(stat -c %U "$dir/pgdata")" "$bin/pg_ctl" stop -D "$dir/pgdata" -m fast -w >/dev/null
    echo "stopped"
}

status() {
    local dir=$1
    if [[ -d $dir ]] && running "$dir" && port_open "$(cat "$dir/postgres.port")"; then
        url_of "$dir"
        return 0
    fi
    echo "not running" >&2
    return 1
}

[[ $# -ge 2 ]] || usage
command=$1
shift
case $command in
    start) start "$@" ;;
    stop) stop "$1" ;;
    status) status "$1" ;;
    *) usage ;;
esac
