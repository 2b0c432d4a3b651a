#!/usr/bin/env bash
# PostgreSQL and Redis for the multi-instance tests, private to this run and on loopback only.
#
#   scripts/ci-services.sh start   install Debian postgresql/redis-server if missing (needs root),
#                                  start a private PostgreSQL cluster and a Redis, write ENV_FILE
#   scripts/ci-services.sh stop    stop both and remove their state
#   scripts/ci-services.sh env     print ENV_FILE's path
#
# ENV_FILE (default $STATE_DIR/env) exports SVETOFOR_TEST_DATABASE_URL and SVETOFOR_TEST_REDIS_URL
# for the test run to source. The caller stops the services with a trap:
#   scripts/ci-services.sh start; trap 'scripts/ci-services.sh stop' EXIT; . "$(scripts/ci-services.sh env)"
#
# The machine's own PostgreSQL cluster, if any, is left alone: ours is initdb'd in STATE_DIR and
# started with pg_ctl on a free port. Starting again while ours run reuses them; a port taken by
# something else is skipped. Durability settings are relaxed (no fsync): the data is throw-away
# and a crash of PostgreSQL itself is not what the tests exercise.
set -euo pipefail

ROOT="$(cd "$(dirname "$0")/.." && pwd)"
# One state dir per checkout: two checkouts testing on one machine do not stop each other's.
STATE_DIR="${SVETOFOR_SERVICES_DIR:-${TMPDIR:-/tmp}/svetofor-services-$(echo "$ROOT" | md5sum | cut -c1-8)}"
ENV_FILE="${SVETOFOR_SERVICES_ENV:-$STATE_DIR/env}"
PG_DIR="$STATE_DIR/pg"
PG_DATA="$PG_DIR/data"
PG_DB=svetofor_test
PG_USER=svetofor

log() { echo "ci-services: $*" >&2; }

free_port() {
  python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'
}

pg_bin() {
  local dir
  dir=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1)
  [ -n "$dir" ] || { log "no PostgreSQL binaries in /usr/lib/postgresql/*/bin"; exit 1; }
  echo "$dir"
}

# initdb and postgres refuse to run as root: as root the cluster belongs to the postgres user.
as_pg() {
  if [ "$(id -u)" -eq 0 ]; then
    runuser -u postgres -- "$@"
  else
    "$@"
  fi
}

install_missing() {
  local needed=()
  ls /usr/lib/postgresql/*/bin/initdb >/dev/null 2>&1 || needed+=(postgresql)
  command -v redis-server >/dev/null 2>&1 || needed+=(redis-server)
  command -v redis-cli >/dev/null 2>&1 || needed+=(redis-tools)
  [ "${#needed[@]}" -eq 0 ] && return
  if [ "$(id -u)" -ne 0 ]; then
    log "need root to install: ${needed[*]} (apt-get install -y ${needed[*]})"
    exit 1
  fi
  log "installing ${needed[*]}"
  apt-get update -qq
  # Debian's packages would start system-wide services (a cluster on 5432, redis on 6379);
  # the tests use private ones, so invoke-rc.d is told not to start anything during the install.
  local policy=/usr/sbin/policy-rc.d own_policy=0
  if [ ! -e "$policy" ]; then
    printf '#!/bin/sh\nexit 101\n' >"$policy"
    chmod +x "$policy"
    own_policy=1
  fi
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${needed[@]}" >/dev/null || {
    [ "$own_policy" -eq 0 ] || rm -f "$policy"
    exit 1
  }
  [ "$own_policy" -eq 0 ] || rm -f "$policy"
}

pg_running() {
  [ -f "$PG_DIR/port" ] && as_pg "$(pg_bin)/pg_ctl" -D "$PG_DATA" status >/dev/null 2>&1 &&
    "$(pg_bin)/pg_isready" -q -h 127.0.0.1 -p "$(cat "$PG_DIR/port")"
}

start_pg() {
  local bin port
  bin=$(pg_bin)
  if pg_running; then
    log "PostgreSQL already running on 127.0.0.1:$(cat "$PG_DIR/port")"
    return
  fi
  mkdir -p "$PG_DIR"
  if [ "$(id -u)" -eq 0 ]; then
    chown postgres: "$PG_DIR"
    chmod 700 "$PG_DIR"
  fi
  if [ ! -f "$PG_DATA/PG_VERSION" ]; then
    rm -rf "$PG_DATA"
    # trust on loopback only: the cluster listens on 127.0.0.1 and a socket in PG_DIR (0700)
    as_pg "$bin/initdb" -D "$PG_DATA" -U "$PG_USER" -A trust -E UTF8 --no-sync >"$PG_DIR/initdb.log" 2>&1 ||
      { cat "$PG_DIR/initdb.log" >&2; exit 1; }
  fi
  as_pg "$bin/pg_ctl" -D "$PG_DATA" stop -m fast >/dev/null 2>&1 || true # a stale half-started one
  for _ in 1 2 3 4 5; do
    port=$(free_port)
    if as_pg "$bin/pg_ctl" -D "$PG_DATA" -l "$PG_DIR/server.log" -w -t 60 start -o \
      "-p $port -c listen_addresses=127.0.0.1 -k $PG_DIR -c fsync=off -c synchronous_commit=off -c full_page_writes=off" \
      >/dev/null; then
      echo "$port" >"$PG_DIR/port"
      break
    fi
    log "PostgreSQL did not start on port $port, trying another"
    port=""
  done
  [ -n "$port" ] || { tail -n 20 "$PG_DIR/server.log" >&2; exit 1; }
  "$bin/psql" -q -h 127.0.0.1 -p "$port" -U "$PG_USER" -d postgres -tAc \
    "SELECT 1 FROM pg_database WHERE datname = '$PG_DB'" | grep -q 1 ||
    "$bin/createdb" -h 127.0.0.1 -p "$port" -U "$PG_USER" "$PG_DB"
  log "PostgreSQL on 127.0.0.1:$port (data in $PG_DATA)"
}

redis_running() {
  [ -f "$STATE_DIR/redis.port" ] && redis-cli -h 127.0.0.1 -p "$(cat "$STATE_DIR/redis.port")" ping 2>/dev/null |
    grep -q PONG
}

start_redis() {
  local port
  if redis_running; then
    log "Redis already running on 127.0.0.1:$(cat "$STATE_DIR/redis.port")"
    return
  fi
  for _ in 1 2 3 4 5; do
    port=$(free_port)
    # no RDB snapshots or AOF: a job queue for tests, nothing to keep
    if redis-server --port "$port" --bind 127.0.0.1 --save '' --appendonly no --daemonize yes \
      --dir "$STATE_DIR" --pidfile "$STATE_DIR/redis.pid" --logfile "$STATE_DIR/redis.log"; then
      for _ in $(seq 50); do
        redis-cli -h 127.0.0.1 -p "$port" ping 2>/dev/null | grep -q PONG && break
        sleep 0.1
      done
      echo "$port" >"$STATE_DIR/redis.port"
      redis_running && break
    fi
    log "Redis did not start on port $port, trying another"
    port=""
  done
  [ -n "$port" ] || { tail -n 20 "$STATE_DIR/redis.log" >&2; exit 1; }
  log "Redis on 127.0.0.1:$port"
}

start() {
  install_missing
  mkdir -p "$STATE_DIR" "$(dirname "$ENV_FILE")"
  chmod 755 "$STATE_DIR"
  start_pg
  start_redis
  {
    echo "export SVETOFOR_TEST_DATABASE_URL=postgresql+psycopg://$PG_USER@127.0.0.1:$(cat "$PG_DIR/port")/$PG_DB"
    echo "export SVETOFOR_TEST_REDIS_URL=redis://127.0.0.1:$(cat "$STATE_DIR/redis.port")/0"
  } >"$ENV_FILE"
}

stop() {
  if [ -f "$STATE_DIR/redis.port" ]; then
    redis-cli -h 127.0.0.1 -p "$(cat "$STATE_DIR/redis.port")" shutdown nosave >/dev/null 2>&1 || true
  fi
  if [ -f "$PG_DATA/PG_VERSION" ]; then
    as_pg "$(pg_bin)/pg_ctl" -D "$PG_DATA" stop -m fast >/dev/null 2>&1 || true
  fi
  rm -rf "$STATE_DIR"
  rm -f "$ENV_FILE"
  log "stopped"
}

case "${1:-start}" in
  start) start ;;
  stop) stop ;;
  env) echo "$ENV_FILE" ;;
  *)
    echo "usage: $0 [start|stop|env]" >&2
    exit 2
    ;;
esac
