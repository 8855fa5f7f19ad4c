#!/usr/bin/env bash
# A throwaway Dovecot IMAP server for the live-sync tests (issue 14).
#
# Source it, then call `dovecot_start` (exports INNERCIRCLE_TEST_IMAP_URL, _PLAIN_URL, _USER, _PASSWORD)
# and `dovecot_stop` (in a trap). By hand:  source .ci/dovecot.sh && dovecot_start && env | grep IMAP
#
# Debian's dovecot-imapd is installed when missing. The server runs entirely as a non-root user (a system
# account `innercircle-imap` when we are root), listens on 127.0.0.1 on two free ports (imaps with a
# self-signed certificate made at start, and imap for STARTTLS/plain), has one passwd-file user whose
# Maildir is built from the real sample mail in ../shared/samples (INBOX: notmuch's default corpus; Sent,
# marked \Sent by SPECIAL-USE: mail-parser's test mails), and lives in a temporary directory that
# dovecot_stop removes.

DOVECOT_SAMPLES="${DOVECOT_SAMPLES:-$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)/shared/samples}"

dovecot_install() {
    if [ -x /usr/sbin/dovecot ] && [ -e /usr/lib/dovecot/imap ]; then
        return 0
    fi
    local sudo=""
    if [ "$(id -u)" != 0 ]; then sudo="sudo"; fi
    echo "ci: installing Debian's dovecot-imapd" >&2
    $sudo apt-get update -qq
    DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq dovecot-imapd openssl >/dev/null
}

dovecot_free_port() {
    python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1]); s.close()'
}

# Copy every mail file under $1 into the Maildir folder $2 (cur/, one file per message).
dovecot_fill() {
    local src="$1" dest="$2" n=0 f
    mkdir -p "$dest/cur" "$dest/new" "$dest/tmp"
    [ -d "$src" ] || return 0
    while IFS= read -r -d '' f; do
        n=$((n + 1))
        cp "$f" "$dest/cur/$(date +%s).$n.innercircle:2,S"
    done < <(find "$src" -type f ! -name '.*' -print0 | sort -z)
}

dovecot_start() {
    dovecot_install
    DOVECOT_OWNER="$(id -un)"
    if [ "$(id -u)" = 0 ]; then
        DOVECOT_OWNER=innercircle-imap
        id "$DOVECOT_OWNER" >/dev/null 2>&1 || useradd --system --no-create-home --shell /usr/sbin/nologin "$DOVECOT_OWNER"
    fi
    local uid gid group
    uid="$(id -u "$DOVECOT_OWNER")"
    gid="$(id -g "$DOVECOT_OWNER")"
    group="$(id -gn "$DOVECOT_OWNER")"
    DOVECOT_TMP="$(mktemp -d /tmp/innercircle-imap.XXXXXX)"
    chmod 755 "$DOVECOT_TMP"
    DOVECOT_PORT="$(dovecot_free_port)"
    DOVECOT_PLAIN_PORT="$(dovecot_free_port)"
    local user=ada@example.test password
    password="test-$(od -An -N8 -tx1 /dev/urandom | tr -d ' \n')"
    export DOVECOT_OWNER DOVECOT_TMP DOVECOT_PORT DOVECOT_PLAIN_PORT

    mkdir -p "$DOVECOT_TMP/run" "$DOVECOT_TMP/state" "$DOVECOT_TMP/home/ada"
    openssl req -x509 -newkey rsa:2048 -nodes -days 2 -subj "/CN=127.0.0.1" \
        -keyout "$DOVECOT_TMP/key.pem" -out "$DOVECOT_TMP/cert.pem" >/dev/null 2>&1
    dovecot_fill "$DOVECOT_SAMPLES/notmuch/test/corpora/default" "$DOVECOT_TMP/home/ada/Maildir"
    dovecot_fill "$DOVECOT_SAMPLES/mail-parser/tests/mails" "$DOVECOT_TMP/home/ada/Maildir/.Sent"
    echo "$user:{PLAIN}$password:$uid:$gid::$DOVECOT_TMP/home/ada::" >"$DOVECOT_TMP/passwd"
    cat >"$DOVECOT_TMP/dovecot.conf" <<EOF
protocols = imap
listen = 127.0.0.1
base_dir = $DOVECOT_TMP/run
state_dir = $DOVECOT_TMP/state
instance_name = innercircle-imap-$DOVECOT_PORT
default_internal_user = $DOVECOT_OWNER
default_internal_group = $group
default_login_user = $DOVECOT_OWNER
first_valid_uid = $uid
last_valid_uid = $uid
log_path = $DOVECOT_TMP/dovecot.log
ssl = yes
ssl_cert = <$DOVECOT_TMP/cert.pem
ssl_key = <$DOVECOT_TMP/key.pem
disable_plaintext_auth = no
auth_mechanisms = plain login
mail_location = maildir:~/Maildir
namespace inbox {
  inbox = yes
  separator = /
  mailbox Sent {
    special_use = \\Sent
    auto = subscribe
  }
}
passdb {
  driver = passwd-file
  args = scheme=PLAIN username_format=%u $DOVECOT_TMP/passwd
}
userdb {
  driver = passwd-file
  args = username_format=%u $DOVECOT_TMP/passwd
}
service imap-login {
  chroot =
  inet_listener imap {
    address = 127.0.0.1
    port = $DOVECOT_PLAIN_PORT
  }
  inet_listener imaps {
    address = 127.0.0.1
    port = $DOVECOT_PORT
    ssl = yes
  }
}
service anvil {
  chroot =
}
service auth {
  user = $DOVECOT_OWNER
}
service auth-worker {
  user = $DOVECOT_OWNER
}
service imap {
  process_limit = 64
}
EOF
    chown -R "$DOVECOT_OWNER" "$DOVECOT_TMP"
    # the daemon keeps no inherited descriptor: a caller reading our output through a pipe is not held open
    dovecot_as_owner /usr/sbin/dovecot -c "$DOVECOT_TMP/dovecot.conf" </dev/null >/dev/null 2>&1 \
        || { cat "$DOVECOT_TMP/dovecot.log" >&2 2>/dev/null; return 1; }
    local i
    for i in $(seq 1 50); do
        if python3 -c "import socket,sys; socket.create_connection(('127.0.0.1', $DOVECOT_PORT), 1).close()" 2>/dev/null; then
            break
        fi
        sleep 0.1
    done
    export INNERCIRCLE_TEST_IMAP_URL="imaps://127.0.0.1:$DOVECOT_PORT"
    export INNERCIRCLE_TEST_IMAP_PLAIN_URL="imap://127.0.0.1:$DOVECOT_PLAIN_PORT"
    export INNERCIRCLE_TEST_IMAP_USER="$user"
    export INNERCIRCLE_TEST_IMAP_PASSWORD="$password"
    echo "ci: Dovecot $(/usr/sbin/dovecot --version | awk '{print $1}') on 127.0.0.1:$DOVECOT_PORT (imaps), :$DOVECOT_PLAIN_PORT (imap)" >&2
}

dovecot_as_owner() {
    if [ "$(id -u)" = 0 ]; then
        runuser -u "$DOVECOT_OWNER" -- "$@"
    else
        "$@"
    fi
}

dovecot_stop() {
    if [ -n "${DOVECOT_TMP:-}" ] && [ -d "$DOVECOT_TMP" ]; then
        if [ -f "$DOVECOT_TMP/dovecot.conf" ]; then
            dovecot_as_owner /usr/sbin/dovecot -c "$DOVECOT_TMP/dovecot.conf" stop >/dev/null 2>&1 || true
        fi
        rm -rf "$DOVECOT_TMP"
    fi
}
