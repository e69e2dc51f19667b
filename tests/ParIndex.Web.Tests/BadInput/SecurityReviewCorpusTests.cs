using System.Net;
using System.Net.Http.Json;
using System.Text;
using Microsoft.EntityFrameworkCore;
using ParIndex.Core.Domain;
using ParIndex.Web.Infrastructure.Security;
using ParIndex.Web.Tests.Features.SelfAssessment;
using ParIndex.Web.Tests.Infrastructure;

namespace ParIndex.Web.Tests.BadInput;

/// <summary>
/// The inputs of issue #19 kept as data (<c>security-review.txt</c>): every one gets the answer the file says — a 4xx
/// or the safe redirect, never a 5xx — and writes nothing (the audit log and the rows it would touch are unchanged).
/// </summary>
public sealed class SecurityReviewCorpusTests(SecurityReviewCorpusTests.OwnApp app) : IClassFixture<SecurityReviewCorpusTests.OwnApp>
{
    public sealed class OwnApp : SelfAssessmentApp;

    public static TheoryData<string> Inputs()
    {
        var data = new TheoryData<string>();
        foreach (var line in File.ReadAllLines(Path.Combine(AppContext.BaseDirectory, "BadInput", "security-review.txt")))
            if (line.Length > 0 && !line.StartsWith('#')) data.Add(line);
        return data;
    }

    private Task<(int Audit, int Responses, int Invitations, int Revoked, int Runs, int Scores)> Written() => app.WithDb(async db => (
        await db.AuditEntries.CountAsync(a => !a.Actor.StartsWith("system:") && !a.Action.StartsWith("auth.")), await db.Responses.CountAsync(),
        await db.Invitations.CountAsync(), await db.Invitations.CountAsync(i => i.Status == InvitationStatus.Revoked), await db.ScoreRuns.CountAsync(),
        await db.AssessmentScores.CountAsync(s => s.SelfPoints != null || s.Explanation != null)));

    [Theory]
    [MemberData(nameof(Inputs))]
    public async Task Every_input_of_the_security_review_gets_a_clear_answer_and_writes_nothing(string line)
    {
        var parts = line.Split('|').Select(p => p.Trim()).ToArray();
        var roundId = await app.WithDb(db => db.Rounds.OrderBy(r => r.Id).Select(r => r.Id).FirstAsync());
        var (token, _) = await app.IssueTokenAsync();
        // Everything a case needs is made before the "before" snapshot: accounts, sign-ins, pages opened.
        var client = parts[0] switch
        {
            "get" or "post" when parts[1] != "anonymous" => await app.CreateClientAs(parts[1], followRedirects: false),
            "lines" => (await app.Reporter("SO-TP")).Client,
            "paradata" => app.CreateClient(),
            _ => app.RawClient(),
        };
        var designerCookie = parts[0] == "cross-site" ? await app.SignInAsync(Roles.Designer) : null;
        var (_, periodId, _) = await app.Periods();
        var page = $"/self-assessment/{periodId}";
        var code = parts[0] == "lines" ? SelfAssessmentApp.Lines(await client.GetStringAsync(page))[0].Code : "";
        var data = parts[0] == "paradata" ? (await Answers.ValidFor(client, token)).Data : null;
        var invitationId = await app.WithDb(db => db.Invitations.Where(i => i.Status == InvitationStatus.Active).OrderBy(i => i.Id).Select(i => i.Id).FirstAsync());
        var before = await Written();
        switch (parts[0])
        {
            case "get" or "post":
            {
                var path = parts[2].Replace("{token}", token, StringComparison.Ordinal);
                var response = parts[0] == "get" ? await client.GetAsync(path) : await client.PostAsync(path, new FormUrlEncodedContent([KeyValuePair.Create("clientId", Guid.NewGuid().ToString())]));
                var expected = parts[3].Split(' ', 2);
                Assert.Equal(int.Parse(expected[0], System.Globalization.CultureInfo.InvariantCulture), (int)response.StatusCode);
                if (expected.Length > 1) Assert.Equal(expected[1], response.Headers.Location?.OriginalString);
                break;
            }
            case "paradata":
            {
                var body = new Dictionary<string, object?> { ["clientId"] = Guid.NewGuid(), ["answers"] = data!.Answers, ["units"] = data.Units, ["language"] = "vi", ["deviceClass"] = "phone" };
                body[parts[1]] = parts[2].Split('*') is [var c, var n] && int.TryParse(n, out var count) ? new string(c[0], count) : parts[2];
                var problem = await (await client.PostAsJsonAsync($"/api/v1/forms/{token}/submissions", body)).AssertProblem(400, "validation-failed");
                Assert.True(problem.GetProperty("errors").TryGetProperty(parts[1], out _), problem.ToString());
                break;
            }
            case "lines":
            {
                var codes = parts.Length > 2 && parts[2].Length > 0 ? parts[2].Replace("{code}", code, StringComparison.Ordinal).Split(',') : [""];
                var fields = codes.SelectMany((c, i) => new[] { KeyValuePair.Create($"Lines[{i}].Code", c), KeyValuePair.Create($"Lines[{i}].Points", "0,5"), KeyValuePair.Create($"Lines[{i}].Text", "Giải trình") });
                var response = await SelfAssessmentApp.Post(client, page, parts[1], fields);
                Assert.Equal(HttpStatusCode.UnprocessableEntity, response.StatusCode);
                var html = System.Net.WebUtility.HtmlDecode(await response.Content.ReadAsStringAsync());
                Assert.Contains("chưa có gì được lưu", html);
                Assert.Contains(codes[0].Length == 0 ? "không có mã tiêu chí" : $"Tiêu chí {code} được gửi hai lần", html);
                break;
            }
            case "cross-site":
            {
                var target = parts[1].Split(' ', 2);
                using var request = new HttpRequestMessage(new HttpMethod(target[0]), target[1].Replace("{roundId}", roundId.ToString()).Replace("{invitationId}", invitationId.ToString()))
                {
                    Content = new StringContent("{\"unitCode\":\"SO-NV\",\"points\":70}", Encoding.UTF8, parts[2]),
                };
                request.Headers.Add("Cookie", designerCookie!);
                request.Headers.Add("Origin", "http://evil.example");
                var response = await client.SendAsync(request);
                await response.AssertProblem(403, "cross-site-request");
                break;
            }
            default:
                throw new InvalidOperationException($"unknown kind: {line}");
        }
        Assert.Equal(before, await Written());
    }
}
