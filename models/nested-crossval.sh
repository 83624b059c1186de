#!/usr/bin/env bash
# Nested cross-validation: what choosing a recipe by crossval and then training it is worth on a
# recording that took part in neither. `crossval FILES` scores each left-out recording with the
# default recipe, but that recipe was itself chosen by crossval on the same recordings, so each of
# them helped choose the settings it is scored with. Here, for each recording Z in turn:
#   1. for every candidate recipe below, `crossval` on the other recordings only (inner folds);
#   2. the candidate with the lowest guarded mean ratio (1 s and 2 s averaged) is chosen;
#   3. `train` on the other recordings with it, `eval` on Z (the outer fold, as crossval scores it).
# Z is read only in step 3. Prints the inner scores, each outer choice, and the outer figures beside
# those of the default recipe on the same fold. Deterministic (seed 1). With the three real
# recordings and eight candidates, about 20 minutes on 2 cores.
#   usage: models/nested-crossval.sh [FILES...]   (default: ../shared/data/real/*.csv)
set -euo pipefail
cd "$(dirname "$0")/.."
if (($# > 0)); then files=("$@"); else files=(../shared/data/real/*.csv); fi
if ((${#files[@]} < 3)); then
  echo "nested-crossval: needs at least three recordings (one outer, two inner), got ${#files[@]}" >&2
  exit 2
fi
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
# shellcheck source=models/edge-lstm.sh
source models/edge-lstm.sh

# The axes the default recipe was chosen along (README, "How the recipe was chosen"); the first is
# the default itself.
candidates=(
  ""
  "--speed-augment 0.15"
  "--speed-augment 0.45"
  "--patience 25"
  "--hidden 8"
  "--hidden 32"
  "--huber 0.3"
  "--dropout 0.1"
)

# guarded mean ratio to the best baseline over crossval's folds, at 1 s and 2 s
inner_score() {
  awk '/over folds/ { on = 1; next } on && $1 == "guarded" { printf "%s %s %.4f\n", $2, $4, ($2 + $4) / 2; exit }'
}
ratio() { sed -n 's/.*"ratio_to_best": *\([0-9.]*\).*/\1/p' | head -n 1; }

outer_fold() { # OUT_MODEL OUTER_FILE [FLAGS...] -> "ratio@1s ratio@2s"; trains on the inner files
  local model=$1 file=$2 r1 r2
  shift 2
  if ! edge_lstm train --data "${inner[@]}" --out "$model" "$@" >/dev/null 2>"$work/err"; then
    echo "nested-crossval: train failed (${*:-default}): $(tail -n 1 "$work/err")" >&2
    exit 2
  fi
  r1=$(edge_lstm eval --model "$model" "$file" --horizon 1 --json | ratio)
  r2=$(edge_lstm eval --model "$model" "$file" --horizon 2 --json | ratio)
  echo "$r1 $r2"
}

printf '%-22s %-24s %-10s %-10s %s\n' "outer (left out)" "candidate" "inner@1s" "inner@2s" "inner score"
summary=()
for i in "${!files[@]}"; do
  outer=${files[$i]}
  inner=()
  for j in "${!files[@]}"; do ((j != i)) && inner+=("${files[$j]}"); done
  best="" best_score=""
  for c in "${candidates[@]}"; do
    # shellcheck disable=SC2086 # a candidate's flags are words
    if ! report=$(edge_lstm crossval "${inner[@]}" $c 2>"$work/err"); then
      echo "nested-crossval: inner crossval failed (${c:-default}): $(tail -n 1 "$work/err")" >&2
      exit 2
    fi
    read -r m1 m2 score <<<"$(inner_score <<<"$report")"
    printf '%-22s %-24s %-10s %-10s %s\n' "$(basename "$outer")" "${c:-default}" "$m1" "$m2" "$score"
    if [[ -z $best_score ]] || awk -v a="$score" -v b="$best_score" 'BEGIN { exit !(a < b) }'; then
      best=$c best_score=$score
    fi
  done
  # shellcheck disable=SC2086
  scores=$(outer_fold "$work/chosen.elstm" "$outer" $best)
  read -r c1 c2 <<<"$scores"
  if [[ -z $best ]]; then
    d1=$c1 d2=$c2
  else
    scores=$(outer_fold "$work/default.elstm" "$outer")
    read -r d1 d2 <<<"$scores"
  fi
  summary+=("$(basename "$outer")|${best:-default}|$c1|$c2|$d1|$d2")
done

echo
printf '%-22s %-24s %-22s %s\n' "outer (left out)" "chosen by inner folds" "chosen: guarded @1s @2s" "default: guarded @1s @2s"
for row in "${summary[@]}"; do
  IFS='|' read -r name chosen c1 c2 d1 d2 <<<"$row"
  printf '%-22s %-24s %-22s %s\n' "$name" "$chosen" "$c1 $c2" "$d1 $d2"
done
printf '%s\n' "${summary[@]}" | awk -F'|' '
  { c1 += $3; c2 += $4; d1 += $5; d2 += $6; n++
    if ($3 > w1) w1 = $3; if ($4 > w2) w2 = $4; if ($5 > v1) v1 = $5; if ($6 > v2) v2 = $6 }
  END { printf "%-22s %-24s %-22s %s\n", "mean (worst)", "", sprintf("%.3f (%.3f) %.3f (%.3f)", c1 / n, w1, c2 / n, w2), sprintf("%.3f (%.3f) %.3f (%.3f)", d1 / n, v1, d2 / n, v2) }'
