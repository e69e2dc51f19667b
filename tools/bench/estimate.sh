#!/usr/bin/env bash
# Side-by-side timing of `parindex estimate` and R survey on the issue-23 job: 1,000,000 rows, 100 strata, 1,000 PSUs,
# 150 domains (tools/r/estimate_1m.R generates it with seed 23; nothing large is committed). For each task, R and
# ParIndex run alternately in fresh processes, RUNS times each; prints every run and the medians, and the load average.
#   tools/bench/estimate.sh [RUNS] [TASKS]      e.g. tools/bench/estimate.sh 3 "mean by"
# R's time is the Rscript process (library load + read.csv + design + estimate) and, separately, its design + estimate
# alone (read.csv excluded, as issue 23 reported it); ParIndex's is the whole `parindex estimate` process.
set -euo pipefail
cd "$(dirname "$0")/../.."
runs=${1:-3}
tasks=${2:-"mean by poststratify rake calibrate quantile var_by"}
dir=${ESTIMATE_BENCH_DIR:-/tmp/est1m}
command -v Rscript >/dev/null || { echo "needs R: apt-get install -y r-base-core r-cran-survey" >&2; exit 1; }
[ -f "$dir/est1m.csv" ] || Rscript tools/r/estimate_1m.R generate "$dir"
dotnet build src/ParIndex.Cli -c Release -nologo -clp:ErrorsOnly >/dev/null
cli="dotnet src/ParIndex.Cli/bin/Release/net10.0/parindex.dll estimate --data $dir/est1m.csv --strata stratum --cluster psu --weights w"
GRP=$(sed -n 's/^GRP=//p' "$dir/margins.txt"); SEX=$(sed -n 's/^SEX=//p' "$dir/margins.txt"); TOTALS=$(sed -n 's/^TOTALS=//p' "$dir/margins.txt")
args_for() {
  case $1 in
    mean) echo "--mean y" ;;
    by) echo "--mean y --by dom" ;;
    poststratify) echo "--poststratify grp:$GRP --mean y" ;;
    rake) echo "--rake grp:$GRP --rake sex:$SEX --mean y" ;;
    calibrate) echo "--calibrate grp,x --totals $TOTALS --mean y" ;;
    quantile) echo "--quantile x --quantiles 0.5" ;;
    var_by) echo "--var y --by dom" ;;
  esac
}
now() { date +%s.%N; }
median() { sort -g | awk '{a[NR]=$1} END {print (NR%2) ? a[(NR+1)/2] : (a[NR/2]+a[NR/2+1])/2}'; }
out=$(mktemp -d)
echo "load average before: $(cut -d' ' -f1-3 /proc/loadavg)"
for task in $tasks; do
  for i in $(seq "$runs"); do
    t0=$(now); line=$(Rscript tools/r/estimate_1m.R "$task" "$dir"); t1=$(now)
    rwall=$(echo "$t1 - $t0" | bc); rcomp=$(echo "$line" | sed 's/.*compute=\([0-9.]*\).*/\1/')
    echo "$rwall" >> "$out/$task.rwall"; echo "$rcomp" >> "$out/$task.rcomp"
    t0=$(now); json=$($cli $(args_for "$task")); t1=$(now)
    pwall=$(echo "$t1 - $t0" | bc); echo "$pwall" >> "$out/$task.pwall"
    pest=$(echo "$json" | python3 -c 'import json,sys; e=json.load(sys.stdin)["estimates"][0]; print("est=%.12g se=%.12g" % (e["estimate"], e["se"]))')
    echo "run $i $task: $line wall=$rwall | ParIndex wall=$pwall $pest | load $(cut -d' ' -f1 /proc/loadavg)"
  done
done
echo "load average after: $(cut -d' ' -f1-3 /proc/loadavg)"
printf '\n| task | R whole process | R design + estimate (no read.csv) | parindex estimate, whole process | ratio (R excl. read / ParIndex) |\n|---|---|---|---|---|\n'
for task in $tasks; do
  rw=$(median < "$out/$task.rwall"); rc=$(median < "$out/$task.rcomp"); pw=$(median < "$out/$task.pwall")
  printf '| %s | %.2f s | %.2f s | %.2f s | %.1f× |\n' "$task" "$rw" "$rc" "$pw" "$(echo "$rc / $pw" | bc -l)"
done
rm -rf "$out"
