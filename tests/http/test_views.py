"""HTTP tests of the one-view rule: a page and its API path answer the
same view. For every GET action of `klikd routes` that has both a page
and an API path, the page is fetched with "X-Klikd-View: 1" (in strict
mode the server then answers the view the page's template would have
rendered, page extras included, as JSON) and the API path as the same
caller, and the API's answer must be the page's view without exactly the
keys the route declares as extras, which must be on the page's view. The
callers are a municipality's KLIK-administrator, a PLUS user, KOMBIT and
an anonymous visitor. Path parameters are filled with real values, taken
from the collection the API lists them in; an action whose parameter
cannot be filled fails, so a new GET action is covered without editing
this file."""

import sys, os; sys.path.insert(0, os.path.dirname(__file__)); from harness import *  # noqa: E401,E402,F403

VIEW = {"X-Klikd-View": "1"}
CALLERS = ("admin@kbh.dk", "plus@kbh.dk", "kombit@kombit.dk", None)
# The item a parameter prefers when its collection lists it (else the first).
PREFERRED = {"code": "KY", "slug": "projektleder"}
# The key of a listed item that fills each type of path parameter.
PARAM_KEY = {"int": "id", "slug": "slug", "code": "code", "name": "name", "token": "token"}
# Further queries compared for actions with inputs (the bare path always is).
QUERIES = {"master_task.list": ["project=KY", "project=FBS"],
           "audit.list": ["entity=user&limit=50", "action=login"]}
PARAM = re.compile(r"\{([a-z_]+)(?::([a-z]+))?\}")


# ---------------------------------------------------------------- helpers

def get_actions():
    """{action: {"page": row, "api": row}} for every GET action of `klikd
    routes` that has both kinds of path."""
    _, out, _ = klikd("routes")
    by = {}
    for row in json.loads(out)["routes"]:
        by.setdefault(row["action"], {})[row["kind"]] = row
    both = {a: k for a, k in by.items() if "page" in k and "api" in k
            and k["page"]["method"] == "GET" and k["api"]["method"] == "GET"}
    check(len(both) >= 10, "only %d GET actions with a page and an API path: %r"
          % (len(both), sorted(both)))
    return both


def listed(client, path):
    """The items of the collection the API lists at path (the list named
    by its last segment, /api/v1/master-tasks: "master_tasks", or its only
    list), or None."""
    r = client.get(path)
    if r.status != 200 or not (r.header("Content-Type") or "").startswith("application/json"):
        return None
    body = r.json()
    named = body.get(path.rsplit("/", 1)[-1].replace("-", "_"))
    lists = [v for v in body.values() if isinstance(v, list)]
    return named if isinstance(named, list) else lists[0] if len(lists) == 1 else None


def fill_pattern(clients, pattern):
    """pattern with each {param} replaced by a value from the collection
    above it (/api/v1/roles/{slug}: a slug /api/v1/roles lists), asked of
    each client in turn until one lists an item; fails when none does."""
    path = pattern
    while True:
        m = PARAM.search(path)
        if not m:
            return path
        key = PARAM_KEY.get(m.group(2) or m.group(1))
        check(key, "%s: no way to fill a {%s} parameter" % (pattern, m.group(0)))
        above = path[:m.start()].rstrip("/")
        value = None
        for c in clients:
            items = [x for x in (listed(c, above) or []) if isinstance(x, dict) and key in x]
            if items:
                want = [x for x in items if x[key] == PREFERRED.get(key)]
                value = (want or items)[0][key]
                break
        check(value is not None, "%s: %s lists no item with %r to fill %s"
              % (pattern, above, key, m.group(0)))
        path = path[:m.start()] + urllib.parse.quote(str(value), safe="") + path[m.end():]


def page_path(api_pattern, api_path, page_pattern):
    """The page path naming what api_path names: page_pattern with the
    values api_path has for api_pattern's parameters."""
    rx = "^" + PARAM.sub(lambda m: "(?P<%s>[^/]+)" % m.group(1),
                         re.escape(api_pattern).replace(r"\{", "{").replace(r"\}", "}")) + "$"
    m = re.match(rx, api_path)
    check(m, "%s does not match %s" % (api_path, api_pattern))
    return PARAM.sub(lambda p: m.group(p.group(1)), page_pattern)


def compare(client, action, page, api, extras, who):
    """Fetches page (as its view) and api as client; their statuses agree,
    and on 200 the API's answer is the page's view without the extras,
    which are all there. True when compared at 200."""
    pv = client.get(page, headers=VIEW)
    av = client.get(api)
    if client.cookies.get("klikd_session") is None and pv.status == 303:
        eq(av.status, 401, "%s: %s answers an anonymous caller" % (action, api))
        return False
    eq(pv.status, av.status, "%s as %s: status of %s (%s) versus %s (%s)"
       % (action, who, page, pv.text[:120], api, av.text[:120]))
    if pv.status != 200:
        return False
    eq(pv.header("Content-Type"), "application/json; charset=utf-8",
       "%s: %s with X-Klikd-View" % (action, page))
    view, answer = pv.json(), av.json()
    missing = [k for k in extras if k not in view]
    check(not missing, "%s as %s: the page's view lacks declared extras %r"
          % (action, who, missing))
    for k in extras:
        check(k not in answer, "%s as %s: the API answers page extra %r" % (action, who, k))
    bare = {k: v for k, v in view.items() if k not in extras}
    if bare != answer:
        diff = sorted(set(bare) ^ set(answer)) or [k for k in bare if bare[k] != answer[k]]
        raise Failure("%s as %s: %s's view minus extras %r differs from %s in %r"
                      % (action, who, page, extras, api, diff))
    return True


def callers(s):
    """(name, client) for each caller, logged in through the API."""
    out = []
    for email in CALLERS:
        c = s.client()
        if email:
            c.login(email)
        out.append((email or "anonymous", c))
    return out


def add_data(s):
    """Appointments in two municipalities, a token and a changed user, so
    the views compared are not empty."""
    for email in ("plus@kbh.dk", "plus@aarhus.dk"):
        c = s.client()
        c.login(email)
        pid = s.one("SELECT person_id FROM users WHERE email = ?", email)
        for role in ("projektleder", "superbruger"):
            r = c.post_json("/api/v1/projects/KY/appointments", {"role": role, "person_id": pid})
            eq(r.status, 201, "appointment by %s (%s)" % (email, r.text[:200]))
    a = s.client()
    a.login("admin@kbh.dk")
    eq(a.patch_json("/api/v1/users/%d" % s.user_id("laeser@kbh.dk"),
                    {"title": "Læser", "projects": {"KY": "laeser", "FBS": "plus"}}).status,
       200, "user change")
    eq(a.post_json("/api/v1/tokens", {"name": "Skript"}).status, 201, "token")
    # tasks in both municipalities (task 519 in KY's Bølge 5), a message on
    # København's and a broadcast to the wave, so the task pages have views
    mt = s.one("SELECT id FROM master_tasks WHERE external_id = 519")
    wave = s.seed_wave("KY", "Bølge 5", "2027-01-01", ["101", "751"], [mt])
    task = s.one("SELECT id FROM tasks WHERE organisation_id = ? AND wave_id = ?",
                 org_id(s, "101"), wave)
    p = s.client()
    p.login("plus@kbh.dk")
    eq(p.post_json("/api/v1/tasks/%d/messages" % task, {"body": "Hej *KOMBIT*"}).status, 201,
       "message")


# ---------------------------------------------------------------- tests

@test
def every_get_action_answers_one_view():
    """Each GET action with both paths, for each caller, with real values."""
    s = shared_server()
    add_data(s)
    people = callers(s)
    clients = [c for _, c in people]
    compared = {}
    for action, kinds in sorted(get_actions().items()):
        page_pat, api_pat = kinds["page"]["pattern"], kinds["api"]["pattern"]
        extras = (kinds["page"].get("extras") or "").split()
        queries = [""] + QUERIES.get(action, [])
        for who, c in people:
            api = fill_pattern([c] + clients, api_pat)
            page = page_path(api_pat, api, page_pat)
            for q in queries:
                sep = "?" + q if q else ""
                if compare(c, action, page + sep, api + sep, extras, who):
                    compared.setdefault(action, set()).add(who)
    for action in get_actions():
        check(compared.get(action), "%s was compared for no caller" % action)
    eq(compared.get("user.show"), {"admin@kbh.dk", "kombit@kombit.dk"}, "user.show compared for")
    eq(compared.get("role.list"), set(n for n, _ in people), "role.list compared for")
    check({"admin@kbh.dk", "plus@kbh.dk", "kombit@kombit.dk"} <= compared["appointment.list"],
          "appointment.list compared for %r" % compared["appointment.list"])


@test
def extras_are_page_only():
    """The declared extras of the routes that have some reach the page's
    view and never the API's answer (the general test above, spelled out
    for one route, with values)."""
    s = shared_server()
    c = s.client()
    c.login("plus@kbh.dk")
    view = c.get("/projekter/KY/udpegninger", headers=VIEW).json()
    api = c.get("/api/v1/projects/KY/appointments").json()
    eq(sorted(view), sorted(set(api) | {"roles", "persons", "form"}), "keys of the page's view")
    eq({p["id"] for p in view["persons"]},
       {i for (i,) in s.sql("SELECT p.id FROM persons p JOIN organisations o"
                            " ON o.id = p.organisation_id WHERE o.code = '101'")},
       "the page's persons: the caller's municipality")
    eq(view["appointments"], api["appointments"], "appointments on the page and in the API")
    html_page = c.get("/projekter/KY/udpegninger")
    eq(html_page.header("Content-Type"), "text/html; charset=utf-8", "without X-Klikd-View")


@test
def an_unfillable_parameter_fails():
    """The filler fails, rather than skips, an action it cannot name a
    resource for: a new route is never silently left out."""
    s = shared_server()
    c = s.client()
    for pattern in ("/api/v1/findes-ikke/{id:int}", "/api/v1/roles/{wave:weird}"):
        try:
            fill_pattern([c], pattern)
        except Failure:
            continue
        raise Failure("fill_pattern(%r) did not fail" % pattern)
    eq(fill_pattern([c], "/api/v1/roles/{slug}"), "/api/v1/roles/projektleder", "a role's path")


@test
def view_header_needs_strict_mode():
    """Outside strict mode (production) X-Klikd-View changes nothing."""
    s = Server(users=False)
    try:
        s.stop()
        s.log.close()
        s.proc = subprocess.Popen([KLIKD, "serve", "--db", s.db, "--listen", "127.0.0.1:0"],
                                  stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True)
        line = s.proc.stdout.readline()
        s.port = int(re.search(r":(\d+)/", line).group(1))
        r = s.client().get("/roller", headers=VIEW)
        eq((r.status, r.header("Content-Type")), (200, "text/html; charset=utf-8"),
           "/roller with X-Klikd-View outside strict mode")
        s.proc.terminate()
        s.proc.wait(timeout=30)
        s.proc = None
    finally:
        s.log = open(os.devnull, "w+")
        s.close()


run()
