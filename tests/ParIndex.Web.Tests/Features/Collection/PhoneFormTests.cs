using System.Net;
using System.Text.RegularExpressions;
using Microsoft.EntityFrameworkCore;
using ParIndex.Core.Domain;
using ParIndex.Web.Features.Collection;
using ParIndex.Web.Tests.Infrastructure;

namespace ParIndex.Web.Tests.Features.Collection;

/// <summary>The section-by-section form with plain posts (JavaScript off): autosave, resume, server-side skip logic, submit.</summary>
[Collection(AppCollection.Name)]
public sealed partial class PhoneFormTests(ParIndexFactory app)
{
    [GeneratedRegex("name=\"step\" value=\"(?<v>[^\"]+)\"")]
    private static partial Regex StepField();

    private static string StepOf(string html) => System.Net.WebUtility.HtmlDecode(StepField().Match(html).Groups["v"].Value);

    private static async Task<(HttpResponseMessage Response, string Html)> Post(HttpClient client, string token, string html, params (string Key, string Value)[] answers)
    {
        var fields = HttpExtensions.HiddenInputs(html).Select(f => KeyValuePair.Create(f.Key, f.Value)).ToList();
        fields.AddRange(answers.Select(a => KeyValuePair.Create(a.Key, a.Value)));
        fields.Add(KeyValuePair.Create("nav", "next"));
        var response = await client.PostAsync($"/r/{token}", new FormUrlEncodedContent(fields));
        return (response, await response.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task A_grid_is_answered_one_unit_per_screen_and_resumes_on_another_device_where_it_stopped()
    {
        await GridQuestionnaire.PublishFor(app);
        var (token, respondentId) = await app.IssueTokenAsync("SO-HDND");
        var phone = app.CreateClient();
        var units = await app.WithDb(db => db.Units.Where(u => u.UnitType!.Code == "SO" && u.RoundId == db.Respondents.First(r => r.Id == respondentId).RoundId).OrderBy(u => u.SortOrder).Select(u => u.Code).ToListAsync());

        var first = await phone.GetStringAsync($"/r/{token}");
        Assert.Equal("about", StepOf(first));
        var (_, second) = await Post(phone, token, first, ("a.years", "5"), ("a.rated_before", "no"));
        Assert.Equal($"rate|{units[0]}", StepOf(second));
        Assert.Contains($"Sở 1 / {units.Count}", second);
        var (_, third) = await Post(phone, token, second, ($"u|{units[0]}|r_overall", "4"));
        Assert.Contains($"Sở 2 / {units.Count}", third);
        // Next is not a return: no "continue where you left off" after it.
        Assert.DoesNotContain("id=\"resumed\"", second);
        Assert.DoesNotContain("id=\"resumed\"", third);

        // The phone is closed; the link is opened on a laptop.
        var laptop = app.CreateClient();
        var resumed = await laptop.GetStringAsync($"/r/{token}");
        Assert.Equal($"rate|{units[1]}", StepOf(resumed));
        Assert.Contains("id=\"resumed\"", resumed);
        Assert.Equal(HttpExtensions.HiddenInputs(first)["clientId"], HttpExtensions.HiddenInputs(resumed)["clientId"]);
        var saved = await app.WithDb(db => db.Responses.Include(r => r.AnswerSets).SingleAsync(r => r.RespondentId == respondentId));
        Assert.Equal(ResponseStatus.InProgress, saved.Status);
        Assert.Contains(saved.AnswerSets, s => s.RatedUnitId != null && s.AnswersJson.Contains("\"r_overall\":\"4\""));

        var html = resumed;
        for (var i = 1; i < units.Count; i++)
            (_, html) = await Post(laptop, token, html, ($"u|{units[i]}|r_overall", "5"));

        Assert.Contains("Cảm ơn", html);
        var done = await app.WithDb(db => db.Responses.Include(r => r.AnswerSets).SingleAsync(r => r.RespondentId == respondentId));
        Assert.Equal(ResponseStatus.Submitted, done.Status);
        Assert.Equal(units.Count + 1, done.AnswerSets.Count);
        var paradata = FormProgress.Read(done.ParadataJson);
        Assert.Equal("web", paradata.Mode);
        Assert.NotNull(paradata.Ended);
        Assert.True(paradata.Ended >= paradata.Started);
        Assert.Equal(["about", "rate"], paradata.SecondsPerSection.Keys.Order());
        Assert.Equal(units.Count + 1, paradata.Saves);
    }

    [Fact]
    public async Task Skip_logic_on_the_server_shows_follow_up_questions_on_the_same_screen()
    {
        await GridQuestionnaire.PublishFor(app);
        var (token, _) = await app.IssueTokenAsync("SO-HDND");
        var client = app.CreateClient();
        var first = await client.GetStringAsync($"/r/{token}");
        // Rendered for the instant skip logic, but hidden and disabled: without JavaScript neither shown nor posted.
        Assert.Matches("<fieldset[^>]*data-item=\"how_often\" hidden=\"hidden\" disabled=\"disabled\"", first);

        var (response, again) = await Post(client, token, first, ("a.years", "5"), ("a.rated_before", "yes"));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("about", StepOf(again));
        Assert.Contains("name=\"a.how_often\"", again);
        Assert.DoesNotContain("data-item=\"how_often\" hidden", again);
        Assert.Contains("value=\"5\"", again);
    }

    [Fact]
    public async Task A_constraint_violation_keeps_the_screen_with_its_vietnamese_message()
    {
        await GridQuestionnaire.PublishFor(app);
        var (token, respondentId) = await app.IssueTokenAsync("SO-HDND");
        var client = app.CreateClient();
        var first = await client.GetStringAsync($"/r/{token}");

        var (response, html) = await Post(client, token, first, ("a.years", "55"), ("a.rated_before", "no"));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("about", StepOf(html));
        Assert.Contains("Số năm phải không quá 40.", html);
        Assert.Equal(0, await app.WithDb(db => db.Responses.CountAsync(r => r.RespondentId == respondentId && r.Status == ResponseStatus.Submitted)));
    }

    [Fact]
    public async Task Posting_the_last_screen_again_after_it_was_stored_shows_the_same_thanks()
    {
        var (token, respondentId) = await app.IssueTokenAsync();
        var client = app.CreateClient();
        var page = await client.GetStringAsync($"/r/{token}");
        var answers = new[] { ("a.channel", "counter"), ("a.sat_access", "4"), ("a.sat_staff", "4"), ("a.sat_result", "5"), ("a.age", "40") };

        var (_, thanks) = await Post(client, token, page, answers);
        var (retry, again) = await Post(client, token, page, answers);

        Assert.Contains("Cảm ơn", thanks);
        Assert.Equal(HttpStatusCode.OK, retry.StatusCode);
        Assert.Contains("Cảm ơn", again);
        Assert.Equal(1, await app.WithDb(db => db.Responses.CountAsync(r => r.RespondentId == respondentId)));
    }
}
