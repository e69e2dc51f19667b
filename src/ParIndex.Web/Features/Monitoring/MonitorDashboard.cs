using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using ParIndex.Core.Domain;
using ParIndex.Core.Monitoring;
using ParIndex.Web.Data;

namespace ParIndex.Web.Features.Monitoring;

/// <summary>
/// One cell of the dashboard, a unit × respondent group. Designed/invited/opened/started count sample members (for
/// groups that rate many units every member is designed to rate every unit); Completed counts submitted ratings of
/// the unit (public-link responses included, shown apart in <see cref="PublicLink"/>). Dispositions and AAPOR rates
/// are over sample members only.
/// </summary>
public sealed record MonitorCell(int UnitId, string UnitCode, string UnitName, int GroupId, string GroupCode, string GroupName,
    int Designed, int Invited, int Opened, int Started, int Completed, int PublicLink, int Flagged,
    DispositionCounts Dispositions, int? Expected, bool Lagging)
{
    public string Key => $"{UnitId}-{GroupId}";

    /// <summary>The group's members each rate every unit: its designed sample is the group's, repeated on each unit.</summary>
    public bool GroupRatesMany { get; init; }

    /// <summary>Completed / designed: the progress against the designed sample (can exceed 1 with public links).</summary>
    public double Progress => Designed == 0 ? 0 : (double)Completed / Designed;

    public AaporRates Rates => AaporRates.Of(Dispositions);
}

/// <summary>A row of a drill-down (a stratum or a field staff member).</summary>
public sealed record MonitorBreakdownRow(string Label, int Designed, int Invited, int Opened, int Started, int Completed, DispositionCounts Dispositions, int Flagged)
{
    public AaporRates Rates => AaporRates.Of(Dispositions);
}

public sealed record MonitorView(int RoundId, string RoundName, DateTime At, FieldworkPlan? Plan, IReadOnlyList<MonitorCell> Cells,
    IReadOnlyList<(int Id, string Code, string Name)> Groups, int OpenFlags)
{
    public int Designed => Cells.Where(c => !c.GroupRatesMany).Sum(c => c.Designed) + Cells.Where(c => c.GroupRatesMany).GroupBy(c => c.GroupId).Sum(g => g.First().Designed);
    public int Completed => Cells.Sum(c => c.Completed);
    public IEnumerable<MonitorCell> Alerts => Cells.Where(c => c.Lagging);
}

/// <summary>Per respondent, what the dispositions are derived from.</summary>
internal sealed record CaseRow(int RespondentId, int GroupId, int? UnitId, string? Stratum, bool Invited, bool Opened, bool Started, bool Submitted,
    double? InProgressShare, Disposition? Recorded, string? FieldStaff, Disposition Disposition);

public static class MonitorDashboard
{
    /// <summary>A started, unsubmitted response is a partial (AAPOR 1.2) from this share of a typical complete's answers.</summary>
    public const double PartialThreshold = 0.5;

    public static async Task<MonitorView?> Handle(ParIndexDbContext db, int roundId, DateTime now, CancellationToken ct)
    {
        var round = await db.Rounds.AsNoTracking().Where(r => r.Id == roundId).Select(r => new { r.Id, r.Name }).FirstOrDefaultAsync(ct);
        if (round is null) return null;
        var plan = await db.FieldworkPlans.AsNoTracking().FirstOrDefaultAsync(p => p.RoundId == roundId, ct);
        var units = await db.Units.AsNoTracking().Where(u => u.RoundId == roundId).OrderBy(u => u.UnitTypeId).ThenBy(u => u.SortOrder)
            .Select(u => new { u.Id, u.Code, u.Name, u.UnitTypeId }).ToListAsync(ct);
        var groups = await db.RespondentGroups.AsNoTracking().Where(g => g.RoundId == roundId).OrderBy(g => g.SortOrder)
            .Select(g => new { g.Id, g.Code, g.Name, g.UnitTypeId, g.RatesManyUnits }).ToListAsync(ct);
        var cases = await Cases(db, roundId, ct);

        var submitted = db.Responses.Where(r => r.RoundId == roundId && r.Status == ResponseStatus.Submitted);
        var singleUnit = await submitted.Where(r => r.UnitId != null)
            .GroupBy(r => new { r.RespondentGroupId, r.UnitId, Public = r.RespondentId == null })
            .Select(g => new { g.Key.RespondentGroupId, UnitId = g.Key.UnitId!.Value, g.Key.Public, N = g.Count() }).ToListAsync(ct);
        var gridUnits = await db.AnswerSets.Where(a => a.RatedUnitId != null)
            .Join(submitted.Where(r => r.UnitId == null), a => a.ResponseId, r => r.Id, (a, r) => new { r.RespondentGroupId, a.RatedUnitId, Public = r.RespondentId == null })
            .GroupBy(x => new { x.RespondentGroupId, x.RatedUnitId, x.Public })
            .Select(g => new { g.Key.RespondentGroupId, UnitId = g.Key.RatedUnitId!.Value, g.Key.Public, N = g.Count() }).ToListAsync(ct);
        var flaggedResponses = db.QualityFlags.Where(f => f.RoundId == roundId && f.Status != QualityFlagStatus.Cleared).Select(f => f.ResponseId).Distinct();
        var flaggedSingle = await submitted.Where(r => r.UnitId != null && flaggedResponses.Contains(r.Id))
            .GroupBy(r => new { r.RespondentGroupId, r.UnitId }).Select(g => new { g.Key.RespondentGroupId, UnitId = g.Key.UnitId!.Value, N = g.Count() }).ToListAsync(ct);
        var flaggedGrid = await db.AnswerSets.Where(a => a.RatedUnitId != null && flaggedResponses.Contains(a.ResponseId))
            .Join(submitted.Where(r => r.UnitId == null), a => a.ResponseId, r => r.Id, (a, r) => new { r.RespondentGroupId, a.RatedUnitId })
            .GroupBy(x => new { x.RespondentGroupId, x.RatedUnitId }).Select(g => new { g.Key.RespondentGroupId, UnitId = g.Key.RatedUnitId!.Value, N = g.Count() }).ToListAsync(ct);
        var openFlags = await db.QualityFlags.CountAsync(f => f.RoundId == roundId && f.Status == QualityFlagStatus.Open, ct);

        var completedBy = singleUnit.Concat(gridUnits).GroupBy(x => (x.RespondentGroupId, x.UnitId))
            .ToDictionary(g => g.Key, g => (All: g.Sum(x => x.N), Public: g.Where(x => x.Public).Sum(x => x.N)));
        var flaggedBy = flaggedSingle.Concat(flaggedGrid).GroupBy(x => (x.RespondentGroupId, x.UnitId)).ToDictionary(g => g.Key, g => g.Sum(x => x.N));
        var casesBy = cases.ToLookup(c => (c.GroupId, c.UnitId));
        var curve = plan?.Curve;

        var cells = new List<MonitorCell>();
        foreach (var g in groups)
        {
            foreach (var u in units.Where(u => u.UnitTypeId == g.UnitTypeId))
            {
                var members = casesBy[(g.Id, g.RatesManyUnits ? null : u.Id)].ToList();
                var designed = members.Count;
                var (completed, publicLink) = completedBy.GetValueOrDefault((g.Id, u.Id));
                var expected = curve is null || designed == 0 ? (int?)null : curve.ExpectedCompletes(designed, now);
                cells.Add(new MonitorCell(u.Id, u.Code, u.Name, g.Id, g.Code, g.Name,
                    designed, members.Count(m => m.Invited), members.Count(m => m.Opened), members.Count(m => m.Started), completed, publicLink,
                    flaggedBy.GetValueOrDefault((g.Id, u.Id)), DispositionCounts.Of(members.Select(m => m.Disposition)), expected,
                    curve?.IsLagging(completed - publicLink, designed, now) ?? false) { GroupRatesMany = g.RatesManyUnits });
            }
        }
        return new MonitorView(round.Id, round.Name, now, plan, cells, groups.Select(g => (g.Id, g.Code, g.Name)).ToList(), openFlags);
    }

    /// <summary>Drill-down by stratum (optionally one unit or group): the sample members' progress and rates.</summary>
    public static async Task<IReadOnlyList<MonitorBreakdownRow>> ByStratum(ParIndexDbContext db, int roundId, int? unitId, int? groupId, CancellationToken ct)
    {
        var cases = (await Cases(db, roundId, ct)).Where(c => (unitId is null || c.UnitId == unitId) && (groupId is null || c.GroupId == groupId));
        return cases.GroupBy(c => c.Stratum ?? "—").OrderBy(g => g.Key, StringComparer.Ordinal)
            .Select(g => Row(g.Key, g.ToList(), 0)).ToList();
    }

    /// <summary>
    /// Drill-down by field staff member: the sample members whose latest recorded outcome names the staff member (or
    /// whose keyed response they entered). Cases nobody has worked yet are one row, "—".
    /// </summary>
    public static async Task<IReadOnlyList<MonitorBreakdownRow>> ByFieldStaff(ParIndexDbContext db, int roundId, CancellationToken ct)
    {
        var cases = await Cases(db, roundId, ct);
        return cases.GroupBy(c => c.FieldStaff ?? "—").OrderBy(g => g.Key == "—").ThenBy(g => g.Key, StringComparer.Ordinal)
            .Select(g => Row(g.Key, g.ToList(), 0)).ToList();
    }

    private static MonitorBreakdownRow Row(string label, List<CaseRow> members, int flagged) =>
        new(label, members.Count, members.Count(m => m.Invited), members.Count(m => m.Opened), members.Count(m => m.Started),
            members.Count(m => m.Submitted), DispositionCounts.Of(members.Select(m => m.Disposition)), flagged);

    /// <summary>Every active sample member of the round with the facts its disposition is derived from.</summary>
    internal static async Task<List<CaseRow>> Cases(ParIndexDbContext db, int roundId, CancellationToken ct)
    {
        var members = await db.Respondents.AsNoTracking().Where(r => r.RoundId == roundId && r.Status == RespondentStatus.Active)
            .Select(r => new { r.Id, r.RespondentGroupId, r.UnitId, r.Stratum }).ToListAsync(ct);
        var invitations = await db.Invitations.Where(i => i.Respondent!.RoundId == roundId)
            .GroupBy(i => i.RespondentId).Select(g => new { RespondentId = g.Key, Opened = g.Max(i => i.FirstOpenedAt) }).ToListAsync(ct);
        // Only what a case's disposition needs: the answer volume of unsubmitted responses (the partial yardstick) and
        // the paradata of keyed ones (who keyed it). A large round's dashboard reads every response on each push, so
        // the volume of every submitted answer set and every web response's paradata are left in the database.
        var responses = await db.Responses.Where(r => r.RoundId == roundId && r.RespondentId != null)
            .Select(r => new
            {
                RespondentId = r.RespondentId!.Value, r.Status, r.QuestionnaireVersionId, r.Mode,
                ParadataJson = r.Mode != ResponseMode.Web ? r.ParadataJson : null,
                Size = r.Status == ResponseStatus.InProgress ? r.AnswerSets.Sum(a => a.AnswersJson.Length) : 0,
            })
            .ToListAsync(ct);
        var latestIds = db.RecordedDispositions.Where(d => d.RoundId == roundId).GroupBy(d => d.RespondentId).Select(g => g.Max(d => d.Id));
        var recorded = await db.RecordedDispositions.AsNoTracking().Where(d => latestIds.Contains(d.Id))
            .Select(d => new { d.RespondentId, d.Disposition, Staff = d.FieldStaffId ?? d.RecordedBy }).ToListAsync(ct);

        // A typical complete's answer volume per questionnaire version: the partial/break-off yardstick, read only for
        // the versions that have an unsubmitted response to measure against it.
        var measured = responses.Where(r => r.Status == ResponseStatus.InProgress).Select(r => r.QuestionnaireVersionId).Distinct().ToList();
        var typical = new Dictionary<int, double>();
        foreach (var versionId in measured)
            typical[versionId] = Median((await db.Responses.Where(r => r.RoundId == roundId && r.RespondentId != null && r.QuestionnaireVersionId == versionId
                    && r.Status == ResponseStatus.Submitted)
                .Select(r => r.AnswerSets.Sum(a => a.AnswersJson.Length)).ToListAsync(ct)).Select(x => (double)x));
        var inv = invitations.ToDictionary(i => i.RespondentId, i => i.Opened);
        var resp = responses.GroupBy(r => r.RespondentId).ToDictionary(g => g.Key, g => g.OrderByDescending(r => r.Status).First());
        var rec = recorded.ToDictionary(r => r.RespondentId);
        var rows = new List<CaseRow>(members.Count);
        foreach (var m in members)
        {
            var invited = inv.TryGetValue(m.Id, out var opened);
            resp.TryGetValue(m.Id, out var r);
            rec.TryGetValue(m.Id, out var d);
            var isSubmitted = r?.Status == ResponseStatus.Submitted;
            double? share = r is { Status: ResponseStatus.InProgress }
                ? typical.TryGetValue(r.QuestionnaireVersionId, out var t) && t > 0 ? r.Size / t : 0
                : null;
            var facts = new CaseFacts(invited, opened is not null || r is not null, isSubmitted, share, d?.Disposition);
            var staff = r is { Mode: not ResponseMode.Web } ? FieldStaffOf(r.ParadataJson) ?? d?.Staff : d?.Staff;
            rows.Add(new CaseRow(m.Id, m.RespondentGroupId, m.UnitId, m.Stratum, invited, facts.Opened, r is not null, isSubmitted, share,
                d?.Disposition, staff, DispositionRules.Derive(facts, PartialThreshold)));
        }
        return rows;
    }

    /// <summary>
    /// The staff member who keyed a response: the "fieldStaffId" property of its paradata (field entry, issue #7, writes
    /// it there for keyed responses); null for self-completed web responses.
    /// </summary>
    public static string? FieldStaffOf(string? paradataJson)
    {
        if (string.IsNullOrEmpty(paradataJson)) return null;
        try
        {
            using var doc = JsonDocument.Parse(paradataJson);
            return doc.RootElement.ValueKind == JsonValueKind.Object && doc.RootElement.TryGetProperty("fieldStaffId", out var v) && v.ValueKind == JsonValueKind.String
                ? v.GetString() : null;
        }
        catch (JsonException)
        {
            return null;
        }
    }

    private static double Median(IEnumerable<double> xs)
    {
        var s = xs.Order().ToArray();
        return s.Length == 0 ? 0 : s.Length % 2 == 1 ? s[s.Length / 2] : (s[s.Length / 2 - 1] + s[s.Length / 2]) / 2;
    }
}
