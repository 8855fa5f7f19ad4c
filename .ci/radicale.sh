#!/usr/bin/env bash
# A throwaway Radicale (CardDAV + CalDAV) server for the DAV sync tests (issue 14).
#
# Source it, then call `dav_start` (exports INNERCIRCLE_TEST_DAV_URL, _USER and _PASSWORD) and `dav_stop`
# (in a trap). By hand:  source .ci/radicale.sh && dav_start && echo "$INNERCIRCLE_TEST_DAV_URL"
#
# Debian's radicale is installed when missing. The server listens on 127.0.0.1 on a free port with
# htpasswd authentication (plain: Debian's radicale has no bcrypt without extra packages, and the
# password is a throwaway one), keeps its collections in a temporary directory, and dav_stop ends it
# and removes that directory.

dav_install() {
    if command -v radicale >/dev/null 2>&1; then
        return 0
    fi
    local sudo=""
    if [ "$(id -u)" != 0 ]; then sudo="sudo"; fi
    echo "ci: installing Debian's radicale" >&2
    $sudo apt-get update -qq
    DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq radicale >/dev/null
    command -v radicale >/dev/null
}

dav_free_port() {
    python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1]); s.close()'
}

dav_start() {
    dav_install
    DAV_TMP="$(mktemp -d /tmp/innercircle-dav.XXXXXX)"
    DAV_PORT="$(dav_free_port)"
    local user=innercircle-test password
    password="$(python3 -c 'import secrets; print(secrets.token_urlsafe(18))')"
    printf '%s:%s\n' "$user" "$password" >"$DAV_TMP/users"
    cat >"$DAV_TMP/config" <<EOF
[server]
hosts = 127.0.0.1:$DAV_PORT
[auth]
type = htpasswd
htpasswd_filename = $DAV_TMP/users
htpasswd_encryption = plain
delay = 0
[rights]
type = owner_only
[storage]
filesystem_folder = $DAV_TMP/collections
[logging]
level = warning
EOF
    radicale --config "$DAV_TMP/config" >"$DAV_TMP/server.log" 2>&1 &
    DAV_PID=$!
    export DAV_TMP DAV_PORT DAV_PID
    local i
    for i in $(seq 1 100); do
        if python3 -c "import socket,sys; socket.create_connection(('127.0.0.1', $DAV_PORT), 0.2)" 2>/dev/null; then
            break
        fi
        if ! kill -0 "$DAV_PID" 2>/dev/null; then
            cat "$DAV_TMP/server.log" >&2
            return 1
        fi
        sleep 0.1
    done
    export INNERCIRCLE_TEST_DAV_URL="http://127.0.0.1:$DAV_PORT/"
    export INNERCIRCLE_TEST_DAV_USER="$user"
    export INNERCIRCLE_TEST_DAV_PASSWORD="$password"
    echo "ci: Radicale $(radicale --version) on 127.0.0.1:$DAV_PORT" >&2
}

dav_stop() {
    if [ -n "${DAV_PID:-}" ]; then
        kill "$DAV_PID" 2>/dev/null || true
        wait "$DAV_PID" 2>/dev/null || true
        DAV_PID=""
    fi
    if [ -n "${DAV_TMP:-}" ] && [ -d "$DAV_TMP" ]; then
        rm -rf "$DAV_TMP"
    fi
}
