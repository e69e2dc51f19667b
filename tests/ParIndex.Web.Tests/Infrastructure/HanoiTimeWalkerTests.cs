using System.Net;
using System.Text;
using System.Text.RegularExpressions;
using Microsoft.Data.Sqlite;
using ParIndex.Web.Tests.Features.SelfAssessment;

namespace ParIndex.Web.Tests.Infrastructure;

/// <summary>
/// Every stored instant of the demo round (links, draws, score runs, audit entries, responses, campaigns…) is set to one
/// known UTC time, 23/11/2026 18:30 — 24/11/2026 01:30 in Hanoi — then every staff page (from the app's endpoints) and
/// every text export they link to (CSV, reports) is read in Vietnamese and in English: none may show the UTC reading of
/// that instant (its clock time 18:30, or its UTC day 23/11/2026, in any format but an ISO time marked <c>Z</c>), and the
/// Hanoi reading must show. A new page or export is walked without editing this test.
/// </summary>
public sealed partial class HanoiTimeWalkerTests(HanoiTimeWalkerTests.OwnApp app) : IClassFixture<HanoiTimeWalkerTests.OwnApp>
{
    /// <summary>Its own database: every time in it is rewritten.</summary>
    public sealed class OwnApp : SelfAssessmentApp;

    private const string StoredUtc = "2026-11-23 18:30:00";
    private const string ShownInHanoi = "24/11/2026 01:30";

    [Theory]
    [InlineData("vi")]
    [InlineData("en")]
    public async Task Every_time_a_staff_page_or_export_shows_is_hanoi_time_never_utc(string language)
    {
        var walk = await Prepared.GetOrAdd(app, async a =>
        {
            var w = await StaffWalk.Prepare(a);
            Assert.True(SetEveryInstant(a.DatabasePath) >= 100, "too few stored instants to walk");
            return w;
        });
        var failures = new List<string>();
        var read = 0;
        var shown = 0;
        var exports = new HashSet<string>(StringComparer.Ordinal);
        foreach (var (route, policy) in walk.StaffPages())
        {
            var client = await walk.ClientFor(policy, language);
            var path = walk.Ids.Fill(route);
            var (status, html, landed) = await StaffWalk.Open(client, path);
            if (status != HttpStatusCode.OK) { failures.Add($"GET {path}: {(int)status}"); continue; }
            path = landed.PathAndQuery;
            read++;
            Check($"[{language}] {path}", html);
            var document = await BrowserForms.Parse(html, new Uri(client.BaseAddress!, path));
            foreach (var a in document.QuerySelectorAll("a[href]"))
            {
                var href = new Uri(new Uri(client.BaseAddress!, path), a.GetAttribute("href")!);
                if (href.Host == client.BaseAddress!.Host && TextExport().IsMatch(href.AbsolutePath)) exports.Add(href.PathAndQuery + "\n" + policy);
            }
        }
        foreach (var export in exports.Order(StringComparer.Ordinal))
        {
            var (address, policy) = (export.Split('\n')[0], export.Split('\n')[1]);
            var client = await walk.ClientFor(policy, language);
            using var answer = await client.GetAsync(address);
            if (answer.StatusCode != HttpStatusCode.OK) { failures.Add($"GET {address}: {(int)answer.StatusCode}"); continue; }
            read++;
            Check($"[{language}] {address}", Encoding.UTF8.GetString(await answer.Content.ReadAsByteArrayAsync()));
        }

        Assert.True(read >= 30, $"only {read} pages and exports read");
        Assert.True(shown >= 5, $"the Hanoi reading {ShownInHanoi} showed on only {shown} of {read} pages and exports");
        Assert.True(failures.Count == 0, $"{failures.Count} pages or exports show UTC:\n" + string.Join("\n", failures));

        void Check(string where, string text)
        {
            if (text.Contains(ShownInHanoi, StringComparison.Ordinal)) shown++;
            foreach (Match m in UtcReading().Matches(text))
            {
                var context = text.Substring(Math.Max(0, m.Index - 60), Math.Min(text.Length - Math.Max(0, m.Index - 60), m.Length + 120)).ReplaceLineEndings(" ");
                failures.Add($"{where}: shows UTC '{m.Value}' … {context}");
                break;
            }
        }
    }

    /// <summary>Sets every stored instant (a TEXT cell holding a date and a time; the accounts' lock-out times left alone) to <see cref="StoredUtc"/>.</summary>
    private static int SetEveryInstant(string databasePath)
    {
        using var connection = new SqliteConnection($"Data Source={databasePath};Pooling=False");
        connection.Open();
        var tables = new List<string>();
        using (var list = connection.CreateCommand())
        {
            list.CommandText = "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' AND name NOT LIKE '__EF%' AND name NOT LIKE 'AspNet%'";
            using var reader = list.ExecuteReader();
            while (reader.Read()) tables.Add(reader.GetString(0));
        }
        var changed = 0;
        foreach (var table in tables)
        {
            var columns = new List<string>();
            using (var info = connection.CreateCommand())
            {
                info.CommandText = $"SELECT name FROM pragma_table_info('{table}') WHERE type = 'TEXT'";
                using var reader = info.ExecuteReader();
                while (reader.Read()) columns.Add(reader.GetString(0));
            }
            foreach (var column in columns)
            {
                using var update = connection.CreateCommand();
                update.CommandText = $"UPDATE \"{table}\" SET \"{column}\" = $at WHERE \"{column}\" GLOB '[0-9][0-9][0-9][0-9]-[0-9][0-9]-[0-9][0-9] [0-9][0-9]:[0-9][0-9]:[0-9][0-9]*'";
                update.Parameters.AddWithValue("$at", StoredUtc);
                changed += update.ExecuteNonQuery();
            }
        }
        return changed;
    }

    private static readonly System.Collections.Concurrent.ConcurrentDictionary<OwnApp, Task<StaffWalk>> Prepared = new();

    /// <summary>Exports people open as text: CSV files, reports in Markdown or text.</summary>
    [GeneratedRegex(@"\.(csv|md|txt)$|/report$", RegexOptions.IgnoreCase)]
    private static partial Regex TextExport();

    /// <summary>
    /// The instant read in UTC: its UTC day in any day-first or US order, or its UTC clock time (18:30, 6:30 PM/CH) —
    /// except an ISO 8601 time marked as UTC (<c>2026-11-23T18:30:00Z</c>), which says what it is.
    /// </summary>
    [GeneratedRegex(@"23/11/2026|11/23/2026|2026-11-23(?![T ]18:30(:00)?(\.0+)?Z)|(?<![\d-]T?)18:30(?!(:00)?(\.0+)?Z)|\b6:30(:00)? ?(PM|CH)\b")]
    private static partial Regex UtcReading();
}
