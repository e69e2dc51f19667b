using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using ParIndex.Core.Domain;
using ParIndex.Core.Estimation;
using ParIndex.Core.Questionnaires;
using ParIndex.Web.Data;
using ParIndex.Web.Features.Collection;

namespace ParIndex.Web.Features.Monitoring;

/// <summary>A unit's provisional SIPAS: weighted % satisfied with its 95 % confidence interval, from the responses so far.</summary>
public sealed record ProjectedScore(int UnitId, string UnitCode, string UnitName, int Responses, double? Percent, double? Lower, double? Upper, double? StandardError)
{
    /// <summary>Always true during fieldwork: the sample is incomplete and no nonresponse adjustment is applied.</summary>
    public bool Provisional => true;
}

/// <summary>
/// Projected SIPAS per unit during fieldwork. Each submitted rating of a unit by a sample member contributes
/// y = mean over its answered SIPAS-scored items of the item's score (<see cref="ScoreRules.Score"/>; top-box: 1 when
/// answering 4–5), so y is the respondent's share of satisfied answers. The unit's estimate is the Hájek mean
/// Σwy/Σw with design weights 1/π, and its variance is Taylor-linearised over the design (strata and PSUs of the
/// sample; lonely PSUs centred at the grand mean), exactly as <see cref="SurveyDesign.Mean"/> states; the interval is
/// the t interval on design df, clamped to [0, 100]. Public-link responses (no inclusion probability) are left out.
/// Survey points per criterion come from the scoring engine, not from here.
/// </summary>
public static class ProjectedScores
{
    public static async Task<IReadOnlyList<ProjectedScore>> Handle(ParIndexDbContext db, int roundId, CancellationToken ct)
    {
        var versions = await db.QuestionnaireVersions.AsNoTracking().Where(v => v.Questionnaire!.RoundId == roundId)
            .Select(v => new { v.Id, v.DefinitionJson }).ToListAsync(ct);
        var sipas = ScoringTargets.SipasElements.Select(t => t.Code).ToHashSet(StringComparer.Ordinal);
        var itemsByVersion = versions.ToDictionary(v => v.Id, v => QuestionnaireSerializer.FromJson(v.DefinitionJson).AllItems()
            .Select(p => p.Item).Where(i => i.Scoring is { } s && sipas.Contains(s.Target)).ToDictionary(i => i.Id, StringComparer.Ordinal));

        var rows = await db.CountedResponses(roundId).AsNoTracking().Where(r => r.RespondentId != null)
            .Join(db.Respondents, r => r.RespondentId, m => m.Id, (r, m) => new
            {
                r.Id, r.QuestionnaireVersionId, r.UnitId, m.DesignWeight, m.Stratum, Psu = m.Psu ?? ("r" + m.Id),
                Sets = r.AnswerSets.Select(a => new { a.RatedUnitId, a.AnswersJson }).ToList(),
            }).ToListAsync(ct);

        var y = new List<double>();
        var w = new List<double>();
        var strata = new List<string?>();
        var psu = new List<string?>();
        var unitOf = new List<int>();
        foreach (var r in rows)
        {
            if (!itemsByVersion.TryGetValue(r.QuestionnaireVersionId, out var items) || items.Count == 0) continue;
            var own = r.Sets.FirstOrDefault(s => s.RatedUnitId is null);
            IEnumerable<(int Unit, string Json)> blocks = r.UnitId is { } single && own is not null
                ? [(single, own.AnswersJson)]
                : r.Sets.Where(s => s.RatedUnitId is not null).Select(s => (s.RatedUnitId!.Value, s.AnswersJson));
            foreach (var (unit, json) in blocks)
            {
                var answers = JsonSerializer.Deserialize<Dictionary<string, string>>(json) ?? [];
                var scores = answers.Select(a => items.TryGetValue(a.Key, out var item) ? ScoreRules.Score(item, a.Value) : null).Where(s => s is not null).Select(s => s!.Value).ToList();
                if (scores.Count == 0) continue;
                y.Add(scores.Average());
                w.Add(r.DesignWeight > 0 ? r.DesignWeight : 1);
                strata.Add(r.Stratum ?? "");
                psu.Add(r.Psu);
                unitOf.Add(unit);
            }
        }

        var units = await db.Units.AsNoTracking().Where(u => u.RoundId == roundId).OrderBy(u => u.UnitTypeId).ThenBy(u => u.SortOrder)
            .Select(u => new { u.Id, u.Code, u.Name }).ToListAsync(ct);
        if (y.Count == 0) return units.Select(u => new ProjectedScore(u.Id, u.Code, u.Name, 0, null, null, null, null)).ToList();

        var design = SurveyDesign.Create(new SurveyDesignSpec
        {
            Weights = [.. w],
            Strata = Factor.Encode(strata).Codes,
            Psu = Factor.Encode(psu).Codes,
            Nest = true,
            LonelyPsu = LonelyPsu.Adjust,
        });
        var values = y.ToArray();
        var result = new List<ProjectedScore>();
        foreach (var u in units)
        {
            var mask = unitOf.Select(x => x == u.Id).ToArray();
            var n = mask.Count(m => m);
            if (n == 0)
            {
                result.Add(new ProjectedScore(u.Id, u.Code, u.Name, 0, null, null, null, null));
                continue;
            }
            var e = design.Mean(values, SurveyDomain.Where(mask));
            var ci = e.ConfidenceInterval();
            static double? P(double x) => double.IsFinite(x) ? Math.Round(Math.Clamp(x, 0, 1) * 100, 2) : null;
            result.Add(new ProjectedScore(u.Id, u.Code, u.Name, n, P(e.Estimate), P(ci.Lower), P(ci.Upper),
                double.IsFinite(e.StandardError) ? Math.Round(e.StandardError * 100, 2) : null));
        }
        return result;
    }
}
