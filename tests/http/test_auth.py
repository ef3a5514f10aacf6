"""HTTP tests of who may ask: log-in and log-out (API and form), session
cookies and their lifetime, CSRF, API tokens, the log-in throttle,
passwords, user administration, project-scoped writes, the audit trail and
the security headers. Every test checks statuses, fields and what the
database holds afterwards.
"""
import sys, os; sys.path.insert(0, os.path.dirname(__file__)); from harness import *  # noqa: E401,E702,F403

import base64
import hashlib
import http.client
import json
import re
import sqlite3
import ssl
import subprocess
import time
import urllib.parse

# Every password and secret token this file sends or receives: none may
# appear in a response (passwords), the audit trail or the server's output.
PASSWORDS = {PASSWORD}
TOKENS = set()
WRONG = "forkert-kodeord-%d-zq"          # wrong passwords, recognisable anywhere
NEW_PASSWORD = "nyt-kodeord-syv-heste"
STRONG = "Et-godt-kodeord-2024"
PASSWORDS.update({NEW_PASSWORD, STRONG})

AARHUS_STRINGS = ("admin@aarhus.dk", "plus@aarhus.dk", "Aage Admin", "Ida Plus")

# Every response any client of this file receives, for the final leak check.
RESPONSES = []
RESPONSE_HOOKS.append(RESPONSES.append)


# ---------------------------------------------------------------- helpers

def SrcClient(server, source=None, tls=False, token=None):
    return server.client(token=token, source=source, tls=tls)


def dict_rows(s, query, *args):
    con = sqlite3.connect(s.db, timeout=10)
    con.row_factory = sqlite3.Row
    try:
        return [dict(r) for r in con.execute(query, args).fetchall()]
    finally:
        con.close()


def reset_throttle(s):
    s.write("DELETE FROM login_throttle")


def person_of(s, email):
    return s.one("SELECT person_id FROM users WHERE email = ?", email)


def sha(token):
    return hashlib.sha256(token.encode()).hexdigest()


def session_id_of(s, client):
    tok = client.cookies.get("klikd_session")
    check(tok, "client has no klikd_session cookie")
    return s.one("SELECT id FROM sessions WHERE token_hash = ?", sha(tok))


def set_cookie(resp, name):
    """(value, [attributes]) of the Set-Cookie header for name, or None."""
    for v in resp.all("Set-Cookie"):
        parts = [p.strip() for p in v.split(";")]
        n, _, val = parts[0].partition("=")
        if n == name:
            return val, parts[1:]
    return None


def max_age(attrs):
    ages = [a for a in attrs if a.lower().startswith("max-age=")]
    eq(len(ages), 1, "Max-Age attributes in %r" % attrs)
    return int(ages[0].split("=", 1)[1])


def audit_count(s, action):
    return s.one("SELECT count(*) FROM audit_events WHERE action = ?", action)


def last_audit(s, action):
    rows = dict_rows(s, "SELECT * FROM audit_events WHERE action = ? ORDER BY id DESC LIMIT 1",
                     action)
    check(rows, "no audit event %s" % action)
    return rows[0]


def keys_deep(v):
    if isinstance(v, dict):
        for k, x in v.items():
            yield k
            yield from keys_deep(x)
    elif isinstance(v, list):
        for x in v:
            yield from keys_deep(x)


def no_secret_fields(obj, what):
    bad = [k for k in keys_deep(obj) if "password" in k.lower() or "hash" in k.lower()]
    check(not bad, "%s carries secret fields %r" % (what, bad))


def no_aarhus(resp, what):
    text = resp.text + " ".join(v for _, v in resp.headers)
    for x in AARHUS_STRINGS:
        check(x not in text, "%s shows Aarhus's %r" % (what, x))


def login_client(s, email, password=PASSWORD):
    c = s.client()
    c.login(email, password)
    return c


def login_status(s, email, password):
    r = s.client().post_json("/api/v1/session", {"email": email, "password": password},
                             csrf=False)
    return r


def hidden_csrf(page):
    m = re.search(r'name="csrf_token" value="([^"]+)"', page.text)
    check(m, "no hidden csrf_token in the page")
    return m.group(1)


def expect_user(u, s, email, name, type_, org, projects, publisher):
    eq(u.get("id"), s.user_id(email), "user id")
    eq(u.get("email"), email, "user email")
    eq(u.get("name"), name, "user name")
    eq(u.get("type"), type_, "user type")
    eq(u.get("active"), True, "user active")
    eq(u.get("organisation"), org, "user organisation")
    eq(u.get("projects"), projects, "user projects")
    eq(u.get("publisher"), publisher, "user publisher")
    no_secret_fields(u, "user object")


KBH = {"code": "101", "name": "København", "kind": "municipality"}


def user_rows(s, uid):
    """Everything stored about a user: users, persons and project rows."""
    return (s.sql("SELECT * FROM users WHERE id = ?", uid),
            s.sql("SELECT * FROM persons WHERE id = (SELECT person_id FROM users WHERE id = ?)",
                  uid),
            s.sql("SELECT * FROM user_projects WHERE user_id = ? ORDER BY project_id", uid))


# ---------------------------------------------------------------- log-in

@test
def login_api_returns_user_and_hashed_session():
    s = shared_server()
    c = s.client()
    logins = audit_count(s, "login")
    r = c.post_json("/api/v1/session", {"email": "admin@kbh.dk", "password": PASSWORD},
                    csrf=False)
    eq(r.status, 200, "log-in status (%s)" % r.text[:200])
    sc = set_cookie(r, "klikd_session")
    check(sc, "no klikd_session cookie in %r" % r.all("Set-Cookie"))
    token, attrs = sc
    TOKENS.add(token)
    check(re.fullmatch(r"[A-Za-z0-9_-]{32,}", token), "session token %r" % token)
    eq(sorted(a for a in attrs if not a.lower().startswith("max-age=")),
       ["HttpOnly", "Path=/", "SameSite=Lax"], "session cookie attributes (plain HTTP)")
    check(0 < max_age(attrs) <= 43200, "Max-Age %d" % max_age(attrs))
    body = r.json()
    csrf = body.get("csrf_token")
    check(isinstance(csrf, str) and len(csrf) >= 32, "csrf_token %r" % csrf)
    check(csrf != token, "the CSRF token is the session token")
    expect_user(body.get("user"), s, "admin@kbh.dk", "Anne Admin", "admin", KBH, {"KY": "plus"},
                False)
    uid = s.user_id("admin@kbh.dk")
    rows = dict_rows(s, "SELECT * FROM sessions WHERE token_hash = ?", sha(token))
    eq(len(rows), 1, "session rows with token_hash = sha256(cookie)")
    eq(rows[0]["user_id"], uid, "session user")
    eq(rows[0]["csrf_token"], csrf, "stored CSRF token")
    eq(rows[0]["client_addr"], "127.0.0.1", "session client_addr")
    for row in dict_rows(s, "SELECT * FROM sessions"):
        check(token not in " ".join(str(v) for v in row.values()),
              "the session token is stored in clear in sessions")
    eq(audit_count(s, "login"), logins + 1, "login audit events")
    ev = last_audit(s, "login")
    eq((ev["user_id"], ev["actor_org_id"], ev["organisation_id"], ev["entity"], ev["entity_id"],
        ev["client_addr"]),
       (uid, org_id(s, "101"), org_id(s, "101"), "session", str(rows[0]["id"]), "127.0.0.1"),
       "login audit event")
    me = c.get("/api/v1/me")
    eq(me.status, 200, "GET /api/v1/me")
    m = me.json()
    eq(m.pop("csrf_token", None), csrf, "csrf_token in /api/v1/me")
    eq(m, body["user"], "/api/v1/me versus the log-in's user")


@test
def login_user_object_per_kind_of_user():
    s = shared_server()
    r = login_client(s, "plus@kbh.dk")
    expect_user(r.get("/api/v1/me").json(), s, "plus@kbh.dk", "Per Plus", "member", KBH,
                {"KY": "plus", "FBS": "laeser"}, False)
    r = login_client(s, "admin@aarhus.dk")
    expect_user(r.get("/api/v1/me").json(), s, "admin@aarhus.dk", "Aage Admin", "admin",
                {"code": "751", "name": "Aarhus", "kind": "municipality"}, {"KY": "plus"}, False)
    r = s.client().post_json("/api/v1/session", {"email": "kombit@kombit.dk",
                                                 "password": PASSWORD}, csrf=False)
    eq(r.status, 200, "KOMBIT log-in")
    expect_user(r.json()["user"], s, "kombit@kombit.dk", "Karen KOMBIT", "admin",
                {"code": "kombit", "name": "KOMBIT", "kind": "central"}, {}, True)


@test
def old_password_hash_verifies_and_is_raised():
    """A hash made with older (lower) scrypt parameters still logs in, and is
    replaced by one with today's parameters at that log-in."""
    s = shared_server()
    email = "laeser@kbh.dk"
    salt = b"0123456789abcdef"
    key = hashlib.scrypt(PASSWORD.encode(), salt=salt, n=16384, r=8, p=1, dklen=32)
    old = "scrypt$16384$8$1$%s$%s" % (base64.b64encode(salt).decode(),
                                      base64.b64encode(key).decode())
    s.write("UPDATE users SET password_hash = ? WHERE email = ?", old, email)
    uid = s.user_id(email)
    before = s.one("SELECT count(*) FROM audit_events WHERE action = 'user.rehash'"
                   " AND entity_id = ?", str(uid))
    c = s.client()
    c.login(email)
    new = s.one("SELECT password_hash FROM users WHERE email = ?", email)
    check(new.startswith("scrypt$32768$8$1$"), "the hash was raised: %r" % new[:20])
    check(new != old, "a new hash")
    eq(s.one("SELECT count(*) FROM audit_events WHERE action = 'user.rehash'"
             " AND entity_id = ?", str(uid)), before + 1, "one user.rehash event")
    eq(s.client().login(email).status, 200, "the password still logs in")
    eq(c.get("/api/v1/me").status, 200, "the session is kept")


@test
def login_failures_answer_alike():
    s = shared_server()
    reset_throttle(s)
    try:
        fails = audit_count(s, "login.fail")
        sessions = s.one("SELECT count(*) FROM sessions")
        PASSWORDS.update({WRONG % 1, WRONG % 2})
        t0 = time.monotonic()
        r1 = login_status(s, "admin@kbh.dk", WRONG % 1)
        t1 = time.monotonic()
        r2 = login_status(s, "ingen.bruger@kbh.dk", WRONG % 2)
        t2 = time.monotonic()
        print("# log-in timing: wrong password %.3f s, unknown e-mail %.3f s"
              % (t1 - t0, t2 - t1))
        eq(r1.status, 401, "wrong password")
        eq(r2.status, 401, "unknown e-mail")
        eq(r2.text, r1.text, "body for an unknown e-mail versus a wrong password")
        eq(r2.header("Content-Type"), r1.header("Content-Type"), "content type")
        check(r1.json().get("error"), "no error message")
        for r in (r1, r2):
            check(set_cookie(r, "klikd_session") is None, "a failed log-in set a session cookie")
        eq(s.one("SELECT count(*) FROM sessions"), sessions, "sessions after failed log-ins")
        eq(audit_count(s, "login.fail"), fails + 2, "login.fail events")
        eq(dict(s.sql("SELECT key, failures FROM login_throttle")),
           {"email:admin@kbh.dk": 1, "email:ingen.bruger@kbh.dk": 1, "addr:127.0.0.1": 2},
           "login_throttle counters")
    finally:
        reset_throttle(s)


@test
def login_rejects_malformed_requests():
    s = shared_server()
    reset_throttle(s)
    c = s.client()
    sessions = s.one("SELECT count(*) FROM sessions")
    fails = audit_count(s, "login.fail")
    r = c.request("POST", "/api/v1/session", body=b'{"email": ',
                  headers={"Content-Type": "application/json"})
    eq(r.status, 400, "broken JSON")
    check(r.json().get("error"), "no error message for broken JSON")
    r = c.request("POST", "/api/v1/session", body=b"email=a%40b.dk&password=x",
                  headers={"Content-Type": "application/x-www-form-urlencoded"})
    eq(r.status, 415, "a form posted to the API")
    r = c.post_json("/api/v1/session", {}, csrf=False)
    eq((r.status, r.json().get("field")), (422, "email"), "empty object")
    r = c.post_json("/api/v1/session", {"email": "admin@kbh.dk"}, csrf=False)
    eq((r.status, r.json().get("field")), (422, "password"), "no password")
    r = c.post_json("/api/v1/session", {"email": "ikke-en-adresse", "password": "x"}, csrf=False)
    eq((r.status, r.json().get("field")), (422, "email"), "not an e-mail address")
    r = c.post_json("/api/v1/session", {"email": "admin@kbh.dk", "password": PASSWORD,
                                        "admin": True}, csrf=False)
    eq((r.status, r.json().get("field")), (422, "admin"), "an unknown field with the right password")
    check(set_cookie(r, "klikd_session") is None, "the rejected log-in set a session cookie")
    r = c.get("/api/v1/session")
    eq(r.status, 405, "GET /api/v1/session")
    allow = {m.strip() for m in (r.header("Allow") or "").split(",")}
    check({"POST", "DELETE"} <= allow, "Allow header %r" % r.header("Allow"))
    r = c.request("POST", "/api/v1/session", raw_headers=[("Content-Type", "application/json"),
                                                         ("Content-Length", "2000000")])
    eq(r.status, 413, "a 2 MB body")
    eq(s.one("SELECT count(*) FROM sessions"), sessions, "sessions after malformed log-ins")
    eq(audit_count(s, "login.fail"), fails, "login.fail after malformed log-ins")
    eq(s.sql("SELECT * FROM login_throttle"), [], "throttle after malformed log-ins")


@test
def me_requires_login():
    s = shared_server()
    r = s.client().get("/api/v1/me")
    eq(r.status, 401, "anonymous GET /api/v1/me")
    check(r.json().get("error"), "no error message")
    r = s.client().get("/konto")
    eq((r.status, r.header("Location")), (303, "/log-ind?next=%2Fkonto"), "anonymous GET /konto")


@test
def logout_api_ends_session():
    s = shared_server()
    c = login_client(s, "plus@kbh.dk")
    token = c.cookies["klikd_session"]
    sid = session_id_of(s, c)
    r = c.delete("/api/v1/session", csrf=False)
    eq(r.status, 403, "DELETE /api/v1/session without X-CSRF-Token")
    eq(s.one("SELECT count(*) FROM sessions WHERE id = ?", sid), 1, "session after refused log-out")
    eq(c.get("/api/v1/me").status, 200, "session works after refused log-out")
    logouts = audit_count(s, "logout")
    r = c.delete("/api/v1/session")
    eq(r.status, 204, "DELETE /api/v1/session")
    eq(r.body, b"", "204 body")
    sc = set_cookie(r, "klikd_session")
    check(sc and sc[0] == "" and max_age(sc[1]) == 0, "cookie not cleared: %r" % r.all("Set-Cookie"))
    eq(s.one("SELECT count(*) FROM sessions WHERE id = ?", sid), 0, "session row after log-out")
    eq(audit_count(s, "logout"), logouts + 1, "logout audit events")
    eq(last_audit(s, "logout")["entity_id"], str(sid), "logout event's session")
    old = s.client()
    old.cookies["klikd_session"] = token
    eq(old.get("/api/v1/me").status, 401, "the old cookie after log-out")


@test
def login_form_needs_its_token_and_stays_local():
    s = shared_server()
    reset_throttle(s)
    try:
        c = s.client()
        page = c.get("/log-ind?next=%2Froller")
        eq(page.status, 200, "GET /log-ind")
        sc = set_cookie(page, "klikd_login")
        check(sc and sc[0], "no klikd_login cookie: %r" % page.all("Set-Cookie"))
        check({"HttpOnly", "Path=/", "SameSite=Lax"} <= set(sc[1]), "klikd_login attributes %r" % sc[1])
        form = form_of(page, action="/log-ind")
        eq(form.field("next").value, "/roller", "the form carries next")
        check(form.field("csrf_token").value, "the form carries no csrf_token")
        r = submit(c, form, {"email": "plus@kbh.dk", "password": PASSWORD}, follow=False)
        eq((r.status, r.header("Location")), (303, "/roller"), "form log-in with next=/roller")
        check("klikd_session" in c.cookies, "no session cookie after the form log-in")
        eq(s.one("SELECT user_id FROM sessions WHERE token_hash = ?",
                 sha(c.cookies["klikd_session"])), s.user_id("plus@kbh.dk"), "session row")
        eq(c.get("/konto").status, 200, "GET /konto after the form log-in")
        for nxt in ("//evil.example", "https://evil.example", "/\\evil.example",
                    "//evil.example/konto", "javascript:alert(1)"):
            r = s.client().login_form("plus@kbh.dk", next_path=nxt)
            eq((r.status, r.header("Location")), (303, "/"), "form log-in with next=%s" % nxt)
        sessions = s.one("SELECT count(*) FROM sessions")
        # no token, a wrong token, another form's token without its cookie
        c = s.client()
        c.get("/log-ind")
        r = c.post_form("/log-ind", {"email": "plus@kbh.dk", "password": PASSWORD}, csrf=False)
        eq(r.status, 403, "form log-in without csrf_token")
        r = c.post_form("/log-ind", {"email": "plus@kbh.dk", "password": PASSWORD,
                                     "csrf_token": "x" * 43}, csrf=False)
        eq(r.status, 403, "form log-in with a wrong csrf_token")
        other = s.client()
        tok = hidden_csrf(other.get("/log-ind"))
        r = c.post_form("/log-ind", {"email": "plus@kbh.dk", "password": PASSWORD,
                                     "csrf_token": tok}, csrf=False)
        eq(r.status, 403, "form log-in with another browser's csrf_token")
        bare = s.client()
        r = bare.post_form("/log-ind", {"email": "plus@kbh.dk", "password": PASSWORD,
                                        "csrf_token": tok}, csrf=False)
        eq(r.status, 403, "form log-in without the klikd_login cookie")
        for x in (c, bare):
            check("klikd_session" not in x.cookies, "a refused form log-in set a session")
        eq(s.one("SELECT count(*) FROM sessions"), sessions, "sessions after refused log-ins")
        # a wrong password: the form again, the e-mail kept, the password not
        PASSWORDS.add(WRONG % 3)
        r = s.client().login_form("plus@kbh.dk", password=WRONG % 3)
        eq(r.status, 401, "form log-in with a wrong password")
        check('value="plus@kbh.dk"' in r.text, "the form forgot the e-mail")
        check(WRONG % 3 not in r.text, "the form echoes the password")
        eq(s.one("SELECT count(*) FROM sessions"), sessions, "sessions after a wrong password")
    finally:
        reset_throttle(s)


@test
def logout_form_deletes_session():
    s = shared_server()
    c = s.client()
    eq(c.login_form("plus@kbh.dk").status, 303, "form log-in")
    sid = session_id_of(s, c)
    c.page_csrf("/konto")
    r = c.post_form("/log-ud", {}, csrf=False)
    eq(r.status, 403, "POST /log-ud without csrf_token")
    r = c.post_form("/log-ud", {"csrf_token": "x" * 43}, csrf=False)
    eq(r.status, 403, "POST /log-ud with a wrong csrf_token")
    eq(s.one("SELECT count(*) FROM sessions WHERE id = ?", sid), 1, "session after refused log-outs")
    r = submit(c, form_of(c.get("/konto"), action="/log-ud"), follow=False)
    eq((r.status, r.header("Location")), (303, "/log-ind"), "the header's log-out button")
    eq(s.one("SELECT count(*) FROM sessions WHERE id = ?", sid), 0, "session row after log-out")
    check("klikd_session" not in c.cookies, "cookie not cleared by POST /log-ud")
    r = c.get("/konto")
    eq((r.status, r.header("Location")), (303, "/log-ind?next=%2Fkonto"), "GET /konto after log-out")


@test
def new_token_at_every_login():
    s = shared_server()
    a = login_client(s, "laeser@kbh.dk")
    b = login_client(s, "laeser@kbh.dk")
    check(a.cookies["klikd_session"] != b.cookies["klikd_session"], "two log-ins, one token")
    check(a.csrf != b.csrf, "two log-ins, one CSRF token")
    check(session_id_of(s, a) != session_id_of(s, b), "two log-ins, one session row")
    # the pre-log-in cookie is not the session
    f = s.client()
    page = f.get("/log-ind")
    pre = f.cookies["klikd_login"]
    r = submit(f, form_of(page, action="/log-ind"), {"email": "laeser@kbh.dk",
                                                     "password": PASSWORD}, follow=False)
    eq(r.status, 303, "form log-in")
    check(f.cookies["klikd_session"] != pre, "the pre-log-in cookie became the session")
    eq(s.one("SELECT count(*) FROM sessions WHERE token_hash = ?", sha(pre)), 0,
       "a session under the pre-log-in token")
    g = s.client()
    g.cookies["klikd_session"] = pre
    eq(g.get("/api/v1/me").status, 401, "the pre-log-in cookie as a session")


@test
def login_with_stale_cookie_gives_working_session():
    s = shared_server()
    # an unknown (planted) token, and the token of a session that has expired
    stale = s.client()
    stale.login("laeser@kbh.dk")
    s.write("UPDATE sessions SET last_seen = last_seen - 100000 WHERE id = ?",
             session_id_of(s, stale))
    for what, value in (("a planted cookie", "A" * 43),
                        ("an expired session's cookie", stale.cookies["klikd_session"])):
        p = s.client()
        p.cookies["klikd_session"] = value
        r = p.post_json("/api/v1/session", {"email": "laeser@kbh.dk", "password": PASSWORD},
                        csrf=False)
        eq(r.status, 200, "log-in with %s" % what)
        eq(s.one("SELECT count(*) FROM sessions WHERE token_hash = ?", sha(value)), 0,
           "a session under %s" % what)
        check(p.cookies.get("klikd_session") not in (None, value),
              "log-in with %s: the answer's Set-Cookie headers leave no new session cookie: %r"
              % (what, r.all("Set-Cookie")))
        eq(p.get("/api/v1/me").status, 200, "the session after a log-in with %s" % what)


@test
def relogin_api_with_live_session_replaces_it():
    s = shared_server()
    c = login_client(s, "plus@kbh.dk")
    old, old_sid = c.cookies["klikd_session"], session_id_of(s, c)
    r = c.post_json("/api/v1/session", {"email": "plus@kbh.dk", "password": PASSWORD}, csrf=False)
    eq(r.status, 200, "POST /api/v1/session by a client that is already logged in (%s)"
       % r.text[:160].strip())
    check(c.cookies["klikd_session"] != old, "the second log-in kept the token")
    eq(s.one("SELECT count(*) FROM sessions WHERE id = ?", old_sid), 0,
       "the replaced session still exists")


@test
def relogin_form_with_live_session_replaces_it():
    s = shared_server()
    c = s.client()
    eq(c.login_form("plus@kbh.dk").status, 303, "first form log-in")
    old_sid = session_id_of(s, c)
    r = c.login_form("laeser@kbh.dk")
    eq(r.status, 303, "form log-in (as another user) in a browser with a live session")
    eq(c.get("/api/v1/me").json().get("email"), "laeser@kbh.dk", "user after the second log-in")
    eq(s.one("SELECT count(*) FROM sessions WHERE id = ?", old_sid), 0,
       "the replaced session still exists")


# ---------------------------------------------------------------- cookies

@test
def session_cookie_secure_behind_https_proxy():
    s = Server(extra_args=("--behind-https-proxy",))
    try:
        c = s.client()
        r = c.post_json("/api/v1/session", {"email": "admin@kbh.dk", "password": PASSWORD},
                        csrf=False)
        eq(r.status, 200, "log-in")
        token, attrs = set_cookie(r, "klikd_session")
        TOKENS.add(token)
        eq(sorted(a for a in attrs if not a.lower().startswith("max-age=")),
           ["HttpOnly", "Path=/", "SameSite=Lax", "Secure"], "session cookie behind a TLS proxy")
        sc = set_cookie(s.client().get("/log-ind"), "klikd_login")
        check(sc and "Secure" in sc[1], "klikd_login without Secure: %r" % (sc,))
    finally:
        s.close()


def start_keeping_line(s, extra_args):
    """Server.start, but returns the line klikd printed."""
    s.log.close()
    s.log = open(os.path.join(s.dir.name, "serve.log"), "w+")
    s.proc = subprocess.Popen(
        [KLIKD, "serve", "--db", s.db, "--listen", "127.0.0.1:0", *extra_args],
        stdout=subprocess.PIPE, stderr=s.log, text=True)
    line = s.proc.stdout.readline()
    m = re.search(r"listening on https?://[^:]+:(\d+)/", line)
    if not m:
        s.proc.kill()
        s.proc = None
        raise Failure("klikd serve did not start: %r %s" % (line, s.read_log()))
    s.port = int(m.group(1))
    return line


@test
def session_cookie_secure_with_tls():
    s = Server()
    try:
        s.stop()
        cert = os.path.join(s.dir.name, "cert.pem")
        key = os.path.join(s.dir.name, "key.pem")
        subprocess.run(["openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-subj",
                        "/CN=localhost", "-days", "1", "-keyout", key, "-out", cert],
                       check=True, capture_output=True, timeout=60)
        line = start_keeping_line(s, ("--tls-cert", cert, "--tls-key", key))
        check("https://" in line, "TLS server printed %r" % line)
        c = SrcClient(s, tls=True)
        r = c.post_json("/api/v1/session", {"email": "admin@kbh.dk", "password": PASSWORD},
                        csrf=False)
        eq(r.status, 200, "log-in over TLS")
        token, attrs = set_cookie(r, "klikd_session")
        TOKENS.add(token)
        check("Secure" in attrs, "session cookie over TLS lacks Secure: %r" % attrs)
        eq(c.get("/api/v1/me").status, 200, "GET /api/v1/me over TLS")
    finally:
        s.close()


# ---------------------------------------------------------------- timeouts

@test
def session_idle_timeout_and_lifetime():
    s = Server(extra_args=("--session-idle", "60", "--session-lifetime", "120"))
    try:
        c = s.client()
        r = c.login("admin@kbh.dk")
        age = max_age(set_cookie(r, "klikd_session")[1])
        check(0 < age <= 120, "cookie Max-Age %d outlives the 120 s lifetime" % age)
        sid = session_id_of(s, c)
        s.write("UPDATE sessions SET last_seen = last_seen - 30 WHERE id = ?", sid)
        eq(c.get("/api/v1/me").status, 200, "30 s idle")
        # idle 61 s: API
        c2 = login_client(s, "admin@kbh.dk")
        sid2 = session_id_of(s, c2)
        s.write("UPDATE sessions SET last_seen = last_seen - 61 WHERE id = ?", sid2)
        r = c2.get("/api/v1/me")
        eq(r.status, 401, "API after 61 s idle")
        eq(s.one("SELECT count(*) FROM sessions WHERE id = ?", sid2), 0, "idle session row")
        sc = set_cookie(r, "klikd_session")
        check(sc and sc[0] == "" and max_age(sc[1]) == 0, "idle cookie not cleared: %r" % (sc,))
        # idle 61 s: page
        c3 = s.client()
        eq(c3.login_form("admin@kbh.dk").status, 303, "form log-in")
        sid3 = session_id_of(s, c3)
        s.write("UPDATE sessions SET last_seen = last_seen - 61 WHERE id = ?", sid3)
        r = c3.get("/konto")
        eq((r.status, r.header("Location")), (303, "/log-ind?next=%2Fkonto"), "page after 61 s idle")
        eq(s.one("SELECT count(*) FROM sessions WHERE id = ?", sid3), 0, "idle session row (page)")
        # absolute lifetime, though active
        c4 = login_client(s, "admin@kbh.dk")
        sid4 = session_id_of(s, c4)
        s.write("UPDATE sessions SET created_at = created_at - 121 WHERE id = ?", sid4)
        eq(c4.get("/api/v1/me").status, 401, "API after the 120 s lifetime")
        eq(s.one("SELECT count(*) FROM sessions WHERE id = ?", sid4), 0, "expired session row")
        c5 = s.client()
        eq(c5.login_form("admin@kbh.dk").status, 303, "form log-in")
        sid5 = session_id_of(s, c5)
        s.write("UPDATE sessions SET created_at = created_at - 121 WHERE id = ?", sid5)
        r = c5.get("/konto")
        eq((r.status, r.header("Location")), (303, "/log-ind?next=%2Fkonto"), "page after lifetime")
        eq(s.one("SELECT count(*) FROM sessions WHERE id = ?", sid5), 0, "expired session row (page)")
        eq(c.get("/api/v1/me").status, 200, "the 30 s idle session is untouched")
    finally:
        s.close()


@test
def form_post_after_session_expiry_asks_for_log_in():
    """A browser whose session has ended posts a form it had open: the
    answer sends it to log in again, and the server lives on."""
    s = Server(extra_args=("--session-idle", "60"))
    try:
        h0 = s.one("SELECT password_hash FROM users WHERE email = 'admin@kbh.dk'")
        tokens = s.one("SELECT count(*) FROM api_tokens")
        problems = []
        for page, path, fields in (("/konto", "/konto/adgangskode",
                                    {"current_password": PASSWORD, "new_password": NEW_PASSWORD}),
                                   ("/konto", "/konto/noegler", {"name": "Ny nøgle"}),
                                   ("/projekter/KY/udpegninger", "/projekter/KY/udpegninger",
                                    {"role": "projektleder"})):
            c = s.client()
            eq(c.login_form("admin@kbh.dk").status, 303, "form log-in")
            form = form_of(c.get(page), action=path)
            s.write("UPDATE sessions SET last_seen = last_seen - 61 WHERE id = ?",
                     session_id_of(s, c))
            try:
                r = submit(c, form, fields, follow=False)
                if r.status not in (401, 303):
                    problems.append("POST %s with an expired session: %d, want 401 or a 303 to "
                                    "/log-ind" % (path, r.status))
            except (http.client.HTTPException, OSError) as e:
                try:
                    s.proc.wait(timeout=5)
                except subprocess.TimeoutExpired:
                    pass
                problems.append("POST %s with an expired session: no answer (%s); klikd serve "
                                "exit status %r" % (path, type(e).__name__, s.proc.poll()))
                if s.proc.poll() is not None:
                    s.log.close()
                    s.start(("--session-idle", "60"))
        check(not problems, "\n".join(problems))
        eq(s.one("SELECT password_hash FROM users WHERE email = 'admin@kbh.dk'"), h0,
           "password hash after expired-session posts")
        eq(s.one("SELECT count(*) FROM api_tokens"), tokens, "api_tokens after expired-session posts")
        eq(s.one("SELECT count(*) FROM appointments"), 0, "appointments after expired-session posts")
    finally:
        s.close()


@test
def activity_restarts_the_idle_clock():
    s = Server(extra_args=("--session-idle", "60", "--session-lifetime", "3600"))
    try:
        c = login_client(s, "admin@kbh.dk")
        sid = session_id_of(s, c)
        # last active 59 s ago: still inside the idle timeout, and active now
        s.write("UPDATE sessions SET last_seen = last_seen - 59 WHERE id = ?", sid)
        eq(c.get("/api/v1/me").status, 200, "request 59 s after the last one")
        # 30 s pass (every clock of the session moves 30 s back), then one more request:
        # the session has been idle 30 s, not 89 s
        s.write("UPDATE sessions SET last_seen = last_seen - 30, created_at = created_at - 30"
                    " WHERE id = ?", sid)
        eq(c.get("/api/v1/me").status, 200,
           "request 30 s after the previous one, idle timeout 60 s")
    finally:
        s.close()


# ---------------------------------------------------------------- passwords and own sessions

@test
def password_change_ends_other_sessions():
    s = shared_server()
    email = "skift@kbh.dk"
    s.add_user(email, "101", "member", ["KY:laeser"], "Sofie Skift")
    uid = s.user_id(email)
    reset_throttle(s)
    try:
        a = login_client(s, email)
        b = login_client(s, email)
        a_sid, b_sid = session_id_of(s, a), session_id_of(s, b)
        h0 = s.one("SELECT password_hash FROM users WHERE id = ?", uid)
        good = {"current_password": PASSWORD, "new_password": NEW_PASSWORD}
        r = a.post_json("/api/v1/me/password", good, csrf=False)
        eq(r.status, 403, "password change without X-CSRF-Token")
        r = a.post_json("/api/v1/me/password", good, csrf=False, headers={"X-CSRF-Token": b.csrf})
        eq(r.status, 403, "password change with another session's CSRF token")
        PASSWORDS.add(WRONG % 4)
        r = a.post_json("/api/v1/me/password", {"current_password": WRONG % 4,
                                                "new_password": NEW_PASSWORD})
        eq((r.status, r.json().get("field")), (422, "current_password"), "wrong current password")
        r = a.post_json("/api/v1/me/password", {"current_password": PASSWORD, "new_password": "kort"})
        eq((r.status, r.json().get("field")), (422, "new_password"), "too short new password")
        eq(s.one("SELECT password_hash FROM users WHERE id = ?", uid), h0, "hash after refusals")
        eq(b.get("/api/v1/me").status, 200, "other session after refusals")
        changes = audit_count(s, "user.password")
        r = a.post_json("/api/v1/me/password", good)
        eq(r.status, 200, "password change (%s)" % r.text[:200])
        h1 = s.one("SELECT password_hash FROM users WHERE id = ?", uid)
        check(h1 != h0 and NEW_PASSWORD not in h1, "password_hash not replaced by a hash")
        eq(b.get("/api/v1/me").status, 401, "the other session after the change")
        eq(s.one("SELECT count(*) FROM sessions WHERE id = ?", b_sid), 0, "other session row")
        eq(a.get("/api/v1/me").status, 200, "the changing session after the change")
        eq(s.one("SELECT count(*) FROM sessions WHERE id = ?", a_sid), 1, "changing session row")
        eq(audit_count(s, "user.password"), changes + 1, "user.password events")
        ev = last_audit(s, "user.password")
        eq((ev["user_id"], ev["organisation_id"], ev["actor_org_id"], ev["entity_id"]),
           (uid, org_id(s, "101"), org_id(s, "101"), str(uid)), "user.password event")
        for field in ("before", "after"):
            for x in (h0, h1, PASSWORD, NEW_PASSWORD):
                check(x not in (ev[field] or ""), "user.password event's %s holds a secret" % field)
        eq(login_status(s, email, PASSWORD).status, 401, "log-in with the old password")
        eq(login_status(s, email, NEW_PASSWORD).status, 200, "log-in with the new password")
    finally:
        reset_throttle(s)


@test
def own_sessions_listed_and_ended():
    s = shared_server()
    email = "sessioner@kbh.dk"
    s.add_user(email, "101", "member", ["KY:laeser"], "Sara Session")
    uid = s.user_id(email)
    a, b = login_client(s, email), login_client(s, email)
    o = login_client(s, "plus@kbh.dk")
    a_sid, b_sid, o_sid = session_id_of(s, a), session_id_of(s, b), session_id_of(s, o)
    r = a.get("/api/v1/me/sessions")
    eq(r.status, 200, "GET /api/v1/me/sessions")
    lst = r.json()["sessions"]
    eq(sorted(x["id"] for x in lst),
       sorted(i for (i,) in s.sql("SELECT id FROM sessions WHERE user_id = ?", uid)),
       "listed sessions versus the user's rows")
    eq([x["id"] for x in lst if x.get("current") is True], [a_sid], "the current session")
    no_secret_fields(lst, "session list")
    for x in (a.cookies["klikd_session"], b.cookies["klikd_session"], a.csrf, b.csrf,
              sha(a.cookies["klikd_session"])):
        check(x not in r.text, "the session list shows a secret")
    r = a.delete("/api/v1/me/sessions/%d" % o_sid)
    eq(r.status, 404, "ending another user's session")
    eq(s.one("SELECT count(*) FROM sessions WHERE id = ?", o_sid), 1, "other user's session row")
    eq(o.get("/api/v1/me").status, 200, "other user's session")
    r = a.delete("/api/v1/me/sessions/%d" % b_sid, csrf=False)
    eq(r.status, 403, "ending a session without X-CSRF-Token")
    eq(s.one("SELECT count(*) FROM sessions WHERE id = ?", b_sid), 1, "session after refusal")
    ends = audit_count(s, "session.end")
    r = a.delete("/api/v1/me/sessions/%d" % b_sid)
    eq(r.status, 204, "ending my other session")
    eq(s.one("SELECT count(*) FROM sessions WHERE id = ?", b_sid), 0, "ended session row")
    eq(b.get("/api/v1/me").status, 401, "the ended session")
    eq(audit_count(s, "session.end"), ends + 1, "session.end events")
    eq(a.delete("/api/v1/me/sessions/abc").status, 404, "a session id that is not a number")
    r = a.delete("/api/v1/me/sessions/%d" % a_sid)
    eq(r.status, 204, "ending the current session")
    eq(a.get("/api/v1/me").status, 401, "the current session after ending it")


# ---------------------------------------------------------------- CSRF

@test
def csrf_required_for_cookie_writes():
    s = shared_server()
    a = login_client(s, "admin@kbh.dk")
    other = login_client(s, "plus@kbh.dk")
    body = {"email": "csrf1@kbh.dk", "name": "Carl Csrf", "type": "member", "password": STRONG}
    users = s.one("SELECT count(*) FROM users")
    persons = s.one("SELECT count(*) FROM persons")
    for what, hdr in (("no X-CSRF-Token", {}), ("a wrong X-CSRF-Token", {"X-CSRF-Token": "x" * 43}),
                      ("an empty X-CSRF-Token", {"X-CSRF-Token": ""}),
                      ("another session's X-CSRF-Token", {"X-CSRF-Token": other.csrf})):
        r = a.post_json("/api/v1/users", body, csrf=False, headers=hdr)
        eq(r.status, 403, "POST /api/v1/users with %s" % what)
    eq((s.one("SELECT count(*) FROM users"), s.one("SELECT count(*) FROM persons")),
       (users, persons), "users and persons after refused creations")
    plus_id = s.user_id("plus@kbh.dk")
    before = user_rows(s, plus_id)
    r = a.patch_json("/api/v1/users/%d" % plus_id, {"name": "Ændret"}, csrf=False)
    eq(r.status, 403, "PATCH /api/v1/users/{id} without X-CSRF-Token")
    eq(user_rows(s, plus_id), before, "user after refused PATCH")
    tokens = s.one("SELECT count(*) FROM api_tokens")
    eq(a.post_json("/api/v1/tokens", {"name": "x"}, csrf=False).status, 403,
       "POST /api/v1/tokens without X-CSRF-Token")
    eq(s.one("SELECT count(*) FROM api_tokens"), tokens, "api_tokens after refusal")
    # pages: the form field
    a.page_csrf("/admin/brugere/ny")
    form = {"email": "csrf2@kbh.dk", "name": "Cille Csrf", "type": "member",
            "password": STRONG, "projects.KY": "plus"}
    eq(a.post_form("/admin/brugere/ny", form, csrf=False).status, 403, "form without csrf_token")
    eq(a.post_form("/admin/brugere/ny", dict(form, csrf_token="x" * 43), csrf=False).status, 403,
       "form with a wrong csrf_token")
    eq(a.post_form("/admin/brugere/ny", dict(form, csrf_token=other.csrf), csrf=False).status, 403,
       "form with another session's csrf_token")
    eq(s.one("SELECT count(*) FROM users"), users, "users after refused forms")
    r = submit(a, form_of(a.get("/admin/brugere/ny"), action="/admin/brugere/ny"), form,
               follow=False)
    eq(r.status, 303, "the rendered form, with the session's csrf_token")
    new_id = s.user_id("csrf2@kbh.dk")
    check(new_id, "the form created no user")
    eq(r.header("Location"), "/admin/brugere/%d" % new_id, "Location after the form")
    r = a.post_json("/api/v1/users", body)
    eq(r.status, 201, "POST /api/v1/users with X-CSRF-Token")
    # a Bearer token needs none
    t = s.client(token=s.token("admin@kbh.dk"))
    r = t.post_json("/api/v1/users", dict(body, email="csrf3@kbh.dk"))
    eq(r.status, 201, "POST /api/v1/users with a Bearer token and no CSRF token")


# ---------------------------------------------------------------- API tokens

@test
def api_tokens_lifecycle():
    s = shared_server()
    uid = s.user_id("plus@kbh.dk")
    cli = s.token("plus@kbh.dk")
    check(re.fullmatch(r"[A-Za-z0-9_-]{32,}", cli), "CLI token %r" % cli)
    t = s.client(token=cli)
    r = t.get("/api/v1/me")
    eq(r.status, 200, "GET /api/v1/me with the CLI token")
    eq(r.json().get("email"), "plus@kbh.dk", "token's user")
    check("csrf_token" not in r.json(), "a Bearer caller got a csrf_token")
    cli_id = s.one("SELECT id FROM api_tokens WHERE token_hash = ?", sha(cli))
    check(cli_id, "no api_tokens row with token_hash = sha256(token)")
    c = login_client(s, "plus@kbh.dk")
    creates = audit_count(s, "token.create")
    r = c.post_json("/api/v1/tokens", {"name": "Mit skript"})
    eq(r.status, 201, "POST /api/v1/tokens")
    body = r.json()
    eq(sorted(body), ["id", "name", "token"], "token answer fields")
    eq(body["name"], "Mit skript", "token name")
    tok = body["token"]
    TOKENS.add(tok)
    row = dict_rows(s, "SELECT * FROM api_tokens WHERE id = ?", body["id"])
    check(row, "no api_tokens row %r" % body["id"])
    row = row[0]
    eq((row["user_id"], row["name"], row["token_hash"], row["revoked_at"]),
       (uid, "Mit skript", sha(tok), None), "api_tokens row")
    for rw in dict_rows(s, "SELECT * FROM api_tokens"):
        for x in (tok, cli):
            check(x not in " ".join(str(v) for v in rw.values()), "a token stored in clear")
    eq(audit_count(s, "token.create"), creates + 1, "token.create events")
    ev = last_audit(s, "token.create")
    eq((ev["user_id"], ev["organisation_id"], ev["entity_id"]),
       (uid, org_id(s, "101"), str(body["id"])), "token.create event")
    check(tok not in (ev["after"] or "") and sha(tok) not in (ev["after"] or ""),
          "token.create event holds the token")
    r = c.get("/api/v1/tokens")
    eq(r.status, 200, "GET /api/v1/tokens")
    listed = r.json()["tokens"]
    eq(sorted(x["id"] for x in listed),
       sorted(i for (i,) in s.sql("SELECT id FROM api_tokens WHERE user_id = ?", uid)),
       "listed tokens versus the user's rows")
    check({cli_id, body["id"]} <= {x["id"] for x in listed}, "a token is missing from the list")
    for x in (tok, cli, sha(tok), sha(cli)):
        check(x not in r.text, "the token list shows a token or its hash")
    check(all("token" not in k for k in keys_deep(listed)), "token list fields %r" % listed[:1])
    eq(s.client(token=tok).get("/api/v1/me").status, 200, "the new token works")
    # another user's token
    adm = s.token("admin@kbh.dk")
    adm_id = s.one("SELECT id FROM api_tokens WHERE token_hash = ?", sha(adm))
    eq(c.delete("/api/v1/tokens/%d" % adm_id).status, 404, "revoking another user's token")
    eq(s.one("SELECT revoked_at FROM api_tokens WHERE id = ?", adm_id), None,
       "another user's token after the refused revocation")
    eq(s.client(token=adm).get("/api/v1/me").status, 200, "another user's token still works")
    eq(c.delete("/api/v1/tokens/%d" % body["id"], csrf=False).status, 403,
       "revoking without X-CSRF-Token")
    eq(s.client(token=tok).get("/api/v1/me").status, 200, "token after refused revocation")
    revokes = audit_count(s, "token.revoke")
    r = c.delete("/api/v1/tokens/%d" % body["id"])
    eq(r.status, 204, "DELETE /api/v1/tokens/{id}")
    check(s.one("SELECT revoked_at FROM api_tokens WHERE id = ?", body["id"]), "revoked_at not set")
    eq(s.client(token=tok).get("/api/v1/me").status, 401, "the revoked token")
    eq(s.client(token=tok).get("/api/v1/roles").status, 401, "the revoked token on a public route")
    eq(audit_count(s, "token.revoke"), revokes + 1, "token.revoke events")
    eq(c.delete("/api/v1/tokens/%d" % body["id"]).status, 404, "revoking twice")
    r = t.post_json("/api/v1/tokens", {"name": "fra en nøgle"})
    eq(r.status, 201, "POST /api/v1/tokens with a Bearer token, no CSRF token")
    TOKENS.add(r.json()["token"])


@test
def bad_authorization_header_is_401_everywhere():
    s = shared_server()
    basic = "Basic " + base64.b64encode(("admin@kbh.dk:" + PASSWORD).encode()).decode()
    for path in ("/api/v1/me", "/api/v1/roles", "/healthz", "/", "/roller"):
        r = s.client().get(path, headers={"Authorization": "Bearer xyz"})
        eq(r.status, 401, "GET %s with Authorization: Bearer xyz" % path)
        r = s.client().get(path, headers={"Authorization": basic})
        eq(r.status, 401, "GET %s with Authorization: Basic" % path)
    c = login_client(s, "admin@kbh.dk")
    r = c.get("/api/v1/me", headers={"Authorization": "Bearer xyz"})
    eq(r.status, 401, "a valid cookie and a garbage Bearer token")


@test
def deactivated_user_locked_out_at_once():
    s = shared_server()
    email = "deaktiv@kbh.dk"
    s.add_user(email, "101", "member", ["KY:plus"], "Dan Deaktiv")
    uid = s.user_id(email)
    reset_throttle(s)
    try:
        d = login_client(s, email)
        t = s.client(token=s.token(email))
        eq((d.get("/api/v1/me").status, t.get("/api/v1/me").status), (200, 200), "before")
        a = login_client(s, "admin@kbh.dk")
        updates = audit_count(s, "user.update")
        r = a.patch_json("/api/v1/users/%d" % uid, {"active": False})
        eq(r.status, 200, "deactivating (%s)" % r.text[:200])
        eq(r.json().get("active"), False, "active in the answer")
        eq(s.one("SELECT active FROM users WHERE id = ?", uid), 0, "users.active")
        eq(d.get("/api/v1/me").status, 401, "the deactivated user's session")
        eq(t.get("/api/v1/me").status, 401, "the deactivated user's token")
        eq(d.get("/konto").status, 303, "the deactivated user's session on a page")
        PASSWORDS.add(WRONG % 5)
        r = login_status(s, email, PASSWORD)
        eq(r.status, 401, "log-in of a deactivated user")
        eq(r.text, login_status(s, email, WRONG % 5).text,
           "answer for a deactivated user versus a wrong password")
        eq(audit_count(s, "user.update"), updates + 1, "user.update events")
        ev = last_audit(s, "user.update")
        eq((json.loads(ev["before"]).get("active"), json.loads(ev["after"]).get("active")),
           (True, False), "user.update before/after")
    finally:
        reset_throttle(s)


# ---------------------------------------------------------------- throttling

@test
def throttle_per_account():
    s = Server()
    try:
        email = "plus@kbh.dk"
        addrs = ["127.0.0.%d" % i for i in range(2, 7)]
        for i, ad in enumerate(addrs):
            PASSWORDS.add(WRONG % (10 + i))
            r = SrcClient(s, ad).post_json("/api/v1/session", {"email": email,
                                                               "password": WRONG % (10 + i)},
                                           csrf=False)
            eq(r.status, 401, "failure %d" % (i + 1))
            eq(r.header("Retry-After"), None, "Retry-After on a plain failure")
        rows = dict(s.sql("SELECT key, failures FROM login_throttle"))
        eq(rows.get("email:" + email), 5, "account failures")
        for ad in addrs:
            eq(rows.get("addr:" + ad), 1, "throttle of %s" % ad)
        eq(audit_count(s, "login.fail"), 5, "login.fail events")
        eq(audit_count(s, "login.throttled"), 1, "login.throttled events")
        eq([r[0] for r in s.sql("SELECT client_addr FROM audit_events WHERE action = 'login.fail'"
                                " ORDER BY id")], addrs, "login.fail client_addr")
        # the right password, from yet another address
        c = SrcClient(s, "127.0.0.7")
        r = c.post_json("/api/v1/session", {"email": email, "password": PASSWORD}, csrf=False)
        eq(r.status, 429, "the right password after 5 failures")
        ra = r.header("Retry-After")
        check(ra and ra.isdigit() and 1 <= int(ra) <= 5, "Retry-After %r after 5 failures" % ra)
        check(r.json().get("error"), "no error message with 429")
        check(set_cookie(r, "klikd_session") is None, "a throttled log-in set a session")
        r = SrcClient(s, "127.0.0.7").login_form(email)
        eq(r.status, 429, "form log-in while the account is throttled")
        eq(s.one("SELECT count(*) FROM sessions WHERE user_id = ?", s.user_id(email)), 0,
           "sessions of the throttled account")
        # doubling
        s.write("UPDATE login_throttle SET last_failure = last_failure - 5 WHERE key = ?",
                "email:" + email)
        PASSWORDS.add(WRONG % 20)
        r = SrcClient(s, "127.0.0.8").post_json("/api/v1/session", {"email": email,
                                                                    "password": WRONG % 20},
                                                csrf=False)
        eq(r.status, 401, "failure 6 once the lock has passed")
        r = SrcClient(s, "127.0.0.9").post_json("/api/v1/session", {"email": email,
                                                                    "password": PASSWORD},
                                                csrf=False)
        eq(r.status, 429, "the right password after 6 failures")
        ra = r.header("Retry-After")
        check(ra and ra.isdigit() and 5 < int(ra) <= 10, "Retry-After %r after 6 failures" % ra)
        # unknown e-mail addresses are throttled the same way
        for i in range(5):
            PASSWORDS.add(WRONG % (30 + i))
            r = SrcClient(s, "127.0.0.%d" % (10 + i)).post_json(
                "/api/v1/session", {"email": "ingen@kbh.dk", "password": WRONG % (30 + i)},
                csrf=False)
            eq(r.status, 401, "unknown e-mail, failure %d" % (i + 1))
        r = SrcClient(s, "127.0.0.15").post_json("/api/v1/session", {"email": "ingen@kbh.dk",
                                                                     "password": WRONG % 35},
                                                 csrf=False)
        PASSWORDS.add(WRONG % 35)
        eq(r.status, 429, "unknown e-mail after 5 failures")
        check(r.header("Retry-After"), "no Retry-After for an unknown e-mail")
        eq(audit_count(s, "login.throttled"), 2, "login.throttled events")
        # success resets the account's counter (not the addresses')
        s.write("UPDATE login_throttle SET last_failure = last_failure - 10")
        r = SrcClient(s, "127.0.0.16").post_json("/api/v1/session", {"email": email,
                                                                     "password": PASSWORD},
                                                 csrf=False)
        eq(r.status, 200, "log-in once unlocked")
        TOKENS.add(set_cookie(r, "klikd_session")[0])
        eq(s.one("SELECT count(*) FROM login_throttle WHERE key = ?", "email:" + email), 0,
           "account counter after a successful log-in")
        eq(s.one("SELECT failures FROM login_throttle WHERE key = 'addr:127.0.0.2'"), 1,
           "address counter after a successful log-in")
        PASSWORDS.add(WRONG % 40)
        r = SrcClient(s, "127.0.0.17").post_json("/api/v1/session", {"email": email,
                                                                     "password": WRONG % 40},
                                                 csrf=False)
        eq(r.status, 401, "a failure after the reset")
        eq(s.one("SELECT failures FROM login_throttle WHERE key = ?", "email:" + email), 1,
           "account counter restarts")
        secret_check(s, "throttle_per_account")
    finally:
        s.close()


@test
def throttle_per_address():
    s = Server()
    try:
        ad = "127.0.0.20"
        for i in range(5):
            PASSWORDS.add(WRONG % (50 + i))
            r = SrcClient(s, ad).post_json("/api/v1/session", {"email": "ukendt%d@kbh.dk" % i,
                                                               "password": WRONG % (50 + i)},
                                           csrf=False)
            eq(r.status, 401, "failure %d from %s" % (i + 1, ad))
        eq(s.sql("SELECT failures FROM login_throttle WHERE key = ?", "addr:" + ad), [(5,)],
           "address failures")
        eq(audit_count(s, "login.throttled"), 0, "login.throttled events after 5")
        # a municipality shares one address: a colleague still logs in ...
        r = SrcClient(s, ad).post_json("/api/v1/session", {"email": "laeser@kbh.dk",
                                                           "password": PASSWORD}, csrf=False)
        eq(r.status, 200, "a colleague's log-in from the same address after 5 failures")
        TOKENS.add(set_cookie(r, "klikd_session")[0])
        # ... and the address is locked after 100 failures, not 5
        PASSWORDS.add(WRONG % 55)
        r = SrcClient(s, ad).post_json("/api/v1/session", {"email": "ukendt5@kbh.dk",
                                                           "password": WRONG % 55}, csrf=False)
        eq(r.status, 401, "failure 6 from %s" % ad)
        s.write("UPDATE login_throttle SET failures = 99 WHERE key = ?", "addr:" + ad)
        PASSWORDS.add(WRONG % 56)
        r = SrcClient(s, ad).post_json("/api/v1/session", {"email": "ukendt6@kbh.dk",
                                                           "password": WRONG % 56}, csrf=False)
        eq(r.status, 401, "failure 100 from %s" % ad)
        eq(audit_count(s, "login.throttled"), 1, "login.throttled events after 100")
        r = SrcClient(s, ad).post_json("/api/v1/session", {"email": "admin@kbh.dk",
                                                           "password": PASSWORD}, csrf=False)
        eq(r.status, 429, "the right password from a throttled address")
        ra = r.header("Retry-After")
        check(ra and ra.isdigit() and 1 <= int(ra) <= 5, "Retry-After %r" % ra)
        eq(SrcClient(s, ad).login_form("admin@kbh.dk").status, 429,
           "form log-in from a throttled address")
        r = SrcClient(s, "127.0.0.21").post_json("/api/v1/session", {"email": "admin@kbh.dk",
                                                                     "password": PASSWORD},
                                                 csrf=False)
        eq(r.status, 200, "the same account from another address")
        TOKENS.add(set_cookie(r, "klikd_session")[0])
        PASSWORDS.add(WRONG % 60)
        eq(login_status(s, "admin@kbh.dk", WRONG % 60).status, 401, "failure from 127.0.0.1")
        eq(s.sql("SELECT failures FROM login_throttle WHERE key = 'addr:127.0.0.1'"), [(1,)],
           "throttle key addr:127.0.0.1")
        secret_check(s, "throttle_per_address")
    finally:
        s.close()


def secret_check(s, what):
    """No password in the audit trail, any response or the server's output;
    no token either in the output. Stops the server."""
    audit = json.dumps(s.sql("SELECT * FROM audit_events"))
    out = s.stop()
    err = s.read_log()
    for pw in PASSWORDS:
        check(pw not in audit, "%s: a password is in audit_events" % what)
        check(pw not in out, "%s: a password is in the server's stdout" % what)
        check(pw not in err, "%s: a password is in the server's stderr" % what)
        for r in RESPONSES:
            check(pw not in r.text and all(pw not in v for _, v in r.headers),
                  "%s: a password is in a response: %r" % (what, r))
    for tok in TOKENS:
        check(tok not in out and tok not in err, "%s: a token is in the server's output" % what)
    check("scrypt$" not in audit, "%s: a password hash is in audit_events" % what)


# ---------------------------------------------------------------- users

@test
def users_list_only_own_organisation():
    s = shared_server()
    a = login_client(s, "admin@kbh.dk")
    r = a.get("/api/v1/users")
    eq(r.status, 200, "GET /api/v1/users")
    users = r.json()["users"]
    eq(sorted(u["email"] for u in users),
       sorted(e for (e,) in s.sql("SELECT u.email FROM users u JOIN persons p ON p.id = u.person_id"
                                  " WHERE p.organisation_id = ?", org_id(s, "101"))),
       "listed users versus 101's users")
    eq({u["organisation"]["code"] for u in users}, {"101"}, "organisations listed")
    no_secret_fields(users, "user list")
    no_aarhus(r, "GET /api/v1/users")
    r = a.get("/admin/brugere")
    eq(r.status, 200, "GET /admin/brugere")
    no_aarhus(r, "GET /admin/brugere")
    check("plus@kbh.dk" in r.text, "the users page does not list plus@kbh.dk")


@test
def users_created_by_admin_in_own_organisation():
    s = shared_server()
    a = login_client(s, "admin@kbh.dk")
    creates = audit_count(s, "user.create")
    body = {"email": "nina.ny@kbh.dk", "name": "Nina Ny", "type": "member", "password": STRONG,
            "projects": {"KY": "plus"}}
    r = a.post_json("/api/v1/users", body)
    eq(r.status, 201, "POST /api/v1/users (%s)" % r.text[:200])
    u = r.json()
    eq(r.header("Location"), "/api/v1/users/%s" % u.get("id"), "Location")
    eq((u.get("email"), u.get("name"), u.get("type"), u.get("active"), u.get("organisation"),
        u.get("projects")), ("nina.ny@kbh.dk", "Nina Ny", "member", True, KBH, {"KY": "plus"}),
       "created user")
    no_secret_fields(u, "created user")
    check(STRONG not in r.text, "the answer holds the password")
    eq(s.one("SELECT p.organisation_id FROM users u JOIN persons p ON p.id = u.person_id"
             " WHERE u.id = ?", u["id"]), org_id(s, "101"), "new user's organisation")
    eq(s.sql("SELECT pr.code, up.access FROM user_projects up JOIN projects pr"
             " ON pr.id = up.project_id WHERE up.user_id = ?", u["id"]), [("KY", "plus")],
       "new user's project access")
    h = s.one("SELECT password_hash FROM users WHERE id = ?", u["id"])
    check(h and STRONG not in h, "password stored in clear")
    eq(audit_count(s, "user.create"), creates + 1, "user.create events")
    ev = last_audit(s, "user.create")
    eq((ev["user_id"], ev["actor_org_id"], ev["organisation_id"], ev["entity_id"],
        ev["client_addr"], ev["before"]),
       (s.user_id("admin@kbh.dk"), org_id(s, "101"), org_id(s, "101"), str(u["id"]),
        "127.0.0.1", None), "user.create event")
    after = json.loads(ev["after"])
    eq(after.get("email"), "nina.ny@kbh.dk", "user.create after")
    no_secret_fields(after, "user.create after")
    check(h not in ev["after"] and STRONG not in ev["after"], "user.create after holds a secret")
    r = a.get(r.header("Location"))
    eq((r.status, r.json().get("email")), (200, "nina.ny@kbh.dk"), "GET Location")
    eq(login_status(s, "nina.ny@kbh.dk", STRONG).status, 200, "the new user logs in")


@test
def users_create_rejects_bad_input():
    s = shared_server()
    a = login_client(s, "admin@kbh.dk")
    base = {"email": "afvist@kbh.dk", "name": "Alf Afvist", "type": "member", "password": STRONG,
            "projects": {"KY": "plus"}}
    no_pw = dict(base)
    del no_pw["password"]
    PASSWORDS.add("kort-12")
    cases = [
        (dict(base, email="admin@kbh.dk"), 409, "email", "an e-mail in use"),
        (dict(base, email="ADMIN@KBH.DK"), 409, "email", "an e-mail in use, other case"),
        (dict(base, email="plus@aarhus.dk"), 409, "email", "an e-mail in use in Aarhus"),
        (dict(base, password="kort-12"), 422, "password", "a 7-character password"),
        (dict(base, password="aaaaaaaaaaaa"), 422, "password", "one repeated character"),
        (dict(base, password="afvist@kbh.dk"), 422, "password", "the e-mail as password"),
        (no_pw, 422, "password", "no password"),
        (dict(base, projects={"XX": "plus"}), 422, "projects", "an unknown project"),
        (dict(base, projects={"KY": "admin"}), 422, "projects", "an unknown access type"),
        (dict(base, projects=["KY"]), 422, "projects", "projects not an object"),
        (dict(base, type="root"), 422, "type", "an unknown type"),
        (dict(base, is_admin=True), 422, "is_admin", "an unknown field"),
        (dict(base, email="ikke en adresse"), 422, "email", "a malformed e-mail"),
    ]
    users, persons = s.one("SELECT count(*) FROM users"), s.one("SELECT count(*) FROM persons")
    for body, status, field, what in cases:
        r = a.post_json("/api/v1/users", body)
        eq((r.status, r.json().get("field")), (status, field), what)
        check(r.json().get("error"), "%s: no error message" % what)
        eq((s.one("SELECT count(*) FROM users"), s.one("SELECT count(*) FROM persons")),
           (users, persons), "users/persons after %s" % what)


@test
def users_of_other_organisation_are_not_found():
    s = shared_server()
    a = login_client(s, "admin@kbh.dk")
    missing = a.get("/api/v1/users/999999")
    eq(missing.status, 404, "a user that does not exist")
    for email in ("admin@aarhus.dk", "plus@aarhus.dk"):
        uid = s.user_id(email)
        before = user_rows(s, uid)
        r = a.get("/api/v1/users/%d" % uid)
        eq(r.status, 404, "GET /api/v1/users/{%s}" % email)
        eq(r.text, missing.text, "404 body for %s versus a missing user" % email)
        no_aarhus(r, "GET /api/v1/users/{%s}" % email)
        r = a.patch_json("/api/v1/users/%d" % uid, {"name": "Overtaget", "active": False,
                                                    "type": "member",
                                                    "projects": {"FBS": "plus"}})
        eq(r.status, 404, "PATCH /api/v1/users/{%s}" % email)
        no_aarhus(r, "PATCH /api/v1/users/{%s}" % email)
        r = a.get("/admin/brugere/%d" % uid)
        eq(r.status, 404, "GET /admin/brugere/{%s}" % email)
        no_aarhus(r, "GET /admin/brugere/{%s}" % email)
        r = a.post_form("/admin/brugere/%d" % uid, {"name": "Overtaget", "type": "member",
                                                    "projects.FBS": "plus"})
        eq(r.status, 404, "POST /admin/brugere/{%s}" % email)
        eq(user_rows(s, uid), before, "%s after the attempts" % email)
    eq(login_status(s, "plus@aarhus.dk", PASSWORD).status, 200, "plus@aarhus.dk still logs in")


@test
def admin_cannot_lock_self_out():
    s = shared_server()
    a = login_client(s, "admin@kbh.dk")
    uid = s.user_id("admin@kbh.dk")
    before = user_rows(s, uid)
    for body, field in (({"type": "member"}, "type"), ({"active": False}, "active"),
                        ({"type": "member", "active": False}, None)):
        r = a.patch_json("/api/v1/users/%d" % uid, body)
        eq(r.status, 422, "PATCH self %r" % body)
        if field:
            eq(r.json().get("field"), field, "field for PATCH self %r" % body)
    own = form_of(a.get("/admin/brugere/%d" % uid), action="/admin/brugere/%d" % uid)
    check(own.field("active").disabled, "the own Aktiv box can be unticked")
    r = submit(a, own, {"type": "member"})
    eq(r.status, 422, "form demoting self")
    check("field-error" in r.text, "no error next to the field")
    # a forged form: the page never lets the box be unticked
    r = a.post_form("/admin/brugere/%d" % uid, {"name": "Anne Admin", "type": "admin",
                                                "active": "0"})
    eq(r.status, 422, "form deactivating self")
    eq(user_rows(s, uid), before, "admin after the attempts")
    eq(a.get("/api/v1/users").status, 200, "admin still administers")


@test
def members_cannot_manage_users():
    s = shared_server()
    target = s.user_id("laeser@kbh.dk")
    before = user_rows(s, target)
    users = s.one("SELECT count(*) FROM users")
    body = {"email": "medlem.ny@kbh.dk", "name": "Mads Medlem", "type": "admin",
            "password": STRONG}
    for email in ("plus@kbh.dk", "laeser@kbh.dk"):
        m = login_client(s, email)
        for method, path, data in (("GET", "/api/v1/users", None),
                                   ("POST", "/api/v1/users", body),
                                   ("GET", "/api/v1/users/%d" % target, None),
                                   ("PATCH", "/api/v1/users/%d" % target,
                                    {"type": "admin", "projects": {"KY": "plus"}}),
                                   ("GET", "/admin/brugere", None),
                                   ("GET", "/admin/brugere/ny", None),
                                   ("GET", "/admin/brugere/%d" % target, None)):
            r = m.json_call(method, path, data) if method != "GET" else m.get(path)
            eq(r.status, 403, "%s %s as %s" % (method, path, email))
        m.page_csrf("/konto")
        eq(m.post_form("/admin/brugere/ny", dict(body, **{"projects.KY": "plus"})).status, 403,
           "POST /admin/brugere/ny as %s" % email)
        eq(m.post_form("/admin/brugere/%d" % target, {"name": "X", "type": "admin",
                                                      "active": "1"}).status, 403,
           "POST /admin/brugere/{id} as %s" % email)
    eq(s.one("SELECT count(*) FROM users"), users, "users after members' attempts")
    eq(user_rows(s, target), before, "target user after members' attempts")


@test
def kombit_admin_manages_only_kombit_users():
    s = shared_server()
    k = login_client(s, "kombit@kombit.dk")
    r = k.get("/api/v1/users")
    eq(r.status, 200, "GET /api/v1/users as KOMBIT")
    users = r.json()["users"]
    eq(sorted(u["email"] for u in users),
       sorted(e for (e,) in s.sql("SELECT u.email FROM users u JOIN persons p ON p.id = u.person_id"
                                  " WHERE p.organisation_id = ?", org_id(s, "kombit"))),
       "KOMBIT's listed users")
    kbh = s.user_id("admin@kbh.dk")
    before = user_rows(s, kbh)
    eq(k.get("/api/v1/users/%d" % kbh).status, 404, "KOMBIT GET of a municipality's user")
    eq(k.patch_json("/api/v1/users/%d" % kbh, {"active": False, "name": "X"}).status, 404,
       "KOMBIT PATCH of a municipality's user")
    eq(user_rows(s, kbh), before, "municipality's user after KOMBIT's attempt")
    r = k.post_json("/api/v1/users", {"email": "ny@kombit.dk", "name": "Kim Ny", "type": "member",
                                      "password": STRONG})
    eq(r.status, 201, "KOMBIT creates a user")
    eq(r.json()["organisation"]["code"], "kombit", "KOMBIT's new user's organisation")
    eq(s.one("SELECT p.organisation_id FROM users u JOIN persons p ON p.id = u.person_id"
             " WHERE u.email = 'ny@kombit.dk'"), org_id(s, "kombit"), "stored organisation")


# ---------------------------------------------------------------- appointments

APPTS = "/api/v1/projects/%s/appointments"


@test
def appointments_need_plus_on_the_project():
    s = shared_server()
    per = person_of(s, "plus@kbh.dk")
    ida = person_of(s, "plus@aarhus.dk")
    p = login_client(s, "plus@kbh.dk")
    count = s.one("SELECT count(*) FROM appointments")
    creates = audit_count(s, "appointment.create")
    r = p.post_json(APPTS % "KY", {"role": "projektleder", "person_id": per, "from": "2024-01-01"})
    eq(r.status, 201, "plus appoints on KY (%s)" % r.text[:200])
    a = r.json()
    eq((a.get("role", {}).get("slug"), a.get("person", {}).get("id"), a.get("organisation"),
        a.get("project"), a.get("from")), ("projektleder", per, "101", "KY", "2024-01-01"),
       "created appointment")
    row = dict_rows(s, "SELECT a.*, p.code FROM appointments a JOIN projects p"
                       " ON p.id = a.project_id WHERE a.id = ?", a["id"])[0]
    eq((row["organisation_id"], row["person_id"], row["code"], row["from_date"]),
       (org_id(s, "101"), per, "KY", "2024-01-01"), "appointment row")
    eq(audit_count(s, "appointment.create"), creates + 1, "appointment.create events")
    ev = last_audit(s, "appointment.create")
    eq((ev["user_id"], ev["organisation_id"], ev["actor_org_id"], ev["entity_id"]),
       (s.user_id("plus@kbh.dk"), org_id(s, "101"), org_id(s, "101"), str(a["id"])),
       "appointment.create event")
    count += 1
    good = {"role": "projektleder", "person_id": per}
    refusals = [
        ("laeser@kbh.dk", "KY", good, 403, None, "laeser on KY"),
        ("plus@kbh.dk", "FBS", good, 403, None, "laeser-only on FBS"),
        ("plus@kbh.dk", "SAPA", good, 403, None, "no access to SAPA"),
        ("kombit@kombit.dk", "KY", good, 403, None, "KOMBIT (publisher)"),
        ("plus@kbh.dk", "KY", dict(good, person_id=ida), 422, "person_id", "an Aarhus person"),
        ("plus@kbh.dk", "KY", dict(good, role="it-arkitekt"), 422, "role", "a cross-cutting role"),
        ("plus@kbh.dk", "KY", dict(good, role="findes-ikke"), 422, "role", "an unknown role"),
        ("plus@kbh.dk", "KY", dict(good, **{"from": "2024-05-01", "to": "2024-01-01"}), 422, "to",
         "to before from"),
    ]
    clients = {"plus@kbh.dk": p}
    for email, code, body, status, field, what in refusals:
        c = clients.get(email) or clients.setdefault(email, login_client(s, email))
        r = c.post_json(APPTS % code, body)
        eq(r.status, status, "appointment by %s" % what)
        if field:
            eq(r.json().get("field"), field, "field for %s" % what)
        no_aarhus(r, "appointment by %s" % what)
    l = clients["laeser@kbh.dk"]
    l.page_csrf("/konto")
    eq(l.post_form("/projekter/KY/udpegninger", {"role": "projektleder", "person_id": str(per)}).status,
       403, "laeser's form appointment")
    eq(s.one("SELECT count(*) FROM appointments"), count, "appointments after refusals")


@test
def appointments_scoped_to_own_municipality():
    s = shared_server()
    aa = login_client(s, "plus@aarhus.dk")
    r = aa.post_json(APPTS % "KY", {"role": "superbruger",
                                    "person_id": person_of(s, "plus@aarhus.dk")})
    eq(r.status, 201, "Aarhus appoints on KY")
    aid = r.json()["id"]
    p = login_client(s, "plus@kbh.dk")
    r = p.post_json(APPTS % "KY", {"role": "superbruger", "person_id": person_of(s, "plus@kbh.dk")})
    eq(r.status, 201, "København appoints on KY")
    kid = r.json()["id"]
    r = p.get(APPTS % "KY")
    eq(r.status, 200, "GET appointments")
    lst = r.json()["appointments"]
    eq({x.get("organisation") for x in lst}, {"101"}, "organisations in København's list")
    eq(sorted(x["id"] for x in lst),
       sorted(i for (i,) in s.sql("SELECT a.id FROM appointments a JOIN projects p"
                                  " ON p.id = a.project_id WHERE p.code = 'KY'"
                                  " AND a.ended_at IS NULL AND a.organisation_id = ?",
                                  org_id(s, "101"))),
       "København's list versus its rows")
    no_aarhus(r, "København's appointment list")
    no_aarhus(p.get("/projekter/KY/udpegninger"), "København's appointment page")
    k = login_client(s, "kombit@kombit.dk")
    r = k.get(APPTS % "KY")
    eq(r.status, 200, "KOMBIT's list")
    byid = {x["id"]: x for x in r.json()["appointments"]}
    check(aid in byid and kid in byid, "KOMBIT does not see every municipality's appointments")
    eq((byid[aid].get("organisation"), byid[kid].get("organisation")), ("751", "101"),
       "organisation in KOMBIT's list")
    before = s.sql("SELECT * FROM appointments WHERE id = ?", aid)
    for email in ("plus@kbh.dk", "admin@kbh.dk"):
        c = p if email == "plus@kbh.dk" else login_client(s, email)
        r = c.delete((APPTS % "KY") + "/%d" % aid)
        eq(r.status, 404, "DELETE of Aarhus's appointment by %s" % email)
        no_aarhus(r, "DELETE of Aarhus's appointment")
    p.page_csrf("/konto")
    eq(p.post_form("/projekter/KY/udpegninger/%d/slet" % aid, {}).status, 404,
       "form delete of Aarhus's appointment")
    eq(s.sql("SELECT * FROM appointments WHERE id = ?", aid), before, "Aarhus's appointment")
    eq(p.delete((APPTS % "FBS") + "/%d" % kid).status, 403, "DELETE under FBS (laeser there)")
    # DELETE ends the appointment: the row stays as history (issue 8)
    ends = audit_count(s, "appointment.end")
    eq(p.delete((APPTS % "KY") + "/%d" % kid).status, 204, "DELETE of own appointment")
    eq(s.one("SELECT count(*) FROM appointments WHERE id = ? AND ended_at IS NOT NULL", kid), 1,
       "ended row")
    eq(audit_count(s, "appointment.end"), ends + 1, "appointment.end events")
    ev = last_audit(s, "appointment.end")
    eq((ev["organisation_id"], json.loads(ev["before"]).get("id"),
        json.loads(ev["after"]).get("ended_at") is not None),
       (org_id(s, "101"), kid, True), "appointment.end event")
    eq(p.delete((APPTS % "KY") + "/%d" % kid).status, 404, "DELETE of an ended appointment")


@test
def persons_scoped_to_own_organisation():
    s = shared_server()
    for email, code in (("plus@kbh.dk", "101"), ("kombit@kombit.dk", "kombit")):
        c = login_client(s, email)
        r = c.get("/api/v1/persons")
        eq(r.status, 200, "GET /api/v1/persons as %s" % email)
        eq(sorted(x["id"] for x in r.json()["persons"]),
           sorted(i for (i,) in s.sql("SELECT id FROM persons WHERE organisation_id = ?",
                                      org_id(s, code))), "persons of %s" % email)
        no_aarhus(r, "GET /api/v1/persons as %s" % email)


# ---------------------------------------------------------------- audit

@test
def audit_scoped_to_own_municipality():
    s = shared_server()
    aa = login_client(s, "admin@aarhus.dk")
    eq(aa.post_json("/api/v1/users", {"email": "ny@aarhus.dk", "name": "Aarhus Ny",
                                      "type": "member", "password": STRONG}).status, 201,
       "Aarhus creates a user")
    aarhus_ids = {i for (i,) in s.sql("SELECT id FROM audit_events WHERE organisation_id = ?",
                                      org_id(s, "751"))}
    check(aarhus_ids, "no audit events of Aarhus")
    kbh_ids = {i for (i,) in s.sql("SELECT id FROM audit_events WHERE organisation_id = ?",
                                   org_id(s, "101"))}
    a = login_client(s, "admin@kbh.dk")
    eq(a.post_json("/api/v1/users", {"email": "revision@kbh.dk", "name": "Rikke Revision",
                                     "type": "member", "password": STRONG}).status, 201,
       "København creates a user")
    kbh_ids = {i for (i,) in s.sql("SELECT id FROM audit_events WHERE organisation_id = ?",
                                   org_id(s, "101"))}
    r = a.get("/api/v1/audit?limit=1000")
    eq(r.status, 200, "GET /api/v1/audit as admin")
    evs = r.json()["audit_events"]
    ids = [e["id"] for e in evs]
    check(ids == sorted(ids, reverse=True) and len(set(ids)) == len(ids), "not newest first")
    for e in evs:
        check(e.get("organisation") == "101" or
              (e.get("organisation") is None and e.get("actor_organisation") == "101"),
              "admin of 101 sees event %r" % {k: e.get(k) for k in ("id", "action", "organisation",
                                                                      "actor_organisation")})
    check(not aarhus_ids & set(ids), "admin of 101 sees Aarhus's events %r" % (aarhus_ids & set(ids)))
    check(kbh_ids <= set(ids), "admin of 101 misses own events %r" % sorted(kbh_ids - set(ids))[:5])
    no_aarhus(r, "GET /api/v1/audit as admin of 101")
    check("ny@aarhus.dk" not in r.text, "admin of 101 sees Aarhus's new user")
    ev = [e for e in evs if e["action"] == "user.create" and
          (e.get("after") or {}).get("email") == "revision@kbh.dk"]
    eq(len(ev), 1, "the user.create event of revision@kbh.dk")
    ev = ev[0]
    for key in ("at", "action", "entity", "entity_id", "before", "after", "client_addr"):
        check(key in ev, "audit event lacks %s" % key)
    eq(ev["client_addr"], "127.0.0.1", "client_addr in the API")
    k = login_client(s, "kombit@kombit.dk")
    r = k.get("/api/v1/audit?limit=1000")
    eq(r.status, 200, "GET /api/v1/audit as KOMBIT")
    kids = {e["id"] for e in r.json()["audit_events"]}
    check(aarhus_ids <= kids and kbh_ids <= kids, "KOMBIT does not see every municipality")
    r = a.get("/api/v1/audit?action=user.create&limit=1000")
    eq(r.status, 200, "filter by action")
    got = r.json()["audit_events"]
    eq({e["action"] for e in got}, {"user.create"}, "actions with action=user.create")
    eq(sorted(e["id"] for e in got),
       sorted(i for (i,) in s.sql("SELECT id FROM audit_events WHERE action = 'user.create' AND"
                                  " organisation_id = ?", org_id(s, "101"))),
       "user.create events of 101")
    r = a.get("/api/v1/audit?entity=session&limit=1000")
    eq({e["entity"] for e in r.json()["audit_events"]}, {"session"}, "entity=session")
    r = a.get("/api/v1/audit?since=2999-01-01")
    eq((r.status, r.json()["audit_events"]), (200, []), "since in the future")
    r = a.get("/api/v1/audit?since=igaar")
    eq((r.status, r.json().get("field")), (422, "since"), "since not a date")
    for email in ("plus@kbh.dk", "laeser@kbh.dk"):
        m = login_client(s, email)
        eq(m.get("/api/v1/audit").status, 403, "GET /api/v1/audit as %s" % email)
        eq(m.get("/admin/historik").status, 403, "GET /admin/historik as %s" % email)
    eq(s.client().get("/api/v1/audit").status, 401, "anonymous GET /api/v1/audit")
    r = s.client().get("/admin/historik")
    eq((r.status, r.header("Location")), (303, "/log-ind?next=%2Fadmin%2Fhistorik"),
       "anonymous GET /admin/historik")
    r = a.get("/admin/historik")
    eq(r.status, 200, "GET /admin/historik as admin")
    no_aarhus(r, "/admin/historik as admin of 101")
    check("ny@aarhus.dk" not in r.text, "/admin/historik shows Aarhus's new user")


# ---------------------------------------------------------------- headers

def csp_directives(value):
    d = {}
    for part in (value or "").split(";"):
        words = part.split()
        if words:
            d[words[0].lower()] = words[1:]
    return d


@test
def security_headers_on_every_kind_of_answer():
    s = shared_server()
    anon = s.client()
    a = login_client(s, "admin@kbh.dk")
    lr = s.client().post_json("/api/v1/session", {"email": "admin@kbh.dk", "password": PASSWORD},
                              csrf=False)
    answers = [
        ("anonymous GET /", anon.get("/"), False),
        ("anonymous GET /api/v1/roles", anon.get("/api/v1/roles"), False),
        ("anonymous 404", anon.get("/findes-ikke"), False),
        ("anonymous GET /log-ind", anon.get("/log-ind"), False),
        ("anonymous 401", anon.get("/api/v1/me"), False),
        ("log-in answer", lr, True),
        ("GET /konto", a.get("/konto"), True),
        ("GET /admin/brugere", a.get("/admin/brugere"), True),
        ("GET /api/v1/me", a.get("/api/v1/me"), True),
        ("GET /api/v1/users", a.get("/api/v1/users"), True),
        ("GET /api/v1/tokens", a.get("/api/v1/tokens"), True),
        ("authenticated 403", a.post_json("/api/v1/tokens", {"name": "x"}, csrf=False), True),
        ("authenticated 404", a.get("/api/v1/users/999999"), True),
        ("POST /api/v1/tokens", a.post_json("/api/v1/tokens", {"name": "kopi"}), True),
    ]
    TOKENS.add(answers[-1][1].json().get("token", ""))
    for what, r, authed in answers:
        csp = csp_directives(r.header("Content-Security-Policy"))
        check(csp, "%s: no Content-Security-Policy" % what)
        script = csp.get("script-src", csp.get("default-src"))
        check(script is not None, "%s: CSP without script-src or default-src" % what)
        check("'unsafe-inline'" not in script, "%s: script-src allows 'unsafe-inline'" % what)
        eq(csp.get("frame-ancestors"), ["'none'"], "%s: frame-ancestors" % what)
        eq(r.header("X-Content-Type-Options"), "nosniff", "%s: X-Content-Type-Options" % what)
        rp = r.header("Referrer-Policy")
        check(rp and rp.lower() not in ("unsafe-url", "no-referrer-when-downgrade"),
              "%s: Referrer-Policy %r" % (what, rp))
        eq(r.header("X-Frame-Options"), "DENY", "%s: X-Frame-Options" % what)
        if authed:
            check("no-store" in (r.header("Cache-Control") or ""),
                  "%s: Cache-Control %r" % (what, r.header("Cache-Control")))


# ---------------------------------------------------------------- secrets, last

@test
def no_secrets_in_audit_responses_or_output():
    s = shared_server()
    rows = dict_rows(s, "SELECT id, action, before, after FROM audit_events")
    hashes = [h for (h,) in s.sql("SELECT password_hash FROM users")]
    hashes += [h for (h,) in s.sql("SELECT token_hash FROM sessions")]
    hashes += [h for (h,) in s.sql("SELECT token_hash FROM api_tokens")]
    for ev in rows:
        for field in ("before", "after"):
            text = ev[field]
            if not text:
                continue
            no_secret_fields(json.loads(text), "audit event %d (%s) %s" % (ev["id"], ev["action"],
                                                                           field))
            for h in hashes:
                check(h not in text, "audit event %d (%s) holds a hash" % (ev["id"], ev["action"]))
    secret_check(s, "shared server")


run()
