namespace ParIndex.Core.Scoring;

/// <summary>
/// A design-based estimate with its standard error, confidence interval, the respondents it rests on and whether it
/// must be withheld from published outputs (fewer than k respondents below the unit level).
/// </summary>
public sealed record Estimate(double Value, double StandardError, double Lower, double Upper, int Respondents, bool Suppressed)
{
    public static readonly Estimate Missing = new(double.NaN, double.NaN, double.NaN, double.NaN, 0, false);
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

/// <summary>The outcome of one scoring: per unit, per cell and per unit type.</summary>
public sealed record ScoringResult
{
    public const string EngineVersion = "parindex-scoring/1.0";

    public string Engine { get; init; } = EngineVersion;
    public required IReadOnlyList<UnitScore> Units { get; init; }
    public required IReadOnlyList<CellEstimate> Cells { get; init; }

    /// <summary>SIPAS figures of each unit type as a whole (all its units' citizens pooled), keyed by unit type code.</summary>
    public required IReadOnlyDictionary<string, IReadOnlyList<SipasFigure>> SipasByUnitType { get; init; }

    public int RowCount { get; init; }
    public IReadOnlyList<string> Warnings { get; init; } = [];
}
