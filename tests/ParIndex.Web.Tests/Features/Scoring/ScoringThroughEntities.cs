using Microsoft.EntityFrameworkCore;
using ParIndex.Core.Scoring;
using ParIndex.Web.Data;
using ParIndex.Web.Features.Collection;

namespace ParIndex.Web.Tests.Features.Scoring;

/// <summary>
/// The reference the streamed scoring reader is held to (same rows, same order, same hash): the counted responses read
/// through EF entities one response at a time, as the loader did before the streamed path. Test and benchmark code only
/// (26–41 s for 370k responses against a few seconds); linked into ParIndex.Benchmarks.
/// </summary>
public static class ScoringThroughEntities
{
    public static async Task<int> AddAsync(ParIndexDbContext db, int roundId, ScoringDataBuilder builder, InputHash hash,
        Dictionary<int, string> groups, Dictionary<int, ItemScorer> itemScorers, Dictionary<int, string> contentHash, CancellationToken ct)
    {
        var scorers = itemScorers.ToDictionary(p => p.Key, p => p.Value.NewRow());
        // A response a supervisor rejected (issue 7 review workflow) does not count.
        var responses = db.CountedResponses(roundId).AsNoTracking().OrderBy(r => r.Id)
            .Select(r => new
            {
                r.Id, r.RespondentGroupId, r.UnitId, r.QuestionnaireVersionId, r.Revision,
                Design = db.Respondents.Where(m => m.Id == r.RespondentId).Select(m => new { m.Code, m.Stratum, m.Psu, m.DesignWeight, m.Fpc1 }).FirstOrDefault(),
                Sets = r.AnswerSets.OrderBy(s => s.Id).Select(s => new { s.RatedUnitId, s.AnswersJson }).ToList(),
            }).AsAsyncEnumerable();
        var count = 0;
        await foreach (var r in responses.WithCancellation(ct))
        {
            count++;
            var group = groups[r.RespondentGroupId];
            var scorer = scorers[r.QuestionnaireVersionId];
            var key = r.Design?.Code ?? $"response:{r.Id}";
            var stratum = r.Design is null ? $"public:{group}" : r.Design.Stratum;
            var weight = r.Design?.DesignWeight ?? 1.0;
            hash.Add(r.Id).Add(r.Revision).Add(group).Add(r.UnitId ?? -1).Add(contentHash[r.QuestionnaireVersionId])
                .Add(key).Add(stratum).Add(r.Design?.Psu).Add(weight).Add(r.Design?.Fpc1 ?? -1);
            // The rated units in order of first appearance; a unit's answer sets merge (the first set answering an item wins).
            var rated = new List<int>(r.Sets.Count);
            foreach (var s in r.Sets)
            {
                hash.Add(s.RatedUnitId ?? -1).Add(s.AnswersJson);
                var unit = s.RatedUnitId ?? r.UnitId ?? -1;
                if (unit >= 0 && !rated.Contains(unit)) rated.Add(unit);
            }
            if (rated.Count == 0)
            {
                // No rated unit (an official who dealt with none): the respondent still belongs to the design.
                builder.Add(group, null, stratum, r.Design?.Psu, key, weight, r.Design?.Fpc1, []);
                continue;
            }
            foreach (var unit in rated)
            {
                scorer.Clear();
                foreach (var s in r.Sets)
                    if ((s.RatedUnitId ?? r.UnitId ?? -1) == unit) scorer.Add(s.AnswersJson);
                builder.Add(group, unit, stratum, r.Design?.Psu, key, weight, r.Design?.Fpc1, scorer);
            }
        }
        return count;
    }
}
