using System.Net;
using System.Text.RegularExpressions;
using Microsoft.EntityFrameworkCore;
using ParIndex.Core.Domain;
using ParIndex.Web.Infrastructure.Security;
using ParIndex.Web.Tests.Infrastructure;

namespace ParIndex.Web.Tests.Features.FieldEntry;

/// <summary>
/// Printed forms show skip logic as instructions, never as code (#18 item 9): the paper form for keying of every
/// respondent group of the demo round (every shipped questionnaire) and the questionnaire print page of every version, in
/// Vietnamese and English, as a list and as unit tables.
/// </summary>
[Collection(AppCollection.Name)]
public sealed partial class PrintedInstructionsTests(ParIndexFactory app)
{
    /// <summary>What only an expression would show.</summary>
    [GeneratedRegex(@"\$\{|selected\(|count-selected|\bdiv\b|!=|<=|>=|\bnot\(|'\w+'")]
    private static partial Regex Code();

    [GeneratedRegex("<(script|style)\\b.*?</\\1>", RegexOptions.Singleline)]
    private static partial Regex Scripts();

    private static string Visible(string html) => System.Net.WebUtility.HtmlDecode(Regex.Replace(Scripts().Replace(html, ""), "<[^>]+>", " "));

    [Fact]
    public async Task No_printed_form_of_any_group_or_version_shows_an_expression()
    {
        var (roundId, groups, versions) = await app.WithDb(async db =>
        {
            var round = await db.Rounds.OrderBy(r => r.Id).FirstAsync();
            var groups = await db.RespondentGroups.Where(g => g.RoundId == round.Id).Select(g => new
            {
                g.Code, Member = db.Respondents.Where(r => r.RespondentGroupId == g.Id).OrderBy(r => r.Id).Select(r => r.Code).First(),
            }).ToListAsync();
            var versions = await db.QuestionnaireVersions.Where(v => v.Questionnaire!.RoundId == round.Id && v.Status != QuestionnaireVersionStatus.Draft).Select(v => v.Id).ToListAsync();
            return (round.Id, groups, versions);
        });
        Assert.Equal(7, groups.Count);
        var client = await app.CreateClientAs(Roles.Supervisor);
        var instructions = 0;
        var pages = new List<string>();
        pages.AddRange(groups.Select(g => $"/rounds/{roundId}/field/print?code={g.Member}"));
        pages.AddRange(versions.SelectMany(v => new[] { $"/questionnaires/versions/{v}/print", $"/questionnaires/versions/{v}/print?grid=true" }));
        foreach (var lang in new[] { "vi", "en" })
        foreach (var page in pages)
        {
            var url = page + (page.Contains('?') ? "&" : "?") + $"lang={lang}";
            var response = await client.GetAsync(url);
            var html = await response.Content.ReadAsStringAsync();
            Assert.True(response.StatusCode == HttpStatusCode.OK, $"{url}: {(int)response.StatusCode}");
            var text = Visible(html);
            var code = Code().Match(text);
            Assert.False(code.Success, $"{url} shows code “{code.Value}”: …{text[Math.Max(0, code.Index - 80)..Math.Min(text.Length, code.Index + 80)]}…");
            instructions += Regex.Matches(text, lang == "vi" ? @"Nếu câu \d+|Chỉ trả lời phần này nếu|Chỉ đánh giá các đơn vị đã chọn ở câu \d+" : @"If you chose|If the answer to question|Answer this part only if|Rate only the units you ticked in question \d+").Count;
        }
        Assert.True(instructions > 50, $"only {instructions} instructions printed");

        // The issue's own example, on the demo citizens' paper form: skip logic on the result question, by box number.
        var citizen = groups.Single(g => g.Code == "XA-DAN").Member;
        var paper = Visible(await (await client.GetAsync($"/rounds/{roundId}/field/print?code={citizen}")).Content.ReadAsStringAsync());
        Assert.Matches(@"\(Nếu câu \d+ chọn 1 hoặc 2, trả lời câu \d+\.\)", paper);
    }
}
