using ParIndex.Core.Scoring;

namespace ParIndex.Core.Publication;

/// <summary>
/// Everything a publication shows, frozen when it is published: the round, the score run it came from, every unit's
/// figures exactly as the scoring engine made them (k = 5 already applied: a withheld figure has no number here either),
/// the unit types' city figures, the sample and response rates, the changes since last year and the history of earlier
/// years mapped onto this round's units. The public pages, the open data and the report are all rendered from this alone.
/// </summary>
public sealed record PublishedResults
{
    public const string FormatVersion = "parindex-publication/1";

    public string Format { get; init; } = FormatVersion;
    public required PublishedRound Round { get; init; }
    public required PublishedRun Run { get; init; }

    /// <summary>The anonymity threshold k the engine applied.</summary>
    public int MinCellSize { get; init; } = ScoringConfiguration.MinimumCellSize;

    /// <summary>The confidence level of every interval (and of the change intervals).</summary>
    public double ConfidenceLevel { get; init; } = 0.95;

    public required IReadOnlyList<PublishedUnitType> UnitTypes { get; init; }
    public required IReadOnlyList<PublishedUnit> Units { get; init; }

    /// <summary>Unit × respondent group × target estimates as the engine published them (withheld cells without numbers).</summary>
    public required IReadOnlyList<CellEstimate> Cells { get; init; }

    public required IReadOnlyList<PublishedGroup> Groups { get; init; }

    /// <summary>The round the changes are measured against; null when the round has no published predecessor.</summary>
    public PublishedPredecessor? Predecessor { get; init; }

    /// <summary>Targets of the plan the figures are read against (empty when none is configured).</summary>
    public IReadOnlyList<PublishedTarget> Targets { get; init; } = [];
}

public sealed record PublishedRound(int Id, string Code, string Name, string? NameEn, int Year, DateOnly PeriodStart, DateOnly PeriodEnd,
    DateOnly? FieldworkStart, DateOnly? FieldworkEnd, decimal SurveyPoints, decimal AppraisalPoints);

/// <summary>The score run a publication was taken from and the scoring rules it applied.</summary>
public sealed record PublishedRun(int Id, string InputHash, string Engine, int ConfigVersion, DateTime CreatedAt, int ResponseCount,
    string SipasAggregation, IReadOnlyList<string> SipasIndexElements, int RankDraws);

/// <summary>A reform area (lĩnh vực) of a unit type's criteria tree with its maximum appraisal and survey points.</summary>
public sealed record PublishedArea(string Code, string Name, string? NameEn, decimal AppraisalMax, decimal SurveyMax);

/// <summary>A unit type with its city-wide SIPAS figures (all its units' citizens pooled) and its reform areas.</summary>
public sealed record PublishedUnitType(string Code, string Name, string? NameEn, IReadOnlyList<SipasFigure> Sipas, IReadOnlyList<PublishedArea> Areas);

/// <summary>A unit's points in one reform area: appraised points and survey points (null when not published).</summary>
public sealed record AreaPoints(string Area, decimal? Appraisal, double? Survey, bool SurveyWithheld);

/// <summary>One predecessor unit a unit of this round came from, with its share.</summary>
public sealed record PublishedLineage(string UnitCode, string UnitName, double Share, string Basis);

/// <summary>
/// The change of one figure since last year (<see cref="ChangeEstimator"/>): both values with their standard errors, the
/// difference with its interval, whether it is significant; the numbers are null and <see cref="Note"/> says why when the
/// change cannot be estimated (no predecessor unit, a figure withheld or missing in either year).
/// </summary>
public sealed record FigureChange(string Figure, double? Previous, double? PreviousStandardError, double? Current, double? CurrentStandardError,
    double? Difference, double? StandardError, double? Lower, double? Upper, bool Significant, string? Note);

/// <summary>A figure of an earlier year mapped onto this round's unit (the share-weighted combination of its predecessors).</summary>
public sealed record HistoryPoint(int Year, string RoundCode, string Figure, double Value, double StandardError);

/// <summary>A unit with everything published about it.</summary>
public sealed record PublishedUnit
{
    public required UnitScore Score { get; init; }
    public string? ParentArea { get; init; }
    public IReadOnlyList<AreaPoints> Areas { get; init; } = [];
    public IReadOnlyList<PublishedLineage> Lineage { get; init; } = [];
    public IReadOnlyList<FigureChange> Changes { get; init; } = [];
    public IReadOnlyList<HistoryPoint> History { get; init; } = [];
}

/// <summary>
/// A respondent group: its sample and what came back, with AAPOR response rates (sample members only). Counts and rates of a
/// group with fewer than k completed questionnaires are withheld (null).
/// </summary>
public sealed record PublishedGroup(string Code, string Name, string? NameEn, string UnitType, bool RatesManyUnits,
    int? Sampled, int? Completed, double? RR1, double? RR2, double? RR3, double? WeightMin, double? WeightMax);

public sealed record PublishedPredecessor(int RoundId, string Code, string Name, string? NameEn, int Year, int PublicationVersion);

/// <summary>A target of the plan: the figure it applies to (<c>index</c>, <c>sipas</c> …), optionally one unit type, and its value (points, or a share for SIPAS).</summary>
public sealed record PublishedTarget(string Figure, string? UnitType, double Value, string Label, string? LabelEn);
