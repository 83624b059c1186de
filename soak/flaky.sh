#!/usr/bin/env bash
# Flakiness campaign: runs one test project RUNS times, optionally with BUSY busy loops stealing CPU
# (the shared CI machine is rarely idle), and prints each run's result and the tests that failed,
# then "N of RUNS runs passed". A test that fails once in twenty here fails CI about as often.
# usage: soak/flaky.sh [PROJECT] [RUNS] [BUSY] [OUT]      e.g. soak/flaky.sh tests/Messaging.Tests 6 2
# Not part of CI: a Messaging run takes about 30 s on an idle 2-core machine, 60-90 s under load.
set -uo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
project=${1:-tests/Messaging.Tests}; runs=${2:-6}; busy=${3:-2}
out=${4:-/tmp/edge-lstm-flaky/$(basename "$project")}
mkdir -p "$out"
export EDGE_LSTM_REQUIRE_MOSQUITTO=1 EDGE_LSTM_REQUIRE_NATS=1
dotnet build "$root/$project" -c Release > "$out/build.log" 2>&1 || { echo "flaky: build failed, see $out/build.log"; exit 2; }

loops=()
stop_loops() { for p in "${loops[@]}"; do kill "$p" 2> /dev/null || true; done; }
trap stop_loops EXIT
for _ in $(seq 1 "$busy"); do
  ( while :; do :; done ) &
  loops+=($!)
done

passed=0
for i in $(seq 1 "$runs"); do
  log="$out/run-$i.log"
  start=$(date +%s)
  dotnet test "$root/$project" -c Release --no-build > "$log" 2>&1
  status=$?
  summary=$(grep -E "^(Passed|Failed)!" "$log" | tail -1)
  echo "run $i: exit $status, $(( $(date +%s) - start )) s: ${summary:-no summary (see $log)}"
  if [ "$status" -eq 0 ]; then
    passed=$((passed + 1))
  else
    grep -E "^\s+Failed [A-Za-z]" "$log" | sed 's/^/    /'
  fi
done

echo "$passed of $runs runs passed (logs in $out)"
