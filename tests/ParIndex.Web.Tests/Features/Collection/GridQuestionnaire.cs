using Microsoft.EntityFrameworkCore;
using ParIndex.Core.Domain;
using ParIndex.Core.Questionnaires;
using ParIndex.Web.Tests.Infrastructure;

namespace ParIndex.Web.Tests.Features.Collection;

/// <summary>
/// An officials' questionnaire with a unit grid (every Sở rated one at a time), published as the newest version for a
/// group of the demo round — the default officials' questionnaires are not in the product yet.
/// </summary>
public static class GridQuestionnaire
{
    public const string Yaml = """
        id: TEST-SO-GRID
        schemaVersion: 1
        title: { vi: "Phiếu khảo sát đại biểu (thử)", en: "Delegate survey (test)" }
        unitType: SO
        respondentGroup: SO-HDND
        sections:
          - id: about
            title: { vi: "Thông tin chung", en: "About you" }
            items:
              - id: years
                type: integer
                required: true
                label: { vi: "Số năm Ông/Bà làm đại biểu", en: "Years as a delegate" }
                constraint: ". <= 40"
                constraintMessage: { vi: "Số năm phải không quá 40.", en: "At most 40 years." }
              - id: rated_before
                type: single
                choiceList: yn
                required: true
                label: { vi: "Ông/Bà đã từng đánh giá các Sở chưa?", en: "Have you rated departments before?" }
              - id: how_often
                type: integer
                relevant: "${rated_before} = 'yes'"
                label: { vi: "Bao nhiêu lần?", en: "How many times?" }
          - id: rate
            title: { vi: "Đánh giá từng Sở", en: "Rate each department" }
            grid:
              unitLabel: { vi: "Đánh giá đối với {unit}", en: "About {unit}" }
            items:
              - id: r_overall
                type: likert5
                required: true
                label: { vi: "Mức độ hài lòng chung", en: "Overall satisfaction" }
              - id: r_comment
                type: text
                label: { vi: "Góp ý", en: "Comment" }
        choiceLists:
          yn:
            - code: "yes"
              label: { vi: "Có", en: "Yes" }
            - code: "no"
              label: { vi: "Chưa", en: "No" }
        """;

    public static Task PublishFor(ParIndexFactory app, string groupCode = "SO-HDND") => Publish(app, groupCode, Yaml);

    /// <summary>Publishes <paramref name="yaml"/> as the newest version of <paramref name="groupCode"/>'s questionnaire (once).</summary>
    public static Task Publish(ParIndexFactory app, string groupCode, string yaml) => app.WithDb(async db =>
    {
        var definition = QuestionnaireSerializer.FromYaml(yaml);
        var group = await db.RespondentGroups.FirstAsync(g => g.Code == groupCode);
        var questionnaire = await db.Questionnaires.Include(q => q.Versions).FirstOrDefaultAsync(q => q.RespondentGroupId == group.Id);
        if (questionnaire is null)
        {
            questionnaire = new Questionnaire { RoundId = group.RoundId, RespondentGroupId = group.Id, Code = definition.Id, Title = definition.Title.Get("vi") };
            db.Questionnaires.Add(questionnaire);
        }
        if (questionnaire.Versions.Any(v => v.DefinitionJson.Contains($"\"{definition.Id}\""))) return 0;
        var version = new QuestionnaireVersion
        {
            Number = questionnaire.Versions.Select(v => v.Number).DefaultIfEmpty(0).Max() + 1, Status = QuestionnaireVersionStatus.Draft,
            DefinitionJson = QuestionnaireSerializer.ToJson(definition), CreatedAt = DateTime.UtcNow,
        };
        version.Publish(QuestionnaireSerializer.ContentHash(definition), DateTime.UtcNow);
        questionnaire.Versions.Add(version);
        return await db.SaveChangesAsync();
    });
}
