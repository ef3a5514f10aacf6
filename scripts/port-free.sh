#!/bin/sh
# Used by `make run` before it serves: checks that HOST:PORT (LISTEN) can be
# listened on, and if another program holds it, says so with the command
# that picks the next port, and exits 1. Binds a test socket for a moment
# and closes it; starts and stops nothing else. Exit 0 when the port is
# free, or when it cannot tell (no python3: the server will say).
#
# Usage: scripts/port-free.sh HOST:PORT
set -u
listen=${1:?usage: scripts/port-free.sh HOST:PORT}
host=${listen%:*}
port=${listen##*:}
case $port in
    ''|*[!0-9]*) echo "klikd: LISTEN=$listen is not HOST:PORT" >&2; exit 2 ;;
esac
[ "$port" -eq 0 ] && exit 0
py=/usr/bin/python3
[ -x "$py" ] || py=$(command -v python3) || exit 0
if "$py" - "$host" "$port" <<'PY'
import socket, sys
host, port = sys.argv[1].strip("[]"), int(sys.argv[2])
try:
    info = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM, flags=socket.AI_PASSIVE)
except socket.gaierror:
    sys.exit(0)  # an unknown host: klikd serve says so itself
family, kind, proto, _, addr = info[0]
s = socket.socket(family, kind, proto)
s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)  # as a server does
try:
    s.bind(addr)
    s.listen(1)
except OSError:
    sys.exit(1)
finally:
    s.close()
PY
then
    exit 0
fi
echo "klikd: $listen is in use; pick another with: make run LISTEN=$host:$((port + 1))" >&2
exit 1
