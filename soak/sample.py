#!/usr/bin/env python3
"""Reads `mosquitto_sub -v` status lines on stdin; at each one samples the worker's /proc entry.

Writes CSV: seconds since start, frames (from the status), predictions, published, dropped,
RSS KiB, managed heap bytes (from the status), threads, open file descriptors.
usage: sample.py PID OUT.csv
"""
import json
import os
import sys
import time

pid, out = int(sys.argv[1]), sys.argv[2]
start = time.monotonic()


def proc_status(field):
    with open(f"/proc/{pid}/status") as status:
        for line in status:
            if line.startswith(field + ":"):
                return int(line.split()[1])
    return -1


with open(out, "w") as csv:
    csv.write("seconds,frames,predictions,published,dropped,rss_kib,heap_bytes,threads,fds\n")
    for line in sys.stdin:
        try:
            payload = json.loads(line.split(" ", 1)[1])
            details = payload.get("details", {})
            # The goodbye ("offline") is published while the worker tears down; its RSS is not the
            # steady state the soak measures.
            if "frames" not in details or payload.get("state") == "offline":
                continue
            rss = proc_status("VmRSS")
            threads = proc_status("Threads")
            fds = len(os.listdir(f"/proc/{pid}/fd"))
        except (IndexError, ValueError, FileNotFoundError, ProcessLookupError):
            continue
        link = details.get("link", {})
        csv.write(",".join(str(v) for v in [
            round(time.monotonic() - start, 1), details["frames"], details.get("predictions", -1),
            link.get("published", -1), details.get("dropped", -1), rss,
            details.get("memory", {}).get("heap_bytes", -1), threads, fds]) + "\n")
        csv.flush()
