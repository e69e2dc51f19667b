using System.Diagnostics;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using ParIndex.Core.Questionnaires;
using ParIndex.Core.Scoring;
using ParIndex.Web.Data;
using ParIndex.Web.Features.SelfAssessment;
using ParIndex.Web.Infrastructure;

namespace ParIndex.Web.Features.Scoring;

/// <summary>Runs the scoring of a round and stores the <see cref="ScoreRun"/>.</summary>
public static class RunScoring
{
    public static async Task<ScoreRun> Handle(ParIndexDbContext db, int roundId, string actor, DateTime now, CancellationToken ct)
    {
        var clock = Stopwatch.StartNew();
        var inputs = await ScoringInputs.LoadAsync(db, roundId, ct);
        var result = ScoringEngine.Score(inputs.Data, inputs.Criteria, inputs.Appraisals, inputs.Configuration, inputs.ApprovedAppraisals, inputs.Round.Year);
        if (inputs.Warnings.Count > 0) result = result with { Warnings = [.. inputs.Warnings, .. result.Warnings] };
        var run = new ScoreRun
        {
            RoundId = roundId, ConfigVersion = inputs.ConfigVersion, InputHash = inputs.InputHash, Engine = result.Engine,
            ResponseCount = inputs.ResponseCount, RowCount = result.RowCount, CreatedBy = actor, CreatedAt = now,
            DurationSeconds = clock.Elapsed.TotalSeconds, ResultJson = JsonSerializer.Serialize(result, ScoringInputs.Json),
        };
        db.ScoreRuns.Add(run);
        await db.SaveChangesAsync(ct);
        db.Record(actor, "scoring.run", nameof(ScoreRun), run.Id, null,
            new { run.InputHash, run.ConfigVersion, run.ResponseCount, units = result.Units.Count(u => u.Index is not null),
              appraisalSources = result.Units.GroupBy(u => u.AppraisalSource ?? "none").OrderBy(g => g.Key, StringComparer.Ordinal).ToDictionary(g => g.Key, g => g.Count()) }, now, roundId);
        await db.SaveChangesAsync(ct);
        return run;
    }

    /// <summary>
    /// The newest run of a round with its result, or null. Every reader of stored results comes through here: a result of
    /// an older engine (before k-anonymity was decided in the engine) is served with its survey figures withheld.
    /// </summary>
    public static async Task<(ScoreRun Run, ScoringResult Result)?> LatestAsync(ParIndexDbContext db, int roundId, int? runId, CancellationToken ct)
    {
        var run = await db.ScoreRuns.AsNoTracking().Where(r => r.RoundId == roundId && (runId == null || r.Id == runId))
            .OrderByDescending(r => r.Id).FirstOrDefaultAsync(ct);
        if (run is null) return null;
        return (run, SmallCells.WithholdLegacy(JsonSerializer.Deserialize<ScoringResult>(run.ResultJson, ScoringInputs.Json)!));
    }
}
