# A minimal PF_KEY v2 client (RFC 2367) for the kernel-e2e VM's SA-choice check: adds and deletes ESP SAs
# and policies the way the pfkey sink does (transport mode, reqid 0, policy level REQUIRE; see PfKeyMapping),
# so that the check sees what the kernel does with SAs that came in through af_key, without MIKED's code.
# Usage (as root, in a network namespace):
#   pfkey.py add <src> <dst> <spi hex> <enc key hex> <auth key hex> [soft s] [hard s]   cbc(aes) + hmac(sha1)
#   pfkey.py del <src> <dst> <spi hex>
#   pfkey.py spdadd|spddel <src> <dst> <dport> out|in
# Exit 0 when the kernel accepted the message; else the errno is printed and the exit code is 1.
import os, socket, struct, sys

PF_KEY, PF_KEY_V2 = 15, 2
SADB_ADD, SADB_DELETE, SADB_X_SPDDELETE, SADB_X_SPDADD = 3, 4, 15, 14
SATYPE_UNSPEC, SATYPE_ESP = 0, 3
AALG_SHA1HMAC, EALG_AESCBC = 3, 12
seq = 1


def ext(exttype, body):
    body = body + b"\0" * (-(len(body) + 4) % 8)
    return struct.pack("=HH", (len(body) + 4) // 8, exttype) + body


def addr(exttype, ip, port, proto):
    sin = struct.pack("!HH4s8x", socket.AF_INET, port, socket.inet_aton(ip))
    sin = struct.pack("=H", socket.AF_INET) + sin[2:]  # sa_family in host order
    return ext(exttype, struct.pack("=BBH", proto, 32, 0) + sin)


def key(exttype, k):
    return ext(exttype, struct.pack("=HH", len(k) * 8, 0) + k)


def lifetime(exttype, seconds):
    return ext(exttype, struct.pack("=IQQQ", 0, 0, seconds, 0))


def send(msgtype, satype, exts):
    s = socket.socket(PF_KEY, socket.SOCK_RAW, PF_KEY_V2)
    body = b"".join(exts)
    s.send(struct.pack("=BBBBHHII", PF_KEY_V2, msgtype, 0, satype, (16 + len(body)) // 8, 0, seq, os.getpid()) + body)
    while True:
        r = s.recv(65536)
        _, t, errno, _, _, _, rseq, pid = struct.unpack("=BBBBHHII", r[:16])
        if t == msgtype and pid == os.getpid():
            if errno:
                print("pfkey: message %d refused: %s (%d)" % (msgtype, os.strerror(errno), errno))
                sys.exit(1)
            return


def main(a):
    if a[0] == "add":
        src, dst, spi, ek, ak = a[1], a[2], int(a[3], 16), bytes.fromhex(a[4]), bytes.fromhex(a[5])
        soft, hard = (int(a[6]), int(a[7])) if len(a) > 7 else (3000, 3600)
        send(SADB_ADD, SATYPE_ESP, [
            ext(1, struct.pack("!I", spi) + struct.pack("=BBBBI", 0, 1, AALG_SHA1HMAC, EALG_AESCBC, 0)),  # sa, MATURE
            ext(19, struct.pack("=BBHII", 1, 0, 0, 0, 0)),  # x_sa2: transport (1), reqid 0
            lifetime(3, hard), lifetime(4, soft),
            addr(5, src, 0, 255), addr(6, dst, 0, 255), key(8, ak), key(9, ek)])
    elif a[0] == "del":
        send(SADB_DELETE, SATYPE_ESP, [ext(1, struct.pack("!I", int(a[3], 16)) + struct.pack("=BBBBI", 0, 0, 0, 0, 0)),
                                       addr(5, a[1], 0, 255), addr(6, a[2], 0, 255)])
    elif a[0] in ("spdadd", "spddel"):
        src, dst, dport, d = a[1], a[2], int(a[3]), 2 if a[4] == "out" else 1
        req = struct.pack("=HHBBHII", 16, 50, 1, 2, 0, 0, 0) if a[0] == "spdadd" else b""  # ESP transport REQUIRE
        send(SADB_X_SPDADD if a[0] == "spdadd" else SADB_X_SPDDELETE, SATYPE_UNSPEC, [
            addr(5, src, 0, 17), addr(6, dst, dport, 17), ext(18, struct.pack("=HBBII", 2, d, 0, 0, 0) + req)])
    else:
        sys.exit("usage: see the comment at the top of pfkey.py")


main(sys.argv[1:])
