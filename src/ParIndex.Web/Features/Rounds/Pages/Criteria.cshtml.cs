using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;
using ParIndex.Core.Domain;
using ParIndex.Web.Data;
using ParIndex.Web.Infrastructure;
using ParIndex.Web.Infrastructure.Security;

namespace ParIndex.Web.Features.Rounds.Pages;

[Authorize(Policy = Policies.Design)]
public sealed class CriteriaModel(ParIndexDbContext db, TimeProvider clock) : RefusablePageModel
{
    public sealed class Row
    {
        public string? Code { get; set; }
        public string? Name { get; set; }
        public string? NameEn { get; set; }
        public decimal MaxPoints { get; set; }
        public ScoreComponent Component { get; set; }
    }

    private const int BlankRows = 5;

    public int RoundId { get; private set; }
    public string RoundName { get; private set; } = "";
    public string UnitType { get; private set; } = "";
    public decimal SurveyTarget { get; private set; }
    public decimal AppraisalTarget { get; private set; }

    /// <summary>The round's split, which a type without its own split uses.</summary>
    public decimal RoundSurvey { get; private set; }
    public decimal RoundAppraisal { get; private set; }

    /// <summary>This type's own split (both empty: the round's).</summary>
    [BindProperty] public decimal? SplitSurvey { get; set; }
    [BindProperty] public decimal? SplitAppraisal { get; set; }
    public decimal SurveyTotal { get; private set; }
    public decimal AppraisalTotal { get; private set; }
    public string? Message { get; private set; }

    [BindProperty] public List<Row> Rows { get; set; } = [];

    public async Task<IActionResult> OnGetAsync(int roundId, string unitType, CancellationToken ct)
    {
        if (!await Load(roundId, unitType, ct)) return NotFound();
        Rows = await db.Criteria.AsNoTracking().Where(c => c.RoundId == roundId && db.UnitTypes.Any(t => t.Id == c.UnitTypeId && t.Code == unitType))
            .OrderBy(c => c.SortOrder).Select(c => new Row { Code = c.Code, Name = c.Name, NameEn = c.NameEn, MaxPoints = c.MaxPoints, Component = c.Component }).ToListAsync(ct);
        Totals();
        Rows.AddRange(Enumerable.Range(0, BlankRows).Select(_ => new Row()));
        return Page();
    }

    public async Task<IActionResult> OnPostAsync(int roundId, string unitType, CancellationToken ct)
    {
        if (!await Load(roundId, unitType, ct)) return NotFound();
        var nodes = Rows.Where(r => !string.IsNullOrWhiteSpace(r.Code))
            .Select(r => new CriterionNode(r.Code!.Trim(), r.Name ?? "", string.IsNullOrWhiteSpace(r.NameEn) ? null : r.NameEn, r.MaxPoints, r.Component)).ToList();
        var changed = await SetCriteria.Handle(db, roundId, unitType, nodes, new UnitTypeSplit(SplitSurvey, SplitAppraisal), Actor.Of(HttpContext), clock.GetUtcNow().UtcDateTime, ct);
        Message = changed ? Ui.L("Đã lưu bộ tiêu chí.", "Criteria saved.") : Ui.L("Không có thay đổi nào để lưu.", "Nothing changed.");
        if (!await Load(roundId, unitType, ct)) return NotFound();
        return ShowRows();
    }

    /// <summary>The rows as posted (a value the binder refused is refused before the handler loads the round).</summary>
    protected internal override async Task<IActionResult> ShowRefusedAsync(CancellationToken ct) =>
        await Load(RouteInt("roundId"), Convert.ToString(RouteData.Values["unitType"], System.Globalization.CultureInfo.InvariantCulture) ?? "", ct) ? ShowRows() : NotFound();

    private PageResult ShowRows()
    {
        Rows = Rows.Where(r => !string.IsNullOrWhiteSpace(r.Code)).ToList();
        Totals();
        Rows.AddRange(Enumerable.Range(0, BlankRows).Select(_ => new Row()));
        return Page();
    }

    private void Totals()
    {
        var codes = Rows.Where(r => r.Code is not null).Select(r => r.Code!).ToHashSet();
        var leaves = Rows.Where(r => r.Code is not null && !codes.Any(c => c.StartsWith(r.Code + ".", StringComparison.Ordinal))).ToList();
        // Totals of what was typed, shown next to the errors: clamped so a wild number cannot overflow the sum.
        SurveyTotal = leaves.Where(l => l.Component == ScoreComponent.Survey).Sum(l => Math.Clamp(l.MaxPoints, -1_000_000m, 1_000_000m));
        AppraisalTotal = leaves.Where(l => l.Component == ScoreComponent.Appraisal).Sum(l => Math.Clamp(l.MaxPoints, -1_000_000m, 1_000_000m));
    }

    private async Task<bool> Load(int roundId, string unitType, CancellationToken ct)
    {
        var round = await db.Rounds.AsNoTracking().FirstOrDefaultAsync(r => r.Id == roundId, ct);
        var type = round is null ? null : await db.UnitTypes.AsNoTracking().FirstOrDefaultAsync(t => t.RoundId == roundId && t.Code == unitType, ct);
        if (round is null || type is null) return false;
        (RoundId, RoundName, UnitType, RoundSurvey, RoundAppraisal) = (round.Id, round.Name, unitType, round.SurveyPoints, round.AppraisalPoints);
        (SurveyTarget, AppraisalTarget) = type.Split(round);
        // On a post the bound split is what the designer typed; on a get it is the type's stored split.
        if (HttpMethods.IsGet(Request.Method)) (SplitSurvey, SplitAppraisal) = (type.SurveyPoints, type.AppraisalPoints);
        return true;
    }
}
