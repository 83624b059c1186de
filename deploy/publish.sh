#!/usr/bin/env bash
# Builds edge-lstm as one native executable (Native AOT, trimmed, invariant globalization) for a
# Raspberry Pi (linux-arm64) or a PC (linux-x64), with its settings and bundled model beside it:
#
#   deploy/publish.sh linux-arm64 out/arm64     ->  out/arm64/edge-lstm, appsettings.json, models/
#
# Missing build tools (clang, lld, the aarch64 cross toolchain) are installed from Debian's
# packages when running as root. EDGE_LSTM_PUBLISH_MODE=single-file builds a self-contained,
# trimmed single-file (JIT) executable instead, for machines where Native AOT cannot link.
set -euo pipefail

usage() {
    echo "usage: $0 RID OUT_DIR   (RID: linux-arm64 or linux-x64)" >&2
    exit 2
}

[[ $# -eq 2 ]] || usage
rid=$1
out=$2
mode=${EDGE_LSTM_PUBLISH_MODE:-aot}
case "$rid" in
    linux-arm64 | linux-x64) ;;
    *) echo "publish.sh: unsupported RID '$rid' (expected linux-arm64 or linux-x64)" >&2; exit 2 ;;
esac
case "$mode" in
    aot | single-file) ;;
    *) echo "publish.sh: EDGE_LSTM_PUBLISH_MODE must be aot or single-file, not '$mode'" >&2; exit 2 ;;
esac

repo=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
host_arch=$(uname -m)

# --- Build tools -----------------------------------------------------------------------------
# Native AOT compiles to an object file and links it with clang; an arm64 binary built on x64
# needs the aarch64 C runtime (crt*.o, libc, libgcc) that Debian's cross packages provide.
need_packages=()
need() { command -v "$1" >/dev/null 2>&1 || need_packages+=("$2"); }
if [[ $mode == aot ]]; then
    need clang clang
    need ld.lld lld
    need objcopy binutils
    if [[ $rid == linux-arm64 && $host_arch != aarch64 ]]; then
        need aarch64-linux-gnu-gcc gcc-aarch64-linux-gnu
        need aarch64-linux-gnu-objcopy binutils-aarch64-linux-gnu
        [[ -e /usr/aarch64-linux-gnu/lib/libc.so ]] || need_packages+=(libc6-dev-arm64-cross)
    fi
fi
if [[ ${#need_packages[@]} -gt 0 ]]; then
    if [[ $(id -u) -ne 0 ]] || ! command -v apt-get >/dev/null 2>&1; then
        echo "publish.sh: missing build tools; install them first: apt-get install ${need_packages[*]}" >&2
        exit 1
    fi
    echo "publish.sh: installing ${need_packages[*]} from Debian's packages"
    apt-get update -qq
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${need_packages[@]}" >/dev/null
fi

# --- Publish ---------------------------------------------------------------------------------
mkdir -p "$out"
out=$(cd "$out" && pwd)
# A private artifacts folder: the build must not share obj/ with a developer's build in the same tree.
artifacts=${EDGE_LSTM_ARTIFACTS:-$out/.artifacts}

# The robot's app (src/Apps/Pi) does not reference the desktop tools, so the web view, plots and
# training are simply not in it; their commands answer in one line that they are desktop tools.
props=(
    -p:InvariantGlobalization=true
    -p:DebugType=none
    -p:GenerateDocumentationFile=false
)
if [[ $mode == aot ]]; then
    # Size over peak speed: the LSTM kernels are hand-vectorised, the rest is I/O-bound.
    props+=(
        -p:PublishAot=true
        -p:OptimizationPreference=Size
        -p:StripSymbols=true
        -p:EventSourceSupport=false
    )
    # UseSystemResourceKeys stays off: it would turn the runtime's messages that the worker shows
    # users (a bad number in a setting) into bare resource keys, for a few hundred KB.
    if [[ $rid == linux-arm64 && $host_arch != aarch64 ]]; then
        # Cross-link with clang for aarch64 against the Debian cross sysroot's C runtime.
        props+=(-p:CppCompilerAndLinker=clang -p:LinkerFlavor=lld -p:ObjCopyName=aarch64-linux-gnu-objcopy)
    fi
else
    props+=(
        -p:PublishSingleFile=true
        -p:SelfContained=true
        -p:PublishTrimmed=true
        -p:EnableCompressionInSingleFile=true
    )
fi

# Trim/AOT warnings stay errors (TreatWarningsAsErrors), with one stated exception: IL2104, the
# summary warning for third-party assemblies, which is checked below against a list of known ones.
# System.Device.Gpio: UnmanagedArray<T>.ReadToManagedArray calls Marshal.PtrToStructure<T> on the
# libgpiod structs it reads (IL2091); T is always a plain value type, whose layout Native AOT keeps.
known_third_party='System.Device.Gpio'
props+=(-p:WarningsNotAsErrors=IL2104)

echo "publish.sh: $mode publish of src/Apps/Pi for $rid into $out"
mkdir -p "$artifacts"
log=$artifacts/publish-$rid.log
if ! dotnet publish "$repo/src/Apps/Pi/EdgeLstm.App.Pi.csproj" \
    -c Release -r "$rid" --self-contained true \
    --artifacts-path "$artifacts" \
    -o "$out" \
    "${props[@]}" 2>&1 | tee "$log"; then
    echo "publish.sh: dotnet publish failed (full log: $log)" >&2
    exit 1
fi

unknown=$(grep -o "IL2104: Assembly '[^']*'" "$log" | cut -d"'" -f2 | sort -u | grep -vxF "$known_third_party" || true)
if [[ -n $unknown ]]; then
    echo "publish.sh: new trim warnings from: $unknown; look at them (publish again with -p:TrimmerSingleWarn=false) before deploying" >&2
    exit 1
fi

binary=$out/edge-lstm
if [[ ! -x $binary ]]; then
    echo "publish.sh: the publish finished but $binary is missing" >&2
    exit 1
fi

# Debug symbols (.dbg) are not deployed to the Pi.
rm -f "$out"/*.dbg "$out"/*.pdb

# The folder is the whole deployment: copy it to the Pi and run `sudo ./install.sh` there.
install -m 0755 "$repo/deploy/install.sh" "$out/install.sh"
install -m 0644 "$repo/deploy/edge-lstm.service" "$repo/deploy/mqtt-password.conf" "$repo/deploy/README.md" "$out/" 2>/dev/null ||
    install -m 0644 "$repo/deploy/edge-lstm.service" "$repo/deploy/mqtt-password.conf" "$out/"

bytes=$(stat -c %s "$binary")
command -v file >/dev/null && echo "publish.sh: $(file -b "$binary" | cut -d, -f1-2)"
awk -v b="$bytes" -v f="$binary" 'BEGIN { printf "publish.sh: %s: %d bytes (%.1f MiB)\n", f, b, b / 1048576 }'
