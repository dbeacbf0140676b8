#!/usr/bin/env bash
# Apache ActiveMQ on loopback for the broker tests (and for trying the broker transport by hand).
#
#   scripts/services/activemq.sh start  <dir> [stomp-port]   install if missing, start, print stomp://127.0.0.1:PORT
#   scripts/services/activemq.sh stop   <dir>                stop the broker started with <dir>
#   scripts/services/activemq.sh status <dir>                print the URL and exit 0 when it runs
#
# The broker's configuration, persistent store (KahaDB), log and process id live under <dir>.
# Starting again with the same <dir> reuses its ports and its persistent messages (a restart).
# Debian's package is installed when missing, as root with apt-get; otherwise the script fails
# with a clear message on stderr (exit 2), which the test fixtures turn into a skip reason.
set -euo pipefail

STOCK_CONFIGS=(/etc/activemq/instances-available/main/activemq.xml /usr/share/activemq/activemq.xml)
START_TIMEOUT=${ACTIVEMQ_START_TIMEOUT:-120}

fail() { echo "activemq.sh: $*" >&2; exit 2; }

usage() { echo "usage: $0 start|stop|status <dir> [stomp-port]" >&2; exit 64; }

free_port() {
    python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'
}

port_open() { (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null; }

stock_config() {
    local candidate
    for candidate in "${STOCK_CONFIGS[@]}"; do
        if [[ -f $candidate ]]; then echo "$candidate"; return 0; fi
    done
    return 1
}

install_activemq() {
    [[ -x /usr/bin/activemq ]] && stock_config >/dev/null && return 0
    if [[ $(id -u) -ne 0 ]] || ! command -v apt-get >/dev/null; then
        fail "ActiveMQ is not installed and cannot be installed here (needs root and apt-get): install Debian's 'activemq' package"
    fi
    echo "activemq.sh: installing Debian's activemq package" >&2
    export DEBIAN_FRONTEND=noninteractive
    if ! apt-get install -y --no-install-recommends activemq >&2; then
        apt-get update -q >&2 || true
        apt-get install -y --no-install-recommends activemq >&2 \
            || fail "apt-get could not install activemq"
    fi
    [[ -x /usr/bin/activemq ]] || fail "activemq package installed but /usr/bin/activemq is missing"
    stock_config >/dev/null || fail "no stock activemq.xml in ${STOCK_CONFIGS[*]}"
}

# The user the broker runs as: Debian's 'activemq' when we are root, else ourselves.
broker_user() {
    if [[ $(id -u) -eq 0 ]] && id activemq >/dev/null 2>&1; then echo activemq; else id -un; fi
}

running() {
    local dir=$1 pgid
    [[ -f $dir/activemq.pgid ]] || return 1
    pgid=$(cat "$dir/activemq.pgid")
    # the leader itself first: just after the launch its group may not exist yet
    kill -0 "$pgid" 2>/dev/null || kill -0 -- "-$pgid" 2>/dev/null
}

url_of() { echo "stomp://127.0.0.1:$(cat "$1/stomp.port")"; }

write_config() {
    local dir=$1 stomp=$2 openwire=$3 stock
    stock=$(stock_config)
    # a copy of the stock configuration: data under <dir>, openwire and STOMP on loopback ports
    sed -e "s#\${activemq.base}/data#$dir/data#g" \
        -e "s#tcp://127.0.0.1:61616#tcp://127.0.0.1:$openwire#" \
        -e "s#</transportConnectors>#    <transportConnector name=\"stomp\" uri=\"stomp://127.0.0.1:$stomp\"/>\n        </transportConnectors>#" \
        "$stock" >"$dir/activemq.xml"
    grep -q "stomp://127.0.0.1:$stomp" "$dir/activemq.xml" \
        || fail "could not add the STOMP connector to a copy of $stock"
}

start() {
    local dir=$1 requested=${2:-} user stomp openwire
    mkdir -p "$dir"
    dir=$(cd "$dir" && pwd)
    if running "$dir"; then url_of "$dir"; return 0; fi
    install_activemq
    if [[ -n $requested ]]; then
        stomp=$requested
    elif [[ -f $dir/stomp.port ]]; then
        stomp=$(cat "$dir/stomp.port")          # a restart keeps the address clients know
    else
        stomp=$(free_port)
    fi
    if [[ -f $dir/openwire.port ]]; then openwire=$(cat "$dir/openwire.port"); else openwire=$(free_port); fi
    port_open "$stomp" && fail "port $stomp is already in use on 127.0.0.1"
    echo "$stomp" >"$dir/stomp.port"
    echo "$openwire" >"$dir/openwire.port"
    mkdir -p "$dir/data" "$dir/tmp"
    write_config "$dir" "$stomp" "$openwire"
    user=$(broker_user)
    if [[ $user != "$(id -un)" ]]; then
        chown -R "$user" "$dir"
        runuser -u "$user" -- test -w "$dir/data" \
            || fail "user $user cannot write $dir/data (a parent folder is closed to it?)"
    fi
    local -a launch=(env ACTIVEMQ_PIDFILE="$dir/activemq.pid" ACTIVEMQ_TMP="$dir/tmp"
        /usr/bin/activemq console "xbean:file:$dir/activemq.xml")
    if [[ $user != "$(id -un)" ]]; then launch=(runuser -u "$user" -- "${launch[@]}"); fi
    setsid "${launch[@]}" >"$dir/activemq.log" 2>&1 </dev/null &
    echo $! >"$dir/activemq.pgid"
    local waited=0
    until port_open "$stomp"; do
        if ! running "$dir"; then
            tail -n 20 "$dir/activemq.log" >&2 || true
            fail "the broker exited during start (log: $dir/activemq.log)"
        fi
        if ((waited >= START_TIMEOUT * 5)); then
            stop "$dir" >/dev/null 2>&1 || true
            fail "the broker did not open port $stomp within ${START_TIMEOUT}s (log: $dir/activemq.log)"
        fi
        sleep 0.2
        waited=$((waited + 1))
    done
    url_of "$dir"
}

stop() {
    local dir=$1 pgid waited=0
    [[ -d $dir ]] || { echo "activemq.sh: $dir does not exist" >&2; return 0; }
    if ! running "$dir"; then rm -f "$dir/activemq.pgid"; echo "not running"; return 0; fi
    pgid=$(cat "$dir/activemq.pgid")
    kill -TERM -- "-$pgid" 2>/dev/null || true
    while kill -0 -- "-$pgid" 2>/dev/null; do
        if ((waited >= 150)); then kill -KILL -- "-$pgid" 2>/dev/null || true; fi
        sleep 0.2
        waited=$((waited + 1))
    done
    rm -f "$dir/activemq.pgid"
    echo "stopped"
}

status() {
    local dir=$1
    if [[ -d $dir ]] && running "$dir" && port_open "$(cat "$dir/stomp.port")"; then
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
