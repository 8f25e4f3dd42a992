#!/usr/bin/env bash
# Boots the kernel-e2e VM and runs sa-choice-in-vm.sh in it: which outbound SA the real kernel uses (newest,
# live over dying) for SAs added through XFRM netlink and through PF_KEY, and what a sender sends with a policy
# but no SA, and with neither (issue 12). About 40 s; no daemon, no Java. Needs setup.sh (run here when missing).
# Usage: tools/kernel-e2e/run-sa-choice.sh [xfrm] [pfkey]; exit 0 if every check passed, 77 if the VM cannot run.
set -uo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
repo="$(cd "$here/../.." && pwd)"
if [[ ! -f "$here/target/kernel.ready" || ! -f "$here/target/initramfs.gz" ]]; then
  "$here/setup.sh" || { echo "sa-choice: SKIP: setup failed (no Debian packages reachable?)"; exit 77; }
fi
command -v qemu-system-x86_64 >/dev/null || { echo "sa-choice: SKIP: qemu-system-x86_64 not available"; exit 77; }
wrapper="$here/target/sa-choice.sh"
printf '#!/bin/bash\nexport E2E_REPO=%s SINKS="%s"\nexec /bin/bash %s\n' "$repo" "${*:-xfrm pfkey}" \
  "$here/sa-choice-in-vm.sh" > "$wrapper"
MIKED_E2E_TIMEOUT="${MIKED_E2E_TIMEOUT:-300}" "$here/run-vm.sh" "$wrapper" 1024 > "$here/target/sa-choice.out" 2>&1
rc=$?
grep -a -E '^sa-choice' "$here/target/sa-choice.out"
echo "sa-choice: exit $rc; transcript target/sa-choice.out"
exit $rc
