using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;
using ParIndex.Core.Publication;
using ParIndex.Web.Data;
using ParIndex.Web.Infrastructure;
using ParIndex.Web.Infrastructure.Security;

namespace ParIndex.Web.Features.Publication;

public sealed record PublicationDto(int Id, int RoundId, int Version, int ScoreRunId, string InputHash, string SnapshotHash, string? Note, string PublishedBy, DateTime PublishedAt,
    int? PredecessorPublicationId, string PublicUrl);

public sealed record PublishBody(int ScoreRunId, string? Note);

public sealed record LineagePartBody(string UnitCode, string PredecessorUnitCode, double Share, LineageBasis Basis);

/// <summary>Either <see cref="SameCodes"/> (every unit found under the same code, share 1) or the <see cref="Parts"/>.</summary>
public sealed record PredecessorBody(int PredecessorRoundId, bool SameCodes, IReadOnlyList<LineagePartBody>? Parts);

/// <summary>
/// Publication endpoints. Staff: publish a version (Admin), list versions (view-results), link the predecessor with its unit
/// mapping (Admin). Public, anonymous by design and only for published rounds (404 otherwise): the open data files and the
/// analytical report (HTML and PDF), each with an ETag and kept once rendered (<see cref="PublicResponses"/>).
/// </summary>
public static class PublicationApi
{
    public static void MapPublicationApi(this IEndpointRouteBuilder app)
    {
        var api = app.MapGroup("/api/v1/rounds/{roundId:int}").WithTags("Publication");
        api.MapGet("/publications", List).RequireAuthorization(Policies.ViewResults);
        api.MapPost("/publications", Publish).RequireAuthorization(Policies.Admin);
        api.MapPut("/predecessor", Predecessor).RequireAuthorization(Policies.Admin);

        var site = app.MapGroup("/cong-bo/{roundCode}").WithTags("Public results").AllowAnonymous();
        site.MapGet("/du-lieu/so-lieu.csv", (string roundCode, HttpContext http, PublishedResultsCache cache, PublicResponses responses) =>
            responses.ServeAsync(http, cache, roundCode, "text/csv; charset=utf-8", $"{roundCode}-so-lieu.csv", (v, ct) => OpenData.CsvAsync(v.Results, v.Shown.Version, ct)));
        site.MapGet("/du-lieu/so-lieu.xlsx", (string roundCode, HttpContext http, PublishedResultsCache cache, PublicResponses responses) =>
            responses.ServeAsync(http, cache, roundCode, "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", $"{roundCode}-so-lieu.xlsx",
                (v, ct) => OpenData.XlsxAsync(v.Results, v.Shown.Version, ct)));
        site.MapGet("/du-lieu/so-lieu.json", (string roundCode, HttpContext http, PublishedResultsCache cache, PublicResponses responses) =>
            responses.ServeAsync(http, cache, roundCode, "application/json; charset=utf-8", null, (v, _) => Task.FromResult(OpenData.Json(v.Results, v.Shown))));
        site.MapGet("/du-lieu/so-ma.csv", (string roundCode, HttpContext http, PublishedResultsCache cache, PublicResponses responses) =>
            responses.ServeAsync(http, cache, roundCode, "text/csv; charset=utf-8", $"{roundCode}-so-ma.csv", (v, ct) => OpenData.CodebookCsvAsync(v.Results, ct)));
        site.MapGet("/bao-cao", (string roundCode, HttpContext http, PublishedResultsCache cache, PublicResponses responses) =>
            responses.ServeAsync(http, cache, roundCode, "text/html; charset=utf-8", null, (v, _) => Task.FromResult(System.Text.Encoding.UTF8.GetBytes(AnalyticalReport.Html(v)))));
        site.MapGet("/bao-cao.pdf", async (string roundCode, HttpContext http, PublishedResultsCache cache, PublicResponses responses, AnalyticalReport report) =>
        {
            // Not published is 404 whether or not this node can print (the 503 must not tell that a round exists).
            PublicResponses.UseUrlLanguage(http);
            var version = int.TryParse(http.Request.Query["phien-ban"], System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var v) ? v : (int?)null;
            if (await cache.FindAsync(roundCode, version, http.RequestAborted) is null) return PublicNotFound.Result();
            return !report.CanPrint
                ? Problems.Result("report-unavailable", Ui.L("Máy chủ chưa có trình in PDF; hãy xem bản HTML của báo cáo.", "The server has no PDF printer; read the report's HTML version."))
                : await responses.ServeAsync(http, cache, roundCode, "application/pdf", $"bao-cao-{roundCode}.pdf", report.PdfAsync);
        });
    }

    public static PublicationDto ToDto(Core.Publication.Publication p, string roundCode) =>
        new(p.Id, p.RoundId, p.Version, p.ScoreRunId, p.InputHash, p.SnapshotHash, p.Note, p.PublishedBy, p.PublishedAt, p.PredecessorPublicationId,
            $"/cong-bo/{Uri.EscapeDataString(roundCode)}?phien-ban={p.Version}");

    private static async Task<Results<Ok<List<PublicationDto>>, ProblemHttpResult>> List(int roundId, ParIndexDbContext db, CancellationToken ct)
    {
        if (await db.Rounds.AsNoTracking().Where(r => r.Id == roundId).Select(r => r.Code).FirstOrDefaultAsync(ct) is not { } code)
            return Problems.Result("not-found", $"Không có đợt điều tra số {roundId}.");
        var rows = await db.Publications.AsNoTracking().Where(p => p.RoundId == roundId).OrderBy(p => p.Version).ToListAsync(ct);
        return TypedResults.Ok(rows.Select(p => ToDto(p, code)).ToList());
    }

    private static async Task<Results<Created<PublicationDto>, Ok<PublicationDto>>> Publish(int roundId, PublishBody body, ParIndexDbContext db, TimeProvider clock,
        PublishedResultsCache cache, HttpContext http, CancellationToken ct)
    {
        var outcome = await PublishRound.Handle(db, roundId, body.ScoreRunId, body.Note, Actor.Of(http), clock.GetUtcNow().UtcDateTime, cache, ct);
        var code = await db.Rounds.AsNoTracking().Where(r => r.Id == roundId).Select(r => r.Code).FirstAsync(ct);
        var dto = ToDto(outcome.Publication, code);
        return outcome.Created ? TypedResults.Created(dto.PublicUrl, dto) : TypedResults.Ok(dto);
    }

    private static async Task<Results<Ok<SetPredecessorResult>, ProblemHttpResult>> Predecessor(int roundId, PredecessorBody body, ParIndexDbContext db, TimeProvider clock,
        HttpContext http, CancellationToken ct)
    {
        var now = clock.GetUtcNow().UtcDateTime;
        var result = body.SameCodes
            ? await SetPredecessor.SameCodes(db, roundId, body.PredecessorRoundId, Actor.Of(http), now, ct)
            : await SetPredecessor.FromParts(db, roundId, body.PredecessorRoundId,
                (body.Parts ?? []).Select(p => (p.UnitCode ?? "", p.PredecessorUnitCode ?? "", p.Share, p.Basis)).ToList(), Actor.Of(http), now, ct);
        return result.Succeeded
            ? TypedResults.Ok(result)
            : Problems.Result("import-rejected", $"{result.Errors.Count} lỗi; chưa lưu gì.", new Dictionary<string, object?> { ["rows"] = result.Errors });
    }
}
