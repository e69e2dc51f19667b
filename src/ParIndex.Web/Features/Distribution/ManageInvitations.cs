using Microsoft.EntityFrameworkCore;
using ParIndex.Core.Domain;
using ParIndex.Web.Data;
using ParIndex.Web.Infrastructure;

namespace ParIndex.Web.Features.Distribution;

/// <summary>Which sample members a distribution action covers: a round, optionally narrowed to one unit and/or group.</summary>
public sealed record InvitationScope(int RoundId, int? UnitId = null, int? GroupId = null);

public sealed record IssueRequest(int? UnitId, int? GroupId, DateTime? ValidFrom, DateTime? ValidUntil, InvitationChannel Channel = InvitationChannel.Link);

public sealed record IssueResult(int Issued, int AlreadyHadLink, int AlreadyAnswered);

/// <summary>Issue, revoke and reissue personal links. One active invitation per member; a submitted member gets none.</summary>
public static class ManageInvitations
{
    /// <summary>Members in scope: active sample members (not reserve, not replaced).</summary>
    public static IQueryable<Respondent> Members(ParIndexDbContext db, InvitationScope scope) =>
        db.Respondents.Where(r => r.RoundId == scope.RoundId && r.Status == RespondentStatus.Active
                                  && (scope.UnitId == null || r.UnitId == scope.UnitId)
                                  && (scope.GroupId == null || r.RespondentGroupId == scope.GroupId));

    public static async Task<IssueResult> Issue(ParIndexDbContext db, LinkTokens tokens, InvitationScope scope, IssueRequest request, string actor, DateTime now, CancellationToken ct)
    {
        if (request.ValidFrom is { } f && request.ValidUntil is { } u && u <= f)
            throw new DomainException("validation-failed", "validUntil must be after validFrom.");
        await using var tx = await UnitOfWork.BeginAsync(db, ct);
        var members = await Members(db, scope)
            .Select(r => new
            {
                r.Id,
                Answered = db.Responses.Any(x => x.RespondentId == r.Id && x.Status == ResponseStatus.Submitted),
                HasLink = db.Invitations.Any(i => i.RespondentId == r.Id && i.Status == InvitationStatus.Active && i.Salt != null),
            }).ToListAsync(ct);
        var fresh = members.Where(m => !m.Answered && !m.HasLink)
            .Select(m => NewInvitation(m.Id, request.Channel, request.ValidFrom, request.ValidUntil, now)).ToList();
        db.Invitations.AddRange(fresh);
        await db.SaveChangesAsync(ct);
        foreach (var invitation in fresh) tokens.Seal(invitation);
        db.Record(actor, "invitation.issue", nameof(Round), scope.RoundId, null, new { scope.UnitId, scope.GroupId, Issued = fresh.Count, request.ValidFrom, request.ValidUntil }, now, scope.RoundId);
        await db.SaveChangesAsync(ct);
        await tx.CommitAsync(ct);
        return new IssueResult(fresh.Count, members.Count(m => !m.Answered && m.HasLink), members.Count(m => m.Answered));
    }

    public static async Task<Invitation?> Revoke(ParIndexDbContext db, int roundId, int invitationId, string actor, DateTime now, CancellationToken ct)
    {
        var invitation = await Find(db, roundId, invitationId, ct);
        if (invitation is null) return null;
        invitation.Revoke(now);
        db.Record(actor, "invitation.revoke", nameof(Invitation), invitation.Id, null, new { invitation.RespondentId }, now, roundId);
        await db.SaveChangesAsync(ct);
        return invitation;
    }

    /// <summary>Revokes the member's active links and issues a new one (new row, new salt): the old link stops working.</summary>
    public static async Task<(Invitation Invitation, string Token)?> Reissue(ParIndexDbContext db, LinkTokens tokens, int roundId, int invitationId, string actor, DateTime now, CancellationToken ct)
    {
        var old = await Find(db, roundId, invitationId, ct);
        if (old is null) return null;
        if (old.Status == InvitationStatus.Used || await db.Responses.AnyAsync(r => r.RespondentId == old.RespondentId && r.Status == ResponseStatus.Submitted, ct))
            throw new DomainException("invitation-used", "This member already answered; a new link would not be usable.");
        await using var tx = await UnitOfWork.BeginAsync(db, ct);
        foreach (var active in await db.Invitations.Where(i => i.RespondentId == old.RespondentId && i.Status == InvitationStatus.Active).ToListAsync(ct))
            active.Revoke(now);
        var fresh = NewInvitation(old.RespondentId, old.Channel, old.ValidFrom, old.ValidUntil, now);
        db.Invitations.Add(fresh);
        await db.SaveChangesAsync(ct);
        var token = tokens.Seal(fresh);
        db.Record(actor, "invitation.reissue", nameof(Invitation), fresh.Id, new { Replaced = old.Id }, new { fresh.RespondentId }, now, roundId);
        await db.SaveChangesAsync(ct);
        await tx.CommitAsync(ct);
        return (fresh, token);
    }

    public static Invitation NewInvitation(int respondentId, InvitationChannel channel, DateTime? validFrom, DateTime? validUntil, DateTime now) => new()
    {
        RespondentId = respondentId, TokenHash = LinkTokens.PendingHash(), Salt = LinkTokens.NewSalt(), Channel = channel,
        ValidFrom = validFrom, ValidUntil = validUntil, CreatedAt = now,
    };

    private static Task<Invitation?> Find(ParIndexDbContext db, int roundId, int invitationId, CancellationToken ct) =>
        db.Invitations.FirstOrDefaultAsync(i => i.Id == invitationId && i.Respondent!.RoundId == roundId, ct);
}
