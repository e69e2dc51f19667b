# Reference numbers for the scoring engine (tests/ParIndex.Core.Tests/Scoring/ScoringReferenceTests.cs).
# Run from the repository root: Rscript tools/r/scoring_reference.R
# Writes tests/ParIndex.Core.Tests/Fixtures/scoring/{scoring_data.csv,scoring_reference.csv}.
suppressMessages(library(survey))
options(survey.lonely.psu = "adjust")
set.seed(6)
rows <- list()
likert <- function() sample(1:5, 1, prob = c(.05, .1, .25, .35, .25))
add <- function(id, group, unit, stratum, psu, w, N) {
  alldk <- runif(1) < 0.1
  q1 <- if (alldk) "dk" else as.character(likert())
  q2 <- if (alldk || runif(1) < 0.15) "dk" else as.character(likert())
  q3 <- if (alldk) "dk" else as.character(likert())
  a1 <- if (group == "B") (if (runif(1) < 0.1) "dk" else as.character(likert())) else ""
  data.frame(id = id, group = group, unit = unit, stratum = stratum, psu = psu, w = w, N = N, q1 = q1, q2 = q2, q3 = q3, a1 = a1)
}
k <- 0
for (i in 1:12) for (u in c("U1", "U2")) {
  if (u == "U2" && i %% 5 == 0) next
  k <- k + 1; rows[[k]] <- add(k, "A", u, "A", paste0("A", i), 40 / 12, 40)
}
for (u in c("U1", "U2")) for (i in 1:10) {
  N <- if (u == "U1") 5000 else 8000
  k <- k + 1; rows[[k]] <- add(k, "B", u, u, paste0("B", u, i), N / 10, N)
}
d <- do.call(rbind, rows)
write.csv(d, "tests/ParIndex.Core.Tests/Fixtures/scoring/scoring_data.csv", row.names = FALSE, quote = TRUE)

num <- function(x) suppressWarnings(as.numeric(x))
r1 <- (num(d$q1) - 1) / 4; r2 <- (num(d$q2) - 1) / 4
d$y1 <- ifelse(is.na(r1) & is.na(r2), NA, rowMeans(cbind(r1, r2), na.rm = TRUE))
d$y2 <- ifelse(is.na(num(d$q3)), NA, as.numeric(num(d$q3) >= 4))
d$a <- ifelse(is.na(num(d$a1)), NA, as.numeric(num(d$a1) >= 4))
d$cell <- factor(paste(d$unit, d$group, sep = "."))
des <- svydesign(ids = ~psu, strata = ~stratum, weights = ~w, fpc = ~N, data = d)

out <- list()
put <- function(key, value) out[[length(out) + 1]] <<- data.frame(key = key, value = sprintf("%.17g", value))
sub <- subset(des, !is.na(y1))
by <- svyby(~y1 + y2, ~cell, sub, svymean, covmat = TRUE)
cf <- coef(by); V <- vcov(by)
for (nm in names(cf)) { put(paste0("cell.", nm, ".mean"), cf[[nm]]); put(paste0("cell.", nm, ".se"), sqrt(V[nm, nm])) }
w <- c(A = 2, B = 1) / 3
max <- c(y1 = 3, y2 = 2)
for (u in c("U1", "U2")) {
  for (v in c("y1", "y2")) {
    co <- setNames(rep(0, length(cf)), names(cf))
    co[paste0(u, ".A:", v)] <- w[["A"]]; co[paste0(u, ".B:", v)] <- w[["B"]]
    ct <- svycontrast(by, co)
    put(paste0("comb.", u, ".", v, ".mean"), coef(ct)); put(paste0("comb.", u, ".", v, ".se"), SE(ct))
  }
  co <- setNames(rep(0, length(cf)), names(cf))
  for (v in c("y1", "y2")) { co[paste0(u, ".A:", v)] <- max[[v]] * w[["A"]]; co[paste0(u, ".B:", v)] <- max[[v]] * w[["B"]] }
  ct <- svycontrast(by, co)
  put(paste0("total.", u, ".mean"), coef(ct)); put(paste0("total.", u, ".se"), SE(ct))
  ds <- subset(des, !is.na(a) & unit == u & group == "B")
  ci <- svyciprop(~a, ds, method = "logit")
  put(paste0("access.", u, ".mean"), coef(ci)); put(paste0("access.", u, ".se"), SE(ci))
  put(paste0("access.", u, ".lower"), confint(ci)[1]); put(paste0("access.", u, ".upper"), confint(ci)[2])
}
# Intervals of shares that are means of [0, 1] scores (y1) and of their combinations (engine 1.1: every share's and
# every points figure's interval on the logit scale, so none leaves [0, 1] or [0, max]): svyciprop(method = "logit")
# on each cell; for a group combination and the survey points (total / max), the delta-method logit interval of the
# svycontrast estimate with the design df of the unit's rows.
lg <- function(key, th, se, df) {
  q <- qt(0.975, df); eta <- qlogis(th); s <- se / (th * (1 - th))
  put(paste0(key, ".lower"), plogis(eta - q * s)); put(paste0(key, ".upper"), plogis(eta + q * s))
}
for (u in c("U1", "U2")) for (g in c("A", "B")) {
  ci <- svyciprop(~y1, subset(des, !is.na(y1) & unit == u & group == g), method = "logit")
  put(paste0("ci.", u, ".", g, ".y1.lower"), confint(ci)[1]); put(paste0("ci.", u, ".", g, ".y1.upper"), confint(ci)[2])
}
for (u in c("U1", "U2")) {
  co <- setNames(rep(0, length(cf)), names(cf))
  co[paste0(u, ".A:y1")] <- w[["A"]]; co[paste0(u, ".B:y1")] <- w[["B"]]
  ct <- svycontrast(by, co)
  lg(paste0("ci.comb.", u, ".y1"), coef(ct), SE(ct), degf(subset(des, !is.na(y1) & unit == u)))
  co <- setNames(rep(0, length(cf)), names(cf))
  for (v in c("y1", "y2")) { co[paste0(u, ".A:", v)] <- max[[v]] * w[["A"]] / 5; co[paste0(u, ".B:", v)] <- max[[v]] * w[["B"]] / 5 }
  ct <- svycontrast(by, co)
  lg(paste0("ci.total.", u), coef(ct), SE(ct), degf(subset(des, (!is.na(y1) | !is.na(y2)) & unit == u)))
}
write.csv(do.call(rbind, out), "tests/ParIndex.Core.Tests/Fixtures/scoring/scoring_reference.csv", row.names = FALSE, quote = FALSE)
cat("written", nrow(d), "rows\n")
