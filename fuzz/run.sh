#!/usr/bin/env bash
# Fuzzes one parser with AFL++ and SharpFuzz for N seconds, then prints executions and findings.
# usage: fuzz/run.sh TARGET SECONDS        targets: replay replay-gzip elstm onnx config payload
#        fuzz/run.sh reproduce TARGET FILE...   (runs inputs once, uninstrumented, prints the finding)
# Work folder: $FUZZ_WORK (default /tmp/edge-lstm-fuzz): bin/ (instrumented build), seeds/, out/TARGET/.
# Not part of CI: a campaign is minutes to hours.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
work=${FUZZ_WORK:-/tmp/edge-lstm-fuzz}
mkdir -p "$work"

if [ "${1:-}" = reproduce ]; then
  shift
  dotnet build "$root/fuzz/EdgeLstm.Fuzz" -c Release -o "$work/plain" > "$work/plain-build.log"
  exec dotnet "$work/plain/EdgeLstm.Fuzz.dll" "$@"
fi

target=${1:?target}; seconds=${2:?seconds}

command -v afl-fuzz > /dev/null || apt-get -o DPkg::Lock::Timeout=600 install -y afl++ > /dev/null
[ -x "$work/tools/sharpfuzz" ] || dotnet tool install SharpFuzz.CommandLine --version 2.3.0 --tool-path "$work/tools" > /dev/null

# One instrumented build per content of the sources, shared by campaigns running side by side;
# a changed source gets a new folder, so a running campaign keeps its own.
stamp=$(cd "$root" && find src fuzz/EdgeLstm.Fuzz Directory.Build.props Directory.Packages.props \( -name bin -o -name obj \) -prune -o -type f -print | sort | xargs md5sum | md5sum | cut -c1-12)
bin="$work/bin-$stamp"
(
  flock 9
  if [ ! -f "$bin/.instrumented" ]; then
    rm -rf "$bin"
    dotnet publish "$root/fuzz/EdgeLstm.Fuzz" -c Release -o "$bin" > "$work/publish.log"
    for assembly in EdgeLstm.Sensors EdgeLstm.Predictor EdgeLstm.Messaging EdgeLstm.Worker EdgeLstm.Tools; do
      "$work/tools/sharpfuzz" "$bin/$assembly.dll" > /dev/null
    done
    dotnet build "$root/src/Apps/Desktop" -c Release -o "$bin/app" > "$work/app-build.log"
    touch "$bin/.instrumented"
  fi
) 9> "$work/build.lock"

seeds="$work/seeds/$target"
rm -rf "$seeds"
"$root/fuzz/seeds.sh" "$target" "$seeds" dotnet "$bin/app/edge-lstm.dll" > /dev/null

out="$work/out/$target"
mkdir -p "$work/out"
rm -rf "$out"
# The .NET runtime is not instrumented itself (SharpFuzz instruments the edge-lstm assemblies),
# hence the binary check off; a hard heap limit turns runaway allocation into a crash quickly.
AFL_SKIP_BIN_CHECK=1 AFL_NO_AFFINITY=1 AFL_SKIP_CPUFREQ=1 AFL_NO_UI=1 \
AFL_I_DONT_CARE_ABOUT_MISSING_CRASHES=1 AFL_SKIP_CRASHES=0 AFL_FAST_CAL=1 \
DOTNET_GCHeapHardLimit=0x40000000 DOTNET_TieredPGO=0 \
  afl-fuzz -i "$seeds" -o "$out" -t 5000 -m none -V "$seconds" -- dotnet "$bin/EdgeLstm.Fuzz.dll" "$target" > "$out.log" 2>&1 || {
    echo "afl-fuzz failed; last lines of $out.log:" >&2; tail -20 "$out.log" >&2; exit 1; }

stats="$out/default/fuzzer_stats"
get() { awk -F' *: *' -v k="$1" '$1 == k { print $2 }' "$stats"; }
crashes=$(find "$out/default/crashes" -type f -name 'id:*' | wc -l)
hangs=$(find "$out/default/hangs" -type f -name 'id:*' | wc -l)
echo "$target: $(get execs_done) executions in $(get run_time) s ($(get execs_per_sec)/s), corpus $(get corpus_count), crashes $crashes, hangs $hangs"
if [ "$crashes" -gt 0 ]; then
  dotnet build "$root/fuzz/EdgeLstm.Fuzz" -c Release -o "$work/plain" > "$work/plain-build.log"
  dotnet "$work/plain/EdgeLstm.Fuzz.dll" "$target" "$out"/default/crashes/id:* | grep -A3 FINDING | head -60 || true
fi
