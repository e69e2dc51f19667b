using System.Globalization;

namespace ParIndex.Core.Sampling;

/// <summary>
/// Draws a stratified, one- to three-stage sample from a frame as a <see cref="SampleDesign"/> says.
/// <list type="number">
/// <item>Rows of the design's groups are kept; strata are the distinct values of the strata columns, taken in ordinal order.</item>
/// <item>Stage 1 in each stratum selects n_h units (clusters or rows) with the stage's method; n_h from the allocation or the stage count.</item>
/// <item>Each later stage selects within every selected unit of the stage before, independently.</item>
/// <item>In every pool (the stratum in a one-stage design, the parent cluster of the last stage otherwise) the
/// reserve list is a random ordered subset of the units not selected: ⌈ratio·n⌉ of them (all if no ratio),
/// each ordering equally likely.</item>
/// </list>
/// The random stream is consumed in this fixed order, so (frame, design, seed) always gives the same draw.
/// </summary>
public static class SampleDrawer
{
    public static SampleDraw Draw(Frame frame, SampleDesign design, int seed, DateTimeOffset? drawnAt = null)
    {
        ArgumentNullException.ThrowIfNull(frame);
        ArgumentNullException.ThrowIfNull(design);
        design.Validate();
        var rng = new SamplingRandom(seed);
        var groups = design.Groups.Count == 0 ? null : new HashSet<string>(design.Groups, StringComparer.OrdinalIgnoreCase);
        var rows = frame.Records.Where(r => groups is null || groups.Contains(r.GroupCode)).ToList();

        var strata = rows.GroupBy(r => StratumKey(r, design.Strata), StringComparer.Ordinal)
            .OrderBy(g => g.Key, StringComparer.Ordinal).ToList();
        var first = design.Stages[0];
        var unitsPerStratum = strata.Select(g => Units(g.ToList(), first)).ToList();
        var sizes = StratumSizes(design, strata.Select(g => g.Key).ToList(), unitsPerStratum.Select(u => u.Count).ToList());

        var members = new List<SampleMember>();
        var reserve = new List<ReserveMember>();
        var summaries = new List<StratumSummary>();
        for (var h = 0; h < strata.Count; h++)
        {
            var before = (members.Count, reserve.Count);
            SelectStage(design, 0, strata[h].Key, unitsPerStratum[h], sizes[h], [], strata[h].Key, rng, members, reserve);
            summaries.Add(new StratumSummary(strata[h].Key, unitsPerStratum[h].Count, Math.Min(sizes[h], unitsPerStratum[h].Count),
                members.Count - before.Item1, reserve.Count - before.Item2));
        }
        return new SampleDraw(design.Name, seed, frame.Version, frame.Count, drawnAt ?? DateTimeOffset.UtcNow, members, reserve, summaries);
    }

    /// <summary>
    /// Stratum key: the values of the strata columns joined by " | "; "(all)" without strata. A column
    /// naming a frame field by any alias (group/nhóm, unit/đơn vị, cluster1/xã…) reads that field;
    /// any other name reads the frame's strata column of that name.
    /// </summary>
    public static string StratumKey(FrameRecord r, IReadOnlyList<string> columns)
    {
        if (columns.Count == 0) return "(all)";
        return string.Join(" | ", columns.Select(c => FrameColumns.Match(c) switch
        {
            FrameField.Group => r.GroupCode,
            FrameField.Unit => r.UnitCode,
            FrameField.Cluster1 => r.Cluster1 ?? "",
            FrameField.Cluster2 => r.Cluster2 ?? "",
            FrameField.Cluster3 => r.Cluster3 ?? "",
            _ => r.Strata.FirstOrDefault(p => FrameColumns.Key(p.Key) == FrameColumns.Key(c)).Value ?? "",
        }));
    }

    /// <summary>First-stage sample size per stratum from the allocation, the size formula or the stage count.</summary>
    private static int[] StratumSizes(SampleDesign design, List<string> keys, List<int> available)
    {
        var first = design.Stages[0];
        var a = design.Allocation;
        if (first.SelectionMethod == SelectionMethod.Census) return available.ToArray();
        if (a is null) return available.Select(n => Math.Min(first.Count ?? n, n)).ToArray();
        if (a.Formula is not null)
            return available.Select(n => n == 0 ? 0 : SampleSize.Compute(a.Formula.ToSpec(n)).Issued).ToArray();
        var specs = keys.Select((k, h) => new StratumSpec(k, available[h],
            a.StdDev.TryGetValue(k, out var sd) ? sd : 0, a.Cost.TryGetValue(k, out var c) ? c : 1)).ToList();
        return Allocation.Allocate(specs, Math.Min(a.Total!.Value, available.Sum()), Sampling.Allocation.ParseMethod(a.Method), a.Minimum)
            .Select(x => x.Size).ToArray();
    }

    private sealed record Unit(string Id, List<FrameRecord> Rows, double Size);

    /// <summary>The units of a stage within a parent: clusters (in order of first appearance) or rows.</summary>
    private static List<Unit> Units(List<FrameRecord> rows, StageDesign stage)
    {
        if (stage.Cluster is null)
            return rows.Select(r => new Unit(r.Id, [r], r.SizeMeasure ?? 0)).ToList();
        var level = stage.ClusterLevel;
        var sum = stage.SizeFrom == ClusterSize.SumOfSizes;
        var byId = new Dictionary<string, Unit>(StringComparer.Ordinal);
        var order = new List<Unit>();
        foreach (var r in rows)
        {
            var path = string.Join('/', Enumerable.Range(1, level).Select(l => r.Cluster(l) ?? ""));
            if (!byId.TryGetValue(path, out var u)) { u = new Unit(path, [], 0); byId[path] = u; order.Add(u); }
            u.Rows.Add(r);
        }
        return order.Select(u => u with { Size = sum ? u.Rows.Sum(r => r.SizeMeasure ?? 0) : u.Rows.Count }).ToList();
    }

    private static void SelectStage(SampleDesign design, int s, string stratum, List<Unit> units, int n,
        List<StageInclusion> parents, string pool, SamplingRandom rng, List<SampleMember> members, List<ReserveMember> reserve)
    {
        var stage = design.Stages[s];
        var method = stage.SelectionMethod;
        var N = units.Count;
        n = method == SelectionMethod.Census ? N : Math.Min(n, N);
        double[] pik;
        if (method.UsesSize())
        {
            if (units.Any(u => !(u.Size > 0)))
                throw new InvalidOperationException($"Stratum '{stratum}', stage {s + 1}: πps needs a positive size for every unit; '{units.First(u => !(u.Size > 0)).Id}' has none.");
            pik = InclusionProbabilities.Compute(units.Select(u => u.Size).ToArray(), n);
        }
        else
        {
            pik = new double[N];
            Array.Fill(pik, N == 0 ? 0 : (double)n / N);
        }
        var chosen = N == 0 || n == 0 ? [] : Selection.Select(method, pik, n, rng);
        var last = s == design.Stages.Count - 1;
        var selected = new bool[N];
        foreach (var k in chosen)
        {
            selected[k] = true;
            var inclusion = new StageInclusion(s + 1, units[k].Id, pik[k], N, chosen.Length, method);
            var path = new List<StageInclusion>(parents) { inclusion };
            if (last)
            {
                foreach (var row in units[k].Rows) members.Add(new SampleMember(row, stratum, pool, path));
            }
            else
            {
                var next = design.Stages[s + 1];
                var children = Units(units[k].Rows, next);
                SelectStage(design, s + 1, stratum, children, next.Count ?? children.Count, path, stratum + " | " + units[k].Id, rng, members, reserve);
            }
        }
        if (!last) return;

        // Reserve: a uniformly random ordered subset of the units not selected (SRS, then shuffled).
        var rest = Enumerable.Range(0, N).Where(k => !selected[k]).ToList();
        var size = design.Reserve.Ratio is { } ratio ? Math.Min(SampleSize.RoundUp(ratio * chosen.Length), rest.Count) : rest.Count;
        if (size == 0) return;
        var picked = Selection.Srs(rest.Count, size, rng).Select(i => rest[i]).ToList();
        rng.Shuffle(picked);
        var rank = 0;
        foreach (var k in picked)
        {
            rank++;
            foreach (var row in units[k].Rows) reserve.Add(new ReserveMember(row, stratum, pool, rank));
        }
    }

    internal static string Format(double x) => x.ToString("R", CultureInfo.InvariantCulture);
}
