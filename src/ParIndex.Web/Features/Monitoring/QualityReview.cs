using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using ParIndex.Core.Domain;
using ParIndex.Core.Monitoring;
using ParIndex.Web.Data;
using ParIndex.Web.Infrastructure;

namespace ParIndex.Web.Features.Monitoring;

/// <summary>A flag in the review queue.</summary>
public sealed record FlagRow(long Id, long ResponseId, QualityFlagKind Kind, string Detail, double Measure, long? RelatedResponseId, DateTime RaisedAt,
    QualityFlagStatus Status, string? ReviewedBy, DateTime? ReviewedAt, string? ReviewNote, string GroupCode, string? UnitCode, ResponseMode Mode);

/// <summary>
/// Runs the quality checks on newly submitted responses and keeps the review queue. Checks only add flags (one per
/// response and kind); reviewing a flag records a decision, audited; no response is ever removed here.
/// </summary>
public static class QualityReview
{
    public const string Actor = "system:monitor";

    public static async Task<int> CheckAsync(ParIndexDbContext db, int roundId, IReadOnlyCollection<long> responseIds, MonitoringOptions options, DateTime now,
        CancellationToken ct, DurationMedians? medians = null)
    {
        medians ??= new DurationMedians();
        var t = options.Quality;
        var zone = TimeZoneInfo.FindSystemTimeZoneById(options.TimeZone);
        // By id alone, so the primary key finds the batch's rows; the round and status are checked on the rows. With the round and
        // status in the query, PostgreSQL's statistics of a table that grew in the last minute can send it down the (round, status)
        // index through every submitted response of the round, once per batch.
        var fresh = await Load(db, db.Responses.Where(r => responseIds.Contains(r.Id)), zone, ct, (round, status) => round == roundId && status == ResponseStatus.Submitted);
        if (fresh.Count == 0) return 0;
        var findings = new List<QualityFinding>();

        foreach (var version in fresh.GroupBy(f => f.QuestionnaireVersionId))
        {
            // Speeding is about a respondent answering on the web: a keyed form's duration is the keyer's, not the respondent's.
            if (version.Any(r => r.Mode == ResponseMode.Web))
            {
                var (median, completes) = await medians.GetAsync(db, version.Key, ct);
                foreach (var r in version.Where(r => r.Mode == ResponseMode.Web)) if (QualityChecks.Speeder(r.Facts, median, completes, t) is { } f) findings.Add(f);
            }

            var publicOnes = version.Where(r => r.PublicLink).ToList();
            if (publicOnes.Count > 0)
            {
                var maxId = publicOnes.Max(r => r.ResponseId);
                var earlier = await Load(db, db.Responses.Where(r => r.RoundId == roundId && r.QuestionnaireVersionId == version.Key && r.RespondentId == null
                    && r.Status == ResponseStatus.Submitted && r.Id < maxId), zone, ct);
                foreach (var r in publicOnes)
                    if (QualityChecks.Duplicate(r.Facts, earlier.Where(e => e.ResponseId < r.ResponseId).Select(e => e.Facts), t) is { } f) findings.Add(f);
            }
        }
        foreach (var r in fresh) if (QualityChecks.StraightLining(r.Facts, t) is { } f) findings.Add(f);

        var keyed = fresh.Where(r => r.FieldStaffId is not null).ToList();
        if (keyed.Count > 0)
        {
            var from = keyed.Min(r => r.SubmittedAtUtc) - t.BurstWindow;
            var to = keyed.Max(r => r.SubmittedAtUtc) + t.BurstWindow;
            var around = await Load(db, db.Responses.Where(r => r.RoundId == roundId && r.Mode != ResponseMode.Web && r.Status == ResponseStatus.Submitted
                && r.SubmittedAt >= from && r.SubmittedAt <= to), zone, ct);
            findings.AddRange(QualityChecks.OutOfHoursBursts(around.Select(a => a.Facts), t));
        }
        return await RaiseAsync(db, roundId, findings, now, ct);
    }

    private static async Task<int> RaiseAsync(ParIndexDbContext db, int roundId, List<QualityFinding> findings, DateTime now, CancellationToken ct)
    {
        if (findings.Count == 0) return 0;
        var ids = findings.Select(f => f.ResponseId).Distinct().ToList();
        var existing = (await db.QualityFlags.Where(f => ids.Contains(f.ResponseId)).Select(f => new { f.ResponseId, f.Kind }).ToListAsync(ct))
            .Select(x => (x.ResponseId, x.Kind)).ToHashSet();
        var added = 0;
        foreach (var f in findings.DistinctBy(f => (f.ResponseId, f.Kind)).Where(f => !existing.Contains((f.ResponseId, f.Kind))))
        {
            var flag = new QualityFlag { RoundId = roundId, ResponseId = f.ResponseId, Kind = f.Kind, Detail = f.Detail, Measure = f.Measure, RelatedResponseId = f.RelatedResponseId, RaisedAt = now };
            db.QualityFlags.Add(flag);
            db.Record(Actor, "quality-flag.raise", "Response", f.ResponseId, null, new { f.Kind, f.Detail, f.Measure, f.RelatedResponseId }, now, roundId);
            added++;
        }
        try
        {
            await db.SaveChangesAsync(ct);
        }
        catch (DbUpdateException)
        {
            // Another node raised the same flag first: the unique index keeps one.
            db.ChangeTracker.Clear();
            return 0;
        }
        return added;
    }

    private sealed record Loaded(ResponseFacts Facts, DateTime SubmittedAtUtc, ResponseMode Mode)
    {
        public long ResponseId => Facts.ResponseId;
        public int QuestionnaireVersionId => Facts.QuestionnaireVersionId;
        public bool PublicLink => Facts.PublicLink;
        public string? FieldStaffId => Facts.FieldStaffId;
    }

    private static async Task<List<Loaded>> Load(ParIndexDbContext db, IQueryable<Response> query, TimeZoneInfo zone, CancellationToken ct,
        Func<int, ResponseStatus, bool>? keep = null)
    {
        var rows = await query.AsNoTracking().Select(r => new
        {
            r.Id, r.RoundId, r.Status, r.QuestionnaireVersionId, r.StartedAt, r.SubmittedAt, r.RespondentId, r.Mode, r.ParadataJson,
            Sets = r.AnswerSets.Select(a => new { a.RatedUnitId, a.AnswersJson }).ToList(),
        }).ToListAsync(ct);
        return rows.Where(r => keep is null || keep(r.RoundId, r.Status)).Select(r =>
        {
            var submitted = r.SubmittedAt ?? r.StartedAt;
            var units = r.Sets.Where(s => s.RatedUnitId is not null)
                .ToDictionary(s => s.RatedUnitId!.Value, s => (IReadOnlyDictionary<string, string>)Parse(s.AnswersJson));
            var own = r.Sets.Where(s => s.RatedUnitId is null).Select(s => Parse(s.AnswersJson)).FirstOrDefault() ?? [];
            var staff = r.Mode == ResponseMode.Web ? null : MonitorDashboard.FieldStaffOf(r.ParadataJson);
            var local = TimeZoneInfo.ConvertTimeFromUtc(DateTime.SpecifyKind(submitted, DateTimeKind.Utc), zone);
            return new Loaded(new ResponseFacts(r.Id, r.QuestionnaireVersionId, submitted - r.StartedAt, units, own, r.RespondentId is null, staff, local), submitted, r.Mode);
        }).ToList();
    }

    private static Dictionary<string, string> Parse(string json)
    {
        try
        {
            return JsonSerializer.Deserialize<Dictionary<string, string>>(json) ?? [];
        }
        catch (JsonException)
        {
            return [];
        }
    }

    public static async Task<IReadOnlyList<FlagRow>> Queue(ParIndexDbContext db, int roundId, QualityFlagStatus? status, QualityFlagKind? kind, CancellationToken ct) =>
        await db.QualityFlags.AsNoTracking().Where(f => f.RoundId == roundId && (status == null || f.Status == status) && (kind == null || f.Kind == kind))
            .Join(db.Responses, f => f.ResponseId, r => r.Id, (f, r) => new { f, r })
            .OrderBy(x => x.f.Status).ThenByDescending(x => x.f.Id)
            .Select(x => new FlagRow(x.f.Id, x.f.ResponseId, x.f.Kind, x.f.Detail, x.f.Measure, x.f.RelatedResponseId, x.f.RaisedAt, x.f.Status, x.f.ReviewedBy,
                x.f.ReviewedAt, x.f.ReviewNote, db.RespondentGroups.Where(g => g.Id == x.r.RespondentGroupId).Select(g => g.Code).First(),
                db.Units.Where(u => u.Id == x.r.UnitId).Select(u => u.Code).FirstOrDefault(), x.r.Mode))
            .Take(500).ToListAsync(ct);

    /// <summary>A supervisor's decision on a flag, audited. Returns false when the flag is not in the round.</summary>
    public static async Task<bool> ReviewAsync(ParIndexDbContext db, int roundId, long flagId, bool confirmed, string? note, string actor, DateTime now, CancellationToken ct)
    {
        var flag = await db.QualityFlags.FirstOrDefaultAsync(f => f.Id == flagId && f.RoundId == roundId, ct);
        if (flag is null) return false;
        var before = new { flag.Status, flag.ReviewNote };
        flag.Review(confirmed, actor, string.IsNullOrWhiteSpace(note) ? null : note.Trim(), now);
        db.Record(actor, "quality-flag.review", "QualityFlag", flag.Id, before, new { flag.Status, flag.ReviewNote, flag.ResponseId }, now, roundId);
        await db.SaveChangesAsync(ct);
        return true;
    }
}

/// <summary>
/// The median web duration per questionnaire version, the speeder yardstick. Read from the database each time while a
/// version has few completes; from <see cref="ReuseFrom"/> completes on, a median read in the last
/// <see cref="MaxAge"/> is reused — a median of thousands barely moves in seconds, and re-reading every duration
/// for each batch of new responses would make the check cost grow with the round.
/// </summary>
public sealed class DurationMedians
{
    public const int ReuseFrom = 1000;
    public static readonly TimeSpan MaxAge = TimeSpan.FromSeconds(30);

    private readonly System.Collections.Concurrent.ConcurrentDictionary<int, (TimeSpan? Median, int Completes, long ReadAt)> known = new();

    public async Task<(TimeSpan? Median, int Completes)> GetAsync(ParIndexDbContext db, int versionId, CancellationToken ct)
    {
        if (known.TryGetValue(versionId, out var k) && k.Completes >= ReuseFrom && Environment.TickCount64 - k.ReadAt < MaxAge.TotalMilliseconds)
            return (k.Median, k.Completes);
        // Speeding is about a respondent answering on the web: a keyed form's duration is the keyer's, not the respondent's.
        var durations = await db.Responses.Where(r => r.QuestionnaireVersionId == versionId && r.Mode == ResponseMode.Web
                && r.Status == ResponseStatus.Submitted && r.SubmittedAt != null)
            .Select(r => new { r.StartedAt, r.SubmittedAt }).ToListAsync(ct);
        var median = QualityChecks.Median(durations.Select(d => d.SubmittedAt!.Value - d.StartedAt));
        known[versionId] = (median, durations.Count, Environment.TickCount64);
        return (median, durations.Count);
    }
}
