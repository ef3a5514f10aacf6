"""Write-lock contention during log-ins, for `make bench` (and alone:
`KLIKD=path/to/klikd python3 bench/locks.py`, to compare builds).

Two figures. First, while LOCK_LOGINS clients log in in a loop, a side
SQLite connection with busy_timeout 0 tries `BEGIN IMMEDIATE` on the
server's database every 10 ms and counts how many attempts found the
write lock taken. Second, the latency of GET /healthz (anonymous) and of
GET /api/v1/master-tasks with an API token (one client, one request at a
time) without log-ins and while HEALTH_LOGINS clients log in in a loop:
median and largest. Log-ins cost the password KDF (~100 ms under the
harness's parameters); if it ran inside the write transaction, the lock
would be busy nearly always, and a read that writes (a token's last use)
would queue behind it. Last, the same /healthz figure with 16 pool
threads (the KDF runs on klikd's own worker threads, so the pool size
should make little difference).
Figures only; nothing is asserted (the counted checks are in
tests/http/test_load.py)."""

import os
import sqlite3
import statistics
import sys
import threading
import time

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "tests", "http"))
from harness import Server  # noqa: E402

SECONDS = float(os.environ.get("BENCH_LOCK_SECONDS", "3"))
LOCK_LOGINS = 5
HEALTH_LOGINS = 4
MIN_SAMPLES = 5  # /healthz samples even when each takes seconds
USERS = ("admin@kbh.dk", "plus@kbh.dk")


class Logins:
    """n threads logging in in a loop until stop(); counts answers."""

    def __init__(self, server, n):
        self.server = server
        self.done = threading.Event()
        self.lock = threading.Lock()
        self.statuses = {}  # status -> answers
        self.threads = [threading.Thread(target=self._loop, args=(i,), daemon=True)
                        for i in range(n)]

    def _loop(self, i):
        """One client's log-ins (its own loopback address)."""
        c = self.server.client(source="127.0.0.%d" % (40 + i))
        k = i
        while not self.done.is_set():
            k += 1
            r = c.post_json("/api/v1/session", {"email": USERS[k % 2],
                                                "password": "korrekt-hest-batteri"}, csrf=False)
            with self.lock:
                self.statuses[r.status] = self.statuses.get(r.status, 0) + 1

    def start(self):
        """Starts the threads and waits for the first answer, so the
        measurement begins with log-ins under way."""
        for t in self.threads:
            t.start()
        while not self.statuses and not self.done.wait(0.01):
            pass
        self.t0 = time.monotonic()

    def stop(self):
        """Stops the threads; returns (log-ins per second, {status: n})."""
        seconds = time.monotonic() - self.t0
        self.done.set()
        for t in self.threads:
            t.join(timeout=60)
        return sum(self.statuses.values()) / max(seconds, 1e-9), dict(self.statuses)


def lock_attempts(db, seconds):
    """(busy, attempts) of BEGIN IMMEDIATE with busy_timeout 0, one try
    every 10 ms for seconds; a lock that is won is given back at once."""
    con = sqlite3.connect(db, timeout=0, isolation_level=None)
    busy = attempts = 0
    end = time.monotonic() + seconds
    try:
        while time.monotonic() < end:
            attempts += 1
            try:
                con.execute("BEGIN IMMEDIATE")
                con.execute("ROLLBACK")
            except sqlite3.OperationalError as e:
                if "locked" not in str(e) and "busy" not in str(e):
                    raise
                busy += 1
            time.sleep(0.01)
    finally:
        con.close()
    return busy, attempts


def latencies(client, path, seconds):
    """Latencies in ms of sequential GETs of path for seconds (at least
    MIN_SAMPLES of them), and how many were not 200."""
    lat, bad = [], 0
    end = time.monotonic() + seconds
    while time.monotonic() < end or len(lat) < MIN_SAMPLES:
        t = time.monotonic()
        r = client.get(path)
        lat.append((time.monotonic() - t) * 1000)
        bad += r.status != 200
    return lat, bad


def fmt_status(statuses):
    """{200: 41, 500: 2} as "200x41 500x2"."""
    return " ".join("%dx%d" % kv for kv in sorted(statuses.items()))


def lock_figure(server):
    """Prints the busy BEGIN IMMEDIATE attempts during LOCK_LOGINS log-ins."""
    print("write lock during %d parallel log-ins (BEGIN IMMEDIATE, busy_timeout 0, every 10 ms,"
          " %g s):" % (LOCK_LOGINS, SECONDS))
    logins = Logins(server, LOCK_LOGINS)
    logins.start()
    busy, attempts = lock_attempts(server.db, SECONDS)
    rate, st = logins.stop()
    print("  %d of %d attempts busy (%.0f%%); %.1f log-ins/s (%s)"
          % (busy, attempts, 100.0 * busy / attempts, rate, fmt_status(st)), flush=True)


def read_figure(server, name, client, path, idle=True):
    """Prints the latency of GET path without log-ins (when idle) and while
    HEALTH_LOGINS clients log in."""
    if idle:
        lat, bad = latencies(client, path, 1)
        print("%s, no log-ins: median %.1f ms, max %.1f ms (%d requests, %d not 200)"
              % (name, statistics.median(lat), max(lat), len(lat), bad), flush=True)
    logins = Logins(server, HEALTH_LOGINS)
    logins.start()
    lat, bad = latencies(client, path, SECONDS)
    rate, st = logins.stop()
    print("%s, %d clients logging in: median %.1f ms, max %.1f ms (%d requests, %d not 200);"
          " %.1f log-ins/s (%s)" % (name, HEALTH_LOGINS, statistics.median(lat), max(lat),
                                    len(lat), bad, rate, fmt_status(st)), flush=True)


def report():
    """Runs the measurements on fresh seeded servers and prints them: the
    default server, then one with more pool threads than log-in clients
    (a KDF blocks its pool thread and every connection queued on it)."""
    server = Server(strict=False)
    try:
        lock_figure(server)
        read_figure(server, "GET /healthz", server.client(), "/healthz")
        read_figure(server, "GET /api/v1/master-tasks, Bearer",
                    server.client(token=server.token(USERS[1])), "/api/v1/master-tasks")
        log = server.read_log()
        print("  server stderr lines mentioning locked/busy: %d"
              % sum(1 for ln in log.splitlines() if "locked" in ln or "busy" in ln))
    finally:
        server.close()
    server = Server(strict=False, extra_args=("--threads", "16"))
    try:
        read_figure(server, "GET /healthz, --threads 16", server.client(), "/healthz", False)
    finally:
        server.close()


if __name__ == "__main__":
    report()
