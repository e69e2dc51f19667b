using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using ParIndex.Core.Domain;
using ParIndex.Core.Questionnaires;
using ParIndex.Web.Data;
using ParIndex.Web.Features.Distribution;

namespace ParIndex.Web.Features.Collection;

/// <summary>What a public link opens: the link, its round and group, the questionnaire to answer and the units it rates.</summary>
public sealed record PublicLinkContext(PublicLink Link, Round Round, QuestionnaireVersion Version, QuestionnaireDefinition Definition, IReadOnlyList<Unit> Units)
{
    /// <summary>Whether the round takes answers now (<see cref="RoundIntake"/>); the writer decides it again when storing.</summary>
    public bool RoundOpen => RoundIntake.TakesAnswers(Round.Status);
}

/// <summary>
/// An anonymous answer through a public link (a QR code at a one-stop counter): checked here, then stored by the one
/// writer (<see cref="SubmitResponse.Store"/>, through the node's <see cref="SubmissionWriter"/>), which applies the
/// round rule, takes a place of the link's quota in its transaction and tells the live monitor after the commit.
/// Duplicates are held off by the client id and by identical answers from the same network within 30 minutes.
/// </summary>
public static class SubmitPublicResponse
{
    /// <summary>The link behind a slug, or null when there is none (or its group has no published questionnaire yet).</summary>
    public static async Task<PublicLinkContext?> Open(ParIndexDbContext db, CollectionCatalog catalog, string? slug, CancellationToken ct)
    {
        if (slug is not { Length: 16 }) return null;
        var link = await db.PublicLinks.AsNoTracking().FirstOrDefaultAsync(p => p.Slug == slug, ct);
        if (link is null) return null;
        var round = await catalog.RoundAsync(db, link.RoundId, ct);
        var group = await db.RespondentGroups.AsNoTracking().FirstOrDefaultAsync(g => g.Id == link.RespondentGroupId, ct);
        if (round is null || group is null) return null;
        var version = await catalog.LatestPublishedAsync(db, link.RoundId, group.Id, ct);
        if (version is null) return null;
        var units = await catalog.RatedUnitsAsync(db, link.RoundId, group, ct);
        return new PublicLinkContext(link, round, version, PublishedDefinitions.Of(version), units);
    }

    /// <summary>
    /// The read-only half: a client id already used, refused answers, or the same answers from the same network within 30
    /// minutes decide at once; otherwise a submission ready for the writer.
    /// </summary>
    public static async Task<(SubmitOutcome? Outcome, PreparedSubmission? Prepared)> Prepare(ParIndexDbContext db, PublicLinkContext context, ResponseData data,
        Guid clientId, string? ip, string language, string? device, DateTime started, DateTime now, CancellationToken ct)
    {
        var link = context.Link;
        // The client id is minted with the form: the same id again is that form posted again, answered with the first
        // post's acknowledgement when it stored this link's answer; any other use of the id is refused.
        if (await db.Responses.AsNoTracking().Where(r => r.ClientId == clientId)
                .Select(r => new { r.Id, r.ClientId, r.RespondentId, r.UnitId, r.RespondentGroupId, r.Status, r.SubmittedAt, r.UpdatedAt }).FirstOrDefaultAsync(ct) is { } seen)
            return (seen.RespondentId == null && seen.UnitId == link.UnitId && seen.RespondentGroupId == link.RespondentGroupId && seen.Status == ResponseStatus.Submitted
                ? new SubmitOutcome.Accepted(new SubmitAck(seen.Id, seen.ClientId, seen.SubmittedAt ?? seen.UpdatedAt, Duplicate: true))
                : new SubmitOutcome.AlreadyAnswered(), null);
        var engine = AnswerChecks.EngineFor(context.Definition, context.Version.ContentHash);
        var (errors, cleaned) = AnswerChecks.Check(engine, data, context.Units.Select(u => new RatedUnit(u.Code, u.Name)).ToList(), language);
        if (errors.Count > 0) return (new SubmitOutcome.Invalid(errors), null);
        var fingerprint = Fingerprint(data, ip);
        var since = now.AddMinutes(-30);
        var marker = $"\"fp\":\"{fingerprint}\"";
        if (await db.Responses.AnyAsync(r => r.RespondentId == null && r.UnitId == link.UnitId && r.SubmittedAt > since && r.ParadataJson != null && r.ParadataJson.Contains(marker), ct))
            return (new SubmitOutcome.AlreadyAnswered(), null);
        var paradata = JsonSerializer.Serialize(new { mode = "web-public", device, started, ended = now, fp = fingerprint });
        return (null, new PreparedSubmission(clientId, link.RoundId, null, link.RespondentGroupId, link.UnitId, context.Version.Id, null,
            ResponseMode.Web, language, device, started, now, SubmitResponse.AnswerSetsOf(cleaned, context.Units), link.Id, paradata));
    }

    /// <summary>A fingerprint of the answers and the sender's network, so the same answers sent again from the same place are caught.</summary>
    public static string Fingerprint(ResponseData data, string? ip) =>
        Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes((ip ?? "") + "|" + JsonSerializer.Serialize(data.Answers.OrderBy(a => a.Key, StringComparer.Ordinal)))))[..32];
}
