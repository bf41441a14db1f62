#!/usr/bin/env bash
# End-to-end throughput of `ogi extract` over a generated corpus: MB/s, reports/s, peak RSS.
#
#   bench/throughput.sh            # build (scripts/build.sh), generate, run, print a table
#
# The corpus is the bundled reports (data/samples/: text and HTML pages) copied round-robin to
# N files (default 10,000) in subdirectories of 100; a second corpus of N files takes only the
# plain-text reports (the speed target is for plain text); plus one ~6 MB text made of the text
# reports end to end. Each run is `ogi extract --format jsonl` under /usr/bin/time -v, output
# to a file, RUNS times per row (the fastest counts); the outputs of every --jobs must be
# byte-identical.
# A 1/10 subset shows that peak RSS does not grow with the number of files.
#
# Environment: N (files, default 10000), JOBS (default "1 2"), RUNS (timed runs per row, the
# fastest reported; default 3), OGI (a binary to measure instead
# of building build/ogi with scripts/build.sh),
# KEEP=1 to keep the corpus (its path is printed). Needs about 0.4 GB of temp space per
# 10,000 files plus the outputs (~0.5 GB each).
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
N=${N:-10000}
JOBS=${JOBS:-"1 2"}
RUNS=${RUNS:-3}

work=$(mktemp -d "${TMPDIR:-/tmp}/ogi-throughput.XXXXXX")
if [[ "${KEEP:-0}" != 1 ]]; then trap 'rm -rf "$work"' EXIT; else echo "corpus kept in $work" >&2; fi

if [[ -z ${OGI:-} ]]; then
  # As a user builds it (scripts/build.sh: Release, profile-guided).
  echo "== build (scripts/build.sh --target ogi)" >&2
  "$root/scripts/build.sh" --target ogi >"$work/build.log" 2>&1 || { cat "$work/build.log" >&2; exit 1; }
fi
ogi=${OGI:-$root/build/ogi}

echo "== corpus: $N files + one ~6 MB text in $work" >&2
# copies DIR N FILE...: N files in DIR/000, DIR/001, ... (100 each), the FILEs round-robin.
copies() {
  local into=$1 n=$2 i src dir
  shift 2
  local from=("$@")
  for ((i = 0; i < n; i++)); do
    src=${from[i % ${#from[@]}]}
    dir=$into/$(printf '%03d' $((i / 100)))
    [[ -d $dir ]] || mkdir -p "$dir"
    cp "$src" "$dir/$(printf '%05d' "$i")-$(basename "$src")"
  done
}
copies "$work/corpus" "$N" "$root"/data/samples/*.txt "$root"/data/samples/*.html
copies "$work/text" "$N" "$root"/data/samples/*.txt
texts=("$root"/data/samples/*.txt)
small=$work/corpus-small
mkdir -p "$small"
for ((d = 0; d < (N + 999) / 1000; d++)); do
  cp -r "$work/corpus/$(printf '%03d' "$d")" "$small/"  # the first tenth
done
big=$work/big.txt
: >"$big"
while (($(stat -c %s "$big") < 6000000)); do cat "${texts[@]}" >>"$big"; done

corpus_bytes=$(du -sb --apparent-size "$work/corpus" | cut -f1)
text_bytes=$(du -sb --apparent-size "$work/text" | cut -f1)
small_bytes=$(du -sb --apparent-size "$small" | cut -f1)
small_files=$(find "$small" -type f | wc -l)
big_bytes=$(stat -c %s "$big")

# run LABEL BYTES FILES JOBS PATH...: RUNS timed runs, one table row: the fastest run's time (this
# shared VM's background work only ever slows a run down) and the highest peak RSS of them.
run() {
  local label=$1 bytes=$2 files=$3 jobs=$4
  shift 4
  local out=$work/out-$label-j$jobs.jsonl time=$work/time-$label-j$jobs.txt
  local best= worst_rss=0 r wall rss lines
  for ((r = 0; r < RUNS; r++)); do
    rm -f "$out"
    /usr/bin/time -v "$ogi" extract --format jsonl --no-progress --jobs "$jobs" "$@" >"$out" 2>"$time" ||
      [[ $? -eq 1 ]] || { cat "$time" >&2; exit 1; }
    wall=$(awk -F': ' '/Elapsed \(wall clock\)/ {n = split($2, t, ":"); s = 0; for (i = 1; i <= n; i++) s = s * 60 + t[i]; print s}' "$time")
    rss=$(awk -F': ' '/Maximum resident set size/ {print $2}' "$time")
    lines=$(wc -l <"$out")
    [[ $lines -eq $files ]] || { echo "expected $files records, got $lines" >&2; exit 1; }
    if [[ -z $best ]] || awk -v a="$wall" -v b="$best" 'BEGIN {exit !(a < b)}'; then best=$wall; fi
    ((rss > worst_rss)) && worst_rss=$rss
  done
  awk -v l="$label" -v j="$jobs" -v b="$bytes" -v f="$files" -v w="$best" -v r="$worst_rss" \
    'BEGIN {printf "| %-22s | %4d | %6d | %8.1f | %7.2f | %6.1f | %8.1f | %7.1f |\n", l, j, f, b / 1e6, w, b / 1e6 / w, f / w, r / 1024}'
}

echo
echo "ogi $("$ogi" --version | cut -d' ' -f2), $(nproc) cores ($(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | xargs)), $(date -u +%F)"
echo
echo "| corpus                 | jobs |  files |  input MB | seconds |   MB/s | reports/s | peak RSS MB |"
echo "|---|---|---|---|---|---|---|---|"
# runs LABEL BYTES FILES DIR: one row per --jobs; every --jobs must print the same bytes.
runs() {
  local label=$1 bytes=$2 files=$3 dir=$4 first= j
  for j in $JOBS; do
    run "$label" "$bytes" "$files" "$j" "$dir"
    if [[ -z $first ]]; then
      first=$work/out-$label-j$j.jsonl
    else
      cmp -s "$first" "$work/out-$label-j$j.jsonl" || { echo "--jobs $j output differs from $first" >&2; exit 1; }
    fi
  done
}
runs "$N-files" "$corpus_bytes" "$N" "$work/corpus"
runs "$N-text-files" "$text_bytes" "$N" "$work/text"
runs "$small_files-files" "$small_bytes" "$small_files" "$small"
run "one 6 MB text" "$big_bytes" 1 1 "$big"
rm -f "$work"/out-*.jsonl
echo
echo "(every --jobs gave byte-identical output)"
