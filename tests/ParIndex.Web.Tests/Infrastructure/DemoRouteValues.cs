using System.Text.RegularExpressions;
using Microsoft.EntityFrameworkCore;
using ParIndex.Core.Domain;
using ParIndex.Core.SelfAssessment;
using ParIndex.Web.Features.Questionnaires;
using ParIndex.Web.Features.Sampling;
using ParIndex.Web.Features.Scoring;
using ParIndex.Web.Features.SelfAssessment;
using ParIndex.Web.Tests.Browser;
using ParIndex.Web.Tests.Features.SelfAssessment;

namespace ParIndex.Web.Tests.Infrastructure;

/// <summary>
/// Real ids for every route parameter of the staff pages, from the demo round made realistic: the example frame
/// imported and a sample drawn from it (reserve ratio 0.3), a draft questionnaire version, a score run, an appraisal
/// period and a unit with a reporter. A route with a parameter this class cannot fill fails <see cref="Fill"/>, so a new
/// page is never silently skipped by a walker that uses it: teach it the parameter here.
/// </summary>
public sealed partial class DemoRouteValues
{
    private readonly Dictionary<string, string> values;

    private DemoRouteValues(Dictionary<string, string> values) => this.values = values;

    public int RoundId => int.Parse(values["roundId"]);

    public int UnitId => int.Parse(values["unitId"]);

    public int DrawId => int.Parse(values["drawId"]);

    public string ReporterUnitCode { get; private init; } = "";

    public static async Task<DemoRouteValues> Prepare(SelfAssessmentApp app)
    {
        var (roundId, yearPeriod, _) = await app.Periods();
        const string reporterUnit = "SO-TP";
        var now = DateTime.UtcNow;
        var values = await app.WithDb(async db =>
        {
            var frame = await File.ReadAllBytesAsync(Path.Combine(RunCommandTests.RepositoryRoot(), "sampling", "frame-so-dan.csv"));
            var import = await ImportFrame.Handle(db, roundId, "Người dân đánh giá Sở", frame, "frame-so-dan.csv", false, "tests", now, default);
            var design = new DesignForm { Name = "walker", Groups = ["SO-DAN"], Strata = "unit", Count = 3, ReserveRatio = 0.3 }.ToDesign();
            var draw = await DrawSample.Handle(db, roundId, import.Version!.Id, design, 7, null, "tests", now, default);
            var questionnaire = await db.Questionnaires.Where(q => q.RoundId == roundId).OrderBy(q => q.Id).FirstAsync();
            var draft = await DesignQuestionnaire.OpenDraft(db, questionnaire.Id, "tests", now, default);
            await RunScoring.Handle(db, roundId, "tests", now, default);
            var unitType = await db.UnitTypes.Where(t => t.RoundId == roundId).OrderBy(t => t.SortOrder).Select(t => t.Code).FirstAsync();
            var unit = await db.Units.Where(u => u.RoundId == roundId && u.Code == reporterUnit).FirstAsync();
            var paper = await db.Respondents.Where(r => r.RoundId == roundId && r.RespondentGroup!.Code == "XA-DAN" && r.Status == RespondentStatus.Active
                                                        && !db.Responses.Any(x => x.RespondentId == r.Id)).OrderBy(r => r.Id).Select(r => r.Code).FirstAsync();
            return new Dictionary<string, string>(StringComparer.Ordinal)
            {
                ["roundId"] = roundId.ToString(), ["unitType"] = unitType, ["drawId"] = draw.Id.ToString(),
                ["periodId"] = yearPeriod.ToString(), ["unitId"] = unit.Id.ToString(), ["unitCode"] = unit.Code,
                ["versionId"] = draft.Id.ToString(), ["questionnaireId"] = questionnaire.Id.ToString(), ["code"] = paper,
            };
        });
        return new DemoRouteValues(values) { ReporterUnitCode = reporterUnit };
    }

    /// <summary>The route with every parameter filled; fails the test naming a parameter it cannot fill.</summary>
    public string Fill(string route) => Parameter().Replace(route, m =>
        values.TryGetValue(m.Groups["name"].Value, out var v) ? Uri.EscapeDataString(v)
            : throw new Xunit.Sdk.XunitException($"{route}: no demo value for route parameter {{{m.Groups["name"].Value}}} — teach {nameof(DemoRouteValues)} a real id for it."));

    [GeneratedRegex(@"\{(?<name>[A-Za-z]+)(?::[a-z]+)?\??\}")]
    private static partial Regex Parameter();
}
