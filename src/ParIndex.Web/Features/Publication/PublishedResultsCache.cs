using System.Collections.Concurrent;
using Microsoft.EntityFrameworkCore;
using ParIndex.Core.Publication;
using ParIndex.Web.Data;

namespace ParIndex.Web.Features.Publication;

/// <summary>One version of a round's publication, as the public site reads it.</summary>
public sealed record PublishedVersion(int PublicationId, int Version, DateTime PublishedAt, string? Note, string SnapshotHash, int ScoreRunId, string InputHash);

/// <summary>
/// A publication as the public site shows it: the snapshot, which version it is, every version of the round (for the
/// versions page and the correction banner) and what the shown version changed against the one before.
/// </summary>
public sealed record PublishedView(string RoundCode, PublishedVersion Shown, IReadOnlyList<PublishedVersion> Versions, PublishedResults Results,
    IReadOnlyList<VersionChange> Changes)
{
    public bool IsCurrent => Shown.Version == Versions[^1].Version;
}

/// <summary>
/// The node's read side of publications. Snapshots never change, so a parsed one is kept for as long as it is used (a
/// bounded number); which versions a round has is re-read at most every <see cref="VersionsTtl"/> (a correction published on
/// another node shows within that time; on this node at once, see <see cref="Forget"/>). An unknown or unpublished round is
/// remembered as such for the same time, so a flood of requests for it costs one query per interval.
/// </summary>
public sealed class PublishedResultsCache(IServiceScopeFactory scopes, TimeProvider clock)
{
    public static readonly TimeSpan VersionsTtl = TimeSpan.FromSeconds(2);
    private const int MaxSnapshots = 16;

    private readonly ConcurrentDictionary<string, (DateTime At, Task<IReadOnlyList<PublishedVersion>> Versions)> versions = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<int, Lazy<Task<(PublishedResults Results, IReadOnlyList<VersionChange> Changes)>>> snapshots = new();
    private readonly ConcurrentQueue<int> order = new();

    /// <summary>The publication of <paramref name="roundCode"/> (its current version, or <paramref name="version"/>), or null: nothing published under that code or version.</summary>
    public async Task<PublishedView?> FindAsync(string roundCode, int? version, CancellationToken ct)
    {
        var all = await VersionsOf(roundCode);
        if (all.Count == 0) return null;
        var shown = version is { } v ? all.FirstOrDefault(x => x.Version == v) : all[^1];
        if (shown is null) return null;
        var (results, changes) = await Snapshot(shown.PublicationId);
        return new PublishedView(roundCode, shown, all, results, changes);
    }

    /// <summary>Every round with a publication: code, name, year, current version (for the public index).</summary>
    public async Task<IReadOnlyList<(string Code, string Name, string? NameEn, int Year, int Version, DateTime PublishedAt)>> RoundsAsync(CancellationToken ct)
    {
        using var scope = scopes.CreateScope();
        var db = scope.ServiceProvider.GetRequiredService<ParIndexDbContext>();
        var rows = await db.Publications.AsNoTracking()
            .Join(db.Rounds, p => p.RoundId, r => r.Id, (p, r) => new { r.Code, r.Name, r.NameEn, r.Year, p.Version, p.PublishedAt })
            .ToListAsync(ct);
        return rows.GroupBy(r => r.Code).Select(g => g.OrderByDescending(r => r.Version).First())
            .OrderByDescending(r => r.Year).ThenBy(r => r.Code, StringComparer.Ordinal).Select(r => (r.Code, r.Name, r.NameEn, r.Year, r.Version, r.PublishedAt)).ToList();
    }

    /// <summary>Drops what this node knows of a round's versions (after it published one).</summary>
    public void Forget(string roundCode) => versions.TryRemove(roundCode, out _);

    private Task<IReadOnlyList<PublishedVersion>> VersionsOf(string roundCode)
    {
        var now = clock.GetUtcNow().UtcDateTime;
        if (versions.TryGetValue(roundCode, out var known) && now - known.At < VersionsTtl && !known.Versions.IsFaulted) return known.Versions;
        var load = LoadVersions(roundCode);
        versions[roundCode] = (now, load);
        return load;
    }

    private async Task<IReadOnlyList<PublishedVersion>> LoadVersions(string roundCode)
    {
        using var scope = scopes.CreateScope();
        var db = scope.ServiceProvider.GetRequiredService<ParIndexDbContext>();
        return await db.Publications.AsNoTracking().Where(p => db.Rounds.Any(r => r.Id == p.RoundId && r.Code == roundCode)).OrderBy(p => p.Version)
            .Select(p => new PublishedVersion(p.Id, p.Version, p.PublishedAt, p.Note, p.SnapshotHash, p.ScoreRunId, p.InputHash)).ToListAsync();
    }

    private Task<(PublishedResults, IReadOnlyList<VersionChange>)> Snapshot(int publicationId)
    {
        var lazy = snapshots.GetOrAdd(publicationId, id => new Lazy<Task<(PublishedResults, IReadOnlyList<VersionChange>)>>(() => LoadSnapshot(id)));
        if (lazy.IsValueCreated && lazy.Value.IsFaulted) snapshots.TryRemove(publicationId, out _);
        else if (!order.Contains(publicationId))
        {
            order.Enqueue(publicationId);
            while (order.Count > MaxSnapshots && order.TryDequeue(out var old)) snapshots.TryRemove(old, out _);
        }
        return lazy.Value;
    }

    private async Task<(PublishedResults, IReadOnlyList<VersionChange>)> LoadSnapshot(int publicationId)
    {
        using var scope = scopes.CreateScope();
        var db = scope.ServiceProvider.GetRequiredService<ParIndexDbContext>();
        var p = await db.Publications.AsNoTracking().Where(x => x.Id == publicationId).Select(x => new { x.SnapshotJson, x.ChangesJson }).SingleAsync();
        var changes = p.ChangesJson is null ? [] : System.Text.Json.JsonSerializer.Deserialize<List<VersionChange>>(p.ChangesJson, PublicationSnapshot.Json) ?? [];
        return (PublicationSnapshot.Deserialize(p.SnapshotJson), changes);
    }
}
