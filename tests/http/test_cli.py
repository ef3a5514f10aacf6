"""Tests of klikd's command line: exit codes and --help, migrate, import
(summary, idempotent re-import, update in place, all-or-nothing on errors,
the project of a task document), user add, user passwd, token add, backup (also while
the server runs), routes, and the port check of `make run`."""

import sys, os; sys.path.insert(0, os.path.dirname(__file__)); from harness import *  # noqa: E401,E402,F403

import random  # noqa: E402
import shutil  # noqa: E402
import socket  # noqa: E402

COMMANDS = [["serve"], ["migrate"], ["import"], ["user", "add"], ["user", "passwd"],
            ["token", "add"], ["backup"], ["routes"]]
# Tables whose rows an import writes, and the audit trail.
IMPORT_TABLES = ["roles", "role_items", "role_competences", "role_successors", "master_tasks",
                 "master_task_steps", "master_task_links", "master_task_comments",
                 "master_task_waves", "master_task_roles", "documents", "organisations",
                 "projects", "audit_events"]

SEED_519 = os.path.join(SEEDS, "klik-opgave-519-pl12-oeir.txt")
SEED_FBS = os.path.join(SEEDS, "klik-opgave-fbs-debitorprojektleder.txt")
SEED_RG = os.path.join(SEEDS, "rollegalleri-v1.5.txt")
SEED_DOC = os.path.join(SEEDS, "oeir-implementeringsstrategi.txt")
SEED_KOM = os.path.join(SEEDS, "kommuner.csv")
ALL_SEEDS = [SEED_519, SEED_FBS, SEED_KOM, SEED_DOC, SEED_RG]


class Scratch:
    """A temporary directory for databases and fixture files."""

    def __init__(self):
        self.dir = tempfile.TemporaryDirectory(prefix="klikd-cli-")

    def path(self, name):
        return os.path.join(self.dir.name, name)

    def write(self, name, data):
        p = self.path(name)
        with open(p, "wb" if isinstance(data, bytes) else "w", encoding=None if isinstance(
                data, bytes) else "utf-8") as f:
            f.write(data)
        return p

    def db(self, name="klikd.db", seeds=False):
        p = self.path(name)
        klikd("migrate", "--db", p)
        if seeds:
            klikd("import", "--db", p, *ALL_SEEDS)
        return p

    def close(self):
        self.dir.cleanup()


def q(db, query, *args):
    con = sqlite3.connect(db, timeout=10)
    try:
        return con.execute(query, args).fetchall()
    finally:
        con.close()


def counts(db):
    return {t: q(db, "SELECT count(*) FROM " + t)[0][0] for t in IMPORT_TABLES}


def read_seed(path):
    with open(path, encoding="utf-8") as f:
        return f.read()


def summary_line(out, noun):
    """The summary line for noun ("roles", "master tasks", ...), parsed."""
    for line in out.splitlines():
        m = re.match(r"^\s+%s\s+(\d+)(?:\s+\((\d+) new, (\d+) updated, (\d+) unchanged\))?\s*$"
                     % re.escape(noun), line)
        if m:
            return tuple(int(g) if g is not None else None for g in m.groups())
    raise Failure("no summary line for %r in %r" % (noun, out))


# ---------------------------------------------------------------- exit codes, help

@test
def every_command_has_help():
    for cmd in COMMANDS:
        rc, out, err = klikd(*cmd, "--help", check_rc=False)
        eq(rc, 0, "klikd %s --help exit status" % " ".join(cmd))
        check("usage: klikd " + " ".join(cmd) in out + err,
              "klikd %s --help prints no usage: %r" % (" ".join(cmd), (out + err)[:160]))
    rc, out, err = klikd("--help", check_rc=False)
    eq(rc, 0, "klikd --help")
    for cmd in COMMANDS:
        check(" ".join(cmd) in out, "klikd --help does not name %s" % cmd)


@test
def usage_errors_exit_2():
    s = Scratch()
    try:
        db = s.db()
        for args in (["frobnicate"], [], ["migrate"], ["import", "--db", db],
                     ["user", "add", "--db", db, "--name", "N", "--org", "101", "--type", "admin"],
                     ["user", "passwd", "--db", db], ["user", "passwd", "--email", "a@kbh.dk"],
                     ["token", "add", "--db", db], ["backup", "--db", db],
                     ["serve", "--db", db], ["migrate", "--db", db, "--no-such-option"],
                     ["serve", "--db", db, "--listen", "127.0.0.1:0", "--body-limit", "lots"]):
            rc, out, err = klikd(*args, check_rc=False)
            eq(rc, 2, "klikd %s exit status" % " ".join(args))
            check(err.strip(), "klikd %s says nothing on stderr" % " ".join(args))
    finally:
        s.close()


# ---------------------------------------------------------------- migrate

@test
def migrate_applies_once():
    s = Scratch()
    try:
        db = s.path("m.db")
        rc, out, err = klikd("migrate", "--db", db)
        migrations = sorted(f for f in os.listdir(os.path.join(ROOT, "migrations"))
                            if f.endswith(".sql"))
        for m in migrations:
            check(m in out, "first migrate does not report %s: %r" % (m, out))
        tables = q(db, "SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name")
        check(("roles",) in tables and ("master_tasks",) in tables, "tables %r" % tables)
        eq(q(db, "SELECT count(*) FROM organisations")[0][0], 99, "KOMBIT and 98 municipalities")
        schema = q(db, "SELECT sql FROM sqlite_master ORDER BY name")
        rc, out2, err2 = klikd("migrate", "--db", db)
        eq(rc, 0, "second migrate")
        for m in migrations:
            check(m not in out2, "second migrate applies %s again: %r" % (m, out2))
        eq(q(db, "SELECT sql FROM sqlite_master ORDER BY name"), schema, "schema after re-run")
        eq(q(db, "SELECT count(*) FROM organisations")[0][0], 99, "organisations after re-run")
    finally:
        s.close()


@test
def unmigrated_database_refused():
    s = Scratch()
    try:
        db = s.path("raw.db")
        sqlite3.connect(db).close()
        rc, out, err = klikd("import", "--db", db, SEED_KOM, check_rc=False)
        eq(rc, 1, "import on an unmigrated database")
        check("migrate" in err, "import message %r does not say to migrate" % err)
        eq(q(db, "SELECT count(*) FROM sqlite_master WHERE name NOT IN ('schema_migrations')"),
           [(0,)], "import created tables")
        p = subprocess.run([KLIKD, "serve", "--db", db, "--listen", "127.0.0.1:0"],
                           capture_output=True, text=True, timeout=20)
        eq(p.returncode, 1, "serve on an unmigrated database")
        check("migrate" in p.stderr, "serve message %r does not say to migrate" % p.stderr)
        check("listening" not in p.stdout, "serve listened anyway: %r" % p.stdout)
        rc, out, err = klikd("token", "add", "--db", s.path("absent.db"), "--email", "a@b.dk",
                             check_rc=False)
        eq(rc, 1, "token add on a database that does not exist")
    finally:
        s.close()


# ---------------------------------------------------------------- import

@test
def import_summary_and_rows():
    s = Scratch()
    try:
        db = s.db()
        rc, out, err = klikd("import", "--db", db, *ALL_SEEDS)
        eq(summary_line(out, "roles"), (32, 32, 0, 0), "roles line")
        eq(summary_line(out, "role tasks"), (247, None, None, None), "role tasks line")
        eq(summary_line(out, "responsibilities"), (92, None, None, None), "responsibilities line")
        eq(summary_line(out, "master tasks"), (2, 2, 0, 0), "master tasks line")
        eq(summary_line(out, "documents"), (1, 1, 0, 0), "documents line")
        eq(summary_line(out, "municipalities")[0], 98, "municipalities line")
        check(re.search(r"^  roles {14}32  \(32 new, 0 updated, 0 unchanged\)$", out, re.M),
              "roles line layout: %r" % out)
        check(re.search(r"^  role tasks {8}247$", out, re.M), "role tasks layout: %r" % out)
        c = counts(db)
        eq(c["roles"], 32, "roles rows")
        eq(q(db, "SELECT count(*) FROM role_items WHERE kind = 'task'")[0][0], 247, "tasks")
        eq(q(db, "SELECT count(*) FROM role_items WHERE kind = 'responsibility'")[0][0], 92,
           "responsibilities")
        eq(c["master_tasks"], 2, "master_tasks rows")
        eq(c["documents"], 1, "documents rows")
        eq(q(db, "SELECT count(*) FROM organisations WHERE kind = 'municipality'")[0][0], 98,
           "municipalities")
        eq(q(db, "SELECT name FROM organisations WHERE code = '751'")[0][0], "Aarhus", "751")
        eq(q(db, "SELECT count(*) FROM audit_events WHERE action = 'role.create'")[0][0], 32,
           "an audit event per new role")
        eq(q(db, "SELECT count(*) FROM audit_events WHERE action = 'master_task.create'")[0][0], 2,
           "an audit event per new master task")
    finally:
        s.close()


@test
def reimport_changes_nothing():
    s = Scratch()
    try:
        db = s.db(seeds=True)
        before = counts(db)
        snap = q(db, "SELECT id, title, goal, description, updated_at FROM master_tasks ORDER BY id")
        roles = q(db, "SELECT id, slug, effect, updated_at FROM roles ORDER BY id")
        rc, out, err = klikd("import", "--db", db, *reversed(ALL_SEEDS))
        eq(summary_line(out, "roles"), (32, 0, 0, 32), "roles line")
        eq(summary_line(out, "master tasks"), (2, 0, 0, 2), "master tasks line")
        eq(summary_line(out, "documents"), (1, 0, 0, 1), "documents line")
        eq(summary_line(out, "municipalities"), (98, 0, 0, 98), "municipalities line")
        eq(counts(db), before, "row counts after re-import")
        eq(q(db, "SELECT id, title, goal, description, updated_at FROM master_tasks ORDER BY id"),
           snap, "master tasks after re-import")
        eq(q(db, "SELECT id, slug, effect, updated_at FROM roles ORDER BY id"), roles,
           "roles after re-import")
    finally:
        s.close()


@test
def import_modified_task_updates_in_place():
    s = Scratch()
    try:
        db = s.db(seeds=True)
        (tid, old_goal), = q(db, "SELECT id, goal FROM master_tasks WHERE external_id = 519")
        before = counts(db)
        text = read_seed(SEED_519)
        new_goal = "Målet er ændret: kommunen planlægger ØiR i god tid."
        changed = re.sub(r"^Mål\t.*$", "Mål\t" + new_goal, text, count=1, flags=re.M)
        check(changed != text, "fixture: no Mål line in the 519 export")
        f = s.write("pl12-aendret.txt", changed)
        rc, out, err = klikd("import", "--db", db, f)
        eq(summary_line(out, "master tasks"), (1, 0, 1, 0), "master tasks line")
        eq(q(db, "SELECT id, goal FROM master_tasks WHERE external_id = 519"), [(tid, new_goal)],
           "the task keeps its id and gets the new goal")
        after = counts(db)
        eq(after["master_tasks"], before["master_tasks"], "master_tasks rows")
        eq(after["master_task_steps"], before["master_task_steps"], "steps rows")
        eq(after["audit_events"], before["audit_events"] + 1, "one audit event")
        (action, entity_id, b, a), = q(db, "SELECT action, entity_id, before, after FROM "
                                           "audit_events ORDER BY id DESC LIMIT 1")
        eq((action, entity_id), ("master_task.update", str(tid)), "audit event")
        check(old_goal in b and new_goal in a, "audit before/after lack the goals")
        rc, out, err = klikd("import", "--db", db, f)
        eq(summary_line(out, "master tasks"), (1, 0, 0, 1), "importing the same copy again")
    finally:
        s.close()


def bad_fixtures(s):
    """(name, path, line or None) of files the importer must refuse."""
    text_519 = read_seed(SEED_519)
    fem = re.sub(r"^(Opgave varighed \(antal dage\))\t5$", r"\1\tfem", text_519, count=1,
                 flags=re.M)
    check(fem != text_519, "fixture: no duration line in the 519 export")
    fem_line = fem.splitlines().index("Opgave varighed (antal dage)\tfem") + 1
    rg = read_seed(SEED_RG)
    return [
        ("empty", s.write("http-empty.txt", ""), None),
        ("binary", s.write("http-garbage.bin", random.Random(7).randbytes(4096)), None),
        ("truncated rollegalleri", s.write("http-rollegalleri-truncated.txt",
                                           rg[:len(rg) * 2 // 5]), None),
        ("duration fem", s.write("http-klik-varighed-fem.txt", fem), fem_line),
    ]


@test
def import_error_leaves_database_unchanged():
    s = Scratch()
    try:
        for name, bad, line in bad_fixtures(s):
            for seeded in (False, True):
                db = s.db("%s-%s.db" % (name.replace(" ", "-"), seeded), seeds=seeded)
                before = counts(db)
                text = read_seed(SEED_519)
                modified = s.write("http-519-modified.txt", re.sub(
                    r"^Mål\t.*$", "Mål\tÆndret mål", text, count=1, flags=re.M))
                rc, out, err = klikd("import", "--db", db, SEED_RG, modified, SEED_DOC, bad,
                                     check_rc=False)
                what = "%s (%s database)" % (name, "seeded" if seeded else "empty")
                eq(rc, 1, "%s: exit status" % what)
                prefix = "klikd: %s:" % bad
                check(prefix in err, "%s: stderr %r does not name the file" % (what, err))
                if line:
                    check("klikd: %s:%d: " % (bad, line) in err,
                          "%s: stderr %r does not name line %d" % (what, err, line))
                eq(counts(db), before, "%s: row counts" % what)
                if seeded:
                    eq(q(db, "SELECT goal LIKE 'Målet er, at kommunen%' FROM master_tasks"
                             " WHERE external_id = 519"), [(1,)], "%s: goal of 519" % what)
    finally:
        s.close()


@test
def import_error_on_unknown_file_kind_names_it():
    s = Scratch()
    try:
        db = s.db()
        odd = s.write("http-note.txt", "Kære kollega\n\nHer er en note uden struktur.\n")
        rc, out, err = klikd("import", "--db", db, SEED_KOM, odd, check_rc=False)
        eq(rc, 1, "exit status")
        check(("klikd: %s" % odd) in err, "stderr %r does not name the file" % err)
        eq(counts(db), counts(s.db("fresh.db")), "row counts")
        rc, out, err = klikd("import", "--db", db, s.path("findes-ikke.txt"), check_rc=False)
        eq(rc, 1, "missing file")
        check("findes-ikke.txt" in err, "stderr %r does not name the missing file" % err)
    finally:
        s.close()


@test
def import_task_project_from_title_or_option():
    s = Scratch()
    try:
        db = s.db()
        klikd("import", "--db", db, SEED_RG)
        rc, out, err = klikd("import", "--db", db, SEED_FBS)
        eq(q(db, "SELECT p.code, m.external_id, m.title FROM master_tasks m"
                 " JOIN projects p ON p.id = m.project_id"),
           [("FBS", None, "Udpeg debitorprojektleder og - projektejer på FBS")],
           "FBS task from its title")
        lines = read_seed(SEED_FBS).split("\n")
        idx = [i for i, l in enumerate(lines) if l.strip() == "FBS"]
        eq(len(idx), 1, "fixture: the title's FBS line")
        del lines[idx[0]]
        noproj = s.write("http-fbs-uden-projekt.txt", "\n".join(lines))
        before = counts(db)
        rc, out, err = klikd("import", "--db", db, noproj, check_rc=False)
        eq(rc, 1, "a task document naming no project without --project")
        check(noproj in err and "--project" in err, "message %r" % err)
        eq(counts(db), before, "row counts after the refused import")
        rc, out, err = klikd("import", "--db", db, "--project", "KY", noproj)
        eq(summary_line(out, "master tasks"), (1, 1, 0, 0), "master tasks line")
        eq(q(db, "SELECT p.code FROM master_tasks m JOIN projects p ON p.id = m.project_id"
                 " WHERE m.title = 'Udpeg debitorprojektleder og - projektejer på'"), [("KY",)],
           "project from --project")
    finally:
        s.close()


def refused(db, args, fragments, what):
    """Runs klikd import with args on a seeded db: exit status 1, stderr
    holding every fragment, and not one row changed."""
    before = counts(db)
    rc, out, err = klikd("import", "--db", db, *args, check_rc=False)
    eq(rc, 1, "%s: exit status" % what)
    for f in fragments:
        check(f in err, "%s: stderr %r lacks %r" % (what, err, f))
    check("nothing was imported" in err, "%s: stderr %r" % (what, err))
    eq(counts(db), before, "%s: row counts" % what)


@test
def import_refuses_oversized_files():
    s = Scratch()
    try:
        db = s.db(seeds=True)
        refused(db, ["/dev/zero"], ["klikd: /dev/zero: larger than 10 MB"], "/dev/zero")
        big = s.path("stor.txt")
        with open(big, "wb") as f:
            line = ("Lorem ipsum dolor sit amet, og så videre. " * 2 + "\n").encode()
            f.write(line * (11 * 1024 * 1024 // len(line) + 1))
        check(os.path.getsize(big) > 11 * 1024 * 1024 - 1, "fixture: 11 MB")
        # With a good seed before it: the whole import is refused.
        refused(db, [SEED_DOC, big], ["klikd: %s: larger than 10 MB" % big], "11 MB file")
    finally:
        s.close()


@test
def import_refuses_deep_markdown():
    s = Scratch()
    try:
        db = s.db(seeds=True)
        deep = s.write("dyb.txt", "# Dyb vejledning\n\n" + "> " * 17 + "tekst\n")
        refused(db, [deep], ["klikd: %s: the document nests lists or quotes 17 deep (at most 16)"
                             % deep], "17 nested quotes")
        nested = "".join("  " * i + "- punkt\n" for i in range(20))
        deep = s.write("dyb-liste.txt", "# Dyb liste\n\n" + nested)
        refused(db, [deep], ["20 deep"], "20 nested lists")
        ok = s.write("ok.txt", "# Jævn vejledning\n\n" + "> " * 16 + "tekst\n")
        rc, out, err = klikd("import", "--db", db, ok)
        eq(summary_line(out, "documents"), (1, 1, 0, 0), "16 nested quotes are imported")
    finally:
        s.close()


@test
def import_refuses_bad_project_codes():
    s = Scratch()
    try:
        db = s.db(seeds=True)
        lines = read_seed(SEED_FBS).split("\n")
        del lines[[i for i, l in enumerate(lines) if l.strip() == "FBS"][0]]
        noproj = s.write("fbs-uden-projekt.txt", "\n".join(lines))
        for bad in ("ky", "K Y", "ABCDEFGHIJK", "1KY", "", "FBS'; --"):
            refused(db, ["--project", bad, noproj], ["klikd: --project: ", "not a project code"],
                    "--project %r" % bad)
        refused(db, ["--project", "XYZ", noproj], ["klikd: --project: no project XYZ"],
                "unknown --project")
        refused(db, ["--project", "XYZ", SEED_FBS], ["no project XYZ"],
                "unknown --project with a task naming its project")
        eq(q(db, "SELECT count(*) FROM projects WHERE code = 'XYZ'"), [(0,)], "no project XYZ")
        text = read_seed(SEED_519).replace("Projekt\tKY\n", "Projekt\tky-2\n")
        check("Projekt\tky-2" in text, "fixture: Projekt line")
        bad = s.write("519-forkert-projekt.txt", text)
        refused(db, [bad], ["klikd: %s:9: \"Projekt\" must be a project code" % bad],
                "Projekt field")
        # A known project, but not the one the FBS task's title names: no copy under KY.
        refused(db, ["--project", "KY", SEED_FBS],
                ["the title names project FBS but --project says KY"], "--project KY on FBS")
        rc, out, err = klikd("import", "--db", db, "--project", "FBS", noproj, SEED_FBS)
        eq(rc, 0, "--project naming a known project")
    finally:
        s.close()


HTML_COLUMNS = ("SELECT m.external_id, m.goal_html, m.description_html, m.method_html,"
                " m.result_html FROM master_tasks m ORDER BY m.id")


def stored_html(db):
    return (q(db, HTML_COLUMNS),
            q(db, "SELECT master_task_id, position, body_html FROM master_task_comments"
                  " ORDER BY 1, 2"),
            q(db, "SELECT slug, body_html FROM documents ORDER BY slug"))


@test
def import_stores_rendered_html():
    s = Scratch()
    try:
        db = s.db(seeds=True)
        tasks, comments, docs = stored_html(db)
        eq(len(tasks), 2, "two master tasks")
        for ext, goal, desc, method, result in tasks:
            for name, h in (("goal", goal), ("description", desc), ("method", method),
                            ("result", result)):
                check(h and h.startswith("<") and h.rstrip().endswith(">"),
                      "task %s: %s_html %r" % (ext, name, (h or "")[:80]))
            check(method.startswith("<ol>") and "<li>" in method, "method as one numbered list")
        goal, desc = q(db, "SELECT goal_html, description_html FROM master_tasks"
                           " WHERE external_id = 519")[0]
        check(goal.startswith("<p>Målet er, at kommunen planlægger"), "goal_html %r" % goal[:80])
        check("<ul>\n<li>Løsningen involverer" in desc, "description_html has the bullet list")
        check('<a href="https://share-komm.kombit.dk/P008/' in desc, "description_html link")
        eq(len(comments), 1, "one comment")
        check(comments[0][2].startswith("<p>#besked</p>\n<p>Kære KY-kommuner"),
              "comment body_html %r" % comments[0][2][:80])
        eq(len(docs), 1, "one document")
        check(docs[0][1].startswith("<p>Implementeringsstrategien beskriver retning")
              and "<h2>" in docs[0][1], "document body_html %r" % docs[0][1][:80])
        # The HTML is cmark's safe rendering of what is stored beside it.
        check("<script" not in docs[0][1].lower(), "no raw HTML in the document")
    finally:
        s.close()


@test
def migrate_renders_rows_without_html():
    s = Scratch()
    try:
        db = s.db(seeds=True)
        want = stored_html(db)
        audit = q(db, "SELECT count(*) FROM audit_events")
        con = sqlite3.connect(db)
        con.execute("UPDATE master_tasks SET goal_html = NULL, description_html = NULL,"
                    " method_html = NULL, result_html = NULL")
        con.execute("UPDATE master_task_comments SET body_html = NULL")
        con.execute("UPDATE documents SET body_html = NULL")
        con.commit()
        con.close()
        eq(q(db, "SELECT count(*) FROM master_tasks WHERE goal_html IS NOT NULL"), [(0,)],
           "rows as an older klikd left them")
        rc, out, err = klikd("migrate", "--db", db)
        check("rendered the stored HTML of 2 master task(s) and 1 document(s)" in out,
              "migrate output %r" % out)
        eq(stored_html(db), want, "the HTML an import stores")
        eq(q(db, "SELECT count(*) FROM audit_events"), audit, "no audit event for derived HTML")
        rc, out, err = klikd("migrate", "--db", db)
        check("rendered" not in out, "a second migrate renders nothing: %r" % out)
        rc, out, err = klikd("import", "--db", db, *ALL_SEEDS)
        eq(summary_line(out, "master tasks"), (2, 0, 0, 2), "re-import: tasks unchanged")
        eq(summary_line(out, "documents"), (1, 0, 0, 1), "re-import: document unchanged")
    finally:
        s.close()


@test
def pages_show_the_stored_html():
    s = Server(users=False)
    try:
        s.add_user("kombit@kombit.dk", "kombit", "admin", [], "Karen KOMBIT")
        tid = s.one("SELECT id FROM master_tasks WHERE external_id = 519")
        slug = s.one("SELECT slug FROM documents")
        # Markdown and HTML out of step: what is shown must be the HTML.
        eq(s.write("UPDATE master_tasks SET goal = 'MARKDOWN-MAAL', goal_html ="
                   " '<p>LAGRET-MAAL</p>' WHERE id = ?", tid), 1, "planted goal")
        eq(s.write("UPDATE documents SET body = 'MARKDOWN-TEKST', body_html ="
                   " '<p>LAGRET-TEKST</p>'"), 1, "planted document")
        c = s.client()
        c.login("kombit@kombit.dk")
        t = c.get("/api/v1/master-tasks/%d" % tid).json()
        goal = t.get("goal_html", t.get("goal_html:html"))
        eq(goal, "<p>LAGRET-MAAL</p>", "API goal_html")
        eq(t["goal"], "MARKDOWN-MAAL", "API goal")
        page = c.get("/master-opgaver/%d" % tid).text
        check("<p>LAGRET-MAAL</p>" in page, "the task page shows the stored HTML")
        check("<p>MARKDOWN-MAAL</p>" not in page, "the task page renders no Markdown")
        page = c.get("/vejledning/" + slug).text
        check("<p>LAGRET-TEKST</p>" in page, "the document page shows the stored HTML")
        check("<p>MARKDOWN-TEKST</p>" not in page, "the document page renders no Markdown")
    finally:
        s.close()


# ---------------------------------------------------------------- users and tokens

def user_add(db, email, org="101", type_="member", projects=(), password=PASSWORD, name="Navn"):
    args = ["user", "add", "--db", db, "--email", email, "--name", name, "--org", org,
            "--type", type_]
    for p in projects:
        args += ["--project", p]
    return klikd(*args, stdin=password + "\n", check_rc=False)


@test
def user_add_creates_user():
    s = Scratch()
    try:
        db = s.db()
        rc, out, err = user_add(db, "ny@kbh.dk", "101", "admin", ["KY:plus", "FBS:laeser"],
                                name="Nina Ny")
        eq(rc, 0, "exit status (%s)" % err)
        (uid, utype, active, org, pname, hashed), = q(
            db, "SELECT u.id, u.type, u.active, o.code, p.name, u.password_hash FROM users u"
                " JOIN persons p ON p.id = u.person_id"
                " JOIN organisations o ON o.id = p.organisation_id WHERE u.email = 'ny@kbh.dk'")
        eq((utype, active, org, pname), ("admin", 1, "101", "Nina Ny"), "user row")
        check(PASSWORD not in hashed and len(hashed) > 20, "password stored in the clear")
        eq(sorted(q(db, "SELECT p.code, up.access FROM user_projects up JOIN projects p"
                        " ON p.id = up.project_id WHERE up.user_id = ?", uid)),
           [("FBS", "laeser"), ("KY", "plus")], "project access")
        eq(q(db, "SELECT action, entity, entity_id FROM audit_events WHERE entity = 'user'"),
           [("user.create", "user", str(uid))], "audit event")
        rc, out, err = user_add(db, "kombit@kombit.dk", "kombit", "admin")
        eq(rc, 0, "a KOMBIT user (%s)" % err)
        eq(q(db, "SELECT o.kind FROM users u JOIN persons p ON p.id = u.person_id JOIN"
                 " organisations o ON o.id = p.organisation_id WHERE u.email ="
                 " 'kombit@kombit.dk'"), [("central",)], "KOMBIT organisation")
    finally:
        s.close()


@test
def user_add_refuses_bad_input():
    s = Scratch()
    try:
        db = s.db()
        eq(user_add(db, "a@kbh.dk")[0], 0, "first user")
        cases = [
            ("short password", dict(email="b@kbh.dk", password="kort-12"), 1),
            ("empty password", dict(email="b@kbh.dk", password=""), 1),
            ("unknown org", dict(email="b@kbh.dk", org="999"), 1),
            ("duplicate e-mail", dict(email="a@kbh.dk"), 1),
            ("duplicate e-mail, other case", dict(email="A@KBH.dk"), 1),
            ("bad --type", dict(email="b@kbh.dk", type_="boss"), 2),
            ("bad --project access", dict(email="b@kbh.dk", projects=["KY:boss"]), 2),
        ]
        for what, kw, want in cases:
            n_users = q(db, "SELECT count(*) FROM users")[0][0]
            n_persons = q(db, "SELECT count(*) FROM persons")[0][0]
            rc, out, err = user_add(db, **kw)
            eq(rc, want, "%s: exit status" % what)
            check(err.strip(), "%s: no message" % what)
            eq(q(db, "SELECT count(*) FROM users")[0][0], n_users, "%s: users" % what)
            eq(q(db, "SELECT count(*) FROM persons")[0][0], n_persons, "%s: persons" % what)
        eq(q(db, "SELECT count(*) FROM audit_events WHERE entity = 'user'")[0][0], 1,
           "audit events")
    finally:
        s.close()


def user_passwd(db, email, password):
    return klikd("user", "passwd", "--db", db, "--email", email, stdin=password + "\n",
                 check_rc=False)


NEW_PASSWORD = "ny-stjerne-lampe-92"


@test
def user_passwd_sets_password_and_ends_sessions():
    s = Server(users=False)
    try:
        s.add_user("glemt@kbh.dk", "101", "member", ["KY:plus"], "Gitte Glemsom")
        s.add_user("anden@kbh.dk", "101", "member", ["KY:plus"], "Anders Anden")
        uid = s.user_id("glemt@kbh.dk")
        c1, c2, other = s.client(), s.client(), s.client()
        c1.login("glemt@kbh.dk")
        c2.login("glemt@kbh.dk")
        other.login("anden@kbh.dk")
        eq(c1.get("/api/v1/me").status, 200, "logged in before")
        old_hash = s.one("SELECT password_hash FROM users WHERE id = ?", uid)
        rc, out, err = user_passwd(s.db, "Glemt@KBH.dk", NEW_PASSWORD)
        eq(rc, 0, "exit status (%s)" % err)
        check("glemt@kbh.dk" in out and "ended 2 sessions" in out, "output %r" % out)
        new_hash = s.one("SELECT password_hash FROM users WHERE id = ?", uid)
        check(new_hash != old_hash and NEW_PASSWORD not in new_hash, "the stored hash")
        eq(s.one("SELECT count(*) FROM sessions WHERE user_id = ?", uid), 0, "their sessions")
        eq(s.one("SELECT count(*) FROM sessions WHERE user_id = ?", s.user_id("anden@kbh.dk")),
           1, "another user's session")
        eq(c1.get("/api/v1/me").status, 401, "an old session after the change")
        eq(other.get("/api/v1/me").status, 200, "another user's session after the change")
        eq(s.sql("SELECT user_id, actor_org_id, client_addr FROM audit_events"
                 " WHERE action = 'user.password' AND entity = 'user' AND entity_id = ?",
                 str(uid)), [(None, None, "cli")], "audit event by the command line")
        r = s.client().post_json("/api/v1/session",
                                 {"email": "glemt@kbh.dk", "password": PASSWORD}, csrf=False)
        eq(r.status, 401, "the old password")
        eq(s.client().login("glemt@kbh.dk", NEW_PASSWORD).status, 200, "the new password")
    finally:
        s.close()


@test
def user_passwd_refuses_unknown_email_and_weak_password():
    s = Scratch()
    try:
        db = s.db()
        eq(user_add(db, "a@kbh.dk")[0], 0, "the user")
        before = q(db, "SELECT password_hash FROM users")
        audits = q(db, "SELECT count(*) FROM audit_events")
        cases = [("unknown e-mail", "ingen@kbh.dk", NEW_PASSWORD, "ingen@kbh.dk"),
                 ("short password", "a@kbh.dk", "kort-12", "mindst 8 tegn"),
                 ("empty password", "a@kbh.dk", "", "mindst 8 tegn"),
                 ("the e-mail as password", "a@kbh.dk", "A@kbh.dk", "for let at gætte"),
                 ("one repeated character", "a@kbh.dk", "x" * 12, "for let at gætte")]
        for what, email, password, says in cases:
            rc, out, err = user_passwd(db, email, password)
            eq(rc, 1, "%s: exit status" % what)
            check(says in err, "%s: message %r does not say %r" % (what, err, says))
            eq(out, "", "%s: output" % what)
            eq(q(db, "SELECT password_hash FROM users"), before, "%s: hash" % what)
            eq(q(db, "SELECT count(*) FROM audit_events"), audits, "%s: audit" % what)
    finally:
        s.close()


@test
def token_add_and_bearer_access():
    s = Server(users=False)
    try:
        s.add_user("tok@kbh.dk", "101", "member", ["KY:plus", "FBS:laeser"], "Tove Token")
        uid = s.user_id("tok@kbh.dk")
        rc, out, err = klikd("token", "add", "--db", s.db, "--email", "tok@kbh.dk")
        tok = out.strip()
        check(re.match(r"^[A-Za-z0-9_\-.~+/=]{20,}$", tok), "token %r" % out)
        rows = q(s.db, "SELECT user_id, token_hash, revoked_at FROM api_tokens")
        eq(len(rows), 1, "api_tokens rows")
        eq((rows[0][0], rows[0][2]), (uid, None), "token row")
        check(tok not in rows[0][1], "token stored in the clear")
        r = s.client(token=tok).get("/api/v1/master-tasks")
        eq(r.status, 200, "Bearer request (%s)" % r.text[:200])
        eq(len(r.json()["master_tasks"]), 2, "master tasks")
        r = s.client(token=tok[:-2] + ("AA" if not tok.endswith("AA") else "BB")).get(
            "/api/v1/master-tasks")
        eq(r.status, 401, "a wrong token")
        rc, out, err = klikd("token", "add", "--db", s.db, "--email", "nobody@kbh.dk",
                             check_rc=False)
        eq(rc, 1, "unknown e-mail")
        check("nobody@kbh.dk" in err, "message %r" % err)
        eq(q(s.db, "SELECT count(*) FROM api_tokens")[0][0], 1, "no token for an unknown user")
    finally:
        s.close()


# ---------------------------------------------------------------- make run's port check

@test
def make_run_port_check_names_a_taken_port():
    script = os.path.join(ROOT, "scripts", "port-free.sh")
    held = socket.socket()
    held.bind(("127.0.0.1", 0))
    held.listen(1)
    port = held.getsockname()[1]
    try:
        p = subprocess.run([script, "127.0.0.1:%d" % port], capture_output=True, text=True)
        eq(p.returncode, 1, "exit status for a taken port")
        eq(p.stderr.strip(), "klikd: 127.0.0.1:%d is in use; pick another with: make run"
           " LISTEN=127.0.0.1:%d" % (port, port + 1), "message")
    finally:
        held.close()
    p = subprocess.run([script, "127.0.0.1:%d" % port], capture_output=True, text=True)
    eq((p.returncode, p.stderr), (0, ""), "the same port once free")


# ---------------------------------------------------------------- backup, routes

@test
def backup_while_serving():
    s = Server()
    out_dir = tempfile.TemporaryDirectory(prefix="klikd-backup-")
    try:
        c = s.client()
        c.login("admin@kbh.dk")
        eq(c.get("/api/v1/master-tasks").status, 200, "server answers")
        out = os.path.join(out_dir.name, "kopi.db")
        rc, stdout, err = klikd("backup", "--db", s.db, out)
        eq(rc, 0, "backup exit status")
        eq(c.get("/healthz").status, 200, "server answers after the backup")
        tables = [r[0] for r in s.sql("SELECT name FROM sqlite_master WHERE type = 'table'"
                                      " AND name NOT LIKE 'sqlite_%' ORDER BY name")]
        con = sqlite3.connect(out)
        try:
            eq(con.execute("PRAGMA integrity_check").fetchall(), [("ok",)], "integrity")
            got_tables = [r[0] for r in con.execute(
                "SELECT name FROM sqlite_master WHERE type = 'table'"
                " AND name NOT LIKE 'sqlite_%' ORDER BY name")]
            eq(got_tables, tables, "tables in the copy")
            for t in tables:
                eq(con.execute("SELECT count(*) FROM " + t).fetchone()[0],
                   s.one("SELECT count(*) FROM " + t), "rows of %s in the copy" % t)
            eq(con.execute("SELECT count(*) FROM sessions").fetchone()[0], 1, "the session")
        finally:
            con.close()
        # The copy stands alone: moved without any -wal file, it still opens.
        copy2 = os.path.join(out_dir.name, "alene.db")
        shutil.copy(out, copy2)
        rc, o, e = klikd("token", "add", "--db", copy2, "--email", "admin@kbh.dk")
        eq(rc, 0, "the copy is a usable klikd database")
        rc, o, e = klikd("backup", "--db", os.path.join(out_dir.name, "findes-ikke.db"),
                         os.path.join(out_dir.name, "x.db"), check_rc=False)
        eq(rc, 1, "backup of a missing database")
        check(not os.path.exists(os.path.join(out_dir.name, "findes-ikke.db")),
              "a missing database is not created by backup")
        rc, o, e = klikd("backup", "--db", s.db, out, check_rc=False)
        eq(rc, 1, "backup onto an existing file")
        check("exists" in e, "the message says the file exists: %r" % e)
    finally:
        out_dir.cleanup()
        s.close()


@test
def routes_prints_the_table():
    rc, out, err = klikd("routes")
    data = json.loads(out)
    eq(list(data), ["routes"], "keys")
    routes = data["routes"]
    check(len(routes) >= 30, "only %d routes" % len(routes))
    seen = set()
    fields = {"action", "kind", "method", "pattern", "access", "inputs", "form", "body_max",
              "extras"}
    for r in routes:
        eq(set(r), fields, "fields of %r" % r)
        check(r["method"] in ("GET", "POST", "PUT", "PATCH", "DELETE"), "method %r" % r)
        check(r["pattern"].startswith("/"), "pattern %r" % r)
        eq(r["kind"], "api" if r["pattern"].startswith("/api/") else "page", "kind of %r" % r)
        check(isinstance(r["inputs"], list) and all(isinstance(i, str) for i in r["inputs"]),
              "inputs %r" % r)
        check(isinstance(r["form"], bool), "form %r" % r)
        if r["method"] in ("GET", "DELETE") and r["kind"] == "api" or r["method"] == "GET":
            eq(r["body_max"], 0, "a route that takes no body: %r" % r)
        else:
            check(r["body_max"] > 0, "a write without a body limit: %r" % r)
        key = (r["method"], r["pattern"])
        check(key not in seen, "route %r twice" % (key,))
        seen.add(key)
    by = {(r["method"], r["pattern"]): r for r in routes}
    want = [
        ("GET", "/healthz", "public", [], False),
        ("GET", "/static/{name}", "static", [], False),
        ("GET", "/api/v1/roles", "public", [], False),
        ("GET", "/api/v1/roles/{slug}", "public", [], False),
        ("GET", "/roller/{slug}", "public", [], False),
        ("POST", "/api/v1/session", "public", ["email", "password", "next"], True),
        ("POST", "/log-ind", "public", ["email", "password", "next"], True),
        ("GET", "/api/v1/master-tasks", "login", ["project"], False),
        ("GET", "/api/v1/master-tasks/{id:int}", "project", [], False),
        ("GET", "/master-opgaver", "login", ["project"], False),
        ("DELETE", "/api/v1/session", "login", [], False),
        ("POST", "/log-ud", "login", [], False),
        ("POST", "/projekter/{code}/udpegninger", "plus", ["role", "person_id", "from", "to"],
         True),
    ]
    for method, pattern, access, inputs, form in want:
        r = by.get((method, pattern))
        check(r, "route %s %s missing" % (method, pattern))
        eq((r["access"], r["inputs"], r["form"]), (access, inputs, form),
           "%s %s" % (method, pattern))
    # one row per action, naming the page and the API path together
    pair = [r for r in routes if r["action"] == "appointment.delete"]
    eq(sorted((r["kind"], r["method"], r["pattern"]) for r in pair),
       [("api", "DELETE", "/api/v1/projects/{code}/appointments/{id:int}"),
        ("page", "POST", "/projekter/{code}/udpegninger/{id:int}/slet")], "one action, two paths")
    with open(os.path.join(ROOT, "src", "http", "routes.c"), encoding="utf-8") as f:
        text = f.read()
    declared = len(re.findall(r"\.page = ", text)) + len(re.findall(r"\.api = ", text))
    eq(len(routes), declared, "routes printed against the table in src/http/routes.c")


run()
