namespace ParIndex.Core.Estimation;

public sealed partial class SurveyDesign
{
    // Per-thread scratch for PSU and SSU totals; a stamp marks the entries touched by the current call, so a
    // domain estimate costs O(domain rows + touched PSUs) instead of O(all PSUs). [0] = PSUs, [1] = SSUs.
    [ThreadStatic]
    private static Scratch[]? scratch;

    /// <summary>
    /// Taylor-linearisation variance of Σ z_i for influence values <paramref name="z"/> (aligned with
    /// <paramref name="domainRows"/>, or one per row when it is null; zero outside the domain), exactly as R's
    /// <c>svyrecvar</c>: residualise for any post-stratification / raking / calibration, then the multistage
    /// sum over strata of f_h n_h/(n_h−1) Σ (z_hi − z̄_h)² plus the second-stage term scaled by n_h/N_h.
    /// PSUs without domain rows count as zero totals. Lonely PSUs follow <see cref="LonelyPsu"/>. Strata
    /// with no domain row are skipped (R's subset). Returns NaN when <see cref="LonelyPsu.Average"/> leaves
    /// no stratum with a variance.
    /// </summary>
    internal double LinearisedVariance(double[] z, int[]? domainRows)
    {
        var rows = domainRows;
        double[]? coefficients = null;
        ResidualPlan? plan = null;
        if (adjustments.Count > 0)
        {
            // residual = z − Σ_k c_k u_k; the basis part reaches every PSU (R's subset of a calibrated design keeps all rows).
            plan = Plan;
            coefficients = plan.Coefficients(rows, z);
        }

        scratch ??= [new Scratch(), new Scratch()];
        var count = rows?.Length ?? z.Length;

        // Stage 1: PSU totals of the touched PSUs.
        var ps = scratch[0];
        var touched = ps.Begin(PsuCount);
        if (plan is not null)
        {
            AddBasisTotals(ps, ref touched, PsuCount, plan.PsuBasisTotals, coefficients!);
        }

        for (var k = 0; k < count; k++)
        {
            var i = rows is null ? k : rows[k];
            ps.Add(psu[i], z[k], ref touched);
        }

        var v = StageVariance(ps, touched, psuStratum, StrataCount, h => stratumPsuStart[h + 1] - stratumPsuStart[h], h => popSize1[h], 1, out var nstrat, out var nok);
        v = nstrat == 0 ? 0.0 : v * nstrat / nok; // R: an empty subset has variance 0

        if (ssu is not null)
        {
            // Stage 2: within each touched PSU, one stratum of SSUs; scaled by n_h/N_h of the PSU's stratum.
            var ss = scratch[1];
            var touchedSsu = ss.Begin(ssuByPsu!.Length);
            if (plan is not null)
            {
                AddBasisTotals(ss, ref touchedSsu, ssuByPsu.Length, plan.SsuBasisTotals!, coefficients!);
            }

            for (var k = 0; k < count; k++)
            {
                var i = rows is null ? k : rows[k];
                ss.Add(ssu[i], z[k], ref touchedSsu);
            }

            var ssuPsu = SsuPsu;
            var perPsu = new double[PsuCount];
            var okPsu = new bool[PsuCount];
            StageVariance(ss, touchedSsu, ssuPsu, PsuCount, p => psuSsuStart![p + 1] - psuSsuStart[p], p => popSize2![p], 2, out _, out _, perPsu, okPsu);
            for (var t = 0; t < touched; t++)
            {
                var p = ps.List[t];
                var sub = okPsu[p] ? perPsu[p] : double.NaN; // R: nstrat/nokstrat = 1/0 when the lonely SSU is averaged away
                var h = psuStratum[p];
                v += sub * PsusInStratum(h) / popSize1[h];
            }
        }

        return v;
    }

    private ResidualPlan Plan
    {
        get
        {
            if (residualPlan is null)
            {
                var built = new ResidualPlan(adjustments, RowCount, psu, PsuCount, ssu, ssuByPsu?.Length ?? 0);
                Interlocked.CompareExchange(ref residualPlan, built, null);
            }

            return residualPlan!;
        }
    }

    private ResidualPlan? residualPlan;

    /// <summary>Dense reference: residualise a full-length copy of z the way R does, then the usual sum (used by tests).</summary>
    internal double LinearisedVarianceDense(double[] z, int[]? domainRows)
    {
        var full = new double[RowCount];
        if (domainRows is null)
        {
            Array.Copy(z, full, RowCount);
        }
        else
        {
            for (var k = 0; k < domainRows.Length; k++)
            {
                full[domainRows[k]] = z[k];
            }
        }

        foreach (var adjustment in adjustments)
        {
            adjustment.Residualise(full);
        }

        return new SurveyDesign(this, weights, [], LonelyPsu).LinearisedVariance(full, null);
    }

    private static void AddBasisTotals(Scratch s, ref int touched, int units, double[] basisTotals, double[] coefficients)
    {
        var k = coefficients.Length;
        for (var u = 0; u < units; u++)
        {
            var t = 0.0;
            for (var j = 0; j < k; j++)
            {
                t -= coefficients[j] * basisTotals[(u * k) + j];
            }

            s.Add(u, t, ref touched);
        }
    }

    private int[] SsuPsu => ssuPsuCache ??= BuildSsuPsu();

    private int[]? ssuPsuCache;

    private int[] BuildSsuPsu()
    {
        var map = new int[ssuByPsu!.Length];
        for (var p = 0; p < PsuCount; p++)
        {
            for (var k = psuSsuStart![p]; k < psuSsuStart[p + 1]; k++)
            {
                map[ssuByPsu[k]] = p;
            }
        }

        return map;
    }

    /// <summary>
    /// R's onestrat over every group (stratum of units) that has a touched unit: units are PSUs grouped by
    /// stratum (stage 1) or SSUs grouped by PSU (stage 2). Untouched units of a group count as zero totals.
    /// </summary>
    private double StageVariance(Scratch s, int touched, int[] groupOfUnit, int groups, Func<int, int> unitsIn, Func<int, double> popSize, int stage, out int nstrat, out int nok, double[]? perGroup = null, bool[]? okGroup = null)
    {
        var sum = new double[groups];
        var hits = new int[groups];
        for (var t = 0; t < touched; t++)
        {
            var u = s.List[t];
            var g = groupOfUnit[u];
            sum[g] += s.Total[u];
            hits[g]++;
        }

        var ss = new double[groups];
        for (var t = 0; t < touched; t++)
        {
            var u = s.List[t];
            var g = groupOfUnit[u];
            var d = s.Total[u] - (sum[g] / unitsIn(g));
            ss[g] += d * d;
        }

        var v = 0.0;
        nstrat = 0;
        nok = 0;
        for (var g = 0; g < groups; g++)
        {
            if (hits[g] == 0)
            {
                continue;
            }

            nstrat++;
            var n = unitsIn(g);
            var mean = sum[g] / n;
            var squares = ss[g] + ((n - hits[g]) * mean * mean);
            var c = StratumContribution(n, popSize(g), squares, sum[g], $"{g}", stage, out var ok);
            if (perGroup is not null)
            {
                perGroup[g] = c;
                okGroup![g] = ok;
            }

            if (ok)
            {
                nok++;
                v += c;
            }
        }

        return v;
    }

    /// <summary>R's onestrat for one stratum of <paramref name="n"/> units with Σ (x − x̄)² = <paramref name="squares"/>.</summary>
    private double StratumContribution(int n, double popSize, double squares, double lonelyTotal, string label, int stage, out bool ok)
    {
        ok = true;
        var f = double.IsPositiveInfinity(popSize) ? 1.0 : (popSize - n) / popSize;
        if (f < 1e-7)
        {
            return 0.0; // self-representing stratum
        }

        if (n > 1)
        {
            return f * n / (n - 1) * squares;
        }

        switch (LonelyPsu)
        {
            case LonelyPsu.Fail:
                throw new LonelyPsuException($"Stratum ({label}) has only one PSU at stage {stage}.");
            case LonelyPsu.Certainty:
                return 0.0;
            case LonelyPsu.Adjust:
                return f * lonelyTotal * lonelyTotal;
            default:
                ok = false;
                return 0.0;
        }
    }

    private sealed class Scratch
    {
        public double[] Total = [];
        public int[] Mark = [];
        public int[] List = [];
        private int stamp;

        public int Begin(int size)
        {
            if (Total.Length < size)
            {
                Total = new double[size];
                Mark = new int[size];
                List = new int[size];
                stamp = 0;
            }

            if (stamp == int.MaxValue)
            {
                Array.Clear(Mark);
                stamp = 0;
            }

            stamp++;
            return 0;
        }

        public void Add(int unit, double value, ref int touched)
        {
            if (Mark[unit] != stamp)
            {
                Mark[unit] = stamp;
                Total[unit] = 0;
                List[touched++] = unit;
            }

            Total[unit] += value;
        }
    }
}
