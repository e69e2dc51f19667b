using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using ParIndex.Core.Domain;
using ParIndex.Core.FieldEntry;
using ParIndex.Core.Scoring;
using ParIndex.Web.Data;
using ParIndex.Web.Features.Demo;
using ParIndex.Web.Features.Scoring;
using ParIndex.Web.Tests.Infrastructure;
using ParIndex.Web.Tests.ScaleOut;

namespace ParIndex.Web.Tests.Features.Scoring;

/// <summary>
/// The streamed loader (<see cref="ResponseStream"/>: one raw ordered stream, answers as UTF-8 bytes, parsed on all cores)
/// gives exactly what the EF loader gave: the same input hash (so published runs stay reproducible), the same response
/// count and the same figures byte for byte.
/// </summary>
public abstract class ScoringStreamTestsBase(ParIndexFactory app)
{
    private static async Task AssertSameAsEntities(ParIndexDbContext db, int roundId)
    {
        var reference = await ScoringInputs.LoadAsync(db, roundId, ParIndex.Web.Tests.Features.Scoring.ScoringThroughEntities.AddAsync, default);
        var streamed = await ScoringInputs.LoadAsync(db, roundId, default);
        Assert.Equal(reference.InputHash, streamed.InputHash);
        Assert.Equal(reference.ResponseCount, streamed.ResponseCount);
        Assert.Equal(reference.Data.RowCount, streamed.Data.RowCount);
        Assert.Equal(reference.Data.Targets, streamed.Data.Targets);
        Assert.Equal(Figures(reference), Figures(streamed));
    }

    private static string Figures(ScoringInputs i) =>
        JsonSerializer.Serialize(ScoringEngine.Score(i.Data, i.Criteria, i.Appraisals, i.Configuration, i.ApprovedAppraisals), ScoringInputs.Json);

    [Fact]
    public async Task The_demo_round_loads_the_same_through_the_stream_as_through_entities() =>
        await app.WithDb(async db =>
        {
            var roundId = await db.Rounds.Where(r => r.Code == DemoData.RoundCode).Select(r => r.Id).FirstAsync();
            await AssertSameAsEntities(db, roundId);
            return 0;
        });

    [Fact]
    public async Task Rejected_unsubmitted_paper_public_and_odd_json_responses_load_the_same_through_the_stream()
    {
        var roundId = await app.WithDb(async db =>
        {
            var round = await db.Rounds.FirstAsync(r => r.Code == DemoData.RoundCode);
            var submitted = await db.Responses.Where(r => r.RoundId == round.Id && r.Status == ResponseStatus.Submitted)
                .Include(r => r.AnswerSets).OrderBy(r => r.Id).ToListAsync();
            var now = DateTime.UtcNow;
            // Rejected by a supervisor (excluded), returned (still counts), approved (counts).
            db.ResponseReviews.Add(new ResponseReview { ResponseId = submitted[0].Id, RoundId = round.Id, State = ReviewState.Rejected, Comment = "trùng", UpdatedAt = now });
            db.ResponseReviews.Add(new ResponseReview { ResponseId = submitted[1].Id, RoundId = round.Id, State = ReviewState.Approved, UpdatedAt = now });
            // Back in progress (excluded); keyed on paper (counts, as the web ones).
            submitted[2].Status = ResponseStatus.InProgress;
            foreach (var r in submitted.Skip(3).Where((_, i) => i % 4 == 0)) r.Mode = ResponseMode.Paper;
            // Keys out of questionnaire order, an escaped key and answer, a repeated key, a null answer, an unknown item.
            var officials = submitted.Where(r => r.AnswerSets.Count > 1).ToList();
            Assert.NotEmpty(officials); // grid: one answer set per rated unit
            var grid = officials[0].AnswerSets.OrderBy(s => s.Id).ToList();
            var answers = JsonSerializer.Deserialize<Dictionary<string, string?>>(grid[0].AnswersJson)!;
            var reversed = answers.Reverse().ToList();
            var odd = "{" + string.Join(",", reversed.Select((p, i) => i switch
            {
                0 => $"\"{Escape(p.Key)}\":\"{Escape(p.Value ?? "")}\"",
                1 => $"{JsonSerializer.Serialize(p.Key)}:null",
                _ => $"{JsonSerializer.Serialize(p.Key)}:{JsonSerializer.Serialize(p.Value)}",
            })) + (reversed.Count > 2 ? $",{JsonSerializer.Serialize(reversed[2].Key)}:\"1\"" : "") + ",\"not-an-item\":\"5\"}";
            grid[0].AnswersJson = odd;
            // A public-link response: no sample member (weight 1, own PSU).
            var copy = submitted[5];
            db.Responses.Add(new Response
            {
                ClientId = Guid.NewGuid(), RoundId = round.Id, QuestionnaireVersionId = copy.QuestionnaireVersionId, RespondentGroupId = copy.RespondentGroupId,
                UnitId = copy.UnitId, Mode = ResponseMode.Web, Status = ResponseStatus.Submitted, StartedAt = now, SubmittedAt = now, UpdatedAt = now, Revision = 2,
                AnswerSets = [.. copy.AnswerSets.Select(s => new AnswerSet { RatedUnitId = s.RatedUnitId, AnswersJson = s.AnswersJson })],
            });
            await db.SaveChangesAsync();
            return round.Id;
        });
        await app.WithDb(async db =>
        {
            await AssertSameAsEntities(db, roundId);
            var rejected = await db.ResponseReviews.Where(v => v.State == ReviewState.Rejected).Select(v => v.ResponseId).ToListAsync();
            var counted = await db.Responses.CountAsync(r => r.RoundId == roundId && r.Status == ResponseStatus.Submitted && !rejected.Contains(r.Id));
            Assert.Equal(counted, (await ScoringInputs.LoadAsync(db, roundId, default)).ResponseCount);
            return 0;
        });
    }

    /// <summary>Every character as a \u escape: the reader must unescape before it compares.</summary>
    private static string Escape(string s) => string.Concat(s.Select(c => $"\\u{(int)c:x4}"));
}

/// <summary>On SQLite (the default provider).</summary>
public sealed class ScoringStreamTests(ScoringStreamTests.App app) : ScoringStreamTestsBase(app), IClassFixture<ScoringStreamTests.App>
{
    public sealed class App : ParIndexFactory;
}

/// <summary>The same statement on PostgreSQL (names from the EF model, enum parameters as stored), on a cluster of its own.</summary>
public sealed class PostgresScoringStreamTests(PostgresFactory app) : ScoringStreamTestsBase(app), IClassFixture<PostgresFactory>;
