# The estimate command's scale job (issue 23), R side. One task per process, as an analyst runs it.
#   Rscript tools/r/estimate_1m.R generate DIR      -> DIR/est1m.csv (1,000,000 rows, seed 23) and DIR/margins.txt
#   Rscript tools/r/estimate_1m.R TASK DIR          -> prints "R TASK read=<s> compute=<s> est=<first estimate> se=<its SE>"
# Design: 100 strata x 10 PSUs (1,000 PSUs), weights 1-10, y on 1-5, 150 domains (dom), two raking margins (grp: 7
# levels, sex: 2), an auxiliary x for calibration. TASKs: mean, by, poststratify, rake, calibrate, quantile, var_by.
args <- commandArgs(trailingOnly = TRUE)
task <- args[1]; dir <- args[2]
if (task == "generate") {
  set.seed(23)
  n <- 1e6
  stratum <- sample(0:99, n, replace = TRUE)
  psu <- stratum * 10 + sample(0:9, n, replace = TRUE)
  w <- round(1 + runif(n) * 9, 4)
  grp <- paste0("g", sample(1:7, n, replace = TRUE))
  sex <- sample(c("F", "M"), n, replace = TRUE)
  x <- round(rgamma(n, 2, 0.1), 3)
  y <- pmin(5, pmax(1, round(2 + 0.04 * x + rnorm(n))))
  dom <- sample(1:150, n, replace = TRUE)
  d <- data.frame(stratum, psu, w, y, dom, grp, sex, x)
  dir.create(dir, recursive = TRUE, showWarnings = FALSE)
  write.csv(d, file.path(dir, "est1m.csv"), row.names = FALSE)
  # Population figures 5% above the weighted sample ones, so the adjustments move the weights.
  g <- round(tapply(w, grp, sum) * 1.05); s <- round(tapply(w, sex, sum) * 1.05)
  tx <- round(sum(w * x) * 1.05); N <- sum(g)
  cat("GRP=", paste0(names(g), "=", g, collapse = ","), "\n",
      "SEX=", paste0(names(s), "=", s, collapse = ","), "\n",
      "TOTALS=", paste(c(N, g[-1], tx), collapse = ","), "\n", sep = "", file = file.path(dir, "margins.txt"))
  quit(save = "no")
}
suppressMessages(library(survey))
m <- readLines(file.path(dir, "margins.txt"))
val <- function(key) sub(paste0("^", key, "="), "", grep(paste0("^", key, "="), m, value = TRUE))
pairs <- function(s) { kv <- strsplit(strsplit(s, ",")[[1]], "="); data.frame(lev = sapply(kv, `[`, 1), Freq = as.numeric(sapply(kv, `[`, 2))) }
t0 <- proc.time()[["elapsed"]]
d <- read.csv(file.path(dir, "est1m.csv"))
t1 <- proc.time()[["elapsed"]]
des <- svydesign(id = ~psu, strata = ~stratum, weights = ~w, data = d)
r <- switch(task,
  mean = svymean(~y, des),
  by = svyby(~y, ~dom, des, svymean),
  poststratify = { p <- pairs(val("GRP")); names(p)[1] <- "grp"; svymean(~y, postStratify(des, ~grp, p)) },
  rake = { p <- pairs(val("GRP")); names(p)[1] <- "grp"; q <- pairs(val("SEX")); names(q)[1] <- "sex"
           svymean(~y, rake(des, list(~grp, ~sex), list(p, q))) },
  calibrate = svymean(~y, calibrate(des, ~grp + x, as.numeric(strsplit(val("TOTALS"), ",")[[1]]))),
  quantile = svyquantile(~x, des, quantiles = 0.5),
  var_by = svyby(~y, ~dom, des, svyvar),
  stop("unknown task ", task))
t2 <- proc.time()[["elapsed"]]
est <- if (task == "quantile") r$x[1, 1] else coef(r)[1]
se <- if (task == "quantile") r$x[1, 4] else SE(r)[1]
cat(sprintf("R %s read=%.2f compute=%.2f est=%.12g se=%.12g\n", task, t1 - t0, t2 - t1, est, se))
