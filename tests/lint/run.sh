#!/bin/sh
# Self-test of scripts/lint.sh: lints a small clean tree (tests/lint/good/,
# plus an 80-line function and a 600-line file made here, the limits
# themselves), which must pass, then that tree with each bad fixture of
# tests/lint/bad/<case>/ laid over it (and a generated 81-line function and
# 601-line file), each of which must be refused with the expected rule, file
# and line. Also checks the allow-list (an allowed pair passes, a stale one
# fails) and that the real tree lints the same with and without the root
# argument, and passes. Prints one "ok"/"fail" line per check. Works in a
# scratch directory and changes nothing in the tree.
set -u
cd "$(dirname "$0")/../.."
lint=scripts/lint.sh
scratch=$(mktemp -d)
trap 'rm -rf "$scratch"' EXIT
status=0

# function_of N FILE NAME: writes a C file whose function NAME spans N lines,
# brace to brace.
function_of() {
    { echo "/* A generated function of $1 lines. */"
      echo "int $3(void)"
      echo "{"
      i=2; while [ "$i" -lt "$1" ]; do echo "    ;"; i=$((i + 1)); done
      echo "}"; } >"$2"
}

# file_of N FILE: writes a C file of exactly N lines.
file_of() {
    { echo "/* A generated file of $1 lines. */"
      i=1; while [ "$i" -lt "$1" ]; do echo "/* line */"; i=$((i + 1)); done; } >"$2"
}

# tree NAME: a fresh copy of the clean tree in $scratch/NAME; prints its path.
tree() {
    t=$scratch/$1
    mkdir -p "$t/src/util" "$t/scripts"
    cp -R tests/lint/good/. "$t/"
    function_of 80 "$t/src/util/edge.c" at_the_limit
    file_of 600 "$t/src/util/full.c"
    echo "$t"
}

# expect NAME WANT-STATUS TREE PATTERN...: lints TREE; ok when the exit
# status is WANT-STATUS (0, or 1 for "refused") and every PATTERN is a line
# prefix of the output.
expect() {
    name=$1 want=$2 t=$3
    shift 3
    out=$("$lint" "$t" 2>&1)
    rc=$?
    why=""
    if [ "$want" -eq 0 ] && [ "$rc" -ne 0 ]; then why="exit status $rc, want 0"; fi
    if [ "$want" -ne 0 ] && [ "$rc" -eq 0 ]; then why="exit status 0, want refusal"; fi
    for p in "$@"; do
        printf '%s\n' "$out" | grep -qF -- "lint: $p" || why="$why; no line 'lint: $p'"
    done
    if [ -n "$why" ]; then
        printf '%s\n' "$out" | sed 's/^/#   /'
        echo "# $why"
        echo "fail lint self-test: $name"
        status=1
    else
        echo "ok lint self-test: $name"
    fi
}

expect "clean tree passes, limits included" 0 "$(tree clean)" "ok"

for c in page-sql model-printf model-http header-layer unknown-header template-url page-free; do
    t=$(tree "$c")
    cp -R "tests/lint/bad/$c/." "$t/"
done
expect "page including sqlite3.h and running DELETE" 1 "$scratch/page-sql" \
    "sqlite3.h: src/pages/purge.c:2:" "sql-in-pages: src/pages/purge.c:6:" \
    "sqlite3-call: src/pages/purge.c:13:"
expect "model formatting SQL with a multi-line arena_printf" 1 "$scratch/model-printf" \
    "sql-printf: src/model/report.c:10:"
expect "model including http.h" 1 "$scratch/model-http" "layer: src/model/hook.c:2:"
expect "model header (include/model/) including http.h" 1 "$scratch/header-layer" \
    "layer: include/model/extra.h:4:"
expect "header missing from the table" 1 "$scratch/unknown-header" \
    "unknown-header: include/widget.h:1:"
expect "template URL without |href or |url" 1 "$scratch/template-url" \
    "template-url: templates/link.html:3:"
expect "page calling free() and reading req->api" 1 "$scratch/page-free" \
    "free-in-pages: src/pages/drop.c:9:" "req-api-in-pages: src/pages/drop.c:10:"

t=$(tree long-function)
function_of 81 "$t/src/util/long.c" one_too_many
expect "function of 81 lines" 1 "$t" "function-length: src/util/long.c:3: one_too_many: 81 lines"

t=$(tree long-file)
file_of 601 "$t/src/util/big.c"
expect "file of 601 lines" 1 "$t" "file-length: src/util/big.c:601: 601 lines"

t=$(tree allowed)
cp -R tests/lint/bad/page-free/. "$t/"
printf '# known\nfree-in-pages src/pages/drop.c\nreq-api-in-pages src/pages/drop.c\n' \
    >"$t/scripts/lint-allow.txt"
expect "allow-listed violations pass" 0 "$t" "allowed: free-in-pages: src/pages/drop.c:9:" \
    "ok (2 allowed)"

t=$(tree stale)
printf 'layer src/model/gone.c\n' >"$t/scripts/lint-allow.txt"
expect "stale allow-list entry is refused" 1 "$t" \
    "stale-allow: scripts/lint-allow.txt:1: \"layer src/model/gone.c\""

# The real tree: the root argument changes nothing, and the result is a pass.
a=$("$lint" 2>&1); ra=$?
b=$("$lint" "$(pwd)" 2>&1); rb=$?
if [ "$a" = "$b" ] && [ "$ra" -eq "$rb" ] && [ "$ra" -eq 0 ]; then
    echo "ok lint self-test: real tree passes, with or without the root argument"
else
    printf '%s\n' "$a" | grep -v ': allowed: ' | sed 's/^/#   /'
    echo "# exit status $ra without the root, $rb with it"
    echo "fail lint self-test: real tree passes, with or without the root argument"
    status=1
fi
exit $status
