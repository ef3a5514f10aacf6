#!/bin/sh
# Runs every test: the C unit tests in $UNIT_DIR, the HTTP tests in
# tests/http/ and the browser suite in tests/e2e/ against the real $KLIKD.
# Each test prints "ok ..." or "fail ..."; this prints them and a closing
# "N passed, N failed" line, and exits non-zero if anything failed or a
# test program crashed.
set -u
cd "$(dirname "$0")/.."
: "${KLIKD:=build/klikd}" "${UNIT_DIR:=build/tests}" "${PYTHON:=python3}"
export KLIKD SEEDS_DIR=seeds
out=$(mktemp)
trap 'rm -f "$out"' EXIT
crashed=0

run() { # a test program; its lines go to the log
    "$@" >"$out.one" 2>&1
    rc=$?
    cat "$out.one"
    cat "$out.one" >>"$out"
    if [ $rc -ne 0 ] && ! grep -q '^fail ' "$out.one"; then
        echo "fail $*: exited with status $rc"
        echo "fail $*: exited with status $rc" >>"$out"
    fi
    rm -f "$out.one"
}

if scripts/lint.sh >"$out.lint" 2>&1; then
    echo "ok lint: house rules" | tee -a "$out"
else
    sed 's/^/#   /' "$out.lint"
    echo "fail lint: house rules" | tee -a "$out"
fi
rm -f "$out.lint"

# The lint self-test: bad fixtures are refused, the real tree passes.
run tests/lint/run.sh

for t in "$UNIT_DIR"/test_*; do
    [ -x "$t" ] && run "$t"
done
for t in tests/http/test_*.py; do
    [ -f "$t" ] && run "$PYTHON" "$t"
done
# The browser suite: the real $KLIKD driven by Debian's chromium (what it
# needs, `scripts/deps.sh test` installs).
run "${NODE:-node}" tests/openapi/validate.mjs # the OpenAPI document against the routes
if [ -f tests/e2e/run.mjs ]; then
    run "${NODE:-node}" tests/e2e/run.mjs
fi

passed=$(grep -c '^ok ' "$out")
failed=$(grep -c '^fail ' "$out")
echo "$passed passed, $failed failed"
[ "$failed" -eq 0 ] && [ "$passed" -gt 0 ]
