using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;
using ParIndex.Core.Domain;
using ParIndex.Core.Tabular;
using ParIndex.Web.Data;
using ParIndex.Web.Features.Monitoring;
using ParIndex.Web.Infrastructure;
using ParIndex.Web.Infrastructure.Security;

namespace ParIndex.Web.Features.Rounds;

public sealed record RoundSummary(int Id, string Code, string Name, int Year, RoundStatus Status, DateOnly PeriodStart, DateOnly PeriodEnd, decimal SurveyPoints, decimal AppraisalPoints);
public sealed record UnitDto(int Id, string Code, string Name, string Type, string? ParentArea);
public sealed record GroupDto(int Id, string Code, string Name, string? NameEn, string UnitType, decimal ScoreWeight, bool RatesManyUnits);
public sealed record CriterionDto(string Code, string Name, string? NameEn, decimal MaxPoints, ScoreComponent Component);

/// <summary>A unit type with its own split (null: the round's) and the split its criteria add up to.</summary>
public sealed record UnitTypeDto(string Code, string Name, string? NameEn, decimal? SurveyPoints, decimal? AppraisalPoints, decimal EffectiveSurveyPoints, decimal EffectiveAppraisalPoints);

/// <summary>A unit type's split (both null: the round's), with its criteria tree when it changes too (null: the tree as it is).</summary>
public sealed record UnitTypeSplitRequest(decimal? SurveyPoints, decimal? AppraisalPoints, List<CriterionDto>? Criteria = null);

/// <summary>Round set-up for the institute: rounds, units, respondent groups, criteria, progress.</summary>
public static class RoundsApi
{
    public static void MapRoundsApi(this IEndpointRouteBuilder app)
    {
        // Each endpoint names its policy (see docs/security.md); reads of the round list are open to all staff.
        var api = app.MapGroup("/api/v1/rounds").WithTags("Rounds");
        api.MapGet("/", ListRounds).RequireAuthorization(Policies.Staff);
        api.MapPost("/", Create).RequireAuthorization(Policies.Design);
        api.MapGet("/{roundId:int}", GetRound).RequireAuthorization(Policies.Staff);
        api.MapPost("/{roundId:int}/copy", Copy).RequireAuthorization(Policies.Design);
        api.MapGet("/{roundId:int}/units", ListUnits).RequireAuthorization(Policies.Design);
        api.MapPost("/{roundId:int}/units/import", ImportUnitsFile).RequireAuthorization(Policies.Design)
            .Accepts<Stream>("text/csv", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet");
        api.MapGet("/{roundId:int}/groups", ListGroups).RequireAuthorization(Policies.Design);
        api.MapPost("/{roundId:int}/groups", (int roundId, SaveRespondentGroupRequest body, ParIndexDbContext db, TimeProvider clock, HttpContext http, CancellationToken ct) => SaveGroup(roundId, null, body, db, clock, http, ct))
            .RequireAuthorization(Policies.Design);
        api.MapPut("/{roundId:int}/groups/{groupId:int}", (int roundId, int groupId, SaveRespondentGroupRequest body, ParIndexDbContext db, TimeProvider clock, HttpContext http, CancellationToken ct) => SaveGroup(roundId, groupId, body, db, clock, http, ct))
            .RequireAuthorization(Policies.Design);
        api.MapDelete("/{roundId:int}/groups/{groupId:int}", DeleteGroup).RequireAuthorization(Policies.Design);
        api.MapGet("/{roundId:int}/unit-types", ListUnitTypes).RequireAuthorization(Policies.Design);
        api.MapPut("/{roundId:int}/unit-types/{unitType}", PutUnitType).RequireAuthorization(Policies.Design);
        api.MapGet("/{roundId:int}/criteria/{unitType}", GetCriteria).RequireAuthorization(Policies.Design);
        api.MapPut("/{roundId:int}/criteria/{unitType}", PutCriteria).RequireAuthorization(Policies.Design);
        api.MapGet("/{roundId:int}/progress", GetProgress).RequireAuthorization(Policies.Supervise);
    }

    private static async Task<Ok<List<RoundSummary>>> ListRounds(ParIndexDbContext db, CancellationToken ct) =>
        TypedResults.Ok(await db.Rounds.OrderByDescending(r => r.Year).ThenBy(r => r.Id).Select(r => ToSummary(r)).ToListAsync(ct));

    private static async Task<Results<Ok<RoundSummary>, ProblemHttpResult>> GetRound(int roundId, ParIndexDbContext db, CancellationToken ct) =>
        await db.Rounds.Where(r => r.Id == roundId).Select(r => ToSummary(r)).FirstOrDefaultAsync(ct) is { } r
            ? TypedResults.Ok(r) : Problems.Result("not-found", $"Không có đợt điều tra số {roundId}.");

    private static async Task<Created<RoundSummary>> Create(CreateRoundRequest body, ParIndexDbContext db, TimeProvider clock, HttpContext http, CancellationToken ct)
    {
        var round = await CreateRound.Handle(db, body, Actor.Of(http), clock.GetUtcNow().UtcDateTime, ct);
        return TypedResults.Created($"/api/v1/rounds/{round.Id}", ToSummary(round));
    }

    private static async Task<Created<RoundSummary>> Copy(int roundId, CopyRoundRequest body, ParIndexDbContext db, TimeProvider clock, HttpContext http, CancellationToken ct)
    {
        var round = await CopyRound.Handle(db, roundId, body, Actor.Of(http), clock.GetUtcNow().UtcDateTime, ct);
        return TypedResults.Created($"/api/v1/rounds/{round.Id}", ToSummary(round));
    }

    private static async Task<Ok<List<UnitDto>>> ListUnits(int roundId, ParIndexDbContext db, CancellationToken ct) =>
        TypedResults.Ok(await db.Units.Where(u => u.RoundId == roundId).OrderBy(u => u.UnitTypeId).ThenBy(u => u.SortOrder)
            .Select(u => new UnitDto(u.Id, u.Code, u.Name, u.UnitType!.Code, u.ParentArea)).ToListAsync(ct));

    /// <summary>The request body is the file itself (CSV or XLSX); <c>fileName</c> tells which when the bytes do not.</summary>
    private static async Task<Results<Ok<ImportUnitsResult>, ProblemHttpResult>> ImportUnitsFile(int roundId, [FromQuery] string? fileName, HttpRequest request,
        ParIndexDbContext db, TimeProvider clock, HttpContext http, CancellationToken ct)
    {
        var file = await TabularReader.ReadAsync(request.Body, fileName ?? "upload.csv", ct);
        var result = await ImportUnits.Handle(db, roundId, file, Actor.Of(http), clock.GetUtcNow().UtcDateTime, ct);
        return result.Succeeded
            ? TypedResults.Ok(result)
            : Problems.Result("import-rejected", $"{result.Errors.Count} lỗi; không có dòng nào được nhập.", new Dictionary<string, object?> { ["rows"] = result.Errors });
    }

    private static async Task<Ok<List<GroupDto>>> ListGroups(int roundId, ParIndexDbContext db, CancellationToken ct) =>
        TypedResults.Ok(await db.RespondentGroups.Where(g => g.RoundId == roundId).OrderBy(g => g.SortOrder)
            .Select(g => new GroupDto(g.Id, g.Code, g.Name, g.NameEn, g.UnitType!.Code, g.ScoreWeight, g.RatesManyUnits)).ToListAsync(ct));

    private static async Task<Ok<GroupDto>> SaveGroup(int roundId, int? groupId, SaveRespondentGroupRequest body, ParIndexDbContext db, TimeProvider clock, HttpContext http, CancellationToken ct)
    {
        var g = await SaveRespondentGroup.Handle(db, roundId, groupId, body, Actor.Of(http), clock.GetUtcNow().UtcDateTime, ct);
        return TypedResults.Ok(new GroupDto(g.Id, g.Code, g.Name, g.NameEn, body.UnitTypeCode, g.ScoreWeight, g.RatesManyUnits));
    }

    private static async Task<NoContent> DeleteGroup(int roundId, int groupId, ParIndexDbContext db, TimeProvider clock, HttpContext http, CancellationToken ct)
    {
        await SaveRespondentGroup.Delete(db, roundId, groupId, Actor.Of(http), clock.GetUtcNow().UtcDateTime, ct);
        return TypedResults.NoContent();
    }

    private static async Task<Results<Ok<List<UnitTypeDto>>, ProblemHttpResult>> ListUnitTypes(int roundId, ParIndexDbContext db, CancellationToken ct)
    {
        if (await db.Rounds.AsNoTracking().FirstOrDefaultAsync(r => r.Id == roundId, ct) is not { } round) return Problems.Result("not-found", $"Không có đợt điều tra số {roundId}.");
        var types = await db.UnitTypes.AsNoTracking().Where(t => t.RoundId == roundId).OrderBy(t => t.SortOrder).ToListAsync(ct);
        return TypedResults.Ok(types.Select(t => (t, split: t.Split(round)))
            .Select(p => new UnitTypeDto(p.t.Code, p.t.Name, p.t.NameEn, p.t.SurveyPoints, p.t.AppraisalPoints, p.split.Survey, p.split.Appraisal)).ToList());
    }

    /// <summary>Sets a unit type's split, and its criteria tree with it when given (checked together: the tree must add up to the new split).</summary>
    private static async Task<Ok<object>> PutUnitType(int roundId, string unitType, UnitTypeSplitRequest body, ParIndexDbContext db, TimeProvider clock, HttpContext http, CancellationToken ct)
    {
        var nodes = body.Criteria?.Select(c => new CriterionNode(c.Code, c.Name, c.NameEn, c.MaxPoints, c.Component)).ToList()
            ?? await db.Criteria.AsNoTracking().Where(c => c.RoundId == roundId && db.UnitTypes.Any(t => t.Id == c.UnitTypeId && t.Code == unitType))
                .OrderBy(c => c.SortOrder).Select(c => new CriterionNode(c.Code, c.Name, c.NameEn, c.MaxPoints, c.Component)).ToListAsync(ct);
        var changed = await SetCriteria.Handle(db, roundId, unitType, nodes, new UnitTypeSplit(body.SurveyPoints, body.AppraisalPoints), Actor.Of(http), clock.GetUtcNow().UtcDateTime, ct);
        return TypedResults.Ok<object>(new { changed });
    }

    private static async Task<Ok<List<CriterionDto>>> GetCriteria(int roundId, string unitType, ParIndexDbContext db, CancellationToken ct) =>
        TypedResults.Ok(await db.Criteria.Where(c => c.RoundId == roundId && db.UnitTypes.Any(t => t.Id == c.UnitTypeId && t.Code == unitType))
            .OrderBy(c => c.SortOrder).Select(c => new CriterionDto(c.Code, c.Name, c.NameEn, c.MaxPoints, c.Component)).ToListAsync(ct));

    private static async Task<NoContent> PutCriteria(int roundId, string unitType, List<CriterionDto> body, ParIndexDbContext db, TimeProvider clock, HttpContext http, CancellationToken ct)
    {
        await SetCriteria.Handle(db, roundId, unitType, body.Select(c => new CriterionNode(c.Code, c.Name, c.NameEn, c.MaxPoints, c.Component)).ToList(),
            Actor.Of(http), clock.GetUtcNow().UtcDateTime, ct);
        return TypedResults.NoContent();
    }

    private static async Task<Results<Ok<RoundProgressView>, ProblemHttpResult>> GetProgress(int roundId, ParIndexDbContext db, TimeProvider clock, CancellationToken ct) =>
        await RoundProgress.Handle(db, roundId, clock.GetUtcNow().UtcDateTime, ct) is { } view ? TypedResults.Ok(view) : Problems.Result("not-found", $"Không có đợt điều tra số {roundId}.");

    private static RoundSummary ToSummary(Round r) => new(r.Id, r.Code, r.Name, r.Year, r.Status, r.PeriodStart, r.PeriodEnd, r.SurveyPoints, r.AppraisalPoints);
}
