"""HTTP tests of klikd's foundation, JSON side: /healthz, the role and
document API, master tasks (cookie and Bearer authentication), the router's
negative answers (404, 405, 413, 400, 415, 422), malformed requests,
security headers, and the access log on a clean shutdown."""

import sys, os; sys.path.insert(0, os.path.dirname(__file__)); from harness import *  # noqa: E401,E402,F403

import socket  # noqa: E402

JSON_TYPE = "application/json; charset=utf-8"
HTML_TYPE = "text/html; charset=utf-8"
ROLE_FIELDS = {"slug", "name", "category", "effect", "phase"}
CATEGORIES = ["system-specific", "cross-cutting", "infrastructure", "infrastructure-administrator"]

# Roles: (number of tasks, number of responsibilities) in the rollegalleri.
ROLE_COUNTS = {
    "projektejer": (8, 3),
    "oeir-kordinator": (9, 3),
    "infrastrukturansvarlig": (15, 4),
    "klassifikations-sortimentsadministrator": (9, 2),
    "systemejer-for-kommunens-bogfoeringssystem-oeir-finans": (7, 6),
}

FBS_LINKS = [
    "https://share-komm.kombit.dk/p079/Implementering%20%20monopolbruddet/Forms/KLIKopgaver.aspx",
    "https://kombit.dk/sites/default/files/user_upload/documents/Videnscenter/"
    "KOMBIT%20rollegalleri%20version%201.2.pdf",
    "https://kombit.dk/KLIK",
    "mailto:bibsys@kombit.dk",
]

ACCESS_LOG = re.compile(
    r"^(\S+) (\S+) ([A-Z]+) (\S+) (\d{3}) (\d+) (\d+(?:\.\d+)?)ms user=(\d+) req=(\S+)$")


# ---------------------------------------------------------------- helpers

def json_ok(r, status=200, what="response"):
    """The JSON body of r after checking its status and content type."""
    eq(r.status, status, "%s status (%s)" % (what, r.text[:200]))
    eq(r.header("Content-Type"), JSON_TYPE, "%s content type" % what)
    return r.json()


def json_error(r, status, field=None, what="response"):
    """Checks an error answer: status, JSON type, {"error": text, "field": field}."""
    body = json_ok(r, status, what)
    check(isinstance(body.get("error"), str) and body["error"].strip(),
          "%s: no error message in %r" % (what, body))
    if field is not None:
        eq(body.get("field"), field, "%s error field" % what)
    return body


def security_headers(r, what):
    """The headers every response carries."""
    eq(r.header("X-Content-Type-Options"), "nosniff", "%s X-Content-Type-Options" % what)
    check(r.header("Referrer-Policy"), "%s has no Referrer-Policy" % what)
    csp = r.header("Content-Security-Policy")
    check(csp, "%s has no Content-Security-Policy" % what)
    directives = {}
    for d in csp.split(";"):
        parts = d.split()
        if parts:
            directives[parts[0].lower()] = parts[1:]
    eq(directives.get("frame-ancestors"), ["'none'"], "%s CSP frame-ancestors" % what)
    check("script-src" in directives, "%s CSP has no script-src: %s" % (what, csp))
    check("'unsafe-inline'" not in directives["script-src"],
          "%s CSP script-src allows unsafe-inline: %s" % (what, csp))


def raw_http(server, data, timeout=10):
    """Sends bytes over a fresh socket; returns everything the server sends
    back before it closes the connection (or the timeout passes)."""
    s = socket.create_connection(("127.0.0.1", server.port), timeout=timeout)
    chunks = []
    try:
        s.sendall(data)
        while True:
            try:
                b = s.recv(65536)
            except socket.timeout:
                break
            except ConnectionResetError:
                break
            if not b:
                break
            chunks.append(b)
    finally:
        s.close()
    return b"".join(chunks)


def raw_status(reply, what):
    m = re.match(rb"HTTP/1\.[01] (\d{3}) ", reply)
    check(m, "%s: no HTTP status line in %r" % (what, reply[:200]))
    return int(m.group(1))


def still_serving(server, what):
    r = server.client().get("/healthz")
    eq((r.status, r.text), (200, "ok\n"), "/healthz after %s" % what)


def token_for(server, email):
    _, out, _ = klikd("token", "add", "--db", server.db, "--email", email)
    tok = out.strip()
    check(tok and "\n" not in tok and " " not in tok, "token add printed %r" % out)
    return tok


def shared_token():
    s = shared_server()
    if "token" not in s.__dict__:
        s.token = token_for(s, "plus@kbh.dk")
    return s.token


def mt_id(server, external_id=None, project=None):
    if external_id is not None:
        return server.one("SELECT id FROM master_tasks WHERE external_id = ?", external_id)
    return server.one("SELECT m.id FROM master_tasks m JOIN projects p ON p.id = m.project_id"
                      " WHERE p.code = ?", project)


# ---------------------------------------------------------------- health, roles

@test
def healthz_answers_ok():
    r = shared_server().client().get("/healthz")
    eq(r.status, 200, "status")
    eq(r.text, "ok\n", "body")
    security_headers(r, "/healthz")


@test
def roles_list_has_32_roles_in_document_order():
    s = shared_server()
    body = json_ok(s.client().get("/api/v1/roles"), what="/api/v1/roles")
    roles = body["roles"]
    eq(len(roles), 32, "number of roles")
    eq(roles[0]["slug"], "projektejer", "first role")
    eq(roles[-1]["slug"], "organisationsadministrator", "last role")
    for r in roles:
        eq(set(r), ROLE_FIELDS, "fields of role %s" % r.get("slug"))
        check(r["category"] in CATEGORIES, "category of %s: %r" % (r["slug"], r["category"]))
        check(r["phase"] is None or r["phase"] in (1, 2, 3, 4), "phase of %s" % r["slug"])
        check(r["effect"].strip(), "role %s has no effect" % r["slug"])
    eq(len({r["slug"] for r in roles}), 32, "distinct slugs")
    eq([r[0] for r in s.sql("SELECT slug FROM roles ORDER BY position")],
       [r["slug"] for r in roles], "order of roles against roles.position")
    first = roles[0]
    eq((first["name"], first["category"], first["effect"], first["phase"]),
       ("Projektejer", "system-specific", "Styr på strategi, business case og allokering", 1),
       "projektejer")
    oeir = [r for r in roles if r["slug"] == "oeir-kordinator"]
    eq(len(oeir), 1, "ØiR-kordinator listed (slug with æøå folded)")
    eq(oeir[0]["name"], "ØiR-kordinator", "its name keeps the Ø")


@test
def roles_list_categories():
    body = json_ok(shared_server().client().get("/api/v1/roles"), what="/api/v1/roles")
    cats = body["categories"]
    eq([c["key"] for c in cats], CATEGORIES, "category keys in order")
    by_cat = {c["key"]: [x["slug"] for x in c["roles"]] for c in cats}
    eq(len(by_cat["system-specific"]), 9, "system-specific roles")
    eq(len(by_cat["infrastructure-administrator"]), 8, "infrastructure-administrator roles")
    eq(sum(len(v) for v in by_cat.values()), 32, "roles over all categories")
    for key in CATEGORIES:
        eq(by_cat[key], [r["slug"] for r in body["roles"] if r["category"] == key],
           "roles of category %s (document order)" % key)
    eq([c["label"] for c in cats],
       ["Systemspecifikke roller", "Tværgående roller", "Tværgående roller for infrastrukturen",
        "Infrastrukturadministratorer"], "category labels")


@test
def role_detail_item_counts():
    s = shared_server()
    c = s.client()
    for slug, (ntasks, nresps) in ROLE_COUNTS.items():
        role = json_ok(c.get("/api/v1/roles/" + slug), what=slug)
        eq(role["slug"], slug, "slug")
        eq(len(role["tasks"]), ntasks, "tasks of %s" % slug)
        eq(len(role["responsibilities"]), nresps, "responsibilities of %s" % slug)
        for item in role["tasks"] + role["responsibilities"]:
            eq(set(item), {"text", "implementation", "operation"}, "item fields of %s" % slug)
            check(item["implementation"] in ("X", "(X)", ""), "mark %r" % item["implementation"])
            check(item["operation"] in ("X", "(X)", ""), "mark %r" % item["operation"])
            check(item["text"].strip(), "empty item text in %s" % slug)
        rid = s.one("SELECT id FROM roles WHERE slug = ?", slug)
        eq(s.one("SELECT count(*) FROM role_items WHERE role_id = ? AND kind = 'task'", rid),
           ntasks, "role_items tasks of %s" % slug)
        check(isinstance(role["competences"], list) and role["competences"]
              and all(isinstance(x, str) and x for x in role["competences"]),
              "competences of %s: %r" % (slug, role["competences"]))
        check(isinstance(role["characteristics"], str) and role["characteristics"],
              "characteristics of %s" % slug)


@test
def role_detail_marks():
    c = shared_server().client()

    def item(slug, kind, n):
        return json_ok(c.get("/api/v1/roles/" + slug), what=slug)[kind][n - 1]

    t = item("projektejer", "tasks", 1)
    eq((t["implementation"], t["operation"]), ("X", ""), "projektejer task 1")
    check(t["text"].startswith("Bidrager til løsning af KLIK-opgaver"), "text %r" % t["text"])
    t = item("gevinstejer", "tasks", 3)
    eq((t["implementation"], t["operation"]), ("X", "X"), "gevinstejer task 3")
    t = item("systemansvarlig-opkraevningssystemet-oeir-debitor", "tasks", 1)
    eq((t["implementation"], t["operation"]), ("(X)", ""),
       "systemansvarlig-opkraevningssystemet-oeir-debitor task 1")
    t = item("klik-administrator", "tasks", 10)
    eq((t["implementation"], t["operation"]), ("", "X"), "klik-administrator task 10")
    r = item("projektejer", "responsibilities", 1)
    eq((r["text"], r["implementation"], r["operation"]),
       ("Ansvarlig for kommunens tilslutning til projektet", "X", ""),
       "projektejer responsibility 1")


@test
def role_detail_fields_of_projektejer():
    role = json_ok(shared_server().client().get("/api/v1/roles/projektejer"))
    for k in ("slug", "name", "category", "effect", "phase", "tasks", "responsibilities",
              "competences", "characteristics", "successors", "predecessors"):
        check(k in role, "field %s missing" % k)
    eq(role["name"], "Projektejer", "name")
    eq(role["phase"], 1, "phase")
    eq(len(role["competences"]), 3, "competences")
    eq(role["competences"][0], "Har indsigt i fagområdet", "first competence")
    check(role["characteristics"].startswith("Systemspecifik rolle, udpegning initieres"),
          "characteristics %r" % role["characteristics"][:80])
    check("veksles til rollen som Systemejer" in role["characteristics"],
          "characteristics name the successor")


@test
def role_successors_and_predecessors():
    c = shared_server().client()
    pe = json_ok(c.get("/api/v1/roles/projektejer"), what="projektejer")
    eq(pe["successors"], [{"slug": "systemejer-it-systemet", "name": "Systemejer (it-systemet)"}],
       "successors of projektejer")
    pl = json_ok(c.get("/api/v1/roles/projektleder"), what="projektleder")
    eq(pl["successors"],
       [{"slug": "systemansvarlig-it-systemet", "name": "Systemansvarlig (it-systemet)"}],
       "successors of projektleder")
    se = json_ok(c.get("/api/v1/roles/systemejer-it-systemet"), what="systemejer")
    eq(se["predecessors"], [{"slug": "projektejer", "name": "Projektejer"}],
       "predecessors of systemejer-it-systemet")
    sa = json_ok(c.get("/api/v1/roles/systemansvarlig-it-systemet"), what="systemansvarlig")
    eq(sa["predecessors"], [{"slug": "projektleder", "name": "Projektleder"}],
       "predecessors of systemansvarlig-it-systemet")


@test
def role_unknown_slug_is_404_json():
    c = shared_server().client()
    json_error(c.get("/api/v1/roles/findes-ikke"), 404, what="unknown role")
    json_error(c.get("/api/v1/roles/PROJEKTEJER"), 404, what="upper-case slug")


@test
def documents_api():
    s = shared_server()
    c = s.client()
    docs = json_ok(c.get("/api/v1/documents"), what="/api/v1/documents")["documents"]
    eq(len(docs), 1, "documents")
    eq(docs[0]["title"], "ØiR (Økonomi i Rammearkitekturen) Implementeringsstrategi", "title")
    eq(docs[0]["slug"], s.one("SELECT slug FROM documents"), "slug against the database")
    doc = json_ok(c.get("/api/v1/documents/" + docs[0]["slug"]), what="document")
    eq(doc["title"], docs[0]["title"], "title of the document")
    eq(doc["body"], s.one("SELECT body FROM documents"), "body (Markdown) against the database")
    check("<h2>1. Implementeringsstrategi</h2>" in doc["body_html"], "body_html has <h2>")
    check("<ul>" in doc["body_html"] and "<li>" in doc["body_html"], "body_html has a list")
    json_error(c.get("/api/v1/documents/findes-ikke"), 404, what="unknown document")


# ---------------------------------------------------------------- master tasks

@test
def master_tasks_need_authentication():
    s = shared_server()
    c = s.client()
    json_error(c.get("/api/v1/master-tasks"), 401, what="anonymous list")
    json_error(c.get("/api/v1/master-tasks/%d" % mt_id(s, 519)), 401, what="anonymous task")
    r = c.get("/master-opgaver")
    eq(r.status, 303, "anonymous page status")
    eq(r.header("Location"), "/log-ind?next=%2Fmaster-opgaver", "redirect")
    json_error(s.client(token="not-a-real-token").get("/api/v1/master-tasks"), 401,
               what="unknown Bearer token")


@test
def master_tasks_list_with_cookie_and_token():
    s = shared_server()
    want = sorted(r[0] for r in s.sql("SELECT id FROM master_tasks"))
    eq(len(want), 2, "master tasks in the database")
    c = s.client()
    c.login("plus@kbh.dk")
    for who, client in (("cookie", c), ("bearer", s.client(token=shared_token()))):
        r = client.get("/api/v1/master-tasks")
        body = json_ok(r, what="list (%s)" % who)
        eq(list(body), ["master_tasks"], "keys (%s)" % who)
        tasks = body["master_tasks"]
        eq(sorted(t["id"] for t in tasks), want, "ids (%s)" % who)
        eq(sorted((t["external_id"] or 0, t["project"]) for t in tasks), [(0, "FBS"), (519, "KY")],
           "external ids and projects (%s)" % who)
        eq(r.header("Cache-Control"), "no-store", "Cache-Control (%s)" % who)
        security_headers(r, "master-task list (%s)" % who)


@test
def master_tasks_only_of_projects_one_may_read():
    """A user with access to KY only reads nothing of FBS: not in the list,
    not by filter, not by id; KOMBIT reads every project."""
    s = shared_server()
    c = s.client()
    c.login("laeser@kbh.dk")
    ky = mt_id(s, 519)
    fbs = s.one("SELECT m.id FROM master_tasks m JOIN projects p ON p.id = m.project_id"
                " WHERE p.code = 'FBS'")
    eq([t["id"] for t in json_ok(c.get("/api/v1/master-tasks"))["master_tasks"]], [ky],
       "the list of a KY-only user")
    r = c.get("/api/v1/master-tasks?project=FBS")
    eq(r.status, 403, "filter on a project without access (%s)" % r.text[:100])
    eq(r.json().get("field"), "project", "the field named")
    eq(c.get("/api/v1/master-tasks/%d" % fbs).status, 403, "an FBS task by id")
    eq(c.get("/master-opgaver/%d" % fbs).status, 403, "an FBS task's page")
    check("/master-opgaver/%d\"" % fbs not in c.get("/master-opgaver").text,
          "the page lists the FBS task")
    eq(c.get("/api/v1/master-tasks?project=NOPE").status, 422, "an unknown project")
    k = s.client()
    k.login("kombit@kombit.dk")
    eq(len(json_ok(k.get("/api/v1/master-tasks"))["master_tasks"]), 2, "KOMBIT's list")


@test
def master_tasks_project_filter():
    s = shared_server()
    c = s.client(token=shared_token())
    fbs = json_ok(c.get("/api/v1/master-tasks?project=FBS"))["master_tasks"]
    eq([t["id"] for t in fbs], [mt_id(s, project="FBS")], "FBS filter")
    ky = json_ok(c.get("/api/v1/master-tasks?project=KY"))["master_tasks"]
    eq([t["id"] for t in ky], [mt_id(s, 519)], "KY filter")
    json_error(c.get("/api/v1/master-tasks?bogus=1"), 422, "bogus", "unknown query field")


@test
def master_task_519_every_field():
    s = shared_server()
    tid = mt_id(s, 519)
    t = json_ok(s.client(token=shared_token()).get("/api/v1/master-tasks/%d" % tid))
    expect = {
        "id": tid,
        "external_id": 519,
        "title": "PL 12 Planlæg kommunens ØiR implementering (B5)",
        "project": "KY",
        "phase": "Fase 2.1: Planlægning",
        "theme": "Projektledelse og -styring",
        "priority": "Prioritet 2",
        "sts": False,
        "duration_days": 5,
        "end_offset_days": -171,
        "start_offset_days": -63,
        "waves": ["KY - Bølge 5"],
        "result": "Opgaven er fuldført, når kommunen har planlagt ØiR implementeringen, herunder "
                  "involveret og allokeret relevante ressourcer.",
        "recommended_performer": "KY-projektleder sammen med KOMBIT-programleder",
        "publication_status": "Publiceret",
        "links": ["https://share-komm.kombit.dk/P008/Delte%20dokumenter/Forms/Planer.aspx"],
    }
    for k, v in expect.items():
        eq(t.get(k, "<missing>"), v, k)
    check(t["goal"].startswith("Målet er, at kommunen planlægger og allokerer ressourcer"),
          "goal %r" % t["goal"][:80])
    check(t["involved_parties"].startswith("KOMBIT-programleder, STS-projektleder"),
          "involved_parties %r" % t["involved_parties"][:80])
    d = t["description"]
    check(d.startswith("ØiR er en forudsætning for, at ydelsesområdet via KY"), "description %r"
          % d[:80])
    check("<p>" not in d and "<ul" not in d, "description keeps the export's HTML tags")
    h = t["description_html"]
    check("<ul>" in h and "<li>" in h, "description_html has no list")
    check("<li>Alle ØiR-relaterede KLIK-opgaver er obligatoriske og flere er på kritisk vej</li>"
          in h, "description_html lacks the list item")
    check("<script" not in h.lower(), "description_html has <script")
    check("&lt;p&gt;" not in h and "&lt;ul" not in h, "description_html escapes source HTML")
    check("raw HTML omitted" not in h, "description_html dropped source HTML")
    steps = t["method_steps"]
    eq(len(steps), 8, "method steps")
    eq(steps[0], 'Sæt ansvarlig og udfører på opgaven og opdater opgavens udførelsesstatus til '
                 '"påbegyndt"', "first step")
    eq(steps[7], "Opdater KLIK-opgavens udførelsesstatus til fuldført", "last step")
    eq(len(t["comments"]), 1, "comments")
    cm = t["comments"][0]
    eq((cm["author"], cm["at"]), ("Pernille Schultz", "2020-10-02T14:09:00Z"), "comment")
    check(cm["body"].startswith("#besked") and "Bedste hilsner" in cm["body"],
          "comment body %r" % cm["body"][:80])
    for r in t["roles"]:
        eq(set(r), {"slug", "name", "relation"}, "role fields")
        check(r["relation"] in ("performer", "involved"), "relation %r" % r["relation"])
    performers = sorted(r["slug"] for r in t["roles"] if r["relation"] == "performer")
    eq(performers, ["kombit-programleder", "projektleder"], "recommended performer roles")
    names = {r["slug"]: r["name"] for r in t["roles"]}
    eq(names["projektleder"], "Projektleder", "role name")
    eq(len(t["roles"]), s.one("SELECT count(*) FROM master_task_roles WHERE master_task_id = ?",
                              tid), "roles against master_task_roles")


@test
def master_task_fbs_every_field():
    s = shared_server()
    tid = mt_id(s, project="FBS")
    c = s.client()
    c.login("plus@kbh.dk")
    t = json_ok(c.get("/api/v1/master-tasks/%d" % tid))
    expect = {
        "id": tid,
        "external_id": None,
        "title": "Udpeg debitorprojektleder og - projektejer på FBS",
        "project": "FBS",
        "phase": "Fase 1: Opstart",
        "theme": "Projektledelse og -styring",
        "priority": "Obligatorisk",
        "sts": None,
        "waves": [],
        "recommended_performer": "Systemadministrator i samarbejde med bibliotekschef",
        "involved_parties": "Bibliotekschefen i kommunen, KOMBIT-programlederen",
        "links": FBS_LINKS,
        "comments": [],
    }
    for k, v in expect.items():
        eq(t.get(k, "<missing>"), v, k)
    eq(len(t["method_steps"]), 8, "method steps")
    eq(t["method_steps"][1], "Læs KLIK-vejledningen", "second step")
    check(t["goal"].startswith("Målet er at sikre"), "goal %r" % t["goal"][:60])
    check("<ul>" in t["goal_html"] and t["goal_html"].count("<li>") == 2, "goal_html list")
    check(t["result"].startswith("At kommunen har udpeget en projektleder"), "result")
    check(t["description"].startswith("Din kommune skal på FBS udpege en debitorprojektleder"),
          "description %r" % t["description"][:80])
    performers = [r["slug"] for r in t["roles"] if r["relation"] == "performer"]
    eq(performers, ["systemadministrator-it-systemet"], "recommended performer role")


@test
def master_task_unknown_is_404():
    s = shared_server()
    c = s.client(token=shared_token())
    json_error(c.get("/api/v1/master-tasks/999999"), 404, what="unknown id")
    json_error(c.get("/api/v1/master-tasks/abc"), 404, what="non-numeric id")
    json_error(c.get("/api/v1/master-tasks/-1"), 404, what="negative id")
    still_serving(s, "unknown master tasks")


# ---------------------------------------------------------------- session (inputs)

@test
def login_creates_session_and_audit_event():
    s = shared_server()
    uid = s.user_id("admin@aarhus.dk")
    before = s.one("SELECT count(*) FROM sessions WHERE user_id = ?", uid)
    c = s.client()
    r = c.post_json("/api/v1/session", {"email": "admin@aarhus.dk", "password": PASSWORD},
                    csrf=False)
    body = json_ok(r, what="log-in")
    eq(body["user"]["email"], "admin@aarhus.dk", "user")
    eq(body["user"]["organisation"]["code"], "751", "organisation")
    check(isinstance(body["csrf_token"], str) and len(body["csrf_token"]) >= 20, "csrf_token")
    check(c.cookies, "no session cookie set")
    eq(r.header("Cache-Control"), "no-store", "Cache-Control")
    eq(s.one("SELECT count(*) FROM sessions WHERE user_id = ?", uid), before + 1, "sessions")
    eq(s.one("SELECT csrf_token FROM sessions WHERE user_id = ? ORDER BY id DESC LIMIT 1", uid),
       body["csrf_token"], "stored CSRF token")
    me = json_ok(c.get("/api/v1/me"), what="/api/v1/me")
    eq(me["id"], uid, "me")


@test
def session_malformed_json_is_400():
    s = shared_server()
    c = s.client()
    n = s.one("SELECT count(*) FROM sessions")
    for body in (b'{"email": "admin@kbh.dk",', b"not json", b"{'email': 'x'}", b"\xff\xfe{}",
                 b'{"email": "admin@kbh.dk", "password": "x"} trailing'):
        r = c.request("POST", "/api/v1/session", body=body,
                      headers={"Content-Type": "application/json"})
        json_error(r, 400, what="body %r" % body)
    eq(s.one("SELECT count(*) FROM sessions"), n, "sessions after bad bodies")
    still_serving(s, "malformed JSON")


@test
def session_json_not_an_object_is_rejected():
    c = shared_server().client()
    for body in (b"[1]", b'"x"', b"null"):
        r = c.request("POST", "/api/v1/session", body=body,
                      headers={"Content-Type": "application/json"})
        check(r.status in (400, 422), "%r: status %d" % (body, r.status))
        json_error(r, r.status, what="body %r" % body)


@test
def session_form_content_type_is_415():
    s = shared_server()
    c = s.client()
    n = s.one("SELECT count(*) FROM sessions")
    body = urllib.parse.urlencode({"email": "admin@kbh.dk", "password": PASSWORD}).encode()
    r = c.request("POST", "/api/v1/session", body=body,
                  headers={"Content-Type": "application/x-www-form-urlencoded"})
    json_error(r, 415, what="form to the API")
    r = c.request("POST", "/api/v1/session", body=b'{"email":"a@b.dk"}',
                  headers={"Content-Type": "text/plain"})
    json_error(r, 415, what="text/plain to the API")
    eq(s.one("SELECT count(*) FROM sessions"), n, "sessions")
    eq(c.cookies, {}, "cookies")


@test
def session_unknown_field_is_422():
    s = shared_server()
    n = s.one("SELECT count(*) FROM sessions")
    r = s.client().post_json("/api/v1/session",
                             {"email": "admin@kbh.dk", "password": PASSWORD, "admin": True},
                             csrf=False)
    json_error(r, 422, "admin", "unknown field")
    eq(s.one("SELECT count(*) FROM sessions"), n, "no session for a rejected request")


@test
def session_missing_field_is_422():
    s = shared_server()
    c = s.client()
    n = s.one("SELECT count(*) FROM sessions")
    json_error(c.post_json("/api/v1/session", {"email": "admin@kbh.dk"}, csrf=False), 422,
               "password", "missing password")
    json_error(c.post_json("/api/v1/session", {"password": PASSWORD}, csrf=False), 422,
               "email", "missing email")
    json_error(c.post_json("/api/v1/session", {"email": "admin@kbh.dk", "password": 17},
                           csrf=False), 422, "password", "password of the wrong type")
    eq(s.one("SELECT count(*) FROM sessions"), n, "sessions")


@test
def session_wrong_password_is_rejected():
    s = shared_server()
    n = s.one("SELECT count(*) FROM sessions")
    r = s.client().post_json("/api/v1/session",
                             {"email": "plus@aarhus.dk", "password": "forkert-forkert"},
                             csrf=False)
    check(r.status in (401, 422), "status %d" % r.status)
    json_error(r, r.status, what="wrong password")
    eq(s.one("SELECT count(*) FROM sessions"), n, "sessions")


# ---------------------------------------------------------------- router negatives

@test
def wrong_method_is_405_with_allow():
    s = shared_server()
    c = s.client()
    for method, path in (("DELETE", "/api/v1/roles"), ("POST", "/api/v1/roles"),
                         ("PUT", "/api/v1/roles/projektejer"), ("POST", "/healthz"),
                         ("GET", "/api/v1/session")):
        r = c.request(method, path, body=b"{}" if method != "GET" else None,
                      headers={"Content-Type": "application/json"})
        if path.startswith("/api/"):
            json_error(r, 405, what="%s %s" % (method, path))
        else:
            eq(r.status, 405, "%s %s" % (method, path))
        allow = [m.strip() for m in (r.header("Allow") or "").split(",")]
        want = "POST" if path == "/api/v1/session" else "GET"
        check(want in allow, "%s %s: Allow %r lacks %s" % (method, path, r.header("Allow"), want))
        check(method not in allow, "%s %s: Allow %r has %s" % (method, path, allow, method))
        security_headers(r, "405")
    r = c.request("DELETE", "/roller")
    eq(r.status, 405, "DELETE /roller")
    check("GET" in (r.header("Allow") or ""), "Allow of /roller")
    still_serving(s, "405s")


@test
def unknown_paths_are_404():
    s = shared_server()
    c = s.client()
    r = c.get("/api/v1/findes-ikke")
    json_error(r, 404, what="/api/v1/findes-ikke")
    security_headers(r, "API 404")
    r = c.get("/api/findes-ikke")
    json_error(r, 404, what="/api/findes-ikke")
    r = c.get("/findes-ikke")
    eq(r.status, 404, "/findes-ikke")
    eq(r.header("Content-Type"), HTML_TYPE, "404 page type")
    check('<html lang="da"' in r.text, "404 page is an HTML page")
    security_headers(r, "HTML 404")


@test
def odd_paths_answer_4xx_and_log_one_line_each():
    # A dedicated server: what these paths do to the access log is checked too.
    s = Server(users=False)
    try:
        c = s.client()
        paths = ["/roller/%0aFALSK%20LINJE", "/roller/a%0d%0ab", "/roller/%1b%5b31m", "/roller/%",
                 "/roller/%zz", "/roller/a%00b", "/roller/%ff", "/roller/%c3%28",
                 "/api/v1/roles/%ff", "/api/v1/roles/%e2%82", "/vejledning/%80"]
        for path in paths:
            r = c.get(path)
            check(r.status in (400, 404), "%s: status %d, want 400 or 404" % (path, r.status))
            security_headers(r, path)
            if path.startswith("/api/"):
                json_error(r, r.status, what=path)
        still_serving(s, "invalid escapes")
        out = s.stop()
    finally:
        s.close()
    lines = out.splitlines()[1:]
    bad = [l for l in lines if not ACCESS_LOG.match(l) and not l.startswith("klikd: ")]
    check(not bad, "stdout lines that are not access-log lines (a request path written raw): %r"
          % bad)
    eq(len([l for l in lines if ACCESS_LOG.match(l)]), len(paths) + 1,
       "access-log lines, one per request")
    check(not any(ch in out for ch in "\x1b\x00\r\ufffd"),
          "control characters or invalid UTF-8 in the access log: %r" % out)


@test
def garbage_request_line_is_400():
    s = shared_server()
    # A request line without an HTTP version cannot be answered in HTTP/1.x:
    # libmicrohttpd closes the connection (no reply) or answers 400. Either
    # way nothing else may come back, and the server must keep serving.
    for garbage in (b"GARBAGE\r\n\r\n", b"GET\r\n\r\n"):
        reply = raw_http(s, garbage, timeout=5)
        check(not reply or raw_status(reply, repr(garbage)) == 400,
              "the request line %r got %r" % (garbage, reply[:100]))
        still_serving(s, "%r" % garbage)
    reply = raw_http(s, b"GARBAGE / HTTP/1.1\r\nHost: x\r\n\r\n", timeout=5)
    check(reply and raw_status(reply, "unknown method") in (400, 405, 501),
          "an unknown method got %r" % reply[:100])
    reply = raw_http(s, b"GET /healthz HTTP/1.1\r\nHost: x\r\nBad Header Line\r\n\r\n")
    eq(raw_status(reply, "bad header"), 400, "status for a header line without a colon")
    still_serving(s, "garbage requests")


@test
def head_has_no_body():
    s = shared_server()
    reply = raw_http(s, b"HEAD /roller HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n")
    eq(raw_status(reply, "HEAD /roller"), 200, "HEAD /roller")
    head, sep, body = reply.partition(b"\r\n\r\n")
    check(sep, "no end of headers in %r" % reply[:200])
    eq(body, b"", "HEAD body")
    check(b"text/html; charset=utf-8" in head, "HEAD content type: %r" % head)
    r = s.client().request("HEAD", "/api/v1/roles")
    eq(r.status, 200, "HEAD /api/v1/roles")
    eq(r.body, b"", "HEAD /api/v1/roles body")


@test
def oversized_content_length_is_413_on_default_limit():
    s = shared_server()
    n = s.one("SELECT count(*) FROM sessions")
    reply = raw_http(s, b"POST /api/v1/session HTTP/1.1\r\nHost: x\r\n"
                        b"Content-Type: application/json\r\nContent-Length: 99999999\r\n\r\n"
                        b'{"email":"admin@kbh.dk","password":"korrekt-hest-batteri"}')
    eq(raw_status(reply, "Content-Length 99999999"), 413, "status")
    eq(s.one("SELECT count(*) FROM sessions"), n, "sessions")
    still_serving(s, "413")


@test
def body_limit_413():
    s = Server(extra_args=("--body-limit", "2048"), users=False)
    try:
        c = s.client()
        big = {"email": "a@kbh.dk", "password": "x" * 10000}
        r = c.post_json("/api/v1/session", big, csrf=False)
        json_error(r, 413, what="10 kB JSON body")
        security_headers(r, "413")
        # Just under the limit is read and validated (a 4xx that is not 413).
        r = c.post_json("/api/v1/session", {"email": "a@kbh.dk", "password": "y" * 1500},
                        csrf=False)
        check(r.status != 413 and 400 <= r.status < 500, "1.5 kB body: %d" % r.status)
        reply = raw_http(s, b"POST /api/v1/session HTTP/1.1\r\nHost: x\r\n"
                            b"Content-Type: application/json\r\nContent-Length: 99999999\r\n\r\n"
                            b'{"email":"a@kbh.dk"}')
        eq(raw_status(reply, "Content-Length 99999999"), 413, "huge Content-Length")
        chunk = b'{"email":"a@kbh.dk","password":"' + b"z" * 990
        body = b""
        for part in (chunk, b"z" * 1000, b"z" * 1000, b'"}'):
            body += b"%x\r\n%s\r\n" % (len(part), part)
        body += b"0\r\n\r\n"
        reply = raw_http(s, b"POST /api/v1/session HTTP/1.1\r\nHost: x\r\n"
                            b"Content-Type: application/json\r\nTransfer-Encoding: chunked\r\n"
                            b"Connection: close\r\n\r\n" + body)
        eq(raw_status(reply, "chunked 3 kB"), 413, "chunked body over the limit")
        eq(s.one("SELECT count(*) FROM sessions"), 0, "sessions")
        still_serving(s, "oversized bodies")
    finally:
        s.close()


# ---------------------------------------------------------------- headers

@test
def security_headers_on_every_kind_of_response():
    s = shared_server()
    anon = s.client()
    cases = [
        ("GET", "/", 200), ("GET", "/roller", 200), ("GET", "/api/v1/roles", 200),
        ("GET", "/api/v1/roles/projektejer", 200), ("GET", "/findes-ikke", 404),
        ("GET", "/api/v1/findes-ikke", 404), ("GET", "/api/v1/master-tasks", 401),
        ("GET", "/master-opgaver", 303), ("GET", "/static/klikd.css", 200),
        ("GET", "/static/findes-ikke.css", 404), ("DELETE", "/api/v1/roles", 405),
        ("GET", "/log-ind", 200), ("GET", "/healthz", 200),
    ]
    for method, path, status in cases:
        r = anon.request(method, path)
        eq(r.status, status, "%s %s" % (method, path))
        security_headers(r, "%s %s" % (method, path))
    c = s.client()
    c.login("plus@kbh.dk")
    for path in ("/api/v1/master-tasks", "/master-opgaver", "/api/v1/me", "/roller",
                 "/api/v1/roles", "/master-opgaver/%d" % mt_id(s, 519)):
        r = c.get(path)
        eq(r.status, 200, "logged in: %s" % path)
        security_headers(r, "logged in: %s" % path)
        eq(r.header("Cache-Control"), "no-store", "Cache-Control of %s when logged in" % path)
    r = s.client(token=shared_token()).get("/api/v1/master-tasks/%d" % mt_id(s, 519))
    eq(r.header("Cache-Control"), "no-store", "Cache-Control with a Bearer token")


# ---------------------------------------------------------------- access log, shutdown

@test
def access_log_and_clean_shutdown():
    s = Server()
    try:
        c = s.client()
        plan = [("GET", "/healthz", 200), ("GET", "/roller", 200),
                ("GET", "/api/v1/roles/findes-ikke", 404), ("DELETE", "/api/v1/roles", 405),
                ("GET", "/api/v1/master-tasks", 401)]
        sizes = []
        for method, path, status in plan:
            r = c.request(method, path)
            eq(r.status, status, "%s %s" % (method, path))
            sizes.append(len(r.body))
        c.login("admin@kbh.dk")
        plan.append(("POST", "/api/v1/session", 200))
        r = c.get("/api/v1/master-tasks")
        plan.append(("GET", "/api/v1/master-tasks", 200))
        sizes += [None, len(r.body)]
        uid = s.user_id("admin@kbh.dk")
        out = s.stop()
    finally:
        s.close()
    lines = out.splitlines()
    check(lines and re.match(r"klikd: listening on http://127\.0\.0\.1:\d+/$", lines[0]),
          "first line %r" % (lines[:1],))
    log = [ACCESS_LOG.match(l) for l in lines]
    log = [m for m in log if m]
    eq(len(log), len(plan), "access-log lines (stdout: %r)" % out[-1500:])
    # Lines are written when a request completes, by whichever worker thread
    # served it, so their order may differ from the order of the requests.
    order = {(m.group(3), m.group(4), int(m.group(5))): m for m in log}
    eq(sorted(order), sorted((mt, p, st) for mt, p, st in plan), "logged requests")
    log = [order[step] for step in plan]
    reqids = set()
    for m, (method, path, status), size in zip(log, plan, sizes):
        when, addr, lmethod, lpath, lstatus, lbytes, _ms, user, req = m.groups()
        eq((lmethod, lpath, int(lstatus)), (method, path, status), "log line %r" % m.group(0))
        check(re.match(r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d", when), "time %r" % when)
        eq(addr, "127.0.0.1", "address")
        if size is not None:
            eq(int(lbytes), size, "bytes of %s %s" % (method, path))
        want_user = uid if path == "/api/v1/master-tasks" and status == 200 else None
        if want_user:
            eq(int(user), uid, "user of the authenticated request")
        if status == 401:
            eq(user, "0", "user of the anonymous request")
        reqids.add(req)
    eq(len(reqids), len(plan), "distinct request ids")


@test
def secret_paths_are_not_logged():
    """A calendar feed's and a reset link's token never reach the access
    log: the line shows {token} where the secret was."""
    s = Server()
    try:
        c = s.client()
        c.login("plus@kbh.dk")
        r = c.post_json("/api/v1/me/calendar", {})
        eq(r.status, 201, "calendar feed (%s)" % r.text[:200])
        feed = urllib.parse.urlparse(r.json()["url"]).path
        eq(s.client().get(feed).status, 200, "the feed")
        a = s.client()
        a.login("admin@kbh.dk")
        r = a.post_json("/api/v1/users/%d/password-reset" % s.user_id("laeser@kbh.dk"), {})
        eq(r.status, 201, "reset link")
        link = urllib.parse.urlparse(r.json()["url"]).path
        eq(s.client().get(link).status, 200, "the reset form")
        out = s.stop()
    finally:
        s.close()
    for secret in (feed.rsplit("/", 1)[1], link.rsplit("/", 1)[1]):
        check(len(secret) > 20 and secret not in out, "the access log shows a secret %r" % secret)
    check(re.search(r" GET /kalender/\{token\} 200 ", out), "no redacted feed line in the log")
    check(re.search(r" GET /nulstil/\{token\} 200 ", out), "no redacted reset line in the log")


run()
