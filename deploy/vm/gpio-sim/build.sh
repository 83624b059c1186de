#!/usr/bin/env bash
# Builds gpio-sim.ko out of tree for one Debian kernel from linux-source-6.1 and that kernel's
# headers (the same version, or the module will not load):
#
#   deploy/vm/gpio-sim/build.sh KERNEL_RELEASE OUT_DIR      e.g. 6.1.0-57-amd64 /tmp/out
#
# gpio-sim.c includes drivers/gpio/gpiolib.h, which the headers package does not ship, so the
# three files come from the source tarball. irq_sim.c calls irq_to_desc(), which the kernel does
# not export to modules; generic_handle_irq() looks the descriptor up itself and then does the
# same (handle_simple_irq through the descriptor's handler), so it replaces that call.
set -euo pipefail

[[ $# -eq 2 ]] || { echo "usage: $0 KERNEL_RELEASE OUT_DIR" >&2; exit 2; }
release=$1
out=$2
here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
headers=/usr/src/linux-headers-$release
tarball=/usr/src/linux-source-6.1.tar.xz
[[ -d $headers ]] || { echo "gpio-sim: $headers missing (apt-get install linux-headers-$release)" >&2; exit 1; }
[[ -f $tarball ]] || { echo "gpio-sim: $tarball missing (apt-get install linux-source-6.1)" >&2; exit 1; }

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
tar -xJf "$tarball" -C "$work" --strip-components=1 \
    linux-source-6.1/drivers/gpio/gpio-sim.c \
    linux-source-6.1/drivers/gpio/gpiolib.h \
    linux-source-6.1/kernel/irq/irq_sim.c
build=$work/build
mkdir -p "$build"
cp "$here/Kbuild" "$build/"
# Renamed so that the module (gpio-sim.ko) can be linked from two objects.
cp "$work/drivers/gpio/gpio-sim.c" "$build/gpio-sim-main.c"
cp "$work/drivers/gpio/gpiolib.h" "$build/"
sed 's/handle_simple_irq(irq_to_desc(irqnum));/generic_handle_irq(irqnum);/' "$work/kernel/irq/irq_sim.c" >"$build/irq_sim.c"
grep -q 'generic_handle_irq(irqnum);' "$build/irq_sim.c" || { echo "gpio-sim: irq_sim.c changed upstream; the irq_to_desc patch did not apply" >&2; exit 1; }

make -s -C "$headers" M="$build" modules >"$work/make.log" 2>&1 || { cat "$work/make.log" >&2; exit 1; }
mkdir -p "$out"
install -m 0644 "$build/gpio-sim.ko" "$out/gpio-sim.ko"
echo "gpio-sim: built $out/gpio-sim.ko for $release"
