using System.Net;
using Microsoft.EntityFrameworkCore;
using ParIndex.Core.Domain;
using ParIndex.Core.FieldEntry;
using ParIndex.Core.Questionnaires;
using ParIndex.Web.Features.Collection;
using ParIndex.Web.Features.Demo;
using ParIndex.Web.Tests.Infrastructure;

namespace ParIndex.Web.Tests.Features.FieldEntry;

/// <summary>A sample member with a paper form to key, and what is written on it, as keys per field name.</summary>
public sealed record PaperCase(int RoundId, int RespondentId, string Code, int GroupId, IReadOnlyList<KeyField> Fields, Dictionary<string, string> Keys, QuestionnaireDefinition Definition)
{
    /// <summary>Single-choice or Likert boxes with an answer whose item no expression mentions: changing one changes nothing else on the form.</summary>
    public IEnumerable<string> FreeLikertBoxes()
    {
        var expressions = string.Join("\n", Definition.Sections.SelectMany(s => new[] { s.Relevant, s.Grid?.Filter })
            .Concat(Definition.AllItems().SelectMany(p => new[] { p.Item.Relevant, p.Item.Constraint, p.Item.Calculation, p.Item.Required, p.Item.ChoiceFilter })).Where(e => e is not null));
        return Fields.Where(f => (f.Item.IsLikert || f.Item.Type == ItemType.Single) && f.Choices.Count(c => c.Key != KeyingLayout.DontKnowKey) > 1
                                 && Keys[f.Name] is { Length: > 0 } k && k != KeyingLayout.DontKnowKey && !expressions.Contains("${" + f.ItemId + "}")).Select(f => f.Name);
    }

    /// <summary>Another valid key for a box (the next choice, wrapping), to key a deliberate difference.</summary>
    public string OtherKey(string name)
    {
        var keys = Fields.Single(f => f.Name == name).Choices.Select(c => c.Key).Where(k => k != KeyingLayout.DontKnowKey).ToList();
        return keys[(keys.IndexOf(Keys[name]) + 1) % keys.Count];
    }
}

public static class FieldEntryHelpers
{
    private static int picked;

    /// <summary>
    /// A member of <paramref name="group"/> with no response, taken from the end of the list (IssueTokenAsync takes from
    /// the start) so tests never share one, and a filled-in paper form built from synthetic answers the engine accepts.
    /// </summary>
    public static Task<PaperCase> NewPaperCase(ParIndexFactory app, string group = "XA-DAN", int seed = 7) => app.WithDb(async db =>
    {
        var skip = Interlocked.Increment(ref picked) - 1;
        var member = await db.Respondents.Include(r => r.RespondentGroup)
            .Where(r => r.RespondentGroup!.Code == group && r.Status == RespondentStatus.Active && !db.Responses.Any(x => x.RespondentId == r.Id))
            .OrderByDescending(r => r.Id).Skip(skip).FirstAsync();
        var version = await db.QuestionnaireVersions.Where(v => v.Questionnaire!.RespondentGroupId == member.RespondentGroupId && v.Status == QuestionnaireVersionStatus.Published)
            .OrderByDescending(v => v.Number).FirstAsync();
        var definition = QuestionnaireSerializer.FromJson(version.DefinitionJson);
        var units = await db.Units.Where(u => u.RoundId == member.RoundId && u.UnitTypeId == member.RespondentGroup!.UnitTypeId)
            .OrderBy(u => u.SortOrder).ThenBy(u => u.Name).Select(u => new RatedUnit(u.Code, u.Name)).ToListAsync();
        var engine = AnswerChecks.EngineFor(definition, version.ContentHash);
        // Synthetic answers can break a constraint (e.g. "at most 3 areas"); a real paper form that reaches keying passes the checks.
        var data = Enumerable.Range(seed, 200).Select(s => engine.Validate(SyntheticAnswers.For(definition, units, new Random(s)), units))
            .First(r => r.IsValid).Cleaned;
        var fields = KeyingLayout.For(definition, units);
        var keys = fields.ToDictionary(f => f.Name, f => KeyingLayout.ToKeys(f, data.Get(f.ItemId, f.UnitCode)));
        return new PaperCase(member.RoundId, member.Id, member.Code, member.RespondentGroupId, fields, keys, definition);
    });

    /// <summary>Opens the keying screen and posts the keys as the screen would; returns the response to the post.</summary>
    public static async Task<HttpResponseMessage> Key(HttpClient client, PaperCase c, IDictionary<string, string> keys, IEnumerable<KeyValuePair<string, string>>? extra = null)
    {
        var page = await client.GetAsync($"/rounds/{c.RoundId}/field/key/{c.Code}");
        var html = await page.Content.ReadAsStringAsync();
        Assert.True(page.StatusCode == HttpStatusCode.OK, html);
        var form = HttpExtensions.HiddenInputs(html);
        foreach (var (k, v) in keys) if (v.Length > 0) form[k] = v;
        var body = form.Concat(extra ?? []).ToList();
        return await client.PostAsync($"/rounds/{c.RoundId}/field/key/{c.Code}", new FormUrlEncodedContent(body));
    }

    public static async Task<HttpResponseMessage> PostPage(HttpClient client, string path, IEnumerable<KeyValuePair<string, string>> fields, string? tokenFrom = null)
    {
        var html = await (await client.GetAsync(tokenFrom ?? path)).Content.ReadAsStringAsync();
        var form = HttpExtensions.HiddenInputs(html);
        return await client.PostAsync(path, new FormUrlEncodedContent(form.Where(f => f.Key == "__RequestVerificationToken").Concat(fields)));
    }
}
