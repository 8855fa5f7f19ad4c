#!/usr/bin/env bash
# A throwaway PostgreSQL cluster for the tests marked `postgres` (issue 7).
#
# Source it, then call `pg_start` (exports INNERCIRCLE_TEST_PG_URL) and `pg_stop` (in a trap).
# Run by hand for local work:  source .ci/postgres.sh && pg_start && echo "$INNERCIRCLE_TEST_PG_URL"
#
# Debian's postgresql is installed when its binaries are missing; the server runs as a non-root user
# (the `postgres` account when we are root), listens on 127.0.0.1 on a free port, trusts local
# connections, and lives in a temporary directory removed by pg_stop.

pg_bindir() {
    # Debian keeps the server binaries out of PATH: /usr/lib/postgresql/<major>/bin
    local d
    for d in $(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V -r); do
        if [ -x "$d/initdb" ] && [ -x "$d/pg_ctl" ]; then
            echo "$d"
            return 0
        fi
    done
    return 1
}

pg_install() {
    if pg_bindir >/dev/null; then
        return 0
    fi
    local sudo=""
    if [ "$(id -u)" != 0 ]; then sudo="sudo"; fi
    echo "ci: installing Debian's postgresql" >&2
    $sudo apt-get update -qq
    DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq postgresql >/dev/null
    pg_bindir >/dev/null
}

# Run a command as the cluster's owner: never root (postgres refuses to run as root).
pg_as_owner() {
    if [ "$(id -u)" = 0 ]; then
        runuser -u "$PG_OWNER" -- "$@"
    else
        "$@"
    fi
}

pg_free_port() {
    python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1]); s.close()'
}

pg_start() {
    pg_install
    local bin
    bin="$(pg_bindir)"
    PG_OWNER="$(id -un)"
    if [ "$(id -u)" = 0 ]; then
        PG_OWNER=postgres
        id "$PG_OWNER" >/dev/null 2>&1 || useradd --system --no-create-home "$PG_OWNER"
    fi
    PG_TMP="$(mktemp -d /tmp/innercircle-pg.XXXXXX)"
    chmod 755 "$PG_TMP"
    if [ "$(id -u)" = 0 ]; then chown "$PG_OWNER" "$PG_TMP"; fi
    PG_PORT="$(pg_free_port)"
    export PG_OWNER PG_TMP PG_PORT PG_BIN="$bin"
    pg_as_owner "$bin/initdb" -D "$PG_TMP/data" -U innercircle --auth=trust -E UTF8 --locale=C.UTF-8 >"$PG_TMP/initdb.log" 2>&1 \
        || { cat "$PG_TMP/initdb.log" >&2; return 1; }
    # fsync off: a throwaway cluster for tests, speed matters more than durability here
    pg_as_owner "$bin/pg_ctl" -D "$PG_TMP/data" -l "$PG_TMP/server.log" -w -t 60 \
        -o "-h 127.0.0.1 -p $PG_PORT -k $PG_TMP -c fsync=off -c synchronous_commit=off -c full_page_writes=off -c max_connections=200" \
        start >/dev/null || { cat "$PG_TMP/server.log" >&2; return 1; }
    "$bin/createdb" -h 127.0.0.1 -p "$PG_PORT" -U innercircle innercircle_test
    export INNERCIRCLE_TEST_PG_URL="postgresql+psycopg://innercircle@127.0.0.1:$PG_PORT/innercircle_test"
    echo "ci: PostgreSQL $("$bin/postgres" --version | awk '{print $3}') on 127.0.0.1:$PG_PORT" >&2
}

pg_stop() {
    if [ -n "${PG_TMP:-}" ] && [ -d "$PG_TMP/data" ]; then
        pg_as_owner "$PG_BIN/pg_ctl" -D "$PG_TMP/data" -m immediate -w stop >/dev/null 2>&1 || true
        rm -rf "$PG_TMP"
    fi
}
