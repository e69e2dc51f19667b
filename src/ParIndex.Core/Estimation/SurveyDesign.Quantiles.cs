namespace ParIndex.Core.Estimation;

/// <summary>How a quantile is read off the weighted distribution function (R <c>svyquantile</c>'s <c>qrule</c>).</summary>
public enum QuantileRule
{
    /// <summary>The smallest value x with F̂(x) ≥ p, F̂ the weighted empirical distribution (R's <c>"math"</c>, the default).</summary>
    Math,

    /// <summary>As <see cref="Math"/>, but the midpoint of the two values around p when F̂ reaches p exactly (R's <c>"school"</c>).</summary>
    School,
}

/// <summary>A design-based quantile with its Woodruff interval.</summary>
/// <param name="Probability">The probability p of the quantile.</param>
/// <param name="Estimate">The quantile q̂_p (NaN for an empty domain).</param>
/// <param name="StandardError">(upper − lower)/(2 t_{df, 1−α/2}), R's Francisco–Fuller SE from the interval; NaN when a bound is.</param>
/// <param name="Interval">The Woodruff interval.</param>
/// <param name="DegreesOfFreedom">Design degrees of freedom of the domain.</param>
public readonly record struct QuantileEstimate(double Probability, double Estimate, double StandardError, ConfidenceInterval Interval, int DegreesOfFreedom);

public sealed partial class SurveyDesign
{
    /// <summary>
    /// Quantile q̂_p of y over the domain with the Woodruff (1952) interval, as R's <c>svyquantile(~y, design, p,
    /// interval.type = "mean", qrule)</c> (survey ≥ 4.1; with a domain, on <c>subset(design, ...)</c>).
    /// <para>Estimate: over the rows with a non-zero weight, sorted by y (ties in row order), with cumulative weights
    /// C_k and total W, let k be the last position with C_k ≤ pW (the first if there is none) and k⁺ = k + 1 (k at
    /// the end). If C_k = pW the quantile is y_(k) (<see cref="QuantileRule.Math"/>) or (y_(k) + y_(k⁺))/2
    /// (<see cref="QuantileRule.School"/>); otherwise y_(k⁺).</para>
    /// <para>Interval: F̂ = the Hájek mean of 1{y_i ≤ q̂} with its linearised SE; p_lo, p_hi = F̂ ∓ t_{df,1−α/2} SE; the
    /// bounds are the same rule's quantiles at p_lo and p_hi (NaN when p_lo &lt; 0 or p_hi &gt; 1).
    /// SE = (upper − lower)/(2 t_{df,1−α/2}). y must have no NaN in the domain.</para>
    /// </summary>
    public QuantileEstimate Quantile(ReadOnlySpan<double> y, double probability, SurveyDomain? domain = null, double level = 0.95, QuantileRule rule = QuantileRule.Math)
    {
        CheckLength(y.Length);
        ArgumentOutOfRangeException.ThrowIfLessThan(probability, 0);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(probability, 1);
        var rows = domain?.Rows;
        var count = rows?.Length ?? RowCount;
        var df = DegreesOfFreedomIn(domain);

        // Rows with a non-zero weight, sorted by value; ties in row order (R's order() is stable), so (value, row) is a total order.
        var keyed = new KeyedRow[count];
        var m = 0;
        for (var k = 0; k < count; k++)
        {
            var i = rows is null ? k : rows[k];
            if (weights[i] != 0)
            {
                keyed[m++] = new KeyedRow(y[i], i);
            }
        }

        if (m == 0)
        {
            return new QuantileEstimate(probability, double.NaN, double.NaN, new ConfidenceInterval(double.NaN, double.NaN, level), df);
        }

        Array.Sort(keyed, 0, m);
        // Cumulative weights with Neumaier's compensated sum: R accumulates them in long double, and whether C_k equals
        // pW exactly decides the rule (e.g. equal weights and an even count at the median), so plain sums are not enough.
        var x = new double[m];
        var cumulative = new double[m];
        double sum = 0, compensation = 0;
        for (var k = 0; k < m; k++)
        {
            x[k] = keyed[k].Value;
            var w = weights[keyed[k].Row];
            var t0 = sum + w;
            compensation += Math.Abs(sum) >= Math.Abs(w) ? (sum - t0) + w : (w - t0) + sum;
            sum = t0;
            cumulative[k] = sum + compensation;
        }

        var estimate = RuleQuantile(x, cumulative, probability, rule);

        // Woodruff: the interval of F̂(q̂) mapped back through the same rule.
        var u = new double[count]; // aligned with the domain rows
        for (var k = 0; k < count; k++)
        {
            u[k] = y[rows is null ? k : rows[k]] <= estimate ? 1.0 : 0.0;
        }

        var (f, variance) = MeanAligned(u, rows);
        var t = ConfidenceIntervals.Wald(0, 1, df, level).Upper;
        var pLow = f - t * Math.Sqrt(variance);
        var pHigh = f + t * Math.Sqrt(variance);
        var lower = double.IsNaN(pLow) || pLow < 0 ? double.NaN : RuleQuantile(x, cumulative, pLow, rule);
        var upper = double.IsNaN(pHigh) || pHigh > 1 ? double.NaN : RuleQuantile(x, cumulative, pHigh, rule);
        return new QuantileEstimate(probability, estimate, (upper - lower) / (2 * t), new ConfidenceInterval(lower, upper, level), df);
    }

    // R's qs() + qrule_math / qrule_school on values sorted ascending with their cumulative weights.
    private static double RuleQuantile(double[] x, double[] cumulative, double p, QuantileRule rule)
    {
        var total = cumulative[^1];
        var target = p * total;
        var pos = 0; // R's last(): the first position when no cumulative weight is ≤ pW
        for (var k = x.Length - 1; k >= 0; k--)
        {
            if (cumulative[k] <= target)
            {
                pos = k;
                break;
            }
        }

        var next = pos == x.Length - 1 ? pos : pos + 1;
        var exact = p - (cumulative[pos] / total) == 0;
        return !exact ? x[next] : rule == QuantileRule.School ? (x[pos] + x[next]) / 2 : x[pos];
    }

    /// <summary>Hájek mean of values aligned with the domain rows and its linearised variance (no design effects).</summary>
    private (double Mean, double Variance) MeanAligned(double[] values, int[]? rows)
    {
        double sw = 0, swy = 0;
        for (var k = 0; k < values.Length; k++)
        {
            var w = weights[rows is null ? k : rows[k]];
            sw += w;
            swy += w * values[k];
        }

        var mean = swy / sw;
        var z = new double[values.Length];
        for (var k = 0; k < values.Length; k++)
        {
            z[k] = weights[rows is null ? k : rows[k]] * (values[k] - mean) / sw;
        }

        return (mean, LinearisedVariance(z, rows));
    }

    private readonly record struct KeyedRow(double Value, int Row) : IComparable<KeyedRow>
    {
        public int CompareTo(KeyedRow other) => Value != other.Value ? Value.CompareTo(other.Value) : Row.CompareTo(other.Row);
    }
}
