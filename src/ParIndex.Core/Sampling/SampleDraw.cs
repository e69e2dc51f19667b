namespace ParIndex.Core.Sampling;

/// <summary>Inclusion at one stage: the unit selected at that stage, its π, and the stage's N and n (fpc).</summary>
/// <param name="Stage">1-based stage number.</param>
/// <param name="UnitId">Cluster path ("X01/T03") or the record id at an element stage.</param>
/// <param name="Pi">Conditional inclusion probability at this stage, given the earlier stages.</param>
/// <param name="PopulationCount">Units available at this stage in the stratum (stage 1) or the parent cluster: the fpc.</param>
/// <param name="SampleCount">Units selected there.</param>
public sealed record StageInclusion(int Stage, string UnitId, double Pi, int PopulationCount, int SampleCount, SelectionMethod Method);

public enum MemberStatus { Official, Replaced, Replacement }

/// <summary>
/// A member of the drawn sample. π = Π π_stage; the design weight is 1/π (Horvitz–Thompson).
/// A replacement takes over the stage inclusions and weight of the member it replaces.
/// </summary>
public sealed record SampleMember(FrameRecord Record, string Stratum, string Pool, IReadOnlyList<StageInclusion> Stages)
{
    public double Pi => Stages.Aggregate(1.0, (p, s) => p * s.Pi);
    public double Weight => 1 / Pi;
    /// <summary>First-stage unit (PSU): the stage-1 cluster, or the record itself in a one-stage element design.</summary>
    public string Psu => Stages[0].UnitId;
    public MemberStatus Status { get; init; } = MemberStatus.Official;
    public string? ReplacesId { get; init; }
    public string? ReplacedById { get; init; }
}

/// <summary>An entry of the ordered reserve list of a pool (a stratum, or the last-stage parent cluster).</summary>
public sealed record ReserveMember(FrameRecord Record, string Stratum, string Pool, int Rank)
{
    public bool Used { get; init; }
}

/// <summary>Who replaced whom, when and why.</summary>
public sealed record ReplacementLogEntry(int Sequence, string ReplacedId, string ReplacementId, string Stratum, string Pool, int ReserveRank, string Reason, DateTimeOffset At, string? By);

/// <summary>Per-stratum counts of the first stage.</summary>
public sealed record StratumSummary(string Stratum, int PopulationUnits, int SampleUnits, int Members, int Reserves);

/// <summary>
/// The result of one draw: reproducible from (design, frame version, seed, algorithm), recorded here.
/// The official list changes only through <see cref="Replace"/>, which logs every change.
/// </summary>
public sealed class SampleDraw
{
    private readonly List<SampleMember> _members;
    private readonly List<ReserveMember> _reserve;
    private readonly List<ReplacementLogEntry> _log = [];

    public SampleDraw(string designName, int seed, string frameVersion, int frameRows, DateTimeOffset drawnAt,
        List<SampleMember> members, List<ReserveMember> reserve, IReadOnlyList<StratumSummary> strata)
    {
        DesignName = designName; Seed = seed; FrameVersion = frameVersion; FrameRows = frameRows; DrawnAt = drawnAt;
        _members = members; _reserve = reserve; Strata = strata;
    }

    public string DesignName { get; }
    public int Seed { get; }
    public string RandomAlgorithm => SamplingRandom.AlgorithmName;
    public string FrameVersion { get; }
    public int FrameRows { get; }
    public DateTimeOffset DrawnAt { get; }
    public IReadOnlyList<SampleMember> Members => _members;
    public IReadOnlyList<ReserveMember> Reserve => _reserve;
    public IReadOnlyList<StratumSummary> Strata { get; }
    public IReadOnlyList<ReplacementLogEntry> Replacements => _log;

    /// <summary>Members currently to be surveyed: officials not replaced, and replacements.</summary>
    public IEnumerable<SampleMember> Active => _members.Where(m => m.Status != MemberStatus.Replaced);

    /// <summary>
    /// Replaces an active member (a refusal, an unreachable person…) by the first unused reserve
    /// member of the same pool. The replacement inherits the replaced member's stage inclusions and
    /// weight: substitution keeps the design's sample size, not its probabilities (see docs/sampling.md).
    /// </summary>
    /// <exception cref="KeyNotFoundException">No active member has this id.</exception>
    /// <exception cref="InvalidOperationException">The pool's reserve list is used up.</exception>
    public ReplacementLogEntry Replace(string memberId, string reason, DateTimeOffset at, string? by = null)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(reason);
        var index = _members.FindIndex(m => m.Status != MemberStatus.Replaced && string.Equals(m.Record.Id, memberId, StringComparison.OrdinalIgnoreCase));
        if (index < 0) throw new KeyNotFoundException($"No active sample member has id '{memberId}'.");
        var member = _members[index];
        var r = _reserve.FindIndex(x => !x.Used && x.Pool == member.Pool);
        if (r < 0) throw new InvalidOperationException($"The reserve list of '{member.Pool}' is used up; draw a supplementary sample.");
        var reserve = _reserve[r];
        _reserve[r] = reserve with { Used = true };
        _members[index] = member with { Status = MemberStatus.Replaced, ReplacedById = reserve.Record.Id };
        _members.Add(member with { Record = reserve.Record, Status = MemberStatus.Replacement, ReplacesId = member.Record.Id, ReplacedById = null });
        var entry = new ReplacementLogEntry(_log.Count + 1, member.Record.Id, reserve.Record.Id, member.Stratum, member.Pool, reserve.Rank, reason, at, by);
        _log.Add(entry);
        return entry;
    }
}
