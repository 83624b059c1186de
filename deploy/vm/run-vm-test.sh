#!/usr/bin/env bash
# The installed service under a real systemd: boots a Debian bookworm VM (qemu, software
# emulation), installs the Native AOT linux-x64 build there with deploy/install.sh as on a Pi, runs
# it on an emulated MPU-6050 (i2c-stub) and emulated wheel encoders (gpio-sim), and checks it
# (deploy/vm/checks.sh). Exits non-zero when any check fails or the VM does not finish.
#
#   deploy/vm/run-vm-test.sh [PUBLISH_DIR]     (default out/linux-x64, published first if missing)
#
# The image is cached in $EDGE_LSTM_VM_CACHE (default /var/cache/edge-lstm-vm) and rebuilt when its
# packages or inputs change; the VM writes to a throw-away overlay, never to the cached image.
# Console log: $EDGE_LSTM_VM_LOG (default /tmp/edge-lstm-vm-console.log). The syscall-filter soak
# replays EDGE_LSTM_VM_SOAK_SECONDS (default 300: 15,000 frames at 50 Hz) of simulated driving at
# full speed; a whole hour (3600, 180,000 frames) did not finish within 7 minutes of emulation on
# this 2-core machine, so CI runs the shorter one. Needs root.
set -euo pipefail

repo=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
here=$repo/deploy/vm
publish=${1:-$repo/out/linux-x64}
cache=${EDGE_LSTM_VM_CACHE:-/var/cache/edge-lstm-vm}
console_log=${EDGE_LSTM_VM_LOG:-/tmp/edge-lstm-vm-console.log}
# A cold run (image build + boot + checks) takes about 5 minutes here; this bounds a hung VM.
vm_timeout=${EDGE_LSTM_VM_TIMEOUT:-900}

say() { echo "vm-test: $*"; }
[[ $(id -u) -eq 0 ]] || { echo "vm-test: run as root (mmdebstrap, the image cache)" >&2; exit 1; }
started=$(date +%s)

# --- Host tools: qemu, mmdebstrap, the kernel source and headers for gpio-sim, a static libc ----
kernel=$(apt-cache depends linux-image-amd64 2>/dev/null | sed -n 's/^ *Depends: linux-image-\([0-9].*-amd64\)$/\1/p' | head -n 1 || true)
missing=()
command -v qemu-system-x86_64 >/dev/null || missing+=(qemu-system-x86)
command -v mmdebstrap >/dev/null || missing+=(mmdebstrap)
command -v mke2fs >/dev/null || missing+=(e2fsprogs)
command -v gcc >/dev/null || missing+=(gcc)
[[ -f /usr/lib/x86_64-linux-gnu/libc.a ]] || missing+=(libc6-dev)
[[ -f /usr/src/linux-source-6.1.tar.xz ]] || missing+=(linux-source-6.1)
[[ -z $kernel || ! -d /usr/src/linux-headers-$kernel ]] && missing+=(headers)
if [[ ${#missing[@]} -gt 0 ]]; then
    say "installing host packages: ${missing[*]}"
    apt-get update -qq
    kernel=$(apt-cache depends linux-image-amd64 | sed -n 's/^ *Depends: linux-image-\([0-9].*-amd64\)$/\1/p' | head -n 1)
    packages=("${missing[@]/headers/linux-headers-$kernel}")
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${packages[@]}" >/dev/null
fi

# --- The build under test ------------------------------------------------------------------------
if [[ ! -x $publish/edge-lstm ]]; then
    say "no binary in $publish: publishing it first"
    "$repo/deploy/publish.sh" linux-x64 "$publish"
fi

# --- Image (cached) --------------------------------------------------------------------------------
mkdir -p "$cache"
image=$("$here/build-image.sh" "$cache" | tail -n 1)

# --- Payload: the publish folder as copied to a Pi, the emulators, the checks -------------------
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
payload=$work/payload
mkdir -p "$payload/vm/bin"
cp -r "$publish" "$payload/app"
rm -rf "$payload/app/.artifacts"
cp "$here/checks.sh" "$payload/vm/"
# Simulated driving (EDGE_LSTM_VM_SOAK_SECONDS) for the syscall-filter soak, made here at native speed.
mkdir -p "$payload/soak"
"$publish/edge-lstm" simulate --out "$payload/soak/drive.csv" --seconds "${EDGE_LSTM_VM_SOAK_SECONDS:-300}" --seed 7 >/dev/null
gcc -static -O2 -Wall -Wextra -Werror -o "$payload/vm/bin/mpu6050-motion" "$here/emulators/mpu6050-motion.c" -lm
gcc -static -O2 -Wall -Wextra -Werror -o "$payload/vm/bin/quadrature-motion" "$here/emulators/quadrature-motion.c"
qemu-img create -q -f qcow2 -F raw -b "$image/rootfs.img" "$work/overlay.qcow2"

# --- Boot; the checks run from vm-check.service and power the VM off --------------------------
# Software emulation (TCG): KVM is present on these machines but Debian's kernels do not boot
# under it. No network device at all: the broker and the worker talk over the VM's loopback.
# no_timer_check: on a busy host, emulated time runs so unevenly that the kernel's IO-APIC timer
# check fails and it panics ("IO-APIC + timer doesn't work!"), as seen at a load average of 35.
say "booting the VM (image $(basename "$image"), console log $console_log)"
boot=$(date +%s)
set +e
timeout "$vm_timeout" qemu-system-x86_64 \
    -accel tcg,thread=multi -cpu max -smp 2 -m 1024 \
    -nodefaults -display none -serial stdio -no-reboot \
    -kernel "$image/vmlinuz" -initrd "$image/initrd.img" \
    -append "root=/dev/vda rw console=ttyS0 quiet loglevel=3 systemd.show_status=false panic=-1 no_timer_check" \
    -drive "file=$work/overlay.qcow2,if=virtio,format=qcow2" \
    -virtfs "local,path=$payload,mount_tag=payload,security_model=none,readonly=on" \
    </dev/null 2>&1 | stdbuf -oL tr -d '\r' >"$console_log"
qemu_status=${PIPESTATUS[0]}
set -e

grep -E '^(VMCHECK (PASS|FAIL|INFO)|JOURNAL)' "$console_log" | sed 's/^VMCHECK //' || true
passed=$(grep -c '^VMCHECK PASS' "$console_log" || true)
failed=$(grep -c '^VMCHECK FAIL' "$console_log" || true)
seconds=$(( $(date +%s) - started ))
say "$passed checks passed, $failed failed; boot to power-off $(( $(date +%s) - boot )) s, whole run $seconds s"
if ! grep -q '^VMCHECK DONE failures=0$' "$console_log" || [[ $failed -ne 0 ]]; then
    [[ $qemu_status -eq 124 ]] && say "the VM did not finish within $vm_timeout s"
    grep -q '^VMCHECK DONE' "$console_log" || tail -n 40 "$console_log" | sed 's/^/  | /'
    say "FAIL"
    exit 1
fi
say "PASS"
