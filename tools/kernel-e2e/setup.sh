#!/usr/bin/env bash
# Installs what the kernel end-to-end test needs, from Debian's packages only, and builds its VM:
#   qemu-system-x86, busybox-static, cpio, kmod, tshark, xxd (apt-get install), linux-image-amd64's kernel
#   (apt-get download + dpkg -x, not installed), depmod, and a busybox initramfs that mounts the host's
#   root read-only over virtio-9p and runs a script given on the kernel command line.
# Usage: tools/kernel-e2e/setup.sh   (idempotent; everything lands in tools/kernel-e2e/target/)
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
out="$here/target"
mkdir -p "$out"

need=()
command -v qemu-system-x86_64 >/dev/null || need+=(qemu-system-x86)
[[ -x /bin/busybox || -x /usr/bin/busybox ]] || need+=(busybox-static)
command -v cpio >/dev/null || need+=(cpio)
command -v depmod >/dev/null || need+=(kmod)
command -v tshark >/dev/null || need+=(tshark)
command -v xxd >/dev/null || need+=(xxd)
if ((${#need[@]})); then
  echo "kernel-e2e: apt-get install ${need[*]}" >&2
  apt-get update -qq
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${need[@]}" >/dev/null
fi

# the kernel: the package linux-image-amd64 depends on, unpacked (never installed on the host)
if [[ ! -f "$out/kernel.ready" ]]; then
  pkg="$(apt-cache depends linux-image-amd64 | sed -n 's/.*Depends: \(linux-image-[0-9].*-amd64\)$/\1/p' | head -1)"
  [[ -n "$pkg" ]] || { echo "kernel-e2e: cannot find the kernel package behind linux-image-amd64" >&2; exit 2; }
  rm -rf "$out/deb" "$out/kroot"; mkdir -p "$out/deb" "$out/kroot"
  (cd "$out/deb" && apt-get download -qq "$pkg" 2>/dev/null)
  dpkg -x "$out"/deb/"$pkg"_*.deb "$out/kroot"
  kver="$(ls "$out/kroot/lib/modules")"
  depmod -b "$out/kroot" "$kver"
  echo "$kver" > "$out/kernel.ready"
fi
kver="$(cat "$out/kernel.ready")"

# the initramfs: busybox, the modules that reach the 9p share, and init
ird="$out/initramfs"
rm -rf "$ird"; mkdir -p "$ird"/{bin,dev,proc,sys,host,mods,lib/modules}
cp "$(command -v busybox)" "$ird/bin/busybox"
: > "$ird/mods/order"
for m in virtio_pci 9pnet_virtio 9p; do
  modprobe -d "$out/kroot" -S "$kver" --show-depends "$m" | while read -r kind path _; do
    [[ "$kind" == insmod ]] || continue
    base="$(basename "$path")"
    grep -qx "$base" "$ird/mods/order" && continue
    cp "$path" "$ird/mods/$base"
    echo "$base" >> "$ird/mods/order"
  done
done
sed "s|@KROOT@|$out/kroot|g" "$here/init" > "$ird/init"
chmod +x "$ird/init"
(cd "$ird" && find . | cpio -o -H newc --quiet | gzip -1 > "$out/initramfs.gz")
echo "kernel-e2e: ready: kernel $kver, $(wc -l < "$ird/mods/order") boot modules, $out/initramfs.gz" >&2
