using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using System.Text.Json.Serialization;
using Microsoft.EntityFrameworkCore;
using ParIndex.Core.Domain;
using ParIndex.Core.Monitoring;
using ParIndex.Core.Publication;
using ParIndex.Core.Scoring;
using ParIndex.Web.Data;
using ParIndex.Web.Features.Monitoring;

namespace ParIndex.Web.Features.Publication;

/// <summary>
/// Builds the snapshot a publication freezes (<see cref="PublishedResults"/>) from a score run's stored result — every
/// figure exactly as the engine made it, so k = 5 holds as it held there and no small cell is ever recomputed — plus the
/// round's names and criteria, the sample and response rates per group, and the changes since the predecessor's published
/// figures (<see cref="ChangeEstimator"/>).
/// </summary>
public static class PublicationSnapshot
{
    /// <summary>The stored form: camelCase, NaN allowed (no estimate), enums by name.</summary>
    public static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web)
    {
        NumberHandling = JsonNumberHandling.AllowNamedFloatingPointLiterals,
        Converters = { new JsonStringEnumConverter() },
    };

    /// <summary>Why a change could not be estimated (rendered in the reader's language).</summary>
    public static class ChangeNotes
    {
        public const string NoPredecessor = "no-predecessor";
        public const string PreviousNotPublished = "previous-not-published";
        public const string CurrentNotPublished = "current-not-published";
    }

    public static string Serialize(PublishedResults snapshot) => JsonSerializer.Serialize(snapshot, Json);

    public static PublishedResults Deserialize(string json) =>
        JsonSerializer.Deserialize<PublishedResults>(json, Json) ?? throw new InvalidOperationException("Empty publication snapshot.");

    public static string Hash(string json) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(json)));

    /// <summary>The predecessor a round's changes are measured against: its link, mapping and current publication (null parts when absent).</summary>
    public sealed record PredecessorData(Round Round, Core.Publication.Publication Publication, PublishedResults Snapshot, IReadOnlyList<UnitLineage> Lineage);

    public static async Task<PredecessorData?> PredecessorAsync(ParIndexDbContext db, int roundId, CancellationToken ct)
    {
        var link = await db.RoundPredecessors.AsNoTracking().FirstOrDefaultAsync(p => p.RoundId == roundId, ct);
        if (link is null) return null;
        var round = await db.Rounds.AsNoTracking().FirstAsync(r => r.Id == link.PredecessorRoundId, ct);
        var publication = await db.Publications.AsNoTracking().Where(p => p.RoundId == round.Id).OrderByDescending(p => p.Version).FirstOrDefaultAsync(ct);
        if (publication is null) return null;
        var lineage = await db.UnitLineages.AsNoTracking().Where(l => l.RoundId == roundId).OrderBy(l => l.UnitCode).ThenBy(l => l.PredecessorUnitCode).ToListAsync(ct);
        return new PredecessorData(round, publication, Deserialize(publication.SnapshotJson), lineage);
    }

    public static async Task<PublishedResults> BuildAsync(ParIndexDbContext db, Round round, ScoreRun run, ScoringResult result, ScoringConfiguration configuration,
        PredecessorData? predecessor, CancellationToken ct)
    {
        var types = await db.UnitTypes.AsNoTracking().Where(t => t.RoundId == round.Id).OrderBy(t => t.SortOrder).ToListAsync(ct);
        var typeCode = types.ToDictionary(t => t.Id, t => t.Code);
        var units = await db.Units.AsNoTracking().Where(u => u.RoundId == round.Id).ToDictionaryAsync(u => u.Code, u => u.ParentArea, StringComparer.Ordinal, ct);
        var criteria = await db.Criteria.AsNoTracking().Where(c => c.RoundId == round.Id).OrderBy(c => c.SortOrder).ToListAsync(ct);
        var areas = types.ToDictionary(t => t.Code, t => Areas(criteria.Where(c => c.UnitTypeId == t.Id).ToList()), StringComparer.Ordinal);
        var groups = await Groups(db, round.Id, typeCode, result.MinCellSize, ct);

        var k = result.MinCellSize;
        var publishedUnits = result.Units.Select(u =>
        {
            var unitAreas = areas.TryGetValue(u.UnitType, out var a) ? a : [];
            var lineage = predecessor?.Lineage.Where(l => l.UnitCode == u.UnitCode).ToList() ?? [];
            var (changes, history, parts) = Changes(u, lineage, predecessor, configuration.ConfidenceLevel);
            return new PublishedUnit
            {
                Score = u, ParentArea = units.GetValueOrDefault(u.UnitCode), Areas = unitAreas.Select(area => Points(u, area)).ToList(),
                Lineage = parts, Changes = changes, History = history,
            };
        }).ToList();

        return new PublishedResults
        {
            Round = new PublishedRound(round.Id, round.Code, round.Name, round.NameEn, round.Year, round.PeriodStart, round.PeriodEnd, round.FieldworkStart, round.FieldworkEnd,
                round.SurveyPoints, round.AppraisalPoints),
            Run = new PublishedRun(run.Id, run.InputHash, run.Engine, run.ConfigVersion, run.CreatedAt, run.ResponseCount,
                configuration.SipasAggregation.ToString(), configuration.SipasIndexElements, configuration.RankDraws),
            MinCellSize = k,
            ConfidenceLevel = configuration.ConfidenceLevel,
            UnitTypes = types.Select(t => new PublishedUnitType(t.Code, t.Name, t.NameEn,
                result.SipasByUnitType.TryGetValue(t.Code, out var s) ? s : [], areas[t.Code])).ToList(),
            Units = publishedUnits,
            Cells = result.Cells,
            Groups = groups,
            Predecessor = predecessor is null ? null : new PublishedPredecessor(predecessor.Round.Id, predecessor.Round.Code, predecessor.Round.Name, predecessor.Round.NameEn,
                predecessor.Round.Year, predecessor.Publication.Version),
        };
    }

    /// <summary>The reform areas (top-level criteria) of one unit type with the appraisal and survey points of their leaves.</summary>
    private static List<PublishedArea> Areas(List<Criterion> criteria)
    {
        var leaves = criteria.Where(c => !criteria.Any(o => o.Code.StartsWith(c.Code + ".", StringComparison.Ordinal))).ToList();
        return criteria.Where(c => !c.Code.Contains('.', StringComparison.Ordinal)).Select(area =>
        {
            var mine = leaves.Where(l => l.Code.StartsWith(area.Code + ".", StringComparison.Ordinal) || l.Code == area.Code).ToList();
            return new PublishedArea(area.Code, area.Name, area.NameEn, mine.Where(l => l.Component == ScoreComponent.Appraisal).Sum(l => l.MaxPoints),
                mine.Where(l => l.Component == ScoreComponent.Survey).Sum(l => l.MaxPoints));
        }).ToList();
    }

    /// <summary>
    /// A unit's points in one area: appraised points of the area's lines, and the sum of its survey criteria's points — only when
    /// every one of them is published (a withheld criterion withholds the sum, as it withholds the unit's survey points).
    /// </summary>
    private static AreaPoints Points(UnitScore u, PublishedArea area)
    {
        static bool Under(string code, string area) => code == area || code.StartsWith(area + ".", StringComparison.Ordinal);
        var appraisal = u.AppraisalPoints is null ? (decimal?)null : u.AppraisalCriteria.Where(p => Under(p.Key, area.Code)).Sum(p => p.Value);
        var survey = u.SurveyCriteria.Where(c => Under(c.Criterion, area.Code)).ToList();
        var withheld = survey.Any(c => c.Points.Suppressed);
        double? sum = survey.Count == 0 || survey.Any(c => c.Points.Value is not { } v || !double.IsFinite(v)) ? null : survey.Sum(c => c.Points.Value!.Value);
        return new AreaPoints(area.Code, appraisal, sum, withheld);
    }

    /// <summary>
    /// Per respondent group: sample members, completed questionnaires and AAPOR RR1–RR3 over the members' dispositions, and the
    /// range of the responding members' design weights. A group with fewer than k completed questionnaires shows none of it.
    /// </summary>
    private static async Task<List<PublishedGroup>> Groups(ParIndexDbContext db, int roundId, Dictionary<int, string> typeCode, int k, CancellationToken ct)
    {
        var groups = await db.RespondentGroups.AsNoTracking().Where(g => g.RoundId == roundId).OrderBy(g => g.SortOrder).ToListAsync(ct);
        var cases = await MonitorDashboard.Cases(db, roundId, ct);
        var completed = await db.Responses.AsNoTracking().Where(r => r.RoundId == roundId && r.Status == ResponseStatus.Submitted)
            .GroupBy(r => r.RespondentGroupId).Select(g => new { g.Key, N = g.Count() }).ToDictionaryAsync(g => g.Key, g => g.N, ct);
        var weights = await db.Respondents.AsNoTracking().Where(m => m.RoundId == roundId && db.Responses.Any(r => r.RespondentId == m.Id && r.Status == ResponseStatus.Submitted))
            .GroupBy(m => m.RespondentGroupId).Select(g => new { g.Key, Min = g.Min(m => m.DesignWeight), Max = g.Max(m => m.DesignWeight) })
            .ToDictionaryAsync(g => g.Key, g => (g.Min, g.Max), ct);
        return groups.Select(g =>
        {
            var n = completed.GetValueOrDefault(g.Id);
            var members = cases.Where(c => c.GroupId == g.Id).ToList();
            if (!SmallCells.Publishes(n, k)) return new PublishedGroup(g.Code, g.Name, g.NameEn, typeCode[g.UnitTypeId], g.RatesManyUnits, null, null, null, null, null, null, null);
            var rates = AaporRates.Of(DispositionCounts.Of(members.Select(m => m.Disposition)));
            (double? Min, double? Max) w = weights.TryGetValue(g.Id, out var x) ? (x.Min, x.Max) : (null, null);
            return new PublishedGroup(g.Code, g.Name, g.NameEn, typeCode[g.UnitTypeId], g.RatesManyUnits, members.Count, n,
                Finite(rates.RR1), Finite(rates.RR2), Finite(rates.RR3), w.Min, w.Max);
        }).ToList();
    }

    private static double? Finite(double x) => double.IsFinite(x) ? x : null;

    /// <summary>The changes of the tracked figures since the predecessor, last year's mapped values and the earlier history.</summary>
    private static (List<FigureChange> Changes, List<HistoryPoint> History, List<PublishedLineage> Parts) Changes(UnitScore unit, List<UnitLineage> lineage,
        PredecessorData? predecessor, double level)
    {
        if (predecessor is null) return ([], [], []);
        var previous = predecessor.Snapshot.Units.ToDictionary(u => u.Score.UnitCode, StringComparer.Ordinal);
        var parts = lineage.Select(l => new PublishedLineage(l.PredecessorUnitCode, previous.TryGetValue(l.PredecessorUnitCode, out var p) ? p.Score.UnitName : l.PredecessorUnitCode,
            l.Share, LineageImport.BasisCode(l.Basis))).ToList();
        var changes = new List<FigureChange>();
        var history = new List<HistoryPoint>();
        foreach (var figure in PublishedFigures.Tracked)
        {
            var current = PublishedFigures.Of(unit, figure);
            if (lineage.Count == 0)
            {
                changes.Add(new FigureChange(figure, null, null, current?.Value, current?.StandardError, null, null, null, null, false, ChangeNotes.NoPredecessor));
                continue;
            }
            var mapped = lineage.Select(l => previous.TryGetValue(l.PredecessorUnitCode, out var p) && PublishedFigures.Of(p.Score, figure) is { } f
                ? new MappedPart(l.Share, f.Value, f.StandardError) : (MappedPart?)null).ToList();
            var baseline = mapped.Any(m => m is null) ? null : ChangeEstimator.Combine(mapped.Select(m => m!.Value).ToList());
            if (baseline is not null) history.Add(new HistoryPoint(predecessor.Snapshot.Round.Year, predecessor.Snapshot.Round.Code, figure, baseline.Value, baseline.StandardError));
            // Earlier years: each part's own history, combined with the same shares where every part has that year.
            var earlier = lineage.Select(l => previous.TryGetValue(l.PredecessorUnitCode, out var p) ? p.History.Where(h => h.Figure == figure).ToList() : []).ToList();
            foreach (var year in earlier.SelectMany(e => e.Select(h => (h.Year, h.RoundCode))).Distinct().OrderBy(y => y.Year))
            {
                var points = earlier.Select(e => e.FirstOrDefault(h => h.Year == year.Year)).ToList();
                if (points.Any(p => p is null)) continue;
                var combined = ChangeEstimator.Combine(points.Select((p, i) => new MappedPart(lineage[i].Share, p!.Value, p.StandardError)).ToList());
                if (combined is not null) history.Add(new HistoryPoint(year.Year, year.RoundCode, figure, combined.Value, combined.StandardError));
            }
            if (current is null)
            {
                changes.Add(new FigureChange(figure, baseline?.Value, baseline?.StandardError, null, null, null, null, null, null, false, ChangeNotes.CurrentNotPublished));
                continue;
            }
            var change = ChangeEstimator.Change(current.Value.Value, current.Value.StandardError, baseline, level);
            changes.Add(change is null
                ? new FigureChange(figure, null, null, current.Value.Value, current.Value.StandardError, null, null, null, null, false, ChangeNotes.PreviousNotPublished)
                : new FigureChange(figure, change.Previous, change.PreviousStandardError, change.Current, change.CurrentStandardError, change.Difference, change.StandardError,
                    change.Lower, change.Upper, change.Significant, null));
        }
        return (changes, history.OrderBy(h => h.Figure, StringComparer.Ordinal).ThenBy(h => h.Year).ToList(), parts);
    }

    /// <summary>
    /// What a correction changed: every unit whose index, SIPAS, survey points or rank differs between the two versions as
    /// published (two decimals), and units added or removed.
    /// </summary>
    public static List<VersionChange> Diff(PublishedResults before, PublishedResults after)
    {
        var old = before.Units.ToDictionary(u => u.Score.UnitCode, StringComparer.Ordinal);
        var changes = new List<VersionChange>();
        foreach (var u in after.Units)
        {
            old.TryGetValue(u.Score.UnitCode, out var o);
            foreach (var figure in PublishedFigures.Tracked.Append("rank"))
            {
                double? Value(PublishedUnit? x) => x is null ? null : figure == "rank" ? x.Score.Rank : PublishedFigures.Of(x.Score, figure)?.Value;
                var (a, b) = (Round(Value(o), figure), Round(Value(u), figure));
                if (a != b) changes.Add(new VersionChange(u.Score.UnitCode, u.Score.UnitName, figure, a, b));
            }
        }
        foreach (var gone in before.Units.Where(o => after.Units.All(u => u.Score.UnitCode != o.Score.UnitCode)))
            changes.Add(new VersionChange(gone.Score.UnitCode, gone.Score.UnitName, PublishedFigures.Index, Round(PublishedFigures.Of(gone.Score, PublishedFigures.Index)?.Value, PublishedFigures.Index), null));
        return changes;
    }

    private static double? Round(double? x, string figure) => x is { } v ? Math.Round(figure == PublishedFigures.Sipas ? v * 100 : v, 2, MidpointRounding.AwayFromZero) : null;
}
