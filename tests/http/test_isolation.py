"""HTTP tests of access levels and the wall between organisations, driven
by the route table that `klikd routes` prints: every route is swept, so a
new route is covered without touching this file (an unknown path parameter,
input, access level or kind of {id} makes the sweep fail until it is taught
here), and each sweep expects the exact status of each route from a table
keyed by the route's action and kind (page/api): a route missing from the
table fails it, so a new route must be given the status it must answer.
SWEEP_RECORD=1 prints the statuses seen, to help fill in a new row.

The wall: København's KLIK-administrator (admin@kbh.dk), with a cookie
session and with an API token, sends every route with every {id} set to
each of Aarhus's (751) objects and plausible valid inputs; an id of the kind
the route names must get WALL_STATUS's status (404 for another
organisation's objects), an id of another kind (which may be one of
København's own) must not answer 5xx; afterwards every row that belongs to
Aarhus must be unchanged, and no answer may show an Aarhus e-mail address or
person name.

Each area of the route table keeps its part of the sweep beside this file,
in tests/http/sweep_<area>.py (see areas() below): its inputs' values, its
{id} kinds, its rows of the three status tables, and the objects Aarhus owns
in that area.
"""
import sys, os; sys.path.insert(0, os.path.dirname(__file__)); from harness import *  # noqa: E401,E702,F403

import atexit
import http.client
import itertools
import json
import re
import sqlite3
import subprocess
import urllib.parse
import glob
import importlib

STRONG = "Sveip-adgangskode-2024"
APPTS = "/api/v1/projects/%s/appointments"

# Values of the non-id path parameters; {slug} by the first part of the
# route's action (a role's slug, a seed document's slug).
PARAMS = {"code": ["KY", "FBS"], "name": ["klikd.css"], "token": ["x" * 43],
          "slug": {"role": ["projektleder"],
                   "document": ["oeir-oekonomi-i-rammearkitekturen-implementeringsstrategi"]}}


class Ctx:
    """What plausible inputs refer to: a person (of another organisation in
    the wall sweep) and a counter for fresh e-mail addresses."""

    n = 0  # shared by every sweep: one server may see several

    def __init__(self, person):
        self.person = person

    def fresh(self):
        Ctx.n += 1
        return Ctx.n


# A plausible, valid value for every input the route table declares.
VALUES = {
    "email": lambda ctx: "sveip%d@kbh.dk" % ctx.fresh(),
    "name": "Sveip Navn",
    "title": "Sveip titel",
    "phone": "+45 12 34 56 78",
    "type": "member",
    "password": STRONG,
    "active": False,
    "projects": {"KY": "laeser", "FBS": "plus"},
    "current_password": PASSWORD,
    "new_password": PASSWORD,
    "role": "projektleder",
    "person_id": lambda ctx: ctx.person,
    "from": "2024-01-01",
    "to": "2024-12-31",
    "entity": "user",
    "action": "user.update",
    "since": "2020-01-01",
    "limit": 1000,
    "next": "/",
    "project": "KY",
}

WRITES = ("POST", "PUT", "PATCH", "DELETE")
_servers = []


def routes():
    if "routes" not in _cache:
        _, out, _ = klikd("routes")
        _cache["routes"] = json.loads(out)["routes"]
        check(_cache["routes"], "klikd routes printed no routes")
    return _cache["routes"]


_cache = {}


def new_server():
    s = Server()
    _servers.append(s)
    return s


@atexit.register
def _close_servers():
    for s in _servers:
        try:
            s.close()
        except Exception:  # noqa: BLE001 — already reported by its test
            pass


def input_names(route):
    return [i if isinstance(i, str) else i["name"] for i in route.get("inputs") or []]


def route_name(route):
    return "%s %s" % (route["method"], route["pattern"])


def paths(route, ids):
    """The route's pattern with {id} set to each of ids and the other
    parameters to PARAMS."""
    specs = re.findall(r"\{([^}]+)\}", route["pattern"])
    names = [n.split(":")[0] for n in specs]
    choices = []
    for n in names:
        if n == "id":
            choices.append([str(i) for i in sorted(set(ids))])
        elif isinstance(PARAMS.get(n), dict):
            prefix = route["action"].split(".")[0]
            if prefix not in PARAMS[n]:
                raise Failure("%s has a {%s} of a kind the sweep does not know: add it to "
                              "PARAMS" % (route_name(route), n))
            choices.append(PARAMS[n][prefix])
        elif n in PARAMS:
            choices.append(PARAMS[n])
        else:
            raise Failure("%s has a parameter {%s} the sweep does not know: add it to PARAMS"
                          % (route_name(route), n))
    for combo in itertools.product(*choices):
        p = route["pattern"]
        for n, v in zip(specs, combo):
            p = p.replace("{%s}" % n, v, 1)
        yield p


def values(route, ctx):
    out = {}
    for name in input_names(route):
        if name not in VALUES:
            raise Failure("%s declares an input %r the sweep does not know: add a plausible "
                          "value to VALUES" % (route_name(route), name))
        v = VALUES[name]
        out[name] = v(ctx) if callable(v) else v
    return out


def form_fields(vals):
    f = {}
    for k, v in vals.items():
        if isinstance(v, dict):
            for code, x in v.items():
                f["%s.%s" % (k, code)] = str(x)
        elif isinstance(v, bool):
            f[k] = "1" if v else "0"
        else:
            f[k] = str(v)
    return f


def send(c, route, path, vals):
    """One request for route: the inputs in the query (GET, DELETE), as JSON
    (API) or as a form with the session's csrf_token (pages)."""
    m = route["method"]
    if m in ("GET", "HEAD", "DELETE"):
        q = urllib.parse.urlencode(form_fields(vals))
        full = path + ("?" + q if q else "")
        return c.delete(full) if m == "DELETE" else c.request(m, full)
    if path.startswith("/api/"):
        return c.json_call(m, path, vals)
    fields = form_fields(vals)
    if c.csrf and not c.token:
        fields["csrf_token"] = c.csrf
    return c.request(m, path, body=urllib.parse.urlencode(fields).encode(),
                     headers={"Content-Type": "application/x-www-form-urlencoded"})


def answer(s, problems, where, c, route, path, vals):
    """send(), but a request that gets no answer is a problem; when klikd
    serve died of it, the problem says how and the server is started again
    (on the same database) so the sweep goes on. None when there was no
    answer."""
    try:
        return send(c, route, path, vals)
    except (http.client.HTTPException, OSError) as e:
        try:
            s.proc.wait(timeout=5)
        except subprocess.TimeoutExpired:
            pass
        rc = s.proc.poll()
        problems.append("%s: no answer (%s: %s); klikd serve %s" % (
            where, type(e).__name__, e,
            "is still running" if rc is None else "died with status %d" % rc))
        if rc is not None:
            tail = s.read_log()[-300:]
            if tail.strip():
                problems.append("    its stderr: %r" % tail)
            s.log.close()
            s.start()
        return None


def reset_throttle(s):
    s.write("DELETE FROM login_throttle")


class Caller:
    """A user with a cookie session or an API token that is renewed when a
    swept request ends it (log-out, password change, revocation)."""

    def __init__(self, s, email, mode):
        self.s, self.email, self.mode = s, email, mode
        self.renew()

    def renew(self):
        if self.mode == "cookie":
            c = self.s.client()
            c.login(self.email)
        else:
            c = self.s.client(token=self.s.token(self.email))
        self.client = c

    def ensure(self):
        r = self.client.get("/api/v1/me")
        if r.status == 200 and r.json().get("email") == self.email:
            if self.mode == "cookie":
                self.client.csrf = r.json().get("csrf_token")
            return
        self.renew()


def owned_rows(s, code):
    """Every row that belongs to organisation code: the organisation, rows
    that reference it, and (transitively) rows that reference those — its
    persons, their users, the users' sessions, tokens and project access,
    appointments, audit events, and whatever table a later migration adds.
    {table: [row dict, ...]}"""
    con = sqlite3.connect(s.db, timeout=10)
    try:
        tables = [t for (t,) in con.execute(
            "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'")]
        fks, data = {}, {}
        for t in tables:
            fks[t] = [(r[2], r[3], r[4] or "id")
                      for r in con.execute("PRAGMA foreign_key_list(\"%s\")" % t)]
            cur = con.execute("SELECT * FROM \"%s\"" % t)
            cols = [d[0] for d in cur.description]
            data[t] = [dict(zip(cols, r)) for r in cur.fetchall()]
    finally:
        con.close()
    ids = {"organisations": {org_id(s, code)}}
    owned = {t: {} for t in tables}
    changed = True
    while changed:
        changed = False
        for t in tables:
            for i, row in enumerate(data[t]):
                if i in owned[t]:
                    continue
                mine = (t == "organisations" and row.get("id") in ids["organisations"]) or any(
                    to == "id" and row.get(frm) is not None and row.get(frm) in ids.get(ref, ())
                    for ref, frm, to in fks[t])
                if mine:
                    owned[t][i] = row
                    changed = True
                    if "id" in row:
                        ids.setdefault(t, set()).add(row["id"])
    return {t: sorted(rows.values(), key=repr) for t, rows in owned.items() if rows}


def diff(before, after):
    """Lines describing how two owned_rows snapshots differ."""
    out = []
    for t in sorted(set(before) | set(after)):
        b = [repr(r) for r in before.get(t, [])]
        a = [repr(r) for r in after.get(t, [])]
        for r in sorted(set(b) - set(a)):
            out.append("%s: gone or changed: %s" % (t, r[:300]))
        for r in sorted(set(a) - set(b)):
            out.append("%s: new or changed: %s" % (t, r[:300]))
    return out


def report(problems, what):
    if problems:
        shown = problems[:40]
        if len(problems) > len(shown):
            shown.append("... and %d more" % (len(problems) - len(shown)))
        raise Failure("%s: %d problem(s)\n%s" % (what, len(problems), "\n".join(shown)))


# ---------------------------------------------------------------- the wall

def wall():
    """A server with objects owned by Aarhus (751): its users, a session and
    an API token of plus@aarhus.dk and an appointment on KY; the snapshot of
    everything Aarhus owns; the strings no København answer may show."""
    if "wall" in _cache:
        return _cache["wall"]
    s = new_server()
    aa = s.client()
    aa.login("plus@aarhus.dk")
    sid = s.one("SELECT max(id) FROM sessions WHERE user_id = ?", s.user_id("plus@aarhus.dk"))
    r = aa.post_json("/api/v1/tokens", {"name": "Aarhus-nøgle"})
    eq(r.status, 201, "Aarhus token")
    tid = r.json()["id"]
    ida = s.one("SELECT person_id FROM users WHERE email = 'plus@aarhus.dk'")
    r = aa.post_json(APPTS % "KY", {"role": "projektleder", "person_id": ida})
    eq(r.status, 201, "Aarhus appointment (%s)" % r.text[:200])
    aid = r.json()["id"]
    mt = s.one("SELECT min(id) FROM master_tasks")
    ids = {"user": None, "session": [sid], "token": [tid], "appointment": [aid],
           "master_task": [mt]}
    for area in areas():
        if hasattr(area, "wall_setup"):
            area.wall_setup(s, aa, ids)
    users = [i for (i,) in s.sql("SELECT u.id FROM users u JOIN persons p ON p.id = u.person_id"
                                 " WHERE p.organisation_id = ?", org_id(s, "751"))]
    eq(len(users), 2, "Aarhus users")
    snap = owned_rows(s, "751")
    strings = set()
    for p in snap.get("persons", []):
        strings.update(x for x in (p.get("name"), p.get("email")) if x)
    for u in snap.get("users", []):
        strings.add(u["email"])
    check({"Ida Plus", "plus@aarhus.dk", "Aage Admin", "admin@aarhus.dk"} <= strings,
          "leak strings %r" % strings)
    ids["user"] = users
    _cache["wall"] = {"server": s, "ids": ids, "person": ida,
                      "snapshot": snap, "strings": sorted(strings),
                      "kinds": "users %r, session %d, token %d, appointment %d"
                               % (users, sid, tid, aid)}
    return _cache["wall"]


def route_key(route):
    return (route["action"], route["kind"])


# The kind of object a route's {id} names, by the first part of its action.
ID_KIND = {"user": "user", "session": "session", "token": "token",
           "appointment": "appointment", "master_task": "master_task"}


def route_ids(route, ids):
    """The ids to set {id} to for route: those of the kind it names (ids is
    {kind: [id, ...]}); [] when the route takes no {id}."""
    if "{id" not in route["pattern"]:
        return []
    kind = ID_KIND.get(route["action"].split(".")[0])
    if kind is None:
        raise Failure("%s names an {id} of a kind the sweep does not know: add it to ID_KIND"
                      % route_name(route))
    return ids[kind]


def path_code(path):
    """The project code a swept path names, or "-"."""
    return next((c for c in PARAMS["code"] if "/%s/" % c in path + "/"), "-")


def expected(table, route, *sub):
    """The status table gives route (by action and kind), narrowed by sub
    (a mode, a caller, a project code) where its entry is a dict: keyed by
    any of them, "*" for the rest. A route that is not in the table is a
    Failure: every new route must be given its status."""
    want = table.get(route_key(route))
    if want is None and os.environ.get("SWEEP_RECORD"):
        return 0
    if want is None:
        raise Failure("%s (action %s, %s) is not in the status table: add the status it must "
                      "answer" % (route_name(route), route["action"], route["kind"]))
    while isinstance(want, dict):
        k = next((k for k in sub if k in want), "*")
        if k not in want:
            break
        want = want[k]
    if not isinstance(want, int):
        raise Failure("the status table's entry for %s gives no status for %r"
                      % (route_name(route), sub))
    return want


def record(seen, route, status, *sub):
    """Notes an observed status, for SWEEP_RECORD=1 (which prints them)."""
    seen.setdefault(route_key(route) + tuple(sub), set()).add(status)


def print_seen(seen, what):
    if os.environ.get("SWEEP_RECORD"):
        for k in sorted(seen):
            print("# %s %r: %r" % (what, k, sorted(seen[k])))


# The status every route must answer København's KLIK-administrator when
# its {id} names Aarhus's object of the route's kind, with the sweep's
# plausible inputs: another organisation's user, appointment, session or
# token is "not found" (404), never 403, which would confirm it exists.
# Routes without an id answer as they would for any request of København's:
# reads 200, creations 201 (API) or 303 (page), a log-in with unknown
# credentials 401, an appointment of Aarhus's person 422 (person_id), an
# unknown reset token 404. On FBS, where København's administrator has no
# access, the project's routes are 403 before anything is looked up.
# Creating an API token shows its secret once, so
# its page answers 201 rather than redirecting. Logging out with an API
# token is 400: a token has no session to end. A route not listed fails.
WALL_STATUS = {
    ("home", "page"): 200,
    ("health", "page"): 200,
    ("static", "page"): 200,
    ("role.list", "page"): 200, ("role.list", "api"): 200,
    ("role.show", "page"): 200, ("role.show", "api"): 200,
    ("document.list", "page"): 200, ("document.list", "api"): 200,
    ("document.show", "page"): 200, ("document.show", "api"): 200,
    ("login.form", "page"): 200,
    ("login", "page"): 401, ("login", "api"): 401,
    ("logout.form", "page"): 200,
    ("logout", "page"): {"cookie": 303, "token": 400},
    ("logout", "api"): {"cookie": 204, "token": 400},
    ("me", "api"): 200,
    ("account", "page"): 200,
    ("account.password", "page"): 303, ("account.password", "api"): 200,
    ("session.list", "api"): 200,
    ("session.end", "page"): 404, ("session.end", "api"): 404,
    ("token.list", "api"): 200,
    ("token.create", "page"): 201, ("token.create", "api"): 201,
    ("token.revoke", "page"): 404, ("token.revoke", "api"): 404,
    ("password_reset.form", "page"): 404,
    ("password_reset.use", "page"): 404,
    ("master_task.list", "page"): 200, ("master_task.list", "api"): 200,
    ("master_task.show", "page"): 200, ("master_task.show", "api"): 200,
    ("project.list", "api"): 200,
    ("organisation.list", "api"): 200,
    ("appointment.list", "page"): {"KY": 200, "FBS": 403},
    ("appointment.list", "api"): {"KY": 200, "FBS": 403},
    ("appointment.create", "page"): {"KY": 422, "FBS": 403},
    ("appointment.create", "api"): {"KY": 422, "FBS": 403},
    ("appointment.delete", "page"): {"KY": 404, "FBS": 403},
    ("appointment.delete", "api"): {"KY": 404, "FBS": 403},
    ("person.list", "api"): 200,
    ("user.list", "page"): 200, ("user.list", "api"): 200,
    ("user.new", "page"): 200,
    ("user.create", "page"): 303, ("user.create", "api"): 201,
    ("user.show", "page"): 404, ("user.show", "api"): 404,
    ("user.update", "page"): 404, ("user.update", "api"): 404,
    ("user.reset", "page"): 404, ("user.reset", "api"): 404,
    ("audit.list", "page"): 200, ("audit.list", "api"): 200,
}


def sweep_wall(mode):
    w = wall()
    s = w["server"]
    caller = Caller(s, "admin@kbh.dk", mode)
    ctx = Ctx(w["person"])
    problems, swept, requests, seen = [], set(), 0, {}
    every = {i for kind, ids in w["ids"].items() if kind != "master_task" for i in ids}
    for route in routes():
        own = set(route_ids(route, w["ids"]))
        for path in paths(route, sorted(own | every) if own else []):
            want = expected(WALL_STATUS, route, mode, path_code(path))
            vals = values(route, ctx)
            requests += 1
            swept.add(route_name(route))
            r = answer(s, problems, "%s %s (%s)" % (route["method"], path, mode), caller.client,
                       route, path, vals)
            if r is None:
                caller.ensure()
                continue
            where = "%s %s (%s) -> %d" % (route["method"], path, mode, r.status)
            pid = re.findall(r"/(\d+)(?:/|$)", path)
            if pid and int(pid[-1]) not in own:
                if r.status >= 500:  # another kind's id: may be one of København's own
                    problems.append("%s: server error %s" % (where, r.text[:120]))
            elif record(seen, route, r.status, path_code(path)) or r.status != want:
                problems.append("%s: want %d %s" % (where, want, r.text[:120]))
            text = r.text + "\n" + "\n".join(v for _, v in r.headers)
            for x in w["strings"]:
                if x in text:
                    problems.append("%s: the answer shows Aarhus's %r" % (where, x))
            reset_throttle(s)
            caller.ensure()
    print_seen(seen, "wall-" + mode)
    print("# %s sweep: %d requests over %d routes; Aarhus's ids: %s"
          % (mode, requests, len(swept), w["kinds"]))
    eq(sorted(swept), sorted(route_name(r) for r in routes()), "routes swept")
    problems += diff(w["snapshot"], owned_rows(s, "751"))
    report(problems, "the organisation wall (%s)" % mode)


@test
def organisation_wall_cookie_session():
    sweep_wall("cookie")


@test
def organisation_wall_api_token():
    sweep_wall("token")


def refused_before_input(c, route, path, vals, status):
    """True when the route's path names nothing for this caller (404) or
    the caller may not use it there (403): the same request without the
    extra field answers the same status. Only asked of writes refused
    before any input is read, so it changes nothing."""
    return status in (403, 404) and send(c, route, path, vals).status == status


@test
def admin_cannot_move_users_to_another_organisation():
    # Only KOMBIT's routes may name municipalities in a write (a wave's
    # members); reads may filter by one (a contact list of another
    # municipality's consented contacts, KOMBIT's follow-up).
    for route in routes():
        if route["method"] not in WRITES or route["access"] == "publisher":
            continue
        for name in input_names(route):
            check(not re.search(r"org|kommune|municipal", name, re.I),
                  "%s declares an organisation input %r" % (route_name(route), name))
    s = new_server()
    a = Caller(s, "admin@kbh.dk", "cookie")
    target = s.user_id("plus@kbh.dk")
    ctx = Ctx(s.one("SELECT person_id FROM users WHERE email = 'plus@kbh.dk'"))
    before = (s.sql("SELECT * FROM users ORDER BY id"), s.sql("SELECT * FROM persons ORDER BY id"))
    extras = [("organisation", "751"), ("organisation_id", org_id(s, "751")), ("org", "751"),
              ("organisation", {"code": "751"})]
    problems = []
    for route in routes():
        if route["method"] not in WRITES:
            continue
        for key, val in extras:
            for path in paths(route, [target]):
                vals = values(route, ctx)
                vals[key] = val
                r = answer(s, problems, "%s %s with %s=%r" % (route["method"], path, key, val),
                           a.client, route, path, vals)
                if r is None:
                    a.ensure()
                    continue
                where = "%s %s with %s=%r -> %d" % (route["method"], path, key, val, r.status)
                # the name the field travels under: as is in JSON, flattened in a query or form
                sent = {key} if route["method"] in ("POST", "PUT", "PATCH") else \
                    set(form_fields({key: val}))
                if refused_before_input(a.client, route, path, values(route, ctx), r.status):
                    pass  # 404 or 403 before any input is read
                elif r.status != 422:
                    problems.append("%s: want 422" % where)
                elif path.startswith("/api/") and r.json().get("field") not in sent:
                    problems.append("%s: field %r, want %r" % (where, r.json().get("field"),
                                                                sorted(sent)))
                reset_throttle(s)
                a.ensure()
    after = (s.sql("SELECT * FROM users ORDER BY id"), s.sql("SELECT * FROM persons ORDER BY id"))
    if after != before:
        problems.append("users or persons changed by requests answered 422")
    report(problems, "an extra organisation field")
    # without the extra field the new user lands in the admin's organisation
    r = a.client.post_json("/api/v1/users", {"email": "flyt@kbh.dk", "name": "Frida Flyt",
                                             "type": "member", "password": STRONG})
    eq(r.status, 201, "creating a user")
    eq(s.one("SELECT o.code FROM users u JOIN persons p ON p.id = u.person_id JOIN organisations o"
             " ON o.id = p.organisation_id WHERE u.email = 'flyt@kbh.dk'"), "101",
       "new user's organisation")
    eq(s.sql("SELECT count(*) FROM users u JOIN persons p ON p.id = u.person_id"
             " WHERE p.organisation_id = ?", org_id(s, "751")), [(2,)], "users of Aarhus")


# ---------------------------------------------------------------- a laeser changes nothing

ALLOWED_OWN_ACTIONS = {"login", "logout", "session.end", "token.create", "token.revoke",
                       "user.password", "login.fail", "calendar.create", "calendar.revoke",
                       "account.notify"}


def kbh_snapshot(s, me):
    """København's rows, without the laeser's own sessions, tokens,
    calendar feeds and e-mail choice, the laeser's password hash and time,
    and the audit trail."""
    snap = owned_rows(s, "101")
    snap.pop("audit_events", None)
    for t in ("sessions", "api_tokens", "calendar_feeds", "notify_settings"):
        snap[t] = [r for r in snap.get(t, []) if r["user_id"] != me]
    snap["users"] = [dict(r, password_hash=None, password_changed_at=None) if r["id"] == me else r
                     for r in snap.get("users", [])]
    return snap


# The status every write must answer a laeser of København (KY:laeser),
# with {id} set to København's and Aarhus's users, other people's sessions,
# plus's token and KY's appointment: the right is checked before the
# resource is looked up, so a route of a higher access level (and any route
# of FBS, which the laeser cannot read) is 403 whatever the id names; what
# the laeser may do to their own account succeeds; someone else's session
# or token is 404; the log-in with unknown credentials 401; an unknown
# reset token 404.
LAESER_STATUS = {
    ("login", "page"): 401, ("login", "api"): 401,
    ("logout", "page"): {"cookie": 303, "token": 400},
    ("logout", "api"): {"cookie": 204, "token": 400},
    ("account.password", "page"): 303, ("account.password", "api"): 200,
    ("session.end", "page"): 404, ("session.end", "api"): 404,
    ("token.create", "page"): 201, ("token.create", "api"): 201,
    ("token.revoke", "page"): 404, ("token.revoke", "api"): 404,
    ("password_reset.use", "page"): 404,
    ("appointment.create", "page"): 403, ("appointment.create", "api"): 403,
    ("appointment.delete", "page"): 403, ("appointment.delete", "api"): 403,
    ("user.create", "page"): 403, ("user.create", "api"): 403,
    ("user.update", "page"): 403, ("user.update", "api"): 403,
    ("user.reset", "page"): 403, ("user.reset", "api"): 403,
}


@test
def laeser_cannot_change_anything():
    s = new_server()
    me = s.user_id("laeser@kbh.dk")
    adm = s.client()
    adm.login("admin@kbh.dk")
    plus = s.client()
    plus.login("plus@kbh.dk")
    r = plus.post_json("/api/v1/tokens", {"name": "Per's nøgle"})
    eq(r.status, 201, "plus's token")
    tid = r.json()["id"]
    per = s.one("SELECT person_id FROM users WHERE email = 'plus@kbh.dk'")
    r = plus.post_json(APPTS % "KY", {"role": "projektleder", "person_id": per})
    eq(r.status, 201, "København's appointment")
    aid = r.json()["id"]
    users = [i for (i,) in s.sql("SELECT u.id FROM users u JOIN persons p ON p.id = u.person_id"
                                 " WHERE p.organisation_id = ?", org_id(s, "101"))]
    sessions = [i for (i,) in s.sql("SELECT id FROM sessions WHERE user_id <> ?", me)]
    aarhus = [i for (i,) in s.sql("SELECT u.id FROM users u JOIN persons p ON p.id = u.person_id"
                                  " WHERE p.organisation_id = ?", org_id(s, "751"))]
    check(aarhus, "Aarhus has users")
    ids = {"user": users + aarhus, "session": sessions, "token": [tid], "appointment": [aid]}
    for area in areas():
        if hasattr(area, "kbh_setup"):
            area.kbh_setup(s, plus, ids)
    base = kbh_snapshot(s, me)
    first_event = s.one("SELECT coalesce(max(id), 0) FROM audit_events")
    ctx = Ctx(s.one("SELECT person_id FROM users WHERE id = ?", me))
    problems, seen = [], {}
    for mode in ("cookie", "token"):
        caller = Caller(s, "laeser@kbh.dk", mode)
        for route in routes():
            if route["method"] not in WRITES:
                continue
            for path in paths(route, route_ids(route, ids)):
                want = expected(LAESER_STATUS, route, mode, path_code(path))
                r = answer(s, problems, "%s %s (laeser, %s)" % (route["method"], path, mode),
                           caller.client, route, path, values(route, ctx))
                if r is None:
                    caller.ensure()
                    continue
                record(seen, route, r.status, mode, path_code(path))
                where = "%s %s (laeser, %s) -> %d" % (route["method"], path, mode, r.status)
                if r.status != want:
                    problems.append("%s: want %d %s" % (where, want, r.text[:120]))
                elif route["access"] not in ("public", "login") and r.status != 403:
                    problems.append("%s: want 403 (access %s)" % (where, route["access"]))
                reset_throttle(s)
                caller.ensure()
    print_seen(seen, "laeser")
    problems += diff(base, kbh_snapshot(s, me))
    for ev in s.sql("SELECT id, action, user_id, organisation_id FROM audit_events WHERE id > ?",
                    first_event):
        if ev[1] not in ALLOWED_OWN_ACTIONS or ev[2] not in (me, None) or \
                ev[3] not in (org_id(s, "101"), None):
            problems.append("audit event during the laeser's sweep: %r" % (ev,))
    report(problems, "a laeser's writes")


# ---------------------------------------------------------------- access levels

def refusal(access, who, code):
    """None when who may use a route of this access level on project code
    (KY, FBS, or "-" for none), "login" when they must log in first, else
    the status they get. Everyone but anonymous reads KY, and laeser, plus
    and admin have KY:laeser, KY:plus FBS:laeser and KY:plus."""
    if access in ("public", "static"):
        return None
    if who == "anon":
        return "login"
    if access == "login":
        return None
    if access in ("org-admin", "overseer"):
        return None if who in ("admin", "kombit") else 403
    if access == "publisher":
        return None if who == "kombit" else 403
    if access == "plus":
        return None if who in ("plus", "admin") and code == "KY" else 403
    if access == "contributor":
        return None if (who in ("plus", "admin") and code == "KY") or who == "kombit" else 403
    if access == "project":
        return None if code == "KY" or who in ("plus", "kombit") else 403
    raise Failure("unknown access level %r in the route table: teach refusal()" % access)


# The status of every read (GET) for the callers refusal() lets in, with
# {id} = 1 (admin@kbh.dk) and master tasks 1 (KY) and 2 (FBS): 200, except an
# unknown reset token (404), and user 1 for KOMBIT's administrator, who is
# not an administrator of København (404, as across the wall).
ACCESS_STATUS = {
    ("home", "page"): 200,
    ("health", "page"): 200,
    ("static", "page"): 200,
    ("role.list", "page"): 200, ("role.list", "api"): 200,
    ("role.show", "page"): 200, ("role.show", "api"): 200,
    ("document.list", "page"): 200, ("document.list", "api"): 200,
    ("document.show", "page"): 200, ("document.show", "api"): 200,
    ("login.form", "page"): 200,
    ("logout.form", "page"): 200,
    ("me", "api"): 200,
    ("account", "page"): 200,
    ("session.list", "api"): 200,
    ("token.list", "api"): 200,
    ("password_reset.form", "page"): 404,
    ("master_task.list", "page"): 200, ("master_task.list", "api"): 200,
    ("master_task.show", "page"): 200, ("master_task.show", "api"): 200,
    ("project.list", "api"): 200,
    ("organisation.list", "api"): 200,
    ("appointment.list", "page"): 200, ("appointment.list", "api"): 200,
    ("person.list", "api"): 200,
    ("user.list", "page"): 200, ("user.list", "api"): 200,
    ("user.new", "page"): 200,
    ("user.show", "page"): {"kombit": 404, "*": 200},
    ("user.show", "api"): {"kombit": 404, "*": 200},
    ("audit.list", "page"): 200, ("audit.list", "api"): 200,
}


@test
def access_levels_by_route_table():
    s = new_server()
    callers = {"anon": s.client()}
    for who, email in (("laeser", "laeser@kbh.dk"), ("plus", "plus@kbh.dk"),
                       ("admin", "admin@kbh.dk"), ("kombit", "kombit@kombit.dk")):
        callers[who] = Caller(s, email, "cookie")
    for area in areas():
        if hasattr(area, "access_setup"):
            area.access_setup(s, callers["plus"].client)
    tables = ("users", "persons", "user_projects", "appointments", "api_tokens")
    before = {t: s.sql("SELECT * FROM %s ORDER BY 1" % t) for t in tables}
    ctx = Ctx(s.one("SELECT person_id FROM users WHERE email = 'plus@kbh.dk'"))
    # master tasks 1 and 2 belong to KY and FBS: their project comes from
    # the resource, not the path (so do an area's objects: access_code)
    mt_code = dict(s.sql("SELECT m.id, p.code FROM master_tasks m JOIN projects p"
                         " ON p.id = m.project_id WHERE m.id IN (1, 2)"))
    eq(mt_code, {1: "KY", 2: "FBS"}, "the first master tasks' projects")

    def code(route, path):
        if route["action"].startswith("master_task.") and "{id" in route["pattern"]:
            return mt_code[int(path.rsplit("/", 1)[1])]
        for area in areas():
            c = area.access_code(s, route, path) if hasattr(area, "access_code") else None
            if c:
                return c
        return path_code(path)

    problems, seen = [], {}
    for route in routes():
        ids = [1, 2] if route["action"].startswith("master_task.") else [1]
        for who, caller in callers.items():
            c = caller if who == "anon" else caller.client
            for path in paths(route, ids):
                refused = refusal(route["access"], who, code(route, path))
                if refused is None and route["method"] not in ("GET", "HEAD"):
                    continue  # allowed writes: the sweeps above
                want = (expected(ACCESS_STATUS, route, who, code(route, path))
                        if refused is None else refused)
                r = answer(s, problems, "%s %s as %s (access %s)" % (
                    route["method"], path, who, route["access"]), c, route, path,
                    values(route, ctx))
                if r is None:
                    continue
                where = "%s %s as %s (access %s) -> %d" % (route["method"], path, who,
                                                           route["access"], r.status)
                if r.status >= 500:
                    problems.append("%s: server error" % where)
                elif refused is None:
                    record(seen, route, r.status, who, code(route, path))
                    if r.status != want:
                        problems.append("%s: want %d %s" % (where, want, r.text[:120]))
                elif refused == "login":
                    if route["method"] == "GET" and not path.startswith("/api/"):
                        loc = r.header("Location") or ""
                        pre = "/log-ind?next="
                        if r.status != 303 or not loc.startswith(pre) or \
                                urllib.parse.unquote(loc[len(pre):]) != path:
                            problems.append("%s: want 303 to /log-ind?next=%s, Location %r"
                                            % (where, path, loc))
                    elif r.status != 401:
                        problems.append("%s: want 401" % where)
                elif r.status != refused:
                    problems.append("%s: want %d" % (where, refused))
                reset_throttle(s)
                if who != "anon":
                    caller.ensure()
    print_seen(seen, "access")
    for t in tables:
        if s.sql("SELECT * FROM %s ORDER BY 1" % t) != before[t]:
            problems.append("table %s changed by refused requests" % t)
    report(problems, "access levels")


# ---------------------------------------------------------------- areas

def areas():
    """The modules tests/http/sweep_*.py, each an area of the route table.
    A module may define VALUES (input name → value or fn(ctx)), ID_KIND
    (action prefix → kind of {id}), SLUGS (action prefix → [slug, ...]),
    WALL_STATUS, LAESER_STATUS and ACCESS_STATUS (rows as above),
    wall_setup(s, aa, ids): creates Aarhus's objects of its kinds through
    aa (plus@aarhus.dk's logged-in client) and sets ids[kind] = [id, ...],
    kbh_setup(s, plus, ids): the same for København's objects that the
    laeser's sweep aims at, through plus@kbh.dk's client, and for the
    access-level sweep (ids 1, and master tasks 1 and 2) access_setup(s,
    plus): København's objects with id 1, and access_code(s, route, path):
    the project code of the object a path names, when the path does not
    name it (None: not the area's)."""
    if "areas" not in _cache:
        here = os.path.dirname(os.path.abspath(__file__))
        _cache["areas"] = [importlib.import_module(os.path.basename(f)[:-3])
                           for f in sorted(glob.glob(os.path.join(here, "sweep_*.py")))]
    return _cache["areas"]


def merge_areas():
    """Adds every area's tables to this file's; an action given twice is a
    Failure, so two areas cannot silently disagree."""
    for area in areas():
        for name, table in (("VALUES", VALUES), ("ID_KIND", ID_KIND),
                            ("SLUGS", PARAMS["slug"]), ("WALL_STATUS", WALL_STATUS),
                            ("LAESER_STATUS", LAESER_STATUS),
                            ("ACCESS_STATUS", ACCESS_STATUS)):
            extra = getattr(area, name, {})
            both = set(extra) & set(table)
            if both:
                raise Failure("%s.%s gives %r again" % (area.__name__, name, sorted(both)))
            table.update(extra)


merge_areas()
run()
