namespace ParIndex.Core.Domain;

public enum InvitationChannel
{
    Link = 0,
    Email = 1,
    Letter = 2,
    Sms = 3,
}

public enum InvitationStatus
{
    Active = 0,
    Revoked = 1,
    /// <summary>The respondent submitted: the link now only says "already answered".</summary>
    Used = 2,
}

/// <summary>
/// A personal link for one sample member. Only the SHA-256 of the token is stored, so a leaked database does not
/// leak working links.
/// </summary>
public sealed class Invitation
{
    public int Id { get; set; }
    public int RespondentId { get; set; }
    public Respondent? Respondent { get; set; }

    /// <summary>Lower-case hex SHA-256 of the token.</summary>
    public required string TokenHash { get; set; }

    /// <summary>
    /// Random per-invitation salt (URL-safe base64). The token is HMAC(link secret, id + salt), so with the secret
    /// (kept out of the database) the app can print the link again; a database dump alone cannot. Null for links
    /// issued as plain random tokens, which can never be shown again.
    /// </summary>
    public string? Salt { get; set; }

    public InvitationChannel Channel { get; set; }
    public InvitationStatus Status { get; set; }
    public DateTime? ValidFrom { get; set; }
    public DateTime? ValidUntil { get; set; }
    public DateTime CreatedAt { get; set; }
    public DateTime? FirstOpenedAt { get; set; }
    public DateTime? RevokedAt { get; set; }

    public bool IsUsableAt(DateTime now) =>
        Status == InvitationStatus.Active
        && (ValidFrom is null || now >= ValidFrom)
        && (ValidUntil is null || now < ValidUntil);

    public void MarkOpened(DateTime now) => FirstOpenedAt ??= now;

    public void MarkUsed()
    {
        if (Status == InvitationStatus.Revoked)
            throw new DomainException("invitation-revoked", "This invitation was revoked.");
        Status = InvitationStatus.Used;
    }

    public void Revoke(DateTime now)
    {
        if (Status == InvitationStatus.Used)
            throw new DomainException("invitation-used", "This invitation was already used to answer; it cannot be revoked.");
        Status = InvitationStatus.Revoked;
        RevokedAt = now;
    }
}
