using System.Diagnostics;
using Microsoft.EntityFrameworkCore;
using ParIndex.Core.Domain;
using ParIndex.Web.Data;
using ParIndex.Web.Infrastructure;

namespace ParIndex.Web.Tests.ScaleOut;

/// <summary>
/// One ParIndex node: the real server process (the build's ParIndex.Web.dll) on a loopback port, configured by
/// environment like a deployment. SIGKILL with <see cref="Kill"/>.
/// </summary>
public sealed class AppNode : IAsyncDisposable
{
    private Process? process;
    private readonly TextWriter log;

    public Uri BaseAddress { get; }
    public string Name { get; }

    private AppNode(string name, Uri baseAddress, TextWriter log) => (Name, BaseAddress, this.log) = (name, baseAddress, log);

    public static async Task<AppNode> StartAsync(string name, string workingDirectory, IReadOnlyDictionary<string, string> settings, TextWriter log)
    {
        var node = new AppNode(name, new Uri($"http://127.0.0.1:{LocalPorts.Free()}"), log);
        var psi = new ProcessStartInfo("dotnet", [ServerDll(), "--urls", node.BaseAddress.ToString().TrimEnd('/')])
        {
            WorkingDirectory = workingDirectory, RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false,
        };
        psi.Environment["ASPNETCORE_ENVIRONMENT"] = "Production";
        psi.Environment["RateLimits__Enabled"] = "false";
        // Every node of one installation shares the personal-link secret (docs/operations.md); a setting may override it.
        psi.Environment["Links__Secret"] = "parindex-test-installation-link-secret-0123456789";
        psi.Environment["Logging__LogLevel__Default"] = "Warning";
        psi.Environment["Logging__LogLevel__Microsoft.AspNetCore"] = "Error";
        // The demo's published earlier years only when a node asks for them (the public-site load run): they cost seconds of seeding.
        psi.Environment["Database__SeedDemoHistory"] = "false";
        foreach (var (key, value) in settings) psi.Environment[key.Replace(":", "__")] = value;
        node.process = Process.Start(psi)!;
        node.process.OutputDataReceived += (_, _) => { };
        node.process.ErrorDataReceived += (_, e) => { if (e.Data is not null) lock (log) log.WriteLine($"{name}: {e.Data}"); };
        node.process.BeginOutputReadLine();
        node.process.BeginErrorReadLine();
        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(2) };
        var deadline = DateTime.UtcNow.AddSeconds(90);
        while (DateTime.UtcNow < deadline)
        {
            if (node.process.HasExited) throw new InvalidOperationException($"{name} exited with {node.process.ExitCode}\n{log}");
            try
            {
                if ((await http.GetAsync(new Uri(node.BaseAddress, "/health"))).IsSuccessStatusCode) return node;
            }
            catch (HttpRequestException) { }
            catch (TaskCanceledException) { }
            await Task.Delay(100);
        }
        await node.DisposeAsync();
        throw new TimeoutException($"{name} did not become healthy in 90 s\n{log}");
    }

    /// <summary>SIGKILL: no shutdown, no draining — only what was committed survives.</summary>
    public void Kill()
    {
        if (process is null) return;
        try { process.Kill(entireProcessTree: true); } catch (InvalidOperationException) { }
        process.WaitForExit();
        process.Dispose();
        process = null;
    }

    /// <summary>src/ParIndex.Web/bin/&lt;configuration of this build&gt;/net10.0/ParIndex.Web.dll</summary>
    public static string ServerDll()
    {
        var here = new DirectoryInfo(AppContext.BaseDirectory);
        var configuration = here.Parent!.Name; // …/bin/<cfg>/net10.0/
        var root = here;
        while (root is not null && !File.Exists(Path.Combine(root.FullName, "ParIndex.sln"))) root = root.Parent;
        return Path.Combine(root!.FullName, "src", "ParIndex.Web", "bin", configuration, "net10.0", "ParIndex.Web.dll");
    }

    public ValueTask DisposeAsync()
    {
        Kill();
        return ValueTask.CompletedTask;
    }
}

/// <summary>Sample members with personal links, written straight to the database (as an import would), for load.</summary>
public static class SampleMembers
{
    /// <summary>
    /// Clones an unanswered member of <paramref name="groupCode"/> into <paramref name="count"/> new members, each with a
    /// personal link; returns the tokens (only their hashes are stored).
    /// </summary>
    public static async Task<List<string>> IssueAsync(DatabaseOptions database, int count, string groupCode = "XA-DAN", string prefix = "LOAD")
    {
        int roundId, groupId; int? unitId; string? stratum; double weight;
        await using (var db = DatabaseSetup.CreateContext(database))
        {
            var template = await db.Respondents.AsNoTracking()
                .Where(r => r.RespondentGroup!.Code == groupCode && r.Status == RespondentStatus.Active)
                .OrderBy(r => r.Id).FirstAsync();
            (roundId, groupId, unitId, stratum, weight) = (template.RoundId, template.RespondentGroupId, template.UnitId, template.Stratum, template.DesignWeight);
        }
        var tokens = new List<string>(count);
        const int chunk = 5000;
        for (var start = 0; start < count; start += chunk)
        {
            await using var db = DatabaseSetup.CreateContext(database);
            db.ChangeTracker.AutoDetectChangesEnabled = false;
            var n = Math.Min(chunk, count - start);
            var now = DateTime.UtcNow;
            var members = Enumerable.Range(start, n).Select(i => new Respondent
            {
                RoundId = roundId, RespondentGroupId = groupId, UnitId = unitId, Code = $"{prefix}-{i:D7}",
                Stratum = stratum, DesignWeight = weight, Status = RespondentStatus.Active, CreatedAt = now,
            }).ToList();
            db.Respondents.AddRange(members);
            await db.SaveChangesAsync();
            var mine = members.Select(_ => Tokens.NewToken()).ToList();
            db.Invitations.AddRange(members.Select((m, i) => new Invitation
                { RespondentId = m.Id, TokenHash = Tokens.Hash(mine[i]), Channel = InvitationChannel.Email, CreatedAt = now }));
            await db.SaveChangesAsync();
            tokens.AddRange(mine);
        }
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        return tokens;
    }
}

/// <summary>Plausible answers the server accepts: the first synthetic set (by seed) that passes the engine's checks.</summary>
public static class ValidAnswers
{
    public static async Task<ParIndex.Core.Questionnaires.ResponseData> For(HttpClient client, string token, int seed = 1)
    {
        var form = (await System.Net.Http.Json.HttpClientJsonExtensions.GetFromJsonAsync<ParIndex.Web.Features.Collection.FormDto>(client, $"/api/v1/forms/{token}",
            new System.Text.Json.JsonSerializerOptions(System.Text.Json.JsonSerializerDefaults.Web) { Converters = { new System.Text.Json.Serialization.JsonStringEnumConverter() } }))!;
        var engine = ParIndex.Core.Questionnaires.AnswerEngine.Create(form.Definition);
        for (var s = seed; ; s++)
        {
            var check = engine.Validate(ParIndex.Web.Features.Demo.SyntheticAnswers.For(form.Definition, form.RatedUnits, new Random(s)), form.RatedUnits);
            if (check.IsValid) return check.Cleaned;
        }
    }
}
