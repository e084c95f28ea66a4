#!/usr/bin/env bash
# Throwaway PostgreSQL 15 cluster for the storage tests.
#
#   eval "$(scripts/postgres.sh start)"   # starts it (initialising it the first time) and exports
#                                         # COMMITMENTBOT_TEST_POSTGRES for the test run
#   scripts/postgres.sh stop              # stops it (the data directory is kept for the next start)
#   scripts/postgres.sh status
#
# Only the export line goes to stdout, so `eval "$(...)"` is safe; progress goes to stderr.
# Environment: PGPORT (default 55432), COMMITMENTBOT_PGDIR (default /tmp/commitmentbot-pg-$PGPORT).
# initdb and pg_ctl refuse to run as root, so as root every server command runs as user `postgres`.
set -euo pipefail

port="${PGPORT:-55432}"
base="${COMMITMENTBOT_PGDIR:-/tmp/commitmentbot-pg-$port}"
data="$base/data"
database="commitmentbot_test"

log() { echo "postgres.sh: $*" >&2; }

as_server_user() {
  if [ "$(id -u)" -eq 0 ]; then
    # From /: the caller's directory may be one user postgres cannot enter.
    (cd / && runuser -u postgres -- "$@")
  else
    "$@"
  fi
}

is_running() {
  [ -f "$data/PG_VERSION" ] && as_server_user pg_ctl -D "$data" status >/dev/null 2>&1
}

start() {
  if [ ! -f "$data/PG_VERSION" ]; then
    mkdir -p "$base"
    if [ "$(id -u)" -eq 0 ]; then
      chown postgres:postgres "$base"
    fi
    chmod 700 "$base"
    log "initialising a cluster in $data"
    if ! as_server_user initdb -D "$data" -U postgres --auth=trust -E UTF8 --locale=C.UTF-8 >"$base/initdb.log" 2>&1; then
      cat "$base/initdb.log" >&2
      exit 1
    fi
  fi

  if is_running; then
    log "already running on port $port"
  else
    log "starting on 127.0.0.1:$port"
    # fsync=off: a throwaway test cluster trades crash safety for speed.
    if ! as_server_user pg_ctl -D "$data" -l "$base/server.log" -w -t 60 \
      -o "-p $port -k $base -c listen_addresses=127.0.0.1 -c fsync=off -c max_connections=200" start >/dev/null; then
      tail -n 20 "$base/server.log" >&2
      exit 1
    fi
  fi

  local exists
  exists="$(psql -h 127.0.0.1 -p "$port" -U postgres -d postgres -tAc \
    "select 1 from pg_database where datname = '$database'")"
  if [ "$exists" != "1" ]; then
    psql -h 127.0.0.1 -p "$port" -U postgres -d postgres -q -c "create database $database" >&2
    log "created database $database"
  fi

  echo "export COMMITMENTBOT_TEST_POSTGRES='Host=127.0.0.1;Port=$port;Username=postgres;Database=$database;Pooling=true;Timeout=15'"
}

stop() {
  if is_running; then
    as_server_user pg_ctl -D "$data" -m fast -w stop >/dev/null
    log "stopped"
  else
    log "not running"
  fi
}

case "${1:-}" in
  start) start ;;
  stop) stop ;;
  status) if is_running; then log "running on port $port ($data)"; else log "not running"; exit 3; fi ;;
  *) echo "usage: $0 start|stop|status" >&2; exit 2 ;;
esac
