using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;
using ParIndex.Core.Domain;
using ParIndex.Web.Data;
using ParIndex.Web.Infrastructure;
using ParIndex.Web.Infrastructure.Security;

namespace ParIndex.Web.Features.Distribution.Pages;

public sealed record PublicLinkLine(int Id, string Unit, string Group, int Quota, int Accepted, bool Closed, bool Open, string Link);

public sealed record InvitationLine(int Id, string Code, string? Unit, string Group, InvitationStatus Status, DateTime? ValidUntil, bool Answered, bool Printable);

/// <summary>
/// Personal links of a round, narrowed to a unit and/or group: issue, revoke, reissue, print, export; and the round's
/// public links (one per unit and group, with a quota and a QR code for a counter poster): create and list.
/// </summary>
[Authorize(Policy = Policies.Design)]
public sealed class IndexModel(ParIndexDbContext db, LinkTokens tokens, TimeProvider clock, Microsoft.Extensions.Options.IOptions<PersonalLinkOptions> linkOptions) : RefusablePageModel
{
    public const int PageSize = 200;

    public Round Round { get; private set; } = null!;
    public List<Unit> Units { get; private set; } = [];
    public List<RespondentGroup> Groups { get; private set; } = [];
    public List<InvitationLine> Lines { get; private set; } = [];
    public int Total { get; private set; }
    public string? Message { get; private set; }
    public List<PublicLinkLine> PublicLinkLines { get; private set; } = [];

    /// <summary>The new public link's unit, group and quota (the form under "Liên kết công khai").</summary>
    [BindProperty] public int? PublicUnitId { get; set; }
    [BindProperty] public int? PublicGroupId { get; set; }
    [BindProperty] public int? PublicQuota { get; set; }

    [BindProperty(SupportsGet = true)] public int? UnitId { get; set; }
    [BindProperty(SupportsGet = true)] public int? GroupId { get; set; }
    [BindProperty] public DateTime? ValidFrom { get; set; }
    [BindProperty] public DateTime? ValidUntil { get; set; }

    /// <summary>The filters as a query for the export and letter links: only those set (none = the whole round).</summary>
    public string Query => string.Join("&", new[] { UnitId is { } u ? $"unitId={u}" : null, GroupId is { } g ? $"groupId={g}" : null }.OfType<string>());

    public async Task<IActionResult> OnGetAsync(int roundId, CancellationToken ct) => await Load(roundId, ct) ? Page() : NotFound();

    public async Task<IActionResult> OnPostIssueAsync(int roundId, CancellationToken ct)
    {
        if (!await db.Rounds.AnyAsync(r => r.Id == roundId, ct)) return NotFound();
        if (ValidFrom is { Year: < 2000 or > 2100 } || ValidUntil is { Year: < 2000 or > 2100 })
        {
            await Load(roundId, ct);
            Message = Ui.L("Ngày mở và ngày hết hạn phải trong khoảng năm 2000–2100; chưa cấp liên kết nào.", "Valid from/until must lie between 2000 and 2100; no link was issued.");
            Response.StatusCode = StatusCodes.Status422UnprocessableEntity;
            return Page();
        }
        // Dates are typed in Hanoi time (UTC+7) and stored in UTC.
        var result = await ManageInvitations.Issue(db, tokens, new InvitationScope(roundId, UnitId, GroupId),
            new IssueRequest(UnitId, GroupId, ValidFrom, ValidUntil), Actor.Of(HttpContext), clock.GetUtcNow().UtcDateTime, ct);
        await Load(roundId, ct);
        Message = Ui.L($"Đã cấp {result.Issued} liên kết mới; {result.AlreadyHadLink} người đã có liên kết; {result.AlreadyAnswered} người đã trả lời.",
            $"Issued {result.Issued} new links; {result.AlreadyHadLink} members already had one; {result.AlreadyAnswered} already answered.");
        return Page();
    }

    public async Task<IActionResult> OnPostRevokeAsync(int roundId, int invitationId, CancellationToken ct)
    {
        if (await ManageInvitations.Revoke(db, roundId, invitationId, Actor.Of(HttpContext), clock.GetUtcNow().UtcDateTime, ct) is null) return NotFound();
        return RedirectToPage(new { roundId, UnitId, GroupId });
    }

    public async Task<IActionResult> OnPostReissueAsync(int roundId, int invitationId, CancellationToken ct)
    {
        if (await ManageInvitations.Reissue(db, tokens, roundId, invitationId, Actor.Of(HttpContext), clock.GetUtcNow().UtcDateTime, ct) is null) return NotFound();
        return RedirectToPage(new { roundId, UnitId, GroupId });
    }

    /// <summary>Creates a public link through the same handler as the API; a refusal (quota, unit or group) is listed on the page.</summary>
    public async Task<IActionResult> OnPostPublicLinkAsync(int roundId, CancellationToken ct)
    {
        if (!await db.Rounds.AnyAsync(r => r.Id == roundId, ct)) return NotFound();
        var missing = new Dictionary<string, string[]>();
        if (PublicUnitId is null) missing["unitId"] = [Ui.L("Hãy chọn đơn vị.", "Choose a unit.")];
        if (PublicGroupId is null) missing["groupId"] = [Ui.L("Hãy chọn nhóm đối tượng.", "Choose a respondent group.")];
        if (PublicQuota is null) missing["quota"] = [Ui.L("Hãy nhập chỉ tiêu số phiếu.", "Enter the quota.")];
        if (missing.Count > 0) throw new RequestValidationException(missing);
        var link = await PublicLinks.Create(db, roundId, new PublicLinkRequest(PublicUnitId!.Value, PublicGroupId!.Value, PublicQuota!.Value),
            Actor.Of(HttpContext), clock.GetUtcNow().UtcDateTime, ct);
        await Load(roundId, ct);
        var line = PublicLinkLines.First(l => l.Id == link.Id);
        Message = Ui.L($"Đã tạo liên kết công khai cho {line.Unit} · {line.Group}, chỉ tiêu {line.Quota} phiếu.",
            $"Created a public link for {line.Unit} · {line.Group}, quota {line.Quota}.");
        return Page();
    }

    protected internal override async Task<IActionResult> ShowRefusedAsync(CancellationToken ct)
    {
        Response.StatusCode = StatusCodes.Status400BadRequest;
        return await Load(RouteInt("roundId"), ct) ? Page() : NotFound();
    }

    private async Task<bool> Load(int roundId, CancellationToken ct)
    {
        if (await db.Rounds.FirstOrDefaultAsync(r => r.Id == roundId, ct) is not { } round) return false;
        Round = round;
        Units = await db.Units.Where(u => u.RoundId == roundId).OrderBy(u => u.UnitTypeId).ThenBy(u => u.SortOrder).ToListAsync(ct);
        Groups = await db.RespondentGroups.Where(g => g.RoundId == roundId).OrderBy(g => g.SortOrder).ToListAsync(ct);
        var query = db.Invitations.Where(i => ManageInvitations.Members(db, new InvitationScope(roundId, UnitId, GroupId)).Any(r => r.Id == i.RespondentId));
        Total = await query.CountAsync(ct);
        Lines = await query.OrderBy(i => i.Respondent!.Code).ThenByDescending(i => i.Id).Take(PageSize)
            .Select(i => new InvitationLine(i.Id, i.Respondent!.Code, i.Respondent.Unit!.Name, i.Respondent.RespondentGroup!.Code, i.Status, i.ValidUntil,
                db.Responses.Any(x => x.RespondentId == i.RespondentId && x.Status == ResponseStatus.Submitted), i.Salt != null))
            .ToListAsync(ct);
        var baseUrl = DistributionApi.PublicBaseUrl(HttpContext, linkOptions.Value);
        PublicLinkLines = (await db.PublicLinks.Where(p => p.RoundId == roundId).OrderBy(p => p.Id)
                .Select(p => new { p.Id, p.Slug, p.Quota, p.Accepted, p.Closed, Unit = db.Units.Where(u => u.Id == p.UnitId).Select(u => u.Name).FirstOrDefault(),
                    Group = db.RespondentGroups.Where(g => g.Id == p.RespondentGroupId).Select(g => g.Name).FirstOrDefault() })
                .ToListAsync(ct))
            .Select(p => new PublicLinkLine(p.Id, p.Unit ?? "", p.Group ?? "", p.Quota, p.Accepted, p.Closed, !p.Closed && p.Accepted < p.Quota, $"{baseUrl}/p/{p.Slug}"))
            .ToList();
        return true;
    }
}
