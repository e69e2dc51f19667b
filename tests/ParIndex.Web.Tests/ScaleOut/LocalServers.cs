using System.Diagnostics;
using System.Net;
using System.Net.Sockets;

namespace ParIndex.Web.Tests.ScaleOut;

/// <summary>
/// Real PostgreSQL and Redis servers of our own on loopback, in a temp directory, for the scale-out tests and the
/// load benchmark (Debian's postgresql and redis-server; tests/run.sh installs them). PostgreSQL refuses to run as
/// root, so as root the cluster belongs to the <c>postgres</c> system user. Nothing is left behind on dispose.
/// </summary>
public sealed class LocalPostgres : IAsyncDisposable
{
    private readonly string dir;
    private readonly bool asRoot = Environment.UserName == "root";

    public int Port { get; }

    private LocalPostgres(string dir, int port) => (this.dir, Port) = (dir, port);

    public string ConnectionString(string database) =>
        $"Host=127.0.0.1;Port={Port};Database={database};Username=parindex;Pooling=true;Maximum Pool Size=200;Timeout=30;Command Timeout=60";

    /// <param name="settings">Extra server settings (<c>name=value</c>, passed as <c>-c</c>), e.g. the WAL sizing of docs/operations.md.</param>
    public static async Task<LocalPostgres> StartAsync(bool durable = true, IEnumerable<string>? settings = null)
    {
        var dir = Directory.CreateTempSubdirectory("parindex-pg-").FullName;
        var pg = new LocalPostgres(dir, LocalPorts.Free());
        if (pg.asRoot) await Run("chown", ["-R", "postgres:postgres", dir]);
        await pg.Pg("initdb", ["-D", Path.Combine(dir, "data"), "-A", "trust", "-U", "parindex", "-E", "UTF8", "--locale=C.UTF-8", "--no-sync"]);
        // fsync stays on for the benchmark (an acknowledged submission is on disk); tests may trade it for speed.
        var options = $"-p {pg.Port} -k {dir} -c listen_addresses=127.0.0.1 -c max_connections=400 -c shared_buffers=256MB"
                      + (durable ? "" : " -c fsync=off -c synchronous_commit=off -c full_page_writes=off")
                      + string.Concat((settings ?? []).Select(setting => " -c " + setting));
        await pg.Pg("pg_ctl", ["-D", Path.Combine(dir, "data"), "-l", Path.Combine(dir, "log"), "-o", options, "-w", "-t", "60", "start"]);
        return pg;
    }

    public Task CreateDatabaseAsync(string name) => Pg("createdb", ["-h", "127.0.0.1", "-p", Port.ToString(), "-U", "parindex", name]);

    private Task Pg(string tool, IEnumerable<string> args)
    {
        var exe = PgBin(tool);
        return asRoot ? Run("runuser", ["-u", "postgres", "--", exe, .. args]) : Run(exe, args);
    }

    private static string PgBin(string tool)
    {
        var lib = Directory.Exists("/usr/lib/postgresql")
            ? Directory.GetDirectories("/usr/lib/postgresql").OrderByDescending(d => int.TryParse(Path.GetFileName(d), out var v) ? v : 0)
                .Select(d => Path.Combine(d, "bin", tool)).FirstOrDefault(File.Exists)
            : null;
        return lib ?? tool;
    }

    internal static async Task Run(string exe, IEnumerable<string> args)
    {
        var psi = new ProcessStartInfo(exe) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var a in args) psi.ArgumentList.Add(a);
        using var p = Process.Start(psi)!;
        var stdout = p.StandardOutput.ReadToEndAsync();
        var stderr = p.StandardError.ReadToEndAsync();
        await p.WaitForExitAsync();
        if (p.ExitCode != 0)
            throw new InvalidOperationException($"{exe} {string.Join(' ', psi.ArgumentList)} exited with {p.ExitCode}: {await stderr}{await stdout}");
    }

    public async ValueTask DisposeAsync()
    {
        try { await Pg("pg_ctl", ["-D", Path.Combine(dir, "data"), "-m", "immediate", "-w", "stop"]); }
        catch (InvalidOperationException) { }
        try { Directory.Delete(dir, true); } catch (IOException) { } catch (UnauthorizedAccessException) { }
    }
}

/// <summary>A redis-server on a free loopback port, no persistence (it only carries SignalR messages).</summary>
public sealed class LocalRedis : IAsyncDisposable
{
    private readonly Process process;

    public int Port { get; }

    public string Configuration => $"127.0.0.1:{Port}";

    private LocalRedis(Process process, int port) => (this.process, Port) = (process, port);

    public static async Task<LocalRedis> StartAsync()
    {
        var port = LocalPorts.Free();
        var psi = new ProcessStartInfo("redis-server") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var a in new[] { "--port", port.ToString(), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no", "--protected-mode", "yes" })
            psi.ArgumentList.Add(a);
        var process = Process.Start(psi)!;
        process.OutputDataReceived += (_, _) => { };
        process.ErrorDataReceived += (_, _) => { };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        var deadline = DateTime.UtcNow.AddSeconds(20);
        while (DateTime.UtcNow < deadline)
        {
            if (process.HasExited) throw new InvalidOperationException($"redis-server exited with {process.ExitCode}");
            try
            {
                using var c = new TcpClient();
                await c.ConnectAsync(IPAddress.Loopback, port);
                return new LocalRedis(process, port);
            }
            catch (SocketException) { await Task.Delay(50); }
        }
        process.Kill();
        throw new TimeoutException("redis-server did not listen in 20 s");
    }

    public ValueTask DisposeAsync()
    {
        try { process.Kill(entireProcessTree: true); process.WaitForExit(); } catch (InvalidOperationException) { }
        process.Dispose();
        return ValueTask.CompletedTask;
    }
}

public static class LocalPorts
{
    public static int Free()
    {
        using var l = new TcpListener(IPAddress.Loopback, 0);
        l.Start();
        return ((IPEndPoint)l.LocalEndpoint).Port;
    }
}
