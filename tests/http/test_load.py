"""Many clients at once: 64 client threads on loopback for a bounded time
and a bounded number of requests, a quarter of them logging in over and
over (the ~100 ms password KDF each time, now and then a wrong password on
another account), the rest reading (health, roles, master tasks with an
API token) and writing (API tokens through a cookie session with its CSRF
token, appointments through an API token). Writes hold the write lock only
in their own short transaction, so nothing may answer 5xx or "database is
locked", the server may log no busy or locked error, every log-in gets 200
or the 401 it deserves, the audit trail counts exactly the log-ins that
were answered, and reads keep being answered while log-ins run. Only
counts are asserted, never timings: on a slow machine or a sanitizer build
the run lasts longer, until every log-in client was answered twice. The
server runs with its default pool of 4 threads: the KDF runs on klikd's
own worker threads, never on a pool thread, so 16 clients logging in do
not hold up the readers. A last test checks that a read with an API token
writes nothing."""

import os
import re
import sqlite3
import sys
import threading
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from harness import PASSWORD, Server, check, eq, run, shared_server, test  # noqa: E402

CLIENTS = 64
LOGINS = CLIENTS // 4           # threads that log in over and over
WRITERS = 8                     # threads that write (half tokens, half appointments)
SECONDS = float(os.environ.get("LOAD_SECONDS", "10"))
MIN_LOGINS = 2                  # ... and past SECONDS until every log-in thread had this many,
HARD_SECONDS = 60               # but never longer than this (a sanitizer build is slow)
MAX_REQUESTS = 20000            # nor more requests than this
WRONG_EVERY = 6                 # every sixth log-in attempt uses a wrong password
RIGHT = ("admin@kbh.dk", "plus@kbh.dk")
# Wrong passwords go to other accounts, each kept below the account
# throttle (5 failures), then to unknown e-mails, which cost the same.
DECOYS = ("laeser@kbh.dk", "admin@aarhus.dk", "plus@aarhus.dk", "kombit@kombit.dk")
DECOY_FAILURES = 3
READS = ("/healthz", "/api/v1/roles", "/api/v1/master-tasks")
APPTS = "/api/v1/projects/KY/appointments"
# Reads that must complete in every whole second in which log-ins completed.
READS_PER_LOGIN_SECOND = int(os.environ.get("LOAD_READS_PER_SECOND", "5"))
# The server's defaults: 4 pool threads, 10 s idle timeout. The password
# KDF runs on klikd's worker threads, never on a pool thread.
SERVER_ARGS = ()
LOCKED = re.compile(r"locked|busy", re.I)


class Tally:
    """What every thread saw, under one lock: (kind, status) counts, the
    whole second of the run in which each answer arrived, bodies that
    mention a locked database, and the request budget. The run lasts
    SECONDS and then until every log-in thread had MIN_LOGINS answers, so
    a slow build makes it longer rather than its counts thin; HARD_SECONDS
    and MAX_REQUESTS bound it all the same."""

    def __init__(self):
        self.lock = threading.Lock()
        self.counts = {}            # (kind, status) -> answers
        self.seconds = {}           # (kind, whole second since start) -> answers
        self.locked_bodies = []     # (kind, status, body) of answers mentioning "locked"
        self.requests = 0           # requests started, against MAX_REQUESTS
        self.errors = []            # exceptions raised in client threads
        self.decoys = {d: 0 for d in DECOYS}  # wrong passwords sent to each decoy
        self.logins = [0] * LOGINS  # log-in answers per log-in thread
        self.begin()

    def begin(self):
        """Starts the clock."""
        self.start = time.monotonic()
        self.ended = None           # seconds since start when the run stopped

    def go(self):
        """True while the run may start another request (time and budget)."""
        with self.lock:
            if self.ended is None:
                t = time.monotonic() - self.start
                if (self.requests >= MAX_REQUESTS or t >= HARD_SECONDS
                        or (t >= SECONDS and min(self.logins) >= MIN_LOGINS)):
                    self.ended = t
            if self.ended is not None:
                return False
            self.requests += 1
            return True

    def note(self, kind, resp, thread=None):
        """Counts one answer of the given kind (from log-in thread thread)."""
        second = int(time.monotonic() - self.start)
        with self.lock:
            if thread is not None:
                self.logins[thread] += 1
            self.counts[(kind, resp.status)] = self.counts.get((kind, resp.status), 0) + 1
            self.seconds[(kind, second)] = self.seconds.get((kind, second), 0) + 1
            if "database is locked" in resp.text or resp.status >= 500:
                self.locked_bodies.append((kind, resp.status, resp.text[:200]))

    def wrong_account(self, n):
        """The e-mail for a wrong password: a decoy below its cap, else an
        unknown address (n makes it unique)."""
        with self.lock:
            for d in DECOYS:
                if self.decoys[d] < DECOY_FAILURES:
                    self.decoys[d] += 1
                    return d
        return "ukendt-%d@kbh.dk" % n

    def count(self, kind, status=None):
        """Answers of a kind (with that status, or any)."""
        return sum(v for (k, s), v in self.counts.items()
                   if k == kind and (status is None or s == status))


def address(group, i):
    """Client i of a group's own loopback address: 64 clients are 64
    machines, each far below the server's per-address connection limit
    (one address would reach it while pool threads are busy with the KDF
    and closed connections wait to be reaped)."""
    return "127.0.%d.%d" % (group, 10 + i)


def guarded(tally, fn, kind):
    """fn as a thread body whose exceptions are recorded, not lost."""
    def body():
        try:
            fn()
        except Exception as e:  # noqa: BLE001 — reported by the test, which ends now
            with tally.lock:
                t = time.monotonic() - tally.start
                tally.errors.append("%s at %.1f s: %r" % (kind, t, e))
                tally.ended = t if tally.ended is None else tally.ended
    return body


def login_loop(s, tally, i):
    """Logs in again and again; every WRONG_EVERY-th attempt uses a wrong
    password on another account."""
    c = s.client(source=address(1, i))
    n = 0
    while tally.go():
        n += 1
        if (n + i) % WRONG_EVERY == 0:
            email = tally.wrong_account(i * 1000 + n)
            r = c.post_json("/api/v1/session", {"email": email, "password": "forkert-%d" % n},
                            csrf=False)
            tally.note("login.wrong", r, i)
        else:
            r = c.post_json("/api/v1/session", {"email": RIGHT[(i + n) % 2], "password": PASSWORD},
                            csrf=False)
            tally.note("login", r, i)


def read_loop(s, tally, token, i):
    """GETs health, roles and master tasks (the latter with an API token)."""
    anon, bearer = s.client(source=address(2, i)), s.client(token=token, source=address(2, i))
    n = i
    while tally.go():
        path = READS[n % len(READS)]
        n += 1
        r = (bearer if path == "/api/v1/master-tasks" else anon).get(path)
        tally.note("read", r)


def token_loop(s, tally, c):
    """Creates an API token through a cookie session, then revokes it."""
    n = 0
    while tally.go():
        n += 1
        r = c.post_json("/api/v1/tokens", {"name": "last %d" % n})
        tally.note("write", r)
        if r.status == 201 and tally.go():
            tally.note("write", c.delete("/api/v1/tokens/%d" % r.json()["id"]))


# One role per appointment writer: the same person twice in the same role
# at once is refused (409), so concurrent writers must not share one.
APPT_ROLES = ["projektleder", "projektejer", "superbruger", "gevinstejer", "faglig-leder",
              "traener-underviser", "systemadministrator-it-systemet", "systemejer-it-systemet"]


def appt_loop(s, tally, token, person, i):
    """Appoints a person on KY through an API token, then deletes (ends) it."""
    c = s.client(token=token, source=address(3, i))
    role = APPT_ROLES[i % len(APPT_ROLES)]
    while tally.go():
        r = c.post_json(APPTS, {"role": role, "person_id": person, "from": "2024-01-01"})
        tally.note("write", r)
        if r.status == 201 and tally.go():
            tally.note("write", c.delete("%s/%d" % (APPTS, r.json()["id"])))


def audit_count(s, action):
    """Audit events of an action."""
    return s.one("SELECT count(*) FROM audit_events WHERE action = ?", action)


def threads_for(s, tally):
    """The 64 client threads: log-ins, writers, readers. The writers'
    sessions and tokens are made before the clock starts."""
    token = s.token("plus@kbh.dk")
    person = s.one("SELECT person_id FROM users WHERE email = ?", "plus@kbh.dk")
    bodies = [guarded(tally, lambda i=i: login_loop(s, tally, i), "login") for i in range(LOGINS)]
    for i in range(WRITERS):
        if i % 2 == 0:
            c = s.client(source=address(3, i))
            c.login("plus@kbh.dk")
            bodies.append(guarded(tally, lambda c=c: token_loop(s, tally, c), "token"))
        else:
            bodies.append(guarded(tally, lambda i=i: appt_loop(s, tally, token, person, i), "appt"))
    for i in range(CLIENTS - LOGINS - WRITERS):
        bodies.append(guarded(tally, lambda i=i: read_loop(s, tally, token, i), "read"))
    return [threading.Thread(target=b, daemon=True) for b in bodies]


def check_counts(tally):
    """Statuses: log-ins 200 or (wrong) 401, reads 200, writes 201/204."""
    print("# answers: %s" % sorted(tally.counts.items()))
    eq(tally.errors, [], "exceptions in client threads")
    eq(tally.locked_bodies, [], "5xx or 'database is locked' answers")
    for kind, ok in (("login", {200}), ("login.wrong", {401}), ("read", {200}),
                     ("write", {201, 204})):
        check(tally.count(kind) > 0, "no %s answered" % kind)
        other = {st: n for (k, st), n in tally.counts.items() if k == kind and st not in ok}
        eq(other, {}, "%s answers other than %s" % (kind, sorted(ok)))
    eq(min(tally.logins) >= MIN_LOGINS, True, "every log-in thread answered %d times (%s, run"
       " stopped after %.1f s)" % (MIN_LOGINS, tally.logins, tally.ended))


def check_reads_during_logins(tally):
    """In every whole second of the run in which log-ins completed, at
    least READS_PER_LOGIN_SECOND reads completed too."""
    last = int(tally.ended)  # the second the run stopped in is partial
    busy = sorted({sec for (k, sec) in tally.seconds if k in ("login", "login.wrong")
                   and sec < last})
    check(busy, "no whole second with completed log-ins")
    thin = {sec: tally.seconds.get(("read", sec), 0) for sec in busy
            if tally.seconds.get(("read", sec), 0) < READS_PER_LOGIN_SECOND}
    print("# (log-ins, reads) per second: %s" % [
        (tally.seconds.get(("login", sec), 0) + tally.seconds.get(("login.wrong", sec), 0),
         tally.seconds.get(("read", sec), 0)) for sec in busy])
    eq(thin, {}, "seconds with log-ins but fewer than %d reads" % READS_PER_LOGIN_SECOND)


@test
def logins_reads_and_writes_in_parallel():
    """The 64 clients against their own server: statuses, bodies, reads per
    second with log-ins, audit events, leftovers, the server's stderr."""
    s = Server(extra_args=SERVER_ARGS)
    try:
        tally = Tally()
        threads = threads_for(s, tally)
        logins, fails = audit_count(s, "login"), audit_count(s, "login.fail")
        appts = s.one("SELECT count(*) FROM appointments WHERE ended_at IS NULL")
        tally.begin()
        for t in threads:
            t.start()
        for t in threads:
            t.join(timeout=HARD_SECONDS + 60)
        check(not any(t.is_alive() for t in threads), "client threads still running")
        check_counts(tally)
        check_reads_during_logins(tally)
        eq(audit_count(s, "login") - logins, tally.count("login", 200), "login audit events")
        eq(audit_count(s, "login.fail") - fails, tally.count("login.wrong", 401),
           "login.fail audit events")
        eq(audit_count(s, "login.throttled"), 0, "login.throttled audit events")
        left = s.one("SELECT count(*) FROM appointments WHERE ended_at IS NULL")
        check(left - appts <= WRITERS // 2, "appointments left over: %d" % (left - appts))
        s.stop()
        errors = [ln for ln in s.read_log().splitlines() if LOCKED.search(ln)]
        eq(errors, [], "busy or locked errors on the server's stderr")
    finally:
        s.close()


@test
def token_reads_take_no_write_lock():
    """A token records its use at most once a minute, and a read with a
    token used within the minute writes nothing: it is answered while
    another connection holds the write lock, and the server logs no
    failed write (an UPDATE that changes no row still waits for the lock)."""
    s = shared_server()
    token = s.token("plus@kbh.dk")
    tid = s.one("SELECT id FROM api_tokens ORDER BY id DESC LIMIT 1")
    c = s.client(token=token)
    eq(c.get("/api/v1/master-tasks").status, 200, "first read with the token")
    first = s.one("SELECT last_used_at FROM api_tokens WHERE id = ?", tid)
    check(first, "last_used_at not set by the first use")
    side = sqlite3.connect(s.db, timeout=0, isolation_level=None)
    try:
        side.execute("BEGIN IMMEDIATE")
        eq(c.get("/api/v1/master-tasks").status, 200, "read while the write lock is held")
    finally:
        side.execute("ROLLBACK")
        side.close()
    s.log.flush()
    eq([ln for ln in s.read_log().splitlines() if "not recorded" in ln], [],
       "failed last-use writes on the server's stderr")
    eq(s.one("SELECT last_used_at FROM api_tokens WHERE id = ?", tid), first,
       "last_used_at within the minute")
    eq(s.write("UPDATE api_tokens SET last_used_at = '2020-01-01T00:00:00Z' WHERE id = ?", tid), 1,
       "aging last_used_at")
    eq(c.get("/api/v1/master-tasks").status, 200, "read after a minute")
    check(s.one("SELECT last_used_at FROM api_tokens WHERE id = ?", tid) >= first,
          "last_used_at not recorded again after a minute")


run()
