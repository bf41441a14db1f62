#!/usr/bin/env bash
# The "Use in CI" recipe of the README, run by the project's own CI on its bundled samples.
# Usage: scripts/ci-recipe.sh [path/to/ogi]
set -euo pipefail
cd "$(dirname "$0")/.."
ogi=${1:-build/ogi}
out=$(mktemp -d)
trap 'rm -rf "$out"' EXIT

# 1. Extract every sample report (JSON Lines, one record per report, in order).
"$ogi" extract data/samples/* > "$out/samples.jsonl"

# 2. Regression gate: the extraction equals the committed golden file. After a deliberate
#    change, regenerate it with the same command into tests/data/golden/samples.jsonl and
#    review the diff before committing.
"$ogi" diff tests/data/golden/samples.jsonl "$out/samples.jsonl"

# 3. Arithmetic gate: reports known to be clean have no error finding...
"$ogi" check --fail-on error data/samples/huaian-2024.layout.txt data/samples/pingtan-2024.html \
  data/samples/shuyang-fgj-2023.html

# ...and the reports with known defects are caught (exit status 1 and the rule named).
for defective in data/samples/zhejiang-2016.txt data/samples/hongze-2023.layout.txt; do
  status=0
  "$ogi" check --fail-on error "$defective" > "$out/check.txt" || status=$?
  if [ "$status" -ne 1 ]; then
    echo "ci-recipe: expected ogi check to fail on $defective, exit status $status" >&2
    exit 1
  fi
done
grep -q "table4.total" "$out/check.txt"
echo "ci-recipe: extraction matches the golden file; checks behave as expected"
