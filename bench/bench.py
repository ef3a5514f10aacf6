"""`make bench`: measures klikd's throughput on a seeded database with the
load generator in bench/load.c and prints one line per page: requests per
second, mean latency and errors; then the write-lock contention during
log-ins and read latency while clients log in (bench/locks.py). Figures
only; nothing is asserted."""

import os
import subprocess
import sys

sys.path.insert(0, os.path.join(os.path.dirname(__file__), "..", "tests", "http"))
from harness import Server, klikd  # noqa: E402

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import locks  # noqa: E402

HERE = os.path.dirname(os.path.abspath(__file__))
SECONDS = os.environ.get("BENCH_SECONDS", "5")
THREADS = os.environ.get("BENCH_THREADS", "4")


def main():
    load = os.path.join(HERE, "..", "build", "bench-load")
    subprocess.run(["cc", "-O2", "-Wall", "-Werror", "-D_GNU_SOURCE", "-pthread", "-o", load, os.path.join(HERE, "load.c")], check=True)
    server = Server(strict=False)  # as in production
    try:
        _, token, _ = klikd("token", "add", "--db", server.db, "--email", "plus@kbh.dk")
        auth = "Authorization: Bearer " + token.strip()
        mt = server.one("SELECT id FROM master_tasks WHERE external_id = 519")
        server.seed_wave("KY", "Bølge B", "2027-03-01", ["101"], [mt])  # for the timeline
        cases = [
            ("/healthz", None),
            ("/api/v1/roles", None),
            ("/api/v1/roles/infrastrukturansvarlig", None),
            ("/roller", None),
            ("/roller/infrastrukturansvarlig", None),
            ("/api/v1/master-tasks", auth),
            ("/api/v1/master-tasks/%d" % mt, auth),
            ("/master-opgaver/%d" % mt, auth),
            ("/api/v1/projects/KY/timeline", auth),
            ("/projekter/KY/tidslinje", auth),
        ]
        print("klikd bench: %s s per page, %s connections, %s" % (SECONDS, THREADS, os.uname().machine))
        print("%-40s %10s %10s %7s" % ("page", "req/s", "mean ms", "errors"))
        for path, header in cases:
            args = [load, "127.0.0.1", str(server.port), path, SECONDS, THREADS]
            if header:
                args.append(header)
            out = subprocess.run(args, capture_output=True, text=True, check=True).stdout.split()
            print("%-40s %10s %10s %7s" % (path, out[0], out[1], out[2]), flush=True)
    finally:
        server.close()
    locks.report()


main()
