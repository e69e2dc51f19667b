using System.Collections.Concurrent;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using ParIndex.Core.Domain;
using ParIndex.Web.Data;

namespace ParIndex.Web.Features.Collection;

/// <summary>
/// What every form request reads but almost never changes — the round, the questionnaire version to answer, the
/// units a group rates and, under a matrix design, each member's assigned units — kept per node so a submission costs one database read instead of six. An entry lives
/// <see cref="IngestionOptions.CatalogSeconds"/> at most; any change saved on this node to a round, unit type,
/// unit, group, questionnaire or version drops every entry at once (<see cref="Invalidate"/>, called by <see cref="CatalogInvalidation"/>
/// when such a change is saved or committed). A change saved on another node is seen here within the lifetime, and
/// the decisions that must not be stale are taken again in the writer's transaction (round open, link not revoked).
/// Cached entities are loaded without tracking and shared between requests: read them, never change or attach them.
/// </summary>
public sealed class CollectionCatalog(IOptions<IngestionOptions> options)
{
    private sealed record Entry(object? Value, long Generation, long ExpiresAt);

    private readonly ConcurrentDictionary<(string Kind, int A, int B), Entry> entries = new();
    private long generation;

    /// <summary>One that keeps nothing, for a context made outside the web app (CLI, tools, tests).</summary>
    public static readonly CollectionCatalog Uncached = new(Options.Create(new IngestionOptions { CatalogSeconds = 0 }));

    /// <summary>Forgets everything (a catalog change was saved on this node).</summary>
    public void Invalidate()
    {
        Interlocked.Increment(ref generation);
        entries.Clear();
    }

    public Task<Round?> RoundAsync(ParIndexDbContext db, int roundId, CancellationToken ct) =>
        GetAsync(("round", roundId, 0), () => db.Rounds.AsNoTracking().FirstOrDefaultAsync(r => r.Id == roundId, ct));

    /// <summary>The newest published version of a group's questionnaire in a round, or null when none is published yet.</summary>
    public Task<QuestionnaireVersion?> LatestPublishedAsync(ParIndexDbContext db, int roundId, int groupId, CancellationToken ct) =>
        GetAsync(("published", roundId, groupId), () => db.QuestionnaireVersions.AsNoTracking()
            .Where(v => v.Status == QuestionnaireVersionStatus.Published && v.Questionnaire!.RoundId == roundId && v.Questionnaire.RespondentGroupId == groupId)
            .OrderByDescending(v => v.Number).FirstOrDefaultAsync(ct));

    /// <summary>A version by id; only published (frozen) versions are kept, a draft is read each time.</summary>
    public async Task<QuestionnaireVersion?> VersionAsync(ParIndexDbContext db, int versionId, CancellationToken ct)
    {
        if (TryGet(("version", versionId, 0), out var hit)) return (QuestionnaireVersion?)hit;
        var stamp = Volatile.Read(ref generation);
        var version = await db.QuestionnaireVersions.AsNoTracking().FirstOrDefaultAsync(v => v.Id == versionId, ct);
        if (version is { Status: QuestionnaireVersionStatus.Published }) Put(("version", versionId, 0), version, stamp);
        return version;
    }

    /// <summary>The units a group rates, in form order (<see cref="RatedUnitsQuery.RatedUnitsAsync"/>).</summary>
    public async Task<IReadOnlyList<Unit>> RatedUnitsAsync(ParIndexDbContext db, int roundId, RespondentGroup group, CancellationToken ct) =>
        (await GetAsync<IReadOnlyList<Unit>>(("units", roundId, group.UnitTypeId),
            async () => await db.RatedUnits(roundId, group.UnitTypeId).AsNoTracking().ToListAsync(ct)))!;

    /// <summary>
    /// The units each member of a group was assigned under a matrix design (respondent id → unit ids), empty when the group
    /// has no assignment: such a member's forms show only its units.
    /// </summary>
    public async Task<IReadOnlyDictionary<int, HashSet<int>>> AssignmentsAsync(ParIndexDbContext db, int roundId, int groupId, CancellationToken ct) =>
        (await GetAsync<IReadOnlyDictionary<int, HashSet<int>>>(("assignments", roundId, groupId), async () =>
            (await db.UnitAssignments.AsNoTracking()
                .Where(a => a.RoundId == roundId && db.Respondents.Any(r => r.Id == a.RespondentId && r.RespondentGroupId == groupId))
                .Select(a => new { a.RespondentId, a.UnitId }).ToListAsync(ct))
            .GroupBy(a => a.RespondentId).ToDictionary(g => g.Key, g => g.Select(a => a.UnitId).ToHashSet())))!;

    private async Task<T?> GetAsync<T>((string, int, int) key, Func<Task<T?>> load)
    {
        if (TryGet(key, out var hit)) return (T?)hit;
        // A load that began before an invalidation is stored under the old generation, so it is never served after it.
        var stamp = Volatile.Read(ref generation);
        var value = await load();
        Put(key, value, stamp);
        return value;
    }

    private bool TryGet((string, int, int) key, out object? value)
    {
        value = null;
        if (!entries.TryGetValue(key, out var e)) return false;
        if (e.Generation != Volatile.Read(ref generation) || Environment.TickCount64 >= e.ExpiresAt)
        {
            entries.TryRemove(KeyValuePair.Create(key, e));
            return false;
        }
        value = e.Value;
        return true;
    }

    private void Put((string, int, int) key, object? value, long stamp)
    {
        var seconds = options.Value.CatalogSeconds;
        if (seconds <= 0 || stamp != Volatile.Read(ref generation)) return;
        entries[key] = new Entry(value, stamp, Environment.TickCount64 + seconds * 1000L);
    }
}
