# Scale check: 1,000,000 rows, 150 strata x 20 PSUs, 1,050 domains (150 units x 7 groups).
# Writes the data set and R's svyby results to OUT (default /tmp/estbench/data) and prints R's timings.
#   Rscript tools/r/million.R [OUT]
# The ParIndex side: SurveyDesign.Create(strata = stratum, psu = psu, weights = w), Mean(y) and
# Mean(y, domain) for SurveyDomain.ByGroup(dom, 1050); compare with r_svyby.csv.
args <- commandArgs(trailingOnly = TRUE)
out <- if (length(args)) args[1] else "/tmp/estbench/data"
dir.create(out, recursive = TRUE, showWarnings = FALSE)
suppressMessages(library(survey))
set.seed(42)
n <- 1e6
stratum <- rep(0:149, length.out = n)
psu <- stratum * 20 + sample(0:19, n, replace = TRUE)
w <- 1 + runif(n) * 9
y <- as.integer(sample(1:5, n, replace = TRUE) >= 4)
dom <- stratum * 7 + sample(0:6, n, replace = TRUE)
d <- data.frame(stratum, psu, w, y, dom)
write.csv(d, file.path(out, "million.csv"), row.names = FALSE)
t0 <- system.time(des <- svydesign(id = ~psu, strata = ~stratum, weights = ~w, data = d))
t1 <- system.time(m <- svymean(~y, des))
t2 <- system.time(b <- svyby(~y, ~dom, des, svymean))
cat("svydesign", t0[["elapsed"]], "s; svymean", t1[["elapsed"]], "s; svyby (1050 domains)", t2[["elapsed"]], "s\n")
write.csv(data.frame(dom = b$dom, est = coef(b), se = SE(b)), file.path(out, "r_svyby.csv"), row.names = FALSE)
