"""Peak memory of request bodies: starts klikd, reads its VmHWM (peak
resident set, /proc/PID/status), sends large bodies and prints how much
the peak grew and which statuses came back. Figures only; nothing is
asserted (tests/http/test_limits.py holds the bounded checks).

Workloads: 16 parallel 1 MB bodies with Content-Length, 16 parallel 1 MB
chunked bodies, and one 1 MB body written in 1 KiB pieces. Each runs
against a fresh server so one peak does not hide the next."""

import os
import socket
import sys
import threading
import time

sys.path.insert(0, os.path.join(os.path.dirname(__file__), "..", "tests", "http"))
from harness import Server  # noqa: E402

MB = 1000 * 1000


def vm_hwm_kb(pid):
    """The process's peak resident set in KiB."""
    with open("/proc/%d/status" % pid) as f:
        for line in f:
            if line.startswith("VmHWM:"):
                return int(line.split()[1])
    return 0


def send_body(port, path, size, piece, chunked, statuses):
    """Sends one POST of size bytes in pieces; appends the status (or the
    way the connection ended) to statuses."""
    s = socket.create_connection(("127.0.0.1", port), timeout=30)
    s.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
    head = "POST %s HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\n" % path
    head += "Transfer-Encoding: chunked\r\n" if chunked else "Content-Length: %d\r\n" % size
    try:
        s.sendall((head + "\r\n").encode())
        sent = 0
        data = b"x" * piece
        while sent < size:
            n = min(piece, size - sent)
            if chunked:
                s.sendall(b"%x\r\n" % n + data[:n] + b"\r\n")
            else:
                s.sendall(data[:n])
            sent += n
            if piece <= 1024:
                time.sleep(0.0005)
        if chunked:
            s.sendall(b"0\r\n\r\n")
        reply = s.recv(200)
        statuses.append(reply.split(b" ")[1].decode() if reply else "closed")
    except OSError as e:
        statuses.append("closed:%s" % type(e).__name__)
    finally:
        s.close()


def workload(name, path, n, size, piece, chunked, extra_args=()):
    """Runs n parallel uploads against a fresh server; prints the result."""
    server = Server(seeds=False, users=False, extra_args=extra_args)
    try:
        server.client().get("/healthz")
        before = vm_hwm_kb(server.proc.pid)
        statuses = []
        threads = [threading.Thread(target=send_body,
                                    args=(server.port, path, size, piece, chunked, statuses))
                   for _ in range(n)]
        t0 = time.monotonic()
        for t in threads:
            t.start()
        for t in threads:
            t.join()
        took = time.monotonic() - t0
        after = vm_hwm_kb(server.proc.pid)
        alive = server.client().get("/healthz").status
        print("%-44s VmHWM +%6.1f MB (%.1f -> %.1f)  %.2fs  statuses %s  then /healthz %d" % (
            name, (after - before) / 1024, before / 1024, after / 1024, took,
            sorted(set(statuses)), alive), flush=True)
    finally:
        server.close()


def main():
    workload("16 x 1 MB, Content-Length, /api/v1/users", "/api/v1/users", 16, MB, 65536, False)
    workload("16 x 1 MB, chunked, /api/v1/users", "/api/v1/users", 16, MB, 65536, True)
    workload("1 x 1 MB in 1 KiB pieces, /api/v1/users", "/api/v1/users", 1, MB, 1024, False)
    workload("1 x 1 MB chunked in 1 KiB pieces", "/api/v1/users", 1, MB, 1024, True)
    workload("16 x 1 MB, Content-Length, POST /healthz", "/healthz", 16, MB, 65536, False)
    workload("16 x 1 MB, chunked, POST /healthz", "/healthz", 16, MB, 65536, True)


if __name__ == "__main__":
    main()
