#!/usr/bin/env bash
# `parindex score` as users run it, on the 1,000,000-response round in SQLite, with R survey's svyby over the same
# rows as the peer in the same run (docs/benchmarks.md § Scoring). Nothing large is committed: the round is generated
# into /tmp/parindex-score-db-1000000.db by tests/ParIndex.Benchmarks (--score-db, ≈ 65 s once, reused after) and the
# R rows into /tmp/parindex-scoring-bench/scoring-1m.csv (--score-1m, once).
#   tools/bench/score.sh [RUNS]
# Alternates, RUNS times: `parindex score --round ID` (fresh process: index, cells, run.json, report), R's
# svydesign + svyby(~y, ~unit) over 150 units (Rscript, whole process), then once `--export long` for the long CSV.
set -euo pipefail
cd "$(dirname "$0")/../.."
runs=${1:-3}
db=/tmp/parindex-score-db-1000000.db
csv=/tmp/parindex-scoring-bench/scoring-1m.csv
[ -f "$db" ] || (cd tests/ParIndex.Benchmarks && dotnet run -c Release -- --score-db 0)
[ -f "$csv" ] || (cd tests/ParIndex.Benchmarks && dotnet run -c Release -- --score-1m 1)
dotnet build src/ParIndex.Cli -c Release -nologo -clp:ErrorsOnly >/dev/null
cli="dotnet src/ParIndex.Cli/bin/Release/net10.0/parindex.dll"
round=$(python3 -c "import sqlite3; print(sqlite3.connect('$db').execute(\"select Id from Rounds where Code='BENCH-1M'\").fetchone()[0])")
out=$(mktemp -d)
now() { date +%s.%N; }
median() { sort -g | awk '{a[NR]=$1} END {print (NR%2) ? a[(NR+1)/2] : (a[NR/2]+a[NR/2+1])/2}'; }
echo "load average before: $(cut -d' ' -f1-3 /proc/loadavg)"
for i in $(seq "$runs"); do
  t0=$(now); $cli score --round "$round" --db "Data Source=$db" --out "$out/run$i" > "$out/score$i.txt"; t1=$(now)
  sw=$(echo "$t1 - $t0" | bc); echo "$sw" >> "$out/score"
  t0=$(now); r=$(Rscript tools/r/scoring_bench.R "$csv" 1); t1=$(now)
  rw=$(echo "$t1 - $t0" | bc); echo "$rw" >> "$out/r"; rs=$(echo "$r" | sed -n 's/R_SVYBY_MEDIAN=//p'); echo "$rs" >> "$out/rsvyby"
  echo "run $i: parindex score ${sw} s ($(head -1 "$out/score$i.txt" | cut -c1-120)) | R whole ${rw} s, svydesign+svyby ${rs} s | load $(cut -d' ' -f1 /proc/loadavg)"
done
t0=$(now); $cli score --round "$round" --db "Data Source=$db" --out "$out/long" --export long | tail -2; t1=$(now)
echo "score + --export long: $(echo "$t1 - $t0" | bc) s"
echo "load average after: $(cut -d' ' -f1-3 /proc/loadavg)"
printf '\n| | median of %s |\n|---|---|\n| parindex score, fresh process (load + score + store + index/cells/run/report) | %.2f s |\n| R: Rscript, read.csv + svydesign + svyby over 150 units | %.2f s |\n| R: svydesign + svyby alone | %.2f s |\n' \
  "$runs" "$(median < "$out/score")" "$(median < "$out/r")" "$(median < "$out/rsvyby")"
rm -rf "$out"
