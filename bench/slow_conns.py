"""Slow-header clients against klikd: opens N connections from 127.0.0.2
that each send a request line and then one header line every 5 s (never
finishing), and meanwhile makes ordinary requests from 127.0.0.1 with a
2 s timeout. Prints how many of those were answered, how many slow
connections the server accepted and how many it has closed. Figures
only; tests/http/test_limits.py holds the bounded check.

usage: KLIKD=build/klikd python3 bench/slow_conns.py [N [SECONDS]]"""

import os
import socket
import sys
import time

sys.path.insert(0, os.path.join(os.path.dirname(__file__), "..", "tests", "http"))
from harness import Server  # noqa: E402


def is_open(s):
    """Whether the server has not closed s."""
    s.setblocking(False)
    try:
        return s.recv(1, socket.MSG_PEEK) != b""
    except BlockingIOError:
        return True
    except OSError:
        return False


def ordinary(port):
    """One GET /healthz from 127.0.0.1: True when answered within 2 s."""
    try:
        c = socket.create_connection(("127.0.0.1", port), timeout=2)
        c.sendall(b"GET /healthz HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n")
        ok = c.recv(100).startswith(b"HTTP/1.1 200")
        c.close()
        return ok
    except OSError:
        return False


def main():
    n = int(sys.argv[1]) if len(sys.argv) > 1 else 1030
    seconds = float(sys.argv[2]) if len(sys.argv) > 2 else 20
    server = Server(seeds=False, users=False)
    slow = []
    try:
        for _ in range(n):
            try:
                s = socket.create_connection(("127.0.0.1", server.port), timeout=5,
                                             source_address=("127.0.0.2", 0))
                s.sendall(b"GET /healthz HTTP/1.1\r\nHost: x\r\n")
                slow.append(s)
            except OSError:
                pass
        time.sleep(0.5)
        accepted = sum(1 for s in slow if is_open(s))
        t0 = time.monotonic()
        last_dribble = t0
        answered = tried = 0
        while time.monotonic() - t0 < seconds:
            if time.monotonic() - last_dribble >= 5:
                for s in slow:
                    try:
                        s.sendall(b"X-Slow: 1\r\n")
                    except OSError:
                        pass
                last_dribble = time.monotonic()
            tried += 1
            answered += ordinary(server.port)
            time.sleep(0.25)
        still = sum(1 for s in slow if is_open(s))
        print("%d slow connections (one header line / 5 s): %d held open after 0.5 s, "
              "%d after %.0f s; ordinary requests answered %d of %d" % (
                  len(slow), accepted, still, seconds, answered, tried), flush=True)
    finally:
        for s in slow:
            s.close()
        server.close()


if __name__ == "__main__":
    main()
