using Microsoft.EntityFrameworkCore;
using ParIndex.Core.Domain;
using ParIndex.Core.Questionnaires;
using ParIndex.Web.Data;
using ParIndex.Web.Infrastructure;

namespace ParIndex.Web.Features.Collection;

public enum LinkState
{
    Open,
    /// <summary>Unknown or malformed: 404, revealing nothing about which tokens exist.</summary>
    Invalid,
    Revoked,
    /// <summary>Outside its valid-from/valid-until window.</summary>
    Expired,
    /// <summary>The respondent already submitted: the link shows "already answered", never the answers.</summary>
    Used,
    /// <summary>The round has no published questionnaire for this respondent's group yet.</summary>
    NotReady,
}

/// <summary>Everything a personal link opens: the invitation, the sample member and the questionnaire to answer.</summary>
public sealed record LinkContext(
    LinkState State,
    Invitation? Invitation = null,
    Respondent? Respondent = null,
    Round? Round = null,
    RespondentGroup? Group = null,
    QuestionnaireVersion? Version = null,
    QuestionnaireDefinition? Definition = null,
    IReadOnlyList<Unit>? RatedUnits = null,
    Unit? SubjectUnit = null)
{
    public static LinkContext Of(LinkState state) => new(state);

    /// <summary>The problem code the API answers for a link that cannot be used.</summary>
    public string ProblemCode => State switch
    {
        LinkState.Revoked => "token-revoked",
        LinkState.Expired => "token-expired",
        LinkState.Used => "token-used",
        LinkState.NotReady => "token-expired",
        _ => "token-invalid",
    };
}

public static class RespondentLink
{
    public static async Task<LinkContext> Resolve(ParIndexDbContext db, string? token, DateTime now, CancellationToken ct)
    {
        if (!Tokens.LooksValid(token)) return LinkContext.Of(LinkState.Invalid);
        var hash = Tokens.Hash(token!);
        var invitation = await db.Invitations.Include(i => i.Respondent).ThenInclude(r => r!.RespondentGroup)
            .FirstOrDefaultAsync(i => i.TokenHash == hash, ct);
        if (invitation?.Respondent is not { } respondent) return LinkContext.Of(LinkState.Invalid);
        if (invitation.Status == InvitationStatus.Revoked) return LinkContext.Of(LinkState.Revoked);
        if (invitation.Status == InvitationStatus.Used
            // A paper form being keyed counts as answered: one respondent, one response, whichever mode.
            || await db.Responses.AnyAsync(r => r.RespondentId == respondent.Id && (r.Status == ResponseStatus.Submitted || r.Mode == ResponseMode.Paper), ct))
            return new LinkContext(LinkState.Used, invitation, respondent);
        if (!invitation.IsUsableAt(now)) return LinkContext.Of(LinkState.Expired);

        var round = await db.Rounds.FirstAsync(r => r.Id == respondent.RoundId, ct);
        if (round.Status is not (RoundStatus.Fieldwork or RoundStatus.Draft)) return LinkContext.Of(LinkState.Expired);

        // A response in progress keeps the version it was started on; otherwise the newest published one.
        var startedVersionId = await db.Responses.Where(r => r.RespondentId == respondent.Id).Select(r => (int?)r.QuestionnaireVersionId).FirstOrDefaultAsync(ct);
        var version = startedVersionId is { } vid
            ? await db.QuestionnaireVersions.FirstAsync(v => v.Id == vid, ct)
            : await db.QuestionnaireVersions
                .Where(v => v.Status == QuestionnaireVersionStatus.Published && v.Questionnaire!.RoundId == round.Id && v.Questionnaire.RespondentGroupId == respondent.RespondentGroupId)
                .OrderByDescending(v => v.Number).FirstOrDefaultAsync(ct);
        if (version is null) return LinkContext.Of(LinkState.NotReady);

        var group = respondent.RespondentGroup!;
        var ratedUnits = await db.RatedUnitsAsync(round.Id, group, ct);
        var subject = respondent.UnitId is { } uid ? ratedUnits.FirstOrDefault(u => u.Id == uid) : null;
        return new LinkContext(LinkState.Open, invitation, respondent, round, group, version,
            PublishedDefinitions.Of(version), ratedUnits, subject);
    }
}
