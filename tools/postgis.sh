#!/usr/bin/env bash
# A throwaway PostgreSQL + PostGIS server for the tests (and for trying a shared store locally).
#
#   tools/postgis.sh install   # root on Debian: apt-get install PostgreSQL and PostGIS if missing
#   tools/postgis.sh start     # start it (idempotent); prints the connection URL on stdout
#   tools/postgis.sh url       # the URL of the running server
#   tools/postgis.sh stop      # stop it and delete its data
#
# The server lives in $INCIDENTS_POSTGIS_DIR (default /tmp/incidents-postgis-<uid>), listens on
# a Unix socket there only (no TCP port to clash with), trusts local connections and skips
# fsync: it holds test data, nothing else. PostgreSQL refuses to run as root, so as root it runs
# as the `postgres` user the Debian package creates.
set -euo pipefail

dir="${INCIDENTS_POSTGIS_DIR:-${TMPDIR:-/tmp}/incidents-postgis-$(id -u)}"
data="$dir/data"
socket="$dir/socket"
port="${INCIDENTS_POSTGIS_PORT:-5432}"
database=incidents
say() { echo "[postgis] $*" >&2; }

bindir() {
  local found
  found="$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1)"
  if [[ -n "$found" && -x "$found/pg_ctl" ]]; then
    echo "$found"
  elif command -v pg_ctl >/dev/null; then
    dirname "$(command -v pg_ctl)"
  else
    return 1
  fi
}

has_postgis() {
  local share
  share="$("$(bindir)/pg_config" --sharedir 2>/dev/null)" || return 1
  [[ -f "$share/extension/postgis.control" ]]
}

as_owner() {  # run a server command as the data's owner
  if [[ "$(id -u)" == 0 ]]; then
    runuser -u postgres -- "$@"
  else
    "$@"
  fi
}

url() {
  echo "postgresql://postgres@/$database?host=$socket&port=$port"
}

install() {
  if bindir >/dev/null && has_postgis; then
    return 0
  fi
  if [[ "$(id -u)" != 0 ]] || ! command -v apt-get >/dev/null; then
    say "PostgreSQL with PostGIS is missing. On Debian: sudo apt-get install -y postgresql-postgis"
    exit 1
  fi
  say "installing PostgreSQL and PostGIS with apt-get"
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq
  # PostGIS for Debian's default PostgreSQL; the cluster the packages may create is not used.
  apt-get install -y -qq --no-install-recommends postgresql postgresql-postgis >/dev/null
}

running() {
  [[ -f "$data/PG_VERSION" ]] && as_owner "$(bindir)/pg_ctl" -D "$data" status >/dev/null 2>&1
}

start() {
  local bin
  if ! bin="$(bindir)" || ! has_postgis; then
    say "PostgreSQL with PostGIS is not installed (tools/postgis.sh install, as root on Debian)"
    exit 1
  fi
  if running; then
    url
    return 0
  fi
  rm -rf "$data" "$socket"
  mkdir -p "$data" "$socket"
  if [[ "$(id -u)" == 0 ]]; then
    chown -R postgres: "$dir"
  fi
  as_owner "$bin/initdb" -D "$data" -U postgres --auth=trust --encoding=UTF8 \
    --locale=C.UTF-8 --no-sync >"$dir/initdb.log" 2>&1 || { cat "$dir/initdb.log" >&2; exit 1; }
  as_owner "$bin/pg_ctl" -D "$data" -l "$dir/server.log" -w -t 30 start -o \
    "-c listen_addresses='' -c unix_socket_directories='$socket' -p $port \
     -c fsync=off -c synchronous_commit=off -c full_page_writes=off" >/dev/null \
    || { cat "$dir/server.log" >&2; exit 1; }
  as_owner "$bin/psql" -q -h "$socket" -p "$port" -U postgres -d postgres \
    -c "CREATE DATABASE $database" >/dev/null
  as_owner "$bin/psql" -q -h "$socket" -p "$port" -U postgres -d "$database" \
    -c "CREATE EXTENSION postgis" >/dev/null
  say "running in $dir"
  url
}

stop() {
  if running; then
    as_owner "$(bindir)/pg_ctl" -D "$data" -m fast -w stop >/dev/null
  fi
  rm -rf "$dir"
}

case "${1:-}" in
  install) install ;;
  start) start ;;
  url) running && url || { say "not running"; exit 1; } ;;
  stop) stop ;;
  *) echo "usage: $0 install|start|url|stop" >&2; exit 2 ;;
esac
