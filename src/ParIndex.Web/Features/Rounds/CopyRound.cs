using Microsoft.EntityFrameworkCore;
using ParIndex.Core.Domain;
using ParIndex.Web.Data;
using ParIndex.Web.Infrastructure;

namespace ParIndex.Web.Features.Rounds;

public sealed record CopyRoundRequest(string Code, string Name, int Year, DateOnly PeriodStart, DateOnly PeriodEnd);

/// <summary>
/// Starts a new round from last year's structure: unit types (with their splits), units, respondent groups, the criteria trees and each
/// questionnaire's latest version (as a new draft). Samples and responses belong to their year and are not copied.
/// </summary>
public static class CopyRound
{
    public static async Task<Round> Handle(ParIndexDbContext db, int sourceRoundId, CopyRoundRequest r, string actor, DateTime now, CancellationToken ct)
    {
        var source = await db.Rounds.AsNoTracking()
            .Include(x => x.UnitTypes).Include(x => x.Units).Include(x => x.RespondentGroups).Include(x => x.Criteria)
            .AsSplitQuery()
            .FirstOrDefaultAsync(x => x.Id == sourceRoundId, ct)
            ?? throw new DomainException("not-found", $"Không có đợt điều tra số {sourceRoundId}.");

        var create = new CreateRoundRequest(r.Code, r.Name, r.Year, r.PeriodStart, r.PeriodEnd, source.SurveyPoints, source.AppraisalPoints, source.NameEn);
        var errors = CreateRound.Validate(create);
        if (errors.Count > 0) throw new RequestValidationException(errors);
        if (await db.Rounds.AnyAsync(x => x.Code == r.Code, ct))
            throw new DomainException("round-code-taken", $"Mã đợt \"{r.Code}\" đã tồn tại.");

        await using var tx = await UnitOfWork.BeginAsync(db, ct);
        var round = new Round
        {
            Code = r.Code, Name = r.Name, NameEn = source.NameEn, Year = r.Year, PeriodStart = r.PeriodStart, PeriodEnd = r.PeriodEnd,
            SurveyPoints = source.SurveyPoints, AppraisalPoints = source.AppraisalPoints, Status = RoundStatus.Draft,
            CopiedFromRoundId = source.Id, CreatedAt = now,
        };
        var types = source.UnitTypes.ToDictionary(t => t.Id, t => new UnitType
        {
            Code = t.Code, Name = t.Name, NameEn = t.NameEn, SortOrder = t.SortOrder, SurveyPoints = t.SurveyPoints, AppraisalPoints = t.AppraisalPoints,
        });
        round.UnitTypes.AddRange(types.Values);
        round.Units.AddRange(source.Units.Select(u => new Unit { Code = u.Code, Name = u.Name, ParentArea = u.ParentArea, SortOrder = u.SortOrder, UnitType = types[u.UnitTypeId] }));
        var groups = source.RespondentGroups.ToDictionary(g => g.Id, g => new RespondentGroup
        {
            Code = g.Code, Name = g.Name, NameEn = g.NameEn, ScoreWeight = g.ScoreWeight, RatesManyUnits = g.RatesManyUnits,
            SortOrder = g.SortOrder, UnitType = types[g.UnitTypeId],
        });
        round.RespondentGroups.AddRange(groups.Values);
        db.Rounds.Add(round);
        await db.SaveChangesAsync(ct);

        // Criteria: insert parents before children so ParentId can be mapped.
        var criteria = new Dictionary<int, Criterion>();
        foreach (var c in source.Criteria.OrderBy(c => c.Level).ThenBy(c => c.SortOrder))
        {
            var copy = new Criterion
            {
                RoundId = round.Id, UnitTypeId = types[c.UnitTypeId].Id, Level = c.Level, Code = c.Code, Name = c.Name, NameEn = c.NameEn,
                MaxPoints = c.MaxPoints, Component = c.Component, SortOrder = c.SortOrder,
                Parent = c.ParentId is { } p ? criteria[p] : null,
            };
            criteria[c.Id] = copy;
            db.Criteria.Add(copy);
        }

        var questionnaires = await db.Questionnaires.AsNoTracking().Where(q => q.RoundId == source.Id)
            .Select(q => new { q.Code, q.Title, q.RespondentGroupId, Latest = q.Versions.OrderByDescending(v => v.Number).First().DefinitionJson })
            .ToListAsync(ct);
        foreach (var q in questionnaires)
        {
            db.Questionnaires.Add(new Questionnaire
            {
                RoundId = round.Id, Code = q.Code, Title = q.Title, RespondentGroupId = groups[q.RespondentGroupId].Id,
                Versions = [new QuestionnaireVersion { Number = 1, Status = QuestionnaireVersionStatus.Draft, DefinitionJson = q.Latest, CreatedAt = now }],
            });
        }
        db.Record(actor, "round.copy", nameof(Round), round.Id, new { sourceRoundId }, r, now, round.Id);
        await db.SaveChangesAsync(ct);
        await tx.CommitAsync(ct);
        return round;
    }
}
