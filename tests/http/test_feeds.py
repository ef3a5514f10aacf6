"""HTTP tests of the feeds area: KOMBIT's follow-up matrix of a wave (its
counts, colours and words, the CSV file and that it is streamed), every
municipality's progress, the calendar feed of a user's deadlines (made
and revoked through /konto as a browser does, read with python3-icalendar:
CRLF, folding, UTC, all-day events, stable UIDs), full-text search over
roles, tasks and messages (Danish letters, scoping to the caller's
municipality, escaped snippets) and the OpenAPI document against the
route table."""

import sys, os; sys.path.insert(0, os.path.dirname(__file__)); from harness import *  # noqa: E401,E402,F403

import csv  # noqa: E402
import datetime  # noqa: E402
import io  # noqa: E402

import icalendar  # noqa: E402

NOW = "2026-01-01T00:00:00Z"


def master_task(s, project, title, end_offset, body="Beskrivelse", org=None):
    """A published master task written straight to the database; its id."""
    pid = s.one("SELECT id FROM projects WHERE code = ?", project)
    s.write("INSERT INTO master_tasks (title, project_id, end_offset_days, description,"
            " organisation_id, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?)",
            title, pid, end_offset, body, org, NOW, NOW)
    return s.one("SELECT max(id) FROM master_tasks")


_wave = {}


def wave():
    """A wave of 3 municipalities × 2 tasks on the shared server, with
    København's first task done, Frederiksberg's second started and
    Aarhus's first overdue (its deadline is in the past). Returns (server,
    wave id, [task ids])."""
    s = shared_server()
    if not _wave:
        a = master_task(s, "KY", "Opfølgning A; med \"citat\"", -400)
        b = master_task(s, "KY", "=Opfølgning B", 30)
        go_live = (datetime.date.today() + datetime.timedelta(days=60)).isoformat()
        w = s.seed_wave("KY", "Bølge 77", go_live, ["101", "147", "751"], [a, b])
        org = {c: org_id(s, c) for c in ("101", "147", "751")}
        s.write("UPDATE tasks SET status = 'fuldfoert' WHERE wave_id = ? AND organisation_id = ?"
                " AND master_task_id = ?", w, org["101"], a)
        s.write("UPDATE tasks SET status = 'paabegyndt' WHERE wave_id = ?"
                " AND organisation_id = ? AND master_task_id = ?", w, org["147"], b)
        _wave.update(w=w, tasks=[a, b])
    return s, _wave["w"], _wave["tasks"]


def kombit(s):
    c = s.client()
    c.login("kombit@kombit.dk")
    return c


# ---------------------------------------------------------------- the matrix

@test
def matrix_counts_statuses_and_totals():
    s, w, (a, b) = wave()
    r = kombit(s).get("/api/v1/waves/%d/matrix" % w)
    eq(r.status, 200, "matrix status")
    m = r.json()
    eq([t["id"] for t in m["tasks"]], [a, b], "tasks by deadline")
    eq(m["wave"]["name"], "Bølge 77", "wave name")
    rows = {x["code"]: x for x in m["municipalities"]}
    eq(sorted(rows), ["101", "147", "751"], "members")
    # a's deadline (go-live − 400 days) has passed: not done is overdue; b's has not
    eq(rows["101"]["statuses"], ["fuldfoert", "ikke_paabegyndt"], "København")
    eq(rows["147"]["statuses"], ["overdue", "paabegyndt"], "Frederiksberg")
    eq(rows["751"]["statuses"], ["overdue", "ikke_paabegyndt"], "Aarhus")
    eq((rows["101"]["done"], rows["101"]["total"], rows["101"]["overdue"]), (1, 2, 0), "row 101")
    eq((rows["751"]["done"], rows["751"]["overdue"]), (0, 1), "row 751")
    eq(m["totals"], [{"done": 1, "overdue": 2, "total": 3}, {"done": 0, "overdue": 0, "total": 3}],
       "column totals")
    eq((m["done"], m["overdue"], m["total"]), (1, 2, 6), "grand totals")


@test
def matrix_page_shows_colour_and_word():
    s, w, _ = wave()
    r = kombit(s).get("/boelger/%d/opfoelgning" % w)
    eq(r.status, 200, "page")
    body = main_of(r.text)
    row = re.search(r'<tr><th scope="row">101 København</th>(.*?)</tr>', body, re.S)
    check(row, "København's row")
    cells = re.findall(r'<td class="c c-([a-z_]+)">(.*?)</td>', row.group(1))
    eq([c for c, _ in cells], ["fuldfoert", "ikke_paabegyndt"], "cell colours (classes)")
    check("Fuldført" in cells[0][1] and "✓" in cells[0][1], "word and symbol: %r" % (cells[0],))
    check('class="c c-overdue">!<span class="sr">Forsinket</span>' in body, "overdue cell")
    check("1/2" in row.group(1), "row total")
    check('href="/boelger/%d/opfoelgning?format=csv"' % w in body, "CSV link")


@test
def matrix_only_for_kombit():
    s, w, _ = wave()
    for email in ("admin@kbh.dk", "plus@aarhus.dk"):
        c = s.client()
        c.login(email)
        eq(c.get("/api/v1/waves/%d/matrix" % w).status, 403, "matrix for " + email)
        eq(c.get("/boelger/%d/opfoelgning" % w).status, 403, "page for " + email)
        eq(c.get("/api/v1/progress").status, 403, "progress for " + email)
    eq(s.client().get("/api/v1/waves/%d/matrix" % w).status, 401, "anonymous")
    eq(kombit(s).get("/api/v1/waves/999999/matrix").status, 404, "no such wave")
    eq(kombit(s).get("/api/v1/waves/%d/matrix?format=pdf" % w).status, 422, "unknown format")


@test
def matrix_csv_bytes():
    s, w, (a, b) = wave()
    r = kombit(s).get("/api/v1/waves/%d/matrix?format=csv" % w)
    eq(r.status, 200, "csv status")
    eq(r.header("Content-Type"), "text/csv; charset=utf-8", "type")
    check("attachment" in (r.header("Content-Disposition") or ""), "a download")
    check(r.body.startswith(b"\xef\xbb\xbf"), "BOM first: %r" % r.body[:10])
    lines = r.body[3:].decode("utf-8").split("\r\n")
    eq(lines[-1], "", "CRLF after the last line")
    check(all("\n" not in x for x in lines), "no bare LF")
    rows = list(csv.reader(io.StringIO(r.body[3:].decode("utf-8"), newline=""), delimiter=";"))
    eq(rows[0][:2], ["Kommunekode", "Kommune"], "head")
    eq(rows[0][-3:], ["Fuldført", "Forsinket", "I alt"], "head totals")
    check(rows[0][2].startswith('Opfølgning A; med "citat"'), "quoted title: %r" % rows[0][2])
    check(rows[0][3].startswith("'=Opfølgning B"), "formula defused: %r" % rows[0][3])
    check(b'"Opf\xc3\xb8lgning A; med ""citat""' in r.body, "quotes doubled")
    eq(rows[1], ["101", "København", "Fuldført", "Ikke påbegyndt", "1", "0", "2"], "København")
    eq(rows[2], ["147", "Frederiksberg", "Forsinket", "Påbegyndt", "0", "1", "2"], "Frederiksberg")
    eq(len(rows), 4, "three municipalities")


@test
def matrix_csv_is_streamed():
    """The CSV is sent chunked: no Content-Length, so it was never held
    whole (how memory stays flat is measured in bench/feeds.py)."""
    s, w, _ = wave()
    r = kombit(s).get("/boelger/%d/opfoelgning?format=csv" % w)
    eq(r.status, 200, "page csv")
    eq(r.header("Transfer-Encoding"), "chunked", "chunked")
    eq(r.header("Content-Length"), None, "no length")


@test
def progress_per_project():
    s, w, _ = wave()
    r = kombit(s).get("/api/v1/progress")
    eq(r.status, 200, "progress")
    ky = [p for p in r.json()["projects"] if p["code"] == "KY"][0]
    kbh = [m for m in ky["municipalities"] if m["code"] == "101"][0]
    check(kbh["total"] >= 2 and kbh["done"] >= 1, "København's KY tasks: %r" % kbh)
    eq(kbh["percent"], kbh["done"] * 100 // kbh["total"], "percent")
    page = kombit(s).get("/opfoelgning")
    eq(page.status, 200, "page")
    check("<progress" in page.text, "a progress bar")


# ---------------------------------------------------------------- the calendar feed

# long enough to fold several times, and through runs of two-octet letters on
# both sides of a one-octet shift, so some fold falls where a character would be cut
LONG = ("Planlæg og gennemfør test af integrationen til ØiR, med alle fagsystemer; også de små "
        + "ø" * 50 + "x" + "å" * 50)
SHORT = "Kort, med; tegn \\ og\nny linje"  # a bell after it, which TEXT may not hold


def calendar_tasks(s):
    """Per Plus (plus@kbh.dk) is responsible for one task and performer of
    another, of a wave of their own; Aarhus has a task no feed of
    København may show. Returns the two task ids."""
    a = master_task(s, "KY", LONG, 10)
    b = master_task(s, "KY", SHORT + "\x07", 20)
    w = s.seed_wave("KY", "Bølge kalender", "2027-03-01", ["101", "751"], [a, b])
    per = s.one("SELECT person_id FROM users WHERE email = 'plus@kbh.dk'")
    kbh = org_id(s, "101")
    t1 = s.one("SELECT id FROM tasks WHERE wave_id = ? AND organisation_id = ?"
               " AND master_task_id = ?", w, kbh, a)
    t2 = s.one("SELECT id FROM tasks WHERE wave_id = ? AND organisation_id = ?"
               " AND master_task_id = ?", w, kbh, b)
    s.write("UPDATE tasks SET responsible_id = ? WHERE id = ?", per, t1)
    s.write("UPDATE tasks SET performer_id = ? WHERE id = ?", per, t2)
    return t1, t2


def feed_path(url):
    return urllib.parse.urlsplit(url).path


@test
def calendar_feed_through_the_account_page():
    s = shared_server()
    t1, t2 = calendar_tasks(s)
    c = s.client()
    c.login("plus@kbh.dk")
    page = c.get("/konto")
    made = submit(c, form_of(page, action="/konto/kalender"))
    eq(made.status, 201, "made")
    url = re.search(r'id="calendar-url">([^<]+)<', made.text).group(1)
    check("/kalender/" in url, "the URL is shown: %r" % url)
    r = s.client().get(feed_path(url))  # a calendar program: no session
    eq(r.status, 200, "feed")
    eq(r.header("Content-Type"), "text/calendar; charset=utf-8", "type")
    raw = r.body
    check(raw.endswith(b"END:VCALENDAR\r\n"), "ends with CRLF")
    check(b"\n" not in raw.replace(b"\r\n", b""), "every line ends in CRLF")
    lines = raw.split(b"\r\n")
    check(all(len(x) <= 75 for x in lines), "no line passes 75 octets")
    check(any(x.startswith(b" ") for x in lines), "a long line is folded")
    for x in lines:
        x.decode("utf-8")  # a fold never cuts a character
    cal = icalendar.Calendar.from_ical(raw)
    events = {str(e["UID"]): e for e in cal.walk("VEVENT")}
    eq(sorted(events), sorted(["task-%d@klikd" % t1, "task-%d@klikd" % t2]), "UIDs")
    e1 = events["task-%d@klikd" % t1]
    eq(str(e1["SUMMARY"]), "Frist: " + LONG, "summary unfolded and unescaped")
    eq(e1["DTSTART"].dt.isoformat(), s.one("SELECT end_date FROM tasks WHERE id = ?", t1),
       "all day on the deadline")
    check(b"DTSTART;VALUE=DATE:" in raw, "VALUE=DATE")
    check(e1["DTSTAMP"].dt.utcoffset().total_seconds() == 0, "DTSTAMP in UTC")
    check(re.search(rb"DTSTAMP:\d{8}T\d{6}Z\r\n", raw), "DTSTAMP form")
    check("ansvarlig" in str(e1["DESCRIPTION"]), "role in description")
    e2 = events["task-%d@klikd" % t2]
    eq(str(e2["SUMMARY"]), "Frist: " + SHORT, "escaped and read back")
    check(b"Kort\\, med\\; tegn \\\\ og\\nny linje\r\n" in raw, "TEXT escapes: %r" % raw)
    check("udfører" in str(e2["DESCRIPTION"]), "performer")
    again = icalendar.Calendar.from_ical(s.client().get(feed_path(url)).body)
    eq(sorted(str(e["UID"]) for e in again.walk("VEVENT")), sorted(events), "stable UIDs")
    # the account page now says it is on, and revoking stops the feed
    page = c.get("/konto")
    check("Slå kalenderen fra" in page.text, "revoke button")
    done = submit(c, form_of(page, action="/konto/kalender/slet"))
    eq(done.status, 200, "back on /konto")
    check("Kalenderen er slået fra." in done.text, "notice")
    eq(s.client().get(feed_path(url)).status, 404, "revoked feed")
    eq(s.one("SELECT count(*) FROM audit_events WHERE action = 'calendar.revoke'"), 1, "audited")


@test
def calendar_feed_api_and_renewal():
    s = shared_server()
    c = s.client()
    c.login("admin@aarhus.dk")
    eq(c.get("/api/v1/me/calendar").json(), {"calendar": None}, "none yet")
    r1 = c.post_json("/api/v1/me/calendar")
    eq(r1.status, 201, "created")
    url1 = r1.json()["url"]
    eq(s.client().get(feed_path(url1)).status, 200, "first feed")
    check(s.one("SELECT count(*) FROM calendar_feeds WHERE token_hash = ?",
                feed_path(url1).rsplit("/", 1)[1]) == 0, "the secret is not stored")
    url2 = c.post_json("/api/v1/me/calendar").json()["url"]
    check(url1 != url2, "a new secret")
    eq(s.client().get(feed_path(url1)).status, 404, "the old one stops")
    r = s.client().get(feed_path(url2))
    eq(r.status, 200, "the new one works")
    check(b"BEGIN:VEVENT" not in r.body, "Aarhus' admin has no tasks of København's")
    check(c.get("/api/v1/me/calendar").json()["calendar"]["created_at"], "live")
    eq(c.delete("/api/v1/me/calendar").status, 204, "revoked")
    eq(c.delete("/api/v1/me/calendar").status, 404, "nothing to revoke")
    eq(s.client().get(feed_path(url2)).status, 404, "revoked feed")
    eq(s.client().get("/kalender/" + "A" * 43).status, 404, "unknown feed")
    eq(s.client().post_json("/api/v1/me/calendar").status, 401, "anonymous")


# ---------------------------------------------------------------- search

def search(c, q):
    r = c.get("/api/v1/search?q=" + urllib.parse.quote(q))
    eq(r.status, 200, "search %r" % q)
    return r.json()["results"]


def login(s, email):
    c = s.client()
    c.login(email)
    return c


@test
def search_finds_role_texts_in_danish():
    s = shared_server()
    c = login(s, "laeser@kbh.dk")
    for q in ("omsætningstabel", "Omsætningstabel", "OMSÆTNINGSTABEL", "omsætnings"):
        urls = [x["url"] for x in search(c, q) if x["kind"] == "role"]
        check("/roller/oeir-finans-administrator" in urls, "%r finds the role: %r" % (q, urls))
    eq(search(c, "omsaetningstabel"), [], "æ is not ae")
    check(search(c, "øir"), "øir finds ØiR")
    eq([x for x in search(c, "oir") if "ØiR" in x["title"]], [], "ø is not folded to o")
    hit = [x for x in search(c, "omsætningstabel") if x["kind"] == "role"][0]
    check("omsætningstabel" in hit["snippet"], "snippet: %r" % hit["snippet"])
    check(any(p["mark"] and p["text"].lower() == "omsætningstabel" for p in hit["parts"]),
          "the hit is marked: %r" % hit["parts"])
    check("\x01" not in hit["snippet"], "no markers in the text")
    eq(search(c, '"a AND ( NEAR'), search(c, "a AND NEAR"), "FTS syntax is only words")


@test
def search_page_through_its_form():
    s = shared_server()
    c = login(s, "plus@kbh.dk")
    page = c.get("/soeg")
    eq(page.status, 200, "search page")
    r = submit(c, form_of(page, action="/soeg"), {"q": "omsætningstabel"})
    eq(r.status, 200, "results")
    body = main_of(r.text)
    check("<mark>omsætningstabel</mark>" in body, "marked hit")
    check('href="/roller/oeir-finans-administrator"' in body, "link to the role")


WORD = "zebraflamingo"


def message(s, body, org=None, task=None, wave=None, master=None):
    s.write("INSERT INTO messages (task_id, master_task_id, wave_id, organisation_id,"
            " author_name, body, created_at) VALUES (?, ?, ?, ?, 'Test', ?, ?)",
            task, master, wave, org, body, NOW)
    return s.one("SELECT max(id) FROM messages")


_scoped = {}


def scoped():
    """Messages with WORD: København's, Aarhus's, a broadcast to a wave of
    København, one to a wave of Aarhus alone; a local task of Aarhus's and a
    draft master task of KOMBIT's, both with WORD in their title."""
    s = shared_server()
    if not _scoped:
        kbh, aar = org_id(s, "101"), org_id(s, "751")
        mt = master_task(s, "KY", "Scoping " + WORD, 50)
        w1 = s.seed_wave("KY", "Bølge søg 1", "2027-05-01", ["101", "751"], [mt])
        w2 = s.seed_wave("KY", "Bølge søg 2", "2027-05-01", ["751"], [mt])
        t_kbh = s.one("SELECT id FROM tasks WHERE wave_id = ? AND organisation_id = ?", w1, kbh)
        t_aar = s.one("SELECT id FROM tasks WHERE wave_id = ? AND organisation_id = ?", w1, aar)
        _scoped.update(
            kbh=message(s, "København skriver %s <script>alert(1)</script>" % WORD, kbh, t_kbh),
            aar=message(s, "Aarhus skriver %s fortroligt" % WORD, aar, t_aar),
            w1=message(s, "Til hele bølge 1: %s" % WORD, wave=w1),
            w2=message(s, "Kun til bølge 2: %s" % WORD, wave=w2),
            t_kbh=t_kbh, w1_id=w1)
        local = master_task(s, "KY", "Aarhus lokal " + WORD, 10, org=aar)
        s.write("INSERT INTO tasks (master_task_id, organisation_id, project_id, published_at,"
                " updated_at) SELECT id, ?, project_id, ?, ? FROM master_tasks WHERE id = ?",
                aar, NOW, NOW, local)
        draft = master_task(s, "KY", "Kladde " + WORD, 10)
        s.write("UPDATE master_tasks SET state = 'draft' WHERE id = ?", draft)
    return s, _scoped


@test
def search_never_shows_another_municipalitys_messages_or_tasks():
    s, m = scoped()
    kbh = search(login(s, "plus@kbh.dk"), WORD)
    texts = " | ".join(x["snippet"] for x in kbh)
    titles = [x["title"] for x in kbh]
    check("København skriver" in texts, "own message: %s" % texts)
    check("Til hele bølge 1" in texts, "broadcast to its wave")
    check("Aarhus skriver" not in texts, "Aarhus's message leaks: %s" % texts)
    check("Kun til bølge 2" not in texts, "a broadcast to another wave leaks")
    check(not any("Aarhus lokal" in t for t in titles), "Aarhus's local task leaks")
    check(not any("Kladde" in t for t in titles), "a draft leaks: %r" % titles)
    check("Scoping " + WORD in titles, "the published master task is found: %r" % titles)
    urls = [x["url"] for x in kbh if x["kind"] == "message"]
    check("/opgaver/%d/beskeder" % m["t_kbh"] in urls, "message on a task links to it")
    check("/boelger/%d" % m["w1_id"] in urls, "broadcast links to the wave")
    aar = search(login(s, "plus@aarhus.dk"), WORD)
    texts = " | ".join(x["snippet"] for x in aar)
    check("Aarhus skriver" in texts and "Kun til bølge 2" in texts, "Aarhus's own: %s" % texts)
    check("København skriver" not in texts, "København's message leaks to Aarhus")
    check(any("Aarhus lokal" in x["title"] for x in aar), "Aarhus finds its local task")
    every = search(login(s, "kombit@kombit.dk"), WORD)
    texts = " | ".join(x["snippet"] for x in every if x["kind"] == "message")
    check(all(t in texts for t in ("København skriver", "Aarhus skriver", "Til hele bølge 1",
                                   "Kun til bølge 2")), "KOMBIT reads every message: %s" % texts)
    check(any("Kladde" in x["title"] for x in every), "KOMBIT finds its draft")
    check(not any("Aarhus lokal" in x["title"] for x in every), "no local task for KOMBIT")


@test
def search_finds_a_message_written_through_the_api():
    s, m = scoped()
    plus = login(s, "plus@kbh.dk")
    r = plus.post_json("/api/v1/tasks/%d/messages" % m["t_kbh"],
                       {"body": "Husk **kvasirkoordinering** inden go-live"})
    eq(r.status, 201, "message written (%s)" % r.text[:200])
    hits = [x for x in search(login(s, "admin@kbh.dk"), "kvasirkoordinering")
            if x["kind"] == "message"]
    eq([x["url"] for x in hits], ["/opgaver/%d/beskeder" % m["t_kbh"]], "found in København")
    eq(search(login(s, "admin@aarhus.dk"), "kvasirkoordinering"), [], "not in Aarhus")


@test
def search_finds_a_local_task_made_through_the_api():
    s = shared_server()
    plus = login(s, "plus@aarhus.dk")
    r = plus.post_json("/api/v1/projects/KY/tasks",
                       {"title": "Lokal mjødbrygning", "deadline": "2027-02-01"})
    check(r.status in (200, 201), "local task made: %d %s" % (r.status, r.text[:200]))
    tid = s.one("SELECT t.id FROM tasks t JOIN master_tasks m ON m.id = t.master_task_id"
                " WHERE m.title = 'Lokal mjødbrygning'")
    hits = [x for x in search(login(s, "admin@aarhus.dk"), "mjødbrygning") if x["kind"] == "task"]
    eq([x["url"] for x in hits], ["/opgaver/%d" % tid], "Aarhus finds its local task")
    eq(search(login(s, "plus@kbh.dk"), "mjødbrygning"), [], "København does not")
    eq(search(login(s, "kombit@kombit.dk"), "mjødbrygning"), [], "nor KOMBIT")


@test
def search_tasks_follow_project_access():
    s = shared_server()
    fbs = s.one("SELECT m.title FROM master_tasks m JOIN projects p ON p.id = m.project_id"
                " WHERE p.code = 'FBS' AND m.organisation_id IS NULL LIMIT 1")
    word = re.findall(r"\w{6,}", fbs)[0]
    plus = [x["title"] for x in search(login(s, "plus@kbh.dk"), word) if x["kind"] == "task"]
    laeser = [x["title"] for x in search(login(s, "laeser@kbh.dk"), word) if x["kind"] == "task"]
    check(fbs in plus, "FBS reader finds it: %r" % plus)
    check(fbs not in laeser, "KY-only user does not: %r" % laeser)


@test
def search_snippets_are_escaped():
    s, _ = scoped()
    r = login(s, "plus@kbh.dk").get("/soeg?q=" + WORD)
    eq(r.status, 200, "page")
    body = main_of(r.text)
    check("<script>" not in body, "raw markup from a message")
    check("&lt;script&gt;alert(1)&lt;/script&gt;" in body, "escaped text")
    check("<mark>%s</mark>" % WORD in body, "hits marked")


@test
def search_index_follows_writes():
    s = shared_server()
    c = login(s, "plus@kbh.dk")
    eq(search(c, "kvasirmjød"), [], "not there yet")
    mid = master_task(s, "KY", "Opgave uden ord", 10)
    s.write("UPDATE master_tasks SET title = 'Planlæg kvasirmjød' WHERE id = ?", mid)
    eq([x["url"] for x in search(c, "kvasirmjød")], ["/master-opgaver/%d" % mid], "updated")
    s.write("DELETE FROM master_tasks WHERE id = ?", mid)
    eq(search(c, "kvasirmjød"), [], "deleted")
    eq(search(c, "»–«"), [], "punctuation alone finds nothing")
    eq(c.get("/api/v1/search?q=" + "x" * 201).status, 422, "too long")
    eq(c.get("/api/v1/search?q=a&x=1").status, 422, "unknown parameter")
    eq(s.client().get("/api/v1/search?q=a").status, 401, "anonymous")


# ---------------------------------------------------------------- the OpenAPI document

DOC = os.path.join(ROOT, "static", "openapi.json")
VALIDATE = os.path.join(ROOT, "tests", "openapi", "validate.mjs")


@test
def openapi_document_is_served():
    s = shared_server()
    r = s.client().get("/api/v1/openapi.json")
    eq(r.status, 200, "served to anyone")
    eq(r.header("Content-Type"), "application/json; charset=utf-8", "type")
    with open(DOC, "rb") as f:
        eq(r.body, f.read(), "the file as it is")
    doc = r.json()
    check(doc["openapi"].startswith("3."), "OpenAPI 3")
    check("/api/v1/waves/{id}/matrix" in doc["paths"], "the matrix is described")


@test
def openapi_check_names_what_is_missing():
    """validate.mjs must fail, naming the operation, on a document that
    lacks a route or describes one too many, and on an invalid one."""
    with open(DOC, encoding="utf-8") as f:
        doc = json.load(f)
    del doc["paths"]["/api/v1/search"]
    doc["paths"]["/api/v1/nowhere"] = {"get": {"responses": {"200": {"description": "x"}}}}
    doc["paths"]["/api/v1/progress"]["get"]["responses"] = "not an object"
    with tempfile.NamedTemporaryFile("w", suffix=".json", delete=False) as f:
        json.dump(doc, f)
    try:
        p = subprocess.run(["node", VALIDATE], capture_output=True, text=True, timeout=120,
                           env=dict(os.environ, OPENAPI_DOC=f.name, KLIKD=KLIKD))
    finally:
        os.unlink(f.name)
    out = p.stdout
    check(p.returncode != 0, "exits non-zero:\n" + out)
    check("missing from static/openapi.json: GET /api/v1/search" in out, out)
    check("in static/openapi.json but not a route: GET /api/v1/nowhere" in out, out)
    check("fail validate.mjs: the document is valid OpenAPI 3" in out, out)


if __name__ == "__main__":
    run()
