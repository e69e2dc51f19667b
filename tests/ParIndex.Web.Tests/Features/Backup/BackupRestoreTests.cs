using Microsoft.EntityFrameworkCore;
using ParIndex.Cli;
using ParIndex.Core.Domain;
using ParIndex.Web.Data;
using ParIndex.Web.Features.Backup;
using ParIndex.Web.Infrastructure;
using ParIndex.Web.Tests.Infrastructure;
using ParIndex.Web.Tests.Security;

namespace ParIndex.Web.Tests.Features.Backup;

[Collection(AppCollection.Name)]
public sealed class BackupRestoreTests(ParIndexFactory app) : IDisposable
{
    private readonly string dir = Directory.CreateTempSubdirectory("parindex-backup-").FullName;

    [Fact]
    public async Task Backup_taken_while_writes_happen_is_consistent_and_restores_with_its_rows()
    {
        var before = await app.WithDb(async db =>
        {
            db.Record("tests", "backup.marker", "Test", "before", null, null, DateTime.UtcNow);
            await db.SaveChangesAsync();
            return await db.AuditEntries.CountAsync();
        });
        using var stop = new CancellationTokenSource();
        var written = 0;
        var writer = Task.Run(async () =>
        {
            while (!stop.IsCancellationRequested)
            {
                await app.WithDb(async db => { db.Record("tests", "backup.load", "Test", written, null, new { written }, DateTime.UtcNow); return await db.SaveChangesAsync(); });
                written++;
            }
        });
        await Task.Delay(200);
        var file = Path.Combine(dir, "copy.db");
        var output = new StringWriter();
        var code = await CliProgram.Run(["backup", "--out", file, "--db", $"Data Source={app.DatabasePath}"], output, output);
        await Task.Delay(100);
        stop.Cancel();
        await writer;
        var after = await app.WithDb(db => db.AuditEntries.CountAsync());

        Assert.True(code == 0, output.ToString());
        Assert.Contains("integrity ok", output.ToString());
        Assert.True(written > 0);
        var restored = Path.Combine(dir, "restored", "parindex.db");
        code = await CliProgram.Run(["restore", "--from", file, "--db", $"Data Source={restored}"], output, output);
        Assert.True(code == 0, output.ToString());
        await using var copy = DatabaseSetup.CreateContext(new DatabaseOptions { ConnectionString = $"Data Source={restored}" });
        var count = await copy.AuditEntries.CountAsync();
        Assert.InRange(count, before, after);
        Assert.True(await copy.AuditEntries.AnyAsync(a => a.Action == "backup.marker"));
        Assert.Equal(await app.WithDb(db => db.Rounds.CountAsync()), await copy.Rounds.CountAsync());
        Assert.True(await copy.Responses.AnyAsync());
    }

    [Fact]
    public async Task Restore_refuses_a_database_in_use_without_force()
    {
        await app.WithDb(db => db.Rounds.CountAsync()); // the server has the database open: -wal/-shm exist
        var file = Path.Combine(dir, "copy.db");
        DatabaseBackup.Backup($"Data Source={app.DatabasePath}", file);

        var output = new StringWriter();
        var code = await CliProgram.Run(["restore", "--from", file, "--db", $"Data Source={app.DatabasePath}"], output, output);

        Assert.Equal(1, code);
        Assert.Contains("in use", output.ToString());
    }

    [Fact]
    public async Task Restore_refuses_a_file_that_is_not_a_sound_parindex_database()
    {
        var junk = Path.Combine(dir, "junk.db");
        await File.WriteAllBytesAsync(junk, System.Text.Encoding.UTF8.GetBytes("SQLite format 3\0 but not really"));
        var output = new StringWriter();

        var code = await CliProgram.Run(["restore", "--from", junk, "--db", $"Data Source={Path.Combine(dir, "t.db")}"], output, output);

        Assert.Equal(1, code);
        Assert.False(File.Exists(Path.Combine(dir, "t.db")));
    }

    public void Dispose()
    {
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        try { Directory.Delete(dir, true); } catch (IOException) { }
    }
}
