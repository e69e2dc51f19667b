using System.Diagnostics;
using System.Net;
using System.Text;
using System.Text.RegularExpressions;
using ParIndex.Web.Tests.Browser;
using Xunit.Abstractions;

namespace ParIndex.Web.Tests.Cli;

/// <summary>
/// README's commands as a newcomer meets them, on a fresh copy of the repository: before anything ran, the CLI refuses
/// with one sentence (no stack trace, no empty file); then the web app is started the README way
/// (<c>dotnet run --project src/ParIndex.Web</c>), prints its URL, answers it and creates <c>data/parindex.db</c> at the
/// repository root — and every command README.md and docs/cli.md show runs the README way
/// (<c>dotnet run --project src/ParIndex.Cli -- …</c>) against that same database and succeeds. A command the docs show
/// that this test does not run fails it. Adaptations a test needs: the build is the suite's (<c>-c Release --no-build</c>),
/// the server listens on a free port instead of 5080, and <c>tests/run.sh</c> (this suite itself), the load and crash
/// scripts and the migration script are syntax-checked with <c>bash -n</c> (their own suites run them).
/// </summary>
public sealed partial class ReadmeCommandsTests(ITestOutputHelper log) : IDisposable
{
#if DEBUG
    private const string Configuration = "Debug";
#else
    private const string Configuration = "Release";
#endif

    private readonly string root = Path.Combine(Path.GetTempPath(), "parindex-readme", Guid.NewGuid().ToString("N"));
    private Process? server;
    private readonly StringBuilder serverOutput = new();

    [GeneratedRegex(@"is running at: (?<url>http://\S+)")]
    private static partial Regex RunningAt();

    [Fact]
    public async Task Every_command_of_the_readme_and_the_cli_docs_works_on_a_fresh_copy_after_the_web_app_created_its_database()
    {
        var repo = RunCommandTests.RepositoryRoot();
        CopyRepository(repo, root);
        var database = Path.Combine(root, "data", "parindex.db");

        // Before the web app ever ran: one clear sentence in both languages, exit 1, and no database file appears.
        var early = await Cli("round list");
        Assert.Equal(1, early.Code);
        Assert.Contains("Không tìm thấy cơ sở dữ liệu", early.Error);
        Assert.Contains("No database at", early.Error);
        Assert.DoesNotContain("   at ", early.Error);
        Assert.False(File.Exists(database), "the CLI created a database file");

        // README "Run": start, read the printed URL, open it.
        var url = await StartServer();
        using (var http = new HttpClient(new HttpClientHandler { AllowAutoRedirect = false }) { BaseAddress = new Uri(url) })
        {
            var home = await http.GetAsync("/");
            Assert.True(home.StatusCode is HttpStatusCode.OK or HttpStatusCode.Found, $"GET {url}: {home.StatusCode}");
            Assert.Equal(HttpStatusCode.OK, (await http.GetAsync("/health")).StatusCode);
            // README "A short tour": the demo's published results are public on a fresh start.
            Assert.Equal(HttpStatusCode.OK, (await http.GetAsync("/cong-bo/CCHC-2025")).StatusCode);
        }
        Assert.True(File.Exists(database), $"the web app did not create {database}:\n{serverOutput}");
        Assert.False(Directory.Exists(Path.Combine(root, "src", "ParIndex.Web", "data")), "the web app made a second data folder under src/ParIndex.Web");

        // The inputs the documented commands name.
        await File.WriteAllTextAsync(Path.Combine(root, "units.csv"), "code,name,type,parent_area\nX-THUNGHIEM,Xã Thử Nghiệm,XA,Sóc Sơn\n");
        File.Copy(Path.Combine(repo, "tests", "ParIndex.Core.Tests", "Fixtures", "api", "apistrat.csv"), Path.Combine(root, "apistrat.csv"));
        var ran = new List<string>();
        async Task<(int Code, string Output, string Error)> Ok(string args, string expect)
        {
            var r = await Cli(args);
            ran.Add(args);
            Assert.True(r.Code == 0, $"parindex {args} exited {r.Code}:\n{r.Output}\n{r.Error}");
            Assert.Contains(expect, r.Output + r.Error);
            Assert.DoesNotContain("   at ", r.Error);
            return r;
        }

        await Ok("--help", "parindex");
        await Ok("db migrate", "up to date");
        await Ok("db seed-demo", "Demo round present");
        await Ok("round list", "CCHC-2026");
        await Ok("round import-units --round 1 --file units.csv", "Added 1");
        var created = await Ok("round create --code THU-2027 --name Thử-nghiệm-2027 --year 2027 --from 2027-01-01 --to 2027-10-31 --survey-points 30", "Created round");
        var newRound = Regex.Match(created.Output, @"Created round (\d+)").Groups[1].Value;
        await Ok("round copy --from-round 1 --code SAO-2027 --name Sao-chép-2027 --year 2027 --from 2027-01-01 --to 2027-10-31", "from round 1");
        var tree = await Ok("round criteria --round 1 --type SO", "3.2.2");
        await File.WriteAllTextAsync(Path.Combine(root, "tree.json"), tree.Output);
        await Ok($"round criteria --round {newRound} --type SO --import tree.json", "Saved");
        await Ok("user add --email you@example.org", "Password (shown once)");
        await Ok("user list", "you@example.org");
        await Ok("sample size --formula cochran-proportion --N 2550 --margin 0.05 --deff 1.5 --response-rate 0.8", "n");
        await Ok("sample size --frame sampling/frame-so-dan.csv --formula yamane --margin 0.05", "n");
        await Ok("sample draw --design sampling/xa-dan-citizens.yaml --frame sampling/frame-xa-dan.csv --seed 7 --out sample.csv --reserve-out reserve.csv", "");
        Assert.True(File.Exists(Path.Combine(root, "sample.csv")));
        await Ok("questionnaire validate " + string.Join(' ', Directory.GetFiles(Path.Combine(root, "questionnaires"), "*.yaml").Select(f => Path.GetRelativePath(root, f))), "");
        await Ok("questionnaire to-xlsform questionnaires/demo-citizen-simple.yaml demo.xlsx", "");
        await Ok("questionnaire from-xlsform demo.xlsx demo-back.yaml", "");
        await Ok("questionnaire print questionnaires/demo-citizen-simple.yaml", "Nếu câu 4 chọn 1 hoặc 2, trả lời câu 5.");
        await Ok("score --round 1", "Score run");
        Assert.True(File.Exists(Path.Combine(root, "score-round-1", "index.csv")));
        await Ok("estimate --data apistrat.csv --strata stype --weights pw --fpc fpc --mean api00", "662.287");
        await Ok("backup --out backups/parindex.db", "Backup written");

        // Restore replaces the database the server uses: stop it first (Ctrl+C: a graceful shutdown), as docs/security.md says.
        await StopServerGracefully();
        Assert.False(File.Exists(database + "-wal"), "the server left its WAL behind after a graceful stop");
        await Ok("restore --from backups/parindex.db", "Restored");
        await Ok("round list", "THU-2027");

        // Every command README.md and docs/cli.md show was run above (a new one in the docs fails here until it is).
        var shown = DocumentedCommands(repo);
        Assert.True(shown.Count >= 15, $"only {shown.Count} commands found in the docs");
        var missing = shown.Where(c => !ran.Any(r => r == c || r.StartsWith(c + " ", StringComparison.Ordinal))).ToList();
        Assert.True(missing.Count == 0, "documented but not run: " + string.Join(", ", missing));

        // README "Test" (this suite) and the other scripts it shows: present, executable and valid shell.
        foreach (var script in new[] { "tests/run.sh", "tests/load/run.sh", "tests/load/city.sh", "tests/crash/run.sh", "tools/migrations/add.sh" })
        {
            var path = Path.Combine(repo, script);
            Assert.True(File.Exists(path), script);
            if (!OperatingSystem.IsWindows()) Assert.True((File.GetUnixFileMode(path) & UnixFileMode.UserExecute) != 0, $"{script} is not executable");
            var check = await Run("bash", ["-n", path], repo, TimeSpan.FromSeconds(30));
            Assert.True(check.Code == 0, $"{script}: {check.Error}");
        }
    }

    /// <summary>"area verb" of every CLI command README.md and docs/cli.md show (e.g. "round list", "backup", "--help").</summary>
    private static List<string> DocumentedCommands(string repo)
    {
        var areas = new[] { "db", "round", "user", "sample", "questionnaire" };
        var found = new SortedSet<string>(StringComparer.Ordinal);
        void Add(string command)
        {
            var words = command.Trim().Split(' ', StringSplitOptions.RemoveEmptyEntries);
            if (words.Length == 0) return;
            found.Add(areas.Contains(words[0]) && words.Length > 1 ? $"{words[0]} {words[1].TrimEnd('…', '|')}" : words[0]);
        }
        var readme = File.ReadAllText(Path.Combine(repo, "README.md"));
        foreach (Match m in Regex.Matches(readme, @"dotnet run --project src/ParIndex\.Cli -- ([^`\n]+)")) Add(m.Groups[1].Value);
        foreach (Match m in Regex.Matches(readme, @"`parindex ([^`]+)`")) Add(m.Groups[1].Value);
        foreach (Match m in Regex.Matches(readme, @"\(and `(restore [^`]+)`\)")) Add(m.Groups[1].Value);
        // Rows of the docs' command tables (header "| command |"); the option tables of one command (e.g. estimate's) are
        // that command's flags, run by tests/ParIndex.Cli.Tests, not commands.
        var inCommandTable = false;
        foreach (var line in File.ReadAllLines(Path.Combine(repo, "docs", "cli.md")))
        {
            if (!line.StartsWith('|')) { inCommandTable = false; continue; }
            if (line.StartsWith("| command |", StringComparison.OrdinalIgnoreCase)) { inCommandTable = true; continue; }
            if (!inCommandTable || !line.StartsWith("| `", StringComparison.Ordinal)) continue;
            var cell = line.Split(" | ")[0][2..];
            string? area = null;
            foreach (Match m in Regex.Matches(cell, "`([^`]+)`"))
            {
                var command = m.Groups[1].Value;
                var first = command.Split(' ')[0];
                if (areas.Contains(first)) area = first;
                else if (area is not null && !command.StartsWith("--", StringComparison.Ordinal) && first is not ("backup" or "restore" or "score" or "estimate")) command = $"{area} {command}";
                Add(command);
            }
        }
        return [.. found];
    }

    private static void CopyRepository(string from, string to)
    {
        // What a checkout has, plus the suite's build of the projects `dotnet run --no-build` starts.
        foreach (var file in new[] { "ParIndex.sln", "Directory.Build.props", "Directory.Packages.props", "global.json", "README.md" })
            if (File.Exists(Path.Combine(from, file))) CopyFile(Path.Combine(from, file), Path.Combine(to, file));
        foreach (var dir in new[] { "docs", "questionnaires", "sampling", "src" })
            CopyDirectory(Path.Combine(from, dir), Path.Combine(to, dir));
    }

    private static void CopyDirectory(string from, string to)
    {
        foreach (var file in Directory.EnumerateFiles(from, "*", SearchOption.AllDirectories))
        {
            var relative = Path.GetRelativePath(from, file);
            var parts = relative.Split(Path.DirectorySeparatorChar);
            // Data of a developer's own runs (a "data" folder) is not part of a checkout; of the build outputs, only this configuration's.
            if (parts.Contains("data")) continue;
            if (parts.Length > 2 && parts[1] == "bin" && parts[2] != Configuration) continue;
            if (parts.Contains("TestResults")) continue;
            CopyFile(file, Path.Combine(to, relative));
        }
    }

    private static void CopyFile(string from, string to)
    {
        Directory.CreateDirectory(Path.GetDirectoryName(to)!);
        File.Copy(from, to);
    }

    private Task<(int Code, string Output, string Error)> Cli(string args) =>
        Run("dotnet", ["run", "--no-build", "-c", Configuration, "--project", "src/ParIndex.Cli", "--", .. Split(args)], root, TimeSpan.FromMinutes(3));

    private static IEnumerable<string> Split(string args) => args.Split(' ', StringSplitOptions.RemoveEmptyEntries);

    private async Task<(int Code, string Output, string Error)> Run(string file, IEnumerable<string> args, string cwd, TimeSpan timeout)
    {
        var info = new ProcessStartInfo(file) { WorkingDirectory = cwd, RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var a in args) info.ArgumentList.Add(a);
        info.Environment["DOTNET_CLI_TELEMETRY_OPTOUT"] = "1";
        info.Environment["DOTNET_NOLOGO"] = "1";
        info.Environment.Remove("Database__ConnectionString");
        using var p = Process.Start(info)!;
        var output = p.StandardOutput.ReadToEndAsync();
        var error = p.StandardError.ReadToEndAsync();
        using var cts = new CancellationTokenSource(timeout);
        try { await p.WaitForExitAsync(cts.Token); }
        catch (OperationCanceledException) { p.Kill(entireProcessTree: true); throw new TimeoutException($"{file} {string.Join(' ', info.ArgumentList)} took over {timeout}"); }
        var result = (p.ExitCode, await output, await error);
        log.WriteLine($"$ {string.Join(' ', info.ArgumentList)} → {p.ExitCode}");
        return result;
    }

    private async Task<string> StartServer()
    {
        var info = new ProcessStartInfo("dotnet") { WorkingDirectory = root, RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var a in new[] { "run", "--no-build", "-c", Configuration, "--project", "src/ParIndex.Web", "--", "--urls", "http://127.0.0.1:0" }) info.ArgumentList.Add(a);
        info.Environment["DOTNET_CLI_TELEMETRY_OPTOUT"] = "1";
        info.Environment["DOTNET_NOLOGO"] = "1";
        info.Environment.Remove("Database__ConnectionString");
        server = Process.Start(info)!;
        var found = new TaskCompletionSource<string>(TaskCreationOptions.RunContinuationsAsynchronously);
        server.OutputDataReceived += (_, e) =>
        {
            if (e.Data is null) return;
            lock (serverOutput) serverOutput.AppendLine(e.Data);
            if (RunningAt().Match(e.Data) is { Success: true } m) found.TrySetResult(m.Groups["url"].Value);
        };
        server.ErrorDataReceived += (_, e) => { if (e.Data is not null) lock (serverOutput) serverOutput.AppendLine(e.Data); };
        server.BeginOutputReadLine();
        server.BeginErrorReadLine();
        if (await Task.WhenAny(found.Task, Task.Delay(TimeSpan.FromSeconds(120))) != found.Task)
            lock (serverOutput) Assert.Fail("No URL printed within 120 s:\n" + serverOutput);
        return await found.Task;
    }

    /// <summary>SIGTERM to the app and to <c>dotnet run</c> (what Ctrl+C or a service manager does): the app closes its database.</summary>
    private async Task StopServerGracefully()
    {
        if (server is not { HasExited: false }) return;
        var children = (await Run("pgrep", ["-P", server.Id.ToString(System.Globalization.CultureInfo.InvariantCulture)], root, TimeSpan.FromSeconds(30))).Output
            .Split('\n', StringSplitOptions.RemoveEmptyEntries);
        foreach (var pid in children.Append(server.Id.ToString(System.Globalization.CultureInfo.InvariantCulture)))
            await Run("kill", ["-TERM", pid.Trim()], root, TimeSpan.FromSeconds(30));
        using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        await server.WaitForExitAsync(cts.Token);
        // dotnet run may exit before its child has closed the database.
        for (var i = 0; i < 100 && children.Any(c => Directory.Exists($"/proc/{c.Trim()}")); i++) await Task.Delay(100);
    }

    private void StopServer()
    {
        if (server is { HasExited: false })
        {
            server.Kill(entireProcessTree: true);
            server.WaitForExit(15_000);
        }
    }

    public void Dispose()
    {
        StopServer();
        server?.Dispose();
        try { Directory.Delete(root, recursive: true); } catch (IOException) { } catch (UnauthorizedAccessException) { }
    }
}
