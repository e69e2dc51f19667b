# Cross-check of a two-stage draw written by `parindex sample draw` against R.
# Usage (repository root):
#   parindex sample draw --design sampling/xa-dan-citizens.yaml --frame sampling/frame-xa-dan.csv --seed 7 --out /tmp/s.csv
#   Rscript tools/r/sampling/check_draw.R /tmp/s.csv sampling/frame-xa-dan.csv 3 12
# Recomputes pi1 with sampling::inclusionprobabilities on the villages' household counts, pi2 = m / M,
# the weight 1/(pi1*pi2), and estimates the number of households with survey::svydesign.
suppressPackageStartupMessages({ library(sampling); library(survey) })
a <- commandArgs(trailingOnly = TRUE)
s <- read.csv(a[1], fileEncoding = "UTF-8-BOM", stringsAsFactors = FALSE)
f <- read.csv(a[2], fileEncoding = "UTF-8-BOM", stringsAsFactors = FALSE)
n1 <- as.integer(a[3]); m <- as.integer(a[4])
worst <- 0
for (u in unique(s$unit)) {
  fu <- f[f$unit == u, ]
  villages <- unique(fu$cluster2)                       # frame order of first appearance
  M <- as.vector(table(factor(fu$cluster2, levels = villages)))
  pik <- inclusionprobabilities(M, n1)
  su <- s[s$unit == u, ]
  v <- match(sub(".*/", "", su$psu), villages)
  worst <- max(worst, abs(su$pi1 - pik[v]), abs(su$pi2 - m / M[v]), abs(su$weight - 1 / (pik[v] * m / M[v])) / su$weight)
}
cat(sprintf("max |difference| (pi1, pi2, relative weight) vs R: %.3g\n", worst))
d <- svydesign(ids = ~psu + id, strata = ~stratum, fpc = ~pi1 + pi2, pps = "brewer", data = s)
print(svytotal(~I(rep(1, nrow(s))), d))
cat("frame households:", nrow(f), "\n")
