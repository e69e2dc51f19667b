using System.Security.Claims;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;
using Microsoft.Net.Http.Headers;
using ParIndex.Web.Data;
using ParIndex.Web.Infrastructure;
using ParIndex.Web.Infrastructure.Security;

namespace ParIndex.Web.Features.SelfAssessment;

/// <summary>
/// Serves evidence files, always as attachments (never rendered by the browser in the app's origin), with the sniffed
/// content type, <c>nosniff</c> and a sandboxing CSP. A unit reporter gets only their own unit's files (another unit's
/// file id answers 404, exactly like an id that does not exist); appraisers get every file.
/// </summary>
public static class EvidenceDownload
{
    public static void Map(IEndpointRouteBuilder app)
    {
        app.MapGet("/self-assessment/evidence/{fileId:int}", ForUnit).RequireAuthorization(Policies.SelfAssess).ExcludeFromDescription();
        app.MapGet("/appraisal/evidence/{fileId:int}", ForAppraiser).RequireAuthorization(Policies.Appraise).ExcludeFromDescription();
    }

    private static async Task<Results<FileStreamHttpResult, NotFound>> ForUnit(int fileId, ClaimsPrincipal user, HttpContext http, ParIndexDbContext db, EvidenceStore store, CancellationToken ct)
    {
        var unitId = await UnitReporters.UnitOf(db, user, ct);
        if (unitId is null) return TypedResults.NotFound();
        return await Serve(db, store, http, fileId, unitId, ct);
    }

    private static Task<Results<FileStreamHttpResult, NotFound>> ForAppraiser(int fileId, HttpContext http, ParIndexDbContext db, EvidenceStore store, CancellationToken ct) =>
        Serve(db, store, http, fileId, null, ct);

    private static async Task<Results<FileStreamHttpResult, NotFound>> Serve(ParIndexDbContext db, EvidenceStore store, HttpContext http, int fileId, int? unitId, CancellationToken ct)
    {
        var file = await db.EvidenceFiles.AsNoTracking()
            .Where(f => f.Id == fileId && (unitId == null || db.UnitAssessments.Any(a => a.Id == f.AssessmentId && a.UnitId == unitId)))
            .Select(f => new { f.StorageName, f.FileName, f.ContentType }).FirstOrDefaultAsync(ct);
        if (file is null) return TypedResults.NotFound();
        var path = store.PathOf(file.StorageName);
        if (!File.Exists(path)) return TypedResults.NotFound();
        http.Response.Headers[HeaderNames.XContentTypeOptions] = "nosniff";
        http.Response.Headers[HeaderNames.ContentSecurityPolicy] = "default-src 'none'; sandbox";
        http.Response.Headers[HeaderNames.CacheControl] = "no-store";
        return TypedResults.Stream(File.OpenRead(path), file.ContentType, file.FileName);
    }
}
