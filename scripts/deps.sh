#!/bin/sh
# Installs the Debian packages klikd needs to build and test, but only those
# that are missing: a no-op on a machine that has them. Usage:
#   scripts/deps.sh build    libraries, compiler and pkg-config
#   scripts/deps.sh test     the above and what the tests use (python3)
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

need_cmd cc gcc
need_cmd make make
need_cmd pkg-config pkg-config
need_pkgconfig libmicrohttpd libmicrohttpd-dev
need_pkgconfig sqlite3 libsqlite3-dev
need_pkgconfig jansson libjansson-dev
need_pkgconfig libcmark libcmark-dev
need_pkgconfig openssl libssl-dev
if [ "$what" = test ]; then
    need_cmd python3 python3
    need_cmd openssl openssl
fi

[ -z "$missing" ] && exit 0

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
