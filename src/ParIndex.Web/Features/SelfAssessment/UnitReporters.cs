using System.Security.Claims;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using ParIndex.Core.Domain;
using ParIndex.Core.SelfAssessment;
using ParIndex.Web.Data;
using ParIndex.Web.Infrastructure;
using ParIndex.Web.Infrastructure.Security;

namespace ParIndex.Web.Features.SelfAssessment;

/// <summary>Links UnitReporter accounts to their unit (one unit per account, one or more accounts per unit).</summary>
public static class UnitReporters
{
    public sealed record Row(int LinkId, string Email, int UnitId, string UnitCode, string UnitName, int RoundId);

    /// <summary>The unit of the signed-in reporter, or null when the account is not linked (or not a reporter).</summary>
    public static async Task<int?> UnitOf(ParIndexDbContext db, ClaimsPrincipal user, CancellationToken ct)
    {
        if (!user.IsInRole(Roles.UnitReporter)) return null;
        var id = user.FindFirstValue(ClaimTypes.NameIdentifier);
        if (id is null) return null;
        return await db.UnitReporterLinks.Where(l => l.UserId == id).Select(l => (int?)l.UnitId).FirstOrDefaultAsync(ct);
    }

    /// <summary>Where an account lands after signing in without a return address: unit reporters on their self-assessment, staff on the rounds.</summary>
    public static async Task<string> HomeFor(UserManager<StaffUser> users, string email) =>
        await users.FindByEmailAsync(email.Trim()) is { } u && await users.IsInRoleAsync(u, Roles.UnitReporter) ? "/self-assessment" : "/";

    public static Task<List<Row>> List(ParIndexDbContext db, CancellationToken ct) =>
        db.UnitReporterLinks.Join(db.Users, l => l.UserId, u => u.Id, (l, u) => new { l, u })
            .OrderBy(x => x.l.Unit!.RoundId).ThenBy(x => x.l.Unit!.SortOrder).ThenBy(x => x.u.Email)
            .Select(x => new Row(x.l.Id, x.u.Email ?? "", x.l.UnitId, x.l.Unit!.Code, x.l.Unit.Name, x.l.Unit.RoundId)).ToListAsync(ct);

    public static async Task Link(ParIndexDbContext db, UserManager<StaffUser> users, string email, int unitId, string actor, DateTime now, CancellationToken ct)
    {
        var user = await users.FindByEmailAsync(email.Trim()) ?? throw new DomainException("not-found", $"Không có tài khoản {email}.");
        if (!await users.IsInRoleAsync(user, Roles.UnitReporter))
            throw new DomainException("validation-failed", $"Tài khoản {email} không có vai trò UnitReporter (tạo tài khoản với vai trò này trước).");
        var unit = await db.Units.FirstOrDefaultAsync(u => u.Id == unitId, ct) ?? throw new DomainException("not-found", "Không có đơn vị này.");
        var link = await db.UnitReporterLinks.FirstOrDefaultAsync(l => l.UserId == user.Id, ct);
        var before = link is null ? null : new { link.UnitId };
        if (link is null) db.UnitReporterLinks.Add(link = new UnitReporterLink { UserId = user.Id, UnitId = unitId, CreatedAt = now });
        else link.UnitId = unitId;
        db.Record(actor, "assessment.reporter.link", nameof(UnitReporterLink), user.Email, before, new { UnitId = unitId, unit.Code }, now, unit.RoundId);
        await db.SaveChangesAsync(ct);
    }

    public static async Task Unlink(ParIndexDbContext db, int linkId, string actor, DateTime now, CancellationToken ct)
    {
        var link = await db.UnitReporterLinks.FirstOrDefaultAsync(l => l.Id == linkId, ct) ?? throw new DomainException("not-found", "Không có liên kết này.");
        db.UnitReporterLinks.Remove(link);
        db.Record(actor, "assessment.reporter.unlink", nameof(UnitReporterLink), link.UserId, new { link.UnitId }, null, now);
        await db.SaveChangesAsync(ct);
    }
}
