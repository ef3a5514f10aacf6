#!/bin/sh
# House rules no compiler checks (STYLE.md, DESIGN.md "Architecture"): the
# include graph follows the layers, SQL is never formatted and runs only in
# src/db/ and the model, files and functions stay short, pages neither free()
# nor look at req->api, scoping uses indexes, Markdown stays in safe mode,
# and template URLs go through |href or |url. The checks live in lint.py
# beside this script; this only runs them.
#
# Usage: scripts/lint.sh [ROOT]   lint the tree at ROOT (default: this one).
# Prints "lint: RULE: FILE:LINE: message" per violation; known violations
# listed in ROOT/scripts/lint-allow.txt are printed as "allowed" and do not
# fail, but a stale entry does. Exits non-zero on any failure. Changes no
# file.
set -u
here=$(cd "$(dirname "$0")" && pwd)
root=${1:-$here/..}
[ -d "$root" ] || { echo "lint: no such directory: $root" >&2; exit 2; }
exec /usr/bin/python3 "$here/lint.py" "$root"
