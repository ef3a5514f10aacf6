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

import http.client
import json
import os
import re
import signal
import sqlite3
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
    def __init__(self, status, headers, body):
        self.status = status
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
        resp = Response(r.status, r.getheaders(), r.read())
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
        """Logs in the way a browser does: GET the form, POST it back."""
        page = self.get("/log-ind")
        eq(page.status, 200, "log-in page")
        token = re.search(r'name="csrf_token" value="([^"]+)"', page.text).group(1)
        fields = {"email": email, "password": password, "csrf_token": token}
        if next_path:
            fields["next"] = next_path
        return self.post_form("/log-ind", fields, csrf=False)

    def page_csrf(self, path="/konto"):
        """The CSRF token a page's forms carry."""
        page = self.get(path)
        m = re.search(r'name="csrf_token" value="([^"]+)"', page.text)
        check(m, "no csrf_token on %s" % path)
        self.csrf = m.group(1)
        return self.csrf


class Server:
    """A migrated temporary database and a running `klikd serve`."""

    def __init__(self, seeds=True, extra_args=(), users=True):
        self.dir = tempfile.TemporaryDirectory(prefix="klikd-test-")
        self.db = os.path.join(self.dir.name, "klikd.db")
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
            [KLIKD, "serve", "--db", self.db, "--listen", "127.0.0.1:0", "--strict-templates",
             *extra_args],
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
