"""Harness for klikd's HTTP tests: starts the real `klikd serve` on a free
port with a temporary database, talks HTTP to it, and reads the database
to check what a request changed.

A test file defines functions decorated with @test and ends with run().
Each test prints one line, "ok <file>: <name>" or "fail <file>: <name>",
with the reason on "#" lines before it; run() exits non-zero on failure.
Every server runs with --strict-templates: a template that does not fit
its view answers 500 and prints "klikd: req=...: template NAME line N: ..."
on stderr. After each test, and when a server stops, such lines fail the
test (a template bug, or a view that lacks a key).
Only the Python standard library is used.
"""

import html.parser
import http.client
import json
import os
import re
import signal
import sqlite3
import time
import ssl
import subprocess
import sys
import tempfile
import threading
import traceback
import urllib.parse

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
KLIKD = os.path.abspath(os.path.join(ROOT, os.environ.get("KLIKD", "build/klikd")))
SEEDS = os.path.join(ROOT, "seeds")
PASSWORD = "korrekt-hest-batteri"

_tests = []
_servers = []  # every Server started, for the template-error check after each test
TEMPLATE_ERROR = re.compile(r"^klikd: req=\S+: template .*$", re.M)


def test(fn):
    """Registers a test function."""
    _tests.append(fn)
    return fn


class Failure(AssertionError):
    pass


def check(cond, msg="check failed"):
    if not cond:
        raise Failure(msg)


def eq(got, want, what="value"):
    if got != want:
        raise Failure("%s: got %r, want %r" % (what, got, want))


def klikd(*args, stdin=None, check_rc=True):
    """Runs a klikd command; returns (rc, stdout, stderr)."""
    p = subprocess.run([KLIKD, *args], input=stdin, capture_output=True, text=True, timeout=120)
    if check_rc and p.returncode != 0:
        raise Failure("klikd %s failed (%d): %s" % (" ".join(args), p.returncode, p.stderr))
    return p.returncode, p.stdout, p.stderr


class Response:
    def __init__(self, status, headers, body, path=None):
        self.status = status
        self.path = path                # the path asked for (pages' forms resolve against it)
        self.history = []               # the redirects submit() followed to get here
        self.headers = headers          # list of (name, value)
        self.body = body                # bytes
        self.text = body.decode("utf-8", "replace")

    def header(self, name):
        for k, v in self.headers:
            if k.lower() == name.lower():
                return v
        return None

    def all(self, name):
        return [v for k, v in self.headers if k.lower() == name.lower()]

    def json(self):
        try:
            return json.loads(self.text)
        except ValueError:
            raise Failure("not JSON (status %d): %r" % (self.status, self.text[:300]))

    def __repr__(self):
        return "<%d %s>" % (self.status, self.text[:200])


# Called with every Response any Client receives (tests may append hooks,
# e.g. to check that no answer ever leaks a secret).
RESPONSE_HOOKS = []


class Client:
    """An HTTP client with a cookie jar, like one browser or one program.
    source connects from another loopback address (127.0.0.x); tls speaks
    HTTPS without verifying the (self-signed) certificate."""

    def __init__(self, server, token=None, source=None, tls=False):
        self.server = server
        self.cookies = {}
        self.token = token
        self.csrf = None
        self.source = source
        self.tls = tls

    def request(self, method, path, body=None, headers=None, raw_headers=None):
        kw = {"timeout": 60}
        if self.source:
            kw["source_address"] = (self.source, 0)
        if self.tls:
            conn = http.client.HTTPSConnection(
                "127.0.0.1", self.server.port, context=ssl._create_unverified_context(), **kw)
        else:
            conn = http.client.HTTPConnection("127.0.0.1", self.server.port, **kw)
        h = {}
        if self.cookies:
            h["Cookie"] = "; ".join("%s=%s" % kv for kv in self.cookies.items())
        if self.token:
            h["Authorization"] = "Bearer " + self.token
        h.update(headers or {})
        conn.putrequest(method, path, skip_accept_encoding=True)
        for k, v in h.items():
            conn.putheader(k, v)
        for k, v in raw_headers or []:
            conn.putheader(k, v)
        if body is not None:
            conn.putheader("Content-Length", str(len(body)))
        conn.endheaders()
        if body is not None:
            conn.send(body)
        r = conn.getresponse()
        resp = Response(r.status, r.getheaders(), r.read(), path)
        conn.close()
        for v in resp.all("Set-Cookie"):
            name, _, rest = v.partition("=")
            value = rest.split(";", 1)[0]
            if "Max-Age=0" in v or value == "":
                self.cookies.pop(name, None)
            else:
                self.cookies[name] = value
        for hook in RESPONSE_HOOKS:
            hook(resp)
        return resp

    def get(self, path, **kw):
        return self.request("GET", path, **kw)

    def json_call(self, method, path, data=None, csrf=True, headers=None):
        h = {"Content-Type": "application/json"}
        if csrf and self.csrf and not self.token:
            h["X-CSRF-Token"] = self.csrf
        h.update(headers or {})
        body = None if data is None else json.dumps(data).encode()
        return self.request(method, path, body=body, headers=h)

    def post_json(self, path, data=None, **kw):
        return self.json_call("POST", path, data, **kw)

    def patch_json(self, path, data=None, **kw):
        return self.json_call("PATCH", path, data, **kw)

    def delete(self, path, **kw):
        return self.json_call("DELETE", path, None, **kw)

    def post_form(self, path, fields, csrf=True):
        fields = dict(fields)
        if csrf and "csrf_token" not in fields:
            fields["csrf_token"] = self.csrf or ""
        body = urllib.parse.urlencode(fields).encode()
        return self.request("POST", path, body=body,
                            headers={"Content-Type": "application/x-www-form-urlencoded"})

    def login(self, email, password=PASSWORD):
        """Logs in through the API; keeps the session cookie and CSRF token."""
        r = self.post_json("/api/v1/session", {"email": email, "password": password}, csrf=False)
        eq(r.status, 200, "log-in status for %s (%s)" % (email, r.text[:200]))
        self.csrf = r.json()["csrf_token"]
        return r

    def login_form(self, email, password=PASSWORD, next_path=None):
        """Logs in the way a browser does: GET the form (with ?next= when
        next_path is given), fill it in, submit it to its action. The
        hidden next field is set to next_path as given, so a test can send
        one the page would not have written. Returns the answer to the
        post (a 303 on success), not following it."""
        path = "/log-ind" + ("?next=" + urllib.parse.quote(next_path, safe="") if next_path else "")
        page = self.get(path)
        eq(page.status, 200, "log-in page")
        changes = {"email": email, "password": password}
        if next_path is not None:
            changes["next"] = next_path
        return submit(self, form_of(page, action="/log-ind"), changes, follow=False)

    def page_csrf(self, path="/konto"):
        """The CSRF token a page's forms carry."""
        page = self.get(path)
        m = re.search(r'name="csrf_token" value="([^"]+)"', page.text)
        check(m, "no csrf_token on %s" % path)
        self.csrf = m.group(1)
        return self.csrf


# ---------------------------------------------------------------- forms, as a browser sees them

class Field:
    """One control of a form: an <input>, <select> or <textarea>."""

    def __init__(self, tag, attrs):
        self.tag = tag
        self.name = attrs.get("name")
        self.type = (attrs.get("type") or ("text" if tag == "input" else tag)).lower()
        self.id = attrs.get("id")
        self.value = attrs.get("value") or ("on" if self.type in ("checkbox", "radio") else "")
        self.checked = "checked" in attrs
        self.disabled = "disabled" in attrs
        self.hidden = self.type == "hidden" or "hidden" in attrs
        self.options, self.label = [], None  # a select's [value, text, selected]; its label

    def selected(self):
        """A select's value as a browser sends it: the selected option, else the first."""
        chosen = [o for o in self.options if o[2]] or self.options[:1]
        return chosen[-1][0] if chosen else None


class Form:
    """One <form>: method, action (resolved against the page's path), its
    fields in document order, and the text of its buttons."""

    def __init__(self, attrs, page_path):
        self.method = (attrs.get("method") or "get").lower()
        self.action = urllib.parse.urljoin(page_path or "/", attrs.get("action") or
                                           (page_path or "/"))
        self.fields, self.buttons = [], []

    def field(self, name):
        """The first field called name (a checkbox before its hidden twin), or None."""
        named = [f for f in self.fields if f.name == name]
        boxes = [f for f in named if f.type == "checkbox"]
        return (boxes or named or [None])[0]

    def values(self):
        """What a browser submits: (name, value) of every enabled, named
        control; checkboxes only when checked, selects their chosen option."""
        out = []
        for f in self.fields:
            if not f.name or f.disabled or (f.type in ("checkbox", "radio") and not f.checked):
                continue
            v = f.selected() if f.tag == "select" else f.value
            if v is not None and f.type not in ("submit", "button", "reset", "image"):
                out.append((f.name, v))
        return out

    def __repr__(self):
        return "<form %s %s %r>" % (self.method, self.action, [f.name for f in self.fields])


class FormParser(html.parser.HTMLParser):
    """Every <form> of a page (see Form), with each field's label."""

    def __init__(self, page_path):
        super().__init__(convert_charrefs=True)
        self.page_path = page_path
        self.forms, self._form, self._select, self._option = [], None, None, None
        self.labels = {}        # the text of each <label for=...>, by id
        self._label = None      # an open <label>: [for, text parts, fields inside]
        self._text = None       # an open <textarea> or <button>: [field or None, text parts]

    def handle_starttag(self, tag, attrs):
        """Opens a form, label, field, option or button."""
        a = {k: (v if v is not None else "") for k, v in attrs}
        if tag == "form":
            self._form = Form(a, self.page_path)
            self.forms.append(self._form)
        elif tag == "label":
            self._label = [a.get("for"), [], []]
        elif self._form is None:
            return
        elif tag in ("input", "select", "textarea"):
            f = Field(tag, a)
            self._form.fields.append(f)
            if self._label is not None:
                self._label[2].append(f)
            self._select = f if tag == "select" else self._select
            self._text = [f, []] if tag == "textarea" else self._text
        elif tag == "option" and self._select is not None:
            self._option = [a.get("value"), "", "selected" in a]
            self._select.options.append(self._option)
        elif tag == "button":
            self._text = [None, []]

    def handle_endtag(self, tag):
        """Closes them: a label names its fields, a textarea takes its text."""
        if tag == "label" and self._label is not None:
            for_, parts, inside = self._label
            text = " ".join("".join(parts).split())
            if for_:
                self.labels.setdefault(for_, text)
            for f in inside:
                f.label = f.label or text
            self._label = None
        elif tag == "select" and self._select is not None:
            for o in self._select.options:
                o[0] = o[1] if o[0] is None else o[0]
            self._select = None
        elif tag == "option" and self._option is not None:
            self._option[1] = " ".join(self._option[1].split())
            self._option = None
        elif tag in ("textarea", "button") and self._text is not None:
            f, parts = self._text
            if f is not None:
                f.value = "".join(parts)
            elif self._form is not None:
                self._form.buttons.append(" ".join("".join(parts).split()))
            self._text = None
        elif tag == "form":
            self._form = None

    def handle_data(self, data):
        """Text of the open option, label, textarea or button."""
        if self._option is not None:
            self._option[1] += data
        if self._label is not None:
            self._label[1].append(data)
        if self._text is not None:
            self._text[1].append(data)


def forms_of(resp):
    """Every form of a page response (a list of Form)."""
    p = FormParser(getattr(resp, "path", None) or "/")
    p.feed(resp.text)
    p.close()
    for f in (f for fm in p.forms for f in fm.fields):
        f.label = f.label or p.labels.get(f.id)
    return p.forms


def form_of(resp, action=None, button=None):
    """The one form of a page whose action matches the regular expression
    action (whole path) and/or that has a button with text button; fails
    unless exactly one does."""
    found = [f for f in forms_of(resp)
             if (action is None or re.fullmatch(action, f.action.split("?")[0]))
             and (button is None or button in f.buttons)]
    check(len(found) == 1, "%d forms on %s with action %r and button %r; the page has %r"
          % (len(found), resp.path, action, button, forms_of(resp)))
    return found[0]


def fill(form, changes, force=False):
    """The values form submits after a user changed the fields named in
    changes: text as given, a checkbox True/False, a select one of its
    options' values. Every visible field changed must have a label; a name
    the form lacks fails unless force (a deliberately forged form)."""
    values = form.values()
    for name, v in (changes or {}).items():
        f = form.field(name)
        if f is None:
            check(force, "%r has no field %r" % (form, name))
            values = [kv for kv in values if kv[0] != name] + [(name, v)]
            continue
        check(f.hidden or f.label, "field %r of %r has no label" % (name, form))
        check(force or not f.disabled, "field %r of %r is disabled" % (name, form))
        if f.type == "checkbox":
            f.checked = bool(v)
        elif f.tag == "select":
            check(force or str(v) in [o[0] for o in f.options],
                  "%r is not an option of %r (%r)" % (v, name, f.options))
            for o in f.options:
                o[2] = o[0] == str(v)
            if str(v) not in [o[0] for o in f.options]:
                f.options.append([str(v), "", True])
        else:
            f.value = str(v)
        values = form.values()
    return values


def submit(client, form, changes=None, follow=True, force=False):
    """Submits form as a browser does after the user changed the fields in
    changes (see fill): a GET form as a query, a POST form url-encoded to
    its action; with follow, GETs each redirect's Location and returns the
    last page, the redirects in its .history."""
    values = fill(form, changes, force)
    body = urllib.parse.urlencode(values)
    if form.method == "get":
        r = client.get(form.action.split("?")[0] + "?" + body)
    else:
        r = client.request("POST", form.action, body=body.encode(),
                           headers={"Content-Type": "application/x-www-form-urlencoded"})
    history = []
    while follow and r.status in (301, 302, 303, 307) and len(history) < 5:
        loc = urllib.parse.urlsplit(r.header("Location") or "/")
        history.append(r)
        r = client.get(loc.path + ("?" + loc.query if loc.query else ""))
    r.history = history
    return r


class Server:
    """A migrated temporary database and a running `klikd serve`."""

    def __init__(self, seeds=True, extra_args=(), users=True, strict=True):
        self.dir = tempfile.TemporaryDirectory(prefix="klikd-test-")
        self.db = os.path.join(self.dir.name, "klikd.db")
        self.strict = strict  # --strict-templates (benchmarks measure without it)
        klikd("migrate", "--db", self.db)
        if seeds:
            klikd("import", "--db", self.db, *sorted(
                os.path.join(SEEDS, f) for f in os.listdir(SEEDS)))
        if users:
            self.add_standard_users()
        self.start(extra_args)

    def add_user(self, email, org, type_="member", projects=(), name=None, password=PASSWORD):
        args = ["user", "add", "--db", self.db, "--email", email, "--name", name or email,
                "--org", org, "--type", type_]
        for p in projects:
            args += ["--project", p]
        klikd(*args, stdin=password + "\n")

    def add_standard_users(self):
        """Two municipalities (101 København, 751 Aarhus) and KOMBIT."""
        self.add_user("admin@kbh.dk", "101", "admin", ["KY:plus"], "Anne Admin")
        self.add_user("plus@kbh.dk", "101", "member", ["KY:plus", "FBS:laeser"], "Per Plus")
        self.add_user("laeser@kbh.dk", "101", "member", ["KY:laeser"], "Lis Læser")
        self.add_user("admin@aarhus.dk", "751", "admin", ["KY:plus"], "Aage Admin")
        self.add_user("plus@aarhus.dk", "751", "member", ["KY:plus"], "Ida Plus")
        self.add_user("kombit@kombit.dk", "kombit", "admin", [], "Karen KOMBIT")

    def start(self, extra_args=()):
        self.log = open(os.path.join(self.dir.name, "serve.log"), "w+")
        self.proc = subprocess.Popen(
            [KLIKD, "serve", "--db", self.db, "--listen", "127.0.0.1:0",
             *(["--strict-templates"] if self.strict else []), *extra_args],
            stdout=subprocess.PIPE, stderr=self.log, text=True, encoding="utf-8",
            errors="backslashreplace")
        line = self.proc.stdout.readline()
        m = re.search(r"listening on https?://[^:]+:(\d+)/", line)
        if not m:
            self.proc.kill()
            raise Failure("klikd serve did not start: %r %s" % (line, self.read_log()))
        self.port = int(m.group(1))
        self.checked = 0  # how much of serve.log template_errors() has read
        if self not in _servers:
            _servers.append(self)
        self.out = [line]
        # Drain stdout (the access log) so the server never blocks on a full pipe.
        self.reader = threading.Thread(target=self._drain, daemon=True)
        self.reader.start()

    def _drain(self):
        for line in self.proc.stdout:
            self.out.append(line)

    def stdout(self):
        """What the server has printed so far."""
        return "".join(self.out)

    def read_log(self):
        self.log.seek(0)
        return self.log.read()

    def template_errors(self):
        """Template errors the server printed since the last call."""
        if self.log.closed:
            return []
        self.log.flush()
        self.log.seek(getattr(self, "checked", 0))
        text = self.log.read()
        self.checked = self.log.tell()
        return TEMPLATE_ERROR.findall(text)

    def check_templates(self):
        """Fails if the server printed a template error since the last check."""
        errors = self.template_errors()
        check(not errors, "strict templates: %s" % "\n".join(errors))

    def stop(self):
        """SIGTERM, and the server must exit cleanly; returns its stdout."""
        if not self.proc:
            return ""
        self.proc.send_signal(signal.SIGTERM)
        try:
            self.proc.wait(timeout=30)
        except subprocess.TimeoutExpired:
            self.proc.kill()
            self.proc.wait()
            raise Failure("klikd serve did not stop on SIGTERM")
        self.reader.join(timeout=10)
        out = self.stdout()
        rc = self.proc.returncode
        self.proc = None
        self.check_templates()
        check(rc == 0, "klikd serve exited with %s: %s" % (rc, self.read_log()[-2000:]))
        return out

    def close(self):
        try:
            if self.proc:
                self.stop()
        finally:
            self.log.close()
            self.dir.cleanup()
            if self in _servers:
                _servers.remove(self)

    def sql(self, query, *args):
        """Rows of a query against the server's database."""
        con = sqlite3.connect(self.db, timeout=10)
        try:
            return con.execute(query, args).fetchall()
        finally:
            con.close()

    def write(self, query, *args):
        """Changes the server's database behind its back (to age a session,
        plant a hostile string, ...). Returns the number of rows changed, so
        a test can make sure its plant took."""
        con = sqlite3.connect(self.db, timeout=10)
        try:
            n = con.execute(query, args).rowcount
            con.commit()
        finally:
            con.close()
        return n

    def seed_wave(self, project, name, go_live, municipalities, master_tasks):
        """A wave of project (code) named name (e.g. "Bølge 5" or "KY - Bølge
        5") going live on go_live, with municipalities (kommunekoder) as
        members and master_tasks (master_tasks.id, published KOMBIT tasks
        of the project) published to it: one task per member and master
        task, deadline = go-live + end offset, start = deadline + start
        offset (calendar days). Goes through the wave API as
        kombit@kombit.dk (an API token; the standard users must exist):
        POST /api/v1/waves, or, when the project has a wave of that name
        (the importer's "Bølge 5" of KY included), PATCH it with go_live
        and its members plus these; then POST .../publish, which also
        posts the wave's announcement message (one per call that publishes
        something new). Fails unless each call succeeds. Returns the
        wave's id."""
        if not getattr(self, "_kombit_token", None):
            self._kombit_token = self.token("kombit@kombit.dk")
        c = self.client(token=self._kombit_token)
        short = name.split(" - ", 1)[1] if name.startswith(project + " - ") else name
        r = c.get("/api/v1/waves?project=" + urllib.parse.quote(project))
        eq(r.status, 200, "seed_wave: GET /api/v1/waves (%s)" % r.text[:200])
        found = [w for w in r.json()["waves"] if w["name"] == short]
        if found:
            wid = found[0]["id"]
            old = c.get("/api/v1/waves/%d" % wid).json()["municipalities"]
            r = c.patch_json("/api/v1/waves/%d" % wid, {
                "go_live": go_live, "municipalities": sorted(set(old) | set(municipalities))})
            eq(r.status, 200, "seed_wave: PATCH wave %d (%s)" % (wid, r.text[:200]))
        else:
            r = c.post_json("/api/v1/waves", {"project": project, "name": short,
                                              "go_live": go_live,
                                              "municipalities": list(municipalities)})
            eq(r.status, 201, "seed_wave: POST /api/v1/waves (%s)" % r.text[:200])
            wid = r.json()["id"]
        if master_tasks:
            r = c.post_json("/api/v1/waves/%d/publish" % wid, {"master_tasks": list(master_tasks)})
            eq(r.status, 200, "seed_wave: publish to wave %d (%s)" % (wid, r.text[:200]))
        return wid

    def token(self, email):
        """A new API token from `klikd token add`."""
        _, out, _ = klikd("token", "add", "--db", self.db, "--email", email)
        return out.strip()

    def one(self, query, *args):
        rows = self.sql(query, *args)
        return rows[0][0] if rows else None

    def client(self, token=None, source=None, tls=False):
        return Client(self, token, source, tls)

    def user_id(self, email):
        return self.one("SELECT id FROM users WHERE email = ?", email)


def org_id(s, code):
    """organisations.id of a kommunekode (or "kombit") on server s."""
    return s.one("SELECT id FROM organisations WHERE code = ?", code)


def main_of(text):
    """The <main> element of a page's HTML."""
    m = re.search(r"<main\b.*?</main>", text, re.S)
    check(m, "page has no <main>")
    return m.group(0)


_shared = {}


def shared_server():
    """One seeded server per test file, for tests that do not need their own."""
    if "server" not in _shared:
        _shared["server"] = Server()
    return _shared["server"]


def run():
    name = os.path.basename(sys.argv[0])
    only = sys.argv[1:]
    failed = 0
    try:
        for fn in _tests:
            if only and fn.__name__ not in only:
                continue
            try:
                fn()
                for srv in list(_servers):
                    srv.check_templates()
                print("ok %s: %s" % (name, fn.__name__), flush=True)
            except Exception as e:  # noqa: BLE001 — every failure is reported
                failed += 1
                detail = traceback.format_exc() if not isinstance(e, Failure) else str(e)
                for srv in list(_servers):  # and forget them, so the next test starts clean
                    errors = srv.template_errors()
                    if errors:
                        detail += "\nstrict templates: " + "\n".join(errors)
                srv = _shared.get("server")
                if srv and srv.proc and srv.proc.poll() is not None:
                    detail += "\nklikd serve died with status %s; its stderr:\n%s" % (
                        srv.proc.returncode, srv.read_log()[-3000:])
                    srv.proc = None
                    _shared.pop("server")
                for line in detail.rstrip().splitlines():
                    print("#   " + line)
                print("fail %s: %s" % (name, fn.__name__), flush=True)
    finally:
        if "server" in _shared:
            try:
                _shared["server"].close()
            except Exception as e:  # noqa: BLE001
                failed += 1
                print("#   " + str(e))
                print("fail %s: clean shutdown" % name, flush=True)
    sys.exit(1 if failed else 0)
