using System.Net;
using System.Text;
using Microsoft.EntityFrameworkCore;
using ParIndex.Core.Domain;
using ParIndex.Web.Infrastructure.Security;
using ParIndex.Web.Tests.Infrastructure;

namespace ParIndex.Web.Tests.Features.Distribution;

/// <summary>The invitations page's export and letter links, as first shown and under every filter, and the deadline column's clock.</summary>
[Collection(DistributionCollection.Name)]
public sealed class InvitationExportTests(ParIndexFactory app)
{
    /// <summary>The page's CSV, XLSX and letter links for a filter as the filter form sends it (an unset filter is sent empty).</summary>
    private static async Task<List<string>> LinksShown(HttpClient staff, int roundId, int? unitId, int? groupId)
    {
        var page = $"/rounds/{roundId}/invitations" + (unitId is null && groupId is null ? "" : $"?unitId={unitId}&groupId={groupId}");
        var html = await staff.GetStringAsync(page);
        var document = await BrowserForms.Parse(html, new Uri(staff.BaseAddress!, page));
        var links = document.QuerySelectorAll("a[href*='/invitations/export.'], a#print-batch").Select(a => a.GetAttribute("href")!).ToList();
        Assert.Equal(3, links.Count);
        return links;
    }

    [Fact]
    public async Task Every_export_link_works_under_every_filter_and_none_exports_the_whole_round()
    {
        var (roundId, unitId, groupId) = await DemoRound.UnitAndGroup(app, "XA-DAN", 1);
        var staff = await app.CreateClientAs(Roles.Designer);
        var active = await app.WithDb(db => db.Invitations.CountAsync(i => i.Status == InvitationStatus.Active && i.Salt != null && i.Respondent!.RoundId == roundId));
        var failures = new List<string>();
        foreach (var (unit, group) in new (int?, int?)[] { (null, null), (unitId, null), (null, groupId), (unitId, groupId) })
        {
            foreach (var link in await LinksShown(staff, roundId, unit, group))
            {
                using var answer = await staff.GetAsync(link);
                var body = await answer.Content.ReadAsByteArrayAsync();
                if (answer.StatusCode != HttpStatusCode.OK) { failures.Add($"unit {unit}, group {group}: {link} → {(int)answer.StatusCode} {Encoding.UTF8.GetString(body)[..Math.Min(200, body.Length)]}"); continue; }
                if (link.Contains(".csv", StringComparison.Ordinal) && unit is null && group is null)
                    Assert.Equal(active, Encoding.UTF8.GetString(body).Split("\r\n", StringSplitOptions.RemoveEmptyEntries).Length - 1);
            }
        }
        // A link typed or kept from before, with the unset filters empty, reads them as unset too.
        foreach (var suffix in new[] { "", "?unitId=&groupId=", $"?unitId=&groupId={groupId}", $"?unitId={unitId}&groupId=" })
        foreach (var kind in new[] { "csv", "xlsx" })
        {
            using var answer = await staff.GetAsync($"/api/v1/rounds/{roundId}/invitations/export.{kind}{suffix}");
            if (answer.StatusCode != HttpStatusCode.OK) failures.Add($"export.{kind}{suffix} → {(int)answer.StatusCode}");
        }
        Assert.True(failures.Count == 0, string.Join("\n", failures));
    }

    [Fact]
    public async Task The_deadline_column_is_hanoi_time_and_says_so()
    {
        var (roundId, unitId, groupId) = await DemoRound.UnitAndGroup(app, "XA-DAN", 2);
        var staff = await app.CreateClientAs(Roles.Designer);
        var invitationId = await app.WithDb(async db =>
        {
            var invitation = await db.Invitations.Where(i => i.Status == InvitationStatus.Active && i.Salt != null && i.Respondent!.UnitId == unitId && i.Respondent.RespondentGroupId == groupId)
                .OrderBy(i => i.Id).FirstAsync();
            invitation.ValidUntil = new DateTime(2026, 7, 10, 10, 0, 0, DateTimeKind.Utc); // 17:00 in Hanoi
            await db.SaveChangesAsync();
            return invitation.Id;
        });

        var csv = Encoding.UTF8.GetString(await staff.GetByteArrayAsync($"/api/v1/rounds/{roundId}/invitations/export.csv?unitId={unitId}&groupId={groupId}"));
        var lines = csv.TrimStart('\uFEFF').Split("\r\n", StringSplitOptions.RemoveEmptyEntries);

        Assert.EndsWith("han_tra_loi (UTC+7)", lines[0]);
        var row = Assert.Single(lines, l => l.Contains("10/07/2026", StringComparison.Ordinal));
        Assert.EndsWith("10/07/2026 17:00", row);
        Assert.DoesNotContain("10:00", csv);
        Assert.True(invitationId > 0);
    }
}
