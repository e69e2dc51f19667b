using System.Net;
using System.Net.Http.Json;
using Microsoft.EntityFrameworkCore;
using ParIndex.Core.Domain;
using ParIndex.Web.Tests.Infrastructure;

namespace ParIndex.Web.Tests.Features.Collection;

[Collection(AppCollection.Name)]
public class SubmissionTests(ParIndexFactory app)
{
    private readonly HttpClient client = app.CreateClient();

    [Fact]
    public async Task Submitting_twice_with_same_client_id_stores_one_response()
    {
        var (token, respondentId) = await app.IssueTokenAsync();
        var (_, data) = await Answers.ValidFor(client, token);
        var clientId = Guid.NewGuid();

        var first = await client.PostAsJsonAsync($"/api/v1/forms/{token}/submissions", Answers.Body(clientId, data));
        var second = await client.PostAsJsonAsync($"/api/v1/forms/{token}/submissions", Answers.Body(clientId, data));

        Assert.Equal(HttpStatusCode.Created, first.StatusCode);
        Assert.Equal(HttpStatusCode.OK, second.StatusCode);
        var a = await first.ReadJson();
        var b = await second.ReadJson();
        Assert.Equal(a.GetProperty("responseId").GetInt64(), b.GetProperty("responseId").GetInt64());
        Assert.True(b.GetProperty("duplicate").GetBoolean());
        Assert.Equal(1, await app.WithDb(db => db.Responses.CountAsync(r => r.RespondentId == respondentId)));
    }

    [Fact]
    public async Task Concurrent_retries_of_one_submission_store_one_response()
    {
        var (token, respondentId) = await app.IssueTokenAsync();
        var (_, data) = await Answers.ValidFor(client, token);
        var clientId = Guid.NewGuid();

        var results = await Task.WhenAll(Enumerable.Range(0, 8).Select(_ => client.PostAsJsonAsync($"/api/v1/forms/{token}/submissions", Answers.Body(clientId, data))));

        Assert.All(results, r => Assert.True(r.StatusCode is HttpStatusCode.Created or HttpStatusCode.OK, $"got {(int)r.StatusCode}"));
        Assert.Single(results, r => r.StatusCode == HttpStatusCode.Created);
        Assert.Equal(1, await app.WithDb(db => db.Responses.CountAsync(r => r.RespondentId == respondentId)));
    }

    [Fact]
    public async Task A_second_submission_with_another_client_id_is_refused_as_already_answered()
    {
        var (token, respondentId) = await app.IssueTokenAsync();
        var (_, data) = await Answers.ValidFor(client, token);
        (await client.PostAsJsonAsync($"/api/v1/forms/{token}/submissions", Answers.Body(Guid.NewGuid(), data))).EnsureSuccessStatusCode();

        var again = await client.PostAsJsonAsync($"/api/v1/forms/{token}/submissions", Answers.Body(Guid.NewGuid(), data));

        await again.AssertProblem(410, "token-used");
        Assert.Equal(1, await app.WithDb(db => db.Responses.CountAsync(r => r.RespondentId == respondentId)));
    }

    [Fact]
    public async Task Out_of_range_answer_is_refused_with_problem_details_and_nothing_is_written()
    {
        var (token, respondentId) = await app.IssueTokenAsync();
        var (form, data) = await Answers.ValidFor(client, token);
        var likert = form.Definition.AllItems().Select(p => p.Item).First(i => i.IsLikert && i.Relevant is null);
        data.Answers[likert.Id] = "9";

        var response = await client.PostAsJsonAsync($"/api/v1/forms/{token}/submissions", Answers.Body(Guid.NewGuid(), data));

        var problem = await response.AssertProblem(400, "validation-failed");
        Assert.True(problem.GetProperty("errors").TryGetProperty(likert.Id, out _));
        Assert.Equal(0, await app.WithDb(db => db.Responses.CountAsync(r => r.RespondentId == respondentId)));
    }

    [Fact]
    public async Task Answer_to_an_item_of_another_questionnaire_is_refused()
    {
        var (token, respondentId) = await app.IssueTokenAsync();
        var (_, data) = await Answers.ValidFor(client, token);
        data.Answers["q_not_in_this_form"] = "1";

        var response = await client.PostAsJsonAsync($"/api/v1/forms/{token}/submissions", Answers.Body(Guid.NewGuid(), data));

        await response.AssertProblem(400, "validation-failed");
        Assert.Equal(0, await app.WithDb(db => db.Responses.CountAsync(r => r.RespondentId == respondentId)));
    }

    [Fact]
    public async Task Missing_client_id_is_a_validation_problem()
    {
        var (token, _) = await app.IssueTokenAsync();
        var response = await client.PostAsJsonAsync($"/api/v1/forms/{token}/submissions", new { answers = new { } });
        await response.AssertProblem(400, "validation-failed");
    }

    [Theory]
    [InlineData("not-a-token")]
    [InlineData("AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA")]
    [InlineData("%27%20OR%201%3D1--")]
    public async Task Unknown_or_malformed_tokens_get_not_valid_in_vietnamese_with_404(string token)
    {
        var page = await client.GetAsync($"/r/{token}");
        Assert.Equal(HttpStatusCode.NotFound, page.StatusCode);
        var html = await page.Content.ReadAsStringAsync();
        Assert.Contains("Liên kết không hợp lệ", html);
        Assert.DoesNotContain("Exception", html);

        var api = await client.GetAsync($"/api/v1/forms/{token}");
        await api.AssertProblem(404, "token-invalid");
    }

    [Fact]
    public async Task Used_revoked_and_expired_links_each_get_their_own_page_with_410()
    {
        var (used, _) = await app.IssueTokenAsync();
        var (_, data) = await Answers.ValidFor(client, used);
        (await client.PostAsJsonAsync($"/api/v1/forms/{used}/submissions", Answers.Body(Guid.NewGuid(), data))).EnsureSuccessStatusCode();
        var (revoked, revokedMember) = await app.IssueTokenAsync();
        await app.WithDb(async db =>
        {
            var invitation = await db.Invitations.OrderByDescending(i => i.Id).FirstAsync(i => i.RespondentId == revokedMember);
            invitation.Revoke(DateTime.UtcNow);
            return await db.SaveChangesAsync();
        });
        var (expired, _) = await app.IssueTokenAsync(validUntil: DateTime.UtcNow.AddMinutes(-1));

        foreach (var (token, text) in new[] { (used, "đã được dùng để trả lời"), (revoked, "đã bị thu hồi"), (expired, "không trong thời gian nhận phiếu") })
        {
            var page = await client.GetAsync($"/r/{token}");
            Assert.Equal(HttpStatusCode.Gone, page.StatusCode);
            var html = await page.Content.ReadAsStringAsync();
            Assert.Contains(text, html);
            Assert.DoesNotContain("fieldset", html); // never the answers or the form
        }
    }

    [Fact]
    public async Task Web_form_post_stores_the_response_and_the_progress_count_goes_up()
    {
        var (token, respondentId) = await app.IssueTokenAsync();
        var (form, data) = await Answers.ValidFor(client, token);
        var roundId = await app.WithDb(db => db.Respondents.Where(r => r.Id == respondentId).Select(r => r.RoundId).FirstAsync());
        var before = await CompletedInProgress(roundId);

        var page = await client.GetStringAsync($"/r/{token}");
        var fields = HttpExtensions.HiddenInputs(page);
        Assert.True(fields.ContainsKey("__RequestVerificationToken"));
        Assert.True(Guid.TryParse(fields["clientId"], out _));
        var post = fields.Select(f => KeyValuePair.Create(f.Key, f.Value)).ToList();
        post.AddRange(data.Answers.SelectMany(a => a.Value.Split(' ').Select(v => KeyValuePair.Create($"a.{a.Key}", v))));
        post.AddRange(data.Units.SelectMany(u => u.Value.SelectMany(a => a.Value.Split(' ').Select(v => KeyValuePair.Create($"u|{u.Key}|{a.Key}", v)))));

        var response = await client.PostAsync($"/r/{token}", new FormUrlEncodedContent(post));
        var html = await response.Content.ReadAsStringAsync();

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Contains("Cảm ơn", html);
        Assert.Equal(1, await app.WithDb(db => db.Responses.CountAsync(r => r.RespondentId == respondentId && r.Status == ResponseStatus.Submitted)));
        Assert.Equal(before + Math.Max(1, form.Definition.Sections.Any(s => s.Grid is not null) ? data.Units.Count : 1), await CompletedInProgress(roundId));

        // Posting the same page again (a retry) shows the same thanks and stores nothing new.
        var retry = await client.PostAsync($"/r/{token}", new FormUrlEncodedContent(post));
        Assert.Contains("Cảm ơn", await retry.Content.ReadAsStringAsync());
        Assert.Equal(1, await app.WithDb(db => db.Responses.CountAsync(r => r.RespondentId == respondentId)));
    }

    [Fact]
    public async Task Form_post_without_antiforgery_token_is_refused_and_stores_nothing()
    {
        var (token, respondentId) = await app.IssueTokenAsync();
        var response = await client.PostAsync($"/r/{token}", new FormUrlEncodedContent([KeyValuePair.Create("clientId", Guid.NewGuid().ToString())]));
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal(0, await app.WithDb(db => db.Responses.CountAsync(r => r.RespondentId == respondentId)));
    }

    private async Task<int> CompletedInProgress(int roundId)
    {
        using var supervisor = await app.CreateClientAs(ParIndex.Web.Infrastructure.Security.Roles.Supervisor);
        var progress = await supervisor.GetFromJsonAsync<System.Text.Json.JsonElement>($"/api/v1/rounds/{roundId}/progress");
        return progress.GetProperty("completed").GetInt32();
    }
}
