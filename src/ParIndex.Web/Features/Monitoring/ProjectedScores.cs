using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using ParIndex.Core.Domain;
using ParIndex.Core.Estimation;
using ParIndex.Core.Questionnaires;
using ParIndex.Core.Scoring;
using ParIndex.Web.Data;
using ParIndex.Web.Features.Collection;

namespace ParIndex.Web.Features.Monitoring;

/// <summary>
/// A unit's provisional SIPAS: weighted % satisfied with its 95 % confidence interval, from the responses so far. No
/// figure when it would rest on fewer than k respondents (<see cref="Withheld"/>); <see cref="Excludes"/> names the
/// respondent groups left out because their cell of the unit is still under k.
/// </summary>
public sealed record ProjectedScore(int UnitId, string UnitCode, string UnitName, int Responses, double? Percent, double? Lower, double? Upper, double? StandardError,
    bool Withheld = false, IReadOnlyList<string>? Excludes = null)
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
/// the logit interval of a share on design df (<see cref="ShareInterval"/>: never outside 0–100 %). Public-link
/// responses (no inclusion probability) are left out. The scoring engine's anonymity rule holds here too
/// (<see cref="SmallCells"/>, k = 5): ratings from a unit × respondent group with fewer than k so far are left out, and a
/// unit with fewer than k ratings left has no figure. Survey points per criterion come from the scoring engine, not from here.
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
                r.Id, r.QuestionnaireVersionId, r.UnitId, r.RespondentGroupId, m.DesignWeight, m.Stratum, Psu = m.Psu ?? ("r" + m.Id),
                Sets = r.AnswerSets.Select(a => new { a.RatedUnitId, a.AnswersJson }).ToList(),
            }).ToListAsync(ct);

        var y = new List<double>();
        var w = new List<double>();
        var strata = new List<string?>();
        var psu = new List<string?>();
        var unitOf = new List<int>();
        var groupOf = new List<int>();
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
                groupOf.Add(r.RespondentGroupId);
            }
        }

        var units = await db.Units.AsNoTracking().Where(u => u.RoundId == roundId).OrderBy(u => u.UnitTypeId).ThenBy(u => u.SortOrder)
            .Select(u => new { u.Id, u.Code, u.Name }).ToListAsync(ct);
        var groupCodes = await db.RespondentGroups.AsNoTracking().Where(g => g.RoundId == roundId).ToDictionaryAsync(g => g.Id, g => g.Code, ct);
        var k = (await Scoring.ScoringConfigs.CurrentAsync(db, roundId, ct)).Configuration.EffectiveMinCellSize;
        // Ratings per unit × group: a cell under k enters no figure.
        var cellSize = unitOf.Zip(groupOf).GroupBy(p => p).ToDictionary(g => g.Key, g => g.Count());
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
            var all = unitOf.Count(x => x == u.Id);
            var excluded = cellSize.Where(c => c.Key.First == u.Id && !SmallCells.Publishes(c.Value, k)).Select(c => groupCodes.GetValueOrDefault(c.Key.Second, "?")).Order(StringComparer.Ordinal).ToList();
            var mask = unitOf.Select((x, i) => x == u.Id && SmallCells.Publishes(cellSize[(x, groupOf[i])], k)).ToArray();
            var n = mask.Count(m => m);
            if (!SmallCells.Publishes(n, k))
            {
                result.Add(new ProjectedScore(u.Id, u.Code, u.Name, all, null, null, null, null, Withheld: all > 0, Excludes: excluded.Count > 0 ? excluded : null));
                continue;
            }
            var e = design.Mean(values, SurveyDomain.Where(mask));
            var (lower, upper) = ShareInterval.Of(e.Estimate, e.StandardError, e.DegreesOfFreedom, 0.95);
            static double? P(double? x) => x is { } v && double.IsFinite(v) ? Math.Round(Math.Clamp(v, 0, 1) * 100, 2) : null;
            result.Add(new ProjectedScore(u.Id, u.Code, u.Name, all, P(e.Estimate), P(lower), P(upper),
                double.IsFinite(e.StandardError) ? Math.Round(e.StandardError * 100, 2) : null, Excludes: excluded.Count > 0 ? excluded : null));
        }
        return result;
    }
}
