# Reference numbers for tests/ParIndex.Core.Tests/Sampling, computed with R's `sampling` and `survey`.
# Run from the repository root:  Rscript tools/r/sampling/reference.R
# Writes into tests/ParIndex.Core.Tests/Fixtures/sampling/. Tests read these files; they never call R.
suppressPackageStartupMessages({ library(sampling); library(survey) })
out <- "tests/ParIndex.Core.Tests/Fixtures/sampling"
w <- function(df, name) write.csv(df, file.path(out, name), row.names = FALSE, quote = TRUE)
options(digits = 17)
cat("R", R.version.string, " sampling", as.character(packageVersion("sampling")),
    " survey", as.character(packageVersion("survey")), "\n")

# 1. apipop (survey package): stype and api00 for every school, the input of the Neyman check.
data(api)
w(apipop[, c("cds", "stype", "api00")], "apipop_stype_api00.csv")

# 2. Neyman allocation of n = 400 over stype with S_h = sd(api00) (N−1 normaliser, R's sd()).
neyman <- function(n) {
  Nh <- tapply(apipop$api00, apipop$stype, length)
  Sh <- tapply(apipop$api00, apipop$stype, sd)
  exact <- n * Nh * Sh / sum(Nh * Sh)
  base <- floor(exact); rem <- exact - base
  k <- n - sum(base)
  ord <- order(-round(rem, 9), -Nh, seq_along(Nh))   # largest remainder, ties: larger N_h, then order
  base[ord[seq_len(k)]] <- base[ord[seq_len(k)]] + 1
  data.frame(n = n, stype = names(Nh), Nh = as.vector(Nh), Sh = as.vector(Sh),
             exact = as.vector(exact), rounded = as.vector(base))
}
w(rbind(neyman(400), neyman(1000), neyman(37)), "neyman_apipop_stype.csv")

# 3. inclusionprobabilities: heavy-tailed sizes so that several units are capped at 1 over
#    several iterations; plus zeros, and apipop enroll (NA removed) with n = 200.
set.seed(20261123)
a1 <- round(rlnorm(200, 3, 1.6), 1); a1[c(5, 17)] <- 0
p1 <- inclusionprobabilities(a1, 40)
a2 <- apipop$enroll[!is.na(apipop$enroll)]
p2 <- inclusionprobabilities(a2, 200)
a3 <- c(1, 2, 3, 50, 100, 4, 5, 6, 7, 8)
p3 <- inclusionprobabilities(a3, 5)
w(rbind(data.frame(case = "lognormal_n40", n = 40, a = a1, pik = p1),
        data.frame(case = "apipop_enroll_n200", n = 200, a = a2, pik = p2),
        data.frame(case = "small_n5", n = 5, a = a3, pik = p3)), "inclusionprobabilities.csv")

# 4. UPsystematic with a known start: UPsystematic draws u = runif(1), so re-seeding gives the same u.
pik <- inclusionprobabilities(a3, 5)
rows <- list()
for (seed in 1:20) {
  set.seed(seed); u <- runif(1)
  set.seed(seed); s <- UPsystematic(pik)
  rows[[seed]] <- data.frame(seed = seed, u = u, unit = seq_along(pik), pik = pik, s = s)
}
w(do.call(rbind, rows), "upsystematic.csv")

# 5. Cochran sizes with the finite population correction and a design effect.
cases <- expand.grid(N = c(50, 300, 2550, 9000, 1e6), e = c(0.03, 0.05), conf = c(0.9, 0.95, 0.99),
                     p = c(0.5, 0.3), deff = c(1, 1.5))
z <- qnorm(1 - (1 - cases$conf) / 2)
n0 <- z^2 * cases$p * (1 - cases$p) / cases$e^2
nd <- n0 * cases$deff
nf <- nd / (1 + (nd - 1) / cases$N)
yam <- cases$N / (1 + cases$N * cases$e^2)
w(cbind(cases, z = z, n0 = n0, required = pmin(nf, cases$N), completed = pmin(ceiling(pmin(nf, cases$N) - 1e-9), cases$N),
        yamane = yam), "cochran_proportion.csv")
mcases <- expand.grid(N = c(100, 5000), S = c(10, 25), e = c(1, 2.5), conf = c(0.95))
mz <- qnorm(1 - (1 - mcases$conf) / 2)
m0 <- mz^2 * mcases$S^2 / mcases$e^2
w(cbind(mcases, z = mz, n0 = m0, required = pmin(m0 / (1 + (m0 - 1) / mcases$N), mcases$N)), "cochran_mean.csv")

# 6. survey::svydesign check of the weights of a two-stage draw: pi1*pi2 and fpc (documented, not a test input).
cat("done\n")
