#!/usr/bin/env bash
# A throwaway PostgreSQL server on 127.0.0.1 for the JDBC plugin's tests, for CI and developers alike.
#
#   .ci/postgres.sh install          install Debian's postgresql package when no server is found (needs root)
#   .ci/postgres.sh run CMD [ARG..]  start a server, run CMD with PATINOX_PG_* exported, stop the server
#   .ci/postgres.sh start            start a server and print the export lines for it (eval them)
#   .ci/postgres.sh stop DIR         stop the server started in DIR (PATINOX_PG_DIR) and delete DIR
#
# The server runs as the 'postgres' user when this runs as root (PostgreSQL refuses root), else as
# the current user. It gets a fresh data directory in a temporary folder (initdb -A trust), listens
# on 127.0.0.1 only, on a free port, with its socket in that folder. Exported for the tests:
#   PATINOX_PG_URL        jdbc:postgresql://127.0.0.1:PORT/postgres
#   PATINOX_PG_USER       postgres (trusted on loopback, no password)
#   PATINOX_PG_SECRET_USER, PATINOX_PG_SECRET_PASSWORD
#                         a role that must log in with a password (scram-sha-256)
#   PATINOX_PG_CTL, PATINOX_PG_DATA, PATINOX_PG_LOG, PATINOX_PG_OS_USER
#                         what a test needs to restart the server: run PATINOX_PG_CTL as
#                         PATINOX_PG_OS_USER (through runuser when the test runs as root)
#   PATINOX_PG_DIR        the temporary folder
set -euo pipefail

pg_bindir() {
  local dir
  if command -v pg_config >/dev/null 2>&1 && [ -x "$(pg_config --bindir 2>/dev/null)/initdb" ]; then
    pg_config --bindir
    return
  fi
  for dir in $(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V -r); do
    if [ -x "$dir/initdb" ] && [ -x "$dir/pg_ctl" ]; then
      echo "$dir"
      return
    fi
  done
  return 1
}

install_server() {
  if pg_bindir >/dev/null; then
    echo "PostgreSQL found in $(pg_bindir)"
    return
  fi
  if [ "$(id -u)" != 0 ]; then
    echo "PostgreSQL is not installed and installing it needs root: apt-get install -y postgresql" >&2
    exit 1
  fi
  echo "Installing PostgreSQL from Debian's packages"
  export DEBIAN_FRONTEND=noninteractive
  apt-get update
  apt-get install -y postgresql
  pg_bindir >/dev/null || { echo "postgresql installed, but no initdb found under /usr/lib/postgresql" >&2; exit 1; }
}

# Runs a command as the server's owner.
as_owner() {
  if [ "$(id -u)" = 0 ]; then
    runuser -u postgres -- "$@"
  else
    "$@"
  fi
}

free_port() {
  local port tries
  for tries in $(seq 1 200); do
    port=$(( 20000 + RANDOM % 30000 ))
    if ! (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null; then
      echo "$port"
      return
    fi
  done
  echo "no free port found on 127.0.0.1" >&2
  return 1
}

start_server() {
  local bin dir port owner secret attempt
  bin=$(pg_bindir) || { echo "PostgreSQL is not installed; run: .ci/postgres.sh install (as root)" >&2; exit 1; }
  owner=$(id -un)
  [ "$(id -u)" != 0 ] || owner=postgres
  dir=$(mktemp -d "${TMPDIR:-/tmp}/patinox-pg.XXXXXX")
  chmod 700 "$dir"
  [ "$(id -u)" != 0 ] || chown postgres:postgres "$dir"
  as_owner "$bin/initdb" -D "$dir/data" -A trust -U postgres -E UTF8 --no-locale >"$dir/initdb.log" 2>&1 \
    || { cat "$dir/initdb.log" >&2; rm -rf "$dir"; exit 1; }
  secret="s3cret-$RANDOM$RANDOM-$RANDOM"
  # The password role first: the trust lines initdb wrote would otherwise admit it without one.
  as_owner sh -c "{ echo 'host all patinox_secret 127.0.0.1/32 scram-sha-256'; cat '$dir/data/pg_hba.conf'; } > '$dir/data/pg_hba.new' && mv '$dir/data/pg_hba.new' '$dir/data/pg_hba.conf'"
  for attempt in 1 2 3 4 5; do
    port=$(free_port)
    as_owner sh -c "cat >> '$dir/data/postgresql.conf'" <<CONF

# .ci/postgres.sh: a throwaway test server, loopback only
listen_addresses = '127.0.0.1'
port = $port
unix_socket_directories = '$dir'
max_connections = 100
fsync = off
synchronous_commit = off
full_page_writes = off
CONF
    if as_owner "$bin/pg_ctl" -D "$dir/data" -l "$dir/server.log" -w -t 60 start >"$dir/pg_ctl.log" 2>&1; then
      break
    fi
    port=""
  done
  if [ -z "$port" ]; then
    cat "$dir/pg_ctl.log" "$dir/server.log" >&2 || :
    rm -rf "$dir"
    exit 1
  fi
  "$bin/psql" -q -h 127.0.0.1 -p "$port" -U postgres -d postgres -v ON_ERROR_STOP=1 \
    -c "SET password_encryption = 'scram-sha-256'; CREATE ROLE patinox_secret LOGIN PASSWORD '$secret'" >/dev/null
  cat <<ENV
export PATINOX_PG_URL='jdbc:postgresql://127.0.0.1:$port/postgres'
export PATINOX_PG_USER='postgres'
export PATINOX_PG_SECRET_USER='patinox_secret'
export PATINOX_PG_SECRET_PASSWORD='$secret'
export PATINOX_PG_CTL='$bin/pg_ctl'
export PATINOX_PG_DATA='$dir/data'
export PATINOX_PG_LOG='$dir/server.log'
export PATINOX_PG_OS_USER='$owner'
export PATINOX_PG_DIR='$dir'
ENV
}

stop_server() {
  local dir="$1" bin
  [ -n "$dir" ] && [ -d "$dir" ] || return 0
  bin=$(pg_bindir) || return 0
  if [ -f "$dir/data/postmaster.pid" ]; then
    as_owner "$bin/pg_ctl" -D "$dir/data" -m fast -w -t 60 stop >/dev/null 2>&1 \
      || as_owner "$bin/pg_ctl" -D "$dir/data" -m immediate -w stop >/dev/null 2>&1 || :
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
    trap 'stop_server "$PATINOX_PG_DIR"' EXIT
    trap 'exit 130' INT
    trap 'exit 143' TERM
    echo "PostgreSQL for the tests: $PATINOX_PG_URL (data in $PATINOX_PG_DATA)"
    status=0
    "$@" || status=$?
    exit "$status"
    ;;
  *)
    sed -n '2,22p' "$0" | sed 's/^# \{0,1\}//'
    exit 2
    ;;
esac
