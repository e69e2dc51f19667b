using Microsoft.EntityFrameworkCore;
using ParIndex.Core.Domain;
using ParIndex.Core.FieldEntry;
using ParIndex.Web.Data;

namespace ParIndex.Web.Features.FieldEntry;

public sealed record BatchRow(int Id, string Label, string? Unit, string? Group, int Expected, int Keyed, int Verified, DateTime ReceivedAt, string ReceivedBy, string? Note);

/// <summary>A form in the second-keying queue: only its code and batch (the second keying is blind).</summary>
public sealed record QueueRow(int FormId, string RespondentCode, string? Batch, DateTime KeyedAt, string Reason);

public sealed record FieldOverview(IReadOnlyList<BatchRow> Batches, IReadOnlyList<QueueRow> SecondKeying, int AwaitingResolution, int Verified, int KeyedToday);

public sealed record DiscrepancyRow(long Id, int Number, string ItemId, string? UnitCode, string? UnitName, string Label, string FirstKeys, string SecondKeys,
    string? ResolvedKeys, string? ResolvedBy, string? Reason, string ChoicesHint);

public sealed record ReviewForm(int FormId, long ResponseId, string RespondentCode, string FirstKeyer, string SecondKeyer, IReadOnlyList<DiscrepancyRow> Discrepancies);

public sealed record KeyerRow(KeyerStatistics Stats, bool Escalated, double VerifiedShare);

public sealed record HistoryView(string RespondentCode, Response? Response, PaperForm? Form, IReadOnlyList<AuditEntry> Entries, ResponseReview? Review = null);

public static class FieldEntryQueries
{
    public static async Task<IReadOnlyList<BatchRow>> Batches(ParIndexDbContext db, int roundId, CancellationToken ct)
    {
        var counts = await db.PaperForms.Where(f => f.RoundId == roundId && f.BatchId != null).GroupBy(f => f.BatchId)
            .Select(g => new { Id = g.Key!.Value, Keyed = g.Count(), Verified = g.Count(f => f.Status == PaperFormStatus.Verified) }).ToListAsync(ct);
        var units = await db.Units.Where(u => u.RoundId == roundId).ToDictionaryAsync(u => u.Id, u => u.Name, ct);
        var groups = await db.RespondentGroups.Where(g => g.RoundId == roundId).ToDictionaryAsync(g => g.Id, g => g.Code, ct);
        return (await db.FormBatches.AsNoTracking().Where(b => b.RoundId == roundId).OrderBy(b => b.Label).ToListAsync(ct)).Select(b =>
        {
            var c = counts.FirstOrDefault(x => x.Id == b.Id);
            return new BatchRow(b.Id, b.Label, b.UnitId is { } u ? units.GetValueOrDefault(u) : null, b.RespondentGroupId is { } g ? groups.GetValueOrDefault(g) : null,
                b.ExpectedCount, c?.Keyed ?? 0, c?.Verified ?? 0, b.ReceivedAt, b.ReceivedBy, b.Note);
        }).ToList();
    }

    /// <summary>
    /// The keyer's start page. Field staff limited to assignments see only what their assignments cover: batches whose
    /// unit and group fall inside one, the queue and the counts of those members' forms — nothing of other units.
    /// </summary>
    public static async Task<FieldOverview> Overview(ParIndexDbContext db, int roundId, string keyerId, DateTime now, CancellationToken ct, bool limitedToAssignments = false)
    {
        var batches = await Batches(db, roundId, ct);
        var labels = batches.ToDictionary(b => b.Id, b => b.Label);
        var scope = limitedToAssignments
            ? await db.FieldAssignments.AsNoTracking().Where(a => a.RoundId == roundId && a.StaffUserId == keyerId).Select(a => new { a.UnitId, a.RespondentGroupId }).ToListAsync(ct)
            : null;
        bool Covered(int? unitId, int? groupId) => scope is null
            || scope.Any(a => (a.UnitId is null || a.UnitId == unitId) && (a.RespondentGroupId is null || a.RespondentGroupId == groupId));
        if (scope is not null)
        {
            var covered = (await db.FormBatches.AsNoTracking().Where(b => b.RoundId == roundId).Select(b => new { b.Id, b.UnitId, b.RespondentGroupId }).ToListAsync(ct))
                .Where(b => Covered(b.UnitId, b.RespondentGroupId))
                .Select(b => b.Id).ToHashSet();
            batches = batches.Where(b => covered.Contains(b.Id)).ToList();
        }
        var queue = (await db.PaperForms.AsNoTracking().Where(f => f.RoundId == roundId && f.Status == PaperFormStatus.AwaitingSecondEntry
                                                                  && !f.Entries.Any(e => e.KeyedByUserId == keyerId))
                .OrderBy(f => f.CreatedAt).Take(scope is null ? 200 : 100_000)
                .Join(db.Respondents, f => f.RespondentId, r => r.Id, (f, r) => new { f.Id, r.Code, f.BatchId, f.CreatedAt, f.VerificationReason, r.UnitId, r.RespondentGroupId }).ToListAsync(ct))
            .Where(q => Covered(q.UnitId, q.RespondentGroupId)).Take(200).ToList();
        var byStatus = (await db.PaperForms.Where(f => f.RoundId == roundId).Join(db.Respondents, f => f.RespondentId, r => r.Id, (f, r) => new { f.Status, r.UnitId, r.RespondentGroupId })
                .GroupBy(x => new { x.Status, x.UnitId, x.RespondentGroupId }).Select(g => new { g.Key.Status, g.Key.UnitId, g.Key.RespondentGroupId, N = g.Count() }).ToListAsync(ct))
            .Where(x => Covered(x.UnitId, x.RespondentGroupId)).GroupBy(x => x.Status).Select(g => new { g.Key, N = g.Sum(x => x.N) }).ToList();
        var today = now.Date;
        var keyedToday = await db.KeyedEntries.CountAsync(e => e.KeyedByUserId == keyerId && e.FinishedAt >= today, ct);
        return new FieldOverview(batches,
            queue.Select(q => new QueueRow(q.Id, q.Code, q.BatchId is { } b ? labels.GetValueOrDefault(b) : null, q.CreatedAt, q.VerificationReason.ToString())).ToList(),
            byStatus.FirstOrDefault(s => s.Key == PaperFormStatus.AwaitingResolution)?.N ?? 0,
            byStatus.FirstOrDefault(s => s.Key == PaperFormStatus.Verified)?.N ?? 0, keyedToday);
    }

    public static async Task<IReadOnlyList<ReviewForm>> AwaitingResolution(ParIndexDbContext db, int roundId, string language, CancellationToken ct)
    {
        var forms = await db.PaperForms.AsNoTracking().Include(f => f.Entries).Include(f => f.Discrepancies)
            .Where(f => f.RoundId == roundId && f.Status == PaperFormStatus.AwaitingResolution).OrderBy(f => f.CreatedAt).Take(100).ToListAsync(ct);
        var list = new List<ReviewForm>();
        foreach (var form in forms)
        {
            var target = (await PaperForms.TargetOf(db, form, ct))!;
            var names = target.Units!.ToDictionary(u => u.Code, u => u.Name);
            // Only keyed fields are resolved from the paper (a stored row about a calculated item is not shown: it is derived).
            var rows = form.Discrepancies.Select(d => (d, Field: target.Fields!.FirstOrDefault(f => f.ItemId == d.ItemId && f.UnitCode == d.UnitCode)))
                .Where(x => x.Field is not null).Select(x =>
            {
                var (d, field) = (x.d, x.Field!);
                return new DiscrepancyRow(d.Id, field.Number, d.ItemId, d.UnitCode, d.UnitCode is { } u ? names.GetValueOrDefault(u) : null,
                    field.Item.Label?.Get(language) ?? d.ItemId, KeyingLayout.ToKeys(field, d.FirstValue), KeyingLayout.ToKeys(field, d.SecondValue),
                    d.ResolvedValue is { } r ? KeyingLayout.ToKeys(field, r) : null, d.ResolvedBy, d.Reason,
                    string.Join("; ", field.Choices.Select(c => $"{c.Key} = {c.Label.Get(language)}")));
            }).OrderBy(r => r.Number).ToList();
            list.Add(new ReviewForm(form.Id, form.ResponseId, target.Respondent!.Code, form.First!.KeyedBy, form.Second!.KeyedBy, rows));
        }
        return list;
    }

    /// <summary>Per keyer: forms and fields per hour on the keying screen, discrepancy rate, and whether the policy escalated them to 100%.</summary>
    public static async Task<IReadOnlyList<KeyerRow>> Keyers(ParIndexDbContext db, int roundId, CancellationToken ct)
    {
        var policy = (await db.FieldEntrySettings.AsNoTracking().FirstOrDefaultAsync(s => s.RoundId == roundId, ct))?.Policy ?? VerificationPolicy.Default;
        var forms = await db.PaperForms.AsNoTracking().Include(f => f.Entries).Include(f => f.Discrepancies).Where(f => f.RoundId == roundId).ToListAsync(ct);
        var stats = new KeyingStatistics();
        var verifiedFirst = new Dictionary<string, (int Drawn, int All)>(StringComparer.Ordinal);
        foreach (var f in forms)
        foreach (var e in f.Entries)
        {
            var (compared, errors) = f.AccuracyOf(e);
            stats.Push(new KeyingRecord(e.KeyedBy, e.StartedAt, e.FinishedAt, e.FieldCount, compared, errors));
            if (e.Pass != 1) continue;
            var v = verifiedFirst.GetValueOrDefault(e.KeyedBy);
            verifiedFirst[e.KeyedBy] = (v.Drawn + (f.VerificationReason == VerificationReason.NotSampled ? 0 : 1), v.All + 1);
        }
        return stats.Result().Select(s => new KeyerRow(s,
            VerificationRule.IsEscalated(policy, new KeyerRecord(s.FieldsCompared, s.Errors)),
            verifiedFirst.TryGetValue(s.Keyer, out var v) && v.All > 0 ? (double)v.Drawn / v.All : double.NaN)).ToList();
    }

    public static async Task<HistoryView?> History(ParIndexDbContext db, int roundId, string code, CancellationToken ct)
    {
        var respondent = await db.Respondents.AsNoTracking().FirstOrDefaultAsync(r => r.RoundId == roundId && r.Code == code, ct);
        if (respondent is null) return null;
        var response = await db.Responses.AsNoTracking().FirstOrDefaultAsync(r => r.RespondentId == respondent.Id, ct);
        var form = await db.PaperForms.AsNoTracking().Include(f => f.Entries).Include(f => f.Discrepancies).FirstOrDefaultAsync(f => f.RespondentId == respondent.Id, ct);
        var id = response?.Id.ToString(System.Globalization.CultureInfo.InvariantCulture);
        var entries = id is null ? [] : await db.AuditEntries.AsNoTracking().Where(a => a.EntityType == nameof(Response) && a.EntityId == id).OrderBy(a => a.Id).ToListAsync(ct);
        var review = response is null ? null : await db.ResponseReviews.AsNoTracking().FirstOrDefaultAsync(v => v.ResponseId == response.Id, ct);
        return new HistoryView(respondent.Code, response, form, entries, review);
    }
}
