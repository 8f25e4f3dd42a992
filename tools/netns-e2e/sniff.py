#!/usr/bin/env python3
"""Captures, with AF_PACKET sockets, every frame that a namespace sends into the bridge.

Run inside the bridge's namespace, one argument per bridge port: <veth>=<host>. A frame the namespace sent
arrives on its veth's bridge end as received (packet type HOST, BROADCAST, MULTICAST or OTHERHOST); a frame
the bridge forwards to it leaves as OUTGOING and is only counted ("to" counters). Each frame from a host is
one line in the log (argv[1]):  <unix time> <host> <kind> <length> <detail>
  kind: igmp (IPv4 protocol 2: the kernel's membership reports), udp, tcp, icmp, ipv4-other, arp, ipv6, other
  detail: for udp the destination address:port, for igmp the IGMP type and the first group, else -
Runs until SIGTERM or SIGINT, then writes one summary line per host to stdout:
  <host> from: igmp=N udp=N ... total=N to: N
"""
import errno
import select
import signal
import socket
import struct
import sys
import time

ETH_P_ALL = 0x0003
PACKET_OUTGOING = 4
stop = False


def on_signal(signum, frame):
    global stop
    stop = True


def classify(f):
    et = struct.unpack("!H", f[12:14])[0]
    off = 14
    if et == 0x8100 and len(f) >= 18:        # a VLAN tag would hide nothing
        et = struct.unpack("!H", f[16:18])[0]
        off = 18
    if et == 0x0806:
        return "arp", "-"
    if et == 0x86DD:
        return "ipv6", "-"
    if et != 0x0800 or len(f) < off + 20:
        return "other", "%04x" % et
    ihl = (f[off] & 0x0F) * 4
    proto = f[off + 9]
    dst = socket.inet_ntoa(f[off + 16:off + 20])
    p = off + ihl
    if proto == 2:
        t = f[p] if len(f) > p else -1
        grp = "-"
        if t == 0x22 and len(f) >= p + 16:   # IGMPv3 report: first group record's address
            grp = socket.inet_ntoa(f[p + 12:p + 16])
        elif t in (0x12, 0x16, 0x17) and len(f) >= p + 8:
            grp = socket.inet_ntoa(f[p + 4:p + 8])
        return "igmp", "type=0x%02x,%s" % (t, grp)
    if proto == 17 and len(f) >= p + 4:
        return "udp", "%s:%d" % (dst, struct.unpack("!H", f[p + 2:p + 4])[0])
    if proto == 6:
        return "tcp", dst
    if proto == 1:
        return "icmp", dst
    return "ipv4-other", "proto=%d" % proto


def main(argv):
    if len(argv) < 3:
        print(__doc__, file=sys.stderr)
        return 2
    signal.signal(signal.SIGTERM, on_signal)
    signal.signal(signal.SIGINT, on_signal)
    socks = {}
    for spec in argv[2:]:
        veth, host = spec.split("=", 1)
        s = socket.socket(socket.AF_PACKET, socket.SOCK_RAW, socket.htons(ETH_P_ALL))
        s.bind((veth, 0))
        s.setblocking(False)
        socks[s] = host
    counts = {h: {} for h in socks.values()}
    to = {h: 0 for h in socks.values()}
    with open(argv[1], "w") as log:
        print("capturing on " + " ".join(argv[2:]), file=log, flush=True)
        while not stop:
            try:
                ready, _, _ = select.select(list(socks), [], [], 0.5)
            except InterruptedError:
                continue
            for s in ready:
                host = socks[s]
                while True:
                    try:
                        f, addr = s.recvfrom(65535)
                    except (BlockingIOError, InterruptedError):
                        break
                    except OSError as e:   # ENETDOWN before the port is up, or while it goes down
                        if e.errno in (errno.ENETDOWN, errno.ENXIO, errno.ENODEV):
                            break
                        raise
                    if addr[2] == PACKET_OUTGOING:
                        to[host] += 1
                        continue
                    kind, detail = classify(f)
                    counts[host][kind] = counts[host].get(kind, 0) + 1
                    print("%.3f %s %s %d %s" % (time.time(), host, kind, len(f), detail), file=log, flush=True)
    kinds = ["igmp", "udp", "tcp", "icmp", "ipv4-other", "arp", "ipv6", "other"]
    for host in socks.values():
        c = counts[host]
        print("%s from: %s total=%d to: %d" % (host, " ".join("%s=%d" % (k, c.get(k, 0)) for k in kinds),
                                               sum(c.values()), to[host]), flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
