namespace ParIndex.Core.Publication;

/// <summary>
/// A published version of a round's results: the immutable snapshot of what the public site, the open data and the
/// analytical report show, taken from one score run (its id and input hash), with when and by whom. Never edited: a
/// correction is a new version with a note of what changed (<see cref="Note"/>, and <see cref="ChangesJson"/> listing the
/// figures that moved); older versions stay readable.
/// </summary>
public sealed class Publication
{
    public int Id { get; init; }
    public int RoundId { get; init; }

    /// <summary>1 for the first publication, then 2, 3 … for corrections.</summary>
    public int Version { get; init; }

    public int ScoreRunId { get; init; }

    /// <summary>The score run's SHA-256 over its inputs (responses, weights, criteria, appraisal, configuration).</summary>
    public required string InputHash { get; init; }

    /// <summary>The published figures (<see cref="PublishedResults"/> as JSON).</summary>
    public required string SnapshotJson { get; init; }

    /// <summary>SHA-256 of <see cref="SnapshotJson"/> (its UTF-8 bytes), hex: the public pages' validator (ETag).</summary>
    public required string SnapshotHash { get; init; }

    /// <summary>What a correction changed and why, in the publisher's words; null for version 1.</summary>
    public string? Note { get; init; }

    /// <summary>The published figures that differ from the previous version (<see cref="VersionChange"/> list as JSON); null for version 1.</summary>
    public string? ChangesJson { get; init; }

    /// <summary>The predecessor round's publication the changes since last year were measured against, if any.</summary>
    public int? PredecessorPublicationId { get; init; }

    public required string PublishedBy { get; init; }
    public DateTime PublishedAt { get; init; }
}

/// <summary>One published figure that a correction changed: unit, figure, its value before and after (null: not published).</summary>
public sealed record VersionChange(string UnitCode, string UnitName, string Figure, double? Before, double? After);
