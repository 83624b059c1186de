#!/usr/bin/env bash
# Broker flapping with an accounting (issue 14 item 3): `edge-lstm replay` of the real recordings
# into a real Mosquitto that is stopped and started OUTAGES times at seeded random intervals.
# Checks at the end:
#   - predictions = published + dropped, exactly (the replay summary);
#   - after every restart the first status message (retained edge-lstm/flap/status, read with a
#     fresh mosquitto_sub -V mqttv5) is "online" and its reconnect count has grown;
#   - the frame-to-publish p99 outside the outages (the summary's figure over the predictions enqueued
#     and published on one connection, i.e. not queued across a reconnect) is under 1 ms; the p99 over
#     all publishes, backlogs included, is reported beside it.
# usage: soak/flap.sh [OUTAGES] [SPEED] [SEED] [OUT]      e.g. soak/flap.sh 50 10 14
# Environment: FLAP_APP (a built Desktop app folder; default: built into OUT/../app), FLAP_SETS
# (times the three real recordings are played one after another, default 12).
# Not part of CI: 50 outages take about 6 minutes.
set -euo pipefail
outages=${1:-50}; speed=${2:-10}; seed=${3:-14}
root=$(cd "$(dirname "$0")/.." && pwd)
out=${4:-/tmp/edge-lstm-flap/run-$seed}
app=${FLAP_APP:-/tmp/edge-lstm-flap/app}
sets=${FLAP_SETS:-12}
real=${EDGE_LSTM_REAL_DATA:-$root/../shared/data/real}
[ -d "$real" ] || real=/work/shared/data/real
rm -rf "$out"; mkdir -p "$out"
[ -n "${FLAP_APP:-}" ] || dotnet build "$root/src/Apps/Desktop" -c Release -o "$app" > "$out/build.log"
files=()
for _ in $(seq "$sets"); do files+=("$real"/f1tenth-ds*.csv); done

exec python3 - "$outages" "$speed" "$seed" "$out" "$app/edge-lstm.dll" "${files[@]}" <<'PY'
import json, os, random, re, signal, socket, subprocess, sys, time

outages, speed, seed, out, app = int(sys.argv[1]), sys.argv[2], int(sys.argv[3]), sys.argv[4], sys.argv[5]
files = sys.argv[6:]
rng = random.Random(seed)
s = socket.socket(); s.bind(("127.0.0.1", 0)); port = s.getsockname()[1]; s.close()
conf = os.path.join(out, "mosquitto.conf")
with open(conf, "w") as f:
    f.write(f"listener {port} 127.0.0.1\nallow_anonymous true\npersistence false\n")
broker_log = open(os.path.join(out, "mosquitto.log"), "ab")

def start_broker():
    p = subprocess.Popen(["mosquitto", "-c", conf], stdout=broker_log, stderr=broker_log)
    for _ in range(100):  # until it listens
        try:
            socket.create_connection(("127.0.0.1", port), 0.2).close(); return p
        except OSError:
            time.sleep(0.02)
    sys.exit(f"flap: mosquitto did not listen on {port}")

def first_status(path, timeout=15):
    """The first message on the status topic after a restart: retained if the worker already reconnected, else live."""
    r = subprocess.run(["mosquitto_sub", "-V", "mqttv5", "-h", "127.0.0.1", "-p", str(port), "-t", "edge-lstm/flap/status",
                        "-v", "-C", "1", "-W", str(timeout)], capture_output=True, text=True)
    with open(path, "w") as f:
        f.write(r.stdout)
    if not r.stdout.strip():
        return None
    return json.loads(r.stdout.split(" ", 1)[1])

broker = start_broker()
worker_out = open(os.path.join(out, "summary.txt"), "w")
worker_err = open(os.path.join(out, "worker.log"), "w")
t0 = time.monotonic()
worker = subprocess.Popen(["dotnet", app, "replay", *files, "--broker", f"mqtt://127.0.0.1:{port}", "--robot", "flap", "--speed", speed],
                          stdout=worker_out, stderr=worker_err)
failures = []
first = first_status(os.path.join(out, "status-0.txt"))
if not first or first.get("state") != "online":
    failures.append(f"status before the first outage: {first}")
last_reconnects = 0
outage_log = open(os.path.join(out, "outages.csv"), "w")
outage_log.write("outage,up_s,down_s,signal,stopped_at_s,started_at_s,status_state,reconnects\n")
for i in range(1, outages + 1):
    up, down = rng.uniform(3.0, 7.0), rng.uniform(0.3, 1.5)
    how = rng.choice([signal.SIGTERM, signal.SIGKILL])
    time.sleep(up)
    if worker.poll() is not None:
        failures.append(f"the replay ended before outage {i}; play more (FLAP_SETS) or fewer outages"); break
    stopped = time.monotonic() - t0
    broker.send_signal(how); broker.wait()
    time.sleep(down)
    broker = start_broker()
    started = time.monotonic() - t0
    status = first_status(os.path.join(out, f"status-{i}.txt"))
    state = status.get("state") if status else None
    link = ((status or {}).get("details") or {}).get("link") or {}
    reconnects = link.get("reconnects", (status or {}).get("details", {}).get("reconnects"))
    outage_log.write(f"{i},{up:.2f},{down:.2f},{how.name},{stopped:.2f},{started:.2f},{state},{reconnects}\n"); outage_log.flush()
    if state != "online":
        failures.append(f"outage {i}: status after the restart is {state!r}")
    if not isinstance(reconnects, int) or reconnects <= last_reconnects:
        failures.append(f"outage {i}: reconnects {reconnects} did not grow from {last_reconnects}")
    else:
        last_reconnects = reconnects
    print(f"outage {i:>2}: up {up:4.1f} s, down {down:4.2f} s ({how.name}), then status {state}, reconnects {reconnects}", flush=True)

rc = worker.wait()
ended = time.monotonic()
broker.terminate(); broker.wait()
worker_out.close()
summary = open(os.path.join(out, "summary.txt")).read()
def figure(name):
    m = re.search(rf"^{name}\s+(\d+)", summary, re.M)
    return int(m.group(1)) if m else None
pred, pub, drop, rec = figure("predictions"), figure("published"), figure("dropped"), figure("reconnects")
lat = re.search(r"frame-to-publish latency p50 ([\d.]+) us\s+p99 ([\d.]+) us\s+max ([\d.]+) us\s+\((\d+) publishes\)", summary)
clear = re.search(r"outside outages\s+p50 ([\d.]+) us\s+p99 ([\d.]+) us\s+max ([\d.]+) us\s+\((\d+) publishes", summary)
print(summary.strip())
print(f"worker exit {rc} after {ended - t0:.0f} s; {outages} outages requested")
if pred is None or pub is None or drop is None:
    failures.append("no summary from the replay")
else:
    balance = "holds" if pred == pub + drop else "BROKEN"
    print(f"accounting: predictions {pred} = published {pub} + dropped {drop} ({pub + drop}): {balance}")
    if pred != pub + drop:
        failures.append("predictions != published + dropped")
    if rec is not None and rec < outages:
        failures.append(f"{rec} reconnects for {outages} outages")
if lat and clear:
    p99 = float(clear.group(2))
    print(f"frame-to-publish p99 outside outages {p99} us over {clear.group(4)} publishes (target < 1000 us); "
          f"over all {lat.group(4)} publishes, backlogs included: p99 {lat.group(2)} us, max {lat.group(3)} us")
    if p99 >= 1000:
        failures.append(f"frame-to-publish p99 outside outages {p99} us >= 1 ms")
else:
    failures.append("no frame-to-publish figures in the summary")
for f in failures:
    print("FAIL:", f)
sys.exit(1 if failures or rc != 0 else 0)
PY
