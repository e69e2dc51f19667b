namespace ParIndex.Web.Features.Distribution;

public enum CampaignKind
{
    Invitation = 0,
    /// <summary>Only to members who have not answered, within the reminder limits.</summary>
    Reminder = 1,
}

public enum CampaignStatus
{
    Queued = 0,
    Running = 1,
    Done = 2,
}

public enum DeliveryStatus
{
    Queued = 0,
    Sent = 1,
    Failed = 2,
    /// <summary>
    /// Claimed by a node that is sending it. A node that dies between claiming and saving leaves the message here:
    /// it may or may not have gone out, and it is not sent again (a reminder campaign reaches whoever has not answered).
    /// </summary>
    Sending = 3,
}

/// <summary>An e-mail send to the members of a unit/group: invitations or reminders, sent in the background.</summary>
public sealed class EmailCampaign
{
    public int Id { get; set; }
    public int RoundId { get; set; }
    public CampaignKind Kind { get; set; }
    public int? UnitId { get; set; }
    public int? GroupId { get; set; }
    public required string Subject { get; set; }

    /// <summary>Plain-text template with {name}, {round}, {unit}, {link}, {code}, {deadline}.</summary>
    public required string Body { get; set; }

    /// <summary>The public address links are rendered with (taken from the request that started the campaign).</summary>
    public required string BaseUrl { get; set; }

    public CampaignStatus Status { get; set; }
    public int Total { get; set; }
    public int Sent { get; set; }
    public int Failed { get; set; }
    public string? CreatedBy { get; set; }
    public DateTime CreatedAt { get; set; }
    public DateTime? StartedAt { get; set; }
    public DateTime? FinishedAt { get; set; }
    public List<EmailDelivery> Deliveries { get; set; } = [];
}

/// <summary>One message of a campaign to one invitation: queued, sent, or failed with the server's reason.</summary>
public sealed class EmailDelivery
{
    public long Id { get; set; }
    public int CampaignId { get; set; }
    public int InvitationId { get; set; }
    public DeliveryStatus Status { get; set; }
    public string? Error { get; set; }
    public DateTime? SentAt { get; set; }
}
