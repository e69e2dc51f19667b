using System.Threading.Channels;
using Microsoft.EntityFrameworkCore;
using ParIndex.Core.Domain;
using ParIndex.Web.Data;
using ParIndex.Web.Infrastructure;

namespace ParIndex.Web.Features.Distribution;

public sealed record CampaignRequest(CampaignKind Kind, int? UnitId, int? GroupId, string? Subject, string? Body, int? MaxReminders, double? MinIntervalHours);

public sealed record CampaignProgress(int Id, CampaignKind Kind, CampaignStatus Status, int Total, int Sent, int Failed, DateTime CreatedAt, DateTime? FinishedAt);

/// <summary>
/// Queues an e-mail campaign: one delivery per member in scope with an active link and an e-mail address who has not
/// answered. A reminder also skips members who got <c>MaxReminders</c> reminders already, or any message from us within
/// <c>MinIntervalHours</c>. The background <see cref="CampaignSender"/> does the sending.
/// </summary>
public static class StartCampaign
{
    public const int DefaultMaxReminders = 3;
    public const double DefaultMinIntervalHours = 72;

    public const string InvitationSubject = "Thư mời tham gia khảo sát {round}";
    public const string InvitationBody = """
        Kính gửi {name},

        Viện Nghiên cứu phát triển kinh tế – xã hội Hà Nội trân trọng mời Ông/Bà cho ý kiến đánh giá trong đợt khảo sát "{round}" ({unit}).

        Xin mở liên kết sau trên điện thoại hoặc máy tính để trả lời phiếu: {link}
        Mã phiếu: {code}. Xin vui lòng trả lời trước ngày {deadline}.

        Liên kết chỉ dành riêng cho Ông/Bà; ý kiến được giữ bí mật và chỉ dùng để tổng hợp.

        Trân trọng cảm ơn!
        """;

    public const string ReminderSubject = "Nhắc: khảo sát {round}";
    public const string ReminderBody = """
        Kính gửi {name},

        Viện chưa nhận được phiếu trả lời của Ông/Bà trong đợt khảo sát "{round}". Nếu Ông/Bà đã bắt đầu, các câu trả lời đã được lưu; mở lại liên kết để làm tiếp: {link}

        Mã phiếu: {code}. Hạn trả lời: {deadline}.

        Trân trọng cảm ơn!
        """;

    public static async Task<EmailCampaign> Handle(ParIndexDbContext db, ChannelWriter<int> queue, int roundId, CampaignRequest request, string baseUrl, string actor, DateTime now, CancellationToken ct)
    {
        if (!await db.Rounds.AnyAsync(r => r.Id == roundId, ct)) throw new DomainException("not-found", "No such round.");
        if (request.MaxReminders is < 0 or > 100 || request.MinIntervalHours is not (null or (>= 0 and <= 8760)))
            throw new DomainException("validation-failed", "Số lần nhắc tối đa phải từ 0 đến 100 và khoảng cách giữa hai lần gửi từ 0 đến 8.760 giờ (một năm).");
        var scope = new InvitationScope(roundId, request.UnitId, request.GroupId);
        var candidates = Reachable(db, scope);
        if (request.Kind == CampaignKind.Reminder)
        {
            var (max, since) = ReminderLimits(request, now);
            candidates = candidates.Where(i =>
                db.EmailDeliveries.Count(d => d.InvitationId == i.Id && d.Status == DeliveryStatus.Sent && db.EmailCampaigns.Any(k => k.Id == d.CampaignId && k.Kind == CampaignKind.Reminder)) < max
                && !db.EmailDeliveries.Any(d => d.InvitationId == i.Id && d.Status != DeliveryStatus.Failed && (d.SentAt == null || d.SentAt > since)));
        }
        var invitationIds = await candidates.Select(i => i.Id).Distinct().ToListAsync(ct);
        var reminder = request.Kind == CampaignKind.Reminder;
        var campaign = new EmailCampaign
        {
            RoundId = roundId, Kind = request.Kind, UnitId = request.UnitId, GroupId = request.GroupId,
            Subject = request.Subject is { Length: > 0 } s ? s : reminder ? ReminderSubject : InvitationSubject,
            Body = request.Body is { Length: > 0 } b ? b : reminder ? ReminderBody : InvitationBody,
            BaseUrl = baseUrl, Total = invitationIds.Count, CreatedBy = actor, CreatedAt = now,
            Status = invitationIds.Count == 0 ? CampaignStatus.Done : CampaignStatus.Queued, FinishedAt = invitationIds.Count == 0 ? now : null,
            Deliveries = invitationIds.Select(id => new EmailDelivery { InvitationId = id }).ToList(),
        };
        db.EmailCampaigns.Add(campaign);
        db.Record(actor, reminder ? "campaign.remind" : "campaign.invite", nameof(Round), roundId, null, new { request.UnitId, request.GroupId, campaign.Total }, now, roundId);
        await db.SaveChangesAsync(ct);
        if (campaign.Total > 0) await queue.WriteAsync(campaign.Id, ct);
        return campaign;
    }

    /// <summary>Active, re-renderable links of members in scope with an e-mail address who have not answered: whom a campaign can reach.</summary>
    private static IQueryable<Invitation> Reachable(ParIndexDbContext db, InvitationScope scope) =>
        from i in db.Invitations
        join r in ManageInvitations.Members(db, scope) on i.RespondentId equals r.Id
        join c in db.RespondentContacts on r.Id equals c.RespondentId
        where i.Status == InvitationStatus.Active && i.Salt != null && c.Email != null && c.Email != ""
              && !db.Responses.Any(x => x.RespondentId == r.Id && x.Status == ResponseStatus.Submitted)
        select i;

    private static (int Max, DateTime Since) ReminderLimits(CampaignRequest request, DateTime now) =>
        (request.MaxReminders ?? DefaultMaxReminders, now.AddHours(-(request.MinIntervalHours ?? DefaultMinIntervalHours)));

    /// <summary>
    /// Why a campaign had no one to write to, in one sentence for the person who started it: everyone in scope answered,
    /// the non-responders have no active link or no e-mail address, or (a reminder) each reached the maximum count of
    /// reminders or was written to within the minimum interval — with the counts.
    /// </summary>
    public static async Task<string> WhyNoMessage(ParIndexDbContext db, int roundId, CampaignRequest request, DateTime now, CancellationToken ct)
    {
        var scope = new InvitationScope(roundId, request.UnitId, request.GroupId);
        var members = ManageInvitations.Members(db, scope);
        var culture = Ui.IsEnglish ? System.Globalization.CultureInfo.InvariantCulture : Ui.Vi;
        if (!await members.AnyAsync(ct))
            return Ui.L("Không có thư nào được gửi: phạm vi đã chọn không có ai trong mẫu.", "No message was sent: the chosen scope has no sample members.");
        if (!await members.AnyAsync(r => !db.Responses.Any(x => x.RespondentId == r.Id && x.Status == ResponseStatus.Submitted), ct))
            return Ui.L("Không có thư nào được gửi: mọi người trong phạm vi đã trả lời phiếu.", "No message was sent: everyone in scope has answered.");
        var reachable = Reachable(db, scope);
        if (!await reachable.AnyAsync(ct))
            return Ui.L("Không có thư nào được gửi: những người chưa trả lời không có liên kết đang dùng hoặc không có địa chỉ thư điện tử.",
                "No message was sent: the non-responders have no active link or no e-mail address.");
        if (request.Kind != CampaignKind.Reminder)
            return Ui.L("Không có thư nào được gửi.", "No message was sent.");
        var (max, since) = ReminderLimits(request, now);
        var hours = (request.MinIntervalHours ?? DefaultMinIntervalHours).ToString("0.##", culture);
        var atMax = await reachable.Select(i => i.Id).Distinct().CountAsync(id =>
            db.EmailDeliveries.Count(d => d.InvitationId == id && d.Status == DeliveryStatus.Sent && db.EmailCampaigns.Any(k => k.Id == d.CampaignId && k.Kind == CampaignKind.Reminder)) >= max, ct);
        var recent = await reachable.Select(i => i.Id).Distinct().CountAsync(id =>
            db.EmailDeliveries.Any(d => d.InvitationId == id && d.Status != DeliveryStatus.Failed && (d.SentAt == null || d.SentAt > since)), ct);
        return Ui.L($"Không có thư nhắc nào được gửi: {atMax.ToString("N0", culture)} người chưa trả lời đã nhận đủ số lần nhắc tối đa ({max}); {recent.ToString("N0", culture)} người vừa được gửi thư trong vòng {hours} giờ (khoảng cách tối thiểu giữa hai lần gửi).",
            $"No reminder was sent: {atMax.ToString("N0", culture)} non-responders already had the maximum number of reminders ({max}); {recent.ToString("N0", culture)} were written to within the last {hours} hours (the minimum interval).");
    }

    public static CampaignProgress Progress(EmailCampaign c) => new(c.Id, c.Kind, c.Status, c.Total, c.Sent, c.Failed, c.CreatedAt, c.FinishedAt);

    /// <summary>Fills a template's placeholders; unknown braces are left as written.</summary>
    public static string Render(string template, IReadOnlyDictionary<string, string?> values) =>
        values.Aggregate(template, (text, p) => text.Replace("{" + p.Key + "}", p.Value ?? "", StringComparison.Ordinal));
}
