using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using ParIndex.Core.Domain;
using ParIndex.Core.Publication;
using ParIndex.Core.Scoring;
using ParIndex.Web.Data;
using ParIndex.Web.Features.Scoring;
using ParIndex.Web.Infrastructure;

namespace ParIndex.Web.Features.Publication;

/// <summary>The outcome of publishing: the version that is current, and whether this call created it (false: nothing changed).</summary>
public sealed record PublishOutcome(Core.Publication.Publication Publication, bool Created);

/// <summary>
/// Publishes a round's results (Admin): an immutable snapshot of one chosen score run. Refused while the round still takes
/// answers, while any unit's appraisal is not locked by the council (an approved self-assessment, or appraisal points of
/// round 2 imported from the council's file), for a run of an older engine, and for a run whose inputs no longer match the
/// data (answers, appraisal or configuration changed since: score again). A later publication is a correction: a new version
/// that must say what changed; publishing figures identical to the current version changes nothing.
/// </summary>
public static class PublishRound
{
    public const int MaxNote = 2000;

    public static async Task<PublishOutcome> Handle(ParIndexDbContext db, int roundId, int scoreRunId, string? note, string actor, DateTime now,
        PublishedResultsCache? cache, CancellationToken ct)
    {
        note = string.IsNullOrWhiteSpace(note) ? null : note.Trim();
        if (note?.Length > MaxNote)
            throw new RequestValidationException(new Dictionary<string, string[]> { ["note"] = [$"Ghi chú đính chính dài quá {MaxNote} ký tự."] });
        await using var tx = await UnitOfWork.BeginAsync(db, ct);
        var round = await db.Rounds.FirstOrDefaultAsync(r => r.Id == roundId, ct) ?? throw new DomainException("not-found", $"Không có đợt điều tra số {roundId}.");
        if (round.Status is RoundStatus.Draft or RoundStatus.Fieldwork)
            throw new DomainException("publication-round-open", $"Đợt \"{round.Name}\" còn đang nhận phiếu: kết thúc thu thập phiếu, tính điểm lại rồi mới công bố.");
        var run = await db.ScoreRuns.AsNoTracking().FirstOrDefaultAsync(r => r.Id == scoreRunId && r.RoundId == roundId, ct)
            ?? throw new DomainException("not-found", $"Đợt này không có lần tính điểm số {scoreRunId}.");
        if (run.Engine != ScoringResult.EngineVersion)
            throw new DomainException("publication-run-outdated", $"Lần tính điểm #{run.Id} dùng phiên bản động cơ cũ ({run.Engine}); hãy tính điểm lại rồi công bố lần tính mới.");
        var inputs = await ScoringInputs.LoadAsync(db, roundId, ct);
        if (inputs.InputHash != run.InputHash)
            throw new DomainException("publication-run-stale",
                $"Dữ liệu đầu vào đã thay đổi sau lần tính điểm #{run.Id} (phiếu, điểm thẩm định hoặc cấu hình): hãy tính điểm lại rồi công bố lần tính mới.");
        var result = JsonSerializer.Deserialize<ScoringResult>(run.ResultJson, ScoringInputs.Json)!;
        var open = await UnlockedAppraisals(db, roundId, result, ct);
        if (open.Count > 0)
            throw new DomainException("publication-appraisal-open",
                $"Hội đồng thẩm định chưa chốt điểm thẩm định của {open.Count} đơn vị: {string.Join(", ", open.Take(10))}{(open.Count > 10 ? ", …" : "")} "
                + "(cần bản tự đánh giá đã được Hội đồng duyệt, hoặc điểm thẩm định lần 2 nhập từ tệp cho mọi tiêu chí).");

        var previous = await db.Publications.AsNoTracking().Where(p => p.RoundId == roundId).OrderByDescending(p => p.Version).FirstOrDefaultAsync(ct);
        var predecessor = await PublicationSnapshot.PredecessorAsync(db, roundId, ct);
        var snapshot = await PublicationSnapshot.BuildAsync(db, round, run, result, inputs.Configuration, predecessor, ct);
        var json = PublicationSnapshot.Serialize(snapshot);
        if (previous is not null)
        {
            var before = PublicationSnapshot.Deserialize(previous.SnapshotJson);
            // The same figures again (the same inputs, rescored or not): nothing to correct, nothing is written.
            if (SameFigures(before, snapshot)) return new PublishOutcome(previous, false);
            if (note is null)
                throw new RequestValidationException(new Dictionary<string, string[]> { ["note"] = ["Một lần công bố lại là đính chính: ghi rõ điều gì thay đổi và vì sao."] });
        }
        var changes = previous is null ? null : PublicationSnapshot.Diff(PublicationSnapshot.Deserialize(previous.SnapshotJson), snapshot);
        var publication = new Core.Publication.Publication
        {
            RoundId = roundId, Version = (previous?.Version ?? 0) + 1, ScoreRunId = run.Id, InputHash = run.InputHash, SnapshotJson = json,
            SnapshotHash = PublicationSnapshot.Hash(json), Note = note, ChangesJson = changes is null ? null : JsonSerializer.Serialize(changes, PublicationSnapshot.Json),
            PredecessorPublicationId = predecessor?.Publication.Id, PublishedBy = actor, PublishedAt = now,
        };
        db.Publications.Add(publication);
        var statusBefore = round.Status;
        round.Status = RoundStatus.Published;
        try { await db.SaveChangesAsync(ct); }
        catch (DbUpdateException e) when (Collection.SubmitResponse.IsUniqueViolation(e))
        {
            // Two publishers at once: the unique (round, version) index let the other one win; this one changes nothing.
            throw new DomainException("publication-conflict", $"Phiên bản {publication.Version} vừa được người khác công bố; hãy tải lại trang và kiểm tra trước khi công bố lại.");
        }
        db.Record(actor, previous is null ? "publication.publish" : "publication.correct", nameof(Core.Publication.Publication), publication.Id,
            previous is null ? new { Status = statusBefore } : new { previous.Version, previous.ScoreRunId, previous.InputHash },
            new { publication.Version, publication.ScoreRunId, publication.InputHash, publication.SnapshotHash, Changed = changes?.Count }, now, roundId, note);
        await db.SaveChangesAsync(ct);
        await tx.CommitAsync(ct);
        if (cache is not null) db.AfterCommit(() => cache.Forget(round.Code));
        return new PublishOutcome(publication, true);
    }

    /// <summary>Equal as published: the snapshots agree once the run's own identity (id, time) is set aside.</summary>
    private static bool SameFigures(PublishedResults a, PublishedResults b)
    {
        static string Figures(PublishedResults s) => PublicationSnapshot.Serialize(s with { Run = s.Run with { Id = 0, CreatedAt = default } });
        return Figures(a) == Figures(b);
    }

    /// <summary>
    /// The units whose appraisal half is not locked by the council: no appraisal at all; a self-assessment source is approved
    /// (locked) by construction; a file source needs round-2 points for every appraisal leaf of the unit's type.
    /// </summary>
    public static async Task<List<string>> UnlockedAppraisals(ParIndexDbContext db, int roundId, ScoringResult result, CancellationToken ct)
    {
        var units = await db.Units.AsNoTracking().Where(u => u.RoundId == roundId).Select(u => new { u.Id, u.Code, u.Name, u.UnitTypeId }).ToListAsync(ct);
        var criteria = await db.Criteria.AsNoTracking().Where(c => c.RoundId == roundId).Select(c => new { c.Code, c.UnitTypeId, c.Component }).ToListAsync(ct);
        var leaves = criteria.Where(c => c.Component == ScoreComponent.Appraisal && !criteria.Any(o => o.UnitTypeId == c.UnitTypeId && o.Code.StartsWith(c.Code + ".", StringComparison.Ordinal)))
            .ToLookup(c => c.UnitTypeId, c => c.Code);
        var final = (await db.AppraisedScores.AsNoTracking().Where(a => a.RoundId == roundId && a.AppraisalRound == 2).Select(a => new { a.UnitId, a.CriterionCode }).ToListAsync(ct))
            .ToLookup(a => a.UnitId, a => a.CriterionCode);
        var byCode = units.ToDictionary(u => u.Code, StringComparer.Ordinal);
        var open = new List<string>();
        foreach (var score in result.Units)
        {
            if (!byCode.TryGetValue(score.UnitCode, out var unit)) continue;
            var locked = score.AppraisalSource switch
            {
                AppraisalSource.SelfAssessment => true,
                AppraisalSource.File => leaves[unit.UnitTypeId].All(code => final[unit.Id].Contains(code)),
                _ => false,
            };
            if (!locked) open.Add(unit.Name);
        }
        return open;
    }
}
