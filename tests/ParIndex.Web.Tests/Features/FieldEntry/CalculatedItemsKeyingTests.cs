using System.Net;
using System.Text.Json;
using System.Text.RegularExpressions;
using Microsoft.EntityFrameworkCore;
using ParIndex.Core.Domain;
using ParIndex.Core.FieldEntry;
using ParIndex.Core.Questionnaires;
using ParIndex.Web.Features.Collection;
using ParIndex.Web.Infrastructure.Security;
using ParIndex.Web.Tests.Infrastructure;
using static ParIndex.Web.Tests.Features.FieldEntry.FieldEntryHelpers;

namespace ParIndex.Web.Tests.Features.FieldEntry;

/// <summary>
/// Double entry of a paper form whose questionnaire has calculated items — at respondent level and inside a unit grid,
/// each driving skip logic — over the real app and SQLite: two keyings that differ in the calculations' inputs, the
/// supervisor's resolution page (once a 500) and the acceptance, which submits the paper values with the calculations
/// recomputed from them. Calculations are never keyed, compared, listed or resolved.
/// </summary>
public sealed partial class CalculatedItemsKeyingTests(CalculatedItemsKeyingTests.OwnApp app) : IClassFixture<CalculatedItemsKeyingTests.OwnApp>
{
    /// <summary>Its own database: it publishes a new questionnaire version for a group.</summary>
    public sealed class OwnApp : ParIndexFactory;

    public const string Yaml = """
        id: CALC-XA-TRUONGTHON
        schemaVersion: 1
        title: { vi: "Phiếu thử: câu tính toán", en: "Test form: calculated items" }
        unitType: XA
        respondentGroup: XA-TRUONGTHON
        languages: [vi, en]
        sections:
          - id: visits
            title: { vi: "Số lần đến", en: "Visits" }
            items:
              - id: visits
                type: integer
                required: true
                min: 1
                max: 50
                label: { vi: "Ông/Bà đã đến UBND xã, phường bao nhiêu lần?", en: "How many times did you visit?" }
              - id: waited
                type: integer
                required: true
                min: 0
                max: 1000
                label: { vi: "Tổng số phút chờ đợi", en: "Total minutes waited" }
              - id: per_visit
                type: calculate
                calculation: "round(${waited} div ${visits}, 1)"
              - id: long_wait_reason
                type: text
                relevant: "${per_visit} > 30"
                label: { vi: "Vì sao phải chờ lâu?", en: "Why such a long wait?" }
              - id: own_unit
                type: single
                choiceList: "@units"
                required: true
                label: { vi: "Ông/Bà sống ở xã, phường nào?", en: "Where do you live?" }
          - id: rating
            title: { vi: "Đánh giá", en: "Rating" }
            grid: { filter: "selected(${own_unit}, ${unit})" }
            items:
              - id: q_staff
                type: likert5
                required: true
                label: { vi: "Thái độ của công chức", en: "The civil servants' attitude" }
              - id: q_result
                type: likert5
                required: true
                label: { vi: "Kết quả giải quyết", en: "The result" }
              - id: avg
                type: calculate
                calculation: "(${q_staff} + ${q_result}) div 2"
              - id: why_low
                type: text
                relevant: "${avg} <= 2"
                label: { vi: "Vì sao chưa hài lòng?", en: "Why not satisfied?" }
        """;

    [Fact]
    public async Task Keyings_that_differ_in_a_calculations_inputs_are_resolved_and_accepted_with_the_calculations_recomputed()
    {
        var (roundId, member, units, definition) = await PublishAndPickMember();
        var unit = units[3].Code;
        var fields = KeyingLayout.For(definition, units);
        Assert.DoesNotContain(fields, f => f.Item.Type == ItemType.Calculate);
        string Unit(string item) => $"u:{unit}:{item}";
        var ownUnitKey = fields.Single(f => f.ItemId == "own_unit").Choices.Single(c => c.Code == unit).Key;
        var paper = new Dictionary<string, string> { ["a:visits"] = "4", ["a:waited"] = "100", ["a:own_unit"] = ownUnitKey, [Unit("q_staff")] = "4", [Unit("q_result")] = "5" };
        // The second keyer misreads the wait (200 min: 50 per visit, so the reason is asked) and the ratings (2 and 1: avg 1.5).
        var misread = new Dictionary<string, string>(paper) { ["a:waited"] = "200", ["a:long_wait_reason"] = "đông người", [Unit("q_staff")] = "2", [Unit("q_result")] = "1", [Unit("why_low")] = "chậm" };
        var c = new PaperCase(roundId, member.Id, member.Code, member.RespondentGroupId, fields, paper, definition);

        var keyer1 = await app.CreateClientAs(Roles.Supervisor, followRedirects: false);
        var first = await Key(keyer1, c, paper);
        Assert.True(first.StatusCode == HttpStatusCode.Redirect, await first.Content.ReadAsStringAsync());
        Assert.Contains("status=AwaitingSecondEntry", first.Headers.Location!.OriginalString);
        var keyer2 = await app.CreateClientAs(Roles.Admin, followRedirects: false);
        var second = await Key(keyer2, c, misread);
        Assert.True(second.StatusCode == HttpStatusCode.Redirect, await second.Content.ReadAsStringAsync());
        Assert.Contains("status=AwaitingResolution", second.Headers.Location!.OriginalString);

        // Keyings store what was keyed, not what is derived; the differences are the keyed boxes that differ.
        var form = await app.WithDb(db => db.PaperForms.AsNoTracking().Include(f => f.Entries).Include(f => f.Discrepancies).SingleAsync(f => f.RespondentId == member.Id));
        Assert.All(form.Entries, e => { Assert.DoesNotContain("per_visit", e.DataJson); Assert.DoesNotContain("\"avg\"", e.DataJson); });
        Assert.Equal(["long_wait_reason", "q_result", "q_staff", "waited", "why_low"], form.Discrepancies.Select(d => d.ItemId).Order());
        Assert.Equal(7, form.ComparedFields); // visits, waited, own_unit, q_staff, q_result in both; long_wait_reason, why_low in one

        // A discrepancy row about a calculation, as the comparison stored them before: not listed, not open, not applied.
        await app.WithDb(async db =>
        {
            db.Discrepancies.Add(new Discrepancy { PaperFormId = form.Id, ItemId = "avg", UnitCode = unit, FirstValue = "4.5", SecondValue = "1.5" });
            db.Discrepancies.Add(new Discrepancy { PaperFormId = form.Id, ItemId = "per_visit", FirstValue = "25", SecondValue = "50" });
            return await db.SaveChangesAsync();
        });

        var supervisor = await app.CreateClientAs(Roles.Supervisor, followRedirects: false);
        var review = await supervisor.GetAsync($"/rounds/{roundId}/field/review");
        var html = await review.Content.ReadAsStringAsync();
        Assert.True(review.StatusCode == HttpStatusCode.OK, html);
        var listed = DataItem().Matches(html).Select(m => m.Groups[1].Value).Order().ToList();
        Assert.Equal(["long_wait_reason", "q_result", "q_staff", "waited", "why_low"], listed);

        var ids = await app.WithDb(db => db.Discrepancies.Where(d => d.PaperFormId == form.Id).ToDictionaryAsync(d => (d.ItemId, d.UnitCode), d => d.Id));
        var onPaper = new (string Item, string? Unit, string Keys)[]
            { ("waited", null, "100"), ("long_wait_reason", null, ""), ("q_staff", unit, "4"), ("q_result", unit, "5"), ("why_low", unit, "") };
        HttpResponseMessage? last = null;
        foreach (var (item, u, keys) in onPaper)
        {
            last = await PostPage(supervisor, $"/rounds/{roundId}/field/review",
                [new("discrepancy", ids[(item, u)].ToString()), new("paper", keys), new("reason", "theo phiếu giấy")]);
            Assert.True(last.StatusCode == HttpStatusCode.OK, await last.Content.ReadAsStringAsync());
        }
        Assert.Contains("phiếu được chấp nhận", await last!.Content.ReadAsStringAsync());

        // Accepted and submitted with the paper values, the calculations recomputed from them and the hidden follow-ups gone.
        var (status, sets) = await app.WithDb(async db =>
        {
            var r = await db.Responses.AsNoTracking().Include(x => x.AnswerSets).SingleAsync(x => x.RespondentId == member.Id);
            return (r.Status, r.AnswerSets.ToList());
        });
        Assert.Equal(ResponseStatus.Submitted, status);
        Assert.Equal(PaperFormStatus.Verified, await app.WithDb(db => db.PaperForms.Where(f => f.Id == form.Id).Select(f => f.Status).SingleAsync()));
        var own = JsonSerializer.Deserialize<Dictionary<string, string>>(sets.Single(s => s.RatedUnitId is null).AnswersJson)!;
        var rated = JsonSerializer.Deserialize<Dictionary<string, string>>(sets.Single(s => s.RatedUnitId is not null).AnswersJson)!;
        var expected = AnswerEngine.Create(definition).Validate(new ResponseData().Set("visits", "4").Set("waited", "100").Set("own_unit", unit)
            .Set("q_staff", "4", unit).Set("q_result", "5", unit), units).Cleaned;
        Assert.Equal(expected.Get("per_visit"), own["per_visit"]);
        Assert.Equal(25.0, double.Parse(own["per_visit"], System.Globalization.CultureInfo.InvariantCulture));
        Assert.Equal(expected.Get("avg", unit), rated["avg"]);
        Assert.Equal(4.5, double.Parse(rated["avg"], System.Globalization.CultureInfo.InvariantCulture));
        Assert.False(own.ContainsKey("long_wait_reason"));
        Assert.False(rated.ContainsKey("why_low"));
        Assert.Equal("100", own["waited"]);
        Assert.Equal("4", rated["q_staff"]);

        // The paper form says in words when to answer the follow-ups, by box number, calculations included.
        var box = fields.ToDictionary(f => (f.ItemId, f.UnitCode), f => f.Number);
        var print = System.Net.WebUtility.HtmlDecode(await (await keyer1.GetAsync($"/rounds/{roundId}/field/print?code={member.Code}")).Content.ReadAsStringAsync());
        Assert.DoesNotContain("${", print);
        Assert.Contains($"Nếu câu {box[("waited", null)]} chia cho câu {box[("visits", null)]} lớn hơn 30, trả lời câu {box[("long_wait_reason", null)]}.", print);
        Assert.Contains($"Nếu trung bình của câu {box[("q_staff", unit)]} và câu {box[("q_result", unit)]} không quá 2, trả lời câu {box[("why_low", unit)]}.", print);
        Assert.Contains($"Chỉ đánh giá các đơn vị đã chọn ở câu {box[("own_unit", null)]}.", print);
    }

    [Fact]
    public async Task Identical_keyings_of_a_form_with_calculations_are_accepted_without_a_discrepancy()
    {
        var (roundId, member, units, definition) = await PublishAndPickMember();
        var unit = units[5].Code;
        var fields = KeyingLayout.For(definition, units);
        var keys = new Dictionary<string, string>
        {
            ["a:visits"] = "2", ["a:waited"] = "90", ["a:long_wait_reason"] = "thiếu người", ["a:own_unit"] = fields.Single(f => f.ItemId == "own_unit").Choices.Single(x => x.Code == unit).Key,
            [$"u:{unit}:q_staff"] = "1", [$"u:{unit}:q_result"] = "2", [$"u:{unit}:why_low"] = "chậm",
        };
        var c = new PaperCase(roundId, member.Id, member.Code, member.RespondentGroupId, fields, keys, definition);
        Assert.Equal(HttpStatusCode.Redirect, (await Key(await app.CreateClientAs(Roles.Supervisor, followRedirects: false), c, keys)).StatusCode);
        var second = await Key(await app.CreateClientAs(Roles.Admin, followRedirects: false), c, keys);
        Assert.Contains("status=Verified", second.Headers.Location!.OriginalString);
        Assert.Contains("diffs=0", second.Headers.Location!.OriginalString);
        var answers = (await app.WithDb(db => db.Responses.Where(r => r.RespondentId == member.Id).SelectMany(r => r.AnswerSets).Select(s => s.AnswersJson).ToListAsync()))
            .Select(j => JsonSerializer.Deserialize<Dictionary<string, string>>(j)!).ToList();
        static double N(string s) => double.Parse(s, System.Globalization.CultureInfo.InvariantCulture);
        Assert.Contains(answers, a => a.TryGetValue("per_visit", out var v) && N(v) == 45 && a.ContainsKey("long_wait_reason"));
        Assert.Contains(answers, a => a.TryGetValue("avg", out var v) && N(v) == 1.5 && a.ContainsKey("why_low"));
    }

    private static readonly SemaphoreSlim Publishing = new(1, 1);

    private async Task<(int RoundId, Respondent Member, List<RatedUnit> Units, QuestionnaireDefinition Definition)> PublishAndPickMember()
    {
        var definition = QuestionnaireSerializer.FromYaml(Yaml);
        await Publishing.WaitAsync();
        try
        {
            return await app.WithDb(async db =>
            {
                var group = await db.RespondentGroups.SingleAsync(g => g.Code == "XA-TRUONGTHON");
                var questionnaire = await db.Questionnaires.Include(q => q.Versions).SingleAsync(q => q.RespondentGroupId == group.Id);
                if (!questionnaire.Versions.Any(v => v.DefinitionJson.Contains("CALC-XA-TRUONGTHON", StringComparison.Ordinal)))
                {
                    var version = new QuestionnaireVersion { Number = questionnaire.Versions.Max(v => v.Number) + 1, Status = QuestionnaireVersionStatus.Draft, DefinitionJson = QuestionnaireSerializer.ToJson(definition), CreatedAt = DateTime.UtcNow };
                    version.Publish(QuestionnaireSerializer.ContentHash(definition), DateTime.UtcNow);
                    questionnaire.Versions.Add(version);
                    await db.SaveChangesAsync();
                }
                var taken = await db.PaperForms.Select(f => f.RespondentId).ToListAsync();
                var member = await db.Respondents.Where(r => r.RespondentGroupId == group.Id && r.Status == RespondentStatus.Active && !db.Responses.Any(x => x.RespondentId == r.Id) && !taken.Contains(r.Id))
                    .OrderBy(r => r.Id).FirstAsync();
                var units = (await db.RatedUnitsAsync(group.RoundId, group, default)).Select(u => new RatedUnit(u.Code, u.Name)).ToList();
                return (group.RoundId, member, units, definition);
            });
        }
        finally
        {
            Publishing.Release();
        }
    }

    [GeneratedRegex("<tr data-item=\"([^\"]+)\"")]
    private static partial Regex DataItem();
}
