namespace ParIndex.Core.Publication;

/// <summary>What the share of a predecessor unit in a unit of this round measures.</summary>
public enum LineageBasis
{
    /// <summary>The same unit under the same or a new name (share 1).</summary>
    Identity,
    /// <summary>The part's share of the unit's population (residents of the wards that moved).</summary>
    Population,
    /// <summary>The part's share of the unit's sampling frame (e.g. the service users or files that moved).</summary>
    Frame,
}

/// <summary>
/// A round's predecessor ("last year"): the round whose published figures its changes are measured against. One per round.
/// </summary>
public sealed class RoundPredecessor
{
    public int RoundId { get; set; }
    public int PredecessorRoundId { get; set; }
    public required string SetBy { get; set; }
    public DateTime SetAt { get; set; }
}

/// <summary>
/// One part of a unit of this round in the predecessor round: unit <see cref="UnitCode"/> took <see cref="Share"/> of itself from
/// predecessor unit <see cref="PredecessorUnitCode"/>. A merged unit has several rows (shares summing to 1); a unit split from an
/// old one has that one as its part, so an old unit may appear under several new ones; a new unit without rows has no
/// predecessor figure.
/// </summary>
public sealed class UnitLineage
{
    public int Id { get; set; }
    public int RoundId { get; set; }
    public required string UnitCode { get; set; }
    public required string PredecessorUnitCode { get; set; }
    public double Share { get; set; }
    public LineageBasis Basis { get; set; }
}
