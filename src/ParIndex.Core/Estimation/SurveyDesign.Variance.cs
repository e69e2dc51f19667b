namespace ParIndex.Core.Estimation;

public sealed partial class SurveyDesign
{
    /// <summary>
    /// Taylor-linearisation variance of Σ z_i for influence values <paramref name="z"/> (one per row,
    /// zero outside <paramref name="domain"/>), exactly as R's <c>svyrecvar</c>: residualise for any
    /// post-stratification / raking / calibration, then the multistage with-/without-replacement sum over
    /// strata of f_h n_h/(n_h−1) Σ (z_hi − z̄_h)² plus the second-stage term scaled by n_h/N_h.
    /// Lonely PSUs follow <see cref="LonelyPsu"/>. Strata with no domain row are skipped (R's subset).
    /// Returns NaN when <see cref="LonelyPsu.Average"/> leaves no stratum with a variance.
    /// </summary>
    internal double LinearisedVariance(double[] z, int[]? domainRows)
    {
        var rows = domainRows;
        if (adjustments.Count > 0)
        {
            z = (double[])z.Clone();
            foreach (var adjustment in adjustments)
            {
                adjustment.Residualise(z);
            }

            // After residualisation every row carries influence; R's subset of a calibrated design keeps all rows.
            rows = null;
        }

        var psuTotal = new double[PsuCount];
        var present = new bool[StrataCount];
        var psuPresent = new bool[PsuCount];
        var count = rows?.Length ?? z.Length;
        for (var k = 0; k < count; k++)
        {
            var i = rows is null ? k : rows[k];
            psuTotal[psu[i]] += z[i];
            present[stratum[i]] = true;
            psuPresent[psu[i]] = true;
        }

        var v = 0.0;
        int nstrat = 0, nok = 0;
        for (var h = 0; h < StrataCount; h++)
        {
            if (!present[h])
            {
                continue;
            }

            nstrat++;
            var start = stratumPsuStart[h];
            var end = stratumPsuStart[h + 1];
            var c = StratumContribution(psuTotal, psuByStratum, start, end, popSize1[h], $"{h}", 1, out var ok);
            if (ok)
            {
                nok++;
                v += c;
            }
        }

        v = v * nstrat / nok;

        if (ssu is not null)
        {
            var ssuTotal = new double[ssuByPsu!.Length];
            for (var k = 0; k < count; k++)
            {
                var i = rows is null ? k : rows[k];
                ssuTotal[ssu[i]] += z[i];
            }

            for (var p = 0; p < PsuCount; p++)
            {
                if (!psuPresent[p])
                {
                    continue;
                }

                var c = StratumContribution(ssuTotal, ssuByPsu, psuSsuStart![p], psuSsuStart[p + 1], popSize2![p], $"{p}", 2, out var ok);

                // One stratum per PSU at stage 2: R's nstrat/nokstrat is 1/0 when the lonely SSU is averaged away.
                var sub = ok ? c : double.NaN;
                var h = psuStratum[p];
                v += sub * PsusInStratum(h) / popSize1[h];
            }
        }

        return v;
    }

    /// <summary>R's onestrat for one stratum whose units (PSU or SSU totals) are units[index[start..end)].</summary>
    private double StratumContribution(double[] totals, int[] index, int start, int end, double popSize, string label, int stage, out bool ok)
    {
        ok = true;
        var n = end - start;
        var f = double.IsPositiveInfinity(popSize) ? 1.0 : (popSize - n) / popSize;
        if (f < 1e-7)
        {
            return 0.0; // self-representing stratum
        }

        var scale = n > 1 ? f * n / (n - 1) : f;
        var mean = 0.0;
        for (var k = start; k < end; k++)
        {
            mean += totals[index[k]];
        }

        mean /= n;
        if (n > 1)
        {
            var ss = 0.0;
            for (var k = start; k < end; k++)
            {
                var d = totals[index[k]] - mean;
                ss += d * d;
            }

            return scale * ss;
        }

        var x = totals[index[start]];
        switch (LonelyPsu)
        {
            case LonelyPsu.Fail:
                throw new LonelyPsuException($"Stratum ({label}) has only one PSU at stage {stage}.");
            case LonelyPsu.Certainty:
                return 0.0;
            case LonelyPsu.Adjust:
                return scale * x * x;
            default:
                ok = false;
                return 0.0;
        }
    }
}
