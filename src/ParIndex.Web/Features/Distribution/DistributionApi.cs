using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Extensions.Options;
using ParIndex.Web.Data;
using ParIndex.Web.Infrastructure;
using ParIndex.Web.Infrastructure.Security;

namespace ParIndex.Web.Features.Distribution;

public sealed record ReissueAck(int InvitationId, string Link);

/// <summary>Staff API for personal links: issue, revoke, reissue, export, QR codes. Admin and Designer only.</summary>
public static class DistributionApi
{
    public static void MapDistributionApi(this IEndpointRouteBuilder app)
    {
        var api = app.MapGroup("/api/v1/rounds/{roundId:int}/invitations").WithTags("Distribution").RequireAuthorization(Policies.Design);
        api.MapPost("/issue", Issue);
        api.MapPost("/{invitationId:int}/revoke", Revoke);
        api.MapPost("/{invitationId:int}/reissue", Reissue);
        api.MapGet("/export.csv", ExportCsv);
        api.MapGet("/export.xlsx", ExportXlsx);
        api.MapGet("/{invitationId:int}/qr.png", QrPng);
        api.MapGet("/{invitationId:int}/qr.svg", QrSvg);

        var campaigns = app.MapGroup("/api/v1/rounds/{roundId:int}/campaigns").WithTags("Distribution").RequireAuthorization(Policies.Design);
        campaigns.MapPost("/", StartEmailCampaign);
        campaigns.MapGet("/{campaignId:int}", GetCampaign);

        var publicLinks = app.MapGroup("/api/v1/rounds/{roundId:int}/public-links").WithTags("Distribution").RequireAuthorization(Policies.Design);
        publicLinks.MapPost("/", CreatePublicLink);
        publicLinks.MapGet("/", ListPublicLinks);
        publicLinks.MapGet("/{id:int}/qr.png", PublicQr);
    }

    private static async Task<Created<PublicLinkDto>> CreatePublicLink(int roundId, PublicLinkRequest body, ParIndexDbContext db,
        IOptions<PersonalLinkOptions> options, TimeProvider clock, HttpContext http, CancellationToken ct)
    {
        var link = await PublicLinks.Create(db, roundId, body, Actor.Of(http), clock.GetUtcNow().UtcDateTime, ct);
        return TypedResults.Created($"/api/v1/rounds/{roundId}/public-links/{link.Id}", PublicLinks.Dto(link, PublicBaseUrl(http, options.Value)));
    }

    private static async Task<Ok<List<PublicLinkDto>>> ListPublicLinks(int roundId, ParIndexDbContext db, IOptions<PersonalLinkOptions> options, HttpContext http, CancellationToken ct)
    {
        var links = await Microsoft.EntityFrameworkCore.EntityFrameworkQueryableExtensions.ToListAsync(db.PublicLinks.Where(p => p.RoundId == roundId).OrderBy(p => p.Id), ct);
        return TypedResults.Ok(links.Select(p => PublicLinks.Dto(p, PublicBaseUrl(http, options.Value))).ToList());
    }

    private static async Task<Results<FileContentHttpResult, ProblemHttpResult>> PublicQr(int roundId, int id, ParIndexDbContext db, IOptions<PersonalLinkOptions> options, HttpContext http, CancellationToken ct) =>
        await Microsoft.EntityFrameworkCore.EntityFrameworkQueryableExtensions.FirstOrDefaultAsync(db.PublicLinks, p => p.Id == id && p.RoundId == roundId, ct) is { } link
            ? TypedResults.File(QrCodes.Png(PublicLinks.Dto(link, PublicBaseUrl(http, options.Value)).Link), "image/png") : Problems.Result("not-found");

    private static async Task<Accepted<CampaignProgress>> StartEmailCampaign(int roundId, CampaignRequest body, ParIndexDbContext db, System.Threading.Channels.ChannelWriter<int> queue,
        IOptions<PersonalLinkOptions> options, TimeProvider clock, HttpContext http, CancellationToken ct)
    {
        var campaign = await StartCampaign.Handle(db, queue, roundId, body, PublicBaseUrl(http, options.Value), Actor.Of(http), clock.GetUtcNow().UtcDateTime, ct);
        return TypedResults.Accepted($"/api/v1/rounds/{roundId}/campaigns/{campaign.Id}", StartCampaign.Progress(campaign));
    }

    private static async Task<Results<Ok<CampaignProgress>, ProblemHttpResult>> GetCampaign(int roundId, int campaignId, ParIndexDbContext db, CancellationToken ct) =>
        await Microsoft.EntityFrameworkCore.EntityFrameworkQueryableExtensions.FirstOrDefaultAsync(Microsoft.EntityFrameworkCore.EntityFrameworkQueryableExtensions.AsNoTracking(db.EmailCampaigns), c => c.Id == campaignId && c.RoundId == roundId, ct) is { } c
            ? TypedResults.Ok(StartCampaign.Progress(c)) : Problems.Result("not-found");

    /// <summary>The address respondents open: configured, else the one this request came in on.</summary>
    public static string PublicBaseUrl(HttpContext http, PersonalLinkOptions options) =>
        options.PublicBaseUrl is { Length: > 0 } configured ? configured.TrimEnd('/') : $"{http.Request.Scheme}://{http.Request.Host}{http.Request.PathBase}";

    private static async Task<Ok<IssueResult>> Issue(int roundId, IssueRequest body, ParIndexDbContext db, LinkTokens tokens, TimeProvider clock, HttpContext http, CancellationToken ct) =>
        TypedResults.Ok(await ManageInvitations.Issue(db, tokens, new InvitationScope(roundId, body.UnitId, body.GroupId), body, Actor.Of(http), clock.GetUtcNow().UtcDateTime, ct));

    private static async Task<Results<NoContent, ProblemHttpResult>> Revoke(int roundId, int invitationId, ParIndexDbContext db, TimeProvider clock, HttpContext http, CancellationToken ct) =>
        await ManageInvitations.Revoke(db, roundId, invitationId, Actor.Of(http), clock.GetUtcNow().UtcDateTime, ct) is null
            ? Problems.Result("not-found") : TypedResults.NoContent();

    private static async Task<Results<Ok<ReissueAck>, ProblemHttpResult>> Reissue(int roundId, int invitationId, ParIndexDbContext db, LinkTokens tokens,
        IOptions<PersonalLinkOptions> options, TimeProvider clock, HttpContext http, CancellationToken ct)
    {
        var result = await ManageInvitations.Reissue(db, tokens, roundId, invitationId, Actor.Of(http), clock.GetUtcNow().UtcDateTime, ct);
        return result is { } r ? TypedResults.Ok(new ReissueAck(r.Invitation.Id, LinkExport.LinkOf(PublicBaseUrl(http, options.Value), r.Token))) : Problems.Result("not-found");
    }

    // The filters come as the invitations page's filter form sends them: an unset filter is empty ("unitId="), read as unset.
    private static async Task<Results<FileContentHttpResult, ProblemHttpResult>> ExportCsv(int roundId, string? unitId, string? groupId, ParIndexDbContext db, LinkTokens tokens, IOptions<PersonalLinkOptions> options, HttpContext http, CancellationToken ct)
    {
        if (ExportScope(roundId, unitId, groupId) is not { } scope) return Problems.Result("validation-failed", "unitId, groupId: a number or empty.");
        var rows = await LinkExport.Rows(db, tokens, scope, PublicBaseUrl(http, options.Value), ct);
        return TypedResults.File(LinkExport.Csv(rows), "text/csv; charset=utf-8", $"lien-ket-dot-{roundId}.csv");
    }

    private static async Task<Results<FileContentHttpResult, ProblemHttpResult>> ExportXlsx(int roundId, string? unitId, string? groupId, ParIndexDbContext db, LinkTokens tokens, IOptions<PersonalLinkOptions> options, HttpContext http, CancellationToken ct)
    {
        if (ExportScope(roundId, unitId, groupId) is not { } scope) return Problems.Result("validation-failed", "unitId, groupId: a number or empty.");
        var rows = await LinkExport.Rows(db, tokens, scope, PublicBaseUrl(http, options.Value), ct);
        return TypedResults.File(LinkExport.Xlsx(rows), "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", $"lien-ket-dot-{roundId}.xlsx");
    }

    /// <summary>The export's scope: each filter a number, or empty/absent for all; null when one is neither.</summary>
    private static InvitationScope? ExportScope(int roundId, string? unitId, string? groupId)
    {
        static bool Read(string? text, out int? id)
        {
            id = null;
            if (string.IsNullOrWhiteSpace(text)) return true;
            if (!int.TryParse(text, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var n)) return false;
            id = n;
            return true;
        }
        return Read(unitId, out var unit) && Read(groupId, out var group) ? new InvitationScope(roundId, unit, group) : null;
    }

    private static async Task<Results<FileContentHttpResult, ProblemHttpResult>> QrPng(int roundId, int invitationId, ParIndexDbContext db, LinkTokens tokens, IOptions<PersonalLinkOptions> options, HttpContext http, CancellationToken ct) =>
        await ActiveLink(roundId, invitationId, db, tokens, options, http, ct) is { } link
            ? TypedResults.File(QrCodes.Png(link), "image/png") : Problems.Result("not-found");

    private static async Task<Results<FileContentHttpResult, ProblemHttpResult>> QrSvg(int roundId, int invitationId, ParIndexDbContext db, LinkTokens tokens, IOptions<PersonalLinkOptions> options, HttpContext http, CancellationToken ct) =>
        await ActiveLink(roundId, invitationId, db, tokens, options, http, ct) is { } link
            ? TypedResults.File(System.Text.Encoding.UTF8.GetBytes(QrCodes.Svg(link)), "image/svg+xml") : Problems.Result("not-found");

    private static async Task<string?> ActiveLink(int roundId, int invitationId, ParIndexDbContext db, LinkTokens tokens, IOptions<PersonalLinkOptions> options, HttpContext http, CancellationToken ct)
    {
        var invitation = await Microsoft.EntityFrameworkCore.EntityFrameworkQueryableExtensions.FirstOrDefaultAsync(
            db.Invitations, i => i.Id == invitationId && i.Respondent!.RoundId == roundId && i.Status == Core.Domain.InvitationStatus.Active, ct);
        return invitation is not null && tokens.TokenOf(invitation) is { } token ? LinkExport.LinkOf(PublicBaseUrl(http, options.Value), token) : null;
    }
}
