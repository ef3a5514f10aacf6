"""HTTP tests of projects, waves and publishing (issue 9): KOMBIT creates a
wave of three municipalities and publishes master task 519 to it, which
gives each member a task dated from go-live (deadline = go-live + end
offset, start = deadline + start offset); moving go-live moves them and
says how many; a municipality joining later gets them; unpublishing hides
them and publishing again shows them; publishing announces the tasks in a
message to the wave. Only KOMBIT may change any of it; a municipality
reads the waves it is a member of. The pages are driven through the forms
they render. Every test checks the answer and the database."""

import sys, os; sys.path.insert(0, os.path.dirname(__file__)); from harness import *  # noqa: E401,E402,F403

import datetime  # noqa: E402
import html as htmllib  # noqa: E402

GO_LIVE = "2026-10-01"
THREE = ["101", "751", "461"]
NOTICE = re.compile(r'<p class="notice" role="status">(.*?)</p>', re.S)


def days(date, n):
    """The date n calendar days from date ("YYYY-MM-DD")."""
    return (datetime.date.fromisoformat(date) + datetime.timedelta(days=n)).isoformat()


def kombit(s):
    """KOMBIT's client, logged in over the API."""
    c = s.client()
    eq(c.login("kombit@kombit.dk").status, 200, "KOMBIT log-in")
    return c


def mt519(s):
    """master_tasks.id of task 519 (KY)."""
    return s.one("SELECT id FROM master_tasks WHERE external_id = 519")


def tasks_of(s, wave):
    """{kommunekode: (start, end, status, hidden_at)} of the wave's tasks."""
    rows = s.sql("SELECT o.code, t.start_date, t.end_date, t.status, t.hidden_at FROM tasks t"
                 " JOIN organisations o ON o.id = t.organisation_id WHERE t.wave_id = ?", wave)
    return {r[0]: tuple(r[1:]) for r in rows}


def new_wave(s, c, name, go_live=GO_LIVE, codes=THREE, project="KY"):
    """Creates a wave through the API and returns its id."""
    body = {"project": project, "name": name, "municipalities": list(codes)}
    if go_live:
        body["go_live"] = go_live
    r = c.post_json("/api/v1/waves", body)
    eq(r.status, 201, "POST /api/v1/waves %s (%s)" % (name, r.text[:300]))
    eq(r.header("Location"), "/api/v1/waves/%d" % r.json()["id"], "Location")
    return r.json()["id"]


def tick(form, name, values):
    """Ticks exactly the checkboxes called name whose value is in values,
    as a user does (the harness's fill() names one field at a time)."""
    boxes = [f for f in form.fields if f.name == name and f.type == "checkbox"]
    check(boxes, "%r has no checkboxes %r" % (form, name))
    for f in boxes:
        check(f.label, "checkbox %s=%s has no label" % (name, f.value))
        f.checked = f.value in [str(v) for v in values]
        check(not (f.checked and f.disabled), "checkbox %s=%s is disabled" % (name, f.value))


def notices(resp):
    return [" ".join(htmllib.unescape(n).split()) for n in NOTICE.findall(resp.text)]


@test
def publish_519_to_three_municipalities():
    """Task 519 to "KY - Bølge 5" of three: three tasks, go-live−171 and −171−63."""
    s = Server()
    c = kombit(s)
    wid = new_wave(s, c, "KY - Bølge 5")  # the importer's "Bølge 5" of KY, set up now
    eq(s.one("SELECT count(*) FROM waves w JOIN projects p ON p.id = w.project_id"
             " WHERE p.code = 'KY' AND w.name = 'Bølge 5'"), 1, "one wave Bølge 5 of KY")
    eq(s.one("SELECT name FROM waves WHERE id = ?", wid), "Bølge 5", "stored name")
    r = c.post_json("/api/v1/waves/%d/publish" % wid, {"master_tasks": [mt519(s)]})
    eq(r.status, 200, "publish (%s)" % r.text[:300])
    eq(r.json()["tasks_created"], 3, "tasks created")
    eq(r.json()["label"], "KY - Bølge 5", "label")
    end = days(GO_LIVE, -171)
    eq(end, "2026-04-13", "the deadline by hand")
    want = {code: (days(end, -63), end, "ikke_paabegyndt", None) for code in THREE}
    eq(tasks_of(s, wid), want, "the wave's tasks")
    eq(s.one("SELECT count(DISTINCT project_id) FROM tasks WHERE wave_id = ?", wid), 1, "project")
    # the announcement to the wave, by the publisher, rendered
    msgs = s.sql("SELECT author_id, organisation_id, body, body_html FROM messages"
                 " WHERE wave_id = ?", wid)
    eq(len(msgs), 1, "one message to the wave")
    author, org, body, body_html = msgs[0]
    eq(author, s.user_id("kombit@kombit.dk"), "its author")
    eq(org, None, "for every member")
    check("PL 12 Planlæg kommunens ØiR implementering" in body, "the title in %r" % body)
    check('<a href="/master-opgaver/%d">' % mt519(s) in body_html, "a link in %r" % body_html)
    check("13. apr. 2026" in body_html, "the deadline in %r" % body_html)
    # audited: for the wave and for each member municipality
    eq(s.one("SELECT count(*) FROM audit_events WHERE action = 'wave.publish'"), 1, "wave.publish")
    eq(s.one("SELECT count(*) FROM audit_events WHERE action = 'task.publish'"
             " AND entity_id = ?", str(wid)), 3, "task.publish per member")
    # publishing again changes nothing and posts nothing
    r = c.post_json("/api/v1/waves/%d/publish" % wid, {"master_tasks": [mt519(s)]})
    eq((r.status, r.json()["tasks_created"], r.json()["changed"]), (200, 0, 0), "again")
    eq(s.one("SELECT count(*) FROM messages WHERE wave_id = ?", wid), 1, "still one message")
    g = c.get("/api/v1/waves/%d" % wid).json()
    eq((g["go_live"], g["municipalities"], g["task_count"]), (GO_LIVE, sorted(THREE), 3), "GET")
    eq([(m["published"], m["deadline"]) for m in g["master_tasks"]], [(True, end)],
       "its publication")


@test
def moving_go_live_moves_the_tasks():
    """PATCH go_live moves every task's dates and says how many."""
    s = shared_server()
    c = kombit(s)
    wid = new_wave(s, c, "Bølge 21")
    c.post_json("/api/v1/waves/%d/publish" % wid, {"master_tasks": [mt519(s)]})
    before = s.one("SELECT count(*) FROM audit_events WHERE action = 'task.dates'")
    r = c.patch_json("/api/v1/waves/%d" % wid, {"go_live": "2027-01-15"})
    eq(r.status, 200, "PATCH (%s)" % r.text[:300])
    eq(r.json()["tasks_moved"], 3, "tasks moved")
    eq(r.json()["go_live"], "2027-01-15", "new go-live")
    end = days("2027-01-15", -171)
    eq({k: v[:2] for k, v in tasks_of(s, wid).items()},
       {code: (days(end, -63), end) for code in THREE}, "moved dates")
    eq(s.one("SELECT count(*) FROM audit_events WHERE action = 'task.dates'") - before, 3,
       "task.dates audited per member")
    ev = s.sql("SELECT before, after FROM audit_events WHERE action = 'wave.go_live'"
               " AND entity_id = ? ORDER BY id DESC LIMIT 1", str(wid))[0]
    eq((json.loads(ev[0])["go_live"], json.loads(ev[1])["tasks_moved"]), (GO_LIVE, 3), "audit")
    # the same date again moves nothing
    eq(c.patch_json("/api/v1/waves/%d" % wid, {"go_live": "2027-01-15"}).json()["tasks_moved"],
       0, "unchanged")
    # a wave with tasks keeps a go-live
    r = c.patch_json("/api/v1/waves/%d" % wid, {"go_live": ""})
    eq((r.status, r.json()["field"] if r.status == 422 else None), (422, "go_live"), "clear")


@test
def a_municipality_joining_later_gets_the_tasks():
    """Adding a member creates its tasks; removing one hides them; back again shows them."""
    s = shared_server()
    c = kombit(s)
    wid = new_wave(s, c, "Bølge 22")
    c.post_json("/api/v1/waves/%d/publish" % wid, {"master_tasks": [mt519(s)]})
    r = c.patch_json("/api/v1/waves/%d" % wid, {"municipalities": THREE + ["147"]})
    eq((r.status, r.json()["tasks_created"]), (200, 1), "147 joins (%s)" % r.text[:200])
    t = tasks_of(s, wid)
    eq(t["147"], t["101"], "147's task is dated as the others'")
    eq(s.one("SELECT count(*) FROM audit_events WHERE action = 'wave.join' AND organisation_id"
             " = ?", org_id(s, "147")), 1, "wave.join audited for 147")
    r = c.patch_json("/api/v1/waves/%d" % wid, {"municipalities": ["101", "751", "461"]})
    eq((r.status, r.json()["tasks_hidden"]), (200, 1), "147 leaves")
    check(tasks_of(s, wid)["147"][3] is not None, "147's task hidden, not deleted")
    r = c.patch_json("/api/v1/waves/%d" % wid, {"municipalities": THREE + ["147"]})
    eq((r.json()["tasks_created"], tasks_of(s, wid)["147"][3]), (1, None), "shown again")
    eq(s.one("SELECT count(*) FROM tasks WHERE wave_id = ?", wid), 4, "no duplicate")


@test
def unpublish_hides_and_republish_shows():
    """Unpublishing hides the tasks (kept); publishing again shows the same rows."""
    s = shared_server()
    c = kombit(s)
    wid = new_wave(s, c, "Bølge 23")
    c.post_json("/api/v1/waves/%d/publish" % wid, {"master_tasks": [mt519(s)]})
    ids = s.sql("SELECT id FROM tasks WHERE wave_id = ? ORDER BY id", wid)
    r = c.post_json("/api/v1/waves/%d/unpublish" % wid, {"master_tasks": [mt519(s)]})
    eq((r.status, r.json()["tasks_hidden"]), (200, 3), "unpublish (%s)" % r.text[:200])
    check(all(v[3] for v in tasks_of(s, wid).values()), "all hidden")
    check(s.one("SELECT unpublished_at FROM wave_publications WHERE wave_id = ?", wid),
          "unpublished_at set")
    eq(c.get("/api/v1/waves/%d" % wid).json()["task_count"], 0, "no shown tasks")
    r = c.post_json("/api/v1/waves/%d/publish" % wid, {"master_tasks": [mt519(s)]})
    eq((r.json()["tasks_shown"], r.json()["tasks_created"]), (3, 0), "republished")
    eq(s.sql("SELECT id FROM tasks WHERE wave_id = ? ORDER BY id", wid), ids, "the same rows")
    check(all(v[3] is None for v in tasks_of(s, wid).values()), "all shown")
    eq(s.one("SELECT count(*) FROM audit_events WHERE action = 'wave.unpublish'"
             " AND entity_id = ?", str(wid)), 1, "unpublish audited")


@test
def refused_inputs():
    """No go-live, a draft, another project's task, unknown codes, a wave in use."""
    s = shared_server()
    c = kombit(s)
    wid = new_wave(s, c, "Bølge 24", go_live=None)
    r = c.post_json("/api/v1/waves/%d/publish" % wid, {"master_tasks": [mt519(s)]})
    eq((r.status, r.json().get("field")), (422, "go_live"), "publish without go-live")
    c.patch_json("/api/v1/waves/%d" % wid, {"go_live": GO_LIVE})
    other = s.one("SELECT id FROM master_tasks WHERE project_id <> (SELECT id FROM projects"
                  " WHERE code = 'KY') LIMIT 1")
    if other:
        r = c.post_json("/api/v1/waves/%d/publish" % wid, {"master_tasks": [other]})
        eq((r.status, r.json().get("field")), (422, "master_tasks"), "another project's")
    s.write("UPDATE master_tasks SET state = 'draft' WHERE id = ?", mt519(s))
    try:
        r = c.post_json("/api/v1/waves/%d/publish" % wid, {"master_tasks": [mt519(s)]})
        eq((r.status, r.json().get("field")), (422, "master_tasks"), "a draft")
    finally:
        s.write("UPDATE master_tasks SET state = 'published' WHERE id = ?", mt519(s))
    for body, field in (({"master_tasks": [999999]}, "master_tasks"),
                        ({"master_tasks": []}, "master_tasks"),
                        ({"master_tasks": "1"}, "master_tasks"),
                        ({"master_tasks": [1], "wave": 2}, "wave")):
        r = c.post_json("/api/v1/waves/%d/publish" % wid, body)
        eq((r.status, r.json().get("field")), (422, field), "publish %r" % body)
    eq(s.one("SELECT count(*) FROM tasks WHERE wave_id = ?", wid), 0, "nothing published")
    for body, field in (({"project": "KY", "name": "Bølge 25", "municipalities": ["999"]},
                         "municipalities"),
                        ({"project": "KY", "name": "Bølge 25", "municipalities": ["kombit"]},
                         "municipalities"),
                        ({"project": "KY", "name": "FBS - Bølge 25"}, "name"),
                        ({"project": "NOPE", "name": "Bølge 25"}, "project"),
                        ({"project": "KY", "name": "Bølge 25", "go_live": "2026-13-01"},
                         "go_live")):
        r = c.post_json("/api/v1/waves", body)
        eq((r.status, r.json().get("field")), (422, field), "create %r" % body)
    r = c.post_json("/api/v1/waves", {"project": "KY", "name": "KY - Bølge 24"})
    eq(r.status, 409, "a wave in use (%s)" % r.text[:200])
    r = c.post_json("/api/v1/waves", {"project": "KY", "name": "Bølge 24 - ekstra"})
    eq(r.status, 201, "a name with a dash (%s)" % r.text[:200])
    eq(s.one("SELECT name FROM waves WHERE id = ?", r.json()["id"]), "Bølge 24 - ekstra", "kept")
    eq(c.patch_json("/api/v1/waves/999999", {"go_live": GO_LIVE}).status, 404, "no such wave")


@test
def only_kombit_changes_waves():
    """Municipalities: 403 for every write; they read only their own waves (else 404)."""
    s = shared_server()
    c = kombit(s)
    mine = new_wave(s, c, "Bølge 26", codes=["101"])
    theirs = new_wave(s, c, "Bølge 27", codes=["751"])
    c.post_json("/api/v1/waves/%d/publish" % mine, {"master_tasks": [mt519(s)]})
    for email in ("admin@kbh.dk", "plus@kbh.dk", "laeser@kbh.dk"):
        m = s.client()
        m.login(email)
        for method, path, body in (
                ("POST", "/api/v1/waves", {"project": "KY", "name": "Bølge 28"}),
                ("PATCH", "/api/v1/waves/%d" % mine, {"go_live": "2030-01-01"}),
                ("POST", "/api/v1/waves/%d/publish" % mine, {"master_tasks": [mt519(s)]}),
                ("POST", "/api/v1/waves/%d/unpublish" % mine, {"master_tasks": [mt519(s)]}),
                ("POST", "/api/v1/projects", {"code": "NYT", "name": "Nyt"})):
            r = m.json_call(method, path, body)
            eq(r.status, 403, "%s %s %s" % (email, method, path))
        eq(m.get("/api/v1/waves/%d" % mine).status, 200, "%s reads its wave" % email)
        eq(m.get("/api/v1/waves/%d" % theirs).status, 404, "%s: Aarhus's wave" % email)
        names = [w["name"] for w in m.get("/api/v1/waves").json()["waves"]]
        check("Bølge 26" in names and "Bølge 27" not in names, "%s lists %r" % (email, names))
    eq(s.one("SELECT go_live FROM waves WHERE id = ?", mine), GO_LIVE, "unchanged")
    eq(s.one("SELECT count(*) FROM wave_publications WHERE wave_id = ?", mine), 1, "one")
    anon = s.client()
    eq(anon.get("/api/v1/waves").status, 401, "anonymous")
    m = s.client()
    m.login("laeser@kbh.dk")
    eq(m.get("/api/v1/waves?project=FBS").status, 403, "a project the caller cannot read")
    eq(m.get("/api/v1/waves?project=NOPE").status, 422, "an unknown project")
    eq([w["project"] for w in c.get("/api/v1/waves?project=FBS").json()["waves"]],
       ["FBS"] * len(c.get("/api/v1/waves?project=FBS").json()["waves"]), "filtered")


@test
def projects_list_and_create():
    """GET /api/v1/projects lists what the caller reads; KOMBIT creates projects."""
    s = shared_server()
    c = kombit(s)
    r = c.post_json("/api/v1/projects", {"code": "NYE", "name": "Nyt projekt"})
    eq((r.status, r.json()), (201, {"code": "NYE", "name": "Nyt projekt"}), "create")
    eq(s.one("SELECT name FROM projects WHERE code = 'NYE'"), "Nyt projekt", "stored")
    eq(c.post_json("/api/v1/projects", {"code": "NYE", "name": "Igen"}).status, 409, "taken")
    eq(c.post_json("/api/v1/projects", {"code": "ny", "name": "x"}).json().get("field"), "code",
       "lower case code")
    check("NYE" in [p["code"] for p in c.get("/api/v1/projects").json()["projects"]], "listed")
    m = s.client()
    m.login("laeser@kbh.dk")
    eq(m.get("/api/v1/projects").json(), {"projects": [
        {"code": "KY", "name": "Kommunernes Ydelsessystem"}]}, "laeser reads KY only")
    eq(s.one("SELECT count(*) FROM audit_events WHERE action = 'project.create'"
             " AND after LIKE '%NYE%'"), 1, "audited")


@test
def pages_create_publish_and_move():
    """KOMBIT through the pages: new wave, publish 519, move go-live (the notice says 3)."""
    s = shared_server()
    c = s.client()
    eq(c.login_form("kombit@kombit.dk").status, 303, "log-in")
    page = c.get("/projekter")
    eq(page.status, 200, "/projekter")
    check('href="/projekter/KY"' in page.text, "KY links to its page")
    r = submit(c, form_of(page, action="/projekter"), {"code": "SIDE", "name": "Sideprojekt"})
    eq((r.status, r.path), (200, "/projekter"), "new project")
    eq(notices(r), ["Projektet er oprettet."], "notice")
    form = form_of(c.get("/boelger"), action="/boelger")
    tick(form, "municipalities", THREE)
    r = submit(c, form, {"project": "KY", "name": "FBS - Bølge 31"})
    eq(r.status, 422, "another project's label")
    form = form_of(r, action="/boelger")
    eq(sorted(f.value for f in form.fields if f.name == "municipalities" and f.checked),
       sorted(THREE), "the ticks kept")
    eq(form.field("project").selected(), "KY", "the project kept")
    r = submit(c, form, {"name": "Bølge 31"})
    eq(r.status, 200, "new wave (%s)" % r.text[:300])
    check(re.fullmatch(r"/boelger/\d+", r.path), "on the wave's page: %s" % r.path)
    wid = int(r.path.rsplit("/", 1)[1])
    eq(s.one("SELECT count(*) FROM wave_members WHERE wave_id = ?", wid), 3, "members")
    # publishing without go-live: the form again, with the reason
    form = form_of(r, action="/boelger/%d/publicer" % wid)
    tick(form, "master_tasks", [mt519(s)])
    r = submit(c, form)
    eq(r.status, 422, "publish without go-live")
    check("go-live" in r.text, "the reason is shown")
    r = submit(c, form_of(c.get("/boelger/%d" % wid), action="/boelger/%d" % wid,
                          button="Gem go-live"), {"go_live": GO_LIVE})
    eq((r.status, s.one("SELECT go_live FROM waves WHERE id = ?", wid)), (200, GO_LIVE), "go-live")
    form = form_of(r, action="/boelger/%d/publicer" % wid)
    tick(form, "master_tasks", [mt519(s)])
    r = submit(c, form)
    eq(r.status, 200, "publish (%s)" % r.text[:300])
    eq(len(tasks_of(s, wid)), 3, "three tasks")
    check(any("3 opgaver oprettet" in n for n in notices(r)), "notice %r" % notices(r))
    r = submit(c, form_of(r, action="/boelger/%d" % wid, button="Gem go-live"),
               {"go_live": "2026-11-01"})
    eq(r.status, 200, "move")
    eq(notices(r), ["Go-live er flyttet: 3 opgaver har fået nye datoer."], "move notice")
    eq(tasks_of(s, wid)["101"][1], days("2026-11-01", -171), "moved")
    # a member joins through the checkboxes
    form = form_of(r, action="/boelger/%d" % wid, button="Gem kommuner")
    tick(form, "municipalities", THREE + ["147"])
    r = submit(c, form)
    eq((r.status, len(tasks_of(s, wid))), (200, 4), "147 joined")
    # unpublish through its form
    form = form_of(r, action="/boelger/%d/afpublicer" % wid)
    tick(form, "master_tasks", [mt519(s)])
    r = submit(c, form)
    eq(r.status, 200, "unpublish")
    check(all(v[3] for v in tasks_of(s, wid).values()), "hidden")


@test
def municipality_pages():
    """A member reads its wave page without forms; a non-member gets 404."""
    s = shared_server()
    c = kombit(s)
    wid = new_wave(s, c, "Bølge 32", codes=["101"])
    m = s.client()
    m.login_form("plus@kbh.dk")
    r = m.get("/boelger/%d" % wid)
    eq(r.status, 200, "member's page")
    eq([f.action for f in forms_of(r) if f.method == "post" and "/boelger/" in f.action], [],
       "no wave forms for a municipality")
    view = m.get("/boelger/%d" % wid, headers={"X-Klikd-View": "1"}).json()
    eq((view["choices"], view["candidates"]), ([], []), "no drafts or forms in its view")
    a = s.client()
    a.login_form("plus@aarhus.dk")
    eq(a.get("/boelger/%d" % wid).status, 404, "non-member")
    check("/boelger/%d" % wid not in a.get("/boelger").text, "not listed for Aarhus")
    r = a.post_form("/boelger/%d/publicer" % wid, {"master_tasks": str(mt519(s))})
    eq(r.status, 403, "Aarhus may not publish")


@test
def seed_wave_goes_through_the_api():
    """Server.seed_wave: tasks as publishing makes them, twice with the same name."""
    s = shared_server()
    wid = s.seed_wave("KY", "Bølge 33", "2026-06-01", ["101"], [mt519(s)])
    end = days("2026-06-01", -171)
    eq(tasks_of(s, wid), {"101": (days(end, -63), end, "ikke_paabegyndt", None)}, "tasks")
    eq(s.seed_wave("KY", "KY - Bølge 33", "2026-06-01", ["751"], [mt519(s)]), wid, "same wave")
    eq(sorted(tasks_of(s, wid)), ["101", "751"], "both members")


# ---------------------------------------------------------------- authoring master tasks

def post_preview(c, form, changes):
    """What a browser sends when the form's Forhåndsvis button is pressed:
    the filled form plus the button's preview=1."""
    vals = fill(form, changes) + [("preview", "1")]
    return c.request("POST", form.action, body=urllib.parse.urlencode(vals).encode(),
                     headers={"Content-Type": "application/x-www-form-urlencoded"})


def boxes(form, name, values):
    """Fills the text boxes called name, in order, with values (the rest
    empty), as a user types into them."""
    fields = [f for f in form.fields if f.name == name and not f.hidden]
    check(len(fields) >= len(values), "%d boxes %s for %r" % (len(fields), name, values))
    for f, v in zip(fields, list(values) + [""] * len(fields)):
        check(f.label, "box %s has no label" % name)
        f.value = v


@test
def authoring_through_the_forms():
    """New draft (preview, save), invisible to municipalities, edited and published."""
    s = shared_server()
    c = s.client()
    eq(c.login_form("kombit@kombit.dk").status, 303, "log-in")
    check('href="/master-opgaver/ny"' in c.get("/master-opgaver").text, "a link to the form")
    form = form_of(c.get("/master-opgaver/ny"), action="/master-opgaver/ny")
    boxes(form, "method_steps", ["Læs *vejledningen*", "Udpeg en projektleder"])
    boxes(form, "links", ["https://www.kombit.dk/ky"])
    fields = {"title": "Forbered ØiR-test", "project": "KY", "goal": "Kommunen er **klar**.",
              "end_offset_days": "-30", "start_offset_days": "-14", "duration_days": "3",
              "recommended_performer": "Projektleder", "phase": "Fase 3"}
    before = s.one("SELECT count(*) FROM master_tasks")
    r = post_preview(c, form, fields)
    eq(r.status, 200, "preview (%s)" % r.text[:300])
    main = main_of(r.text)
    check("Forhåndsvisning" in main and "<strong>klar</strong>" in main, "rendered goal")
    check("<em>vejledningen</em>" in main, "rendered step")
    eq(s.one("SELECT count(*) FROM master_tasks"), before, "the preview saved nothing")
    form = form_of(r, action="/master-opgaver/ny")
    eq(form.field("title").value, "Forbered ØiR-test", "the form keeps what was typed")
    check(not form.field("sts").checked, "an unticked STS box stays unticked")
    r = submit(c, form)
    eq(r.status, 200, "save (%s)" % r.text[:300])
    check(re.fullmatch(r"/master-opgaver/\d+", r.path), "on the task's page: %s" % r.path)
    eq(notices(r), ["Master-opgaven er gemt."], "notice")
    mid = int(r.path.rsplit("/", 1)[1])
    row = s.sql("SELECT state, organisation_id, goal_html, end_offset_days, start_offset_days,"
                " duration_days, phase FROM master_tasks WHERE id = ?", mid)[0]
    eq(row[:2], ("draft", None), "a KOMBIT draft")
    eq(row[2], "<p>Kommunen er <strong>klar</strong>.</p>\n", "stored HTML")
    eq(row[3:], (-30, -14, 3, "Fase 3"), "fields")
    eq(s.sql("SELECT body FROM master_task_steps WHERE master_task_id = ? ORDER BY position",
             mid), [("Læs *vejledningen*",), ("Udpeg en projektleder",)], "steps")
    eq(s.sql("SELECT r.slug, mr.relation FROM master_task_roles mr JOIN roles r"
             " ON r.id = mr.role_id WHERE mr.master_task_id = ?", mid),
       [("projektleder", "performer")], "roles derived as the import does")
    # a draft is KOMBIT's alone
    m = s.client()
    m.login_form("plus@kbh.dk")
    eq(m.get("/master-opgaver/%d" % mid).status, 404, "a draft's page for a municipality")
    eq(m.get("/api/v1/master-tasks/%d" % mid).status, 404, "a draft by the API")
    check(mid not in [t["id"] for t in m.get("/api/v1/master-tasks").json()["master_tasks"]],
          "not listed for a municipality")
    check("Forbered ØiR-test" not in m.get("/master-opgaver").text, "not on the list page")
    eq(m.get("/master-opgaver/%d/rediger" % mid).status, 403, "no edit form")
    # edit: publish it, change the performer, drop a step
    page = c.get("/master-opgaver/%d" % mid)
    check('href="/master-opgaver/%d/rediger"' % mid in page.text, "an edit link")
    form = form_of(c.get("/master-opgaver/%d/rediger" % mid), action="/master-opgaver/%d" % mid)
    eq(form.field("goal").value, "Kommunen er **klar**.", "the form shows the Markdown")
    boxes(form, "method_steps", ["Udpeg en projektleder"])
    r = submit(c, form, {"state": "published", "recommended_performer": "KOMBIT-programleder",
                         "end_offset_days": ""})
    eq((r.status, r.path), (200, "/master-opgaver/%d" % mid), "edit saved")
    eq(s.sql("SELECT state, end_offset_days FROM master_tasks WHERE id = ?", mid),
       [("published", None)], "published, offset cleared")
    eq(s.one("SELECT count(*) FROM master_task_steps WHERE master_task_id = ?", mid), 1, "steps")
    eq(s.sql("SELECT r.slug FROM master_task_roles mr JOIN roles r ON r.id = mr.role_id"
             " WHERE mr.master_task_id = ? AND mr.relation = 'performer'", mid),
       [("kombit-programleder",)], "roles recomputed on save")
    eq(m.get("/api/v1/master-tasks/%d" % mid).json()["state"], "published", "now visible")
    ev = s.sql("SELECT before, after FROM audit_events WHERE action = 'master_task.update'"
               " AND entity_id = ? ORDER BY id DESC LIMIT 1", str(mid))[0]
    eq((json.loads(ev[0])["state"], json.loads(ev[1])["state"]), ("draft", "published"),
       "the state change audited")
    eq(s.one("SELECT count(*) FROM audit_events WHERE action = 'master_task.create'"
             " AND entity_id = ?", str(mid)), 1, "creation audited")


@test
def authoring_api_and_refusals():
    """POST/PATCH /api/v1/master-tasks: KOMBIT only; bad links and predecessors refused."""
    s = shared_server()
    c = kombit(s)
    r = c.post_json("/api/v1/master-tasks", {"project": "KY", "title": "API-opgave",
                                             "predecessors": [mt519(s)], "sts": True})
    eq(r.status, 201, "create (%s)" % r.text[:300])
    t = r.json()
    eq((t["state"], t["predecessors"], t["sts"], t["project"]), ("draft", [mt519(s)], True, "KY"),
       "created")
    eq(r.header("Location"), "/api/v1/master-tasks/%d" % t["id"], "Location")
    mid = t["id"]
    r = c.post_json("/api/v1/master-tasks", {"project": "KY", "title": "x", "goal": "*x*",
                                             "preview": True})
    eq((r.status, r.json()["goal_html"], r.json()["preview"]), (200, "<p><em>x</em></p>\n", True),
       "API preview")
    eq(s.one("SELECT count(*) FROM master_tasks WHERE title = 'x'"), 0, "preview not saved")
    fbs = s.one("SELECT m.id FROM master_tasks m JOIN projects p ON p.id = m.project_id"
                " WHERE p.code = 'FBS'")
    for body, field in (({"links": ["javascript:alert(1)"]}, "links"),
                        ({"predecessors": [mid]}, "predecessors"),
                        ({"predecessors": [fbs]}, "predecessors"),
                        ({"title": ""}, "title"),
                        ({"state": "archived"}, "state"),
                        ({"end_offset_days": "ti"}, "end_offset_days"),
                        ({"project": "FBS"}, "project")):
        r = c.patch_json("/api/v1/master-tasks/%d" % mid, body)
        eq((r.status, r.json().get("field")), (422, field), "PATCH %r" % body)
    eq(s.one("SELECT title FROM master_tasks WHERE id = ?", mid), "API-opgave", "unchanged")
    r = c.patch_json("/api/v1/master-tasks/%d" % mid, {"predecessors": [], "state": "published"})
    eq((r.status, r.json()["predecessors"], r.json()["state"]), (200, [], "published"), "PATCH")
    for email in ("admin@kbh.dk", "plus@aarhus.dk"):
        m = s.client()
        m.login(email)
        eq(m.post_json("/api/v1/master-tasks", {"project": "KY", "title": "Nej"}).status, 403,
           "%s creates" % email)
        eq(m.patch_json("/api/v1/master-tasks/%d" % mid, {"title": "Nej"}).status, 403,
           "%s edits" % email)
    eq(s.one("SELECT count(*) FROM master_tasks WHERE title = 'Nej'"), 0, "nothing created")
    # importing the exports again keeps what only klikd knows: the state
    eq(c.patch_json("/api/v1/master-tasks/%d" % mt519(s), {"state": "draft"}).status, 200, "draft")
    try:
        klikd("import", "--db", s.db, *sorted(os.path.join(SEEDS, f) for f in os.listdir(SEEDS)
                                               if f.startswith("klik")))
        eq(s.one("SELECT state FROM master_tasks WHERE id = ?", mt519(s)), "draft",
           "the state after a re-import")
    finally:
        c.patch_json("/api/v1/master-tasks/%d" % mt519(s), {"state": "published"})


run()
