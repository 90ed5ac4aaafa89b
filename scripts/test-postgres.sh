#!/usr/bin/env bash
# A throwaway PostgreSQL server for claimgraph's tests: a cluster in a temporary folder,
# listening on 127.0.0.1 only, trusted logins, no durability (fsync off): for tests, never data.
#
#   scripts/test-postgres.sh install      install Debian's postgresql when no server is found
#                                         (apt-get, non-interactive; root or sudo); else nothing
#   scripts/test-postgres.sh bindir       print the folder holding initdb/pg_ctl, or fail
#   scripts/test-postgres.sh start DIR    create and start a cluster in DIR (made if missing);
#                                         prints its URL as the last line (also in DIR/url)
#   scripts/test-postgres.sh stop DIR     stop it and remove DIR
#   eval "$(scripts/test-postgres.sh env)"  start one in a new temporary folder and export
#                                         CLAIMGRAPH_TEST_POSTGRES_URL (the tests then use it)
#                                         and CLAIMGRAPH_TEST_POSTGRES_DIR (for stop)
#
# The tests (tests/conftest.py) call start/stop once per session; `make test` calls install.
# initdb refuses to run as root: as root, the cluster runs as the `postgres` user (made by the
# package) or else `nobody`, in a folder that user owns.
set -euo pipefail

find_bindir() {
  local candidate
  if [[ -n "${PG_BINDIR:-}" && -x "$PG_BINDIR/initdb" ]]; then echo "$PG_BINDIR"; return 0; fi
  # Debian keeps the server tools out of PATH, one folder per major version: take the newest
  for candidate in $(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -t/ -k5 -V -r); do
    if [[ -x "$candidate/initdb" && -x "$candidate/pg_ctl" ]]; then echo "$candidate"; return 0; fi
  done
  if command -v initdb >/dev/null && command -v pg_ctl >/dev/null; then
    dirname "$(readlink -f "$(command -v initdb)")"; return 0
  fi
  return 1
}

install_server() {
  if find_bindir >/dev/null; then return 0; fi
  local sudo=""
  if [[ $(id -u) -ne 0 ]]; then
    if command -v sudo >/dev/null; then sudo="sudo"; else
      echo "test-postgres: no PostgreSQL server here, and installing it needs root:" \
           "apt-get install postgresql (or set PG_BINDIR)" >&2
      return 1
    fi
  fi
  if ! command -v apt-get >/dev/null; then
    echo "test-postgres: no PostgreSQL server and no apt-get: install PostgreSQL's server" \
         "(initdb, pg_ctl) and set PG_BINDIR to its bin folder" >&2
    return 1
  fi
  echo "test-postgres: installing Debian's postgresql (for the tests' throwaway server)" >&2
  # no 'main' cluster: the tests make their own, and nothing should run at boot
  $sudo mkdir -p /etc/postgresql-common
  if [[ ! -e /etc/postgresql-common/createcluster.conf ]]; then
    echo "create_main_cluster = false" | $sudo tee /etc/postgresql-common/createcluster.conf >/dev/null
  fi
  $sudo env DEBIAN_FRONTEND=noninteractive apt-get update -qq
  $sudo env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends postgresql >/dev/null
  find_bindir >/dev/null
}

# run "$@" as the cluster's owner: ourselves, or an unprivileged user when we are root
as_owner() {
  if [[ $(id -u) -ne 0 ]]; then "$@"; else runuser -u "$OWNER" -- "$@"; fi
}

port_is_free() {
  ! (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null
}

start_cluster() {
  local dir=$1 bindir port tries
  bindir=$(find_bindir) || { echo "test-postgres: no PostgreSQL server found (run: $0 install)" >&2; return 1; }
  mkdir -p "$dir"
  dir=$(cd "$dir" && pwd)
  OWNER=$(id -un)
  if [[ $(id -u) -eq 0 ]]; then
    OWNER=postgres; id -u postgres >/dev/null 2>&1 || OWNER=nobody
    chown "$OWNER" "$dir"
  fi
  as_owner mkdir -p "$dir/socket"
  as_owner "$bindir/initdb" -D "$dir/data" -U claimgraph --auth=trust --encoding=UTF8 --locale=C \
    >"$dir/initdb.log" 2>&1 || { cat "$dir/initdb.log" >&2; return 1; }
  # a random port (several test sessions may share the machine), retried if taken meanwhile
  for tries in 1 2 3 4 5; do
    port=$((20000 + RANDOM % 30000))
    port_is_free "$port" || continue
    if as_owner "$bindir/pg_ctl" -D "$dir/data" -l "$dir/server.log" -w -t 60 \
        -o "-c listen_addresses=127.0.0.1 -p $port -k $dir/socket -c fsync=off \
            -c synchronous_commit=off -c full_page_writes=off -c max_connections=50" \
        start >/dev/null; then
      echo "postgresql://claimgraph@127.0.0.1:$port/postgres" | tee "$dir/url"
      return 0
    fi
  done
  echo "test-postgres: the server did not start; its log:" >&2
  cat "$dir/server.log" >&2 || true
  return 1
}

stop_cluster() {
  local dir=$1 bindir
  bindir=$(find_bindir) || return 0
  if [[ -d "$dir/data" ]]; then
    OWNER=$(stat -c %U "$dir/data")
    as_owner "$bindir/pg_ctl" -D "$dir/data" -m immediate -w stop >/dev/null 2>&1 || true
  fi
  rm -rf "$dir"
}

case "${1:-}" in
  install) install_server ;;
  bindir) find_bindir ;;
  start) [[ $# -eq 2 ]] || { echo "usage: $0 start DIR" >&2; exit 2; }; start_cluster "$2" ;;
  stop) [[ $# -eq 2 ]] || { echo "usage: $0 stop DIR" >&2; exit 2; }; stop_cluster "$2" ;;
  env)
    dir=$(mktemp -d "${TMPDIR:-/tmp}/claimgraph-pg.XXXXXX")
    url=$(start_cluster "$dir" | tail -n 1)
    echo "export CLAIMGRAPH_TEST_POSTGRES_URL=$url CLAIMGRAPH_TEST_POSTGRES_DIR=$dir"
    echo "# stop it with: $0 stop \$CLAIMGRAPH_TEST_POSTGRES_DIR"
    ;;
  *) sed -n '2,16p' "$0" | sed 's/^# \{0,1\}//' >&2; exit 2 ;;
esac
