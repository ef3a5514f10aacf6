"""HTTP tests of a municipality's tasks: the lists (/opgaver, the API's
/api/v1/tasks, the project page /projekter/KY) and their filters, paging
and CSV export; overdue and due-soon flags on planted dates; the task page
with every field of its master task, the roles its text names (every role
name in the seed tasks resolves to a role) and who holds them, with the
one-click assignment; status changes back and forth with who and when in
the task and the audit trail; a laeser who can change nothing; the bulk
change, all or nothing; the method steps ticked off; a local task; file
attachments (byte for byte, too large, wrong type, always a download);
what a task waits for; and another municipality's tasks, which are not
found. Tasks come from Server.seed_wave (publishing is test_waves.py's).
Forms are posted as the rendered pages give them, as a browser does.
"""
import sys, os; sys.path.insert(0, os.path.dirname(__file__)); from harness import *  # noqa: E401,E702,F403

import datetime
import uuid

TODAY = datetime.date.today()
APPTS = "/api/v1/projects/KY/appointments"
LIST_KEYS = {"id", "master_task", "title", "project", "wave", "municipality", "start",
             "deadline", "status", "responsible", "performer", "overdue"}


def day(offset):
    return (TODAY + datetime.timedelta(days=offset)).isoformat()


def person(s, email):
    return s.one("SELECT person_id FROM users WHERE email = ?", email)


def task_of(s, code, mt=1):
    """The id of municipality code's task of master task mt."""
    return s.one("SELECT t.id FROM tasks t JOIN organisations o ON o.id = t.organisation_id"
                 " WHERE o.code = ? AND t.master_task_id = ?", code, mt)


def setup(s=None):
    """A server whose KY wave has master task 1 (KLIK task 519) published to
    København (101) and Aarhus (751), going live in 200 days; logged-in
    clients of København's PLUS user and laeser and Aarhus's PLUS user."""
    s = s or Server()
    s.seed_wave("KY", "Bølge 5", day(200), ["101", "751"], [1])
    plus, laeser, aa = s.client(), s.client(), s.client()
    plus.login("plus@kbh.dk")
    laeser.login("laeser@kbh.dk")
    aa.login("plus@aarhus.dk")
    return s, plus, laeser, aa


def local(c, title, deadline, **kw):
    """A local task of the caller's municipality in KY, through the API."""
    r = c.post_json("/api/v1/projects/KY/tasks", dict(title=title, deadline=deadline, **kw))
    eq(r.status, 201, "local task %r (%s)" % (title, r.text[:200]))
    return r.json()["id"]


def multipart(fields, files):
    """A multipart/form-data body of fields [(name, value)] and files
    [(name, filename, type, bytes)]; (body, content type)."""
    b = "----klikd" + uuid.uuid4().hex
    out = b""
    for k, v in fields:
        out += ("--%s\r\nContent-Disposition: form-data; name=\"%s\"\r\n\r\n%s\r\n"
                % (b, k, v)).encode()
    for k, fn, ct, data in files:
        out += ("--%s\r\nContent-Disposition: form-data; name=\"%s\"; filename=\"%s\"\r\n"
                "Content-Type: %s\r\n\r\n" % (b, k, fn, ct)).encode() + data + b"\r\n"
    return out + ("--%s--\r\n" % b).encode(), "multipart/form-data; boundary=" + b


def tick(form, name, values):
    """Ticks exactly the checkboxes called name whose values are in values
    (and unticks the others), as a user does before submitting form."""
    for f in form.fields:
        if f.name == name and f.type == "checkbox":
            f.checked = f.value in {str(v) for v in values}
    return form


def upload_form(c, tid, filename, ctype, data):
    """Uploads a file through the task page's upload form, as a browser
    does (multipart, the form's fields and the file); the answer, not
    followed."""
    page = c.get("/opgaver/%d" % tid)
    form = form_of(page, action="/opgaver/%d/bilag" % tid)
    body, ct = multipart([kv for kv in form.values() if kv[0] != "file"],
                         [("file", filename, ctype, data)])
    return c.request("POST", form.action, body=body, headers={"Content-Type": ct})


# ---------------------------------------------------------------- lists

@test
def lists_and_filters():
    s, plus, laeser, aa = setup()
    try:
        me = person(s, "plus@kbh.dk")
        a = local(plus, "Lokal A", day(30), responsible=me)
        b = local(plus, "Lokal B", day(-3))
        plus.patch_json("/api/v1/tasks/%d" % b, {"status": "paabegyndt"})
        r = plus.get("/api/v1/tasks")
        eq(r.status, 200, "list")
        body = r.json()
        eq(body["total"], 3, "København's tasks")
        check(all(set(t) >= LIST_KEYS for t in body["tasks"]), "list keys %r" % body["tasks"][0])
        eq({t["municipality"] for t in body["tasks"]}, {"101"}, "only København's")
        eq([t["deadline"] for t in body["tasks"]], sorted(t["deadline"] for t in body["tasks"]),
           "by deadline")
        ids = lambda q: [t["id"] for t in plus.get("/api/v1/tasks" + q).json()["tasks"]]  # noqa
        eq(ids("?status=paabegyndt"), [b], "status filter")
        eq(ids("?mine=true"), [a], "mine")
        eq(ids("?overdue=true"), [b], "overdue filter")
        eq(ids("?project=KY&limit=1&offset=1"), [ids("?project=KY")[1]], "paging")
        wave = s.one("SELECT wave_id FROM tasks WHERE id = ?", task_of(s, "101"))
        eq(ids("?wave=%d" % wave), [task_of(s, "101")], "wave filter: no local tasks")
        q = urllib.parse.urlencode({"phase": "Fase 2.1: Planlægning", "theme":
                                    "Projektledelse og -styring", "priority": "Prioritet 2"})
        eq(ids("?" + q), [task_of(s, "101")], "phase, theme and priority")
        eq(ids("?phase=Fase%201"), [], "another phase")
        page = plus.get("/api/v1/tasks?limit=1").json()
        eq((page["total"], page["limit"], len(page["tasks"])), (3, 1, 1), "total with a limit")
        eq(plus.get("/api/v1/tasks?project=FBS").json()["tasks"], [], "FBS: none")
        eq(plus.get("/api/v1/tasks?project=SAPA").status, 403, "a project not read")
        eq(plus.get("/api/v1/tasks?colour=red").status, 422, "unknown parameter")
        eq(plus.get("/api/v1/tasks?municipality=751").status, 422, "another municipality")
        k = s.client()
        k.login("kombit@kombit.dk")
        eq(k.get("/api/v1/tasks").json()["total"], 4, "KOMBIT reads every municipality's")
        eq({t["municipality"] for t in k.get("/api/v1/tasks?municipality=751").json()["tasks"]},
           {"751"}, "KOMBIT names one")
        eq(aa.get("/api/v1/tasks").json()["total"], 1, "Aarhus sees its own only")
        # the pages, filtered through their own forms
        mine = plus.get("/opgaver")
        eq(mine.status, 200, "/opgaver")
        check("Lokal A" in mine.text and "Lokal B" not in mine.text, "/opgaver shows mine")
        proj = plus.get("/projekter/KY")
        eq(proj.status, 200, "/projekter/KY")
        for text in ("Lokal A", "Lokal B", "PL 12", "/projekter/KY/udpegninger",
                     "/projekter/KY/rollekatalog", "/projekter/KY/overdragelse",
                     "/projekter/KY/tidslinje", "/boelger", "<progress"):
            check(text in proj.text, "the project page lacks %r" % text)
        r = submit(plus, form_of(proj, action="/projekter/KY", button="Filtrér"),
                   {"status": "paabegyndt"})
        check("Lokal B" in r.text and "Lokal A" not in main_of(r.text).split("Opgaver</h2>")[1],
              "status filter on the page")
        r = submit(plus, form_of(proj, action="/projekter/KY", button="Filtrér"),
                   {"person": str(me)})
        rows = main_of(r.text).split("<tbody>")[1]
        check("Lokal A" in rows and "Lokal B" not in rows, "person filter on the page")
        r = submit(plus, form_of(proj, action="/projekter/KY", button="Filtrér"),
                   {"overdue": True})
        rows = main_of(r.text).split("<tbody>")[1]
        check("Lokal B" in rows and "Lokal A" not in rows, "overdue filter on the page")
        view = plus.get("/projekter/KY", headers={"X-Klikd-View": "1"}).json()
        eq(view["counts"], {"ikke_paabegyndt": 2, "paabegyndt": 1, "fuldfoert": 0,
                            "overdue": 1, "total": 3}, "counts")
        eq([p["count"] for p in view["progress"]], [2, 1, 0], "progress per status")
    finally:
        s.close()


@test
def overdue_and_due_soon_flags():
    s, plus, laeser, aa = setup()
    try:
        late, soon, later, done = (local(plus, n, day(60)) for n in ("Sen", "Snart", "Senere",
                                                                       "Færdig"))
        s.write("UPDATE tasks SET end_date = ? WHERE id = ?", day(-1), late)
        s.write("UPDATE tasks SET end_date = ? WHERE id = ?", day(14), soon)
        s.write("UPDATE tasks SET end_date = ?, status = 'fuldfoert' WHERE id = ?", day(-9), done)
        flags = {t["id"]: (t["overdue"], t["due_soon"])
                 for t in plus.get("/api/v1/tasks").json()["tasks"]}
        eq(flags[late], (True, False), "yesterday, not done")
        eq(flags[soon], (False, True), "in 14 days")
        eq(flags[later], (False, False), "in 60 days")
        eq(flags[done], (False, False), "done, however late")
        for path in ("/projekter/KY", "/opgaver/%d" % late):
            check("Overskredet" in plus.get(path).text, "%s shows overdue" % path)
        check("Frist inden for 14 dage" in plus.get("/projekter/KY").text, "due soon shown")
        s.write("UPDATE tasks SET responsible_id = ? WHERE id IN (?, ?)",
                person(s, "plus@kbh.dk"), late, soon)
        mine = plus.get("/opgaver").text
        check("Overskredet" in mine and "Frist inden for 14 dage" in mine, "/opgaver flags")
    finally:
        s.close()


# ---------------------------------------------------------------- the task page

# Every role name in the seed tasks' "Anbefalet udfører" and "Involverede
# parter", as written there, and the role it names.
SEED_ROLE_NAMES = {
    1: {"KY-projektleder": "projektleder", "KOMBIT-programleder": "kombit-programleder",
        "STS-projektleder": "projektleder", "infrastrukturansvarlig": "infrastrukturansvarlig",
        "systemansvarlige på bogførings- og opkrævningssystemet": "systemansvarlig-it-systemet",
        "ØiR finans administrator": "oeir-finans-administrator",
        "ØiR debitor administrator": "oeir-debitor-administrator",
        "klassifikations-/sortiments administrator": "klassifikations-sortimentsadministrator"},
    2: {"Systemadministrator": "systemadministrator-it-systemet",
        "KOMBIT-programlederen": "kombit-programleder"},
}


@test
def task_page_shows_every_field_and_role_links_resolve():
    s, plus, laeser, aa = setup()
    try:
        s.seed_wave("FBS", "Bølge 1", day(100), ["101"], [2])
        for mt, names in SEED_ROLE_NAMES.items():
            tid = task_of(s, "101", mt)
            page = plus.get("/opgaver/%d" % tid)
            eq(page.status, 200, "task page of master task %d" % mt)
            api = plus.get("/api/v1/tasks/%d" % tid).json()
            m = plus.get("/api/v1/master-tasks/%d" % mt).json()
            text = page.text
            for key in ("title", "phase", "theme", "priority"):
                if m.get(key):
                    check(m[key] in text, "task %d: %s %r not shown" % (mt, key, m[key]))
                eq(api.get(key), m.get(key), "API %s" % key)
            for key in ("goal", "description", "result", "recommended_performer",
                        "involved_parties", "method_steps", "links", "waves", "sts",
                        "duration_days", "end_offset_days", "start_offset_days", "external_id"):
                eq(api[key], m[key], "task %d: the master task's %s" % (mt, key))
            for key in ("goal_html", "description_html", "result_html"):
                if m.get(key):
                    check(m[key] in page.text, "task %d: %s not on the page" % (mt, key))
            eq(len(api["steps"]), len(m["method_steps"]), "steps as a checklist")
            check("/opgaver/%d/beskeder" % tid in page.text, "link to the messages")
            shown = {text: slug for slug, text in
                     re.findall(r'<a href="/roller/([a-z0-9-]+)">([^<]+)</a>', page.text)}
            for name, slug in names.items():
                eq(shown.get(name), slug, "task %d: %r links to" % (mt, name))
            for slug in set(names.values()) | {r["slug"] for r in m["roles"]}:
                eq(plus.get("/roller/" + slug).status, 200, "role %s resolves" % slug)
                check(any(r["role"] == slug for r in api["role_suggestions"]),
                      "task %d: no suggestion for %s" % (mt, slug))
    finally:
        s.close()


@test
def one_click_assignment_from_a_role_holder():
    s, plus, laeser, aa = setup()
    try:
        me = person(s, "plus@kbh.dk")
        r = plus.post_json(APPTS, {"role": "projektleder", "person_id": me})
        eq(r.status, 201, "appointment (%s)" % r.text[:200])
        tid = task_of(s, "101")
        api = plus.get("/api/v1/tasks/%d" % tid).json()
        pl = [x for x in api["role_suggestions"] if x["role"] == "projektleder"]
        eq(pl and pl[0]["people"], [{"id": me, "name": "Per Plus"}], "the projektleder's holder")
        other = [x for x in api["role_suggestions"] if x["role"] == "kombit-programleder"]
        eq(other and other[0]["people"], [], "nobody holds KOMBIT-programleder")
        page = plus.get("/opgaver/%d" % tid)
        forms = [f for f in forms_of(page) if f.field("responsible") is not None
                 and f.field("responsible").hidden and f.field("responsible").value == str(me)]
        check(forms, "no one-click form for Per Plus")
        r = submit(plus, forms[0])
        eq(r.status, 200, "after the click")
        eq(s.one("SELECT responsible_id FROM tasks WHERE id = ?", tid), me, "responsible")
        check("Opgaven er opdateret." in r.text, "notice")
        aarhus_view = aa.get("/api/v1/tasks/%d" % task_of(s, "751")).json()
        eq([x["people"] for x in aarhus_view["role_suggestions"] if x["role"] == "projektleder"],
           [[]], "Aarhus sees no holder of København's")
        r = plus.patch_json("/api/v1/tasks/%d" % tid, {"performer": person(s, "plus@aarhus.dk")})
        eq((r.status, r.json().get("field")), (422, "performer"), "a person of Aarhus")
    finally:
        s.close()


@test
def status_changes_with_who_and_when_back_and_forth():
    s, plus, laeser, aa = setup()
    try:
        tid = task_of(s, "101")
        uid = s.user_id("plus@kbh.dk")
        first = s.one("SELECT coalesce(max(id), 0) FROM audit_events")
        for status in ("paabegyndt", "fuldfoert", "paabegyndt", "ikke_paabegyndt"):
            page = plus.get("/opgaver/%d" % tid)
            r = submit(plus, form_of(page, action="/opgaver/%d" % tid, button="Gem status"),
                       {"status": status})
            eq(r.status, 200, "status %s" % status)
            row = s.sql("SELECT status, status_by, status_at FROM tasks WHERE id = ?", tid)[0]
            eq(row[:2], (status, uid), "status and who")
            check(row[2] and row[2].startswith(TODAY.isoformat()[:4]), "when: %r" % (row[2],))
        check("Per Plus" in plus.get("/opgaver/%d" % tid).text, "who, on the page")
        events = s.sql("SELECT user_id, before, after FROM audit_events WHERE id > ?"
                       " AND action = 'task.update' ORDER BY id", first)
        eq([(json.loads(b)["status"], json.loads(a)["status"]) for _, b, a in events],
           [("ikke_paabegyndt", "paabegyndt"), ("paabegyndt", "fuldfoert"),
            ("fuldfoert", "paabegyndt"), ("paabegyndt", "ikke_paabegyndt")], "audited")
        check(all(u == uid for u, _, _ in events), "audited as the user")
        eq(plus.patch_json("/api/v1/tasks/%d" % tid, {"status": "done"}).status, 422, "bad status")
    finally:
        s.close()


@test
def laeser_cannot_change():
    s, plus, laeser, aa = setup()
    try:
        tid = task_of(s, "101")
        before = s.sql("SELECT * FROM tasks WHERE id = ?", tid)
        page = laeser.get("/opgaver/%d" % tid)
        eq(page.status, 200, "the laeser reads the task")
        check("Gem status" not in page.text and "Gør ansvarlig" not in page.text,
              "no forms for a laeser")
        eq(laeser.patch_json("/api/v1/tasks/%d" % tid, {"status": "fuldfoert"}).status, 403, "API")
        r = laeser.post_form("/opgaver/%d" % tid, {"status": "fuldfoert"})
        eq(r.status, 403, "page post")
        eq(laeser.patch_json("/api/v1/projects/KY/tasks", {"ids": [tid], "status": "fuldfoert"})
           .status, 403, "bulk")
        body, ct = multipart([], [("file", "a.txt", "text/plain", b"hej")])
        eq(laeser.request("POST", "/api/v1/tasks/%d/attachments" % tid, body=body,
                          headers={"Content-Type": ct, "X-CSRF-Token": laeser.csrf}).status,
           403, "upload")
        eq(s.sql("SELECT * FROM tasks WHERE id = ?", tid), before, "unchanged")
        k = s.client()
        k.login("kombit@kombit.dk")
        eq(k.get("/api/v1/tasks/%d" % tid).status, 200, "KOMBIT reads it")
        eq(k.patch_json("/api/v1/tasks/%d" % tid, {"status": "fuldfoert"}).status, 403,
           "KOMBIT does not change it")
    finally:
        s.close()


@test
def bulk_change_all_or_nothing():
    s, plus, laeser, aa = setup()
    try:
        a, b = local(plus, "Bulk A", day(10)), local(plus, "Bulk B", day(11))
        theirs = task_of(s, "751")
        r = plus.patch_json("/api/v1/projects/KY/tasks", {"ids": [a, b, theirs],
                                                          "status": "fuldfoert"})
        eq((r.status, r.json().get("field")), (422, "ids"), "with Aarhus's task")
        r = plus.patch_json("/api/v1/projects/KY/tasks",
                            {"ids": [a], "performer": person(s, "plus@aarhus.dk")})
        eq((r.status, r.json().get("field")), (422, "performer"), "Aarhus's person")
        eq(s.sql("SELECT DISTINCT status FROM tasks WHERE id IN (?, ?, ?)", a, b, theirs),
           [("ikke_paabegyndt",)], "nothing changed")
        me = person(s, "plus@kbh.dk")
        r = plus.patch_json("/api/v1/projects/KY/tasks", {"ids": [a, b], "responsible": me})
        eq(r.status, 200, "bulk responsible (%s)" % r.text[:200])
        eq(s.sql("SELECT DISTINCT responsible_id FROM tasks WHERE id IN (?, ?)", a, b), [(me,)],
           "both")
        page = plus.get("/projekter/KY")
        form = form_of(page, action="/projekter/KY/opgaver/ret")
        r = submit(plus, tick(form, "ids", [a, b]), {"status": "paabegyndt"})
        eq(r.status, 200, "bulk from the page")
        eq(s.sql("SELECT DISTINCT status FROM tasks WHERE id IN (?, ?)", a, b),
           [("paabegyndt",)], "both started")
        eq(s.one("SELECT status FROM tasks WHERE id = ?", task_of(s, "101")), "ikke_paabegyndt",
           "the one not ticked")
        r = submit(plus, form_of(plus.get("/projekter/KY"), action="/projekter/KY/opgaver/ret"),
                   {"status": "fuldfoert"})
        eq(r.status, 422, "nothing ticked")
        check("Vælg mindst én opgave" in r.text, "says why")
    finally:
        s.close()


@test
def steps_ticks_are_saved():
    s, plus, laeser, aa = setup()
    try:
        tid = task_of(s, "101")
        page = plus.get("/opgaver/%d" % tid)
        form = form_of(page, action="/opgaver/%d" % tid, button="Gem afkrydsning")
        r = submit(plus, tick(form, "steps_done", [1, 3]))
        eq(r.status, 200, "ticks")
        eq(s.sql("SELECT position FROM task_steps_done WHERE task_id = ? ORDER BY 1", tid),
           [(1,), (3,)], "saved")
        eq(plus.get("/api/v1/tasks/%d" % tid).json()["steps_done"], [1, 3], "in the API")
        page = plus.get("/opgaver/%d" % tid)
        form = form_of(page, action="/opgaver/%d" % tid, button="Gem afkrydsning")
        ticked = [f.value for f in form.fields if f.name == "steps_done" and f.checked]
        eq(ticked, ["1", "3"], "shown ticked")
        submit(plus, tick(form, "steps_done", [3]))
        eq(s.sql("SELECT position FROM task_steps_done WHERE task_id = ?", tid), [(3,)], "untick")
        eq(plus.patch_json("/api/v1/tasks/%d" % tid, {"steps_done": [99]}).status, 422, "no step 99")
        eq(plus.patch_json("/api/v1/tasks/%d" % tid, {"steps_done": "1"}).status, 422, "not a list")
    finally:
        s.close()


@test
def local_task():
    s, plus, laeser, aa = setup()
    try:
        page = plus.get("/projekter/KY/opgaver/ny")
        eq(page.status, 200, "the form")
        form = form_of(page, action="/projekter/KY/opgaver/ny")
        r = submit(plus, form, {"title": "Vores egen opgave", "deadline": day(40),
                                "start": day(20), "goal": "Et **mål**"}, follow=False)
        eq(r.status, 303, "created (%s)" % r.text[:200])
        tid = int(r.header("Location").rsplit("/", 1)[1])
        row = s.sql("SELECT t.wave_id, t.end_date, m.organisation_id, m.state, o.code FROM tasks t"
                    " JOIN master_tasks m ON m.id = t.master_task_id JOIN organisations o"
                    " ON o.id = m.organisation_id WHERE t.id = ?", tid)
        eq(row, [(None, day(40), org_id(s, "101"), "published", "101")], "the rows")
        t = plus.get("/opgaver/%d" % tid)
        check("<strong>mål</strong>" in t.text and "Lokal opgave" in t.text, "rendered")
        eq(aa.get("/api/v1/tasks/%d" % tid).status, 404, "Aarhus: not found")
        eq(aa.get("/opgaver/%d" % tid).status, 404, "Aarhus's page: not found")
        mt = s.one("SELECT master_task_id FROM tasks WHERE id = ?", tid)
        eq(aa.get("/api/v1/master-tasks/%d" % mt).status, 404, "its master task, for Aarhus")
        check(mt not in [m["id"] for m in aa.get("/api/v1/master-tasks").json()["master_tasks"]],
              "Aarhus's master-task list shows København's local task")
        eq(plus.get("/api/v1/master-tasks/%d" % mt).status, 200, "København's own")
        r = submit(plus, form_of(plus.get("/projekter/KY/opgaver/ny"),
                                 action="/projekter/KY/opgaver/ny"),
                   {"title": "Uden frist"})
        eq(r.status, 422, "deadline required")
        check('value="Uden frist"' in r.text, "keeps what was typed")
        eq(laeser.get("/projekter/KY/opgaver/ny").status, 403, "laeser")
    finally:
        s.close()


# ---------------------------------------------------------------- attachments

PDF = b"%PDF-1.4\n" + bytes(range(256)) * 40 + b"\n%%EOF\n"


@test
def attachment_round_trip_and_refusals():
    s, plus, laeser, aa = setup()
    try:
        tid = task_of(s, "101")
        r = upload_form(plus, tid, "referat \u00e6.pdf", "application/pdf", PDF)
        eq(r.status, 303, "upload (%s)" % r.text[:200])
        aid = s.one("SELECT max(id) FROM task_attachments")
        for path in ("/bilag/%d" % aid, "/api/v1/attachments/%d" % aid):
            d = plus.get(path)
            eq(d.status, 200, path)
            eq(d.body, PDF, "%s: byte for byte" % path)
            eq(d.header("Content-Type"), "application/pdf", "type")
            check((d.header("Content-Disposition") or "").startswith("attachment;"),
                  "a download: %r" % d.header("Content-Disposition"))
            eq(d.header("X-Content-Type-Options"), "nosniff", "nosniff")
        eq(laeser.get("/bilag/%d" % aid).body, PDF, "the laeser downloads it")
        listed = plus.get("/api/v1/tasks/%d/attachments" % tid).json()["attachments"]
        eq([(a["filename"], a["size"]) for a in listed], [("referat \u00e6.pdf", len(PDF))],
           "listed")
        check("referat" in plus.get("/opgaver/%d" % tid).text, "on the task page")
        body, ct = multipart([], [("file", "big.pdf", "application/pdf",
                                   b"%PDF-" + b"x" * (5 * 1024 * 1024))])
        r = plus.request("POST", "/api/v1/tasks/%d/attachments" % tid, body=body,
                         headers={"Content-Type": ct, "X-CSRF-Token": plus.csrf})
        eq(r.status, 413, "over 5 MiB")
        for name, data in (("virus.pdf", b"MZ\x90\x00" + b"\x00" * 100),
                           ("billede.png", b"GIF89a" + b"\x00" * 10),
                           ("arkiv.zip", b"PK\x03\x04" + b"\x00" * 10),
                           ("noter.txt", b"hej\x00med dig")):
            body, ct = multipart([], [("file", name, "application/pdf", data)])
            r = plus.request("POST", "/api/v1/tasks/%d/attachments" % tid, body=body,
                             headers={"Content-Type": ct, "X-CSRF-Token": plus.csrf})
            eq(r.status, 415, "%s refused" % name)
        hdr = {"X-CSRF-Token": plus.csrf}
        r = plus.request("POST", "/api/v1/tasks/%d/attachments" % tid, body=b"--x\r\nnonsense",
                         headers=dict(hdr, **{"Content-Type": "multipart/form-data; boundary=x"}))
        eq(r.status, 400, "malformed multipart")
        eq(plus.post_json("/api/v1/tasks/%d/attachments" % tid, {"file": "x"}).json().get("field"),
           "file", "a file sent as JSON")
        body, ct = multipart([("extra", "1")], [("file", "a.pdf", "application/pdf", PDF)])
        r = plus.request("POST", "/api/v1/tasks/%d/attachments" % tid, body=body,
                         headers=dict(hdr, **{"Content-Type": ct}))
        eq((r.status, r.json().get("field")), (422, "extra"), "an unknown field")
        r = upload_form(plus, tid, "", "application/octet-stream", b"")
        eq(r.status, 422, "no file chosen")
        check("Fil skal vælges" in r.text, "the form says so")
        r = upload_form(plus, tid, "plan.docx", "application/octet-stream",
                        b"PK\x03\x04" + b"\x01" * 50)
        eq(r.status, 303, "a docx")
        eq(s.one("SELECT content_type FROM task_attachments ORDER BY id DESC LIMIT 1"),
           "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
           "its type from the bytes and the name")
        eq(aa.get("/bilag/%d" % aid).status, 404, "Aarhus: not found")
        eq(aa.get("/api/v1/attachments/%d" % aid).status, 404, "Aarhus API: not found")
        eq(aa.delete("/api/v1/attachments/%d" % aid).status, 404, "Aarhus cannot delete it")
        eq(plus.delete("/api/v1/attachments/%d" % aid).status, 204, "deleted")
        eq(plus.get("/bilag/%d" % aid).status, 404, "gone")
        eq(s.one("SELECT count(*) FROM audit_events WHERE action LIKE 'attachment.%'"), 3,
           "audited")
    finally:
        s.close()


# ---------------------------------------------------------------- dependencies, CSV, isolation

@test
def waits_for_its_predecessor():
    s, plus, laeser, aa = setup()
    try:
        s.write("INSERT INTO master_tasks (title, project_id, created_at, updated_at)"
                " SELECT 'Forudgående opgave', id, '2024-01-01', '2024-01-01' FROM projects"
                " WHERE code = 'KY'")
        pre = s.one("SELECT max(id) FROM master_tasks")
        s.seed_wave("KY", "Bølge 5", day(200), ["101", "751"], [pre])
        s.write("INSERT INTO master_task_predecessors VALUES (1, ?)", pre)
        tid, ptid = task_of(s, "101"), task_of(s, "101", pre)
        page = plus.get("/opgaver/%d" % tid)
        check("venter på" in page.text and "Forudgående opgave" in page.text, "the task page")
        row = [t for t in plus.get("/api/v1/tasks").json()["tasks"] if t["id"] == tid][0]
        eq(row["waits_for"], [{"id": ptid, "title": "Forudgående opgave"}], "in the list")
        check("Venter på" in plus.get("/projekter/KY").text, "the project page")
        aa.patch_json("/api/v1/tasks/%d" % task_of(s, "751", pre), {"status": "fuldfoert"})
        check("Forudgående" in plus.get("/opgaver/%d" % tid).text,
              "Aarhus's predecessor does not count for København")
        plus.patch_json("/api/v1/tasks/%d" % ptid, {"status": "fuldfoert"})
        check("venter på" not in plus.get("/opgaver/%d" % tid).text, "done: no longer waits")
    finally:
        s.close()


@test
def csv_export_bytes():
    s, plus, laeser, aa = setup()
    try:
        tid = task_of(s, "101")
        me = person(s, "plus@kbh.dk")
        s.write("UPDATE tasks SET end_date = '2030-01-02', start_date = '2029-12-01',"
                " responsible_id = ? WHERE id = ?", me, tid)
        lid = local(plus, 'Semikolon; "citat"', "2030-02-01")
        r = plus.get("/api/v1/tasks?format=csv")
        eq(r.status, 200, "CSV")
        eq(r.header("Content-Type"), "text/csv; charset=utf-8", "type")
        eq(r.header("Content-Disposition"), 'attachment; filename="opgaver.csv"', "download")
        want = ("\ufeffId;Master-opgave;Titel;Projekt;Bølge;Kommune;Start;Frist;Status;"
                "Ansvarlig;Udfører;Overskredet;Venter på\r\n"
                "%d;1;PL 12 Planlæg kommunens ØiR implementering (B5);KY;Bølge 5;101;2029-12-01;"
                "2030-01-02;ikke påbegyndt;Per Plus;;nej;\r\n"
                '%d;%d;"Semikolon; ""citat""";KY;;101;;2030-02-01;ikke påbegyndt;;;nej;\r\n'
                % (tid, lid, s.one("SELECT master_task_id FROM tasks WHERE id = ?", lid)))
        eq(r.body, want.encode("utf-8"), "the bytes")
        eq(plus.get("/projekter/KY?format=csv").body, want.encode("utf-8"), "the project page's")
        check(plus.get("/opgaver?format=csv").body.startswith("\ufeffId;".encode()), "mine")
        eq(plus.get("/api/v1/tasks?format=xml").status, 422, "unknown format")
    finally:
        s.close()


@test
def another_municipality_is_not_found():
    s, plus, laeser, aa = setup()
    try:
        theirs = task_of(s, "751")
        for path in ("/api/v1/tasks/%d" % theirs, "/opgaver/%d" % theirs,
                     "/api/v1/tasks/%d/attachments" % theirs):
            eq(plus.get(path).status, 404, path)
        eq(plus.patch_json("/api/v1/tasks/%d" % theirs, {"status": "fuldfoert"}).status, 404,
           "PATCH")
        eq(s.one("SELECT status FROM tasks WHERE id = ?", theirs), "ikke_paabegyndt", "unchanged")
        check(str(theirs) not in [str(t["id"]) for t in plus.get("/api/v1/tasks").json()["tasks"]],
              "not listed")
        s.write("UPDATE tasks SET hidden_at = '2024-01-01T00:00:00Z' WHERE id = ?",
                task_of(s, "101"))
        eq(plus.get("/opgaver/%d" % task_of(s, "101")).status, 404, "an unpublished task")
        eq(plus.get("/api/v1/tasks").json()["total"], 0, "not listed either")
    finally:
        s.close()


run()
