using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using Microsoft.AspNetCore.Hosting;
using MimeKit;

namespace ParIndex.Web.Tests.Infrastructure;

/// <summary>
/// A real SMTP server on loopback: Debian's python3-aiosmtpd with its Maildir handler, so the app's MailKit client
/// speaks real SMTP and every accepted message lands as a file the test can read.
/// </summary>
public sealed class SmtpSink : IDisposable
{
    private readonly Process process;

    public string MailDir { get; } = Path.Combine(Path.GetTempPath(), "parindex-smtp", Guid.NewGuid().ToString("N"));
    public int Port { get; }

    public SmtpSink()
    {
        // aiosmtpd's Mailbox handler writes into an existing Maildir.
        foreach (var sub in new[] { "new", "cur", "tmp" }) Directory.CreateDirectory(Path.Combine(MailDir, sub));
        using (var probe = new TcpListener(IPAddress.Loopback, 0))
        {
            probe.Start();
            Port = ((IPEndPoint)probe.LocalEndpoint).Port;
        }
        var python = File.Exists("/usr/bin/python3") ? "/usr/bin/python3" : "python3";
        process = Process.Start(new ProcessStartInfo(python, ["-m", "aiosmtpd", "-n", "-l", $"127.0.0.1:{Port}", "-c", "aiosmtpd.handlers.Mailbox", MailDir])
        {
            RedirectStandardError = true, RedirectStandardOutput = true,
        }) ?? throw new InvalidOperationException("python3 did not start");
        var deadline = DateTime.UtcNow.AddSeconds(15);
        while (true)
        {
            try
            {
                using var client = new TcpClient();
                client.Connect(IPAddress.Loopback, Port);
                return;
            }
            catch (SocketException) when (DateTime.UtcNow < deadline && !process.HasExited)
            {
                Thread.Sleep(100);
            }
            catch (SocketException)
            {
                throw new InvalidOperationException($"aiosmtpd did not start (is python3-aiosmtpd installed? tests/run.sh installs it): {(process.HasExited ? process.StandardError.ReadToEnd() : "")}");
            }
        }
    }

    /// <summary>Every message received so far, parsed.</summary>
    public List<MimeMessage> Messages()
    {
        var folder = Path.Combine(MailDir, "new");
        return Directory.Exists(folder) ? Directory.GetFiles(folder).Select(f => MimeMessage.Load(f)).ToList() : [];
    }

    public void Dispose()
    {
        try { process.Kill(); process.WaitForExit(5000); } catch (InvalidOperationException) { }
        process.Dispose();
        try { Directory.Delete(MailDir, true); } catch (IOException) { }
    }
}

/// <summary>The app wired to a loopback <see cref="SmtpSink"/>.</summary>
public sealed class SmtpAppFactory : ParIndexFactory
{
    public SmtpSink Smtp { get; } = new();

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        base.ConfigureWebHost(builder);
        builder.UseSetting("Smtp:Host", "127.0.0.1");
        builder.UseSetting("Smtp:Port", Smtp.Port.ToString(System.Globalization.CultureInfo.InvariantCulture));
        builder.UseSetting("Smtp:Security", "None");
        builder.UseSetting("Smtp:From", "khaosat@parindex.test");
    }

    protected override void Dispose(bool disposing)
    {
        base.Dispose(disposing);
        Smtp.Dispose();
    }
}

[CollectionDefinition(Name)]
public sealed class SmtpCollection : ICollectionFixture<SmtpAppFactory>
{
    public const string Name = "smtp";
}
