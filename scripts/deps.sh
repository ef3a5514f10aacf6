#!/bin/sh
# Installs the Debian packages klikd needs to build and test, but only those
# that are missing: a no-op on a machine that has them. Usage:
#   scripts/deps.sh build    libraries, compiler and pkg-config
#   scripts/deps.sh test     the above and what the tests use (python3, and
#                            for the browser suite chromium, node and npm,
#                            then `npm ci` in tests/e2e and tests/openapi when
#                            their node_modules is missing or older than the lock)
# The browser is Debian's chromium; nothing here downloads a browser build.
set -eu

what=${1:-build}
missing=""

need_pkgconfig() { # $1 pkg-config module, $2 Debian package
    if ! command -v pkg-config >/dev/null 2>&1 || ! pkg-config --exists "$1"; then
        missing="$missing $2"
    fi
}
need_cmd() { # $1 command, $2 Debian package
    command -v "$1" >/dev/null 2>&1 || missing="$missing $2"
}
need_file() { # $1 file, $2 Debian package
    [ -x "$1" ] || missing="$missing $2"
}
need_pymod() { # $1 module Debian's /usr/bin/python3 imports, $2 Debian package
    [ -x /usr/bin/python3 ] && /usr/bin/python3 -c "import $1" >/dev/null 2>&1 ||
        missing="$missing $2"
}

# Installs $missing with apt-get, as root or through sudo.
install_missing() {
    echo "klikd: installing missing Debian packages:$missing"
    if [ "$(id -u)" -ne 0 ]; then
        if command -v sudo >/dev/null 2>&1; then
            SUDO=sudo
        else
            echo "klikd: run as root: apt-get install -y$missing" >&2
            exit 1
        fi
    else
        SUDO=
    fi
    export DEBIAN_FRONTEND=noninteractive
    $SUDO apt-get update -q
    # shellcheck disable=SC2086
    $SUDO apt-get install -y -q --no-install-recommends $missing
}

# Runs `npm ci` in tests/$1 (e2e, openapi) unless node_modules was
# installed from the lock file as it is now (a copy of the lock is kept
# beside the modules).
npm_modules() {
    dir=$(dirname "$0")/../tests/$1
    if [ -d "$dir/node_modules" ] && cmp -s "$dir/package-lock.json" \
        "$dir/node_modules/.klikd-lock"; then
        return 0
    fi
    echo "klikd: npm ci in tests/$1"
    (cd "$dir" && npm ci --no-audit --no-fund --loglevel=error)
    cp "$dir/package-lock.json" "$dir/node_modules/.klikd-lock"
}

need_cmd cc gcc
need_cmd make make
need_cmd pkg-config pkg-config
need_pkgconfig libmicrohttpd libmicrohttpd-dev
need_pkgconfig sqlite3 libsqlite3-dev
need_pkgconfig jansson libjansson-dev
need_pkgconfig libcmark libcmark-dev
need_pkgconfig openssl libssl-dev
need_pkgconfig libcurl libcurl4-openssl-dev
if [ "$what" = test ]; then
    need_file /usr/bin/python3 python3
    need_pymod vobject python3-vobject
    need_pymod icalendar python3-icalendar
    need_pymod aiosmtpd python3-aiosmtpd
    need_cmd openssl openssl
    need_file /usr/bin/chromium chromium
    need_cmd node nodejs
    need_cmd npm npm
fi

if [ -n "$missing" ]; then
    install_missing
fi
if [ "$what" = test ]; then
    npm_modules e2e
    npm_modules openapi # the OpenAPI validator (@apidevtools/swagger-parser)
fi
