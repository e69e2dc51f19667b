namespace ParIndex.Core.Estimation;

/// <summary>
/// The columns that describe how a sample was drawn, one value per row, as R's
/// <c>svydesign(ids = ~psu + ssu, strata = ~strata, weights = ~w, fpc = ~fpc1 + fpc2, nest = ...)</c>.
/// Identifiers are non-negative integer codes (use <see cref="Factor.Encode"/> for text labels). Missing
/// (negative) codes and NaN or negative weights, probabilities or fpc are rejected, as R's <c>svydesign</c> does.
/// When the fpc varies within a stratum (R warns), the first row's value is used.
/// </summary>
public sealed record SurveyDesignSpec
{
    /// <summary>Sampling weights (1/π). Give these or <see cref="Probabilities"/>, or neither when <see cref="Fpc1"/> lets the weights be derived.</summary>
    public double[]? Weights { get; init; }

    /// <summary>Inclusion probabilities π; the weight is 1/π.</summary>
    public double[]? Probabilities { get; init; }

    /// <summary>First-stage strata; <c>null</c> for an unstratified design.</summary>
    public int[]? Strata { get; init; }

    /// <summary>Primary sampling unit of each row; <c>null</c> means every row is its own PSU (<c>ids = ~1</c>).</summary>
    public int[]? Psu { get; init; }

    /// <summary>Second-stage unit of each row (only used in the variance when <see cref="Fpc2"/> is given, as in R).</summary>
    public int[]? Ssu { get; init; }

    /// <summary>First-stage population size (values &gt; 1) or sampling fraction (values ≤ 1) per row; R's rule: all of one kind.</summary>
    public double[]? Fpc1 { get; init; }

    /// <summary>Second-stage population size or sampling fraction per row (number of SSUs in the row's PSU).</summary>
    public double[]? Fpc2 { get; init; }

    /// <summary>PSU identifiers are only unique within strata (R's <c>nest = TRUE</c>).</summary>
    public bool Nest { get; init; }

    /// <summary>Treat the first stage as sampled with replacement: its fpc is ignored and later stages add nothing (R's <c>fpc = Inf</c>).</summary>
    public bool WithReplacement { get; init; }

    /// <summary>Handling of strata with a single PSU.</summary>
    public LonelyPsu LonelyPsu { get; init; } = LonelyPsu.Fail;
}
