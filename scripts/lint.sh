#!/bin/sh
# House rules no compiler checks (STYLE.md): SQL is never built from
# formatted values, statements outside src/db/ go through its helpers,
# Markdown is rendered in safe mode, and templates never emit raw HTML
# except Markdown fields ending in _html. Exits non-zero on a violation.
set -u
cd "$(dirname "$0")/.."
bad=0
report() { echo "lint: $1"; echo "$2" | sed 's/^/  /'; bad=1; }

hits=$(grep -rnE 'sqlite3_(mprintf|vmprintf|exec|prepare)' src | grep -v '^src/db/')
[ -n "$hits" ] && report "SQLite called outside src/db/ (use the db_ helpers)" "$hits"

hits=$(grep -rnE '(printf|snprintf|asprintf)\([^;]*"[^"]*\b(SELECT|INSERT|UPDATE|DELETE|WHERE)\b' src)
[ -n "$hits" ] && report "SQL text built with a printf-style function" "$hits"

hits=$(grep -rn 'CMARK_OPT_UNSAFE' src)
[ -n "$hits" ] && report "cmark's unsafe mode" "$hits"

hits=$(grep -rnoE '\{\{\{[^}]*\}\}\}' templates | grep -v '_html}}}')
[ -n "$hits" ] && report "raw template output that is not a *_html field" "$hits"

hits=$(grep -rnE '\bexit\(' src | grep -v '^src/main.c')
[ -n "$hits" ] && report "exit() outside main.c" "$hits"

hits=$(find src include -name '*.[ch]' | xargs wc -l | awk '$2 != "total" && $1 > 700 {print $2": "$1" lines"}')
[ -n "$hits" ] && report "source files past 700 lines" "$hits"

[ $bad -eq 0 ] && echo "lint: ok"
exit $bad
