#!/usr/bin/env bash
# Trains models/f1tenth.elstm on the real F1/10 recordings: ds1 and ds2 to train, ds3 to validate
# (early stopping), as the acceptance of issue 2 specifies. About 20 seconds on 2 cores.
#   usage: models/train-f1tenth.sh [OUT_MODEL]
set -euo pipefail
cd "$(dirname "$0")/.."
out=${1:-models/f1tenth.elstm}
data=../shared/data/real
dotnet build src/Apps/Desktop -c Release -v q -nologo >/dev/null
edge_lstm() { dotnet src/Apps/Desktop/bin/Release/net10.0/edge-lstm.dll "$@"; }
edge_lstm train --data "$data/f1tenth-ds1.csv" "$data/f1tenth-ds2.csv" --val "$data/f1tenth-ds3.csv" \
  --out "$out" --name f1tenth --hidden 32 --epochs 200 --patience 25 --seed 1
for h in 1 2; do edge_lstm eval --model "$out" "$data/f1tenth-ds3.csv" --horizon "$h"; done
