#!/bin/bash
# Runs INSIDE the kernel-e2e VM (chroot of the host's read-only root; /tmp and /run are tmpfs):
# three MIKED daemons in three network namespaces on one bridge - s01 (sender and key server), r00001
# and r00002 (receivers) - key group "trial" over real UDP multicast, install their MSAs with the sink
# $SINK (xfrm | pfkey) for IPv$FAMILY (4 | 6); then a plain program (python3, not the daemon) sends
# application multicast from s01, and the test checks: the receivers got it in clear, the kernel's SA
# counters moved on both sides, and a capture on the bridge saw ESP and no plaintext of the payload.
# With E2E_PHASES=basic,leave,restart also: r00002 leaves and gets nothing after the rekey while r00001
# does; the key server is SIGKILLed and restarted: its receiver keeps its registration, the killed
# incarnation's SAs are gone from its kernel, and it keys the group with an SPI never used before.
# With stream in E2E_PHASES (issue 12): a plain program sends 50 packets/s from s01 from after the basic check
# until after the restart, across the leave rekey, a lifetime renewal (soft lifetime E2E_SOFT_S, default 60 s) and
# the key server's restart; r00001 must get every packet, its xfrm_stat error counters must not move, the bridge
# must carry only ESP, and an eavesdropper x holding every SA r00002 ever had must decrypt nothing sent more than
# the activation delay (E2E_ACTIVATION_MS, default 2000) after s01 processed the leave. Prints the timeline.
# Exit 0 when every check passed. Settings: SINK, FAMILY, E2E_WAIT (seconds to wait for keys), E2E_PHASES,
# E2E_PENDING (checks reported as PENDING instead of failing: "registration", the restart phase's (a)).
set -uo pipefail
SINK="${SINK:-xfrm}"; FAMILY="${FAMILY:-4}"; WAIT="${E2E_WAIT:-300}"
repo="${E2E_REPO:?E2E_REPO (the repository root, as the VM sees the host root) is set by run-e2e.sh}"
jar="$repo/run-configs/target/daemon.jar"
kroot="$repo/tools/kernel-e2e/target/kroot"
w=/tmp/e2e
mkdir -p "$w"
fail=0
phase() { case ",${E2E_PHASES:-basic}," in *",$1,"*) return 0;; *) return 1;; esac; }
# activation delay of the stream phase: a key took up to 6.5 s from s01's leave batch to r00001's kernel in the
# emulated VM on a loaded host (2026-12-02), so the policy default of 5 s, not 2 s
ACT_MS="${E2E_ACTIVATION_MS:-5000}"; SOFT_S="${E2E_SOFT_S:-60}"
say() { echo "e2e[$SINK/v$FAMILY] $*"; }
check() { if eval "$2"; then say "PASS $1"; else say "FAIL $1"; fail=1; fi; }
# pending <id> <what> <condition>: like check, but a failure of a check named in E2E_PENDING (comma list) is
# reported as PENDING and does not fail the run: for a check whose feature is being built elsewhere
pending() {
  case ",${E2E_PENDING:-}," in
    *",$1,"*) if eval "$3"; then say "PASS $2"; else say "PENDING $2 (E2E_PENDING=$1)"; fi;;
    *) check "$2" "$3";;
  esac
}

/sbin/modprobe -d "$kroot" -a xfrm_user esp4 esp6 af_key veth bridge authenc gcm ctr ghash-generic aes_generic cbc \
  hmac sha256_generic sha1_generic 2>&1 | head -5

# --- keys (Ed25519, raw 32-byte hex as the policy bundle reads them)
hex() { od -An -tx1 | tr -d ' \n'; }
for h in s01 r00001 r00002; do
  openssl genpkey -algorithm ed25519 -out "$w/$h.pem" 2>/dev/null
  openssl pkey -in "$w/$h.pem" -outform DER 2>/dev/null | tail -c 32 | hex > "$w/$h.priv"
  openssl pkey -in "$w/$h.pem" -pubout -outform DER 2>/dev/null | tail -c 32 | hex > "$w/$h.pub"
done

# --- network: bridge br0 in the VM's namespace, one namespace per host
ip link add br0 type bridge mcast_snooping 0
ip link set br0 up
i=0
hosts="s01 r00001 r00002"; phase stream && hosts="$hosts x"
for h in $hosts; do
  i=$((i + 1)); [ "$h" = x ] && i=9
  ip netns add "$h"
  ip link add "v$h" type veth peer name eth0 netns "$h"
  ip link set "v$h" master br0 up
  ip -n "$h" link set lo up
  ip -n "$h" link set eth0 up
  ip -n "$h" addr add "10.77.0.$i/24" dev eth0
  ip -n "$h" -6 addr add "fd77::$i/64" dev eth0 nodad
  ip -n "$h" route add 224.0.0.0/4 dev eth0
done
if [ "$FAMILY" = 6 ]; then
  addr() { echo "fd77::$1"; }; DATA=ff3e::4d:1; CTL=ff3e::4d:2
else
  addr() { echo "10.77.0.$1"; }; DATA=239.77.0.1; CTL=239.77.0.2
fi

# --- one configuration folder per daemon
conf() { # conf <host> <n> <role>
  local h=$1 n=$2 role=$3 d="$w/$1"
  mkdir -p "$d"
  printf 'self = %s\ndispatcher.target = (miked.dispatcher=real)\n' "$h" > "$d/org.miked.gmf.host.cfg"
  # stateDirectory: what a host keeps across a restart (epoch marks, the sinks' SA ledger, the key server's state)
  printf 'interfaceName = eth0\nfamily = ipv%s\nbindAddress%s = %s\nmulticastHops = 4\nretryIntervalMillis = 2000\nstateDirectory = %s\n' \
    "$FAMILY" "$FAMILY" "$(addr "$n")" "$w/state" > "$d/org.miked.dispatcher.real.cfg"
  {
    echo "group = trial"; echo "role = $role"
    echo "dataAddress = $DATA"; echo "dataPort = 5004"; echo "controlAddress = $CTL"; echo "controlPort = 5100"
    echo "senders = s01@$(addr 1)"; echo "keyServer = s01"; echo "saSink = $SINK"
    echo "rekeyBatchMillis = 500"
    if phase stream; then # issue 12: short delays, and a soft lifetime short enough for a renewal during the test
      echo "activationDelayMillis = $ACT_MS"; echo "deactivationDelayMillis = 4000"; echo "rekeyLeadMillis = 8000"
      echo "softLifetimeS = $SOFT_S"; echo "hardLifetimeS = 900"
    fi
    if [ "$SINK" = pfkey ]; then # Linux's af_key has no AEADs, and cuts hmac(sha256) to 96 bits
      echo "encryption = cbc(aes)"; echo "encryptionKeyBits = 128"
      echo "integrity = hmac(sha512)"; echo "integrityKeyBits = 512"; echo "icvBits = 256"
    fi
    echo "signingKey = $(cat "$w/$h.priv")"
    if [ "$role" = sender ]; then
      echo "verifyKeys = s01=$(cat "$w/s01.pub"), r00001=$(cat "$w/r00001.pub"), r00002=$(cat "$w/r00002.pub")"
    else
      echo "verifyKeys = s01=$(cat "$w/s01.pub")"
    fi
  } > "$d/org.miked.policy.group-trial.cfg"
}
conf s01 1 sender; conf r00001 2 receiver; conf r00002 3 receiver

# the daemons' log lines start with the epoch milliseconds (the stream phase's timeline reads them)
sed 's/^java.util.logging.SimpleFormatter.format=/&%1$tQ /' "$repo/run-configs/logging-info.properties" > "$w/logging.properties"
start() { # start <host>
  ip netns exec "$1" java -Xss1m -XX:TieredStopAtLevel=1 -Djava.util.logging.config.file="$w/logging.properties" \
    -Dfelix.fileinstall.dir="$w/$1" -Dgosh.args=--nointeractive -jar "$jar" > "$w/$1.log" 2>&1 &
  echo $! > "$w/$1.pid"
}
t0=$(date +%s)
for h in s01 r00001 r00002; do start "$h"; done
say "daemons started; waiting up to ${WAIT}s for MSAs in all three kernels"
esp_count() { ip -n "$1" xfrm state 2>/dev/null | grep -c 'proto esp'; }
while :; do
  a=$(esp_count s01); b=$(esp_count r00001); c=$(esp_count r00002)
  [ "$a" -ge 1 ] && [ "$b" -ge 1 ] && [ "$c" -ge 1 ] && break
  if [ $(( $(date +%s) - t0 )) -ge "$WAIT" ]; then break; fi
  sleep 2
done
say "after $(( $(date +%s) - t0 ))s: ESP SAs s01=$a r00001=$b r00002=$c"
check "every host has its group MSA in the kernel" '[ "$a" -ge 1 ] && [ "$b" -ge 1 ] && [ "$c" -ge 1 ]'
for h in s01 r00001 r00002; do
  echo "--- $h: ip xfrm state / policy"; ip -n "$h" xfrm state | sed 's/0x[0-9a-f]\{16,\}/<key>/'; ip -n "$h" xfrm policy
done

# --- application traffic with plain programs
cat > "$w/recv.py" <<'PY'
import socket, struct, sys
grp, port, out, fam = sys.argv[1], int(sys.argv[2]), sys.argv[3], sys.argv[4]
if fam == "6":
    s = socket.socket(socket.AF_INET6, socket.SOCK_DGRAM); s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    s.bind(("::", port)); idx = socket.if_nametoindex("eth0")
    s.setsockopt(socket.IPPROTO_IPV6, socket.IPV6_JOIN_GROUP, socket.inet_pton(socket.AF_INET6, grp) + struct.pack("@I", idx))
else:
    s = socket.socket(socket.AF_INET, socket.SOCK_DGRAM); s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    s.bind(("", port)); s.setsockopt(socket.IPPROTO_IP, socket.IP_ADD_MEMBERSHIP, socket.inet_aton(grp) + socket.inet_aton("0.0.0.0"))
s.settimeout(20)
with open(out, "w") as f:
    try:
        while True:
            data, src = s.recvfrom(2000); f.write(data.decode() + "\n"); f.flush()
    except socket.timeout:
        pass
PY
cat > "$w/send.py" <<'PY'
import socket, sys, time
grp, port, fam, tag = sys.argv[1], int(sys.argv[2]), sys.argv[3], sys.argv[4]
if fam == "6":
    s = socket.socket(socket.AF_INET6, socket.SOCK_DGRAM)
    s.setsockopt(socket.IPPROTO_IPV6, socket.IPV6_MULTICAST_HOPS, 4)
    s.setsockopt(socket.IPPROTO_IPV6, socket.IPV6_MULTICAST_IF, socket.if_nametoindex("eth0"))
else:
    s = socket.socket(socket.AF_INET, socket.SOCK_DGRAM); s.setsockopt(socket.IPPROTO_IP, socket.IP_MULTICAST_TTL, 4)
for i in range(5):
    s.sendto(("miked-e2e-%s-secret-%d" % (tag, i)).encode(), (grp, port)); time.sleep(0.3)
PY
cat > "$w/sniff.py" <<'PY'
import socket, struct, sys, time
# counts ESP frames and plaintext on the bridge, and writes the ESP frames to a pcap (argv[2]) for tshark
s = socket.socket(socket.AF_PACKET, socket.SOCK_RAW, socket.htons(3)); s.bind(("br0", 0)); s.settimeout(1)
pcap = open(sys.argv[2], "wb") if len(sys.argv) > 2 else None
if pcap: pcap.write(struct.pack("<IHHiIII", 0xa1b2c3d4, 2, 4, 0, 0, 65535, 1))
esp = clear = 0; end = time.time() + float(sys.argv[1])
while time.time() < end:
    try:
        f = s.recv(4000)
    except socket.timeout:
        continue
    et = f[12:14]
    is_esp = (et == b"\x08\x00" and f[23] == 50) or (et == b"\x86\xdd" and f[20] == 50)
    if is_esp:
        esp += 1
        if pcap:
            t = time.time(); pcap.write(struct.pack("<IIII", int(t), int((t % 1) * 1e6), len(f), len(f)) + f)
    if b"-secret-" in f: clear += 1
if pcap: pcap.close()
print("esp=%d clear=%d" % (esp, clear))
PY
traffic() { # traffic <tag>: sniff the bridge, listen at both receivers, send 5 datagrams from s01
  python3 "$w/sniff.py" 12 "$w/esp.$1.pcap" > "$w/sniff.$1" &
  local sniffer=$!
  for h in r00001 r00002; do ip netns exec "$h" python3 "$w/recv.py" "$DATA" 5004 "$w/$h.$1" "$FAMILY" & done
  sleep 2
  ip netns exec s01 python3 "$w/send.py" "$DATA" 5004 "$FAMILY" "$1"
  wait "$sniffer"
  sleep 1
  say "[$1] bridge capture: $(cat "$w/sniff.$1"); r00001 got $(got r00001 "$1"), r00002 got $(got r00002 "$1")"
}
got() { grep -c "miked-e2e-$2" "$w/$1.$2" 2>/dev/null || true; }
spis() { ip -n "$1" xfrm state 2>/dev/null | sed -n 's/.*proto esp spi \(0x[0-9a-f]*\).*/\1/p' | sort -u; }
wait_new_spi() { # wait_new_spi <old spis file> <seconds>: until s01 and r00001 share an SPI not in the file
  local t=$(( $(date +%s) + $2 )) n
  while [ "$(date +%s)" -lt "$t" ]; do
    spis s01 > "$w/spis.s01"; spis r00001 > "$w/spis.r00001" # (no /dev/fd in the VM: no <(...))
    n=$(comm -12 "$w/spis.s01" "$w/spis.r00001" | grep -vxFf "$1" | head -1)
    [ -n "$n" ] && { echo "$n"; return 0; }
    sleep 2
  done
  return 1
}

traffic basic
check "receiver r00001 got the application data in clear" '[ "$(got r00001 basic)" -ge 5 ]'
check "receiver r00002 got the application data in clear" '[ "$(got r00002 basic)" -ge 5 ]'
check "the bridge carried ESP and never the payload in clear" \
  'grep -q "clear=0" "$w/sniff.basic" && [ "$(sed -n "s/esp=\([0-9]*\).*/\1/p" "$w/sniff.basic")" -ge 5 ]'
for h in s01 r00001 r00002; do echo "--- $h: ip -s xfrm state"; ip -n "$h" -s xfrm state | grep -E 'src|lifetime current|bytes' ; done
check "kernel SA counters moved at the sender and both receivers" \
  '[ "$(ip -n s01 -s xfrm state | grep -c "5(packets)")" -ge 1 ] && [ "$(ip -n r00001 -s xfrm state | grep -c "5(packets)")" -ge 1 ] && [ "$(ip -n r00002 -s xfrm state | grep -c "5(packets)")" -ge 1 ]'

# --- an independent check: tshark decrypts the captured ESP with the keys the daemon installed
esp_uat() { # one esp_sa UAT line per ESP SA in s01's kernel (ip xfrm state shows keys to root)
  ip -n s01 xfrm state | awk -v fam="$FAMILY" '
    function flush() {
      if (spi == "") return
      if (aead != "") printf "\"IPv%s\",\"%s\",\"%s\",\"%s\",\"AES-GCM with %d octet ICV [RFC4106]\",\"%s\",\"NULL\",\"\"\n", fam, src, dst, spi, icv / 8, aead
      else if (ekey != "") printf "\"IPv%s\",\"%s\",\"%s\",\"%s\",\"AES-CBC [RFC3602]\",\"%s\",\"HMAC-SHA-%s-%d [RFC4868]\",\"%s\"\n", fam, src, dst, spi, ekey, sha, trunc, akey
      spi = aead = ekey = akey = ""
    }
    /^src / { flush(); src = $2; dst = $4 }
    /proto esp spi/ { for (i = 1; i <= NF; i++) if ($i == "spi") spi = $(i + 1) }
    /aead rfc4106\(gcm\(aes\)\)/ { aead = $3; icv = $4 }
    /enc cbc\(aes\)/ { ekey = $3 }
    /auth-trunc hmac\(sha/ { sha = $2; gsub(/[^0-9]/, "", sha); akey = $3; trunc = $4 }
    END { flush() }'
}
if command -v tshark >/dev/null; then
  tp="$w/tshark-config"; mkdir -p "$tp/wireshark"
  esp_uat > "$tp/wireshark/esp_sa"   # the ESP SA table (UAT) of a profile in $XDG_CONFIG_HOME/wireshark
  say "tshark SA table from s01's kernel: $(wc -l < "$tp/wireshark/esp_sa") entries"
  HOME="$w" XDG_CONFIG_HOME="$tp" tshark -r "$w/esp.basic.pcap" -o esp.enable_encryption_decode:TRUE \
    -Y 'udp.port == 5004' -T fields -e data.data 2>"$w/tshark.err" | xxd -r -p > "$w/tshark.plain" 2>/dev/null || true
  say "tshark decrypted $(wc -c < "$w/tshark.plain") payload bytes: $(tr -c 'a-z0-9-' ' ' < "$w/tshark.plain" | head -c 100)"
  check "tshark decrypts the captured ESP with the installed MSA's keys" 'grep -q "miked-e2e-basic-secret-0" "$w/tshark.plain"'
else
  say "SKIP tshark decryption: tshark is not installed (tools/kernel-e2e/setup.sh installs it)"
fi

# --- issue 12: an application stream across every key change (phase stream)
mark() { echo "$(date +%s.%N | cut -c1-14) $*" >> "$w/timeline"; }   # <epoch s.ms> <event>
logt() { # logt <host> <ERE> [after line]: epoch seconds of the first log line matching it after that line
  tail -n +"$(( ${3:-0} + 1 ))" "$w/$1.log" 2>/dev/null | grep -a -m1 -E "$2" | awk '{ printf "%.3f\n", $1 / 1000 }'
}
xstat() { ip netns exec "$1" cat /proc/net/xfrm_stat > "$w/xstat.$1.$2"; } # xstat <host> <tag>
xdelta() { # xdelta <host> <from tag> <to tag>: the xfrm_stat counters that moved, "none" if none did
  awk 'NR == FNR { a[$1] = $2; next } $2 != a[$1] { printf "%s+%d ", $1, $2 - a[$1]; n++ } END { if (!n) printf "none" }' \
    "$w/xstat.$1.$2" "$w/xstat.$1.$3"
}
xmoved() { awk -v k="$4" 'NR == FNR { a[$1] = $2; next } $1 == k { print $2 - a[$1] }' "$w/xstat.$1.$2" "$w/xstat.$1.$3"; }
copy_sas() { # copy_sas <from> <to>: every ESP SA of <from>'s kernel, keys included, into <to>'s (the eavesdropper)
  ip -n "$1" xfrm state 2>/dev/null | awk -v q="'" '
    function flush() {
      if (spi == "") return
      printf "src %s dst %s proto esp spi %s mode transport replay-window 32 %s\n", src, dst, spi, alg
      spi = alg = ""
    }
    /^src / { flush(); src = $2; dst = $4 }
    /proto esp spi/ { for (i = 1; i <= NF; i++) if ($i == "spi") spi = $(i + 1) }
    /^\taead / { alg = "aead " q $2 q " " $3 " " $4 }
    /^\tenc / { alg = alg " enc " q $2 q " " $3 }
    /^\tauth-trunc / { alg = alg " auth-trunc " q $2 q " " $3 " " $4 }
    END { flush() }' | while read -r line; do eval "ip -n $2 xfrm state add $line" 2>/dev/null; done
}
cat > "$w/stream_send.py" <<'PY'
import os, socket, sys, time
# 50 datagrams/s "miked-e2e-stream-secret-<seq>" to the group until the stop file exists; then "<seq> <send time>"
# per datagram into the output file (a datagram the kernel refused still counts as sent: it is lost)
grp, port, fam, out, stop = sys.argv[1], int(sys.argv[2]), sys.argv[3], sys.argv[4], sys.argv[5]
if fam == "6":
    s = socket.socket(socket.AF_INET6, socket.SOCK_DGRAM)
    s.setsockopt(socket.IPPROTO_IPV6, socket.IPV6_MULTICAST_HOPS, 4)
    s.setsockopt(socket.IPPROTO_IPV6, socket.IPV6_MULTICAST_IF, socket.if_nametoindex("eth0"))
else:
    s = socket.socket(socket.AF_INET, socket.SOCK_DGRAM); s.setsockopt(socket.IPPROTO_IP, socket.IP_MULTICAST_TTL, 4)
log, errors, i, t0 = [], {}, 0, time.time()
while not os.path.exists(stop):
    t = time.time()
    try:
        s.sendto(("miked-e2e-stream-secret-%d" % i).encode(), (grp, port))
    except OSError as e:
        errors[e.strerror] = errors.get(e.strerror, 0) + 1
    log.append("%d %.3f" % (i, t)); i += 1
    d = t0 + i / 50.0 - time.time()
    if d < -0.2: t0 -= d  # fell behind (a loaded VM): keep the rate, no burst
    elif d > 0: time.sleep(d)
with open(out, "w") as f:
    f.write("\n".join(log) + "\n")
print("sent %d, send errors %s" % (i, errors or "none"))
PY
cat > "$w/stream_recv.py" <<'PY'
import os, socket, struct, sys, time
# "<seq> <receive time>" per stream datagram received in clear, until the stop file exists and 2 s passed quietly
grp, port, out, fam, stop = sys.argv[1], int(sys.argv[2]), sys.argv[3], sys.argv[4], sys.argv[5]
if fam == "6":
    s = socket.socket(socket.AF_INET6, socket.SOCK_DGRAM); s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    s.bind(("::", port)); idx = socket.if_nametoindex("eth0")
    s.setsockopt(socket.IPPROTO_IPV6, socket.IPV6_JOIN_GROUP, socket.inet_pton(socket.AF_INET6, grp) + struct.pack("@I", idx))
else:
    s = socket.socket(socket.AF_INET, socket.SOCK_DGRAM); s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    s.bind(("", port)); s.setsockopt(socket.IPPROTO_IP, socket.IP_ADD_MEMBERSHIP, socket.inet_aton(grp) + socket.inet_aton("0.0.0.0"))
s.settimeout(0.5)
last = time.time()
with open(out, "w") as f:
    while not (os.path.exists(stop) and time.time() - last > 2):
        try:
            data, src = s.recvfrom(2000)
        except socket.timeout:
            continue
        last = time.time()
        if data.startswith(b"miked-e2e-stream-secret-"):
            f.write("%s %.3f\n" % (data[24:].decode(), last)); f.flush()
PY
cat > "$w/stream_sniff.py" <<'PY'
import os, socket, sys, time
# ESP frames and frames with the stream's payload in clear on the bridge, until the stop file exists; per ESP
# SPI from s01 the times of its first and last frame and their number into argv[2] (the switches, on the wire)
s = socket.socket(socket.AF_PACKET, socket.SOCK_RAW, socket.htons(3)); s.bind(("br0", 0)); s.settimeout(0.5)
esp = clear = 0; spis = {}
while not os.path.exists(sys.argv[1]):
    try:
        f = s.recv(4000)
    except socket.timeout:
        continue
    t = time.time(); et = f[12:14]; at = None
    if et == b"\x08\x00" and f[23] == 50 and f[26:30] == bytes([10, 77, 0, 1]): at = 14 + (f[14] & 15) * 4
    elif et == b"\x86\xdd" and f[20] == 50 and f[22:38] == socket.inet_pton(socket.AF_INET6, "fd77::1"): at = 54
    if (et == b"\x08\x00" and f[23] == 50) or (et == b"\x86\xdd" and f[20] == 50): esp += 1
    if at is not None:
        k = "0x" + f[at:at + 4].hex(); e = spis.setdefault(k, [t, t, 0]); e[1] = t; e[2] += 1
    if b"-stream-secret-" in f: clear += 1
with open(sys.argv[2], "w") as o:
    for k, e in spis.items(): o.write("%s %.3f %.3f %d\n" % (k, e[0], e[1], e[2]))
print("esp=%d clear=%d" % (esp, clear))
PY
cat > "$w/stream_report.py" <<'PY'
import sys
# stream_report.py <dir> <activation ms>: what each receiver got of what s01 sent, per window of the timeline,
# and what the eavesdropper decrypted after the leave; "key=value" lines last, for the checks
w, act = sys.argv[1], float(sys.argv[2]) / 1000
def table(name):
    d = {}
    try:
        for l in open("%s/%s" % (w, name)):
            p = l.split()
            if len(p) == 2: d.setdefault(int(p[0]), float(p[1]))
    except FileNotFoundError:
        pass
    return d
sent, r1, r2, x = table("stream.sent"), table("r00001.stream"), table("r00002.stream"), table("x.stream")
marks = {}
for l in open(w + "/timeline"):
    t, ev = l.split(None, 1); marks.setdefault(ev.strip(), float(t))
t0 = marks.get("stream started", min(sent.values()) if sent else 0)
rel = lambda t: "%+.1fs" % (t - t0)
missing = sorted(set(sent) - set(r1))
runs = []
for q in missing:
    if runs and runs[-1][1] == q - 1: runs[-1][1] = q
    else: runs.append([q, q])
print("r00001 received %d of %d sent; missing %d%s" % (len(set(r1) & set(sent)), len(sent), len(missing),
      "" if not runs else ": " + ", ".join("seq %d-%d (sent %s..%s)" % (a, b, rel(sent[a]), rel(sent[b])) for a, b in runs[:8])))
lost = {}
for name in ("leave", "renewal", "restart"):
    a, b = marks.get(name + " window begins"), marks.get(name + " window ends")
    if a is None or b is None: continue
    inw = [q for q, t in sent.items() if a <= t <= b]
    got = sum(1 for q in inw if q in r1)
    lost[name] = len(inw) - got
    print("window %s (%s..%s): sent %d, r00001 received %d" % (name, rel(a), rel(b), len(inw), got))
seen = {}
try:
    for l in open(w + "/spi.seen"):
        h, spi, t = l.split(); seen.setdefault(spi, {})[h] = float(t)
except FileNotFoundError:
    pass
wire = {}
try:
    for l in open(w + "/wire.spis"):
        k, a, b, n = l.split(); wire[k] = (float(a), float(b), int(n))
except FileNotFoundError:
    pass
for spi, (a, b, n) in sorted(wire.items(), key=lambda e: e[1][0]):
    r = seen.get(spi, {}).get("r00001")
    print("SPI %s on the wire %s..%s (%d frames); in r00001's kernel from %s (polled: one round takes up to about a "
          "second in the VM)" % (spi, rel(a), rel(b), n, rel(r) if r else "never seen"))
lv = marks.get("s01 processed the leave")
switch = min([a for a, b, n in wire.values() if lv is not None and a > lv] or [None]) if lv is not None else None
if switch is not None:
    print("s01 switched (first frame under a new SPI) %.0f ms after it processed the leave (activation delay %.0f ms)"
          % ((switch - lv) * 1000, act * 1000))
after = lambda rx: [q for q in rx if q in sent and switch is not None and sent[q] > switch]
if lv is not None:
    xs = [sent[q] - lv for q in x if q in sent and sent[q] > lv]
    print("eavesdropper x (every SA r00002 held): read %d (decrypted or in clear), %d of them sent after the leave was "
          "processed, the last %s after it; %d sent after s01's switch; r00002 itself: %d" % (len(x), len(xs),
          "%.0f ms" % (max(xs) * 1000) if xs else "none", len(after(x)), len(after(r2))))
import glob, re
for f in sorted(glob.glob(w + "/s01*.log") + glob.glob(w + "/r00001.log")):
    host = f.split("/")[-1][:-4]
    for l in open(f, errors="replace"):
        m = re.match(r"(\d{13}) \S+ \S+ (.*)", l)
        if m and re.search(r"epoch|rekey|renew|switch|repair|sink: group|registering|refused", m.group(2)) \
                and sent and min(sent.values()) - 5 <= int(m.group(1)) / 1000 <= max(sent.values()) + 5:
            print("log %s %s %s" % (rel(int(m.group(1)) / 1000), host, m.group(2)[:150]))
for ev, t in sorted(marks.items(), key=lambda e: e[1]):
    print("timeline %8s %s" % (rel(t), ev))
print("sent=%d" % len(sent)); print("r1missing=%d" % len(missing)); print("xlate=%d" % len(after(x)))
print("r2late=%d" % len(after(r2))); print("xdecrypted=%d" % len(x)); print("leave=%s" % ("yes" if lv else "no"))
print("switchms=%d" % ((switch - lv) * 1000 if switch is not None else -1))
for name in ("leave", "renewal", "restart"): print("lost_%s=%d" % (name, lost.get(name, -1)))
print("lost_outside=%d" % (len(missing) - sum(v for v in lost.values() if v > 0)))
PY
stream_on=0
if phase stream; then
  for h in s01 r00001 x; do xstat "$h" begin; done
  python3 "$w/stream_sniff.py" "$w/stream.stop" "$w/wire.spis" > "$w/sniff.stream" & sniffer_stream=$!
  for h in r00001 r00002 x; do
    ip netns exec "$h" python3 "$w/stream_recv.py" "$DATA" 5004 "$w/$h.stream" "$FAMILY" "$w/stream.stop" & echo $! > "$w/$h.recv.pid"
  done
  # when each SPI first appears in s01's kernel (its outbound SA: the switch) and in r00001's (the key arrived)
  ( while [ ! -e "$w/stream.stop" ]; do
      for h in s01 r00001; do
        for s in $(spis "$h"); do
          grep -q "^$h $s " "$w/spi.seen" 2>/dev/null || echo "$h $s $(date +%s.%N | cut -c1-14)" >> "$w/spi.seen"
        done
      done
      sleep 0.2
    done ) & spi_poller=$!
  # the eavesdropper: from now until r00002 has left, x gets a copy of every SA r00002's kernel holds
  ( while :; do copy_sas r00002 x; [ -e "$w/r00002.gone" ] && break; sleep 1; done ) & copier=$!
  sleep 2
  ip netns exec s01 python3 "$w/stream_send.py" "$DATA" 5004 "$FAMILY" "$w/stream.sent" "$w/stream.stop" > "$w/stream.send.out" 2>&1 &
  sender_stream=$!
  mark "stream started"; stream_on=1
  say "stream: 50 packets/s from s01 to $DATA port 5004; r00001, r00002 and the eavesdropper x listen"
fi

if phase leave; then
  # r00002 leaves: withdrawing its policy file makes FileInstall delete the configuration, the GMF leaves
  spis s01 > "$w/spis.before-leave"
  s01_lines=$(wc -l < "$w/s01.log")
  [ $stream_on = 1 ] && { xstat r00001 leave-begin; mark "leave window begins"; }
  rm "$w/r00002/org.miked.policy.group-trial.cfg"
  mark "r00002's policy withdrawn"
  new=$(wait_new_spi "$w/spis.before-leave" 150)
  if [ $stream_on = 1 ]; then
    mark "s01 and r00001 share the new SPI $new (polled every 2 s)"
    t=$(logt s01 'batch of joins/leaves' "$s01_lines"); [ -n "$t" ] && echo "$t s01 processed the leave" >> "$w/timeline"
    for i in $(seq 30); do [ "$(esp_count r00002)" = 0 ] && break; sleep 1; done
    touch "$w/r00002.gone"; wait "$copier"
    mark "r00002's kernel holds no SA; x holds [$(spis x | tr '\n' ' ')]"
    sleep $(( ACT_MS / 1000 + 6 )); mark "leave window ends"; xstat r00001 leave-end
    say "leave: r00001's xfrm_stat moved: $(xdelta r00001 leave-begin leave-end)"
  fi
  say "after r00002 left: new SPI ${new:-none} at s01 and r00001; r00002 holds [$(spis r00002 | tr '\n' ' ')]"
  check "the leave made the key server rekey (a new SA at s01 and r00001)" '[ -n "$new" ]'
  for h in s01 r00001; do echo "--- $h after the leave: SPIs [$(spis "$h" | tr '\n' ' ')]"; grep -v deployed "$w/$h.log" | tail -6; done
  traffic leave
  check "after the rekey r00001 still gets the data" '[ "$(got r00001 leave)" -ge 5 ]'
  check "after the rekey r00002 (left) gets none of it" '[ "$(got r00002 leave)" = 0 ]'
  check "the bridge still carried only ESP" 'grep -q "clear=0" "$w/sniff.leave"'
fi

if [ $stream_on = 1 ]; then
  # a lifetime renewal: s01's outbound MSA reaches its soft lifetime (E2E_SOFT_S) and s01 renews ahead of use
  n=$(wc -l < "$w/s01.log"); spis s01 > "$w/spis.before-renewal"; spis r00001 >> "$w/spis.before-renewal"
  xstat r00001 renewal-begin; mark "renewal window begins"
  for i in $(seq $(( SOFT_S + 60 ))); do
    tail -n +"$((n + 1))" "$w/s01.log" | grep -a -q 'reached its soft lifetime: renewing' && break
    sleep 1
  done
  t=$(logt s01 'reached its soft lifetime: renewing' "$n"); [ -n "$t" ] && echo "$t s01 renews (soft lifetime)" >> "$w/timeline"
  renewed=$(wait_new_spi "$w/spis.before-renewal" 60)
  mark "s01 and r00001 share the renewed SPI ${renewed:-none}"
  sleep 8; mark "renewal window ends"; xstat r00001 renewal-end
  say "renewal: new SPI ${renewed:-none}; r00001's xfrm_stat moved: $(xdelta r00001 renewal-begin renewal-end)"
  check "a lifetime renewal happened during the stream" '[ -n "$t" ] && [ -n "$renewed" ]'
fi

if phase restart; then
  # SIGKILL the key server (its SAs stay in its kernel) and start it again
  spis s01 > "$w/spis.killed"            # the killed incarnation's SAs in s01's kernel
  cat "$w/spis.killed" > "$w/spis.before-restart"
  cat "$w/spis.before-leave" >> "$w/spis.before-restart" 2>/dev/null
  r1_lines=$(wc -l < "$w/r00001.log")
  [ $stream_on = 1 ] && { xstat r00001 restart-begin; mark "restart window begins"; }
  kill -KILL "$(cat "$w/s01.pid")"; wait "$(cat "$w/s01.pid")" 2>/dev/null
  mark "s01 SIGKILLed"
  say "SIGKILLed s01 holding SPIs [$(tr '\n' ' ' < "$w/spis.killed")] and $(ip -n s01 xfrm policy | grep -c '^src') policies"
  mv "$w/s01.log" "$w/s01.killed.log"
  start s01
  mark "s01 started again"
  new=$(wait_new_spi "$w/spis.before-restart" $((WAIT > 240 ? WAIT : 240)))
  if [ $stream_on = 1 ]; then
    mark "s01 and r00001 share the restarted key server's SPI ${new:-none}"
    t=$(logt s01 'sink: group trial: (removed|kept)'); [ -n "$t" ] && echo "$t s01's sink swept at open" >> "$w/timeline"
    sleep 8; mark "restart window ends"; xstat r00001 restart-end
    say "restart: r00001's xfrm_stat moved: $(xdelta r00001 restart-begin restart-end)"
  fi
  say "after the key server's restart: new SPI ${new:-none}; s01 holds [$(spis s01 | tr '\n' ' ')]"
  say "s01's sweep: $(grep -a -o '[a-z]* sink: group trial: removed.*' "$w/s01.log" | head -1)"
  left=$(spis s01 | grep -xFf "$w/spis.killed" | tr '\n' ' ')
  check "(b) the killed incarnation's SAs are gone from s01's kernel after the restart" '[ -z "$left" ]'
  check "(c) the restarted key server keyed the group with an SPI never used before" '[ -n "$new" ]'
  tail -n +"$((r1_lines + 1))" "$w/r00001.log" > "$w/r00001.after-restart.log"
  rereg=$(grep -a -c -E 'registering again|lkh client: refused by' "$w/r00001.after-restart.log")
  unknown=$(grep -a -c 'rejected (unknown)' "$w/s01.log")
  say "after the restart: r00001 logged $rereg re-registrations; s01 rejected $unknown requests of receivers it did not know"
  # (a) needs the key server's state file (issue 11): E2E_PENDING=registration reports it without failing
  pending registration "(a) r00001 kept its registration across the key server's restart" \
    '[ "$rereg" = 0 ] && [ "$unknown" = 0 ]'
  traffic restart
  check "(c) after the restart r00001 gets the data again" '[ "$(got r00001 restart)" -ge 5 ]'
  check "after the restart the bridge carried only ESP" 'grep -q "clear=0" "$w/sniff.restart"'
fi

if [ $stream_on = 1 ]; then
  touch "$w/stream.stop"; mark "stream stopped"
  wait "$sender_stream"; for h in r00001 r00002 x; do wait "$(cat "$w/$h.recv.pid")"; done; wait "$sniffer_stream"
  wait "$spi_poller"
  for h in s01 r00001 x; do xstat "$h" end; done
  say "stream: sender: $(cat "$w/stream.send.out"); bridge: $(cat "$w/sniff.stream")"
  python3 "$w/stream_report.py" "$w" "$ACT_MS" > "$w/stream.report" 2>&1
  grep -v '=' "$w/stream.report" | while read -r l; do say "stream: $l"; done
  v() { sed -n "s/^$1=//p" "$w/stream.report"; }
  say "stream: xfrm_stat moved over the whole stream: r00001 $(xdelta r00001 begin end); s01 $(xdelta s01 begin end)"
  check "the stream ran (packets sent)" '[ "$(v sent)" -ge 500 ]'
  check "r00001 lost no packet to the leave rekey" '[ "$(v lost_leave)" = 0 ]'
  check "r00001 lost no packet to the lifetime renewal" '[ "$(v lost_renewal)" = 0 ]'
  # the restarted sender's first switch must wait for its activation delay too (SaSink.sendsUnderLeftover):
  # E2E_PENDING=restart-switch reports it without failing until the GMF does
  pending restart-switch "r00001 lost no packet across the key server's restart" '[ "$(v lost_restart)" = 0 ]'
  check "r00001 lost no packet outside those windows (received == sent: $(v sent) sent, $(v r1missing) missing)" \
    '[ "$(v lost_outside)" = 0 ]'
  quiet() { [ "$(xmoved r00001 "$1-begin" "$1-end" XfrmInNoStates)" = 0 ] && [ "$(xmoved r00001 "$1-begin" "$1-end" XfrmInStateProtoError)" = 0 ]; }
  check "r00001's XfrmInNoStates and XfrmInStateProtoError did not move across the leave rekey" 'quiet leave'
  check "r00001's XfrmInNoStates and XfrmInStateProtoError did not move across the lifetime renewal" 'quiet renewal'
  pending restart-switch "r00001's XfrmInNoStates and XfrmInStateProtoError did not move across the restart" 'quiet restart'
  check "the bridge carried the stream as ESP only, never in clear" \
    'grep -q "clear=0" "$w/sniff.stream" && [ "$(sed -n "s/esp=\([0-9]*\).*/\1/p" "$w/sniff.stream")" -ge "$(v sent)" ]'
  if [ "$(v leave)" = yes ]; then
    check "the eavesdropper with r00002's keys read nothing sent after s01's switch to the epoch without r00002" \
      '[ "$(v xlate)" = 0 ] && [ "$(v r2late)" = 0 ]'
    check "s01 switched at the activation delay after it processed the leave, not before ($(v switchms) ms, delay ${ACT_MS} ms)" \
      '[ "$(v switchms)" -ge "$ACT_MS" ]'
  fi
  ip -n x xfrm state flush 2>/dev/null # the eavesdropper's copies (not MIKED's)
fi

# --- SIGTERM: the daemons stop cleanly and take their SAs with them
for h in s01 r00001 r00002; do kill -TERM "$(cat "$w/$h.pid")"; done
for h in s01 r00001 r00002; do wait "$(cat "$w/$h.pid")" 2>/dev/null; done
check "after SIGTERM no MIKED SA or policy is left in any kernel" \
  '[ "$(esp_count s01)$(esp_count r00001)$(esp_count r00002)" = "000" ] && [ -z "$(ip -n s01 xfrm policy)$(ip -n r00001 xfrm policy)" ]'
for h in s01 r00001 r00002; do echo "--- $h log (last lines)"; grep -v deployed "$w/$h.log" | tail -12; done
say "done in $(( $(date +%s) - t0 ))s: $([ $fail = 0 ] && echo ALL PASSED || echo FAILURES)"
exit $fail
