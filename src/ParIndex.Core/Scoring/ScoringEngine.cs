using ParIndex.Core.Domain;
using ParIndex.Core.Estimation;
using ParIndex.Core.Questionnaires;

namespace ParIndex.Core.Scoring;

/// <summary>
/// Scores a round: design-based shares per unit × respondent group × target with Taylor-linearised variances
/// (full design kept, R's <c>svyby</c>), groups combined with configured weights, survey points per survey
/// sub-criterion, SIPAS elements, fields and index, fusion with appraised points into the 100-point index, ranks with
/// simulated rank intervals, and the k-anonymity flags. Formulas: docs/methodology.md § Index scoring.
/// </summary>
public static class ScoringEngine
{
    public static readonly string[] ServiceElements = ["access", "procedure", "civil_servant", "result", "feedback"];
    public static readonly string[] PolicyElements = ["policy_info", "policy_participation", "policy_implementation", "policy_result"];

    /// <summary>A share over rows: the row positions (ascending, into the rows it was computed on), its influence values and the estimate.</summary>
    private sealed record Stat(double Value, int[] Pos, double[] Z, int Respondents);

    private sealed class CellRows
    {
        public readonly List<int> Pos = [];
        public readonly List<double> Num = [];
        public readonly List<double> Den = [];
    }

    public static ScoringResult Score(ScoringData data, IReadOnlyList<ScoringCriterion> criteria, IReadOnlyList<AppraisalScore> appraisals, ScoringConfiguration configuration) =>
        Score(data, criteria, appraisals, configuration, null);

    /// <summary>
    /// As the overload without <paramref name="approved"/>, with the council-approved self-assessment appraisal of units
    /// (keyed by unit code). A unit's appraisal half is its approved appraisal when it has one, else its imported
    /// <paramref name="appraisals"/> (or the import first when <see cref="ScoringConfiguration.PreferImportedAppraisal"/>);
    /// a unit with neither has no index and is not ranked.
    /// </summary>
    public static ScoringResult Score(ScoringData data, IReadOnlyList<ScoringCriterion> criteria, IReadOnlyList<AppraisalScore> appraisals, ScoringConfiguration configuration,
        IReadOnlyDictionary<string, UnitAppraisal>? approved)
    {
        ArgumentNullException.ThrowIfNull(data);
        ArgumentNullException.ThrowIfNull(configuration);
        var allWarnings = new List<string>();
        var design = CreateDesign(data, configuration);
        var sipasCodes = ScoringTargets.SipasElements.Select(e => e.Code).Concat(configuration.SipasIndexElements).ToHashSet(StringComparer.Ordinal);
        var targetIndex = data.Targets.Select((t, i) => (t, i)).ToDictionary(p => p.t, p => p.i, StringComparer.Ordinal);
        var pooledTarget = targetIndex.TryGetValue(ScoringData.PooledSipasTarget, out var pt) ? pt : -1;
        var groupWeights = data.Groups.Select(configuration.GroupWeight).ToArray();
        var T = data.Targets.Count;
        var G = data.Groups.Count;

        // Rows of each unit, ascending.
        var unitRows = GroupRows(data.Unit, data.Units.Count);
        var leavesByType = SurveyLeaves(criteria);
        var allCells = new List<CellEstimate>();
        var scores = new List<UnitScore>();
        var perUnit = new (List<CellEstimate> Cells, UnitScore Score, List<string> Warnings)[data.Units.Count];
        var finalAppraisal = appraisals.GroupBy(a => (a.UnitCode, a.CriterionCode)).ToDictionary(g => g.Key, g => g.OrderByDescending(a => a.AppraisalRound).First().Points);
        var appraisalLeaves = AppraisalLeaves(criteria);

        // Units are independent given the design (variance scratch is per thread): score them in parallel, then
        // gather in unit order so the result does not depend on scheduling.
        Parallel.For(0, data.Units.Count, u =>
        {
            var cells = new List<CellEstimate>();
            var warnings = new List<string>();
            var unit = data.Units[u];
            var rows = unitRows[u];
            var cellRows = new CellRows?[G * T];
            var answered = 0;
            for (var k = 0; k < rows.Length; k++)
            {
                var r = rows[k];
                var g = data.Group[r];
                if (data.RowEnd[r] > data.RowStart[r]) answered++;
                for (var e = data.RowStart[r]; e < data.RowEnd[r]; e++)
                {
                    var c = cellRows[g * T + data.EntryTarget[e]] ??= new CellRows();
                    c.Pos.Add(k);
                    c.Num.Add(data.EntryNumerator[e]);
                    c.Den.Add(data.EntryDenominator[e]);
                }
            }

            // Cells (unit × group × target) and the unit-level combination of groups per target.
            var byTarget = new Stat?[T];
            var unitEstimates = new Estimate?[T];
            for (var t = 0; t < T; t++)
            {
                var parts = new List<(Stat Stat, double Weight)>();
                for (var g = 0; g < G; g++)
                {
                    if (cellRows[g * T + t] is not { } c) continue;
                    var stat = t == pooledTarget ? RatioStat(data, rows, c) : MeanStat(data, rows, c);
                    if (t != pooledTarget)
                    {
                        var est = ToEstimate(design, rows, stat, configuration, sipasCodes.Contains(data.Targets[t]), data);
                        cells.Add(new CellEstimate(unit.Code, data.Groups[g], data.Targets[t], est with { Suppressed = stat.Respondents < configuration.MinCellSize }));
                    }
                    if (groupWeights[g] > 0) parts.Add((stat, groupWeights[g]));
                }
                if (parts.Count == 0) continue;
                var omega = parts.Sum(p => p.Weight);
                byTarget[t] = Combine(rows.Length, parts.Select(p => (p.Stat, p.Weight / omega)).ToList());
                unitEstimates[t] = ToEstimate(design, rows, byTarget[t]!, configuration, sipasCodes.Contains(data.Targets[t]) || t == pooledTarget, data);
            }

            // Survey points per survey leaf, and their total.
            var criterionPoints = new List<CriterionPoints>();
            var totalParts = new List<(Stat, double)>();
            var totalComplete = true;
            foreach (var leaf in leavesByType.TryGetValue(unit.UnitType, out var ls) ? ls : [])
            {
                var target = SourceTarget(leaf.Code, targetIndex);
                var max = (double)leaf.MaxPoints;
                if (target is null || byTarget[targetIndex[target]] is not { } share)
                {
                    totalComplete = false;
                    warnings.Add(target is null
                        ? $"{unit.Code}: không có câu hỏi nào cho tiêu chí điều tra {leaf.Code}."
                        : $"{unit.Code}: không có câu trả lời nào cho tiêu chí {leaf.Code}.");
                    criterionPoints.Add(new CriterionPoints(leaf.Code, leaf.Name, target, leaf.MaxPoints, Estimate.Missing, Estimate.Missing));
                    continue;
                }
                var se = unitEstimates[targetIndex[target]]!;
                criterionPoints.Add(new CriterionPoints(leaf.Code, leaf.Name, target, leaf.MaxPoints, se,
                    se with { Value = se.Value * max, StandardError = se.StandardError * max, Lower = se.Lower * max, Upper = se.Upper * max }));
                totalParts.Add((share, max));
            }
            var surveyTotal = totalComplete && totalParts.Count > 0
                ? ToEstimate(design, rows, Combine(rows.Length, totalParts), configuration, false, data)
                : Estimate.Missing;

            // SIPAS: elements, fields, index.
            var sipas = new List<SipasFigure>();
            foreach (var code in ScoringTargets.SipasElements.Select(e => e.Code).Concat(configuration.SipasIndexElements).Distinct())
            {
                if (targetIndex.TryGetValue(code, out var t) && unitEstimates[t] is { } est) sipas.Add(new SipasFigure(code, est));
            }
            AddComposites(sipas, byTarget, targetIndex, pooledTarget, configuration, rows.Length, stat => ToEstimate(design, rows, stat, configuration, true, data));

            // Fusion with the appraisal.
            var appraisalCriteria = new Dictionary<string, decimal>(StringComparer.Ordinal);
            var al = appraisalLeaves.TryGetValue(unit.UnitType, out var found) ? found : [];
            foreach (var leaf in al)
            {
                if (finalAppraisal.TryGetValue((unit.Code, leaf.Code), out var p)) appraisalCriteria[leaf.Code] = p;
            }
            decimal? appraisalTotal = appraisalCriteria.Count > 0 ? appraisalCriteria.Values.Sum() : null;
            string? source = appraisalTotal is null ? null : AppraisalSource.File;
            if (approved is not null && approved.TryGetValue(unit.Code, out var ua) && !(configuration.PreferImportedAppraisal && appraisalTotal is not null))
            {
                appraisalCriteria = new Dictionary<string, decimal>(ua.Lines, StringComparer.Ordinal);
                appraisalTotal = ua.Total;
                source = AppraisalSource.SelfAssessment;
            }
            else if (appraisalTotal is not null && appraisalCriteria.Count < al.Count)
                warnings.Add($"{unit.Code}: thiếu điểm thẩm định của {al.Count - appraisalCriteria.Count} tiêu chí (tính là 0).");
            double? index = appraisalTotal is { } a && !double.IsNaN(surveyTotal.Value) ? (double)a + surveyTotal.Value : null;

            perUnit[u] = (cells, new UnitScore
            {
                UnitCode = unit.Code, UnitName = unit.Name, UnitType = unit.UnitType, Respondents = answered,
                SurveyCriteria = criterionPoints, SurveyPoints = surveyTotal, Sipas = sipas,
                AppraisalCriteria = appraisalCriteria, AppraisalPoints = appraisalTotal, AppraisalSource = source,
                Index = index, IndexStandardError = index is null ? null : surveyTotal.StandardError,
            }, warnings);
        });
        foreach (var (unitCells, score, unitWarnings) in perUnit)
        {
            allCells.AddRange(unitCells);
            scores.Add(score);
            allWarnings.AddRange(unitWarnings);
        }

        var known = data.Units.Select(u => u.Code).ToHashSet(StringComparer.Ordinal);
        foreach (var missing in appraisals.Select(a => a.UnitCode).Distinct().Where(c => !known.Contains(c)))
            allWarnings.Add($"Điểm thẩm định của đơn vị {missing} không thuộc đợt này, bị bỏ qua.");

        return new ScoringResult
        {
            Units = Ranking.Rank(scores, configuration),
            Cells = allCells,
            SipasByUnitType = SipasByType(data, design, targetIndex, pooledTarget, groupWeights, configuration),
            RowCount = data.RowCount,
            Warnings = allWarnings,
        };
    }

    private static SurveyDesign? CreateDesign(ScoringData data, ScoringConfiguration configuration)
    {
        var psu = new int[data.RowCount];
        var distinct = new HashSet<long>();
        for (var i = 0; i < psu.Length; i++) { psu[i] = checked((int)data.Psu[i]); distinct.Add(data.Psu[i]); }
        if (distinct.Count < 2) return null;
        return SurveyDesign.Create(new SurveyDesignSpec
        {
            Weights = data.Weight, Strata = data.Stratum, Psu = psu, Fpc1 = data.Fpc, LonelyPsu = configuration.LonelyPsu,
        });
    }

    /// <summary>Hájek mean of the respondent scores y_i = num_i/den_i: ȳ = Σ w y / Σ w, influence z_i = w_i (y_i − ȳ)/Σ w.</summary>
    private static Stat MeanStat(ScoringData data, int[] rows, CellRows c)
    {
        double sw = 0, swy = 0;
        for (var k = 0; k < c.Pos.Count; k++)
        {
            var w = data.Weight[rows[c.Pos[k]]];
            sw += w;
            swy += w * c.Num[k] / c.Den[k];
        }
        var mean = swy / sw;
        var z = new double[c.Pos.Count];
        for (var k = 0; k < z.Length; k++) z[k] = data.Weight[rows[c.Pos[k]]] * (c.Num[k] / c.Den[k] - mean) / sw;
        return new Stat(mean, c.Pos.ToArray(), z, c.Pos.Count);
    }

    /// <summary>Ratio R = Σ w num / Σ w den (pooled items), influence z_i = w_i (num_i − R den_i)/Σ w den.</summary>
    private static Stat RatioStat(ScoringData data, int[] rows, CellRows c)
    {
        double swn = 0, swd = 0;
        for (var k = 0; k < c.Pos.Count; k++)
        {
            var w = data.Weight[rows[c.Pos[k]]];
            swn += w * c.Num[k];
            swd += w * c.Den[k];
        }
        var ratio = swn / swd;
        var z = new double[c.Pos.Count];
        for (var k = 0; k < z.Length; k++) z[k] = data.Weight[rows[c.Pos[k]]] * (c.Num[k] - ratio * c.Den[k]) / swd;
        return new Stat(ratio, c.Pos.ToArray(), z, c.Pos.Count);
    }

    /// <summary>Σ a_j θ_j with influence Σ a_j z_j over the union of positions (0 … <paramref name="length"/>−1).</summary>
    private static Stat Combine(int length, IReadOnlyList<(Stat Stat, double Coefficient)> parts)
    {
        var dense = new double[length];
        var mark = new bool[length];
        var value = 0.0;
        var respondents = 0;
        foreach (var (s, a) in parts)
        {
            value += a * s.Value;
            for (var k = 0; k < s.Pos.Length; k++) { dense[s.Pos[k]] += a * s.Z[k]; mark[s.Pos[k]] = true; }
        }
        var pos = new List<int>();
        for (var k = 0; k < length; k++) if (mark[k]) pos.Add(k);
        respondents = pos.Count;
        return new Stat(value, pos.ToArray(), pos.Select(k => dense[k]).ToArray(), respondents);
    }

    private static Estimate ToEstimate(SurveyDesign? design, int[] rows, Stat stat, ScoringConfiguration configuration, bool proportion, ScoringData data)
    {
        if (design is null || stat.Pos.Length == 0) return new Estimate(stat.Value, double.NaN, double.NaN, double.NaN, stat.Respondents, false);
        var global = new int[stat.Pos.Length];
        for (var k = 0; k < global.Length; k++) global[k] = rows[stat.Pos[k]];
        var variance = design.LinearisedVariance(stat.Z, global);
        var df = DegreesOfFreedom(data, global);
        var se = Math.Sqrt(variance);
        var level = configuration.ConfidenceLevel;
        if (!(variance > 0)) return new Estimate(stat.Value, se, stat.Value, stat.Value, stat.Respondents, false);
        double lower, upper;
        if (proportion && stat.Value > 0 && stat.Value < 1 && df >= 1)
        {
            // Logit interval, as ConfidenceIntervals.Proportion(…, Logit) (R's svyciprop "logit"), with the t quantile cached per df.
            var q = TQuantile(df, level);
            var eta = Math.Log(stat.Value / (1 - stat.Value));
            var seEta = se / (stat.Value * (1 - stat.Value));
            (lower, upper) = (Expit(eta - q * seEta), Expit(eta + q * seEta));
        }
        else if (proportion && df >= 1)
        {
            var ci = ConfidenceIntervals.Proportion(stat.Value, variance, df, stat.Respondents, level, ProportionIntervalMethod.KornGraubard);
            (lower, upper) = (ci.Lower, ci.Upper);
        }
        else
        {
            var q = df >= 1 ? TQuantile(df, level) : ConfidenceIntervals.Wald(0, 1, 1, level, IntervalMethod.Normal).Upper;
            (lower, upper) = (stat.Value - q * se, stat.Value + q * se);
        }
        return new Estimate(stat.Value, se, lower, upper, stat.Respondents, false);
    }

    private static double Expit(double x) => 1 / (1 + Math.Exp(-x));

    private static readonly System.Collections.Concurrent.ConcurrentDictionary<(int, double), double> Quantiles = new();

    /// <summary>t_{df, 1−α/2}, cached: thousands of cells share a handful of df.</summary>
    private static double TQuantile(int df, double level) =>
        Quantiles.GetOrAdd((df, level), key => ConfidenceIntervals.Wald(0, 1, key.Item1, key.Item2, IntervalMethod.T).Upper);

    [ThreadStatic] private static int[]? psuMark, stratumMark;
    [ThreadStatic] private static int stamp;

    /// <summary>Design df of a domain: distinct PSUs − distinct strata among its rows (as SurveyDesign.DegreesOfFreedomIn; every weight is positive here).</summary>
    private static int DegreesOfFreedom(ScoringData data, int[] rows)
    {
        var psuCount = data.PsuCount;
        if (psuMark is null || psuMark.Length < psuCount) psuMark = new int[psuCount];
        if (stratumMark is null || stratumMark.Length < data.StrataCount) stratumMark = new int[data.StrataCount];
        if (++stamp == int.MaxValue) { Array.Clear(psuMark); Array.Clear(stratumMark); stamp = 1; }
        int p = 0, h = 0;
        foreach (var r in rows)
        {
            var psu = (int)data.Psu[r];
            if (psuMark[psu] != stamp) { psuMark[psu] = stamp; p++; }
            var st = data.Stratum[r];
            if (stratumMark[st] != stamp) { stratumMark[st] = stamp; h++; }
        }
        return p - h;
    }

    /// <summary>Fields ("service", "policy") as the mean of their elements, and the index ("sipas") as configured.</summary>
    private static void AddComposites(List<SipasFigure> sipas, Stat?[] byTarget, Dictionary<string, int> targetIndex, int pooledTarget,
        ScoringConfiguration configuration, int length, Func<Stat, Estimate> estimate)
    {
        Stat? MeanOf(IEnumerable<string> codes)
        {
            var parts = codes.Where(targetIndex.ContainsKey).Select(c => byTarget[targetIndex[c]]).Where(s => s is not null).Select(s => s!).ToList();
            return parts.Count == 0 ? null : Combine(length, parts.Select(p => (p, 1.0 / parts.Count)).ToList());
        }
        if (MeanOf(ServiceElements) is { } service) sipas.Add(new SipasFigure("service", estimate(service)));
        if (MeanOf(PolicyElements) is { } policy) sipas.Add(new SipasFigure("policy", estimate(policy)));
        var index = configuration.SipasAggregation == SipasAggregation.ItemWeighted
            ? (pooledTarget >= 0 ? byTarget[pooledTarget] : null)
            : MeanOf(configuration.SipasIndexElements);
        if (index is not null) sipas.Add(new SipasFigure("sipas", estimate(index)));
    }

    /// <summary>SIPAS of each unit type as a whole: every row of the type's units, groups combined with their weights.</summary>
    private static Dictionary<string, IReadOnlyList<SipasFigure>> SipasByType(ScoringData data, SurveyDesign? design, Dictionary<string, int> targetIndex,
        int pooledTarget, double[] groupWeights, ScoringConfiguration configuration)
    {
        var result = new Dictionary<string, IReadOnlyList<SipasFigure>>(StringComparer.Ordinal);
        var sipasTargets = ScoringTargets.SipasElements.Select(e => e.Code).Concat(configuration.SipasIndexElements).Distinct()
            .Where(targetIndex.ContainsKey).Select(c => targetIndex[c]).ToList();
        if (pooledTarget >= 0) sipasTargets.Add(pooledTarget);
        var wanted = sipasTargets.ToHashSet();
        foreach (var type in data.Units.Select(u => u.UnitType).Distinct())
        {
            var rows = Enumerable.Range(0, data.RowCount).Where(r => data.Unit[r] >= 0 && data.Units[data.Unit[r]].UnitType == type).ToArray();
            var T = data.Targets.Count;
            var cellRows = new Dictionary<int, CellRows>();
            for (var k = 0; k < rows.Length; k++)
            {
                var r = rows[k];
                for (var e = data.RowStart[r]; e < data.RowEnd[r]; e++)
                {
                    var t = data.EntryTarget[e];
                    if (!wanted.Contains(t)) continue;
                    var key = data.Group[r] * T + t;
                    if (!cellRows.TryGetValue(key, out var c)) cellRows[key] = c = new CellRows();
                    c.Pos.Add(k); c.Num.Add(data.EntryNumerator[e]); c.Den.Add(data.EntryDenominator[e]);
                }
            }
            if (cellRows.Count == 0) continue;
            var byTarget = new Stat?[T];
            foreach (var t in sipasTargets)
            {
                var parts = new List<(Stat, double)>();
                for (var g = 0; g < data.Groups.Count; g++)
                {
                    if (groupWeights[g] > 0 && cellRows.TryGetValue(g * T + t, out var c))
                        parts.Add((t == pooledTarget ? RatioStat(data, rows, c) : MeanStat(data, rows, c), groupWeights[g]));
                }
                if (parts.Count == 0) continue;
                var omega = parts.Sum(p => p.Item2);
                byTarget[t] = Combine(rows.Length, parts.Select(p => (p.Item1, p.Item2 / omega)).ToList());
            }
            var figures = new List<SipasFigure>();
            foreach (var t in sipasTargets.Where(t => t != pooledTarget && byTarget[t] is not null))
                figures.Add(new SipasFigure(data.Targets[t], ToEstimate(design, rows, byTarget[t]!, configuration, true, data)));
            AddComposites(figures, byTarget, targetIndex, pooledTarget, configuration, rows.Length, s => ToEstimate(design, rows, s, configuration, true, data));
            result[type] = figures;
        }
        return result;
    }

    /// <summary>The target whose share scores a survey leaf: the leaf's own code, else its nearest ancestor that questionnaire items target ("3.2.2" ← "3.2").</summary>
    public static string? SourceTarget(string leafCode, IReadOnlyDictionary<string, int> targets)
    {
        for (var code = leafCode; ; )
        {
            if (targets.ContainsKey(code)) return code;
            var dot = code.LastIndexOf('.');
            if (dot <= 0) return null;
            code = code[..dot];
        }
    }

    private static Dictionary<string, List<ScoringCriterion>> SurveyLeaves(IReadOnlyList<ScoringCriterion> criteria) =>
        Leaves(criteria).Where(c => c.Component == ScoreComponent.Survey).GroupBy(c => c.UnitType).ToDictionary(g => g.Key, g => g.ToList(), StringComparer.Ordinal);

    private static Dictionary<string, List<ScoringCriterion>> AppraisalLeaves(IReadOnlyList<ScoringCriterion> criteria) =>
        Leaves(criteria).Where(c => c.Component == ScoreComponent.Appraisal).GroupBy(c => c.UnitType).ToDictionary(g => g.Key, g => g.ToList(), StringComparer.Ordinal);

    /// <summary>Criteria without children in their unit type's tree, in the given order.</summary>
    public static IEnumerable<ScoringCriterion> Leaves(IReadOnlyList<ScoringCriterion> criteria)
    {
        var parents = criteria.Where(c => c.Code.Contains('.')).Select(c => (c.UnitType, c.Code[..c.Code.LastIndexOf('.')])).ToHashSet();
        return criteria.Where(c => !parents.Contains((c.UnitType, c.Code)));
    }

    private static int[][] GroupRows(int[] codes, int count)
    {
        var counts = new int[count];
        foreach (var c in codes) if (c >= 0) counts[c]++;
        var result = new int[count][];
        for (var i = 0; i < count; i++) result[i] = new int[counts[i]];
        Array.Clear(counts);
        for (var r = 0; r < codes.Length; r++) if (codes[r] >= 0) result[codes[r]][counts[codes[r]]++] = r;
        return result;
    }
}
