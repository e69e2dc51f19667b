# Reference numbers for ParIndex.Core.Estimation, computed with R's survey package.
# Run from the repository root:
#   Rscript tools/r/reference.R
# Writes tests/ParIndex.Core.Tests/Fixtures/api/*.csv (the api data) and
# tests/ParIndex.Core.Tests/Fixtures/reference/survey_reference.csv (key,value; 17 significant digits).
suppressMessages(library(survey))
data(api)
fix <- "tests/ParIndex.Core.Tests/Fixtures"
dir.create(file.path(fix, "api"), recursive = TRUE, showWarnings = FALSE)
dir.create(file.path(fix, "reference"), recursive = TRUE, showWarnings = FALSE)
for (nm in c("apistrat", "apiclus1", "apiclus2")) {
  d <- get(nm)
  write.csv(d, file.path(fix, "api", paste0(nm, ".csv")), row.names = FALSE, na = "")
}

# BRR fixture: apiclus2 districts paired into 20 pseudo-strata of 2 PSUs each.
brrdat <- apiclus2
dn <- sort(unique(brrdat$dnum))
brrdat$pair <- sprintf("s%02d", (match(brrdat$dnum, dn) + 1) %/% 2)
write.csv(brrdat, file.path(fix, "api", "apiclus2_pairs.csv"), row.names = FALSE, na = "")

# Lonely second-stage fixture: apiclus2 with only one school kept in the first district that has fpc2 >= 6.
lonedist <- apiclus2$dnum[apiclus2$fpc2 >= 6][1]
lonely2 <- rbind(apiclus2[apiclus2$dnum != lonedist, ], apiclus2[apiclus2$dnum == lonedist, ][1, ])
write.csv(lonely2, file.path(fix, "api", "apiclus2_lonely.csv"), row.names = FALSE, na = "")

# Lonely-PSU fixture: apistrat with a single school in stratum M.
lonely <- rbind(apistrat[apistrat$stype != "M", ], apistrat[apistrat$stype == "M", ][1, ])
write.csv(lonely, file.path(fix, "api", "apistrat_lonely.csv"), row.names = FALSE, na = "")

out <- new.env()
keys <- character(0); vals <- numeric(0)
put <- function(key, value) {
  value <- as.numeric(value)
  if (length(value) == 1) { keys <<- c(keys, key); vals <<- c(vals, value) }
  else { keys <<- c(keys, paste0(key, ".", seq_along(value))); vals <<- c(vals, value) }
}
stat <- function(prefix, s) {
  put(paste0(prefix, ".est"), coef(s)); put(paste0(prefix, ".se"), SE(s))
  d <- attr(s, "deff"); if (!is.null(d)) put(paste0(prefix, ".deff"), diag(as.matrix(d)))
}

designs <- list(
  strat   = svydesign(id = ~1, strata = ~stype, weights = ~pw, data = apistrat, fpc = ~fpc),
  stratwr = svydesign(id = ~1, strata = ~stype, weights = ~pw, data = apistrat),
  clus1   = svydesign(id = ~dnum, weights = ~pw, data = apiclus1, fpc = ~fpc),
  clus1wr = svydesign(id = ~dnum, weights = ~pw, data = apiclus1),
  clus2   = svydesign(id = ~dnum + snum, fpc = ~fpc1 + fpc2, data = apiclus2),
  clus2wr = svydesign(id = ~dnum + snum, weights = ~pw, data = apiclus2)
)
for (nm in names(designs)) {
  d <- designs[[nm]]
  put(paste0(nm, ".degf"), degf(d))
  put(paste0(nm, ".sumw"), sum(weights(d)))
  stat(paste0(nm, ".mean.api00"), svymean(~api00, d, deff = TRUE))
  stat(paste0(nm, ".meanwr.api00"), svymean(~api00, d, deff = "replace"))
  stat(paste0(nm, ".total.api00"), svytotal(~api00, d, deff = TRUE))
  r <- svyratio(~api00, ~api99, d)
  put(paste0(nm, ".ratio.api00_api99.est"), coef(r)); put(paste0(nm, ".ratio.api00_api99.se"), SE(r))
  p <- svymean(~I(sch.wide == "Yes"), d, deff = TRUE)
  put(paste0(nm, ".prop.schwide.est"), coef(p)[2]); put(paste0(nm, ".prop.schwide.se"), SE(p)[2])
  put(paste0(nm, ".prop.schwide.deff"), diag(attr(p, "deff"))[2])
  for (m in c("logit", "beta", "mean", "xlogit")) {
    ci <- svyciprop(~I(sch.wide == "Yes"), d, method = m)
    put(paste0(nm, ".ciprop.", m, ".lo"), attr(ci, "ci")[1]); put(paste0(nm, ".ciprop.", m, ".hi"), attr(ci, "ci")[2])
    ci90 <- svyciprop(~I(sch.wide == "Yes"), d, method = m, level = 0.9)
    put(paste0(nm, ".ciprop90.", m, ".lo"), attr(ci90, "ci")[1]); put(paste0(nm, ".ciprop90.", m, ".hi"), attr(ci90, "ci")[2])
  }
  m <- svymean(~api00, d)
  ci <- confint(m, df = degf(d)); put(paste0(nm, ".mean.api00.ci_t"), ci)
  ci <- confint(m); put(paste0(nm, ".mean.api00.ci_normal"), ci)
  # category proportions of a factor
  stat(paste0(nm, ".mean.stype"), svymean(~stype, d, deff = TRUE))
  # domains (svyby keeps the design, zero influence outside the domain)
  b <- svyby(~api00, ~stype, d, svymean, deff = TRUE)
  put(paste0(nm, ".by_stype.mean.api00.est"), coef(b)); put(paste0(nm, ".by_stype.mean.api00.se"), SE(b))
  put(paste0(nm, ".by_stype.mean.api00.deff"), deff(b))
  b <- svyby(~api00, ~stype, d, svytotal)
  put(paste0(nm, ".by_stype.total.api00.est"), coef(b)); put(paste0(nm, ".by_stype.total.api00.se"), SE(b))
  b <- svyby(~api00, ~sch.wide, d, svymean)
  put(paste0(nm, ".by_schwide.mean.api00.est"), coef(b)); put(paste0(nm, ".by_schwide.mean.api00.se"), SE(b))
  b <- svyby(~api00, ~stype, d, svyratio, denominator = ~api99)
  put(paste0(nm, ".by_stype.ratio.est"), coef(b)); put(paste0(nm, ".by_stype.ratio.se"), SE(b))
  for (lev in c("E", "H", "M")) {
    sub <- subset(d, stype == lev)
    put(paste0(nm, ".sub_", lev, ".degf"), degf(sub))
    ci <- svyciprop(~I(sch.wide == "Yes"), sub, method = "beta")
    put(paste0(nm, ".sub_", lev, ".ciprop.beta"), attr(ci, "ci"))
    ci <- svyciprop(~I(sch.wide == "Yes"), sub, method = "logit")
    put(paste0(nm, ".sub_", lev, ".ciprop.logit"), attr(ci, "ci"))
  }
}
# enroll exists without NA in apistrat and apiclus1
for (nm in c("strat", "stratwr", "clus1", "clus1wr")) {
  d <- designs[[nm]]
  stat(paste0(nm, ".total.enroll"), svytotal(~enroll, d, deff = TRUE))
  stat(paste0(nm, ".mean.enroll"), svymean(~enroll, d, deff = TRUE))
  r <- svyratio(~api.stu, ~enroll, d)
  put(paste0(nm, ".ratio.apistu_enroll.est"), coef(r)); put(paste0(nm, ".ratio.apistu_enroll.se"), SE(r))
}

# Lonely PSU
for (lp in c("certainty", "adjust", "average")) {
  options(survey.lonely.psu = lp)
  for (fpcflag in c("fpc", "nofpc")) {
    d <- if (fpcflag == "fpc") svydesign(id = ~1, strata = ~stype, weights = ~pw, data = lonely, fpc = ~fpc)
         else svydesign(id = ~1, strata = ~stype, weights = ~pw, data = lonely)
    k <- paste0("lonely.", lp, ".", fpcflag)
    stat(paste0(k, ".mean.api00"), svymean(~api00, d))
    stat(paste0(k, ".total.api00"), svytotal(~api00, d))
    b <- svyby(~api00, ~sch.wide, d, svymean)
    put(paste0(k, ".by_schwide.mean.api00.se"), SE(b))
  }
}
options(survey.lonely.psu = "fail")
for (lp in c("certainty", "adjust", "average")) {
  options(survey.lonely.psu = lp)
  d <- svydesign(id = ~dnum + snum, fpc = ~fpc1 + fpc2, data = lonely2)
  stat(paste0("lonely2.", lp, ".mean.api00"), suppressWarnings(svymean(~api00, d)))
  stat(paste0("lonely2.", lp, ".total.api00"), suppressWarnings(svytotal(~api00, d)))
}
options(survey.lonely.psu = "fail")

# Replicate weights
dclus1 <- designs$clus1; dstrat <- designs$strat
rjk1 <- as.svrepdesign(dclus1, type = "JK1")
put("rep.jk1.scale", rjk1$scale)
stat("rep.jk1.mean.api00", svymean(~api00, rjk1))
stat("rep.jk1.total.enroll", svytotal(~enroll, rjk1))
r <- svyratio(~api.stu, ~enroll, rjk1); put("rep.jk1.ratio.est", coef(r)); put("rep.jk1.ratio.se", SE(r))
b <- svyby(~api00, ~stype, rjk1, svymean); put("rep.jk1.by_stype.se", SE(b))
rjk1wr <- as.svrepdesign(designs$clus1wr, type = "JK1")
stat("rep.jk1wr.mean.api00", svymean(~api00, rjk1wr))
rjkn <- as.svrepdesign(dstrat, type = "JKn")
put("rep.jkn.rscales", rjkn$rscales)
stat("rep.jkn.mean.api00", svymean(~api00, rjkn))
stat("rep.jkn.total.enroll", svytotal(~enroll, rjkn))
r <- svyratio(~api.stu, ~enroll, rjkn); put("rep.jkn.ratio.est", coef(r)); put("rep.jkn.ratio.se", SE(r))
rjknwr <- as.svrepdesign(designs$stratwr, type = "JKn")
stat("rep.jknwr.mean.api00", svymean(~api00, rjknwr))
rjkmse <- as.svrepdesign(dclus1, type = "JK1", mse = TRUE)
stat("rep.jk1mse.mean.api00", svymean(~api00, rjkmse))
# BRR with an explicit Sylvester Hadamard matrix so the replicate set is reproducible anywhere
sylv <- matrix(1, 1, 1); while (nrow(sylv) < 21) sylv <- rbind(cbind(sylv, sylv), cbind(sylv, -sylv))
dpairs <- svydesign(id = ~dnum, strata = ~pair, weights = ~pw, data = brrdat)
rbrr <- as.svrepdesign(dpairs, type = "BRR", hadamard.matrix = sylv)
put("rep.brr.nrep", ncol(rbrr$repweights$weights))
stat("rep.brr.mean.api00", svymean(~api00, rbrr))
stat("rep.brr.total.api00", svytotal(~api00, rbrr))
r <- svyratio(~api00, ~api99, rbrr); put("rep.brr.ratio.est", coef(r)); put("rep.brr.ratio.se", SE(r))
rbrrdef <- as.svrepdesign(dpairs, type = "BRR")
stat("rep.brrdefault.total.api00", svytotal(~api00, rbrrdef))
stat("pairs.total.api00", svytotal(~api00, dpairs))

# Weight adjustment on dclus1
pop.types <- data.frame(stype = c("E", "H", "M"), Freq = c(4421, 755, 1018))
pop.schwide <- data.frame(sch.wide = c("No", "Yes"), Freq = c(1072, 5122))
dps <- postStratify(dclus1, ~stype, pop.types)
stat("ps.mean.api00", svymean(~api00, dps)); stat("ps.total.enroll", svytotal(~enroll, dps))
b <- svyby(~api00, ~sch.wide, dps, svymean); put("ps.by_schwide.est", coef(b)); put("ps.by_schwide.se", SE(b))
put("ps.weights", weights(dps)[1:5])
drk <- rake(dclus1, list(~stype, ~sch.wide), list(pop.types, pop.schwide))
stat("rake.mean.api00", svymean(~api00, drk)); stat("rake.total.enroll", svytotal(~enroll, drk))
put("rake.weights", weights(drk)[1:5])
drk2 <- rake(dclus1, list(~stype, ~sch.wide), list(pop.types, pop.schwide), control = list(maxit = 100, epsilon = 1e-10))
stat("rake_tight.mean.api00", svymean(~api00, drk2))
put("rake_tight.weights", weights(drk2)[1:5])
dcal <- calibrate(dclus1, ~stype + api99, c(6194, 755, 1018, 3914069))
stat("cal.mean.api00", svymean(~api00, dcal)); stat("cal.total.enroll", svytotal(~enroll, dcal))
put("cal.weights", weights(dcal)[1:5])
b <- svyby(~api00, ~sch.wide, dcal, svymean); put("cal.by_schwide.est", coef(b)); put("cal.by_schwide.se", SE(b))
dcalb <- calibrate(dclus1, ~stype + api99, c(6194, 755, 1018, 3914069), bounds = c(0.6, 1.6))
stat("calb.mean.api00", svymean(~api00, dcalb)); stat("calb.total.enroll", svytotal(~enroll, dcalb))
put("calb.weights", weights(dcalb)[1:5]); put("calb.grange", range(weights(dcalb) / weights(dclus1)))
dcals <- calibrate(dstrat, ~api99, c(6194, 3914069))
stat("calstrat.mean.api00", svymean(~api00, dcals))

# Contrasts between domain means (svyby covmat = TRUE + svycontrast): the basis of "is unit A ahead of B"
for (nm in c("strat", "clus1", "clus2")) {
  d <- designs[[nm]]
  b <- svyby(~api00, ~stype, d, svymean, covmat = TRUE)
  ct <- svycontrast(b, c(E = 1, H = -1))
  put(paste0(nm, ".contrast.EminusH.est"), coef(ct)); put(paste0(nm, ".contrast.EminusH.se"), SE(ct))
  put(paste0(nm, ".by_stype.cov.EH"), vcov(b)[1, 2])
}

# JKn with a lonely stratum
for (lp in c("certainty", "adjust", "average")) {
  options(survey.lonely.psu = lp)
  d <- svydesign(id = ~1, strata = ~stype, weights = ~pw, data = lonely)
  r <- as.svrepdesign(d, type = "JKn")
  put(paste0("rep.jkn.lonely.", lp, ".scale"), r$scale)
  stat(paste0("rep.jkn.lonely.", lp, ".mean.api00"), svymean(~api00, r))
}
options(survey.lonely.psu = "fail")

# Replicate weights supplied as columns (svrepdesign): JK1 weights of dclus1 written to a fixture
rw <- weights(rjk1, "analysis")
colnames(rw) <- paste0("rw", seq_len(ncol(rw)))
write.csv(cbind(apiclus1[, c("dnum", "api00", "pw")], rw), file.path(fix, "api", "apiclus1_jk1weights.csv"), row.names = FALSE)
rdes <- svrepdesign(data = cbind(apiclus1, rw), repweights = "rw[0-9]+", weights = ~pw, type = "JK1", combined.weights = TRUE, scale = rjk1$scale)
stat("svrep.jk1.mean.api00", svymean(~api00, rdes))

# Contrast of domain means with replicate weights
b <- svyby(~api00, ~stype, rjk1, svymean, covmat = TRUE)
ct <- svycontrast(b, c(E = 1, H = -1))
put("rep.jk1.contrast.EminusH.est", coef(ct)); put("rep.jk1.contrast.EminusH.se", SE(ct))

# Weight adjustment of a replicate design: every replicate is adjusted separately
rps <- postStratify(rjk1, ~stype, pop.types)
stat("rep.ps.mean.api00", svymean(~api00, rps)); stat("rep.ps.total.enroll", svytotal(~enroll, rps))
rrk <- rake(rjk1, list(~stype, ~sch.wide), list(pop.types, pop.schwide))
stat("rep.rake.mean.api00", svymean(~api00, rrk)); stat("rep.rake.total.enroll", svytotal(~enroll, rrk))
rcal <- calibrate(rjk1, ~stype + api99, c(6194, 755, 1018, 3914069))
stat("rep.cal.mean.api00", svymean(~api00, rcal)); stat("rep.cal.total.enroll", svytotal(~enroll, rcal))
rcalb <- calibrate(rjk1, ~stype + api99, c(6194, 755, 1018, 3914069), bounds = c(0.6, 1.6))
stat("rep.calb.mean.api00", svymean(~api00, rcalb)); stat("rep.calb.total.enroll", svytotal(~enroll, rcalb))

# Design effect of a ratio (deff of the total of the linearised ratio residual)
for (nm in names(designs)) {
  r <- svyratio(~api00, ~api99, designs[[nm]], deff = TRUE)
  put(paste0(nm, ".ratio.api00_api99.deff"), attr(r, "deff"))
}

# Proportion intervals with replicate variance (beta uses the replicate vcov; xlogit is the delta method)
for (m in c("beta", "xlogit", "mean", "logit")) {
  ci <- svyciprop(~I(sch.wide == "Yes"), rjk1, method = m)
  put(paste0("rep.jk1.ciprop.", m), attr(ci, "ci"))
}


# ---- Issue 23: the estimate command's complete set of options ----
# BRR with R's default Hadamard matrix (hadamard(nstrata)): which PSU of a pair is kept differs from the
# hadamard.matrix= path, so non-linear statistics (ratios, means) depend on it.
put("rep.brrdefault.nrep", ncol(rbrrdef$repweights$weights))
stat("rep.brrdefault.mean.api00", svymean(~api00, rbrrdef))
r <- svyratio(~api00, ~api99, rbrrdef); put("rep.brrdefault.ratio.est", coef(r)); put("rep.brrdefault.ratio.se", SE(r))
rfay <- as.svrepdesign(dpairs, type = "Fay", fay.rho = 0.5)
stat("rep.faydefault.mean.api00", svymean(~api00, rfay))
r <- svyratio(~api00, ~api99, rfay); put("rep.faydefault.ratio.se", SE(r))
rbrrmse <- as.svrepdesign(dpairs, type = "BRR", mse = TRUE)
stat("rep.brrmse.mean.api00", svymean(~api00, rbrrmse))
# Levy & Lemeshow's cardiac-arrest example (survey's data(scd)): the textbook's own BRR half-samples and R's default agree.
data(scd)
write.csv(scd, file.path(fix, "api", "scd.csv"), row.names = FALSE)
llw <- 2 * cbind(c(1,0,1,0,1,0), c(1,0,0,1,0,1), c(0,1,1,0,0,1), c(0,1,0,1,1,0))
scdll <- suppressWarnings(svrepdesign(data = scd, type = "BRR", repweights = llw, combined.weights = FALSE))
r <- svyratio(~alive, ~arrests, scdll); put("scd.ll.ratio.est", coef(r)); put("scd.ll.ratio.se", SE(r))
scdbrr <- as.svrepdesign(svydesign(data = scd, prob = ~1, id = ~ambulance, strata = ~ESA, nest = TRUE), type = "BRR")
r <- svyratio(~alive, ~arrests, scdbrr); put("scd.brr.ratio.est", coef(r)); put("scd.brr.ratio.se", SE(r))
# R's hadamard(n) for n strata: size and a position-weighted checksum of the 0/1 entries
for (n in c(1:130, 150, 199, 250, 300, 500, 1000)) {
  H <- survey:::hadamard(n)
  put(paste0("hadamard.", n, ".size"), nrow(H))
  put(paste0("hadamard.", n, ".check"), sum(H * outer(seq_len(nrow(H)), seq_len(ncol(H)) * 1000)))
}

# svyvar: population variance (n-1 normaliser) and its SE, overall and by domain; on the JK1 replicate design
for (nm in c("strat", "clus1", "clus2")) {
  d <- designs[[nm]]
  v <- svyvar(~api00, d); put(paste0(nm, ".var.api00.est"), coef(v)); put(paste0(nm, ".var.api00.se"), SE(v))
  b <- svyby(~api00, ~stype, d, svyvar); put(paste0(nm, ".by_stype.var.api00.est"), coef(b)); put(paste0(nm, ".by_stype.var.api00.se"), SE(b))
}
v <- svyvar(~api00, rjk1); put("rep.jk1.var.api00.est", coef(v)); put("rep.jk1.var.api00.se", SE(v))
b <- svyby(~api00, ~stype, rjk1, svyvar); put("rep.jk1.by_stype.var.api00.est", coef(b)); put("rep.jk1.by_stype.var.api00.se", SE(b))

# svyquantile (survey >= 4.1): Woodruff interval (interval.type = "mean"), qrule math and school
for (nm in c("strat", "clus1", "clus2")) {
  d <- designs[[nm]]
  for (rule in c("math", "school")) {
    q <- svyquantile(~api00, d, quantiles = c(0.1, 0.25, 0.5, 0.75, 0.9), qrule = rule)$api00
    k <- paste0(nm, ".quantile.", rule)
    put(paste0(k, ".est"), q[, 1]); put(paste0(k, ".lo"), q[, 2]); put(paste0(k, ".hi"), q[, 3]); put(paste0(k, ".se"), q[, 4])
  }
  q90 <- svyquantile(~api00, d, quantiles = 0.5, alpha = 0.1)$api00
  put(paste0(nm, ".quantile90.median"), q90[1, 1:4])
  for (lev in c("E", "H", "M")) {
    q <- svyquantile(~api00, subset(d, stype == lev), quantiles = c(0.25, 0.5, 0.75))$api00
    put(paste0(nm, ".sub_", lev, ".quantile.est"), q[, 1]); put(paste0(nm, ".sub_", lev, ".quantile.lo"), q[, 2])
    put(paste0(nm, ".sub_", lev, ".quantile.hi"), q[, 3]); put(paste0(nm, ".sub_", lev, ".quantile.se"), q[, 4])
  }
}

# svyciprop "asin" (arcsine square root), overall and on subsets
for (nm in c("strat", "clus1", "clus2")) {
  d <- designs[[nm]]
  ci <- svyciprop(~I(sch.wide == "Yes"), d, method = "asin"); put(paste0(nm, ".ciprop.asin"), attr(ci, "ci"))
  ci <- svyciprop(~I(sch.wide == "Yes"), d, method = "asin", level = 0.9); put(paste0(nm, ".ciprop90.asin"), attr(ci, "ci"))
  for (lev in c("E", "H", "M")) {
    ci <- svyciprop(~I(sch.wide == "Yes"), subset(d, stype == lev), method = "asin"); put(paste0(nm, ".sub_", lev, ".ciprop.asin"), attr(ci, "ci"))
  }
}

# Weight adjustment by domain, with replicate weights and mse, for the command line's combinations
b <- svyby(~api00, ~stype, dps, svymean); put("ps.by_stype.est", coef(b)); put("ps.by_stype.se", SE(b))
b <- svyby(~api00, ~stype, drk, svymean); put("rake.by_stype.est", coef(b)); put("rake.by_stype.se", SE(b))
stat("ps.var.api00", svyvar(~api00, dps))
stat("cal.ratio.api00_api99", svyratio(~api00, ~api99, dcal))
rjk1ps <- postStratify(as.svrepdesign(dclus1, type = "JK1", mse = TRUE), ~stype, pop.types)
stat("rep.jk1mse.ps.mean.api00", svymean(~api00, rjk1ps))
# supplied JK1 weights with mse, and as type "other" with an explicit scale
rdesm <- svrepdesign(data = cbind(apiclus1, rw), repweights = "rw[0-9]+", weights = ~pw, type = "JK1", combined.weights = TRUE, scale = rjk1$scale, mse = TRUE)
stat("svrep.jk1mse.mean.api00", svymean(~api00, rdesm))
rdeso <- svrepdesign(data = cbind(apiclus1, rw), repweights = "rw[0-9]+", weights = ~pw, type = "other", combined.weights = TRUE, scale = 0.5, rscales = 1)
stat("svrep.other.mean.api00", svymean(~api00, rdeso))
put("svrep.other.degf", degf(rdeso))

res <- data.frame(key = keys, value = sprintf("%.17g", vals))
write.csv(res, file.path(fix, "reference", "survey_reference.csv"), row.names = FALSE, quote = FALSE)
cat("wrote", nrow(res), "reference values with survey", as.character(packageVersion("survey")), "\n")
