#!/usr/bin/env bash
# Builds the VM test's Debian bookworm image, or reuses the cached one:
#
#   deploy/vm/build-image.sh CACHE_DIR      ->  CACHE_DIR/<key>/{rootfs.img, vmlinuz, initrd.img}
#
# prints the image folder on its last line. The key hashes the pinned kernel release, the
# candidate versions of every package the image includes, and this folder's image inputs, so a
# package update or a change here builds a new image; anything missing is rebuilt. Needs root
# (mmdebstrap's root mode) and the host packages run-vm-test.sh installs.
set -euo pipefail

here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
cache=${1:?usage: build-image.sh CACHE_DIR}

# Kernel, headers and the gpio-sim module must be one version: take it from the metapackage.
kernel_package=$(apt-cache depends linux-image-amd64 | sed -n 's/^ *Depends: \(linux-image-[0-9].*-amd64\)$/\1/p' | head -n 1)
release=${kernel_package#linux-image-}
[[ -n $release ]] || { echo "build-image: cannot resolve linux-image-amd64's kernel (run apt-get update)" >&2; exit 1; }

# systemd as PID 1 with udev and kmod; the broker and its clients; i2c-tools and gpiod to look at
# the buses by hand; jq for the checks; libgpiod2 is what System.Device.Gpio's LibGpiodDriver loads.
packages=(systemd systemd-sysv udev kmod initramfs-tools "$kernel_package" mosquitto mosquitto-clients
    i2c-tools gpiod libgpiod2 jq procps)
versions=$(for p in "${packages[@]}"; do printf '%s=%s\n' "$p" "$(apt-cache policy "$p" | sed -n 's/^ *Candidate: //p')"; done)
if grep -q '=$\|=(none)$' <<<"$versions"; then
    echo "build-image: packages without a candidate version:" $(grep '=$\|=(none)$' <<<"$versions") >&2
    exit 1
fi
key=$( { echo "$versions"; cat "$here/build-image.sh" "$here/vm-check.service" "$here"/gpio-sim/*; } | sha256sum | cut -c1-16)
image=$cache/$key

if [[ -f $image/rootfs.img && -f $image/vmlinuz && -f $image/initrd.img ]]; then
    echo "build-image: reusing $image (kernel $release)" >&2
    echo "$image"
    exit 0
fi

echo "build-image: building $image (kernel $release)" >&2
rm -rf "$image"
mkdir -p "$image"
work=$(mktemp -d "$cache/build.XXXXXX")
trap 'rm -rf "$work"' EXIT

"$here/gpio-sim/build.sh" "$release" "$work/module" >&2

rootfs=$work/rootfs
mirror=http://deb.debian.org/debian
mmdebstrap --variant=minbase --include="$(IFS=,; echo "${packages[*]}")" \
    --customize-hook='echo edge-vm >"$1/etc/hostname"' \
    --customize-hook='echo "/dev/vda / ext4 rw,noatime 0 1" >"$1/etc/fstab"' \
    --customize-hook='printf "virtio_pci\nvirtio_blk\next4\n" >>"$1/etc/initramfs-tools/modules"' \
    --customize-hook='chroot "$1" update-initramfs -u -k all >/dev/null' \
    --customize-hook="mkdir -p \"\$1/lib/modules/$release/extra\" && cp '$work/module/gpio-sim.ko' \"\$1/lib/modules/$release/extra/\" && chroot \"\$1\" depmod '$release'" \
    --customize-hook="cp '$here/vm-check.service' \"\$1/etc/systemd/system/\" && chroot \"\$1\" systemctl enable vm-check.service >/dev/null 2>&1" \
    --customize-hook='chroot "$1" systemctl mask serial-getty@ttyS0.service getty@tty1.service systemd-timesyncd.service apt-daily.timer apt-daily-upgrade.timer >/dev/null 2>&1' \
    --customize-hook="cp \"\$1/boot/vmlinuz-$release\" '$work/vmlinuz' && cp \"\$1/boot/initrd.img-$release\" '$work/initrd.img'" \
    bookworm "$rootfs" \
    "deb $mirror bookworm main" "deb $mirror bookworm-updates main" "deb http://deb.debian.org/debian-security bookworm-security main" >&2

# An ext4 image filled from the folder: no loop device or mount needed.
mke2fs -q -t ext4 -L root -d "$rootfs" "$work/rootfs.img" 2G
mv "$work/rootfs.img" "$work/vmlinuz" "$work/initrd.img" "$image/"
echo "$versions" >"$image/packages.txt"
echo "build-image: done" >&2
echo "$image"
