#!/usr/bin/env bash
# The real-network test of issue 11, without a VM: 8 MIKED daemons (run-configs/target/daemon.jar) in 8
# network namespaces on one bridge, IPv4 multicast, in-memory SA sink. Senders s01 s02 s03 agree with BD and
# are key servers (LKH, each on its own rekey channel): s01 serves r00001 r00002, s02 serves r00003 and the
# EMCON receiver r00005, s03 serves r00004. Phases (NETNS_E2E_PHASES, comma list, default all of them):
#   keyed     (always) every host holds the same epoch, key fingerprint and per-sender SPIs (mike:groups,
#             mike:msas: the in-memory sink's view, asked through each daemon's Gogo telnet on its own lo)
#   sigterm   SIGTERM r00002: its LEAVE is on the wire, s01 rekeys without it, the rest reach the new epoch
#   failover  SIGKILL s02: r00003 and r00005 get keyed by a backup (policy fields backupKeyServers and
#             backupReceivers, written only when this phase is on) at the epoch s01 and s03 reach
#   emcon     an AF_PACKET capture on r00005's bridge port, from the first frame to the last daemon's stop:
#             nothing left r00005 but IGMP (IPv6 is off in its namespace); the count of each kind is printed
# Prints one "netns-e2e[<phase>] PASS|FAIL <check>" line per check and "N passed, N failed"; exit 0 if none
# failed, 1 if one did, 77 (skipped) with one line saying why when this machine cannot run it (not root, no
# network namespaces, no daemon.jar, no python3/openssl). Cleans up namespaces and daemons on every exit.
# Settings: NETNS_E2E_PHASES, NETNS_E2E_WAIT (seconds per wait, default 120).
# Usage: tools/netns-e2e/netns-e2e.sh      (as root; transcripts and logs in tools/netns-e2e/target/run/)
set -uo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
repo="$(cd "$here/../.." && pwd)"
# shellcheck source=../lib/netns.sh
. "$repo/tools/lib/netns.sh"
PHASES="${NETNS_E2E_PHASES:-sigterm,failover,emcon}"
WAIT="${NETNS_E2E_WAIT:-120}"
jar="$repo/run-configs/target/daemon.jar"
logging="$repo/run-configs/logging-info.properties"
skip() { echo "netns-e2e: SKIP: $*"; exit 77; }

[ "$(id -u)" = 0 ] || skip "needs root to create network namespaces (run as root; uid is $(id -u))"
command -v ip >/dev/null || skip "iproute2's ip is not installed"
command -v python3 >/dev/null || skip "python3 is not installed (capture and shell queries)"
command -v openssl >/dev/null || skip "openssl is not installed (Ed25519 keys)"
command -v java >/dev/null || skip "java is not on PATH"
[ -f "$jar" ] || skip "run-configs/target/daemon.jar is not built (mvn install -pl run-configs -am)"
tag="ne$(( $$ % 100000 ))"
e2e_can_netns "$tag-probe" || skip "cannot create a network namespace here (ip netns add failed: no CAP_SYS_ADMIN or no netns support)"

w="$here/target/run"
rm -rf "$w"; mkdir -p "$w/keys"
E2E_LABEL="netns-e2e[setup]"
group=trial
senders=(s01 s02 s03)
receivers=(r00001 r00002 r00003 r00004 r00005)
hosts=("${senders[@]}" "${receivers[@]}")
emcon=r00005
declare -A ip=([s01]=10.78.0.1 [s02]=10.78.0.2 [s03]=10.78.0.3 [r00001]=10.78.0.11 [r00002]=10.78.0.12
  [r00003]=10.78.0.13 [r00004]=10.78.0.14 [r00005]=10.78.0.15)
declare -A server=([r00001]=s01 [r00002]=s01 [r00003]=s02 [r00004]=s03 [r00005]=s02)
# backups: the other senders in policy order, starting after the receiver's own key server
declare -A backups=([r00001]="s02,s03" [r00002]="s02,s03" [r00003]="s03,s01" [r00004]="s01,s02" [r00005]="s03,s01")
leaver=r00002; killed=s02
bns="$tag-br"
ns() { echo "$tag-$1"; }
sniffer=""

cleanup() {
  local h
  disown -a 2>/dev/null # no job-control notices for what is killed here
  for h in "${hosts[@]}"; do [ -f "$w/$h.pid" ] && e2e_alive "$w/$h.pid" && kill -KILL "$(cat "$w/$h.pid")" 2>/dev/null; done
  [ -n "$sniffer" ] && kill -TERM "$sniffer" 2>/dev/null
  e2e_del_netns $(for h in "${hosts[@]}"; do ns "$h"; done) "$bns"
}
trap cleanup EXIT
trap 'echo "netns-e2e: terminated: cleaning up"; exit 143' TERM
trap 'echo "netns-e2e: interrupted: cleaning up"; exit 130' INT
t0=$(date +%s.%N)
since() { awk -v a="$1" -v b="$(date +%s.%N)" 'BEGIN { printf "%.1f", b - a }'; }

# --- network: the bridge in its own namespace (the machine's own interfaces are never touched), one
# namespace per host; IPv6 off in every host namespace (an IPv4 test; r00005's capture would otherwise see
# the kernel's MLD reports and router and neighbour solicitations, which no daemon sent)
e2e_bridge "$bns" br0 || { echo "netns-e2e: cannot create the bridge"; exit 1; }
for h in "${hosts[@]}"; do
  e2e_host "$(ns "$h")" "$bns" br0 "v$h" "${ip[$h]}/24" noipv6 || { echo "netns-e2e: cannot create host $h"; exit 1; }
done
# the capture runs on every bridge port before any link is up, so it sees r00005's first frame
ports=(); for h in "${hosts[@]}"; do ports+=("v$h=$h"); done
ip netns exec "$bns" python3 "$here/sniff.py" "$w/frames.log" "${ports[@]}" > "$w/sniff.out" 2>&1 &
sniffer=$!
for _ in $(seq 50); do grep -q '^capturing' "$w/frames.log" 2>/dev/null && break; sleep 0.1; done
e2e_check "the capture runs on all 8 bridge ports" 'grep -q "^capturing" "$w/frames.log"'
for h in "${hosts[@]}"; do e2e_host_up "$bns" "v$h"; done

# --- keys: Ed25519 for every member that signs, an LKH individual key for the EMCON receiver
for h in "${hosts[@]}"; do [ "$h" = "$emcon" ] || e2e_ed25519 "$w/keys" "$h" || { echo "netns-e2e: openssl cannot make Ed25519 keys"; exit 1; }; done
e2e_secret "$w/keys" "$emcon"
pub() { echo "$1=$(cat "$w/keys/$1.pub")"; }
join() { local IFS=,; echo "$*"; }

# --- one configuration folder per daemon
conf() { # conf <host>
  local h=$1 d="$w/$1" r list
  mkdir -p "$d" "$w/state"; chmod 700 "$w/state"
  printf 'self = %s\ndispatcher.target = (miked.dispatcher=real)\nautoJoin = true\n' "$h" > "$d/org.miked.gmf.host.cfg"
  printf 'interfaceName = eth0\nfamily = ipv4\nbindAddress4 = %s\nmulticastHops = 4\nretryIntervalMillis = 2000\nstateDirectory = %s\n' \
    "${ip[$h]}" "$w/state" > "$d/org.miked.dispatcher.real.cfg"
  {
    echo "group = $group"
    echo "dataAddress = 239.78.0.1"; echo "dataPort = 5004"; echo "controlAddress = 239.78.0.2"; echo "controlPort = 5100"
    echo "senders = s01@${ip[s01]}, s02@${ip[s02]}, s03@${ip[s03]}"
    echo "agreement = bd"; echo "distribution = lkh"; echo "auth = sig"; echo "rekeyAuth = sig"; echo "saSink = memory"
    echo "rekeyBatchMillis = 500"
    if [ "$h" != "$emcon" ]; then echo "signingKey = $(cat "$w/keys/$h.priv")"; fi
    if [[ $h == s* ]]; then
      echo "role = sender"; echo "keyServer = $h"
      list=(); for r in "${receivers[@]}"; do [ "${server[$r]}" = "$h" ] && list+=("$r"); done
      echo "servedReceivers = $(join "${list[@]}")"
      list=(); for r in "${hosts[@]}"; do [ "$r" = "$emcon" ] || list+=("$(pub "$r")"); done
      echo "verifyKeys = $(join "${list[@]}")"
      local emk=()
      [ "${server[$emcon]}" = "$h" ] && emk=("$emcon=$(cat "$w/keys/$emcon.key")")
      if e2e_phase "$PHASES" failover; then
        list=(); for r in "${receivers[@]}"; do [[ ,${backups[$r]}, == *",$h,"* ]] && list+=("$r"); done
        echo "backupReceivers = $(join "${list[@]}")"
        [[ ,${backups[$emcon]}, == *",$h,"* ]] && emk=("$emcon=$(cat "$w/keys/$emcon.key")")
      fi
      ((${#emk[@]})) && echo "individualKeys = ${emk[0]}"
    else
      echo "role = receiver"; echo "keyServer = ${server[$h]}"
      list=("$(pub "${server[$h]}")")
      if e2e_phase "$PHASES" failover; then
        echo "backupKeyServers = ${backups[$h]}"
        for r in ${backups[$h]//,/ }; do list+=("$(pub "$r")"); done
      fi
      echo "verifyKeys = $(join "${list[@]}")"
      if [ "$h" = "$emcon" ]; then echo "emcon = true"; echo "individualKeys = $emcon=$(cat "$w/keys/$emcon.key")"; fi
    fi
  } > "$d/org.miked.policy.group-$group.cfg"
}
for h in "${hosts[@]}"; do conf "$h"; done

start() { # start <host>: the daemon with its Gogo shell on telnet 127.0.0.1:2019 of its namespace
  e2e_start_daemon "$(ns "$1")" "$w/$1" "$w/$1.log" "$w/$1.pid" "$jar" "$logging" -Xmx192m -XX:+UseSerialGC \
    "-Dgosh.args=--nointeractive --noshutdown -c 'telnetd start'"
}
for h in "${hosts[@]}"; do start "$h"; done
t_started=$(date +%s.%N)
e2e_say "8 daemons started ($(since "$t0") s after the start of the test); phases: $PHASES"

# --- what the hosts hold: one line per host (gogo.py status), into $w/status
poll() { # poll <host...>
  local specs=() h
  for h in "$@"; do specs+=("$(ns "$h")=$h"); done
  python3 "$here/gogo.py" status "$group" "${specs[@]}" > "$w/status" 2>> "$w/gogo.err"
}
field() { awk -v h="$1" -v n="$2" '$1 == h { print $n }' "$w/status"; } # field <host> <column>
# agree <host...>: true if all are KEYED at one epoch with one key and the same per-sender SPIs of that
# epoch (3, one per sender); prints the epoch
agree() {
  awk -v want="$*" 'BEGIN { n = split(want, hs, " "); for (i = 1; i <= n; i++) need[hs[i]] = 1 }
    ($1 in need) { seen++
      if ($2 != "KEYED") bad = 1
      s = $6; sub(/^spis=/, "", s); m = split(s, e, ","); if (m != 3) bad = 1
      t = ""; for (i = 1; i <= m; i++) t = t "," substr(e[i], 1, length(e[i]) - 3)
      k = $3 " " $4 " " t
      if (ref == "") ref = k; else if (k != ref) bad = 1
      ep = $3 }
    END { if (bad || seen != n) exit 1; print ep }' "$w/status"
}
died() { local h; for h in "$@"; do e2e_alive "$w/$h.pid" || { echo "$h"; return 0; }; done; return 1; }
# wait_for <seconds> <predicate...>: polls the hosts named in $watch every second until the predicate holds
wait_for() {
  local until=$(( $(date +%s) + $1 )); shift
  while :; do
    poll "${watch[@]}"
    "$@" && return 0
    [ "$(date +%s)" -ge "$until" ] && return 1
    d=$(died "${watch[@]}") && { e2e_say "daemon $d died: $(tail -3 "$w/$d.log" | tr '\n' ' ')"; return 1; }
    sleep 1
  done
}
show() { sed "s/^/  /" "$w/status"; }
members_of() { field "$1" 7 | sed 's/^members=//'; }
has_member() { [[ ,$(members_of "$1"), == *",$2,"* ]]; }

# --- keyed: every host holds the group's key, the same at all
E2E_LABEL="netns-e2e[keyed]"
watch=("${hosts[@]}")
registered() { # every non-EMCON receiver is a member at its own key server
  local r; for r in "${receivers[@]}"; do [ "$r" = "$emcon" ] || has_member "${server[$r]}" "$r" || return 1; done
}
keyed_all() { epoch=$(agree "${hosts[@]}") && registered; }
epoch=""
wait_for "$WAIT" keyed_all; ok=$?
t_keyed=$(since "$t_started")
show
rejected=$(grep -h 'rejected configuration' "$w"/*.log | head -2)
e2e_check "every policy was accepted${rejected:+ (${rejected})}" '[ -z "$rejected" ]'
e2e_check "all 8 hosts KEYED at one epoch (${epoch:-none}) with one key fingerprint and the same 3 per-sender SPIs in their sinks, after ${t_keyed} s" '[ $ok = 0 ]'
e2e_check "each sender's own MSA of the epoch is outbound, the others inbound" \
  '[ $ok = 0 ] && for s in "${senders[@]}"; do [ "$(field $s 6 | sed "s/^spis=//" | tr , "\n" | grep -c "^$s:.*:ou$")" = 1 ] || exit 1; done; for r in "${receivers[@]}"; do ! field $r 6 | grep -q ":ou" || exit 1; done'
e2e_check "each non-EMCON receiver is registered at its own key server only" \
  'registered && for r in r00001 r00002 r00003 r00004; do for s in "${senders[@]}"; do [ "$s" = "${server[$r]}" ] || ! has_member "$s" "$r" || exit 1; done; done'
e2e_check "the senders' logs show one BD run agreed among all three" \
  'for s in "${senders[@]}"; do grep -q "agreed among \[s01, s02, s03\]" "$w/$s.log" || exit 1; done'
first_udp=$(awk -v t="$t_started" '$3 == "udp" { printf "%.1f", $1 - t; exit }' "$w/frames.log")
e2e_say "time to keyed: ${t_keyed} s from the daemons' start to all 8 hosts at epoch ${epoch:-none} (the first key-management datagram was on the wire after ${first_udp:-?} s: JVM and Felix start)"
base_ok=$ok

# --- sigterm: a receiver's daemon stopped with SIGTERM leaves; its key server rekeys without it
if e2e_phase "$PHASES" sigterm; then
  E2E_LABEL="netns-e2e[sigterm]"
  e0=$epoch
  t_term=$(date +%s.%N)
  kill -TERM "$(cat "$w/$leaver.pid")"
  e2e_wait_exit "$w/$leaver.pid" 20; gone=$?
  wait "$(cat "$w/$leaver.pid")" 2>/dev/null; rc=$?
  e2e_check "$leaver's daemon exited within 20 s of SIGTERM (exit $rc)" '[ $gone = 0 ]'
  e2e_check "$leaver's log shows it left the group, acknowledged by its key server" \
    'grep -q "framework stopping: host $leaver left \[$group\] in" "$w/$leaver.log" && grep -q "miked: framework stopped" "$w/$leaver.log"'
  leave_frames=$(awk -v t="$t_term" -v h="$leaver" '$1 >= t && $2 == h && $3 == "udp"' "$w/frames.log" | wc -l)
  e2e_check "$leaver put its LEAVE on the wire after SIGTERM ($leave_frames UDP datagrams to $(awk -v t="$t_term" -v h="$leaver" '$1 >= t && $2 == h && $3 == "udp" { print $5 }' "$w/frames.log" | sort -u | tr '\n' ' '))" \
    '[ "$leave_frames" -ge 1 ]'
  watch=(); for h in "${hosts[@]}"; do [ "$h" = "$leaver" ] || watch+=("$h"); done
  rekeyed() { epoch=$(agree "${watch[@]}") && [ "$epoch" -gt "$e0" ] && ! has_member "${server[$leaver]}" "$leaver"; }
  wait_for "$WAIT" rekeyed; ok=$?
  t_rekey=$(since "$t_term")
  show
  e2e_check "${server[$leaver]} no longer counts $leaver among its members" '! has_member "${server[$leaver]}" "$leaver"'
  e2e_check "the 7 others KEYED at a new epoch ${epoch:-none} > $e0 with one key and the same SPIs, ${t_rekey} s after SIGTERM" '[ $ok = 0 ]'
  e2e_check "${server[$leaver]}'s log shows the batch that started epoch ${epoch:-none} without it" \
    'grep -q "batch of joins/leaves: epoch $epoch\$" "$w/${server[$leaver]}.log"'
  # the in-memory SAD lives in the daemon's process: it is gone with it (that the leave itself deletes the
  # group's MSAs from the sink is Issue11ShutdownLeavesTest's, with a recording sink)
  e2e_check "$leaver holds no SA: its daemon, with its in-memory SA database, is gone after a clean stop" \
    '! e2e_alive "$w/$leaver.pid" && [ -z "$(ip netns pids "$(ns $leaver)")" ] && [ "$rc" = 143 ]'
  e2e_say "time to rekey after SIGTERM: ${t_rekey} s (epoch $e0 -> ${epoch:-none})"
fi

# --- failover: the key server of r00003 and r00005 is SIGKILLed; a backup keys them
if e2e_phase "$PHASES" failover; then
  E2E_LABEL="netns-e2e[failover]"
  e1=${epoch:-0}
  t_kill=$(date +%s.%N)
  { kill -KILL "$(cat "$w/$killed.pid")"; e2e_wait_exit "$w/$killed.pid" 10; wait "$(cat "$w/$killed.pid")"; } 2>/dev/null
  watch=(); for h in "${hosts[@]}"; do [ "$h" = "$killed" ] || ! e2e_alive "$w/$h.pid" || watch+=("$h"); done
  orphans=(); for r in "${receivers[@]}"; do [ "${server[$r]}" = "$killed" ] && orphans+=("$r"); done
  t_survivors=""
  failed_over() {
    local se
    [ -z "$t_survivors" ] && se=$(agree s01 s03) && [ "$se" -gt "$e1" ] && t_survivors=$(since "$t_kill")
    epoch=$(agree "${watch[@]}") && [ "$epoch" -gt "$e1" ]
  }
  wait_for "$(( WAIT + 60 ))" failed_over; ok=$?
  t_failover=$(since "$t_kill")
  show
  if [ $ok != 0 ]; then
    for r in "${orphans[@]}"; do python3 "$here/gogo.py" run "$(ns "$r")" mike:groups 2>&1 | sed "s/^/  /"; done
  fi
  e2e_check "s01 and s03 agreed again without $killed" \
    'grep -q "agreed among \[s01, s03\]" "$w/s01.log" && grep -q "agreed among \[s01, s03\]" "$w/s03.log"'
  e2e_check "${orphans[*]} KEYED by a backup at the survivors' epoch ${epoch:-none} > $e1 (same key and SPIs as s01 and s03), ${t_failover} s after SIGKILL" '[ $ok = 0 ]'
  e2e_check "the non-EMCON orphan r00003 is registered at a backup (${backups[r00003]})" \
    'has_member s03 r00003 || has_member s01 r00003'
  e2e_say "after SIGKILL of $killed: s01 and s03 at a new epoch after ${t_survivors:-never} s; all left keyed by a backup after ${t_failover} s (epoch $e1 -> ${epoch:-none})"
fi

# --- stop every daemon that still runs with SIGTERM (the EMCON receiver's stop must send nothing either)
E2E_LABEL="netns-e2e[stop]"
stopped_ok=1
for h in "${hosts[@]}"; do e2e_alive "$w/$h.pid" && kill -TERM "$(cat "$w/$h.pid")"; done
for h in "${hosts[@]}"; do e2e_alive "$w/$h.pid" && { e2e_wait_exit "$w/$h.pid" 20 || stopped_ok=0; }; done
e2e_check "every remaining daemon stopped within 20 s of SIGTERM" '[ $stopped_ok = 1 ]'
kill -TERM "$sniffer"; wait "$sniffer"; sniffer=""
e2e_say "frames each host sent into the bridge during the whole run (AF_PACKET on its bridge port):"
sed 's/^/  /' "$w/sniff.out"

# --- emcon: nothing but the kernel's IGMP reports left the EMCON receiver
if e2e_phase "$PHASES" emcon; then
  E2E_LABEL="netns-e2e[emcon]"
  line=$(grep "^$emcon from:" "$w/sniff.out")
  count() { echo "$line" | sed -n "s/.* $1=\([0-9]*\).*/\1/p"; }
  e2e_say "$emcon sent: $(echo "$line" | sed 's/^[^:]*: //')"
  e2e_check "the capture saw $emcon's own IGMP membership reports ($(count igmp)) and frames to it ($(echo "$line" | sed -n 's/.*to: //p'))" \
    '[ "$(count igmp)" -ge 1 ] && [ "$(echo "$line" | sed -n "s/.*to: //p")" -ge 1 ]'
  e2e_check "nothing else left $emcon: no UDP, TCP, ICMP, ARP, IPv6 or other frame" \
    '[ "$(count total)" = "$(count igmp)" ]'
  e2e_check "$emcon's GMF never tried to transmit" '! grep -q "tried to transmit in EMCON" "$w/$emcon.log"'
fi

for h in "${hosts[@]}"; do echo "--- $h log (last lines)"; grep -v -e deployed -e '^Creating configuration' "$w/$h.log" | tail -8; done
[ "$base_ok" = 0 ] || e2e_say "(the group never keyed: later checks are not meaningful)"
echo "netns-e2e: done in $(since "$t0") s; logs in $w"
echo "$E2E_PASSED passed, $E2E_FAILED failed"
[ "$E2E_FAILED" = 0 ]
