"""The follow-up matrix at full size: seeds a wave of all 98
municipalities × 150 master tasks (14,700 tasks, statuses spread over the
three values and some overdue) straight into the database, then prints
how long KOMBIT waits for the matrix as JSON (/api/v1/waves/{id}/matrix),
as the HTML page and as the streamed CSV file (median and slowest of
BENCH_RUNS requests each, wall time on the client, the server running
without strict templates as in production) and the server's own time from
its access log (up to the answer's queueing: a streamed CSV is made after
it, so its server time is the look-up only), the answers' sizes, and the
server's peak resident set (VmHWM) at the start and after each kind of
answer, the CSV first: streamed line by line, it should leave the peak
where it was, while the JSON and the page, built whole, raise it. Figures only; nothing is asserted.

    KLIKD=build/klikd /usr/bin/python3 bench/feeds.py"""

import os
import statistics
import sqlite3
import sys
import time

sys.path.insert(0, os.path.join(os.path.dirname(__file__), "..", "tests", "http"))
from harness import Server  # noqa: E402

RUNS = int(os.environ.get("BENCH_RUNS", "20"))
TASKS = 150
NOW = "2026-01-01T00:00:00Z"


def seed(s):
    """The wave: 150 KY master tasks published to all 98 municipalities."""
    con = sqlite3.connect(s.db, timeout=10)
    try:
        ky = con.execute("SELECT id FROM projects WHERE code = 'KY'").fetchone()[0]
        con.execute("INSERT INTO waves (project_id, name, go_live) VALUES (?, 'Bølge bench',"
                    " date('now', '+90 days'))", (ky,))
        wave = con.execute("SELECT max(id) FROM waves").fetchone()[0]
        con.executemany(
            "INSERT INTO master_tasks (title, project_id, end_offset_days, created_at,"
            " updated_at) VALUES (?, ?, ?, ?, ?)",
            [("Benchopgave %d med en titel af almindelig længde" % i, ky, i * 3 - 300, NOW, NOW)
             for i in range(TASKS)])
        con.execute("INSERT INTO wave_members SELECT ?, id FROM organisations"
                    " WHERE kind = 'municipality'", (wave,))
        con.execute("INSERT INTO wave_publications (wave_id, master_task_id, published_at)"
                    " SELECT ?, id, ? FROM master_tasks WHERE title LIKE 'Benchopgave %'",
                    (wave, NOW))
        con.execute(
            "INSERT INTO tasks (master_task_id, organisation_id, project_id, wave_id, end_date,"
            " status, published_at, updated_at)"
            " SELECT m.id, o.id, m.project_id, ?, date('now', '+90 days',"
            " m.end_offset_days || ' days'),"
            " CASE (m.id + o.id) % 3 WHEN 0 THEN 'fuldfoert' WHEN 1 THEN 'paabegyndt'"
            " ELSE 'ikke_paabegyndt' END, ?, ?"
            " FROM master_tasks m, organisations o WHERE m.title LIKE 'Benchopgave %'"
            " AND o.kind = 'municipality'", (wave, NOW, NOW))
        con.commit()
        n = con.execute("SELECT count(*) FROM tasks WHERE wave_id = ?", (wave,)).fetchone()[0]
    finally:
        con.close()
    return wave, n


def vm_hwm_kb(pid):
    with open("/proc/%d/status" % pid) as f:
        for line in f:
            if line.startswith("VmHWM:"):
                return int(line.split()[1])
    return 0


def server_ms(s, since, path):
    """The median of the times the server's access log gave path (without
    its query) in the lines it printed after the first since."""
    path = path.split("?")[0]
    ms = [float(line.split()[6][:-2]) for line in s.out[since:]
          if len(line.split()) > 6 and line.split()[3] == path]
    return (statistics.median(ms), min(ms)) if ms else (float("nan"), float("nan"))


def timed(client, path):
    """(median ms, min ms, max ms, bytes) of RUNS GETs of path."""
    times, size = [], 0
    for _ in range(RUNS):
        t = time.perf_counter()
        r = client.get(path)
        times.append((time.perf_counter() - t) * 1000)
        if r.status != 200:
            raise SystemExit("%s answered %d" % (path, r.status))
        size = len(r.body)
    return statistics.median(times), min(times), max(times), size


def main():
    s = Server(strict=False)
    try:
        wave, n = seed(s)
        # an API token: a password log-in's KDF (32 MiB) would set the peak
        c = s.client(token=s.token("kombit@kombit.dk"))
        print("klikd bench feeds: wave of %d tasks (98 municipalities × %d), %d runs each"
              % (n, TASKS, RUNS))
        print("%-24s %17s %17s %9s %9s" % ("answer", "server ms med/min", "client ms med/min",
                                            "max ms", "bytes"))
        # the CSV first, so the peak after it is the streamed export's alone
        cases = [("matrix CSV (streamed)", "/api/v1/waves/%d/matrix?format=csv" % wave),
                 ("matrix JSON", "/api/v1/waves/%d/matrix" % wave),
                 ("matrix page", "/boelger/%d/opfoelgning" % wave)]
        for _ in range(16):  # every pool thread opens its connection first
            c.get("/api/v1/waves/%d" % wave)
        peaks = [("after warm-up", vm_hwm_kb(s.proc.pid))]
        for name, path in cases:
            since = len(s.out)
            med, best, worst, size = timed(c, path)
            time.sleep(0.2)  # the access log's last lines
            peaks.append((name, vm_hwm_kb(s.proc.pid)))
            smed, smin = server_ms(s, since, path)
            print("%-24s %8.1f/%8.1f %8.1f/%8.1f %9.1f %9d" % (name, smed, smin, med, best, worst,
                                                              size), flush=True)
        print("peak resident set (VmHWM) after each: " +
              ", ".join("%s %d KiB" % p for p in peaks))
    finally:
        s.close()


main()
