"""HTTP tests of the pictures: the role diagram on /roller (an SVG a real
XML parser reads, every role a link, the gallery's successor arrows, the
mention lines derived from the roles' text, a hostile role name escaped,
the API unchanged) and the project timeline (the bars and dates of a
municipality's tasks, go-live and today, the critical path on a planted
chain, overdue tasks, hidden tasks left out, KOMBIT's pick of a
municipality, another municipality's timeline refused).
"""
import sys, os; sys.path.insert(0, os.path.dirname(__file__)); from harness import *  # noqa: E401,E702,F403

import datetime
import html
import re
import xml.etree.ElementTree as ET

SVG = "{http://www.w3.org/2000/svg}"


def svg_of(text, id_):
    """The <svg id=id_> element of a page, parsed by xml.etree (a Failure
    when it is not well-formed XML)."""
    m = re.search(r'<svg xmlns="http://www.w3.org/2000/svg" id="%s".*?</svg>' % id_, text, re.S)
    check(m, "the page has no svg#%s" % id_)
    try:
        return ET.fromstring(m.group(0))
    except ET.ParseError as e:
        raise Failure("svg#%s is not well-formed XML: %s" % (id_, e))


def edges(svg, cls):
    return {(p.get("data-from"), p.get("data-to")) for p in svg.iter(SVG + "path")
            if cls in (p.get("class") or "").split()}


def roller(s):
    r = s.client().get("/roller")
    eq(r.status, 200, "/roller")
    return r.text, svg_of(r.text, "role-diagram")


@test
def diagram_has_every_role_as_a_link():
    s = shared_server()
    text, svg = roller(s)
    eq(svg.get("role"), "group", "role of the svg (it holds links)")
    eq(svg.get("aria-labelledby"), "role-diagram-title role-diagram-desc", "aria-labelledby")
    check(svg.get("viewBox", "").startswith("0 0 "), "a viewBox")
    eq(svg.find(SVG + "title").text, "Rollernes relationer", "title")
    check("efterfølgeren" in svg.find(SVG + "desc").text, "desc says what the arrows mean")
    slugs = [r[0] for r in s.sql("SELECT slug FROM roles ORDER BY position")]
    links = [a.get("href") for a in svg.iter(SVG + "a")]
    eq(sorted(links), sorted("/roller/" + x for x in slugs), "one link per role in the svg")
    names = {r[0] for r in s.sql("SELECT name FROM roles")}
    shown = set()
    for a in svg.iter(SVG + "a"):
        shown.add(" ".join(t.text for t in a.iter(SVG + "tspan")))
    for n in names:
        check(n in shown or n.replace("/", "/ ") in shown, "%s is labelled in the svg" % n)
    # each role link leads to the role's page
    r = s.client().get(links[0])
    eq(r.status, 200, "a role link from the diagram")


@test
def successor_arrows_are_the_gallery_s():
    _, svg = roller(shared_server())
    eq(edges(svg, "successor"), {("projektejer", "systemejer-it-systemet"),
                                 ("projektleder", "systemansvarlig-it-systemet")},
       "successor arrows")
    for p in svg.iter(SVG + "path"):
        if "successor" in p.get("class", ""):
            eq(p.get("marker-end"), "url(#role-arrow)", "a successor is an arrow")


@test
def mention_lines_come_from_the_text():
    s = shared_server()
    text, svg = roller(s)
    lines = edges(svg, "mention")
    stored = set(s.sql("SELECT a.slug, b.slug FROM role_mentions m JOIN roles a ON a.id ="
                       " m.role_id JOIN roles b ON b.id = m.mentioned_id"))
    eq(lines, stored, "one line per stored mention")
    check(("projektejer", "projektleder") in lines, "projektejer sparrer med projektleder")
    check(("systemejer-for-kommunens-bogfoeringssystem-oeir-finans",
           "systemansvarlig-bogfoeringssystemet-oeir-finans") in lines,
          "'systemansvarlig på bogføringssystemet'")
    check(all(a != b for a, b in lines), "no role mentions itself")
    # every line's words are in the naming role's text
    texts = dict(s.sql("SELECT r.slug, r.effect || ' ' || r.characteristics || ' ' ||"
                       " coalesce((SELECT group_concat(text, ' ') FROM role_items WHERE"
                       " role_id = r.id), '') FROM roles r"))
    check("projektleder" in texts["projektejer"].lower(), "the text names projektleder")
    # the text alternative has the same relations
    row = re.search(r'<tr id="rel-projektejer">(.*?)</tr>', text, re.S)
    check(row, "the table has a row for projektejer")
    cells = re.findall(r"<td[^>]*>(.*?)</td>", row.group(1), re.S)
    check('href="/roller/systemejer-it-systemet"' in cells[0], "projektejer's successor")
    check('href="/roller/projektleder"' in cells[1], "projektejer names projektleder")
    # the API answers as before: no diagram
    api = s.client().get("/api/v1/roles").json()
    eq(sorted(api), ["categories", "roles"], "the API's keys")


@test
def mentions_follow_the_stored_relations():
    s = Server()
    try:
        eq(s.write("DELETE FROM role_mentions WHERE role_id = (SELECT id FROM roles WHERE"
                   " slug = 'projektejer')"), 2, "projektejer's mentions removed")
        _, svg = roller(s)
        check(not any(a == "projektejer" for a, _ in edges(svg, "mention")),
              "no line from projektejer once its mentions are gone")
        # re-importing the gallery derives them again
        klikd("import", "--db", s.db, os.path.join(SEEDS, "rollegalleri-v1.5.txt"))
        _, svg = roller(s)
        check(("projektejer", "projektleder") in edges(svg, "mention"), "derived again")
    finally:
        s.close()


@test
def hostile_role_name_is_escaped():
    s = Server()
    try:
        evil = '<script>alert(1)</script> & "Gevinst\'ejer" </svg><a href="javascript:x">'
        eq(s.write("UPDATE roles SET name = ? WHERE slug = 'gevinstejer'", evil), 1, "planted")
        text, svg = roller(s)
        check("<script>alert(1)" not in text, "no script element on the page")
        check("&lt;/svg&gt;&lt;a href=&quot;javascript:x&quot;&gt;" in text,
              "the planted markup is text")
        a = [a for a in svg.iter(SVG + "a") if a.get("href") == "/roller/gevinstejer"]
        eq(len(a), 1, "the role keeps its link")
        label = "".join(t.text or "" for t in a[0].iter(SVG + "tspan"))
        eq(label.replace(" ", ""), evil.replace(" ", ""), "the name shown as text")
        eq(len(list(svg.iter(SVG + "script"))), 0, "no script in the svg")
    finally:
        s.close()


# ---------------------------------------------------------------- the timeline

NOW = "2026-01-01T00:00:00Z"
# title, end offset from go-live, start offset from the deadline
CHAIN = [("Analyse", -120, -30), ("Design", -80, -30), ("Test", -20, -40),
         ("Uddannelse", -30, -10), ("Klar til go-live", 0, -5)]
# task index -> its predecessors' indexes
PREDS = {1: [0], 2: [1], 4: [2, 3]}


def plant_chain(s, go_live, municipalities=("101", "751"), project="KY"):
    """Master tasks of CHAIN with PREDS as predecessors, published to a new
    wave of go_live; the master task ids."""
    pid = s.one("SELECT id FROM projects WHERE code = ?", project)
    ids = []
    for title, end, start in CHAIN:
        s.write("INSERT INTO master_tasks (title, project_id, end_offset_days, start_offset_days,"
                " created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?)", title, pid, end, start,
                NOW, NOW)
        ids.append(s.one("SELECT max(id) FROM master_tasks"))
    s.seed_wave(project, "Bølge T", go_live, list(municipalities), ids)
    for t, ps in PREDS.items():
        for p in ps:
            s.write("INSERT INTO master_task_predecessors VALUES (?, ?)", ids[t], ids[p])
    return ids


def day(iso, plus=0):
    return (datetime.date.fromisoformat(iso) + datetime.timedelta(days=plus)).isoformat()


def timeline_server():
    if "tl" not in _tl:
        s = Server()
        go_live = day(datetime.date.today().isoformat(), 60)
        ids = plant_chain(s, go_live)
        _tl["tl"] = (s, go_live, ids)
    return _tl["tl"]


_tl = {}


def logged_in(s, email):
    c = s.client()
    c.login(email)
    return c


@test
def timeline_api_has_the_tasks_dates_and_critical_path():
    s, go_live, ids = timeline_server()
    c = logged_in(s, "plus@kbh.dk")
    r = c.get("/api/v1/projects/KY/timeline")
    eq(r.status, 200, "timeline API")
    v = r.json()
    eq(v["municipality"], {"code": "101", "name": "København"}, "municipality")
    eq(v["go_live"], go_live, "go_live")
    eq(v["today"], datetime.datetime.now(datetime.timezone.utc).date().isoformat(), "today")
    by_mt = {t["master_task_id"]: t for t in v["tasks"]}
    eq(sorted(by_mt), sorted(ids), "the planted tasks and no other")
    for i, (title, end, start) in enumerate(CHAIN):
        t = by_mt[ids[i]]
        eq((t["title"], t["deadline"], t["start"], t["status"]),
           (title, day(go_live, end), day(go_live, end + start), "ikke_paabegyndt"),
           "task %s" % title)
    tid = {i: by_mt[m]["id"] for i, m in enumerate(ids)}
    for i, ps in PREDS.items():
        eq(sorted(by_mt[ids[i]]["predecessors"]), sorted(tid[p] for p in ps),
           "predecessors of %s" % CHAIN[i][0])
    # Analyse 31 days, Design 31, Test 41, Klar 6 beat Uddannelse's 11 days
    eq(v["critical_path"], [tid[0], tid[1], tid[2], tid[4]], "critical path")
    eq([t["critical"] for t in (by_mt[m] for m in ids)], [True, True, True, False, True],
       "critical flags")
    check(all(set(t) >= {"id", "start", "deadline", "status", "critical", "predecessors",
                         "overdue"} for t in v["tasks"]), "every task's fields")


@test
def timeline_page_draws_bars_lines_and_the_path():
    s, go_live, ids = timeline_server()
    c = logged_in(s, "laeser@kbh.dk")
    api = c.get("/api/v1/projects/KY/timeline").json()
    r = c.get("/projekter/KY/tidslinje")
    eq(r.status, 200, "timeline page")
    svg = svg_of(r.text, "timeline")
    eq(svg.get("role"), "group", "role (it holds links)")
    bars = {int(b.get("data-task")): b.get("class").split()
            for b in svg.iter(SVG + "rect") if b.get("data-task")}
    eq(sorted(bars), sorted(t["id"] for t in api["tasks"]), "one bar per task")
    for t in api["tasks"]:
        check(t["status"] in bars[t["id"]], "bar %d has its status class" % t["id"])
        eq("critical" in bars[t["id"]], t["critical"], "bar %d critical" % t["id"])
    # bars run from start to deadline: later deadlines end further right
    xs = {int(b.get("data-task")): float(b.get("x")) + float(b.get("width"))
          for b in svg.iter(SVG + "rect") if b.get("data-task")}
    order = sorted(api["tasks"], key=lambda t: t["deadline"])
    eq(sorted(xs[t["id"]] for t in order), [xs[t["id"]] for t in order], "bars end in order")
    lines = {l.get("class"): float(l.get("x1")) for l in svg.iter(SVG + "line")
             if l.get("class") in ("today", "go-live")}
    check("today" in lines and "go-live" in lines, "a today line and a go-live line")
    check(lines["today"] < lines["go-live"], "today is before go-live")
    words = " ".join(t.text or "" for t in svg.iter(SVG + "text"))
    check("I dag" in words and "Go-live" in words, "the lines are labelled")
    check("Ikke påbegyndt, kritisk vej" in words, "status and path in words")
    crit = [p for p in svg.iter(SVG + "path") if "critical" in (p.get("class") or "")]
    eq(len(crit), 3, "three links of the critical path")
    body = main_of(r.text)
    for t in api["tasks"]:
        check('id="task-%d"' % t["id"] in body, "the table has task %d" % t["id"])
    check("Kritisk vej" in body and "Afventer" in body, "the table's columns")


@test
def overdue_and_hidden_tasks():
    s, go_live, ids = timeline_server()
    c = logged_in(s, "admin@aarhus.dk")
    aarhus = org_id(s, "751")
    eq(s.write("UPDATE tasks SET end_date = '2020-01-01', start_date = '2019-12-01'"
               " WHERE master_task_id = ? AND organisation_id = ?", ids[3], aarhus), 1, "late")
    eq(s.write("UPDATE tasks SET hidden_at = ? WHERE master_task_id = ? AND organisation_id = ?",
               NOW, ids[0], aarhus), 1, "hidden")
    v = c.get("/api/v1/projects/KY/timeline").json()
    by_mt = {t["master_task_id"]: t for t in v["tasks"]}
    check(ids[0] not in by_mt, "a hidden task is not on the timeline")
    check(by_mt[ids[3]]["overdue"], "a task past its deadline is overdue")
    check(not by_mt[ids[4]]["overdue"], "a task before its deadline is not")
    # without Analyse the path is Design, Test, Klar
    eq(v["critical_path"], [by_mt[ids[i]]["id"] for i in (1, 2, 4)], "path without the hidden")
    s.write("UPDATE tasks SET status = 'fuldfoert' WHERE master_task_id = ? AND"
            " organisation_id = ?", ids[3], aarhus)
    v = c.get("/api/v1/projects/KY/timeline").json()
    check(not {t["master_task_id"]: t for t in v["tasks"]}[ids[3]]["overdue"],
          "a finished task is not overdue")
    page = c.get("/projekter/KY/tidslinje").text
    check("Fuldført" in page, "status in words on the page")


@test
def a_cycle_of_predecessors_does_not_hang():
    s = Server()
    try:
        go_live = "2027-06-01"
        ids = plant_chain(s, go_live, ("101",))
        s.write("INSERT INTO master_task_predecessors VALUES (?, ?)", ids[0], ids[4])
        c = logged_in(s, "plus@kbh.dk")
        v = c.get("/api/v1/projects/KY/timeline").json()
        eq(len(v["tasks"]), 5, "every task")
        check(v["critical_path"] and v["critical_path"][-1] ==
              {t["master_task_id"]: t for t in v["tasks"]}[ids[4]]["id"],
              "the path still ends at the latest deadline")
        eq(c.get("/projekter/KY/tidslinje").status, 200, "the page")
        # a task without dates is listed but not drawn, and takes no part
        kbh = org_id(s, "101")
        eq(s.write("UPDATE tasks SET start_date = NULL, end_date = NULL WHERE master_task_id = ?"
                   " AND organisation_id = ?", ids[2], kbh), 1, "undated")
        evil = '<script>alert(1)</script> & "Test"'
        eq(s.write("UPDATE master_tasks SET title = ? WHERE id = ?", evil, ids[1]), 1, "hostile")
        v = c.get("/api/v1/projects/KY/timeline").json()
        t = {t["master_task_id"]: t for t in v["tasks"]}
        check(t[ids[2]]["deadline"] is None and not t[ids[2]]["critical"], "undated, not critical")
        r = c.get("/projekter/KY/tidslinje")
        eq(r.status, 200, "the page with an undated task")
        svg = svg_of(r.text, "timeline")
        bars = {int(b.get("data-task")) for b in svg.iter(SVG + "rect") if b.get("data-task")}
        check(t[ids[2]]["id"] not in bars and t[ids[4]]["id"] in bars, "no bar without dates")
        check("<script>alert(1)" not in r.text, "the hostile title is escaped")
        titles = [x.text for x in svg.iter(SVG + "text") if "task" in (x.get("class") or "")]
        check(evil in titles, "the hostile title shown as text: %r" % titles)
        check("uden datoer" in " ".join(x.text or "" for x in svg.iter(SVG + "text")),
              "the undated task says so")
    finally:
        s.close()


@test
def kombit_picks_a_municipality():
    s, go_live, ids = timeline_server()
    c = logged_in(s, "kombit@kombit.dk")
    v = c.get("/api/v1/projects/KY/timeline").json()
    eq((v["municipality"], v["tasks"]), (None, []), "nothing picked")
    r = c.get("/projekter/KY/tidslinje")
    eq(r.status, 200, "page without a pick")
    form = form_of(r, "/projekter/KY/tidslinje")
    opts = [o[0] for o in form.field("for").options if o[0]]
    check({"101", "751"} <= set(opts), "both member municipalities offered: %r" % opts)
    r = submit(c, form, {"for": "751"})
    eq(r.status, 200, "picked Aarhus")
    check("Tidslinje for KY – Aarhus" in r.text, "Aarhus's timeline")
    v = c.get("/api/v1/projects/KY/timeline?for=751").json()
    eq(v["municipality"]["code"], "751", "the API with a pick")
    eq(len(v["tasks"]), s.one("SELECT count(*) FROM tasks WHERE organisation_id = ? AND"
                              " hidden_at IS NULL", org_id(s, "751")), "Aarhus's tasks")
    eq(c.get("/api/v1/projects/KY/timeline?for=999").status, 404, "unknown code")
    eq(c.get("/api/v1/projects/KY/timeline?for=kombit").status, 404, "not a municipality")


@test
def a_municipality_sees_only_its_own():
    s, go_live, ids = timeline_server()
    c = logged_in(s, "plus@kbh.dk")
    kbh = {t[0] for t in s.sql("SELECT id FROM tasks WHERE organisation_id = ?", org_id(s, "101"))}
    v = c.get("/api/v1/projects/KY/timeline").json()
    check({t["id"] for t in v["tasks"]} <= kbh, "only København's tasks")
    eq(c.get("/api/v1/projects/KY/timeline?for=751").status, 404, "Aarhus's: 404")
    eq(c.get("/projekter/KY/tidslinje?for=751").status, 404, "Aarhus's page: 404")
    eq(c.get("/api/v1/projects/KY/timeline?for=101").status, 200, "its own code")
    check("municipalities" not in c.get("/api/v1/projects/KY/timeline").json(),
          "no pick list in the API")
    a = logged_in(s, "admin@kbh.dk")
    eq(a.get("/api/v1/projects/FBS/timeline").status, 403, "a project without access")
    eq(a.get("/api/v1/projects/ZZ/timeline").status, 404, "an unknown project")
    eq(s.client().get("/api/v1/projects/KY/timeline").status, 401, "anonymous")
    eq(c.get("/api/v1/projects/KY/timeline?bogus=1").status, 422, "an unknown parameter")


run()
