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

/// <summary>The one response a sample member may have, as far as the link needs to know it.</summary>
public sealed record StoredResponse(long Id, Guid ClientId, ResponseStatus Status, ResponseMode Mode, int QuestionnaireVersionId, DateTime? SubmittedAt, DateTime UpdatedAt);

/// <summary>
/// Everything a personal link opens: the invitation, the sample member, their response if any, and the questionnaire
/// to answer. Round, group, version and units may be shared copies (<see cref="CollectionCatalog"/>): read only.
/// </summary>
public sealed record LinkContext(
    LinkState State,
    Invitation? Invitation = null,
    Respondent? Respondent = null,
    Round? Round = null,
    RespondentGroup? Group = null,
    QuestionnaireVersion? Version = null,
    QuestionnaireDefinition? Definition = null,
    IReadOnlyList<Unit>? RatedUnits = null,
    Unit? SubjectUnit = null,
    StoredResponse? Existing = null)
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

/// <summary>What the database holds for one token: the invitation, its sample member and group, and their response.</summary>
public sealed record LinkRow(Invitation Invitation, Respondent Respondent, RespondentGroup Group, StoredResponse? Response);

public static class RespondentLink
{
    /// <summary>
    /// One read of the database for the token (invitation, sample member, group and their response, in one query);
    /// round, version and units come from the node's <see cref="CollectionCatalog"/>. The invitation is tracked: the
    /// form page records the first opening on it.
    /// </summary>
    public static async Task<LinkContext> Resolve(ParIndexDbContext db, CollectionCatalog catalog, string? token, DateTime now, CancellationToken ct)
    {
        if (!Tokens.LooksValid(token)) return LinkContext.Of(LinkState.Invalid);
        var row = (await RowsAsync(db, [Tokens.Hash(token!)], ct)).FirstOrDefault();
        if (row is not null) db.Invitations.Attach(row.Invitation);
        return await Decide(db, catalog, row, now, ct);
    }

    /// <summary>
    /// The link rows of many token hashes in one query, untracked (the API's batched look-up, <see cref="LinkReader"/>).
    /// A member has at most one response (unique index), so a plain left join finds it through that index.
    /// </summary>
    public static ValueTask<List<LinkRow>> RowsAsync(ParIndexDbContext db, List<string> hashes, CancellationToken ct) =>
        RowsOfHashes.For(db)(db, hashes).ToListAsync(ct);

    /// <summary>
    /// Compiled once: under a burst this runs hundreds of times a second, and EF's per-call work (building the
    /// expression, finding it in the query cache, a context's services) cost more than running it.
    /// </summary>
    private static readonly CompiledPerModel<Func<ParIndexDbContext, List<string>, IAsyncEnumerable<LinkRow>>> RowsOfHashes = new(() => EF.CompileAsyncQuery(
        (ParIndexDbContext db, List<string> hashes) =>
            from i in db.Invitations.AsNoTracking().Where(i => hashes.Contains(i.TokenHash))
            join r in db.Responses on (int?)i.RespondentId equals r.RespondentId into responses
            from r in responses.DefaultIfEmpty()
            select new LinkRow(i, i.Respondent!, i.Respondent!.RespondentGroup!,
                r == null ? null : new StoredResponse(r.Id, r.ClientId, r.Status, r.Mode, r.QuestionnaireVersionId, r.SubmittedAt, r.UpdatedAt))));

    /// <summary>
    /// What a link opens, from its row: the states in order (revoked, used, expired, round closed, not ready), then the
    /// form. <paramref name="db"/> is read only when the catalog misses.
    /// </summary>
    public static async Task<LinkContext> Decide(ParIndexDbContext db, CollectionCatalog catalog, LinkRow? row, DateTime now, CancellationToken ct)
    {
        if (row is not { Invitation: { } invitation, Respondent: { } respondent, Group: { } group }) return LinkContext.Of(LinkState.Invalid);
        respondent.RespondentGroup ??= group;
        var existing = row.Response;
        if (invitation.Status == InvitationStatus.Revoked) return LinkContext.Of(LinkState.Revoked);
        if (invitation.Status == InvitationStatus.Used
            // A paper form being keyed counts as answered: one respondent, one response, whichever mode.
            || existing is { Status: ResponseStatus.Submitted } or { Mode: ResponseMode.Paper })
            return new LinkContext(LinkState.Used, invitation, respondent, Existing: existing);
        if (!invitation.IsUsableAt(now)) return LinkContext.Of(LinkState.Expired);

        var round = await catalog.RoundAsync(db, respondent.RoundId, ct);
        if (round?.Status is not (RoundStatus.Fieldwork or RoundStatus.Draft)) return LinkContext.Of(LinkState.Expired);

        // A response in progress keeps the version it was started on; otherwise the newest published one.
        var version = existing is not null
            ? await catalog.VersionAsync(db, existing.QuestionnaireVersionId, ct)
            : await catalog.LatestPublishedAsync(db, round.Id, respondent.RespondentGroupId, ct);
        if (version is null) return LinkContext.Of(LinkState.NotReady);

        var ratedUnits = await catalog.RatedUnitsAsync(db, round.Id, group, ct);
        // Under a matrix design a member rates only the units assigned to it.
        if (group.RatesManyUnits && (await catalog.AssignmentsAsync(db, round.Id, group.Id, ct)).TryGetValue(respondent.Id, out var assigned))
            ratedUnits = ratedUnits.Where(u => assigned.Contains(u.Id)).ToList();
        var subject = respondent.UnitId is { } uid ? ratedUnits.FirstOrDefault(u => u.Id == uid) : null;
        return new LinkContext(LinkState.Open, invitation, respondent, round, group, version,
            PublishedDefinitions.Of(version), ratedUnits, subject, existing);
    }
}
