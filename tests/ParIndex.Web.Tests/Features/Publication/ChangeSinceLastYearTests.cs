using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using ParIndex.Core.Scoring;
using ParIndex.Web.Features.Scoring;

namespace ParIndex.Web.Tests.Features.Publication;

/// <summary>
/// The changes the demo's 2025 publication shows, recomputed by hand from the two score runs: a department merged in 2025
/// (Sở Nội vụ = 0,6 Nội vụ + 0,4 Lao động – TB&amp;XH of 2024), a ward formed from two districts (population shares) and a
/// department that kept its code; the estimator of docs/publication.md, independent samples.
/// </summary>
[Collection(PublicationCollection.Name)]
public sealed class ChangeSinceLastYearTests(PublicationApp app)
{
    [Theory]
    [InlineData("SO-NV")]
    [InlineData("P-CUANAM")]
    [InlineData("SO-TP")]
    public async Task A_units_change_is_its_index_minus_the_share_weighted_predecessors_with_independent_variances(string unitCode)
    {
        var (current, previous, lineage) = await app.WithDb(async db =>
        {
            var round = await db.Rounds.SingleAsync(r => r.Code == PublicationApp.Published);
            var publication = await db.Publications.Where(p => p.RoundId == round.Id).OrderByDescending(p => p.Version).FirstAsync();
            var before = await db.Publications.SingleAsync(p => p.Id == publication.PredecessorPublicationId);
            async Task<ScoringResult> Run(int id) => JsonSerializer.Deserialize<ScoringResult>(await db.ScoreRuns.Where(r => r.Id == id).Select(r => r.ResultJson).SingleAsync(), ScoringInputs.Json)!;
            var parts = await db.UnitLineages.Where(l => l.RoundId == round.Id && l.UnitCode == unitCode).ToListAsync();
            return (await Run(publication.ScoreRunId), await Run(before.ScoreRunId), parts);
        });
        Assert.NotEmpty(lineage);
        Assert.Equal(1.0, lineage.Sum(l => l.Share), 6);
        if (unitCode == "SO-NV") Assert.Equal(2, lineage.Count);

        var unit = current.Units.Single(u => u.UnitCode == unitCode);
        var parts = lineage.Select(l => (l.Share, Unit: previous.Units.Single(u => u.UnitCode == l.PredecessorUnitCode))).ToList();
        var baseline = parts.Sum(p => p.Share * p.Unit.Index!.Value);
        var variance = parts.Sum(p => p.Share * p.Share * p.Unit.IndexStandardError!.Value * p.Unit.IndexStandardError.Value);
        var difference = unit.Index!.Value - baseline;
        var se = Math.Sqrt(unit.IndexStandardError!.Value * unit.IndexStandardError.Value + variance);
        var (lower, upper) = (difference - 1.959963984540054 * se, difference + 1.959963984540054 * se);

        using var json = JsonDocument.Parse(await app.CreateClient().GetStringAsync($"/cong-bo/{PublicationApp.Published}/du-lieu/so-lieu.json"));
        var rows = json.RootElement.GetProperty("figures").EnumerateArray().Where(r => r.GetProperty("unitCode").GetString() == unitCode).ToList();
        var prev = rows.Single(r => r.GetProperty("measure").GetString() == "previous_index");
        var change = rows.Single(r => r.GetProperty("measure").GetString() == "change_index");
        Assert.Equal(baseline, prev.GetProperty("value").GetDouble(), 1e-5);
        Assert.Equal(Math.Sqrt(variance), prev.GetProperty("se").GetDouble(), 1e-5);
        Assert.Equal(difference, change.GetProperty("value").GetDouble(), 1e-5);
        Assert.Equal(se, change.GetProperty("se").GetDouble(), 1e-5);
        Assert.Equal(lower, change.GetProperty("lower").GetDouble(), 1e-4);
        Assert.Equal(upper, change.GetProperty("upper").GetDouble(), 1e-4);
        Assert.Equal(lower > 0 || upper < 0, change.GetProperty("significant").GetBoolean());
    }

    [Fact]
    public async Task The_demo_shows_changes_beyond_sampling_error_and_changes_within_it()
    {
        using var json = JsonDocument.Parse(await app.CreateClient().GetStringAsync($"/cong-bo/{PublicationApp.Published}/du-lieu/so-lieu.json"));
        var changes = json.RootElement.GetProperty("figures").EnumerateArray().Where(r => r.GetProperty("measure").GetString() == "change_index").ToList();
        Assert.Contains(changes, c => c.GetProperty("significant").GetBoolean());
        Assert.Contains(changes, c => !c.GetProperty("significant").GetBoolean());
    }
}
