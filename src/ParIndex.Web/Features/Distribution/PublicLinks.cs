using System.Buffers.Text;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using ParIndex.Core.Domain;
using ParIndex.Core.Questionnaires;
using ParIndex.Web.Data;
using ParIndex.Web.Features.Collection;

namespace ParIndex.Web.Features.Distribution;

/// <summary>
/// A link (and QR code posted at a one-stop counter) anyone may answer for one unit and group, up to a quota
/// (e.g. 300 citizens of xã X); it closes by itself when the quota is reached. Responses carry no respondent.
/// </summary>
public sealed class PublicLink
{
    public int Id { get; set; }
    public int RoundId { get; set; }
    public int UnitId { get; set; }
    public int RespondentGroupId { get; set; }
    /// <summary>Random, URL-safe; public by design (it is printed on posters), so it is stored as is.</summary>
    public required string Slug { get; set; }
    public int Quota { get; set; }
    public int Accepted { get; set; }
    public bool Closed { get; set; }
    public DateTime CreatedAt { get; set; }

    public bool IsOpen => !Closed && Accepted < Quota;
}

public sealed record PublicLinkRequest(int UnitId, int GroupId, int Quota);

public sealed record PublicLinkDto(int Id, int UnitId, int GroupId, int Quota, int Accepted, bool Open, string Link);

public abstract record PublicOutcome
{
    public sealed record Accepted(long ResponseId) : PublicOutcome;
    public sealed record Invalid(IReadOnlyList<AnswerError> Errors) : PublicOutcome;
    public sealed record QuotaReached : PublicOutcome;
    public sealed record Duplicate : PublicOutcome;
}

public static class PublicLinks
{
    public static string NewSlug()
    {
        Span<byte> bytes = stackalloc byte[12];
        RandomNumberGenerator.Fill(bytes);
        return Base64Url.EncodeToString(bytes);
    }

    public static PublicLinkDto Dto(PublicLink p, string baseUrl) => new(p.Id, p.UnitId, p.RespondentGroupId, p.Quota, p.Accepted, p.IsOpen, $"{baseUrl.TrimEnd('/')}/p/{p.Slug}");

    /// <summary>A fingerprint of the answers and the sender's network, so the same answers sent again from the same place are caught.</summary>
    public static string Fingerprint(ResponseData data, string? ip) =>
        Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes((ip ?? "") + "|" + JsonSerializer.Serialize(data.Answers.OrderBy(a => a.Key, StringComparer.Ordinal)))))[..32];

    /// <summary>
    /// Stores one anonymous response if the quota allows. The quota is taken with one conditional UPDATE
    /// (<c>Accepted &lt; Quota</c>) inside the response's transaction, so concurrent submissions can never overshoot it.
    /// </summary>
    public static async Task<PublicOutcome> Submit(ParIndexDbContext db, PublicLink link, QuestionnaireVersion version, QuestionnaireDefinition definition,
        IReadOnlyList<Unit> ratedUnits, ResponseData data, Guid clientId, string fingerprint, string language, string? device, DateTime started, DateTime now, CancellationToken ct)
    {
        // A retry of a stored post (same client id, this link) gets its acknowledgement back; anything else is a duplicate.
        if (await Stored(db, link, clientId, ct) is { } retried) return retried;
        var engine = AnswerChecks.EngineFor(definition, version.ContentHash);
        var (errors, cleaned) = AnswerChecks.Check(engine, data, ratedUnits.Select(u => new RatedUnit(u.Code, u.Name)).ToList(), language);
        if (errors.Count > 0) return new PublicOutcome.Invalid(errors);
        // Near-duplicate: identical answers from the same network to the same link within 30 minutes.
        var since = now.AddMinutes(-30);
        var marker = $"\"fp\":\"{fingerprint}\"";
        var near = await db.Responses.Where(r => r.RespondentId == null && r.UnitId == link.UnitId && r.SubmittedAt > since && r.ParadataJson != null && r.ParadataJson.Contains(marker))
            .Select(r => new { r.Id, r.ClientId }).FirstOrDefaultAsync(ct);
        if (near is not null) return near.ClientId == clientId ? new PublicOutcome.Accepted(near.Id) : new PublicOutcome.Duplicate();

        await using var tx = await db.Database.BeginTransactionAsync(ct);
        var taken = await db.Set<PublicLink>().Where(p => p.Id == link.Id && !p.Closed && p.Accepted < p.Quota)
            .ExecuteUpdateAsync(s => s.SetProperty(p => p.Accepted, p => p.Accepted + 1), ct);
        if (taken == 0) return new PublicOutcome.QuotaReached();
        var ids = ratedUnits.ToDictionary(u => u.Code, u => u.Id, StringComparer.Ordinal);
        var response = new Response
        {
            ClientId = clientId, RoundId = link.RoundId, RespondentId = null, RespondentGroupId = link.RespondentGroupId, UnitId = link.UnitId,
            QuestionnaireVersionId = version.Id, Mode = ResponseMode.Web, Language = language, DeviceClass = device, StartedAt = started,
            ParadataJson = JsonSerializer.Serialize(new { mode = "web-public", device, started, ended = now, fp = fingerprint }),
        };
        response.AnswerSets.Add(new AnswerSet { AnswersJson = JsonSerializer.Serialize(cleaned.Answers) });
        foreach (var (code, answers) in cleaned.Units.Where(u => u.Value.Count > 0))
            response.AnswerSets.Add(new AnswerSet { RatedUnitId = ids[code], AnswersJson = JsonSerializer.Serialize(answers) });
        response.Submit(now);
        db.Responses.Add(response);
        try
        {
            await db.SaveChangesAsync(ct);
            await tx.CommitAsync(ct);
        }
        catch (DbUpdateException e) when (SubmitResponse.IsUniqueViolation(e))
        {
            // The same post arrived twice at once (a double tap, a retry while the first was in flight): the first one
            // stored it; this one takes back its quota (the rollback) and answers with the first one's acknowledgement.
            await tx.RollbackAsync(ct);
            db.ChangeTracker.Clear();
            return await Stored(db, link, clientId, ct) ?? new PublicOutcome.Duplicate();
        }
        return new PublicOutcome.Accepted(response.Id);
    }

    /// <summary>The outcome for a client id already stored: its acknowledgement when it was this link's, else a duplicate; null when not stored.</summary>
    private static async Task<PublicOutcome?> Stored(ParIndexDbContext db, PublicLink link, Guid clientId, CancellationToken ct)
    {
        var stored = await db.Responses.AsNoTracking().Where(r => r.ClientId == clientId)
            .Select(r => new { r.Id, r.RespondentId, r.UnitId, r.RespondentGroupId }).FirstOrDefaultAsync(ct);
        if (stored is null) return null;
        return stored.RespondentId == null && stored.UnitId == link.UnitId && stored.RespondentGroupId == link.RespondentGroupId
            ? new PublicOutcome.Accepted(stored.Id) : new PublicOutcome.Duplicate();
    }
}
