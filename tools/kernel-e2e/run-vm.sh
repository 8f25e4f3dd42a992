#!/usr/bin/env bash
# Boots the kernel-e2e VM (software emulation, single-threaded TCG: multi-threaded TCG crashed the JVM
# intermittently, KVM hangs here; see DESIGN.md) and runs a script of the host's file system inside it.
# Usage: tools/kernel-e2e/run-vm.sh <absolute script path> [memory MiB]; exit code = the script's.
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
out="$here/target"
script="$1"; mem="${2:-3072}"
repo="$(cd "$here/../.." && pwd)"
kver="$(cat "$out/kernel.ready")"
log="$out/vm-$(basename "$script" .sh).log"
timeout "${MIKED_E2E_TIMEOUT:-900}" qemu-system-x86_64 -accel tcg,thread=single -m "$mem" -smp 1 -nographic \
  -no-reboot -kernel "$out/kroot/boot/vmlinuz-$kver" -initrd "$out/initramfs.gz" \
  -append "console=ttyS0 quiet panic=-1 miked.script=$script miked.repo=$repo" \
  -virtfs local,path=/,mount_tag=hostroot,security_model=none,readonly=on,multidevs=remap \
  -nic none </dev/null 2>&1 | tee "$log" | sed -u 's/\r$//'
rc="$(sed -n 's/^MIKED-E2E-RC=\([0-9]*\).*/\1/p' "$log" | tr -d '\r' | tail -1)"
[[ -n "$rc" ]] || { echo "kernel-e2e: the VM ended without reporting (see $log)" >&2; exit 3; }
exit "$rc"
