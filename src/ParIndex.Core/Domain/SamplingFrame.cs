namespace ParIndex.Core.Domain;

/// <summary>
/// A named sampling frame of a round (e.g. "Hộ gia đình xã/phường"). Its content lives in versions: a re-import adds a
/// version, never overwrites one, so every draw can name exactly the list it was drawn from.
/// </summary>
public sealed class SamplingFrame
{
    public int Id { get; set; }
    public int RoundId { get; set; }
    public required string Name { get; set; }
    public DateTime CreatedAt { get; set; }
    public List<SamplingFrameVersion> Versions { get; set; } = [];
}

/// <summary>One imported file of a frame: numbered 1, 2, … per frame, with the file's hash and who imported it.</summary>
public sealed class SamplingFrameVersion
{
    public int Id { get; set; }
    public int FrameId { get; set; }
    public SamplingFrame? Frame { get; set; }
    public int Number { get; set; }
    public required string FileName { get; set; }

    /// <summary>"sha256:…" of the file (or of the kept records when only clean rows were imported): the frame version a draw records.</summary>
    public required string ContentHash { get; set; }

    public int Rows { get; set; }

    /// <summary>Rows of the file left out because they had errors (only when "import clean rows only" was chosen).</summary>
    public int RejectedRows { get; set; }

    /// <summary>Names of the frame's extra (strata) columns, as JSON array.</summary>
    public string StrataColumnsJson { get; set; } = "[]";

    public DateTime ImportedAt { get; set; }
    public required string ImportedBy { get; set; }
}

/// <summary>One row of a frame version. Contact data is kept apart in <see cref="FrameMemberContact"/>.</summary>
public sealed class FrameMember
{
    public long Id { get; set; }
    public int FrameVersionId { get; set; }

    /// <summary>Line of the source file the row came from.</summary>
    public int Line { get; set; }

    /// <summary>The id the frame gives the member (unique within the version).</summary>
    public required string ExternalId { get; set; }

    public required string GroupCode { get; set; }
    public required string UnitCode { get; set; }
    public string? Cluster1 { get; set; }
    public string? Cluster2 { get; set; }
    public string? Cluster3 { get; set; }
    public double? SizeMeasure { get; set; }

    /// <summary>Extra columns (strata) as a JSON object of strings.</summary>
    public string StrataJson { get; set; } = "{}";
}

/// <summary>Name and contact data of a frame member, shown only to Admin/Designer.</summary>
public sealed class FrameMemberContact
{
    public long FrameMemberId { get; set; }
    public string? FullName { get; set; }
    public string? Phone { get; set; }
    public string? Email { get; set; }
    public string? Address { get; set; }
}

public enum SampleDrawStatus
{
    Active = 0,
    /// <summary>Replaced by a later draw, explicitly and with a reason, before any link was issued.</summary>
    Superseded = 1,
}

/// <summary>
/// A stored sample draw: everything needed to reproduce it (frame version, design, seed, generator) and what it wrote
/// (respondents, official and reserve, through <see cref="SampleDrawMember"/>).
/// </summary>
public sealed class SampleDrawRecord
{
    public int Id { get; set; }
    public int RoundId { get; set; }
    public int FrameVersionId { get; set; }
    public SamplingFrameVersion? FrameVersion { get; set; }
    public required string DesignName { get; set; }

    /// <summary>The design as YAML (docs/sampling.md § Design file): the parameters of the draw.</summary>
    public required string DesignYaml { get; set; }

    public int Seed { get; set; }

    /// <summary>The random number generator, named with its library version.</summary>
    public required string Algorithm { get; set; }

    /// <summary>The frame version's content hash at the time of the draw.</summary>
    public required string FrameContentHash { get; set; }

    /// <summary>Respondent group codes the draw covers, comma-separated.</summary>
    public required string Groups { get; set; }

    /// <summary>Per-stratum counts (N, n, members, reserves) as JSON.</summary>
    public string StrataJson { get; set; } = "[]";

    public int Officials { get; set; }
    public int Reserves { get; set; }
    public DateTime DrawnAt { get; set; }
    public required string DrawnBy { get; set; }
    public SampleDrawStatus Status { get; set; }
    public DateTime? SupersededAt { get; set; }
    public string? SupersededBy { get; set; }
    public string? SupersedeReason { get; set; }
}

/// <summary>A respondent written by a draw: official or reserve, its pool (where a replacement comes from) and reserve rank.</summary>
public sealed class SampleDrawMember
{
    public long Id { get; set; }
    public int SampleDrawId { get; set; }
    public int RespondentId { get; set; }
    public Respondent? Respondent { get; set; }
    public long FrameMemberId { get; set; }

    /// <summary>The stratum in a one-stage design; the stratum and the last-stage parent cluster in a multi-stage one.</summary>
    public required string Pool { get; set; }

    public bool IsReserve { get; set; }
    public int? ReserveRank { get; set; }

    /// <summary>Order in the draw's output (officials first, then reserves in pool and rank order).</summary>
    public int Sequence { get; set; }
}

/// <summary>A non-responding member replaced by the next reserve of the same pool: who, by whom, when and why.</summary>
public sealed class SampleReplacement
{
    public int Id { get; set; }
    public int SampleDrawId { get; set; }
    public int ReplacedRespondentId { get; set; }
    public int ReplacementRespondentId { get; set; }
    public required string Pool { get; set; }
    public int ReserveRank { get; set; }
    public required string Reason { get; set; }
    public DateTime At { get; set; }
    public required string By { get; set; }
}

/// <summary>
/// Under a matrix design (<see cref="Sampling.MatrixDesign"/>), one unit a sample member is asked to rate: the member's
/// forms show only its assigned units, and scoring weights its ratings by 1/<see cref="Probability"/>.
/// </summary>
public sealed class UnitAssignment
{
    public long Id { get; set; }
    public int RoundId { get; set; }

    /// <summary>The draw whose matrix option made the assignment.</summary>
    public int SampleDrawId { get; set; }

    public int RespondentId { get; set; }
    public int UnitId { get; set; }

    /// <summary>π_{u|i}: the probability that the unit is assigned to the member, given the member is in the sample (m/U).</summary>
    public double Probability { get; set; }
}
