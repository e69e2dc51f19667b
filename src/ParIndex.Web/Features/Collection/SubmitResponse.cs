using System.Text.Json;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using ParIndex.Core.Domain;
using ParIndex.Core.Questionnaires;
using ParIndex.Web.Data;
using ParIndex.Web.Features.Monitoring;

namespace ParIndex.Web.Features.Collection;

/// <summary>A submission: the client's id (the idempotency key), the answers and paradata.</summary>
public sealed record SubmitRequest(Guid ClientId, ResponseData Data, ResponseMode Mode, string Language = "vi", DateTime? StartedAt = null, string? DeviceClass = null);

/// <summary>The acknowledgement: sent only after the response is committed. A retry gets the same one back.</summary>
public sealed record SubmitAck(long ResponseId, Guid ClientId, DateTime ReceivedAt, bool Duplicate);

public abstract record SubmitOutcome
{
    public sealed record Accepted(SubmitAck Ack) : SubmitOutcome;
    public sealed record Invalid(IReadOnlyList<AnswerError> Errors) : SubmitOutcome;
    /// <summary>The respondent already has a submitted response under another client id.</summary>
    public sealed record AlreadyAnswered : SubmitOutcome;
    /// <summary>The client id is in use by another respondent's response.</summary>
    public sealed record ClientIdConflict : SubmitOutcome;
    /// <summary>The link was closed (revoked), or its round stopped taking answers, between reading it and storing the answers.</summary>
    public sealed record LinkClosed(string ProblemCode) : SubmitOutcome;
    /// <summary>A public link's quota was reached (or the link closed) before this answer could take a place.</summary>
    public sealed record QuotaReached : SubmitOutcome;
}

/// <summary>
/// A checked submission ready to store: everything the write needs, nothing that needs the request. Built by
/// <see cref="SubmitResponse.Prepare"/> on the request's thread (reads and answer checks run in parallel); stored
/// by <see cref="SubmitResponse.Store"/>, alone or in a group commit by <see cref="SubmissionWriter"/>.
/// A public link's answer has no sample member (<paramref name="RespondentId"/> null) and takes a place of the link's quota.
/// </summary>
public sealed record PreparedSubmission(
    Guid ClientId, int RoundId, int? RespondentId, int RespondentGroupId, int? UnitId, int QuestionnaireVersionId, int? InvitationId,
    ResponseMode Mode, string Language, string? DeviceClass, DateTime StartedAt, DateTime Now,
    IReadOnlyList<(int? RatedUnitId, string AnswersJson)> AnswerSets, int? PublicLinkId = null, string? ParadataJson = null);

/// <summary>
/// The one writer of <see cref="Response"/> and <see cref="AnswerSet"/> rows for submitted answers, whichever path they
/// came by (personal link, API, public link, keyed paper form, demo seed): the round rule (<see cref="RoundIntake"/>),
/// the link's state and a public link's quota are decided inside the write's transaction, and the live monitor is
/// told after it commits. Stores a respondent's answers exactly once. The unique index on the client id (and on the respondent) settles
/// races in the database rather than in memory, so two nodes or two retries can never store a response twice.
/// </summary>
public static class SubmitResponse
{
    /// <summary>Checks and stores one submission in its own transaction (the form page; the API goes through the writer).</summary>
    public static async Task<SubmitOutcome> Handle(ParIndexDbContext db, IProgressEvents events, LinkContext link, SubmitRequest request, DateTime now, CancellationToken ct)
    {
        var checkedOrOutcome = await Prepare(db, link, request, now, ct);
        if (checkedOrOutcome.Outcome is { } decided) return decided;
        return (await Store(db, events, [checkedOrOutcome.Prepared!], ct))[0];
    }

    /// <summary>
    /// The read-only half: a retry of a stored submission gets its acknowledgement; a used link is refused; the
    /// answers are checked with the questionnaire engine. Either an outcome, or a submission ready to store.
    /// </summary>
    public static async Task<(SubmitOutcome? Outcome, PreparedSubmission? Prepared)> Prepare(ParIndexDbContext db, LinkContext link, SubmitRequest request, DateTime now, CancellationToken ct)
    {
        var respondent = link.Respondent!;
        if (link.State == LinkState.Used)
        {
            // A retry of a submission already stored — also after the link became used — gets its acknowledgement back.
            // (The link read the member's one response; whether a client id is taken by someone else is the writer's call.)
            return (link.Existing is { Status: ResponseStatus.Submitted } e && e.ClientId == request.ClientId
                ? new SubmitOutcome.Accepted(new SubmitAck(e.Id, e.ClientId, e.SubmittedAt ?? e.UpdatedAt, Duplicate: true))
                : new SubmitOutcome.AlreadyAnswered(), null);
        }

        var units = link.RatedUnits!;
        var engine = AnswerChecks.EngineFor(link.Definition!, link.Version!.ContentHash);
        var (errors, cleaned) = AnswerChecks.Check(engine, request.Data, units.Select(u => new RatedUnit(u.Code, u.Name)).ToList(), request.Language);
        if (errors.Count > 0) return (new SubmitOutcome.Invalid(errors), null);

        return (null, new PreparedSubmission(request.ClientId, respondent.RoundId, respondent.Id, respondent.RespondentGroupId, respondent.UnitId,
            link.Version.Id, link.Invitation?.Id, request.Mode, request.Language, request.DeviceClass, request.StartedAt ?? now, now, AnswerSetsOf(cleaned, units)));
    }

    /// <summary>The rows of checked answers: the form-level answers, then one set per rated unit that has answers.</summary>
    public static IReadOnlyList<(int? RatedUnitId, string AnswersJson)> AnswerSetsOf(ResponseData cleaned, IReadOnlyList<Unit> units)
    {
        var unitIds = units.ToDictionary(u => u.Code, u => u.Id, StringComparer.Ordinal);
        var sets = new List<(int?, string)> { (null, JsonSerializer.Serialize(cleaned.Answers)) };
        foreach (var (code, answers) in cleaned.Units.Where(u => u.Value.Count > 0))
            sets.Add((unitIds[code], JsonSerializer.Serialize(answers)));
        return sets;
    }

    /// <summary>
    /// The write half, for a batch: one transaction, one commit, an outcome per submission in order. The decisions a
    /// retry or a second device needs are taken against the rows read inside the transaction (and against earlier
    /// submissions of the same batch). Should another writer — another node, the form page — win a unique index in
    /// between, the batch is rolled back and each submission is stored alone, where the index decides.
    /// </summary>
    public static async Task<SubmitOutcome[]> Store(ParIndexDbContext db, IProgressEvents events, IReadOnlyList<PreparedSubmission> batch, CancellationToken ct)
    {
        try
        {
            return await StoreTogether(db, events, batch, ct);
        }
        catch (DbUpdateException e) when (batch.Count > 1 && IsUniqueViolation(e))
        {
            db.ChangeTracker.Clear();
            var outcomes = new SubmitOutcome[batch.Count];
            for (var i = 0; i < batch.Count; i++) outcomes[i] = (await Store(db, events, [batch[i]], ct))[0];
            return outcomes;
        }
        catch (DbUpdateException e) when (IsUniqueViolation(e))
        {
            // Lost a race with a retry of the same submission (or another device of the same respondent).
            db.ChangeTracker.Clear();
            var s = batch[0];
            if (s.PublicLinkId is null && await FindExisting(db, s.ClientId, ct) is { } winner && winner.RespondentId == s.RespondentId)
                return [Ack(winner, duplicate: true)];
            return [new SubmitOutcome.AlreadyAnswered()];
        }
    }

    private static async Task<SubmitOutcome[]> StoreTogether(ParIndexDbContext db, IProgressEvents events, IReadOnlyList<PreparedSubmission> batch, CancellationToken ct)
    {
        await using var tx = await UnitOfWork.BeginAsync(db, ct);
        var clientIds = batch.Select(s => s.ClientId).Distinct().ToList();
        // Public answers have no member: a null here would match every other public answer.
        var respondentIds = batch.Where(s => s.RespondentId is not null).Select(s => s.RespondentId).Distinct().ToList();
        var invitationIds = batch.Where(s => s.InvitationId is not null).Select(s => s.InvitationId!.Value).Distinct().ToList();
        var rows = await ResponsesOf.For(db)(db, clientIds, respondentIds).ToListAsync(ct);
        var invitations = (await InvitationStates.For(db)(db, invitationIds).ToListAsync(ct)).ToDictionary(i => i.Id, i => i.Status);
        // The round read when the link was opened may be a node's cached copy: whether it still takes answers is
        // decided here, against the database, inside the transaction.
        var openRounds = await OpenRounds.For(db)(db, batch.Select(s => s.RoundId).Distinct().ToList()).ToHashSetAsync(cancellationToken: ct);

        // Earlier submissions of the batch are in `rows` once decided, so a retry arriving in the same batch as
        // its original is recognised exactly as one arriving later.
        var decided = new (SubmitOutcome? Outcome, Response? Stored, bool Duplicate)[batch.Count];
        var fresh = new List<Response>();
        var used = new List<int>();
        for (var i = 0; i < batch.Count; i++)
        {
            var s = batch[i];
            if (s.PublicLinkId is not null && rows.FirstOrDefault(r => r.ClientId == s.ClientId) is { } seen)
            {
                // A public answer has no member to recognise a retry by: the client id is minted with the form, so the same
                // id for the same link's unit and group is that form posted again (a double tap, a retry in flight) and gets
                // the first post's acknowledgement; any other use of the id is refused.
                decided[i] = IsSamePublicAnswer(seen, s) ? (null, seen, true) : (new SubmitOutcome.AlreadyAnswered(), null, false);
                continue;
            }
            if (rows.FirstOrDefault(r => r.ClientId == s.ClientId && r.Status == ResponseStatus.Submitted) is { } same)
            {
                decided[i] = same.RespondentId == s.RespondentId ? (null, same, true) : (new SubmitOutcome.ClientIdConflict(), null, false);
                continue;
            }
            if (!openRounds.Contains(s.RoundId))
            {
                decided[i] = (new SubmitOutcome.LinkClosed(RoundIntake.ClosedProblem), null, false);
                continue;
            }
            if (s.PublicLinkId is { } linkId)
            {
                // The quota is taken by one conditional UPDATE in this transaction: concurrent answers, on any node, never overshoot it.
                var taken = await db.PublicLinks.Where(p => p.Id == linkId && !p.Closed && p.Accepted < p.Quota)
                    .ExecuteUpdateAsync(u => u.SetProperty(p => p.Accepted, p => p.Accepted + 1), ct);
                if (taken == 0)
                {
                    decided[i] = (new SubmitOutcome.QuotaReached(), null, false);
                    continue;
                }
                var anonymous = NewResponse(s);
                anonymous.ParadataJson = s.ParadataJson;
                fresh.Add(anonymous);
                rows.Add(anonymous);
                decided[i] = (null, anonymous, false);
                continue;
            }
            var invitation = s.InvitationId is { } invitationId && invitations.TryGetValue(invitationId, out var status) ? status : (InvitationStatus?)null;
            if (invitation == InvitationStatus.Revoked)
            {
                decided[i] = (new SubmitOutcome.LinkClosed("token-revoked"), null, false);
                continue;
            }
            var response = rows.FirstOrDefault(r => r.RespondentId == s.RespondentId);
            // A paper form being keyed holds the member's one response: the web cannot take it over (field entry, issue 7).
            if (response is { Status: ResponseStatus.Submitted } || (response is { Mode: ResponseMode.Paper } && s.Mode != ResponseMode.Paper))
            {
                decided[i] = (new SubmitOutcome.AlreadyAnswered(), null, false);
                continue;
            }
            if (response is null)
            {
                // A new row: written below with the batch's other new rows, by prepared statements rather than tracked.
                response = NewResponse(s);
                fresh.Add(response);
                rows.Add(response);
            }
            else Fill(response, s);
            if (invitation is not null) used.Add(s.InvitationId!.Value);
            decided[i] = (null, response, false);
        }

        await db.SaveChangesAsync(ct);   // responses that existed (in progress, or a paper form being keyed)
        await SubmissionRows.WriteAsync(db, fresh, used, ct);
        // The live monitor is told once the write is committed — this transaction's commit, or the caller's when it
        // runs inside one (a keyed paper form is accepted in the keying transaction) — and never if it rolls back.
        var submitted = decided.Where(d => d is { Stored: not null, Duplicate: false })
            .Select(d => new ResponseSubmitted(d.Stored!.RoundId, d.Stored.Id, d.Stored.SubmittedAt ?? d.Stored.UpdatedAt)).ToList();
        if (submitted.Count > 0) db.AfterCommit(() => { foreach (var e in submitted) events.Submitted(e); });
        await tx.CommitAsync(ct);
        // Acknowledgements are made only after the commit returned (response ids exist from here on).
        return decided.Select(d => d.Outcome ?? Ack(d.Stored!, d.Duplicate)).ToArray();
    }

    /// <summary>Whether a stored response is the anonymous answer a public-link submission would store (same unit and group, no member).</summary>
    internal static bool IsSamePublicAnswer(Response stored, PreparedSubmission s) =>
        stored.RespondentId == null && stored.UnitId == s.UnitId && stored.RespondentGroupId == s.RespondentGroupId && stored.Status == ResponseStatus.Submitted;

    private static Response NewResponse(PreparedSubmission s)
    {
        var response = new Response
        {
            RoundId = s.RoundId, RespondentId = s.RespondentId, RespondentGroupId = s.RespondentGroupId, UnitId = s.UnitId,
            QuestionnaireVersionId = s.QuestionnaireVersionId, StartedAt = s.StartedAt,
        };
        Fill(response, s);
        return response;
    }

    private static void Fill(Response response, PreparedSubmission s)
    {
        response.ClientId = s.ClientId;
        // A keyed paper form may have no usable link (revoked or never sent): the respondent code identified the member.
        response.InvitationId = s.InvitationId ?? response.InvitationId;
        response.Mode = s.Mode;
        response.Language = s.Language;
        response.DeviceClass = s.DeviceClass;
        response.AnswerSets.Clear();
        foreach (var (unitId, json) in s.AnswerSets) response.AnswerSets.Add(new AnswerSet { RatedUnitId = unitId, AnswersJson = json });
        response.Submit(s.Now);
    }

    // The writer's reads, compiled once: they run for every batch, and EF's per-call work (building each expression and
    // finding it in the query cache) cost more than the queries themselves.
    private static readonly CompiledPerModel<Func<ParIndexDbContext, List<Guid>, List<int?>, IAsyncEnumerable<Response>>> ResponsesOf = new(() => EF.CompileAsyncQuery(
        (ParIndexDbContext db, List<Guid> clientIds, List<int?> respondentIds) =>
            db.Responses.Include(r => r.AnswerSets).Where(r => clientIds.Contains(r.ClientId) || respondentIds.Contains(r.RespondentId))));

    private sealed record InvitationState(int Id, InvitationStatus Status);

    private static readonly CompiledPerModel<Func<ParIndexDbContext, List<int>, IAsyncEnumerable<InvitationState>>> InvitationStates = new(() => EF.CompileAsyncQuery(
        (ParIndexDbContext db, List<int> ids) => db.Invitations.Where(i => ids.Contains(i.Id)).Select(i => new InvitationState(i.Id, i.Status))));

    private static readonly CompiledPerModel<Func<ParIndexDbContext, List<int>, IAsyncEnumerable<int>>> OpenRounds = new(() => EF.CompileAsyncQuery(
        (ParIndexDbContext db, List<int> ids) => db.Rounds.Where(r => ids.Contains(r.Id)).Where(RoundIntake.TakesAnswersQuery).Select(r => r.Id)));

    private static Task<Response?> FindExisting(ParIndexDbContext db, Guid clientId, CancellationToken ct) =>
        db.Responses.AsNoTracking().FirstOrDefaultAsync(r => r.ClientId == clientId && r.Status == ResponseStatus.Submitted, ct);

    private static SubmitOutcome.Accepted Ack(Response r, bool duplicate) =>
        new(new SubmitAck(r.Id, r.ClientId, r.SubmittedAt ?? r.UpdatedAt, duplicate));

    internal static bool IsUniqueViolation(DbUpdateException e) => e.InnerException switch
    {
        SqliteException s => s.SqliteErrorCode == 19 && s.SqliteExtendedErrorCode is 2067 or 1555,
        Npgsql.PostgresException p => p.SqlState == Npgsql.PostgresErrorCodes.UniqueViolation,
        _ => false,
    };
}
