#!/bin/sh
# `make fuzz`: builds the libFuzzer targets in tests/fuzz/ with clang
# (ASan + UBSan) and runs each for FUZZ_SECONDS (default 60), starting
# from the seed documents (fuzz_tpl: from templates/; fuzz_input and
# fuzz_route, the network-facing parsers: from a few queries, forms, JSON
# bodies and paths written here). FUZZ_ONLY=name runs one target.
# Installs clang's fuzzer runtime if missing.
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
# The http targets link every module but main.c: the route table pulls in
# the handlers, and they the model, db and view layers.
http_srcs=$(ls src/*/*.c)
http_libs="$(pkg-config --libs libmicrohttpd sqlite3 jansson libcmark openssl) -lpthread -lm"
srcs="src/import/rollegalleri*.c src/import/klik*.c src/import/document.c src/import/kommuner.c src/import/text.c src/import/limits.c src/util/buf.c src/util/mem.c src/util/str.c src/util/date.c src/view/tpl.c src/view/tpl_render.c src/view/md.c"

for t in tests/fuzz/fuzz_*.c; do
    name=$(basename "$t" .c)
    [ -n "${FUZZ_ONLY:-}" ] && [ "$FUZZ_ONLY" != "$name" ] && continue
    corpus="$out/corpus-$name"
    mkdir -p "$corpus"
    case $name in
    fuzz_input | fuzz_route)
        # shellcheck disable=SC2086
        clang $flags $(pkg-config --cflags libmicrohttpd sqlite3 openssl) "$t" $http_srcs \
            -o "$out/$name" $http_libs ;;
    *)
        # shellcheck disable=SC2086
        clang $flags "$t" $srcs -o "$out/$name" $(pkg-config --libs jansson libcmark) ;;
    esac
    case $name in
    fuzz_tpl) cp templates/*.html "$corpus/" ;;
    fuzz_input) # parser byte (0 query, 1 form, 2 JSON), route byte, text
        n=0
        for s in '\0000\0040limit=10&entity=user' '\0000\0001s=a%20b+c&%ff=%zz&&x' \
            '\0001\0060email=a%40kbh.dk&name=A&type=member&password=x&projects.KY=plus' \
            '\0001\0061name=Ida&active=on&projects.FBS=laeser&csrf_token=abc' \
            '\0002\0060{"email": "a@kbh.dk", "name": "A", "type": "admin", "password": "x"}' \
            '\0002\0045{"role": "projektleder", "person_id": 3, "from": "2024-02-29"}' \
            '\0002\0061{"projects": {"KY": "plus", "FBS": null}, "active": true}'; do
            n=$((n + 1))
            printf '%b' "$s" >"$corpus/seed$n"
        done ;;
    fuzz_route)
        n=0
        for s in / /roller/projektleder /api/v1/users/12 /admin/brugere/ny \
            /projekter/KY/udpegninger/7/slet /api/v1/projects/FBS/appointments/1 \
            /static/klikd.css /nulstil/AbC-_x /konto/sessioner/3/slet /x/a/KY /api/v1/; do
            n=$((n + 1))
            printf '%s' "$s" >"$corpus/seed$n"
        done ;;
    *) cp seeds/* tests/data/* "$corpus/" 2>/dev/null || true ;;
    esac
    echo "fuzz: running $name for ${seconds}s"
    "$out/$name" -max_total_time="$seconds" -max_len=200000 "$corpus"
done
echo "fuzz: no crashes"
