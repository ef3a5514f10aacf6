"""HTTP tests of the role register (issue 8): each project's role
catalogue (the default the importer derives, KOMBIT's PUT and its checks,
the page's form), appointments of every role through /api/v1/appointments
and through the forms /rollebesaetning renders (appoint, edit, end,
re-appoint; a duplicate is 409; a contact without a log-in; one primary
holder), who may appoint, KOMBIT's filters, the risk list and KOMBIT's
matrix, and the holders shown on a role's page. Every test checks the
answer and the database."""

import sys, os; sys.path.insert(0, os.path.dirname(__file__)); from harness import *  # noqa: E401,E402,F403

import datetime  # noqa: E402
import html  # noqa: E402

APPTS = "/api/v1/appointments"
NOTICE = re.compile(r'<p class="notice" role="status">(.*?)</p>', re.S)
TODAY = datetime.date.today()


def person_of(s, email):
    return s.one("SELECT person_id FROM users WHERE email = ?", email)


def client_of(s, email):
    c = s.client()
    c.login(email)
    return c


def appoint(c, role, project, person, **kw):
    body = {"role": role, "project": project, "person": person}
    body.update(kw)
    return c.post_json(APPTS, body)


def unfilled(c, project=None):
    r = c.get("/api/v1/risk")
    eq(r.status, 200, "GET /api/v1/risk (%s)" % r.text[:200])
    return {(u["role"], u["project"]) for u in r.json()["unfilled"]
            if project is None or u["project"] == project}


def notices(resp):
    return [html.unescape(n) for n in NOTICE.findall(resp.text)]


def day(offset):
    return (TODAY + datetime.timedelta(days=offset)).isoformat()


# ---------------------------------------------------------------- the catalogue

@test
def default_catalogue_from_the_rollegalleri():
    s = shared_server()
    c = client_of(s, "laeser@kbh.dk")
    for code in ("KY", "FBS"):
        r = c.get("/api/v1/projects/%s/role-catalogue" % code)
        eq(r.status, 200, "GET %s's catalogue" % code)
        cat = r.json()["role_catalogue"]
        check(cat, "%s has an empty default catalogue" % code)
        for e in cat:
            check({"role", "stage", "requirement", "phase"} <= set(e), "entry fields %r" % e)
        mandatory = {(e["role"], e["stage"], e["phase"]) for e in cat
                     if e["requirement"] == "mandatory"}
        eq(mandatory, {("projektejer", "implementation", 1), ("projektleder", "implementation", 1),
                       ("systemejer-it-systemet", "operation", 4),
                       ("systemansvarlig-it-systemet", "operation", 4)},
           "%s's mandatory roles" % code)
        eq(len({e["role"] for e in cat}), 32, "%s's catalogue names every role" % code)
    eq(c.get("/api/v1/projects/NOPE/role-catalogue").status, 404, "unknown project")
    # the default is not written again over KOMBIT's catalogue on re-import
    k = client_of(s, "kombit@kombit.dk")
    r = k.json_call("PUT", "/api/v1/projects/FBS/role-catalogue", {"role_catalogue": [
        {"role": "superbruger", "stage": "implementation", "requirement": "mandatory",
         "phase": 2}]})
    eq(r.status, 200, "PUT (%s)" % r.text[:200])
    klikd("import", "--db", s.db, *[os.path.join(SEEDS, f) for f in sorted(os.listdir(SEEDS))])
    eq(s.sql("SELECT r.slug FROM role_catalogue c JOIN roles r ON r.id = c.role_id JOIN projects p"
             " ON p.id = c.project_id WHERE p.code = 'FBS'"), [("superbruger",)],
       "FBS's catalogue after a re-import")


@test
def new_project_gets_the_default_catalogue():
    s = Server()
    k = client_of(s, "kombit@kombit.dk")
    default = k.get("/api/v1/projects/KY/role-catalogue").json()["role_catalogue"]
    check(len(default) > 30, "KY's default catalogue")
    r = k.post_json("/api/v1/projects", {"code": "NYT", "name": "Nyt projekt"})
    eq(r.status, 201, "POST /api/v1/projects (%s)" % r.text[:200])
    r = k.get("/api/v1/projects/NYT/role-catalogue")
    eq(r.status, 200, "GET NYT's catalogue")
    eq(r.json()["role_catalogue"], default, "the new project's catalogue is the default")
    pid = s.one("SELECT id FROM projects WHERE code = 'NYT'")
    eq(s.sql("SELECT action FROM audit_events WHERE entity = 'project' AND entity_id = ?"
             " ORDER BY id", str(pid)), [("project.create",), ("role_catalogue.replace",)],
       "created and given its catalogue, audited")
    # through the form on /projekter too; a taken code writes nothing
    page = k.get("/projekter")
    r = submit(k, form_of(page, action="/projekter"), {"code": "SIDE", "name": "Sideprojekt"})
    eq(r.status, 200, "the form's post (%s)" % r.text[:200])
    eq(k.get("/api/v1/projects/SIDE/role-catalogue").json()["role_catalogue"], default,
       "SIDE's catalogue")
    rows = s.one("SELECT count(*) FROM role_catalogue")
    eq(k.post_json("/api/v1/projects", {"code": "NYT", "name": "Igen"}).status, 409, "taken")
    eq(s.one("SELECT count(*) FROM role_catalogue"), rows, "nothing written for a taken code")
    s.close()


@test
def catalogue_put_replaces_and_validates():
    s = Server()
    k = client_of(s, "kombit@kombit.dk")
    path = "/api/v1/projects/KY/role-catalogue"
    good = [{"role": "projektleder", "stage": "implementation", "requirement": "mandatory",
             "phase": 1},
            {"role": "superbruger", "stage": "operation", "requirement": "recommended",
             "phase": None}]
    events = s.one("SELECT count(*) FROM audit_events WHERE action = 'role_catalogue.replace'")
    r = k.json_call("PUT", path, {"role_catalogue": good})
    eq(r.status, 200, "PUT (%s)" % r.text[:200])
    eq([(e["role"], e["stage"], e["requirement"], e["phase"]) for e in r.json()["role_catalogue"]],
       [("projektleder", "implementation", "mandatory", 1),
        ("superbruger", "operation", "recommended", None)], "the answer")
    eq(k.get(path).json()["role_catalogue"], r.json()["role_catalogue"], "GET after PUT")
    eq(s.one("SELECT count(*) FROM audit_events WHERE action = 'role_catalogue.replace'"),
       events + 1, "audit event")
    before = s.sql("SELECT * FROM role_catalogue ORDER BY 1, 2, 3")
    bad = [
        (1, {"role": "ingen-rolle", "stage": "implementation", "requirement": "mandatory"},
         "role"),
        (1, {"role": "superbruger", "stage": "drift", "requirement": "mandatory"}, "stage"),
        (0, {"role": "superbruger", "stage": "operation", "requirement": "must"}, "requirement"),
        (1, {"role": "superbruger", "stage": "operation", "requirement": "mandatory", "phase": 5},
         "phase"),
        (1, {"role": "superbruger", "stage": "operation", "requirement": "mandatory",
             "phase": "2"}, "phase"),
        (1, {"role": "projektleder", "stage": "implementation", "requirement": "recommended"},
         "stage"),  # the same role and stage twice
        (1, {"role": "superbruger", "stage": "operation", "requirement": "mandatory", "x": 1},
         "x"),
    ]
    for index, entry, field in bad:
        entries = [entry, good[0]] if index == 0 else [good[0], entry]
        r = k.json_call("PUT", path, {"role_catalogue": entries})
        eq(r.status, 422, "PUT with %r" % entry)
        eq(r.json()["field"], "role_catalogue[%d].%s" % (index, field), "field of %r" % entry)
    eq(k.json_call("PUT", path, {"role_catalogue": {"role": "x"}}).status, 422, "not a list")
    eq(k.json_call("PUT", path, {"unknown": []}).json().get("field"), "unknown", "unknown field")
    for email in ("admin@kbh.dk", "plus@kbh.dk"):
        eq(client_of(s, email).json_call("PUT", path, {"role_catalogue": good}).status, 403,
           "PUT by %s" % email)
    eq(s.sql("SELECT * FROM role_catalogue ORDER BY 1, 2, 3"), before, "catalogue after refusals")


@test
def catalogue_form_for_kombit():
    s = Server()
    k = s.client()
    eq(k.login_form("kombit@kombit.dk").status, 303, "KOMBIT logs in")
    page = k.get("/projekter/KY/rollekatalog")
    eq(page.status, 200, "the catalogue page")
    form = form_of(page, action="/projekter/KY/rollekatalog")
    eq(form.field("entries.projektleder.implementation").selected(), "mandatory:1",
       "the form shows the stored entry")
    r = submit(k, form, {"entries.superbruger.implementation": "mandatory:2",
                         "entries.projektejer.implementation": ""})
    eq(notices(r), ["Rollekataloget er gemt."], "confirmation (%s)" % r.text[:200])
    rows = dict(((slug, stage), (req, ph)) for slug, stage, req, ph in s.sql(
        "SELECT r.slug, c.stage, c.requirement, c.phase FROM role_catalogue c JOIN roles r"
        " ON r.id = c.role_id JOIN projects p ON p.id = c.project_id WHERE p.code = 'KY'"))
    eq(rows.get(("superbruger", "implementation")), ("mandatory", 2), "the changed entry")
    check(("projektejer", "implementation") not in rows, "the removed entry")
    eq(rows.get(("projektleder", "implementation")), ("mandatory", 1), "an unchanged entry")
    # a municipality reads the catalogue but has no form
    a = client_of(s, "admin@kbh.dk")
    page = a.get("/projekter/KY/rollekatalog")
    eq(page.status, 200, "a municipality reads the catalogue")
    check(not [f for f in forms_of(page) if "rollekatalog" in f.action], "no form for them")


# ---------------------------------------------------------------- appointments (API)

@test
def appoint_edit_end_reappoint():
    s = Server()
    a = client_of(s, "admin@kbh.dk")
    me = person_of(s, "admin@kbh.dk")
    r = appoint(a, "projektleder", "KY", me, **{"from": "2024-01-01", "primary": True})
    eq(r.status, 201, "appoint (%s)" % r.text[:200])
    aid = r.json()["id"]
    eq(r.json()["state"], "current", "state")
    row = s.sql("SELECT a.from_date, a.to_date, a.is_primary, a.ended_at, p.code, r.slug"
                " FROM appointments a JOIN projects p ON p.id = a.project_id JOIN roles r"
                " ON r.id = a.role_id WHERE a.id = ?", aid)
    eq(row, [("2024-01-01", None, 1, None, "KY", "projektleder")], "the row")
    r = a.get(APPTS + "?role=projektleder&project=KY")
    eq([x["id"] for x in r.json()["appointments"]], [aid], "the filtered list")
    eq(a.get(APPTS + "?role=superbruger").json()["appointments"], [], "another role's list")
    r = a.patch_json(APPTS + "/%d" % aid, {"to": "2030-06-30", "primary": False})
    eq(r.status, 200, "PATCH (%s)" % r.text[:200])
    eq((r.json()["to"], r.json()["primary"], r.json()["from"]), ("2030-06-30", False, "2024-01-01"),
       "PATCHed fields (from kept)")
    eq(a.patch_json(APPTS + "/%d" % aid, {"to": "2023-01-01"}).json().get("field"), "to",
       "to before from")
    eq(a.patch_json(APPTS + "/%d" % aid, {"from": "2024-13-01"}).status, 422, "a bad date")
    eq(a.patch_json(APPTS + "/%d" % aid, {"to": None}).json()["to"], None, "to cleared")
    eq(appoint(a, "projektleder", "KY", me, **{"from": "2025-01-01"}).status, 409,
       "the same person in the same role and project twice at once")
    ends = s.one("SELECT count(*) FROM audit_events WHERE action = 'appointment.end'")
    eq(a.delete(APPTS + "/%d" % aid).status, 204, "DELETE ends it")
    yesterday = day(-1)
    eq(s.sql("SELECT to_date, ended_at IS NOT NULL, is_primary FROM appointments WHERE id = ?",
             aid), [(yesterday, 1, 0)], "the ended row is kept")
    eq(s.one("SELECT count(*) FROM audit_events WHERE action = 'appointment.end'"), ends + 1,
       "appointment.end event")
    r = a.get(APPTS + "/%d" % aid)
    eq((r.status, r.json()["state"]), (200, "ended"), "listed as ended")
    check(aid in [x["id"] for x in a.get(APPTS).json()["appointments"]], "ended one in the list")
    eq(a.delete(APPTS + "/%d" % aid).status, 409, "ending it again")
    eq(a.patch_json(APPTS + "/%d" % aid, {"primary": True}).status, 409, "changing an ended one")
    r = appoint(a, "projektleder", "KY", me)
    eq(r.status, 201, "re-appointing after the end (%s)" % r.text[:200])
    check(r.json()["id"] > aid, "a new id, not the old one")
    eq(r.json()["from"], TODAY.isoformat(), "from defaults to today")
    # a later, non-overlapping period of the same person is fine
    r = appoint(a, "superbruger", "KY", me, **{"from": "2020-01-01", "to": "2020-12-31"})
    eq(r.status, 201, "a past period")
    eq(appoint(a, "superbruger", "KY", me, **{"from": "2021-01-01"}).status, 201, "the next one")
    eq(appoint(a, "superbruger", "KY", me, **{"from": "2020-06-01", "to": "2020-07-01"}).status,
       409, "overlapping the past period")


@test
def contact_without_log_in():
    s = Server()
    a = client_of(s, "admin@kbh.dk")
    contact = {"name": "Kirsten Kontakt", "title": "ØiR-koordinator", "email": "kirsten@kbh.dk",
               "phone": "+45 33 66 33 66", "consent": True}
    r = appoint(a, "oeir-kordinator", None, contact, **{"from": "2024-02-01"})
    eq(r.status, 201, "appoint a contact (%s)" % r.text[:200])
    pid = r.json()["person"]["id"]
    eq(r.json()["person"]["user"], False, "no log-in")
    eq(r.json()["project"], None, "municipality-wide")
    eq(s.sql("SELECT p.name, p.title, p.email, p.phone, p.consent, o.code FROM persons p"
             " JOIN organisations o ON o.id = p.organisation_id WHERE p.id = ?", pid),
       [("Kirsten Kontakt", "ØiR-koordinator", "kirsten@kbh.dk", "+45 33 66 33 66", 1, "101")],
       "the person")
    eq(s.one("SELECT count(*) FROM users WHERE person_id = ?", pid), 0, "no users row")
    eq(s.one("SELECT count(*) FROM audit_events WHERE action = 'person.create'"
             " AND entity_id = ?", str(pid)), 1, "person.create event")
    # the contact can be appointed again by id, to another role
    eq(appoint(a, "klik-administrator", None, pid).status, 201, "the contact by id")
    persons = s.one("SELECT count(*) FROM persons")
    for person, field in (({"title": "x"}, "person.name"), ({"name": ""}, "person.name"),
                          ({"name": "X", "email": "ikke-en-adresse"}, "person.email"),
                          ({"name": "X", "consent": "ja"}, "person.consent"),
                          ({"name": "X", "organisation": "751"}, "person.organisation"),
                          ("abc", "person"), (None, "person")):
        r = appoint(a, "it-arkitekt", None, person)
        eq((r.status, r.json().get("field")), (422, field), "person %r" % (person,))
    aarhus = person_of(s, "plus@aarhus.dk")
    eq(appoint(a, "it-arkitekt", None, aarhus).json().get("field"), "person", "Aarhus's person")
    eq(s.one("SELECT count(*) FROM persons"), persons, "no person made by refused requests")


@test
def who_may_appoint():
    s = Server()
    admin, plus, laeser = (client_of(s, e) for e in ("admin@kbh.dk", "plus@kbh.dk",
                                                     "laeser@kbh.dk"))
    k = client_of(s, "kombit@kombit.dk")
    per = person_of(s, "plus@kbh.dk")
    count = s.one("SELECT count(*) FROM appointments")
    eq(appoint(laeser, "projektleder", "KY", per).status, 403, "a laeser, system-specific")
    eq(appoint(laeser, "it-arkitekt", None, per).status, 403, "a laeser, municipality-wide")
    eq(appoint(plus, "projektleder", "FBS", per).status, 403, "plus is laeser on FBS")
    eq(appoint(k, "it-arkitekt", None, per).status, 403, "KOMBIT appoints no one")
    eq(appoint(plus, "projektleder", "NOPE", per).json().get("field"), "project", "unknown project")
    eq(s.one("SELECT count(*) FROM appointments"), count, "nothing appointed")
    eq(appoint(plus, "projektleder", None, per).json().get("field"), "project",
       "a system-specific role needs a project")
    eq(appoint(plus, "it-arkitekt", "KY", per).json().get("field"), "project",
       "a cross-cutting role has none")
    eq(appoint(plus, "ingen-rolle", None, per).json().get("field"), "role", "an unknown role")
    r = appoint(plus, "it-arkitekt", None, per)
    eq(r.status, 201, "PLUS on a project appoints a cross-cutting role")
    eq(appoint(plus, "projektleder", "KY", per).status, 201, "PLUS on KY appoints on KY")
    eq(appoint(admin, "projektleder", "FBS", person_of(s, "admin@kbh.dk")).status, 403,
       "the administrator cannot name a project they have no access to")
    s.add_user("chef@kbh.dk", "101", "admin", ["KY:laeser"], "Cecilie Chef")
    chef = client_of(s, "chef@kbh.dk")
    eq(appoint(chef, "projektejer", "KY", person_of(s, "chef@kbh.dk")).status, 201,
       "an administrator appoints on KY with only laeser there")
    eq(appoint(chef, "it-arkitekt", None, person_of(s, "chef@kbh.dk")).status, 201,
       "and municipality-wide")
    aid = r.json()["id"]
    eq(laeser.patch_json(APPTS + "/%d" % aid, {"primary": True}).status, 403, "laeser's PATCH")
    eq(laeser.delete(APPTS + "/%d" % aid).status, 403, "laeser's DELETE")
    eq(laeser.get(APPTS + "/%d" % aid).status, 200, "a laeser reads it")
    aa = client_of(s, "admin@aarhus.dk")
    eq(aa.get(APPTS + "/%d" % aid).status, 404, "another municipality's: 404")
    eq(aa.patch_json(APPTS + "/%d" % aid, {"primary": True}).status, 404, "PATCH across: 404")
    eq(aa.delete(APPTS + "/%d" % aid).status, 404, "DELETE across: 404")
    check(all(x["organisation"] == "751" for x in aa.get(APPTS).json()["appointments"]),
          "Aarhus's list shows only Aarhus")
    eq(s.one("SELECT ended_at FROM appointments WHERE id = ?", aid), None, "still current")


@test
def one_primary_holder():
    s = Server()
    s.add_user("begge@kbh.dk", "101", "member", ["KY:plus", "FBS:plus"], "Bent Begge")
    a = client_of(s, "begge@kbh.dk")
    one, two = person_of(s, "admin@kbh.dk"), person_of(s, "plus@kbh.dk")
    first = appoint(a, "superbruger", "KY", one, primary=True).json()["id"]
    second = appoint(a, "superbruger", "KY", two, primary=True).json()["id"]
    other = appoint(a, "superbruger", "FBS", one, primary=True).json()["id"]

    def primaries():
        return dict(s.sql("SELECT id, is_primary FROM appointments WHERE id IN (?, ?, ?)",
                          first, second, other))
    eq(primaries(), {first: 0, second: 1, other: 1}, "setting one unsets the other (same project)")
    eq(a.patch_json(APPTS + "/%d" % first, {"primary": True}).status, 200, "PATCH primary")
    eq(primaries(), {first: 1, second: 0, other: 1}, "and back")
    lst = a.get(APPTS + "?role=superbruger&project=KY").json()["appointments"]
    eq(sum(1 for x in lst if x["primary"]), 1, "one primary in the list")


@test
def kombit_sees_every_municipality_with_filters():
    s = Server()
    kb = client_of(s, "plus@kbh.dk")
    aa = client_of(s, "plus@aarhus.dk")
    eq(appoint(kb, "projektleder", "KY", person_of(s, "plus@kbh.dk")).status, 201, "KBH")
    eq(appoint(aa, "projektleder", "KY", person_of(s, "plus@aarhus.dk")).status, 201, "Aarhus")
    k = client_of(s, "kombit@kombit.dk")
    lst = k.get(APPTS).json()["appointments"]
    eq(sorted((x["organisation"], x["organisation_name"]) for x in lst),
       [("101", "København"), ("751", "Aarhus")], "KOMBIT sees every municipality by name")
    lst = k.get(APPTS + "?region=Region%20Hovedstaden").json()["appointments"]
    eq([x["organisation"] for x in lst], ["101"], "region filter")
    lst = k.get(APPTS + "?region=1082").json()["appointments"]
    eq([x["organisation"] for x in lst], ["751"], "region filter by region code")
    eq(k.get(APPTS + "?project=FBS").json()["appointments"], [], "project filter")
    lst = k.get(APPTS + "?municipality=751").json()["appointments"]
    eq([x["organisation"] for x in lst], ["751"], "municipality filter")
    eq(kb.get(APPTS + "?municipality=751").json()["appointments"], [],
       "a municipality's filter on another stays within its own")
    page = k.get("/rollebesaetning?municipality=751")
    check("Systemspecifikke roller" in page.text and "Ida Plus" in page.text,
          "KOMBIT sees the municipality's matrix")
    check("/rollebesaetning/ny" not in page.text, "but no appoint links")
    eq(k.get(APPTS + "?colour=red").status, 422, "an unknown filter")
    page = k.get("/rollebesaetning?region=Region%20Midtjylland")
    eq(page.status, 200, "KOMBIT's page")
    main = main_of(page.text)
    check("Aarhus" in main and "København" not in main.split("Udpegninger</h2>")[-1],
          "the page's list follows the region filter")
    form = form_of(page, action="/rollebesaetning")
    eq(form.field("region").selected(), "Region Midtjylland", "the filter keeps its choice")
    r = submit(k, form, {"region": "", "municipality": "101"})
    eq(r.status, 200, "the filter form")
    check("Per Plus" in main_of(r.text) and "Ida Plus" not in main_of(r.text),
          "the filter form shows København only")
    eq(form_of(r, action="/rollebesaetning").field("municipality").selected(), "101",
       "and keeps the municipality")


# ---------------------------------------------------------------- risk

@test
def risk_changes_when_a_mandatory_role_is_filled():
    s = Server()
    a = client_of(s, "admin@kbh.dk")
    before = unfilled(a, "KY")
    check(("projektleder", "KY") in before and ("projektejer", "KY") in before,
          "KY's mandatory roles unfilled: %r" % before)
    check(("systemejer-it-systemet", "KY") not in before,
          "an operation role due in Fase 4 is not listed in Fase 1: %r" % before)
    r = appoint(a, "projektleder", "KY", person_of(s, "admin@kbh.dk"))
    eq(r.status, 201, "appoint")
    after = unfilled(a, "KY")
    eq(before - after, {("projektleder", "KY")}, "filling it removes it from the list")
    a.delete(APPTS + "/%d" % r.json()["id"])
    check(("projektleder", "KY") in unfilled(a, "KY"), "ending it puts it back")
    # a future appointment does not fill the role today
    appoint(a, "projektleder", "KY", person_of(s, "admin@kbh.dk"), **{"from": day(30)})
    check(("projektleder", "KY") in unfilled(a, "KY"), "a future appointment")


@test
def risk_dates_follow_the_wave():
    s = Server()
    go_live = TODAY + datetime.timedelta(days=300)
    wid = s.seed_wave("KY", "Bølge 9", go_live.isoformat(), ["101"], [])
    a = client_of(s, "admin@kbh.dk")
    r = a.get("/api/v1/risk").json()
    ky = [p for p in r["projects"] if p["code"] == "KY"][0]
    eq((ky["wave"], ky["go_live"], ky["phase"]), ("Bølge 9", go_live.isoformat(), 1),
       "KY's wave and phase (derived from go-live)")
    eq([p["start"] for p in ky["phases"]],
       [(go_live + datetime.timedelta(days=d)).isoformat() for d in (-365, -270, -90, 30)],
       "phase dates from go-live")
    by = {(u["role"], u["project"]): u for u in r["unfilled"]}
    eq((by[("projektleder", "KY")]["due"], by[("projektleder", "KY")]["now"]),
       ((go_live - datetime.timedelta(days=365)).isoformat(), True), "due at Fase 1, now")
    # KOMBIT's phase dates win, and the next phase's roles are listed with their date
    for ph, start in ((1, day(-10)), (2, day(20)), (3, day(50)), (4, day(80))):
        s.write("INSERT INTO wave_phases (wave_id, phase, start_date) VALUES (?, ?, ?)",
                wid, ph, start)
    k = client_of(s, "kombit@kombit.dk")
    eq(k.json_call("PUT", "/api/v1/projects/KY/role-catalogue", {"role_catalogue": [
        {"role": "projektleder", "stage": "implementation", "requirement": "mandatory",
         "phase": 1},
        {"role": "superbruger", "stage": "implementation", "requirement": "mandatory",
         "phase": 2},
        {"role": "it-arkitekt", "stage": "implementation", "requirement": "mandatory",
         "phase": 3}]}).status, 200, "KY's catalogue")
    by = {(u["role"], u["project"]): u for u in a.get("/api/v1/risk").json()["unfilled"]
          if u["project"] != "FBS"}
    eq(set(by), {("projektleder", "KY"), ("superbruger", "KY")},
       "it-arkitekt (Fase 3) is beyond the next phase")
    eq((by[("superbruger", "KY")]["due"], by[("superbruger", "KY")]["now"]), (day(20), False),
       "due by the next phase, with its date")
    eq(by[("projektleder", "KY")]["due"], day(-10), "due at Fase 1 from wave_phases")
    # in operation the operation roles are due now
    s.write("INSERT INTO organisation_projects (organisation_id, project_id, stage)"
            " SELECT ?, id, 'operation' FROM projects WHERE code = 'KY'", org_id(s, "101"))
    eq(k.json_call("PUT", "/api/v1/projects/KY/role-catalogue", {"role_catalogue": [
        {"role": "projektleder", "stage": "implementation", "requirement": "mandatory"},
        {"role": "systemansvarlig-it-systemet", "stage": "operation", "requirement": "mandatory",
         "phase": 4}]}).status, 200, "KY's catalogue again")
    eq({(u["role"], u["project"], u["now"]) for u in a.get("/api/v1/risk").json()["unfilled"]
        if u["project"] == "KY"}, {("systemansvarlig-it-systemet", "KY", True)},
       "in operation: the operation role, now")


@test
def kombit_sets_phase_dates_of_a_wave():
    s = Server()
    go_live = TODAY + datetime.timedelta(days=400)
    wid = s.seed_wave("KY", "Bølge 9", go_live.isoformat(), ["101"], [])
    a = client_of(s, "admin@kbh.dk")
    k = client_of(s, "kombit@kombit.dk")

    def due():
        r = a.get("/api/v1/risk").json()
        return {(u["role"], u["project"]): u["due"] for u in r["unfilled"]}[("projektleder", "KY")]

    eq(due(), (go_live - datetime.timedelta(days=365)).isoformat(), "due from go-live")
    r = k.patch_json("/api/v1/waves/%d" % wid, {"phases": {"1": day(5), "3": day(200)}})
    eq(r.status, 200, "PATCH phases (%s)" % r.text[:200])
    eq(r.json()["phases_changed"], True, "phases_changed")
    want = [{"phase": 1, "start": day(5), "derived": day(35)},
            {"phase": 2, "start": None, "derived": day(130)},
            {"phase": 3, "start": day(200), "derived": day(310)},
            {"phase": 4, "start": None, "derived": day(430)}]
    eq(r.json()["phases"], want, "the answer's phases")
    eq(k.get("/api/v1/waves/%d" % wid).json()["phases"], want, "GET answers them")
    eq(a.get("/api/v1/waves/%d" % wid).json()["phases"], want, "the member reads them too")
    eq(s.sql("SELECT phase, start_date FROM wave_phases WHERE wave_id = ? ORDER BY phase", wid),
       [(1, day(5)), (3, day(200))], "stored")
    eq(due(), day(5), "the risk list's due date follows Fase 1")
    ky = [p for p in a.get("/api/v1/risk").json()["projects"] if p["code"] == "KY"][0]
    eq([p["start"] for p in ky["phases"]], [day(5), day(130), day(200), day(430)],
       "an undated phase is derived from go-live")
    ev = s.sql("SELECT before, after FROM audit_events WHERE action = 'wave.phases'")
    eq([(json.loads(b), json.loads(af)) for b, af in ev],
       [({"phases": {}}, {"phases": {"1": day(5), "3": day(200)}})], "audited")
    eq(k.patch_json("/api/v1/waves/%d" % wid, {"phases": {"1": day(5), "3": day(200)}})
       .json()["phases_changed"], False, "the same dates again change nothing")
    # bad dates are 422 naming the field, and write nothing
    for bad in ({"2": "2027-13-01"}, {"5": day(1)}, {"1": day(9), "2": day(8)}, {"x": day(1)},
                "2027-01-01", {"1": "i morgen"}):
        r = k.patch_json("/api/v1/waves/%d" % wid, {"phases": bad})
        eq((r.status, r.json().get("field")), (422, "phases"), "bad phases %r" % (bad,))
    eq(len(s.sql("SELECT 1 FROM audit_events WHERE action = 'wave.phases'")), 1, "no new event")
    eq(due(), day(5), "still due at KOMBIT's Fase 1")
    # a municipality may not set them
    r = a.patch_json("/api/v1/waves/%d" % wid, {"phases": {"1": day(-30)}})
    eq(r.status, 403, "a member municipality's PATCH")
    eq(client_of(s, "admin@aarhus.dk").patch_json("/api/v1/waves/%d" % wid,
                                                   {"phases": {"1": day(-30)}}).status,
       403, "another municipality's (KOMBIT's route: refused before the look-up)")
    eq(due(), day(5), "unchanged by the municipalities")
    # the wave page's form: four date fields, empty = derived
    page = k.get("/boelger/%d" % wid)
    form = form_of(page, button="Gem fasedatoer")
    eq([form.field("phases.%d" % n).value for n in (1, 2, 3, 4)],
       [day(5), "", day(200), ""], "the form shows KOMBIT's dates")
    r = submit(k, form, {"phases.1": "", "phases.2": day(-20), "phases.3": ""})
    eq(r.status, 200, "the form's post (%s)" % r.text[:300])
    check("Fasedatoerne er gemt." in main_of(r.text), "the notice")
    eq(s.sql("SELECT phase, start_date FROM wave_phases WHERE wave_id = ?", wid),
       [(2, day(-20))], "the form's dates stored")
    eq(due(), day(35), "Fase 1 derived from go-live again")
    r = submit(k, form_of(k.get("/boelger/%d" % wid), button="Gem fasedatoer"),
               {"phases.3": "31-12-2027"})
    eq(r.status, 422, "a bad date in the form")
    check("Fase 3 skal være en dato" in main_of(r.text), "the form names the phase")
    # the go-live form leaves the phase dates alone
    r = submit(k, form_of(k.get("/boelger/%d" % wid), button="Gem go-live"),
               {"go_live": (go_live + datetime.timedelta(days=10)).isoformat()})
    eq(r.status, 200, "the go-live form")
    eq(s.sql("SELECT phase, start_date FROM wave_phases WHERE wave_id = ?", wid),
       [(2, day(-20))], "phase dates kept")
    s.close()


@test
def kombit_risk_matrix():
    s = Server()
    k = client_of(s, "kombit@kombit.dk")
    r = k.get("/api/v1/risk").json()
    ky = [m for m in r["matrix"] if m["project"] == "KY"][0]
    eq({x["municipality"] for x in ky["rows"]}, {"101", "751"}, "municipalities taking part")
    slugs = [x["slug"] for x in ky["roles"]]
    check("projektleder" in slugs, "projektleder is a column: %r" % slugs)
    col = slugs.index("projektleder")
    row = [x for x in ky["rows"] if x["municipality"] == "751"][0]
    eq((row["cells"][col]["holders"], row["cells"][col]["missing"]), (0, True), "Aarhus empty")
    check(any(u["municipality"] == "751" and u["role"] == "projektleder" for u in r["unfilled"]),
          "KOMBIT's unfilled list names the municipality")
    aa = client_of(s, "plus@aarhus.dk")
    eq(appoint(aa, "projektleder", "KY", person_of(s, "plus@aarhus.dk")).status, 201, "appoint")
    ky = [m for m in k.get("/api/v1/risk").json()["matrix"] if m["project"] == "KY"][0]
    row = [x for x in ky["rows"] if x["municipality"] == "751"][0]
    eq((row["cells"][col]["holders"], row["cells"][col]["missing"]), (1, False), "Aarhus filled")
    page = k.get("/risiko")
    eq(page.status, 200, "KOMBIT's risk page")
    check("Aarhus" in page.text and "København" in page.text, "the matrix names municipalities")
    adm = client_of(s, "admin@kbh.dk")
    page = adm.get("/risiko")
    check("/rollebesaetning/ny?role=projektejer&amp;project=KY" in page.text,
          "an appoint link where the administrator may appoint")
    check("project=FBS" not in page.text, "none for FBS, which the administrator cannot open")
    own = adm.get("/api/v1/risk").json()
    eq(own["matrix"], None, "a municipality gets no matrix")
    check(all(u.get("municipality") is None for u in own["unfilled"]), "nor other municipalities")


# ---------------------------------------------------------------- the pages, as a browser

@test
def register_page_appoint_edit_end_reappoint():
    s = Server()
    a = s.client()
    eq(a.login_form("admin@kbh.dk").status, 303, "log in")
    page = a.get("/rollebesaetning")
    eq(page.status, 200, "/rollebesaetning")
    main = main_of(page.text)
    check(main.count("Mangler") >= 4, "empty mandatory cells marked (KY and FBS)")
    link = "/rollebesaetning/ny?role=projektleder&amp;project=KY"
    check(link in main, "one click to appoint projektleder in KY")
    form = form_of(a.get(html.unescape(link)), action="/rollebesaetning/ny")
    eq((form.field("role").selected(), form.field("project").selected()), ("projektleder", "KY"),
       "the form comes filled in")
    me = person_of(s, "admin@kbh.dk")
    r = submit(a, form, {"person": str(me), "primary": True})
    eq(notices(r), ["Udpegningen er gemt."], "confirmation (%s)" % r.text[:300])
    eq(r.path, "/rollebesaetning", "back on the register")
    aid = s.one("SELECT max(id) FROM appointments")
    eq(s.sql("SELECT person_id, is_primary, from_date FROM appointments WHERE id = ?", aid),
       [(me, 1, TODAY.isoformat())], "the row")
    check('href="/rollebesaetning/%d"' % aid in r.text, "the holder links to the appointment")
    # a duplicate through the form is refused and the form is shown again
    form = form_of(a.get(html.unescape(link)), action="/rollebesaetning/ny")
    r = submit(a, form, {"person": str(me)})
    eq(r.status, 409, "the same appointment twice")
    check("allerede udpeget" in r.text and form_of(r, action="/rollebesaetning/ny"),
          "the form again, with the reason")
    # edit
    page = a.get("/rollebesaetning/%d" % aid)
    r = submit(a, form_of(page, action="/rollebesaetning/%d" % aid), {"to": "2031-01-31"})
    eq(notices(r), ["Ændringerne er gemt."], "edit confirmation")
    eq(s.one("SELECT to_date FROM appointments WHERE id = ?", aid), "2031-01-31", "to saved")
    r = submit(a, form_of(r, action="/rollebesaetning/%d" % aid), {"to": "2001-01-01"})
    eq(r.status, 422, "to before from")
    check("field-error" in r.text and 'value="2001-01-01"' in r.text, "kept and explained")
    # end
    page = a.get("/rollebesaetning/%d" % aid)
    r = submit(a, form_of(page, action="/rollebesaetning/%d/afslut" % aid), {})
    eq(notices(r), ["Udpegningen er afsluttet."], "end confirmation")
    eq(s.one("SELECT ended_at IS NOT NULL FROM appointments WHERE id = ?", aid), 1, "ended")
    check("Afsluttet" in main_of(r.text), "history shows the ended one")
    check(not forms_of(a.get("/rollebesaetning/%d" % aid)) or not [
        f for f in forms_of(a.get("/rollebesaetning/%d" % aid)) if "afslut" in f.action],
        "an ended appointment has no end button")
    # re-appoint
    form = form_of(a.get(html.unescape(link)), action="/rollebesaetning/ny")
    r = submit(a, form, {"person": str(me)})
    eq(notices(r), ["Udpegningen er gemt."], "re-appointed")
    eq(s.one("SELECT count(*) FROM appointments WHERE role_id = (SELECT id FROM roles"
             " WHERE slug = 'projektleder')"), 2, "two rows: the old and the new")


@test
def register_page_contact_without_log_in():
    s = Server()
    a = s.client()
    eq(a.login_form("plus@kbh.dk").status, 303, "log in")
    page = a.get("/rollebesaetning")
    link = "/rollebesaetning/ny?role=kombit-programleder"
    check(link in page.text, "a link to appoint the cross-cutting role")
    form = form_of(a.get(link), action="/rollebesaetning/ny")
    eq(form.field("person").selected(), "", "a new contact is the default")
    r = submit(a, form, {"email": "ikke-gyldig"})
    eq(r.status, 422, "no name and a bad e-mail")
    form = form_of(r, action="/rollebesaetning/ny")
    eq(form.field("email").value, "ikke-gyldig", "the form keeps what was typed")
    r = submit(a, form, {"name": "Bo Kontakt", "title": "Programleder", "email": "bo@kbh.dk",
                         "phone": "12 34 56 78", "consent": True})
    eq(notices(r), ["Udpegningen er gemt."], "confirmation (%s)" % r.text[:300])
    eq(s.sql("SELECT p.name, p.email, p.consent, r.slug, a.project_id FROM appointments a"
             " JOIN persons p ON p.id = a.person_id JOIN roles r ON r.id = a.role_id"
             " WHERE p.name = 'Bo Kontakt'"),
       [("Bo Kontakt", "bo@kbh.dk", 1, "kombit-programleder", None)], "contact and appointment")
    check("Bo Kontakt" in main_of(r.text) and "uden log-in" in main_of(r.text),
          "the matrix shows the contact")
    # the laeser has no appoint links and is refused by the form
    l = s.client()
    eq(l.login_form("laeser@kbh.dk").status, 303, "laeser logs in")
    page = l.get("/rollebesaetning")
    check("/rollebesaetning/ny" not in page.text, "no appoint link for a laeser")
    page = l.get(link)
    check("Du kan ikke udpege" in page.text, "the form says why")
    r = submit(l, form_of(page, action="/rollebesaetning/ny"), {"name": "Forsøg"})
    eq(r.status, 403, "laeser's post")
    eq(s.one("SELECT count(*) FROM persons WHERE name = 'Forsøg'"), 0, "no contact made")


@test
def role_page_shows_holders_in_own_municipality():
    s = Server()
    kb = client_of(s, "plus@kbh.dk")
    aa = client_of(s, "plus@aarhus.dk")
    eq(appoint(kb, "it-arkitekt", None, {"name": "Karl Arkitekt"}).status, 201, "KBH")
    eq(appoint(aa, "it-arkitekt", None, {"name": "Aksel Arkitekt"}).status, 201, "Aarhus")
    page = kb.get("/roller/it-arkitekt")
    eq(page.status, 200, "role page")
    check("Hvem varetager rollen i København" in page.text and "Karl Arkitekt" in page.text,
          "the holder in København")
    check("Aksel Arkitekt" not in page.text, "not Aarhus's")
    anon = s.client().get("/roller/it-arkitekt")
    check("Karl Arkitekt" not in anon.text and "Hvem varetager" not in anon.text,
          "nothing for the anonymous")
    eq(kb.get("/api/v1/roles/it-arkitekt").json().get("holders"), None, "page-only")


run()
