#!/usr/bin/env bash
# Checks train's default recipe on robots unlike the F1/10 car: simulated differential-drive and
# car-like (bicycle) robots at sensor rates from 10 to 100 Hz, at several top speeds, with and without
# an IMU. Per robot two runs of SECONDS seconds with their own seeds; `edge-lstm crossval` trains on one
# and scores the other, both ways (nothing of the scored run takes part in training, early stopping or
# calibration). One row per robot: the guarded model's FDE over the best of CV, CTRV and the calibrated
# prior (mean / worst of the two folds, 1 s and 2 s), and the mean share of true positions inside the
# published 50 % and 90 % regions at 1 s and 2 s, of true headings inside the 50 % and 90 % yaw
# intervals at 1 s and 2 s, and the mean |error| of the predicted heading at 1 s and 2 s (rad, mean of the
# two folds). Deterministic (fixed seeds). About 10 minutes on 2 cores with the default 300 s.
# Any further arguments go to crossval, to check a recipe other than the default on the same robots.
#   usage: models/check-robots.sh [SECONDS] [CROSSVAL FLAGS...]
set -euo pipefail
cd "$(dirname "$0")/.."
seconds=${1:-300}
shift $(($# > 0 ? 1 : 0))
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
# shellcheck source=models/edge-lstm.sh
source models/edge-lstm.sh

# name | simulate flags (the seeds are added per run)
robots=(
  "diff 10 Hz, no IMU, 1 m/s|--kinematics diff --rate 10 --no-imu"
  "diff 50 Hz, 1 m/s|--kinematics diff --rate 50"
  "diff 100 Hz, 2 m/s|--kinematics diff --rate 100 --max-speed 2"
  "diff 20 Hz, 0.4 m/s|--kinematics diff --rate 20 --max-speed 0.4"
  "bicycle 10 Hz, 2.5 m/s|--kinematics bicycle --rate 10"
  "bicycle 50 Hz, no IMU, 2.5 m/s|--kinematics bicycle --rate 50 --no-imu"
  "bicycle 100 Hz, 5 m/s|--kinematics bicycle --rate 100 --max-speed 5"
  "bicycle 30 Hz, 1 m/s|--kinematics bicycle --rate 30 --max-speed 1"
)

printf '%-32s %-22s %-22s %-14s %-14s %-18s %-18s %-18s %s\n' "robot" "guarded @1s mean/worst" "guarded @2s mean/worst" "in50/in90 @1s" "in50/in90 @2s" "yaw in50/in90 @1s" "yaw in50/in90 @2s" "yaw |err| @1s/2s" "time"
seed=500
for robot in "${robots[@]}"; do
  name=${robot%%|*}
  flags=${robot#*|}
  seed=$((seed + 10))
  # shellcheck disable=SC2086 # flags are words
  edge_lstm simulate --out "$work/a.csv" --seconds "$seconds" --seed "$seed" $flags >/dev/null
  # shellcheck disable=SC2086
  edge_lstm simulate --out "$work/b.csv" --seconds "$seconds" --seed "$((seed + 1))" $flags >/dev/null
  if ! report=$(edge_lstm crossval "$work/a.csv" "$work/b.csv" "$@" 2>"$work/err"); then
    echo "check-robots: crossval failed on the robot \"$name\": $(tail -n 1 "$work/err")" >&2
    exit 2
  fi
  guarded=$(awk '/over folds/ { on = 1; next } on && $1 == "guarded" { print $2 "/" $3, $4 "/" $5; exit }' <<<"$report")
  at1=$(awk '$1 == "@1s" { print $3 "/" $6; exit }' <<<"$report")
  at2=$(awk '$1 == "@2s" { print $3 "/" $6; exit }' <<<"$report")
  yaw1=$(awk '$1 == "@1s" { print $14 "/" $18; exit }' <<<"$report")
  yaw2=$(awk '$1 == "@2s" { print $14 "/" $18; exit }' <<<"$report")
  heading=$(awk '$1 == "model" && $2 == "yaw" && $3 == "|error|" { a += $6; b += $7; n++ } END { printf "%.3f/%.3f", a / n, b / n }' <<<"$report")
  took=$(awk '$1 == "time" { print $2; exit }' <<<"$report")
  read -r g1 g2 <<<"$guarded"
  printf '%-32s %-22s %-22s %-14s %-14s %-18s %-18s %-18s %s\n' "$name" "$g1" "$g2" "$at1" "$at2" "$yaw1" "$yaw2" "$heading" "$took"
done
