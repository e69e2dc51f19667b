using Microsoft.AspNetCore.Http.HttpResults;
using ParIndex.Core.Monitoring;
using ParIndex.Web.Data;
using ParIndex.Web.Infrastructure;
using ParIndex.Web.Infrastructure.Security;

namespace ParIndex.Web.Features.Monitoring;

public sealed record FlagReviewBody(bool Confirmed, string? Note);

/// <summary>The monitoring API for supervisors: the dashboard's numbers, drill-downs, dispositions, flags and the fieldwork plan.</summary>
public static class MonitoringApi
{
    public static void MapMonitoringApi(this IEndpointRouteBuilder app)
    {
        var api = app.MapGroup("/api/v1/rounds/{roundId:int}/monitor").WithTags("Monitoring").RequireAuthorization(Policies.Supervise);
        api.MapGet("/", GetDashboard);
        api.MapGet("/strata", (int roundId, int? unitId, int? groupId, ParIndexDbContext db, CancellationToken ct) => MonitorDashboard.ByStratum(db, roundId, unitId, groupId, ct));
        api.MapGet("/field-staff", (int roundId, ParIndexDbContext db, CancellationToken ct) => MonitorDashboard.ByFieldStaff(db, roundId, ct));
        api.MapGet("/flags", (int roundId, QualityFlagStatus? status, QualityFlagKind? kind, ParIndexDbContext db, CancellationToken ct) => QualityReview.Queue(db, roundId, status, kind, ct));
        api.MapPost("/flags/{flagId:long}/review", ReviewFlag);
        api.MapPost("/dispositions", PostDisposition);
        api.MapPut("/fieldwork", PutFieldwork);
        api.MapGet("/projection", (int roundId, ParIndexDbContext db, CancellationToken ct) => ProjectedScores.Handle(db, roundId, ct));
    }

    public sealed record DashboardDto(int RoundId, string RoundName, DateTime At, int Designed, int Completed, int OpenFlags, int Alerts,
        DateTime? FieldworkStart, DateTime? FieldworkEnd, IReadOnlyList<CellUpdate> Cells, string AaporDefinitions);

    private static async Task<Results<Ok<DashboardDto>, ProblemHttpResult>> GetDashboard(int roundId, ParIndexDbContext db, TimeProvider clock, CancellationToken ct)
    {
        var view = await MonitorDashboard.Handle(db, roundId, clock.GetUtcNow().UtcDateTime, ct);
        if (view is null) return Problems.Result("not-found", $"Không có đợt điều tra số {roundId}.");
        return TypedResults.Ok(new DashboardDto(view.RoundId, view.RoundName, view.At, view.Designed, view.Completed, view.OpenFlags, view.Alerts.Count(),
            view.Plan?.FieldworkStart, view.Plan?.FieldworkEnd, view.Cells.Select(CoalescingProgressPublisher.ToUpdate).ToList(), AaporRates.DefinitionsUrl));
    }

    private static async Task<Results<NoContent, ProblemHttpResult>> ReviewFlag(int roundId, long flagId, FlagReviewBody body, ParIndexDbContext db, IProgressEvents events, TimeProvider clock, HttpContext http, CancellationToken ct)
    {
        if (body.Note is { Length: > 1000 }) return Problems.Validation(new Dictionary<string, string[]> { ["note"] = ["At most 1000 characters."] });
        var ok = await QualityReview.ReviewAsync(db, roundId, flagId, body.Confirmed, body.Note, Actor.Of(http), clock.GetUtcNow().UtcDateTime, ct);
        if (!ok) return Problems.Result("not-found", $"Không có cờ chất lượng số {flagId} trong đợt này.");
        events.RoundChanged(roundId);
        return TypedResults.NoContent();
    }

    private static async Task<Results<Created<RecordedDispositionDto>, ProblemHttpResult>> PostDisposition(int roundId, RecordDispositionRequest body, ParIndexDbContext db, IProgressEvents events, TimeProvider clock, HttpContext http, CancellationToken ct)
    {
        var (recorded, error) = await RecordDisposition.Handle(db, events, roundId, body, Actor.Of(http), clock.GetUtcNow().UtcDateTime, ct);
        return recorded is null
            ? Problems.Validation(new Dictionary<string, string[]> { ["disposition"] = [error!] }, error)
            : TypedResults.Created($"/api/v1/rounds/{roundId}/monitor/dispositions/{recorded.Id}", recorded);
    }

    private static async Task<Results<NoContent, ProblemHttpResult>> PutFieldwork(int roundId, FieldworkPlanRequest body, ParIndexDbContext db, IProgressEvents events, TimeProvider clock, HttpContext http, CancellationToken ct)
    {
        var error = await SaveFieldworkPlan.Handle(db, events, roundId, body, Actor.Of(http), clock.GetUtcNow().UtcDateTime, ct);
        return error is null ? TypedResults.NoContent() : Problems.Validation(new Dictionary<string, string[]> { ["fieldwork"] = [error] }, error);
    }
}
