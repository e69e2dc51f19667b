using System.Threading.Channels;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using ParIndex.Core.Domain;
using ParIndex.Web.Data;
using ParIndex.Web.Infrastructure;
using ParIndex.Web.Infrastructure.Security;

namespace ParIndex.Web.Features.Distribution.Pages;

public sealed record FailedDelivery(string Code, string? Email, string? Error);

/// <summary>E-mail invitations and reminders of a round: start one, watch its progress, see why messages failed.</summary>
[Authorize(Policy = Policies.Design)]
public sealed class CampaignsModel(ParIndexDbContext db, ChannelWriter<int> queue, IOptions<PersonalLinkOptions> options, TimeProvider clock) : PageModel
{
    public Round Round { get; private set; } = null!;
    public List<Unit> Units { get; private set; } = [];
    public List<RespondentGroup> Groups { get; private set; } = [];
    public List<EmailCampaign> Campaigns { get; private set; } = [];
    public List<FailedDelivery> Failures { get; private set; } = [];
    private const string NothingSentKey = "campaign-nothing-sent";

    /// <summary>Why the campaign just started sent nothing (shown once, after the redirect).</summary>
    public string? NothingSent => TempData[NothingSentKey] as string;

    public bool AnyRunning => Campaigns.Any(c => c.Status != CampaignStatus.Done);

    [BindProperty] public CampaignKind Kind { get; set; }
    [BindProperty] public int? UnitId { get; set; }
    [BindProperty] public int? GroupId { get; set; }
    [BindProperty] public string? Subject { get; set; }
    [BindProperty] public string? Body { get; set; }
    [BindProperty] public int MaxReminders { get; set; } = StartCampaign.DefaultMaxReminders;
    [BindProperty] public double MinIntervalHours { get; set; } = StartCampaign.DefaultMinIntervalHours;

    public async Task<IActionResult> OnGetAsync(int roundId, CancellationToken ct) => await Load(roundId, ct) ? Page() : NotFound();

    public async Task<IActionResult> OnPostAsync(int roundId, CancellationToken ct)
    {
        if (!await db.Rounds.AnyAsync(r => r.Id == roundId, ct)) return NotFound();
        var request = new CampaignRequest(Kind, UnitId, GroupId, Subject, Body, MaxReminders, MinIntervalHours);
        var now = clock.GetUtcNow().UtcDateTime;
        var campaign = await StartCampaign.Handle(db, queue, roundId, request, DistributionApi.PublicBaseUrl(HttpContext, options.Value), Actor.Of(HttpContext), now, ct);
        // A campaign with no one to write to says why, instead of a silent "0 / 0".
        if (campaign.Total == 0) TempData[NothingSentKey] = await StartCampaign.WhyNoMessage(db, roundId, request, now, ct);
        return RedirectToPage(new { roundId });
    }

    private async Task<bool> Load(int roundId, CancellationToken ct)
    {
        if (await db.Rounds.FirstOrDefaultAsync(r => r.Id == roundId, ct) is not { } round) return false;
        Round = round;
        Units = await db.Units.Where(u => u.RoundId == roundId).OrderBy(u => u.UnitTypeId).ThenBy(u => u.SortOrder).ToListAsync(ct);
        Groups = await db.RespondentGroups.Where(g => g.RoundId == roundId).OrderBy(g => g.SortOrder).ToListAsync(ct);
        Campaigns = await db.EmailCampaigns.AsNoTracking().Where(c => c.RoundId == roundId).OrderByDescending(c => c.Id).Take(20).ToListAsync(ct);
        Failures = await (from d in db.EmailDeliveries
                          where d.Status == DeliveryStatus.Failed && db.EmailCampaigns.Any(c => c.Id == d.CampaignId && c.RoundId == roundId)
                          join i in db.Invitations on d.InvitationId equals i.Id
                          join c in db.RespondentContacts on i.RespondentId equals c.RespondentId
                          orderby d.Id descending
                          select new FailedDelivery(i.Respondent!.Code, c.Email, d.Error)).Take(50).ToListAsync(ct);
        return true;
    }
}
