using Microsoft.EntityFrameworkCore;
using ParIndex.Core.Domain;
using ParIndex.Web.Data;

namespace ParIndex.Web.Features.Audit;

/// <summary>Filters of the audit log viewer; every one optional, combined with AND.</summary>
public sealed record AuditFilter(string? Actor, string? Action, string? Entity, int? RoundId, DateOnly? From, DateOnly? To, int Page = 1)
{
    public const int PageSize = 50;
}

public sealed record AuditPage(IReadOnlyList<AuditEntry> Entries, int Total, int Page, int Pages);

/// <summary>Reads the append-only audit log, newest first, one page at a time.</summary>
public static class AuditQuery
{
    public static async Task<AuditPage> Handle(ParIndexDbContext db, AuditFilter f, CancellationToken ct)
    {
        var q = db.AuditEntries.AsNoTracking();
        if (!string.IsNullOrWhiteSpace(f.Actor)) q = q.Where(a => a.Actor.Contains(f.Actor.Trim()));
        if (!string.IsNullOrWhiteSpace(f.Action)) q = q.Where(a => a.Action.StartsWith(f.Action.Trim()));
        if (!string.IsNullOrWhiteSpace(f.Entity)) q = q.Where(a => a.EntityType == f.Entity.Trim() || a.EntityId == f.Entity.Trim());
        if (f.RoundId is { } round) q = q.Where(a => a.RoundId == round);
        if (f.From is { } from) q = q.Where(a => a.At >= from.ToDateTime(TimeOnly.MinValue));
        // The last day has no day after it: "to 31/12/9999" means no upper bound.
        if (f.To is { } to && to < DateOnly.MaxValue) q = q.Where(a => a.At < to.AddDays(1).ToDateTime(TimeOnly.MinValue));
        var total = await q.CountAsync(ct);
        var pages = Math.Max(1, (total + AuditFilter.PageSize - 1) / AuditFilter.PageSize);
        var page = Math.Clamp(f.Page, 1, pages);
        var entries = await q.OrderByDescending(a => a.Id).Skip((page - 1) * AuditFilter.PageSize).Take(AuditFilter.PageSize).ToListAsync(ct);
        return new AuditPage(entries, total, page, pages);
    }
}
