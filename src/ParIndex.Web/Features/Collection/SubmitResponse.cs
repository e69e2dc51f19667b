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
}

/// <summary>
/// Stores a respondent's answers exactly once. The unique index on the client id (and on the respondent) settles
/// races in the database rather than in memory, so two nodes or two retries can never store a response twice.
/// </summary>
public static class SubmitResponse
{
    public static async Task<SubmitOutcome> Handle(ParIndexDbContext db, LinkContext link, SubmitRequest request, DateTime now, CancellationToken ct)
    {
        var respondent = link.Respondent!;
        // A retry of a submission already stored — also after the link became used — gets its acknowledgement back.
        if (await FindExisting(db, request.ClientId, ct) is { } existing)
            return existing.RespondentId == respondent.Id ? Ack(existing, duplicate: true)
                : link.State == LinkState.Used ? new SubmitOutcome.AlreadyAnswered() : new SubmitOutcome.ClientIdConflict();
        if (link.State == LinkState.Used) return new SubmitOutcome.AlreadyAnswered();

        var units = link.RatedUnits!;
        var engine = AnswerChecks.EngineFor(link.Definition!, link.Version!.ContentHash);
        var (errors, cleaned) = AnswerChecks.Check(engine, request.Data, units.Select(u => new RatedUnit(u.Code, u.Name)).ToList(), request.Language);
        if (errors.Count > 0) return new SubmitOutcome.Invalid(errors);

        var unitIds = units.ToDictionary(u => u.Code, u => u.Id, StringComparer.Ordinal);
        var response = await db.Responses.Include(r => r.AnswerSets).FirstOrDefaultAsync(r => r.RespondentId == respondent.Id, ct);
        if (response is { Status: ResponseStatus.Submitted })
            return response.ClientId == request.ClientId ? Ack(response, duplicate: true) : new SubmitOutcome.AlreadyAnswered();
        // A paper form being keyed holds the member's one response: the web cannot take it over (field entry, issue 7).
        if (response is { Mode: ResponseMode.Paper } && request.Mode != ResponseMode.Paper) return new SubmitOutcome.AlreadyAnswered();
        if (response is null)
        {
            response = new Response
            {
                RoundId = respondent.RoundId,
                RespondentId = respondent.Id,
                RespondentGroupId = respondent.RespondentGroupId,
                UnitId = respondent.UnitId,
                QuestionnaireVersionId = link.Version!.Id,
                StartedAt = request.StartedAt ?? now,
            };
            db.Responses.Add(response);
        }
        response.ClientId = request.ClientId;
        // A keyed paper form may have no usable link (revoked or never sent): the respondent code identified the member.
        response.InvitationId = link.Invitation?.Id ?? response.InvitationId;
        response.Mode = request.Mode;
        response.Language = request.Language;
        response.DeviceClass = request.DeviceClass;
        response.AnswerSets.Clear();
        response.AnswerSets.Add(new AnswerSet { AnswersJson = JsonSerializer.Serialize(cleaned.Answers) });
        foreach (var (code, answers) in cleaned.Units.Where(u => u.Value.Count > 0))
            response.AnswerSets.Add(new AnswerSet { RatedUnitId = unitIds[code], AnswersJson = JsonSerializer.Serialize(answers) });
        response.Submit(now);
        link.Invitation?.MarkUsed();

        try
        {
            await db.SaveChangesAsync(ct);
        }
        catch (DbUpdateException e) when (IsUniqueViolation(e))
        {
            // Lost a race with a retry of the same submission (or another device of the same respondent).
            db.ChangeTracker.Clear();
            if (await FindExisting(db, request.ClientId, ct) is { } winner && winner.RespondentId == respondent.Id)
                return Ack(winner, duplicate: true);
            return new SubmitOutcome.AlreadyAnswered();
        }
        db.PublishSubmitted(response);
        return Ack(response, duplicate: false);
    }

    private static Task<Response?> FindExisting(ParIndexDbContext db, Guid clientId, CancellationToken ct) =>
        db.Responses.AsNoTracking().FirstOrDefaultAsync(r => r.ClientId == clientId && r.Status == ResponseStatus.Submitted, ct);

    private static SubmitOutcome.Accepted Ack(Response r, bool duplicate) =>
        new(new SubmitAck(r.Id, r.ClientId, r.SubmittedAt ?? r.UpdatedAt, duplicate));

    internal static bool IsUniqueViolation(DbUpdateException e) => e.InnerException switch
    {
        SqliteException s => s.SqliteErrorCode == 19 && s.SqliteExtendedErrorCode is 2067 or 1555,
        { } inner => inner.GetType().Name == "PostgresException" && inner.GetType().GetProperty("SqlState")?.GetValue(inner) as string == "23505",
        _ => false,
    };
}
