#!/usr/bin/env bash
# Trains models/f1tenth.elstm on all three real F1/10 recordings with train's default recipe (the
# one `edge-lstm crossval ../shared/data/real/*.csv` measures: calibrated prior, the last 20 % of each
# recording held out for early stopping, an ensemble), then quantises it to models/f1tenth.int8.elstm
# and compares the two. Deterministic (seed 1). About a minute on 2 cores.
#   usage: models/train-f1tenth.sh [OUT_MODEL]
set -euo pipefail
cd "$(dirname "$0")/.."
out=${1:-models/f1tenth.elstm}
int8=${out%.elstm}.int8.elstm
data=../shared/data/real
# shellcheck source=models/edge-lstm.sh
source models/edge-lstm.sh
files=("$data/f1tenth-ds1.csv" "$data/f1tenth-ds2.csv" "$data/f1tenth-ds3.csv")
edge_lstm train --data "${files[@]}" --out "$out" --name f1tenth
edge_lstm quantize --model "$out" --calib "${files[@]}" --out "$int8"
edge_lstm inspect "$int8"
# In-sample (these recordings trained it): only float against int8 means anything here; the
# out-of-sample figures are crossval's.
for h in 1 2; do
  for m in "$out" "$int8"; do edge_lstm eval --model "$m" "${files[@]}" --horizon "$h" --json; echo; done
done
