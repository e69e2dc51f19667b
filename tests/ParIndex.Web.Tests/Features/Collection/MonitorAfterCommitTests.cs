using Microsoft.Data.Sqlite;
using ParIndex.Core.Domain;
using ParIndex.Web.Features.Collection;
using ParIndex.Web.Features.Monitoring;
using ParIndex.Web.Tests.Infrastructure;

namespace ParIndex.Web.Tests.Features.Collection;

/// <summary>
/// The writer tells the live monitor only once what it wrote is committed — also when it runs inside a caller's
/// transaction (a keyed paper form is accepted inside the keying transaction) — and never when that rolls back.
/// </summary>
public sealed class MonitorAfterCommitTests
{
    /// <summary>Records each event with whether another connection could already read the response as submitted.</summary>
    private sealed class Recorder(string databasePath) : IProgressEvents
    {
        public List<(long ResponseId, bool Committed)> Events { get; } = [];

        public void Submitted(ResponseSubmitted e)
        {
            using var other = new SqliteConnection($"Data Source={databasePath}");
            other.Open();
            using var command = other.CreateCommand();
            command.CommandText = "SELECT COUNT(*) FROM Responses WHERE Id = $id AND Status = $submitted";
            command.Parameters.AddWithValue("$id", e.ResponseId);
            command.Parameters.AddWithValue("$submitted", (int)ResponseStatus.Submitted);
            Events.Add((e.ResponseId, Convert.ToInt64(command.ExecuteScalar(), System.Globalization.CultureInfo.InvariantCulture) == 1));
        }

        public void RoundChanged(int roundId) { }
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public async Task A_submission_inside_a_callers_transaction_is_announced_after_that_transaction_commits_and_never_on_rollback(bool commit)
    {
        await using var app = new ParIndexFactory();
        var (token, _) = await app.IssueTokenAsync();
        var (_, data) = await Answers.ValidFor(app.CreateClient(), token);
        var recorder = new Recorder(app.DatabasePath);
        var now = DateTime.UtcNow;

        await using var db = app.NewDbContext();
        var link = await RespondentLink.Resolve(db, CollectionCatalog.Uncached, token, now, CancellationToken.None);
        await using (var outer = await db.Database.BeginTransactionAsync())
        {
            var outcome = await SubmitResponse.Handle(db, recorder, link, new SubmitRequest(Guid.NewGuid(), data, ResponseMode.Paper, "vi", now, "paper"), now, CancellationToken.None);
            Assert.IsType<SubmitOutcome.Accepted>(outcome);
            Assert.Empty(recorder.Events);
            if (commit) await outer.CommitAsync();
            else await outer.RollbackAsync();
        }

        if (commit) Assert.True(Assert.Single(recorder.Events).Committed);
        else Assert.Empty(recorder.Events);
    }

    [Fact]
    public async Task A_submission_in_its_own_transaction_is_announced_once_committed()
    {
        await using var app = new ParIndexFactory();
        var (token, _) = await app.IssueTokenAsync();
        var (_, data) = await Answers.ValidFor(app.CreateClient(), token);
        var recorder = new Recorder(app.DatabasePath);
        var now = DateTime.UtcNow;

        await using var db = app.NewDbContext();
        var link = await RespondentLink.Resolve(db, CollectionCatalog.Uncached, token, now, CancellationToken.None);
        var outcome = await SubmitResponse.Handle(db, recorder, link, new SubmitRequest(Guid.NewGuid(), data, ResponseMode.Web, "vi", now, "phone"), now, CancellationToken.None);

        var ack = Assert.IsType<SubmitOutcome.Accepted>(outcome).Ack;
        Assert.Equal((ack.ResponseId, true), Assert.Single(recorder.Events));
    }
}
