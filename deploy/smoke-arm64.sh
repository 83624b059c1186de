#!/usr/bin/env bash
# Smoke test of the Raspberry Pi build without a Pi: runs the linux-arm64 native binary under
# qemu-aarch64-static, replays the start of a real recording (F1/10 car, ../shared/data/real)
# at maximum speed with the bundled int8 model (models/default.int8.elstm) and publishes to a local
# Mosquitto, then checks that predictions arrived; prints which int8 matvec path ran (inspect).
#
#   deploy/smoke-arm64.sh [PUBLISH_DIR]     (default: out/linux-arm64, published first if missing)
#
# Environment: SMOKE_ROWS (data rows replayed, default 20000), SMOKE_RECORDING (replay file).
set -euo pipefail

repo=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
dir=${1:-$repo/out/linux-arm64}
rows=${SMOKE_ROWS:-20000}
recording=${SMOKE_RECORDING:-$repo/../shared/data/real/f1tenth-ds3.csv}
sysroot=/usr/aarch64-linux-gnu
robot=smoke

say() { echo "smoke-arm64: $*"; }
fail() { echo "smoke-arm64: FAIL: $*" >&2; exit 1; }

[[ -f $recording ]] || fail "recording $recording not found (expected shared/data/real beside the repository)"

# --- Tools -------------------------------------------------------------------------------------
missing=()
command -v qemu-aarch64-static >/dev/null || missing+=(qemu-user-static)
command -v mosquitto >/dev/null || [[ -x /usr/sbin/mosquitto ]] || missing+=(mosquitto)
command -v mosquitto_sub >/dev/null || missing+=(mosquitto-clients)
# The binary's dynamic loader and libc for arm64, which qemu finds under -L.
[[ -e $sysroot/lib/ld-linux-aarch64.so.1 ]] || missing+=(libc6-arm64-cross)
if [[ ${#missing[@]} -gt 0 ]]; then
    [[ $(id -u) -eq 0 ]] || fail "missing ${missing[*]}; install them (apt-get install ${missing[*]})"
    say "installing ${missing[*]}"
    apt-get update -qq
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${missing[@]}" >/dev/null
fi
mosquitto_bin=$(command -v mosquitto || echo /usr/sbin/mosquitto)

if [[ ! -x $dir/edge-lstm ]]; then
    say "no binary in $dir: publishing it first"
    "$repo/deploy/publish.sh" linux-arm64 "$dir"
fi
binary=$dir/edge-lstm
run_arm64() { qemu-aarch64-static -L "$sysroot" "$binary" "$@"; }

work=$(mktemp -d)
broker_pid=
subscriber_pid=
cleanup() {
    [[ -n $subscriber_pid ]] && kill "$subscriber_pid" 2>/dev/null || true
    [[ -n $broker_pid ]] && kill "$broker_pid" 2>/dev/null || true
    rm -rf "$work"
}
trap cleanup EXIT

# --- The binary starts at all under emulation ----------------------------------------------------
version=$(run_arm64 --version) || fail "the arm64 binary does not start under qemu"
say "edge-lstm $version (arm64, under qemu)"

# --- The robot's build has the worker only: a desktop tool answers in one line, exit code 2 -----
set +e
desktop_only=$(run_arm64 train --data x 2>&1)
desktop_status=$?
set -e
[[ $desktop_status -eq 2 && $(printf '%s\n' "$desktop_only" | wc -l) -eq 1 && $desktop_only == *"desktop tool"* ]] \
    || fail "edge-lstm train on the Pi build: expected one line naming a desktop tool and exit 2, got $desktop_status: $desktop_only"
say "desktop tools are not in the Pi build: $desktop_only"

# --- The bundled int8 model, and the int8 matrix-vector path this CPU (emulated) takes -----------
model=$dir/models/default.int8.elstm
[[ -f $model ]] || fail "the bundled int8 model $model is missing from the publish directory"
quantisation=$(run_arm64 inspect "$model" | grep '^quantisation') || fail "edge-lstm inspect failed on $model"
say "model $(basename "$model"): ${quantisation#quantisation }"
path=$(sed -n 's/.*matvec path \([A-Za-z0-9]*\).*/\1/p' <<<"$quantisation")
[[ -n $path ]] || fail "inspect did not name the int8 matvec path"
say "int8 matvec path under qemu: $path"

# --- A short replay: the metadata and header lines, then the first $rows data rows --------------
short=$work/short.csv
awk -v rows="$rows" '/^#/ || header == 0 { print; if (!/^#/) header = 1; next } { if (n++ < rows) print; else exit }' "$recording" >"$short"
span=$(tail -n 1 "$short" | cut -d, -f1)
say "replaying $(basename "$recording"): $rows rows, ${span} s of driving"

# --- A local broker on a free port ---------------------------------------------------------------
port=$(python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
printf 'listener %s 127.0.0.1\nallow_anonymous true\npersistence false\n' "$port" >"$work/mosquitto.conf"
"$mosquitto_bin" -c "$work/mosquitto.conf" >"$work/mosquitto.log" 2>&1 &
broker_pid=$!
for _ in $(seq 50); do
    mosquitto_sub -h 127.0.0.1 -p "$port" -t '$SYS/#' -C 1 -W 1 >/dev/null 2>&1 && break
    kill -0 "$broker_pid" 2>/dev/null || fail "mosquitto did not start: $(cat "$work/mosquitto.log")"
    sleep 0.1
done

# Counts every prediction the replay publishes; the run ends with the replay, not with a count.
mosquitto_sub -h 127.0.0.1 -p "$port" -V mqttv5 -t "edge-lstm/$robot/prediction" >"$work/predictions" 2>"$work/sub.err" &
subscriber_pid=$!
sleep 0.5

# --- The smoke test itself -------------------------------------------------------------------
if run_arm64 replay --help >/dev/null 2>&1; then
    say "edge-lstm replay --speed max --broker mqtt://127.0.0.1:$port"
    start=$(date +%s.%N)
    if ! run_arm64 replay "$short" --speed max --broker "mqtt://127.0.0.1:$port" --robot "$robot" --model "$model" >"$work/replay.out" 2>"$work/replay.err"; then
        cat "$work/replay.out" "$work/replay.err" >&2
        fail "edge-lstm replay exited with an error"
    fi
    seconds=$(echo "$(date +%s.%N) $start" | awk '{ printf "%.1f", $1 - $2 }')
    sed 's/^/  | /' "$work/replay.out"
    sleep 1
    kill "$subscriber_pid" 2>/dev/null || true
    wait "$subscriber_pid" 2>/dev/null || true
    subscriber_pid=
    received=$(grep -c '"path"' "$work/predictions" || true)
    [[ $received -gt 0 ]] || fail "no prediction reached the broker ($(cat "$work/sub.err"))"
    grep -q '"frame":"odom"' "$work/predictions" || fail "predictions lack \"frame\":\"odom\": $(head -c 300 "$work/predictions")"
    say "PASS: $received predictions received from the arm64 binary in $seconds s (emulated), int8 model on the $path path"
else
    say "no replay command in this build: evaluating the recording instead"
    run_arm64 eval "$short" || fail "edge-lstm eval failed"
    say "PASS: edge-lstm eval ran under emulation"
fi
