"""What the server layer decides for every request: unknown query
parameters (ignored by pages and static files, refused by name by the
API), static files' single Cache-Control and ETag matching, and the
client address — the peer's, or X-Forwarded-For's only when the peer is a
--trusted-proxy — as the access log and the sessions table record it."""

import os
import sys
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from harness import ROOT, Server, check, eq, klikd, run, shared_server, test  # noqa: E402


def logged_addr(server, resp):
    """The client address of resp's line in the access log."""
    rid = resp.header("X-Request-Id")
    for _ in range(50):
        for line in server.out:
            if "req=%s" % rid in line:
                return line.split()[1]
        time.sleep(0.05)
    raise AssertionError("no access-log line for req=%s" % rid)


def session_addr(server, email):
    """client_addr of the newest session of the user email."""
    return server.one("SELECT s.client_addr FROM sessions s JOIN users u ON u.id = s.user_id"
                      " WHERE u.email = ? ORDER BY s.id DESC LIMIT 1", email)


# --------------------------------------------------------- query parameters

@test
def pages_and_static_ignore_unknown_query_parameters():
    server = shared_server()
    c = server.client()
    c.login("plus@kbh.dk")
    plain = c.get("/roller")
    eq(plain.status, 200, "/roller")
    tagged = c.get("/roller?utm_source=nyhedsbrev&utm_medium=mail")
    eq(tagged.status, 200, "/roller with tracking tags (%s)" % tagged.text[:200])
    check("infrastrukturansvarlig" in tagged.text.lower(), "/roller?utm_source lost its list")
    eq(server.client().get("/?utm_source=x&%ff=%fe").status, 200, "home page, odd tags")
    with open(os.path.join(ROOT, "static", "klikd.css"), "rb") as f:
        css = f.read()
    r = server.client().get("/static/klikd.css?v=2")
    eq(r.status, 200, "/static/klikd.css?v=2")
    eq(r.body, css, "stylesheet with a cache buster")


@test
def api_still_refuses_unknown_query_parameters_by_name():
    server = shared_server()
    c = server.client(token=server.token("plus@kbh.dk"))
    eq(c.get("/api/v1/roles").status, 200, "/api/v1/roles")
    r = c.get("/api/v1/roles?utm_source=nyhedsbrev")
    eq(r.status, 422, "API with an unknown parameter")
    check("utm_source" in r.text, "the 422 does not name the field: %r" % r.text[:300])


# ------------------------------------------------------------- static files

@test
def static_files_carry_one_cache_control_of_their_own():
    server = shared_server()
    c = server.client()
    c.login("plus@kbh.dk")
    for who, client in (("anonymous", server.client()), ("logged in", c)):
        r = client.get("/static/klikd.css")
        eq(r.status, 200, "%s: stylesheet" % who)
        eq(r.all("Cache-Control"), ["public, max-age=3600"], "%s: Cache-Control" % who)
        r304 = client.get("/static/klikd.css", headers={"If-None-Match": r.header("ETag")})
        eq(r304.status, 304, "%s: revalidation" % who)
        eq(r304.all("Cache-Control"), ["public, max-age=3600"], "%s: 304 Cache-Control" % who)
    eq(c.get("/roller").all("Cache-Control"), ["no-store"], "a logged-in page")


@test
def static_etag_lists_and_weak_tags_match():
    server = shared_server()
    c = server.client()
    etag = c.get("/static/klikd.css").header("ETag")
    for inm in ('"nope", %s' % etag, "W/" + etag, "*", '%s,"other"' % etag):
        eq(c.get("/static/klikd.css", headers={"If-None-Match": inm}).status, 304, inm)
    for inm in ('"nope"', etag[:-2] + '"', etag + "x"):
        eq(c.get("/static/klikd.css", headers={"If-None-Match": inm}).status, 200, inm)


# ----------------------------------------------------------- client address

@test
def forged_forwarded_for_changes_nothing_without_trusted_proxy():
    server = shared_server()
    c = server.client()
    forged = {"X-Forwarded-For": "203.0.113.9"}
    r = c.get("/healthz", headers=forged)
    eq(logged_addr(server, r), "127.0.0.1", "access log")
    r = c.request("POST", "/api/v1/session", body=b'{"email": "laeser@kbh.dk", '
                  b'"password": "korrekt-hest-batteri"}',
                  headers=dict(forged, **{"Content-Type": "application/json"}))
    eq(r.status, 200, "log-in")
    eq(session_addr(server, "laeser@kbh.dk"), "127.0.0.1", "the session's address")


@test
def trusted_proxy_supplies_the_client_address():
    server = Server(extra_args=("--trusted-proxy", "192.0.2.1",
                                "--trusted-proxy", "::ffff:127.0.0.1"))
    try:
        c = server.client()
        cases = [
            ("198.51.100.1, 203.0.113.7", "203.0.113.7"),  # right-most untrusted
            ("203.0.113.7, 192.0.2.1", "203.0.113.7"),     # skips a trusted hop
            ("2001:DB8::0:1", "2001:db8::1"),              # canonical IPv6
            ("evil, 192.0.2.1", "192.0.2.1"),              # not an address: stop
            ("", "127.0.0.1"),
        ]
        for xff, want in cases:
            r = c.get("/healthz", headers={"X-Forwarded-For": xff} if xff else {})
            eq(logged_addr(server, r), want, "access log for X-Forwarded-For %r" % xff)
        # Two headers are one list, in order.
        r = c.get("/healthz", raw_headers=[("X-Forwarded-For", "198.51.100.2"),
                                           ("X-Forwarded-For", "198.51.100.3")])
        eq(logged_addr(server, r), "198.51.100.3", "two X-Forwarded-For headers")
        # A peer that is not a trusted proxy is not believed.
        other = server.client(source="127.0.0.2")
        r = other.get("/healthz", headers={"X-Forwarded-For": "203.0.113.7"})
        eq(logged_addr(server, r), "127.0.0.2", "untrusted peer")
        # The address reaches what is stored: the session row.
        r = c.request("POST", "/api/v1/session", body=b'{"email": "plus@kbh.dk", '
                      b'"password": "korrekt-hest-batteri"}',
                      headers={"Content-Type": "application/json",
                               "X-Forwarded-For": "198.51.100.77"})
        eq(r.status, 200, "log-in through the proxy")
        eq(session_addr(server, "plus@kbh.dk"), "198.51.100.77", "the session's address")
    finally:
        server.close()


@test
def trusted_proxy_must_be_an_address():
    for bad in ("proxy.example", "10.0.0.0/8", "127.0.0.1:80"):
        rc, _, err = klikd("serve", "--db", "/nonexistent.db", "--listen", "127.0.0.1:0",
                           "--trusted-proxy", bad, check_rc=False)
        eq(rc, 2, "--trusted-proxy %s" % bad)
        check(bad in err, "the error does not name %s: %r" % (bad, err))


if __name__ == "__main__":
    run()
