#!/usr/bin/python3
"""House rules no compiler checks (STYLE.md, DESIGN.md "Architecture"), the
checks behind scripts/lint.sh. Reads the C sources under src/, include/ and
tests/unit/ and the templates/ of one tree, prints one line per violation,
"lint: RULE: FILE:LINE: message", and exits 1 if any is not allowed.

Rules: the include graph follows the layers (main -> http -> pages -> model
-> db; import -> model -> db; http and pages also use auth and view; all
use util), every header in include/ is in LAYER_OF_HEADER, sqlite3.h only in
src/db/*.c, microhttpd.h only in src/http/; no SQL formatted by a
printf-family call; no sqlite3_* outside src/db/ and no SQL statements in
src/pages/ or src/http/; files <= 600 lines, functions <= 80; no free() or
req->api in pages; no "(?N OR " scoping; no CMARK_OPT_UNSAFE; no exit()
outside src/main.c; URLs in templates go through |href or |url.

scripts/lint-allow.txt (one "RULE FILE" pair a line, "#" comments) lists
known violations that do not fail; an allowed pair that no longer occurs is
reported as rule "stale-allow" and fails. This script only reads the tree;
it never changes a file. Standard library only.
"""

import fnmatch
import os
import re
import sys

MAX_FILE_LINES = 600
MAX_FUNCTION_LINES = 80

# Every header of include/ and its layer. A header not listed here (and not
# matched by a pattern) fails the "unknown-header" rule: add new ones here.
LAYER_OF_HEADER = {
    "arena.h": "util",
    "util.h": "util",
    "util/csv.h": "util",   # contact lists: CSV and vCard text
    "auth.h": "auth",
    "authn.h": "http",
    "http.h": "http",
    "cli.h": "main",
    "db.h": "db",
    "import.h": "import",
    "md.h": "view",
    "svg.h": "view",         # the escaping SVG builder
    "mail.h": "mail",        # the mail queue's sender (libcurl SMTP)
    "tpl.h": "view",
    "model.h": "model",      # may remain as an aggregator of model/*.h
    "pages.h": "pages",
    "model/*.h": "model",    # one header per noun
    "pages/*.h": "pages",    # one header per page group
}

# What each layer may include: layer names, or single headers ("view:md.h").
ALLOWED = {
    "main": {"main", "http", "pages", "model", "db", "auth", "view", "import", "mail", "util"},
    "http": {"http", "pages", "model", "db", "auth", "view", "util"},
    "pages": {"pages", "http", "model", "auth", "view", "util"},
    "model": {"model", "db", "util"},
    "db": {"db", "util"},
    "import": {"import", "model", "db", "view:md.h", "util"},
    "view": {"view", "util"},
    "auth": {"auth", "util"},
    "mail": {"mail", "model", "util"},
    "util": {"util"},
}

# System headers and the source directories that alone may include them
# (src/db/'s private header included: include/db.h stays opaque).
SYSTEM_HEADER_HOME = {
    "sqlite3.h": ("src/db/", ""),
    "microhttpd.h": ("src/http/", ""),
}

PRINTF_CALL = re.compile(r"\b(\w*printf)\s*\(")
SQL_WORDS = re.compile(r"\b(SELECT|INSERT|UPDATE|DELETE|WHERE|FROM|JOIN|VALUES)\b")
SQL_LOWER = re.compile(r"\b(select\s.*\bfrom|insert\s+into|update\s+\w+\s+set|delete\s+from)\b",
                       re.I | re.S)
SQL_STATEMENT = re.compile(r"^\s*(SELECT\s+\S|INSERT\s+(OR\s+\w+\s+)?INTO\b|UPDATE\s+\w+\s+SET\b"
                           r"|DELETE\s+FROM\b|REPLACE\s+INTO\b|WITH\s+\w+\s+AS\b)", re.I)
OR_SCOPE = re.compile(r"\(\?\d+ OR ", re.I)
URL_ATTR = re.compile(r"""\b(href|src|action|formaction)\s*=\s*("[^"]*"|'[^']*'|[^\s>"']+)""",
                      re.I)
TAG = re.compile(r"\{\{(\{?)([^}]*)\}?\}\}")


class Source:
    """One C file: its raw lines, and its code with comments and string
    literals blanked (newlines kept, so offsets map to the same lines), and
    its string literals as (offset, joined text) with adjacent literals
    concatenated as the compiler does."""

    def __init__(self, path, text):
        self.path = path
        self.text = text
        self.lines = text.split("\n")
        self.code, self.strings = lex(text)
        self.starts = [0]
        for i, ch in enumerate(text):
            if ch == "\n":
                self.starts.append(i + 1)

    def line_of(self, offset):
        """The 1-based line number of a character offset."""
        lo, hi = 0, len(self.starts) - 1
        while lo < hi:
            mid = (lo + hi + 1) // 2
            if self.starts[mid] <= offset:
                lo = mid
            else:
                hi = mid - 1
        return lo + 1


class Literal:
    """A string literal as the compiler sees it: adjacent literals joined.
    off is the offset of its first quote; text the joined contents; pieces
    map positions in text back to offsets in the file."""

    def __init__(self, off, body):
        self.off = off
        self.text = body
        self.pieces = [(0, off + 1)]

    def add(self, off, body):
        """Appends the next adjacent literal, whose contents start at off."""
        self.pieces.append((len(self.text), off))
        self.text += body

    def offset_of(self, pos):
        """The file offset of position pos of text."""
        at = self.off
        for start, off in self.pieces:
            if start <= pos:
                at = off + (pos - start)
        return at


def lex(text):
    """Returns (code, strings): text with comments, string and character
    literals replaced by spaces, and the list of string literals (Literal,
    adjacent ones joined)."""
    out = list(text)
    strings = []
    i, n = 0, len(text)
    last_end = None  # end offset of the previous literal, for concatenation
    while i < n:
        c = text[i]
        if text.startswith("//", i):
            j = text.find("\n", i)
            j = n if j < 0 else j
        elif text.startswith("/*", i):
            j = text.find("*/", i + 2)
            j = n if j < 0 else j + 2
        elif c in "\"'":
            j = i + 1
            while j < n and text[j] != c and text[j] != "\n":
                j += 2 if text[j] == "\\" else 1
            j = min(j + 1, n)
            if c == '"':
                body = text[i + 1:j - 1]
                if last_end is not None and text[last_end:i].strip() == "" and strings:
                    strings[-1].add(i + 1, body)
                else:
                    strings.append(Literal(i, body))
                last_end = j
        else:
            if not c.isspace():
                last_end = None
            i += 1
            continue
        for k in range(i, j):
            if out[k] != "\n":
                out[k] = " "
        if c in "\"'":
            out[i] = c  # keep a marker so code still shows a literal was here
        i = j
    return "".join(out), strings


class Lint:
    """Collects violations as (rule, path, line, message)."""

    def __init__(self, root):
        self.root = root
        self.found = []

    def add(self, rule, path, line, msg):
        self.found.append((rule, path, line, msg))

    def files(self, dirs, exts):
        """Paths (relative to the root, sorted) of files under dirs ending in exts."""
        out = []
        for d in dirs:
            for base, subdirs, names in os.walk(os.path.join(self.root, d)):
                subdirs.sort()
                for name in names:
                    if name.endswith(exts):
                        out.append(os.path.relpath(os.path.join(base, name), self.root))
        return sorted(out)

    def read(self, rel):
        with open(os.path.join(self.root, rel), encoding="utf-8", errors="replace") as f:
            return f.read()


def layer_of_source(rel):
    """The layer of a file under src/ or include/, or None (tests, unknown)."""
    parts = rel.split("/")
    if rel == "src/main.c":
        return "main"
    if parts[0] == "src" and len(parts) > 2:
        return "main" if parts[1] == "cli" else parts[1]
    if parts[0] == "include":
        return header_layer(rel[len("include/"):])
    return None


def header_layer(name):
    """The layer of a header named as it is included ("db.h", "model/role.h")."""
    if name in LAYER_OF_HEADER:
        return LAYER_OF_HEADER[name]
    for pat, layer in LAYER_OF_HEADER.items():
        if "*" in pat and fnmatch.fnmatchcase(name, pat) and "/" not in name[len(pat) - 3:]:
            return layer
    return None


def check_includes(lint, rel, src):
    """Layer rules for every #include of one file."""
    layer = layer_of_source(rel)
    here = os.path.dirname(rel)
    for no, line in enumerate(src.lines, 1):
        m = re.match(r'\s*#\s*include\s*([<"])([^>"]+)[>"]', line)
        if not m:
            continue
        name = m.group(2)
        if m.group(1) == "<":
            home = SYSTEM_HEADER_HOME.get(name)
            if home and not (rel.startswith(home[0]) and rel.endswith(home[1])):
                lint.add(name, rel, no, "<%s> included outside %s*%s" % (name, home[0], home[1]))
            continue
        if rel.startswith("src/") and os.path.exists(os.path.join(lint.root, here, name)):
            continue  # a module's private header beside it, of the same layer
        target = header_layer(name)
        if target is None:
            lint.add("unknown-header", rel, no, '"%s" is not in lint.py\'s header table' % name)
            continue
        if layer is None:
            continue
        allowed = ALLOWED.get(layer, set())
        if target not in allowed and "%s:%s" % (target, name) not in allowed:
            lint.add("layer", rel, no, '%s includes "%s" (%s)' % (layer, name, target))


def check_headers_known(lint):
    """Every file in include/ must be in the header table."""
    for rel in lint.files(["include"], (".h",)):
        if header_layer(rel[len("include/"):]) is None:
            lint.add("unknown-header", rel, 1, "header not in lint.py's header table")


def matching_paren(code, i):
    """Offset just past the parenthesis closing the one at code[i]."""
    depth = 0
    for j in range(i, len(code)):
        if code[j] == "(":
            depth += 1
        elif code[j] == ")":
            depth -= 1
            if depth == 0:
                return j + 1
        elif code[j] == ";" and depth <= 1:
            return j  # unbalanced: stop at the end of the statement
    return len(code)


def check_sql(lint, rel, src):
    """SQL formatted by printf-family calls; sqlite3_* outside src/db/; SQL
    statements in pages and http; "(?N OR " scoping."""
    for m in PRINTF_CALL.finditer(src.code):
        start = m.end() - 1
        end = matching_paren(src.code, start)
        text = " ".join(s.text for s in src.strings if start <= s.off < end)
        if SQL_WORDS.search(text) or SQL_LOWER.search(text):
            lint.add("sql-printf", rel, src.line_of(m.start()),
                     "%s() formats SQL text: %.60s" % (m.group(1), text.strip()))
    if not rel.startswith("src/db/"):
        for m in re.finditer(r"\bsqlite3_\w+", src.code):
            lint.add("sqlite3-call", rel, src.line_of(m.start()),
                     "%s outside src/db/ (use the db_ helpers)" % m.group(0))
    in_pages = rel.startswith(("src/pages/", "src/http/", "include/pages"))
    for s in src.strings:
        if in_pages and SQL_STATEMENT.search(s.text):
            lint.add("sql-in-pages", rel, src.line_of(s.off),
                     "SQL statement in pages/http: %.60s" % s.text.strip())
        for m in OR_SCOPE.finditer(s.text):
            lint.add("or-scope", rel, src.line_of(s.offset_of(m.start())),
                     "scoping by (?N OR ...) scans the table; use a scoped statement")


def check_calls(lint, rel, src):
    """free() and req->api in pages, CMARK_OPT_UNSAFE, exit() outside main.c."""
    code = src.code
    pats = [("free-in-pages", r"\bfree\s*\(", rel.startswith("src/pages/"),
             "handlers never call free()"),
            ("req-api-in-pages", r"\breq\s*->\s*api\b", rel.startswith("src/pages/"),
             "one view for page and API: declare page extras on the route"),
            ("cmark-unsafe", r"\bCMARK_OPT_UNSAFE\b", True, "Markdown only in safe mode"),
            ("exit", r"\bexit\s*\(", rel.startswith("src/") and rel != "src/main.c",
             "exit() outside src/main.c")]
    for rule, pat, applies, msg in pats:
        if applies:
            for m in re.finditer(pat, code):
                lint.add(rule, rel, src.line_of(m.start()), msg)


def function_name(code_lines, brace):
    """The name of the function whose body opens at line index brace, or
    None when the brace does not open a function."""
    chunk = []
    for k in range(brace - 1, max(-1, brace - 12), -1):
        s = code_lines[k].strip()
        if not s or s.startswith("#") or s.endswith((";", "}")):
            break
        chunk.insert(0, s)
    head = " ".join(chunk)
    m = re.search(r"(\w+)\s*\(", head)
    if not m or "=" in head[:m.start()]:
        return None
    return m.group(1)


def check_lengths(lint, rel, src, functions):
    """Files over MAX_FILE_LINES; functions (brace at column 0 to brace at
    column 0, both lines counted) over MAX_FUNCTION_LINES."""
    nlines = len(src.lines) - (1 if src.text.endswith("\n") else 0)
    if nlines > MAX_FILE_LINES:
        lint.add("file-length", rel, MAX_FILE_LINES + 1,
                 "%d lines (at most %d)" % (nlines, MAX_FILE_LINES))
    if not functions:
        return
    code_lines = src.code.split("\n")
    open_at = None
    for i, line in enumerate(code_lines):
        if line.startswith("{"):
            open_at = i
        elif line.startswith("}") and open_at is not None:
            n = i - open_at + 1
            name = function_name(code_lines, open_at)
            if name and n > MAX_FUNCTION_LINES:
                lint.add("function-length", rel, open_at + 1,
                         "%s: %d lines (at most %d)" % (name, n, MAX_FUNCTION_LINES))
            open_at = None


def check_templates(lint):
    """A {{name}} inside a URL attribute must be formatted with |href or |url."""
    for rel in lint.files(["templates"], (".html",)):
        text = lint.read(rel)
        for a in URL_ATTR.finditer(text):
            for t in TAG.finditer(a.group(2)):
                body = t.group(2).strip()
                if body[:1] in "#^/!>&":
                    continue
                fmts = [f.strip() for f in body.split("|")[1:]]
                if "href" not in fmts and "url" not in fmts:
                    line = text.count("\n", 0, a.start(2) + t.start()) + 1
                    lint.add("template-url", rel, line, "%s=\"...%s...\" needs |href or |url"
                             % (a.group(1), t.group(0)))


def read_allow(root):
    """The allow-list as ({(rule, file): line number}, [malformed line
    numbers]); both empty when the file is absent."""
    path = os.path.join(root, "scripts", "lint-allow.txt")
    allow, malformed = {}, []
    if not os.path.exists(path):
        return allow, malformed
    with open(path, encoding="utf-8") as f:
        for no, line in enumerate(f, 1):
            words = line.split("#", 1)[0].split()
            if len(words) == 2:
                allow[tuple(words)] = no
            elif words:
                malformed.append(no)
    return allow, malformed


def main(argv):
    """Lints the tree at argv[1] (default: the parent of scripts/); returns
    the exit status: 0 when every violation is allowed and no allowance is
    stale, 1 otherwise."""
    root = argv[1] if len(argv) > 1 else os.path.join(os.path.dirname(__file__), "..")
    lint = Lint(os.path.abspath(root))
    check_headers_known(lint)
    for rel in lint.files(["src", "include", "tests/unit"], (".c", ".h")):
        src = Source(rel, lint.read(rel))
        if not rel.startswith("tests/"):
            check_includes(lint, rel, src)
            check_sql(lint, rel, src)
            check_calls(lint, rel, src)
        check_lengths(lint, rel, src, rel.endswith(".c") and not rel.startswith("include/"))
    check_templates(lint)

    allow, malformed = read_allow(lint.root)
    used = set()
    bad = 0
    for no in malformed:
        print("lint: allow-list: scripts/lint-allow.txt:%d: want \"RULE FILE\"" % no)
        bad = 1
    for rule, path, line, msg in lint.found:
        if (rule, path) in allow:
            used.add((rule, path))
            print("lint: allowed: %s: %s:%d: %s" % (rule, path, line, msg))
        else:
            print("lint: %s: %s:%d: %s" % (rule, path, line, msg))
            bad = 1
    for (rule, path), no in sorted(allow.items()):
        if (rule, path) not in used:
            print("lint: stale-allow: scripts/lint-allow.txt:%d: \"%s %s\" no longer occurs"
                  % (no, rule, path))
            bad = 1
    if not bad:
        print("lint: ok" + (" (%d allowed)" % len(lint.found) if lint.found else ""))
    return bad


if __name__ == "__main__":
    sys.exit(main(sys.argv))
