namespace ParIndex.Core.Estimation;

public sealed partial class SurveyDesign
{
    /// <summary>
    /// Horvitz–Thompson total Ŷ = Σ_{i∈d} w_i y_i (R's <c>svytotal</c>; with a domain, <c>svyby(..., svytotal)</c>).
    /// Influence z_i = w_i y_i in the domain, 0 outside. deff: Var / (s² N̂² (N̂−n)/(N̂ n)) where
    /// s² = n/(n−1) Σ w (y−ȳ)²/Σ w, N̂ = Σ w, n = rows with non-zero weight (R's formula).
    /// NaN in <paramref name="y"/> propagates (R's <c>na.rm = FALSE</c>); an empty domain gives 0 with variance 0.
    /// </summary>
    public SurveyEstimate Total(ReadOnlySpan<double> y, SurveyDomain? domain = null)
    {
        CheckLength(y.Length);
        var rows = domain?.Rows;
        var count = rows?.Length ?? RowCount;
        var z = new double[count]; // aligned with the domain rows
        var total = 0.0;
        for (var k = 0; k < count; k++)
        {
            var i = rows is null ? k : rows[k];
            z[k] = weights[i] * y[i];
            total += z[k];
        }

        var v = LinearisedVariance(z, rows);
        var (s2, nhat, n) = WeightedVariance(y, rows);
        var deff = v / (s2 * nhat * nhat * (nhat - n) / (nhat * n));
        var deffr = v / (s2 * nhat * nhat / n);
        return new SurveyEstimate(total, v, DegreesOfFreedomIn(domain), deff, deffr, n);
    }

    /// <summary>
    /// Hájek mean ȳ = Σ_{i∈d} w_i y_i / Σ_{i∈d} w_i (R's <c>svymean</c>; with a domain, <c>svyby(..., svymean)</c>).
    /// Influence z_i = w_i (y_i − ȳ)/Σ w in the domain, 0 outside. deff = Var / (s² (N̂−n)/(N̂ n))
    /// (NaN when N̂ &lt; n, i.e. weights not scaled to the population), deff_wr = Var / (s²/n), with
    /// s² = n/(n−1) Σ w (y−ȳ)²/Σ w. An empty or zero-weight domain returns NaN.
    /// </summary>
    public SurveyEstimate Mean(ReadOnlySpan<double> y, SurveyDomain? domain = null)
    {
        CheckLength(y.Length);
        var rows = domain?.Rows;
        var count = rows?.Length ?? RowCount;
        double sw = 0, swy = 0;
        for (var k = 0; k < count; k++)
        {
            var i = rows is null ? k : rows[k];
            sw += weights[i];
            swy += weights[i] * y[i];
        }

        var mean = swy / sw;
        var z = new double[count]; // aligned with the domain rows
        for (var k = 0; k < count; k++)
        {
            var i = rows is null ? k : rows[k];
            z[k] = weights[i] * (y[i] - mean) / sw;
        }

        var v = LinearisedVariance(z, rows);
        var (s2, nhat, n) = WeightedVariance(y, rows);
        var deff = nhat < n ? double.NaN : v / (s2 * (nhat - n) / (nhat * n));
        var deffr = v / (s2 / n);
        return new SurveyEstimate(mean, v, DegreesOfFreedomIn(domain), deff, deffr, n);
    }

    /// <summary>
    /// Population variance of y (R's <c>svyvar</c>; with a domain, <c>svyby(..., svyvar)</c>):
    /// Ŝ² = n/(n−1) · Σ_{i∈d} w_i (y_i − ȳ)² / Σ_{i∈d} w_i, with ȳ the Hájek mean and n the rows with a non-zero
    /// weight in the domain (the n − 1 normaliser makes it unbiased under simple random sampling). Its variance is
    /// that of the Hájek mean of u_i = n/(n−1) (y_i − ȳ)² with ȳ held fixed, as R computes it: influence
    /// w_i (u_i − Ŝ²)/Σ w. Design effects are NaN (R reports none). An empty domain, or one of one row, gives NaN.
    /// </summary>
    public SurveyEstimate PopulationVariance(ReadOnlySpan<double> y, SurveyDomain? domain = null)
    {
        CheckLength(y.Length);
        var rows = domain?.Rows;
        var count = rows?.Length ?? RowCount;
        double sw = 0, swy = 0;
        var n = 0;
        for (var k = 0; k < count; k++)
        {
            var i = rows is null ? k : rows[k];
            sw += weights[i];
            swy += weights[i] * y[i];
            if (weights[i] != 0)
            {
                n++;
            }
        }

        var mean = swy / sw;
        var u = new double[count]; // aligned with the domain rows
        for (var k = 0; k < count; k++)
        {
            var d = y[rows is null ? k : rows[k]] - mean;
            u[k] = d * d * n / (n - 1.0);
        }

        var (s2, variance) = MeanAligned(u, rows);
        return new SurveyEstimate(s2, variance, DegreesOfFreedomIn(domain), double.NaN, double.NaN, n);
    }

    /// <summary>
    /// Proportion of rows with <paramref name="indicator"/> true: the Hájek mean of a 0/1 variable
    /// (R's <c>svymean(~I(x == "Yes"))</c>); see <see cref="Mean"/>. Use <see cref="ConfidenceIntervals.Proportion"/> for its interval.
    /// </summary>
    public SurveyEstimate Proportion(ReadOnlySpan<bool> indicator, SurveyDomain? domain = null)
    {
        var y = new double[indicator.Length];
        for (var i = 0; i < y.Length; i++)
        {
            y[i] = indicator[i] ? 1.0 : 0.0;
        }

        return Mean(y, domain);
    }

    /// <summary>
    /// Proportion in each category 0..categoryCount−1 of <paramref name="codes"/> (R's <c>svymean(~factor)</c>):
    /// one Hájek mean of the indicator per category. Negative codes count in no category but stay in the denominator.
    /// </summary>
    public SurveyEstimate[] CategoryProportions(ReadOnlySpan<int> codes, int categoryCount, SurveyDomain? domain = null)
    {
        var result = new SurveyEstimate[categoryCount];
        var y = new double[codes.Length];
        for (var c = 0; c < categoryCount; c++)
        {
            for (var i = 0; i < y.Length; i++)
            {
                y[i] = codes[i] == c ? 1.0 : 0.0;
            }

            result[c] = Mean(y, domain);
        }

        return result;
    }

    /// <summary>
    /// Ratio R̂ = Σ_{i∈d} w_i y_i / Σ_{i∈d} w_i x_i (R's <c>svyratio</c>, combined ratio).
    /// Influence z_i = w_i (y_i − R̂ x_i)/Σ w x. deff as R's <c>svyratio(deff = TRUE)</c>: deff of the total of
    /// r_i = (y_i − R̂ x_i)/Σ w x. A zero denominator total gives NaN.
    /// </summary>
    public SurveyEstimate Ratio(ReadOnlySpan<double> numerator, ReadOnlySpan<double> denominator, SurveyDomain? domain = null)
    {
        CheckLength(numerator.Length);
        CheckLength(denominator.Length);
        var rows = domain?.Rows;
        var count = rows?.Length ?? RowCount;
        double swy = 0, swx = 0;
        for (var k = 0; k < count; k++)
        {
            var i = rows is null ? k : rows[k];
            swy += weights[i] * numerator[i];
            swx += weights[i] * denominator[i];
        }

        var ratio = swy / swx;
        var z = new double[count]; // aligned with the domain rows
        var r = new double[count];
        double sw = 0, swr = 0;
        var n = 0;
        for (var k = 0; k < count; k++)
        {
            var i = rows is null ? k : rows[k];
            r[k] = (numerator[i] - ratio * denominator[i]) / swx;
            z[k] = weights[i] * r[k];
            sw += weights[i];
            swr += z[k];
            if (weights[i] != 0)
            {
                n++;
            }
        }

        var v = LinearisedVariance(z, rows);

        // deff of the total of r (R's svyratio(deff = TRUE)), with s² = n/(n−1) Σ w (r − r̄)²/Σ w.
        var rbar = swr / sw;
        var ss = 0.0;
        for (var k = 0; k < count; k++)
        {
            var d = r[k] - rbar;
            ss += weights[rows is null ? k : rows[k]] * d * d;
        }

        var s2 = n / (n - 1.0) * ss / sw;
        var nhat = sw;
        var deff = v / (s2 * nhat * nhat * (nhat - n) / (nhat * n));
        var deffr = v / (s2 * nhat * nhat / n);
        return new SurveyEstimate(ratio, v, DegreesOfFreedomIn(domain), deff, deffr, n);
    }

    /// <summary>
    /// Linear contrast of domain means Σ_d c_d ȳ_d (R's <c>svycontrast(svyby(..., svymean, covmat = TRUE), c)</c>),
    /// e.g. the difference between two units' means with coefficients (1, −1). Influence Σ_d c_d z_d with each
    /// z_d the domain mean's influence, so covariances between domains that share PSUs are included.
    /// df is the design df; design effects are NaN. Domains may overlap. An empty domain makes the result NaN.
    /// </summary>
    public SurveyEstimate MeanContrast(ReadOnlySpan<double> y, IReadOnlyList<SurveyDomain> domains, ReadOnlySpan<double> coefficients)
    {
        ArgumentNullException.ThrowIfNull(domains);
        CheckLength(y.Length);
        if (coefficients.Length != domains.Count)
        {
            throw new ArgumentException("One coefficient per domain.");
        }

        var z = new double[RowCount];
        var estimate = 0.0;
        var rowsUsed = 0;
        for (var d = 0; d < domains.Count; d++)
        {
            var rows = domains[d].Rows;
            double sw = 0, swy = 0;
            foreach (var i in rows)
            {
                sw += weights[i];
                swy += weights[i] * y[i];
            }

            var mean = swy / sw;
            estimate += coefficients[d] * mean;
            foreach (var i in rows)
            {
                z[i] += coefficients[d] * weights[i] * (y[i] - mean) / sw;
            }

            rowsUsed += rows.Length;
        }

        return new SurveyEstimate(estimate, LinearisedVariance(z, null), DegreesOfFreedom, double.NaN, double.NaN, rowsUsed);
    }

    /// <summary>
    /// Covariance of two domain means (R's <c>vcov(svyby(..., covmat = TRUE))</c> off-diagonal):
    /// (V(ȳ_a + ȳ_b) − V(ȳ_a − ȳ_b)) / 4 from the linearised influence values. Zero for domains in disjoint strata.
    /// </summary>
    public double MeanCovariance(ReadOnlySpan<double> y, SurveyDomain a, SurveyDomain b)
    {
        var sum = MeanContrast(y, [a, b], [1.0, 1.0]).Variance;
        var difference = MeanContrast(y, [a, b], [1.0, -1.0]).Variance;
        return (sum - difference) / 4;
    }

    /// <summary>
    /// Kish's design effect due to unequal weighting, deff_w = n Σ w² / (Σ w)² = 1 + cv², cv with the
    /// population (1/n) normaliser, over rows with non-zero weight in the domain. Empty input returns NaN.
    /// </summary>
    public double KishDesignEffect(SurveyDomain? domain = null)
    {
        var rows = domain?.Rows;
        var count = rows?.Length ?? RowCount;
        double sw = 0, sw2 = 0;
        var n = 0;
        for (var k = 0; k < count; k++)
        {
            var w = weights[rows is null ? k : rows[k]];
            if (w != 0)
            {
                sw += w;
                sw2 += w * w;
                n++;
            }
        }

        return n == 0 ? double.NaN : n * sw2 / (sw * sw);
    }

    /// <summary>Σ w_i over the domain (estimated population size N̂); 0 for an empty domain.</summary>
    public double WeightTotal(SurveyDomain? domain = null)
    {
        var rows = domain?.Rows;
        var count = rows?.Length ?? RowCount;
        var sw = 0.0;
        for (var k = 0; k < count; k++)
        {
            sw += weights[rows is null ? k : rows[k]];
        }

        return sw;
    }

    /// <summary>R's svyvar for one column: s² = n/(n−1) Σ w (y − ȳ)²/Σ w, with N̂ = Σ w and n = rows with w ≠ 0.</summary>
    private (double S2, double WeightSum, int N) WeightedVariance(ReadOnlySpan<double> y, int[]? rows)
    {
        var count = rows?.Length ?? RowCount;
        double sw = 0, swy = 0;
        var n = 0;
        for (var k = 0; k < count; k++)
        {
            var i = rows is null ? k : rows[k];
            sw += weights[i];
            swy += weights[i] * y[i];
            if (weights[i] != 0)
            {
                n++;
            }
        }

        var mean = swy / sw;
        var ss = 0.0;
        for (var k = 0; k < count; k++)
        {
            var i = rows is null ? k : rows[k];
            var d = y[i] - mean;
            ss += weights[i] * d * d;
        }

        return (n / (n - 1.0) * ss / sw, sw, n);
    }

    private void CheckLength(int length)
    {
        if (length != RowCount)
        {
            throw new ArgumentException($"Expected {RowCount} values, one per row of the design, got {length}.");
        }
    }
}
