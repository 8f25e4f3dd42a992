# Shell helpers for tests that run MIKED daemons in Linux network namespaces on one bridge: checks that
# count, phase selection, Ed25519 keys as the policy bundle reads them, namespaces joined by veth to a bridge,
# starting a daemon inside a namespace, and tearing it all down. Sourced (bash), never run; no process
# substitution and no /dev/fd (the kernel-e2e VM has neither), nothing that needs a network.
#   tools/netns-e2e/netns-e2e.sh sources it; tools/kernel-e2e/e2e-in-vm.sh can (see docs/netns-e2e.md).
# The caller sets E2E_LABEL (the prefix of every line, e.g. "netns-e2e[sigterm]") and may read
# E2E_PASSED / E2E_FAILED.

E2E_LABEL="${E2E_LABEL:-e2e}"
E2E_PASSED=0
E2E_FAILED=0

# e2e_say <text>: one line with the current label
e2e_say() { echo "$E2E_LABEL $*"; }

# e2e_check <name> <shell expression>: evaluates the expression in a subshell (it may `exit 1`), prints
# "<label> PASS|FAIL <name>", counts
e2e_check() {
  if (eval "$2"); then
    e2e_say "PASS $1"; E2E_PASSED=$((E2E_PASSED + 1))
  else
    e2e_say "FAIL $1"; E2E_FAILED=$((E2E_FAILED + 1))
  fi
}

# e2e_phase <comma list> <name>: true if the name is in the list ("all" selects every phase)
e2e_phase() { case ",$1," in *",$2,"* | *",all,"*) return 0 ;; *) return 1 ;; esac; }

# e2e_hex: stdin bytes as lower-case hex, one line
e2e_hex() { od -An -tx1 | tr -d ' \n'; }

# e2e_ed25519 <dir> <name>: an Ed25519 key pair as raw 32-byte hex, <dir>/<name>.priv and <dir>/<name>.pub
e2e_ed25519() {
  openssl genpkey -algorithm ed25519 -out "$1/$2.pem" 2>/dev/null || return 1
  openssl pkey -in "$1/$2.pem" -outform DER 2>/dev/null | tail -c 32 | e2e_hex > "$1/$2.priv"
  openssl pkey -in "$1/$2.pem" -pubout -outform DER 2>/dev/null | tail -c 32 | e2e_hex > "$1/$2.pub"
  [ -s "$1/$2.priv" ] && [ -s "$1/$2.pub" ]
}

# e2e_secret <dir> <name> [bytes]: random bytes (default 32) as hex in <dir>/<name>.key (an LKH individual key)
e2e_secret() { openssl rand -hex "${3:-32}" > "$1/$2.key"; }

# e2e_can_netns <probe name>: true if this process may create a network namespace (root, kernel support)
e2e_can_netns() {
  ip netns add "$1" 2>/dev/null || return 1
  ip netns del "$1" 2>/dev/null
  return 0
}

# e2e_bridge <bridge ns or ""> <bridge>: a bridge that floods multicast (no IGMP snooping), up; in the
# given namespace (created here), or in the current one when it is ""
e2e_bridge() {
  local in=()
  if [ -n "$1" ]; then ip netns add "$1" || return 1; in=(-n "$1"); ip "${in[@]}" link set lo up; fi
  ip "${in[@]}" link add "$2" type bridge mcast_snooping 0 || return 1
  ip "${in[@]}" link set "$2" up
}

# e2e_host <ns> <bridge ns or ""> <bridge> <veth name on the bridge side> <IPv4/len> [IPv6/len | noipv6]
# A namespace with lo up and eth0 (the veth's inner end) up, addressed, with a multicast route; the outer
# end is a port of the bridge. "noipv6" disables IPv6 in the namespace before eth0 exists, so the kernel
# sends no MLD report, router or neighbour solicitation from it. The outer end is left down: bring it up
# with e2e_host_up once a capture on it is running.
e2e_host() {
  local ns=$1 bns=$2 br=$3 veth=$4 v4=$5 v6=${6:-} in=()
  [ -n "$bns" ] && in=(-n "$bns")
  ip netns add "$ns" || return 1
  ip -n "$ns" link set lo up
  if [ "$v6" = noipv6 ]; then
    # /proc/sys/net shows the namespace of the process that writes it (no dependency on procps' sysctl)
    ip netns exec "$ns" sh -c 'echo 1 > /proc/sys/net/ipv6/conf/all/disable_ipv6 && echo 1 > /proc/sys/net/ipv6/conf/default/disable_ipv6' || return 1
  fi
  ip "${in[@]}" link add "$veth" type veth peer name eth0 netns "$ns" || return 1
  ip "${in[@]}" link set "$veth" master "$br"
  ip -n "$ns" addr add "$v4" dev eth0
  if [ -n "$v6" ] && [ "$v6" != noipv6 ]; then ip -n "$ns" -6 addr add "$v6" dev eth0 nodad; fi
  ip -n "$ns" link set eth0 up
  ip -n "$ns" route add 224.0.0.0/4 dev eth0
}

# e2e_host_up <bridge ns or ""> <veth name on the bridge side>
e2e_host_up() { if [ -n "$1" ]; then ip -n "$1" link set "$2" up; else ip link set "$2" up; fi; }

# e2e_start_daemon <ns> <config folder> <log file> <pid file> <daemon.jar> <logging.properties> [java option...]
# Starts ./miked daemon's command line (the jar run directly, so nothing is rebuilt) inside the namespace,
# working directory the config folder, output to the log; the pid file gets the JVM's pid (ip netns exec
# execs the command).
e2e_start_daemon() {
  local ns=$1 conf=$2 log=$3 pidf=$4 jar=$5 logging=$6
  shift 6
  (cd "$conf" && exec ip netns exec "$ns" java -Xss1m -XX:TieredStopAtLevel=1 \
    -Djava.util.logging.config.file="$logging" -Dfelix.fileinstall.dir="$conf" "$@" -jar "$jar" > "$log" 2>&1) &
  echo $! > "$pidf"
}

# e2e_alive <pid file>: true while that process runs
e2e_alive() { [ -s "$1" ] && kill -0 "$(cat "$1")" 2>/dev/null; }

# e2e_wait_exit <pid file> <seconds>: waits (polling every 0.2 s) until the process is gone; false on timeout
e2e_wait_exit() {
  local i=0 n=$(( $2 * 5 ))
  while e2e_alive "$1"; do
    i=$((i + 1)); [ "$i" -gt "$n" ] && return 1
    sleep 0.2
  done
  return 0
}

# e2e_stop <pid file> [grace seconds]: SIGTERM, then SIGKILL after the grace (default 10 s); by pid only
e2e_stop() {
  e2e_alive "$1" || return 0
  kill -TERM "$(cat "$1")" 2>/dev/null
  e2e_wait_exit "$1" "${2:-10}" || kill -KILL "$(cat "$1")" 2>/dev/null
}

# e2e_del_netns <ns...>: kills what still runs in each namespace (by pid), then deletes it
e2e_del_netns() {
  local ns p
  for ns in "$@"; do
    [ -e "/run/netns/$ns" ] || continue
    for p in $(ip netns pids "$ns" 2>/dev/null); do kill -KILL "$p" 2>/dev/null; done
    ip netns del "$ns" 2>/dev/null
  done
}
