using System.Text.Json;
using ParIndex.Core.Domain;
using ParIndex.Web.Data;

namespace ParIndex.Web.Infrastructure;

public static class Audit
{
    private static readonly JsonSerializerOptions Json = new() { WriteIndented = false };

    /// <summary>Adds an audit entry to the unit of work, so it commits (or not) with the change it describes.</summary>
    public static void Record(this ParIndexDbContext db, string actor, string action, string entityType, object? entityId,
        object? before, object? after, DateTime at, int? roundId = null, string? reason = null) =>
        db.AuditEntries.Add(new AuditEntry
        {
            At = at,
            Actor = actor,
            Action = action,
            EntityType = entityType,
            EntityId = entityId?.ToString(),
            RoundId = roundId,
            BeforeJson = before is null ? null : JsonSerializer.Serialize(before, Json),
            AfterJson = after is null ? null : JsonSerializer.Serialize(after, Json),
            Reason = reason,
        });
}
