"""HTTP tests of klikd's foundation, HTML side: the home page, the role
gallery and role pages (against the JSON API), the guidance documents, the
master-task pages behind the log-in, 404 pages, static files, and the
escaping of database text and Markdown."""

import sys, os; sys.path.insert(0, os.path.dirname(__file__)); from harness import *  # noqa: E401,E402,F403

import html  # noqa: E402
import html.parser  # noqa: E402

HTML_TYPE = "text/html; charset=utf-8"
HEADINGS = ["Systemspecifikke roller", "Tværgående roller", "Tværgående roller for infrastrukturen",
            "Infrastrukturadministratorer"]
CATEGORIES = ["system-specific", "cross-cutting", "infrastructure", "infrastructure-administrator"]
MARK = {"X": "✓", "(X)": "(✓)", "": ""}
# Roles whose task and responsibility tables are compared cell by cell with the API.
MARKED_ROLES = ["projektejer", "gevinstejer", "oeir-kordinator", "infrastrukturansvarlig",
                "klik-administrator", "systemansvarlig-opkraevningssystemet-oeir-debitor",
                "systemejer-for-kommunens-bogfoeringssystem-oeir-finans",
                "klassifikations-sortimentsadministrator"]


# ---------------------------------------------------------------- helpers

SR_CLASSES = {"sr", "sr-only", "visually-hidden"}
VOID = {"br", "img", "input", "meta", "link", "hr", "wbr", "col", "source"}


class Tables(html.parser.HTMLParser):
    """Every <table> of a page as a list of rows, each a list of cell texts
    (tags stripped, entities decoded, white space collapsed, text meant only
    for screen readers left out)."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.tables, self._cell, self._hidden = [], None, []

    def handle_starttag(self, tag, attrs):
        if tag in VOID:
            return
        if self._hidden:
            self._hidden.append(tag)
            return
        classes = set((dict(attrs).get("class") or "").split())
        if classes & SR_CLASSES:
            self._hidden.append(tag)
        elif tag == "table":
            self.tables.append([])
        elif tag == "tr" and self.tables:
            self.tables[-1].append([])
        elif tag in ("td", "th") and self.tables and self.tables[-1]:
            self._cell = []

    def handle_endtag(self, tag):
        if self._hidden:
            if tag in self._hidden:
                while self._hidden and self._hidden.pop() != tag:
                    pass
            return
        if tag in ("td", "th") and self._cell is not None:
            self.tables[-1][-1].append(" ".join("".join(self._cell).split()))
            self._cell = None

    def handle_data(self, data):
        if self._cell is not None and not self._hidden:
            self._cell.append(data)


class Text(html.parser.HTMLParser):
    """The visible text of a page, white space collapsed."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.parts, self._skip = [], 0

    def handle_starttag(self, tag, attrs):
        if tag in ("script", "style"):
            self._skip += 1

    def handle_endtag(self, tag):
        if tag in ("script", "style") and self._skip:
            self._skip -= 1

    def handle_data(self, data):
        if not self._skip:
            self.parts.append(data)


def tables_of(page):
    p = Tables()
    p.feed(page)
    return p.tables


def text_of(page):
    p = Text()
    p.feed(page)
    return " ".join(" ".join(p.parts).split())


def squeeze(s):
    return " ".join(s.split())


def page(client, path, status=200):
    r = client.get(path)
    eq(r.status, status, "GET %s (%s)" % (path, r.text[:200]))
    eq(r.header("Content-Type"), HTML_TYPE, "content type of %s" % path)
    check(re.search(r'<html lang="da"[ >]', r.text), "%s: no <html lang=\"da\">" % path)
    check(r.text.lstrip().lower().startswith("<!doctype html>"), "%s: no doctype" % path)
    return r


def api(client, path):
    r = client.get(path)
    eq(r.status, 200, "GET %s (%s)" % (path, r.text[:200]))
    return r.json()


def still_serving(server, what):
    r = server.client().get("/healthz")
    eq((r.status, r.text), (200, "ok\n"), "/healthz after %s" % what)


def json_ok(r, status=200, what="response"):
    """The JSON body of r after checking its status and content type."""
    eq(r.status, status, "%s status (%s)" % (what, r.text[:200]))
    eq(r.header("Content-Type"), "application/json; charset=utf-8", "%s content type" % what)
    return r.json()


def mt_id(server, external_id):
    return server.one("SELECT id FROM master_tasks WHERE external_id = ?", external_id)


# ---------------------------------------------------------------- public pages

@test
def home_page_links_to_roles():
    c = shared_server().client()
    r = page(c, "/")
    check('href="/roller"' in r.text, "home page does not link to /roller")
    check('href="/vejledning"' in r.text, "home page does not link to /vejledning")
    check('href="/static/klikd.css"' in r.text, "home page lacks the stylesheet")
    check(not re.search(r'(src|href)="(https?:)?//', r.text), "home page loads external resources")
    check(not re.search(r"<script(?![^>]*\bsrc=)[^>]*>", r.text), "home page has inline script")


@test
def role_gallery_groups_roles_by_category():
    s = shared_server()
    c = s.client()
    body = main_of(page(c, "/roller").text)
    # the gallery proper; the role diagram follows it (test_pictures.py)
    body = body.split('<div id="role-groups">', 1)[1].split("</div>", 1)[0]
    roles = api(c, "/api/v1/roles")["roles"]
    chunks = re.split(r"<h2\b[^>]*>", body)[1:]
    headings = [squeeze(html.unescape(re.sub(r"<[^>]+>", "", ch.split("</h2>", 1)[0])))
                for ch in chunks]
    eq(headings, HEADINGS, "category headings in order")
    for cat, heading, chunk in zip(CATEGORIES, HEADINGS, chunks):
        links = re.findall(r'href="/roller/([^"]+)"', chunk)
        eq(links, [r["slug"] for r in roles if r["category"] == cat],
           "role links under %s" % heading)
        for r in roles:
            if r["category"] == cat:
                check(html.escape(r["name"], quote=False) in chunk or r["name"] in chunk,
                      "%s not named under %s" % (r["name"], heading))
    all_links = re.findall(r'href="/roller/([^"]+)"', body)
    eq(len(all_links), 32, "role links on /roller")
    eq(len(set(all_links)), 32, "distinct role links")


@test
def role_pages_match_the_api():
    c = shared_server().client()
    for slug in MARKED_ROLES:
        role = api(c, "/api/v1/roles/" + slug)
        r = page(c, "/roller/" + slug)
        text = text_of(r.text)
        check(squeeze(role["name"]) in text, "%s: name missing" % slug)
        check(squeeze(role["effect"]) in text, "%s: effect missing" % slug)
        check(squeeze(role["characteristics"]) in text, "%s: characteristics missing" % slug)
        for comp in role["competences"]:
            check(squeeze(comp) in text, "%s: competence %r missing" % (slug, comp))
        tables = tables_of(main_of(r.text))
        eq(len(tables), 2, "%s: tables (tasks, responsibilities)" % slug)
        for table, kind in zip(tables, ("tasks", "responsibilities")):
            rows = [row for row in table if row and not all(x == "" for x in row)]
            header, rows = rows[0], rows[1:]
            eq(len(header), 3, "%s %s: header cells %r" % (slug, kind, header))
            eq(len(rows), len(role[kind]), "%s: rows of %s" % (slug, kind))
            for n, (row, item) in enumerate(zip(rows, role[kind]), 1):
                eq(row, [squeeze(item["text"]), MARK[item["implementation"]],
                         MARK[item["operation"]]], "%s %s row %d" % (slug, kind, n))


@test
def role_page_check_marks_counted():
    c = shared_server().client()
    for slug, full, cond in (("gevinstejer", 8, 0),
                             ("systemansvarlig-opkraevningssystemet-oeir-debitor", None, 1)):
        role = api(c, "/api/v1/roles/" + slug)
        marks = [m for it in role["tasks"] + role["responsibilities"]
                 for m in (it["implementation"], it["operation"])]
        body = main_of(page(c, "/roller/" + slug).text)
        cells = [x for t in tables_of(body) for row in t for x in row]
        eq(cells.count("✓"), marks.count("X"), "%s: ✓ cells" % slug)
        eq(cells.count("(✓)"), marks.count("(X)"), "%s: (✓) cells" % slug)
        if full is not None:
            eq(marks.count("X"), full, "%s: X marks in the API" % slug)
        eq(marks.count("(X)"), cond, "%s: (X) marks in the API" % slug)


@test
def unknown_role_page_is_404():
    c = shared_server().client()
    for path in ("/roller/findes-ikke", "/findes/slet/ikke", "/roller/projektejer/mere",
                 "/ROLLER"):
        r = page(c, path, 404)
        main_of(r.text)
        check('href="/"' in r.text, "%s: 404 page has no way back" % path)
        check('href="/static/klikd.css"' in r.text, "%s: 404 page lacks the layout" % path)


@test
def guidance_pages():
    s = shared_server()
    c = s.client()
    docs = api(c, "/api/v1/documents")["documents"]
    eq(len(docs), 1, "documents")
    slug, title = docs[0]["slug"], docs[0]["title"]
    r = page(c, "/vejledning")
    check('href="/vejledning/%s"' % slug in r.text, "/vejledning does not link the document")
    check(squeeze(title) in text_of(r.text), "/vejledning does not name the document")
    doc = api(c, "/api/v1/documents/" + slug)
    r = page(c, "/vejledning/" + slug)
    check(re.search(r"<h1[^>]*>\s*%s\s*</h1>" % re.escape(html.escape(title, quote=False)),
                    r.text), "document page has no <h1> with the title")
    check(doc["body_html"] in r.text, "document page does not carry the rendered body")
    headings = re.findall(r"^## (.+)$", doc["body"], re.M)
    check(len(headings) >= 9, "document body has only %d headings" % len(headings))
    article = main_of(r.text)
    eq([squeeze(html.unescape(re.sub(r"<[^>]+>", "", h)))
        for h in re.findall(r"<h2\b[^>]*>(.*?)</h2>", article, re.S)],
       [squeeze(h) for h in headings], "<h2> headings of the document page")
    check("<h2>3. Formål og mål</h2>" in r.text, "heading '3. Formål og mål' is not an <h2>")
    check("<li>forstår hvad ØiR er og hjemtager ejerskabet til ØiR</li>" in r.text,
          "list item missing")
    check("**" not in text_of(main_of(r.text)), "Markdown emphasis left unrendered")
    page(c, "/vejledning/findes-ikke", 404)


# ---------------------------------------------------------------- master-task pages

@test
def master_task_pages_redirect_to_login():
    s = shared_server()
    c = s.client()
    r = c.get("/master-opgaver")
    eq(r.status, 303, "anonymous /master-opgaver")
    eq(r.header("Location"), "/log-ind?next=%2Fmaster-opgaver", "redirect")
    tid = s.one("SELECT id FROM master_tasks WHERE external_id = 519")
    r = c.get("/master-opgaver/%d" % tid)
    eq(r.status, 303, "anonymous task page")
    eq(r.header("Location"), "/log-ind?next=%%2Fmaster-opgaver%%2F%d" % tid, "redirect")
    form = page(c, "/log-ind?next=%2Fmaster-opgaver")
    check(re.search(r'name="next" value="/master-opgaver"', form.text), "form keeps next")
    r = c.login_form("plus@kbh.dk", next_path="/master-opgaver")
    eq(r.status, 303, "form log-in")
    eq(r.header("Location"), "/master-opgaver", "back to the page asked for")
    r = page(c, "/master-opgaver")
    eq(r.header("Cache-Control"), "no-store", "Cache-Control")


@test
def master_task_list_page():
    s = shared_server()
    c = s.client()
    c.login("plus@kbh.dk")
    r = page(c, "/master-opgaver")
    body = main_of(r.text)
    tasks = api(c, "/api/v1/master-tasks")["master_tasks"]
    eq(len(tasks), 2, "tasks in the API")
    for t in tasks:
        check(re.search(r'href="/master-opgaver/%d"' % t["id"], body),
              "no link to task %d" % t["id"])
        check(html.escape(t["title"], quote=False) in body, "title %r missing" % t["title"])
    check("-171" in text_of(body), "end offset of 519 missing")
    r = page(c, "/master-opgaver?project=FBS")
    eq(re.findall(r'href="/master-opgaver/(\d+)"', main_of(r.text)),
       [str(s.one("SELECT m.id FROM master_tasks m JOIN projects p ON p.id = m.project_id"
                  " WHERE p.code = 'FBS'"))], "tasks of FBS")


@test
def master_task_519_page():
    s = shared_server()
    c = s.client()
    c.login("admin@aarhus.dk")
    tid = s.one("SELECT id FROM master_tasks WHERE external_id = 519")
    t = api(c, "/api/v1/master-tasks/%d" % tid)
    r = page(c, "/master-opgaver/%d" % tid)
    body = main_of(r.text)
    text = text_of(body)
    check(re.search(r"<h1[^>]*>\s*PL 12 Planlæg kommunens ØiR implementering \(B5\)\s*</h1>",
                    body), "title heading")
    for want in ("Fase 2.1: Planlægning", "Projektledelse og -styring", "Prioritet 2",
                 "KY - Bølge 5", "Publiceret", "Pernille Schultz", "2. okt. 2020 kl. 16:09",
                 "KY-projektleder sammen med KOMBIT-programleder", "519"):
        check(want in text, "%r missing from the page" % want)
    check("2020-10-02T14:09:00Z" not in text, "comment time shown in UTC ISO form")
    check(t["description_html"] in body, "description_html not on the page")
    check(t["goal_html"] in body, "goal_html not on the page")
    for step in t["method_steps"]:
        first = squeeze(step.split("\n")[0])
        check(first in text, "method step %r missing" % first[:60])
    for role in t["roles"]:
        check('href="/roller/%s"' % role["slug"] in body, "no link to role %s" % role["slug"])
    check('href="https://share-komm.kombit.dk/P008/Delte%20dokumenter/Forms/Planer.aspx"' in body,
          "link missing")


@test
def master_task_fbs_page():
    s = shared_server()
    c = s.client()
    c.login("kombit@kombit.dk")
    tid = s.one("SELECT m.id FROM master_tasks m JOIN projects p ON p.id = m.project_id"
                " WHERE p.code = 'FBS'")
    body = main_of(page(c, "/master-opgaver/%d" % tid).text)
    check('href="mailto:bibsys@kombit.dk"' in body, "mailto link missing")
    check('href="https://kombit.dk/KLIK"' in body, "KLIK link missing")
    text = text_of(body)
    for want in ("Udpeg debitorprojektleder og - projektejer på FBS", "Fase 1: Opstart",
                 "Obligatorisk", "Systemadministrator i samarbejde med bibliotekschef"):
        check(want in text, "%r missing" % want)
    page(c, "/master-opgaver/999999", 404)
    page(c, "/master-opgaver/abc", 404)


# ---------------------------------------------------------------- static files

@test
def static_files_etag_and_304():
    s = shared_server()
    c = s.client()
    for name, ctype in (("klikd.css", "text/css"), ("klikd.js", "javascript")):
        r = c.get("/static/" + name)
        eq(r.status, 200, name)
        check(ctype in (r.header("Content-Type") or ""), "%s type %r" % (name, r.header(
            "Content-Type")))
        with open(os.path.join(ROOT, "static", name), "rb") as f:
            eq(r.body, f.read(), "%s body against static/%s" % (name, name))
        etag = r.header("ETag")
        check(etag and etag.startswith('"') and etag.endswith('"'), "%s ETag %r" % (name, etag))
        r2 = c.get("/static/" + name, headers={"If-None-Match": etag})
        eq(r2.status, 304, "%s with If-None-Match" % name)
        eq(r2.body, b"", "304 body")
        eq(r2.header("ETag"), etag, "ETag on the 304")
        r3 = c.get("/static/" + name, headers={"If-None-Match": '"something-else"'})
        eq(r3.status, 200, "%s with another ETag" % name)


@test
def static_unknown_and_traversal_never_serve_files():
    s = shared_server()
    c = s.client()
    with open(os.path.join(ROOT, "migrations", "0001_init.sql"), "rb") as f:
        secret = f.read()[:200]
    eq(c.get("/static/findes-ikke.css").status, 404, "unknown static file")
    for path in ("/static/../migrations/0001_init.sql", "/static/..%2fmigrations%2f0001_init.sql",
                 "/static/..%2Fmigrations%2F0001_init.sql",
                 "/static/%2e%2e/migrations/0001_init.sql",
                 "/static/%2e%2e%2fmigrations%2f0001_init.sql",
                 "/static/....//migrations/0001_init.sql", "/static/.%2e/.%2e/etc/passwd",
                 "/static/%2fetc%2fpasswd", "/static/..", "/static/.", "/static/"):
        r = c.get(path)
        check(r.status in (400, 403, 404), "%s: status %d" % (path, r.status))
        check(secret not in r.body and b"CREATE TABLE" not in r.body and b"root:" not in r.body,
              "%s served a file" % path)
    still_serving(s, "static traversal")


# ---------------------------------------------------------------- escaping

@test
def database_text_is_escaped_in_pages():
    s = Server(users=False)
    try:
        rid = s.one("SELECT id FROM roles WHERE slug = 'projektejer'")
        evil = '<script>alert(1)</script> & "citat" \'x\''
        eq(s.write("INSERT INTO role_items (role_id, kind, position, text, implementation,"
                   " operation) VALUES (?, 'task', 99, ?, 'X', '')", rid, evil), 1, "planted item")
        eq(s.write("UPDATE roles SET effect = '<b>fed</b> & <i>' WHERE id = ?", rid), 1,
           "planted effect")
        c = s.client()
        r = c.get("/roller/projektejer")
        eq(r.status, 200, "role page")
        check("<script>alert" not in r.text, "role page carries <script>alert unescaped")
        check("&lt;script&gt;alert(1)&lt;/script&gt; &amp; " in r.text,
              "escaped item text missing")
        check("&quot;citat&quot;" in r.text or "&#34;citat&#34;" in r.text, "quotes escaped")
        check("<b>fed</b>" not in r.text and "&lt;b&gt;fed&lt;/b&gt; &amp; &lt;i&gt;" in r.text,
              "effect escaped")
        api = json_ok(c.get("/api/v1/roles/projektejer"))
        eq(api["tasks"][-1]["text"], evil, "API returns the text as stored")
        eq(api["effect"], "<b>fed</b> & <i>", "API effect as stored")
        r = c.get("/roller")
        eq(r.status, 200, "role list")
        check("<script>alert" not in r.text and "<b>fed</b>" not in r.text,
              "role list escapes too")
    finally:
        s.close()


@test
def markdown_is_rendered_safely():
    s = Server(users=False)
    try:
        tid = mt_id(s, 519)
        evil = ("Før\n\n<script>x</script>\n\n[a](javascript:alert(1))\n\n"
                "[b](JaVaScRiPt:alert(2))\n\n<img src=x onerror=alert(3)>\n\n"
                "<a href=\"javascript:alert(4)\">c</a>\n\n- punkt\n")
        eq(s.write("UPDATE master_tasks SET description = ?, goal = ?, description_html = NULL,"
                   " goal_html = NULL WHERE id = ?", evil, evil, tid), 1, "planted description")
        klikd("migrate", "--db", s.db)  # renders what has no stored HTML, as after an upgrade
        s.add_user("kombit@kombit.dk", "kombit", "admin", [], "Karen KOMBIT")
        c = s.client()
        c.login("kombit@kombit.dk")
        t = json_ok(c.get("/api/v1/master-tasks/%d" % tid))
        eq(t["description"], evil, "description as stored")
        for field in ("description_html", "goal_html"):
            h = t[field]
            low = h.lower()
            check("<script" not in low, "%s has <script: %r" % (field, h))
            check("javascript:" not in low, "%s has javascript: %r" % (field, h))
            check("<img" not in low and "onerror" not in re.sub(r"&lt;.*?&gt;", "", low),
                  "%s has a raw <img onerror>: %r" % (field, h))
            check("<li>punkt</li>" in h and "<p>Før</p>" in h, "%s lost Markdown: %r" % (field, h))
        r = c.get("/master-opgaver/%d" % tid)
        eq(r.status, 200, "page")
        low = r.text.lower()
        check("<script>x" not in low, "page has <script>x")
        check('href="javascript:' not in low and "javascript:alert" not in low,
              "page has a javascript: link")
        check("<img src=x" not in low, "page has the raw <img>")
    finally:
        s.close()


run()
