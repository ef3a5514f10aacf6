"""Request bodies and connections at their limits: 413 (or 404/405 for
no route) before a byte of an over-long declared body is read, a chunked
body far past the limit closes the connection, bodies cost memory in
proportion to their size (VmHWM stays within a generous bound for
parallel 1 MB bodies), and slow clients that dribble their headers
neither starve other clients nor stay open past the idle timeout."""

import os
import socket
import sys
import threading
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from harness import Server, check, eq, run, shared_server, test  # noqa: E402

MB = 1000 * 1000
MIB = 1 << 20


def open_raw(server, source=None):
    """A plain socket to the server (from the loopback address source)."""
    s = socket.create_connection(("127.0.0.1", server.port), timeout=20,
                                 source_address=(source, 0) if source else None)
    s.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
    return s


def read_status(s):
    """The status of the answer on s, or None when the server closed it
    without one."""
    data = b""
    try:
        while b"\r\n" not in data:
            chunk = s.recv(4096)
            if not chunk:
                break
            data += chunk
    except (ConnectionResetError, socket.timeout):
        pass
    return int(data.split(b" ")[1]) if data.startswith(b"HTTP/1.1 ") else None


def head(path, length=None, chunked=False, token=None, method="POST"):
    """The request line and headers of a JSON upload."""
    h = "%s %s HTTP/1.1\r\nHost: klikd\r\nContent-Type: application/json\r\n" % (method, path)
    if token:
        h += "Authorization: Bearer %s\r\n" % token
    if chunked:
        h += "Transfer-Encoding: chunked\r\n"
    if length is not None:
        h += "Content-Length: %d\r\n" % length
    return (h + "\r\n").encode()


def upload(server, path, body, token=None, chunked=False, statuses=None):
    """Sends body in 64 KiB pieces and returns the status (None: closed)."""
    s = open_raw(server)
    try:
        s.sendall(head(path, None if chunked else len(body), chunked, token))
        for i in range(0, len(body), 65536):
            piece = body[i:i + 65536]
            s.sendall(b"%x\r\n%s\r\n" % (len(piece), piece) if chunked else piece)
        if chunked:
            s.sendall(b"0\r\n\r\n")
        status = read_status(s)
    except (BrokenPipeError, ConnectionResetError):
        status = read_status(s)
    finally:
        s.close()
    if statuses is not None:
        statuses.append(status)
    return status


def vm_hwm_kb(pid):
    """Peak resident set of a process in KiB."""
    with open("/proc/%d/status" % pid) as f:
        for line in f:
            if line.startswith("VmHWM:"):
                return int(line.split()[1])
    raise AssertionError("no VmHWM")


def sanitized(pid):
    """Whether the process runs under AddressSanitizer (`make sanitize`),
    whose redzones and quarantine of freed memory inflate its peak."""
    with open("/proc/%d/maps" % pid) as f:
        return "libasan" in f.read()


def healthy(server, what):
    r = server.client().get("/healthz")
    eq((r.status, r.text), (200, "ok\n"), "/healthz after %s" % what)


# ------------------------------------------------------------------- bodies

@test
def declared_oversized_body_gets_413_before_any_byte():
    server = shared_server()
    # Not one byte of the body is sent: the answer comes from the headers.
    # A path without the method (POST /healthz) is a 405 as soon as it is
    # known; a route that takes no body (GET /healthz) refuses any body.
    for method, path, length, want in (("POST", "/api/v1/users", MIB + 1, 413),
                                       ("POST", "/api/v1/users", 50 * MIB, 413),
                                       ("GET", "/healthz", 10, 413),
                                       ("DELETE", "/api/v1/session", 2, 413),
                                       ("POST", "/healthz", MB, 405),
                                       ("PUT", "/findes-ikke", MB, 404)):
        s = open_raw(server)
        try:
            s.sendall(head(path, length, method=method))
            eq(read_status(s), want, "%s %s with Content-Length %d" % (method, path, length))
        finally:
            s.close()
    healthy(server, "oversized bodies")


@test
def body_within_limit_arrives_whole():
    server = shared_server()
    token = server.token("admin@kbh.dk")
    # POST /api/v1/users accepts 16 KiB. A valid JSON object just under it
    # must be parsed (422 on the long name), so the body arrived complete,
    # whether declared or chunked; one byte over is refused.
    limit = 16 * 1024
    body = b'{"name": "' + b"a" * (limit - 12) + b'"}'
    eq(len(body), limit, "body size")
    for chunked in (False, True):
        status = upload(server, "/api/v1/users", body, token=token, chunked=chunked)
        eq(status, 422, "16 KiB JSON body (chunked=%s)" % chunked)
    over = b'{"name": "' + b"a" * (limit - 11) + b'"}'
    eq(upload(server, "/api/v1/users", over, token=token), 413, "16 KiB + 1")
    eq(upload(server, "/api/v1/users", over, token=token, chunked=True), 413,
       "16 KiB + 1, chunked")
    healthy(server, "bodies at the limit")


@test
def json_with_too_many_values_is_refused_unparsed():
    server = shared_server()
    c = server.client(token=server.token("admin@kbh.dk"))
    r = c.request("POST", "/api/v1/users", body=b"[" + b"1," * 20000 + b"1]",
                  headers={"Content-Type": "application/json"})
    eq(r.status, 413, "20,001 values")
    # Commas, colons and brackets inside strings are not values.
    r = c.post_json("/api/v1/users", {"name": ",:[{" * 3000, "email": "x"})
    eq(r.status, 422, "punctuation inside a string (%s)" % r.text[:200])
    r = c.request("POST", "/api/v1/users", body=b"[1, 2]",
                  headers={"Content-Type": "application/json"})
    eq(r.status, 400, "a small array")


@test
def chunked_body_past_limit_closes_the_connection():
    server = shared_server()
    s = open_raw(server)
    sent = 0
    closed_early = False
    piece = b"x" * 16384
    try:
        s.sendall(head("/api/v1/users", chunked=True))
        while sent < 32 * MIB:
            s.sendall(b"%x\r\n%s\r\n" % (len(piece), piece))
            sent += len(piece)
    except (BrokenPipeError, ConnectionResetError):
        closed_early = True
    status = read_status(s)
    s.close()
    eq(status, None, "answer to an endless chunked body")
    check(closed_early, "the server read all %d bytes of an endless body" % sent)
    check(sent < 32 * MIB, "sent %d bytes" % sent)
    time.sleep(0.2)
    check(any(" POST /api/v1/users 413 " in line and line.rstrip().endswith("aborted")
              for line in server.out), "no '413 ... aborted' line in the access log")
    healthy(server, "an endless chunked body")


@test
def parallel_large_bodies_cost_bounded_memory():
    # A fresh server, so the peak measured is this test's alone.
    server = Server()
    try:
        token = server.token("admin@kbh.dk")
        server.client().get("/healthz")
        before = vm_hwm_kb(server.proc.pid)
        body = b"[" + b"1," * (MB // 2 - 1) + b"1]"
        statuses = []
        jobs = []
        for i in range(16):
            jobs.append(("/api/v1/users", token, False))
            jobs.append(("/api/v1/users", token, True))
            jobs.append(("/healthz", None, False))
        threads = [threading.Thread(target=upload, args=(server, p, body, t, c, statuses))
                   for p, t, c in jobs]
        for t in threads:
            t.start()
        for t in threads:
            t.join(60)
        grew_mb = (vm_hwm_kb(server.proc.pid) - before) / 1024
        eq(len(statuses), 48, "uploads finished")
        # /api/v1/users takes 16 KiB: a declared 1 MB body is refused at
        # its headers (413), a chunked one is dropped and its connection
        # closed (no answer); POST /healthz is refused at once (405).
        eq(statuses.count(405), 16, "405 answers")
        eq(statuses.count(413), 16, "413 answers")
        check(all(x in (405, 413, None) for x in statuses), "statuses %r" % statuses)
        # Copying the body at every piece cost over 120 MB for 16 bodies.
        bound = 128 if sanitized(server.proc.pid) else 48
        check(grew_mb < bound, "peak RSS grew by %.1f MB for 48 parallel 1 MB bodies (bound %d)"
              % (grew_mb, bound))
        healthy(server, "parallel bodies")
    finally:
        server.close()


# -------------------------------------------------------------- connections

@test
def slow_header_clients_do_not_starve_others():
    limit, timeout, nslow = 50, 3, 200
    server = Server(seeds=False, users=False,
                    extra_args=("--max-conns-per-ip", str(limit), "--conn-timeout", str(timeout)))
    slow = []
    try:
        for _ in range(nslow):
            s = open_raw(server, source="127.0.0.2")
            s.sendall(b"GET /healthz HTTP/1.1\r\nHost: klikd\r\n")
            slow.append(s)
        # Dribble one header line each second for longer than the timeout:
        # the per-address limit keeps all but `limit` of them out, and the
        # ordinary client is answered all along.
        t0 = time.monotonic()
        answered = 0
        while time.monotonic() - t0 < timeout + 1.5:
            for s in slow:
                try:
                    s.sendall(b"X-Slow: 1\r\n")
                except OSError:
                    pass
            r = server.client().get("/healthz")
            eq((r.status, r.text), (200, "ok\n"), "/healthz from 127.0.0.1 meanwhile")
            answered += 1
            time.sleep(1)
        check(answered >= timeout, "only %d answers" % answered)
        open_now = sum(1 for s in slow if still_open(s))
        check(open_now <= limit, "%d slow connections open, limit %d" % (open_now, limit))
        check(open_now > 0, "the dribbling connections were all closed: nothing was tested")
        # Fall silent: the idle timeout closes what is left.
        deadline = time.monotonic() + timeout + 4
        while time.monotonic() < deadline and any(still_open(s) for s in slow):
            time.sleep(0.5)
        eq(sum(1 for s in slow if still_open(s)), 0, "slow connections open after the timeout")
        healthy(server, "slow clients")
    finally:
        for s in slow:
            s.close()
        server.close()


def still_open(s):
    """Whether the server has not closed s (nothing has been read from it)."""
    s.setblocking(False)
    try:
        return s.recv(1, socket.MSG_PEEK) != b""
    except BlockingIOError:
        return True
    except OSError:
        return False
    finally:
        s.setblocking(True)


if __name__ == "__main__":
    run()
