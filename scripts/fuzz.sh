#!/bin/sh
# `make fuzz`: builds the libFuzzer targets in tests/fuzz/ with clang
# (ASan + UBSan) and runs each for FUZZ_SECONDS (default 60), starting
# from the seed documents (fuzz_tpl: from templates/). FUZZ_ONLY=name runs
# one target. Installs clang's fuzzer runtime if missing.
set -eu
cd "$(dirname "$0")/.."
seconds=${FUZZ_SECONDS:-60}
out=build/fuzz
mkdir -p "$out"

if ! command -v clang >/dev/null 2>&1 || ! echo 'int LLVMFuzzerTestOneInput(const char*d,unsigned long n){(void)d;(void)n;return 0;}' |
        clang -x c -fsanitize=fuzzer - -o "$out/probe" >/dev/null 2>&1; then
    echo "fuzz: installing clang and its fuzzer runtime"
    apt-get update -q && apt-get install -y -q clang libclang-rt-14-dev
fi
scripts/deps.sh build
flags="-g -O1 -std=c11 -D_GNU_SOURCE -Iinclude -fsanitize=fuzzer,address,undefined $(pkg-config --cflags jansson libcmark)"
srcs="src/import/rollegalleri*.c src/import/klik*.c src/import/document.c src/import/kommuner.c src/import/text.c src/import/limits.c src/util/buf.c src/util/mem.c src/util/str.c src/util/date.c src/view/tpl.c src/view/tpl_render.c src/view/md.c"

for t in tests/fuzz/fuzz_*.c; do
    name=$(basename "$t" .c)
    [ -n "${FUZZ_ONLY:-}" ] && [ "$FUZZ_ONLY" != "$name" ] && continue
    # shellcheck disable=SC2086
    clang $flags "$t" $srcs -o "$out/$name" $(pkg-config --libs jansson libcmark)
    corpus="$out/corpus-$name"
    mkdir -p "$corpus"
    case $name in
    fuzz_tpl) cp templates/*.html "$corpus/" ;;
    *) cp seeds/* tests/data/* "$corpus/" 2>/dev/null || true ;;
    esac
    echo "fuzz: running $name for ${seconds}s"
    "$out/$name" -max_total_time="$seconds" -max_len=200000 "$corpus"
done
echo "fuzz: no crashes"
