using System.Net;
using System.Net.Http.Json;
using System.Text.RegularExpressions;
using Microsoft.EntityFrameworkCore;
using ParIndex.Core.Domain;
using ParIndex.Web.Infrastructure.Security;
using ParIndex.Web.Tests.Infrastructure;

namespace ParIndex.Web.Tests.Features.Distribution;

[Collection(DistributionCollection.Name)]
public sealed partial class LetterTests(ParIndexFactory app)
{
    [GeneratedRegex("<article class=\"letter\"")]
    private static partial Regex Letter();

    [Fact]
    public async Task A_letter_shows_the_round_unit_code_link_and_qr_of_one_respondent_in_vietnamese()
    {
        var (roundId, unitId, groupId) = await DemoRound.UnitAndGroup(app, "XA-DAN", 7);
        var staff = await app.CreateClientAs(Roles.Designer);
        var invitation = await app.WithDb(db => db.Invitations.Where(i => i.Status == InvitationStatus.Active && i.Respondent!.UnitId == unitId && i.Respondent.RespondentGroupId == groupId)
            .Select(i => new { i.Id, i.Respondent!.Code, Unit = i.Respondent.Unit!.Name }).FirstAsync());

        var html = await staff.GetStringAsync($"/rounds/{roundId}/invitations/letters?invitationId={invitation.Id}");

        Assert.Single(Letter().Matches(html));
        Assert.Contains("Thư mời tham gia khảo sát", html);
        Assert.Contains("Chỉ số CCHC 2026", html);
        Assert.Contains(invitation.Code, html);
        Assert.Contains(invitation.Unit, html);
        Assert.Contains($"/api/v1/rounds/{roundId}/invitations/{invitation.Id}/qr.svg", html);
        var link = Regex.Match(html, "http://localhost/r/[A-Za-z0-9_-]{43}").Value;
        Assert.Equal(HttpStatusCode.OK, (await app.CreateClient().GetAsync(new Uri(link).PathAndQuery)).StatusCode);
        Assert.DoesNotContain("style=", html);
        Assert.DoesNotContain("<script", html);
    }

    [Fact]
    public async Task A_batch_prints_one_letter_per_active_link_of_the_unit_and_group()
    {
        var (roundId, unitId, groupId) = await DemoRound.UnitAndGroup(app, "XA-DAN", 8);
        var staff = await app.CreateClientAs(Roles.Designer);
        var active = await app.WithDb(db => db.Invitations.CountAsync(i => i.Status == InvitationStatus.Active && i.Salt != null && i.Respondent!.UnitId == unitId && i.Respondent.RespondentGroupId == groupId));

        var html = await staff.GetStringAsync($"/rounds/{roundId}/invitations/letters?unitId={unitId}&groupId={groupId}");

        Assert.True(active > 0);
        Assert.Equal(active, Letter().Matches(html).Count);
    }

    [Fact]
    public async Task A_batch_of_letters_is_one_pdf_printed_by_headless_chromium_one_a4_page_per_letter()
    {
        var (roundId, unitId, groupId) = await DemoRound.UnitAndGroup(app, "XA-DAN", 8);
        var staff = await app.CreateClientAs(Roles.Designer);
        var letters = Letter().Matches(await staff.GetStringAsync($"/rounds/{roundId}/invitations/letters?unitId={unitId}&groupId={groupId}")).Count;

        var watch = System.Diagnostics.Stopwatch.StartNew();
        var response = await staff.GetAsync($"/rounds/{roundId}/invitations/letters?handler=Pdf&unitId={unitId}&groupId={groupId}");
        var pdf = await response.Content.ReadAsByteArrayAsync();

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("application/pdf", response.Content.Headers.ContentType?.MediaType);
        var text = System.Text.Encoding.Latin1.GetString(pdf);
        Assert.StartsWith("%PDF-", text);
        Assert.True(letters > 0);
        Assert.Equal(letters, Regex.Matches(text, @"/Type\s*/Page[^s]").Count);
        // A4 is 595×842 points.
        Assert.True(Regex.Match(text, @"/MediaBox\s*\[\s*0\s+0\s+(?<w>[\d.]+)\s+(?<h>[\d.]+)") is { Success: true } box
            && Math.Abs(double.Parse(box.Groups["w"].Value, System.Globalization.CultureInfo.InvariantCulture) - 595) < 2
            && Math.Abs(double.Parse(box.Groups["h"].Value, System.Globalization.CultureInfo.InvariantCulture) - 842) < 2,
            Regex.Match(text, @"/MediaBox[^\]]*\]").Value);
        Console.WriteLine($"PDF of {letters} letters: {pdf.Length / 1024.0:0.0} KB in {watch.ElapsedMilliseconds} ms");
        // Only the institute's staff print letters: a viewer gets no PDF.
        var viewer = await app.CreateClientAs(Roles.Viewer);
        Assert.Equal(HttpStatusCode.Forbidden, (await viewer.GetAsync($"/rounds/{roundId}/invitations/letters?handler=Pdf&unitId={unitId}&groupId={groupId}")).StatusCode);
    }

    [Fact]
    public async Task The_links_page_issues_links_for_a_filtered_unit()
    {
        var (roundId, unitId, groupId) = await DemoRound.UnitAndGroup(app, "XA-TRUONGTHON", 0);
        var staff = await app.CreateClientAs(Roles.Designer);
        var page = await staff.GetStringAsync($"/rounds/{roundId}/invitations?unitId={unitId}&groupId={groupId}");
        var form = HttpExtensions.HiddenInputs(page);

        var posted = await staff.PostAsync($"/rounds/{roundId}/invitations?handler=Issue", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["__RequestVerificationToken"] = form["__RequestVerificationToken"], ["UnitId"] = unitId.ToString(), ["GroupId"] = groupId.ToString(),
        }));

        Assert.Equal(HttpStatusCode.OK, posted.StatusCode);
        Assert.Contains("Đã cấp 0 liên kết mới", await posted.Content.ReadAsStringAsync());
    }
}
