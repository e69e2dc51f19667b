using System.ComponentModel.DataAnnotations;
using System.Globalization;
using System.Threading.Channels;
using MailKit.Net.Smtp;
using MailKit.Security;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using MimeKit;
using ParIndex.Web.Data;
using ParIndex.Web.Infrastructure;

namespace ParIndex.Web.Features.Distribution;

/// <summary>The SMTP server e-mail invitations go through.</summary>
public sealed class SmtpOptions
{
    public const string Section = "Smtp";

    public string? Host { get; set; }
    [Range(1, 65535)] public int Port { get; set; } = 587;
    /// <summary>None, StartTls, SslOnConnect or Auto (MailKit's SecureSocketOptions).</summary>
    public SecureSocketOptions Security { get; set; } = SecureSocketOptions.StartTlsWhenAvailable;
    public string? UserName { get; set; }
    public string? Password { get; set; }
    public string From { get; set; } = "khaosat@example.invalid";
    public string FromName { get; set; } = "Viện Nghiên cứu phát triển KT-XH Hà Nội";
    /// <summary>Messages per connection before reconnecting (servers often cap a session).</summary>
    [Range(1, 10_000)] public int MessagesPerConnection { get; set; } = 500;
}

/// <summary>
/// Sends queued campaigns one at a time over a reused SMTP connection, saving each batch's statuses so the progress page
/// moves and a restart resumes with what is still queued. A message the server refuses is marked failed with its reason;
/// a lost connection is retried on a new one. Every node runs a sender and resumes unfinished campaigns when it starts,
/// so several nodes may work on one campaign: each message goes to the node whose conditional UPDATE moves it from
/// Queued to Sending first, and no address gets it twice.
/// </summary>
public sealed class CampaignSender(IServiceScopeFactory scopes, Channel<int> queue, IOptions<SmtpOptions> options, LinkTokens tokens,
    TimeProvider clock, ILogger<CampaignSender> log) : BackgroundService
{
    private const int Batch = 50;

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        // Campaigns left queued or running by a previous process.
        using (var scope = scopes.CreateScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<ParIndexDbContext>();
            foreach (var id in await db.EmailCampaigns.Where(c => c.Status != CampaignStatus.Done).OrderBy(c => c.Id).Select(c => c.Id).ToListAsync(stoppingToken))
                await queue.Writer.WriteAsync(id, stoppingToken);
        }
        await foreach (var id in queue.Reader.ReadAllAsync(stoppingToken))
        {
            try
            {
                await Send(id, stoppingToken);
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                log.LogError(e, "Campaign {Campaign} stopped", id);
            }
        }
    }

    private async Task Send(int campaignId, CancellationToken ct)
    {
        using var scope = scopes.CreateScope();
        var db = scope.ServiceProvider.GetRequiredService<ParIndexDbContext>();
        var campaign = await db.EmailCampaigns.FirstOrDefaultAsync(c => c.Id == campaignId, ct);
        if (campaign is null || campaign.Status == CampaignStatus.Done) return;
        var round = await db.Rounds.FirstAsync(r => r.Id == campaign.RoundId, ct);
        campaign.Status = CampaignStatus.Running;
        campaign.StartedAt ??= clock.GetUtcNow().UtcDateTime;
        await db.SaveChangesAsync(ct);

        var smtp = options.Value;
        if (string.IsNullOrWhiteSpace(smtp.Host))
        {
            await db.EmailDeliveries.Where(d => d.CampaignId == campaignId && d.Status == DeliveryStatus.Queued)
                .ExecuteUpdateAsync(u => u.SetProperty(d => d.Status, DeliveryStatus.Failed).SetProperty(d => d.Error, "Smtp:Host is not configured."), ct);
        }
        using var client = new SmtpClient();
        var onConnection = 0;
        while (true)
        {
            var batch = await (from d in db.EmailDeliveries
                               where d.CampaignId == campaignId && d.Status == DeliveryStatus.Queued
                               join i in db.Invitations on d.InvitationId equals i.Id
                               join r in db.Respondents on i.RespondentId equals r.Id
                               join c in db.RespondentContacts on r.Id equals c.RespondentId
                               orderby d.Id
                               select new { Delivery = d, Invitation = i, r.Code, Unit = r.Unit!.Name, c.FullName, c.Email })
                .Take(Batch).ToListAsync(ct);
            if (batch.Count == 0) break;
            foreach (var x in batch)
            {
                // The claim: only the node that moves the row from Queued sends it (another node may have read the same batch).
                var claimed = await db.EmailDeliveries.Where(d => d.Id == x.Delivery.Id && d.Status == DeliveryStatus.Queued)
                    .ExecuteUpdateAsync(u => u.SetProperty(d => d.Status, DeliveryStatus.Sending), ct);
                if (claimed == 0)
                {
                    db.Entry(x.Delivery).State = EntityState.Detached;
                    continue;
                }
                var token = tokens.TokenOf(x.Invitation);
                if (token is null || x.Invitation.Status != Core.Domain.InvitationStatus.Active)
                {
                    Fail(x.Delivery, "The link is no longer active.");
                    continue;
                }
                var values = new Dictionary<string, string?>
                {
                    ["name"] = x.FullName ?? "Ông/Bà", ["round"] = round.Name, ["unit"] = x.Unit ?? "", ["code"] = x.Code,
                    ["link"] = LinkExport.LinkOf(campaign.BaseUrl, token),
                    ["deadline"] = (x.Invitation.ValidUntil is { } until ? HanoiTime.DayOf(until) : round.FieldworkEnd)?.ToString("dd/MM/yyyy", CultureInfo.InvariantCulture) ?? "",
                };
                MimeMessage message;
                try
                {
                    message = new MimeMessage();
                    message.From.Add(new MailboxAddress(smtp.FromName, smtp.From));
                    message.To.Add(new MailboxAddress(x.FullName ?? "", x.Email!));
                    message.Subject = StartCampaign.Render(campaign.Subject, values);
                    message.Body = new TextPart("plain") { Text = StartCampaign.Render(campaign.Body, values) };
                }
                catch (ParseException e)
                {
                    Fail(x.Delivery, $"Invalid address: {e.Message}");
                    continue;
                }
                try
                {
                    if (!client.IsConnected || onConnection >= smtp.MessagesPerConnection)
                    {
                        if (client.IsConnected) await client.DisconnectAsync(true, ct);
                        await client.ConnectAsync(smtp.Host!, smtp.Port, smtp.Security, ct);
                        if (smtp.UserName is { Length: > 0 }) await client.AuthenticateAsync(smtp.UserName, smtp.Password ?? "", ct);
                        onConnection = 0;
                    }
                    await client.SendAsync(message, ct);
                    onConnection++;
                    x.Delivery.Status = DeliveryStatus.Sent;
                    x.Delivery.SentAt = clock.GetUtcNow().UtcDateTime;
                    x.Delivery.Error = null;
                }
                catch (SmtpCommandException e)
                {
                    // The server refused this message (bad recipient, policy): keep its reply, go on with the others.
                    Fail(x.Delivery, $"{(int)e.StatusCode} {e.Message}");
                }
                catch (Exception e) when (e is SmtpProtocolException or IOException or System.Net.Sockets.SocketException or SslHandshakeException or AuthenticationException)
                {
                    Fail(x.Delivery, e.Message);
                    if (client.IsConnected) await client.DisconnectAsync(false, CancellationToken.None);
                }
            }
            campaign.Sent = await db.EmailDeliveries.CountAsync(d => d.CampaignId == campaignId && d.Status == DeliveryStatus.Sent, ct) + batch.Count(b => b.Delivery.Status == DeliveryStatus.Sent);
            campaign.Failed = await db.EmailDeliveries.CountAsync(d => d.CampaignId == campaignId && d.Status == DeliveryStatus.Failed, ct) + batch.Count(b => b.Delivery.Status == DeliveryStatus.Failed);
            await db.SaveChangesAsync(ct);
        }
        if (client.IsConnected) await client.DisconnectAsync(true, ct);
        campaign.Status = CampaignStatus.Done;
        campaign.FinishedAt = clock.GetUtcNow().UtcDateTime;
        await db.SaveChangesAsync(ct);
        log.LogInformation("Campaign {Campaign}: {Sent} sent, {Failed} failed", campaignId, campaign.Sent, campaign.Failed);
    }

    private static void Fail(EmailDelivery delivery, string reason)
    {
        delivery.Status = DeliveryStatus.Failed;
        delivery.Error = reason.Length > 1000 ? reason[..1000] : reason;
    }
}
