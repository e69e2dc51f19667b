namespace ParIndex.Core.Sampling;

/// <summary>One member's assignment to rate one unit, with π_{u|i} = P(unit u is assigned to member i | i in the sample).</summary>
public sealed record UnitAssignmentDraw(string Member, string Unit, double Probability);

/// <summary>The assignment of a matrix design: who rates what, and how many raters each unit got.</summary>
public sealed record MatrixAssignmentResult(IReadOnlyList<UnitAssignmentDraw> Assignments, IReadOnlyDictionary<string, int> RatersPerUnit, int UnitsPerMember, int Seed);

/// <summary>
/// Matrix sampling of a group that rates many units (a city delegate would otherwise rate every Sở): each of the N
/// members rates m of the U units, and each unit is rated by ⌊Nm/U⌋ or ⌈Nm/U⌉ members (balanced).
/// <para>
/// Algorithm (seeded, <see cref="SamplingRandom"/>): shuffle the members and, separately, the units; lay out N·m slots,
/// slot s going to member ⌊s/m⌋ of the shuffled members and unit s mod U of the shuffled units. A member's m units are
/// consecutive in the shuffled unit order, hence distinct when m ≤ U.
/// </para>
/// <para>
/// Properties (docs/methodology.md § 12): by symmetry, P(u assigned to i) = m/U for every member and unit, the stored
/// π_{u|i}. Given the number r_u of raters unit u received, the set of its raters is a simple random sample without
/// replacement of r_u of the N members (the positions covering u are fixed by u's place in the unit order, and the
/// member order is a uniform permutation independent of it), which is what the scoring variance uses.
/// </para>
/// </summary>
public static class MatrixAssignment
{
    /// <param name="members">Member ids, in a fixed order (e.g. respondent code order): the shuffle makes the order irrelevant to π.</param>
    /// <param name="units">Unit ids the members would otherwise all rate.</param>
    /// <param name="unitsPerMember">m, 1 ≤ m ≤ U.</param>
    /// <exception cref="ArgumentException">No members or units, duplicate ids, or m outside 1 … U.</exception>
    public static MatrixAssignmentResult Assign(IReadOnlyList<string> members, IReadOnlyList<string> units, int unitsPerMember, int seed)
    {
        ArgumentNullException.ThrowIfNull(members);
        ArgumentNullException.ThrowIfNull(units);
        if (members.Count == 0) throw new ArgumentException("A matrix design needs at least one member.", nameof(members));
        if (units.Count == 0) throw new ArgumentException("A matrix design needs at least one unit.", nameof(units));
        if (members.Distinct(StringComparer.Ordinal).Count() != members.Count) throw new ArgumentException("Member ids must be distinct.", nameof(members));
        if (units.Distinct(StringComparer.Ordinal).Count() != units.Count) throw new ArgumentException("Unit ids must be distinct.", nameof(units));
        if (unitsPerMember < 1 || unitsPerMember > units.Count)
            throw new ArgumentException($"Units per member must be between 1 and the number of units ({units.Count}), not {unitsPerMember}.", nameof(unitsPerMember));

        var rng = new SamplingRandom(seed);
        var memberOrder = members.ToList();
        rng.Shuffle(memberOrder);
        var unitOrder = units.ToList();
        rng.Shuffle(unitOrder);
        var pi = (double)unitsPerMember / units.Count;
        var result = new List<UnitAssignmentDraw>(members.Count * unitsPerMember);
        var raters = units.ToDictionary(u => u, _ => 0, StringComparer.Ordinal);
        for (var s = 0; s < members.Count * unitsPerMember; s++)
        {
            var unit = unitOrder[s % units.Count];
            result.Add(new UnitAssignmentDraw(memberOrder[s / unitsPerMember], unit, pi));
            raters[unit]++;
        }
        // Stored and listed in member order as given, units in the given order within a member.
        var memberRank = members.Select((m, i) => (m, i)).ToDictionary(p => p.m, p => p.i, StringComparer.Ordinal);
        var unitRank = units.Select((u, i) => (u, i)).ToDictionary(p => p.u, p => p.i, StringComparer.Ordinal);
        return new MatrixAssignmentResult([.. result.OrderBy(a => memberRank[a.Member]).ThenBy(a => unitRank[a.Unit])], raters, unitsPerMember, seed);
    }
}
