# R side of the scoring benchmark (tests/ParIndex.Benchmarks/ScoringBenchmarks.cs): the same 1M rows,
# svydesign(strata, PSU, weights) and svyby(~y, ~unit, svymean) over 150 units, timed inside R.
#   Rscript tools/r/scoring_bench.R DATA.rds|DATA.csv [REPS]
args <- commandArgs(trailingOnly = TRUE)
suppressMessages(library(survey))
d <- if (grepl("\\.rds$", args[1])) readRDS(args[1]) else read.csv(args[1])
reps <- if (length(args) > 1) as.integer(args[2]) else 1
times <- numeric(reps)
for (r in seq_len(reps)) {
  times[r] <- system.time({
    des <- svydesign(id = ~psu, strata = ~stratum, weights = ~w, data = d)
    b <- svyby(~y, ~unit, des, svymean)
  })[["elapsed"]]
}
cat(sprintf("R_SVYBY_SECONDS=%s\n", paste(format(times, nsmall = 3), collapse = ",")))
cat(sprintf("R_SVYBY_MEDIAN=%.3f\n", median(times)))
cat(sprintf("R_FIRST=%.12g,%.12g\n", coef(b)[1], SE(b)[1]))
if (length(args) > 2) saveRDS(d, args[3])
