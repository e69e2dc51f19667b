using System.Text.Json.Serialization;

namespace ParIndex.Core.Scoring;

/// <summary>
/// A design-based estimate with its standard error, confidence interval and the respondents it rests on. Published
/// only when it rests on at least k respondents (<see cref="ScoringConfiguration.EffectiveMinCellSize"/>, never fewer
/// than <see cref="ScoringConfiguration.MinimumCellSize"/>): a withheld estimate (<see cref="Suppressed"/>) carries no
/// value, no standard error, no interval and no count — the engine never produces the numbers in the first place, so no
/// output can show them. <see cref="Excludes"/> names the parts (respondent groups, SIPAS elements) a combined figure left
/// out because they were withheld. Shares are on [0, 1] and their intervals never leave it (docs/methodology.md § 11).
/// </summary>
public sealed record Estimate(double? Value, double? StandardError, double? Lower, double? Upper, int Respondents, bool Suppressed)
{
    /// <summary>No data: nobody answered for this figure.</summary>
    public static readonly Estimate Missing = new(null, null, null, null, 0, false);

    /// <summary>Withheld: fewer than k respondents (the count is withheld too: 0).</summary>
    public static readonly Estimate Withheld = new(null, null, null, null, 0, true);

    /// <summary>Codes of the parts this figure does not include because they were withheld (null when none).</summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public IReadOnlyList<string>? Excludes { get; init; }

    /// <summary>True when the estimate has a value to show.</summary>
    [JsonIgnore]
    public bool HasValue => Value is not null;
}

/// <summary>Share (0–1) of one scoring target (sub-criterion code or SIPAS element) for one unit × respondent group.</summary>
public sealed record CellEstimate(string UnitCode, string Group, string Target, Estimate Share);

/// <summary>Survey points of one survey sub-criterion of a unit: the combined share × maximum points.</summary>
public sealed record CriterionPoints(string Criterion, string Name, string? Target, decimal MaxPoints, Estimate Share, Estimate Points);

/// <summary>A SIPAS figure of a unit or a unit type: an element ("access"), a field ("service", "policy") or the index ("sipas").</summary>
public sealed record SipasFigure(string Code, Estimate Share);

/// <summary>Everything scored for one unit.</summary>
public sealed record UnitScore
{
    public required string UnitCode { get; init; }
    public required string UnitName { get; init; }
    public required string UnitType { get; init; }

    /// <summary>Respondents with at least one scored answer about the unit.</summary>
    public int Respondents { get; init; }

    public IReadOnlyList<CriterionPoints> SurveyCriteria { get; init; } = [];

    /// <summary>Σ survey points over the survey sub-criteria (out of the round's survey points).</summary>
    public required Estimate SurveyPoints { get; init; }

    public IReadOnlyList<SipasFigure> Sipas { get; init; } = [];

    /// <summary>
    /// SIPAS of the unit's citizens per answer of a breakdown item ("field:health", "channel:online") and per sector
    /// ("sector:land-construction-investment"), where n allows: withheld under k like every figure.
    /// </summary>
    public IReadOnlyList<SipasFigure> SipasBreakdowns { get; init; } = [];

    /// <summary>Appraised points per appraisal criterion (final appraisal round available).</summary>
    public IReadOnlyDictionary<string, decimal> AppraisalCriteria { get; init; } = new Dictionary<string, decimal>();

    /// <summary>Σ appraised points; null when the unit has no appraisal scores yet.</summary>
    public decimal? AppraisalPoints { get; init; }

    /// <summary>Where the appraisal points came from (<see cref="Scoring.AppraisalSource"/>); null when the unit has none.</summary>
    public string? AppraisalSource { get; init; }

    /// <summary>Appraisal + survey points out of 100; null without appraisal scores (such a unit is not ranked).</summary>
    public double? Index { get; init; }

    /// <summary>Standard error of the index (the survey part's; appraisal points carry no sampling error).</summary>
    public double? IndexStandardError { get; init; }

    /// <summary>Rank within the unit type (1 = best; ties share the smaller rank); null when not ranked.</summary>
    public int? Rank { get; init; }

    /// <summary>95% (configured level) interval of the rank from the simulation.</summary>
    public int? RankLower { get; init; }

    public int? RankUpper { get; init; }

    /// <summary>True when the rank is shared with another unit (equal index to two decimals).</summary>
    public bool Tied { get; init; }
}

/// <summary>
/// A city-wide figure: of one unit type (<see cref="UnitType"/> "SO") or of all types together ("*"). Codes: "index" and
/// "survey_points" (means over the type's units that have them, points), "sipas", the SIPAS elements and fields, the
/// breakdowns ("field:health", "channel:online") and sectors ("sector:…") as shares on [0, 1].
/// </summary>
public sealed record CityFigure(string UnitType, string Code, Estimate Estimate);

/// <summary>The outcome of one scoring: per unit, per cell and per unit type.</summary>
public sealed record ScoringResult
{
    /// <summary>
    /// 1.2: answers may feed several targets (<see cref="TargetMapping"/>); SIPAS by breakdown and sector with complementary
    /// withholding; city-wide figures (<see cref="City"/>) and target checks. 1.1: k-anonymity decided in the engine (withheld
    /// figures carry no numbers; cells under k enter no combined figure) and every share's interval on the logit scale.
    /// Results of engines before 1.1 are served withheld (<see cref="SmallCells.WithholdLegacy"/>): they may hold figures from
    /// fewer than k respondents.
    /// </summary>
    public const string EngineVersion = "parindex-scoring/1.2";

    /// <summary>Engine versions whose results apply the anonymity rule as this one does (served as stored).</summary>
    public static readonly IReadOnlySet<string> AnonymityVersions = new HashSet<string>(StringComparer.Ordinal) { "parindex-scoring/1.1", EngineVersion };

    public string Engine { get; init; } = EngineVersion;
    public required IReadOnlyList<UnitScore> Units { get; init; }
    public required IReadOnlyList<CellEstimate> Cells { get; init; }

    /// <summary>SIPAS figures of each unit type as a whole (all its units' citizens pooled), keyed by unit type code.</summary>
    public required IReadOnlyDictionary<string, IReadOnlyList<SipasFigure>> SipasByUnitType { get; init; }

    /// <summary>
    /// City-wide figures per unit type and over all types ("*"): the seam for reports and for the year-over-year change
    /// (a predecessor round's result carries the same codes).
    /// </summary>
    public IReadOnlyList<CityFigure> City { get; init; } = [];

    /// <summary>Each configured target in force against the city's and each unit's figure (<see cref="TargetCheck.Judge"/>).</summary>
    public IReadOnlyList<TargetCheck> TargetChecks { get; init; } = [];

    /// <summary>Display names of breakdown and sector codes ("field:health" → "Y tế, dược").</summary>
    public IReadOnlyDictionary<string, string> Labels { get; init; } = new Dictionary<string, string>();

    public int RowCount { get; init; }

    /// <summary>The anonymity threshold k the engine applied (<see cref="ScoringConfiguration.EffectiveMinCellSize"/>).</summary>
    public int MinCellSize { get; init; } = ScoringConfiguration.MinimumCellSize;

    public IReadOnlyList<string> Warnings { get; init; } = [];
}
