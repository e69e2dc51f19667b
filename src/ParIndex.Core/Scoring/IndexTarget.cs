using System.Text.Json.Serialization;

namespace ParIndex.Core.Scoring;

/// <summary>Where a target applies: the city-wide figures, each unit's figures, or both.</summary>
public enum TargetScope
{
    All,
    City,
    Units,
}

/// <summary>
/// A configured target for one figure, e.g. "SIPAS ≥ 87 %" or "health SIPAS ≥ 87 % in 2026–2027": the figure is met
/// when it is at least <see cref="Value"/>. Values are in the figure's published scale: points for "index" and
/// "survey_points", percent (0–100) for every SIPAS figure.
/// </summary>
public sealed record IndexTarget
{
    /// <summary>
    /// The figure: "index" (points of 100), "survey_points", "sipas", a SIPAS element or field ("service"), a breakdown
    /// answer ("field:health", "channel:online") or a sector ("sector:land-construction-investment").
    /// </summary>
    public string Figure { get; init; } = "";

    /// <summary>The least value that meets the target (points, or percent for SIPAS figures).</summary>
    public double Value { get; init; }

    /// <summary>First round year the target is in force (null: no lower bound).</summary>
    public int? FromYear { get; init; }

    /// <summary>Last round year the target is in force (null: no upper bound).</summary>
    public int? ToYear { get; init; }

    /// <summary>Only units of this type and this type's city figure (null: every type).</summary>
    public string? UnitType { get; init; }

    [JsonConverter(typeof(JsonStringEnumConverter))]
    public TargetScope Scope { get; init; } = TargetScope.All;

    /// <summary>Short Vietnamese name shown next to the figure.</summary>
    public string? Name { get; init; }

    /// <summary>Where the target comes from (document and section), or "configurable default".</summary>
    public string? Source { get; init; }

    /// <summary>Whether the target is in force in a round of <paramref name="year"/> (every target when the year is unknown).</summary>
    public bool InForce(int? year) => year is not { } y || ((FromYear is null || y >= FromYear) && (ToYear is null || y <= ToYear));

    /// <summary>True for figures published as percentages (every SIPAS figure); false for points.</summary>
    [JsonIgnore]
    public bool IsPercent => Figure is not ("index" or "survey_points");
}

/// <summary>How a figure stands against its target, given its confidence interval.</summary>
public enum TargetStatus
{
    /// <summary>The whole interval is at or above the target.</summary>
    Met,
    /// <summary>The whole interval is below the target.</summary>
    NotMet,
    /// <summary>The interval contains the target: the survey cannot tell.</summary>
    Indistinguishable,
    /// <summary>No figure to compare (withheld under k, or no answers).</summary>
    NoFigure,
}

/// <summary>
/// One figure of the result against one target. <see cref="Scope"/> is a unit code, or "city" for the city-wide figure of
/// <see cref="UnitType"/> ("*" = all unit types together). <see cref="Estimate"/> is the figure as published (a share on
/// [0, 1] for SIPAS figures, points otherwise).
/// </summary>
public sealed record TargetCheck(string Figure, string? Name, string Scope, string UnitType, double Target, bool Percent, Estimate Estimate, TargetStatus Status, string? Source)
{
    public const string CityScope = "city";

    /// <summary>
    /// Met when the interval's lower bound is at least the target, not met when its upper bound is below it, otherwise
    /// indistinguishable; a figure without an interval (no design variance could be estimated) is indistinguishable.
    /// Percent targets compare with the share × 100; bounds are compared as published, to two decimals.
    /// </summary>
    public static TargetStatus Judge(Estimate estimate, double target, bool percent)
    {
        if (estimate.Suppressed || estimate.Value is null) return TargetStatus.NoFigure;
        var scale = percent ? 100.0 : 1.0;
        if (estimate.Lower is not { } lo || estimate.Upper is not { } hi) return TargetStatus.Indistinguishable;
        // Compared as published (two decimals), so a page never shows "84,44% ≥ 84,44%" as not met.
        var lower = Math.Round(lo * scale, 2, MidpointRounding.AwayFromZero);
        var upper = Math.Round(hi * scale, 2, MidpointRounding.AwayFromZero);
        if (lower >= target) return TargetStatus.Met;
        if (upper < target) return TargetStatus.NotMet;
        return TargetStatus.Indistinguishable;
    }
}
