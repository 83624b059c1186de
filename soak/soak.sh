#!/usr/bin/env bash
# Soak: `edge-lstm run` on the simulator, faster than real time, for HOURS of driving at the
# model's 50 Hz, with a subscriber on every topic; samples RSS, managed heap, threads and file
# descriptors at every status heartbeat (10 s) into OUT/samples.csv and prints RSS at 1 h, 12 h
# and 24 h of frames (where reached) and the growth after the first hour of frames.
# usage: soak/soak.sh embedded|mosquitto HOURS SPEED [OUT]      e.g. soak/soak.sh embedded 24 120
# Not part of CI (tests/EndToEnd.Tests runs a 2-hour-of-frames version in Category=Long).
set -euo pipefail
broker=${1:?embedded|mosquitto}; hours=${2:?hours}; speed=${3:?speed}
root=$(cd "$(dirname "$0")/.." && pwd)
out=${4:-/tmp/edge-lstm-soak/$broker-${hours}h}
app=${SOAK_APP:-/tmp/edge-lstm-soak/app}
mkdir -p "$out"
[ -n "${SOAK_APP:-}" ] || dotnet build "$root/src/Apps/Desktop" -c Release -o "$app" > "$out/build.log"
port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
pids=()
cleanup() { for p in "${pids[@]}"; do kill "$p" 2> /dev/null || true; done; }
trap cleanup EXIT

if [ "$broker" = mosquitto ]; then
  printf 'listener %s 127.0.0.1\nallow_anonymous true\npersistence false\n' "$port" > "$out/mosquitto.conf"
  mosquitto -c "$out/mosquitto.conf" > "$out/mosquitto.log" 2>&1 & pids+=($!)
  broker_args=(--broker "mqtt://127.0.0.1:$port")
  sleep 0.5
else
  broker_args=(--set "Mqtt:EmbeddedPort=$port")
fi

# The worker runs as a plain process here; the unit's limits (MemoryMax=256M, TasksMax=64) are checked
# by the VM test (deploy/vm/checks.sh, "resources under ...").
dotnet "$app/edge-lstm.dll" run --source simulator --robot soak "${broker_args[@]}" \
  --set "Simulator:Seconds=$((hours * 3600))" --set "SimulatorSpeed=$speed" --set Mqtt:ReconnectMaxSeconds=1 \
  > "$out/worker.log" 2>&1 & worker=$!; pids+=($worker)
for _ in $(seq 100); do grep -q "publishing to" "$out/worker.log" && break; sleep 0.2; done

# The subscriber attached for the whole run: every prediction is received and counted.
mosquitto_sub -V mqttv5 -h 127.0.0.1 -p "$port" -t 'edge-lstm/soak/prediction' | awk 'NR % 10000 == 0 { print NR; fflush() } END { print NR }' > "$out/received.txt" & pids+=($!)
mosquitto_sub -V mqttv5 -h 127.0.0.1 -p "$port" -t 'edge-lstm/soak/status' -v | python3 "$root/soak/sample.py" "$worker" "$out/samples.csv" & pids+=($!)

started=$(date +%s)
wait "$worker" && rc=0 || rc=$?
sleep 1
echo "worker exit $rc after $(( $(date +%s) - started )) s; $(tail -n 3 "$out/worker.log" | tr '\n' ' ')"
python3 - "$out/samples.csv" "$hours" <<'PY'
import csv, sys
rows = list(csv.DictReader(open(sys.argv[1])))
hours = int(sys.argv[2])
if not rows:
    sys.exit("no samples")
def at(frames):
    best = min(rows, key=lambda r: abs(int(r["frames"]) - frames))
    return best
for h in (1, 2, 12, 24):
    if h <= hours:
        r = at(h * 3600 * 50)
        print(f"{h:>2} h of frames: frames {r['frames']}, RSS {int(r['rss_kib'])/1024:.1f} MiB, heap {int(r['heap_bytes'])/2**20:.1f} MiB, threads {r['threads']}, fds {r['fds']} (t={r['seconds']} s)")
warm = at(3600 * 50)
last = rows[-1]
print(f"growth after 1 h of frames: RSS {(int(last['rss_kib']) - int(warm['rss_kib']))/1024:+.2f} MiB, heap {(int(last['heap_bytes']) - int(warm['heap_bytes']))/2**20:+.2f} MiB; max threads {max(int(r['threads']) for r in rows)}, max fds {max(int(r['fds']) for r in rows)}")
PY
echo "received $(tail -n 1 "$out/received.txt") predictions; samples in $out/samples.csv"
