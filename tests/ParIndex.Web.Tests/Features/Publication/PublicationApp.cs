using System.Globalization;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using ParIndex.Core.Scoring;
using ParIndex.Web.Features.Scoring;
using ParIndex.Web.Tests.Browser;
using ParIndex.Web.Tests.Infrastructure;

namespace ParIndex.Web.Tests.Features.Publication;

/// <summary>
/// One app for every publication test: the demo with its published earlier years (2024, 2025 mapped onto 2024 across the
/// 2025 reorganisation; the 2026 round unpublished, still in fieldwork), served on a loopback port for the browser.
/// </summary>
public sealed class PublicationApp : ParIndexFactory
{
    public const string Published = "CCHC-2025";
    public const string Previous = "CCHC-2024";
    public const string Unpublished = "CCHC-2026";

    protected override bool SeedsDemoHistory => true;

    /// <summary>
    /// Served on a loopback port from the start (Kestrel cannot be switched on once a test client created the server); the
    /// HTTP tests' clients talk to the same server.
    /// </summary>
    public PublicationApp() => Root = StartKestrel();

    /// <summary>The Kestrel address.</summary>
    public Uri Root { get; }

    public static readonly CultureInfo Vi = CultureInfo.GetCultureInfo("vi-VN");

    /// <summary>The score run the current publication of <paramref name="roundCode"/> was taken from, as the engine stored it.</summary>
    public Task<(int RunId, ScoringResult Result)> PublishedRun(string roundCode) => WithDb(async db =>
    {
        var runId = await db.Publications.Where(p => db.Rounds.Any(r => r.Id == p.RoundId && r.Code == roundCode))
            .OrderByDescending(p => p.Version).Select(p => p.ScoreRunId).FirstAsync();
        var json = await db.ScoreRuns.Where(r => r.Id == runId).Select(r => r.ResultJson).SingleAsync();
        return (runId, JsonSerializer.Deserialize<ScoringResult>(json, ScoringInputs.Json)!);
    });

    public static string Points(double? x) => x is { } v ? v.ToString("0.00", Vi) : "—";

    public static string Percent(double? x) => x is { } v ? (v * 100).ToString("0.00", Vi) + "%" : "—";
}

[CollectionDefinition(Name)]
public sealed class PublicationCollection : ICollectionFixture<PublicationApp>, ICollectionFixture<Chromium>
{
    public const string Name = "publication";
}
