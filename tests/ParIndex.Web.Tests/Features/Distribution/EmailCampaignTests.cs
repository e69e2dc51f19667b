using System.Diagnostics;
using System.Net;
using System.Net.Http.Json;
using System.Text.RegularExpressions;
using System.Threading.Channels;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using ParIndex.Core.Domain;
using ParIndex.Web.Features.Distribution;
using ParIndex.Web.Infrastructure.Security;
using ParIndex.Web.Tests.Infrastructure;
using Xunit.Abstractions;

namespace ParIndex.Web.Tests.Features.Distribution;

/// <summary>E-mail invitations and reminders through MailKit to a real SMTP server on loopback (aiosmtpd).</summary>
[Collection(SmtpCollection.Name)]
public sealed partial class EmailCampaignTests(SmtpAppFactory app, ITestOutputHelper output)
{
    [GeneratedRegex(@"http://localhost/r/[A-Za-z0-9_-]{43}")]
    private static partial Regex Link();

    /// <summary>A new commune of the demo round with <paramref name="members"/> sampled citizens who each have an e-mail and a link.</summary>
    private async Task<(int RoundId, int UnitId, int GroupId)> CommuneWith(int members, string code)
    {
        var (roundId, unitId, groupId) = await app.WithDb(async db =>
        {
            var group = await db.RespondentGroups.FirstAsync(g => g.Code == "XA-DAN");
            var unit = new Unit { RoundId = group.RoundId, UnitTypeId = group.UnitTypeId, Code = code, Name = $"Xã Thử nghiệm {code}", SortOrder = 999 };
            db.Units.Add(unit);
            await db.SaveChangesAsync();
            var people = Enumerable.Range(1, members).Select(i => new Respondent
            {
                RoundId = group.RoundId, RespondentGroupId = group.Id, UnitId = unit.Id, Code = $"{code}-{i:0000}", Status = RespondentStatus.Active, CreatedAt = DateTime.UtcNow,
            }).ToList();
            db.Respondents.AddRange(people);
            await db.SaveChangesAsync();
            db.RespondentContacts.AddRange(people.Select(p => new RespondentContact { RespondentId = p.Id, FullName = $"Nguyễn Văn {p.Code}", Email = $"{p.Code.ToLowerInvariant()}@example.test" }));
            await db.SaveChangesAsync();
            return (group.RoundId, unit.Id, group.Id);
        });
        var staff = await app.CreateClientAs(Roles.Designer);
        (await staff.PostAsJsonAsync($"/api/v1/rounds/{roundId}/invitations/issue", new { unitId, groupId })).EnsureSuccessStatusCode();
        return (roundId, unitId, groupId);
    }

    private static async Task<(System.Text.Json.JsonElement Final, List<int> Seen)> RunToEnd(HttpClient staff, HttpResponseMessage started)
    {
        Assert.Equal(HttpStatusCode.Accepted, started.StatusCode);
        var location = started.Headers.Location!.ToString();
        var seen = new List<int>();
        var deadline = DateTime.UtcNow.AddMinutes(2);
        while (true)
        {
            var progress = await (await staff.GetAsync(location)).ReadJson();
            seen.Add(progress.GetProperty("sent").GetInt32() + progress.GetProperty("failed").GetInt32());
            if (progress.GetProperty("status").GetString() == "Done") return (progress, seen);
            Assert.True(DateTime.UtcNow < deadline, "campaign did not finish in 3 minutes");
            await Task.Delay(100);
        }
    }

    [Fact]
    public async Task Two_nodes_working_on_one_campaign_send_each_message_once()
    {
        var (roundId, unitId, groupId) = await CommuneWith(400, "MAIL2N");
        var staff = await app.CreateClientAs(Roles.Designer);

        var started = await staff.PostAsJsonAsync($"/api/v1/rounds/{roundId}/campaigns", new { kind = "Invitation", unitId, groupId });
        // A second node starting now resumes the unfinished campaign from the database, as every node does at start, while
        // this node's sender is already on it.
        using var second = new CampaignSender(app.Services.GetRequiredService<IServiceScopeFactory>(), Channel.CreateUnbounded<int>(),
            app.Services.GetRequiredService<IOptions<SmtpOptions>>(), app.Services.GetRequiredService<LinkTokens>(), TimeProvider.System,
            NullLogger<CampaignSender>.Instance);
        await second.StartAsync(CancellationToken.None);
        var (final, _) = await RunToEnd(staff, started);

        // By this commune's addresses alone: the sink's folder lists files in no particular order, so "skip the earlier
        // tests' count" would skip some of these.
        List<MimeKit.MimeMessage> Mine() => app.Smtp.Messages()
            .Where(m => m.To.Mailboxes.Any(a => a.Address.StartsWith("mail2n-", StringComparison.Ordinal))).ToList();
        var campaignId = final.GetProperty("id").GetInt32();
        for (var i = 0; i < 300 && await app.WithDb(db => db.EmailDeliveries.AnyAsync(d => d.CampaignId == campaignId
                 && (d.Status == DeliveryStatus.Queued || d.Status == DeliveryStatus.Sending))); i++)
            await Task.Delay(100);
        await second.StopAsync(CancellationToken.None);
        await Task.Delay(500);   // anything either node still had in flight has reached the sink

        var messages = Mine();
        var perAddress = messages.GroupBy(m => m.To.Mailboxes.Single().Address).ToList();
        Assert.Equal(400, perAddress.Count);
        Assert.All(perAddress, g => Assert.Single(g));
        var statuses = await app.WithDb(db => db.EmailDeliveries.Where(d => d.CampaignId == campaignId).GroupBy(d => d.Status)
            .Select(g => new { g.Key, Count = g.Count() }).ToListAsync());
        Assert.Equal(400, Assert.Single(statuses, s => s.Key == DeliveryStatus.Sent).Count);
        Assert.Single(statuses);
    }

    [Fact]
    public async Task A_campaign_to_1000_invitations_completes_with_progress_and_each_message_carries_its_members_link()
    {
        var (roundId, unitId, groupId) = await CommuneWith(1000, "MAIL1K");
        var staff = await app.CreateClientAs(Roles.Designer);

        var clock = Stopwatch.StartNew();
        var (final, seen) = await RunToEnd(staff, await staff.PostAsJsonAsync($"/api/v1/rounds/{roundId}/campaigns", new { kind = "Invitation", unitId, groupId }));
        clock.Stop();
        output.WriteLine($"1,000 invitations sent in {clock.Elapsed.TotalSeconds:0.0} s; progress seen: {string.Join(", ", seen.Distinct())}");

        Assert.Equal(1000, final.GetProperty("total").GetInt32());
        Assert.Equal(1000, final.GetProperty("sent").GetInt32());
        Assert.Equal(0, final.GetProperty("failed").GetInt32());
        Assert.Contains(seen, s => s > 0 && s < 1000);
        // By address alone (the sink lists files in no particular order, so skipping earlier tests' count would skip some of these).
        var messages = app.Smtp.Messages().Where(m => m.To.Mailboxes.Any(a => a.Address.StartsWith("mail1k-", StringComparison.Ordinal))).ToList();
        Assert.Equal(1000, messages.Count);
        var one = messages.Single(m => m.To.Mailboxes.Single().Address == "mail1k-0042@example.test");
        Assert.Equal("Thư mời tham gia khảo sát Chỉ số CCHC 2026", one.Subject);
        Assert.Contains("Kính gửi Nguyễn Văn MAIL1K-0042", one.TextBody);
        Assert.Contains("Mã phiếu: MAIL1K-0042", one.TextBody);
        var link = Link().Match(one.TextBody ?? "").Value;
        var client = app.CreateClient();
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync(new Uri(link).PathAndQuery)).StatusCode);
        var hash = ParIndex.Web.Infrastructure.Tokens.Hash(link[(link.LastIndexOf('/') + 1)..]);
        var member = await app.WithDb(db => db.Invitations.Where(i => i.TokenHash == hash).Select(i => i.Respondent!.Code).SingleAsync());
        Assert.Equal("MAIL1K-0042", member);
    }

    [Fact]
    public async Task A_reminder_goes_only_to_members_who_have_not_answered_within_the_count_and_interval_limits()
    {
        var (roundId, unitId, groupId) = await CommuneWith(10, "REMIND");
        var staff = await app.CreateClientAs(Roles.Designer);
        await RunToEnd(staff, await staff.PostAsJsonAsync($"/api/v1/rounds/{roundId}/campaigns", new { kind = "Invitation", unitId, groupId }));
        var invited = app.Smtp.Messages().Where(m => m.To.Mailboxes.Single().Address.StartsWith("remind-", StringComparison.Ordinal)).ToList();
        Assert.Equal(10, invited.Count);

        // Three members answer through the link in their e-mail.
        var client = app.CreateClient();
        var answered = new List<string>();
        foreach (var message in invited.OrderBy(m => m.To.Mailboxes.Single().Address).Take(3))
        {
            var token = Link().Match(message.TextBody ?? "").Value.Split('/').Last();
            var (_, data) = await Answers.ValidFor(client, token);
            (await client.PostAsJsonAsync($"/api/v1/forms/{token}/submissions", Answers.Body(Guid.NewGuid(), data))).EnsureSuccessStatusCode();
            answered.Add(message.To.Mailboxes.Single().Address);
        }

        var tooSoon = await (await staff.PostAsJsonAsync($"/api/v1/rounds/{roundId}/campaigns", new { kind = "Reminder", unitId, groupId })).ReadJson();
        var (reminder, _) = await RunToEnd(staff, await staff.PostAsJsonAsync($"/api/v1/rounds/{roundId}/campaigns", new { kind = "Reminder", unitId, groupId, minIntervalHours = 0, maxReminders = 1 }));
        var overMax = await (await staff.PostAsJsonAsync($"/api/v1/rounds/{roundId}/campaigns", new { kind = "Reminder", unitId, groupId, minIntervalHours = 0, maxReminders = 1 })).ReadJson();

        Assert.Equal(0, tooSoon.GetProperty("total").GetInt32());
        Assert.Equal(7, reminder.GetProperty("sent").GetInt32());
        Assert.Equal(0, overMax.GetProperty("total").GetInt32());
        var reminded = app.Smtp.Messages().Where(m => (m.Subject ?? "").StartsWith("Nhắc", StringComparison.Ordinal) && m.To.Mailboxes.Single().Address.StartsWith("remind-", StringComparison.Ordinal))
            .Select(m => m.To.Mailboxes.Single().Address).ToList();
        Assert.Equal(7, reminded.Count);
        Assert.Empty(reminded.Intersect(answered));
    }

    /// <summary>A reminder started on the page that finds no one to write to says why, with the counts, instead of a silent 0 / 0.</summary>
    [Fact]
    public async Task A_reminder_that_sends_nothing_says_why_on_the_campaigns_page()
    {
        var (roundId, unitId, groupId) = await CommuneWith(3, "WHY");
        var staff = await app.CreateClientAs(Roles.Designer);
        await RunToEnd(staff, await staff.PostAsJsonAsync($"/api/v1/rounds/{roundId}/campaigns", new { kind = "Invitation", unitId, groupId }));

        async Task<string> Remind(string maxReminders, string minIntervalHours)
        {
            var form = HttpExtensions.HiddenInputs(await staff.GetStringAsync($"/rounds/{roundId}/campaigns"));
            var fields = new Dictionary<string, string>
            {
                ["__RequestVerificationToken"] = form["__RequestVerificationToken"], ["Kind"] = "Reminder", ["UnitId"] = unitId.ToString(), ["GroupId"] = groupId.ToString(),
                ["MaxReminders"] = maxReminders, ["MinIntervalHours"] = minIntervalHours,
            };
            var page = await staff.PostAsync($"/rounds/{roundId}/campaigns", new FormUrlEncodedContent(fields));
            Assert.Equal(HttpStatusCode.OK, page.StatusCode);
            var html = await page.Content.ReadAsStringAsync();
            var why = Regex.Match(html, "<p class=\"notice\" role=\"status\" id=\"nothing-sent\">(?<t>[^<]*)</p>");
            Assert.True(why.Success, "the page does not say why nothing was sent");
            return System.Net.WebUtility.HtmlDecode(why.Groups["t"].Value);
        }

        Assert.Equal("Không có thư nhắc nào được gửi: 0 người chưa trả lời đã nhận đủ số lần nhắc tối đa (3); 3 người vừa được gửi thư trong vòng 72 giờ (khoảng cách tối thiểu giữa hai lần gửi).",
            await Remind("3", "72"));
        Assert.Equal("Không có thư nhắc nào được gửi: 3 người chưa trả lời đã nhận đủ số lần nhắc tối đa (0); 0 người vừa được gửi thư trong vòng 0 giờ (khoảng cách tối thiểu giữa hai lần gửi).",
            await Remind("0", "0"));
        // Once the message is shown it is gone: a reload does not repeat it.
        Assert.DoesNotContain("id=\"nothing-sent\"", await staff.GetStringAsync($"/rounds/{roundId}/campaigns"));
    }

    [Fact]
    public async Task A_message_that_cannot_be_sent_is_marked_failed_with_the_reason_and_the_others_go_out()
    {
        var (roundId, unitId, groupId) = await CommuneWith(3, "BADMAIL");
        await app.WithDb(async db => await db.RespondentContacts.Where(c => c.Email == "badmail-0002@example.test").ExecuteUpdateAsync(s => s.SetProperty(c => c.Email, "không phải địa chỉ")));
        var staff = await app.CreateClientAs(Roles.Designer);

        var (final, _) = await RunToEnd(staff, await staff.PostAsJsonAsync($"/api/v1/rounds/{roundId}/campaigns", new { kind = "Invitation", unitId, groupId }));

        Assert.Equal(2, final.GetProperty("sent").GetInt32());
        Assert.Equal(1, final.GetProperty("failed").GetInt32());
        var page = await staff.GetStringAsync($"/rounds/{roundId}/campaigns");
        Assert.Contains("BADMAIL-0002", page);
        Assert.Contains("Invalid address", page);
        Assert.Equal(DeliveryStatus.Failed, await app.WithDb(db => db.EmailDeliveries.Where(d => db.Invitations.Any(i => i.Id == d.InvitationId && i.Respondent!.Code == "BADMAIL-0002")).Select(d => d.Status).SingleAsync()));
    }
}
