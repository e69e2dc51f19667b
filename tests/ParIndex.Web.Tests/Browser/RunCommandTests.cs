using System.Diagnostics;
using System.Text.RegularExpressions;
using Microsoft.Playwright;

namespace ParIndex.Web.Tests.Browser;

/// <summary>
/// README's run command as a newcomer meets it: the real server process on a fresh SQLite file prints its URL and a
/// demo respondent link; that link is answered on a phone-sized Chromium and the staff page's count goes up by one.
/// </summary>
[Collection(BrowserCollection.Name)]
public sealed partial class RunCommandTests(Chromium chromium) : IAsyncLifetime
{
    private readonly string workDir = Path.Combine(Path.GetTempPath(), "parindex-run", Guid.NewGuid().ToString("N"));
    private Process? server;
    private readonly List<string> output = [];

    [GeneratedRegex(@"demo respondent link: (?<url>http://\S+/r/[A-Za-z0-9_-]{43})")]
    private static partial Regex DemoLink();

    [GeneratedRegex(@"demo admin sign-in: (?<email>\S+) / (?<password>\S+)")]
    private static partial Regex DemoAdmin();

    private string? adminEmail;
    private string? adminPassword;

    public Task InitializeAsync() => Task.CompletedTask;

    [Fact]
    public async Task The_printed_demo_link_can_be_answered_on_a_phone_and_the_staff_count_goes_up()
    {
        var started = Stopwatch.StartNew();
        var link = await StartServer();
        Assert.True(started.Elapsed < TimeSpan.FromSeconds(60), $"served after {started.Elapsed.TotalSeconds:0.0} s");
        var baseUrl = link[..link.IndexOf("/r/", StringComparison.Ordinal)];

        await using var staff = await chromium.Browser.NewContextAsync();
        var staffPage = await staff.NewPageAsync();
        await staffPage.GotoAsync($"{baseUrl}/rounds/1");
        // Staff pages need a sign-in: use the demo administrator the run command printed.
        Assert.Contains("/login", staffPage.Url);
        await staffPage.FillAsync("input[name=Email]", adminEmail!);
        await staffPage.FillAsync("input[name=Password]", adminPassword!);
        await staffPage.ClickAsync("#login");
        await staffPage.WaitForURLAsync($"{baseUrl}/rounds/1");
        var before = int.Parse(await staffPage.Locator("#total-completed").GetAttributeAsync("data-count") ?? "-1");

        await using var phone = await chromium.NewPhoneContext();
        var page = await phone.NewPageAsync();
        var response = await page.GotoAsync(link);
        Assert.Equal(200, response!.Status);
        await PhoneForm.AnswerToTheEnd(page);
        await Assertions.Expect(page.Locator("h1")).ToContainTextAsync("Cảm ơn", new() { Timeout = 15_000 });

        await staffPage.ReloadAsync();
        var after = int.Parse(await staffPage.Locator("#total-completed").GetAttributeAsync("data-count") ?? "-1");
        Assert.Equal(before + 1, after);

        // The same link now says it was used, and shows no answers.
        var again = await page.GotoAsync(link);
        Assert.Equal(410, again!.Status);
        await Assertions.Expect(page.Locator("h1")).ToContainTextAsync("đã được trả lời");
    }

    private async Task<string> StartServer()
    {
        Directory.CreateDirectory(workDir);
        var root = RepositoryRoot();
#if DEBUG
        const string configuration = "Debug";
#else
        const string configuration = "Release";
#endif
        var dll = Path.Combine(root, "src", "ParIndex.Web", "bin", configuration, "net10.0", "ParIndex.Web.dll");
        var info = new ProcessStartInfo("dotnet")
        {
            WorkingDirectory = workDir,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var a in new[] { dll, "--urls", "http://127.0.0.1:0", "--contentRoot", Path.Combine(root, "src", "ParIndex.Web") }) info.ArgumentList.Add(a);
        info.Environment["ASPNETCORE_ENVIRONMENT"] = "Development";
        server = Process.Start(info)!;
        var found = new TaskCompletionSource<string>(TaskCreationOptions.RunContinuationsAsynchronously);
        string? link = null;
        server.OutputDataReceived += (_, e) =>
        {
            if (e.Data is null) return;
            lock (output) output.Add(e.Data);
            if (DemoAdmin().Match(e.Data) is { Success: true } admin) (adminEmail, adminPassword) = (admin.Groups["email"].Value, admin.Groups["password"].Value);
            if (DemoLink().Match(e.Data) is { Success: true } m) link = m.Groups["url"].Value;
            if (link is not null && adminPassword is not null) found.TrySetResult(link);
        };
        server.ErrorDataReceived += (_, e) => { if (e.Data is not null) lock (output) output.Add(e.Data); };
        server.BeginOutputReadLine();
        server.BeginErrorReadLine();
        var winner = await Task.WhenAny(found.Task, Task.Delay(TimeSpan.FromSeconds(90)));
        if (winner != found.Task)
        {
            lock (output) Assert.Fail("No demo link printed within 90 s. Output:\n" + string.Join('\n', output));
        }
        return await found.Task;
    }

    internal static string RepositoryRoot()
    {
        var dir = new DirectoryInfo(AppContext.BaseDirectory);
        while (dir is not null && !File.Exists(Path.Combine(dir.FullName, "ParIndex.sln"))) dir = dir.Parent;
        return dir?.FullName ?? throw new InvalidOperationException("ParIndex.sln not found above " + AppContext.BaseDirectory);
    }

    public Task DisposeAsync()
    {
        if (server is { HasExited: false })
        {
            server.Kill(entireProcessTree: true);
            server.WaitForExit(10_000);
        }
        server?.Dispose();
        try { Directory.Delete(workDir, recursive: true); } catch (IOException) { }
        return Task.CompletedTask;
    }
}
