using ParIndex.Core.Domain;

namespace ParIndex.Core.Scoring;

/// <summary>An evaluated unit as scoring sees it.</summary>
public sealed record ScoringUnit(int Id, string Code, string Name, string UnitType);

/// <summary>A node of a unit type's criteria tree with its maximum points (leaves carry the points).</summary>
public sealed record ScoringCriterion(string UnitType, string Code, string Name, decimal MaxPoints, ScoreComponent Component);

/// <summary>An appraised self-assessment score of one unit on one appraisal criterion, from appraisal round 1 or 2.</summary>
public sealed record AppraisalScore(string UnitCode, string CriterionCode, int AppraisalRound, decimal Points);

/// <summary>
/// The council-approved appraisal of one unit from the self-assessment (#11): points per line (appraisal sub-criteria,
/// bonus lines, penalty lines as negative points) and the appraisal half, <c>max(0, Σ lines)</c>.
/// </summary>
public sealed record UnitAppraisal(string UnitCode, IReadOnlyDictionary<string, decimal> Lines, decimal Total);

/// <summary>Where a unit's appraisal points in a score run came from.</summary>
public static class AppraisalSource
{
    /// <summary>The council-approved self-assessment appraisal, read from ParIndex's own tables.</summary>
    public const string SelfAssessment = "self-assessment";

    /// <summary>Appraised scores imported from a file (AppraisedScore rows).</summary>
    public const string File = "file";
}

/// <summary>
/// The responses of a round in the columnar form the estimators need: one row per (response, rated unit) with the
/// respondent's design (stratum, PSU, weight, first-stage population size) and, per scoring target, the numerator
/// Σ item weight × score and denominator Σ item weight over the items the respondent answered (don't-know excluded).
/// Rows are stored target-sparse (CSR) so 1M responses × 40 items fit in memory.
/// </summary>
public sealed class ScoringData
{
    /// <summary>Pseudo-target that pools every item of the SIPAS index elements (item-weighted aggregation).</summary>
    public const string PooledSipasTarget = "*sipas-items";

    internal ScoringData(IReadOnlyList<ScoringUnit> units, IReadOnlyList<string> groups, IReadOnlyList<string> targets,
        int[] unit, int[] group, int[] stratum, long[] psu, double[] weight, double[]? fpc, int[] rowStart, int[] rowEnd, int[] entryTarget, double[] entryNum, double[] entryDen,
        int[] respondent, string[] dimensions, string[][] dimensionValues, int[][] attribute, IReadOnlyDictionary<string, string> labels)
    {
        Units = units; Groups = groups; Targets = targets;
        Unit = unit; Group = group; Stratum = stratum; Psu = psu; Weight = weight; Fpc = fpc; Respondent = respondent;
        RowStart = rowStart; RowEnd = rowEnd; EntryTarget = entryTarget; EntryNumerator = entryNum; EntryDenominator = entryDen;
        Dimensions = dimensions; DimensionValueArray = dimensionValues; Attribute = attribute; Labels = labels;
    }

    /// <summary>The SIPAS breakdown items ("field", "channel"): the dimensions rows carry an answer of.</summary>
    public IReadOnlyList<string> Dimensions { get; }

    /// <summary>Per dimension, the answer codes seen, in order of first appearance.</summary>
    public IReadOnlyList<IReadOnlyList<string>> DimensionValues => DimensionValueArray;

    internal string[][] DimensionValueArray { get; }

    /// <summary>Per dimension d and row r, the index into <see cref="DimensionValues"/>[d] of the row's answer, or −1 when it has none.</summary>
    internal int[][] Attribute { get; }

    /// <summary>Names of figure codes for display ("field:health" → "Y tế, dược"), from the questionnaires' choice labels.</summary>
    public IReadOnlyDictionary<string, string> Labels { get; }

    public IReadOnlyList<ScoringUnit> Units { get; }
    public IReadOnlyList<string> Groups { get; }
    public IReadOnlyList<string> Targets { get; }
    public int RowCount => Unit.Length;
    internal int PsuCount { get; init; }
    internal int StrataCount { get; init; }
    internal int[] Unit { get; }
    internal int[] Group { get; }
    internal int[] Stratum { get; }
    internal long[] Psu { get; }
    /// <summary>Row r's respondent (0 … distinct respondent keys − 1): an official rating many units has one row per unit, one respondent.</summary>
    internal int[] Respondent { get; }
    internal int RespondentCount { get; init; }
    internal double[] Weight { get; }
    internal double[]? Fpc { get; }
    /// <summary>Row r's entries are <c>[RowStart[r], RowEnd[r])</c> of the entry arrays (stored in the order rows were added).</summary>
    internal int[] RowStart { get; }
    internal int[] RowEnd { get; }
    internal int[] EntryTarget { get; }
    internal double[] EntryNumerator { get; }
    internal double[] EntryDenominator { get; }
}

/// <summary>Collects rows for <see cref="ScoringData"/>. Not thread-safe.</summary>
public sealed class ScoringDataBuilder
{
    private readonly IReadOnlyList<ScoringUnit> units;
    private readonly Dictionary<int, int> unitIndex;
    private readonly List<string> groups = [];
    private readonly Dictionary<string, int> groupIndex = new(StringComparer.Ordinal);
    private readonly List<string> targets = [];
    private readonly Dictionary<string, int> targetIndex = new(StringComparer.Ordinal);
    private readonly HashSet<string> pooled;
    private readonly Dictionary<string, int> strata = new(StringComparer.Ordinal);
    // PSU key: (stratum, PSU code) or, without a PSU code, (stratum, null, respondent key): no string built per row.
    private readonly Dictionary<(int Stratum, string? Psu, string? Respondent), long> psus = [];
    private readonly Dictionary<string, int> respondentIndex = new(StringComparer.Ordinal);
    private readonly List<int> unit = [], group = [], stratum = [], respondent = [], rowStart = [0];
    private readonly List<long> psu = [];
    private readonly List<double> weight = [], fpc = [];
    // The entries (tens of millions for a national round) stay where they were added: Build hands these arrays over
    // rather than copying them into unit order, which cost more than a second of page faults and copying per million rows.
    private readonly Growing<int> entryTarget = new();
    private readonly Growing<double> entryNum = new(), entryDen = new();
    private bool allFpc = true;
    private double[] num = new double[16], den = new double[16];
    private readonly List<int> touched = [];
    // SIPAS breakdowns: per dimension, each row's answer as an index into that dimension's codes (−1: none).
    private readonly string[] dimensions;
    private readonly List<string>[] dimensionValues;
    private readonly Dictionary<string, int>[] dimensionIndex;
    private readonly List<int>[] attribute;
    private readonly Dictionary<string, string> labels = new(StringComparer.Ordinal);

    public ScoringDataBuilder(IReadOnlyList<ScoringUnit> units, ScoringConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        this.units = units;
        unitIndex = units.Select((u, i) => (u.Id, i)).ToDictionary(p => p.Id, p => p.i);
        pooled = configuration.SipasIndexElements.ToHashSet(StringComparer.Ordinal);
        dimensions = configuration.SipasBreakdowns.Select(b => b.Item).Distinct(StringComparer.Ordinal).ToArray();
        dimensionValues = dimensions.Select(_ => new List<string>()).ToArray();
        dimensionIndex = dimensions.Select(_ => new Dictionary<string, int>(StringComparer.Ordinal)).ToArray();
        attribute = dimensions.Select(_ => new List<int>()).ToArray();
    }

    /// <summary>Names a figure code for display (first name given wins): "field:health" → "Y tế, dược".</summary>
    public void Label(string code, string name)
    {
        if (!string.IsNullOrWhiteSpace(name)) labels.TryAdd(code, name);
    }

    private void AddAttribute(int d, string? value)
    {
        if (value is null) { attribute[d].Add(-1); return; }
        if (!dimensionIndex[d].TryGetValue(value, out var v)) { v = dimensionValues[d].Count; dimensionIndex[d][value] = v; dimensionValues[d].Add(value); }
        attribute[d].Add(v);
    }

    /// <summary>
    /// Adds one row. <paramref name="psu"/> null makes the respondent its own PSU (identified by <paramref name="respondentKey"/>);
    /// a null stratum is one stratum for all such rows. Rows of one respondent (several rated units) share the PSU.
    /// </summary>
    /// <param name="attributes">The row's answers to the SIPAS breakdown items, by item id (missing or null: none).</param>
    public void Add(string groupCode, int? unitId, string? stratumCode, string? psuCode, string respondentKey, double designWeight, double? populationSize, IEnumerable<TargetScore> scores,
        IReadOnlyDictionary<string, string?>? attributes = null)
    {
        AddDesign(groupCode, unitId, stratumCode, psuCode, respondentKey, designWeight, populationSize);
        for (var d = 0; d < dimensions.Length; d++)
            AddAttribute(d, attributes is not null && attributes.TryGetValue(dimensions[d], out var v) && !string.IsNullOrWhiteSpace(v) ? v : null);
        foreach (var sc in scores)
        {
            Accumulate(sc.Target, sc.Score, sc.Weight);
            if (pooled.Contains(sc.Target)) Accumulate(ScoringData.PooledSipasTarget, sc.Score, sc.Weight);
        }
        EndRow();
    }

    private Dictionary<string, Dictionary<int, double>>? assignments;

    /// <summary>
    /// Declares a matrix design's assignment (<see cref="Sampling.MatrixAssignment"/>): <paramref name="respondentKey"/> was
    /// asked to rate unit <paramref name="unitId"/> with probability <paramref name="probability"/> = π_{u|i}. Rows of a member
    /// with assignments are then, per rated unit u, a second phase of sampling: stratum (first-phase stratum, u), the member as
    /// its PSU, weight w_i/π_{u|i}, the first-phase population size kept as the fpc — given r_u raters, an SRS of the members
    /// (docs/methodology.md § 12). A rating of a unit not assigned to the member stays in the design but scores no unit
    /// (<see cref="UnassignedRows"/>). Declare every assignment before adding rows.
    /// </summary>
    public void Assign(string respondentKey, int unitId, double probability)
    {
        ArgumentNullException.ThrowIfNull(respondentKey);
        if (!(probability > 0 && probability <= 1)) throw new ArgumentOutOfRangeException(nameof(probability), $"An assignment probability must be in (0, 1] (respondent {respondentKey}).");
        assignments ??= new(StringComparer.Ordinal);
        if (!assignments.TryGetValue(respondentKey, out var mine)) assignments[respondentKey] = mine = [];
        mine[unitId] = probability;
    }

    /// <summary>Rows of matrix-design members rating a unit they were not assigned (kept in the design, scored for no unit).</summary>
    public int UnassignedRows { get; private set; }

    private void AddDesign(string groupCode, int? unitId, string? stratumCode, string? psuCode, string respondentKey, double designWeight, double? populationSize)
    {
        if (!(designWeight > 0) || double.IsInfinity(designWeight)) throw new ArgumentException($"Design weight must be positive (respondent {respondentKey}).");
        if (assignments is not null && unitId is { } rated && assignments.TryGetValue(respondentKey, out var mine))
        {
            if (mine.TryGetValue(rated, out var pi))
            {
                // The unit separator cannot occur in a stratum code typed by a person or read from a frame.
                stratumCode = $"{stratumCode}\u001Fmatrix:{rated.ToString(System.Globalization.CultureInfo.InvariantCulture)}";
                designWeight /= pi;
            }
            else
            {
                unitId = null;
                UnassignedRows++;
            }
        }
        if (!groupIndex.TryGetValue(groupCode, out var g)) { g = groups.Count; groupIndex[groupCode] = g; groups.Add(groupCode); }
        unit.Add(unitId is { } id && unitIndex.TryGetValue(id, out var u) ? u : -1);
        group.Add(g);
        var s = stratumCode ?? "";
        if (!strata.TryGetValue(s, out var h)) { h = strata.Count; strata[s] = h; }
        stratum.Add(h);
        var pkey = (h, psuCode, psuCode is null ? respondentKey : null);
        if (!psus.TryGetValue(pkey, out var p)) { p = psus.Count; psus[pkey] = p; }
        psu.Add(p);
        if (!respondentIndex.TryGetValue(respondentKey, out var who)) { who = respondentIndex.Count; respondentIndex[respondentKey] = who; }
        respondent.Add(who);
        weight.Add(designWeight);
        if (populationSize is { } N && N >= 1) fpc.Add(N); else { allFpc = false; fpc.Add(double.NaN); }
    }

    private void EndRow()
    {
        touched.Sort();
        foreach (var t in touched)
        {
            entryTarget.Add(t); entryNum.Add(num[t]); entryDen.Add(den[t]);
            num[t] = 0; den[t] = 0;
        }
        touched.Clear();
        rowStart.Add(entryTarget.Count);
    }

    private readonly Dictionary<ItemScorer, (int[]?[] Target, bool[] Pooled)> scorerTargets = new(ReferenceEqualityComparer.Instance);
    private int pooledIndex = -1;

    /// <summary>
    /// Adds one row whose answers were read into <paramref name="answers"/> (<see cref="AnswerRow"/>): the same row
    /// as <see cref="Add(string, int?, string?, string?, string, double, double?, IEnumerable{TargetScore})"/> with
    /// <c>answers.Scores()</c>, with each item's target resolved once per questionnaire version instead of per answer.
    /// </summary>
    public void Add(string groupCode, int? unitId, string? stratumCode, string? psuCode, string respondentKey, double designWeight, double? populationSize, AnswerRow answers)
    {
        ArgumentNullException.ThrowIfNull(answers);
        AddDesign(groupCode, unitId, stratumCode, psuCode, respondentKey, designWeight, populationSize);
        var values = new string?[answers.Scorer.AttributeItems.Count];
        answers.CopyAttributes(values);
        AddAttributes(answers.Scorer, values);
        var items = answers.Scorer.ItemArray;
        var map = TargetsOf(answers.Scorer);
        for (var i = 0; i < items.Length; i++)
        {
            if (!answers.TryGet(i, out var score)) continue;
            AddItem(answers.Scorer, map, items, i, score);
        }
        EndRow();
    }

    /// <summary>
    /// Adds one row from scores copied out of an <see cref="AnswerRow"/> (<see cref="AnswerRow.CopyScores"/>: one per scored
    /// item of <paramref name="scorer"/>, NaN = no score): the same row as the <see cref="AnswerRow"/> overload gives.
    /// </summary>
    public void Add(string groupCode, int? unitId, string? stratumCode, string? psuCode, string respondentKey, double designWeight, double? populationSize, ItemScorer scorer, ReadOnlySpan<double> scores) =>
        Add(groupCode, unitId, stratumCode, psuCode, respondentKey, designWeight, populationSize, scorer, scores, []);

    /// <summary>
    /// As the overload without <paramref name="attributes"/>, with the row's raw answers to the scorer's attribute items
    /// (<see cref="AnswerRow.CopyAttributes"/>, <see cref="ItemScorer.AttributeItems"/> order; empty: none).
    /// </summary>
    public void Add(string groupCode, int? unitId, string? stratumCode, string? psuCode, string respondentKey, double designWeight, double? populationSize, ItemScorer scorer,
        ReadOnlySpan<double> scores, ReadOnlySpan<string?> attributes)
    {
        ArgumentNullException.ThrowIfNull(scorer);
        AddDesign(groupCode, unitId, stratumCode, psuCode, respondentKey, designWeight, populationSize);
        AddAttributes(scorer, attributes);
        var items = scorer.ItemArray;
        var map = TargetsOf(scorer);
        for (var i = 0; i < items.Length; i++)
            if (!double.IsNaN(scores[i])) AddItem(scorer, map, items, i, scores[i]);
        EndRow();
    }

    private readonly Dictionary<ItemScorer, int[]> scorerAttributes = new(ReferenceEqualityComparer.Instance);

    /// <summary>The row's dimension values from the scorer's attribute answers (matched by item id: a scorer may ask fewer).</summary>
    private void AddAttributes(ItemScorer scorer, ReadOnlySpan<string?> values)
    {
        if (dimensions.Length == 0) return;
        if (!scorerAttributes.TryGetValue(scorer, out var at))
        {
            var items = scorer.AttributeItems;
            at = dimensions.Select(d => { for (var k = 0; k < items.Count; k++) if (items[k] == d) return k; return -1; }).ToArray();
            scorerAttributes[scorer] = at;
        }
        for (var d = 0; d < dimensions.Length; d++)
            AddAttribute(d, at[d] >= 0 && at[d] < values.Length ? values[at[d]] : null);
    }

    /// <summary>Per scored item, the indices of the targets it feeds (resolved on first use) and whether it feeds the pooled SIPAS items.</summary>
    private (int[]?[] Target, bool[] Pooled) TargetsOf(ItemScorer scorer)
    {
        var items = scorer.ItemArray;
        if (!scorerTargets.TryGetValue(scorer, out var map))
        {
            // Pooled through the item's own (questionnaire) target only: a mapping never names a SIPAS index element
            // (ScoringConfiguration.Validate), so an answer is pooled once.
            map = (new int[]?[items.Length], items.Select(i => pooled.Contains(i.Target)).ToArray());
            scorerTargets[scorer] = map;
        }
        return map;
    }

    private void AddItem(ItemScorer scorer, (int[]?[] Target, bool[] Pooled) map, (Questionnaires.Item Item, string Target, double Weight)[] items, int i, double score)
    {
        var ts = map.Target[i] ??= scorer.TargetArray[i].Select(TargetOf).ToArray();
        foreach (var t in ts) Accumulate(t, score, items[i].Weight);
        if (map.Pooled[i])
        {
            if (pooledIndex < 0) pooledIndex = TargetOf(ScoringData.PooledSipasTarget);
            Accumulate(pooledIndex, score, items[i].Weight);
        }
    }

    private int TargetOf(string target)
    {
        if (!targetIndex.TryGetValue(target, out var t))
        {
            t = targets.Count; targetIndex[target] = t; targets.Add(target);
            if (t >= num.Length) { Array.Resize(ref num, num.Length * 2); Array.Resize(ref den, den.Length * 2); }
        }
        return t;
    }

    private void Accumulate(string target, double score, double itemWeight) => Accumulate(TargetOf(target), score, itemWeight);

    private void Accumulate(int t, double score, double itemWeight)
    {
        if (den[t] == 0) touched.Add(t);
        num[t] += itemWeight * score;
        den[t] += itemWeight;
    }

    /// <summary>
    /// The collected rows, reordered so each unit's rows are contiguous (stable, rows without a unit last): the per-unit
    /// estimators then read the row arrays in order. Each row's entries stay contiguous where they were added (a row is read
    /// whole), so only the per-row arrays are moved. Row order does not change any estimate.
    /// </summary>
    public ScoringData Build()
    {
        var n = unit.Count;
        var units = this.units.Count;
        var start = new int[units + 2];
        foreach (var u in unit) start[(u < 0 ? units : u) + 1]++;
        for (var u = 0; u <= units; u++) start[u + 1] += start[u];
        var order = new int[n];
        var next = (int[])start.Clone();
        for (var r = 0; r < n; r++) order[next[unit[r] < 0 ? units : unit[r]]++] = r;

        var newUnit = new int[n]; var newGroup = new int[n]; var newStratum = new int[n]; var newPsu = new long[n]; var newWeight = new double[n]; var newRespondent = new int[n];
        var newAttribute = dimensions.Select(_ => new int[n]).ToArray();
        var newFpc = allFpc && n > 0 ? new double[n] : null;
        var newStart = new int[n]; var newEnd = new int[n];
        for (var k = 0; k < n; k++)
        {
            var r = order[k];
            newUnit[k] = unit[r]; newGroup[k] = group[r]; newStratum[k] = stratum[r]; newPsu[k] = psu[r]; newWeight[k] = weight[r]; newRespondent[k] = respondent[r];
            if (newFpc is not null) newFpc[k] = fpc[r];
            newStart[k] = rowStart[r]; newEnd[k] = rowStart[r + 1];
            for (var d = 0; d < dimensions.Length; d++) newAttribute[d][k] = attribute[d][r];
        }
        return new ScoringData(this.units, groups.ToArray(), targets.ToArray(), newUnit, newGroup, newStratum, newPsu, newWeight, newFpc, newStart, newEnd,
            entryTarget.Items, entryNum.Items, entryDen.Items, newRespondent, dimensions, dimensionValues.Select(v => v.ToArray()).ToArray(), newAttribute,
            new Dictionary<string, string>(labels, StringComparer.Ordinal))
        {
            PsuCount = psus.Count, StrataCount = strata.Count, RespondentCount = respondentIndex.Count,
        };
    }

    /// <summary>An append-only array whose backing store is handed over as it is (its tail past the count unused).</summary>
    private sealed class Growing<T>
    {
        public T[] Items = new T[1024];
        private int count;

        public int Count => count;

        public void Add(T value)
        {
            if (count == Items.Length) Array.Resize(ref Items, Items.Length * 2);
            Items[count++] = value;
        }
    }
}
