using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Text.RegularExpressions;

namespace ParIndex.Load;

/// <summary>
/// Results day (issue #22): N clients reading the public results site of the demo's published round
/// (<c>tests/load/run.sh --public</c>) — the overview (as most readers open it), its filtered and sorted variants and the
/// unit scorecards, each GET with <c>Accept-Encoding: br</c> as a browser sends it — then the same pages, byte for byte,
/// from a plain Kestrel endpoint that answers a byte array from memory (the ceiling on this machine).
/// </summary>
internal static partial class PublicSite
{
    public const string Round = "CCHC-2025";

    [GeneratedRegex("data-unit=\"([^\"]+)\"")]
    private static partial Regex UnitCodes();

    public static async Task<(RunResult Result, byte[][] Pages, string[] Paths)> Run(Options opt, TextWriter log)
    {
        var dir = Directory.CreateTempSubdirectory("parindex-load-public-").FullName;
        try
        {
            var settings = new Dictionary<string, string>
            {
                ["Database:ConnectionString"] = $"Data Source={Path.Combine(dir, "parindex.db")}", ["Database:SeedDemo"] = "true",
                ["Database:SeedDemoHistory"] = "true", ["RateLimits:Enabled"] = "false",
            };
            var prep = Stopwatch.StartNew();
            await using (await Web.Tests.ScaleOut.AppNode.StartAsync("seed", dir, settings, log)) { } // migrates, seeds, scores and publishes 2024 and 2025
            Console.WriteLine($"  seeded the demo with its published years in {prep.Elapsed.TotalSeconds:F1} s");
            settings["Database:SeedDemo"] = "false";
            await using var node = await Web.Tests.ScaleOut.AppNode.StartAsync("node", dir, settings, log);

            using var http = new HttpClient { BaseAddress = node.BaseAddress };
            var overview = await http.GetStringAsync($"/cong-bo/{Round}");
            var units = UnitCodes().Matches(overview).Select(m => m.Groups[1].Value).Distinct().ToList();
            // Most readers land on the overview; every fourth request is another page (variants and scorecards in turn).
            var others = new[] { $"/cong-bo/{Round}?loai=XA", $"/cong-bo/{Round}?xep=sipas", $"/cong-bo/{Round}/hoi-nghi" }
                .Concat(units.Select(u => $"/cong-bo/{Round}/don-vi/{Uri.EscapeDataString(u)}")).ToArray();
            var paths = Enumerable.Range(0, others.Length * 4).Select(i => i % 4 == 3 ? others[i / 4] : $"/cong-bo/{Round}").ToArray();
            var pages = new byte[paths.Length][];
            for (var i = 0; i < paths.Length; i++)
            {
                using var request = new HttpRequestMessage(HttpMethod.Get, paths[i]);
                request.Headers.AcceptEncoding.ParseAdd("br");
                using var r = await http.SendAsync(request);
                r.EnsureSuccessStatusCode();
                pages[i] = await r.Content.ReadAsByteArrayAsync();
            }
            Console.WriteLine($"  {paths.Length} request kinds over {others.Length + 1} pages; overview {pages[0].Length / 1024.0:F1} KB brotli, "
                              + $"pages {pages.Min(p => p.Length) / 1024.0:F1}–{pages.Max(p => p.Length) / 1024.0:F1} KB");

            var (result, _) = await Driver.Drive(opt with { Tokens = int.MaxValue }, async (i, client) =>
            {
                using var request = new HttpRequestMessage(HttpMethod.Get, new Uri(node.BaseAddress, paths[i % paths.Length]));
                request.Headers.AcceptEncoding.ParseAdd("br");
                using var r = await client.SendAsync(request);
                await r.Content.ReadAsByteArrayAsync();
                return new Driver.Outcome(r.StatusCode == HttpStatusCode.OK, ((int)r.StatusCode).ToString(CultureInfo.InvariantCulture), null);
            });
            return (result with { CountCheck = "n/a (reads)" }, pages, paths);
        }
        finally
        {
            Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
            try { Directory.Delete(dir, true); } catch (IOException) { }
        }
    }

    /// <summary>The peer's side: <c>GET /page/{i}</c> answers page i's bytes (Brotli, as the app sent them) from memory.</summary>
    public static void MapPages(WebApplication app, string pagesDirectory)
    {
        var files = Directory.GetFiles(pagesDirectory).OrderBy(f => int.Parse(Path.GetFileName(f), CultureInfo.InvariantCulture)).Select(File.ReadAllBytes).ToArray();
        app.MapGet("/page/{i:int}", (int i, HttpContext http) =>
        {
            http.Response.Headers.ContentEncoding = "br";
            return Results.Bytes(files[i % files.Length], "text/html; charset=utf-8");
        });
    }
}
