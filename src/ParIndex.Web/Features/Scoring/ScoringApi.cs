using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;
using ParIndex.Core.Scoring;
using ParIndex.Core.Tabular;
using ParIndex.Web.Data;
using ParIndex.Web.Infrastructure;
using ParIndex.Web.Infrastructure.Security;

namespace ParIndex.Web.Features.Scoring;

public sealed record ScoreRunDto(int Id, int RoundId, int ConfigVersion, string InputHash, string Engine, int ResponseCount, int RowCount, string CreatedBy, DateTime CreatedAt, double DurationSeconds);

/// <summary>The published figures of a run: the engine made every figure under k respondents without its numbers (<see cref="SmallCells"/>).</summary>
/// <summary>A score run's result as the API serves it; <see cref="City"/>, <see cref="TargetChecks"/> and <see cref="Labels"/> are the city-wide figures, the targets judged and the names of breakdown codes.</summary>
public sealed record ScoreReportDto(ScoreRunDto Run, IReadOnlyList<UnitScore> Units, IReadOnlyList<CellEstimate> Cells, IReadOnlyDictionary<string, IReadOnlyList<SipasFigure>> SipasByUnitType, IReadOnlyList<string> Warnings)
{
    public IReadOnlyList<CityFigure> City { get; init; } = [];
    public IReadOnlyList<TargetCheck> TargetChecks { get; init; } = [];
    public IReadOnlyDictionary<string, string> Labels { get; init; } = new Dictionary<string, string>();
}

/// <summary>Scoring: run (design), configure (design), import appraisal scores (design), results and exports (view-results), response data (design).</summary>
public static class ScoringApi
{
    public static void MapScoringApi(this IEndpointRouteBuilder app)
    {
        var api = app.MapGroup("/api/v1/rounds/{roundId:int}").WithTags("Scoring");
        api.MapPost("/scoring/runs", Run).RequireAuthorization(Policies.Design);
        api.MapGet("/scoring/runs", ListRuns).RequireAuthorization(Policies.ViewResults);
        api.MapGet("/scoring/runs/latest", Latest).RequireAuthorization(Policies.ViewResults);
        api.MapGet("/scoring/config", GetConfig).RequireAuthorization(Policies.ViewResults);
        api.MapPut("/scoring/config", PutConfig).RequireAuthorization(Policies.Design);
        // The body is the file itself (CSV or XLSX; fileName tells which). No declared content type, so a wrong one is
        // answered by the parser's problem, after authorization.
        api.MapPost("/scoring/appraisal", ImportAppraisalFile).RequireAuthorization(Policies.Design);
        api.MapGet("/scoring/export.csv", (int roundId, int? run, ParIndexDbContext db, HttpContext http, CancellationToken ct) => Export(roundId, run, "csv", false, db, http, ct))
            .RequireAuthorization(Policies.ViewResults);
        api.MapGet("/scoring/export.xlsx", (int roundId, int? run, ParIndexDbContext db, HttpContext http, CancellationToken ct) => Export(roundId, run, "xlsx", false, db, http, ct))
            .RequireAuthorization(Policies.ViewResults);
        // The layout the city's index system imports (docs/index-system-export.md), keyed by criterion code.
        api.MapGet("/scoring/index-system.csv", (int roundId, int? run, ParIndexDbContext db, HttpContext http, CancellationToken ct) => ExportIndexSystem(roundId, run, "csv", db, http, ct))
            .RequireAuthorization(Policies.ViewResults);
        api.MapGet("/scoring/index-system.xlsx", (int roundId, int? run, ParIndexDbContext db, HttpContext http, CancellationToken ct) => ExportIndexSystem(roundId, run, "xlsx", db, http, ct))
            .RequireAuthorization(Policies.ViewResults);
        api.MapGet("/scoring/targets.csv", async (int roundId, int? run, ParIndexDbContext db, HttpContext http, CancellationToken ct) =>
        {
            if (await RunScoring.LatestAsync(db, roundId, run, ct) is not { } found) return (IResult)Problems.Result("not-found", "Đợt này chưa có lần tính điểm nào.");
            var (header, rows) = ScoringExports.TargetTable(found.Run, found.Result);
            http.Response.Headers.ContentDisposition = $"attachment; filename=\"parindex-round-{roundId}-run-{found.Run.Id}-targets.csv\"";
            http.Response.ContentType = "text/csv; charset=utf-8";
            await ScoringExports.WriteCsvAsync(http.Response.Body, header, rows, ct);
            return Results.Empty;
        }).RequireAuthorization(Policies.ViewResults);
        api.MapGet("/scoring/cells.csv", (int roundId, int? run, ParIndexDbContext db, HttpContext http, CancellationToken ct) => Export(roundId, run, "csv", true, db, http, ct))
            .RequireAuthorization(Policies.ViewResults);
        // Response-level data (no names or contacts), CSV or XLSX (the long and wide workbooks carry the codebook as a sheet).
        foreach (var format in new[] { "csv", "xlsx" })
        {
            var xlsx = format == "xlsx";
            api.MapGet($"/data/long.{format}", (int roundId, ParIndexDbContext db, TimeProvider clock, HttpContext http, CancellationToken ct) =>
                    Stream(db, clock, http, roundId, "long", format, null,
                        s => xlsx ? DataExports.WriteLongXlsxAsync(db, roundId, s, ct) : DataExports.WriteLongAsync(db, roundId, s, ct), ct))
                .RequireAuthorization(Policies.Design);
            api.MapGet($"/data/wide.{format}", (int roundId, [FromQuery] string? group, ParIndexDbContext db, TimeProvider clock, HttpContext http, CancellationToken ct) =>
                    group is null ? Task.FromResult<IResult>(Problems.Result("validation-failed", "Cần tham số group (mã nhóm đối tượng)."))
                    : Stream(db, clock, http, roundId, "wide", format, group,
                        s => xlsx ? DataExports.WriteWideXlsxAsync(db, roundId, group, s, ct) : DataExports.WriteWideAsync(db, roundId, group, s, ct), ct))
                .RequireAuthorization(Policies.Design);
            api.MapGet($"/data/codebook.{format}", (int roundId, ParIndexDbContext db, TimeProvider clock, HttpContext http, CancellationToken ct) =>
                    Stream(db, clock, http, roundId, "codebook", format, null,
                        s => xlsx ? DataExports.WriteCodebookXlsxAsync(db, roundId, s, ct) : DataExports.WriteCodebookAsync(db, roundId, s, ct), ct))
                .RequireAuthorization(Policies.Design);
        }
    }

    public static ScoreRunDto ToDto(ScoreRun r) => new(r.Id, r.RoundId, r.ConfigVersion, r.InputHash, r.Engine, r.ResponseCount, r.RowCount, r.CreatedBy, r.CreatedAt, r.DurationSeconds);

    private static async Task<Created<ScoreRunDto>> Run(int roundId, ParIndexDbContext db, TimeProvider clock, HttpContext http, CancellationToken ct)
    {
        var run = await RunScoring.Handle(db, roundId, Actor.Of(http), clock.GetUtcNow().UtcDateTime, ct);
        return TypedResults.Created($"/api/v1/rounds/{roundId}/scoring/runs/latest", ToDto(run));
    }

    private static async Task<Ok<List<ScoreRunDto>>> ListRuns(int roundId, ParIndexDbContext db, CancellationToken ct) =>
        TypedResults.Ok((await db.ScoreRuns.AsNoTracking().Where(r => r.RoundId == roundId).OrderByDescending(r => r.Id)
            .Select(r => new { r.Id, r.RoundId, r.ConfigVersion, r.InputHash, r.Engine, r.ResponseCount, r.RowCount, r.CreatedBy, r.CreatedAt, r.DurationSeconds }).ToListAsync(ct))
            .Select(r => new ScoreRunDto(r.Id, r.RoundId, r.ConfigVersion, r.InputHash, r.Engine, r.ResponseCount, r.RowCount, r.CreatedBy, r.CreatedAt, r.DurationSeconds)).ToList());

    private static async Task<Results<JsonHttpResult<ScoreReportDto>, ProblemHttpResult>> Latest(int roundId, int? run, ParIndexDbContext db, CancellationToken ct)
    {
        if (await RunScoring.LatestAsync(db, roundId, run, ct) is not { } found) return Problems.Result("not-found", "Đợt này chưa có lần tính điểm nào.");
        return TypedResults.Json(new ScoreReportDto(ToDto(found.Run), found.Result.Units, found.Result.Cells, found.Result.SipasByUnitType, found.Result.Warnings)
            { City = found.Result.City, TargetChecks = found.Result.TargetChecks, Labels = found.Result.Labels }, ScoringInputs.WebJson);
    }

    private static async Task<Ok<ScoringConfiguration>> GetConfig(int roundId, ParIndexDbContext db, CancellationToken ct) =>
        TypedResults.Ok((await ScoringConfigs.CurrentAsync(db, roundId, ct)).Configuration);

    private static async Task<Ok<object>> PutConfig(int roundId, ScoringConfiguration body, ParIndexDbContext db, TimeProvider clock, HttpContext http, CancellationToken ct)
    {
        var v = await ScoringConfigs.SaveAsync(db, roundId, body, Actor.Of(http), clock.GetUtcNow().UtcDateTime, ct);
        return TypedResults.Ok<object>(new { version = v.Version, changed = v.Changed });
    }

    private static async Task<Results<Ok<ImportAppraisalResult>, ProblemHttpResult>> ImportAppraisalFile(int roundId, [FromQuery] string? fileName, HttpRequest request,
        ParIndexDbContext db, TimeProvider clock, HttpContext http, CancellationToken ct)
    {
        TabularFile file;
        try { file = await TabularReader.ReadAsync(request.Body, fileName ?? "upload.csv", ct); }
        catch (TabularFormatException e) { return Problems.Result("import-rejected", e.MessageVi); }
        var result = await ImportAppraisal.Handle(db, roundId, file, Actor.Of(http), clock.GetUtcNow().UtcDateTime, ct);
        return result.Succeeded
            ? TypedResults.Ok(result)
            : Problems.Result("import-rejected", $"{result.Errors.Count} lỗi; không có dòng nào được nhập.", new Dictionary<string, object?> { ["rows"] = result.Errors });
    }

    private static async Task<IResult> Export(int roundId, int? runId, string format, bool cells, ParIndexDbContext db, HttpContext http, CancellationToken ct)
    {
        if (await RunScoring.LatestAsync(db, roundId, runId, ct) is not { } found) return Problems.Result("not-found", "Đợt này chưa có lần tính điểm nào.");
        var (header, rows) = cells ? ScoringExports.CellTable(found.Run, found.Result) : ScoringExports.IndexTable(found.Run, found.Result);
        var name = $"parindex-round-{roundId}-run-{found.Run.Id}{(cells ? "-cells" : "")}.{format}";
        http.Response.Headers.ContentDisposition = $"attachment; filename=\"{name}\"";
        if (format == "xlsx")
        {
            http.Response.ContentType = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";
            using var buffer = new MemoryStream();
            ScoringExports.WriteXlsx(buffer, cells ? "cells" : "index", header, rows);
            buffer.Position = 0;
            await buffer.CopyToAsync(http.Response.Body, ct);
        }
        else
        {
            http.Response.ContentType = "text/csv; charset=utf-8";
            await ScoringExports.WriteCsvAsync(http.Response.Body, header, rows, ct);
        }
        return Results.Empty;
    }

    private static async Task<IResult> ExportIndexSystem(int roundId, int? runId, string format, ParIndexDbContext db, HttpContext http, CancellationToken ct)
    {
        if (await RunScoring.LatestAsync(db, roundId, runId, ct) is not { } found) return Problems.Result("not-found", "Đợt này chưa có lần tính điểm nào.");
        var round = await db.Rounds.AsNoTracking().FirstAsync(r => r.Id == roundId, ct);
        var rows = IndexSystemExport.Rows(round.Code, round.Year, found.Run, found.Result, await IndexSystemExport.CriteriaAsync(db, roundId, ct));
        var header = IndexSystemExport.Header.ToList();
        http.Response.Headers.ContentDisposition = $"attachment; filename=\"parindex-index-system-round-{roundId}-run-{found.Run.Id}.{format}\"";
        if (format == "xlsx")
        {
            http.Response.ContentType = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";
            using var buffer = new MemoryStream();
            ScoringExports.WriteXlsx(buffer, "index_system", header, rows);
            buffer.Position = 0;
            await buffer.CopyToAsync(http.Response.Body, ct);
        }
        else
        {
            http.Response.ContentType = "text/csv; charset=utf-8";
            await ScoringExports.WriteCsvAsync(http.Response.Body, header, rows, ct);
        }
        return Results.Empty;
    }

    /// <summary>
    /// Streams a response data export; who took which export is audited first (response-level data). A wide export of an
    /// unknown group is a 404 problem, answered before the first byte.
    /// </summary>
    private static async Task<IResult> Stream(ParIndexDbContext db, TimeProvider clock, HttpContext http, int roundId, string form, string format, string? group,
        Func<Stream, Task> write, CancellationToken ct)
    {
        if (group is not null && !await db.RespondentGroups.AnyAsync(g => g.RoundId == roundId && g.Code == group, ct))
            return Problems.Result("not-found", $"Không có nhóm đối tượng {group} trong đợt này.");
        db.Record(Actor.Of(http), "data.export", "Round", roundId, null, new { form, format, group }, clock.GetUtcNow().UtcDateTime, roundId);
        await db.SaveChangesAsync(ct);
        var fileName = group is null ? $"round-{roundId}-{form}.{format}" : $"round-{roundId}-{group}-{form}.{format}";
        http.Response.ContentType = format == "xlsx" ? "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet" : "text/csv; charset=utf-8";
        http.Response.Headers.ContentDisposition = $"attachment; filename=\"{fileName}\"";
        await write(http.Response.Body);
        return Results.Empty;
    }
}
