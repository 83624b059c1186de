#!/usr/bin/env bash
# Seed corpus for one fuzz target, made from the project's own data: the real recordings
# (../shared/data/real), simulated ones (edge-lstm simulate), the bundled models and the
# documented payloads and settings. Inputs are cut to a few kB so afl-fuzz runs fast.
# usage: fuzz/seeds.sh TARGET OUT_DIR EDGE_LSTM_COMMAND...
set -euo pipefail
target=$1; out=$2; shift 2
root=$(cd "$(dirname "$0")/.." && pwd)
real=${EDGE_LSTM_REAL_DATA:-$root/../shared/data/real}
[ -d "$real" ] || real=/work/shared/data/real
mkdir -p "$out"
tmp=$(mktemp -d); trap 'rm -rf "$tmp"' EXIT

recordings() {
  # Real: the first 80 rows (about 3 s of each sensor group); simulated: both kinematics, 2 s.
  for f in "$real"/*.csv; do head -n 84 "$f" > "$tmp/$(basename "$f")"; done
  "$@" simulate --out "$tmp/sim-diff.csv" --seconds 2 --seed 7 --kinematics diff > /dev/null
  "$@" simulate --out "$tmp/sim-bicycle.csv" --seconds 2 --seed 8 --kinematics bicycle > /dev/null
  for f in "$tmp"/sim-*.csv; do head -c 6000 "$f" | sed '$d' > "$f.cut" && mv "$f.cut" "$f"; done
}

case "$target" in
  replay)
    recordings "$@"; cp "$tmp"/*.csv "$out/" ;;
  replay-gzip)
    recordings "$@"; for f in "$tmp"/*.csv; do gzip -9 -n -c "$f" > "$out/$(basename "$f").gz"; done ;;
  elstm)
    cp "$root"/models/*.elstm "$out/"
    # An int8 model too (the loader's other branch), calibrated on a short real recording.
    head -n 400 "$real/f1tenth-ds1.csv" > "$tmp/calib.csv"
    "$@" quantize --model "$root/models/f1tenth.elstm" --calib "$tmp/calib.csv" --out "$out/f1tenth-int8.elstm" > /dev/null ;;
  onnx)
    "$@" export-onnx "$root/models/f1tenth.elstm" "$out/f1tenth.onnx" > /dev/null ;;
  config)
    cp "$root/src/Worker/appsettings.json" "$out/appsettings.json"
    { cat "$root/src/Worker/appsettings.json"; printf '\n--\nMqtt:Qos=1\nReplay:Files:0=run.csv\nSource=replay\nReplay:Speed=4x\n'; } > "$out/appsettings-set.json"
    printf '{"Mqtt":{"Broker":"mqtts://127.0.0.1:8883","Username":"robot","CaFile":"/nonexistent/ca.pem"},"RobotId":"r-1"}\n--\nHardware:ImuRateHz=200\nSimulator:MaxJerk=3\n' > "$out/tls.json" ;;
  payload)
    printf '%s' '{"seq":42,"t":12.34,"frame":"odom","pose":{"x":1.5,"y":-0.25,"yaw":0.1},"v":1.2,"w":0.05,"dt":0.1,"path":[[1.62,-0.24,0.105],[1.74,-0.23,0.11]],"model":"default","latency_us":35.2}' > "$out/prediction.json"
    printf '%s' '{"seq":1,"t":0.02,"frame":"odom","pose":{"x":0,"y":0,"yaw":0},"v":0,"w":0,"dt":0.1,"path":[],"model":"m","latency_us":1,"gt":{"x":0,"y":0,"yaw":0}}' > "$out/prediction-empty-path.json"
    printf '%s' '{"state":"online","t":1733030000.5,"details":{"source":"simulator","frames":100,"link":{"client_id":"edge-lstm-r1","published":99,"dropped":1,"expired":0,"publish_failures":0,"reconnects":0}}}' > "$out/status.json"
    printf '%s' '{"state":"offline","t":1733030000,"details":{"link":{"reason":"connection lost"}}}' > "$out/will.json" ;;
  *) echo "seeds.sh: unknown target '$target'" >&2; exit 64 ;;
esac
ls "$out" | wc -l
