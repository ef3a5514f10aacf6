"""HTTP tests of contact lists, leavers and handover (issue 8, parts 4-6
and 8): consent decides which of a holder's fields another municipality
sees — in the JSON list, the CSV, the vCard, the search and the page —
while the own municipality and KOMBIT see everything; the confirmation
link sets consent and verified_at; the CSV keeps its byte order mark, ';'
and CRLF and imports back to the same list; a bad import names line and
column and changes nothing; a value that would start a spreadsheet
formula stays text; the vCard parses with python3-vobject; a
leaver's appointments and open tasks move to the successor and the log-in
is switched off; the handover proposes the successor roles with the same
people and ends the predecessors. Pages are driven through the forms they
render."""

import sys, os; sys.path.insert(0, os.path.dirname(__file__)); from harness import *  # noqa: E401,E702,F403

import vobject  # Debian's python3-vobject

APPTS = "/api/v1/projects/%s/appointments"
HEADER = "Kommunekode;Kommune;Rolle;Projekt;Navn;Titel;E-mail;Telefon;Primær;Bekræftet"
PERSONAL = {"name", "title", "email", "phone", "verified_at"}


def person_of(s, email):
    return s.one("SELECT person_id FROM users WHERE email = ?", email)


def appoint(c, role, person, project="KY"):
    r = c.post_json(APPTS % project, {"role": role, "person_id": person})
    eq(r.status, 201, "appointment %s (%s)" % (role, r.text[:200]))
    return r.json()["id"]


def logged_in(s, email):
    c = s.client()
    c.login(email)
    return c


def consent_by_link(s, admin, person, title=None):
    """The administrator asks person to confirm (the page's button), the
    holder opens the link without logging in and ticks consent."""
    page = admin.get("/personer/%d" % person)
    eq(page.status, 200, "person page")
    r = submit(admin, form_of(page, action=r"/personer/\d+/bekraeftelse"), follow=False)
    eq(r.status, 201, "link page (%s)" % r.text[:200])
    m = re.search(r'id="verify-link">https?://[^/]+(/bekraeft/[A-Za-z0-9_-]+)<', r.text)
    check(m, "no link on the page")
    holder = s.client()
    form_page = holder.get(m.group(1))
    eq(form_page.status, 200, "the holder's form")
    changes = {"consent": True}
    if title:
        changes["title"] = title
    done = submit(holder, form_of(form_page, action=r"/bekraeft/.*"), changes, follow=False)
    eq(done.status, 303, "confirmation (%s)" % done.text[:300])
    return m.group(1), holder


def setup_two(s):
    """København: Anne Admin projektejer on KY with consent, Per Plus
    projektleder without; Aarhus: Ida Plus projektleder without."""
    kp = logged_in(s, "plus@kbh.dk")
    ka = logged_in(s, "admin@kbh.dk")
    ap = logged_in(s, "plus@aarhus.dk")
    anne, per, ida = (person_of(s, e) for e in ("admin@kbh.dk", "plus@kbh.dk", "plus@aarhus.dk"))
    appoint(kp, "projektejer", anne)
    appoint(kp, "projektleder", per)
    appoint(ap, "projektleder", ida)
    consent_by_link(s, ka, anne, title="Digitaliseringschef")
    return kp, ka, ap


@test
def consent_shows_exactly_the_allowed_fields():
    s = Server()
    try:
        _, ka, ap = setup_two(s)
        eq(s.sql("SELECT consent, title, verified_at IS NOT NULL FROM persons WHERE id = ?",
                 person_of(s, "admin@kbh.dk")), [(1, "Digitaliseringschef", 1)], "consent saved")
        r = ap.get("/api/v1/contacts?municipality=101")
        eq(r.status, 200, "Aarhus reads København's list")
        by_role = {c["role"]: c for c in r.json()["contacts"]}
        eq(sorted(by_role), ["projektejer", "projektleder"], "København's contacts")
        eq(set(by_role["projektleder"]), {"municipality", "role", "project", "primary"},
           "without consent: only that the role is filled")
        eq(by_role["projektejer"]["name"], "Anne Admin", "with consent: the name")
        eq(by_role["projektejer"]["email"], "admin@kbh.dk", "with consent: the e-mail")
        eq(set(by_role["projektejer"]) - {"municipality", "role", "project", "primary"},
           PERSONAL, "with consent: every personal field")
        own = {c["role"]: c for c in ka.get("/api/v1/contacts?municipality=101").json()["contacts"]}
        eq(own["projektleder"]["name"], "Per Plus", "the own municipality sees everything")
        kombit = logged_in(s, "kombit@kombit.dk")
        aarhus = kombit.get("/api/v1/contacts?municipality=751").json()["contacts"]
        eq([c.get("name") for c in aarhus], ["Ida Plus"], "KOMBIT sees without consent")
        # the search across municipalities: the region's project leaders
        q = "/api/v1/contacts?role=projektleder&region=" + urllib.parse.quote("Region Hovedstaden")
        found = ap.get(q).json()["contacts"]
        eq([(c["municipality"], "name" in c) for c in found], [("101", False)], "search")
        found = ka.get("/api/v1/contacts?role=projektleder&region=1082").json()["contacts"]
        eq([(c["municipality"], "name" in c) for c in found], [("751", False)], "search by code")
        # the exports and the page say no more
        for fmt in ("csv", "vcf"):
            r = ap.get("/api/v1/contacts?municipality=101&format=" + fmt)
            eq(r.status, 200, fmt)
            for leak in ("Per Plus", "plus@kbh.dk"):
                check(leak not in r.text, "%s shows %r without consent" % (fmt, leak))
            check("Anne Admin" in r.text and "admin@kbh.dk" in r.text, "%s: consented" % fmt)
        page = ap.get("/kontakter?municipality=101")
        eq(page.status, 200, "page")
        check("Per Plus" not in page.text and "plus@kbh.dk" not in page.text, "page leaks")
        check("Rollen er besat" in main_of(page.text), "page: a filled role %s" % main_of(page.text))
        check("Anne Admin" in page.text, "page: a consented holder")
        eq(ap.get("/api/v1/contacts?municipality=999").status, 422, "unknown municipality")
        eq(ap.get("/api/v1/contacts?region=Atlantis").json().get("field"), "region", "region")
        eq(ap.get("/api/v1/contacts?color=red").status, 422, "unknown parameter")
    finally:
        s.close()


@test
def confirmation_link_works_once():
    s = Server()
    try:
        ka = logged_in(s, "admin@kbh.dk")
        per = person_of(s, "plus@kbh.dk")
        link, holder = consent_by_link(s, ka, per)
        eq(holder.get(link).status, 404, "a spent link")
        eq(s.one("SELECT count(*) FROM audit_events WHERE action = 'person.verify'"), 1, "audit")
        # a verified person is not stale; one confirmed 13 months ago is
        s.write("UPDATE persons SET verified_at = '2020-01-01T00:00:00Z' WHERE id = ?",
                person_of(s, "laeser@kbh.dk"))
        page = ka.get("/personer")
        rows = {m.group(1): m.group(2) for m in re.finditer(
            r'<tr>\s*<td data-label="Navn"><a href="/personer/\d+">([^<]+)</a>(.*?)</tr>',
            page.text, re.S)}
        check("Forældet" in rows["Lis Læser"], "an old confirmation is stale")
        check("Forældet" not in rows["Per Plus"], "a fresh confirmation is not")
        check("Forældet" in rows["Anne Admin"], "never confirmed is stale")
        # the contact list flags them too
        kp = logged_in(s, "plus@kbh.dk")
        appoint(kp, "projektleder", per)
        appoint(kp, "superbruger", person_of(s, "laeser@kbh.dk"))
        cells = re.findall(r'<td data-label="Bekræftet">(.*?)</td>',
                           ka.get("/kontakter?municipality=101").text)
        eq(["Forældet" in c for c in cells], [False, True], "stale in the contact list")
        eq(ka.get("/bekraeft/" + "x" * 43).status, 404, "an unknown link")
        aa = logged_in(s, "admin@aarhus.dk")
        eq(aa.post_json("/api/v1/persons/%d/verification" % per).status, 404, "across the wall")
    finally:
        s.close()


def csv_of(r):
    eq(r.status, 200, "csv (%s)" % r.text[:200])
    eq(r.header("Content-Type"), "text/csv; charset=utf-8", "csv type")
    check("attachment" in (r.header("Content-Disposition") or ""), "csv is a download")
    check(r.body.startswith(b"\xef\xbb\xbf"), "csv opens with the UTF-8 byte order mark")
    text = r.body[3:].decode("utf-8")
    check(text.endswith("\r\n") and "\n" not in text.replace("\r\n", ""), "CRLF rows")
    return text


IMPORT = (HEADER + "\r\n"
          "101;København;Projektleder;KY;Søren Ærø-Åberg;\"Leder; \"\"af\"\" drift\";"
          "soeren@kbh.dk;+45 11 22 33 44;ja;\r\n"
          "101;København;It-arkitekt;;Birgitte Ørsted;;birgitte@kbh.dk;;nej;2024-05-01\r\n"
          "101;København; oeir-kordinator ;;Åse Øster;\"Koordinator; ØiR\";;;;\r\n")


@test
def csv_keeps_danish_letters_and_imports_back():
    a, b = Server(), Server()
    try:
        admin = logged_in(a, "admin@kbh.dk")
        page = admin.get("/kontakter/import")
        eq(page.status, 200, "import page")
        r = submit(admin, form_of(page, action="/kontakter/import"), {"csv": IMPORT})
        eq(r.status, 200, "after the import (%s)" % r.text[:300])
        check("Kontaktlisten er importeret." in r.text, "notice")
        check(r.history and "/kontakter?municipality=101" in r.history[0].header("Location"),
              "back to the list")
        eq(a.one("SELECT count(*) FROM persons WHERE email IS NULL AND name = 'Åse Øster'"), 1,
           "a contact without e-mail")
        eq(a.one("SELECT count(*) FROM users u JOIN persons p ON p.id = u.person_id"
                 " WHERE p.name = 'Søren Ærø-Åberg'"), 0, "a contact without log-in")
        first = csv_of(admin.get("/kontakter?municipality=101&format=csv"))
        lines = first.split("\r\n")
        eq(lines[0], HEADER, "header")
        check("101;København;Projektleder;KY;Søren Ærø-Åberg;\"Leder; \"\"af\"\" drift\";"
              "soeren@kbh.dk;'+45 11 22 33 44;ja;" in lines, "a quoted row: %r" % lines)
        eq(a.one("SELECT phone FROM persons WHERE email = 'soeren@kbh.dk'"), "+45 11 22 33 44",
           "a phone number is stored as typed")
        check(any(l.startswith("101;København;ØiR-kordinator;;Åse Øster;\"Koordinator; ØiR\";")
                  for l in lines), "ØiR intact: %r" % lines)
        check("København".encode() in admin.get("/api/v1/contacts?format=csv").body, "bytes")
        # a value a spreadsheet would run as a formula stays text
        s_id = a.one("SELECT id FROM persons WHERE email = 'birgitte@kbh.dk'")
        a.write("UPDATE persons SET title = '=HYPERLINK(\"http://x\")' WHERE id = ?", s_id)
        check(";\"'=HYPERLINK(\"\"http://x\"\")\";" in csv_of(admin.get("/api/v1/contacts?format=csv")),
              "a formula is not kept as text")
        a.write("UPDATE persons SET title = NULL WHERE id = ?", s_id)
        # the same file again changes nothing
        r = admin.post_json("/api/v1/contacts/import", {"csv": first})
        eq(r.status, 200, "re-import (%s)" % r.text[:200])
        eq(r.json()["import"], {"rows": 3, "persons_created": 0, "appointments_created": 0,
                                "unchanged": 3}, "re-import is unchanged")
        # into another server: the same list
        other = logged_in(b, "admin@kbh.dk")
        r = other.post_json("/api/v1/contacts/import", {"csv": first})
        eq(r.status, 200, "import elsewhere (%s)" % r.text[:200])
        eq(csv_of(other.get("/api/v1/contacts?format=csv")), first, "imports back the same")
    finally:
        a.close()
        b.close()


@test
def bad_import_changes_nothing_and_names_line_and_field():
    s = Server()
    try:
        admin = logged_in(s, "admin@kbh.dk")
        tables = ("persons", "appointments", "audit_events")
        before = {t: s.sql("SELECT * FROM %s ORDER BY 1" % t) for t in tables}
        bad = (HEADER + "\r\n"
               "101;København;Projektleder;KY;God Række;;god@kbh.dk;;ja;\r\n"
               "101;København;Projektleder;KY;Dårlig Mail;;ikke-en-mail;;nej;\r\n"
               "101;København;Troldmand;;Ukendt Rolle;;;;;\r\n"
               "751;Aarhus;Projektleder;KY;Forkert Kommune;;;;kanske;\r\n"
               "101;København;Projektleder;;Uden Projekt;;;;;\r\n")
        r = admin.post_json("/api/v1/contacts/import", {"csv": bad})
        eq(r.status, 422, "bad import")
        body = r.json()
        eq(body["field"], "csv", "the field")
        want = {"linje 3: E-mail", "linje 5: Kommunekode", "linje 5: Primær"}
        check(want <= set(body["errors"]), "errors %r" % body["errors"])
        check("Intet er ændret" in body["error"], "says nothing changed: %r" % body["error"])
        # the page form: the same errors, shown in the page, typed text kept
        page = admin.get("/kontakter/import")
        r = submit(admin, form_of(page, action="/kontakter/import"), {"csv": bad})
        eq(r.status, 422, "page")
        for w in sorted(want):
            check(w in r.text, "the page names %r" % w)
        check("Dårlig Mail" in r.text, "the text is kept")
        # the model's check: role and project (no syntax errors left)
        fine = bad.split("\r\n")
        r = admin.post_json("/api/v1/contacts/import", {"csv": "\r\n".join(
            fine[:2] + [fine[3], fine[5]])})
        eq(r.status, 422, "unknown role")
        eq(set(r.json()["errors"]) - {"csv"}, {"linje 3: Rolle", "linje 4: Projekt"}, "model")
        r = admin.post_json("/api/v1/contacts/import", {"csv": "a;b\r\n"})
        eq(set(r.json()["errors"]) - {"csv"}, {"linje 1: Kolonner"}, "wrong header")
        r = admin.post_json("/api/v1/contacts/import", {"csv": HEADER + "\r\n\"åben;\r\n"})
        eq(r.status, 422, "an unclosed quote")
        r = admin.post_json("/api/v1/contacts/import", {"csv": "x" * 500001})
        eq((r.status, r.json().get("field")), (422, "csv"), "a list over 500 000 characters")
        for t in tables:
            eq(s.sql("SELECT * FROM %s ORDER BY 1" % t), before[t], "%s unchanged" % t)
        laeser = logged_in(s, "laeser@kbh.dk")
        eq(laeser.post_json("/api/v1/contacts/import", {"csv": IMPORT}).status, 403, "laeser")
    finally:
        s.close()


@test
def vcard_parses_with_vobject():
    s = Server()
    try:
        _, ka, ap = setup_two(s)
        s.write("UPDATE persons SET phone = '+45 33 66 33 66', title = ? WHERE id = ?",
                "Chef, digitalisering; \\ IT", person_of(s, "admin@kbh.dk"))
        s.write("UPDATE persons SET name = ? WHERE id = ?", "Anne " + "Ålændersøn" * 8,
                person_of(s, "admin@kbh.dk"))
        r = ap.get("/api/v1/contacts?municipality=101&format=vcf")
        eq(r.header("Content-Type"), "text/vcard; charset=utf-8", "type")
        check("attachment" in (r.header("Content-Disposition") or ""), "a download")
        raw = r.body
        for line in raw.split(b"\r\n"):
            check(len(line) <= 75, "a line over 75 octets: %r" % line)
        check(b"\r\n " in raw, "long lines are folded")
        cards = list(vobject.readComponents(raw.decode("utf-8")))
        eq(len(cards), 2, "one card per contact")
        anne = next(c for c in cards if c.contents.get("email"))
        eq(anne.fn.value, "Anne " + "Ålændersøn" * 8, "FN unfolded")
        eq(anne.email.value, "admin@kbh.dk", "EMAIL")
        eq(anne.tel.value, "+45 33 66 33 66", "TEL")
        eq(anne.title.value, "Chef, digitalisering; \\ IT", "TITLE unescaped")
        eq(anne.version.value, "4.0", "VERSION")
        hidden = next(c for c in cards if not c.contents.get("email"))
        check("tel" not in hidden.contents and "title" not in hidden.contents, "no personal data")
        eq(hidden.fn.value, "Projektleder, København", "the role alone")
        own = ka.get("/api/v1/contacts?municipality=101&format=vcf").body.decode()
        check("Per Plus" in own, "the own municipality's vCard names Per")
    finally:
        s.close()


@test
def leaver_moves_appointments_and_tasks():
    s = Server()
    try:
        kp = logged_in(s, "plus@kbh.dk")
        ka = logged_in(s, "admin@kbh.dk")
        per, lis = person_of(s, "plus@kbh.dk"), person_of(s, "laeser@kbh.dk")
        appoint(kp, "projektleder", per)
        appoint(kp, "superbruger", per)
        s.write("INSERT INTO appointments (organisation_id, role_id, person_id, from_date,"
                " created_at) SELECT ?, id, ?, '2024-01-01', 't' FROM roles"
                " WHERE slug = 'it-arkitekt'", org_id(s, "101"), per)
        for code in ("KY", "FBS"):
            mt = s.one("SELECT m.id FROM master_tasks m JOIN projects p ON p.id = m.project_id"
                       " WHERE p.code = ? ORDER BY m.id LIMIT 1", code)
            s.seed_wave(code, "Bølge 1", "2027-01-01", ["101"], [mt])
        t1, t2 = [i for (i,) in s.sql("SELECT id FROM tasks ORDER BY id")][:2]
        s.write("UPDATE tasks SET responsible_id = ?, performer_id = ? WHERE id = ?", per, per, t1)
        s.write("UPDATE tasks SET responsible_id = ?, status = 'fuldfoert' WHERE id = ?", per, t2)
        page = ka.get("/personer/%d" % per)
        eq(page.status, 200, "Per's page")
        check("Projektleder" in page.text and "It-arkitekt" in page.text, "appointments shown")
        form = form_of(page, action=r"/personer/\d+/fratraed")
        forged = ka.post_form(form.action, {"successor": str(lis)}, csrf=False)
        eq(forged.status, 403, "a post without the CSRF token")
        eq(s.one("SELECT left_at FROM persons WHERE id = ?", per), None, "nothing done")
        r = submit(ka, form, {"successor": lis}, follow=False)
        eq(r.status, 200, "result page (%s)" % r.text[:300])
        main = main_of(r.text)
        for w in ("Per Plus er meldt fratrådt", "Lis Læser", "Projektleder", "Superbruger",
                  "It-arkitekt", "flyttet til efterfølgeren", "log-ind er deaktiveret"):
            check(w in main, "the result shows %r" % w)
        now = s.sql("SELECT r.slug FROM appointments a JOIN roles r ON r.id = a.role_id"
                    " WHERE a.person_id = ? AND a.ended_at IS NULL AND (a.to_date IS NULL OR"
                    " a.to_date >= date('now')) ORDER BY r.slug", lis)
        eq([x for (x,) in now], ["it-arkitekt", "projektleder", "superbruger"], "Lis holds them")
        eq(s.one("SELECT count(*) FROM appointments WHERE person_id = ? AND ended_at IS NULL",
                 per), 0, "Per's all ended")
        eq(s.sql("SELECT responsible_id, performer_id FROM tasks WHERE id = ?", t1), [(lis, lis)],
           "the open task moved")
        eq(s.one("SELECT responsible_id FROM tasks WHERE id = ?", t2), per, "a done task stays")
        eq(s.one("SELECT active FROM users WHERE email = 'plus@kbh.dk'"), 0, "log-in off")
        eq(kp.get("/api/v1/me").status, 401, "Per's session ended")
        eq(s.one("SELECT count(*) FROM audit_events WHERE action = 'person.leave'"), 1, "audit")
        eq(ka.post_json("/api/v1/persons/%d/leave" % per, {"successor": lis}).status, 409,
           "twice")
        # the API: no successor ends them
        appoint(ka, "gevinstejer", lis)
        r = ka.post_json("/api/v1/persons/%d/leave" % lis, {"successor": None})
        eq(r.status, 200, "leave without successor (%s)" % r.text[:200])
        check(all(x["action"] == "ended" for x in r.json()["appointments"]), "ended")
        eq(len(r.json()["appointments"]), 4, "all four")
        eq(s.one("SELECT count(*) FROM appointments WHERE person_id = ? AND ended_at IS NULL",
                 lis), 0, "Lis's ended")
        me = person_of(s, "admin@kbh.dk")
        eq(ka.post_json("/api/v1/persons/%d/leave" % me, {}).status, 422, "not oneself")
        ida = person_of(s, "plus@aarhus.dk")
        eq(ka.post_json("/api/v1/persons/%d/leave" % ida, {}).status, 404, "across the wall")
        aa = logged_in(s, "admin@aarhus.dk")
        aage = person_of(s, "admin@aarhus.dk")
        eq(aa.post_json("/api/v1/persons/%d/leave" % ida, {"successor": me}).json()["field"],
           "successor", "a successor of another municipality")
        check(aage, "Aarhus's admin")
    finally:
        s.close()


@test
def handover_proposes_successors_with_the_same_people():
    s = Server()
    try:
        kp = logged_in(s, "plus@kbh.dk")
        anne, per, lis = (person_of(s, e) for e in ("admin@kbh.dk", "plus@kbh.dk",
                                                    "laeser@kbh.dk"))
        appoint(kp, "projektejer", per)
        appoint(kp, "projektleder", anne)
        r = kp.get("/api/v1/projects/KY/handover")
        eq(r.status, 200, "proposal")
        prop = {p["role"]: (p["predecessor"], p["person"]) for p in r.json()["proposal"]}
        eq(prop, {"systemejer-it-systemet": ("projektejer", per),
                  "systemansvarlig-it-systemet": ("projektleder", anne)}, "the proposal")
        eq(r.json()["stage"], "implementation", "stage")
        page = kp.get("/projekter/KY/overdragelse")
        eq(page.status, 200, "page")
        form = form_of(page, action="/projekter/KY/overdragelse")
        eq(form.field("systemejer-it-systemet").selected(), str(per), "Per proposed")
        r = submit(kp, form, {"systemansvarlig-it-systemet": lis})
        eq(r.status, 200, "after the handover (%s)" % r.text[:300])
        check("Projektet er overdraget til drift." in r.text, "notice")
        eq(s.sql("SELECT stage, handed_over_at IS NOT NULL FROM organisation_projects"),
           [("operation", 1)], "stage")
        now = s.sql("SELECT r.slug, a.person_id FROM appointments a JOIN roles r"
                    " ON r.id = a.role_id WHERE a.ended_at IS NULL ORDER BY r.slug")
        eq(now, [("systemansvarlig-it-systemet", lis), ("systemejer-it-systemet", per)],
           "successors appointed, predecessors ended")
        eq(kp.post_json("/api/v1/projects/KY/handover").status, 409, "twice")
        eq(s.one("SELECT count(*) FROM audit_events WHERE action = 'project.handover'"), 1,
           "audit")
        # Aarhus, through the API without a body: the proposal as it is
        ap = logged_in(s, "plus@aarhus.dk")
        ida = person_of(s, "plus@aarhus.dk")
        appoint(ap, "projektleder", ida)
        r = ap.post_json("/api/v1/projects/KY/handover", {"systemejer-it-systemet": anne})
        eq((r.status, r.json().get("field")), (422, "systemejer-it-systemet"), "not Aarhus's")
        r = ap.post_json("/api/v1/projects/KY/handover")
        eq(r.status, 200, "Aarhus hands over (%s)" % r.text[:200])
        eq(sorted((x["role"], x["action"]) for x in r.json()["appointments"]),
           [("systemansvarlig-it-systemet", "appointed"), ("systemejer-it-systemet", "none")],
           "the proposal taken")
        eq(s.one("SELECT person_id FROM appointments WHERE ended_at IS NULL AND"
                 " organisation_id = ?", org_id(s, "751")), ida, "Ida is systemansvarlig")
        laeser = logged_in(s, "laeser@kbh.dk")
        eq(laeser.get("/api/v1/projects/KY/handover").status, 403, "a laeser")
    finally:
        s.close()


run()
