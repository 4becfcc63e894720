#!/usr/bin/env bash
# A throwaway Redis server on 127.0.0.1 for the Redis plugin's tests, for CI and developers alike.
#
#   .ci/redis.sh install          install Debian's redis-server package when none is found (needs root)
#   .ci/redis.sh run CMD [ARG..]  start a server, run CMD with PATINOX_REDIS_* exported, stop the server
#   .ci/redis.sh start            start a server and print the export lines for it (eval them)
#   .ci/redis.sh stop DIR         stop the server started in DIR (PATINOX_REDIS_DIR) and delete DIR
#
# The server listens on 127.0.0.1 only, on a free port, keeps nothing on disk (--save '',
# --appendonly no) and runs as a daemon whose files are in a temporary folder. Exported for the tests:
#   PATINOX_REDIS_URL     redis://127.0.0.1:PORT
#   PATINOX_REDIS_SERVER  the redis-server binary, for tests that start (and restart) servers of their own
#   PATINOX_REDIS_DIR     the temporary folder
set -euo pipefail

server_bin() {
  command -v redis-server 2>/dev/null || { [ -x /usr/bin/redis-server ] && echo /usr/bin/redis-server; }
}

install_server() {
  if server_bin >/dev/null && command -v redis-cli >/dev/null 2>&1; then
    echo "Redis found: $(server_bin)"
    return 0
  fi
  if [ "$(id -u)" != 0 ]; then
    echo "Redis is not installed and installing it needs root: apt-get install -y redis-server" >&2
    exit 1
  fi
  echo "Installing Redis from Debian's packages"
  export DEBIAN_FRONTEND=noninteractive
  apt-get update
  apt-get install -y redis-server
  server_bin >/dev/null || { echo "redis-server installed, but not found on the PATH" >&2; exit 1; }
}

free_port() {
  local port tries
  for tries in $(seq 1 200); do
    port=$(( 20000 + RANDOM % 30000 ))
    if ! (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null; then
      echo "$port"
      return 0
    fi
  done
  echo "no free port found on 127.0.0.1" >&2
  return 1
}

start_server() {
  local bin dir port attempt tries
  bin=$(server_bin) || { echo "Redis is not installed; run: .ci/redis.sh install (as root)" >&2; exit 1; }
  dir=$(mktemp -d "${TMPDIR:-/tmp}/patinox-redis.XXXXXX")
  for attempt in 1 2 3 4 5; do
    port=$(free_port)
    if "$bin" --port "$port" --bind 127.0.0.1 --save '' --appendonly no --daemonize yes \
        --dir "$dir" --pidfile "$dir/redis.pid" --logfile "$dir/server.log" >"$dir/start.log" 2>&1; then
      for tries in $(seq 1 100); do
        if redis-cli -h 127.0.0.1 -p "$port" ping 2>/dev/null | grep -q PONG; then
          break 2
        fi
        sleep 0.1
      done
    fi
    port=""
  done
  if [ -z "$port" ]; then
    cat "$dir/start.log" "$dir/server.log" >&2 2>/dev/null || :
    rm -rf "$dir"
    exit 1
  fi
  cat <<ENV
export PATINOX_REDIS_URL='redis://127.0.0.1:$port'
export PATINOX_REDIS_SERVER='$bin'
export PATINOX_REDIS_DIR='$dir'
ENV
}

stop_server() {
  local dir="$1" pid
  [ -n "$dir" ] && [ -d "$dir" ] || return 0
  if [ -f "$dir/redis.pid" ]; then
    pid=$(cat "$dir/redis.pid")
    kill "$pid" 2>/dev/null || :
    for _ in $(seq 1 100); do
      kill -0 "$pid" 2>/dev/null || break
      sleep 0.1
    done
    kill -9 "$pid" 2>/dev/null || :
  fi
  rm -rf "$dir"
}

case "${1:-}" in
  install)
    install_server
    ;;
  start)
    start_server
    ;;
  stop)
    stop_server "${2:?usage: $0 stop DIR}"
    ;;
  run)
    shift
    [ $# -gt 0 ] || { echo "usage: $0 run CMD [ARG...]" >&2; exit 2; }
    env_lines=$(start_server)
    eval "$env_lines"
    trap 'stop_server "$PATINOX_REDIS_DIR"' EXIT
    trap 'exit 130' INT
    trap 'exit 143' TERM
    echo "Redis for the tests: $PATINOX_REDIS_URL (files in $PATINOX_REDIS_DIR)"
    status=0
    "$@" || status=$?
    exit "$status"
    ;;
  *)
    sed -n '2,14p' "$0" | sed 's/^# \{0,1\}//'
    exit 2
    ;;
esac
