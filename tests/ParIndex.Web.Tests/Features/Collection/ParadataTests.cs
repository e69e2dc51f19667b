using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using Microsoft.EntityFrameworkCore;
using ParIndex.Core.Domain;
using ParIndex.Web.Infrastructure.Security;
using ParIndex.Web.Tests.Features.Distribution;
using ParIndex.Web.Tests.Infrastructure;

namespace ParIndex.Web.Tests.Features.Collection;

/// <summary>
/// Paradata is bounded and validated before anything is stored (issue #19, item 13): a 100 KB language, a 1 MB device
/// class, a start in year 1 or 9999 — each refused with a ProblemDetails naming the field on the API, and with a
/// Vietnamese page on the personal-link and public-link forms; the answers around them are valid, so the refusal is for
/// the paradata alone, and nothing is stored.
/// </summary>
[Collection(AppCollection.Name)]
public sealed class ParadataTests(ParIndexFactory app)
{
    public static TheoryData<string, string> BadParadata() => new()
    {
        { "language of 100 KB", "language" },
        { "a language no form has", "language" },
        { "deviceClass of 1 MB", "deviceClass" },
        { "an unknown deviceClass", "deviceClass" },
        { "startedAt 0001-01-01", "startedAt" },
        { "startedAt 9999-12-31", "startedAt" },
        { "startedAt tomorrow", "startedAt" },
        { "startedAt two years ago", "startedAt" },
    };

    private static (string Field, object Value) Bad(string name) => name switch
    {
        "language of 100 KB" => ("language", new string('x', 100 * 1024)),
        "a language no form has" => ("language", "xx"),
        "deviceClass of 1 MB" => ("deviceClass", new string('x', 1 << 20)),
        "an unknown deviceClass" => ("deviceClass", "toaster"),
        "startedAt 0001-01-01" => ("startedAt", "0001-01-01T00:00:00Z"),
        "startedAt 9999-12-31" => ("startedAt", "9999-12-31T23:59:59Z"),
        "startedAt tomorrow" => ("startedAt", DateTime.UtcNow.AddDays(1).ToString("O", CultureInfo.InvariantCulture)),
        _ => ("startedAt", DateTime.UtcNow.AddDays(-730).ToString("O", CultureInfo.InvariantCulture)),
    };

    [Theory]
    [MemberData(nameof(BadParadata))]
    public async Task The_api_refuses_implausible_paradata_naming_the_field_and_stores_nothing(string name, string field)
    {
        var (token, respondentId) = await app.IssueTokenAsync();
        var client = app.CreateClient();
        var (_, data) = await Answers.ValidFor(client, token);
        var body = new Dictionary<string, object?>
        {
            ["clientId"] = Guid.NewGuid(), ["answers"] = data.Answers, ["units"] = data.Units,
            ["language"] = "vi", ["deviceClass"] = "phone", ["startedAt"] = DateTime.UtcNow.AddMinutes(-12),
        };
        var (key, value) = Bad(name);
        body[key] = value;

        var response = await client.PostAsJsonAsync($"/api/v1/forms/{token}/submissions", body);

        var problem = await response.AssertProblem(400, "validation-failed");
        var errors = problem.GetProperty("errors");
        Assert.Equal([field], errors.EnumerateObject().Select(p => p.Name));
        Assert.Contains(field, problem.GetProperty("detail").GetString());
        Assert.True(errors.ToString().Length < 2000, "the refusal must not echo the oversized value");
        Assert.Equal(0, await app.WithDb(db => db.Responses.CountAsync(r => r.RespondentId == respondentId)));
    }

    [Fact]
    public async Task Plausible_paradata_is_stored_as_sent()
    {
        var (token, respondentId) = await app.IssueTokenAsync();
        var client = app.CreateClient();
        var (_, data) = await Answers.ValidFor(client, token);
        var started = DateTime.UtcNow.AddMinutes(-9);
        var response = await client.PostAsJsonAsync($"/api/v1/forms/{token}/submissions",
            new { clientId = Guid.NewGuid(), answers = data.Answers, units = data.Units, language = "en", deviceClass = "tablet", startedAt = started });
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        var stored = await app.WithDb(db => db.Responses.SingleAsync(r => r.RespondentId == respondentId));
        Assert.Equal(("en", "tablet"), (stored.Language, stored.DeviceClass));
        Assert.True(Math.Abs((stored.StartedAt - started).TotalSeconds) < 1);
    }

    public static TheoryData<string, string> BadStarts() => new()
    {
        { "whole form", "0001-01-01T00:00:00.0000000Z" },
        { "whole form", "9999-12-31T23:59:59.0000000Z" },
        { "screen", "0001-01-01T00:00:00.0000000Z" },
        { "screen", "9999-12-31T23:59:59.0000000Z" },
        { "screen", "not a time" },
    };

    [Theory]
    [MemberData(nameof(BadStarts))]
    public async Task The_personal_link_form_refuses_an_implausible_start_time_with_a_vietnamese_page(string mode, string startedAt)
    {
        var (token, respondentId) = await app.IssueTokenAsync();
        var client = app.CreateClient();
        var (form, data) = await Answers.ValidFor(client, token);
        var post = HttpExtensions.HiddenInputs(await client.GetStringAsync($"/r/{token}"));
        Assert.True(post.ContainsKey("startedAt"));
        post["startedAt"] = startedAt;
        if (mode == "screen")
        {
            var step = ParIndex.Web.Features.Collection.FormStep.Parse(post["step"])!;
            foreach (var item in form.Definition.Sections.First(s => s.Id == step.SectionId).Items)
                if (data.Get(item.Id, step.UnitCode) is { } v) post[ParIndex.Web.Features.Collection.FormPosts.FieldName(item.Id, step.UnitCode)] = v;
        }
        else
        {
            post.Remove("step");
            foreach (var (k, v) in data.Answers) post[$"a.{k}"] = v;
            foreach (var (unit, answers) in data.Units) foreach (var (k, v) in answers) post[$"u|{unit}|{k}"] = v;
        }

        var response = await client.PostAsync($"/r/{token}", new FormUrlEncodedContent(post));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var html = System.Net.WebUtility.HtmlDecode(await response.Content.ReadAsStringAsync());
        Assert.Contains("Thời điểm bắt đầu trả lời", html);
        Assert.Contains("chưa được ghi nhận", html);
        Assert.Equal(0, await app.WithDb(db => db.Responses.CountAsync(r => r.RespondentId == respondentId)));
    }

    [Fact]
    public async Task The_public_link_form_refuses_an_implausible_start_time_with_a_vietnamese_page()
    {
        var (roundId, unitId, groupId) = await DemoRound.UnitAndGroup(app, "XA-DAN", 14);
        var designer = await app.CreateClientAs(Roles.Designer);
        var created = await designer.PostAsJsonAsync($"/api/v1/rounds/{roundId}/public-links", new { unitId, groupId, quota = 10 });
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        var path = new Uri((await created.ReadJson()).GetProperty("link").GetString()!).AbsolutePath;
        var before = await app.WithDb(db => db.Responses.CountAsync(r => r.RespondentId == null && r.UnitId == unitId));
        foreach (var startedAt in new[] { "0001-01-01T00:00:00.0000000Z", "9999-12-31T23:59:59.0000000Z" })
        {
            var client = app.CreateClient();
            var post = HttpExtensions.HiddenInputs(await client.GetStringAsync(path));
            post["startedAt"] = startedAt;
            foreach (var (k, v) in new[] { ("a.channel", "counter"), ("a.sat_access", "4"), ("a.sat_staff", "4"), ("a.sat_result", "5"), ("a.age", "47") }) post[k] = v;

            var response = await client.PostAsync(path, new FormUrlEncodedContent(post));

            Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
            Assert.Contains("Thời điểm bắt đầu trả lời", System.Net.WebUtility.HtmlDecode(await response.Content.ReadAsStringAsync()));
        }
        Assert.Equal(before, await app.WithDb(db => db.Responses.CountAsync(r => r.RespondentId == null && r.UnitId == unitId)));
    }
}
