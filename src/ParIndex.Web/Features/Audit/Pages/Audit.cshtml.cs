using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using ParIndex.Web.Data;
using ParIndex.Web.Infrastructure.Security;

namespace ParIndex.Web.Features.Audit.Pages;

[Authorize(Policy = Policies.Admin)]
public sealed class AuditModel(ParIndexDbContext db) : PageModel
{
    [BindProperty(SupportsGet = true)] public string? Actor { get; set; }
    [BindProperty(SupportsGet = true)] public string? ActionName { get; set; }
    [BindProperty(SupportsGet = true)] public string? Entity { get; set; }
    [BindProperty(SupportsGet = true)] public int? RoundId { get; set; }
    [BindProperty(SupportsGet = true)] public DateOnly? From { get; set; }
    [BindProperty(SupportsGet = true)] public DateOnly? To { get; set; }
    [BindProperty(SupportsGet = true, Name = "p")] public int PageNumber { get; set; } = 1;

    public AuditPage Result { get; private set; } = new([], 0, 1, 1);

    public async Task OnGetAsync(CancellationToken ct) =>
        Result = await AuditQuery.Handle(db, new AuditFilter(Actor, ActionName, Entity, RoundId, From, To, PageNumber), ct);

    public Dictionary<string, string> Query(int page) => new()
    {
        ["actor"] = Actor ?? "", ["actionName"] = ActionName ?? "", ["entity"] = Entity ?? "", ["roundId"] = RoundId?.ToString() ?? "",
        ["from"] = From?.ToString("yyyy-MM-dd") ?? "", ["to"] = To?.ToString("yyyy-MM-dd") ?? "", ["p"] = page.ToString(),
    };
}
