using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;
using ParIndex.Core.FieldEntry;
using ParIndex.Web.Data;
using ParIndex.Web.Infrastructure.Security;

namespace ParIndex.Web.Features.FieldEntry.Pages;

/// <summary>Supervisors: the verification policy, batches of paper forms received, and field staff assignments.</summary>
[Authorize(Policy = Policies.Supervise)]
public sealed class ManageModel(ParIndexDbContext db, TimeProvider clock) : FieldPage
{
    [FromRoute] public int RoundId { get; set; }
    public FieldEntrySettings Settings { get; private set; } = new();
    public IReadOnlyList<BatchRow> Batches { get; private set; } = [];
    public IReadOnlyList<(int Id, string Staff, string? Unit, string? Group)> Assignments { get; private set; } = [];
    public IReadOnlyList<(int Id, string Name)> Units { get; private set; } = [];
    public IReadOnlyList<(int Id, string Code)> Groups { get; private set; } = [];
    public string? Message { get; private set; }
    public string? Error { get; private set; }

    public async Task<IActionResult> OnGetAsync(CancellationToken ct)
    {
        if (!await db.Rounds.AnyAsync(r => r.Id == RoundId, ct)) return NotFound();
        await Load(ct);
        return Page();
    }

    public async Task<IActionResult> OnPostSettingsAsync(bool verifyAll, double samplePercent, double errorRatePercent, int minFields, CancellationToken ct) =>
        await Done(await ManageFieldEntry.SaveSettings(db, RoundId, new SettingsRequest(verifyAll, samplePercent, errorRatePercent, minFields), CurrentKeyer.Name, Now, ct), ct);

    public async Task<IActionResult> OnPostBatchAsync(string? label, int? unitId, int? groupId, int expected, string? note, CancellationToken ct) =>
        await Done(await ManageFieldEntry.AddBatch(db, RoundId, new BatchRequest(label, unitId, groupId, expected, note), CurrentKeyer.Name, Now, ct), ct);

    public async Task<IActionResult> OnPostAssignAsync(string? email, int? unitId, int? groupId, CancellationToken ct) =>
        await Done(await ManageFieldEntry.Assign(db, RoundId, new AssignmentRequest(email, unitId, groupId), CurrentKeyer.Name, Now, ct), ct);

    public async Task<IActionResult> OnPostUnassignAsync(int id, CancellationToken ct)
    {
        await ManageFieldEntry.Unassign(db, RoundId, id, CurrentKeyer.Name, Now, ct);
        return await Done(null, ct);
    }

    private DateTime Now => clock.GetUtcNow().UtcDateTime;

    private async Task<IActionResult> Done(string? error, CancellationToken ct)
    {
        if (!await db.Rounds.AnyAsync(r => r.Id == RoundId, ct)) return NotFound();
        if (error is null) Message = Infrastructure.Ui.L("Đã ghi.", "Saved.");
        else
        {
            Error = error;
            Response.StatusCode = StatusCodes.Status422UnprocessableEntity;
        }
        await Load(ct);
        return Page();
    }

    private async Task Load(CancellationToken ct)
    {
        Settings = await db.FieldEntrySettings.AsNoTracking().FirstOrDefaultAsync(s => s.RoundId == RoundId, ct) ?? new FieldEntrySettings { RoundId = RoundId };
        Batches = await FieldEntryQueries.Batches(db, RoundId, ct);
        Units = (await db.Units.Where(u => u.RoundId == RoundId).OrderBy(u => u.SortOrder).Select(u => new { u.Id, u.Name }).ToListAsync(ct)).Select(u => (u.Id, u.Name)).ToList();
        Groups = (await db.RespondentGroups.Where(g => g.RoundId == RoundId).OrderBy(g => g.SortOrder).Select(g => new { g.Id, g.Code }).ToListAsync(ct)).Select(g => (g.Id, g.Code)).ToList();
        var users = await db.Users.ToDictionaryAsync(u => u.Id, u => u.Email ?? u.UserName ?? u.Id, ct);
        Assignments = (await db.FieldAssignments.AsNoTracking().Where(a => a.RoundId == RoundId).OrderBy(a => a.Id).ToListAsync(ct))
            .Select(a => (a.Id, users.GetValueOrDefault(a.StaffUserId) ?? a.StaffUserId, a.UnitId is { } u ? Units.FirstOrDefault(x => x.Id == u).Name : null,
                a.RespondentGroupId is { } g ? Groups.FirstOrDefault(x => x.Id == g).Code : null)).ToList();
    }
}
