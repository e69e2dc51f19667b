using System.Net;
using System.Net.Http.Json;
using Microsoft.EntityFrameworkCore;
using ParIndex.Core.Domain;
using ParIndex.Web.Infrastructure.Security;
using ParIndex.Web.Tests.Infrastructure;

namespace ParIndex.Web.Tests.Features.Distribution;

[Collection(DistributionCollection.Name)]
public sealed class PublicLinkTests(ParIndexFactory app)
{
    private static readonly (string, string)[] Valid = [("a.channel", "counter"), ("a.sat_access", "4"), ("a.sat_staff", "4"), ("a.sat_result", "5")];

    private async Task<(string Path, int UnitId, int GroupId)> NewLink(int quota, int unitIndex)
    {
        var (roundId, unitId, groupId) = await DemoRound.UnitAndGroup(app, "XA-DAN", unitIndex);
        var staff = await app.CreateClientAs(Roles.Designer);
        var created = await staff.PostAsJsonAsync($"/api/v1/rounds/{roundId}/public-links", new { unitId, groupId, quota });
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        return (new Uri((await created.ReadJson()).GetProperty("link").GetString()!).AbsolutePath, unitId, groupId);
    }

    private static async Task<HttpResponseMessage> Answer(HttpClient client, string path, params (string Key, string Value)[] answers)
    {
        var page = await client.GetStringAsync(path);
        var fields = HttpExtensions.HiddenInputs(page).Select(f => KeyValuePair.Create(f.Key, f.Value)).ToList();
        fields.AddRange(answers.Select(a => KeyValuePair.Create(a.Item1, a.Item2)));
        return await client.PostAsync(path, new FormUrlEncodedContent(fields));
    }

    [Fact]
    public async Task A_public_link_stores_anonymous_responses_for_its_unit_and_closes_exactly_at_its_quota_under_concurrency()
    {
        var (path, unitId, groupId) = await NewLink(quota: 5, unitIndex: 10);
        var clients = Enumerable.Range(0, 12).Select(_ => app.CreateClient()).ToList();
        var pages = await Task.WhenAll(clients.Select(c => c.GetStringAsync(path)));

        var results = await Task.WhenAll(clients.Select((c, i) =>
        {
            var fields = HttpExtensions.HiddenInputs(pages[i]).Select(f => KeyValuePair.Create(f.Key, f.Value)).ToList();
            // Distinct ages so the near-duplicate check does not interfere.
            fields.AddRange(Valid.Append(("a.age", (20 + i).ToString())).Select(a => KeyValuePair.Create(a.Item1, a.Item2)));
            return c.PostAsync(path, new FormUrlEncodedContent(fields));
        }));

        Assert.Equal(5, results.Count(r => r.StatusCode == HttpStatusCode.OK));
        Assert.Equal(7, results.Count(r => r.StatusCode == HttpStatusCode.Gone));
        var stored = await app.WithDb(db => db.Responses.Where(r => r.RespondentId == null && r.UnitId == unitId && r.RespondentGroupId == groupId && r.Status == ResponseStatus.Submitted).CountAsync());
        Assert.Equal(5, stored);
        var closed = await app.CreateClient().GetAsync(path);
        Assert.Equal(HttpStatusCode.Gone, closed.StatusCode);
        Assert.Contains("đủ số phiếu", await closed.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task The_same_device_or_the_same_answers_from_the_same_network_are_not_counted_twice()
    {
        var (path, _, _) = await NewLink(quota: 50, unitIndex: 11);
        var phone = app.CreateClient();

        var first = await Answer(phone, path, [.. Valid, ("a.age", "33")]);
        var sameDevice = await phone.GetAsync(path);
        var otherDeviceSameAnswers = await Answer(app.CreateClient(), path, [.. Valid, ("a.age", "33")]);
        var otherDeviceOtherAnswers = await Answer(app.CreateClient(), path, [.. Valid, ("a.age", "61")]);

        Assert.Equal(HttpStatusCode.OK, first.StatusCode);
        Assert.Contains("Cảm ơn", await first.Content.ReadAsStringAsync());
        Assert.Equal(HttpStatusCode.Conflict, sameDevice.StatusCode);
        Assert.Equal(HttpStatusCode.Conflict, otherDeviceSameAnswers.StatusCode);
        Assert.Equal(HttpStatusCode.OK, otherDeviceOtherAnswers.StatusCode);
    }

    [Fact]
    public async Task An_unknown_public_link_is_not_valid_with_404()
    {
        var response = await app.CreateClient().GetAsync("/p/AAAAAAAAAAAAAAAA");
        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.Contains("Liên kết không hợp lệ", await response.Content.ReadAsStringAsync());
    }
}
