#!/usr/bin/env python3
"""Asks daemons in network namespaces what they hold, through each daemon's Gogo telnet shell.

Each daemon runs `telnetd start` (gosh.args), which listens on 127.0.0.1:2019 of its own namespace: the
query never touches eth0, so it adds nothing to a capture on the bridge. The socket is opened inside the
namespace (setns through libc), so one process can ask every host.

  gogo.py run <ns> <command>...          prints the shell's answer to each command
  gogo.py status <group> <ns>=<host>...  one line per host:
      <host> <state> <epoch> <key> <receivers> spis=<sender:SPI:in|ou,... of that epoch> members=<ids|->
      (<host> DOWN - - - spis= members= when its shell does not answer)
`mike:msas` lists what the host's SA sink holds (GroupSession.msas reads the sink), so the SPIs are the
in-memory sink's view; `mike:groups` gives state, epoch and key fingerprint; `mike:members` the key
server's members.
"""
import ctypes
import os
import socket
import sys

CLONE_NEWNET = 0x40000000
_libc = ctypes.CDLL(None, use_errno=True)


def connect(ns, timeout=4.0):
    """A TCP connection to 127.0.0.1:2019 inside namespace ns (this thread returns to its namespace)."""
    own = os.open("/proc/self/ns/net", os.O_RDONLY)
    target = os.open("/run/netns/" + ns, os.O_RDONLY)
    try:
        if _libc.setns(target, CLONE_NEWNET) != 0:
            raise OSError(ctypes.get_errno(), "setns " + ns)
        try:
            return socket.create_connection(("127.0.0.1", 2019), timeout=timeout)
        finally:
            if _libc.setns(own, CLONE_NEWNET) != 0:
                raise OSError(ctypes.get_errno(), "setns back")
    finally:
        os.close(own)
        os.close(target)


def ask(ns, commands):
    """The shell's answers, one string per command (prompt lines split off)."""
    s = connect(ns)
    try:
        s.sendall("".join(c + "\r\n" for c in commands).encode())
        s.shutdown(socket.SHUT_WR)
        s.settimeout(4.0)
        data = b""
        while True:
            d = s.recv(65536)
            if not d:
                break
            data += d
    finally:
        s.close()
    text = data.decode("utf-8", "replace").replace("\r", "")
    parts = text.split("g! ")[1:]   # one answer per prompt; the last is the shell stopping
    return [p.strip("\n") for p in parts[: len(commands)]]


def table(answer):
    """Rows of a mike: table (title, header, rows) as lists of columns; the last column may hold spaces."""
    lines = [l for l in answer.split("\n") if l.strip()]
    if len(lines) < 2:
        return []
    header = lines[1].split()
    return [l.split(None, len(header) - 1) for l in lines[2:]]


def status(group, ns, host):
    try:
        groups, msas, members = ask(ns, ["mike:groups", "mike:msas " + group, "mike:members " + group])
    except (OSError, ValueError):
        return "%s DOWN - - - spis= members=" % host
    row = next((r for r in table(groups) if r and r[0] == group), None)
    if row is None or len(row) < 8:
        return "%s NOGROUP - - - spis= members=" % host
    state, epoch, key, receivers = row[2], row[3], row[4], row[6]
    # SPI SENDER DIR FLOW(a -> b) PROTO ENC EPOCH LIFETIME: the flow has spaces, the epoch is next to last
    rows = [l.split() for l in msas.split("\n")[2:] if l.strip()]
    spis = sorted("%s:%s:%s" % (m[1], m[0], m[2][:2]) for m in rows if len(m) >= 8 and m[-2] == epoch)
    ids = [m[0] for m in table(members) if m and m[0] != host]
    return "%s %s %s %s %s spis=%s members=%s" % (host, state, epoch, key, receivers, ",".join(spis),
                                                   ",".join(ids) if ids else "-")


def main(argv):
    if len(argv) >= 3 and argv[1] == "run":
        for a in ask(argv[2], argv[3:]):
            print(a)
        return 0
    if len(argv) >= 3 and argv[1] == "status":
        for spec in argv[3:]:
            ns, host = spec.split("=", 1)
            print(status(argv[2], ns, host), flush=True)
        return 0
    print(__doc__, file=sys.stderr)
    return 2


if __name__ == "__main__":
    sys.exit(main(sys.argv))
