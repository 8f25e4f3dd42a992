#!/bin/bash
# Runs INSIDE the kernel-e2e VM: which outbound SA does the real kernel protect a sender's multicast with,
# for SAs added through XFRM netlink (ip xfrm, as the xfrm sink does) and through PF_KEY (pfkey.py, as the pfkey
# sink does)? No MIKED code: a sender namespace "a" and a listener "b" on one veth pair; a policy requiring ESP
# for a -> 239.78.0.1:5004 and SAs added, soft-expired and deleted one by one while a plain program sends, the
# kernel's per-SA packet counters (ip -s xfrm state) saying which SA carried each burst. Checks (issue 12):
#   - a newer outbound SA takes the traffic at once (xfrm_state_find: newest add_time wins, the newest of one second
#     too), also for a connected socket; until it is installed the older one keeps it
#   - a soft-expired ("dying") SA is passed over for an older live one, and still used when it is the only one
#   - policy without SA: packets dropped (XfrmOutNoStates), nothing on the wire; neither policy nor SA: the payload
#     goes out in clear (what deleting a killed daemon's outbound SA and policy at start exposes)
# Settings: SINKS (default "xfrm pfkey"). Exit 0 when every check passed.
set -uo pipefail
repo="${E2E_REPO:?E2E_REPO is set by run-sa-choice.sh}"
kroot="$repo/tools/kernel-e2e/target/kroot"
pfkey="$repo/tools/kernel-e2e/pfkey.py"
w=/tmp/sa-choice; mkdir -p "$w"
fail=0
/sbin/modprobe -d "$kroot" -a xfrm_user esp4 af_key veth authenc cbc aes_generic hmac sha1_generic sha256_generic 2>&1 | head -3
A=10.78.0.1; B=10.78.0.2; G=239.78.0.1
EK=000102030405060708090a0b0c0d0e0f; AK=1011121314151617181920212223242526272829

cat > "$w/send.py" <<'PY'
import socket, sys, time
# send.py <group> <n> <tag> [connected-then-wait-file]: n datagrams "<tag>-clearmark-<i>"; with a file name: one
# connected socket, n datagrams, then waits until the file exists and sends n more on the same socket
g, n, tag = sys.argv[1], int(sys.argv[2]), sys.argv[3]
s = socket.socket(socket.AF_INET, socket.SOCK_DGRAM); s.setsockopt(socket.IPPROTO_IP, socket.IP_MULTICAST_TTL, 4)
def burst(k):
    for i in range(n):
        try:
            if len(sys.argv) > 4: s.send(("%s-clearmark-%d-%d" % (tag, k, i)).encode())
            else: s.sendto(("%s-clearmark-%d" % (tag, i)).encode(), (g, 5004))
        except OSError as e:
            print("send: %s" % e)
        time.sleep(0.02)
if len(sys.argv) > 4:
    import os
    s.connect((g, 5004)); burst(0)
    while not os.path.exists(sys.argv[4]): time.sleep(0.05)
    burst(1)
else:
    burst(0)
PY
cat > "$w/sniff.py" <<'PY'
import socket, sys, time
# sniff.py <seconds>: frames on eth0: ESP ones and ones with the clear marker
s = socket.socket(socket.AF_PACKET, socket.SOCK_RAW, socket.htons(3)); s.bind(("eth0", 0)); s.settimeout(0.5)
esp = clear = 0; end = time.time() + float(sys.argv[1])
while time.time() < end:
    try: f = s.recv(4000)
    except socket.timeout: continue
    if f[12:14] == b"\x08\x00" and f[23] == 50: esp += 1
    if b"clearmark" in f: clear += 1
print("esp=%d clear=%d" % (esp, clear))
PY

check() { if eval "$2"; then say "PASS $1"; else say "FAIL $1"; fail=1; fi; }
stat() { ip netns exec "$1" cat /proc/net/xfrm_stat | awk -v k="$2" '$1 == k { print $2 }'; }
pk() { # pk <spi>: packets the kernel counted on a's SA with that SPI ("-" if it is gone)
  ip -n a -s xfrm state get src $A dst $G proto esp spi "$1" 2>/dev/null |
    awk '/lifetime current/ { getline; sub(/.*bytes\), */, ""); sub(/\(packets\).*/, ""); print; found = 1 } END { if (!found) print "-" }'
}
send() { ip netns exec a python3 "$w/send.py" $G "${1:-5}" "${2:-t}"; }
sniffed() { # sniffed <tag> <command...>: runs the command while b sniffs; prints the sniffer's line
  local tag=$1; shift
  ip netns exec b python3 "$w/sniff.py" 4 > "$w/sniff.$tag" & local p=$!
  sleep 1; "$@"; wait $p; cat "$w/sniff.$tag" 2>/dev/null
}

for SINK in ${SINKS:-xfrm pfkey}; do
  say() { echo "sa-choice[$SINK] $*"; }
  for n in a b; do ip netns del $n 2>/dev/null; ip netns add $n; ip -n $n link set lo up; done
  ip link add eth0 netns a type veth peer name eth0 netns b
  ip -n a addr add $A/24 dev eth0; ip -n b addr add $B/24 dev eth0
  for n in a b; do ip -n $n link set eth0 up; ip -n $n route add 224.0.0.0/4 dev eth0; done
  if [ "$SINK" = xfrm ]; then # as MsaMapping: reqid 0x4d..., selector a/32 -> G/32 udp dport 5004, priority 0x1000
    R=0x4d000042
    addsa() { # addsa <spi> [soft hard]
      ip -n a xfrm state add src $A dst $G proto esp spi "$1" reqid $R mode transport \
        sel src $A/32 dst $G/32 proto udp dport 5004 enc 'cbc(aes)' 0x$EK auth-trunc 'hmac(sha1)' 0x$AK 96 \
        ${2:+limit time-soft $2 limit time-hard $3}
    }
    delsa() { ip -n a xfrm state delete src $A dst $G proto esp spi "$1"; }
    addpol() { ip -n a xfrm policy add src $A/32 dst $G/32 proto udp dport 5004 dir out priority 4096 \
      tmpl src $A dst $G proto esp reqid $R mode transport; }
    delpol() { ip -n a xfrm policy delete src $A/32 dst $G/32 proto udp dport 5004 dir out; }
  else # as PfKeyMapping: reqid 0 on SA and template (level REQUIRE), any-selector SA
    addsa() { ip netns exec a python3 "$pfkey" add $A $G "$1" $EK ${AK:0:40} ${2:+$2 $3}; }
    delsa() { ip netns exec a python3 "$pfkey" del $A $G "$1"; }
    addpol() { ip netns exec a python3 "$pfkey" spdadd $A $G 5004 out; }
    delpol() { ip netns exec a python3 "$pfkey" spddel $A $G 5004 out; }
  fi
  addpol && addsa 0x100 || say "FAIL could not add the first policy and SA"
  send 5
  say "one SA: 0x100=$(pk 0x100)"
  check "the only SA carries the traffic" '[ "$(pk 0x100)" = 5 ]'
  sleep 1.2; addsa 0x200; send 5
  say "after adding 0x200 (a later second): 0x100=$(pk 0x100) 0x200=$(pk 0x200)"
  check "a newer outbound SA takes the traffic at once, the older one none" '[ "$(pk 0x100)" = 5 ] && [ "$(pk 0x200)" = 5 ]'
  addsa 0x300; addsa 0x400; send 5
  say "after adding 0x300 and 0x400 in one second: 0x200=$(pk 0x200) 0x300=$(pk 0x300) 0x400=$(pk 0x400)"
  check "of two SAs added in the same second the later one wins" '[ "$(pk 0x400)" = 5 ] && [ "$(pk 0x300)" = 0 ]'
  sleep 1.2; addsa 0x500 2 600; sleep 3.5; send 5
  say "0x500 added with soft lifetime 2 s, sent 3.5 s later: 0x400=$(pk 0x400) 0x500=$(pk 0x500)"
  check "a soft-expired (dying) SA is passed over for an older live one" '[ "$(pk 0x400)" = 10 ] && [ "$(pk 0x500)" = 0 ]'
  for s in 0x100 0x200 0x300 0x400; do delsa $s; done; send 5
  say "only the dying 0x500 left: 0x500=$(pk 0x500)"
  check "a dying SA is still used when it is the only one" '[ "$(pk 0x500)" = 5 ]'
  # a connected socket: its cached route must not keep the old SA
  rm -f "$w/go"; ip netns exec a python3 "$w/send.py" $G 5 conn "$w/go" & p=$!
  sleep 1.5; addsa 0x600; touch "$w/go"; wait $p
  say "connected socket, 0x600 added between its two bursts: 0x500=$(pk 0x500) 0x600=$(pk 0x600)"
  check "a connected socket switches to a newer SA at once too" '[ "$(pk 0x500)" = 10 ] && [ "$(pk 0x600)" = 5 ]'
  delsa 0x500; delsa 0x600
  o0=$(stat a XfrmOutNoStates)
  got=$(sniffed nosa send 5 nosa)
  say "policy but no SA: b saw $got; XfrmOutNoStates at a +$(( $(stat a XfrmOutNoStates) - o0 ))"
  check "with the policy and no SA the packets are dropped, nothing reaches the wire" \
    '[ "$got" = "esp=0 clear=0" ] && [ $(( $(stat a XfrmOutNoStates) - o0 )) -ge 5 ]'
  delpol
  got=$(sniffed clear send 5 gone)
  say "neither policy nor SA: b saw $got"
  check "without policy the payload goes out in clear (so a sink must never delete a sending policy first)" \
    '[ "$got" = "esp=0 clear=5" ]'
  ip -n a xfrm state; ip -n a xfrm policy
done
echo "sa-choice: $([ $fail = 0 ] && echo ALL PASSED || echo FAILURES)"
exit $fail
