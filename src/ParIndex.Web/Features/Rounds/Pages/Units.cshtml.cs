using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;
using ParIndex.Core.Domain;
using ParIndex.Core.Tabular;
using ParIndex.Web.Data;
using ParIndex.Web.Infrastructure;
using ParIndex.Web.Infrastructure.Security;

namespace ParIndex.Web.Features.Rounds.Pages;

[Authorize(Policy = Policies.Design)]
public sealed class UnitsModel(ParIndexDbContext db, TimeProvider clock) : PageModel
{
    public int RoundId { get; private set; }
    public string RoundName { get; private set; } = "";
    public List<UnitDto> Units { get; private set; } = [];
    public IReadOnlyList<RowError> Errors { get; private set; } = [];
    public string? Message { get; private set; }

    [BindProperty] public IFormFile? Upload { get; set; }

    public async Task<IActionResult> OnGetAsync(int roundId, CancellationToken ct) => await Load(roundId, ct) ? Page() : NotFound();

    public async Task<IActionResult> OnPostAsync(int roundId, CancellationToken ct)
    {
        if (!await Load(roundId, ct)) return NotFound();
        if (Upload is null || Upload.Length == 0) { Errors = [new RowError(0, "", Ui.L("Hãy chọn một tệp.", "Choose a file."))]; return Page(); }
        try
        {
            await using var stream = Upload.OpenReadStream();
            var result = await ImportUnits.Handle(db, roundId, await TabularReader.ReadAsync(stream, Upload.FileName, ct), Actor.Of(HttpContext), clock.GetUtcNow().UtcDateTime, ct);
            if (result.Succeeded) Message = Ui.L($"Đã thêm {result.Added} và cập nhật {result.Updated} đơn vị.", $"Added {result.Added} and updated {result.Updated} units.");
            else Errors = result.Errors;
        }
        catch (TabularFormatException e) { Errors = [new RowError(0, "", Ui.IsEnglish ? e.Message : e.MessageVi)]; }
        catch (DomainException e) { Errors = [new RowError(0, "", e.Message)]; }
        await Load(roundId, ct);
        return Page();
    }

    private async Task<bool> Load(int roundId, CancellationToken ct)
    {
        var round = await db.Rounds.AsNoTracking().FirstOrDefaultAsync(r => r.Id == roundId, ct);
        if (round is null) return false;
        (RoundId, RoundName) = (round.Id, round.Name);
        Units = await db.Units.AsNoTracking().Where(u => u.RoundId == roundId).OrderBy(u => u.UnitTypeId).ThenBy(u => u.SortOrder)
            .Select(u => new UnitDto(u.Id, u.Code, u.Name, u.UnitType!.Code, u.ParentArea)).ToListAsync(ct);
        return true;
    }
}
