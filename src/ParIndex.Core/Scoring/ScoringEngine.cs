using ParIndex.Core.Domain;
using ParIndex.Core.Estimation;
using ParIndex.Core.Questionnaires;

namespace ParIndex.Core.Scoring;

/// <summary>
/// Scores a round: design-based shares per unit × respondent group × target with Taylor-linearised variances
/// (full design kept, R's <c>svyby</c>), groups combined with configured weights, survey points per survey
/// sub-criterion, SIPAS elements, fields and index, fusion with appraised points into the 100-point index, ranks with
/// simulated rank intervals. k-anonymity is decided here, where the figures are made: a figure from fewer than k
/// respondents is produced without numbers (<see cref="Estimate.Withheld"/>), and a unit × group × target cell under k
/// enters no other figure (<see cref="SmallCells"/>). Formulas: docs/methodology.md § Index scoring.
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
        IReadOnlyDictionary<string, UnitAppraisal>? approved) => Score(data, criteria, appraisals, configuration, approved, year: null);

    /// <summary>
    /// As the overload without <paramref name="year"/>, checking the configured targets in force in a round of
    /// <paramref name="year"/> (<see cref="IndexTarget.InForce"/>; every target when null).
    /// </summary>
    public static ScoringResult Score(ScoringData data, IReadOnlyList<ScoringCriterion> criteria, IReadOnlyList<AppraisalScore> appraisals, ScoringConfiguration configuration,
        IReadOnlyDictionary<string, UnitAppraisal>? approved, int? year)
    {
        ArgumentNullException.ThrowIfNull(data);
        ArgumentNullException.ThrowIfNull(configuration);
        var allWarnings = new List<string>();
        var design = CreateDesign(data, configuration);
        var targetIndex = data.Targets.Select((t, i) => (t, i)).ToDictionary(p => p.t, p => p.i, StringComparer.Ordinal);
        var pooledTarget = targetIndex.TryGetValue(ScoringData.PooledSipasTarget, out var pt) ? pt : -1;
        var groupWeights = data.Groups.Select(configuration.GroupWeight).ToArray();
        var T = data.Targets.Count;
        var G = data.Groups.Count;

        var k = configuration.EffectiveMinCellSize;
        // Rows of each unit, ascending.
        var unitRows = GroupRows(data.Unit, data.Units.Count);
        var leavesByType = SurveyLeaves(criteria);
        var allCells = new List<CellEstimate>();
        var scores = new List<UnitScore>();
        var perUnit = new (List<CellEstimate> Cells, UnitScore Score, List<string> Warnings)[data.Units.Count];
        var finalAppraisal = appraisals.GroupBy(a => (a.UnitCode, a.CriterionCode)).ToDictionary(g => g.Key, g => g.OrderByDescending(a => a.AppraisalRound).First().Points);
        var appraisalLeaves = AppraisalLeaves(criteria);
        // Whether each unit × group × target cell reaches k. A cell under k is withheld and its answers enter no other
        // figure: not the unit's combination of groups, nor its survey points, SIPAS or index, nor the unit type's SIPAS.
        var publishable = new bool[data.Units.Count * G * T];
        // Each unit's published survey points as a statistic on the global rows, for the city-wide means.
        var unitTotals = new UnitTotal?[data.Units.Count];

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
            for (var r0 = 0; r0 < rows.Length; r0++)
            {
                var r = rows[r0];
                var g = data.Group[r];
                if (data.RowEnd[r] > data.RowStart[r]) answered++;
                for (var e = data.RowStart[r]; e < data.RowEnd[r]; e++)
                {
                    var c = cellRows[g * T + data.EntryTarget[e]] ??= new CellRows();
                    c.Pos.Add(r0);
                    c.Num.Add(data.EntryNumerator[e]);
                    c.Den.Add(data.EntryDenominator[e]);
                }
            }

            // Cells (unit × group × target) and the unit-level combination of the groups' published cells per target.
            var byTarget = new Stat?[T];
            var unitEstimates = new Estimate?[T];
            for (var t = 0; t < T; t++)
            {
                var parts = new List<(Stat Stat, double Weight)>();
                List<string>? excluded = null;
                for (var g = 0; g < G; g++)
                {
                    if (cellRows[g * T + t] is not { } c) continue;
                    var stat = t == pooledTarget ? RatioStat(data, rows, c) : MeanStat(data, rows, c);
                    var open = SmallCells.Publishes(stat.Respondents, k);
                    publishable[(u * G + g) * T + t] = open;
                    if (t != pooledTarget)
                        cells.Add(new CellEstimate(unit.Code, data.Groups[g], data.Targets[t], open ? ToEstimate(design, rows, stat, configuration, 1, data) : Estimate.Withheld));
                    if (!(groupWeights[g] > 0)) continue;
                    if (open) parts.Add((stat, groupWeights[g]));
                    else (excluded ??= []).Add(data.Groups[g]);
                }
                if (parts.Count == 0)
                {
                    if (excluded is not null) unitEstimates[t] = Estimate.Withheld with { Excludes = excluded };
                    continue;
                }
                var omega = parts.Sum(p => p.Weight);
                byTarget[t] = Combine(rows.Length, parts.Select(p => (p.Stat, p.Weight / omega)).ToList());
                unitEstimates[t] = ToEstimate(design, rows, byTarget[t]!, configuration, 1, data) with { Excludes = excluded };
            }

            // Survey points per survey leaf, and their total (withheld when any leaf is).
            var criterionPoints = new List<CriterionPoints>();
            var totalParts = new List<(Stat, double)>();
            var totalComplete = true;
            var withheldLeaves = new List<string>();
            foreach (var leaf in leavesByType.TryGetValue(unit.UnitType, out var ls) ? ls : [])
            {
                var target = SourceTarget(leaf.Code, targetIndex);
                var max = (double)leaf.MaxPoints;
                if (target is null || unitEstimates[targetIndex[target]] is not { } se)
                {
                    totalComplete = false;
                    warnings.Add(target is null
                        ? $"{unit.Code}: không có câu hỏi nào cho tiêu chí điều tra {leaf.Code}."
                        : $"{unit.Code}: không có câu trả lời nào cho tiêu chí {leaf.Code}.");
                    criterionPoints.Add(new CriterionPoints(leaf.Code, leaf.Name, target, leaf.MaxPoints, Estimate.Missing, Estimate.Missing));
                    continue;
                }
                if (byTarget[targetIndex[target]] is not { } share || se.Suppressed)
                {
                    totalComplete = false;
                    withheldLeaves.Add(leaf.Code);
                    criterionPoints.Add(new CriterionPoints(leaf.Code, leaf.Name, target, leaf.MaxPoints, se, se));
                    continue;
                }
                criterionPoints.Add(new CriterionPoints(leaf.Code, leaf.Name, target, leaf.MaxPoints, se, Scaled(se, max)));
                totalParts.Add((share, max));
            }
            if (withheldLeaves.Count > 0)
                warnings.Add($"{unit.Code}: {withheldLeaves.Count} tiêu chí điều tra có dưới {k} người trả lời ({string.Join(", ", withheldLeaves)}); không công bố điểm điều tra XHH và chỉ số của đơn vị.");
            var totalStat = totalComplete && totalParts.Count > 0 ? Combine(rows.Length, totalParts) : null;
            var surveyMax = totalParts.Sum(p => p.Item2);
            var surveyTotal = totalStat is not null
                ? ToEstimate(design, rows, totalStat, configuration, surveyMax, data)
                : withheldLeaves.Count > 0 ? Estimate.Withheld : Estimate.Missing;
            if (totalStat is not null && !surveyTotal.Suppressed)
                unitTotals[u] = new UnitTotal(totalStat.Pos.Select(p => rows[p]).ToArray(), totalStat.Z, totalStat.Value, surveyMax);

            // SIPAS: elements, fields, index.
            var sipas = new List<SipasFigure>();
            foreach (var code in ScoringTargets.SipasElements.Select(e => e.Code).Concat(configuration.SipasIndexElements).Distinct())
            {
                if (targetIndex.TryGetValue(code, out var t) && unitEstimates[t] is { } est) sipas.Add(new SipasFigure(code, est));
            }
            AddComposites(sipas, byTarget, t => unitEstimates[t] is { Suppressed: true }, targetIndex, pooledTarget, configuration, rows.Length,
                stat => ToEstimate(design, rows, stat, configuration, 1, data));

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
            double? index = appraisalTotal is { } a && surveyTotal.Value is { } points ? (double)a + points : null;

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

        var ranked = Ranking.Rank(scores, configuration).ToList();
        var types = data.Units.Select(u => u.UnitType).Distinct(StringComparer.Ordinal).ToList();
        var scopes = new Scopes(data, design, targetIndex, pooledTarget, groupWeights, configuration, publishable);

        // SIPAS of each unit type and of all types together; SIPAS by breakdown and sector of each unit, type and all.
        var typeRows = types.ToDictionary(t => t, t => Enumerable.Range(0, data.RowCount).Where(r => data.Unit[r] >= 0 && data.Units[data.Unit[r]].UnitType == t).ToArray(), StringComparer.Ordinal);
        var allRows = Enumerable.Range(0, data.RowCount).Where(r => data.Unit[r] >= 0).ToArray();
        var typeSipas = types.ToDictionary(t => t, t => SipasOfRows(data, design, typeRows[t], targetIndex, pooledTarget, groupWeights, configuration, publishable), StringComparer.Ordinal);
        var allSipas = SipasOfRows(data, design, allRows, targetIndex, pooledTarget, groupWeights, configuration, publishable);
        var unitBreakdowns = new Dictionary<string, Domain>[data.Units.Count];
        var unitParents = new HashSet<int>?[data.Units.Count];
        Parallel.For(0, data.Units.Count, u =>
        {
            unitBreakdowns[u] = scopes.Breakdowns(unitRows[u]);
            // The people of the unit's published SIPAS (only needed when it has breakdown figures to check against it).
            if (unitBreakdowns[u].Count > 0) unitParents[u] = scopes.SipasPersons(unitRows[u]);
        });
        var typeBreakdowns = types.ToDictionary(t => t, t => scopes.Breakdowns(typeRows[t]), StringComparer.Ordinal);
        var allBreakdowns = scopes.Breakdowns(allRows);
        WithholdComplements(data, configuration, k, types, unitBreakdowns, unitParents, typeBreakdowns,
            types.ToDictionary(t => t, t => typeSipas[t].Persons.GetValueOrDefault("sipas"), StringComparer.Ordinal), allBreakdowns, allSipas.Persons.GetValueOrDefault("sipas"));
        for (var u = 0; u < ranked.Count; u++)
            ranked[u] = ranked[u] with { SipasBreakdowns = [.. unitBreakdowns[u].Select(p => new SipasFigure(p.Key, p.Value.Estimate))] };

        var city = new List<CityFigure>();
        foreach (var t in types)
        {
            var members = Enumerable.Range(0, data.Units.Count).Where(u => data.Units[u].UnitType == t).ToList();
            city.AddRange(CityMeans(data, design, configuration, t, members, ranked, unitTotals));
            city.AddRange(typeSipas[t].Figures.Select(f => new CityFigure(t, f.Code, f.Share)));
            city.AddRange(typeBreakdowns[t].Select(p => new CityFigure(t, p.Key, p.Value.Estimate)));
        }
        city.AddRange(allSipas.Figures.Select(f => new CityFigure(AllUnitTypes, f.Code, f.Share)));
        city.AddRange(allBreakdowns.Select(p => new CityFigure(AllUnitTypes, p.Key, p.Value.Estimate)));

        return new ScoringResult
        {
            Units = ranked,
            Cells = allCells,
            SipasByUnitType = typeSipas.Where(p => p.Value.Figures.Count > 0).ToDictionary(p => p.Key, p => (IReadOnlyList<SipasFigure>)p.Value.Figures, StringComparer.Ordinal),
            City = city,
            TargetChecks = CheckTargets(configuration, year, types, ranked, city),
            Labels = Labels(data, configuration),
            RowCount = data.RowCount,
            MinCellSize = k,
            Warnings = allWarnings,
        };
    }

    /// <summary>The unit type code of city-wide figures over all unit types together.</summary>
    public const string AllUnitTypes = "*";

    /// <summary>A unit's published survey points as a statistic on the global rows: rows, influence values, value and maximum.</summary>
    private sealed record UnitTotal(int[] Rows, double[] Z, double Value, double Max);

    /// <summary>A breakdown figure of a scope with the people it rests on (empty when withheld).</summary>
    private sealed record Domain(Estimate Estimate, HashSet<int> Persons);

    /// <summary>What the breakdowns of any scope (a unit, a type, all) need.</summary>
    private sealed class Scopes(ScoringData data, SurveyDesign? design, Dictionary<string, int> targetIndex, int pooledTarget, double[] groupWeights,
        ScoringConfiguration configuration, bool[] publishable)
    {
        /// <summary>The people the published SIPAS index of these rows rests on; null when it is withheld or there is none.</summary>
        public HashSet<int>? SipasPersons(int[] rows) =>
            SipasOfRows(data, design, rows, targetIndex, pooledTarget, groupWeights, configuration, publishable).Persons.GetValueOrDefault("sipas");

        /// <summary>
        /// The SIPAS index of the scope's rows per answer of each breakdown item ("field:health") and per sector, in the order:
        /// each breakdown's answers as first seen, then the sectors. Domains without rows are left out.
        /// </summary>
        public Dictionary<string, Domain> Breakdowns(int[] rows)
        {
            var result = new Dictionary<string, Domain>(StringComparer.Ordinal);
            for (var d = 0; d < data.Dimensions.Count; d++)
            {
                var attribute = data.Attribute[d];
                var values = data.DimensionValueArray[d];
                var byValue = new List<int>[values.Length];
                foreach (var r in rows)
                    if (attribute[r] >= 0) (byValue[attribute[r]] ??= []).Add(r);
                for (var v = 0; v < values.Length; v++)
                    if (byValue[v] is { } domain) Add(result, data.Dimensions[d] + ":" + values[v], [.. domain]);
                foreach (var sector in configuration.SipasSectors.Where(x => x.Item == data.Dimensions[d]))
                {
                    var members = values.Select((code, v) => (code, v)).Where(p => sector.Answers.Contains(p.code, StringComparer.Ordinal)).Select(p => p.v).ToHashSet();
                    var domain = rows.Where(r => members.Contains(attribute[r])).ToArray();
                    if (domain.Length > 0) Add(result, sector.FigureCode, domain);
                }
            }
            return result;
        }

        private void Add(Dictionary<string, Domain> result, string code, int[] domain)
        {
            var (figures, persons) = SipasOfRows(data, design, domain, targetIndex, pooledTarget, groupWeights, configuration, publishable);
            if (figures.FirstOrDefault(f => f.Code == "sipas") is not { } sipas) return;
            result[code] = new Domain(sipas.Share, persons.TryGetValue("sipas", out var p) ? p : []);
        }
    }

    /// <summary>
    /// Complementary withholding of breakdown figures (<see cref="SmallCells.Complement"/>), so no figure from fewer than k
    /// people can be had by subtracting published ones: within a scope, the scope's SIPAS against its per-answer figures and
    /// each sector against the answers it groups (and against the rest of the scope); across scopes, a type's per-answer or
    /// sector figure against the same figure of its units, and the all-types figure against the types'.
    /// </summary>
    private static void WithholdComplements(ScoringData data, ScoringConfiguration configuration, int k, List<string> types,
        Dictionary<string, Domain>[] units, HashSet<int>?[] unitParents, Dictionary<string, Dictionary<string, Domain>> byType, Dictionary<string, HashSet<int>?> typeParents,
        Dictionary<string, Domain> all, HashSet<int>? allParent)
    {
        static void Withhold(Dictionary<string, Domain> scope, string code) => scope[code] = new Domain(Estimate.Withheld, []);
        static bool Open(Dictionary<string, Domain> scope, string code) => scope.TryGetValue(code, out var f) && !f.Estimate.Suppressed;

        void Within(Dictionary<string, Domain> scope, HashSet<int>? parent)
        {
            foreach (var item in data.Dimensions)
            {
                var prefix = item + ":";
                var answers = scope.Keys.Where(c => c.StartsWith(prefix, StringComparison.Ordinal)).ToList();
                if (parent is not null)
                    foreach (var code in SmallCells.Complement(parent, answers.Where(c => Open(scope, c)).Select(c => (c, (IReadOnlySet<int>)scope[c].Persons)).ToList(), k))
                        Withhold(scope, code);
                foreach (var sector in configuration.SipasSectors.Where(x => x.Item == item))
                {
                    if (!Open(scope, sector.FigureCode)) continue;
                    var inside = answers.Where(c => Open(scope, c) && sector.Answers.Contains(c[prefix.Length..], StringComparer.Ordinal)).ToList();
                    var hidden = new HashSet<int>(scope[sector.FigureCode].Persons);
                    foreach (var c in inside) hidden.ExceptWith(scope[c].Persons);
                    var leaks = hidden.Count > 0 && !SmallCells.Publishes(hidden.Count, k);
                    if (!leaks && parent is not null)
                    {
                        // The rest of the scope outside the sector, less its published answers.
                        var rest = new HashSet<int>(parent);
                        rest.ExceptWith(scope[sector.FigureCode].Persons);
                        foreach (var c in answers.Where(c => Open(scope, c) && !inside.Contains(c))) rest.ExceptWith(scope[c].Persons);
                        leaks = rest.Count > 0 && !SmallCells.Publishes(rest.Count, k);
                    }
                    if (leaks) Withhold(scope, sector.FigureCode);
                }
            }
        }

        for (var u = 0; u < units.Length; u++) Within(units[u], unitParents[u]);
        foreach (var t in types)
        {
            Within(byType[t], typeParents[t]);
            var members = Enumerable.Range(0, units.Length).Where(u => data.Units[u].UnitType == t).ToList();
            foreach (var code in byType[t].Keys.ToList().Where(c => Open(byType[t], c)))
                foreach (var u in SmallCells.Complement(byType[t][code].Persons, members.Where(u => Open(units[u], code)).Select(u => (u, (IReadOnlySet<int>)units[u][code].Persons)).ToList(), k))
                    Withhold(units[u], code);
        }
        Within(all, allParent);
        foreach (var code in all.Keys.ToList().Where(c => Open(all, c)))
            foreach (var t in SmallCells.Complement(all[code].Persons, types.Where(t => Open(byType[t], code)).Select(t => (t, (IReadOnlySet<int>)byType[t][code].Persons)).ToList(), k))
                Withhold(byType[t], code);
    }

    /// <summary>
    /// The city-wide means of a unit type: "survey_points" = (1/U) Σ P_u over the U units with published survey points, and
    /// "index" = (1/U′) Σ (A_u + P_u) over the U′ units with an index (appraisal points carry no sampling error). The
    /// variance is linearised on the full design with influence (1/U) Σ_u z_u (units' rows are disjoint; rows of one
    /// official rating several units share a PSU, so their covariance is kept). Units left out are named in Excludes.
    /// </summary>
    private static IEnumerable<CityFigure> CityMeans(ScoringData data, SurveyDesign? design, ScoringConfiguration configuration, string type, List<int> members,
        IReadOnlyList<UnitScore> scores, UnitTotal?[] totals)
    {
        CityFigure? Mean(string code, List<int> units, double shift)
        {
            if (units.Count == 0) return null;
            var rows = units.SelectMany(u => totals[u]!.Rows).ToArray();
            var z = units.SelectMany(u => totals[u]!.Z.Select(x => x / units.Count)).ToArray();
            var value = units.Average(u => totals[u]!.Value);
            var max = units.Average(u => totals[u]!.Max);
            var stat = new Stat(value, Enumerable.Range(0, rows.Length).ToArray(), z, 0);
            stat = stat with { Respondents = Persons(data, rows, stat.Pos) };
            var e = ToEstimate(design, rows, stat, configuration, max, data);
            var left = members.Except(units).Select(u => data.Units[u].Code).ToList();
            e = e with { Value = e.Value + shift, Lower = e.Lower + shift, Upper = e.Upper + shift, Excludes = left.Count > 0 ? left : null };
            return new CityFigure(type, code, e);
        }

        var surveyed = members.Where(u => totals[u] is not null).ToList();
        if (Mean("survey_points", surveyed, 0) is { } points) yield return points;
        var indexed = surveyed.Where(u => scores[u].Index is not null && scores[u].AppraisalPoints is not null).ToList();
        if (indexed.Count > 0 && Mean("index", indexed, indexed.Average(u => (double)scores[u].AppraisalPoints!.Value)) is { } index) yield return index;
    }

    /// <summary>
    /// Every configured target in force (<see cref="IndexTarget.InForce"/>) against the matching city-wide figures (each unit
    /// type's, and for SIPAS figures all types' together) and each unit's figure. A unit or type without the figure at all
    /// (no citizen answered in that field) gets no check; a withheld figure is checked as <see cref="TargetStatus.NoFigure"/>.
    /// </summary>
    private static List<TargetCheck> CheckTargets(ScoringConfiguration configuration, int? year, List<string> types, IReadOnlyList<UnitScore> units, List<CityFigure> city)
    {
        var checks = new List<TargetCheck>();
        foreach (var target in configuration.Targets.Where(t => t.InForce(year)))
        {
            TargetCheck Check(string scope, string type, Estimate e) =>
                new(target.Figure, target.Name, scope, type, target.Value, target.IsPercent, e, TargetCheck.Judge(e, target.Value, target.IsPercent), target.Source);
            foreach (var type in types.Where(t => target.UnitType is null || target.UnitType == t))
            {
                if (target.Scope != TargetScope.Units && city.FirstOrDefault(c => c.UnitType == type && c.Code == target.Figure) is { } figure)
                    checks.Add(Check(TargetCheck.CityScope, type, figure.Estimate));
                if (target.Scope == TargetScope.City) continue;
                foreach (var unit in units.Where(u => u.UnitType == type))
                    if (UnitFigure(unit, target.Figure) is { } e) checks.Add(Check(unit.UnitCode, type, e));
            }
            if (target.UnitType is null && target.IsPercent && target.Scope != TargetScope.Units && types.Count > 1
                && city.FirstOrDefault(c => c.UnitType == AllUnitTypes && c.Code == target.Figure) is { } all)
                checks.Add(Check(TargetCheck.CityScope, AllUnitTypes, all.Estimate));
        }
        return checks;
    }

    /// <summary>A unit's figure by code as published: its index (appraisal + survey points, with the survey part's interval), survey points, or a SIPAS figure.</summary>
    private static Estimate? UnitFigure(UnitScore unit, string code)
    {
        switch (code)
        {
            case "index":
                if (unit.AppraisalPoints is not { } a) return null;
                if (unit.Index is not { } index) return unit.SurveyPoints.Suppressed ? Estimate.Withheld : null;
                var shift = (double)a;
                return unit.SurveyPoints with { Value = index, StandardError = unit.IndexStandardError, Lower = unit.SurveyPoints.Lower + shift, Upper = unit.SurveyPoints.Upper + shift };
            case "survey_points":
                return unit.SurveyPoints.Suppressed || unit.SurveyPoints.HasValue ? unit.SurveyPoints : null;
            default:
                return (unit.Sipas.FirstOrDefault(f => f.Code == code) ?? unit.SipasBreakdowns.FirstOrDefault(f => f.Code == code))?.Share;
        }
    }

    /// <summary>Names of the breakdown and sector figure codes: the questionnaires' choice labels, the sectors' names.</summary>
    private static Dictionary<string, string> Labels(ScoringData data, ScoringConfiguration configuration)
    {
        var labels = new Dictionary<string, string>(data.Labels, StringComparer.Ordinal);
        foreach (var s in configuration.SipasSectors) labels[s.FigureCode] = s.Name ?? s.Code;
        return labels;
    }

    /// <summary>A share's estimate as points out of <paramref name="max"/>.</summary>
    private static Estimate Scaled(Estimate share, double max) =>
        share with { Value = share.Value * max, StandardError = share.StandardError * max, Lower = share.Lower * max, Upper = share.Upper * max };

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

    /// <summary>
    /// The published estimate of a statistic on the scale [0, <paramref name="scale"/>] (1 for shares, the maximum points
    /// for survey points): withheld under k respondents; otherwise the value, its linearised SE on the full design and the
    /// logit interval of value/scale (<see cref="ShareInterval"/>), mapped back to the scale.
    /// </summary>
    private static Estimate ToEstimate(SurveyDesign? design, int[] rows, Stat stat, ScoringConfiguration configuration, double scale, ScoringData data)
    {
        if (!SmallCells.Publishes(stat.Respondents, configuration.EffectiveMinCellSize)) return Estimate.Withheld;
        if (design is null || stat.Pos.Length == 0) return new Estimate(stat.Value, null, null, null, stat.Respondents, false);
        var global = new int[stat.Pos.Length];
        for (var i = 0; i < global.Length; i++) global[i] = rows[stat.Pos[i]];
        var variance = design.LinearisedVariance(stat.Z, global);
        if (double.IsNaN(variance)) return new Estimate(stat.Value, null, null, null, stat.Respondents, false);
        var se = Math.Sqrt(Math.Max(0, variance));
        var (lower, upper) = ShareInterval.Of(stat.Value / scale, se / scale, DegreesOfFreedom(data, global), configuration.ConfidenceLevel);
        return new Estimate(stat.Value, se, lower * scale, upper * scale, stat.Respondents, false);
    }

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

    /// <summary>
    /// Fields ("service", "policy") as the mean of their published elements, and the index ("sipas") as configured. An
    /// element withheld under k is left out and named in the figure's <see cref="Estimate.Excludes"/>; a figure with
    /// every element withheld is withheld.
    /// </summary>
    private static void AddComposites(List<SipasFigure> sipas, Stat?[] byTarget, Func<int, bool> withheld, Dictionary<string, int> targetIndex, int pooledTarget,
        ScoringConfiguration configuration, int length, Func<Stat, Estimate> estimate, Dictionary<string, Stat>? stats = null)
    {
        void MeanOf(string code, IEnumerable<string> elements)
        {
            var present = elements.Where(targetIndex.ContainsKey).ToList();
            var parts = present.Select(c => byTarget[targetIndex[c]]).Where(s => s is not null).Select(s => s!).ToList();
            var excluded = present.Where(c => withheld(targetIndex[c])).ToList();
            if (parts.Count == 0)
            {
                if (excluded.Count > 0) sipas.Add(new SipasFigure(code, Estimate.Withheld with { Excludes = excluded }));
                return;
            }
            var combined = Combine(length, parts.Select(p => (p, 1.0 / parts.Count)).ToList());
            if (stats is not null) stats[code] = combined;
            sipas.Add(new SipasFigure(code, estimate(combined) with { Excludes = excluded.Count > 0 ? excluded : null }));
        }
        MeanOf("service", ServiceElements);
        MeanOf("policy", PolicyElements);
        if (configuration.SipasAggregation != SipasAggregation.ItemWeighted) MeanOf("sipas", configuration.SipasIndexElements);
        else if (pooledTarget >= 0 && byTarget[pooledTarget] is { } pooled)
        {
            if (stats is not null) stats["sipas"] = pooled;
            sipas.Add(new SipasFigure("sipas", estimate(pooled)));
        }
        else if (pooledTarget >= 0 && withheld(pooledTarget)) sipas.Add(new SipasFigure("sipas", Estimate.Withheld));
    }

    /// <summary>
    /// SIPAS figures of a set of rows (global row indices, <paramref name="rows"/>; any units: a unit type, all types, or a
    /// domain of them such as the rows whose service field is health), groups combined with their weights — each row only for
    /// the targets whose unit × group cell reached k (<paramref name="publishable"/>), so a withheld cell's answers are not
    /// pooled either. Respondents are counted as people (an official rating several units counts once). Also returns the
    /// people of each published figure (for <see cref="SmallCells.Complement"/>).
    /// </summary>
    private static (List<SipasFigure> Figures, Dictionary<string, HashSet<int>> Persons) SipasOfRows(ScoringData data, SurveyDesign? design, int[] rows,
        Dictionary<string, int> targetIndex, int pooledTarget, double[] groupWeights, ScoringConfiguration configuration, bool[] publishable)
    {
        var sipasTargets = ScoringTargets.SipasElements.Select(e => e.Code).Concat(configuration.SipasIndexElements).Distinct()
            .Where(targetIndex.ContainsKey).Select(c => targetIndex[c]).ToList();
        if (pooledTarget >= 0) sipasTargets.Add(pooledTarget);
        var wanted = sipasTargets.ToHashSet();
        var T = data.Targets.Count;
        var G = data.Groups.Count;
        var cellRows = new Dictionary<int, CellRows>();
        var excludedGroups = new Dictionary<int, SortedSet<string>>();
        for (var i = 0; i < rows.Length; i++)
        {
            var r = rows[i];
            for (var e = data.RowStart[r]; e < data.RowEnd[r]; e++)
            {
                var t = data.EntryTarget[e];
                if (!wanted.Contains(t)) continue;
                if (!publishable[(data.Unit[r] * G + data.Group[r]) * T + t])
                {
                    if (groupWeights[data.Group[r]] > 0)
                    {
                        if (!excludedGroups.TryGetValue(t, out var set)) excludedGroups[t] = set = new SortedSet<string>(StringComparer.Ordinal);
                        set.Add(data.Groups[data.Group[r]]);
                    }
                    continue;
                }
                var key = data.Group[r] * T + t;
                if (!cellRows.TryGetValue(key, out var c)) cellRows[key] = c = new CellRows();
                c.Pos.Add(i); c.Num.Add(data.EntryNumerator[e]); c.Den.Add(data.EntryDenominator[e]);
            }
        }
        var figures = new List<SipasFigure>();
        var persons = new Dictionary<string, HashSet<int>>(StringComparer.Ordinal);
        if (cellRows.Count == 0 && excludedGroups.Count == 0) return (figures, persons);
        var byTarget = new Stat?[T];
        var small = new HashSet<int>();
        foreach (var t in sipasTargets)
        {
            var parts = new List<(Stat, double)>();
            for (var g = 0; g < G; g++)
            {
                if (groupWeights[g] > 0 && cellRows.TryGetValue(g * T + t, out var c))
                    parts.Add((t == pooledTarget ? RatioStat(data, rows, c) : MeanStat(data, rows, c), groupWeights[g]));
            }
            if (parts.Count == 0) continue;
            var omega = parts.Sum(p => p.Item2);
            var combined = Combine(rows.Length, parts.Select(p => (p.Item1, p.Item2 / omega)).ToList());
            var people = Persons(data, rows, combined.Pos);
            // An element under k people here (possible in a domain such as one service field) is withheld and enters
            // neither the fields nor the index of these rows.
            if (SmallCells.Publishes(people, configuration.EffectiveMinCellSize)) byTarget[t] = combined with { Respondents = people };
            else small.Add(t);
        }
        Estimate Published(int t, Stat stat) =>
            ToEstimate(design, rows, stat, configuration, 1, data) with { Excludes = excludedGroups.TryGetValue(t, out var x) ? x.ToList() : null };
        bool Withheld(int t) => byTarget[t] is null && (excludedGroups.ContainsKey(t) || small.Contains(t));
        foreach (var t in sipasTargets.Where(t => t != pooledTarget))
        {
            if (byTarget[t] is { } stat)
            {
                var est = Published(t, stat);
                figures.Add(new SipasFigure(data.Targets[t], est));
                if (!est.Suppressed) persons[data.Targets[t]] = PersonSet(data, rows, stat.Pos);
            }
            else if (Withheld(t)) figures.Add(new SipasFigure(data.Targets[t], Estimate.Withheld with { Excludes = excludedGroups.TryGetValue(t, out var x) ? x.ToList() : null }));
        }
        var stats = new Dictionary<string, Stat>(StringComparer.Ordinal);
        AddComposites(figures, byTarget, Withheld, targetIndex, pooledTarget, configuration, rows.Length,
            stat => ToEstimate(design, rows, stat with { Respondents = Persons(data, rows, stat.Pos) }, configuration, 1, data), stats);
        foreach (var (code, stat) in stats)
            if (figures.LastOrDefault(f => f.Code == code) is { Share.Suppressed: false }) persons[code] = PersonSet(data, rows, stat.Pos);
        return (figures, persons);
    }

    /// <summary>Distinct respondents among the rows at <paramref name="positions"/> (into <paramref name="rows"/>).</summary>
    private static int Persons(ScoringData data, int[] rows, int[] positions) => PersonSet(data, rows, positions).Count;

    private static HashSet<int> PersonSet(ScoringData data, int[] rows, int[] positions)
    {
        var seen = new HashSet<int>();
        foreach (var p in positions) seen.Add(data.Respondent[rows[p]]);
        return seen;
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
