using System.Net;
using System.Text.RegularExpressions;
using Microsoft.EntityFrameworkCore;
using ParIndex.Web.Infrastructure.Security;
using ParIndex.Web.Tests.Infrastructure;

namespace ParIndex.Web.Tests.Features.Distribution;

/// <summary>Public links created and listed on the invitations page (the same handler as the API), with QR, quota and status.</summary>
[Collection(DistributionCollection.Name)]
public sealed class PublicLinkPageTests(ParIndexFactory app)
{
    private static async Task<HttpResponseMessage> Create(HttpClient staff, int roundId, string unitId, string groupId, string quota)
    {
        var form = HttpExtensions.HiddenInputs(await staff.GetStringAsync($"/rounds/{roundId}/invitations"));
        return await staff.PostAsync($"/rounds/{roundId}/invitations?handler=PublicLink", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["__RequestVerificationToken"] = form["__RequestVerificationToken"], ["PublicUnitId"] = unitId, ["PublicGroupId"] = groupId, ["PublicQuota"] = quota,
        }));
    }

    [Fact]
    public async Task A_public_link_created_on_the_invitations_page_is_listed_with_its_quota_status_and_a_QR_code_that_opens_it()
    {
        var (roundId, unitId, groupId) = await DemoRound.UnitAndGroup(app, "XA-DAN", 21);
        var staff = await app.CreateClientAs(Roles.Designer);
        var unitName = await app.WithDb(db => db.Units.Where(u => u.Id == unitId).Select(u => u.Name).SingleAsync());

        var created = await Create(staff, roundId, unitId.ToString(), groupId.ToString(), "250");
        Assert.Equal(HttpStatusCode.OK, created.StatusCode);
        var html = WebUtility.HtmlDecode(await created.Content.ReadAsStringAsync());
        Assert.Contains($"Đã tạo liên kết công khai cho {unitName}", html);
        var link = await app.WithDb(db => db.PublicLinks.Where(p => p.UnitId == unitId && p.RespondentGroupId == groupId).OrderByDescending(p => p.Id).FirstAsync());
        Assert.Equal(250, link.Quota);

        var row = Regex.Match(html, $"<tr>\\s*<td data-label=\"Đơn vị\">{Regex.Escape(unitName)}</td>.*?</tr>", RegexOptions.Singleline);
        Assert.True(row.Success, "the new public link is not listed");
        Assert.Contains(">0 / 250<", row.Value);
        Assert.Contains("Đang nhận phiếu", row.Value);
        Assert.Contains($"/p/{link.Slug}", row.Value);
        var qr = await staff.GetAsync($"/api/v1/rounds/{roundId}/public-links/{link.Id}/qr.png");
        Assert.Equal("image/png", qr.Content.Headers.ContentType?.MediaType);
        Assert.Contains($"src=\"/api/v1/rounds/{roundId}/public-links/{link.Id}/qr.png\"", row.Value);
        // The link opens the form for respondents.
        Assert.Equal(HttpStatusCode.OK, (await app.CreateClient().GetAsync($"/p/{link.Slug}")).StatusCode);
    }

    [Fact]
    public async Task A_public_link_without_a_valid_quota_is_refused_on_the_page_in_vietnamese_and_nothing_is_created()
    {
        var (roundId, unitId, groupId) = await DemoRound.UnitAndGroup(app, "XA-DAN", 22);
        var staff = await app.CreateClientAs(Roles.Designer);
        var before = await app.WithDb(db => db.PublicLinks.CountAsync());

        foreach (var (quota, message) in new[] { ("0", "Chỉ tiêu số phiếu phải ít nhất là 1."), ("", "Hãy nhập chỉ tiêu số phiếu.") })
        {
            var refused = await Create(staff, roundId, unitId.ToString(), groupId.ToString(), quota);
            Assert.Equal(HttpStatusCode.BadRequest, refused.StatusCode);
            Assert.Contains(message, WebUtility.HtmlDecode(await refused.Content.ReadAsStringAsync()));
        }
        var otherRound = await Create(staff, roundId, "999999", groupId.ToString(), "10");
        Assert.Equal(HttpStatusCode.BadRequest, otherRound.StatusCode);
        Assert.Contains("Đơn vị hoặc nhóm đối tượng không thuộc đợt này.", WebUtility.HtmlDecode(await otherRound.Content.ReadAsStringAsync()));
        Assert.Equal(before, await app.WithDb(db => db.PublicLinks.CountAsync()));
    }
}
