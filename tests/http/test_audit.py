"""HTTP tests of the audit trail's Danish labels (/admin/historik,
/api/v1/audit): every action and entity that some audit_write() call in
src/ can write must come back with a Danish action_label and
entity_label, never the raw name. The actions are read from the source
at test time: the string literals of each call's action and entity
arguments, following a variable back to its assignments in the same
file or, when it is a parameter of the enclosing function, to the
literals that function's callers pass. A call the reader cannot resolve
fails the test, so a new kind of event cannot slip past it. One event
per action is then planted in the database and read back through the
API; events the server really writes (a wave made and published) are
checked the same way."""

import sys, os; sys.path.insert(0, os.path.dirname(__file__)); from harness import *  # noqa: E401,E402,F403

import glob  # noqa: E402

SRC = os.path.join(ROOT, "src")
LITERAL = re.compile(r'"((?:[^"\\]|\\.)*)"')
FUNC = re.compile(r"^[A-Za-z_][\w \t\*]*?\b(\w+)\(([^;{}()]*)\)\s*\{", re.M)


def sources():
    """{path: text} of every C file under src/."""
    out = {}
    for path in glob.glob(os.path.join(SRC, "**", "*.c"), recursive=True):
        with open(path, encoding="utf-8") as f:
            out[path] = f.read()
    return out


def strip_comments(text):
    """text with /* */ and // comments blanked (string literals kept)."""
    out, i, n = [], 0, len(text)
    while i < n:
        c = text[i]
        if c == '"':
            j = i + 1
            while j < n and text[j] != '"':
                j += 2 if text[j] == "\\" else 1
            out.append(text[i:j + 1])
            i = j + 1
        elif text.startswith("/*", i):
            j = text.find("*/", i + 2)
            j = n if j < 0 else j + 2
            out.append(" " * (j - i))
            i = j
        elif text.startswith("//", i):
            j = text.find("\n", i)
            j = n if j < 0 else j
            out.append(" " * (j - i))
            i = j
        else:
            out.append(c)
            i += 1
    return "".join(out)


def call_args(text, open_paren):
    """The top-level arguments of the call whose "(" is at open_paren."""
    args, depth, start, i = [], 0, open_paren + 1, open_paren
    while i < len(text):
        c = text[i]
        if c == '"':
            i += 1
            while text[i] != '"':
                i += 2 if text[i] == "\\" else 1
        elif c in "([{":
            depth += 1
        elif c in ")]}":
            depth -= 1
            if depth == 0:
                args.append(text[start:i].strip())
                return args
        elif c == "," and depth == 1:
            args.append(text[start:i].strip())
            start = i + 1
        i += 1
    raise Failure("unterminated call at %d" % open_paren)


def calls(files, name):
    """(path, position, args) of every call of function name in files
    (not its definition, nor a prototype)."""
    out = []
    pat = re.compile(r"\b%s\s*\(" % re.escape(name))
    for path, text in files.items():
        for m in pat.finditer(text):
            args = call_args(text, m.end() - 1)
            rest = text[m.end():]
            line = text[text.rfind("\n", 0, m.start()) + 1:m.start()]
            typed = re.fullmatch(r"\s*(static\s+)?(const\s+)?\w+[\s\*]+", line)
            if typed and line.split()[0] != "return" and re.match(r"[^;{]*?\)\s*[{;]", rest):
                continue
            out.append((path, m.start(), args))
    return out


def enclosing(text, pos):
    """(name, [parameter names]) of the function definition around pos."""
    best = None
    for m in FUNC.finditer(text):
        if m.start() > pos:
            break
        best = m
    check(best, "no function around position %d" % pos)
    params = [re.findall(r"\w+", p)[-1] for p in best.group(2).split(",") if p.strip()]
    return best.group(1), params


def values_of(files, path, pos, arg, depth=0):
    """The string literals argument arg (at pos in path) may have:
    literals in it, else the literals assigned to the variable it names
    in that file, else those passed for it by the callers of the
    enclosing function. Fails when none are found."""
    found = LITERAL.findall(arg)
    if found:
        return set(found)
    check(depth < 4 and re.fullmatch(r"\w+", arg),
          "%s: cannot read the audit argument %r" % (os.path.relpath(path, ROOT), arg))
    text = files[path]
    assigned = set()
    for m in re.finditer(r"\b%s\s*=\s*([^;=][^;]*);" % re.escape(arg), text):
        assigned |= set(LITERAL.findall(m.group(1)))
    if assigned:
        return assigned
    func, params = enclosing(text, pos)
    check(arg in params, "%s: %r is neither a literal, assigned one, nor a parameter of %s"
          % (os.path.relpath(path, ROOT), arg, func))
    at = params.index(arg)
    out = set()
    for cpath, cpos, cargs in calls(files, func):
        out |= values_of(files, cpath, cpos, cargs[at], depth + 1)
    check(out, "%s: no caller of %s passes %s" % (os.path.relpath(path, ROOT), func, arg))
    return out


def written_events():
    """{(action, entity)} of every audit_write() call in src/."""
    files = {p: strip_comments(t) for p, t in sources().items()}
    pairs = set()
    for path, pos, args in calls(files, "audit_write"):
        if path.endswith(os.path.join("model", "audit.c")) and "const char *action" in args[3]:
            continue
        check(len(args) == 8, "%s: audit_write with %d arguments" % (path, len(args)))
        actions = values_of(files, path, pos, args[3])
        entities = values_of(files, path, pos, args[4])
        pairs |= {(a, e) for a in actions for e in entities}
    return pairs


@test
def source_reader_finds_the_known_events():
    pairs = written_events()
    actions = {a for a, _ in pairs}
    for a, e in (("login", "session"), ("wave.create", "wave"), ("task.publish", "wave"),
                 ("wave.unpublish", "wave"), ("document.update", "document"),
                 ("person.leave", "person"), ("message.broadcast", "message")):
        check((a, e) in pairs, "the reader misses %s on %s (found %s)" % (a, e, sorted(actions)))
    check(len(actions) >= 40, "only %d actions found" % len(actions))


@test
def every_written_action_and_entity_has_a_label():
    pairs = written_events()
    s = Server(seeds=False)
    kombit = s.user_id("kombit@kombit.dk")
    for a, e in sorted(pairs):
        eq(s.write("INSERT INTO audit_events (at, user_id, action, entity) VALUES"
                   " ('2026-01-01T00:00:00Z', ?, ?, ?)", kombit, a, e), 1, "planted " + a)
    c = s.client()
    c.login("kombit@kombit.dk")
    raw = []
    for a, e in sorted(pairs):
        r = c.get("/api/v1/audit?action=%s&entity=%s&limit=1" % (
            urllib.parse.quote(a), urllib.parse.quote(e)))
        eq(r.status, 200, "GET /api/v1/audit for %s" % a)
        events = r.json()["audit_events"]
        eq(len(events), 1, "the planted %s event" % a)
        ev = events[0]
        if ev["action_label"] == a or not ev["action_label"]:
            raw.append("action " + a)
        if ev["entity_label"] == e or not ev["entity_label"]:
            raw.append("entity %s (of %s)" % (e, a))
    check(not raw, "no Danish label for: %s" % ", ".join(sorted(set(raw))))
    page = c.get("/admin/historik?action=wave.go_live")
    eq(page.status, 200, "the history page")
    check("Go-live ændret" in main_of(page.text), "the page shows the action's label")
    s.close()


@test
def events_the_server_writes_are_labelled():
    s = Server()
    s.seed_wave("KY", "Bølge 42", "2027-03-01", ["101", "751"],
                [s.one("SELECT id FROM master_tasks WHERE organisation_id IS NULL"
                       " AND project_id = (SELECT id FROM projects WHERE code = 'KY')"
                       " AND state = 'published' LIMIT 1")])
    known = {a for a, _ in written_events()}
    c = s.client()
    c.login("kombit@kombit.dk")
    events = c.get("/api/v1/audit?limit=1000").json()["audit_events"]
    seen = {ev["action"] for ev in events}
    check({"wave.create", "wave.publish", "task.publish", "message.create"} <= seen,
          "publishing wrote its events: %s" % sorted(seen))
    for ev in events:
        check(ev["action"] in known, "%s is written but the reader missed it" % ev["action"])
        check(ev["action_label"] != ev["action"], "raw action %s" % ev["action"])
        check(ev["entity_label"] != ev["entity"], "raw entity %s" % ev["entity"])
    a = s.client()
    a.login("admin@kbh.dk")
    mine = a.get("/api/v1/audit?action=task.publish").json()["audit_events"]
    eq([(ev["action_label"], ev["entity_label"]) for ev in mine],
       [("Opgaver publiceret til kommunen", "Bølge")], "København's own publish event")
    s.close()


run()
