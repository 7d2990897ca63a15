#!/usr/bin/env bash
# A throwaway PostgreSQL server for the tests: Debian's package (installed when missing), a cluster
# in a temporary folder on a free port of 127.0.0.1, stopped and deleted when the calling shell
# exits. Sourced by test.sh; afterwards CX_TEST_POSTGRES_URL points at its `postgres` database
# (tests create a database of their own in it).
#
#   source scripts/postgres.sh && pg_start
#
# PostgreSQL refuses to run as root: as root the cluster belongs to the `postgres` user that the
# package creates; otherwise to the current user. Trust authentication, on 127.0.0.1 only.

# setup.sh defines it when sourced first; on its own this script needs it too.
declare -F need_sudo >/dev/null || need_sudo() { if [ "$(id -u)" -eq 0 ]; then "$@"; else sudo "$@"; fi; }

pg_bin() {
  local v
  v=$(ls /usr/lib/postgresql 2>/dev/null | sort -n | tail -1)
  [ -n "$v" ] && echo "/usr/lib/postgresql/$v/bin"
}

pg_as_owner() {
  if [ "$(id -u)" -eq 0 ]; then
    su postgres -s /bin/bash -c "$*"
  else
    bash -c "$*"
  fi
}

pg_free_port() {
  local port
  for port in $(seq 55432 55532); do
    if ! (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null; then
      echo "$port"
      return 0
    fi
  done
  echo "postgres.sh: no free port in 55432-55532" >&2
  return 1
}

pg_start() {
  if [ -z "$(pg_bin)" ]; then
    echo "setup: installing postgresql"
    need_sudo apt-get update -qq
    DEBIAN_FRONTEND=noninteractive need_sudo apt-get install -y -qq --no-install-recommends postgresql >/dev/null
  fi
  local bin port
  bin=$(pg_bin)
  port=$(pg_free_port)
  PG_DIR=$(mktemp -d /tmp/cx-postgres.XXXXXX)
  chmod 755 "$PG_DIR"
  [ "$(id -u)" -eq 0 ] && chown postgres "$PG_DIR"
  pg_as_owner "'$bin/initdb' -D '$PG_DIR/data' -A trust -U cx >/dev/null &&
    '$bin/pg_ctl' -D '$PG_DIR/data' -o \"-k $PG_DIR -p $port -c listen_addresses=127.0.0.1 -c max_connections=300 -c fsync=off\" -l '$PG_DIR/log' -w start >/dev/null" || {
    echo "postgres.sh: the server did not start; its log:" >&2
    cat "$PG_DIR/log" >&2 2>/dev/null
    return 1
  }
  trap pg_stop EXIT
  export CX_TEST_POSTGRES_URL="postgres://cx@127.0.0.1:$port/postgres"
  echo "postgres.sh: PostgreSQL $(basename "$(dirname "$bin")") at $CX_TEST_POSTGRES_URL"
}

pg_stop() {
  [ -n "${PG_DIR:-}" ] && [ -d "$PG_DIR" ] || return 0
  pg_as_owner "'$(pg_bin)/pg_ctl' -D '$PG_DIR/data' -m fast stop >/dev/null" || true
  rm -rf "$PG_DIR"
  unset PG_DIR
}
